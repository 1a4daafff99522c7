const http = require("http");

const db = process.env.DATABASE_URL;
// set by the OpenTelemetry spec, systemd and the developer's dev server
const otlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const notify = process.env.NOTIFY_SOCKET;
const devBackend = process.env.DEVELOPMENT_BACKEND_URL;
console.log(otlp, notify, devBackend);

http.createServer((req, res) => res.end(db ? "ok" : "")).listen(3000);
