/*
 * test_dockerfile.c - the dockerfile probe: parsing (continuations,
 * comments, stages, ARG defaults) through each requirement, table-driven,
 * plus selection (exclude, nothing selected), git modes for scripts, and
 * files that cannot be evaluated.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_dockerfile;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_dockerfile);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_fixture_free(f);
  return 0;
}

struct row {
  const char *require;
  const char *dockerfile;
  enum rc_outcome want;
  const char *needle; /* in the message */
};

static const struct row rows[] = {
    /* non_root_user: the last USER of the final stage counts */
    {"non_root_user", "FROM node:20-alpine\nUSER node\nCMD [\"node\"]\n",
     RC_OUT_OK, "1 image checked"},
    {"non_root_user",
     "FROM node:20 AS build\nUSER node\nRUN npm ci\n\nFROM node:20-alpine\n"
     "CMD [\"node\"]\n",
     RC_OUT_FAIL, "the image has no USER"},
    {"non_root_user", "FROM alpine:3.20\nUSER app\nRUN x\nUSER root\n",
     RC_OUT_FAIL, "'USER root'"},
    {"non_root_user", "FROM alpine:3.20\nUSER 0\n", RC_OUT_FAIL, "'USER 0'"},
    {"non_root_user", "FROM alpine:3.20\nuser root:root\n", RC_OUT_FAIL,
     "root:root"},
    {"non_root_user", "FROM alpine:3.20\nUSER 1001:1001\n", RC_OUT_OK, NULL},
    {"non_root_user", "FROM alpine:3.20\nUSER ${APP_UID}\n", RC_OUT_OK, NULL},
    {"non_root_user",
     "FROM python:3.12-slim AS base\nUSER app\n\nFROM base\nCOPY . .\n",
     RC_OUT_OK, NULL},
    {"non_root_user",
     "FROM golang:1.22 AS b\nFROM gcr.io/distroless/static:nonroot\n",
     RC_OUT_OK, NULL},
    {"non_root_user",
     "FROM alpine:3.20\nRUN apk add su-exec\nUSER root\nENTRYPOINT [\"/e\"]\n",
     RC_OUT_OK, NULL},
    /* a USER inside a continued RUN line is not an instruction */
    {"non_root_user", "FROM alpine:3.20\nRUN echo \\\n  USER app\n",
     RC_OUT_FAIL, "no USER"},
    /* a commented-out USER is not one either */
    {"non_root_user", "FROM alpine:3.20\n# USER app\n", RC_OUT_FAIL, "no USER"},
    /* a base image chosen at build time decides the user */
    {"non_root_user", "ARG BASE\nFROM ${BASE}\nCOPY . .\n", RC_OUT_OK, NULL},
    /* USER root handing over to an official entrypoint that steps down */
    {"non_root_user",
     "FROM redis:7.2\nUSER root\nENTRYPOINT [\"docker-entrypoint.sh\"]\n"
     "CMD [\"redis-server\"]\n",
     RC_OUT_OK, NULL},
    {"non_root_user",
     "FROM redis:7.2\nUSER root\nENTRYPOINT [\"docker-entrypoint.sh\"]\n"
     "CMD [\"sh\"]\n",
     RC_OUT_FAIL, "USER root"},
    {"non_root_user",
     "FROM node:20\nUSER root\nENTRYPOINT [\"docker-entrypoint.sh\"]\n"
     "CMD [\"node\"]\n",
     RC_OUT_FAIL, "USER root"},
    /* a build script as the command: a toolchain, not a service */
    {"non_root_user",
     "FROM golang:1.22\nENTRYPOINT [\"/usr/local/bin/build.sh\"]\n", RC_OUT_OK,
     NULL},
    {"non_root_user",
     "FROM golang:1.22\nENTRYPOINT [\"sh\", \"-x\", "
     "\"./cross-compile.sh\"]\n",
     RC_OUT_OK, NULL},
    /* ... unless its name says it runs or starts what it built */
    {"non_root_user",
     "FROM golang:1.22\nENTRYPOINT [\"/usr/local/bin/build-and-run.sh\"]\n",
     RC_OUT_FAIL, "no USER"},
    {"non_root_user", "FROM golang:1.22\nCMD [\"./build\"]\n", RC_OUT_FAIL,
     "no USER"},
    /* multi_stage */
    {"multi_stage", "FROM a:1 AS x\nFROM b:1\n", RC_OUT_OK, NULL},
    {"multi_stage", "FROM a:1\nRUN x\n", RC_OUT_FAIL, "single-stage"},
    /* pinned_base */
    {"pinned_base", "FROM node:20.11-alpine\n", RC_OUT_OK, NULL},
    {"pinned_base", "FROM node\n", RC_OUT_FAIL, "has no tag"},
    {"pinned_base", "FROM node:latest AS x\n", RC_OUT_FAIL, ":latest"},
    {"pinned_base", "FROM localhost:5000/app\n", RC_OUT_FAIL, "has no tag"},
    {"pinned_base", "FROM localhost:5000/app:1.2\n", RC_OUT_OK, NULL},
    {"pinned_base", "FROM app@sha256:abc\n", RC_OUT_OK, NULL},
    {"pinned_base", "FROM --platform=$BUILDPLATFORM node:20 AS b\nFROM b\n",
     RC_OUT_OK, NULL},
    {"pinned_base", "FROM scratch\n", RC_OUT_OK, NULL},
    {"pinned_base", "ARG V=20\nFROM node:${V}-alpine\n", RC_OUT_OK, NULL},
    {"pinned_base", "ARG IMG=node\nFROM $IMG\n", RC_OUT_FAIL, "FROM $IMG"},
    {"pinned_base", "ARG BASE\nFROM ${BASE}\n", RC_OUT_OK, NULL},
    {"pinned_base", "FROM a:1 AS one\nFROM 0\n", RC_OUT_OK, NULL},
    /* an ARG default naming another ARG is followed */
    {"pinned_base", "ARG A=20\nARG B=${A}-alpine\nFROM node:${B}\n", RC_OUT_OK,
     NULL},
    {"pinned_base", "ARG T=latest\nARG U=$T\nFROM app:${U}\n", RC_OUT_FAIL,
     ":latest"},
    /* a shell substitution in a default cannot be resolved: build time */
    {"pinned_base",
     "ARG GO=1.22\nARG P=${TARGETPLATFORM/\\//-}\n"
     "FROM gotify/build:${GO}-${P} AS b\nFROM b\n",
     RC_OUT_OK, NULL},
    {"pinned_base", "ARG P=${TARGETPLATFORM/\\//-}\nFROM img/${P}\nFROM node\n",
     RC_OUT_FAIL, "FROM node"},
    /* small_base: through earlier stages to the external image */
    {"small_base", "FROM python:3.12-slim\n", RC_OUT_OK, NULL},
    {"small_base", "FROM node:20-alpine AS base\nFROM base\n", RC_OUT_OK, NULL},
    {"small_base", "FROM node:20-alpine AS b\nFROM node:20\n", RC_OUT_FAIL,
     "full image 'node:20'"},
    {"small_base", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n", RC_OUT_FAIL,
     "aspnet"},
    {"small_base", "FROM gcr.io/distroless/base-debian12\n", RC_OUT_OK, NULL},
    /* healthcheck: inherited from an earlier stage; NONE is none */
    {"healthcheck", "FROM a:1 AS base\nHEALTHCHECK CMD true\nFROM base\n",
     RC_OUT_OK, NULL},
    {"healthcheck", "FROM a:1\nHEALTHCHECK NONE\n", RC_OUT_FAIL,
     "HEALTHCHECK NONE"},
    {"healthcheck", "FROM a:1\n", RC_OUT_FAIL, "no HEALTHCHECK"},
    /* exec_healthcheck: operators need a shell */
    {"exec_healthcheck",
     "FROM a:1\nHEALTHCHECK CMD [\"curl\", \"-f\", \"x\", \"||\", "
     "\"exit\", \"1\"]\n",
     RC_OUT_FAIL, "shell syntax"},
    {"exec_healthcheck",
     "FROM a:1\nHEALTHCHECK CMD [\"sh\", \"-c\", \"curl -f x || exit 1\"]\n",
     RC_OUT_OK, NULL},
    /* the shell form: no exec-form HEALTHCHECK to check */
    {"exec_healthcheck", "FROM a:1\nHEALTHCHECK CMD curl -f x || exit 1\n",
     RC_OUT_SKIP, NULL},
    /* dockerignore: only a whole-context copy needs one */
    {"dockerignore", "FROM a:1\nCOPY package.json src/ ./\n", RC_OUT_OK, NULL},
    {"dockerignore", "FROM a:1\nCOPY . .\n", RC_OUT_FAIL,
     "without a .dockerignore"},
    /* what the copy brings is said: the history of a root context */
    {"dockerignore", "FROM a:1\nCOPY . .\n", RC_OUT_FAIL,
     "the image gets .git (the history, which a CI checkout has too)"},
    {"dockerignore", "FROM a:1\nCOPY --from=build /app /app\n", RC_OUT_OK,
     NULL},
    /* a Dockerfile without FROM cannot be judged */
    {"multi_stage", "# nothing\nRUN x\n", RC_OUT_ERROR, "no FROM"},
};

