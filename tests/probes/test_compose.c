/*
 * test_compose.c - the compose probe: each requirement on small projects
 * (table-driven), files of one directory merged as one project, projects in
 * different directories kept apart, profiles and one-shot services, git
 * modes for scripts, and files that are not YAML.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_compose;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_compose);
  rc_test_write(f->repo.root, "api/Dockerfile", "FROM node:20-alpine\n");
  rc_test_write(f->repo.root, "nginx/nginx.conf", "events {}\n");
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
  const char *compose;
  enum rc_outcome want;
  const char *needle; /* in the message */
};

#define SVC "services:\n  app:\n    build: ./api\n"

static const struct row rows[] = {
    {"healthcheck", SVC "    healthcheck:\n      test: [\"CMD\", \"true\"]\n",
     RC_OUT_OK, "1 service in 1 compose view checked"},
    /* (a published port the file restarts: meant to run unattended, and
     * a restart brings back a crash, not a hang) */
    {"healthcheck",
     SVC "    ports: [\"8080:8080\"]\n    restart: unless-stopped\n",
     RC_OUT_FAIL, "services.app: no healthcheck"},
    /* (published, not restarted, nothing else checked: a try-out as often) */
    {"healthcheck", SVC "    ports: [\"8080:8080\"]\n", RC_OUT_OK, NULL},
    /* nothing acts on its health: no port, no dependant, not Swarm */
    {"healthcheck", SVC, RC_OUT_SKIP, "no service this applies to"},
    {"healthcheck", SVC "    healthcheck:\n      disable: true\n", RC_OUT_FAIL,
     NULL},
    {"healthcheck", SVC "    profiles: [debug]\n", RC_OUT_SKIP,
     "no service this applies to"},
    {"healthcheck", SVC "    ports: [\"8080:8080\"]\n    restart: \"no\"\n",
     RC_OUT_OK, NULL},
    {"resource_limits", SVC "    mem_limit: 512m\n", RC_OUT_OK, NULL},
    {"resource_limits",
     SVC "    deploy:\n      resources:\n        limits:\n          cpus: "
         "\"0.5\"\n",
     RC_OUT_OK, NULL},
    {"resource_limits",
     SVC "    deploy:\n      resources:\n        reservations:\n          "
         "memory: 1g\n",
     RC_OUT_FAIL, "no resource limits"},
    {"restart_policy", SVC "    restart: always\n", RC_OUT_OK, NULL},
    {"restart_policy", SVC, RC_OUT_FAIL, "no restart policy"},
    /* the message names the service that shows a policy was meant */
    {"restart_policy",
     SVC "  db:\n    image: postgres:16\n    restart: unless-stopped\n",
     RC_OUT_FAIL,
     "no restart policy, while services.db has one (restart: unless-stopped)"},
    {"db_not_public",
     "services:\n  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n",
     RC_OUT_FAIL,
     "'5432:5432' publishes the database on all of the host's interfaces"},
    /* a broker is named for what it is */
    {"db_not_public",
     "services:\n  mq:\n    image: rabbitmq:3\n    ports: [\"5672:5672\"]\n",
     RC_OUT_FAIL, "publishes the message broker on all of the host's"},
    {"db_not_public",
     "services:\n  db:\n    image: bitnami/postgresql:16\n    ports:\n      - "
     "\"127.0.0.1:5432:5432\"\n",
     RC_OUT_OK, NULL},
    {"db_not_public",
     "services:\n  db:\n    image: mysql:8\n    ports: [\"[::1]:3306:3306\"]\n",
     RC_OUT_OK, NULL},
    {"db_not_public",
     "services:\n  db:\n    image: mongo:7\n    ports:\n      - target: "
     "27017\n        published: 27017\n",
     RC_OUT_FAIL, "without host_ip"},
    {"db_not_public",
     "services:\n  db:\n    image: redis:7\n    ports: [6379]\n", RC_OUT_FAIL,
     "random host port"},
    {"db_not_public",
     "services:\n  web:\n    image: nginx:1\n    ports: [\"80:80\"]\n",
     RC_OUT_SKIP, "no service this applies to"},
    {"db_named_volume",
     "services:\n  db:\n    image: postgres:16\n    volumes: "
     "[\"pg:/var/lib/postgresql/data\"]\nvolumes:\n  pg:\n",
     RC_OUT_OK, NULL},
    /* a host folder persists the data as well */
    {"db_named_volume",
     "services:\n  db:\n    image: postgres:16\n    volumes: "
     "[\"./pg:/var/lib/postgresql/data\"]\n",
     RC_OUT_OK, NULL},
    {"db_named_volume", "services:\n  db:\n    image: postgres:16\n",
     RC_OUT_FAIL, "without a named volume or host folder"},
    /* runtime folders the stack fills itself need not exist */
    {"bind_dirs_exist",
     "services:\n  app:\n    image: a:1\n    volumes: "
     "[\"./.data/logs:/var/log/app\", \"./uploads:/srv/uploads\"]\n",
     RC_OUT_OK, NULL},
    /* nothing to check is not a pass */
    {"db_named_volume", "services:\n  cache:\n    image: redis:7\n",
     RC_OUT_SKIP, "no service this applies to"},
    {"refs_exist",
     "services:\n  api:\n    build: ./api\n    volumes:\n      - "
     "./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n      - ./data:/data\n",
     RC_OUT_OK, NULL},
    {"refs_exist", "services:\n  api:\n    build: ./web\n", RC_OUT_FAIL,
     "build context 'web' is not in the repository"},
    {"refs_exist",
     "services:\n  api:\n    build:\n      context: api\n      dockerfile: "
     "Dockerfile.prod\n",
     RC_OUT_FAIL, "Dockerfile 'api/Dockerfile.prod' is not in the repository"},
    {"refs_exist",
     "services:\n  api:\n    build: https://github.com/x/y.git\n    "
     "volumes:\n      - ../outside.conf:/x.conf\n",
     RC_OUT_OK, NULL},
    {"refs_exist",
     "services:\n  web:\n    image: nginx:1\n    volumes:\n      - type: "
     "bind\n        source: ./nginx/missing.conf\n        target: /x\n",
     RC_OUT_FAIL, "'./nginx/missing.conf' is not in the repository"},
    {"bind_dirs_exist",
     "services:\n  web:\n    image: nginx:1\n    volumes: "
     "[\"./dist:/usr/share/nginx/html\", "
     "\"./nginx/conf.d:/etc/nginx/conf.d\"]\n",
     RC_OUT_FAIL, "'./dist' does not exist"},
    {"exec_healthcheck",
     SVC "    healthcheck:\n      test: [\"CMD-SHELL\", \"curl -f x || exit "
         "1\"]\n",
     RC_OUT_OK, NULL},
    {"exec_healthcheck",
     SVC "    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"x\", "
         "\"||\", \"exit\", \"1\"]\n",
     RC_OUT_FAIL, "shell syntax '||'"},
    {"exec_healthcheck", SVC "    healthcheck:\n      test: curl x || exit 1\n",
     RC_OUT_OK, NULL},
    /* The exec form may start a shell itself; then operators work. */
    {"exec_healthcheck",
     SVC "    healthcheck:\n      test: [\"CMD\", \"/bin/bash\", \"-c\", "
         "\"curl -f x && echo ok\"]\n",
     RC_OUT_OK, NULL},
    {"exec_healthcheck",
     SVC "    healthcheck:\n      test: [\"CMD\", \"bashful\", \"-c\", "
         "\"a && b\"]\n",
     RC_OUT_FAIL, "shell syntax 'a && b'"},
    {"no_plaintext_secrets",
     SVC "    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?}\n      "
         "DB_PASSWORD_FILE: /run/secrets/db\n      API_KEY_RATE_LIMIT: "
         "\"10\"\n      SECRET: changeme\n",
     RC_OUT_OK, NULL},
    {"no_plaintext_secrets",
     SVC "    environment:\n      - JWT_SECRET=abc123\n", RC_OUT_FAIL,
     "JWT_SECRET"},
    /* switches about a password are not the password */
    {"no_plaintext_secrets",
     SVC "    environment:\n      - MYSQL_ALLOW_EMPTY_PASSWORD=true\n      "
         "- MYSQL_RANDOM_ROOT_PASSWORD=yes\n      - MYSQL_ROOT_PASSWORD=\n",
     RC_OUT_OK, NULL},
    {"no_plaintext_secrets",
     SVC "    environment:\n      - MYSQL_ALLOW_EMPTY_PASSWORD=true\n      "
         "- MYSQL_PASSWORD=petclinic\n",
     RC_OUT_FAIL, "MYSQL_PASSWORD to a literal"},
    /* a sentence telling the reader what to put there is no secret */
    {"no_plaintext_secrets",
     SVC "    environment:\n      JWT_SECRET: 'random string that is unique "
         "to every install - just type random characters here!'\n",
     RC_OUT_OK, NULL},
    /* durations and counts about a token are not the token */
    {"no_plaintext_secrets",
     SVC "    environment:\n      JWT_ACCESS_TOKEN_EXPIRES_IN: 7d\n      "
         "RATE_TOKEN_LIMIT: 2000\n      SESSION_SECRET_MAX_AGE: 3600\n",
     RC_OUT_OK, NULL},
    /* where a secret lives, how it is checked or whose it is */
    {"no_plaintext_secrets",
     SVC "    environment:\n      API_KEY_PREFIX: cal_\n      "
         "PASSWORD_POLICY: strict\n      VAULT_TOKEN_HOST: vault\n      "
         "ADMIN_PASSWORD_HASH: 5f4dcc3b5aa765d61d8327deb882cf99\n",
     RC_OUT_OK, NULL},
    /* the argument after python -c is program text, not shell */
    {"exec_healthcheck",
     SVC "    healthcheck:\n      test: [\"CMD\", \"python\", \"-c\", "
         "\"import sys; sys.exit(0)\"]\n",
     RC_OUT_OK, NULL},
    /* two spaces are not yet prose: still a literal value */
    {"no_plaintext_secrets",
     SVC "    environment:\n      JWT_SECRET: 'my secret value'\n", RC_OUT_FAIL,
     "JWT_SECRET to a literal"},
};

