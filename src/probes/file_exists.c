/*
 * file_exists.c - the `file_exists` probe: how many repository paths match
 * a list of paths or globs, and whether the matched files are executable.
 *
 * Globs see the repository as git does (the index). An explicit path is
 * also looked up on disk, because ignoring a build output (coverage/
 * lcov.info) does not make it absent, unless the rule asks for tracked
 * files only (a committed .env, not a developer's local one). Walking and glob
 * syntax are left to index.c and glob.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum { TYPE_FILE, TYPE_DIR, TYPE_ANY };

/* Bounds are scalars, not RC_FIELD_INT, so an absent one is told apart from
 * an explicit 0; NO_MAX stands for "no upper bound". */
enum { DEFAULT_MIN = 1, NO_MAX = -1, BOUND_LIMIT = 1000000000 };

static const char *const type_names[] = {"file", "dir", "any", NULL};

struct cfg {
  struct rc_strlist path;
  int type;
  struct rc_scalar min;
  struct rc_scalar max;
  bool executable;
  bool tracked;
  struct rc_strlist exclude;
};

/* One matched path; kind is the symlink target's kind when it resolves. */
struct match {
  const char *path;
  enum rc_entry_kind kind;
  const struct rc_entry *e; /* whose mode counts (read only when checked),
                               or NULL: mode is the disk's */
  unsigned mode;
  bool on_disk; /* found on disk only: ignored by git */
};

struct collect {
  struct rc_index *idx;
  int type;
  bool tracked;                     /* only what git tracks counts */
  const struct rc_strlist *exclude; /* paths that do not count */
  struct match *items;
  size_t n, cap;
};

/* ---- bounds ---- */

static int read_bound(const struct rc_scalar *s, long def, long *out)
{
  if (s->kind == RC_SCALAR_NONE) {
    *out = def;
    return 0;
  }
  if (s->kind != RC_SCALAR_NUMBER || !(s->number >= 0) ||
      s->number > BOUND_LIMIT || (double)(long)s->number != s->number)
    return -1;
  *out = (long)s->number;
  return 0;
}

/* Returns NULL, or why the bounds are unusable. */
static const char *bounds(const struct cfg *cfg, long *min, long *max)
{
  if (read_bound(&cfg->min, DEFAULT_MIN, min) != 0)
    return "'min' must be a whole number from 0 to 1000000000";
  if (read_bound(&cfg->max, NO_MAX, max) != 0)
    return "'max' must be a whole number from 0 to 1000000000";
  if (*max != NO_MAX && *max < *min)
    return "'max' is less than 'min'";
  return NULL;
}

/* ---- words ---- */

static const char *noun(int type, bool plural)
{
  static const char *const words[][2] = {
      {"file", "files"}, {"directory", "directories"}, {"path", "paths"}};
  return words[type][plural];
}

static const char *kind_word(enum rc_entry_kind k)
{
  return k == RC_ENTRY_DIR    ? "directory"
         : k == RC_ENTRY_FILE ? "file"
                              : "broken symbolic link";
}

/* ---- collecting matches ---- */

static bool wanted(int type, enum rc_entry_kind k)
{
  return type == TYPE_ANY || (type == TYPE_FILE && k == RC_ENTRY_FILE) ||
         (type == TYPE_DIR && k == RC_ENTRY_DIR);
}

/* Permission bits of path on disk, following a symlink; 0 if unknown. */
static unsigned disk_mode(const struct rc_index *idx, const char *path)
{
  struct rc_buf full;
  rc_buf_init(&full);
  rc_buf_printf(&full, "%s/%s", rc_index_root(idx), path);
  struct stat st;
  unsigned mode = stat(full.data, &st) == 0 ? (unsigned)st.st_mode : 0;
  rc_buf_release(&full);
  return mode;
}

static void add(struct collect *c, const char *path, enum rc_entry_kind kind,
                const struct rc_entry *e, unsigned mode, bool on_disk)
{
  if (!wanted(c->type, kind) || rc_strlist_matches(c->exclude, path))
    return;
  rc_grow((void **)&c->items, &c->cap, c->n, sizeof(*c->items));
  c->items[c->n++] = (struct match){path, kind, e, mode, on_disk};
}

