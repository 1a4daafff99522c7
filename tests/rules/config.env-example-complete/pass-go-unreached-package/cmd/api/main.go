package main

import (
	"log"
	"net/http"

	"example.com/shop/internal/db"
)

func main() {
	log.Println(db.URL())
	log.Fatal(http.ListenAndServe(":8080", nil))
}
