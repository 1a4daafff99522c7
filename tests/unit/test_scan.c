/*
 * test_scan.c - the scan plan's promises, counted rather than timed: each
 * file is read once per run and each pattern compiled once, however many
 * rules look at them; and results are the same whatever the number of
 * threads, and the same as each check run on its own.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readycheck/buf.h"
#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/literals.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/regex.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/scan.h"

/* A repository whose files are looked at by many rules: sources at
 * several depths, YAML, a binary, a symlink to a file, a file git would
 * ignore but a rule names, and files nothing selects. */
static char *make_repo(void)
{
  char *root = rc_test_mkdtemp();
  char path[64], text[256];
  for (int i = 0; i < 12; i++) {
    snprintf(path, sizeof(path), "src/m%d/app%d.js", i % 3, i);
    snprintf(text, sizeof(text),
             "const x = %d;\n// TODO: item %d\nfetch('/health');\n"
             "const password = \"hunter%d\";\n",
             i, i, i);
    rc_test_write(root, path, text);
    snprintf(path, sizeof(path), "svc%d/config.yml", i % 4);
    rc_test_write(root, path, "kind: Deployment\nimage: app:latest\n");
  }
  rc_test_write(root, "Dockerfile", "FROM node:20\nHEALTHCHECK CMD x\n");
  rc_test_write(root, "README.md", "# demo\nTODO: docs\n");
  /* More matching lines than a check keeps, in several files. */
  struct rc_buf many;
  rc_buf_init(&many);
  for (int i = 0; i < 30; i++)
    rc_buf_printf(&many, "TODO %d password = \"p%d\"\n", i, i);
  rc_test_write(root, "notes/a.txt", many.data);
  rc_test_write(root, "notes/b.js", many.data);
  rc_buf_release(&many);
  char *bin = rc_xmalloc(strlen(root) + 16);
  sprintf(bin, "%s/blob.bin", root);
  FILE *f = fopen(bin, "wb");
  assert_non_null(f);
  fwrite("ab\0cd TODO\n", 1, 11, f);
  fclose(f);
  free(bin);
  rc_test_write(root, ".gitignore", "local.env\n");
  rc_test_write(root, "local.env", "TOKEN=abc\nTODO=1\n");
  char *target = rc_test_path(root, "link.js");
  assert_int_equal(symlink("src/m0/app0.js", target), 0);
  free(target);
  return root;
}

/* n copies of a set of content rules (ids made unique by the copy number):
 * globs overlap, patterns repeat across copies, `when` holds content
 * checks, and every match mode is there. */
static char *make_rules(int copies)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "version: 1\nrules:\n");
  static const char *const probes[] = {
      "file_regex: {path: ['**'], pattern: 'TODO', match: none}",
      "file_regex: {path: ['**/*.js', 'link.js'], pattern: 'password', "
      "match: none}",
      "file_regex: {path: ['src/**'], pattern: '/health', match: any}",
      "file_regex: {path: ['**/*.yml'], pattern: '^kind:', match: all}",
      "file_regex: {path: ['**/*.{js,yml}'], pattern: 'latest', exclude: "
      "['svc1/**']}",
      "file_regex: {path: ['**'], pattern: 'x = 1;\\n// TODO', multiline: "
      "true, match: none}",
      "file_regex: {path: ['local.env', 'Dockerfile'], pattern: "
      "'TOKEN|HEALTHCHECK', match: none}",
      "file_exists: {path: ['**/*.js']}",
      /* patterns PCRE2 cannot start with a known byte: their strings are
       * looked for in one pass over each file that several of them search */
      "file_regex: {path: ['**/*.js', 'notes/**'], pattern: "
      "'\\b(?:const|let) \\w+ = ', match: none}",
      "file_regex: {path: ['**'], pattern: '(?i)\\b(?:item|password) ', "
      "match: none}",
  };
  for (int c = 0; c < copies; c++) {
    for (size_t i = 0; i < sizeof(probes) / sizeof(*probes); i++) {
      rc_buf_printf(&b,
                    "  - id: t.r%d-%zu\n    title: t\n    category: testing\n"
                    "    severity: warn\n    remediation: r\n",
                    c, i);
      if (i == 2)
        rc_buf_puts(&b, "    when: {file_regex: {path: ['**/*.js'], pattern: "
                        "'fetch'}}\n");
      rc_buf_printf(&b, "    probe: {%s}\n", probes[i]);
    }
  }
  return rc_buf_detach(&b);
}

struct run_out {
  char *text; /* every result, one line each, with its evidence */
  size_t compiled;
  size_t passes; /* one-pass literal scans (literals.h) */
};

