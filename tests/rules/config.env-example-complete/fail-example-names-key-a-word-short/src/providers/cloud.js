class CloudLLM {
  constructor() {
    if (!process.env.CLOUD_LLM_API_KEY)
      throw new Error('CLOUD_LLM_API_KEY is required for the cloud provider.');
    if (!process.env.CLOUD_LLM_REGION)
      throw new Error('CLOUD_LLM_REGION is required for the cloud provider.');
    this.key = process.env.CLOUD_LLM_API_KEY;
  }
  async chat(body) {
    return { key: !!this.key, body };
  }
}
module.exports = { CloudLLM };
