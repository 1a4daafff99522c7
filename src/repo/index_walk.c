/*
 * index_walk.c - building the index: the one walk of the root (openat and
 * fstatat, never following a symlink, never entering .git), the .gitignore
 * files and info/exclude met on the way, and the tracked files (.git/index)
 * the walk did not reach because an ignore rule hid their directory. A
 * regular file is not stat'ed here: its mode and size are read on first
 * need (index_read.c).
 */
/* realpath() is an XSI extension of POSIX; readdir's d_type (DT_*) is a
 * BSD one that glibc, musl and the BSDs all have. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/index.h"
#include "readycheck/buf.h"
#include "readycheck/git.h"
#include "readycheck/mem.h"
#include "readycheck/statpool.h"

#include "index_parts.h"

enum {
  DEFAULT_MAX_ENTRIES = 2000000,
  MAX_DEPTH = 256,
};

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

/* Errors name the directory as the user knows it: root/relative. */
static int dir_error(struct walk *w, const char *what, int err)
{
  return rc_error(w->d, NULL, "%s '%s%s%s': %s", what, w->idx->root,
                  w->path.len ? "/" : "", w->path.data, strerror(err));
}

/* A directory below the root that cannot be read does not end the walk:
 * it is noted once (with the OS reason) and the walk goes on; queries that
 * could reach into it then report the gap (rc_index_gap). The root itself
 * stays an error: there would be nothing to check. */
static int dir_unreadable(struct walk *w, const char *what, int err)
{
  if (!w->path.len)
    return dir_error(w, what, err);
  ix_add_skip(w->idx, RC_SKIP_DIR, w->path.data, strerror(err));
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
        ix_note_symlink(idx, w->path.data);
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
    if (!ix_find_in(w->idx->entries, walked, dir) &&
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
    ix_note_symlink(idx, e->path);
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

int ix_walk_root(struct rc_index *idx, const struct rc_index_opts *opts,
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
  if (rc == 0 && idx->n > 1 && (w.dropped || !ix_sort_walked(&w)))
    qsort(idx->entries, idx->n, sizeof(*idx->entries), cmp_entry);
  free(w.blocks);
  if (rc == 0 && idx->git && idx->git->n_tracked) {
    size_t walked = idx->n;
    rc = add_unseen_tracked(&w);
    if (rc == 0 && idx->n > walked)
      sort_unique(idx);
  }
  if (rc == 0 && idx->n_skips > 1)
    qsort(idx->skips, idx->n_skips, sizeof(*idx->skips), ix_cmp_skip);
  rc_buf_release(&w.path);
  rc_ignore_free(w.ignore);
  return rc;
}
