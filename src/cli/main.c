/*
 * main.c - argv -> options -> config -> rules -> one command -> exit code.
 * The commands (commands.h) do the work and return exit codes; this file
 * connects the stages and is, with diag.c, the only place that prints
 * diagnostics.
 */
#include <stdio.h>
#include <unistd.h>

#include <curl/curl.h>

#include "readycheck/builtin.h"
#include "readycheck/cli.h"
#include "readycheck/commands.h"
#include "readycheck/config.h"
#include "readycheck/diag.h"
#include "readycheck/load.h"
#include "readycheck/rule.h"
#include "readycheck/version.h"

static const char *const prog = "readycheck";

static int check_pack_names(const struct rc_options *o, struct rc_diag *d)
{
  const char *names[64];
  size_t n = 0;
  for (size_t i = 0; i < rc_builtin_pack_count && n < 63; i++)
    names[n++] = rc_builtin_packs[i].name;
  names[n] = NULL;
  int rc = 0;
  for (size_t i = 0; i < o->n_packs; i++) {
    if (rc_builtin_find(o->packs[i]))
      continue;
    const char *hint = rc_did_you_mean(o->packs[i], names);
    if (hint)
      rc = rc_error(d, NULL, "unknown pack '%s' (did you mean '%s'?)",
                    o->packs[i], hint);
    else
      rc = rc_error(d, NULL, "unknown pack '%s' (see 'readycheck list-rules')",
                    o->packs[i]);
  }
  return rc;
}

/* Built-in packs form layer 0; --rules files form layer 1 and override
 * built-in rules with the same id. */
static int load_rules(const struct rc_options *o, struct rc_ruleset *rs,
                      struct rc_diag *d)
{
  if (!o->no_builtin) {
    if (check_pack_names(o, d) != 0)
      return -1;
    for (size_t i = 0; i < rc_builtin_pack_count; i++) {
      const struct rc_builtin_pack *p = &rc_builtin_packs[i];
      if (rc_cmd_pack_wanted(o, p->name))
        rc_load_buffer(rs, p->file, p->text, p->len, d);
    }
  }
  rc_ruleset_next_layer(rs);
  for (size_t i = 0; i < o->n_rule_paths; i++)
    rc_load_path(rs, o->rule_paths[i], d);
  return rc_diag_has_errors(d) ? -1 : 0;
}

/* For a check: --config FILE, else PATH/.readycheck.yml when present. */
static int load_config(struct rc_options *o, struct rc_config **cfg,
                       struct rc_diag *d)
{
  *cfg = NULL;
  if (o->cmd != RC_CMD_CHECK || o->no_config)
    return 0;
  char path[4096];
  const char *file = o->config;
  if (!file) {
    snprintf(path, sizeof(path), "%s/%s", o->path, RC_CONFIG_NAME);
    if (access(path, F_OK) != 0)
      return 0;
    file = path;
  }
  if (rc_config_load(cfg, file, d) != 0)
    return -1;
  rc_config_apply(*cfg, o);
  return 0;
}

static int run_command(const struct rc_options *o, const struct rc_config *cfg,
                       struct rc_diag *d)
{
  const struct rc_command_def *c = rc_command_find(o->cmd);
  if (!c->needs_rules)
    return c->run(o, NULL, d);
  struct rc_ruleset *rs = rc_ruleset_new();
  int status;
  if (load_rules(o, rs, d) != 0 ||
      (cfg && rc_config_check_rules(cfg, rs, d) != 0))
    status = RC_EXIT_USAGE;
  else
    status = c->run(o, rs, d);
  rc_ruleset_free(rs);
  return status;
}

int main(int argc, char **argv)
{
  struct rc_options opts;
  struct rc_diag diag;
  rc_options_init(&opts);
  rc_diag_init(&diag);
  int status;
  if (rc_cli_parse(&opts, argc, argv, &diag) != 0) {
    rc_diag_print(&diag, stderr, prog);
    fprintf(stderr, "Try 'readycheck --help' for more information.\n");
    status = RC_EXIT_USAGE;
  } else if (opts.cmd == RC_CMD_HELP) {
    rc_cli_usage(stdout);
    status = RC_EXIT_READY;
  } else if (opts.cmd == RC_CMD_VERSION) {
    printf("readycheck %s (%s)\n", READYCHECK_VERSION, curl_version());
    status = RC_EXIT_READY;
  } else {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct rc_config *cfg = NULL;
    if (load_config(&opts, &cfg, &diag) != 0)
      status = RC_EXIT_USAGE;
    else
      status = run_command(&opts, cfg, &diag);
    rc_config_free(cfg);
    rc_diag_print(&diag, stderr, prog);
    curl_global_cleanup();
  }
  rc_diag_release(&diag);
  rc_options_release(&opts);
  return status;
}
