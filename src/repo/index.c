/*
 * index.c - one walk of the repository, shared by every file probe.
 *
 * Walks the root once with openat/fstatat (never following symlinks, never
 * entering .git), applies .gitignore rules and git's tracked list, and keeps
 * sorted entries whose paths live in one arena. File bytes are read lazily
 * and cached. Git file formats and ignore rules are git.c's business; glob
 * syntax is glob.c's.
 */
/* realpath() is an XSI extension of POSIX; readdir's d_type (DT_*) is a
 * BSD one that glibc, musl and the BSDs all have. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE

#include "readycheck/index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/doccache.h"
#include "readycheck/git.h"
#include "readycheck/glob.h"
#include "readycheck/mem.h"
#include "readycheck/statpool.h"

enum {
  DEFAULT_MAX_ENTRIES = 2000000,
  DEFAULT_CACHE_BYTES = 16 * 1024 * 1024,
  MAX_DEPTH = 256,
  MAX_IGNORE_FILE = 1024 * 1024,
  MAX_READ = 32 * 1024 * 1024,
  BINARY_SNIFF = 8192,
};

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

struct walk {
  struct rc_index *idx;
  struct rc_ignore *ignore; /* NULL with no_gitignore */
  size_t max_entries;
  struct rc_buf path; /* directory being walked, repo-relative */
  struct rc_diag *d;
  struct rc_stat_pool *stats; /* NULL: files are stat'ed as they come */
  bool dropped;               /* a stat of the pool removed an entry */
  /* Each directory read: its entry (NO_ENTRY for the root) and the block
   * of entries its children were added as, for sort_walked(). */
  struct block *blocks;
  size_t n_blocks, cap_blocks;
  size_t self; /* the entry of the directory walk_dir() is about to read */
};

struct block {
  size_t dir, first, last;
};

static const size_t NO_ENTRY = SIZE_MAX;

static int too_many(struct walk *w)
{
  return rc_error(w->d, NULL, "more than %zu files and directories under '%s'",
                  w->max_entries, w->idx->root);
}

static struct rc_entry *add_entry(struct walk *w, const char *path, size_t len,
                                  const struct stat *st)
{
  struct rc_index *idx = w->idx;
  if (idx->n >= w->max_entries)
    return NULL;
  rc_grow((void **)&idx->entries, &idx->cap, idx->n, sizeof(*idx->entries));
  struct rc_entry *e = &idx->entries[idx->n++];
  char *p = rc_arena_strndup(idx->arena, path, len);
  const char *slash = strrchr(p, '/');
  e->path = p;
  e->name = slash ? slash + 1 : p;
  e->kind = S_ISDIR(st->st_mode)   ? RC_ENTRY_DIR
            : S_ISLNK(st->st_mode) ? RC_ENTRY_SYMLINK
                                   : RC_ENTRY_FILE;
  e->stat_mode = (unsigned)st->st_mode;
  e->stat_size = (uint64_t)st->st_size;
  e->tracked = false;
  return e;
}

static bool indexable(const struct stat *st)
{
  return S_ISREG(st->st_mode) || S_ISDIR(st->st_mode) || S_ISLNK(st->st_mode);
}

static void load_ignore_file(struct walk *w, int dfd, const char *base)
{
  struct rc_buf text;
  rc_buf_init(&text);
  if (rc_git_slurp_at(dfd, ".gitignore", MAX_IGNORE_FILE, &text) == 0)
    rc_ignore_add(w->ignore, base, text.data, text.len);
  rc_buf_release(&text);
}

/* Decides whether the walk keeps rel; marks tracked entries. */
static bool keep(struct walk *w, const char *rel, const char *name, bool is_dir,
                 struct rc_git_tracked **tracked)
{
  *tracked = NULL;
  if (w->idx->git && !is_dir)
    *tracked = rc_git_find(w->idx->git, rel);
  if (*tracked)
    return true;
  return !w->ignore || !rc_ignore_match(w->ignore, rel, name, is_dir);
}

/* What a directory entry is, from readdir's type when the file system
 * gives one: directories need no stat (nothing reads their mode or size),
 * regular files none now (their mode and size are read on first need,
 * rc_entry_size()), symlinks are stat'ed once kept (the walk resolves
 * them). Returns false for what is never an entry. */
static bool entry_type(const struct dirent *de, bool *is_dir, bool *need_stat)
{
  *need_stat = true;
  switch (de->d_type) {
  case DT_DIR:
    *is_dir = true;
    *need_stat = false;
    return true;
  case DT_REG:
    *is_dir = false;
    *need_stat = false;
    return true;
  case DT_LNK:
    *is_dir = false;
    return true;
  case DT_UNKNOWN:
    *is_dir = false; /* decided by the stat */
    return true;
  default:
    return false; /* FIFO, socket, device */
  }
}

static int walk_dir(struct walk *w, int dfd, unsigned depth);
static void groups_release(struct groups *t);
static void note_symlink(struct rc_index *idx, const char *rel);
static void watch_gap(const struct rc_index *cidx, const char *glob);

/* Errors name the directory as the user knows it: root/relative. */
static int dir_error(struct walk *w, const char *what, int err)
{
  return rc_error(w->d, NULL, "%s '%s%s%s': %s", what, w->idx->root,
                  w->path.len ? "/" : "", w->path.data, strerror(err));
}

static void add_skip(struct rc_index *idx, enum rc_skip_kind kind,
                     const char *path, const char *reason)
{
  rc_grow((void **)&idx->skips, &idx->cap_skips, idx->n_skips,
          sizeof(*idx->skips));
  idx->skips[idx->n_skips++] =
      (struct rc_skip){rc_arena_strdup(idx->arena, path),
                       rc_arena_strdup(idx->arena, reason), kind};
}

/* A directory below the root that cannot be read does not end the walk:
 * it is noted once (with the OS reason) and the walk goes on; queries that
 * could reach into it then report the gap (rc_index_gap). The root itself
 * stays an error: there would be nothing to check. */
