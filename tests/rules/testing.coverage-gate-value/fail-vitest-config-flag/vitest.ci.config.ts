export default {
  test: {
    coverage: { thresholds: { lines: 60, statements: 60 } },
  },
};
