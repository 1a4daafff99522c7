const dev = process.env.NODE_ENV !== "production";
const db = process.env.DATABASE_URL;
module.exports = { dev, db };