static void test_requirements(void **state)
{
  struct rc_ph_fixture *f = *state;
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    rc_test_write(f->repo.root, "Dockerfile", rows[i].dockerfile);
    rc_ph_repo_index(&f->repo);
    rc_ph_strings(&f->ph, "path", "**/Dockerfile", NULL);
    rc_ph_enum(&f->ph, "require", rows[i].require);
    rc_ph_check(&f->ph, &f->repo, &f->c);
    if (f->c.outcome != rows[i].want ||
        (rows[i].needle && !strstr(f->c.message, rows[i].needle)))
      fail_msg("row %zu (%s): outcome %d, message '%s'", i, rows[i].require,
               (int)f->c.outcome, f->c.message);
  }
}

static void test_evidence_names_file_and_line(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "api/Dockerfile",
                "FROM node:20-alpine\n\nUSER node\nUSER root\n");
  rc_test_write(f->repo.root, "web/Dockerfile",
                "FROM node:20-alpine\n"
                "USER node\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "path", "**/Dockerfile", NULL);
  rc_ph_enum(&f->ph, "require", "non_root_user");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "api/Dockerfile", 4, "USER root"));
  assert_true(rc_ph_has_ev(&f->c, "web/Dockerfile", 2, "ok:"));
}

static void test_exclude_and_nothing_selected(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "Dockerfile.dev", "FROM node\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "path", "**/Dockerfile.*", NULL);
  rc_ph_strings(&f->ph, "exclude", "**/Dockerfile.dev", NULL);
  rc_ph_enum(&f->ph, "require", "pinned_base");
  /* rc_ph_check() takes SKIP for "no outcome": call the probe directly */
  char msg[256];
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  memset(&f->c, 0, sizeof(f->c));
  f->c.outcome = RC_OUT_ERROR;
  rc_probe_dockerfile.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_SKIP);
  assert_string_equal(f->c.message, "no Dockerfile selected");

  rc_ph_strings(&f->ph, "exclude", "other/**", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
}

