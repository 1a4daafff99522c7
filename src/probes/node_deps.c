/*
 * node_deps.c - the `node_deps` probe: every package a JavaScript/TypeScript
 * source imports is declared in its nearest package.json (check: imports),
 * or every package.json dependency appears in the lockfile (check:
 * lockfile). It errs towards silence: specifiers that may be aliases,
 * builtins or virtual modules are never reported. Reading files is the
 * index's job; JSON parsing is cJSON's.
 */
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/jsimports.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/role.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum { CHECK_IMPORTS, CHECK_LOCKFILE };
enum { MAX_SOURCE_BYTES = 1 << 20, MAX_NAME = 214, MAX_FINDINGS = 200 };

enum { LOCKED_ANY, LOCKED_NO, LOCKED_YES };

enum { LOCK_ANY, LOCK_PRESENT, LOCK_ABSENT };

enum { REACH_ANY, REACH_REACHED, REACH_UNREACHED };

static const char *const check_names[] = {"imports", "lockfile", NULL};
static const char *const locked_names[] = {"any", "no", "yes", NULL};
static const char *const lock_file_names[] = {"any", "present", "absent", NULL};
static const char *const reach_names[] = {"any", "reached", "unreached", NULL};

struct cfg {
  struct rc_strlist manifest;
  int check;
  struct rc_strlist exclude;
  int in_lockfile; /* LOCKED_*: which undeclared imports to report */
  int lockfile;    /* LOCK_*: the packages whose source files to scan */
  int reach;       /* REACH_*: which source files to scan */
};

/* One manifest in scope: its directory and everything it declares. */
struct manifest {
  const char *path;
  char *dir; /* "" for the root */
  cJSON *json;
  int has_lock; /* 0 not looked up yet, 1 a lockfile at or above, -1 none */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  struct manifest *m;
  size_t n_m, cap_m;
  size_t findings;
  const char *error;    /* first reason the probe cannot evaluate */
  size_t n_judged;      /* lockfile check: manifests compared with a lockfile */
  const char *unjudged; /* the first reason one could not be */
  char *lock_path;      /* the last lockfile read for in_lockfile, cached */
  const char *lock_text;
  cJSON *lock_json;
};

static const char *const builtins[] = {
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "string_decoder",
    "sys",
    "timers",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
    "k6",
    NULL,
};

static const char *const skipped_dirs[] = {
    "node_modules",
    "dist",
    "build",
    "out",
    ".next",
    ".nuxt",
    ".output",
    ".svelte-kit",
    "coverage",
    "vendor",
    "public",
    "static",
    ".cache",
    "storybook-static",
    "bower_components",
    NULL,
};

/* Config files whose text may declare import aliases. */
static const char *const alias_files[] = {
    "tsconfig.json",
    "tsconfig.base.json",
    "tsconfig.app.json",
    "jsconfig.json",
    "vite.config.js",
    "vite.config.ts",
    "vite.config.mjs",
    "vitest.config.ts",
    "vitest.config.js",
    "webpack.config.js",
    "webpack.config.ts",
    "babel.config.js",
    ".babelrc",
    "next.config.js",
    "next.config.mjs",
    "next.config.ts",
    "nuxt.config.ts",
    "svelte.config.js",
    "astro.config.mjs",
    "jest.config.js",
    "jest.config.ts",
    "config/importmap.rb", /* Rails importmap: `pin "d3"`, `under: "x"` */
    "package.json",
    NULL,
};

/* ---- paths ---- */

static char *dir_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_xstrndup(path, (size_t)(slash - path)) : rc_xstrdup("");
}

static char *join(const char *dir, const char *name)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s%s%s", dir, *dir ? "/" : "", name);
  char *s = rc_xstrdup(b.data);
  rc_buf_release(&b);
  return s;
}

static bool in_skipped_dir(const char *path)
{
  for (size_t i = 0; skipped_dirs[i]; i++) {
    size_t n = strlen(skipped_dirs[i]);
    for (const char *p = path; (p = strstr(p, skipped_dirs[i])); p += n)
      if ((p == path || p[-1] == '/') && p[n] == '/')
        return true;
  }
  return false;
}

static bool any_glob(const char *const *globs, size_t n, const char *path)
{
  for (size_t i = 0; i < n; i++)
    if (rc_glob_match(globs[i], path))
      return true;
  return false;
}

/* ---- manifests ---- */

static cJSON *parse_json(struct run *r, const char *path)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0) {
    r->error = rc_arena_printf(r->ctx->arena, "cannot read '%s'", path);
    return NULL;
  }
  cJSON *j = cJSON_ParseWithLength(data, len);
  if (!j || !cJSON_IsObject(j)) {
    cJSON_Delete(j);
    /* a code generator's template of a package.json (`{{#if x}}`) is not a
     * manifest anything installs */
    if (!strstr(data, "{{") && !strstr(data, "{%")) /* NUL-terminated */
      r->error =
          rc_arena_printf(r->ctx->arena, "'%s' is not a JSON object", path);
    return NULL;
  }
  return j;
}

static void add_manifest(struct run *r, const char *path)
{
  for (size_t i = 0; i < r->n_m; i++)
    if (strcmp(r->m[i].path, path) == 0)
      return;
  cJSON *j = parse_json(r, path);
  if (!j)
    return;
  rc_grow((void **)&r->m, &r->cap_m, r->n_m, sizeof(*r->m));
  r->m[r->n_m++] = (struct manifest){path, dir_of(path), j, 0};
}

static int on_manifest(const struct rc_entry *e, void *arg)
{
  if (!in_skipped_dir(e->path) && strcmp(e->name, "package.json") == 0)
    add_manifest(arg, e->path);
  return 0;
}

static void collect_manifests(struct run *r)
{
  for (size_t i = 0; i < r->cfg->manifest.n; i++)
    rc_index_glob(r->ctx->index, r->cfg->manifest.items[i], RC_ENTRY_FILE,
                  on_manifest, r);
}

static void free_manifests(struct run *r)
{
  for (size_t i = 0; i < r->n_m; i++) {
    free(r->m[i].dir);
    cJSON_Delete(r->m[i].json);
  }
  free(r->m);
}

static const char *const dep_fields[] = {"dependencies", "devDependencies",
                                         "peerDependencies",
                                         "optionalDependencies", NULL};

/* json lists name in one of its dependency maps (not its own name). */
static bool declares_dependency(const cJSON *json, const char *name)
{
  for (size_t i = 0; dep_fields[i]; i++)
    if (cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(json, dep_fields[i]), name))
      return true;
  return false;
}

static bool declares(const cJSON *json, const char *name)
{
  if (declares_dependency(json, name))
    return true;
  const cJSON *own = cJSON_GetObjectItemCaseSensitive(json, "name");
  return cJSON_IsString(own) && strcmp(own->valuestring, name) == 0;
}

/* Whether an override key names package name: `name`, `name@^1`, or a
 * path of packages (`parent/name`, `parent>name`, `@scope/parent/@s/name`)
 * ending in it. */
static bool override_names(const char *key, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = key;;) {
    if (strncmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == '@'))
      return true;
    /* the next step: after a '/' or '>' outside a scoped name (`@scope/x`
     * is one step) */
    const char *q = p;
    if (*q == '@') {
      q += strcspn(q, "/");
      q += *q == '/';
    }
    q += strcspn(q, "/>");
    if (!*q)
      return false;
    p = q + 1;
  }
}

