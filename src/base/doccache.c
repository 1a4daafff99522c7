/*
 * doccache.c - parsed repository files, lent to every reader (doccache.h).
 *
 * One record per (path, format) ever asked for, never removed, so that
 * parses can be counted per file. A record's trees are held while any
 * reader has them on loan; the unheld ones wait on a least-recently-used
 * list, dropped from its head once their files add up to more than the
 * budget. YAML trees take several times their file's bytes, so a big file
 * nobody holds is dropped at once rather than kept for a reader that may
 * never come.
 */
#include "readycheck/doccache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"

enum { MAX_JOBS = 64 };

struct rc_doc_share {
  struct rc_doc_cache *cache;
  char *path;
  enum rc_doc_format fmt;
  size_t len;    /* of the bytes parsed */
  uint64_t hash; /* of the bytes parsed */
  bool held;     /* docs (or err) hold the parse's answer */
  int rc;        /* rc_docs_parse()'s answer */
  char *err;     /* its message when rc != 0 */
  struct rc_docs docs;
  bool busy; /* being parsed, the lock not held: wait on `parsed` */
  unsigned loans;
  unsigned parses;                  /* times its bytes were parsed */
  unsigned requests;                /* times a reader asked for them */
  struct rc_doc_share *prev, *next; /* the unheld list, oldest first */
  bool listed;
};

struct rc_doc_cache {
  pthread_mutex_t lock;
  pthread_cond_t parsed; /* a busy record is done */
  size_t budget;
  unsigned jobs;     /* threads rc_doc_cache_parse_all() may use */
  unsigned fetching; /* of them, parsing ahead (rc_doc_cache_prefetch) */
  struct rc_doc_share **items;
  size_t n, cap;
  size_t *slots; /* open addressing: item index + 1, 0 = empty */
  size_t mask;
  struct rc_doc_share *head, *tail; /* unheld trees, least recent first */
  size_t unheld_bytes;              /* files of the listed records */
  size_t kept_bytes;                /* files of every record holding trees */
  size_t parses;
};

/* Whether the bytes are the ones parsed before: not a cryptographic
 * hash, a guard against a caller passing text made from the file. */
static uint64_t hash_bytes(const char *p, size_t n)
{
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  memcpy(&w, p + i, n - i);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

static size_t hash_key(const char *path, enum rc_doc_format fmt)
{
  uint64_t h = 1469598103934665603ULL ^ (uint64_t)fmt;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++)
    h = (h ^ *p) * 1099511628211ULL;
  return (size_t)(h ^ (h >> 31));
}

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The format rc_docs_parse() reads path's bytes as when asked for fmt, if
 * the name decides it: a probe asking for "auto" and a model reader asking
 * for YAML get the same trees. */
static enum rc_doc_format format_of(const char *path, enum rc_doc_format fmt)
{
  if (fmt != RC_DOC_AUTO)
    return fmt;
  if (ends_with(path, ".json"))
    return RC_DOC_JSON;
  if (ends_with(path, ".yml") || ends_with(path, ".yaml"))
    return RC_DOC_YAML;
  return fmt;
}

struct rc_doc_cache *rc_doc_cache_new(size_t budget)
{
  struct rc_doc_cache *c = rc_xcalloc(1, sizeof(*c));
  pthread_mutex_init(&c->lock, NULL);
  pthread_cond_init(&c->parsed, NULL);
  c->jobs = 1;
  c->budget = budget ? budget : (size_t)RC_DOC_CACHE_BUDGET;
  return c;
}

static void drop_trees(struct rc_doc_cache *c, struct rc_doc_share *s)
{
  if (!s->held)
    return;
  if (s->rc == 0)
    c->kept_bytes -= s->len;
  rc_docs_release(&s->docs);
  free(s->err);
  s->err = NULL;
  s->held = false;
}

void rc_doc_cache_free(struct rc_doc_cache *c)
{
  if (!c)
    return;
  for (size_t i = 0; i < c->n; i++) {
    drop_trees(c, c->items[i]);
    free(c->items[i]->path);
    free(c->items[i]);
  }
  free(c->items);
  free(c->slots);
  pthread_cond_destroy(&c->parsed);
  pthread_mutex_destroy(&c->lock);
  free(c);
}

/* ---- the table ------------------------------------------------------- */

static void rehash(struct rc_doc_cache *c)
{
  size_t size = c->mask ? (c->mask + 1) * 2 : 64;
  free(c->slots);
  c->slots = rc_xcalloc(size, sizeof(*c->slots));
  c->mask = size - 1;
  for (size_t i = 0; i < c->n; i++) {
    size_t h = hash_key(c->items[i]->path, c->items[i]->fmt) & c->mask;
    while (c->slots[h])
      h = (h + 1) & c->mask;
    c->slots[h] = i + 1;
  }
}

