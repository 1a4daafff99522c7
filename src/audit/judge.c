/*
 * judge.c - whether each claim holds (audit.h). The run has already
 * decided every check's status and the verdict (score.c); this file only
 * compares what the report says with them, and writes down why in one
 * line. Order of strength: a BLOCK outweighs a WARN, which outweighs a
 * waived failure, which outweighs a failed informational check.
 */
#include "readycheck/audit.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/claims.h"
#include "readycheck/match.h"
#include "readycheck/mem.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/score.h"

const char *rc_judgement_name(enum rc_judgement j)
{
  static const char *const names[] = {"CONTRADICTED", "CONFIRMED",
                                      "UNVERIFIED"};
  return (unsigned)j < RC_JUDGE_COUNT ? names[j] : "?";
}

void rc_audit_init(struct rc_audit *a)
{
  memset(a, 0, sizeof(*a));
  a->arena = rc_arena_new();
}

void rc_audit_release(struct rc_audit *a)
{
  rc_arena_free(a->arena);
  memset(a, 0, sizeof(*a));
}

/* How strongly a failing status speaks against a claim; 0: not failing. */
static int failing_rank(enum rc_status s)
{
  switch (s) {
  case RC_STATUS_BLOCK:
    return 4;
  case RC_STATUS_WARN:
    return 3;
  case RC_STATUS_WAIVED:
    return 2;
  case RC_STATUS_INFO:
    return 1;
  default:
    return 0;
  }
}

/* What the mapped checks say, summed up. */
struct tally {
  const struct rc_result *worst; /* worst failing check, or NULL */
  const struct rc_result *pass;  /* a passing check, or NULL */
  const struct rc_result *error; /* a check that could not be evaluated */
  bool error_blocks;             /* ... of a block-severity rule */
  const struct rc_result *skip;  /* a check that did not apply */
};

static void tally(const struct rc_audit_item *it, struct tally *t)
{
  memset(t, 0, sizeof(*t));
  for (size_t i = 0; i < it->n_rules; i++) {
    const struct rc_result *r = it->rules[i].result;
    if (!r)
      continue;
    int rank = failing_rank(r->status);
    if (rank && (!t->worst || rank > failing_rank(t->worst->status)))
      t->worst = r;
    if (r->status == RC_STATUS_PASS && !t->pass)
      t->pass = r;
    if (r->status == RC_STATUS_ERROR) {
      if (!t->error)
        t->error = r;
      t->error_blocks |= r->rule->severity == RC_SEV_BLOCK;
    }
    if (r->status == RC_STATUS_SKIP && !t->skip)
      t->skip = r;
  }
}

static void set(struct rc_audit_item *it, enum rc_judgement j,
                enum rc_status cause, const struct rc_result *decisive)
{
  it->judgement = j;
  it->cause = cause;
  it->decisive = decisive;
}

static const char *rule_line(struct rc_audit *a, const struct rc_result *r,
                             const char *verb)
{
  return rc_arena_printf(a->arena, "%s %s %s: %s", r->rule->id, verb,
                         rc_status_name(r->status), r->message);
}

/* A claim about something the rules check: done, open, failing or a
 * warning, against the statuses of the mapped checks. */