static void test_scripts_executable(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "Dockerfile",
                "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\n"
                "CMD [\"./start.sh\"]\n");
  rc_test_write_mode(root, "start.sh", "#!/bin/sh\n", 0644);
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "path", "Dockerfile", NULL);
  rc_ph_enum(&f->ph, "require", "scripts_executable");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "'start.sh' is not executable"));

  /* the git mode wins over the disk mode: 100755 in the index passes */
  rc_ph_git(&f->repo, "init", "-q", NULL);
  rc_ph_git(&f->repo, "add", ".", NULL);
  rc_ph_git(&f->repo, "update-index", "--chmod=+x", "start.sh", NULL);
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  /* a chmod in the Dockerfile fixes a 100644 script */
  rc_ph_git(&f->repo, "update-index", "--chmod=-x", "start.sh", NULL);
  rc_test_write(root, "Dockerfile",
                "FROM alpine:3.20\nCOPY . .\nRUN chmod +x ./start.sh\n"
                "ENTRYPOINT ./start.sh\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  /* started through a shell: not direct, no script to check */
  rc_test_write(root, "Dockerfile",
                "FROM alpine:3.20\nCOPY . .\nCMD [\"sh\", \"start.sh\"]\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_SKIP);
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256];
  rc_ph_strings(&f->ph, "path", "a/{b", NULL);
  rc_ph_enum(&f->ph, "require", "multi_stage");
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_non_null(strstr(msg, "invalid glob"));
}

/* Without `path`: the model's production images, each at the stage it is
 * built to; development, test and unused Dockerfiles are not judged. */
static void test_production_images(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml",
                "services:\n  api:\n    build:\n      context: api\n"
                "      target: runtime\n");
  rc_test_write(root, "api/Dockerfile",
                "FROM node:20 AS build\nRUN npm ci\n"
                "FROM node:20-slim AS runtime\nUSER node\n"
                "FROM runtime AS final\nUSER root\n");
  rc_test_write(root, "api/Dockerfile.dev", "FROM node\n");
  rc_test_write(root, "tests/Dockerfile", "FROM node\n");
  rc_test_write(root, "tools/Dockerfile", "FROM node\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "non_root_user");
  rc_ph_fixture_expect(f, RC_OUT_OK, "1 image checked");
  assert_true(rc_ph_has_ev(&f->c, "api/Dockerfile", 4, "runs as 'node'"));
  /* the message names the stage judged and where its target is chosen */
  assert_true(rc_ph_has_ev(&f->c, "api/Dockerfile", 4,
                           "judged: stage 'runtime', the target "
                           "docker-compose.yml:"));
  rc_ph_enum(&f->ph, "require", "pinned_base");
  rc_ph_fixture_expect(f, RC_OUT_OK, "1 image checked");

  /* built to the final stage, the image runs as root */
  rc_test_write(root, "docker-compose.yml",
                "services:\n  api:\n    build:\n      context: api\n"
                "      target: final\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "non_root_user");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "api/Dockerfile", 6, "'USER root'"));

  /* no build names a target: the last stage, and the message says so */
  rc_test_write(root, "docker-compose.yml",
                "services:\n  api:\n    build:\n      context: api\n");
  rc_test_write(root, "api/Dockerfile",
                "FROM node:20-slim AS runtime\nUSER node\n"
                "FROM alpine:3.20 AS upload\nRUN echo upload\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "api/Dockerfile", 3,
                           "judged: the last stage 'upload', which docker "
                           "build builds when no build names a target"));
}

