export const version = process.env.NEXT_PUBLIC_APP_VERSION;
export const api = process.env.NEXT_PUBLIC_API_URL;
