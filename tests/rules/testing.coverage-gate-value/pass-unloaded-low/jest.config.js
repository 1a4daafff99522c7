module.exports = {
  coverageThreshold: { global: { lines: 90, statements: 90 } },
};
