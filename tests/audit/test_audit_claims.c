/*
 * test_audit_claims.c - claim extraction on the five seed reports (real
 * hand-written readiness reports, emoji mis-decoded as Windows-1252 or Mac
 * Roman) against the hand-made lists next to them (NAME.claims): at least
 * 90% of the checklist items and status lines, every headline claim, and
 * at least 90% of what is extracted on the list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/claims.h"
#include "readycheck/diag.h"
#include "readycheck/markdown.h"
#include "readycheck/normalize.h"
#include "testutil.h"

static const char *const seeds[] = {
    "000_172fed0dbb8d111c", "001_300f2b20a2865230", "002_f704d0cbf1a444c0",
    "003_e64d68de4cc55eff", "004_7067a63b44cad426",
};

struct want {
  unsigned line;
  char kind[16];
  char value[32];
  char text[256];
};

/* Reads a .claims file; returns how many rows (at most max). */
static size_t read_wants(const char *path, struct want *w, size_t max)
{
  char *data = rc_test_slurp(path, NULL);
  assert_non_null(data);
  size_t n = 0;
  for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == '#' || !line[0])
      continue;
    assert_true(n < max);
    char *f[4] = {0};
    char *p = line;
    for (int k = 0; k < 4; k++) {
      f[k] = p;
      p = k < 3 ? strchr(p, '\t') : NULL;
      if (k < 3) {
        assert_non_null(p);
        *p++ = '\0';
      }
    }
    w[n].line = (unsigned)strtoul(f[0], NULL, 10);
    snprintf(w[n].kind, sizeof(w[n].kind), "%s", f[1]);
    snprintf(w[n].value, sizeof(w[n].value), "%s", f[2]);
    snprintf(w[n].text, sizeof(w[n].text), "%s", f[3]);
    n++;
  }
  free(data);
  return n;
}

static void extract(const char *path, struct rc_claims *out)
{
  size_t len;
  char *raw = rc_test_slurp(path, &len);
  assert_non_null(raw);
  size_t fixed_len;
  char *fixed = rc_norm_repair(raw, len, &fixed_len);
  struct rc_md_doc doc;
  struct rc_diag d;
  rc_md_init(&doc);
  rc_diag_init(&d);
  assert_int_equal(rc_md_read(&doc, path, fixed, fixed_len, &d), 0);
  rc_claims_init(out);
  assert_int_equal(rc_claims_extract(out, &doc, &d), 0);
  rc_diag_release(&d);
  rc_md_release(&doc);
  free(fixed);
  free(raw);
}

static bool is_headline_kind(const char *kind)
{
  return strcmp(kind, "verdict") == 0 || strcmp(kind, "score") == 0 ||
         strcmp(kind, "grade") == 0 || strcmp(kind, "count") == 0;
}

/* The claim's value in the .claims notation. */
static void value_of(const struct rc_claim *c, char *buf, size_t len)
{
  switch (c->kind) {
  case RC_CLAIM_VERDICT:
    snprintf(buf, len, "%s", rc_claimed_verdict_name(c->verdict));
    break;
  case RC_CLAIM_SCORE:
    snprintf(buf, len, "%d", c->value);
    break;
  case RC_CLAIM_GRADE:
    snprintf(buf, len, "%c", c->grade);
    break;
  case RC_CLAIM_COUNT:
    if (c->percent)
      snprintf(buf, len, "%d%%", c->value);
    else
      snprintf(buf, len, "%d/%d", c->value, c->of);
    break;
  default:
    snprintf(buf, len, "%s", rc_stance_name(c->stance));
    break;
  }
}

static bool same(const struct want *w, const struct rc_claim *c)
{
  char value[64];
  value_of(c, value, sizeof(value));
  return c->line == w->line &&
         strcmp(rc_claim_kind_name(c->kind), w->kind) == 0 &&
         strcmp(value, w->value) == 0 &&
         strncmp(c->text, w->text, strlen(w->text)) == 0;
}

