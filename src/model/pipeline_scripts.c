/*
 * pipeline_scripts.c - repository scripts a step runs: shell scripts,
 * test folders, and wrappers that run or forward their arguments.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/pipeline.h"
#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

/* ---- repository scripts -------------------------------------------------- */

bool pl_shell_text(const char *path, const char *data)
{
  if (pl_ends_with(path, ".sh") || pl_ends_with(path, ".bash"))
    return true;
  if (strncmp(data, "#!", 2) != 0)
    return false;
  size_t n = strcspn(data, "\n");
  char first[128];
  if (n >= sizeof(first))
    n = sizeof(first) - 1;
  memcpy(first, data, n);
  first[n] = '\0';
  return strstr(first, "sh") && !strstr(first, "python") &&
         !strstr(first, "node") && !strstr(first, "ruby") &&
         !strstr(first, "perl") && !strstr(first, "php");
}

/* ./scripts/test.sh, bash ci/lint.sh, bin/ci: the file's commands. */
/* A folder named for tests: test, tests, e2e, smoke, or a name ending so
 * after a separator or a capital (`smoke-tests`, `LinuxSmokeTest`; not
 * `latest`). */
static bool test_folder_name(const char *seg, size_t len)
{
  if ((len == 3 && strncasecmp(seg, "e2e", 3) == 0) ||
      (len == 5 && strncasecmp(seg, "smoke", 5) == 0))
    return true;
  for (size_t n = 4; n <= 5; n++) {
    if (len < n || strncasecmp(seg + len - n, "tests", n) != 0)
      continue;
    const char *suf = seg + len - n;
    if (len == n || strchr("-_.", suf[-1]) ||
        (suf[0] == 'T' && islower((unsigned char)suf[-1])))
      return true;
  }
  return false;
}

/* A script of the repository's test folder (`tests/smoke/basic.sh`,
 * `test/run.sh`, `tests/LinuxSmokeTest/fake-client.sh`): what it runs is the
 * project's own test, whatever tools it uses - unless its name says it only
 * prepares or cleans up (`test/setup.sh`) or it is one of the folder's
 * helpers (`tests/chore/startContainer.sh`, `e2e/smoke/scripts/x.sh`). */
static bool test_folder_script(const char *path)
{
  static const char *const chores[] = {
      "start",   "stop",     "setup", "set-up",  "set_up", "teardown",
      "install", "build",    "clean", "prepare", "init",   "wait",
      "env",     "common",   "lib",   "util",    "helper", "bootstrap",
      "deps",    "download", "fetch", "pull",    "push",   "publish",
      "release", "deploy",   "lint",  "format",  "gen",    "create",
      "config",  "cert",     "seed",  "up",      "down",   "reset",
      NULL};
  /* the helpers of a test folder (tests/scripts/, e2e/lib/) serve the
   * tests: `provider.sh logs` collects diagnostics */
  static const char *const helpers[] = {
      "scripts",  "script", "lib",    "libs",  "helpers",  "helper",
      "util",     "utils",  "bin",    "tools", "common",   "support",
      "fixtures", "chore",  "chores", "setup", "testdata", NULL};
  const char *base = rc_path_base(path);
  for (size_t i = 0; chores[i]; i++)
    if (strncasecmp(base, chores[i], strlen(chores[i])) == 0)
      return false;
  const char *parent = base > path + 1 ? base - 2 : NULL;
  while (parent && parent > path && parent[-1] != '/')
    parent--;
  for (size_t i = 0; parent && helpers[i]; i++)
    if (strncasecmp(parent, helpers[i], strlen(helpers[i])) == 0 &&
        parent[strlen(helpers[i])] == '/')
      return false;
  bool in_tests = false;
  for (const char *seg = path; *seg && seg < base;) {
    size_t len = strcspn(seg, "/");
    in_tests = in_tests || test_folder_name(seg, len);
    seg += len + (seg[len] == '/');
  }
  return in_tests;
}

