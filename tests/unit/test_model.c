/*
 * test_model.c - the deployment model: roles from paths, entry points read
 * from automation (compose chains, image builds, script variables), the
 * production views Compose would run, which Dockerfiles are production
 * images, and which folders are services. Each case is a small tree.
 */
#include "model_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readycheck/shellwords.h"
#include "readycheck/diag.h"
#include "readycheck/entry.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/role.h"

static const struct rc_compose_view *view_of(const struct rc_model *m,
                                             const char *first)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (strcmp(m->views[i].files[0]->path, first) == 0)
      return &m->views[i];
  return NULL;
}

/* The view whose last file is path. */
static const struct rc_compose_view *view_ending(const struct rc_model *m,
                                                 const char *last)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (strcmp(m->views[i].files[m->views[i].n_files - 1]->path, last) == 0)
      return &m->views[i];
  return NULL;
}

static size_t production_views(const struct rc_model *m)
{
  size_t n = 0;
  for (size_t i = 0; i < m->n_views; i++)
    n += m->views[i].role == RC_ROLE_PRODUCTION;
  return n;
}

static const struct rc_image *image_of(const struct rc_model *m,
                                       const char *dockerfile)
{
  for (size_t i = 0; i < m->n_images; i++)
    if (strcmp(m->images[i].dockerfile, dockerfile) == 0)
      return &m->images[i];
  return NULL;
}

static const struct rc_service *service_of(const struct rc_model *m,
                                           const char *name)
{
  for (size_t i = 0; i < m->n_services; i++)
    if (strcmp(m->services[i].name, name) == 0)
      return &m->services[i];
  return NULL;
}

/* ---- roles --------------------------------------------------------------- */

static void test_roles(void **state)
{
  (void)state;
  static const struct {
    const char *path;
    enum rc_role role;
    const char *why;
  } rows[] = {
      {"docker-compose.yml", RC_ROLE_PRODUCTION, ""},
      {"docker-compose.prod.yml", RC_ROLE_PRODUCTION, ""},
      {"deploy/compose.deploy.yml", RC_ROLE_PRODUCTION, ""},
      {"docker-compose.override.yml", RC_ROLE_DEVELOPMENT, "named 'override'"},
      {"docker-compose.dev.yml", RC_ROLE_DEVELOPMENT, "named 'dev'"},
      {".devcontainer/docker-compose.yml", RC_ROLE_DEVELOPMENT,
       "under '.devcontainer/'"},
      {"devcontainer-example/docker-compose.yml", RC_ROLE_DEVELOPMENT,
       "under 'devcontainer-example/'"},
      {"compose-e2e-test.yml", RC_ROLE_NONPROD, "named 'e2e'"},
      {"docker-compose.ci.yml", RC_ROLE_NONPROD, "named 'ci'"},
      {"tests/docker-compose.yml", RC_ROLE_NONPROD, "under 'tests/'"},
      {"examples/nginx/compose.yaml", RC_ROLE_NONPROD, "under 'examples/'"},
      {"docker/experiment/docker-compose.yml", RC_ROLE_NONPROD,
       "under 'experiment/'"},
      {".examples/nginx/matomo.conf", RC_ROLE_NONPROD, "under '.examples/'"},
      {"deploy/debian-install-guide/docker-compose.yml", RC_ROLE_NONPROD,
       "under 'debian-install-guide/'"},
      {".config/nginx.conf", RC_ROLE_PRODUCTION, ""},
      {"app_backup/docker-compose.yml", RC_ROLE_NONPROD, "under 'app_backup/'"},
      {"archive/v1/compose.yml", RC_ROLE_NONPROD, "under 'archive/'"},
      {"templates/compose.yml", RC_ROLE_NONPROD, "under 'templates/'"},
      {"extra/push-examples/package.json", RC_ROLE_NONPROD,
       "under 'push-examples/'"},
      {"api_tests/compose.yml", RC_ROLE_NONPROD, "under 'api_tests/'"},
      {"internal/suites/compose.yml", RC_ROLE_NONPROD, "under 'suites/'"},
      {"docker/devenv/docker-compose.main.yml", RC_ROLE_DEVELOPMENT,
       "under 'devenv/'"},
      {"unittests/scans/many.yaml", RC_ROLE_NONPROD, "under 'unittests/'"},
      {"docker/gitpod/files/nginx.conf", RC_ROLE_DEVELOPMENT,
       "under 'gitpod/'"},
      {"contest/compose.yml", RC_ROLE_PRODUCTION, ""},
      {"backup/docker-compose.yml", RC_ROLE_PRODUCTION, ""},
      {"tools/Dockerfile", RC_ROLE_PRODUCTION, ""},
      /* a production name wins over a development word */
      {"docker-compose.local-prod.yml", RC_ROLE_PRODUCTION, ""},
      /* ... unless a development word qualifies the whole name */
      {"docker-compose.self-deploy-dev.yml", RC_ROLE_DEVELOPMENT,
       "named 'dev'"},
      {"docker-compose.prod.override.yml", RC_ROLE_PRODUCTION, ""},
  };
  /* only a development environment's folder makes what CI builds there
   * a development image */
  assert_true(rc_role_in_dev_environment("docker/devenv/Dockerfile"));
  assert_true(rc_role_in_dev_environment(".devcontainer/Dockerfile"));
  assert_false(rc_role_in_dev_environment("dev/build/Dockerfile"));
  assert_false(rc_role_in_dev_environment("devenv.Dockerfile"));
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    char why[128];
    enum rc_role got = rc_role_of_path(rows[i].path, why, sizeof(why));
    if (got != rows[i].role || strcmp(why, rows[i].why) != 0)
      fail_msg("%s: %s (%s), want %s (%s)", rows[i].path, rc_role_name(got),
               why, rc_role_name(rows[i].role), rows[i].why);
  }
}

/* ---- entry points ------------------------------------------------------ */

static void test_words(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  const char **w;
  size_t n = rc_shell_words(
      a, "cd x && docker compose -f 'a b.yml' -f \"c.yml\" up -d|tee l", &w);
  const char *want[] = {"cd", "x",       "&&",  "docker", "compose",
                        "-f", "a b.yml", "-f",  "c.yml",  "up",
                        "-d", "|",       "tee", "l"};
  assert_int_equal(n, sizeof(want) / sizeof(want[0]));
  for (size_t i = 0; i < n; i++)
    assert_string_equal(w[i], want[i]);
  rc_arena_free(a);
}

/* Redirections are operators: `2>&1` does not become a build context
 * ("2>") and a background `&`. */
static void test_redirections(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  const char **w;
  size_t n = rc_shell_words(
      a,
      "podman build -t m:test . 2>&1 | tee log >&2; cat <in >>out 2>/dev/null",
      &w);
  const char *want[] = {"podman", "build", "-t",  "m:test", ".",  "2>&1",
                        "|",      "tee",   "log", ">&2",    ";",  "cat",
                        "<",      "in",    ">>",  "out",    "2>", "/dev/null"};
  assert_int_equal(n, sizeof(want) / sizeof(want[0]));
  for (size_t i = 0; i < n; i++)
    assert_string_equal(w[i], want[i]);
  n = rc_shell_words(
      a, "docker build -t x . --build-arg D=\"$(date +\"%F %T\")\"", &w);
  assert_int_equal(n, 7);
  assert_string_equal(w[4], ".");
  assert_string_equal(w[5], "--build-arg");
  assert_string_equal(w[6], "D=$(date +\"%F %T\")");
  bool target;
  assert_true(rc_shell_redirect("2>&1", &target));
  assert_false(target);
  assert_true(rc_shell_redirect("2>", &target));
  assert_true(target);
  assert_true(rc_shell_is_op("2>"));
  assert_false(rc_shell_redirect("2", &target));
  assert_false(rc_shell_is_op("m:test"));
  rc_arena_free(a);
}

static void test_substitutions(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  const char **w;
  size_t n = rc_shell_substitutions(
      a,
      "test -z \"$(gofmt -l $(go list -f x .))\" && diff <(echo -n) "
      "<(goimports -d .); v=`git describe`; echo '$(not run)' $((1+2))",
      &w);
  const char *want[] = {"gofmt -l $(go list -f x .)", "echo -n",
                        "goimports -d .", "git describe"};
  assert_int_equal(n, sizeof(want) / sizeof(want[0]));
  for (size_t i = 0; i < n; i++)
    assert_string_equal(w[i], want[i]);
  assert_int_equal(rc_shell_substitutions(a, "echo $(unclosed", &w), 0);
  rc_arena_free(a);
}

