/*
 * test_value.c - the `value` probe over repositories written at test time:
 * compose healthchecks, k8s manifests, package.json thresholds, typed
 * equality, regexes, absence, missing and broken files, document selection
 * with `where`, load-time checks.
 */
#include "probe_helpers.h"
#include "testutil.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"

extern const struct rc_probe rc_probe_value;

static int setup(void **state)
{
  *state = rc_ph_fixture_new(&rc_probe_value);
  return 0;
}

static int teardown(void **state)
{
  rc_ph_fixture_free(*state);
  return 0;
}

/* ---- setting fields by name, as the loader would ---------------------- */

static void *field(struct rc_ph_fixture *f, const char *name,
                   enum rc_field_type type)
{
  return rc_ph_field(&f->ph, name, type);
}

static void set_string(struct rc_ph_fixture *f, const char *name,
                       const char *value)
{
  *(const char **)field(f, name, RC_FIELD_STRING) = value;
}

static void set_files(struct rc_ph_fixture *f, const char *a, const char *b)
{
  struct rc_strlist *l = field(f, "file", RC_FIELD_STRINGS);
  l->items = rc_arena_alloc(f->ph.arena, 2 * sizeof(*l->items));
  l->items[0] = a;
  l->items[1] = b;
  l->n = b ? 2 : 1;
}

static void set_enum(struct rc_ph_fixture *f, const char *name,
                     const char *value)
{
  rc_ph_enum(&f->ph, name, value);
}

/* Types text the way the loader types a plain YAML scalar. */
static void set_plain(struct rc_ph_fixture *f, const char *name,
                      const char *text)
{
  struct rc_scalar *s = field(f, name, RC_FIELD_SCALAR);
  char *end;
  s->text = text;
  s->number = strtod(text, &end);
  if (strcmp(text, "null") == 0 || strcmp(text, "~") == 0) {
    s->kind = RC_SCALAR_NULL;
  } else if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
    s->kind = RC_SCALAR_BOOL;
    s->boolean = text[0] == 't';
  } else {
    s->kind = *text && !*end ? RC_SCALAR_NUMBER : RC_SCALAR_STRING;
  }
}

static void set_quoted(struct rc_ph_fixture *f, const char *name,
                       const char *text)
{
  struct rc_scalar *s = field(f, name, RC_FIELD_SCALAR);
  s->kind = RC_SCALAR_STRING;
  s->text = text;
}

static void unset(struct rc_ph_fixture *f, const char *name)
{
  struct rc_scalar *s = field(f, name, RC_FIELD_SCALAR);
  memset(s, 0, sizeof(*s));
}

static void set_regex(struct rc_ph_fixture *f, const char *name,
                      const char *pattern)
{
  struct rc_pattern *p = field(f, name, RC_FIELD_REGEX);
  char err[256];
  size_t off;
  p->src = pattern;
  p->re = rc_regex_new(pattern, err, sizeof(err), &off);
  assert_non_null(p->re);
  rc_arena_defer(f->ph.arena, rc_regex_free_void, p->re);
}

/* ---- running ------------------------------------------------------- */

static void put_file(struct rc_ph_fixture *f, const char *path,
                     const char *text)
{
  rc_test_write(f->repo.root, path, text);
}

static void expect_ev(struct rc_ph_fixture *f, size_t i, const char *path,
                      const char *text)
{
  if (i >= f->c.n_ev)
    fail_msg("only %zu evidence items, want '%s'", f->c.n_ev, text);
  assert_string_equal(f->c.ev[i].path, path);
  assert_int_equal(f->c.ev[i].line, 0);
  /* Evidence text never repeats its own path (check.c strips it). */
  size_t plen = strlen(path);
  if (strncmp(text, path, plen) == 0 && strncmp(text + plen, ": ", 2) == 0)
    text += plen + 2;
  assert_string_equal(f->c.ev[i].text, text);
}

