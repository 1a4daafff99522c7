module github.com/acme/reg

go 1.22
