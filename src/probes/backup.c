/*
 * backup.c - the `backup` probe: database backups judged on the deployment
 * model (model/backup.c). One backup script (`script`) or every one in the
 * repository is judged for one `check`:
 *
 *   dump-tool  it calls the dump tool of a database engine the deployment
 *              runs, a file-level tool, or the application's own command;
 *   scheduled  a cron line (also one its documentation gives), CronJob,
 *              restart-always loop, systemd timer or
 *              scheduled CI workflow runs it (any script will do);
 *   retention  the application prunes what its own backup command writes,
 *              or the script dumps under fixed names (each run overwrites);
 *   verified   it verifies what it wrote (checksum, pg_restore --list...);
 *   executable an image the repository builds copies it and makes it
 *              executable (the mode in git does not matter then).
 *
 * A script that only installs a crontab, and a script that calls no dump
 * tool in a deployment that runs no database, back up no database: they
 * are not judged. retention and verified find only what the model adds;
 * rules pair them (`any:`) with the plain file checks.
 */
#include <stddef.h>
#include <string.h>

#include "readycheck/backup.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/probe.h"
#include "readycheck/role.h"

enum {
  CHECK_DUMP_TOOL,
  CHECK_SCHEDULED,
  CHECK_RETENTION,
  CHECK_VERIFIED,
  CHECK_EXECUTABLE
};

static const char *const check_names[] = {
    "dump-tool", "scheduled", "retention", "verified", "executable", NULL};

struct cfg {
  int check;
  const char *script; /* one script, or NULL for every backup script */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  struct rc_backup_db *dbs;
  size_t n_dbs;
  bool known;
  size_t n_judged, n_ok, n_fail;
  const char *first_ok, *first_fail, *first_fail_path, *skipped;
};

static void pass(struct run *r, const struct rc_where *at, const char *msg)
{
  r->n_ok++;
  if (!r->first_ok)
    r->first_ok = msg;
  rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, at->path, at->line, "%s",
                         msg);
}

static void add_fail_evidence(struct run *r, const char *path, const char *msg)
{
  /* judging every script, the finding is the repository's (its target
   * stays "-"); the message names the script */
  rc_check_evidence_mark(r->out, r->ctx, RC_EV_FAIL,
                         r->cfg->script && *r->cfg->script ? path : NULL, 0,
                         "%s", msg);
}

/* A failing script is evidence only when there are several: one failure
 * is the check's message, and repeating it says nothing more. */
static void fail(struct run *r, const char *path, const char *msg)
{
  if (r->n_fail == 1)
    add_fail_evidence(r, r->first_fail_path, r->first_fail);
  r->n_fail++;
  if (!r->first_fail) {
    r->first_fail = msg;
    r->first_fail_path = path;
  } else
    add_fail_evidence(r, path, msg);
}

static const char *engines_run(struct run *r)
{
  const char *s = "";
  for (size_t i = 0; i < r->n_dbs; i++)
    s = rc_arena_printf(r->ctx->arena, "%s%s%s '%s' (%s:%u)", s, i ? ", " : "",
                        r->dbs[i].engine, r->dbs[i].name, r->dbs[i].at.path,
                        r->dbs[i].at.line);
  return s;
}

static bool known_engine(const char *e)
{
  return strcmp(e, "postgres") == 0 || strcmp(e, "mysql") == 0 ||
         strcmp(e, "mongo") == 0 || strcmp(e, "redis") == 0;
}

/* The database the script's tools serve, or NULL; *other when only
 * engines without a known dump tool run. */
