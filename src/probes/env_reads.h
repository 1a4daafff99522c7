/*
 * env_reads.h - internal to src/probes: what the env_documented probe
 * (env_documented.c) asks of the files that judge a source file's read
 * of an environment variable - optional (the code runs without it) or
 * enforced (the code refuses to run without it) - one file a language
 * (env_reads_js.c, env_reads_go.c, env_reads_python.c), and the text
 * helpers they share (env_reads.c). Functions are named env_.
 */
#ifndef READYCHECK_PROBES_ENV_READS_H
#define READYCHECK_PROBES_ENV_READS_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/probe.h"

/* Longest variable name copied; most names a scan keeps; how far a guard
 * or block is looked for around a read (bytes). */
enum { NAME_MAX_LEN = 128, MAX_NAMES = 100000, GUARD_SCAN_MAX = 20000 };

/* Names read optionally somewhere in one file. */
struct optional_names {
  char **items;
  size_t n, cap;
};

/* ---- shared text helpers (env_reads.c) ---- */

bool env_name_char(char c);
/* Copies the identifier at s into out (NAME_MAX_LEN bytes); returns its
 * length (0: none, or longer than out holds). */
size_t env_ident(const char *s, char *out);
/* Past spaces and tabs; env_skip_space also past line breaks. The _back
 * forms walk back from p, not before data. */
const char *env_skip_blanks(const char *p);
const char *env_skip_space(const char *p);
const char *env_skip_space_back(const char *data, const char *p);
const char *env_skip_blanks_back(const char *data, const char *p);
/* The start of the line holding p. */
const char *env_line_start(const char *data, const char *p);
bool env_has_name(const struct optional_names *o, const char *name);
/* Adds a copy of name once (up to MAX_NAMES); the caller frees items. */
void env_add_optional(struct optional_names *o, const char *name);

/* ---- the probe (env_documented.c) ---- */

/* Set by the platform or the runtime (the built-in list) or matched by one
 * of the check's `ignore` globs: never required. */
bool env_ignored(const struct rc_strlist *ignore, const char *name);

/* ---- JavaScript/TypeScript (env_reads_js.c) ----
 * at: the read (`process.env.X`), after: just past it. The probe also
 * asks env_js_fallback and env_js_presence_test of Python's
 * os.environ["X"], whose `==` comparisons and `if` tests read alike. */

/* `|| x` or `?? x` follows the read, or the calls that wrap it. */
bool env_js_fallback(const char *after);
/* The read tests whether the variable is set or compares it with a
 * string. */
bool env_js_presence_test(const char *data, const char *at, const char *after);
/* The code around the read does without it: a block or ternary on
 * another variable's presence (ignore: names that guard nothing), an
 * early return of a literal, a boolean parse, a tested const alias, the
 * project's helper with a literal default. */
bool env_js_optional_context(const struct rc_strlist *ignore, const char *data,
                             const char *at, const char *after);
/* The code refuses to run without it: a guard call, `if (!...) throw`. */
bool env_js_enforced(const char *data, const char *at);
/* Adds the keys a zod / t3-env schema in data marks optional or
 * defaulted. */
void env_zod_optional_keys(const char *data, struct optional_names *o);

/* ---- Go (env_reads_go.c) ----
 * at: `os.Getenv(`, p: just past the quoted name (its closing
 * parenthesis when there is one). */

/* The code tests the value or completes it with a default. */
bool env_go_optional(const char *data, const char *at, const char *p);
/* `== ""` opens a block that fails, directly or through a variable. */
bool env_go_enforced(const char *data, const char *at, const char *p);

/* ---- Python (env_reads_python.c) ---- */

/* The read at at is inside the block of `if "OTHER" in os.environ:` or
 * a truthy os.environ.get / os.getenv test. */
bool env_python_guarded_block(const char *data, const char *at);
/* Adds the names data tests with `"X" in os.environ`. */
void env_python_presence_tests(const char *data, struct optional_names *o);

#endif
