module.exports = {
  coverageThreshold: { global: { lines: 20 } },
};
