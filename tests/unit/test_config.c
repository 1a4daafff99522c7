/*
 * test_config.c - .readycheck.yml: strict parsing with file:line:col
 * errors, the merge where command-line flags win, and end to end through
 * the binary (found automatically, --config, --no-config, init).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/cli.h"
#include "readycheck/config.h"
#include "readycheck/detect.h"
#include "readycheck/load.h"
#include "readycheck/rule.h"
#include "testutil.h"

static char *diag_text(const struct rc_diag *d)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  rc_diag_print(d, f, "readycheck");
  fclose(f);
  return buf;
}

static void test_errors(void **state)
{
  (void)state;
  static const struct {
    const char *yaml, *want;
  } cases[] = {
      {"version: 1\nskp: []\n",
       "c.yml:2:1: error: unknown key 'skp' in config (did you mean 'skip'?)"},
      {"version: 1\np\xD0\xB0"
       "cks: []\n",
       "c.yml:2:1: error: unknown key 'p\\u0430cks' in config (did you mean "
       "'packs'?)"},
      {"packs: [docker]\n", "c.yml:1:1: error: missing required key 'version'"},
      {"version: 2\n", "c.yml:1:10: error: unsupported config version '2'"},
      {"version: 1\nskip:\n  - id: a.b\n",
       "c.yml:3:5: error: skip of 'a.b' needs a 'reason'"},
      {"version: 1\nskip:\n  - {id: a.b, reason: x, why: y}\n",
       "unknown key 'why' in skip"},
      /* Keys that are not strings (found by fuzz_config: they crashed). */
      {"version: 1\nskip:\n  - {id: a.b, reason: x}\n  - {a: b}: 0\n",
       "c.yml:4:5: error: expected a string key in skip"},
      {"version: 1\nwaivers:\n  - [rule]: x\n",
       "c.yml:3:5: error: expected a string key in waivers"},
      {"version: 1\noverrides:\n  a.b:\n    {weight: 1}: 2\n",
       "c.yml:4:5: error: expected a string key in overrides"},
      {"version: 1\n[a]: 1\n",
       "c.yml:2:1: error: expected a string key in config"},
      {"version: 1\nmin_score: 101\n",
       "c.yml:2:12: error: invalid value '101' for 'min_score'"},
      {"version: 1\nmin_score: '80'\n", "expected an integer for 'min_score'"},
      {"version: 1\nfail_on: always\n", "invalid value 'always' for 'fail_on'"},
      {"version: 1\nvars: [a]\n", "expected a mapping of NAME: value"},
      {"version: 1\nvars: {'bad name': x}\n", "invalid variable name"},
      {"version: 1\npacks: [dokcer]\n",
       "c.yml:2:9: error: unknown pack 'dokcer' (did you mean 'docker'?)"},
      {"version: 1\nversion: 1\n", "duplicate key 'version'"},
      {"version: 1\nrules: &a [x]\nvars: *a\n", "anchors are not allowed"},
      {"version: 1\nrules: [x\n", "YAML syntax error"},
      {"", "empty configuration"},
      {"- a\n", "expected a mapping at the top level"},
      {"version: 1\nenvironments: [staging]\n",
       "c.yml:2:15: error: expected a mapping of environment names"},
      {"version: 1\nenvironments:\n  staging: {http_url: http://x}\n",
       "c.yml:3:12: error: environment 'staging' needs a 'base_url'"},
      {"version: 1\nenvironments:\n  staging: {base_url: ftp://x}\n",
       "c.yml:3:23: error: invalid 'base_url' 'ftp://x'"},
      {"version: 1\nenvironments:\n  s: {base_url: http://x, http_url: "
       "https://x}\n",
       "invalid 'http_url' 'https://x' (expected http://...)"},
      {"version: 1\nenvironments:\n  s: {base_url: http://x, paths: "
       "['/ 200', 'admin 401']}\n",
       "c.yml:3:44: error: invalid smoke entry 'admin 401'"},
      {"version: 1\nenvironments:\n  s: {base_url: http://x, paths: "
       "['/a 20']}\n",
       "invalid smoke entry '/a 20'"},
      {"version: 1\nenvironments:\n  s: {base_url: http://x, path: []}\n",
       "unknown key 'path' in environments (did you mean 'paths'?)"},
      {"version: 1\nenvironments:\n  'st aging': {base_url: http://x}\n",
       "invalid environment name 'st aging'"},
      {"version: 1\nvars: {a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: "
       "{m: {n: {o: {p: {q: 1}}}}}}}}}}}}}}}}}\n",
       "nesting deeper than 16"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_config *c = (struct rc_config *)1;
    struct rc_diag d;
    rc_diag_init(&d);
    assert_int_equal(
        rc_config_parse(&c, "c.yml", cases[i].yaml, strlen(cases[i].yaml), &d),
        -1);
    assert_null(c);
    char *text = diag_text(&d);
    if (!strstr(text, cases[i].want))
      fail_msg("case %zu: '%s' not in '%s'", i, cases[i].want, text);
    free(text);
    rc_diag_release(&d);
  }
}

