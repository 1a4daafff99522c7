/*
 * test_backup.c - the backup probe on the deployment model: the dump tool
 * must serve the engine production runs (a sidecar using a database image
 * for its client tools is no database), the application's own command
 * counts, crontab installers and scripts backing up no database are not
 * judged, schedules must run the script, and verification steps count.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_backup;

static int setup(void **state)
{
  *state = rc_ph_fixture_new(&rc_probe_backup);
  return 0;
}

static int teardown(void **state)
{
  rc_ph_fixture_free(*state);
  return 0;
}

static const char *const postgres_compose =
    "services:\n"
    "  db:\n"
    "    image: postgres:16\n"
    "  dumper:\n"
    "    image: mysql:8\n"
    "    restart: always\n"
    "    command: sh -c 'while true; do sh /s/backup.sh; sleep 3600; done'\n";

static void test_engine_match(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml", postgres_compose);
  rc_test_write(root, "scripts/backup.sh",
                "#!/bin/sh\n# mysqldump would be wrong here\n"
                "echo pg_dump is not run by echo\n"
                "mysqldump app > /b/app.sql\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "dump-tool");
  rc_ph_string(&f->ph, "script", "scripts/backup.sh");
  rc_ph_fixture_run(f);
  /* the mysql sidecar loops over the script: a client image, no database */
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "runs mysqldump (mysql) but the "
                                       "deployment runs postgres 'db' "
                                       "(docker-compose.yml:2)"));

  rc_test_write(root, "scripts/backup.sh",
                "#!/bin/sh\npg_dumpall -U postgres > /b/all.sql\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "scripts/backup.sh runs pg_dumpall for the postgres "
                       "database 'db' (docker-compose.yml:2)");
  assert_true(rc_ph_has_ev(&f->c, "scripts/backup.sh", 2, "pg_dumpall"));
}

static void test_app_command_and_installer(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml",
                "services:\n  web:\n    image: example/app:1\n"
                "  db:\n    image: postgres:16\n");
  rc_test_write(root, "scripts/backup.sh",
                "#!/bin/sh\nsource scripts/_lib.sh\nbackup\n");
  rc_test_write(root, "scripts/_lib.sh",
                "backup() {\n"
                "  docker compose run --rm -T web export /data/out.json\n"
                "}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "dump-tool");
  rc_ph_string(&f->ph, "script", "scripts/backup.sh");
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "scripts/backup.sh runs web export (the "
                       "application's own command)");
  assert_true(rc_ph_has_ev(&f->c, "scripts/_lib.sh", 2, "web export"));

  rc_test_write(root, "scripts/install-backup.sh",
                "#!/bin/sh\n"
                "echo '0 3 * * * /opt/backup.sh' | crontab -\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_string(&f->ph, "script", "scripts/install-backup.sh");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_non_null(strstr(f->c.message, "is not a backup script: it installs "
                                       "a crontab (scripts/install-backup.sh"
                                       ":2)"));
}

static void test_no_database(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml",
                "services:\n  web:\n    image: example/app:1\n");
  rc_test_write(root, "scripts/backup.sh", "#!/bin/sh\nsleep 60\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "dump-tool");
  rc_ph_string(&f->ph, "script", "scripts/backup.sh");
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_non_null(strstr(f->c.message, "backs up no database"));

  /* a database makes the same script fail */
  rc_test_write(root, "docker-compose.yml",
                "services:\n  web:\n    image: example/app:1\n"
                "  db:\n    image: mariadb:11\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "calls no dump tool; the deployment "
                                       "runs mysql 'db'"));
}

