export default {
  test: {
    coverage: { thresholds: { lines: 30 } },
  },
};