static struct rc_doc_share *
find_or_add(struct rc_doc_cache *c, const char *path, enum rc_doc_format fmt)
{
  if ((c->n + 1) * 2 > c->mask + 1)
    rehash(c);
  size_t h = hash_key(path, fmt) & c->mask;
  for (; c->slots[h]; h = (h + 1) & c->mask) {
    struct rc_doc_share *s = c->items[c->slots[h] - 1];
    if (s->fmt == fmt && strcmp(s->path, path) == 0)
      return s;
  }
  struct rc_doc_share *s = rc_xcalloc(1, sizeof(*s));
  s->cache = c;
  s->path = rc_xstrdup(path);
  s->fmt = fmt;
  rc_grow((void **)&c->items, &c->cap, c->n, sizeof(*c->items));
  c->items[c->n++] = s;
  c->slots[h] = c->n;
  return s;
}

/* ---- the unheld list ------------------------------------------------- */

static void unlist(struct rc_doc_cache *c, struct rc_doc_share *s)
{
  if (!s->listed)
    return;
  if (s->prev)
    s->prev->next = s->next;
  else
    c->head = s->next;
  if (s->next)
    s->next->prev = s->prev;
  else
    c->tail = s->prev;
  s->prev = s->next = NULL;
  s->listed = false;
  c->unheld_bytes -= s->len;
}

static void list_last(struct rc_doc_cache *c, struct rc_doc_share *s)
{
  s->prev = c->tail;
  s->next = NULL;
  if (c->tail)
    c->tail->next = s;
  else
    c->head = s;
  c->tail = s;
  s->listed = true;
  c->unheld_bytes += s->len;
}

static void trim(struct rc_doc_cache *c)
{
  while (c->head && c->unheld_bytes > c->budget) {
    struct rc_doc_share *s = c->head;
    unlist(c, s);
    drop_trees(c, s);
  }
}

/* ---- loans ------------------------------------------------------------- */

static void copy_err(const char *msg, char *err, size_t errlen)
{
  if (errlen)
    snprintf(err, errlen, "%s", msg ? msg : "");
}

static int lend(struct rc_doc_share *s, struct rc_docs *out, char *err,
                size_t errlen)
{
  if (s->rc != 0) {
    copy_err(s->err, err, errlen);
    return s->rc;
  }
  unlist(s->cache, s);
  s->loans++;
  *out = s->docs;
  out->share = s;
  return 0;
}

int rc_doc_cache_parse(struct rc_doc_cache *c, struct rc_docs *out,
                       const char *data, size_t len, const char *path,
                       enum rc_doc_format fmt, char *err, size_t errlen)
{
  if (!c)
    return rc_docs_parse(out, data, len, path, fmt, err, errlen);
  *out = (struct rc_docs){0};
  uint64_t h = hash_bytes(data, len);
  fmt = format_of(path, fmt);
  pthread_mutex_lock(&c->lock);
  struct rc_doc_share *s = find_or_add(c, path, fmt);
  s->requests++;
  while (s->busy)
    pthread_cond_wait(&c->parsed, &c->lock);
  bool same = s->held && s->len == len && s->hash == h;
  if (!same) {
    s->parses++;
    c->parses++;
  }
  if (s->held && !same) {
    /* other bytes under this path: not the file, or not the file now */
    pthread_mutex_unlock(&c->lock);
    return rc_docs_parse(out, data, len, path, fmt, err, errlen);
  }
  if (!s->held) {
    /* parsed without the lock, so that other files parse meanwhile */
    s->busy = true;
    pthread_mutex_unlock(&c->lock);
    struct rc_docs docs;
    char msg[1024];
    int parsed = rc_docs_parse(&docs, data, len, path, fmt, msg, sizeof(msg));
    pthread_mutex_lock(&c->lock);
    s->busy = false;
    s->len = len;
    s->hash = h;
    s->rc = parsed;
    s->docs = docs;
    s->held = true;
    if (parsed != 0)
      s->err = rc_xstrdup(msg);
    else
      c->kept_bytes += len;
    pthread_cond_broadcast(&c->parsed);
  }
  int rc = lend(s, out, err, errlen);
  pthread_mutex_unlock(&c->lock);
  return rc;
}

/* ---- many at once ------------------------------------------------------ */

void rc_doc_cache_set_jobs(struct rc_doc_cache *c, unsigned jobs)
{
  if (c)
    c->jobs = jobs ? jobs : 1;
}

struct batch {
  struct rc_doc_cache *c;
  struct rc_doc_req *reqs;
  size_t n;
  _Atomic size_t next;
};

static void *parse_some(void *arg)
{
  struct batch *b = arg;
  for (;;) {
    size_t i = atomic_fetch_add(&b->next, 1);
    if (i >= b->n)
      return NULL;
    struct rc_doc_req *q = &b->reqs[i];
    q->rc = rc_doc_cache_parse(b->c, &q->docs, q->data, q->len, q->path, q->fmt,
                               q->err, sizeof(q->err));
  }
}

