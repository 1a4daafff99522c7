export const pythonSample = `
body = {
    "openAIApiKey": "sk-my-openai-1st-key",
    "anthropicApiKey": "sk-ant-your_key_2",
}
`;
