module.exports = {
  coverageThreshold: { global: { lines: 80 } },
  projects: ['<rootDir>/packages/core/jest.config.js'],
};
