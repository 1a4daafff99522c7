/*
 * testcfg.c - the coverage configurations each package's tests load
 * (testcfg.h). Read from the files themselves, not from cJSON trees:
 * rules judge text and need byte ranges and lines, so package.json is
 * walked by a small scanner that finds a member's value in the original
 * bytes.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/regex.h"
#include "readycheck/testcfg.h"

/* ---- a JSON text, by byte ranges ---------------------------------------- */

static size_t skip_ws(const char *s, size_t i, size_t end)
{
  while (i < end &&
         (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
    i++;
  return i;
}

/* s[i] is '"': the index after the closing quote (end when unterminated). */
static size_t skip_string(const char *s, size_t i, size_t end)
{
  for (i++; i < end; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '"')
      return i + 1;
  }
  return end;
}

/* The index after the JSON value starting at s[i]. */
static size_t skip_value(const char *s, size_t i, size_t end)
{
  if (i >= end)
    return end;
  if (s[i] == '"')
    return skip_string(s, i, end);
  if (s[i] != '{' && s[i] != '[') {
    while (i < end && s[i] != ',' && s[i] != '}' && s[i] != ']')
      i++;
    return i;
  }
  int depth = 0;
  for (; i < end; i++) {
    if (s[i] == '"') {
      i = skip_string(s, i, end) - 1;
    } else if (s[i] == '{' || s[i] == '[') {
      depth++;
    } else if (s[i] == '}' || s[i] == ']') {
      if (--depth == 0)
        return i + 1;
    }
  }
  return end;
}

/* The value of member key in the object s[obj..end) (s[obj] is '{'): its
 * range in *vs..*ve. False when the object has no such member. */
static bool member(const char *s, size_t obj, size_t end, const char *key,
                   size_t *vs, size_t *ve)
{
  size_t klen = strlen(key);
  if (obj >= end || s[obj] != '{')
    return false;
  size_t i = skip_ws(s, obj + 1, end);
  while (i < end && s[i] == '"') {
    size_t ke = skip_string(s, i, end);
    bool hit = ke - i == klen + 2 && memcmp(s + i + 1, key, klen) == 0;
    i = skip_ws(s, ke, end);
    if (i >= end || s[i] != ':')
      return false;
    i = skip_ws(s, i + 1, end);
    size_t e = skip_value(s, i, end);
    if (hit) {
      *vs = i;
      *ve = e;
      return true;
    }
    i = skip_ws(s, e, end);
    if (i < end && s[i] == ',')
      i = skip_ws(s, i + 1, end);
  }
  return false;
}

static unsigned line_at(const char *s, size_t off)
{
  unsigned line = 1;
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n')
      line++;
  return line;
}

/* ---- building the list --------------------------------------------------- */

struct build {
  struct rc_testcfgs *out;
  struct rc_index *idx;
  struct rc_arena *a;
};

static struct rc_testcfg_pkg *add_pkg(struct build *b, const char *dir,
                                      const char *manifest)
{
  struct rc_testcfgs *t = b->out;
  rc_grow((void **)&t->pkgs, &t->cap, t->n + 1, sizeof *t->pkgs);
  struct rc_testcfg_pkg *p = &t->pkgs[t->n++];
  memset(p, 0, sizeof *p);
  p->dir = rc_arena_strdup(b->a, dir);
  p->manifest = rc_arena_strdup(b->a, manifest);
  return p;
}

/* Adds a file (or range) once; false when it was already there. */
static bool add_file(struct build *b, struct rc_testcfg_pkg *p,
                     const char *path, size_t start, size_t end, unsigned line,
                     const char *runner, const char *why)
{
  for (size_t i = 0; i < p->n_files; i++)
    if (strcmp(p->files[i].path, path) == 0 && p->files[i].start == start &&
        p->files[i].end == end)
      return false;
  rc_grow((void **)&p->files, &p->cap_files, p->n_files + 1, sizeof *p->files);
  struct rc_testcfg_file *f = &p->files[p->n_files++];
  f->path = rc_arena_strdup(b->a, path);
  f->start = start;
  f->end = end;
  f->line = line;
  f->runner = runner;
  f->why = rc_arena_strdup(b->a, why);
  return true;
}

static bool has_file(struct build *b, const char *path)
{
  const struct rc_entry *e = path ? rc_index_find(b->idx, path) : NULL;
  return e && e->kind == RC_ENTRY_FILE;
}

static bool in_node_modules(const char *path)
{
  return strncmp(path, "node_modules/", 13) == 0 ||
         strstr(path, "/node_modules/") != NULL;
}

/* The first of names (NULL-terminated) that exists in dir, or NULL. */
static const char *first_in(struct build *b, const char *dir,
                            const char *const *names)
{
  for (size_t i = 0; names[i]; i++) {
    const char *p = rc_path_join(b->a, dir, names[i]);
    if (has_file(b, p))
      return p;
  }
  return NULL;
}

static const char *const jest_names[] = {"jest.config.js",   "jest.config.ts",
                                         "jest.config.mjs",  "jest.config.cjs",
                                         "jest.config.json", NULL};
static const char *const vitest_names[] = {"vitest.config.ts",
                                           "vitest.config.js",
                                           "vitest.config.mts",
                                           "vitest.config.mjs",
                                           "vitest.config.cjs",
                                           "vite.config.ts",
                                           "vite.config.js",
                                           "vite.config.mts",
                                           "vite.config.mjs",
                                           "vite.config.cjs",
                                           NULL};
static const char *const nyc_names[] = {".nycrc", ".nycrc.json", ".nycrc.yml",
                                        ".nycrc.yaml", NULL};
static const char *const c8_names[] = {".c8rc", ".c8rc.json", NULL};
static const char *const karma_names[] = {
    "karma.conf.js", "karma.conf.cjs", "karma.conf.ts", "karma.conf.mjs", NULL};

/* ---- commands ------------------------------------------------------------ */

static bool word_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
         c == '/' || c == '@';
}

