package web

// The DSN comes from the service's configuration file (sentry.dsn).
func pageData(cfg Config) map[string]string {
	return map[string]string{"SENTRY_DSN": cfg.Sentry.DSN}
}