#define MAX_WANTS 400

static void check_seed(const char *name)
{
  char md[256], list[256];
  snprintf(md, sizeof(md), "audit/seeds/%s.md", name);
  snprintf(list, sizeof(list), "audit/seeds/%s.claims", name);
  static struct want w[MAX_WANTS];
  size_t n = read_wants(list, w, MAX_WANTS);
  struct rc_claims got;
  extract(md, &got);
  bool *used = calloc(got.n + 1, sizeof(*used));
  size_t body = 0, body_found = 0, head = 0, head_found = 0;
  for (size_t i = 0; i < n; i++) {
    bool headline = is_headline_kind(w[i].kind);
    size_t k = 0;
    while (k < got.n && (used[k] || !same(&w[i], &got.items[k])))
      k++;
    bool found = k < got.n;
    if (found)
      used[k] = true;
    else
      printf("  %s: missing %u %s %s %s\n", name, w[i].line, w[i].kind,
             w[i].value, w[i].text);
    head += headline;
    head_found += headline && found;
    body += !headline;
    body_found += !headline && found;
  }
  size_t extra = 0;
  for (size_t k = 0; k < got.n; k++)
    if (!used[k]) {
      char value[64];
      value_of(&got.items[k], value, sizeof(value));
      printf("  %s: not on the list %u %s %s %s\n", name, got.items[k].line,
             rc_claim_kind_name(got.items[k].kind), value, got.items[k].text);
      extra++;
    }
  printf("%s: checklist/status %zu of %zu, headline %zu of %zu, extracted "
         "%zu (%zu not on the list)\n",
         name, body_found, body, head_found, head, got.n, extra);
  assert_true(body > 0);
  assert_true(body_found * 10 >= body * 9);
  assert_int_equal(head_found, head);
  assert_true((got.n - extra) * 10 >= got.n * 9);
  free(used);
  rc_claims_release(&got);
}

static void test_seed_000(void **state)
{
  (void)state;
  check_seed(seeds[0]);
}

static void test_seed_001(void **state)
{
  (void)state;
  check_seed(seeds[1]);
}

static void test_seed_002(void **state)
{
  (void)state;
  check_seed(seeds[2]);
}

static void test_seed_003(void **state)
{
  (void)state;
  check_seed(seeds[3]);
}

static void test_seed_004(void **state)
{
  (void)state;
  check_seed(seeds[4]);
}

/* The markers of the seeds arrive mis-decoded in both code pages; the
 * extractor sees the real emoji. */
static void test_seed_markers_repaired(void **state)
{
  (void)state;
  struct rc_claims c;
  extract("audit/seeds/000_172fed0dbb8d111c.md", &c); /* Mac Roman */
  bool warn = false, fail = false;
  for (size_t i = 0; i < c.n; i++) {
    warn |= c.items[i].line == 20 && c.items[i].stance == RC_STANCE_WARN &&
            strcmp(c.items[i].marker, "\u26A0") == 0;
    fail |= c.items[i].line == 29 && c.items[i].stance == RC_STANCE_FAIL &&
            strcmp(c.items[i].marker, "\U0001F6A8") == 0;
  }
  assert_true(warn);
  assert_true(fail);
  rc_claims_release(&c);
  extract("audit/seeds/004_7067a63b44cad426.md", &c); /* Windows-1252 */
  bool green = false;
  for (size_t i = 0; i < c.n; i++)
    green |= c.items[i].line == 556 && c.items[i].kind == RC_CLAIM_VERDICT &&
             c.items[i].verdict == RC_CLAIMED_READY;
  assert_true(green);
  rc_claims_release(&c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_seed_000),
      cmocka_unit_test(test_seed_001),
      cmocka_unit_test(test_seed_002),
      cmocka_unit_test(test_seed_003),
      cmocka_unit_test(test_seed_004),
      cmocka_unit_test(test_seed_markers_repaired),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
