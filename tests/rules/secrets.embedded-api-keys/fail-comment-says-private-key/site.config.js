module.exports = {
  search: {
    appId: "Q7ZP2K4L9M",
    // Admin API key for reindexing
    apiKey: "b7d1c0e4f9a2863d5e1f0a7c4b9e2d31",
  },
};
