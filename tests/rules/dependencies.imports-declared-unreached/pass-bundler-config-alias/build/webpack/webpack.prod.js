const path = require('path')

module.exports = {
  entry: './client/pages/dashboard.js',
  resolve: {
    alias: {
      'graph': path.join(process.cwd(), 'client/graph')
    }
  }
}
