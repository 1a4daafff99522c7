/*
 * test_regex.c - the PCRE2 wrapper: compile errors, match offsets, UTF and
 * invalid UTF, MULTILINE, and every way a match can give up.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/regex.h"

static struct rc_regex *compile(const char *pattern)
{
  char err[256] = "";
  size_t off = 0;
  struct rc_regex *re = rc_regex_new(pattern, err, sizeof(err), &off);
  if (!re)
    fail_msg("'%s' did not compile: %s at %zu", pattern, err, off);
  return re;
}

static void test_syntax_error(void **state)
{
  (void)state;
  static const struct {
    const char *pattern;
    const char *msg;
    size_t offset;
  } cases[] = {
      {"(a+", "missing closing parenthesis", 3},
      {"a[b", "missing terminating ] for character class", 3},
      {"ab)", "unmatched closing parenthesis", 2},
      {"x{2,1}", "numbers out of order in {} quantifier", 5},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char err[256] = "";
    size_t off = 99;
    assert_null(rc_regex_new(cases[i].pattern, err, sizeof(err), &off));
    assert_string_equal(err, cases[i].msg);
    assert_int_equal(off, cases[i].offset);
  }
  /* err and erroffset are optional */
  assert_null(rc_regex_new("(", NULL, 0, NULL));
}

static void test_match_offsets(void **state)
{
  (void)state;
  struct rc_regex *re = compile("b+");
  struct rc_regex_scratch *s = rc_regex_scratch_new();
  size_t a = 0, b = 0;
  assert_int_equal(rc_regex_match(re, s, "aabbbc", 6, 0, &a, &b), RC_RE_MATCH);
  assert_int_equal(a, 2);
  assert_int_equal(b, 5);
  /* start offset, and a subject that is not NUL-terminated at len */
  assert_int_equal(rc_regex_match(re, s, "abab", 4, 2, &a, &b), RC_RE_MATCH);
  assert_int_equal(a, 3);
  assert_int_equal(rc_regex_match(re, s, "abxx", 1, 0, &a, &b), RC_RE_NOMATCH);
  assert_int_equal(rc_regex_match(re, s, "ab", 2, 3, &a, &b), RC_RE_ERROR);
  /* NULL out-pointers are allowed */
  assert_int_equal(rc_regex_match(re, s, "b", 1, 0, NULL, NULL), RC_RE_MATCH);
  rc_regex_free(re);
  rc_regex_scratch_free(s);
}

static void test_captures_beyond_ovector(void **state)
{
  (void)state;
  struct rc_regex *re = compile("(a)(b)(c)(d)");
  struct rc_regex_scratch *s = rc_regex_scratch_new();
  size_t a = 0, b = 0;
  assert_int_equal(rc_regex_match(re, s, "xabcd", 5, 0, &a, &b), RC_RE_MATCH);
  assert_int_equal(a, 1);
  assert_int_equal(b, 5);
  rc_regex_free(re);
  rc_regex_scratch_free(s);
}

static void test_multiline_utf(void **state)
{
  (void)state;
  struct rc_regex_scratch *s = rc_regex_scratch_new();
  size_t a = 0, b = 0;

  struct rc_regex *re = compile("^USER app$");
  const char *text = "FROM x\nUSER app\nCMD y";
  assert_int_equal(rc_regex_match(re, s, text, strlen(text), 0, &a, &b),
                   RC_RE_MATCH);
  assert_int_equal(a, 7);
  rc_regex_free(re);

  re = compile("^.$"); /* one character, two bytes */
  assert_int_equal(rc_regex_match(re, s, "\xc3\xa9", 2, 0, &a, &b),
                   RC_RE_MATCH);
  assert_int_equal(b, 2);
  rc_regex_free(re);

  re = compile("caf\xc3\xa9"); /* UTF-8 in the pattern */
  assert_int_equal(rc_regex_match(re, s, "un caf\xc3\xa9", 8, 0, &a, &b),
                   RC_RE_MATCH);
  rc_regex_free(re);

  /* Invalid UTF-8 in the subject is skipped over, not an error. */
  re = compile("secret");
  const char *bad = "\xff\xfe\x80 secret \xc3";
  assert_int_equal(rc_regex_match(re, s, bad, strlen(bad), 0, &a, &b),
                   RC_RE_MATCH);
  assert_int_equal(a, 4);
  assert_int_equal(rc_regex_match(re, s, "\xff\xff", 2, 0, &a, &b),
                   RC_RE_NOMATCH);
  rc_regex_free(re);
  rc_regex_scratch_free(s);
}

static void test_match_limit(void **state)
{
  (void)state;
  struct rc_regex *re = compile("(a+)+$");
  struct rc_regex_scratch *s = rc_regex_scratch_new();
  char subj[64];
  memset(subj, 'a', 40);
  subj[40] = 'b';
  assert_int_equal(rc_regex_match(re, s, subj, 41, 0, NULL, NULL), RC_RE_LIMIT);
  /* The scratch stays usable after a limit. */
  assert_int_equal(rc_regex_match(re, s, "aaa", 3, 0, NULL, NULL), RC_RE_MATCH);
  rc_regex_free(re);
  rc_regex_scratch_free(s);
}

/* Deep recursion in a long subject needs the larger JIT stack; either it
 * works or it reports a limit, never crashes or claims "no match". */
static void test_long_subject(void **state)
{
  (void)state;
  struct rc_regex *re = compile("^(?:a|b)*c?$");
  struct rc_regex_scratch *s = rc_regex_scratch_new();
  size_t n = 200000;
  char *subj = rc_xmalloc(n);
  memset(subj, 'a', n);
  int rc = rc_regex_match(re, s, subj, n, 0, NULL, NULL);
  assert_true(rc == RC_RE_MATCH || rc == RC_RE_LIMIT);
  free(subj);
  rc_regex_free(re);
  rc_regex_scratch_free(s);
}

static void test_time_budget(void **state)
{
  (void)state;
  struct rc_regex *re = compile("x");
  struct rc_regex_scratch *s = rc_regex_scratch_new();
  rc_regex_scratch_set_budget(s, 0);
  assert_int_equal(rc_regex_match(re, s, "x", 1, 0, NULL, NULL), RC_RE_LIMIT);
  rc_regex_scratch_set_budget(s, 60000);
  assert_int_equal(rc_regex_match(re, s, "x", 1, 0, NULL, NULL), RC_RE_MATCH);
  rc_regex_free(re);
  rc_regex_scratch_free(s);
}

static void test_strerror_and_free(void **state)
{
  (void)state;
  assert_string_equal(rc_regex_strerror(RC_RE_LIMIT), "match limit exceeded");
  assert_string_equal(rc_regex_strerror(RC_RE_ERROR), "regex engine error");
  assert_string_equal(rc_regex_strerror(RC_RE_NOMATCH), "no match");
  rc_regex_free(NULL);
  rc_regex_scratch_free(NULL);
  struct rc_arena *a = rc_arena_new();
  rc_arena_defer(a, rc_regex_free_void, compile("a"));
  rc_arena_free(a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_syntax_error),
      cmocka_unit_test(test_match_offsets),
      cmocka_unit_test(test_captures_beyond_ovector),
      cmocka_unit_test(test_multiline_utf),
      cmocka_unit_test(test_match_limit),
      cmocka_unit_test(test_long_subject),
      cmocka_unit_test(test_time_budget),
      cmocka_unit_test(test_strerror_and_free),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