static void test_chains_and_builds(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(
      f->root, "Makefile",
      "deploy:\n"
      "\tdocker compose -f compose.yml -f compose.deploy.yml up -d\n"
      "clean:\n"
      "\tdocker compose rm -f -s worker\n"
      "stack:\n"
      "\tdocker stack deploy -c compose.yml -c compose.swarm.yml app\n"
      "image:\n"
      "\tdocker buildx build --push -t reg/api:1 --target prod \\\n"
      "\t  -f api/Dockerfile.release ./api\n");
  rc_test_write(f->root, "scripts/build.sh",
                "#!/bin/sh\n"
                "SCRIPT_DIR=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\n"
                "ROOT=\"$(readlink -f \"$SCRIPT_DIR/..\")\"\n"
                "docker build -f \"$SCRIPT_DIR/Dockerfile\" \"$ROOT\"\n"
                "docker build -f \"$UNKNOWN/Dockerfile\" .\n");
  rc_test_write(f->root, ".env.example",
                "COMPOSE_FILE=compose.yml:compose.gpu.yml\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_entries *e = &m->entries;
  assert_int_equal(e->n_chains, 3);
  assert_int_equal(e->chains[0].n_files, 2); /* .env.example comes first */
  assert_string_equal(e->chains[0].files[1], "compose.gpu.yml");
  const struct rc_chain *c = &e->chains[1];
  assert_int_equal(c->n_files, 2);
  assert_string_equal(c->files[1], "compose.deploy.yml");
  assert_string_equal(c->at.path, "Makefile");
  assert_int_equal(c->at.line, 2);
  c = &e->chains[2];
  assert_int_equal(c->n_files, 2);
  assert_string_equal(c->files[1], "compose.swarm.yml");

  assert_int_equal(e->n_builds, 3);
  const struct rc_build *b = &e->builds[0];
  assert_string_equal(b->dockerfile, "api/Dockerfile.release");
  assert_string_equal(b->context, "api");
  assert_string_equal(b->target, "prod");
  assert_int_equal(b->at.line, 8);
  b = &e->builds[1];
  assert_false(b->unresolved);
  assert_string_equal(b->dockerfile, "scripts/Dockerfile");
  assert_string_equal(b->context, "");
  assert_true(e->builds[2].unresolved);
}

/* `go run` of goreleaser's module path (any major version, pinned or
 * not) is a goreleaser release; another module's `release` is not. */
static void test_go_run_goreleaser(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, ".goreleaser.yaml",
                "dockers:\n"
                "  - dockerfile: Dockerfile.release\n"
                "    image_templates: [\"ghcr.io/acme/app:{{ .Tag }}\"]\n");
  rc_test_write(f->root, "Makefile",
                "release:\n"
                "\tgo run -mod=mod github.com/goreleaser/goreleaser/v2@v2.1 "
                "release --clean\n"
                "other:\n"
                "\tgo run github.com/goreleaser/goreleaserx release\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_entries *e = &m->entries;
  assert_int_equal(e->n_builds, 1);
  assert_string_equal(e->builds[0].dockerfile, "Dockerfile.release");
  assert_int_equal(e->builds[0].at.line, 2);
}

/* pushd/popd, a `( cd ... )` subshell and a CI step's working-directory
 * move where relative names start, and only for as long as they hold; a
 * `$(...)` or a `case` pattern's `x)` closes no subshell. */
static void test_builds_follow_directory_changes(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "manage.sh",
                "#!/bin/sh\n"
                "pushd ./docker/images\n"
                "docker build -f Dockerfile.api .\n"
                "popd\n"
                "(cd web && docker build -f Dockerfile.web .)\n"
                "case \"$1\" in\n"
                "  api) docker build -t a:$(git rev-parse HEAD) .\n"
                "esac\n");
  rc_test_write(f->root, ".github/workflows/release.yml",
                "on: push\n"
                "jobs:\n"
                "  build:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - working-directory: worker\n"
                "        run: docker build -f Dockerfile.worker .\n"
                "      - run: docker build -f Dockerfile.root .\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_entries *e = &m->entries;
  assert_int_equal(e->n_builds, 5);
  assert_string_equal(e->builds[0].dockerfile, "worker/Dockerfile.worker");
  assert_string_equal(e->builds[1].dockerfile, "Dockerfile.root");
  assert_string_equal(e->builds[2].dockerfile, "docker/images/Dockerfile.api");
  assert_string_equal(e->builds[3].dockerfile, "web/Dockerfile.web");
  assert_string_equal(e->builds[4].dockerfile, "Dockerfile");
  assert_string_equal(e->builds[4].context, "");

  /* `cd ../sytest` leaves the repository: what is built there is a
   * sibling checkout's */
  rc_test_write(f->root, "run-sytest.sh",
                "#!/bin/sh\n"
                "cd ../sytest\n"
                "docker build -f docker/base.Dockerfile .\n");
  m = rc_test_model_build(f);
  assert_int_equal(m->entries.n_builds, 5);
}

/* build-push-action in a job with a matrix builds one image per row:
 * the product of the matrix's lists with its include entries merged in
 * (GitHub's rules); a row that lacks a value the step names builds
 * nothing. */
static void test_matrix_builds(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, ".github/workflows/images.yml",
                "on: push\n"
                "jobs:\n"
                "  infra:\n"
                "    strategy:\n"
                "      matrix:\n"
                "        pkg: [relay, upgrades]\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: docker/build-push-action@v6\n"
                "        with:\n"
                "          file: ./Dockerfile.${{ matrix.pkg }}\n"
                "          push: true\n"
                "  app:\n"
                "    strategy:\n"
                "      matrix:\n"
                "        platform: [linux/amd64, linux/arm64]\n"
                "        image: [web, workers, tests]\n"
                "        exclude:\n"
                "          - image: tests\n"
                "        include:\n"
                "          - platform: linux/amd64\n"
                "            os: ubuntu-latest\n"
                "          - image: web\n"
                "            target: web\n"
                "          - image: workers\n"
                "            target: workers\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: docker/build-push-action@v6\n"
                "        with:\n"
                "          file: docker/Dockerfile\n"
                "          target: ${{ matrix.image }}\n"
                "          push: true\n");
  rc_test_write(f->root, "Dockerfile.relay", "FROM alpine:3.20\n");
  rc_test_write(f->root, "Dockerfile.upgrades", "FROM alpine:3.20\n");
  rc_test_write(f->root, "docker/Dockerfile",
                "FROM node:20 AS web\nFROM node:20 AS workers\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_entries *e = &m->entries;
  bool relay = false, upgrades = false, web = false, workers = false;
  for (size_t i = 0; i < e->n_builds; i++) {
    const char *df = e->builds[i].dockerfile, *t = e->builds[i].target;
    relay |= df && strcmp(df, "Dockerfile.relay") == 0;
    upgrades |= df && strcmp(df, "Dockerfile.upgrades") == 0;
    web |= t && strcmp(t, "web") == 0;
    workers |= t && strcmp(t, "workers") == 0;
    assert_true(!t || strcmp(t, "web") == 0 || strcmp(t, "workers") == 0);
  }
  assert_true(relay && upgrades && web && workers);

  /* fly.toml builds the Dockerfile its [build] names; a vendor's
   * build-push-action (depot) reads the same inputs; a file a build names
   * is a Dockerfile whatever it is called; `mkdir ctx` makes the context */
  rc_test_write(f->root, "apps/api/fly.toml",
                "app = 'api'\n[build]\n  dockerfile = './Dockerfile'\n");
  rc_test_write(f->root, "apps/api/Dockerfile", "FROM alpine:3.20\n");
  rc_test_write(f->root, "apps/web/Dockerhubfile", "FROM node:20\n");
  rc_test_write(f->root, ".github/workflows/depot.yml",
                "on: push\n"
                "jobs:\n"
                "  b:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: |\n"
                "          mkdir ctx\n"
                "      - uses: depot/build-push-action@v1\n"
                "        with:\n"
                "          context: ctx\n"
                "          file: apps/web/Dockerhubfile\n"
                "          push: true\n");
  m = rc_test_model_build(f);
  e = &m->entries;
  bool fly = false, depot = false, made = false;
  for (size_t i = 0; i < e->n_builds; i++) {
    const char *df = e->builds[i].dockerfile;
    fly |= df && strcmp(df, "apps/api/Dockerfile") == 0;
    depot |= df && strcmp(df, "apps/web/Dockerhubfile") == 0;
  }
  for (size_t i = 0; i < e->n_made; i++)
    made |= strcmp(e->made[i].path, "ctx") == 0;
  assert_true(fly && depot && made);
  assert_non_null(rc_model_dockerfile(m, "apps/web/Dockerhubfile"));
}

/* `docker run`: the image's repository, and whether it is a one-shot
 * command (--rm, foreground, no published port) or a service. */
static void test_docker_runs(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "tool.sh",
                "#!/bin/sh\n"
                "docker run --rm -v \"$PWD\":/src -e A=1 msi-builder:2 make\n"
                "docker run -d --rm --name web acme/web:1\n"
                "docker run --rm -it -p 8080:80 demo\n"
                "docker container run --rm -w /src ghcr.io/acme/lint:3 lint\n"
                "docker run --rm \"$IMAGE\"\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_entries *e = &m->entries;
  assert_int_equal(e->n_runs, 4);
  assert_string_equal(e->runs[0].image, "msi-builder");
  assert_true(e->runs[0].one_shot);
  assert_int_equal(e->runs[0].at.line, 2);
  assert_string_equal(e->runs[1].image, "acme/web");
  assert_false(e->runs[1].one_shot);
  assert_string_equal(e->runs[2].image, "demo");
  assert_false(e->runs[2].one_shot);
  assert_string_equal(e->runs[3].image, "ghcr.io/acme/lint");
  assert_true(e->runs[3].one_shot);
}

/* ---- views ------------------------------------------------------------- */

#define SVC "services:\n  app:\n    image: example/app:1\n"

static void test_views(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker-compose.yml", SVC);
  rc_test_write(f->root, "docker-compose.prod.yml",
                "services:\n  app:\n    restart: always\n");
  rc_test_write(f->root, "docker-compose.override.yml", SVC);
  rc_test_write(f->root, "tests/docker-compose.yml", SVC);
  /* an overlay that only adjusts services and that nothing applies */
  rc_test_write(f->root, "docker-compose.gpu.yml",
                "services:\n  app:\n    runtime: nvidia\n");
  /* an add-on that starts services of its own */
  rc_test_write(f->root, "docker-compose.monitoring.yml",
                "services:\n  prometheus:\n    image: prom/prometheus:v2\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 2);
  const struct rc_compose_view *v = &m->views[0];
  assert_int_equal(v->n_files, 2);
  assert_string_equal(v->files[1]->path, "docker-compose.prod.yml");
  assert_int_equal(v->n_services, 1);
  assert_int_equal(v->services[0].n_layers, 2);
  struct rc_where at;
  assert_string_equal(rc_compose_str(&v->services[0], "restart", &at),
                      "always");
  assert_string_equal(at.path, "docker-compose.prod.yml");
  assert_int_equal(at.line, 3);
  v = &m->views[1];
  assert_string_equal(v->files[1]->path, "docker-compose.monitoring.yml");
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_files; k++)
      if (m->views[i].role == RC_ROLE_PRODUCTION)
        assert_true(
            strcmp(m->views[i].files[k]->path, "docker-compose.override.yml") &&
            strcmp(m->views[i].files[k]->path, "tests/docker-compose.yml") &&
            strcmp(m->views[i].files[k]->path, "docker-compose.gpu.yml"));
}

/* A chain in CI names overlays whatever they are called, and the base on
 * its own is then no production deployment. */
static void test_views_from_ci_chain(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "deploy/compose.yml", SVC);
  rc_test_write(f->root, "deploy/compose.hetzner.yml",
                "services:\n  app:\n    mem_limit: 1g\n");
  rc_test_write(f->root, ".github/workflows/deploy.yml",
                "jobs:\n  d:\n    steps:\n      - run: docker compose -f "
                "deploy/compose.yml -f deploy/compose.hetzner.yml up -d\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 1);
  const struct rc_compose_view *v = &m->views[0];
  assert_int_equal(v->n_files, 2);
  assert_non_null(strstr(v->why, ".github/workflows/deploy.yml:4"));
  assert_non_null(rc_compose_get(&v->services[0], "mem_limit", NULL));
}

/* `docker stack deploy -c` in a script makes the file's view a Swarm
 * view whatever it is called; `docker compose up` of another does not. */
static void test_swarm_views(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker-compose.yml", SVC);
  rc_test_write(f->root, "other/docker-compose.yml", SVC);
  rc_test_write(f->root, "deploy.sh",
                "#!/bin/sh\ndocker stack deploy -c docker-compose.yml app\n"
                "docker compose -f other/docker-compose.yml up -d\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v = view_of(m, "docker-compose.yml");
  const struct rc_compose_view *o = view_of(m, "other/docker-compose.yml");
  assert_non_null(v);
  assert_non_null(o);
  assert_true(v->swarm);
  assert_false(o->swarm);
}

/* Databases for an app that runs on the host: a development stack; the
 * same file in a packaging repository is the deployment. */
static void test_dev_stack(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:16\n  mail:\n    "
                "image: axllent/mailpit\n");
  rc_test_write(f->root, "pyproject.toml", "[project]\nname = 'x'\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_int_equal(view_of(m, "docker-compose.yml")->role, RC_ROLE_DEVELOPMENT);

  /* Laravel Sail: the app runs in an image built from vendor/ */
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  laravel.test:\n    build:\n      context: "
                "./vendor/laravel/sail/runtimes/8.4\n  mysql:\n    image: "
                "mysql:8.0\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_non_null(strstr(view_of(m, "docker-compose.yml")->why, "vendor"));

  /* the app's own image in the file: a deployment */
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:16\n  web:\n    "
                "build: .\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 1);
}

/* A production file that defines every service it runs is a stack of its
 * own, and the base beside it is the development setup; a header comment
 * or a development Dockerfile says development too. */
static void test_standalone_and_dev_signals(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  web:\n    build: ./app\n    command: python "
                "manage.py runserver 0.0.0.0:8000\n");
  rc_test_write(f->root, "docker-compose.prod.yml",
                "services:\n  web:\n    build:\n      context: ./app\n"
                "      dockerfile: Dockerfile.prod\n  db:\n    image: "
                "postgres:16\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 1);
  assert_string_equal(m->views[0].files[0]->path, "docker-compose.prod.yml");
  assert_int_equal(m->views[0].n_files, 1);
  assert_int_equal(view_of(m, "docker-compose.yml")->role, RC_ROLE_DEVELOPMENT);
  /* the file a development view alone holds is that view's, for every
   * reader that asks a file's role */
  assert_int_equal(rc_model_file_role(m, "docker-compose.yml"),
                   RC_ROLE_DEVELOPMENT);
  assert_int_equal(rc_model_file_role(m, "docker-compose.prod.yml"),
                   RC_ROLE_PRODUCTION);

  rc_test_model_drop(f);
  rc_test_rmtree(f->root);
  free(f->root);
  f->root = rc_test_mkdtemp();
  rc_test_write(f->root, "docker-compose.yml",
                "# This file is intended for development purposes only.\n"
                "services:\n  app:\n    image: example/app:1\n");
  rc_test_write(f->root, "ops/compose.yaml",
                "services:\n  app:\n    build:\n      context: ..\n"
                "      dockerfile: dev/Dockerfile\n");
  rc_test_write(f->root, "dev/Dockerfile", "FROM php:8.3\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_non_null(strstr(m->compose[0].why, "its header says so"));
  assert_non_null(strstr(view_of(m, "ops/compose.yaml")->why,
                         "development or test images"));
}

/* Headers and chains the model reads beside the services: an examples
 * header after YAML's document marker, a header running the file with a
 * development overlay, local backing services (search consoles and fault
 * injection included), a chain a script writes that resolves at the root,
 * and a Dockerfile only a development stack builds. */
static void test_header_and_chain_signals(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker-compose.yml",
                "---\n# app docker-compose examples\n# The below examples "
                "illustrate ways to run it\nservices:\n  app:\n    image: "
                "example/app:1\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_non_null(strstr(m->compose[0].why, "its header says so"));

  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:16\n    ports:\n"
                "      - 127.0.0.1:5432:5432\n  console:\n    image: "
                "opensearchproject/opensearch-dashboards:2\n  chaos:\n    "
                "image: ghcr.io/shopify/toxiproxy:2.5.0\n");
  rc_test_write(f->root, "Gemfile", "gem 'rails'\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_false(
      rc_model_is_database_image("opensearchproject/opensearch-dashboards:2"));

  rc_test_model_drop(f);
  rc_test_rmtree(f->root);
  free(f->root);
  f->root = rc_test_mkdtemp();
  rc_test_write(f->root, "compose.yaml",
                "services:\n  web:\n    image: example/web:1\n");
  rc_test_write(f->root, "compose.production.yaml",
                "services:\n  web:\n    restart: always\n");
  rc_test_write(f->root, "compose.override.yaml",
                "services:\n  web:\n    command: run --reload\n");
  rc_test_write(f->root, "compose.selinux.yaml",
                "# docker compose -f compose.yaml -f compose.override.yaml -f "
                "compose.selinux.yaml up\nservices:\n  web:\n    volumes:\n"
                "      - ./data:/data:z\n");
  rc_test_write(f->root, "scripts/solr/compose.yaml",
                "services:\n  solr:\n    image: solr:9\n");
  rc_test_write(f->root, "scripts/solr/restore.sh",
                "#!/bin/sh\ncd /opt/app\nexport "
                "COMPOSE_FILE='compose.yaml:compose.production.yaml'\n"
                "docker compose up -d\n");
  m = rc_test_model_build(f);
  const struct rc_compose_file *selinux = NULL;
  for (size_t i = 0; i < m->n_compose; i++)
    if (strcmp(m->compose[i].path, "compose.selinux.yaml") == 0)
      selinux = &m->compose[i];
  assert_non_null(selinux);
  assert_int_equal(selinux->role, RC_ROLE_DEVELOPMENT);
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 1; k < m->views[i].n_files; k++)
      assert_string_equal(m->views[i].files[k]->dir, m->views[i].files[0]->dir);

  rc_test_model_drop(f);
  rc_test_rmtree(f->root);
  free(f->root);
  f->root = rc_test_mkdtemp();
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  ui:\n    build: ./ui\n    command: npm run "
                "dev\n    volumes:\n      - ./ui:/ui\n");
  rc_test_write(f->root, "ui/Dockerfile", "FROM node:20\nRUN npm install\n");
  rc_test_write(f->root, "ui/package.json", "{\"name\": \"ui\"}\n");
  m = rc_test_model_build(f);
  assert_int_equal(rc_model_file_role(m, "ui/Dockerfile"), RC_ROLE_DEVELOPMENT);
}

