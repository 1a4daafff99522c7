/*
 * file_regex.c - the `file_regex` probe: a PCRE2 pattern searched line by
 * line (or across whole files) in the files that globs select.
 *
 * Fails closed: an unreadable file or a match that hits a regex limit makes
 * the outcome ERROR whenever it could change the answer, so "must not
 * match" never passes unevaluated. Matching is regex.c's job, file bytes
 * come from index.c, and secrets in evidence are masked by check.c.
 *
 * The check is split into the steps of struct rc_scan_ops (probe.h): the
 * run reads each file once for every file_regex check that selects it and
 * searches on all cores (run/scan.c); check() runs the same steps on its
 * own, so both ways give the same result.
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

enum { MATCH_ANY, MATCH_ALL, MATCH_NONE };

static const char *const match_names[] = {"any", "all", "none", NULL};

/* deployment_use: which matched files count, by what the deployment does
 * with them */
enum { USE_ANY, USE_USED, USE_UNUSED, USE_BAKED, USE_UNBAKED };

static const char *const use_names[] = {"any",   "used",    "unused",
                                        "baked", "unbaked", NULL};

/* limited_keys (with skip_non_secret_keys): an encrypted key, or one
 * certified for localhost only, is judged like any other, passes, or
 * counts whatever uses it */
enum { LIMITED_JUDGED, LIMITED_PASS, LIMITED_COUNT };

/* deploys, with deployed: true: `evidenced` keeps the files only when a
 * deployed service mounts or copies some of them, and not those only side
 * stacks use (compose files nothing says deploys, beside a deployment
 * that is evidenced: a proxy trial, an experiment); `any` (default) also
 * the files outside test, example and development folders when none is
 * (nothing known to deploy them, nothing ruled out). */
enum { DEPLOYS_ANY, DEPLOYS_EVIDENCED };
static const char *const deploys_names[] = {"any", "evidenced", NULL};

static const char *const limited_names[] = {"judged", "pass", "count", NULL};

enum {
  EXCERPT_MAX = 200,         /* bytes of a matched line shown as evidence */
  MASK_WINDOW = 64 * 1024,   /* bytes of a long line masked before cutting */
  PATTERN_SHOWN = 60,        /* bytes of the pattern quoted in messages */
  MINIFIED_LINE = 64 * 1024, /* a longer line is minified or generated */
  LINE_WINDOW = 16 * 1024,   /* a line searched in parts: each part's size */
  WINDOW_OVERLAP = 4 * 1024  /* a match longer than this may span parts */
};

struct cfg {
  struct rc_strlist path;
  struct rc_pattern pattern;
  int match;
  bool multiline;
  struct rc_strlist exclude;
  bool deployed;       /* only files deployed services use (rc_keep_deployed) */
  int deploys;         /* DEPLOYS_*: with deployed, which of them */
  bool skip_samples;   /* not files in README-declared sample collections */
  bool skip_seed_data; /* not files mounted into a database's init folder */
  bool skip_nonprod;   /* only files whose role is production */
  bool comment_disowns;      /* a comment above the match says it is not real */
  bool skip_block_comments;  /* not lines in a C-family block comment */
  bool skip_minified;        /* lines over MINIFIED_LINE are not searched */
  bool verify_checksums;     /* a token failing its format's CRC is none */
  bool per_file;             /* one piece of evidence per file, not per line */
  bool skip_test_only;       /* not files that only tests name (referrers.h) */
  bool skip_code_loaded;     /* not files the application's code loads */
  bool skip_non_secret_keys; /* not keys that are no secret (keyfile.h) */
  int limited_keys;          /* LIMITED_*: what a limited key does */
  bool skip_compose;    /* not YAML in Compose's format, whatever its name */
  bool skip_templates;  /* not files a README has the operator fill in */
  int deployment_use;   /* USE_*: only files the deployment uses, or not */
  bool django_settings; /* the Django settings modules production loads */
  /* a matched file that this also matches anywhere does not count (a
   * detector's definition that spells the format beside its examples) */
  struct rc_pattern skip_files_matching;
  const char *skipped_files_are; /* what those files are, for the note */
  /* with skip_files_matching: a matched file in the folder of one set
   * aside is set aside too (a detector's rule set, one file per format) */
  bool set_aside_folders;
};

/* The selected files: index entries, or paths read from disk (an explicit
 * path git ignores, or a symlink to a file). */
struct selection {
  struct rc_index *idx;
  struct rc_scan_target *items;
  size_t n, cap;
};

enum file_result {
  FILE_MATCHED,
  FILE_UNMATCHED,
  FILE_UNKNOWN,
  FILE_BINARY,
  FILE_HELD /* matched, judged once every file is searched */
};

/* A matched line, as search() saw it. */
struct found_line {
  unsigned line;
  char *text; /* the evidence text (masked, cut) */
};

/* One file's search, to be folded into its check in path order. Evidence
 * texts are made for at most ev_max lines (a check keeps no more);
 * later matched lines are only counted. */
struct found {
  enum file_result r;
  unsigned first_line; /* of the first match, 0 when none */
  struct found_line *lines;
  size_t n_lines, cap_lines;
  size_t n_more; /* matched lines past the ones with text */
  int limit_rc;  /* a regex limit stopped the search: its rc, else 0 */
  unsigned limit_line;
  size_t lines_left; /* lines after limit_line, never searched */
  size_t n_minified; /* lines over MINIFIED_LINE left unsearched */
  bool set_aside;    /* matched, but skip_files_matching matches too */
};

/* What search() returns for a file without a match it did not search:
 * shared, read only, never freed. */
static const struct found unmatched = {.r = FILE_UNMATCHED};

/* Everything one check learns while scanning. */
struct scan {
  const struct cfg *cfg;
  size_t n_items, folded;         /* files selected, files taken so far */
  struct rc_regex_budget *budget; /* regex time, shared by the threads */
  size_t n_text, n_binary, n_matched, n_unmatched;
  size_t n_minified;          /* skip_minified: lines not searched */
  const char *first_minified; /* the first file holding one */
  size_t n_set_aside;         /* skip_files_matching: files not counted */
  const char *first_set_aside;
  const char *first_path; /* first match, for messages */
  unsigned first_line;
  const char *first_unmatched;
  const char *last_text; /* a searched file, for one-file messages */
  const char *error;     /* first evaluation error, arena string */
  bool prefilter;        /* whole-file search may rule files out */
  /* The first regex limit ends the search: a pattern that is pathological
   * on one line usually is on the next ones too, and every line would
   * cost the full limit. What was not searched is said in evidence. */
  bool stopped;
  const char *stop_path;
  size_t lines_left, files_left;
  /* The check keeps no more evidence: later matched lines are only
   * counted, so searches need not make their texts. Set by fold(), read
   * by searches on any thread (only for files after the one folded). */
  _Atomic bool ev_full;
  size_t ev_max; /* evidence a check keeps (rc_ctx_evidence_max: all
                    with -v) */
  /* skip_test_only: matched files wait until every file is searched,
   * then only those something other than tests uses count */
  struct held *held;
  size_t n_held, cap_held;
  /* set_aside_folders: the folders of the files set aside (arena) */
  const char **aside_dirs;
  size_t n_aside_dirs, cap_aside_dirs;
  /* django_settings: the model, for the lines of an inherited settings
   * module that the production module sets again (read by searches) */
  const struct rc_model *settings;
};

/* A matched file kept back, its search copied into the arena. */
struct held {
  const char *path;
  struct found f;
};

/* ---- words ---- */