/* Root in the Dockerfile, but the entrypoint script drops privileges or
 * compose sets a user: the service does not run as root. */
static void test_user_outside_the_dockerfile(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "compose.yaml", "services:\n  app:\n    build: .\n");
  rc_test_write(root, "Dockerfile",
                "FROM debian:12-slim\nCOPY entrypoint.sh /usr/local/bin/\n"
                "ENTRYPOINT [\"/usr/local/bin/entrypoint.sh\"]\n");
  rc_test_write(root, "entrypoint.sh",
                "#!/bin/sh\nchown -R app /data\nexec gosu app \"$@\"\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "non_root_user");
  rc_ph_fixture_expect(f, RC_OUT_OK, "1 image checked");
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 0, "gosu in"));

  rc_test_write(root, "entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);

  rc_test_write(root, "compose.yaml",
                "services:\n  app:\n    build: .\n    user: \"1000:1000\"\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK, "1 image checked");
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 0, "compose runs it as user"));
}

/* Without a USER the message says what is known of the base's user:
 * root for an official image (under an architecture's namespace too),
 * ContainerAdministrator on Windows Server Core, and for another
 * publisher's image that the base decides. */
static void test_root_message_says_what_is_known(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "Dockerfile",
                "FROM python:3.12-slim\nCOPY app /app\n"
                "CMD [\"python\", \"/app/main.py\"]\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "non_root_user");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 1,
                           "no USER instruction: the container runs as root"));

  rc_test_write(root, "Dockerfile",
                "FROM acme/platform:2\nCOPY app /app\n"
                "CMD [\"/app/server\"]\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 1,
                           "its base 'acme/platform:2' is a publisher's "
                           "image this repository does not show the user "
                           "of: the base decides"));

  /* an official image under an architecture's namespace is still one */
  rc_test_write(root, "Dockerfile",
                "FROM arm64v8/alpine:3.20\nCOPY app /app\n"
                "CMD [\"/app/server\"]\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "Dockerfile", 1,
                           "no USER instruction: the container runs as root"));

  rc_test_write(root, "Dockerfile",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                "COPY server.exe C:/app/server.exe\n"
                "ENTRYPOINT [\"C:/app/server.exe\"]\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(
      rc_ph_has_ev(&f->c, "Dockerfile", 1, "runs as ContainerAdministrator"));
}

/* An image that production compose services run is compose.healthchecks'
 * to judge: the image rule does not count it either way. */
static void test_healthcheck_of_compose_images(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "compose.yaml", "services:\n  api:\n    build: api\n");
  rc_test_write(root, "api/Dockerfile", "FROM node:20-slim\n");
  rc_test_write(root, "worker/Dockerfile", "FROM node:20-slim\n");
  rc_test_write(root, ".github/workflows/release.yml",
                "jobs:\n  b:\n    steps:\n      - run: docker build -f "
                "worker/Dockerfile worker\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "healthcheck");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "worker/Dockerfile", 1, "no HEALTHCHECK"));
  assert_false(rc_ph_has_ev(&f->c, "api/Dockerfile", 0, NULL));
  rc_test_write(root, "api/Dockerfile",
                "FROM node:20-slim\nHEALTHCHECK CMD true\n");
  rc_test_write(root, "worker/Dockerfile",
                "FROM node:20-slim\nHEALTHCHECK CMD true\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK, "1 image checked");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_requirements, setup, teardown),
      cmocka_unit_test_setup_teardown(test_evidence_names_file_and_line, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_exclude_and_nothing_selected, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_scripts_executable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
      cmocka_unit_test_setup_teardown(test_production_images, setup, teardown),
      cmocka_unit_test_setup_teardown(test_user_outside_the_dockerfile, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_root_message_says_what_is_known,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_healthcheck_of_compose_images, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