/* The offset just after the word w in cmd (as a whole shell word part,
 * e.g. "jest", "npx jest", "node_modules/.bin/jest"), or -1. */
static long find_word(const char *cmd, const char *w)
{
  size_t n = strlen(w);
  for (const char *p = cmd; (p = strstr(p, w)) != NULL; p++) {
    bool left = p == cmd || !word_char(p[-1]) || p[-1] == '/';
    if (left && !word_char(p[n]))
      return (long)(p - cmd + n);
  }
  return -1;
}

/* The argument of --config/-c after position from, up to the next shell
 * separator, in the arena; NULL when none. */
static const char *config_arg(struct rc_arena *a, const char *cmd, long from)
{
  const char *p = cmd + from;
  const char *stop = strpbrk(p, "&|;");
  size_t lim = stop ? (size_t)(stop - p) : strlen(p);
  for (size_t i = 0; i < lim; i++) {
    if (i && p[i - 1] != ' ')
      continue;
    size_t k;
    if (strncmp(p + i, "--config", 8) == 0 &&
        (p[i + 8] == '=' || p[i + 8] == ' '))
      k = i + 9;
    else if (strncmp(p + i, "-c ", 3) == 0)
      k = i + 3;
    else
      continue;
    while (k < lim && p[k] == ' ')
      k++;
    char q =
        k < lim && (p[k] == '\'' || p[k] == '"' || p[k] == '\\') ? p[k] : 0;
    if (q == '\\' && k + 1 < lim)
      k += 2; /* an escaped quote inside the JSON string */
    else if (q)
      k++;
    size_t e = k;
    while (e < lim && p[e] != ' ' && p[e] != '\'' && p[e] != '"' &&
           p[e] != '\\')
      e++;
    return e > k ? rc_arena_strndup(a, p + k, e - k) : NULL;
  }
  return NULL;
}

/* The names of scripts cmd runs through the package manager. */
static void run_targets(const char *cmd, char names[][64], size_t *n,
                        size_t max)
{
  static const char *const runs[] = {
      "npm run ", "yarn run ", "pnpm run ", "bun run ", "yarn ", "pnpm ", NULL};
  for (size_t r = 0; runs[r]; r++) {
    for (const char *p = cmd; (p = strstr(p, runs[r])) != NULL; p++) {
      if (p != cmd && word_char(p[-1]))
        continue;
      const char *s = p + strlen(runs[r]);
      while (*s == '-') { /* options: npm run -s x */
        while (*s && *s != ' ')
          s++;
        while (*s == ' ')
          s++;
      }
      size_t k = 0;
      while (word_char(s[k]) || s[k] == ':')
        k++;
      if (k && k < 64 && *n < max) {
        memcpy(names[*n], s, k);
        names[*n][k] = '\0';
        (*n)++;
      }
    }
  }
}

static bool test_script_name(const char *name)
{
  size_t n = strlen(name);
  return strcmp(name, "test") == 0 || strncmp(name, "test:", 5) == 0 ||
         strncmp(name, "test-", 5) == 0 || strncmp(name, "cover", 5) == 0 ||
         (n > 9 && strcmp(name + n - 9, ":coverage") == 0);
}

/* ---- one package.json ---------------------------------------------------- */

struct pkgjson {
  const char *path, *dir;
  const char *text;
  size_t len;
};

/* A top-level key of package.json as a loaded range. */
static void add_key(struct build *b, struct rc_testcfg_pkg *p,
                    const struct pkgjson *j, const char *key,
                    const char *runner, const char *why)
{
  size_t vs, ve;
  if (member(j->text, skip_ws(j->text, 0, j->len), j->len, key, &vs, &ve))
    add_file(b, p, j->path, vs, ve, line_at(j->text, vs), runner,
             rc_arena_printf(b->a, "%s (package.json#%s)", why, key));
}

static void add_jest_projects(struct build *b, struct rc_testcfg_pkg *p,
                              size_t from);

/* A jest config file, and what its `projects` name. */
static void add_jest_file(struct build *b, struct rc_testcfg_pkg *p,
                          const char *path, const char *why)
{
  if (add_file(b, p, path, 0, 0, 1, "jest", why))
    add_jest_projects(b, p, p->n_files - 1);
}

/* A folder's jest configuration: its config file, else its
 * package.json#jest. */
