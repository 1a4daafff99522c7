/*
 * shellwords.h - tokenising one shell command line for the readers of a
 * repository's automation (entry points, CI pipelines, compose commands).
 */
#ifndef READYCHECK_SHELLWORDS_H
#define READYCHECK_SHELLWORDS_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;

/* Splits one shell command line into words: quotes removed, operators
 * (`&&`, `||`, `;`, `|`, redirections) as their own words, a workflow
 * expression `${{ ... }}` one word however it is spaced, and an unquoted
 * `#` starting a word ends the line (comments are not commands). Returns
 * the count (at most 512); the words and *out live in a. */
size_t rc_shell_words(struct rc_arena *a, const char *line, const char ***out);

/* The commands a line runs inside command and process substitutions,
 * `test -z "$(gofmt -l .)"`, `diff <(echo -n) <(goimports -d .)` and
 * backticks (not inside single quotes, not arithmetic `$((...))`), outer
 * ones only: their own substitutions are found when they are read. Returns
 * the count (at most 16); the texts and *out live in a. */
size_t rc_shell_substitutions(struct rc_arena *a, const char *line,
                              const char ***out);

/* Whether w, a word of rc_shell_words(), is an operator (it starts with
 * one of ; | & < >). */
bool rc_shell_is_op(const char *w);

/* Whether the line (n bytes, no newline) continues on the next one: it
 * ends in `\` (sh, make) or in a blank and a backtick (PowerShell). */
bool rc_shell_line_continues(const char *line, size_t n);

#endif
