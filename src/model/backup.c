/*
 * backup.c - backups on the deployment model (backup.h).
 *
 * Scripts are read as shell, a line at a time: comments are never
 * commands, and `echo` text names no tool (but an `echo "0 3 * * * x" |
 * crontab -` line is still a cron line). Word matches use shell word
 * boundaries so that pg_dump is not found inside pg_dumpall or a variable
 * name like PG_DUMP_DIR.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/backup.h"
#include "readycheck/buf.h"
#include "readycheck/dockerfile.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

struct tool {
  const char *name;
  const char *engine;
};

/* Dump and backup tools, by the engine they serve; "files" tools copy
 * files or volumes off the host whatever the engine. */
static const struct tool tools[] = {{"pg_dump", "postgres"},
                                    {"pg_dumpall", "postgres"},
                                    {"pg_basebackup", "postgres"},
                                    {"pgbackrest", "postgres"},
                                    {"wal-g", "postgres"},
                                    {"barman", "postgres"},
                                    {"mysqldump", "mysql"},
                                    {"mariadb-dump", "mysql"},
                                    {"mariabackup", "mysql"},
                                    {"xtrabackup", "mysql"},
                                    {"mysqlpump", "mysql"},
                                    {"mydumper", "mysql"},
                                    {"mongodump", "mongo"},
                                    {"redis-cli", "redis"},
                                    {"sqlite3", "sqlite"},
                                    {"restic", "files"},
                                    {"borg", "files"},
                                    {"rclone", "files"},
                                    {"gsutil", "files"},
                                    {"velero", "files"},
                                    {NULL, NULL}};

/* Client tools a sidecar runs from a database image. */
static const char *const clients[] = {"psql", "mysql", "mariadb", "mongosh",
                                      NULL};

static bool word_char(char c)
{
  return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* The first occurrence of word in s[0..n) with shell word boundaries. */
static const char *find_word(const char *s, size_t n, const char *word)
{
  size_t w = strlen(word);
  for (size_t i = 0; w && i + w <= n; i++) {
    if (memcmp(s + i, word, w) != 0)
      continue;
    bool start = i == 0 || (!word_char(s[i - 1]) && s[i - 1] != '.');
    bool end = i + w == n || !word_char(s[i + w]);
    if (start && end)
      return s + i;
  }
  return NULL;
}

/* The first occurrence of text in s[0..n), or NULL. */
static const char *find_text(const char *s, size_t n, const char *text)
{
  size_t w = strlen(text);
  for (size_t i = 0; w && i + w <= n; i++)
    if (memcmp(s + i, text, w) == 0)
      return s + i;
  return NULL;
}

static bool has_word(const char *s, size_t n, const char *word)
{
  return find_word(s, n, word) != NULL;
}

static const char *skip_space(const char *s, const char *end)
{
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  return s;
}

static bool comment_line(const char *s, const char *end)
{
  s = skip_space(s, end);
  return s < end && *s == '#';
}

static bool echo_line(const char *s, const char *end)
{
  s = skip_space(s, end);
  size_t n = (size_t)(end - s);
  return (n >= 5 && memcmp(s, "echo", 4) == 0 && !word_char(s[4])) ||
         (n >= 7 && memcmp(s, "printf", 6) == 0 && !word_char(s[6]));
}

/* Calls fn on each line of data with its 1-based number; stops when fn
 * returns true, and returns that. */
static bool each_line(const char *data, size_t len,
                      bool (*fn)(const char *s, const char *end, unsigned line,
                                 void *arg),
                      void *arg)
{
  const char *p = data, *stop = data + len;
  for (unsigned line = 1; p < stop; line++) {
    const char *nl = memchr(p, '\n', (size_t)(stop - p));
    const char *end = nl ? nl : stop;
    if (fn(p, end, line, arg))
      return true;
    p = end + 1;
  }
  return false;
}

static int read_file(struct rc_index *idx, const char *path, const char **data,
                     size_t *len)
{
  const struct rc_entry *e = rc_index_find(idx, path);
  char err[128];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_index_read(idx, e, data, len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(*data, *len))
    return -1;
  return 0;
}

/* ---- databases ------------------------------------------------------- */

/* The engine a database image runs, or NULL for no database (a cache or
 * broker is not backed up with a dump). */
static const char *engine_of(struct rc_arena *a, const char *image)
{
  if (!image || !rc_model_is_database_image(image))
    return NULL;
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  static const struct tool engines[] = {
      {"postgres", "postgres"}, {"postgis", "postgres"},
      {"pgvector", "postgres"}, {"timescale", "postgres"},
      {"mysql", "mysql"},       {"mariadb", "mysql"},
      {"percona", "mysql"},     {"mongo", "mongo"},
      {"mssql", "mssql"},       {"redis", "redis"},
      {"valkey", "redis"},      {"keydb", "redis"},
      {"dragonfly", "redis"},   {"memcached", NULL},
      {"rabbitmq", NULL},       {NULL, NULL}};
  for (size_t i = 0; engines[i].name; i++)
    if (strstr(name, engines[i].name))
      return engines[i].engine;
  return rc_arena_strdup(a, name);
}

/* The words of a command or entrypoint (string or list), space-joined. */
static void node_text(struct rc_buf *b, const cJSON *node)
{
  if (cJSON_IsString(node)) {
    rc_buf_puts(b, node->valuestring);
    rc_buf_puts(b, " ");
  }
  const cJSON *it;
  if (cJSON_IsArray(node))
    cJSON_ArrayForEach(it, node)
      node_text(b, it);
}

/* The command runs a dump or backup tool, a database client, or says
 * backup. */
static bool dump_command(const char *cmd)
{
  if (!cmd || !*cmd)
    return false;
  size_t n = strlen(cmd);
  for (size_t i = 0; tools[i].name; i++)
    if (has_word(cmd, n, tools[i].name))
      return true;
  for (size_t i = 0; clients[i]; i++)
    if (has_word(cmd, n, clients[i]))
      return true;
  return strstr(cmd, "backup") != NULL;
}

/* True when a command runs a dump or client tool, a backup script, a loop
 * or cron: a database image used for its tools, not to hold data. */
static bool tool_command(const char *cmd)
{
  if (!cmd || !*cmd)
    return false;
  size_t n = strlen(cmd);
  return dump_command(cmd) || has_word(cmd, n, "sleep") ||
         has_word(cmd, n, "crond") || has_word(cmd, n, "cron");
}

static const char *compose_command(const struct rc_compose_service *s,
                                   struct rc_buf *b)
{
  rc_buf_reset(b);
  node_text(b, rc_compose_get(s, "entrypoint", NULL));
  node_text(b, rc_compose_get(s, "command", NULL));
  return b->len ? b->data : "";
}

struct dbs {
  struct rc_arena *a;
  struct rc_backup_db *v;
  size_t n, cap;
};

static void add_db(struct dbs *d, const char *engine, const char *name,
                   const char *image, struct rc_where at)
{
  for (size_t i = 0; i < d->n; i++)
    if (strcmp(d->v[i].name, name) == 0 && strcmp(d->v[i].image, image) == 0)
      return;
  if (d->n == d->cap) {
    size_t cap = d->cap ? 2 * d->cap : 8;
    struct rc_backup_db *v = rc_arena_alloc(d->a, cap * sizeof(*v));
    if (d->n)
      memcpy(v, d->v, d->n * sizeof(*v));
    d->v = v;
    d->cap = cap;
  }
  d->v[d->n++] = (struct rc_backup_db){engine, name, image, at};
}

static void compose_dbs(const struct rc_model *m, struct dbs *d,
                        struct rc_buf *b)
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t j = 0; j < v->n_services; j++) {
      const struct rc_compose_service *s = &v->services[j];
      const char *engine = engine_of(d->a, s->image);
      if (!engine || s->optional || tool_command(compose_command(s, b)))
        continue;
      add_db(d, engine, s->name, s->image, s->at);
    }
  }
}

