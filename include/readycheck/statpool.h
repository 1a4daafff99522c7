/*
 * statpool.h - internal: the walk's lstat calls on other threads, used by
 * index.c.
 *
 * The walk reads directories on one thread (ignore rules apply in order),
 * but the lstat of each kept symlink (or entry readdir gives no type for)
 * costs a name lookup in the kernel and is independent of every other: a
 * pool does those on other threads while the walk goes on. (Regular
 * files are not stat'ed by the walk at all: index.h, rc_entry_size().)
 *
 * Contract:
 * - rc_stat_pool_add() queues an lstat (fstatat with AT_SYMLINK_NOFOLLOW)
 *   of name relative to the directory dfd. The pool keeps its own
 *   duplicate of dfd, so the caller may close dfd once it has called
 *   rc_stat_pool_flush(); name must stay valid until rc_stat_pool_finish()
 *   returns. Queue the names of one directory, then flush, then the next
 *   directory.
 * - rc_stat_pool_finish() waits for every queued lstat and calls fn with
 *   each result, in the order they were queued. Results are those of the
 *   same lstat made on the calling thread: only when they are made
 *   differs.
 * - At most a bounded number of queued batches (and so of duplicated
 *   descriptors) exist at once: when more wait, the caller takes one.
 * - One thread (the walk's) calls add, flush and finish; with 0 threads
 *   the calling thread does all of them.
 */
#ifndef READYCHECK_STATPOOL_H
#define READYCHECK_STATPOOL_H

#include <stddef.h>
#include <stdint.h>

struct rc_stat_result {
  size_t tag;    /* as given to rc_stat_pool_add() */
  int err;       /* 0, or the errno of a failed lstat */
  unsigned mode; /* st_mode when err is 0 */
  uint64_t size; /* st_size when err is 0 */
};

struct rc_stat_pool;

/* threads: threads besides the caller (at most 8 are started). */
struct rc_stat_pool *rc_stat_pool_new(unsigned threads);
void rc_stat_pool_free(struct rc_stat_pool *p);

void rc_stat_pool_add(struct rc_stat_pool *p, int dfd, const char *name,
                      size_t tag);
/* Ends the batch of the directory queued so far. */
void rc_stat_pool_flush(struct rc_stat_pool *p);
/* Waits for everything queued, then calls fn(result, arg) for each, in
 * queue order, on the calling thread. Nothing may be queued afterwards. */
void rc_stat_pool_finish(struct rc_stat_pool *p,
                         void (*fn)(const struct rc_stat_result *r, void *arg),
                         void *arg);

#endif