static void test_requirements(void **state)
{
  struct rc_ph_fixture *f = *state;
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    rc_test_write(f->repo.root, "docker-compose.yml", rows[i].compose);
    rc_ph_repo_index(&f->repo);
    rc_ph_strings(&f->ph, "file", "docker-compose.yml", NULL);
    rc_ph_enum(&f->ph, "require", rows[i].require);
    char msg[256];
    assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
    rc_ph_fixture_run(f);
    if (f->c.outcome != rows[i].want ||
        (rows[i].needle && !strstr(f->c.message, rows[i].needle)))
      fail_msg("row %zu (%s): outcome %d, message '%s'\n%s", i, rows[i].require,
               (int)f->c.outcome, f->c.message, rows[i].compose);
  }
}

/* base + prod override in one directory are one project; another
 * directory's service of the same name is another project */
static void test_merge_by_directory(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml", SVC);
  rc_test_write(root, "docker-compose.prod.yml",
                "services:\n  app:\n    restart: always\n");
  rc_test_write(root, "other/compose.yaml", SVC);
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "file", "docker-compose.yml", "docker-compose.prod.yml",
                NULL);
  rc_ph_enum(&f->ph, "require", "restart_policy");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  rc_ph_strings(&f->ph, "file", "**/{docker-compose,compose}*.{yml,yaml}",
                NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "other/compose.yaml", 0, "services.app"));
  assert_false(rc_ph_has_ev(&f->c, "docker-compose.yml", 0, NULL));
}

