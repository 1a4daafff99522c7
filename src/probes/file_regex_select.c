/*
 * file_regex_select.c - which files a file_regex check searches: the
 * globs' matches (and explicit paths git ignores, and symlinks to files),
 * less the excluded ones, narrowed by what the deployment model says
 * (deployed, samples, seed data, production roles, Django settings
 * modules, templates), sorted by path: the plan step of struct
 * rc_scan_ops.
 */
#define _GNU_SOURCE /* memrchr */

#include <ctype.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/buf.h"
#include "readycheck/codeloads.h"
#include "readycheck/compose.h"
#include "readycheck/disown.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/keyfile.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/referrers.h"
#include "readycheck/regex.h"
#include "readycheck/scan.h"
#include "readycheck/tokencheck.h"
#include "readycheck/vars.h"

#include "file_regex_parts.h"

static void select_add(struct selection *s, const char *path,
                       const struct rc_entry *e)
{
  rc_grow((void **)&s->items, &s->cap, s->n, sizeof(*s->items));
  s->items[s->n++] = (struct rc_scan_target){path, e};
}

static int on_file(const struct rc_entry *e, void *arg)
{
  select_add(arg, e->path, e);
  return 0;
}

/* A symlink is read through when it leads to a file inside the root. */
static int on_symlink(const struct rc_entry *e, void *arg)
{
  struct selection *s = arg;
  enum rc_entry_kind kind;
  if (rc_index_stat_path(s->idx, e->path, &kind, NULL, 0) == 1 &&
      kind == RC_ENTRY_FILE)
    select_add(s, e->path, NULL);
  return 0;
}

/* Returns 0, or -1 with a message in err. */
static int select_literal(struct selection *s, const char *path, char *err,
                          size_t errlen)
{
  const struct rc_entry *e = rc_index_find(s->idx, path);
  enum rc_entry_kind kind = e ? e->kind : RC_ENTRY_FILE;
  if (!e) {
    int rc = rc_index_stat_path(s->idx, path, &kind, err, errlen);
    if (rc <= 0)
      return rc;
  }
  if (kind == RC_ENTRY_DIR) {
    snprintf(err, errlen, "'%s' is a directory, not a file", path);
    return -1;
  }
  select_add(s, path, e && e->kind == RC_ENTRY_FILE ? e : NULL);
  return 0;
}

/* Path order; entries are sorted by path already, so two of them compare
 * by their place in the index. */
static int by_path(const void *a, const void *b)
{
  const struct rc_scan_target *x = a, *y = b;
  if (x->e && y->e)
    return x->e < y->e ? -1 : x->e > y->e;
  return strcmp(x->path, y->path);
}

static bool sorted(const struct selection *s)
{
  for (size_t i = 1; i < s->n; i++)
    if (by_path(&s->items[i - 1], &s->items[i]) > 0)
      return false;
  return true;
}

/* Index entries an exclude glob removes, as bits by entry position. */
struct excluded {
  const struct rc_entry *first;
  unsigned char *bits;
};

static int on_excluded(const struct rc_entry *e, void *arg)
{
  struct excluded *x = arg;
  size_t i = (size_t)(e - x->first);
  x->bits[i / 8] |= (unsigned char)(1u << (i % 8));
  return 0;
}

static bool excluded(const struct cfg *cfg, const struct excluded *x,
                     const struct rc_scan_target *t)
{
  if (!cfg->exclude.n)
    return false;
  if (!t->e || !x->bits)
    return rc_strlist_matches(&cfg->exclude, t->path);
  size_t i = (size_t)(t->e - x->first);
  return (x->bits[i / 8] >> (i % 8)) & 1;
}

/* Two entries are the same file when they are the same entry: only other
 * paths need their bytes compared. */
static bool same_target(const struct rc_scan_target *a,
                        const struct rc_scan_target *b)
{
  if (a->e && b->e)
    return a->e == b->e;
  return strcmp(a->path, b->path) == 0;
}

