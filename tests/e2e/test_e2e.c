/*
 * test_e2e.c - end to end: the built readycheck binary run on the bundled
 * examples and on trees written here, asserting exit codes, report content,
 * and the golden Markdown reports in examples/expected/.
 * READYCHECK_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing,
 * and then fails ("goldens updated"): an update run never passes.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "readycheck/buf.h"
#include "../http/harness.h"
#include "testutil.h"

static const char *binary(void)
{
  const char *b = getenv("RC_BINARY");
  assert_non_null(b);
  return b;
}

struct run {
  int status;
  char *out;
  char *err;
};

/* Runs readycheck with the arguments up to the first NULL (at most 14),
 * from the tests/ directory. */
static struct run rc(const char *first, ...)
{
  const char *argv[16] = {binary()};
  size_t n = 1;
  va_list ap;
  va_start(ap, first);
  for (const char *a = first; a && n < 15; a = va_arg(ap, const char *))
    argv[n++] = a;
  va_end(ap);
  argv[n] = NULL;
  struct run r;
  r.status = rc_test_run(argv, NULL, &r.out, &r.err);
  return r;
}

static void run_free(struct run *r)
{
  free(r->out);
  free(r->err);
}

/* The ruleset hash changes with every catalog edit; the goldens are about
 * the report's content and layout, so it is masked on both sides. */
static char *mask_hash(const char *text)
{
  char *out = strdup(text);
  const char *key = "Ruleset hash: `";
  char *p = strstr(out, key);
  if (p) {
    p += strlen(key);
    for (; *p && *p != '`'; p++)
      *p = 'x';
  }
  return out;
}

static void golden(const char *expected_path, const char *raw)
{
  char *actual = mask_hash(raw);
  char msg[600];
  enum rc_golden g = rc_test_golden(expected_path, actual, msg, sizeof(msg));
  if (g == RC_GOLDEN_DIFFERS)
    fprintf(stderr, "golden mismatch with %s; actual output:\n%s\n",
            expected_path, actual);
  free(actual);
  if (g != RC_GOLDEN_SAME)
    fail_msg("%s", msg);
}

/* Update mode writes the golden file and still fails. */
static void test_golden_update_never_passes(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  char path[512], msg[600];
  snprintf(path, sizeof(path), "%s/golden.md", dir);
  rc_test_write(dir, "golden.md", "old\n");
  assert_int_equal(rc_test_golden(path, "new\n", msg, sizeof(msg)),
                   RC_GOLDEN_DIFFERS);
  setenv("READYCHECK_UPDATE_GOLDEN", "1", 1);
  assert_int_equal(rc_test_golden(path, "new\n", msg, sizeof(msg)),
                   RC_GOLDEN_UPDATED);
  unsetenv("READYCHECK_UPDATE_GOLDEN");
  assert_non_null(strstr(msg, "goldens updated"));
  char *now = rc_test_slurp(path, NULL);
  assert_string_equal(now, "new\n");
  free(now);
  assert_int_equal(rc_test_golden(path, "new\n", msg, sizeof(msg)),
                   RC_GOLDEN_SAME);
  rc_test_rmtree(dir);
  free(dir);
}

static int setup_env(void **state)
{
  (void)state;
  setenv("SOURCE_DATE_EPOCH", "1795305600", 1); /* 2026-11-22 */
  setenv("NO_COLOR", "1", 1);
  unsetenv("DEPLOY_ENV");
  return 0;
}

static void test_blocked_example(void **state)
{
  (void)state;
  struct run r =
      rc("--no-color", "../examples/blocked-repo", NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 1);
  assert_non_null(strstr(r.out, "BLOCKED"));
  /* The three blockers modelled on the first seed report: the email
   * worker's missing Dockerfile (which compose builds), nginx, coverage. */
  assert_non_null(strstr(r.out, "compose.refs-exist"));
  assert_non_null(strstr(r.out, "nginx.config-present"));
  assert_non_null(strstr(r.out, "testing.coverage-threshold"));
  assert_non_null(strstr(r.out, "services/email-worker"));
  assert_non_null(strstr(r.out, "72.4"));
  run_free(&r);
}

static void test_blocked_markdown_golden(void **state)
{
  (void)state;
  struct run r =
      rc("--format", "markdown", "../examples/blocked-repo", NULL, NULL, NULL);
  assert_int_equal(r.status, 1);
  golden("../examples/expected/blocked-repo.md", r.out);
  run_free(&r);
}

static void test_ready_example(void **state)
{
  (void)state;
  struct run r =
      rc("--format", "markdown", "../examples/ready-repo", NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "READY"));
  assert_null(strstr(r.out, "BLOCKED"));
  golden("../examples/expected/ready-repo.md", r.out);
  run_free(&r);
}

static void test_json_report_parses(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  char path[512];
  snprintf(path, sizeof(path), "json=%s/report.json", dir);
  struct run r =
      rc("--report", path, "-q", "../examples/blocked-repo", NULL, NULL);
  assert_int_equal(r.status, 1);
  char *json = rc_test_slurp(path + 5, NULL);
  assert_non_null(json);
  cJSON *doc = cJSON_Parse(json);
  assert_non_null(doc);
  assert_string_equal(cJSON_GetObjectItem(doc, "verdict")->valuestring,
                      "BLOCKED");
  assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "checks")));
  cJSON_Delete(doc);
  const char *argv[] = {"/usr/bin/python3", "tools/validate_json.py",
                        "../docs/report.schema.json", path + 5, NULL};
  char *out = NULL, *err = NULL;
  int st = rc_test_run(argv, NULL, &out, &err);
  if (st != 0)
    fprintf(stderr, "%s%s", out, err);
  assert_int_equal(st, 0);
  free(out);
  free(err);
  free(json);
  rc_test_rmtree(dir);
  free(dir);
  run_free(&r);
}

static void write_file(const char *dir, const char *name, const char *text)
{
  rc_test_write(dir, name, text ? text : "");
}

/* One run writes every format; tests/tools/check_outputs.py reads each
 * with a real reader (JSON and SARIF schemas, xmllint and junitparser,
 * cmark-gfm, html.parser, xml.etree) and checks that they agree with each
 * other and with the exit status. GITHUB_ACTIONS=true adds annotations on
 * standard error. */
static void test_every_format_one_run(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  char a[8][600];
  static const char *const specs[] = {
      "json=%s/report.json",   "sarif=%s/report.sarif",
      "junit=%s/report.xml",   "codequality=%s/report.cq.json",
      "html=%s/report.html",   "badge=%s/badge.svg",
      "markdown=%s/report.md",
  };
  for (size_t i = 0; i < 7; i++)
    snprintf(a[i], sizeof(a[i]), specs[i], dir);
  setenv("GITHUB_ACTIONS", "true", 1);
  const char *argv[] = {binary(),
                        "--config",
                        "data/blocked-waivers.yml",
                        "--no-color",
                        "--report",
                        a[0],
                        "--report",
                        a[1],
                        "--report",
                        a[2],
                        "--report",
                        a[3],
                        "--report",
                        a[4],
                        "--report",
                        a[5],
                        "--report",
                        a[6],
                        "../examples/blocked-repo",
                        NULL};
  struct run r;
  r.status = rc_test_run(argv, NULL, &r.out, &r.err);
  unsetenv("GITHUB_ACTIONS");
  assert_int_equal(r.status, 1);
  write_file(dir, "stdout.txt", r.out);
  write_file(dir, "annotations.txt", r.err);
  assert_non_null(strstr(r.err, "::error file=services/landing/app/"
                                "page.js,line=1,title=dependencies."
                                "imports-declared"));
  char status[8];
  snprintf(status, sizeof(status), "%d", r.status);
  const char *check[] = {
      "/usr/bin/python3", "tools/check_outputs.py", "run", dir, status, NULL};
  char *out = NULL, *err = NULL;
  int st = rc_test_run(check, NULL, &out, &err);
  if (st != 0)
    fprintf(stderr, "%s%s", out, err);
  assert_int_equal(st, 0);
  /* The waivers show in the reports. */
  char *md = rc_test_slurp(a[6] + 9, NULL);
  assert_non_null(strstr(md, "## Waived (2)"));
  assert_non_null(strstr(md, "`docs.rollback` expired"));
  assert_non_null(strstr(md, "`docs.readme` stale"));
  free(md);
  free(out);
  free(err);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A baseline from the same repository: nothing new, so --fail-on new
 * passes although the run is BLOCKED; every format agrees. */
static void test_baseline_gate(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  char base[600], spec[8][600];
  snprintf(base, sizeof(base), "json=%s/base.json", dir);
  struct run r = rc("-q", "--report", base, "../examples/blocked-repo", NULL);
  assert_int_equal(r.status, 1);
  run_free(&r);
  static const char *const specs[] = {
      "json=%s/report.json",   "sarif=%s/report.sarif",
      "junit=%s/report.xml",   "codequality=%s/report.cq.json",
      "html=%s/report.html",   "badge=%s/badge.svg",
      "markdown=%s/report.md", "github=%s/annotations.txt",
  };
  for (size_t i = 0; i < 8; i++)
    snprintf(spec[i], sizeof(spec[i]), specs[i], dir);
  const char *argv[] = {binary(),
                        "--baseline",
                        base + 5,
                        "--fail-on",
                        "new",
                        "--no-color",
                        "--report",
                        spec[0],
                        "--report",
                        spec[1],
                        "--report",
                        spec[2],
                        "--report",
                        spec[3],
                        "--report",
                        spec[4],
                        "--report",
                        spec[5],
                        "--report",
                        spec[6],
                        "--report",
                        spec[7],
                        "../examples/blocked-repo",
                        NULL};
  r.status = rc_test_run(argv, NULL, &r.out, &r.err);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "gate on new findings: 0 new blocking, "
                                "passed"));
  write_file(dir, "stdout.txt", r.out);
  char *out = NULL, *err = NULL;
  const char *check[] = {
      "/usr/bin/python3", "tools/check_outputs.py", "run", dir, "0", NULL};
  int st = rc_test_run(check, NULL, &out, &err);
  if (st != 0)
    fprintf(stderr, "%s%s", out, err);
  assert_int_equal(st, 0);
  free(out);
  free(err);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* Misconfiguration fails closed with exit 2 and one clear line. */
