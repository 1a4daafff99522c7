Sentry.init({ dsn: process.env.SENTRY_DSN });
