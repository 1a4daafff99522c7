/*
 * sarif.c - SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDEs):
 * every rule that ran as a reportingDescriptor, one result per finding with
 * its location and a partialFingerprint that survives line moves, waived
 * findings as accepted suppressions, and the verdict in the run's
 * properties. Validated in tests against the OASIS schema
 * (tests/data/sarif-schema-2.1.0.json).
 *
 * Code scanning needs a location on every result, so a finding without a
 * file (a missing file, a whole-repository check) is placed at the
 * repository root, ".".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonb.h"
#include "readycheck/buf.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

#define SARIF_SCHEMA                                                           \
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"        \
  "sarif-schema-2.1.0.json"
#define FINGERPRINT_KEY "readycheckFingerprint/v1"

static const char *level_of(enum rc_severity s)
{
  return s == RC_SEV_BLOCK ? "error" : s == RC_SEV_WARN ? "warning" : "note";
}

/* A repository path as a relative URI reference (RFC 3986): unreserved
 * characters and '/' stay, everything else is percent-encoded. */
static char *uri_of(const char *path)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
      rc_buf_putc(&b, (char)*p);
    else
      rc_buf_printf(&b, "%%%02X", *p);
  }
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}

static cJSON *text_obj(struct jb *b, cJSON *o, const char *key,
                       const char *text)
{
  cJSON *m = jb_obj(b, o, key);
  jb_str(b, m, "text", text ? text : "");
  return m;
}

static void put_rule(struct jb *b, cJSON *arr, const struct rc_rule *r)
{
  cJSON *d = jb_push_obj(b, arr);
  jb_str(b, d, "id", r->id);
  text_obj(b, d, "shortDescription", r->title);
  text_obj(b, d, "fullDescription", r->rationale ? r->rationale : r->title);
  struct rc_buf help, md;
  rc_buf_init(&help);
  rc_buf_init(&md);
  rc_buf_printf(&help, "%s", r->remediation ? r->remediation : r->title);
  rc_buf_printf(&md, "**Fix:** %s", r->remediation ? r->remediation : "");
  if (r->rationale) {
    rc_buf_printf(&help, "\n\nWhy: %s", r->rationale);
    rc_buf_printf(&md, "\n\n**Why it matters:** %s", r->rationale);
  }
  cJSON *h = text_obj(b, d, "help", help.data);
  jb_str(b, h, "markdown", md.data);
  rc_buf_release(&help);
  rc_buf_release(&md);
  cJSON *cfg = jb_obj(b, d, "defaultConfiguration");
  jb_str(b, cfg, "level", level_of(r->severity));
  cJSON *props = jb_obj(b, d, "properties");
  jb_str(b, props, "category", r->category);
  jb_str(b, props, "severity", rc_severity_name(r->severity));
  cJSON *tags = jb_arr(b, props, "tags");
  for (size_t i = 0; i < r->n_tags; i++)
    jb_push_str(b, tags, r->tags[i]);
}

/* Rules in result order, each once; returns the index of each result's
 * rule in idx (parallel to results). */
static void put_rules(struct jb *b, cJSON *driver, const struct rc_results *rs,
                      size_t *idx)
{
  cJSON *arr = jb_arr(b, driver, "rules");
  size_t n = 0;
  for (size_t i = 0; i < rs->n; i++) {
    size_t j = 0;
    while (j < i && rs->items[j].rule != rs->items[i].rule)
      j++;
    if (j < i) {
      idx[i] = idx[j];
      continue;
    }
    idx[i] = n++;
    put_rule(b, arr, rs->items[i].rule);
  }
}

static bool is_file(const char *path)
{
  return path && path[0] && !strstr(path, "://");
}

static void put_location(struct jb *b, cJSON *result,
                         const struct rc_evidence *e)
{
  cJSON *locs = jb_arr(b, result, "locations");
  cJSON *loc = jb_push_obj(b, locs);
  cJSON *phys = jb_obj(b, loc, "physicalLocation");
  cJSON *art = jb_obj(b, phys, "artifactLocation");
  char *uri = uri_of(e && is_file(e->path) ? e->path : ".");
  jb_str(b, art, "uri", uri);
  free(uri);
  jb_str(b, art, "uriBaseId", "%SRCROOT%");
  if (e && is_file(e->path) && e->line) {
    cJSON *region = jb_obj(b, phys, "region");
    jb_num(b, region, "startLine", e->line);
  }
  if (e && e->path && !is_file(e->path)) /* a URL the check fetched */
    text_obj(b, loc, "message", e->path);
}

static void put_message(struct jb *b, cJSON *result, const struct rc_finding *f)
{
  const struct rc_result *res = f->res;
  struct rc_buf m;
  rc_buf_init(&m);
  rc_buf_printf(&m, "%s: ", res->rule->title);
  if (res->status == RC_STATUS_ERROR)
    rc_buf_puts(&m, "could not be evaluated: ");
  const char *what =
      f->ev && f->ev->text && f->ev->text[0] ? f->ev->text : res->message;
  if (f->ev && f->ev->path && !is_file(f->ev->path))
    rc_buf_printf(&m, "%s: ", f->ev->path);
  rc_buf_puts(&m, what && what[0] ? what : "check failed");
  text_obj(b, result, "message", m.data);
  rc_buf_release(&m);
}

