package server

import "testing"

func TestTLSConfig(t *testing.T) {
	opts := mustLoad(t, "./configs/tls.conf")
	_ = opts
}
