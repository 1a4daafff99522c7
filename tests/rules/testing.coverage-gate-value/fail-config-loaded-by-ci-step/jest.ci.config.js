module.exports = {
  testEnvironment: "node",
  coverageThreshold: {
    global: { lines: 40, statements: 40 },
  },
};