/* The field of json that pins name's version without declaring it: Yarn's
 * `resolutions`, npm's `overrides`, pnpm's `pnpm.overrides`. A labeller
 * reads such a line as a declaration; the message says it is not one.
 * NULL when none does. */
static const char *pinning_field(const cJSON *json, const char *name)
{
  static const char *const said[] = {"resolutions", "overrides",
                                     "pnpm.overrides"};
  const cJSON *pnpm = cJSON_GetObjectItemCaseSensitive(json, "pnpm");
  const cJSON *maps[] = {cJSON_GetObjectItemCaseSensitive(json, "resolutions"),
                         cJSON_GetObjectItemCaseSensitive(json, "overrides"),
                         cJSON_GetObjectItemCaseSensitive(pnpm, "overrides")};
  for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
    for (const cJSON *e = cJSON_IsObject(maps[i]) ? maps[i]->child : NULL; e;
         e = e->next)
      if (e->string && override_names(e->string, name))
        return said[i];
  return NULL;
}

/* ---- specifiers ---- */

static bool name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || (c >= 'A' && c <= 'Z');
}

/* The package a bare specifier names, or NULL when it is relative, a
 * builtin, a URL, an alias-looking path or not a valid npm name. */
static char *package_of(const char *spec, size_t len)
{
  if (len == 0 || len > 300)
    return NULL;
  size_t start = 0, end;
  if (spec[0] == '@') {
    const char *slash = memchr(spec, '/', len);
    if (!slash || slash == spec + 1)
      return NULL;
    /* the scope is a name too: Nuxt's `@@/x` and `@/x` are aliases */
    for (const char *c = spec + 1; c < slash; c++)
      if (!name_char(*c))
        return NULL;
    start = (size_t)(slash - spec) + 1;
  }
  for (end = start; end < len && spec[end] != '/'; end++)
    if (!name_char(spec[end]))
      return NULL;
  if (end == start || end > MAX_NAME || spec[0] == '.' || spec[start] == '.' ||
      spec[start] == '_')
    return NULL;
  for (size_t i = 0; i < end; i++)
    if (spec[i] >= 'A' && spec[i] <= 'Z')
      return NULL; /* npm names are lowercase: this is an alias */
  for (size_t i = end; i < len; i++)
    if (spec[i] == ' ' || spec[i] == ':' || spec[i] == '\n')
      return NULL;
  char *name = rc_xstrndup(spec, end);
  if (strcmp(name, "node_modules") == 0) { /* a path into installed code */
    free(name);
    return NULL;
  }
  for (size_t i = 0; builtins[i]; i++)
    if (strcmp(name, builtins[i]) == 0) {
      free(name);
      return NULL;
    }
  return name;
}

/* ---- check: imports ---- */

struct missing {
  char *name;
  const char *manifest;
};

struct imports {
  struct run *r;
  const char *file;
  const char *data; /* the file's bytes, which on_spec's specs point into */
  size_t len;
  const char *dir;          /* the file's folder */
  const struct manifest *m; /* the source file's nearest manifest */
  struct missing *miss;
  size_t n, cap;
};

static const struct manifest *nearest(const struct run *r, const char *file)
{
  const struct manifest *best = NULL;
  for (size_t i = 0; i < r->n_m; i++) {
    size_t n = strlen(r->m[i].dir);
    bool inside =
        n == 0 || (strncmp(file, r->m[i].dir, n) == 0 && file[n] == '/');
    if (inside && (!best || n > strlen(best->dir)))
      best = &r->m[i];
  }
  return best;
}

/* Declared by the manifest, an enclosing one (workspace hoisting), any
 * workspace package, or through its @types package. */
static bool declared(const struct run *r, const struct manifest *m,
                     const char *name);

/* Docusaurus's built-in webpack aliases: @site is the site folder,
 * @generated its build output, @theme* the swizzlable theme components. */
static bool docusaurus_alias(const char *name)
{
  static const char *const scopes[] = {"@site/",       "@generated/",
                                       "@theme/",      "@theme-original/",
                                       "@theme-init/", NULL};
  /* the client API @docusaurus/core serves from its own lib/client/exports
   * (`import Link from '@docusaurus/Link'`): modules, not packages */
  static const char *const client[] = {"@docusaurus/BrowserOnly",
                                       "@docusaurus/ComponentCreator",
                                       "@docusaurus/constants",
                                       "@docusaurus/ErrorBoundary",
                                       "@docusaurus/ExecutionEnvironment",
                                       "@docusaurus/Head",
                                       "@docusaurus/Interpolate",
                                       "@docusaurus/isInternalUrl",
                                       "@docusaurus/Link",
                                       "@docusaurus/Noop",
                                       "@docusaurus/renderRoutes",
                                       "@docusaurus/router",
                                       "@docusaurus/Translate",
                                       "@docusaurus/useBaseUrl",
                                       "@docusaurus/useBrokenLinks",
                                       "@docusaurus/useDocusaurusContext",
                                       "@docusaurus/useGlobalData",
                                       "@docusaurus/useIsBrowser",
                                       "@docusaurus/useRouteContext",
                                       NULL};
  for (size_t i = 0; scopes[i]; i++)
    if (strncmp(name, scopes[i], strlen(scopes[i])) == 0)
      return true;
  for (size_t i = 0; client[i]; i++)
    if (strcmp(name, client[i]) == 0)
      return true;
  return false;
}

/* The range m or a manifest enclosing it declares nuxt at names major 2
 * (`^2.15.7`, `~2.17.0`, `2.x`). */
static bool nuxt_2(const struct run *r, const struct manifest *m)
{
  for (size_t i = 0; i < r->n_m; i++) {
    size_t n = strlen(r->m[i].dir);
    if (n && (strncmp(m->dir, r->m[i].dir, n) != 0 ||
              (m->dir[n] != '/' && m->dir[n] != '\0')))
      continue;
    for (size_t f = 0; dep_fields[f]; f++) {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(r->m[i].json, dep_fields[f]),
          "nuxt");
      if (!cJSON_IsString(v))
        continue;
      const char *p = v->valuestring + strspn(v->valuestring, "^~>= v");
      if (p[0] == '2' && (p[1] == '.' || p[1] == '\0'))
        return true;
    }
  }
  return false;
}

/* Next.js resolves `server-only` and `client-only` to copies it bundles
 * (since 13): a package that declares next may import them. Docusaurus
 * resolves its aliases for a package that declares @docusaurus/core, and
 * ember-source the Ember modules. A NestJS platform adapter is the server it
 * adapts, at the major it pins: code run on @nestjs/platform-express imports
 * express's Request and middleware as Nest's documentation shows, and the
 * adapter's upgrades move express with it. */
