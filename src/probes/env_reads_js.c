/*
 * env_reads_js.c - whether a JavaScript/TypeScript read of an environment
 * variable (process.env.X, import.meta.env.X) is optional or enforced, for
 * the env_documented probe. A deployment must set what the code refuses
 * to run without; a read with a fallback, a presence test, a guard on
 * another variable or an optional key of the package's zod schema runs
 * without it, so an example env file need not list it. Plain text
 * scanning, not parsing: the common spellings.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "env_reads.h"

/* After a JS read: `|| x`, `?? x`, or a ternary/default means optional.
 * TypeScript's non-null assertion (`process.env.X!`) is skipped, and so
 * are the calls that wrap the read: `Number.parseInt(process.env.X!, 10)
 * || 80` falls back too. */
bool env_js_fallback(const char *p)
{
  for (int wraps = 0; wraps < 3; wraps++) {
    p = env_skip_space(p);
    if (*p == '!' && p[1] != '=')
      p = env_skip_space(p + 1);
    if (strncmp(p, "||", 2) == 0 || strncmp(p, "??", 2) == 0)
      return true;
    int depth = 0;
    const char *start = p;
    for (; *p && *p != ';' && p - start < 2000; p++) {
      /* a line break at the read's level ends it, unless it follows a
       * comma (arguments over several lines) */
      if (depth == 0 && *p == '\n') {
        const char *b = env_skip_space_back(start, p);
        if (b == start || b[-1] != ',')
          break;
      }
      if (*p == '(' || *p == '[' || *p == '{')
        depth++;
      else if ((*p == ')' || *p == ']' || *p == '}') && --depth < 0)
        break;
    }
    if (*p != ')')
      return false;
    p++;
  }
  return false;
}

/* A JS read that tests whether the variable is set or compares it with a
 * string - `if (process.env.X)`, `process.env.X && ...`, `process.env.X ?
 * a : b`, `process.env.X === '1'`, the last term of `if (a && process.env.X)`
 * or a flag `!!process.env.X` - handles its absence. A negated test (`if
 * (!process.env.X) throw ...`) is often how a required variable is enforced, so
 * it does not count. */
bool env_js_presence_test(const char *data, const char *at, const char *after)
{
  const char *p = env_skip_space(after);
  if (strncmp(p, "&&", 2) == 0 || (*p == '?' && p[1] != '?'))
    return true;
  const char *before = env_skip_space_back(data, at);
  if (*p == ')' && before - data >= 2 && strncmp(before - 2, "&&", 2) == 0)
    return true;
  if (before - data >= 2 &&
      (strncmp(before - 2, "??", 2) == 0 || strncmp(before - 2, "||", 2) == 0))
    return true; /* `process.env.NEW ?? process.env.OLD`: a legacy fallback */
  if (at - data >= 2 && strncmp(at - 2, "!!", 2) == 0)
    return true; /* `!!process.env.X`: a flag, unset is false */
  p = env_skip_blanks(after);
  if (strncmp(p, "===", 3) == 0 || strncmp(p, "!==", 3) == 0 ||
      strncmp(p, "==", 2) == 0 || strncmp(p, "!=", 2) == 0) {
    p = env_skip_blanks(p + (p[2] == '=' ? 3 : 2));
    return *p == '\'' || *p == '"' || *p == '`';
  }
  if (*p != ')')
    return false;
  const char *b = at;
  while (b > data && (b[-1] == ' ' || b[-1] == '\t'))
    b--;
  if (b == data || b[-1] != '(')
    return false;
  b--;
  while (b > data && (b[-1] == ' ' || b[-1] == '\t'))
    b--;
  return b - data >= 2 && strncmp(b - 2, "if", 2) == 0 &&
         (b - data == 2 || !env_name_char(b[-3]));
}

/* The condition text [c, end) tests that some other environment variable
 * is set: `process.env.KEY` (or import.meta.env.KEY) neither negated nor
 * compared. `if (process.env.NODE_ENV === "production")` is a comparison
 * and guards nothing: production is where the block runs. */
