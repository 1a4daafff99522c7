package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-pkgz/rest"
)

func main() {
	router := chi.NewRouter()
	router.Use(rest.RealIP, rest.Ping)
	router.Get("/api/notes", listNotes)
	http.ListenAndServe(":8080", router)
}
