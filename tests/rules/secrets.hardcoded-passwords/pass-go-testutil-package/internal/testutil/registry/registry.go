package registry

// NewAuth starts a throwaway registry for the tests with a known login.
func NewAuth() (string, string) {
	username := "tester"
	password := "Kq7vRw2pLm9x"
	return username, password
}
