// The form's hint shows the shape of a token, not a token.
export const SLACK_HINT = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
export const GITHUB_HINT = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ1234567890";
export const NPM_HINT = "npm_abcdefghijklmnopqrstuvwxyz0123456789";