static bool framework_provides(const struct run *r, const struct manifest *m,
                               const char *name)
{
  static const struct {
    const char *adapter, *server;
  } adapters[] = {{"@nestjs/platform-express", "express"},
                  {"@nestjs/platform-fastify", "fastify"}};
  for (size_t i = 0; i < sizeof(adapters) / sizeof(adapters[0]); i++)
    if (strcmp(name, adapters[i].server) == 0)
      return declared(r, m, adapters[i].adapter);
  if (docusaurus_alias(name))
    return declared(r, m, "@docusaurus/core");
  /* ember-source's loader defines the modules under @ember/ (application,
   * object, service, ...) and RSVP's `rsvp`; @ember/jquery hands
   * `jquery` to the app: none is an npm package the app installs */
  if (strncmp(name, "@ember/", 7) == 0 || strcmp(name, "rsvp") == 0)
    return declared(r, m, "ember-source");
  if (strcmp(name, "jquery") == 0 && declared(r, m, "@ember/jquery"))
    return true;
  /* Nuxt installs the Vue it runs on, its router and (Nuxt 3) its h3
   * server at the versions it pins, and its documentation imports from
   * them: a Nuxt app's `import { useRoute } from 'vue-router'` upgrades
   * with nuxt */
  if ((strcmp(name, "vue") == 0 || strcmp(name, "vue-router") == 0 ||
       strcmp(name, "h3") == 0) &&
      declared(r, m, "nuxt"))
    return true;
  /* Nuxt 2 also installs Vuex (its store is built in: a store/ folder
   * is all an app writes); Nuxt 3 does not */
  if (strcmp(name, "vuex") == 0 && nuxt_2(r, m))
    return true;
  return (strcmp(name, "server-only") == 0 ||
          strcmp(name, "client-only") == 0) &&
         declared(r, m, "next");
}

static bool declared(const struct run *r, const struct manifest *m,
                     const char *name)
{
  /* @scope/name is typed by @types/scope__name */
  struct rc_buf types;
  rc_buf_init(&types);
  rc_buf_puts(&types, "@types/");
  for (const char *p = name + (name[0] == '@'); *p; p++)
    rc_buf_puts(&types, *p == '/' ? "__" : (char[]){*p, 0});
  bool found = false;
  for (size_t i = 0; i < r->n_m && !found; i++) {
    size_t n = strlen(r->m[i].dir);
    bool encloses = n == 0 || (strncmp(m->dir, r->m[i].dir, n) == 0 &&
                               (m->dir[n] == '/' || m->dir[n] == '\0'));
    const cJSON *own = cJSON_GetObjectItemCaseSensitive(r->m[i].json, "name");
    if (cJSON_IsString(own) && strcmp(own->valuestring, name) == 0)
      found = true;
    else if (encloses && (declares(r->m[i].json, name) ||
                          declares(r->m[i].json, types.data)))
      found = true;
  }
  rc_buf_release(&types);
  return found;
}

/* The string opening at quote is what the config itself imports (`from
 * '@lingui/vite-plugin'`, `require('x')`): a package it loads, not an
 * alias it defines. */
