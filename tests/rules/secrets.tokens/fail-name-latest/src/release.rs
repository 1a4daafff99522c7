// Token of the bot that publishes the latest release.
const LATEST_RELEASE_TOKEN: &str = "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"; // see https://example.org/#tokens
