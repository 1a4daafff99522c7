/*
 * text.c - the terminal report: checks grouped by category, details under
 * the ones that did not pass, category scores, then one summary line that
 * always ends the output. It only reads struct rc_report: the verdict and
 * every number come from the scorer.
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

/* Evidence lines shown per check unless verbose. */
#define EVIDENCE_SHOWN 5
/* A BLOCKED run with at least this score gets an explicit "but" line. */
#define HIGH_SCORE 70
/* Width of the status column: "BLOCK" and "ERROR". */
#define TAG_WIDTH 5
/* Evidence text longer than this (bytes) is cut: one minified line must not
 * flood the terminal. The JSON report keeps it whole. */
#define EVIDENCE_TEXT_MAX 240

/* ANSI SGR codes per status: green, yellow, red, blue, dim, magenta,
 * cyan. */
static const char *const status_sgr[RC_STATUS_COUNT] = {
    "32", "33", "31", "34", "2", "35", "36",
};

static const char *const verdict_sgr[] = {"32", "33", "1;31", "1;35"};

static const char *category_of(const struct rc_rule *r)
{
  return r->category && r->category[0] ? r->category : "uncategorized";
}

static const char *plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* Writes the first n bytes of s with control characters (C0, DEL, UTF-8
 * encoded C1) shown as escapes: repository text must not drive the
 * terminal. */
static void put_clean_n(FILE *out, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  for (; p < end && *p; p++) {
    if (p[0] == 0xC2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9F) {
      fprintf(out, "\\u%04x", (unsigned)p[1]);
      p++;
    } else if ((*p < 0x20 && *p != '\t') || *p == 0x7F) {
      fprintf(out, "\\x%02x", (unsigned)*p);
    } else {
      putc(*p, out);
    }
  }
}

static void put_clean(FILE *out, const char *s)
{
  if (s)
    put_clean_n(out, s, strlen(s));
}

/* Like put_clean, but cut after max bytes (at a UTF-8 character boundary)
 * with "..." appended. */
static void put_clipped(FILE *out, const char *s, size_t max)
{
  size_t len = s ? strlen(s) : 0;
  if (len <= max) {
    put_clean(out, s);
    return;
  }
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  put_clean_n(out, s, max);
  fputs("...", out);
}

static void paint(FILE *out, const struct rc_report *rep, const char *sgr,
                  const char *text)
{
  if (rep->color)
    fprintf(out, "\033[%sm%s\033[0m", sgr, text);
  else
    fputs(text, out);
}

static void put_header(FILE *out, const struct rc_report *rep)
{
  fprintf(out, "readycheck %s: ", rep->version ? rep->version : "unknown");
  put_clean(out, rep->repo_name ? rep->repo_name : rep->repo_path);
  if (rep->git_commit) {
    fputs(" at ", out);
    put_clean_n(out, rep->git_commit, 12);
    if (rep->git_branch) {
      fputs(" (", out);
      put_clean(out, rep->git_branch);
      putc(')', out);
    }
  } else {
    fputs(" (not a git checkout)", out);
  }
  if (rep->offline)
    fputs(", offline", out);
  fputs("\n", out);
  if (rep->n_stacks == 0)
    return;
  fputs("detected: ", out);
  for (size_t i = 0; i < rep->n_stacks; i++) {
    fputs(i ? ", " : "", out);
    put_clean(out, rep->stacks[i]);
  }
  fputs("\n", out);
}

static void put_evidence(FILE *out, const struct rc_report *rep,
                         const struct rc_result *res)
{
  size_t shown = res->n_ev;
  if (rep->verbosity < 1 && shown > EVIDENCE_SHOWN)
    shown = EVIDENCE_SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const struct rc_evidence *e = &res->ev[i];
    fputs("         ", out);
    if (e->path) {
      put_clean(out, e->path);
      if (e->line)
        fprintf(out, ":%u", e->line);
      fputs(": ", out);
    }
    put_clipped(out, e->text, EVIDENCE_TEXT_MAX);
    putc('\n', out);
  }
  size_t more = res->n_ev - shown + res->n_ev_dropped;
  if (more)
    fprintf(out, "         ... and %zu more\n", more);
}

static void put_details(FILE *out, const struct rc_report *rep,
                        const struct rc_result *res)
{
  if (res->status == RC_STATUS_SKIP) {
    if (rep->verbosity >= 1) {
      fputs("         skipped: ", out);
      put_clean(out, res->skip_reason ? res->skip_reason : res->message);
      putc('\n', out);
    }
    return;
  }
  if (res->message && res->message[0]) {
    fputs("         ", out);
    put_clean(out, res->message);
    putc('\n', out);
  }
  put_evidence(out, rep, res);
  if (res->rule->remediation && res->rule->remediation[0]) {
    fputs("         fix: ", out);
    put_clean(out, res->rule->remediation);
    putc('\n', out);
  }
}

static void put_check(FILE *out, const struct rc_report *rep,
                      const struct rc_result *res)
{
  /* Not-applicable checks are most of a run on a one-stack repository:
   * listed with -v only (the summary counts them). Quiet also hides PASS. */
  if (res->status == RC_STATUS_SKIP && rep->verbosity < 1)
    return;
  if (res->status == RC_STATUS_PASS && rep->verbosity < 0)
    return;
  const char *tag = rc_status_name(res->status);
  fputs("  ", out);
  paint(out, rep, status_sgr[res->status], tag);
  fprintf(out, "%*s  ", (int)(TAG_WIDTH - strlen(tag)), "");
  put_clean(out, res->rule->id);
  fputs("  ", out);
  put_clean(out, res->rule->title);
  putc('\n', out);
  if (res->status != RC_STATUS_PASS)
    put_details(out, rep, res);
}

