/*
 * test_pipeline.c - the pipeline probe: a gate present (or why not), gate
 * steps that are continue-on-error (unless re-raised, or not gates at all),
 * gate commands that swallow their failure, and image scanners that do or
 * do not fail the build; unreadable CI is ERROR, nothing to judge is SKIP.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_pipeline;

static int setup(void **state)
{
  *state = rc_ph_fixture_new(&rc_probe_pipeline);
  return 0;
}

static int teardown(void **state)
{
  rc_ph_fixture_free(*state);
  return 0;
}

/* rc_ph_has_ev(), printing what there is when it is not there. */
static bool has_ev(const struct rc_check *c, const char *path, unsigned line,
                   const char *needle)
{
  if (rc_ph_has_ev(c, path, line, needle))
    return true;
  fprintf(stderr, "message: %s\n", c->message);
  for (size_t i = 0; i < c->n_ev; i++)
    fprintf(stderr, "  %s:%u: %s\n", c->ev[i].path ? c->ev[i].path : "-",
            c->ev[i].line, c->ev[i].text);
  return false;
}

static size_t failing(const struct rc_check *c)
{
  size_t n = 0;
  for (size_t i = 0; i < c->n_ev; i++)
    n += c->ev[i].mark == RC_EV_FAIL;
  return n;
}

static void test_present(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, ".github/workflows/ci.yml",
                "on: push\n"
                "jobs:\n"
                "  build:\n"
                "    steps:\n"
                "      - run: echo \"remember to run pytest\"\n"
                "      - name: Build\n"
                "        run: make\n");
  rc_test_write(root, "Makefile", "all:\n\tgo build ./...\n");
  rc_ph_enum(&f->ph, "gate", "tests");
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "no step of the 1 CI file read runs tests for pushes "
                       "or pull requests (2 steps, followed through make "
                       "targets, package scripts and repository scripts)");
  assert_int_equal(f->c.n_ev, 0);

  /* tests that run only when started by hand gate no change */
  rc_test_write(root, ".github/workflows/manual.yml",
                "on: workflow_dispatch\n"
                "jobs:\n"
                "  t:\n"
                "    steps:\n"
                "      - run: go test ./...\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "; 1 step runs it only on a schedule, "
                                       "by hand or on another workflow's "
                                       "end (first: "
                                       ".github/workflows/manual.yml:5)"));

  rc_ph_enum(&f->ph, "gate", "build");
  rc_ph_fixture_expect(f, RC_OUT_OK, NULL);
  assert_true(has_ev(&f->c, ".github/workflows/ci.yml", 6,
                     "step 'Build' runs `make`, which runs `go build "
                     "./...` (Makefile:2)"));
  assert_int_equal(f->c.ev[0].mark, RC_EV_PASS);

  /* a gate written in a workflow that cannot be read: cannot tell */
  rc_test_write(root, ".github/workflows/test.yml", "jobs: {\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "gate", "tests");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_true(has_ev(&f->c, ".github/workflows/test.yml", 0, NULL));

  char msg[256];
  rc_ph_enum(&f->ph, "gate", "any");
  assert_int_not_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  assert_non_null(strstr(msg, "'gate' must name one gate"));
}

static void test_not_soft(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, ".github/workflows/ci.yml",
                "on: [push, pull_request]\n"
                "jobs:\n"
                "  test:\n"
                "    steps:\n"
                "      - name: Unit tests\n"
                "        run: npm test\n"
                "        continue-on-error: true\n"
                "      - name: Upload coverage\n"
                "        uses: codecov/codecov-action@v4\n"
                "        continue-on-error: true\n"
                "      - name: E2E\n"
                "        id: e2e\n"
                "        continue-on-error: true\n"
                "        run: npx playwright test\n"
                "      - name: Fail when E2E failed\n"
                "        if: ${{ steps.e2e.outcome == 'failure' }}\n"
                "        run: exit 1\n");
  rc_test_write(root, "package.json", "{\"scripts\": {\"test\": \"jest\"}}\n");
  rc_ph_enum(&f->ph, "expect", "not_soft");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(failing(&f->c), 1);
  assert_true(has_ev(&f->c, ".github/workflows/ci.yml", 5,
                     "step 'Unit tests' runs `npm test`, which runs "
                     "`jest` (package.json:1) with continue-on-error "
                     "(.github/workflows/ci.yml:7)"));
  assert_true(has_ev(&f->c, ".github/workflows/ci.yml", 8,
                     "ok: step 'Upload coverage' has continue-on-error: "
                     "it runs no test, lint, scan or build"));
  assert_true(has_ev(&f->c, ".github/workflows/ci.yml", 11,
                     "a later step fails the job when it failed"));

  /* the same on a schedule gates nothing */
  rc_test_write(root, ".github/workflows/ci.yml",
                "on:\n  schedule:\n    - cron: '0 3 * * *'\n"
                "jobs:\n"
                "  test:\n"
                "    steps:\n"
                "      - run: npm test\n"
                "        continue-on-error: true\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_SKIP,
                       "no CI step that runs for pushes or pull requests "
                       "runs a gate (tests, lint, scan, build)");
}