/* Length of at most max bytes of s[0..len) that ends on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
  if (len <= max)
    return len;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  return max;
}

static const char *shown_pattern(struct rc_arena *a, const char *src)
{
  size_t len = strlen(src), cut = utf8_cut(src, len, PATTERN_SHOWN);
  return rc_arena_printf(a, "%.*s%s", (int)cut, src, cut < len ? "..." : "");
}

static const char *plural(size_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* ---- selecting files ---- */

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

/* A file only side stacks use: compose files nothing says deploys, in a
 * repository whose deployment is evidenced elsewhere. */
static bool side_stack_only(const struct rc_model *m, const char *path)
{
  return m && rc_model_deploys_evidenced(m) &&
         rc_model_used_only_unevidenced(m, path);
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
    keep[i] = keep[i] && !side_stack_only(ctx->model, paths[i]);
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
static void django_settings(const struct rc_ctx *ctx, const struct cfg *cfg,
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

/* ---- matching ---- */

/* Drops a word cut by the window: a token's first half is not masked. */
static size_t window(const char *text, size_t len)
{
  if (len <= MASK_WINDOW)
    return len;
  size_t n = MASK_WINDOW;
  while (n > 0 && text[n - 1] != ' ' && text[n - 1] != '\t')
    n--;
  return n;
}

/* The matched line as evidence: trimmed, masked while still whole (so the
 * cut cannot expose part of a secret; a huge minified line is masked over
 * a window that ends between words), then cut on a UTF-8 boundary. */
static char *excerpt(const char *text, size_t len)
{
  while (len && (*text == ' ' || *text == '\t')) {
    text++;
    len--;
  }
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
                 text[len - 1] == '\r'))
    len--;
  size_t shown = window(text, len);
  struct rc_buf masked, out;
  rc_buf_init(&masked);
  rc_buf_init(&out);
  rc_mask_line(text, shown, &masked);
  size_t cut = utf8_cut(masked.data, masked.len, EXCERPT_MAX);
  rc_buf_add(&out, masked.data, cut);
  if (cut < masked.len || shown < len)
    rc_buf_puts(&out, "...");
  rc_buf_release(&masked);
  char *s = rc_buf_detach(&out);
  rc_buf_release(&out);
  return s;
}

/* What one search call knows: the check's settings and the thread's
 * scratch. Touches nothing shared but the regex budget. */
struct search {
  const struct cfg *cfg;
  size_t ev_max;
  bool prefilter;
  bool counted; /* texts are not needed: the check's evidence is full */
  struct rc_regex_scratch *rs;
  struct found *f;
  enum rc_source_lang lang; /* docstrings, test modules (disown.h) */
  bool c_like; /* a C-family source file: block comments are documentation */
  /* an inherited settings module: "\nNAME\n..." the production module
   * sets again after importing it; NULL otherwise */
  const char *shadowed;
  /* a Flask config module or Rails environment file: only the lines of
   * its production scopes count (the model, appsettings.h) */
  const struct rc_model *scoped;
  const char *path;
  /* a Django settings module (Python, not a Flask config module's class
   * bodies): a line counts only as the value the module ends with */
  bool py_settings;
};

/* In a Python settings module, the line at data[pos..pos+n) is not the
 * value production ends with: it is indented (under an `if`, a `try` or a
 * function: the environment decides whether it runs), or a later line
 * assigns the same name again (`DEBUG = True` then `DEBUG =
 * env.bool("DEBUG", False)`, or `if ENV == "production": DEBUG = False`). */
static bool py_not_final(const char *data, size_t len, size_t pos, size_t n)
{
  const char *line = data + pos;
  if (n && (line[0] == ' ' || line[0] == '\t'))
    return true;
  size_t k = 0;
  while (k < n && (isalnum((unsigned char)line[k]) || line[k] == '_'))
    k++;
  if (!k)
    return false;
  for (const char *p = memchr(line, '\n', len - pos); p && p < data + len;
       p = memchr(p, '\n', (size_t)(data + len - p))) {
    p++;
    const char *q = p;
    while (q < data + len && (*q == ' ' || *q == '\t'))
      q++;
    if ((size_t)(data + len - q) <= k || strncmp(q, line, k) != 0 ||
        isalnum((unsigned char)q[k]) || q[k] == '_')
      continue;
    q += k;
    while (q < data + len && (*q == ' ' || *q == '\t'))
      q++;
    if (q + 1 < data + len && q[0] == '=' && q[1] != '=')
      return true;
  }
  return false;
}

/* A top-level assignment to a name the inheriting module sets again:
 * production runs that value, not this line's. */
static bool shadowed_line(const char *shadowed, const char *line, size_t n)
{
  size_t k = 0;
  while (k < n && (isalnum((unsigned char)line[k]) || line[k] == '_'))
    k++;
  if (!k || k > 120)
    return false;
  char name[128];
  name[0] = '\n';
  memcpy(name + 1, line, k);
  name[k + 1] = '\n';
  name[k + 2] = '\0';
  return strstr(shadowed, name) != NULL;
}

/* Languages whose block comments are slash-star ones. */
static bool c_like(const char *path)
{
  static const char *const exts[] = {
      ".js", ".mjs", ".cjs", ".ts", ".jsx", ".tsx", ".go",    ".java",  ".kt",
      ".cs", ".php", ".c",   ".h",  ".cpp", ".rs",  ".scala", ".swift", NULL};
  const char *dot = strrchr(rc_path_base(path), '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

/* The line at bol lies inside a block comment that opens on a line of its
 * own (a quoted example: the registry configuration the Docker docs show,
 * with its sample password). Only a comment whose line starts with the
 * opener counts, so a glob written in a string opens nothing. */
static bool in_block_comment(const char *data, size_t bol)
{
  size_t end = bol;
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && data[start - 1] != '\n')
      start--;
    const char *line = data + start;
    size_t n = end - 1 - start; /* without its newline */
    if (memmem(line, n, "*/", 2))
      return false; /* a comment closed before the line */
    size_t sp = 0;
    while (sp < n && (line[sp] == ' ' || line[sp] == '\t'))
      sp++;
    if (n - sp >= 2 && line[sp] == '/' && line[sp + 1] == '*')
      return true;
    end = start;
  }
  return false;
}

static void on_match(struct search *q, unsigned line, const char *text,
                     size_t len)
{
  struct found *f = q->f;
  if (!f->first_line)
    f->first_line = line;
  if (q->cfg->match == MATCH_ALL)
    return; /* the file is the item, not its lines */
  if (f->n_lines >= q->ev_max || q->counted) {
    f->n_more++;
    return;
  }
  rc_grow((void **)&f->lines, &f->cap_lines, f->n_lines, sizeof(*f->lines));
  f->lines[f->n_lines++] = (struct found_line){line, excerpt(text, len)};
}

/* Whether to keep looking in this file after a match: `all` needs one
 * match per file, the others report every matching line. */
static bool want_more(const struct search *q)
{
  return q->cfg->match != MATCH_ALL;
}

/* Lines of data[pos..len) (a last line without '\n' counts). */
static size_t count_lines(const char *data, size_t pos, size_t len)
{
  size_t n = 0;
  while (pos < len) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    n++;
    pos = nl ? (size_t)(nl - data) + 1 : len;
  }
  return n;
}

static void limit_hit(struct search *q, int rc, unsigned line, size_t left)
{
  q->f->limit_rc = rc;
  q->f->limit_line = line;
  q->f->lines_left = left;
}

/* One line's search from byte `from`. A minified bundle's line of
 * megabytes can exhaust the match limit: a pattern with no literal to
 * start from costs a few steps at every byte, and the limit counts them
 * over the whole line. Such a line is searched again in windows of
 * LINE_WINDOW bytes that overlap by WINDOW_OVERLAP, each a subject of its
 * own with its own limit (its start is a line start to the pattern); only
 * a window that still exhausts the limit leaves the file unknown. */
