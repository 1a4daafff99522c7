/*
 * test_testcfg.c - which coverage configurations each package's test
 * command loads: jest (--config, config file, package.json#jest,
 * projects), vitest, nyc/c8, scripts run through npm run, Python package
 * folders; and what nothing loads.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/model.h"
#include "readycheck/testcfg.h"

struct fixture {
  char *root;
  struct rc_index *idx;
  struct rc_testcfgs t;
};

static int setup(void **state)
{
  struct fixture *f = calloc(1, sizeof *f);
  f->root = rc_test_mkdtemp();
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fixture *f = *state;
  if (f->idx) {
    rc_testcfgs_release(&f->t);
    rc_index_free(f->idx);
  }
  rc_test_rmtree(f->root);
  free(f->root);
  free(f);
  return 0;
}

static void index_root(struct fixture *f)
{
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&f->idx, f->root, NULL, &d), 0);
  rc_diag_release(&d);
}

static const struct rc_testcfgs *build(struct fixture *f)
{
  index_root(f);
  rc_testcfgs_build(&f->t, f->idx, NULL);
  return &f->t;
}

static const struct rc_testcfg_pkg *pkg(const struct rc_testcfgs *t,
                                        const char *manifest)
{
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->pkgs[i].manifest, manifest) == 0)
      return &t->pkgs[i];
  return NULL;
}

/* The loaded file path of runner, or NULL. */
static const struct rc_testcfg_file *
loaded(const struct rc_testcfg_pkg *p, const char *path, const char *runner)
{
  for (size_t i = 0; p && i < p->n_files; i++)
    if (strcmp(p->files[i].path, path) == 0 &&
        strcmp(p->files[i].runner, runner) == 0)
      return &p->files[i];
  return NULL;
}

static void test_jest_config_flag_beats_default(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "web/package.json",
                "{\"scripts\": {\"test\": \"jest -c config/jest.ci.js\"}}\n");
  rc_test_write(f->root, "web/jest.config.js", "module.exports = {};\n");
  rc_test_write(f->root, "web/config/jest.ci.js", "module.exports = {};\n");
  const struct rc_testcfg_pkg *p = pkg(build(f), "web/package.json");
  assert_non_null(p);
  assert_string_equal(p->dir, "web");
  assert_non_null(loaded(p, "web/config/jest.ci.js", "jest"));
  assert_null(loaded(p, "web/jest.config.js", "jest"));
  /* the script itself is loaded, as a range of package.json */
  const struct rc_testcfg_file *s = loaded(p, "web/package.json", "script");
  assert_non_null(s);
  assert_true(s->end > s->start);
  assert_int_equal(s->line, 1);
}

static void test_package_json_jest_range(void **state)
{
  struct fixture *f = *state;
  const char *text = "{\n  \"name\": \"a\",\n  \"scripts\": {\"test\": "
                     "\"react-scripts test\"},\n  \"jest\": {\n    "
                     "\"coverageThreshold\": {}\n  },\n  \"nyc\": {}\n}\n";
  rc_test_write(f->root, "package.json", text);
  const struct rc_testcfg_pkg *p = pkg(build(f), "package.json");
  const struct rc_testcfg_file *j = loaded(p, "package.json", "jest");
  assert_non_null(j);
  assert_int_equal(j->line, 4);
  assert_memory_equal(text + j->start, "{\n    \"coverageThreshold\": {}\n  }",
                      j->end - j->start);
  /* nyc does not run: its key is not loaded */
  assert_null(loaded(p, "package.json", "nyc"));
}

/* The thresholds of a loaded range: one item per line that sets one, with
 * the lowest percentage written on it; lines outside the range are not
 * read. */
