/*
 * text.c - the terminal report, ordered by what needs action: blockers,
 * checks that could not be evaluated, warnings, informational findings and
 * waived ones, each with its details; passing and not-applicable checks
 * only with -v. It ends with exactly one summary line that names the
 * blockers. Detail lines wrap to the terminal width (rep->width). It only
 * reads struct rc_report: the verdict and every number come from the
 * scorer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

#include "brief.h"

/* Evidence lines shown per check unless verbose. */
#define EVIDENCE_SHOWN 5
/* Width of the status column: "WAIVED". */
#define TAG_WIDTH 6
/* Indentation of detail lines under a check. */
#define DETAIL "         "
/* Blocker ids named in the summary line; the rest are counted. */
#define NAMED_MAX 8
/* Evidence text longer than this (bytes) is cut: one minified line must not
 * flood the terminal. The JSON report keeps it whole. */
#define EVIDENCE_TEXT_MAX 240

/* ANSI SGR codes per status: green, yellow, red, blue, dim, magenta,
 * cyan. */
static const char *const status_sgr[RC_STATUS_COUNT] = {
    "32", "33", "31", "34", "2", "35", "36",
};

static const char *const verdict_sgr[] = {"32", "33", "1;31", "1;35"};

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

static void paint(FILE *out, const struct rc_report *rep, const char *sgr,
                  const char *text)
{
  if (rep->color)
    fprintf(out, "\033[%sm%s\033[0m", sgr, text);
  else
    fputs(text, out);
}

/* Appends s with control characters shown as escapes (as put_clean_n). */
static void clean_into(struct rc_buf *b, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  for (; p < end && *p; p++) {
    if (p[0] == 0xC2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9F) {
      rc_buf_printf(b, "\\u%04x", (unsigned)p[1]);
      p++;
    } else if ((*p < 0x20 && *p != '\t') || *p == 0x7F) {
      rc_buf_printf(b, "\\x%02x", (unsigned)*p);
    } else {
      rc_buf_putc(b, (char)(*p == '\t' ? ' ' : *p));
    }
  }
}

static void clean_clipped(struct rc_buf *b, const char *s, size_t max)
{
  size_t len = s ? strlen(s) : 0;
  if (len <= max) {
    clean_into(b, s ? s : "", len);
    return;
  }
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  clean_into(b, s, max);
  rc_buf_puts(b, "...");
}

/* Columns a UTF-8 string takes (one per character). */
static size_t columns(const char *s, size_t n)
{
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Writes indent + text, word-wrapped at rep->width with continuation lines
 * indented by indent + 2; a word longer than a line is not cut. */
static void put_wrapped_at(FILE *out, const struct rc_report *rep,
                           const char *indent, size_t col, const char *text)
{
  size_t width = rep->width > 0 ? (size_t)rep->width : 0;
  size_t ind = strlen(indent);
  const char *p = text;
  bool first = true;
  while (*p) {
    size_t sp = strspn(p, " ");
    const char *w = p + sp;
    size_t wl = strcspn(w, " ");
    if (!*w)
      break;
    size_t need = columns(w, wl) + (first ? 0 : 1);
    if (width && !first && col + need > width) {
      fprintf(out, "\n%s  ", indent);
      col = ind + 2;
      need = columns(w, wl);
    } else if (!first) {
      fwrite(p, 1, sp ? sp : 1, out);
      need = columns(w, wl) + (sp ? sp : 1);
    }
    fwrite(w, 1, wl, out);
    col += need;
    first = false;
    p = w + wl;
  }
  putc('\n', out);
}

static void put_wrapped(FILE *out, const struct rc_report *rep,
                        const char *indent, const char *text)
{
  fputs(indent, out);
  put_wrapped_at(out, rep, indent, strlen(indent), text);
}

/* A detail line: DETAIL + label + cleaned text, wrapped. */
static void put_detail(FILE *out, const struct rc_report *rep,
                       const char *label, const char *text, size_t max)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, label);
  clean_clipped(&b, text, max);
  put_wrapped(out, rep, DETAIL, b.data);
  rc_buf_release(&b);
}

