/*
 * glob.h - path globs as rules write them.
 *
 * A glob is matched against the whole repo-relative path ('/'-separated, no
 * leading "./"). `*` and `?` never cross '/', `**` as a whole segment matches
 * zero or more segments ("**" alone matches everything; a final "/" "**"
 * matches one or more, i.e. what is inside the directory, not the directory
 * itself). `**` inside a segment acts as `*`. `[abc]`, `[a-z]`, `[!x]`
 * (or `[^x]`) are byte classes, `{a,b}` alternatives (no nesting; may hold
 * '/'), `\` escapes the next byte. A pattern without a '/' still only matches
 * at the root: "Dockerfile" is the root Dockerfile, "**" "/Dockerfile" is
 * any. Matching is case-sensitive and byte-wise; work is bounded by
 * pattern length x path length (no exponential backtracking).
 */
#ifndef READYCHECK_GLOB_H
#define READYCHECK_GLOB_H

#include <stdbool.h>
#include <stddef.h>

/* A pattern that rc_glob_check() rejects for its braces matches nothing. */
bool rc_glob_match(const char *pattern, const char *path);
/* True when pattern has no glob metacharacters (* ? [ { \), so it names
 * exactly one path, spelled as the pattern. */
bool rc_glob_is_literal(const char *pattern);
/* Length of the literal directory prefix of pattern ("src/a/" of
 * "src/a/" "*.c" -> 6), so a walk can start there. Every path the pattern
 * matches starts with that prefix. */
size_t rc_glob_literal_prefix(const char *pattern);
/* True when some path strictly below dir ("dir/x", "dir/x/y", ...) could
 * match pattern: whether an unreadable directory could hide a match.
 * Errs towards true (a class that matches nothing still counts). */
bool rc_glob_may_match_below(const char *pattern, const char *dir);
/* Checks syntax; returns NULL if fine, else a static message such as
 * "unterminated '['", "'{' without '}'", "'}' without '{'",
 * "nested '{' is not supported", "trailing '\\' escapes nothing",
 * "too many '{...}' alternatives" (more than 1024 combinations), "empty glob",
 * or a leading '/' or "./" (such globs could never match). */
const char *rc_glob_check(const char *pattern);

#endif
