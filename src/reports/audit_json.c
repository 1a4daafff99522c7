/*
 * audit_json.c - the audit for machines: readycheck's side (verdict,
 * score, counts), the report's headline, and every claim with its report
 * line, text, stance, the rules it maps to and the judgement with its
 * reason; then each check a claim names, once, with its status, message
 * and evidence. Evidence was masked when it was recorded
 * (check.c); claim text is the report's own words.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "jsonb.h"
#include "readycheck/audit.h"
#include "readycheck/claims.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

#define SCHEMA_NAME    "readycheck/audit"
#define SCHEMA_VERSION 1

static void put_null(struct jb *b, cJSON *o, const char *key)
{
  jb_check(b, cJSON_AddNullToObject(o, key));
}

static void put_readycheck(struct jb *b, cJSON *root, const struct rc_audit *a)
{
  const struct rc_score *s = a->run->score;
  cJSON *o = jb_obj(b, root, "readycheck");
  jb_str(b, o, "verdict", rc_verdict_name(s->verdict));
  jb_bool(b, o, "ready", rc_score_ready(s));
  if (s->has_score) {
    jb_num(b, o, "score", s->score);
    char grade[2] = {s->grade, '\0'};
    jb_str(b, o, "grade", grade);
  } else {
    put_null(b, o, "score");
    put_null(b, o, "grade");
  }
  cJSON *counts = jb_obj(b, o, "counts");
  for (int st = 0; st < RC_STATUS_COUNT; st++)
    jb_num(b, counts, rc_status_name((enum rc_status)st),
           (double)s->counts[st]);
  jb_num(b, o, "checks_passed", (double)a->checks_passed);
  jb_num(b, o, "checks_applicable", (double)a->checks_applicable);
  jb_str(b, o, "headline", a->readycheck_headline);
  jb_str(b, o, "ruleset_hash", a->run->ruleset_hash);
}

static void put_evidence(struct jb *b, cJSON *o, const struct rc_result *r)
{
  cJSON *arr = jb_arr(b, o, "evidence");
  for (size_t i = 0; i < r->n_ev; i++) {
    const struct rc_evidence *e = &r->ev[i];
    cJSON *x = jb_push_obj(b, arr);
    jb_str(b, x, "path", e->path);
    if (e->line)
      jb_num(b, x, "line", e->line);
    else
      put_null(b, x, "line");
    jb_str(b, x, "text", e->text ? e->text : "");
    jb_bool(b, x, "pass", e->mark == RC_EV_PASS);
  }
  jb_num(b, o, "evidence_truncated", (double)r->n_ev_dropped);
}

/* A claim's rules by id, phrase and status; the checks themselves are
 * listed once under "checks" (put_checks), however many claims name them. */
static void put_rules(struct jb *b, cJSON *o, const struct rc_audit_item *it)
{
  cJSON *arr = jb_arr(b, o, "rules");
  for (size_t i = 0; i < it->n_rules; i++) {
    const struct rc_audit_rule *m = &it->rules[i];
    cJSON *x = jb_push_obj(b, arr);
    jb_str(b, x, "id", m->rule->id);
    jb_str(b, x, "phrase", m->phrase);
    jb_str(b, x, "status",
           m->result ? rc_status_name(m->result->status) : "NOT RUN");
  }
}

/* Every check some claim names, once, in run order: severity, status,
 * message and evidence. */
static void put_checks(struct jb *b, cJSON *root, const struct rc_audit *a)
{
  const struct rc_results *res = a->run->results;
  bool *named = calloc(res->n ? res->n : 1, sizeof(*named));
  if (!named) {
    b->ok = false;
    return;
  }
  for (size_t i = 0; i < a->n; i++)
    for (size_t k = 0; k < a->items[i].n_rules; k++)
      if (a->items[i].rules[k].result)
        named[a->items[i].rules[k].result - res->items] = true;
  cJSON *checks = jb_obj(b, root, "checks");
  for (size_t i = 0; i < res->n; i++) {
    if (!named[i])
      continue;
    const struct rc_result *r = &res->items[i];
    cJSON *x = jb_obj(b, checks, r->rule->id);
    jb_str(b, x, "title", r->rule->title);
    jb_str(b, x, "severity", rc_severity_name(r->rule->severity));
    jb_str(b, x, "status", rc_status_name(r->status));
    jb_str(b, x, "message", r->message);
    put_evidence(b, x, r);
  }
  free(named);
}

