module.exports = {
  coverageThreshold: {
    global: { lines: 80, statements: 80, branches: 70 },
  },
};
