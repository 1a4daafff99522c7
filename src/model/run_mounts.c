/*
 * run_mounts.c - what a RUN instruction copies into the image from the
 * build context it bind-mounts: `RUN --mount=type=bind,source=.,target=/src
 * cp /src/certs/server.key /etc/ssl/` puts the same file in every image as
 * `COPY certs/server.key /etc/ssl/` would, without a layer for the context.
 * Only the copying commands count (cp, rsync, install): a build that merely
 * reads a mounted file (a compiler, a package install) leaves it behind.
 */
#include "readycheck/dockerfile.h"

#include <stdbool.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

enum { MAX_MOUNTS = 8, MAX_SOURCES = 64, MAX_DEPTH = 2 };

struct bind {
  const char *source; /* context-relative, "." for the root */
  const char *target; /* absolute, no trailing slash */
};

struct found {
  struct rc_arena *a;
  struct bind mounts[MAX_MOUNTS];
  size_t n_mounts;
  const char **out;
  size_t n;
};

static const char *trimmed(struct rc_arena *a, const char *s, size_t n)
{
  while (n > 1 && s[n - 1] == '/')
    n--;
  return rc_arena_strndup(a, s, n);
}

/* One `--mount=` flag (without its prefix, n bytes): a bind mount of the
 * build context is kept; `from=` (a stage or an image), cache, secret,
 * ssh and tmpfs mounts hold nothing of the context. */
static void add_mount(struct found *f, const char *spec, size_t n)
{
  const char *type = "bind", *source = ".", *target = NULL;
  bool other = false;
  for (size_t i = 0; i < n;) {
    size_t len = strcspn(spec + i, ",");
    if (len > n - i)
      len = n - i;
    const char *kv = rc_arena_strndup(f->a, spec + i, len);
    const char *eq = strchr(kv, '=');
    if (eq) {
      size_t kn = (size_t)(eq - kv);
      const char *v = eq + 1;
      if (kn == 4 && strncmp(kv, "type", kn) == 0)
        type = v;
      else if ((kn == 6 && strncmp(kv, "source", kn) == 0) ||
               (kn == 3 && strncmp(kv, "src", kn) == 0))
        source = *v ? v : ".";
      else if ((kn == 6 && strncmp(kv, "target", kn) == 0) ||
               (kn == 3 && strncmp(kv, "dst", kn) == 0) ||
               (kn == 11 && strncmp(kv, "destination", kn) == 0))
        target = v;
      else if (kn == 4 && strncmp(kv, "from", kn) == 0)
        other = true;
    }
    i += len + 1;
  }
  if (other || strcmp(type, "bind") != 0 || !target || target[0] != '/' ||
      f->n_mounts == MAX_MOUNTS)
    return;
  while (*source == '/' || (source[0] == '.' && source[1] == '/'))
    source += *source == '/' ? 1 : 2;
  f->mounts[f->n_mounts++] = (struct bind){
      trimmed(f->a, *source ? source : ".", strlen(*source ? source : ".")),
      trimmed(f->a, target, strlen(target))};
}

/* A copied word as a context path when it lies in a bind mount. */
static void add_source(struct found *f, const char *w)
{
  for (size_t i = 0; i < f->n_mounts && f->n < MAX_SOURCES; i++) {
    size_t t = strlen(f->mounts[i].target);
    if (strncmp(w, f->mounts[i].target, t) != 0 || (w[t] && w[t] != '/'))
      continue;
    const char *rest = w + t;
    while (*rest == '/')
      rest++;
    f->out[f->n++] = *rest ? rc_path_join(f->a, f->mounts[i].source, rest)
                           : f->mounts[i].source;
    return;
  }
}

static bool is_shell(const char *prog)
{
  static const char *const shells[] = {"sh",  "bash", "dash",
                                       "ash", "zsh",  NULL};
  for (size_t i = 0; shells[i]; i++)
    if (strcmp(prog, shells[i]) == 0)
      return true;
  return false;
}

/* An option of install that takes the next word (-m 644, -o root). */
static bool install_value(const char *opt)
{
  return strcmp(opt, "-m") == 0 || strcmp(opt, "-o") == 0 ||
         strcmp(opt, "-g") == 0 || strcmp(opt, "-t") == 0;
}

static void scan(struct found *f, const char *line, int depth);

/* One simple command, words [b, e): a copy's sources (every operand but
 * the destination), or the script of `sh -c`. */
static void command(struct found *f, const char **w, size_t b, size_t e,
                    int depth)
{
  while (b < e && (strchr(w[b], '=') && w[b][0] != '-' && w[b][0] != '/'))
    b++; /* VAR=value before the program */
  while (b < e && (strcmp(w[b], "sudo") == 0 || strcmp(w[b], "env") == 0 ||
                   strcmp(w[b], "exec") == 0))
    b++;
  if (b >= e)
    return;
  const char *prog = rc_path_base(w[b]);
  if (is_shell(prog)) {
    for (size_t k = b + 1; k + 1 < e; k++)
      if (w[k][0] == '-' && w[k][strlen(w[k]) - 1] == 'c') {
        scan(f, w[k + 1], depth + 1);
        return;
      }
    return;
  }
  bool install = strcmp(prog, "install") == 0;
  if (!install && strcmp(prog, "cp") != 0 && strcmp(prog, "rsync") != 0)
    return;
  const char *ops[MAX_SOURCES];
  size_t n = 0;
  for (size_t k = b + 1; k < e && n < MAX_SOURCES; k++) {
    if (w[k][0] == '-') {
      if (install && install_value(w[k]))
        k++;
      continue;
    }
    ops[n++] = w[k];
  }
  for (size_t k = 0; k + 1 < n; k++)
    add_source(f, ops[k]);
}

/* A shell line: its commands, split at operators (redirections and
 * their files dropped). */
static void scan(struct found *f, const char *line, int depth)
{
  if (depth > MAX_DEPTH)
    return;
  const char **w;
  size_t n = rc_shell_words(f->a, line, &w);
  const char **cmd = rc_arena_alloc(f->a, (n + 1) * sizeof(*cmd));
  size_t nc = 0;
  for (size_t i = 0; i <= n; i++) {
    bool needs = false;
    if (i < n && rc_shell_redirect(w[i], &needs)) {
      i += needs;
      continue;
    }
    if (i < n && !rc_shell_is_op(w[i])) {
      cmd[nc++] = w[i];
      continue;
    }
    command(f, cmd, 0, nc, depth);
    nc = 0;
  }
}

size_t rc_df_run_copies(struct rc_arena *a, const struct rc_df_instr *in,
                        const char ***out)
{
  struct found f = {.a = a};
  *out = NULL;
  if (strcmp(in->kw, "RUN") != 0)
    return 0;
  const char *p = in->args;
  while (strncmp(p, "--", 2) == 0) {
    size_t len = strcspn(p, " \t");
    if (strncmp(p, "--mount=", 8) == 0)
      add_mount(&f, p + 8, len - 8);
    p += len;
    p += strspn(p, " \t");
  }
  if (!f.n_mounts || !*p || *p == '[' || strncmp(p, "<<", 2) == 0)
    return 0;
  f.out = rc_arena_alloc(a, MAX_SOURCES * sizeof(*f.out));
  scan(&f, p, 0);
  *out = f.out;
  return f.n;
}
