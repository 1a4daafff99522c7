/*
 * literals.h - strings that every match of a regular expression contains,
 * and one pass over a file that looks for all of them.
 *
 * rc_literals_of() reads a PCRE2 pattern (as regex.c compiles it: UTF,
 * MULTILINE) and returns a set of strings such that every match, of any
 * subject, contains at least one of them; or NULL when it cannot tell
 * (syntax it does not model: extended mode, recursion, conditionals,
 * verbs, backreference-only patterns...), or when the best set would have
 * a string shorter than 2 bytes. A file that holds none of the strings
 * holds no match, neither whole nor in any of its lines: searching it with
 * PCRE2 can be skipped. This is what ripgrep calls a literal prefilter.
 *
 * Caseless parts ((?i) anywhere makes every string caseless, which only
 * finds more) compare ASCII letters without case. Under UTF, PCRE2 also
 * matches 'k' with U+212A KELVIN SIGN and 's' with U+017F LONG S: a file
 * holding either is always "may match" for a caseless set with k or s.
 * Other non-ASCII characters end a caseless string.
 */
#ifndef READYCHECK_LITERALS_H
#define READYCHECK_LITERALS_H

#include <stdbool.h>
#include <stddef.h>

struct rc_literals;

/* NULL when no useful set is known. Free with rc_literals_free(). */
struct rc_literals *rc_literals_of(const char *pattern);
void rc_literals_free(struct rc_literals *l);
/* False only when data[0..len) contains none of the strings. Thread-safe. */
bool rc_literals_in(const struct rc_literals *l, const char *data, size_t len);
/* The strings, for tests and for messages: count, and each with its
 * length and whether it is caseless (then it is lowercase). */
/* False only when data[from..len) contains none of the strings. Otherwise
 * *at is at or after from, and no later than the line (a newline ends
 * one) where the first such string without a newline starts: an anchor
 * byte of one, or from when that is not known. */
bool rc_literals_find(const struct rc_literals *l, const char *data, size_t len,
                      size_t from, size_t *at);
size_t rc_literals_count(const struct rc_literals *l);
const char *rc_literals_at(const struct rc_literals *l, size_t i, size_t *len,
                           bool *caseless);

/* ---- several sets, one pass ----------------------------------------------
 *
 * A file that several patterns search is scanned once for the strings of
 * all of them: rc_literals_multi_scan() records, for each set, where its
 * strings start (and, for a caseless set with k or s, where KELVIN SIGN
 * or LONG S starts). rc_literals_hits_in() and rc_literals_hits_find() then
 * answer exactly what rc_literals_in() and rc_literals_find() would for
 * that set and subject, without looking at the subject again. On x86-64
 * with SSSE3 or AVX2 the pass skips 16 or 32 bytes at a time where no
 * string's anchor pair can start; its answers are the same. For tests of
 * each way: rc_literals_vector_width() caps the vectors the pass may use
 * at bits (0: none, 128, 256, the default) and returns the cap before. */
unsigned rc_literals_vector_width(unsigned bits);
struct rc_literals_multi;
struct rc_literals_hits;

/* sets: n distinct sets (none NULL), borrowed until the multi is freed.
 * NULL when one pass would not pay: a single set, or sets whose own
 * searches are a few memchr passes for rare bytes in all. */
struct rc_literals_multi *
rc_literals_multi_new(const struct rc_literals *const *sets, size_t n);
void rc_literals_multi_free(struct rc_literals_multi *m);
/* How many passes rc_literals_multi_scan() made in this process (tests
 * check that it is one per file searched by several sets). */
size_t rc_literals_multi_scans(void);

/* Per thread: where the last pass found each set's strings. */
struct rc_literals_hits *rc_literals_hits_new(void);
void rc_literals_hits_free(struct rc_literals_hits *h);
/* One pass over data[0..len) for every set of m; h forgets what it held. */
void rc_literals_multi_scan(const struct rc_literals_multi *m, const char *data,
                            size_t len, struct rc_literals_hits *h);
/* Whether h's last pass was over data[0..len) and covered l. */
bool rc_literals_hits_cover(const struct rc_literals_hits *h,
                            const struct rc_literals *l, const char *data,
                            size_t len);
/* As rc_literals_in() and rc_literals_find() for a set that h covers (and
 * the same data and len); *at is then the start of the first string. */
bool rc_literals_hits_in(const struct rc_literals_hits *h,
                         const struct rc_literals *l);
bool rc_literals_hits_find(const struct rc_literals_hits *h,
                           const struct rc_literals *l, size_t len, size_t from,
                           size_t *at);

#endif
