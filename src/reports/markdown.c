/*
 * markdown.c - the release manager's readiness report in GitHub Flavored
 * Markdown: an executive summary that names the verdict and the blockers,
 * then blockers, errors, warnings, waived findings, the category table and
 * the action items as task lists; passed and not-applicable checks fold
 * into <details>; the footer records the gate, the configuration, the
 * waivers in force and the ruleset hash. -q keeps only what needs action.
 * Output depends only on struct rc_report
 * (no clock, no timings) so it can be compared with golden files. Every piece
 * of repository or rule text is escaped: it can never open raw HTML, break a
 * table row or end a code span early.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/policy.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

#include "brief.h"

/* Evidence items listed per check; the rest are counted. */
#define EVIDENCE_SHOWN 10
/* Evidence text is cut after this many bytes (the JSON report keeps it
 * whole): a minified line must not swamp the report. */
#define EVIDENCE_TEXT_MAX 240
/* A BLOCKED run with at least this score is called out as such. */
#define HIGH_SCORE 70

static const char replacement_char[] = "\xEF\xBF\xBD"; /* U+FFFD */

static const char *category_of(const struct rc_rule *r)
{
  return r->category && r->category[0] ? r->category : "uncategorized";
}

/* The contract says never NULL; hand-built results may still omit it. */
static const char *message_of(const struct rc_result *res)
{
  return res->message ? res->message : "";
}

/* The issue as the report states it: the message without the first item
 * that the evidence list below repeats (brief.h); b holds it. */
static const char *issue_of(const struct rc_result *res, struct rc_buf *b)
{
  const char *m = message_of(res);
  size_t shown = res->n_ev < EVIDENCE_SHOWN ? res->n_ev : EVIDENCE_SHOWN;
  rc_buf_add(b, m, m[0] ? brief_message_len(res, shown) : 0);
  return b->data;
}

static const char *plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* Length of a control sequence at p that must not reach the output: C0
 * (other than blanks), DEL, or a UTF-8 encoded C1 character. 0 if none. */
static size_t control_len(const unsigned char *p)
{
  if (*p < 0x20 || *p == 0x7F)
    return 1;
  if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
    return 2;
  return 0;
}

/* Inline text: Markdown punctuation is backslash-escaped, < > & become
 * entities, line breaks become spaces so one value stays one line. */
static void md_text(FILE *out, const char *s)
{
  if (!s)
    return;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    size_t ctl = control_len(p);
    if (*p == '\n' || *p == '\r' || *p == '\t') {
      putc(' ', out);
    } else if (ctl) {
      fputs(replacement_char, out);
      p += ctl - 1;
    } else if (*p == '<') {
      fputs("&lt;", out);
    } else if (*p == '>') {
      fputs("&gt;", out);
    } else if (*p == '&') {
      fputs("&amp;", out);
    } else if (strchr("\\`*_[]#|~!", *p)) {
      putc('\\', out);
      putc(*p, out);
    } else {
      putc(*p, out);
    }
  }
}

/* A code span: content on one line, fenced with more backticks than its
 * longest backtick run, padded when it starts or ends with a backtick or
 * would otherwise lose a space. Code spans never go into table cells. */
static void md_code(FILE *out, const char *s)
{
  if (!s || !s[0])
    return;
  struct rc_buf b;
  rc_buf_init(&b);
  size_t run = 0, longest = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    size_t ctl = control_len(p);
    run = *p == '`' ? run + 1 : 0;
    if (run > longest)
      longest = run;
    if (*p == '\n' || *p == '\r' || *p == '\t') {
      rc_buf_putc(&b, ' ');
    } else if (ctl) {
      rc_buf_puts(&b, replacement_char);
      p += ctl - 1;
    } else {
      rc_buf_putc(&b, (char)*p);
    }
  }
  char first = b.data[0], last = b.data[b.len - 1];
  bool all_blank = strspn(b.data, " ") == b.len;
  bool pad = first == '`' || last == '`' ||
             (first == ' ' && last == ' ' && !all_blank);
  for (size_t i = 0; i <= longest; i++)
    putc('`', out);
  fputs(pad ? " " : "", out);
  fputs(b.data, out);
  fputs(pad ? " " : "", out);
  for (size_t i = 0; i <= longest; i++)
    putc('`', out);
  rc_buf_release(&b);
}

