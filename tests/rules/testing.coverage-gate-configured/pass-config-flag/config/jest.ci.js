module.exports = {
  coverageThreshold: { global: { lines: 85, statements: 85 } },
};
