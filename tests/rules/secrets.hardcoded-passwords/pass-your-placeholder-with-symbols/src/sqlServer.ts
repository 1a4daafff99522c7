export const CONFIG_YAML = `receivers:
  sqlserver:
    username: otel
    password: "YourStrong@Passw0rd"
`;
