/*
 * backup.h - database backups as the deployment model sees them: which
 * databases the production deployment runs, what a backup script does and
 * how it is run. Queries over the model and the file index; the backup
 * probe (probes/backup.c) judges with them.
 *
 * - A database is a production compose service or a long-running
 *   Kubernetes container whose image is a database engine (postgres,
 *   mysql/mariadb, mongo, redis...). A service or job that uses such an
 *   image only for its client tools (its command runs pg_dump, a backup
 *   script, a sleep loop) is not a database; neither is a cache or broker.
 * - A backup script is judged by what it runs: a dump tool (pg_dump for
 *   postgres, mysqldump/mariadb-dump for MySQL/MariaDB, mongodump for
 *   mongo, ...), a file-level tool (restic, borg, rclone...), or the
 *   application's own backup command (`/srv/app backup`, `docker compose
 *   run web export`). A script that only installs a crontab calling
 *   another script is an installer, not a backup script.
 * - A schedule is a cron line (crontab, cron.d, a script or Dockerfile
 *   writing one), a Kubernetes CronJob, a loop in a compose service that
 *   restarts always, a systemd timer, a scheduled CI workflow, or a cron
 *   line in the documentation (.md/.rst/.adoc), each naming the script; or
 *   the application scheduling its own backups.
 */
#ifndef READYCHECK_BACKUP_H
#define READYCHECK_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/compose.h"

struct rc_arena;
struct rc_index;
struct rc_model;

/* A database the production deployment runs. */
struct rc_backup_db {
  const char *engine; /* "postgres", "mysql", "mongo", "redis", or the image
                         name for another engine */
  const char *name;   /* the compose service or workload */
  const char *image;
  struct rc_where at;
};

/* The databases of the production compose views and Kubernetes
 * workloads. Returns the count; *out is in a. */
size_t rc_backup_databases(const struct rc_model *m, struct rc_arena *a,
                           struct rc_backup_db **out);

/* True when the model knows what production runs: a production compose
 * view with services, or a production Kubernetes workload. */
bool rc_backup_deployment_known(const struct rc_model *m);

/* What a backup script runs. */
struct rc_backup_script {
  const char *path;
  const char *tool;   /* the first dump or backup tool it calls, or NULL */
  const char *engine; /* that tool's engine: "postgres", ...; "files" for a
                         file-level tool, "app" for the application's own
                         command; NULL when tool is NULL */
  struct rc_where tool_at;
  const char *engines; /* every engine its tools serve, "postgres mysql" */
  bool installer;      /* only writes a crontab naming another script */
  struct rc_where installer_at;
  bool pruner; /* only deletes old files (a rotator): no tool, no crontab */
  struct rc_where pruner_at;
  /* The script itself (not what it sources) names something by date or
   * time, or uniquely ($(date ...), strftime %Y/%F, $EPOCHSECONDS,
   * mktemp, $RANDOM, $$, uuidgen, a timestamp variable): what it writes
   * may accumulate. False: every run writes the same names. */
  bool time_named;
};

/* Reads the script at path (and the files it sources) into *s (strings in
 * a). Returns 0, or -1 with the reason in err when it cannot be read. */
int rc_backup_script_read(struct rc_index *idx, const struct rc_model *m,
                          struct rc_arena *a, const char *path,
                          struct rc_backup_script *s, char *err, size_t errlen);

/* An image the repository builds copies the script at path (by name, or
 * a folder holding it) and makes it executable (`COPY --chmod=755`, or a
 * `RUN chmod` with an execute mode on where it lands, a glob matching
 * that, or -R on a folder holding it): true with *at on the COPY. */
bool rc_backup_made_executable(const struct rc_model *m, struct rc_arena *a,
                               const char *path, struct rc_where *at);

/* A shell script or Makefile of the repository runs chmod with an
 * execute mode on the script at path: by a path or glob written relative
 * to where it runs (`chmod a+x` with a glob of a folder's *.sh), or -R on a
 * folder on its way. True with *at on that line. */
bool rc_backup_chmodded_by_script(struct rc_index *idx, struct rc_arena *a,
                                  const char *path, struct rc_where *at);

/* How the script at path is scheduled: true with *how ("a cron line",
 * ...) and *at set, or false. */
bool rc_backup_schedule(struct rc_index *idx, const struct rc_model *m,
                        struct rc_arena *a, const struct rc_backup_script *s,
                        const char **how, struct rc_where *at);

/* Another command line of the crontab at sched (not sched's own line)
 * prunes backups (weed, prune, cleanup, rotate, `find -mtime`...): true
 * with *at set. */
bool rc_backup_sibling_prune(struct rc_index *idx, const struct rc_where *sched,
                             struct rc_where *at);

/* Where the application's own source sets up its backups: kind "retention"
 * (MaxBackupFiles, BACKUP_RETENTION, keep_backups...) or "schedule"
 * (AutoBackup, BACKUP_INTERVAL, backup_cron...). False when nowhere. */
bool rc_backup_in_app(struct rc_index *idx, const char *kind,
                      struct rc_where *at);

/* A verification step in the script: a restore test, `pg_restore --list`,
 * a checksum, `gzip -t`, `restic check`. */
bool rc_backup_verification(struct rc_index *idx, const char *path,
                            const char **what, struct rc_where *at);

#endif
