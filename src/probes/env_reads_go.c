/*
 * env_reads_go.c - whether a Go read of an environment variable
 * (os.Getenv("X")) is optional or enforced, for the env_documented probe.
 * os.Getenv never fails, so the code around the read decides: a test of
 * the value or a default makes it optional, an `== ""` block that fails
 * makes it enforced. Plain text scanning, not parsing.
 */
#include <stddef.h>
#include <string.h>

#include "env_reads.h"

/* Go: `if v := os.Getenv("X"); v != ""` or `os.Getenv("X") != ""` uses X
 * only when set. `== ""` is left out: it is the usual "required" guard. */
static bool go_presence_test(const char *p)
{
  p = env_skip_blanks(p);
  if (*p != ')')
    return false;
  p = env_skip_blanks(p + 1);
  if (*p == ';') {
    char name[NAME_MAX_LEN];
    p = env_skip_blanks(p + 1);
    size_t n = env_ident(p, name);
    if (!n)
      return false;
    p = env_skip_blanks(p + n);
  }
  if (strncmp(p, "!=", 2) != 0)
    return false;
  return strncmp(env_skip_blanks(p + 2), "\"\"", 2) == 0;
}

/* The first needle that starts in [from, end) (end is inside the string
 * or its terminator). */
static const char *find_between(const char *from, const char *end,
                                const char *needle)
{
  size_t n = strlen(needle);
  for (const char *p = from; p < end; p++)
    if (*p == *needle && strncmp(p, needle, n) == 0)
      return p;
  return NULL;
}

/* os.Getenv never fails: a Go read is required when the code refuses to
 * run without the value, and optional when it tests the value or falls
 * back to a default (the same principle as a JS `|| "d"` or compose's
 * `${X:-d}`). A block that handles absence by failing - log.Fatal,
 * panic, os.Exit, returning an error - is the required guard. */
static bool go_block_fails(const char *open)
{
  static const char *const fails[] = {
      "Fatal",      "panic(",     "os.Exit",      "Errorf",
      "errors.New", "return err", "return nil, ", NULL};
  int depth = 0;
  const char *close = open;
  for (; *close && close - open < GUARD_SCAN_MAX; close++) {
    if (*close == '{')
      depth++;
    else if (*close == '}' && --depth == 0)
      break;
  }
  if (*close != '}')
    return true; /* unreadable: keep it required */
  for (const char *p = open; p < close; p++)
    for (size_t i = 0; fails[i]; i++)
      if (strncmp(p, fails[i], strlen(fails[i])) == 0)
        return true;
  return false;
}

/* At p (after the value): `== "lit"` / `!= "lit"` compares it with a
 * word, a flag; `!= ""` uses it only when set; `== ""` is a fallback
 * unless it opens a block that fails (or is a term of such a test). */
static bool go_compare_optional(const char *p)
{
  p = env_skip_blanks(p);
  bool eq = strncmp(p, "==", 2) == 0;
  if (!eq && strncmp(p, "!=", 2) != 0)
    return false;
  p = env_skip_blanks(p + 2);
  if (*p != '"')
    return false;
  if (p[1] != '"' || !eq)
    return true;
  for (p += 2; *p && *p != '\n'; p++)
    if (*p == '{')
      return !go_block_fails(p);
  return true; /* `return v == "" || v == "true"`: a value, not a guard */
}

/* `len(V) > 0`, `len(V) != 0` with V at [at, after). */
static bool go_len_test(const char *data, const char *at, const char *after)
{
  const char *b = env_skip_blanks_back(data, at);
  if (b - data < 4 || strncmp(b - 4, "len(", 4) != 0)
    return false;
  const char *a = env_skip_blanks(after);
  if (*a != ')')
    return false;
  a = env_skip_blanks(a + 1);
  return (*a == '>' || strncmp(a, "!=", 2) == 0) &&
         *env_skip_blanks(a + (*a == '>' ? 1 : 2)) == '0';
}

/* V at [at, ...) is the argument of a strconv/time parse whose error
 * falls back (`if err != nil { n = 10 }`, `err == nil && ...`). */
static bool go_parse_fallback(const char *data, const char *at,
                              const char *after)
{
  static const char *const parses[] = {
      "Atoi(",      "ParseDuration(", "ParseBool(", "ParseInt(",
      "ParseUint(", "ParseFloat(",    NULL};
  const char *b = env_skip_blanks_back(data, at);
  bool parsed = false;
  for (size_t i = 0; parses[i] && !parsed; i++) {
    size_t n = strlen(parses[i]);
    parsed = (size_t)(b - data) >= n && strncmp(b - n, parses[i], n) == 0;
  }
  if (!parsed)
    return false;
  for (const char *p = after; *p && p - after < 400; p++) {
    if (strncmp(p, "err == nil", 10) == 0)
      return true;
    if (strncmp(p, "err != nil", 10) == 0) {
      const char *open = strchr(p, '{');
      return open && !go_block_fails(open);
    }
  }
  return false;
}

