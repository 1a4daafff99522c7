export enum Authenticator {
  OnePassword = "bada5566-a7aa-401f-bd96-45619a55120d",
}