static void k8s_dbs(const struct rc_model *m, struct dbs *d, struct rc_buf *b)
{
  for (size_t i = 0; i < m->k8s.n_workloads; i++) {
    const struct rc_k8s_workload *w = &m->k8s.workloads[i];
    if (w->role != RC_ROLE_PRODUCTION || w->one_shot)
      continue;
    const cJSON *spec = rc_k8s_pod_spec(w->obj, w->kind);
    const cJSON *c;
    cJSON_ArrayForEach(c,
                       cJSON_GetObjectItemCaseSensitive(spec, "containers")) {
      const char *image = rc_k8s_container_image(d->a, w, c);
      const char *engine = engine_of(d->a, image);
      rc_buf_reset(b);
      node_text(b, cJSON_GetObjectItemCaseSensitive(c, "command"));
      node_text(b, cJSON_GetObjectItemCaseSensitive(c, "args"));
      if (engine && !tool_command(b->len ? b->data : ""))
        add_db(d, engine, w->name, image, w->at);
    }
  }
}

size_t rc_backup_databases(const struct rc_model *m, struct rc_arena *a,
                           struct rc_backup_db **out)
{
  struct dbs d = {.a = a};
  struct rc_buf b;
  rc_buf_init(&b);
  compose_dbs(m, &d, &b);
  k8s_dbs(m, &d, &b);
  rc_buf_release(&b);
  *out = d.v;
  return d.n;
}

bool rc_backup_deployment_known(const struct rc_model *m)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].role == RC_ROLE_PRODUCTION && m->views[i].n_services)
      return true;
  for (size_t i = 0; i < m->k8s.n_workloads; i++)
    if (m->k8s.workloads[i].role == RC_ROLE_PRODUCTION)
      return true;
  return false;
}

/* ---- scripts --------------------------------------------------------- */

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
  if (!has_word(sc->engines.data ? sc->engines.data : "", sc->engines.len,
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
    s = skip_space(s, end);
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
  if (!has_word(s, n, "sqlcmd") && !has_word(s, n, "osql"))
    return false;
  if (find_text(s, n, "BACKUP DATABASE") || find_text(s, n, "backup database"))
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
    if (beside && read_file(sc->idx, beside, &data, &len) == 0 &&
        (find_text(data, len, "BACKUP DATABASE") ||
         find_text(data, len, "backup database")))
      return true;
  }
  return false;
}

