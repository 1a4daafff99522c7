const test = require("node:test");
const assert = require("node:assert");

test("analytics-service has a name", () => {
  assert.strictEqual(require("../package.json").name, "analytics-service");
});
