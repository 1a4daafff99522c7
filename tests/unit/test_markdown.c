/*
 * test_markdown.c - the Markdown reader of the audit: which units a
 * document gives (headings, paragraph lines, items with their task box,
 * table rows, plain code lines), their lines, and where notes may go;
 * errors for input that is no text; no trouble with hostile nesting.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "readycheck/markdown.h"
#include "readycheck/mem.h"
#include "testutil.h"

static void read_doc(struct rc_md_doc *doc, const char *text)
{
  struct rc_diag d;
  rc_diag_init(&d);
  rc_md_init(doc);
  assert_int_equal(rc_md_read(doc, "r.md", text, strlen(text), &d), 0);
  rc_diag_release(&d);
}

static const struct rc_md_unit *find(const struct rc_md_doc *doc,
                                     const char *text)
{
  for (size_t i = 0; i < doc->n; i++)
    if (strcmp(doc->units[i].text, text) == 0)
      return &doc->units[i];
  fail_msg("no unit '%s'", text);
  return NULL;
}

static const char sample[] = "# Report \u2705\n"                       /* 1 */
                             "\n"                                      /* 2 */
                             "**Status**: done\n"                      /* 3 */
                             "**Score**: 95/100\n"                     /* 4 */
                             "\n"                                      /* 5 */
                             "- [x] **Docker** `multi-stage` builds\n" /* 6 */
                             "- [ ] open item\n"                       /* 7 */
                             "    - [x] nested item\n"                 /* 8 */
                             "- plain bullet\n"                        /* 9 */
                             "  lazy continuation\n"                   /* 10 */
                             "\n"                                      /* 11 */
                             "1. ordered \u2705\n"                     /* 12 */
                             "\n"                                      /* 13 */
                             "| Check | Status |\n"                    /* 14 */
                             "|---|---|\n"                             /* 15 */
                             "| Dockerfile | PASS |\n"                 /* 16 */
                             "\n"                                      /* 17 */
                             "```\n"                                   /* 18 */
                             "\u2705 Non-root\n"                       /* 19 */
                             "```\n"                                   /* 20 */
                             "\n"                                      /* 21 */
                             "```bash\n"                               /* 22 */
                             "echo \u2705\n"                           /* 23 */
                             "```\n"                                   /* 24 */
                             "\n"                                      /* 25 */
                             "> quoted `code \u2705` line\n";          /* 26 */

static void test_units(void **state)
{
  (void)state;
  struct rc_md_doc doc;
  read_doc(&doc, sample);
  const struct rc_md_unit *u = find(&doc, "Report \u2705");
  assert_int_equal(u->kind, RC_MD_HEADING);
  assert_int_equal(u->level, 1);
  u = find(&doc, "Status: done");
  assert_int_equal(u->kind, RC_MD_LINE);
  assert_int_equal(u->line, 3);
  u = find(&doc, "Score: 95/100");
  assert_int_equal(u->line, 4);
  assert_int_equal(u->note_after, 4);
  assert_int_equal(u->note_indent, -1);

  u = find(&doc, "Docker multi-stage builds");
  assert_int_equal(u->kind, RC_MD_ITEM);
  assert_int_equal(u->task, 1);
  assert_int_equal(u->level, 1);
  assert_true(u->list_start);
  assert_string_equal(u->prose, "Docker   builds"); /* code is no prose */
  assert_int_equal(u->note_after, 6);
  assert_int_equal(u->note_indent, 2);
  u = find(&doc, "open item");
  assert_int_equal(u->task, 0);
  assert_false(u->list_start);
  /* A note under "open item" joins its nested list, indented as it is. */
  assert_int_equal(u->note_after, 7);
  assert_int_equal(u->note_indent, 4);
  u = find(&doc, "nested item");
  assert_int_equal(u->level, 2);
  assert_int_equal(u->task, 1);
  assert_int_equal(u->note_indent, 6);
  u = find(&doc, "plain bullet lazy continuation");
  assert_int_equal(u->task, -1);
  assert_int_equal(u->line, 9);
  assert_int_equal(u->note_after, 10);
  u = find(&doc, "ordered \u2705");
  assert_int_equal(u->note_indent, 3);

  u = find(&doc, "Check | Status");
  assert_int_equal(u->kind, RC_MD_ROW);
  assert_true(u->header);
  u = find(&doc, "Dockerfile | PASS");
  assert_false(u->header);
  assert_int_equal(u->n_cells, 2);
  assert_string_equal(u->cells[1], "PASS");
  assert_int_equal(u->line, 16);
  assert_int_equal(u->note_after, 16);
  assert_int_equal(doc.units[u->table].line, 14);

  u = find(&doc, "\u2705 Non-root");
  assert_int_equal(u->kind, RC_MD_CODE);
  assert_int_equal(u->line, 19);
  assert_int_equal(u->note_after, 20);
  for (size_t i = 0; i < doc.n; i++)
    assert_null(strstr(doc.units[i].text, "echo"));

  u = find(&doc, "quoted code \u2705 line");
  assert_true(u->in_quote);
  assert_null(strstr(u->prose, "\u2705"));
  assert_int_equal(u->note_indent, -1);
  rc_md_release(&doc);
}