/* -v: each path the walk left out, once, with why. */
static void put_skips(FILE *out, const struct rc_report *rep)
{
  if (rep->verbosity < 1)
    return;
  for (size_t i = 0; i < rep->n_skips; i++) {
    fputs("not looked at: ", out);
    put_clean(out, rep->skips[i].path);
    fputs(rep->skips[i].kind == RC_SKIP_DIR ? " (directory: " : " (", out);
    put_clean(out, rep->skips[i].reason);
    fputs(")\n", out);
  }
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
  if (rep->environment) {
    fputs(", environment ", out);
    put_clean(out, rep->environment);
  }
  if (rep->offline)
    fputs(", offline", out);
  fputs("\n", out);
  put_skips(out, rep);
  if (rep->n_stacks) {
    fputs("detected: ", out);
    for (size_t i = 0; i < rep->n_stacks; i++) {
      fputs(i ? ", " : "", out);
      put_clean(out, rep->stacks[i]);
    }
    fputs("\n", out);
  }
  if (rep->n_deployment) {
    fputs("deployment judged: ", out);
    for (size_t i = 0; i < rep->n_deployment; i++) {
      fputs(i ? "; " : "", out);
      put_clean(out, rep->deployment[i]);
    }
    fputs("\n", out);
  }
}

/* An item that passes: marked so, or written "ok: " by its probe. */
static bool passing_item(const struct rc_evidence *e)
{
  return e->mark == RC_EV_PASS || (e->text && strncmp(e->text, "ok: ", 4) == 0);
}

static void put_evidence(FILE *out, const struct rc_report *rep,
                         const struct rc_result *res)
{
  size_t shown = res->n_ev;
  if (rep->verbosity < 1 && shown > EVIDENCE_SHOWN)
    shown = EVIDENCE_SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const struct rc_evidence *e = &res->ev[i];
    struct rc_buf b;
    rc_buf_init(&b);
    /* Items that pass are marked so failing ones stand out; a probe that
     * said "ok: " itself is marked once, before the location. */
    const char *text = e->text;
    if (e->mark == RC_EV_PASS && text && strncmp(text, "ok: ", 4) == 0)
      text += 4;
    if (e->mark == RC_EV_PASS && res->status != RC_STATUS_PASS)
      rc_buf_puts(&b, "ok: ");
    if (e->path) {
      clean_into(&b, e->path, strlen(e->path));
      if (e->line)
        rc_buf_printf(&b, ":%u", e->line);
      rc_buf_puts(&b, ": ");
    }
    clean_clipped(&b, text, EVIDENCE_TEXT_MAX);
    if (e->waiver) {
      rc_buf_puts(&b, " (waived: ");
      clean_into(&b, e->waiver->reason, strlen(e->waiver->reason));
      rc_buf_putc(&b, ')');
    }
    put_wrapped(out, rep, DETAIL, b.data);
    rc_buf_release(&b);
  }
  /* the items left out that pass are said apart: "8 of 63 fail" then
   * "... and 58 more" read as 58 more failures */
  size_t passing = 0;
  for (size_t i = shown; i < res->n_ev; i++)
    passing += res->status != RC_STATUS_PASS && passing_item(&res->ev[i]);
  if (res->status != RC_STATUS_PASS)
    passing += res->n_ev_dropped_pass;
  size_t more = res->n_ev - shown + res->n_ev_dropped - passing;
  if (more && passing)
    fprintf(out, DETAIL "... and %zu more, and %zu that pass\n", more, passing);
  else if (passing)
    fprintf(out, DETAIL "... and %zu that pass\n", passing);
  else if (more)
    fprintf(out, DETAIL "... and %zu more\n", more);
}

