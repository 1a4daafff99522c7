package main

import (
	"database/sql"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-pkgz/rest"
)

func main() {
	db, _ := sql.Open("postgres", "")
	if err := db.Ping(); err != nil {
		panic(err)
	}
	router := chi.NewRouter()
	router.Use(rest.RealIP)
	router.Get("/api/notes", listNotes)
	http.ListenAndServe(":8080", router)
}
