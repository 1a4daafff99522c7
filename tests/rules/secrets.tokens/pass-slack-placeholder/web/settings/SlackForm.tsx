export function SlackForm() {
  return (
    <input
      name="webhookUrl"
      placeholder="https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
    />
  );
}
