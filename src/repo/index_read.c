/*
 * index_read.c - reading an entry's bytes: the open (by name in its
 * directory, never following a symlink), the size limit, the read cache
 * that keeps what probes read in a row (pinned while in use, least
 * recently used out first), and a regular file's mode and size, taken
 * from the fstat of that open when nobody asked before.
 */
/* realpath() is an XSI extension of POSIX; readdir's d_type (DT_*) is a
 * BSD one that glibc, musl and the BSDs all have. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/index.h"
#include "readycheck/buf.h"
#include "readycheck/mem.h"

#include "index_parts.h"

enum {
  MAX_READ = 32 * 1024 * 1024,
  BINARY_SNIFF = 8192,
};

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

void ix_set_err(char *err, size_t errlen, const char *msg)
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
    ix_set_err(err, errlen, why);
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
    ix_set_err(err, errlen,
               got >= 0 ? "file is larger than 32 MiB" : strerror(saved));
    out->len = 0;
    out->data[0] = '\0';
    return -1;
  }
  memset(out->data + out->len, 0, 1 + JIT_SLACK);
  return 0;
}

/* st (if not NULL) gets the open file's fstat, or a zero st_mode. */
int ix_open_read(int dfd, const char *path, struct rc_buf *out, struct stat *st,
                 char *err, size_t errlen)
{
  if (st)
    st->st_mode = 0;
  int fd = openat(dfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    ix_set_err(err, errlen, strerror(errno));
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
    ix_set_err(err, errlen, "not an entry of this index");
    return false;
  }
  if (e->kind != RC_ENTRY_FILE) {
    ix_set_err(err, errlen,
               e->kind == RC_ENTRY_DIR ? strerror(EISDIR)
                                       : "is a symbolic link");
    return false;
  }
  if (stat_known(idx, e) && e->stat_size > MAX_READ) {
    ix_set_err(err, errlen, "file is larger than 32 MiB");
    return false;
  }
  return true;
}

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
  int rc = ix_open_read(dfd, name, out, &st, err, errlen);
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
    return ix_load_path(idx, relpath, out, err, errlen);
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
