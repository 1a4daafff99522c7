/*
 * backup_script.c - what a backup script does: the dump or backup tool it
 * calls (or the application's own backup command, or T-SQL BACKUP
 * DATABASE), through the files it sources; whether it only installs a
 * crontab or only deletes old files; whether it names what it writes by
 * time; and the verification step it runs. The script is judged by what
 * it runs, not by its name.
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/backup.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"

#include "backup_parts.h"

struct scan {
  const struct rc_model *m;
  struct rc_index *idx;
  struct rc_arena *a;
  struct rc_backup_script *s;
  const char *path; /* the file being read */
  struct rc_buf engines;
  const char *crontab; /* the first crontab line's file */
  unsigned crontab_line;
  const char *deletes; /* the first `find ... -delete` line's file */
  unsigned deletes_line;
  bool works; /* a line copies or archives files, or talks to a database */
  const char *sources[8]; /* files it sources, to read next */
  size_t n_sources;
};

static void note_tool(struct scan *sc, const char *tool, const char *engine,
                      unsigned line)
{
  if (!sc->s->tool) {
    sc->s->tool = tool;
    sc->s->engine = engine;
    sc->s->tool_at = (struct rc_where){sc->path, line};
  }
  if (!bk_has_word(sc->engines.data ? sc->engines.data : "", sc->engines.len,
                   engine)) {
    rc_buf_puts(&sc->engines, engine);
    rc_buf_puts(&sc->engines, " ");
  }
}

static bool compose_service_named(const struct rc_model *m, const char *name)
{
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t j = 0; j < m->views[i].n_services; j++)
      if (strcmp(m->views[i].services[j].name, name) == 0)
        return true;
  return false;
}

/* Splits s[0..end) at blanks into words (quotes stripped), at most max. */
static size_t split_words(struct rc_arena *a, const char *s, const char *end,
                          const char **words, size_t max)
{
  size_t n = 0;
  while (n < max) {
    s = bk_skip_space(s, end);
    if (s >= end)
      break;
    const char *w = s;
    while (s < end && *s != ' ' && *s != '\t')
      s++;
    const char *we = s;
    while (w < we && (*w == '"' || *w == '\''))
      w++;
    while (we > w && (we[-1] == '"' || we[-1] == '\'' || we[-1] == ';'))
      we--;
    words[n++] = rc_arena_strndup(a, w, (size_t)(we - w));
  }
  return n;
}

/* The application's own backup command: a program run by path with a
 * backup/export/dump subcommand (`/srv/app backup`), a compose service's
 * container given one (`docker compose run --rm web export`), or Django's
 * `manage.py dumpdata`. */
static const char *app_command(struct scan *sc, const char *s, const char *end)
{
  const char *w[32];
  size_t n = split_words(sc->a, s, end, w, 32);
  size_t first = 0;
  while (first < n && (strcmp(w[first], "exec") == 0 ||
                       strcmp(w[first], "sudo") == 0 || strchr(w[first], '=')))
    first++;
  bool container = false;
  for (size_t i = first; i < n; i++) {
    if (strcmp(w[i], "run") == 0 || strcmp(w[i], "exec") == 0)
      container = true;
    if (strcmp(w[i], "dumpdata") == 0 && i > 0 && strstr(w[i - 1], "manage"))
      return rc_arena_printf(sc->a, "%s dumpdata", w[i - 1]);
    bool sub = strcmp(w[i], "backup") == 0 || strcmp(w[i], "export") == 0 ||
               strcmp(w[i], "dump") == 0;
    if (!sub || i == first)
      continue;
    const char *prev = w[i - 1];
    if (i - 1 == first && strchr(prev, '/') && prev[0] != '-')
      return rc_arena_printf(sc->a, "%s %s", prev, w[i]);
    if (container && compose_service_named(sc->m, prev))
      return rc_arena_printf(sc->a, "%s %s", prev, w[i]);
  }
  return NULL;
}

static void note_source(struct scan *sc, const char *s, const char *end)
{
  const char *w[3];
  size_t n = split_words(sc->a, s, end, w, 3);
  if (n < 2 || (strcmp(w[0], "source") != 0 && strcmp(w[0], ".") != 0) ||
      strchr(w[1], '$') || sc->n_sources == 8)
    return;
  sc->sources[sc->n_sources++] = w[1];
}

