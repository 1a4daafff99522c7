/*
 * test_score.c - statuses, the weighted score, grades, categories and the
 * verdict, on results built by hand (no probes, no repository).
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/policy.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

struct fx {
  struct rc_arena *arena;
  struct rc_results res;
  struct rc_policy policy;
  struct rc_score score;
};

static struct fx *fx_new(void)
{
  struct fx *f = rc_xcalloc(1, sizeof(*f));
  f->arena = rc_arena_new();
  f->res.arena = f->arena;
  f->policy.min_score = -1;
  return f;
}

static void fx_free(struct fx *f)
{
  rc_score_release(&f->score);
  free(f->res.items);
  rc_arena_free(f->arena);
  free(f);
}

static void fx_add(struct fx *f, const char *id, const char *cat,
                   enum rc_severity sev, double weight, enum rc_outcome o)
{
  struct rc_rule *r = rc_arena_alloc(f->arena, sizeof(*r));
  r->id = id;
  r->title = id;
  r->category = cat;
  r->severity = sev;
  r->weight = weight;
  rc_grow((void **)&f->res.items, &f->res.cap, f->res.n, sizeof(*f->res.items));
  struct rc_result *res = &f->res.items[f->res.n++];
  memset(res, 0, sizeof(*res));
  res->rule = r;
  res->outcome = o;
  res->message = "";
  res->status = RC_STATUS_COUNT; /* must be overwritten by the scorer */
}

static void fx_score(struct fx *f)
{
  rc_score_release(&f->score);
  rc_score_compute(&f->res, &f->policy, &f->score);
}

static void test_status_table(void **state)
{
  (void)state;
  static const struct {
    enum rc_outcome o;
    enum rc_severity sev;
    enum rc_status want;
  } cases[] = {
      {RC_OUT_OK, RC_SEV_BLOCK, RC_STATUS_PASS},
      {RC_OUT_OK, RC_SEV_WARN, RC_STATUS_PASS},
      {RC_OUT_OK, RC_SEV_INFO, RC_STATUS_PASS},
      {RC_OUT_FAIL, RC_SEV_BLOCK, RC_STATUS_BLOCK},
      {RC_OUT_FAIL, RC_SEV_WARN, RC_STATUS_WARN},
      {RC_OUT_FAIL, RC_SEV_INFO, RC_STATUS_INFO},
      {RC_OUT_ERROR, RC_SEV_BLOCK, RC_STATUS_ERROR},
      {RC_OUT_ERROR, RC_SEV_WARN, RC_STATUS_ERROR},
      {RC_OUT_ERROR, RC_SEV_INFO, RC_STATUS_ERROR},
      {RC_OUT_SKIP, RC_SEV_BLOCK, RC_STATUS_SKIP},
      {RC_OUT_SKIP, RC_SEV_WARN, RC_STATUS_SKIP},
      {RC_OUT_SKIP, RC_SEV_INFO, RC_STATUS_SKIP},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    assert_int_equal(rc_score_status(cases[i].o, (int)cases[i].sev),
                     cases[i].want);
  /* an unknown outcome fails closed */
  assert_int_equal(rc_score_status((enum rc_outcome)42, RC_SEV_BLOCK),
                   RC_STATUS_ERROR);
}

static void test_names(void **state)
{
  (void)state;
  static const char *const want[] = {"PASS", "WARN",  "BLOCK", "INFO",
                                     "SKIP", "ERROR", "WAIVED"};
  for (int s = 0; s < RC_STATUS_COUNT; s++)
    assert_string_equal(rc_status_name((enum rc_status)s), want[s]);
  assert_string_equal(rc_verdict_name(RC_VERDICT_READY), "READY");
  assert_string_equal(rc_verdict_name(RC_VERDICT_READY_WITH_WARNINGS),
                      "READY WITH WARNINGS");
  assert_string_equal(rc_verdict_name(RC_VERDICT_BLOCKED), "BLOCKED");
  assert_string_equal(rc_verdict_name(RC_VERDICT_INCOMPLETE), "INCOMPLETE");
  assert_string_equal(rc_status_name(RC_STATUS_COUNT), "?");
}

static void test_grades(void **state)
{
  (void)state;
  static const struct {
    int score;
    char grade;
  } cases[] = {{100, 'A'}, {90, 'A'}, {89, 'B'}, {80, 'B'}, {79, 'C'},
               {70, 'C'},  {69, 'D'}, {60, 'D'}, {59, 'F'}, {0, 'F'}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    assert_int_equal(rc_score_grade(cases[i].score), cases[i].grade);
}

static void test_statuses_assigned(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_FAIL);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_add(f, "c", "c", RC_SEV_INFO, 0, RC_OUT_SKIP);
  fx_score(f);
  assert_int_equal(f->res.items[0].status, RC_STATUS_BLOCK);
  assert_int_equal(f->res.items[1].status, RC_STATUS_PASS);
  assert_int_equal(f->res.items[2].status, RC_STATUS_SKIP);
  assert_int_equal(f->score.n_checks, 3);
  assert_int_equal(f->score.counts[RC_STATUS_BLOCK], 1);
  assert_int_equal(f->score.counts[RC_STATUS_PASS], 1);
  assert_int_equal(f->score.counts[RC_STATUS_SKIP], 1);
  fx_free(f);
}

/* An OK reached with a safeguard off (insecure TLS) is a warning, never a
 * plain pass; info rules stay informational. */
static void test_caution_is_a_warning(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 1, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_add(f, "c", "c", RC_SEV_INFO, 1, RC_OUT_OK);
  fx_add(f, "d", "c", RC_SEV_BLOCK, 1, RC_OUT_FAIL);
  for (size_t i = 0; i < 4; i++)
    f->res.items[i].caution = true;
  fx_score(f);
  assert_int_equal(f->res.items[0].status, RC_STATUS_WARN);
  assert_int_equal(f->res.items[1].status, RC_STATUS_WARN);
  assert_int_equal(f->res.items[2].status, RC_STATUS_PASS);
  assert_int_equal(f->res.items[3].status, RC_STATUS_BLOCK);
  assert_int_equal(f->score.counts[RC_STATUS_WARN], 2);
  fx_free(f);
  f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 1, RC_OUT_OK);
  f->res.items[0].caution = true;
  fx_score(f);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  fx_free(f);
}