static void add_jest_dir(struct build *b, struct rc_testcfg_pkg *p,
                         const char *dir, const char *why)
{
  const char *f = first_in(b, dir, jest_names);
  if (f) {
    add_jest_file(b, p, f, why);
    return;
  }
  const char *pj = rc_path_join(b->a, dir, "package.json");
  const struct rc_entry *e = pj ? rc_index_find(b->idx, pj) : NULL;
  const char *text;
  size_t len;
  char err[128];
  if (!e || rc_index_read(b->idx, e, &text, &len, err, sizeof err) != 0)
    return;
  size_t vs, ve;
  if (member(text, skip_ws(text, 0, len), len, "jest", &vs, &ve) &&
      add_file(b, p, pj, vs, ve, line_at(text, vs), "jest",
               rc_arena_printf(b->a, "%s (package.json#jest)", why)))
    add_jest_projects(b, p, p->n_files - 1);
}

/* One `projects` entry, relative to the config's folder. */
static void add_project(struct build *b, struct rc_testcfg_pkg *p,
                        const char *cfgdir, const char *entry,
                        const char *cfgpath)
{
  if (strncmp(entry, "<rootDir>", 9) == 0)
    entry += entry[9] == '/' ? 10 : 9;
  const char *why =
      rc_arena_printf(b->a, "listed in the projects of %s", cfgpath);
  if (!rc_glob_is_literal(entry)) {
    const char *glob = rc_path_join(b->a, cfgdir, entry);
    for (size_t i = 0; glob && i < rc_index_count(b->idx); i++) {
      const struct rc_entry *e = rc_index_at(b->idx, i);
      if (e->kind == RC_ENTRY_DIR && rc_glob_match(glob, e->path))
        add_jest_dir(b, p, e->path, why);
    }
    return;
  }
  const char *path = rc_path_join(b->a, cfgdir, entry);
  if (!path)
    return;
  if (has_file(b, path))
    add_jest_file(b, p, path, why);
  else
    add_jest_dir(b, p, path, why);
}

/* The string entries of `projects: [...]` in the loaded file n. */
static void add_jest_projects(struct build *b, struct rc_testcfg_pkg *p,
                              size_t n)
{
  const char *path = p->files[n].path;
  size_t start = p->files[n].start, end = p->files[n].end;
  const struct rc_entry *e = rc_index_find(b->idx, path);
  const char *text;
  size_t len;
  char err[128];
  if (!e || rc_index_read(b->idx, e, &text, &len, err, sizeof err) != 0)
    return;
  if (!end || end > len)
    end = len;
  const char *cfgdir = rc_path_dir(b->a, path);
  for (size_t i = start; i + 8 < end; i++) {
    if (memcmp(text + i, "projects", 8) != 0 || (i && word_char(text[i - 1])))
      continue;
    size_t k = i + 8;
    if (k < end && (text[k] == '"' || text[k] == '\''))
      k++;
    k = skip_ws(text, k, end);
    if (k >= end || text[k] != ':')
      continue;
    k = skip_ws(text, k + 1, end);
    if (k >= end || text[k] != '[')
      continue;
    /* strings at the list's own level; objects are inline projects, whose
     * thresholds sit in this same file */
    int depth = 0;
    for (; k < end; k++) {
      char c = text[k];
      if (c == '[' || c == '{')
        depth++;
      else if (c == ']' || c == '}') {
        if (--depth == 0)
          break;
      } else if ((c == '"' || c == '\'' || c == '`') && depth == 1) {
        size_t s = k + 1, q = s;
        while (q < end && text[q] != c && text[q] != '\n')
          q++;
        if (q > s && q < end)
          add_project(b, p, cfgdir, rc_arena_strndup(b->a, text + s, q - s),
                      path);
        k = q;
      }
    }
    return;
  }
}

/* ---- karma ----------------------------------------------------------------
 */

