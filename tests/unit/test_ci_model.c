/*
 * test_ci_model.c - CI read as pipelines: the gate vocabulary (commands,
 * names, actions), and steps as the model reads them from small trees -
 * make targets, package scripts, repository scripts, composite actions,
 * reusable workflows and matrix values followed to what they run;
 * continue-on-error re-raised by a later step; masked commands; GitLab
 * include/extends/allow_failure; Travis's default script; Jenkinsfiles;
 * the file and line of every command. Entry points: comments are not
 * commands, a recipe's `cd` ends with its line, a script's own location
 * resolves a COMPOSE_FILE.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/shellwords.h"
#include "readycheck/diag.h"
#include "readycheck/entry.h"
#include "readycheck/index.h"
#include "readycheck/matrix.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/pipeline.h"

enum {
  T = RC_GATE_TESTS,
  L = RC_GATE_LINT,
  S = RC_GATE_SCAN,
  B = RC_GATE_BUILD
};

/* ---- vocabulary ------------------------------------------------------------
 */

/* The gates of one shell command line, wrappers skipped. */
static unsigned gates_of(const char *line, bool *fixer)
{
  struct rc_arena *a = rc_arena_new();
  const char **w;
  size_t n = rc_shell_words(a, line, &w);
  size_t i = rc_gate_command(w, n);
  struct rc_gate_hit h = {0};
  if (i < n)
    rc_gate_of_command(w + i, n - i, &h);
  rc_arena_free(a);
  if (fixer)
    *fixer = h.fixer;
  return h.gates;
}

static void test_commands(void **state)
{
  (void)state;
  bool fixer = false;
  assert_int_equal(gates_of("npx jest --ci", NULL), T);
  assert_int_equal(gates_of("poetry run pytest -x tests/", NULL), T);
  assert_int_equal(
      gates_of("docker compose run --rm -e X=1 web python manage.py test",
               NULL),
      T);
  assert_int_equal(gates_of("docker run --rm -v $PWD:/app img pytest", NULL),
                   T);
  assert_int_equal(gates_of("bin/rails test:system", NULL), T);
  assert_int_equal(gates_of("bundle exec rspec", NULL), T);
  assert_int_equal(gates_of("php vendor/bin/phpunit", NULL), T);
  assert_int_equal(gates_of("python -m pytest", NULL), T);
  assert_int_equal(gates_of("go test ./...", NULL), T);
  /* a flake's checks: all of them, or one named for what it checks */
  assert_int_equal(gates_of("nix flake check", NULL), T);
  assert_int_equal(gates_of("vendor/bin/pint --test", NULL), L);
  assert_int_equal(gates_of("vendor/bin/pint", &fixer), 0);
  assert_true(fixer);
  assert_int_equal(
      gates_of("nix build -L .#checks.x86_64-linux.golangci-lint", NULL), L);
  assert_int_equal(gates_of("nix build .#checks.x86_64-linux.unit", NULL), T);
  assert_int_equal(gates_of("nix build .#headscale", NULL), B);
  assert_int_equal(gates_of("tox -e py312", NULL), T);
  assert_int_equal(gates_of("tox -e lint,typecheck", NULL), L);
  assert_int_equal(gates_of("nox -s tests-3.12", NULL), T);
  assert_int_equal(gates_of("tox", NULL), T);
  assert_int_equal(gates_of("./gradlew check", NULL), T);
  assert_int_equal(gates_of("./mvnw -B verify", NULL), T | B);
  assert_int_equal(gates_of("mvn -B package -DskipTests", NULL), B);
  assert_int_equal(gates_of("mvn install -DskipTests=true", NULL), B);
  assert_int_equal(gates_of("mvn install -Dmaven.test.skip=true", NULL), B);
  assert_int_equal(gates_of("mvn install -DskipTests=false", NULL), T | B);
  /* computed: the variants that do not skip run the tests */
  assert_int_equal(gates_of("mvn install -DskipTests=${{matrix.win}}", NULL),
                   T | B);
  assert_int_equal(gates_of("composer audit", NULL), S);
  assert_int_equal(gates_of("trivy image --exit-code 1 app", NULL), S);
  assert_int_equal(gates_of("docker buildx build --push .", NULL), B);
  assert_int_equal(gates_of("docker compose -f a.yml build", NULL), B);
  assert_int_equal(gates_of("git ls-files -z | xargs -0 -r -- shellcheck",
                            NULL) /* the first command: git */,
                   0);
  assert_int_equal(gates_of("xargs -0 -r -- shellcheck -x", NULL), L);
  assert_int_equal(gates_of("prettier --check .", NULL), L);
  assert_int_equal(gates_of("ruff format --check", NULL), L);
  assert_int_equal(gates_of("mix format --check-formatted", NULL), L);
  assert_int_equal(gates_of("pre-commit run --all-files", NULL), L);
  assert_int_equal(gates_of("cargo clippy -- -D warnings", NULL), L);
  /* Dart's analyser runs the lints of analysis_options.yaml */
  assert_int_equal(gates_of("flutter analyze", NULL), L);
  assert_int_equal(gates_of("dart analyze --fatal-infos", NULL), L);
  assert_int_equal(gates_of("dart format --set-exit-if-changed .", NULL), L);
  assert_int_equal(gates_of("flutter test --machine", NULL), T);
  assert_int_equal(gates_of("flutter build apk", NULL), B);

  /* fixers rewrite, they do not gate */
  assert_int_equal(gates_of("eslint --fix .", &fixer), 0);
  assert_true(fixer);
  assert_int_equal(gates_of("prettier --write .", &fixer), 0);
  assert_true(fixer);
  assert_int_equal(gates_of("ruff format", &fixer), 0);
  assert_true(fixer);
  assert_int_equal(gates_of("dart format .", &fixer), 0);
  assert_true(fixer);

  /* words inside names and messages are no gates */
  assert_int_equal(gates_of("docker rm -f formbricks-skip-test", NULL), 0);
  assert_int_equal(gates_of("echo run the tests with pytest", NULL), 0);
  assert_int_equal(gates_of("test -f package.json", NULL), 0);
  assert_int_equal(gates_of("pip install pytest", NULL), 0);
  assert_int_equal(gates_of("npm ci", NULL), 0);
}

