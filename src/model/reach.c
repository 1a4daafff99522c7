/*
 * reach.c - which JavaScript/TypeScript files each deployed service runs:
 * from its entry points (package.json main/exports/bin, the files its start
 * script and its image's command name, its framework's conventions) along
 * relative imports, tsconfig `paths`/`baseUrl` aliases, webpack
 * resolve.modules folders and workspace packages. A service whose entry points
 * cannot be found counts every source file in its folder as reached: unknown is
 * never "unused".
 */
#include "readycheck/model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/dockerfile.h"
#include "readycheck/git.h"
#include "readycheck/index.h"
#include "readycheck/jsimports.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/webpack.h"

enum {
  MAX_REACHED = 200000,
  MAX_SOURCE_BYTES = 1 << 20,
  MAX_EXTENDS = 4,
  MAX_PACKAGES = 5000,
};

/* .d.ts last: a folder of declarations only (types/index.d.ts) is what a
 * type import through baseUrl names when no code beside it does */
static const char *const exts[] = {".ts",  ".tsx",    ".js",   ".jsx",
                                   ".mjs", ".cjs",    ".mts",  ".cts",
                                   ".vue", ".svelte", ".d.ts", NULL};

/* ---- a set of reached paths --------------------------------------------- */

struct slot {
  const char *path; /* index-owned */
  size_t service;   /* index into m->services */
};

struct walk {
  struct rc_model *m;
  struct rc_arena *a;
  struct slot *slots;
  size_t n_slots, n;
  const char **queue;
  size_t q_head, q_len, q_cap;
  size_t service; /* being walked */
  size_t seen;    /* source files given to reach(), reached before or not */
  struct pkg *pkgs;
  size_t n_pkgs, cap_pkgs;
  struct tsconf *ts;
  size_t n_ts, cap_ts;
};

static size_t hash(const char *s)
{
  size_t h = 14695981039346656037u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static struct slot *find_slot(struct walk *w, const char *path)
{
  size_t mask = w->n_slots - 1;
  for (size_t i = hash(path) & mask;; i = (i + 1) & mask)
    if (!w->slots[i].path || strcmp(w->slots[i].path, path) == 0)
      return &w->slots[i];
}

static void grow_set(struct walk *w)
{
  struct slot *old = w->slots;
  size_t n_old = w->n_slots;
  w->n_slots = n_old ? n_old * 2 : 1024;
  w->slots = rc_xcalloc(w->n_slots, sizeof(*w->slots));
  for (size_t i = 0; i < n_old; i++)
    if (old[i].path)
      *find_slot(w, old[i].path) = old[i];
  free(old);
}

/* Marks an indexed source file reached and queues it; false if it was. */
static bool reach(struct walk *w, const struct rc_entry *e)
{
  if (!e || e->kind != RC_ENTRY_FILE || !rc_js_is_source(e->path) ||
      w->n >= MAX_REACHED)
    return false;
  w->seen++;
  if ((w->n + 1) * 2 > w->n_slots)
    grow_set(w);
  struct slot *s = find_slot(w, e->path);
  if (s->path)
    return false;
  *s = (struct slot){e->path, w->service};
  w->n++;
  rc_grow((void **)&w->queue, &w->q_cap, w->q_len, sizeof(*w->queue));
  w->queue[w->q_len++] = e->path;
  return true;
}

/* ---- resolving a path to a source file ----------------------------------- */

static const struct rc_entry *file_at(const struct walk *w, const char *p)
{
  const struct rc_entry *e = p ? rc_index_find(w->m->index, p) : NULL;
  return e && e->kind == RC_ENTRY_FILE ? e : NULL;
}

/* p as written, with an extension, as a folder's index, or - for TypeScript
 * ESM's `./x.js` naming x.ts - with the extension swapped. */
static const struct rc_entry *resolve_file(struct walk *w, const char *p)
{
  if (!p)
    return NULL;
  const struct rc_entry *e = file_at(w, p);
  if (e && rc_js_is_source(p))
    return e;
  for (size_t i = 0; exts[i]; i++) {
    if ((e = file_at(w, rc_arena_printf(w->a, "%s%s", p, exts[i]))))
      return e;
    if ((e = file_at(w, rc_arena_printf(w->a, "%s%sindex%s", p, *p ? "/" : "",
                                        exts[i]))))
      return e;
  }
  const char *dot = strrchr(rc_path_base(p), '.');
  if (dot && (!strcmp(dot, ".js") || !strcmp(dot, ".jsx") ||
              !strcmp(dot, ".mjs") || !strcmp(dot, ".cjs"))) {
    const char *stem = rc_arena_strndup(w->a, p, strlen(p) - strlen(dot));
    for (size_t i = 0; exts[i]; i++)
      if ((e = file_at(w, rc_arena_printf(w->a, "%s%s", stem, exts[i]))))
        return e;
  }
  return NULL;
}

/* A built output's source: dist/server.js -> src/server.ts, server.ts. */
static const struct rc_entry *resolve_built(struct walk *w, const char *dir,
                                            const char *rel)
{
  const struct rc_entry *e = resolve_file(w, rc_path_join(w->a, dir, rel));
  if (e)
    return e;
  static const char *const outs[] = {"dist/",  "build/",  "lib/", "out/",
                                     ".next/", "output/", NULL};
  while (rel[0] == '.' && rel[1] == '/')
    rel += 2;
  for (size_t i = 0; outs[i]; i++) {
    size_t n = strlen(outs[i]);
    if (strncmp(rel, outs[i], n) != 0)
      continue;
    const char *rest = rel + n;
    if ((e = resolve_file(
             w,
             rc_path_join(w->a, dir, rc_arena_printf(w->a, "src/%s", rest)))))
      return e;
    if ((e = resolve_file(w, rc_path_join(w->a, dir, rest))))
      return e;
    const char *slash = strchr(rest, '/');
    if (slash && (e = resolve_file(w, rc_path_join(w->a, dir, slash + 1))))
      return e;
  }
  return NULL;
}

/* ---- JSON with comments -----------------------------------------------------
 */

/* tsconfig.json allows comments and trailing commas; cJSON does not. */
static char *strip_jsonc(const char *s, size_t len)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '"') {
      size_t j = i + 1;
      while (j < len && s[j] != '"')
        j += s[j] == '\\' ? 2 : 1;
      rc_buf_add(&b, s + i, (j < len ? j + 1 : len) - i);
      i = j;
    } else if (c == '/' && i + 1 < len && s[i + 1] == '/') {
      while (i < len && s[i] != '\n')
        i++;
      rc_buf_putc(&b, '\n');
    } else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
      for (i += 2; i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'); i++)
        ;
      i++;
    } else if (c == ',') {
      size_t j = i + 1;
      while (j < len && isspace((unsigned char)s[j]))
        j++;
      if (j < len && (s[j] == '}' || s[j] == ']'))
        continue;
      rc_buf_putc(&b, c);
    } else {
      rc_buf_putc(&b, c);
    }
  }
  return rc_buf_detach(&b);
}