static int dir_unreadable(struct walk *w, const char *what, int err)
{
  if (!w->path.len)
    return dir_error(w, what, err);
  add_skip(w->idx, RC_SKIP_DIR, w->path.data, strerror(err));
  rc_warning(w->d, NULL,
             "%s '%s/%s': %s (skipped; rules that look inside it are "
             "ERROR; add it to .gitignore if it is not part of the project)",
             what, w->idx->root, w->path.data, strerror(err));
  return 0;
}

/* Adds the entries of dir (whose path is w->path), then recurses into its
 * subdirectories. The caller closes dir. */
static int walk_entries(struct walk *w, DIR *dir, unsigned depth)
{
  struct rc_index *idx = w->idx;
  size_t first = idx->n, base_len = w->path.len, self = w->self;
  for (;;) {
    errno = 0;
    struct dirent *de = readdir(dir);
    if (!de)
      break;
    const char *name = de->d_name;
    if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".git"))
      continue;
    struct stat st = {.st_mode = S_IFDIR};
    bool is_dir, need_stat;
    if (!entry_type(de, &is_dir, &need_stat))
      continue;
    if (de->d_type == DT_UNKNOWN) {
      if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
          !indexable(&st))
        continue;
      is_dir = S_ISDIR(st.st_mode);
      need_stat = false;
    }
    if (base_len)
      rc_buf_putc(&w->path, '/');
    rc_buf_puts(&w->path, name);
    struct rc_git_tracked *t;
    bool kept = keep(w, w->path.data, name, is_dir, &t);
    /* With a pool the stat comes later (apply_stats()): until then the
     * entry has readdir's type and no size. */
    bool later = kept && need_stat && w->stats;
    /* A regular file is not stat'ed at all: its mode and size are read
     * on first need (rc_entry_size()). */
    bool lazy = de->d_type == DT_REG;
    if (lazy)
      st.st_mode = S_IFREG;
    else if (later)
      st.st_mode = de->d_type == DT_LNK ? S_IFLNK : S_IFREG;
    else if (kept && need_stat &&
             (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
              !indexable(&st) || S_ISDIR(st.st_mode) != is_dir))
      kept = false; /* gone, or changed type since readdir */
    if (kept) {
      struct rc_entry *e = add_entry(w, w->path.data, w->path.len, &st);
      if (!e)
        return too_many(w);
      if (lazy)
        e->stat_size = UNKNOWN_SIZE;
      else if (later)
        rc_stat_pool_add(w->stats, dirfd(dir), e->name, idx->n - 1);
      else if (S_ISLNK(st.st_mode))
        note_symlink(idx, w->path.data);
      if (t) {
        e->tracked = true;
        e->stat_mode = t->mode;
        t->seen = true;
      }
    }
    w->path.len = base_len;
    w->path.data[base_len] = '\0';
  }
  int read_err = errno;
  if (w->stats)
    rc_stat_pool_flush(w->stats);
  if (read_err && dir_unreadable(w, "cannot read directory", read_err) != 0)
    return -1;
  /* This directory's entries are idx->entries[first, last): the children
   * were appended in one go, so recursion can find them by index. */
  size_t last = idx->n;
  rc_grow((void **)&w->blocks, &w->cap_blocks, w->n_blocks, sizeof(*w->blocks));
  w->blocks[w->n_blocks++] = (struct block){self, first, last};
  for (size_t i = first; i < last; i++) {
    if (idx->entries[i].kind != RC_ENTRY_DIR)
      continue;
    const char *name = idx->entries[i].name;
    rc_buf_puts(&w->path, idx->entries[i].path + base_len);
    int fd = openat(dirfd(dir), name,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    w->self = i;
    int rc = fd < 0 ? dir_unreadable(w, "cannot open directory", errno)
                    : walk_dir(w, fd, depth + 1);
    w->path.len = base_len;
    w->path.data[base_len] = '\0';
    if (rc)
      return rc;
  }
  return 0;
}

static int walk_dir(struct walk *w, int dfd, unsigned depth)
{
  if (depth > MAX_DEPTH) {
    close(dfd);
    return rc_error(w->d, NULL,
                    "directories nested more than %d deep at '%s/%s'",
                    MAX_DEPTH, w->idx->root, w->path.data);
  }
  /* Paths of the children are built by appending to w->path; callers
   * truncate it back, so it always holds this directory's path here. */
  size_t mark = 0;
  if (w->ignore) {
    mark = rc_ignore_mark(w->ignore);
    load_ignore_file(w, dfd, w->path.data);
  }
  DIR *dir = fdopendir(dfd);
  int rc;
  if (!dir) {
    rc = dir_unreadable(w, "cannot read directory", errno);
    close(dfd);
  } else {
    rc = walk_entries(w, dir, depth);
    closedir(dir);
  }
  if (w->ignore)
    rc_ignore_pop(w->ignore, mark);
  return rc;
}

/* First of the n sorted entries whose path's first keylen bytes are >= key
 * (keylen may include key's NUL for an exact search). */
