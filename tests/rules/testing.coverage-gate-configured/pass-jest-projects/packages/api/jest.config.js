module.exports = {
  displayName: "api",
  coverageThreshold: { global: { lines: 80 } },
};