/* Rule authors write remediation and rationale with `code` spans: those
 * stay code spans (safe: nothing in a code span is HTML), the rest is
 * escaped text. An unmatched backtick is just text. */
static void md_prose(FILE *out, const char *s)
{
  if (!s)
    return;
  const char *p = s;
  while (*p) {
    const char *open = strchr(p, '`');
    const char *close = open ? strchr(open + 1, '`') : NULL;
    if (!close || close == open + 1) {
      md_text(out, p);
      return;
    }
    char *text = rc_xstrndup(p, (size_t)(open - p));
    char *code = rc_xstrndup(open + 1, (size_t)(close - open - 1));
    md_text(out, text);
    md_code(out, code);
    free(text);
    free(code);
    p = close + 1;
  }
}

/* A code span of at most max bytes of s, cut at a UTF-8 character boundary
 * and followed by "..." when cut. */
static void md_code_clipped(FILE *out, const char *s, size_t max)
{
  size_t len = strlen(s);
  if (len <= max) {
    md_code(out, s);
    return;
  }
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_add(&b, s, max);
  md_code(out, b.data);
  rc_buf_release(&b);
  fputs("...", out);
}

/* Characters kept as they are in a permalink; the rest is %-encoded. */
static void md_url_path(FILE *out, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
      putc(*p, out);
    else
      fprintf(out, "%%%02X", *p);
  }
}

/* The link base is ours (forge.c builds it from a checked remote); the
 * path is %-encoded, so neither can break out of the link. */
static const char *link_base;

/* "path:line" (or a bare path) as one code span - a permalink to the
 * commit when the forge is known - then the text. */
/* One item; an item that says the message above it (the check's one
 * finding) shows only where it is, so the message is not said twice. */
static void md_evidence_item(FILE *out, const char *indent,
                             const struct rc_evidence *e, const char *message)
{
  fprintf(out, "%s- ", indent);
  /* a probe that said "ok: " itself is marked once, before the location */
  const char *text = e->text;
  if (e->mark == RC_EV_PASS && text && strncmp(text, "ok: ", 4) == 0)
    text += 4;
  if (e->path && brief_item_says(e, message))
    text = NULL;
  if (e->mark == RC_EV_PASS)
    fputs("ok: ", out);
  if (e->path) {
    struct rc_buf loc;
    rc_buf_init(&loc);
    rc_buf_puts(&loc, e->path);
    if (e->line)
      rc_buf_printf(&loc, ":%u", e->line);
    bool link = link_base && !strstr(e->path, "://");
    if (link)
      putc('[', out);
    md_code(out, loc.data);
    if (link) {
      fprintf(out, "](%s", link_base);
      md_url_path(out, e->path);
      if (e->line)
        fprintf(out, "#L%u", e->line);
      putc(')', out);
    }
    rc_buf_release(&loc);
    if (text && text[0])
      putc(' ', out);
  }
  if (text && text[0])
    md_code_clipped(out, text, EVIDENCE_TEXT_MAX);
  else if (!e->path)
    fputs("(no text)", out);
  if (e->waiver) {
    fputs(" (waived: ", out);
    md_text(out, e->waiver->reason);
    putc(')', out);
  }
  putc('\n', out);
}

/* An item that passes: marked so, or written "ok: " by its probe. */
static bool passing_item(const struct rc_evidence *e)
{
  return e->mark == RC_EV_PASS || (e->text && strncmp(e->text, "ok: ", 4) == 0);
}