static int match_line_from(struct search *q, const char *line, size_t n,
                           size_t from, size_t *a, size_t *b)
{
  int rc = rc_regex_match(q->cfg->pattern.re, q->rs, line, n, from, a, b);
  if (rc >= 0 || n <= LINE_WINDOW)
    return rc;
  for (size_t off = from - from % LINE_WINDOW; off < n; off += LINE_WINDOW) {
    size_t len = n - off;
    if (len > LINE_WINDOW + WINDOW_OVERLAP)
      len = LINE_WINDOW + WINDOW_OVERLAP;
    size_t wa = 0, wb = 0;
    rc = rc_regex_match(q->cfg->pattern.re, q->rs, line + off, len,
                        from > off ? from - off : 0, &wa, &wb);
    if (rc == RC_RE_MATCH) {
      *a = off + wa;
      *b = off + wb;
    }
    if (rc != RC_RE_NOMATCH)
      return rc;
  }
  return RC_RE_NOMATCH;
}

/* The line's first match that counts: with verify_checksums, a token
 * whose format carries a checksum that does not hold (tokencheck.h) was
 * never issued, and the search goes on after it. */
static int match_line(struct search *q, const char *line, size_t n, size_t *a,
                      size_t *b)
{
  for (size_t from = 0;;) {
    int rc = match_line_from(q, line, n, from, a, b);
    if (rc != RC_RE_MATCH || !q->cfg->verify_checksums ||
        !rc_token_checksum_fails(line + *a, *b - *a))
      return rc;
    from = *b > from ? *b : from + 1;
    if (from >= n)
      return RC_RE_NOMATCH;
  }
}

/* Whether a pattern matches a line the same way wherever the line sits in
 * its file, and so matches inside the whole file where it matches a line
 * alone. Not so for anchors that see only the file's ends (\A \G \z \Z),
 * lookbehinds that would see the previous line, negative lookaheads and
 * possessive or atomic parts that could see or swallow the next one
 * (`x(?![^;]*-g)` holds on "npm install" alone but not when a later line
 * says -g), \K, verbs that change the newline convention, or inline
 * groups that turn options (multiline) off. */
static bool line_local(const char *src)
{
  static const char *const unsafe[] = {"\\A", "\\G", "\\z", "\\Z", "\\K",
                                       "(?<", "(?!", "(?>", "(*",  "*+",
                                       "++",  "?+",  "}+",  NULL};
  for (size_t i = 0; unsafe[i]; i++)
    if (strstr(src, unsafe[i]))
      return false;
  for (const char *p = strstr(src, "(?"); p; p = strstr(p + 2, "(?")) {
    const char *q = p + 2;
    while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
      q++;
    if (*q == '-' || *q == '^')
      return false;
  }
  return true;
}

/* Start of the line holding data[at], counting the lines passed. Matches
 * can be many lines apart: one memrchr and one count, not a memchr per
 * line; the scratch keeps the counts of the file's bytes, so the patterns
 * that search it count its lines once in all (regex.h). */
static size_t line_start(struct rc_regex_scratch *rs, const char *data,
                         size_t len, size_t pos, size_t at, unsigned *line)
{
  const char *nl = memrchr(data + pos, '\n', at - pos);
  if (!nl)
    return pos;
  size_t bol = (size_t)(nl - data) + 1;
  *line += (unsigned)rc_regex_subject_newlines(rs, data, len, pos, bol);
  return bol;
}

/* One line at a time, without its line ending. For a line_local pattern
 * (and a file without CRs: lines are matched without theirs) the whole
 * file is searched first: a line that matches alone also matches there,
 * so the next match in the file says which line is the next that can
 * match, and the lines before it are skipped unsearched; no match at all
 * rules the rest of the file out. A limit hit there proves nothing, and
 * the lines are then searched one by one. */
/* Some line is longer than MINIFIED_LINE. */
static bool has_long_line(const char *data, size_t len)
{
  size_t pos = 0;
  while (len - pos > MINIFIED_LINE) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len;
    if (end - pos > MINIFIED_LINE)
      return true;
    pos = end + 1;
  }
  return false;
}

static enum file_result scan_lines(struct search *q, const char *data,
                                   size_t len)
{
  bool guided = q->prefilter && !rc_regex_subject_has_cr(q->rs, data, len);
  /* Every match holds one of the pattern's strings (literals.h), and a
   * line's match lies in the line: lines without any are not searched,
   * found by one literal scan instead of a regex search of each line (or
   * of the rest of the file). Not where a long line is, whose note counts
   * the minified lines the search reaches. */
  bool by_strings = rc_regex_has_literals(q->cfg->pattern.re) &&
                    !(q->cfg->skip_minified && has_long_line(data, len));
  bool matched = false;
  unsigned line = 1;
  for (size_t pos = 0; pos < len; line++) {
    if (by_strings) {
      size_t at;
      if (!rc_regex_next_candidate_in(q->cfg->pattern.re, q->rs, data, len, pos,
                                      &at))
        break;
      pos = line_start(q->rs, data, len, pos, at, &line);
    } else if (guided) {
      size_t at;
      int rc =
          rc_regex_match(q->cfg->pattern.re, q->rs, data, len, pos, &at, NULL);
      if (rc == RC_RE_NOMATCH)
        break;
      if (rc == RC_RE_MATCH)
        pos = line_start(q->rs, data, len, pos, at, &line);
      else
        guided = false;
    }
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len, n = end - pos;
    if (n && data[pos + n - 1] == '\r')
      n--;
    if (q->cfg->skip_minified && n > MINIFIED_LINE) {
      q->f->n_minified++;
      pos = end + 1;
      continue;
    }
    size_t a = 0, b = 0;
    int rc = match_line(q, data + pos, n, &a, &b);
    if (rc == RC_RE_MATCH &&
        !(q->shadowed && shadowed_line(q->shadowed, data + pos, n)) &&
        !(q->py_settings && py_not_final(data, len, pos, n)) &&
        !(q->scoped && !rc_model_app_settings_line(q->scoped, q->path, line,
                                                   data + pos, n)) &&
        !(q->cfg->comment_disowns &&
          rc_disowned(data, len, pos, pos + n, pos + a, pos + b, q->lang)) &&
        !(q->cfg->skip_block_comments && q->c_like &&
          in_block_comment(data, pos))) {
      matched = true;
      on_match(q, line, data + pos, n);
      if (!want_more(q))
        break;
    } else if (rc < 0) {
      limit_hit(q, rc, line, count_lines(data, end + 1, len));
      break;
    }
    pos = end + 1;
  }
  return matched          ? FILE_MATCHED
         : q->f->limit_rc ? FILE_UNKNOWN
                          : FILE_UNMATCHED;
}

/* The whole file as one subject; one piece of evidence per matched line. */
static enum file_result scan_whole(struct search *q, const char *data,
                                   size_t len)
{
  size_t start = 0, counted = 0;
  unsigned line = 1;
  bool matched = false;
  for (;;) {
    size_t a, b;
    int rc =
        rc_regex_match(q->cfg->pattern.re, q->rs, data, len, start, &a, &b);
    for (; counted < (rc == RC_RE_MATCH ? a : start); counted++)
      line += data[counted] == '\n';
    if (rc < 0)
      limit_hit(q, rc, line, 0);
    if (rc != RC_RE_MATCH)
      return matched ? FILE_MATCHED : rc < 0 ? FILE_UNKNOWN : FILE_UNMATCHED;
    size_t bol = a;
    while (bol > 0 && data[bol - 1] != '\n')
      bol--;
    const char *nl = memchr(data + a, '\n', len - a);
    size_t eol = nl ? (size_t)(nl - data) : len;
    if ((q->cfg->verify_checksums &&
         rc_token_checksum_fails(data + a, b - a)) ||
        (q->cfg->comment_disowns &&
         rc_disowned(data, len, bol, eol, a, b < eol ? b : eol, q->lang))) {
      if (eol >= len)
        return matched ? FILE_MATCHED : FILE_UNMATCHED;
      start = b > eol + 1 ? b : eol + 1;
      continue;
    }
    matched = true;
    on_match(q, line, data + bol, eol - bol);
    if (!want_more(q) || eol >= len)
      return FILE_MATCHED;
    start = b > eol + 1 ? b : eol + 1;
  }
}

