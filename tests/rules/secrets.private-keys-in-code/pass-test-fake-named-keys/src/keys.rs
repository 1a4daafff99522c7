// Pre-generated keys for the data seeder's keypair pool.

const TEST_FAKE_RSA_KEY_0: &str = "-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZs6uVC3J+rPJ0
VqDNZ8MVuyShxv/yNYVQgnRGCrkFNcG0047yhHfbwHi1HmEuYBOQw/nCzhQtds50
-----END PRIVATE KEY-----";

const TEST_FAKE_RSA_KEY_1: &str = "-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7n4x2fTq9Lw1Z
S4jL2YRwTOXcWcLPHb70B0rbwlBiMmlS1GulEx6Dir+eKSQu5zDmzLe7QpSAlXAN
-----END PRIVATE KEY-----";