static bool js_ident(char c)
{
  return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* The object written after `key:` (bare or quoted) in JavaScript text
 * s[from..end): its range. */
static bool js_object(const char *s, size_t from, size_t end, const char *key,
                      size_t *os, size_t *oe)
{
  size_t n = strlen(key);
  for (size_t i = from; i + n < end; i++) {
    if (memcmp(s + i, key, n) != 0 || (i > from && js_ident(s[i - 1])))
      continue;
    size_t k = i + n;
    if (s[k] == '"' || s[k] == '\'')
      k++;
    if (js_ident(s[k]))
      continue;
    while (k < end && (s[k] == ' ' || s[k] == '\t'))
      k++;
    if (k >= end || s[k] != ':')
      continue;
    k = skip_ws(s, k + 1, end);
    if (k >= end || s[k] != '{')
      continue;
    *os = k;
    *oe = skip_value(s, k, end);
    return true;
  }
  return false;
}

/* `emitWarning: true` in s[from..end): thresholds that only warn. */
static bool emits_warning(const char *s, size_t from, size_t end)
{
  for (size_t i = from; i + 11 < end; i++) {
    if (memcmp(s + i, "emitWarning", 11) != 0)
      continue;
    size_t k = i + 11;
    while (k < end &&
           (s[k] == ' ' || s[k] == ':' || s[k] == '"' || s[k] == '\''))
      k++;
    if (end - k >= 4 && memcmp(s + k, "true", 4) == 0)
      return true;
  }
  return false;
}

/* A karma config a test command loads: its coverage reporter's `check`
 * (karma-coverage) or `thresholds` (karma-coverage-istanbul-reporter)
 * object - the `global` level, per-file floors are not the gate - or,
 * when it sets none, the whole file. Thresholds that only warn
 * (`emitWarning: true`) gate nothing: the object's first line is kept so
 * the file shows as loaded, with no threshold. */
static void add_karma_file(struct build *b, struct rc_testcfg_pkg *p,
                           const char *path, const char *why)
{
  const struct rc_entry *e = rc_index_find(b->idx, path);
  const char *text;
  size_t len, os, oe, gs, ge;
  char err[128];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_index_read(b->idx, e, &text, &len, err, sizeof err) != 0)
    return;
  if (!js_object(text, 0, len, "check", &os, &oe) &&
      !js_object(text, 0, len, "thresholds", &os, &oe)) {
    add_file(b, p, path, 0, 0, 1, "karma", why);
    return;
  }
  if (emits_warning(text, os, oe)) {
    add_file(b, p, path, os, os + 1, line_at(text, os), "karma",
             rc_arena_printf(b->a,
                             "%s; its thresholds only warn (emitWarning: "
                             "true)",
                             why));
    return;
  }
  if (js_object(text, os + 1, oe, "global", &gs, &ge))
    add_file(b, p, path, gs, ge, line_at(text, gs), "karma", why);
  else
    add_file(b, p, path, os, oe, line_at(text, os), "karma", why);
}

/* `karma start [config]`: the config named, else karma.conf.* beside. */
static const char *karma_arg(struct rc_arena *a, const char *cmd, long from)
{
  const char *p = cmd + from;
  while (*p == ' ')
    p++;
  if (strncmp(p, "start", 5) != 0 || (p[5] && p[5] != ' '))
    return NULL;
  for (p += 5; *p && !strchr("&|;", *p);) {
    while (*p == ' ')
      p++;
    size_t n = strcspn(p, " &|;");
    const char *w = rc_arena_strndup(a, p, n);
    if (n > 3 && p[0] != '-' && (strstr(w, ".js") || strstr(w, ".ts")))
      return w;
    p += n;
  }
  return NULL;
}

/* `ng test`: angular.json's `karmaConfig` entries, else karma.conf.*. */
static void add_angular_karma(struct build *b, struct rc_testcfg_pkg *p,
                              const char *dir, const char *why)
{
  const char *aj = rc_path_join(b->a, dir, "angular.json");
  const struct rc_entry *e = aj ? rc_index_find(b->idx, aj) : NULL;
  const char *text;
  size_t len;
  char err[128];
  bool any = false;
  if (e && e->kind == RC_ENTRY_FILE &&
      rc_index_read(b->idx, e, &text, &len, err, sizeof err) == 0) {
    char *copy = rc_arena_strndup(b->a, text, len);
    for (char *k = copy; (k = strstr(k, "\"karmaConfig\"")); k += 13) {
      char *q = strchr(k + 13, '"');
      char *qe = q ? strchr(q + 1, '"') : NULL;
      if (!qe)
        break;
      const char *cfg = rc_path_join(
          b->a, dir, rc_arena_strndup(b->a, q + 1, (size_t)(qe - q - 1)));
      if (cfg && has_file(b, cfg)) {
        add_karma_file(b, p, cfg, why);
        any = true;
      }
    }
  }
  const char *f = any ? NULL : first_in(b, dir, karma_names);
  if (f)
    add_karma_file(b, p, f, why);
}

/* What one script command loads. */
static void judge_command(struct build *b, struct rc_testcfg_pkg *p,
                          const struct pkgjson *j, const char *name,
                          const char *cmd)
{
  long at;
  if ((at = find_word(cmd, "jest")) >= 0 ||
      (at = find_word(cmd, "react-scripts test")) >= 0 ||
      (at = find_word(cmd, "craco test")) >= 0) {
    const char *why = rc_arena_printf(b->a, "scripts.%s runs jest", name);
    const char *arg = config_arg(b->a, cmd, at);
    const char *cfg = arg ? rc_path_join(b->a, j->dir, arg) : NULL;
    if (cfg && has_file(b, cfg))
      add_jest_file(b, p, cfg,
                    rc_arena_printf(b->a, "%s --config %s", why, arg));
    else if (!arg)
      add_jest_dir(b, p, j->dir, why);
  }
  if ((at = find_word(cmd, "vitest")) >= 0) {
    const char *why = rc_arena_printf(b->a, "scripts.%s runs vitest", name);
    const char *arg = config_arg(b->a, cmd, at);
    const char *cfg = arg ? rc_path_join(b->a, j->dir, arg)
                          : first_in(b, j->dir, vitest_names);
    if (cfg && has_file(b, cfg))
      add_file(b, p, cfg, 0, 0, 1, "vitest", why);
  }
  if ((at = find_word(cmd, "karma")) >= 0) {
    const char *why = rc_arena_printf(b->a, "scripts.%s runs karma", name);
    const char *arg = karma_arg(b->a, cmd, at);
    const char *cfg = arg ? rc_path_join(b->a, j->dir, arg)
                          : first_in(b, j->dir, karma_names);
    if (cfg && has_file(b, cfg))
      add_karma_file(b, p, cfg, why);
  } else if (find_word(cmd, "ng test") >= 0) {
    add_angular_karma(
        b, p, j->dir,
        rc_arena_printf(b->a, "scripts.%s runs ng test (karma)", name));
  }
  static const struct {
    const char *word;
    const char *const *names;
  } tools[] = {{"nyc", nyc_names}, {"c8", c8_names}};
  for (size_t t = 0; t < 2; t++) {
    if (find_word(cmd, tools[t].word) < 0)
      continue;
    const char *why =
        rc_arena_printf(b->a, "scripts.%s runs %s", name, tools[t].word);
    const char *f = first_in(b, j->dir, tools[t].names);
    if (f)
      add_file(b, p, f, 0, 0, 1, tools[t].word, why);
    add_key(b, p, j, tools[t].word, tools[t].word, why);
  }
}

