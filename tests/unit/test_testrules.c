/*
 * test_testrules.c - `readycheck test-rules`: fixtures that match give exit
 * 0, a fixture with the wrong result gives exit 1 and a MISMATCH line,
 * unknown rules and missing fixtures are errors, and the library entry
 * point counts what it ran. Rule files and fixtures are written here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/load.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/testrules.h"
#include "readycheck/vars.h"
#include "testutil.h"

static const char rules_yaml[] =
    "version: 1\n"
    "rules:\n"
    "  - id: t.readme\n"
    "    title: README present\n"
    "    category: documentation\n"
    "    severity: warn\n"
    "    probe: { file_exists: { path: README.md } }\n"
    "    remediation: Add one.\n"
    "  - id: t.no-debug\n"
    "    title: DEBUG is off\n"
    "    category: configuration\n"
    "    severity: block\n"
    "    when: { file_exists: { path: settings.py } }\n"
    "    probe:\n"
    "      not: { file_regex: { path: settings.py, pattern: 'DEBUG = True' } "
    "}\n"
    "    remediation: Turn it off.\n"
    "  - id: t.live\n"
    "    title: Depends on the environment\n"
    "    category: configuration\n"
    "    severity: info\n"
    "    tags: [no-fixture]\n"
    "    probe: { env: { name: T_LIVE_VAR } }\n"
    "    remediation: Set it.\n";

struct fx {
  char *root;
  char rules[512];
  char dir[512];
};

/* A rule file plus a complete, correct fixture set for both tested rules. */
static struct fx make_fixtures(void)
{
  struct fx f;
  f.root = rc_test_mkdtemp();
  rc_test_write(f.root, "rules.yaml", rules_yaml);
  snprintf(f.rules, sizeof(f.rules), "%s/rules.yaml", f.root);
  snprintf(f.dir, sizeof(f.dir), "%s/fixtures", f.root);
  rc_test_write(f.root, "fixtures/t.readme/pass/README.md", "# x\n");
  rc_test_write(f.root, "fixtures/t.readme/fail/.keep", "");
  rc_test_write(f.root, "fixtures/t.no-debug/pass/settings.py",
                "DEBUG = False\n");
  rc_test_write(f.root, "fixtures/t.no-debug/fail/settings.py",
                "DEBUG = True\n");
  rc_test_write(f.root, "fixtures/t.no-debug/fail-2/settings.py",
                "x = 1\nDEBUG = True\n");
  return f;
}

static void fx_free(struct fx *f)
{
  rc_test_rmtree(f->root);
  free(f->root);
}

struct run {
  int status;
  char *out;
  char *err;
};

static struct run run_bin(const char *a1, const char *a2, const char *a3,
                          const char *a4, const char *a5, const char *a6)
{
  const char *bin = getenv("RC_BINARY");
  assert_non_null(bin);
  const char *argv[] = {bin, a1, a2, a3, a4, a5, a6, NULL};
  struct run r;
  r.status = rc_test_run(argv, NULL, &r.out, &r.err);
  return r;
}

static void run_free(struct run *r)
{
  free(r->out);
  free(r->err);
}

static void test_all_ok_exits_0(void **state)
{
  (void)state;
  struct fx f = make_fixtures();
  struct run r = run_bin("test-rules", "--no-builtin", "--rules", f.rules,
                         "--require-fixtures", f.dir);
  if (r.status != 0)
    fprintf(stderr, "%s%s", r.out, r.err);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "ok       t.readme/pass\n"));
  assert_non_null(strstr(r.out, "ok       t.readme/fail\n"));
  assert_non_null(strstr(r.out, "ok       t.no-debug/fail-2\n"));
  assert_non_null(strstr(r.out, "5 fixtures, 0 mismatches\n"));
  assert_null(strstr(r.out, "t.live"));
  run_free(&r);
  fx_free(&f);
}

static void test_wrong_fixture_exits_1(void **state)
{
  (void)state;
  struct fx f = make_fixtures();
  /* A "pass" fixture that fails, and a "fail" fixture that passes. */
  rc_test_write(f.root, "fixtures/t.readme/pass-2/README.txt", "x");
  rc_test_write(f.root, "fixtures/t.no-debug/fail-3/settings.py", "ok\n");
  struct run r =
      run_bin("test-rules", "--no-builtin", "--rules", f.rules, f.dir, NULL);
  assert_int_equal(r.status, 1);
  assert_non_null(
      strstr(r.out, "MISMATCH t.readme/pass-2: expected PASS, got WARN"));
  assert_non_null(
      strstr(r.out, "MISMATCH t.no-debug/fail-3: expected FAIL, got PASS"));
  assert_non_null(strstr(r.out, "7 fixtures, 2 mismatches\n"));
  run_free(&r);
  fx_free(&f);
}

/* SKIP is never a match: a fail fixture where the rule does not apply. */
static void test_skip_is_a_mismatch(void **state)
{
  (void)state;
  struct fx f = make_fixtures();
  rc_test_write(f.root, "fixtures/t.no-debug/fail-4/other.py", "x\n");
  struct run r =
      run_bin("test-rules", "--no-builtin", "--rules", f.rules, f.dir, NULL);
  assert_int_equal(r.status, 1);
  assert_non_null(strstr(r.out, "MISMATCH t.no-debug/fail-4: expected FAIL, "
                                "got SKIP: not applicable"));
  run_free(&r);
  fx_free(&f);
}

