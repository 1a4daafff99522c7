/*
 * health_route.c - the `health_route` probe: every HTTP health check path a
 * deployment file points at (compose healthcheck.test, Dockerfile
 * HEALTHCHECK, Kubernetes httpGet probes) is served by the code of the same
 * service: a route string, a file route, a server config `location`, or a
 * framework's built-in endpoint. Services whose code is not in the
 * repository are not checked. Reading is the index's, YAML doc.c's.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/glob.h"
#include "readycheck/health_paths.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum {
  MAX_CHECKS = 500,         /* health checks judged per run */
  MAX_SCAN_FILES = 20000,   /* files of one service searched */
  MAX_SCAN_BYTES = 1 << 20, /* larger files are not routes */
  MAX_PATH_LEN = RC_HEALTH_PATH_MAX,
  MAX_FILES = 2000, /* deployment files read per run */
};

struct cfg {
  struct rc_strlist file;
  struct rc_strlist exclude;
  struct rc_strlist allow;
};

/* One health check found in a deployment file. */
struct hcheck {
  const char *file; /* where it is declared */
  unsigned line;
  const char *what; /* "services.api healthcheck", "Dockerfile HEALTHCHECK" */
  const char *path; /* "/healthz", no query */
  const char *dir;  /* the service's code, "" = repository root, NULL = not
                       in the repository (an image built elsewhere) */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct hcheck *hc;
  size_t n_hc, cap_hc;
  size_t n_error;
  const char *first_error;
  const char *read[MAX_FILES]; /* deployment files read, index-owned */
  size_t n_read;
};

/* ---- small helpers ------------------------------------------------------ */

