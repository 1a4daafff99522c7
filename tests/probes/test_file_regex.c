/*
 * test_file_regex.c - the file_regex probe: any/all/none, line and whole
 * file modes, selection (globs, literal ignored paths, exclude), evidence
 * (trimmed, cut, masked), binary files, and failing closed on regex limits
 * and unreadable files.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe_helpers.h"
#include "readycheck/buf.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_file_regex;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_file_regex);
  const char *root = f->repo.root;
  rc_test_write(root, "Dockerfile",
                "FROM node:20\nRUN npm ci\n  USER app  \nCMD [\"node\"]\n");
  rc_test_write(root, "docker/worker.Dockerfile", "FROM node:20\nCMD x\n");
  rc_test_write(root, "src/a.js", "const x = 1;\n// TODO: fix\n");
  rc_test_write(root, "src/b.js", "const y = 2;\r\n");
  rc_test_write(root, "vendor/lib.js", "// TODO: upstream\n");
  rc_test_write(root, ".gitignore", "secrets.env\n");
  rc_test_write(root, "secrets.env", "TOKEN=abc\n");
  rc_ph_repo_index(&f->repo);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_fixture_free(f);
  return 0;
}

static void run(struct rc_ph_fixture *f, const char *match, const char *pattern,
                const char *path)
{
  rc_ph_strings(&f->ph, "path", path, NULL);
  rc_ph_regex(&f->ph, "pattern", pattern);
  rc_ph_enum(&f->ph, "match", match);
  rc_ph_check(&f->ph, &f->repo, &f->c);
}

static void test_any(void **state)
{
  struct rc_ph_fixture *f = *state;
  run(f, "any", "^\\s*USER\\s+\\w+", "Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(
      f->c.message,
      "found a match for '^\\s*USER\\s+\\w+' in 'Dockerfile' line "
      "3");
  assert_int_equal(f->c.n_ev, 1);
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 3, NULL));
  assert_string_equal(f->c.ev[0].text, "USER app"); /* trimmed */

  run(f, "any", "^\\s*USER\\s+\\w+", "**/*Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  run(f, "any", "HEALTHCHECK", "**/*Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "no match for 'HEALTHCHECK' in 2 files "
                                    "matching '**/*Dockerfile'");
  assert_int_equal(f->c.n_ev, 0);

  run(f, "any", "x", "nothing/*.txt");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "no file matches 'nothing/*.txt'");
}

