import { slug } from "./slug.js";

Deno.test("slug", () => {
  if (slug("A B") !== "a-b") throw new Error("bad slug");
});
