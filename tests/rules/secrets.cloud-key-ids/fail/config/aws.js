module.exports = { accessKeyId: 'AKIAQ3EGRIT7BXK4NM2P' };
