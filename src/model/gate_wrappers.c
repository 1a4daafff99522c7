/*
 * gate_wrappers.c - the programs that only start a command: sudo, env,
 * timeout, npx, poetry run, docker compose run SERVICE, docker exec. A
 * command is judged after them (rc_gate_command), so the wrapper's own
 * options and values are never taken for the command.
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

#include "gate_parts.h"

/* Options of `docker run` / `docker compose run` that take a value. */
static bool container_valued(const char *w)
{
  static const char *const opts[] = {"-e",
                                     "--env",
                                     "-v",
                                     "--volume",
                                     "-w",
                                     "--workdir",
                                     "-p",
                                     "--publish",
                                     "--name",
                                     "--network",
                                     "--net",
                                     "-u",
                                     "--user",
                                     "--entrypoint",
                                     "--env-file",
                                     "--mount",
                                     "--platform",
                                     "-l",
                                     "--label",
                                     "--add-host",
                                     "--cpus",
                                     "-m",
                                     "--memory",
                                     "--shm-size",
                                     "--cap-add",
                                     "--cap-drop",
                                     "--ulimit",
                                     "--device",
                                     "--tmpfs",
                                     "--pull",
                                     "--log-driver",
                                     "--security-opt",
                                     "--hostname",
                                     "-h",
                                     "--ipc",
                                     "--pid",
                                     "--gpus",
                                     "--volumes-from",
                                     "--link",
                                     "--dns",
                                     "--restart",
                                     "--stop-signal",
                                     "--cidfile",
                                     "--group-add",
                                     "--memory-swap",
                                     "--expose",
                                     "--health-cmd",
                                     "--label-file",
                                     "--runtime",
                                     "--userns",
                                     "--uts",
                                     "-c",
                                     "--cpu-shares",
                                     "--profile",
                                     "-f",
                                     "--file",
                                     "--project-name",
                                     "--project-directory",
                                     "--ansi",
                                     "--progress",
                                     "--index",
                                     NULL};
  return gt_in(w, opts);
}

/* Skips container options from i; returns the index of the first other
 * word (the image, service or container). */
size_t gt_skip_container_opts(const char *const *w, size_t n, size_t i)
{
  while (i < n && w[i][0] == '-' && !gt_is_op(w[i])) {
    if (strchr(w[i], '=') == NULL && container_valued(w[i]) && i + 1 < n)
      i += 2;
    else
      i++;
  }
  return i;
}

/* After `docker compose` / `docker-compose` (global options included):
 * `run`/`exec` [opts] SERVICE -> the command; else i (not a wrapper). */
static size_t compose_wrapper(const char *const *w, size_t n, size_t i)
{
  size_t j = gt_skip_container_opts(w, n, i);
  if (j < n && (strcmp(w[j], "run") == 0 || strcmp(w[j], "exec") == 0)) {
    j = gt_skip_container_opts(w, n, j + 1);
    return j + 1 < n ? j + 1 : n;
  }
  return (size_t)-1;
}

static bool engine(const char *w)
{
  return gt_tool_is(w, "docker") || gt_tool_is(w, "podman") ||
         gt_tool_is(w, "nerdctl");
}

/* sudo, env, timeout 10m, npx -y -p pkg, cross-env A=1, xargs -n 1, and
 * shell keywords (then, do, !): w[i] with its own options and values. */
