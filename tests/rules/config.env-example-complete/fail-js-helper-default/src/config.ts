import path from 'node:path';

function assertSet(value: string | undefined, message: string): string {
  if (!value) throw new Error(message);
  return value;
}

// no default: parseInt's second argument is the radix, path.join's a
// path segment
export const config = {
  apiUrl: import.meta.env.VITE_API_URL,
  pageSize: parseInt(import.meta.env.VITE_PAGE_SIZE, 10),
  uploads: path.join(import.meta.env.VITE_UPLOAD_ROOT, 'files'),
  // the fallback belongs to the other operand, not to the read
  // the literal is the message of a required guard
  signingKey: assertSet(import.meta.env.VITE_SIGNING_KEY, 'VITE_SIGNING_KEY is required'),
  retries: Number.parseInt(import.meta.env.VITE_RETRIES!, 10) + (window.extra || 0),
};
