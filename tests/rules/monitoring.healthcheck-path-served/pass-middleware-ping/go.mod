module example.com/notes

go 1.22

require github.com/go-pkgz/rest v1.19.0
