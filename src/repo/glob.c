/*
 * glob.c - matching repo-relative paths against rule globs.
 *
 * Braces are expanded first (each combination is matched on its own), then
 * the pattern is matched segment by segment. Both levels use the greedy
 * "remember the last star" algorithm, so work is bounded by
 * pattern length x path length and never explodes on many stars. Walking
 * and .gitignore semantics are left to index.c.
 */
#include "readycheck/glob.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"

/* Brace groups multiply: cap both so a hostile pattern stays cheap. */
enum { MAX_BRACE_GROUPS = 16, MAX_EXPANSIONS = 1024 };

struct span {
  const char *p, *end;
};

/* End of the class that starts at p ('['), or NULL if unterminated before
 * end. A ']' right after '[' or '[!' is a member, as in fnmatch. */
static const char *class_end(const char *p, const char *end)
{
  const char *q = p + 1;
  if (q < end && (*q == '!' || *q == '^'))
    q++;
  if (q < end && *q == ']')
    q++;
  while (q < end && *q != ']') {
    if (*q == '\\' && q + 1 < end)
      q++;
    q++;
  }
  return q < end ? q + 1 : NULL;
}

static const char *class_char(const char *q, const char *close, unsigned *c)
{
  if (*q == '\\' && q + 1 < close)
    q++;
  *c = (unsigned char)*q;
  return q + 1;
}

/* p is '[', close is the position of the final ']'. */
static bool class_match(const char *p, const char *close, unsigned char c)
{
  const char *q = p + 1;
  bool negate = false, hit = false;
  if (*q == '!' || *q == '^') {
    negate = true;
    q++;
  }
  bool first = true;
  while (q < close) {
    unsigned lo, hi;
    if (first && *q == ']') {
      lo = ']';
      q++;
    } else {
      q = class_char(q, close, &lo);
    }
    first = false;
    hi = lo;
    if (q + 1 < close && *q == '-')
      q = class_char(q + 1, close, &hi);
    if (c >= lo && c <= hi)
      hit = true;
  }
  return hit != negate;
}

/* Matches one pattern token (not '*') at p against byte c; sets *next. */
static bool token_match(const char *p, const char *pe, unsigned char c,
                        const char **next)
{
  if (*p == '?') {
    *next = p + 1;
    return true;
  }
  if (*p == '[') {
    const char *e = class_end(p, pe);
    if (e) {
      *next = e;
      return class_match(p, e - 1, c);
    }
  }
  if (*p == '\\' && p + 1 < pe)
    p++;
  *next = p + 1;
  return (unsigned char)*p == c;
}

/* One segment (no '/') of pattern against one segment of path. */
static bool segment_match(struct span pat, struct span str)
{
  const char *p = pat.p, *s = str.p;
  const char *star_p = NULL, *star_s = NULL;
  while (s < str.end) {
    if (p < pat.end && *p == '*') {
      while (p < pat.end && *p == '*')
        p++;
      star_p = p;
      star_s = s;
      continue;
    }
    const char *next;
    if (p < pat.end && token_match(p, pat.end, (unsigned char)*s, &next)) {
      p = next;
      s++;
      continue;
    }
    if (!star_p)
      return false;
    p = star_p;
    s = ++star_s;
  }
  while (p < pat.end && *p == '*')
    p++;
  return p == pat.end;
}

/* End of the pattern segment starting at p: the next unescaped '/'. */
static const char *pattern_seg_end(const char *p, const char *end)
{
  while (p < end && *p != '/') {
    if (*p == '\\' && p + 1 < end)
      p++;
    p++;
  }
  return p;
}

static const char *path_seg_end(const char *s, const char *end)
{
  const char *q = memchr(s, '/', (size_t)(end - s));
  return q ? q : end;
}

/* The last '/' of path[0..len), or NULL. */
static const char *memrchr_path(const char *path, size_t len)
{
  while (len > 0)
    if (path[--len] == '/')
      return path + len;
  return NULL;
}

/* Segment cursors: a position is the start of a segment, or end + 1 once
 * every segment is consumed (so "a/" still has an empty last segment). */
static const char *next_seg(const char *seg_end, const char *end)
{
  return seg_end == end ? end + 1 : seg_end + 1;
}

static bool is_globstar(const char *p, const char *end)
{
  return end - p >= 2 && p[0] == '*' && p[1] == '*' &&
         pattern_seg_end(p, end) == p + 2;
}