static void put_suppression(struct jb *b, cJSON *result,
                            const struct rc_waiver *w)
{
  cJSON *arr = jb_arr(b, result, "suppressions");
  cJSON *s = jb_push_obj(b, arr);
  jb_str(b, s, "kind", w->inline_comment ? "inSource" : "external");
  jb_str(b, s, "status", "accepted");
  struct rc_buf j;
  rc_buf_init(&j);
  rc_buf_puts(&j, w->reason);
  if (w->owner)
    rc_buf_printf(&j, " (owner: %s)", w->owner);
  if (w->expires)
    rc_buf_printf(&j, " (expires %s)", w->expires);
  jb_str(b, s, "justification", j.data);
  rc_buf_release(&j);
}

static void put_result(struct jb *b, cJSON *arr, const struct rc_report *rep,
                       const struct rc_finding *f, size_t rule_index)
{
  const struct rc_result *res = f->res;
  cJSON *r = jb_push_obj(b, arr);
  jb_str(b, r, "ruleId", res->rule->id);
  jb_num(b, r, "ruleIndex", (double)rule_index);
  jb_str(b, r, "level", level_of(res->rule->severity));
  put_message(b, r, f);
  put_location(b, r, f->ev);
  cJSON *fp = jb_obj(b, r, "partialFingerprints");
  jb_str(b, fp, FINGERPRINT_KEY, f->fingerprint);
  if (f->waiver)
    put_suppression(b, r, f->waiver);
  if (rep->baseline)
    jb_str(b, r, "baselineState",
           rc_baseline_has(rep->baseline, f->fingerprint) ? "unchanged"
                                                          : "new");
  cJSON *props = jb_obj(b, r, "properties");
  jb_str(b, props, "status", rc_status_name(res->status));
  jb_str(b, props, "category", res->rule->category);
}

static void put_results(struct jb *b, cJSON *run, const struct rc_report *rep,
                        const size_t *rule_idx)
{
  cJSON *arr = jb_arr(b, run, "results");
  struct rc_finding *f;
  size_t n = rc_findings(rep->results, &f);
  for (size_t i = 0; i < n; i++) {
    size_t k = (size_t)(f[i].res - rep->results->items);
    put_result(b, arr, rep, &f[i], rule_idx[k]);
  }
  free(f);
}

static void put_run_properties(struct jb *b, cJSON *run,
                               const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  cJSON *p = jb_obj(b, run, "properties");
  jb_str(b, p, "verdict", rc_verdict_name(sc->verdict));
  jb_bool(b, p, "ready", rc_score_ready(sc));
  if (sc->has_score)
    jb_num(b, p, "score", sc->score);
  jb_str(b, p, "rulesetHash", rep->ruleset_hash);
  cJSON *inv = jb_arr(b, run, "invocations");
  cJSON *i = jb_push_obj(b, inv);
  jb_bool(b, i, "executionSuccessful", true);
  if (rep->timestamp)
    jb_str(b, i, "endTimeUtc", rep->timestamp);
}

static int write_sarif(FILE *out, const struct rc_report *rep)
{
  struct jb b = {true};
  cJSON *root = jb_check(&b, cJSON_CreateObject());
  if (!root)
    return jb_write(&b, NULL, out);
  jb_str(&b, root, "$schema", SARIF_SCHEMA);
  jb_str(&b, root, "version", "2.1.0");
  cJSON *runs = jb_arr(&b, root, "runs");
  cJSON *run = jb_push_obj(&b, runs);
  cJSON *driver = jb_obj(&b, jb_obj(&b, run, "tool"), "driver");
  jb_str(&b, driver, "name", "readycheck");
  jb_str(&b, driver, "version", rep->version);
  jb_str(&b, driver, "semanticVersion", rep->version);
  size_t n = rep->results->n;
  size_t *rule_idx = calloc(n ? n : 1, sizeof(*rule_idx));
  if (!rule_idx) {
    cJSON_Delete(root);
    return jb_write(&b, NULL, out);
  }
  put_rules(&b, driver, rep->results, rule_idx);
  cJSON *auto_details = jb_obj(&b, run, "automationDetails");
  jb_str(&b, auto_details, "id", "readycheck/");
  if (rep->git_commit) {
    cJSON *vcs = jb_push_obj(&b, jb_arr(&b, run, "versionControlProvenance"));
    jb_str(&b, vcs, "repositoryUri",
           rep->link_base ? rep->link_base : "urn:readycheck:local");
    jb_str(&b, vcs, "revisionId", rep->git_commit);
    if (rep->git_branch)
      jb_str(&b, vcs, "branch", rep->git_branch);
  }
  put_results(&b, run, rep, rule_idx);
  put_run_properties(&b, run, rep);
  free(rule_idx);
  return jb_write(&b, root, out);
}

const struct rc_reporter rc_reporter_sarif = {
    .name = "sarif",
    .ext = "sarif",
    .summary = "SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDEs)",
    .write = write_sarif,
};
