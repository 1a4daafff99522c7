package server

import "testing"

func TestTLS(t *testing.T) {
	loadKey(t, "./certs/server.key")
}
