package app

import "testing"

func TestTLS(t *testing.T) { load(t, "../deploy/certs/app.key") }
