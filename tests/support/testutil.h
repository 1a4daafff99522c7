/*
 * testutil.h - helpers shared by the cmocka tests: scratch directories with
 * small file trees written at test time, and cmocka's include order.
 */
#ifndef READYCHECK_TESTUTIL_H
#define READYCHECK_TESTUTIL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Creates a fresh directory under $TMPDIR; caller frees the path and removes
 * the tree with rc_test_rmtree(). */
char *rc_test_mkdtemp(void);
/* Writes root/relpath (creating parent directories) with content. */
void rc_test_write(const char *root, const char *relpath, const char *content);
/* Same, then chmod to mode (e.g. 0755). */
void rc_test_write_mode(const char *root, const char *relpath,
                        const char *content, unsigned mode);
void rc_test_mkdir(const char *root, const char *relpath);
/* root/relpath as a new string; caller frees. */
char *rc_test_path(const char *root, const char *relpath);
/* rm -rf root (refuses anything outside $TMPDIR or /tmp). */
void rc_test_rmtree(const char *root);
/* Reads a whole file; caller frees. NULL if missing. */
char *rc_test_slurp(const char *path, size_t *len);
/* Root ignores permission bits, so a chmod 000 directory is readable to a
 * test run as root (CI). With on, drops CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH from this process's effective set so permissions
 * apply to it too; off restores them. Returns 0, or -1 (with why in msg)
 * when the capabilities cannot be changed. Not root: nothing to do. */
int rc_test_respect_permissions(bool on, char *msg, size_t msglen);
struct rc_ruleset;
struct rc_diag;
/* A new ruleset holding every built-in pack, as the CLI loads them;
 * problems go to d. The caller frees it with rc_ruleset_free(). */
struct rc_ruleset *rc_test_builtin_ruleset(struct rc_diag *d);
/* The argv prefix that runs a program with permissions respected (root:
 * setpriv without those capabilities); NULL-terminated, 0 to 3 words. */
const char *const *rc_test_unprivileged_prefix(void);

/* Golden files. Compares actual with the file at path; with
 * READYCHECK_UPDATE_GOLDEN=1 in the environment writes it there instead and
 * returns RC_GOLDEN_UPDATED, which callers must fail on: an update run
 * checked nothing. msg gets one line saying what happened. */
enum rc_golden {
  RC_GOLDEN_SAME,
  RC_GOLDEN_DIFFERS,
  RC_GOLDEN_UPDATED,
  RC_GOLDEN_IO_ERROR,
};
enum rc_golden rc_test_golden(const char *path, const char *actual, char *msg,
                              size_t msglen);
/* Runs argv (argv[0] a path) with cwd (may be NULL), collecting stdout into
 * *out (caller frees; may pass NULL) and returning the exit status, or -1. */
int rc_test_run(const char *const *argv, const char *cwd, char **out,
                char **err);

#endif
