/*
 * test_registry.c - the tables stay consistent with each other and with the
 * documentation: probes sorted and documented field by field in
 * docs/rules.md, every report format named in --help, every built-in pack
 * loadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/builtin.h"
#include "readycheck/cli.h"
#include "readycheck/load.h"
#include "readycheck/probe.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "testutil.h"

static void test_probes_sorted_and_named(void **state)
{
  (void)state;
  for (size_t i = 0; rc_probes[i]; i++) {
    assert_ptr_equal(rc_probe_find(rc_probes[i]->name), rc_probes[i]);
    assert_non_null(rc_probes[i]->check);
    assert_true(rc_probes[i]->summary && *rc_probes[i]->summary);
    if (i > 0 && strcmp(rc_probes[i - 1]->name, rc_probes[i]->name) >= 0)
      fail_msg("rc_probes[] not sorted at '%s'", rc_probes[i]->name);
    for (const struct rc_field *f = rc_probes[i]->fields; f->name; f++)
      if (!f->doc || !*f->doc)
        fail_msg("%s.%s has no doc string", rc_probes[i]->name, f->name);
  }
  assert_null(rc_probe_find("no_such_probe"));
}

/* Each probe has a "### name" section listing each field as `field`. */
static void test_probes_documented(void **state)
{
  (void)state;
  char *doc = rc_test_slurp("../docs/rules.md", NULL);
  assert_non_null(doc);
  for (size_t i = 0; rc_probes[i]; i++) {
    char head[128];
    snprintf(head, sizeof(head), "\n### %s\n", rc_probes[i]->name);
    char *sec = strstr(doc, head);
    if (!sec)
      fail_msg("docs/rules.md has no section '### %s'", rc_probes[i]->name);
    char *end = strstr(sec + 1, "\n### ");
    char *end2 = strstr(sec + 1, "\n## ");
    if (!end || (end2 && end2 < end))
      end = end2;
    size_t len = end ? (size_t)(end - sec) : strlen(sec);
    for (const struct rc_field *f = rc_probes[i]->fields; f->name; f++) {
      char want[128];
      snprintf(want, sizeof(want), "`%s`", f->name);
      char *hit = strstr(sec, want);
      if (!hit || hit >= sec + len)
        fail_msg("docs/rules.md section %s does not document `%s`",
                 rc_probes[i]->name, f->name);
    }
    if (!strstr(sec, "```yaml") || strstr(sec, "```yaml") >= sec + len)
      fail_msg("docs/rules.md section %s has no YAML example",
               rc_probes[i]->name);
  }
  free(doc);
}

static void test_reporters_in_help(void **state)
{
  (void)state;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  rc_cli_usage(f);
  fclose(f);
  for (size_t i = 0; rc_reporters[i]; i++) {
    assert_ptr_equal(rc_reporter_find(rc_reporters[i]->name), rc_reporters[i]);
    if (!strstr(text, rc_reporters[i]->name))
      fail_msg("--help does not mention format '%s'", rc_reporters[i]->name);
  }
  free(text);
}

static void test_builtin_packs_load(void **state)
{
  (void)state;
  assert_true(rc_builtin_pack_count > 0);
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  for (size_t i = 0; i < rc_builtin_pack_count; i++) {
    const struct rc_builtin_pack *p = &rc_builtin_packs[i];
    assert_ptr_equal(rc_builtin_find(p->name), p);
    assert_int_equal(strlen(p->text), p->len);
    int rc = rc_load_buffer(rs, p->file, p->text, p->len, &d);
    if (rc != 0) {
      rc_diag_print(&d, stderr, "test");
      fail_msg("built-in pack %s does not load", p->name);
    }
  }
  assert_int_equal(d.n, 0); /* not even a warning */
  assert_true(rs->n >= 15);
  for (size_t i = 0; i < rs->n; i++)
    assert_true(strncmp(rs->rules[i]->id, rs->rules[i]->pack,
                        strlen(rs->rules[i]->pack)) == 0);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

static bool searches_contents(const struct rc_node *n)
{
  if (!n)
    return false;
  if (n->kind == RC_NODE_PROBE)
    return strcmp(n->probe->name, "file_regex") == 0;
  for (size_t i = 0; i < n->n_kids; i++)
    if (searches_contents(n->kids[i]))
      return true;
  return false;
}

/* A built-in rule that searches file contents says in words what it looks
 * for, so no report shows a regular expression. */
static void test_catalog_speaks_in_words(void **state)
{
  (void)state;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ruleset *rs = rc_test_builtin_ruleset(&d);
  size_t missing = 0;
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    if (searches_contents(r->probe) && !r->looks_for) {
      printf("rule %s searches file contents but has no looks_for\n", r->id);
      missing++;
    }
    if (searches_contents(r->when) && !r->applies_to) {
      printf("rule %s's when searches file contents but it has no "
             "applies_to\n",
             r->id);
      missing++;
    }
  }
  assert_int_equal(missing, 0);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_probes_sorted_and_named),
      cmocka_unit_test(test_probes_documented),
      cmocka_unit_test(test_reporters_in_help),
      cmocka_unit_test(test_builtin_packs_load),
      cmocka_unit_test(test_catalog_speaks_in_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
