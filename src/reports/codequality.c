/*
 * codequality.c - GitLab Code Quality (a subset of the Code Climate issue
 * format): one issue per finding, with the finding's fingerprint, so merge
 * requests show what a change introduced or fixed. GitLab requires a path
 * and a first line on every issue: findings without a file are placed at
 * the repository root "." line 1, as in the SARIF report. Waived findings
 * are kept as "info" issues whose description starts with "WAIVED".
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

static const char *severity_of(const struct rc_finding *f)
{
  const struct rc_result *res = f->res;
  if (f->waiver || res->status == RC_STATUS_INFO)
    return "info";
  if (res->status == RC_STATUS_BLOCK)
    return "blocker";
  if (res->status == RC_STATUS_ERROR)
    return res->rule->severity == RC_SEV_BLOCK ? "critical" : "minor";
  return "major";
}

static bool is_file(const char *path)
{
  return path && path[0] && !strstr(path, "://");
}

static void put_issue(struct jb *b, cJSON *arr, const struct rc_finding *f)
{
  const struct rc_result *res = f->res;
  const struct rc_evidence *e = f->ev;
  cJSON *o = jb_push_obj(b, arr);
  struct rc_buf d;
  rc_buf_init(&d);
  if (f->waiver)
    rc_buf_printf(&d, "WAIVED (%s): ", f->waiver->reason);
  rc_buf_printf(&d, "%s: ", res->rule->title);
  if (e && e->path && !is_file(e->path))
    rc_buf_printf(&d, "%s: ", e->path);
  rc_buf_puts(&d, e && e->text && e->text[0] ? e->text : res->message);
  jb_str(b, o, "description", d.data);
  rc_buf_release(&d);
  jb_str(b, o, "check_name", res->rule->id);
  jb_str(b, o, "fingerprint", f->fingerprint);
  jb_str(b, o, "severity", severity_of(f));
  jb_str(b, o, "type", "issue");
  cJSON *cats = jb_arr(b, o, "categories");
  jb_push_str(b, cats,
              strcmp(res->rule->category, "security") == 0 ? "Security"
                                                           : "Bug Risk");
  cJSON *loc = jb_obj(b, o, "location");
  jb_str(b, loc, "path", e && is_file(e->path) ? e->path : ".");
  cJSON *lines = jb_obj(b, loc, "lines");
  jb_num(b, lines, "begin", e && is_file(e->path) && e->line ? e->line : 1);
}

static int write_codequality(FILE *out, const struct rc_report *rep)
{
  struct jb b = {true};
  cJSON *root = jb_check(&b, cJSON_CreateArray());
  struct rc_finding *f;
  size_t n = rc_findings(rep->results, &f);
  for (size_t i = 0; root && i < n; i++)
    put_issue(&b, root, &f[i]);
  free(f);
  return jb_write(&b, root, out);
}

const struct rc_reporter rc_reporter_codequality = {
    .name = "codequality",
    .ext = "json",
    .summary = "GitLab Code Quality report (one issue per finding)",
    .write = write_codequality,
};