static void test_list_intro(void **state)
{
  (void)state;
  struct rc_md_doc doc;
  read_doc(&doc, "### \u2705 Passed\n- a\n- b\n\nIntro:\n\n- c\n\n"
                 "> quote\n\n- d\n");
  const struct rc_md_unit *a = find(&doc, "a");
  assert_true(a->list_start);
  assert_string_equal(doc.units[a->intro].text, "\u2705 Passed");
  assert_int_equal(find(&doc, "b")->intro, SIZE_MAX);
  const struct rc_md_unit *c = find(&doc, "c");
  assert_string_equal(doc.units[c->intro].text, "Intro:");
  /* A list after a block quote has no introducing line. */
  assert_int_equal(find(&doc, "d")->intro, SIZE_MAX);
  rc_md_release(&doc);
}

static void test_not_text(void **state)
{
  (void)state;
  struct rc_md_doc doc;
  struct rc_diag d;
  rc_md_init(&doc);
  rc_diag_init(&d);
  const char text[] = "# ok\nline two\0 after";
  assert_int_equal(rc_md_read(&doc, "r.md", text, sizeof(text) - 1, &d), -1);
  assert_string_equal(d.items[0].file, "r.md");
  assert_int_equal(d.items[0].line, 2);
  assert_int_equal(d.items[0].col, 9);
  assert_string_equal(d.items[0].msg, "not a text file: NUL byte");
  rc_diag_release(&d);
  rc_diag_init(&d);
  char *big = rc_xcalloc(RC_MD_MAX + 2, 1);
  memset(big, 'a', RC_MD_MAX + 1);
  assert_int_equal(rc_md_read(&doc, "big.md", big, RC_MD_MAX + 1, &d), -1);
  assert_non_null(strstr(d.items[0].msg, "larger than"));
  free(big);
  rc_diag_release(&d);
  rc_md_release(&doc);
}

/* 20,000 nested block quotes and list items: read without recursion. */
static void test_deep_nesting(void **state)
{
  (void)state;
  size_t n = 20000;
  char *text = rc_xmalloc(3 * n + 32);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    text[k++] = '>';
  memcpy(text + k, " \u2705 deep\n", strlen(" \u2705 deep\n"));
  k += strlen(" \u2705 deep\n");
  for (size_t i = 0; i < n / 10; i++) {
    memcpy(text + k, "- ", 2);
    k += 2;
  }
  memcpy(text + k, "x\n", 3);
  struct rc_md_doc doc;
  read_doc(&doc, text);
  assert_true(doc.n >= 1);
  assert_true(find(&doc, "\u2705 deep")->in_quote);
  rc_md_release(&doc);
  free(text);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_units),
      cmocka_unit_test(test_list_intro),
      cmocka_unit_test(test_not_text),
      cmocka_unit_test(test_deep_nesting),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
