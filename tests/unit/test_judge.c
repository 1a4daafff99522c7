/*
 * test_judge.c - the judgement table: each stance against each status of
 * the mapped checks, and the headline claims against readycheck's verdict,
 * score, grade and pass count. Results are made here with real rules (the
 * loader) and scored by the real scorer.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/audit.h"
#include "readycheck/claims.h"
#include "readycheck/diag.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/score.h"
#include "testutil.h"

/* Five rules, one phrase each; their outcomes are set per test. */
static const char rules_yaml[] =
    "version: 1\n"
    "rules:\n"
    "  - {id: t.blocker, title: b, category: security, severity: block,\n"
    "     claims: [\"dockerfile every service\"], remediation: r,\n"
    "     probe: {file_exists: {path: x}}}\n"
    "  - {id: t.warning, title: w, category: monitoring, severity: warn,\n"
    "     claims: [\"health check\"], remediation: r,\n"
    "     probe: {file_exists: {path: x}}}\n"
    "  - {id: t.info, title: i, category: docs, severity: info,\n"
    "     claims: [\"changelog\"], remediation: r,\n"
    "     probe: {file_exists: {path: x}}}\n"
    "  - {id: t.passing, title: p, category: security, severity: warn,\n"
    "     claims: [\"non-root\"], remediation: r,\n"
    "     probe: {file_exists: {path: x}}}\n"
    "  - {id: t.other, title: o, category: security, severity: block,\n"
    "     claims: [\"tls certificate\"], remediation: r,\n"
    "     probe: {file_exists: {path: x}}}\n";

struct fixture {
  struct rc_ruleset *rs;
  struct rc_results results;
  struct rc_policy policy;
  struct rc_score score;
  struct rc_report rep;
  struct rc_claims claims;
  struct rc_audit audit;
};

static void setup(struct fixture *f, const enum rc_outcome *outcomes)
{
  struct rc_diag d;
  rc_diag_init(&d);
  f->rs = rc_ruleset_new();
  rc_load_buffer(f->rs, "t.yaml", rules_yaml, strlen(rules_yaml), &d);
  assert_int_equal(d.n_errors, 0);
  assert_int_equal(f->rs->n, 5);
  rc_diag_release(&d);
  rc_results_init(&f->results);
  for (size_t i = 0; i < f->rs->n; i++) {
    rc_grow((void **)&f->results.items, &f->results.cap, f->results.n,
            sizeof(*f->results.items));
    struct rc_result *r = &f->results.items[f->results.n++];
    memset(r, 0, sizeof(*r));
    r->rule = f->rs->rules[i];
    r->outcome = outcomes[i];
    r->message = "what the probe found";
  }
  f->policy = (struct rc_policy){-1, false, false};
  rc_score_compute(&f->results, &f->policy, &f->score);
  f->rep = (struct rc_report){
      .results = &f->results, .score = &f->score, .policy = &f->policy};
  rc_claims_init(&f->claims);
  rc_audit_init(&f->audit);
}

static void teardown(struct fixture *f)
{
  rc_audit_release(&f->audit);
  rc_claims_release(&f->claims);
  rc_score_release(&f->score);
  rc_results_release(&f->results);
  rc_ruleset_free(f->rs);
}

static struct rc_claim *claim(struct fixture *f, enum rc_claim_kind k,
                              enum rc_stance s, const char *text)
{
  struct rc_claims *c = &f->claims;
  rc_grow((void **)&c->items, &c->cap, c->n, sizeof(*c->items));
  struct rc_claim *cl = &c->items[c->n++];
  memset(cl, 0, sizeof(*cl));
  cl->kind = k;
  cl->stance = s;
  cl->line = (unsigned)c->n;
  cl->text = text;
  cl->headline = text;
  return cl;
}

static const struct rc_audit_item *judged(struct fixture *f, size_t i)
{
  assert_true(i < f->audit.n);
  return &f->audit.items[i];
}