static int validate(struct rc_ph_fixture *f, const char *want_error)
{
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_loc loc = {"rules.yaml", 3, 5};
  int rc = rc_probe_value.validate(f->ph.cfg, &loc, &d);
  if (want_error) {
    assert_int_equal(rc, -1);
    bool found = false;
    for (size_t i = 0; i < d.n; i++)
      found = found || strstr(d.items[i].msg, want_error);
    if (!found)
      fail_msg("no error '%s' (%zu errors, first '%s')", want_error, d.n,
               d.n ? d.items[0].msg : "");
  }
  rc_diag_release(&d);
  return rc;
}

/* ---- tests ----------------------------------------------------------- */

static const char compose[] = "x-common: &common\n"
                              "  restart: unless-stopped\n"
                              "  healthcheck:\n"
                              "    test: [CMD, curl, -f, localhost]\n"
                              "services:\n"
                              "  web:\n"
                              "    <<: *common\n"
                              "    image: web:1.2\n"
                              "  db:\n"
                              "    image: postgres:latest\n"
                              "    restart: always\n"
                              "  cache:\n"
                              "    <<: *common\n"
                              "    image: redis:7\n";

static void test_compose_healthchecks(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "docker-compose.yml", compose);
  set_files(f, "docker-compose.yml", NULL);
  set_string(f, "key", "services.*.healthcheck");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "2 of 3 candidates for 'services.*.healthcheck' satisfy 'exists'");
  assert_int_equal(f->c.n_ev, 1);
  expect_ev(f, 0, "docker-compose.yml",
            "docker-compose.yml: services.db.healthcheck is missing");

  set_enum(f, "match", "any");
  rc_ph_fixture_expect(
      f, RC_OUT_OK,
      "2 of 3 candidates for 'services.*.healthcheck' satisfy 'exists'");
  assert_int_equal(f->c.n_ev, 2);
  expect_ev(f, 0, "docker-compose.yml",
            "docker-compose.yml: services.web.healthcheck is an object (1 "
            "key)");
}

static void test_compose_restart_policy(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "docker-compose.yml", compose);
  set_files(f, "docker-compose.yml", NULL);
  set_string(f, "key", "services.*.restart");
  set_quoted(f, "equals", "unless-stopped");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "2 of 3 candidates for 'services.*.restart' satisfy 'equals: "
      "\"unless-stopped\"'");
  expect_ev(f, 0, "docker-compose.yml",
            "docker-compose.yml: services.db.restart = \"always\" (not "
            "\"unless-stopped\")");

  unset(f, "equals");
  set_regex(f, "matches", "^(always|unless-stopped)$");
  rc_ph_fixture_expect(
      f, RC_OUT_OK,
      "3 of 3 candidates for 'services.*.restart' satisfy 'matches: "
      "/^(always|unless-stopped)$/'");
  assert_int_equal(f->c.n_ev, 3);
}

static void test_not_matches_and_exists_false(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "docker-compose.yml", compose);
  set_files(f, "docker-compose.yml", NULL);
  set_string(f, "key", "services.*.image");
  set_regex(f, "not_matches", ":latest$");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "2 of 3 candidates for 'services.*.image' satisfy 'not_matches: "
      "/:latest$/'");
  expect_ev(f, 0, "docker-compose.yml",
            "docker-compose.yml: services.db.image = \"postgres:latest\" "
            "(matches /:latest$/)");

  struct rc_ph_fixture *g = f;
  memset(g->ph.cfg, 0, rc_probe_value.cfg_size);
  set_files(g, "docker-compose.yml", NULL);
  set_string(g, "key", "services.*.privileged");
  set_plain(g, "exists", "false");
  rc_ph_fixture_expect(
      g, RC_OUT_OK,
      "3 of 3 candidates for 'services.*.privileged' satisfy 'exists: "
      "false'");
  set_string(g, "key", "services.db.restart");
  rc_ph_fixture_expect(
      g, RC_OUT_FAIL,
      "docker-compose.yml: services.db.restart = \"always\" (present)");
  set_string(g, "key", "volumes");
  rc_ph_fixture_expect(g, RC_OUT_OK, "docker-compose.yml: volumes is missing");
}

