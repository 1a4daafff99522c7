describe("login", () => { it("works", () => {}); });
