/*
 * health_route.c - the `health_route` probe: every HTTP health check path a
 * deployed service is checked on (its compose healthcheck.test, the
 * HEALTHCHECK of the image stage it runs, the httpGet probes of a production
 * Kubernetes container) is served by the server that service runs: the
 * JavaScript/TypeScript files its entry points reach (model.h's
 * reachability), else the service's folder. A route string, a file route, a
 * server config `location`, a framework's built-in endpoint or a router
 * middleware that answers the path count. Only what the deployment model
 * calls production is judged; services whose code is not in the repository
 * (an upstream image) are counted, not judged.
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
#include "readycheck/k8s.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/spring.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum {
  MAX_CHECKS = 500,         /* health checks judged per run */
  MAX_SCAN_FILES = 20000,   /* files of one service searched */
  MAX_SCAN_BYTES = 1 << 20, /* larger files are not routes */
  MAX_PATH_LEN = RC_HEALTH_PATH_MAX,
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
  const struct rc_service *svc; /* the deployed service, NULL if unknown */
  const char *unknown; /* why the code it runs cannot be told, or NULL */
};

/* A path searched for in the whole repository, and what served it. */
struct elsewhere {
  const char *path;
  const char *where; /* NULL: nothing */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct hcheck *hc;
  size_t n_hc, cap_hc;
  size_t n_error;
  const char *first_error;
  struct elsewhere *seen; /* see found_elsewhere() */
  size_t n_seen, cap_seen;
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
    r->first_error =
        rc_arena_printf(r->ctx->arena, "cannot read %s: %s", path, err);
}

/* ---- Kubernetes --------------------------------------------------------- */

/* A directory named like the image ("gcr.io/x/cartservice:v1" ->
 * ".../cartservice") that holds a Dockerfile: the code of that image when
 * nothing in the repository tags it. */
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

/* An image or build path written with a variable or template. */
static bool computed(const char *text)
{
  return text && (strchr(text, '$') || strstr(text, "{{"));
}

/* Why a compose service that builds here has no code the model can tell:
 * its build context is computed (`build: ${APP_DIR}`). NULL otherwise. */
static const char *build_unknown(struct run *r, const struct rc_service *s)
{
  if (s->dir || !s->compose)
    return NULL;
  const cJSON *b = rc_compose_get(s->compose, "build", NULL);
  const char *ctx = cJSON_IsString(b) ? b->valuestring : str(get(b, "context"));
  return computed(ctx)
             ? rc_arena_printf(r->ctx->arena,
                               "its build context '%s' is computed", ctx)
             : NULL;
}

/* The service the model made of the image a container runs, or NULL. */
static const struct rc_service *service_of_image(const struct rc_model *m,
                                                 const struct rc_image *im)
{
  for (size_t i = 0; im && i < m->n_services; i++)
    if (m->services[i].built == im)
      return &m->services[i];
  return NULL;
}

static void container_checks(struct run *r, const struct rc_k8s_workload *w,
                             const cJSON *c)
{
  static const char *const probes[] = {"livenessProbe", "readinessProbe",
                                       "startupProbe", NULL};
  const char *image = rc_k8s_container_image(r->ctx->arena, w, c);
  const char *name = str(get(c, "name"));
  const struct rc_service *svc = NULL;
  const char *dir = NULL;
  bool resolved = false;
  for (size_t i = 0; probes[i]; i++) {
    struct rc_where at = {0};
    const cJSON *pr = rc_k8s_container_get(w, c, probes[i], &at);
    const char *p = str(get(get(pr, "httpGet"), "path"));
    if (!p || !image || strlen(p) >= MAX_PATH_LEN)
      continue;
    if (!resolved) {
      const struct rc_image *im = rc_model_image_named(r->ctx->model, image);
      svc = service_of_image(r->ctx->model, im);
      dir = svc ? svc->dir : im ? im->context : NULL;
      if (!dir && !im)
        dir = image_dir(r, image); /* NULL: code not in the repository */
      for (size_t k = 0; !svc && dir && k < r->ctx->model->n_services; k++)
        if (r->ctx->model->services[k].dir &&
            strcmp(r->ctx->model->services[k].dir, dir) == 0)
          svc = &r->ctx->model->services[k];
      resolved = true;
    }
    struct hcheck h = {at.path ? at.path : w->at.path,
                       at.path ? at.line : w->at.line,
                       rc_arena_printf(r->ctx->arena, "container %s %s",
                                       name ? name : image, probes[i]),
                       rc_arena_strndup(r->ctx->arena, p, strcspn(p, "?#")),
                       dir,
                       svc,
                       computed(image) && !dir
                           ? rc_arena_printf(r->ctx->arena,
                                             "its image '%s' is computed",
                                             image)
                           : NULL};
    add_check(r, &h);
  }
}

