const path = require('path');
const resolve = dir => path.join(__dirname, '..', dir);
module.exports = {
  entry: { main: './src/index.js' },
  resolve: {
    alias: {
      '@': resolve('src'),
      utils: resolve('src/utils'),
      components: resolve('src/components'),
    },
  },
  externals: {
    lodash: '_'
  },
};
