/*
 * test_policy.c - fingerprints (stable across line moves and measurements,
 * distinct per rule, path and item), findings, waivers (scopes, expiry,
 * stale, inline comments) and the baseline comparison read back from a real
 * JSON report.
 */
#include "report_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/policy.h"
#include "readycheck/rule.h"

extern const struct rc_reporter rc_reporter_json;

static void test_fingerprint_stable(void **state)
{
  (void)state;
  char a[17], b[17], c[17];
  rc_fingerprint_item("r.x", "Dockerfile", "ENV KEY=1", 0, a);
  assert_int_equal(strlen(a), 16);
  assert_int_equal(strspn(a, "0123456789abcdef"), 16);
  /* Measurements and spacing do not change the identity... */
  rc_fingerprint_item("r.x", "Dockerfile", "ENV  KEY=23 ", 0, b);
  assert_string_equal(a, b);
  /* ...rule, path, text and occurrence do. */
  rc_fingerprint_item("r.y", "Dockerfile", "ENV KEY=1", 0, c);
  assert_string_not_equal(a, c);
  rc_fingerprint_item("r.x", "api/Dockerfile", "ENV KEY=1", 0, c);
  assert_string_not_equal(a, c);
  rc_fingerprint_item("r.x", "Dockerfile", "ENV OTHER=1", 0, c);
  assert_string_not_equal(a, c);
  rc_fingerprint_item("r.x", "Dockerfile", "ENV KEY=1", 1, c);
  assert_string_not_equal(a, c);
  rc_fingerprint_item("r.x", NULL, "ENV KEY=1", 0, c);
  assert_string_not_equal(a, c);
}

/* The same finding on another line keeps its fingerprint. */
static void test_fingerprint_ignores_lines(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t i = rc_rf_add_titled(f, "s.key", "Key", "security", RC_SEV_BLOCK, 3,
                              RC_OUT_FAIL, "found");
  rc_rf_ev(f, i, "a.env", 3, "KEY=****");
  rc_rf_ev(f, i, "a.env", 9, "KEY=****"); /* a second, identical line */
  rc_rf_score(f);
  char *first = rc_xstrdup(f->res.items[i].ev[0].fingerprint);
  char *second = rc_xstrdup(f->res.items[i].ev[1].fingerprint);
  assert_string_not_equal(first, second);
  f->res.items[i].ev[0].line = 40;
  f->res.items[i].ev[1].line = 41;
  rc_rf_score(f);
  assert_string_equal(f->res.items[i].ev[0].fingerprint, first);
  assert_string_equal(f->res.items[i].ev[1].fingerprint, second);
  free(first);
  free(second);
  rc_rf_free(f);
}

/* A failing check with items: one finding per failing item; without: the
 * check itself. Passing checks and passing items have none. */
static void test_findings(void **state)
{
  (void)state;
  struct rc_rf *f = rc_rf_new();
  size_t a = rc_rf_add_titled(f, "a", "A", "c", RC_SEV_BLOCK, 3, RC_OUT_FAIL,
                              "2 of 3 fail");
  rc_rf_ev(f, a, "x", 0, "bad");
  rc_rf_ev(f, a, "y", 0, "bad");
  rc_rf_ev(f, a, "z", 0, "fine");
  f->res.items[a].ev[2].mark = RC_EV_PASS;
  rc_rf_add_titled(f, "b", "B", "c", RC_SEV_WARN, 1, RC_OUT_FAIL, "missing");
  size_t c = rc_rf_add_titled(f, "c", "C", "c", RC_SEV_WARN, 1, RC_OUT_OK, "");
  rc_rf_ev(f, c, "w", 0, "ok");
  rc_rf_score(f);
  struct rc_finding *fs;
  size_t n = rc_findings(&f->res, &fs);
  assert_int_equal(n, 3);
  assert_string_equal(fs[0].ev->path, "x");
  assert_string_equal(fs[1].ev->path, "y");
  assert_null(fs[2].ev);
  assert_string_equal(fs[2].fingerprint, f->res.items[1].fingerprint);
  free(fs);
  rc_rf_free(f);
}

