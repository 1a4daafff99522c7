package rules

// Samples the slack rule must find, each checked by the scanner's own tests.
var slackSamples = []string{
	`"bot_token1": "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oO"`, // gitleaks:allow
	`"bot_token2": "xoxb-27653672481-29874698323-qdFZKVeTuE8sk7oP"`, // trufflehog:ignore
}
