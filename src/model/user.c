/*
 * user.c - who an image's process runs as. A USER instruction is the
 * common answer, but images also start as root and drop privileges in
 * their entrypoint, or inherit an unprivileged user from their base; the
 * order of the questions below is the order a reviewer asks them.
 */
#include "readycheck/user.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "user_parts.h"

bool rc_user_is_root(const char *u)
{
  size_t n = strcspn(u, ": \t\"'");
  while (*u == '"' || *u == '\'')
    u++, n = strcspn(u, ": \t\"'");
  return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

const char *rc_cap_needs_root(const char *cap)
{
  static const char *const caps[] = {"NET_ADMIN", "SYS_ADMIN", "SYS_RAWIO",
                                     "ALL", NULL};
  if (strncasecmp(cap, "CAP_", 4) == 0)
    cap += 4;
  for (size_t i = 0; caps[i]; i++)
    if (strcasecmp(cap, caps[i]) == 0)
      return caps[i];
  return NULL;
}

/* nginx and httpd run their workers as an unprivileged user, the database
 * images start the server through gosu: without a USER of its own, an
 * image on one of them does not serve as root. */
bool rc_image_drops_privileges(const char *image)
{
  static const char *const names[] = {
      "nginx",     "httpd",   "postgres", "mysql",     "mariadb",
      "mongo",     "redis",   "rabbitmq", "memcached", "elasticsearch",
      "cassandra", "percona", NULL};
  if (!image)
    return false;
  const char *name = rc_path_base(image);
  size_t n = strcspn(name, ":@");
  bool official = strchr(image, '/') == NULL ||
                  strncmp(image, "library/", 8) == 0 ||
                  strncmp(image, "docker.io/library/", 18) == 0;
  for (size_t i = 0; official && names[i]; i++)
    if (strlen(names[i]) == n && strncmp(name, names[i], n) == 0)
      return true;
  /* vendors' images whose entrypoint drops to their own user when started
   * as root: ClickHouse's (`clickhouse su clickhouse:clickhouse`), the
   * GUI bases whose init runs the application as USER_ID (jlesage's), and
   * the s6 web bases whose nginx and php-fpm workers run as nginx
   * (tiredofit's) */
  static const char *const vendors[] = {"clickhouse/clickhouse-server",
                                        "jlesage/baseimage-gui",
                                        "jlesage/baseimage",
                                        "tiredofit/nginx",
                                        "tiredofit/nginx-php-fpm",
                                        NULL};
  if (strncmp(image, "docker.io/", 10) == 0)
    image += 10;
  for (size_t i = 0; vendors[i]; i++)
    if (strncmp(image, vendors[i], strlen(vendors[i])) == 0 &&
        strchr(":@", image[strlen(vendors[i])]))
      return true;
  return false;
}

/* Base images whose default user is not root: the nonroot variants, and
 * Windows Nano Server, whose default user is the unprivileged
 * ContainerUser (Server Core's is ContainerAdministrator) - Microsoft's
 * images built on it too (`mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-
 * ltsc2022`). */
static bool nonroot_base(const char *image)
{
  if (!image)
    return false;
  const char *tag = strncmp(image, "mcr.microsoft.com/", 18) == 0
                        ? strchr(image + 18, ':')
                        : NULL;
  return strstr(image, ":nonroot") || strstr(image, "-nonroot") ||
         strstr(image, "/nonroot") ||
         strstr(image, "mcr.microsoft.com/windows/nanoserver") ||
         (tag && strstr(tag, "nanoserver"));
}

/* Red Hat's UBI language images (`ubi9/nodejs-22-minimal`,
 * `ubi8/python-311`, `ubi9/openjdk-21-runtime`) set USER 1001 (185 for
 * OpenJDK) for OpenShift's arbitrary user ids; the plain `ubi9`,
 * `ubi9/ubi-minimal` and `ubi9/ubi-micro` bases run as root. */
static bool ubi_language_image(const char *image)
{
  static const char *const langs[] = {"nodejs-",    "python-", "ruby-",
                                      "php-",       "perl-",   "openjdk-",
                                      "go-toolset", NULL};
  for (const char *p = image ? strstr(image, "/ubi") : NULL; p;
       p = strstr(p + 1, "/ubi")) {
    const char *q = p + 4;
    if (!isdigit((unsigned char)*q))
      continue;
    q += strspn(q, "0123456789");
    if (*q != '/')
      continue;
    for (size_t i = 0; langs[i]; i++)
      if (strncmp(q + 1, langs[i], strlen(langs[i])) == 0)
        return true;
  }
  return false;
}

/* Microsoft's SQL Server images run as the unprivileged mssql user since
 * SQL Server 2019 (`mcr.microsoft.com/mssql/server:2022-latest`); the 2017
 * images ran as root. */
static bool mssql_nonroot_image(const char *image)
{
  static const char prefix[] = "mcr.microsoft.com/mssql/server";
  if (!image || strncmp(image, prefix, sizeof(prefix) - 1) != 0)
    return false;
  const char *tag = image + sizeof(prefix) - 1;
  if (*tag == '@')
    return false; /* a digest says nothing about the version */
  return *tag == '\0' || (*tag == ':' && strncmp(tag + 1, "2017", 4) != 0);
}

/* Microsoft's chiseled .NET images (`mcr.microsoft.com/dotnet/runtime:
 * 8.0-jammy-chiseled`, `aspnet:10.0-noble-chiseled-extra`) set `USER
 * $APP_UID`, the unprivileged `app` user; the other .NET images run as
 * root. */
static bool dotnet_chiseled_image(const char *image)
{
  static const char prefix[] = "mcr.microsoft.com/dotnet/";
  if (!image || strncmp(image, prefix, sizeof(prefix) - 1) != 0)
    return false;
  const char *tag = strchr(image + sizeof(prefix) - 1, ':');
  return tag && strstr(tag, "-chiseled") &&
         (size_t)(strstr(tag, "-chiseled") - tag) < strcspn(tag, "@");
}

/* Vendor images that set a non-root USER themselves (Elastic's, Bitnami's,
 * Grafana's, Chainguard's, nginx-unprivileged, Temporal's, the Prometheus
 * project's `USER nobody` images, the OpenTelemetry Collector's `USER
 * 10001` images, Docker Hardened Images, Red Hat's UBI language images,
 * SQL Server's since 2019, .NET's chiseled images): a Dockerfile on them
 * inherits it. */
static bool vendor_nonroot_base(const char *image)
{
  if (ubi_language_image(image) || mssql_nonroot_image(image) ||
      dotnet_chiseled_image(image))
    return true;
  if (image && strncmp(image, "docker.io/", 10) == 0)
    image += 10;
  static const char *const prefixes[] = {
      "docker.elastic.co/",
      "bitnami/",
      "grafana/grafana",
      "cgr.dev/chainguard/",
      "nginxinc/nginx-unprivileged",
      "quay.io/keycloak/",
      "temporalio/server",
      "temporalio/auto-setup",
      "prom/",
      "quay.io/prometheus/",
      "otel/opentelemetry-collector",
      "ghcr.io/open-telemetry/opentelemetry-collector-releases/",
      NULL};
  for (size_t i = 0; image && prefixes[i]; i++)
    if (strncmp(image, prefixes[i], strlen(prefixes[i])) == 0)
      return true;
  /* Docker Hardened Images run as a non-root user, except the -dev
   * variants made for build stages */
  return image && strncmp(image, "dhi.io/", 7) == 0 && !strstr(image, "-dev");
}

/* The configuration file `supervisord -c FILE` names, else its default. */
static const char *supervisord_conf(struct rc_arena *a, const char *text)
{
  /* the line that starts it, not a comment naming it first (`# Setting
   * the timezone for supervisord`) */
  for (const char *s = text ? strstr(text, "supervisord") : NULL; s;
       s = strstr(s + 11, "supervisord")) {
    const char *bol = s;
    while (bol > text && bol[-1] != '\n')
      bol--;
    bol += strspn(bol, " \t");
    const char *c = strstr(s, " -c ");
    if (*bol == '#' || !c || memchr(s, '\n', (size_t)(c - s)))
      continue;
    c += 4;
    c += strspn(c, " \t\"'");
    return rc_arena_strndup(a, c, strcspn(c, " \t\n\"';&|"));
  }
  return "supervisord.conf";
}

/* A `user=` value up to the end of its line or comment, without quotes. */
static const char *conf_value(struct rc_arena *a, const char *v)
{
  v += strspn(v, " \t\"'");
  return rc_arena_strndup(a, v, strcspn(v, " \t\r\n;\"'"));
}

/* The first `user=` line of a supervisord configuration that names a
 * user other than root (a `user=root` says nothing drops), or NULL. */
static const char *conf_nonroot_user(struct rc_arena *a, const char *text)
{
  for (const char *p = text; p && *p; p += strcspn(p, "\n"), p += *p == '\n') {
    const char *t = p + strspn(p, " \t");
    if (strncmp(t, "user", 4) != 0)
      continue;
    t += 4 + strspn(t + 4, " \t");
    if (*t != '=')
      continue;
    const char *u = conf_value(a, t + 1);
    if (*u && !rc_user_is_root(u))
      return u;
  }
  return NULL;
}

/* s6-overlay service scripts an image copies in. */
struct s6_walk {
  struct rc_index *idx;
  struct rc_arena *a;
  size_t found, dropping;
};

/* The command a run script ends with, the service's long-running one:
 * its last line that is neither blank nor a comment. */
static const char *last_command(struct rc_arena *a, const char *text)
{
  const char *last = NULL;
  size_t n = 0;
  for (const char *p = text; p && *p;) {
    size_t len = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    if (t < p + len && *t != '#') {
      last = t;
      n = (size_t)(p + len - t);
    }
    p += len;
    p += *p == '\n';
  }
  return last ? rc_arena_strndup(a, last, n) : NULL;
}

static int on_s6_run(const struct rc_entry *e, void *arg)
{
  struct s6_walk *w = arg;
  const char *text = iu_read_small(w->idx, e);
  const char *last = last_command(w->a, text);
  w->found++;
  /* s6-setuidgid abc ..., or a server whose workers drop (nginx,
   * php-fpm84 -F) */
  if (rc_privilege_drop_tool(text) || (last && iu_program_drops(last)))
    w->dropping++;
  return 0;
}

/* An s6-overlay image (the base's /init as entrypoint) runs the services
 * whose `run` scripts it copies into services.d or s6-rc.d: when every one
 * of them drops privileges (s6-setuidgid abc ...), no service runs as
 * root. */
static bool s6_services_drop(struct rc_index *idx, struct rc_arena *a,
                             const struct rc_dockerfile *df, const char *ctxdir)
{
  struct s6_walk w = {idx, a, 0, 0};
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in) || in->args[0] == '[')
      continue;
    const char *words[16];
    size_t n = iu_copy_words(a, in->args, words, 16);
    for (size_t k = 0; k + 1 < n; k++) {
      const char *from = rc_path_join(a, ctxdir, words[k]);
      if (!from || strchr(from, '*') || strchr(from, '$'))
        continue;
      const char *glob = rc_arena_printf(a, "%s%s**/{services.d,s6-rc.d}/*/run",
                                         from, *from ? "/" : "");
      rc_index_glob(idx, glob, RC_ENTRY_FILE, on_s6_run, &w);
    }
  }
  return w.found && w.dropping == w.found;
}

