/*
 * index.h - one walk of the repository, shared by every file probe.
 *
 * rc_index_build() walks the root once and records the entries git would
 * track: files tracked in .git/index (even if they match .gitignore, even
 * inside an ignored directory) plus untracked files and directories not
 * ignored by the .gitignore files and .git/info/exclude. The user's global
 * excludes (core.excludesFile) are deliberately not read, so results do not
 * depend on the machine. Ignored directories are not descended. It never
 * enters .git, never follows a symlink (a symlink is an entry of its own,
 * not a directory to descend) and never leaves the root. Only regular
 * files, directories and symlinks are entries (no FIFOs, sockets, devices).
 * Entries are sorted by path (byte order). File contents are read lazily:
 * through a cache of bounded size that probes share (rc_index_read), or
 * once, into the caller's buffer (rc_index_load), for scans that read many
 * files. Reads are counted per file (rc_index_loads).
 *
 * A damaged .git (corrupt index, bad HEAD) is not an error: the tracked
 * information is then simply absent and .gitignore still applies.
 *
 * Explicit paths that a rule names (a coverage report, a dotenv file) can be
 * looked up on disk with rc_index_stat_path() / rc_index_read_path() even when
 * they are ignored: ignoring a build output does not make it absent.
 */
#ifndef READYCHECK_INDEX_H
#define READYCHECK_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "readycheck/diag.h"

enum rc_entry_kind {
  RC_ENTRY_FILE,
  RC_ENTRY_DIR,
  RC_ENTRY_SYMLINK,
};

struct rc_entry {
  const char *path; /* repo-relative, '/'-separated, no "./" */
  const char *name; /* points into path: the last segment */
  enum rc_entry_kind kind;
  bool tracked; /* listed in .git/index (never for directories) */
  /* index.c's own: read them with rc_entry_mode() and rc_entry_size() */
  unsigned stat_mode;
  uint64_t stat_size;
};

struct rc_index;

struct rc_index_opts {
  bool no_gitignore;  /* index every file (still skips .git); tracked
                         files are still marked */
  size_t max_entries; /* 0 = default (2,000,000); more is an error */
  size_t cache_bytes; /* 0 = default (16 MiB): unpinned file bytes that
                         rc_index_read keeps for later readers */
  unsigned jobs;      /* threads the walk may use (0 or 1: its own); the
                         entries are the same whatever the number */
};

/* What the walk left out, with why. */
enum rc_skip_kind {
  RC_SKIP_DIR,     /* a directory that could not be opened or read */
  RC_SKIP_SYMLINK, /* a symlink that is a loop, dangling, or leads outside */
};

struct rc_skip {
  const char *path;   /* repo-relative */
  const char *reason; /* "Permission denied", "dangling symbolic link" */
  enum rc_skip_kind kind;
};

/* Builds the index of root ("." , "repo/", "./x", absolute...). Caller owns
 * *out (rc_index_free). Returns -1 with a diag if root is not readable or
 * the limits are exceeded (max_entries, 256 levels of nesting). A directory
 * below the root that cannot be read does not end the walk: it is recorded
 * (rc_index_skips) with a warning in d, and queries that could reach into
 * it report the gap (rc_index_gap, rc_index_watched), so no rule mistakes
 * its contents for absent. */
int rc_index_build(struct rc_index **out, const char *root,
                   const struct rc_index_opts *opts, struct rc_diag *d);
void rc_index_free(struct rc_index *idx);

/* root as given to rc_index_build(), without trailing '/'. */
const char *rc_index_root(const struct rc_index *idx);
size_t rc_index_count(const struct rc_index *idx);
/* Whether any file or symlink is indexed: false for an empty tree (or one
 * of empty directories), where an absence check has nothing to look at. */
bool rc_index_has_files(const struct rc_index *idx);
const struct rc_entry *rc_index_at(const struct rc_index *idx, size_t i);
/* e's mode: git's when tracked (0100644, 0100755, 0120000), else lstat's
 * st_mode (type bits | permissions); for a directory only S_IFDIR
 * (directories are not stat'ed). */