struct wfx {
  struct rc_rf *f;
  struct rc_waivers w;
  size_t svc; /* "docker.per-service": 2 failing service items */
  size_t cov; /* "testing.coverage": fails without items */
};

static struct wfx *wfx_new(void)
{
  struct wfx *x = rc_xcalloc(1, sizeof(*x));
  x->f = rc_rf_new();
  x->svc = rc_rf_add_titled(x->f, "docker.per-service", "Dockerfile",
                            "infrastructure", RC_SEV_BLOCK, 3, RC_OUT_FAIL,
                            "2 of 3 services fail");
  rc_rf_ev(x->f, x->svc, "services/email-worker", 0, "no Dockerfile");
  rc_rf_ev(x->f, x->svc, "services/legacy", 0, "no Dockerfile");
  rc_rf_ev(x->f, x->svc, "services/api", 0, "found");
  x->f->res.items[x->svc].ev[2].mark = RC_EV_PASS;
  x->cov = rc_rf_add_titled(x->f, "testing.coverage", "Coverage", "testing",
                            RC_SEV_BLOCK, 3, RC_OUT_FAIL, "72% < 80%");
  rc_waivers_init(&x->w);
  return x;
}

static void wfx_free(struct wfx *x)
{
  rc_waivers_release(&x->w);
  rc_rf_free(x->f);
  free(x);
}

static void wfx_apply(struct wfx *x, const char *today)
{
  for (size_t i = 0; i < x->f->res.n; i++) {
    x->f->res.items[i].waiver = NULL;
    for (size_t k = 0; k < x->f->res.items[i].n_ev; k++)
      x->f->res.items[i].ev[k].waiver = NULL;
  }
  rc_waivers_apply(&x->w, &x->f->res, today);
  rc_rf_score(x->f);
}

static void test_waiver_scopes(void **state)
{
  (void)state;
  struct wfx *x = wfx_new();
  struct rc_waiver one = {.rule = "docker.per-service",
                          .service = "email-worker",
                          .reason = "runs on the mail host",
                          .owner = "ops",
                          .expires = "2027-01-31",
                          .where = "c:3"};
  rc_waivers_add(&x->w, &one);
  wfx_apply(x, "2026-11-22");
  const struct rc_result *svc = &x->f->res.items[x->svc];
  /* One of two failing items waived: the check still blocks. */
  assert_ptr_equal(svc->ev[0].waiver, &x->w.items[0]);
  assert_null(svc->ev[1].waiver);
  assert_null(svc->ev[2].waiver); /* passing items are never waived */
  assert_int_equal(svc->status, RC_STATUS_BLOCK);
  assert_int_equal(x->w.items[0].hits, 1);
  /* A path glob covers the other: now the whole check is WAIVED. */
  struct rc_waiver two = {.rule = "docker.per-service",
                          .path = "services/leg*",
                          .reason = "being retired",
                          .where = "c:9"};
  rc_waivers_add(&x->w, &two);
  wfx_apply(x, "2026-11-22");
  assert_int_equal(svc->status, RC_STATUS_WAIVED);
  assert_non_null(svc->waiver);
  /* The coverage check has no items: a scoped waiver cannot cover it. */
  assert_int_equal(x->f->res.items[x->cov].status, RC_STATUS_BLOCK);
  struct rc_waiver scoped = {.rule = "testing.coverage",
                             .path = "src/**",
                             .reason = "r",
                             .where = "c:12"};
  rc_waivers_add(&x->w, &scoped);
  wfx_apply(x, "2026-11-22");
  assert_int_equal(x->f->res.items[x->cov].status, RC_STATUS_BLOCK);
  assert_int_equal(x->w.items[2].hits, 0); /* stale */
  struct rc_waiver whole = {
      .rule = "testing.coverage", .reason = "r", .where = "c:15"};
  rc_waivers_add(&x->w, &whole);
  wfx_apply(x, "2026-11-22");
  assert_int_equal(x->f->res.items[x->cov].status, RC_STATUS_WAIVED);
  assert_int_equal(x->f->score.verdict, RC_VERDICT_READY);
  /* Waiving never raises the score: both blockers still earn nothing. */
  assert_int_equal(x->f->score.score, 0);
  wfx_free(x);
}

