/*
 * test_env_documented.c - the env_documented probe: reads recognised in
 * JS/TS, Python, Go and compose files, optional reads with fallbacks,
 * documented keys (also commented out), the ignore lists, exclusion, and
 * the SKIP when no example file exists.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_env_documented;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_env_documented);
  rc_ph_strings(&f->ph, "example", "**/.env.example", NULL);
  rc_ph_strings(&f->ph, "source", "**/*.{js,ts,py,go}", NULL);
  rc_ph_strings(&f->ph, "compose", "**/docker-compose*.yml", NULL);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_fixture_free(f);
  return 0;
}

static void write_example(struct rc_ph_fixture *f)
{
  rc_test_write(f->repo.root, ".env.example",
                "# Database\nDATABASE_URL=\nexport JWT_SECRET=\n"
                "# SENTRY_DSN=\n");
}

static void check(struct rc_ph_fixture *f)
{
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
}

static void test_documented_passes(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "src/a.ts",
                "const a = process.env.DATABASE_URL;\n"
                "const b = process.env['JWT_SECRET'];\n"
                "const c = process.env.SENTRY_DSN;\n"
                "const p = process.env.PORT;\n"
                "const l = process.env.LOG_LEVEL || 'info';\n"
                "const m = process.env.MODE ?? 'x';\n");
  rc_test_write(f->repo.root, "app.py",
                "import os\nx = os.getenv(\"TIMEOUT\", \"5\")\n"
                "y = os.environ.get('RETRIES', 3)\n");
  rc_test_write(f->repo.root, "docker-compose.yml",
                "services:\n  a:\n    environment:\n      X: ${LEVEL:-info}\n"
                "      Y: $${NOT_A_VAR}\n      Z: ${DATABASE_URL:?}\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "all 3 required variables are documented");
}

static void test_each_language(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "web/a.js", "x = process.env[\"STRIPE_KEY\"]\n");
  rc_test_write(f->repo.root, "web/b.ts",
                "\n\ny = import.meta.env.VITE_API_URL\n");
  /* os.getenv / os.environ.get / os.LookupEnv tolerate absence by design:
   * optional; a commented-out read reads nothing */
  rc_test_write(f->repo.root, "api/s.py",
                "import os\nA = os.environ['REDIS_URL']\n"
                "B = os.getenv(\"SMTP_HOST\")\n"
                "C = os.environ.get('SENTRY_DSN')\n"
                "# D = os.environ['OLD_KEY']\n");
  rc_test_write(f->repo.root, "cmd/main.go",
                "v := os.Getenv(\"GO_TOKEN\")\nw, ok := "
                "os.LookupEnv(\"GO_OPT\")\n"
                "// x := os.Getenv(\"GO_OLD\")\n");
  rc_test_write(f->repo.root, "docker-compose.prod.yml",
                "x: ${DB_PASSWORD:?set}\ny: ${PLAIN}\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "6 of 6 variables read"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "VITE_API_URL"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "STRIPE_KEY"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "REDIS_URL"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "SMTP_HOST"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "SENTRY_DSN"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "OLD_KEY"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "GO_TOKEN"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "GO_OPT"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "GO_OLD"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "DB_PASSWORD"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "PLAIN"));
}

/* A read that tests presence or compares with a string makes the variable
 * optional in its file; a negated test (the usual "required" guard) and a
 * bare use do not. Platform variables (XDG_*) are never required. */
static void test_presence_tests(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "src/db.ts",
                "if (process.env.POSTGRES_URL) {\n"
                "  url = process.env.POSTGRES_URL;\n}\n"
                "const dbg = process.env.DEBUG_PDF === '1';\n"
                "const r = process.env.REPLICAS ? a : b;\n"
                "const s = process.env.S3_BUCKET && upload();\n"
                "if (!process.env.JWT_KEY) throw new Error('JWT_KEY');\n"
                "const k = process.env.JWT_KEY;\n"
                "if (process.env.ONE === undefined) throw 1;\n"
                "verify(process.env.SIGNING_KEY);\n"
                "const cfg = process.env.XDG_CONFIG_HOME;\n");
  rc_test_write(f->repo.root, "src/other.ts",
                "const u = process.env.POSTGRES_URL;\n");
  rc_test_write(
      f->repo.root, "settings.py",
      "import os\nif \"DJANGO_SECRET_KEY\" in os.environ:\n"
      "    SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n"
      "if 'GS_BUCKET' in  os.environ:\n"
      "    B = os.getenv('GS_BUCKET')\n    P = os.environ['GS_PROJECT']\n");
  rc_test_write(f->repo.root, "config/file.go",
                "if p := os.Getenv(\"CONFIG_FILE\"); p != \"\" {\n}\n"
                "if os.Getenv(\"TRACE\") != \"\" {\n}\n"
                "if os.Getenv(\"API_TOKEN\") == \"\" {\n  log.Fatal()\n}\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "6 of 6 variables read"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "GS_PROJECT"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "DJANGO_SECRET_KEY"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "GS_BUCKET "));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "API_TOKEN"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "CONFIG_FILE"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "TRACE"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "JWT_KEY"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "ONE"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "SIGNING_KEY"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "POSTGRES_URL"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "DEBUG_PDF"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "REPLICAS"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "S3_BUCKET"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "XDG_CONFIG_HOME"));
}