/* `find "$DIR" -name '*.zip' -mtime +7 -delete` or `... -exec rm {} +`:
 * files found by a rule and deleted, what a rotation script does. */
static bool deletes_old(const char *s, size_t n)
{
  return has_word(s, n, "find") &&
         (find_text(s, n, "-delete") || find_text(s, n, "-exec rm"));
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
    if (has_word(s, n, words[i]))
      return true;
  return false;
}

static bool scan_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct scan *sc = arg;
  if (comment_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  if (!sc->crontab &&
      (has_word(s, n, "crontab") || find_text(s, n, "/etc/cron"))) {
    sc->crontab = sc->path;
    sc->crontab_line = line;
  }
  if (echo_line(s, end))
    return false;
  if (!sc->deletes && deletes_old(s, n)) {
    sc->deletes = sc->path;
    sc->deletes_line = line;
  }
  sc->works |= other_work(s, n);
  note_source(sc, s, end);
  for (size_t i = 0; tools[i].name; i++)
    if (has_word(s, n, tools[i].name))
      note_tool(sc, tools[i].name, tools[i].engine, line);
  if (find_text(s, n, "aws s3"))
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
  if (comment_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  static const char *const words[] = {
      "date",         "strftime",      "mktemp", "uuidgen",
      "EPOCHSECONDS", "EPOCHREALTIME", "RANDOM", NULL};
  for (size_t i = 0; words[i]; i++)
    if (has_word(s, n, words[i]))
      return true;
  /* strftime formats, the shell's PID, borg's {now}, and any
   * timestamp/TIME_SUFFIX-like variable */
  static const char *const texts[] = {"%Y",   "%F",   "$$",   "{now",
                                      "time", "Time", "TIME", NULL};
  for (size_t i = 0; texts[i]; i++)
    if (find_text(s, n, texts[i]))
      return true;
  return false;
}

static void scan_file(struct scan *sc, struct rc_index *idx, const char *path)
{
  const char *data;
  size_t len;
  if (read_file(idx, path, &data, &len) != 0)
    return;
  sc->path = path;
  each_line(data, len, scan_line, sc);
}

int rc_backup_script_read(struct rc_index *idx, const struct rc_model *m,
                          struct rc_arena *a, const char *path,
                          struct rc_backup_script *s, char *err, size_t errlen)
{
  memset(s, 0, sizeof(*s));
  s->path = path;
  const char *data;
  size_t len;
  if (read_file(idx, path, &data, &len) != 0) {
    snprintf(err, errlen, "cannot read '%s'", path);
    return -1;
  }
  struct scan sc = {.m = m, .idx = idx, .a = a, .s = s};
  rc_buf_init(&sc.engines);
  s->time_named = each_line(data, len, time_line, NULL);
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

/* ---- schedules ------------------------------------------------------- */

static bool cron_field(const char *w, size_t n)
{
  bool any = false;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)w[i]) && !strchr("*/,-", w[i]))
      return false;
    any |= isdigit((unsigned char)w[i]) || w[i] == '*';
  }
  return n && any;
}

/* True when the line holds five cron fields in a row, or @daily & co. */
static bool cron_spec(const char *s, const char *end)
{
  size_t n = (size_t)(end - s);
  static const char *const at[] = {"@hourly",  "@daily",    "@weekly",
                                   "@monthly", "@midnight", NULL};
  for (size_t i = 0; at[i]; i++)
    if (find_text(s, n, at[i]))
      return true;
  int run = 0;
  while (s < end) {
    while (s < end && !isgraph((unsigned char)*s))
      s++;
    const char *w = s;
    while (s < end && isgraph((unsigned char)*s))
      s++;
    /* a quote or dash may open the first field: `- "0 3 * * *` */
    while (w < s && strchr("\"'", *w))
      w++;
    if (cron_field(w, (size_t)(s - w))) {
      if (++run == 5)
        return true;
    } else
      run = 0;
  }
  return false;
}

/* The file name and its stem (without .sh): what runs it is called. */
struct names {
  const char *base, *stem;
  const char *alias; /* the name an image installs it under, or NULL */
};

static bool names_script(const struct names *nm, const char *s, size_t n,
                         bool stem_too)
{
  return has_word(s, n, nm->base) ||
         (stem_too && nm->stem && has_word(s, n, nm->stem)) ||
         (nm->alias && has_word(s, n, nm->alias));
}

/* A COPY/ADD instruction's operands, flags (`--chown=...`) left out: the
 * sources, then the destination. At most max; the words live in a. */
static size_t copy_operands(struct rc_arena *a, const struct rc_df_instr *in,
                            const char **words, size_t max)
{
  size_t n = 0;
  char *copy = rc_arena_strdup(a, in->args), *save = NULL;
  for (char *w = strtok_r(copy, " \t", &save); w && n < max;
       w = strtok_r(NULL, " \t", &save))
    if (w[0] != '-')
      words[n++] = w;
  return n;
}

/* Where a COPY/ADD instruction puts path in the image ("/root/x.sh",
 * "/usr/local/bin/db-backup" when copied under another name), or NULL
 * when none of its sources is path or a folder holding it (relative to the
 * build context). Copies from another stage or image are not the
 * repository's file. */
