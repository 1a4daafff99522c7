/*
 * json.c - the machine-readable report, schema "readycheck/report" version 1
 * (docs/report-json.md, docs/report.schema.json). Built as a cJSON tree and
 * printed once. Field names and enum spellings are a public contract: add
 * fields freely, but renaming or retyping one needs a new schema_version.
 * Exit codes are main's business and deliberately absent.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/buf.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

#define SCHEMA_NAME    "readycheck/report"
#define SCHEMA_VERSION 1

static const char *const outcome_names[] = {"ok", "fail", "error", "skip"};

static const char *const count_keys[RC_STATUS_COUNT] = {
    "pass", "warn", "block", "info", "skip", "error", "waived",
};

/* cJSON returns NULL when malloc fails; the builder records that once and
 * the reporter fails instead of writing a partial document. */
struct jb {
  bool ok;
};

static cJSON *check(struct jb *b, cJSON *item)
{
  if (!item)
    b->ok = false;
  return item;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p)
{
  unsigned char c = p[0], lo = 0x80, hi = 0xBF;
  size_t n;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4;
  else
    return 0;
  if (c == 0xE0)
    lo = 0xA0;
  else if (c == 0xED)
    hi = 0x9F;
  else if (c == 0xF0)
    lo = 0x90;
  else if (c == 0xF4)
    hi = 0x8F;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;
  return n;
}

static bool is_utf8(const char *v)
{
  const unsigned char *p = (const unsigned char *)v;
  size_t n;
  while (*p && (n = utf8_len(p)) > 0)
    p += n;
  return *p == '\0';
}

/* Repository text may be any bytes, JSON must be UTF-8: ill-formed bytes
 * become U+FFFD. Caller frees. */
static char *utf8_repaired(const char *v)
{
  struct rc_buf tmp;
  rc_buf_init(&tmp);
  for (const unsigned char *p = (const unsigned char *)v; *p;) {
    size_t n = utf8_len(p);
    if (n) {
      rc_buf_add(&tmp, p, n);
      p += n;
    } else {
      rc_buf_puts(&tmp, "\xEF\xBF\xBD");
      p++;
    }
  }
  char *s = rc_buf_detach(&tmp);
  rc_buf_release(&tmp);
  return s;
}

static cJSON *make_string(const char *v)
{
  if (is_utf8(v))
    return cJSON_CreateString(v);
  char *fixed = utf8_repaired(v);
  cJSON *item = cJSON_CreateString(fixed);
  free(fixed);
  return item;
}

static void add_item(struct jb *b, cJSON *o, const char *key, cJSON *item)
{
  if (check(b, item) && !cJSON_AddItemToObject(o, key, item)) {
    cJSON_Delete(item);
    b->ok = false;
  }
}

static void put_str(struct jb *b, cJSON *o, const char *key, const char *v)
{
  add_item(b, o, key, v ? make_string(v) : cJSON_CreateNull());
}

static void put_num(struct jb *b, cJSON *o, const char *key, double v)
{
  check(b, cJSON_AddNumberToObject(o, key, v));
}

static void put_bool(struct jb *b, cJSON *o, const char *key, bool v)
{
  check(b, cJSON_AddBoolToObject(o, key, v));
}

static cJSON *put_obj(struct jb *b, cJSON *o, const char *key)
{
  return check(b, cJSON_AddObjectToObject(o, key));
}

static cJSON *put_arr(struct jb *b, cJSON *o, const char *key)
{
  return check(b, cJSON_AddArrayToObject(o, key));
}

static cJSON *push_obj(struct jb *b, cJSON *arr)
{
  cJSON *o = check(b, cJSON_CreateObject());
  if (o && !cJSON_AddItemToArray(arr, o)) {
    cJSON_Delete(o);
    b->ok = false;
    return NULL;
  }
  return o;
}

static void push_str(struct jb *b, cJSON *arr, const char *s)
{
  cJSON *v = check(b, make_string(s ? s : ""));
  if (v && !cJSON_AddItemToArray(arr, v)) {
    cJSON_Delete(v);
    b->ok = false;
  }
}

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

static void put_counts(struct jb *b, cJSON *o, const char *key,
                       const size_t *counts)
{
  cJSON *c = put_obj(b, o, key);
  size_t total = 0;
  for (int s = 0; s < RC_STATUS_COUNT; s++) {
    put_num(b, c, count_keys[s], (double)counts[s]);
    total += counts[s];
  }
  put_num(b, c, "total", (double)total);
}

static void put_repository(struct jb *b, cJSON *root,
                           const struct rc_report *rep)
{
  cJSON *r = put_obj(b, root, "repository");
  put_str(b, r, "path", rep->repo_path);
  put_str(b, r, "name", rep->repo_name);
  if (!rep->git_commit) {
    check(b, cJSON_AddNullToObject(r, "git"));
    return;
  }
  cJSON *g = put_obj(b, r, "git");
  put_str(b, g, "commit", rep->git_commit);
  put_str(b, g, "branch", rep->git_branch);
}