/* Formatted code puts the ternary `?` on the next line, and a variable is
 * often the last term of an `if (a && ...)` condition: both test presence.
 * A read passed as an argument after `&&` elsewhere stays required. */
static void test_presence_tests_across_lines(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "src/auth.ts",
                "const aud = process.env.APPLE_BUNDLE_ID\n"
                "  ? [id, process.env.APPLE_BUNDLE_ID]\n  : id;\n"
                "if (email && visitor && process.env.DATAFAST_KEY) {\n}\n"
                "if (\n  email &&\n  process.env.TRACK_KEY\n) {\n}\n"
                "const t = process.env.OPT_TOKEN\n  ?? 'none';\n"
                "const x = ok && process.env.MAIL_HOST;\n"
                "send(ok && a, process.env.MAIL_PASS);\n"
                "const on = !!process.env.KIE_KEY;\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "2 of 2 variables read"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "MAIL_HOST"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "MAIL_PASS"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "APPLE_BUNDLE_ID"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "DATAFAST_KEY"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "TRACK_KEY"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "OPT_TOKEN"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "KIE_KEY"));
}

/* A zod schema in the same file (t3-env) marks variables optional with
 * `.optional()` or `.default(...)`, also when the chain spans lines; a
 * plain `z.string()` stays required. */
static void test_zod_schema(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(
      f->repo.root, "web/src/env.ts",
      "const zChecks = z\n  .string()\n  .optional();\n"
      "export const env = createEnv({\n  server: {\n"
      "    AUTH_CHECKS: zChecks,\n"
      "    AUTH_ID: z.string().optional(),\n"
      "    AUTH_ISSUER: z\n      .string()\n      .url()\n"
      "      .optional(),\n"
      "    PORT: z.coerce.number().default(3000),\n"
      "    REDIS_URL: z.string().url(),\n"
      "    LOG_FORMAT: z.enum([\"a\", \"b\"]),\n  },\n"
      "  runtimeEnv: {\n"
      "    AUTH_ID: process.env.AUTH_ID,\n"
      "    AUTH_ISSUER: process.env.AUTH_ISSUER,\n"
      "    PORT: process.env.PORT,\n"
      "    REDIS_URL: process.env.REDIS_URL,\n"
      "    LOG_FORMAT: process.env.LOG_FORMAT,\n"
      "    AUTH_CHECKS: process.env.AUTH_CHECKS,\n"
      "    AUTH_ID2: process.env.AUTH_ID ?? process.env.OLD_AUTH_ID,\n"
      "  },\n});\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "2 of 2 variables read"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "REDIS_URL"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "LOG_FORMAT"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "AUTH_ID"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "AUTH_ISSUER"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "PORT"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "AUTH_CHECKS"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "OLD_AUTH_ID"));
}

/* A read inside `if (process.env.OTHER) { ... }` is used only when OTHER
 * is set, and an alias tested on its own (`!!key`) handles absence; a
 * block run when NODE_ENV equals "production" guards nothing, nor does an
 * else block or a term of a longer condition. */
static void test_guarded_reads(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "src/feat.ts",
                "if (ready && process.env.PH_KEY) {\n"
                "  init({ host: process.env.PH_HOST });\n"
                "} else {\n  use(process.env.ELSE_VAR);\n}\n"
                "if (process.env.NODE_ENV === 'production') {\n"
                "  init(process.env.PROD_KEY);\n}\n"
                "if (!process.env.NEG_KEY) {\n  warn(process.env.NEG_USE);\n}\n"
                "const site = process.env.SITE_KEY;\n"
                "const on = !!site;\n"
                "const both = process.env.BOTH_A;\n"
                "const ok = x && both ? 1 : 0;\n"
                "let sw = process.env.LET_SW;\nif (sw) {\n}\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "ELSE_VAR"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "PROD_KEY"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "NEG_USE"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "BOTH_A"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "LET_SW"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "PH_HOST"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "PH_KEY"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "SITE_KEY"));
}

/* A variable a package's env schema declares optional (also through a
 * schema constant) is optional where another file of that package reads
 * it raw, not in another package. */
static void test_schema_optional_everywhere(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "apps/web/src/env.ts",
                "const s = z.object({\n"
                "  COOKIE_DOMAIN: domainSchema.optional(),\n"
                "  SLACK_SECRET: z.string().optional(),\n"
                "  API_URL: z.string().url(),\n});\n");
  rc_test_write(f->repo.root, "apps/web/src/cookie.ts",
                "const c = { domain: process.env.COOKIE_DOMAIN };\n"
                "const u = process.env.API_URL;\n");
  rc_test_write(f->repo.root, "packages/api/src/slack.ts",
                "const k = process.env.SLACK_SECRET;\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "API_URL"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "SLACK_SECRET"));
  /* one item for the example file, listing what it misses */
  assert_true(rc_ph_has_ev(&f->c, ".env.example", 0,
                           "2 variables the code reads are not in this "
                           "example env file: API_URL, SLACK_SECRET"));
  assert_int_equal(f->c.n_ev, 1);
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "COOKIE_DOMAIN"));
}