static void expect(const struct rc_audit_item *it, enum rc_judgement j,
                   enum rc_status cause, bool gating)
{
  assert_int_equal(it->judgement, j);
  assert_int_equal(it->cause, cause);
  assert_int_equal(it->gating, gating);
}

static const enum rc_outcome mixed[] = {RC_OUT_FAIL, RC_OUT_FAIL, RC_OUT_FAIL,
                                        RC_OUT_OK, RC_OUT_ERROR};

static void test_rule_claims(void **state)
{
  (void)state;
  struct fixture f;
  setup(&f, mixed);
  /* 0..3: a claim that it is done, against BLOCK, WARN, INFO and PASS. */
  claim(&f, RC_CLAIM_CHECKLIST, RC_STANCE_PASS,
        "A Dockerfile for every service");
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "Health checks built-in");
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "Changelog kept");
  claim(&f, RC_CLAIM_CHECKLIST, RC_STANCE_PASS, "Non-root containers");
  /* 4..6: failing, open and warning stances. */
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_FAIL, "Health checks missing");
  claim(&f, RC_CLAIM_CHECKLIST, RC_STANCE_OPEN, "Run as non-root");
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_WARN, "Dockerfile for every service");
  /* 7: both a passing and a failing check: the failure decides. */
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "Non-root, health checks");
  /* 8: the check could not be evaluated; 9: no rule names it. */
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "TLS certificate valid");
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "Structured logging");
  rc_audit_judge(&f.audit, &f.claims, f.rs, &f.rep, false);

  expect(judged(&f, 0), RC_JUDGE_CONTRADICTED, RC_STATUS_BLOCK, true);
  assert_string_equal(judged(&f, 0)->decisive->rule->id, "t.blocker");
  assert_non_null(strstr(judged(&f, 0)->why, "t.blocker is BLOCK"));
  expect(judged(&f, 1), RC_JUDGE_CONTRADICTED, RC_STATUS_WARN, false);
  expect(judged(&f, 2), RC_JUDGE_CONTRADICTED, RC_STATUS_INFO, false);
  expect(judged(&f, 3), RC_JUDGE_CONFIRMED, RC_STATUS_PASS, false);
  expect(judged(&f, 4), RC_JUDGE_CONFIRMED, RC_STATUS_WARN, false);
  expect(judged(&f, 5), RC_JUDGE_CONTRADICTED, RC_STATUS_PASS, false);
  expect(judged(&f, 6), RC_JUDGE_CONTRADICTED, RC_STATUS_BLOCK, true);
  expect(judged(&f, 7), RC_JUDGE_CONTRADICTED, RC_STATUS_WARN, false);
  assert_int_equal(judged(&f, 7)->n_rules, 2);
  expect(judged(&f, 8), RC_JUDGE_UNVERIFIED, RC_STATUS_ERROR, false);
  assert_true(judged(&f, 8)->unknown);
  expect(judged(&f, 9), RC_JUDGE_UNVERIFIED, RC_STATUS_COUNT, false);
  assert_string_equal(judged(&f, 9)->why, "no rule checks this");

  assert_int_equal(f.audit.counts[RC_JUDGE_CONTRADICTED], 6);
  assert_int_equal(f.audit.counts[RC_JUDGE_CONFIRMED], 2);
  assert_int_equal(f.audit.counts[RC_JUDGE_UNVERIFIED], 2);
  assert_int_equal(f.audit.n_gating, 2);
  assert_int_equal(f.audit.n_unknown, 1);
  teardown(&f);
}

static void test_fail_on_warn(void **state)
{
  (void)state;
  struct fixture f;
  setup(&f, mixed);
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "Health checks built-in");
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "Changelog kept");
  rc_audit_judge(&f.audit, &f.claims, f.rs, &f.rep, true);
  expect(judged(&f, 0), RC_JUDGE_CONTRADICTED, RC_STATUS_WARN, true);
  expect(judged(&f, 1), RC_JUDGE_CONTRADICTED, RC_STATUS_INFO, false);
  teardown(&f);
}

