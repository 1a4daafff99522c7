const http = require("http");

const stripe = process.env.STRIPE_SECRET_KEY;
const db = process.env.DATABASE_URL;

http.createServer((req, res) => res.end(stripe && db ? "ok" : "")).listen(3000);
