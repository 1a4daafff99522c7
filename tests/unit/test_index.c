/*
 * test_index.c - the repository walk: sorting, symlinks, .gitignore rules,
 * git's tracked list and HEAD (with repositories made by the git CLI),
 * corrupt git state, explicit path lookups and read caching.
 */
#include "testutil.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/diag.h"
#include "readycheck/git.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/statpool.h"

#define GIT "/usr/bin/git"

/* ---- helpers --------------------------------------------------------- */

/* files: NULL-terminated pairs of path, content. */
static void write_tree(const char *root, const char *const *files)
{
  for (size_t i = 0; files[i]; i += 2)
    rc_test_write(root, files[i], files[i + 1]);
}

static struct rc_index *build_one(const char *root,
                                  const struct rc_index_opts *opts)
{
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx = NULL;
  int rc = rc_index_build(&idx, root, opts, &d);
  if (rc != 0) {
    const char *msg = d.n ? d.items[0].msg : "?";
    fail_msg("rc_index_build(%s) failed: %s", root, msg);
  }
  rc_diag_release(&d);
  assert_non_null(idx);
  /* every index, whatever the test: entries in byte order, each once */
  for (size_t i = 1; i < rc_index_count(idx); i++)
    if (strcmp(rc_index_at(idx, i - 1)->path, rc_index_at(idx, i)->path) >= 0)
      fail_msg("'%s' before '%s'", rc_index_at(idx, i - 1)->path,
               rc_index_at(idx, i)->path);
  return idx;
}

/* Every field of every entry, and what the walk left out. */
static char *dump(const struct rc_index *idx)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    rc_buf_printf(&b, "%s|%s|%d|%o|%d|%llu\n", e->path, e->name, (int)e->kind,
                  rc_entry_mode(idx, e), (int)e->tracked,
                  (unsigned long long)rc_entry_size(idx, e));
  }
  const struct rc_skip *sk;
  size_t n = rc_index_skips(idx, &sk);
  for (size_t i = 0; i < n; i++)
    rc_buf_printf(&b, "skip %s %d %s\n", sk[i].path, (int)sk[i].kind,
                  sk[i].reason);
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}

/* The walk with threads for its stats gives the same index as without:
 * every test's tree is walked both ways. */
static void assert_same_with_jobs(const char *root,
                                  const struct rc_index_opts *opts,
                                  const struct rc_index *want, unsigned jobs)
{
  struct rc_index_opts o = opts ? *opts : (struct rc_index_opts){0};
  o.jobs = jobs;
  struct rc_index *idx = build_one(root, &o);
  char *a = dump(want), *b = dump(idx);
  if (strcmp(a, b) != 0) {
    print_error("jobs 1:\n%s--- jobs %u:\n%s", a, jobs, b);
    fail();
  }
  free(a);
  free(b);
  rc_index_free(idx);
}

static struct rc_index *build_opts(const char *root,
                                   const struct rc_index_opts *opts)
{
  struct rc_index *idx = build_one(root, opts);
  assert_same_with_jobs(root, opts, idx, 3);
  return idx;
}

static struct rc_index *build(const char *root)
{
  return build_opts(root, NULL);
}

/* One line per entry: path, '/' for directories, '@' for symlinks, '*' when
 * tracked. Compared as a whole, so a test states the complete result. */
static char *listing(const struct rc_index *idx)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    rc_buf_puts(&b, e->path);
    if (e->kind == RC_ENTRY_DIR)
      rc_buf_putc(&b, '/');
    if (e->kind == RC_ENTRY_SYMLINK)
      rc_buf_putc(&b, '@');
    if (e->tracked)
      rc_buf_putc(&b, '*');
    rc_buf_putc(&b, '\n');
  }
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}

static void assert_listing(const struct rc_index *idx, const char *want)
{
  char *got = listing(idx);
  if (strcmp(got, want) != 0) {
    print_error("listing:\n%s--- want:\n%s", got, want);
    free(got);
    fail();
  }
  free(got);
}

static void make_symlink(const char *root, const char *target, const char *rel)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s/%s", root, rel);
  if (symlink(target, b.data) != 0)
    fail_msg("symlink %s: %s", b.data, strerror(errno));
  rc_buf_release(&b);
}

static char *join(const char *root, const char *rel)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s/%s", root, rel);
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}

static bool have_git(void)
{
  return access(GIT, X_OK) == 0;
}

/* Runs git with a fixed identity and no signing, hooks or global excludes
 * from the user's config, so results do not depend on the machine. args
 * end with NULL. Returns stdout without trailing newlines. */
static char *git_va(const char *cwd, va_list ap)
{
  const char *argv[40] = {GIT,
                          "-c",
                          "user.name=t",
                          "-c",
                          "user.email=t@e",
                          "-c",
                          "commit.gpgsign=false",
                          "-c",
                          "init.defaultBranch=main",
                          "-c",
                          "core.hooksPath=/dev/null",
                          "-c",
                          "core.excludesFile=/dev/null"};
  size_t n = 13;
  const char *arg;
  while ((arg = va_arg(ap, const char *)) != NULL && n < 39)
    argv[n++] = arg;
  argv[n] = NULL;
  char *out = NULL, *err = NULL;
  int rc = rc_test_run(argv, cwd, &out, &err);
  if (rc != 0)
    fail_msg("git %s failed (%d): %s", argv[13], rc, err ? err : "");
  free(err);
  size_t len = strlen(out);
  while (len && out[len - 1] == '\n')
    out[--len] = '\0';
  return out;
}

static char *git_out(const char *cwd, ...)
{
  va_list ap;
  va_start(ap, cwd);
  char *out = git_va(cwd, ap);
  va_end(ap);
  return out;
}

static void git(const char *cwd, ...)
{
  va_list ap;
  va_start(ap, cwd);
  free(git_va(cwd, ap));
  va_end(ap);
}

static char *git_repo(void)
{
  char *root = rc_test_mkdtemp();
  git(root, "init", "-q", NULL);
  return root;
}

static void commit_all(const char *root)
{
  git(root, "add", "-A", NULL);
  git(root, "commit", "-q", "-m", "c", NULL);
}

/* ---- walking --------------------------------------------------------- */

