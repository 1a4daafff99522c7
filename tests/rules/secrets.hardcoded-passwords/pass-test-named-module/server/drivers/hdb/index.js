module.exports = { testConnection: async () => true };
