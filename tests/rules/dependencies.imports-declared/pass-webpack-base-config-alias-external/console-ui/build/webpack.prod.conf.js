const base = require('./webpack.base.conf');
module.exports = Object.assign({}, base, { mode: 'production' });
