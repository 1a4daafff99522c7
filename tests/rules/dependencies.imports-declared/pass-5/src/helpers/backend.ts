export const backend = "/api";