/* ---- supervisord's programs ---------------------------------------------- */

struct programs {
  struct rc_index *idx;
  struct rc_arena *a;
  size_t files, programs, dropping;
  size_t named;     /* programs given a non-root user= */
  const char *user; /* the first such user */
};

/* Reads one supervisord configuration: each [program:x] runs as its
 * user=, else as supervisord's root. */
static void read_programs(struct programs *pg, const char *text)
{
  bool in = false;
  const char *cmd = NULL, *user = NULL;
  size_t cmdlen = 0;
  for (const char *p = text;; p += strcspn(p, "\n"), p += *p == '\n') {
    const char *t = p + strspn(p, " \t");
    bool end = !*p || *t == '[';
    if (end && in) {
      const char *c = cmd ? rc_arena_strndup(pg->a, cmd, cmdlen) : "";
      pg->programs++;
      pg->named += user != NULL;
      if (user || iu_program_drops(c))
        pg->dropping++;
    }
    if (!*p)
      break;
    if (*t == '[') {
      in = strncmp(t, "[program:", 9) == 0;
      user = NULL;
      cmd = NULL;
      continue;
    }
    if (!in)
      continue;
    size_t key = strcspn(t, " \t=\n");
    const char *v = t + key;
    v += strspn(v, " \t");
    if (*v != '=')
      continue;
    v++;
    v += strspn(v, " \t");
    if (key == 4 && strncmp(t, "user", 4) == 0) {
      const char *u = conf_value(pg->a, v);
      user = *u && !rc_user_is_root(u) ? u : NULL;
      if (user && !pg->user)
        pg->user = user;
    } else if (key == 7 && strncmp(t, "command", 7) == 0) {
      cmd = v;
      cmdlen = strcspn(v, "\n");
    }
  }
}

