const db = process.env.DATABASE_URL;
const secret = process.env.SESSION_SECRET;
module.exports = { db, secret };