static void md_evidence_list(FILE *out, const char *indent,
                             const struct rc_result *res)
{
  size_t shown = res->n_ev < EVIDENCE_SHOWN ? res->n_ev : EVIDENCE_SHOWN;
  for (size_t i = 0; i < shown; i++)
    md_evidence_item(out, indent, &res->ev[i], message_of(res));
  /* the items left out that pass are said apart, as in the text report */
  size_t passing = 0;
  for (size_t i = shown; i < res->n_ev; i++)
    passing += res->status != RC_STATUS_PASS && passing_item(&res->ev[i]);
  if (res->status != RC_STATUS_PASS)
    passing += res->n_ev_dropped_pass;
  size_t more = res->n_ev - shown + res->n_ev_dropped - passing;
  if (more && passing)
    fprintf(out, "%s- ... and %zu more, and %zu that pass\n", indent, more,
            passing);
  else if (passing)
    fprintf(out, "%s- ... and %zu that pass\n", indent, passing);
  else if (more)
    fprintf(out, "%s- ... and %zu more\n", indent, more);
}

/* "**Title** (`id`)", or "**Title** (`id`, block severity)" for errors,
 * whose priority depends on the severity. */
static void md_title_id(FILE *out, const struct rc_result *res)
{
  fputs("**", out);
  md_text(out, res->rule->title);
  fputs("** (", out);
  md_code(out, res->rule->id);
  if (res->status == RC_STATUS_ERROR)
    fprintf(out, ", %s severity", rc_severity_name(res->rule->severity));
  putc(')', out);
}

/* ---- executive summary ----------------------------------------------- */

static void md_blocked_sentence(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  size_t n = sc->counts[RC_STATUS_BLOCK];
  const char *what = plural(n, "critical blocker", "critical blockers");
  if (n && sc->has_score && sc->score >= HIGH_SCORE)
    fprintf(out, "Score %d/100, but %zu %s must be fixed before release.",
            sc->score, n, what);
  else if (n)
    fprintf(out, "Not ready: %zu %s must be fixed before release.", n, what);
  if (sc->below_min_score && rep->policy)
    fprintf(out, "%sThe score %d/100 is below the required minimum of %d.",
            n ? " " : "Not ready: ", sc->score, rep->policy->min_score);
}

static void md_warnings_sentence(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  size_t w = sc->counts[RC_STATUS_WARN], e = sc->counts[RC_STATUS_ERROR];
  if (sc->blocked_by_warn)
    fprintf(out,
            "Not ready: %zu %s must be resolved, because warnings fail this "
            "run (--fail-on warn).",
            w, plural(w, "warning", "warnings"));
  else if (w)
    fprintf(out, "Ready for release with %zu %s to address.", w,
            plural(w, "warning", "warnings"));
  else
    fputs("Ready for release.", out);
  if (e)
    fprintf(out, " %zu non-critical %s could not be evaluated.", e,
            plural(e, "check", "checks"));
}

static void md_plain_sentence(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  switch (sc->verdict) {
  case RC_VERDICT_BLOCKED:
    md_blocked_sentence(out, rep);
    break;
  case RC_VERDICT_INCOMPLETE: {
    size_t n = rep->score->block_errors;
    if (sc->nothing_to_check) {
      fputs("Readiness unknown: nothing to check, the folder holds no "
            "file (wrong folder, or a checkout that did not happen?).",
            out);
      break;
    }
    if (sc->nothing_evaluated) {
      fputs("Readiness unknown: no check was evaluated.", out);
      break;
    }
    fprintf(out,
            "Readiness unknown: %zu block-severity %s could not be "
            "evaluated; fix the cause and run again.",
            n, plural(n, "check", "checks"));
    break;
  }
  case RC_VERDICT_READY_WITH_WARNINGS:
    md_warnings_sentence(out, rep);
    break;
  default:
    if (sc->has_score)
      fprintf(out, "Ready for release: all %zu scored %s passed.", sc->passed,
              plural(sc->passed, "check", "checks"));
    else
      fputs("Ready for release.", out);
    break;
  }
  if (!sc->has_score)
    fputs(" There were no applicable checks, so nothing was scored.", out);
  fputs("\n\n", out);
}

