package main

import "net/http"

func main() {
	http.HandleFunc("/api/alerts", func(w http.ResponseWriter, r *http.Request) {})
	http.ListenAndServe(":8080", nil)
}
