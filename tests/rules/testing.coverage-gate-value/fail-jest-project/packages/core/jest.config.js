module.exports = {
  coverageThreshold: { global: { lines: 40 } },
};
