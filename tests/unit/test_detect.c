/*
 * test_detect.c - stack detection, service directories, `stacks:` in rule
 * files (loader and run), and for_each: { services } — on trees written
 * here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/detect.h"
#include "readycheck/index.h"
#include "readycheck/model.h"
#include "readycheck/load.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"
#include "testutil.h"

static struct rc_index *index_of(const char *root)
{
  struct rc_index *idx = NULL;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), 0);
  rc_diag_release(&d);
  return idx;
}

/* Detected stack names joined by ',' for one tree of (path, content). */
static void detect_tree(const char *const *files, char *out, size_t len)
{
  char *root = rc_test_mkdtemp();
  for (size_t i = 0; files[i]; i += 2)
    rc_test_write(root, files[i], files[i + 1]);
  struct rc_index *idx = index_of(root);
  struct rc_detection det;
  rc_detect_stacks(idx, &det);
  const char *names[RC_STACK_COUNT];
  size_t n = rc_detection_names(&det, names);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (i)
      strncat(out, ",", len - strlen(out) - 1);
    strncat(out, names[i], len - strlen(out) - 1);
  }
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_stacks_table(void **state)
{
  (void)state;
  static const struct {
    const char *files[8];
    const char *want;
  } cases[] = {
      {{"package.json", "{}", NULL}, "node"},
      {{"api/pyproject.toml", "", "requirements-dev.txt", "", NULL}, "python"},
      {{"svc/go.mod", "module x", NULL}, "go"},
      {{"Dockerfile.prod", "FROM x", "compose.prod.yaml", "", NULL},
       "docker,compose"},
      {{"docker-compose.yml", "services: {}", NULL}, "compose"},
      {{"deploy/nginx/site.conf", "server {}", NULL}, "nginx"},
      {{"nginx.conf", "events {}", NULL}, "nginx"},
      {{"deploy/app.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n", NULL},
       "k8s"},
      {{"kustomization.yaml", "resources: []", NULL}, "k8s"},
      {{".github/workflows/ci.yml", "on: push", NULL}, "ci"},
      {{".gitlab-ci.yml", "x: 1", NULL}, "ci"},
      {{"Cargo.toml", "", "Gemfile", "", "pom.xml", "", NULL},
       "java,ruby,rust"},
      /* Look-alikes that are not stacks. */
      {{"node_modules/x/package.json", "{}", "README.md", "# x", NULL}, ""},
      {{"config.yaml", "kind: Deployment\n", "app.conf", "x", NULL}, ""},
      {{"notes.txt", "apiVersion: v1\nkind: Deployment", NULL}, ""},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char got[256];
    detect_tree(cases[i].files, got, sizeof(got));
    if (strcmp(got, cases[i].want) != 0)
      fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].want);
  }
}

static void test_stack_parse(void **state)
{
  (void)state;
  enum rc_stack s;
  assert_int_equal(rc_stack_parse("compose", &s), 0);
  assert_int_equal(s, RC_STACK_COMPOSE);
  assert_int_equal(rc_stack_parse("kubernetes", &s), -1);
  assert_string_equal(rc_stack_names[RC_STACK_K8S], "k8s");
}

static const char stack_rules[] =
    "version: 1\n"
    "stacks: [docker, compose]\n"
    "rules:\n"
    "  - id: d.dockerfile-per-service\n"
    "    title: Every service has a Dockerfile\n"
    "    category: infrastructure\n"
    "    severity: block\n"
    "    for_each: { services: true }\n"
    "    probe: { file_exists: { path: '${each}/Dockerfile' } }\n"
    "    remediation: Add one.\n"
    "  - id: d.workers\n"
    "    title: Workers have a Dockerfile\n"
    "    category: infrastructure\n"
    "    severity: warn\n"
    "    for_each: { services: 'services/*-worker' }\n"
    "    probe: { file_exists: { path: '${each}/Dockerfile' } }\n"
    "    remediation: Add one.\n";

struct loaded {
  struct rc_ruleset *rs;
  struct rc_results res;
};

static void run_rules(const char *yaml, const char *root,
                      const struct rc_detection *det, struct loaded *out)
{
  struct rc_diag d;
  rc_diag_init(&d);
  out->rs = rc_ruleset_new();
  assert_int_equal(rc_load_buffer(out->rs, "t.yaml", yaml, strlen(yaml), &d),
                   0);
  rc_diag_release(&d);
  struct rc_index *idx = index_of(root);
  struct rc_detection own;
  if (!det) {
    rc_detect_stacks(idx, &own);
    det = &own;
  }
  struct rc_model *model = rc_model_new(idx);
  struct rc_run_opts o = {.detected = det, .model = model};
  rc_results_init(&out->res);
  rc_run(out->rs, idx, &o, &out->res);
  rc_model_free(model);
  struct rc_score sc;
  struct rc_policy p = {-1, false, false};
  rc_score_compute(&out->res, &p, &sc);
  rc_score_release(&sc);
  rc_index_free(idx);
}

static void loaded_free(struct loaded *l)
{
  rc_results_release(&l->res);
  rc_ruleset_free(l->rs);
}

