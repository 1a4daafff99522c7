/*
 * test_mem.c - arenas (alignment, zeroing, large blocks, deferred cleanups
 * in reverse order), growable arrays and strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/strset.h"
#include "testutil.h"

static char order[8];
static size_t n_order;

static void note(void *p)
{
  order[n_order++] = *(char *)p;
}

static void test_arena(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  for (size_t i = 1; i < 2000; i += 37) {
    unsigned char *p = rc_arena_alloc(a, i);
    assert_int_equal((uintptr_t)p % 16, 0);
    for (size_t k = 0; k < i; k++)
      assert_int_equal(p[k], 0);
    memset(p, 0xAB, i);
  }
  char *big = rc_arena_alloc(a, 3 * 1024 * 1024); /* larger than a chunk */
  big[3 * 1024 * 1024 - 1] = 'x';
  assert_string_equal(rc_arena_printf(a, "%s-%d", "v", 42), "v-42");
  assert_string_equal(rc_arena_strndup(a, "abcdef", 3), "abc");
  static char x = 'x', y = 'y', z = 'z';
  n_order = 0;
  rc_arena_defer(a, note, &x);
  rc_arena_defer(a, note, &y);
  rc_arena_defer(a, note, &z);
  rc_arena_free(a);
  assert_int_equal(n_order, 3);
  assert_memory_equal(order, "zyx", 3); /* reverse order of registration */
  rc_arena_free(NULL);
}

static void test_grow(void **state)
{
  (void)state;
  int *items = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < 1000; i++) {
    rc_grow((void **)&items, &cap, i, sizeof(*items));
    assert_true(cap > i);
    items[i] = (int)i;
  }
  assert_int_equal(items[999], 999);
  free(items);
}

static void test_buf(void **state)
{
  (void)state;
  struct rc_buf b;
  rc_buf_init(&b);
  assert_string_equal(b.data, "");
  for (int i = 0; i < 100; i++)
    rc_buf_printf(&b, "%d,", i);
  assert_int_equal(b.len, strlen(b.data));
  rc_buf_add(&b, "\0z", 2); /* embedded NUL kept, still terminated */
  assert_int_equal(b.data[b.len - 1], 'z');
  char *s = rc_buf_detach(&b);
  assert_true(strncmp(s, "0,1,2,", 6) == 0);
  free(s);
  /* Detached: nothing allocated; reusable without init. */
  assert_null(b.data);
  rc_buf_reset(&b);
  rc_buf_puts(&b, "again");
  assert_string_equal(b.data, "again");
  rc_buf_release(&b);
}

/* User text in messages: look-alikes and control bytes cannot hide. */
static void test_buf_put_shown(void **state)
{
  (void)state;
  static const struct {
    const char *in;
    size_t max;
    const char *want;
  } cases[] = {
      {"path", 60, "path"},
      {"p\xD0\xB0th", 60, "p\\u0430th"},       /* Cyrillic a */
      {"caf\xC3\xA9", 60, "caf\\u00e9"},       /* e acute */
      {"\xF0\x9F\x9A\x80", 60, "\\U0001f680"}, /* above U+FFFF */
      {"a\tb\x1b[31m\x7f", 60, "a\\x09b\\x1b[31m\\x7f"},
      {"bad \xFF \xC0\xAF", 60, "bad \\xff \\xc0\\xaf"}, /* not UTF-8 */
      {"\xED\xA0\x80", 60, "\\xed\\xa0\\x80"},           /* a surrogate */
      {"\xE2\x80", 60, "\\xe2\\x80"},                    /* cut short */
      {"abcdef", 3, "abc..."},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_put_shown(&b, cases[i].in, cases[i].max);
    if (strcmp(b.data, cases[i].want) != 0)
      fail_msg("case %zu: '%s', want '%s'", i, b.data, cases[i].want);
    rc_buf_release(&b);
  }
}

/* Against the plainest search: strncasecmp at every place. */
static const char *find_ci_slow(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (strncasecmp(p, needle, n) == 0)
      return p;
  return n ? NULL : hay;
}

static void test_str_find_ci(void **state)
{
  (void)state;
  assert_string_equal(rc_str_find_ci("a HealthCheck here", "healthcheck"),
                      "HealthCheck here");
  assert_string_equal(rc_str_find_ci("xHEALTH", "Health"), "HEALTH");
  assert_null(rc_str_find_ci("healt", "health"));
  assert_string_equal(rc_str_find_ci("abc", ""), "abc");
  assert_string_equal(rc_str_find_ci("", ""), "");
  assert_string_equal(rc_str_find_ci("x-_-y", "_-Y"), "_-y");
  static const char *const words[] = {"deploy", "2FA", NULL};
  assert_true(rc_str_find_any_ci("create_backup_2fa_codes.rb", words));
  assert_true(rc_str_find_any_ci("Deploy-Prod.yml", words));
  assert_false(rc_str_find_any_ci("tests.yml", words));
  static const char *const none[] = {NULL};
  assert_false(rc_str_find_any_ci("anything", none));
  static const char alphabet[] = "aAbB_-1 ";
  unsigned long x = 1;
  for (int round = 0; round < 20000; round++) {
    char hay[24], needle[5];
    size_t h = (x = x * 6364136223846793005ul + 1) >> 60;
    size_t n = (x = x * 6364136223846793005ul + 1) >> 62;
    for (size_t i = 0; i < h; i++)
      hay[i] = alphabet[(x = x * 6364136223846793005ul + 1) >> 61];
    for (size_t i = 0; i < n; i++)
      needle[i] = alphabet[(x = x * 6364136223846793005ul + 1) >> 61];
    hay[h] = needle[n] = '\0';
    assert_ptr_equal(rc_str_find_ci(hay, needle), find_ci_slow(hay, needle));
  }
}

/* A set of strings by content: the second add of an equal string (another
 * pointer) is refused; it grows past its first table; clear keeps none. */
static void test_strset(void **state)
{
  (void)state;
  struct rc_strset set;
  rc_strset_init(&set);
  char a[] = "src/app/main.go", b[] = "src/app/main.go";
  assert_true(rc_strset_add(&set, a));
  assert_false(rc_strset_add(&set, b));
  struct rc_arena *ar = rc_arena_new();
  for (int i = 0; i < 1000; i++)
    assert_true(rc_strset_add(&set, rc_arena_printf(ar, "pkg/%d", i)));
  assert_int_equal(set.n, 1001);
  assert_false(rc_strset_add(&set, "pkg/999"));
  rc_strset_clear(&set);
  assert_int_equal(set.n, 0);
  assert_true(rc_strset_add(&set, "pkg/999"));
  rc_strset_release(&set);
  assert_null(set.slots);
  rc_arena_free(ar);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arena),       cmocka_unit_test(test_grow),
      cmocka_unit_test(test_buf),         cmocka_unit_test(test_buf_put_shown),
      cmocka_unit_test(test_str_find_ci), cmocka_unit_test(test_strset),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