unsigned rc_entry_mode(const struct rc_index *idx, const struct rc_entry *e);
/* e's size in bytes, from lstat (0 for directories).
 *
 * The walk does not stat regular files: their mode and size are read on
 * first need, once, by these two (an lstat) or by the first read of the
 * file (the fstat of the file it opened), whichever comes first, and kept
 * for the index's life; so a file whose size nobody asks before it is
 * read costs one name lookup, not two. Any thread, at any time. A file
 * gone since the walk reads as an empty regular file, mode S_IFREG. */
uint64_t rc_entry_size(const struct rc_index *idx, const struct rc_entry *e);
/* Entry by exact path, or NULL (binary search); NULL for a NULL path. */
const struct rc_entry *rc_index_find(const struct rc_index *idx,
                                     const char *path);

/* Calls fn for each indexed entry of the given kind whose path matches glob,
 * in path order. Stops early and returns fn's value when it is non-zero.
 * A literal glob is a single lookup; otherwise only entries under the
 * glob's literal directory prefix are tested. */
int rc_index_glob(const struct rc_index *idx, const char *glob,
                  enum rc_entry_kind kind,
                  int (*fn)(const struct rc_entry *e, void *arg), void *arg);

/* The same for entries of every kind, and never watched for gaps (an
 * exclusion cannot make an answer depend on what was not read): what a
 * probe's `exclude` list removes. */
int rc_index_glob_any(const struct rc_index *idx, const char *glob,
                      int (*fn)(const struct rc_entry *e, void *arg),
                      void *arg);

/* Lazily reads an indexed file's bytes (cached; NUL-terminated; *len
 * excludes the NUL; the same pointer while cached). The bytes stay valid
 * until the next rc_index_unpin() (the runner calls it after every probe
 * and once the deployment model is built) or rc_index_free(); after
 * that, the file may be evicted and read again by a later call. Returns
 * 0, or -1 with a short reason in err, without the path ("No such file or
 * directory", "file is larger than 32 MiB", "is a symbolic link", "Is a
 * directory"), so callers can write "cannot read 'x': <err>". Symlink
 * entries are never read through. */
int rc_index_read(struct rc_index *idx, const struct rc_entry *e,
                  const char **data, size_t *len, char *err, size_t errlen);
/* Ends the pin on everything rc_index_read() returned so far: those bytes
 * may now be evicted (least recently used first) once the unpinned files
 * exceed the cache size. */
void rc_index_unpin(struct rc_index *idx);
/* Ends the pin on one file early, for a probe that reads many files one
 * at a time and keeps nothing that points into them: its bytes are then
 * invalid for every reader, as after rc_index_unpin(). */
void rc_index_unpin_file(struct rc_index *idx, const struct rc_entry *e);
/* Bytes of file contents the cache holds now, pinned or not: at most the
 * cache size, or the pinned files alone when they are more (a read first
 * drops unpinned files to make room). */
size_t rc_index_cached_bytes(const struct rc_index *idx);
/* Reads a file into out (emptied first; NUL-terminated), adding nothing to
 * the cache: an indexed file e (copied from the cache when it holds it),
 * or, when e is NULL, an explicit path checked and refused as
 * rc_index_read_path() does (but never watched for gaps). Errors as
 * rc_index_read(). Safe to call from several threads at once, as long as
 * nothing else uses the index meanwhile. struct rc_buf is from buf.h; out
 * may be zeroed or initialised. */
struct rc_buf;
int rc_index_load(const struct rc_index *idx, const struct rc_entry *e,
                  const char *relpath, struct rc_buf *out, char *err,
                  size_t errlen);
/* rc_index_load() for a thread that reads many files in path order: dir
 * keeps the directory of the last file read open, and the next file of the
 * same directory is opened relative to it instead of by its whole path
 * (the kernel then looks up one name, not every directory of the path).
 * Results are rc_index_load()'s. dir belongs to one thread at a time; NULL
 * reads as rc_index_load() does. */
struct rc_index_dir;
struct rc_index_dir *rc_index_dir_new(void);
void rc_index_dir_free(struct rc_index_dir *dir); /* closes it */
int rc_index_load_in(const struct rc_index *idx, const struct rc_entry *e,
                     const char *relpath, struct rc_buf *out,
                     struct rc_index_dir *dir, char *err, size_t errlen);
/* How many times e's file was read from disk in this index's life (by
 * rc_index_read or rc_index_load); rc_index_path_loads() counts reads of
 * explicit paths. For tests that prove each file is read once. */
