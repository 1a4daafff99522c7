/*
 * audit_text.c - the audit in a terminal: both headlines, then the claims
 * grouped by judgement, contradictions first (those that fail the audit
 * before the others), each with the rules behind it and their evidence;
 * unverified claims one line each. -q shows only the contradictions, -v
 * every evidence line and the phrase that mapped each rule. It ends with
 * one summary line. Report and repository text pass through an escaper:
 * neither may drive the terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/audit.h"
#include "readycheck/claims.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"

/* Evidence lines shown per rule unless verbose. */
#define EVIDENCE_SHOWN 3
/* Claim and evidence text longer than this (bytes) is cut. */
#define TEXT_MAX 200

static const char *const judgement_sgr[RC_JUDGE_COUNT] = {"1;31", "32", "2"};

/* Writes at most max bytes of s (whole characters, then "...") with
 * control characters as escapes. */
static void put_clean(FILE *out, const char *s, size_t max)
{
  if (!s)
    return;
  size_t n = strlen(s);
  bool cut = n > max;
  if (cut) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
      n--;
  }
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  for (; p < end; p++) {
    if (p[0] == 0xC2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9F) {
      fprintf(out, "\\u%04x", (unsigned)p[1]);
      p++;
    } else if (*p < 0x20 || *p == 0x7F) {
      fprintf(out, "\\x%02x", (unsigned)*p);
    } else {
      putc(*p, out);
    }
  }
  if (cut)
    fputs("...", out);
}

static void paint(FILE *out, const struct rc_audit *a, const char *sgr,
                  const char *text)
{
  if (a->color)
    fprintf(out, "\033[%sm%s\033[0m", sgr, text);
  else
    fputs(text, out);
}

/* How the report put it: its marker, or the kind of headline. */
static void put_claim_head(FILE *out, const struct rc_claim *c)
{
  fprintf(out, "  %4u  ", c->line);
  if (rc_claim_is_headline(c))
    fprintf(out, "%s: ", rc_claim_kind_name(c->kind));
  else if (c->marker)
    put_clean(out, c->marker, 32);
  else
    fputs(rc_stance_name(c->stance), out);
  if (c->from_line)
    fprintf(out, " (line %u)", c->from_line);
  fputs(rc_claim_is_headline(c) ? "" : "  ", out);
  put_clean(out, c->text, TEXT_MAX);
  putc('\n', out);
}

static void put_evidence(FILE *out, const struct rc_audit *a,
                         const struct rc_result *r)
{
  size_t shown = 0;
  for (size_t i = 0; i < r->n_ev; i++) {
    const struct rc_evidence *e = &r->ev[i];
    if (e->mark == RC_EV_PASS && r->status != RC_STATUS_PASS)
      continue;
    if (a->verbosity < 1 && shown == EVIDENCE_SHOWN) {
      fprintf(out, "                ... (-v for all)\n");
      return;
    }
    fputs("                ", out);
    put_clean(out, e->path, TEXT_MAX);
    if (e->line)
      fprintf(out, ":%u", e->line);
    if (e->text && *e->text) {
      fputs("  ", out);
      put_clean(out, e->text, TEXT_MAX);
    }
    putc('\n', out);
    shown++;
  }
  if (r->n_ev_dropped)
    fprintf(out, "                (%zu more not recorded)\n", r->n_ev_dropped);
}

static void put_rules(FILE *out, const struct rc_audit *a,
                      const struct rc_audit_item *it)
{
  for (size_t i = 0; i < it->n_rules; i++) {
    const struct rc_audit_rule *m = &it->rules[i];
    fputs("          ", out);
    put_clean(out, m->rule->id, TEXT_MAX);
    if (!m->result) {
      fputs("  not run\n", out);
      continue;
    }
    fprintf(out, "  %s  ", rc_status_name(m->result->status));
    put_clean(out, m->result->message, TEXT_MAX);
    if (a->verbosity >= 1) {
      fputs("  (phrase \"", out);
      put_clean(out, m->phrase, TEXT_MAX);
      fputs("\")", out);
    }
    putc('\n', out);
    bool shows = it->judgement == RC_JUDGE_CONTRADICTED
                     ? m->result == it->decisive ||
                           m->result->status == it->decisive->status
                     : a->verbosity >= 1;
    if (shows && m->result->status != RC_STATUS_SKIP)
      put_evidence(out, a, m->result);
  }
}

