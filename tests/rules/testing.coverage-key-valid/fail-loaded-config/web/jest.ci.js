module.exports = {
  coverageTreshold: {global: {lines: 80}},
};
