package server

import "testing"

func TestTLSRootCA(t *testing.T) {
	connect(t, RootCAs("./configs/certs/bench-ca-cert.pem"))
}
