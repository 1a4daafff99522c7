/*
 * test_cli.c - argv parsing: commands, options, values, and errors that
 * must be usage errors rather than surprises.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/cli.h"
#include "testutil.h"

struct parsed {
  struct rc_options o;
  struct rc_diag d;
  int rc;
  char *argv_copy[32];
};

static void parse(struct parsed *p, const char *const *args)
{
  int argc = 0;
  p->argv_copy[argc++] = strdup("readycheck");
  for (; args[argc - 1]; argc++)
    p->argv_copy[argc] = strdup(args[argc - 1]);
  p->argv_copy[argc] = NULL;
  rc_options_init(&p->o);
  rc_diag_init(&p->d);
  p->rc = rc_cli_parse(&p->o, argc, p->argv_copy, &p->d);
}

static void done(struct parsed *p)
{
  rc_options_release(&p->o);
  rc_diag_release(&p->d);
  for (int i = 0; p->argv_copy[i]; i++)
    free(p->argv_copy[i]);
}

static void test_defaults(void **state)
{
  (void)state;
  struct parsed p;
  const char *args[] = {NULL};
  parse(&p, args);
  assert_int_equal(p.rc, 0);
  assert_int_equal(p.o.cmd, RC_CMD_CHECK);
  assert_string_equal(p.o.path, ".");
  assert_string_equal(p.o.format, "text");
  assert_int_equal(p.o.min_score, -1);
  assert_false(p.o.fail_on_warn);
  done(&p);
}

static void test_full_check(void **state)
{
  (void)state;
  struct parsed p;
  const char *args[] = {"check",       "-r",
                        "a.yaml",      "--rules=dir",
                        "--pack",      "docker,nginx",
                        "--skip",      "x.y",
                        "--only",      "security",
                        "--var",       "A=1",
                        "-f",          "json",
                        "--report",    "markdown=r.md",
                        "--report",    "json=r.json",
                        "--min-score", "80",
                        "--fail-on",   "warn",
                        "--no-color",  "-q",
                        "repo",        NULL};
  parse(&p, args);
  assert_int_equal(p.rc, 0);
  assert_int_equal(p.o.cmd, RC_CMD_CHECK);
  assert_string_equal(p.o.path, "repo");
  assert_int_equal(p.o.n_rule_paths, 2);
  assert_string_equal(p.o.rule_paths[1], "dir");
  assert_int_equal(p.o.n_packs, 2);
  assert_string_equal(p.o.packs[1], "nginx");
  assert_string_equal(p.o.skip[0], "x.y");
  assert_string_equal(p.o.only[0], "security");
  assert_string_equal(rc_vars_get(&p.o.vars, "A"), "1");
  assert_string_equal(p.o.format, "json");
  assert_int_equal(p.o.n_reports, 2);
  assert_string_equal(p.o.reports[0].format, "markdown");
  assert_string_equal(p.o.reports[0].path, "r.md");
  assert_string_equal(p.o.reports[1].path, "r.json");
  assert_int_equal(p.o.min_score, 80);
  assert_true(p.o.fail_on_warn);
  assert_int_equal(p.o.color, RC_COLOR_NEVER);
  assert_int_equal(p.o.verbosity, -1);
  done(&p);
}

static void test_commands(void **state)
{
  (void)state;
  struct parsed p;
  const char *a1[] = {"explain", "docker.non-root-user", NULL};
  parse(&p, a1);
  assert_int_equal(p.rc, 0);
  assert_int_equal(p.o.cmd, RC_CMD_EXPLAIN);
  assert_string_equal(p.o.args[0], "docker.non-root-user");
  done(&p);
  const char *a2[] = {"validate", "a.yaml", "b.yaml", NULL};
  parse(&p, a2);
  assert_int_equal(p.o.cmd, RC_CMD_VALIDATE);
  assert_int_equal(p.o.n_args, 2);
  done(&p);
  const char *a3[] = {"list-rules", "--pack", "docker", NULL};
  parse(&p, a3);
  assert_int_equal(p.o.cmd, RC_CMD_LIST_RULES);
  done(&p);
  const char *a4[] = {"repo", "--version", NULL};
  parse(&p, a4);
  assert_int_equal(p.o.cmd, RC_CMD_VERSION);
  done(&p);
  /* "--" makes a directory called "validate" checkable. */
  const char *a5[] = {"--", "validate", NULL};
  parse(&p, a5);
  assert_int_equal(p.o.cmd, RC_CMD_CHECK);
  assert_string_equal(p.o.path, "validate");
  done(&p);
}

struct bad_case {
  const char *args[4];
  const char *msg;
};

static void test_errors(void **state)
{
  (void)state;
  static const struct bad_case cases[] = {
      {{"--formt", "json", NULL}, "did you mean '--format'"},
      {{"lst-rules", NULL}, "did you mean 'list-rules'"},
      {{"help", "nope", NULL}, "help: no command 'nope'"},
      {{"--min-score", "101", NULL}, "invalid --min-score '101'"},
      {{"--min-score", "8x", NULL}, "invalid --min-score"},
      {{"--fail-on", "error", NULL}, "invalid --fail-on 'error'"},
      {{"--report", "md", NULL}, "expected FORMAT=FILE"},
      {{"--var", "NOVALUE", NULL}, "expected NAME=VALUE"},
      {{"--rules", NULL}, "option '--rules' needs a value"},
      {{"--quiet=yes", NULL}, "takes no value"},
      {{"-x", NULL}, "unknown option '-x'"},
      {{"a", "b", NULL}, "too many paths"},
      {{"explain", NULL}, "explain needs exactly one RULE_ID"},
      {{"validate", NULL}, "validate needs at least one RULEFILE"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct parsed p;
    parse(&p, cases[i].args);
    assert_int_equal(p.rc, -1);
    assert_true(p.d.n >= 1);
    if (!strstr(p.d.items[0].msg, cases[i].msg))
      fail_msg("case %zu: got '%s'", i, p.d.items[0].msg);
    done(&p);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults),
      cmocka_unit_test(test_full_check),
      cmocka_unit_test(test_commands),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