static void put_waiver_line(FILE *out, const struct rc_report *rep,
                            const struct rc_waiver *w)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "waived: ");
  clean_into(&b, w->reason, strlen(w->reason));
  rc_buf_printf(&b, " (%s%s%s%s%s)", w->owner ? "owner " : "",
                w->owner ? w->owner : "", w->owner ? ", " : "",
                w->expires ? "until " : "no expiry",
                w->expires ? w->expires : "");
  rc_buf_printf(&b, " [%s]", w->where);
  put_wrapped(out, rep, DETAIL, b.data);
  rc_buf_release(&b);
}

static size_t items_shown(const struct rc_report *rep,
                          const struct rc_result *res)
{
  if (rep->verbosity < 1 && res->n_ev > EVIDENCE_SHOWN)
    return EVIDENCE_SHOWN;
  return res->n_ev;
}

/* An item shown without a location that says the message and more ("found
 * no lint step" then "found no lint step for pushes or pull requests in the
 * 8 CI files read"), or the message's own item with its line: the message
 * line would only repeat it. */
static bool said_by_an_item(const struct rc_report *rep,
                            const struct rc_result *res)
{
  if (res->status == RC_STATUS_PASS && rep->verbosity < 1)
    return false; /* the items are not shown */
  size_t n = strlen(res->message);
  for (size_t i = 0; i < items_shown(rep, res); i++) {
    const struct rc_evidence *e = &res->ev[i];
    if (!e->path && !e->waiver && e->mark != RC_EV_PASS && e->text &&
        strncmp(e->text, res->message, n) == 0 && e->text[n] == ' ')
      return true;
  }
  return brief_shown_item_says(res, items_shown(rep, res), res->message);
}

/* The length of the message to print above the items (brief.h); items
 * that pass are not shown without -v, so they say nothing. */
static size_t message_len(const struct rc_report *rep,
                          const struct rc_result *res)
{
  if (res->status == RC_STATUS_PASS && rep->verbosity < 1)
    return strlen(res->message);
  return brief_message_len(res, items_shown(rep, res));
}

static void put_message(FILE *out, const struct rc_report *rep,
                        const struct rc_result *res)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_add(&b, res->message, message_len(rep, res));
  put_detail(out, rep, "", b.data, 2000);
  rc_buf_release(&b);
}

static void put_details(FILE *out, const struct rc_report *rep,
                        const struct rc_result *res)
{
  if (res->status == RC_STATUS_SKIP) {
    put_detail(out, rep,
               "skipped: ", res->skip_reason ? res->skip_reason : res->message,
               1000);
    return;
  }
  if (res->message && res->message[0] && !said_by_an_item(rep, res))
    put_message(out, rep, res);
  if (res->waiver)
    put_waiver_line(out, rep, res->waiver);
  if (res->status == RC_STATUS_PASS && rep->verbosity < 1)
    return;
  put_evidence(out, rep, res);
  if (res->status != RC_STATUS_PASS && res->status != RC_STATUS_WAIVED &&
      res->rule->remediation && res->rule->remediation[0])
    put_detail(out, rep, "fix: ", res->rule->remediation, 2000);
}

static void put_check(FILE *out, const struct rc_report *rep,
                      const struct rc_result *res)
{
  const char *tag = rc_status_name(res->status);
  fputs("  ", out);
  paint(out, rep, status_sgr[res->status], tag);
  fprintf(out, "%*s  ", (int)(TAG_WIDTH - strlen(tag)), "");
  put_clean(out, res->rule->id);
  fputs("  ", out);
  put_clean(out, res->rule->title);
  putc('\n', out);
  if (res->status != RC_STATUS_PASS || rep->verbosity >= 1)
    put_details(out, rep, res);
}

/* One section per status, in the order of what needs action; an
 * informational check that held has a section of its own (held), apart
 * from the passes: it is never scored. */
static void put_section(FILE *out, const struct rc_report *rep,
                        enum rc_status st, bool held, const char *heading)
{
  size_t n = 0;
  for (size_t i = 0; i < rep->results->n; i++)
    n += rep->results->items[i].status == st &&
         rc_result_info_held(&rep->results->items[i]) == held;
  if (n == 0)
    return;
  putc('\n', out);
  if (rep->color)
    fputs("\033[1m", out);
  fprintf(out, "%s (%zu)", heading, n);
  if (rep->color)
    fputs("\033[0m", out);
  putc('\n', out);
  for (size_t i = 0; i < rep->results->n; i++)
    if (rep->results->items[i].status == st &&
        rc_result_info_held(&rep->results->items[i]) == held)
      put_check(out, rep, &rep->results->items[i]);
}