static void test_scripts_executable(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml",
                "services:\n  api:\n    build: ./api\n    command: "
                "./bin/start.sh --fast\n");
  rc_test_write_mode(root, "api/bin/start.sh", "#!/bin/sh\n", 0644);
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "file", "docker-compose.yml", NULL);
  rc_ph_enum(&f->ph, "require", "scripts_executable");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "'api/bin/start.sh' is not executable"));

  rc_ph_git(&f->repo, "init", "-q", NULL);
  rc_ph_git(&f->repo, "add", ".", NULL);
  rc_ph_git(&f->repo, "update-index", "--chmod=+x", "api/bin/start.sh", NULL);
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

static void test_not_yaml_is_error(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "docker-compose.yml", "services: [\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "file", "docker-compose.yml", NULL);
  rc_ph_enum(&f->ph, "require", "healthcheck");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_true(rc_ph_has_ev(&f->c, "docker-compose.yml", 0, "cannot read"));
}

static void test_no_file_is_skip(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "file", "compose.yaml", NULL);
  rc_ph_enum(&f->ph, "require", "healthcheck");
  char msg[256];
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  memset(&f->c, 0, sizeof(f->c));
  rc_probe_compose.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_SKIP);
}

/* Without `file`, the model's production views are judged: a base file
 * merged with its production overlay; dev, test and example files never
 * count, neither for nor against. */
