/*
 * execform.c - shell syntax in exec-form commands.
 *
 * Docker runs an exec-form CMD or HEALTHCHECK with execve: `||` is passed
 * to curl as an argument and the fallback never runs. The exceptions are
 * the commands that interpret their arguments themselves.
 */
#include "readycheck/execform.h"

#include <stdbool.h>
#include <string.h>

static bool shell_operator(const char *s)
{
  return strstr(s, "||") || strstr(s, "&&") || strstr(s, "| ") ||
         strcmp(s, "|") == 0 || strchr(s, ';');
}

static const char *base_name(const char *prog)
{
  const char *slash = strrchr(prog, '/');
  return slash ? slash + 1 : prog;
}

static bool in(const char *w, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strcmp(w, list[i]) == 0)
      return true;
  return false;
}

/* ["sh", "-c", "a && b"] starts a shell itself: its operators work;
 * ["python", "-c", "..."] runs program text that is not shell. */
static bool runs_interpreter(const char *const *argv, size_t n)
{
  static const char *const progs[] = {
      "sh",   "bash", "ash",  "dash", "zsh",  "ksh", "python", "python3",
      "node", "ruby", "perl", "php",  "deno", "bun", NULL};
  if (n < 2 || !argv[0] || !argv[1] || argv[1][0] != '-' ||
      (!strchr(argv[1], 'c') && !strchr(argv[1], 'e')))
    return false;
  return in(base_name(argv[0]), progs);
}

/* The word after a flag that takes program text is that program's code,
 * passed as one argument on purpose. Short flags mean that only for
 * database clients (curl's -c is a cookie jar). */
static bool code_flag(const char *prog, const char *w)
{
  static const char *const longs[] = {"--eval", "--command", "--execute",
                                      "--query", NULL};
  static const char *const shorts[] = {"-e", "-c", "-q", NULL};
  static const char *const clients[] = {
      "mysql", "mariadb", "psql", "cqlsh", "clickhouse-client",
      "mongo", "mongosh", NULL};
  if (!w)
    return false;
  if (in(w, longs))
    return true;
  return prog && in(w, shorts) && in(base_name(prog), clients);
}

const char *rc_exec_form_shell_word(const char *const *argv, size_t n)
{
  if (n == 0 || runs_interpreter(argv, n))
    return NULL;
  for (size_t i = 0; i < n; i++)
    if (argv[i] && shell_operator(argv[i]) &&
        !(i > 0 && code_flag(argv[0], argv[i - 1])))
      return argv[i];
  return NULL;
}
