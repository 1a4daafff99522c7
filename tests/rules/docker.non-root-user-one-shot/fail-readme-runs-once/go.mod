module example.com/lintr

go 1.22
