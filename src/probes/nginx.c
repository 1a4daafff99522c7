/*
 * nginx.c - the `nginx` probe: reads nginx configuration as nginx does
 * (tokens, quoted strings, blocks, `include` with globs) into a tree with
 * file:line for every directive, then checks what a line regex cannot:
 * certificates of TLS servers, the add_header inheritance trap, the removed
 * `ssl on;`, server_tokens and the security headers each server sends.
 * File bytes and globs are the index's; nginx itself is never run. This
 * file holds the options, small helpers and the verdict; each step has
 * its own file (nginx_parts.h says which).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/app_headers.h"
#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

#include "nginx_parts.h"
static const char *const check_names[] = {
    "ssl-certificate", "add-header-inheritance", "ssl-on",
    "server-tokens",   "security-headers",       NULL};

static const char *const default_headers[] = {
    "Strict-Transport-Security", "X-Frame-Options", "X-Content-Type-Options",
    "Content-Security-Policy", "Referrer-Policy"};

static const char *const deploys_names[] = {"any", "evidenced", "presumed",
                                            NULL};

static const char *const proxied_names[] = {"any", "skip", "only", NULL};

/* ---- small helpers ---------------------------------------------------- */

bool nx_in_list(const char *s, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strcmp(s, list[i]) == 0)
      return true;
  return false;
}

bool nx_is_named(const struct node *n, const char *name)
{
  return strcmp(n->name, name) == 0;
}

const char *nx_arg(const struct node *n, size_t i)
{
  return i < n->nargs ? n->args[i] : "";
}

static bool covered(const struct run *r, const char *path)
{
  for (size_t i = 0; i < r->n_covered; i++)
    if (strcmp(r->covered[i], path) == 0)
      return true;
  return false;
}

void nx_cover(struct run *r, const char *path)
{
  if (covered(r, path))
    return;
  rc_grow((void **)&r->covered, &r->cap_covered, r->n_covered,
          sizeof(*r->covered));
  r->covered[r->n_covered++] = path;
}

/* "dir/" of "dir/file", "" at the root; arena string. */
const char *nx_dir_of(struct rc_arena *a, const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_arena_strndup(a, path, (size_t)(slash - path) + 1) : "";
}

int nx_perr(struct run *r, const char *file, unsigned line, const char *fmt,
            ...)
{
  if (r->err[0])
    return -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->err, sizeof(r->err), fmt, ap);
  va_end(ap);
  r->err_file = file;
  r->err_line = line;
  return -1;
}

/* ---- verdict ---------------------------------------------------------- */

static const char *const subjects[][2] = {
    {"TLS server", "TLS servers"},
    {"block with add_header", "blocks with add_header"},
    {"configuration tree", "configuration trees"},
    {"server", "servers"},
    {"TLS server", "TLS servers"},
};

