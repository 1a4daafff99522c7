/*
 * nginx_select.c - which files are nginx configuration (by their
 * directives, not only their names), which are deployed, and which are the
 * roots parsed: a main nginx.conf first, snippets included by another
 * file never on their own.
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

static const char *const default_paths[] = {
    "nginx.conf",       "**/nginx.conf",      "**/nginx/*.conf",
    "**/conf.d/*.conf", "**/sites-enabled/*", "**/templates/*.conf.template",
};

/* Configs of test setups and vendored code are not the deployment's;
 * used when a rule gives no `exclude`. */
static const char *const default_exclude[] = {
    "**/{test,tests,_integration-test,integration-test,integration-tests,e2e,"
    "fixtures,__fixtures__,testdata,examples,example,vendor}/**"};

/* Words that start nginx directives; a conf.d file without one of them
 * at the start of a line (supervisor, Apache, fail2ban) is not nginx's. */
static const char *const nginx_words[] = {"server",
                                          "http",
                                          "location",
                                          "upstream",
                                          "events",
                                          "listen",
                                          "server_name",
                                          "proxy_pass",
                                          "root",
                                          "include",
                                          "add_header",
                                          "ssl_certificate",
                                          "return",
                                          "rewrite",
                                          "map",
                                          "stream",
                                          "worker_processes",
                                          "error_page",
                                          "access_log",
                                          "fastcgi_pass",
                                          "try_files",
                                          "gzip",
                                          "client_max_body_size",
                                          "proxy_set_header",
                                          "limit_req_zone",
                                          "ssl_protocols",
                                          NULL};

/* Some line of data starts with a word (lower case and '_') followed by a
 * blank or '{' that is_directive accepts: a cheap "is this nginx syntax". */
static bool some_line_starts_with(const char *data, size_t len,
                                  bool (*is_directive)(const char *, size_t))
{
  const char *p = data, *end = data + len;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    const char *w = p;
    while (p < end && (islower((unsigned char)*p) || *p == '_'))
      p++;
    size_t n = (size_t)(p - w);
    if (n > 0 && p < end && (nx_is_space(*p) || *p == '{') &&
        is_directive(w, n))
      return true;
    while (p < end && *p != '\n')
      p++;
    p += p < end;
  }
  return false;
}

static bool known_directive(const char *w, size_t n)
{
  char word[32];
  if (n >= sizeof(word))
    return false;
  memcpy(word, w, n);
  word[n] = '\0';
  return nx_in_list(word, nginx_words);
}

/* ...or one of nginx's stock files: `types {` (mime.types), a `*_param`
 * line (fastcgi_params). */
static bool stock_directive(const char *w, size_t n)
{
  return known_directive(w, n) || (n == 5 && memcmp(w, "types", 5) == 0) ||
         (n > 6 && memcmp(w + n - 6, "_param", 6) == 0);
}

static bool looks_like_nginx(const char *data, size_t len)
{
  return some_line_starts_with(data, len, known_directive);
}

/* A file that cannot be read says so when it is parsed. */
bool nx_in_nginx_syntax(struct run *r, const char *path)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return true;
  return some_line_starts_with(data, len, stock_directive);
}

bool nx_is_main_name(const char *path)
{
  const char *base = strrchr(path, '/');
  return strcmp(base ? base + 1 : path, "nginx.conf") == 0;
}

static size_t depth_of(const char *path)
{
  size_t n = 0;
  for (; *path; path++)
    n += *path == '/';
  return n;
}

/* nginx.conf files first, shallow before deep: they include the rest. */
static int by_main_first(const void *va, const void *vb)
{
  const char *a = *(const char *const *)va, *b = *(const char *const *)vb;
  bool ma = nx_is_main_name(a), mb = nx_is_main_name(b);
  if (ma != mb)
    return ma ? -1 : 1;
  size_t da = depth_of(a), db = depth_of(b);
  if (da != db)
    return da < db ? -1 : 1;
  return strcmp(a, b);
}

static bool excluded(const struct cfg *cfg, const char *path)
{
  static const struct rc_strlist defaults = {(const char **)default_exclude,
                                             sizeof(default_exclude) /
                                                 sizeof(*default_exclude)};
  return rc_strlist_matches(cfg->exclude.n ? &cfg->exclude : &defaults, path);
}

/* Where nginx reads configuration: a folder copied or mounted to a
 * destination that says nginx (/etc/nginx/conf.d, /usr/local/openresty/
 * nginx/conf), or that puts the file under /etc (a root filesystem tree
 * copied to /). */
static bool nginx_reads(const char *dest, const char *place)
{
  return strstr(dest, "nginx") || strstr(dest, "openresty") ||
         strncmp(place, "/etc/", 5) == 0;
}

/* A configuration that reaches a deployed service only inside a folder
 * copied or mounted somewhere nginx does not read (`COPY ./backend
 * /app/backend` carrying backend/docker/nginx/default.conf along with the
 * application's source): the service holds the file, its nginx does not
 * serve it. One named by itself, or in a folder a script copies into
 * place, stays. */
static bool only_carried(const struct rc_model *m, const char *path)
{
  return m && !rc_model_user_naming(m, path) &&
         !rc_model_view_mount(m, path, false) &&
         !rc_model_copied_by(m, path, true) &&
         !rc_model_folder_lands(m, path, nginx_reads);
}

/* Whether a kept configuration belongs to the scope `deploys` asks for:
 * evidenced, the deployed ones; presumed, those nothing is known to
 * deploy (side stacks' included). */