static void test_not_masked(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, ".gitlab-ci.yml",
                "test:\n"
                "  script:\n"
                "    - trap 'docker rm -f app-test || true' EXIT\n"
                "    - make test\n"
                "    - docker compose down || true\n");
  rc_test_write(root, "Makefile",
                "test:\n"
                "\tpytest -q || echo \"tests failed\"\n");
  rc_ph_enum(&f->ph, "expect", "not_masked");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(failing(&f->c), 1);
  assert_true(has_ev(&f->c, "Makefile", 2,
                     "`pytest -q` swallows the failure of pytest "
                     "(job 'test', via make test)"));
  rc_ph_assert_absent(&f->c, "docker rm");

  rc_test_write(root, "Makefile", "test:\n\tpytest -q\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "none of the 2 gate commands swallows its failure");
}

static void test_scanner(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, ".github/workflows/scan.yml",
                "on: pull_request\n"
                "jobs:\n"
                "  scan:\n"
                "    steps:\n"
                "      - uses: aquasecurity/trivy-action@0.28.0\n"
                "        with:\n"
                "          image-ref: app\n"
                "      - uses: anchore/scan-action@v6\n"
                "        with:\n"
                "          image: app\n"
                "      - run: grype app --fail-on high\n");
  rc_ph_enum(&f->ph, "expect", "scanner_fails");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(failing(&f->c), 1);
  assert_true(
      has_ev(&f->c, ".github/workflows/scan.yml", 5, "without exit-code: '1'"));
  assert_true(has_ev(&f->c, ".github/workflows/scan.yml", 8,
                     "ok: step uses anchore/scan-action@v6 fails"));

  rc_test_write(root, ".github/workflows/scan.yml",
                "on: pull_request\n"
                "jobs:\n"
                "  scan:\n"
                "    steps:\n"
                "      - uses: aquasecurity/trivy-action@0.28.0\n"
                "        with:\n"
                "          exit-code: '1'\n"
                "      - run: trivy fs --exit-code=1 .\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "2 scanner steps fail the build on "
                       "findings or send them to code scanning");

  /* findings sent to code scanning are enforced there; SARIF kept only as
   * an artifact gates nothing */
  rc_test_write(root, ".github/workflows/scan.yml",
                "on: pull_request\n"
                "jobs:\n"
                "  scan:\n"
                "    steps:\n"
                "      - uses: aquasecurity/trivy-action@0.28.0\n"
                "        with:\n"
                "          format: sarif\n"
                "          output: t.sarif\n"
                "      - uses: github/codeql-action/upload-sarif@v3\n"
                "        with:\n"
                "          sarif_file: t.sarif\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_true(has_ev(&f->c, ".github/workflows/scan.yml", 5,
                     "sends its SARIF to code scanning "
                     "(.github/workflows/scan.yml:9)"));

  rc_test_write(root, ".github/workflows/scan.yml",
                "on: pull_request\n"
                "jobs:\n"
                "  scan:\n"
                "    steps:\n"
                "      - uses: aquasecurity/trivy-action@0.28.0\n"
                "        with:\n"
                "          format: sarif\n"
                "          output: t.sarif\n"
                "      - uses: actions/upload-artifact@v4\n"
                "        with:\n"
                "          path: t.sarif\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(
      has_ev(&f->c, ".github/workflows/scan.yml", 5, "without exit-code: '1'"));

  /* a nightly scan of what shipped gates no build */
  rc_test_write(root, ".github/workflows/scan.yml",
                "on:\n  schedule:\n    - cron: '0 2 * * *'\n"
                "jobs:\n"
                "  scan:\n"
                "    steps:\n"
                "      - uses: aquasecurity/trivy-action@0.28.0\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_SKIP,
                       "no image scanner (Trivy, Grype) runs for pushes or "
                       "pull requests");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_present, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_soft, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_masked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_scanner, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