static size_t simple_wrapper(const char *t, const char *const *w, size_t n,
                             size_t i)
{
  static const char *const simple[] = {"sudo",      "env",
                                       "time",      "nice",
                                       "nohup",     "exec",
                                       "command",   "xvfb-run",
                                       "timeout",   "chronic",
                                       "stdbuf",    "unbuffer",
                                       "gosu",      "su-exec",
                                       "nyc",       "c8",
                                       "npx",       "pnpx",
                                       "bunx",      "cross-env",
                                       "dotenv",    "with-contenv",
                                       "retry",     "caffeinate",
                                       "catchsegv", "sfw",
                                       "xargs",     "parallel",
                                       "then",      "do",
                                       "else",      "if",
                                       "elif",      "while",
                                       "until",     "!",
                                       "{",         "(",
                                       "builtin",   NULL};
  if (!gt_in(t, simple))
    return (size_t)-1;
  size_t j = i + 1;
  /* the wrapper's own options and values: sudo -u x, timeout 10m,
   * gosu user, npx -y -p pkg, cross-env A=1 */
  bool takes_arg = strcmp(t, "timeout") == 0 || strcmp(t, "gosu") == 0 ||
                   strcmp(t, "su-exec") == 0;
  while (j < n && !gt_is_op(w[j]) &&
         (w[j][0] == '-' || gt_is_assignment(w[j]) || takes_arg)) {
    bool valued = strcmp(w[j], "-u") == 0 || strcmp(w[j], "-p") == 0 ||
                  strcmp(w[j], "--package") == 0 || strcmp(w[j], "-s") == 0 ||
                  strcmp(w[j], "-e") == 0 || strcmp(w[j], "-k") == 0 ||
                  strcmp(w[j], "--signal") == 0 ||
                  (strcmp(t, "xargs") == 0 &&
                   (strcmp(w[j], "-I") == 0 || strcmp(w[j], "-n") == 0 ||
                    strcmp(w[j], "-P") == 0 || strcmp(w[j], "-d") == 0 ||
                    strcmp(w[j], "-L") == 0 || strcmp(w[j], "-a") == 0 ||
                    strcmp(w[j], "-E") == 0));
    if (takes_arg && w[j][0] != '-' && !gt_is_assignment(w[j])) {
      takes_arg = false;
      j++;
      continue;
    }
    j += valued && j + 1 < n ? 2 : 1;
  }
  if (j < n && strcmp(w[j], "--") == 0)
    j++;
  return j;
}

/* Whether the words at *j are sub ("tool run": two words); *j moves past
 * them. An empty sub matches nothing and always holds. */
static bool sub_words(const char *const *w, size_t n, size_t *j,
                      const char *sub)
{
  size_t k = *j;
  for (const char *p = sub; *p;) {
    size_t len = strcspn(p, " ");
    if (k >= n || strlen(w[k]) != len || strncmp(w[k], p, len) != 0)
      return false;
    k++;
    p += len;
    p += *p == ' ';
  }
  *j = k;
  return true;
}

/* `yarn dlx x`, `pnpm exec x`, `npm exec -- x`, `poetry run x`,
 * `bundle exec x`, `coverage run -m x`, `uv tool run x`, `go tool x` */
static size_t runner_wrapper(const char *t, const char *const *w, size_t n,
                             size_t i)
{
  static const char *const two[][2] = {
      {"yarn", "dlx"},     {"yarn", "exec"},      {"pnpm", "dlx"},
      {"pnpm", "exec"},    {"npm", "exec"},       {"poetry", "run"},
      {"uv", "run"},       {"pipenv", "run"},     {"pdm", "run"},
      {"rye", "run"},      {"hatch", "run"},      {"bundle", "exec"},
      {"coverage", "run"}, {"op", "run"},         {"doppler", "run"},
      {"conda", "run"},    {"micromamba", "run"}, {"mamba", "run"},
      {"pixi", "run"},     {"uvx", ""},           {"pipx", "run"},
      {"uv", "tool run"},  {"go", "tool"}};
  /* `corepack pnpm lint`: corepack starts the package manager the
   * project pins; its own subcommands (enable, prepare) run nothing */
  static const char *const managers[] = {"npm",  "pnpm",    "yarn", "npx",
                                         "pnpx", "yarnpkg", NULL};
  if (strcmp(t, "corepack") == 0 && i + 1 < n && gt_in(w[i + 1], managers))
    return i + 1;
  for (size_t k = 0; k < sizeof(two) / sizeof(two[0]); k++) {
    if (strcmp(t, two[k][0]) != 0)
      continue;
    size_t j = i + 1;
    if (!sub_words(w, n, &j, two[k][1]))
      continue;
    while (j < n && w[j][0] == '-' && !gt_is_op(w[j])) {
      bool valued = strcmp(w[j], "--with") == 0 || strcmp(w[j], "-n") == 0 ||
                    strcmp(w[j], "--name") == 0 || strcmp(w[j], "-e") == 0 ||
                    strcmp(w[j], "--env") == 0 ||
                    strcmp(w[j], "--python") == 0 ||
                    strcmp(w[j], "--group") == 0;
      if (strcmp(w[j], "--") == 0) {
        j++;
        break;
      }
      if (strcmp(w[j], "-m") == 0) /* coverage run -m pytest */
        return j + 1;
      j += valued && j + 1 < n ? 2 : 1;
    }
    return j;
  }
  return (size_t)-1;
}

