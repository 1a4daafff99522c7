"""An HTTP client library."""
