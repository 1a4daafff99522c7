module x

replace github.com/a/b => github.com/c/b v1.0.0