static void test_skipped_rules(void **state)
{
  (void)state;
  static const enum rc_outcome skipped[] = {
      RC_OUT_SKIP, RC_OUT_SKIP, RC_OUT_SKIP, RC_OUT_SKIP, RC_OUT_SKIP};
  struct fixture f;
  setup(&f, skipped);
  f.results.items[1].skip_reason = "no compose file";
  claim(&f, RC_CLAIM_STATUS, RC_STANCE_PASS, "Health checks built-in");
  rc_audit_judge(&f.audit, &f.claims, f.rs, &f.rep, false);
  expect(judged(&f, 0), RC_JUDGE_UNVERIFIED, RC_STATUS_SKIP, false);
  assert_non_null(strstr(judged(&f, 0)->why, "did not apply: no compose"));
  teardown(&f);
}

static void test_headlines_blocked(void **state)
{
  (void)state;
  struct fixture f;
  setup(&f, mixed);
  /* Scored: t.blocker 0/3, t.warning 0/1, t.passing 1/1, t.other 0/3 (an
   * ERROR earns nothing): 1 of 8, score 12. */
  assert_int_equal(f.score.verdict, RC_VERDICT_BLOCKED);
  assert_int_equal(f.score.score, 12);
  struct rc_claim *c;
  claim(&f, RC_CLAIM_VERDICT, RC_STANCE_PASS, "PRODUCTION READY");
  c = claim(&f, RC_CLAIM_VERDICT, RC_STANCE_NONE, "BLOCKED");
  c->verdict = RC_CLAIMED_NOT_READY;
  c = claim(&f, RC_CLAIM_VERDICT, RC_STANCE_NONE, "ready with minor issues");
  c->verdict = RC_CLAIMED_READY_WITH_ISSUES;
  c = claim(&f, RC_CLAIM_SCORE, RC_STANCE_NONE, "95/100");
  c->value = 95;
  c->of = 100;
  c = claim(&f, RC_CLAIM_SCORE, RC_STANCE_NONE, "16/100"); /* within slack */
  c->value = 16;
  c->of = 100;
  c = claim(&f, RC_CLAIM_GRADE, RC_STANCE_NONE, "Grade A");
  c->grade = 'A';
  c = claim(&f, RC_CLAIM_GRADE, RC_STANCE_NONE, "Grade F");
  c->grade = 'F';
  c = claim(&f, RC_CLAIM_COUNT, RC_STANCE_NONE, "21/21 passed");
  c->value = 21;
  c->of = 21;
  c = claim(&f, RC_CLAIM_COUNT, RC_STANCE_NONE, "1/5 passed");
  c->value = 1;
  c->of = 5;
  /* Categories: one readycheck has, one it does not. */
  c = claim(&f, RC_CLAIM_SCORE, RC_STANCE_NONE, "Monitoring: 90/100");
  c->value = 90;
  c->of = 100;
  c->topic = "Monitoring";
  c = claim(&f, RC_CLAIM_GRADE, RC_STANCE_NONE, "Scalability grade A");
  c->grade = 'A';
  c->topic = "Scalability";
  rc_audit_judge(&f.audit, &f.claims, f.rs, &f.rep, false);

  expect(judged(&f, 0), RC_JUDGE_CONTRADICTED, RC_STATUS_BLOCK, true);
  assert_non_null(strstr(judged(&f, 0)->why, "BLOCKED 12/100 (F)"));
  expect(judged(&f, 1), RC_JUDGE_CONFIRMED, RC_STATUS_BLOCK, false);
  expect(judged(&f, 2), RC_JUDGE_CONTRADICTED, RC_STATUS_BLOCK, true);
  expect(judged(&f, 3), RC_JUDGE_CONTRADICTED, RC_STATUS_BLOCK, true);
  expect(judged(&f, 4), RC_JUDGE_CONFIRMED, RC_STATUS_PASS, false);
  expect(judged(&f, 5), RC_JUDGE_CONTRADICTED, RC_STATUS_BLOCK, true);
  expect(judged(&f, 6), RC_JUDGE_CONFIRMED, RC_STATUS_PASS, false);
  /* Count: 1 of 3 non-info checks (PASS, WARN, BLOCK, ERROR: 4) pass. */
  assert_int_equal(f.audit.checks_passed, 1);
  assert_int_equal(f.audit.checks_applicable, 4);
  expect(judged(&f, 7), RC_JUDGE_CONTRADICTED, RC_STATUS_BLOCK, true);
  expect(judged(&f, 8), RC_JUDGE_CONFIRMED, RC_STATUS_PASS, false);
  /* The monitoring category has only the WARN: 0/100. */
  expect(judged(&f, 9), RC_JUDGE_CONTRADICTED, RC_STATUS_WARN, false);
  assert_non_null(strstr(judged(&f, 9)->why, "readycheck monitoring: 0/100"));
  expect(judged(&f, 10), RC_JUDGE_UNVERIFIED, RC_STATUS_SKIP, false);
  assert_non_null(strstr(judged(&f, 10)->why, "no category for 'Scalability'"));

  assert_string_equal(f.audit.report_headline,
                      "PRODUCTION READY \u00b7 95/100 \u00b7 Grade A \u00b7 "
                      "21/21 passed");
  assert_string_equal(f.audit.readycheck_headline,
                      "BLOCKED 12/100 (F), 1 blocker, 1 warning, 1 error");
  teardown(&f);
}