/* Whole-path match of a brace-free pattern. `**` behaves like '*' over
 * segments; a final globstar after a '/' needs at least one segment (it
 * means what is inside the directory, not the directory itself). */
static bool match_plain(const char *pat, size_t plen, const char *path)
{
  const char *pe = pat + plen, *se = path + strlen(path);
  const char *p = pat, *s = path;
  const char *star_p = NULL, *star_s = NULL;
  for (;;) {
    if (p <= pe && is_globstar(p, pe)) {
      const char *after = next_seg(p + 2, pe);
      if (after > pe)
        return p == pat || s <= se;
      p = star_p = after;
      star_s = s;
      continue;
    }
    if (s > se)
      break;
    const char *s_end = path_seg_end(s, se);
    if (p <= pe) {
      const char *p_end = pattern_seg_end(p, pe);
      if (segment_match((struct span){p, p_end}, (struct span){s, s_end})) {
        p = next_seg(p_end, pe);
        s = next_seg(s_end, se);
        continue;
      }
    }
    if (!star_p)
      return false;
    star_s = next_seg(path_seg_end(star_s, se), se);
    p = star_p;
    s = star_s;
  }
  return p > pe;
}

/* Brace groups, found outside classes and escapes. */
struct braces {
  struct span group[MAX_BRACE_GROUPS]; /* '{' .. '}' inclusive */
  size_t n_alt[MAX_BRACE_GROUPS];
  size_t n;
};

/* Next position after the token at p (escape pair, class, or one byte). */
static const char *skip_token(const char *p, const char *end)
{
  if (*p == '\\' && p + 1 < end)
    return p + 2;
  if (*p == '[') {
    const char *e = class_end(p, end);
    if (e)
      return e;
  }
  return p + 1;
}

/* Fills b; returns NULL or a syntax message. */
static const char *find_braces(const char *pat, const char *end,
                               struct braces *b)
{
  b->n = 0;
  const char *open = NULL;
  size_t alts = 0;
  for (const char *p = pat; p < end; p = skip_token(p, end)) {
    if (*p == '{') {
      if (open)
        return "nested '{' is not supported";
      open = p;
      alts = 1;
    } else if (*p == ',' && open) {
      alts++;
    } else if (*p == '}') {
      if (!open)
        return "'}' without '{'";
      if (b->n == MAX_BRACE_GROUPS)
        return "too many '{...}' groups";
      b->group[b->n] = (struct span){open, p + 1};
      b->n_alt[b->n++] = alts;
      open = NULL;
    }
  }
  return open ? "'{' without '}'" : NULL;
}

/* The k-th alternative of a group. */
static struct span alternative(struct span g, size_t k)
{
  const char *start = g.p + 1, *close = g.end - 1;
  for (const char *p = start; p < close; p = skip_token(p, close)) {
    if (*p == ',') {
      if (k == 0)
        return (struct span){start, p};
      k--;
      start = p + 1;
    }
  }
  return (struct span){start, close};
}

static size_t expansion_count(const struct braces *b)
{
  size_t total = 1;
  for (size_t i = 0; i < b->n; i++) {
    total *= b->n_alt[i];
    if (total > MAX_EXPANSIONS)
      return 0;
  }
  return total;
}

/* Writes combination `which` of pattern into out; returns its length. */
static size_t expand(const char *pat, const char *end, const struct braces *b,
                     size_t which, char *out)
{
  size_t len = 0;
  const char *p = pat;
  for (size_t i = 0; i < b->n; i++) {
    size_t k = which % b->n_alt[i];
    which /= b->n_alt[i];
    memcpy(out + len, p, (size_t)(b->group[i].p - p));
    len += (size_t)(b->group[i].p - p);
    struct span alt = alternative(b->group[i], k);
    memcpy(out + len, alt.p, (size_t)(alt.end - alt.p));
    len += (size_t)(alt.end - alt.p);
    p = b->group[i].end;
  }
  memcpy(out + len, p, (size_t)(end - p));
  len += (size_t)(end - p);
  out[len] = '\0';
  return len;
}

static bool is_meta(char c)
{
  return c == '*' || c == '?' || c == '[' || c == '{' || c == '\\';
}

/* ---- compiled globs ------------------------------------------------------
 *
 * Compiling expands the braces once and notes, for each brace-free
 * alternative, what every path it matches must look like: its literal
 * directory prefix, and what its last segment demands of the path's last
 * segment (the name): the exact name, or a literal tail such as ".yml".
 * These are necessary conditions only: a path that meets them is still
 * matched in full by match_plain(), so compiled and uncompiled matching
 * agree by construction. */