static size_t lower_bound(const struct rc_entry *v, size_t n, const char *key,
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

static int cmp_entry(const void *a, const void *b)
{
  return strcmp(((const struct rc_entry *)a)->path,
                ((const struct rc_entry *)b)->path);
}

/* lstat of a repo-relative path without following a symlink anywhere on
 * the way: every directory is opened with O_NOFOLLOW. */
static int lstat_beneath(int root_fd, const char *rel, struct stat *st)
{
  int dfd = dup(root_fd);
  if (dfd < 0)
    return -1;
  const char *p = rel;
  for (const char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
    char *seg = rc_xstrndup(p, (size_t)(slash - p));
    int fd = openat(dfd, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    free(seg);
    close(dfd);
    if (fd < 0)
      return -1;
    dfd = fd;
  }
  int rc = fstatat(dfd, p, st, AT_SYMLINK_NOFOLLOW);
  close(dfd);
  return rc;
}

/* Entry with this path among the first n (sorted) entries, or NULL. */
static const struct rc_entry *find_in(const struct rc_entry *v, size_t n,
                                      const char *path)
{
  size_t i = lower_bound(v, n, path, strlen(path) + 1);
  return i < n && strcmp(v[i].path, path) == 0 ? &v[i] : NULL;
}

/* Adds ancestors of path missing from the walked (sorted) entries: they
 * were ignored directories. Paths under one directory are contiguous in
 * sorted order, so ancestors shared with prev were added already. */
static int add_parents(struct walk *w, const char *path, const char *prev,
                       size_t walked)
{
  for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
    size_t len = (size_t)(s - path);
    if (prev && strncmp(prev, path, len) == 0 && prev[len] == '/')
      continue;
    char *dir = rc_xstrndup(path, len);
    struct stat st;
    int rc = 0;
    if (!find_in(w->idx->entries, walked, dir) &&
        lstat_beneath(w->idx->root_fd, dir, &st) == 0 && S_ISDIR(st.st_mode) &&
        !add_entry(w, dir, len, &st))
      rc = too_many(w);
    free(dir);
    if (rc)
      return rc;
  }
  return 0;
}

/* Tracked files inside ignored directories were not walked: git still
 * considers them part of the checkout, so add those present on disk.
 * Expects the walked entries sorted; leaves them unsorted. */
static int add_unseen_tracked(struct walk *w)
{
  struct rc_git *g = w->idx->git;
  size_t walked = w->idx->n;
  const char *prev = NULL;
  for (size_t i = 0; i < g->n_tracked; i++) {
    struct rc_git_tracked *t = &g->tracked[i];
    struct stat st;
    if (t->seen || lstat_beneath(w->idx->root_fd, t->path, &st) != 0 ||
        S_ISDIR(st.st_mode) || !indexable(&st))
      continue;
    struct rc_entry *e = add_entry(w, t->path, strlen(t->path), &st);
    if (!e)
      return too_many(w);
    e->tracked = true;
    e->stat_mode = t->mode;
    t->seen = true;
    if (add_parents(w, t->path, prev, walked) != 0)
      return -1;
    prev = t->path;
  }
  return 0;
}

/* Sorts, dropping repeated paths (belt and braces for add_parents). */
static void sort_unique(struct rc_index *idx)
{
  qsort(idx->entries, idx->n, sizeof(*idx->entries), cmp_entry);
  size_t out = 0;
  for (size_t i = 0; i < idx->n; i++)
    if (out == 0 || strcmp(idx->entries[out - 1].path, idx->entries[i].path))
      idx->entries[out++] = idx->entries[i];
  idx->n = out;
}

static void load_exclude(struct walk *w)
{
  struct rc_git *g = w->idx->git;
  if (!g || !w->ignore)
    return;
  struct rc_buf path, text;
  rc_buf_init(&path);
  rc_buf_init(&text);
  rc_buf_printf(&path, "%s/info/exclude", g->common_dir);
  if (rc_git_slurp_at(AT_FDCWD, path.data, MAX_IGNORE_FILE, &text) == 0)
    rc_ignore_add(w->ignore, "", text.data, text.len);
  rc_buf_release(&path);
  rc_buf_release(&text);
}

static int cmp_skip(const void *a, const void *b);

/* A stat the pool made, applied as the walk applies its own: a file
 * gone, or turned into a directory, since readdir is no entry after all
 * (its path is cleared here, the entry removed by apply_stats()). */
static void apply_stat(const struct rc_stat_result *r, void *arg)
{
  struct walk *w = arg;
  struct rc_index *idx = w->idx;
  struct rc_entry *e = &idx->entries[r->tag];
  struct stat st = {.st_mode = (mode_t)r->mode};
  if (r->err || !indexable(&st) || S_ISDIR(st.st_mode)) {
    struct rc_git_tracked *t =
        e->tracked ? rc_git_find(idx->git, e->path) : NULL;
    if (t)
      t->seen = false;
    e->path = NULL;
    w->dropped = true;
    return;
  }
  e->kind = S_ISLNK(st.st_mode) ? RC_ENTRY_SYMLINK : RC_ENTRY_FILE;
  if (!e->tracked)
    e->stat_mode = r->mode;
  e->stat_size = r->size;
  if (S_ISLNK(st.st_mode))
    note_symlink(idx, e->path);
}

static void apply_stats(struct walk *w)
{
  struct rc_index *idx = w->idx;
  rc_stat_pool_finish(w->stats, apply_stat, w);
  if (!w->dropped)
    return;
  size_t out = 0;
  for (size_t i = 0; i < idx->n; i++)
    if (idx->entries[i].path)
      idx->entries[out++] = idx->entries[i];
  idx->n = out;
}

/* ---- the walk's order ----
 *
 * Entries are sorted by path, byte by byte. A whole-path sort compares
 * long shared prefixes over and over; instead each directory's entries
 * are sorted by name alone and the directories' blocks put together.
 * Within a directory P, a child's path is P/name and every path below a
 * subdirectory d is P/d/...: names hold no '/', so "d/..." compares with
 * a sibling name as "d/" does. Sorting the names with one more item per
 * subdirectory, "d/", where its subtree goes, gives the byte order. */

struct item {
  const char *name;
  size_t len;
  size_t entry;
  bool subtree; /* stands for the entries below entry, as name + "/" */
};

static int item_byte(const struct item *t, size_t k)
{
  if (k < t->len)
    return (unsigned char)t->name[k];
  return k == t->len && t->subtree ? '/' : -1;
}

static int cmp_item(const void *a, const void *b)
{
  const struct item *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->name, y->name, n);
  if (c)
    return c;
  int cx = item_byte(x, n), cy = item_byte(y, n);
  return (cx > cy) - (cx < cy);
}

struct sorter {
  const struct rc_entry *in;
  struct rc_entry *out;
  size_t n_out;
  const size_t *kids; /* per entry: its block + 1, 0 = none */
  const struct block *blocks;
};

static void emit_block(struct sorter *s, const struct block *b)
{
  size_t n = b->last - b->first, m = 0;
  struct item *items = rc_xcalloc(2 * n + 1, sizeof(*items));
  for (size_t i = b->first; i < b->last; i++) {
    const struct rc_entry *e = &s->in[i];
    items[m++] = (struct item){e->name, strlen(e->name), i, false};
    if (s->kids[i])
      items[m++] = (struct item){e->name, strlen(e->name), i, true};
  }
  qsort(items, m, sizeof(*items), cmp_item);
  for (size_t k = 0; k < m; k++)
    if (!items[k].subtree)
      s->out[s->n_out++] = s->in[items[k].entry];
    else
      emit_block(s, &s->blocks[s->kids[items[k].entry] - 1]);
  free(items);
}

