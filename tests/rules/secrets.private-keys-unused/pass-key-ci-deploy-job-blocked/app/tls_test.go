package app

import "testing"

func TestKey(t *testing.T) { load(t, "../etc/app-io.key") }
