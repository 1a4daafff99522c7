const { z } = require("zod");

const domainSchema = z.string().regex(/^\./);

// The service's settings: what is required and what may be left unset.
const schema = z.object({
  DATABASE_URL: z.string().url(),
  COOKIE_DOMAIN: domainSchema.optional(),
});

const env = schema.parse({
  DATABASE_URL: process.env.DATABASE_URL,
  COOKIE_DOMAIN: process.env.COOKIE_DOMAIN || undefined,
});

module.exports = { env };