static void judge_rules(struct rc_audit *a, struct rc_audit_item *it)
{
  struct tally t;
  tally(it, &t);
  enum rc_stance st = it->claim->stance;
  bool claims_done = st == RC_STANCE_PASS;
  if (it->n_rules == 0) {
    set(it, RC_JUDGE_UNVERIFIED, RC_STATUS_COUNT, NULL);
    it->why = "no rule checks this";
    return;
  }
  const struct rc_result *w = t.worst;
  if (w &&
      (claims_done || (st == RC_STANCE_WARN && w->status == RC_STATUS_BLOCK))) {
    set(it, RC_JUDGE_CONTRADICTED, w->status, w);
    it->gating = w->status == RC_STATUS_BLOCK ||
                 (w->status == RC_STATUS_WARN && a->fail_on_warn);
    it->why = rule_line(a, w, "is");
  } else if (w) {
    set(it, RC_JUDGE_CONFIRMED, w->status, w);
    it->why = rule_line(a, w, "is");
  } else if (t.error) {
    set(it, RC_JUDGE_UNVERIFIED, RC_STATUS_ERROR, t.error);
    it->unknown = claims_done && t.error_blocks;
    it->why = rc_arena_printf(a->arena, "%s could not be evaluated: %s",
                              t.error->rule->id, t.error->message);
  } else if (t.pass) {
    set(it, claims_done ? RC_JUDGE_CONFIRMED : RC_JUDGE_CONTRADICTED,
        RC_STATUS_PASS, t.pass);
    it->why = rc_arena_printf(a->arena, "%s passes: %s", t.pass->rule->id,
                              t.pass->message);
  } else {
    set(it, RC_JUDGE_UNVERIFIED, RC_STATUS_SKIP, t.skip);
    it->why = t.skip ? rc_arena_printf(a->arena, "%s did not apply: %s",
                                       t.skip->rule->id,
                                       t.skip->skip_reason ? t.skip->skip_reason
                                                           : t.skip->message)
                     : "the rules it names were not run";
  }
}

/* ---- headline claims ----------------------------------------------------- */

static const struct rc_score *score_of(const struct rc_audit *a)
{
  return a->run->score;
}

/* A contradiction of a headline claim is as strong as the worst finding
 * behind readycheck's number. */
static void contradict_by_counts(struct rc_audit *a, struct rc_audit_item *it,
                                 const size_t *counts, bool below_min)
{
  enum rc_status cause =
      counts[RC_STATUS_BLOCK] || below_min ? RC_STATUS_BLOCK : RC_STATUS_WARN;
  if (!counts[RC_STATUS_BLOCK] && !below_min && !counts[RC_STATUS_WARN]) {
    /* Only checks that could not be evaluated pull the number down. */
    set(it, RC_JUDGE_UNVERIFIED, RC_STATUS_ERROR, NULL);
    it->unknown = true;
    return;
  }
  set(it, RC_JUDGE_CONTRADICTED, cause, NULL);
  it->gating = cause == RC_STATUS_BLOCK || a->fail_on_warn;
}

static void judge_verdict(struct rc_audit *a, struct rc_audit_item *it)
{
  const struct rc_score *s = score_of(a);
  bool ready = rc_score_ready(s);
  enum rc_claimed_verdict v = it->claim->verdict;
  it->why = rc_arena_printf(a->arena, "readycheck: %s", a->readycheck_headline);
  if (s->verdict == RC_VERDICT_INCOMPLETE) {
    set(it, RC_JUDGE_UNVERIFIED, RC_STATUS_ERROR, NULL);
    it->unknown = v != RC_CLAIMED_NOT_READY;
  } else if (v == RC_CLAIMED_NOT_READY) {
    set(it, ready ? RC_JUDGE_CONTRADICTED : RC_JUDGE_CONFIRMED,
        ready ? RC_STATUS_PASS : RC_STATUS_BLOCK, NULL);
  } else if (ready) {
    set(it, RC_JUDGE_CONFIRMED,
        s->verdict == RC_VERDICT_READY ? RC_STATUS_PASS : RC_STATUS_WARN, NULL);
  } else {
    contradict_by_counts(a, it, s->counts, s->below_min_score);
  }
}

/* A readycheck category for what the report rates ("Security",
 * "Documentation"), by word stems, or NULL. */