static void test_weighted_formula(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_FAIL);
  fx_add(f, "c", "c", RC_SEV_BLOCK, 2, RC_OUT_OK);
  fx_score(f);
  /* 100 * 5 / 6 = 83.3 -> 83 */
  assert_true(f->score.has_score);
  assert_int_equal(f->score.score, 83);
  assert_int_equal(f->score.grade, 'B');
  assert_true(fabs(f->score.earned - 5.0) < 1e-9);
  assert_true(fabs(f->score.possible - 6.0) < 1e-9);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  fx_free(f);
}

static void test_rounds_down(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  /* 2/3 = 66.67 -> 66, never rounded up */
  fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_add(f, "c", "c", RC_SEV_WARN, 1, RC_OUT_FAIL);
  fx_score(f);
  assert_int_equal(f->score.score, 66);
  assert_int_equal(f->score.grade, 'D');
  fx_free(f);
}

static void test_info_excluded(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_INFO, 5, RC_OUT_FAIL);
  fx_add(f, "c", "c", RC_SEV_INFO, 5, RC_OUT_OK);
  fx_score(f);
  assert_int_equal(f->score.score, 100);
  assert_true(fabs(f->score.possible - 1.0) < 1e-9);
  assert_int_equal(f->score.counts[RC_STATUS_INFO], 1);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY);
  assert_true(rc_score_ready(&f->score));
  fx_free(f);
}

static void test_skip_excluded(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_SKIP);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_score(f);
  assert_true(f->score.has_score);
  assert_int_equal(f->score.score, 100);
  assert_true(fabs(f->score.possible - 1.0) < 1e-9);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY);
  fx_free(f);
}

static void test_error_earns_nothing(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_ERROR);
  fx_score(f);
  assert_int_equal(f->score.score, 75);
  assert_int_equal(f->score.counts[RC_STATUS_ERROR], 1);
  /* an error on a warn rule is not a blocker, but never READY */
  assert_int_equal(f->score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  fx_free(f);
}