/* The end of the ordered run that starts at v[i]. */
static size_t run_end(const struct rc_scan_target *v, size_t i, size_t n)
{
  for (i++; i < n && by_path(&v[i - 1], &v[i]) <= 0; i++)
    ;
  return i;
}

/* Path order, stable. The files of one glob come in path order (the
 * index's), so a selection is a few ordered runs, one per glob: merging
 * them costs a comparison of entry places per file and merge, where a
 * general sort compared far more (a tenth of a run on a 200,000-file
 * tree, rules having several globs). */
static void sort_selection(struct selection *s)
{
  struct rc_scan_target *a = s->items;
  struct rc_scan_target *b = rc_xcalloc(s->n, sizeof(*b));
  for (size_t runs = 2; runs > 1;) {
    runs = 0;
    for (size_t i = 0; i < s->n; runs++) {
      size_t mid = run_end(a, i, s->n);
      size_t end = mid < s->n ? run_end(a, mid, s->n) : mid;
      size_t x = i, y = mid, o = i;
      while (x < mid && y < end)
        b[o++] = by_path(&a[y], &a[x]) < 0 ? a[y++] : a[x++];
      while (x < mid)
        b[o++] = a[x++];
      while (y < end)
        b[o++] = a[y++];
      i = end;
    }
    struct rc_scan_target *t = a;
    a = b;
    b = t;
  }
  if (a != s->items) {
    memcpy(s->items, a, s->n * sizeof(*a));
    free(a);
  } else {
    free(b);
  }
}

/* Sorted, each path once, exclusions removed. An entry is excluded when
 * the index's answer to an exclude glob holds it (answers are shared by
 * every rule); another path is matched against the globs. */
static void finish_selection(const struct cfg *cfg, struct selection *s)
{
  if (s->n > 1 && !sorted(s))
    sort_selection(s);
  struct excluded x = {rc_index_at(s->idx, 0), NULL};
  if (cfg->exclude.n && x.first) {
    x.bits = rc_xcalloc(rc_index_count(s->idx) / 8 + 1, 1);
    for (size_t i = 0; i < cfg->exclude.n; i++)
      rc_index_glob_any(s->idx, cfg->exclude.items[i], on_excluded, &x);
  }
  size_t out = 0;
  for (size_t i = 0; i < s->n; i++) {
    if (out && same_target(&s->items[out - 1], &s->items[i]))
      continue;
    if (!excluded(cfg, &x, &s->items[i]))
      s->items[out++] = s->items[i];
  }
  s->n = out;
  free(x.bits);
}

static void keep_deployed(const struct rc_ctx *ctx, const struct cfg *cfg,
                          struct selection *s)
{
  const char **paths = rc_xcalloc(s->n + 1, sizeof(*paths));
  bool *keep = rc_xcalloc(s->n + 1, sizeof(*keep));
  for (size_t i = 0; i < s->n; i++)
    paths[i] = s->items[i].path;
  bool evidenced = rc_keep_deployed(ctx, paths, s->n, keep);
  bool scoped = cfg->deploys == DEPLOYS_ANY || evidenced;
  for (size_t i = 0; scoped && cfg->deploys == DEPLOYS_EVIDENCED && i < s->n;
       i++)
    keep[i] = keep[i] && !rc_model_side_stack_only(ctx->model, paths[i]);
  size_t out = 0;
  for (size_t i = 0; i < s->n; i++)
    if (keep[i] && scoped)
      s->items[out++] = s->items[i];
  s->n = out;
  free(paths);
  free(keep);
}

/* A Python file beside the settings modules the model knows (in the same
 * settings package) that nothing names, when a production file names the
 * module production loads: settings/production.py is then a leftover no
 * deployment runs, whatever its name says. Without such a name (only the
 * wsgi.py default) the environment may still choose it. */
