/*
 * audit.h - a hand-written readiness report cross-examined, claim by claim.
 *
 * After a normal run (run.h, score.h), each claim of the report
 * (claims.h) is mapped to the rules whose `claims:` phrases it contains
 * (match.h) and judged:
 *
 *   CONFIRMED     the repository bears it out: every mapped rule that
 *                 applied passes (for a claim that something is done), or
 *                 a mapped rule fails (for a claim that something is
 *                 missing, open or a warning);
 *   CONTRADICTED  the repository says otherwise: a mapped rule is BLOCK,
 *                 WARN, INFO (failed) or WAIVED although the report says
 *                 it is done - or a BLOCK where the report says "minor
 *                 issue" - or every mapped rule passes although the report
 *                 says it is missing;
 *   UNVERIFIED    no rule maps to it, the mapped rules did not apply, or
 *                 one could not be evaluated (never a pass).
 *
 * Headline claims are judged against readycheck's own verdict, score,
 * grade and pass count. A contradiction is gating (exit 1) when what
 * contradicts it is a BLOCK, or a WARN under --fail-on warn.
 *
 * The audit borrows everything it judges; it owns its items and strings.
 * Reporters (src/reports/audit_*.c) only read it.
 */
#ifndef READYCHECK_AUDIT_H
#define READYCHECK_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "readycheck/run.h"

struct rc_arena;
struct rc_claim;
struct rc_claims;
struct rc_report;
struct rc_ruleset;
struct rc_score;
struct rc_category_score;

enum rc_judgement {
  RC_JUDGE_CONTRADICTED,
  RC_JUDGE_CONFIRMED,
  RC_JUDGE_UNVERIFIED,
  RC_JUDGE_COUNT
};

/* "CONTRADICTED", "CONFIRMED", "UNVERIFIED". */
const char *rc_judgement_name(enum rc_judgement j);

/* A claimed score may be this many points above readycheck's and hold:
 * two tools never weigh checks alike. */
#define RC_AUDIT_SCORE_SLACK 5

/* One rule a claim maps to. */
struct rc_audit_rule {
  const struct rc_rule *rule;     /* borrowed from the ruleset */
  const struct rc_result *result; /* its check, or NULL when not run */
  const char *phrase;             /* the `claims:` phrase that matched */
};

struct rc_audit_item {
  const struct rc_claim *claim;
  struct rc_audit_rule *rules; /* the mapped rules, in ruleset order */
  size_t n_rules;
  enum rc_judgement judgement;
  /* What decided it: the worst failing status, PASS, ERROR or SKIP
   * (mapped rules did not apply); RC_STATUS_COUNT when no rule maps. */
  enum rc_status cause;
  const struct rc_result *decisive; /* the check behind cause, or NULL */
  bool gating;     /* contradicted by a BLOCK (or a WARN with fail_on_warn) */
  bool unknown;    /* unverified because a mapped block-severity check (or
                      the run's verdict) could not be evaluated */
  const char *why; /* one line: "docker.non-root-user is WARN: ..." */
};

struct rc_audit {
  struct rc_arena *arena;  /* owns items and strings */
  const char *report_path; /* the report, as given */
  const char *source;      /* its original bytes, for the annotated copy */
  size_t source_len;
  const struct rc_claims *claims;
  struct rc_audit_item *items; /* one per claim, in document order */
  size_t n;
  size_t counts[RC_JUDGE_COUNT];
  size_t n_gating;  /* contradictions that fail the audit */
  size_t n_unknown; /* unverified for want of an evaluation */
  /* The run the claims were judged against (borrowed): */
  const struct rc_report *run;
  size_t checks_passed;     /* non-info checks that passed */
  size_t checks_applicable; /* non-info checks PASS, WARN, BLOCK or ERROR */
  bool fail_on_warn;
  /* "PRODUCTION READY · 95/100" (the report's headline claims) and
   * "BLOCKED 62/100 (D), 3 blockers, 9 warnings" (readycheck's). */
  const char *report_headline;
  const char *readycheck_headline;
  /* Display (as struct rc_report): */
  bool color;
  int verbosity;
};

void rc_audit_init(struct rc_audit *a);
void rc_audit_release(struct rc_audit *a);

/* Maps and judges every claim of c against the run in run (its results,
 * score and policy) for the rules of rs. Fills a's items, counts and
 * headlines; a keeps pointers into c, rs and run. */
void rc_audit_judge(struct rc_audit *a, const struct rc_claims *c,
                    const struct rc_ruleset *rs, const struct rc_report *run,
                    bool fail_on_warn);

/* ---- output formats (src/reports/audit_*.c) ------------------------------ */

struct rc_audit_reporter {
  const char *name;    /* --format / --report value for `audit` */
  const char *ext;     /* usual file extension */
  const char *summary; /* one line for --help */
  /* Writes the audit; returns 0, or -1 when writing failed (errno set). */
  int (*write)(FILE *out, const struct rc_audit *a);
};

/* The registry, NULL-terminated (src/reports/audit_registry.c). */
extern const struct rc_audit_reporter *const rc_audit_reporters[];
const struct rc_audit_reporter *rc_audit_reporter_find(const char *name);
/* "text, json, markdown" for messages. */
const char *rc_audit_reporter_names(void);

#endif
