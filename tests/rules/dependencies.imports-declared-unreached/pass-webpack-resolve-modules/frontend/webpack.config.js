const path = require("path");
const PATHS = {
  src: path.join(__dirname, "src"),
  modules: path.join(__dirname, "node_modules"),
};
module.exports = {
  entry: { app: path.join(PATHS.src, "app.js") },
  resolve: {
    modules: process.env.CUSTOM ? [PATHS.custom, PATHS.src, PATHS.modules] : [PATHS.src, PATHS.modules],
    preferRelative: true,
  },
};