static int on_program_file(const struct rc_entry *e, void *arg)
{
  struct programs *pg = arg;
  const char *text = iu_read_small(pg->idx, e);
  if (text && strstr(text, "[program:")) {
    pg->files++;
    read_programs(pg, text);
  }
  return 0;
}

/* A COPY source as a glob: variables as wildcards, a folder as all of its
 * files. */
static const char *source_glob(struct rc_index *idx, struct rc_arena *a,
                               const char *ctxdir, const char *src)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *p = src; *p;) {
    if (*p == '$') {
      p++;
      p += *p == '{' ? strcspn(p, "}") + (strchr(p, '}') != NULL)
                     : strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                 "abcdefghijklmnopqrstuvwxyz0123456789_");
      rc_buf_printf(&b, "*");
    } else
      rc_buf_printf(&b, "%c", *p++);
  }
  const char *g = rc_path_join(a, ctxdir, b.data ? b.data : "");
  rc_buf_release(&b);
  if (!g)
    return NULL;
  const struct rc_entry *e = rc_index_find(idx, g);
  if ((e && e->kind != RC_ENTRY_FILE) || g[strlen(g) - 1] == '/')
    return rc_arena_printf(a, "%s/**", g);
  return g;
}

/* The supervisord configurations the Dockerfile copies from ctxdir into
 * a supervisor folder. */
