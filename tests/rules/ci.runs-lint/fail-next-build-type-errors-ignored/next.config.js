module.exports = {
  typescript: { ignoreBuildErrors: true },
};
