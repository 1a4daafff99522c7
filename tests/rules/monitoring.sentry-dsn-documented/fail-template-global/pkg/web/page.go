package web

import "os"

// The DSN comes from the environment.
func pageData() map[string]string {
	return map[string]string{"SENTRY_DSN": os.Getenv("SENTRY_DSN")}
}
