/*
 * test_file_exists.c - the file_exists probe over scratch trees: counts,
 * bounds, kinds, ignored build outputs, executables by git mode, and the
 * ways it reports a path it cannot evaluate.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_file_exists;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_file_exists);
  const char *root = f->repo.root;
  rc_test_write(root, "Dockerfile", "FROM alpine\n");
  rc_test_write(root, "ci/a.yml", "a: 1\n");
  rc_test_write(root, "ci/b.yml", "b: 1\n");
  rc_test_write(root, "deploy/c.yml", "c: 1\n");
  rc_test_mkdir(root, "docs");
  rc_test_write(root, "docs/index.md", "# docs\n");
  rc_test_write(root, ".gitignore", "coverage/\n");
  rc_test_write(root, "coverage/lcov.info", "TN:\n");
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

static void test_literal_found(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "Dockerfile", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "found 'Dockerfile'");
  assert_int_equal(f->c.n_ev, 1);
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 0, "file"));
}

static void test_missing(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "scripts/backup.sh", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "no file matches 'scripts/backup.sh'");
  assert_int_equal(f->c.n_ev, 0);

  rc_ph_strings(&f->ph, "path", "a", "b", "c", "d", "e", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_string_equal(f->c.message, "no file matches 'a', 'b', 'c' or 2 more");
}

static void test_glob_counts_and_bounds(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "**/*.yml", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "found 3 files matching '**/*.yml'");
  assert_int_equal(f->c.n_ev, 3);
  assert_true(rc_ph_has_ev(&f->c, "ci/a.yml", 0, NULL));
  assert_true(rc_ph_has_ev(&f->c, "deploy/c.yml", 0, NULL));
  assert_string_equal(f->c.ev[0].path, "ci/a.yml"); /* path order */

  rc_ph_number(&f->ph, "max", 2);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "found 3 files matching '**/*.yml', expected at most 2");

  rc_ph_number(&f->ph, "max", 10);
  rc_ph_number(&f->ph, "min", 4);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "found 3 files matching '**/*.yml', expected at least 4");

  rc_ph_number(&f->ph, "min", 3);
  rc_ph_number(&f->ph, "max", 3);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

/* min 0 / max 0: "there must be none", and an explicit 0 is not a default. */
static void test_zero_bounds(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "*.bak", NULL);
  rc_ph_number(&f->ph, "min", 0);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "no file matches '*.bak'");

  rc_ph_strings(&f->ph, "path", "Dockerfile", NULL);
  rc_ph_number(&f->ph, "max", 0);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "found 'Dockerfile', expected exactly 0");
}

static void test_alternatives_count_once(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "Dockerfile", "Docker*", "ci/a.yml", NULL);
  rc_ph_number(&f->ph, "max", 2);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "found 2 files matching 'Dockerfile', "
                                    "'Docker*' or 'ci/a.yml'");
}

static void test_types(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "docs", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL); /* default type: file */

  rc_ph_enum(&f->ph, "type", "dir");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_true(rc_ph_has_ev(&f->c, "docs", 0, "directory"));

  rc_ph_strings(&f->ph, "path", "Dockerfile", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "no directory matches 'Dockerfile'");

  rc_ph_enum(&f->ph, "type", "any");
  rc_ph_strings(&f->ph, "path", "d*", "Dockerfile", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "found 3 paths matching 'd*' or 'Dockerfile'");
}

/* Ignored files do not exist for globs; an explicit path finds them. */
static void test_ignored_build_output(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "coverage/*.info", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);

  rc_ph_strings(&f->ph, "path", "coverage/lcov.info", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_true(
      rc_ph_has_ev(&f->c, "coverage/lcov.info", 0, "file (ignored by git)"));

  rc_ph_strings(&f->ph, "path", "coverage/missing.info", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
}

static void test_symlink_counts_as_target(void **state)
{
  struct rc_ph_fixture *f = *state;
  char *link = rc_test_path(f->repo.root, "Dockerfile.link");
  assert_int_equal(symlink("Dockerfile", link), 0);
  free(link);
  link = rc_test_path(f->repo.root, "docs.link");
  assert_int_equal(symlink("docs", link), 0);
  free(link);
  rc_ph_repo_index(&f->repo);

  rc_ph_strings(&f->ph, "path", "*.link", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "found 'Dockerfile.link'");
  rc_ph_enum(&f->ph, "type", "dir");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_string_equal(f->c.message, "found 'docs.link'");
}

/* Tracked files use git's mode, untracked ones the file system's. */
static void test_executable(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write_mode(root, "bin/tracked-x.sh", "#!/bin/sh\n", 0644);
  rc_test_write_mode(root, "bin/tracked-nox.sh", "#!/bin/sh\n", 0755);
  rc_test_write_mode(root, "bin/untracked-x.sh", "#!/bin/sh\n", 0755);
  rc_test_write_mode(root, "bin/untracked-nox.sh", "#!/bin/sh\n", 0644);
  rc_ph_git(&f->repo, "init", "-q", NULL);
  rc_ph_git(&f->repo, "add", "bin/tracked-x.sh", "bin/tracked-nox.sh", NULL);
  rc_ph_git(&f->repo, "update-index", "--chmod=+x", "bin/tracked-x.sh", NULL);
  rc_ph_git(&f->repo, "update-index", "--chmod=-x", "bin/tracked-nox.sh", NULL);
  rc_ph_repo_index(&f->repo);
  rc_ph_bool(&f->ph, "executable", true);

  rc_ph_strings(&f->ph, "path", "bin/tracked-x.sh", "bin/untracked-x.sh", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(
      f->c.message,
      "found 2 files matching 'bin/tracked-x.sh' or 'bin/untracked-x.sh'");

  rc_ph_strings(&f->ph, "path", "bin/tracked-nox.sh", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "'bin/tracked-nox.sh' is not executable");
  assert_true(rc_ph_has_ev(&f->c, "bin/tracked-nox.sh", 0, "100644"));

  rc_ph_strings(&f->ph, "path", "bin/*.sh", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "2 of 4 matched files are not executable");
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, "bin/untracked-nox.sh", 0, NULL));
}

