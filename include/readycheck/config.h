/*
 * config.h - the per-repository file .readycheck.yml: packs, skipped rules
 * with reasons, extra rule files, variables, the minimum score and what
 * fails the run. Command-line flags win over it (rc_config_apply).
 *
 * Parsing is strict like the rule loader: unknown keys (with did-you-mean),
 * wrong types, a skip without a reason, an unknown pack are errors at
 * "file:line:col".
 */
#ifndef READYCHECK_CONFIG_H
#define READYCHECK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "readycheck/diag.h"

struct rc_arena;
struct rc_options;
struct rc_ruleset;
struct rc_detection;

#define RC_CONFIG_NAME ".readycheck.yml"

struct rc_config_skip {
  const char *id;
  const char *reason;
  struct rc_loc loc; /* of the id, for "no rule 'x'" */
};

struct rc_config_var {
  const char *name, *value;
};

struct rc_config {
  struct rc_arena *arena; /* owns everything below */
  const char *file;
  const char **packs; /* NULL when the file names none */
  size_t n_packs;
  struct rc_config_skip *skips;
  size_t n_skips;
  const char **rules; /* paths resolved against the file's directory */
  size_t n_rules;
  struct rc_config_var *vars;
  size_t n_vars;
  int min_score; /* -1: not set */
  int fail_on;   /* -1: not set, 0 block, 1 warn */
};

/* Parses a config held in memory; name is used in locations and its
 * directory resolves `rules:` paths. Caller frees *out. Returns 0, or -1
 * with diag errors (then *out is NULL). */
int rc_config_parse(struct rc_config **out, const char *name, const char *data,
                    size_t len, struct rc_diag *d);
/* Reads and parses a file (at most 1 MiB). */
int rc_config_load(struct rc_config **out, const char *path, struct rc_diag *d);
void rc_config_free(struct rc_config *c);

/* Merges c into o where the command line did not decide: packs (if no
 * --pack), skips (added, with their reasons), rules files (before the
 * command line's), vars (unless set by --var), min_score, fail_on. */
void rc_config_apply(const struct rc_config *c, struct rc_options *o);

/* Every skipped id names a loaded rule; errors point into the file. */
int rc_config_check_rules(const struct rc_config *c,
                          const struct rc_ruleset *rs, struct rc_diag *d);

/* Writes a commented starter config for a repository whose detected stacks
 * are det; packs lists the packs that apply (n_packs of them). */
int rc_config_write_init(FILE *out, const struct rc_detection *det,
                         const char *const *packs, size_t n_packs);

#endif
