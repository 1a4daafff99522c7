# Example of a slack oauth response to be used in tests.
# It contains NO actual tokens, copied from the slack docs.
SLACK_OAUTH_RESPONSE = {
    "ok": True,
    "access_token": "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oO",
}
