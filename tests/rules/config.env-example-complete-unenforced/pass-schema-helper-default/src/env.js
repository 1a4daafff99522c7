const { z } = require("zod");

function flag() {
  return z.preprocess((s) => s === "true", z.boolean());
}

// Feature switches are off unless set.
const schema = z.object({
  DATABASE_URL: z.string().url(),
  FF_MOCK_MODE: flag().default(false),
});

module.exports = schema.parse({
  DATABASE_URL: process.env.DATABASE_URL,
  FF_MOCK_MODE: process.env.FF_MOCK_MODE,
});