static const struct rc_category_score *category_for(const struct rc_score *s,
                                                    const char *topic)
{
  static const struct {
    const char *category;
    const char *words;
  } aliases[] = {
      {"configuration", "config environment"},
      {"testing", "test tests quality"},
      {"monitoring", "observability logging alerting"},
      {"backup", "backups recovery"},
      {"ci", "cicd pipeline"},
      {"docs", "documentation"},
      {"dependencies", "dependency packages"},
      {"reliability", "availability resilience"},
      {"infrastructure", "infra"},
  };
  struct rc_words tw;
  rc_words_init(&tw);
  rc_words_add_text(&tw, topic);
  const struct rc_category_score *found = NULL;
  for (size_t c = 0; c < s->n_cats && !found; c++) {
    struct rc_words cw;
    rc_words_init(&cw);
    rc_words_add_text(&cw, s->cats[c].name);
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
      if (strcmp(aliases[i].category, s->cats[c].name) == 0)
        rc_words_add_text(&cw, aliases[i].words);
    for (size_t i = 0; i < cw.n && !found; i++) {
      struct rc_words one = {&cw.w[i], 1, 1};
      if (rc_words_find(&tw, &one, 0) >= 0)
        found = &s->cats[c];
    }
    rc_words_release(&cw);
  }
  rc_words_release(&tw);
  return found;
}

/* The score (and finding counts) a score or grade claim is compared with:
 * the whole run's, or a category's. Returns false (with why set) when
 * readycheck has none. */
static bool rated(struct rc_audit *a, struct rc_audit_item *it, int *value,
                  const size_t **counts, const char **what)
{
  const struct rc_score *s = score_of(a);
  const char *topic = it->claim->topic;
  if (!topic) {
    if (!s->has_score) {
      it->why = "readycheck has no score: no scored check applied";
      return false;
    }
    *value = s->score;
    *counts = s->counts;
    *what = "readycheck";
    return true;
  }
  const struct rc_category_score *c = category_for(s, topic);
  if (!c) {
    it->why = rc_arena_printf(a->arena,
                              "readycheck has no category for '%s' (its "
                              "categories rate what rules check)",
                              topic);
    return false;
  }
  if (c->score < 0) {
    it->why = rc_arena_printf(
        a->arena, "no scored check of category %s applied", c->name);
    return false;
  }
  *value = c->score;
  *counts = c->counts;
  *what = rc_arena_printf(a->arena, "readycheck %s", c->name);
  return true;
}

static void judge_score(struct rc_audit *a, struct rc_audit_item *it)
{
  int have;
  const size_t *counts;
  const char *what;
  if (!rated(a, it, &have, &counts, &what)) {
    set(it, RC_JUDGE_UNVERIFIED, RC_STATUS_SKIP, NULL);
    return;
  }
  bool grade = it->claim->kind == RC_CLAIM_GRADE;
  char have_grade = rc_score_grade(have);
  if (grade)
    it->why = rc_arena_printf(a->arena, "%s: grade %c (%d/100)", what,
                              have_grade, have);
  else
    it->why =
        rc_arena_printf(a->arena, "%s: %d/100 (%c)", what, have, have_grade);
  bool holds = grade ? have_grade <= it->claim->grade
                     : have + RC_AUDIT_SCORE_SLACK >= it->claim->value;
  if (holds)
    set(it, RC_JUDGE_CONFIRMED, RC_STATUS_PASS, NULL);
  else
    contradict_by_counts(a, it, counts,
                         !it->claim->topic && score_of(a)->below_min_score);
}

static void judge_count(struct rc_audit *a, struct rc_audit_item *it)
{
  const struct rc_score *s = score_of(a);
  if (a->checks_applicable == 0) {
    set(it, RC_JUDGE_UNVERIFIED, RC_STATUS_SKIP, NULL);
    it->why = "readycheck ran no scored check";
    return;
  }
  it->why = rc_arena_printf(a->arena, "readycheck: %zu of %zu checks pass",
                            a->checks_passed, a->checks_applicable);
  /* passed/applicable >= value/of, in integers. */
  bool holds = (unsigned long long)a->checks_passed * (unsigned)it->claim->of >=
               (unsigned long long)it->claim->value * a->checks_applicable;
  if (holds)
    set(it, RC_JUDGE_CONFIRMED, RC_STATUS_PASS, NULL);
  else
    contradict_by_counts(a, it, s->counts, false);
}

/* ---- the audit ----------------------------------------------------------- */

static const struct rc_result *result_of(const struct rc_results *res,
                                         const struct rc_rule *r)
{
  for (size_t i = 0; i < res->n; i++)
    if (res->items[i].rule == r)
      return &res->items[i];
  return NULL;
}