static void put_claimed(struct jb *b, cJSON *o, const struct rc_claim *c)
{
  if (!rc_claim_is_headline(c)) {
    put_null(b, o, "claimed");
    return;
  }
  cJSON *x = jb_obj(b, o, "claimed");
  jb_str(b, x, "headline", c->headline);
  switch (c->kind) {
  case RC_CLAIM_VERDICT:
    jb_str(b, x, "verdict", rc_claimed_verdict_name(c->verdict));
    break;
  case RC_CLAIM_SCORE:
    jb_num(b, x, "score", c->value);
    break;
  case RC_CLAIM_GRADE: {
    char g[2] = {c->grade, '\0'};
    jb_str(b, x, "grade", g);
    break;
  }
  default:
    jb_num(b, x, "passed", c->value);
    jb_num(b, x, "of", c->of);
    jb_bool(b, x, "percent", c->percent);
    break;
  }
  if (c->kind == RC_CLAIM_SCORE || c->kind == RC_CLAIM_GRADE)
    jb_str(b, x, "topic", c->topic);
}

static void put_item(struct jb *b, cJSON *arr, const struct rc_audit_item *it)
{
  const struct rc_claim *c = it->claim;
  cJSON *o = jb_push_obj(b, arr);
  jb_num(b, o, "line", c->line);
  jb_str(b, o, "kind", rc_claim_kind_name(c->kind));
  jb_str(b, o, "stance", rc_stance_name(c->stance));
  jb_str(b, o, "marker", c->marker);
  if (c->from_line)
    jb_num(b, o, "marker_from_line", c->from_line);
  else
    put_null(b, o, "marker_from_line");
  jb_str(b, o, "text", c->text);
  put_claimed(b, o, c);
  jb_str(b, o, "judgement", rc_judgement_name(it->judgement));
  jb_str(b, o, "cause",
         it->cause < RC_STATUS_COUNT ? rc_status_name(it->cause) : NULL);
  jb_bool(b, o, "gating", it->gating);
  jb_bool(b, o, "unknown", it->unknown);
  jb_str(b, o, "why", it->why);
  put_rules(b, o, it);
}

static cJSON *build(struct jb *b, const struct rc_audit *a)
{
  const struct rc_report *run = a->run;
  cJSON *root = jb_check(b, cJSON_CreateObject());
  if (!root)
    return NULL;
  jb_str(b, root, "schema", SCHEMA_NAME);
  jb_num(b, root, "schema_version", SCHEMA_VERSION);
  cJSON *tool = jb_obj(b, root, "tool");
  jb_str(b, tool, "name", "readycheck");
  jb_str(b, tool, "version", run->version);
  cJSON *rep = jb_obj(b, root, "report");
  jb_str(b, rep, "path", a->report_path);
  jb_num(b, rep, "claims", (double)a->n);
  jb_str(b, rep, "headline", a->report_headline);
  cJSON *repo = jb_obj(b, root, "repository");
  jb_str(b, repo, "path", run->repo_path);
  jb_str(b, repo, "name", run->repo_name);
  jb_str(b, repo, "commit", run->git_commit);
  jb_str(b, repo, "branch", run->git_branch);
  jb_str(b, root, "generated_at", run->timestamp);
  put_readycheck(b, root, a);
  cJSON *sum = jb_obj(b, root, "summary");
  for (int j = 0; j < RC_JUDGE_COUNT; j++)
    jb_num(b, sum, rc_judgement_name((enum rc_judgement)j),
           (double)a->counts[j]);
  jb_num(b, sum, "gating", (double)a->n_gating);
  jb_num(b, sum, "unknown", (double)a->n_unknown);
  jb_bool(b, sum, "fail_on_warn", a->fail_on_warn);
  cJSON *claims = jb_arr(b, root, "claims");
  for (size_t i = 0; i < a->n; i++)
    put_item(b, claims, &a->items[i]);
  put_checks(b, root, a);
  return root;
}

static int write_json(FILE *out, const struct rc_audit *a)
{
  struct jb b = {true};
  cJSON *root = build(&b, a);
  return jb_write(&b, root, out);
}

const struct rc_audit_reporter rc_audit_reporter_json = {
    .name = "json",
    .ext = "json",
    .summary = "every claim with its rules, evidence and judgement",
    .write = write_json,
};