/* Development signals in what a service runs: a development server
 * command, the working tree mounted over its image (unless a restart
 * policy says it is run as a server), a README line disowning the file;
 * "-local" images stand in for hosted services. */
static void test_dev_signals_in_services(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "composer.json", "{}");
  rc_test_write(f->root, "docker/php/Dockerfile", "FROM php:8.3-fpm\n");
  rc_test_write(f->root, "compose.yaml",
                "services:\n  php:\n    build:\n      context: docker/php\n"
                "    volumes:\n      - .:/var/www/html\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_non_null(strstr(view_of(m, "compose.yaml")->why, "working tree"));

  rc_test_write(f->root, "compose.yaml",
                "services:\n  php:\n    build:\n      context: docker/php\n"
                "    restart: always\n    volumes:\n      - .:/opt/app:ro\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 1);

  rc_test_write(f->root, "compose.yaml",
                "services:\n  php:\n    build: docker/php\n    command: php "
                "bin/console --env=dev server:run\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);

  rc_test_write(f->root, "compose.yaml",
                "services:\n  php:\n    build: docker/php\n");
  rc_test_write(f->root, "README.md",
                "# App\n\nThis `compose.yaml` is configured for local "
                "testing only, and is _not_ intended for production use.\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_non_null(strstr(m->compose[0].why, "the README says so"));

  rc_test_write(f->root, "README.md", "# App\n");
  rc_test_write(f->root, "compose.yaml",
                "services:\n  db:\n    image: postgres:16\n  analytics:\n"
                "    image: tinybirdco/tinybird-local:latest\n");
  m = rc_test_model_build(f);
  assert_int_equal(production_views(m), 0);
  assert_true(rc_model_is_infra_image("amazon/dynamodb-local:2.5"));
  assert_false(rc_model_is_infra_image("example/localizer:1"));
  /* a queue's dashboard is a tool, like redis-commander */
  assert_true(rc_model_is_infra_image("eoranged/rq-dashboard"));
  /* a tool for a database stores nothing of its own */
  assert_true(rc_model_is_database_image("postgres:16"));
  assert_true(rc_model_is_database_image("bitnami/postgresql:16"));
  assert_true(rc_model_is_database_image("timescale/timescaledb-ha:pg16"));
  assert_false(rc_model_is_database_image(
      "prometheuscommunity/postgres-exporter:latest"));
  assert_false(rc_model_is_database_image("rediscommander/redis-commander"));
  assert_false(rc_model_is_database_image("mongo-express:1.0"));
  assert_false(rc_model_is_database_image("databack/mysql-backup:1.0"));
}

/* Overlays in a folder of their own (`-f compose.yaml -f overrides/x.yaml`)
 * complete the base's services: judged merged onto it. One that only
 * adjusts the base's services, or only completes services another overlay
 * defines, is not judged alone. */
static void test_overlay_folders(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "compose.yaml",
                "services:\n  backend:\n    image: example/erp:1\n"
                "    restart: unless-stopped\n  frontend:\n    image: "
                "example/erp:1\n    restart: unless-stopped\n");
  rc_test_write(f->root, "overrides/compose.mariadb.yaml",
                "services:\n  backend:\n    depends_on: [db]\n  db:\n"
                "    image: mariadb:11\n");
  rc_test_write(f->root, "overrides/compose.https.yaml",
                "services:\n  frontend:\n    labels: [a=b]\n");
  rc_test_write(f->root, "overrides/compose.db-secrets.yaml",
                "services:\n  db:\n    secrets: [db_password]\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v =
      view_ending(m, "overrides/compose.mariadb.yaml");
  assert_non_null(v);
  assert_int_equal(v->n_files, 2);
  assert_string_equal(v->files[0]->path, "compose.yaml");
  assert_null(view_ending(m, "overrides/compose.https.yaml"));
  assert_null(view_ending(m, "overrides/compose.db-secrets.yaml"));
}

static void test_profiles(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "compose.yaml",
                "services:\n  app:\n    image: a:1\n  debug:\n    image: b:1\n"
                "    profiles: [debug]\n  worker:\n    image: c:1\n"
                "    profiles: [workers]\n");
  rc_test_write(f->root, ".env", "COMPOSE_PROFILES=workers\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v = view_of(m, "compose.yaml");
  assert_non_null(v);
  assert_false(v->services[0].optional);
  assert_true(v->services[1].optional);
  assert_false(v->services[2].optional);
  assert_string_equal(v->services[2].profiles, "workers");
}

/* `include:` brings another file's services into the view (the project
 * directory stays the including file's folder); `extends: {file, service}`
 * takes a service of another file, even one without a compose-like name,
 * as the layer below. */
static void test_include_and_file_extends(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(
      f->root, "compose.yaml",
      "include:\n  - infra/db.yaml\n  - path: [infra/cache.yaml]\n"
      "services:\n  web:\n    extends:\n      file: common-services.yml\n"
      "      service: app\n    ports: [\"80:8000\"]\n");
  rc_test_write(f->root, "infra/db.yaml",
                "services:\n  db:\n    image: postgres:16\n");
  rc_test_write(f->root, "infra/cache.yaml",
                "services:\n  cache:\n    image: redis:7\n");
  rc_test_write(f->root, "common-services.yml",
                "services:\n  app:\n    image: example/app:1.4\n"
                "    restart: unless-stopped\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v = view_of(m, "compose.yaml");
  assert_non_null(v);
  assert_int_equal(v->n_files, 3);
  assert_int_equal(v->n_services, 3);
  const struct rc_compose_service *web = NULL;
  for (size_t i = 0; i < v->n_services; i++)
    if (strcmp(v->services[i].name, "web") == 0)
      web = &v->services[i];
  assert_non_null(web);
  assert_int_equal(web->n_layers, 2);
  assert_string_equal(rc_compose_str(web, "restart", NULL), "unless-stopped");
  assert_string_equal(web->project, "");
  /* the included files are part of this view, not views of their own */
  assert_null(view_of(m, "infra/db.yaml"));
}

static void test_extends_and_mounts(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "compose.yaml",
                "services:\n"
                "  base:\n"
                "    image: a:1\n"
                "    volumes: [\"./conf:/etc/app\", \"data:/data\"]\n"
                "  app:\n"
                "    extends: base\n"
                "    volumes: [\"./conf2:/etc/app\"]\n"
                "volumes:\n  data:\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v = view_of(m, "compose.yaml");
  const struct rc_compose_service *app = &v->services[1];
  assert_int_equal(app->n_layers, 2);
  assert_string_equal(rc_compose_str(app, "image", NULL), "a:1");
  struct rc_arena *a = rc_arena_new();
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(app, a, &mounts);
  assert_int_equal(n, 2);
  assert_string_equal(mounts[0].path, "conf2"); /* replaced by target */
  assert_int_equal(mounts[0].at.line, 7);
  assert_false(mounts[1].bind);
  rc_arena_free(a);
}

/* A Compose config's or secret's `file:` is read from the project
 * directory whichever file of the set defines it (an overlay under
 * overrides/ names its file from the base's folder), and an overlay's
 * definition replaces the base's even when the overlay does not touch the
 * service; the base alone keeps its own. */
static void test_delivered_from_project_directory(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    configs:\n"
                "      - {source: site, target: /etc/nginx/conf.d/a.conf}\n"
                "    secrets: [db_password]\n"
                "configs:\n  site:\n    file: ./site.conf\n");
  rc_test_write(f->root, "overrides/compose.prod.yaml",
                "services:\n  db:\n    image: postgres:16\n"
                "configs:\n  site:\n    file: ./conf/prod.conf\n"
                "secrets:\n  db_password:\n    file: ./secrets/db.txt\n"
                "  other:\n    file: /run/other.txt\n");
  rc_test_write(f->root, "deploy.sh",
                "#!/bin/sh\ndocker compose -f compose.yaml -f "
                "overrides/compose.prod.yaml up -d\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v =
      view_ending(m, "overrides/compose.prod.yaml");
  assert_non_null(v);
  assert_string_equal(rc_compose_view_dir(v, 1), "");
  const struct rc_compose_service *web = &v->services[0];
  assert_string_equal(web->name, "web");
  const cJSON *entry = rc_compose_get(web, "configs", NULL)->child;
  const char *path = "x";
  const cJSON *def =
      rc_compose_delivered(v, web, m->arena, "configs", entry, &path);
  assert_non_null(def);
  assert_string_equal(path, "conf/prod.conf");
  entry = rc_compose_get(web, "secrets", NULL)->child;
  assert_non_null(
      rc_compose_delivered(v, web, m->arena, "secrets", entry, &path));
  assert_string_equal(path, "secrets/db.txt");
  /* defined with a path the repository cannot hold; not defined at all */
  cJSON *other = cJSON_CreateString("other");
  assert_non_null(
      rc_compose_delivered(v, web, m->arena, "secrets", other, &path));
  assert_null(path);
  cJSON_SetValuestring(other, "nothing");
  assert_null(rc_compose_delivered(v, web, m->arena, "secrets", other, &path));
  assert_null(path);
  /* without the view, only the service's own files */
  assert_null(
      rc_compose_delivered(NULL, web, m->arena, "secrets", entry, &path));
  entry = rc_compose_get(web, "configs", NULL)->child;
  assert_non_null(
      rc_compose_delivered(NULL, web, m->arena, "configs", entry, &path));
  assert_string_equal(path, "site.conf");
  cJSON_Delete(other);
  /* the model's users of the file follow the same reading */
  assert_non_null(rc_model_view_mount(m, "secrets/db.txt", false));
  assert_null(rc_model_view_mount(m, "overrides/secrets/db.txt", false));
}

/* A production view's service no model service stands for (none has its
 * name) is not another service's: the users of a file it mounts name no
 * model service, and rc_model_view_mount gives the compose service. */
static void test_mount_of_unmodelled_service(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "compose.yaml",
                "services:\n"
                "  nginx:\n"
                "    image: nginx:1.27\n"
                "    volumes: [\"./ssl:/etc/nginx/ssl:ro\"]\n");
  rc_test_write(f->root, "ssl/site.key", "x\n");
  struct rc_model *m = (struct rc_model *)rc_test_model_build(f);
  assert_true(m->n_services >= 1);
  assert_string_equal(rc_model_user_of(m, "ssl/site.key")->name, "nginx");
  /* the model keeps another service in its place */
  m->services[0].name = "worker";
  m->services[0].compose = NULL;
  assert_null(rc_model_user_of(m, "ssl/site.key"));
  assert_null(rc_model_ships(m, "ssl/site.key"));
  const struct rc_compose_service *cs =
      rc_model_view_mount(m, "ssl/site.key", true);
  assert_non_null(cs);
  assert_string_equal(cs->name, "nginx");
  assert_string_equal(cs->at.path, "compose.yaml");
}

/* ---- images and services ---------------------------------------------- */

static void test_images(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "compose.yaml",
                "services:\n  api:\n    build:\n      context: api\n"
                "      target: runtime\n");
  rc_test_write(f->root, "api/Dockerfile",
                "FROM node:20 AS build\nFROM node:20-slim AS runtime\n");
  rc_test_write(f->root, "worker/Dockerfile", "FROM python:3.12-slim\n");
  rc_test_write(f->root, "Dockerfile.base", "FROM debian:12\n");
  rc_test_write(f->root, "e2e/Dockerfile", "FROM node:20\n");
  rc_test_write(f->root, "runner/Dockerfile",
                "FROM python:3.12\nCMD [\"pytest\", \"-q\"]\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_image *im = image_of(m, "api/Dockerfile");
  assert_int_equal(im->role, RC_ROLE_PRODUCTION);
  assert_int_equal(im->stage, 1);
  assert_string_equal(im->context, "api");
  assert_int_equal(image_of(m, "worker/Dockerfile")->role, RC_ROLE_UNUSED);
  assert_int_equal(image_of(m, "Dockerfile.base")->role, RC_ROLE_NONPROD);
  assert_int_equal(image_of(m, "e2e/Dockerfile")->role, RC_ROLE_NONPROD);
  assert_int_equal(image_of(m, "runner/Dockerfile")->role, RC_ROLE_NONPROD);

  /* CI builds the worker: production too */
  rc_test_write(f->root, ".gitlab-ci.yml",
                "build:\n  script:\n    - docker build -t w -f "
                "worker/Dockerfile worker\n");
  m = rc_test_model_build(f);
  assert_int_equal(image_of(m, "worker/Dockerfile")->role, RC_ROLE_PRODUCTION);

  /* builds CI computes: nothing is ruled out */
  rc_test_write(f->root, ".gitlab-ci.yml",
                "build:\n  script:\n    - docker build -f $DF $CTX\n");
  m = rc_test_model_build(f);
  assert_true(m->builds_unresolved);
  assert_int_equal(image_of(m, "worker/Dockerfile")->role, RC_ROLE_PRODUCTION);
}

/* A computed build in a script nothing names (a maintainer's helper)
 * leaves the leftovers unused; once a workflow runs the script, every
 * Dockerfile counts, and the reason says where the path is computed. */
static void test_images_unrun_script(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Makefile",
                "image:\n\tdocker build -t acme/app -f app/Dockerfile app\n");
  rc_test_write(f->root, "app/Dockerfile", "FROM node:20-slim\n");
  rc_test_write(f->root, "tools/Dockerfile", "FROM python:3.12-slim\n");
  rc_test_write(f->root, "scripts/publish.sh",
                "#!/bin/sh\ndocker build -t acme/x:$2 -f $1 .\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_false(m->builds_unresolved);
  assert_int_equal(image_of(m, "tools/Dockerfile")->role, RC_ROLE_UNUSED);

  rc_test_write(f->root, "RELEASING.md",
                "Run `./scripts/publish.sh tools/Dockerfile 1.0`.\n");
  m = rc_test_model_build(f);
  assert_true(m->builds_unresolved);
  const struct rc_image *im = image_of(m, "tools/Dockerfile");
  assert_int_equal(im->role, RC_ROLE_PRODUCTION);
  assert_non_null(strstr(im->why, "scripts/publish.sh:2"));
}

/* An image only CI jobs run in (`container:`) is a build environment;
 * a compose service running it too makes it a service again. */
static void test_images_ci_environment(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, ".github/workflows/env.yml",
                "on: push\njobs:\n  img:\n    runs-on: ubuntu-latest\n"
                "    steps:\n      - run: docker build --push -t "
                "acme/env:1 -f env/Dockerfile env\n");
  rc_test_write(f->root, ".github/workflows/test.yml",
                "on: push\njobs:\n  unit:\n    runs-on: ubuntu-latest\n"
                "    container:\n      image: acme/env:1\n"
                "    steps:\n      - run: make test\n");
  rc_test_write(f->root, "env/Dockerfile", "FROM golang:1.22\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_image *im = image_of(m, "env/Dockerfile");
  assert_int_equal(im->role, RC_ROLE_NONPROD);
  assert_non_null(strstr(im->why, "a build environment"));

  rc_test_write(f->root, "deploy/compose.yaml",
                "services:\n  env:\n    image: acme/env:1\n");
  m = rc_test_model_build(f);
  assert_int_equal(image_of(m, "env/Dockerfile")->role, RC_ROLE_PRODUCTION);
}

static void test_services(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "compose.yaml",
                "services:\n  api:\n    build: services/api\n  db:\n"
                "    image: postgres:16\n");
  rc_test_write(f->root, "services/api/Dockerfile",
                "FROM node:20-slim\n"
                "CMD [\"node\", \"s.js\"]\n");
  rc_test_write(f->root, "services/worker/package.json",
                "{\"scripts\": {\"start\": \"node worker.js\"}}");
  rc_test_write(f->root, "services/stub/package.json", "{\"name\": \"stub\"}");
  rc_test_write(f->root, "apps/storybook/package.json",
                "{\"scripts\": {\"start\": \"storybook dev\"}}");
  rc_test_write(f->root, "apps/site/fly.toml", "app = 'site'\n");
  rc_test_write(f->root, "tests/app/package.json",
                "{\"scripts\": {\"start\": \"node .\"}}");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_service *s = service_of(m, "api");
  assert_int_equal(s->kind, RC_SERVICE_COMPOSE);
  assert_string_equal(s->dir, "services/api");
  assert_string_equal(s->command, "[\"node\", \"s.js\"]");
  s = service_of(m, "db");
  assert_null(s->dir);
  s = service_of(m, "worker");
  assert_int_equal(s->kind, RC_SERVICE_APP);
  assert_null(s->dockerfile);
  assert_non_null(service_of(m, "site"));
  assert_null(service_of(m, "stub"));
  assert_null(service_of(m, "storybook"));
  assert_int_equal(m->n_services, 4);
}

/* A compose service running the image CI builds and tags from here runs
 * this repository's Dockerfile: by the tag, or - when CI computes the tag
 * - by the project's name. */
static void test_image_linked_by_tag(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "deploy/compose.yaml",
                "services:\n  app:\n    image: ghcr.io/acme/shop:1.4\n"
                "  db:\n    image: postgres:16\n");
  rc_test_write(f->root, "Dockerfile",
                "FROM node:20-slim\nHEALTHCHECK CMD x\n");
  rc_test_write(f->root, ".github/workflows/release.yml",
                "jobs:\n  b:\n    steps:\n      - run: docker build -t "
                "ghcr.io/acme/shop:${{ github.ref_name }} .\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_service *s = service_of(m, "app");
  assert_non_null(s->built);
  assert_string_equal(s->dockerfile, "Dockerfile");
  assert_null(service_of(m, "db")->built);
  assert_int_equal(m->n_services, 2); /* no separate image service */

  /* a variable's default names the image; one without a default does not */
  rc_test_write(f->root, "deploy/compose.yaml",
                "services:\n  app:\n    image: ${APP_IMAGE:-ghcr.io/acme/shop}:"
                "${TAG:-$VERSION}\n  db:\n    image: postgres:16\n");
  m = rc_test_model_build(f);
  assert_non_null(service_of(m, "app")->built);
  rc_test_write(f->root, "deploy/compose.yaml",
                "services:\n  app:\n    image: ${APP_IMAGE}:1.4\n"
                "  db:\n    image: postgres:16\n");
  m = rc_test_model_build(f);
  assert_null(service_of(m, "app")->built);
  rc_test_write(f->root, "deploy/compose.yaml",
                "services:\n  app:\n    image: ghcr.io/acme/shop:1.4\n"
                "  db:\n    image: postgres:16\n");

  rc_test_write(f->root, ".github/workflows/release.yml",
                "jobs:\n  b:\n    steps:\n      - uses: "
                "docker/build-push-action@v6\n        with:\n          tags: "
                "${{ steps.meta.outputs.tags }}\n");
  rc_test_write(f->root, "package.json", "{\"name\": \"@acme/shop\"}");
  m = rc_test_model_build(f);
  assert_non_null(service_of(m, "app")->built);
  rc_test_write(f->root, "package.json", "{\"name\": \"other\"}");
  m = rc_test_model_build(f);
  assert_null(service_of(m, "app")->built);

  /* the origin remote names the project as ${{ github.repository }} does */
  rc_test_write(f->root, ".git/HEAD", "ref: refs/heads/main\n");
  rc_test_write(f->root, ".git/config",
                "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = "
                "git@github.com:Acme/Shop.git\n");
  m = rc_test_model_build(f);
  assert_non_null(service_of(m, "app")->built);
  rc_test_write(f->root, ".git/config",
                "[remote \"origin\"]\n\turl = https://github.com/acme/"
                "shop-docs\n");
  m = rc_test_model_build(f);
  assert_null(service_of(m, "app")->built);
}

/* A deployed image links to the build whose -t names its repository
 * (registry host optional), at that build's --target, package.json
 * scripts included; builds of other repositories (base and tool images)
 * never link, and tags tell apart images that share one repository. */
static void test_image_linked_by_tag_and_target(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  app:\n    image: registry.acme.io/acme/shop:2\n");
  rc_test_write(f->root, "docker/Dockerfile",
                "FROM acme/shop-base:1 AS prod\nUSER app\n"
                "FROM prod AS debug\nUSER root\n");
  rc_test_write(f->root, "docker/Dockerfile.base", "FROM debian:12\n");
  rc_test_write(f->root, "package.json",
                "{\n  \"name\": \"shop\",\n  \"scripts\": {\n"
                "    \"up\": \"docker compose -f docker/dev.yml up\",\n"
                "    \"docker:base\": \"docker build -t acme/shop-base:1 -f "
                "docker/Dockerfile.base docker\",\n"
                "    \"docker:build\": \"npm run x && docker build --target "
                "prod -t acme/shop:2 -f docker/Dockerfile .\"\n  }\n}\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(m->entries.n_chains, 0); /* scripts: image builds only */
  const struct rc_service *s = service_of(m, "app");
  assert_non_null(s->built);
  assert_string_equal(s->built->dockerfile, "docker/Dockerfile");
  assert_string_equal(s->built->target, "prod");
  assert_int_equal(s->built->stage, 0);
  assert_string_equal(s->built->via, "package.json script docker:build");
  assert_string_equal(s->built->at.path, "package.json");
  assert_int_equal(s->built->at.line, 6);
  /* the base image the app's Dockerfile starts FROM is not deployed */
  const struct rc_image *base = image_of(m, "docker/Dockerfile.base");
  assert_int_equal(base->role, RC_ROLE_NONPROD);
  assert_non_null(strstr(base->why, "a base image"));

  /* another tag of a repository several images share links nothing */
  rc_test_write(f->root, "package.json",
                "{\"scripts\": {\"a\": \"docker build --target prod -t "
                "acme/shop:2 -f docker/Dockerfile .\", \"b\": \"docker build "
                "--target debug -t acme/shop:nightly -f docker/Dockerfile "
                ".\"}}\n");
  m = rc_test_model_build(f);
  assert_string_equal(service_of(m, "app")->built->target, "prod");
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  app:\n    image: acme/shop:3\n");
  m = rc_test_model_build(f);
  assert_null(service_of(m, "app")->built);

  /* variables are wildcards, on either side */
  rc_test_write(f->root, "package.json", "{}\n");
  rc_test_write(f->root, "Makefile",
                "push:\n\tdocker build --target prod -t "
                "${REGISTRY}/acme/shop:${V} -f docker/Dockerfile .\n");
  m = rc_test_model_build(f);
  assert_non_null(service_of(m, "app")->built);
  assert_string_equal(service_of(m, "app")->built->target, "prod");
  rc_test_write(f->root, "Makefile",
                "push:\n\tdocker build --target prod -t acme/shop:1 -f "
                "docker/Dockerfile .\n");
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  app:\n    image: ${REGISTRY}/acme/shop:${TAG}\n");
  m = rc_test_model_build(f);
  assert_non_null(service_of(m, "app")->built);

  /* the project's own name does not link a build tagged for another
   * repository */
  rc_test_write(f->root, "package.json", "{\"name\": \"shop\"}\n");
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  app:\n    image: ghcr.io/acme/shop:1\n");
  rc_test_write(f->root, "Makefile",
                "push:\n\tdocker build -t acme/tools:1 -f docker/Dockerfile "
                ".\n");
  m = rc_test_model_build(f);
  assert_null(service_of(m, "app")->built);
  rc_test_write(f->root, "Makefile",
                "push:\n\tdocker build -t shop-local -f docker/Dockerfile "
                ".\n"); /* a local name, retagged before a push */
  m = rc_test_model_build(f);
  assert_non_null(service_of(m, "app")->built);
}

/* An image in the origin owner's namespace named for one Dockerfile's
 * folder is built from it ("acme/cache" from images/cache/Dockerfile,
 * "acme/platform-config" from config/Dockerfile), even when nothing in
 * the repository builds it; two folders of that name link neither. */
static void test_image_linked_by_folder(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, ".git/HEAD", "ref: refs/heads/main\n");
  rc_test_write(f->root, ".git/config",
                "[remote \"origin\"]\n\turl = https://github.com/acme/"
                "platform.git\n");
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  cache:\n    image: ghcr.io/acme/cache:1.2\n"
                "  config:\n    image: acme/platform-config:3\n"
                "  other:\n    image: someone/cache:1\n");
  rc_test_write(f->root, "images/cache/Dockerfile",
                "FROM alpine:3.20\nHEALTHCHECK CMD true\n");
  rc_test_write(f->root, "config/dockerfile", "FROM eclipse-temurin:21\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_non_null(service_of(m, "cache")->built);
  assert_string_equal(service_of(m, "cache")->built->dockerfile,
                      "images/cache/Dockerfile");
  assert_non_null(service_of(m, "config")->built);
  assert_string_equal(service_of(m, "config")->built->dockerfile,
                      "config/dockerfile");
  assert_null(service_of(m, "other")->built); /* another owner's image */

  rc_test_write(f->root, "legacy/cache/Dockerfile", "FROM alpine:3.19\n");
  m = rc_test_model_build(f);
  assert_null(service_of(m, "cache")->built);
}

/* A compose file in a folder of docker/ that packages one of the
 * project's images (its Dockerfile beside it) running the origin owner's
 * image named for the project deploys; the same file in such a folder
 * with no Dockerfile (a try-it stack) does not show it. */
static void test_own_image_in_packaging_folder(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, ".git/HEAD", "ref: refs/heads/main\n");
  rc_test_write(f->root, ".git/config",
                "[remote \"origin\"]\n\turl = https://github.com/acme/"
                "shop.git\n");
  rc_test_write(f->root, "docker/single/docker-compose.yml",
                "services:\n  web:\n    image: ghcr.io/acme/shop-single\n"
                "  db:\n    image: mysql:8.0\n");
  rc_test_write(f->root, "docker/single/Dockerfile",
                "FROM node:22-slim\nUSER node\n");
  rc_test_write(f->root, "package.json", "{\"name\": \"shop\"}\n");
  rc_test_write(f->root, "server.js", "require(\"http\");\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v =
      view_of(m, "docker/single/docker-compose.yml");
  assert_non_null(v);
  assert_non_null(v->deploys);
  assert_non_null(strstr(v->deploys, "the project's own image"));

  char path[4096];
  snprintf(path, sizeof(path), "%s/docker/single/Dockerfile", f->root);
  assert_int_equal(unlink(path), 0);
  m = rc_test_model_build(f);
  v = view_of(m, "docker/single/docker-compose.yml");
  assert_non_null(v);
  assert_null(v->deploys);
}

/* A root compose file running the project's image by its bare name
 * (`shop:1.0`, no registry or owner) that the Makefile builds and tags
 * under that name runs the local build: no evidence that it deploys. The
 * same bare name no build here tags is the project's own image. */
static void test_own_image_built_here(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, ".git/HEAD", "ref: refs/heads/main\n");
  rc_test_write(f->root, ".git/config",
                "[remote \"origin\"]\n\turl = https://github.com/acme/"
                "shop.git\n");
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  web:\n    image: shop:1.0\n"
                "  db:\n    image: postgres:16\n");
  rc_test_write(f->root, "Dockerfile", "FROM node:22-slim\nUSER node\n");
  rc_test_write(f->root, "Makefile", "build:\n\tdocker build -t shop:1.0 .\n");
  rc_test_write(f->root, "package.json", "{\"name\": \"shop\"}\n");
  rc_test_write(f->root, "server.js", "require(\"http\");\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v = view_of(m, "docker-compose.yml");
  assert_non_null(v);
  assert_null(v->deploys);

  char path[4096];
  snprintf(path, sizeof(path), "%s/Makefile", f->root);
  assert_int_equal(unlink(path), 0);
  m = rc_test_model_build(f);
  v = view_of(m, "docker-compose.yml");
  assert_non_null(v);
  assert_non_null(v->deploys);
  assert_non_null(strstr(v->deploys, "the project's own image"));
}

/* A README section that has the reader write a compose file running the
 * published image, then `docker compose up`, runs that file: the
 * committed one building the same service from source is not what it
 * deploys. A snippet that builds the service too is the committed file. */
static void test_readme_written_compose_file(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "go.mod", "module example.com/app\n");
  rc_test_write(f->root, "Dockerfile", "FROM alpine:3.20\n");
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  app:\n    build: .\n    restart: always\n");
  rc_test_write(f->root, "README.md",
                "# App\n\n## Installation\n\nCreate `docker-compose.yml`:"
                "\n\n```yml\nservices:\n  app:\n    image: "
                "ghcr.io/acme/app:latest\n```\n\n```bash\ndocker compose "
                "up -d\n```\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v = view_of(m, "docker-compose.yml");
  assert_non_null(v);
  assert_null(v->deploys);

  rc_test_write(f->root, "README.md",
                "# App\n\n## Installation\n\n```yml\nservices:\n  app:\n"
                "    build: .\n    image: acme/app\n```\n\n```bash\n"
                "docker compose up -d\n```\n");
  m = rc_test_model_build(f);
  v = view_of(m, "docker-compose.yml");
  assert_non_null(v);
  assert_non_null(v->deploys);
}

/* A monorepo image built from the root context belongs to its folder. */
static void test_root_context_image(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "apps/web/Dockerfile", "FROM node:20-slim\n");
  rc_test_write(f->root, "apps/web/package.json",
                "{\"scripts\": {\"start\": \"next start\"}}");
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "jobs:\n  b:\n    steps:\n      - uses: "
                "docker/build-push-action@v6\n        with:\n          "
                "context: .\n          file: apps/web/Dockerfile\n"
                "          push: true\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(m->n_services, 1);
  const struct rc_service *s = &m->services[0];
  assert_string_equal(s->name, "web");
  assert_string_equal(s->dir, "apps/web");
  assert_string_equal(s->context, "");
  assert_int_equal(s->kind, RC_SERVICE_IMAGE);
  assert_int_equal(s->built->at.line, 4);
}

