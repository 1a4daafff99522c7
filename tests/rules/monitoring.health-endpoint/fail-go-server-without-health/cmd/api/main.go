package main

import "net/http"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/users", listUsers)
	_ = http.ListenAndServe(":8080", mux)
}