static const char deployment[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: app\n"
    "          resources: {limits: {cpu: 500m, memory: 256Mi}}\n";

static void test_k8s_multi_document(void **state)
{
  struct rc_ph_fixture *f = *state;
  char *two = rc_xmalloc(2 * sizeof(deployment) + 64);
  strcpy(two, deployment);
  strcat(two, "---\n");
  strcat(two, deployment);
  /* The second Deployment's second container has no limits. */
  strcat(two, "        - name: sidecar\n          image: envoy\n---\n");
  put_file(f, "k8s/app.yaml", two);
  put_file(f, "k8s/ok.yaml", deployment);
  free(two);
  set_files(f, "k8s/*.yaml", NULL);
  set_string(f, "key", "spec.template.spec.containers.*.resources.limits");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "3 of 4 candidates for "
      "'spec.template.spec.containers.*.resources.limits' satisfy "
      "'exists'");
  assert_int_equal(f->c.n_ev, 1);
  expect_ev(f, 0, "k8s/app.yaml",
            "k8s/app.yaml (document 2): "
            "spec.template.spec.containers[1].resources.limits is missing");

  set_string(f, "key", "spec.template.spec.containers[0].resources.limits.cpu");
  set_quoted(f, "equals", "500m");
  rc_ph_fixture_expect(
      f, RC_OUT_OK,
      "3 of 3 candidates for "
      "'spec.template.spec.containers[0].resources.limits.cpu' satisfy "
      "'equals: \"500m\"'");
}

static void set_list(struct rc_ph_fixture *f, const char *name, const char *a,
                     const char *b)
{
  struct rc_strlist *l = field(f, name, RC_FIELD_STRINGS);
  l->items = rc_arena_alloc(f->ph.arena, 2 * sizeof(*l->items));
  l->items[0] = a;
  l->items[1] = b;
  l->n = a ? (b ? 2 : 1) : 0;
}

static const char two_workloads[] =
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: api}\n"
    "spec: {ports: [{port: 80}]}\n"
    "---\n"
    "kind: Deployment\n"
    "metadata: {name: api}\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "        - {name: api, ports: [{containerPort: 80}], resources: {limits: "
    "{memory: 1Gi}}}\n"
    "---\n"
    "kind: StatefulSet\n"
    "metadata: {name: db}\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "        - {name: db}\n";

static void test_where_selects_documents(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "k8s/app.yaml", two_workloads);
  put_file(f, "k8s/broken.yaml", "a: [\n"); /* never names a workload */
  set_files(f, "k8s/*.yaml", NULL);
  set_string(f, "key", "spec.template.spec.containers.*.resources.limits");

  /* Without where the Service fails too; with it only workloads count. */
  set_list(f, "where", "kind=Deployment", NULL);
  rc_ph_fixture_expect(
      f, RC_OUT_OK,
      "k8s/app.yaml: Deployment/api: "
      "spec.template.spec.containers[0].resources.limits is an object (1 "
      "key)");
  set_list(f, "where", "kind in (Deployment, \"StatefulSet\")", NULL);
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "1 of 2 candidates for "
      "'spec.template.spec.containers.*.resources.limits' satisfy "
      "'exists'");
  expect_ev(f, 0, "k8s/app.yaml",
            "k8s/app.yaml: StatefulSet/db: "
            "spec.template.spec.containers[0].resources.limits is missing");

  /* Conditions of a list must all hold; a bare key only has to exist,
   * through a wildcard in any of the places it reaches. */
  set_list(f, "where", "kind in (Deployment, StatefulSet)",
           "spec.template.spec.containers.*.ports");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_OK);

  /* No document selected: skip by default, or as configured. */
  set_list(f, "where", "kind=CronJob", NULL);
  rc_ph_fixture_expect(f, RC_OUT_SKIP,
                       "no document matches where 'kind=CronJob'");
  set_enum(f, "none_selected", "pass");
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "no document matches where 'kind=CronJob'");
  set_enum(f, "none_selected", "fail");
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "no document matches where 'kind=CronJob'");
  set_files(f, "nothing/*.yaml", NULL);
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "no document matches where 'kind=CronJob'");
}

