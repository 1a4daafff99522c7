package main

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// Every setting below must be set: the service refuses to start without.
func smtpHost() (string, error) {
	host := os.Getenv("SMTP_HOST")
	if host == "" {
		return "", errors.New("SMTP_HOST is not set")
	}
	return host, nil
}

func workers() (int, error) {
	n, err := strconv.Atoi(os.Getenv("API_WORKERS"))
	if err != nil {
		return 0, fmt.Errorf("API_WORKERS: %w", err)
	}
	return n, nil
}

func main() {
	db := os.Getenv("DATABASE_URL")
	if db == "" {
		log.Fatal("DATABASE_URL is required")
	}
	signing := strings.TrimSpace(os.Getenv("API_SIGNING_KEY"))
	if signing == "" {
		log.Fatal("API_SIGNING_KEY is required")
	}
	host, err := smtpHost()
	if err != nil {
		log.Fatal(err)
	}
	n, err := workers()
	if err != nil {
		log.Fatal(err)
	}
	log.Println(len(signing), host, n)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
