/*
 * score.c - turns probe outcomes into statuses, a 0-100 score, a grade and a
 * verdict. This is the only module that decides readiness; reporters and
 * main only read struct rc_score. Weights are summed in thousandths so that
 * weights like 0.1 add up exactly (docs/scoring.md).
 */
#include "readycheck/score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/rule.h"

/* Larger weights are clamped so 100 * sum of units cannot overflow. */
#define WEIGHT_MAX       1000000.0
#define UNITS_PER_WEIGHT 1000.0

static const char *const status_names[RC_STATUS_COUNT] = {
    "PASS", "WARN", "BLOCK", "INFO", "SKIP", "ERROR", "WAIVED",
};

static const char *const verdict_names[] = {
    "READY",
    "READY WITH WARNINGS",
    "BLOCKED",
    "INCOMPLETE",
};

/* Name used for rules that carry no category, so they still get a row. */
static const char uncategorized[] = "uncategorized";

const char *rc_status_name(enum rc_status s)
{
  if ((unsigned)s >= RC_STATUS_COUNT)
    return "?";
  return status_names[s];
}

const char *rc_verdict_name(enum rc_verdict v)
{
  if ((unsigned)v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
    return "?";
  return verdict_names[v];
}

char rc_score_grade(int score)
{
  if (score >= 90)
    return 'A';
  if (score >= 80)
    return 'B';
  if (score >= 70)
    return 'C';
  if (score >= 60)
    return 'D';
  return 'F';
}

enum rc_status rc_score_status(enum rc_outcome o, int severity)
{
  switch (o) {
  case RC_OUT_SKIP:
    return RC_STATUS_SKIP;
  case RC_OUT_OK:
    return RC_STATUS_PASS;
  case RC_OUT_FAIL:
    break;
  default: /* RC_OUT_ERROR and anything unknown fail closed */
    return RC_STATUS_ERROR;
  }
  if (severity == RC_SEV_BLOCK)
    return RC_STATUS_BLOCK;
  if (severity == RC_SEV_WARN)
    return RC_STATUS_WARN;
  return RC_STATUS_INFO;
}

bool rc_score_ready(const struct rc_score *s)
{
  if (s->nothing_to_check)
    return false;
  if (s->fail_on_new)
    return s->new_gating == 0 && !s->below_min_score;
  if (s->verdict == RC_VERDICT_READY)
    return true;
  return s->verdict == RC_VERDICT_READY_WITH_WARNINGS && !s->blocked_by_warn;
}

/* Integer weight units: exact sums, and NaN or negative weights earn 0. */
static long long weight_units(double w)
{
  if (!(w > 0.0))
    return 0;
  if (w > WEIGHT_MAX)
    w = WEIGHT_MAX;
  return llround(w * UNITS_PER_WEIGHT);
}

static const char *category_of(const struct rc_rule *r)
{
  return r->category && r->category[0] ? r->category : uncategorized;
}

static bool is_applicable(const struct rc_result *res)
{
  return res->status != RC_STATUS_SKIP && res->rule->severity != RC_SEV_INFO;
}

/* Running totals for one score (overall or a category). */
struct tally {
  long long earned, possible;
  bool any_failed; /* an applicable check did not pass */
};

static void tally_add(struct tally *t, const struct rc_result *res)
{
  if (!is_applicable(res))
    return;
  long long w = weight_units(res->rule->weight);
  t->possible += w;
  if (res->status == RC_STATUS_PASS)
    t->earned += w;
  else
    t->any_failed = true;
}

/* Floor of the percentage; -1 when no weight is applicable. A failure never
 * shows as 100, even when the failed check weighs (almost) nothing. */
static int tally_percent(const struct tally *t)
{
  if (t->possible <= 0)
    return -1;
  int s = (int)(t->earned * 100 / t->possible);
  if (t->any_failed && s >= 100)
    s = 99;
  return s;
}

static int cmp_names(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct category names of all results, sorted. Caller frees. */
static const char **collect_categories(const struct rc_results *results,
                                       size_t *n_out)
{
  const char **names = rc_xcalloc(results->n ? results->n : 1, sizeof(*names));
  size_t n = 0;
  for (size_t i = 0; i < results->n; i++) {
    const char *c = category_of(results->items[i].rule);
    size_t j = 0;
    while (j < n && strcmp(names[j], c) != 0)
      j++;
    if (j == n)
      names[n++] = c;
  }
  qsort(names, n, sizeof(*names), cmp_names);
  *n_out = n;
  return names;
}

static size_t category_index(const char **names, size_t n, const char *c)
{
  const char **hit = bsearch(&c, names, n, sizeof(*names), cmp_names);
  return (size_t)(hit - names);
}

bool rc_result_info_held(const struct rc_result *r)
{
  return r->status == RC_STATUS_PASS && r->rule->severity == RC_SEV_INFO;
}

/* Counts r's status, and which kind of pass it is: an informational check
 * that held is shown but not a pass (it earns nothing). */
static void count_status(size_t *counts, size_t *passed, size_t *info_held,
                         const struct rc_result *r)
{
  counts[r->status]++;
  if (rc_result_info_held(r))
    (*info_held)++;
  else if (r->status == RC_STATUS_PASS)
    (*passed)++;
}

static void fill_categories(struct rc_score *out,
                            const struct rc_results *results)
{
  const char **names = collect_categories(results, &out->n_cats);
  out->cats = rc_xcalloc(out->n_cats ? out->n_cats : 1, sizeof(*out->cats));
  struct tally *t = rc_xcalloc(out->n_cats ? out->n_cats : 1, sizeof(*t));
  for (size_t i = 0; i < results->n; i++) {
    const struct rc_result *res = &results->items[i];
    size_t k = category_index(names, out->n_cats, category_of(res->rule));
    struct rc_category_score *c = &out->cats[k];
    count_status(c->counts, &c->passed, &c->info_held, res);
    tally_add(&t[k], res);
  }
  for (size_t k = 0; k < out->n_cats; k++) {
    struct rc_category_score *c = &out->cats[k];
    c->name = names[k];
    c->earned = (double)t[k].earned / UNITS_PER_WEIGHT;
    c->possible = (double)t[k].possible / UNITS_PER_WEIGHT;
    c->score = tally_percent(&t[k]);
  }
  free(t);
  free(names);
}

static enum rc_verdict decide(const struct rc_score *s)
{
  if (s->counts[RC_STATUS_BLOCK] > 0 || s->below_min_score)
    return RC_VERDICT_BLOCKED;
  /* A gate that checked nothing has not shown readiness: no rules
   * selected, or every one skipped, is never READY. */
  if (s->block_errors > 0 || s->nothing_evaluated)
    return RC_VERDICT_INCOMPLETE;
  if (s->counts[RC_STATUS_WARN] > 0 || s->counts[RC_STATUS_ERROR] > 0)
    return RC_VERDICT_READY_WITH_WARNINGS;
  return RC_VERDICT_READY;
}

void rc_score_compute(struct rc_results *results, const struct rc_policy *p,
                      struct rc_score *out)
{
  memset(out, 0, sizeof(*out));
  struct tally total = {0, 0, false};
  for (size_t i = 0; i < results->n; i++) {
    struct rc_result *res = &results->items[i];
    res->status = rc_score_status(res->outcome, (int)res->rule->severity);
    /* An OK reached with a safeguard off is shown as a warning. */
    if (res->status == RC_STATUS_PASS && res->caution &&
        res->rule->severity != RC_SEV_INFO)
      res->status = RC_STATUS_WARN;
    /* A waiver lifts the gate, not the score: WAIVED earns nothing. */
    if (res->waiver && res->status != RC_STATUS_PASS &&
        res->status != RC_STATUS_SKIP)
      res->status = RC_STATUS_WAIVED;
    count_status(out->counts, &out->passed, &out->info_held, res);
    if (res->status == RC_STATUS_ERROR && res->rule->severity == RC_SEV_BLOCK)
      out->block_errors++;
    tally_add(&total, res);
  }
  out->n_checks = results->n;
  out->earned = (double)total.earned / UNITS_PER_WEIGHT;
  out->possible = (double)total.possible / UNITS_PER_WEIGHT;
  int pct = tally_percent(&total);
  out->has_score = pct >= 0;
  out->score = out->has_score ? pct : 100;
  out->grade = rc_score_grade(out->score);
  fill_categories(out, results);

  bool fail_on_warn = p && p->fail_on_warn;
  out->below_min_score = p && p->min_score >= 0 && out->score < p->min_score;
  out->blocked_by_warn = fail_on_warn && out->counts[RC_STATUS_WARN] > 0;
  out->fail_on_new = p && p->fail_on_new;
  out->nothing_evaluated = out->n_checks == out->counts[RC_STATUS_SKIP];
  out->verdict = decide(out);
}

void rc_score_set_empty(struct rc_score *s)
{
  /* An empty folder is most often a checkout that did not happen or a
   * wrong path: a gate must not call it ready, nor score the few checks
   * that fail on any empty tree (no README). */
  s->nothing_to_check = true;
  s->has_score = false;
  s->score = 100;
  s->grade = rc_score_grade(s->score);
  s->verdict = RC_VERDICT_INCOMPLETE;
}

void rc_score_set_new(struct rc_score *s, size_t new_gating)
{
  s->new_gating = new_gating;
}

void rc_score_release(struct rc_score *s)
{
  if (!s)
    return;
  free(s->cats);
  s->cats = NULL;
  s->n_cats = 0;
}
