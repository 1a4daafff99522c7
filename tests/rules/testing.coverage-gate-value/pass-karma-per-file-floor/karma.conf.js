module.exports = function (config) {
  config.set({
    frameworks: ["jasmine"],
    files: ["src/**/*.js"],
    preprocessors: { "src/**/!(*.spec).js": ["coverage"] },
    reporters: ["progress", "coverage"],
    coverageReporter: {
      type: "lcov",
      check: {
        global: {
          statements: 85,
          lines: 85,
        },
        each: {
          statements: 0,
          lines: 0,
        },
      },
    },
  });
};
