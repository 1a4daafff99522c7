/*
 * test_catalog.c - the table `list-rules` prints the built-in catalog from
 * (written at build time by src/rules/catalog_gen.c) against loading every
 * built-in pack now, field by field: the table is a faithful copy or it is
 * marked as missing because the load has something to say.
 */
#include "testutil.h"

#include <ctype.h>
#include <string.h>

#include "readycheck/builtin.h"
#include "readycheck/diag.h"
#include "readycheck/load.h"
#include "readycheck/rule.h"

static void same_text(const char *a, const char *b)
{
  if (!a || !b)
    assert_ptr_equal(a, b);
  else
    assert_string_equal(a, b);
}

static void same_rule(const struct rc_builtin_rule *row,
                      const struct rc_rule *r)
{
  same_text(row->id, r->id);
  same_text(row->severity, rc_severity_name(r->severity));
  same_text(row->category, r->category);
  same_text(row->title, r->title);
  assert_true(row->weight == r->weight);
  same_text(row->pack, r->pack);
  assert_int_equal(row->n_tags, r->n_tags);
  for (size_t t = 0; t < r->n_tags; t++)
    same_text(row->tags[t], r->tags[t]);
}

static void test_table_is_the_loaded_catalog(void **state)
{
  (void)state;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ruleset *rs = rc_test_builtin_ruleset(&d);
  if (rc_builtin_rule_count < 0) {
    /* Not summarised: only honest if the load has something to say. */
    assert_true(d.n > 0 || d.n_dropped > 0);
  } else {
    assert_int_equal(d.n, 0);
    assert_true(rs->n > 0);
    assert_int_equal((size_t)rc_builtin_rule_count, rs->n);
    for (size_t i = 0; i < rs->n; i++)
      same_rule(&rc_builtin_rules[i], rs->rules[i]);
    assert_null(rc_builtin_rules[rs->n].id);
  }
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

/* A word broken at a hyphen by a folded YAML line ("top-" then "level")
 * reads "top- level" in every report. */
static const char *broken_word(const char *text)
{
  for (const char *p = text; p && p[0] && p[1] && p[2]; p++)
    if (p[0] == '-' && p[1] == ' ' && p != text &&
        isalpha((unsigned char)p[-1]) && islower((unsigned char)p[2]) &&
        strncmp(p + 2, "and ", 4) != 0 && strncmp(p + 2, "or ", 3) != 0)
      return p;
  return NULL;
}

static void test_texts_have_no_broken_words(void **state)
{
  (void)state;
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ruleset *rs = rc_test_builtin_ruleset(&d);
  size_t broken = 0;
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    const char *texts[] = {r->title, r->rationale, r->remediation};
    for (size_t t = 0; t < 3; t++) {
      const char *at = broken_word(texts[t]);
      if (at) {
        const char *from = at - texts[t] > 5 ? at - 5 : texts[t];
        print_error("%s: a word broken at '%.20s'\n", r->id, from);
        broken++;
      }
    }
  }
  assert_int_equal(broken, 0);
  rc_diag_release(&d);
  rc_ruleset_free(rs);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_is_the_loaded_catalog),
      cmocka_unit_test(test_texts_have_no_broken_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
