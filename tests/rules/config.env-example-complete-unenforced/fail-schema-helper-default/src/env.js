const { z } = require("zod");

// Required in production, optional in development: production needs it.
function requiredInProduction() {
  return process.env.NODE_ENV === "production"
    ? z.string().min(1)
    : z.string().min(1).optional();
}

const schema = z.object({
  DATABASE_URL: z.string().url(),
  AUTH_SECRET: requiredInProduction(),
});

module.exports = schema.parse({
  DATABASE_URL: process.env.DATABASE_URL,
  AUTH_SECRET: process.env.AUTH_SECRET,
});
