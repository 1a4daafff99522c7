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

#include "node_deps_parts.h"

static const char *const check_names[] = {"imports", "lockfile", NULL};
static const char *const locked_names[] = {"any", "no", "yes", NULL};
static const char *const lock_file_names[] = {"any", "present", "absent", NULL};
static const char *const reach_names[] = {"any", "reached", "unreached", NULL};

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

/* ---- paths ---- */

char *nd_dir_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_xstrndup(path, (size_t)(slash - path)) : rc_xstrdup("");
}

char *nd_join(const char *dir, const char *name)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s%s%s", dir, *dir ? "/" : "", name);
  char *s = rc_xstrdup(b.data);
  rc_buf_release(&b);
  return s;
}

bool nd_in_skipped_dir(const char *path)
{
  for (size_t i = 0; skipped_dirs[i]; i++) {
    size_t n = strlen(skipped_dirs[i]);
    for (const char *p = path; (p = strstr(p, skipped_dirs[i])); p += n)
      if ((p == path || p[-1] == '/') && p[n] == '/')
        return true;
  }
  return false;
}

bool nd_any_glob(const char *const *globs, size_t n, const char *path)
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
  r->m[r->n_m++] = (struct manifest){path, nd_dir_of(path), j, 0};
}

static int on_manifest(const struct rc_entry *e, void *arg)
{
  if (!nd_in_skipped_dir(e->path) && strcmp(e->name, "package.json") == 0)
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

const char *const nd_dep_fields[] = {"dependencies", "devDependencies",
                                     "peerDependencies", "optionalDependencies",
                                     NULL};

/* json lists name in one of its dependency maps (not its own name). */
bool nd_declares_dependency(const cJSON *json, const char *name)
{
  for (size_t i = 0; nd_dep_fields[i]; i++)
    if (cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(json, nd_dep_fields[i]), name))
      return true;
  return false;
}

bool nd_declares(const cJSON *json, const char *name)
{
  if (nd_declares_dependency(json, name))
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
const char *nd_pinning_field(const cJSON *json, const char *name)
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

/* Asks at(folder) of dir and each folder above it, up to the root, until
 * one answers true. */
bool nd_up_from(const char *dir, bool (*at)(const char *folder, void *arg),
                void *arg)
{
  char *d = rc_xstrdup(dir);
  bool found;
  for (;;) {
    found = at(d, arg);
    if (found || !*d)
      break;
    char *up = nd_dir_of(d);
    free(d);
    d = up;
  }
  free(d);
  return found;
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
    nd_check_imports(&r);
  else
    nd_check_lockfile(&r);
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
