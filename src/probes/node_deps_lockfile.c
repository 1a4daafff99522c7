/*
 * node_deps_lockfile.c - the node_deps probe's lockfile check (every
 * declared dependency is in the lockfile) and the lockfile lookups the
 * imports check shares: the lockfile at or above a folder, the workspaces
 * it records. Moved from node_deps.c.
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
    bool encloses = rc_path_within(dir, md);
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
const struct rc_entry *nd_find_lock(const struct run *r, const char *dir,
                                    char **lockdir)
{
  const char *want = declared_lock(r, dir);
  char *d = rc_xstrdup(dir);
  for (;;) {
    if (want) {
      char *p = nd_join(d, want);
      const struct rc_entry *e = rc_index_find(r->ctx->index, p);
      free(p);
      if (e) {
        *lockdir = d;
        return e;
      }
    }
    for (size_t i = 0; lock_names[i]; i++) {
      char *p = nd_join(d, lock_names[i]);
      const struct rc_entry *e = rc_index_find(r->ctx->index, p);
      free(p);
      if (e) {
        *lockdir = d;
        return e;
      }
    }
    if (!*d)
      break;
    char *up = nd_dir_of(d);
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
    return nd_declares(entry, name);
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
bool nd_in_text_lock(const char *text, const char *name)
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

const struct manifest *nd_manifest_in(const struct run *r, const char *dir)
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
bool nd_outside_workspaces(const struct run *r, const char *lockdir,
                           const struct manifest *m)
{
  const struct manifest *root = nd_manifest_in(r, lockdir);
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
  const struct rc_entry *e = nd_find_lock(r, m->dir, &lockdir);
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
  if (nd_outside_workspaces(r, lockdir, m)) {
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
        cJSON_GetObjectItemCaseSensitive(m->json, nd_dep_fields[f]);
    const cJSON *d;
    cJSON_ArrayForEach(d, deps) {
      if (!d->string || local_spec(d))
        continue;
      bool ok =
          npm ? in_npm_lock(lock, rel, d->string)
              : nd_in_text_lock(data, d->string) || repo_package(r, d->string);
      if (ok)
        continue;
      (*missing)++;
      if (r->findings++ < MAX_FINDINGS)
        rc_check_evidence(r->out, r->ctx, m->path, 0, "%s '%s' is not in %s",
                          nd_dep_fields[f], d->string, e->path);
    }
  }
  cJSON_Delete(lock);
  free(lockdir);
}

void nd_check_lockfile(struct run *r)
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