static void test_fail_closed(void **state)
{
  (void)state;
  static const struct {
    const char *a, *b, *c, *d, *want;
  } cases[] = {
      {"--config", "x.yml", "--no-config", "../examples/ready-repo",
       "--config and --no-config contradict each other"},
      {"--config", "no-such.yml", "../examples/ready-repo", NULL,
       "cannot read 'no-such.yml'"},
      {"--report", "json=/tmp/x.json", "--report", "sarif=/tmp/x.json",
       "'/tmp/x.json' is named twice"},
      {"--only", "nothing.", "../examples/ready-repo", NULL,
       "--only: no rule, pack or category 'nothing.'"},
      {"--no-builtin", "../examples/ready-repo", NULL, NULL,
       "no rules selected"},
      /* A typo of a rule id is answered with the id meant. */
      {"--skip", "docker.healthchek", "../examples/ready-repo", NULL,
       "--skip: no rule 'docker.healthchek' (did you mean "
       "'docker.healthcheck'?)"},
      {"--only", "docker.healthchek", "../examples/ready-repo", NULL,
       "(did you mean 'docker.healthcheck'?)"},
      {"explain", "docker.healthchek", NULL, NULL,
       "no rule 'docker.healthchek' (did you mean 'docker.healthcheck'?)"},
      {"--fail-on", "new", "../examples/ready-repo", NULL,
       "--fail-on new needs --baseline"},
      {"--report", "json=-", "-f", "text", "both write to standard output"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct run r = rc(cases[i].a, cases[i].b, cases[i].c, cases[i].d, NULL);
    if (r.status != 2 || !strstr(r.err, cases[i].want))
      fail_msg("case %zu: status %d, stderr: %s", i, r.status, r.err);
    assert_string_equal(r.out, "");
    run_free(&r);
  }
}

static void test_bad_rule_file(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "bad.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.x\n"
                "    title: X\n"
                "    category: testing\n"
                "    severity: block\n"
                "    remediation: fix\n"
                "    probe:\n"
                "      file_exsts: { path: x }\n");
  char path[512];
  snprintf(path, sizeof(path), "%s/bad.yaml", dir);
  struct run r =
      rc("--rules", path, "../examples/ready-repo", NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  char expect[700];
  snprintf(expect, sizeof(expect),
           "%s:9:7: error: unknown probe 'file_exsts' (did you mean "
           "'file_exists'?)",
           path);
  assert_non_null(strstr(r.err, expect));
  assert_string_equal(r.out, ""); /* nothing was checked */
  run_free(&r);

  r = rc("validate", path, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, expect));
  run_free(&r);

  r = rc("validate", "../examples/custom-rules.yaml", NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

static void test_usage_errors(void **state)
{
  (void)state;
  struct run r = rc("--min-score", "101", ".", NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "--min-score"));
  run_free(&r);
  r = rc("--formt", "json", NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "did you mean '--format'"));
  run_free(&r);
  r = rc("--format", "yaml", "../examples/ready-repo", NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  run_free(&r);
  r = rc("--skip", "no.such-rule", "../examples/ready-repo", NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  run_free(&r);
  r = rc("./no/such/dir", NULL, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  run_free(&r);
  r = rc("--help", NULL, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "Exit status"));
  run_free(&r);
}

static void test_gate_options(void **state)
{
  (void)state;
  /* The ready example has no warnings-free guarantee; --min-score 100 and
   * --fail-on warn must turn any shortfall into exit 1, and a low bar must
   * keep it at 0. */
  struct run r =
      rc("-q", "--min-score", "50", "../examples/ready-repo", NULL, NULL);
  assert_int_equal(r.status, 0);
  run_free(&r);
  r = rc("-q", "--only", "testing", "--skip", "testing.tests-present",
         "../examples/blocked-repo", NULL);
  assert_int_equal(r.status, 1);
  assert_non_null(strstr(r.out, "testing.coverage-threshold"));
  assert_null(strstr(r.out, "docker."));
  run_free(&r);
  r = rc("-q", "--only", "ci", "--fail-on", "warn", "../examples/blocked-repo",
         NULL);
  assert_int_equal(r.status, 1); /* ci.runs-lint warns there */
  run_free(&r);
  r = rc("-q", "--only", "ci", "../examples/blocked-repo", NULL, NULL);
  assert_int_equal(r.status, 0);
  run_free(&r);
  /* informational findings never fail a gate, not even --fail-on warn */
  r = rc("-q", "--only", "docs", "--fail-on", "warn",
         "../examples/blocked-repo", NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "info"));
  run_free(&r);
}

/* The two paths of a team-rules test under dir: its rules file and the
 * repository readycheck checks. */
static void team_paths(const char *dir, char rules[512], char repo[512])
{
  snprintf(rules, 512, "%s/rules.yaml", dir);
  snprintf(repo, 512, "%s/repo", dir);
}

/* A block-severity rule that cannot be evaluated makes readiness unknown. */
static void test_incomplete_exit_3(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "rules.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.coverage\n"
                "    title: coverage\n"
                "    category: testing\n"
                "    severity: block\n"
                "    remediation: run the tests with coverage\n"
                "    probe:\n"
                "      coverage: { file: coverage/lcov.info, min: 80 }\n");
  rc_test_write(dir, "repo/README.md", "# x\n");
  char rules[512], repo[512];
  team_paths(dir, rules, repo);
  struct run r = rc("--no-builtin", "--rules", rules, repo, NULL, NULL);
  assert_int_equal(r.status, 3);
  assert_non_null(strstr(r.out, "INCOMPLETE"));
  assert_non_null(strstr(r.out, "ERROR"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* "N of M services": M counts each service once, as N does, however many
 * production views hold it - a base and its two add-ons are three views of
 * the base's three services, not nine services. */
static void test_services_counted_once_across_views(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "api/Dockerfile", "FROM node:20-alpine\n");
  rc_test_write(dir, "docker-compose.yml",
                "services:\n"
                "  app:\n    build: ./api\n    restart: always\n"
                "  worker:\n    build: ./api\n"
                "  cron:\n    build: ./api\n");
  rc_test_write(dir, "docker-compose.postgres.yml",
                "services:\n  postgres:\n    image: postgres:16\n"
                "    restart: always\n");
  rc_test_write(dir, "docker-compose.valkey.yml",
                "services:\n  valkey:\n    image: valkey/valkey:8\n"
                "    restart: always\n");
  struct run r = rc("--offline", "--no-config", "--only",
                    "compose.restart-policy", dir, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "docker-compose.yml + "
                                "docker-compose.valkey.yml"));
  assert_non_null(strstr(r.out, "2 of 5 services fail"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A gate that would check nothing never passes: an empty rule file is a
 * configuration error naming the file, no rules at all is a usage error,
 * and a run whose every check is skipped is INCOMPLETE. */
static void test_nothing_to_check_never_ready(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "empty.yaml", "version: 1\nrules: []\n");
  rc_test_write(dir, "net.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.health\n"
                "    title: health\n"
                "    category: reliability\n"
                "    severity: block\n"
                "    remediation: start it\n"
                "    probe: { http: { url: 'http://127.0.0.1:9/' } }\n");
  rc_test_write(dir, "repo/README.md", "# x\n");
  char empty[512], net[512], repo[512], want[600];
  snprintf(empty, sizeof(empty), "%s/empty.yaml", dir);
  snprintf(net, sizeof(net), "%s/net.yaml", dir);
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  struct run r = rc("--no-builtin", "--rules", empty, repo, NULL, NULL);
  assert_int_equal(r.status, 2);
  snprintf(want, sizeof(want), "%s:2:8: error: no rules in rule file", empty);
  assert_non_null(strstr(r.err, want));
  assert_string_equal(r.out, "");
  run_free(&r);
  r = rc("--no-builtin", repo, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "no rules selected"));
  run_free(&r);
  r = rc("--no-builtin", "--offline", "--rules", net, repo, NULL);
  assert_int_equal(r.status, 3);
  assert_non_null(strstr(r.out, "INCOMPLETE"));
  assert_non_null(strstr(r.out, "no check was evaluated"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* The category named `name` of a JSON report, or NULL. */
static const cJSON *json_category(const cJSON *doc, const char *name)
{
  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "categories")) {
    const cJSON *n = cJSON_GetObjectItem(c, "name");
    if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
      return c;
  }
  return NULL;
}

/* The status of check `id` in a JSON report, or NULL. */
static const char *json_status(const cJSON *doc, const char *id)
{
  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks")) {
    const cJSON *i = cJSON_GetObjectItem(c, "id");
    if (cJSON_IsString(i) && strcmp(i->valuestring, id) == 0)
      return cJSON_GetStringValue(cJSON_GetObjectItem(c, "status"));
  }
  return NULL;
}

/* An empty folder (a checkout that did not happen, a wrong path) has
 * nothing to check: never READY, exit 3 with the reason, no score; the
 * JSON report says so too. */
static void test_empty_repository_incomplete(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  char repo[512], json[600];
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  assert_int_equal(mkdir(repo, 0755), 0);
  struct run r = rc("--offline", "--no-config", repo, NULL, NULL);
  assert_int_equal(r.status, 3);
  assert_non_null(strstr(r.out, "INCOMPLETE"));
  assert_non_null(strstr(r.out, "nothing to check in "));
  assert_non_null(strstr(r.out, "no files (wrong folder?)"));
  assert_null(strstr(r.out, "READY"));
  assert_null(strstr(r.out, "score "));
  run_free(&r);
  snprintf(json, sizeof(json), "json=%s/report.json", dir);
  r = rc("--offline", "--no-config", "-q", "--report", json, repo, NULL);
  assert_int_equal(r.status, 3);
  char *text = rc_test_slurp(json + 5, NULL);
  cJSON *doc = cJSON_Parse(text);
  assert_non_null(doc);
  assert_string_equal(cJSON_GetObjectItem(doc, "verdict")->valuestring,
                      "INCOMPLETE");
  assert_true(cJSON_IsFalse(cJSON_GetObjectItem(doc, "ready")));
  const cJSON *score = cJSON_GetObjectItem(doc, "score");
  assert_true(cJSON_IsTrue(cJSON_GetObjectItem(score, "nothing_to_check")));
  assert_true(cJSON_IsFalse(cJSON_GetObjectItem(score, "has_score")));
  /* no search over no file passes */
  assert_string_equal(json_status(doc, "secrets.tokens"), "SKIP");
  assert_string_equal(json_status(doc, "config.env-files-committed"), "SKIP");
  cJSON_Delete(doc);
  free(text);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A search over no file is not applicable, a search over files that hold
 * nothing forbidden passes, and a category whose only applicable checks
 * are informational shows n/a (text and JSON), never "0/100"; an
 * informational check that held is not counted as passed. */
static void test_vacuous_checks_not_applicable(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  char json[600];
  rc_test_write(dir, "repo/notes.txt", "hello\n");
  snprintf(json, sizeof(json), "json=%s/report.json", dir);
  char repo[512];
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  struct run r =
      rc("--offline", "--no-config", "-v", "--report", json, repo, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "SKIP    config.debug-off"));
  assert_non_null(strstr(r.out, "not applicable: nothing to check: no file "
                                "matches '**/.env.production*'"));
  assert_non_null(strstr(r.out, "PASS    secrets.tokens"));
  assert_non_null(strstr(r.out, "found no API token in 1 file"));
  /* configuration: one informational pass, nothing scored */
  const char *row = strstr(r.out, "\n  configuration ");
  assert_non_null(row);
  const char *eol = strchr(row + 1, '\n');
  assert_non_null(eol);
  const char *na = strstr(row, "n/a      no applicable checks");
  assert_true(na && na < eol);
  char *text = rc_test_slurp(json + 5, NULL);
  cJSON *doc = cJSON_Parse(text);
  assert_non_null(doc);
  assert_string_equal(json_status(doc, "config.debug-off"), "SKIP");
  assert_string_equal(json_status(doc, "secrets.tokens"), "PASS");
  const cJSON *cfg = json_category(doc, "configuration");
  assert_non_null(cfg);
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(cfg, "score")));
  /* an informational check that held is no pass (issue 8) */
  const cJSON *counts = cJSON_GetObjectItem(cfg, "counts");
  assert_int_equal(cJSON_GetObjectItem(counts, "pass")->valueint, 0);
  assert_int_equal(cJSON_GetObjectItem(counts, "info_ok")->valueint, 1);
  cJSON_Delete(doc);
  free(text);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A value check with no value to compare is not applicable, under `not`
 * too ("not equal to X" over a missing key says nothing), and so is
 * `none_selected: pass`; a value compared is a real pass or failure. */
static void test_value_vacuous_not_applicable(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "rules.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.log-level\n"
                "    title: the log level is not debug\n"
                "    category: configuration\n"
                "    severity: warn\n"
                "    remediation: set it\n"
                "    probe:\n"
                "      not: { value: { file: app.json, key: log.level,\n"
                "                      equals: debug } }\n"
                "  - id: team.name\n"
                "    title: the name is set\n"
                "    category: configuration\n"
                "    severity: warn\n"
                "    remediation: set it\n"
                "    probe:\n"
                "      not: { value: { file: app.json, key: name,\n"
                "                      equals: debug } }\n"
                "  - id: team.cronjobs\n"
                "    title: cron jobs have a deadline\n"
                "    category: configuration\n"
                "    severity: warn\n"
                "    remediation: set it\n"
                "    probe:\n"
                "      value: { file: '*.json', key: spec.deadline,\n"
                "               where: kind=CronJob, none_selected: pass }\n");
  rc_test_write(dir, "repo/app.json", "{\"name\": \"shop\"}\n");
  char rules[512], repo[512];
  team_paths(dir, rules, repo);
  struct run r = rc("--offline", "--no-config", "--no-builtin", "-v", "--rules",
                    rules, repo, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "SKIP    team.log-level"));
  assert_non_null(strstr(r.out, "not applicable: nothing to check: "
                                "app.json: log.level is missing"));
  assert_non_null(strstr(r.out, "PASS    team.name"));
  assert_non_null(strstr(r.out, "SKIP    team.cronjobs"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* An unreadable directory does not end the run: it is noted once, the
 * rules that could find their answer in it are ERROR (never "does not
 * exist"), the others are judged, and a block rule affected means exit 3. */
/* Runs readycheck with args (those after the binary) as an unprivileged
 * user, with path (may be NULL) made unreadable for the run only. -1 when
 * path could not be made unreadable. */
static int run_unprivileged(const char *path, const char *const *args,
                            char **out, char **err)
{
  const char *const *pre = rc_test_unprivileged_prefix();
  const char *argv[32];
  size_t n = 0;
  while (pre[n])
    argv[n] = pre[n], n++;
  argv[n++] = binary();
  for (size_t i = 0; args[i] && n < 31; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  if (path && chmod(path, 0) != 0)
    return -1;
  int status = rc_test_run(argv, NULL, out, err);
  if (path)
    chmod(path, 0755);
  return status;
}

static void test_unreadable_directory(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "rules.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.dockerfile\n"
                "    title: a Dockerfile\n"
                "    category: infrastructure\n"
                "    severity: block\n"
                "    remediation: add one\n"
                "    probe: { file_exists: { path: '**/Dockerfile' } }\n"
                "  - id: team.readme\n"
                "    title: a README\n"
                "    category: documentation\n"
                "    severity: warn\n"
                "    remediation: add one\n"
                "    probe: { file_exists: { path: README.md } }\n");
  rc_test_write(dir, "repo/README.md", "# x\n");
  rc_test_write(dir, "repo/private/Dockerfile", "FROM x\n");
  char rules[512], repo[512], priv[600], link[600];
  team_paths(dir, rules, repo);
  snprintf(priv, sizeof(priv), "%s/private", repo);
  snprintf(link, sizeof(link), "%s/gone", repo);
  assert_int_equal(symlink("nowhere", link), 0);
  const char *json[] = {"--no-builtin", "--no-color", "--rules", rules,
                        "-f",           "json",       repo,      NULL};
  char *out = NULL, *err = NULL;
  int status = run_unprivileged(priv, json, &out, &err);
  assert_int_not_equal(status, -1);
  if (status != 3)
    fail_msg("exit %d, expected 3; stderr: %s", status, err);
  const char *warn = strstr(err, "cannot open directory");
  assert_non_null(warn);
  assert_non_null(strstr(warn, "private': Permission denied"));
  assert_null(strstr(warn + 1, "cannot open directory")); /* once */
  cJSON *doc = cJSON_Parse(out);
  assert_non_null(doc);
  assert_string_equal(cJSON_GetObjectItem(doc, "verdict")->valuestring,
                      "INCOMPLETE");
  const cJSON *c;
  int seen = 0;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks")) {
    const char *id = cJSON_GetObjectItem(c, "id")->valuestring;
    const char *st = cJSON_GetObjectItem(c, "status")->valuestring;
    const char *msg = cJSON_GetObjectItem(c, "message")->valuestring;
    if (strcmp(id, "team.dockerfile") == 0) {
      assert_string_equal(st, "ERROR");
      assert_non_null(strstr(msg, "cannot tell: directory 'private' could "
                                  "not be read (Permission denied)"));
      seen++;
    } else if (strcmp(id, "team.readme") == 0) {
      assert_string_equal(st, "PASS");
      seen++;
    }
  }
  assert_int_equal(seen, 2);
  /* Listed once each in JSON and in verbose text. */
  const cJSON *skipped = cJSON_GetObjectItem(doc, "skipped_paths");
  assert_int_equal(cJSON_GetArraySize(skipped), 2);
  assert_string_equal(
      cJSON_GetObjectItem(cJSON_GetArrayItem(skipped, 0), "path")->valuestring,
      "gone");
  assert_string_equal(
      cJSON_GetObjectItem(cJSON_GetArrayItem(skipped, 1), "path")->valuestring,
      "private");
  cJSON_Delete(doc);
  free(out);
  free(err);
  /* Verbose text now: "-f json" becomes "-v --no-color". */
  const char *text[] = {"--no-builtin", "--no-color", "--rules", rules,
                        "-v",           "--no-color", repo,      NULL};
  status = run_unprivileged(priv, text, &out, &err);
  assert_int_equal(status, 3);
  assert_non_null(
      strstr(out, "not looked at: gone (dangling symbolic link)\n"));
  assert_non_null(
      strstr(out, "not looked at: private (directory: Permission denied)\n"));
  free(out);
  free(err);
  rc_test_rmtree(dir);
  free(dir);
}

/* Root reads every directory whatever its mode: the unreadable-directory
 * tests run readycheck as `nobody` through setpriv, and skip (saying why)
 * only when running as root on a machine without it. CI has setpriv. */
static void skip_unless_permissions_apply(void)
{
  if (geteuid() == 0 && access("/usr/bin/setpriv", X_OK) != 0) {
    print_message("skipped: running as root and /usr/bin/setpriv is missing, "
                  "so permissions cannot be made to apply\n");
    skip();
  }
}

/* Runs readycheck with `--only rules -f json` on dir as an unprivileged
 * user, dir/web unreadable, and returns the parsed report of the
 * INCOMPLETE run (exit 3) it must give. */
static cJSON *run_with_web_unreadable(const char *dir, const char *rules)
{
  char web[600];
  snprintf(web, sizeof(web), "%s/web", dir);
  const char *args[] = {"--no-color", "--only", rules, "-f", "json", dir, NULL};
  char *out = NULL, *err = NULL;
  int status = run_unprivileged(web, args, &out, &err);
  assert_int_not_equal(status, -1);
  if (status != 3)
    fail_msg("exit %d, expected 3; stderr: %s", status, err);
  cJSON *doc = cJSON_Parse(out);
  assert_non_null(doc);
  free(out);
  free(err);
  return doc;
}

/* What the deployment model and the test-config model say is unsure when a
 * directory could not be read: a pass or "nothing applies" from them is
 * ERROR naming the directory and the OS reason (a Dockerfile or a service
 * could hide there), while a problem they did find stays a FAIL. */
static void test_unreadable_directory_model(void **state)
{
  (void)state;
  skip_unless_permissions_apply();
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "docker-compose.yml",
                "services:\n  api:\n    build: ./api\n");
  rc_test_write(dir, "api/Dockerfile",
                "FROM node:20-alpine\nCMD [\"node\", "
                "\"server.js\"]\n");
  rc_test_write(dir, "api/server.js", "require('http');\n");
  rc_test_write(dir, "api/package.json",
                "{\"scripts\": {\"test\": \"jest\"}}\n");
  rc_test_write(dir, "api/jest.config.js",
                "module.exports = {coverageThreshold: {global: {lines: "
                "90}}};\n");
  rc_test_write(dir, "web/Dockerfile", "FROM node:20\n");
  cJSON *doc = run_with_web_unreadable(
      dir,
      "compose.refs-exist,docker.non-root-user,testing.coverage-gate-value");
  const cJSON *c;
  int seen = 0;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks")) {
    const char *id = cJSON_GetObjectItem(c, "id")->valuestring;
    const char *st = cJSON_GetObjectItem(c, "status")->valuestring;
    const char *msg = cJSON_GetObjectItem(c, "message")->valuestring;
    if (strcmp(id, "docker.non-root-user") == 0) {
      assert_string_equal(st, "WARN"); /* found: the image runs as root */
      seen++;
      continue;
    }
    if (strcmp(id, "compose.refs-exist") != 0 &&
        strcmp(id, "testing.coverage-gate-value") != 0)
      continue;
    if (strcmp(st, "ERROR") != 0 ||
        !strstr(msg, "directory 'web' could not be read (Permission denied)"))
      fail_msg("%s: %s %s", id, st, msg);
    seen++;
  }
  assert_int_equal(seen, 3);
  cJSON_Delete(doc);
  rc_test_rmtree(dir);
  free(dir);
}