/* Bytes that make a segment more than a literal, for the tail: ']' too,
 * so that a tail never starts inside a class. */
static bool is_tail_stop(char c)
{
  return is_meta(c) || c == ']' || c == '}';
}

/* Literal bytes of a pattern segment must appear in the path as they are:
 * the longest run of them (of at least 3 bytes, after the literal prefix,
 * never across a '/': a globstar may stand for no segment at all) is a
 * cheap test that rules most paths out before the full match. */
static void alt_needle(struct rc_glob_alt *a)
{
  const char *best = NULL;
  size_t best_len = 2;
  const char *end = a->pat + a->len;
  for (const char *p = a->pat + a->prefix; p < end;) {
    if (is_tail_stop(*p) || *p == '/') {
      p = *p == '[' ? (class_end(p, end) ? class_end(p, end) : p + 1)
          : *p == '\\' && p + 1 < end ? p + 2
                                      : p + 1;
      continue;
    }
    const char *q = p;
    while (q < end && !is_tail_stop(*q) && *q != '/')
      q++;
    if ((size_t)(q - p) > best_len) {
      best = p;
      best_len = (size_t)(q - p);
    }
    p = q;
  }
  a->needle = best ? rc_xstrndup(best, best_len) : NULL;
}

/* The longest segment after the prefix, before the last, with no
 * metacharacter at all. */
static void alt_dir(struct rc_glob_alt *a, const char *last)
{
  a->dir = NULL;
  a->dir_len = 0;
  for (const char *p = a->pat + a->prefix; p < last;) {
    const char *e = pattern_seg_end(p, last);
    bool literal = e > p;
    for (const char *q = p; q < e && literal; q++)
      literal = !is_tail_stop(*q);
    if (literal && (size_t)(e - p) > a->dir_len) {
      a->dir = p;
      a->dir_len = (size_t)(e - p);
    }
    p = e + 1;
  }
}

static void alt_init(struct rc_glob_alt *a, char *pat, size_t len)
{
  a->pat = pat;
  a->len = len;
  a->prefix = rc_glob_literal_prefix(pat);
  a->literal = rc_glob_is_literal(pat);
  /* The last segment starts after the last unescaped '/'. */
  const char *seg = pat;
  for (const char *p = pat; p < pat + len; p++) {
    if (*p == '\\' && p + 1 < pat + len)
      p++;
    else if (*p == '/')
      seg = p + 1;
  }
  const char *end = pat + len;
  a->name = NULL;
  a->name_len = a->tail_len = 0;
  a->name_literal = a->name_decides = false;
  alt_needle(a);
  alt_dir(a, seg);
  if (is_globstar(seg, end) && seg + 2 == end)
    return; /* "x/" "**": no demand on the name */
  a->name = seg;
  a->name_len = (size_t)(end - seg);
  a->name_decides = seg == pat + a->prefix + 3 &&
                    is_globstar(pat + a->prefix, end) && seg[-1] == '/';
  size_t t = a->name_len;
  while (t > 0 && !is_tail_stop(seg[t - 1]))
    t--;
  a->tail_len = a->name_len - t;
  a->name_literal = t == 0;
}

struct rc_glob *rc_glob_compile(const char *pattern)
{
  struct rc_glob *g = rc_xcalloc(1, sizeof(*g));
  size_t plen = strlen(pattern);
  g->src = rc_xstrdup(pattern);
  if (!strpbrk(pattern, "{}")) {
    g->alt = rc_xcalloc(1, sizeof(*g->alt));
    g->n = 1;
    alt_init(&g->alt[0], rc_xstrdup(pattern), plen);
    return g;
  }
  struct braces b;
  if (find_braces(pattern, pattern + plen, &b))
    return g; /* matches nothing, as rc_glob_check() says why */
  size_t total = expansion_count(&b);
  g->alt = rc_xcalloc(total ? total : 1, sizeof(*g->alt));
  for (size_t i = 0; i < total; i++) {
    char *buf = rc_xmalloc(plen + 1);
    size_t n = expand(pattern, pattern + plen, &b, i, buf);
    alt_init(&g->alt[g->n++], buf, n);
  }
  return g;
}