static void copied_programs(struct programs *pg, const struct rc_dockerfile *df,
                            const char *ctxdir)
{
  struct rc_index *idx = pg->idx;
  struct rc_arena *a = pg->a;
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in) || in->args[0] == '[')
      continue;
    const char *words[16];
    size_t n = iu_copy_words(a, in->args, words, 16);
    if (n < 2 || !strstr(words[n - 1], "supervisor"))
      continue;
    for (size_t k = 0; k + 1 < n; k++) {
      const char *g = source_glob(idx, a, ctxdir, words[k]);
      if (g)
        rc_index_glob(idx, g, RC_ENTRY_FILE, on_program_file, pg);
    }
  }
}

/* The supervisord programs the image runs: the configuration files the
 * Dockerfile copies into a supervisor folder (/etc/supervisor/conf.d/,
 * /etc/supervisor.d/, /etc/supervisord.conf), else those beside the
 * script that starts supervisord (a script copies them in at start).
 * Says how they run when every program found runs unprivileged. */
static const char *supervisor_programs_drop(struct rc_index *idx,
                                            struct rc_arena *a,
                                            const struct rc_dockerfile *df,
                                            const char *context,
                                            const char *script_dir)
{
  struct programs pg = {idx, a, 0, 0, 0, 0, NULL};
  /* an unknown build context is the Dockerfile's folder or one above it
   * (`COPY nginx/config/supervisord.conf` in production/nginx/Dockerfile):
   * the nearest where the sources are */
  const char *ctxdir = context ? context : rc_path_dir(a, df->path);
  for (;;) {
    copied_programs(&pg, df, ctxdir);
    if (pg.files || context || !*ctxdir)
      break;
    ctxdir = rc_path_dir(a, ctxdir);
  }
  if (!pg.files && script_dir && *script_dir) {
    rc_index_glob(idx, rc_arena_printf(a, "%s/**/*.conf", script_dir),
                  RC_ENTRY_FILE, on_program_file, &pg);
    rc_index_glob(idx, rc_arena_printf(a, "%s/**/*.ini", script_dir),
                  RC_ENTRY_FILE, on_program_file, &pg);
  }
  /* an image of several daemons whose configuration gives programs their
   * own users (`user=www-data` for the workers) separates privileges per
   * program by design: those left to root (a syslog, the supervisor, a
   * TLS tunnel) are its choice, not a container that never thought of
   * its user */
  if (pg.named && pg.dropping != pg.programs)
    return rc_arena_printf(a,
                           "supervisord runs %zu of its %zu programs under "
                           "their own users (user=%s): privileges are "
                           "separated per program, the others stay root by "
                           "design",
                           pg.named, pg.programs, pg.user);
  if (!pg.programs || pg.dropping != pg.programs)
    return NULL;
  return rc_arena_printf(a,
                         "supervisord runs all %zu of its programs "
                         "unprivileged (user=, or servers whose workers "
                         "drop to their own user)",
                         pg.programs);
}

/* The non-root user whose crontab the Dockerfile writes the jobs into
 * (`>> /var/spool/cron/crontabs/nobody`, `crontab -u app`), when it writes
 * none into root's (crontabs/root, /etc/crontab, /etc/cron.d), else NULL. */
static const char *crontab_user(struct rc_arena *a,
                                const struct rc_dockerfile *df)
{
  const char *user = NULL;
  for (size_t i = 0; i < df->n; i++) {
    const char *args = df->in[i].args;
    if (strcmp(df->in[i].kw, "RUN") != 0 && strcmp(df->in[i].kw, "COPY") != 0)
      continue;
    if (strstr(args, "/etc/crontab") || strstr(args, "/etc/cron.d") ||
        strstr(args, "crontabs/root") || strstr(args, "crontab -u root"))
      return NULL;
    const char *p = strstr(args, "/cron/crontabs/");
    size_t skip = 15;
    if (!p && (p = strstr(args, "crontab -u ")))
      skip = 11;
    if (!p)
      continue;
    p += skip;
    size_t n = strcspn(p, " \t;&|'\"");
    if (n && !rc_user_is_root(p))
      user = rc_arena_strndup(a, p, n);
  }
  return user;
}

/* The stage's process is cron: `crond -f`, `cron -f`, busybox crond. */
static bool runs_cron(struct rc_arena *a, const struct rc_dockerfile *df,
                      size_t stage)
{
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(df, stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(a, in->args) : NULL;
    if (!prog)
      continue;
    const char *base = rc_path_base(prog);
    return strcmp(base, "crond") == 0 || strcmp(base, "cron") == 0 ||
           (strcmp(base, "busybox") == 0 && strstr(in->args, "crond"));
  }
  return false;
}