/* "Blockers: **Title** (`id`), ..." right under the verdict. */
static void md_blocker_names(FILE *out, const struct rc_report *rep)
{
  size_t k = 0;
  for (size_t i = 0; i < rep->results->n; i++) {
    const struct rc_result *res = &rep->results->items[i];
    if (res->status != RC_STATUS_BLOCK)
      continue;
    fputs(k++ ? ", " : "Blockers: ", out);
    md_title_id(out, res);
  }
  if (k)
    fputs(".\n\n", out);
}

/* Under --fail-on new the gate looks at the baseline, not the verdict. */
static void md_gate_sentence(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  if (!sc->fail_on_new)
    return;
  fprintf(out,
          "**Gate (--fail-on new): %s** - %zu new blocking %s since the "
          "baseline.\n\n",
          rc_score_ready(sc) ? "passed" : "not ready", sc->new_gating,
          plural(sc->new_gating, "finding", "findings"));
}

static void md_summary(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  const size_t *n = sc->counts;
  fputs("# Readiness report: ", out);
  md_text(out, rep->repo_name ? rep->repo_name : "repository");
  fputs("\n\n## Executive summary\n\n", out);
  fprintf(out, "**Verdict: %s", rc_verdict_name(sc->verdict));
  if (sc->blocked_by_warn && sc->verdict == RC_VERDICT_READY_WITH_WARNINGS)
    fputs(" (not ready: --fail-on warn)", out);
  fputs("**\n\n", out);
  if (sc->has_score)
    fprintf(out, "**Readiness score: %d/100 (%c)**\n\n", sc->score, sc->grade);
  else
    fputs("**Readiness score: n/a (no applicable checks)**\n\n", out);
  md_plain_sentence(out, rep);
  md_blocker_names(out, rep);
  md_gate_sentence(out, rep);
  fprintf(out,
          "Checks: %zu in total; %zu passed, %zu %s, %zu %s, %zu %s, "
          "%zu waived, %zu informational, %zu informational with no "
          "finding, %zu not applicable.\n\n",
          sc->n_checks, sc->passed, n[RC_STATUS_WARN],
          plural(n[RC_STATUS_WARN], "warning", "warnings"), n[RC_STATUS_BLOCK],
          plural(n[RC_STATUS_BLOCK], "blocker", "blockers"), n[RC_STATUS_ERROR],
          plural(n[RC_STATUS_ERROR], "error", "errors"), n[RC_STATUS_WAIVED],
          n[RC_STATUS_INFO], sc->info_held, n[RC_STATUS_SKIP]);
}

/* ---- check sections -------------------------------------------------- */

enum { PASSED_MESSAGE_MAX = 100 };

/* Scored checks that were applicable: what "passed" is out of. */
static size_t md_scored(const struct rc_results *rs)
{
  size_t n = 0;
  for (size_t i = 0; i < rs->n; i++)
    n += rs->items[i].status != RC_STATUS_SKIP &&
         rs->items[i].rule->severity != RC_SEV_INFO;
  return n;
}

/* The passes, or (held) the informational checks that held: listed apart,
 * since they are never scored. */
