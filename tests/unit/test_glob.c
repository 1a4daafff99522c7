/*
 * test_glob.c - glob matching, literal detection, prefixes and syntax
 * errors, table-driven; plus patterns that would explode a naive matcher.
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/glob.h"
#include "readycheck/mem.h"

struct match_case {
  const char *pattern;
  const char *path;
  bool expect;
};

static const struct match_case match_cases[] = {
    /* literals and root-only semantics */
    {"Dockerfile", "Dockerfile", true},
    {"Dockerfile", "a/Dockerfile", false},
    {"Dockerfile", "Dockerfile.prod", false},
    {"Dockerfile", "dockerfile", false},
    {"src/main.c", "src/main.c", true},
    {"src/main.c", "x/src/main.c", false},
    {"", "", true},
    {"", "a", false},
    /* star and question mark stay inside one segment */
    {"*", "a", true},
    {"*", ".env", true},
    {"*", "a/b", false},
    {"*.c", "main.c", true},
    {"*.c", "src/main.c", false},
    {"src/*.c", "src/main.c", true},
    {"src/*.c", "src/sub/main.c", false},
    {"src/*", "src", false},
    {"a*b", "ab", true},
    {"a*b", "axxb", true},
    {"a*b", "a/b", false},
    {"*a*", "bab", true},
    {"*.*", "noext", false},
    {"?", "a", true},
    {"?", "", false},
    {"?", "/", false},
    {"a?c", "abc", true},
    {"a?c", "a/c", false},
    {"a?c", "ac", false},
    {"***", "abc", true},
    /* globstar */
    {"**", "a", true},
    {"**", "a/b/c", true},
    {"**/Dockerfile", "Dockerfile", true},
    {"**/Dockerfile", "a/Dockerfile", true},
    {"**/Dockerfile", "a/b/c/Dockerfile", true},
    {"**/Dockerfile", "a/Dockerfile.x", false},
    {"**/*.env", ".env", true},
    {"**/*.env", "config/prod.env", true},
    {"src/**", "src/a", true},
    {"src/**", "src/a/b/c", true},
    {"src/**", "src", false},
    {"src/**", "src/", true}, /* what is inside, even the empty name */
    {"src/**/", "src/a/", true},
    {"**", "", true},
    {"src/**", "srcx/a", false},
    {"a/**/b", "a/b", true},
    {"a/**/b", "a/x/b", true},
    {"a/**/b", "a/x/y/z/b", true},
    {"a/**/b", "a/x/y/z/c", false},
    {"a/**/b", "x/a/b", false},
    {"**/a/**/b", "a/b", true},
    {"**/a/**/b", "x/a/y/b", true},
    {"**/a/**/b", "x/y/b", false},
    {"a/**/**/b", "a/b", true},
    {"a/**/**", "a", false},
    {"a/**/**", "a/x", true},
    {"**/test/**/*.py", "pkg/test/unit/x.py", true},
    {"**/test/**/*.py", "pkg/tests/unit/x.py", false},
    {"a**b", "axxb", true},
    {"a**b", "ax/xb", false},
    {"**.js", "a.js", true},
    {"**.js", "d/a.js", false},
    /* classes */
    {"[abc]", "b", true},
    {"[abc]", "d", false},
    {"[a-c]x", "bx", true},
    {"[a-c]x", "dx", false},
    {"[!a-c]x", "dx", true},
    {"[!a-c]x", "bx", false},
    {"[^a-c]x", "dx", true},
    {"[]]", "]", true},
    {"[!]]", "a", true},
    {"[!]]", "]", false},
    {"[a-]", "-", true},
    {"[\\]]", "]", true},
    {"[*]", "*", true},
    {"[*]", "a", false},
    {"file[0-9].txt", "file7.txt", true},
    {"file[0-9].txt", "fileA.txt", false},
    {"[!/]", "/", false},
    {"a[/]b", "a/b", false},
    {"[", "[", true},
    {"[ab", "[ab", true},
    /* braces */
    {"*.{c,h}", "x.c", true},
    {"*.{c,h}", "x.h", true},
    {"*.{c,h}", "x.o", false},
    {"*.{c,h}", "d/x.h", false},
    {"{src,lib}/**/*.js", "lib/a/b.js", true},
    {"{src,lib}/**/*.js", "test/a/b.js", false},
    {"{a/b,c}/x", "a/b/x", true},
    {"{a/b,c}/x", "c/x", true},
    {"{,.}env", "env", true},
    {"{,.}env", ".env", true},
    {"{x}", "x", true},
    {"{a,b}{c,d}", "bd", true},
    {"{a,b}{c,d}", "bb", false},
    {"{[ab],c}", "b", true},
    {"{a\\,b,c}", "a,b", true},
    {"{a,b", "a", false},
    {"a,b", "a,b", true},
    /* escapes */
    {"\\*", "*", true},
    {"\\*", "a", false},
    {"\\?", "?", true},
    {"a\\[b]", "a[b]", true},
    {"\\{a,b\\}", "{a,b}", true},
    {"\\{a,b\\}", "a", false},
    {"\\a", "a", true},
    {"a\\", "a\\", true},
    {"\\**", "*x", true},
    {"\\**", "x", false},
    /* case, dots and odd bytes */
    {"*.TXT", "a.txt", false},
    {".env*", ".env.production", true},
    {".env*", "x/.env", false},
    {"caf\xc3\xa9", "caf\xc3\xa9", true},
    {"caf?", "caf\xc3\xa9", false},
    {"caf??", "caf\xc3\xa9", true},
};