static void test_production_views(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml",
                SVC "    restart: always\n    ports: [\"8080:8080\"]\n");
  rc_test_write(root, "docker-compose.prod.yml",
                "services:\n  app:\n    healthcheck:\n      test: "
                "[\"CMD\", \"true\"]\n");
  rc_test_write(root, "docker-compose.dev.yml", SVC);
  rc_test_write(root, "tests/docker-compose.yml", SVC);
  rc_test_write(root, "archive/docker-compose.yml", SVC);
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "healthcheck");
  rc_ph_fixture_expect(f, RC_OUT_OK, "1 service in 1 compose view checked");

  /* the overlay no longer adds it: the base's service is named, with the
   * line it is defined on, and nothing in the other files */
  rc_test_write(root, "docker-compose.prod.yml",
                "services:\n  app:\n    mem_limit: 1g\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "docker-compose.yml", 2, "services.app"));
  assert_int_equal(f->c.n_ev, 1);

  /* restart comes from the base, limits from the overlay: merged */
  rc_ph_enum(&f->ph, "require", "restart_policy");
  rc_ph_fixture_expect(f, RC_OUT_OK, NULL);
  rc_ph_enum(&f->ph, "require", "resource_limits");
  rc_ph_fixture_expect(f, RC_OUT_OK, NULL);
}

/* Every problem is listed with its own line, not one per service. */
static void test_every_problem_listed(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "compose.yaml",
                "services:\n"
                "  db:\n"
                "    image: postgres:16\n"
                "    ports:\n"
                "      - \"5432:5432\"\n"
                "      - \"0.0.0.0:5433:5433\"\n"
                "      - \"127.0.0.1:5434:5434\"\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "db_not_public");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, "compose.yaml", 5, "'5432:5432'"));
  assert_true(rc_ph_has_ev(&f->c, "compose.yaml", 6, "'0.0.0.0:5433:5433'"));
  assert_non_null(strstr(f->c.message, "2 problems in 1 of 1 services"));
}

