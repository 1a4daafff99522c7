module.exports = {
  themeConfig: {
    algolia: {
      appId: "Q7ZP2K4L9M",
      // Public API key: it is safe to commit it
      apiKey: "b7d1c0e4f9a2863d5e1f0a7c4b9e2d31",
      indexName: "docs",
    },
  },
};