/* ---- the steps of a check (struct rc_scan_ops) ---- */

static bool yaml_name(const char *path)
{
  size_t n = strlen(path);
  return (n > 4 && strcmp(path + n - 4, ".yml") == 0) ||
         (n > 5 && strcmp(path + n - 5, ".yaml") == 0);
}

/* skip_files_matching: the whole file is searched once, only when it
 * matched, so a detector's rule file (the format's regular expression and
 * the examples that exercise it) is known by what else it holds. A regex
 * limit counts as no match: the file's matches stand. */
static bool set_aside(const struct cfg *cfg, struct rc_regex_scratch *rs,
                      const char *data, size_t len)
{
  size_t a, b;
  return cfg->skip_files_matching.re &&
         rc_regex_match(cfg->skip_files_matching.re, rs, data, len, 0, &a,
                        &b) == RC_RE_MATCH;
}

static void *search(const void *vcfg, const void *vstate, const char *path,
                    const char *data, size_t len, struct rc_regex_scratch *rs)
{
  const struct cfg *cfg = vcfg;
  const struct scan *s = vstate;
  /* Most files lack every string a match needs: no search at all, and no
   * allocation either (one per file and pattern: three million on a tree of
   * 200,000 files and 15 patterns). A compose overlay (`db.pgsql.yml`) is the
   * compose rules' to judge. */
  if (!rc_regex_may_match_in(cfg->pattern.re, rs, data, len) ||
      (cfg->skip_compose && yaml_name(path) && rc_compose_is_format(data, len)))
    return (void *)&unmatched;
  struct found *f = rc_xcalloc(1, sizeof(*f));
  struct search q = {cfg,
                     s->ev_max,
                     s->prefilter,
                     atomic_load(&s->ev_full),
                     rs,
                     f,
                     rc_source_lang_of(path),
                     c_like(path),
                     NULL,
                     NULL,
                     path,
                     false};
  if (s->settings)
    rc_model_settings_inherited(s->settings, path, &q.shadowed);
  if (s->settings && rc_model_app_settings_file(s->settings, path))
    q.scoped = s->settings;
  const char *ext = strrchr(rc_path_base(path), '.');
  q.py_settings = s->settings && !q.scoped && ext && strcmp(ext, ".py") == 0;
  rc_regex_scratch_charge(rs, s->budget);
  f->r = cfg->multiline ? scan_whole(&q, data, len) : scan_lines(&q, data, len);
  if (f->r == FILE_MATCHED && set_aside(cfg, rs, data, len)) {
    for (size_t i = 0; i < f->n_lines; i++)
      free(f->lines[i].text);
    f->n_lines = f->n_more = 0;
    f->first_line = 0;
    f->r = FILE_UNMATCHED;
    f->set_aside = true;
  }
  rc_regex_scratch_charge(rs, NULL);
  return f;
}

static void found_free(void *vf)
{
  struct found *f = vf;
  if (!f || f == &unmatched)
    return;
  for (size_t i = 0; i < f->n_lines; i++)
    free(f->lines[i].text);
  free(f->lines);
  free(f);
}