static unsigned name_gates(const char *name, bool *fixer)
{
  struct rc_gate_hit h;
  rc_gate_of_name(name, &h);
  if (fixer)
    *fixer = h.fixer;
  return h.gates;
}

/* A workflow expression stays one word however it is spaced. */
static void test_expression_words(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  const char **w;
  size_t n = rc_shell_words(
      a, "docker buildx build . -t acme/app:${{ steps.v.outputs.tag }} --push",
      &w);
  assert_int_equal(n, 7);
  assert_string_equal(w[4], "-t");
  assert_string_equal(w[5], "acme/app:${{ steps.v.outputs.tag }}");
  assert_string_equal(w[6], "--push");
  /* an unclosed one is split as before */
  n = rc_shell_words(a, "echo ${{ x", &w);
  assert_int_equal(n, 3);
  /* a command substitution stays in its word, nested ones too */
  n = rc_shell_words(a, "docker build . --tag app:$(date +%s) -f Dockerfile",
                     &w);
  assert_int_equal(n, 7);
  assert_string_equal(w[3], "--tag");
  assert_string_equal(w[4], "app:$(date +%s)");
  n = rc_shell_words(a, "echo $(basename $(pwd)) done", &w);
  assert_int_equal(n, 3);
  assert_string_equal(w[1], "$(basename $(pwd))");
  n = rc_shell_words(a, "echo $(unclosed here", &w);
  assert_int_equal(n, 3);
  rc_arena_free(a);
}

static void test_names(void **state)
{
  (void)state;
  bool fixer = false;
  assert_int_equal(name_gates("test:unit", NULL), T);
  assert_int_equal(name_gates("run-tests-core.sh", NULL), T);
  assert_int_equal(name_gates("typecheck", NULL), L);
  assert_int_equal(name_gates("format:check", NULL), L);
  assert_int_equal(name_gates("ShellCheck", NULL), L);
  assert_int_equal(name_gates("build:prod", NULL), B);
  assert_int_equal(name_gates("Build ${{ matrix.name }}", NULL), B);
  assert_int_equal(name_gates("security-audit", NULL), S);
  assert_int_equal(name_gates("lint-fix:js", &fixer), 0);
  assert_true(fixer);
  assert_int_equal(name_gates("fmt", &fixer), 0);
  assert_true(fixer);
  assert_int_equal(name_gates("Upload test results", NULL), 0);
  assert_int_equal(name_gates("Set up Docker Buildx", NULL), 0);
  assert_int_equal(name_gates("coverage-report", NULL), 0);
  assert_int_equal(name_gates("check-package-json.mjs", NULL), 0);
}

