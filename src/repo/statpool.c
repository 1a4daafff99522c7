/*
 * statpool.c - the walk's lstat calls on other threads (statpool.h).
 *
 * On a tree of many small files the walk's time is its lstat per kept
 * file (a name lookup in the kernel each), and it runs before anything
 * else can start, on one core. Names go in batches, each name with the
 * pool's duplicate of its directory's descriptor, so the walk can close
 * its own and go on; threads take batches in turn. A batch holds the
 * names of several small directories: one per directory would cost a
 * hand-over (a lock, a wake-up) per directory, more than the lookups of a
 * git checkout's typical folder of a few files. Results go into the
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
  BATCH = 256,           /* names per batch, at most */
  BATCH_DIRS = 8,        /* directories (descriptors) per batch, at most */
  MAX_THREADS = 8,       /* whatever the caller asks */
  QUEUED_PER_THREAD = 4, /* waiting batches before the caller helps */
  MAX_QUEUED = 16,       /* and whatever the threads */
};

struct batch {
  int fds[BATCH_DIRS]; /* the pool's duplicates of its directories */
  size_t n_fds;
  const char **names;
  int *fd_of; /* per name: its directory, -1 when already stat'ed */
  struct rc_stat_result *res;
  size_t n, cap;
  struct batch *next; /* in the queue */
};

struct rc_stat_pool {
  unsigned threads;   /* asked for */
  struct batch **all; /* every batch, in queue order (caller's thread) */
  size_t n_all, cap_all;
  struct batch *open; /* being filled, or NULL */
  int open_fd;        /* the open batch's duplicate of the directory being
                         queued, -1 before its first name */
  pthread_mutex_t lock;
  pthread_cond_t work;       /* threads wait here for batches */
  pthread_cond_t done;       /* the caller waits here for the last batch */
  struct batch *head, *tail; /* waiting for a thread */
  size_t queued;             /* batches waiting */
  size_t pending;            /* batches waiting or being done */
  unsigned idle;             /* threads waiting for work */
  bool stop;
  pthread_t tids[MAX_THREADS];
  unsigned started;
  bool tried; /* threads were started (or failed to) */
};

struct rc_stat_pool *rc_stat_pool_new(unsigned threads)
{
  struct rc_stat_pool *p = rc_xcalloc(1, sizeof(*p));
  p->threads = threads > MAX_THREADS ? MAX_THREADS : threads;
  p->open_fd = -1;
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->work, NULL);
  pthread_cond_init(&p->done, NULL);
  return p;
}

static void close_fds(struct batch *b)
{
  for (size_t i = 0; i < b->n_fds; i++)
    close(b->fds[i]);
  b->n_fds = 0;
}

static void batch_free(struct batch *b)
{
  close_fds(b);
  free(b->names);
  free(b->fd_of);
  free(b->res);
  free(b);
}

static void stat_one(int dfd, const char *name, struct rc_stat_result *r)
{
  struct stat st;
  if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
    r->err = 0;
    r->mode = (unsigned)st.st_mode;
    r->size = (uint64_t)st.st_size;
  } else {
    r->err = errno ? errno : EIO;
  }
}

static void do_batch(struct batch *b)
{
  for (size_t i = 0; i < b->n; i++)
    if (b->fd_of[i] >= 0)
      stat_one(b->fd_of[i], b->names[i], &b->res[i]);
  close_fds(b);
  /* only the results are kept till the end */
  free(b->names);
  free(b->fd_of);
  b->names = NULL;
  b->fd_of = NULL;
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
  do_batch(b);
  pthread_mutex_lock(&p->lock);
  if (--p->pending == 0)
    pthread_cond_signal(&p->done);
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
      p->idle++;
      pthread_cond_wait(&p->work, &p->lock);
      p->idle--;
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

/* Hands the open batch over: to a thread, or done now when there is
 * none. */
static void submit(struct rc_stat_pool *p)
{
  struct batch *b = p->open;
  p->open = NULL;
  p->open_fd = -1;
  if (!b)
    return;
  if (!p->tried)
    start_threads(p);
  if (!p->started) {
    do_batch(b);
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
  if (p->idle)
    pthread_cond_signal(&p->work);
  /* The walk is quicker than the lookups: rather than queue without
   * bound (descriptors in every batch), it takes the oldest batch. */
  size_t most = (size_t)p->started * QUEUED_PER_THREAD;
  struct batch *mine =
      p->queued > (most < MAX_QUEUED ? most : MAX_QUEUED) ? pop(p) : NULL;
  pthread_mutex_unlock(&p->lock);
  if (mine)
    do_taken(p, mine);
}

void rc_stat_pool_add(struct rc_stat_pool *p, int dfd, const char *name,
                      size_t tag)
{
  if (p->open &&
      (p->open->n == BATCH || (p->open_fd < 0 && p->open->n_fds == BATCH_DIRS)))
    submit(p);
  if (!p->open) {
    struct batch *b = rc_xcalloc(1, sizeof(*b));
    rc_grow((void **)&p->all, &p->cap_all, p->n_all, sizeof(*p->all));
    p->all[p->n_all++] = b;
    p->open = b;
  }
  struct batch *b = p->open;
  if (p->open_fd < 0) {
    p->open_fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
    if (p->open_fd >= 0)
      b->fds[b->n_fds++] = p->open_fd;
  }
  if (b->n == b->cap) {
    size_t cap = b->cap, cap_fd = b->cap;
    rc_grow((void **)&b->names, &cap, b->n, sizeof(*b->names));
    rc_grow((void **)&b->fd_of, &cap_fd, b->n, sizeof(*b->fd_of));
    rc_grow((void **)&b->res, &b->cap, b->n, sizeof(*b->res));
  }
  b->names[b->n] = name;
  b->fd_of[b->n] = p->open_fd;
  b->res[b->n] = (struct rc_stat_result){.tag = tag};
  /* no descriptor of its own for the directory (out of them): the
   * caller's, now */
  if (p->open_fd < 0)
    stat_one(dfd, name, &b->res[b->n]);
  b->n++;
}

void rc_stat_pool_flush(struct rc_stat_pool *p)
{
  /* The next name is another directory's: a new descriptor then. The
   * batch goes when full, so small directories share one. */
  p->open_fd = -1;
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
      pthread_cond_wait(&p->done, &p->lock);
    } else {
      break;
    }
  }
  p->stop = true;
  pthread_cond_broadcast(&p->work);
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
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->started; i++)
      pthread_join(p->tids[i], NULL);
  }
  /* Batches still queued were done by the threads before they stopped;
   * a walk that ended early (an error) reads no result. */
  for (size_t i = 0; i < p->n_all; i++)
    batch_free(p->all[i]);
  free(p->all);
  pthread_mutex_destroy(&p->lock);
  pthread_cond_destroy(&p->work);
  pthread_cond_destroy(&p->done);
  free(p);
}
