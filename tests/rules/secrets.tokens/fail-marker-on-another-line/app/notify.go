package app

// gitleaks:allow
var slackToken = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oO"