static void test_where_broken_and_excluded(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "k8s/app.yaml", two_workloads);
  put_file(f, "k8s/notes.yaml", "a: [\n");
  put_file(f, "k8s/bad.yaml", "kind: Deployment\nspec: [\n");
  set_files(f, "k8s/*.yaml", NULL);
  set_string(f, "key", "metadata.name");
  set_list(f, "where", "kind=Deployment", NULL);
  /* An unparsable file that names the kind could hold one: fail closed. */
  rc_ph_fixture_expect(
      f, RC_OUT_ERROR,
      "1 of 2 candidates for 'metadata.name' could not be read or "
      "evaluated, e.g. k8s/bad.yaml: 3:1: did not find expected node "
      "content (while parsing a flow node at 3:1)");
  set_list(f, "exclude", "**/bad.yaml", NULL);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "k8s/app.yaml: Deployment/api: metadata.name = "
                       "\"api\"");
  /* A condition's key may be written with a wildcard and a value. */
  set_list(f, "where", "spec.template.spec.containers.*.name=db", NULL);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "k8s/app.yaml: StatefulSet/db: metadata.name = "
                       "\"db\"");
  /* Bad conditions are caught when the check runs after expansion too. */
  set_list(f, "where", "kind in (Deployment", NULL);
  rc_ph_fixture_expect(
      f, RC_OUT_ERROR,
      "where 'kind in (Deployment': 'in (' without a closing ')'");
}

static void test_package_json_threshold(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "package.json",
           "{\"name\": \"x\", \"jest\": {\"coverageThreshold\": "
           "{\"global\": {\"lines\": 70, \"branches\": \"85\", "
           "\"functions\": 1e999, \"statements\": \"many\"}}}}\n");
  set_files(f, "package.json", NULL);
  set_string(f, "key", "jest.coverageThreshold.global.lines");
  set_plain(f, "gte", "80");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "package.json: jest.coverageThreshold.global.lines = 70 (< 80)");
  expect_ev(f, 0, "package.json",
            "package.json: jest.coverageThreshold.global.lines = 70 (< 80)");

  set_plain(f, "gte", "70");
  rc_ph_fixture_expect(
      f, RC_OUT_OK, "package.json: jest.coverageThreshold.global.lines = 70");
  set_plain(f, "lt", "70");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "package.json: jest.coverageThreshold.global.lines = 70 (>= 70)");

  memset(f->ph.cfg, 0, rc_probe_value.cfg_size);
  set_files(f, "package.json", NULL);
  set_string(f, "key", "jest.coverageThreshold.global.branches");
  set_plain(f, "gt", "80");
  rc_ph_fixture_expect(
      f, RC_OUT_OK,
      "package.json: jest.coverageThreshold.global.branches = \"85\"");
  set_plain(f, "lte", "84.5");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "package.json: jest.coverageThreshold.global.branches = \"85\" (> "
      "84.5)");

  set_string(f, "key", "jest.coverageThreshold.global.functions");
  rc_ph_fixture_expect(
      f, RC_OUT_ERROR,
      "package.json: jest.coverageThreshold.global.functions = inf (not a "
      "finite number)");
  set_string(f, "key", "jest.coverageThreshold.global.statements");
  rc_ph_fixture_expect(
      f, RC_OUT_ERROR,
      "package.json: jest.coverageThreshold.global.statements = \"many\" "
      "(not a number)");
  set_string(f, "key", "jest.coverageThreshold.global.missing");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "package.json: jest.coverageThreshold.global.missing is missing");
}

