/*
 * pipeline_masked.c - a gate command followed by `|| true` hides a failure
 * only when nothing fails on it later and the command runs the gate at
 * all. The failure may be kept (in a file, a variable, a step output) and
 * failed on a few lines on; the command may be named for a gate and do
 * something else (`npm run test:cleanup`, `jest --listTests`).
 */
#include "pipeline_masked.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

enum {
  SAME_STEP_LINES = 8,  /* how far a step's script keeps using a capture */
  LATER_STEP_LINES = 30 /* how far a step output is read by later steps */
};

/* The text of line n (1-based) of data, as a copy, or NULL. */
static char *line_at(struct rc_arena *a, const char *data, size_t len,
                     unsigned n)
{
  size_t i = 0;
  for (unsigned l = 1; l < n && i < len; i++)
    if (data[i] == '\n')
      l++;
  if (i >= len)
    return NULL;
  size_t e = i;
  while (e < len && data[e] != '\n')
    e++;
  return rc_arena_strndup(a, data + i, e - i);
}

static bool word_char(char ch)
{
  return isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '.';
}

/* The text fails on purpose: `exit 1`, `exit $status`, a bare `exit`
 * after a failed test (it keeps that status), `false`, setFailed. */
static bool fails_here(const char *t)
{
  for (const char *p = strstr(t, "exit"); p; p = strstr(p + 4, "exit")) {
    if ((p > t && word_char(p[-1])) || word_char(p[4]))
      continue;
    const char *q = p + 4 + strspn(p + 4, " \t\"'");
    if (*q == '0' && !isdigit((unsigned char)q[1]))
      continue;
    if (isdigit((unsigned char)*q) || *q == '$' || !*q || *q == ';' ||
        *q == '}' || *q == ')')
      return true;
  }
  for (const char *p = strstr(t, "false"); p; p = strstr(p + 5, "false"))
    if ((p == t || !word_char(p[-1])) && !word_char(p[5]) && p[-1] != '\'' &&
        p[-1] != '"')
      return true;
  return strstr(t, "setFailed") != NULL;
}

/* Some line of the next `span` after line `from` names one of names[],
 * and it or one of the three lines after it fails on purpose. */
static bool later_fails_on(struct rc_arena *a, const char *data, size_t len,
                           unsigned from, unsigned span,
                           const char *const *names)
{
  for (unsigned l = from + 1; l <= from + span; l++) {
    const char *t = line_at(a, data, len, l);
    if (!t)
      return false;
    bool named = false;
    for (size_t i = 0; names[i] && !named; i++)
      named = strstr(t, names[i]) != NULL;
    if (!named)
      continue;
    for (unsigned k = l; k <= l + 3; k++) {
      const char *u = line_at(a, data, len, k);
      if (u && fails_here(u))
        return true;
    }
  }
  return false;
}

/* The first word at p (quotes dropped, a leading ./ too). */
static const char *word_at(struct rc_arena *a, const char *p)
{
  p += strspn(p, " \t\"'");
  if (strncmp(p, "./", 2) == 0)
    p += 2;
  size_t n = strcspn(p, " \t\"';|&)");
  return n ? rc_arena_strndup(a, p, n) : NULL;
}

/* `out=$(golangci-lint run || true)`, `local report="$(...)`: the name
 * of the variable the line's command substitution is assigned to. */
static const char *captured_into(struct rc_arena *a, const char *line)
{
  const char *p = line + strspn(line, " \t");
  static const char *const decl[] = {"local ", "export ", "declare ",
                                     "readonly ", NULL};
  for (size_t i = 0; decl[i]; i++)
    if (strncmp(p, decl[i], strlen(decl[i])) == 0)
      p += strlen(decl[i]);
  size_t n = 0;
  while (isalnum((unsigned char)p[n]) || p[n] == '_')
    n++;
  if (!n || p[n] != '=')
    return NULL;
  const char *v = p + n + 1 + (p[n + 1] == '"');
  if (strncmp(v, "$(", 2) != 0 && v[0] != '`')
    return NULL;
  return rc_arena_strndup(a, p, n);
}