static bool unloaded_settings(const struct rc_ctx *ctx, const char *path)
{
  const struct rc_model *m = ctx->model;
  const char *dot = strrchr(rc_path_base(path), '.');
  if (!dot || strcmp(dot, ".py") != 0 || rc_model_settings_use(m, path))
    return false;
  bool named = false;
  for (size_t i = 0; i < m->n_settings; i++)
    named |= m->settings[i].role == RC_ROLE_PRODUCTION &&
             !m->settings[i].by_default && !m->settings[i].local;
  const char *dir = rc_path_dir(ctx->arena, path);
  for (size_t i = 0; named && i < m->n_settings; i++)
    if (strcmp(rc_path_dir(ctx->arena, m->settings[i].path), dir) == 0)
      return true;
  return false;
}

/* Django settings: the modules production's DJANGO_SETTINGS_MODULE names
 * are judged whatever their name (mysite/settings.py), and a settings
 * module only development or tests name is not (settings.py as
 * manage.py's default when production sets settings.production). */
void fr_django_settings(const struct rc_ctx *ctx, const struct cfg *cfg,
                        struct selection *s)
{
  const struct rc_model *m = ctx->model;
  if (!m || (!m->n_settings && !m->n_app_settings))
    return;
  /* and the files of Flask config classes and Rails environments
   * production loads (appsettings.h): search() judges only the lines of
   * their production scopes */
  for (size_t i = 0; i < m->n_app_settings; i++) {
    const struct rc_app_settings *u = &m->app_settings[i];
    const struct rc_entry *e = rc_index_find(s->idx, u->path);
    if (u->role == RC_ROLE_PRODUCTION && e && e->kind == RC_ENTRY_FILE)
      select_add(s, u->path, e);
  }
  /* a module the operator's uncommitted local settings complete holds
   * defaults, not what production runs with */
  size_t out = 0;
  for (size_t i = 0; i < s->n; i++) {
    const struct rc_settings_use *u =
        rc_model_settings_use(m, s->items[i].path);
    if (u ? u->role == RC_ROLE_PRODUCTION && !u->local
          : !unloaded_settings(ctx, s->items[i].path))
      s->items[out++] = s->items[i];
  }
  s->n = out;
  for (size_t i = 0; i < m->n_settings; i++) {
    const struct rc_settings_use *u = &m->settings[i];
    const struct rc_entry *e = rc_index_find(s->idx, u->path);
    if (u->role == RC_ROLE_PRODUCTION && !u->local && e &&
        e->kind == RC_ENTRY_FILE)
      select_add(s, u->path, e);
    /* and what it inherits with a star import, but the names it sets
     * again (search() leaves those lines out) */
    for (size_t k = 0;
         u->role == RC_ROLE_PRODUCTION && !u->local && k < u->n_bases; k++) {
      const struct rc_settings_use *own = rc_model_settings_use(m, u->bases[k]);
      e = rc_index_find(s->idx, u->bases[k]);
      if ((!own || own->role == RC_ROLE_PRODUCTION) && e &&
          e->kind == RC_ENTRY_FILE)
        select_add(s, u->bases[k], e);
    }
  }
  finish_selection(cfg, s);
}

/* Keeps the selected files the model's predicate says to keep. */
static void keep_where(const struct rc_ctx *ctx, struct selection *s,
                       bool (*keep)(const struct rc_model *m, const char *path))
{
  size_t out = 0;
  for (size_t i = 0; i < s->n; i++)
    if (!ctx->model || keep(ctx->model, s->items[i].path))
      s->items[out++] = s->items[i];
  s->n = out;
}

/* A folder whose README says its samples are not to be deployed holds no
 * production file, whatever the file's own name says. */
static bool not_sample(const struct rc_model *m, const char *path)
{
  return !rc_model_collection_line(m, path);
}

/* A file the README beside it (or the root README) has the operator edit
 * before the first start is a template shipped with defaults: a
 * self-hosting bundle's `.env` that says "open it and update the
 * variables" is its configuration form, not a deployment's secrets. */