/* SQL Server backs up from T-SQL: `sqlcmd -Q "BACKUP DATABASE ..."`, or
 * `sqlcmd -i backup.sql` with the statement in a file beside the script. */
static bool tsql_backup(struct scan *sc, const char *s, const char *end)
{
  size_t n = (size_t)(end - s);
  if (!bk_has_word(s, n, "sqlcmd") && !bk_has_word(s, n, "osql"))
    return false;
  if (bk_find_text(s, n, "BACKUP DATABASE") ||
      bk_find_text(s, n, "backup database"))
    return true;
  const char *w[32];
  size_t nw = split_words(sc->a, s, end, w, 32);
  const char *dir = rc_path_dir(sc->a, sc->path);
  for (size_t i = 0; i < nw; i++) {
    size_t wl = strlen(w[i]);
    if (wl < 5 || strcmp(w[i] + wl - 4, ".sql") != 0)
      continue;
    const char *data;
    size_t len;
    const char *beside = rc_path_join(sc->a, dir, rc_path_base(w[i]));
    if (beside && bk_read_file(sc->idx, beside, &data, &len) == 0 &&
        (bk_find_text(data, len, "BACKUP DATABASE") ||
         bk_find_text(data, len, "backup database")))
      return true;
  }
  return false;
}

/* `find "$DIR" -name '*.zip' -mtime +7 -delete` or `... -exec rm {} +`:
 * files found by a rule and deleted, what a rotation script does. */
static bool deletes_old(const char *s, size_t n)
{
  return bk_has_word(s, n, "find") &&
         (bk_find_text(s, n, "-delete") || bk_find_text(s, n, "-exec rm"));
}

/* What a backup does besides deleting: copy or archive files (a
 * file-level backup without a known tool), or talk to a database or a
 * container (a query that writes the dump, `docker exec db ...`). */
static bool other_work(const char *s, size_t n)
{
  static const char *const words[] = {
      "cp",      "tar",     "rsync", "zip",    "scp",     "dd",     "gzip",
      "zstd",    "curl",    "wget",  "aws",    "sqlcmd",  "psql",   "mysql",
      "mariadb", "mongosh", "mongo", "docker", "kubectl", "podman", NULL};
  for (size_t i = 0; words[i]; i++)
    if (bk_has_word(s, n, words[i]))
      return true;
  return false;
}

static bool scan_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct scan *sc = arg;
  if (bk_comment_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  if (!sc->crontab &&
      (bk_has_word(s, n, "crontab") || bk_find_text(s, n, "/etc/cron"))) {
    sc->crontab = sc->path;
    sc->crontab_line = line;
  }
  if (bk_echo_line(s, end))
    return false;
  if (!sc->deletes && deletes_old(s, n)) {
    sc->deletes = sc->path;
    sc->deletes_line = line;
  }
  sc->works |= other_work(s, n);
  note_source(sc, s, end);
  for (size_t i = 0; bk_tools[i].name; i++)
    if (bk_has_word(s, n, bk_tools[i].name))
      note_tool(sc, bk_tools[i].name, bk_tools[i].engine, line);
  if (bk_find_text(s, n, "aws s3"))
    note_tool(sc, "aws s3", "files", line);
  if (tsql_backup(sc, s, end))
    note_tool(sc, "sqlcmd BACKUP DATABASE", "mssql", line);
  const char *app = app_command(sc, s, end);
  if (app)
    note_tool(sc, app, "app", line);
  return false;
}

/* Any hint of a date, time or unique name counts (an echo of the date
 * too): a script is said to write fixed names only when none is there. */
