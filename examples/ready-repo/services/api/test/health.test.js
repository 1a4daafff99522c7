test("health route is registered", () => {
  expect(require("fs").readFileSync(__dirname + "/../src/server.js", "utf8")).toMatch("/health");
});