/* A committed key nothing deploys is a WARN only when the model saw every
 * file: with a directory unreadable (a Dockerfile there may copy the key),
 * secrets.private-keys keeps it as a key the deployment uses, and the run
 * is INCOMPLETE. */
static void test_unreadable_directory_private_key(void **state)
{
  (void)state;
  skip_unless_permissions_apply();
  char *dir = rc_test_mkdtemp();
  rc_test_write(
      dir, "certs/server.key",
      "-----BEGIN RSA PRIVATE KEY-----\n"
      "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
      "-----END RSA PRIVATE KEY-----\n");
  rc_test_write(dir, "web/Dockerfile", "FROM nginx:1.27\nCOPY ../certs /\n");
  cJSON *doc = run_with_web_unreadable(
      dir, "secrets.private-keys,secrets.private-keys-unused");
  const cJSON *c;
  int seen = 0;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks")) {
    const char *id = cJSON_GetObjectItem(c, "id")->valuestring;
    const char *st = cJSON_GetObjectItem(c, "status")->valuestring;
    const char *msg = cJSON_GetObjectItem(c, "message")->valuestring;
    assert_string_equal(st, "ERROR");
    if (strcmp(id, "secrets.private-keys") == 0) {
      assert_non_null(strstr(msg, "found a private key the deployment uses in "
                                  "'certs/server.key'"));
      seen++;
    } else if (strcmp(id, "secrets.private-keys-unused") == 0) {
      assert_non_null(
          strstr(msg, "found no committed private key an install may pick up"));
      seen++;
    }
  }
  assert_int_equal(seen, 2);
  cJSON_Delete(doc);
  rc_test_rmtree(dir);
  free(dir);
}