/* Overrides of a loaded rule's parameters: unknown names and keys that are
 * not strings (fuzz_config found that one crashing) are errors in the file,
 * a known one changes the probe. */
static void test_override_params(void **state)
{
  (void)state;
  static const char rules[] = "version: 1\n"
                              "rules:\n"
                              "  - id: t.cov\n"
                              "    title: Coverage\n"
                              "    category: testing\n"
                              "    severity: block\n"
                              "    probe:\n"
                              "      coverage: {file: lcov.info, min: 80}\n"
                              "    remediation: Test more.\n";
  static const struct {
    const char *yaml, *want;
  } cases[] = {
      {"version: 1\noverrides:\n  t.cov:\n    params: {[min]: 1}\n",
       "c.yml:4:14: error: expected a string key in params"},
      {"version: 1\noverrides:\n  t.cov:\n    params: {mni: 1}\n",
       "c.yml:4:14: error: rule 't.cov' has no parameter 'mni' (did you mean "
       "'min'?)"},
      {"version: 1\noverrides:\n  t.cov:\n    params: {min: 50}\n", NULL},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_ruleset *rs = rc_ruleset_new();
    struct rc_diag d;
    rc_diag_init(&d);
    assert_int_equal(rc_load_buffer(rs, "r.yaml", rules, strlen(rules), &d), 0);
    struct rc_config *c = NULL;
    assert_int_equal(
        rc_config_parse(&c, "c.yml", cases[i].yaml, strlen(cases[i].yaml), &d),
        0);
    int rc = rc_config_apply_overrides(c, rs, &d);
    char *text = diag_text(&d);
    if (cases[i].want) {
      assert_int_equal(rc, -1);
      if (!strstr(text, cases[i].want))
        fail_msg("case %zu: '%s' not in '%s'", i, cases[i].want, text);
    } else {
      assert_int_equal(rc, 0);
      assert_int_equal(d.n_errors, 0);
    }
    free(text);
    rc_config_free(c);
    rc_diag_release(&d);
    rc_ruleset_free(rs);
  }
}

/* An override's list replaces the rule's own list (fuzz_config found the
 * new items written after the old count: NULL items, then a crash). */
static void test_override_list_replaces(void **state)
{
  (void)state;
  static const char rules[] = "version: 1\n"
                              "rules:\n"
                              "  - id: t.files\n"
                              "    title: Files\n"
                              "    category: docs\n"
                              "    severity: warn\n"
                              "    probe:\n"
                              "      file_exists: {path: [a.md, b.md, c.md]}\n"
                              "    remediation: Add them.\n";
  static const char *const overrides[] = {
      "version: 1\noverrides:\n  t.files:\n    params: {path: [x.md, y.md]}\n",
      "version: 1\noverrides:\n  t.files:\n    params: {path: z.md}\n",
      "version: 1\noverrides:\n  t.files:\n    params: {path: [a, b, c, d]}\n",
  };
  for (size_t i = 0; i < sizeof(overrides) / sizeof(overrides[0]); i++) {
    struct rc_ruleset *rs = rc_ruleset_new();
    struct rc_diag d;
    rc_diag_init(&d);
    assert_int_equal(rc_load_buffer(rs, "r.yaml", rules, strlen(rules), &d), 0);
    struct rc_config *c = NULL;
    assert_int_equal(
        rc_config_parse(&c, "c.yml", overrides[i], strlen(overrides[i]), &d),
        0);
    if (rc_config_apply_overrides(c, rs, &d) != 0) {
      char *text = diag_text(&d);
      fail_msg("case %zu: %s", i, text);
    }
    assert_int_equal(d.n_errors, 0);
    rc_config_free(c);
    rc_diag_release(&d);
    rc_ruleset_free(rs);
  }
}

