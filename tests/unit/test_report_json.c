/*
 * test_report_json.c - the JSON reporter: every documented field, null
 * handling, UTF-8 repair, schema validity (tests/tools/validate_json.py with
 * docs/report.schema.json, via python3-jsonschema), and write failures.
 */
#include "report_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "readycheck/mem.h"
#include "readycheck/index.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

extern const struct rc_reporter rc_reporter_json;

/* A check whose rule is titled "title of ID". */
static size_t fx_add(struct rc_rf *f, const char *id, const char *cat,
                     enum rc_severity sev, double weight, enum rc_outcome o,
                     const char *msg)
{
  return rc_rf_add_titled(f, id, rc_arena_printf(f->arena, "title of %s", id),
                          cat, sev, weight, o, msg);
}

static char *render(struct rc_rf *f)
{
  return rc_rf_render(f, &rc_reporter_json);
}

static cJSON *render_parsed(struct rc_rf *f)
{
  char *text = render(f);
  cJSON *doc = cJSON_Parse(text);
  assert_non_null(doc);
  free(text);
  return doc;
}

/* Member lookup that fails the test when the key is missing. */
static cJSON *get(const cJSON *o, const char *key)
{
  cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!v)
    fail_msg("missing key '%s'", key);
  return v;
}

static const char *get_str(const cJSON *o, const char *key)
{
  cJSON *v = get(o, key);
  assert_true(cJSON_IsString(v));
  return v->valuestring;
}

static double get_num(const cJSON *o, const char *key)
{
  cJSON *v = get(o, key);
  assert_true(cJSON_IsNumber(v));
  return v->valuedouble;
}

static struct rc_rf *sample(void)
{
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "docker.file", "infrastructure", RC_SEV_BLOCK, 3, RC_OUT_OK,
         "found 'Dockerfile'");
  size_t w = fx_add(f, "docker.health", "infrastructure", RC_SEV_WARN, 1,
                    RC_OUT_FAIL, "no HEALTHCHECK");
  rc_rf_ev(f, w, "Dockerfile", 3, "FROM node:20");
  rc_rf_ev(f, w, NULL, 0, "no location");
  f->res.items[w].n_ev_dropped = 4;
  struct rc_rule *r = (struct rc_rule *)f->res.items[w].rule;
  r->rationale = "orchestrators restart unhealthy containers";
  r->tags = rc_arena_alloc(f->arena, 2 * sizeof(*r->tags));
  r->tags[0] = "docker";
  r->tags[1] = "security";
  r->n_tags = 2;
  fx_add(f, "secrets.env", "security", RC_SEV_BLOCK, 3, RC_OUT_FAIL,
         "secret \"value\"\tfound");
  size_t s = fx_add(f, "node.lock", "dependencies", RC_SEV_WARN, 1, RC_OUT_SKIP,
                    "not applicable");
  f->res.items[s].skip_reason = "no package.json";
  fx_add(f, "cov.min", "quality", RC_SEV_BLOCK, 2, RC_OUT_ERROR, "bad json");
  fx_add(f, "docs.readme", "docs", RC_SEV_INFO, 0, RC_OUT_FAIL, "no README");
  rc_rf_score(f);
  return f;
}

static void test_top_level(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  cJSON *doc = render_parsed(f);
  assert_string_equal(get_str(doc, "schema"), "readycheck/report");
  assert_int_equal(get_num(doc, "schema_version"), 2);
  assert_string_equal(get_str(get(doc, "tool"), "name"), "readycheck");
  assert_string_equal(get_str(get(doc, "tool"), "version"), "0.1.0");
  cJSON *repo = get(doc, "repository");
  assert_string_equal(get_str(repo, "path"), "/srv/myrepo");
  assert_string_equal(get_str(repo, "name"), "myrepo");
  assert_string_equal(get_str(get(repo, "git"), "commit"),
                      "0123456789abcdef0123456789abcdef01234567");
  assert_string_equal(get_str(get(repo, "git"), "branch"), "main");
  assert_string_equal(get_str(doc, "generated_at"), "2026-11-22T10:00:00Z");
  assert_string_equal(get_str(doc, "verdict"), "BLOCKED");
  assert_true(cJSON_IsFalse(get(doc, "ready")));
  assert_true(cJSON_IsFalse(get(doc, "offline")));
  assert_true(cJSON_IsFalse(get(doc, "fail_on_warn")));
  assert_true(cJSON_IsFalse(get(doc, "blocked_by_warn")));
  assert_null(cJSON_GetObjectItem(doc, "exit_code"));
  cJSON *p = get(doc, "packs");
  assert_int_equal(cJSON_GetArraySize(p), 2);
  assert_string_equal(cJSON_GetArrayItem(p, 1)->valuestring, "node");
  cJSON_Delete(doc);
  rc_rf_free(f);
}