/* `docker build --output=.` writes files (an APK, a binary) instead of an
 * image: no image runs from that build; `--output type=image` is one. */
static void test_build_that_exports_files(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "mobile/android.Dockerfile",
                "FROM node:20\nRUN npm run build:apk\n"
                "FROM scratch\nCOPY --from=0 /app.apk /\n");
  rc_test_write(f->root, "api/Dockerfile", "FROM node:20-slim\n");
  rc_test_write(f->root, "Makefile",
                "apk:\n\tdocker build -f mobile/android.Dockerfile "
                "--output=. mobile\n"
                "api:\n\tdocker buildx build --output type=image,push=true "
                "-t acme/api api\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(image_of(m, "mobile/android.Dockerfile")->role,
                   RC_ROLE_NONPROD);
  assert_non_null(strstr(image_of(m, "mobile/android.Dockerfile")->why,
                         "writes files to '.'"));
  assert_int_equal(image_of(m, "api/Dockerfile")->role, RC_ROLE_PRODUCTION);
  assert_null(service_of(m, "mobile"));
}

/* Two Dockerfiles of one folder, both built: two services, the second
 * named for its variant. */
static void test_variant_service_names(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "script/Dockerfile", "FROM alpine:3.19\n");
  rc_test_write(f->root, "script/Dockerfile.mysql", "FROM mysql:8.0\n");
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "jobs:\n  b:\n    steps:\n"
                "      - run: docker build -t acme/a script\n"
                "      - run: docker build -f script/Dockerfile.mysql -t "
                "acme/db script\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(m->n_services, 2);
  assert_non_null(service_of(m, "script"));
  assert_non_null(service_of(m, "script.mysql"));
  assert_string_equal(service_of(m, "script.mysql")->dockerfile,
                      "script/Dockerfile.mysql");
}