/* One rule per probe that reads the deployment model (probe.h's
 * reads_model and reads_model_for), each passing or finding nothing to judge
 * on a readable tree: with one directory unreadable, every one of them is
 * ERROR naming it, whichever probe it is. */
static const char *const model_probe_rules[] = {
    "backup: {check: dump-tool}",
    "compose: {require: healthcheck}",
    "coverage_gate: {min: 80}",
    "dockerfile: {require: non_root_user}",
    "entry_refs: {scope: automation}",
    "env_documented: {example: ['.env.example'], source: ['**/*.js']}",
    "health_route: {file: ['docker-compose.yml']}",
    "k8s: {require: resources}",
    "node_deps: {manifest: ['**/package.json'], check: imports}",
    "pipeline: {gate: tests, expect: present}",
    "file_regex: {path: 'nginx/*.conf', pattern: listen, deployed: true}",
    "nginx: {check: ssl-on, deployed: true}",
    NULL};

static void write_model_repo(const char *dir)
{
  rc_test_write(dir, "repo/docker-compose.yml",
                "services:\n  api:\n    build: ./api\n    healthcheck:\n"
                "      test: [\"CMD\", \"wget\", \"-qO-\", "
                "\"http://localhost:3000/healthz\"]\n    volumes:\n"
                "      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n");
  rc_test_write(dir, "repo/api/Dockerfile",
                "FROM node:20-alpine\nUSER node\nCOPY . .\n"
                "CMD [\"node\", \"server.js\"]\n");
  rc_test_write(dir, "repo/api/server.js",
                "const http = require('http');\nhttp.createServer((q, s) => "
                "{ if (q.url === '/healthz') s.end('ok'); })"
                ".listen(process.env.PORT);\n");
  rc_test_write(dir, "repo/api/package.json",
                "{\"name\": \"api\", \"main\": \"server.js\", \"scripts\": "
                "{\"start\": \"node server.js\", \"test\": \"jest\"}, "
                "\"devDependencies\": {\"jest\": \"29.0.0\"}}\n");
  rc_test_write(dir, "repo/api/jest.config.js",
                "module.exports = {coverageThreshold: {global: {lines: "
                "90}}};\n");
  rc_test_write(dir, "repo/.env.example", "PORT=3000\n");
  rc_test_write(dir, "repo/nginx/nginx.conf",
                "events {}\nhttp { server { listen 80; } }\n");
  rc_test_write(
      dir, "repo/.github/workflows/ci.yml",
      "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
      "    steps:\n      - run: cd api && npm test\n");
  rc_test_write(dir, "repo/web/Dockerfile", "FROM node:20\n");
  struct rc_buf b = {0};
  rc_buf_puts(&b, "version: 1\nrules:\n");
  for (size_t i = 0; model_probe_rules[i]; i++)
    rc_buf_printf(&b,
                  "  - {id: m.r%zu, title: t, category: infrastructure, "
                  "severity: warn, remediation: r, probe: {%s}}\n",
                  i, model_probe_rules[i]);
  rc_test_write(dir, "rules.yaml", b.data);
  rc_buf_release(&b);
}

/* Runs readycheck as an unprivileged user with only the rules file on
 * DIR/repo, in JSON, DIR/repo/web made unreadable first when asked (and
 * readable again after). False when the chmod failed. */
static bool run_with_web(const char *dir, const char *rules, bool unreadable,
                         char **out, char **err)
{
  char repo[512], web[600];
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  snprintf(web, sizeof(web), "%s/web", repo);
  const char *args[] = {"--no-builtin", "--no-color", "--rules", rules,
                        "-f",           "json",       repo,      NULL};
  return run_unprivileged(unreadable ? web : NULL, args, out, err) != -1;
}

