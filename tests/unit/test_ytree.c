/*
 * test_ytree.c - the bounded YAML reader: the tree's shape and 1-based
 * locations, the depth and node caps, anchors/aliases/tags refused, and
 * where syntax errors (invalid UTF-8 included) are reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "readycheck/mem.h"
#include "readycheck/ytree.h"
#include "testutil.h"

static const struct rc_ytree_opts strict = {
    .file = "f.yml",
    .max_size = 4096,
    .max_depth = 3,
    .max_nodes = 20,
    .anchor = "no anchors here",
    .alias = "no aliases here",
};

static char *print_all(const struct rc_diag *d)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  rc_diag_print(d, f, "readycheck");
  fclose(f);
  return text;
}

/* Reads yaml with opts and returns the diagnostics printed ("" if none);
 * *ok is the reader's return value. */
static char *read_err(const struct rc_ytree_opts *opts, const char *yaml,
                      int *rc)
{
  struct rc_arena *a = rc_arena_new();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ynode *root = (struct rc_ynode *)1;
  *rc = rc_ytree_read(a, yaml, strlen(yaml), opts, &d, &root);
  if (*rc < 0)
    assert_null(root);
  char *text = print_all(&d);
  rc_diag_release(&d);
  rc_arena_free(a);
  return text;
}

static void check_node(const struct rc_ynode *n, enum rc_ykind kind,
                       unsigned line, unsigned col, const char *text)
{
  assert_non_null(n);
  assert_int_equal(n->kind, kind);
  assert_int_equal(n->line, line);
  assert_int_equal(n->col, col);
  if (text)
    assert_string_equal(n->text, text);
}

static void test_shape(void **state)
{
  (void)state;
  const char *yaml = "a: 1\n"
                     "b:\n"
                     "  - 'x'\n"
                     "  - k: |\n"
                     "      lit\n"
                     "c: \"one\n"
                     "  two\"\n";
  struct rc_arena *a = rc_arena_new();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ynode *root;
  assert_int_equal(rc_ytree_read(a, yaml, strlen(yaml), &strict, &d, &root), 0);
  assert_int_equal(d.n, 0);
  check_node(root, RC_Y_MAP, 1, 1, NULL);
  assert_int_equal(root->n, 6);
  const struct rc_ynode *k = root->first;
  check_node(k, RC_Y_SCALAR, 1, 1, "a");
  check_node(k->next, RC_Y_SCALAR, 1, 4, "1");
  assert_true(rc_ynode_is_plain(k->next));
  k = k->next->next;
  check_node(k, RC_Y_SCALAR, 2, 1, "b");
  const struct rc_ynode *seq = k->next;
  check_node(seq, RC_Y_SEQ, 3, 3, NULL);
  assert_int_equal(seq->n, 2);
  check_node(seq->first, RC_Y_SCALAR, 3, 5, "x");
  assert_true(seq->first->quoted);
  assert_false(rc_ynode_is_plain(seq->first));
  const struct rc_ynode *map = seq->last;
  check_node(map, RC_Y_MAP, 4, 5, NULL);
  assert_null(map->next);
  check_node(map->first, RC_Y_SCALAR, 4, 5, "k");
  check_node(map->last, RC_Y_SCALAR, 4, 8, "lit\n");
  assert_true(map->last->block);
  k = k->next->next;
  check_node(k->next, RC_Y_SCALAR, 6, 4, "one two");
  assert_int_equal(k->next->end_line, 7);
  assert_ptr_equal(root->last, k->next);
  rc_diag_release(&d);
  rc_arena_free(a);
}

static void test_empty(void **state)
{
  (void)state;
  static const char *const inputs[] = {"", "# only a comment\n"};
  for (size_t i = 0; i < 2; i++) {
    struct rc_arena *a = rc_arena_new();
    struct rc_diag d;
    rc_diag_init(&d);
    struct rc_ynode *root = (struct rc_ynode *)1;
    assert_int_equal(
        rc_ytree_read(a, inputs[i], strlen(inputs[i]), &strict, &d, &root), 0);
    assert_null(root);
    assert_int_equal(d.n, 0);
    rc_diag_release(&d);
    rc_arena_free(a);
  }
  /* A bare "---" is a document whose root is an empty scalar. */
  struct rc_arena *a = rc_arena_new();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ynode *root;
  assert_int_equal(rc_ytree_read(a, "---\n", 4, &strict, &d, &root), 0);
  assert_true(rc_ynode_is_empty(root));
  rc_diag_release(&d);
  rc_arena_free(a);
}

