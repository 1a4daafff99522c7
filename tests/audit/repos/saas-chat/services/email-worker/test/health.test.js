const test = require("node:test");
const assert = require("node:assert");

test("email-worker has a name", () => {
  assert.strictEqual(require("../package.json").name, "email-worker");
});