static const struct rc_backup_db *
served(struct run *r, const struct rc_backup_script *s, bool *other)
{
  *other = true;
  for (size_t i = 0; i < r->n_dbs; i++) {
    const char *e = r->dbs[i].engine;
    *other &= !known_engine(e);
    size_t n = strlen(e);
    for (const char *p = strstr(s->engines, e); p; p = strstr(p + 1, e))
      if ((p == s->engines || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
        return &r->dbs[i];
  }
  return NULL;
}

static void dump_tool(struct run *r, const struct rc_backup_script *s)
{
  struct rc_arena *a = r->ctx->arena;
  if (!s->tool) {
    fail(r, s->path,
         r->n_dbs ? rc_arena_printf(a,
                                    "%s calls no dump tool; the deployment "
                                    "runs %s",
                                    s->path, engines_run(r))
                  : rc_arena_printf(a,
                                    "%s calls no database dump command "
                                    "(pg_dump, mysqldump, mongodump...)",
                                    s->path));
    return;
  }
  bool other;
  const struct rc_backup_db *db = served(r, s, &other);
  const char *what =
      strcmp(s->engine, "app") == 0     ? "the application's own command"
      : strcmp(s->engine, "files") == 0 ? "a file-level backup tool"
                                        : s->engine;
  if (db)
    pass(r, &s->tool_at,
         rc_arena_printf(a, "%s runs %s for the %s database '%s' (%s:%u)",
                         s->path, s->tool, db->engine, db->name, db->at.path,
                         db->at.line));
  else if (!r->n_dbs || other || strcmp(s->engine, "app") == 0 ||
           strcmp(s->engine, "files") == 0)
    pass(r, &s->tool_at,
         rc_arena_printf(a, "%s runs %s (%s)", s->path, s->tool, what));
  else
    fail(r, s->path,
         rc_arena_printf(a,
                         "%s runs %s (%s) but the deployment runs %s: the "
                         "dump tool does not match the database",
                         s->path, s->tool, s->engine, engines_run(r)));
}

static void scheduled(struct run *r, const struct rc_backup_script *s)
{
  struct rc_arena *a = r->ctx->arena;
  const char *how;
  struct rc_where at;
  if (rc_backup_schedule(r->ctx->index, r->ctx->model, a, s, &how, &at))
    pass(r, &at,
         rc_arena_printf(a, "%s is scheduled by %s (%s:%u)", s->path, how,
                         at.path, at.line));
  else if (s->engine && strcmp(s->engine, "app") == 0 &&
           rc_backup_in_app(r->ctx->index, "schedule", &at))
    pass(r, &at,
         rc_arena_printf(a,
                         "%s runs the application's own backup command "
                         "(%s), and the application schedules its backups "
                         "(%s:%u)",
                         s->path, s->tool, at.path, at.line));
  else
    fail(r, s->path,
         rc_arena_printf(a,
                         "nothing schedules %s: no cron line, CronJob, "
                         "restart-always loop, systemd timer or scheduled CI "
                         "workflow runs it",
                         s->path));
}

/* A database dump written under the same names every run overwrites the
 * previous one. File-level tools (restic, borg: snapshots pile up in their
 * repository) and the application's own command (which may name its files
 * by date itself) are not judged so. */
static bool fixed_dump(const struct rc_backup_script *s)
{
  return s->tool && !s->time_named && s->engine &&
         strcmp(s->engine, "files") != 0 && strcmp(s->engine, "app") != 0;
}

/* A crontab that runs the backup and, on another line, a pruning job
 * (`app-weed.sh -d 14 /backups`, `find ... -mtime +14 -delete`):
 * retention lives beside the script rather than in it. Only a crontab:
 * a CI workflow's `retention-days` or a compose file's other services
 * say nothing about these backups. A script that installs the crontab
 * counts: its other entries are the crontab's. */
static bool sibling_prune(struct run *r, const struct rc_backup_script *s,
                          struct rc_where *at)
{
  const char *how;
  struct rc_where sched;
  return rc_backup_schedule(r->ctx->index, r->ctx->model, r->ctx->arena, s,
                            &how, &sched) &&
         (strcmp(how, "a cron line") == 0 ||
          strcmp(how, "a crontab entry a script installs") == 0) &&
         rc_backup_sibling_prune(r->ctx->index, &sched, at);
}

static void retention(struct run *r, const struct rc_backup_script *s)
{
  struct rc_arena *a = r->ctx->arena;
  struct rc_where at;
  if (s->engine && strcmp(s->engine, "app") == 0 &&
      rc_backup_in_app(r->ctx->index, "retention", &at))
    pass(r, &at,
         rc_arena_printf(a,
                         "%s runs the application's own backup command "
                         "(%s), which prunes old backups (%s:%u)",
                         s->path, s->tool, at.path, at.line));
  else if (sibling_prune(r, s, &at))
    pass(r, &at,
         rc_arena_printf(a,
                         "the crontab that runs %s also runs a pruning job "
                         "(%s:%u)",
                         s->path, at.path, at.line));
  else if (fixed_dump(s))
    pass(r, &s->tool_at,
         rc_arena_printf(a,
                         "%s writes its %s dump under fixed names (no date, "
                         "time or unique name): each run replaces the last "
                         "backup, nothing accumulates to prune",
                         s->path, s->tool));
  else
    fail(r, s->path, rc_arena_printf(a, "%s prunes no old backups", s->path));
}

static void verified(struct run *r, const struct rc_backup_script *s)
{
  struct rc_arena *a = r->ctx->arena;
  const char *what;
  struct rc_where at;
  if (rc_backup_verification(r->ctx->index, s->path, &what, &at))
    pass(r, &at,
         rc_arena_printf(a, "%s verifies the backup with %s (%s:%u)", s->path,
                         what, at.path, at.line));
  else
    fail(r, s->path,
         rc_arena_printf(a, "%s verifies nothing it wrote", s->path));
}

/* Not a backup of a database: said, and left out of the verdict. */
static void not_judged(struct run *r, const struct rc_where *at,
                       const char *msg)
{
  if (!r->skipped)
    r->skipped = msg;
  rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, at->path, at->line, "%s",
                         msg);
}

/* Copied into an image that makes it executable: the mode in git does
 * not matter then. Installers and rotators are run too, so every script
 * is judged. */
static void executable(struct run *r, const char *path)
{
  struct rc_where at;
  r->n_judged++;
  if (rc_backup_made_executable(r->ctx->model, r->ctx->arena, path, &at))
    pass(r, &at,
         rc_arena_printf(r->ctx->arena,
                         "%s is copied into an image that makes it "
                         "executable (%s:%u)",
                         path, at.path, at.line));
  else if (rc_backup_chmodded_by_script(r->ctx->index, r->ctx->arena, path,
                                        &at))
    pass(r, &at,
         rc_arena_printf(r->ctx->arena,
                         "a script of the repository makes %s executable "
                         "(chmod at %s:%u)",
                         path, at.path, at.line));
  else
    fail(r, path,
         rc_arena_printf(r->ctx->arena,
                         "no image the repository builds copies %s and "
                         "makes it executable",
                         path));
}

static void judge(struct run *r, const char *path)
{
  struct rc_arena *a = r->ctx->arena;
  if (r->cfg->check == CHECK_EXECUTABLE) {
    executable(r, path);
    return;
  }
  struct rc_backup_script s;
  char err[256];
  if (rc_backup_script_read(r->ctx->index, r->ctx->model, a, path, &s, err,
                            sizeof(err)) != 0) {
    r->n_judged++;
    fail(r, path, rc_arena_strdup(a, err));
    return;
  }
  struct rc_where at = {path, 0};
  if (s.installer) {
    not_judged(r, &s.installer_at,
               rc_arena_printf(a,
                               "%s is not a backup script: it installs a "
                               "crontab (%s:%u) and calls no dump tool",
                               path, s.installer_at.path, s.installer_at.line));
    return;
  }
  if (s.pruner) {
    not_judged(r, &s.pruner_at,
               rc_arena_printf(a,
                               "%s is not a backup script: it deletes old "
                               "files (%s:%u) and calls no dump tool",
                               path, s.pruner_at.path, s.pruner_at.line));
    return;
  }
  if (!s.tool && r->known && !r->n_dbs) {
    not_judged(r, &at,
               rc_arena_printf(a,
                               "%s backs up no database: it calls no dump "
                               "tool and the deployment runs no database",
                               path));
    return;
  }
  r->n_judged++;
  switch (r->cfg->check) {
  case CHECK_DUMP_TOOL:
    dump_tool(r, &s);
    break;
  case CHECK_SCHEDULED:
    scheduled(r, &s);
    break;
  case CHECK_RETENTION:
    retention(r, &s);
    break;
  default:
    verified(r, &s);
  }
}

struct scripts {
  struct rc_arena *a;
  const char **v;
  size_t n, cap;
  const char *codes;   /* a file of recovery codes left out, or NULL */
  const char *nonprod; /* a CI or development script left out, or NULL */
};

/* Two-factor "backup codes" (create_backup_2fa_codes.rb,
 * backup-codes.ts) are recovery codes for users, not backups of data. */
static bool recovery_codes(const char *path)
{
  static const char *const words[] = {"code", "2fa",  "otp",
                                      "mfa",  "totp", NULL};
  return rc_str_find_any_ci(rc_path_base(path), words);
}

static int add_script(const struct rc_entry *e, void *arg)
{
  struct scripts *l = arg;
  if (recovery_codes(e->path)) {
    l->codes = l->codes ? l->codes : e->path;
    return 0;
  }
  if (rc_role_of_path(e->path, NULL, 0) == RC_ROLE_NONPROD) {
    l->nonprod = l->nonprod ? l->nonprod : e->path;
    return 0;
  }
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->v[i], e->path) == 0)
      return 0;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 8;
    const char **v = rc_arena_alloc(l->a, cap * sizeof(*v));
    if (l->n)
      memcpy(v, l->v, l->n * sizeof(*v));
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = e->path;
  return 0;
}

