// Unit tests (run using npm test)
module.exports = { tests: [ function start(test) { test.ok(true); test.done(); } ] };