/* tracked: only what git tracks counts; a local untracked file, one
 * ignored by git, or one found on disk by an explicit path does not. */
static void test_tracked_only(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, ".env", "PORT=8080\n");
  rc_test_write(root, "api/.env", "PORT=9090\n");
  rc_ph_git(&f->repo, "init", "-q", NULL);
  rc_ph_git(&f->repo, "add", ".env", NULL);
  rc_ph_repo_index(&f->repo);
  rc_ph_bool(&f->ph, "tracked", true);

  rc_ph_strings(&f->ph, "path", "**/.env", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "found '.env'");
  assert_true(rc_ph_has_ev(&f->c, ".env", 0, "file (tracked in git)"));

  rc_ph_strings(&f->ph, "path", "api/.env", "coverage/lcov.info", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(
      f->c.message,
      "no tracked file matches 'api/.env' or 'coverage/lcov.info'");
  assert_int_equal(f->c.n_ev, 0);

  rc_ph_bool(&f->ph, "tracked", false);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(
      f->c.message,
      "found 2 files matching 'api/.env' or 'coverage/lcov.info'");
}

static void test_errors(void **state)
{
  struct rc_ph_fixture *f = *state;
  /* Refused at load time; and when ${VAR} expansion produces it, at check
   * time too. */
  char msg[256];
  rc_ph_strings(&f->ph, "path", "../outside", NULL);
  assert_int_not_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  assert_non_null(strstr(msg, "'..'"));
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_file_exists.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_non_null(strstr(f->c.message, "'..'"));

  /* After expansion: an absolute path is refused at check time too. */
  rc_ph_strings(&f->ph, "path", "/etc/passwd", NULL);
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_file_exists.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);

  /* A glob that only becomes invalid after ${VAR} expansion. */
  rc_ph_strings(&f->ph, "path", "src/[oops", NULL);
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_file_exists.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message,
                      "invalid glob 'src/[oops': unterminated '['");

  /* Bounds that skipped validation are an error, not a guess. */
  rc_ph_strings(&f->ph, "path", "Dockerfile", NULL);
  rc_ph_number(&f->ph, "min", -1);
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_file_exists.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256];
  rc_ph_strings(&f->ph, "path", "src/[a", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "invalid glob 'src/[a': unterminated '['");

  rc_ph_strings(&f->ph, "path", "${APP_DIR}/Dockerfile", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);

  static const double bad[] = {-1, 1.5, 2e9};
  for (size_t i = 0; i < 3; i++) {
    rc_ph_number(&f->ph, "min", bad[i]);
    assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
    assert_non_null(strstr(msg, "'min' must be a whole number"));
  }
  struct rc_scalar *min =
      (struct rc_scalar *)((char *)f->ph.cfg +
                           rc_probe_file_exists.fields[2].offset);
  assert_string_equal(rc_probe_file_exists.fields[2].name, "min");
  min->kind = RC_SCALAR_STRING;
  min->text = "one";
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);

  rc_ph_number(&f->ph, "min", 3);
  rc_ph_number(&f->ph, "max", 2);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "'max' is less than 'min'");

  rc_ph_number(&f->ph, "max", 3);
  rc_ph_enum(&f->ph, "type", "dir");
  rc_ph_bool(&f->ph, "executable", true);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);

  rc_ph_bool(&f->ph, "executable", false);
  rc_ph_bool(&f->ph, "tracked", true);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg,
                      "'tracked' applies to files: git tracks no directories");
  rc_ph_bool(&f->ph, "tracked", false);
  rc_ph_strings(&f->ph, "path", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  rc_ph_strings(&f->ph, "path", "", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
}

static void test_field_table(void **state)
{
  (void)state;
  const struct rc_probe *p = &rc_probe_file_exists;
  assert_string_equal(p->name, "file_exists");
  assert_non_null(p->summary);
  assert_false(p->network);
  assert_true(p->fields[0].flags & RC_FIELD_REQUIRED);
  assert_string_equal(p->fields[1].enum_names[0], "file"); /* the default */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_literal_found, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_glob_counts_and_bounds, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_zero_bounds, setup, teardown),
      cmocka_unit_test_setup_teardown(test_alternatives_count_once, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_types, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ignored_build_output, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_symlink_counts_as_target, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_executable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tracked_only, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
      cmocka_unit_test(test_field_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
