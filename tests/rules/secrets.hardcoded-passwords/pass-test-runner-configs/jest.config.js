module.exports = {
  testEnvironment: "node",
  globals: { adminPassword: "e2eAdm1nPw" },
};
