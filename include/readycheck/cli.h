/*
 * cli.h - argv -> struct rc_options, the exit codes, and the help text.
 *
 * Parsing never prints and never exits: problems are recorded in a diag and
 * main returns RC_EXIT_USAGE.
 */
#ifndef READYCHECK_CLI_H
#define READYCHECK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "readycheck/diag.h"
#include "readycheck/vars.h"

enum rc_exit {
  RC_EXIT_READY = 0,      /* ready (warnings allowed unless --fail-on warn) */
  RC_EXIT_NOT_READY = 1,  /* a BLOCK, score under --min-score, or fail-on */
  RC_EXIT_USAGE = 2,      /* bad invocation or invalid rule file */
  RC_EXIT_INCOMPLETE = 3, /* readiness unknown, or a report not written */
};

enum rc_command {
  RC_CMD_CHECK,
  RC_CMD_LIST_RULES,
  RC_CMD_EXPLAIN,
  RC_CMD_VALIDATE,
  RC_CMD_HELP,
  RC_CMD_VERSION,
  RC_CMD_TEST_RULES, /* test-rules [DIR] */
  RC_CMD_INIT,       /* init [PATH] */
  RC_CMD_MODEL,      /* model [PATH] */
  RC_CMD_AUDIT,      /* audit REPORT [PATH] */
};

enum rc_color { RC_COLOR_AUTO, RC_COLOR_NEVER, RC_COLOR_ALWAYS };

struct rc_report_req {
  const char *format; /* a reporter name */
  const char *path;   /* file to write ("-" = stdout) */
};

struct rc_options {
  enum rc_command cmd;
  enum rc_command help_cmd; /* with RC_CMD_HELP: the command asked about,
                               RC_CMD_HELP for the general help */
  const char *path;         /* repository, default "." (audit: NULL until
                               main finds the report's checkout) */
  const char **rule_paths;  /* --rules, in order */
  size_t n_rule_paths;
  const char **packs; /* --pack; none = all built-in packs */
  size_t n_packs;
  bool no_builtin;   /* --no-builtin: only --rules files */
  const char **skip; /* --skip ID */
  size_t n_skip;
  const char **skip_reasons; /* parallel to skip once a config added
                                skips; NULL entries are "--skip" */
  const char **only;         /* --only ID|category */
  size_t n_only;
  struct rc_vars vars;           /* --var NAME=VALUE (+ environment) */
  const char *format;            /* stdout format, default "text" */
  bool format_set;               /* -f was given */
  struct rc_report_req *reports; /* --report FORMAT=FILE */
  size_t n_reports;
  int min_score;     /* -1 when not given */
  bool fail_on_warn; /* --fail-on warn */
  enum rc_color color;
  int verbosity;     /* -1 -q, 0, 1 -v */
  bool offline;      /* --offline: no network probes */
  const char **args; /* explain RULE_ID / validate FILE... / audit REPORT */
  size_t n_args;
  bool require_fixtures; /* test-rules --require-fixtures */
  bool fail_on_set;      /* --fail-on was given (it wins over the config) */
  const char *config;    /* --config FILE, or NULL: look for .readycheck.yml */
  const char *env;       /* --env NAME: an environment of the config */
  bool no_config;        /* --no-config */
  unsigned jobs;         /* --jobs N: network requests at once, 0 = default */
  long timeout_ms;       /* --timeout SECONDS, per network probe; 0 = default */
  bool fail_on_new;      /* --fail-on new: only findings not in --baseline */
  const char *baseline;  /* --baseline OLD.json */
  /* From the configuration file (rc_config_apply), borrowed from it: */
  const char *config_used; /* the file read, or NULL */
  const struct rc_waiver *waivers;
  size_t n_waivers;
};

void rc_options_init(struct rc_options *o);
void rc_options_release(struct rc_options *o);

/* Fills o from argv. Returns 0, or -1 with diag entries. Strings in o point
 * into argv. */
int rc_cli_parse(struct rc_options *o, int argc, char **argv,
                 struct rc_diag *d);
void rc_cli_usage(FILE *out);
/* One command's usage and what it does (the general help for others). */
void rc_cli_command_usage(FILE *out, enum rc_command cmd);

#endif
