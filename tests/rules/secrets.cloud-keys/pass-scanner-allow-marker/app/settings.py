# The documented key ID of the provider's sandbox; the scanner was told so.
SANDBOX_KEY_ID = "AKIAQ3EGRIT7BXK4NM2P"  # pragma: allowlist secret
# pragma: allowlist nextline secret
SANDBOX_SECRET_KEY_ID = "AKIAQ3EGRIT7BXK4NM2P"
