export function KeyForm() {
  return (
    <pre>{`{
  "type": "service_account",
  "project_id": "<project_id>",
  "private_key": "<private_key>",
}`}</pre>
  );
}
export const placeholder = '{"type": "service_account", ...}';