/* One use of the value (the read itself or its variable) handles
 * absence. */
static bool go_use_optional(const char *data, const char *at, const char *after)
{
  return go_compare_optional(after) || go_len_test(data, at, after) ||
         go_parse_fallback(data, at, after);
}

/* The start of the calls that wrap the read at at
 * (`strings.TrimSpace(os.Getenv("X"))`), and in *after the end of them. */
static const char *go_unwrap(const char *data, const char *at,
                             const char **after)
{
  for (int depth = 0; depth < 3; depth++) {
    const char *b = env_skip_blanks_back(data, at);
    const char *a = env_skip_blanks(*after);
    if (b == data || b[-1] != '(' || *a != ')')
      break;
    const char *nb = b - 1;
    while (nb > data && (env_name_char(nb[-1]) || nb[-1] == '.'))
      nb--;
    if (nb == b - 1)
      break;
    at = nb;
    *after = a + 1;
  }
  return at;
}

/* `v := os.Getenv("X")` or `v = os.Getenv("X")`: the variable's name. */
static size_t go_alias(const char *data, const char *at, char *out)
{
  const char *eq = env_skip_blanks_back(data, at);
  if (eq == data || eq[-1] != '=')
    return 0;
  eq--;
  if (eq > data && eq[-1] == ':')
    eq--;
  else if (eq > data && strchr("=!<>+-*/", eq[-1]))
    return 0;
  const char *ne = env_skip_blanks_back(data, eq);
  const char *nb = ne;
  while (nb > data && env_name_char(nb[-1]))
    nb--;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN || (nb > data && nb[-1] == '.'))
    return 0;
  memcpy(out, nb, len);
  out[len] = '\0';
  return len;
}

/* The read at at is assigned to a variable (`v := os.Getenv("X")`) and
 * some use of that variable, up to the next function, satisfies use. */
static bool go_alias_used(const char *data, const char *at, const char *after,
                          bool (*use)(const char *, const char *, const char *))
{
  char alias[NAME_MAX_LEN];
  size_t len = go_alias(data, at, alias);
  if (!len)
    return false;
  const char *end = after;
  while (*end && end - after < GUARD_SCAN_MAX)
    end++;
  const char *next_func = find_between(after, end, "\nfunc ");
  end = next_func ? next_func : end;
  for (const char *u = find_between(after, end, alias); u;
       u = find_between(u + len, end, alias)) {
    if ((u > data && (env_name_char(u[-1]) || u[-1] == '.')) ||
        env_name_char(u[len]))
      continue;
    if (use(data, u, u + len))
      return true;
  }
  return false;
}

/* A Go read (at: `os.Getenv(`, p: its closing parenthesis) that the code
 * tests or completes with a default, directly or through the variable
 * it is assigned to, up to the next function. A flag compared through
 * strings.EqualFold on the same line is a test too. */
bool env_go_optional(const char *data, const char *at, const char *p)
{
  const char *after = *p == ')' ? p + 1 : p;
  if (go_presence_test(p) || go_use_optional(data, at, after))
    return true;
  const char *eol = strchr(at, '\n');
  eol = eol ? eol : at + strlen(at);
  if (find_between(env_line_start(data, at), eol, "EqualFold("))
    return true;
  const char *wrapped_end = after;
  const char *wrapped = go_unwrap(data, at, &wrapped_end);
  if (wrapped != at && go_presence_test(wrapped_end - 1))
    return true; /* if v := strings.TrimSpace(os.Getenv("X")); v != "" */
  return go_alias_used(data, wrapped, after, go_use_optional);
}

/* At after (past the value): `== ""` opening a block that fails. */
static bool go_fail_guard(const char *data, const char *at, const char *after)
{
  (void)data;
  (void)at;
  const char *p = env_skip_blanks(after);
  if (strncmp(p, "==", 2) != 0)
    return false;
  p = env_skip_blanks(p + 2);
  if (p[0] != '"' || p[1] != '"')
    return false;
  for (p += 2; *p && *p != '\n'; p++)
    if (*p == '{')
      return go_block_fails(p);
  return false;
}

/* A Go read the code refuses to run without: `if os.Getenv("X") == "" {
 * log.Fatal(...) }`, directly or through the variable it is assigned to. */
bool env_go_enforced(const char *data, const char *at, const char *p)
{
  const char *after = *p == ')' ? p + 1 : p;
  if (go_fail_guard(data, at, after))
    return true;
  const char *wrapped_end = after;
  const char *wrapped = go_unwrap(data, at, &wrapped_end);
  return go_alias_used(data, wrapped, after, go_fail_guard);
}
