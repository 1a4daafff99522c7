export const backend = process.env.NEXT_PUBLIC_BACKEND_URL;