static void test_actions(void **state)
{
  (void)state;
  struct rc_gate_hit h;
  rc_gate_of_action("aquasecurity/trivy-action@0.19.0", &h);
  assert_int_equal(h.gates, S);
  rc_gate_of_action("github/codeql-action/analyze@v3", &h);
  assert_int_equal(h.gates, S);
  rc_gate_of_action("github/codeql-action/upload-sarif@v3", &h);
  assert_int_equal(h.gates, 0);
  assert_true(h.known);
  rc_gate_of_action("codecov/codecov-action@v4", &h);
  assert_int_equal(h.gates, 0);
  assert_true(h.known);
  rc_gate_of_action("golangci/golangci-lint-action@v6", &h);
  assert_int_equal(h.gates, L);
  rc_gate_of_action("docker/build-push-action@v6", &h);
  assert_int_equal(h.gates, B);
  rc_gate_of_action(
      "acme/workflows/.github/workflows/reusable-docker-build.yaml@main", &h);
  assert_int_equal(h.gates, B);
  assert_false(h.known);
  rc_gate_of_action("actions/upload-artifact@v4", &h);
  assert_int_equal(h.gates, 0);
}

/* ---- pipelines from trees -------------------------------------------------
 */

struct fixture {
  char *root;
  struct rc_index *idx;
  struct rc_model *m;
};

static int setup(void **state)
{
  struct fixture *f = calloc(1, sizeof(*f));
  f->root = rc_test_mkdtemp();
  *state = f;
  return 0;
}

static void drop_model(struct fixture *f)
{
  rc_model_free(f->m);
  rc_index_free(f->idx);
  f->m = NULL;
  f->idx = NULL;
}

static int teardown(void **state)
{
  struct fixture *f = *state;
  drop_model(f);
  rc_test_rmtree(f->root);
  free(f->root);
  free(f);
  return 0;
}

static const struct rc_pipeline *build(struct fixture *f)
{
  drop_model(f);
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&f->idx, f->root, NULL, &d), 0);
  rc_diag_release(&d);
  f->m = rc_model_new(f->idx);
  return &f->m->entries.pipeline;
}

static const struct rc_ci_step *step_named(const struct rc_pipeline *p,
                                           const char *name)
{
  for (size_t i = 0; i < p->n_steps; i++)
    if (p->steps[i].name && strcmp(p->steps[i].name, name) == 0)
      return &p->steps[i];
  fail_msg("no step named '%s'", name);
  return NULL;
}

/* The command of st whose text starts with prefix. */
static const struct rc_ci_cmd *cmd_of(const struct rc_pipeline *p,
                                      const struct rc_ci_step *st,
                                      const char *prefix)
{
  for (size_t k = 0; k < st->n_cmds; k++)
    if (strncmp(p->cmds[st->cmd0 + k].text, prefix, strlen(prefix)) == 0)
      return &p->cmds[st->cmd0 + k];
  fail_msg("no command '%s...' in step at line %u", prefix, st->at.line);
  return NULL;
}

/* An include list whose first file has rules of its own: reading that
 * file tokenizes its lines, which must not end (or corrupt) the walk over
 * the rest of the list. The list was split with strtok(), whose one hidden
 * position the included file's rules moved into a buffer then freed:
 * mk/b.mk went unread, and the tokenizer wrote a NUL into freed memory. */