static bool import_spec(const char *data, const char *quote)
{
  const char *p = quote;
  while (p > data && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  if (p > data && p[-1] == '(') {
    p--;
    while (p > data && (p[-1] == ' ' || p[-1] == '\t'))
      p--;
    return (p - data >= 7 && memcmp(p - 7, "require", 7) == 0) ||
           (p - data >= 6 && memcmp(p - 6, "import", 6) == 0);
  }
  return (p - data >= 4 && memcmp(p - 4, "from", 4) == 0) ||
         (p - data >= 6 && memcmp(p - 6, "import", 6) == 0);
}

/* An alias (tsconfig paths, bundler alias) names it in quotes. */
/* A quoted key of an alias map: "@helpers", 'x' - also the scope alone of
 * a scoped name, since "@helpers" aliases "@helpers/backend". A scope is
 * an alias only outside the config's own imports: `from
 * '@sentry/vite-plugin'` does not make @sentry/browser local. */
static bool quoted_in(const char *data, const char *name, bool scope)
{
  size_t n = strlen(name);
  for (const char *q = data; (q = strstr(q, name)); q++) {
    bool open = q > data && (q[-1] == '"' || q[-1] == '\'');
    if (open && (q[n] == '"' || q[n] == '\'' || q[n] == '/' || q[n] == '*') &&
        !(scope && import_spec(data, q - 1)))
      return true;
  }
  return false;
}

/* The relative `"extends"` targets of a tsconfig/jsconfig text (a string,
 * or an array of strings since TypeScript 5.0), resolved from dir. */
static size_t tsconfig_extends(struct rc_arena *a, const char *dir,
                               const char *data, const char **out, size_t max)
{
  size_t n = 0;
  const char *p = strstr(data, "\"extends\"");
  if (!p)
    return 0;
  p += strlen("\"extends\"");
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')
    p++;
  bool list = *p == '[';
  do {
    while (*p == '[' || *p == ',' || *p == ' ' || *p == '\t' || *p == '\n' ||
           *p == '\r')
      p++;
    if (*p != '"')
      break;
    const char *end = strchr(p + 1, '"');
    if (!end)
      break;
    if (p[1] == '.' && n < max) {
      char *rel = rc_xstrndup(p + 1, (size_t)(end - p - 1));
      const char *path = rc_path_join(a, dir, rel);
      free(rel);
      if (path)
        out[n++] = path;
    }
    p = end + 1;
  } while (list && *p != ']');
  return n;
}

static bool is_tsconfig(const char *path)
{
  const char *base = rc_path_base(path);
  return strncmp(base, "tsconfig", 8) == 0 || strncmp(base, "jsconfig", 8) == 0;
}

/* `alias: { utils: resolve('src/utils') }` and `externals: { jquery:
 * 'jQuery' }` in a bundler config: name is a key of one of those blocks,
 * quoted or not - a folder of the project, or a global the page provides. */
static bool block_key(const char *data, const char *name)
{
  static const char *const blocks[] = {"alias", "externals", NULL};
  size_t n = strlen(name);
  for (size_t b = 0; blocks[b]; b++) {
    size_t bl = strlen(blocks[b]);
    for (const char *p = strstr(data, blocks[b]); p;
         p = strstr(p + bl, blocks[b])) {
      const char *q = p + bl;
      q += strspn(q, " \t\r\n");
      if (*q != ':')
        continue;
      q++;
      q += strspn(q, " \t\r\n");
      if (*q != '{')
        continue;
      int depth = 0;
      for (const char *k = q; *k; k++) {
        if (*k == '{')
          depth++;
        else if (*k == '}' && --depth == 0)
          break;
        if (depth != 1 || strncmp(k, name, n) != 0)
          continue;
        char before = k[-1];
        const char *after = k + n;
        if (*after == '\'' || *after == '"')
          after++;
        after += strspn(after, " \t");
        if (*after == ':' &&
            (before == ' ' || before == '\t' || before == '\n' ||
             before == '{' || before == ',' || before == '\'' || before == '"'))
          return true;
      }
    }
  }
  return false;
}

/* The config a bundler config builds on (`const base =
 * require('./webpack.base.conf')`): the relative modules it requires,
 * resolved from dir, with `.js` added when the name has no extension. */
static size_t required_configs(struct rc_arena *a, const char *dir,
                               const char *data, const char **out, size_t max)
{
  size_t n = 0;
  for (const char *p = strstr(data, "require("); p && n < max;
       p = strstr(p + 8, "require(")) {
    const char *q = p + 8;
    if ((*q != '\'' && *q != '"') || q[1] != '.')
      continue;
    const char *end = strchr(q + 1, *q);
    if (!end)
      continue;
    char *rel = rc_xstrndup(q + 1, (size_t)(end - q - 1));
    const char *base = rc_path_base(rel);
    const char *path = rc_path_join(a, dir,
                                    strchr(base, '.') && strstr(base, ".js")
                                        ? rel
                                        : rc_arena_printf(a, "%s.js", rel));
    free(rel);
    if (path)
      out[n++] = path;
  }
  return n;
}

/* The alias file at path, or a tsconfig it extends (tsconfig.json
 * `"extends": "./tsconfig.paths.json"` keeping the `paths` elsewhere), or
 * a bundler config it requires, names it in quotes (or as a key of its
 * alias or externals block). */
static bool alias_file_names(struct run *r, struct rc_arena *a,
                             const char *path, const char *name,
                             const char *scope, int depth)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[64];
  if (!e || rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  if (quoted_in(data, name, false) || (scope && quoted_in(data, scope, true)) ||
      block_key(data, name))
    return true;
  if (depth < 2 && !is_tsconfig(path)) {
    const char *req[4];
    size_t nr = required_configs(a, rc_path_dir(a, path), data, req, 4);
    for (size_t i = 0; i < nr; i++)
      if (alias_file_names(r, a, req[i], name, scope, depth + 1))
        return true;
  }
  if (depth >= 4 || !is_tsconfig(path))
    return false;
  const char *ext[4];
  size_t n = tsconfig_extends(a, rc_path_dir(a, path), data, ext, 4);
  for (size_t i = 0; i < n; i++)
    if (alias_file_names(r, a, ext[i], name, scope, depth + 1))
      return true;
  return false;
}

/* Asks at(folder) of dir and each folder above it, up to the root, until
 * one answers true. */
static bool up_from(const char *dir, bool (*at)(const char *folder, void *arg),
                    void *arg)
{
  char *d = rc_xstrdup(dir);
  bool found;
  for (;;) {
    found = at(d, arg);
    if (found || !*d)
      break;
    char *up = dir_of(d);
    free(d);
    d = up;
  }
  free(d);
  return found;
}

struct alias_ask {
  struct run *r;
  struct rc_arena *a;
  const char *name, *scope;
};

static bool alias_in(const char *folder, void *arg)
{
  struct alias_ask *q = arg;
  bool found = false;
  for (size_t i = 0; alias_files[i] && !found; i++) {
    if (strcmp(alias_files[i], "package.json") == 0)
      continue;
    char *p = join(folder, alias_files[i]);
    found = alias_file_names(q->r, q->a, p, q->name, q->scope, 0);
    free(p);
  }
  return found;
}

/* The bundler config a script of m names (`webpack --config
 * dev/webpack/webpack.prod.js`, `vite build -c conf/vite.ts`) names it in
 * quotes: its resolve.alias, wherever the config lives. */
static bool script_config_names(struct run *r, const struct manifest *m,
                                struct alias_ask *q)
{
  static const char *const tools[] = {"webpack", "vite", "rollup", NULL};
  const cJSON *script;
  cJSON_ArrayForEach(script,
                     cJSON_GetObjectItemCaseSensitive(m->json, "scripts")) {
    const char *cmd = cJSON_IsString(script) ? script->valuestring : NULL;
    bool bundles = false;
    for (size_t i = 0; cmd && tools[i] && !bundles; i++)
      bundles = strstr(cmd, tools[i]) != NULL;
    if (!bundles)
      continue;
    for (const char *p = cmd; (p = strstr(p, " -")) != NULL; p++) {
      const char *arg = strncmp(p, " --config", 9) == 0 ? p + 9
                        : strncmp(p, " -c ", 4) == 0    ? p + 3
                                                        : NULL;
      if (!arg || (*arg != ' ' && *arg != '='))
        continue;
      arg += strspn(arg, " =");
      size_t n = strcspn(arg, " \t;&|'\"");
      char *rel = rc_xstrndup(arg, n);
      const char *path = n ? rc_path_join(q->a, m->dir, rel) : NULL;
      free(rel);
      if (path && alias_file_names(r, q->a, path, q->name, q->scope, 0))
        return true;
    }
  }
  return false;
}

static bool aliased(struct run *r, const struct manifest *m, const char *name)
{
  char *scope = NULL;
  if (name[0] == '@' && strchr(name, '/'))
    scope = rc_xstrndup(name, (size_t)(strchr(name, '/') - name));
  struct alias_ask q = {r, rc_arena_new(), name, scope};
  bool found = up_from(m->dir, alias_in, &q) || script_config_names(r, m, &q);
  rc_arena_free(q.a);
  free(scope);
  return found;
}

/* `{:name,` or `{:name}` in a mix.exs: a Hex dependency of the project. */
static bool mix_declares(const char *data, size_t len, const char *name)
{
  size_t n = strlen(name);
  for (const char *q = data; q < data + len && (q = strstr(q, name)); q++) {
    const char *b = q - 1;
    if (b < data || *b != ':')
      continue;
    for (b--; b >= data && (*b == ' ' || *b == '\t'); b--)
      ;
    if (b < data || *b != '{')
      continue;
    const char *a = q + n;
    while (*a == ' ' || *a == '\t')
      a++;
    if (*a == ',' || *a == '}')
      return true;
  }
  return false;
}

/* Asked of a file in each folder from a package up to the root: does the
 * build file there (mix.exs, a Meteor package.js) declare name? */
struct build_file_ask {
  struct run *r;
  const char *file;
  bool (*declares)(const char *data, size_t len, const char *name);
  const char *name;
};

static bool build_file_in(const char *folder, void *arg)
{
  struct build_file_ask *q = arg;
  char *p = join(folder, q->file);
  const struct rc_entry *e = rc_index_find(q->r->ctx->index, p);
  free(p);
  const char *data;
  size_t len;
  char err[64];
  return e &&
         rc_index_read(q->r->ctx->index, e, &data, &len, err, sizeof(err)) ==
             0 &&
         q->declares(data, len, q->name);
}

/* Phoenix's esbuild runs with NODE_PATH=deps, so the JavaScript of a Mix
 * project imports the Hex packages that ship JavaScript (phoenix,
 * phoenix_html, phoenix_live_view) by their Hex name without any
 * package.json entry: mix.exs of an enclosing folder declares them. */
static bool mix_provides(struct run *r, const char *dir, const char *name)
{
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return false;
  struct build_file_ask q = {r, "mix.exs", mix_declares, name};
  return up_from(dir, build_file_in, &q);
}

/* The name quoted in a Meteor package.js's Npm.depends({...}) block. */
static bool npm_depends(const char *data, size_t len, const char *name)
{
  (void)len; /* data is NUL-terminated */
  const char *block = strstr(data, "Npm.depends(");
  const char *end = block ? strchr(block, '}') : NULL;
  size_t n = strlen(name);
  for (const char *q = block; q && end && (q = strstr(q, name)) && q < end;
       q += n) {
    if ((q[-1] == '\'' || q[-1] == '"') && q[n] == q[-1])
      return true; /* 'name': "1.0" */
    const char *a = q + n;
    while (*a == ' ')
      a++;
    if ((q[-1] == ' ' || q[-1] == '\n' || q[-1] == '{' || q[-1] == '\t') &&
        *a == ':')
      return true; /* name: "1.0" */
  }
  return false;
}

/* A Meteor application (.meteor/packages at the root) imports its Meteor
 * packages as `meteor/<name>`; a Meteor package declares its npm
 * dependencies in its package.js (Npm.depends), not in a package.json. */
static bool meteor_provides(struct run *r, const char *dir, const char *name)
{
  if (strcmp(name, "meteor") == 0)
    return rc_index_find(r->ctx->index, ".meteor/packages") != NULL;
  struct build_file_ask q = {r, "package.js", npm_depends, name};
  return up_from(dir, build_file_in, &q);
}

static const struct rc_entry *find_lock(const struct run *r, const char *dir,
                                        char **lockdir);
static bool in_text_lock(const char *text, const char *name);

/* Is name anywhere in the manifest's lockfile (also as a transitive
 * dependency)? No lockfile, or one that cannot be read, says no. */
static bool locked(struct run *r, const struct manifest *m, const char *name)
{
  char *lockdir = NULL;
  const struct rc_entry *e = find_lock(r, m->dir, &lockdir);
  free(lockdir);
  if (!e)
    return false;
  if (!r->lock_path || strcmp(r->lock_path, e->path) != 0) {
    free(r->lock_path);
    cJSON_Delete(r->lock_json);
    r->lock_path = rc_xstrdup(e->path);
    r->lock_json = NULL;
    r->lock_text = NULL;
    size_t len;
    char err[64];
    if (rc_index_read(r->ctx->index, e, &r->lock_text, &len, err,
                      sizeof(err)) != 0)
      r->lock_text = NULL;
    else if (strstr(e->name, ".json"))
      r->lock_json = cJSON_ParseWithLength(r->lock_text, len);
  }
  if (r->lock_json) {
    const cJSON *pkgs =
        cJSON_GetObjectItemCaseSensitive(r->lock_json, "packages");
    const cJSON *p;
    size_t n = strlen(name);
    cJSON_ArrayForEach(p, pkgs) {
      size_t k = p->string ? strlen(p->string) : 0;
      if (k >= n + 13 && strcmp(p->string + k - n, name) == 0 &&
          strncmp(p->string + k - n - 13, "node_modules/", 13) == 0)
        return true;
    }
    return cJSON_GetObjectItemCaseSensitive(
               cJSON_GetObjectItemCaseSensitive(r->lock_json, "dependencies"),
               name) != NULL;
  }
  return r->lock_text && in_text_lock(r->lock_text, name);
}

/* "unfonts.css", "uno.css", "virtual.svg": a bare name of a stylesheet or
 * asset with no folder is a bundler plugin's virtual module, not a package
 * (packages named like files end in .js: chart.js); "hashes.json" is a data
 * file found through tsconfig's baseUrl, often written by the build. */
static bool virtual_asset(const char *spec, size_t len)
{
  static const char *const exts[] = {".css", ".scss", ".sass", ".less", ".styl",
                                     ".svg", ".png",  ".html", ".json", NULL};
  if (memchr(spec, '/', len))
    return false;
  for (size_t i = 0; exts[i]; i++) {
    size_t n = strlen(exts[i]);
    if (len > n && memcmp(spec + len - n, exts[i], n) == 0)
      return true;
  }
  return false;
}

/* A type-only import is erased at build time and loads nothing; a bare
 * specifier that tsconfig `paths`/`baseUrl` resolve to a file here is
 * local code, not a package. */
static bool moodle_plugin_in(const char *folder, void *arg)
{
  struct run *r = arg;
  char *p = join(folder, "version.php");
  bool found = rc_index_find(r->ctx->index, p) != NULL;
  free(p);
  return found;
}

/* A Moodle plugin's AMD module (amd/src/ beside the plugin's
 * version.php): `core/str`, `editor_tiny/utils` and the plugin's own
 * `tiny_x/y` are Moodle's AMD modules, loaded by Moodle at run time. */
static bool moodle_amd(struct run *r, const char *file, const char *dir)
{
  return strstr(file, "amd/src/") && up_from(dir, moodle_plugin_in, r);
}

/* A package.json that declares no package at all and runs nothing
 * itself installs nothing: code under it that imports packages is an
 * unbuilt leftover (Laravel's default resources/js scaffold beside an
 * emptied devDependencies). */
static bool declares_nothing(const cJSON *json)
{
  /* a package that runs (main, bin, a start script) does run its imports */
  const cJSON *scripts = cJSON_GetObjectItemCaseSensitive(json, "scripts");
  if (cJSON_GetObjectItemCaseSensitive(json, "main") ||
      cJSON_GetObjectItemCaseSensitive(json, "bin") ||
      cJSON_GetObjectItemCaseSensitive(scripts, "start"))
    return false;
  for (size_t i = 0; dep_fields[i]; i++) {
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(json, dep_fields[i]);
    if (d && d->child)
      return false;
  }
  return true;
}

/* main, types or an exports entry naming a .ts/.tsx file: a workspace
 * package shipped as source, compiled by the app that imports it. */
static bool names_ts_source(const cJSON *v)
{
  if (cJSON_IsString(v)) {
    /* a declaration file (`dist/index.d.ts`) goes with built code */
    size_t n = strlen(v->valuestring);
    return (n > 3 && strcmp(v->valuestring + n - 3, ".ts") == 0 &&
            !(n > 5 && strcmp(v->valuestring + n - 5, ".d.ts") == 0)) ||
           (n > 4 && strcmp(v->valuestring + n - 4, ".tsx") == 0);
  }
  const cJSON *c;
  cJSON_ArrayForEach(c, v)
    if (names_ts_source(c))
      return true;
  return false;
}

static bool source_package(const cJSON *json)
{
  static const char *const keys[] = {"main", "types", "exports", NULL};
  for (size_t i = 0; keys[i]; i++)
    if (names_ts_source(cJSON_GetObjectItemCaseSensitive(json, keys[i])))
      return true;
  return false;
}

static const struct manifest *manifest_in(const struct run *r, const char *dir);

/* A source package's code runs inside the app that compiles it: the app's
 * own package.json declaring the import is what installs it (the
 * library's manifest leaving it out is a matter of taste, not a phantom
 * dependency). */
static bool bundling_app_declares(struct run *r, const struct manifest *m,
                                  const char *file, const char *name)
{
  if (!r->ctx->model || !source_package(m->json))
    return false;
  const struct rc_service *svc = rc_model_reached_by(r->ctx->model, file);
  const struct manifest *app =
      svc && svc->dir ? manifest_in(r, svc->dir) : NULL;
  return app && app != m && declares(app->json, name);
}

/* m is an application: it starts itself (a start or dev script: a
 * monorepo's app that another app also imports for its job names) or no
 * other workspace package depends on it (the top of the workspace graph);
 * not a library compiled into one. */
static bool workspace_app(const struct run *r, const struct manifest *m)
{
  const cJSON *scripts = cJSON_GetObjectItemCaseSensitive(m->json, "scripts");
  if (cJSON_GetObjectItemCaseSensitive(scripts, "start") ||
      cJSON_GetObjectItemCaseSensitive(scripts, "dev"))
    return true;
  const cJSON *own = cJSON_GetObjectItemCaseSensitive(m->json, "name");
  if (!cJSON_IsString(own))
    return true;
  for (size_t i = 0; i < r->n_m; i++)
    if (&r->m[i] != m && declares_dependency(r->m[i].json, own->valuestring))
      return false;
  return true;
}

/* The applications that depend on a source package compile it: one of
 * them declaring the import installs it for the code it compiles (a
 * monorepo whose one root Dockerfile builds every app, so the deployed
 * service's folder is no app's). Followed through source packages that
 * depend on source packages; a library between them declaring it does not
 * count (it is on no app's path), and depth bounds a cycle. */
static bool dependent_app_declares(const struct run *r,
                                   const struct manifest *m, const char *name,
                                   unsigned depth)
{
  const cJSON *own = cJSON_GetObjectItemCaseSensitive(m->json, "name");
  if (depth > 4 || !cJSON_IsString(own) || !source_package(m->json))
    return false;
  for (size_t i = 0; i < r->n_m; i++) {
    const struct manifest *d = &r->m[i];
    if (d == m || !declares_dependency(d->json, own->valuestring))
      continue;
    if ((workspace_app(r, d) && declares(d->json, name)) ||
        dependent_app_declares(r, d, name, depth + 1))
      return true;
  }
  return false;
}

/* The package a deployed service runs from: its own code is the app's,
 * however many other packages import parts of it. */
static bool runs_as_service(struct run *r, const struct manifest *m,
                            const char *file)
{
  const struct rc_service *svc =
      r->ctx->model ? rc_model_reached_by(r->ctx->model, file) : NULL;
  return svc && svc->dir && manifest_in(r, svc->dir) == m;
}

static void on_spec(const char *spec, size_t len, unsigned line, unsigned flags,
                    void *arg)
{
  struct imports *im = arg;
  struct run *r = im->r;
  const char *file = im->file;
  if (moodle_amd(r, file, im->dir))
    return;
  /* code nothing deploys under a manifest that installs nothing */
  if (r->cfg->reach == REACH_UNREACHED && declares_nothing(im->m->json)) {
    if (!r->unjudged)
      r->unjudged = rc_arena_printf(r->ctx->arena,
                                    "'%s' declares no package: the code under "
                                    "it is never installed or built",
                                    im->m->path);
    return;
  }
  /* a require() in a try block whose catch handles the package's absence
   * ("express failed to load. No http server. Install express with...")
   * names an optional package the operator adds for that feature: not
   * installing it is the design, not a missing dependency. One that the
   * lockfile installs through another package (imports-transitive) is
   * loaded all the same, and relying on it undeclared is still fragile. */
  bool optional = (flags & RC_JS_GUARDED) && r->cfg->in_lockfile == LOCKED_NO;
  char *name = (flags & RC_JS_TYPE_ONLY) || optional || virtual_asset(spec, len)
                   ? NULL
                   : package_of(spec, len);
  if (!name)
    return;
  if (r->ctx->model) {
    char *s = rc_xstrndup(spec, len);
    const char *local = rc_model_resolve_import(r->ctx->model, im->dir, s);
    free(s);
    if (local) {
      free(name);
      return;
    }
  }
  bool known = declared(r, im->m, name) || framework_provides(r, im->m, name);
  for (size_t i = 0; i < im->n && !known; i++)
    known = strcmp(im->miss[i].name, name) == 0 &&
            im->miss[i].manifest == im->m->path;
  if (!known && r->cfg->in_lockfile != LOCKED_ANY)
    known = locked(r, im->m, name) == (r->cfg->in_lockfile == LOCKED_NO);
  if (!known && r->cfg->in_lockfile == LOCKED_YES)
    known = bundling_app_declares(r, im->m, file, name) ||
            (!runs_as_service(r, im->m, file) &&
             dependent_app_declares(r, im->m, name, 0));
  /* a value import whose names the file uses only as types is erased as
   * `import type` is: the hoisted package serves the type check alone
   * (not for an import nothing installs, which breaks that check) */
  if (!known && r->cfg->in_lockfile == LOCKED_YES)
    known = rc_js_import_used_as_types(im->data, im->len,
                                       (size_t)(spec - im->data) - 1);
  if (known || aliased(r, im->m, name) || mix_provides(r, im->m->dir, name) ||
      meteor_provides(r, im->dir, name)) {
    free(name);
    return;
  }
  rc_grow((void **)&im->miss, &im->cap, im->n, sizeof(*im->miss));
  im->miss[im->n++] = (struct missing){name, im->m->path};
  if (r->findings++ >= MAX_FINDINGS)
    return;
  const char *pin = pinning_field(im->m->json, name);
  if (pin && r->cfg->in_lockfile == LOCKED_YES) {
    rc_check_evidence(r->out, r->ctx, file, line,
                      "'%s' is imported but not declared in %s (installed "
                      "only as a dependency of another package; its '%s' "
                      "entry pins the version, it does not declare it)%s",
                      name, im->m->path, pin,
                      r->cfg->reach == REACH_UNREACHED
                          ? "; the file is not reached from any deployed "
                            "service"
                          : "");
    return;
  }
  rc_check_evidence(
      r->out, r->ctx, file, line, "'%s' is imported but not declared in %s%s%s",
      im->miss[im->n - 1].name, im->m->path,
      r->cfg->in_lockfile == LOCKED_YES
          ? " (installed only as a dependency of another package)"
      : r->cfg->lockfile == LOCK_ABSENT
          ? ", and no lockfile readycheck can read says whether a "
            "declared package installs it"
      : r->cfg->in_lockfile == LOCKED_NO ? " nor in the lockfile"
                                         : "",
      r->cfg->reach == REACH_UNREACHED
          ? "; the file is not reached from any deployed service"
          : "");
}

static bool is_source(const struct run *r, const char *path)
{
  if (!rc_js_is_source(path) || in_skipped_dir(path) ||
      strchr(rc_path_base(path), ' '))
    return false; /* "notes on auth.ts" is prose, not a module */
  if (r->cfg->reach != REACH_ANY && r->ctx->model) {
    bool reached = rc_model_reached_by(r->ctx->model, path) != NULL;
    if (reached != (r->cfg->reach == REACH_REACHED))
      return false;
  }
  return !any_glob((const char *const *)r->cfg->exclude.items,
                   r->cfg->exclude.n, path);
}

static bool outside_workspaces(const struct run *r, const char *lockdir,
                               const struct manifest *m);

/* Does the manifest's package have a lockfile at or above it that records
 * its install (not one whose workspaces leave it out) and that readycheck
 * can read, as the `lockfile` field asks? Without one, npm installs a declared
 * package's own dependencies flat beside it (body-parser under express), so an
 * undeclared import may well resolve: only a lockfile says it does not. */
static bool lock_wanted(struct run *r, const struct manifest *cm)
{
  if (r->cfg->lockfile == LOCK_ANY)
    return true;
  struct manifest *m = &r->m[cm - r->m];
  if (m->has_lock == 0) {
    char *lockdir = NULL;
    const struct rc_entry *e = find_lock(r, m->dir, &lockdir);
    /* bun's binary lockfile cannot be read: it says nothing either way */
    bool has = e && strcmp(e->name, "bun.lockb") != 0 &&
               !outside_workspaces(r, lockdir, m);
    m->has_lock = has ? 1 : -1;
    free(lockdir);
  }
  return (m->has_lock > 0) == (r->cfg->lockfile == LOCK_PRESENT);
}

static void check_imports(struct run *r)
{
  struct imports im = {0};
  size_t count = rc_index_count(r->ctx->index), files = 0, other_lock = 0;
  for (size_t i = 0; i < count && !r->error; i++) {
    const struct rc_entry *e = rc_index_at(r->ctx->index, i);
    if (e->kind != RC_ENTRY_FILE || !is_source(r, e->path) ||
        rc_entry_size(r->ctx->index, e) > MAX_SOURCE_BYTES)
      continue;
    im.m = nearest(r, e->path);
    const char *data;
    size_t len;
    char err[128];
    if (!im.m)
      continue;
    if (!lock_wanted(r, im.m)) {
      other_lock++;
      continue;
    }
    if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0) {
      r->error =
          rc_arena_printf(r->ctx->arena, "cannot read '%s': %s", e->path, err);
      break;
    }
    if (rc_index_is_binary(data, len))
      continue;
    files++;
    im.r = r;
    im.file = e->path;
    im.data = data;
    im.len = len;
    char *dir = dir_of(e->path);
    im.dir = dir;
    rc_js_imports(data, len, on_spec, &im);
    free(dir);
  }
  if (r->error) {
    rc_check_set(r->out, r->ctx, RC_OUT_ERROR, "%s", r->error);
  } else if (files == 0 && other_lock > 0) {
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP,
                 "the %zu source file%s to scan %s %s a lockfile", other_lock,
                 other_lock == 1 ? "" : "s",
                 other_lock == 1 ? "is in a package" : "are in packages",
                 r->cfg->lockfile == LOCK_PRESENT ? "without" : "with");
  } else if (files == 0) {
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP, "no source file to scan%s",
                 r->cfg->reach == REACH_REACHED
                     ? " (none is reached from a deployed service)"
                 : r->cfg->reach == REACH_UNREACHED
                     ? " outside what deployed services run"
                     : "");
  } else if (im.n == 0) {
    rc_check_set(r->out, r->ctx, RC_OUT_OK,
                 "every package imported by %zu source file%s is declared in "
                 "%zu package.json file%s%s%s",
                 files, files == 1 ? "" : "s", r->n_m, r->n_m == 1 ? "" : "s",
                 r->unjudged ? "; not judged: " : "",
                 r->unjudged ? r->unjudged : "");
  } else {
    struct rc_buf names;
    rc_buf_init(&names);
    size_t distinct = 0;
    for (size_t i = 0; i < im.n; i++) {
      bool again = false;
      for (size_t j = 0; j < i && !again; j++)
        again = strcmp(im.miss[j].name, im.miss[i].name) == 0;
      if (!again && distinct++ < 5)
        rc_buf_printf(&names, "%s'%s'", distinct > 1 ? ", " : "",
                      im.miss[i].name);
    }
    rc_check_set(r->out, r->ctx, RC_OUT_FAIL,
                 "%zu imported package%s not declared: %s%s", distinct,
                 distinct == 1 ? " is" : "s are", names.data,
                 distinct > 5 ? ", ..." : "");
    rc_buf_release(&names);
  }
  for (size_t i = 0; i < im.n; i++)
    free(im.miss[i].name);
  free(im.miss);
}