/* Python: a read inside `if "OTHER" in os.environ:` (also with the
 * header in parentheses over lines) or `if os.getenv("OTHER"):` is
 * guarded; `not in`, `not os.getenv(...)` and a comparison are not. */
static void test_python_guarded_reads(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "settings.py",
                "import os\n"
                "if (\n    \"CDN_TOKEN\" in os.environ\n):\n"
                "    Z = {\n        \"z\": os.environ[\"CDN_ZONE\"],\n    }\n"
                "if os.getenv(\"RELAY\"):\n"
                "    P = os.environ[\"RELAY_PASS\"]\n"
                "if \"X\" not in os.environ:\n"
                "    Q = os.environ[\"NOT_IN_VAR\"]\n"
                "if os.getenv(\"ENV\") == \"prod\":\n"
                "    R = os.environ[\"PROD_VAR\"]\n"
                "if not os.environ.get(\"A\"):\n"
                "    S = os.environ[\"NOT_GET_VAR\"]\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "NOT_IN_VAR"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "PROD_VAR"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "NOT_GET_VAR"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "CDN_ZONE"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "RELAY_PASS"));
}

static void test_ignore_and_exclude(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "src/a.js",
                "a = process.env.FEATURE_X\nb = process.env.FEATURE_Y\n");
  rc_test_write(f->repo.root, "test/a.test.js", "a = process.env.TEST_ONLY\n");
  rc_ph_strings(&f->ph, "ignore", "FEATURE_*", NULL);
  rc_ph_strings(&f->ph, "exclude", "test/**", NULL);
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

/* An ignore list leaves out what it names and nothing else. */
static void test_ignore_keeps_the_rest(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "src/a.js",
                "a = process.env.FEATURE_X\nb = process.env.NOT_IGNORED\n");
  rc_ph_strings(&f->ph, "ignore", "FEATURE_*", NULL);
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "NOT_IGNORED"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "FEATURE_X"));
}

static void test_no_example_is_skip(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "src/a.js", "a = process.env.X\n");
  rc_ph_repo_index(&f->repo);
  char msg[256];
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_env_documented.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_SKIP);
}

/* Compared only with an example file for local development, the evidence
 * says so: the variable may be one only production needs. */
static void test_dev_example_named(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "web/.env.example",
                "NODE_ENV=development\nDATABASE_URL=postgres://localhost/a\n");
  rc_test_write(f->repo.root, "web/a.js", "a = process.env.STRIPE_KEY\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "web/.env.example", 0,
                           "1 variable the code reads is not in this example "
                           "env file; the example files are for local "
                           "development only: STRIPE_KEY"));
  /* a production example next to it: compared with both, nothing said */
  rc_test_write(f->repo.root, ".env.example", "APP_ENV=production\n");
  check(f);
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "local development"));
}

/* What each package's example file misses is one item at that file,
 * naming the variables: a reviewer reads one incomplete file, not a
 * finding per variable. */