static bool presence_condition(const struct rc_strlist *ignore, const char *c,
                               const char *end)
{
  static const char *const reads[] = {"process.env.", "import.meta.env.", NULL};
  for (size_t k = 0; reads[k]; k++) {
    size_t pl = strlen(reads[k]);
    for (const char *at = c; at + pl < end; at++) {
      if (strncmp(at, reads[k], pl) != 0)
        continue;
      char name[NAME_MAX_LEN];
      size_t n = env_ident(at + pl, name);
      if (!n || env_ignored(ignore, name))
        continue;
      const char *b = env_skip_space_back(c, at);
      const char *a = env_skip_space(at + pl + n);
      bool negated = b > c && b[-1] == '!' && !(b - c >= 2 && b[-2] == '!');
      bool compared =
          (a[0] == '=' || a[0] == '!' || a[0] == '<' || a[0] == '>') && a < end;
      if (!negated && !compared)
        return true;
    }
  }
  return false;
}

/* The `{` at brace opens `if (cond) {` whose cond tests another variable's
 * presence. */
static bool opens_guarded_if(const struct rc_strlist *ignore, const char *data,
                             const char *brace)
{
  const char *p = env_skip_space_back(data, brace);
  if (p == data || p[-1] != ')')
    return false;
  const char *close = p - 1;
  int depth = 0;
  const char *q = close;
  for (; q >= data && close - q < GUARD_SCAN_MAX; q--) {
    if (*q == ')')
      depth++;
    else if (*q == '(' && --depth == 0)
      break;
  }
  if (q < data || depth != 0)
    return false;
  const char *kw = env_skip_space_back(data, q);
  if (kw - data < 2 || strncmp(kw - 2, "if", 2) != 0 ||
      (kw - data > 2 && env_name_char(kw[-3])))
    return false;
  return presence_condition(ignore, q + 1, close);
}

/* A JS read inside the block of `if (process.env.OTHER) { ... }` is used
 * only when OTHER is set: a feature switched on by OTHER
 * (`if (process.env.POSTHOG_KEY) posthog.init(key, {host:
 * process.env.POSTHOG_HOST})`). An `else` block is not guarded. */
static bool js_guarded_block(const struct rc_strlist *ignore, const char *data,
                             const char *at)
{
  int depth = 0;
  for (const char *p = at; p > data && at - p < GUARD_SCAN_MAX; p--) {
    char c = p[-1];
    if (c == '}') {
      depth++;
    } else if (c == '{') {
      if (depth > 0)
        depth--;
      else if (opens_guarded_if(ignore, data, p - 1))
        return true;
    }
  }
  return false;
}

/* A literal a function returns in place of a feature (`true`, `null`,
 * `undefined`, a number, a string, `[]`, `{}`) or nothing (`return;`):
 * the length of it, or 0 when p is something else (an error response, a
 * call). The text after it must end the statement. */
static size_t benign_return_value(const char *p)
{
  static const char *const words[] = {
      "true", "false", "null", "undefined", "[]", "{}", "''", "\"\"", NULL};
  size_t n = 0;
  if (*p == ';' || *p == '}' || *p == '\n' || *p == '\r')
    return 1;
  for (size_t i = 0; words[i] && !n; i++)
    if (strncmp(p, words[i], strlen(words[i])) == 0)
      n = strlen(words[i]);
  if (!n)
    while (isdigit((unsigned char)p[n]))
      n++;
  const char *e = env_skip_blanks(p + n);
  return n && (*e == ';' || *e == '}' || *e == '\n' || *e == '\r') ? n : 0;
}

/* `if (!process.env.X) return true;`, or a block that logs and returns
 * nothing or a literal: the code does without X (a check skipped, an
 * integration left off). A block that throws, exits or returns an error
 * is the required guard and does not count. */
