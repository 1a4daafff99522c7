module.exports = { token: "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" };