static void test_verdict_priority(void **state)
{
  (void)state;
  static const struct {
    enum rc_severity sev[3];
    enum rc_outcome o[3];
    size_t n;
    enum rc_verdict want;
  } cases[] = {
      /* BLOCK beats INCOMPLETE beats WARN */
      {{RC_SEV_BLOCK, RC_SEV_BLOCK, RC_SEV_WARN},
       {RC_OUT_FAIL, RC_OUT_ERROR, RC_OUT_FAIL},
       3,
       RC_VERDICT_BLOCKED},
      {{RC_SEV_BLOCK, RC_SEV_WARN},
       {RC_OUT_ERROR, RC_OUT_FAIL},
       2,
       RC_VERDICT_INCOMPLETE},
      {{RC_SEV_WARN, RC_SEV_INFO},
       {RC_OUT_FAIL, RC_OUT_ERROR},
       2,
       RC_VERDICT_READY_WITH_WARNINGS},
      {{RC_SEV_INFO}, {RC_OUT_ERROR}, 1, RC_VERDICT_READY_WITH_WARNINGS},
      {{RC_SEV_INFO, RC_SEV_BLOCK},
       {RC_OUT_FAIL, RC_OUT_OK},
       2,
       RC_VERDICT_READY},
      {{RC_SEV_BLOCK, RC_SEV_WARN},
       {RC_OUT_SKIP, RC_OUT_OK},
       2,
       RC_VERDICT_READY},
  };
  static const char *const ids[] = {"r0", "r1", "r2"};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct fx *f = fx_new();
    for (size_t j = 0; j < cases[i].n; j++)
      fx_add(f, ids[j], "c", cases[i].sev[j], 1, cases[i].o[j]);
    fx_score(f);
    assert_int_equal(f->score.verdict, cases[i].want);
    assert_int_equal(rc_score_ready(&f->score),
                     cases[i].want == RC_VERDICT_READY ||
                         cases[i].want == RC_VERDICT_READY_WITH_WARNINGS);
    fx_free(f);
  }
}

static void test_min_score(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_FAIL); /* score 75 */
  f->policy.min_score = 80;
  fx_score(f);
  assert_true(f->score.below_min_score);
  assert_int_equal(f->score.verdict, RC_VERDICT_BLOCKED);
  assert_false(rc_score_ready(&f->score));
  f->policy.min_score = 75; /* equal is enough */
  fx_score(f);
  assert_false(f->score.below_min_score);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  f->policy.min_score = -1;
  fx_score(f);
  assert_false(f->score.below_min_score);
  fx_free(f);
}

static void test_fail_on_warn(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_FAIL);
  fx_score(f);
  assert_false(f->score.blocked_by_warn);
  assert_true(rc_score_ready(&f->score));
  f->policy.fail_on_warn = true;
  fx_score(f);
  assert_true(f->score.blocked_by_warn);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  assert_false(rc_score_ready(&f->score));
  fx_free(f);

  /* without a WARN, --fail-on warn changes nothing */
  f = fx_new();
  f->policy.fail_on_warn = true;
  fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_score(f);
  assert_false(f->score.blocked_by_warn);
  assert_true(rc_score_ready(&f->score));
  fx_free(f);
}

static void test_null_policy(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_FAIL);
  rc_score_compute(&f->res, NULL, &f->score);
  assert_false(f->score.below_min_score);
  assert_false(f->score.blocked_by_warn);
  assert_int_equal(f->score.score, 0);
  assert_int_equal(f->score.grade, 'F');
  fx_free(f);
}

static void test_categories(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "s1", "security", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "i1", "infrastructure", RC_SEV_WARN, 1, RC_OUT_FAIL);
  fx_add(f, "s2", "security", RC_SEV_WARN, 1, RC_OUT_FAIL);
  fx_add(f, "i2", "infrastructure", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_add(f, "d1", "docs", RC_SEV_INFO, 0, RC_OUT_FAIL);
  fx_add(f, "n1", NULL, RC_SEV_WARN, 1, RC_OUT_SKIP);
  fx_score(f);
  assert_int_equal(f->score.n_cats, 4);
  assert_string_equal(f->score.cats[0].name, "docs");
  assert_string_equal(f->score.cats[1].name, "infrastructure");
  assert_string_equal(f->score.cats[2].name, "security");
  assert_string_equal(f->score.cats[3].name, "uncategorized");
  assert_int_equal(f->score.cats[0].score, -1); /* only info */
  assert_int_equal(f->score.cats[0].counts[RC_STATUS_INFO], 1);
  assert_int_equal(f->score.cats[1].score, 50);
  assert_int_equal(f->score.cats[1].counts[RC_STATUS_PASS], 1);
  assert_int_equal(f->score.cats[1].counts[RC_STATUS_WARN], 1);
  assert_int_equal(f->score.cats[2].score, 75);
  assert_true(fabs(f->score.cats[2].earned - 3.0) < 1e-9);
  assert_true(fabs(f->score.cats[2].possible - 4.0) < 1e-9);
  assert_int_equal(f->score.cats[3].score, -1); /* only skipped */
  assert_int_equal(f->score.cats[3].counts[RC_STATUS_SKIP], 1);
  /* overall: 4 earned of 6 */
  assert_int_equal(f->score.score, 66);
  fx_free(f);
}