/* Runs the rules of write_model_repo() with web/ readable or not and
 * checks each rule's status: never ERROR when readable, always ERROR
 * naming web when not. */
static void run_model_rules(const char *dir, bool unreadable)
{
  char rules[512];
  snprintf(rules, sizeof(rules), "%s/rules.yaml", dir);
  char *out = NULL, *err = NULL;
  assert_true(run_with_web(dir, rules, unreadable, &out, &err));
  cJSON *doc = cJSON_Parse(out);
  if (!doc)
    fail_msg("not JSON: %s; stderr: %s", out, err);
  const cJSON *c;
  size_t seen = 0;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks")) {
    const char *id = cJSON_GetObjectItem(c, "id")->valuestring;
    const char *st = cJSON_GetObjectItem(c, "status")->valuestring;
    const char *msg = cJSON_GetObjectItem(c, "message")->valuestring;
    size_t i = strtoul(id + strlen("m.r"), NULL, 10);
    bool error = strcmp(st, "ERROR") == 0;
    bool names_web = strstr(msg, "cannot tell: directory 'web' could not be "
                                 "read (Permission denied)") != NULL;
    if (unreadable ? !(error && names_web) : (error || strcmp(st, "WARN") == 0))
      fail_msg("%s (%s), web %s: %s %s", id, model_probe_rules[i],
               unreadable ? "unreadable" : "readable", st, msg);
    seen++;
  }
  size_t n_rules = 0;
  while (model_probe_rules[n_rules])
    n_rules++;
  assert_int_equal(seen, n_rules);
  cJSON_Delete(doc);
  free(out);
  free(err);
}

static void test_unreadable_directory_every_model_probe(void **state)
{
  (void)state;
  skip_unless_permissions_apply();
  char *dir = rc_test_mkdtemp();
  write_model_repo(dir);
  run_model_rules(dir, false);
  run_model_rules(dir, true);
  rc_test_rmtree(dir);
  free(dir);
}

/* The http probe with `health_paths: true` asks the paths the deployed
 * services' health checks name: with a directory unreadable, one of them
 * could be missing from the list, so the probe's pass over the paths it
 * did find is ERROR naming the directory - against a real server that
 * answers every one of those paths 200. */
static char *run_http_health_paths(const char *dir, const char *rules,
                                   bool unreadable)
{
  char *out = NULL, *err = NULL;
  if (!run_with_web(dir, rules, unreadable, &out, &err))
    return strdup("chmod failed");
  struct rc_buf why = {0};
  cJSON *doc = cJSON_Parse(out);
  const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "checks"), 0);
  const cJSON *st = cJSON_GetObjectItem(c, "status");
  const cJSON *msg = cJSON_GetObjectItem(c, "message");
  if (!cJSON_IsString(st) || !cJSON_IsString(msg))
    rc_buf_printf(&why, "no check in: %s; stderr: %s", out, err);
  else if (unreadable ? strcmp(st->valuestring, "ERROR") != 0 ||
                            !strstr(msg->valuestring,
                                    "cannot tell: directory 'web' could not "
                                    "be read (Permission denied)")
                      : strcmp(st->valuestring, "PASS") != 0)
    rc_buf_printf(&why, "web %s: %s %s", unreadable ? "unreadable" : "readable",
                  st->valuestring, msg->valuestring);
  cJSON_Delete(doc);
  free(out);
  free(err);
  return why.data;
}

static void test_unreadable_directory_http_health_paths(void **state)
{
  (void)state;
  skip_unless_permissions_apply();
  struct rc_th th = {0};
  char why[512];
  if (rc_th_start(&th, why, sizeof(why)) != 0)
    fail_msg("test servers did not start: %s", why);
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "repo/docker-compose.yml",
                "services:\n  api:\n    build: ./api\n    healthcheck:\n"
                "      test: [\"CMD\", \"wget\", \"-qO-\", "
                "\"http://localhost:3000/health\"]\n");
  rc_test_write(dir, "repo/api/Dockerfile",
                "FROM node:20-alpine\nCMD [\"node\", \"server.js\"]\n");
  rc_test_write(dir, "repo/api/server.js", "app.get('/health');\n");
  rc_test_write(dir, "repo/web/Dockerfile", "FROM node:20\n");
  char *url = rc_th_url(&th, RC_TH_HTTP, "");
  struct rc_buf b = {0};
  rc_buf_printf(&b,
                "version: 1\nrules:\n  - {id: m.http, title: t, category: "
                "infrastructure, severity: warn, remediation: r, probe: "
                "{http: {url: '%s', health_paths: true}}}\n",
                url);
  rc_test_write(dir, "rules.yaml", b.data);
  rc_buf_release(&b);
  char rules[600];
  snprintf(rules, sizeof(rules), "%s/rules.yaml", dir);
  char *problem = run_http_health_paths(dir, rules, false);
  if (!problem)
    problem = run_http_health_paths(dir, rules, true);
  free(url);
  rc_th_stop(&th); /* before any failure: the servers are stopped by PID */
  rc_test_rmtree(dir);
  free(dir);
  if (problem)
    fail_msg("%s", problem);
}

/* A named pipe as --rules or --config is refused at once, not read (which
 * would wait for a writer forever). */
static void test_fifo_refused(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "repo/README.md", "# x\n");
  char fifo[512], repo[512], want[600];
  snprintf(fifo, sizeof(fifo), "%s/pipe.yaml", dir);
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  static const char *const opts[] = {"--rules", "--config"};
  for (size_t i = 0; i < 2; i++) {
    const char *argv[] = {
        "/usr/bin/timeout", "20", binary(), opts[i], fifo, repo, NULL};
    char *out = NULL, *err = NULL;
    int status = rc_test_run(argv, NULL, &out, &err);
    if (status != 2)
      fail_msg("%s FIFO: exit %d (124: it blocked): %s", opts[i], status, err);
    snprintf(want, sizeof(want), "%s: error: not a regular file", fifo);
    assert_non_null(strstr(err, want));
    free(out);
    free(err);
  }
  rc_test_rmtree(dir);
  free(dir);
}

/* Out-of-range numbers and a wrong URL are reported at the value, and a
 * probe's errors in file order. */
static void test_errors_at_the_value(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "bad.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.coverage\n"
                "    title: coverage\n"
                "    category: testing\n"
                "    severity: block\n"
                "    remediation: test more\n"
                "    probe:\n"
                "      coverage: { file: lcov.info, min: 150 }\n"
                "  - id: team.health\n"
                "    title: health\n"
                "    category: reliability\n"
                "    severity: block\n"
                "    remediation: fix it\n"
                "    probe:\n"
                "      http:\n"
                "        url: ftp://example.com/\n"
                "        timeout_ms: -1\n"
                "        status: [200, 2x]\n");
  char path[512];
  snprintf(path, sizeof(path), "%s/bad.yaml", dir);
  struct run r = rc("validate", path, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  static const char *const want[] = {
      ":9:41: error: 'min' must be between 0 and 100 (not 150)",
      ":17:14: error: 'url' must start with http:// or https://",
      ":18:21: error: 'timeout_ms' must be between 0 and 600000 (not -1)",
      ":19:23: error: 'status' entry '2x' is not a code like 200 or 2xx",
  };
  const char *at = r.err;
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    char line[700];
    snprintf(line, sizeof(line), "%s%s", path, want[i]);
    const char *hit = strstr(at, line);
    if (!hit)
      fail_msg("'%s' not found (in this order) in:\n%s", line, r.err);
    at = hit + 1;
  }
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

static void test_unwritable_report_exit_3(void **state)
{
  (void)state;
  struct run r = rc("-q", "--report", "markdown=/nonexistent-dir/r.md",
                    "../examples/ready-repo", NULL, NULL);
  assert_int_equal(r.status, 3);
  assert_non_null(strstr(r.err, "cannot write '/nonexistent-dir/r.md'"));
  run_free(&r);
}

