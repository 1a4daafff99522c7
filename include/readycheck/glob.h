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

/* A pattern that rc_glob_check() rejects for its braces matches nothing.
 * Patterns are compiled on first use and kept for the process (up to 4096
 * of them; thread-safe). */
bool rc_glob_match(const char *pattern, const char *path);
/* rc_glob_match() keeps each pattern it compiled for the process; this
 * frees them (at exit, with no match running). Later calls compile anew. */
void rc_glob_cache_release(void);
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
/* ---- compiled globs ----
 *
 * A glob compiled once and matched against many paths: braces are expanded
 * at compile time into brace-free alternatives. rc_glob_matches(g, path) ==
 * rc_glob_match(pattern, path) for every path. Each alternative also says
 * what all the paths it matches have in common, so an index can look up
 * candidates instead of testing every path (index.c). */
struct rc_glob_alt {
  char *pat;     /* brace-free pattern */
  size_t len;    /* strlen(pat) */
  size_t prefix; /* rc_glob_literal_prefix(pat): every match starts so */
  bool literal;  /* no metacharacter: matches exactly pat */
  /* The last segment, which every match's last segment (its name) must
   * match; NULL when that segment is a final globstar. */
  const char *name;
  size_t name_len;
  bool name_literal; /* the name must equal it */
  size_t tail_len;   /* its last tail_len bytes are literal: every matching
                        name ends with them (".yml" of "*.yml") */
  char *needle;      /* the longest literal run inside one segment after the
                        prefix ("node_modules" of "**" "/node_modules/" "**"):
                        every match contains it; NULL if none */
  /* A whole literal segment after the prefix that is not the last one
   * ("node_modules" again): every match lies under a directory of that
   * name. NULL if none. */
  const char *dir;
  size_t dir_len;
  /* The pattern is the literal prefix, "**" "/" and the name: a path that
   * starts with the prefix matches exactly when its name does. */
  bool name_decides;
};

struct rc_glob {
  char *src; /* the pattern as given */
  struct rc_glob_alt *alt;
  size_t n; /* 0 for a pattern with bad braces: it matches nothing */
};

/* Never NULL; free with rc_glob_free(). */
struct rc_glob *rc_glob_compile(const char *pattern);
void rc_glob_free(struct rc_glob *g);
bool rc_glob_matches(const struct rc_glob *g, const char *path);
/* One alternative against path[0..len). */
bool rc_glob_alt_match(const struct rc_glob_alt *a, const char *path,
                       size_t len);
/* Whether a name (a last segment) meets the alternative's demand on it: a
 * necessary condition of rc_glob_alt_match() for paths ending in name. */
bool rc_glob_name_ok(const struct rc_glob_alt *a, const char *name, size_t len);

/* Checks syntax; returns NULL if fine, else a static message such as
 * "unterminated '['", "'{' without '}'", "'}' without '{'",
 * "nested '{' is not supported", "trailing '\\' escapes nothing",
 * "too many '{...}' alternatives" (more than 1024 combinations), "empty glob",
 * or a leading '/' or "./" (such globs could never match). */
const char *rc_glob_check(const char *pattern);

#endif