/* At the root, the second Dockerfile's service is its variant's name: the
 * root's own is ".", and "..base" names nothing a reader knows. */
static void test_variant_service_names_at_root(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Dockerfile", "FROM alpine:3.19\n");
  rc_test_write(f->root, "Dockerfile.base", "FROM alpine:3.19\n");
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "jobs:\n  b:\n    steps:\n"
                "      - run: docker build -t acme/a .\n"
                "      - run: docker build -f Dockerfile.base -t acme/b .\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(m->n_services, 2);
  assert_non_null(service_of(m, "."));
  assert_non_null(service_of(m, "base"));
  assert_string_equal(service_of(m, "base")->dockerfile, "Dockerfile.base");
}

/* A script named for running things locally (`build-images-locally.sh`)
 * builds development images; the same build in `build-images.sh` is a
 * production one. */
static void test_script_named_locally(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "apps/web/Dockerfile.local", "FROM node:20-slim\n");
  rc_test_write(f->root, "build/build-images-locally.sh",
                "#!/bin/sh\ndocker build -f apps/web/Dockerfile.local -t "
                "acme/web:latest apps/web\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(image_of(m, "apps/web/Dockerfile.local")->role,
                   RC_ROLE_DEVELOPMENT);
  rc_test_write(f->root, "build/build-images.sh",
                "#!/bin/sh\ndocker build -f apps/web/Dockerfile.local -t "
                "acme/web:latest apps/web\n");
  m = rc_test_model_build(f);
  assert_int_equal(image_of(m, "apps/web/Dockerfile.local")->role,
                   RC_ROLE_PRODUCTION);
}