static void md_passed(FILE *out, const struct rc_report *rep, bool held)
{
  const struct rc_score *sc = rep->score;
  const struct rc_results *rs = rep->results;
  if ((held ? sc->info_held : sc->passed) == 0)
    return;
  if (held)
    fprintf(out,
            "<details>\n<summary>Informational checks with no finding "
            "(%zu)</summary>\n\n",
            sc->info_held);
  else
    fprintf(out,
            "<details>\n<summary>Passed validations (%zu/%zu)</summary>\n\n",
            sc->passed, md_scored(rs));
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_result *res = &rs->items[i];
    if (res->status != RC_STATUS_PASS || rc_result_info_held(res) != held)
      continue;
    fputs("- ", out);
    md_title_id(out, res);
    /* A short finding ("found 'Dockerfile'") is evidence a reader wants; a
     * long one is mostly the pattern that did not match, noise in a list of
     * what is fine (the JSON report keeps every message). */
    if (message_of(res)[0] && strlen(message_of(res)) <= PASSED_MESSAGE_MAX) {
      fputs(": ", out);
      md_text(out, message_of(res));
    }
    putc('\n', out);
  }
  fputs("\n</details>\n\n", out);
}

static void md_labelled(FILE *out, const char *indent, const char *label,
                        const char *text)
{
  if (!text || !text[0])
    return;
  fprintf(out, "%s- **%s**: ", indent, label);
  md_text(out, text);
  putc('\n', out);
}

static void md_labelled_prose(FILE *out, const char *indent, const char *label,
                              const char *text)
{
  if (!text || !text[0])
    return;
  fprintf(out, "%s- **%s**: ", indent, label);
  md_prose(out, text);
  putc('\n', out);
}

static void md_warnings(FILE *out, const struct rc_report *rep)
{
  const struct rc_results *rs = rep->results;
  size_t n = rep->score->counts[RC_STATUS_WARN], k = 0;
  fprintf(out, "## Warnings (%zu)\n\n", n);
  if (n == 0)
    fputs("None.\n\n", out);
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_result *res = &rs->items[i];
    if (res->status != RC_STATUS_WARN)
      continue;
    char indent[24], sub[28];
    int w = snprintf(indent, sizeof(indent), "%zu. ", ++k);
    fputs(indent, out);
    memset(indent, ' ', (size_t)w);
    snprintf(sub, sizeof(sub), "%s  ", indent);
    md_title_id(out, res);
    putc('\n', out);
    struct rc_buf issue;
    rc_buf_init(&issue);
    md_labelled(out, indent, "Issue", issue_of(res, &issue));
    rc_buf_release(&issue);
    if (res->n_ev || res->n_ev_dropped) {
      fprintf(out, "%s- **Evidence**:\n", indent);
      md_evidence_list(out, sub, res);
    }
    md_labelled_prose(out, indent, "Resolution", res->rule->remediation);
  }
  if (n)
    putc('\n', out);
}

static void md_blocker(FILE *out, const struct rc_result *res, size_t k)
{
  fprintf(out, "### %zu. ", k);
  md_text(out, res->rule->title);
  fputs("\n\n**Issue**: ", out);
  struct rc_buf issue;
  rc_buf_init(&issue);
  md_text(out, message_of(res)[0] ? issue_of(res, &issue) : "check failed");
  rc_buf_release(&issue);
  fputs("\n\n", out);
  if (res->n_ev || res->n_ev_dropped) {
    fputs("**Evidence**:\n\n", out);
    md_evidence_list(out, "", res);
    putc('\n', out);
  }
  if (res->rule->remediation && res->rule->remediation[0]) {
    fputs("**Resolution**: ", out);
    md_prose(out, res->rule->remediation);
    fputs("\n\n", out);
  }
  if (res->rule->rationale && res->rule->rationale[0]) {
    fputs("**Why it matters**: ", out);
    md_prose(out, res->rule->rationale);
    fputs("\n\n", out);
  }
  fputs("Rule: ", out);
  md_code(out, res->rule->id);
  fputs(" (", out);
  md_text(out, category_of(res->rule));
  fprintf(out, ", weight %g)\n\n", res->rule->weight);
}

