/*
 * test_coverage_gate.c - the coverage_gate probe: thresholds count only in
 * the configurations a test command loads; a low value there fails with
 * its file:line and package, one item per line; a threshold spread over
 * several lines of a JS object is read; `require` wants one.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_coverage_gate;

static int setup(void **state)
{
  *state = rc_ph_fixture_new(&rc_probe_coverage_gate);
  return 0;
}

static int teardown(void **state)
{
  rc_ph_fixture_free(*state);
  return 0;
}

static void test_low_value_in_loaded_config(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "web/package.json",
                "{\n  \"scripts\": {\n    \"test\": \"jest\"\n  }\n}\n");
  rc_test_write(root, "web/jest.config.js",
                "module.exports = {\n  coverageThreshold: {\n"
                "    global: { lines: 60, statements: 40 },\n  },\n};\n");
  /* nothing loads these */
  rc_test_write(
      root, "web/old/jest.config.js",
      "module.exports = {coverageThreshold: {global: {lines: 1}}};\n");
  rc_test_write(root, "tools/.coveragerc", "[report]\nfail_under = 5\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_number(&f->ph, "min", 80);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 1);
  assert_true(rc_ph_has_ev(&f->c, "web/jest.config.js", 3,
                           "coverage threshold 40 is below 80 in what the "
                           "tests of web/package.json load"));
  /* at 40 nothing loaded is below */
  rc_ph_number(&f->ph, "min", 40);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

static void test_script_flags_and_package_json_key(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json",
                "{\n  \"scripts\": {\n    \"test\": \"c8 --lines 70 mocha\"\n"
                "  },\n  \"jest\": {\"coverageThreshold\": {\"global\": "
                "{\"lines\": 10}}}\n}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_number(&f->ph, "min", 80);
  rc_ph_fixture_run(f);
  /* the script's flag fails; package.json#jest is not loaded: no jest */
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 1);
  assert_true(rc_ph_has_ev(&f->c, "package.json", 3, "threshold 70"));
}

static void test_require(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json",
                "{\"scripts\": {\"test\": \"vitest\"}}\n");
  rc_test_write(
      root, "jest.config.js",
      "module.exports = {coverageThreshold: {global: {lines: 90}}};\n");
  rc_ph_repo_index(&f->repo);
  /* a minimum with no threshold loaded compares nothing: vacuous, so the
   * rule is not applicable rather than passing */
  rc_ph_number(&f->ph, "min", 80);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_non_null(strstr(f->c.message, "no coverage threshold"));
  assert_true(f->c.vacuous);
  /* require: none is a real answer */
  rc_ph_bool(&f->ph, "require", true);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "no coverage threshold"));
  assert_false(f->c.vacuous);
  rc_test_write(
      root, "vitest.config.ts",
      "export default {test: {coverage: {thresholds: {lines: 90}}}};\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_non_null(strstr(f->c.message, "'vitest.config.ts' line 1"));
  rc_ph_bool(&f->ph, "require", false); /* a value compared: a real pass */
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_false(f->c.vacuous);
}

/* keys: a threshold key jest ignores counts only in what a jest run
 * loads - misspelt in the loaded config, beside "jest" in package.json,
 * without "global" in a loaded package.json#jest - each with its line. */
static void test_keys(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "web/package.json",
                "{\n  \"scripts\": {\"test\": \"jest -c jest.ci.js\"},\n"
                "  \"coverageThreshold\": {\"global\": {\"lines\": 80}}\n}\n");
  rc_test_write(root, "web/jest.ci.js",
                "module.exports = {\n  collectCoverage: true,\n"
                "  coverageThresholds: {global: {lines: 80}},\n};\n");
  /* not loaded: --config names jest.ci.js */
  rc_test_write(root, "web/jest.config.js",
                "module.exports = {coverageTreshold: {}};\n");
  /* no jest run at all */
  rc_test_write(root, "cli/package.json",
                "{\"scripts\": {\"test\": \"vitest\"}, \"coverageThreshold\": "
                "{}, \"jest\": {\"coverageThresholds\": {}}}\n");
  /* package.json#jest loaded, percentages without "global" */
  rc_test_write(root, "api/package.json",
                "{\n  \"scripts\": {\"test\": \"jest\"},\n  \"jest\": {\n"
                "    \"coverageThreshold\": {\"lines\": 80}\n  }\n}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_bool(&f->ph, "keys", true);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 3);
  assert_true(rc_ph_has_ev(&f->c, "web/jest.ci.js", 3,
                           "'coverageThresholds' is not a jest option"));
  assert_true(rc_ph_has_ev(&f->c, "web/package.json", 3,
                           "'coverageThreshold' at the top of package.json"));
  assert_true(rc_ph_has_ev(&f->c, "api/package.json", 4,
                           "jest.coverageThreshold.lines has no \"global\""));
  /* fixed: nothing jest loads is wrong, whatever the unloaded files say */
  rc_test_write(root, "web/package.json",
                "{\"scripts\": {\"test\": \"jest -c jest.ci.js\"}}\n");
  rc_test_write(root, "web/jest.ci.js",
                "module.exports = {coverageThreshold: {global: {lines: "
                "80}}};\n");
  rc_test_write(root, "api/package.json",
                "{\"scripts\": {\"test\": \"jest\"}, \"jest\": "
                "{\"coverageThreshold\": {\"global\": {\"lines\": 80}}}}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_non_null(strstr(f->c.message, "no misspelt or misplaced"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
      cmocka_unit_test_setup_teardown(test_low_value_in_loaded_config, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_script_flags_and_package_json_key,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_require, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