static const char *str(const cJSON *node)
{
  return cJSON_IsString(node) ? node->valuestring : NULL;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
  return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
                             : NULL;
}

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static const char *dir_of(struct rc_arena *a, const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

/* dir + "/" + rel with "." and ".." resolved; NULL if it leaves the root,
 * is absolute or uses a variable. */
static const char *join(struct rc_arena *a, const char *dir, const char *rel)
{
  if (rel[0] == '/' || rel[0] == '~' || strchr(rel, '$') || strstr(rel, "://"))
    return NULL;
  struct rc_buf in, out;
  rc_buf_init(&in);
  rc_buf_init(&out);
  rc_buf_printf(&in, "%s%s%s", dir, *dir ? "/" : "", rel);
  const char *segs[128];
  size_t n = 0;
  bool escape = false;
  for (char *s = strtok(in.data, "/"); s; s = strtok(NULL, "/")) {
    if (strcmp(s, ".") == 0)
      continue;
    if (strcmp(s, "..") == 0)
      escape = escape || n == 0, n = n ? n - 1 : 0;
    else if (n < 128)
      segs[n++] = s;
  }
  for (size_t i = 0; i < n; i++)
    rc_buf_printf(&out, "%s%s", i ? "/" : "", segs[i]);
  const char *res = escape ? NULL : rc_arena_strdup(a, out.len ? out.data : "");
  rc_buf_release(&in);
  rc_buf_release(&out);
  return res;
}

/* 1-based line of the first `needle` at or after the first `hint` (or
 * anywhere), 0 if absent. */
static unsigned line_of(const char *text, const char *hint, const char *needle)
{
  const char *from = hint ? strstr(text, hint) : NULL;
  const char *at = strstr(from ? from : text, needle);
  if (!at)
    at = strstr(text, needle);
  if (!at)
    return 0;
  unsigned line = 1;
  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  return line;
}

static void add_check(struct run *r, const struct hcheck *h)
{
  if (r->n_hc >= MAX_CHECKS)
    return;
  for (size_t i = 0; i < r->n_hc; i++)
    if (strcmp(r->hc[i].file, h->file) == 0 &&
        strcmp(r->hc[i].what, h->what) == 0 &&
        strcmp(r->hc[i].path, h->path) == 0)
      return;
  rc_grow((void **)&r->hc, &r->cap_hc, r->n_hc, sizeof(*r->hc));
  r->hc[r->n_hc++] = *h;
}

static void read_error(struct run *r, const char *path, const char *err)
{
  if (!r->n_error++)
    r->first_error = rc_arena_printf(r->ctx->arena, "%s: %s", path, err);
}

struct found {
  struct run *r;
  struct hcheck proto;
  const char *text; /* the declaring file's bytes, for line numbers */
  const char *hint;
};

static void on_url(const char *path, void *arg)
{
  struct found *f = arg;
  struct hcheck h = f->proto;
  h.path = rc_arena_strdup(f->r->ctx->arena, path);
  if (f->text) {
    unsigned l = line_of(f->text, f->hint, path);
    h.line = l ? l : h.line;
  }
  add_check(f->r, &h);
}

/* ---- compose -------------------------------------------------------- */

/* The service's build context, or NULL if it has no local build. */
static const char *build_dir(struct run *r, const char *cdir, const cJSON *svc)
{
  const cJSON *b = get(svc, "build");
  const char *context = str(b);
  if (cJSON_IsObject(b))
    context = str(get(b, "context")) ? str(get(b, "context")) : ".";
  return context ? join(r->ctx->arena, cdir, context) : NULL;
}

static void test_text(const cJSON *test, struct rc_buf *out)
{
  if (str(test)) {
    rc_buf_puts(out, str(test));
    return;
  }
  const cJSON *t;
  cJSON_ArrayForEach(t, test) if (str(t))
  {
    rc_buf_puts(out, str(t));
    rc_buf_putc(out, ' ');
  }
}

static void read_compose(struct run *r, const char *path, const char *data,
                         const struct rc_docs *docs)
{
  const char *cdir = dir_of(r->ctx->arena, path);
  for (size_t d = 0; d < docs->n; d++) {
    const cJSON *svc;
    cJSON_ArrayForEach(svc, get(docs->docs[d], "services"))
    {
      const cJSON *test = get(get(svc, "healthcheck"), "test");
      const char *dir = svc->string ? build_dir(r, cdir, svc) : NULL;
      if (!test || !svc->string)
        continue;
      struct rc_buf cmd;
      rc_buf_init(&cmd);
      test_text(test, &cmd);
      char hint[160];
      snprintf(hint, sizeof(hint), "%.140s:", svc->string);
      struct found f = {
          r,
          {path, 0,
           rc_arena_printf(r->ctx->arena, "services.%s healthcheck",
                           svc->string),
           NULL, dir},
          data,
          hint};
      if (!dir) /* code not in the repository: counted, not judged */
        f.proto.dir = NULL;
      if (cmd.len)
        rc_health_cmd_paths(cmd.data, on_url, &f);
      rc_buf_release(&cmd);
    }
  }
}

/* ---- Dockerfile ------------------------------------------------------ */

static void read_dockerfile(struct run *r, const char *path, const char *data)
{
  struct rc_buf instr;
  rc_buf_init(&instr);
  unsigned lineno = 0, start = 0;
  for (const char *l = data; *l;) {
    const char *end = strchr(l, '\n');
    size_t n = end ? (size_t)(end - l) : strlen(l);
    lineno++;
    size_t lead = strspn(l, " \t");
    if (lead < n && l[lead] != '#') {
      if (!instr.len)
        start = lineno;
      size_t m = n;
      while (m && isspace((unsigned char)l[m - 1]))
        m--;
      bool cont = m && l[m - 1] == '\\';
      rc_buf_add(&instr, l, cont ? m - 1 : m);
      rc_buf_putc(&instr, ' ');
      if (!cont) {
        const char *s = instr.data + strspn(instr.data, " \t");
        if (strncasecmp(s, "HEALTHCHECK", 11) == 0 &&
            isspace((unsigned char)s[11])) {
          struct found f = {r,
                            {path, start, "Dockerfile HEALTHCHECK", NULL,
                             dir_of(r->ctx->arena, path)},
                            NULL,
                            NULL};
          rc_health_cmd_paths(s + 11, on_url, &f);
        }
        rc_buf_reset(&instr);
      }
    }
    l = end ? end + 1 : l + n;
  }
  rc_buf_release(&instr);
}

static bool is_dockerfile(const char *path)
{
  const char *b = base_name(path);
  size_t n = strlen(b);
  return strncmp(b, "Dockerfile", 10) == 0 ||
         (n > 11 && strcasecmp(b + n - 11, ".dockerfile") == 0);
}

static bool is_compose(const char *path)
{
  const char *b = base_name(path);
  return strncmp(b, "docker-compose", 14) == 0 || strncmp(b, "compose", 7) == 0;
}

/* ---- Kubernetes --------------------------------------------------------- */

/* A directory named like the image ("gcr.io/x/cartservice:v1" ->
 * ".../cartservice") that holds a Dockerfile: the code of that image. */
struct image_dir {
  const char *name;
  const char *found;
};

static int on_dockerfile(const struct rc_entry *e, void *arg)
{
  struct image_dir *d = arg;
  const char *slash = strrchr(e->path, '/');
  if (!slash)
    return 0;
  size_t dl = (size_t)(slash - e->path);
  const char *dirname = e->path;
  for (const char *p = e->path; p < slash; p++)
    if (*p == '/')
      dirname = p + 1;
  size_t nl = (size_t)(slash - dirname);
  if (nl == strlen(d->name) && strncmp(dirname, d->name, nl) == 0 &&
      (!d->found || dl < strlen(d->found)))
    d->found = e->path;
  return 0;
}

static const char *image_dir(struct run *r, const char *image)
{
  char name[128];
  const char *b = base_name(image);
  size_t n = strcspn(b, ":@");
  if (!n || n >= sizeof(name) || strchr(image, '$') || strchr(image, '{'))
    return NULL;
  memcpy(name, b, n);
  name[n] = '\0';
  struct image_dir d = {name, NULL};
  rc_index_glob(r->ctx->index, "**/Dockerfile", RC_ENTRY_FILE, on_dockerfile,
                &d);
  return d.found ? dir_of(r->ctx->arena, d.found) : NULL;
}

static const cJSON *pod_spec(const cJSON *doc)
{
  const cJSON *spec = get(doc, "spec");
  if (get(spec, "containers"))
    return spec;
  const cJSON *jt = get(get(spec, "jobTemplate"), "spec");
  return get(get(jt ? jt : spec, "template"), "spec");
}

static void read_manifest(struct run *r, const char *path, const char *data,
                          const struct rc_docs *docs)
{
  static const char *const probes[] = {"livenessProbe", "readinessProbe",
                                       "startupProbe", NULL};
  for (size_t d = 0; d < docs->n; d++) {
    const cJSON *c;
    cJSON_ArrayForEach(c, get(pod_spec(docs->docs[d]), "containers"))
    {
      const char *image = str(get(c, "image"));
      const char *dir = NULL;
      for (size_t i = 0; probes[i]; i++) {
        const char *p = str(get(get(get(c, probes[i]), "httpGet"), "path"));
        if (!p || !image || strlen(p) >= MAX_PATH_LEN)
          continue;
        if (!dir)
          dir = image_dir(r, image); /* NULL: code not in the repository */
        char hint[160];
        snprintf(hint, sizeof(hint), "%.150s", image);
        const char *name = str(get(c, "name"));
        struct hcheck h = {path, line_of(data, hint, p),
                           rc_arena_printf(r->ctx->arena, "container %s %s",
                                           name ? name : image, probes[i]),
                           rc_arena_strndup(r->ctx->arena, p, strcspn(p, "?#")),
                           dir};
        add_check(r, &h);
      }
    }
  }
}

/* ---- reading the deployment files ------------------------------------ */

static bool excluded(const struct run *r, const char *path)
{
  return rc_strlist_matches(&r->cfg->exclude, path);
}

/* A manifest that cannot hold an httpGet key adds nothing, and most YAML
 * files are no manifests: parsing them all would cost more than the rest
 * of the probe. */
static bool may_hold_probe(const char *data, size_t len)
{
  return rc_doc_may_hold(data, len, "httpGet");
}

static int on_file(const struct rc_entry *e, void *arg)
{
  struct run *r = arg;
  char err[512];
  const char *data;
  size_t len;
  if (excluded(r, e->path) || r->n_read >= MAX_FILES)
    return 0;
  for (size_t i = 0; i < r->n_read; i++)
    if (strcmp(r->read[i], e->path) == 0)
      return 0; /* matched by two globs */
  r->read[r->n_read++] = e->path;
  bool df = is_dockerfile(e->path), compose = !df && is_compose(e->path);
  if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0) {
    read_error(r, e->path, err);
    return 0;
  }
  if (rc_index_is_binary(data, len))
    return 0;
  if (df) {
    read_dockerfile(r, e->path, data);
    return 0;
  }
  if (!compose && !may_hold_probe(data, len))
    return 0;
  struct rc_docs docs;
  if (rc_docs_parse(&docs, data, len, e->path, RC_DOC_YAML, err, sizeof(err)) !=
      0) {
    if (compose) /* other YAML may be anything: only manifests count */
      read_error(r, e->path, err);
    return 0;
  }
  if (compose)
    read_compose(r, e->path, data, &docs);
  else
    read_manifest(r, e->path, data, &docs);
  rc_docs_release(&docs);
  return 0;
}

