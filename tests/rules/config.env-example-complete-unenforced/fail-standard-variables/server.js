const http = require("http");

const db = process.env.DATABASE_URL;
const otlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
// the project's own name for its collector: operators must set it
const collector = process.env.TRACE_COLLECTOR_URL;
console.log(otlp, collector);

http.createServer((req, res) => res.end(db ? "ok" : "")).listen(3000);