static const char *copied_to(struct rc_arena *a, const struct rc_image *img,
                             const struct rc_df_instr *in, const char *path)
{
  if (strstr(in->args, "--from="))
    return NULL;
  const char *words[32];
  size_t n = copy_operands(a, in, words, 32);
  if (n < 2)
    return NULL;
  const char *dest = words[n - 1];
  bool into_dir = n > 2 || dest[strlen(dest) - 1] == '/';
  for (size_t i = 0; i + 1 < n; i++) {
    const char *src = rc_path_join(a, img->context, words[i]);
    if (!src)
      continue;
    if (strcmp(src, path) == 0)
      return into_dir
                 ? rc_arena_printf(a, "%s%s%s", dest,
                                   dest[strlen(dest) - 1] == '/' ? "" : "/",
                                   rc_path_base(path))
                 : dest;
    if (rc_path_within(path, src)) /* a folder: its tree lands under dest */
      return rc_arena_printf(a, "%s%s%s", dest,
                             dest[strlen(dest) - 1] == '/' ? "" : "/",
                             path + strlen(src) + (*src ? 1 : 0));
  }
  return NULL;
}

/* `COPY ./backup.sh /usr/local/bin/bookwyrm-backup.sh` in an image built
 * from the script's folder: the crontab in that image runs it under the
 * new name. */
static const char *installed_as(const struct rc_model *m, struct rc_arena *a,
                                const char *path)
{
  for (size_t i = 0; m && i < m->n_images; i++) {
    const struct rc_image *img = &m->images[i];
    for (size_t k = 0; img->df && img->context && k < img->df->n; k++) {
      const struct rc_df_instr *in = &img->df->in[k];
      if (!rc_df_is_copy(in))
        continue;
      const char *dest = copied_to(a, img, in, path);
      if (dest && strcmp(rc_path_base(dest), rc_path_base(path)) != 0)
        return rc_path_base(dest);
    }
  }
  return NULL;
}

/* A chmod mode that sets an execute bit: +x, a+x, ug+rx, 755, 0750. */
static bool exec_mode(const char *w)
{
  if (strchr(w, '+'))
    return strchr(strchr(w, '+'), 'x') != NULL;
  size_t n = strlen(w);
  if (!n || strspn(w, "01234567") != n)
    return false;
  for (size_t i = n > 3 ? n - 3 : 0; i < n; i++)
    if ((w[i] - '0') & 1)
      return true;
  return false;
}

/* Whether dir (a chmod -R argument) holds dest. */
static bool holds(const char *dir, const char *dest)
{
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  return n && strncmp(dest, dir, n) == 0 && dest[n] == '/';
}

/* One chmod command's words make dest executable: the mode sets an
 * execute bit and a target is dest, a glob matching it (a folder's
 * `*.sh`), or with -R a folder holding it. */
static bool chmod_covers(const char *const *w, size_t n, const char *dest)
{
  bool mode = false, recursive = false;
  for (size_t i = 1; i < n; i++) {
    mode |= exec_mode(w[i]);
    recursive |= strcmp(w[i], "-R") == 0 || strcmp(w[i], "-r") == 0 ||
                 strcmp(w[i], "--recursive") == 0;
  }
  for (size_t i = 1; mode && i < n; i++)
    if (strcmp(w[i], dest) == 0 ||
        (strchr(w[i], '*') && rc_glob_match(w[i], dest)) ||
        (recursive && w[i][0] == '/' && holds(w[i], dest)))
      return true;
  return false;
}

/* Whether word s of w[0..n) starts a chmod command; *end is then the
 * index past its last argument (the next shell operator or the end). */
static bool chmod_command(const char **w, size_t n, size_t s, size_t *end)
{
  if (strcmp(w[s], "chmod") != 0)
    return false;
  for (*end = s + 1; *end < n && !rc_shell_is_op(w[*end]); ++*end)
    ;
  return true;
}

/* A RUN chmod of the image that makes the file at dest executable. */
static bool chmods_dest(struct rc_arena *a, const struct rc_dockerfile *df,
                        const char *dest)
{
  for (size_t i = 0; i < df->n; i++) {
    if (strcmp(df->in[i].kw, "RUN") != 0 || !strstr(df->in[i].args, "chmod"))
      continue;
    const char **w;
    size_t n = rc_shell_words(a, df->in[i].args, &w);
    for (size_t s = 0, e; s < n; s++)
      if (chmod_command(w, n, s, &e) && chmod_covers(w + s, e - s, dest))
        return true;
  }
  return false;
}

bool rc_backup_made_executable(const struct rc_model *m, struct rc_arena *a,
                               const char *path, struct rc_where *at)
{
  for (size_t i = 0; m && i < m->n_images; i++) {
    const struct rc_image *img = &m->images[i];
    for (size_t k = 0; img->df && img->context && k < img->df->n; k++) {
      const struct rc_df_instr *in = &img->df->in[k];
      if (!rc_df_is_copy(in))
        continue;
      const char *dest = copied_to(a, img, in, path);
      if (dest &&
          (strstr(in->args, "--chmod=") || chmods_dest(a, img->df, dest))) {
        *at = (struct rc_where){img->dockerfile, in->line};
        return true;
      }
    }
  }
  return false;
}

