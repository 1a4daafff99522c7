/*
 * scan.c - the scan plan (scan.h): each file that content checks select is
 * read once and searched for all of them, on all cores, with results taken
 * in path order so that reports never depend on the threads.
 *
 * Work is cut into chunks of consecutive files. Threads claim the next
 * chunk; the calling thread takes finished chunks in order (fold) and
 * searches too while it waits. No thread may run more than a window of
 * chunks ahead of the fold, which bounds what is in flight. Probes search;
 * this file only schedules, reads and hands over.
 */
#define _XOPEN_SOURCE 700

#include "readycheck/scan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/literals.h"
#include "readycheck/mem.h"
#include "readycheck/regex.h"

enum {
  CHUNK = 16,            /* files claimed at once */
  WINDOW_PER_JOB = 4,    /* chunks in flight per thread */
  MAX_JOBS = 64,         /* threads, whatever --jobs says */
  KEEP_BUFFER = 1 << 22, /* a larger read buffer is freed after use */
};

/* A planned check. Files it selected: index entries as bits, other paths
 * (explicit, through a symlink) in a sorted list. */
struct check {
  const void *key;
  const struct rc_scan_ops *ops;
  const void *cfg;
  struct rc_ctx ctx; /* the context the check runs in */
  void *state;       /* NULL when plan() decided the outcome */
  struct rc_check out;
  const struct rc_skip *gap;
  uint64_t *bits;
  const char **extra;
  size_t n_extra;
  _Atomic bool done; /* fold() wants no more files */
  size_t lit;        /* its pattern's strings in sc->lits, or NO_LIT */
};

static const size_t NO_LIT = SIZE_MAX;

/* A file of the union, in path order. */
struct file {
  const char *path;
  const struct rc_entry *e; /* NULL: an extra path */
  size_t entry;             /* its index when e is set */
};

/* What searching one file gave, until it is folded. */
struct slot {
  char *error; /* could not be read (malloc'd) */
  bool binary;
  bool skipped;   /* no check wanted it any more: not read */
  void **found;   /* per check, NULL when not searched */
  size_t *active; /* the checks that wanted it when it was searched */
  size_t n_active;
};

struct rc_scan {
  struct rc_ctx *ctx;
  unsigned jobs;
  struct check *checks;
  size_t n_checks, cap_checks;
  size_t n_entries;
  struct file *files;
  size_t n_files;
  /* the distinct string sets of the checks' patterns (literals.h) */
  const struct rc_literals **lits;
  size_t n_lits;
  size_t files_read;
  /* scheduling, guarded by lock */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  size_t n_chunks, window;
  size_t next_claim;  /* next chunk to search */
  size_t folded;      /* chunks taken so far */
  bool *ready;        /* per ring position: chunk searched */
  struct slot *slots; /* ring of window * CHUNK */
};

/* One pass over a file for the strings of a given group of sets: built
 * the first time a file is wanted by that group. */
struct group {
  uint64_t *sets; /* bits over sc->lits */
  uint64_t hash;
  struct rc_literals_multi *m; /* NULL: one pass would not pay */
};

/* What one searching thread owns. */
struct worker {
  struct rc_scan *sc;
  struct rc_buf buf;
  struct rc_regex_scratch *rs;
  struct rc_index_dir *dir; /* files of one directory come in a row */
  size_t files_read;
  uint64_t *sets; /* the sets of the checks that want a file, as bits */
  const struct rc_literals **picked;
  struct group *groups;
  size_t n_groups, cap_groups;
};

unsigned rc_scan_cores(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1;
}

struct rc_scan *rc_scan_new(struct rc_ctx *ctx, unsigned jobs)
{
  struct rc_scan *sc = rc_xcalloc(1, sizeof(*sc));
  sc->ctx = ctx;
  sc->jobs = jobs ? jobs : rc_scan_cores();
  if (sc->jobs > MAX_JOBS)
    sc->jobs = MAX_JOBS;
  sc->n_entries = ctx->index ? rc_index_count(ctx->index) : 0;
  pthread_mutex_init(&sc->lock, NULL);
  pthread_cond_init(&sc->cond, NULL);
  return sc;
}

void rc_scan_free(struct rc_scan *sc)
{
  if (!sc)
    return;
  for (size_t i = 0; i < sc->n_checks; i++) {
    free(sc->checks[i].bits);
    free(sc->checks[i].extra);
  }
  free(sc->checks);
  free(sc->files);
  free(sc->lits);
  pthread_mutex_destroy(&sc->lock);
  pthread_cond_destroy(&sc->cond);
  free(sc);
}

