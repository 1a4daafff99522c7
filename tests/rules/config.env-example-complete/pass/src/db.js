const url = process.env.DATABASE_URL;
const port = process.env.PORT || 3000;
const level = process.env.LOG_LEVEL ?? "info";
const dsn = process.env["SENTRY_DSN"];