/* s6 supervises the image's services: the base's entrypoint (no
 * ENTRYPOINT of its own: s6-overlay's /init), or an ENTRYPOINT that is
 * s6-overlay's /init or `s6-svscan /etc/services.d`. */
static bool s6_supervised(struct rc_arena *a, const struct rc_dockerfile *df,
                          size_t stage)
{
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(df, stage, "ENTRYPOINT");
  const char *prog = ep ? rc_dockerfile_program(a, ep->args) : NULL;
  return !ep || (prog && (strcmp(rc_path_base(prog), "s6-svscan") == 0 ||
                          strcmp(prog, "/init") == 0));
}

/* A root image whose entrypoint drops privileges (gosu, su-exec, chpst,
 * supervisord's user=...) runs the service unprivileged: in the Dockerfile
 * itself, or in the entrypoint script it starts. */
static const char *privilege_drop(struct rc_index *idx, struct rc_arena *a,
                                  const struct rc_dockerfile *df, size_t stage,
                                  const char *context)
{
  for (size_t i = 0; i < df->n; i++) {
    const char *d = rc_privilege_drop_tool(df->in[i].args);
    if (d)
      return d;
  }
  const char *cron_user = runs_cron(a, df, stage) ? crontab_user(a, df) : NULL;
  if (cron_user)
    return rc_arena_printf(a, "cron runs its jobs from the crontab of '%s'",
                           cron_user);
  if (s6_supervised(a, df, stage) &&
      s6_services_drop(idx, a, df,
                       context ? context : rc_path_dir(a, df->path)))
    return "every s6 service drops privileges or starts a server whose "
           "workers run unprivileged";
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = NULL;
    const char *prog = NULL;
    const struct rc_entry *script =
        iu_entry_script(idx, a, df, stage, context, kws[k], &in, &prog);
    if (!prog)
      continue;
    const char *text = iu_read_small(idx, script);
    const char *d = rc_privilege_drop_tool(text);
    if (d)
      return rc_arena_printf(a, "%s in %s", d, prog);
    const char *srv = iu_server_drop(in->args);
    if (!srv)
      srv = iu_server_drop(text);
    if (srv)
      return rc_arena_printf(a, "%s, whose workers run unprivileged", srv);
    if (iu_dropping_daemon(prog))
      return rc_arena_printf(a,
                             "%s, which switches to its own user once its "
                             "ports are bound",
                             iu_dropping_daemon(prog));
    const char *sv = strstr(in->args, "supervisord") ? in->args : text;
    if (sv && strstr(sv, "supervisord")) {
      const struct rc_entry *conf =
          rc_image_context_file(idx, a, df, context, supervisord_conf(a, sv));
      const char *ctext = iu_read_small(idx, conf);
      const char *cu = conf_nonroot_user(a, ctext);
      if (cu)
        return rc_arena_printf(a, "supervisord user=%s", cu);
      if (iu_server_drop(ctext))
        return rc_arena_printf(a,
                               "%s under supervisord, whose workers run "
                               "unprivileged",
                               iu_server_drop(ctext));
    }
    /* `supervisord -n`, `service supervisor start`: the programs it
     * runs decide */
    const char *sup = strstr(in->args, "supervisor") ? in->args : text;
    if (sup && strstr(sup, "supervisor")) {
      const char *how = supervisor_programs_drop(
          idx, a, df, context, script ? rc_path_dir(a, script->path) : NULL);
      if (how)
        return how;
    }
  }
  return NULL;
}

static void verdict(struct rc_image_user *out, bool ok, unsigned line,
                    const char *why)
{
  out->non_root = ok;
  out->dropped = false;
  out->base_unknown = false;
  out->line = line;
  out->why = why;
}

bool rc_image_sets_nonroot_user(const char *image)
{
  return nonroot_base(image) || vendor_nonroot_base(image);
}

/* Without a USER of its own: the base image decides. */
/* An official nginx or httpd image whose own ENTRYPOINT still starts the
 * server (`openssl req ... && nginx -g 'daemon off;'`): the master binds
 * the ports as root and its workers run as the image's unprivileged user,
 * whatever ran before it. The server's name, or NULL. */
static const char *entrypoint_starts_server(struct rc_arena *a,
                                            const struct rc_dockerfile *df,
                                            size_t stage, const char *base)
{
  static const char *const servers[] = {"nginx", "httpd", NULL};
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(df, stage, "ENTRYPOINT");
  if (!ep || !rc_image_drops_privileges(base))
    return NULL;
  const char *name = rc_path_base(base);
  for (size_t i = 0; servers[i]; i++) {
    size_t n = strlen(servers[i]);
    if (strncmp(name, servers[i], n) != 0 ||
        (name[n] && name[n] != ':' && name[n] != '@'))
      continue;
    for (const char *p = strstr(ep->args, servers[i]); p;
         p = strstr(p + n, servers[i]))
      if ((p == ep->args || !isalnum((unsigned char)p[-1])) &&
          !isalnum((unsigned char)p[n]) && p[n] != '.' && p[n] != '/')
        return rc_arena_strdup(a, servers[i]);
  }
  return NULL;
}