static void put_item(FILE *out, const struct rc_audit *a,
                     const struct rc_audit_item *it)
{
  put_claim_head(out, it->claim);
  if (it->n_rules &&
      (it->judgement != RC_JUDGE_UNVERIFIED || a->verbosity >= 1)) {
    put_rules(out, a, it);
    return;
  }
  fputs("          ", out);
  put_clean(out, it->why, TEXT_MAX * 2);
  putc('\n', out);
}

/* Contradictions that fail the audit first, then by what contradicts them
 * (BLOCK, WARN, WAIVED, INFO, PASS), then by line. */
static int contradiction_rank(const struct rc_audit_item *it)
{
  static const int rank[RC_STATUS_COUNT + 1] = {
      [RC_STATUS_BLOCK] = 0, [RC_STATUS_WARN] = 1,  [RC_STATUS_WAIVED] = 2,
      [RC_STATUS_INFO] = 3,  [RC_STATUS_PASS] = 4,  [RC_STATUS_SKIP] = 5,
      [RC_STATUS_ERROR] = 5, [RC_STATUS_COUNT] = 5,
  };
  return (it->gating ? 0 : 10) + rank[it->cause];
}

static void put_group(FILE *out, const struct rc_audit *a, enum rc_judgement j)
{
  if (a->counts[j] == 0)
    return;
  putc('\n', out);
  char head[64];
  snprintf(head, sizeof(head), "%s (%zu)", rc_judgement_name(j), a->counts[j]);
  paint(out, a, judgement_sgr[j], head);
  putc('\n', out);
  if (j != RC_JUDGE_CONTRADICTED) {
    for (size_t i = 0; i < a->n; i++)
      if (a->items[i].judgement == j)
        put_item(out, a, &a->items[i]);
    return;
  }
  for (int r = 0; r < 16; r++)
    for (size_t i = 0; i < a->n; i++)
      if (a->items[i].judgement == j && contradiction_rank(&a->items[i]) == r)
        put_item(out, a, &a->items[i]);
}

static int write_text(FILE *out, const struct rc_audit *a)
{
  fputs("readycheck audit of ", out);
  put_clean(out, a->report_path, TEXT_MAX);
  fputs(" against ", out);
  put_clean(out, a->run->repo_path, TEXT_MAX);
  fputs("\n  the report: ", out);
  put_clean(out, a->report_headline, TEXT_MAX);
  fputs("\n  readycheck: ", out);
  put_clean(out, a->readycheck_headline, TEXT_MAX);
  putc('\n', out);
  put_group(out, a, RC_JUDGE_CONTRADICTED);
  if (a->verbosity >= 0) {
    put_group(out, a, RC_JUDGE_CONFIRMED);
    put_group(out, a, RC_JUDGE_UNVERIFIED);
  }
  fprintf(out,
          "\naudit: %zu claim%s; %zu contradicted (%zu fail the audit), %zu "
          "confirmed, %zu unverified\n",
          a->n, a->n == 1 ? "" : "s", a->counts[RC_JUDGE_CONTRADICTED],
          a->n_gating, a->counts[RC_JUDGE_CONFIRMED],
          a->counts[RC_JUDGE_UNVERIFIED]);
  return ferror(out) ? -1 : 0;
}

const struct rc_audit_reporter rc_audit_reporter_text = {
    .name = "text",
    .ext = "txt",
    .summary = "claims grouped by judgement, contradictions first",
    .write = write_text,
};