static void test_score_and_counts(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  cJSON *doc = render_parsed(f);
  cJSON *sc = get(doc, "score");
  /* applicable: 3 + 1 + 3 + 2 = 9, earned 3 -> 33 */
  assert_int_equal(get_num(sc, "value"), 33);
  assert_string_equal(get_str(sc, "grade"), "F");
  assert_true(cJSON_IsTrue(get(sc, "has_score")));
  assert_true(get_num(sc, "earned") == 3.0);
  assert_true(get_num(sc, "possible") == 9.0);
  assert_true(cJSON_IsNull(get(sc, "min_score")));
  assert_true(cJSON_IsFalse(get(sc, "below_min_score")));
  cJSON *c = get(doc, "counts");
  assert_int_equal(get_num(c, "pass"), 1);
  assert_int_equal(get_num(c, "warn"), 1);
  assert_int_equal(get_num(c, "block"), 1);
  assert_int_equal(get_num(c, "info"), 1);
  assert_int_equal(get_num(c, "skip"), 1);
  assert_int_equal(get_num(c, "error"), 1);
  assert_int_equal(get_num(c, "total"), 6);
  cJSON *cats = get(doc, "categories");
  assert_int_equal(cJSON_GetArraySize(cats), 5);
  cJSON *c0 = cJSON_GetArrayItem(cats, 0);
  assert_string_equal(get_str(c0, "name"), "dependencies");
  assert_true(cJSON_IsNull(get(c0, "score")));
  assert_int_equal(get_num(get(c0, "counts"), "skip"), 1);
  cJSON *c2 = cJSON_GetArrayItem(cats, 2);
  assert_string_equal(get_str(c2, "name"), "infrastructure");
  assert_int_equal(get_num(c2, "score"), 75);
  assert_int_equal(get_num(get(c2, "counts"), "total"), 2);
  cJSON_Delete(doc);
  rc_rf_free(f);
}

/* An item a probe marked passing says so; a failing one does not. */
static void test_evidence_pass_flag(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  f->res.items[1].ev[1].mark = RC_EV_PASS;
  cJSON *doc = render_parsed(f);
  cJSON *ev = get(cJSON_GetArrayItem(get(doc, "checks"), 1), "evidence");
  assert_true(cJSON_IsFalse(get(cJSON_GetArrayItem(ev, 0), "pass")));
  assert_true(cJSON_IsTrue(get(cJSON_GetArrayItem(ev, 1), "pass")));
  cJSON_Delete(doc);
  rc_rf_free(f);
}