static void set_error(struct scan *s, struct rc_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_error(struct scan *s, struct rc_ctx *ctx, const char *fmt, ...)
{
  if (s->error)
    return;
  va_list ap;
  va_start(ap, fmt);
  s->error = rc_arena_vprintf(ctx->arena, fmt, ap);
  va_end(ap);
}

/* The first finding names its file and line in the message. */
static void note_first(struct scan *s, const char *path, unsigned line)
{
  if (!s->first_path) {
    s->first_path = path;
    s->first_line = line;
  }
}

/* Replays a file's matches into the check as the search met them. */
static void take_lines(struct scan *s, struct rc_ctx *ctx, struct rc_check *out,
                       const char *path, const struct found *f)
{
  if (f->r != FILE_MATCHED)
    return;
  note_first(s, path, f->first_line);
  if (s->cfg->match == MATCH_ALL)
    return;
  /* a dump is one thing to remove, not one per table it holds */
  if (s->cfg->per_file && f->n_lines) {
    size_t more = f->n_lines - 1 + f->n_more;
    if (more)
      rc_check_evidence(out, ctx, path, f->lines[0].line,
                        "%s (and %zu more matching %s)", f->lines[0].text, more,
                        plural(more, "line", "lines"));
    else
      rc_check_evidence(out, ctx, path, f->lines[0].line, "%s",
                        f->lines[0].text);
    return;
  }
  for (size_t i = 0; i < f->n_lines; i++) {
    if (out->n_ev >= rc_ctx_evidence_max(ctx))
      rc_check_evidence(out, ctx, path, f->lines[i].line, "%s",
                        ""); /* counted */
    else
      rc_check_evidence(out, ctx, path, f->lines[i].line, "%s",
                        f->lines[i].text);
  }
  for (size_t i = 0; i < f->n_more; i++)
    rc_check_evidence(out, ctx, path, 0, "%s", ""); /* counted */
}

/* set_aside_folders: the folder of a file set aside. */
static void note_aside_dir(struct scan *s, struct rc_ctx *ctx, const char *path)
{
  const char *dir = rc_path_dir(ctx->arena, path);
  for (size_t i = 0; i < s->n_aside_dirs; i++)
    if (strcmp(s->aside_dirs[i], dir) == 0)
      return;
  rc_grow((void **)&s->aside_dirs, &s->cap_aside_dirs, s->n_aside_dirs,
          sizeof(*s->aside_dirs));
  s->aside_dirs[s->n_aside_dirs++] = dir;
}

/* Whether a file set aside lies in path's folder: a secret scanner keeps
 * one rule file per format, and one format's examples (a curl command's
 * bearer header) may hold another format's token, which that format's
 * own file spells as a regular expression. */
static bool in_aside_dir(const struct scan *s, struct rc_ctx *ctx,
                         const char *path)
{
  const char *dir = rc_path_dir(ctx->arena, path);
  for (size_t i = 0; i < s->n_aside_dirs; i++)
    if (strcmp(s->aside_dirs[i], dir) == 0)
      return true;
  return false;
}

/* Keeps a matched file back for skip_test_only, skip_code_loaded or
 * skip_non_secret_keys (not under
 * `match: all`, whose matches are what passes). */
static bool hold(struct scan *s, struct rc_ctx *ctx, const char *path,
                 const struct found *f)
{
  if ((!s->cfg->skip_test_only && !s->cfg->skip_code_loaded &&
       !s->cfg->skip_non_secret_keys && !s->cfg->set_aside_folders &&
       s->cfg->deployment_use == USE_ANY) ||
      s->cfg->match == MATCH_ALL)
    return false;
  rc_grow((void **)&s->held, &s->cap_held, s->n_held, sizeof(*s->held));
  struct held *h = &s->held[s->n_held++];
  h->path = rc_arena_strdup(ctx->arena, path);
  h->f = *f;
  h->f.lines = rc_arena_alloc(ctx->arena, (f->n_lines + 1) * sizeof(*f->lines));
  for (size_t i = 0; i < f->n_lines; i++)
    h->f.lines[i] = (struct found_line){
        f->lines[i].line, f->lines[i].text
                              ? rc_arena_strdup(ctx->arena, f->lines[i].text)
                              : NULL};
  return true;
}

/* True when the walk could not read some directory: a compose file or
 * Dockerfile there could use any file, so the model cannot say "unused". */
static bool model_unsure(const struct rc_ctx *ctx)
{
  const struct rc_skip *skips;
  size_t n = rc_index_skips(ctx->index, &skips);
  for (size_t i = 0; i < n; i++)
    if (skips[i].kind == RC_SKIP_DIR)
      return true;
  return !ctx->model;
}

/* A file that runs as it is: a shell script (an install script writing
 * a deploy key) or a CI file. What is written in it is used whenever it
 * runs. */
static bool runs_itself(const char *path)
{
  static const char *const exts[] = {".sh", ".bash", ".zsh", ".ps1", NULL};
  const char *dot = strrchr(rc_path_base(path), '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return rc_pipeline_is_ci(path);
}

/* How the deployment uses the file at path other than through an image
 * or a deploy job (deployment_use: baked, unbaked): a production compose
 * service's mount, a deployment file it is written in, a script or CI
 * file holding it, or an incomplete model. NULL when none does. */
static const char *other_use(struct rc_ctx *ctx, const char *path)
{
  if (model_unsure(ctx))
    return "the deployment model is incomplete (a directory could not be "
           "read), so whether an image holds it is unknown";
  const struct rc_service *user = rc_model_ships(ctx->model, path);
  if (user)
    return rc_arena_printf(ctx->arena,
                           "production compose service '%s' mounts it: a "
                           "stack started from the committed compose file "
                           "serves this public key until the operator "
                           "replaces it",
                           user->name);
  const struct rc_compose_service *cs =
      rc_model_view_mount(ctx->model, path, true);
  if (cs)
    return rc_arena_printf(
        ctx->arena,
        "compose service '%s' of production compose file "
        "%s mounts it: a stack started from the committed compose "
        "file serves this public key until the operator "
        "replaces it",
        cs->name, cs->at.path);
  const char *in_deploy = rc_model_deploy_file(ctx->model, path);
  if (in_deploy)
    return rc_arena_printf(ctx->arena,
                           "%s: whoever applies that file as committed uses "
                           "this public key",
                           in_deploy);
  if (runs_itself(path))
    return "it is written in a script or CI file that runs wherever "
           "somebody runs it";
  return NULL;
}

/* deployment_use baked and unbaked: a key a production image holds is
 * everybody's who runs that image, and one a CI deploy job names is the
 * deployment's own credential; a compose mount, a manifest or a script
 * may be a quick start's, a demo's or a default the docs have the
 * operator replace, which the repository cannot tell apart. */
static bool bake_verdict(const struct cfg *cfg, struct rc_ctx *ctx,
                         const char *path, const char *deployer,
                         const char **note)
{
  /* unsure counts as held: a Dockerfile in the unread directory may
   * copy the key */
  const struct rc_service *im =
      model_unsure(ctx) ? NULL : rc_model_bakes(ctx->model, path);
  bool certain = im || deployer || model_unsure(ctx);
  const char *other = certain ? NULL : other_use(ctx, path);
  if (cfg->deployment_use == USE_BAKED) {
    *note = certain ? NULL
            : other ? rc_arena_printf(ctx->arena,
                                      "no production image holds it and no "
                                      "deploy job names it (%s): "
                                      "secrets.private-keys-unused warns "
                                      "of it",
                                      other)
                    : "no deployment file uses it: no production image "
                      "copies it, no production compose service mounts "
                      "it, no CI deploy job names it";
    return certain;
  }
  if (certain) {
    *note = !im && !deployer
                ? "the deployment model is incomplete (a directory could not "
                  "be read): secrets.private-keys judges it as used"
            : im ? rc_arena_printf(ctx->arena,
                                   "the production image of service '%s' "
                                   "holds it: secrets.private-keys judges it",
                                   im->name)
                 : rc_arena_printf(ctx->arena,
                                   "a deploy job of '%s' names it: "
                                   "secrets.private-keys judges it",
                                   deployer);
    return false;
  }
  *note = other ? rc_arena_printf(ctx->arena,
                                  "a private key no production image holds; "
                                  "%s",
                                  other)
                : NULL;
  return true;
}

/* limited_keys count, for a key certified for localhost only: how a
 * deployment serves it (a production image holds it, a deploy job names
 * it, a production compose service mounts it, a deployment file or a
 * script holds it), or NULL when nothing that deploys does. */
static const char *local_key_served(struct rc_ctx *ctx, const char *path,
                                    const char *deployer)
{
  if (deployer)
    return rc_arena_printf(ctx->arena, "a deploy job of '%s' names it",
                           deployer);
  const struct rc_service *im =
      model_unsure(ctx) ? NULL : rc_model_bakes(ctx->model, path);
  if (im)
    return rc_arena_printf(
        ctx->arena, "the production image of service '%s' holds it", im->name);
  return other_use(ctx, path);
}

/* deployment_use: NULL when the held file at path counts, else why it
 * does not (a passing evidence item). The deployment uses a file that a
 * production image copies (by name, its folder's, or through a build
 * stage), a production compose service mounts, a CI deploy, release or
 * publish job names (deployer, from referrers.h), or that runs itself
 * (a script, a CI file). Unsure is "used": a key stays a finding of the
 * `used` rule when the model could not see every file. */
static const char *use_verdict(const struct cfg *cfg, struct rc_ctx *ctx,
                               const char *path, const char *deployer)
{
  if (cfg->deployment_use == USE_ANY)
    return NULL;
  const struct rc_service *user =
      model_unsure(ctx) ? NULL : rc_model_ships(ctx->model, path);
  const struct rc_compose_service *mount =
      model_unsure(ctx) || user ? NULL
                                : rc_model_view_mount(ctx->model, path, true);
  const char *in_deploy =
      model_unsure(ctx) ? NULL : rc_model_deploy_file(ctx->model, path);
  bool used = model_unsure(ctx) || user || mount || in_deploy || deployer ||
              runs_itself(path);
  if (cfg->deployment_use == USE_USED)
    return used ? NULL
                : "no deployment file uses it: no production image copies "
                  "it, no production compose service mounts it, no CI "
                  "deploy job names it";
  if (!used)
    return NULL;
  if (model_unsure(ctx))
    return "the deployment model is incomplete (a directory could not be "
           "read): judged as used";
  if (user)
    return rc_arena_printf(ctx->arena,
                           "the deployment uses it: service '%s' mounts or "
                           "copies it",
                           user->name);
  if (mount)
    return rc_arena_printf(ctx->arena,
                           "the deployment uses it: compose service '%s' of "
                           "production compose file %s mounts it",
                           mount->name, mount->at.path);
  if (in_deploy)
    return rc_arena_printf(ctx->arena, "the deployment uses it: %s", in_deploy);
  if (deployer)
    return rc_arena_printf(ctx->arena,
                           "the deployment uses it: a deploy job of '%s' "
                           "names it",
                           deployer);
  return "the deployment uses it: it is written in a script or CI file that "
         "runs";
}

/* skip_non_secret_keys: what the keys matched in a held file are, as
 * the most secret of them (keyfile.h), with why for a file that holds
 * no secret; a file some of whose matched lines were only counted (their
 * keys unread) may hold one. */
static enum rc_key_kind held_keys(struct rc_ctx *ctx, const struct held *h,
                                  const char **why)
{
  *why = NULL;
  if (h->f.n_more)
    return RC_KEY_SECRET;
  if (!h->f.n_lines)
    return rc_key_judge(ctx->index, ctx->arena, h->path, h->f.first_line, why);
  enum rc_key_kind most = RC_KEY_NO_SECRET;
  for (size_t i = 0; i < h->f.n_lines; i++) {
    const char *w;
    enum rc_key_kind k =
        rc_key_judge(ctx->index, ctx->arena, h->path, h->f.lines[i].line, &w);
    if (k == RC_KEY_SECRET) {
      *why = NULL;
      return k;
    }
    if (!*why || k < most)
      *why = w;
    if (k < most)
      most = k;
  }
  return most;
}

/* The held files something other than tests uses - or a deployed
 * service mounts or copies - count as matched; the others are noted as
 * passing, with a test that uses them. */
static void release_held(struct scan *s, struct rc_ctx *ctx,
                         struct rc_check *out)
{
  if (!s->n_held)
    return;
  const char **paths = rc_xcalloc(s->n_held, sizeof(*paths));
  const char **why = rc_xcalloc(s->n_held, sizeof(*why));
  const char **deployer = rc_xcalloc(s->n_held, sizeof(*deployer));
  const char **loader = rc_xcalloc(s->n_held, sizeof(*loader));
  for (size_t i = 0; i < s->n_held; i++)
    paths[i] = s->held[i].path;
  if (s->cfg->skip_code_loaded)
    rc_code_loads(ctx->index, ctx->arena, paths, s->n_held, loader);
  if (s->cfg->skip_test_only)
    rc_referrers_judge(ctx->index,
                       ctx->model ? &ctx->model->entries.pipeline : NULL,
                       ctx->arena, paths, s->n_held, why,
                       s->cfg->deployment_use != USE_ANY ? deployer : NULL);
  for (size_t i = 0; i < s->n_held; i++) {
    const struct held *h = &s->held[i];
    if (s->cfg->set_aside_folders && in_aside_dir(s, ctx, h->path)) {
      if (!s->n_set_aside++)
        s->first_set_aside = h->path;
      continue;
    }
    /* a deployed service that mounts or copies it (or a folder holding
     * it) ships it, whatever else names it */
    if (why[i] && ctx->model &&
        (rc_model_user_of(ctx->model, h->path) ||
         rc_model_view_mount(ctx->model, h->path, true)))
      why[i] = NULL;
    if (why[i]) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                             "a test's file: %s", why[i]);
      continue;
    }
    if (loader[i]) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                             "the application's code loads it: %s", loader[i]);
      continue;
    }
    /* before what uses it: a test fixture's key stays one wherever it is
     * mounted, and an encrypted or truncated one is no key to anybody */
    const char *key_why = NULL;
    enum rc_key_kind key = s->cfg->skip_non_secret_keys
                               ? held_keys(ctx, h, &key_why)
                               : RC_KEY_SECRET;
    bool limited = key == RC_KEY_LIMITED || key == RC_KEY_LOCAL;
    if (key == RC_KEY_NO_SECRET ||
        (limited && s->cfg->limited_keys == LIMITED_PASS)) {
      rc_check_evidence_mark(
          out, ctx, RC_EV_PASS, h->path, h->f.first_line, "%s%s",
          key == RC_KEY_NO_SECRET ? "no secret, " : "", key_why);
      continue;
    }
    if (limited && s->cfg->limited_keys == LIMITED_COUNT) {
      /* a localhost certificate's key impersonates no host: it matters
       * only where a deployment serves it */
      const char *served = key == RC_KEY_LOCAL
                               ? local_key_served(ctx, h->path, deployer[i])
                               : NULL;
      if (key == RC_KEY_LOCAL && !served) {
        rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                               "%s; nothing that deploys uses it", key_why);
        continue;
      }
      rc_check_evidence(out, ctx, h->path, h->f.first_line, "%s%s%s", key_why,
                        served ? "; " : "", served ? served : "");
      note_first(s, h->path, h->f.first_line);
      s->n_matched++;
      continue;
    }
    if (s->cfg->deployment_use == USE_BAKED ||
        s->cfg->deployment_use == USE_UNBAKED) {
      const char *note = NULL;
      if (!bake_verdict(s->cfg, ctx, h->path, deployer[i], &note)) {
        rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                               "%s", note);
        continue;
      }
      if (note) {
        rc_check_evidence(out, ctx, h->path, h->f.first_line, "%s", note);
        note_first(s, h->path, h->f.first_line);
      } else
        take_lines(s, ctx, out, h->path, &h->f);
      s->n_matched++;
      continue;
    }
    const char *use = use_verdict(s->cfg, ctx, h->path, deployer[i]);
    if (use) {
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, h->path, h->f.first_line,
                             "%s", use);
      continue;
    }
    take_lines(s, ctx, out, h->path, &h->f);
    s->n_matched++;
  }
  free(paths);
  free(why);
  free(deployer);
  free(loader);
  free(s->held);
  s->held = NULL;
}