static void test_make_include_list(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "on: [push]\n"
                "jobs:\n"
                "  check:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - name: Checks\n"
                "        run: make check\n");
  rc_test_write(f->root, "Makefile",
                "include mk/a.mk mk/b.mk\n"
                "check: unit lint\n");
  rc_test_write(f->root, "mk/a.mk",
                "unit: gen tidy\n"
                "\tgo test ./...\n");
  rc_test_write(f->root, "mk/b.mk",
                "lint:\n"
                "\tgolangci-lint run\n");
  const struct rc_pipeline *p = build(f);
  const struct rc_ci_step *st = step_named(p, "Checks");
  assert_int_equal(st->gates, T | L);
  assert_non_null(cmd_of(p, st, "go test"));
  assert_non_null(cmd_of(p, st, "golangci-lint"));
}

static void test_make_and_scripts(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "on: [push, pull_request]\n"
                "jobs:\n"
                "  check:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - name: Checks\n"
                "        run: make check\n"
                "      - name: Web\n"
                "        run: |\n"
                "          cd web\n"
                "          npm ci\n"
                "          npm run ci\n"
                "      - name: Integration\n"
                "        run: ./scripts/integration.sh\n");
  rc_test_write(f->root, "Makefile",
                "GO ?= go\n"
                "check: lint unit\n"
                "unit:\n"
                "\t$(GO) test ./...\n"
                "lint:\n"
                "\t@golangci-lint run\n");
  rc_test_write(f->root, "web/package.json",
                "{\n"
                "  \"scripts\": {\n"
                "    \"ci\": \"npm run typecheck && npm test\",\n"
                "    \"typecheck\": \"tsc --noEmit\",\n"
                "    \"test\": \"vitest run\"\n"
                "  }\n"
                "}\n");
  rc_test_write(f->root, "scripts/integration.sh",
                "#!/bin/sh\n"
                "set -e\n"
                "dc=\"docker compose -f compose.test.yml\"\n"
                "cat <<EOF > .env\n"
                "pytest would not run here\n"
                "EOF\n"
                "$dc run --rm app pytest -m integration\n");
  const struct rc_pipeline *p = build(f);
  assert_int_equal(p->n_files, 1);
  assert_int_equal(p->n_errors, 0);

  const struct rc_ci_step *st = step_named(p, "Checks");
  assert_int_equal(st->gates, T | L);
  assert_int_equal(st->at.line, 7);
  const struct rc_ci_cmd *c = cmd_of(p, st, "go test");
  assert_string_equal(c->at.path, "Makefile");
  assert_int_equal(c->at.line, 4);
  assert_string_equal(c->via, "make check > make unit");
  c = cmd_of(p, st, "golangci-lint");
  assert_int_equal(c->at.line, 6);

  st = step_named(p, "Web");
  assert_int_equal(st->gates, T | L);
  c = cmd_of(p, st, "tsc");
  assert_string_equal(c->at.path, "web/package.json");
  assert_int_equal(c->at.line, 4);
  c = cmd_of(p, st, "npm run ci");
  assert_int_equal(c->at.line, 13); /* the `run: |` block's third line */

  st = step_named(p, "Integration");
  assert_int_equal(st->gates, T);
  c = cmd_of(p, st, "docker compose -f compose.test.yml run");
  assert_string_equal(c->at.path, "scripts/integration.sh");
  assert_int_equal(c->at.line, 7);
  for (size_t k = 0; k < st->n_cmds; k++) /* the heredoc is text */
    assert_null(strstr(p->cmds[st->cmd0 + k].text, "would not run"));
}