static void test_none(void **state)
{
  struct rc_ph_fixture *f = *state;
  run(f, "none", "TODO", "src/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "found a match for 'TODO' in 'src/a.js' line 2");
  assert_true(rc_ph_has_ev(&f->c, "src/a.js", 2, "// TODO: fix"));

  run(f, "none", "debugger", "src/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "no match for 'debugger' in 2 files matching 'src/*.js'");

  /* Nothing selected: nothing can match. */
  run(f, "none", "TODO", "lib/**/*.py");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "no file matches 'lib/**/*.py'");
}

/* A rule's `looks_for` replaces the pattern in every message. */
static void test_looks_for(void **state)
{
  struct rc_ph_fixture *f = *state;
  f->repo.ctx.looks_for = "a HEALTHCHECK instruction";
  run(f, "any", "HEALTHCHECK", "**/*Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "found no HEALTHCHECK instruction in 2 "
                                    "files matching '**/*Dockerfile'");
  f->repo.ctx.looks_for = "a TODO";
  run(f, "none", "TODO", "src/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "found a TODO in 'src/a.js' line 2");
  f->repo.ctx.looks_for = "a USER line";
  run(f, "all", "^\\s*USER", "**/*Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "'docker/worker.Dockerfile' lacks a USER line");
  f->repo.ctx.looks_for = NULL;
}

static void test_all(void **state)
{
  struct rc_ph_fixture *f = *state;
  run(f, "all", "^FROM ", "**/*Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "all 2 files matching '**/*Dockerfile' "
                                    "match '^FROM '");
  run(f, "all", "^FROM ", "Dockerfile");
  assert_string_equal(f->c.message, "'Dockerfile' matches '^FROM '");

  run(f, "all", "^\\s*USER ", "**/*Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "'docker/worker.Dockerfile' does not match '^\\s*USER '");
  /* The matching file is recorded as a passing item. */
  assert_int_equal(f->c.n_ev, 2);
  assert_true(
      rc_ph_has_ev(&f->c, "docker/worker.Dockerfile", 0, "does not match"));
  for (size_t i = 0; i < f->c.n_ev; i++)
    assert_int_equal(f->c.ev[i].mark, strcmp(f->c.ev[i].text, "matches") == 0
                                          ? RC_EV_PASS
                                          : RC_EV_UNSET);

  run(f, "all", "^nope", "**/*.js");
  assert_string_equal(f->c.message, "3 of 3 files do not match '^nope'");
  assert_int_equal(f->c.n_ev, 3);

  run(f, "all", "x", "missing/*");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
}

static void test_lines_and_crlf(void **state)
{
  struct rc_ph_fixture *f = *state;
  /* the line ending is not part of the line, for \n and \r\n */
  run(f, "any", "^const y = 2;$", "src/b.js");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  /* line mode: a pattern cannot span lines */
  run(f, "any", "npm ci\\nUSER", "Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
}

static void test_multiline(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_bool(&f->ph, "multiline", true);
  run(f, "any", "npm ci\\n\\s*USER", "Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "found a match for 'npm ci\\n\\s*USER' in "
                                    "'Dockerfile' line 2");
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 2, "RUN npm ci"));

  /* one piece of evidence per matching line, with line numbers */
  run(f, "none", "node", "Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 1, "FROM node:20"));
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 4, "CMD"));

  run(f, "all", "\\A[\\s\\S]*CMD", "**/*Dockerfile");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

static void test_exclude(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "exclude", "vendor/**", "src/a.js", NULL);
  run(f, "none", "TODO", "**/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "no match for 'TODO' in 1 file matching '**/*.js'");
}

/* An explicit path is read from disk even when git ignores it. */
static void test_literal_ignored_path(void **state)
{
  struct rc_ph_fixture *f = *state;
  run(f, "any", "TOKEN=", "*.env");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL); /* globs skip ignored files */
  run(f, "any", "TOKEN=", "secrets.env");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_true(rc_ph_has_ev(&f->c, "secrets.env", 1, "TOKEN=****"));
  rc_ph_assert_absent(&f->c, "abc");
}

/* No secret from the scanned file reaches the evidence. */
static void test_secrets_masked(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "config/.env",
                "DB_PASSWORD=hunter2hunter2\n"
                "AWS_KEY=AKIAIOSFODNN7EXAMPLE\n"
                "DATABASE_URL=postgres://app:s3cretpw@db/app\n"
                "STRIPE=sk_live_abcdefghij1234567890\n");
  rc_ph_repo_index(&f->repo);
  run(f, "none", "PASSWORD|KEY|URL|STRIPE", "**/.env");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 4);
  assert_true(rc_ph_has_ev(&f->c, "config/.env", 1, "DB_PASSWORD=****"));
  assert_true(rc_ph_has_ev(&f->c, "config/.env", 2, "AWS_KEY=****"));
  assert_true(rc_ph_has_ev(&f->c, "config/.env", 3, "app:****@db"));
  rc_ph_assert_absent(&f->c, "hunter2");
  rc_ph_assert_absent(&f->c, "AKIAIOSFODNN7EXAMPLE");
  rc_ph_assert_absent(&f->c, "s3cretpw");
  rc_ph_assert_absent(&f->c, "sk_live");
}

static void test_long_lines_are_cut(void **state)
{
  struct rc_ph_fixture *f = *state;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "match ");
  for (int i = 0; i < 300; i++)
    rc_buf_puts(&b, "\xc3\xa9"); /* two bytes each */
  rc_buf_puts(&b, " password=hunter2\n");
  rc_test_write(f->repo.root, "long.txt", b.data);
  rc_buf_release(&b);
  rc_ph_repo_index(&f->repo);
  run(f, "any", "^match", "long.txt");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  const char *t = f->c.ev[0].text;
  size_t n = strlen(t);
  assert_true(n <= 203);
  assert_string_equal(t + n - 3, "...");
  /* cut on a character boundary: 6 ASCII bytes, then whole characters */
  assert_int_equal((n - 3 - 6) % 2, 0);

  /* A secret past the cut is masked before cutting, never half shown. */
  rc_test_write(f->repo.root, "long2.txt", "");
  rc_buf_init(&b);
  rc_buf_puts(&b, "k: ");
  for (int i = 0; i < 190; i++)
    rc_buf_putc(&b, 'a');
  rc_buf_puts(&b, " token=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n");
  rc_test_write(f->repo.root, "long2.txt", b.data);
  rc_buf_release(&b);
  rc_ph_repo_index(&f->repo);
  run(f, "any", "^k:", "long2.txt");
  rc_ph_assert_absent(&f->c, "ghp_");

  /* A minified line: only a window of it is masked, and a token that the
   * window would cut in half is dropped, not shown half unmasked. */
  rc_buf_init(&b);
  unsigned x = 12345;
  static const char b62[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (int i = 0; i < 65525; i++) {
    x = x * 1103515245u + 12345u;
    rc_buf_putc(&b, b62[(x >> 16) % 62]);
  }
  rc_buf_puts(&b, " ghp_abcdefghijklmnopqrstuvwxyz0123456789 match\n");
  rc_test_write(f->repo.root, "min.js", b.data);
  rc_buf_release(&b);
  rc_ph_repo_index(&f->repo);
  run(f, "any", "match$", "min.js");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.ev[0].text, "**** ...");
}

