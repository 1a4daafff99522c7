module.exports = {
  themeConfig: {
    algolia: {
      appId: "8FEAOD28DI",
      apiKey: "4b07cca33ff2d2919bc95ff98f148e9e",
      indexName: "excalidraw",
    },
  },
};
