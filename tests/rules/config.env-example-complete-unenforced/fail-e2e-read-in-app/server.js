const db = process.env.DATABASE_URL;
const key = process.env.MAILSLURP_API_KEY;
module.exports = { db, key };
