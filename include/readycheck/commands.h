/*
 * commands.h - the subcommands, as a table (git's builtin table): main.c
 * parses options, loads the config and, when the command needs them, the
 * rules; then it calls the command's function. Each returns the process's
 * exit code (enum rc_exit) and reports problems in d instead of printing
 * them; only main.c prints diagnostics.
 *
 * To add a command:
 *   1. its word in cli.c's command list and enum rc_command (cli.h);
 *   2. its function in the file of its kind (cmd_check.c, cmd_rules.c,
 *      cmd_init.c, cmd_model.c, cmd_audit.c), declared below;
 *   3. a line in rc_commands[] (commands.c);
 *   4. its line in --help (rc_cli_usage) and the README's Usage.
 */
#ifndef READYCHECK_COMMANDS_H
#define READYCHECK_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "readycheck/cli.h"
#include "readycheck/diag.h"

struct rc_ruleset;

struct rc_command_def {
  enum rc_command cmd;
  bool needs_rules; /* main loads built-in packs and --rules first */
  /* rs is NULL when needs_rules is false. */
  int (*run)(const struct rc_options *o, const struct rc_ruleset *rs,
             struct rc_diag *d);
};

/* Every command but help and version; ends with run == NULL. */
extern const struct rc_command_def rc_commands[];
const struct rc_command_def *rc_command_find(enum rc_command cmd);

int rc_cmd_check(const struct rc_options *o, const struct rc_ruleset *rs,
                 struct rc_diag *d);
int rc_cmd_list_rules(const struct rc_options *o, const struct rc_ruleset *rs,
                      struct rc_diag *d);
/* list-rules of the plain built-in catalog (no --rules, --pack or
 * --no-builtin) from the table made at build time, without loading a pack:
 * returns 1 with the exit status in *status, or 0 when the packs must be
 * loaded (other options, or a catalog whose load says something). */
int rc_cmd_list_catalog(const struct rc_options *o, struct rc_diag *d,
                        int *status);
int rc_cmd_explain(const struct rc_options *o, const struct rc_ruleset *rs,
                   struct rc_diag *d);
int rc_cmd_validate(const struct rc_options *o, const struct rc_ruleset *rs,
                    struct rc_diag *d);
int rc_cmd_test_rules(const struct rc_options *o, const struct rc_ruleset *rs,
                      struct rc_diag *d);
int rc_cmd_init(const struct rc_options *o, const struct rc_ruleset *rs,
                struct rc_diag *d);
int rc_cmd_model(const struct rc_options *o, const struct rc_ruleset *rs,
                 struct rc_diag *d);
int rc_cmd_audit(const struct rc_options *o, const struct rc_ruleset *rs,
                 struct rc_diag *d);

/* ---- shared by check and audit (cmd_check.c) ---------------------------- */

struct rc_check_run;
struct rc_report;

/* The check of o->path with rs up to the score: file index, deployment
 * model, stack detection, run, fingerprints and waivers, score (and the
 * baseline comparison). Returns NULL with errors in d when the index
 * cannot be built, the baseline cannot be read or no rule was selected.
 * Caller owns the result; free with rc_check_run_free(). */
struct rc_check_run *rc_check_run_new(const struct rc_options *o,
                                      const struct rc_ruleset *rs,
                                      struct rc_diag *d);
void rc_check_run_free(struct rc_check_run *cr);
/* What reporters read about the run (borrowed from cr). */
const struct rc_report *rc_check_run_report(const struct rc_check_run *cr);

/* Writes one output to path: "-" is standard output, "+FILE" appends to
 * FILE. write(out, data) returns 0, or -1 with errno set. Returns 0, or -1
 * with an error in d (none for a broken pipe on standard output: the
 * reader went away). */
int rc_cmd_write(const char *path, int (*write)(FILE *out, const void *data),
                 const void *data, struct rc_diag *d);
/* --report destinations: no file named twice, at most one report on
 * standard output, not both --format and FORMAT=-. Returns 0 or -1. */
int rc_cmd_check_destinations(const struct rc_options *o, struct rc_diag *d);

/* Whether built-in pack name is selected (--pack; none given = all). */
bool rc_cmd_pack_wanted(const struct rc_options *o, const char *name);
/* --skip and --only must name rules, packs or categories: a typo there
 * would silently check the wrong thing. Returns 0 or -1 with errors. */
int rc_cmd_check_selectors(const struct rc_options *o,
                           const struct rc_ruleset *rs, struct rc_diag *d);

#endif