static void put_checks(FILE *out, const struct rc_report *rep)
{
  put_section(out, rep, RC_STATUS_BLOCK, false, "Blockers");
  put_section(out, rep, RC_STATUS_ERROR, false, "Could not be evaluated");
  put_section(out, rep, RC_STATUS_WARN, false, "Warnings");
  if (rep->verbosity >= 0) {
    put_section(out, rep, RC_STATUS_INFO, false, "Informational");
    put_section(out, rep, RC_STATUS_WAIVED, false, "Waived");
  }
  if (rep->verbosity >= 1) {
    put_section(out, rep, RC_STATUS_PASS, false, "Passed");
    put_section(out, rep, RC_STATUS_PASS, true, "Informational, no finding");
    put_section(out, rep, RC_STATUS_SKIP, false, "Not applicable");
  }
}

static void put_category_scores(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  if (sc->n_cats == 0 || rep->verbosity < 1)
    return;
  int width = 0;
  for (size_t k = 0; k < sc->n_cats; k++) {
    int len = (int)strlen(sc->cats[k].name);
    if (len > width)
      width = len;
  }
  if (width > 30)
    width = 30;
  fputs("\nCategory scores\n", out);
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
            c->passed, n[RC_STATUS_WARN],
            plural(n[RC_STATUS_WARN], "warning", "warnings"),
            n[RC_STATUS_BLOCK],
            plural(n[RC_STATUS_BLOCK], "blocker", "blockers"),
            n[RC_STATUS_ERROR], plural(n[RC_STATUS_ERROR], "error", "errors"));
  }
}

/* Notes before the summary: what was not shown, waivers that no longer
 * count, and the baseline comparison. */
static void put_notes(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  size_t skipped = sc->counts[RC_STATUS_SKIP];
  bool gap = false;
  if (skipped && rep->verbosity == 0) {
    fprintf(out,
            "\n%zu %s not applicable here (-v lists them with the "
            "reason)\n",
            skipped, plural(skipped, "check", "checks"));
    gap = true;
  }
  for (size_t i = 0; rep->waivers && i < rep->waivers->n; i++) {
    const struct rc_waiver *w = &rep->waivers->items[i];
    if (!w->expired && w->hits)
      continue;
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b, "waiver of %s %s: ", w->rule,
                  w->expired ? "expired" : "is stale");
    if (w->expired)
      rc_buf_printf(&b, "it ended %s and no longer counts [%s]", w->expires,
                    w->where);
    else
      rc_buf_printf(&b, "it matches no failing finding; remove it [%s]",
                    w->where);
    fputs(gap ? "" : "\n", out);
    gap = true;
    put_wrapped(out, rep, "", b.data);
    rc_buf_release(&b);
  }
  const struct rc_baseline *base = rep->baseline;
  if (base) {
    fputs(gap ? "" : "\n", out);
    if (base->score >= 0 && sc->has_score)
      fprintf(out, "baseline: score %d -> %d (%+d); ", base->score, sc->score,
              sc->score - base->score);
    else
      fputs("baseline: ", out);
    fprintf(out, "%zu new %s (%zu blocking), %zu fixed, %zu %s\n", base->n_new,
            plural(base->n_new, "finding", "findings"), base->n_new_gating,
            base->n_fixed, base->n_regressions,
            plural(base->n_regressions, "regression", "regressions"));
  }
}

/* ", a, b and 3 more" of the checks with status st (block-severity only for
 * ERROR). */