static void test_thresholds(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "package.json",
                "{\n  \"scripts\": {\"test\": \"jest\"},\n"
                "  \"coverage\": {\"lines\": 10},\n"
                "  \"jest\": {\n    \"coverageThreshold\": {\n"
                "      \"global\": {\"lines\": 85, \"statements\": 70}\n"
                "    }\n  }\n}\n");
  rc_test_write(f->root, "api/pyproject.toml",
                "[tool.pytest.ini_options]\naddopts = \"--cov-fail-under=75\"\n"
                "[tool.coverage.report]\nshow_missing = true\n");
  struct rc_testcfgs *t = (struct rc_testcfgs *)build(f);
  const struct rc_testcfg_file *j =
      loaded(pkg(t, "package.json"), "package.json", "jest");
  assert_non_null(j);
  struct rc_testcfg_threshold *th;
  size_t n;
  char err[256];
  assert_int_equal(
      rc_testcfg_thresholds(t, f->idx, j, &th, &n, err, sizeof err), 0);
  assert_int_equal(n, 2); /* "coverage": {"lines": 10} is outside "jest" */
  assert_int_equal(th[0].line, 5);
  assert_false(th[0].valued);
  assert_int_equal(th[1].line, 6);
  assert_true(th[1].valued);
  assert_true(th[1].value == 70);
  const struct rc_testcfg_pkg *py = pkg(t, "api/pyproject.toml");
  const struct rc_testcfg_file *pp = loaded(py, "api/pyproject.toml", "pytest");
  assert_non_null(pp);
  assert_int_equal(
      rc_testcfg_thresholds(t, f->idx, pp, &th, &n, err, sizeof err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(th[0].line, 2);
  assert_true(th[0].value == 75);
  /* a file gone since the walk is an error naming it */
  struct rc_testcfg_file gone = {.path = "nowhere.js", .line = 1};
  assert_int_equal(
      rc_testcfg_thresholds(t, f->idx, &gone, &th, &n, err, sizeof err), -1);
  assert_non_null(strstr(err, "cannot read 'nowhere.js'"));
}

static void test_projects_and_run_targets(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "package.json",
                "{\"scripts\": {\"test\": \"npm run -s unit\", \"unit\": "
                "\"jest\", \"lint\": \"eslint .\"}}\n");
  rc_test_write(f->root, "jest.config.js",
                "module.exports = {\n  projects: [\n    "
                "'<rootDir>/packages/*',\n    \"tools/jest.tools.js\",\n"
                "    { displayName: 'inline' },\n  ],\n};\n");
  rc_test_write(f->root, "packages/a/jest.config.ts", "export default {};\n");
  rc_test_write(f->root, "packages/b/package.json",
                "{\"jest\": {\"coverageThreshold\": {}}}\n");
  rc_test_write(f->root, "tools/jest.tools.js", "module.exports = {};\n");
  rc_test_write(f->root, "legacy/jest.config.js", "module.exports = {};\n");
  const struct rc_testcfg_pkg *p = pkg(build(f), "package.json");
  assert_non_null(loaded(p, "jest.config.js", "jest"));
  assert_non_null(loaded(p, "packages/a/jest.config.ts", "jest"));
  assert_non_null(loaded(p, "packages/b/package.json", "jest"));
  assert_non_null(loaded(p, "tools/jest.tools.js", "jest"));
  assert_null(loaded(p, "legacy/jest.config.js", "jest"));
  /* packages/b has no test script: not a package of its own */
  assert_null(pkg(&f->t, "packages/b/package.json"));
}

static void test_vitest_nyc_c8(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "ui/package.json",
                "{\"scripts\": {\"test\": \"vitest run\", \"coverage\": "
                "\"c8 --lines 80 mocha\"}}\n");
  rc_test_write(f->root, "ui/vite.config.ts", "export default {};\n");
  rc_test_write(f->root, "ui/vitest.config.ts", "export default {};\n");
  rc_test_write(f->root, "ui/.c8rc.json", "{}\n");
  rc_test_write(f->root, "ui/.nycrc", "{}\n");
  const struct rc_testcfg_pkg *p = pkg(build(f), "ui/package.json");
  assert_non_null(loaded(p, "ui/vitest.config.ts", "vitest"));
  assert_null(loaded(p, "ui/vite.config.ts", "vitest"));
  assert_non_null(loaded(p, "ui/.c8rc.json", "c8"));
  assert_null(loaded(p, "ui/.nycrc", "nyc"));
}

static void test_no_runner_no_package(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "package.json",
                "{\"scripts\": {\"start\": \"node "
                ".\"}, \"jest\": {}}\n");
  rc_test_write(f->root, "jest.config.js", "module.exports = {};\n");
  rc_test_write(f->root, "node_modules/x/package.json",
                "{\"scripts\": {\"test\": \"jest\"}}\n");
  const struct rc_testcfgs *t = build(f);
  assert_int_equal(t->n, 0);
}

/* What CI runs loads too: a jest config named by a workflow step (from
 * the folder the step runs in) and one behind a package script that is
 * not test-named (`npm run ci`); a config nothing runs stays unloaded. */
