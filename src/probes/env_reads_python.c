/*
 * env_reads_python.c - which Python reads of an environment variable are
 * optional, for the env_documented probe: os.environ["X"] is the read
 * that fails without X, unless it sits in a block that runs only when a
 * variable is set (`if "OTHER" in os.environ:`), and a file that tests
 * `"X" in os.environ` handles X unset. Blocks are found by indentation.
 */
#include <stddef.h>
#include <string.h>

#include "env_reads.h"

static size_t indent_of(const char *l)
{
  size_t n = 0;
  while (l[n] == ' ' || l[n] == '\t')
    n++;
  return n;
}

static bool blank_line(const char *l)
{
  l = env_skip_blanks(l);
  return *l == '\n' || *l == '\r' || *l == '#' || !*l;
}

/* Header text [h, end) of a Python `if`/`elif` tests that some variable
 * is set: `"X" in os.environ` (not `not in`), or a truthy
 * `os.environ.get("X")` / `os.getenv("X")` not compared with anything. */
static bool python_presence_header(const char *h, const char *end)
{
  const char *p = env_skip_space(h);
  if (strncmp(p, "elif", 4) == 0)
    p += 2;
  if (strncmp(p, "if", 2) != 0 || env_name_char(p[2]))
    return false;
  for (const char *at = p; at < end; at++) {
    if (strncmp(at, "in os.environ", 13) == 0 && !env_name_char(at[13]) &&
        at[13] != '.' && at[13] != '[') {
      const char *b = env_skip_space_back(h, at);
      if (!(b - h >= 3 && strncmp(b - 3, "not", 3) == 0))
        return true;
    }
    size_t pl = strncmp(at, "os.environ.get(", 15) == 0 ? 15
                : strncmp(at, "os.getenv(", 10) == 0    ? 10
                                                        : 0;
    if (!pl)
      continue;
    const char *c = strchr(at + pl, ')');
    if (!c || c >= end)
      continue;
    const char *a = env_skip_space(c + 1);
    const char *b = env_skip_space_back(h, at);
    if (!strchr("=!<>", *a) && strncmp(a, "in ", 3) != 0 &&
        !(b - h >= 3 && strncmp(b - 3, "not", 3) == 0))
      return true;
  }
  return false;
}

/* A Python read inside the block of `if "OTHER" in os.environ:` (also a
 * header spread over lines in parentheses) is used only when OTHER is
 * set. Walks up the enclosing blocks by indentation. */
bool env_python_guarded_block(const char *data, const char *at)
{
  const char *l = env_line_start(data, at);
  size_t ind = indent_of(l);
  for (size_t steps = 0; l > data && ind > 0 && steps < GUARD_SCAN_MAX;) {
    const char *prev = env_line_start(data, l - 1);
    steps += (size_t)(l - prev);
    l = prev;
    if (blank_line(l) || indent_of(l) >= ind)
      continue;
    ind = indent_of(l);
    const char *end = strchr(l, '\n');
    end = end ? end : l + strlen(l);
    const char *h = l;
    /* a closing `):` line: the header starts at the line of the same
     * indentation that is not a closer */
    if (strchr(")]}", l[ind])) {
      while (h > data) {
        const char *q = env_line_start(data, h - 1);
        h = q;
        if (!blank_line(q) && indent_of(q) == ind && !strchr(")]}", q[ind]))
          break;
      }
    }
    if (python_presence_header(h, end))
      return true;
  }
  return false;
}

/* Python: `if "X" in os.environ:` tests presence, so X is optional. */
void env_python_presence_tests(const char *data, struct optional_names *o)
{
  static const char key[] = "os.environ";
  for (const char *at = strstr(data, key); at;
       at = strstr(at + sizeof(key) - 1, key)) {
    const char *e = env_skip_blanks_back(data, at);
    if (e == at || e - data < 3 || strncmp(e - 2, "in", 2) != 0)
      continue;
    const char *q = env_skip_blanks_back(data, e - 2);
    if (q == e - 2 || q == data || (q[-1] != '"' && q[-1] != '\''))
      continue;
    const char *b = q - 1;
    while (b > data && env_name_char(b[-1]))
      b--;
    size_t len = (size_t)(q - 1 - b);
    if (b == data || b[-1] != q[-1] || len == 0 || len >= NAME_MAX_LEN)
      continue;
    char name[NAME_MAX_LEN];
    if (env_ident(b, name) == len)
      env_add_optional(o, name);
  }
}
