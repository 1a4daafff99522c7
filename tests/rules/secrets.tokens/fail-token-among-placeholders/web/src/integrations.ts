export const hints = {
  github: "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};
// the release bot's token, pasted in while debugging
export const releaseToken = "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";