static void test_ci_steps(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "on: [push, pull_request]\n"
                "jobs:\n  test:\n    runs-on: ubuntu-latest\n"
                "    steps:\n      - run: npx jest -c jest.ci.config.js\n"
                "      - run: cd api && npm run ci\n"
                "      - run: cd svc && python -m pytest --cov=svc "
                "--cov-config=ci/coveragerc -q\n");
  rc_test_write(f->root, "svc/pyproject.toml", "[project]\nname = \"svc\"\n");
  rc_test_write(f->root, "svc/ci/coveragerc", "[report]\nfail_under = 90\n");
  rc_test_write(f->root, "package.json", "{\"name\": \"web\"}\n");
  rc_test_write(f->root, "jest.ci.config.js", "module.exports = {};\n");
  rc_test_write(f->root, "jest.unused.config.js", "module.exports = {};\n");
  rc_test_write(f->root, "api/package.json",
                "{\"scripts\": {\"ci\": \"vitest run --config "
                "vitest.ci.ts\"}}\n");
  rc_test_write(f->root, "api/vitest.ci.ts", "export default {};\n");
  index_root(f);
  struct rc_model *m = rc_model_new(f->idx);
  rc_testcfgs_build(&f->t, f->idx, &m->entries.pipeline);
  const struct rc_testcfg_pkg *web = pkg(&f->t, "package.json");
  assert_non_null(web);
  const struct rc_testcfg_file *j = loaded(web, "jest.ci.config.js", "jest");
  assert_non_null(j);
  assert_non_null(strstr(j->why, ".github/workflows/ci.yml:6 runs jest"));
  assert_null(loaded(web, "jest.unused.config.js", "jest"));
  assert_non_null(
      loaded(pkg(&f->t, "api/package.json"), "api/vitest.ci.ts", "vitest"));
  const struct rc_testcfg_file *py =
      loaded(pkg(&f->t, "svc/pyproject.toml"), "svc/ci/coveragerc", "pytest");
  assert_non_null(py);
  assert_non_null(strstr(py->why, "runs pytest --cov-config ci/coveragerc"));
  /* without the CI, nothing loads them */
  struct rc_testcfgs bare;
  rc_testcfgs_build(&bare, f->idx, NULL);
  for (size_t i = 0; i < bare.n; i++)
    if (strcmp(bare.pkgs[i].manifest, "svc/pyproject.toml") != 0)
      assert_int_equal(bare.pkgs[i].n_files, 0);
  assert_null(
      loaded(pkg(&bare, "svc/pyproject.toml"), "svc/ci/coveragerc", "pytest"));
  rc_testcfgs_release(&bare);
  rc_model_free(m);
}

static void test_python_folders(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "api/pyproject.toml", "[tool.coverage.report]\n");
  rc_test_write(f->root, "api/setup.py", "\n");
  rc_test_write(f->root, "api/.coveragerc", "[report]\n");
  rc_test_write(f->root, "tools/.coveragerc", "[report]\n");
  const struct rc_testcfgs *t = build(f);
  assert_int_equal(t->n, 1);
  const struct rc_testcfg_pkg *p = &t->pkgs[0];
  assert_string_equal(p->dir, "api");
  assert_non_null(loaded(p, "api/pyproject.toml", "pytest"));
  assert_non_null(loaded(p, "api/.coveragerc", "pytest"));
  assert_int_equal(p->n_files, 2);
}

/* Every prefix of a package.json and a jest config (a file cut short,
 * bytes a scanner could run past): read without a fault (ASan runs this). */
/* karma: the `global` level of the check a test script's karma run loads
 * (per-file floors are not the gate; thresholds that only warn gate
 * nothing); SimpleCov in the spec helper of a Gemfile naming it; JaCoCo's
 * ratio in a pom that binds its check goal (a pom whose only check goal is
 * checkstyle's loads nothing). */