static void test_sorted_with_dirs(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  static const char *const files[] = {
      "b.txt", "b", "a/z.txt", "z", "a/b/c.txt", "c", "a.txt", "a",
      "A.txt", "A", "a-b",     "-", "a/b.txt",   "x", NULL,
  };
  write_tree(root, files);
  rc_test_mkdir(root, "empty");
  struct rc_index *idx = build(root);
  /* byte order: '-' (0x2d) and '.' (0x2e) sort before '/' (0x2f) */
  assert_listing(idx, "A.txt\n"
                      "a/\n"
                      "a-b\n"
                      "a.txt\n"
                      "a/b/\n"
                      "a/b.txt\n"
                      "a/b/c.txt\n"
                      "a/z.txt\n"
                      "b.txt\n"
                      "empty/\n");
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_entry_fields(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write_mode(root, "bin/run.sh", "#!/bin/sh\n", 0755);
  rc_test_write(root, "data.txt", "12345");
  struct rc_index *idx = build(root);
  const struct rc_entry *e = rc_index_find(idx, "bin/run.sh");
  assert_non_null(e);
  assert_string_equal(e->name, "run.sh");
  assert_int_equal(e->kind, RC_ENTRY_FILE);
  assert_true(S_ISREG(rc_entry_mode(idx, e)));
  assert_int_equal(rc_entry_mode(idx, e) & 0777, 0755);
  assert_false(e->tracked);
  e = rc_index_find(idx, "data.txt");
  assert_non_null(e);
  assert_int_equal(rc_entry_size(idx, e), 5);
  assert_string_equal(e->name, "data.txt");
  e = rc_index_find(idx, "bin");
  assert_non_null(e);
  assert_int_equal(e->kind, RC_ENTRY_DIR);
  assert_true(S_ISDIR(rc_entry_mode(idx, e)));
  assert_null(rc_index_find(idx, "bin/"));
  assert_null(rc_index_find(idx, "missing"));
  assert_null(rc_index_find(idx, ""));
  /* a path a caller could not make (rc_path_join's NULL) is no entry */
  assert_null(rc_index_find(idx, NULL));
  assert_null(rc_index_at(idx, rc_index_count(idx)));
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* A regular file's mode and size are read once, on first need: by the
 * accessor (an lstat), or by the read that opened the file (its fstat).
 * The files change on disk after that first answer: the entry keeps it. */
static void test_stat_on_first_need(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "read-first.txt", "hello\n");
  rc_test_write(root, "asked-first.txt", "12345");
  rc_test_write_mode(root, "run.sh", "#!/bin/sh\n", 0755);
  rc_test_write(root, "big.bin", "");
  char *big = join(root, "big.bin");
  assert_int_equal(truncate(big, 33 * 1024 * 1024), 0);
  free(big);
  /* build() would ask every entry's mode and size (to compare with more
   * jobs): no first need left to test */
  struct rc_index *idx = build_one(root, NULL);
  const struct rc_entry *r = rc_index_find(idx, "read-first.txt");
  const struct rc_entry *a = rc_index_find(idx, "asked-first.txt");
  const struct rc_entry *x = rc_index_find(idx, "run.sh");
  struct rc_buf b = {0};
  char err[128];
  assert_int_equal(rc_index_load(idx, r, NULL, &b, err, sizeof(err)), 0);
  assert_int_equal(rc_entry_size(idx, a), 5);
  rc_test_write(root, "read-first.txt", "hello, world\n");
  rc_test_write(root, "asked-first.txt", "1234567890");
  char *path = join(root, "run.sh");
  assert_int_equal(chmod(path, 0644), 0);
  free(path);
  assert_int_equal(rc_entry_size(idx, r), 6); /* the read's fstat */
  assert_int_equal(rc_entry_size(idx, a), 5); /* the first lstat */
  assert_int_equal(rc_entry_mode(idx, a), 0100644);
  assert_int_equal(rc_entry_mode(idx, x), 0100644); /* asked first now */
  assert_int_equal(rc_entry_mode(idx, x), 0100644);
  /* a file over the read limit is refused after the open's fstat, with
   * the message and no read counted, as when its size was known */
  const struct rc_entry *g = rc_index_find(idx, "big.bin");
  assert_int_equal(rc_index_load(idx, g, NULL, &b, err, sizeof(err)), -1);
  assert_string_equal(err, "file is larger than 32 MiB");
  assert_int_equal(rc_index_loads(idx, g), 0);
  assert_int_equal(rc_entry_size(idx, g), 33 * 1024 * 1024);
  assert_int_equal(rc_index_loads(idx, r), 1);
  rc_buf_release(&b);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

struct asker {
  const struct rc_index *idx;
  unsigned offset; /* where in the entries this thread starts */
  char *answers;   /* every entry's mode and size, one line each */
};

static void *ask_all(void *arg)
{
  struct asker *k = arg;
  size_t n = rc_index_count(k->idx);
  char **lines = calloc(n, sizeof(*lines));
  for (size_t j = 0; j < n; j++) {
    size_t i = (j + k->offset) % n;
    const struct rc_entry *e = rc_index_at(k->idx, i);
    struct rc_buf line = {0};
    rc_buf_init(&line);
    rc_buf_printf(&line, "%s %o %llu\n", e->path, rc_entry_mode(k->idx, e),
                  (unsigned long long)rc_entry_size(k->idx, e));
    lines[i] = rc_buf_detach(&line);
    rc_buf_release(&line);
  }
  struct rc_buf all;
  rc_buf_init(&all);
  for (size_t i = 0; i < n; i++) {
    rc_buf_puts(&all, lines[i]);
    free(lines[i]);
  }
  free(lines);
  k->answers = rc_buf_detach(&all);
  rc_buf_release(&all);
  return NULL;
}

/* Threads that ask for the same entries' modes and sizes at once get
 * lstat's answers (a ThreadSanitizer build checks the rest). */
static void test_stat_from_threads(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  struct rc_buf path, body;
  rc_buf_init(&path);
  rc_buf_init(&body);
  for (int i = 0; i < 300; i++) {
    path.len = 0;
    body.len = 0;
    rc_buf_printf(&path, "d%d/f%d.txt", i % 7, i);
    for (int k = 0; k < i; k++)
      rc_buf_putc(&body, 'x');
    rc_test_write_mode(root, path.data, body.data, i % 3 ? 0644 : 0755);
  }
  rc_buf_release(&path);
  rc_buf_release(&body);
  struct rc_index *idx = build_one(root, NULL); /* nothing asked yet */
  struct rc_buf want;
  rc_buf_init(&want);
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    char *full = join(root, e->path);
    struct stat st;
    assert_int_equal(lstat(full, &st), 0);
    free(full);
    rc_buf_printf(&want, "%s %o %llu\n", e->path,
                  S_ISDIR(st.st_mode) ? (unsigned)S_IFDIR
                                      : (unsigned)st.st_mode,
                  S_ISDIR(st.st_mode) ? 0ULL : (unsigned long long)st.st_size);
  }
  struct asker k[4];
  pthread_t t[4];
  for (unsigned i = 0; i < 4; i++) {
    k[i] = (struct asker){idx, i * 71, NULL};
    assert_int_equal(pthread_create(&t[i], NULL, ask_all, &k[i]), 0);
  }
  for (unsigned i = 0; i < 4; i++) {
    assert_int_equal(pthread_join(t[i], NULL), 0);
    assert_string_equal(k[i].answers, want.data);
    free(k[i].answers);
  }
  rc_buf_release(&want);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The walk sorts each directory's names, not whole paths: names that
 * sort around a directory's "d/" ('-' and '.' before '/', '0' after it),
 * names that are prefixes of others, bytes above 0x7f, empty and deep
 * directories. build_one() checks the order; here it is also the whole
 * list, against a sort of every path. */
static void test_walk_order(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  static const char *const names[] = {
      "d",   "d-x", "d.x",  "d0",   "d x",    "dd", "~",    "D",
      "d/e", "d/f", "d/e-", "d/e0", "d/e0/z", "d-", "d-/a", "d-/b"};
  static const char *const files[] = {
      "a-b",   "a.b",        "a0",        "a b",    "ab",
      "a/x-y", "a/x/z",      "a/x.y/z",   "a/x0/z", "a/xx",
      "a-/q",  "\xc3\xa9/z", "z/y/x/w/v", "\xff",   "b/c/d/e/f/g"};
  for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
    rc_test_write(root, files[i], "x");
  for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
    char *dir = join(root, names[i]);
    assert_int_equal(mkdir(dir, 0755), 0);
    free(dir);
  }
  struct rc_index *idx = build_one(root, NULL);
  size_t n = rc_index_count(idx);
  const char **paths = calloc(n, sizeof(*paths));
  for (size_t i = 0; i < n; i++)
    paths[n - 1 - i] = rc_index_at(idx, i)->path;
  qsort(paths, n, sizeof(*paths), cmp_str);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(rc_index_at(idx, i)->path, paths[i]);
  assert_non_null(rc_index_find(idx, "d/e0/z"));
  assert_non_null(rc_index_find(idx, "\xc3\xa9/z"));
  assert_int_equal(n, 46);
  free(paths);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* The same tree, whatever way the root is spelled. */
static void test_root_spellings(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "repo/x/y.txt", "y");
  rc_test_write(root, "repo/z", "z");
  static const char *const want = "x/\nx/y.txt\nz\n";
  char cwd[PATH_MAX];
  assert_non_null(getcwd(cwd, sizeof(cwd)));
  assert_int_equal(chdir(root), 0);
  static const char *const spellings[] = {"repo", "repo/", "./repo", "./repo//",
                                          NULL};
  for (size_t i = 0; spellings[i]; i++) {
    struct rc_index *idx = build(spellings[i]);
    assert_listing(idx, want);
    rc_index_free(idx);
  }
  assert_int_equal(chdir("repo"), 0);
  struct rc_index *idx = build(".");
  assert_listing(idx, want);
  assert_string_equal(rc_index_root(idx), ".");
  rc_index_free(idx);
  idx = build("./");
  assert_string_equal(rc_index_root(idx), ".");
  rc_index_free(idx);
  assert_int_equal(chdir(cwd), 0);
  char *abs = join(root, "repo/");
  idx = build(abs);
  assert_listing(idx, want);
  abs[strlen(abs) - 1] = '\0';
  assert_string_equal(rc_index_root(idx), abs);
  rc_index_free(idx);
  free(abs);
  rc_test_rmtree(root);
  free(root);
}

/* Paths that need not exist are judged by the .gitignore rules of their
 * folders, the root's first. */
static void test_path_ignored(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, ".gitignore", ".env\ndocker-data/\n");
  rc_test_write(root, "svc/.gitignore", "*.log\n!keep.log\n");
  rc_test_write(root, "svc/app.js", "x");
  struct rc_index *idx = build(root);
  assert_true(rc_index_path_ignored(idx, ".env"));
  assert_true(rc_index_path_ignored(idx, "svc/.env"));
  assert_true(rc_index_path_ignored(idx, "docker-data/dms/mail-state"));
  assert_true(rc_index_path_ignored(idx, "svc/out.log"));
  assert_false(rc_index_path_ignored(idx, "svc/keep.log"));
  assert_false(rc_index_path_ignored(idx, "nginx/nginx.conf"));
  assert_false(rc_index_path_ignored(idx, "svc/app.js"));
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_symlinks_not_followed(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "sub/f.txt", "f");
  make_symlink(root, "/", "slash");
  make_symlink(root, "..", "up");
  make_symlink(root, "sub", "sub-link");
  make_symlink(root, "sub/f.txt", "f-link");
  make_symlink(root, "loop", "loop");
  make_symlink(root, "/nonexistent/x", "dangling");
  struct rc_index *idx = build(root);
  assert_listing(idx, "dangling@\n"
                      "f-link@\n"
                      "loop@\n"
                      "slash@\n"
                      "sub/\n"
                      "sub-link@\n"
                      "sub/f.txt\n"
                      "up@\n");
  const struct rc_entry *e = rc_index_find(idx, "f-link");
  assert_true(S_ISLNK(rc_entry_mode(idx, e)));
  /* A link inside the root stands for its target; the rest for nothing. */
  assert_string_equal(rc_index_link_target(idx, "f-link")->path, "sub/f.txt");
  assert_string_equal(rc_index_link_target(idx, "sub-link")->path, "sub");
  assert_null(rc_index_link_target(idx, "slash"));
  assert_null(rc_index_link_target(idx, "dangling"));
  assert_null(rc_index_link_target(idx, "loop"));
  assert_null(rc_index_link_target(idx, "sub/f.txt"));
  const char *data;
  size_t len;
  char err[128] = "";
  assert_int_equal(rc_index_read(idx, e, &data, &len, err, sizeof(err)), -1);
  assert_non_null(strstr(err, "symbolic link"));
  /* The ones that stand for nothing in the repository are noted once
   * each; links to something inside are not. */
  const struct rc_skip *sk;
  size_t n = rc_index_skips(idx, &sk);
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n; i++)
    rc_buf_printf(&b, "%s %d %s\n", sk[i].path, (int)sk[i].kind, sk[i].reason);
  assert_string_equal(b.data,
                      "dangling 1 dangling symbolic link\n"
                      "loop 1 symbolic link loop\n"
                      "slash 1 symbolic link to outside the repository\n"
                      "up 1 symbolic link to outside the repository\n");
  rc_buf_release(&b);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* An unreadable directory below the root is noted with the OS reason and
 * the walk goes on; queries that could reach into it report the gap. */
