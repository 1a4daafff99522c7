package main

import (
	"log"
	"net/http"

	"example.com/shop/internal/db"
	"example.com/shop/internal/search"
)

func main() {
	log.Println(db.URL(), search.Batch())
	log.Fatal(http.ListenAndServe(":8080", nil))
}
