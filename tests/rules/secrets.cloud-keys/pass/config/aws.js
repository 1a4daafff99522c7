module.exports = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, example: 'AKIAIOSFODNN7EXAMPLE' };
