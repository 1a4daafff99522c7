const test = require("node:test");
const assert = require("node:assert");

test("chat-service has a name", () => {
  assert.strictEqual(require("../package.json").name, "chat-service");
});