static void put_score(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  char grade[2] = {sc->grade, '\0'};
  cJSON *s = put_obj(b, root, "score");
  put_num(b, s, "value", sc->score);
  put_str(b, s, "grade", grade);
  put_bool(b, s, "has_score", sc->has_score);
  put_num(b, s, "earned", sc->earned);
  put_num(b, s, "possible", sc->possible);
  if (rep->policy && rep->policy->min_score >= 0)
    put_num(b, s, "min_score", rep->policy->min_score);
  else
    check(b, cJSON_AddNullToObject(s, "min_score"));
  put_bool(b, s, "below_min_score", sc->below_min_score);
}

static void put_categories(struct jb *b, cJSON *root, const struct rc_score *sc)
{
  cJSON *arr = put_arr(b, root, "categories");
  for (size_t k = 0; k < sc->n_cats; k++) {
    const struct rc_category_score *c = &sc->cats[k];
    cJSON *o = push_obj(b, arr);
    put_str(b, o, "name", c->name);
    if (c->score >= 0)
      put_num(b, o, "score", c->score);
    else
      check(b, cJSON_AddNullToObject(o, "score"));
    put_counts(b, o, "counts", c->counts);
  }
}

static void put_waiver(struct jb *b, cJSON *o, const char *key,
                       const struct rc_waiver *w)
{
  if (!w) {
    check(b, cJSON_AddNullToObject(o, key));
    return;
  }
  cJSON *x = put_obj(b, o, key);
  put_str(b, x, "rule", w->rule);
  put_str(b, x, "reason", w->reason);
  put_str(b, x, "owner", w->owner);
  put_str(b, x, "expires", w->expires);
  put_str(b, x, "path", w->path);
  put_str(b, x, "service", w->service);
  put_str(b, x, "source", w->inline_comment ? "inline" : "config");
  put_str(b, x, "where", w->where);
}

static void put_evidence(struct jb *b, cJSON *check_obj,
                         const struct rc_result *res)
{
  cJSON *arr = put_arr(b, check_obj, "evidence");
  for (size_t i = 0; i < res->n_ev; i++) {
    const struct rc_evidence *e = &res->ev[i];
    cJSON *o = push_obj(b, arr);
    put_str(b, o, "path", e->path);
    if (e->line)
      put_num(b, o, "line", e->line);
    else
      check(b, cJSON_AddNullToObject(o, "line"));
    put_str(b, o, "text", e->text ? e->text : "");
    put_bool(b, o, "pass", e->mark == RC_EV_PASS);
    put_str(b, o, "fingerprint", e->fingerprint);
    put_waiver(b, o, "waived", e->waiver);
  }
  put_num(b, check_obj, "evidence_truncated", (double)res->n_ev_dropped);
}

static void put_source(struct jb *b, cJSON *o, const struct rc_rule *r)
{
  if (!r->loc.file) {
    check(b, cJSON_AddNullToObject(o, "source"));
    return;
  }
  cJSON *s = put_obj(b, o, "source");
  put_str(b, s, "file", r->loc.file);
  put_num(b, s, "line", r->loc.line);
  put_num(b, s, "column", r->loc.col);
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
  cJSON *o = push_obj(b, arr);
  put_str(b, o, "id", r->id);
  put_str(b, o, "title", r->title ? r->title : "");
  put_str(b, o, "category", category_of(r));
  put_str(b, o, "severity", rc_severity_name(r->severity));
  put_num(b, o, "weight", isfinite(r->weight) ? r->weight : 0.0);
  put_str(b, o, "status", rc_status_name(res->status));
  put_str(b, o, "fingerprint", res->fingerprint);
  put_waiver(b, o, "waived", res->waiver);
  if (rep->baseline)
    put_bool(b, o, "new",
             rc_status_has_findings(res->status) && is_new(rep->baseline, res));
  else
    check(b, cJSON_AddNullToObject(o, "new"));
  put_str(b, o, "outcome", outcome_name(res->outcome));
  put_str(b, o, "message", res->message ? res->message : "");
  put_evidence(b, o, res);
  put_str(b, o, "remediation", r->remediation);
  put_str(b, o, "rationale", r->rationale);
  cJSON *tags = put_arr(b, o, "tags");
  for (size_t i = 0; i < r->n_tags; i++)
    push_str(b, tags, r->tags[i]);
  put_str(b, o, "pack", r->pack);
  put_source(b, o, r);
  put_str(b, o, "skip_reason",
          res->status == RC_STATUS_SKIP ? res->skip_reason : NULL);
}

