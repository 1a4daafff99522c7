/*
 * git.h - internal: readers for git's on-disk state, used by index.c.
 *
 * Not a general git library: just what the file index needs, read without
 * running git. The tracked-file list from the index file, HEAD's commit and
 * branch, and .gitignore rules. Everything is bounded and defensive: a
 * corrupt or hostile .git yields "no information", never a crash.
 */
#ifndef READYCHECK_GIT_H
#define READYCHECK_GIT_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_buf;

/* One path listed in .git/index (stage 0 or the first conflict stage). */
struct rc_git_tracked {
  const char *path; /* repo-relative, validated (no "..", no ".git") */
  unsigned mode;    /* 0100644, 0100755, 0120000 or 0160000 (submodule) */
  bool seen;        /* scratch flag for the walk */
};

/* What rc_git_open() found. commit/branch are NULL when unknown. */
struct rc_git {
  char *git_dir;    /* the repository's private dir (.git or gitdir:) */
  char *common_dir; /* where refs live (differs for linked worktrees) */
  char *commit;     /* hex (40, or 64 for sha256), or NULL (unborn/bad) */
  char *branch;     /* "main" for refs/heads/main; NULL when detached */
  char *origin;     /* remote "origin"'s url as configured, or NULL */
  size_t hash_len;  /* raw object id bytes: 20, or 32 for sha256 */
  struct rc_git_tracked *tracked; /* sorted by path, unique */
  size_t n_tracked;
  bool index_ok; /* false when .git/index was missing or corrupt */
  struct rc_arena *arena;
};

/* Returns the git state of the checkout at root, or NULL when root has no
 * .git directory (or "gitdir:" file) that leads to a git directory. Parts
 * that cannot be read are left empty; this never fails otherwise. */
struct rc_git *rc_git_open(const char *root);
void rc_git_free(struct rc_git *g);
/* Frees the tracked list (rc_git_find finds nothing after): the index
 * keeps what it needs of it once the walk is done. */
void rc_git_drop_tracked(struct rc_git *g);
/* Tracked entry with exactly this path, or NULL (binary search). */
struct rc_git_tracked *rc_git_find(const struct rc_git *g, const char *path);

/* Parses an index file image ("DIRC", versions 2-4) into a sorted, unique
 * array allocated in a. Returns 0, or -1 with a reason in err when the data
 * is corrupt (then *out is left NULL). Never reads outside buf. */
int rc_git_parse_index(const unsigned char *buf, size_t len, size_t hash_len,
                       struct rc_arena *a, struct rc_git_tracked **out,
                       size_t *n, char *err, size_t errlen);

/* Reads at most cap bytes of the regular file at dfd/path (dfd may be
 * AT_FDCWD) into out, without following a final symlink. Returns 0, or -1
 * with errno set (EFBIG when the file is larger than cap, EINVAL when it is
 * not a regular file). */
int rc_git_slurp_at(int dfd, const char *path, size_t cap, struct rc_buf *out);

/* ---- .gitignore ------------------------------------------------------ */

/* A stack of ignore rules: rules of the directories on the current walk
 * path, deeper ones later (they take precedence). */
struct rc_ignore;

struct rc_ignore *rc_ignore_new(void);
void rc_ignore_free(struct rc_ignore *ig);
/* Adds the patterns of a .gitignore (or info/exclude) text that applies to
 * directory base ("" for the root, else "a/b" without a trailing '/'). */
void rc_ignore_add(struct rc_ignore *ig, const char *base, const char *text,
                   size_t len);
/* rc_ignore_pop(ig, rc_ignore_mark(ig)) after a subtree drops its rules. */
size_t rc_ignore_mark(const struct rc_ignore *ig);
void rc_ignore_pop(struct rc_ignore *ig, size_t mark);
/* True when the last rule matching path is not a negation. path is
 * repo-relative, below the base of every rule on the stack; name is its
 * last segment. Parent directories are not consulted: the walk does not
 * descend into an ignored directory. */
bool rc_ignore_match(const struct rc_ignore *ig, const char *path,
                     const char *name, bool is_dir);

#endif
