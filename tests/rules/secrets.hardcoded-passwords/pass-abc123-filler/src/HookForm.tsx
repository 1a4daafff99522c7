export const sampleEvent = {
  userId: "key_abc123",
  user: { type: "api_key", apiKey: "key_abc123" },
};
