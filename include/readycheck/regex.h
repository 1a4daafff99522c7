/*
 * regex.h - the only door to PCRE2 (8-bit; a pattern is JIT-compiled, when
 * the platform allows, on its first match).
 *
 * Patterns compile with UTF and PCRE2_MATCH_INVALID_UTF (files need not be
 * valid UTF-8) and MULTILINE (^ and $ at line ends). Every match runs under
 * a match limit, a depth limit, a heap limit and a total time budget (of
 * the searching threads' CPU time, so a busy machine does not change it):
 * hitting one is RC_RE_LIMIT, which callers must treat as "could not
 * evaluate", never as "no match".
 */
#ifndef READYCHECK_REGEX_H
#define READYCHECK_REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct rc_regex;
struct rc_regex_scratch;
struct rc_regex_budget;
struct rc_literals;
struct rc_literals_multi;

enum rc_regex_rc {
  RC_RE_NOMATCH = 0,
  RC_RE_MATCH = 1,
  RC_RE_LIMIT = -1, /* match/depth/JIT-stack limit hit */
  RC_RE_ERROR = -2, /* any other PCRE2 error */
};

/* Caller owns the result (rc_regex_free). On a syntax error returns NULL and
 * writes PCRE2's own message to err and the 0-based offset to *erroffset.
 * A pattern already compiled (same text) is shared, not compiled again:
 * each holder frees its reference. Thread-safe. A compiled pattern is
 * read-only, so any thread may match it with its own scratch. */
struct rc_regex *rc_regex_new(const char *pattern, char *err, size_t errlen,
                              size_t *erroffset);
void rc_regex_free(struct rc_regex *re);
void rc_regex_free_void(void *re); /* for rc_arena_defer() */
/* How many times a pattern was compiled in this process (regression tests
 * check that it is once per distinct pattern). */
size_t rc_regex_compilations(void);

/* Per-thread match state (match data, match context, JIT stack). One per
 * run or per worker; free with rc_regex_scratch_free(). */
struct rc_regex_scratch *rc_regex_scratch_new(void);
void rc_regex_scratch_free(struct rc_regex_scratch *s);
/* PCRE2's limits reset at every start position, so a many-line file can
 * still take minutes. A scratch therefore also caps the total time spent
 * matching (default 10000 ms); once spent, every match returns RC_RE_LIMIT.
 * Setting a budget restarts the count; 0 makes every match RC_RE_LIMIT. */
void rc_regex_scratch_set_budget(struct rc_regex_scratch *s, unsigned long ms);
/* A time budget shared by several scratches (one check searched by several
 * threads): rc_regex_scratch_charge(s, b) makes s's later matches spend b
 * (NULL: its own again). 0 ms means the default, 10000 ms. */
struct rc_regex_budget *rc_regex_budget_new(unsigned long ms);
void rc_regex_budget_free(struct rc_regex_budget *b);
void rc_regex_scratch_charge(struct rc_regex_scratch *s,
                             struct rc_regex_budget *b);

/* Facts about one subject that every pattern searched over it needs,
 * computed once: rc_regex_scratch_subject() says that a new subject
 * comes (a file, searched by several patterns in a row with this
 * scratch); until the next call, rc_regex_subject_has_cr() remembers its
 * answer for the same data and len. Without that call it is computed
 * every time. */
void rc_regex_scratch_subject(struct rc_regex_scratch *s);
bool rc_regex_subject_has_cr(struct rc_regex_scratch *s, const char *data,
                             size_t len);
/* The newlines in data[from..to) (from <= to <= len). After
 * rc_regex_scratch_subject(), the counts before every 512 bytes of the same
 * data and len are kept as they are met, so patterns that each count the
 * lines of a file up to their matches count its bytes once in all; s NULL
 * or without that call: counted every time. */
size_t rc_regex_subject_newlines(struct rc_regex_scratch *s, const char *data,
                                 size_t len, size_t from, size_t to);

/* Finds the first match in subj[start..len). On RC_RE_MATCH sets *mstart and
 * *mend (byte offsets into subj). */
int rc_regex_match(const struct rc_regex *re, struct rc_regex_scratch *s,
                   const char *subj, size_t len, size_t start, size_t *mstart,
                   size_t *mend);
/* False only when subj[0..len) cannot hold a match, neither whole nor in
 * any part (a line): it lacks every string that each match contains
 * (literals.h). True when that is not known. Far cheaper than a search,
 * and never RC_RE_LIMIT. */
bool rc_regex_may_match(const struct rc_regex *re, const char *subj,
                        size_t len);
/* For a search line by line: false only when no line that starts at or
 * after subj[from] can hold a match (they lack every string). Otherwise
 * *at is a place at or after from whose line is no later than the first
 * line that may. Without strings (or with a caseless k or s and a byte
 * that PCRE2 folds to it, literals.h) *at is from. */
/* Whether rc_regex_next_candidate() can skip lines: the pattern has a set
 * of strings every match holds. */
bool rc_regex_has_literals(const struct rc_regex *re);
bool rc_regex_next_candidate(const struct rc_regex *re, const char *subj,
                             size_t len, size_t from, size_t *at);
/* The strings every match of re holds (literals.h), or NULL. */
const struct rc_literals *rc_regex_literals(const struct rc_regex *re);
/* One pass over a subject for the strings of several patterns at once:
 * after rc_regex_scratch_subject(), rc_regex_scratch_prefilter() looks
 * for the strings of every set of m in data[0..len) (m NULL: none), and
 * rc_regex_may_match_in() and rc_regex_next_candidate_in() answer from
 * that pass for a pattern whose set it covered, for the same data and
 * len, and as rc_regex_may_match() and rc_regex_next_candidate() do
 * otherwise. The answers are the same either way. */
void rc_regex_scratch_prefilter(struct rc_regex_scratch *s,
                                const struct rc_literals_multi *m,
                                const char *data, size_t len);
bool rc_regex_may_match_in(const struct rc_regex *re,
                           const struct rc_regex_scratch *s, const char *subj,
                           size_t len);
bool rc_regex_next_candidate_in(const struct rc_regex *re,
                                const struct rc_regex_scratch *s,
                                const char *subj, size_t len, size_t from,
                                size_t *at);
/* Human words for an rc_regex_rc value ("match limit exceeded", ...). */
const char *rc_regex_strerror(int rc);

#endif
