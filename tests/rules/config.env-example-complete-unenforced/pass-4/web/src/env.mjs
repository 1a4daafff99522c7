import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const zAuthChecks = z
  .string()
  .optional()
  .transform((s) => s?.split(","));

export const env = createEnv({
  server: {
    DATABASE_URL: z.string().url(),
    AUTH_GITLAB_CLIENT_ID: z.string().optional(),
    AUTH_GITLAB_ISSUER: z
      .string()
      .url()
      .optional(),
    LANGFUSE_CACHE_TTL_SECONDS: z.coerce.number().default(60),
    AUTH_AZURE_AD_CHECKS: zAuthChecks,
  },
  runtimeEnv: {
    DATABASE_URL: process.env.DATABASE_URL,
    AUTH_GITLAB_CLIENT_ID: process.env.AUTH_GITLAB_CLIENT_ID,
    AUTH_GITLAB_ISSUER: process.env.AUTH_GITLAB_ISSUER,
    LANGFUSE_CACHE_TTL_SECONDS: process.env.LANGFUSE_CACHE_TTL_SECONDS,
    AUTH_AZURE_AD_CHECKS:
      process.env.AUTH_AZURE_AD_CHECKS ?? process.env.AUTH_AZURE_CHECKS,
  },
});