static void test_schedules(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:16\n"
                "  backup:\n    image: alpine:3\n    command: crond -f\n");
  rc_test_write(root, "scripts/backup.sh", "#!/bin/sh\npg_dump app > x\n");
  rc_test_write(root, ".github/workflows/nightly.yml",
                "on:\n  schedule:\n    - cron: '0 4 * * *'\n"
                "jobs:\n  t:\n    steps:\n      - run: make test\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "scheduled");
  rc_ph_fixture_run(f);
  /* a service named backup and an unrelated CI cron schedule nothing */
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_non_null(strstr(f->c.message, "nothing schedules scripts/backup.sh"));

  rc_test_write(root, ".github/workflows/nightly.yml",
                "on:\n  schedule:\n    - cron: '0 4 * * *'\n"
                "jobs:\n  t:\n    steps:\n"
                "      - run: ./scripts/backup.sh\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "scripts/backup.sh is scheduled by a scheduled CI "
                       "workflow (.github/workflows/nightly.yml:7)");

  rc_test_write(root, ".github/workflows/nightly.yml", "on: push\n");
  rc_test_write(root, "deploy/backup.timer",
                "[Timer]\nOnCalendar=daily\nUnit=db-dump.service\n");
  rc_test_write(root, "deploy/db-dump.service",
                "[Service]\nExecStart=/opt/app/scripts/backup.sh\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "scripts/backup.sh is scheduled by a systemd timer "
                       "(deploy/backup.timer:1)");

  /* the crontab line a guide gives the operator (docs/ is no test
   * folder here); prose naming the script is no schedule */
  char deploy[512];
  snprintf(deploy, sizeof(deploy), "%s/deploy", root);
  rc_test_rmtree(deploy);
  rc_test_write(root, "docs/backups.md",
                "Run scripts/backup.sh before upgrading.\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_run(f);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  rc_test_write(root, "docs/backups.md",
                "Run scripts/backup.sh before upgrading.\n\n```\n"
                "15 3 * * * /srv/app/scripts/backup.sh\n```\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "scripts/backup.sh is scheduled by a cron line its "
                       "documentation gives (docs/backups.md:4)");
}

static void test_verified(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "scripts/backup.sh",
                "#!/bin/sh\npg_dump -Fc app > a.dump\n"
                "# gzip -t a.dump\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "verified");
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "scripts/backup.sh verifies nothing it wrote");

  /* several failing scripts: each is evidence, the message counts them */
  rc_test_write(root, "ops/files-backup.sh", "#!/bin/sh\nrestic backup /d\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_FAIL,
                       "2 of 2 backup scripts fail; first: ops/files-backup.sh "
                       "verifies nothing it wrote");
  assert_int_equal(f->c.n_ev, 2);
  assert_true(rc_ph_has_ev(&f->c, NULL, 0, "scripts/backup.sh verifies"));

  rc_test_write(root, "scripts/backup.sh",
                "#!/bin/sh\npg_dump -Fc app | gzip > a.gz\ngzip -t a.gz\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "scripts/backup.sh verifies the backup with an "
                       "archive test (scripts/backup.sh:3)");
}

/* A dump written under the same names every run replaces the last one:
 * nothing to prune. A date, a unique name or a file-level tool (whose
 * snapshots pile up in its repository) keep the finding. */
static void test_retention_fixed_names(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "docker-compose.yml",
                "services:\n  db:\n    image: postgres:16\n");
  rc_test_write(root, "scripts/backup.sh",
                "#!/bin/sh\n# a timestamp in a comment does not count\n"
                "pg_dump -Fc app > /b/app.dump\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "retention");
  rc_ph_string(&f->ph, "script", "scripts/backup.sh");
  rc_ph_fixture_expect(f, RC_OUT_OK,
                       "scripts/backup.sh writes its pg_dump dump under fixed "
                       "names (no date, time or unique name): each run "
                       "replaces the last backup, nothing accumulates to "
                       "prune");
  assert_true(rc_ph_has_ev(&f->c, "scripts/backup.sh", 3, "fixed names"));

  static const char *const unique[] = {
      "pg_dump -Fc app > /b/app-$(date +%F).dump\n",
      "pg_dump -Fc app > \"/b/app-$TIMESTAMP.dump\"\n",
      "f=$(mktemp /b/app.XXXXXX)\npg_dump -Fc app > \"$f\"\n",
      "pg_dump -Fc app > /b/app.$$.dump\n",
      "restic backup /var/lib/postgresql\n",
  };
  for (size_t i = 0; i < sizeof(unique) / sizeof(unique[0]); i++) {
    char body[256];
    snprintf(body, sizeof(body), "#!/bin/sh\n%s", unique[i]);
    rc_test_write(root, "scripts/backup.sh", body);
    rc_ph_repo_index(&f->repo);
    rc_ph_fixture_expect(f, RC_OUT_FAIL,
                         "scripts/backup.sh prunes no old backups");
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_engine_match, setup, teardown),
      cmocka_unit_test_setup_teardown(test_app_command_and_installer, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_no_database, setup, teardown),
      cmocka_unit_test_setup_teardown(test_schedules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_verified, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retention_fixed_names, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