static void md_blockers(FILE *out, const struct rc_report *rep)
{
  const struct rc_results *rs = rep->results;
  size_t n = rep->score->counts[RC_STATUS_BLOCK], k = 0;
  fprintf(out, "## Critical blockers (%zu)\n\n", n);
  if (n == 0)
    fputs("None.\n\n", out);
  for (size_t i = 0; i < rs->n; i++)
    if (rs->items[i].status == RC_STATUS_BLOCK)
      md_blocker(out, &rs->items[i], ++k);
}

static void md_waiver_line(FILE *out, const char *indent,
                           const struct rc_waiver *w)
{
  fprintf(out, "%s- **WAIVED**: ", indent);
  md_text(out, w->reason);
  if (w->owner) {
    fputs(" (owner: ", out);
    md_text(out, w->owner);
    putc(')', out);
  }
  fputs(w->expires ? ", until " : ", no expiry", out);
  if (w->expires)
    md_text(out, w->expires);
  fputs(" - ", out);
  md_code(out, w->where);
  putc('\n', out);
}

/* A bullet list of the checks with one status; omitted when empty.
 * Not-applicable checks fold into <details>. */
static void md_simple_section(FILE *out, const struct rc_report *rep,
                              enum rc_status st, const char *heading)
{
  const struct rc_results *rs = rep->results;
  size_t n = rep->score->counts[st];
  if (n == 0)
    return;
  bool folded = st == RC_STATUS_SKIP;
  if (folded)
    fprintf(out, "<details>\n<summary>%s (%zu)</summary>\n\n", heading, n);
  else
    fprintf(out, "## %s (%zu)\n\n", heading, n);
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_result *res = &rs->items[i];
    if (res->status != st)
      continue;
    fputs("- ", out);
    md_title_id(out, res);
    const char *why = message_of(res);
    if (st == RC_STATUS_SKIP && res->skip_reason)
      why = res->skip_reason;
    if (why && why[0]) {
      fputs(": ", out);
      md_text(out, why);
    }
    putc('\n', out);
    if (res->waiver)
      md_waiver_line(out, "  ", res->waiver);
    if (st != RC_STATUS_SKIP)
      md_evidence_list(out, "  ", res);
  }
  fputs(folded ? "\n</details>\n\n" : "\n", out);
}

static void md_cell_count(FILE *out, size_t n)
{
  fprintf(out, " %zu |", n);
}

static void md_categories(FILE *out, const struct rc_report *rep)
{
  const struct rc_score *sc = rep->score;
  fputs("## Category scores\n\n", out);
  if (sc->n_cats == 0) {
    fputs("No checks were run.\n\n", out);
    return;
  }
  fputs("| Category | Score | Passed | Warnings | Blockers | Errors |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n",
        out);
  for (size_t k = 0; k < sc->n_cats; k++) {
    const struct rc_category_score *c = &sc->cats[k];
    fputs("| ", out);
    md_text(out, c->name);
    if (c->score >= 0)
      fprintf(out, " | %d/100 |", c->score);
    else
      fputs(" | n/a |", out);
    md_cell_count(out, c->passed);
    md_cell_count(out, c->counts[RC_STATUS_WARN]);
    md_cell_count(out, c->counts[RC_STATUS_BLOCK]);
    md_cell_count(out, c->counts[RC_STATUS_ERROR]);
    putc('\n', out);
  }
  putc('\n', out);
}

/* ---- action items ---------------------------------------------------- */

static bool in_priority(const struct rc_result *res, int prio)
{
  int sev = res->rule->severity;
  if (res->status == RC_STATUS_BLOCK)
    return prio == 1;
  if (res->status == RC_STATUS_WARN)
    return prio == 2;
  if (res->status == RC_STATUS_INFO)
    return prio == 3;
  if (res->status == RC_STATUS_ERROR)
    return prio == (sev == RC_SEV_BLOCK ? 1 : sev == RC_SEV_WARN ? 2 : 3);
  return false;
}