/* ---- check: lockfile ---- */

static const char *const lock_names[] = {
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
    "bun.lock",          "bun.lockb",           NULL};

/* The lockfile of the package manager a manifest at or above dir names
 * (`"packageManager": "pnpm@10.6.2"`), or NULL: it wins over a stale
 * lockfile of another manager left beside it. */
static const char *declared_lock(const struct run *r, const char *dir)
{
  static const char *const managers[][2] = {{"pnpm@", "pnpm-lock.yaml"},
                                            {"yarn@", "yarn.lock"},
                                            {"npm@", "package-lock.json"},
                                            {"bun@", "bun.lock"},
                                            {NULL, NULL}};
  const char *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < r->n_m; i++) {
    const char *md = r->m[i].dir;
    size_t n = strlen(md);
    bool encloses = n == 0 || (strncmp(dir, md, n) == 0 &&
                               (dir[n] == '/' || dir[n] == '\0'));
    const cJSON *pm =
        cJSON_GetObjectItemCaseSensitive(r->m[i].json, "packageManager");
    if (!encloses || !cJSON_IsString(pm) || (best && n < best_len))
      continue;
    for (size_t k = 0; managers[k][0]; k++)
      if (strncmp(pm->valuestring, managers[k][0], strlen(managers[k][0])) ==
          0) {
        best = managers[k][1];
        best_len = n;
      }
  }
  return best;
}

