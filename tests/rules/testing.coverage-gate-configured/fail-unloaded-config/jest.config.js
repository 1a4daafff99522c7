module.exports = {
  coverageThreshold: { global: { lines: 90 } },
};
