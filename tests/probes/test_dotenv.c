/*
 * test_dotenv.c - the dotenv probe: what its parser makes of real-world
 * dotenv syntax (checked through anchored patterns, since values are never
 * shown), line numbers, missing keys and files, and failing closed.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_dotenv;

/* Line numbers are part of the contract: keep this table in step. */
static const char sample[] =
    "\xEF\xBB\xBF# leading comment\r\n"             /* 1 */
    "\r\n"                                          /* 2 */
    "export DATABASE_URL=postgres://u:p@h/db\r\n"   /* 3 */
    "JWT_SECRET = \"abc\\\"def\\nline2\"  # note\n" /* 4 */
    "SINGLE='it has # hash'\n"                      /* 5 */
    "INLINE=value # comment\n"                      /* 6 */
    "EMPTY=\n"                                      /* 7 */
    "EMPTY_COMMENT= # just a comment\n"             /* 8 */
    "MULTI=\"first\n"                               /* 9 */
    "second\"\n"                                    /* 10 */
    "AFTER=after_multi\n"                           /* 11 */
    "  SPACED  =  padded value  \n"                 /* 12 */
    "DUP=one\n"                                     /* 13 */
    "DUP=two\n"                                     /* 14 */
    "NOEQ\n"                                        /* 15 */
    "BACKTICK=`bt`\n"                               /* 16 */
    "RAW='a\\nb'\n"                                 /* 17 */
    "HASHVAL=abc#def\n"                             /* 18 */
    "CRLF_QUOTED=\"x\r\ny\"\r\n"                    /* 19-20 */
    "export\tTABBED=t\n"                            /* 21 */
    "API_KEY=sk_live_abcdefghij1234567890\n";       /* 22 */

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_dotenv);
  rc_test_write(f->repo.root, ".gitignore", ".env\n");
  rc_test_write(f->repo.root, ".env", sample);
  rc_test_write(f->repo.root, ".env.example", "DATABASE_URL=\nJWT_SECRET=\n");
  rc_test_mkdir(f->repo.root, "config");
  rc_ph_repo_index(&f->repo);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  /* No value of the sample may show up, whatever was checked. */
  rc_ph_assert_absent(&f->c, "postgres://");
  rc_ph_assert_absent(&f->c, "abc");
  rc_ph_assert_absent(&f->c, "padded");
  rc_ph_assert_absent(&f->c, "sk_live");
  rc_ph_fixture_free(f);
  return 0;
}

static void run(struct rc_ph_fixture *f, const char *file, const char *key)
{
  rc_ph_string(&f->ph, "file", file);
  rc_ph_strings(&f->ph, "keys", key, NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
}

static void test_keys_present(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_string(&f->ph, "file", ".env.example");
  rc_ph_strings(&f->ph, "keys", "DATABASE_URL", "JWT_SECRET", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "'.env.example' defines DATABASE_URL and JWT_SECRET");

  /* git ignores .env, yet an explicit file is read */
  rc_ph_string(&f->ph, "file", ".env");
  rc_ph_strings(&f->ph, "keys", "DATABASE_URL", "TABBED", "HASHVAL", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "'.env' defines all 3 keys");
}

static void test_missing_key(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_string(&f->ph, "file", ".env.example");
  rc_ph_strings(&f->ph, "keys", "DATABASE_URL", "REDIS_URL", "SMTP_PASSWORD",
                NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "REDIS_URL is missing in '.env.example' (and 1 more)");
  assert_true(rc_ph_has_ev(&f->c, ".env.example", 0, "REDIS_URL is missing"));
  assert_true(
      rc_ph_has_ev(&f->c, ".env.example", 0, "SMTP_PASSWORD is missing"));

  run(f, ".env", "NOEQ"); /* a bare word defines nothing */
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
}

static void test_missing_file(void **state)
{
  struct rc_ph_fixture *f = *state;
  run(f, ".env.production", "X");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "no file '.env.production'");
}

/* The parser, observed through anchored patterns: \A and \z, since the
 * pattern is compiled MULTILINE. */
