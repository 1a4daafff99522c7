const http = require("http");

const db = process.env.DATABASE_URL;
const emit = process.env.GENERATE_SCHEMA;
console.log(emit === "1" ? "schema" : "");

http.createServer((req, res) => res.end(db ? "ok" : "")).listen(3000);
