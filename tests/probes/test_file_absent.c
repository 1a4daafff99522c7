/*
 * test_file_absent.c - the file_absent probe against a real git repository:
 * ignored local files are fine, tracked or unignored ones are findings.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_file_absent;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_file_absent);
  const char *root = f->repo.root;
  rc_test_write(root, ".gitignore",
                ".env.production\n.env.local\nnode_modules/\nvendor/\n");
  rc_test_write(root, ".env.production", "DB_PASSWORD=hunter2\n");
  rc_test_write(root, ".env.local", "DB_PASSWORD=hunter2\n");
  rc_test_write(root, ".env.staging", "DB_PASSWORD=hunter2\n");
  rc_test_write(root, "node_modules/x/index.js", "x\n");
  rc_test_write(root, "vendor/lib.go", "package lib\n");
  rc_test_write(root, "tmp/debug.log", "log\n");
  rc_test_write(root, "README.md", "# app\n");
  rc_ph_git(&f->repo, "init", "-q", NULL);
  rc_ph_git(&f->repo, "add", "README.md", ".gitignore", NULL);
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

static void test_ignored_local_file_is_absent(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", ".env.production", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "no path in the repository matches '.env.production'");
  assert_int_equal(f->c.n_ev, 0);
}

static void test_tracked_file_is_found(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_git(&f->repo, "add", "-f", ".env.production", NULL);
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "path", ".env.production", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "found '.env.production' in the "
                                    "repository");
  assert_true(rc_ph_has_ev(&f->c, ".env.production", 0, "tracked in git"));
  rc_ph_assert_absent(&f->c, "hunter2");
}

static void test_unignored_file_is_found(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", ".env.*", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "found '.env.staging' in the repository");
  assert_true(
      rc_ph_has_ev(&f->c, ".env.staging", 0, "not ignored by .gitignore"));

  rc_ph_git(&f->repo, "add", "-f", ".env.local", NULL);
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_string_equal(f->c.message, "found 2 paths in the repository "
                                    "matching '.env.*'");
  assert_true(rc_ph_has_ev(&f->c, ".env.local", 0, "tracked in git"));
  assert_false(rc_ph_has_ev(&f->c, ".env.production", 0, NULL));
}

static void test_directories(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "node_modules", "vendor", "tmp", NULL);
  rc_ph_enum(&f->ph, "type", "dir");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "found 'tmp' in the repository");
  assert_true(rc_ph_has_ev(&f->c, "tmp", 0, "not ignored by .gitignore"));

  /* An ignored directory with a tracked file inside is shipped. */
  rc_ph_git(&f->repo, "add", "-f", "vendor/lib.go", NULL);
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_string_equal(f->c.message,
                      "found 2 directories in the repository matching "
                      "'node_modules', 'vendor' or 'tmp'");
  assert_true(
      rc_ph_has_ev(&f->c, "vendor", 0, "contains files tracked in git"));

  /* type: file does not match directories, and vice versa */
  rc_ph_enum(&f->ph, "type", "file");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message,
                      "no file in the repository matches 'node_modules', "
                      "'vendor' or 'tmp'");
  rc_ph_strings(&f->ph, "path", "README.md", NULL);
  rc_ph_enum(&f->ph, "type", "dir");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

static void test_glob_under_ignored_dir(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_strings(&f->ph, "path", "**/*.js", "**/*.log", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 1);
  assert_true(rc_ph_has_ev(&f->c, "tmp/debug.log", 0, NULL));
}

/* Without git, .gitignore still decides what the repository holds. */
static void test_exclude(void **state)
{
  (void)state;
  struct rc_ph_repo repo;
  struct rc_ph ph;
  struct rc_check c;
  rc_ph_repo_init(&repo);
  rc_test_write(repo.root, "vendor/lib/test/keys/id_rsa", "x\n");
  rc_test_write(repo.root, "deploy/id_rsa", "x\n");
  rc_ph_repo_index(&repo);
  rc_ph_init(&ph, &rc_probe_file_absent);
  rc_ph_strings(&ph, "path", "**/id_rsa", NULL);
  rc_ph_strings(&ph, "exclude", "**/vendor/**", NULL);
  rc_ph_check(&ph, &repo, &c);
  assert_int_equal(c.outcome, RC_OUT_FAIL);
  assert_int_equal(c.n_ev, 1);
  assert_true(rc_ph_has_ev(&c, "deploy/id_rsa", 0, NULL));
  rc_ph_strings(&ph, "exclude", "**/vendor/**", "deploy/**", NULL);
  rc_ph_check(&ph, &repo, &c);
  assert_int_equal(c.outcome, RC_OUT_OK);
  rc_ph_release(&ph);
  rc_ph_repo_release(&repo);
}

static void test_without_git(void **state)
{
  (void)state;
  struct rc_ph_repo repo;
  struct rc_ph ph;
  struct rc_check c;
  rc_ph_repo_init(&repo);
  rc_test_write(repo.root, ".gitignore", "*.pem\n");
  rc_test_write(repo.root, "key.pem", "x\n");
  rc_test_write(repo.root, "id_rsa", "x\n");
  rc_ph_repo_index(&repo);
  rc_ph_init(&ph, &rc_probe_file_absent);
  rc_ph_strings(&ph, "path", "*.pem", "id_rsa", NULL);
  rc_ph_check(&ph, &repo, &c);
  assert_int_equal(c.outcome, RC_OUT_FAIL);
  assert_string_equal(c.message, "found 'id_rsa' in the repository");
  assert_true(rc_ph_has_ev(&c, "id_rsa", 0, "not ignored by .gitignore"));
  rc_ph_release(&ph);
  rc_ph_repo_release(&repo);
}

static void test_errors_and_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256];
  rc_ph_strings(&f->ph, "path", "a{b", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_string_equal(msg, "invalid glob 'a{b': '{' without '}'");
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_file_absent.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);

  rc_ph_strings(&f->ph, "path", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  rc_ph_strings(&f->ph, "path", "${SECRETS_DIR}/*.key", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  assert_string_equal(rc_probe_file_absent.fields[1].enum_names[0], "any");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_ignored_local_file_is_absent, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_tracked_file_is_found, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_unignored_file_is_found, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_directories, setup, teardown),
      cmocka_unit_test_setup_teardown(test_glob_under_ignored_dir, setup,
                                      teardown),
      cmocka_unit_test(test_without_git),
      cmocka_unit_test(test_exclude),
      cmocka_unit_test_setup_teardown(test_errors_and_validate, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