/* The official php image's apache and fpm variants (`php:8.2-apache`,
 * `php:8.3-fpm-alpine`) start their server by default (apache2-foreground,
 * php-fpm): the master binds its port as root and the workers run as
 * www-data, as with the httpd image. The server's name, or NULL. */
static const char *php_default_server(const char *image)
{
  if (!image)
    return NULL;
  if (strncmp(image, "docker.io/", 10) == 0)
    image += 10;
  if (strncmp(image, "library/", 8) == 0)
    image += 8;
  if (strncmp(image, "php:", 4) != 0)
    return NULL;
  const char *tag = image + 4;
  size_t n = strcspn(tag, "@");
  for (const char *p = tag; p < tag + n; p++) {
    if (strncmp(p, "apache", 6) == 0)
      return "Apache";
    if (strncmp(p, "fpm", 3) == 0)
      return "php-fpm";
  }
  return NULL;
}

/* AWS Lambda's base images (`public.ecr.aws/lambda/python:3.12`,
 * `amazon/aws-lambda-nodejs`) are made to run on Lambda, which runs the
 * function as an unprivileged sandbox user, never as root. */
static bool lambda_base(const char *image)
{
  return image && (strncmp(image, "public.ecr.aws/lambda/", 22) == 0 ||
                   strncmp(image, "amazon/aws-lambda-", 18) == 0);
}

/* Publishers' images known to run as root, as Docker's official images do:
 * the official images under an architecture's namespace (`arm64v8/ubuntu`,
 * `i386/alpine`) or a registry's mirror of them, operating system images
 * published under their own name, language and runtime images that set
 * no USER (Bun, AdoptOpenJDK, Elixir's hexpm, CUDA, FrankenPHP), and the
 * root variants vendor_nonroot_base leaves out (asked after it). */
static bool known_root_base(const char *img)
{
  static const char *const prefixes[] = {
      "amd64/", "arm64v8/", "arm32v7/", "arm32v6/", "arm32v5/", "i386/",
      "ppc64le/", "s390x/", "riscv64/", "mips64le/", "mirror.gcr.io/library/",
      "public.ecr.aws/docker/library/", "public.ecr.aws/debian/",
      "public.ecr.aws/ubuntu/", "public.ecr.aws/amazonlinux/", "opensuse/",
      "registry.suse.com/bci/", "quay.io/centos/",
      "registry.access.redhat.com/ubi", "redhat/ubi", "oven/bun",
      "adoptopenjdk/", "hexpm/elixir", "hexpm/erlang", "nvidia/cuda",
      "dunglas/frankenphp", "continuumio/",
      /* the root variants of publishers
       * whose other images are nonroot:
       * Docker Hardened Images' -dev,
       * SQL Server 2017 */
      "dhi.io/", "mcr.microsoft.com/mssql/server", NULL};
  for (size_t i = 0; prefixes[i]; i++)
    if (strncmp(img, prefixes[i], strlen(prefixes[i])) == 0)
      return true;
  return false;
}

/* What is known of the user of an image with no USER on base: Docker's
 * official images, distroless' root variants, Microsoft's .NET images and
 * the images known_root_base lists run as root; Windows Server Core as
 * ContainerAdministrator; of any other publisher's image only that it
 * sets no USER this repository can see (*unknown). */
static const char *rootful_base_why(struct rc_arena *a, const char *base,
                                    bool *unknown)
{
  const char *img = base;
  *unknown = false;
  if (strncmp(img, "docker.io/", 10) == 0)
    img += 10;
  if (strncmp(img, "mcr.microsoft.com/windows", 25) == 0 ||
      strstr(img, "windowsservercore") || strstr(img, "servercore:"))
    return "the image has no USER instruction: a Windows Server Core "
           "container runs as ContainerAdministrator (`USER ContainerUser` "
           "runs it unprivileged)";
  bool official = !strchr(img, '/') || strncmp(img, "library/", 8) == 0;
  if (official || strncmp(img, "gcr.io/distroless/", 18) == 0 ||
      strncmp(img, "mcr.microsoft.com/dotnet/", 25) == 0 ||
      known_root_base(img))
    return "the image has no USER instruction: the container runs as root";
  *unknown = true;
  return rc_arena_printf(a,
                         "no USER in this Dockerfile, and its base '%s' is "
                         "a publisher's image this repository does not show "
                         "the user of: the base decides, and the container "
                         "runs as root unless it sets a USER",
                         base);
}