static bool in_scope(int deploys, bool evidenced, bool side)
{
  if (deploys == DEPLOYS_ANY)
    return true;
  if (deploys == DEPLOYS_EVIDENCED)
    return evidenced && !side;
  return !evidenced || side;
}

void nx_select_files(struct run *r, struct found *f)
{
  const struct rc_strlist *p = &r->cfg->path;
  size_t n = p->n ? p->n : sizeof(default_paths) / sizeof(*default_paths);
  for (size_t i = 0; i < n; i++)
    nx_find_pattern(f, p->n ? p->items[i] : default_paths[i]);
  size_t kept = 0;
  for (size_t i = 0; i < f->n; i++)
    if (!excluded(r->cfg, f->paths[i]))
      f->paths[kept++] = f->paths[i];
  f->n = kept;
  if (r->cfg->deployed && f->n) {
    bool *keep = rc_xcalloc(f->n, sizeof(*keep));
    bool evidenced =
        rc_keep_deployed(r->ctx, (const char *const *)f->paths, f->n, keep);
    bool *side = rc_xcalloc(f->n, sizeof(*side));
    for (size_t i = 0; evidenced && i < f->n; i++) {
      keep[i] = keep[i] && !only_carried(r->ctx->model, f->paths[i]);
      /* a configuration only side stacks use is not known to serve
       * anyone: judged with those nothing deploys */
      side[i] = keep[i] && rc_model_side_stack_only(r->ctx->model, f->paths[i]);
    }
    kept = 0;
    for (size_t i = 0; i < f->n; i++)
      if (keep[i] && in_scope(r->cfg->deploys, evidenced, side[i]))
        f->paths[kept++] = f->paths[i];
      else if (keep[i] && (i == 0 || strcmp(f->paths[i], f->paths[i - 1]) != 0))
        r->n_other_scope++; /* globs find a file more than once, in a row */
    f->n = kept;
    free(side);
    free(keep);
  }
  if (f->n > 1)
    qsort(f->paths, f->n, sizeof(*f->paths), by_main_first);
}

/* The directory /etc/nginx/ stands for: conf.d/x.conf's parent. */
static const char *root_dir_of(struct run *r, const char *path)
{
  static const char *const sub[] = {
      "conf.d", "sites-enabled", "sites-available", "templates", "http.d",
      "vhosts", "vhosts.d",      "servers",         NULL};
  const char *dir = nx_dir_of(r->a, path);
  for (size_t n = strlen(dir); n > 0; n = strlen(dir)) {
    size_t start = n - 1; /* dir ends in '/': find the segment before it */
    while (start > 0 && dir[start - 1] != '/')
      start--;
    const char *name = rc_arena_strndup(r->a, dir + start, n - 1 - start);
    if (!nx_in_list(name, sub))
      break;
    dir = rc_arena_strndup(r->a, dir, start); /* conf.d/templates/ too */
  }
  return dir;
}

/* A line opening with a Jinja statement (`{% if REAL_IP_HEADER %}`): the
 * file is the source an entrypoint renders the configuration from, and
 * its branches cannot all be one nginx configuration. */
/* `{{ if .Env.X }}` ... `{{ end }}`: a Go template's control flow, which
 * decides what the rendered file holds. */
static bool go_template_action(const char *p, const char *end)
{
  static const char *const words[] = {"if",       "else",  "end",
                                      "range",    "with",  "define",
                                      "template", "block", NULL};
  if (end - p < 2 || p[0] != '{' || p[1] != '{')
    return false;
  p += 2;
  while (p < end && (*p == '-' || *p == ' '))
    p++;
  for (size_t i = 0; words[i]; i++) {
    size_t n = strlen(words[i]);
    if ((size_t)(end - p) > n && strncmp(p, words[i], n) == 0 &&
        !isalnum((unsigned char)p[n]))
      return true;
  }
  return false;
}

static bool rendered_template(const char *data, size_t len)
{
  for (const char *p = data; p && p < data + len;) {
    while (p < data + len && (*p == ' ' || *p == '\t'))
      p++;
    if (p + 1 < data + len && p[0] == '{' && p[1] == '%')
      return true;
    if (go_template_action(p, data + len))
      return true;
    const char *nl = memchr(p, '\n', (size_t)(data + len - p));
    p = nl ? nl + 1 : NULL;
  }
  return false;
}

void nx_parse_root(struct run *r, const char *path)
{
  const char *data;
  size_t len;
  r->err[0] = '\0';
  r->root_dir = root_dir_of(r, path);
  r->n_files_read = 0;
  r->depth = 0;
  if (!nx_is_main_name(path) && nx_read_file(r, path, &data, &len) == 0 &&
      !looks_like_nginx(data, len))
    return; /* a conf.d file of another program */
  if (nx_read_file(r, path, &data, &len) == 0 && nx_ini_sections(data, len))
    return; /* supervisord's `[program:nginx]` file, named for what it runs */
  if (nx_read_file(r, path, &data, &len) == 0 && rendered_template(data, len)) {
    rc_check_evidence(r->out, r->ctx, path, 0,
                      "a template rendered when the container starts "
                      "({%% ... %%} or {{ if }} blocks): not judged as a "
                      "configuration");
    return;
  }
  struct node *root = rc_arena_alloc(r->a, sizeof(*root));
  root->name = "";
  root->file = path;
  root->block = true;
  if (r->err[0] == '\0' && nx_parse_file(r, path, root, 0) == 0) {
    r->n_trees++;
    nx_analyse(r, root);
    return;
  }
  r->n_error++;
  rc_check_evidence(r->out, r->ctx, r->err_file, r->err_line,
                    "could not parse: %s", r->err);
}