static void test_actions_workflows_matrix(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "on:\n  pull_request:\n"
                "jobs:\n"
                "  quality:\n"
                "    uses: ./.github/workflows/quality.yml\n"
                "  remote:\n"
                "    name: Run tests\n"
                "    uses: acme/workflows/.github/workflows/laravel.yml@v2\n"
                "  matrix:\n"
                "    strategy:\n"
                "      matrix:\n"
                "        task: ['npm test', 'npm run lint']\n"
                "    steps:\n"
                "      - name: Task\n"
                "        run: ${{ matrix.task }}\n"
                "      - uses: ./.github/actions/build\n");
  rc_test_write(f->root, ".github/workflows/quality.yml",
                "on: workflow_call\n"
                "jobs:\n"
                "  lint:\n"
                "    steps:\n"
                "      - name: Lint\n"
                "        run: ruff check .\n");
  rc_test_write(f->root, ".github/workflows/nightly.yml",
                "on:\n  schedule:\n    - cron: '0 0 * * *'\n"
                "jobs:\n"
                "  bench:\n"
                "    strategy:\n"
                "      matrix: ${{ fromJson(needs.gen.outputs.m) }}\n"
                "    steps:\n"
                "      - name: Test ${{ matrix.name }}\n"
                "        run: ${{ matrix.runs.test }}\n");
  rc_test_write(f->root, ".github/actions/build/action.yml",
                "runs:\n"
                "  using: composite\n"
                "  steps:\n"
                "    - run: docker build -t app .\n"
                "      shell: bash\n");
  const struct rc_pipeline *p = build(f);
  const struct rc_ci_step *st = step_named(p, "Lint");
  assert_int_equal(st->gates, L);
  assert_true(st->gating); /* called from a pull_request workflow */
  st = step_named(p, "Run tests");
  assert_int_equal(st->gates, T);
  assert_true(st->opaque);
  st = step_named(p, "Task");
  assert_int_equal(st->gates, T | L);
  st = step_named(p, "Test ${{ matrix.name }}");
  assert_true(st->opaque);
  assert_int_equal(st->gates, T);
  assert_false(st->gating); /* on a schedule only */
  bool built = false;
  for (size_t i = 0; i < p->n_steps; i++)
    if (p->steps[i].uses &&
        strcmp(p->steps[i].uses, "./.github/actions/build") == 0) {
      built = p->steps[i].gates == B;
      const struct rc_ci_cmd *c = cmd_of(p, &p->steps[i], "docker build");
      assert_string_equal(c->at.path, ".github/actions/build/action.yml");
      assert_int_equal(c->at.line, 4);
    }
  assert_true(built);
}

static void test_soft_and_masked(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "on: push\n"
                "jobs:\n"
                "  e2e:\n"
                "    steps:\n"
                "      - name: Run E2E tests\n"
                "        id: e2e\n"
                "        continue-on-error: true\n"
                "        run: npx playwright test\n"
                "      - name: Upload report\n"
                "        continue-on-error: true\n"
                "        uses: actions/upload-artifact@v4\n"
                "      - name: Fail if tests failed\n"
                "        if: steps.e2e.outcome == 'failure'\n"
                "        run: exit 1\n"
                "  unit:\n"
                "    steps:\n"
                "      - name: Unit\n"
                "        id: unit\n"
                "        continue-on-error: true\n"
                "        run: |\n"
                "          trap 'docker rm -f app-test || true' EXIT\n"
                "          pytest || true\n"
                "          npm audit || echo \"audit failed\"; exit 1\n");
  const struct rc_pipeline *p = build(f);
  const struct rc_ci_step *st = step_named(p, "Run E2E tests");
  assert_true(st->soft);
  assert_true(st->reraised);
  assert_int_equal(st->soft_at.line, 7);
  st = step_named(p, "Upload report");
  assert_true(st->soft);
  assert_int_equal(st->gates, 0);
  st = step_named(p, "Unit");
  assert_true(st->soft);
  assert_false(st->reraised);
  const struct rc_ci_cmd *c = cmd_of(p, st, "pytest");
  assert_true(c->masked);
  assert_int_equal(c->at.line, 22);
  c = cmd_of(p, st, "npm audit");
  assert_false(c->masked); /* the line still exits 1 */
  for (size_t k = 0; k < st->n_cmds; k++)
    assert_null(strstr(p->cmds[st->cmd0 + k].text, "docker rm"));
}