/* True when put_check() would print nothing for this category. */
static bool category_hidden(const struct rc_report *rep,
                            const struct rc_category_score *c)
{
  if (rep->verbosity >= 1)
    return false;
  size_t total = 0, hidden = c->counts[RC_STATUS_SKIP];
  for (int s = 0; s < RC_STATUS_COUNT; s++)
    total += c->counts[s];
  if (rep->verbosity < 0)
    hidden += c->counts[RC_STATUS_PASS];
  return hidden == total;
}

static void put_checks(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  const struct rc_results *rs = rep->results;
  for (size_t k = 0; k < sc->n_cats; k++) {
    const struct rc_category_score *c = &sc->cats[k];
    if (category_hidden(rep, c))
      continue;
    putc('\n', out);
    if (rep->color)
      fputs("\033[1m", out);
    put_clean(out, c->name);
    if (rep->color)
      fputs("\033[0m", out);
    putc('\n', out);
    for (size_t i = 0; i < rs->n; i++)
      if (strcmp(category_of(rs->items[i].rule), c->name) == 0)
        put_check(out, rep, &rs->items[i]);
  }
  size_t skipped = sc->counts[RC_STATUS_SKIP];
  if (skipped && rep->verbosity == 0)
    fprintf(out,
            "\n%zu %s not applicable here (-v lists them with the "
            "reason)\n",
            skipped, plural(skipped, "check", "checks"));
}

static void put_category_scores(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  if (sc->n_cats == 0)
    return;
  int width = 0;
  for (size_t k = 0; k < sc->n_cats; k++) {
    int len = (int)strlen(sc->cats[k].name);
    if (len > width)
      width = len;
  }
  if (width > 30) {
    width = 30;
  }
  fputs("\ncategory scores\n", out);
  for (size_t k = 0; k < sc->n_cats; k++) {
    const struct rc_category_score *c = &sc->cats[k];
    fputs("  ", out);
    put_clean(out, c->name);
    int pad = width - (int)strlen(c->name);
    fprintf(out, "%*s  ", pad > 0 ? pad : 0, "");
    if (c->score < 0) {
      fputs("n/a      no applicable checks\n", out);
      continue;
    }
    const size_t *n = c->counts;
    fprintf(out, "%3d/100  %zu passed, %zu %s, %zu %s, %zu %s\n", c->score,
            n[RC_STATUS_PASS], n[RC_STATUS_WARN],
            plural(n[RC_STATUS_WARN], "warning", "warnings"),
            n[RC_STATUS_BLOCK],
            plural(n[RC_STATUS_BLOCK], "blocker", "blockers"),
            n[RC_STATUS_ERROR], plural(n[RC_STATUS_ERROR], "error", "errors"));
  }
}

static size_t block_errors(const struct rc_results *rs)
{
  size_t n = 0;
  for (size_t i = 0; i < rs->n; i++)
    if (rs->items[i].status == RC_STATUS_ERROR &&
        rs->items[i].rule->severity == RC_SEV_BLOCK)
      n++;
  return n;
}

/* The plain-words line(s) before the summary when the run is not ready. */
static void put_plain_verdict(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  size_t blockers = sc->counts[RC_STATUS_BLOCK];
  const char *bl = plural(blockers, "blocker", "blockers");
  if (blockers && sc->has_score && sc->score >= HIGH_SCORE)
    fprintf(out, "score %d/100 but %zu %s: not ready\n", sc->score, blockers,
            bl);
  else if (blockers)
    fprintf(out, "not ready: %zu %s must be fixed\n", blockers, bl);
  if (sc->below_min_score && rep->policy)
    fprintf(out, "not ready: score %d/100 is below the minimum of %d\n",
            sc->score, rep->policy->min_score);
  if (sc->verdict == RC_VERDICT_INCOMPLETE) {
    size_t n = block_errors(rep->results);
    fprintf(out,
            "readiness unknown: %zu block-severity %s could not be "
            "evaluated\n",
            n, plural(n, "check", "checks"));
  }
  if (sc->verdict == RC_VERDICT_READY_WITH_WARNINGS && sc->blocked_by_warn) {
    size_t w = sc->counts[RC_STATUS_WARN];
    fprintf(out, "not ready: %zu %s and --fail-on warn\n", w,
            plural(w, "warning", "warnings"));
  }
}

static void put_summary(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  const size_t *n = sc->counts;
  putc('\n', out);
  put_plain_verdict(out, rep);
  paint(out, rep, verdict_sgr[sc->verdict], rc_verdict_name(sc->verdict));
  if (sc->has_score)
    fprintf(out, "  score %d/100 (%c)  ", sc->score, sc->grade);
  else
    fputs("  no applicable checks  ", out);
  fprintf(out, "%zu passed, %zu %s, %zu %s, %zu %s, %zu skipped",
          n[RC_STATUS_PASS], n[RC_STATUS_WARN],
          plural(n[RC_STATUS_WARN], "warning", "warnings"), n[RC_STATUS_BLOCK],
          plural(n[RC_STATUS_BLOCK], "blocker", "blockers"), n[RC_STATUS_ERROR],
          plural(n[RC_STATUS_ERROR], "error", "errors"), n[RC_STATUS_SKIP]);
  if (n[RC_STATUS_INFO])
    fprintf(out, ", %zu info", n[RC_STATUS_INFO]);
  putc('\n', out);
}

static int write_text(FILE *out, const struct rc_report *rep)
{
  put_header(out, rep);
  put_checks(out, rep);
  put_category_scores(out, rep);
  put_summary(out, rep);
  if (fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}

const struct rc_reporter rc_reporter_text = {
    .name = "text",
    .ext = "txt",
    .summary = "human-readable report for terminals (the default)",
    .write = write_text,
    .appendable = true,
};