/* ---- is the path served? --------------------------------------------- */

struct want {
  const char *path; /* "/api/healthz" */
  const char *last; /* "healthz" */
  size_t last_len;
};

static bool is_source(const char *name)
{
  /* "settings.example.py" is a template the user copies, not the code the
   * image runs (a service built FROM an upstream application image). */
  if (strstr(name, ".example.") || strstr(name, ".sample.") ||
      strstr(name, ".template."))
    return false;
  static const char *const exts[] = {
      ".js",  ".mjs",   ".cjs", ".jsx",   ".ts",   ".mts", ".tsx", ".py",
      ".go",  ".java",  ".kt",  ".rb",    ".rs",   ".cs",  ".php", ".ex",
      ".exs", ".scala", ".clj", ".swift", ".dart", ".cpp", ".c",   NULL};
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

/* Server and framework configuration that can serve a path itself. */
static bool is_server_config(const char *name)
{
  return strstr(name, ".conf") || strncmp(name, "Caddyfile", 9) == 0 ||
         strcmp(name, "haproxy.cfg") == 0 ||
         strncmp(name, "application", 11) == 0 ||
         strncmp(name, "bootstrap", 9) == 0;
}

/* Dependencies, build output, tests: not the service's routes. */
static bool skipped_path(const char *path)
{
  static const char *const dirs[] = {
      "node_modules", "vendor", "dist",  "build",         "target",
      ".next",        "test",   "tests", "__tests__",     "spec",
      "e2e",          "venv",   ".venv", "site-packages", NULL};
  for (size_t i = 0; dirs[i]; i++) {
    size_t n = strlen(dirs[i]);
    for (const char *p = path; (p = strstr(p, dirs[i])) != NULL; p += n)
      if ((p == path || p[-1] == '/') && p[n] == '/')
        return true;
  }
  const char *b = base_name(path);
  return strstr(b, ".test.") || strstr(b, ".spec.") ||
         strncmp(b, "test_", 5) == 0 || strstr(b, "_test.");
}

static bool route_keyword(const char *line, size_t n)
{
  static const char *const words[] = {"Mapping", "route",  "Route", ".get",
                                      ".Get",    "Handle", "path(", "@Path",
                                      "GET",     "get(",   "Map",   NULL};
  for (size_t i = 0; words[i]; i++) {
    size_t wl = strlen(words[i]);
    for (size_t j = 0; j + wl <= n; j++)
      if (memcmp(line + j, words[i], wl) == 0)
        return true;
  }
  return false;
}

static bool is_quote(char c)
{
  return c == '"' || c == '\'' || c == '`';
}

/* Is the occurrence of the last segment at `at` a route string: a quoted
 * "/x/last" (opening quote, '/', no blanks), or a bare "last" on a line
 * that declares routes (Spring's @GetMapping("health"))? */
static bool route_at(const char *text, const char *at, const struct want *w)
{
  const char *end = at + w->last_len;
  if (*end == '/')
    end++;
  if (!is_quote(*end) || at == text)
    return false;
  char q = *end;
  const char *ls = at;
  while (ls > text && ls[-1] != '\n')
    ls--;
  if (at[-1] == q) { /* "health" */
    const char *le = strchr(end, '\n');
    return route_keyword(ls, le ? (size_t)(le - ls) : strlen(ls));
  }
  if (at[-1] != '/')
    return false;
  const char *open = at - 1;
  while (open > ls && open[-1] != q) {
    if (isspace((unsigned char)open[-1]))
      return false;
    open--;
  }
  if (open <= ls)
    return false;
  if (open[0] == '/')
    return true;
  /* Laravel and Django write routes without the leading slash
   * (`Route::get('api/service/health')`): the whole path, on a route line */
  size_t n = (size_t)(at + w->last_len - open);
  const char *le = strchr(end, '\n');
  return strlen(w->path) == n + 1 && strncmp(w->path + 1, open, n) == 0 &&
         route_keyword(ls, le ? (size_t)(le - ls) : strlen(ls));
}

static bool text_serves(const char *text, size_t len, const struct want *w,
                        bool config)
{
  (void)len;
  if (config) /* nginx `location /health`, Spring base paths */
    return strstr(text, w->path) != NULL;
  for (const char *p = text; (p = strstr(p, w->last)) != NULL; p++)
    if (route_at(text, p, w))
      return true;
  return false;
}

/* A file route: Next.js app/.../last/route.ts, pages/.../last.ts or
 * pages/.../last/index.ts, SvelteKit routes/.../last/+server.ts, or a
 * static file named like the path. */
static bool file_route(const char *path, const struct want *w)
{
  const char *b = base_name(path);
  size_t bl = strcspn(b, ".");
  bool named = bl == w->last_len && strncmp(b, w->last, bl) == 0;
  if (strcmp(b, w->last) == 0 && strchr(w->last, '.'))
    return true; /* /health.html served as a static file */
  if (named && (strstr(path, "pages/") || strstr(path, "routes/")) &&
      is_source(b))
    return true;
  if (strncmp(b, "route.", 6) != 0 && strncmp(b, "+server.", 8) != 0 &&
      strncmp(b, "index.", 6) != 0)
    return false;
  if (b[0] == 'i' && !strstr(path, "pages/"))
    return false;
  const char *dir_end = b - 1;
  const char *dir = dir_end;
  while (dir > path && dir[-1] != '/')
    dir--;
  return dir_end > dir && (size_t)(dir_end - dir) == w->last_len &&
         strncmp(dir, w->last, w->last_len) == 0;
}

struct scan {
  struct run *r;
  const struct want *w;
  const struct hcheck *h;
  size_t n_files, n_source;
  bool served;
  bool actuator;
  const char *where; /* what served it, for the OK message */
};

static bool declares(const struct run *r, const char *path)
{
  for (size_t i = 0; i < r->n_hc; i++)
    if (strcmp(r->hc[i].file, path) == 0)
      return true;
  return false;
}

static int on_code(const struct rc_entry *e, void *arg)
{
  struct scan *s = arg;
  if (s->n_files++ >= MAX_SCAN_FILES)
    return 1;
  if (skipped_path(e->path))
    return 0;
  if (file_route(e->path, s->w)) {
    s->served = true;
    s->where = e->path;
    return 1;
  }
  const char *b = base_name(e->path);
  bool source = is_source(b);
  bool config = !source && is_server_config(b) && !declares(s->r, e->path);
  bool manifest =
      strcmp(b, "pom.xml") == 0 || strncmp(b, "build.gradle", 12) == 0;
  if ((!source && !config && !manifest) || e->size > MAX_SCAN_BYTES)
    return 0;
  s->n_source += source;
  const char *data;
  size_t len;
  char err[256];
  if (rc_index_read(s->r->ctx->index, e, &data, &len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, len))
    return 0;
  if (manifest) {
    /* the config server starter brings the actuator with it */
    s->actuator = s->actuator || strstr(data, "spring-boot-starter-actuator") ||
                  strstr(data, "spring-cloud-config-server");
    return 0;
  }
  if (text_serves(data, len, s->w, config)) {
    s->served = true;
    s->where = e->path;
    return 1;
  }
  return 0;
}

/* Paths servers and libraries answer themselves. */
static bool builtin_path(const struct run *r, const char *path)
{
  if (strcmp(path, "/") == 0 || strcmp(path, "/metrics") == 0)
    return true;
  for (size_t i = 0; i < r->cfg->allow.n; i++)
    if (rc_glob_match(r->cfg->allow.items[i], path + 1) ||
        strcmp(r->cfg->allow.items[i], path) == 0)
      return true;
  return false;
}

enum verdict {
  SERVED,
  MISSING,
  NO_CODE,  /* no source in the directory: a built third-party server */
  TOO_MANY, /* the search stopped at MAX_SCAN_FILES: cannot tell */
};

static enum verdict served(struct run *r, const struct hcheck *h)
{
  char path[MAX_PATH_LEN];
  snprintf(path, sizeof(path), "%s", h->path);
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/')
    path[--n] = '\0';
  if (builtin_path(r, path) || strchr(path, '$') || strchr(path, '{'))
    return SERVED;
  const char *last = strrchr(path, '/') + 1;
  struct want w = {path, last, strlen(last)};
  struct scan s = {r, &w, h, 0, 0, false, false, NULL};
  const char *glob =
      *h->dir ? rc_arena_printf(r->ctx->arena, "%s/**", h->dir) : "**";
  rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, on_code, &s);
  if (s.served || (s.actuator && strncmp(path, "/actuator/", 10) == 0))
    return SERVED;
  if (s.n_files > MAX_SCAN_FILES)
    return TOO_MANY;
  return s.n_source ? MISSING : NO_CODE;
}

