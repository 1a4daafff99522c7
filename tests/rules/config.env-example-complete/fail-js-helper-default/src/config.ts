import path from 'node:path';

// no default: parseInt's second argument is the radix, path.join's a
// path segment
export const config = {
  apiUrl: import.meta.env.VITE_API_URL,
  pageSize: parseInt(import.meta.env.VITE_PAGE_SIZE, 10),
  uploads: path.join(import.meta.env.VITE_UPLOAD_ROOT, 'files'),
  // the fallback belongs to the other operand, not to the read
  retries: Number.parseInt(import.meta.env.VITE_RETRIES!, 10) + (window.extra || 0),
};
