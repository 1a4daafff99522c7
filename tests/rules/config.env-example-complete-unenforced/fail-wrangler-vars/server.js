const http = require("http");

const db = process.env.DATABASE_URL;
const analytics = process.env.ANALYTICS_ID;
console.log(analytics);

http.createServer((req, res) => res.end(db ? "ok" : "")).listen(3000);