static void verdict(struct run *r)
{
  struct rc_ctx *ctx = r->ctx;
  nx_note_more_servers(r);
  const char *const *what = subjects[r->cfg->check];
  if (r->n_failed)
    rc_check_set(r->out, ctx, RC_OUT_FAIL, "%zu problem%s in %zu %s; first: %s",
                 r->n_failed, r->n_failed == 1 ? "" : "s", r->n_checked,
                 what[r->n_checked != 1], r->first);
  else if (r->n_error)
    rc_check_set(r->out, ctx, RC_OUT_ERROR,
                 "%zu nginx file%s could not be parsed", r->n_error,
                 r->n_error == 1 ? "" : "s");
  else if (r->n_trees == 0 && r->n_other_scope)
    rc_check_set(r->out, ctx, RC_OUT_SKIP,
                 r->cfg->deploys == DEPLOYS_EVIDENCED
                     ? "not applicable: no deployed service mounts or copies "
                       "any of the %zu nginx configuration%s"
                     : "not applicable: a deployed service mounts or copies "
                       "%zu nginx configuration%s (judged as deployed)",
                 r->n_other_scope, r->n_other_scope == 1 ? "" : "s");
  else if (r->n_trees == 0)
    rc_check_set(r->out, ctx, RC_OUT_SKIP, "no nginx configuration selected");
  else if (r->n_checked == 0 && r->n_proxied_left)
    rc_check_set(r->out, ctx, RC_OUT_SKIP,
                 r->cfg->proxied == PROXIED_SKIP
                     ? "not applicable: %zu TLS server%s, each proxying every "
                       "request to an upstream (the application's headers "
                       "reach the browser)"
                     : "not applicable: %zu TLS server%s, each serving files "
                       "of its own",
                 r->n_proxied_left, r->n_proxied_left == 1 ? "" : "s");
  else if (r->n_checked == 0 && r->cfg->check != CHECK_SSL_ON &&
           r->cfg->check != CHECK_ADD_HEADER)
    /* nginx.conf that includes sites-enabled/, made on the host: nothing
     * to judge is not a pass */
    rc_check_set(r->out, ctx, RC_OUT_SKIP,
                 "not applicable: no %s in %zu file%s", what[1], r->n_covered,
                 r->n_covered == 1 ? "" : "s");
  else if (r->cfg->check == CHECK_SSL_ON)
    rc_check_set(r->out, ctx, RC_OUT_OK,
                 "no 'ssl' directive in %zu configuration file%s", r->n_covered,
                 r->n_covered == 1 ? "" : "s");
  else
    rc_check_set(r->out, ctx, RC_OUT_OK,
                 "%zu %s checked in %zu file%s, all fine", r->n_checked,
                 what[r->n_checked != 1], r->n_covered,
                 r->n_covered == 1 ? "" : "s");
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run r = {.cfg = vcfg, .ctx = ctx, .out = out};
  r.a = rc_arena_new();
  r.headers = r.cfg->headers;
  if (r.headers.n == 0) {
    r.headers.items = (const char **)default_headers;
    r.headers.n = sizeof(default_headers) / sizeof(*default_headers);
  }
  struct found f = {.r = &r};
  nx_select_files(&r, &f);
  r.selected = (const char *const *)f.paths;
  r.n_selected = f.n;
  for (size_t i = 0; i < f.n; i++)
    if ((i == 0 || strcmp(f.paths[i], f.paths[i - 1]) != 0) &&
        !covered(&r, f.paths[i]))
      nx_parse_root(&r, f.paths[i]);
  verdict(&r);
  free(f.paths);
  free(r.covered);
  free(r.mains);
  free(r.seen);
  rc_arena_free(r.a);
}

/* "Name" or "Name|Other": no empty alternative, no value. */
static bool valid_header_entry(const char *h)
{
  if (!*h || strchr(h, ':') || h[0] == '|' || h[strlen(h) - 1] == '|')
    return false;
  return strstr(h, "||") == NULL;
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (rc_globs_validate(&cfg->path, "path", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  for (size_t i = 0; i < cfg->headers.n; i++)
    if (!valid_header_entry(cfg->headers.items[i]))
      rc = rc_error(d, loc,
                    "'headers' entries must be header names (alternatives "
                    "separated by '|')");
  if (cfg->deploys != DEPLOYS_ANY && !cfg->deployed)
    rc = rc_error(d, loc, "'deploys' applies with 'deployed: true'");
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), 0, NULL,
     "main configuration files (paths or globs); files they include are "
     "read with them"},
    {"check", RC_FIELD_ENUM, offsetof(struct cfg, check), RC_FIELD_REQUIRED,
     check_names,
     "ssl-certificate, add-header-inheritance, ssl-on, server-tokens or "
     "security-headers"},
    {"headers", RC_FIELD_STRINGS, offsetof(struct cfg, headers), 0, NULL,
     "security header names for add-header-inheritance and "
     "security-headers; 'A|B' accepts either"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of configuration files not to read (default: test, fixture, "
     "example and vendor folders)"},
    {"deployed", RC_FIELD_BOOL, offsetof(struct cfg, deployed), 0, NULL,
     "only configurations a deployed service mounts or copies (when any "
     "is; else those outside test, example and development folders that "
     "no development or test stack mounts)"},
    {"deploys", RC_FIELD_ENUM, offsetof(struct cfg, deploys), 0, deploys_names,
     "with deployed: 'evidenced' only configurations a deployed service "
     "mounts or copies, 'presumed' only the others deployed keeps when "
     "there are none, 'any' both (default)"},
    {"proxied", RC_FIELD_ENUM, offsetof(struct cfg, proxied), 0, proxied_names,
     "security-headers: 'skip' leaves out TLS servers that proxy every "
     "request to an upstream, 'only' checks just those, 'any' all "
     "(default)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* `deployed: true` keeps only the configurations deployed services use, read
 * from the deployment model. */
static bool reads_model_for(const void *vcfg)
{
  return ((const struct cfg *)vcfg)->deployed;
}

const struct rc_probe rc_probe_nginx = {
    .name = "nginx",
    .summary = "nginx configuration, parsed with its includes: TLS "
               "certificates, add_header inheritance, removed directives",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model_for = reads_model_for,
};