static void test_for_each_services(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "services/api/package.json", "{}");
  rc_test_write(root, "services/api/Dockerfile", "FROM x");
  rc_test_write(root, "services/email-worker/package.json",
                "{\"scripts\": {\"start\": \"node worker.js\"}}");
  rc_test_write(root, "services/stub/package.json", "{}"); /* no service */
  struct loaded l;
  run_rules(stack_rules, root, NULL, &l);
  assert_int_equal(l.res.n, 2);
  const struct rc_result *r = &l.res.items[0];
  assert_int_equal(r->status, RC_STATUS_BLOCK);
  assert_string_equal(r->message, "1 of 2 services fail");
  /* Every service is an item: the failing one first, then the passing. */
  assert_int_equal(r->n_ev, 2);
  assert_string_equal(r->ev[0].path, "services/email-worker");
  assert_int_equal(r->ev[0].mark, RC_EV_FAIL);
  assert_string_equal(r->ev[1].path, "services/api");
  assert_int_equal(r->ev[1].mark, RC_EV_PASS);
  r = &l.res.items[1];
  assert_int_equal(r->status, RC_STATUS_WARN);
  assert_int_equal(r->n_ev, 1); /* its glob selects the worker only */
  assert_string_equal(r->ev[0].path, "services/email-worker");
  assert_int_equal(r->ev[0].mark, RC_EV_FAIL);
  loaded_free(&l);
  /* All services with a Dockerfile: PASS; no worker: SKIP. */
  rc_test_write(root, "services/email-worker/Dockerfile", "FROM x");
  run_rules(stack_rules, root, NULL, &l);
  assert_int_equal(l.res.items[0].status, RC_STATUS_PASS);
  assert_string_equal(l.res.items[0].message, "all 2 services pass");
  loaded_free(&l);
  rc_test_rmtree(root);
  free(root);
}

static void test_stacks_gate_rules(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "services/api/package.json",
                "{\"scripts\": {\"start\": \"node .\"}}"); /* node only */
  struct loaded l;
  run_rules(stack_rules, root, NULL, &l);
  assert_int_equal(l.res.items[0].status, RC_STATUS_SKIP);
  assert_string_equal(l.res.items[0].message,
                      "not applicable: no docker or compose stack detected");
  assert_string_equal(l.res.items[0].skip_reason, l.res.items[0].message);
  loaded_free(&l);
  /* A detection that includes compose makes the pack apply. */
  struct rc_detection det = {0};
  det.present[RC_STACK_COMPOSE] = true;
  run_rules(stack_rules, root, &det, &l);
  assert_int_equal(l.res.items[0].status, RC_STATUS_BLOCK);
  loaded_free(&l);
  rc_test_rmtree(root);
  free(root);
}

static void test_loader_errors(void **state)
{
  (void)state;
  static const struct {
    const char *yaml;
    const char *want;
  } cases[] = {
      {"version: 1\nstacks: [dokcer]\nrules: []\n",
       "t.yaml:2:10: error: unknown stack 'dokcer' (did you mean 'docker'?)"},
      {"version: 1\nstacks: []\nrules: []\n", "empty list for 'stacks'"},
      {"version: 1\nstacks: {a: b}\nrules: []\n",
       "expected a string or a list of strings for 'stacks'"},
      {"version: 1\nrules:\n  - id: a.b\n    title: t\n    category: ci\n"
       "    severity: warn\n    remediation: r\n"
       "    for_each: { services: true, dirs: x }\n"
       "    probe: { file_exists: { path: x } }\n",
       "exactly one of 'files', 'dirs' or 'services'"},
      {"version: 1\nrules:\n  - id: a.b\n    title: t\n    category: ci\n"
       "    severity: warn\n    remediation: r\n"
       "    for_each: { services: false }\n"
       "    probe: { file_exists: { path: x } }\n",
       "'services: false' selects nothing"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_ruleset *rs = rc_ruleset_new();
    struct rc_diag d;
    rc_diag_init(&d);
    assert_int_equal(
        rc_load_buffer(rs, "t.yaml", cases[i].yaml, strlen(cases[i].yaml), &d),
        -1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rc_diag_print(&d, f, "readycheck");
    fclose(f);
    if (!strstr(buf, cases[i].want))
      fail_msg("case %zu: '%s' not in '%s'", i, cases[i].want, buf);
    free(buf);
    rc_diag_release(&d);
    rc_ruleset_free(rs);
  }
  /* A single name is accepted too and stored on every rule. */
  const char *ok = "version: 1\nstacks: k8s\nrules:\n  - id: a.b\n"
                   "    title: t\n    category: ci\n    severity: warn\n"
                   "    remediation: r\n    probe: { file_exists: { path: x "
                   "} }\n";
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_load_buffer(rs, "t.yaml", ok, strlen(ok), &d), 0);
  assert_int_equal(rs->rules[0]->n_stacks, 1);
  assert_string_equal(rs->rules[0]->stacks[0], "k8s");
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stacks_table),
      cmocka_unit_test(test_stack_parse),
      cmocka_unit_test(test_for_each_services),
      cmocka_unit_test(test_stacks_gate_rules),
      cmocka_unit_test(test_loader_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
