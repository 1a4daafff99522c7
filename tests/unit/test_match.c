/*
 * test_match.c - word stems, phrase matching, claim-to-rule mapping, and
 * the `claims:` key as the loader reads it.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/builtin.h"
#include "readycheck/diag.h"
#include "readycheck/load.h"
#include "readycheck/match.h"
#include "readycheck/rule.h"
#include "testutil.h"

static void expect_stem(const char *word, const char *want)
{
  char buf[64];
  snprintf(buf, sizeof(buf), "%s", word);
  rc_stem(buf);
  assert_string_equal(buf, want);
}

static void test_stems(void **state)
{
  (void)state;
  /* Inflections of one word meet at one stem. */
  expect_stem("configured", "configur");
  expect_stem("configuration", "configur");
  expect_stem("configure", "configur");
  expect_stem("configurations", "configur");
  expect_stem("services", "servic");
  expect_stem("service", "servic");
  expect_stem("scanning", "scan");
  expect_stem("scans", "scan");
  expect_stem("scanned", "scan");
  expect_stem("automated", "autom");
  expect_stem("automation", "autom");
  expect_stem("logging", "log");
  expect_stem("logs", "log");
  expect_stem("dependencies", "dependency");
  expect_stem("protection", "protect");
  expect_stem("compression", "compress");
  expect_stem("compressed", "compress");
  expect_stem("limiting", "limit");
  expect_stem("processes", "process");
  /* What only looks inflected stays. */
  expect_stem("https", "https");
  expect_stem("cors", "cors");
  expect_stem("access", "access");
  expect_stem("status", "status");
  expect_stem("redis", "redis");
  expect_stem("version", "version");
  expect_stem("install", "install");
  expect_stem("run", "run");
}

static void words(const char *text, struct rc_words *w)
{
  rc_words_init(w);
  rc_words_add_text(w, text);
}

static void test_words_and_find(void **state)
{
  (void)state;
  struct rc_words w, p;
  words("Health checks for ALL services (non-root)", &w);
  assert_int_equal(w.n, 5);
  assert_string_equal(w.w[0], "health");
  assert_string_equal(w.w[1], "check");
  assert_string_equal(w.w[2], "servic");
  assert_string_equal(w.w[3], "non");
  assert_string_equal(w.w[4], "root");
  words("non-root", &p);
  assert_int_equal(rc_words_find(&w, &p, 0), 3);
  rc_words_release(&p);
  /* In order and next to each other, or not at all. */
  words("root non", &p);
  assert_int_equal(rc_words_find(&w, &p, 0), -1);
  rc_words_release(&p);
  words("health services", &p);
  assert_int_equal(rc_words_find(&w, &p, 0), -1);
  rc_words_release(&p);
  words("the of all", &p); /* only stop words: matches nothing */
  assert_int_equal(p.n, 0);
  assert_int_equal(rc_words_find(&w, &p, 0), -1);
  rc_words_release(&p);
  rc_words_release(&w);
}

static const char rules_yaml[] =
    "version: 1\n"
    "rules:\n"
    "  - id: t.healthcheck\n"
    "    title: Images have a healthcheck\n"
    "    category: monitoring\n"
    "    severity: warn\n"
    "    tags: [t]\n"
    "    claims: [\"health check\", \"healthcheck\"]\n"
    "    remediation: add one\n"
    "    probe: {file_exists: {path: Dockerfile}}\n"
    "  - id: t.health-endpoint\n"
    "    title: The code serves /health\n"
    "    category: monitoring\n"
    "    severity: warn\n"
    "    claims: \"health check endpoint\"\n"
    "    remediation: serve it\n"
    "    probe: {file_exists: {path: app.js}}\n"
    "  - id: t.non-root\n"
    "    title: Non-root\n"
    "    category: security\n"
    "    severity: warn\n"
    "    claims: [\"non-root user\", \"rootless\"]\n"
    "    remediation: USER\n"
    "    probe: {file_exists: {path: Dockerfile}}\n"
    "  - id: t.silent\n"
    "    title: No phrases\n"
    "    category: docs\n"
    "    severity: info\n"
    "    remediation: none\n"
    "    probe: {file_exists: {path: README.md}}\n";

