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

/* Whether flag, given to prog, makes the next word program text:
 * ["sh", "-c", "a && b"] starts a shell itself, so its operators work;
 * ["php", "-r", "fsockopen(...) or die();"] runs PHP, not shell. */
static bool interpreter_flag(const char *prog, const char *flag)
{
  static const char *const shells[] = {"sh",  "bash", "ash", "dash",
                                       "zsh", "ksh",  NULL};
  static const struct {
    const char *prog;
    const char *flags[5];
  } code[] = {
      {"python", {"-c", NULL}},
      {"node", {"-e", "--eval", "-p", "--print", NULL}},
      {"bun", {"-e", "--eval", "-p", "--print", NULL}},
      {"deno", {"eval", NULL}},
      {"ruby", {"-e", NULL}},
      {"perl", {"-e", "-E", NULL}},
      {"php", {"-r", NULL}},
      {"lua", {"-e", NULL}},
  };
  if (in(prog, shells))
    return flag[0] == '-' && flag[1] != '-' && strchr(flag, 'c');
  for (size_t i = 0; i < sizeof(code) / sizeof(code[0]); i++)
    /* python3, python3.12, php8.2, lua5.4 */
    if (strncmp(prog, code[i].prog, strlen(code[i].prog)) == 0 &&
        strspn(prog + strlen(code[i].prog), "0123456789.") ==
            strlen(prog + strlen(code[i].prog)))
      return in(flag, code[i].flags);
  return false;
}

/* Options may come first (["python3", "-u", "-c", "..."]); the code flag
 * must come before the first operand. */
static bool runs_interpreter(const char *const *argv, size_t n)
{
  if (n < 2 || !argv[0])
    return false;
  const char *prog = base_name(argv[0]);
  for (size_t i = 1; i < n && argv[i]; i++) {
    if (interpreter_flag(prog, argv[i]))
      return true;
    if (argv[i][0] != '-')
      return false;
  }
  return false;
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
