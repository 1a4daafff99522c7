/*
 * json.c - the machine-readable report, schema "readycheck/report" version 2
 * (docs/report-json.md, docs/report.schema.json). Built as a cJSON tree and
 * printed once. Field names and enum spellings are a public contract: add
 * fields freely, but renaming or retyping one, or changing what it counts,
 * needs a new schema_version.
 * Exit codes are main's business and deliberately absent.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/policy.h"
#include "readycheck/index.h"
#include "readycheck/report.h"
#include "jsonb.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

#define SCHEMA_NAME    "readycheck/report"
#define SCHEMA_VERSION 2

static const char *const outcome_names[] = {"ok", "fail", "error", "skip"};

static const char *const count_keys[RC_STATUS_COUNT] = {
    "pass", "warn", "block", "info", "skip", "error", "waived",
};

static const char *category_of(const struct rc_rule *r)
{
  return r->category && r->category[0] ? r->category : "uncategorized";
}

static const char *outcome_name(enum rc_outcome o)
{
  if ((unsigned)o >= sizeof(outcome_names) / sizeof(outcome_names[0]))
    return "error";
  return outcome_names[o];
}

/* Checks per status, except that "pass" counts only scored checks: an
 * informational check that held is "info_ok", never a pass. */
static void put_counts(struct jb *b, cJSON *o, const char *key,
                       const size_t *counts, size_t passed, size_t info_held)
{
  cJSON *c = jb_obj(b, o, key);
  size_t total = 0;
  for (int s = 0; s < RC_STATUS_COUNT; s++) {
    jb_num(b, c, count_keys[s],
           (double)(s == RC_STATUS_PASS ? passed : counts[s]));
    if (s == RC_STATUS_INFO)
      jb_num(b, c, "info_ok", (double)info_held);
    total += counts[s];
  }
  jb_num(b, c, "total", (double)total);
}

static void put_repository(struct jb *b, cJSON *root,
                           const struct rc_report *rep)
{
  cJSON *r = jb_obj(b, root, "repository");
  jb_str(b, r, "path", rep->repo_path);
  jb_str(b, r, "name", rep->repo_name);
  if (!rep->git_commit) {
    jb_check(b, cJSON_AddNullToObject(r, "git"));
    return;
  }
  cJSON *g = jb_obj(b, r, "git");
  jb_str(b, g, "commit", rep->git_commit);
  jb_str(b, g, "branch", rep->git_branch);
}

static void put_score(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  char grade[2] = {sc->grade, '\0'};
  cJSON *s = jb_obj(b, root, "score");
  jb_num(b, s, "value", sc->score);
  jb_str(b, s, "grade", grade);
  jb_bool(b, s, "has_score", sc->has_score);
  jb_bool(b, s, "nothing_to_check", sc->nothing_to_check);
  jb_num(b, s, "earned", sc->earned);
  jb_num(b, s, "possible", sc->possible);
  if (rep->policy && rep->policy->min_score >= 0)
    jb_num(b, s, "min_score", rep->policy->min_score);
  else
    jb_check(b, cJSON_AddNullToObject(s, "min_score"));
  jb_bool(b, s, "below_min_score", sc->below_min_score);
}

static void put_categories(struct jb *b, cJSON *root, const struct rc_score *sc)
{
  cJSON *arr = jb_arr(b, root, "categories");
  for (size_t k = 0; k < sc->n_cats; k++) {
    const struct rc_category_score *c = &sc->cats[k];
    cJSON *o = jb_push_obj(b, arr);
    jb_str(b, o, "name", c->name);
    if (c->score >= 0)
      jb_num(b, o, "score", c->score);
    else
      jb_check(b, cJSON_AddNullToObject(o, "score"));
    put_counts(b, o, "counts", c->counts, c->passed, c->info_held);
  }
}

static void put_waiver(struct jb *b, cJSON *o, const char *key,
                       const struct rc_waiver *w)
{
  if (!w) {
    jb_check(b, cJSON_AddNullToObject(o, key));
    return;
  }
  cJSON *x = jb_obj(b, o, key);
  jb_str(b, x, "rule", w->rule);
  jb_str(b, x, "reason", w->reason);
  jb_str(b, x, "owner", w->owner);
  jb_str(b, x, "expires", w->expires);
  jb_str(b, x, "path", w->path);
  jb_str(b, x, "service", w->service);
  jb_str(b, x, "source", w->inline_comment ? "inline" : "config");
  jb_str(b, x, "where", w->where);
}