/* Sorts the walked entries by path from the blocks the walk recorded;
 * false (nothing changed) when they do not cover every entry once. */
static bool sort_walked(struct walk *w)
{
  struct rc_index *idx = w->idx;
  if (!w->n_blocks || w->blocks[0].dir != NO_ENTRY)
    return false; /* the root's block comes first */
  size_t *kids = rc_xcalloc(idx->n ? idx->n : 1, sizeof(*kids));
  size_t covered = 0;
  bool ok = true;
  for (size_t b = 0; b < w->n_blocks; b++) {
    const struct block *k = &w->blocks[b];
    covered += k->last - k->first;
    if (k->dir == NO_ENTRY)
      ok = ok && b == 0;
    else if (k->dir >= idx->n || kids[k->dir])
      ok = false;
    else
      kids[k->dir] = b + 1;
  }
  if (!ok || covered != idx->n) {
    free(kids);
    return false;
  }
  struct sorter s = {.in = idx->entries,
                     .out = rc_xcalloc(idx->n ? idx->n : 1, sizeof(*s.out)),
                     .kids = kids,
                     .blocks = w->blocks};
  emit_block(&s, &w->blocks[0]);
  free(kids);
  if (s.n_out != idx->n) {
    free(s.out);
    return false;
  }
  free(idx->entries);
  idx->entries = s.out;
  idx->cap = idx->n ? idx->n : 1;
  return true;
}

static int walk_root(struct rc_index *idx, const struct rc_index_opts *opts,
                     struct rc_diag *d)
{
  struct walk w = {.idx = idx, .d = d, .self = NO_ENTRY};
  w.max_entries =
      opts && opts->max_entries ? opts->max_entries : DEFAULT_MAX_ENTRIES;
  if (!opts || !opts->no_gitignore)
    w.ignore = rc_ignore_new();
  if (opts && opts->jobs > 1)
    w.stats = rc_stat_pool_new(opts->jobs - 1);
  rc_buf_init(&w.path);
  load_exclude(&w);
  int fd = dup(idx->root_fd);
  int rc = fd < 0 ? rc_error(d, NULL, "cannot read directory '%s': %s",
                             idx->root, strerror(errno))
                  : walk_dir(&w, fd, 0);
  if (rc == 0 && w.stats)
    apply_stats(&w);
  rc_stat_pool_free(w.stats);
  /* (a stat of the pool that dropped an entry moved the blocks) */
  if (rc == 0 && idx->n > 1 && (w.dropped || !sort_walked(&w)))
    qsort(idx->entries, idx->n, sizeof(*idx->entries), cmp_entry);
  free(w.blocks);
  if (rc == 0 && idx->git && idx->git->n_tracked) {
    size_t walked = idx->n;
    rc = add_unseen_tracked(&w);
    if (rc == 0 && idx->n > walked)
      sort_unique(idx);
  }
  if (rc == 0 && idx->n_skips > 1)
    qsort(idx->skips, idx->n_skips, sizeof(*idx->skips), cmp_skip);
  rc_buf_release(&w.path);
  rc_ignore_free(w.ignore);
  return rc;
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
  if (walk_root(idx, opts, d) != 0) {
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
  groups_release(&idx->names);
  groups_release(&idx->exts);
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

static bool own_entry(const struct rc_index *idx, const struct rc_entry *e)
{
  return idx->n && e >= idx->entries && e < idx->entries + idx->n;
}

/* Whether e's mode and size are in its fields (always, but for a regular
 * file nobody has asked about yet). Any thread. */
static bool stat_known(const struct rc_index *idx, const struct rc_entry *e)
{
  return !own_entry(idx, e) || !idx->stat_state ||
         atomic_load_explicit(&idx->stat_state[e - idx->entries],
                              memory_order_acquire) == STAT_KNOWN;
}

/* Writes st into e's fields once, whichever thread comes first; a thread
 * that finds another writing keeps its own answer (the same file's). */
static void remember_stat(const struct rc_index *idx, const struct rc_entry *e,
                          const struct stat *st)
{
  if (!own_entry(idx, e) || !idx->stat_state)
    return;
  _Atomic unsigned char *state = &idx->stat_state[e - idx->entries];
  unsigned char expect = STAT_UNKNOWN;
  if (!atomic_compare_exchange_strong_explicit(state, &expect, STAT_BUSY,
                                               memory_order_acquire,
                                               memory_order_relaxed))
    return;
  /* The entries are the index's own memory; no reader looks at these
   * fields before the state says they are written. */
  struct rc_entry *w = &idx->entries[e - idx->entries];
  if (!w->tracked)
    w->stat_mode = (unsigned)st->st_mode;
  w->stat_size = (uint64_t)st->st_size;
  atomic_store_explicit(state, STAT_KNOWN, memory_order_release);
}

static int dir_of(const struct rc_index *idx, const struct rc_entry *e,
                  struct rc_index_dir *d, const char **name);

/* The lstat the walk did not make. A file gone since the walk reads as
 * an empty regular file with no permissions (the walk would have left it
 * out, had it been gone then; the open that reads it says it is gone). */
static void late_stat(const struct rc_index *idx, const struct rc_entry *e,
                      struct stat *st)
{
  pthread_mutex_lock(&idx->near->lock);
  const char *name;
  int dfd = dir_of(idx, e, idx->near->dir, &name);
  int rc = fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW);
  pthread_mutex_unlock(&idx->near->lock);
  if (rc != 0)
    *st = (struct stat){.st_mode = S_IFREG};
  remember_stat(idx, e, st);
}

unsigned rc_entry_mode(const struct rc_index *idx, const struct rc_entry *e)
{
  if (e->tracked || stat_known(idx, e))
    return e->stat_mode;
  struct stat st;
  late_stat(idx, e, &st);
  return (unsigned)st.st_mode;
}

uint64_t rc_entry_size(const struct rc_index *idx, const struct rc_entry *e)
{
  if (stat_known(idx, e))
    return e->stat_size;
  struct stat st;
  late_stat(idx, e, &st);
  return (uint64_t)st.st_size;
}

const struct rc_entry *rc_index_find(const struct rc_index *idx,
                                     const char *path)
{
  const struct rc_entry *e = find_in(idx->entries, idx->n, path);
  if (!e)
    watch_gap(idx, path);
  return e;
}

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

static void groups_release(struct groups *t)
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
    from[k] = lower_bound(idx->entries, idx->n, below.data, below.len);
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
    const struct rc_entry *e = find_in(idx->entries, idx->n, a->pat);
    if (e)
      hit(h, (size_t)(e - idx->entries));
    return;
  }
  size_t lo = lower_bound(idx->entries, idx->n, a->pat, a->prefix);
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
  watch_gap(cidx, glob);
  return glob_each(cidx, glob, false, kind, fn, arg);
}

