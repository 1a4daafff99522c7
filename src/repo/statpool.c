/*
 * statpool.c - the walk's lstat calls on other threads (statpool.h).
 *
 * On a tree of many small files the walk's time is its lstat per kept
 * file (a name lookup in the kernel each), and it runs before anything
 * else can start, on one core. The names of a directory go in a batch
 * with a duplicate of the directory's descriptor, so the walk can close
 * its own and go on; threads take batches in turn. Results go into the
 * batch, never into the index (whose entries move as the walk adds
 * more), and are handed back in queue order once everything is done;
 * a batch's names go as soon as it is done.
 */
#define _XOPEN_SOURCE 700

#include "readycheck/statpool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/mem.h"

enum {
  BATCH = 256,          /* names per batch, at most */
  MAX_THREADS = 16,     /* whatever the caller asks */
  QUEUED_PER_THREAD = 4 /* waiting batches before the caller helps */
};

struct batch {
  int fd; /* the pool's duplicate of the directory, -1 if none */
  const char **names;
  struct rc_stat_result *res;
  size_t n, cap;
  struct batch *next; /* in the queue */
};

struct rc_stat_pool {
  unsigned threads;   /* asked for */
  struct batch **all; /* every batch, in queue order (caller's thread) */
  size_t n_all, cap_all;
  struct batch *open; /* being filled, or NULL */
  int open_dfd;       /* the caller's descriptor of the open batch */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  struct batch *head, *tail; /* waiting for a thread */
  size_t queued;             /* batches waiting */
  size_t pending;            /* batches waiting or being done */
  bool stop;
  pthread_t tids[MAX_THREADS];
  unsigned started;
  bool tried; /* threads were started (or failed to) */
};

struct rc_stat_pool *rc_stat_pool_new(unsigned threads)
{
  struct rc_stat_pool *p = rc_xcalloc(1, sizeof(*p));
  p->threads = threads > MAX_THREADS ? MAX_THREADS : threads;
  p->open_dfd = -1;
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->cond, NULL);
  return p;
}

static void batch_free(struct batch *b)
{
  if (b->fd >= 0)
    close(b->fd);
  free(b->names);
  free(b->res);
  free(b);
}

static void do_batch(struct batch *b, int dfd)
{
  for (size_t i = 0; i < b->n; i++) {
    struct stat st;
    struct rc_stat_result *r = &b->res[i];
    if (fstatat(dfd, b->names[i], &st, AT_SYMLINK_NOFOLLOW) == 0) {
      r->err = 0;
      r->mode = (unsigned)st.st_mode;
      r->size = (uint64_t)st.st_size;
    } else {
      r->err = errno ? errno : EIO;
    }
  }
  if (b->fd >= 0)
    close(b->fd);
  b->fd = -1;
  free(b->names); /* only the results are kept till the end */
  b->names = NULL;
}

/* Takes the first waiting batch; called with the lock held. */
static struct batch *pop(struct rc_stat_pool *p)
{
  struct batch *b = p->head;
  if (b) {
    p->head = b->next;
    if (!p->head)
      p->tail = NULL;
    p->queued--;
  }
  return b;
}

/* Does a batch taken from the queue, then says so; called without the
 * lock. */
static void do_taken(struct rc_stat_pool *p, struct batch *b)
{
  do_batch(b, b->fd);
  pthread_mutex_lock(&p->lock);
  p->pending--;
  pthread_cond_broadcast(&p->cond);
  pthread_mutex_unlock(&p->lock);
}