static bool js_negated_early_return(const char *data, const char *at,
                                    const char *after)
{
  const char *b = env_skip_blanks_back(data, at);
  if (b == data || b[-1] != '!' || (b - data >= 2 && b[-2] == '!'))
    return false;
  b = env_skip_blanks_back(data, b - 1);
  if (b == data || b[-1] != '(')
    return false;
  b = env_skip_blanks_back(data, b - 1);
  if (b - data < 2 || strncmp(b - 2, "if", 2) != 0 ||
      (b - data > 2 && env_name_char(b[-3])))
    return false;
  const char *p = env_skip_blanks(after);
  if (*p == '!')
    p = env_skip_blanks(p + 1); /* TypeScript's `process.env.X!` */
  if (*p != ')')
    return false;
  p = env_skip_space(p + 1);
  if (*p == '{')
    p = env_skip_space(p + 1);
  /* console.warn("X not set, skipping"); logger.info(...) */
  for (int k = 0; k < 3; k++) {
    static const char *const logs[] = {"console.", "logger.", "log.", NULL};
    size_t n = 0;
    for (size_t i = 0; logs[i] && !n; i++)
      if (strncmp(p, logs[i], strlen(logs[i])) == 0)
        n = strlen(logs[i]);
    if (!n)
      break;
    const char *e = strchr(p, '\n');
    if (!e)
      return false;
    p = env_skip_space(e);
  }
  if (strncmp(p, "return", 6) != 0 || env_name_char(p[6]))
    return false;
  return benign_return_value(env_skip_blanks(p + 6)) > 0;
}

/* The start of the condition that ends at q (the `?` of a ternary):
 * back to the `=`, `(`, `,`, `return`, `;` or brace before it. */
static const char *ternary_condition(const char *data, const char *q)
{
  int depth = 0;
  const char *p = q;
  for (; p > data && q - p < GUARD_SCAN_MAX; p--) {
    char c = p[-1];
    if (c == ')' || c == ']') {
      depth++;
    } else if (c == '(' || c == '[') {
      if (depth-- == 0)
        break;
    } else if (depth == 0 && (c == ',' || c == ';' || c == '{' || c == '}' ||
                              c == '?' || c == ':' ||
                              (c == '=' && p[0] != '=' && p[0] != '>' &&
                               p - 1 > data && !strchr("=!<>", p[-2])))) {
      break;
    }
  }
  return p;
}

/* A JS read in the first branch of a ternary on another variable's
 * presence - `process.env.OTHER ? connect(process.env.URL!) : undefined`
 * - is used only when OTHER is set, like a read in the block of
 * `if (process.env.OTHER)`. Walks back out of the calls around the read
 * to the `?` on their level; a `:` on the way (the second branch, or an
 * object's key), a `;` or the `{` of a block ends the search. */
static bool js_guarded_ternary(const struct rc_strlist *ignore,
                               const char *data, const char *at)
{
  int depth = 0;
  for (const char *p = at; p > data && at - p < GUARD_SCAN_MAX; p--) {
    char c = p[-1];
    if (c == ')' || c == ']' || c == '}') {
      depth++;
    } else if (c == '(' || c == '[') {
      if (depth > 0)
        depth--; /* else: out of a call around the read */
    } else if (c == '{') {
      if (depth-- == 0)
        return false;
    } else if (depth > 0) {
      continue;
    } else if (c == ';' || c == ':') {
      return false;
    } else if (c == '?') {
      if (p - 1 > data && p[-2] == '?') {
        p--; /* `??` */
        continue;
      }
      if (*p == '.' || *p == '?')
        continue; /* `?.`, `??` */
      const char *q = p - 1;
      return presence_condition(ignore, ternary_condition(data, q), q);
    }
  }
  return false;
}

/* A use of an alias that only asks whether it is set: `!!key`,
 * `if (key)`, or a ternary on key alone (`= key ? a : b`). Terms of a
 * longer condition (`a && key`) are left out: that is also how a service
 * checks that all its required settings are there. */
static bool alias_test(const char *data, const char *u, const char *after)
{
  if (u - data >= 2 && strncmp(u - 2, "!!", 2) == 0)
    return true;
  const char *a = env_skip_space(after);
  const char *b = env_skip_space_back(data, u);
  if (*a == ')' && b > data && b[-1] == '(') {
    const char *kw = env_skip_space_back(data, b - 1);
    return kw - data >= 2 && strncmp(kw - 2, "if", 2) == 0 &&
           (kw - data == 2 || !env_name_char(kw[-3]));
  }
  return *a == '?' && a[1] != '?' && a[1] != '.' && b > data &&
         strchr("(=,:{", b[-1]) && !(b - data >= 2 && strchr("=!<>", b[-2]));
}

/* `const key = process.env.X;` followed elsewhere in the file by a
 * presence test of key (`key ? ... : ...`, `!!key`, `if (key)`): the
 * code handles X unset. Only a const: a `let` may be reassigned before
 * the test, which then says nothing about X. */
