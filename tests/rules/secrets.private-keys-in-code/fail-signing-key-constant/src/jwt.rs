// Signs the session tokens (latest key, rotated yearly).
const SIGNING_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZs6uVC3J+rPJ0
VqDNZ8MVuyShxv/yNYVQgnRGCrkFNcG0047yhHfbwHi1HmEuYBOQw/nCzhQtds50
-----END PRIVATE KEY-----";