static const char good[] = "version: 1\n"
                           "packs: [docker, compose]\n"
                           "skip:\n"
                           "  - id: docker.healthcheck\n"
                           "    reason: the orchestrator probes it\n"
                           "rules: [team/rules.yaml, /abs/x.yaml]\n"
                           "vars: {DEPLOY_ENV: production, REGION: eu}\n"
                           "min_score: 80\n"
                           "fail_on: warn\n";

static void test_parse_and_apply(void **state)
{
  (void)state;
  struct rc_config *c;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(
      rc_config_parse(&c, "repo/.readycheck.yml", good, strlen(good), &d), 0);
  assert_int_equal(c->n_packs, 2);
  assert_string_equal(c->rules[0], "repo/team/rules.yaml");
  assert_string_equal(c->rules[1], "/abs/x.yaml");
  assert_int_equal(c->min_score, 80);
  assert_int_equal(c->fail_on, 1);

  /* Command line: --pack docker --var REGION=us --min-score 50 --skip a. */
  char a0[] = "readycheck", a1[] = "--pack=docker", a2[] = "--var=REGION=us",
       a3[] = "--min-score=50", a4[] = "--skip=x.y", a5[] = "-r",
       a6[] = "cli.yaml";
  char *argv[] = {a0, a1, a2, a3, a4, a5, a6, NULL};
  struct rc_options o;
  rc_options_init(&o);
  o.vars.use_environ = false;
  assert_int_equal(rc_cli_parse(&o, 7, argv, &d), 0);
  rc_config_apply(c, &o);
  assert_int_equal(o.n_packs, 1); /* --pack wins */
  assert_string_equal(o.packs[0], "docker");
  assert_int_equal(o.n_skip, 2); /* both */
  assert_string_equal(o.skip[0], "x.y");
  assert_null(o.skip_reasons[0]);
  assert_string_equal(o.skip[1], "docker.healthcheck");
  assert_string_equal(o.skip_reasons[1], "the orchestrator probes it");
  assert_int_equal(o.n_rule_paths, 3); /* the file's first */
  assert_string_equal(o.rule_paths[2], "cli.yaml");
  assert_string_equal(rc_vars_get(&o.vars, "REGION"), "us");
  assert_string_equal(rc_vars_get(&o.vars, "DEPLOY_ENV"), "production");
  assert_int_equal(o.min_score, 50);
  assert_true(o.fail_on_warn); /* not given on the command line */
  rc_options_release(&o);

  /* Nothing on the command line: the file decides. */
  char *argv2[] = {a0, NULL};
  rc_options_init(&o);
  assert_int_equal(rc_cli_parse(&o, 1, argv2, &d), 0);
  rc_config_apply(c, &o);
  assert_int_equal(o.n_packs, 2);
  assert_int_equal(o.min_score, 80);
  rc_options_release(&o);
  rc_config_free(c);
  rc_diag_release(&d);
}

static const char envs[] = "version: 1\n"
                           "environments:\n"
                           "  staging:\n"
                           "    base_url: https://staging.example.com\n"
                           "    http_url: http://staging.example.com\n"
                           "    paths: ['/ 200', '/admin 401 403']\n"
                           "  production:\n"
                           "    base_url: https://example.com\n";