static void describe(const struct rc_results *r, struct rc_buf *out)
{
  for (size_t i = 0; i < r->n; i++) {
    const struct rc_result *res = &r->items[i];
    rc_buf_printf(out, "%s %d %s dropped=%zu\n", res->rule->id,
                  (int)res->outcome, res->message, res->n_ev_dropped);
    for (size_t k = 0; k < res->n_ev; k++)
      rc_buf_printf(out, "  %s:%u %s %d\n",
                    res->ev[k].path ? res->ev[k].path : "-", res->ev[k].line,
                    res->ev[k].text, (int)res->ev[k].mark);
  }
}

/* Loads copies of the rules and runs them with jobs threads; checks that
 * every file was read at most once. */
static struct run_out run_rules(const char *root, int copies, unsigned jobs)
{
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx = NULL;
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), 0);
  struct rc_ruleset *rs = rc_ruleset_new();
  char *text = make_rules(copies);
  size_t before = rc_regex_compilations();
  if (rc_load_buffer(rs, "t.yaml", text, strlen(text), &d) != 0)
    fail_msg("rules: %s", d.n ? d.items[0].msg : "?");
  struct run_out out = {.compiled = rc_regex_compilations() - before};
  struct rc_model *model = rc_model_new(idx);
  struct rc_results results;
  rc_results_init(&results);
  struct rc_run_opts opts = {.offline = true, .jobs = jobs, .model = model};
  before = rc_regex_compilations();
  size_t scans = rc_literals_multi_scans();
  rc_run(rs, idx, &opts, &results);
  assert_int_equal(rc_regex_compilations(), before); /* none at run time */
  out.passes = rc_literals_multi_scans() - scans;

  /* Each file read at most once by the run, and the ones the `**` rules
   * select (every text file) exactly once. */
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    unsigned n = rc_index_loads(idx, e);
    if (n > 1)
      fail_msg("'%s' read %u times with %d copies of the rules", e->path, n,
               copies);
    if (e->kind == RC_ENTRY_FILE && n != 1 && strcmp(e->path, ".gitignore"))
      fail_msg("'%s' never read", e->path);
  }
  /* local.env (ignored) and link.js (a symlink) are read from disk, once. */
  assert_int_equal(rc_index_path_loads(idx), 2);
  /* At most one pass for the patterns' strings per file read. */
  size_t reads = rc_index_path_loads(idx);
  for (size_t i = 0; i < rc_index_count(idx); i++)
    reads += rc_index_loads(idx, rc_index_at(idx, i));
  assert_true(out.passes <= reads);

  struct rc_buf b;
  rc_buf_init(&b);
  describe(&results, &b);
  out.text = rc_buf_detach(&b);
  rc_buf_release(&b);
  rc_results_release(&results);
  rc_model_free(model);
  rc_ruleset_free(rs);
  rc_index_free(idx);
  free(text);
  rc_diag_release(&d);
  return out;
}

static void test_each_file_read_once(void **state)
{
  (void)state;
  char *root = make_repo();
  struct run_out one = run_rules(root, 1, 1);
  struct run_out many = run_rules(root, 25, 1);
  /* 10 distinct patterns (9 probes, one `when`), compiled once each even
   * when 25 copies of every rule hold them. Patterns live as long as a
   * ruleset holds them, so the second load compiles them again. */
  assert_int_equal(one.compiled, 10);
  assert_int_equal(many.compiled, 10);
  /* The files that two patterns with strings search (the .js files and
   * notes/b.js) get one pass each for both, however many rules copy
   * them. */
  assert_true(one.passes >= 13);
  assert_int_equal(many.passes, one.passes);
  free(one.text);
  free(many.text);
  rc_test_rmtree(root);
  free(root);
}

/* Threads change nothing in the results. */
static void test_threads_change_nothing(void **state)
{
  (void)state;
  char *root = make_repo();
  struct run_out one = run_rules(root, 3, 1);
  struct run_out two = run_rules(root, 3, 2);
  struct run_out eight = run_rules(root, 3, 8);
  assert_string_equal(one.text, two.text);
  assert_string_equal(one.text, eight.text);
  /* 74 matching lines: 20 kept, 54 counted (texts never made for most) */
  const char *todo = strstr(one.text, "t.r0-0 1 found a match for 'TODO'");
  assert_non_null(todo);
  assert_non_null(strstr(todo, "dropped=54\n"));
  free(one.text);
  free(two.text);
  free(eight.text);
  rc_test_rmtree(root);
  free(root);
}