size_t rc_scan_files_read(const struct rc_scan *sc)
{
  return sc->files_read;
}

size_t rc_scan_checks(const struct rc_scan *sc)
{
  return sc->n_checks;
}

/* ---- planning ------------------------------------------------------------ */

static int by_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keeps the targets compactly: a bit per index entry, the rest by path. */
static void keep_targets(struct rc_scan *sc, struct check *c,
                         const struct rc_scan_target *t, size_t n)
{
  c->bits = rc_xcalloc(sc->n_entries / 64 + 1, sizeof(*c->bits));
  size_t cap = 0;
  for (size_t i = 0; i < n; i++) {
    size_t at = t[i].e ? (size_t)(t[i].e - rc_index_at(sc->ctx->index, 0)) : 0;
    if (t[i].e && at < sc->n_entries) {
      c->bits[at / 64] |= 1ull << (at % 64);
      continue;
    }
    rc_grow((void **)&c->extra, &cap, c->n_extra, sizeof(*c->extra));
    c->extra[c->n_extra++] = t[i].path;
  }
}

bool rc_scan_add(struct rc_scan *sc, const void *key, const struct rc_probe *p,
                 const void *cfg, const struct rc_ctx *as)
{
  if (!p->scan)
    return false;
  for (size_t i = 0; i < sc->n_checks; i++)
    if (sc->checks[i].key == key)
      return true;
  rc_grow((void **)&sc->checks, &sc->cap_checks, sc->n_checks,
          sizeof(*sc->checks));
  struct check *c = &sc->checks[sc->n_checks++];
  memset(c, 0, sizeof(*c));
  c->key = key;
  c->ops = p->scan;
  c->cfg = cfg;
  c->ctx = as ? *as : *sc->ctx;
  struct rc_scan_target *t = NULL;
  size_t n = 0;
  struct rc_index *idx = sc->ctx->index;
  rc_index_watch(idx);
  c->state = c->ops->plan(cfg, &c->ctx, &c->out, &t, &n);
  c->gap = rc_index_watched(idx);
  if (c->state)
    keep_targets(sc, c, t, n);
  atomic_store(&c->done, c->state == NULL);
  free(t);
  return true;
}

static bool wants(const struct check *c, const struct file *f)
{
  if (f->e)
    return (c->bits[f->entry / 64] >> (f->entry % 64)) & 1;
  return c->n_extra && bsearch(&f->path, c->extra, c->n_extra,
                               sizeof(*c->extra), by_str) != NULL;
}

/* The union of every check's files, in path order: entries (already in
 * path order) merged with the other paths. */
static void gather_files(struct rc_scan *sc)
{
  size_t words = sc->n_entries / 64 + 1;
  uint64_t *all = rc_xcalloc(words, sizeof(*all));
  const char **extra = NULL;
  size_t n_extra = 0, cap = 0;
  for (size_t i = 0; i < sc->n_checks; i++) {
    struct check *c = &sc->checks[i];
    if (!c->state)
      continue;
    for (size_t w = 0; w < words; w++)
      all[w] |= c->bits[w];
    if (c->n_extra > 1)
      qsort(c->extra, c->n_extra, sizeof(*c->extra), by_str);
    for (size_t k = 0; k < c->n_extra; k++) {
      rc_grow((void **)&extra, &cap, n_extra, sizeof(*extra));
      extra[n_extra++] = c->extra[k];
    }
  }
  if (n_extra > 1)
    qsort(extra, n_extra, sizeof(*extra), by_str);
  size_t n = n_extra;
  for (size_t w = 0; w < words; w++)
    n += (size_t)__builtin_popcountll(all[w]);
  sc->files = rc_xcalloc(n + 1, sizeof(*sc->files));
  size_t x = 0;
  for (size_t i = 0; i <= sc->n_entries; i++) {
    const struct rc_entry *e =
        i < sc->n_entries && ((all[i / 64] >> (i % 64)) & 1)
            ? rc_index_at(sc->ctx->index, i)
            : NULL;
    if (!e && i < sc->n_entries)
      continue;
    for (; x < n_extra && (!e || strcmp(extra[x], e->path) < 0); x++)
      if (!sc->n_files || strcmp(sc->files[sc->n_files - 1].path, extra[x]))
        sc->files[sc->n_files++] = (struct file){extra[x], NULL, 0};
    if (e)
      sc->files[sc->n_files++] = (struct file){e->path, e, i};
  }
  free(extra);
  free(all);
}