static bool js_alias_tested(const char *data, const char *at, const char *after)
{
  const char *end = env_skip_blanks(after);
  if (*end != ';' && *end != '\n' && *end != '\r')
    return false;
  const char *eq = env_skip_blanks_back(data, at);
  if (eq == data || eq[-1] != '=' || (eq - data >= 2 && strchr("=!<>", eq[-2])))
    return false;
  const char *ne = env_skip_blanks_back(data, eq - 1);
  const char *nb = ne;
  while (nb > data && env_name_char(nb[-1]))
    nb--;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN)
    return false;
  const char *kw = env_skip_blanks_back(data, nb);
  if (kw - data < 5 || strncmp(kw - 5, "const", 5) != 0)
    return false;
  char alias[NAME_MAX_LEN];
  memcpy(alias, nb, len);
  alias[len] = '\0';
  for (const char *u = strstr(data, alias); u; u = strstr(u + len, alias)) {
    if (u == nb || (u > data && (env_name_char(u[-1]) || u[-1] == '.')) ||
        env_name_char(u[len]))
      continue;
    if (alias_test(data, u, u + len))
      return true;
  }
  return false;
}

/* `asNumber(process.env.X, 30)`, `envOr(process.env.X, "info")`: the read
 * is the first argument of the project's own helper and a literal
 * default follows, so the code runs without it. A method
 * (`path.join(process.env.X, "a")`), a constructor, the built-ins whose
 * second argument is no default (parseInt's radix) and a guard whose
 * literal is the message it fails with (`assert(process.env.X, "X is
 * required")`, invariant, requireEnv, mustGet, ensure...) are left out. */
/* a starts with the n letters of lower-case b, in any case (a is longer
 * than n or NUL-terminated before) */
static bool starts_with_word(const char *a, const char *b, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)a[i]) != b[i])
      return false;
  return true;
}

static bool js_helper_default(const char *data, const char *at,
                              const char *after)
{
  static const char *const not_defaults[] = {
      "parseInt",    "parseFloat", "require", "fetch", "setTimeout",
      "setInterval", "URL",        "Error",   NULL};
  const char *open = env_skip_space_back(data, at);
  if (open == data || open[-1] != '(')
    return false;
  const char *ne = env_skip_blanks_back(data, open - 1);
  const char *nb = ne;
  while (nb > data && env_name_char(nb[-1]))
    nb--;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN || (nb > data && nb[-1] == '.'))
    return false;
  char callee[NAME_MAX_LEN];
  memcpy(callee, nb, len);
  callee[len] = '\0';
  static const char *const guards[] = {
      "assert", "invariant", "require",  "must", "ensure", "check",
      "expect", "verify",    "validate", "ok",   NULL};
  for (size_t i = 0; not_defaults[i]; i++)
    if (strcmp(callee, not_defaults[i]) == 0)
      return false;
  for (size_t i = 0; guards[i]; i++) {
    size_t n = strlen(guards[i]);
    if (starts_with_word(callee, guards[i], n))
      return false;
  }
  const char *kw = env_skip_blanks_back(data, nb);
  if (kw - data >= 3 && strncmp(kw - 3, "new", 3) == 0)
    return false;
  const char *p = env_skip_space(after);
  if (*p != ',')
    return false;
  p = env_skip_space(p + 1);
  if (*p == '-')
    p++;
  return *p == '\'' || *p == '"' || *p == '`' || *p == '[' ||
         isdigit((unsigned char)*p) || strncmp(p, "true", 4) == 0 ||
         strncmp(p, "false", 5) == 0;
}

/* The read at `at` is the first argument of a call: [*nb, *ne) is the
 * called name (`parseBool`, `assert`), empty when the parenthesis follows
 * no name. False when the read is not a call's argument. */
static bool callee_of(const char *data, const char *at, const char **nb,
                      const char **ne)
{
  const char *open = env_skip_space_back(data, at);
  if (open == data || open[-1] != '(')
    return false;
  *ne = env_skip_blanks_back(data, open - 1);
  *nb = *ne;
  while (*nb > data && env_name_char((*nb)[-1]))
    (*nb)--;
  return true;
}

/* `stringToBoolean(process.env.X)`, `Boolean(process.env.X)`,
 * `utils.parseBool(process.env.X)`: the read is the first argument of a
 * call named for a boolean, a switch that is off when unset (as
 * `process.env.X === "true"` is). */
