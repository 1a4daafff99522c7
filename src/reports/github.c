/*
 * github.c - GitHub Actions workflow commands: one ::error / ::warning /
 * ::notice annotation per finding, on its file and line when it has them,
 * then one notice with the verdict. GitHub shows them on the run and on
 * the pull request's diff. Written to standard error automatically when
 * GITHUB_ACTIONS=true (see cmd_check.c), or wherever --report github=FILE
 * says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

/* Workflow command escaping: data escapes % CR LF; property values also
 * escape ':' and ','. Other control characters become spaces. */
static void put_escaped(FILE *out, const char *s, bool property)
{
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '%')
      fputs("%25", out);
    else if (*p == '\r')
      fputs("%0D", out);
    else if (*p == '\n')
      fputs("%0A", out);
    else if (property && *p == ':')
      fputs("%3A", out);
    else if (property && *p == ',')
      fputs("%2C", out);
    else if (*p < 0x20 || *p == 0x7F)
      putc(' ', out);
    else
      putc(*p, out);
  }
}

static const char *command_for(const struct rc_finding *f)
{
  const struct rc_result *res = f->res;
  if (res->status == RC_STATUS_WAIVED || res->status == RC_STATUS_INFO ||
      f->waiver)
    return "notice";
  if (res->status == RC_STATUS_BLOCK ||
      (res->status == RC_STATUS_ERROR && res->rule->severity == RC_SEV_BLOCK))
    return "error";
  return "warning";
}

static bool is_file(const char *path)
{
  return path && !strstr(path, "://");
}

static void put_finding(FILE *out, const struct rc_finding *f)
{
  const struct rc_result *res = f->res;
  const struct rc_evidence *e = f->ev;
  fprintf(out, "::%s ", command_for(f));
  if (e && is_file(e->path)) {
    fputs("file=", out);
    put_escaped(out, e->path, true);
    if (e->line)
      fprintf(out, ",line=%u", e->line);
    putc(',', out);
  }
  fputs("title=", out);
  if (f->waiver)
    fputs("WAIVED ", out);
  put_escaped(out, res->rule->id, true);
  fputs(" - ", out);
  put_escaped(out, res->rule->title, true);
  fputs("::", out);
  put_escaped(out, e && e->text && e->text[0] ? e->text : res->message, false);
  if (f->waiver) {
    fputs("%0Awaived: ", out);
    put_escaped(out, f->waiver->reason, false);
  } else if (res->rule->remediation) {
    fputs("%0Afix: ", out);
    put_escaped(out, res->rule->remediation, false);
  }
  putc('\n', out);
}

static int write_github(FILE *out, const struct rc_report *rep)
{
  struct rc_finding *f;
  size_t n = rc_findings(rep->results, &f);
  for (size_t i = 0; i < n; i++)
    put_finding(out, &f[i]);
  free(f);
  const struct rc_score *sc = rep->score;
  fprintf(out, "::%s title=readycheck::%s",
          rc_score_ready(sc) ? "notice" : "error",
          rc_verdict_name(sc->verdict));
  if (sc->has_score)
    fprintf(out, ", score %d/100 (%c)", sc->score, sc->grade);
  fprintf(out, ", %zu %s, %zu %s, %zu waived%s\n", sc->counts[RC_STATUS_BLOCK],
          sc->counts[RC_STATUS_BLOCK] == 1 ? "blocker" : "blockers",
          sc->counts[RC_STATUS_WARN],
          sc->counts[RC_STATUS_WARN] == 1 ? "warning" : "warnings",
          sc->counts[RC_STATUS_WAIVED],
          rc_score_ready(sc) ? "" : "; not ready");
  if (fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}

const struct rc_reporter rc_reporter_github = {
    .name = "github",
    .ext = "txt",
    .summary = "GitHub Actions annotations (automatic on stderr in Actions)",
    .write = write_github,
    .appendable = true,
};
