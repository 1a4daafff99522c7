module.exports = {
  coverageThreshold: { global: { lines: 10 } },
};
