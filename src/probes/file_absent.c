/*
 * file_absent.c - the `file_absent` probe: no path git would ship may
 * match the given paths or globs.
 *
 * Only index entries count (tracked files, and untracked files that no
 * .gitignore covers): a developer's ignored local .env.production is not a
 * finding, a tracked one is. What git tracks or ignores is index.c's call.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum { TYPE_ANY, TYPE_FILE, TYPE_DIR };

static const char *const type_names[] = {"any", "file", "dir", NULL};

struct cfg {
  struct rc_strlist path;
  int type;
  struct rc_strlist exclude;
  bool skip_nonprod;   /* only paths the deployment model calls production */
  bool skip_seed_data; /* not files mounted into a database's init folder */
};

struct found {
  const struct rc_index *idx;
  const struct rc_strlist *exclude;
  const struct rc_model *seeds; /* skip_seed_data: the model, else NULL */
  const struct rc_entry **items;
  size_t n, cap;
};

static const char *noun(int type, bool plural)
{
  static const char *const words[][2] = {
      {"path", "paths"}, {"file", "files"}, {"directory", "directories"}};
  return words[type][plural];
}

static int on_match(const struct rc_entry *e, void *arg)
{
  struct found *f = arg;
  if (rc_strlist_matches(f->exclude, e->path))
    return 0;
  /* what a compose file (any role) mounts into a database image's
   * /docker-entrypoint-initdb.d is the stack's seed data, loaded on
   * purpose (a CI stack's identity provider dump) */
  if (f->seeds && rc_model_seed_user_of(f->seeds, e->path))
    return 0;
  rc_grow((void **)&f->items, &f->cap, f->n, sizeof(*f->items));
  f->items[f->n++] = e;
  return 0;
}

static void collect(struct found *f, const char *glob, int type)
{
  /* A symlink is shipped like a file: it counts as one. */
  if (type != TYPE_DIR) {
    rc_index_glob(f->idx, glob, RC_ENTRY_FILE, on_match, f);
    rc_index_glob(f->idx, glob, RC_ENTRY_SYMLINK, on_match, f);
  }
  if (type != TYPE_FILE)
    rc_index_glob(f->idx, glob, RC_ENTRY_DIR, on_match, f);
}

static int by_path(const void *a, const void *b)
{
  return strcmp((*(const struct rc_entry *const *)a)->path,
                (*(const struct rc_entry *const *)b)->path);
}

static void sort_unique(struct found *f)
{
  if (f->n > 1)
    qsort(f->items, f->n, sizeof(*f->items), by_path);
  size_t out = 0;
  for (size_t i = 0; i < f->n; i++)
    if (out == 0 || f->items[out - 1] != f->items[i])
      f->items[out++] = f->items[i];
  f->n = out;
}

static int is_tracked(const struct rc_entry *e, void *arg)
{
  (void)arg;
  return e->tracked;
}

/* Why git would ship e. A directory is in the index either because files
 * under it are tracked or because nothing ignores it. */
static const char *why_present(const struct rc_index *idx,
                               const struct rc_entry *e)
{
  if (e->tracked)
    return "tracked in git";
  if (e->kind == RC_ENTRY_DIR) {
    struct rc_buf glob;
    rc_buf_init(&glob);
    rc_buf_puts(&glob, e->path);
    rc_buf_puts(&glob, "/**");
    int tracked =
        rc_index_glob(idx, glob.data, RC_ENTRY_FILE, is_tracked, NULL) ||
        rc_index_glob(idx, glob.data, RC_ENTRY_SYMLINK, is_tracked, NULL);
    rc_buf_release(&glob);
    if (tracked)
      return "contains files tracked in git";
  }
  return "not ignored by .gitignore";
}

/* Drops what the deployment model calls development, test, CI or example
 * (`docker/ci/postgres/seed.sql.gz`): without a model every path stays.
 * Returns how many were dropped. */
static size_t keep_production(const struct rc_ctx *ctx, struct found *f)
{
  if (!ctx->model)
    return 0;
  size_t out = 0;
  for (size_t i = 0; i < f->n; i++)
    if (rc_model_file_role(ctx->model, f->items[i]->path) == RC_ROLE_PRODUCTION)
      f->items[out++] = f->items[i];
  size_t dropped = f->n - out;
  f->n = out;
  return dropped;
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  struct found f = {.idx = ctx->index,
                    .exclude = &cfg->exclude,
                    .seeds = cfg->skip_seed_data ? ctx->model : NULL};
  for (size_t i = 0; i < cfg->path.n; i++) {
    const char *bad = rc_glob_check(cfg->path.items[i]);
    if (bad) {
      rc_check_set(out, ctx, RC_OUT_ERROR, "invalid glob '%s': %s",
                   cfg->path.items[i], bad);
      free(f.items);
      return;
    }
    collect(&f, cfg->path.items[i], cfg->type);
  }
  sort_unique(&f);
  size_t left_out = cfg->skip_nonprod ? keep_production(ctx, &f) : 0;
  const char *pats = rc_strlist_quote(ctx->arena, &cfg->path);
  if (f.n == 0 && left_out)
    rc_check_set(out, ctx, RC_OUT_OK,
                 "no %s outside test, CI, development and example folders "
                 "matches %s",
                 noun(cfg->type, false), pats);
  else if (f.n == 0)
    rc_check_set(out, ctx, RC_OUT_OK, "no %s in the repository matches %s",
                 noun(cfg->type, false), pats);
  else if (f.n == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "found '%s' in the repository",
                 f.items[0]->path);
  else
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "found %zu %s in the repository matching %s", f.n,
                 noun(cfg->type, true), pats);
  /* In a repository with no file at all, "none is here" was never in
   * doubt: nothing to check, not a pass. */
  out->vacuous =
      f.n == 0 && !left_out && ctx->index && !rc_index_has_files(ctx->index);
  for (size_t i = 0; i < f.n; i++)
    rc_check_evidence(out, ctx, f.items[i]->path, 0, "%s",
                      why_present(ctx->index, f.items[i]));
  if (left_out)
    rc_check_evidence_mark(out, ctx, RC_EV_PASS, NULL, 0,
                           "ok: %zu more under test, CI, development or "
                           "example folders (not production)",
                           left_out);
  free(f.items);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (cfg->path.n == 0)
    rc = rc_error(d, loc, "'path' needs at least one path or glob");
  if (rc_globs_validate(&cfg->path, "path", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), RC_FIELD_REQUIRED,
     NULL,
     "paths or globs that no tracked or unignored file may match (ignored "
     "local files do not count)"},
    {"type", RC_FIELD_ENUM, offsetof(struct cfg, type), 0, type_names,
     "what counts as a match: any (default), file or dir"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of paths that do not count (vendored code, test fixtures)"},
    {"skip_nonprod", RC_FIELD_BOOL, offsetof(struct cfg, skip_nonprod), 0, NULL,
     "only paths the deployment model calls production count (not test, "
     "CI, development or example folders)"},
    {"skip_seed_data", RC_FIELD_BOOL, offsetof(struct cfg, skip_seed_data), 0,
     NULL,
     "leave out files a compose service mounts (itself or its folder) into "
     "a database image's /docker-entrypoint-initdb.d (seed data loaded on "
     "purpose)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* skip_nonprod and skip_seed_data read the deployment model. */
static bool reads_model_for(const void *vcfg)
{
  const struct cfg *cfg = vcfg;
  return cfg->skip_nonprod || cfg->skip_seed_data;
}

const struct rc_probe rc_probe_file_absent = {
    .name = "file_absent",
    .summary = "no file git would ship matches the given paths or globs",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model_for = reads_model_for,
};