/* A committed secret is found, and its value reaches no output format. */
static void test_secret_never_reported(void **state)
{
  (void)state;
  const char *secret = "sk_live_51HxQpL2eZvKYlo2CabcdEFGH1234";
  char *dir = rc_test_mkdtemp();
  char env[256];
  snprintf(env, sizeof(env),
           "STRIPE_SECRET_KEY=%s\nDB_PASSWORD=hunter2hunter2\n", secret);
  rc_test_write(dir, "repo/.env.production", env);
  rc_test_write(dir, "rules.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.no-stripe-keys\n"
                "    title: no live Stripe keys\n"
                "    category: security\n"
                "    severity: block\n"
                "    remediation: rotate the key\n"
                "    probe:\n"
                "      file_regex:\n"
                "        path: '**'\n"
                "        pattern: 'sk_live_'\n"
                "        match: none\n");
  char rules[512], repo[512], md[600], js[600];
  team_paths(dir, rules, repo);
  snprintf(md, sizeof(md), "markdown=%s/r.md", dir);
  snprintf(js, sizeof(js), "json=%s/r.json", dir);
  const char *argv[] = {binary(),   "--rules", rules, "--report", md,
                        "--report", js,        "-v",  repo,       NULL};
  struct run r;
  r.status = rc_test_run(argv, NULL, &r.out, &r.err);
  assert_int_equal(r.status, 1);
  assert_non_null(strstr(r.out, "team.no-stripe-keys"));
  assert_non_null(strstr(r.out, ".env.production"));
  assert_null(strstr(r.out, secret));
  assert_null(strstr(r.out, "hunter2"));
  assert_null(strstr(r.err, secret));
  char *mdtext = rc_test_slurp(md + 9, NULL);
  char *jstext = rc_test_slurp(js + 5, NULL);
  assert_non_null(mdtext);
  assert_non_null(jstext);
  assert_null(strstr(mdtext, secret));
  assert_null(strstr(jstext, secret));
  assert_non_null(strstr(jstext, "team.no-stripe-keys"));
  free(mdtext);
  free(jstext);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* ---- secret masking on every output format ------------------------------ */

/* A line with a secret, and a piece of it that must never be printed. */
struct secret_line {
  const char *line, *secret;
};

static const struct secret_line secret_lines[] = {
    {"PASSWORD=Hunter2Secret01", "Hunter2Secret01"},
    {"DB_PASSWORD=\"s3cr3t value 02\"", "s3cr3t value 02"},
    {"export API_KEY=ab12cd34ef03", "ab12cd34ef03"},
    {"apiKey: 'apikeyvalue04x'", "apikeyvalue04x"},
    {"\"password\": \"pwjsonvalue05\",", "pwjsonvalue05"},
    {"client_secret = \"clientsecret06z\"", "clientsecret06z"},
    {"Authorization: Bearer bearertoken07abc", "bearertoken07abc"},
    {"ENV DB_PASSWORD dockerpw08xyz", "dockerpw08xyz"},
    {"Server=db;User Id=sa;Password=ConnStr09Pw;Encrypt=true", "ConnStr09Pw"},
    {"?user=x&token=querytok10abc&page=2", "querytok10abc"},
    {"--password cliflag11pw --user bob", "cliflag11pw"},
    {"machine api.example.com login me password netrc12pw", "netrc12pw"},
    {"<password>xmlpw13abc</password>", "xmlpw13abc"},
    {"$password = 'phppw14abc';", "phppw14abc"},
    {"auth: {user: bob, pass: flowmap15pw}", "flowmap15pw"},
    {"PASSWORD=${DB_PASSWORD:-defaultpw16}", "defaultpw16"},
    {"image: pg ${POSTGRES_PASSWORD:-composepw17} x", "composepw17"},
    {"conn = os.getenv(\"DB_PASSWORD\", \"getenvpw18\")", "getenvpw18"},
    {"const db = process.env.DB_PASSWORD || 'nodefallback19';",
     "nodefallback19"},
    {"hook = process.env.SLACK_HOOK ?? 'https://hooks.slack.com/T0/slack20t'",
     "slack20t"},
    {"DATABASE_URL=postgres://user:urlpw21abc@db:5432/app", "urlpw21abc"},
    {"REDIS_URL=redis://:redispw22abc@host:6379", "redispw22abc"},
    {"dsn https://abcdef0123456789ab23@sentry.io/1", "abcdef0123456789ab23"},
    {"aws AKIAZ24Q5RT7YUIOPLKJ end", "AKIAZ24Q5RT7YUIOPLKJ"},
    {"key ghp_abcdefghijklmnopqrstuvwxyz012325 end",
     "ghp_abcdefghijklmnopqrstuvwxyz012325"},
    {"slack xoxb-123456789012-slacktoken26", "slacktoken26"},
    {"stripe sk_live_stripelive27abcdef", "stripelive27abcdef"},
    {"maps AIzaSyA1234567890abcdefghijklmnopqrst28", "1234567890abcdefghij"},
    {"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyOSJ9.jwtsig29_x", "jwtsig29_x"},
    {"gitlab glpat-gitlabtoken30abcdefg", "gitlabtoken30abcdefg"},
    {"npm npm_npmtoken31abcdefghijklmnopqrstuvwxyz0", "npmtoken31abcdefgh"},
    {"value aB3dE5fG7hJ9kL1mN3pQrS5tU32 end", "aB3dE5fG7hJ9kL1mN3pQrS5tU32"},
    {"\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg33\\n"
     "-----END PRIVATE KEY-----\\n\",",
     "MIIEvQIBADANBg33"},
    {"openai sk-openaitoken34abcdefghij", "openaitoken34abcdefghij"},
    {"password := \"gopw35abc\"", "gopw35abc"},
};

/* Lines that look like secrets but are not: printed exactly as written. */
static const char *const lookalike_lines[] = {
    "PASSWORD=${DB_PASSWORD}",
    "PASSWORD=$DB_PASSWORD",
    "password: ${{ secrets.DB_PASSWORD }}",
    "Authorization: Bearer ${TOKEN}",
    "x ${HOST:-localhost} y",
    "DB_PASSWORD=${DB_PASSWORD:?must be set}",
    "PASSWORD=changeme",
    "PASSWORD=<your-password>",
    "API_KEY=your_api_key_here",
    "API_KEY=xxxx-xxxx",
    "token: null",
    "auth: true",
    "password: {{ .Values.password }}",
    "The quick brown fox jumps over the lazy dog",
    "the password is wrong",
    "JWT_SECRET is shorter than 32 characters",
    "-----BEGIN PUBLIC KEY-----",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9aB3dE5fG7hJ9kL1mN3pQ me",
    "pk_live_51H8aB3dE5fG7hJ9kL1mN3pQrS5tU7vW9",
    "src/components/UserProfile2.tsx",
    "Version2ConfigurationDocument",
    "author: John Smith",
    "authority: example.org",
    "git commit 3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a",
    "uuid 123e4567-e89b-12d3-a456-426614174000",
    "https://user@example.com/path",
    "token = os.getenv(\"API_TOKEN\")",
    "const port = process.env.PORT || '3000';",
    "const env = process.env.NODE_ENV || 'development';",
    "level = os.getenv(\"LOG_LEVEL\", \"info\")",
    "AKIA_NOT_A_KEY",
    "ghp_aaaaaaaaaaaaaaaaaaa",
    "aB3dE5fG7hJ9kL1mN3pQrS5",
    "xoxb-123456789",
    "sk_live_abcdefghi",
};

/* Each line in its own file, each file its own failing rule, so every line
 * is evidence in every report; the evidence is what the masker let through. */
static void write_mask_fixture(const char *dir)
{
  struct rc_buf rules;
  rc_buf_init(&rules);
  rc_buf_puts(&rules, "version: 1\nrules:\n");
  size_t ns = sizeof(secret_lines) / sizeof(secret_lines[0]);
  size_t nk = sizeof(lookalike_lines) / sizeof(lookalike_lines[0]);
  for (size_t i = 0; i < ns + nk; i++) {
    char path[64], full[128];
    snprintf(path, sizeof(path), "m/%c%02zu.txt", i < ns ? 's' : 'k', i);
    snprintf(full, sizeof(full), "repo/%s", path);
    struct rc_buf text;
    rc_buf_init(&text);
    rc_buf_printf(&text, "%s\n",
                  i < ns ? secret_lines[i].line : lookalike_lines[i - ns]);
    rc_test_write(dir, full, text.data);
    rc_buf_release(&text);
    rc_buf_printf(
        &rules,
        "  - id: mask.l%02zu\n"
        "    title: line %zu\n"
        "    category: security\n"
        "    severity: block\n"
        "    remediation: none\n"
        "    probe:\n"
        "      file_regex: { path: '%s', pattern: '.', match: none }\n",
        i, i, path);
  }
  rc_test_write(dir, "rules.yaml", rules.data);
  rc_buf_release(&rules);
}

/* The masking table of docs/rules.md's promise: on text, Markdown and JSON,
 * no secret value appears and every look-alike is shown unchanged. */
static void test_masking_every_format(void **state)
{
  (void)state;
  size_t ns = sizeof(secret_lines) / sizeof(secret_lines[0]);
  size_t nk = sizeof(lookalike_lines) / sizeof(lookalike_lines[0]);
  assert_true(ns >= 30 && nk >= 30);
  char *dir = rc_test_mkdtemp();
  write_mask_fixture(dir);
  char rules[512], repo[512];
  team_paths(dir, rules, repo);
  static const char *const formats[] = {"text", "markdown", "json"};
  for (size_t f = 0; f < 3; f++) {
    struct run r = rc("--no-builtin", "--no-color", "-v", "--rules", rules,
                      "-f", formats[f], repo, NULL);
    assert_int_equal(r.status, 1);
    /* What a reader sees: JSON through a real parser (its strings are
     * escaped in the raw text), the others as printed. */
    struct rc_buf seen;
    rc_buf_init(&seen);
    if (f == 2) {
      cJSON *doc = cJSON_Parse(r.out);
      assert_non_null(doc);
      size_t masked = 0;
      const cJSON *c;
      cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks")) {
        const cJSON *ev =
            cJSON_GetArrayItem(cJSON_GetObjectItem(c, "evidence"), 0);
        const char *text = cJSON_GetObjectItem(ev, "text")->valuestring;
        const char *path = cJSON_GetObjectItem(ev, "path")->valuestring;
        rc_buf_printf(&seen, "%s\n%s\n", text,
                      cJSON_GetObjectItem(c, "message")->valuestring);
        masked += path[2] == 's' && strstr(text, "****") != NULL;
      }
      assert_int_equal(masked, ns);
      cJSON_Delete(doc);
    } else {
      rc_buf_puts(&seen, r.out);
    }
    for (size_t i = 0; i < ns; i++)
      if (strstr(seen.data, secret_lines[i].secret) ||
          strstr(r.out, secret_lines[i].secret) ||
          strstr(r.err, secret_lines[i].secret))
        fail_msg("%s report shows secret '%s'", formats[f],
                 secret_lines[i].secret);
    for (size_t i = 0; i < nk; i++)
      if (!strstr(seen.data, lookalike_lines[i]))
        fail_msg("%s report does not show '%s' as written", formats[f],
                 lookalike_lines[i]);
    rc_buf_release(&seen);
    run_free(&r);
  }
  rc_test_rmtree(dir);
  free(dir);
}

