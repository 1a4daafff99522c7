package main

import (
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

func listenAddr() string {
	addr := os.Getenv("API_LISTEN_ADDR")
	if addr == "" {
		return ":8080"
	}
	return addr
}

func workers() int {
	n, err := strconv.Atoi(os.Getenv("API_WORKERS"))
	if err != nil {
		n = 4
	}
	return n
}

func timeout() time.Duration {
	raw := os.Getenv("API_TIMEOUT")
	if d, err := time.ParseDuration(raw); err == nil && d > 0 {
		return d
	}
	return 30 * time.Second
}

func auditOn() bool {
	v := os.Getenv("API_AUDIT_LOG")
	return v == "" || v == "on"
}

func verbose() bool {
	return strings.EqualFold(os.Getenv("API_VERBOSE"), "true") ||
		len(os.Getenv("API_TRACE")) > 0
}

func logLevel() string {
	level := "warn"
	if v := strings.TrimSpace(os.Getenv("API_LOG_LEVEL")); v != "" {
		level = v
	}
	return level
}

func mode() string {
	m := strings.ToLower(os.Getenv("API_MODE"))
	if m == "" {
		m = "standard"
	}
	return m
}

// envPrefixed reads FLAG under the current and the legacy prefix.
func envPrefixed(flag string) string {
	if v := os.Getenv("APP_" + flag); v != "" {
		return v
	}
	return os.Getenv("OLDAPP_" + flag)
}

func main() {
	db := os.Getenv("DATABASE_URL")
	if db == "" {
		log.Fatal("DATABASE_URL is required")
	}
	log.Println(workers(), timeout(), auditOn(), verbose(), envPrefixed("X"))
	log.Println(logLevel(), mode())
	log.Fatal(http.ListenAndServe(listenAddr(), nil))
}
