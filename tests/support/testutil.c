/*
 * testutil.c - scratch trees for tests. Fixtures are written by the tests
 * themselves so each test states the exact files it depends on.
 */
/* syscall() for capget/capset. */
#define _DEFAULT_SOURCE

#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/builtin.h"
#include "readycheck/diag.h"
#include "readycheck/load.h"
#include "readycheck/rule.h"
#include "readycheck/mem.h"

char *rc_test_mkdtemp(void)
{
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp)
    tmp = "/tmp";
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s/rctest.XXXXXX", tmp);
  char *p = rc_buf_detach(&b);
  rc_buf_release(&b);
  if (!mkdtemp(p))
    fail_msg("mkdtemp: %s", strerror(errno));
  return p;
}

static void mkdirs(const char *path)
{
  char *p = rc_xstrdup(path);
  for (char *s = p + 1; *s; s++) {
    if (*s == '/') {
      *s = '\0';
      mkdir(p, 0755);
      *s = '/';
    }
  }
  mkdir(p, 0755);
  free(p);
}

char *rc_test_path(const char *root, const char *relpath)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s/%s", root, relpath);
  return rc_buf_detach(&b);
}

void rc_test_mkdir(const char *root, const char *relpath)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s/%s", root, relpath);
  mkdirs(b.data);
  rc_buf_release(&b);
}

void rc_test_write_mode(const char *root, const char *relpath,
                        const char *content, unsigned mode)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s/%s", root, relpath);
  char *slash = strrchr(b.data, '/');
  *slash = '\0';
  mkdirs(b.data);
  *slash = '/';
  FILE *f = fopen(b.data, "wb");
  if (!f)
    fail_msg("cannot write %s: %s", b.data, strerror(errno));
  fwrite(content, 1, strlen(content), f);
  fclose(f);
  chmod(b.data, mode);
  rc_buf_release(&b);
}

void rc_test_write(const char *root, const char *relpath, const char *content)
{
  rc_test_write_mode(root, relpath, content, 0644);
}

void rc_test_rmtree(const char *root)
{
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp)
    tmp = "/tmp";
  if (strncmp(root, tmp, strlen(tmp)) != 0 && strncmp(root, "/tmp/", 5) != 0)
    return;
  if (strstr(root, "rctest.") == NULL)
    return;
  const char *argv[] = {"/bin/rm", "-rf", root, NULL};
  rc_test_run(argv, NULL, NULL, NULL);
}

char *rc_test_slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  char tmp[8192];
  size_t n;
  while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
    rc_buf_add(&b, tmp, n);
  fclose(f);
  if (len)
    *len = b.len;
  char *p = rc_buf_detach(&b);
  rc_buf_release(&b);
  return p;
}

int rc_test_respect_permissions(bool on, char *msg, size_t msglen)
{
  if (geteuid() != 0)
    return 0;
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct c[_LINUX_CAPABILITY_U32S_3];
  memset(c, 0, sizeof(c));
  unsigned bits = (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH);
  if (syscall(SYS_capget, &h, c) != 0) {
    snprintf(msg, msglen, "capget: %s", strerror(errno));
    return -1;
  }
  if (on)
    c[0].effective &= ~bits;
  else
    c[0].effective |= bits & c[0].permitted;
  if (syscall(SYS_capset, &h, c) != 0) {
    snprintf(msg, msglen, "capset: %s", strerror(errno));
    return -1;
  }
  return 0;
}

const char *const *rc_test_unprivileged_prefix(void)
{
  static const char *const root[] = {"/usr/bin/setpriv", "--bounding-set",
                                     "-dac_override,-dac_read_search", NULL};
  static const char *const none[] = {NULL};
  return geteuid() == 0 ? root : none;
}

enum rc_golden rc_test_golden(const char *path, const char *actual, char *msg,
                              size_t msglen)
{
  const char *update = getenv("READYCHECK_UPDATE_GOLDEN");
  if (update && *update == '1') {
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(actual, f) >= 0;
    if (f && fclose(f) != 0)
      ok = false;
    snprintf(msg, msglen,
             ok ? "goldens updated: %s (run again without "
                  "READYCHECK_UPDATE_GOLDEN to check)"
                : "cannot write golden file %s",
             path);
    return ok ? RC_GOLDEN_UPDATED : RC_GOLDEN_IO_ERROR;
  }
  char *expected = rc_test_slurp(path, NULL);
  if (!expected) {
    snprintf(msg, msglen, "cannot read golden file %s", path);
    return RC_GOLDEN_IO_ERROR;
  }
  bool same = strcmp(expected, actual) == 0;
  free(expected);
  snprintf(msg, msglen,
           same ? "%s matches"
                : "report differs from %s (READYCHECK_UPDATE_GOLDEN=1 to "
                  "accept)",
           path);
  return same ? RC_GOLDEN_SAME : RC_GOLDEN_DIFFERS;
}

static char *read_fd(int fd)
{
  struct rc_buf b;
  rc_buf_init(&b);
  char tmp[8192];
  ssize_t n;
  while ((n = read(fd, tmp, sizeof(tmp))) > 0)
    rc_buf_add(&b, tmp, (size_t)n);
  char *p = rc_buf_detach(&b);
  rc_buf_release(&b);
  return p;
}

int rc_test_run(const char *const *argv, const char *cwd, char **out,
                char **err)
{
  char outpath[] = "/tmp/rctest-out.XXXXXX";
  char errpath[] = "/tmp/rctest-err.XXXXXX";
  int ofd = mkstemp(outpath), efd = mkstemp(errpath);
  if (ofd < 0 || efd < 0)
    return -1;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (cwd && chdir(cwd) != 0)
      _exit(127);
    dup2(ofd, 1);
    dup2(efd, 2);
    int nul = open("/dev/null", O_RDONLY);
    if (nul >= 0)
      dup2(nul, 0);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  lseek(ofd, 0, SEEK_SET);
  lseek(efd, 0, SEEK_SET);
  if (out)
    *out = read_fd(ofd);
  if (err)
    *err = read_fd(efd);
  close(ofd);
  close(efd);
  unlink(outpath);
  unlink(errpath);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct rc_ruleset *rc_test_builtin_ruleset(struct rc_diag *d)
{
  struct rc_ruleset *rs = rc_ruleset_new();
  for (size_t i = 0; i < rc_builtin_pack_count; i++)
    rc_load_buffer(rs, rc_builtin_packs[i].file, rc_builtin_packs[i].text,
                   rc_builtin_packs[i].len, d);
  return rs;
}