static void test_checks(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  cJSON *doc = render_parsed(f);
  cJSON *checks = get(doc, "checks");
  assert_int_equal(cJSON_GetArraySize(checks), 6);
  cJSON *w = cJSON_GetArrayItem(checks, 1);
  assert_string_equal(get_str(w, "id"), "docker.health");
  assert_string_equal(get_str(w, "title"), "title of docker.health");
  assert_string_equal(get_str(w, "category"), "infrastructure");
  assert_string_equal(get_str(w, "severity"), "warn");
  assert_true(get_num(w, "weight") == 1.0);
  assert_string_equal(get_str(w, "status"), "WARN");
  assert_string_equal(get_str(w, "outcome"), "fail");
  assert_string_equal(get_str(w, "message"), "no HEALTHCHECK");
  assert_string_equal(get_str(w, "remediation"), "fix docker.health");
  assert_string_equal(get_str(w, "rationale"),
                      "orchestrators restart unhealthy containers");
  assert_string_equal(get_str(w, "pack"), "docker");
  assert_true(cJSON_IsNull(get(w, "skip_reason")));
  cJSON *ev = get(w, "evidence");
  assert_int_equal(cJSON_GetArraySize(ev), 2);
  cJSON *e0 = cJSON_GetArrayItem(ev, 0), *e1 = cJSON_GetArrayItem(ev, 1);
  assert_string_equal(get_str(e0, "path"), "Dockerfile");
  assert_int_equal(get_num(e0, "line"), 3);
  assert_string_equal(get_str(e0, "text"), "FROM node:20");
  assert_true(cJSON_IsNull(get(e1, "path")));
  assert_true(cJSON_IsNull(get(e1, "line")));
  assert_true(cJSON_IsFalse(get(e0, "pass"))); /* a failing check's item */
  assert_true(cJSON_IsFalse(get(e1, "pass")));
  assert_int_equal(get_num(w, "evidence_truncated"), 4);
  cJSON *t = get(w, "tags");
  assert_int_equal(cJSON_GetArraySize(t), 2);
  assert_string_equal(cJSON_GetArrayItem(t, 0)->valuestring, "docker");
  cJSON *src = get(w, "source");
  assert_string_equal(get_str(src, "file"), "rules/docker.yaml");
  assert_int_equal(get_num(src, "line"), 12);
  assert_int_equal(get_num(src, "column"), 3);

  cJSON *b = cJSON_GetArrayItem(checks, 2);
  assert_string_equal(get_str(b, "status"), "BLOCK");
  assert_string_equal(get_str(b, "message"), "secret \"value\"\tfound");
  assert_true(cJSON_IsNull(get(b, "rationale")));
  assert_int_equal(cJSON_GetArraySize(get(b, "tags")), 0);
  cJSON *s = cJSON_GetArrayItem(checks, 3);
  assert_string_equal(get_str(s, "status"), "SKIP");
  assert_string_equal(get_str(s, "outcome"), "skip");
  assert_string_equal(get_str(s, "skip_reason"), "no package.json");
  cJSON *e = cJSON_GetArrayItem(checks, 4);
  assert_string_equal(get_str(e, "status"), "ERROR");
  assert_string_equal(get_str(e, "outcome"), "error");
  cJSON *i = cJSON_GetArrayItem(checks, 5);
  assert_string_equal(get_str(i, "status"), "INFO");
  assert_string_equal(get_str(i, "severity"), "info");
  cJSON_Delete(doc);
  rc_rf_free(f);
}

static void test_nulls_and_policy(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "a", NULL, RC_SEV_WARN, 1, RC_OUT_FAIL, "m");
  struct rc_rule *r = (struct rc_rule *)f->res.items[i].rule;
  r->remediation = NULL;
  r->loc.file = NULL;
  f->policy.min_score = 50;
  f->policy.fail_on_warn = true;
  f->rep.git_commit = NULL;
  f->rep.git_branch = NULL;
  f->rep.offline = true;
  f->rep.n_packs = 0;
  rc_rf_score(f);
  cJSON *doc = render_parsed(f);
  assert_true(cJSON_IsNull(get(get(doc, "repository"), "git")));
  assert_true(cJSON_IsTrue(get(doc, "offline")));
  assert_true(cJSON_IsTrue(get(doc, "fail_on_warn")));
  assert_true(cJSON_IsTrue(get(doc, "blocked_by_warn")));
  assert_true(cJSON_IsFalse(get(doc, "ready")));
  assert_int_equal(cJSON_GetArraySize(get(doc, "packs")), 0);
  cJSON *sc = get(doc, "score");
  assert_int_equal(get_num(sc, "min_score"), 50);
  assert_true(cJSON_IsTrue(get(sc, "below_min_score")));
  assert_string_equal(get_str(doc, "verdict"), "BLOCKED");
  cJSON *c = cJSON_GetArrayItem(get(doc, "checks"), 0);
  assert_string_equal(get_str(c, "category"), "uncategorized");
  assert_true(cJSON_IsNull(get(c, "remediation")));
  assert_true(cJSON_IsNull(get(c, "source")));
  cJSON_Delete(doc);
  rc_rf_free(f);
}

static void test_ready_and_no_score(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_SKIP, "n/a");
  fx_add(f, "b", "c", RC_SEV_INFO, 1, RC_OUT_OK, "noted");
  rc_rf_score(f);
  cJSON *doc = render_parsed(f);
  assert_string_equal(get_str(doc, "verdict"), "READY");
  assert_true(cJSON_IsTrue(get(doc, "ready")));
  cJSON *sc = get(doc, "score");
  assert_true(cJSON_IsFalse(get(sc, "has_score")));
  assert_int_equal(get_num(sc, "value"), 100);
  assert_true(get_num(sc, "possible") == 0.0);
  cJSON_Delete(doc);
  rc_rf_free(f);
  /* Every check skipped: nothing was evaluated, so not ready. */
  f = rc_rf_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_SKIP, "n/a");
  rc_rf_score(f);
  doc = render_parsed(f);
  assert_string_equal(get_str(doc, "verdict"), "INCOMPLETE");
  assert_true(cJSON_IsFalse(get(doc, "ready")));
  cJSON_Delete(doc);
  rc_rf_free(f);
}

