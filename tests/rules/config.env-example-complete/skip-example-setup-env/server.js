const url = process.env.APP_URL;
const secret = process.env.SESSION_SECRET;
module.exports = { url, secret };
