/*
 * policy.h - what the repository decides about the run's findings, between
 * the run and the scorer: stable fingerprints, waivers (from the config and
 * inline `readycheck:ignore` comments) and the comparison with a baseline
 * report. Nothing here changes an outcome: waivers only attach themselves to
 * results, and the scorer turns a waived failure into WAIVED.
 *
 * A finding is a failing item of a check that did not pass, or the check
 * itself when it failed without naming any item. Its fingerprint is derived
 * from the rule id, the item's path and its normalised text, never from
 * line numbers, so it survives unrelated edits (docs/report-json.md).
 */
#ifndef READYCHECK_POLICY_H
#define READYCHECK_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/diag.h"
#include "readycheck/run.h"

struct rc_arena;
struct rc_index;
struct rc_ruleset;

/* ---- fingerprints -------------------------------------------------------- */

/* Fills res->fingerprint for every result and ev->fingerprint for every
 * piece of evidence (arena strings of 16 lowercase hex digits). */
void rc_fingerprint_results(struct rc_results *r);
/* The fingerprint of one item: rule id, path (may be NULL), text, and how
 * many earlier items of the same check had the same path and text. */
void rc_fingerprint_item(const char *rule, const char *path, const char *text,
                         unsigned occurrence, char out[17]);
/* A 64-bit FNV-1a hash of len bytes, continuing from h (start with
 * RC_FNV_OFFSET); used for fingerprints and the ruleset hash. */
#define RC_FNV_OFFSET 0xcbf29ce484222325ULL
unsigned long long rc_fnv1a(unsigned long long h, const void *data, size_t len);

struct rc_finding {
  const struct rc_result *res;
  const struct rc_evidence *ev; /* NULL: the check itself */
  const char *fingerprint;
  const struct rc_waiver *waiver; /* NULL unless waived */
};

/* True for a status whose check has findings: BLOCK, WARN, INFO, ERROR or
 * WAIVED. */
bool rc_status_has_findings(enum rc_status s);
/* Every finding of r, in result order, failing items in evidence order.
 * Call after rc_score_compute (statuses). Caller frees *out. */
size_t rc_findings(const struct rc_results *r, struct rc_finding **out);

/* ---- waivers ------------------------------------------------------------- */

struct rc_waiver {
  const char *rule;    /* rule id */
  const char *path;    /* glob limiting it to items under a path, or NULL */
  const char *service; /* service name limiting it, or NULL */
  const char *reason;  /* never NULL nor empty */
  const char *owner;   /* or NULL */
  const char *expires; /* "YYYY-MM-DD" (valid date), or NULL: never */
  const char *where;   /* "file:line" of its definition */
  bool inline_comment; /* a `readycheck:ignore` comment in a checked file:
                          path is then that file (not a glob) and line the
                          comment's line */
  unsigned line;
  /* Set by rc_waivers_apply(): */
  bool expired; /* expires is before today: it waives nothing */
  size_t hits;  /* findings it waives; 0 and not expired: stale */
};

struct rc_waivers {
  struct rc_waiver *items;
  size_t n, cap;
  struct rc_arena *arena; /* owns the inline waivers' strings */
};

void rc_waivers_init(struct rc_waivers *w);
void rc_waivers_release(struct rc_waivers *w);
/* Adds a copy of *src (strings borrowed: they must outlive w). */
void rc_waivers_add(struct rc_waivers *w, const struct rc_waiver *src);

/* Checks "YYYY-MM-DD" is a real calendar date. */
bool rc_date_valid(const char *s);

/* Reads `readycheck:ignore RULE reason` comments (after #, //, --, ; or
 * <!--) in the files that findings of r point at, and adds one waiver per
 * comment, scoped to that file and to findings on the comment's line or the
 * line below (any line for findings without one). A comment without a
 * reason or naming no loaded rule is recorded as a warning in d and waives
 * nothing. */
void rc_waivers_scan_inline(struct rc_waivers *w, const struct rc_results *r,
                            struct rc_index *idx, const struct rc_ruleset *rs,
                            struct rc_diag *d);

/* Attaches waivers to results: a waiver in force covers each failing item
 * of its rule in its scope (ev->waiver); a check whose every failing item
 * is covered - or that has none and an unscoped waiver - is waived
 * (res->waiver). today is "YYYY-MM-DD": a waiver whose expiry is before it
 * is marked expired and covers nothing. Call after fingerprinting and
 * before scoring; evidence is only marked for checks that did not pass. */
void rc_waivers_apply(struct rc_waivers *w, struct rc_results *r,
                      const char *today);

/* ---- baseline ------------------------------------------------------------ */

/* A finding of the baseline that is gone now. Strings live in the arena. */
struct rc_fixed {
  const char *rule, *fingerprint, *path, *text;
  unsigned line;
};

struct rc_baseline {
  struct rc_arena *arena;
  const char *file;
  int score; /* -1 when the baseline had no score */
  const char *verdict;
  const char *commit; /* or NULL */
  /* fingerprints of the baseline's findings (unwaived or not), sorted */
  const char **fingerprints;
  size_t n_fingerprints;
  /* ids of the baseline's checks that passed, sorted */
  const char **passed;
  size_t n_passed;
  /* filled by rc_baseline_compare(): */
  struct rc_fixed *fixed;
  size_t n_fixed;
  size_t n_new;         /* findings of the run not in the baseline */
  size_t n_new_gating;  /* of those, in checks that fail the gate */
  size_t n_regressions; /* checks that passed then and fail now */
};

/* Reads a JSON report written by readycheck (schema readycheck/report).
 * Returns 0, or -1 with "file: why" in d (unreadable, not a report, a
 * newer schema). Caller frees with rc_baseline_free. */
int rc_baseline_load(struct rc_baseline **out, const char *path,
                     struct rc_diag *d);
void rc_baseline_free(struct rc_baseline *b);
/* Marks results against the baseline (res->is_new_failure, ev->... via
 * rc_baseline_is_new) and fills the counts and the fixed list. Call after
 * rc_score_compute: whether a new finding gates depends on its status. */
void rc_baseline_compare(struct rc_baseline *b, const struct rc_results *r);
bool rc_baseline_has(const struct rc_baseline *b, const char *fingerprint);
bool rc_baseline_passed(const struct rc_baseline *b, const char *rule);

#endif