static void put_evidence(struct jb *b, cJSON *check_obj,
                         const struct rc_result *res)
{
  cJSON *arr = jb_arr(b, check_obj, "evidence");
  for (size_t i = 0; i < res->n_ev; i++) {
    const struct rc_evidence *e = &res->ev[i];
    cJSON *o = jb_push_obj(b, arr);
    jb_str(b, o, "path", e->path);
    if (e->line)
      jb_num(b, o, "line", e->line);
    else
      jb_check(b, cJSON_AddNullToObject(o, "line"));
    jb_str(b, o, "text", e->text ? e->text : "");
    jb_bool(b, o, "pass", e->mark == RC_EV_PASS);
    jb_str(b, o, "fingerprint", e->fingerprint);
    put_waiver(b, o, "waived", e->waiver);
  }
  jb_num(b, check_obj, "evidence_truncated", (double)res->n_ev_dropped);
}

static void put_source(struct jb *b, cJSON *o, const struct rc_rule *r)
{
  if (!r->loc.file) {
    jb_check(b, cJSON_AddNullToObject(o, "source"));
    return;
  }
  cJSON *s = jb_obj(b, o, "source");
  jb_str(b, s, "file", r->loc.file);
  jb_num(b, s, "line", r->loc.line);
  jb_num(b, s, "column", r->loc.col);
}

/* A check is new when one of its findings is not in the baseline. */
static bool is_new(const struct rc_baseline *base, const struct rc_result *res)
{
  bool any_item = false;
  for (size_t i = 0; i < res->n_ev; i++) {
    if (res->ev[i].mark == RC_EV_PASS)
      continue;
    any_item = true;
    if (!rc_baseline_has(base, res->ev[i].fingerprint))
      return true;
  }
  return !any_item && !rc_baseline_has(base, res->fingerprint);
}

static void put_check(struct jb *b, cJSON *arr, const struct rc_report *rep,
                      const struct rc_result *res)
{
  const struct rc_rule *r = res->rule;
  cJSON *o = jb_push_obj(b, arr);
  jb_str(b, o, "id", r->id);
  jb_str(b, o, "title", r->title ? r->title : "");
  jb_str(b, o, "category", category_of(r));
  jb_str(b, o, "severity", rc_severity_name(r->severity));
  jb_num(b, o, "weight", isfinite(r->weight) ? r->weight : 0.0);
  jb_str(b, o, "status", rc_status_name(res->status));
  jb_str(b, o, "fingerprint", res->fingerprint);
  put_waiver(b, o, "waived", res->waiver);
  if (rep->baseline)
    jb_bool(b, o, "new",
            rc_status_has_findings(res->status) && is_new(rep->baseline, res));
  else
    jb_check(b, cJSON_AddNullToObject(o, "new"));
  jb_str(b, o, "outcome", outcome_name(res->outcome));
  jb_str(b, o, "message", res->message ? res->message : "");
  put_evidence(b, o, res);
  jb_str(b, o, "remediation", r->remediation);
  jb_str(b, o, "rationale", r->rationale);
  cJSON *tags = jb_arr(b, o, "tags");
  for (size_t i = 0; i < r->n_tags; i++)
    jb_push_str(b, tags, r->tags[i]);
  jb_str(b, o, "pack", r->pack);
  put_source(b, o, r);
  jb_str(b, o, "skip_reason",
         res->status == RC_STATUS_SKIP ? res->skip_reason : NULL);
}

static void put_gate(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  const struct rc_policy *p = rep->policy;
  cJSON *g = jb_obj(b, root, "gate");
  jb_str(b, g, "fail_on",
         p && p->fail_on_new    ? "new"
         : p && p->fail_on_warn ? "warn"
                                : "block");
  if (p && p->min_score >= 0)
    jb_num(b, g, "min_score", p->min_score);
  else
    jb_check(b, cJSON_AddNullToObject(g, "min_score"));
  jb_str(b, g, "config", rep->config_file);
  jb_str(b, g, "ruleset_hash", rep->ruleset_hash);
}

static const char *waiver_state(const struct rc_waiver *w)
{
  return w->expired ? "expired" : w->hits ? "in force" : "stale";
}

static void put_waivers(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  cJSON *arr = jb_arr(b, root, "waivers");
  for (size_t i = 0; rep->waivers && i < rep->waivers->n; i++) {
    const struct rc_waiver *w = &rep->waivers->items[i];
    cJSON *o = jb_push_obj(b, arr);
    jb_str(b, o, "rule", w->rule);
    jb_str(b, o, "reason", w->reason);
    jb_str(b, o, "owner", w->owner);
    jb_str(b, o, "expires", w->expires);
    jb_str(b, o, "path", w->path);
    jb_str(b, o, "service", w->service);
    jb_str(b, o, "source", w->inline_comment ? "inline" : "config");
    jb_str(b, o, "where", w->where);
    jb_str(b, o, "state", waiver_state(w));
    jb_num(b, o, "findings", (double)w->hits);
  }
}