/* The nearest lockfile at or above dir (the declared manager's first);
 * *lockdir gets its directory. */
static const struct rc_entry *find_lock(const struct run *r, const char *dir,
                                        char **lockdir)
{
  const char *want = declared_lock(r, dir);
  char *d = rc_xstrdup(dir);
  for (;;) {
    if (want) {
      char *p = join(d, want);
      const struct rc_entry *e = rc_index_find(r->ctx->index, p);
      free(p);
      if (e) {
        *lockdir = d;
        return e;
      }
    }
    for (size_t i = 0; lock_names[i]; i++) {
      char *p = join(d, lock_names[i]);
      const struct rc_entry *e = rc_index_find(r->ctx->index, p);
      free(p);
      if (e) {
        *lockdir = d;
        return e;
      }
    }
    if (!*d)
      break;
    char *up = dir_of(d);
    free(d);
    d = up;
  }
  free(d);
  return NULL;
}

static bool local_spec(const cJSON *v)
{
  static const char *const local[] = {
      "link:", "file:", "workspace:", "portal:", NULL};
  if (!cJSON_IsString(v))
    return false;
  for (size_t i = 0; local[i]; i++)
    if (strncmp(v->valuestring, local[i], strlen(local[i])) == 0)
      return true;
  return false;
}