static void test_binary_skipped(void **state)
{
  struct rc_ph_fixture *f = *state;
  FILE *fp;
  char *path = NULL;
  size_t n = strlen(f->repo.root) + 16;
  path = test_malloc(n);
  snprintf(path, n, "%s/blob.bin", f->repo.root);
  fp = fopen(path, "wb");
  assert_non_null(fp);
  fwrite("TODO\0\1\2TODO", 1, 11, fp);
  fclose(fp);
  test_free(path);
  rc_ph_repo_index(&f->repo);

  run(f, "none", "TODO", "blob.bin");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "no text file matches 'blob.bin' (1 binary file "
                      "skipped)");
  rc_ph_strings(&f->ph, "exclude", "vendor/**", NULL);
  run(f, "none", "TODO", "*");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "no match for 'TODO' in 2 files matching "
                                    "'*' (1 binary file skipped)");
  run(f, "all", "TODO", "blob.bin");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
}

/* (a+)+$ on long "aaa...b" lines hits the match limit: for match: none
 * that must be ERROR, never a pass. */
static void test_regex_limit_fails_closed(void **state)
{
  struct rc_ph_fixture *f = *state;
  struct rc_buf b;
  rc_buf_init(&b);
  for (int l = 0; l < 50; l++) {
    for (int i = 0; i < 60; i++)
      rc_buf_putc(&b, 'a');
    rc_buf_puts(&b, "b\n");
  }
  rc_test_write(f->repo.root, "gen/x.js", b.data);
  rc_buf_release(&b);
  /* sorts first, so the answers below do not depend on how long the
   * limited file takes (the scratch also has a total time budget) */
  rc_test_write(f->repo.root, "gen/a.js", "aaa\n");
  rc_ph_repo_index(&f->repo);

  run(f, "none", "(a+)+$", "gen/x.js");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "regex match limit exceeded at gen/x.js:1");

  run(f, "any", "(a+)+$", "gen/x.js");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  run(f, "all", "(a+)+$", "gen/x.js");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);

  /* A definite answer elsewhere still stands. */
  run(f, "any", "(a+)+$", "gen/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  run(f, "none", "(a+)+$", "gen/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);

  rc_ph_bool(&f->ph, "multiline", true);
  run(f, "none", "(a+)+$", "gen/x.js");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
}

/* A pattern that walks a line from its start (`^(?!#)[^\n]*?KEY`) runs out
 * of matches on a minified megabyte line: the line is searched again in
 * overlapping windows, which find the key near its end, or its absence. */
static void test_long_line_searched_in_windows(void **state)
{
  struct rc_ph_fixture *f = *state;
  struct rc_buf b;
  rc_buf_init(&b);
  for (int i = 0; i < 3 * 1024 * 1024; i++)
    rc_buf_putc(&b, "abcdefgh"[i % 8]);
  rc_test_write(f->repo.root, "dist/clean.js", b.data);
  rc_buf_puts(&b, ";var k='KEY123';\n");
  rc_test_write(f->repo.root, "dist/app.js", b.data);
  rc_buf_release(&b);
  rc_ph_repo_index(&f->repo);

  run(f, "none", "^(?![ \\t]*#)[^\\n]*?KEY123", "dist/app.js");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "dist/app.js", 1, NULL));
  run(f, "none", "^(?![ \\t]*#)[^\\n]*?KEY123", "dist/clean.js");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

/* The first limit error stops the rule: 50 pathological lines cost one
 * limit, not fifty, and what was not searched is said. A match seen before
 * the stop still decides. */