/* ---- searching ----------------------------------------------------------- */

/* Each check's pattern strings, numbered: checks sharing a pattern share
 * a number. */
static void number_literals(struct rc_scan *sc)
{
  sc->lits = rc_xcalloc(sc->n_checks + 1, sizeof(*sc->lits));
  for (size_t i = 0; i < sc->n_checks; i++) {
    struct check *c = &sc->checks[i];
    c->lit = NO_LIT;
    const struct rc_literals *l =
        c->state && c->ops->pattern ? rc_regex_literals(c->ops->pattern(c->cfg))
                                    : NULL;
    if (!l)
      continue;
    size_t k = 0;
    while (k < sc->n_lits && sc->lits[k] != l)
      k++;
    if (k == sc->n_lits)
      sc->lits[sc->n_lits++] = l;
    c->lit = k;
  }
}

static size_t set_words(const struct rc_scan *sc)
{
  return sc->n_lits / 64 + 1;
}

/* The pass for the sets in w->sets, built on first use. */
static const struct rc_literals_multi *group_of(struct worker *w, size_t n)
{
  size_t words = set_words(w->sc);
  uint64_t hash = 1469598103934665603ull;
  for (size_t k = 0; k < words; k++)
    hash = (hash ^ w->sets[k]) * 1099511628211ull;
  for (size_t g = 0; g < w->n_groups; g++)
    if (w->groups[g].hash == hash &&
        memcmp(w->groups[g].sets, w->sets, words * sizeof(*w->sets)) == 0)
      return w->groups[g].m;
  size_t got = 0;
  for (size_t i = 0; i < w->sc->n_lits; i++)
    if (w->sets[i / 64] >> (i % 64) & 1)
      w->picked[got++] = w->sc->lits[i];
  rc_grow((void **)&w->groups, &w->cap_groups, w->n_groups, sizeof(*w->groups));
  struct group *g = &w->groups[w->n_groups++];
  g->sets = rc_xcalloc(words, sizeof(*g->sets));
  memcpy(g->sets, w->sets, words * sizeof(*w->sets));
  g->hash = hash;
  g->m = rc_literals_multi_new(w->picked, n);
  return g->m;
}

/* One pass over the file for the strings of every pattern that searches
 * it, when more than one does. */
static void prefilter(struct worker *w, const size_t *active, size_t n_active,
                      const char *data, size_t len)
{
  struct rc_scan *sc = w->sc;
  memset(w->sets, 0, set_words(sc) * sizeof(*w->sets));
  size_t n = 0;
  for (size_t k = 0; k < n_active; k++) {
    size_t l = sc->checks[active[k]].lit;
    if (l == NO_LIT || (w->sets[l / 64] >> (l % 64) & 1))
      continue;
    w->sets[l / 64] |= 1ull << (l % 64);
    n++;
  }
  if (n > 1)
    rc_regex_scratch_prefilter(w->rs, group_of(w, n), data, len);
}

static void search_file(struct worker *w, const struct file *f, struct slot *s)
{
  struct rc_scan *sc = w->sc;
  size_t n_active = 0;
  for (size_t c = 0; c < sc->n_checks; c++)
    if (!atomic_load_explicit(&sc->checks[c].done, memory_order_relaxed) &&
        wants(&sc->checks[c], f))
      s->active[n_active++] = c;
  s->n_active = n_active;
  if (!n_active) {
    s->skipped = true;
    return;
  }
  char err[256];
  w->files_read++;
  if (rc_index_load_in(sc->ctx->index, f->e, f->path, &w->buf, w->dir, err,
                       sizeof(err)) != 0) {
    s->error = rc_xstrdup(err);
    return;
  }
  s->binary = rc_index_is_binary(w->buf.data, w->buf.len);
  rc_regex_scratch_subject(w->rs);
  if (!s->binary)
    prefilter(w, s->active, n_active, w->buf.data, w->buf.len);
  for (size_t a = 0; a < n_active && !s->binary; a++) {
    size_t c = s->active[a];
    struct check *k = &sc->checks[c];
    if (!atomic_load_explicit(&k->done, memory_order_relaxed))
      s->found[c] = k->ops->search(k->cfg, k->state, f->path, w->buf.data,
                                   w->buf.len, w->rs);
  }
  if (w->buf.cap > KEEP_BUFFER) {
    rc_buf_release(&w->buf);
    rc_buf_init(&w->buf);
  }
}

