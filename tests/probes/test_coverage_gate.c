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
  rc_ph_bool(&f->ph, "require", true);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "no coverage threshold"));
  rc_test_write(
      root, "vitest.config.ts",
      "export default {test: {coverage: {thresholds: {lines: 90}}}};\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_non_null(strstr(f->c.message, "'vitest.config.ts' line 1"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_low_value_in_loaded_config, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_script_flags_and_package_json_key,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_require, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
