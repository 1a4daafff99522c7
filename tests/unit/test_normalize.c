/*
 * test_normalize.c - mojibake repair in both code pages, status markers
 * and their text forms, and the cleaning of claim text.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/normalize.h"
#include "testutil.h"

static void expect_repair(const char *in, const char *want)
{
  size_t len;
  char *got = rc_norm_repair(in, strlen(in), &len);
  assert_string_equal(got, want);
  assert_int_equal(len, strlen(want));
  free(got);
}

static void test_repair_windows_1252(void **state)
{
  (void)state;
  expect_repair("\u00e2\u0153\u2026 COMPLETE", "\u2705 COMPLETE"); /* ✅ */
  expect_repair("\u00f0\u0178\u0161\u20ac", "\U0001F680");         /* 🚀 */
  expect_repair("\u00f0\u0178\u0178\u00a2 LOW", "\U0001F7E2 LOW"); /* 🟢 */
  expect_repair("root \u00e2\u2020\u2019 service",
                "root \u2192 service");          /* → */
  expect_repair("caf\u00c3\u00a9", "caf\u00e9"); /* é */
  /* ⚠️ whose last byte, undefined in Windows-1252, came back as U+008F. */
  expect_repair("\u00e2\u0161\u00a0\u00ef\u00b8\xc2\x8f x", "\u26a0\ufe0f x");
}

static void test_repair_mac_roman(void **state)
{
  (void)state;
  expect_repair("\u201a\u00fa\u00d6 PASSED", "\u2705 PASSED"); /* ✅ */
  expect_repair("\u201a\u00f6\u2020\u00d4\u220f\u00e8 WARN",
                "\u26a0\ufe0f WARN");                          /* ⚠️ */
  expect_repair("\uf8ff\u00fc\u00f6\u00ae", "\U0001F6A8");     /* 🚨 */
  expect_repair("(22 \u201a\u00dc\u00ed 0)", "(22 \u2192 0)"); /* → */
}

static void test_repair_leaves_text_alone(void **state)
{
  (void)state;
  expect_repair("plain ASCII\nsecond line\n", "plain ASCII\nsecond line\n");
  expect_repair("na\u00efve caf\u00e9 \u2705 \u00c9t\u00e9", /* real text */
                "na\u00efve caf\u00e9 \u2705 \u00c9t\u00e9");
  expect_repair("", "");
  /* Ill-formed bytes pass through for the parser to replace. */
  expect_repair("a\xff\xfe b", "a\xff\xfe b");
  /* A lead character without its continuation stays. */
  expect_repair("\u00e2 alone", "\u00e2 alone");
}

static void test_repair_keeps_lines(void **state)
{
  (void)state;
  const char *seeds[] = {"audit/seeds/000_172fed0dbb8d111c.md",
                         "audit/seeds/004_7067a63b44cad426.md"};
  for (size_t i = 0; i < 2; i++) {
    size_t len, fixed_len;
    char *raw = rc_test_slurp(seeds[i], &len);
    assert_non_null(raw);
    char *fixed = rc_norm_repair(raw, len, &fixed_len);
    size_t a = 0, b = 0;
    for (size_t k = 0; k < len; k++)
      a += raw[k] == '\n';
    for (size_t k = 0; k < fixed_len; k++)
      b += fixed[k] == '\n';
    assert_int_equal(a, b);
    assert_true(fixed_len < len);
    assert_non_null(strstr(fixed, "\u2705"));
    free(fixed);
    free(raw);
  }
}

static void expect_marker(const char *text, enum rc_stance want,
                          const char *want_marker)
{
  const char *m = NULL;
  assert_int_equal(rc_norm_marker(text, &m), want);
  if (want_marker)
    assert_string_equal(m, want_marker);
  else
    assert_null(m);
}