/* target, a chmod operand written relative to where a script runs
 * (a folder's scripts by a glob, duplicity's *.sh; `./scripts/backup.sh`;
 * a path under `$DIR`), names
 * path: it matches as many trailing segments of path as it has. A bare
 * name or glob (`*.sh`) counts only from a script in path's own folder;
 * with -R, a folder on path's way (`scripts/`). */
static bool operand_names(const char *target, const char *path,
                          const char *from_dir, bool recursive,
                          struct rc_arena *a)
{
  while (strncmp(target, "./", 2) == 0)
    target += 2;
  if (target[0] == '$') { /* a base folder the script computes */
    const char *slash = strchr(target, '/');
    if (!slash)
      return false;
    target = slash + 1;
  }
  size_t n = strlen(target);
  while (n && target[n - 1] == '/')
    n--;
  if (!n || target[0] == '/' || target[0] == '~' || strstr(target, ".."))
    return false;
  const char *t = rc_arena_printf(a, "%.*s", (int)n, target);
  bool folder_named = strchr(t, '/') != NULL;
  if (recursive) {
    size_t tl = strlen(t);
    if (!folder_named && strcmp(rc_path_dir(a, path), from_dir) != 0)
      return false;
    for (const char *p = path; p; p = strchr(p, '/')) {
      p += *p == '/';
      if (strncmp(p, t, tl) == 0 && p[tl] == '/')
        return true;
    }
    return false;
  }
  if (!folder_named && strcmp(rc_path_dir(a, path), from_dir) != 0)
    return false;
  size_t segs = 1;
  for (const char *p = t; *p; p++)
    segs += *p == '/';
  const char *tail = path + strlen(path);
  while (tail > path && segs) {
    tail--;
    if (*tail == '/' && --segs == 0)
      tail++;
  }
  if (segs > 1)
    return false;
  return strchr(t, '*') || strchr(t, '?') || strchr(t, '[')
             ? rc_glob_match(t, tail)
             : strcmp(t, tail) == 0;
}

/* One line's chmod commands make path executable. */
static bool line_chmods(struct rc_arena *a, const char *line, const char *path,
                        const char *from_dir)
{
  const char **w;
  size_t n = rc_shell_words(a, line, &w);
  for (size_t s = 0, e; s < n; s++) {
    if (!chmod_command(w, n, s, &e))
      continue;
    bool mode = false, recursive = false;
    for (size_t i = s + 1; i < e; i++) {
      mode |= exec_mode(w[i]);
      recursive |= strcmp(w[i], "-R") == 0 || strcmp(w[i], "-r") == 0 ||
                   strcmp(w[i], "--recursive") == 0;
    }
    for (size_t i = s + 1; mode && i < e; i++)
      if (w[i][0] != '-' && !exec_mode(w[i]) &&
          operand_names(w[i], path, from_dir, recursive, a))
        return true;
  }
  return false;
}

bool rc_backup_chmodded_by_script(struct rc_index *idx, struct rc_arena *a,
                                  const char *path, struct rc_where *at)
{
  size_t count = rc_index_count(idx);
  for (size_t i = 0; i < count; i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *b = rc_path_base(e->path);
    size_t bl = strlen(b);
    const char *data;
    size_t len;
    if (!((bl > 3 && strcmp(b + bl - 3, ".sh") == 0) ||
          strcmp(b, "Makefile") == 0) ||
        !rc_index_read_text(idx, e, 1 << 20, &data, &len))
      continue;
    if (!strstr(data, "chmod"))
      continue;
    const char *dir = rc_path_dir(a, e->path);
    unsigned line = 1;
    const char *counted = data;
    for (const char *hit = strstr(data, "chmod"); hit;
         hit = strstr(hit + 5, "chmod")) {
      const char *start = hit;
      while (start > data && start[-1] != '\n')
        start--;
      const char *end = strchr(hit, '\n');
      if (!end)
        end = data + len;
      for (; counted < start; counted++)
        line += *counted == '\n';
      if (line_chmods(a, rc_arena_printf(a, "%.*s", (int)(end - start), start),
                      path, dir)) {
        *at = (struct rc_where){e->path, line};
        return true;
      }
    }
  }
  return false;
}

struct find {
  const struct names *nm;
  bool installs; /* a script that writes crontab entries: any line naming
                    the script by file name (`add_cronjob "$EXPR" job.sh`) */
  bool cron;     /* look for cron lines */
  bool cronjob;  /* a Kubernetes CronJob file: any line naming it */
  bool ci;       /* a CI file: scheduled when it has cron: and names it */
  bool ci_cron, ci_names;
  unsigned line;
};

static bool find_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct find *f = arg;
  if (comment_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  if (f->ci) {
    if (find_text(s, n, "cron:"))
      f->ci_cron = true;
    if (!f->ci_names && names_script(f->nm, s, n, false)) {
      f->ci_names = true;
      f->line = line;
    }
    return f->ci_cron && f->ci_names;
  }
  if ((f->cronjob || (f->cron && cron_spec(s, end))) &&
      names_script(f->nm, s, n, true)) {
    f->line = line;
    return true;
  }
  if (f->installs && !echo_line(s, end) && names_script(f->nm, s, n, false)) {
    f->line = line;
    return true;
  }
  return false;
}

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool cron_file(const char *path, const char *name)
{
  return strstr(name, "cron") || ends_with(name, ".crontab") ||
         ends_with(name, ".cron") || strstr(path, "cron.d/") ||
         strstr(path, "crontabs/") || ends_with(name, ".sh") ||
         rc_model_is_dockerfile_name(path) || ends_with(name, ".yml") ||
         ends_with(name, ".yaml") || strcmp(name, "Makefile") == 0;
}