static void map_rules(struct rc_audit *a, struct rc_audit_item *it,
                      const struct rc_matcher *m)
{
  struct rc_rule_match *hits = NULL;
  size_t n = rc_matcher_match(m, it->claim->text, &hits);
  it->rules = rc_arena_alloc(a->arena, (n ? n : 1) * sizeof(*it->rules));
  for (size_t i = 0; i < n; i++) {
    it->rules[i].rule = hits[i].rule;
    it->rules[i].phrase = hits[i].phrase;
    it->rules[i].result = result_of(a->run->results, hits[i].rule);
  }
  it->n_rules = n;
  free(hits);
}

static void count_checks(struct rc_audit *a)
{
  const struct rc_results *res = a->run->results;
  for (size_t i = 0; i < res->n; i++) {
    const struct rc_result *r = &res->items[i];
    if (r->rule->severity == RC_SEV_INFO)
      continue;
    if (r->status == RC_STATUS_PASS || r->status == RC_STATUS_WARN ||
        r->status == RC_STATUS_BLOCK || r->status == RC_STATUS_ERROR)
      a->checks_applicable++;
    a->checks_passed += r->status == RC_STATUS_PASS;
  }
}

static const char *plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

static void headlines(struct rc_audit *a, const struct rc_claims *c)
{
  const struct rc_score *s = score_of(a);
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s", rc_verdict_name(s->verdict));
  if (s->has_score)
    rc_buf_printf(&b, " %d/100 (%c)", s->score, s->grade);
  size_t nb = s->counts[RC_STATUS_BLOCK], nw = s->counts[RC_STATUS_WARN],
         ne = s->counts[RC_STATUS_ERROR];
  rc_buf_printf(&b, ", %zu %s, %zu %s", nb, plural(nb, "blocker", "blockers"),
                nw, plural(nw, "warning", "warnings"));
  if (ne)
    rc_buf_printf(&b, ", %zu %s", ne, plural(ne, "error", "errors"));
  a->readycheck_headline = rc_arena_strdup(a->arena, b.data);
  /* The report's own: its first verdict, whole score, whole grade and
   * count, in that order. */
  rc_buf_reset(&b);
  static const enum rc_claim_kind order[] = {RC_CLAIM_VERDICT, RC_CLAIM_SCORE,
                                             RC_CLAIM_GRADE, RC_CLAIM_COUNT};
  for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
    for (size_t i = 0; i < c->n; i++) {
      const struct rc_claim *cl = &c->items[i];
      if (cl->kind != order[k] || cl->topic)
        continue;
      rc_buf_printf(&b, "%s%s", b.len ? " \u00b7 " : "", cl->headline);
      break;
    }
  a->report_headline =
      rc_arena_strdup(a->arena, b.len ? b.data : "no headline claim");
  rc_buf_release(&b);
}

void rc_audit_judge(struct rc_audit *a, const struct rc_claims *c,
                    const struct rc_ruleset *rs, const struct rc_report *run,
                    bool fail_on_warn)
{
  a->claims = c;
  a->run = run;
  a->fail_on_warn = fail_on_warn;
  count_checks(a);
  headlines(a, c);
  struct rc_matcher *m = rc_matcher_new(rs);
  a->items = rc_arena_alloc(a->arena, (c->n ? c->n : 1) * sizeof(*a->items));
  a->n = c->n;
  for (size_t i = 0; i < c->n; i++) {
    struct rc_audit_item *it = &a->items[i];
    it->claim = &c->items[i];
    switch (it->claim->kind) {
    case RC_CLAIM_VERDICT:
      judge_verdict(a, it);
      break;
    case RC_CLAIM_SCORE:
    case RC_CLAIM_GRADE:
      judge_score(a, it);
      break;
    case RC_CLAIM_COUNT:
      judge_count(a, it);
      break;
    default:
      map_rules(a, it, m);
      judge_rules(a, it);
      break;
    }
    a->counts[it->judgement]++;
    a->n_gating += it->gating;
    a->n_unknown += it->unknown;
  }
  rc_matcher_free(m);
}