/* What the masked line keeps of the failure for later lines to test:
 * the output file before `||` (`gofmt -l . > fmt.log || true`), the
 * variable a command substitution is assigned to, or what the fallback
 * writes (`|| echo "failed=true" >> "$GITHUB_OUTPUT"`: the key, read by
 * a later step as `steps.x.outputs.failed`; `|| echo fail > lint.txt`:
 * the file). Fills names[] (at most 4 forms, NULL-ended); *span is how
 * far on they are looked for. False when the line keeps nothing. */
static bool kept_names(struct rc_arena *a, const char *line, const char **names,
                       unsigned *span)
{
  *span = SAME_STEP_LINES;
  const char *var = captured_into(a, line);
  if (var) {
    names[0] = rc_arena_printf(a, "$%s", var);
    names[1] = rc_arena_printf(a, "${%s}", var);
    names[2] = NULL;
    return true;
  }
  const char *bar = strstr(line, "||");
  if (!bar)
    return false;
  const char *before = rc_arena_strndup(a, line, (size_t)(bar - line));
  const char *gt = strrchr(before, '>');
  if (gt && gt[1] != '&') {
    const char *f = word_at(a, gt + 1);
    if (f && strlen(f) >= 2 && strncmp(f, "/dev/", 5) != 0) {
      names[0] = f;
      names[1] = NULL;
      return true;
    }
  }
  const char *after = bar + 2;
  gt = strchr(after, '>');
  if (!gt)
    return false;
  const char *target = word_at(a, gt + 1 + (gt[1] == '>'));
  if (!target)
    return false;
  if (strstr(target, "GITHUB_OUTPUT") || strstr(target, "GITHUB_ENV")) {
    const char *echo = strstr(after, "echo");
    const char *key = echo ? word_at(a, echo + 4) : NULL;
    if (!key || !strchr(key, '='))
      return false;
    key = rc_arena_strndup(a, key, strcspn(key, "="));
    names[0] = rc_arena_printf(a, "outputs.%s", key);
    names[1] = rc_arena_printf(a, "env.%s", key);
    names[2] = rc_arena_printf(a, "$%s", key);
    names[3] = NULL;
    *span = LATER_STEP_LINES;
    return true;
  }
  if (strncmp(target, "/dev/", 5) == 0 || target[0] == '&')
    return false;
  names[0] = target;
  names[1] = NULL;
  return true;
}

/* The failure is kept and a later line fails on it. */
static bool kept_and_failed_on(struct rc_ctx *ctx, const struct rc_ci_cmd *c)
{
  const char *data;
  size_t len;
  char err[256];
  if (rc_index_read_path(ctx->index, c->at.path, &data, &len, err,
                         sizeof(err)) != 0)
    return false;
  const char *line = line_at(ctx->arena, data, len, c->at.line);
  const char *names[5];
  unsigned span;
  if (!line || !kept_names(ctx->arena, line, names, &span))
    return false;
  return later_fails_on(ctx->arena, data, len, c->at.line, span, names);
}

static const char *const housekeeping_words[] = {
    "cleanup", "clean",   "teardown", "down",   "upload", "setup",
    "prepare", "install", "reset",    "clear",  "purge",  "stop",
    "kill",    "logs",    "publish",  "notify", "merge",  "combine",
    "seed",    "init",    "start",    "serve",  NULL};

/* Verbs that tidy wherever they stand in a name (`clean-ci`,
 * `teardown-all`): a target that starts with one runs no gate. */
static const char *const tidy_words[] = {
    "cleanup", "clean", "teardown", "down", "stop",
    "kill",    "purge", "reset",    "logs", NULL};

static bool one_of(const char *w, size_t n, const char *const *set)
{
  for (size_t i = 0; set[i]; i++)
    if (strlen(set[i]) == n && strncasecmp(w, set[i], n) == 0)
      return true;
  return false;
}