static struct rc_ruleset *load(const char *yaml, struct rc_diag *d)
{
  struct rc_ruleset *rs = rc_ruleset_new();
  rc_load_buffer(rs, "t.yaml", yaml, strlen(yaml), d);
  return rs;
}

static void test_matcher(void **state)
{
  (void)state;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ruleset *rs = load(rules_yaml, &d);
  assert_int_equal(d.n_errors, 0);
  assert_int_equal(rs->rules[0]->n_claims, 2);
  assert_int_equal(rs->rules[1]->n_claims, 1);
  assert_int_equal(rs->rules[3]->n_claims, 0);
  struct rc_matcher *m = rc_matcher_new(rs);
  struct rc_rule_match *hits;

  /* The longer phrase wins over the one inside it. */
  size_t n = rc_matcher_match(m, "Health check endpoints", &hits);
  assert_int_equal(n, 1);
  assert_string_equal(hits[0].rule->id, "t.health-endpoint");
  assert_string_equal(hits[0].phrase, "health check endpoint");
  free(hits);

  /* Two phrases side by side: both rules, in ruleset order, each once. */
  n = rc_matcher_match(m, "Non-root users and health checks, healthchecks",
                       &hits);
  assert_int_equal(n, 2);
  assert_string_equal(hits[0].rule->id, "t.healthcheck");
  assert_string_equal(hits[1].rule->id, "t.non-root");
  assert_int_equal(hits[1].start, 0);
  assert_int_equal(hits[1].end, 3);
  free(hits);

  n = rc_matcher_match(m, "Structured logging", &hits);
  assert_int_equal(n, 0);
  assert_null(hits);
  rc_matcher_free(m);
  rc_ruleset_free(rs);
  rc_diag_release(&d);
}

static void expect_load_error(const char *claims_line, const char *want)
{
  char yaml[1024];
  snprintf(yaml, sizeof(yaml),
           "version: 1\nrules:\n  - id: t.x\n    title: x\n"
           "    category: docs\n    severity: warn\n%s"
           "    remediation: x\n    probe: {file_exists: {path: x}}\n",
           claims_line);
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ruleset *rs = load(yaml, &d);
  assert_int_equal(d.n_errors, 1);
  assert_int_equal(rs->n, 0);
  assert_non_null(strstr(d.items[0].msg, want));
  assert_int_equal(d.items[0].line, 7);
  rc_ruleset_free(rs);
  rc_diag_release(&d);
}

static void test_claims_key_errors(void **state)
{
  (void)state;
  expect_load_error("    claims: [\"--\"]\n",
                    "claim phrase '--' has no letters");
  expect_load_error("    claims: {a: b}\n",
                    "expected a string or a list of strings for 'claims'");
  expect_load_error("    claims: [[a]]\n",
                    "expected a string or a list of strings for 'claims'");
  char long_line[300];
  snprintf(long_line, sizeof(long_line), "    claims: [\"%0150d\"]\n", 7);
  expect_load_error(long_line, "claim phrase is longer than 120 bytes");
}

/* Every rule of the catalog says how reports name it; a new rule without
 * `claims:` could never be audited. */
static void test_catalog_has_claims(void **state)
{
  (void)state;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ruleset *rs = rc_test_builtin_ruleset(&d);
  assert_int_equal(d.n_errors, 0);
  assert_true(rs->n > 100);
  size_t missing = 0;
  for (size_t i = 0; i < rs->n; i++)
    if (rs->rules[i]->n_claims == 0) {
      printf("rule %s has no claims: phrases\n", rs->rules[i]->id);
      missing++;
    }
  assert_int_equal(missing, 0);
  rc_ruleset_free(rs);
  rc_diag_release(&d);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stems),
      cmocka_unit_test(test_words_and_find),
      cmocka_unit_test(test_matcher),
      cmocka_unit_test(test_claims_key_errors),
      cmocka_unit_test(test_catalog_has_claims),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
