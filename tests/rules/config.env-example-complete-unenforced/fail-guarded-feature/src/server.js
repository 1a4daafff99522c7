const db = process.env.DATABASE_URL;
require("./analytics");
module.exports = { db };
