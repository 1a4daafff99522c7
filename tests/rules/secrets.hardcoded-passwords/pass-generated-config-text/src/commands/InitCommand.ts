export class InitCommand {
  static dataSourceTemplate(): string {
    return [
      "export const AppDataSource = new DataSource({",
      '    type: "postgres",',
      '    username: "app",',
      '    password: "Kx9mQ2vLr8Tz",',
      "})",
    ].join("\n")
  }
}
