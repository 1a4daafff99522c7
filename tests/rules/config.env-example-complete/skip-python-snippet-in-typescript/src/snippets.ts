// shown to users on the onboarding page: Python they paste into their app
export const pythonSnippet = [
  'import os',
  'client = Client(api_key=os.environ["PARTNER_API_KEY"])',
].join('\n');