static void test_unreadable_directory_skipped(void **state)
{
  (void)state;
  char msg[256];
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "README.md", "x");
  rc_test_write(root, "src/a.c", "x");
  rc_test_write(root, "private/keys/Dockerfile", "x");
  rc_test_write(root, "zz/b.c", "x");
  char *priv = join(root, "private");
  assert_int_equal(chmod(priv, 0), 0);
  if (rc_test_respect_permissions(true, msg, sizeof(msg)) != 0)
    fail_msg("cannot make permissions apply to this test: %s", msg);
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx = NULL;
  int rc = rc_index_build(&idx, root, NULL, &d);
  rc_test_respect_permissions(false, msg, sizeof(msg));
  chmod(priv, 0755);
  assert_int_equal(rc, 0);
  /* Everything readable is there, the unreadable directory as an entry. */
  assert_listing(idx, "README.md\nprivate/\nsrc/\nsrc/a.c\nzz/\nzz/b.c\n");
  assert_int_equal(d.n_errors, 0);
  assert_int_equal(d.n, 1);
  assert_non_null(strstr(d.items[0].msg, "private': Permission denied"));
  const struct rc_skip *sk;
  assert_int_equal(rc_index_skips(idx, &sk), 1);
  assert_string_equal(sk[0].path, "private");
  assert_string_equal(sk[0].reason, "Permission denied");
  assert_int_equal(sk[0].kind, RC_SKIP_DIR);
  /* Which questions the index can still answer. */
  assert_ptr_equal(rc_index_gap(idx, "**/Dockerfile"), &sk[0]);
  assert_ptr_equal(rc_index_gap(idx, "private/keys/Dockerfile"), &sk[0]);
  assert_ptr_equal(rc_index_gap(idx, "*/keys/*"), &sk[0]);
  assert_null(rc_index_gap(idx, "src/**"));
  assert_null(rc_index_gap(idx, "Dockerfile"));
  assert_null(rc_index_gap(idx, "private"));
  assert_ptr_equal(rc_index_gap(idx, "*/b.c"), &sk[0]); /* private/b.c? */
  assert_null(rc_index_gap(idx, "zz/*.c"));
  /* The watch records the first gap a query met, and only then. */
  rc_index_watch(idx);
  assert_non_null(rc_index_find(idx, "src/a.c"));
  assert_null(rc_index_find(idx, "src/none.c"));
  assert_null(rc_index_watched(idx));
  assert_null(rc_index_find(idx, "private/x"));
  assert_ptr_equal(rc_index_watched(idx), &sk[0]);
  rc_index_watch(idx);
  assert_null(rc_index_watched(idx));
  enum rc_entry_kind kind;
  char err[128];
  rc_index_stat_path(idx, "private/keys/Dockerfile", &kind, err, sizeof(err));
  assert_ptr_equal(rc_index_watched(idx), &sk[0]);
  rc_index_free(idx);
  rc_diag_release(&d);
  free(priv);
  rc_test_rmtree(root);
  free(root);
}

static void test_dot_git_skipped(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, ".git/config", "[core]\n");
  rc_test_write(root, ".git/objects/ab/cdef", "x");
  rc_test_write(root, "vendor/lib/.git", "gitdir: ../../.git/modules/lib\n");
  rc_test_write(root, "vendor/lib/a.c", "a");
  rc_test_write(root, ".gitignore", "");
  rc_test_write(root, ".github/ci.yml", "on: push\n");
  struct rc_index *idx = build(root);
  assert_listing(idx, ".github/\n"
                      ".github/ci.yml\n"
                      ".gitignore\n"
                      "vendor/\n"
                      "vendor/lib/\n"
                      "vendor/lib/a.c\n");
  assert_true(rc_index_is_git(idx));
  assert_null(rc_index_git_commit(idx));
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_not_a_directory(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "file", "x");
  char *file = join(root, "file");
  char *missing = join(root, "missing");
  const char *bad[] = {file, missing};
  for (size_t i = 0; i < 2; i++) {
    struct rc_diag d;
    rc_diag_init(&d);
    struct rc_index *idx = (struct rc_index *)1;
    assert_int_equal(rc_index_build(&idx, bad[i], NULL, &d), -1);
    assert_null(idx);
    assert_true(rc_diag_has_errors(&d));
    assert_non_null(strstr(d.items[0].msg, "cannot open directory"));
    assert_non_null(strstr(d.items[0].msg, bad[i]));
    rc_diag_release(&d);
  }
  free(file);
  free(missing);
  rc_test_rmtree(root);
  free(root);
}

static void test_max_entries(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  static const char *const files[] = {"a", "1", "b", "2", "c/d", "3", NULL};
  write_tree(root, files);
  struct rc_index_opts opts = {.max_entries = 4};
  struct rc_index *idx = build_opts(root, &opts);
  assert_int_equal(rc_index_count(idx), 4);
  rc_index_free(idx);
  opts.max_entries = 3;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&idx, root, &opts, &d), -1);
  assert_null(idx);
  assert_non_null(strstr(d.items[0].msg, "more than 3"));
  rc_diag_release(&d);
  rc_test_rmtree(root);
  free(root);
}

static void test_too_deep(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  struct rc_buf p;
  rc_buf_init(&p);
  for (int i = 0; i < 300; i++)
    rc_buf_puts(&p, "d/");
  rc_buf_puts(&p, "f");
  rc_test_write(root, p.data, "x");
  rc_buf_release(&p);
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx;
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), -1);
  assert_non_null(strstr(d.items[0].msg, "nested more than"));
  rc_diag_release(&d);
  rc_test_rmtree(root);
  free(root);
}

/* ---- .gitignore ------------------------------------------------------ */

struct ignore_case {
  const char *name;
  const char *const *files; /* path, content pairs */
  const char *want;         /* listing */
};

static const char *const neg_files[] = {
    ".gitignore", "*.log\n!keep.log\n", "a.log", "",      "keep.log",
    "",           "sub/b.log",          "",      "x.txt", "",
    NULL};
static const char *const dironly_files[] = {
    ".gitignore", "build/\n", "build", "a file, not ignored", "out/build/x", "",
    "out/y",      "",         NULL};
static const char *const anchored_files[] = {".gitignore",
                                             "/root.txt\ndoc/*.md\n/dist\n",
                                             "root.txt",
                                             "",
                                             "sub/root.txt",
                                             "",
                                             "doc/a.md",
                                             "",
                                             "doc/x/b.md",
                                             "",
                                             "sub/doc/c.md",
                                             "",
                                             "dist/bundle.js",
                                             "",
                                             "sub/dist/keep.js",
                                             "",
                                             NULL};
static const char *const nested_files[] = {".gitignore",
                                           "*.tmp\n",
                                           "x.tmp",
                                           "",
                                           "sub/.gitignore",
                                           "!x.tmp\n/only-here.txt\n",
                                           "sub/x.tmp",
                                           "",
                                           "sub/y.tmp",
                                           "",
                                           "sub/only-here.txt",
                                           "",
                                           "sub/deeper/only-here.txt",
                                           "",
                                           "only-here.txt",
                                           "",
                                           NULL};
static const char *const globstar_files[] = {
    ".gitignore",
    "**/cache\nlogs/**\na/**/z\n**/gen/*.c\n",
    "cache/1",
    "",
    "x/y/cache/2",
    "",
    "logs/today",
    "",
    "a/z",
    "",
    "a/b/c/z",
    "",
    "b/a/z",
    "",
    "src/gen/g.c",
    "",
    "src/gen/keep.h",
    "",
    NULL};
static const char *const reinclude_files[] = {
    ".gitignore", "secret/\n!secret/ok\ndir/*\n!dir/keep\n",
    "secret/ok",  "",
    "dir/keep",   "",
    "dir/other",  "",
    NULL};
static const char *const escape_files[] = {
    ".gitignore",  "# a comment\n\\#hash\n\\!bang\nspace\\ \ntrail   \n\n   \n",
    "# a comment", "",
    "#hash",       "",
    "!bang",       "",
    "space ",      "",
    "space",       "",
    "trail",       "",
    "trail   ",    "",
    NULL};
static const char *const literal_files[] = {".gitignore", "{a,b}.txt\n[ab].c\n",
                                            "{a,b}.txt",  "",
                                            "a.txt",      "",
                                            "a.c",        "",
                                            "c.c",        "",
                                            NULL};
static const char *const crlf_files[] = {
    ".gitignore", "*.o\r\nbin/\r\n", "x.o", "", "bin/tool", "", "x.c", "",
    NULL};
static const char *const order_files[] = {
    ".gitignore", "!important.log\n*.log\n", "important.log", "", NULL};

static const char *const middle_files[] = {".gitignore", "a/b\n*/\n!keep*/\n",
                                           "a/b",        "",
                                           "x/a/b",      "",
                                           "keep1/f",    "",
                                           "top",        "",
                                           NULL};
static const char *const dirneg_files[] = {
    ".gitignore", "build/\n!build/\nout/**/\n",
    "build/x",    "",
    "out/f",      "",
    "out/d/g",    "",
    NULL};
static const char *const deep_files[] = {".gitignore",
                                         "!*.keep\n",
                                         "a/.gitignore",
                                         "*.keep\n/local\n",
                                         "a/x.keep",
                                         "",
                                         "a/local",
                                         "",
                                         "a/b/local",
                                         "",
                                         "y.keep",
                                         "",
                                         "ign/.gitignore",
                                         "!*\n",
                                         "ign/z",
                                         "",
                                         ".hidden/.gitignore",
                                         "*\n",
                                         ".hidden/f",
                                         "",
                                         NULL};
static const char *const class_files[] = {
    ".gitignore", "[!a]*.c\nx**y\nq?\n\\?\n",
    "a1.c",       "",
    "b1.c",       "",
    "xABy",       "",
    "x/y",        "",
    "q1",         "",
    "?",          "",
    "qq1",        "",
    NULL};

