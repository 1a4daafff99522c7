// The snippet the developer page shows for the Node SDK.
export const nodeSnippet = (origin) => `
const acme = require('@acme/sdk')(
  process.env.ACME_API_KEY,
  { host: "${origin}" }
);
`;
