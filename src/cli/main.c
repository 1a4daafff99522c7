/*
 * main.c - argv -> options -> config -> rules -> one command -> exit code.
 * The commands (commands.h) do the work and return exit codes; this file
 * connects the stages and is, with diag.c, the only place that prints
 * diagnostics.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readycheck/builtin.h"
#include "readycheck/cli.h"
#include "readycheck/commands.h"
#include "readycheck/config.h"
#include "readycheck/diag.h"
#include "readycheck/glob.h"
#include "readycheck/http.h"
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

static bool exists(const char *dir, const char *name, char *out, size_t len)
{
  int n = snprintf(out, len, "%s/%s", dir, name);
  return n > 0 && (size_t)n < len && access(out, F_OK) == 0;
}

/* .readycheck.yml or .readycheck.yaml in dir: 1 found (path in out), 0 not,
 * -1 both (which one is meant cannot be guessed). */
static int config_in(const char *dir, char *out, size_t len, struct rc_diag *d)
{
  char other[4096];
  bool yml = exists(dir, RC_CONFIG_NAME, out, len);
  bool yaml = exists(dir, RC_CONFIG_NAME_ALT, other, sizeof(other));
  if (yml && yaml)
    return rc_error(d, NULL,
                    "both '%s' and '%s' exist; keep one (or use --config)", out,
                    other);
  if (yaml)
    snprintf(out, len, "%s", other);
  return yml || yaml;
}

/* Cuts the last component off an absolute path; false at "/". */
static bool parent(char *dir)
{
  char *slash = strrchr(dir, '/');
  if (!slash || (slash == dir && !dir[1]))
    return false;
  slash[slash == dir] = '\0';
  return true;
}

/* The git checkout root above dir (exclusive), into root; false if none. */
static bool checkout_above(const char *dir, char *root, size_t len)
{
  char tmp[4096];
  snprintf(root, len, "%s", dir);
  while (parent(root))
    if (exists(root, ".git", tmp, sizeof(tmp)))
      return true;
  return false;
}

/* The configuration of PATH: in PATH itself, or - inside a git checkout -
 * in the nearest ancestor up to the checkout's root. Returns 1, 0 or -1. */
static int find_config(const char *path, char *out, size_t len,
                       struct rc_diag *d)
{
  int rc = config_in(path, out, len, d);
  char dir[PATH_MAX], root[PATH_MAX], tmp[4096];
  if (rc != 0 || !realpath(path, dir) || exists(dir, ".git", tmp, sizeof(tmp)))
    return rc;
  if (!checkout_above(dir, root, sizeof(root)))
    return 0;
  while (parent(dir)) {
    rc = config_in(dir, out, len, d);
    if (rc != 0 || strcmp(dir, root) == 0)
      return rc;
  }
  return 0;
}

/* audit REPORT without PATH: the git checkout holding the report (its
 * directory's nearest ancestor with .git), else the current directory.
 * root has room for PATH_MAX bytes. */
static const char *audit_path(const char *report, char *root)
{
  char real[PATH_MAX], tmp[4096];
  if (!realpath(report, real) || !parent(real))
    return ".";
  if (exists(real, ".git", tmp, sizeof(tmp))) {
    snprintf(root, PATH_MAX, "%s", real);
    return root;
  }
  return checkout_above(real, root, PATH_MAX) ? root : ".";
}

/* For a check or an audit: --config FILE, else the configuration found for
 * PATH. */
static int load_config(struct rc_options *o, struct rc_config **cfg,
                       struct rc_diag *d)
{
  *cfg = NULL;
  if (o->config && o->no_config)
    return rc_error(d, NULL, "--config and --no-config contradict each other");
  if ((o->cmd != RC_CMD_CHECK && o->cmd != RC_CMD_AUDIT) || o->no_config)
    return 0;
  char path[4096];
  const char *file = o->config;
  if (!file) {
    int found = find_config(o->path, path, sizeof(path), d);
    if (found <= 0)
      return found;
    file = path;
  }
  if (rc_config_load(cfg, file, d) != 0)
    return -1;
  rc_config_apply(*cfg, o);
  return 0;
}

/* The configuration, then --env from it (which needs one). */
static int configure(struct rc_options *o, struct rc_config **cfg,
                     struct rc_diag *d)
{
  if (load_config(o, cfg, d) != 0)
    return -1;
  return o->cmd == RC_CMD_CHECK ? rc_config_apply_env(*cfg, o, d) : 0;
}

static int run_command(const struct rc_options *o, const struct rc_config *cfg,
                       struct rc_diag *d)
{
  const struct rc_command_def *c = rc_command_find(o->cmd);
  if (!c->needs_rules)
    return c->run(o, NULL, d);
  int status;
  if (o->cmd == RC_CMD_LIST_RULES && rc_cmd_list_catalog(o, d, &status))
    return status;
  struct rc_ruleset *rs = rc_ruleset_new();
  if (load_rules(o, rs, d) != 0 ||
      (cfg && (rc_config_check_rules(cfg, rs, d) != 0 ||
               rc_config_apply_overrides(cfg, rs, d) != 0)))
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
    rc_cli_command_usage(stdout, opts.help_cmd);
    status = RC_EXIT_READY;
  } else if (opts.cmd == RC_CMD_VERSION) {
    const char *why = NULL, *curl = rc_http_curl_version(&why);
    printf("readycheck %s (%s)\n", READYCHECK_VERSION, curl ? curl : why);
    status = RC_EXIT_READY;
  } else {
    char audit_root[PATH_MAX];
    if (opts.cmd == RC_CMD_AUDIT && !opts.path)
      opts.path = audit_path(opts.args[0], audit_root);
    struct rc_config *cfg = NULL;
    if (configure(&opts, &cfg, &diag) != 0)
      status = RC_EXIT_USAGE;
    else
      status = run_command(&opts, cfg, &diag);
    rc_config_free(cfg);
    rc_diag_print(&diag, stderr, prog);
  }
  /* libcurl and its TLS set-up are loaded by the first request only. */
  rc_http_curl_release();
  rc_diag_release(&diag);
  rc_options_release(&opts);
  rc_glob_cache_release();
  return status;
}
