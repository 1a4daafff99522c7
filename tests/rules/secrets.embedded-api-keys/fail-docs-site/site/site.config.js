module.exports = {
  themeConfig: {
    search: {
      appId: "Q7WX2LZ3P0",
      apiKey: "5e1c8a7b3d9f2e0a4c6b8d1f3a5c7e9b",
      indexName: "product-docs",
    },
  },
};