int rc_index_glob_any(const struct rc_index *idx, const char *glob,
                      int (*fn)(const struct rc_entry *e, void *arg), void *arg)
{
  if (rc_glob_is_literal(glob)) {
    const struct rc_entry *e = find_in(idx->entries, idx->n, glob);
    return e ? fn(e, arg) : 0;
  }
  return glob_each(idx, glob, true, RC_ENTRY_FILE, fn, arg);
}

static void set_err(char *err, size_t errlen, const char *msg)
{
  if (err && errlen)
    snprintf(err, errlen, "%s", msg);
}

/* PCRE2's JIT compares 16 bytes at a time and may read up to that many
 * past the end of a subject (within the page, so never a fault); zeroed
 * slack after every file buffer keeps those reads inside the block and
 * defined. */
enum { JIT_SLACK = 32 };

/* Makes room for n bytes, the NUL and JIT_SLACK bytes after them in b. */
static void reserve(struct rc_buf *b, size_t n)
{
  if (b->cap < n + 1 + JIT_SLACK) {
    b->data = rc_xrealloc(b->data, n + 1 + JIT_SLACK);
    b->cap = n + 1 + JIT_SLACK;
  }
}

/* Reads a whole regular file from fd (closing it) into out (emptied
 * first), refusing more than MAX_READ bytes. The size from fstat sizes the
 * buffer, so a file costs one allocation and one read when it does not
 * change under us. */
static int read_fd(int fd, struct rc_buf *out, struct stat *stp, char *err,
                   size_t errlen)
{
  struct stat st = {0};
  const char *why = NULL;
  if (fstat(fd, &st) != 0) {
    why = strerror(errno);
    st = (struct stat){0};
  }
  if (stp)
    *stp = st;
  else if (S_ISDIR(st.st_mode))
    why = strerror(EISDIR);
  else if (!S_ISREG(st.st_mode))
    why = "not a regular file";
  else if (st.st_size > MAX_READ)
    why = "file is larger than 32 MiB";
  if (why) {
    set_err(err, errlen, why);
    close(fd);
    return -1;
  }
  out->len = 0;
  reserve(out, (size_t)st.st_size + 1);
  ssize_t got;
  for (;;) {
    if (out->len + 1 + JIT_SLACK >= out->cap)
      reserve(out, out->cap * 2 < MAX_READ + 2 ? out->cap * 2 : MAX_READ + 2);
    size_t room = out->cap - 1 - JIT_SLACK - out->len;
    if (room == 0) {
      got = 1; /* MAX_READ + 1 bytes read: too big */
      break;
    }
    got = read(fd, out->data + out->len, room);
    if (got <= 0)
      break;
    out->len += (size_t)got;
  }
  int saved = errno;
  close(fd);
  if (got != 0 || out->len > MAX_READ) {
    set_err(err, errlen,
            got >= 0 ? "file is larger than 32 MiB" : strerror(saved));
    out->len = 0;
    out->data[0] = '\0';
    return -1;
  }
  memset(out->data + out->len, 0, 1 + JIT_SLACK);
  return 0;
}

/* st (if not NULL) gets the open file's fstat, or a zero st_mode. */
static int open_read(int dfd, const char *path, struct rc_buf *out,
                     struct stat *st, char *err, size_t errlen)
{
  if (st)
    st->st_mode = 0;
  int fd = openat(dfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    set_err(err, errlen, strerror(errno));
    return -1;
  }
  return read_fd(fd, out, st, err, errlen);
}

/* Whether e (of this index) is a file that may be read; else err says why,
 * as rc_index_read() documents. */
static bool readable_entry(const struct rc_index *idx, const struct rc_entry *e,
                           char *err, size_t errlen)
{
  if (!idx->n || e < idx->entries || e >= idx->entries + idx->n) {
    set_err(err, errlen, "not an entry of this index");
    return false;
  }
  if (e->kind != RC_ENTRY_FILE) {
    set_err(err, errlen,
            e->kind == RC_ENTRY_DIR ? strerror(EISDIR) : "is a symbolic link");
    return false;
  }
  if (stat_known(idx, e) && e->stat_size > MAX_READ) {
    set_err(err, errlen, "file is larger than 32 MiB");
    return false;
  }
  return true;
}

struct rc_index_dir {
  const struct rc_index *idx;
  char *path; /* relative to the root, without the final '/' */
  size_t len, cap;
  int fd; /* -1: not open (could not be: files are opened by path) */
};

struct rc_index_dir *rc_index_dir_new(void)
{
  struct rc_index_dir *d = rc_xcalloc(1, sizeof(*d));
  d->fd = -1;
  return d;
}

void rc_index_dir_free(struct rc_index_dir *d)
{
  if (!d)
    return;
  if (d->fd >= 0)
    close(d->fd);
  free(d->path);
  free(d);
}

/* The directory to open e's name in, and the name; the root and e's whole
 * path when e is at the top or its directory cannot be opened (then the
 * open by path says why the file cannot be read, as without dir). Opening
 * the directory follows what opening the file by path would follow: the
 * walk never entered a symlink, and only the name is opened O_NOFOLLOW. */
