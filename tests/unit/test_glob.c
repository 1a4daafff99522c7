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
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
