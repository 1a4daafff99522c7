/*
 * waiver.c - waivers: a reviewed decision to accept a failing finding for a
 * while, from .readycheck.yml or a `readycheck:ignore` comment in the file
 * itself. A waiver only attaches itself to findings; the scorer makes the
 * check WAIVED, which lifts the gate but earns no weight, so waiving never
 * raises the score. An expired waiver waives nothing and stays visible in
 * the reports, as does one that matched nothing (stale).
 */
#define _GNU_SOURCE /* memmem */

#include "readycheck/policy.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/rule.h"

void rc_waivers_init(struct rc_waivers *w)
{
  memset(w, 0, sizeof(*w));
  w->arena = rc_arena_new();
}

void rc_waivers_release(struct rc_waivers *w)
{
  free(w->items);
  rc_arena_free(w->arena);
  memset(w, 0, sizeof(*w));
}

void rc_waivers_add(struct rc_waivers *w, const struct rc_waiver *src)
{
  rc_grow((void **)&w->items, &w->cap, w->n, sizeof(*w->items));
  w->items[w->n] = *src;
  w->items[w->n].expired = false;
  w->items[w->n].hits = 0;
  w->n++;
}

static bool leap(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool rc_date_valid(const char *s)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return false;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  if (y < 1970 || m < 1 || m > 12 || d < 1)
    return false;
  return d <= days[m - 1] + (m == 2 && leap(y));
}

/* ---- scope --------------------------------------------------------------- */

static bool is_url(const char *path)
{
  return strstr(path, "://") != NULL;
}

/* A path glob also covers everything below what it matches. */
static bool path_in(const char *glob, const char *path)
{
  if (rc_glob_match(glob, path))
    return true;
  size_t n = strlen(glob);
  char *below = rc_xmalloc(n + 4);
  memcpy(below, glob, n);
  memcpy(below + n, "/**", 4);
  bool hit = rc_glob_match(below, path);
  free(below);
  return hit;
}

/* Service NAME: a path segment NAME (services/NAME, services/NAME/x), or
 * the compose key services.NAME at the start of the item's text. */
static bool service_in(const char *name, const struct rc_evidence *e)
{
  size_t n = strlen(name);
  if (e->text && strncmp(e->text, "services.", 9) == 0 &&
      strncmp(e->text + 9, name, n) == 0 &&
      (e->text[9 + n] == '\0' || strchr(":. ", e->text[9 + n])))
    return true;
  for (const char *p = e->path; p && *p;) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if (len == n && strncmp(p, name, n) == 0)
      return true;
    p = slash ? slash + 1 : NULL;
  }
  return false;
}

static bool item_in_scope(const struct rc_waiver *w,
                          const struct rc_evidence *e)
{
  if (w->inline_comment)
    return e->path && strcmp(e->path, w->path) == 0 &&
           (e->line == 0 || e->line == w->line || e->line == w->line + 1);
  if (w->path && (!e->path || is_url(e->path) || !path_in(w->path, e->path)))
    return false;
  if (w->service && !service_in(w->service, e))
    return false;
  return true;
}

static bool scoped(const struct rc_waiver *w)
{
  return w->path || w->service || w->inline_comment;
}

/* ---- apply --------------------------------------------------------------- */

static void waive_items(struct rc_waiver *w, struct rc_result *res)
{
  for (size_t k = 0; k < res->n_ev; k++) {
    struct rc_evidence *e = &res->ev[k];
    if (e->mark == RC_EV_PASS || e->waiver || !item_in_scope(w, e))
      continue;
    e->waiver = w;
    w->hits++;
  }
}

/* The check is waived when each failing item is; one without failing items
 * only by an unscoped waiver. */
static void settle_check(struct rc_waivers *ws, struct rc_result *res)
{
  size_t failing = 0, waived = 0;
  const struct rc_waiver *first = NULL;
  for (size_t k = 0; k < res->n_ev; k++) {
    if (res->ev[k].mark == RC_EV_PASS)
      continue;
    failing++;
    if (res->ev[k].waiver) {
      waived++;
      first = first ? first : res->ev[k].waiver;
    }
  }
  if (failing && waived == failing && res->n_ev_dropped == 0) {
    res->waiver = first;
    return;
  }
  if (failing)
    return;
  for (size_t i = 0; i < ws->n; i++) {
    struct rc_waiver *w = &ws->items[i];
    if (!w->expired && !scoped(w) && strcmp(w->rule, res->rule->id) == 0) {
      res->waiver = w;
      w->hits++;
      return;
    }
  }
}

void rc_waivers_apply(struct rc_waivers *ws, struct rc_results *r,
                      const char *today)
{
  for (size_t i = 0; i < ws->n; i++) {
    ws->items[i].hits = 0;
    ws->items[i].expired = ws->items[i].expires && today &&
                           strcmp(ws->items[i].expires, today) < 0;
  }
  for (size_t j = 0; j < r->n; j++) {
    struct rc_result *res = &r->items[j];
    if (res->outcome != RC_OUT_FAIL && res->outcome != RC_OUT_ERROR)
      continue;
    for (size_t i = 0; i < ws->n; i++) {
      struct rc_waiver *w = &ws->items[i];
      if (!w->expired && strcmp(w->rule, res->rule->id) == 0)
        waive_items(w, res);
    }
    settle_check(ws, res);
  }
}

