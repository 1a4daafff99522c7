/*
 * test_entry_refs.c - the entry_refs probe: compose files and Dockerfiles
 * named by deploy scripts, CI and Makefiles exist; placeholders, test
 * scripts and (by default) READMEs do not count.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_entry_refs;

static int setup(void **state)
{
  *state = rc_ph_fixture_new(&rc_probe_entry_refs);
  return 0;
}

static int teardown(void **state)
{
  rc_ph_fixture_free(*state);
  return 0;
}

static void test_missing_and_present(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml", "services: {a: {image: x}}\n");
  rc_test_write(root, "deploy/deploy.sh",
                "#!/bin/sh\n"
                "cd \"$(dirname \"$0\")/..\"\n"
                "docker compose -f docker-compose.yml -f "
                "docker-compose.production.yml up -d\n"
                "docker build -f api/Dockerfile.prod api\n");
  rc_test_write(root, "api/Dockerfile", "FROM node:20-slim\n");
  rc_test_write(root, "tests/run.sh",
                "docker compose -f docker-compose.test.yml up\n");
  rc_test_write(root, "README.md",
                "docker compose -f docker-compose.<env>.yml up\n"
                "docker compose -f docker-compose.old.yml up\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, "deploy/deploy.sh", 3,
                           "'docker-compose.production.yml', which does not"));
  assert_true(rc_ph_has_ev(&f->c, "deploy/deploy.sh", 4,
                           "builds 'api/Dockerfile.prod'"));

  /* runbooks too, when asked: the concrete name counts, the placeholder
   * does not */
  rc_ph_enum(&f->ph, "scope", "all");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.n_ev, 3);
  assert_true(rc_ph_has_ev(&f->c, "README.md", 2, "docker-compose.old.yml"));

  rc_test_write(root, "docker-compose.production.yml", "services: {}\n");
  rc_test_write(root, "api/Dockerfile.prod", "FROM node:20-slim\n");
  rc_test_write(root, "README.md", "docker compose up\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "3 compose files and image builds named "
                       "in automation exist");
}

static void test_nothing_named(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "Makefile", "test:\n\tgo test ./...\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_SKIP,
                       "no compose file or image build is named in the "
                       "repository's automation");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_missing_and_present, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_nothing_named, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
