# The bot token of the production workspace.
# Rotated every quarter.
SLACK_CONFIG = {
    "ok": True,
    "access_token": "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oO",
}
