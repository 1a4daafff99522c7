export const db = process.env.DATABASE_URL;
export function audience(clientId: string) {
  return process.env.APPLE_APP_BUNDLE_ID
    ? [clientId, process.env.APPLE_APP_BUNDLE_ID]
    : clientId;
}
export function track(email: string, visitor: string) {
  if (email && visitor && process.env.DATAFAST_API_KEY) {
    send(process.env.DATAFAST_API_KEY);
  }
}
