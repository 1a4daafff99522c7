export default async function globalSetup() {
  const base = process.env.PW_BASE_URL;
  const admin = process.env.PW_ADMIN_TOKEN;
  return { base, admin };
}
