module example.com/charttest

go 1.22