static void test_environments(void **state)
{
  (void)state;
  struct rc_config *c;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_config_parse(&c, "c.yml", envs, strlen(envs), &d), 0);
  assert_int_equal(c->n_envs, 2);
  assert_string_equal(c->envs[0].name, "staging");
  assert_int_equal(c->envs[0].n_paths, 2);
  assert_null(c->envs[1].http_url);

  struct rc_options o;
  rc_options_init(&o);
  o.vars.use_environ = false;
  o.env = "staging";
  rc_vars_set(&o.vars, "HTTP_URL", "http://from-cli"); /* --var wins */
  assert_int_equal(rc_config_apply_env(c, &o, &d), 0);
  assert_string_equal(rc_vars_get(&o.vars, "BASE_URL"),
                      "https://staging.example.com");
  assert_string_equal(rc_vars_get(&o.vars, "HTTP_URL"), "http://from-cli");
  assert_string_equal(rc_vars_get(&o.vars, "SMOKE_PATHS"),
                      "/ 200, /admin 401 403");
  rc_options_release(&o);

  rc_options_init(&o);
  o.vars.use_environ = false;
  o.env = "production";
  assert_int_equal(rc_config_apply_env(c, &o, &d), 0);
  assert_null(rc_vars_get(&o.vars, "SMOKE_PATHS"));
  assert_null(rc_vars_get(&o.vars, "HTTP_URL"));
  o.env = "stagign";
  assert_int_equal(rc_config_apply_env(c, &o, &d), -1);
  o.env = "qa";
  assert_int_equal(rc_config_apply_env(c, &o, &d), -1);
  o.env = "qa";
  assert_int_equal(rc_config_apply_env(NULL, &o, &d), -1);
  struct rc_config *bare;
  assert_int_equal(rc_config_parse(&bare, "e.yml", "version: 1\n", 11, &d), 0);
  assert_int_equal(rc_config_apply_env(bare, &o, &d), -1);
  rc_config_free(bare);
  o.env = NULL; /* no --env: nothing happens, even without a config */
  assert_int_equal(rc_config_apply_env(NULL, &o, &d), 0);
  char *text = diag_text(&d);
  assert_non_null(strstr(text, "--env stagign: no such environment in c.yml "
                               "(did you mean 'staging'?)"));
  assert_non_null(strstr(text, "--env qa: no such environment in c.yml (it "
                               "has staging, production)"));
  assert_non_null(strstr(text, "--env qa: needs a .readycheck.yml that "
                               "declares environments (none was read"));
  assert_non_null(strstr(text, "--env qa: e.yml declares no environments"));
  free(text);
  rc_options_release(&o);
  rc_config_free(c);
  rc_diag_release(&d);
}

static void test_init_text(void **state)
{
  (void)state;
  struct rc_detection det = {0};
  det.present[RC_STACK_NODE] = det.present[RC_STACK_DOCKER] = true;
  const char *packs[] = {"docker", "node"};
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_int_equal(rc_config_write_init(f, &det, packs, 2), 0);
  fclose(f);
  assert_non_null(strstr(buf, "# Stacks detected when this file was written: "
                              "node, docker\n"));
  assert_non_null(strstr(buf, "# packs: [docker, node]\n"));
  /* What init writes is itself a valid configuration. */
  struct rc_config *c;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_config_parse(&c, "x.yml", buf, len, &d), 0);
  assert_null(c->packs);
  rc_config_free(c);
  rc_diag_release(&d);
  free(buf);
}

struct run {
  int status;
  char *out, *err;
};

static struct run run_bin(const char *a1, const char *a2, const char *a3,
                          const char *a4)
{
  const char *argv[] = {getenv("RC_BINARY"), a1, a2, a3, a4, NULL};
  assert_non_null(argv[0]);
  struct run r;
  r.status = rc_test_run(argv, NULL, &r.out, &r.err);
  return r;
}

static void run_free(struct run *r)
{
  free(r->out);
  free(r->err);
}

static const char rule[] = "version: 1\n"
                           "rules:\n"
                           "  - id: t.readme\n"
                           "    title: README present\n"
                           "    category: documentation\n"
                           "    severity: block\n"
                           "    probe: { file_exists: { path: '${DOC}' } }\n"
                           "    remediation: Add one.\n"
                           "  - id: t.other\n"
                           "    title: Other\n"
                           "    category: documentation\n"
                           "    severity: block\n"
                           "    probe: { file_exists: { path: NOPE } }\n"
                           "    remediation: Add one.\n";

