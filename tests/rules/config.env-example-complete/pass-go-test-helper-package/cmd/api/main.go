package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	db := os.Getenv("DATABASE_URL")
	if db == "" {
		log.Fatal("DATABASE_URL is required")
	}
	log.Fatal(http.ListenAndServe(":8080", nil))
}
