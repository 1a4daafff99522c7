module github.com/acme/harbor

go 1.22
