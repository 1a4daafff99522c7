const config = { env: (c: object) => ({ ...c, STORY_API_KEY: "st0ryb00kKey" }) };
export const password = "st0ryb00kPw";
export default config;