/* Documentation: a self-hosting bundle cannot install the operator's
 * crontab, so the crontab line its guide gives is its schedule. */
static bool doc_file(const char *name)
{
  return ends_with(name, ".md") || ends_with(name, ".rst") ||
         ends_with(name, ".adoc");
}

static bool ci_file(const char *path)
{
  return (strncmp(path, ".github/workflows/", 18) == 0 &&
          (ends_with(path, ".yml") || ends_with(path, ".yaml"))) ||
         strcmp(path, ".gitlab-ci.yml") == 0;
}

static bool has_line(const char *data, size_t len, const char *text)
{
  return find_text(data, len, text) != NULL;
}

/* The systemd unit a timer starts: Unit=, else the timer's own name. */
static const char *timer_unit(struct rc_arena *a, const char *path,
                              const char *data, size_t len)
{
  const char *u = find_text(data, len, "Unit=");
  const char *dir = rc_path_dir(a, path);
  if (u) {
    u += 5;
    size_t n = strcspn(u, " \t\r\n");
    return rc_path_join(a, dir, rc_arena_strndup(a, u, n));
  }
  size_t n = strlen(path) - strlen(".timer");
  return rc_arena_printf(a, "%.*s.service", (int)n, path);
}

struct sched {
  const char *how;
  struct rc_where at;
};

/* A script that writes crontab entries (`crontab -`, /etc/crontabs/x,
 * /etc/cron.d/x) on a line that is not a comment. */
static bool installs_line(const char *s, const char *end, unsigned line,
                          void *arg)
{
  (void)line;
  (void)arg;
  size_t n = (size_t)(end - s);
  return !comment_line(s, end) &&
         (has_word(s, n, "crontab") || find_text(s, n, "/etc/cron"));
}

static bool installs_crontab(const char *data, size_t len)
{
  return each_line(data, len, installs_line, NULL);
}

struct nth {
  unsigned line;
  bool spec;
};

static bool nth_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct nth *t = arg;
  if (line != t->line)
    return false;
  t->spec = cron_spec(s, end);
  return true;
}

/* Line `line` of data holds a cron schedule itself. */
static bool cron_spec_at(const char *data, size_t len, unsigned line)
{
  struct nth t = {line, false};
  each_line(data, len, nth_line, &t);
  return t.spec;
}

static bool file_schedule(struct rc_index *idx, struct rc_arena *a,
                          const struct rc_entry *e, const struct names *nm,
                          struct sched *out)
{
  const char *data;
  size_t len;
  bool ci = ci_file(e->path);
  bool cron = cron_file(e->path, e->name);
  bool timer = ends_with(e->name, ".timer");
  bool doc = doc_file(e->name);
  if (!ci && !cron && !timer && !doc)
    return false;
  if (!ci && !doc && rc_role_of_path(e->path, NULL, 0) == RC_ROLE_NONPROD)
    return false;
  if (rc_entry_size(idx, e) > (1u << 20) ||
      read_file(idx, e->path, &data, &len) != 0)
    return false;
  struct find f = {.nm = nm, .ci = ci};
  if (timer) {
    const char *unit = timer_unit(a, e->path, data, len);
    const char *udata;
    size_t ulen;
    if (strstr(e->name, "backup") ||
        (unit && read_file(idx, unit, &udata, &ulen) == 0 &&
         names_script(nm, udata, ulen, true))) {
      *out = (struct sched){"a systemd timer", {e->path, 1}};
      return true;
    }
    return false;
  }
  if (ci) {
    if (each_line(data, len, find_line, &f)) {
      *out = (struct sched){"a scheduled CI workflow", {e->path, f.line}};
      return true;
    }
    return false;
  }
  f.cron = true;
  f.cronjob = !doc && has_line(data, len, "kind: CronJob");
  f.installs = ends_with(e->name, ".sh") && installs_crontab(data, len);
  if (!each_line(data, len, find_line, &f))
    return false;
  bool spec = cron_spec_at(data, len, f.line);
  out->how = doc         ? "a cron line its documentation gives"
             : f.cronjob ? "a Kubernetes CronJob"
             : !spec     ? "a crontab entry a script installs"
                         : "a cron line";
  out->at = (struct rc_where){e->path, f.line};
  return true;
}

static bool restarts(const struct rc_compose_service *s)
{
  const char *r = rc_compose_str(s, "restart", NULL);
  return r && (strcmp(r, "always") == 0 || strcmp(r, "unless-stopped") == 0);
}

/* A compose service that restarts always and loops over the script (or a
 * dump tool) with a sleep, or runs a dedicated backup image. */