/* `any` is settled by its first matching file; `none` and `all` look at
 * every file so that their counts and evidence are complete. The first
 * regex limit ends the search too. */
static bool fold(const void *vcfg, void *vstate, struct rc_ctx *ctx,
                 struct rc_check *out, const struct rc_scan_file *file)
{
  (void)vcfg;
  struct scan *s = vstate;
  const struct found *f = file->found;
  const char *path = file->path;
  enum file_result r;
  s->folded++;
  if (file->error) {
    set_error(s, ctx, "cannot read '%s': %s", path, file->error);
    r = FILE_UNKNOWN;
  } else if (file->binary) {
    s->n_binary++;
    r = FILE_BINARY;
  } else {
    s->n_text++;
    s->last_text = path;
    r = f->r;
    if (f->n_minified && !s->n_minified)
      s->first_minified = path;
    s->n_minified += f->n_minified;
    if (f->set_aside && !s->n_set_aside++)
      s->first_set_aside = path;
    if (f->set_aside && s->cfg->set_aside_folders)
      note_aside_dir(s, ctx, path);
    if (r == FILE_MATCHED && hold(s, ctx, path, f))
      r = FILE_HELD;
    else
      take_lines(s, ctx, out, path, f);
    if (f->limit_rc) {
      set_error(s, ctx, "regex %s at %s:%u", rc_regex_strerror(f->limit_rc),
                path, f->limit_line);
      s->stopped = true;
      s->stop_path = path;
      s->lines_left = f->lines_left;
    }
  }
  if (r == FILE_MATCHED) {
    s->n_matched++;
    /* Under `match: all` each matching file is an item that passes. */
    if (s->cfg->match == MATCH_ALL)
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, path, 0, "matches");
  } else if (r == FILE_UNMATCHED) {
    if (!s->n_unmatched++)
      s->first_unmatched = path;
    if (s->cfg->match == MATCH_ALL)
      rc_check_evidence(out, ctx, path, 0, "does not match");
  }
  if (s->stopped)
    s->files_left = s->n_items - s->folded;
  if (out->n_ev >= s->ev_max)
    atomic_store(&s->ev_full, true);
  return !s->stopped && !(s->cfg->match == MATCH_ANY && s->n_matched > 0);
}

/* ---- the outcome ---- */

static void report_stop(const struct scan *s, struct rc_ctx *ctx,
                        struct rc_check *out)
{
  if (!s->stopped)
    return;
  const char *rest =
      s->cfg->multiline
          ? "the rest of this file"
          : rc_arena_printf(ctx->arena, "%zu more %s of this file",
                            s->lines_left,
                            plural(s->lines_left, "line", "lines"));
  rc_check_evidence(out, ctx, s->stop_path, 0,
                    "search stopped at the first regex limit: %s and %zu "
                    "more %s not searched",
                    rest, s->files_left,
                    plural(s->files_left, "file", "files"));
}