static bool js_boolean_parse(const char *data, const char *at)
{
  const char *nb, *ne;
  if (!callee_of(data, at, &nb, &ne))
    return false;
  for (const char *c = nb; c + 4 <= ne; c++)
    if (strncasecmp(c, "bool", 4) == 0)
      return true;
  return false;
}

/* `requireDefined(process.env.X, "...")`, `assert(process.env.X)`,
 * `env.mustGet(process.env.X)`: the read is an argument of a call named
 * for a guard that fails without the value (not CommonJS's `require`). */
static bool js_guard_call(const char *data, const char *at)
{
  const char *nb, *ne;
  if (!callee_of(data, at, &nb, &ne))
    return false;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN)
    return false;
  char callee[NAME_MAX_LEN];
  memcpy(callee, nb, len);
  callee[len] = '\0';
  if (strcmp(callee, "require") == 0)
    return false;
  static const char *const guards[] = {"assert", "invariant", "require",
                                       "must",   "ensure",    NULL};
  for (size_t i = 0; guards[i]; i++)
    if (starts_with_word(callee, guards[i], strlen(guards[i])))
      return true;
  return false;
}

/* `if (!process.env.X) throw ...`, `if (!process.env.A || !process.env.B)
 * { process.exit(1) }`: a negated test of the read whose block throws or
 * exits. The code refuses to run without X. */
static bool js_negated_throw(const char *data, const char *at)
{
  const char *b = env_skip_blanks_back(data, at);
  if (b == data || b[-1] != '!' || (b - data >= 2 && b[-2] == '!'))
    return false;
  const char *ls = env_line_start(data, at);
  const char *cond = NULL;
  for (const char *q = ls; q + 2 < at; q++)
    if (strncmp(q, "if", 2) == 0 && (q == data || !env_name_char(q[-1])) &&
        *env_skip_blanks(q + 2) == '(')
      cond = env_skip_blanks(q + 2);
  if (!cond)
    return false;
  int depth = 0;
  const char *close = cond;
  for (; *close && close - cond < GUARD_SCAN_MAX / 20; close++) {
    if (*close == '(')
      depth++;
    else if (*close == ')' && --depth == 0)
      break;
  }
  if (*close != ')' || close < at)
    return false;
  const char *p = env_skip_space(close + 1);
  if (*p == '{')
    p = env_skip_space(p + 1);
  return (strncmp(p, "throw", 5) == 0 && !env_name_char(p[5])) ||
         strncmp(p, "process.exit(", 13) == 0;
}

/* The constant a read is kept in whole (`const id = process.env.X;`),
 * into name; false when the read is part of a larger expression (a
 * fallback, a call) or not declared so. */
static bool js_kept_in(const char *data, const char *at, char *name)
{
  const char *end = at;
  while (env_name_char(*end) || *end == '.')
    end++;
  end = env_skip_blanks(end);
  if (*end != ';' && *end != '\n' && *end != '\r')
    return false;
  const char *eq = env_skip_blanks_back(data, at);
  if (eq == data || eq[-1] != '=' ||
      (eq - data >= 2 && strchr("=!<>+-*/|&?", eq[-2])))
    return false;
  const char *ne = env_skip_blanks_back(data, eq - 1), *nb = ne;
  while (nb > data && env_name_char(nb[-1]))
    nb--;
  if (nb == ne || env_ident(nb, name) != (size_t)(ne - nb))
    return false;
  const char *kw = env_skip_blanks_back(data, nb);
  static const char *const decl[] = {"const", "let", "var", NULL};
  for (size_t i = 0; decl[i]; i++) {
    size_t n = strlen(decl[i]);
    if ((size_t)(kw - data) >= n && strncmp(kw - n, decl[i], n) == 0 &&
        (kw - data == (ptrdiff_t)n || !env_name_char(kw[-(ptrdiff_t)n - 1])))
      return true;
  }
  return false;
}

/* `const id = process.env.X;` then `if (!id) throw ...` a few lines on:
 * the code refuses to run without X through the constant it keeps it in. */