static bool compose_schedule(const struct rc_model *m, struct rc_arena *a,
                             const struct names *nm, struct sched *out)
{
  struct rc_buf b;
  rc_buf_init(&b);
  bool found = false;
  for (size_t i = 0; i < m->n_views && !found; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t j = 0; j < v->n_services && !found; j++) {
      const struct rc_compose_service *s = &v->services[j];
      if (s->optional || !restarts(s))
        continue;
      const char *cmd = compose_command(s, &b);
      size_t n = strlen(cmd);
      /* a sleep loop that runs something else (`certbot renew; sleep
       * 1d`) schedules other work, not the backup */
      bool loops = has_word(cmd, n, "sleep") &&
                   (names_script(nm, cmd, n, true) || dump_command(cmd));
      char name[128] = "";
      if (s->image)
        rc_model_image_name(s->image, name, sizeof(name));
      if (loops || strstr(name, "backup")) {
        out->how = rc_arena_printf(a, "compose service '%s' (restart: %s) %s",
                                   s->name, rc_compose_str(s, "restart", NULL),
                                   loops ? "looping over it"
                                         : "running a backup image");
        out->at = s->at;
        found = true;
      }
    }
  }
  rc_buf_release(&b);
  return found;
}

/* The script repeats itself: a `while true` (or `while :`) loop, and a
 * sleep between runs. */
struct loop {
  bool loops, sleeps;
};

static bool loop_line(const char *s, const char *end, unsigned line, void *arg)
{
  (void)line;
  struct loop *l = arg;
  if (comment_line(s, end))
    return false;
  if (has_word(s, (size_t)(end - s), "sleep"))
    l->sleeps = true;
  s = skip_space(s, end);
  size_t n = (size_t)(end - s);
  if (n > 6 && strncmp(s, "while ", 6) == 0 &&
      (has_word(s, n, "true") || find_text(s, n, "while :") ||
       find_text(s, n, "[ 1 ]")))
    l->loops = true;
  return false;
}

static bool loops_itself(struct rc_index *idx, const char *path)
{
  const char *data;
  size_t len;
  struct loop l = {false, false};
  if (read_file(idx, path, &data, &len) != 0)
    return false;
  each_line(data, len, loop_line, &l);
  return l.loops && l.sleeps;
}

/* A '&' that sends the command to the background: not `&&`, `2>&1` or
 * `&>`, and nothing but closing quotes or a ')' after it. */
static bool backgrounds(const char *s, const char *end)
{
  for (const char *p = s; p < end; p++) {
    if (*p != '&' || (p > s && (p[-1] == '&' || p[-1] == '>')) ||
        (p + 1 < end && (p[1] == '&' || p[1] == '>')))
      continue;
    const char *q = p + 1;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '"' || *q == '\'' ||
                       *q == ')' || *q == '\r'))
      q++;
    if (q == end)
      return true;
  }
  return false;
}

struct started {
  const struct names *nm;
  unsigned line;
};

static bool start_line(const char *s, const char *end, unsigned line, void *arg)
{
  struct started *st = arg;
  if (comment_line(s, end) || echo_line(s, end) ||
      !names_script(st->nm, s, (size_t)(end - s), false) ||
      !backgrounds(s, end))
    return false;
  st->line = line;
  return true;
}

/* An image's entrypoint starts the looping script in the background
 * (`/backup-db.sh loop &` before exec-ing the server): it runs for as long
 * as the container does. */
static bool background_schedule(struct rc_index *idx, struct rc_arena *a,
                                const struct rc_backup_script *bs,
                                const struct names *nm, struct sched *out)
{
  if (!loops_itself(idx, bs->path))
    return false;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    if (e->kind != RC_ENTRY_FILE || strcmp(e->path, bs->path) == 0 ||
        !(ends_with(e->name, ".sh") ||
          strncmp(e->name, "Dockerfile", 10) == 0) ||
        rc_entry_size(idx, e) > (1u << 20) ||
        rc_role_of_path(e->path, NULL, 0) == RC_ROLE_NONPROD ||
        read_file(idx, e->path, &data, &len) != 0)
      continue;
    struct started st = {nm, 0};
    if (each_line(data, len, start_line, &st)) {
      out->how = rc_arena_printf(
          a, "its own sleep loop, which %s starts in the background", e->path);
      out->at = (struct rc_where){e->path, st.line};
      return true;
    }
  }
  return false;
}

bool rc_backup_schedule(struct rc_index *idx, const struct rc_model *m,
                        struct rc_arena *a, const struct rc_backup_script *s,
                        const char **how, struct rc_where *at)
{
  struct names nm = {rc_path_base(s->path), NULL, installed_as(m, a, s->path)};
  if (ends_with(nm.base, ".sh")) {
    size_t n = strlen(nm.base) - 3;
    nm.stem = rc_arena_strndup(a, nm.base, n);
  }
  struct sched out = {0};
  bool found = compose_schedule(m, a, &nm, &out) ||
               background_schedule(idx, a, s, &nm, &out);
  for (size_t i = 0; !found && i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind == RC_ENTRY_FILE && strcmp(e->path, s->path) != 0)
      found = file_schedule(idx, a, e, &nm, &out);
  }
  if (found) {
    *how = out.how;
    *at = out.at;
  }
  return found;
}

/* ---- pruning beside the backup ---------------------------------------- */

