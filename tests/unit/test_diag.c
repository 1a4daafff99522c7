/*
 * test_diag.c - diagnostics: compiler-style lines, the error cap, and
 * did-you-mean suggestions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "testutil.h"

static char *print_all(const struct rc_diag *d)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  rc_diag_print(d, f, "readycheck");
  fclose(f);
  return text;
}

static void test_format(void **state)
{
  (void)state;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_loc at = {"rules/web.yaml", 14, 11};
  struct rc_loc file_only = {"x.yaml", 0, 0};
  assert_int_equal(rc_error(&d, &at, "unknown probe '%s'", "file_exsts"), -1);
  assert_int_equal(rc_error(&d, NULL, "cannot write '%s'", "r.md"), -1);
  rc_error(&d, &file_only, "cannot open 'x.yaml'");
  rc_warning(&d, &at, "unknown category 'secuirty'");
  char *text = print_all(&d);
  assert_string_equal(
      text, "rules/web.yaml:14:11: error: unknown probe 'file_exsts'\n"
            "readycheck: error: cannot write 'r.md'\n"
            "x.yaml: error: cannot open 'x.yaml'\n"
            "rules/web.yaml:14:11: warning: unknown category "
            "'secuirty'\n");
  assert_int_equal(d.n_errors, 3);
  assert_true(rc_diag_has_errors(&d));
  free(text);
  rc_diag_release(&d);
}

static void test_cap(void **state)
{
  (void)state;
  struct rc_diag d;
  rc_diag_init(&d);
  for (int i = 0; i < 25; i++)
    rc_error(&d, NULL, "e%d", i);
  assert_true(rc_diag_full(&d));
  assert_int_equal(d.n, RC_DIAG_MAX_ERRORS);
  assert_int_equal(d.n_dropped, 5);
  char *text = print_all(&d);
  assert_non_null(strstr(text, "5 more errors not shown"));
  free(text);
  rc_diag_release(&d);
}

static void test_did_you_mean(void **state)
{
  (void)state;
  static const char *const probes[] = {
      "file_exists", "file_absent", "file_regex", "coverage", "value", NULL};
  assert_string_equal(rc_did_you_mean("file_exsts", probes), "file_exists");
  assert_string_equal(rc_did_you_mean("file_regx", probes), "file_regex");
  assert_string_equal(rc_did_you_mean("coverag", probes), "coverage");
  assert_string_equal(rc_did_you_mean("vlaue", probes), "value");
  assert_null(rc_did_you_mean("kubernetes", probes));
  assert_null(rc_did_you_mean("x", probes));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format),
      cmocka_unit_test(test_cap),
      cmocka_unit_test(test_did_you_mean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
