/*
 * test_vars.c - ${VAR} expansion: lookup order, defaults, errors.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/vars.h"
#include "testutil.h"

struct expand_case {
  const char *in;
  const char *out; /* NULL: expect an error containing err */
  const char *err;
};

static void test_expand_table(void **state)
{
  (void)state;
  struct rc_vars v, local;
  rc_vars_init(&v);
  rc_vars_init(&local);
  rc_vars_set(&v, "BASE_URL", "https://staging.example.com");
  rc_vars_set(&v, "EMPTY", "");
  rc_vars_set(&local, "each", "services/api");
  rc_vars_set(&local, "each.name", "api");
  static const struct expand_case cases[] = {
      {"plain", "plain", NULL},
      {"${BASE_URL}/health", "https://staging.example.com/health", NULL},
      {"${each}/Dockerfile", "services/api/Dockerfile", NULL},
      {"${each.name}.conf", "api.conf", NULL},
      {"${EMPTY:-fallback}", "fallback", NULL},
      {"${MISSING:-x/y}", "x/y", NULL},
      {"cost $$5", "cost $5", NULL},
      {"a$b", "a$b", NULL},
      {"${MISSING}", NULL, "undefined variable 'MISSING'"},
      {"${BASE_URL", NULL, "unterminated '${'"},
      {"${1X}", NULL, "bad variable name"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_buf b;
    char err[128] = "";
    rc_buf_init(&b);
    int rc = rc_vars_expand(&v, &local, cases[i].in, &b, err, sizeof(err));
    if (cases[i].out) {
      assert_int_equal(rc, 0);
      assert_string_equal(b.data, cases[i].out);
    } else {
      assert_int_equal(rc, -1);
      assert_non_null(strstr(err, cases[i].err));
    }
    rc_buf_release(&b);
  }
  rc_vars_release(&v);
  rc_vars_release(&local);
}

static void test_local_wins_then_vars_then_environ(void **state)
{
  (void)state;
  struct rc_vars v, local;
  rc_vars_init(&v);
  rc_vars_init(&local);
  setenv("RC_TEST_ONLY_ENV", "from-env", 1);
  setenv("RC_TEST_BOTH", "from-env", 1);
  rc_vars_set(&v, "RC_TEST_BOTH", "from-var");
  rc_vars_set(&local, "RC_TEST_BOTH", "from-local");
  assert_null(rc_vars_get(&v, "RC_TEST_ONLY_ENV")); /* environ off */
  v.use_environ = true;
  assert_string_equal(rc_vars_get(&v, "RC_TEST_ONLY_ENV"), "from-env");
  assert_string_equal(rc_vars_get(&v, "RC_TEST_BOTH"), "from-var");
  struct rc_buf b;
  char err[64];
  rc_buf_init(&b);
  assert_int_equal(
      rc_vars_expand(&v, &local, "${RC_TEST_BOTH}", &b, err, sizeof(err)), 0);
  assert_string_equal(b.data, "from-local");
  rc_buf_release(&b);
  rc_vars_release(&v);
  rc_vars_release(&local);
}

static void test_assignment(void **state)
{
  (void)state;
  struct rc_vars v;
  rc_vars_init(&v);
  assert_int_equal(rc_vars_set_assignment(&v, "A=1=2"), 0);
  assert_string_equal(rc_vars_get(&v, "A"), "1=2");
  assert_int_equal(rc_vars_set_assignment(&v, "A=3"), 0);
  assert_string_equal(rc_vars_get(&v, "A"), "3");
  assert_int_equal(v.n, 1);
  assert_int_equal(rc_vars_set_assignment(&v, "noequals"), -1);
  assert_int_equal(rc_vars_set_assignment(&v, "=x"), -1);
  assert_int_equal(rc_vars_set_assignment(&v, "9A=x"), -1);
  assert_true(rc_vars_has_ref("a ${B}"));
  assert_false(rc_vars_has_ref("a $B"));
  rc_vars_release(&v);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_expand_table),
      cmocka_unit_test(test_local_wins_then_vars_then_environ),
      cmocka_unit_test(test_assignment),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
