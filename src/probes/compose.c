/*
 * compose.c - the `compose` probe: per-service requirements of Docker
 * Compose files that need the file's structure - healthchecks, limits,
 * restart policies, databases kept off public interfaces, references that
 * must resolve, exec-form healthchecks without shell operators, scripts run
 * directly that are executable. The selected files are read as one merged
 * project (as `docker compose -f a -f b` would): a service meets a "has"
 * requirement if any file gives it, and fails a "must not" requirement if
 * any file breaks it. YAML parsing is doc.c's, file bytes the index's.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

enum {
  REQ_HEALTHCHECK,
  REQ_LIMITS,
  REQ_RESTART,
  REQ_DB_PRIVATE,
  REQ_DB_VOLUME,
  REQ_REFS,
  REQ_DIRS,
  REQ_EXEC_HEALTHCHECK,
  REQ_SCRIPTS,
  REQ_NO_PLAINTEXT,
};

static const char *const require_names[] = {"healthcheck",
                                            "resource_limits",
                                            "restart_policy",
                                            "db_not_public",
                                            "db_named_volume",
                                            "refs_exist",
                                            "bind_dirs_exist",
                                            "exec_healthcheck",
                                            "scripts_executable",
                                            "no_plaintext_secrets",
                                            NULL};

enum { MAX_SERVICES = 1000, MAX_FILES = 64 };

struct cfg {
  struct rc_strlist file;
  int require;
  struct rc_strlist exclude;
};

/* A compose file, parsed. */
struct cfile {
  const char *path;
  const char *dir; /* "" at the root */
  struct rc_docs docs;
};

/* A service name and what the merged files say about it. */
struct service {
  const char *name;
  const char *dir;  /* files of one directory form one project */
  const char *file; /* where the service first appears */
  bool has;         /* a "has" requirement met in some file */
  bool exempt;      /* not started by default (profiles) */
  bool relevant;    /* the requirement applies (a database, for db_*) */
  const char *bad;  /* first problem found, arena string */
  const char *bad_file;
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct cfile files[MAX_FILES];
  size_t n_files;
  struct service *svc;
  size_t n_svc, cap_svc;
  size_t n_error;
};

/* ---- reading files ---------------------------------------------------- */