static struct slot *slot_of(struct rc_scan *sc, size_t file)
{
  return &sc->slots[(file / CHUNK) % sc->window * CHUNK + file % CHUNK];
}

static void search_chunk(struct worker *w, size_t chunk)
{
  struct rc_scan *sc = w->sc;
  size_t end = (chunk + 1) * CHUNK;
  for (size_t i = chunk * CHUNK; i < end && i < sc->n_files; i++)
    search_file(w, &sc->files[i], slot_of(sc, i));
}

/* Claims the next chunk within the window, or returns false when there is
 * none to claim now. Called with the lock held. */
static bool claim(struct rc_scan *sc, size_t *chunk)
{
  if (sc->next_claim >= sc->n_chunks ||
      sc->next_claim >= sc->folded + sc->window)
    return false;
  *chunk = sc->next_claim++;
  return true;
}

static void searched(struct rc_scan *sc, size_t chunk)
{
  pthread_mutex_lock(&sc->lock);
  sc->ready[chunk % sc->window] = true;
  pthread_cond_broadcast(&sc->cond);
  pthread_mutex_unlock(&sc->lock);
}

static void *work(void *arg)
{
  struct worker *w = arg;
  struct rc_scan *sc = w->sc;
  pthread_mutex_lock(&sc->lock);
  for (;;) {
    size_t chunk;
    if (claim(sc, &chunk)) {
      pthread_mutex_unlock(&sc->lock);
      search_chunk(w, chunk);
      searched(sc, chunk);
      pthread_mutex_lock(&sc->lock);
    } else if (sc->next_claim >= sc->n_chunks) {
      break;
    } else {
      pthread_cond_wait(&sc->cond, &sc->lock);
    }
  }
  pthread_mutex_unlock(&sc->lock);
  return NULL;
}

/* ---- folding ------------------------------------------------------------- */

/* Only the checks that wanted the file when it was searched: one that was
 * done then is done now. */
static void fold_file(struct rc_scan *sc, const struct file *f, struct slot *s)
{
  for (size_t a = 0; a < s->n_active; a++) {
    size_t c = s->active[a];
    struct check *k = &sc->checks[c];
    if (!s->skipped && !atomic_load(&k->done)) {
      struct rc_scan_file file = {f->path, s->error, s->binary, s->found[c]};
      if (!k->ops->fold(k->cfg, k->state, &k->ctx, &k->out, &file))
        atomic_store(&k->done, true);
    }
    if (s->found[c])
      k->ops->found_free(s->found[c]);
    s->found[c] = NULL;
  }
  free(s->error);
  s->error = NULL;
  s->binary = s->skipped = false;
  s->n_active = 0;
}

/* Waits for chunk to be searched, searching other chunks meanwhile. */
static void wait_chunk(struct rc_scan *sc, struct worker *self, size_t chunk)
{
  pthread_mutex_lock(&sc->lock);
  while (!sc->ready[chunk % sc->window]) {
    size_t mine;
    if (claim(sc, &mine)) {
      pthread_mutex_unlock(&sc->lock);
      search_chunk(self, mine);
      pthread_mutex_lock(&sc->lock);
      sc->ready[mine % sc->window] = true;
      pthread_cond_broadcast(&sc->cond);
    } else {
      pthread_cond_wait(&sc->cond, &sc->lock);
    }
  }
  pthread_mutex_unlock(&sc->lock);
}

static void fold_chunk(struct rc_scan *sc, size_t chunk)
{
  size_t end = (chunk + 1) * CHUNK;
  for (size_t i = chunk * CHUNK; i < end && i < sc->n_files; i++)
    fold_file(sc, &sc->files[i], slot_of(sc, i));
  pthread_mutex_lock(&sc->lock);
  sc->ready[chunk % sc->window] = false;
  sc->folded = chunk + 1;
  pthread_cond_broadcast(&sc->cond);
  pthread_mutex_unlock(&sc->lock);
}

static void worker_init(struct worker *w, struct rc_scan *sc)
{
  w->sc = sc;
  rc_buf_init(&w->buf);
  w->rs = rc_regex_scratch_new();
  w->dir = rc_index_dir_new();
  w->files_read = 0;
  w->sets = rc_xcalloc(set_words(sc), sizeof(*w->sets));
  w->picked = rc_xcalloc(sc->n_lits + 1, sizeof(*w->picked));
  w->groups = NULL;
  w->n_groups = w->cap_groups = 0;
}