static void test_regex_limit_stops_the_rule(void **state)
{
  struct rc_ph_fixture *f = *state;
  struct rc_buf b;
  rc_buf_init(&b);
  for (int l = 0; l < 50; l++) {
    for (int i = 0; i < 60; i++)
      rc_buf_putc(&b, 'a');
    rc_buf_puts(&b, "b\n");
  }
  rc_buf_puts(&b, "MATCHME\n");
  rc_test_write(f->repo.root, "gen/m.js", b.data);
  rc_buf_release(&b);
  rc_test_write(f->repo.root, "gen/n.js", "MATCHME\n");
  rc_test_write(f->repo.root, "gen/o.js", "MATCHME\n");
  rc_test_write(f->repo.root, "early/a.js", "MATCHME\n");
  rc_ph_repo_index(&f->repo);

  run(f, "none", "(a+)+$|MATCHME", "gen/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "regex match limit exceeded at gen/m.js:1");
  assert_true(rc_ph_has_ev(&f->c, "gen/m.js", 0,
                           "search stopped at the first regex limit: 50 more "
                           "lines of this file and 2 more files not "
                           "searched"));
  /* A match found before the limit is a definite FAIL. */
  run(f, "none", "(a+)+$|MATCHME", "{early,gen}/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "gen/m.js", 0, "search stopped"));
  rc_ph_bool(&f->ph, "multiline", true);
  run(f, "none", "(a+)+$", "gen/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_true(rc_ph_has_ev(&f->c, "gen/m.js", 0,
                           "the rest of this file and 2 more files"));
}

static void test_unreadable_fails_closed(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "big/huge.log", "");
  size_t n = strlen(f->repo.root) + 32;
  char *path = test_malloc(n);
  snprintf(path, n, "%s/big/huge.log", f->repo.root);
  assert_int_equal(truncate(path, 33L << 20), 0); /* sparse: cheap */
  test_free(path);
  rc_test_write(f->repo.root, "big/small.log", "ok\n");
  rc_ph_repo_index(&f->repo);

  run(f, "none", "password", "big/*.log");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "cannot read 'big/huge.log': file is "
                                    "larger than 32 MiB");
  run(f, "any", "ok", "big/*.log");
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  run(f, "any", "x", "src");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "'src' is a directory, not a file");

  /* Refused at load time; and when ${VAR} expansion produces it, at check
   * time too. */
  char msg[256];
  rc_ph_strings(&f->ph, "path", "../escape.txt", NULL);
  assert_int_not_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_file_regex.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
}

static void test_evidence_cap(void **state)
{
  struct rc_ph_fixture *f = *state;
  struct rc_buf b;
  rc_buf_init(&b);
  for (int i = 0; i < 50; i++)
    rc_buf_puts(&b, "console.log(1)\n");
  rc_test_write(f->repo.root, "src/noisy.js", b.data);
  rc_buf_release(&b);
  rc_ph_repo_index(&f->repo);
  run(f, "none", "console\\.log", "src/*.js");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, RC_EVIDENCE_MAX);
  assert_true(f->c.n_ev_dropped > 0);
}

static void test_invalid_utf8_and_empty(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "latin1.txt", "caf\xe9 \xff\xfe secret\n");
  rc_test_write(f->repo.root, "empty.txt", "");
  rc_ph_repo_index(&f->repo);
  run(f, "any", "secret", "latin1.txt");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  run(f, "all", "x", "empty.txt");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "'empty.txt' does not match 'x'");
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256];
  rc_ph_strings(&f->ph, "path", "src/**", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "'pattern' is required");
  rc_ph_regex(&f->ph, "pattern", "x");
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  rc_ph_strings(&f->ph, "exclude", "[x", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "invalid glob '[x': unterminated '['");
  rc_ph_strings(&f->ph, "exclude", NULL);
  rc_ph_strings(&f->ph, "path", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(rc_probe_file_regex.fields[2].enum_names[0], "any");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_any, setup, teardown),
      cmocka_unit_test_setup_teardown(test_none, setup, teardown),
      cmocka_unit_test_setup_teardown(test_looks_for, setup, teardown),
      cmocka_unit_test_setup_teardown(test_all, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lines_and_crlf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_multiline, setup, teardown),
      cmocka_unit_test_setup_teardown(test_exclude, setup, teardown),
      cmocka_unit_test_setup_teardown(test_literal_ignored_path, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_secrets_masked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_lines_are_cut, setup, teardown),
      cmocka_unit_test_setup_teardown(test_binary_skipped, setup, teardown),
      cmocka_unit_test_setup_teardown(test_regex_limit_stops_the_rule, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_long_line_searched_in_windows, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_regex_limit_fails_closed, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_unreadable_fails_closed, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_evidence_cap, setup, teardown),
      cmocka_unit_test_setup_teardown(test_invalid_utf8_and_empty, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
