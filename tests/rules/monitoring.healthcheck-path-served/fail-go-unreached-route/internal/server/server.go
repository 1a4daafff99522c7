package server

import "net/http"

// New routes the API.
func New() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("[]"))
	})
	return mux
}
