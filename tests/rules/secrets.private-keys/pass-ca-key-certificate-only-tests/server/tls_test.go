package server

import "testing"

// The test CA signed the server certificates; its key is kept beside it.
func TestTLSRootCA(t *testing.T) {
	connect(t, RootCAs("./configs/certs/bench-ca-cert.pem"))
}
