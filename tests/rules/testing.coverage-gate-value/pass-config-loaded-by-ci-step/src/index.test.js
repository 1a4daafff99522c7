const f = require("./index");
test("ok", () => expect(f()).toBe("ok"));