/* A Dockerfile in a layout folder (svc/cart/src) names its service for the
 * folder above; an ordinary folder names it itself. */
static void test_layout_folder_service_name(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "svc/cart/src/Dockerfile", "FROM alpine:3.19\n");
  rc_test_write(f->root, "svc/mail/Dockerfile", "FROM alpine:3.19\n");
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "jobs:\n  b:\n    steps:\n"
                "      - run: docker build -t acme/cart svc/cart/src\n"
                "      - run: docker build -t acme/mail svc/mail\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(m->n_services, 2);
  assert_non_null(service_of(m, "cart"));
  assert_string_equal(service_of(m, "cart")->dir, "svc/cart/src");
  assert_non_null(service_of(m, "mail"));
}

/* `docker tag SRC DST` links a build tagged SRC to a service running DST;
 * without the retag line the local name links nothing. */
static void test_retag_links_image(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  app:\n    image: acme/app:1.2\n");
  rc_test_write(f->root, "Dockerfile", "FROM node:20-slim\n");
  rc_test_write(f->root, "Makefile", "image:\n\tdocker build -t app-local .\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_null(service_of(m, "app")->built);
  rc_test_write(f->root, "Makefile",
                "image:\n\tdocker build -t app-local .\n"
                "\tdocker tag app-local acme/app:1.2\n");
  m = rc_test_model_build(f);
  assert_non_null(service_of(m, "app")->built);
  assert_string_equal(service_of(m, "app")->dockerfile, "Dockerfile");
}

/* build-push-action that neither pushes nor exports leaves its image on
 * the runner: the stage it names is a test image; one whose workflow
 * pushes it later is not. */
static void test_unpushed_build_is_not_production(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Dockerfile",
                "FROM node:20-slim AS web\nFROM node:20-slim AS prod\n");
  rc_test_write(f->root, "api/Dockerfile",
                "FROM golang:1.22 AS api\nFROM alpine:3.20\n");
  rc_test_write(f->root, ".github/workflows/tests.yml",
                "jobs:\n  t:\n    steps:\n      - uses: "
                "docker/build-push-action@v6\n        with:\n          "
                "push: false\n          load: true\n          target: "
                "web\n          tags: acme/web\n      - run: docker run "
                "acme/web npm test\n");
  rc_test_write(f->root, ".github/workflows/api.yml",
                "jobs:\n  t:\n    steps:\n      - uses: "
                "docker/build-push-action@v6\n        with:\n          "
                "context: api\n          load: true\n          target: "
                "api\n          tags: acme/api\n      - run: docker push "
                "acme/api\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_image *web = image_of(m, "Dockerfile");
  const struct rc_image *api = image_of(m, "api/Dockerfile");
  assert_non_null(web);
  assert_non_null(api);
  assert_int_equal(web->role, RC_ROLE_NONPROD);
  assert_int_equal(api->role, RC_ROLE_PRODUCTION);
}

/* A Dockerfile symlinked to another is built as that other file. */
static void test_symlinked_dockerfile(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "docker/Dockerfile", "FROM python:3.12-slim\n");
  char at[4096];
  snprintf(at, sizeof(at), "%s/Dockerfile", f->root);
  assert_int_equal(symlink("docker/Dockerfile", at), 0);
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "jobs:\n  b:\n    steps:\n      - run: docker build -f "
                "./Dockerfile .\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_image *im = image_of(m, "docker/Dockerfile");
  assert_non_null(im);
  assert_int_equal(im->role, RC_ROLE_PRODUCTION);
  assert_non_null(im->df);
  assert_null(image_of(m, "Dockerfile"));
}