bool rc_base_user_unknown(struct rc_arena *a, const char *base)
{
  bool unknown = false;
  if (base && !nonroot_base(base) && !vendor_nonroot_base(base) &&
      !rc_image_drops_privileges(base) && !php_default_server(base) &&
      !lambda_base(base))
    rootful_base_why(a, base, &unknown);
  return unknown;
}

static void judge_base(struct rc_arena *a, const struct rc_dockerfile *df,
                       size_t stage, unsigned line, struct rc_image_user *out)
{
  const char *server = NULL;
  const char *base = rc_dockerfile_base_image(df, a, stage);
  if (nonroot_base(base))
    verdict(out, true, line, "the stage uses a nonroot base image");
  else if (vendor_nonroot_base(base))
    verdict(out, true, line,
            rc_arena_printf(a,
                            "'%s' sets a non-root USER itself, and this "
                            "Dockerfile keeps it",
                            base));
  else if (rc_image_drops_privileges(base) &&
           !rc_dockerfile_inherited(df, stage, "ENTRYPOINT")) {
    verdict(out, true, line,
            rc_arena_printf(a, "'%s' drops privileges in its own entrypoint",
                            base));
    out->dropped = true;
  } else if ((server = entrypoint_starts_server(a, df, stage, base))) {
    verdict(out, true, line,
            rc_arena_printf(a,
                            "its entrypoint starts %s, whose workers run as "
                            "the unprivileged user of '%s'",
                            server, base));
    out->dropped = true;
  } else if ((server = php_default_server(base)) &&
             !rc_dockerfile_inherited(df, stage, "ENTRYPOINT") &&
             !rc_dockerfile_inherited(df, stage, "CMD")) {
    verdict(out, true, line,
            rc_arena_printf(a,
                            "'%s' starts %s by default, whose workers run "
                            "as www-data",
                            base, server));
    out->dropped = true;
  } else if (lambda_base(base))
    verdict(out, true, line,
            rc_arena_printf(a,
                            "'%s' is an AWS Lambda base image: Lambda runs "
                            "the function as an unprivileged user",
                            base));
  else if (!base)
    verdict(out, true, line,
            "no USER in this Dockerfile; the base image, chosen at build "
            "time, decides");
  else {
    bool unknown;
    verdict(out, false, line, rootful_base_why(a, base, &unknown));
    out->base_unknown = unknown;
  }
}

/* The command a script ends with, its long-running one: the last line
 * that is neither blank nor a comment, with the lines it continues
 * (`exec gunicorn app:app \` and its option lines) joined. */
static const char *main_command(struct rc_arena *a, const char *text)
{
  const char *start = NULL, *end = NULL;
  for (const char *p = text; p && *p;) {
    size_t len = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    bool continued = start && end && end > start && end[-1] == '\\';
    if (t < p + len && *t != '#') {
      if (!continued)
        start = t;
      end = p + len;
      while (end > start && (end[-1] == ' ' || end[-1] == '\r'))
        end--;
    }
    p += len;
    p += *p == '\n';
  }
  if (!start)
    return NULL;
  char *cmd = rc_arena_strndup(a, start, (size_t)(end - start));
  for (char *q = cmd; *q; q++)
    if (*q == '\\' || *q == '\n')
      *q = ' ';
  return cmd;
}

/* The command starts nginx, or hands its workers to a named user other
 * than root (`gunicorn --user app`, `celery worker --uid app`, `uwsgi
 * --uid app`). */
static bool workers_user(const char *cmd)
{
  cmd += strspn(cmd, " \t");
  if (strncmp(cmd, "exec ", 5) == 0)
    cmd += 5 + strspn(cmd + 5, " \t");
  size_t n = strcspn(cmd, " \t;");
  const char *prog = cmd;
  for (size_t i = 0; i < n; i++)
    if (cmd[i] == '/')
      prog = cmd + i + 1;
  if ((size_t)(cmd + n - prog) == 5 && strncmp(prog, "nginx", 5) == 0)
    return true;
  static const char *const opts[] = {"--user=", "--user ", "--uid=", "--uid ",
                                     NULL};
  for (size_t i = 0; opts[i]; i++)
    for (const char *o = strstr(cmd, opts[i]); o; o = strstr(o + 1, opts[i])) {
      const char *v = o + strlen(opts[i]);
      v += strspn(v, " \"'");
      if (*v && *v != '-' && !rc_user_is_root(v))
        return true;
    }
  return false;
}

/* The command a script's last line hands over to when that line runs
 * another script of the repository (`./docker/scripts/start_gunicorn.sh`,
 * `exec sh /app/run-web.sh`): that script's own last command, one level
 * down, or NULL. */
static const char *handed_command(struct rc_index *idx, struct rc_arena *a,
                                  const struct rc_dockerfile *df,
                                  const char *context, const char *cmd,
                                  const char **where)
{
  const char *c = cmd + strspn(cmd, " \t");
  if (strncmp(c, "exec ", 5) == 0)
    c += 5;
  const char *prog = iu_script_run(a, c);
  const struct rc_entry *next =
      prog ? rc_image_context_file(idx, a, df, context, prog) : NULL;
  if (!next)
    return NULL;
  *where = next->path;
  return main_command(a, iu_read_small(idx, next));
}

