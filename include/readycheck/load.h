/*
 * load.h - the only reader of rule files: YAML text -> struct rc_rule.
 *
 * The loader is strict and complete: it reports every problem it can find
 * (up to the diag's cap) as "file:line:col: ...", pointing at the offending
 * node: unknown keys and probe types (with a did-you-mean), missing required
 * keys, wrong types, duplicate ids, bad globs, and regexes PCRE2 rejects
 * (with PCRE2's message and the column of the failing character). It
 * refuses rule files over 4 MiB, nesting deeper than 64 and YAML aliases.
 * Nothing is added to the ruleset from a file that has any error.
 */
#ifndef READYCHECK_LOAD_H
#define READYCHECK_LOAD_H

#include <stddef.h>

#include "readycheck/diag.h"

struct rc_ruleset;

/* Loads rules from a buffer (need not be NUL-terminated); name is used in
 * locations (e.g. "rules/x.yaml" or "builtin:docker.yaml") and gives the
 * pack name (its last '/' or ':' component without .yml/.yaml). Rules join
 * rs's current layer. Returns 0, or -1 when any error was recorded (then
 * none of the file's rules were added) or d was already full. Warnings,
 * such as a category close to a known one, do not fail the load. */
int rc_load_buffer(struct rc_ruleset *rs, const char *name, const char *data,
                   size_t len, struct rc_diag *d);
/* Loads one file, or every regular *.yml / *.yaml file of a directory
 * (sorted by name, not recursive, dotfiles skipped; none is an error). A bad
 * file does not stop the others. Returns 0 or -1. */
int rc_load_path(struct rc_ruleset *rs, const char *path, struct rc_diag *d);

struct rc_field;
struct rc_node;
struct rc_ynode;

/* Sets one parameter of a probe leaf of rs from a YAML value, checked as in
 * a rule file, then runs the probe's validate() again (errors at
 * file:line:col of v). For the configuration's `overrides`. Returns 0 or
 * -1. */
int rc_load_set_param(struct rc_ruleset *rs, struct rc_node *node,
                      const struct rc_field *f, const struct rc_ynode *v,
                      const char *file, struct rc_diag *d);

#endif