static void test_list_and_explain(void **state)
{
  (void)state;
  struct run r = rc("list-rules", NULL, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "docker.non-root-user"));
  assert_non_null(strstr(r.out, "config.env-file-not-committed"));
  run_free(&r);
  r = rc("explain", "docker.non-root-user", NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "USER"));
  assert_non_null(strstr(r.out, "rules/docker.yaml"));
  run_free(&r);
  r = rc("explain", "docker.nope", NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  run_free(&r);
  r = rc("list-rules", "--pack", "dockr", NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "did you mean 'docker'"));
  run_free(&r);

  /* -f json: one object per rule, parsed by a real reader */
  r = rc("list-rules", "--pack", "docker", "-f", "json", NULL);
  assert_int_equal(r.status, 0);
  cJSON *doc = cJSON_Parse(r.out);
  assert_non_null(doc);
  assert_true(cJSON_IsArray(doc) && cJSON_GetArraySize(doc) > 5);
  const cJSON *it;
  bool found = false;
  cJSON_ArrayForEach(it, doc) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
    const cJSON *pack = cJSON_GetObjectItemCaseSensitive(it, "pack");
    assert_true(cJSON_IsString(id) && cJSON_IsString(pack));
    assert_string_equal(pack->valuestring, "docker");
    if (strcmp(id->valuestring, "docker.non-root-user") == 0)
      found =
          strcmp(cJSON_GetObjectItemCaseSensitive(it, "severity")->valuestring,
                 "warn") == 0;
  }
  assert_true(found);
  cJSON_Delete(doc);
  run_free(&r);
  /* a format list-rules cannot write is an error, not text */
  r = rc("list-rules", "-f", "sarif", NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "not supported"));
  run_free(&r);

  r = rc("explain", "docker.non-root-user", "-f", "json", NULL, NULL);
  assert_int_equal(r.status, 0);
  doc = cJSON_Parse(r.out);
  assert_non_null(doc);
  assert_string_equal(
      cJSON_GetObjectItemCaseSensitive(doc, "severity")->valuestring, "warn");
  assert_string_equal(
      cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(doc, "defined"), "file")
          ->valuestring,
      "rules/docker.yaml");
  assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "checks"));
  cJSON_Delete(doc);
  run_free(&r);
}

/* The loaded configuration of test_model_test_configurations(): path and
 * runner, or NULL. */
static const cJSON *model_load(const cJSON *pkg, const char *path,
                               const char *runner)
{
  const cJSON *l;
  cJSON_ArrayForEach(l, cJSON_GetObjectItem(pkg, "loads")) {
    if (strcmp(cJSON_GetObjectItem(l, "path")->valuestring, path) == 0 &&
        strcmp(cJSON_GetObjectItem(l, "runner")->valuestring, runner) == 0)
      return l;
  }
  return NULL;
}

/* `readycheck model` lists, per package, what its test command loads and
 * the coverage thresholds there; a config nothing loads is not listed. */
static void test_model_test_configurations(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "web/package.json",
                "{\"scripts\": {\"test\": \"jest --config jest.ci.js\"}}\n");
  rc_test_write(dir, "web/jest.ci.js",
                "module.exports = {\n  coverageThreshold: {\n"
                "    global: {lines: 85, statements: 60},\n  },\n};\n");
  rc_test_write(dir, "web/jest.config.js",
                "module.exports = {coverageThreshold: {global: {lines: "
                "10}}};\n");
  rc_test_write(dir, "api/pyproject.toml",
                "[tool.coverage.report]\nfail_under = 90\n");
  struct run r = rc("model", "-f", "json", dir, NULL, NULL);
  assert_int_equal(r.status, 0);
  cJSON *doc = cJSON_Parse(r.out);
  if (!doc)
    fail_msg("not JSON: %s", r.out);
  const cJSON *pkgs = cJSON_GetObjectItem(doc, "test_configurations");
  assert_true(cJSON_IsArray(pkgs));
  assert_int_equal(cJSON_GetArraySize(pkgs), 2);
  const cJSON *api = cJSON_GetArrayItem(pkgs, 0); /* sorted by folder */
  const cJSON *web = cJSON_GetArrayItem(pkgs, 1);
  assert_string_equal(cJSON_GetObjectItem(api, "manifest")->valuestring,
                      "api/pyproject.toml");
  assert_string_equal(cJSON_GetObjectItem(web, "dir")->valuestring, "web");
  const cJSON *py = model_load(api, "api/pyproject.toml", "pytest");
  assert_non_null(py);
  const cJSON *th = cJSON_GetObjectItem(py, "thresholds");
  assert_int_equal(cJSON_GetArraySize(th), 1);
  assert_int_equal(
      cJSON_GetObjectItem(cJSON_GetArrayItem(th, 0), "line")->valueint, 2);
  assert_true(
      cJSON_GetObjectItem(cJSON_GetArrayItem(th, 0), "percent")->valuedouble ==
      90);
  const cJSON *jest = model_load(web, "web/jest.ci.js", "jest");
  assert_non_null(jest);
  assert_non_null(
      strstr(cJSON_GetObjectItem(jest, "why")->valuestring, "jest.ci.js"));
  assert_true(cJSON_IsTrue(cJSON_GetObjectItem(jest, "whole_file")));
  th = cJSON_GetObjectItem(jest, "thresholds");
  assert_int_equal(cJSON_GetArraySize(th), 2);
  const cJSON *t0 = cJSON_GetArrayItem(th, 0), *t1 = cJSON_GetArrayItem(th, 1);
  assert_int_equal(cJSON_GetObjectItem(t0, "line")->valueint, 2);
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(t0, "percent")));
  assert_int_equal(cJSON_GetObjectItem(t1, "line")->valueint, 3);
  assert_true(cJSON_GetObjectItem(t1, "percent")->valuedouble == 60);
  /* jest.config.js is not what `jest --config jest.ci.js` loads */
  assert_null(model_load(web, "web/jest.config.js", "jest"));
  assert_non_null(model_load(web, "web/package.json", "script"));
  cJSON_Delete(doc);
  run_free(&r);
  r = rc("model", dir, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  const char *sec = strstr(r.out, "\ntest configurations\n");
  assert_non_null(sec);
  assert_non_null(strstr(sec, "  web/package.json (package web)\n"));
  assert_non_null(strstr(sec, "coverage threshold 60 at line 3\n"));
  assert_null(strstr(sec, "web/jest.config.js"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A chart of one template says "1 template rendered", not "1 templates". */
static void test_model_one_template_singular(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "chart/Chart.yaml", "apiVersion: v2\nname: web\n");
  rc_test_write(dir, "chart/values.yaml", "image: acme/web:1.0\n");
  rc_test_write(dir, "chart/templates/d.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                "  name: web\nspec:\n  template:\n    spec:\n"
                "      containers:\n        - name: web\n"
                "          image: {{ .Values.image }}\n");
  struct run r = rc("model", dir, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "  1 template rendered"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A folder named in bytes that are not UTF-8 (a Latin-1 name) reaches the
 * model's JSON as U+FFFD, as in the JSON report: the document stays valid
 * UTF-8. */
static void test_model_json_non_utf8_path(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "caf\xe9/Dockerfile", "FROM alpine:3.19\nCMD [\"sh\"]\n");
  struct run r = rc("model", "-f", "json", dir, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_null(strchr(r.out, '\xe9'));
  assert_non_null(strstr(r.out, "\"caf\xef\xbf\xbd/Dockerfile\""));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A service's command over several lines (a `bash -c` script) is shown on
 * its service's line: its lines are no entries of the listing. */
static void test_model_command_on_one_line(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "compose.yaml",
                "services:\n  cache:\n    image: redis:7\n"
                "    command: |\n      bash -c \"\n      setup.sh\n"
                "      # fix permissions\n      redis-server\"\n");
  struct run r = rc("model", dir, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  const char *line = strstr(r.out, "  runs: ");
  assert_non_null(line);
  const char *eol = strchr(line, '\n');
  assert_non_null(eol);
  assert_non_null(strstr(line, "runs: bash -c \" setup.sh # fix"));
  assert_true(strstr(line, "setup.sh") < eol);
  assert_null(strstr(r.out, "\n  # fix permissions"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* A chart CI installs four times is one line of `readycheck model`'s text,
 * naming its other places; the JSON keeps each entry point. */
static void test_model_entry_listed_once(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "chart/Chart.yaml", "apiVersion: v2\nname: web\n");
  rc_test_write(dir, "chart/values.yaml", "image: acme/web:1.0\n");
  rc_test_write(dir, "chart/templates/d.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                "  name: web\nspec:\n  template:\n    spec:\n"
                "      containers:\n        - name: web\n"
                "          image: {{ .Values.image }}\n");
  rc_test_write(dir, ".github/workflows/ci.yml",
                "jobs:\n  t:\n    steps:\n"
                "      - run: helm install a ./chart\n"
                "      - run: helm install b ./chart\n"
                "      - run: helm install c ./chart\n"
                "      - run: helm install d ./chart\n");
  struct run r = rc("model", dir, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  const char *sec = strstr(r.out, "\nkubernetes entry points\n");
  assert_non_null(sec);
  const char *first = strstr(sec, " chart ");
  assert_non_null(first);
  const char *eol = strchr(first, '\n');
  assert_non_null(eol);
  assert_null(strstr(eol, " chart     chart  ")); /* listed once */
  assert_non_null(strstr(first, "and 2 more"));
  run_free(&r);
  r = rc("model", "-f", "json", dir, NULL, NULL);
  assert_int_equal(r.status, 0);
  cJSON *doc = cJSON_Parse(r.out);
  assert_non_null(doc);
  const cJSON *k = cJSON_GetObjectItem(doc, "kubernetes");
  const cJSON *entries = cJSON_GetObjectItem(k, "entry_points");
  int charts = 0;
  const cJSON *e;
  cJSON_ArrayForEach(e, entries) {
    const cJSON *path = cJSON_GetObjectItem(e, "path");
    charts += cJSON_IsString(path) && strcmp(path->valuestring, "chart") == 0;
  }
  assert_int_equal(charts, 5); /* rendered, and installed four times */
  cJSON_Delete(doc);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* Each subcommand has its own help; a mistyped one gets a suggestion. */
static void test_command_help(void **state)
{
  (void)state;
  struct run r = rc("model", "--help", NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "Usage: readycheck model"));
  assert_null(strstr(r.out, "Usage: readycheck audit"));
  run_free(&r);
  r = rc("help", "audit", NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "Usage: readycheck audit"));
  run_free(&r);
  r = rc("--help", NULL, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "Exit status"));
  run_free(&r);
  r = rc("lst-rules", NULL, NULL, NULL, NULL, NULL);
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "did you mean 'list-rules'"));
  run_free(&r);
}

/* validate and test-rules -f json: one document a real reader parses,
 * errors with their file:line:column inside it. */
static void test_rule_commands_json(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "bad.yaml",
                "version: 1\nrules:\n  - id: team.x\n    title: t\n");
  char bad[4096];
  snprintf(bad, sizeof(bad), "%s/bad.yaml", dir);
  struct run r = rc("validate", "-f", "json", bad, NULL, NULL);
  assert_int_equal(r.status, 2);
  cJSON *doc = cJSON_Parse(r.out);
  assert_non_null(doc);
  const cJSON *f = cJSON_GetArrayItem(doc, 0);
  assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "valid")));
  const cJSON *e =
      cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(f, "errors"), 0);
  assert_non_null(e);
  assert_int_equal(
      (int)cJSON_GetObjectItemCaseSensitive(e, "line")->valuedouble, 3);
  assert_non_null(strstr(
      cJSON_GetObjectItemCaseSensitive(e, "message")->valuestring, "missing"));
  cJSON_Delete(doc);
  run_free(&r);

  r = rc("test-rules", "-f", "json", "--only", "docker.non-root-user", "rules",
         NULL);
  assert_int_equal(r.status, 0);
  doc = cJSON_Parse(r.out);
  assert_non_null(doc);
  assert_true(cJSON_GetObjectItemCaseSensitive(doc, "fixtures")->valuedouble >
              3);
  assert_int_equal(
      (int)cJSON_GetObjectItemCaseSensitive(doc, "mismatches")->valuedouble, 0);
  const cJSON *first =
      cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "results"), 0);
  assert_string_equal(
      cJSON_GetObjectItemCaseSensitive(first, "result")->valuestring, "ok");
  cJSON_Delete(doc);
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* --var feeds ${NAME} in rule parameters; an undefined one is an ERROR. */
static void test_vars(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "rules.yaml",
                "version: 1\n"
                "rules:\n"
                "  - id: team.service-dockerfile\n"
                "    title: service Dockerfile\n"
                "    category: infrastructure\n"
                "    severity: block\n"
                "    remediation: add it\n"
                "    probe:\n"
                "      file_exists: { path: '${SERVICE}/Dockerfile' }\n");
  rc_test_write(dir, "repo/api/Dockerfile", "FROM scratch\n");
  char rules[512], repo[512];
  team_paths(dir, rules, repo);
  const char *ok[] = {binary(), "--no-builtin", "--rules", rules,
                      "--var",  "SERVICE=api",  repo,      NULL};
  struct run r;
  r.status = rc_test_run(ok, NULL, &r.out, &r.err);
  assert_int_equal(r.status, 0);
  run_free(&r);
  const char *bad[] = {binary(), "--no-builtin", "--rules", rules,
                       "--var",  "SERVICE=web",  repo,      NULL};
  r.status = rc_test_run(bad, NULL, &r.out, &r.err);
  assert_int_equal(r.status, 1);
  run_free(&r);
  unsetenv("SERVICE");
  const char *undef[] = {binary(), "--no-builtin", "--rules",
                         rules,    repo,           NULL};
  r.status = rc_test_run(undef, NULL, &r.out, &r.err);
  assert_int_equal(r.status, 3);
  assert_non_null(strstr(r.out, "undefined variable 'SERVICE'"));
  run_free(&r);
  rc_test_rmtree(dir);
  free(dir);
}

