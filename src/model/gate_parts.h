/*
 * gate_parts.h - internal to src/model: what the CI gate files share -
 * the gate bits by letter, a tool family's handler, and the functions they
 * call in each other, named gt_ (gate). gate.c holds the words every part
 * reads (a tool's name, an operator, a subcommand); gate_wrappers.c skips
 * the programs that only start a command; gate_commands.c judges a command
 * by its program (the single-purpose tools, formatters, Maven and Gradle,
 * the package managers); gate_tools.c the tool families with subcommands
 * (go, cargo, make, docker...); gate_names.c what a name says; and
 * gate_actions.c what a GitHub Action does.
 */
#ifndef READYCHECK_MODEL_GATE_PARTS_H
#define READYCHECK_MODEL_GATE_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/pipeline.h"

enum {
  T = RC_GATE_TESTS,
  L = RC_GATE_LINT,
  S = RC_GATE_SCAN,
  B = RC_GATE_BUILD
};

/* One handler per tool family, looked up by the command's name (git's
 * builtin table). Each sees t, the tool's name, and its words w[0..n). */
typedef void tool_fn(const char *t, const char *const *w, size_t n,
                     struct rc_gate_hit *out);

bool gt_in(const char *w, const char *const *list);

bool gt_is_assignment(const char *w);

bool gt_is_op(const char *w);

/* The program a word names: its last path segment, lowercased, without
 * a Windows or wrapper suffix ("./gradlew" gradlew, "mvnw.cmd" mvnw). */
void gt_tool_name(const char *w, char *out, size_t cap);

bool gt_tool_is(const char *w, const char *name);

/* The first word after w[0] that is not an option (a subcommand). */
const char *gt_sub(const char *const *w, size_t n, size_t from);

bool gt_has_word(const char *const *w, size_t n, const char *s);

bool gt_has_prefix_word(const char *const *w, size_t n, const char *s);

bool gt_any_word(const char *const *w, size_t n, const char *const *set);

void gt_hit(struct rc_gate_hit *out, unsigned gates, const char *tool);

/* Skips container options from i; returns the index of the first other
 * word (the image, service or container). */
size_t gt_skip_container_opts(const char *const *w, size_t n, size_t i);

bool gt_checks(const char *const *w, size_t n);

bool gt_fixes(const char *const *w, size_t n);

/* python -m MODULE / python FILE / python -c: the module or file. */
void gt_python_module(const char *const *w, size_t n, struct rc_gate_hit *out);

bool gt_is(const char *s, const char *want);

tool_fn *gt_tool_handler(const char *t);

#endif
