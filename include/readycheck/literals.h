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

#endif
