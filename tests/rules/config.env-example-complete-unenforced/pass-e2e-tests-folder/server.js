const db = process.env.DATABASE_URL;
module.exports = { db };
