package server

import "testing"

func BenchmarkTLS(b *testing.B) { runWith(b, "./configs/tls/tls-rsa.conf") }
