package testenv

var password = "t3stenvPass"
