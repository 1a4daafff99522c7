// The server renders the DSN into the page; the browser reads it from there.
declare global {
  interface Window {
    SENTRY_DSN?: string;
  }
}
export const dsn = window.SENTRY_DSN ?? "";