static void test_match_table(void **state)
{
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
    const struct match_case *c = &match_cases[i];
    bool got = rc_glob_match(c->pattern, c->path);
    if (got != c->expect) {
      print_error("rc_glob_match(\"%s\", \"%s\") = %d, want %d\n", c->pattern,
                  c->path, got, c->expect);
      failures++;
    }
  }
  assert_int_equal(failures, 0);
}

static void test_is_literal(void **state)
{
  (void)state;
  assert_true(rc_glob_is_literal("Dockerfile"));
  assert_true(rc_glob_is_literal("src/main.c"));
  assert_true(rc_glob_is_literal(".env.production"));
  assert_true(rc_glob_is_literal("a,b]}"));
  assert_true(rc_glob_is_literal(""));
  assert_false(rc_glob_is_literal("*.c"));
  assert_false(rc_glob_is_literal("a?"));
  assert_false(rc_glob_is_literal("[ab]"));
  assert_false(rc_glob_is_literal("{a,b}"));
  assert_false(rc_glob_is_literal("a\\b"));
  assert_false(rc_glob_is_literal("**/x"));
}

struct prefix_case {
  const char *pattern;
  size_t expect;
};

static void test_literal_prefix(void **state)
{
  (void)state;
  static const struct prefix_case cases[] = {
      {"src/a/*.c", 6}, {"src/a/b.c", 6},    {"*.c", 0},
      {"**/x", 0},      {"Dockerfile", 0},   {"a/b/**", 4},
      {"a/{b,c}/d", 2}, {"a/x{b,c}/d", 2},   {"a\\/b/c", 0},
      {"a/[bc]/d", 2},  {"deploy/k8s/", 11}, {"", 0},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    size_t got = rc_glob_literal_prefix(cases[i].pattern);
    if (got != cases[i].expect)
      fail_msg("prefix of \"%s\" = %zu, want %zu", cases[i].pattern, got,
               cases[i].expect);
  }
}

/* Every path a glob matches must start with its literal prefix. */
static void test_prefix_is_sound(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
    const struct match_case *c = &match_cases[i];
    if (!c->expect)
      continue;
    size_t n = rc_glob_literal_prefix(c->pattern);
    if (strncmp(c->pattern, c->path, n) != 0)
      fail_msg("\"%s\" matches \"%s\" outside its prefix", c->pattern, c->path);
  }
}

struct check_case {
  const char *pattern;
  const char *error; /* substring of the message, or NULL for valid */
};