static void worker_release(struct worker *w)
{
  rc_buf_release(&w->buf);
  rc_regex_scratch_free(w->rs);
  rc_index_dir_free(w->dir);
  for (size_t g = 0; g < w->n_groups; g++) {
    free(w->groups[g].sets);
    rc_literals_multi_free(w->groups[g].m);
  }
  free(w->groups);
  free(w->sets);
  free(w->picked);
}

void rc_scan_run(struct rc_scan *sc)
{
  gather_files(sc);
  number_literals(sc);
  sc->n_chunks = (sc->n_files + CHUNK - 1) / CHUNK;
  unsigned jobs = sc->jobs;
  if (jobs > sc->n_chunks)
    jobs = sc->n_chunks ? (unsigned)sc->n_chunks : 1;
  sc->window = (size_t)jobs * WINDOW_PER_JOB;
  sc->ready = rc_xcalloc(sc->window, sizeof(*sc->ready));
  sc->slots = rc_xcalloc(sc->window * CHUNK, sizeof(*sc->slots));
  for (size_t i = 0; i < sc->window * CHUNK; i++) {
    sc->slots[i].found = rc_xcalloc(sc->n_checks + 1, sizeof(void *));
    sc->slots[i].active = rc_xcalloc(sc->n_checks + 1, sizeof(size_t));
  }
  struct worker *ws = rc_xcalloc(jobs, sizeof(*ws));
  pthread_t *tids = rc_xcalloc(jobs, sizeof(*tids));
  for (unsigned i = 0; i < jobs; i++)
    worker_init(&ws[i], sc);
  /* Threads that cannot start leave their share to the others. */
  unsigned started = 1;
  for (unsigned i = 1; i < jobs; i++)
    if (pthread_create(&tids[started], NULL, work, &ws[started]) == 0)
      started++;
  for (size_t chunk = 0; chunk < sc->n_chunks; chunk++) {
    wait_chunk(sc, &ws[0], chunk);
    fold_chunk(sc, chunk);
  }
  for (unsigned i = 1; i < started; i++)
    pthread_join(tids[i], NULL);
  for (unsigned i = 0; i < jobs; i++) {
    sc->files_read += ws[i].files_read;
    worker_release(&ws[i]);
  }
  for (size_t i = 0; i < sc->window * CHUNK; i++) {
    free(sc->slots[i].found);
    free(sc->slots[i].active);
  }
  free(sc->slots);
  free(sc->ready);
  free(ws);
  free(tids);
  for (size_t c = 0; c < sc->n_checks; c++) {
    struct check *k = &sc->checks[c];
    if (k->state)
      k->ops->finish(k->cfg, k->state, &k->ctx, &k->out);
    free(k->bits);
    free(k->extra);
    k->bits = NULL;
    k->extra = NULL;
  }
}

const struct rc_check *rc_scan_result(const struct rc_scan *sc, const void *key,
                                      const struct rc_skip **gap)
{
  for (size_t i = 0; i < sc->n_checks; i++) {
    if (sc->checks[i].key == key) {
      *gap = sc->checks[i].gap;
      return &sc->checks[i].out;
    }
  }
  *gap = NULL;
  return NULL;
}

/* ---- one check alone ----------------------------------------------------- */

void rc_scan_check(const struct rc_scan_ops *ops, const void *cfg,
                   struct rc_ctx *ctx, struct rc_check *out)
{
  struct rc_scan_target *t = NULL;
  size_t n = 0;
  void *state = ops->plan(cfg, ctx, out, &t, &n);
  if (!state) {
    free(t);
    return;
  }
  struct rc_buf buf;
  rc_buf_init(&buf);
  struct rc_regex_scratch *rs = rc_regex_scratch_new();
  struct rc_index_dir *dir = rc_index_dir_new();
  for (size_t i = 0; i < n; i++) {
    char err[256];
    struct rc_scan_file f = {.path = t[i].path};
    if (rc_index_load_in(ctx->index, t[i].e, t[i].path, &buf, dir, err,
                         sizeof(err)) != 0)
      f.error = err;
    else if (!(f.binary = rc_index_is_binary(buf.data, buf.len))) {
      rc_regex_scratch_subject(rs);
      f.found = ops->search(cfg, state, t[i].path, buf.data, buf.len, rs);
    }
    bool more = ops->fold(cfg, state, ctx, out, &f);
    if (f.found)
      ops->found_free(f.found);
    if (!more)
      break;
  }
  ops->finish(cfg, state, ctx, out);
  rc_index_dir_free(dir);
  rc_regex_scratch_free(rs);
  rc_buf_release(&buf);
  free(t);
}