static void put_baseline(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  const struct rc_baseline *base = rep->baseline;
  if (!base) {
    jb_check(b, cJSON_AddNullToObject(root, "baseline"));
    return;
  }
  cJSON *o = jb_obj(b, root, "baseline");
  jb_str(b, o, "file", base->file);
  jb_str(b, o, "commit", base->commit);
  if (base->score >= 0 && rep->score->has_score) {
    jb_num(b, o, "score", base->score);
    jb_num(b, o, "score_delta", rep->score->score - base->score);
  } else {
    jb_check(b, cJSON_AddNullToObject(o, "score"));
    jb_check(b, cJSON_AddNullToObject(o, "score_delta"));
  }
  jb_num(b, o, "new", (double)base->n_new);
  jb_num(b, o, "new_gating", (double)base->n_new_gating);
  jb_num(b, o, "regressions", (double)base->n_regressions);
  cJSON *fixed = jb_arr(b, o, "fixed");
  for (size_t i = 0; i < base->n_fixed; i++) {
    const struct rc_fixed *f = &base->fixed[i];
    cJSON *x = jb_push_obj(b, fixed);
    jb_str(b, x, "rule", f->rule);
    jb_str(b, x, "fingerprint", f->fingerprint);
    jb_str(b, x, "path", f->path);
    jb_str(b, x, "text", f->text);
  }
}

/* What the walk left out, so a reader knows what no check looked at. */
static void put_skips(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  cJSON *arr = jb_arr(b, root, "skipped_paths");
  for (size_t i = 0; i < rep->n_skips; i++) {
    cJSON *o = jb_push_obj(b, arr);
    jb_str(b, o, "path", rep->skips[i].path);
    jb_str(b, o, "kind",
           rep->skips[i].kind == RC_SKIP_DIR ? "directory" : "symlink");
    jb_str(b, o, "reason", rep->skips[i].reason);
  }
}

static cJSON *build(struct jb *b, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  cJSON *root = jb_check(b, cJSON_CreateObject());
  if (!root)
    return NULL;
  jb_str(b, root, "schema", SCHEMA_NAME);
  jb_num(b, root, "schema_version", SCHEMA_VERSION);
  cJSON *tool = jb_obj(b, root, "tool");
  jb_str(b, tool, "name", "readycheck");
  jb_str(b, tool, "version", rep->version);
  put_repository(b, root, rep);
  jb_str(b, root, "generated_at", rep->timestamp);
  jb_str(b, root, "verdict", rc_verdict_name(sc->verdict));
  jb_bool(b, root, "ready", rc_score_ready(sc));
  jb_bool(b, root, "fail_on_warn", rep->policy && rep->policy->fail_on_warn);
  jb_bool(b, root, "blocked_by_warn", sc->blocked_by_warn);
  put_score(b, root, rep);
  put_counts(b, root, "counts", sc->counts, sc->passed, sc->info_held);
  put_categories(b, root, sc);
  cJSON *checks = jb_arr(b, root, "checks");
  for (size_t i = 0; i < rep->results->n; i++)
    put_check(b, checks, rep, &rep->results->items[i]);
  cJSON *packs = jb_arr(b, root, "packs");
  for (size_t i = 0; i < rep->n_packs; i++)
    jb_push_str(b, packs, rep->packs[i]);
  cJSON *stacks = jb_arr(b, root, "stacks");
  for (size_t i = 0; i < rep->n_stacks; i++)
    jb_push_str(b, stacks, rep->stacks[i]);
  cJSON *deploy = jb_arr(b, root, "deployment");
  for (size_t i = 0; i < rep->n_deployment; i++)
    jb_push_str(b, deploy, rep->deployment[i]);
  jb_bool(b, root, "offline", rep->offline);
  if (rep->environment)
    jb_str(b, root, "environment", rep->environment);
  put_gate(b, root, rep);
  put_waivers(b, root, rep);
  put_baseline(b, root, rep);
  put_skips(b, root, rep);
  return root;
}

static int write_json(FILE *out, const struct rc_report *rep)
{
  struct jb b = {true};
  cJSON *root = build(&b, rep);
  return jb_write(&b, root, out);
}

const struct rc_reporter rc_reporter_json = {
    .name = "json",
    .ext = "json",
    .summary = "machine-readable report (schema readycheck/report v1)",
    .write = write_json,
};
