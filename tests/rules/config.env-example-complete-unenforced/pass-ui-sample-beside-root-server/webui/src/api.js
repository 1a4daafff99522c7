export const api = import.meta.env.VITE_APP_BASE_API_URL;
