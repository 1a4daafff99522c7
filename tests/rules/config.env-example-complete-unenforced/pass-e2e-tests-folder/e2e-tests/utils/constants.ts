export const KEY = process.env.MAILSLURP_API_KEY;
