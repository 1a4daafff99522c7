const test = require("node:test");
const assert = require("node:assert");

test("billing-service has a name", () => {
  assert.strictEqual(require("../package.json").name, "billing-service");
});
