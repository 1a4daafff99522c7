export const title = import.meta.env.VITE_APP_TITLE;