/* ---- the deployment's health checks ----------------------------------- */

static bool excluded(const struct run *r, const char *path)
{
  return !path || rc_strlist_matches(&r->cfg->exclude, path) ||
         !rc_strlist_matches(&r->cfg->file, path);
}

static void read_checks(struct run *r)
{
  const struct rc_model *m = r->ctx->model;
  struct rc_health_path *hp = NULL;
  size_t n = rc_health_checks(m, r->ctx->arena, &hp);
  for (size_t i = 0; i < n; i++) {
    if (excluded(r, hp[i].at.path))
      continue;
    struct hcheck h = {hp[i].at.path,
                       hp[i].at.line,
                       hp[i].what,
                       hp[i].path,
                       hp[i].svc->dir,
                       hp[i].svc,
                       build_unknown(r, hp[i].svc)};
    add_check(r, &h);
  }
  /* a production compose file that is not YAML may hide a health check */
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    if (f->error && f->role == RC_ROLE_PRODUCTION && !excluded(r, f->path))
      read_error(r, f->path, f->error);
  }
  const struct rc_k8s *k = &m->k8s;
  for (size_t i = 0; i < k->n_workloads; i++) {
    const struct rc_k8s_workload *w = &k->workloads[i];
    if (w->role != RC_ROLE_PRODUCTION || excluded(r, w->at.path))
      continue;
    const cJSON *c;
    cJSON_ArrayForEach(c, get(rc_k8s_pod_spec(w->obj, w->kind), "containers")) {
      container_checks(r, w, c);
    }
  }
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
  /* pytest's conftest.py and a Django app's tests.py are test harness: an
   * image repository whose only Python is its smoke test has no code of
   * its own that could serve a route */
  const char *b = base_name(path);
  return strstr(b, ".test.") || strstr(b, ".spec.") ||
         strncmp(b, "test_", 5) == 0 || strstr(b, "_test.") ||
         strcmp(b, "conftest.py") == 0 || strcmp(b, "tests.py") == 0;
}

