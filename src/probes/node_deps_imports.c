/*
 * node_deps_imports.c - the node_deps probe's imports check: the package a
 * bare specifier names, and whether the nearest package.json (an enclosing
 * one, a workspace, the framework, the app that bundles it) declares or
 * provides it. Moved from node_deps.c.
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

#include "node_deps_parts.h"

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
    if (!rc_path_within(m->dir, r->m[i].dir))
      continue;
    for (size_t f = 0; nd_dep_fields[f]; f++) {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(r->m[i].json, nd_dep_fields[f]),
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
    bool encloses = rc_path_within(m->dir, r->m[i].dir);
    const cJSON *own = cJSON_GetObjectItemCaseSensitive(r->m[i].json, "name");
    if (cJSON_IsString(own) && strcmp(own->valuestring, name) == 0)
      found = true;
    else if (encloses && (nd_declares(r->m[i].json, name) ||
                          nd_declares(r->m[i].json, types.data)))
      found = true;
  }
  rc_buf_release(&types);
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
  char *p = nd_join(folder, q->file);
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
  return nd_up_from(dir, build_file_in, &q);
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
  return nd_up_from(dir, build_file_in, &q);
}

/* Is name anywhere in the manifest's lockfile (also as a transitive
 * dependency)? No lockfile, or one that cannot be read, says no. */
static bool locked(struct run *r, const struct manifest *m, const char *name)
{
  char *lockdir = NULL;
  const struct rc_entry *e = nd_find_lock(r, m->dir, &lockdir);
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
  return r->lock_text && nd_in_text_lock(r->lock_text, name);
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
  char *p = nd_join(folder, "version.php");
  bool found = rc_index_find(r->ctx->index, p) != NULL;
  free(p);
  return found;
}

/* A Moodle plugin's AMD module (amd/src/ beside the plugin's
 * version.php): `core/str`, `editor_tiny/utils` and the plugin's own
 * `tiny_x/y` are Moodle's AMD modules, loaded by Moodle at run time. */
static bool moodle_amd(struct run *r, const char *file, const char *dir)
{
  return strstr(file, "amd/src/") && nd_up_from(dir, moodle_plugin_in, r);
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
  for (size_t i = 0; nd_dep_fields[i]; i++) {
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(json, nd_dep_fields[i]);
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
      svc && svc->dir ? nd_manifest_in(r, svc->dir) : NULL;
  return app && app != m && nd_declares(app->json, name);
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
    if (&r->m[i] != m && nd_declares_dependency(r->m[i].json, own->valuestring))
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
    if (d == m || !nd_declares_dependency(d->json, own->valuestring))
      continue;
    if ((workspace_app(r, d) && nd_declares(d->json, name)) ||
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
  return svc && svc->dir && nd_manifest_in(r, svc->dir) == m;
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
  if (known || nd_aliased(r, im->m, name) ||
      mix_provides(r, im->m->dir, name) || meteor_provides(r, im->dir, name)) {
    free(name);
    return;
  }
  rc_grow((void **)&im->miss, &im->cap, im->n, sizeof(*im->miss));
  im->miss[im->n++] = (struct missing){name, im->m->path};
  if (r->findings++ >= MAX_FINDINGS)
    return;
  const char *pin = nd_pinning_field(im->m->json, name);
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
  if (!rc_js_is_source(path) || nd_in_skipped_dir(path) ||
      strchr(rc_path_base(path), ' '))
    return false; /* "notes on auth.ts" is prose, not a module */
  if (r->cfg->reach != REACH_ANY && r->ctx->model) {
    bool reached = rc_model_reached_by(r->ctx->model, path) != NULL;
    if (reached != (r->cfg->reach == REACH_REACHED))
      return false;
  }
  return !nd_any_glob((const char *const *)r->cfg->exclude.items,
                      r->cfg->exclude.n, path);
}

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
    const struct rc_entry *e = nd_find_lock(r, m->dir, &lockdir);
    /* bun's binary lockfile cannot be read: it says nothing either way */
    bool has = e && strcmp(e->name, "bun.lockb") != 0 &&
               !nd_outside_workspaces(r, lockdir, m);
    m->has_lock = has ? 1 : -1;
    free(lockdir);
  }
  return (m->has_lock > 0) == (r->cfg->lockfile == LOCK_PRESENT);
}

void nd_check_imports(struct run *r)
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
    char *dir = nd_dir_of(e->path);
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