/* In a git checkout the report names the commit; ignored files are out. */
static void test_git_checkout(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "README.md", "# x\n");
  rc_test_write(dir, ".gitignore", ".env.production\n");
  rc_test_write(dir, ".env.production", "DB_PASSWORD=local-only\n");
  const char *init[] = {"/usr/bin/git", "init", "-q", "-b", "main", NULL};
  const char *add[] = {"/usr/bin/git", "add", ".", NULL};
  const char *commit[] = {
      "/usr/bin/git", "-c",  "user.name=t", "-c", "user.email=t@example.com",
      "commit",       "-qm", "x",           NULL};
  const char *head[] = {"/usr/bin/git", "rev-parse", "HEAD", NULL};
  assert_int_equal(rc_test_run(init, dir, NULL, NULL), 0);
  assert_int_equal(rc_test_run(add, dir, NULL, NULL), 0);
  assert_int_equal(rc_test_run(commit, dir, NULL, NULL), 0);
  char *sha = NULL;
  assert_int_equal(rc_test_run(head, dir, &sha, NULL), 0);
  sha[12] = '\0';
  struct run r = rc("--format", "markdown", "--only",
                    "config.env-file-not-committed", dir, NULL);
  /* The local .env.production is git-ignored: not a committed secret - the
   * rule has nothing to check, and a run that checked nothing is not
   * READY (exit 3), never a finding. */
  assert_int_equal(r.status, 3);
  assert_null(strstr(r.out, "local-only"));
  assert_non_null(strstr(r.out, sha));
  run_free(&r);
  /* Once tracked (force-added), it is shown: informational, since
   * readycheck cannot tell a real value from a shipped default, so even
   * --fail-on warn does not gate on it. */
  const char *force[] = {"/usr/bin/git", "add", "-f", ".env.production", NULL};
  assert_int_equal(rc_test_run(force, dir, NULL, NULL), 0);
  r = rc("--only", "config.env-file-not-committed", "--fail-on", "warn", dir,
         NULL);
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "INFO"));
  assert_non_null(strstr(r.out, ".env.production"));
  assert_null(strstr(r.out, "local-only"));
  run_free(&r);
  free(sha);
  rc_test_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(test_every_format_one_run, setup_env),
      cmocka_unit_test_setup(test_baseline_gate, setup_env),
      cmocka_unit_test_setup(test_fail_closed, setup_env),
      cmocka_unit_test(test_blocked_example),
      cmocka_unit_test(test_golden_update_never_passes),
      cmocka_unit_test(test_blocked_markdown_golden),
      cmocka_unit_test(test_ready_example),
      cmocka_unit_test(test_json_report_parses),
      cmocka_unit_test(test_bad_rule_file),
      cmocka_unit_test(test_usage_errors),
      cmocka_unit_test(test_gate_options),
      cmocka_unit_test(test_incomplete_exit_3),
      cmocka_unit_test(test_services_counted_once_across_views),
      cmocka_unit_test(test_nothing_to_check_never_ready),
      cmocka_unit_test(test_empty_repository_incomplete),
      cmocka_unit_test(test_vacuous_checks_not_applicable),
      cmocka_unit_test(test_value_vacuous_not_applicable),
      cmocka_unit_test(test_unreadable_directory),
      cmocka_unit_test(test_unreadable_directory_model),
      cmocka_unit_test(test_unreadable_directory_private_key),
      cmocka_unit_test(test_unreadable_directory_every_model_probe),
      cmocka_unit_test(test_unreadable_directory_http_health_paths),
      cmocka_unit_test(test_model_test_configurations),
      cmocka_unit_test(test_model_entry_listed_once),
      cmocka_unit_test(test_model_json_non_utf8_path),
      cmocka_unit_test(test_model_command_on_one_line),
      cmocka_unit_test(test_model_one_template_singular),
      cmocka_unit_test(test_fifo_refused),
      cmocka_unit_test(test_errors_at_the_value),
      cmocka_unit_test(test_unwritable_report_exit_3),
      cmocka_unit_test(test_secret_never_reported),
      cmocka_unit_test(test_masking_every_format),
      cmocka_unit_test(test_list_and_explain),
      cmocka_unit_test(test_command_help),
      cmocka_unit_test(test_rule_commands_json),
      cmocka_unit_test(test_vars),
      cmocka_unit_test(test_git_checkout),
  };
  return cmocka_run_group_tests(tests, setup_env, NULL);
}
