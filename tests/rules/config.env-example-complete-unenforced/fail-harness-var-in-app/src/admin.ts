// read by the application itself, so it belongs in the example file
export const adminToken = process.env.PW_ADMIN_TOKEN;
