const { env } = require("./env");
const { cookie } = require("./cookie");
module.exports = { env, cookie };
