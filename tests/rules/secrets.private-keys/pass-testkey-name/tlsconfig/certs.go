package tlsconfig