/* The name's last word (after `:`, `-`, `_` or a camelCase hump) is done
 * around a gate, or its first word tidies (`test:cleanup`, `testCleanup`,
 * `clean-ci`). */
static bool housekeeping_name(const char *name, size_t end)
{
  size_t b = end;
  while (b > 0 && isalnum((unsigned char)name[b - 1]))
    b--;
  /* a camelCase hump starts the last word too (`testCleanup`) */
  for (size_t k = end - (end > b); k > b; k--)
    if (isupper((unsigned char)name[k]) &&
        islower((unsigned char)name[k - 1])) {
      b = k;
      break;
    }
  if (one_of(name + b, end - b, housekeeping_words))
    return true;
  size_t f = 0;
  while (f < end && isalnum((unsigned char)name[f]) &&
         !(f && isupper((unsigned char)name[f]) &&
           islower((unsigned char)name[f - 1])))
    f++;
  return f < end && one_of(name, f, tidy_words);
}

/* A package script named for what is done around a gate, not the gate:
 * its last word tidies, sets up, uploads or stops (`test:cleanup`,
 * `e2e:teardown`, `coverage:upload`, `test:setup`, `e2e:stop`). */
static bool housekeeping_script(const char *tool)
{
  if (!tool || strncmp(tool, "script ", 7) != 0)
    return false;
  return housekeeping_name(tool + 7, strlen(tool + 7));
}

/* A make target, or the first argument of a repository script, named for
 * tidying around a gate: `make clean-ci`, `./run-tests.sh clean` (the
 * script's clean-up branch, not its tests). */
static bool housekeeping_target(const char *text)
{
  const char *p = text + strspn(text, " \t");
  size_t n = strcspn(p, " \t");
  bool make = (n == 4 && strncmp(p, "make", 4) == 0) ||
              (n == 5 && strncmp(p, "gmake", 5) == 0);
  bool script = n > 3 && strncmp(p + n - 3, ".sh", 3) == 0;
  if (!make && !script)
    return false;
  for (p += n;;) {
    p += strspn(p, " \t");
    size_t m = strcspn(p, " \t;|&");
    if (!m)
      return false;
    /* options and make's variable assignments come before the target */
    if (*p != '-' && !memchr(p, '=', m))
      return housekeeping_name(p, m);
    p += m;
  }
}

/* Options with which a test runner lists, configures or clears its cache
 * and runs no test (`jest --clearCache`, `pytest --collect-only`), and a
 * `go test -bench` that runs no test (`-run=^$`). */
static bool runs_no_gate(const char *text)
{
  static const char *const opts[] = {"--clearCache", "--listTests",
                                     "--showConfig", "--collect-only",
                                     "--co",         NULL};
  for (size_t i = 0; opts[i]; i++) {
    size_t n = strlen(opts[i]);
    for (const char *p = strstr(text, opts[i]); p; p = strstr(p + n, opts[i]))
      if (p > text && p[-1] == ' ' && !word_char(p[n]))
        return true;
  }
  const char *run = strstr(text, "-run");
  if (strstr(text, "-bench") && run) {
    const char *v = run + 4 + strspn(run + 4, " =\"'");
    return strncmp(v, "^$", 2) == 0 || strncmp(v, "XXX", 3) == 0 ||
           strncasecmp(v, "none", 4) == 0 || strncmp(v, "^#", 2) == 0 ||
           strncmp(v, "$^", 2) == 0;
  }
  return false;
}

bool pl_runs_no_gate(const struct rc_ci_cmd *c)
{
  return housekeeping_script(c->tool) || housekeeping_target(c->text) ||
         runs_no_gate(c->text);
}

bool pl_masked_held(struct rc_ctx *ctx, const struct rc_ci_cmd *c)
{
  return pl_runs_no_gate(c) || kept_and_failed_on(ctx, c);
}
