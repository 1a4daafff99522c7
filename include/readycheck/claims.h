/*
 * claims.h - what a hand-written readiness report claims, line by line.
 *
 * From the units of a Markdown report (markdown.h) come:
 *   - checklist items: "- [x] Health checks configured" (done) and
 *     "- [ ] Load tests" (open);
 *   - status lines: a heading, bullet, paragraph line or plain code line
 *     with a status marker (normalize.h: ✅ ❌ ⚠️ 🚨, PASS, DONE,
 * [OK]); and a top-level bullet without a marker of its own under one: a list
 *     right after a marked heading or paragraph takes that marker, and a
 *     list anywhere in a section whose heading is marked as passing
 *     ("### Docker ✅") takes the pass;
 *   - table rows with a status cell (a column named Status, Result, Done,
 *     ... or a cell that is only a marker);
 *   - headline claims: an overall verdict ("PRODUCTION READY", "ready with
 *     minor issues", "Status: BLOCKED", "Risk Level: LOW"), a score
 *     ("Readiness Score: 95/100", "Security: 100/100"), a grade ("Grade:
 *     A") and a count ("PASSED VALIDATIONS (21/21)", "100% success
 *     rate").
 * A line gives at most one claim; a headline reading wins over a status.
 */
#ifndef READYCHECK_CLAIMS_H
#define READYCHECK_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/diag.h"
#include "readycheck/normalize.h"

struct rc_arena;
struct rc_md_doc;

enum rc_claim_kind {
  RC_CLAIM_CHECKLIST, /* a task-list item */
  RC_CLAIM_STATUS,    /* a line with a status marker, or under one */
  RC_CLAIM_ROW,       /* a table row with a status cell */
  RC_CLAIM_VERDICT,   /* headline: the overall verdict */
  RC_CLAIM_SCORE,     /* headline: a score out of 100 */
  RC_CLAIM_GRADE,     /* headline: a letter grade */
  RC_CLAIM_COUNT,     /* headline: checks passed out of checks run */
};

enum rc_claimed_verdict {
  RC_CLAIMED_READY,             /* "PRODUCTION READY", "Risk Level: LOW" */
  RC_CLAIMED_READY_WITH_ISSUES, /* "ready with minor issues" */
  RC_CLAIMED_NOT_READY,         /* "NOT READY", "Status: BLOCKED" */
};

struct rc_claim {
  enum rc_claim_kind kind;
  enum rc_stance stance; /* what the report says of it */
  unsigned line;         /* 1-based, in the report */
  const char *text;      /* the claim's words: markers and markup removed */
  const char *marker;    /* what gave the stance: "✅", "[x]", "DONE"; NULL
                            for headline claims without a marker */
  unsigned from_line;    /* line of the heading or paragraph whose marker a
                            bullet carries; 0 for its own */
  /* Headline claims: */
  enum rc_claimed_verdict verdict; /* RC_CLAIM_VERDICT */
  int value, of;                   /* score: value/100; count: value/of
                                      (a percentage is value/100) */
  bool percent;                    /* count: "N% success rate" */
  char grade;                      /* RC_CLAIM_GRADE: 'A'..'F' */
  const char *topic;    /* score, grade: what the report rates ("Security",
                           "Scalability"), NULL for the whole */
  const char *headline; /* short form for summaries: "PRODUCTION READY",
                           "95/100", "Grade A", "21/21 passed" */
  /* Where a note about it goes (markdown.h): */
  unsigned note_after;
  int note_indent;
};

struct rc_claims {
  struct rc_arena *arena; /* owns every claim's strings */
  struct rc_claim *items; /* in document order */
  size_t n, cap;
};

void rc_claims_init(struct rc_claims *c);
void rc_claims_release(struct rc_claims *c);

/* Appends the claims of doc to out. Returns 0, or -1 with an error if the
 * extractor's own patterns failed to compile (a bug, never input). */
int rc_claims_extract(struct rc_claims *out, const struct rc_md_doc *doc,
                      struct rc_diag *d);

bool rc_claim_is_headline(const struct rc_claim *c);
/* "checklist", "status", "row", "verdict", "score", "grade", "count". */
const char *rc_claim_kind_name(enum rc_claim_kind k);
/* "READY", "READY WITH ISSUES", "NOT READY". */
const char *rc_claimed_verdict_name(enum rc_claimed_verdict v);

#endif