/* Commands in a README of Docker/ are run from the root (`cd ./App/`
 * is the clone); a git URL context is a clone of the repository; a
 * context guessed from the Dockerfile's folder yields to the root when
 * only the root holds what the Dockerfile copies. */
static void test_build_paths_from_the_root(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Docker/Dockerfile-Alpine",
                "FROM alpine:3.20\nCOPY . /app\n"
                "COPY ./Docker/entrypoint.sh /\n");
  rc_test_write(f->root, "Docker/Dockerfile-Oldest",
                "FROM alpine:3.16\nCOPY . /app\n");
  rc_test_write(f->root, "Docker/Dockerfile",
                "FROM debian:12\nCOPY . /app\n"
                "COPY ./Docker/*.conf /etc/\n");
  rc_test_write(f->root, "Docker/entrypoint.sh", "#!/bin/sh\n");
  rc_test_write(f->root, "Docker/app.conf", "x\n");
  rc_test_write(f->root, "Docker/README.md",
                "```sh\ncd ./App/\ndocker build -f Docker/Dockerfile-Oldest "
                ".\ndocker build -f Docker/Dockerfile-Alpine "
                "https://github.com/acme/app.git#latest\n```\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_image *old = image_of(m, "Docker/Dockerfile-Oldest");
  assert_non_null(old);
  assert_string_equal(old->context, "");
  assert_null(image_of(m, "Docker/App/Docker/Dockerfile-Oldest"));
  const struct rc_image *alpine = image_of(m, "Docker/Dockerfile-Alpine");
  assert_non_null(alpine);
  assert_string_equal(alpine->context, "");
  const struct rc_image *deb = image_of(m, "Docker/Dockerfile");
  assert_non_null(deb);
  assert_string_equal(deb->context, "");
}

/* From entry points along imports: relative, tsconfig paths (with
 * comments and trailing commas), workspace packages; a tool nothing
 * imports is not reached. */
static void test_reach(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "package.json",
                "{\"private\": true, \"workspaces\": [\"apps/*\", "
                "\"packages/*\"]}");
  rc_test_write(f->root, "apps/api/package.json",
                "{\"name\": \"api\", \"scripts\": {\"start\": \"node "
                "dist/main.js\"}}");
  rc_test_write(f->root, "apps/api/tsconfig.json",
                "{\n  // aliases\n  \"compilerOptions\": {\"paths\": "
                "{\"@app/*\": [\"./src/*\"],},},\n}\n");
  rc_test_write(f->root, "apps/api/src/main.ts",
                "import { a } from './a';\nimport { b } from '@app/b';\n"
                "import { ui } from '@acme/ui';\nimport type { T } from "
                "'./types';\n");
  rc_test_write(f->root, "apps/api/src/a.ts", "export const a = 1;\n");
  rc_test_write(f->root, "apps/api/src/b.ts", "export const b = 1;\n");
  rc_test_write(f->root, "apps/api/src/types.ts", "export type T = 1;\n");
  rc_test_write(f->root, "apps/api/src/unused.ts", "import x from 'x';\n");
  rc_test_write(f->root, "packages/ui/package.json",
                "{\"name\": \"@acme/ui\", \"main\": \"dist/index.js\"}");
  rc_test_write(f->root, "packages/ui/src/index.ts", "export const ui = 1;\n");
  rc_test_write(f->root, "tools/seed.ts", "import f from 'faker';\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_service *api = service_of(m, "api");
  assert_non_null(api);
  assert_int_equal(api->reach, RC_REACH_ENTRIES);
  assert_ptr_equal(rc_model_reached_by(m, "apps/api/src/main.ts"), api);
  assert_non_null(rc_model_reached_by(m, "apps/api/src/a.ts"));
  assert_non_null(rc_model_reached_by(m, "apps/api/src/b.ts"));
  assert_non_null(rc_model_reached_by(m, "packages/ui/src/index.ts"));
  assert_null(rc_model_reached_by(m, "apps/api/src/types.ts"));
  assert_null(rc_model_reached_by(m, "apps/api/src/unused.ts"));
  assert_null(rc_model_reached_by(m, "tools/seed.ts"));
  assert_string_equal(rc_model_resolve_import(m, "apps/api/src", "@app/b"),
                      "apps/api/src/b.ts");
  assert_null(rc_model_resolve_import(m, "apps/api/src", "express"));

  /* no entry point found: every source file of the folder counts */
  rc_test_write(f->root, "apps/api/package.json",
                "{\"name\": \"api\", \"scripts\": {\"start\": \"magic\"}}");
  rc_test_write(f->root, "apps/api/src/main.ts", "export {};\n");
  m = rc_test_model_build(f);
  api = service_of(m, "api");
  assert_int_equal(api->reach, RC_REACH_ENTRIES); /* src/main by default */
  rc_test_write(f->root, "apps/api/src/main.ts", "");
  char path[4096];
  snprintf(path, sizeof(path), "%s/apps/api/src/main.ts", f->root);
  assert_int_equal(unlink(path), 0);
  m = rc_test_model_build(f);
  api = service_of(m, "api");
  assert_int_equal(api->reach, RC_REACH_ALL);
  assert_non_null(rc_model_reached_by(m, "apps/api/src/unused.ts"));
}

/* `dockerfile: ${VAR}` takes the value committed env files give, the
 * default written beside it, or - when two files disagree - nothing. */
static void test_dockerfile_variable(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(
      f->root, "docker-compose.yml",
      "services:\n  web:\n    build:\n      context: .\n"
      "      dockerfile: ${WEB_DOCKERFILE}\n"
      "  worker:\n    build:\n      context: .\n"
      "      dockerfile: ${WORKER_DOCKERFILE:-ops/Dockerfile.worker}\n");
  rc_test_write(
      f->root, "ops/compose-env",
      "# setup.sh copies this to .env\nWEB_DOCKERFILE=ops/Dockerfile\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_compose_view *v = view_of(m, "docker-compose.yml");
  assert_non_null(v);
  assert_string_equal(v->services[0].dockerfile, "ops/Dockerfile");
  assert_string_equal(v->services[1].dockerfile, "ops/Dockerfile.worker");
  rc_test_write(f->root, ".env.example", "WEB_DOCKERFILE=ops/Dockerfile.alt\n");
  m = rc_test_model_build(f);
  v = view_of(m, "docker-compose.yml");
  assert_null(v->services[0].dockerfile);
  assert_string_equal(v->services[0].dockerfile_var, "${WEB_DOCKERFILE}");
}

/* Python: a gunicorn app's imports (absolute, relative, from-import of a
 * submodule, a package's __init__.py) are reached, a module nothing
 * imports is not; a Django project counts its whole folder. */
static void test_python_reach(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Dockerfile",
                "FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\n"
                "CMD [\"gunicorn\", \"-c\", \"python:conf.gunicorn\", "
                "\"shop.main:app\"]\n");
  rc_test_write(f->root, "requirements.txt", "flask\n");
  rc_test_write(f->root, "shop/__init__.py", "");
  rc_test_write(f->root, "shop/main.py",
                "\"\"\"The app.\n\nimport shop.docstring_only\n\"\"\"\n"
                "from flask import Flask\nfrom . import views\n"
                "from shop.lib import (\n    db,\n)\nimport shop.util as u\n");
  rc_test_write(f->root, "shop/views.py", "from .lib.db import connect\n");
  rc_test_write(f->root, "shop/lib/__init__.py", "");
  rc_test_write(f->root, "shop/lib/db.py", "import os\n");
  rc_test_write(f->root, "shop/util.py", "");
  rc_test_write(f->root, "shop/docstring_only.py", "");
  rc_test_write(f->root, "shop/unused.py", "import os\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(m->n_services, 1);
  const struct rc_service *s = &m->services[0];
  assert_int_equal(s->py_reach, RC_REACH_ENTRIES);
  assert_int_equal(s->n_py_entries, 1);
  const char *reached[] = {"shop/__init__.py", "shop/main.py",
                           "shop/views.py",    "shop/lib/__init__.py",
                           "shop/lib/db.py",   "shop/util.py"};
  for (size_t i = 0; i < sizeof(reached) / sizeof(*reached); i++)
    assert_ptr_equal(rc_model_py_runs(m, reached[i]), s);
  assert_int_equal(s->n_py_reached, 6);
  assert_null(rc_model_py_runs(m, "shop/unused.py"));
  assert_null(rc_model_py_runs(m, "shop/docstring_only.py"));

  rc_test_write(f->root, "shop/main.py", "from django.core.wsgi import x\n");
  m = rc_test_model_build(f);
  s = &m->services[0];
  assert_int_equal(s->py_reach, RC_REACH_ALL);
  assert_non_null(strstr(s->py_why, "from django"));
  assert_ptr_equal(rc_model_py_runs(m, "shop/unused.py"), s);
}

/* Go: the main package a Dockerfile builds and the packages it imports
 * through the module path (a cycle read once, a local replace directive's
 * module too) are reached; a package nothing imports, a test file and a
 * `//go:build ignore` tool are not; a build of `./...` counts the folder. */
static void test_go_reach(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Dockerfile",
                "FROM golang:1.22 AS build\nWORKDIR /src/app\nCOPY . .\n"
                "RUN go mod download\n"
                "RUN go build -o /out/x /abs/main.go ../../up.go\n"
                "RUN CGO_ENABLED=0 go build -o /out/api -ldflags '-s -w' "
                "./cmd/api\n"
                "FROM scratch\nCOPY --from=build /out/api /api\n"
                "ENTRYPOINT [\"/api\"]\n");
  rc_test_write(f->root, "go.mod",
                "module example.com/shop\n\ngo 1.22\n\nrequire (\n"
                "\texample.com/lib v0.0.0\n)\n\n"
                "replace example.com/lib => ./third/lib\n");
  rc_test_write(f->root, "third/lib/go.mod", "module example.com/lib\n");
  rc_test_write(f->root, "third/lib/lib.go", "package lib\n");
  rc_test_write(f->root, "third/unused/u.go", "package unused\n");
  rc_test_write(f->root, "cmd/api/main.go",
                "// The API.\npackage main\n\nimport (\n\t\"fmt\"\n"
                "\tdb \"example.com/shop/internal/db\"\n"
                "\t_ \"example.com/lib\"\n)\n\nfunc main() {}\n");
  rc_test_write(f->root, "cmd/api/main_test.go",
                "package main\n\nimport \"example.com/shop/internal/old\"\n");
  rc_test_write(f->root, "cmd/api/gen.go",
                "//go:build ignore\n\npackage main\n\n"
                "import \"example.com/shop/internal/old\"\n");
  rc_test_write(f->root, "cmd/tool/main.go", "package main\n");
  rc_test_write(f->root, "cmd/api/magefile.go",
                "//go:build mage\n\npackage main\n\n"
                "import \"example.com/shop/internal/old\"\n");
  rc_test_write(f->root, "internal/db/db.go",
                "package db\n\nimport \"example.com/shop/internal/util\"\n");
  rc_test_write(f->root, "internal/util/util.go",
                "package util\n\nimport \"example.com/shop/internal/db\"\n");
  rc_test_write(f->root, "internal/old/old.go", "package old\n");
  const struct rc_model *m = rc_test_model_build(f);
  assert_int_equal(m->n_services, 1);
  const struct rc_service *s = &m->services[0];
  assert_int_equal(s->go_reach, RC_REACH_ENTRIES);
  assert_int_equal(s->n_go_entries, 1);
  const char *reached[] = {"cmd/api/main.go", "internal/db/db.go",
                           "internal/util/util.go", "third/lib/lib.go"};
  for (size_t i = 0; i < sizeof(reached) / sizeof(*reached); i++)
    assert_ptr_equal(rc_model_go_runs(m, reached[i]), s);
  assert_int_equal(s->n_go_reached, 4);
  assert_null(rc_model_go_runs(m, "internal/old/old.go"));
  assert_null(rc_model_go_runs(m, "cmd/api/gen.go"));
  assert_null(rc_model_go_runs(m, "cmd/api/magefile.go"));
  assert_null(rc_model_go_runs(m, "cmd/tool/main.go"));
  assert_null(rc_model_go_runs(m, "third/unused/u.go"));

  /* no build the Dockerfile names: every main package by convention */
  rc_test_write(f->root, "Dockerfile",
                "FROM golang:1.22\nCOPY . .\nRUN make build\n"
                "ENTRYPOINT [\"/api\"]\n");
  m = rc_test_model_build(f);
  s = &m->services[0];
  assert_int_equal(s->go_reach, RC_REACH_ENTRIES);
  assert_int_equal(s->n_go_entries, 2);
  assert_ptr_equal(rc_model_go_runs(m, "cmd/tool/main.go"), s);
  assert_null(rc_model_go_runs(m, "internal/old/old.go"));

  rc_test_write(f->root, "Dockerfile",
                "FROM golang:1.22\nCOPY . .\nRUN go build ./...\n"
                "ENTRYPOINT [\"/api\"]\n");
  m = rc_test_model_build(f);
  s = &m->services[0];
  assert_int_equal(s->go_reach, RC_REACH_ALL);
  assert_non_null(strstr(s->go_why, "./..."));
  assert_ptr_equal(rc_model_go_runs(m, "internal/old/old.go"), s);

  /* a root Dockerfile copying backend/ (its own module) into the working
   * folder builds backend's packages */
  rc_test_write(f->root, "Dockerfile",
                "FROM golang:1.22 AS build\nWORKDIR /go/src/app\n"
                "COPY --link ./backend .\n"
                "RUN go build -o /bin/srv ./app/srv/*.go\n"
                "FROM scratch\nCOPY --from=build /bin/srv /srv\n");
  rc_test_write(f->root, "backend/go.mod", "module example.com/backend\n");
  rc_test_write(f->root, "backend/app/srv/main.go",
                "package main\n\nimport \"example.com/backend/internal/x\"\n");
  rc_test_write(f->root, "backend/internal/x/x.go", "package x\n");
  rc_test_write(f->root, "backend/internal/y/y.go", "package y\n");
  m = rc_test_model_build(f);
  s = &m->services[0];
  assert_int_equal(s->go_reach, RC_REACH_ENTRIES);
  assert_ptr_equal(rc_model_go_runs(m, "backend/internal/x/x.go"), s);
  assert_null(rc_model_go_runs(m, "backend/internal/y/y.go"));
  assert_null(rc_model_go_runs(m, "cmd/api/main.go"));
}