static bool route_keyword(const char *line, size_t n)
{
  /* `get "up" => "rails/health#show"`: Rails routes name the path bare;
   * NestJS mounts a controller on it (`@Controller("health")`, whose
   * `@Get()` answers the path itself) */
  static const char *const words[] = {
      "Mapping", "route",        "Route",   ".get", ".Get", "Handle",
      "path(",   "@Path",        "GET",     "get(", "Map",  "get \"",
      "get '",   "@Controller(", "HttpGet", NULL};
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

/* The line before the one starting at ls opens a route call whose first
 * argument is on the next line, as formatters split them (`path(` then
 * `"health/",`). */
static bool opened_above(const char *text, const char *ls)
{
  if (ls == text)
    return false;
  const char *e = ls - 1; /* the '\n' ending the line above */
  while (e > text && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
    e--;
  if (e == text || e[-1] != '(')
    return false;
  const char *s = e;
  while (s > text && s[-1] != '\n')
    s--;
  return route_keyword(s, (size_t)(e - s));
}

/* A segment of a route template that stands for any one segment:
 * `{hostname}`, `:id`, `<int:pk>`. */
static bool template_param(const char *seg, size_t n)
{
  return n > 1 && ((seg[0] == '{' && seg[n - 1] == '}') || seg[0] == ':' ||
                   (seg[0] == '<' && seg[n - 1] == '>'));
}

/* A route template written relative to its controller
 * (`[HttpGet("{hostname}/icon.png")]`) matches the path segment by
 * segment, a parameter standing for any one. Only templates with a
 * parameter: a plain relative path is the whole-path check's. */
static bool template_matches(const char *tpl, size_t tn, const char *path)
{
  const char *p = path + (*path == '/');
  bool param = false;
  while (tn && *p) {
    size_t sn = 0, pn = strcspn(p, "/");
    while (sn < tn && tpl[sn] != '/')
      sn++;
    if (template_param(tpl, sn))
      param = true;
    else if (sn != pn || strncmp(tpl, p, sn) != 0)
      return false;
    tpl += sn, tn -= sn, p += pn;
    if (tn && *tpl == '/')
      tpl++, tn--;
    if (*p == '/')
      p++;
  }
  return param && !tn && !*p;
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
    return route_keyword(ls, le ? (size_t)(le - ls) : strlen(ls)) ||
           opened_above(text, ls);
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
  /* ASP.NET's application-root route (`[HttpGet("~/alive")]`) */
  if (open[0] == '/' || (open[0] == '~' && open[1] == '/'))
    return true;
  const char *le0 = strchr(end, '\n');
  if (template_matches(open, (size_t)(at + w->last_len - open), w->path) &&
      route_keyword(ls, le0 ? (size_t)(le0 - ls) : strlen(ls)))
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

/* Router middleware that answers a path no route names: go-pkgz/rest's
 * Ping (`router.Use(rest.Ping)`) answers /ping, fastify-healthcheck
 * /health, @fastify/under-pressure's exposeStatusRoute /status. chi's
 * middleware.Heartbeat("/ping") writes its path, found as a route string. */
static bool middleware_serves(const char *text, const char *path)
{
  static const struct {
    const char *package, *use, *path;
  } mw[] = {
      {"go-pkgz/rest", ".Ping", "/ping"},
      {"fastify-healthcheck", "fastify-healthcheck", "/health"},
      {"@fastify/under-pressure", "exposeStatusRoute", "/status"},
  };
  for (size_t i = 0; i < sizeof(mw) / sizeof(mw[0]); i++) {
    if (strcmp(path, mw[i].path) != 0 || !strstr(text, mw[i].package))
      continue;
    size_t ul = strlen(mw[i].use);
    for (const char *p = text; (p = strstr(p, mw[i].use)) != NULL; p += ul)
      /* passed as a handler (`Use(rest.Ping)`), not called (`db.Ping()`) */
      if (!isalnum((unsigned char)p[ul]) && p[ul] != '(' && p[ul] != '_')
        return true;
  }
  /* switched on by a call: Duende IdentityServer's
   * app.UseIdentityServer() answers the OpenID discovery document */
  static const struct {
    const char *call, *path;
  } calls[] = {
      {".UseIdentityServer(", "/.well-known/openid-configuration"},
  };
  for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
    if (strcmp(path, calls[i].path) == 0 && strstr(text, calls[i].call))
      return true;
  return false;
}

struct scan {
  struct run *r;
  const struct want *w;
  const struct rc_service *svc; /* JS files it does not reach are skipped */
  size_t n_files, n_source, n_unreached;
  bool served;
  bool actuator;
  const char *where;   /* what served it */
  const char *skipped; /* a JS file its route is in that nothing reaches */
};

static bool declares(const struct run *r, const char *path)
{
  for (size_t i = 0; i < r->n_hc; i++)
    if (strcmp(r->hc[i].file, path) == 0)
      return true;
  return false;
}

/* JavaScript/TypeScript: the languages the model follows imports of. */
static bool is_js(const char *name)
{
  static const char *const exts[] = {".js",  ".mjs", ".cjs", ".jsx", ".ts",
                                     ".mts", ".cts", ".tsx", NULL};
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

/* Python: the model follows its imports too (pyreach.c). */
static bool is_py(const char *name)
{
  const char *dot = strrchr(name, '.');
  return dot && strcmp(dot, ".py") == 0;
}

/* Go: the packages its main packages import (goreach.c). */
static bool is_go(const char *name)
{
  const char *dot = strrchr(name, '.');
  return dot && strcmp(dot, ".go") == 0;
}

static bool file_serves(struct scan *s, const struct rc_entry *e, bool source,
                        bool config)
{
  const char *data;
  size_t len;
  char err[256];
  if (rc_index_read(s->r->ctx->index, e, &data, &len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, len))
    return false;
  if (!source && !config) {
    /* the config server starter brings the actuator with it */
    s->actuator = s->actuator || strstr(data, "spring-boot-starter-actuator") ||
                  strstr(data, "spring-cloud-config-server");
    return false;
  }
  return text_serves(data, len, s->w, config) ||
         (source && middleware_serves(data, s->w->path));
}

static int on_code(const struct rc_entry *e, void *arg)
{
  struct scan *s = arg;
  if (s->n_files++ >= MAX_SCAN_FILES)
    return 1;
  if (skipped_path(e->path))
    return 0;
  const char *b = base_name(e->path);
  /* JavaScript, Python or Go the service's entry points do not reach is
   * not what runs */
  bool unreached = s->svc &&
                   ((s->svc->reach == RC_REACH_ENTRIES && is_js(b)) ||
                    (s->svc->py_reach == RC_REACH_ENTRIES && is_py(b)) ||
                    (s->svc->go_reach == RC_REACH_ENTRIES && is_go(b))) &&
                   !rc_model_reached_by(s->r->ctx->model, e->path);
  if (file_route(e->path, s->w) && !unreached) {
    s->served = true;
    s->where = e->path;
    return 1;
  }
  bool source = is_source(b);
  bool config = !source && is_server_config(b) && !declares(s->r, e->path);
  bool manifest =
      strcmp(b, "pom.xml") == 0 || strncmp(b, "build.gradle", 12) == 0;
  if ((!source && !config && !manifest) ||
      rc_entry_size(s->r->ctx->index, e) > MAX_SCAN_BYTES)
    return 0;
  if (unreached) {
    s->n_unreached++;
    if (!s->skipped && file_serves(s, e, source, config))
      s->skipped = e->path;
    return 0;
  }
  s->n_source += source;
  if (file_serves(s, e, source, config)) {
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

struct judged {
  enum verdict v;
  struct scan s;
  struct want w;
  char path[MAX_PATH_LEN];
};

static bool scan_files(struct run *r, const char *dir, struct scan *s)
{
  const char *glob = *dir ? rc_arena_printf(r->ctx->arena, "%s/**", dir) : "**";
  rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, on_code, s);
  return s->served;
}

/* Files the service reaches outside its folder (workspace packages). */
static void scan_reached_elsewhere(struct run *r, struct scan *s,
                                   const char *dir)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; i < m->n_reached && !s->served; i++) {
    if (m->reached[i].service != s->svc ||
        rc_path_within(m->reached[i].path, dir))
      continue;
    const struct rc_entry *e = rc_index_find(r->ctx->index, m->reached[i].path);
    if (e)
      on_code(e, s);
  }
}

/* Spring Boot's actuator answers under its base path (spring.h):
 * /actuator/health by default, /api/actuator/health under a context path,
 * /manage/health when management.endpoints.web.base-path says /manage. */
static bool actuator_path(struct run *r, const char *dir, const char *path)
{
  if (strncmp(path, "/actuator/", 10) == 0)
    return true;
  const char *base =
      rc_spring_actuator_base(r->ctx->index, r->ctx->arena, dir ? dir : "");
  size_t n = strlen(base);
  return n > 1 && strncmp(path, base, n) == 0 && path[n] == '/';
}

static void served(struct run *r, const struct hcheck *h, struct judged *j)
{
  snprintf(j->path, sizeof(j->path), "%s", h->path);
  size_t n = strlen(j->path);
  while (n > 1 && j->path[n - 1] == '/')
    j->path[--n] = '\0';
  j->v = SERVED;
  if (builtin_path(r, j->path) || strchr(j->path, '$') || strchr(j->path, '{'))
    return;
  const char *last = strrchr(j->path, '/') + 1;
  j->w = (struct want){j->path, last, strlen(last)};
  j->s = (struct scan){.r = r, .w = &j->w, .svc = h->svc};
  scan_files(r, h->dir, &j->s);
  if (!j->s.served && h->svc &&
      (h->svc->reach == RC_REACH_ENTRIES ||
       h->svc->py_reach == RC_REACH_ENTRIES ||
       h->svc->go_reach == RC_REACH_ENTRIES))
    scan_reached_elsewhere(r, &j->s, h->dir);
  if (j->s.served || (j->s.actuator && actuator_path(r, h->dir, j->path)))
    return;
  if (j->s.n_files > MAX_SCAN_FILES)
    j->v = TOO_MANY;
  else
    j->v = j->s.n_source || j->s.n_unreached ? MISSING : NO_CODE;
}

/* ---- the message ------------------------------------------------------ */

/* The deployed service whose code holds path: the one reaching it, else
 * the one with the deepest folder holding it. */
static const struct rc_service *owner_of(const struct rc_model *m,
                                         const char *path)
{
  const struct rc_service *by = rc_model_reached_by(m, path);
  if (by)
    return by;
  const struct rc_service *best = NULL;
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->dir && rc_path_within(path, s->dir) &&
        (!best || strlen(s->dir) > strlen(best->dir)))
      best = s;
  }
  return best;
}

/* Where else the path is served, for the message: "; '/x' is served by
 * services/web/app.js, the code of service 'web'", or "". */
static const char *found_elsewhere(struct run *r, const struct hcheck *h,
                                   struct judged *j)
{
  struct rc_arena *a = r->ctx->arena;
  const char *where = j->s.skipped;
  /* The search of the whole repository depends on the path alone: many
   * services missing the same /health ask it once. */
  size_t k = 0;
  while (!where && k < r->n_seen && strcmp(r->seen[k].path, j->path) != 0)
    k++;
  if (!where && k < r->n_seen) {
    where = r->seen[k].where;
  } else if (!where) {
    struct scan all = {.r = r, .w = &j->w};
    if (scan_files(r, "", &all))
      where = all.where;
    rc_grow((void **)&r->seen, &r->cap_seen, r->n_seen, sizeof(*r->seen));
    r->seen[r->n_seen++] =
        (struct elsewhere){rc_arena_strdup(a, j->path), where};
  }
  if (!where)
    return "; no code in the repository serves it";
  const struct rc_service *o = owner_of(r->ctx->model, where);
  if (o && o != h->svc &&
      (!h->svc || !o->dir || !h->svc->dir || strcmp(o->dir, h->svc->dir) != 0))
    return rc_arena_printf(a,
                           "; '%s' is served by %s, the code of service "
                           "'%s', not of this one",
                           j->path, where, o->name);
  if (rc_path_within(where, h->dir))
    return rc_arena_printf(a,
                           "; '%s' is only in %s, which nothing the service "
                           "runs reaches",
                           j->path, where);
  return rc_arena_printf(a,
                         "; '%s' is only in %s, which no deployed service "
                         "runs",
                         j->path, where);
}

/* What the search looked at: "the 12 files its entry points reach" or
 * "its folder services/api". */
static const char *searched(struct run *r, const struct hcheck *h)
{
  struct rc_arena *a = r->ctx->arena;
  const char *dir = *h->dir ? h->dir : ".";
  if (h->svc && h->svc->reach == RC_REACH_ENTRIES)
    return rc_arena_printf(a, "the %zu file%s its entry points reach in %s",
                           h->svc->n_reached, h->svc->n_reached == 1 ? "" : "s",
                           dir);
  if (h->svc && h->svc->py_reach == RC_REACH_ENTRIES)
    return rc_arena_printf(a,
                           "the %zu Python file%s its entry points reach "
                           "in %s",
                           h->svc->n_py_reached,
                           h->svc->n_py_reached == 1 ? "" : "s", dir);
  if (h->svc && h->svc->go_reach == RC_REACH_ENTRIES)
    return rc_arena_printf(a,
                           "the %zu Go file%s its main package%s import%s "
                           "in %s",
                           h->svc->n_go_reached,
                           h->svc->n_go_reached == 1 ? "" : "s",
                           h->svc->n_go_entries == 1 ? "" : "s",
                           h->svc->n_go_entries == 1 ? "s" : "", dir);
  return rc_arena_printf(a, "its whole folder %s (imports not followed)", dir);
}

static const char *missing_message(struct run *r, const struct hcheck *h,
                                   struct judged *j)
{
  struct rc_arena *a = r->ctx->arena;
  const char *server =
      h->svc ? rc_arena_printf(
                   a, "%s%s%s%s",
                   strcmp(h->svc->name, ".") == 0
                       ? "the repository's service"
                       : rc_arena_printf(a, "service '%s'", h->svc->name),
                   h->svc->command ? " (runs " : "",
                   h->svc->command ? h->svc->command : "",
                   h->svc->command ? ")" : "")
             : rc_arena_printf(a, "the code in %s", *h->dir ? h->dir : ".");
  return rc_arena_printf(a,
                         "%s: %s GET %s — not served by %s: no route '%s' "
                         "in %s%s",
                         h->file, h->what, h->path, server, j->path,
                         searched(r, h), found_elsewhere(r, h, j));
}

/* ---- the check -------------------------------------------------------- */

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  if (!ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to read");
    return;
  }
  struct run *r = rc_xcalloc(1, sizeof(*r));
  r->cfg = vcfg;
  r->ctx = ctx;
  read_checks(r);
  size_t failed = 0, ok = 0, external = 0, unknown = 0;
  const char *first = NULL;
  struct judged *j = rc_xcalloc(1, sizeof(*j));
  for (size_t i = 0; i < r->n_hc; i++) {
    const struct hcheck *h = &r->hc[i];
    if (h->unknown) {
      unknown++;
      rc_check_evidence(out, ctx, h->file, h->line,
                        "%s: %s GET %s — cannot tell which code serves it: "
                        "%s",
                        h->file, h->what, h->path, h->unknown);
      if (!r->n_error++)
        r->first_error = rc_arena_printf(
            ctx->arena, "cannot tell which code serves %s GET %s: %s", h->what,
            h->path, h->unknown);
      continue;
    }
    if (h->dir)
      served(r, h, j);
    else
      j->v = NO_CODE;
    ok += j->v == SERVED;
    external += j->v == NO_CODE;
    if (j->v == TOO_MANY)
      read_error(r, *h->dir ? h->dir : ".",
                 "too many files to search for routes");
    if (j->v != MISSING)
      continue;
    const char *msg = missing_message(r, h, j);
    if (!failed++)
      first = msg;
    rc_check_evidence(out, ctx, h->file, h->line, "%s", msg);
  }
  free(j);
  if (failed)
    rc_check_set(
        out, ctx, RC_OUT_FAIL, "%s%s", first,
        failed > 1 ? rc_arena_printf(ctx->arena, " (and %zu more)", failed - 1)
                   : "");
  else if (r->n_error)
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s%s", r->first_error,
                 r->n_error > 1 ? rc_arena_printf(ctx->arena, " (and %zu more)",
                                                  r->n_error - 1)
                                : "");
  else if (ok)
    rc_check_set(out, ctx, RC_OUT_OK,
                 "%zu health check path%s served by the service's code", ok,
                 ok == 1 ? "" : "s");
  else if (external)
    /* an upstream application's routes are not here to find: nothing was
     * judged, so nothing passed */
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "%zu health check path%s, none on a service whose code is "
                 "in the repository",
                 external, external == 1 ? "" : "s");
  else
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "no HTTP health check path on a deployed service");
  free(r->hc);
  free(r->seen);
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
     "compose files, Dockerfiles and Kubernetes manifests (globs) whose "
     "health checks of deployed services are judged"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of files not to read (Helm templates, CI files)"},
    {"allow", RC_FIELD_STRINGS, offsetof(struct cfg, allow), 0, NULL,
     "paths served without a route in the code (\"/status\", \"q/health*\")"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_health_route = {
    .name = "health_route",
    .summary = "health check paths of the deployed services are served by "
               "the code each service runs",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