enum { MAX_SCRIPTS = 32 };

static void judge_package_json(struct build *b, const struct rc_entry *e)
{
  struct pkgjson j = {.path = e->path};
  char err[128];
  if (rc_index_read(b->idx, e, &j.text, &j.len, err, sizeof err) != 0)
    return;
  j.dir = rc_path_dir(b->a, e->path);
  size_t root = skip_ws(j.text, 0, j.len), ss, se;
  if (!member(j.text, root, j.len, "scripts", &ss, &se) || j.text[ss] != '{')
    return;
  /* the test scripts, then the scripts they run */
  char names[MAX_SCRIPTS][64];
  size_t n = 0;
  for (size_t i = skip_ws(j.text, ss + 1, se);
       i < se && j.text[i] == '"' && n < MAX_SCRIPTS;) {
    size_t ke = skip_string(j.text, i, se);
    if (ke - i - 2 < 64) {
      memcpy(names[n], j.text + i + 1, ke - i - 2);
      names[n][ke - i - 2] = '\0';
      if (test_script_name(names[n]))
        n++;
    }
    i = skip_ws(j.text, ke, se);
    if (i < se && j.text[i] == ':')
      i = skip_ws(j.text, skip_value(j.text, skip_ws(j.text, i + 1, se), se),
                  se);
    if (i < se && j.text[i] == ',')
      i = skip_ws(j.text, i + 1, se);
  }
  if (!n)
    return;
  struct rc_testcfg_pkg *p = add_pkg(b, j.dir, e->path);
  for (size_t k = 0; k < n; k++) {
    size_t vs, ve;
    bool dup = false;
    for (size_t d = 0; d < k; d++)
      dup = dup || strcmp(names[d], names[k]) == 0;
    /* a string value, closed (a truncated file ends inside it) */
    if (dup || !member(j.text, ss, se, names[k], &vs, &ve) ||
        j.text[vs] != '"' || ve < vs + 2 || j.text[ve - 1] != '"')
      continue;
    const char *cmd = rc_arena_strndup(b->a, j.text + vs + 1, ve - vs - 2);
    add_file(b, p, j.path, vs, ve, line_at(j.text, vs), "script",
             rc_arena_printf(b->a, "scripts.%s", names[k]));
    judge_command(b, p, &j, names[k], cmd);
    run_targets(cmd, names, &n, MAX_SCRIPTS);
  }
}

/* ---- Python -------------------------------------------------------------- */