void rc_doc_cache_parse_all(struct rc_doc_cache *c, struct rc_doc_req *reqs,
                            size_t n)
{
  struct batch b = {.c = c, .reqs = reqs, .n = n};
  atomic_init(&b.next, 0);
  unsigned jobs = c ? c->jobs : 1, fetching = 0;
  if (c) {
    pthread_mutex_lock(&c->lock);
    fetching = c->fetching;
    pthread_mutex_unlock(&c->lock);
  }
  if (fetching) {
    /* Threads parse ahead from the front of the same files: this one
     * works from the back, so that the two meet once, not at every file. */
    for (size_t i = n; i-- > 0;)
      reqs[i].rc = rc_doc_cache_parse(c, &reqs[i].docs, reqs[i].data,
                                      reqs[i].len, reqs[i].path, reqs[i].fmt,
                                      reqs[i].err, sizeof(reqs[i].err));
    return;
  }
  if (jobs > n)
    jobs = n ? (unsigned)n : 1;
  if (jobs > MAX_JOBS)
    jobs = MAX_JOBS;
  pthread_t tids[MAX_JOBS];
  unsigned started = 0;
  for (unsigned i = 1; i < jobs; i++)
    if (pthread_create(&tids[started], NULL, parse_some, &b) == 0)
      started++;
  parse_some(&b); /* this thread works too; with no thread, alone */
  for (unsigned i = 0; i < started; i++)
    pthread_join(tids[i], NULL);
}

unsigned rc_doc_cache_jobs(struct rc_doc_cache *c)
{
  return c ? c->jobs : 1;
}

struct rc_doc_prefetch {
  struct batch b;
  pthread_t tids[MAX_JOBS];
  unsigned started;
};

struct rc_doc_prefetch *rc_doc_cache_prefetch(struct rc_doc_cache *c,
                                              struct rc_doc_req *reqs, size_t n)
{
  if (!c || c->jobs <= 1 || !n)
    return NULL;
  struct rc_doc_prefetch *p = rc_xcalloc(1, sizeof(*p));
  p->b = (struct batch){.c = c, .reqs = reqs, .n = n};
  atomic_init(&p->b.next, 0);
  unsigned threads = c->jobs - 1;
  if (threads > n)
    threads = (unsigned)n;
  if (threads > MAX_JOBS)
    threads = MAX_JOBS;
  for (unsigned i = 0; i < threads; i++)
    if (pthread_create(&p->tids[p->started], NULL, parse_some, &p->b) == 0)
      p->started++;
  pthread_mutex_lock(&c->lock);
  c->fetching += p->started;
  pthread_mutex_unlock(&c->lock);
  return p;
}

void rc_doc_cache_prefetch_end(struct rc_doc_prefetch *p)
{
  if (!p)
    return;
  for (unsigned i = 0; i < p->started; i++)
    pthread_join(p->tids[i], NULL);
  struct rc_doc_cache *c = p->b.c;
  pthread_mutex_lock(&c->lock);
  c->fetching -= p->started;
  pthread_mutex_unlock(&c->lock);
  /* with no thread started nothing was asked for; else every request was */
  for (size_t i = 0; p->started && i < p->b.n; i++)
    rc_docs_release(&p->b.reqs[i].docs);
  free(p);
}

void rc_doc_share_release(struct rc_doc_share *s)
{
  struct rc_doc_cache *c = s->cache;
  pthread_mutex_lock(&c->lock);
  if (s->loans && --s->loans == 0) {
    if (s->len > c->budget / 4) {
      drop_trees(c, s);
    } else {
      list_last(c, s);
      trim(c);
    }
  }
  pthread_mutex_unlock(&c->lock);
}

/* ---- counts ------------------------------------------------------------ */

unsigned rc_doc_cache_parses(struct rc_doc_cache *c, const char *path)
{
  unsigned n = 0;
  pthread_mutex_lock(&c->lock);
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->items[i]->path, path) == 0)
      n += c->items[i]->parses;
  pthread_mutex_unlock(&c->lock);
  return n;
}

unsigned rc_doc_cache_requests(struct rc_doc_cache *c, const char *path)
{
  unsigned n = 0;
  pthread_mutex_lock(&c->lock);
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->items[i]->path, path) == 0)
      n += c->items[i]->requests;
  pthread_mutex_unlock(&c->lock);
  return n;
}

size_t rc_doc_cache_total_parses(struct rc_doc_cache *c)
{
  pthread_mutex_lock(&c->lock);
  size_t n = c->parses;
  pthread_mutex_unlock(&c->lock);
  return n;
}

size_t rc_doc_cache_kept_bytes(struct rc_doc_cache *c)
{
  pthread_mutex_lock(&c->lock);
  size_t n = c->kept_bytes;
  pthread_mutex_unlock(&c->lock);
  return n;
}