static void test_gitlab(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".gitlab-ci.yml",
                "include:\n"
                "  - local: ci/templates.yml\n"
                "  - project: other/group\n"
                "    file: x.yml\n"
                "stages: [test]\n"
                "unit:\n"
                "  extends: .python\n"
                "  script:\n"
                "    - pytest\n"
                "lint:\n"
                "  extends: .python\n"
                "  allow_failure: true\n"
                "  script: [\"ruff check .\"]\n"
                "  after_script:\n"
                "    - ./upload-coverage.sh || true\n");
  rc_test_write(f->root, "ci/templates.yml",
                ".python:\n"
                "  image: python:3.12\n"
                "  before_script:\n"
                "    - pip install -r requirements.txt\n"
                "build:\n"
                "  script:\n"
                "    - |\n"
                "      docker build -t app .\n"
                "      docker push app\n");
  const struct rc_pipeline *p = build(f);
  assert_int_equal(p->n_errors, 0);
  const struct rc_ci_step *st = step_named(p, "unit");
  assert_int_equal(st->gates, T);
  cmd_of(p, st, "pip install"); /* before_script of the extended job */
  st = step_named(p, "lint");
  assert_int_equal(st->gates, L);
  assert_true(st->soft);
  assert_int_equal(st->soft_at.line, 12);
  st = step_named(p, "lint (after_script)");
  assert_true(st->after);
  st = step_named(p, "build");
  assert_string_equal(st->at.path, "ci/templates.yml");
  const struct rc_ci_cmd *c = cmd_of(p, st, "docker build");
  assert_int_equal(c->at.line, 8);
  assert_int_equal(st->gates, B);
}

static void test_travis_jenkins_and_vendored(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".travis.yml",
                "language: java\n"
                "after_success:\n"
                "  - docker build -t app .\n");
  rc_test_write(f->root, "pom.xml", "<project/>\n");
  rc_test_write(f->root, "vendor/lib/.travis.yml",
                "language: php\nscript: phpunit\n");
  rc_test_write(f->root, "Jenkinsfile",
                "pipeline {\n"
                "  stages {\n"
                "    stage('Lint') {\n"
                "      steps {\n"
                "        sh 'curl -sL https://example.com/check.sh | bash'\n"
                "      }\n"
                "    }\n"
                "    stage('Unit') {\n"
                "      steps {\n"
                "        sh '''\n"
                "          go vet ./...\n"
                "          go test ./...\n"
                "        '''\n"
                "      }\n"
                "    }\n"
                "  }\n"
                "}\n");
  const struct rc_pipeline *p = build(f);
  assert_int_equal(p->n_files, 2); /* not the vendored .travis.yml */
  const struct rc_ci_step *st =
      step_named(p, "default script for language: java");
  assert_int_equal(st->gates, T | B);
  st = step_named(p, "Lint");
  assert_true(st->opaque); /* a downloaded script: its stage name tells */
  assert_int_equal(st->gates, L);
  st = step_named(p, "Unit");
  assert_int_equal(st->gates, T | L);
  assert_int_equal(cmd_of(p, st, "go test")->at.line, 12);
  bool after = false;
  for (size_t i = 0; i < p->n_steps; i++)
    if (p->steps[i].after && (p->steps[i].gates & B))
      after = true;
  assert_true(after); /* after_success builds, but fails nothing */
}

static void test_unreadable_workflow(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".github/workflows/ci.yml", "jobs: [\n");
  const struct rc_pipeline *p = build(f);
  assert_int_equal(p->n_errors, 1);
  assert_string_equal(p->errors[0].path, ".github/workflows/ci.yml");
  assert_int_equal(p->n_steps, 0);
}

/* ---- entry points: comments, cd scope, a script's own location -------- */

static void test_entry_fixes(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "Makefile",
                "release:\n"
                "\tcd backend && go build ./app\n"
                "docker:\n"
                "\tdocker build -t app .\n");
  rc_test_write(f->root, "deploy/build.sh",
                "#!/bin/sh\n"
                "# print the docker build command\n"
                "echo \"docker build -t x .\"\n");
  rc_test_write(f->root, "helper/restore.sh",
                "#!/bin/bash\n"
                "SCRIPT_DIR=$(cd \"$(dirname \"$0\")\" && pwd)\n"
                "COMPOSE_FILE=\"${SCRIPT_DIR}/../docker-compose.yml\"\n");
  rc_test_write(f->root, "docker-compose.yml", "services: {}\n");
  build(f);
  const struct rc_entries *e = &f->m->entries;
  assert_int_equal(e->n_builds, 1);
  assert_string_equal(e->builds[0].at.path, "Makefile");
  assert_string_equal(e->builds[0].context, ""); /* not backend/ */
  assert_int_equal(e->n_chains, 1);
  assert_string_equal(e->chains[0].files[0], "docker-compose.yml");
  assert_string_equal(e->chains[0].dir, "");
}

