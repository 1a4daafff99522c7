/*
 * index_parts.h - internal to src/repo: what the index's files share -
 * struct rc_index itself, the walk's state, the read cache's records, the
 * limits, and the functions they call in each other, named ix_ (index).
 * index.c builds and frees the index and answers its accessors;
 * index_walk.c walks the root (index_order.c sorts what it found);
 * index_glob.c answers globs; index_read.c reads entries through the read
 * cache; index_path.c resolves paths named by the user and keeps the
 * walk's gaps.
 */
#ifndef READYCHECK_REPO_INDEX_PARTS_H
#define READYCHECK_REPO_INDEX_PARTS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "readycheck/buf.h"
#include "readycheck/git.h"
#include "readycheck/index.h"

/* The bytes of a .gitignore or info/exclude file read (the walk's and
 * rc_index_path_ignored()'s); each file's other limits are its own. */
enum { MAX_IGNORE_FILE = 1024 * 1024 };

/* A file's bytes in the read cache. Records are pooled and reused: a
 * repository of many files costs a word per entry, not a record. */
struct cached {
  char *data; /* NULL for a free record */
  size_t len;
  uint32_t entry;      /* its index entry */
  uint32_t prev, next; /* unpinned files, least recently used first (or
                          the free list): record index + 1, 0 = none */
  bool pinned;         /* returned since the last rc_index_unpin() */
};

struct cached_path {
  char *path;
  char *data;
  size_t len;
};

/* One glob's matches, of every kind, in path order: entry indexes, or a
 * bit per entry when that is smaller (globs such as "**" match most). */
struct glob_memo {
  char *glob;
  uint32_t *hits; /* NULL when bits is used */
  uint64_t *bits;
  size_t n;
};

/* Strings grouped with the items that bear them: the distinct entry names
 * with their entries, or the distinct extensions with their names. Items
 * of group g are items[first .. first + count), in the order added. */
struct group {
  const char *key;
  uint32_t len, first, count;
};

struct groups {
  struct group *v;
  size_t n;
  uint32_t *slots; /* open addressing: group index + 1, 0 = empty */
  size_t mask;
  uint32_t *items;
};

struct rc_index {
  char *root;            /* as given, without trailing '/' */
  struct rc_skip *skips; /* paths the walk could not look into, by path */
  size_t n_skips, cap_skips;
  const struct rc_skip *watched; /* first gap a query met since
                                    rc_index_watch() */
  char *real_root;               /* realpath(root) */
  int root_fd;
  struct rc_arena *arena; /* entry paths */
  struct rc_entry *entries;
  size_t n, cap;
  uint32_t *cache_of;  /* per entry: its record + 1, 0 = not cached;
                          allocated on first read */
  struct cached *pool; /* cache records */
  size_t n_pool, cap_pool;
  uint32_t free_ref;   /* free records, chained by next */
  size_t cache_max;    /* bytes of unpinned files kept */
  size_t cached_bytes; /* bytes of all cached files */
  uint32_t lru_head, lru_tail;
  uint32_t *pins; /* entry index + 1 of the files pinned now */
  size_t n_pins, cap_pins;
  _Atomic unsigned *loads; /* per entry: times read from disk */
  /* per entry: whether a regular file's mode and size are known yet
   * (enum stat_state); see rc_entry_size() */
  _Atomic unsigned char *stat_state;
  /* the directory of the last late stat or cached read, kept open so the
   * next file of it is looked up by its name alone (the model reads and
   * asks in path order); any thread, under its lock */
  struct near_dir *near;
  _Atomic size_t path_loads; /* explicit paths read from disk */
  struct cached_path *paths;
  size_t n_paths, cap_paths;
  struct rc_git *git;     /* NULL when not a checkout */
  struct glob_memo *memo; /* globs already answered, see rc_index_glob() */
  size_t n_memo, cap_memo;
  uint32_t *memo_slots; /* hash of memo globs: index + 1, 0 = empty */
  size_t memo_mask;
  bool have_names;     /* names and exts are built (on first need) */
  struct groups names; /* entry name -> entries */
  struct groups exts;  /* text after a name's last '.' -> names */
  /* files parsed, lent to every reader (doccache.h) */
  struct rc_doc_cache *docs;
};