/* A symlink counts as what it points to, when that is inside the root. */
static void add_entry(struct collect *c, const struct rc_entry *e)
{
  if (c->tracked && !e->tracked)
    return;
  if (e->kind != RC_ENTRY_SYMLINK) {
    add(c, e->path, e->kind, e, 0, false);
    return;
  }
  enum rc_entry_kind target = RC_ENTRY_SYMLINK;
  if (rc_index_stat_path(c->idx, e->path, &target, NULL, 0) != 1)
    target = RC_ENTRY_SYMLINK;
  add(c, e->path, target, NULL, disk_mode(c->idx, e->path), false);
}

static int on_glob_match(const struct rc_entry *e, void *arg)
{
  add_entry(arg, e);
  return 0;
}

/* Returns 0, or -1 with err set for a path the index refuses. */
static int collect_literal(struct collect *c, const char *path, char *err,
                           size_t errlen)
{
  const struct rc_entry *e = rc_index_find(c->idx, path);
  if (e) {
    add_entry(c, e);
    return 0;
  }
  if (c->tracked) /* on disk only: git does not track it */
    return 0;
  enum rc_entry_kind kind;
  int rc = rc_index_stat_path(c->idx, path, &kind, err, errlen);
  if (rc < 0)
    return -1;
  if (rc == 1)
    add(c, path, kind, NULL, disk_mode(c->idx, path), true);
  return 0;
}

static void collect_glob(struct collect *c, const char *glob)
{
  static const enum rc_entry_kind kinds[] = {RC_ENTRY_FILE, RC_ENTRY_DIR,
                                             RC_ENTRY_SYMLINK};
  for (size_t k = 0; k < 3; k++)
    rc_index_glob(c->idx, glob, kinds[k], on_glob_match, c);
}

static int by_path(const void *a, const void *b)
{
  return strcmp(((const struct match *)a)->path,
                ((const struct match *)b)->path);
}

/* Sorted, each path once: alternatives that overlap count a path once. */
static void sort_unique(struct collect *c)
{
  if (c->n > 1)
    qsort(c->items, c->n, sizeof(*c->items), by_path);
  size_t out = 0;
  for (size_t i = 0; i < c->n; i++)
    if (out == 0 || strcmp(c->items[out - 1].path, c->items[i].path) != 0)
      c->items[out++] = c->items[i];
  c->n = out;
}

/* ---- the check ---- */

static unsigned match_mode(const struct collect *c, const struct match *m)
{
  return m->e ? rc_entry_mode(c->idx, m->e) : m->mode;
}

static bool is_executable(const struct collect *c, const struct match *m)
{
  return m->kind != RC_ENTRY_FILE || (match_mode(c, m) & 0111) != 0;
}

/* ", expected at least 2" for a failed count; "" otherwise. A plain "no
 * file matches" already says what the default min of 1 expects. */
static const char *expectation(struct rc_arena *a, size_t n, long min, long max)
{
  if (min == max)
    return rc_arena_printf(a, ", expected exactly %ld", min);
  if ((long)n < min)
    return n == 0 && min == 1
               ? ""
               : rc_arena_printf(a, ", expected at least %ld", min);
  return rc_arena_printf(a, ", expected at most %ld", max);
}

static void report_count(const struct cfg *cfg, struct rc_ctx *ctx,
                         const struct collect *c, struct rc_check *out,
                         enum rc_outcome o, long min, long max)
{
  const char *pats = rc_strlist_quote(ctx->arena, &cfg->path);
  const char *expect =
      o == RC_OUT_FAIL ? expectation(ctx->arena, c->n, min, max) : "";
  if (c->n == 0)
    rc_check_set(out, ctx, o, "no %s%s matches %s%s",
                 cfg->tracked ? "tracked " : "", noun(cfg->type, false), pats,
                 expect);
  else if (c->n == 1)
    rc_check_set(out, ctx, o, "found '%s'%s", c->items[0].path, expect);
  else
    rc_check_set(out, ctx, o, "found %zu %s matching %s%s", c->n,
                 noun(cfg->type, true), pats, expect);
  for (size_t i = 0; i < c->n; i++)
    rc_check_evidence(out, ctx, c->items[i].path, 0, "%s%s",
                      kind_word(c->items[i].kind),
                      c->items[i].on_disk ? " (ignored by git)"
                      : cfg->tracked      ? " (tracked in git)"
                                          : "");
}

