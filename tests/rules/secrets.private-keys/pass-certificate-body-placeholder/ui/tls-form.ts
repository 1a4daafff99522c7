// shown in the empty textareas of the TLS settings form
export const certificateHint =
  "-----BEGIN CERTIFICATE-----\nMIIDqzCCApOgAwIBAgIUWk3pL9vT2eQ8xR1bN6mC4hJ7sYcwDQYJKoZIhvcNAQELBQAwZTELMAkGA1UEBhMCWFgx\n-----END CERTIFICATE-----";
export const privateKeyHint =
  "-----BEGIN PRIVATE KEY-----\nMIIDqzCCApOgAwIBAgIUWk3pL9vT2eQ8xR1bN6mC4hJ7sYcwDQYJKoZIhvcNAQELBQAwZTELMAkGA1UEBhMCWFgx\n-----END PRIVATE KEY-----";
