package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	dsn := os.Getenv("DATABASE_DSN")
	if dsn == "" {
		log.Fatal("DATABASE_DSN is required")
	}
	_ = dsn
	log.Fatal(http.ListenAndServe(":8080", nil))
}
