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
#include "readycheck/policy.h"

struct rc_arena;
struct rc_options;
struct rc_ruleset;
struct rc_detection;

#define RC_CONFIG_NAME     ".readycheck.yml"
#define RC_CONFIG_NAME_ALT ".readycheck.yaml"

struct rc_config_skip {
  const char *id;
  const char *reason;
  struct rc_loc loc; /* of the id, for "no rule 'x'" */
};

struct rc_ynode;

/* `overrides: {RULE: {severity, weight, title, params}}`: a built-in rule
 * changed in place, without copying it. */
struct rc_config_override {
  const char *rule;
  struct rc_loc loc;             /* of the rule id key */
  int severity;                  /* enum rc_severity, or -1 when not given */
  double weight;                 /* < 0 when not given */
  const char *title;             /* or NULL */
  const struct rc_ynode *params; /* mapping of probe parameters, or NULL */
};

struct rc_config_var {
  const char *name, *value;
};

/* `environments: {NAME: {base_url, http_url, paths}}`: where a deployment
 * of the repository answers, chosen with --env NAME. */
struct rc_config_env {
  const char *name;
  struct rc_loc loc;    /* of the name */
  const char *base_url; /* http(s) URL, required */
  const char *http_url; /* plain http URL, or NULL */
  const char **paths;   /* smoke list: "PATH [STATUS...]" */
  size_t n_paths;
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
  int min_score;              /* -1: not set */
  int fail_on;                /* -1: not set, 0 block, 1 warn, 2 new */
  struct rc_waiver *waivers;  /* `waivers:`, where = "file:line" */
  struct rc_loc *waiver_locs; /* of each waiver's rule id */
  size_t n_waivers;
  struct rc_config_override *overrides;
  size_t n_overrides;
  struct rc_config_env *envs;
  size_t n_envs;
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

/* --env NAME (o->env): environment NAME's base_url, http_url and smoke
 * list become ${BASE_URL}, ${HTTP_URL} and ${SMOKE_PATHS} (entries joined
 * with ", "), unless the command line set them; c may be NULL (then --env
 * is an error). Returns 0, or -1 when there is no such environment. */
int rc_config_apply_env(const struct rc_config *c, struct rc_options *o,
                        struct rc_diag *d);

/* Every skipped or waived id names a loaded rule; errors point into the
 * file. */
int rc_config_check_rules(const struct rc_config *c,
                          const struct rc_ruleset *rs, struct rc_diag *d);

/* Applies `overrides` to the loaded rules: severity, weight and title, and
 * each parameter to every probe of the rule's expression that has it (a
 * parameter no probe has is an error with a did-you-mean). Returns 0 or -1
 * with errors pointing into the file. */
int rc_config_apply_overrides(const struct rc_config *c, struct rc_ruleset *rs,
                              struct rc_diag *d);

/* Writes a commented starter config for a repository whose detected stacks
 * are det; packs lists the packs that apply (n_packs of them). */
int rc_config_write_init(FILE *out, const struct rc_detection *det,
                         const char *const *packs, size_t n_packs);

#endif