/* Every matched file must be executable; returns true if some is not. */
static bool report_not_executable(const struct collect *c, struct rc_ctx *ctx,
                                  struct rc_check *out)
{
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < c->n; i++) {
    if (is_executable(c, &c->items[i]))
      continue;
    if (bad++ == 0)
      first = i;
    rc_check_evidence(out, ctx, c->items[i].path, 0,
                      "not executable (mode %06o)",
                      match_mode(c, &c->items[i]));
  }
  if (bad == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "'%s' is not executable",
                 c->items[first].path);
  else if (bad > 1)
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "%zu of %zu matched files are not executable", bad, c->n);
  return bad > 0;
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  long min, max;
  const char *why = bounds(cfg, &min, &max);
  if (why) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", why);
    return;
  }
  struct collect c = {.idx = ctx->index,
                      .type = cfg->type,
                      .tracked = cfg->tracked,
                      .exclude = &cfg->exclude};
  char err[256] = "";
  for (size_t i = 0; i < cfg->path.n && !*err; i++) {
    const char *p = cfg->path.items[i];
    const char *bad = rc_glob_check(p);
    if (bad)
      snprintf(err, sizeof(err), "invalid glob '%s': %s", p, bad);
    else if (rc_glob_is_literal(p))
      collect_literal(&c, p, err, sizeof(err));
    else
      collect_glob(&c, p);
  }
  if (*err) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", err);
    free(c.items);
    return;
  }
  sort_unique(&c);
  /* An absence (`not:`, `max: 0`) in a repository with no file at all was
   * never in doubt: nothing to check, not a pass. */
  out->vacuous = c.n == 0 && ctx->index && !rc_index_has_files(ctx->index);
  bool in_range = (long)c.n >= min && (max == NO_MAX || (long)c.n <= max);
  if (!in_range) {
    report_count(cfg, ctx, &c, out, RC_OUT_FAIL, min, max);
  } else if (!cfg->executable || !report_not_executable(&c, ctx, out)) {
    report_count(cfg, ctx, &c, out, RC_OUT_OK, min, max);
  }
  free(c.items);
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
  long min, max;
  const char *why = bounds(cfg, &min, &max);
  if (why)
    rc = rc_error(d, loc, "%s", why);
  if (cfg->executable && cfg->type == TYPE_DIR)
    rc = rc_error(d, loc, "'executable' applies to files, not to 'type: dir'");
  if (cfg->tracked && cfg->type == TYPE_DIR)
    rc = rc_error(d, loc,
                  "'tracked' applies to files: git tracks no directories");
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), RC_FIELD_REQUIRED,
     NULL,
     "paths or globs; matches of all of them are counted together (explicit "
     "paths are also found when git ignores them)"},
    {"type", RC_FIELD_ENUM, offsetof(struct cfg, type), 0, type_names,
     "what counts as a match: file (default), dir or any"},
    {"min", RC_FIELD_SCALAR, offsetof(struct cfg, min), 0, NULL,
     "at least this many matches, a whole number (default 1)"},
    {"max", RC_FIELD_SCALAR, offsetof(struct cfg, max), 0, NULL,
     "at most this many matches, a whole number (default: no limit)"},
    {"executable", RC_FIELD_BOOL, offsetof(struct cfg, executable), 0, NULL,
     "every matched file must be executable (git mode 100755 when tracked)"},
    {"tracked", RC_FIELD_BOOL, offsetof(struct cfg, tracked), 0, NULL,
     "only files git tracks count (a committed file, not a local one)"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of paths that do not count (test fixtures, examples)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_file_exists = {
    .name = "file_exists",
    .summary = "paths or globs match between min and max files or "
               "directories",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
};