static void test_waiver_expiry(void **state)
{
  (void)state;
  struct wfx *x = wfx_new();
  struct rc_waiver w = {.rule = "testing.coverage",
                        .reason = "r",
                        .expires = "2026-11-21",
                        .where = "c:1"};
  rc_waivers_add(&x->w, &w);
  wfx_apply(x, "2026-11-21"); /* valid through its expiry day */
  assert_int_equal(x->f->res.items[x->cov].status, RC_STATUS_WAIVED);
  assert_false(x->w.items[0].expired);
  wfx_apply(x, "2026-11-22");
  assert_true(x->w.items[0].expired);
  assert_int_equal(x->w.items[0].hits, 0);
  assert_int_equal(x->f->res.items[x->cov].status, RC_STATUS_BLOCK);
  assert_int_equal(x->f->score.verdict, RC_VERDICT_BLOCKED);
  wfx_free(x);
}

static void test_dates(void **state)
{
  (void)state;
  assert_true(rc_date_valid("2026-02-28"));
  assert_true(rc_date_valid("2028-02-29"));
  assert_false(rc_date_valid("2026-02-29"));
  assert_false(rc_date_valid("2026-13-01"));
  assert_false(rc_date_valid("2026-1-01"));
  assert_false(rc_date_valid("tomorrow"));
  assert_false(rc_date_valid(NULL));
}

/* Inline comments waive findings on their line or the next one, in that
 * file only; a comment without a reason or naming no rule is a warning. */
static void test_inline(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(
      dir, "Dockerfile",
      "FROM node:20\n"
      "# readycheck:ignore docker.secrets vendor key, rotated weekly\n"
      "ENV KEY=abc\n"
      "ENV OTHER=abc\n"
      "# readycheck:ignore docker.secrets\n"
      "// readycheck:ignore docker.nope because\n");
  struct rc_index *idx;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&idx, dir, NULL, &d), 0);
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_rule *r = rc_arena_alloc(rs->arena, sizeof(*r));
  memset(r, 0, sizeof(*r));
  r->id = "docker.secrets";
  assert_int_equal(rc_ruleset_add(rs, r, &d), 0);
  struct rc_rf *f = rc_rf_new();
  size_t i = rc_rf_add_titled(f, "docker.secrets", "S", "security",
                              RC_SEV_BLOCK, 3, RC_OUT_FAIL, "2 secrets");
  rc_rf_ev(f, i, "Dockerfile", 3, "ENV KEY=****");
  rc_rf_ev(f, i, "Dockerfile", 4, "ENV OTHER=****");
  rc_rf_score(f);
  struct rc_waivers w;
  rc_waivers_init(&w);
  rc_waivers_scan_inline(&w, &f->res, idx, rs, &d);
  assert_int_equal(w.n, 1);
  assert_string_equal(w.items[0].reason, "vendor key, rotated weekly");
  assert_string_equal(w.items[0].where, "Dockerfile:2");
  assert_int_equal(d.n, 2); /* no reason; no such rule */
  assert_int_equal(d.n_errors, 0);
  rc_waivers_apply(&w, &f->res, "2026-01-01");
  rc_rf_score(f);
  assert_non_null(f->res.items[i].ev[0].waiver);
  assert_null(f->res.items[i].ev[1].waiver); /* line 4 is not covered */
  assert_int_equal(f->res.items[i].status, RC_STATUS_BLOCK);
  rc_waivers_release(&w);
  rc_rf_free(f);
  rc_ruleset_free(rs);
  rc_index_free(idx);
  rc_diag_release(&d);
  rc_test_rmtree(dir);
  free(dir);
}

/* The baseline is a real JSON report written by the reporter, read back:
 * a fixed item, a new item, a regression and the score delta. */