static void drop_templates(const struct rc_ctx *ctx, struct selection *s)
{
  size_t out = 0;
  for (size_t i = 0; i < s->n; i++) {
    const char *path = s->items[i].path;
    const char *dir = rc_path_dir(ctx->arena, path);
    if (!rc_readme_edits(ctx->index, ctx->arena, dir, rc_path_base(path)))
      s->items[out++] = s->items[i];
  }
  s->n = out;
}

/* What a compose file mounts into /docker-entrypoint-initdb.d is the
 * stack's seed data, loaded on purpose - not a file that slipped in. */
static bool not_seed_data(const struct rc_model *m, const char *path)
{
  return !rc_model_seed_user_of(m, path);
}

/* Test suites, development stacks, examples and docs, as the model tells
 * them (a compose file's header and README count, not only its folder). */
static bool production_file(const struct rc_model *m, const char *path)
{
  return rc_model_file_role(m, path) == RC_ROLE_PRODUCTION;
}

static int select_files(const struct cfg *cfg, struct selection *s, char *err,
                        size_t errlen)
{
  for (size_t i = 0; i < cfg->exclude.n; i++) {
    const char *bad = rc_glob_check(cfg->exclude.items[i]);
    if (bad) {
      snprintf(err, errlen, "invalid glob '%s': %s", cfg->exclude.items[i],
               bad);
      return -1;
    }
  }
  for (size_t i = 0; i < cfg->path.n; i++) {
    const char *p = cfg->path.items[i];
    const char *bad = rc_glob_check(p);
    if (bad) {
      snprintf(err, errlen, "invalid glob '%s': %s", p, bad);
      return -1;
    }
    if (rc_glob_is_literal(p)) {
      if (select_literal(s, p, err, errlen) != 0)
        return -1;
      continue;
    }
    rc_index_glob(s->idx, p, RC_ENTRY_FILE, on_file, s);
    rc_index_glob(s->idx, p, RC_ENTRY_SYMLINK, on_symlink, s);
  }
  finish_selection(cfg, s);
  return 0;
}

/* Chooses the files; NULL when the check is decided already (out set). */
void *fr_plan(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out,
              struct rc_scan_target **targets, size_t *n)
{
  const struct cfg *cfg = vcfg;
  *targets = NULL;
  *n = 0;
  if (!cfg->pattern.re) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no compiled pattern");
    return NULL;
  }
  struct selection sel = {.idx = ctx->index};
  char err[256];
  if (select_files(cfg, &sel, err, sizeof(err)) != 0) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", err);
    free(sel.items);
    return NULL;
  }
  if (cfg->django_settings)
    fr_django_settings(ctx, cfg, &sel);
  size_t found = sel.n;
  if (cfg->deployed)
    keep_deployed(ctx, cfg, &sel);
  /* Every file found belongs to a development or test stack: judging none
   * of them is "not applicable", not "nothing forbidden was found". */
  if (found && !sel.n) {
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 cfg->deploys == DEPLOYS_EVIDENCED
                     ? "none of the %zu matching %s is mounted or copied by "
                       "a deployed service"
                     : "none of the %zu matching %s is deployed (used only by "
                       "development or test stacks, or outside production "
                       "folders)",
                 found, fr_plural(found, "file", "files"));
    free(sel.items);
    return NULL;
  }
  if (cfg->skip_samples)
    keep_where(ctx, &sel, not_sample);
  if (cfg->skip_seed_data)
    keep_where(ctx, &sel, not_seed_data);
  if (cfg->skip_templates)
    drop_templates(ctx, &sel);
  if (cfg->skip_nonprod)
    keep_where(ctx, &sel, production_file);
  struct scan *s = rc_arena_alloc(ctx->arena, sizeof(*s));
  s->cfg = cfg;
  s->n_items = sel.n;
  s->prefilter = fr_line_local(cfg->pattern.src);
  s->ev_max = rc_ctx_evidence_max(ctx);
  s->budget = rc_regex_budget_new(0);
  if (cfg->django_settings)
    s->settings = ctx->model;
  *targets = sel.items;
  *n = sel.n;
  return s;
}
