const http = require("http");

const db = process.env.DATABASE_URL;

http.createServer((req, res) => res.end(db ? "ok" : "")).listen(3000);