/* A service the others wait on to complete is a one-shot job. */
static void test_one_shot_jobs(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "compose.yaml",
                "services:\n"
                "  migrate:\n"
                "    build: ./api\n"
                "  app:\n"
                "    build: ./api\n"
                "    restart: always\n"
                "    healthcheck: {test: [CMD, \"true\"]}\n"
                "    depends_on:\n"
                "      migrate:\n"
                "        condition: service_completed_successfully\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "restart_policy");
  rc_ph_fixture_expect(f, RC_OUT_OK, NULL);
  rc_ph_enum(&f->ph, "require", "healthcheck");
  rc_ph_fixture_expect(f, RC_OUT_OK, NULL);
  /* without the condition, sync is an ordinary service */
  rc_test_write(f->repo.root, "compose.yaml",
                "services:\n"
                "  sync:\n"
                "    image: example/app:1\n"
                "  app:\n"
                "    image: example/app:1\n"
                "    restart: always\n"
                "    depends_on: [sync]\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "restart_policy");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "compose.yaml", 2, "services.sync"));
}

/* A service named for a job (db-migrate, createbuckets) that listens on
 * no port, or whose script ends with `exit 0`, runs once; one named so
 * that publishes a port is a server. */
static void test_jobs_by_name_and_exit(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "compose.yaml",
                "services:\n"
                "  db-migrate:\n"
                "    image: example/app:1\n"
                "  createbuckets:\n"
                "    image: minio/mc:1\n"
                "  loader:\n"
                "    image: example/loader:1\n"
                "    command: [\"/bin/sh\", \"-c\", \"load.sh; exit 0\"]\n"
                "  setup:\n"
                "    image: example/setup-ui:1\n"
                "    ports: [\"8080:8080\"]\n"
                "  flusher:\n"
                "    image: example/flusher:1\n"
                "    command: [\"/bin/sh\", \"-c\", \"flush.sh; exit 1\"]\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "restart_policy");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, "compose.yaml", 9, "services.setup"));
  assert_true(rc_ph_has_ev(&f->c, "compose.yaml", 12, "services.flusher"));
}

/* An image-only service running a script it gets from a bind mount: no
 * Dockerfile can chmod it, git's mode is what runs. */
static void test_script_in_bind_mount(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "compose.yaml",
                "services:\n"
                "  web:\n"
                "    image: nginx:1.27\n"
                "    entrypoint: /docker-entrypoint.d/init.sh\n"
                "    volumes:\n"
                "      - ./scripts:/docker-entrypoint.d:ro\n");
  rc_test_write_mode(root, "scripts/init.sh", "#!/bin/sh\n", 0644);
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "scripts_executable");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(
      rc_ph_has_ev(&f->c, "compose.yaml", 4, "'scripts/init.sh' is not"));
  assert_non_null(strstr(f->c.message, "bind-mounted"));
  rc_test_write_mode(root, "scripts/init.sh", "#!/bin/sh\n", 0755);
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK, NULL);
}

/* Databases started for an app that runs on the host are a development
 * stack, not a deployment. */
static void test_dev_stack_is_not_judged(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json", "{\"scripts\": {\"start\": \"node .\"}}");
  rc_test_write(root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:16\n    ports: "
                "[\"5432:5432\"]\n  cache:\n    image: redis:7\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "db_not_public");
  rc_ph_fixture_expect(f, RC_OUT_SKIP,
                       "no production compose file (development, test and "
                       "example setups are not judged)");
  /* a packaging repository (no app code of its own) deploys the same file */
  char path[4096];
  snprintf(path, sizeof(path), "%s/package.json", root);
  assert_int_equal(unlink(path), 0);
  rc_ph_repo_index(&f->repo);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
}

/* One literal in several places of a file (the database's password and
 * the app's copy of it) is one finding that names every place; another
 * value is a finding of its own. */
static void test_secret_value_reported_once(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:17\n    environment:\n"
                "      POSTGRES_PASSWORD: s3cr3t\n  app:\n    build: ./api\n"
                "    environment:\n      DB_PASSWORD: s3cr3t\n"
                "      JWT_SECRET: an0ther\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_strings(&f->ph, "file", "docker-compose.yml", NULL);
  rc_ph_enum(&f->ph, "require", "no_plaintext_secrets");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, "docker-compose.yml", 5,
                           "services.app's DB_PASSWORD holds the same value"));
  assert_true(rc_ph_has_ev(&f->c, "docker-compose.yml", 10, "JWT_SECRET"));
}

/* An add-on's view repeats the base file's services: a repeated literal
 * names each of its places once, however many views layer the file. */
