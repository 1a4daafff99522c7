package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	// the ACME client's CA override, documented with the ACME settings
	ca := os.Getenv("ACME_CA_SERVER_NAME")
	if ca == "" {
		log.Fatal("ACME_CA_SERVER_NAME is required")
	}
	log.Fatal(http.ListenAndServe(":8080", http.FileServer(http.Dir("webui/dist"))))
}
