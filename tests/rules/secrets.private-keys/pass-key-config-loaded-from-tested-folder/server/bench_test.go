package server

import (
	"fmt"
	"testing"
)

const configsBasePath = "./configs/tls"

func BenchmarkTLS(b *testing.B) {
	for _, kind := range []string{"rsa", "ed25519"} {
		runWith(b, fmt.Sprintf("%s/tls-%s.conf", configsBasePath, kind))
	}
}