unsigned rc_index_loads(const struct rc_index *idx, const struct rc_entry *e);
size_t rc_index_path_loads(const struct rc_index *idx);
/* The files parsed so far, lent to every reader that parses one of them
 * (doccache.h): each file is parsed once per run, however many readers
 * want its tree. Lives as long as the index; every loan must end before
 * rc_index_free(). */
struct rc_doc_cache;
struct rc_doc_cache *rc_index_docs(struct rc_index *idx);
/* True if the cached bytes look binary (a NUL in the first 8 KiB). */
bool rc_index_is_binary(const char *data, size_t len);
/* Reads e when it is a regular file of at most max_bytes that is not
 * binary: true with its bytes in data and len; false for anything else (a
 * folder, a larger or binary file, a read error: not text to search). */
bool rc_index_read_text(struct rc_index *idx, const struct rc_entry *e,
                        uint64_t max_bytes, const char **data, size_t *len);

/* On-disk lookup of an explicit repo-relative path, ignored or not. Rejects
 * absolute paths, ".." segments, and paths whose real location (symlinks
 * resolved) is outside the root: err is then a full message naming the
 * path, e.g. "path 'x' is outside the repository". Symlinks inside the root
 * are followed, so kind is the target's; a dangling symlink is
 * RC_ENTRY_SYMLINK. Returns 1 if it exists (kind set), 0 if not, -1 on a
 * bad path (err set). */
int rc_index_stat_path(const struct rc_index *idx, const char *relpath,
                       enum rc_entry_kind *kind, char *err, size_t errlen);
/* Reads an explicit path (same checks; err is the full message for a
 * refused path, else a short reason as for rc_index_read(), e.g. "No such
 * file or directory"). Cached by the path as written, until
 * rc_index_free() (rules name few such paths). */
int rc_index_read_path(struct rc_index *idx, const char *relpath,
                       const char **data, size_t *len, char *err,
                       size_t errlen);

/* The indexed entry a symlink entry inside the root stands for, following
 * links to links ("Dockerfile -> docker/Dockerfile"), or NULL when path is
 * not a symlink or its target is outside the root, dangling or not
 * indexed (ignored). */
const struct rc_entry *rc_index_link_target(struct rc_index *idx,
                                            const char *path);

/* True when .gitignore (or .git/info/exclude) ignores path, which need
 * not exist: a missing `./.env` an operator creates from a template, or a
 * runtime data folder, is ignored on purpose. */
bool rc_index_path_ignored(struct rc_index *idx, const char *path);

/* Everything the walk left out (unreadable directories; symlinks that are
 * loops, dangling or lead outside the root), sorted by path, each once. */
size_t rc_index_skips(const struct rc_index *idx, const struct rc_skip **out);
/* The unreadable directory that could hold a path matching glob (a literal
 * path works too), or NULL when the index can answer for glob. */
const struct rc_skip *rc_index_gap(const struct rc_index *idx,
                                   const char *glob);
/* Starts recording gaps: from now on rc_index_glob, rc_index_find (a
 * path not found), rc_index_stat_path and rc_index_read_path note the first
 * unreadable directory their answer could depend on; rc_index_watched()
 * returns it (NULL if none). The runner brackets every probe with these, so
 * probes need not check gaps themselves. */
void rc_index_watch(struct rc_index *idx);
const struct rc_skip *rc_index_watched(const struct rc_index *idx);
/* Notes gap as a query meeting it would (the first gap noted stands):
 * for a value made earlier in the run and shared (memo.h), whose queries
 * are not made again. */
void rc_index_rewatch(struct rc_index *idx, const struct rc_skip *gap);

/* Git facts about the root, or NULL when it is not a git checkout (root has
 * no .git directory or "gitdir:" file). The commit is HEAD's object id in
 * lowercase hex (40 chars, 64 for sha256 repositories), NULL before the
 * first commit or when refs are unreadable. The branch is "x" for
 * refs/heads/x (also before the first commit), NULL when HEAD is detached. */
const char *rc_index_git_commit(const struct rc_index *idx);
const char *rc_index_git_branch(const struct rc_index *idx);
/* The url of the remote "origin" as .git/config has it, or NULL. */
const char *rc_index_git_origin(const struct rc_index *idx);
bool rc_index_is_git(const struct rc_index *idx);

#endif
