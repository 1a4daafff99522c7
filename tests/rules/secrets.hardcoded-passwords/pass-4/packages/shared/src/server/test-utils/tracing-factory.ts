export const trace = {
  ingestion_api_key: "sk-lf-1234567890abcdef",
};