static void name_checks(struct rc_buf *b, const struct rc_report *rep,
                        enum rc_status st)
{
  size_t named = 0, total = 0;
  for (size_t i = 0; i < rep->results->n; i++) {
    const struct rc_result *res = &rep->results->items[i];
    if (res->status != st ||
        (st == RC_STATUS_ERROR && res->rule->severity != RC_SEV_BLOCK))
      continue;
    total++;
    if (named < NAMED_MAX) {
      rc_buf_puts(b, named ? ", " : " ");
      clean_into(b, res->rule->id, strlen(res->rule->id));
      named++;
    }
  }
  if (total > named)
    rc_buf_printf(b, " and %zu more", total - named);
}

/* The one line that ends every report: verdict, score, the blockers by
 * name, then the other counts and why the gate decided as it did. */
static void put_summary(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  const size_t *n = sc->counts;
  struct rc_buf b;
  rc_buf_init(&b);
  if (sc->nothing_to_check)
    rc_buf_printf(&b, "nothing to check in %s: no files (wrong folder?); ",
                  rep->repo_path ? rep->repo_path : "the repository");
  else if (sc->has_score)
    rc_buf_printf(&b, "score %d/100 (%c)  ", sc->score, sc->grade);
  else
    rc_buf_puts(&b, "no applicable checks  ");
  if (n[RC_STATUS_BLOCK]) {
    rc_buf_printf(&b, "%zu %s:", n[RC_STATUS_BLOCK],
                  plural(n[RC_STATUS_BLOCK], "blocker", "blockers"));
    name_checks(&b, rep, RC_STATUS_BLOCK);
    rc_buf_puts(&b, "; ");
  }
  size_t be = rep->score->block_errors;
  if (sc->verdict == RC_VERDICT_INCOMPLETE && sc->nothing_evaluated &&
      !sc->nothing_to_check)
    rc_buf_puts(&b, "readiness unknown, no check was evaluated; ");
  if (sc->verdict == RC_VERDICT_INCOMPLETE && be) {
    rc_buf_printf(&b,
                  "readiness unknown, %zu block-severity %s not evaluated:", be,
                  plural(be, "check", "checks"));
    name_checks(&b, rep, RC_STATUS_ERROR);
    rc_buf_puts(&b, "; ");
  }
  rc_buf_printf(
      &b, "%zu %s, %zu passed, %zu %s, %zu skipped", n[RC_STATUS_WARN],
      plural(n[RC_STATUS_WARN], "warning", "warnings"), sc->passed,
      n[RC_STATUS_ERROR], plural(n[RC_STATUS_ERROR], "error", "errors"),
      n[RC_STATUS_SKIP]);
  if (n[RC_STATUS_INFO])
    rc_buf_printf(&b, ", %zu info", n[RC_STATUS_INFO]);
  if (sc->info_held)
    rc_buf_printf(&b, ", %zu info without findings", sc->info_held);
  if (n[RC_STATUS_WAIVED])
    rc_buf_printf(&b, ", %zu waived", n[RC_STATUS_WAIVED]);
  if (sc->below_min_score && rep->policy)
    rc_buf_printf(&b, "; below the minimum score %d", rep->policy->min_score);
  if (sc->blocked_by_warn)
    rc_buf_puts(&b, "; warnings fail this run (--fail-on warn)");
  if (sc->fail_on_new)
    rc_buf_printf(&b, "; gate on new findings: %zu new blocking, %s",
                  sc->new_gating, rc_score_ready(sc) ? "passed" : "not ready");
  else if (!rc_score_ready(sc) && sc->verdict != RC_VERDICT_INCOMPLETE)
    rc_buf_puts(&b, "; not ready");
  putc('\n', out);
  paint(out, rep, verdict_sgr[sc->verdict], rc_verdict_name(sc->verdict));
  fputs("  ", out);
  put_wrapped_at(out, rep, "", strlen(rc_verdict_name(sc->verdict)) + 2,
                 b.data);
  rc_buf_release(&b);
}

static int write_text(FILE *out, const struct rc_report *rep)
{
  put_header(out, rep);
  put_checks(out, rep);
  put_category_scores(out, rep);
  put_notes(out, rep);
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
