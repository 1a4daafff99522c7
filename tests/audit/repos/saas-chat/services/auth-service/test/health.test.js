const test = require("node:test");
const assert = require("node:assert");

test("auth-service has a name", () => {
  assert.strictEqual(require("../package.json").name, "auth-service");
});