static void test_errors(void **state)
{
  (void)state;
  struct rc_ytree_opts generic = strict;
  generic.anchor = NULL; /* the generic wording */
  generic.alias = NULL;
  static const struct {
    bool own_wording;
    const char *yaml, *want;
  } cases[] = {
      {true, "[[[1]]]\n", ""},
      {true, "a: [[[1]]]\n",
       "f.yml:1:6: error: nesting deeper than 3 levels\n"},
      {false, "- - - - x\n",
       "f.yml:1:7: error: nesting deeper than 3 levels\n"},
      {true, "a: 1\nb: *x\n", "f.yml:2:4: error: no aliases here\n"},
      {true, "a: &x 1\nb: *x\n", "f.yml:1:4: error: no anchors here\n"},
      {false, "a: [1, *x]\n",
       "f.yml:1:8: error: YAML aliases are not supported\n"},
      {false, "a: &x [1]\n",
       "f.yml:1:4: error: YAML anchors are not supported\n"},
      {true, "a: !!str 1\n", "f.yml:1:4: error: YAML tags are not supported\n"},
      {true, "a: \"x\\0y\"\n",
       "f.yml:1:4: error: NUL characters are not allowed in YAML\n"},
      {true, "a: 1\n---\nb: 2\n",
       "f.yml:2:1: error: more than one YAML document\n"},
      {true,
       "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, "
       "19, 20]\n",
       "f.yml:1:69: error: too many YAML nodes\n"},
      {true, "a: [x\n",
       "f.yml:2:1: error: YAML syntax error: did not find "
       "expected ',' or ']' while parsing a flow sequence opened at 1:4\n"},
      /* Invalid UTF-8 is located in characters, not bytes, and CRLF is one
       * line break. */
      {true, "a: 1\r\nb: \xc3\xa9t\xc3\xa9\xff\n",
       "f.yml:2:7: error: YAML syntax error: invalid leading UTF-8 octet\n"},
      /* The bad trailing octet is the newline after the lead byte. */
      {true, "a: \xc3\xa9\xc3\n",
       "f.yml:1:6: error: YAML syntax error: invalid trailing UTF-8 octet\n"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    int rc;
    char *text =
        read_err(cases[i].own_wording ? &strict : &generic, cases[i].yaml, &rc);
    if (strcmp(text, cases[i].want) != 0)
      fail_msg("case %zu: want '%s', got '%s'", i, cases[i].want, text);
    assert_int_equal(rc, cases[i].want[0] ? -1 : 0);
    free(text);
  }
}

static void test_too_large(void **state)
{
  (void)state;
  struct rc_ytree_opts opts = strict;
  opts.max_size = 8;
  opts.too_large = "file larger than 8 bytes";
  int rc;
  char *text = read_err(&opts, "a: 12345\n", &rc);
  assert_int_equal(rc, -1);
  assert_string_equal(text, "f.yml: error: file larger than 8 bytes\n");
  free(text);
  text = read_err(&opts, "a: 1234\n", &rc);
  assert_int_equal(rc, 0);
  assert_string_equal(text, "");
  free(text);
}

/* A leading UTF-8 byte-order mark is skipped; positions stay those of the
 * text after it, and errors after it are still located. */
static void test_bom_skipped(void **state)
{
  (void)state;
  const char *yaml = "\xEF\xBB\xBF"
                     "a: 1\nb: x\n";
  struct rc_arena *a = rc_arena_new();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_ynode *root;
  assert_int_equal(rc_ytree_read(a, yaml, strlen(yaml), &strict, &d, &root), 0);
  assert_int_equal(d.n, 0);
  check_node(root->first, RC_Y_SCALAR, 1, 1, "a");
  check_node(root->first->next, RC_Y_SCALAR, 1, 4, "1");
  check_node(root->last, RC_Y_SCALAR, 2, 4, "x");
  rc_diag_release(&d);
  rc_arena_free(a);
  int rc;
  char *err = read_err(&strict,
                       "\xEF\xBB\xBF"
                       "a: [1\n",
                       &rc);
  assert_int_equal(rc, -1);
  assert_non_null(strstr(err, "f.yml:2:"));
  free(err);
  /* Only at the very start: a BOM later is text, part of the scalar. */
  err = read_err(&strict,
                 "a: \xEF\xBB\xBF"
                 "x\n",
                 &rc);
  assert_int_equal(rc, 0);
  free(err);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shape),       cmocka_unit_test(test_empty),
      cmocka_unit_test(test_bom_skipped), cmocka_unit_test(test_errors),
      cmocka_unit_test(test_too_large),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
