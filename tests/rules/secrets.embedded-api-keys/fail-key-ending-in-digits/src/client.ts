export const client = {
  user: { type: "api_key", apiKey: "key_q7Zt4mX9c" },
};