/* docker run/exec IMAGE CMD, docker compose run SERVICE CMD. */
static size_t container_wrapper(const char *t, const char *const *w, size_t n,
                                size_t i)
{
  bool standalone =
      strcmp(t, "docker-compose") == 0 || strcmp(t, "podman-compose") == 0;
  if (!engine(w[i]) && !standalone)
    return (size_t)-1;
  size_t j = i + 1;
  if (standalone)
    return compose_wrapper(w, n, j);
  if (j < n && strcmp(w[j], "compose") == 0)
    return compose_wrapper(w, n, j + 1);
  if (j < n && strcmp(w[j], "container") == 0)
    j++;
  if (j < n && (strcmp(w[j], "run") == 0 || strcmp(w[j], "exec") == 0)) {
    j = gt_skip_container_opts(w, n, j + 1);
    return j + 1 < n && !gt_is_op(w[j + 1]) ? j + 1 : (size_t)-1;
  }
  return (size_t)-1;
}

/* `nix develop .#ci --command CMD` (or `-c`, or `nix shell PKG`): the
 * flake's development shell only supplies the tools CMD runs with. */
static size_t nix_wrapper(const char *t, const char *const *w, size_t n,
                          size_t i)
{
  if (strcmp(t, "nix") != 0 || i + 1 >= n ||
      (strcmp(w[i + 1], "develop") != 0 && strcmp(w[i + 1], "shell") != 0))
    return (size_t)-1;
  for (size_t j = i + 2; j < n && !gt_is_op(w[j]); j++)
    if (strcmp(w[j], "--command") == 0 || strcmp(w[j], "-c") == 0)
      return j + 1 < n && !gt_is_op(w[j + 1]) ? j + 1 : (size_t)-1;
  return (size_t)-1;
}

/* find ... -exec CMD, kubectl exec POD -- CMD. */
static size_t exec_wrapper(const char *t, const char *const *w, size_t n,
                           size_t i)
{
  if (strcmp(t, "find") == 0)
    for (size_t j = i + 1; j < n && !gt_is_op(w[j]); j++)
      if (strcmp(w[j], "-exec") == 0 || strcmp(w[j], "-execdir") == 0)
        return j + 1 < n ? j + 1 : (size_t)-1;
  if (strcmp(t, "kubectl") == 0 && i + 1 < n && strcmp(w[i + 1], "exec") == 0)
    for (size_t j = i + 2; j < n && !gt_is_op(w[j]); j++)
      if (strcmp(w[j], "--") == 0)
        return j + 1;
  return (size_t)-1;
}

/* One wrapper at w[i]: the index after it, or (size_t)-1 when w[i] is
 * not one. */
/* PowerShell's `$results = Invoke-ScriptAnalyzer ...`: the command is
 * what follows the variable and its `=` (to a shell, `$x = ...` would be a
 * computed command, which says nothing). */
static bool ps_assignment(const char *const *w, size_t n, size_t i)
{
  if (i + 2 >= n || w[i][0] != '$' || !w[i][1] || strcmp(w[i + 1], "=") != 0)
    return false;
  for (const char *p = w[i] + 1; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_')
      return false;
  return true;
}

static size_t unwrap_once(const char *const *w, size_t n, size_t i)
{
  if (gt_is_assignment(w[i]))
    return i + 1;
  if (ps_assignment(w, n, i))
    return i + 2;
  char t[64];
  gt_tool_name(w[i], t, sizeof(t));
  size_t (*const wrappers[])(const char *, const char *const *, size_t,
                             size_t) = {simple_wrapper, runner_wrapper,
                                        container_wrapper, exec_wrapper,
                                        nix_wrapper};
  for (size_t k = 0; k < sizeof(wrappers) / sizeof(wrappers[0]); k++) {
    size_t j = wrappers[k](t, w, n, i);
    if (j != (size_t)-1)
      return j;
  }
  return (size_t)-1;
}

size_t rc_gate_command(const char *const *w, size_t n)
{
  size_t i = 0;
  for (unsigned guard = 0; i < n && guard < 32; guard++) {
    if (gt_is_op(w[i]))
      return n;
    size_t j = unwrap_once(w, n, i);
    if (j == (size_t)-1)
      return i;
    i = j;
  }
  return i < n ? i : n;
}