static void test_end_to_end(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "repo/README.md", "# x\n");
  rc_test_write(root, "repo/checks/rules.yaml", rule);
  rc_test_write(root, "repo/.readycheck.yml",
                "version: 1\nrules: [checks/rules.yaml]\n"
                "vars: {DOC: README.md}\n"
                "skip: [{id: t.other, reason: kept in the wiki}]\n");
  char repo[512], other[512];
  snprintf(repo, sizeof(repo), "%s/repo", root);
  snprintf(other, sizeof(other), "%s/other.yml", root);
  /* Found automatically: the custom rule runs with the file's variable. */
  struct run r = run_bin("--no-builtin", "--format=json", repo, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "\"t.readme\""));
  assert_non_null(strstr(r.out, "kept in the wiki"));
  run_free(&r);
  /* --var wins over vars: README.txt does not exist. */
  r = run_bin("--no-builtin", "--var=DOC=README.txt", "-q", repo);
  assert_int_equal(r.status, 1);
  run_free(&r);
  /* --no-config: no custom rule, no ${DOC}. */
  r = run_bin("--no-config", "--no-builtin", "--format=json", repo);
  assert_null(strstr(r.out, "t.readme"));
  run_free(&r);
  /* --config FILE with an error: exit 2 and file:line:col. */
  rc_test_write(root, "other.yml", "version: 1\nmin_scor: 3\n");
  char opt[600];
  snprintf(opt, sizeof(opt), "--config=%s", other);
  r = run_bin(opt, repo, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "other.yml:2:1: error: unknown key "
                                "'min_scor' in config (did you mean "
                                "'min_score'?)"));
  run_free(&r);
  /* A skip naming no rule is an error in the file. */
  rc_test_write(root, "other.yml",
                "version: 1\nskip:\n  - {id: no.such, reason: x}\n");
  r = run_bin("--no-builtin", opt, repo, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "other.yml:3:10: error: skip: no rule"));
  run_free(&r);
  rc_test_write(root, "other.yml",
                "version: 1\nskip:\n  - {id: docker.healthchek, reason: x}\n"
                "waivers:\n  - {rule: dockr.healthcheck, reason: y}\n");
  r = run_bin(opt, repo, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "skip: no rule 'docker.healthchek' (did you "
                                "mean 'docker.healthcheck'?)"));
  assert_non_null(strstr(r.err, "waivers: no rule 'dockr.healthcheck' (did "
                                "you mean 'docker.healthcheck'?)"));
  run_free(&r);
  rc_test_write(root, "other.yml",
                "version: 1\noverrides:\n  docker.healtcheck: {weight: 1}\n");
  r = run_bin(opt, repo, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "overrides: no rule 'docker.healtcheck' (did "
                                "you mean 'docker.healthcheck'?)"));
  run_free(&r);
  /* init writes once, then refuses. */
  rc_test_write(root, "new/Dockerfile", "FROM x\n");
  char fresh[512];
  snprintf(fresh, sizeof(fresh), "%s/new", root);
  r = run_bin("init", "--no-builtin", fresh, NULL);
  assert_int_equal(r.status, 0);
  run_free(&r);
  char cfg[600];
  snprintf(cfg, sizeof(cfg), "%s/.readycheck.yml", fresh);
  char *text = rc_test_slurp(cfg, NULL);
  assert_non_null(text);
  assert_non_null(strstr(text, "detected when this file was written: docker"));
  free(text);
  r = run_bin("init", "--no-builtin", fresh, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "exists already"));
  run_free(&r);
  rc_test_rmtree(root);
  free(root);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_parse_and_apply),
      cmocka_unit_test(test_environments),
      cmocka_unit_test(test_override_params),
      cmocka_unit_test(test_override_list_replaces),
      cmocka_unit_test(test_init_text),
      cmocka_unit_test(test_end_to_end),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
