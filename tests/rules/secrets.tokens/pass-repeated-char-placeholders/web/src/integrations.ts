// hints shown in the empty fields of the integrations page
export const hints = {
  github: "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  slackBot: "xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
  stripe: "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
  gitlab: "glpat-xxxxxxxxxxxxxxxxxxxx",
  npm: "npm_000000000000000000000000000000000000",
};