/* The image stays root, but the long-running command its entrypoint ends
 * with is a server that runs its workers as a user of their own: an
 * explicit `--user app` / `--uid app` (gunicorn, celery, uWSGI), or nginx,
 * whose workers drop by configuration. The process
 * that starts them stays root. How, or NULL. */
static const char *partial_drop(struct rc_index *idx, struct rc_arena *a,
                                const struct rc_dockerfile *df, size_t stage,
                                const char *context)
{
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = NULL;
    const char *prog = NULL;
    const struct rc_entry *script =
        iu_entry_script(idx, a, df, stage, context, kws[k], &in, &prog);
    if (!prog)
      continue;
    const char *cmd =
        script ? main_command(a, iu_read_small(idx, script)) : NULL;
    const char *where = script ? script->path : kws[k];
    if (!cmd && !script) {
      /* the exec form's words as a command line */
      char *line = rc_arena_strdup(a, in->args);
      for (char *q = line; *q; q++)
        if (strchr("[],\"", *q))
          *q = ' ';
      cmd = line + strspn(line, " ");
      where = rc_arena_printf(a, "its %s", kws[k]);
    }
    if (cmd && script && !workers_user(cmd)) {
      /* the script ends by running another of the repository's scripts,
       * which starts the server */
      const char *next_where = NULL;
      const char *next = handed_command(idx, a, df, context, cmd, &next_where);
      if (next && workers_user(next)) {
        cmd = next;
        where = rc_arena_printf(a, "%s, which %s runs", next_where, where);
      }
    }
    if (cmd && workers_user(cmd))
      return rc_arena_printf(a, "`%.60s%s` in %s", cmd,
                             strlen(cmd) > 60 ? "..." : "", where);
    /* a script that ends running its arguments (`exec "$@"`) leaves the
     * CMD to decide; any other script decides, and it did not */
    if (script && (!cmd || !strstr(cmd, "$@")))
      return NULL;
  }
  return NULL;
}

static void judge_user(struct rc_index *idx, struct rc_arena *a,
                       const struct rc_dockerfile *df, size_t stage,
                       const char *context, const char *runtime,
                       struct rc_image_user *out);

void rc_image_user(struct rc_index *idx, struct rc_arena *a,
                   const struct rc_dockerfile *df, size_t stage,
                   const char *context, const char *runtime,
                   struct rc_image_user *out)
{
  judge_user(idx, a, df, stage, context, runtime, out);
  out->partial =
      out->base_unknown ? NULL : partial_drop(idx, a, df, stage, context);
}

static void judge_user(struct rc_index *idx, struct rc_arena *a,
                       const struct rc_dockerfile *df, size_t stage,
                       const char *context, const char *runtime,
                       struct rc_image_user *out)
{
  const struct rc_df_instr *u = rc_dockerfile_inherited(df, stage, "USER");
  unsigned line = u ? u->line : df->st[stage].line;
  const char *base = rc_dockerfile_base_image(df, a, stage);
  if (base && strcmp(base, "scratch") == 0 && !u &&
      !rc_dockerfile_inherited(df, stage, "ENTRYPOINT") &&
      !rc_dockerfile_inherited(df, stage, "CMD")) {
    /* `docker build --output` exports such a stage's files: no process */
    verdict(out, true, line,
            "a FROM scratch stage with no command runs nothing: it exports "
            "build output");
    return;
  }
  if (!u || rc_user_is_root(u->args)) {
    const char *drop = privilege_drop(idx, a, df, stage, context);
    if (drop) {
      verdict(
          out, true, line,
          rc_arena_printf(a, "starts as root and drops privileges (%s)", drop));
      out->dropped = true;
      return;
    }
    if (runtime) {
      verdict(out, true, line, runtime);
      return;
    }
  }
  if (!u) {
    judge_base(a, df, stage, line, out);
    return;
  }
  if (rc_user_is_root(u->args) && base && !rc_image_sets_nonroot_user(base)) {
    /* `USER root` on a base whose own user is root changes nothing (a
     * Dockerfile says it to install packages): the base's entrypoint
     * still decides, as without a USER */
    struct rc_image_user b;
    judge_base(a, df, stage, u->line, &b);
    if (b.non_root) {
      *out = b;
      out->why = rc_arena_printf(a, "'USER %s' is the base's own user; %s",
                                 u->args, b.why);
      return;
    }
  }
  if (rc_user_is_root(u->args))
    verdict(out, false, u->line,
            rc_arena_printf(a, "runs as 'USER %s'", u->args));
  else
    verdict(out, true, u->line, rc_arena_printf(a, "runs as '%s'", u->args));
}