static const char *const py_manifests[] = {
    "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "pytest.ini", NULL};
static const char *const py_configs[] = {"pyproject.toml", "setup.cfg",
                                         "tox.ini",        "pytest.ini",
                                         ".coveragerc",    NULL};

static bool is_py_manifest(const char *name)
{
  for (size_t k = 0; py_manifests[k]; k++)
    if (strcmp(name, py_manifests[k]) == 0)
      return true;
  return false;
}

static bool has_python_pkg(const struct rc_testcfgs *t, const char *dir)
{
  for (size_t k = 0; k < t->n; k++)
    if (strcmp(t->pkgs[k].dir, dir) == 0 &&
        is_py_manifest(rc_path_base(t->pkgs[k].manifest)))
      return true;
  return false;
}

static void judge_python_dir(struct build *b, const char *dir)
{
  const char *manifest = first_in(b, dir, py_manifests);
  if (!manifest)
    return;
  struct rc_testcfg_pkg *p = add_pkg(b, dir, manifest);
  for (size_t i = 0; py_configs[i]; i++) {
    const char *f = rc_path_join(b->a, dir, py_configs[i]);
    if (has_file(b, f))
      add_file(b, p, f, 0, 0, 1, "pytest",
               "read by pytest and coverage.py run in this folder");
  }
}

/* ---- Ruby: SimpleCov ------------------------------------------------------
 */

static const char *const simplecov_files[] = {
    ".simplecov", "spec/spec_helper.rb", "spec/rails_helper.rb",
    "test/test_helper.rb", NULL};

static bool text_has(struct build *b, const struct rc_entry *e,
                     const char *needle)
{
  const char *text;
  size_t len;
  char err[128];
  return rc_index_read(b->idx, e, &text, &len, err, sizeof err) == 0 &&
         strstr(text, needle);
}

/* A Gemfile naming simplecov: rspec and `rails test` run in its folder load
 * .simplecov and the spec or test helper (where `SimpleCov.start` and
 * `minimum_coverage` are written). */
static void judge_gemfile(struct build *b, const struct rc_entry *e)
{
  if (!text_has(b, e, "simplecov"))
    return;
  const char *dir = rc_path_dir(b->a, e->path);
  struct rc_testcfg_pkg *p = add_pkg(b, dir, e->path);
  for (size_t i = 0; simplecov_files[i]; i++) {
    const char *f = rc_path_join(b->a, dir, simplecov_files[i]);
    if (has_file(b, f))
      add_file(b, p, f, 0, 0, 1, "simplecov",
               "read by rspec / rails test run in this folder (the Gemfile "
               "has simplecov)");
  }
}

/* ---- JVM: JaCoCo ----------------------------------------------------------
 */

/* The task name written as a whole word on one line of text. */
static bool line_names_with(const char *text, const char *a, const char *b)
{
  for (const char *p = text; (p = strstr(p, a)); p++) {
    const char *ls = p, *le = strchr(p, '\n');
    while (ls > text && ls[-1] != '\n')
      ls--;
    size_t n = le ? (size_t)(le - ls) : strlen(ls);
    char *line = rc_xstrndup(ls, n);
    bool hit = strstr(line, b) != NULL;
    free(line);
    if (hit)
      return true;
  }
  return false;
}

/* A build file whose coverage rules the build's own check runs: a Maven
 * pom binding jacoco-maven-plugin's `check` goal (it runs at `mvn
 * verify`), or a Gradle build whose `check` depends on (or whose tests are
 * finalized by) jacocoTestCoverageVerification - or that a CI step runs by
 * name (rc_testcfgs_build). */
static void judge_jvm_build(struct build *b, const struct rc_entry *e,
                            const struct rc_pipeline *ci)
{
  const char *text;
  size_t len;
  char err[128];
  if (rc_index_read(b->idx, e, &text, &len, err, sizeof err) != 0)
    return;
  const char *why = NULL;
  if (strcmp(e->name, "pom.xml") == 0) {
    /* the check goal inside the jacoco plugin's own block (checkstyle
     * and spotless have check goals too) */
    for (const char *j = text; !why && (j = strstr(j, "jacoco-maven-plugin"));
         j++) {
      const char *end = strstr(j, "</plugin>");
      const char *goal = strstr(j, "<goal>check</goal>");
      if (goal && (!end || goal < end))
        why = "mvn verify runs jacoco:check (the pom binds its check goal)";
    }
  } else if (strstr(text, "jacocoTestCoverageVerification")) {
    if (line_names_with(text, "jacocoTestCoverageVerification", "dependsOn") ||
        line_names_with(text, "jacocoTestCoverageVerification", "finalizedBy"))
      why = "gradle check runs jacocoTestCoverageVerification (the build "
            "wires it)";
    for (size_t i = 0; !why && ci && i < ci->n_cmds; i++)
      if (strstr(ci->cmds[i].text, "jacocoTestCoverageVerification"))
        why = rc_arena_printf(b->a, "%s:%u runs jacocoTestCoverageVerification",
                              ci->cmds[i].at.path, ci->cmds[i].at.line);
  }
  if (!why)
    return;
  struct rc_testcfg_pkg *p = add_pkg(b, rc_path_dir(b->a, e->path), e->path);
  /* rules that only report fail nothing: the file shows as loaded, with
   * no threshold */
  static const char *const soft_marks[] = {"<haltOnFailure>false",
                                           "failOnViolation = false",
                                           "failOnViolation(false)", NULL};
  for (size_t i = 0; soft_marks[i]; i++) {
    const char *soft = strstr(text, soft_marks[i]);
    if (!soft)
      continue;
    size_t at = (size_t)(soft - text);
    add_file(b, p, e->path, at, at + 1, line_at(text, at), "jacoco",
             rc_arena_printf(b->a, "%s; its rules only report (%s)", why,
                             soft_marks[i][0] == '<'
                                 ? "haltOnFailure false"
                                 : "failOnViolation false"));
    return;
  }
  add_file(b, p, e->path, 0, 0, 1, "jacoco", why);
}

/* ---- the whole list ------------------------------------------------------ */

static int cmp_pkg(const void *x, const void *y)
{
  const struct rc_testcfg_pkg *a = x, *b = y;
  int c = strcmp(a->dir, b->dir);
  return c ? c : strcmp(a->manifest, b->manifest);
}

/* ---- CI steps ------------------------------------------------------------ */

/* The package a command run in dir belongs to: the innermost folder
 * holding dir with a package.json (the root when none), listed once. */
static struct rc_testcfg_pkg *pkg_for(struct build *b, const char *dir)
{
  const char *m = NULL;
  for (const char *d = dir;; d = rc_path_dir(b->a, d)) {
    m = rc_path_join(b->a, d, "package.json");
    if (has_file(b, m) || !*d) {
      dir = d;
      break;
    }
  }
  for (size_t i = 0; i < b->out->n; i++)
    if (strcmp(b->out->pkgs[i].manifest, m) == 0)
      return &b->out->pkgs[i];
  return add_pkg(b, dir, m);
}

/* `--cov-config X` (or `=X`) after position from, up to the next shell
 * separator; NULL when none. */
static const char *cov_config_arg(struct rc_arena *a, const char *cmd,
                                  long from)
{
  const char *p = cmd + from;
  size_t lim = strcspn(p, "&|;");
  for (const char *q = p; (q = strstr(q, "--cov-config")) && q < p + lim; q++) {
    const char *v = q + 12;
    if (*v != '=' && *v != ' ')
      continue;
    while (*v == '=' || *v == ' ')
      v++;
    size_t n = strcspn(v, " &|;'\"");
    return n ? rc_arena_strndup(a, v, n) : NULL;
  }
  return NULL;
}

/* The Python package a command run in dir belongs to: the innermost folder
 * holding dir with a Python manifest (when none, the root, named by the
 * file the command loads), listed once. */
static struct rc_testcfg_pkg *py_pkg_for(struct build *b, const char *dir,
                                         const char *loaded)
{
  const char *d = dir, *m = NULL;
  for (;; d = rc_path_dir(b->a, d)) {
    m = first_in(b, d, py_manifests);
    if (m || !*d)
      break;
  }
  if (!m)
    m = loaded;
  for (size_t i = 0; i < b->out->n; i++)
    if (strcmp(b->out->pkgs[i].dir, d) == 0 &&
        is_py_manifest(rc_path_base(b->out->pkgs[i].manifest)))
      return &b->out->pkgs[i];
  return add_pkg(b, d, m);
}

/* A jest or vitest run a CI step makes: written in the CI file, or in a
 * Makefile, repository script or package script it calls (`npx jest -c
 * jest.ci.js`, `npm run ci` whose script is not test-named). What the
 * package.json pass found first stays as it found it. */
static void judge_ci_command(struct build *b, const struct rc_ci_cmd *c)
{
  const char *dir = c->cwd ? c->cwd : "";
  long at;
  const char *why;
  if ((at = find_word(c->text, "jest")) >= 0) {
    const char *arg = config_arg(b->a, c->text, at);
    const char *cfg = arg ? rc_path_join(b->a, dir, arg) : NULL;
    why = rc_arena_printf(b->a, "%s:%u runs jest%s%s", c->at.path, c->at.line,
                          arg ? " --config " : "", arg ? arg : "");
    if (cfg && has_file(b, cfg))
      add_jest_file(b, pkg_for(b, dir), cfg, why);
    else if (!arg && (first_in(b, dir, jest_names) ||
                      has_file(b, rc_path_join(b->a, dir, "package.json"))))
      add_jest_dir(b, pkg_for(b, dir), dir, why);
  }
  if ((at = find_word(c->text, "pytest")) >= 0 ||
      (at = find_word(c->text, "py.test")) >= 0) {
    const char *arg = cov_config_arg(b->a, c->text, at);
    const char *cfg = arg ? rc_path_join(b->a, dir, arg) : NULL;
    if (cfg && has_file(b, cfg))
      add_file(b, py_pkg_for(b, dir, cfg), cfg, 0, 0, 1, "pytest",
               rc_arena_printf(b->a, "%s:%u runs pytest --cov-config %s",
                               c->at.path, c->at.line, arg));
  }
  if ((at = find_word(c->text, "vitest")) >= 0) {
    const char *arg = config_arg(b->a, c->text, at);
    const char *cfg =
        arg ? rc_path_join(b->a, dir, arg) : first_in(b, dir, vitest_names);
    why = rc_arena_printf(b->a, "%s:%u runs vitest", c->at.path, c->at.line);
    if (cfg && has_file(b, cfg))
      add_file(b, pkg_for(b, dir), cfg, 0, 0, 1, "vitest", why);
  }
}

void rc_testcfgs_build(struct rc_testcfgs *out, struct rc_index *idx,
                       const struct rc_pipeline *ci)
{
  memset(out, 0, sizeof *out);
  out->arena = rc_arena_new();
  struct build b = {.out = out, .idx = idx, .a = out->arena};
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE || in_node_modules(e->path))
      continue;
    if (strcmp(e->name, "package.json") == 0)
      judge_package_json(&b, e);
    else if (is_py_manifest(e->name)) {
      const char *dir = rc_path_dir(b.a, e->path);
      if (!has_python_pkg(out, dir))
        judge_python_dir(&b, dir);
    } else if (strcmp(e->name, "Gemfile") == 0)
      judge_gemfile(&b, e);
    else if (strcmp(e->name, "pom.xml") == 0 ||
             strcmp(e->name, "build.gradle") == 0 ||
             strcmp(e->name, "build.gradle.kts") == 0)
      judge_jvm_build(&b, e, ci);
  }
  for (size_t i = 0; ci && i < ci->n_cmds; i++)
    judge_ci_command(&b, &ci->cmds[i]);
  if (out->n > 1)
    qsort(out->pkgs, out->n, sizeof *out->pkgs, cmp_pkg);
}

