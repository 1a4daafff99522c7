const test = require("node:test");
const assert = require("node:assert");

test("orchestrator-service has a name", () => {
  assert.strictEqual(require("../package.json").name, "orchestrator-service");
});