static void test_typed_equality(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "a.json", "{\"n\": 3, \"s\": \"3\", \"t\": true, \"z\": null}");
  put_file(f, "b.yaml", "n: 3\ns: '3'\nt: true\nz: ~\nv: 3.10\n");
  set_files(f, "a.json", "b.yaml");
  static const struct {
    const char *key, *value;
    bool quoted;
    enum rc_outcome o;
  } cases[] = {
      {"n", "3", false, RC_OUT_OK},     {"n", "3.0", false, RC_OUT_OK},
      {"n", "3", true, RC_OUT_FAIL},    {"s", "3", true, RC_OUT_OK},
      {"s", "3", false, RC_OUT_FAIL},   {"t", "true", false, RC_OUT_OK},
      {"t", "true", true, RC_OUT_FAIL}, {"z", "null", false, RC_OUT_OK},
      {"z", "null", true, RC_OUT_FAIL}, {"t", "false", false, RC_OUT_FAIL},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    set_string(f, "key", cases[i].key);
    if (cases[i].quoted)
      set_quoted(f, "equals", cases[i].value);
    else
      set_plain(f, "equals", cases[i].value);
    if (rc_ph_fixture_run(f) != cases[i].o)
      fail_msg("%s equals %s%s: %s", cases[i].key, cases[i].value,
               cases[i].quoted ? " (quoted)" : "", f->c.message);
  }

  set_string(f, "key", "n");
  set_plain(f, "equals", "3");
  set_plain(f, "not_equals", "4");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_OK);
  set_plain(f, "not_equals", "3");
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "0 of 2 candidates for 'n' satisfy 'equals: 3, "
                       "not_equals: 3'");
  expect_ev(f, 1, "b.yaml", "b.yaml: n = 3 (the excluded value)");

  /* A regex sees a YAML number as written. */
  memset(f->ph.cfg, 0, rc_probe_value.cfg_size);
  set_files(f, "b.yaml", NULL);
  set_string(f, "key", "v");
  set_regex(f, "matches", "^3\\.10$");
  rc_ph_fixture_expect(f, RC_OUT_OK, "b.yaml: v = 3.10");
  set_string(f, "key", "z");
  rc_ph_fixture_expect(f, RC_OUT_ERROR, "b.yaml: z = null (null, not text)");
}

static void test_files_missing_broken_ignored(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, ".gitignore", "build/\n");
  put_file(f, "build/config.json", "{\"ok\": true}");
  put_file(f, "bad.json", "{\n  \"a\": 1,\n  \"b\": }\n");
  put_file(f, "empty.yaml", "");
  set_string(f, "key", "ok");

  set_files(f, "build/config.json", NULL);
  rc_ph_fixture_expect(f, RC_OUT_OK, "build/config.json: ok = true");
  assert_null(rc_index_find(f->repo.idx, "build/config.json")); /* ignored */

  set_files(f, "nope.json", NULL);
  rc_ph_fixture_expect(f, RC_OUT_FAIL, "no file 'nope.json'");
  expect_ev(f, 0, "nope.json", "no file 'nope.json'");
  set_files(f, "conf/*.json", NULL);
  rc_ph_fixture_expect(f, RC_OUT_FAIL, "no file matches 'conf/*.json'");
  set_files(f, "bad.json", NULL);
  rc_ph_fixture_expect(f, RC_OUT_ERROR, "bad.json: 3:8: invalid JSON near '}'");
  set_files(f, "build", NULL);
  rc_ph_fixture_expect(f, RC_OUT_ERROR, "build: is a directory");
  set_files(f, "empty.yaml", NULL);
  rc_ph_fixture_expect(f, RC_OUT_FAIL, "empty.yaml: ok is missing");
  set_files(f, "../etc/passwd", NULL);
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_ERROR);

  /* all: a failing file decides over an unreadable one; any: a passing one
   * decides over both. */
  set_files(f, "bad.json", "empty.yaml");
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "0 of 2 candidates for 'ok' satisfy 'exists'");
  set_enum(f, "match", "any");
  set_files(f, "bad.json", "build/config.json");
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "1 of 2 candidates for 'ok' satisfy 'exists'");
  set_files(f, "bad.json", "empty.yaml");
  rc_ph_fixture_expect(f, RC_OUT_ERROR,
                       "1 of 2 candidates for 'ok' could not be read or "
                       "evaluated, e.g. bad.json: 3:8: invalid JSON near "
                       "'}'");
}