void rc_testcfgs_release(struct rc_testcfgs *t)
{
  rc_regex_scratch_free(t->rs);
  rc_regex_free(t->configured);
  rc_regex_free(t->value);
  rc_regex_free(t->jacoco);
  for (size_t i = 0; i < t->n; i++)
    free(t->pkgs[i].files);
  free(t->pkgs);
  rc_arena_free(t->arena);
  memset(t, 0, sizeof *t);
}

/* ---- thresholds ------------------------------------------------------------
 */

/* Any way of writing a threshold, numeric or not. */
static const char *const configured_re =
    "\\bcoverageThreshold\\b|\\bthresholds\\s*[:=]|--cov-fail-under|"
    "\\bfail_under\\b|\\bfail-under\\b|check-coverage|\\bcheckCoverage\\b|"
    "\\bminimum_coverage\\b";
/* A line or statement threshold with its number last. */
static const char *const value_re =
    "(?:--cov-fail-under[= ]+|\\bfail_under\\s*[=:]\\s*|\\bfail-under[= ]+|"
    "--(?:lines|statements)[= ]+|(?:^|[{,\\s])[\"']?(?:lines|statements)"
    "[\"']?\\s*:\\s*|\\bminimum_coverage\\b[\\s(]*(?:line:\\s*)?)"
    "\\d+(?:\\.\\d+)?";
