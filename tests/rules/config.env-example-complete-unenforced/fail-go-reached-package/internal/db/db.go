package db

import (
	"log"
	"os"
)

// URL is the database the API uses; it refuses to start without.
func URL() string {
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		log.Fatal("DATABASE_URL is required")
	}
	return u
}