static void md_action(FILE *out, const struct rc_result *res, size_t k)
{
  (void)k;
  fputs("- [ ] **", out);
  md_text(out, res->rule->title);
  fputs("**: ", out);
  if (res->status == RC_STATUS_ERROR) {
    fputs("could not be evaluated (", out);
    md_text(out, message_of(res));
    fputs("); fix the cause and run again", out);
  } else if (res->rule->remediation && res->rule->remediation[0]) {
    md_prose(out, res->rule->remediation);
  } else {
    md_text(out, message_of(res));
  }
  fputs(" (", out);
  md_code(out, res->rule->id);
  fputs(")\n", out);
}

/* Blockers come before errors on block rules within priority 1. */
static size_t md_priority_items(FILE *out, const struct rc_report *rep,
                                int prio, size_t k)
{
  const struct rc_results *rs = rep->results;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < rs->n; i++) {
      const struct rc_result *res = &rs->items[i];
      bool is_error = res->status == RC_STATUS_ERROR;
      if (in_priority(res, prio) && is_error == (pass == 1))
        md_action(out, res, ++k);
    }
  }
  return k;
}

static bool priority_empty(const struct rc_report *rep, int prio)
{
  for (size_t i = 0; i < rep->results->n; i++)
    if (in_priority(&rep->results->items[i], prio))
      return false;
  return true;
}

static void md_actions(FILE *out, const struct rc_report *rep)
{
  static const char *const headings[] = {
      NULL,
      "Priority 1 (critical: must fix before release)",
      "Priority 2 (high: should fix before release)",
      "Priority 3 (low: informational)",
  };
  const struct rc_score *sc = rep->score;
  bool any = false;
  fputs("## Action items\n\n", out);
  for (int prio = 1; prio <= 3; prio++) {
    bool min_item = prio == 1 && sc->below_min_score && rep->policy;
    if (priority_empty(rep, prio) && !min_item)
      continue;
    any = true;
    fprintf(out, "### %s\n\n", headings[prio]);
    if (prio == 2 && sc->blocked_by_warn)
      fputs("Required: warnings fail this run (--fail-on warn).\n\n", out);
    size_t k = md_priority_items(out, rep, prio, 0);
    if (min_item)
      fprintf(out, "- [ ] Raise the readiness score from %d to at least %d.\n",
              sc->score, rep->policy->min_score);
    (void)k;
    putc('\n', out);
  }
  if (!any)
    fputs("None.\n\n", out);
}

static const char *waiver_state(const struct rc_waiver *w)
{
  return w->expired ? "expired" : w->hits ? "in force" : "stale";
}

/* The gate, the configuration, the waivers and the rules that decided. */
static void md_footer_policy(FILE *out, const struct rc_report *rep)
{
  const struct rc_policy *p = rep->policy;
  fputs("- Gate: not ready on ", out);
  fputs(p && p->fail_on_new    ? "blockers new since the baseline"
        : p && p->fail_on_warn ? "blockers and warnings"
                               : "blockers",
        out);
  if (p && p->min_score >= 0)
    fprintf(out, ", or a score under %d", p->min_score);
  fputs("\n- Configuration: ", out);
  if (rep->config_file)
    md_code(out, rep->config_file);
  else
    fputs("none", out);
  fputs("\n- Ruleset hash: ", out);
  md_code(out, rep->ruleset_hash ? rep->ruleset_hash : "unknown");
  putc('\n', out);
  size_t n = rep->waivers ? rep->waivers->n : 0;
  fputs(n ? "- Waivers:\n" : "- Waivers: none\n", out);
  for (size_t i = 0; i < n; i++) {
    const struct rc_waiver *w = &rep->waivers->items[i];
    fputs("  - ", out);
    md_code(out, w->rule);
    fprintf(out, " %s: ", waiver_state(w));
    md_text(out, w->reason);
    if (w->expires) {
      fputs(" (until ", out);
      md_text(out, w->expires);
      putc(')', out);
    }
    fputs(" - ", out);
    md_code(out, w->where);
    putc('\n', out);
  }
}