static void test_one_item_per_example(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "apps/web/package.json", "{\"name\":\"web\"}\n");
  rc_test_write(f->repo.root, "apps/web/.env.example", "API_URL=\n");
  rc_test_write(f->repo.root, "apps/web/src/a.ts",
                "a = process.env.API_URL;\nb = process.env.WEB_KEY;\n"
                "c = process.env.WEB_SECRET;\n");
  rc_test_write(f->repo.root, "apps/api/package.json", "{\"name\":\"api\"}\n");
  rc_test_write(f->repo.root, "apps/api/.env.example", "DATABASE_URL=\n");
  rc_test_write(f->repo.root, "apps/api/src/b.ts",
                "d = process.env.DATABASE_URL;\ne = process.env.API_TOKEN;\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, "apps/web/.env.example", 0,
                           "2 variables the code reads are not in this "
                           "example env file (nor in the other example env "
                           "files): WEB_KEY, WEB_SECRET"));
  assert_true(rc_ph_has_ev(&f->c, "apps/api/.env.example", 0, ": API_TOKEN"));
}

/* A Go read the code tests or completes with a default is optional; one
 * whose absence ends the program (log.Fatal, an error returned) and one
 * used as it is are required. */
static void test_go_defaults(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "cmd/main.go",
                "func a() string {\n"
                "\taddr := os.Getenv(\"OPT_ADDR\")\n"
                "\tif addr == \"\" {\n\t\taddr = \":80\"\n\t}\n"
                "\treturn addr\n}\n"
                "func b() {\n"
                "\tkey := os.Getenv(\"REQ_KEY\")\n"
                "\tif key == \"\" {\n\t\tlog.Fatal(\"REQ_KEY\")\n\t}\n"
                "\tn, err := strconv.Atoi(os.Getenv(\"REQ_N\"))\n"
                "\tif err != nil {\n\t\treturn nil, err\n\t}\n"
                "\tm, err := strconv.Atoi(os.Getenv(\"OPT_N\"))\n"
                "\tif err != nil {\n\t\tm = 4\n\t}\n"
                "\tif os.Getenv(\"OPT_FLAG\") == \"true\" {\n\t}\n"
                "\tif len(os.Getenv(\"OPT_SKIP\")) > 0 {\n\t}\n"
                "\tdb := os.Getenv(\"REQ_DB\")\n"
                "\tuse(db, n, m, os.Getenv(\"PFX_\" + name))\n}\n");
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "REQ_KEY"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "REQ_N"));
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "REQ_DB"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "OPT_"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "PFX_"));
  assert_non_null(strstr(f->c.message, "3 of 3 variables read"));
}

/* A variable a docs page names passes, and the evidence says where. */
static void test_docs_named(void **state)
{
  struct rc_ph_fixture *f = *state;
  write_example(f);
  rc_test_write(f->repo.root, "web/a.js", "a = process.env.VITE_TITLE\n");
  rc_test_write(f->repo.root, "docs/configuration.md",
                "| `VITE_TITLE` | the page title |\n");
  rc_ph_strings(&f->ph, "docs", "docs/**/*.md", NULL);
  check(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_true(rc_ph_has_ev(&f->c, "docs/configuration.md", 0,
                           "VITE_TITLE (read at web/a.js:1) is documented "
                           "here"));
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  struct rc_ph ph;
  char msg[256];
  rc_ph_init(&ph, &rc_probe_env_documented);
  rc_ph_strings(&ph, "example", ".env.example", NULL);
  assert_int_equal(rc_ph_validate(&ph, msg, sizeof(msg)), -1);
  assert_non_null(strstr(msg, "'source' or 'compose'"));
  rc_ph_release(&ph);
  (void)f;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_documented_passes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_each_language, setup, teardown),
      cmocka_unit_test_setup_teardown(test_presence_tests, setup, teardown),
      cmocka_unit_test_setup_teardown(test_presence_tests_across_lines, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_zod_schema, setup, teardown),
      cmocka_unit_test_setup_teardown(test_guarded_reads, setup, teardown),
      cmocka_unit_test_setup_teardown(test_schema_optional_everywhere, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_python_guarded_reads, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_ignore_and_exclude, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ignore_keeps_the_rest, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_no_example_is_skip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dev_example_named, setup, teardown),
      cmocka_unit_test_setup_teardown(test_one_item_per_example, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_go_defaults, setup, teardown),
      cmocka_unit_test_setup_teardown(test_docs_named, setup, teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
