module example.com/backup

go 1.22

require github.com/gorilla/mux v1.7.0 // indirect