/* A regular file's mode and size are read on first need, not by the walk:
 * most often from the scan's fstat of the file it opened anyway, so the
 * kernel looks its name up once in a run, not twice. */
enum stat_state {
  STAT_KNOWN,   /* stat_mode and stat_size hold the answer */
  STAT_UNKNOWN, /* not stat'ed yet */
  STAT_BUSY,    /* one thread is writing them */
};

/* stat_size of a regular file the walk did not stat (until the build
 * ends; the state array says so afterwards). */
static const uint64_t UNKNOWN_SIZE = UINT64_MAX;

struct near_dir {
  pthread_mutex_t lock;
  struct rc_index_dir *dir;
};

/* The root's place in struct block's dir. */
static const size_t NO_ENTRY = SIZE_MAX;

struct walk {
  struct rc_index *idx;
  struct rc_ignore *ignore; /* NULL with no_gitignore */
  size_t max_entries;
  struct rc_buf path; /* directory being walked, repo-relative */
  struct rc_diag *d;
  struct rc_stat_pool *stats; /* NULL: files are stat'ed as they come */
  bool dropped;               /* a stat of the pool removed an entry */
  /* Each directory read: its entry (NO_ENTRY for the root) and the block
   * of entries its children were added as, for ix_sort_walked(). */
  struct block *blocks;
  size_t n_blocks, cap_blocks;
  size_t self; /* the entry of the directory walk_dir() is about to read */
};

struct block {
  size_t dir, first, last;
};

struct rc_index_dir {
  const struct rc_index *idx;
  char *path; /* relative to the root, without the final '/' */
  size_t len, cap;
  int fd; /* -1: not open (could not be: files are opened by path) */
};

void ix_add_skip(struct rc_index *idx, enum rc_skip_kind kind, const char *path,
                 const char *reason);

/* First of the n sorted entries whose path's first keylen bytes are >= key
 * (keylen may include key's NUL for an exact search). */
size_t ix_lower_bound(const struct rc_entry *v, size_t n, const char *key,
                      size_t keylen);

/* Entry with this path among the first n (sorted) entries, or NULL. */
const struct rc_entry *ix_find_in(const struct rc_entry *v, size_t n,
                                  const char *path);

/* Sorts the walked entries by path from the blocks the walk recorded;
 * false (nothing changed) when they do not cover every entry once. */
bool ix_sort_walked(struct walk *w);

int ix_walk_root(struct rc_index *idx, const struct rc_index_opts *opts,
                 struct rc_diag *d);

void ix_groups_release(struct groups *t);

void ix_set_err(char *err, size_t errlen, const char *msg);

/* st (if not NULL) gets the open file's fstat, or a zero st_mode. */
int ix_open_read(int dfd, const char *path, struct rc_buf *out, struct stat *st,
                 char *err, size_t errlen);

/* A symlink is an entry, never followed by the walk; one that cannot
 * stand for anything in the repository (a loop, dangling, or pointing
 * outside) is noted, so reports can say what was left out. */
void ix_note_symlink(struct rc_index *idx, const char *rel);

int ix_cmp_skip(const void *a, const void *b);

/* Queries take a const index; the watch is bookkeeping beside the data,
 * like the glob memo. */
void ix_watch_gap(const struct rc_index *cidx, const char *glob);

/* Reads an explicit path as rc_index_read_path() does, into out; no
 * watching, no cache. Any thread. */
int ix_load_path(const struct rc_index *idx, const char *relpath,
                 struct rc_buf *out, char *err, size_t errlen);

#endif
