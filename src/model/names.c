/*
 * names.c - what a file's or an image's name says before anything is
 * read: a Dockerfile or a base compose file by its name, an image's short
 * name, and whether an image is a database's or an infrastructure tool's
 * (what a stack runs beside the application, not the application). A
 * name decides early and cheaply, for every file of the index.
 */
#include "names.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/model.h"
#include "readycheck/path.h"

bool rc_model_is_dockerfile_name(const char *path)
{
  const char *name = rc_path_base(path);
  size_t n = strlen(name);
  if (n > 13 && strcasecmp(name + n - 13, ".dockerignore") == 0)
    return false;
  return strcmp(name, "Dockerfile") == 0 ||
         strcmp(name, "dockerfile") == 0 || /* docker build -f accepts it */
         strncmp(name, "Dockerfile.", 11) == 0 ||
         strncmp(name, "Dockerfile-", 11) == 0 ||
         strcmp(name, "Containerfile") == 0 ||
         (n > 11 && strcasecmp(name + n - 11, ".Dockerfile") == 0);
}

bool mb_is_base_compose_name(const char *path)
{
  static const char *const names[] = {"compose.yaml", "compose.yml",
                                      "docker-compose.yaml",
                                      "docker-compose.yml", NULL};
  const char *base = rc_path_base(path);
  for (size_t i = 0; names[i]; i++)
    if (strcmp(base, names[i]) == 0)
      return true;
  return false;
}

void rc_model_image_name(const char *image, char *out, size_t outlen)
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

static bool image_in(const char *image, const char *const *names)
{
  if (!image)
    return false;
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  for (size_t i = 0; names[i]; i++)
    if (strstr(name, names[i]))
      return true;
  return false;
}

static const char *const database_images[] = {
    "postgres",  "postgis",    "pgvector",  "timescale", "mysql",   "mariadb",
    "percona",   "mongo",      "redis",     "valkey",    "keydb",   "memcached",
    "elastic",   "opensearch", "cassandra", "scylla",    "couchdb", "neo4j",
    "influxdb",  "clickhouse", "cockroach", "rabbitmq",  "mssql",   "oracle",
    "dragonfly", NULL};

/* A tool for a database (postgres-exporter, mysql-backup, mongo-express,
 * redis-commander, redis-http) stores nothing of its own: one
 * word of its name says what it does. */
static bool database_tool(const char *image)
{
  static const char *const words[] = {
      "exporter",  "backup",     "backups",   "dump",     "admin",
      "commander", "express",    "insight",   "operator", "proxy",
      "ui",        "gui",        "cli",       "client",   "bouncer",
      "sync",      "dashboards", "dashboard", "http",     NULL};
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  return rc_role_name_word(name, words) != NULL;
}

/* `zabbix-web-nginx-mysql`, `zabbix-proxy-mysql`: an application built
 * for one database names it last, after words of its own. A database's
 * name starts with the engine (`postgres-16`, `mysql-server`) or has at
 * most one word before it (`vchord-postgres`). */
static bool database_variant(const char *image)
{
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  const char *last = name + strlen(name);
  size_t words = 1;
  for (const char *p = name; *p; p++)
    if (*p == '-' || *p == '_') {
      words++;
      last = p + 1;
    }
  if (words < 3)
    return false;
  for (size_t i = 0; database_images[i]; i++)
    if (strstr(name, database_images[i]) &&
        strstr(name, database_images[i]) < last)
      return false; /* the engine also appears before the last word */
  return true;
}

bool rc_model_is_database_image(const char *image)
{
  return image_in(image, database_images) && !database_tool(image) &&
         !database_variant(image);
}

/* The image's path names the engine and its last part only the role
 * (`mcr.microsoft.com/mssql/server`): a folder of the path that is
 * exactly a database's name. Whole words only, so an application's
 * namespace that contains one (`vaultwarden/server`) is not taken for it;
 * a vendor that also ships applications (`grafana/oncall`) is no
 * namespace of tools. */
static bool infra_namespace(const char *image)
{
  static const char *const names[] = {"mssql", "postgres", "mysql",   "mariadb",
                                      "mongo", "redis",    "elastic", NULL};
  if (!image)
    return false;
  size_t end = strcspn(image, ":@");
  for (const char *seg = image; seg < image + end;) {
    size_t n = strcspn(seg, "/");
    if (seg + n >= image + end)
      return false; /* the last part is the image's own name */
    for (size_t i = 0; names[i]; i++)
      if (strlen(names[i]) == n && strncasecmp(seg, names[i], n) == 0)
        return true;
    seg += n + 1;
  }
  return false;
}

bool rc_model_is_infra_image(const char *image)
{
  static const char *const more[] = {
      "kafka", "redpanda", "akhq", "zookeeper", "nats", "minio", "localstack",
      "mailhog", "mailpit", "maildev", "smtp4dev", "mailcatcher", "adminer",
      "pgadmin", "phpmyadmin", "mongo-express", "redis-commander",
      "rq-dashboard", "redisinsight", "jaeger", "zipkin", "azurite", "dynamodb",
      "fake-gcs", "pubsub-emulator", "wiremock", "mockserver", "etcd",
      "pgbouncer", "pgpool", "consul", "vault", "keycloak", "temporal",
      "meilisearch", "typesense", "qdrant", "weaviate", "chroma", "milvus",
      "emulator", "prometheus", "grafana", "hyperdx", "otel-collector",
      "opentelemetry-collector",
      /* consoles of a search engine, and
       * fault injection for tests */
      "opensearch-dashboards", "kibana", "toxiproxy",
      /* query engines and warehouses a database client is tested
       * against, and directory servers */
      "trino", "presto", "pinot", "drill", "vertica", "hanaexpress", "crate",
      "ldap",
      /* Grafana's all-in-one OpenTelemetry backend for local use */
      "otel-lgtm", NULL};
  /* "-local" images are a hosted service's stand-in for a developer's
   * machine (dynamodb-local, tinybird-local) */
  char name[128];
  if (image) {
    rc_model_image_name(image, name, sizeof(name));
    size_t n = strlen(name);
    if (n > 6 && strcmp(name + n - 6, "-local") == 0)
      return true;
  }
  /* a vendor's tools under its own namespace: redpandadata/console */
  if (image && strstr(image, "redpandadata/"))
    return true;
  return image_in(image, database_images) || image_in(image, more) ||
         infra_namespace(image);
}
