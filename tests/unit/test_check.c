/*
 * test_check.c - how probes record results: evidence is masked, capped in
 * count and length, and never repeats its own path; quoting of lists.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "testutil.h"

static void test_evidence_masked_and_capped(void **state)
{
  (void)state;
  struct rc_ctx ctx = {0};
  ctx.arena = rc_arena_new();
  struct rc_check c = {0};
  rc_check_set(&c, &ctx, RC_OUT_FAIL, "found %d", 2);
  assert_string_equal(c.message, "found 2");
  rc_check_evidence(&c, &ctx, ".env", 3, "DB_PASSWORD=%s",
                    "s3cr3t-Value-9x7Q2mZ");
  assert_string_equal(c.ev[0].path, ".env");
  assert_int_equal(c.ev[0].line, 3);
  assert_null(strstr(c.ev[0].text, "s3cr3t"));
  assert_non_null(strstr(c.ev[0].text, "DB_PASSWORD="));
  /* A text that starts with its own path is not shown twice. */
  rc_check_evidence(&c, &ctx, "a/b.yml", 0, "a/b.yml: services.x is missing");
  assert_string_equal(c.ev[1].text, "services.x is missing");
  /* Long lines are cut on a UTF-8 boundary. */
  char *longline = malloc(2000);
  memset(longline, 'w', 1999);
  longline[RC_EVIDENCE_TEXT_MAX - 1] = '\xc3';
  longline[RC_EVIDENCE_TEXT_MAX] = '\xa9';
  longline[1999] = '\0';
  rc_check_evidence(&c, &ctx, NULL, 0, "%s", longline);
  size_t len = strlen(c.ev[2].text);
  assert_true(len <= RC_EVIDENCE_TEXT_MAX + 3);
  assert_string_equal(c.ev[2].text + len - 3, "...");
  assert_int_not_equal((unsigned char)c.ev[2].text[len - 4], 0xc3);
  free(longline);
  /* Past the cap evidence is only counted. */
  for (int i = 0; i < 30; i++)
    rc_check_evidence(&c, &ctx, "f", (unsigned)i, "x");
  assert_int_equal(c.n_ev, RC_EVIDENCE_MAX);
  assert_int_equal(c.n_ev_dropped, 33 - RC_EVIDENCE_MAX);
  struct rc_check d = {0};
  rc_check_take_evidence(&d, &ctx, &c);
  assert_int_equal(d.n_ev, RC_EVIDENCE_MAX);
  assert_int_equal(d.n_ev_dropped, c.n_ev_dropped);
  rc_arena_free(ctx.arena);
}

/* -v keeps every item: nothing is cut silently. */
static void test_all_evidence_kept(void **state)
{
  (void)state;
  struct rc_ctx ctx = {0};
  ctx.arena = rc_arena_new();
  ctx.evidence_max = SIZE_MAX;
  struct rc_check c = {0};
  for (int i = 0; i < 45; i++)
    rc_check_evidence(&c, &ctx, "f", (unsigned)i, "x");
  assert_int_equal(c.n_ev, 45);
  assert_int_equal(c.n_ev_dropped, 0);
  assert_int_equal(c.ev[44].line, 44);
  rc_arena_free(ctx.arena);
}

/* 35 items of which 6 fail: the cap keeps all 6 failing items, in order,
 * and counts the passing ones it had to drop. */
static void test_failing_evidence_displaces_passing(void **state)
{
  (void)state;
  struct rc_ctx ctx = {0};
  ctx.arena = rc_arena_new();
  struct rc_check c = {0};
  for (unsigned i = 0; i < 35; i++) {
    bool fails = i % 6 == 5; /* items 5, 11, 17, 23, 29 and 34 */
    if (i == 34)
      fails = true;
    rc_check_evidence_mark(&c, &ctx, fails ? RC_EV_FAIL : RC_EV_PASS, "f", i,
                           "item %u", i);
  }
  assert_int_equal(c.n_ev, RC_EVIDENCE_MAX);
  assert_int_equal(c.n_ev_dropped, 35 - RC_EVIDENCE_MAX);
  size_t failing = 0;
  unsigned last = 0;
  for (size_t i = 0; i < c.n_ev; i++) {
    assert_true(i == 0 || c.ev[i].line > last); /* order kept */
    last = c.ev[i].line;
    failing += c.ev[i].mark == RC_EV_FAIL;
  }
  assert_int_equal(failing, 6);
  /* Unmarked items displace passing ones too; passing ones never do. */
  rc_check_evidence(&c, &ctx, "g", 1, "unset");
  assert_int_equal(c.ev[c.n_ev - 1].mark, RC_EV_UNSET);
  rc_check_evidence_mark(&c, &ctx, RC_EV_PASS, "g", 2, "late pass");
  assert_string_equal(c.ev[c.n_ev - 1].text, "unset");
  assert_int_equal(c.n_ev_dropped, 35 - RC_EVIDENCE_MAX + 2);
  rc_arena_free(ctx.arena);
}

static void test_strlist_quote(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  const char *items[] = {"a", "b", "c", "d", "e"};
  struct rc_strlist l = {items, 1};
  assert_string_equal(rc_strlist_quote(a, &l), "'a'");
  l.n = 2;
  assert_string_equal(rc_strlist_quote(a, &l), "'a' or 'b'");
  l.n = 4;
  assert_string_equal(rc_strlist_quote(a, &l), "'a', 'b', 'c' or 'd'");
  l.n = 5;
  assert_string_equal(rc_strlist_quote(a, &l), "'a', 'b', 'c' or 2 more");
  rc_arena_free(a);
}

static void test_strlist_matches(void **state)
{
  (void)state;
  const char *globs[] = {"**/tests/**", "*.md"};
  struct rc_strlist l = {globs, 2};
  assert_true(rc_strlist_matches(&l, "a/tests/x.sh"));
  assert_true(rc_strlist_matches(&l, "README.md"));
  assert_false(rc_strlist_matches(&l, "docs/README.md"));
  assert_false(rc_strlist_matches(&l, "src/main.c"));
  struct rc_strlist none = {NULL, 0};
  assert_false(rc_strlist_matches(&none, "anything"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_evidence_masked_and_capped),
      cmocka_unit_test(test_all_evidence_kept),
      cmocka_unit_test(test_failing_evidence_displaces_passing),
      cmocka_unit_test(test_strlist_quote),
      cmocka_unit_test(test_strlist_matches),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