static const struct ignore_case ignore_cases[] = {
    {"negation", neg_files, ".gitignore\nkeep.log\nsub/\nx.txt\n"},
    {"dir-only", dironly_files, ".gitignore\nbuild\nout/\nout/y\n"},
    {"anchored", anchored_files,
     ".gitignore\ndoc/\ndoc/x/\ndoc/x/b.md\nsub/\nsub/dist/\n"
     "sub/dist/keep.js\nsub/doc/\nsub/doc/c.md\nsub/root.txt\n"},
    {"nested", nested_files,
     ".gitignore\nonly-here.txt\nsub/\nsub/.gitignore\nsub/deeper/\n"
     "sub/deeper/only-here.txt\nsub/x.tmp\n"},
    {"globstar", globstar_files,
     ".gitignore\na/\na/b/\na/b/c/\nb/\nb/a/\nb/a/z\nlogs/\nsrc/\nsrc/gen/\n"
     "src/gen/keep.h\nx/\nx/y/\n"},
    {"parent-excluded", reinclude_files, ".gitignore\ndir/\ndir/keep\n"},
    {"escapes", escape_files, "# a comment\n.gitignore\nspace\ntrail   \n"},
    {"no-braces", literal_files, ".gitignore\na.txt\nc.c\n"},
    {"crlf", crlf_files, ".gitignore\nx.c\n"},
    {"last-wins", order_files, ".gitignore\n"},
    {"middle-slash", middle_files, ".gitignore\nkeep1/\nkeep1/f\ntop\n"},
    {"dir-negation", dirneg_files,
     ".gitignore\nbuild/\nbuild/x\nout/\nout/f\n"},
    {"deeper-wins", deep_files,
     ".gitignore\n.hidden/\na/\na/.gitignore\na/b/\na/b/local\nign/\n"
     "ign/.gitignore\nign/z\ny.keep\n"},
    {"classes", class_files, ".gitignore\na1.c\nqq1\nx/\nx/y\n"},
};

static void test_gitignore_table(void **state)
{
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < sizeof(ignore_cases) / sizeof(ignore_cases[0]); i++) {
    const struct ignore_case *c = &ignore_cases[i];
    char *root = rc_test_mkdtemp();
    write_tree(root, c->files);
    struct rc_index *idx = build(root);
    char *got = listing(idx);
    if (strcmp(got, c->want) != 0) {
      print_error("case %s:\n%s--- want:\n%s", c->name, got, c->want);
      failures++;
    }
    free(got);
    rc_index_free(idx);
    rc_test_rmtree(root);
    free(root);
  }
  assert_int_equal(failures, 0);
}

/* The same cases against git itself: the untracked files git lists are
 * exactly our file entries. */
static void test_gitignore_agrees_with_git(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  int failures = 0;
  for (size_t i = 0; i < sizeof(ignore_cases) / sizeof(ignore_cases[0]); i++) {
    const struct ignore_case *c = &ignore_cases[i];
    char *root = git_repo();
    write_tree(root, c->files);
    char *theirs = git_out(root, "-c", "core.quotePath=false", "ls-files",
                           "--others", "--exclude-standard", NULL);
    struct rc_index *idx = build(root);
    struct rc_buf ours;
    rc_buf_init(&ours);
    for (size_t k = 0; k < rc_index_count(idx); k++) {
      const struct rc_entry *e = rc_index_at(idx, k);
      if (e->kind != RC_ENTRY_DIR)
        rc_buf_printf(&ours, "%s%s", ours.len ? "\n" : "", e->path);
    }
    if (strcmp(ours.data, theirs) != 0) {
      print_error("case %s: ours:\n%s\n--- git:\n%s\n", c->name, ours.data,
                  theirs);
      failures++;
    }
    rc_buf_release(&ours);
    free(theirs);
    rc_index_free(idx);
    rc_test_rmtree(root);
    free(root);
  }
  assert_int_equal(failures, 0);
}