bool pl_run_file(struct ctx *c, const char *word, long cmd)
{
  if (strchr(word, '$') || word[0] == '/' || word[0] == '~' || word[0] == '-')
    return false;
  const char *path = NULL;
  size_t len;
  const char *data = pl_named_repo_file(c, word, &path, &len);
  struct rc_gate_hit h;
  rc_gate_of_name(rc_path_base(word), &h);
  if (c->in_build) /* a build's check of its output (run_script) */
    h.gates &= ~(unsigned)RC_GATE_TESTS;
  pl_cmd_gates(c, cmd, h.gates, rc_path_base(word));
  if (data && path && !c->in_build && test_folder_script(path))
    pl_cmd_gates(
        c, cmd, RC_GATE_TESTS,
        rc_arena_printf(c->s->a, "a script of the test folder (%s)", path));
  if (!data || !pl_shell_text(path, data) || c->depth >= MAX_DEPTH)
    return data != NULL;
  const char *key = rc_arena_printf(c->s->a, "sh:%s", path);
  if (pl_on_stack(c->stack, key))
    return true;
  struct frame f = {NULL, key};
  struct ctx k = pl_child(c, cmd, path, &f);
  pl_run_text(&k, data, path, 1, LINES_LITERAL, true);
  return true;
}

/* The repository script word names runs its arguments as a command: a
 * line that starts (after `exec`, `time` or `sudo`) with `$@`, `"$@"`,
 * `$*` or `"$*"` - a timing or logging wrapper. */
bool pl_runs_its_arguments(struct ctx *c, const char *word)
{
  const char *path = NULL;
  size_t len;
  const char *data = pl_named_repo_file(c, word, &path, &len);
  for (const char *p = data; p && *p;) {
    const char *t = p + strspn(p, " \t");
    static const char *const lead[] = {"exec ", "time ", "sudo ", NULL};
    for (size_t i = 0; lead[i]; i++)
      if (strncmp(t, lead[i], strlen(lead[i])) == 0)
        t += strlen(lead[i]);
    if (strncmp(t, "$@", 2) == 0 || strncmp(t, "\"$@\"", 4) == 0 ||
        strncmp(t, "$*", 2) == 0 || strncmp(t, "\"$*\"", 4) == 0)
      return true;
    p = strchr(p, '\n');
    p = p ? p + 1 : NULL;
  }
  return false;
}

/* A wrapper that forwards its arguments to one program (`docker-compose -f
 * docker-compose.yml -f ci.yml "$@"`): the line that runs, with the
 * caller's arguments a[0..n) in place of "$@" (`./bin/dc.sh run test
 * ./bin/run-tests.sh` is the compose run of the test service); NULL when
 * no line of the script ends so. */
const char *pl_forwarded(struct ctx *c, const char *word, const char *const *a,
                         size_t n)
{
  const char *path = NULL;
  size_t len;
  const char *data =
      strchr(word, '$') ? NULL : pl_named_repo_file(c, word, &path, &len);
  for (const char *p = data; p && *p;) {
    size_t ln = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    size_t tn = ln - (size_t)(t - p);
    while (tn && (t[tn - 1] == ' ' || t[tn - 1] == '\r'))
      tn--;
    bool ends = (tn > 6 && strncmp(t + tn - 5, " \"$@\"", 5) == 0) ||
                (tn > 4 && strncmp(t + tn - 3, " $@", 3) == 0);
    if (ends && t[0] != '#' && t[0] != '$' && t[0] != '"') {
      struct rc_buf b;
      rc_buf_init(&b);
      rc_buf_add(&b, t, tn - (t[tn - 1] == '"' ? 4 : 2));
      for (size_t i = 0; i < n; i++)
        rc_buf_printf(&b, " %s", a[i]);
      const char *out = rc_arena_strdup(c->s->a, b.data);
      rc_buf_release(&b);
      return out;
    }
    p = p[ln] ? p + ln + 1 : NULL;
  }
  return NULL;
}
