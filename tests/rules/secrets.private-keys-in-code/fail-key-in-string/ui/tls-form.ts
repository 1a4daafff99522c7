// the service's own key, pasted into the code
export const serverKey =
  "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDR7cKx2Lm9pQ4vT8sW3eJ1nB6hY0fG5aZ2uX7oM\n-----END PRIVATE KEY-----";
