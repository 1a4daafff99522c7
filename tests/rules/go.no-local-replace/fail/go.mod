module x

replace github.com/acme/lib => ../lib