/* package-lock.json v2/v3 lists the manifest's own dependencies under
 * packages[<dir relative to the lock>]; v1 only has dependencies. */
static bool in_npm_lock(const cJSON *lock, const char *rel, const char *name)
{
  const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(lock, "packages");
  const cJSON *entry = cJSON_GetObjectItemCaseSensitive(pkgs, rel);
  if (entry)
    return declares(entry, name);
  struct rc_buf key;
  rc_buf_init(&key);
  rc_buf_printf(&key, "node_modules/%s", name);
  bool found =
      cJSON_GetObjectItemCaseSensitive(pkgs, key.data) != NULL ||
      cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(lock, "dependencies"), name) != NULL;
  rc_buf_release(&key);
  return found;
}

/* yarn.lock and pnpm-lock.yaml: the name as a key or a resolution. */
static bool in_text_lock(const char *text, const char *name)
{
  size_t n = strlen(name);
  for (const char *q = text; (q = strstr(q, name)); q++) {
    char before = q == text ? '\n' : q[-1];
    char after = q[n];
    bool start = before == '\n' || before == '"' || before == '\'' ||
                 before == ' ' || before == '/';
    bool end = after == '@' || after == ':' || after == '"' || after == '\'';
    if (start && end)
      return true;
  }
  return false;
}

/* A package of this repository (its package.json names it): yarn v1
 * links workspace packages and never writes them into yarn.lock. */
static bool repo_package(const struct run *r, const char *name)
{
  for (size_t i = 0; i < r->n_m; i++) {
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(r->m[i].json, "name");
    if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
      return true;
  }
  return false;
}

static const struct manifest *manifest_in(const struct run *r, const char *dir)
{
  for (size_t i = 0; i < r->n_m; i++)
    if (strcmp(r->m[i].dir, dir) == 0)
      return &r->m[i];
  return NULL;
}