static void test_headlines_ready(void **state)
{
  (void)state;
  static const enum rc_outcome ok[] = {RC_OUT_OK, RC_OUT_FAIL, RC_OUT_OK,
                                       RC_OUT_OK, RC_OUT_OK};
  struct fixture f;
  setup(&f, ok);
  assert_int_equal(f.score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  claim(&f, RC_CLAIM_VERDICT, RC_STANCE_PASS, "PRODUCTION READY");
  struct rc_claim *c = claim(&f, RC_CLAIM_VERDICT, RC_STANCE_NONE, "NOT READY");
  c->verdict = RC_CLAIMED_NOT_READY;
  rc_audit_judge(&f.audit, &f.claims, f.rs, &f.rep, false);
  expect(judged(&f, 0), RC_JUDGE_CONFIRMED, RC_STATUS_WARN, false);
  expect(judged(&f, 1), RC_JUDGE_CONTRADICTED, RC_STATUS_PASS, false);
  assert_int_equal(f.audit.n_gating, 0);
  teardown(&f);
}

static void test_verdict_incomplete(void **state)
{
  (void)state;
  static const enum rc_outcome err[] = {RC_OUT_ERROR, RC_OUT_OK, RC_OUT_OK,
                                        RC_OUT_OK, RC_OUT_OK};
  struct fixture f;
  setup(&f, err);
  assert_int_equal(f.score.verdict, RC_VERDICT_INCOMPLETE);
  claim(&f, RC_CLAIM_VERDICT, RC_STANCE_PASS, "PRODUCTION READY");
  rc_audit_judge(&f.audit, &f.claims, f.rs, &f.rep, false);
  expect(judged(&f, 0), RC_JUDGE_UNVERIFIED, RC_STATUS_ERROR, false);
  assert_true(judged(&f, 0)->unknown);
  teardown(&f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rule_claims),
      cmocka_unit_test(test_fail_on_warn),
      cmocka_unit_test(test_skipped_rules),
      cmocka_unit_test(test_headlines_blocked),
      cmocka_unit_test(test_headlines_ready),
      cmocka_unit_test(test_verdict_incomplete),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