static void test_bad_bytes(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_FAIL,
                    "latin1 caf\xE9 and \xC0\xAF overlong");
  rc_rf_ev(f, i, "bin\xFF.dat", 1,
           "nul-free \x01\x1b[31m ctl \xED\xA0\x80 sur");
  rc_rf_ev(f, i, "ok.txt", 2, "caf\xC3\xA9 \xF0\x9F\x9A\x80");
  rc_rf_score(f);
  cJSON *doc = render_parsed(f);
  cJSON *c = cJSON_GetArrayItem(get(doc, "checks"), 0);
  assert_string_equal(get_str(c, "message"),
                      "latin1 caf\xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD "
                      "overlong");
  cJSON *ev = get(c, "evidence");
  cJSON *e0 = cJSON_GetArrayItem(ev, 0), *e1 = cJSON_GetArrayItem(ev, 1);
  assert_string_equal(get_str(e0, "path"), "bin\xEF\xBF\xBD.dat");
  assert_string_equal(get_str(e0, "text"),
                      "nul-free \x01\x1b[31m ctl \xEF\xBF\xBD\xEF\xBF\xBD"
                      "\xEF\xBF\xBD sur");
  /* well-formed UTF-8 passes untouched */
  assert_string_equal(get_str(e1, "text"), "caf\xC3\xA9 \xF0\x9F\x9A\x80");
  cJSON_Delete(doc);
  /* control characters are escaped, never raw */
  char *text = render(f);
  assert_null(strchr(text, '\033'));
  assert_non_null(strstr(text, "\\u001b[31m"));
  free(text);
  rc_rf_free(f);
}

static void test_write_failure(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  FILE *full = fopen("/dev/full", "w");
  assert_non_null(full);
  assert_int_equal(rc_reporter_json.write(full, &f->rep), -1);
  fclose(full);
  rc_rf_free(f);
}

/* ---- schema validation through python3-jsonschema ---------------------- */

/* The source tree's root: from RC_FIXTURES (<root>/tests/fixtures) when
 * ctest sets it, else from the working directory (tests/ or the root). */
static char *source_root(void)
{
  const char *fx = getenv("RC_FIXTURES");
  char path[4096];
  if (fx) {
    snprintf(path, sizeof(path), "%s/../../tests/tools/validate_json.py", fx);
    if (access(path, R_OK) == 0) {
      snprintf(path, sizeof(path), "%s/../..", fx);
      return rc_xstrdup(path);
    }
  }
  if (access("tools/validate_json.py", R_OK) == 0)
    return rc_xstrdup("..");
  if (access("tests/tools/validate_json.py", R_OK) == 0)
    return rc_xstrdup(".");
  fail_msg("cannot find tests/tools/validate_json.py");
  return NULL;
}

/* Runs the validator on text; returns its exit status. */
static int validate(const char *text, char **err)
{
  char *root = source_root();
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "report.json", text);
  char script[4096], schema[4096], file[4096];
  snprintf(script, sizeof(script), "%s/tests/tools/validate_json.py", root);
  snprintf(schema, sizeof(schema), "%s/docs/report.schema.json", root);
  snprintf(file, sizeof(file), "%s/report.json", dir);
  const char *const argv[] = {"/usr/bin/python3", script, schema, file, NULL};
  int rc = rc_test_run(argv, NULL, NULL, err);
  rc_test_rmtree(dir);
  free(dir);
  free(root);
  return rc;
}

static void assert_valid(const char *text)
{
  char *err = NULL;
  int rc = validate(text, &err);
  if (rc != 0)
    fail_msg("validator exited %d: %s", rc, err ? err : "");
  free(err);
}

static void test_schema_valid(void **state)
{
  (void)state;
  struct rc_rf *f = sample();
  char *text = render(f);
  assert_valid(text);
  free(text);
  rc_rf_free(f);

  f = rc_rf_new(); /* empty run, no git, no packs, no timestamp */
  f->rep.git_commit = NULL;
  f->rep.timestamp = NULL;
  f->rep.n_packs = 0;
  rc_rf_score(f);
  text = render(f);
  assert_valid(text);
  free(text);
  rc_rf_free(f);
}

