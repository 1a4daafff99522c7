module example.com/vote

go 1.22