static bool time_line(const char *s, const char *end, unsigned line, void *arg)
{
  (void)line;
  (void)arg;
  if (bk_comment_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  static const char *const words[] = {
      "date",         "strftime",      "mktemp", "uuidgen",
      "EPOCHSECONDS", "EPOCHREALTIME", "RANDOM", NULL};
  for (size_t i = 0; words[i]; i++)
    if (bk_has_word(s, n, words[i]))
      return true;
  /* strftime formats, the shell's PID, borg's {now}, and any
   * timestamp/TIME_SUFFIX-like variable */
  static const char *const texts[] = {"%Y",   "%F",   "$$",   "{now",
                                      "time", "Time", "TIME", NULL};
  for (size_t i = 0; texts[i]; i++)
    if (bk_find_text(s, n, texts[i]))
      return true;
  return false;
}

static void scan_file(struct scan *sc, struct rc_index *idx, const char *path)
{
  const char *data;
  size_t len;
  if (bk_read_file(idx, path, &data, &len) != 0)
    return;
  sc->path = path;
  bk_each_line(data, len, scan_line, sc);
}

int rc_backup_script_read(struct rc_index *idx, const struct rc_model *m,
                          struct rc_arena *a, const char *path,
                          struct rc_backup_script *s, char *err, size_t errlen)
{
  memset(s, 0, sizeof(*s));
  s->path = path;
  const char *data;
  size_t len;
  if (bk_read_file(idx, path, &data, &len) != 0) {
    snprintf(err, errlen, "cannot read '%s'", path);
    return -1;
  }
  struct scan sc = {.m = m, .idx = idx, .a = a, .s = s};
  rc_buf_init(&sc.engines);
  s->time_named = bk_each_line(data, len, time_line, NULL);
  scan_file(&sc, idx, path);
  /* sourced helpers hold the functions the script calls; a name is
   * relative to the script's folder or to the root it is run from */
  const char *dir = rc_path_dir(a, path);
  for (size_t i = 0; i < sc.n_sources; i++) {
    const char *here = rc_path_join(a, dir, sc.sources[i]);
    const char *root = rc_path_join(a, "", sc.sources[i]);
    if (here && rc_index_find(idx, here))
      scan_file(&sc, idx, here);
    else if (root && rc_index_find(idx, root))
      scan_file(&sc, idx, root);
  }
  s->engines = rc_arena_strdup(a, sc.engines.data ? sc.engines.data : "");
  if (!s->tool && sc.crontab) {
    s->installer = true;
    s->installer_at = (struct rc_where){sc.crontab, sc.crontab_line};
  } else if (!s->tool && sc.deletes && !sc.works) {
    s->pruner = true;
    s->pruner_at = (struct rc_where){sc.deletes, sc.deletes_line};
  }
  rc_buf_release(&sc.engines);
  return 0;
}

/* ---- verification ------------------------------------------------------ */

struct verify {
  const char *what;
  unsigned line;
};

static bool verify_line(const char *s, const char *end, unsigned line,
                        void *arg)
{
  struct verify *v = arg;
  if (bk_comment_line(s, end) || bk_echo_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  static const char *const sums[] = {"sha256sum", "sha1sum", "md5sum", "shasum",
                                     "sha512sum", "b2sum",   NULL};
  for (size_t i = 0; sums[i]; i++)
    if (bk_has_word(s, n, sums[i])) {
      v->what = "a checksum";
      v->line = line;
      return true;
    }
  if (bk_has_word(s, n, "pg_restore") &&
      (bk_has_word(s, n, "--list") || bk_has_word(s, n, "-l")))
    v->what = "`pg_restore --list`";
  else if ((bk_has_word(s, n, "gzip") || bk_has_word(s, n, "gunzip") ||
            bk_has_word(s, n, "zstd") || bk_has_word(s, n, "xz")) &&
           bk_has_word(s, n, "-t"))
    v->what = "an archive test";
  else if ((bk_has_word(s, n, "restic") || bk_has_word(s, n, "borg")) &&
           bk_has_word(s, n, "check"))
    v->what = "a repository check";
  else if (bk_has_word(s, n, "pg_restore") || bk_has_word(s, n, "mongorestore"))
    v->what = "a restore";
  if (v->what)
    v->line = line;
  return v->what != NULL;
}

bool rc_backup_verification(struct rc_index *idx, const char *path,
                            const char **what, struct rc_where *at)
{
  const char *data;
  size_t len;
  struct verify v = {0};
  if (bk_read_file(idx, path, &data, &len) != 0 ||
      !bk_each_line(data, len, verify_line, &v))
    return false;
  *what = v.what;
  *at = (struct rc_where){path, v.line};
  return true;
}