struct prune {
  unsigned skip; /* the backup's own line */
  unsigned line;
};

/* A command line (not a comment) that prunes: weed.sh, cleanup, rotate,
 * `find ... -mtime`, retention settings. */
static bool prune_line(const char *s, const char *end, unsigned line, void *arg)
{
  static const char *const words[] = {"prune",  "purge",     "cleanup",
                                      "rotate", "retention", "expire",
                                      "weed",   "mtime",     NULL};
  struct prune *p = arg;
  if (line == p->skip || comment_line(s, end))
    return false;
  char buf[512];
  size_t n =
      (size_t)(end - s) < sizeof(buf) - 1 ? (size_t)(end - s) : sizeof(buf) - 1;
  for (size_t i = 0; i < n; i++)
    buf[i] = (char)tolower((unsigned char)s[i]);
  buf[n] = '\0';
  for (size_t i = 0; words[i]; i++)
    if (strstr(buf, words[i])) {
      p->line = line;
      return true;
    }
  return false;
}

bool rc_backup_sibling_prune(struct rc_index *idx, const struct rc_where *sched,
                             struct rc_where *at)
{
  const char *data;
  size_t len;
  if (!sched->path || read_file(idx, sched->path, &data, &len) != 0)
    return false;
  struct prune p = {sched->line, 0};
  if (!each_line(data, len, prune_line, &p))
    return false;
  *at = (struct rc_where){sched->path, p.line};
  return true;
}

/* ---- in the application ---------------------------------------------- */

static bool source_file(const char *name)
{
  static const char *const ext[] = {".go",   ".py", ".js", ".ts", ".rb", ".php",
                                    ".java", ".kt", ".rs", ".ex", ".cs", NULL};
  for (size_t i = 0; ext[i]; i++)
    if (ends_with(name, ext[i]))
      return true;
  return false;
}

/* The identifier folded: lower case without '_' and '-'. */
static bool folded_has(const char *s, size_t n, const char *const *keys)
{
  char buf[64];
  for (size_t i = 0; i < n; i++) {
    if (!isalpha((unsigned char)s[i]) || (i && word_char(s[i - 1])))
      continue;
    size_t k = 0;
    for (size_t j = i; j < n && word_char(s[j]) && k + 1 < sizeof(buf); j++)
      if (s[j] != '_' && s[j] != '-')
        buf[k++] = (char)tolower((unsigned char)s[j]);
    buf[k] = '\0';
    for (size_t q = 0; keys[q]; q++)
      if (strstr(buf, keys[q]))
        return true;
  }
  return false;
}

struct in_app {
  const char *const *keys;
  unsigned line;
};

static bool in_app_line(const char *s, const char *end, unsigned line,
                        void *arg)
{
  struct in_app *ia = arg;
  if (folded_has(s, (size_t)(end - s), ia->keys)) {
    ia->line = line;
    return true;
  }
  return false;
}

bool rc_backup_in_app(struct rc_index *idx, const char *kind,
                      struct rc_where *at)
{
  static const char *const retention[] = {
      "maxbackup",  "backupretention",  "keepbackups", "backupstokeep",
      "backupkeep", "backupsretention", NULL};
  static const char *const schedule[] = {"autobackup",      "backupinterval",
                                         "backupschedule",  "backupcron",
                                         "backupfrequency", NULL};
  struct in_app ia = {strcmp(kind, "retention") == 0 ? retention : schedule, 0};
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    if (e->kind != RC_ENTRY_FILE || !source_file(e->name) ||
        rc_entry_size(idx, e) > (1u << 20) ||
        rc_role_of_path(e->path, NULL, 0) == RC_ROLE_NONPROD ||
        strstr(e->name, "_test.") || read_file(idx, e->path, &data, &len) != 0)
      continue;
    if (each_line(data, len, in_app_line, &ia)) {
      *at = (struct rc_where){e->path, ia.line};
      return true;
    }
  }
  return false;
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
  if (comment_line(s, end) || echo_line(s, end))
    return false;
  size_t n = (size_t)(end - s);
  static const char *const sums[] = {"sha256sum", "sha1sum", "md5sum", "shasum",
                                     "sha512sum", "b2sum",   NULL};
  for (size_t i = 0; sums[i]; i++)
    if (has_word(s, n, sums[i])) {
      v->what = "a checksum";
      v->line = line;
      return true;
    }
  if (has_word(s, n, "pg_restore") &&
      (has_word(s, n, "--list") || has_word(s, n, "-l")))
    v->what = "`pg_restore --list`";
  else if ((has_word(s, n, "gzip") || has_word(s, n, "gunzip") ||
            has_word(s, n, "zstd") || has_word(s, n, "xz")) &&
           has_word(s, n, "-t"))
    v->what = "an archive test";
  else if ((has_word(s, n, "restic") || has_word(s, n, "borg")) &&
           has_word(s, n, "check"))
    v->what = "a repository check";
  else if (has_word(s, n, "pg_restore") || has_word(s, n, "mongorestore"))
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
  if (read_file(idx, path, &data, &len) != 0 ||
      !each_line(data, len, verify_line, &v))
    return false;
  *what = v.what;
  *at = (struct rc_where){path, v.line};
  return true;
}
