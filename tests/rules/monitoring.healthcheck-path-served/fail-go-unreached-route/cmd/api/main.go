package main

import (
	"log"
	"net/http"

	"example.com/shop/internal/server"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", server.New()))
}