/* A production settings module's star-imported chain: relative and
 * absolute imports, each base with the names set again after the import
 * (not before it); a cycle ends the chain. */
static void test_django_settings_inherited(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Dockerfile",
                "FROM python:3.12-slim\nCOPY . /app\n"
                "ENV DJANGO_SETTINGS_MODULE=site.settings.prod\n"
                "CMD [\"gunicorn\", \"site.wsgi\"]\n");
  rc_test_write(f->root, "site/__init__.py", "");
  rc_test_write(f->root, "site/settings/__init__.py", "");
  rc_test_write(f->root, "site/settings/prod.py",
                "SECRET_KEY = 'x'\nfrom .base import *  # noqa\n\n"
                "DEBUG = False\nDEBUG_TOOLBAR == 1\n"
                "ALLOWED_HOSTS: list = ['a']\n    INDENTED = 1\n");
  rc_test_write(f->root, "site/settings/base.py",
                "from site.settings.common import *\nCORS = []\n");
  rc_test_write(f->root, "site/settings/common.py",
                "from .prod import *\nDEBUG = True\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_settings_use *u =
      rc_model_settings_use(m, "site/settings/prod.py");
  assert_non_null(u);
  assert_int_equal(u->n_bases, 2);
  assert_string_equal(u->bases[0], "site/settings/base.py");
  assert_string_equal(u->shadowed[0], "\nDEBUG\nALLOWED_HOSTS\n");
  assert_string_equal(u->bases[1], "site/settings/common.py");
  assert_string_equal(u->shadowed[1], "\nDEBUG\nALLOWED_HOSTS\nCORS\n");
  const char *sh = NULL;
  assert_ptr_equal(
      rc_model_settings_inherited(m, "site/settings/common.py", &sh), u);
  assert_ptr_equal(sh, u->shadowed[1]);
  assert_null(rc_model_settings_inherited(m, "site/settings/prod.py", &sh));
}

/* DJANGO_SETTINGS_MODULE: a production image's ENV names production
 * settings, manage.py's default development ones, CI test ones; a
 * wsgi.py default is overridden once production names a module, and an
 * example project's wsgi.py names no production settings. */
static void test_django_settings(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_write(f->root, "Dockerfile",
                "FROM python:3.12-slim\nCOPY . /app\n"
                "RUN DJANGO_SETTINGS_MODULE=site.settings.test python "
                "manage.py collectstatic\n"
                "ENV DJANGO_SETTINGS_MODULE=site.settings.production\n"
                "CMD [\"gunicorn\", \"site.wsgi\"]\n");
  rc_test_write(f->root, "manage.py",
                "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", "
                "\"site.settings.base\")\n");
  rc_test_write(f->root, "site/wsgi.py",
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
                "'site.settings.base')\n");
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "env:\n  DJANGO_SETTINGS_MODULE: site.settings.ci\n");
  rc_test_write(f->root, "k8s/worker.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n"
                "    spec:\n      containers:\n        - env:\n"
                "            - name: DJANGO_SETTINGS_MODULE\n"
                "              value: \"site.settings.worker\"\n");
  rc_test_write(f->root, "examples/demo/demo/wsgi.py",
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
                "'demo.settings')\n");
  const char *files[] = {
      "site/settings/production.py", "site/settings/worker.py",
      "site/settings/base.py",       "site/settings/test.py",
      "site/settings/ci.py",         "examples/demo/demo/settings.py"};
  for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
    rc_test_write(f->root, files[i], "DEBUG = False\n");
  const struct rc_model *m = rc_test_model_build(f);
  const struct rc_settings_use *u =
      rc_model_settings_use(m, "site/settings/production.py");
  assert_non_null(u);
  assert_int_equal(u->role, RC_ROLE_PRODUCTION);
  assert_string_equal(u->module, "site.settings.production");
  u = rc_model_settings_use(m, "site/settings/worker.py");
  assert_non_null(u);
  assert_int_equal(u->role, RC_ROLE_PRODUCTION);
  u = rc_model_settings_use(m, "site/settings/base.py");
  assert_non_null(u);
  assert_int_equal(u->role, RC_ROLE_DEVELOPMENT); /* wsgi default overridden */
  u = rc_model_settings_use(m, "site/settings/ci.py");
  assert_non_null(u);
  assert_int_equal(u->role, RC_ROLE_NONPROD);
  assert_null(rc_model_settings_use(m, "site/settings/test.py")); /* a RUN */
  assert_null(rc_model_settings_use(m, "examples/demo/demo/settings.py"));

  /* nothing production writes names a module: wsgi.py's default decides,
   * but not an example project's */
  rc_test_write(f->root, "Dockerfile",
                "FROM python:3.12-slim\nCOPY . /app\n"
                "CMD [\"gunicorn\", \"site.wsgi\"]\n");
  char worker[4096];
  snprintf(worker, sizeof(worker), "%s/k8s/worker.yaml", f->root);
  assert_int_equal(unlink(worker), 0);
  m = rc_test_model_build(f);
  u = rc_model_settings_use(m, "site/settings/base.py");
  assert_non_null(u);
  assert_int_equal(u->role, RC_ROLE_PRODUCTION);
  assert_true(u->by_default);
  u = rc_model_settings_use(m, "examples/demo/demo/settings.py");
  assert_non_null(u);
  assert_int_equal(u->role, RC_ROLE_NONPROD);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roles),
      cmocka_unit_test(test_words),
      cmocka_unit_test(test_substitutions),
      cmocka_unit_test(test_redirections),
      cmocka_unit_test_setup_teardown(
          test_chains_and_builds, rc_test_model_setup, rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(
          test_go_run_goreleaser, rc_test_model_setup, rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_builds_follow_directory_changes,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_docker_runs, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_views, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_symlinked_dockerfile,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_unpushed_build_is_not_production,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(
          test_retag_links_image, rc_test_model_setup, rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_dev_signals_in_services,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_overlay_folders, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_include_and_file_extends,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_build_paths_from_the_root,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_views_from_ci_chain,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_swarm_views, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_dev_stack, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_standalone_and_dev_signals,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_header_and_chain_signals,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_matrix_builds, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_profiles, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(
          test_extends_and_mounts, rc_test_model_setup, rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_delivered_from_project_directory,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_mount_of_unmodelled_service,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_images, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_images_unrun_script,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_images_ci_environment,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_services, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(
          test_root_context_image, rc_test_model_setup, rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_build_that_exports_files,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_variant_service_names_at_root,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_variant_service_names,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_script_named_locally,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_layout_folder_service_name,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_reach, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_python_reach, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_go_reach, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_django_settings_inherited,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_django_settings, rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_image_linked_by_tag,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_image_linked_by_folder,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_own_image_in_packaging_folder,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_own_image_built_here,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_readme_written_compose_file,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_image_linked_by_tag_and_target,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
      cmocka_unit_test_setup_teardown(test_dockerfile_variable,
                                      rc_test_model_setup,
                                      rc_test_model_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
