const http = require("http");

const db = process.env.DATABASE_URL;
// set by the OpenTelemetry spec, systemd and the developer's dev server
const otlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const notify = process.env.NOTIFY_SOCKET;
const devBackend = process.env.DEVELOPMENT_BACKEND_URL;
// the Windows and desktop session's, gRPC's own logging
const programData = process.env.ProgramData;
const theme = process.env.GTK_THEME;
const grpcLog = process.env.GRPC_GO_LOG_SEVERITY_LEVEL;
console.log(programData, theme, grpcLog);
console.log(otlp, notify, devBackend);

http.createServer((req, res) => res.end(db ? "ok" : "")).listen(3000);
