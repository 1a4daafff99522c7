/*
 * index_glob.c - which entries match a glob: each glob answered once per
 * run and remembered, its candidates looked up by name, extension or
 * directory rather than by testing every entry. Glob syntax is glob.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/mem.h"

#include "index_parts.h"

/* ---- glob lookups ----
 *
 * Rules share many globs (any Dockerfile, any source file), so each glob is
 * answered once per run and remembered, for every entry kind at once. An
 * answer does not test every entry: a compiled glob says what each of its
 * alternatives demands of a path (glob.h), and the entries meeting the
 * demand are looked up by name or by extension when that is fewer than the
 * entries under the literal prefix. Every candidate is still matched in
 * full, so lookups only decide which entries are tested. */

static const char *memrchr_dot(const char *s, size_t len)
{
  while (len > 0)
    if (s[--len] == '.')
      return s + len;
  return NULL;
}

static size_t hash_bytes(const char *s, size_t len)
{
  size_t h = 2166136261u;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* Group index + 1 of key, or 0. */
static uint32_t group_find(const struct groups *t, const char *key, size_t len)
{
  if (!t->slots)
    return 0;
  for (size_t h = hash_bytes(key, len) & t->mask;; h = (h + 1) & t->mask) {
    uint32_t g = t->slots[h];
    if (!g ||
        (t->v[g - 1].len == len && memcmp(t->v[g - 1].key, key, len) == 0))
      return g;
  }
}

static uint32_t group_add(struct groups *t, const char *key, size_t len,
                          size_t cap)
{
  size_t h = hash_bytes(key, len) & t->mask;
  for (;; h = (h + 1) & t->mask) {
    uint32_t g = t->slots[h];
    if (!g) {
      if (t->n == cap)
        return 0;
      t->v[t->n] = (struct group){key, (uint32_t)len, 0, 0};
      t->slots[h] = (uint32_t)++t->n;
      return t->slots[h];
    }
    if (t->v[g - 1].len == len && memcmp(t->v[g - 1].key, key, len) == 0)
      return g;
  }
}

/* Groups n items by keys[i] (len[i]; items with a NULL key are left out):
 * counts, then fills, so every group's items stay in item order. */
static void groups_build(struct groups *t, size_t n, const char *const *keys,
                         const uint32_t *lens)
{
  size_t slots = 16;
  while (slots < 2 * n)
    slots *= 2;
  t->mask = slots - 1;
  t->slots = rc_xcalloc(slots, sizeof(*t->slots));
  t->v = rc_xcalloc(n ? n : 1, sizeof(*t->v));
  uint32_t *of = rc_xcalloc(n ? n : 1, sizeof(*of));
  for (size_t i = 0; i < n; i++)
    if (keys[i] && (of[i] = group_add(t, keys[i], lens[i], n)) != 0)
      t->v[of[i] - 1].count++;
  uint32_t at = 0;
  for (size_t g = 0; g < t->n; g++) {
    t->v[g].first = at;
    at += t->v[g].count;
    t->v[g].count = 0;
  }
  t->items = rc_xcalloc(at ? at : 1, sizeof(*t->items));
  for (size_t i = 0; i < n; i++) {
    if (!of[i])
      continue;
    struct group *g = &t->v[of[i] - 1];
    t->items[g->first + g->count++] = (uint32_t)i;
  }
  free(of);
}

void ix_groups_release(struct groups *t)
{
  free(t->v);
  free(t->slots);
  free(t->items);
}

static void build_names(struct rc_index *idx)
{
  idx->have_names = true;
  const char **keys = rc_xcalloc(idx->n + 1, sizeof(*keys));
  uint32_t *lens = rc_xcalloc(idx->n + 1, sizeof(*lens));
  for (size_t i = 0; i < idx->n; i++) {
    keys[i] = idx->entries[i].name;
    lens[i] = (uint32_t)strlen(keys[i]);
  }
  groups_build(&idx->names, idx->n, keys, lens);
  for (size_t g = 0; g < idx->names.n; g++) {
    const struct group *ng = &idx->names.v[g];
    const char *dot = memrchr_dot(ng->key, ng->len);
    keys[g] = dot ? dot + 1 : NULL;
    lens[g] = dot ? (uint32_t)(ng->key + ng->len - dot - 1) : 0;
  }
  groups_build(&idx->exts, idx->names.n, keys, lens);
  free(keys);
  free(lens);
}

struct hits {
  uint32_t *v;
  size_t n, cap;
  bool sorted; /* added in entry order so far */
};

static void hit(struct hits *h, size_t i)
{
  rc_grow((void **)&h->v, &h->cap, h->n, sizeof(*h->v));
  if (h->n && h->v[h->n - 1] >= i)
    h->sorted = false;
  h->v[h->n++] = (uint32_t)i;
}

static size_t path_len(const struct rc_entry *e)
{
  return (size_t)(e->name - e->path) + strlen(e->name);
}

/* Tests the candidates of the ranges [from[k], to[k]) (none before floor,
 * none from hi on) when there are fewer of them (total) than entries in
 * [lo, hi); frees both arrays. Returns whether it did. */
static bool match_ranges(const struct rc_index *idx,
                         const struct rc_glob_alt *a, struct hits *h,
                         size_t *from, size_t *to, size_t n, size_t floor,
                         size_t lo, size_t hi, size_t total)
{
  bool cheaper = total < hi - lo;
  for (size_t k = 0; cheaper && k < n; k++)
    for (size_t i = from[k] > floor ? from[k] : floor; i < to[k] && i < hi; i++)
      if (rc_glob_alt_match(a, idx->entries[i].path,
                            path_len(&idx->entries[i])))
        hit(h, i);
  free(from);
  free(to);
  return cheaper;
}

/* Tests the entries of name group g that lie in [lo, hi): callers checked
 * the name already, which decides for "prefix/" "**" "/name" patterns (the
 * range holds the paths with the prefix). */
static void name_hits(const struct rc_index *idx, const struct rc_glob_alt *a,
                      const struct group *g, size_t lo, size_t hi,
                      struct hits *h)
{
  const uint32_t *items = idx->names.items + g->first;
  for (size_t k = 0; k < g->count; k++) {
    const struct rc_entry *e = &idx->entries[items[k]];
    if (items[k] >= lo && items[k] < hi &&
        (a->name_decides ||
         rc_glob_alt_match(a, e->path, (size_t)(e->name - e->path) + g->len)))
      hit(h, items[k]);
  }
}

static size_t range_end(const struct rc_entry *v, size_t lo, size_t n,
                        const char *prefix, size_t plen);

/* The entries below the directories named a->dir, when they are fewer
 * than the entries in [lo, hi): every match lies below one. Returns false
 * when the range is cheaper. */
static bool dir_hits(struct rc_index *idx, const struct rc_glob_alt *a,
                     size_t lo, size_t hi, struct hits *h)
{
  uint32_t g = group_find(&idx->names, a->dir, a->dir_len);
  if (!g)
    return true; /* no such directory: no match */
  const struct group *dirs = &idx->names.v[g - 1];
  const uint32_t *items = idx->names.items + dirs->first;
  size_t *from = rc_xcalloc(dirs->count + 1, sizeof(*from));
  size_t *to = rc_xcalloc(dirs->count + 1, sizeof(*to));
  size_t total = 0;
  struct rc_buf below;
  rc_buf_init(&below);
  for (size_t k = 0; k < dirs->count; k++) {
    const struct rc_entry *d = &idx->entries[items[k]];
    if (d->kind != RC_ENTRY_DIR)
      continue;
    rc_buf_reset(&below);
    rc_buf_printf(&below, "%s/", d->path);
    from[k] = ix_lower_bound(idx->entries, idx->n, below.data, below.len);
    to[k] = range_end(idx->entries, from[k], idx->n, below.data, below.len);
    total += to[k] - from[k];
  }
  rc_buf_release(&below);
  return match_ranges(idx, a, h, from, to, dirs->count, lo, lo, hi, total);
}

/* Looks candidates up by name, extension or directory when there are fewer
 * of them than entries in [lo, hi); returns false when the range is
 * cheaper. */
static bool by_name(struct rc_index *idx, const struct rc_glob_alt *a,
                    size_t lo, size_t hi, struct hits *h);

/* Every match lies below a directory named a->dir: with no entry of that
 * name there is none, and that is known at once. A name without a literal
 * tail ("*", "*seed*") is looked up among every distinct name, so the
 * directories are tried first for it. */
static bool wild_dir_hits(struct rc_index *idx, const struct rc_glob_alt *a,
                          size_t lo, size_t hi, struct hits *h);

static bool lookup_hits(struct rc_index *idx, const struct rc_glob_alt *a,
                        size_t lo, size_t hi, struct hits *h)
{
  if (!a->name && !a->dir)
    return wild_dir_hits(idx, a, lo, hi, h);
  if (!idx->have_names)
    build_names(idx);
  if (a->dir && !group_find(&idx->names, a->dir, a->dir_len))
    return true;
  if (a->dir && a->name && !a->tail_len && dir_hits(idx, a, lo, hi, h))
    return true;
  return (a->name && by_name(idx, a, lo, hi, h)) ||
         (a->dir && dir_hits(idx, a, lo, hi, h));
}

/* s[0..len) contains what[0..n). */
static bool holds(const char *s, size_t len, const char *what, size_t n)
{
  for (const char *p = s;
       len >= n && (p = memchr(p, what[0], len - n + 1 - (size_t)(p - s))); p++)
    if (memcmp(p, what, n) == 0)
      return true;
  return false;
}

/* The longest run of literal bytes in a name pattern (at least 3, as a
 * glob's needle), which every matching name contains; NULL if none. */
static const char *name_run(const struct rc_glob_alt *a, size_t *len)
{
  const char *best = NULL, *end = a->name + a->name_len;
  *len = 2;
  for (const char *p = a->name; p < end;) {
    if (*p == '[' || *p == '\\') {
      return NULL; /* classes and escapes: not worth reading here */
    }
    const char *q = p;
    while (q < end && *q != '*' && *q != '?' && *q != '[' && *q != '\\' &&
           *q != '{' && *q != '}')
      q++;
    if ((size_t)(q - p) > *len) {
      best = p;
      *len = (size_t)(q - p);
    }
    p = q == p ? p + 1 : q;
  }
  return best;
}

/* For "prefix" "**" "/S/" "**" (S one segment, with a wildcard, between two
 * globstars): S. */
static bool wild_segment(const struct rc_glob_alt *a, const char **seg,
                         size_t *len)
{
  const char *p = a->pat + a->prefix, *end = a->pat + a->len;
  if (a->name || end - p < 7 || memcmp(p, "**/", 3) != 0 ||
      memcmp(end - 3, "/**", 3) != 0)
    return false;
  *seg = p + 3;
  *len = (size_t)(end - 3 - *seg);
  return !memchr(*seg, '/', *len) && !memchr(*seg, '\\', *len) &&
         !(*len == 2 && memcmp(*seg, "**", 2) == 0);
}

/* Every match of "prefix" "**" "/S/" "**" has a segment matching S: it is
 * an entry whose name matches S, or lies below a directory whose name
 * does. Those entries are found from the distinct names (test_index's
 * exactness test compares with testing every entry); returns false when
 * they are not fewer than the entries in [lo, hi). */
static bool wild_dir_hits(struct rc_index *idx, const struct rc_glob_alt *a,
                          size_t lo, size_t hi, struct hits *h)
{
  struct rc_glob_alt s = {0};
  if (!wild_segment(a, &s.name, &s.name_len))
    return false;
  if (!idx->have_names)
    build_names(idx);
  size_t run_len = 0;
  const char *run = name_run(&s, &run_len);
  size_t *from = NULL, *to = NULL, n = 0, cap = 0, cap2 = 0, total = 0;
  struct rc_buf below;
  rc_buf_init(&below);
  const struct groups *names = &idx->names;
  for (size_t g = 0; g < names->n && total < hi - lo; g++) {
    const struct group *ng = &names->v[g];
    if ((run && !holds(ng->key, ng->len, run, run_len)) ||
        !rc_glob_name_ok(&s, ng->key, ng->len))
      continue;
    for (size_t k = 0; k < ng->count && total < hi - lo; k++) {
      size_t i = names->items[ng->first + k];
      if (i < lo || i >= hi)
        continue;
      size_t end = i + 1;
      if (idx->entries[i].kind == RC_ENTRY_DIR) {
        rc_buf_reset(&below);
        rc_buf_printf(&below, "%s/", idx->entries[i].path);
        end = range_end(idx->entries, i + 1, idx->n, below.data, below.len);
      }
      rc_grow((void **)&from, &cap, n, sizeof(*from));
      rc_grow((void **)&to, &cap2, n, sizeof(*to));
      from[n] = i;
      to[n++] = end;
      total += end - i;
    }
  }
  rc_buf_release(&below);
  return match_ranges(idx, a, h, from, to, n, 0, lo, hi, total);
}

/* Candidates by name, or by extension for a name with a literal tail. */
static bool by_name(struct rc_index *idx, const struct rc_glob_alt *a,
                    size_t lo, size_t hi, struct hits *h)
{
  const struct groups *names = &idx->names;
  if (a->name_literal) {
    uint32_t g = group_find(names, a->name, a->name_len);
    if (g && names->v[g - 1].count > hi - lo)
      return false;
    if (g)
      name_hits(idx, a, &names->v[g - 1], lo, hi, h);
    return true;
  }
  const char *tail = a->name + a->name_len - a->tail_len;
  const char *dot = memrchr_dot(tail, a->tail_len);
  const uint32_t *list = NULL;
  size_t n = names->n;
  if (dot) {
    uint32_t eg =
        group_find(&idx->exts, dot + 1, (size_t)(tail + a->tail_len - dot - 1));
    n = eg ? idx->exts.v[eg - 1].count : 0;
    list = eg ? idx->exts.items + idx->exts.v[eg - 1].first : NULL;
  }
  if (n > hi - lo)
    return false;
  size_t run_len = 0;
  const char *run = list ? NULL : name_run(a, &run_len);
  for (size_t k = 0; k < n; k++) {
    const struct group *g = &names->v[list ? list[k] : k];
    if (run && !holds(g->key, g->len, run, run_len))
      continue;
    if (rc_glob_name_ok(a, g->key, g->len))
      name_hits(idx, a, g, lo, hi, h);
  }
  return true;
}

/* First entry at or after lo whose path does not start with prefix. */
static size_t range_end(const struct rc_entry *v, size_t lo, size_t n,
                        const char *prefix, size_t plen)
{
  size_t hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strncmp(v[mid].path, prefix, plen) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static void alt_hits(struct rc_index *idx, const struct rc_glob_alt *a,
                     struct hits *h)
{
  if (a->literal) {
    const struct rc_entry *e = ix_find_in(idx->entries, idx->n, a->pat);
    if (e)
      hit(h, (size_t)(e - idx->entries));
    return;
  }
  size_t lo = ix_lower_bound(idx->entries, idx->n, a->pat, a->prefix);
  size_t hi = range_end(idx->entries, lo, idx->n, a->pat, a->prefix);
  if (lookup_hits(idx, a, lo, hi, h))
    return;
  for (size_t i = lo; i < hi; i++)
    if (rc_glob_alt_match(a, idx->entries[i].path, path_len(&idx->entries[i])))
      hit(h, i);
}

static void memo_index_one(struct rc_index *idx, size_t i)
{
  const char *g = idx->memo[i].glob;
  size_t h = hash_bytes(g, strlen(g)) & idx->memo_mask;
  while (idx->memo_slots[h])
    h = (h + 1) & idx->memo_mask;
  idx->memo_slots[h] = (uint32_t)(i + 1);
}

static void memo_index(struct rc_index *idx)
{
  size_t slots = 64;
  while (slots < 2 * idx->n_memo)
    slots *= 2;
  free(idx->memo_slots);
  idx->memo_slots = rc_xcalloc(slots, sizeof(*idx->memo_slots));
  idx->memo_mask = slots - 1;
  for (size_t i = 0; i < idx->n_memo; i++)
    memo_index_one(idx, i);
}

static const struct glob_memo *memo_find(const struct rc_index *idx,
                                         const char *glob)
{
  if (!idx->memo_slots)
    return NULL;
  for (size_t h = hash_bytes(glob, strlen(glob)) & idx->memo_mask;;
       h = (h + 1) & idx->memo_mask) {
    uint32_t m = idx->memo_slots[h];
    if (!m || strcmp(idx->memo[m - 1].glob, glob) == 0)
      return m ? &idx->memo[m - 1] : NULL;
  }
}

static const struct glob_memo *memo_add(struct rc_index *idx, const char *glob)
{
  struct rc_glob *g = rc_glob_compile(glob);
  struct hits h = {.sorted = true};
  for (size_t i = 0; i < g->n; i++)
    alt_hits(idx, &g->alt[i], &h);
  rc_glob_free(g);
  if (!h.sorted) {
    /* The alternatives' hits, ordered and each once by a bit per entry:
     * cheaper than sorting them when a glob selects much of the tree. */
    uint64_t *seen = rc_xcalloc(idx->n / 64 + 1, sizeof(*seen));
    for (size_t i = 0; i < h.n; i++)
      seen[h.v[i] / 64] |= 1ull << (h.v[i] % 64);
    size_t out = 0;
    for (size_t w = 0; w <= idx->n / 64; w++)
      for (uint64_t b = seen[w]; b; b &= b - 1)
        h.v[out++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
    h.n = out;
    free(seen);
  }
  rc_grow((void **)&idx->memo, &idx->cap_memo, idx->n_memo, sizeof(*idx->memo));
  struct glob_memo *m = &idx->memo[idx->n_memo++];
  *m = (struct glob_memo){rc_xstrdup(glob), h.v, NULL, h.n};
  if (h.n > idx->n / 32) {
    m->bits = rc_xcalloc(idx->n / 64 + 1, sizeof(*m->bits));
    for (size_t i = 0; i < h.n; i++)
      m->bits[h.v[i] / 64] |= 1ull << (h.v[i] % 64);
    free(h.v);
    m->hits = NULL;
  } else if (h.n < h.cap) {
    m->hits = rc_xrealloc(h.v, (h.n ? h.n : 1) * sizeof(*h.v));
  }
  if (2 * idx->n_memo > idx->memo_mask)
    memo_index(idx);
  else
    memo_index_one(idx, idx->n_memo - 1);
  return m;
}

/* Every entry matching glob, or only those of kind when any_kind is false.
 * The memo is the only state a const index changes, and nothing else reads
 * it. Callbacks may glob again (the memo array may move, a hits array
 * never does). */
static int glob_each(const struct rc_index *cidx, const char *glob,
                     bool any_kind, enum rc_entry_kind kind,
                     int (*fn)(const struct rc_entry *e, void *arg), void *arg)
{
  struct rc_index *idx = (struct rc_index *)cidx;
  const struct glob_memo *m = memo_find(idx, glob);
  if (!m)
    m = memo_add(idx, glob);
  const uint32_t *hits = m->hits;
  const uint64_t *bits = m->bits;
  size_t n = bits ? idx->n : m->n;
  for (size_t i = 0; i < n; i++) {
    size_t at = bits ? i : hits[i];
    if (bits && !(bits[i / 64] >> (i % 64) & 1)) {
      if (!bits[i / 64])
        i |= 63; /* a word without hits */
      continue;
    }
    const struct rc_entry *e = &idx->entries[at];
    if (!any_kind && e->kind != kind)
      continue;
    int rc = fn(e, arg);
    if (rc)
      return rc;
  }
  return 0;
}

int rc_index_glob(const struct rc_index *cidx, const char *glob,
                  enum rc_entry_kind kind,
                  int (*fn)(const struct rc_entry *e, void *arg), void *arg)
{
  if (rc_glob_is_literal(glob)) {
    const struct rc_entry *e = rc_index_find(cidx, glob);
    return e && e->kind == kind ? fn(e, arg) : 0;
  }
  ix_watch_gap(cidx, glob);
  return glob_each(cidx, glob, false, kind, fn, arg);
}

int rc_index_glob_any(const struct rc_index *idx, const char *glob,
                      int (*fn)(const struct rc_entry *e, void *arg), void *arg)
{
  if (rc_glob_is_literal(glob)) {
    const struct rc_entry *e = ix_find_in(idx->entries, idx->n, glob);
    return e ? fn(e, arg) : 0;
  }
  return glob_each(idx, glob, true, RC_ENTRY_FILE, fn, arg);
}

/* Queries take a const index; the watch is bookkeeping beside the data,
 * like the glob memo. */
void ix_watch_gap(const struct rc_index *cidx, const char *glob)
{
  struct rc_index *idx = (struct rc_index *)cidx;
  if (!idx->n_skips || idx->watched)
    return;
  idx->watched = rc_index_gap(idx, glob);
}