static const char *dir_of(struct rc_arena *a, const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

struct reader {
  struct run *r;
  struct rc_check *out;
};

static void read_error(struct reader *rd, const char *path, const char *err)
{
  rd->r->n_error++;
  rc_check_evidence(rd->out, rd->r->ctx, path, 0, "cannot read: %s", err);
}

static void parse_into(struct reader *rd, const char *path, const char *data,
                       size_t len)
{
  struct run *r = rd->r;
  if (r->n_files >= MAX_FILES)
    return;
  for (size_t i = 0; i < r->n_files; i++)
    if (strcmp(r->files[i].path, path) == 0)
      return;
  char err[512];
  struct cfile *f = &r->files[r->n_files];
  if (rc_docs_parse(&f->docs, data, len, path, RC_DOC_YAML, err, sizeof(err)) !=
      0) {
    read_error(rd, path, err);
    return;
  }
  f->path = rc_arena_strdup(r->ctx->arena, path);
  f->dir = dir_of(r->ctx->arena, path);
  r->n_files++;
}

static bool excluded(const struct cfg *cfg, const char *path)
{
  return rc_strlist_matches(&cfg->exclude, path);
}

static int on_entry(const struct rc_entry *e, void *arg)
{
  struct reader *rd = arg;
  if (excluded(rd->r->cfg, e->path))
    return 0;
  char err[256];
  const char *data;
  size_t len;
  if (rc_index_read(rd->r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    read_error(rd, e->path, err);
  else
    parse_into(rd, e->path, data, len);
  return 0;
}

static void read_files(struct reader *rd)
{
  struct run *r = rd->r;
  for (size_t i = 0; i < r->cfg->file.n; i++) {
    const char *p = r->cfg->file.items[i];
    if (rc_glob_check(p) != NULL)
      continue;
    if (!rc_glob_is_literal(p)) {
      rc_index_glob(r->ctx->index, p, RC_ENTRY_FILE, on_entry, rd);
      continue;
    }
    if (excluded(r->cfg, p))
      continue;
    enum rc_entry_kind kind;
    char err[512];
    const char *data;
    size_t len;
    int st = rc_index_stat_path(r->ctx->index, p, &kind, err, sizeof(err));
    if (st == 0 || (st == 1 && kind != RC_ENTRY_FILE))
      continue;
    if (st < 0 ||
        rc_index_read_path(r->ctx->index, p, &data, &len, err, sizeof(err)))
      read_error(rd, p, err);
    else
      parse_into(rd, p, data, len);
  }
}

/* ---- services ---------------------------------------------------------- */

static struct service *service(struct run *r, const struct cfile *f,
                               const char *name)
{
  for (size_t i = 0; i < r->n_svc; i++)
    if (strcmp(r->svc[i].name, name) == 0 && strcmp(r->svc[i].dir, f->dir) == 0)
      return &r->svc[i];
  if (r->n_svc >= MAX_SERVICES)
    return NULL;
  rc_grow((void **)&r->svc, &r->cap_svc, r->n_svc, sizeof(*r->svc));
  r->svc[r->n_svc] =
      (struct service){.name = name, .dir = f->dir, .file = f->path};
  return &r->svc[r->n_svc++];
}

static const char *str(const cJSON *node)
{
  return cJSON_IsString(node) ? node->valuestring : NULL;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
  return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
                             : NULL;
}

static const cJSON *path2(const cJSON *obj, const char *a, const char *b)
{
  return get(get(obj, a), b);
}

/* The image name without registry path and tag: "postgres". */
static void image_name(const char *image, char *out, size_t outlen)
{
  const char *slash = strrchr(image, '/');
  const char *s = slash ? slash + 1 : image;
  size_t n = strcspn(s, ":@");
  if (n >= outlen)
    n = outlen - 1;
  for (size_t i = 0; i < n; i++)
    out[i] = (char)tolower((unsigned char)s[i]);
  out[n] = '\0';
}

static bool is_database(const cJSON *svc)
{
  static const char *const dbs[] = {
      "postgres",  "postgis",   "pgvector", "timescale",  "mysql",
      "mariadb",   "percona",   "mongo",    "redis",      "valkey",
      "keydb",     "memcached", "elastic",  "opensearch", "cassandra",
      "scylla",    "couchdb",   "neo4j",    "influxdb",   "clickhouse",
      "cockroach", "rabbitmq",  "mssql",    "oracle",     "dragonfly",
      NULL};
  const char *image = str(get(svc, "image"));
  if (!image)
    return false;
  char name[128];
  image_name(image, name, sizeof(name));
  for (size_t i = 0; dbs[i]; i++)
    if (strstr(name, dbs[i]))
      return true;
  return false;
}

static bool is_cache(const cJSON *svc)
{
  static const char *const caches[] = {"redis",     "valkey",    "keydb",
                                       "memcached", "dragonfly", NULL};
  char name[128];
  image_name(str(get(svc, "image")), name, sizeof(name));
  for (size_t i = 0; caches[i]; i++)
    if (strstr(name, caches[i]))
      return true;
  return false;
}

/* ---- "has" requirements ------------------------------------------------ */

static bool has_limits(const cJSON *svc)
{
  const cJSON *lim = get(path2(svc, "deploy", "resources"), "limits");
  return get(lim, "memory") || get(lim, "cpus") || get(svc, "mem_limit") ||
         get(svc, "cpus") || get(svc, "cpu_quota");
}

/* `restart: "no"` written out marks a deliberate one-shot job (a
 * migration): it needs neither a restart policy nor a healthcheck. */
static bool one_shot(const cJSON *svc)
{
  const char *rs = str(get(svc, "restart"));
  return rs && strcmp(rs, "no") == 0;
}

static bool has_restart(const cJSON *svc)
{
  const char *rs = str(get(svc, "restart"));
  if (rs)
    return true; /* "no" included: see one_shot() */
  return path2(svc, "deploy", "restart_policy") != NULL;
}

/* True if the service's Dockerfile (when it builds one) declares a
 * HEALTHCHECK, which compose then inherits. */
static bool dockerfile_healthcheck(struct run *r, const struct cfile *f,
                                   const cJSON *svc);

static bool has_healthcheck(struct run *r, const struct cfile *f,
                            const cJSON *svc)
{
  const cJSON *hc = get(svc, "healthcheck");
  if (one_shot(svc))
    return true;
  if (hc) {
    const cJSON *dis = get(hc, "disable");
    return !(cJSON_IsTrue(dis));
  }
  return dockerfile_healthcheck(r, f, svc);
}

/* A volume entry's source when it is a named volume, else NULL. */
static const char *named_source(const cJSON *v)
{
  const char *s = str(v);
  if (s) {
    const char *colon = strchr(s, ':');
    if (!colon || s[0] == '.' || s[0] == '/' || s[0] == '~' || s[0] == '$')
      return NULL;
    return s;
  }
  const char *type = str(get(v, "type"));
  return type && strcmp(type, "volume") == 0 ? str(get(v, "source")) : NULL;
}

static bool has_named_volume(const cJSON *svc)
{
  const cJSON *vols = get(svc, "volumes");
  const cJSON *v;
  cJSON_ArrayForEach(v, vols) if (named_source(v)) return true;
  return false;
}

/* ---- ports ---------------------------------------------------------- */

/* A short-syntax port: "[ip:][host:]container[/proto]". Returns true and
 * the reason if it listens on every interface. */
static bool public_port(const char *spec, struct rc_buf *why)
{
  char ip[64] = "";
  if (spec[0] == '[') { /* [::1]:5432:5432 */
    const char *close = strchr(spec, ']');
    size_t n = close ? (size_t)(close - spec + 1) : 0;
    if (!close || n >= sizeof(ip) || close[1] != ':')
      return false;
    memcpy(ip, spec, n);
    ip[n] = '\0';
  } else {
    size_t colons = 0;
    for (const char *p = spec; *p; p++)
      colons += *p == ':';
    if (colons == 0) {
      rc_buf_printf(why, "'%s' publishes a random port on all interfaces",
                    spec);
      return true;
    }
    if (colons >= 2) {
      size_t n = strcspn(spec, ":");
      if (n >= sizeof(ip))
        return false;
      memcpy(ip, spec, n);
      ip[n] = '\0';
    }
  }
  if (!*ip || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "[::]") == 0) {
    rc_buf_printf(why, "'%s' publishes on all interfaces", spec);
    return true;
  }
  return false;
}

static const char *port_problem(struct rc_arena *a, const cJSON *svc)
{
  const cJSON *p;
  cJSON_ArrayForEach(p, get(svc, "ports"))
  {
    struct rc_buf why;
    rc_buf_init(&why);
    char num[64];
    bool pub = false;
    if (cJSON_IsObject(p)) {
      const char *ip = str(get(p, "host_ip"));
      if (get(p, "published") &&
          (!ip || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0)) {
        rc_buf_puts(&why, "a published port without host_ip listens on all "
                          "interfaces");
        pub = true;
      }
    } else {
      const char *spec = rc_doc_scalar_text(p, num, sizeof(num));
      pub = spec && public_port(spec, &why);
    }
    const char *res = pub ? rc_arena_strdup(a, why.data) : NULL;
    rc_buf_release(&why);
    if (res)
      return res;
  }
  return NULL;
}

/* ---- paths ---------------------------------------------------------- */

/* dir + "/" + rel with "." and ".." resolved; NULL if it leaves the root
 * or is absolute. Arena string. */
static const char *join(struct rc_arena *a, const char *dir, const char *rel)
{
  if (rel[0] == '/' || rel[0] == '~' || strchr(rel, '$'))
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s%s%s", dir, *dir ? "/" : "", rel);
  char *segs[256];
  size_t n = 0;
  bool escape = false;
  for (char *s = strtok(b.data, "/"); s; s = strtok(NULL, "/")) {
    if (strcmp(s, ".") == 0)
      continue;
    if (strcmp(s, "..") == 0) {
      if (n == 0)
        escape = true;
      else
        n--;
      continue;
    }
    if (n < 256)
      segs[n++] = s;
  }
  struct rc_buf out;
  rc_buf_init(&out);
  for (size_t i = 0; i < n; i++)
    rc_buf_printf(&out, "%s%s", i ? "/" : "", segs[i]);
  const char *res =
      escape ? NULL : rc_arena_strdup(a, out.data ? out.data : "");
  rc_buf_release(&b);
  rc_buf_release(&out);
  return res;
}

/* 1 exists (in git's view or on disk), 0 not, -1 cannot tell. */
static int exists(struct run *r, const char *path)
{
  if (!*path)
    return 1;
  if (rc_index_find(r->ctx->index, path))
    return 1;
  enum rc_entry_kind kind;
  char err[256];
  int st = rc_index_stat_path(r->ctx->index, path, &kind, err, sizeof(err));
  return st;
}

static bool is_url(const char *s)
{
  return strstr(s, "://") || strncmp(s, "git@", 4) == 0 ||
         strncmp(s, "github.com/", 11) == 0;
}

/* Build context and Dockerfile path of a service, or false if it does not
 * build from a local directory. */
static bool build_paths(struct run *r, const struct cfile *f, const cJSON *svc,
                        const char **ctxdir, const char **dockerfile)
{
  const cJSON *b = get(svc, "build");
  const char *context = str(b);
  const char *df = NULL;
  if (cJSON_IsObject(b)) {
    context = str(get(b, "context"));
    df = str(get(b, "dockerfile"));
    if (!context)
      context = ".";
  }
  if (!context || is_url(context))
    return false;
  *ctxdir = join(r->ctx->arena, f->dir, context);
  if (!*ctxdir)
    return false;
  *dockerfile = join(r->ctx->arena, *ctxdir, df ? df : "Dockerfile");
  return true;
}

static bool read_text(struct run *r, const char *path, const char **data)
{
  size_t len;
  char err[256];
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  if (e)
    return rc_index_read(r->ctx->index, e, data, &len, err, sizeof(err)) == 0;
  return rc_index_read_path(r->ctx->index, path, data, &len, err,
                            sizeof(err)) == 0;
}

/* Does some line of text start (after blanks) with word? */
static bool has_instruction(const char *text, const char *word)
{
  size_t wl = strlen(word);
  for (const char *l = text; l && *l;) {
    while (*l == ' ' || *l == '\t')
      l++;
    if (strncasecmp(l, word, wl) == 0 && isspace((unsigned char)l[wl])) {
      const char *rest = l + wl;
      while (*rest == ' ' || *rest == '\t')
        rest++;
      if (strncasecmp(rest, "NONE", 4) != 0)
        return true;
    }
    l = strchr(l, '\n');
    if (l)
      l++;
  }
  return false;
}

static bool dockerfile_healthcheck(struct run *r, const struct cfile *f,
                                   const cJSON *svc)
{
  const char *ctxdir, *df, *text;
  return build_paths(r, f, svc, &ctxdir, &df) && df &&
         read_text(r, df, &text) && has_instruction(text, "HEALTHCHECK");
}

/* A bind mount's source, relative to the compose file, or NULL. */
static const char *bind_source(struct rc_arena *a, const cJSON *v,
                               const char **target)
{
  *target = NULL;
  const char *s = str(v);
  if (s) {
    if (s[0] != '.')
      return NULL;
    const char *colon = strchr(s, ':');
    if (!colon)
      return NULL;
    *target = colon + 1;
    return rc_arena_strndup(a, s, (size_t)(colon - s));
  }
  const char *type = str(get(v, "type"));
  const char *src = str(get(v, "source"));
  if (!type || strcmp(type, "bind") != 0 || !src || src[0] != '.')
    return NULL;
  *target = str(get(v, "target"));
  return src;
}

/* A file rather than a directory: "nginx.conf", "init.sql", ".env", not
 * "conf.d", "data" or "certs/". Docker creates a missing directory source
 * itself, but a missing file source becomes an empty directory and breaks
 * the mount. */
static bool file_like(const char *path)
{
  if (!path)
    return false;
  size_t n = strcspn(path, ":");
  if (n == 0 || path[n - 1] == '/')
    return false;
  size_t start = n;
  while (start && path[start - 1] != '/')
    start--;
  const char *base = path + start;
  size_t bl = n - start;
  const char *dot = memchr(base, '.', bl);
  if (!dot || bl == 1 || (bl == 2 && base[1] == '.'))
    return false; /* "data", ".", ".." */
  if (dot == base)
    return true; /* .env, .htpasswd */
  const char *last = dot;
  for (const char *p = dot; p < base + bl; p++)
    if (*p == '.')
      last = p;
  return !(base + bl - last == 2 && last[1] == 'd'); /* conf.d */
}

/* ---- "must not" requirements ---------------------------------------- */

static const char *refs_problem(struct run *r, const struct cfile *f,
                                const cJSON *svc, bool dirs)
{
  struct rc_arena *a = r->ctx->arena;
  const char *ctxdir, *df;
  if (!dirs && build_paths(r, f, svc, &ctxdir, &df)) {
    if (exists(r, ctxdir) == 0)
      return rc_arena_printf(a, "build context '%s' does not exist",
                             *ctxdir ? ctxdir : ".");
    if (df && exists(r, df) == 0)
      return rc_arena_printf(a, "Dockerfile '%s' does not exist", df);
  }
  const cJSON *v;
  cJSON_ArrayForEach(v, get(svc, "volumes"))
  {
    const char *target;
    const char *src = bind_source(a, v, &target);
    if (!src)
      continue;
    bool file = file_like(src) || file_like(target);
    if (file == dirs)
      continue;
    const char *p = join(a, f->dir, src);
    if (p && exists(r, p) == 0)
      return rc_arena_printf(a, "bind mount source '%s' does not exist", src);
  }
  return NULL;
}

static bool shell_operator(const char *s)
{
  return strstr(s, "||") || strstr(s, "&&") || strstr(s, "| ") ||
         strcmp(s, "|") == 0 || strchr(s, ';');
}

/* ["CMD", "sh", "-c", "a && b"] starts a shell itself: its operators work. */
static bool runs_shell(const cJSON *test)
{
  static const char *const shells[] = {"sh",  "bash", "ash", "dash",
                                       "zsh", "ksh",  NULL};
  const char *prog = str(cJSON_GetArrayItem(test, 1));
  const char *flag = str(cJSON_GetArrayItem(test, 2));
  if (!prog || !flag || flag[0] != '-' || !strchr(flag, 'c'))
    return false;
  const char *base = strrchr(prog, '/');
  base = base ? base + 1 : prog;
  for (size_t i = 0; shells[i]; i++)
    if (strcmp(base, shells[i]) == 0)
      return true;
  return false;
}

static const char *exec_hc_problem(struct rc_arena *a, const cJSON *svc)
{
  const cJSON *test = path2(svc, "healthcheck", "test");
  if (!cJSON_IsArray(test))
    return NULL;
  const char *first = str(cJSON_GetArrayItem(test, 0));
  if (!first || strcmp(first, "CMD") != 0 || runs_shell(test))
    return NULL;
  const cJSON *t;
  cJSON_ArrayForEach(t, test)
  {
    const char *s = str(t);
    if (s && shell_operator(s))
      return rc_arena_printf(a,
                             "exec-form healthcheck [\"CMD\", ...] contains "
                             "shell syntax '%s' that runs without a shell",
                             s);
  }
  return NULL;
}

static bool secret_key(const char *key)
{
  static const char *const words[] = {"PASSWORD",    "PASSWD",     "SECRET",
                                      "TOKEN",       "API_KEY",    "APIKEY",
                                      "PRIVATE_KEY", "ACCESS_KEY", NULL};
  char up[128];
  size_t n = strlen(key);
  if (n >= sizeof(up))
    n = sizeof(up) - 1;
  for (size_t i = 0; i < n; i++)
    up[i] = (char)toupper((unsigned char)key[i]);
  up[n] = '\0';
  static const char *const not_values[] = {
      "_FILE",    "_PATH", "_LIMIT",  "_RATE",   "_TTL",      "_LENGTH",
      "_ENABLED", "_NAME", "_HEADER", "_EXPIRY", "_LIFETIME", NULL};
  size_t ul = strlen(up);
  for (size_t i = 0; not_values[i]; i++) {
    size_t sl = strlen(not_values[i]);
    if (ul > sl && strcmp(up + ul - sl, not_values[i]) == 0)
      return false; /* a setting about a secret, not the secret */
  }
  for (size_t i = 0; words[i]; i++)
    if (strstr(up, words[i]))
      return true;
  return false;
}

/* An instruction to the reader ("random string that is unique to every
 * install - just type random characters here!") rather than a value:
 * generated secrets hold no spaces, so four words or more read as prose. */
static bool prose(const char *v)
{
  size_t spaces = 0;
  for (const char *p = v; *p; p++)
    if (*p == ' ' && p[1] && p[1] != ' ')
      spaces++;
  return spaces >= 3;
}

/* A literal value: not empty, no ${...} reference, not a placeholder
 * that must be edited anyway (changeme, replace-me, <secret>, a sentence
 * telling what to put there), not a switch such as
 * MYSQL_ALLOW_EMPTY_PASSWORD=yes. */
static bool literal(const char *v)
{
  static const char *const marks[] = {"change",      "replace", "your", "xxx",
                                      "placeholder", "example", "<",    NULL};
  static const char *const switches[] = {"true", "false", "yes", "no", "on",
                                         "off",  "0",     "1",   NULL};
  if (!v || !*v || strchr(v, '$'))
    return false;
  for (size_t i = 0; switches[i]; i++)
    if (strcasecmp(v, switches[i]) == 0)
      return false;
  for (size_t i = 0; marks[i]; i++)
    if (strncasecmp(v, marks[i], strlen(marks[i])) == 0)
      return false;
  return !prose(v);
}

static const char *plaintext_problem(struct rc_arena *a, const cJSON *svc)
{
  const cJSON *env = get(svc, "environment");
  const cJSON *e;
  char num[64];
  cJSON_ArrayForEach(e, env)
  {
    const char *key = NULL, *val = NULL;
    char kbuf[128];
    if (cJSON_IsObject(env)) {
      key = e->string;
      val = cJSON_IsNull(e) ? NULL : rc_doc_scalar_text(e, num, sizeof(num));
    } else if (str(e)) {
      const char *eq = strchr(str(e), '=');
      if (!eq)
        continue;
      size_t kl = (size_t)(eq - str(e));
      if (kl >= sizeof(kbuf))
        continue;
      memcpy(kbuf, str(e), kl);
      kbuf[kl] = '\0';
      key = kbuf;
      val = eq + 1;
    }
    if (key && secret_key(key) && literal(val))
      return rc_arena_printf(a, "environment sets %s to a literal value", key);
  }
  return NULL;
}

/* ---- scripts run directly ------------------------------------------- */

/* First word of a command (string or list); arena. */
static const char *program(struct rc_arena *a, const cJSON *cmd)
{
  const char *s =
      cJSON_IsArray(cmd) ? str(cJSON_GetArrayItem(cmd, 0)) : str(cmd);
  if (!s)
    return NULL;
  while (isspace((unsigned char)*s))
    s++;
  size_t n = strcspn(s, " \t;&|");
  return n ? rc_arena_strndup(a, s, n) : NULL;
}

static bool script_like(const char *p)
{
  size_t n = strlen(p);
  return (n > 3 && strcmp(p + n - 3, ".sh") == 0) || strncmp(p, "./", 2) == 0;
}

static bool chmod_in(const char *text, const char *base)
{
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t n = end ? (size_t)(end - l) : strlen(l);
    char line[1024];
    if (n >= sizeof(line))
      n = sizeof(line) - 1;
    memcpy(line, l, n);
    line[n] = '\0';
    if (strstr(line, "--chmod="))
      return true;
    if (strstr(line, "chmod") &&
        (strstr(line, base) || strstr(line, "*.sh") || strstr(line, "-R")))
      return true;
    l = end ? end + 1 : NULL;
  }
  return false;
}

/* The context file a program path names: relative to the context, or an
 * absolute path in the image whose tail is a path in the context
 * (/app/scripts/start.sh -> scripts/start.sh), longest tail first. */
static const struct rc_entry *find_in_context(struct run *r, const char *ctxdir,
                                              const char *prog,
                                              const char **path)
{
  const char *tail = prog;
  while (tail) {
    while (*tail == '/')
      tail++;
    const char *p = *tail ? join(r->ctx->arena, ctxdir, tail) : NULL;
    const struct rc_entry *e = p ? rc_index_find(r->ctx->index, p) : NULL;
    if (e) {
      *path = p;
      return e;
    }
    if (prog[0] != '/')
      return NULL;
    tail = strchr(tail, '/');
  }
  return NULL;
}

static const char *script_problem(struct run *r, const struct cfile *f,
                                  const cJSON *svc)
{
  struct rc_arena *a = r->ctx->arena;
  const char *ctxdir, *df;
  if (!build_paths(r, f, svc, &ctxdir, &df))
    return NULL;
  const char *keys[] = {"entrypoint", "command"};
  for (size_t k = 0; k < 2; k++) {
    const char *prog = program(a, get(svc, keys[k]));
    if (!prog || !script_like(prog))
      continue;
    const char *path = NULL;
    const struct rc_entry *e = find_in_context(r, ctxdir, prog, &path);
    if (!e || e->kind != RC_ENTRY_FILE || (e->mode & 0111))
      continue;
    const char *text;
    const char *slash = strrchr(path, '/');
    if (df && read_text(r, df, &text) &&
        chmod_in(text, slash ? slash + 1 : path))
      continue;
    return rc_arena_printf(a,
                           "%s runs '%s' directly, but '%s' is not "
                           "executable (mode %06o) and its Dockerfile does "
                           "not chmod it",
                           keys[k], prog, path, e->mode);
  }
  return NULL;
}

/* ---- the check -------------------------------------------------------- */

static bool is_has_requirement(int req)
{
  return req == REQ_HEALTHCHECK || req == REQ_LIMITS || req == REQ_RESTART ||
         req == REQ_DB_VOLUME;
}

static void visit(struct run *r, const struct cfile *f, const char *name,
                  const cJSON *svc)
{
  struct service *s = service(r, f, name);
  if (!s)
    return;
  struct rc_arena *a = r->ctx->arena;
  int req = r->cfg->require;
  if (get(svc, "profiles"))
    s->exempt = true;
  bool db_req = req == REQ_DB_PRIVATE || req == REQ_DB_VOLUME;
  if (db_req && !is_database(svc))
    return;
  if (req == REQ_DB_VOLUME && is_cache(svc))
    return; /* a cache may lose its data */ /* an override file may omit the
                                               image: judged where it is */
  s->relevant = true;
  const char *bad = NULL;
  switch (req) {
  case REQ_HEALTHCHECK:
    s->has = s->has || has_healthcheck(r, f, svc);
    break;
  case REQ_LIMITS:
    s->has = s->has || has_limits(svc);
    break;
  case REQ_RESTART:
    s->has = s->has || has_restart(svc);
    break;
  case REQ_DB_VOLUME:
    s->has = s->has || has_named_volume(svc);
    break;
  case REQ_DB_PRIVATE:
    bad = port_problem(a, svc);
    break;
  case REQ_REFS:
  case REQ_DIRS:
    bad = refs_problem(r, f, svc, req == REQ_DIRS);
    break;
  case REQ_EXEC_HEALTHCHECK:
    bad = exec_hc_problem(a, svc);
    break;
  case REQ_SCRIPTS:
    bad = script_problem(r, f, svc);
    break;
  default:
    bad = plaintext_problem(a, svc);
    break;
  }
  if (bad && !s->bad) {
    s->bad = bad;
    s->bad_file = f->path;
  }
}

static void walk(struct run *r)
{
  for (size_t i = 0; i < r->n_files; i++)
    for (size_t d = 0; d < r->files[i].docs.n; d++) {
      const cJSON *svc;
      cJSON_ArrayForEach(svc, get(r->files[i].docs.docs[d], "services"))
      {
        if (cJSON_IsObject(svc) && svc->string)
          visit(r, &r->files[i], svc->string, svc);
      }
    }
}

static const char *what_missing(int req)
{
  switch (req) {
  case REQ_HEALTHCHECK:
    return "no healthcheck (in compose or its Dockerfile)";
  case REQ_LIMITS:
    return "no resource limits (deploy.resources.limits or mem_limit/cpus)";
  case REQ_RESTART:
    return "no restart policy";
  default:
    return "database without a named volume for its data";
  }
}

static void verdict(struct run *r, struct rc_check *out)
{
  int req = r->cfg->require;
  bool has_req = is_has_requirement(req);
  size_t failed = 0, checked = 0;
  const char *first = NULL;
  for (size_t i = 0; i < r->n_svc; i++) {
    const struct service *s = &r->svc[i];
    if (!s->relevant || (has_req && s->exempt))
      continue;
    checked++;
    const char *why = has_req ? (s->has ? NULL : what_missing(req)) : s->bad;
    if (!why)
      continue;
    if (!failed++)
      first = rc_arena_printf(r->ctx->arena, "services.%s: %s", s->name, why);
    rc_check_evidence(out, r->ctx, s->bad_file ? s->bad_file : s->file, 0,
                      "services.%s: %s", s->name, why);
  }
  if (failed == 1)
    rc_check_set(out, r->ctx, RC_OUT_FAIL, "%s", first);
  else if (failed)
    rc_check_set(out, r->ctx, RC_OUT_FAIL, "%zu of %zu services fail; %s",
                 failed, checked, first);
  else if (r->n_error)
    rc_check_set(out, r->ctx, RC_OUT_ERROR,
                 "%zu compose file(s) could not be read", r->n_error);
  else
    rc_check_set(out, r->ctx, RC_OUT_OK, "%zu service%s in %zu file%s checked",
                 checked, checked == 1 ? "" : "s", r->n_files,
                 r->n_files == 1 ? "" : "s");
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run *r = rc_xcalloc(1, sizeof(*r));
  r->cfg = vcfg;
  r->ctx = ctx;
  struct reader rd = {r, out};
  read_files(&rd);
  if (r->n_files == 0 && r->n_error == 0)
    rc_check_set(out, ctx, RC_OUT_SKIP, "no compose file selected");
  else if (r->n_files == 0)
    rc_check_set(out, ctx, RC_OUT_ERROR, "no compose file could be read");
  else {
    walk(r);
    verdict(r, out);
  }
  for (size_t i = 0; i < r->n_files; i++)
    rc_docs_release(&r->files[i].docs);
  free(r->svc);
  free(r);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (rc_globs_validate(&cfg->file, "file", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  return rc;
}

static const struct rc_field fields[] = {
    {"file", RC_FIELD_STRINGS, offsetof(struct cfg, file), RC_FIELD_REQUIRED,
     NULL, "compose files (paths or globs), read together as one project"},
    {"require", RC_FIELD_ENUM, offsetof(struct cfg, require), RC_FIELD_REQUIRED,
     require_names,
     "what every service must meet: healthcheck, resource_limits, "
     "restart_policy, db_not_public, db_named_volume, refs_exist, "
     "bind_dirs_exist, exec_healthcheck, scripts_executable or "
     "no_plaintext_secrets"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of compose files not to read (test and example setups)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_compose = {
    .name = "compose",
    .summary = "every service of the selected compose files meets a "
               "requirement (healthcheck, limits, ports, references...)",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
};