/* A planned check gives what the same check gives run on its own. */
static void test_plan_equals_check(void **state)
{
  (void)state;
  char *root = make_repo();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx = NULL;
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), 0);
  struct rc_ruleset *rs = rc_ruleset_new();
  char *text = make_rules(1);
  assert_int_equal(rc_load_buffer(rs, "t.yaml", text, strlen(text), &d), 0);
  struct rc_arena *arena = rc_arena_new();
  struct rc_ctx ctx = {.index = idx, .arena = arena, .offline = true};
  struct rc_scan *sc = rc_scan_new(&ctx, 2);
  for (size_t i = 0; i < rs->n; i++)
    rc_scan_add(sc, rs->rules[i]->probe, rs->rules[i]->probe->probe,
                rs->rules[i]->probe->cfg, NULL);
  rc_scan_run(sc);
  size_t planned = 0;
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_node *n = rs->rules[i]->probe;
    const struct rc_skip *gap;
    const struct rc_check *got = rc_scan_result(sc, n, &gap);
    if (!n->probe->scan) {
      assert_null(got);
      continue;
    }
    planned++;
    struct rc_check want = {0};
    n->probe->check(n->cfg, &ctx, &want);
    assert_non_null(got);
    assert_int_equal(got->outcome, want.outcome);
    assert_string_equal(got->message, want.message);
    assert_int_equal(got->n_ev, want.n_ev);
    assert_int_equal(got->n_ev_dropped, want.n_ev_dropped);
    for (size_t k = 0; k < want.n_ev; k++) {
      assert_string_equal(got->ev[k].path, want.ev[k].path);
      assert_int_equal(got->ev[k].line, want.ev[k].line);
      assert_string_equal(got->ev[k].text, want.ev[k].text);
    }
  }
  assert_int_equal(planned, 9);
  assert_int_equal(rc_scan_checks(sc), 9);
  rc_scan_free(sc);
  rc_arena_free(arena);
  rc_ruleset_free(rs);
  rc_index_free(idx);
  free(text);
  rc_diag_release(&d);
  rc_test_rmtree(root);
  free(root);
}

/* A file past the size cap (a 2 GiB sparse file) is never read, not even
 * in part: a check that must find a pattern absent in it is an ERROR, not
 * a pass, and a check that found what it needs elsewhere still passes. */
static void test_huge_file_never_read(void **state)
{
  (void)state;
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "data/small.dat", "needle\n");
  rc_test_write(root, "data/huge.dat", "");
  char *huge = rc_test_path(root, "data/huge.dat");
  assert_int_equal(truncate(huge, 2L << 30), 0);
  free(huge);
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx = NULL;
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), 0);
  static const char text[] =
      "version: 1\nrules:\n"
      "  - {id: t.absent, title: t, category: testing, severity: warn,\n"
      "     remediation: r, probe: {file_regex: {path: ['data/*.dat'],\n"
      "     pattern: 'SECRET', match: none}}}\n"
      "  - {id: t.present, title: t, category: testing, severity: warn,\n"
      "     remediation: r, probe: {file_regex: {path: ['data/*.dat'],\n"
      "     pattern: 'needle', match: any}}}\n";
  struct rc_ruleset *rs = rc_ruleset_new();
  assert_int_equal(rc_load_buffer(rs, "t.yaml", text, strlen(text), &d), 0);
  struct rc_arena *arena = rc_arena_new();
  struct rc_ctx ctx = {.index = idx, .arena = arena, .offline = true};
  struct rc_scan *sc = rc_scan_new(&ctx, 2);
  for (size_t i = 0; i < rs->n; i++)
    rc_scan_add(sc, rs->rules[i]->probe, rs->rules[i]->probe->probe,
                rs->rules[i]->probe->cfg, NULL);
  rc_scan_run(sc);
  const struct rc_skip *gap;
  const struct rc_check *absent = rc_scan_result(sc, rs->rules[0]->probe, &gap);
  const struct rc_check *present =
      rc_scan_result(sc, rs->rules[1]->probe, &gap);
  assert_non_null(absent);
  assert_non_null(present);
  assert_int_equal(absent->outcome, RC_OUT_ERROR);
  assert_non_null(strstr(absent->message, "larger than 32 MiB"));
  assert_int_equal(present->outcome, RC_OUT_OK);
  assert_int_equal(rc_index_loads(idx, rc_index_find(idx, "data/huge.dat")), 0);
  assert_int_equal(rc_index_loads(idx, rc_index_find(idx, "data/small.dat")),
                   1);
  rc_scan_free(sc);
  rc_arena_free(arena);
  rc_ruleset_free(rs);
  rc_index_free(idx);
  rc_diag_release(&d);
  rc_test_rmtree(root);
  free(root);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_each_file_read_once),
      cmocka_unit_test(test_threads_change_nothing),
      cmocka_unit_test(test_plan_equals_check),
      cmocka_unit_test(test_huge_file_never_read),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
