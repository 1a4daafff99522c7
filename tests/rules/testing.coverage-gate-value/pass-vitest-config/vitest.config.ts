export default {
  test: {
    coverage: { thresholds: { lines: 85, statements: 85 } },
  },
};
