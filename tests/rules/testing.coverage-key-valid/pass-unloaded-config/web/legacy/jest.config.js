module.exports = {coverageThresholds: {global: {lines: 80}}};