/* What rests on nothing read is vacuous (rc_check.vacuous): no file, a
 * comparison with no value to compare, `none_selected: pass`. The run
 * makes a vacuous pass not applicable; `not` keeps the flag, so "not
 * equal to X" over a missing key is no pass either. A missing key is a
 * real answer to `exists`, and its absence a real pass of `exists:
 * false`. */
static void test_vacuous_outcomes(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "package.json",
           "{\"jest\": {\"coverageThreshold\": {\"global\": "
           "{\"lines\": 90}}}}\n");
  put_file(f, "k8s/app.yaml", "kind: Deployment\nmetadata:\n  name: api\n");
  set_files(f, "package.json", NULL);
  set_string(f, "key", "jest.coverageThreshold.global.branches");
  set_plain(f, "gte", "80");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "package.json: jest.coverageThreshold.global.branches is missing");
  assert_true(f->c.vacuous);
  set_string(f, "key", "jest.coverageThreshold.global.lines");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_OK);
  assert_false(f->c.vacuous);
  set_files(f, "nope.json", NULL);
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_FAIL);
  assert_true(f->c.vacuous);
  set_files(f, "conf/*.json", NULL);
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_FAIL);
  assert_true(f->c.vacuous);
  /* a value that fails the comparison is a real failure */
  set_files(f, "package.json", NULL);
  set_string(f, "key", "jest.coverageThreshold.global.*");
  set_plain(f, "gte", "95");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_FAIL);
  assert_false(f->c.vacuous);

  unset(f, "gte");
  set_string(f, "key", "jest.coverageThreshold.global.branches");
  rc_ph_fixture_expect(
      f, RC_OUT_FAIL,
      "package.json: jest.coverageThreshold.global.branches is missing");
  assert_false(f->c.vacuous); /* `exists`: missing is the answer */
  set_plain(f, "exists", "false");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_OK);
  assert_false(f->c.vacuous);
  unset(f, "exists");

  set_files(f, "k8s/*.yaml", NULL);
  set_string(f, "key", "metadata.name");
  set_list(f, "where", "kind=CronJob", NULL);
  set_enum(f, "none_selected", "pass");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_OK);
  assert_true(f->c.vacuous);
  set_enum(f, "none_selected", "fail");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_FAIL);
  assert_true(f->c.vacuous);
  set_list(f, "where", "kind=Deployment", NULL);
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_OK);
  assert_false(f->c.vacuous);
}

static void test_evidence_is_masked(void **state)
{
  struct rc_ph_fixture *f = *state;
  put_file(f, "config.yaml", "database:\n  password: hunter2-s3cr3t\n");
  set_files(f, "config.yaml", NULL);
  set_string(f, "key", "database.password");
  set_quoted(f, "equals", "x");
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_FAIL);
  assert_null(strstr(f->c.message, "hunter2"));
  assert_int_equal(f->c.n_ev, 1);
  assert_null(strstr(f->c.ev[0].text, "hunter2"));
  assert_string_equal(f->c.ev[0].text,
                      "database.password = \"****\" (not \"x\")");
}

