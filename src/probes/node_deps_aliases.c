/*
 * node_deps_aliases.c - the configurations that alias an import name for
 * the node_deps probe: tsconfig paths (and the tsconfigs they extend),
 * bundler aliases and externals, the config a package script names.
 * Moved from node_deps.c.
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
    char *p = nd_join(folder, alias_files[i]);
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

bool nd_aliased(struct run *r, const struct manifest *m, const char *name)
{
  char *scope = NULL;
  if (name[0] == '@' && strchr(name, '/'))
    scope = rc_xstrndup(name, (size_t)(strchr(name, '/') - name));
  struct alias_ask q = {r, rc_arena_new(), name, scope};
  bool found =
      nd_up_from(m->dir, alias_in, &q) || script_config_names(r, m, &q);
  rc_arena_free(q.a);
  free(scope);
  return found;
}