static void *work(void *arg)
{
  struct rc_stat_pool *p = arg;
  pthread_mutex_lock(&p->lock);
  for (;;) {
    struct batch *b = pop(p);
    if (b) {
      pthread_mutex_unlock(&p->lock);
      do_taken(p, b);
      pthread_mutex_lock(&p->lock);
    } else if (p->stop) {
      break;
    } else {
      pthread_cond_wait(&p->cond, &p->lock);
    }
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

/* Threads start with the first batch: a walk of a few files starts none. */
static void start_threads(struct rc_stat_pool *p)
{
  p->tried = true;
  for (unsigned i = 0; i < p->threads; i++)
    if (pthread_create(&p->tids[p->started], NULL, work, p) == 0)
      p->started++;
}

/* Hands the open batch over: to a thread, or done now when there is none
 * or the pool holds no descriptor of its directory (the caller's may be
 * closed once it has flushed). */
static void submit(struct rc_stat_pool *p)
{
  struct batch *b = p->open;
  p->open = NULL;
  if (!b)
    return;
  if (!p->tried && b->fd >= 0)
    start_threads(p);
  if (b->fd < 0 || !p->started) {
    do_batch(b, b->fd >= 0 ? b->fd : p->open_dfd);
    return;
  }
  pthread_mutex_lock(&p->lock);
  if (p->tail)
    p->tail->next = b;
  else
    p->head = b;
  p->tail = b;
  p->queued++;
  p->pending++;
  pthread_cond_broadcast(&p->cond);
  /* The walk is quicker than the lookups: rather than queue without
   * bound (a descriptor per batch), it takes the oldest batch itself. */
  struct batch *mine =
      p->queued > (size_t)p->started * QUEUED_PER_THREAD ? pop(p) : NULL;
  pthread_mutex_unlock(&p->lock);
  if (mine)
    do_taken(p, mine);
}

void rc_stat_pool_add(struct rc_stat_pool *p, int dfd, const char *name,
                      size_t tag)
{
  if (p->open && p->open->n == BATCH)
    submit(p);
  if (!p->open) {
    struct batch *b = rc_xcalloc(1, sizeof(*b));
    b->fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
    rc_grow((void **)&p->all, &p->cap_all, p->n_all, sizeof(*p->all));
    p->all[p->n_all++] = b;
    p->open = b;
    p->open_dfd = dfd;
  }
  struct batch *b = p->open;
  if (b->n == b->cap) {
    size_t cap = b->cap;
    rc_grow((void **)&b->names, &cap, b->n, sizeof(*b->names));
    rc_grow((void **)&b->res, &b->cap, b->n, sizeof(*b->res));
  }
  b->names[b->n] = name;
  b->res[b->n] = (struct rc_stat_result){.tag = tag};
  b->n++;
}

void rc_stat_pool_flush(struct rc_stat_pool *p)
{
  submit(p);
}

void rc_stat_pool_finish(struct rc_stat_pool *p,
                         void (*fn)(const struct rc_stat_result *r, void *arg),
                         void *arg)
{
  submit(p);
  pthread_mutex_lock(&p->lock);
  for (;;) {
    struct batch *b = pop(p);
    if (b) {
      pthread_mutex_unlock(&p->lock);
      do_taken(p, b);
      pthread_mutex_lock(&p->lock);
    } else if (p->pending) {
      pthread_cond_wait(&p->cond, &p->lock);
    } else {
      break;
    }
  }
  p->stop = true;
  pthread_cond_broadcast(&p->cond);
  pthread_mutex_unlock(&p->lock);
  for (unsigned i = 0; i < p->started; i++)
    pthread_join(p->tids[i], NULL);
  p->started = 0;
  for (size_t i = 0; i < p->n_all; i++) {
    for (size_t k = 0; k < p->all[i]->n; k++)
      fn(&p->all[i]->res[k], arg);
    batch_free(p->all[i]);
  }
  p->n_all = 0;
}

void rc_stat_pool_free(struct rc_stat_pool *p)
{
  if (!p)
    return;
  if (p->started) {
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->started; i++)
      pthread_join(p->tids[i], NULL);
  }
  /* Batches still queued are not done: a walk that ended early (an
   * error) reads no result. */
  for (size_t i = 0; i < p->n_all; i++)
    batch_free(p->all[i]);
  free(p->all);
  pthread_mutex_destroy(&p->lock);
  pthread_cond_destroy(&p->cond);
  free(p);
}