static void test_tenth_weights(void **state)
{
  (void)state;
  static const char *const ids[] = {"a", "b", "c", "d", "e",
                                    "f", "g", "h", "i", "j"};
  struct fx *f = fx_new();
  for (size_t i = 0; i < 10; i++)
    fx_add(f, ids[i], "c", RC_SEV_WARN, 0.1, RC_OUT_OK);
  fx_add(f, "x", "c", RC_SEV_BLOCK, 0.7, RC_OUT_OK);
  fx_add(f, "y", "c", RC_SEV_BLOCK, 0.2, RC_OUT_OK);
  fx_score(f);
  assert_int_equal(f->score.score, 100);
  assert_int_equal(f->score.cats[0].score, 100);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY);
  fx_free(f);

  /* 0.9 of 1.0 is exactly 90, not 89 */
  f = fx_new();
  for (size_t i = 0; i < 10; i++)
    fx_add(f, ids[i], "c", RC_SEV_WARN, 0.1, i ? RC_OUT_OK : RC_OUT_FAIL);
  fx_score(f);
  assert_int_equal(f->score.score, 90);
  assert_int_equal(f->score.grade, 'A');
  fx_free(f);

  /* naive double sums give 100 * 0.45 / 0.5 = 89.99999999999999 here */
  f = fx_new();
  fx_add(f, "a", "c", RC_SEV_WARN, 0.15, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 0.2, RC_OUT_OK);
  fx_add(f, "c", "c", RC_SEV_WARN, 0.05, RC_OUT_FAIL);
  fx_add(f, "d", "c", RC_SEV_WARN, 0.1, RC_OUT_OK);
  fx_score(f);
  assert_int_equal(f->score.score, 90);
  fx_free(f);
}

static void test_failure_never_100(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 0, RC_OUT_FAIL);
  fx_score(f);
  assert_int_equal(f->score.score, 99);
  assert_int_equal(f->score.cats[0].score, 99);
  fx_free(f);

  /* 1 of 1000 weight failing still shows below 100 */
  f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 999, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_FAIL);
  fx_score(f);
  assert_int_equal(f->score.score, 99);
  fx_free(f);
}

static void test_bad_weights(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_WARN, -5, RC_OUT_OK);
  fx_add(f, "c", "c", RC_SEV_WARN, NAN, RC_OUT_OK);
  fx_add(f, "d", "c", RC_SEV_WARN, 1e300, RC_OUT_FAIL);
  fx_score(f);
  assert_true(isfinite(f->score.possible));
  assert_true(f->score.score >= 0 && f->score.score < 100);
  assert_true(fabs(f->score.earned - 1.0) < 1e-9);
  fx_free(f);
}

static void test_nothing_applicable(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_score(f);
  assert_false(f->score.has_score);
  assert_int_equal(f->score.score, 100);
  assert_int_equal(f->score.grade, 'A');
  assert_int_equal(f->score.n_cats, 0);
  assert_int_equal(f->score.n_checks, 0);
  /* No check at all, or only skipped ones: nothing shows readiness. */
  assert_true(f->score.nothing_evaluated);
  assert_int_equal(f->score.verdict, RC_VERDICT_INCOMPLETE);
  fx_free(f);
  f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_SKIP);
  fx_add(f, "b", "c", RC_SEV_WARN, 1, RC_OUT_SKIP);
  fx_score(f);
  assert_int_equal(f->score.verdict, RC_VERDICT_INCOMPLETE);
  assert_false(rc_score_ready(&f->score));
  fx_free(f);

  f = fx_new();
  f->policy.min_score = 90;
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_SKIP);
  fx_add(f, "b", "c", RC_SEV_INFO, 0, RC_OUT_FAIL);
  fx_score(f);
  assert_false(f->score.has_score);
  assert_int_equal(f->score.score, 100);
  assert_false(f->score.below_min_score);
  assert_int_equal(f->score.cats[0].score, -1);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY);
  fx_free(f);
}