/* Length of a leading article ("a ", "an ") to drop after "no". */
static size_t article(const char *s)
{
  if (strncmp(s, "a ", 2) == 0)
    return 2;
  if (strncmp(s, "an ", 3) == 0)
    return 3;
  return 0;
}

/* The same verdicts in the rule's words (`looks_for: "a lint step"`): no
 * regular expression in a message a person reads. */
static bool report_in_words(const struct scan *s, struct rc_ctx *ctx,
                            struct rc_check *out, const char *sel_words,
                            const char *skipped)
{
  const struct cfg *cfg = s->cfg;
  const char *what = ctx->looks_for;
  if (cfg->match != MATCH_ALL && s->n_matched)
    rc_check_set(out, ctx, cfg->match == MATCH_ANY ? RC_OUT_OK : RC_OUT_FAIL,
                 "found %s in '%s' line %u", what, s->first_path,
                 s->first_line);
  else if (cfg->match == MATCH_ALL && s->n_unmatched == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "'%s' lacks %s", s->first_unmatched,
                 what);
  else if (cfg->match == MATCH_ALL && s->n_unmatched)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu files lack %s",
                 s->n_unmatched, s->n_text, what);
  else if (s->error || s->n_text == 0)
    return false; /* the plain messages say it without a pattern */
  else if (cfg->match == MATCH_ALL && s->n_text == 1)
    rc_check_set(out, ctx, RC_OUT_OK, "'%s' has %s%s", s->last_text, what,
                 skipped);
  else if (cfg->match == MATCH_ALL)
    rc_check_set(out, ctx, RC_OUT_OK, "all %zu files matching %s have %s%s",
                 s->n_text, sel_words, what, skipped);
  else
    rc_check_set(out, ctx, cfg->match == MATCH_NONE ? RC_OUT_OK : RC_OUT_FAIL,
                 "found no %s in %zu %s matching %s%s", what + article(what),
                 s->n_text, plural(s->n_text, "file", "files"), sel_words,
                 skipped);
  return true;
}

static void finish(const void *vcfg, void *vstate, struct rc_ctx *ctx,
                   struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  struct scan *s = vstate;
  const char *sel_words = rc_strlist_quote(ctx->arena, &cfg->path);
  rc_regex_budget_free(s->budget);
  s->budget = NULL;
  release_held(s, ctx, out);
  free(s->aside_dirs);
  s->aside_dirs = NULL;
  report_stop(s, ctx, out);
  /* No text file searched: "no match" says nothing about the repository
   * (run.c makes a vacuous pass not applicable). */
  out->vacuous = !s->error && s->n_text == 0 && s->n_matched == 0;
  const char *pat = shown_pattern(ctx->arena, cfg->pattern.src);
  const char *skipped =
      s->n_binary
          ? rc_arena_printf(ctx->arena, " (%zu binary %s skipped)", s->n_binary,
                            plural(s->n_binary, "file", "files"))
          : "";
  if (s->n_minified) {
    skipped = rc_arena_printf(
        ctx->arena,
        "%s (%zu %s over 64 KiB, minified or generated, not "
        "searched)",
        skipped, s->n_minified, plural(s->n_minified, "line", "lines"));
    /* a note, not a failing item */
    rc_check_evidence_mark(out, ctx, RC_EV_PASS, s->first_minified, 0,
                           "%zu %s over 64 KiB (minified or generated code) "
                           "not searched; the first is in this file",
                           s->n_minified,
                           plural(s->n_minified, "line", "lines"));
  }
  if (s->n_set_aside) {
    const char *are = cfg->skipped_files_are
                          ? cfg->skipped_files_are
                          : "files the rule's skip_files_matching matches";
    skipped = rc_arena_printf(ctx->arena, "%s (%zu %s not counted: %s)",
                              skipped, s->n_set_aside,
                              plural(s->n_set_aside, "file", "files"), are);
    /* a note, not a failing item */
    rc_check_evidence_mark(
        out, ctx, RC_EV_PASS, s->first_set_aside, 0, "not counted: %s%s", are,
        s->n_set_aside > 1
            ? rc_arena_printf(ctx->arena, " (and %zu more such files)",
                              s->n_set_aside - 1)
            : "");
  }
  if (ctx->looks_for && report_in_words(s, ctx, out, sel_words, skipped))
    return;
  if (cfg->match != MATCH_ALL && s->n_matched) {
    rc_check_set(out, ctx, cfg->match == MATCH_ANY ? RC_OUT_OK : RC_OUT_FAIL,
                 "found a match for '%s' in '%s' line %u", pat, s->first_path,
                 s->first_line);
  } else if (cfg->match == MATCH_ALL && s->n_unmatched) {
    if (s->n_unmatched == 1)
      rc_check_set(out, ctx, RC_OUT_FAIL, "'%s' does not match '%s'",
                   s->first_unmatched, pat);
    else
      rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu files do not match '%s'",
                   s->n_unmatched, s->n_text, pat);
  } else if (s->error) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", s->error);
  } else if (s->n_text == 0) {
    rc_check_set(out, ctx, cfg->match == MATCH_NONE ? RC_OUT_OK : RC_OUT_FAIL,
                 "no %sfile matches %s%s", s->n_binary ? "text " : "",
                 sel_words, skipped);
  } else if (cfg->match == MATCH_ALL && s->n_text == 1) {
    rc_check_set(out, ctx, RC_OUT_OK, "'%s' matches '%s'%s", s->last_text, pat,
                 skipped);
  } else if (cfg->match == MATCH_ALL) {
    rc_check_set(out, ctx, RC_OUT_OK, "all %zu files matching %s match '%s'%s",
                 s->n_text, sel_words, pat, skipped);
  } else {
    rc_check_set(out, ctx, cfg->match == MATCH_NONE ? RC_OUT_OK : RC_OUT_FAIL,
                 "no match for '%s' in %zu %s matching %s%s", pat, s->n_text,
                 plural(s->n_text, "file", "files"), sel_words, skipped);
  }
}

/* Chooses the files; NULL when the check is decided already (out set). */
static void *plan(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out,
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
    django_settings(ctx, cfg, &sel);
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
                 found, plural(found, "file", "files"));
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
  s->prefilter = line_local(cfg->pattern.src);
  s->ev_max = rc_ctx_evidence_max(ctx);
  s->budget = rc_regex_budget_new(0);
  if (cfg->django_settings)
    s->settings = ctx->model;
  *targets = sel.items;
  *n = sel.n;
  return s;
}

static const struct rc_regex *pattern_of(const void *vcfg)
{
  return ((const struct cfg *)vcfg)->pattern.re;
}