/* Every backup script: a *backup*.sh file anywhere, or one named backup
 * under a scripts folder. */
static void find_scripts(struct rc_ctx *ctx, struct scripts *l)
{
  rc_index_glob(ctx->index, "**/*backup*.sh", RC_ENTRY_FILE, add_script, l);
  rc_index_glob(ctx->index, "**/scripts/*backup*", RC_ENTRY_FILE, add_script,
                l);
}

/* scheduled and verified hold for the backups when any script passes;
 * dump-tool and retention judge every script given. */
static void verdict(struct run *r)
{
  bool any_will_do =
      r->cfg->check == CHECK_SCHEDULED || r->cfg->check == CHECK_VERIFIED;
  if (r->n_judged == 0 && r->skipped) {
    /* every script was left out (no database backed up, a crontab
     * installer, a pruner): nothing was judged, so nothing passed */
    rc_check_set(r->out, r->ctx, RC_OUT_OK, "%s", r->skipped);
    r->out->vacuous = true;
  } else if (r->n_judged == 0 && !any_will_do &&
             r->cfg->check == CHECK_DUMP_TOOL)
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP, "no backup script to judge");
  else if (r->n_judged == 0 && r->cfg->check == CHECK_SCHEDULED)
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP, "no backup script to schedule");
  else if (r->n_judged == 0)
    /* retention and verified stand beside file checks in `any:`: finding
     * nothing must not hide what those find */
    rc_check_set(r->out, r->ctx, RC_OUT_FAIL, "no backup script to judge");
  else if (r->n_fail == 1 && !(any_will_do && r->n_ok))
    rc_check_set(r->out, r->ctx, RC_OUT_FAIL, "%s", r->first_fail);
  else if (r->n_fail && !(any_will_do && r->n_ok))
    rc_check_set(r->out, r->ctx, RC_OUT_FAIL,
                 "%zu of %zu backup scripts fail; first: %s", r->n_fail,
                 r->n_judged, r->first_fail);
  else
    rc_check_set(r->out, r->ctx, RC_OUT_OK, "%s", r->first_ok);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  if (!ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
    return;
  }
  struct run r = {.cfg = vcfg, .ctx = ctx, .out = out};
  r.n_dbs = rc_backup_databases(ctx->model, ctx->arena, &r.dbs);
  r.known = rc_backup_deployment_known(ctx->model);
  if (r.cfg->script && *r.cfg->script) {
    judge(&r, r.cfg->script);
  } else {
    struct scripts l = {.a = ctx->arena};
    find_scripts(ctx, &l);
    if (l.n == 0 && l.codes) {
      rc_check_set(out, ctx, RC_OUT_SKIP,
                   "no backup script: %s makes two-factor recovery codes, "
                   "not backups",
                   l.codes);
      return;
    }
    /* every *backup*.sh belongs to CI or development (`ci/`, `dev/`): a
     * job's cache of images, a developer's dump - nothing the
     * deployment backs up with */
    if (l.n == 0 && l.nonprod) {
      rc_check_set(out, ctx, RC_OUT_SKIP,
                   "no backup script: %s belongs to CI or development "
                   "(its folder), not to the deployment",
                   l.nonprod);
      return;
    }
    for (size_t i = 0; i < l.n; i++)
      judge(&r, l.v[i]);
  }
  verdict(&r);
}

static const struct rc_field fields[] = {
    {"check", RC_FIELD_ENUM, offsetof(struct cfg, check), RC_FIELD_REQUIRED,
     check_names,
     "dump-tool: the script calls the dump tool of a database the deployment "
     "runs (or the application's own); scheduled: something runs it on a "
     "schedule; retention: the application prunes its own backups, or "
     "the script dumps under fixed names; "
     "verified: the script verifies what it wrote; executable: an image "
     "the repository builds copies it and makes it executable"},
    {"script", RC_FIELD_STRING, offsetof(struct cfg, script), 0, NULL,
     "the backup script to judge (e.g. ${each}); default: every *backup*.sh "
     "and scripts/*backup*"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_backup = {
    .name = "backup",
    .summary = "database backup scripts judged on the deployment model: "
               "dump tool, schedule, retention, verification",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .check = check,
    .reads_model = true,
};