static void test_no_gitignore_option(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  write_tree(root, neg_files);
  struct rc_index_opts opts = {.no_gitignore = true};
  struct rc_index *idx = build_opts(root, &opts);
  assert_listing(idx, ".gitignore\na.log\nkeep.log\nsub/\nsub/b.log\nx.txt\n");
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* An ignored directory costs nothing: the walk never enters it, so its
 * many files do not count against max_entries. */
static void test_ignored_dir_not_descended(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, ".gitignore", "node_modules/\n");
  rc_test_write(root, "index.js", "");
  char name[64];
  for (int i = 0; i < 50; i++) {
    snprintf(name, sizeof(name), "node_modules/p%d/index.js", i);
    rc_test_write(root, name, "");
  }
  struct rc_index_opts opts = {.max_entries = 5};
  struct rc_index *idx = build_opts(root, &opts);
  assert_listing(idx, ".gitignore\nindex.js\n");
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_info_exclude(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, ".git/HEAD", "ref: refs/heads/main\n");
  rc_test_write(root, ".git/info/exclude", "*.secret\n!keep.secret\n");
  rc_test_write(root, "a.secret", "");
  rc_test_write(root, "keep.secret", "");
  /* .gitignore files take precedence over info/exclude */
  rc_test_write(root, "sub/.gitignore", "!b.secret\n");
  rc_test_write(root, "sub/b.secret", "");
  rc_test_write(root, "sub/c.secret", "");
  struct rc_index *idx = build(root);
  assert_listing(idx, "keep.secret\nsub/\nsub/.gitignore\nsub/b.secret\n");
  assert_true(rc_index_is_git(idx));
  assert_string_equal(rc_index_git_branch(idx), "main");
  assert_null(rc_index_git_commit(idx));
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* ---- git ------------------------------------------------------------- */

static void test_plain_directory_is_not_git(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "a", "");
  struct rc_index *idx = build(root);
  assert_false(rc_index_is_git(idx));
  assert_null(rc_index_git_commit(idx));
  assert_null(rc_index_git_branch(idx));
  assert_false(rc_index_find(idx, "a")->tracked);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_git_tracked_and_ignored(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  rc_test_write(root, ".gitignore", ".env*\nbuild/\n*.log\n");
  rc_test_write(root, ".env.production", "API_KEY=committed-by-mistake\n");
  rc_test_write(root, "build/keep/me.txt", "tracked in an ignored dir");
  rc_test_write(root, "src/app.c", "int main(void) { return 0; }\n");
  rc_test_write(root, "gone.txt", "deleted later");
  git(root, "add", "-f", ".env.production", "build/keep/me.txt", NULL);
  commit_all(root);
  rc_test_write(root, ".env.local", "untracked, ignored");
  rc_test_write(root, "build/other.txt", "untracked, ignored");
  rc_test_write(root, "debug.log", "untracked, ignored");
  rc_test_write(root, "new.txt", "untracked, not ignored");
  char *gone = join(root, "gone.txt");
  assert_int_equal(unlink(gone), 0);
  free(gone);
  struct rc_index *idx = build(root);
  assert_listing(idx, ".env.production*\n"
                      ".gitignore*\n"
                      "build/\n"
                      "build/keep/\n"
                      "build/keep/me.txt*\n"
                      "new.txt\n"
                      "src/\n"
                      "src/app.c*\n");
  assert_true(rc_index_is_git(idx));
  /* the ignored directory added for its tracked file is a real entry */
  const struct rc_entry *e = rc_index_find(idx, "build/keep/me.txt");
  assert_string_equal(e->name, "me.txt");
  assert_int_equal(rc_entry_mode(idx, e), 0100644);
  assert_int_equal(rc_entry_size(idx, e), strlen("tracked in an ignored dir"));
  int hits = 0;
  rc_index_free(idx);

  /* without .gitignore every file is listed; tracked ones still marked */
  struct rc_index_opts opts = {.no_gitignore = true};
  idx = build_opts(root, &opts);
  assert_true(rc_index_find(idx, ".env.production")->tracked);
  assert_false(rc_index_find(idx, ".env.local")->tracked);
  assert_non_null(rc_index_find(idx, "build/other.txt"));
  assert_null(rc_index_find(idx, "gone.txt"));
  for (size_t i = 0; i < rc_index_count(idx); i++)
    hits += rc_index_at(idx, i)->tracked;
  assert_int_equal(hits, 4);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* Many tracked files under ignored directories: each directory appears
 * once, and the entry count stays exact (max_entries is met, not passed). */
static void test_git_tracked_in_ignored_dirs(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  rc_test_write(root, ".gitignore", "vendor/\n");
  char name[64];
  for (int i = 0; i < 10; i++) {
    snprintf(name, sizeof(name), "vendor/a/f%d", i);
    rc_test_write(root, name, "");
    snprintf(name, sizeof(name), "vendor/a-b/c/g%d", i);
    rc_test_write(root, name, "");
  }
  git(root, "add", "-f", ".", NULL);
  git(root, "commit", "-q", "-m", "c", NULL);
  rc_test_write(root, "vendor/untracked", "");
  /* .gitignore, vendor, vendor/a, vendor/a-b, vendor/a-b/c + 20 files */
  struct rc_index_opts opts = {.max_entries = 25};
  struct rc_index *idx = build_opts(root, &opts);
  assert_int_equal(rc_index_count(idx), 25);
  assert_null(rc_index_find(idx, "vendor/untracked"));
  const struct rc_entry *e = rc_index_find(idx, "vendor/a-b/c");
  assert_non_null(e);
  assert_int_equal(e->kind, RC_ENTRY_DIR);
  assert_true(rc_index_find(idx, "vendor/a-b/c/g9")->tracked);
  for (size_t i = 1; i < rc_index_count(idx); i++)
    assert_true(
        strcmp(rc_index_at(idx, i - 1)->path, rc_index_at(idx, i)->path) < 0);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* Many directories, and directories of more names than a batch of the
 * walk's stat threads holds: the same entries at every --jobs. */
static void test_walk_threads_same_entries(void **state)
{
  (void)state;
  assert_true(have_git());
  char *root = git_repo();
  rc_test_write(root, ".gitignore", "ignored/\n*.log\n");
  char name[64], body[32];
  for (int d = 0; d < 60; d++)
    for (int f = 0; f < 12; f++) {
      snprintf(name, sizeof(name), "d%02d/s%d/f%d.txt", d, d % 3, f);
      snprintf(body, sizeof(body), "%*s", d + f, "x");
      rc_test_write(root, name, body);
    }
  for (int f = 0; f < 700; f++) {
    snprintf(name, sizeof(name), "big/%s%d", f % 7 ? "n" : "x.log", f);
    rc_test_write(root, name, f % 2 ? "odd" : "");
  }
  rc_test_write(root, "ignored/kept", "tracked though ignored");
  rc_test_write(root, "ignored/dropped", "");
  git(root, "add", "-f", "ignored/kept", "d00", NULL);
  git(root, "commit", "-q", "-m", "c", NULL);
  char *exe = join(root, "d01/s1/f3.txt");
  assert_int_equal(chmod(exe, 0755), 0);
  free(exe);
  make_symlink(root, "d02/s2/f1.txt", "big/link");
  make_symlink(root, "/nonexistent", "big/dangling");
  make_symlink(root, "..", "d03/up");
  struct rc_index *idx = build_one(root, NULL);
  assert_true(rc_index_count(idx) > 1400);
  assert_non_null(rc_index_find(idx, "ignored/kept"));
  assert_null(rc_index_find(idx, "ignored/dropped"));
  assert_int_equal(rc_entry_size(idx, rc_index_find(idx, "d05/s2/f4.txt")), 9);
  for (unsigned jobs = 2; jobs <= 17; jobs += 5)
    assert_same_with_jobs(root, NULL, idx, jobs);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

struct stats_seen {
  size_t n;
  struct rc_stat_result got[1800];
};

static void record_stat(const struct rc_stat_result *r, void *arg)
{
  struct stats_seen *s = arg;
  assert_true(s->n < 1800);
  s->got[s->n++] = *r;
}

/* The pool gives each lstat's own answer (errors too), in queue order,
 * across batches, directories and threads. */
static void test_stat_pool(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "one/a", "abc");
  rc_test_write(root, "one/sub/x", "");
  rc_test_write(root, "two/a", "abcdefgh");
  make_symlink(root, "a", "one/c");
  static const char *const names[] = {"a", "sub", "c", "missing"};
  for (unsigned threads = 0; threads <= 3; threads++) {
    struct rc_stat_pool *p = rc_stat_pool_new(threads);
    struct stats_seen *seen = rc_xcalloc(1, sizeof(*seen));
    size_t tag = 0;
    for (int round = 0; round < 3; round++) {
      for (int d = 0; d < 2; d++) {
        char *dir = join(root, d ? "two" : "one");
        int dfd = open(dir, O_RDONLY | O_DIRECTORY);
        assert_true(dfd >= 0);
        for (size_t i = 0; i < 300; i++)
          rc_stat_pool_add(p, dfd, names[i % 4], tag++);
        rc_stat_pool_flush(p);
        close(dfd); /* the pool keeps its own */
        free(dir);
      }
    }
    rc_stat_pool_finish(p, record_stat, seen);
    assert_int_equal(seen->n, tag);
    for (size_t i = 0; i < seen->n; i++) {
      const struct rc_stat_result *r = &seen->got[i];
      assert_int_equal(r->tag, i);
      bool two = (i / 300) % 2;
      const char *name = names[i % 300 % 4];
      char *dir = join(root, two ? "two" : "one");
      char *path = join(dir, name);
      struct stat st;
      int rc = lstat(path, &st);
      int err = rc ? errno : 0;
      assert_int_equal(r->err, err);
      if (!err) {
        assert_int_equal(r->mode, (unsigned)st.st_mode);
        assert_int_equal(r->size, (uint64_t)st.st_size);
      }
      free(path);
      free(dir);
    }
    free(seen);
    rc_stat_pool_free(p);
  }
  /* Freed with work queued and never finished: nothing leaks or hangs. */
  struct rc_stat_pool *p = rc_stat_pool_new(2);
  char *dir = join(root, "one");
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  for (size_t i = 0; i < 1000; i++)
    rc_stat_pool_add(p, dfd, names[i % 4], i);
  close(dfd);
  free(dir);
  rc_stat_pool_free(p);
  rc_test_rmtree(root);
  free(root);
}

static void test_git_modes(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  rc_test_write(root, "run.sh", "#!/bin/sh\n");
  rc_test_write(root, "plain.txt", "x");
  make_symlink(root, "plain.txt", "link");
  commit_all(root);
  git(root, "update-index", "--chmod=+x", "run.sh", NULL);
  struct rc_index *idx = build(root);
  const struct rc_entry *e = rc_index_find(idx, "run.sh");
  assert_true(e->tracked);
  /* from the index, not the disk */
  assert_int_equal(rc_entry_mode(idx, e), 0100755);
  e = rc_index_find(idx, "plain.txt");
  assert_int_equal(rc_entry_mode(idx, e), 0100644);
  e = rc_index_find(idx, "link");
  assert_int_equal(e->kind, RC_ENTRY_SYMLINK);
  assert_true(e->tracked);
  assert_int_equal(rc_entry_mode(idx, e), 0120000);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* The tracked set is the same whatever index format git wrote. */
static void test_git_index_versions(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  static const char *const files[] = {"a/b/c/deep.txt",
                                      "1",
                                      "a/b/c/deeper.txt",
                                      "2",
                                      "a/b/other.txt",
                                      "3",
                                      "a/x.txt",
                                      "4",
                                      "z.txt",
                                      "5",
                                      NULL};
  write_tree(root, files);
  rc_test_write(root, ".gitignore", "*.txt\n");
  git(root, "add", "-f", ".", NULL);
  git(root, "commit", "-q", "-m", "c", NULL);
  static const char *const want = ".gitignore*\na/\na/b/\na/b/c/\n"
                                  "a/b/c/deep.txt*\na/b/c/deeper.txt*\n"
                                  "a/b/other.txt*\na/x.txt*\nz.txt*\n";
  static const char *const versions[] = {"2", "3", "4", "2", NULL};
  for (size_t i = 0; versions[i]; i++) {
    git(root, "update-index", "--index-version", versions[i], NULL);
    struct rc_index *idx = build(root);
    assert_listing(idx, want);
    rc_index_free(idx);
  }
  /* skip-worktree needs v3 extended flags */
  git(root, "update-index", "--skip-worktree", "a/x.txt", NULL);
  struct rc_index *idx = build(root);
  assert_listing(idx, want);
  rc_index_free(idx);
  git(root, "update-index", "--index-version", "4", NULL);
  idx = build(root);
  assert_listing(idx, want);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_git_head(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  struct rc_index *idx = build(root);
  assert_true(rc_index_is_git(idx));
  assert_null(rc_index_git_commit(idx)); /* unborn branch */
  assert_string_equal(rc_index_git_branch(idx), "main");
  rc_index_free(idx);

  rc_test_write(root, "a.txt", "a");
  commit_all(root);
  git(root, "checkout", "-q", "-b", "feature/x", NULL);
  rc_test_write(root, "b.txt", "b");
  commit_all(root);
  char *head = git_out(root, "rev-parse", "HEAD", NULL);
  idx = build(root);
  assert_string_equal(rc_index_git_commit(idx), head);
  assert_string_equal(rc_index_git_branch(idx), "feature/x");
  rc_index_free(idx);

  /* packed refs: the loose ref file is gone */
  git(root, "pack-refs", "--all", NULL);
  char *loose = join(root, ".git/refs/heads/feature/x");
  assert_int_not_equal(access(loose, F_OK), 0);
  free(loose);
  idx = build(root);
  assert_string_equal(rc_index_git_commit(idx), head);
  assert_string_equal(rc_index_git_branch(idx), "feature/x");
  rc_index_free(idx);

  /* detached HEAD */
  git(root, "checkout", "-q", "--detach", "main", NULL);
  char *main_head = git_out(root, "rev-parse", "HEAD", NULL);
  assert_string_not_equal(main_head, head);
  idx = build(root);
  assert_string_equal(rc_index_git_commit(idx), main_head);
  assert_null(rc_index_git_branch(idx));
  rc_index_free(idx);
  free(main_head);
  free(head);
  rc_test_rmtree(root);
  free(root);
}

/* A linked worktree has a ".git" file pointing at its git directory. */
static void test_git_worktree(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  rc_test_write(root, "main/a.txt", "a");
  git(root, "add", "-A", NULL);
  git(root, "commit", "-q", "-m", "c", NULL);
  char *wt = join(root, "wt");
  git(root, "worktree", "add", "-q", "-b", "side", wt, NULL);
  char *head = git_out(wt, "rev-parse", "HEAD", NULL);
  struct rc_index *idx = build(wt);
  assert_true(rc_index_is_git(idx));
  assert_string_equal(rc_index_git_commit(idx), head);
  assert_string_equal(rc_index_git_branch(idx), "side");
  assert_listing(idx, "main/\nmain/a.txt*\n");
  rc_index_free(idx);
  free(head);
  free(wt);
  rc_test_rmtree(root);
  free(root);
}

static void test_git_sha256(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = rc_test_mkdtemp();
  git(root, "init", "-q", "--object-format=sha256", NULL);
  rc_test_write(root, "a.txt", "a");
  rc_test_write(root, "b/c.txt", "c");
  commit_all(root);
  char *head = git_out(root, "rev-parse", "HEAD", NULL);
  assert_int_equal(strlen(head), 64);
  struct rc_index *idx = build(root);
  assert_string_equal(rc_index_git_commit(idx), head);
  assert_listing(idx, "a.txt*\nb/\nb/c.txt*\n");
  rc_index_free(idx);
  free(head);
  rc_test_rmtree(root);
  free(root);
}

static void overwrite(const char *root, const char *rel, const void *data,
                      size_t len)
{
  char *path = join(root, rel);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  fclose(f);
  free(path);
}

/* A damaged .git never crashes the walk: tracked information is dropped,
 * .gitignore still applies. */
static void test_git_corrupt(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  rc_test_write(root, ".gitignore", "*.log\n");
  rc_test_write(root, "a.txt", "a");
  rc_test_write(root, "x.log", "tracked but ignored");
  git(root, "add", "-f", "x.log", NULL);
  commit_all(root);
  char *index_path = join(root, ".git/index");
  size_t len;
  char *image = rc_test_slurp(index_path, &len);
  assert_non_null(image);

  static const char garbage[] = "DIRC\0\0\0\2\xff\xff\xff\xff garbage";
  overwrite(root, ".git/index", garbage, sizeof(garbage));
  struct rc_index *idx = build(root);
  assert_listing(idx, ".gitignore\na.txt\n");
  rc_index_free(idx);

  overwrite(root, ".git/index", image, len / 2);
  idx = build(root);
  assert_listing(idx, ".gitignore\na.txt\n");
  rc_index_free(idx);

  static const char bad_ref[] = "ref: ../../../etc/passwd\n";
  overwrite(root, ".git/HEAD", bad_ref, strlen(bad_ref));
  overwrite(root, ".git/index", image, len);
  idx = build(root);
  assert_listing(idx, ".gitignore*\na.txt*\nx.log*\n");
  assert_null(rc_index_git_commit(idx));
  assert_null(rc_index_git_branch(idx));
  rc_index_free(idx);

  overwrite(root, ".git/HEAD", "not a ref", 9);
  idx = build(root);
  assert_null(rc_index_git_commit(idx));
  rc_index_free(idx);
  free(image);
  free(index_path);
  rc_test_rmtree(root);
  free(root);
}

/* Every truncation and many single-byte corruptions of a real index must
 * parse or fail cleanly; each image sits in an exact-size buffer so
 * valgrind/ASan would see any read past it. */
static void test_git_parse_index_fuzz(void **state)
{
  (void)state;
  assert_true(have_git()); /* .ci/setup installs git */
  char *root = git_repo();
  static const char *const files[] = {"a/b/c.txt", "1", "a/d.txt", "2",
                                      "e.txt",     "3", NULL};
  write_tree(root, files);
  commit_all(root);
  git(root, "update-index", "--skip-worktree", "e.txt", NULL);
  static const char *const versions[] = {"3", "4", NULL};
  for (size_t v = 0; versions[v]; v++) {
    git(root, "update-index", "--index-version", versions[v], NULL);
    char *index_path = join(root, ".git/index");
    size_t len;
    unsigned char *image = (unsigned char *)rc_test_slurp(index_path, &len);
    free(index_path);
    struct rc_arena *a = rc_arena_new();
    struct rc_git_tracked *t;
    size_t n;
    char err[128];
    assert_int_equal(
        rc_git_parse_index(image, len, 20, a, &t, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 3);
    assert_string_equal(t[0].path, "a/b/c.txt");
    assert_string_equal(t[1].path, "a/d.txt");
    assert_string_equal(t[2].path, "e.txt");
    for (size_t cut = 0; cut < len; cut++) {
      unsigned char *copy = rc_xmalloc(cut ? cut : 1);
      memcpy(copy, image, cut);
      int rc = rc_git_parse_index(copy, cut, 20, a, &t, &n, err, sizeof(err));
      /* a cut may drop the checksum or extensions, never an entry */
      if (rc == 0)
        assert_int_equal(n, 3);
      else
        assert_non_null(strstr(err, "corrupt git index"));
      free(copy);
    }
    for (size_t pos = 0; pos < len; pos++) {
      unsigned char *copy = rc_xmalloc(len);
      memcpy(copy, image, len);
      copy[pos] ^= 0xff;
      if (rc_git_parse_index(copy, len, 20, a, &t, &n, err, sizeof(err)) == 0)
        for (size_t i = 0; i < n; i++)
          assert_true(t[i].path[0] != '/' && !strstr(t[i].path, ".."));
      free(copy);
    }
    rc_arena_free(a);
    free(image);
  }
  rc_test_rmtree(root);
  free(root);
}

/* Hand-made indexes: hostile paths are dropped, not followed. */
static void test_git_index_hostile_paths(void **state)
{
  (void)state;
  unsigned char buf[512] = {0};
  size_t off = 12;
  static const char *const paths[] = {"../evil", ".git/config", "a//b",
                                      "ok.txt", NULL};
  memcpy(buf, "DIRC\0\0\0\2\0\0\0\4", 12);
  for (size_t i = 0; paths[i]; i++) {
    size_t n = strlen(paths[i]);
    unsigned char *e = buf + off;
    memset(e, 0, 62);
    e[24] = 0x00, e[25] = 0x00, e[26] = 0x81, e[27] = 0xa4; /* 0100644 */
    e[60] = (unsigned char)(n >> 8);
    e[61] = (unsigned char)n;
    memcpy(e + 62, paths[i], n);
    off += (62 + n + 8) & ~(size_t)7;
  }
  off += 20; /* checksum (not verified) */
  struct rc_arena *a = rc_arena_new();
  struct rc_git_tracked *t;
  size_t n;
  char err[128];
  assert_int_equal(
      rc_git_parse_index(buf, off, 20, a, &t, &n, err, sizeof(err)), 0);
  assert_int_equal(n, 1);
  assert_string_equal(t[0].path, "ok.txt");
  /* an entry count the file cannot hold is refused up front */
  buf[8] = 0x7f;
  assert_int_equal(
      rc_git_parse_index(buf, off, 20, a, &t, &n, err, sizeof(err)), -1);
  assert_null(t);
  rc_arena_free(a);
}

/* ---- explicit paths and reading -------------------------------------- */

static void test_explicit_paths(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "repo/.gitignore", "coverage/\n");
  rc_test_write(root, "repo/coverage/summary.json", "{\"total\": 1}");
  rc_test_write(root, "repo/docs/a.md", "a");
  rc_test_write(root, "outside.txt", "outside");
  rc_test_write(root, "repo-sibling/x.txt", "a sibling sharing the prefix");
  char *repo = join(root, "repo");
  make_symlink(repo, "../repo-sibling/x.txt", "sibling-link");
  make_symlink(repo, "/etc", "etc-link");
  make_symlink(repo, "../outside.txt", "out-link");
  make_symlink(repo, "docs/a.md", "in-link");
  make_symlink(repo, "nowhere", "dangling");
  struct rc_index *idx = build(repo);
  assert_null(rc_index_find(idx, "coverage/summary.json"));

  enum rc_entry_kind kind;
  char err[256];
  assert_int_equal(
      rc_index_stat_path(idx, "coverage/summary.json", &kind, err, sizeof(err)),
      1);
  assert_int_equal(kind, RC_ENTRY_FILE);
  assert_int_equal(rc_index_stat_path(idx, "./docs", &kind, err, sizeof(err)),
                   1);
  assert_int_equal(kind, RC_ENTRY_DIR);
  assert_int_equal(rc_index_stat_path(idx, "in-link", &kind, err, sizeof(err)),
                   1);
  assert_int_equal(kind, RC_ENTRY_FILE);
  assert_int_equal(rc_index_stat_path(idx, "dangling", &kind, err, sizeof(err)),
                   1);
  assert_int_equal(kind, RC_ENTRY_SYMLINK);
  assert_int_equal(
      rc_index_stat_path(idx, "missing.txt", &kind, err, sizeof(err)), 0);

  struct refusal {
    const char *path, *msg;
  };
  static const struct refusal refused[] = {
      {"../outside.txt", "must not contain '..'"},
      {"docs/../../outside.txt", "must not contain '..'"},
      {"/etc/passwd", "must be relative"},
      {"", "must be relative"},
      {"etc-link/passwd", "path 'etc-link/passwd' is outside the repository"},
      {"out-link", "path 'out-link' is outside the repository"},
      {"sibling-link", "path 'sibling-link' is outside the repository"},
  };
  const char *data;
  size_t len;
  for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
    err[0] = '\0';
    if (rc_index_stat_path(idx, refused[i].path, &kind, err, sizeof(err)) !=
            -1 ||
        !strstr(err, refused[i].msg))
      fail_msg("stat %s: %s", refused[i].path, err);
    err[0] = '\0';
    if (rc_index_read_path(idx, refused[i].path, &data, &len, err,
                           sizeof(err)) != -1 ||
        !strstr(err, refused[i].msg))
      fail_msg("read %s: %s", refused[i].path, err);
  }

  assert_int_equal(rc_index_read_path(idx, "coverage/summary.json", &data, &len,
                                      err, sizeof(err)),
                   0);
  assert_string_equal(data, "{\"total\": 1}");
  assert_int_equal(len, strlen(data));
  const char *again;
  assert_int_equal(rc_index_read_path(idx, "coverage/summary.json", &again,
                                      &len, err, sizeof(err)),
                   0);
  assert_ptr_equal(data, again);
  assert_int_equal(
      rc_index_read_path(idx, "in-link", &data, &len, err, sizeof(err)), 0);
  assert_string_equal(data, "a");
  assert_int_equal(
      rc_index_read_path(idx, "missing.txt", &data, &len, err, sizeof(err)),
      -1);
  assert_string_equal(err, strerror(ENOENT));
  assert_int_equal(
      rc_index_read_path(idx, "docs", &data, &len, err, sizeof(err)), -1);
  rc_index_free(idx);
  free(repo);
  rc_test_rmtree(root);
  free(root);
}

static void test_read_cached_and_limits(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "a.txt", "hello\n");
  rc_test_write(root, "empty", "");
  rc_test_write(root, "big.bin", "");
  char *big = join(root, "big.bin");
  assert_int_equal(truncate(big, 33 * 1024 * 1024), 0);
  free(big);
  struct rc_index *idx = build(root);
  const char *d1, *d2;
  size_t len;
  char err[128];
  const struct rc_entry *e = rc_index_find(idx, "a.txt");
  assert_int_equal(rc_index_read(idx, e, &d1, &len, err, sizeof(err)), 0);
  assert_int_equal(len, 6);
  assert_string_equal(d1, "hello\n");
  assert_int_equal(rc_index_read(idx, e, &d2, &len, err, sizeof(err)), 0);
  assert_ptr_equal(d1, d2);
  assert_false(rc_index_is_binary(d1, len));

  e = rc_index_find(idx, "empty");
  assert_int_equal(rc_index_read(idx, e, &d1, &len, err, sizeof(err)), 0);
  assert_int_equal(len, 0);
  assert_string_equal(d1, "");

  e = rc_index_find(idx, "big.bin");
  assert_int_equal(rc_index_read(idx, e, &d1, &len, err, sizeof(err)), -1);
  assert_non_null(strstr(err, "32 MiB"));
  assert_int_equal(rc_index_loads(idx, e), 0); /* refused, not read */
  assert_int_equal(rc_entry_size(idx, e), 33 * 1024 * 1024);
  assert_int_equal(rc_index_read(idx, e, &d1, &len, err, sizeof(err)), -1);
  assert_non_null(strstr(err, "32 MiB"));
  assert_int_equal(rc_index_loads(idx, e), 0);
  assert_int_equal(
      rc_index_read_path(idx, "big.bin", &d1, &len, err, sizeof(err)), -1);
  assert_non_null(strstr(err, "32 MiB"));

  /* an entry pointer from another index is refused */
  struct rc_index *other = build(root);
  e = rc_index_find(other, "a.txt");
  assert_int_equal(rc_index_read(idx, e, &d1, &len, err, sizeof(err)), -1);
  rc_index_free(other);

  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_read_deleted_after_walk(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "a.txt", "a");
  struct rc_index *idx = build(root);
  char *a = join(root, "a.txt");
  assert_int_equal(unlink(a), 0);
  free(a);
  const char *data;
  size_t len;
  char err[128] = "";
  assert_int_equal(rc_index_read(idx, rc_index_find(idx, "a.txt"), &data, &len,
                                 err, sizeof(err)),
                   -1);
  assert_string_equal(err, strerror(ENOENT));
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

static void test_is_binary(void **state)
{
  (void)state;
  assert_false(rc_index_is_binary("text\n", 5));
  assert_true(rc_index_is_binary("a\0b", 3));
  assert_false(rc_index_is_binary("", 0));
  char *late = rc_xcalloc(1, 9000);
  memset(late, 'x', 8999);
  late[8500] = '\0';
  assert_false(rc_index_is_binary(late, 8999)); /* NUL after 8 KiB */
  late[100] = '\0';
  assert_true(rc_index_is_binary(late, 8999));
  free(late);
}

/* ---- glob over the index --------------------------------------------- */

struct collected {
  struct rc_buf names;
  int stop_after;
  int seen;
};

static int collect(const struct rc_entry *e, void *arg)
{
  struct collected *c = arg;
  rc_buf_printf(&c->names, "%s\n", e->path);
  c->seen++;
  return c->stop_after && c->seen >= c->stop_after ? 7 : 0;
}

static char *glob_list(const struct rc_index *idx, const char *glob,
                       enum rc_entry_kind kind)
{
  struct collected c = {.stop_after = 0};
  rc_buf_init(&c.names);
  assert_int_equal(rc_index_glob(idx, glob, kind, collect, &c), 0);
  char *s = rc_buf_detach(&c.names);
  rc_buf_release(&c.names);
  return s;
}

static void test_index_glob(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  static const char *const files[] = {
      "a/x.c",      "", "a/sub/y.c",      "", "a-b/z.c", "", "a.c", "",
      "Dockerfile", "", "svc/Dockerfile", "", "b/x.h",   "", NULL};
  write_tree(root, files);
  struct rc_index *idx = build(root);
  struct glob_case {
    const char *glob;
    enum rc_entry_kind kind;
    const char *want;
  };
  static const struct glob_case cases[] = {
      {"a/**", RC_ENTRY_FILE, "a/sub/y.c\na/x.c\n"},
      {"a/**", RC_ENTRY_DIR, "a/sub\n"},
      {"**/*.c", RC_ENTRY_FILE, "a-b/z.c\na.c\na/sub/y.c\na/x.c\n"},
      {"*", RC_ENTRY_DIR, "a\na-b\nb\nsvc\n"},
      {"Dockerfile", RC_ENTRY_FILE, "Dockerfile\n"},
      {"Dockerfile", RC_ENTRY_DIR, ""},
      {"**/Dockerfile", RC_ENTRY_FILE, "Dockerfile\nsvc/Dockerfile\n"},
      {"svc/Dockerfile", RC_ENTRY_FILE, "svc/Dockerfile\n"},
      {"{a,b}/*.{c,h}", RC_ENTRY_FILE, "a/x.c\nb/x.h\n"},
      {"a/*.c", RC_ENTRY_FILE, "a/x.c\n"},
      {"nothing/**", RC_ENTRY_FILE, ""},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *got = glob_list(idx, cases[i].glob, cases[i].kind);
    if (strcmp(got, cases[i].want) != 0)
      fail_msg("glob %s: got\n%s", cases[i].glob, got);
    free(got);
  }
  struct collected c = {.stop_after = 2};
  rc_buf_init(&c.names);
  assert_int_equal(rc_index_glob(idx, "**", RC_ENTRY_FILE, collect, &c), 7);
  assert_int_equal(c.seen, 2);
  rc_buf_release(&c.names);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* Answers looked up by name or extension are exactly the entries that
 * match, in path order, for every kind: compared with testing every entry
 * on a tree whose names repeat at many depths. */
static void brute_list(const struct rc_index *idx, const char *glob,
                       bool any_kind, enum rc_entry_kind kind,
                       struct rc_buf *out)
{
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if ((any_kind || e->kind == kind) && rc_glob_match(glob, e->path))
      rc_buf_printf(out, "%s\n", e->path);
  }
}

static int collect_all(const struct rc_entry *e, void *arg)
{
  rc_buf_printf(arg, "%s\n", e->path);
  return 0;
}

static void test_index_glob_lookups_exact(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  static const char *const dirs[] = {"",
                                     "app/",
                                     "app/test/",
                                     "deploy/k8s/",
                                     "node_modules/x/",
                                     "svc/a/b/",
                                     ".github/",
                                     "app/node_modules/node_modules/",
                                     "app/test_data/",
                                     "x-examples/y-examples/",
                                     ".hidden-dir/"};
  static const char *const names[] = {"Dockerfile",
                                      "Dockerfile.prod",
                                      "x.yml",
                                      "a.yaml",
                                      "docker-compose.yml",
                                      ".env",
                                      ".env.prod",
                                      "README.md",
                                      "main.go",
                                      "main_test.go",
                                      "x.test.js",
                                      "yml",
                                      "app.tar.gz",
                                      "a.b.c",
                                      "noext",
                                      "compose.yaml"};
  for (size_t d = 0; d < sizeof(dirs) / sizeof(*dirs); d++)
    for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++) {
      char path[256];
      snprintf(path, sizeof(path), "%s%s", dirs[d], names[n]);
      rc_test_write(root, path, "x");
    }
  struct rc_index *idx = build(root);
  static const char *const globs[] = {
      "**/Dockerfile", "**/Dockerfile.*", "**/*.{yml,yaml}", "*.yml",
      "**/{docker-compose,compose}*.{yml,yaml}", "**/.env*", "**/*_test.go",
      "**/*.test.*", "**/node_modules/**", "**/node_modules/**/*.md",
      "app/**/node_modules/**", "*/a/**", "**/x/**/Dockerfile",
      "**/{test,k8s}/**", "app/**", "app/**/*.yml", "**/test/**",
      "deploy/**/*.yaml", "svc/*/b/*", "**/*.tar.gz", "**/yml", "**", "**/*",
      "*", "**/a.b.c", "**/*.c", "**/[ad]*.y?ml", "{app,svc}/**/*.{go,md}",
      ".github/*", "**/*e*", "**/README*", "app/test/main.go", "{app,deploy}/*",
      "**/noext", "**/*.gz",
      /* prefix, globstar, name: the name
       * decides within the prefix */
      "app/**/main.go", "app/**/*.go", "app/node_modules/**/*.yml",
      "deploy/**/k8s", "svc/**/b", "**/x/*.yml", "app/**/**/x.yml", "**/\\.env",
      /* one wildcard segment between globstars: found from the names */
      "**/test*/**", "**/*-examples/**", "**/{test,tests}[-_]*/**",
      "app/**/te?t/**", "**/[nt]*/**", "**/.h*/**", "**/*.yml/**",
      "**/*_modules/**", "**/x*/**", "x-examples/**/*-examples/**",
      "**/nomatch*/**", "**/*.c/**"};
  static const enum rc_entry_kind kinds[] = {RC_ENTRY_FILE, RC_ENTRY_DIR,
                                             RC_ENTRY_SYMLINK};
  for (size_t g = 0; g < sizeof(globs) / sizeof(*globs); g++) {
    for (size_t k = 0; k < 3; k++) {
      struct rc_buf want;
      rc_buf_init(&want);
      brute_list(idx, globs[g], false, kinds[k], &want);
      char *got = glob_list(idx, globs[g], kinds[k]);
      if (strcmp(got, want.data) != 0)
        fail_msg("glob %s kind %d: got\n%s\nwant\n%s", globs[g], (int)k, got,
                 want.data);
      free(got);
      rc_buf_release(&want);
    }
    struct rc_buf want, got;
    rc_buf_init(&want);
    rc_buf_init(&got);
    brute_list(idx, globs[g], true, RC_ENTRY_FILE, &want);
    rc_index_glob_any(idx, globs[g], collect_all, &got);
    if (strcmp(got.data, want.data) != 0)
      fail_msg("any kind, glob %s: got\n%s\nwant\n%s", globs[g], got.data,
               want.data);
    rc_buf_release(&want);
    rc_buf_release(&got);
  }
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* Files read one probe at a time: the least recently used is evicted,
 * never the one just read, and a read makes room by dropping unpinned
 * files first, so cache and pins together stay within the cache size. */
static void test_read_cache_evicts_oldest(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "a.txt", "aaaaaaaaaa");
  rc_test_write(root, "b.txt", "bbbbbbbbbb");
  rc_test_write(root, "c.txt", "cccccccccc");
  struct rc_index_opts opts = {.cache_bytes = 15};
  struct rc_index *idx = build_opts(root, &opts);
  const struct rc_entry *a = rc_index_find(idx, "a.txt");
  const struct rc_entry *b = rc_index_find(idx, "b.txt");
  const struct rc_entry *c = rc_index_find(idx, "c.txt");
  const char *data;
  size_t len;
  char err[128];
  assert_int_equal(rc_index_read(idx, a, &data, &len, err, sizeof(err)), 0);
  rc_index_unpin(idx);
  assert_int_equal(rc_index_cached_bytes(idx), 10);
  assert_int_equal(rc_index_read(idx, b, &data, &len, err, sizeof(err)), 0);
  /* a, unpinned, made room for b while b is pinned */
  assert_int_equal(rc_index_cached_bytes(idx), 10);
  rc_index_unpin(idx);
  assert_int_equal(rc_index_read(idx, c, &data, &len, err, sizeof(err)), 0);
  assert_int_equal(rc_index_cached_bytes(idx), 10);
  rc_index_unpin(idx);
  /* c, the last one read, is still cached; a and b were read again */
  assert_int_equal(rc_index_read(idx, c, &data, &len, err, sizeof(err)), 0);
  assert_string_equal(data, "cccccccccc");
  assert_int_equal(rc_index_loads(idx, c), 1);
  rc_index_unpin(idx);
  assert_int_equal(rc_index_read(idx, a, &data, &len, err, sizeof(err)), 0);
  assert_int_equal(rc_index_loads(idx, a), 2);
  assert_int_equal(rc_index_read(idx, b, &data, &len, err, sizeof(err)), 0);
  assert_int_equal(rc_index_loads(idx, b), 2);
  /* a and b pinned together: more than the cache size, none evicted */
  assert_int_equal(rc_index_cached_bytes(idx), 20);
  rc_index_unpin(idx);
  assert_int_equal(rc_index_cached_bytes(idx), 10);

  /* one file unpinned early makes room for the next read at once */
  assert_int_equal(rc_index_read(idx, a, &data, &len, err, sizeof(err)), 0);
  assert_int_equal(rc_index_read(idx, c, &data, &len, err, sizeof(err)), 0);
  assert_int_equal(rc_index_cached_bytes(idx), 20);
  rc_index_unpin_file(idx, a);
  assert_int_equal(rc_index_cached_bytes(idx), 10); /* a dropped, c pinned */
  assert_int_equal(rc_index_read(idx, c, &data, &len, err, sizeof(err)), 0);
  assert_string_equal(data, "cccccccccc");
  rc_index_unpin_file(idx, b); /* not pinned: nothing happens */
  rc_index_unpin(idx);
  assert_int_equal(rc_index_cached_bytes(idx), 10);
  assert_int_equal(rc_index_loads(idx, c), 2);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* The read cache keeps what a probe read until it is unpinned, then at
 * most its size; evicted files are read again, and counted. rc_index_load
 * reads without caching, with the same errors. */
static void test_read_cache_bounded(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "a.txt", "aaaaaaaaaa");
  rc_test_write(root, "b.txt", "bbbbbbbbbb");
  rc_test_mkdir(root, "dir");
  struct rc_index_opts opts = {.cache_bytes = 15};
  struct rc_index *idx = build_opts(root, &opts);
  const struct rc_entry *a = rc_index_find(idx, "a.txt");
  const struct rc_entry *b = rc_index_find(idx, "b.txt");
  const char *da, *db, *again;
  size_t len;
  char err[128];
  assert_int_equal(rc_index_read(idx, a, &da, &len, err, sizeof(err)), 0);
  assert_int_equal(rc_index_read(idx, b, &db, &len, err, sizeof(err)), 0);
  /* both pinned: 20 bytes cached though the cache holds 15 */
  assert_string_equal(da, "aaaaaaaaaa");
  assert_string_equal(db, "bbbbbbbbbb");
  assert_int_equal(rc_index_read(idx, a, &again, &len, err, sizeof(err)), 0);
  assert_ptr_equal(again, da);
  assert_int_equal(rc_index_loads(idx, a), 1);
  rc_index_unpin(idx); /* a is least recently used: evicted */
  assert_int_equal(rc_index_read(idx, b, &db, &len, err, sizeof(err)), 0);
  assert_int_equal(rc_index_loads(idx, b), 1); /* still cached */
  assert_int_equal(rc_index_read(idx, a, &da, &len, err, sizeof(err)), 0);
  assert_string_equal(da, "aaaaaaaaaa");
  assert_int_equal(rc_index_loads(idx, a), 2); /* read again */

  struct rc_buf buf;
  memset(&buf, 0, sizeof(buf));
  assert_int_equal(rc_index_load(idx, a, NULL, &buf, err, sizeof(err)), 0);
  assert_int_equal(buf.len, 10);
  assert_string_equal(buf.data, "aaaaaaaaaa");
  assert_int_equal(rc_index_loads(idx, a), 2); /* copied from the cache */
  rc_index_unpin(idx); /* b is evicted now (a was read last) */
  assert_int_equal(rc_index_load(idx, b, NULL, &buf, err, sizeof(err)), 0);
  assert_string_equal(buf.data, "bbbbbbbbbb");
  assert_int_equal(rc_index_loads(idx, b), 2); /* read from disk */
  assert_int_equal(rc_index_load(idx, NULL, "b.txt", &buf, err, sizeof(err)),
                   0);
  assert_string_equal(buf.data, "bbbbbbbbbb");
  assert_int_equal(rc_index_path_loads(idx), 1);
  assert_int_equal(rc_index_load(idx, rc_index_find(idx, "dir"), NULL, &buf,
                                 err, sizeof(err)),
                   -1);
  assert_string_equal(err, strerror(EISDIR));
  assert_int_equal(rc_index_load(idx, NULL, "../x", &buf, err, sizeof(err)),
                   -1);
  assert_non_null(strstr(err, "'..'"));
  assert_int_equal(rc_index_load(idx, NULL, "missing", &buf, err, sizeof(err)),
                   -1);
  assert_string_equal(err, strerror(ENOENT));
  rc_buf_release(&buf);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
}

/* Reading through a thread's open directory gives what reading by path
 * gives: files of one directory in a row, then of others, of the root, of
 * another index with the same paths (its own root, not the directory left
 * open), and a directory that disappeared (the error of the open by path). */
static void test_index_load_in_dir(void **state)
{
  (void)state;
  char *r1 = rc_test_mkdtemp(), *r2 = rc_test_mkdtemp();
  static const char *const paths[] = {"a/b/x", "a/b/y", "a/c", "top",
                                      "z/a/b/x"};
  for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
    char text[64];
    snprintf(text, sizeof(text), "1:%s", paths[i]);
    rc_test_write(r1, paths[i], text);
    snprintf(text, sizeof(text), "2:%s", paths[i]);
    rc_test_write(r2, paths[i], text);
  }
  struct rc_index *i1 = build(r1), *i2 = build(r2);
  struct rc_index_dir *dir = rc_index_dir_new();
  struct rc_buf buf;
  rc_buf_init(&buf);
  char err[128], want[64];
  static const char *const order[] = {"a/b/x", "a/b/y",   "a/c",  "a/b/x",
                                      "top",   "z/a/b/x", "a/b/y"};
  for (size_t k = 0; k < sizeof(order) / sizeof(*order); k++) {
    for (int which = 1; which <= 2; which++) {
      struct rc_index *idx = which == 1 ? i1 : i2;
      const struct rc_entry *e = rc_index_find(idx, order[k]);
      assert_non_null(e);
      assert_int_equal(
          rc_index_load_in(idx, e, NULL, &buf, dir, err, sizeof(err)), 0);
      snprintf(want, sizeof(want), "%d:%s", which, order[k]);
      assert_string_equal(buf.data, want);
    }
  }
  assert_int_equal(rc_index_loads(i1, rc_index_find(i1, "a/b/x")), 2);
  /* the open directory is gone: the file cannot be read, as by path */
  const struct rc_entry *y = rc_index_find(i1, "a/b/y");
  assert_int_equal(rc_index_load_in(i1, y, NULL, &buf, dir, err, sizeof(err)),
                   0);
  char *gone = rc_xmalloc(strlen(r1) + 16);
  sprintf(gone, "%s/a/b", r1);
  rc_test_rmtree(gone);
  free(gone);
  assert_int_equal(rc_index_load_in(i1, y, NULL, &buf, dir, err, sizeof(err)),
                   -1);
  assert_string_equal(err, strerror(ENOENT));
  assert_int_equal(rc_index_load_in(i1, rc_index_find(i1, "a/b/x"), NULL, &buf,
                                    NULL, err, sizeof(err)),
                   -1);
  assert_string_equal(err, strerror(ENOENT));
  rc_buf_release(&buf);
  rc_index_dir_free(dir);
  rc_index_free(i1);
  rc_index_free(i2);
  rc_test_rmtree(r1);
  rc_test_rmtree(r2);
  free(r1);
  free(r2);
}

int main(void)
{
  /* git run by the tests must not see the user's or a hook's settings. */
  setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  unsetenv("GIT_DIR");
  unsetenv("GIT_WORK_TREE");
  unsetenv("GIT_INDEX_FILE");
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_index_load_in_dir),
      cmocka_unit_test(test_sorted_with_dirs),
      cmocka_unit_test(test_entry_fields),
      cmocka_unit_test(test_stat_on_first_need),
      cmocka_unit_test(test_stat_from_threads),
      cmocka_unit_test(test_walk_order),
      cmocka_unit_test(test_root_spellings),
      cmocka_unit_test(test_path_ignored),
      cmocka_unit_test(test_symlinks_not_followed),
      cmocka_unit_test(test_unreadable_directory_skipped),
      cmocka_unit_test(test_dot_git_skipped),
      cmocka_unit_test(test_not_a_directory),
      cmocka_unit_test(test_max_entries),
      cmocka_unit_test(test_walk_threads_same_entries),
      cmocka_unit_test(test_stat_pool),
      cmocka_unit_test(test_too_deep),
      cmocka_unit_test(test_gitignore_table),
      cmocka_unit_test(test_gitignore_agrees_with_git),
      cmocka_unit_test(test_no_gitignore_option),
      cmocka_unit_test(test_ignored_dir_not_descended),
      cmocka_unit_test(test_info_exclude),
      cmocka_unit_test(test_plain_directory_is_not_git),
      cmocka_unit_test(test_git_tracked_and_ignored),
      cmocka_unit_test(test_git_tracked_in_ignored_dirs),
      cmocka_unit_test(test_git_modes),
      cmocka_unit_test(test_git_index_versions),
      cmocka_unit_test(test_git_head),
      cmocka_unit_test(test_git_worktree),
      cmocka_unit_test(test_git_sha256),
      cmocka_unit_test(test_git_corrupt),
      cmocka_unit_test(test_git_parse_index_fuzz),
      cmocka_unit_test(test_git_index_hostile_paths),
      cmocka_unit_test(test_explicit_paths),
      cmocka_unit_test(test_read_cached_and_limits),
      cmocka_unit_test(test_read_deleted_after_walk),
      cmocka_unit_test(test_is_binary),
      cmocka_unit_test(test_index_glob),
      cmocka_unit_test(test_index_glob_lookups_exact),
      cmocka_unit_test(test_read_cache_bounded),
      cmocka_unit_test(test_read_cache_evicts_oldest),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