static void test_karma_simplecov_jacoco(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "web/package.json",
                "{\"scripts\": {\"test\": \"karma start ci.karma.js\"}}\n");
  rc_test_write(f->root, "web/karma.conf.js", "module.exports = {};\n");
  rc_test_write(f->root, "web/ci.karma.js",
                "module.exports = (c) => c.set({\n"
                "  coverageReporter: {\n    check: {\n"
                "      global: { lines: 85, statements: 82 },\n"
                "      each: { lines: 0 },\n    },\n  },\n});\n");
  rc_test_write(f->root, "ui/package.json",
                "{\"scripts\": {\"test\": \"ng test --code-coverage\"}}\n");
  rc_test_write(
      f->root, "ui/angular.json",
      "{\"projects\": {\"ui\": {\"architect\": {\"test\": "
      "{\"options\": {\"karmaConfig\": \"src/karma.conf.js\"}}}}}}\n");
  rc_test_write(f->root, "ui/src/karma.conf.js",
                "module.exports = {\n  thresholds: {\n    emitWarning: true,\n"
                "    global: { lines: 90 },\n  },\n};\n");
  rc_test_write(f->root, "rb/Gemfile", "gem \"simplecov\", require: false\n");
  rc_test_write(f->root, "rb/spec/spec_helper.rb",
                "SimpleCov.start do\n  minimum_coverage line: 72\n"
                "  minimum_coverage_by_file 10\nend\n");
  rc_test_write(f->root, "jvm/pom.xml",
                "<plugin><artifactId>jacoco-maven-plugin</artifactId>\n"
                "<goal>check</goal>\n<minimum>0.65</minimum>\n</plugin>\n");
  rc_test_write(f->root, "lint/pom.xml",
                "<plugin><artifactId>jacoco-maven-plugin</artifactId>\n"
                "<goal>report</goal></plugin>\n<plugin><goal>check</goal>"
                "</plugin>\n");
  struct rc_testcfgs *t = (struct rc_testcfgs *)build(f);
  struct rc_testcfg_threshold *th;
  size_t n;
  char err[256];
  const struct rc_testcfg_file *k =
      loaded(pkg(t, "web/package.json"), "web/ci.karma.js", "karma");
  assert_non_null(k);
  assert_null(loaded(pkg(t, "web/package.json"), "web/karma.conf.js", "karma"));
  assert_int_equal(
      rc_testcfg_thresholds(t, f->idx, k, &th, &n, err, sizeof err), 0);
  assert_int_equal(n, 1); /* the global line, not each's 0 */
  assert_int_equal(th[0].line, 4);
  assert_true(th[0].value == 82);
  k = loaded(pkg(t, "ui/package.json"), "ui/src/karma.conf.js", "karma");
  assert_non_null(k);
  assert_non_null(strstr(k->why, "only warn"));
  assert_int_equal(
      rc_testcfg_thresholds(t, f->idx, k, &th, &n, err, sizeof err), 0);
  assert_int_equal(n, 0);
  k = loaded(pkg(t, "rb/Gemfile"), "rb/spec/spec_helper.rb", "simplecov");
  assert_non_null(k);
  assert_int_equal(
      rc_testcfg_thresholds(t, f->idx, k, &th, &n, err, sizeof err), 0);
  assert_int_equal(n, 1);
  assert_true(th[0].value == 72);
  k = loaded(pkg(t, "jvm/pom.xml"), "jvm/pom.xml", "jacoco");
  assert_non_null(k);
  assert_int_equal(
      rc_testcfg_thresholds(t, f->idx, k, &th, &n, err, sizeof err), 0);
  assert_int_equal(n, 1);
  assert_true(th[0].value > 64.9 && th[0].value < 65.1);
  assert_null(pkg(t, "lint/pom.xml"));
}

static void test_truncated_files(void **state)
{
  struct fixture *f = *state;
  const char *pj = "{\"scripts\": {\"test\": \"npm run u\", \"u\": \"jest "
                   "-c j.js\"}, \"jest\": {\"projects\": [\"a\"]}}";
  const char *cfg = "module.exports = {projects: ['<rootDir>/p/*', 'x']};";
  rc_test_mkdir(f->root, "p/q");
  size_t n = strlen(pj), m = strlen(cfg);
  for (size_t i = 0; i <= n || i <= m; i++) {
    char a[256], c[256];
    snprintf(a, sizeof a, "%.*s", (int)(i < n ? i : n), pj);
    snprintf(c, sizeof c, "%.*s", (int)(i < m ? i : m), cfg);
    rc_test_write(f->root, "package.json", a);
    rc_test_write(f->root, "j.js", c);
    if (f->idx) {
      rc_testcfgs_release(&f->t);
      rc_index_free(f->idx);
      f->idx = NULL;
    }
    const struct rc_testcfgs *t = build(f);
    assert_true(t->n <= 1);
  }
  /* the whole file: the script's config and its projects */
  const struct rc_testcfg_pkg *p = pkg(&f->t, "package.json");
  assert_non_null(loaded(p, "j.js", "jest"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_jest_config_flag_beats_default,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_package_json_jest_range, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_projects_and_run_targets, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_vitest_nyc_c8, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_runner_no_package, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_python_folders, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ci_steps, setup, teardown),
      cmocka_unit_test_setup_teardown(test_thresholds, setup, teardown),
      cmocka_unit_test_setup_teardown(test_karma_simplecov_jacoco, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_truncated_files, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
