package app

import "testing"

func TestTLS(t *testing.T) { load(t, "../certs/server.key") }