static void test_check(void **state)
{
  (void)state;
  static const struct check_case cases[] = {
      {"src/**/*.c", NULL},
      {"*.{c,h}", NULL},
      {"[]]", NULL},
      {"\\{x\\}", NULL},
      {"a,b", NULL},
      {"[abc", "unterminated '['"},
      {"a/[b/c]", "unterminated '['"},
      {"{a,b", "'{' without '}'"},
      {"a}", "'}' without '{'"},
      {"{a,{b,c}}", "nested '{'"},
      {"abc\\", "trailing '\\'"},
      {"", "empty glob"},
      {"/etc/passwd", "leading '/'"},
      {"./src/*.c", "'./'"},
      {"../x", "no '..'"},
      {"a/../../etc", "no '..'"},
      {"services/..", "no '..'"},
      {"a..b/c..", NULL},
      {"{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}",
       "too many '{...}' alternatives"},
      {"{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}{a}",
       "too many '{...}' groups"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const char *msg = rc_glob_check(cases[i].pattern);
    if (!cases[i].error) {
      if (msg)
        fail_msg("\"%s\": unexpected error \"%s\"", cases[i].pattern, msg);
      continue;
    }
    if (!msg || !strstr(msg, cases[i].error))
      fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].pattern,
               msg ? msg : "(null)", cases[i].error);
  }
}

/* A rejected brace pattern matches nothing rather than something odd. */
static void test_invalid_braces_match_nothing(void **state)
{
  (void)state;
  assert_false(rc_glob_match("{a,{b,c}}", "a"));
  assert_false(rc_glob_match("a}", "a}"));
  assert_false(
      rc_glob_match("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}",
                    "aaaaaaaaaaa"));
  /* 1024 combinations is still allowed. */
  assert_true(rc_glob_match("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"
                            "{a,b}",
                            "bbbbbbbbbb"));
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
  size_t u = strlen(unit), t = strlen(tail);
  char *s = rc_xmalloc(u * times + t + 1);
  for (size_t i = 0; i < times; i++)
    memcpy(s + i * u, unit, u);
  memcpy(s + u * times, tail, t + 1);
  return s;
}

