package fake

// The client the provider's tests talk to instead of a Chef server.
type ChefMockClient struct{}

var Client = struct{ Password string }{Password: "Zx9q7LmW3pTr2"}
