/*
 * user_bases.c - what a base image says of the user. A Dockerfile with no
 * USER inherits its base's, and most bases run as root; but nonroot
 * variants, vendors' images and the official servers that drop in their
 * own entrypoint do not, and a publisher's image this repository cannot
 * see decides for itself: saying which is which keeps a iu_verdict of root
 * from being a guess.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/dockerfile.h"
#include "readycheck/imageref.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/user.h"

#include "user_parts.h"

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
  size_t n = rc_image_repo_len(name, strlen(name));
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

bool rc_image_sets_nonroot_user(const char *image)
{
  return nonroot_base(image) || vendor_nonroot_base(image);
}

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

/* The server command with which an official image's docker-entrypoint.sh
 * steps down from root with gosu (docker-library's redis, postgres,
 * mysql, mariadb, mongo and rabbitmq entrypoints: `if [ "$1" =
 * 'redis-server' ] && [ "$(id -u)" = '0' ]; then ... exec gosu redis`),
 * as a prefix of the first word, or NULL for other images. */
static const char *stepping_down_server(const char *image)
{
  static const char *const table[][2] = {
      {"redis", "redis-server"}, {"postgres", "postgres"}, {"mysql", "mysqld"},
      {"mariadb", "mariadbd"},   {"mariadb", "mysqld"},    {"mongo", "mongo"},
      {"rabbitmq", "rabbitmq"}};
  if (!rc_image_drops_privileges(image))
    return NULL;
  const char *name = rc_path_base(image);
  size_t n = rc_image_repo_len(name, strlen(name));
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
    if (strlen(table[i][0]) == n && strncmp(name, table[i][0], n) == 0)
      return table[i][1];
  return NULL;
}

/* Whether text hands over to docker-entrypoint.sh: the ENTRYPOINT's words
 * name it, or a line of the script execs it (`exec
 * /usr/local/bin/docker-entrypoint.sh "$@"`). */
static bool hands_to_official_entrypoint(struct rc_arena *a, const char *args,
                                         const char *text)
{
  static const char ep[] = "docker-entrypoint.sh";
  const char *prog = args ? iu_script_run(a, args) : NULL;
  if (prog && strcmp(rc_path_base(prog), ep) == 0)
    return true;
  for (const char *p = text; p && *p;) {
    size_t n = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    const char *hit = strstr(t, ep);
    if (strncmp(t, "exec ", 5) == 0 && hit && hit < p + n)
      return true;
    p += n + (p[n] == '\n');
  }
  return false;
}

const char *iu_official_entry_drop(struct rc_arena *a,
                                   const struct rc_dockerfile *df, size_t stage,
                                   const char *args, const char *text)
{
  const char *base = rc_dockerfile_base_image(df, a, stage);
  const char *server = stepping_down_server(base);
  /* an ENTRYPOINT of the Dockerfile's own clears the base's CMD: the
   * server is the CMD written here, or nothing is started */
  const struct rc_df_instr *cmd = rc_dockerfile_inherited(df, stage, "CMD");
  if (!server || !cmd || !hands_to_official_entrypoint(a, args, text))
    return NULL;
  const char *first = cmd->args + strspn(cmd->args, "[\"' \t");
  if (strncmp(first, server, strlen(server)) != 0)
    return NULL;
  return rc_arena_printf(a,
                         "its entrypoint hands over to the official "
                         "docker-entrypoint.sh of '%s', which steps down "
                         "to the image's own user to start %s",
                         base, server);
}

/* Without a USER of its own: the base image decides. */
void iu_judge_base(struct rc_arena *a, const struct rc_dockerfile *df,
                   size_t stage, unsigned line, struct rc_image_user *out)
{
  const char *server = NULL;
  const char *base = rc_dockerfile_base_image(df, a, stage);
  if (nonroot_base(base))
    iu_verdict(out, true, line, "the stage uses a nonroot base image");
  else if (vendor_nonroot_base(base))
    iu_verdict(out, true, line,
               rc_arena_printf(a,
                               "'%s' sets a non-root USER itself, and this "
                               "Dockerfile keeps it",
                               base));
  else if (rc_image_drops_privileges(base) &&
           !rc_dockerfile_inherited(df, stage, "ENTRYPOINT")) {
    iu_verdict(out, true, line,
               rc_arena_printf(a, "'%s' drops privileges in its own entrypoint",
                               base));
    out->dropped = true;
  } else if ((server = entrypoint_starts_server(a, df, stage, base))) {
    iu_verdict(out, true, line,
               rc_arena_printf(a,
                               "its entrypoint starts %s, whose workers run as "
                               "the unprivileged user of '%s'",
                               server, base));
    out->dropped = true;
  } else if ((server = php_default_server(base)) &&
             !rc_dockerfile_inherited(df, stage, "ENTRYPOINT") &&
             !rc_dockerfile_inherited(df, stage, "CMD")) {
    iu_verdict(out, true, line,
               rc_arena_printf(a,
                               "'%s' starts %s by default, whose workers run "
                               "as www-data",
                               base, server));
    out->dropped = true;
  } else if (lambda_base(base))
    iu_verdict(out, true, line,
               rc_arena_printf(a,
                               "'%s' is an AWS Lambda base image: Lambda runs "
                               "the function as an unprivileged user",
                               base));
  else if (!base)
    iu_verdict(out, true, line,
               "no USER in this Dockerfile; the base image, chosen at build "
               "time, decides");
  else {
    bool unknown;
    iu_verdict(out, false, line, rootful_base_why(a, base, &unknown));
    out->base_unknown = unknown;
  }
}
