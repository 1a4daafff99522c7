/*
 * index.c - one walk of the repository, shared by every file probe.
 *
 * Walks the root once with openat/fstatat (never following symlinks, never
 * entering .git), applies .gitignore rules and git's tracked list, and keeps
 * sorted entries whose paths live in one arena. File bytes are read lazily
 * and cached. Git file formats and ignore rules are git.c's business; glob
 * syntax is glob.c's.
 *
 * This file: the index's life (build, free) and its accessors. The walk
 * is index_walk.c (its order index_order.c), glob answers index_glob.c,
 * reading files and the read cache index_read.c, paths named by the user
 * and the walk's gaps index_path.c; index_parts.h is what they share.
 */
/* realpath() is an XSI extension of POSIX; readdir's d_type (DT_*) is a
 * BSD one that glibc, musl and the BSDs all have. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "readycheck/index.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readycheck/doccache.h"
#include "readycheck/git.h"
#include "readycheck/mem.h"

#include "index_parts.h"

enum { DEFAULT_CACHE_BYTES = 16 * 1024 * 1024 };

/* First of the n sorted entries whose path's first keylen bytes are >= key
 * (keylen may include key's NUL for an exact search). */
size_t ix_lower_bound(const struct rc_entry *v, size_t n, const char *key,
                      size_t keylen)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strncmp(v[mid].path, key, keylen) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Entry with this path among the first n (sorted) entries, or NULL. */
const struct rc_entry *ix_find_in(const struct rc_entry *v, size_t n,
                                  const char *path)
{
  size_t i = ix_lower_bound(v, n, path, strlen(path) + 1);
  return i < n && strcmp(v[i].path, path) == 0 ? &v[i] : NULL;
}

static char *trim_root(const char *root)
{
  size_t len = strlen(root);
  while (len > 1 && root[len - 1] == '/')
    len--;
  return rc_xstrndup(root, len);
}

int rc_index_build(struct rc_index **out, const char *root,
                   const struct rc_index_opts *opts, struct rc_diag *d)
{
  *out = NULL;
  struct rc_index *idx = rc_xcalloc(1, sizeof(*idx));
  idx->root = trim_root(root);
  idx->arena = rc_arena_new();
  idx->docs = rc_doc_cache_new(0);
  idx->root_fd = open(idx->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (idx->root_fd < 0 || !(idx->real_root = realpath(idx->root, NULL))) {
    rc_error(d, NULL, "cannot open directory '%s': %s", idx->root,
             strerror(errno));
    rc_index_free(idx);
    return -1;
  }
  idx->git = rc_git_open(idx->root);
  if (ix_walk_root(idx, opts, d) != 0) {
    rc_index_free(idx);
    return -1;
  }
  if (idx->git)
    rc_git_drop_tracked(idx->git); /* entries say what is tracked now */
  idx->cache_max =
      opts && opts->cache_bytes ? opts->cache_bytes : DEFAULT_CACHE_BYTES;
  idx->loads = rc_xcalloc(idx->n ? idx->n : 1, sizeof(*idx->loads));
  idx->stat_state = rc_xcalloc(idx->n ? idx->n : 1, sizeof(*idx->stat_state));
  idx->near = rc_xcalloc(1, sizeof(*idx->near));
  pthread_mutex_init(&idx->near->lock, NULL);
  idx->near->dir = rc_index_dir_new();
  for (size_t i = 0; i < idx->n; i++)
    if (idx->entries[i].stat_size == UNKNOWN_SIZE) {
      idx->entries[i].stat_size = 0;
      atomic_init(&idx->stat_state[i], STAT_UNKNOWN);
    }
  *out = idx;
  return 0;
}

void rc_index_free(struct rc_index *idx)
{
  if (!idx)
    return;
  rc_doc_cache_free(idx->docs);
  for (size_t i = 0; i < idx->n_pool; i++)
    free(idx->pool[i].data);
  for (size_t i = 0; i < idx->n_paths; i++) {
    free(idx->paths[i].path);
    free(idx->paths[i].data);
  }
  if (idx->root_fd >= 0)
    close(idx->root_fd);
  rc_git_free(idx->git);
  for (size_t i = 0; i < idx->n_memo; i++) {
    free(idx->memo[i].glob);
    free(idx->memo[i].hits);
    free(idx->memo[i].bits);
  }
  free(idx->memo);
  free(idx->memo_slots);
  ix_groups_release(&idx->names);
  ix_groups_release(&idx->exts);
  rc_arena_free(idx->arena);
  free(idx->cache_of);
  free(idx->pool);
  free(idx->pins);
  free((void *)idx->loads);
  free((void *)idx->stat_state);
  if (idx->near) {
    rc_index_dir_free(idx->near->dir);
    pthread_mutex_destroy(&idx->near->lock);
    free(idx->near);
  }
  free(idx->skips);
  free(idx->paths);
  free(idx->entries);
  free(idx->real_root);
  free(idx->root);
  free(idx);
}

const char *rc_index_root(const struct rc_index *idx)
{
  return idx->root;
}

size_t rc_index_count(const struct rc_index *idx)
{
  return idx->n;
}

bool rc_index_has_files(const struct rc_index *idx)
{
  for (size_t i = 0; i < idx->n; i++)
    if (idx->entries[i].kind != RC_ENTRY_DIR)
      return true;
  return false;
}

const struct rc_entry *rc_index_at(const struct rc_index *idx, size_t i)
{
  return i < idx->n ? &idx->entries[i] : NULL;
}

const struct rc_entry *rc_index_find(const struct rc_index *idx,
                                     const char *path)
{
  if (!path) /* a name the caller could not make (rc_path_join's NULL) */
    return NULL;
  const struct rc_entry *e = ix_find_in(idx->entries, idx->n, path);
  if (!e)
    ix_watch_gap(idx, path);
  return e;
}

struct rc_doc_cache *rc_index_docs(struct rc_index *idx)
{
  return idx ? idx->docs : NULL;
}

const char *rc_index_git_commit(const struct rc_index *idx)
{
  return idx->git ? idx->git->commit : NULL;
}

const char *rc_index_git_branch(const struct rc_index *idx)
{
  return idx->git ? idx->git->branch : NULL;
}

const char *rc_index_git_origin(const struct rc_index *idx)
{
  return idx->git ? idx->git->origin : NULL;
}

bool rc_index_is_git(const struct rc_index *idx)
{
  return idx->git != NULL;
}