/* The worked example of docs/scoring.md, number for number. */
static void test_docs_worked_example(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "docker.dockerfile", "infrastructure", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "docker.healthcheck", "infrastructure", RC_SEV_WARN, 1,
         RC_OUT_FAIL);
  fx_add(f, "secrets.env-file", "security", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "secrets.audit", "security", RC_SEV_WARN, 0.5, RC_OUT_ERROR);
  fx_add(f, "docs.changelog", "docs", RC_SEV_INFO, 0, RC_OUT_FAIL);
  fx_add(f, "node.lockfile", "dependencies", RC_SEV_WARN, 1, RC_OUT_SKIP);
  fx_score(f);
  assert_true(fabs(f->score.earned - 6.0) < 1e-9);
  assert_true(fabs(f->score.possible - 7.5) < 1e-9);
  assert_int_equal(f->score.score, 80);
  assert_int_equal(f->score.grade, 'B');
  assert_int_equal(f->score.n_cats, 4);
  assert_int_equal(f->score.cats[0].score, -1); /* dependencies */
  assert_int_equal(f->score.cats[1].score, -1); /* docs */
  assert_int_equal(f->score.cats[2].score, 75); /* infrastructure */
  assert_int_equal(f->score.cats[3].score, 85); /* security */
  assert_int_equal(f->score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  assert_true(rc_score_ready(&f->score));
  f->policy.min_score = 85;
  fx_score(f);
  assert_int_equal(f->score.verdict, RC_VERDICT_BLOCKED);
  f->policy.min_score = -1;
  f->policy.fail_on_warn = true;
  fx_score(f);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY_WITH_WARNINGS);
  assert_true(f->score.blocked_by_warn);
  assert_false(rc_score_ready(&f->score));
  fx_free(f);
}

/* A waived blocker lifts the gate but not the score: it stays applicable
 * and earns nothing, so the score is what it was without the waiver. */
static void test_waived(void **state)
{
  (void)state;
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_BLOCK, 3, RC_OUT_OK);
  fx_add(f, "b", "c", RC_SEV_BLOCK, 1, RC_OUT_FAIL);
  fx_score(f);
  int unwaived = f->score.score;
  assert_int_equal(f->score.verdict, RC_VERDICT_BLOCKED);
  static const struct rc_waiver w = {.rule = "b", .reason = "accepted"};
  f->res.items[1].waiver = &w;
  fx_score(f);
  assert_int_equal(f->res.items[1].status, RC_STATUS_WAIVED);
  assert_int_equal(f->score.counts[RC_STATUS_WAIVED], 1);
  assert_int_equal(f->score.counts[RC_STATUS_BLOCK], 0);
  assert_int_equal(f->score.verdict, RC_VERDICT_READY);
  assert_true(rc_score_ready(&f->score));
  assert_int_equal(f->score.score, unwaived);
  assert_int_equal(f->score.score, 75);
  /* A waiver on a passing check changes nothing. */
  f->res.items[0].waiver = &w;
  fx_score(f);
  assert_int_equal(f->res.items[0].status, RC_STATUS_PASS);
  fx_free(f);
}

static void test_release(void **state)
{
  (void)state;
  rc_score_release(NULL);
  struct fx *f = fx_new();
  fx_add(f, "a", "c", RC_SEV_WARN, 1, RC_OUT_OK);
  fx_score(f);
  rc_score_release(&f->score);
  assert_null(f->score.cats);
  assert_int_equal(f->score.n_cats, 0);
  fx_free(f); /* releases again: must be harmless */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_status_table),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_grades),
      cmocka_unit_test(test_statuses_assigned),
      cmocka_unit_test(test_caution_is_a_warning),
      cmocka_unit_test(test_weighted_formula),
      cmocka_unit_test(test_rounds_down),
      cmocka_unit_test(test_info_excluded),
      cmocka_unit_test(test_skip_excluded),
      cmocka_unit_test(test_error_earns_nothing),
      cmocka_unit_test(test_verdict_priority),
      cmocka_unit_test(test_min_score),
      cmocka_unit_test(test_fail_on_warn),
      cmocka_unit_test(test_null_policy),
      cmocka_unit_test(test_categories),
      cmocka_unit_test(test_tenth_weights),
      cmocka_unit_test(test_failure_never_100),
      cmocka_unit_test(test_bad_weights),
      cmocka_unit_test(test_nothing_applicable),
      cmocka_unit_test(test_docs_worked_example),
      cmocka_unit_test(test_waived),
      cmocka_unit_test(test_release),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
