/*
 * test_tokencheck.c - the checksum of GitHub's and npm's prefixed tokens:
 * a well-formed token passes, one changed character fails, other formats
 * and lengths are never called failing.
 */
#include "testutil.h"

#include <string.h>

#include "readycheck/tokencheck.h"

static bool fails(const char *s)
{
  return rc_token_checksum_fails(s, strlen(s));
}

static void test_checksum_holds(void **state)
{
  (void)state;
  /* the body and checksum of the example in GitHub's format description */
  assert_false(fails("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"));
  assert_false(fails("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"));
  assert_false(fails("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"));
}

static void test_checksum_fails(void **state)
{
  (void)state;
  assert_true(fails("ghp_zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq18"));
  assert_true(fails("ghs_zQWBuTSOoRi4A9spHcVY5ncnsDkxkK0mLq17"));
  assert_true(fails("npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ1234567890"));
}

static void test_other_formats(void **state)
{
  (void)state;
  assert_false(fails("ghp_zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq1"));
  assert_false(fails("ghx_zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq18"));
  assert_false(fails("glpat-zQWBuTSOoRi4A9spHcVY5n"));
  assert_false(fails(""));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_checksum_holds),
      cmocka_unit_test(test_checksum_fails),
      cmocka_unit_test(test_other_formats),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