static cJSON *read_json(struct walk *w, const char *path, bool jsonc)
{
  const struct rc_entry *e = file_at(w, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_entry_size(w->m->index, e) > MAX_SOURCE_BYTES ||
      rc_index_read(w->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  if (!jsonc)
    return cJSON_ParseWithLength(data, len);
  char *clean = strip_jsonc(data, len);
  cJSON *j = clean ? cJSON_Parse(clean) : NULL;
  free(clean);
  return j;
}

/* ---- tsconfig paths
 * ---------------------------------------------------------- */

struct alias {
  const char *pattern; /* "@/" followed by a star, or "~lib" */
  const char **targets;
  size_t n;
};

struct tsconf {
  const char *dir;      /* the folder it applies to (cache key) */
  const char *base;     /* repo folder aliases resolve from */
  const char *base_url; /* repo folder of baseUrl, or NULL */
  struct alias *al;
  size_t n_al;
  struct rc_ignore *ig; /* .gitignore rules of base_url and above, or NULL */
  struct rc_webpack_resolve wp; /* the nearest webpack config's, or empty */
};

static void load_paths(struct walk *w, struct tsconf *t, const char *path,
                       unsigned depth)
{
  cJSON *j = read_json(w, path, true);
  if (!j)
    return;
  const char *dir = rc_path_dir(w->a, path);
  const cJSON *ext = cJSON_GetObjectItemCaseSensitive(j, "extends");
  if (cJSON_IsString(ext) && ext->valuestring[0] == '.' &&
      depth < MAX_EXTENDS) {
    const char *p = rc_path_join(w->a, dir, ext->valuestring);
    if (p && !strstr(rc_path_base(p), ".json"))
      p = rc_arena_printf(w->a, "%s.json", p);
    load_paths(w, t, p, depth + 1);
  }
  const cJSON *co = cJSON_GetObjectItemCaseSensitive(j, "compilerOptions");
  const cJSON *bu = cJSON_GetObjectItemCaseSensitive(co, "baseUrl");
  if (cJSON_IsString(bu)) {
    t->base_url = rc_path_join(w->a, dir, bu->valuestring);
    t->base = t->base_url;
  } else if (!t->base) {
    t->base = dir;
  }
  const cJSON *paths = cJSON_GetObjectItemCaseSensitive(co, "paths");
  const cJSON *p;
  if (cJSON_IsObject(paths)) {
    t->n_al = 0;
    size_t n = (size_t)cJSON_GetArraySize(paths);
    t->al = rc_arena_alloc(w->a, (n ? n : 1) * sizeof(*t->al));
    t->base = t->base_url ? t->base_url : dir;
  }
  if (!cJSON_IsObject(paths))
    paths = NULL;
  cJSON_ArrayForEach(p, paths) {
    struct alias *al = &t->al[t->n_al++];
    al->pattern = rc_arena_strdup(w->a, p->string);
    size_t n = (size_t)cJSON_GetArraySize(p);
    al->targets = rc_arena_alloc(w->a, (n ? n : 1) * sizeof(*al->targets));
    const cJSON *tgt;
    cJSON_ArrayForEach(tgt, p)
      if (cJSON_IsString(tgt))
        al->targets[al->n++] = rc_arena_strdup(w->a, tgt->valuestring);
  }
  cJSON_Delete(j);
}

/* The .gitignore rules that apply inside folder dir: those of dir and of
 * every folder above it, the root's first. */
static struct rc_ignore *ignores_in(struct walk *w, const char *dir)
{
  const char *chain[32];
  size_t n = 0;
  for (const char *d = dir; n < 32; d = rc_path_dir(w->a, d)) {
    chain[n++] = d;
    if (!*d)
      break;
  }
  struct rc_ignore *ig = rc_ignore_new();
  for (size_t i = n; i-- > 0;) {
    const char *gi = *chain[i]
                         ? rc_arena_printf(w->a, "%s/.gitignore", chain[i])
                         : ".gitignore";
    const struct rc_entry *e = file_at(w, gi);
    const char *data;
    size_t len;
    char err[64];
    if (e && rc_index_read(w->m->index, e, &data, &len, err, sizeof(err)) == 0)
      rc_ignore_add(ig, chain[i], data, len);
  }
  return ig;
}

static const struct rc_entry *resolve_target(struct walk *w, const char *p,
                                             bool assets);

/* How a bundler config file adds resolve folders: webpack's own config or
 * a Rails app's Shakapacker (Webpacker) YAML. */
typedef void (*resolve_reader)(struct rc_arena *a, const char *dir,
                               const char *data, size_t len,
                               struct rc_webpack_resolve *out);

/* Reads the first of names found in dir or the nearest folder above it:
 * a bundler config applies to every file beneath it, as its tool looks it
 * up from the working directory. */
static void nearest_config(struct walk *w, const char *dir,
                           const char *const *names, resolve_reader read,
                           struct rc_webpack_resolve *out)
{
  for (const char *d = dir;; d = rc_path_dir(w->a, d)) {
    for (size_t k = 0; names[k]; k++) {
      const char *p =
          *d ? rc_arena_printf(w->a, "%s/%s", d, names[k]) : names[k];
      const struct rc_entry *e = file_at(w, p);
      const char *data;
      size_t len;
      char err[64];
      if (e && rc_entry_size(w->m->index, e) <= MAX_SOURCE_BYTES &&
          rc_index_read(w->m->index, e, &data, &len, err, sizeof(err)) == 0) {
        read(w->a, d, data, len, out);
        return;
      }
    }
    if (!*d)
      return;
  }
}

/* The resolve settings of the webpack config nearest to dir, and the
 * folders a Rails app's Shakapacker (or Webpacker) config adds to
 * resolve.modules (config/shakapacker.yml in dir or a folder above). */
static void bundler_resolve_for(struct walk *w, const char *dir,
                                struct rc_webpack_resolve *out)
{
  static const char *const webpack[] = {
      "webpack.config.js", "webpack.config.ts", "webpack.config.cjs",
      "webpack.config.mjs", NULL};
  static const char *const webpacker[] = {"config/shakapacker.yml",
                                          "config/webpacker.yml", NULL};
  nearest_config(w, dir, webpack, rc_webpack_resolve_read, out);
  nearest_config(w, dir, webpacker, rc_webpacker_resolve_read, out);
}

/* A bare specifier webpack finds in a resolve.modules folder, or - with
 * preferRelative - beside the importing file. */
static const struct rc_entry *resolve_webpack(struct walk *w,
                                              const struct tsconf *t,
                                              const char *from_dir,
                                              const char *spec)
{
  const struct rc_entry *e = NULL;
  if (t->wp.prefer_relative)
    e = resolve_target(w, rc_path_join(w->a, from_dir, spec), true);
  for (size_t i = 0; i < t->wp.n_roots && !e; i++)
    e = resolve_target(w, rc_path_join(w->a, t->wp.roots[i], spec), true);
  return e;
}

/* The tsconfig.json or jsconfig.json nearest to dir (cached by folder). */
static const struct tsconf *tsconfig_for(struct walk *w, const char *dir)
{
  for (size_t i = 0; i < w->n_ts; i++)
    if (strcmp(w->ts[i].dir, dir) == 0)
      return &w->ts[i];
  struct tsconf t = {.dir = rc_arena_strdup(w->a, dir)};
  for (const char *d = dir;; d = rc_path_dir(w->a, d)) {
    const char *names[] = {"tsconfig.json", "jsconfig.json"};
    const char *found = NULL;
    for (size_t k = 0; k < 2 && !found; k++) {
      const char *p =
          *d ? rc_arena_printf(w->a, "%s/%s", d, names[k]) : names[k];
      if (file_at(w, p))
        found = p;
    }
    if (found) {
      load_paths(w, &t, found, 0);
      break;
    }
    if (!*d)
      break;
  }
  if (t.base_url)
    t.ig = ignores_in(w, t.base_url);
  bundler_resolve_for(w, dir, &t.wp);
  rc_grow((void **)&w->ts, &w->cap_ts, w->n_ts, sizeof(*w->ts));
  w->ts[w->n_ts] = t;
  return &w->ts[w->n_ts++];
}

/* What an alias target names: a source file, or - when the question is only
 * "is this specifier local?" - any file (`assets/logo.png`, `themes/app.css`
 * through a "*" alias). */
static const struct rc_entry *resolve_target(struct walk *w, const char *p,
                                             bool assets)
{
  const struct rc_entry *e = resolve_file(w, p);
  return e || !assets ? e : file_at(w, p);
}

static const struct rc_entry *resolve_alias(struct walk *w,
                                            const struct tsconf *t,
                                            const char *spec, bool assets)
{
  for (size_t i = 0; i < t->n_al; i++) {
    const char *pat = t->al[i].pattern;
    const char *star = strchr(pat, '*');
    size_t pre = star ? (size_t)(star - pat) : strlen(pat);
    if (strncmp(spec, pat, pre) != 0 || (!star && spec[pre]))
      continue;
    const char *rest = spec + pre;
    size_t suf = star ? strlen(star + 1) : 0;
    if (strlen(rest) < suf)
      continue;
    const char *mid = rc_arena_strndup(w->a, rest, strlen(rest) - suf);
    for (size_t k = 0; k < t->al[i].n; k++) {
      const char *tgt = t->al[i].targets[k];
      const char *ts = strchr(tgt, '*');
      const char *path = ts ? rc_arena_printf(w->a, "%.*s%s%s", (int)(ts - tgt),
                                              tgt, mid, ts + 1)
                            : tgt;
      if (!t->base) /* a baseUrl the repository cannot hold: no path known */
        return NULL;
      const struct rc_entry *e =
          resolve_target(w, rc_path_join(w->a, t->base, path), assets);
      if (e)
        return e;
    }
  }
  if (!t->base_url)
    return NULL;
  const struct rc_entry *e =
      resolve_target(w, rc_path_join(w->a, t->base_url, spec), assets);
  if (e)
    return e;
  /* src/generated/prisma/client: generated at build time, but its folder
   * src/ is here - the name is local, not a package */
  const char *first = rc_arena_strndup(w->a, spec, strcspn(spec, "/"));
  const char *dir = rc_path_join(w->a, t->base_url, first);
  e = dir && strchr(spec, '/') ? rc_index_find(w->m->index, dir) : NULL;
  if (e && e->kind == RC_ENTRY_DIR)
    return e;
  /* src/generated-sources: a client the build generates into baseUrl,
   * which a .gitignore lists - local code, not a package */
  if (!dir || !t->ig || !rc_ignore_match(t->ig, dir, first, true))
    return NULL;
  e = rc_index_find(w->m->index, t->base_url);
  return e && e->kind == RC_ENTRY_DIR ? e : NULL;
}

/* ---- workspace packages -------------------------------------------------- */

struct pkg {
  const char *name;
  const char *dir;
};

static int on_manifest(const struct rc_entry *e, void *arg)
{
  struct walk *w = arg;
  if (strcmp(e->name, "package.json") != 0 ||
      strstr(e->path, "node_modules/") || w->n_pkgs >= MAX_PACKAGES)
    return 0;
  cJSON *j = read_json(w, e->path, false);
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
  if (cJSON_IsString(name)) {
    rc_grow((void **)&w->pkgs, &w->cap_pkgs, w->n_pkgs, sizeof(*w->pkgs));
    w->pkgs[w->n_pkgs++] = (struct pkg){
        rc_arena_strdup(w->a, name->valuestring), rc_path_dir(w->a, e->path)};
  }
  cJSON_Delete(j);
  return 0;
}

static void add_entries_of_package(struct walk *w, const char *dir,
                                   const cJSON *pkg);

/* A bare import of a workspace package (@org/ui or @org/ui/button). */
static bool reach_workspace(struct walk *w, const char *spec)
{
  for (size_t i = 0; i < w->n_pkgs; i++) {
    size_t n = strlen(w->pkgs[i].name);
    if (strncmp(spec, w->pkgs[i].name, n) != 0 || (spec[n] && spec[n] != '/'))
      continue;
    const char *dir = w->pkgs[i].dir;
    if (spec[n] == '/') {
      const struct rc_entry *e = resolve_built(w, dir, spec + n + 1);
      if (!e)
        e = resolve_file(
            w, rc_path_join(w->a, dir,
                            rc_arena_printf(w->a, "src/%s", spec + n + 1)));
      reach(w, e);
      return true;
    }
    const char *mp =
        *dir ? rc_arena_printf(w->a, "%s/package.json", dir) : "package.json";
    cJSON *j = read_json(w, mp, false);
    add_entries_of_package(w, dir, j);
    cJSON_Delete(j);
    return true;
  }
  return false;
}

/* ---- entry points
 * ------------------------------------------------------------ */

static void reach_rel(struct walk *w, const char *dir, const char *rel)
{
  if (rel && *rel)
    reach(w, resolve_built(w, dir, rel));
}

/* Every string under an `exports` map (conditions and subpaths). */
static void reach_exports(struct walk *w, const char *dir, const cJSON *x,
                          unsigned depth)
{
  if (depth > 8)
    return;
  if (cJSON_IsString(x))
    reach_rel(w, dir, x->valuestring);
  if (!cJSON_IsObject(x) && !cJSON_IsArray(x))
    return;
  const cJSON *c;
  cJSON_ArrayForEach(c, x)
    reach_exports(w, dir, c, depth + 1);
}

static void add_entries_of_package(struct walk *w, const char *dir,
                                   const cJSON *pkg)
{
  static const char *const fields[] = {"main", "module", "source", "browser",
                                       NULL};
  size_t before = w->n;
  for (size_t i = 0; fields[i]; i++) {
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(pkg, fields[i]);
    if (cJSON_IsString(f))
      reach_rel(w, dir, f->valuestring);
  }
  const cJSON *bin = cJSON_GetObjectItemCaseSensitive(pkg, "bin");
  reach_exports(w, dir, bin, 0);
  reach_exports(w, dir, cJSON_GetObjectItemCaseSensitive(pkg, "exports"), 0);
  if (w->n == before) {
    const char *cands[] = {"src/index", "index", "src/main", "lib/index", NULL};
    for (size_t i = 0; cands[i] && w->n == before; i++)
      reach(w, resolve_file(w, rc_path_join(w->a, dir, cands[i])));
  }
}

/* Words of a command that name source files (node dist/server.js, tsx
 * src/index.ts, ["node", "server.js"]). */
static void reach_command(struct walk *w, const char *dir, const char *cmd)
{
  if (!cmd)
    return;
  char *copy = rc_arena_strdup(w->a, cmd);
  for (char *save = NULL, *t = strtok_r(copy, " \t[],\"'", &save); t;
       t = strtok_r(NULL, " \t[],\"'", &save)) {
    if (t[0] == '-' || strchr(t, '=') || !strchr(t, '.'))
      continue;
    const char *rel = t;
    while (*rel == '/')
      rel++;
    const struct rc_entry *e = resolve_built(w, dir, rel);
    for (const char *s = rel; !e && (s = strchr(s, '/')); s++)
      e = resolve_built(w, dir, s + 1); /* /app/dist/x.js -> dist/x.js */
    reach(w, e);
  }
}

static bool has_dep(const cJSON *pkg, const char *name)
{
  const char *fields[] = {"dependencies", "devDependencies",
                          "peerDependencies"};
  size_t n = strlen(name);
  for (size_t i = 0; i < 3; i++) {
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(pkg, fields[i])) {
      if (d->string && strncmp(d->string, name, n) == 0 &&
          (name[n - 1] == '/' || d->string[n] == '\0'))
        return true;
    }
  }
  return false;
}

static int on_under(const struct rc_entry *e, void *arg)
{
  reach(arg, e);
  return 0;
}

struct own_walk {
  struct walk *w;
  const char *dir; /* the package's folder */
};

/* A file of the package itself: no package.json between it and dir. */
static int on_own(const struct rc_entry *e, void *arg)
{
  struct own_walk *o = arg;
  struct walk *w = o->w;
  for (const char *d = rc_path_dir(w->a, e->path);
       *d && strcmp(d, o->dir) != 0 && rc_path_within(d, o->dir);
       d = rc_path_dir(w->a, d))
    if (file_at(w, rc_arena_printf(w->a, "%s/package.json", d)))
      return 0; /* another package: reached through imports, if at all */
  reach(w, e);
  return 0;
}

/* Every source file of the package in dir, not of packages nested in it. */
static void reach_own_files(struct walk *w, const char *dir)
{
  struct own_walk o = {w, dir};
  rc_index_glob(w->m->index,
                *dir ? rc_arena_printf(w->a, "%s/**/*", dir) : "**/*",
                RC_ENTRY_FILE, on_own, &o);
}

/* Every source file under dir/sub (frameworks that find files by name). */
static void reach_tree(struct walk *w, const char *dir, const char *sub)
{
  const char *root = rc_path_join(w->a, dir, sub);
  if (!root)
    return;
  if (!*root) {
    rc_index_glob(w->m->index, "**/*", RC_ENTRY_FILE, on_under, w);
    return;
  }
  const struct rc_entry *e = rc_index_find(w->m->index, root);
  if (e && e->kind == RC_ENTRY_FILE) {
    reach(w, e);
    return;
  }
  if (!e || e->kind != RC_ENTRY_DIR)
    return;
  rc_index_glob(w->m->index, rc_arena_printf(w->a, "%s/**/*", root),
                RC_ENTRY_FILE, on_under, w);
}

/* Frameworks route by file name: their routes are entry points. */
static void reach_conventions(struct walk *w, const char *dir, const cJSON *pkg)
{
  static const struct {
    const char *dep;
    const char *paths[8];
  } fw[] = {
      {"next",
       {"pages", "app", "src/pages", "src/app", "middleware", "src/middleware",
        "instrumentation", NULL}},
      {"@sveltejs/kit",
       {"src/routes", "src/hooks.server", "src/hooks.client", "src/hooks",
        NULL}},
      {"@remix-run/",
       {"app/root", "app/routes", "app/entry.server", "app/entry.client",
        NULL}},
      {"@react-router/",
       {"app/root", "app/routes", "app/routes.ts", "app/entry.server", NULL}},
      {"astro", {"src/pages", "src/middleware", NULL}},
      {"gatsby", {"src/pages", "gatsby-node", "gatsby-browser", NULL}},
      {"expo", {"app", "App", "index", NULL}},
      {"@nestjs/core", {"src/main", NULL}},
      {"@angular/core", {"src/main", NULL}},
      {"vite", {"src/main", "src/index", NULL}},
      {"react-scripts", {"src/index", NULL}},
      {"vue", {"src/main", NULL}},
  };
  for (size_t i = 0; i < sizeof(fw) / sizeof(fw[0]); i++) {
    if (!has_dep(pkg, fw[i].dep))
      continue;
    for (size_t k = 0; fw[i].paths[k]; k++) {
      reach_tree(w, dir, fw[i].paths[k]);
      reach(w, resolve_file(w, rc_path_join(w->a, dir, fw[i].paths[k])));
    }
  }
}

/* Frameworks that import by convention everywhere (Nuxt auto-imports
 * components, composables and utils): every file of the folder counts. */
static bool imports_implicitly(const cJSON *pkg)
{
  return has_dep(pkg, "nuxt") || has_dep(pkg, "@nuxt/") ||
         has_dep(pkg, "@docusaurus/core");
}

/* A bundler's configuration names the entry of the browser bundle
 * (`input: { index: "./app/index.tsx" }`, `entry: "./src/main.js"`): every
 * quoted path in it that is a source file of the package is an entry. */
static void reach_bundler_entries(struct walk *w, const char *dir)
{
  static const char *const configs[] = {
      "vite.config.ts",     "vite.config.js",     "vite.config.mjs",
      "vite.config.mts",    "webpack.config.js",  "webpack.config.ts",
      "rollup.config.js",   "rollup.config.mjs",  "esbuild.config.js",
      "esbuild.config.mjs", "tsup.config.ts",     "webpack.mix.js",
      "webpack.config.mjs", "webpack.config.cjs", "rspack.config.js",
      "rspack.config.ts",   "rsbuild.config.ts",  NULL};
  for (size_t i = 0; configs[i]; i++) {
    const struct rc_entry *e = file_at(
        w, *dir ? rc_arena_printf(w->a, "%s/%s", dir, configs[i]) : configs[i]);
    const char *data;
    size_t len;
    char err[128];
    if (!e || rc_entry_size(w->m->index, e) > MAX_SOURCE_BYTES ||
        rc_index_read(w->m->index, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    for (size_t k = 0; k < len; k++) {
      char q = data[k];
      if (q != '"' && q != '\'')
        continue;
      size_t end = k + 1;
      while (end < len && data[end] != q && data[end] != '\n' && end - k < 256)
        end++;
      if (end < len && data[end] == q && end > k + 3) {
        const char *s = rc_arena_strndup(w->a, data + k + 1, end - k - 1);
        if (strchr(s, '/') && !strchr(s, ' ') && !strstr(s, "node_modules") &&
            rc_js_is_source(s))
          reach(w, resolve_file(w, rc_path_join(w->a, dir, s)));
      }
      k = end;
    }
  }
}

static void reach_scripts(struct walk *w, const char *dir, const cJSON *pkg)
{
  static const char *const names[] = {"start", "start:prod", "serve",
                                      "prod",  "server",     NULL};
  const cJSON *scripts = cJSON_GetObjectItemCaseSensitive(pkg, "scripts");
  for (size_t i = 0; names[i]; i++) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(scripts, names[i]);
    if (cJSON_IsString(s))
      reach_command(w, dir, s->valuestring);
  }
}

static void reach_defaults(struct walk *w, const char *dir)
{
  static const char *const cands[] = {"src/index", "src/main", "src/server",
                                      "src/app",   "index",    "main",
                                      "server",    "app",      NULL};
  for (size_t i = 0; cands[i]; i++)
    reach(w, resolve_file(w, rc_path_join(w->a, dir, cands[i])));
}

/* ---- following imports ----------------------------------------------------
 */

struct file_walk {
  struct walk *w;
  const char *file;
  const char *dir;
};

static void on_import(const char *spec, size_t len, unsigned line,
                      unsigned flags, void *arg)
{
  (void)line;
  struct file_walk *fw = arg;
  struct walk *w = fw->w;
  if ((flags & RC_JS_TYPE_ONLY) || len == 0 || len > 512)
    return;
  const char *s = rc_arena_strndup(w->a, spec, len);
  const char *q = strpbrk(s, "?#");
  if (q && q != s)
    s = rc_arena_strndup(w->a, s, (size_t)(q - s)); /* ./x.svg?raw */
  if (s[0] == '.') {
    reach(w, resolve_file(w, rc_path_join(w->a, fw->dir, s)));
    return;
  }
  const struct tsconf *t = tsconfig_for(w, fw->dir);
  const struct rc_entry *e = resolve_alias(w, t, s, false);
  if (!e)
    e = resolve_webpack(w, t, fw->dir, s);
  if (e) {
    reach(w, e);
    return;
  }
  if (reach_workspace(w, s))
    return;
  /* bundler aliases without a tsconfig: "@/x" and "~/x" mean src/x */
  if ((s[0] == '@' || s[0] == '~') && s[1] == '/') {
    for (const char *d = fw->dir; !e; d = rc_path_dir(w->a, d)) {
      e = resolve_file(
          w, rc_path_join(w->a, d, rc_arena_printf(w->a, "src/%s", s + 2)));
      if (!*d)
        break;
    }
    reach(w, e);
  }
}

static void drain(struct walk *w)
{
  while (w->q_head < w->q_len) {
    const char *path = w->queue[w->q_head++];
    const struct rc_entry *e = rc_index_find(w->m->index, path);
    const char *data;
    size_t len;
    if (!e ||
        !rc_index_read_text(w->m->index, e, MAX_SOURCE_BYTES, &data, &len))
      continue;
    struct file_walk fw = {w, path, rc_path_dir(w->a, path)};
    rc_js_imports(data, len, on_import, &fw);
  }
}

/* ---- per service ----------------------------------------------------------
 */

/* The service's command starts another language's runtime (`uv run
 * main.py`, gunicorn, java -jar): its package.json is not what runs. */
static bool other_runtime(const char *command)
{
  static const char *const runtimes[] = {
      "\"uv\"",   "uv run",  "python", "gunicorn", "uvicorn", "daphne",
      "\"java\"", "java -",  "dotnet", "php",      "ruby",    "rails",
      "bundle",   "\"mix\"", "beam",   NULL};
  for (size_t i = 0; command && runtimes[i]; i++)
    if (strstr(command, runtimes[i]))
      return true;
  return false;
}

/* The service's image runs a JavaScript package manager while it is built
 * (npm ci, yarn build, pnpm install): its JavaScript is bundled there. */
static bool image_builds_javascript(const struct rc_service *s)
{
  static const char *const tools[] = {"npm ", "npx ", "yarn",
                                      "pnpm", "bun ", NULL};
  const struct rc_dockerfile *df = s->built ? s->built->df : NULL;
  for (size_t i = 0; df && i < df->n; i++) {
    if (strcmp(df->in[i].kw, "RUN") != 0)
      continue;
    for (size_t k = 0; tools[k]; k++)
      if (strstr(df->in[i].args, tools[k]))
        return true;
  }
  return false;
}

/* A package that runs: a start script, an entry field, a framework, or a
 * command that starts a JavaScript runtime. A package.json that only
 * carries tooling (prettier, a CSS build) runs nothing; nor does a
 * framework listed beside a service that runs another language and builds
 * no JavaScript in its image (browser libraries a Python server copies
 * out and serves as they are). */
static bool runs_javascript(const cJSON *pkg, const struct rc_service *s)
{
  const char *command = s->command;
  static const char *const fields[] = {"main", "module", "bin", "exports",
                                       NULL};
  static const char *const scripts[] = {"start", "serve",  "start:prod",
                                        "prod",  "server", NULL};
  static const char *const runtimes[] = {"node ", "node\"",  "npm ", "yarn ",
                                         "pnpm ", "bun ",    "npx ", "deno ",
                                         "tsx ",  "ts-node", NULL};
  static const char *const frameworks[] = {
      "next",          "nuxt",           "@sveltejs/kit",
      "@remix-run/",   "@react-router/", "astro",
      "gatsby",        "expo",           "@nestjs/core",
      "@angular/core", "vite",           "react-scripts",
      "vue",           "express",        "fastify",
      "koa",           "hono",           NULL};
  for (size_t i = 0; fields[i]; i++)
    if (cJSON_GetObjectItemCaseSensitive(pkg, fields[i]))
      return true;
  const cJSON *sc = cJSON_GetObjectItemCaseSensitive(pkg, "scripts");
  for (size_t i = 0; scripts[i]; i++)
    if (cJSON_GetObjectItemCaseSensitive(sc, scripts[i]))
      return true;
  bool served_as_is = other_runtime(command) && !image_builds_javascript(s);
  for (size_t i = 0; !served_as_is && frameworks[i]; i++)
    if (has_dep(pkg, frameworks[i]))
      return true;
  for (size_t i = 0; command && runtimes[i]; i++)
    if (strstr(command, runtimes[i]))
      return true;
  return false;
}

static void walk_service(struct walk *w, struct rc_service *s)
{
  const char *dir = s->dir;
  const char *mp =
      *dir ? rc_arena_printf(w->a, "%s/package.json", dir) : "package.json";
  cJSON *pkg = read_json(w, mp, false);
  if (!pkg || !runs_javascript(pkg, s)) {
    cJSON_Delete(pkg);
    return; /* not a JavaScript service */
  }
  size_t before = w->n;
  /* entries another service already reached still count as found: two
   * images of one package share them */
  size_t seen = w->seen;
  s->reach = RC_REACH_ENTRIES;
  if (imports_implicitly(pkg)) {
    reach_own_files(w, dir);
    s->reach = RC_REACH_ALL;
  } else {
    add_entries_of_package(w, dir, pkg);
    reach_scripts(w, dir, pkg);
    reach_command(w, dir, s->command);
    reach_conventions(w, dir, pkg);
    reach_bundler_entries(w, dir);
    if (w->seen == seen)
      reach_defaults(w, dir);
    if (w->seen == seen) {
      reach_own_files(w, dir);
      s->reach = RC_REACH_ALL;
    }
  }
  s->n_entries = w->seen - seen;
  drain(w);
  s->n_reached = w->n - before;
  cJSON_Delete(pkg);
}

static int by_path(const void *a, const void *b)
{
  const struct rc_reached *x = a, *y = b;
  return strcmp(x->path, y->path);
}

void rc_reach_build(struct rc_model *m)
{
  struct walk *wp = rc_xcalloc(1, sizeof(*wp));
  struct walk w = {.m = m, .a = m->arena};
  rc_index_glob(m->index, "**/package.json", RC_ENTRY_FILE, on_manifest, &w);
  for (size_t i = 0; i < m->n_services; i++) {
    struct rc_service *s = &m->services[i];
    if (!s->dir)
      continue;
    w.service = i;
    walk_service(&w, s);
  }
  m->reached = rc_xcalloc(w.n ? w.n : 1, sizeof(*m->reached));
  for (size_t i = 0; i < w.n_slots; i++)
    if (w.slots[i].path)
      m->reached[m->n_reached++] = (struct rc_reached){
          w.slots[i].path, &m->services[w.slots[i].service]};
  qsort(m->reached, m->n_reached, sizeof(*m->reached), by_path);
  free(w.slots);
  free(w.queue);
  /* The package names and tsconfig cache stay for import resolution. */
  *wp = (struct walk){.m = m,
                      .a = m->arena,
                      .pkgs = w.pkgs,
                      .n_pkgs = w.n_pkgs,
                      .ts = w.ts,
                      .n_ts = w.n_ts,
                      .cap_ts = w.cap_ts};
  m->resolver = wp;
}

/* A file several services reach keeps the first service in memory
 * order: the same one on every run. */
static int by_path_service(const void *a, const void *b)
{
  const struct rc_reached *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  return c ? c : (x->service > y->service) - (x->service < y->service);
}

void rc_reach_add(struct rc_model *m, struct rc_reached *more, size_t n)
{
  if (!n) {
    free(more);
    return;
  }
  size_t total = m->n_reached + n;
  struct rc_reached *all = rc_xcalloc(total, sizeof(*all));
  memcpy(all, m->reached, m->n_reached * sizeof(*all));
  memcpy(all + m->n_reached, more, n * sizeof(*all));
  free(more);
  qsort(all, total, sizeof(*all), by_path_service);
  size_t u = 0;
  for (size_t i = 0; i < total; i++)
    if (!u || strcmp(all[u - 1].path, all[i].path) != 0)
      all[u++] = all[i];
  free(m->reached);
  m->reached = all;
  m->n_reached = u;
}

struct source_count {
  bool (*is_source)(const char *path);
  bool any;
  size_t n;
};

static int on_source(const struct rc_entry *e, void *arg)
{
  struct source_count *c = arg;
  if (c->is_source(e->path))
    c->n++;
  return c->n && c->any;
}

size_t rc_reach_count_sources(const struct rc_model *m, const char *dir,
                              bool (*is_source)(const char *path), bool any)
{
  struct source_count c = {is_source, any, 0};
  rc_index_glob(m->index, *dir ? rc_path_join(m->arena, dir, "**") : "**",
                RC_ENTRY_FILE, on_source, &c);
  return c.n;
}

void rc_reach_release(struct rc_model *m)
{
  struct walk *w = m->resolver;
  if (w) {
    free(w->pkgs);
    for (size_t i = 0; i < w->n_ts; i++)
      rc_ignore_free(w->ts[i].ig);
    free(w->ts);
    free(w);
  }
  free(m->reached);
  m->resolver = NULL;
  m->reached = NULL;
}

const char *rc_model_resolve_import(const struct rc_model *m,
                                    const char *from_dir, const char *spec)
{
  struct walk *w = m->resolver;
  if (!w || !*spec)
    return NULL;
  /* a bundler's resource query names the same file: `logo.svg?react` */
  const char *query = strchr(spec, '?');
  if (query && query > spec)
    spec = rc_arena_strndup(w->a, spec, (size_t)(query - spec));
  const struct rc_entry *e = NULL;
  if (spec[0] == '.') {
    e = resolve_file(w, rc_path_join(w->a, from_dir, spec));
  } else {
    const struct tsconf *t = tsconfig_for(w, from_dir);
    e = resolve_alias(w, t, spec, true);
    if (!e)
      e = resolve_webpack(w, t, from_dir, spec);
  }
  return e ? e->path : NULL;
}

const struct rc_service *rc_model_reached_by(const struct rc_model *m,
                                             const char *path)
{
  size_t lo = 0, hi = m->n_reached;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(m->reached[mid].path, path);
    if (c == 0)
      return m->reached[mid].service;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}