static const struct rc_scan_ops scan_ops = {
    .plan = plan,
    .search = search,
    .fold = fold,
    .finish = finish,
    .found_free = found_free,
    .pattern = pattern_of,
};

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  rc_scan_check(&scan_ops, vcfg, ctx, out);
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
  if (!cfg->pattern.re)
    rc = rc_error(d, loc, "'pattern' is required");
  if (cfg->deploys != DEPLOYS_ANY && !cfg->deployed)
    rc = rc_error(d, loc, "'deploys' applies with 'deployed: true'");
  if (cfg->set_aside_folders && !cfg->skip_files_matching.re)
    rc = rc_error(d, loc,
                  "'set_aside_folders' applies with 'skip_files_matching'");
  if (cfg->skipped_files_are && !cfg->skip_files_matching.re)
    rc = rc_error(d, loc,
                  "'skipped_files_are' applies with 'skip_files_matching'");
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), RC_FIELD_REQUIRED,
     NULL, "globs or paths selecting the files to search"},
    {"pattern", RC_FIELD_REGEX, offsetof(struct cfg, pattern),
     RC_FIELD_REQUIRED, NULL,
     "PCRE2 pattern, matched against each line (or the whole file)"},
    {"match", RC_FIELD_ENUM, offsetof(struct cfg, match), 0, match_names,
     "any (default): some file matches; all: every selected file matches; "
     "none: no file matches"},
    {"multiline", RC_FIELD_BOOL, offsetof(struct cfg, multiline), 0, NULL,
     "match each whole file at once instead of line by line"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs removed from the selection"},
    {"deployed", RC_FIELD_BOOL, offsetof(struct cfg, deployed), 0, NULL,
     "only files a deployed service mounts or copies (when any is; else "
     "files outside test, example and development folders)"},
    {"deploys", RC_FIELD_ENUM, offsetof(struct cfg, deploys), 0, deploys_names,
     "with deployed: any (default): as deployed says; evidenced: only files "
     "a deployed service mounts or copies (none: nothing is searched), not "
     "those only compose files without deploy evidence use when others "
     "have it"},
    {"skip_samples", RC_FIELD_BOOL, offsetof(struct cfg, skip_samples), 0, NULL,
     "leave out files in folders a README calls samples not to deploy"},
    {"skip_seed_data", RC_FIELD_BOOL, offsetof(struct cfg, skip_seed_data), 0,
     NULL,
     "leave out files a compose service mounts into a database image's "
     "/docker-entrypoint-initdb.d (seed data loaded on purpose)"},
    {"skip_nonprod", RC_FIELD_BOOL, offsetof(struct cfg, skip_nonprod), 0, NULL,
     "only files the deployment model calls production: not test suites, "
     "development stacks, examples or docs"},
    {"skip_minified", RC_FIELD_BOOL, offsetof(struct cfg, skip_minified), 0,
     NULL,
     "lines over 64 KiB (minified or generated code) are not searched; the "
     "evidence counts them"},
    {"comment_disowns", RC_FIELD_BOOL, offsetof(struct cfg, comment_disowns), 0,
     NULL,
     "a match whose comment or name says the value is fake, a placeholder, "
     "a test's or an example, or that lies in a Python docstring, does not "
     "count"},
    {"verify_checksums", RC_FIELD_BOOL, offsetof(struct cfg, verify_checksums),
     0, NULL,
     "a match in a token format that carries a checksum (GitHub's ghp_, "
     "gho_, ghu_, ghs_, ghr_ and npm's npm_ tokens: a CRC32 in their last "
     "six characters) counts only when the checksum holds"},
    {"skip_block_comments", RC_FIELD_BOOL,
     offsetof(struct cfg, skip_block_comments), 0, NULL,
     "in a C-family source file, a line inside a block comment that opens "
     "on a line of its own (a quoted example) is not searched"},
    {"per_file", RC_FIELD_BOOL, offsetof(struct cfg, per_file), 0, NULL,
     "one piece of evidence per matching file (its first match and the "
     "number of others), not one per line"},
    {"skip_test_only", RC_FIELD_BOOL, offsetof(struct cfg, skip_test_only), 0,
     NULL,
     "a matching file does not count when something names it and only "
     "tests do: test code, configurations only tests load (up to three "
     "files away), CI jobs that run tests"},
    {"skip_code_loaded", RC_FIELD_BOOL, offsetof(struct cfg, skip_code_loaded),
     0, NULL,
     "a matching file does not count when the application's own code (not "
     "tests, not shell scripts) names it in a string literal: a schema and "
     "default rows an installer or migration loads (codeloads.h)"},
    {"skip_non_secret_keys", RC_FIELD_BOOL,
     offsetof(struct cfg, skip_non_secret_keys), 0, NULL,
     "a matching private key does not count when it is no secret: cut "
     "short (a sample in prose or a schema), or the key of a certificate "
     "beside it that names a test identity (keyfile.h); an encrypted or "
     "localhost key as limited_keys says"},
    {"limited_keys", RC_FIELD_ENUM, offsetof(struct cfg, limited_keys), 0,
     limited_names,
     "with skip_non_secret_keys: what an encrypted private key, or one whose "
     "certificate is for localhost only, does: judged (default): it counts "
     "like any other; pass: it does not count; count: it counts whatever "
     "uses it, its evidence saying why it is limited (a localhost key only "
     "where a deployment serves it)"},
    {"django_settings", RC_FIELD_BOOL, offsetof(struct cfg, django_settings), 0,
     NULL,
     "also search the Django settings modules production's "
     "DJANGO_SETTINGS_MODULE names (a production image's ENV, a production "
     "compose file, wsgi.py's default when nothing else names one), and "
     "not a settings module only development or tests name; and the "
     "lines of the Flask config class and Rails environment production "
     "loads (not a development or test class's, nor a comment)"},
    {"skip_compose", RC_FIELD_BOOL, offsetof(struct cfg, skip_compose), 0, NULL,
     "YAML files in Compose's format (a top-level services: mapping with "
     "images or builds) are not searched, whatever they are named: the "
     "compose rules judge them"},
    {"skip_templates", RC_FIELD_BOOL, offsetof(struct cfg, skip_templates), 0,
     NULL,
     "leave out a file that its folder's README or the root README has the "
     "operator edit before use (\"open the .env file and update the "
     "variables\"): a configuration template shipped with defaults"},
    {"deployment_use", RC_FIELD_ENUM, offsetof(struct cfg, deployment_use), 0,
     use_names,
     "any (default): every matching file counts; used: only files the "
     "deployment uses (a production image copies it, by name, its folder "
     "or through a build stage, or a production compose service mounts "
     "it; every file when a directory could not be read); unused: only "
     "the others; baked: only files a production image holds (copies by "
     "name, folder or through a build stage; not a compose mount); "
     "unbaked: the others, a counted file's evidence saying what else "
     "uses it"},
    {"set_aside_folders", RC_FIELD_BOOL,
     offsetof(struct cfg, set_aside_folders), 0, NULL,
     "with skip_files_matching: a matched file in the folder of a file set "
     "aside is set aside too (a detector's rule set keeps one file per "
     "format, and one format's examples may hold another's token)"},
    {"skip_files_matching", RC_FIELD_REGEX,
     offsetof(struct cfg, skip_files_matching), 0, NULL,
     "a matching file does not count when this pattern also matches "
     "anywhere in it (a detector's rule file that spells the format as a "
     "regular expression beside its examples); the evidence notes it"},
    {"skipped_files_are", RC_FIELD_STRING,
     offsetof(struct cfg, skipped_files_are), 0, NULL,
     "with skip_files_matching: what such a file is, in words, for the "
     "note that says it was not counted"},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* `deployed: true` keeps only the files deployed services use, and
 * `skip_samples: true` drops the model's sample collections, and
 * `django_settings: true` asks it which settings modules production loads:
 * all read the deployment model. */
static bool reads_model_for(const void *vcfg)
{
  const struct cfg *cfg = vcfg;
  return cfg->deployed || cfg->skip_samples || cfg->skip_seed_data ||
         cfg->skip_nonprod || cfg->skip_test_only || cfg->django_settings ||
         cfg->deployment_use != USE_ANY;
}

const struct rc_probe rc_probe_file_regex = {
    .name = "file_regex",
    .summary = "a regular expression matches in some, all or none of the "
               "selected files",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .scan = &scan_ops,
    .reads_model_for = reads_model_for,
};
