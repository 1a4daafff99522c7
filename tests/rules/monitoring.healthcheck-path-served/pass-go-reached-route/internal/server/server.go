package server

import (
	"net/http"

	"example.com/shop/internal/legacy"
)

// New routes the API.
func New() http.Handler {
	mux := http.NewServeMux()
	legacy.Register(mux)
	mux.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("[]"))
	})
	return mux
}