static void md_baseline(FILE *out, const struct rc_report *rep)
{
  const struct rc_baseline *b = rep->baseline;
  if (!b)
    return;
  const struct rc_score *sc = rep->score;
  fputs("## Compared with the baseline\n\n", out);
  if (b->score >= 0 && sc->has_score)
    fprintf(out, "- Score: %d -> %d (%+d)\n", b->score, sc->score,
            sc->score - b->score);
  fprintf(out,
          "- New findings: %zu (%zu blocking)\n- Fixed: %zu\n"
          "- Regressions (passed before, fail now): %zu\n",
          b->n_new, b->n_new_gating, b->n_fixed, b->n_regressions);
  for (size_t i = 0; i < b->n_fixed; i++) {
    fputs("  - fixed: ", out);
    md_code(out, b->fixed[i].rule);
    if (b->fixed[i].path) {
      putc(' ', out);
      md_code(out, b->fixed[i].path);
    }
    putc(' ', out);
    md_text(out, b->fixed[i].text);
    putc('\n', out);
  }
  putc('\n', out);
}

static void md_footer(FILE *out, const struct rc_report *rep)
{
  fputs("---\n\n", out);
  fputs("- Generated: ", out);
  md_text(out, rep->date ? rep->date : "unknown");
  fputs("\n- Commit: ", out);
  if (rep->git_commit) {
    char short_id[13];
    snprintf(short_id, sizeof(short_id), "%.12s", rep->git_commit);
    md_code(out, short_id);
    if (rep->git_branch) {
      fputs(" on branch ", out);
      md_code(out, rep->git_branch);
    }
  } else {
    fputs("not a git checkout", out);
  }
  fputs("\n- readycheck: ", out);
  md_text(out, rep->version ? rep->version : "unknown");
  fputs("\n- Rule packs: ", out);
  for (size_t i = 0; i < rep->n_packs; i++) {
    fputs(i ? ", " : "", out);
    md_text(out, rep->packs[i]);
  }
  if (rep->n_packs == 0)
    fputs("none", out);
  if (rep->n_stacks)
    fputs("\n- Stacks detected: ", out);
  for (size_t i = 0; i < rep->n_stacks; i++) {
    fputs(i ? ", " : "", out);
    md_text(out, rep->stacks[i]);
  }
  if (rep->n_deployment)
    fputs("\n- Deployment judged: ", out);
  for (size_t i = 0; i < rep->n_deployment; i++) {
    fputs(i ? "; " : "", out);
    md_code(out, rep->deployment[i]);
  }
  putc('\n', out);
  if (rep->environment) {
    fputs("- Environment: ", out);
    md_code(out, rep->environment);
    putc('\n', out);
  }
  if (rep->offline)
    fputs("- Network checks: skipped (offline)\n", out);
  md_footer_policy(out, rep);
}

static int write_markdown(FILE *out, const struct rc_report *rep)
{
  link_base = rep->link_base;
  bool quiet = rep->verbosity < 0;
  md_summary(out, rep);
  md_blockers(out, rep);
  md_simple_section(out, rep, RC_STATUS_ERROR, "Could not be evaluated");
  md_warnings(out, rep);
  md_simple_section(out, rep, RC_STATUS_WAIVED, "Waived");
  if (!quiet) {
    md_simple_section(out, rep, RC_STATUS_INFO, "Informational");
    md_categories(out, rep);
  }
  md_actions(out, rep);
  md_baseline(out, rep);
  if (!quiet) {
    md_passed(out, rep, false);
    md_passed(out, rep, true);
    md_simple_section(out, rep, RC_STATUS_SKIP, "Not applicable");
  }
  md_footer(out, rep);
  if (fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}

const struct rc_reporter rc_reporter_markdown = {
    .name = "markdown",
    .ext = "md",
    .summary = "readiness report in GitHub Flavored Markdown",
    .write = write_markdown,
    .appendable = true,
};
