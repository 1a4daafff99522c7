module.exports = {
  accessKeyId: 'AKIAQ3EGRIT7BXK4NM2P',
  secretAccessKey: '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',
};
