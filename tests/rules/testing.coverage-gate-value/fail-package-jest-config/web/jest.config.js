module.exports = {
  testEnvironment: "jsdom",
  coverageThreshold: {
    global: { lines: 50, statements: 50 },
  },
};