/* A fixture is judged as a real run of its folder would judge it: a rule
 * of a stack the folder does not show is SKIP, so a mismatch. */
static void test_stack_detection_applies(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "go.yaml",
                "version: 1\n"
                "stacks: [go]\n"
                "rules:\n"
                "  - id: g.dockerfile\n"
                "    title: a Dockerfile\n"
                "    category: infrastructure\n"
                "    severity: warn\n"
                "    probe: { file_exists: { path: Dockerfile } }\n"
                "    remediation: Add one.\n");
  rc_test_write(root, "fx/g.dockerfile/pass/Dockerfile", "FROM golang\n");
  rc_test_write(root, "fx/g.dockerfile/pass-go/Dockerfile", "FROM golang\n");
  rc_test_write(root, "fx/g.dockerfile/pass-go/go.mod", "module x\n");
  char rules[512], dir[512];
  snprintf(rules, sizeof(rules), "%s/go.yaml", root);
  snprintf(dir, sizeof(dir), "%s/fx", root);
  struct run r =
      run_bin("test-rules", "--no-builtin", "--rules", rules, dir, NULL);
  assert_int_equal(r.status, 1);
  assert_non_null(strstr(r.out, "MISMATCH g.dockerfile/pass: expected PASS, "
                                "got SKIP: not applicable: no go stack "
                                "detected"));
  assert_non_null(strstr(r.out, "ok       g.dockerfile/pass-go\n"));
  run_free(&r);
  rc_test_rmtree(root);
  free(root);
}

static void test_unknown_rule_and_missing_fixture(void **state)
{
  (void)state;
  struct fx f = make_fixtures();
  rc_test_write(f.root, "fixtures/t.nope/pass/x", "x");
  char gone[600];
  snprintf(gone, sizeof(gone), "%s/t.readme/fail", f.dir);
  rc_test_rmtree(gone);
  struct run r = run_bin("test-rules", "--no-builtin", "--rules", f.rules,
                         "--require-fixtures", f.dir);
  assert_int_equal(r.status, 1);
  assert_non_null(strstr(r.out, "ERROR    t.nope: no rule 't.nope'"));
  assert_non_null(strstr(r.out, "ERROR    t.readme: no fail fixture"));
  assert_non_null(strstr(r.out, ", 2 errors\n"));
  run_free(&r);
  /* Without --require-fixtures the missing fixture is not an error. */
  char only[700];
  snprintf(only, sizeof(only), "--rules=%s", f.rules);
  r = run_bin("test-rules", "--no-builtin", only, "--only", "t.readme", f.dir);
  assert_int_equal(r.status, 1); /* t.nope is still unknown */
  assert_null(strstr(r.out, "no fail fixture"));
  assert_null(strstr(r.out, "t.no-debug"));
  run_free(&r);
  fx_free(&f);
}

static void test_missing_dir_is_usage_error(void **state)
{
  (void)state;
  struct run r = run_bin("test-rules", "--no-builtin", "/nonexistent/fx", NULL,
                         NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "cannot read fixture directory"));
  run_free(&r);
}

/* The library entry point, with vars: ${NAME} in a rule is expanded. */
static void test_library_counts_and_vars(void **state)
{
  (void)state;
  struct fx f = make_fixtures();
  rc_test_write(f.root, "var.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: t.var\n"
                "    title: Named file present\n"
                "    category: documentation\n"
                "    severity: info\n"
                "    probe: { file_exists: { path: '${DOC}' } }\n"
                "    remediation: Add it.\n");
  rc_test_write(f.root, "fixtures/t.var/pass/GUIDE.md", "x");
  rc_test_write(f.root, "fixtures/t.var/fail/README.md", "x");
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  char path[600];
  snprintf(path, sizeof(path), "%s/var.yaml", f.root);
  assert_int_equal(rc_load_path(rs, f.rules, &d), 0);
  assert_int_equal(rc_load_path(rs, path, &d), 0);
  struct rc_vars vars;
  rc_vars_init(&vars);
  rc_vars_set(&vars, "DOC", "GUIDE.md");
  struct rc_run_opts ropts = {.vars = &vars};
  struct rc_testrules_opts o = {.dir = f.dir, .run = &ropts, .quiet = true};
  struct rc_testrules_summary sum;
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  assert_int_equal(rc_testrules_run(rs, &o, out, &sum, &d), 0);
  fclose(out);
  assert_int_equal(sum.n_fixtures, 7);
  assert_int_equal(sum.n_mismatches, 0);
  assert_int_equal(sum.n_problems, 0);
  assert_string_equal(buf, "7 fixtures, 0 mismatches\n"); /* quiet */
  free(buf);
  rc_vars_release(&vars);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
  fx_free(&f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_all_ok_exits_0),
      cmocka_unit_test(test_wrong_fixture_exits_1),
      cmocka_unit_test(test_skip_is_a_mismatch),
      cmocka_unit_test(test_stack_detection_applies),
      cmocka_unit_test(test_unknown_rule_and_missing_fixture),
      cmocka_unit_test(test_missing_dir_is_usage_error),
      cmocka_unit_test(test_library_counts_and_vars),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