static void test_markers(void **state)
{
  (void)state;
  expect_marker("\u2705 Create production config", RC_STANCE_PASS, "\u2705");
  expect_marker("Infrastructure \u2714", RC_STANCE_PASS, "\u2714");
  expect_marker("\u26a0\ufe0f WARNINGS (4 Minor Issues)", RC_STANCE_WARN,
                "\u26a0");
  expect_marker("\u274c Backend Not Starting", RC_STANCE_FAIL, "\u274c");
  expect_marker("\U0001F6A8 IMMEDIATE ATTENTION", RC_STANCE_FAIL, "\U0001F6A8");
  expect_marker("Risk: \U0001F7E2 LOW", RC_STANCE_PASS, "\U0001F7E2");
  expect_marker("Status: COMPLETE", RC_STANCE_PASS, "COMPLETE");
  expect_marker("PASSED VALIDATIONS (21/21)", RC_STANCE_PASS, "PASSED");
  expect_marker("Impact: BLOCKING - cannot build", RC_STANCE_FAIL, "BLOCKING");
  expect_marker("Status: NOT DONE", RC_STANCE_FAIL, "DONE");
  expect_marker("[OK] Docker", RC_STANCE_PASS, "[ok]");
  expect_marker("[fail] nginx", RC_STANCE_FAIL, "[fail]");
  expect_marker("TODO: backups", RC_STANCE_OPEN, "TODO");
  /* Instructions, decorations and identifiers are not statuses. */
  expect_marker("Complete the Docker build tests", RC_STANCE_NONE, NULL);
  expect_marker("\U0001F680 Deployment Steps", RC_STANCE_NONE, NULL);
  expect_marker("set PASS_THROUGH=1", RC_STANCE_NONE, NULL);
  expect_marker("HTTP 200 OK", RC_STANCE_NONE, NULL);
  /* The first emoji wins over words. */
  expect_marker("\u274c PASSED", RC_STANCE_FAIL, "\u274c");
}

static void test_cell_markers(void **state)
{
  (void)state;
  const char *m;
  assert_int_equal(rc_norm_cell_marker("Pass", &m), RC_STANCE_PASS);
  assert_int_equal(rc_norm_cell_marker(" done ", &m), RC_STANCE_PASS);
  assert_int_equal(rc_norm_cell_marker("No", &m), RC_STANCE_FAIL);
  assert_int_equal(rc_norm_cell_marker("warning", &m), RC_STANCE_WARN);
  assert_int_equal(rc_norm_cell_marker("\u2705", &m), RC_STANCE_PASS);
  assert_int_equal(rc_norm_cell_marker("n/a", &m), RC_STANCE_NONE);
  assert_int_equal(rc_norm_cell_marker("Dockerfile", &m), RC_STANCE_NONE);
}

static void expect_clean(const char *in, const char *want)
{
  char *got = rc_norm_clean(in);
  assert_string_equal(got, want);
  free(got);
}

static void test_clean(void **state)
{
  (void)state;
  expect_clean("\u2705 Health checks", "Health checks");
  expect_clean("Status: \u2705 COMPLETE", "Status: COMPLETE");
  expect_clean("All criteria met \u2705:", "All criteria met:");
  expect_clean("\u26a0\ufe0f  Grafana   provisioning", "Grafana provisioning");
  expect_clean("[OK] Docker", "Docker");
  expect_clean("Root .env.example with 200+ variables",
               "Root .env.example with 200+ variables");
  expect_clean("Ready for Phase 5: \u2705 (Kubernetes)",
               "Ready for Phase 5: (Kubernetes)");
  expect_clean("\u2705 - Done thing", "Done thing");
  expect_clean("(22 \u2192 0)", "(22 \u2192 0)");
  expect_clean("", "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_repair_windows_1252),
      cmocka_unit_test(test_repair_mac_roman),
      cmocka_unit_test(test_repair_leaves_text_alone),
      cmocka_unit_test(test_repair_keeps_lines),
      cmocka_unit_test(test_markers),
      cmocka_unit_test(test_cell_markers),
      cmocka_unit_test(test_clean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
