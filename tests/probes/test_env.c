/*
 * test_env.c - the env probe against this process's environment: set,
 * empty, too short, pattern mismatch, regex limits, and values that never
 * appear in what the probe reports.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_env;

#define SECRET "s3cr3t-Value-that-must-not-leak"

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_env);
  rc_ph_repo_index(&f->repo);
  setenv("RC_T_SECRET", SECRET, 1);
  setenv("RC_T_URL", "https://api.example.com", 1);
  setenv("RC_T_EMPTY", "", 1);
  setenv("RC_T_UTF8", "\xc3\xa9\xc3\xa9\xc3\xa9", 1); /* 3 chars, 6 bytes */
  unsetenv("RC_T_UNSET");
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  /* Whatever the outcome, no value may have been reported. */
  rc_ph_assert_absent(&f->c, SECRET);
  rc_ph_assert_absent(&f->c, "api.example.com");
  rc_ph_fixture_free(f);
  return 0;
}

static void test_set(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "name", "RC_T_SECRET", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "RC_T_SECRET is set");

  rc_ph_strings(&f->ph, "name", "RC_T_SECRET", "RC_T_URL", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_string_equal(f->c.message, "RC_T_SECRET and RC_T_URL are set");

  rc_ph_strings(&f->ph, "name", "RC_T_SECRET", "RC_T_URL", "RC_T_UTF8", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_string_equal(f->c.message, "all 3 variables are set");
  assert_int_equal(f->c.n_ev, 0);
}

static void test_unset_and_empty(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "name", "RC_T_UNSET", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "RC_T_UNSET is not set");
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "RC_T_UNSET is not set"));

  rc_ph_strings(&f->ph, "name", "RC_T_SECRET", "RC_T_EMPTY", "RC_T_UNSET",
                NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "RC_T_EMPTY is empty (and 1 more)");
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "RC_T_UNSET is not set"));
}

static void test_min_length(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "name", "RC_T_SECRET", NULL);
  rc_ph_int(&f->ph, "min_length", 32);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "RC_T_SECRET is shorter than 32 characters");
  rc_ph_int(&f->ph, "min_length", 31); /* strlen(SECRET) */
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  /* characters, not bytes */
  rc_ph_strings(&f->ph, "name", "RC_T_UTF8", NULL);
  rc_ph_int(&f->ph, "min_length", 4);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  rc_ph_int(&f->ph, "min_length", 3);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

static void test_pattern(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "name", "RC_T_URL", NULL);
  rc_ph_regex(&f->ph, "pattern", "^https://");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  rc_ph_strings(&f->ph, "name", "RC_T_URL", "RC_T_SECRET", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "RC_T_SECRET does not match the required pattern");
}

static void test_pattern_limit_is_error(void **state)
{
  struct rc_ph_fixture *f = *state;
  char v[64];
  memset(v, 'a', 50);
  strcpy(v + 50, "b");
  setenv("RC_T_SLOW", v, 1);
  rc_ph_strings(&f->ph, "name", "RC_T_SLOW", NULL);
  rc_ph_regex(&f->ph, "pattern", "(a+)+$");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "could not match RC_T_SLOW against the "
                                    "pattern: match limit exceeded");
  rc_ph_assert_absent(&f->c, "aaaa");

  /* A definite failure elsewhere still fails. */
  rc_ph_strings(&f->ph, "name", "RC_T_SLOW", "RC_T_UNSET", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  unsetenv("RC_T_SLOW");
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256];
  static const char *const bad[] = {"1ABC", "A-B", "A=B", ""};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    rc_ph_strings(&f->ph, "name", bad[i], NULL);
    assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  }
  assert_string_equal(msg,
                      "'name' entry '' is not a valid environment variable "
                      "name");
  rc_ph_strings(&f->ph, "name", "${PREFIX}_TOKEN", "_OK_1", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  rc_ph_int(&f->ph, "min_length", -1);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  rc_ph_int(&f->ph, "min_length", 0);
  rc_ph_strings(&f->ph, "name", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_false(rc_probe_env.network);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_set, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unset_and_empty, setup, teardown),
      cmocka_unit_test_setup_teardown(test_min_length, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pattern, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pattern_limit_is_error, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
