package tlsx

const help = `
- _KEY: Base64 encoded string of the private key (PEM encoded).
	Example: _KEY="-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFDjBABgkqhkiG9w0BBQ0wMzAbBgkqhkiG9w0BBQwwDg..."
`