/* JaCoCo's rule limits, a ratio (0.8) or a percentage: `minimum = 0.8`,
 * `minimum = "0.8".toBigDecimal()`, `minimum = BigDecimal(0.8)`,
 * `<minimum>0.80</minimum>`. Read only in the build files JaCoCo runs
 * from. */
static const char *const jacoco_re =
    "(?:<minimum>\\s*|\\bminimum\\s*=\\s*(?:[A-Za-z.]+\\(\\s*)?[\"']?)"
    "\\d*\\.?\\d+";

/* The number that ends the match s[ms..me). */
static double trailing_number(const char *s, size_t ms, size_t me)
{
  size_t b = me;
  while (b > ms && ((s[b - 1] >= '0' && s[b - 1] <= '9') || s[b - 1] == '.'))
    b--;
  return strtod(s + b, NULL);
}

/* 1 when the line sets a threshold (into *th), 0 when not, -1 when a
 * pattern hit its limit. */
static int line_threshold(struct rc_testcfgs *t, bool jacoco, const char *line,
                          size_t len, struct rc_testcfg_threshold *th)
{
  size_t ms, me, at = 0;
  int rc;
  const struct rc_regex *value = jacoco ? t->jacoco : t->value;
  while ((rc = rc_regex_match(value, t->rs, line, len, at, &ms, &me)) ==
         RC_RE_MATCH) {
    double v = trailing_number(line, ms, me);
    if (jacoco && v <= 1)
      v *= 100; /* a covered ratio */
    if (!th->valued || v < th->value)
      th->value = v;
    th->valued = true;
    at = me;
  }
  if (rc != RC_RE_NOMATCH)
    return -1;
  if (th->valued || jacoco)
    return th->valued;
  rc = rc_regex_match(t->configured, t->rs, line, len, 0, &ms, &me);
  return rc == RC_RE_MATCH ? 1 : rc == RC_RE_NOMATCH ? 0 : -1;
}

int rc_testcfg_thresholds(struct rc_testcfgs *t, struct rc_index *idx,
                          const struct rc_testcfg_file *f,
                          struct rc_testcfg_threshold **out, size_t *n,
                          char *err, size_t errlen)
{
  *out = NULL;
  *n = 0;
  if (!t->configured) {
    char rerr[256];
    size_t off;
    t->configured = rc_regex_new(configured_re, rerr, sizeof rerr, &off);
    t->value = rc_regex_new(value_re, rerr, sizeof rerr, &off);
    t->jacoco = rc_regex_new(jacoco_re, rerr, sizeof rerr, &off);
    t->rs = rc_regex_scratch_new();
  }
  const struct rc_entry *e = rc_index_find(idx, f->path);
  const char *data;
  size_t len;
  char rerr[128];
  if (!e || rc_index_read(idx, e, &data, &len, rerr, sizeof rerr)) {
    snprintf(err, errlen, "cannot read '%s': %s", f->path,
             e ? rerr : "not indexed");
    return -1;
  }
  size_t end = f->end && f->end <= len ? f->end : len, cap = 0;
  unsigned lineno = f->line;
  for (size_t i = f->start < end ? f->start : end; i < end; lineno++) {
    const char *nl = memchr(data + i, '\n', end - i);
    size_t k = nl ? (size_t)(nl - (data + i)) : end - i;
    struct rc_testcfg_threshold th = {.line = lineno};
    int rc =
        line_threshold(t, strcmp(f->runner, "jacoco") == 0, data + i, k, &th);
    if (rc < 0) {
      snprintf(err, errlen, "a pattern hit its limit in '%s'", f->path);
      return -2;
    }
    if (rc > 0) {
      if (*n == cap) {
        cap = cap ? cap * 2 : 4;
        struct rc_testcfg_threshold *grown =
            rc_arena_alloc(t->arena, cap * sizeof(*grown));
        if (*n)
          memcpy(grown, *out, *n * sizeof(*grown));
        *out = grown;
      }
      (*out)[(*n)++] = th;
    }
    i += k + 1;
  }
  return 0;
}