static bool js_kept_then_refused(const char *data, const char *at)
{
  char name[NAME_MAX_LEN];
  if (!js_kept_in(data, at, name))
    return false;
  size_t n = strlen(name);
  const char *limit = at + strnlen(at, GUARD_SCAN_MAX / 20);
  for (const char *q = strstr(at, name); q && q < limit;
       q = strstr(q + n, name))
    if (q[-1] == '!' && !env_name_char(q[n]) && js_negated_throw(data, q))
      return true;
  return false;
}

/* A JS read whose absence the code refuses. */
bool env_js_enforced(const char *data, const char *at)
{
  return js_guard_call(data, at) || js_negated_throw(data, at) ||
         js_kept_then_refused(data, at);
}

/* The JS-only tests of optional reads, in the order the probe asks them. */
bool env_js_optional_context(const struct rc_strlist *ignore, const char *data,
                             const char *at, const char *after)
{
  return js_guarded_block(ignore, data, at) ||
         js_guarded_ternary(ignore, data, at) ||
         js_negated_early_return(data, at, after) ||
         js_boolean_parse(data, at) || js_alias_tested(data, at, after) ||
         js_helper_default(data, at, after);
}

/* The value after a key, up to the `,` or closing bracket that ends it;
 * true when it is a zod schema (`z.string()...`) marked optional or with a
 * default, or a schema constant of the file that is (aliases). */
static bool zod_optional_value(const char *p,
                               const struct optional_names *aliases)
{
  static const char *const marks[] = {".optional(", ".default(", ".nullish(",
                                      NULL};
  p = env_skip_space(p);
  char name[NAME_MAX_LEN];
  size_t n = env_ident(p, name);
  if (n && aliases && env_has_name(aliases, name))
    return true;
  /* z.string()..., or a schema constant chained on (`domainSchema
   * .optional()`), or a schema the project's helper makes with the mark
   * chained on its result (`stringToBoolean().default(false)`): then only
   * a mark outside the call's parentheses counts */
  bool helper = n && p[n] == '(';
  if (!n || (p[n] != '.' && p[n] != '\n' && p[n] != '\r' && !helper) ||
      strcmp(name, "process") == 0 || strcmp(name, "import") == 0)
    return false;
  const char *start = p;
  bool outer_mark = false;
  int depth = 0;
  for (; *p && p - start < 4096; p++) {
    if (depth == 0 && *p == '.')
      for (size_t i = 0; marks[i]; i++)
        outer_mark |= strncmp(p, marks[i], strlen(marks[i])) == 0;
    if (*p == '(' || *p == '[' || *p == '{')
      depth++;
    else if (*p == ')' || *p == ']' || *p == '}')
      depth--;
    if (depth < 0 || (depth == 0 && *p == ','))
      break;
  }
  if (helper)
    return outer_mark;
  /* a mark that starts inside the value: searched there only, not
   * through the rest of the file once per key (quadratic on a long
   * schema file) */
  for (size_t i = 0; marks[i]; i++) {
    size_t ml = strlen(marks[i]);
    const char *end = p + strnlen(p, ml - 1);
    if (memmem(start, (size_t)(end - start), marks[i], ml))
      return true;
  }
  return false;
}

/* A t3-env / zod schema in the file that reads the variables
 * (`X: z.string().optional(),` next to `runtimeEnv: { X: process.env.X }`)
 * says which of them may be unset. */
void env_zod_optional_keys(const char *data, struct optional_names *o)
{
  struct optional_names aliases = {NULL, 0, 0};
  for (int pass = 0; pass < 2; pass++)
    for (const char *line = data; line; line = strchr(line, '\n')) {
      if (*line == '\n')
        line++;
      const char *p = env_skip_blanks(line);
      char name[NAME_MAX_LEN];
      size_t n;
      if (pass == 0) { /* const zChecks = z.string().optional() */
        if (strncmp(p, "const ", 6) != 0)
          continue;
        p = env_skip_blanks(p + 6);
        n = env_ident(p, name);
        const char *eq = n ? env_skip_blanks(p + n) : p;
        if (n && *eq == '=' && eq[1] != '=' && zod_optional_value(eq + 1, NULL))
          env_add_optional(&aliases, name);
        continue;
      }
      n = env_ident(p, name);
      if (n && p[n] == ':' && p[n + 1] != ':' &&
          zod_optional_value(p + n + 1, &aliases))
        env_add_optional(o, name);
    }
  for (size_t i = 0; i < aliases.n; i++)
    free(aliases.items[i]);
  free(aliases.items);
}
