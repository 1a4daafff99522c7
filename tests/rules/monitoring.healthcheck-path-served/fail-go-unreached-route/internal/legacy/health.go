// Package legacy is the old router, kept for reference.
package legacy

import "net/http"

func Register(mux *http.ServeMux) {
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})
}