/* Would take exponential time with naive recursion; must just return. */
static void test_pathological(void **state)
{
  (void)state;
  char *path = repeat("a", 4000, "");
  assert_false(rc_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
  assert_true(rc_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a", path));
  free(path);

  char *deep = repeat("a/", 1500, "c");
  assert_false(rc_glob_match("**/a/**/a/**/a/**/a/**/a/**/b", deep));
  assert_true(rc_glob_match("**/a/**/a/**/a/**/a/**/a/**/c", deep));
  char *many = repeat("**/", 200, "b");
  assert_false(rc_glob_match(many, deep));
  free(many);
  free(deep);
}

/* Brace patterns longer than the matcher's stack buffer still work. */
static void test_long_brace_pattern(void **state)
{
  (void)state;
  char *pat = repeat("x", 700, "{a,b}");
  char *hit = repeat("x", 700, "b");
  char *miss = repeat("x", 700, "c");
  assert_true(rc_glob_match(pat, hit));
  assert_false(rc_glob_match(pat, miss));
  assert_null(rc_glob_check(pat));
  free(pat);
  free(hit);
  free(miss);
}

/* Could an unreadable directory hide a match? */
static void test_may_match_below(void **state)
{
  (void)state;
  static const struct {
    const char *pattern, *dir;
    bool want;
  } cases[] = {
      {"**/Dockerfile", "a", true},
      {"**/Dockerfile", "a/b/c", true},
      {"**", "a", true},
      {"a/**", "a", true},
      {"a/**", "b", false},
      {"a/*.c", "a", true},
      {"a/*.c", "a/b", false},
      {"a", "a", false},
      {"Dockerfile", "a", false},
      {"src/**/test_*.c", "src/x/y", true},
      {"src/**/test_*.c", "lib", false},
      {"*/keys/*", "private", true},
      {"*/keys/*", "private/keys", true},
      {"*/keys/*", "private/other", false},
      {"{src,lib}/*.c", "lib", true},
      {"{src,lib}/*.c", "test", false},
      {"services/*/Dockerfile", "services/api", true},
      {"services/*/Dockerfile", "services", true},
      {"services/*/Dockerfile", "services/api/x", false},
      {"a/b/c", "a/b", true},
      {"a/b/c", "a/b/c", false},
      {"**/**/x", "a/b", true},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    if (rc_glob_may_match_below(cases[i].pattern, cases[i].dir) !=
        cases[i].want)
      fail_msg("'%s' below '%s': expected %s", cases[i].pattern, cases[i].dir,
               cases[i].want ? "true" : "false");
}

/* ---- compiled matching against an independent reference ---- */

/* The documented semantics, written as plainly as possible: braces
 * expanded (well-formed, unnested: the random patterns only make those),
 * the pattern and the path split on '/', segments matched by backtracking,
 * "**" segments by trying every number of path segments. Exponential, so
 * for short inputs only. */
static bool ref_class(const char **pp, unsigned char c, bool *ok)
{
  const char *p = *pp + 1, *q = p;
  if (*q == '!' || *q == '^')
    q++;
  if (*q == ']')
    q++;
  while (*q && *q != ']')
    q++;
  if (!*q) { /* unterminated: a literal '[' */
    *ok = false;
    return false;
  }
  *ok = true;
  bool neg = *p == '!' || *p == '^', hit = false;
  if (neg)
    p++;
  for (bool first = true; p < q; first = false) {
    unsigned lo = (unsigned char)*p++, hi = lo;
    (void)first;
    if (p + 1 < q && *p == '-') {
      hi = (unsigned char)p[1];
      p += 2;
    }
    hit |= c >= lo && c <= hi;
  }
  *pp = q + 1;
  return hit != neg;
}

static bool ref_seg(const char *p, const char *pe, const char *s,
                    const char *se)
{
  if (p == pe)
    return s == se;
  if (*p == '*') {
    while (p < pe && *p == '*')
      p++;
    for (const char *t = s; t <= se; t++)
      if (ref_seg(p, pe, t, se))
        return true;
    return false;
  }
  if (s == se)
    return false;
  if (*p == '?')
    return ref_seg(p + 1, pe, s + 1, se);
  if (*p == '[') {
    const char *q = p;
    bool ok, hit = ref_class(&q, (unsigned char)*s, &ok);
    if (ok)
      return hit && ref_seg(q, pe, s + 1, se);
  }
  return *p == *s && ref_seg(p + 1, pe, s + 1, se);
}

struct segs {
  const char *v[32];
  size_t len[32];
  size_t n;
};

static void split(const char *s, struct segs *out)
{
  out->n = 0;
  for (;;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    out->v[out->n] = s;
    out->len[out->n++] = n;
    if (!e)
      return;
    s = e + 1;
  }
}

static bool is_star2(const struct segs *p, size_t i)
{
  return p->len[i] == 2 && p->v[i][0] == '*' && p->v[i][1] == '*';
}

static bool ref_segs(const struct segs *p, size_t i, const struct segs *s,
                     size_t j)
{
  if (i == p->n)
    return j == s->n;
  if (is_star2(p, i)) {
    if (i + 1 == p->n) /* final: all, or what is inside a directory */
      return i == 0 || j < s->n;
    for (size_t k = j; k <= s->n; k++)
      if (ref_segs(p, i + 1, s, k))
        return true;
    return false;
  }
  return j < s->n &&
         ref_seg(p->v[i], p->v[i] + p->len[i], s->v[j], s->v[j] + s->len[j]) &&
         ref_segs(p, i + 1, s, j + 1);
}

static bool ref_match(const char *pattern, const char *path)
{
  const char *open = strchr(pattern, '{');
  if (open) {
    const char *close = strchr(open, '}');
    for (const char *a = open + 1; a <= close;) {
      size_t n = strcspn(a, ",}");
      char buf[256];
      snprintf(buf, sizeof(buf), "%.*s%.*s%s", (int)(open - pattern), pattern,
               (int)n, a, close + 1);
      if (ref_match(buf, path))
        return true;
      a += n + 1;
    }
    return false;
  }
  struct segs p, s;
  split(pattern, &p);
  split(path, &s);
  return ref_segs(&p, 0, &s, 0);
}

static unsigned long next_rand(unsigned long *x)
{
  *x = *x * 6364136223846793005ul + 1442695040888963407ul;
  return *x >> 33;
}

static void random_pattern(unsigned long *x, char *buf, size_t len)
{
  static const char *const toks[] = {
      "a",  "b",    "ab",           "*",    "?",     "[ab]",    "[!a]", "x.yml",
      ".",  ".yml", "*.yml",        "test", "{a,b}", "{x,a.b}", "**",   "y",
      "t*", "*t",   "node_modules", "[a-c]"};
  size_t segs = 1 + next_rand(x) % 4;
  buf[0] = '\0';
  for (size_t i = 0; i < segs; i++) {
    if (i)
      strncat(buf, "/", len - strlen(buf) - 1);
    if (next_rand(x) % 4 == 0) {
      strncat(buf, "**", len - strlen(buf) - 1);
      continue;
    }
    size_t n = 1 + next_rand(x) % 2;
    bool brace = false;
    for (size_t k = 0; k < n; k++) {
      const char *t = toks[next_rand(x) % (sizeof(toks) / sizeof(*toks))];
      if (strcmp(t, "**") == 0)
        t = "*";
      if (t[0] == '{' && brace)
        t = "a";
      brace |= t[0] == '{';
      strncat(buf, t, len - strlen(buf) - 1);
    }
  }
}

static void random_path(unsigned long *x, char *buf, size_t len)
{
  static const char *const segs[] = {
      "a",    "b", "ab", "a.b",          "x.yml",   "test",
      ".env", "t", "bt", "node_modules", "y.yml.x", "c"};
  size_t n = 1 + next_rand(x) % 4;
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (i)
      strncat(buf, "/", len - strlen(buf) - 1);
    strncat(buf, segs[next_rand(x) % (sizeof(segs) / sizeof(*segs))],
            len - strlen(buf) - 1);
  }
  if (next_rand(x) % 16 == 0)
    strncat(buf, "/", len - strlen(buf) - 1);
}

/* Compiled matching (with its prefix, name, tail and needle shortcuts)
 * agrees with the reference and with rc_glob_match on random inputs. */
static void test_compiled_matches_reference(void **state)
{
  (void)state;
  unsigned long x = 12345;
  size_t hits = 0, failures = 0;
  for (int round = 0; round < 3000; round++) {
    char pat[256];
    random_pattern(&x, pat, sizeof(pat));
    struct rc_glob *g = rc_glob_compile(pat);
    for (int k = 0; k < 20; k++) {
      char path[256];
      random_path(&x, path, sizeof(path));
      bool want = ref_match(pat, path);
      bool got = rc_glob_matches(g, path);
      bool cached = rc_glob_match(pat, path);
      hits += want;
      if ((got != want || cached != want) && failures++ < 10)
        print_error("'%s' vs '%s': reference %d, compiled %d, cached %d\n", pat,
                    path, want, got, cached);
    }
    rc_glob_free(g);
  }
  assert_int_equal(failures, 0);
  assert_true(hits > 2000); /* the inputs do exercise matches */
}

/* Every table case, compiled. */
static void test_compiled_table(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
    struct rc_glob *g = rc_glob_compile(match_cases[i].pattern);
    if (rc_glob_matches(g, match_cases[i].path) != match_cases[i].expect)
      fail_msg("compiled \"%s\" vs \"%s\": want %d", match_cases[i].pattern,
               match_cases[i].path, match_cases[i].expect);
    rc_glob_free(g);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_may_match_below),
      cmocka_unit_test(test_match_table),
      cmocka_unit_test(test_is_literal),
      cmocka_unit_test(test_literal_prefix),
      cmocka_unit_test(test_prefix_is_sound),
      cmocka_unit_test(test_check),
      cmocka_unit_test(test_invalid_braces_match_nothing),
      cmocka_unit_test(test_pathological),
      cmocka_unit_test(test_long_brace_pattern),
      cmocka_unit_test(test_compiled_matches_reference),
      cmocka_unit_test(test_compiled_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