static void test_parsed_values(void **state)
{
  struct rc_ph_fixture *f = *state;
  static const struct {
    const char *key, *pattern;
  } cases[] = {
      {"DATABASE_URL", "\\Apostgres://u:p@h/db\\z"},
      {"JWT_SECRET", "\\Aabc\"def\\nline2\\z"},
      {"SINGLE", "\\Ait has # hash\\z"},
      {"INLINE", "\\Avalue\\z"},
      {"EMPTY", "\\A\\z"},
      {"EMPTY_COMMENT", "\\A\\z"},
      {"MULTI", "\\Afirst\\nsecond\\z"},
      {"AFTER", "\\Aafter_multi\\z"},
      {"SPACED", "\\Apadded value\\z"},
      {"DUP", "\\Atwo\\z"},
      {"BACKTICK", "\\Abt\\z"},
      {"RAW", "\\Aa\\\\nb\\z"},
      {"HASHVAL", "\\Aabc#def\\z"},
      {"CRLF_QUOTED", "\\Ax\\ny\\z"},
      {"TABBED", "\\At\\z"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    rc_ph_regex(&f->ph, "pattern", cases[i].pattern);
    run(f, ".env", cases[i].key);
    if (f->c.outcome != RC_OUT_OK)
      fail_msg("%s !~ %s: %s", cases[i].key, cases[i].pattern, f->c.message);
  }
}

static void test_line_numbers(void **state)
{
  struct rc_ph_fixture *f = *state;
  static const struct {
    const char *key;
    unsigned line;
  } cases[] = {
      {"DATABASE_URL", 3}, {"JWT_SECRET", 4}, {"MULTI", 9},
      {"AFTER", 11},       {"SPACED", 12},    {"DUP", 14},
      {"CRLF_QUOTED", 19}, {"TABBED", 21},    {"API_KEY", 22},
  };
  rc_ph_regex(&f->ph, "pattern", "\\Anever\\z");
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    run(f, ".env", cases[i].key);
    assert_int_equal(f->c.outcome, RC_OUT_FAIL);
    assert_int_equal(f->c.n_ev, 1);
    if (f->c.ev[0].line != cases[i].line)
      fail_msg("%s: line %u, want %u", cases[i].key, f->c.ev[0].line,
               cases[i].line);
    assert_non_null(strstr(f->c.ev[0].text, "does not match the required "
                                            "pattern"));
  }
}

static void test_non_empty_and_min_length(void **state)
{
  struct rc_ph_fixture *f = *state;
  run(f, ".env", "EMPTY");
  assert_int_equal(f->c.outcome, RC_OUT_OK); /* defined, empty allowed */

  rc_ph_bool(&f->ph, "non_empty", true);
  rc_ph_string(&f->ph, "file", ".env");
  rc_ph_strings(&f->ph, "keys", "INLINE", "EMPTY", "EMPTY_COMMENT", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "EMPTY is empty in '.env' (and 1 more)");
  assert_true(rc_ph_has_ev(&f->c, ".env", 7, "EMPTY is empty"));
  assert_true(rc_ph_has_ev(&f->c, ".env", 8, "EMPTY_COMMENT is empty"));

  rc_ph_bool(&f->ph, "non_empty", false);
  rc_ph_int(&f->ph, "min_length", 32);
  run(f, ".env", "API_KEY");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "API_KEY is shorter than 32 characters in '.env'");
  assert_true(rc_ph_has_ev(&f->c, ".env", 22, "API_KEY is shorter"));
  rc_ph_int(&f->ph, "min_length", 28);
  run(f, ".env", "API_KEY");
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  /* characters, not bytes: 6 two-byte letters are 6 characters */
  rc_test_write(f->repo.root, "utf8.env",
                "PASSPHRASE=\xC3\xA9\xC3\xA9\xC3"
                "\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n");
  rc_ph_int(&f->ph, "min_length", 8);
  run(f, "utf8.env", "PASSPHRASE");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  rc_ph_int(&f->ph, "min_length", 6);
  run(f, "utf8.env", "PASSPHRASE");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

static void test_unterminated_quote(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "bad.env", "A=1\nB=\"oops\nC=3\n");
  run(f, "bad.env", "B");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "bad.env", 2, "never closed"));
  rc_ph_assert_absent(&f->c, "oops");
}

static void test_errors(void **state)
{
  struct rc_ph_fixture *f = *state;
  run(f, "config", "X");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "'config' is a directory, not a file");

  run(f, "../etc/passwd", "X");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);

  FILE *fp;
  size_t n = strlen(f->repo.root) + 16;
  char *path = test_malloc(n);
  snprintf(path, n, "%s/bin.env", f->repo.root);
  fp = fopen(path, "wb");
  assert_non_null(fp);
  fwrite("A=1\0\0", 1, 5, fp);
  fclose(fp);
  snprintf(path, n, "%s/big.env", f->repo.root);
  fp = fopen(path, "wb");
  assert_non_null(fp);
  fclose(fp);
  assert_int_equal(truncate(path, 33L << 20), 0);
  test_free(path);

  run(f, "bin.env", "A");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "'bin.env' is not a text file");
  run(f, "big.env", "A");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message,
                      "cannot read 'big.env': file is larger than 32 MiB");
}

static void test_pattern_limit_is_error(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "slow.env",
                "SLOW=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n");
  rc_ph_regex(&f->ph, "pattern", "(a+)+$");
  run(f, "slow.env", "SLOW");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "could not match SLOW in 'slow.env' "
                                    "against the pattern: match limit "
                                    "exceeded");
  rc_ph_assert_absent(&f->c, "aaaa");
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256];
  rc_ph_strings(&f->ph, "keys", "A", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "'file' must name a file");
  rc_ph_string(&f->ph, "file", ".env");
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  rc_ph_strings(&f->ph, "keys", "BAD KEY", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "'keys' entry 'BAD KEY' is not a valid dotenv key");
  rc_ph_strings(&f->ph, "keys", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  rc_ph_strings(&f->ph, "keys", "A", NULL);
  rc_ph_int(&f->ph, "min_length", -5);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_keys_present, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_key, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_parsed_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_line_numbers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_non_empty_and_min_length, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_unterminated_quote, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pattern_limit_is_error, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