void rc_glob_free(struct rc_glob *g)
{
  if (!g)
    return;
  for (size_t i = 0; i < g->n; i++) {
    free(g->alt[i].pat);
    free(g->alt[i].needle);
  }
  free(g->alt);
  free(g->src);
  free(g);
}

bool rc_glob_name_ok(const struct rc_glob_alt *a, const char *name, size_t len)
{
  if (!a->name)
    return true;
  if (a->name_literal)
    return len == a->name_len && memcmp(name, a->name, len) == 0;
  if (len < a->tail_len ||
      memcmp(name + len - a->tail_len, a->name + a->name_len - a->tail_len,
             a->tail_len) != 0)
    return false;
  return segment_match((struct span){a->name, a->name + a->name_len},
                       (struct span){name, name + len});
}

bool rc_glob_alt_match(const struct rc_glob_alt *a, const char *path,
                       size_t len)
{
  if (len < a->prefix || memcmp(path, a->pat, a->prefix) != 0)
    return false;
  if (a->literal)
    return len == a->len && memcmp(path, a->pat, len) == 0;
  if (a->name) {
    const char *slash = memrchr_path(path, len);
    const char *name = slash ? slash + 1 : path;
    if (!rc_glob_name_ok(a, name, (size_t)(path + len - name)))
      return false;
  }
  if (a->needle && !strstr(path + a->prefix, a->needle))
    return false;
  return match_plain(a->pat, a->len, path);
}

bool rc_glob_matches(const struct rc_glob *g, const char *path)
{
  size_t len = strlen(path);
  for (size_t i = 0; i < g->n; i++)
    if (rc_glob_alt_match(&g->alt[i], path, len))
      return true;
  return false;
}

/* Rules and callers match the same few hundred globs against thousands of
 * paths: compiled forms are kept for the process, keyed by the pattern's
 * text, behind a lock (callers may be on any thread). Past CACHE_MAX
 * patterns the rest are compiled for each call. */
enum { CACHE_MAX = 4096, CACHE_SLOTS = 8192 };

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rc_glob *cache[CACHE_SLOTS];
static size_t cache_n;