static void test_secret_places_named_once(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:17\n    environment:\n"
                "      POSTGRES_PASSWORD: s3cr3t\n  app:\n    build: ./api\n"
                "    environment:\n      DB_PASSWORD: s3cr3t\n");
  rc_test_write(f->repo.root, "docker-compose.full.yml",
                "services:\n  worker:\n    build: ./api\n"
                "    depends_on: [app]\n");
  rc_test_write(f->repo.root, "api/Dockerfile", "FROM alpine:3.19\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "no_plaintext_secrets");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 1);
  const char *also = "services.app's DB_PASSWORD holds the same value";
  const char *m = strstr(f->c.ev[0].text, also);
  assert_non_null(m);
  assert_null(strstr(m + 1, also));
  assert_null(strstr(f->c.ev[0].text, "services.db's POSTGRES_PASSWORD"));
}

/* Healthchecks are asked of the project's own services, and of any service
 * another one waits for with condition: service_healthy. */
static void test_healthcheck_scope(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "compose.yaml",
                "services:\n"
                "  app:\n"
                "    build: ./api\n"
                "    healthcheck: {test: [CMD, \"true\"]}\n"
                "  cache:\n"
                "    image: redis:7\n"
                "  proxy:\n"
                "    image: nginx:1.27\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "healthcheck");
  rc_ph_fixture_expect(f, RC_OUT_OK, "1 service in 1 compose view checked");
  rc_test_write(f->repo.root, "compose.yaml",
                "services:\n"
                "  app:\n"
                "    build: ./api\n"
                "    healthcheck: {test: [CMD, \"true\"]}\n"
                "    depends_on:\n"
                "      db: {condition: service_healthy}\n"
                "  db:\n"
                "    image: postgres:16\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "compose.yaml", 7,
                           "services.app waits for it with condition"));
}

/* A base file merged with each of several add-ons is several views: each
 * is named by what is merged onto it, never the base file again and again. */
static void test_presumed_views_told_apart(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "docker-compose.yml", SVC);
  rc_test_write(f->repo.root, "docker-compose.redis.yml",
                "services:\n  redis:\n    image: redis:7\n");
  rc_test_write(f->repo.root, "docker-compose.smtp.yml",
                "services:\n  smtp:\n    image: rnwood/smtp4dev:3\n");
  /* application code of its own: its compose files are not all it ships */
  rc_test_write(f->repo.root, "api/package.json",
                "{\"name\": \"a\", \"scripts\": {\"start\": \"node s.js\"}}\n");
  rc_test_write(f->repo.root, "api/s.js",
                "require('http').createServer().listen(3000);\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "require", "deploy_evidence");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(f->c.n_ev >= 2);
  for (size_t i = 0; i < f->c.n_ev; i++)
    for (size_t k = 0; k < i; k++)
      if (!strcmp(f->c.ev[i].text, f->c.ev[k].text))
        fail_msg("evidence %zu repeats %zu: '%s'", i, k, f->c.ev[i].text);
  assert_true(rc_ph_has_ev(&f->c, "docker-compose.yml", 0,
                           "merged with docker-compose.redis.yml:"));
  assert_true(rc_ph_has_ev(&f->c, "docker-compose.yml", 0,
                           "merged with docker-compose.smtp.yml:"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_requirements, setup, teardown),
      cmocka_unit_test_setup_teardown(test_merge_by_directory, setup, teardown),
      cmocka_unit_test_setup_teardown(test_scripts_executable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_yaml_is_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_file_is_skip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_production_views, setup, teardown),
      cmocka_unit_test_setup_teardown(test_every_problem_listed, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_one_shot_jobs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_jobs_by_name_and_exit, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_script_in_bind_mount, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_dev_stack_is_not_judged, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_healthcheck_scope, setup, teardown),
      cmocka_unit_test_setup_teardown(test_presumed_views_told_apart, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_secret_places_named_once, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_secret_value_reported_once, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
