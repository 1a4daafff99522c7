package idp

var fields = map[string]string{
	config.ClientSecret: "clientSecret",
}