/* What the walk left out is listed, and the schema knows the list. */
static void test_skipped_paths(void **state)
{
  (void)state;
  static const struct rc_skip skips[] = {
      {"data/pg", "Permission denied", RC_SKIP_DIR},
      {"link", "dangling symbolic link", RC_SKIP_SYMLINK},
  };
  struct rc_rf *f = sample();
  f->rep.skips = skips;
  f->rep.n_skips = 2;
  cJSON *doc = render_parsed(f);
  const cJSON *arr = get(doc, "skipped_paths");
  assert_int_equal(cJSON_GetArraySize(arr), 2);
  const cJSON *a = cJSON_GetArrayItem(arr, 0), *b = cJSON_GetArrayItem(arr, 1);
  assert_string_equal(get_str(a, "path"), "data/pg");
  assert_string_equal(get_str(a, "kind"), "directory");
  assert_string_equal(get_str(a, "reason"), "Permission denied");
  assert_string_equal(get_str(b, "kind"), "symlink");
  cJSON_Delete(doc);
  char *text = render(f);
  assert_valid(text);
  free(text);
  rc_rf_free(f);
}

static void test_schema_valid_bad_bytes(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = fx_add(f, "a", "c", RC_SEV_WARN, 0.1, RC_OUT_FAIL, "\xFF\xFE");
  rc_rf_ev(f, i, "x\x80y", 7, "\x1b\x7f");
  rc_rf_score(f);
  char *text = render(f);
  assert_valid(text); /* python refuses ill-formed UTF-8 outright */
  free(text);
  rc_rf_free(f);
}

/* Each mutation of a valid document must be rejected. */
static void test_schema_rejects(void **state)
{
  (void)state;
  static const char *const mutations[] = {
      "schema_version=1", "verdict=MAYBE", "extra",         "drop_verdict",
      "check_status=OK",  "exit_code",     "bad_timestamp", "not_json",
  };
  struct rc_rf *f = sample();
  char *good = render(f);
  for (size_t m = 0; m < sizeof(mutations) / sizeof(mutations[0]); m++) {
    cJSON *doc = cJSON_Parse(good);
    assert_non_null(doc);
    const char *what = mutations[m];
    if (strcmp(what, "schema_version=1") == 0)
      cJSON_SetNumberValue(get(doc, "schema_version"), 1);
    else if (strcmp(what, "verdict=MAYBE") == 0)
      cJSON_ReplaceItemInObject(doc, "verdict", cJSON_CreateString("MAYBE"));
    else if (strcmp(what, "extra") == 0)
      cJSON_AddTrueToObject(get(doc, "score"), "extra");
    else if (strcmp(what, "drop_verdict") == 0)
      cJSON_DeleteItemFromObject(doc, "verdict");
    else if (strcmp(what, "check_status=OK") == 0)
      cJSON_ReplaceItemInObject(cJSON_GetArrayItem(get(doc, "checks"), 0),
                                "status", cJSON_CreateString("OK"));
    else if (strcmp(what, "exit_code") == 0)
      cJSON_AddNumberToObject(doc, "exit_code", 1);
    else if (strcmp(what, "bad_timestamp") == 0)
      cJSON_ReplaceItemInObject(doc, "generated_at",
                                cJSON_CreateString("yesterday"));
    char *text = strcmp(what, "not_json") == 0 ? rc_xstrdup("{\"schema\":")
                                               : cJSON_Print(doc);
    cJSON_Delete(doc);
    char *err = NULL;
    int rc = validate(text, &err);
    if (rc != 1)
      fail_msg("mutation '%s': validator exited %d, want 1", what, rc);
    assert_non_null(strstr(err, "validate_json:"));
    free(err);
    free(text);
  }
  free(good);
  rc_rf_free(f);
}

static void test_reporter_identity(void **state)
{
  (void)state;
  assert_string_equal(rc_reporter_json.name, "json");
  assert_string_equal(rc_reporter_json.ext, "json");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_top_level),
      cmocka_unit_test(test_score_and_counts),
      cmocka_unit_test(test_checks),
      cmocka_unit_test(test_evidence_pass_flag),
      cmocka_unit_test(test_nulls_and_policy),
      cmocka_unit_test(test_ready_and_no_score),
      cmocka_unit_test(test_bad_bytes),
      cmocka_unit_test(test_write_failure),
      cmocka_unit_test(test_schema_valid),
      cmocka_unit_test(test_schema_valid_bad_bytes),
      cmocka_unit_test(test_skipped_paths),
      cmocka_unit_test(test_schema_rejects),
      cmocka_unit_test(test_reporter_identity),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