/* Buildkite: the static pipeline, a pipeline file it uploads, and the steps
 * a generator script prints, each at its own file:line; a generator's
 * fragment that is no YAML, and a here-document never closed, are no
 * error and no crash. */
static void test_buildkite(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, ".buildkite/pipeline.yml",
                "steps:\n"
                "  - label: \":pipeline: Upload\"\n"
                "    command: \"ci/gen.sh | buildkite-agent pipeline upload\"\n"
                "  - label: \":books: More\"\n"
                "    command: buildkite-agent pipeline upload ci/more.yml\n"
                "  - label: \":mag: Lint\"\n"
                "    command: ci/tool style\n"
                "    soft_fail: true\n");
  rc_test_write(f->root, ".buildkite/docker-compose.yml",
                "services:\n  app:\n    command: pytest\n");
  rc_test_write(f->root, "ci/tool", "#!/bin/sh\nexec ./bin/tool \"$@\"\n");
  rc_test_write(f->root, "ci/more.yml",
                "steps:\n"
                "  - label: Audit\n"
                "    command: npm audit --audit-level=high\n");
  rc_test_write(f->root, "ci/gen.sh",
                "#!/usr/bin/env bash\n"
                "cat <<EOF\n"
                "steps:\n"
                "  - label: \":go: Unit\"\n"
                "    command: \"go test ./...\"\n"
                "EOF\n"
                "if true; then\n"
                "cat <<-'YAML'\n"
                "    depends_on: [\"unit\"\n"
                "\tYAML\n"
                "fi\n"
                "cat <<EOF\n"
                "  - label: never closed\n"
                "    command: go vet ./...\n");
  const struct rc_pipeline *p = build(f);
  assert_int_equal(p->n_errors, 0);
  assert_int_equal(p->n_files, 1); /* docker-compose.yml is no pipeline */
  const struct rc_ci_step *unit = step_named(p, "Unit");
  assert_string_equal(unit->at.path, "ci/gen.sh");
  assert_int_equal(cmd_of(p, unit, "go test")->at.line, 5);
  assert_true(unit->gates & RC_GATE_TESTS);
  const struct rc_ci_step *audit = step_named(p, "Audit");
  assert_string_equal(audit->at.path, "ci/more.yml");
  assert_true(audit->gates & RC_GATE_SCAN);
  const struct rc_ci_step *lint = step_named(p, "Lint");
  assert_true(lint->soft);
  assert_true(lint->gates & RC_GATE_LINT); /* by its label */
  assert_false(step_named(p, "Upload")->gates);
  /* the unclosed here-document is read to the end of the script */
  assert_true(step_named(p, "never closed")->gates & RC_GATE_LINT);
}

/* `${{ matrix.file || './ci.Dockerfile' }}`: the row's value, else the
 * default written after `||`; other expressions stay as written. */
static void test_matrix_default(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  cJSON *with = cJSON_Parse("{\"file\":\"./win.Dockerfile\"}");
  cJSON *without = cJSON_Parse("{\"platform\":\"linux/amd64\"}");
  cJSON *empty = cJSON_Parse("{\"file\":\"\"}");
  const char *s = "${{ matrix.file || './ci.Dockerfile' }}";
  assert_string_equal(rc_matrix_subst(a, s, with), "./win.Dockerfile");
  assert_string_equal(rc_matrix_subst(a, s, without), "./ci.Dockerfile");
  assert_string_equal(rc_matrix_subst(a, s, empty), "./ci.Dockerfile");
  assert_null(rc_matrix_subst(a, "${{ matrix.file }}", without));
  const char *cmp = "${{ matrix.app == 'api' && '.slim' || '' }}";
  assert_string_equal(rc_matrix_subst(a, cmp, with), cmp);
  cJSON_Delete(with);
  cJSON_Delete(without);
  cJSON_Delete(empty);
  rc_arena_free(a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_matrix_default),
      cmocka_unit_test(test_commands),
      cmocka_unit_test(test_expression_words),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_actions),
      cmocka_unit_test_setup_teardown(test_make_and_scripts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_make_include_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_actions_workflows_matrix, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_soft_and_masked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_gitlab, setup, teardown),
      cmocka_unit_test_setup_teardown(test_travis_jenkins_and_vendored, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_unreadable_workflow, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_entry_fixes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_buildkite, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
