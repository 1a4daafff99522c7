/*
 * index_path.c - paths the user or a rule names rather than entries: a
 * relative path checked and resolved inside the root (symlinks followed,
 * never out of it), read or stat'ed; whether .gitignore rules ignore a
 * path; and the gaps, paths the walk could not look into, that a query
 * reports when it could have reached into one.
 */
/* realpath() is an XSI extension of POSIX; readdir's d_type (DT_*) is a
 * BSD one that glibc, musl and the BSDs all have. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readycheck/index.h"
#include "readycheck/buf.h"
#include "readycheck/git.h"
#include "readycheck/glob.h"
#include "readycheck/mem.h"

#include "index_parts.h"

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
void ix_note_symlink(struct rc_index *idx, const char *rel)
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
    ix_add_skip(idx, RC_SKIP_SYMLINK, rel, why);
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

void ix_add_skip(struct rc_index *idx, enum rc_skip_kind kind, const char *path,
                 const char *reason)
{
  rc_grow((void **)&idx->skips, &idx->cap_skips, idx->n_skips,
          sizeof(*idx->skips));
  idx->skips[idx->n_skips++] =
      (struct rc_skip){rc_arena_strdup(idx->arena, path),
                       rc_arena_strdup(idx->arena, reason), kind};
}

int ix_cmp_skip(const void *a, const void *b)
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
  ix_watch_gap(idx, relpath);
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
int ix_load_path(const struct rc_index *idx, const char *relpath,
                 struct rc_buf *out, char *err, size_t errlen)
{
  char *real;
  struct stat st;
  int rc = resolve(idx, relpath, &real, &st, err, errlen);
  if (rc == 0 || (rc == 1 && !real))
    ix_set_err(err, errlen, strerror(ENOENT));
  if (rc != 1 || !real) {
    free(real);
    return -1;
  }
  atomic_fetch_add_explicit(&((struct rc_index *)idx)->path_loads, 1,
                            memory_order_relaxed);
  rc = ix_open_read(AT_FDCWD, real, out, NULL, err, errlen);
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
  ix_watch_gap(idx, relpath);
  struct rc_buf b;
  rc_buf_init(&b);
  if (ix_load_path(idx, relpath, &b, err, errlen) != 0) {
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

size_t rc_index_path_loads(const struct rc_index *idx)
{
  return atomic_load(&idx->path_loads);
}
