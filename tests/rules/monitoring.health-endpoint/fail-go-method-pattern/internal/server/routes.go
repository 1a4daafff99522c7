package server

import "net/http"

// Routes registers the handlers with Go 1.22 method patterns.
func Routes(mux *http.ServeMux, h *Handlers) {
	mux.HandleFunc("GET /items/{id}", h.Item)
	mux.HandleFunc("POST /items", h.CreateItem)
	mux.HandleFunc("DELETE /items/{id}", h.DeleteItem)
}