static size_t hash_str(const char *s)
{
  size_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static const struct rc_glob *cached(const char *pattern, bool *owned)
{
  size_t h = hash_str(pattern) % CACHE_SLOTS;
  *owned = false;
  pthread_mutex_lock(&cache_lock);
  while (cache[h] && strcmp(cache[h]->src, pattern) != 0)
    h = (h + 1) % CACHE_SLOTS;
  struct rc_glob *g = cache[h];
  if (!g && cache_n < CACHE_MAX) {
    g = cache[h] = rc_glob_compile(pattern);
    cache_n++;
  }
  pthread_mutex_unlock(&cache_lock);
  if (!g) {
    g = rc_glob_compile(pattern);
    *owned = true;
  }
  return g;
}

void rc_glob_cache_release(void)
{
  pthread_mutex_lock(&cache_lock);
  for (size_t i = 0; i < CACHE_SLOTS; i++) {
    rc_glob_free(cache[i]);
    cache[i] = NULL;
  }
  cache_n = 0;
  pthread_mutex_unlock(&cache_lock);
}

bool rc_glob_match(const char *pattern, const char *path)
{
  bool owned;
  const struct rc_glob *g = cached(pattern, &owned);
  bool hit = rc_glob_matches(g, path);
  if (owned)
    rc_glob_free((struct rc_glob *)g);
  return hit;
}

bool rc_glob_is_literal(const char *pattern)
{
  for (const char *p = pattern; *p; p++)
    if (is_meta(*p))
      return false;
  return true;
}

size_t rc_glob_literal_prefix(const char *pattern)
{
  size_t prefix = 0;
  for (size_t i = 0; pattern[i] && !is_meta(pattern[i]); i++)
    if (pattern[i] == '/')
      prefix = i + 1;
  return prefix;
}

static const char *check_classes(const char *pat, const char *end)
{
  for (const char *p = pat; p < end; p++) {
    if (*p == '\\') {
      if (p + 1 == end)
        return "trailing '\\' escapes nothing";
      p++;
    } else if (*p == '[') {
      const char *seg_end = pattern_seg_end(p, end);
      const char *e = class_end(p, seg_end);
      if (!e)
        return "unterminated '['";
      p = e - 1;
    }
  }
  return NULL;
}

/* A ".." segment could only point outside the repository root. */
static bool has_dotdot(const char *p)
{
  for (const char *s = p; (s = strstr(s, "..")) != NULL; s += 2) {
    bool starts = s == p || s[-1] == '/';
    bool ends = s[2] == '\0' || s[2] == '/';
    if (starts && ends)
      return true;
  }
  return false;
}

const char *rc_glob_check(const char *pattern)
{
  const char *end = pattern + strlen(pattern);
  if (!*pattern)
    return "empty glob";
  if (*pattern == '/')
    return "glob must be relative to the repository (no leading '/')";
  if (strncmp(pattern, "./", 2) == 0)
    return "glob must not start with './'";
  if (has_dotdot(pattern))
    return "glob must stay inside the repository (no '..')";
  const char *msg = check_classes(pattern, end);
  if (msg)
    return msg;
  struct braces b;
  msg = find_braces(pattern, end, &b);
  if (msg)
    return msg;
  if (!expansion_count(&b))
    return "too many '{...}' alternatives";
  return NULL;
}

/* ---- could a match hide below a directory? ----------------------------- */

struct segs {
  struct span *v;
  size_t n;
};

static void split_pattern(const char *p, const char *end, struct segs *out)
{
  for (;;) {
    const char *e = pattern_seg_end(p, end);
    out->v[out->n++] = (struct span){p, e};
    if (e >= end)
      return;
    p = e + 1;
  }
}

static void split_path(const char *s, const char *end, struct segs *out)
{
  for (;;) {
    const char *e = path_seg_end(s, end);
    out->v[out->n++] = (struct span){s, e};
    if (e >= end)
      return;
    s = e + 1;
  }
}

/* Pattern segments i.. against dir segments j.. followed by at least one
 * more (unknown) segment. seen[] (NULL when the pattern has no globstar)
 * memoises (i, j) pairs already refuted, so globstars cost at most
 * (segments x segments). */
static bool below(const struct segs *p, size_t i, const struct segs *d,
                  size_t j, unsigned char *seen)
{
  if (j == d->n)
    return i < p->n; /* the unknown rest can meet any remaining segment */
  if (i == p->n)
    return false;
  unsigned char *memo = seen ? &seen[i * (d->n + 1) + j] : NULL;
  if (memo && *memo)
    return false;
  struct span seg = p->v[i];
  bool hit;
  if (seg.end - seg.p == 2 && seg.p[0] == '*' && seg.p[1] == '*')
    hit = below(p, i + 1, d, j, seen) || below(p, i, d, j + 1, seen);
  else
    hit = segment_match(seg, d->v[j]) && below(p, i + 1, d, j + 1, seen);
  if (!hit && memo)
    *memo = 1;
  return hit;
}

static bool has_globstar(const char *pat, size_t plen)
{
  for (size_t i = 0; i + 1 < plen; i++)
    if (pat[i] == '*' && pat[i + 1] == '*')
      return true;
  return false;
}

static bool below_plain(const char *pat, size_t plen, const char *dir)
{
  size_t np = 1, nd = 1, dlen = strlen(dir);
  for (size_t i = 0; i < plen; i++)
    np += pat[i] == '/';
  for (size_t i = 0; i < dlen; i++)
    nd += dir[i] == '/';
  struct segs p = {rc_xcalloc(np, sizeof(struct span)), 0};
  struct segs d = {rc_xcalloc(nd, sizeof(struct span)), 0};
  split_pattern(pat, pat + plen, &p);
  split_path(dir, dir + dlen, &d);
  /* without a globstar the walk never branches: no memo, whose
   * (segments x segments) bytes dominated deep paths */
  unsigned char *seen =
      has_globstar(pat, plen) ? rc_xcalloc((p.n + 1) * (d.n + 1), 1) : NULL;
  bool hit = below(&p, 0, &d, 0, seen);
  free(seen);
  free(p.v);
  free(d.v);
  return hit;
}

bool rc_glob_may_match_below(const char *pattern, const char *dir)
{
  size_t plen = strlen(pattern);
  if (!*dir)
    return plen > 0;
  if (!strpbrk(pattern, "{}"))
    return below_plain(pattern, plen, dir);
  struct braces b;
  if (find_braces(pattern, pattern + plen, &b))
    return false;
  size_t total = expansion_count(&b);
  char *buf = rc_xmalloc(plen + 1);
  bool hit = false;
  for (size_t i = 0; i < total && !hit; i++) {
    size_t n = expand(pattern, pattern + plen, &b, i, buf);
    hit = below_plain(buf, n, dir);
  }
  free(buf);
  return hit;
}
