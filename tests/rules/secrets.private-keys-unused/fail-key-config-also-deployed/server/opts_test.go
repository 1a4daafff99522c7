package server

import "testing"

func TestTLSConfig(t *testing.T) { mustLoad(t, "./configs/tls.conf") }
