module.exports = {
  testEnvironment: "node",
  coverageThreshold: {
    global: { lines: 85, statements: 85 },
  },
};