/* ---- the check -------------------------------------------------------- */

static void read_files(struct run *r)
{
  for (size_t i = 0; i < r->cfg->file.n; i++)
    rc_index_glob(r->ctx->index, r->cfg->file.items[i], RC_ENTRY_FILE, on_file,
                  r);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run *r = rc_xcalloc(1, sizeof(*r));
  r->cfg = vcfg;
  r->ctx = ctx;
  read_files(r);
  size_t failed = 0, ok = 0, external = 0;
  const char *first = NULL;
  for (size_t i = 0; i < r->n_hc; i++) {
    const struct hcheck *h = &r->hc[i];
    enum verdict v = h->dir ? served(r, h) : NO_CODE;
    ok += v == SERVED;
    external += v == NO_CODE;
    if (v == TOO_MANY)
      read_error(r, *h->dir ? h->dir : ".",
                 "too many files to search for routes");
    if (v != MISSING)
      continue;
    const char *msg = rc_arena_printf(
        ctx->arena, "%s: %s GET %s — no route '%s' found in %s", h->file,
        h->what, h->path, h->path, *h->dir ? h->dir : ".");
    if (!failed++)
      first = msg;
    rc_check_evidence(out, ctx, h->file, h->line, "%s", msg);
  }
  if (failed)
    rc_check_set(
        out, ctx, RC_OUT_FAIL, "%s%s", first,
        failed > 1 ? rc_arena_printf(ctx->arena, " (and %zu more)", failed - 1)
                   : "");
  else if (r->n_error)
    rc_check_set(out, ctx, RC_OUT_ERROR, "cannot read %s", r->first_error);
  else if (ok)
    rc_check_set(out, ctx, RC_OUT_OK,
                 "%zu health check path%s served by the service's code", ok,
                 ok == 1 ? "" : "s");
  else if (external)
    rc_check_set(out, ctx, RC_OUT_OK,
                 "%zu health check path%s, none on a service whose code is "
                 "in the repository",
                 external, external == 1 ? "" : "s");
  else
    rc_check_set(out, ctx, RC_OUT_SKIP, "no HTTP health check path found");
  free(r->hc);
  free(r);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *c = vcfg;
  int rc = 0;
  if (rc_globs_validate(&c->file, "file", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&c->exclude, "exclude", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&c->allow, "allow", loc, d) != 0)
    rc = -1;
  return rc;
}

static const struct rc_field fields[] = {
    {"file", RC_FIELD_STRINGS, offsetof(struct cfg, file), RC_FIELD_REQUIRED,
     NULL,
     "compose files, Dockerfiles and Kubernetes manifests (globs) to read "
     "health checks from"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of files not to read (Helm templates, CI files)"},
    {"allow", RC_FIELD_STRINGS, offsetof(struct cfg, allow), 0, NULL,
     "paths served without a route in the code (\"/status\", \"q/health*\")"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_health_route = {
    .name = "health_route",
    .summary = "health check paths of compose, Dockerfile and Kubernetes "
               "probes are served by the service's code",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
};
