// the API base is baked into the bundle at build time
export const apiBase = process.env.REACT_APP_API_URL;
export const db = process.env.DATABASE_URL;
