export function SlackForm() {
  return (
    <input
      name="webhookUrl"
      defaultValue="https://hooks.slack.com/services/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"
    />
  );
}