static void put_gate(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  const struct rc_policy *p = rep->policy;
  cJSON *g = put_obj(b, root, "gate");
  put_str(b, g, "fail_on",
          p && p->fail_on_new    ? "new"
          : p && p->fail_on_warn ? "warn"
                                 : "block");
  if (p && p->min_score >= 0)
    put_num(b, g, "min_score", p->min_score);
  else
    check(b, cJSON_AddNullToObject(g, "min_score"));
  put_str(b, g, "config", rep->config_file);
  put_str(b, g, "ruleset_hash", rep->ruleset_hash);
}

static const char *waiver_state(const struct rc_waiver *w)
{
  return w->expired ? "expired" : w->hits ? "in force" : "stale";
}

static void put_waivers(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  cJSON *arr = put_arr(b, root, "waivers");
  for (size_t i = 0; rep->waivers && i < rep->waivers->n; i++) {
    const struct rc_waiver *w = &rep->waivers->items[i];
    cJSON *o = push_obj(b, arr);
    put_str(b, o, "rule", w->rule);
    put_str(b, o, "reason", w->reason);
    put_str(b, o, "owner", w->owner);
    put_str(b, o, "expires", w->expires);
    put_str(b, o, "path", w->path);
    put_str(b, o, "service", w->service);
    put_str(b, o, "source", w->inline_comment ? "inline" : "config");
    put_str(b, o, "where", w->where);
    put_str(b, o, "state", waiver_state(w));
    put_num(b, o, "findings", (double)w->hits);
  }
}

static void put_baseline(struct jb *b, cJSON *root, const struct rc_report *rep)
{
  const struct rc_baseline *base = rep->baseline;
  if (!base) {
    check(b, cJSON_AddNullToObject(root, "baseline"));
    return;
  }
  cJSON *o = put_obj(b, root, "baseline");
  put_str(b, o, "file", base->file);
  put_str(b, o, "commit", base->commit);
  if (base->score >= 0 && rep->score->has_score) {
    put_num(b, o, "score", base->score);
    put_num(b, o, "score_delta", rep->score->score - base->score);
  } else {
    check(b, cJSON_AddNullToObject(o, "score"));
    check(b, cJSON_AddNullToObject(o, "score_delta"));
  }
  put_num(b, o, "new", (double)base->n_new);
  put_num(b, o, "new_gating", (double)base->n_new_gating);
  put_num(b, o, "regressions", (double)base->n_regressions);
  cJSON *fixed = put_arr(b, o, "fixed");
  for (size_t i = 0; i < base->n_fixed; i++) {
    const struct rc_fixed *f = &base->fixed[i];
    cJSON *x = push_obj(b, fixed);
    put_str(b, x, "rule", f->rule);
    put_str(b, x, "fingerprint", f->fingerprint);
    put_str(b, x, "path", f->path);
    put_str(b, x, "text", f->text);
  }
}

static cJSON *build(struct jb *b, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  cJSON *root = check(b, cJSON_CreateObject());
  if (!root)
    return NULL;
  put_str(b, root, "schema", SCHEMA_NAME);
  put_num(b, root, "schema_version", SCHEMA_VERSION);
  cJSON *tool = put_obj(b, root, "tool");
  put_str(b, tool, "name", "readycheck");
  put_str(b, tool, "version", rep->version);
  put_repository(b, root, rep);
  put_str(b, root, "generated_at", rep->timestamp);
  put_str(b, root, "verdict", rc_verdict_name(sc->verdict));
  put_bool(b, root, "ready", rc_score_ready(sc));
  put_bool(b, root, "fail_on_warn", rep->policy && rep->policy->fail_on_warn);
  put_bool(b, root, "blocked_by_warn", sc->blocked_by_warn);
  put_score(b, root, rep);
  put_counts(b, root, "counts", sc->counts);
  put_categories(b, root, sc);
  cJSON *checks = put_arr(b, root, "checks");
  for (size_t i = 0; i < rep->results->n; i++)
    put_check(b, checks, rep, &rep->results->items[i]);
  cJSON *packs = put_arr(b, root, "packs");
  for (size_t i = 0; i < rep->n_packs; i++)
    push_str(b, packs, rep->packs[i]);
  cJSON *stacks = put_arr(b, root, "stacks");
  for (size_t i = 0; i < rep->n_stacks; i++)
    push_str(b, stacks, rep->stacks[i]);
  put_bool(b, root, "offline", rep->offline);
  put_gate(b, root, rep);
  put_waivers(b, root, rep);
  put_baseline(b, root, rep);
  return root;
}

static int write_json(FILE *out, const struct rc_report *rep)
{
  struct jb b = {true};
  cJSON *root = build(&b, rep);
  char *text = b.ok ? cJSON_Print(root) : NULL;
  cJSON_Delete(root);
  if (!text) {
    errno = ENOMEM;
    return -1;
  }
  int rc = fputs(text, out) < 0 || putc('\n', out) == EOF;
  cJSON_free(text);
  if (rc || fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}

const struct rc_reporter rc_reporter_json = {
    .name = "json",
    .ext = "json",
    .summary = "machine-readable report (schema readycheck/report v1)",
    .write = write_json,
};