/* The lockfile's package declares workspaces (an array, or yarn's
 * { packages: [...] }) and none of them is m's folder: m is outside the
 * install that lockfile records (a vendored dist package, a tool folder)
 * and has no lockfile of its own. */
static bool outside_workspaces(const struct run *r, const char *lockdir,
                               const struct manifest *m)
{
  const struct manifest *root = manifest_in(r, lockdir);
  if (!root || root == m)
    return false;
  const cJSON *ws = cJSON_GetObjectItemCaseSensitive(root->json, "workspaces");
  if (cJSON_IsObject(ws))
    ws = cJSON_GetObjectItemCaseSensitive(ws, "packages");
  if (!cJSON_IsArray(ws) || cJSON_GetArraySize(ws) == 0)
    return false;
  const char *rel = m->dir + strlen(lockdir);
  if (*lockdir && *rel == '/')
    rel++;
  const cJSON *g;
  cJSON_ArrayForEach(g, ws) {
    if (!cJSON_IsString(g))
      return false; /* cannot tell */
    const char *pat = g->valuestring;
    if (strncmp(pat, "./", 2) == 0)
      pat += 2;
    size_t n = strlen(pat);
    while (n && pat[n - 1] == '/')
      n--;
    char *clean = rc_arena_strndup(r->ctx->arena, pat, n);
    if (rc_glob_match(clean, rel))
      return false;
  }
  return true;
}

static void check_one_lock(struct run *r, const struct manifest *m,
                           size_t *missing)
{
  char *lockdir = NULL;
  const struct rc_entry *e = find_lock(r, m->dir, &lockdir);
  /* no lockfile is node.lockfile's finding; bun's binary one cannot be
   * read: neither says anything about this manifest's sync */
  if (!e || strcmp(e->name, "bun.lockb") == 0) {
    if (!r->unjudged)
      r->unjudged =
          e ? rc_arena_printf(r->ctx->arena,
                              "'%s' is bun's binary lockfile, not compared",
                              e->path)
            : rc_arena_printf(r->ctx->arena, "no lockfile at or above '%s'",
                              m->path);
    free(lockdir);
    return;
  }
  if (outside_workspaces(r, lockdir, m)) {
    if (!r->unjudged)
      r->unjudged = rc_arena_printf(r->ctx->arena,
                                    "'%s' is outside the workspaces of '%s' "
                                    "and has no lockfile of its own",
                                    m->path, e->path);
    free(lockdir);
    return;
  }
  r->n_judged++;
  const char *data;
  size_t len;
  char err[128];
  cJSON *lock = NULL;
  bool npm = strcmp(e->name, "package-lock.json") == 0 ||
             strcmp(e->name, "npm-shrinkwrap.json") == 0;
  if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    r->error =
        rc_arena_printf(r->ctx->arena, "cannot read '%s': %s", e->path, err);
  else if (npm && !(lock = cJSON_ParseWithLength(data, len)))
    r->error =
        rc_arena_printf(r->ctx->arena, "'%s' is not valid JSON", e->path);
  /* the manifest's folder relative to the lockfile's ("" when the same) */
  const char *rel = m->dir + strlen(lockdir);
  if (*lockdir && *rel == '/')
    rel++;
  for (size_t f = 0; f < 3 && !r->error; f++) {
    const cJSON *deps =
        cJSON_GetObjectItemCaseSensitive(m->json, dep_fields[f]);
    const cJSON *d;
    cJSON_ArrayForEach(d, deps) {
      if (!d->string || local_spec(d))
        continue;
      bool ok =
          npm ? in_npm_lock(lock, rel, d->string)
              : in_text_lock(data, d->string) || repo_package(r, d->string);
      if (ok)
        continue;
      (*missing)++;
      if (r->findings++ < MAX_FINDINGS)
        rc_check_evidence(r->out, r->ctx, m->path, 0, "%s '%s' is not in %s",
                          dep_fields[f], d->string, e->path);
    }
  }
  cJSON_Delete(lock);
  free(lockdir);
}

static void check_lockfile(struct run *r)
{
  size_t missing = 0;
  /* an example's or a test fixture's manifest installs nothing we ship */
  for (size_t i = 0; i < r->n_m && !r->error; i++)
    if (rc_role_of_path(r->m[i].path, NULL, 0) != RC_ROLE_NONPROD)
      check_one_lock(r, &r->m[i], &missing);
  if (r->error)
    rc_check_set(r->out, r->ctx, RC_OUT_ERROR, "%s", r->error);
  else if (missing)
    rc_check_set(r->out, r->ctx, RC_OUT_FAIL,
                 "%zu declared dependenc%s missing from the lockfile", missing,
                 missing == 1 ? "y is" : "ies are");
  else if (!r->n_judged)
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP, "%s",
                 r->unjudged ? r->unjudged : "no package.json to compare");
  else
    rc_check_set(r->out, r->ctx, RC_OUT_OK,
                 "the lockfile lists every dependency of %zu package.json "
                 "file%s%s%s",
                 r->n_judged, r->n_judged == 1 ? "" : "s",
                 r->unjudged ? "; not compared: " : "",
                 r->unjudged ? r->unjudged : "");
}

/* ---- the probe ---- */

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run r = {.cfg = vcfg, .ctx = ctx, .out = out};
  if (r.cfg->reach != REACH_ANY && !ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
    return;
  }
  collect_manifests(&r);
  if (r.error)
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", r.error);
  else if (r.n_m == 0)
    rc_check_set(out, ctx, RC_OUT_ERROR,
                 "no package.json matches the "
                 "'manifest' globs");
  else if (r.cfg->check == CHECK_IMPORTS)
    check_imports(&r);
  else
    check_lockfile(&r);
  free_manifests(&r);
  free(r.lock_path);
  cJSON_Delete(r.lock_json);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (rc_globs_validate(&cfg->manifest, "manifest", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  if (cfg->manifest.n == 0)
    rc = rc_error(d, loc, "'manifest' needs at least one path or glob");
  return rc;
}

static const struct rc_field fields[] = {
    {"manifest", RC_FIELD_STRINGS, offsetof(struct cfg, manifest),
     RC_FIELD_REQUIRED, NULL,
     "package.json paths or globs; files under node_modules, dist and build "
     "are ignored"},
    {"check", RC_FIELD_ENUM, offsetof(struct cfg, check), 0, check_names,
     "imports (default): imported packages are declared; lockfile: declared "
     "dependencies are in the lockfile"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "source file globs not to scan for imports"},
    {"in_lockfile", RC_FIELD_ENUM, offsetof(struct cfg, in_lockfile), 0,
     locked_names,
     "imports: report every undeclared package (any, default), only those "
     "missing from the lockfile too (no), or only those the lockfile has as "
     "a transitive dependency (yes)"},
    {"lockfile", RC_FIELD_ENUM, offsetof(struct cfg, lockfile), 0,
     lock_file_names,
     "imports: scan the source files of every package (any, default), only "
     "of those with a lockfile at or above their package.json (present), or "
     "only of those without one (absent)"},
    {"reach", RC_FIELD_ENUM, offsetof(struct cfg, reach), 0, reach_names,
     "imports: scan every source file (any, default), only files a deployed "
     "service's entry points reach (reached), or only the others "
     "(unreached)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_node_deps = {
    .name = "node_deps",
    .summary = "JavaScript imports are declared in package.json, and "
               "package.json dependencies are in the lockfile",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
