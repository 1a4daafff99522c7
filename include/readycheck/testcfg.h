/*
 * testcfg.h - which coverage configuration each package's tests load.
 *
 * A coverage threshold only gates when the test command that runs loads
 * the file it is written in. This query of the file index lists, per
 * package, the configurations its test command reads:
 *
 * - Node: a package.json whose test scripts (`test`, `test:*`, `test-*`,
 *   `coverage*`, `*:coverage`, and the scripts they run with `npm run`,
 *   `yarn`, `pnpm`) start jest, vitest, nyc or c8. jest loads `--config X`
 *   (`-c X`), else jest.config.{js,ts,mjs,cjs,json} beside package.json,
 *   else package.json#jest (`react-scripts test` and `craco test` run
 *   jest); every loaded jest config's `projects` entries (a config file, or
 *   a folder with its own config) are loaded too. vitest loads `--config
 *   X`, else vitest.config.*, else vite.config.*. nyc loads .nycrc* or
 *   package.json#nyc, c8 .c8rc* or package.json#c8. The scripts
 *   themselves are loaded (flags such as `--coverageThreshold`, `c8
 *   --lines 80`).
 * - Python: a folder with pyproject.toml, setup.cfg, setup.py, tox.ini or
 *   pytest.ini is where pytest and coverage.py run: its pyproject.toml,
 *   setup.cfg, tox.ini, pytest.ini and .coveragerc are loaded (pytest
 *   addopts, `[tool.coverage.report] fail_under`, `[coverage:report]`);
 *   a CI step's `pytest --cov-config X` loads X for the package around the
 *   folder it runs in.
 *
 * - karma: a test script running `karma start [config]` (else
 *   karma.conf.* beside package.json) or `ng test` (angular.json's
 *   `karmaConfig`): the `global` level of its `check` / `thresholds`
 *   object; thresholds that only warn (`emitWarning: true`) gate nothing.
 * - Ruby: a Gemfile naming simplecov: .simplecov, spec/spec_helper.rb,
 *   spec/rails_helper.rb, test/test_helper.rb (`minimum_coverage 90`).
 * - JVM: a pom.xml binding jacoco-maven-plugin's `check` goal, a Gradle
 *   build whose check depends on jacocoTestCoverageVerification (or a CI
 *   step runs it): the build file (`minimum = 0.8` reads as 80).
 *
 * Nothing under node_modules counts. Go has no coverage configuration
 * file: its gate is a CI step, which rules judge in the CI files.
 */
#ifndef READYCHECK_TESTCFG_H
#define READYCHECK_TESTCFG_H

#include <stdbool.h>
#include <stddef.h>

struct rc_index;
struct rc_arena;
struct rc_pipeline;
struct rc_regex;
struct rc_regex_scratch;

/* One configuration a test command loads: a whole file, or a byte range of
 * it (package.json's "jest", "nyc" or "c8" object, or one script). */
struct rc_testcfg_file {
  const char *path;   /* repo-relative */
  size_t start, end;  /* byte range judged; end 0 = the whole file */
  unsigned line;      /* 1-based line where the range starts (1 for a file) */
  const char *runner; /* "jest", "vitest", "nyc", "c8", "pytest", "karma",
                         "simplecov", "jacoco", "script" */
  const char *why;    /* "scripts.test runs jest --config jest.ci.js" */
};

struct rc_testcfg_pkg {
  const char *dir;      /* "" at the root */
  const char *manifest; /* package.json, pyproject.toml, ... */
  struct rc_testcfg_file *files;
  size_t n_files, cap_files;
};

struct rc_testcfgs {
  struct rc_testcfg_pkg *pkgs;
  size_t n, cap;
  struct rc_arena *arena; /* every string above */
  /* for rc_testcfg_thresholds(), compiled on first use */
  struct rc_regex *configured, *value, *jacoco;
  struct rc_regex_scratch *rs;
};

/* One line of a loaded configuration that sets a coverage threshold: it
 * names one (coverageThreshold, thresholds:, --cov-fail-under, fail_under,
 * check-coverage, ...) or gives a line or statement value. A JS object
 * spreads one threshold over several lines, so each is one item. */
struct rc_testcfg_threshold {
  unsigned line; /* 1-based, in the file */
  bool valued;   /* a line or statement percentage is written on it */
  double value;  /* the lowest such percentage on the line, when valued */
};

/* Lists the packages of idx and what their tests load (sorted by package
 * folder; each file once per package), with what the CI's commands run
 * (ci may be NULL): a jest or vitest run a CI step makes, directly or
 * through make, a script or a package script, loads its `--config` (from
 * the folder the command runs in) or the package's own. Files that cannot
 * be read are left out (their gaps are the index's to report). Release
 * with rc_testcfgs_release. */
void rc_testcfgs_build(struct rc_testcfgs *out, struct rc_index *idx,
                       const struct rc_pipeline *ci);
void rc_testcfgs_release(struct rc_testcfgs *t);

/* The thresholds set in the range of f that t lists (*out in t's arena,
 * in line order). Returns 0; -1 with err set when f cannot be read
 * ("cannot read 'x': why"); -2 when a pattern hit its limit ("a pattern
 * hit its limit in 'x'"). */
int rc_testcfg_thresholds(struct rc_testcfgs *t, struct rc_index *idx,
                          const struct rc_testcfg_file *f,
                          struct rc_testcfg_threshold **out, size_t *n,
                          char *err, size_t errlen);

#endif