/* ---- inline comments ----------------------------------------------------- */

static const char marker[] = "readycheck:ignore";
#define MARKER_LEN (sizeof(marker) - 1)

/* memmem: the C library's search, many bytes at a time, where a loop over
 * every byte took 4% of a run over every file with a finding. */
static bool has_marker(const char *p, size_t n)
{
  return memmem(p, n, marker, MARKER_LEN) != NULL;
}

/* True when a comment leader opens before col on the line. */
static bool in_comment(const char *line, size_t col)
{
  static const char *const leaders[] = {"#",    "//", "--", ";",
                                        "<!--", "/*", NULL};
  for (size_t i = 0; leaders[i]; i++) {
    const char *hit = strstr(line, leaders[i]);
    if (hit && (size_t)(hit - line) < col)
      return true;
  }
  return false;
}

static void trim_reason(char *s)
{
  size_t n = strlen(s);
  while (n && strchr(" \t\r", s[n - 1]))
    s[--n] = '\0';
  static const char *const closers[] = {"-->", "*/", NULL};
  for (size_t i = 0; closers[i]; i++) {
    size_t c = strlen(closers[i]);
    if (n >= c && strcmp(s + n - c, closers[i]) == 0) {
      s[n - c] = '\0';
      n -= c;
      while (n && strchr(" \t", s[n - 1]))
        s[--n] = '\0';
    }
  }
}

struct scan {
  struct rc_waivers *w;
  const struct rc_ruleset *rs;
  struct rc_diag *d;
  const char *path;
};

static void parse_comment(struct scan *s, const char *line, unsigned lineno)
{
  const char *m = strstr(line, marker);
  if (!m || !in_comment(line, (size_t)(m - line)))
    return;
  const char *p = m + MARKER_LEN;
  if (*p && *p != ' ' && *p != '\t')
    return; /* readycheck:ignored or similar: not ours */
  p += strspn(p, " \t");
  size_t idlen = strcspn(p, " \t\r");
  char *id = rc_arena_strndup(s->w->arena, p, idlen);
  char *reason =
      rc_arena_strdup(s->w->arena, p + idlen + strspn(p + idlen, " \t"));
  trim_reason(reason);
  trim_reason(id);
  struct rc_loc loc = {s->path, lineno, (unsigned)(m - line) + 1};
  if (!*id) {
    rc_warning(s->d, &loc, "'%s' needs a rule id and a reason", marker);
    return;
  }
  if (!rc_ruleset_find(s->rs, id)) {
    rc_warning(s->d, &loc, "'%s %s': no rule '%s'; nothing waived", marker, id,
               id);
    return;
  }
  if (!*reason) {
    rc_warning(s->d, &loc, "'%s %s' needs a reason; nothing waived", marker,
               id);
    return;
  }
  struct rc_waiver w = {
      .rule = id,
      .path = s->path,
      .reason = reason,
      .where = rc_arena_printf(s->w->arena, "%s:%u", s->path, lineno),
      .inline_comment = true,
      .line = lineno,
  };
  rc_waivers_add(s->w, &w);
}

static void scan_file(struct scan *s, struct rc_index *idx)
{
  const struct rc_entry *e = rc_index_find(idx, s->path);
  const char *data;
  size_t len;
  char err[256];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, len) || !has_marker(data, len))
    return;
  unsigned lineno = 1;
  for (const char *p = data, *end = data + len; p < end; lineno++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (has_marker(p, n)) {
      char *line = rc_xstrndup(p, n);
      parse_comment(s, line, lineno);
      free(line);
    }
    p += n + 1;
  }
}

static bool seen(const char **paths, size_t n, const char *path)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(paths[i], path) == 0)
      return true;
  return false;
}

void rc_waivers_scan_inline(struct rc_waivers *w, const struct rc_results *r,
                            struct rc_index *idx, const struct rc_ruleset *rs,
                            struct rc_diag *d)
{
  const char **done = NULL;
  size_t n_done = 0, cap = 0;
  struct scan s = {w, rs, d, NULL};
  for (size_t j = 0; j < r->n; j++) {
    const struct rc_result *res = &r->items[j];
    if (res->outcome != RC_OUT_FAIL && res->outcome != RC_OUT_ERROR)
      continue;
    for (size_t k = 0; k < res->n_ev; k++) {
      const char *path = res->ev[k].path;
      if (res->ev[k].mark == RC_EV_PASS || !path || is_url(path) ||
          seen(done, n_done, path))
        continue;
      rc_grow((void **)&done, &cap, n_done, sizeof(*done));
      done[n_done++] = path;
      s.path = rc_arena_strdup(w->arena, path);
      scan_file(&s, idx);
    }
  }
  free(done);
}