static void test_baseline(void **state)
{
  (void)state;
  struct rc_rf *old = rc_rf_new();
  size_t a = rc_rf_add_titled(old, "a", "A", "c", RC_SEV_BLOCK, 3, RC_OUT_FAIL,
                              "2 fail");
  rc_rf_ev(old, a, "x", 10, "bad x");
  rc_rf_ev(old, a, "y", 20, "bad y");
  rc_rf_add_titled(old, "b", "B", "c", RC_SEV_WARN, 1, RC_OUT_OK, "fine");
  rc_rf_score(old);
  char *json = rc_rf_render(old, &rc_reporter_json);
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "old.json", json);
  char path[512];
  snprintf(path, sizeof(path), "%s/old.json", dir);

  struct rc_rf *now = rc_rf_new();
  a = rc_rf_add_titled(now, "a", "A", "c", RC_SEV_BLOCK, 3, RC_OUT_FAIL,
                       "2 fail");
  rc_rf_ev(now, a, "x", 11, "bad x"); /* moved a line: same finding */
  rc_rf_ev(now, a, "z", 5, "bad z");  /* new */
  rc_rf_add_titled(now, "b", "B", "c", RC_SEV_WARN, 1, RC_OUT_FAIL, "broke");
  rc_rf_score(now);
  struct rc_baseline *b;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_baseline_load(&b, path, &d), 0);
  assert_int_equal(b->score, old->score.score);
  rc_baseline_compare(b, &now->res);
  assert_int_equal(b->n_new, 2); /* z, and b's check-level finding */
  assert_int_equal(b->n_new_gating, 1);
  assert_int_equal(b->n_regressions, 1);
  assert_int_equal(b->n_fixed, 1);
  assert_string_equal(b->fixed[0].path, "y");
  now->policy.fail_on_new = true;
  rc_rf_score(now);
  rc_score_set_new(&now->score, b->n_new_gating);
  assert_false(rc_score_ready(&now->score));
  rc_score_set_new(&now->score, 0);
  assert_true(rc_score_ready(&now->score));
  rc_baseline_free(b);

  /* a version 1 report (counts.pass counted info checks that held) holds
   * the same findings: still a baseline; an unknown version is not */
  cJSON *doc = cJSON_Parse(json);
  cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(doc, "schema_version"),
                       1);
  char *v1 = cJSON_Print(doc);
  rc_test_write(dir, "v1.json", v1);
  snprintf(path, sizeof(path), "%s/v1.json", dir);
  assert_int_equal(rc_baseline_load(&b, path, &d), 0);
  rc_baseline_compare(b, &now->res);
  assert_int_equal(b->n_new, 2);
  assert_int_equal(b->n_fixed, 1);
  rc_baseline_free(b);
  cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(doc, "schema_version"),
                       3);
  free(v1);
  v1 = cJSON_Print(doc);
  rc_test_write(dir, "v3.json", v1);
  snprintf(path, sizeof(path), "%s/v3.json", dir);
  assert_int_equal(rc_baseline_load(&b, path, &d), -1);
  assert_non_null(strstr(d.items[0].msg, "unsupported schema_version"));
  rc_diag_release(&d);
  rc_diag_init(&d);
  free(v1);
  cJSON_Delete(doc);

  rc_test_write(dir, "bad.json", "{\"schema\": \"other\"}");
  snprintf(path, sizeof(path), "%s/bad.json", dir);
  assert_int_equal(rc_baseline_load(&b, path, &d), -1);
  assert_null(b);
  assert_non_null(strstr(d.items[0].msg, "not a readycheck JSON report"));
  rc_diag_release(&d);
  free(json);
  rc_rf_free(old);
  rc_rf_free(now);
  rc_test_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fingerprint_stable),
      cmocka_unit_test(test_fingerprint_ignores_lines),
      cmocka_unit_test(test_findings),
      cmocka_unit_test(test_waiver_scopes),
      cmocka_unit_test(test_waiver_expiry),
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_inline),
      cmocka_unit_test(test_baseline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
