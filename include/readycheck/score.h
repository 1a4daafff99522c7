/*
 * score.h - the only place where outcomes become statuses, a score and a
 * verdict. See docs/scoring.md for the formula.
 *
 * Status of a check: SKIP if not applicable; PASS if its probe held (WARN
 * instead when it held only with a safeguard off, rc_check.caution, unless
 * the rule is info); ERROR if it could not be evaluated; otherwise BLOCK,
 * WARN or INFO by the rule's severity. Score: 100 * earned weight / applicable
 * weight, where applicable means not SKIP and not info-severity; PASS earns its
 * weight, everything else earns 0 (an ERROR fails closed). Rounded down, so a
 * failure never shows as 100.
 */
#ifndef READYCHECK_SCORE_H
#define READYCHECK_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/run.h"

enum rc_verdict {
  RC_VERDICT_READY,
  RC_VERDICT_READY_WITH_WARNINGS,
  RC_VERDICT_BLOCKED,    /* a BLOCK, or the score is under --min-score */
  RC_VERDICT_INCOMPLETE, /* no BLOCK but a block-severity check ERRORed,
                            or no check was evaluated at all */
};

const char *rc_verdict_name(enum rc_verdict v); /* "READY WITH WARNINGS" */

struct rc_policy {
  int min_score;     /* -1: none */
  bool fail_on_warn; /* --fail-on warn */
  bool fail_on_new;  /* --fail-on new: only new findings (needs a baseline) */
};

struct rc_category_score {
  const char *name; /* borrowed from a rule */
  double earned, possible;
  int score; /* 0-100, or -1 when nothing applicable */
  size_t counts[RC_STATUS_COUNT];
  /* Of counts[RC_STATUS_PASS]: passed = the scored checks that passed,
   * info_held = the informational ones that held. An informational check
   * is never scored, so no report counts it as passed (docs/scoring.md). */
  size_t passed, info_held;
};

struct rc_score {
  int score; /* 0-100; 100 when nothing applicable (see has_score) */
  bool has_score;
  char grade; /* 'A' >= 90, 'B' >= 80, 'C' >= 70, 'D' >= 60, else 'F' */
  double earned, possible;
  size_t counts[RC_STATUS_COUNT];
  size_t passed, info_held; /* as in rc_category_score */
  size_t n_checks;
  struct rc_category_score *cats; /* sorted by name */
  size_t n_cats;
  enum rc_verdict verdict;
  bool below_min_score;   /* score < policy.min_score */
  bool blocked_by_warn;   /* --fail-on warn and a WARN: not ready */
  bool fail_on_new;       /* the gate looks only at findings new since the
                             baseline (rc_score_set_new) */
  size_t new_gating;      /* new findings in BLOCK checks or in ERRORs of
                             block-severity rules, unwaived */
  bool nothing_evaluated; /* no checks, or all SKIP: INCOMPLETE */
  bool nothing_to_check;  /* the tree holds no file at all (an empty
                             checkout, a wrong folder): INCOMPLETE, no
                             score, never ready (rc_score_set_empty) */
  size_t block_errors;    /* ERRORs of block-severity rules: INCOMPLETE */
};

/* Assigns each result's status, then fills *out (caller releases with
 * rc_score_release). */
void rc_score_compute(struct rc_results *results, const struct rc_policy *p,
                      struct rc_score *out);
void rc_score_release(struct rc_score *s);
char rc_score_grade(int score);
/* Status a check gets for an outcome under a severity (exposed for tests). */
enum rc_status rc_score_status(enum rc_outcome o, int severity);
/* True when the run lets the release go: READY, or READY WITH WARNINGS
 * without --fail-on warn; under --fail-on new, no new gating finding and
 * the score not below --min-score. Reporters and main use it instead of
 * re-deciding. */
bool rc_score_ready(const struct rc_score *s);
/* An informational check that held (status PASS, severity info): reports
 * list it apart from the passes, since it is never scored. */
bool rc_result_info_held(const struct rc_result *r);
/* The checked tree holds no file: whatever the checks said (a README
 * missing, nothing to scan), readiness is unknown. Sets nothing_to_check,
 * drops the score and makes the verdict INCOMPLETE. */
void rc_score_set_empty(struct rc_score *s);
/* Records the baseline comparison's count of new gating findings. */
void rc_score_set_new(struct rc_score *s, size_t new_gating);

#endif