static void test_evidence_cap(void **state)
{
  struct rc_ph_fixture *f = *state;
  char text[2048] = "items:\n";
  for (int i = 0; i < 30; i++)
    strcat(text, "  - {name: x}\n");
  put_file(f, "list.yaml", text);
  set_files(f, "list.yaml", NULL);
  set_string(f, "key", "items.*.id");
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "0 of 30 candidates for 'items.*.id' satisfy 'exists'");
  assert_int_equal(f->c.n_ev, RC_EVIDENCE_MAX);
  assert_int_equal(f->c.n_ev_dropped, 30 - RC_EVIDENCE_MAX);
  expect_ev(f, 0, "list.yaml", "list.yaml: items[0].id is missing");
  /* -v keeps every item: no cap of the probe's own */
  f->repo.ctx.evidence_max = SIZE_MAX;
  assert_int_equal(rc_ph_fixture_run(f), RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 30);
  assert_int_equal(f->c.n_ev_dropped, 0);
  expect_ev(f, 29, "list.yaml", "list.yaml: items[29].id is missing");
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  set_files(f, "package.json", NULL);
  set_string(f, "key", "a.b[0]");
  assert_int_equal(validate(f, NULL), 0);
  set_string(f, "key", "${KEY}.x");
  assert_int_equal(validate(f, NULL), 0); /* checked after expansion */

  set_string(f, "key", "a..b");
  validate(f, "empty step at character 3 of key path 'a..b'");
  set_string(f, "key", "a");

  set_quoted(f, "gte", "80");
  validate(f, "'gte' must be a finite number");
  set_plain(f, "gte", "80");
  assert_int_equal(validate(f, NULL), 0);

  set_quoted(f, "exists", "yes");
  validate(f, "'exists' must be true or false");
  set_plain(f, "exists", "false");
  validate(f, "'exists: false' cannot be combined with comparisons");
  set_plain(f, "exists", "true");
  assert_int_equal(validate(f, NULL), 0);

  set_files(f, "src/[a.json", NULL);
  validate(f, "bad file glob 'src/[a.json'");
  set_files(f, "a.json", NULL);
  set_list(f, "exclude", "x/[a", NULL);
  validate(f, "bad exclude glob 'x/[a'");
  set_list(f, "exclude", NULL, NULL);

  static const struct {
    const char *where, *error;
  } wheres[] = {
      {"kind=Deployment", NULL},
      {"kind in (Deployment, StatefulSet)", NULL},
      {"spec.template", NULL},
      {"kind=${KIND}", NULL},
      {"=Deployment", "where '=Deployment': no key"},
      {"kind=", "where 'kind=': empty value"},
      {"kind in (a,,b)", "where 'kind in (a,,b)': empty value"},
      {"kind in (a) x", "'in (' without a closing ')'"},
      {"a..b=c", "where 'a..b=c': empty step"},
  };
  for (size_t i = 0; i < sizeof(wheres) / sizeof(wheres[0]); i++) {
    set_list(f, "where", wheres[i].where, NULL);
    if (wheres[i].error)
      validate(f, wheres[i].error);
    else if (validate(f, NULL) != 0)
      fail_msg("where '%s' rejected", wheres[i].where);
  }
}

static void test_field_table(void **state)
{
  (void)state;
  const struct rc_probe *p = &rc_probe_value;
  assert_string_equal(p->name, "value");
  assert_false(p->network);
  size_t n = 0, required = 0;
  for (const struct rc_field *fd = p->fields; fd->name; fd++, n++) {
    assert_non_null(fd->doc);
    assert_true(fd->offset < p->cfg_size);
    if (fd->flags & RC_FIELD_REQUIRED)
      required++;
    if (fd->type == RC_FIELD_ENUM)
      assert_non_null(fd->enum_names);
    for (const struct rc_field *g = p->fields; g != fd; g++)
      assert_string_not_equal(g->name, fd->name);
  }
  assert_int_equal(n, 16);
  assert_int_equal(required, 2);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_compose_healthchecks, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_compose_restart_policy, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_not_matches_and_exists_false, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_k8s_multi_document, setup, teardown),
      cmocka_unit_test_setup_teardown(test_where_selects_documents, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_where_broken_and_excluded, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_package_json_threshold, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_typed_equality, setup, teardown),
      cmocka_unit_test_setup_teardown(test_files_missing_broken_ignored, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_vacuous_outcomes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_evidence_is_masked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_evidence_cap, setup, teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
      cmocka_unit_test_setup_teardown(test_field_table, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
