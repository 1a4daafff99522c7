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

/* The words a wrapper takes before the program it runs: `timeout 5 bash
 * -c ...`, `env A=1 python -c ...`, `busybox sh -c ...`, `gosu app ...`,
 * `tini -- ...`. Returns the index of the wrapped program (0 when argv[0]
 * wraps nothing). */
static size_t wrapped_program(const char *const *argv, size_t n)
{
  size_t i = 0;
  while (i < n && argv[i]) {
    const char *w = base_name(argv[i]);
    size_t j = i + 1;
    if (strcmp(w, "timeout") == 0 || strcmp(w, "gosu") == 0 ||
        strcmp(w, "su-exec") == 0) {
      while (j < n && argv[j] && argv[j][0] == '-')
        j++;
      j++; /* the duration, or the user */
    } else if (strcmp(w, "env") == 0) {
      while (j < n && argv[j] && (argv[j][0] == '-' || strchr(argv[j], '=')))
        j++;
    } else if (strcmp(w, "busybox") == 0 || strcmp(w, "nohup") == 0 ||
               strcmp(w, "nice") == 0 || strcmp(w, "stdbuf") == 0 ||
               strcmp(w, "tini") == 0 || strcmp(w, "dumb-init") == 0) {
      while (j < n && argv[j] && argv[j][0] == '-')
        j++;
    } else {
      return i;
    }
    if (j >= n || !argv[j])
      return i; /* the wrapper runs nothing: judge it as it is */
    i = j;
  }
  return i;
}

const char *rc_exec_form_shell_word(const char *const *argv, size_t n)
{
  size_t w = n ? wrapped_program(argv, n) : 0;
  argv += w;
  n -= w;
  if (n == 0 || runs_interpreter(argv, n))
    return NULL;
  for (size_t i = 0; i < n; i++)
    if (argv[i] && shell_operator(argv[i]) &&
        !(i > 0 && code_flag(argv[0], argv[i - 1])))
      return argv[i];
  return NULL;
}

/* prog without a version (python3.12, php8.2) is name. */
static bool named(const char *prog, const char *name)
{
  size_t n = strlen(name);
  return strncmp(prog, name, n) == 0 &&
         strspn(prog + n, "0123456789.") == strlen(prog + n);
}

/* A shell or an interpreter given a file to read: `sh /start.sh` needs no
 * executable bit. Python, Node and the rest read their script the same
 * way. */
bool rc_exec_form_reads_operand(const char *const *argv, size_t n)
{
  static const char *const readers[] = {
      "sh",   "bash", "ash",  "dash", "zsh", "ksh", "python",
      "node", "bun",  "ruby", "perl", "php", NULL};
  size_t w = n ? wrapped_program(argv, n) : 0;
  argv += w;
  n -= w;
  if (n == 0 || !argv[0])
    return false;
  const char *prog = base_name(argv[0]);
  bool reader = false;
  for (size_t i = 0; readers[i] && !reader; i++)
    reader = named(prog, readers[i]);
  if (!reader)
    return false;
  for (size_t i = 1; i < n && argv[i]; i++)
    if (interpreter_flag(prog, argv[i]) ||
        (named(prog, "python") && strcmp(argv[i], "-m") == 0))
      return false; /* sh -c "./x.sh" runs x.sh itself; python -m a module */
  return true;
}