static int dir_of(const struct rc_index *idx, const struct rc_entry *e,
                  struct rc_index_dir *d, const char **name)
{
  *name = e->path;
  if (!d || e->name == e->path)
    return idx->root_fd;
  size_t len = (size_t)(e->name - e->path) - 1;
  if (d->idx != idx || d->len != len || memcmp(d->path, e->path, len) != 0) {
    if (d->fd >= 0)
      close(d->fd);
    if (len + 1 > d->cap) {
      d->cap = len + 1;
      d->path = rc_xrealloc(d->path, d->cap);
    }
    memcpy(d->path, e->path, len);
    d->path[len] = '\0';
    d->len = len;
    d->idx = idx;
    d->fd = openat(idx->root_fd, d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  if (d->fd < 0)
    return idx->root_fd;
  *name = e->name;
  return d->fd;
}

/* Reads e from disk into out, counting the read. Any thread (each with its
 * own dir, or NULL). */
static int load_entry(const struct rc_index *idx, const struct rc_entry *e,
                      struct rc_buf *out, struct rc_index_dir *dir, char *err,
                      size_t errlen)
{
  if (!readable_entry(idx, e, err, errlen))
    return -1;
  const char *name;
  int dfd = dir_of(idx, e, dir, &name);
  struct stat st;
  int rc = open_read(dfd, name, out, &st, err, errlen);
  /* The open file's fstat is the lstat the walk left for later (opened
   * O_NOFOLLOW, a regular file is the one its name names). */
  if (S_ISREG(st.st_mode))
    remember_stat(idx, e, &st);
  /* A file too large is refused unread, as readable_entry() refuses one
   * whose size was known: not a read. */
  if (rc == 0 || !S_ISREG(st.st_mode) || st.st_size <= MAX_READ)
    atomic_fetch_add_explicit(&idx->loads[e - idx->entries], 1,
                              memory_order_relaxed);
  return rc;
}

/* ---- the read cache ----
 *
 * What rc_index_read() returns is pinned until rc_index_unpin(); unpinned
 * files stay cached, least recently used first out, while they fit in
 * cache_max bytes. So files that several probes read in a row are read
 * once, and memory stays bounded however large the repository. */

static struct cached *slot(struct rc_index *idx, uint32_t ref)
{
  return &idx->pool[ref - 1];
}

/* A record for entry i, from the free list or a new one. */
static uint32_t new_record(struct rc_index *idx, size_t i)
{
  uint32_t ref = idx->free_ref;
  if (ref) {
    idx->free_ref = slot(idx, ref)->next;
  } else {
    rc_grow((void **)&idx->pool, &idx->cap_pool, idx->n_pool,
            sizeof(*idx->pool));
    ref = (uint32_t)++idx->n_pool;
  }
  *slot(idx, ref) = (struct cached){.entry = (uint32_t)i};
  idx->cache_of[i] = ref;
  return ref;
}

static void lru_unlink(struct rc_index *idx, uint32_t ref)
{
  struct cached *c = slot(idx, ref);
  if (c->prev)
    slot(idx, c->prev)->next = c->next;
  else
    idx->lru_head = c->next;
  if (c->next)
    slot(idx, c->next)->prev = c->prev;
  else
    idx->lru_tail = c->prev;
  c->prev = c->next = 0;
}

static void lru_append(struct rc_index *idx, uint32_t ref)
{
  struct cached *c = slot(idx, ref);
  c->prev = idx->lru_tail;
  c->next = 0;
  if (idx->lru_tail)
    slot(idx, idx->lru_tail)->next = ref;
  else
    idx->lru_head = ref;
  idx->lru_tail = ref;
}

static void pin(struct rc_index *idx, uint32_t ref)
{
  struct cached *c = slot(idx, ref);
  if (c->pinned)
    return;
  /* A cached file read again leaves the LRU list; a file just read was
   * never on it (unlinking it would empty the list and strand every
   * unpinned file in memory). */
  if (c->data && (c->prev || idx->lru_head == ref))
    lru_unlink(idx, ref);
  c->pinned = true;
  rc_grow((void **)&idx->pins, &idx->cap_pins, idx->n_pins, sizeof(*idx->pins));
  idx->pins[idx->n_pins++] = ref;
}

/* Frees unpinned files, least recently used first, until the cache fits in
 * cache_max or only pinned files are left. Nothing points into an unpinned
 * file (its reader unpinned it), so this may run at any read. */
static void evict(struct rc_index *idx)
{
  while (idx->cached_bytes > idx->cache_max && idx->lru_head) {
    uint32_t ref = idx->lru_head;
    struct cached *c = slot(idx, ref);
    lru_unlink(idx, ref);
    idx->cached_bytes -= c->len;
    idx->cache_of[c->entry] = 0;
    free(c->data);
    *c = (struct cached){.next = idx->free_ref};
    idx->free_ref = ref;
  }
}

void rc_index_unpin(struct rc_index *idx)
{
  for (size_t i = 0; i < idx->n_pins; i++) {
    struct cached *c = slot(idx, idx->pins[i]);
    c->pinned = false;
    if (c->data)
      lru_append(idx, idx->pins[i]);
  }
  idx->n_pins = 0;
  evict(idx);
}

void rc_index_unpin_file(struct rc_index *idx, const struct rc_entry *e)
{
  if (!idx->cache_of || !idx->n || e < idx->entries ||
      e >= idx->entries + idx->n)
    return;
  uint32_t ref = idx->cache_of[e - idx->entries];
  if (!ref || !slot(idx, ref)->pinned)
    return;
  /* The last pin is the usual one: search from the end. */
  for (size_t i = idx->n_pins; i-- > 0;)
    if (idx->pins[i] == ref) {
      memmove(&idx->pins[i], &idx->pins[i + 1],
              (idx->n_pins - i - 1) * sizeof(*idx->pins));
      idx->n_pins--;
      break;
    }
  slot(idx, ref)->pinned = false;
  lru_append(idx, ref);
  evict(idx);
}

size_t rc_index_cached_bytes(const struct rc_index *idx)
{
  return idx->cached_bytes;
}

int rc_index_read(struct rc_index *idx, const struct rc_entry *e,
                  const char **data, size_t *len, char *err, size_t errlen)
{
  if (!readable_entry(idx, e, err, errlen))
    return -1;
  if (!idx->cache_of)
    idx->cache_of = rc_xcalloc(idx->n, sizeof(*idx->cache_of));
  size_t i = (size_t)(e - idx->entries);
  uint32_t ref = idx->cache_of[i];
  if (!ref) {
    struct rc_buf b;
    rc_buf_init(&b);
    pthread_mutex_lock(&idx->near->lock);
    int rc = load_entry(idx, e, &b, idx->near->dir, err, errlen);
    pthread_mutex_unlock(&idx->near->lock);
    if (rc != 0) {
      rc_buf_release(&b);
      return -1;
    }
    ref = new_record(idx, i);
    struct cached *c = slot(idx, ref);
    c->len = b.len;
    c->data = rc_buf_detach(&b);
    rc_buf_release(&b);
    idx->cached_bytes += c->len;
    pin(idx, ref);
    /* A probe that reads many files pins them all: make room by dropping
     * unpinned ones now, so the cache and the pins together stay within
     * cache_max where the pins alone do. */
    evict(idx);
  }
  pin(idx, ref);
  const struct cached *c = slot(idx, ref);
  *data = c->data;
  *len = c->len;
  return 0;
}

unsigned rc_index_loads(const struct rc_index *idx, const struct rc_entry *e)
{
  if (!idx->n || e < idx->entries || e >= idx->entries + idx->n)
    return 0;
  return atomic_load(&idx->loads[e - idx->entries]);
}

struct rc_doc_cache *rc_index_docs(struct rc_index *idx)
{
  return idx ? idx->docs : NULL;
}

size_t rc_index_path_loads(const struct rc_index *idx)
{
  return atomic_load(&idx->path_loads);
}

bool rc_index_is_binary(const char *data, size_t len)
{
  return memchr(data, '\0', len < BINARY_SNIFF ? len : BINARY_SNIFF) != NULL;
}

bool rc_index_read_text(struct rc_index *idx, const struct rc_entry *e,
                        uint64_t max_bytes, const char **data, size_t *len)
{
  char err[128];
  return e->kind == RC_ENTRY_FILE && rc_entry_size(idx, e) <= max_bytes &&
         rc_index_read(idx, e, data, len, err, sizeof(err)) == 0 &&
         !rc_index_is_binary(*data, *len);
}

/* Accepts "a/b", "./a/b", "a//b"; rejects absolute paths and "..". */
static int check_relpath(const char *rel, char *err, size_t errlen)
{
  if (!*rel || *rel == '/') {
    if (err && errlen)
      snprintf(err, errlen, "path '%s' must be relative to the repository",
               rel);
    return -1;
  }
  for (const char *p = rel; *p;) {
    size_t n = strcspn(p, "/");
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      if (err && errlen)
        snprintf(err, errlen, "path '%s' must not contain '..'", rel);
      return -1;
    }
    p += n;
    p += *p == '/';
  }
  return 0;
}

static bool inside_root(const struct rc_index *idx, const char *real)
{
  size_t n = strlen(idx->real_root);
  if (strncmp(real, idx->real_root, n) != 0)
    return false;
  return real[n] == '\0' || real[n] == '/' || (n == 1 && real[0] == '/');
}

/* A symlink is an entry, never followed by the walk; one that cannot
 * stand for anything in the repository (a loop, dangling, or pointing
 * outside) is noted, so reports can say what was left out. */
static void note_symlink(struct rc_index *idx, const char *rel)
{
  struct rc_buf full;
  rc_buf_init(&full);
  rc_buf_printf(&full, "%s/%s", idx->real_root, rel);
  errno = 0;
  char *real = realpath(full.data, NULL);
  const char *why = NULL;
  if (!real)
    why = errno == ELOOP    ? "symbolic link loop"
          : errno == ENOENT ? "dangling symbolic link"
                            : strerror(errno);
  else if (!inside_root(idx, real))
    why = "symbolic link to outside the repository";
  if (why)
    add_skip(idx, RC_SKIP_SYMLINK, rel, why);
  free(real);
  rc_buf_release(&full);
}

bool rc_index_path_ignored(struct rc_index *idx, const char *path)
{
  struct rc_ignore *ig = rc_ignore_new();
  if (idx->git) {
    struct rc_buf p, text;
    rc_buf_init(&p);
    rc_buf_init(&text);
    rc_buf_printf(&p, "%s/info/exclude", idx->git->common_dir);
    if (rc_git_slurp_at(AT_FDCWD, p.data, MAX_IGNORE_FILE, &text) == 0)
      rc_ignore_add(ig, "", text.data, text.len);
    rc_buf_release(&p);
    rc_buf_release(&text);
  }
  /* the rules of each folder from the root down, each folder tested as it
   * is reached (the matcher does not look at parents) */
  bool ignored = false;
  struct rc_buf dir;
  rc_buf_init(&dir);
  rc_buf_puts(&dir, "");
  for (const char *seg = path; !ignored && *seg;) {
    const char *gi =
        dir.len ? rc_arena_printf(idx->arena, "%s/.gitignore", dir.data)
                : ".gitignore";
    const struct rc_entry *e = rc_index_find(idx, gi);
    const char *data;
    size_t len;
    char err[64];
    if (e && rc_index_read(idx, e, &data, &len, err, sizeof(err)) == 0)
      rc_ignore_add(ig, dir.len ? dir.data : "", data, len);
    const char *slash = strchr(seg, '/');
    size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
    if (dir.len)
      rc_buf_puts(&dir, "/");
    rc_buf_printf(&dir, "%.*s", (int)n, seg);
    char *name = rc_arena_strndup(idx->arena, seg, n);
    ignored = rc_ignore_match(ig, dir.data, name, slash != NULL);
    seg = slash ? slash + 1 : seg + n;
  }
  rc_buf_release(&dir);
  rc_ignore_free(ig);
  return ignored;
}

const struct rc_entry *rc_index_link_target(struct rc_index *idx,
                                            const char *path)
{
  const struct rc_entry *e = rc_index_find(idx, path);
  if (!e || e->kind != RC_ENTRY_SYMLINK)
    return NULL;
  struct rc_buf full;
  rc_buf_init(&full);
  rc_buf_printf(&full, "%s/%s", idx->real_root, path);
  char *real = realpath(full.data, NULL);
  rc_buf_release(&full);
  const struct rc_entry *t = NULL;
  size_t n = strlen(idx->real_root);
  if (real && inside_root(idx, real) && real[n] == '/')
    t = rc_index_find(idx, real + n + 1);
  free(real);
  return t && t->kind != RC_ENTRY_SYMLINK ? t : NULL;
}

static int cmp_skip(const void *a, const void *b)
{
  return strcmp(((const struct rc_skip *)a)->path,
                ((const struct rc_skip *)b)->path);
}

size_t rc_index_skips(const struct rc_index *idx, const struct rc_skip **out)
{
  *out = idx->skips;
  return idx->n_skips;
}

/* The first unreadable directory that could hold a match of glob (or the
 * literal path). Queries are many and gaps rare: no gaps, no work. */
const struct rc_skip *rc_index_gap(const struct rc_index *idx, const char *glob)
{
  for (size_t i = 0; i < idx->n_skips; i++)
    if (idx->skips[i].kind == RC_SKIP_DIR &&
        rc_glob_may_match_below(glob, idx->skips[i].path))
      return &idx->skips[i];
  return NULL;
}

/* Queries take a const index; the watch is bookkeeping beside the data,
 * like the glob memo. */
static void watch_gap(const struct rc_index *cidx, const char *glob)
{
  struct rc_index *idx = (struct rc_index *)cidx;
  if (!idx->n_skips || idx->watched)
    return;
  idx->watched = rc_index_gap(idx, glob);
}

void rc_index_watch(struct rc_index *idx)
{
  idx->watched = NULL;
}

const struct rc_skip *rc_index_watched(const struct rc_index *idx)
{
  return idx->watched;
}

void rc_index_rewatch(struct rc_index *idx, const struct rc_skip *gap)
{
  if (!idx->watched)
    idx->watched = gap;
}

/* Resolves rel under the root. Returns 1 with *real (malloc'd, may be NULL
 * for a dangling symlink) and *st, 0 if absent, -1 on a refused path. */
static int resolve(const struct rc_index *idx, const char *rel, char **real,
                   struct stat *st, char *err, size_t errlen)
{
  *real = NULL;
  if (check_relpath(rel, err, errlen) != 0)
    return -1;
  struct rc_buf full;
  rc_buf_init(&full);
  rc_buf_printf(&full, "%s/%s", idx->real_root, rel);
  int rc = 1;
  if (lstat(full.data, st) != 0) {
    rc = 0;
  } else if ((*real = realpath(full.data, NULL)) == NULL) {
    rc = S_ISLNK(st->st_mode) ? 1 : 0; /* dangling link: present, unread */
  } else if (!inside_root(idx, *real)) {
    if (err && errlen)
      snprintf(err, errlen, "path '%s' is outside the repository", rel);
    free(*real);
    *real = NULL;
    rc = -1;
  } else if (stat(*real, st) != 0) {
    rc = 0;
  }
  rc_buf_release(&full);
  return rc;
}

int rc_index_stat_path(const struct rc_index *idx, const char *relpath,
                       enum rc_entry_kind *kind, char *err, size_t errlen)
{
  char *real;
  struct stat st;
  watch_gap(idx, relpath);
  int rc = resolve(idx, relpath, &real, &st, err, errlen);
  if (rc == 1 && kind)
    *kind = !real                 ? RC_ENTRY_SYMLINK
            : S_ISDIR(st.st_mode) ? RC_ENTRY_DIR
                                  : RC_ENTRY_FILE;
  free(real);
  return rc;
}

/* Reads an explicit path as rc_index_read_path() does, into out; no
 * watching, no cache. Any thread. */
static int load_path(const struct rc_index *idx, const char *relpath,
                     struct rc_buf *out, char *err, size_t errlen)
{
  char *real;
  struct stat st;
  int rc = resolve(idx, relpath, &real, &st, err, errlen);
  if (rc == 0 || (rc == 1 && !real))
    set_err(err, errlen, strerror(ENOENT));
  if (rc != 1 || !real) {
    free(real);
    return -1;
  }
  atomic_fetch_add_explicit(&((struct rc_index *)idx)->path_loads, 1,
                            memory_order_relaxed);
  rc = open_read(AT_FDCWD, real, out, NULL, err, errlen);
  free(real);
  return rc;
}

int rc_index_read_path(struct rc_index *idx, const char *relpath,
                       const char **data, size_t *len, char *err, size_t errlen)
{
  for (size_t i = 0; i < idx->n_paths; i++) {
    if (strcmp(idx->paths[i].path, relpath) == 0) {
      *data = idx->paths[i].data;
      *len = idx->paths[i].len;
      return 0;
    }
  }
  watch_gap(idx, relpath);
  struct rc_buf b;
  rc_buf_init(&b);
  if (load_path(idx, relpath, &b, err, errlen) != 0) {
    rc_buf_release(&b);
    return -1;
  }
  size_t n = b.len;
  char *bytes = rc_buf_detach(&b);
  rc_buf_release(&b);
  rc_grow((void **)&idx->paths, &idx->cap_paths, idx->n_paths,
          sizeof(*idx->paths));
  idx->paths[idx->n_paths++] =
      (struct cached_path){rc_xstrdup(relpath), bytes, n};
  *data = bytes;
  *len = n;
  return 0;
}

int rc_index_load(const struct rc_index *idx, const struct rc_entry *e,
                  const char *relpath, struct rc_buf *out, char *err,
                  size_t errlen)
{
  return rc_index_load_in(idx, e, relpath, out, NULL, err, errlen);
}

int rc_index_load_in(const struct rc_index *idx, const struct rc_entry *e,
                     const char *relpath, struct rc_buf *out,
                     struct rc_index_dir *dir, char *err, size_t errlen)
{
  if (!out->data)
    rc_buf_init(out);
  out->len = 0;
  out->data[0] = '\0';
  if (!e)
    return load_path(idx, relpath, out, err, errlen);
  if (!readable_entry(idx, e, err, errlen))
    return -1;
  /* A file the cache holds (the model read it) is not read again. */
  uint32_t ref = idx->cache_of ? idx->cache_of[e - idx->entries] : 0;
  const struct cached *c = ref ? &idx->pool[ref - 1] : NULL;
  if (c) {
    reserve(out, c->len);
    memcpy(out->data, c->data, c->len);
    memset(out->data + c->len, 0, 1 + JIT_SLACK);
    out->len = c->len;
    return 0;
  }
  return load_entry(idx, e, out, dir, err, errlen);
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
