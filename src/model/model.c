/*
 * model.c - the deployment model builder: one pass over the index for the
 * files that decide what deploys, then the decisions, in order: which
 * compose files form production views, which Dockerfiles are production
 * images, which folders are services. Parsing is compose.c's,
 * dockerfile.c's and entry.c's; this file only decides, and writes down
 * why, so that `readycheck model` can show its reasoning.
 */
#include "readycheck/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/forge.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/shellwords.h"
#include "readycheck/readme.h"

enum {
  MAX_COMPOSE = 500,
  MAX_DOCKERFILES = 2000,
  MAX_FILE_BYTES = 4 << 20,
  MAX_VIEW_FILES = 16,
};

struct build {
  struct rc_model *m;
  struct rc_arena *a;
  size_t cap_compose, cap_df, cap_views, cap_images, cap_services, cap_extra,
      cap_collections;
  const char **chained; /* paths a compose -f chain names, sorted */
  size_t n_chained, cap_chained;
};

/* ---- names ----------------------------------------------------------------
 */

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

static bool is_base_compose_name(const char *path)
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
      "redisinsight", "jaeger", "zipkin", "azurite", "dynamodb", "fake-gcs",
      "pubsub-emulator", "wiremock", "mockserver", "etcd", "pgbouncer",
      "pgpool", "consul", "vault", "keycloak", "temporal", "meilisearch",
      "typesense", "qdrant", "weaviate", "chroma", "milvus", "emulator",
      "prometheus", "grafana", "hyperdx", "otel-collector",
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

/* ---- collecting files ------------------------------------------------------
 */

/* What a comment says when its file or service is for development or
 * tests, not production. */
static const char *const dev_phrases[] = {"development purposes",
                                          "for development",
                                          "development only",
                                          "dev only",
                                          "local development",
                                          "not for production",
                                          "not intended for production",
                                          "not meant for production",
                                          "not suitable for production",
                                          "not production-ready",
                                          "not production ready",
                                          "testing purposes",
                                          "for local ",
                                          "do not use in production",
                                          "demo purposes",
                                          "for demo",
                                          "dev purpose",
                                          "internal testing",
                                          "for testing only",
                                          "not to be used for",
                                          "not be used in production",
                                          "used to test",
                                          "to build and test",
                                          "used for testing",
                                          "setups for testing",
                                          "local-dev stack",
                                          "local dev stack",
                                          "not needed for production",
                                          "not needed in production",
                                          "not needed for actual deployment",
                                          "an example docker-compose",
                                          "an example docker compose",
                                          "an example compose file",
                                          "testable locally",
                                          "compose examples",
                                          "examples illustrate",
                                          "the below examples",
                                          "the following examples",
                                          NULL};

/* "not intended for production use without first customizing it": the
 * file is the deployment's starting point, to adapt and then run. */
static bool says_dev(const char *line)
{
  for (size_t i = 0; dev_phrases[i]; i++) {
    const char *hit = rc_str_find_ci(line, dev_phrases[i]);
    if (hit && !rc_str_find_ci(hit, " without") &&
        !rc_str_find_ci(hit, " unless"))
      return true;
  }
  return false;
}

/* The first line of the comment a file opens with (after YAML's document
 * marker, at most 40 lines) that says(), or NULL. */
static const char *header_line(struct rc_arena *a, const char *data,
                               bool (*says)(const char *line))
{
  const char *p = data;
  for (int lines = 0; *p && lines < 40; lines++) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    const char *t = p;
    while (t < p + n && (*t == ' ' || *t == '\t'))
      t++;
    bool marker = lines == 0 && n >= 3 && strncmp(t, "---", 3) == 0;
    if (t < p + n && *t != '#' && !marker)
      break; /* the content starts: no more header */
    char *line = rc_arena_strndup(a, p, n);
    if (!marker && says(line))
      return line;
    if (!end)
      break;
    p = end + 1;
  }
  return NULL;
}

/* The header says what the file is for: "# intended for development
 * purposes only", "# not for production". */
static const char *dev_header(struct rc_arena *a, const char *data)
{
  return header_line(a, data, says_dev);
}

/* A header command runs the file with a development overlay (`# podman-
 * compose -f compose.yaml -f compose.override.yaml -f compose.selinux.yaml
 * up`): an add-on to the developer's stack. */
static bool runs_dev_overlay(const char *line)
{
  for (const char *f = strstr(line, " -f "); f; f = strstr(f + 1, " -f ")) {
    char name[256];
    if (sscanf(f + 4, "%255s", name) == 1 &&
        rc_role_of_path(name, NULL, 0) == RC_ROLE_DEVELOPMENT)
      return true;
  }
  return false;
}

/* What a comment right above a service says when the service is only
 * there for tests or development (stricter than a file header: a comment
 * above a service often explains a setting "for local access"). */
static const char *const service_dev_phrases[] = {
    "testing purposes",
    "for testing only",
    "only for testing",
    "used only for testing",
    "only used for testing",
    "development only",
    "dev only",
    "only for development",
    "only for local development",
    "only used for local development",
    "not for production",
    "not intended for production",
    "not needed for production",
    "not needed in production",
    "not needed for actual deployment",
    "do not use in production",
    "not be used in production",
    NULL};

static bool service_says_dev(const char *line)
{
  for (size_t i = 0; service_dev_phrases[i]; i++)
    if (rc_str_find_ci(line, service_dev_phrases[i]))
      return true;
  return false;
}

/* The comment lines right above line `line` (1-based; starts[] holds
 * where each of the n lines begins) say the service defined there is for
 * testing or development ("# this is used only for testing purposes / #
 * Not needed for actual deployment!"). */
static bool comment_above_says_dev(struct rc_arena *a, const char **starts,
                                   size_t n, unsigned line)
{
  for (size_t k = line - 1; k > 0 && k <= n; k--) {
    const char *p = starts[k - 1]; /* line k, nearest first */
    size_t len = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    if (t >= p + len || *t != '#')
      return false;
    if (service_says_dev(rc_arena_strndup(a, t, len - (size_t)(t - p))))
      return true;
  }
  return false;
}

/* The services whose own comment disowns them (a proxy "used only for
 * testing purposes" in a deployment file): not judged as production. */
static void find_disowned_services(struct rc_arena *a,
                                   struct rc_compose_file *f, const char *data)
{
  size_t n = 0, cap = 0;
  const char **starts = NULL;
  for (const char *p = data; p && *p;) {
    rc_grow((void **)&starts, &cap, n, sizeof(*starts));
    starts[n++] = p;
    p = strchr(p, '\n');
    p = p ? p + 1 : NULL;
  }
  const cJSON *svc;
  size_t cap_d = 0;
  cJSON_ArrayForEach(svc, f->services)
  {
    unsigned line = rc_docs_line(&f->docs, svc);
    if (!line || !comment_above_says_dev(a, starts, n, line))
      continue;
    if (f->n_disowned == cap_d) {
      cap_d = cap_d ? cap_d * 2 : 4;
      const char **grown = rc_arena_alloc(a, cap_d * sizeof(*grown));
      if (f->n_disowned)
        memcpy(grown, f->disowned, f->n_disowned * sizeof(*grown));
      f->disowned = grown;
    }
    f->disowned[f->n_disowned++] = svc->string;
  }
  free(starts);
}

/* The first s (of two characters) in p[0..n), or NULL. */
static const char *span_find(const char *p, size_t n, const char *s)
{
  for (size_t i = 0; i + 1 < n; i++)
    if (p[i] == s[0] && p[i + 1] == s[1])
      return p + i;
  return NULL;
}

/* A file that YAML cannot read because it is a Jinja or Go template
 * (`{% if tls %}`, `{{- range .Values.x }}` on a line of their own) is
 * the source a setup tool renders a compose file from, not one. Returns
 * the first such line, or NULL. */
static const char *template_line(struct rc_arena *a, const char *data)
{
  for (const char *p = data; p && *p;) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    const char *t = p + strspn(p, " \t");
    if (t < p + n && (strncmp(t, "{%", 2) == 0 || strncmp(t, "{{-", 3) == 0 ||
                      strncmp(t, "{#", 2) == 0))
      return rc_arena_strndup(a, p, n);
    /* `image: {{ cookiecutter.slug }}_docs`: an expression as a value */
    const char *open = span_find(p, n, "{{");
    if (open && span_find(open, n - (size_t)(open - p), "}}"))
      return rc_arena_strndup(a, p, n);
    p = end ? end + 1 : NULL;
  }
  return NULL;
}

/* A README line that names the compose file and says it is not for
 * production ("This `docker-compose.yml` is configured for local testing
 * only, and is not intended for production use"). Returns the line, or
 * NULL. The README beside the file, and the root one. */
/* A Visual Studio Docker Compose project (`*.dcproj`, Microsoft.Docker.Sdk)
 * in the file's folder that lists it: the IDE's container tools run it to
 * debug on the developer's machine. The project's name, or NULL. */
struct dcproj {
  struct build *b;
  const char *dir, *base, *found;
};

static int dcproj_lists(const struct rc_entry *e, void *arg)
{
  struct dcproj *d = arg;
  const char *data;
  size_t len;
  char err[128];
  if (d->found || strcmp(rc_path_dir(d->b->a, e->path), d->dir) != 0 ||
      rc_entry_size(d->b->m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(d->b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  const char *include = rc_arena_printf(d->b->a, "Include=\"%s\"", d->base);
  if (strstr(data, "Microsoft.Docker.Sdk") && strstr(data, include))
    d->found = e->path;
  return 0;
}

static const char *ide_compose_project(struct build *b, const char *path)
{
  struct dcproj d = {b, rc_path_dir(b->a, path), rc_path_base(path), NULL};
  rc_index_glob(b->m->index, "**/*.dcproj", RC_ENTRY_FILE, dcproj_lists, &d);
  return d.found;
}

static const char *readme_disowns(struct build *b, const char *path)
{
  static const char *const phrases[] = {"not intended for production",
                                        "non-production",
                                        "not for production",
                                        "not meant for production",
                                        "not suitable for production",
                                        "not production-ready",
                                        "not production ready",
                                        "testing only",
                                        "development only",
                                        "local development only",
                                        "do not use in production",
                                        "don't use in production",
                                        "never use in production",
                                        NULL};
  const char *base = rc_path_base(path);
  const char *dir = rc_path_dir(b->a, path);
  const char *names[] = {"README.md", "readme.md", "README"};
  for (int root = 0; root < 2; root++) {
    const char *d = root ? "" : dir;
    if (root && !*dir)
      break;
    for (size_t k = 0; k < 3; k++) {
      const struct rc_entry *e = rc_index_find(
          b->m->index,
          *d ? rc_arena_printf(b->a, "%s/%s", d, names[k]) : names[k]);
      const char *data;
      size_t len;
      char err[128];
      if (!e || rc_entry_size(b->m->index, e) > MAX_FILE_BYTES ||
          rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
        continue;
      for (const char *at = strstr(data, base); at; at = strstr(at + 1, base)) {
        const char *s = at, *end = strchr(at, '\n');
        while (s > data && s[-1] != '\n')
          s--;
        char *line =
            rc_arena_strndup(b->a, s, end ? (size_t)(end - s) : strlen(s));
        for (size_t i = 0; phrases[i]; i++)
          if (rc_str_find_ci(line, phrases[i]))
            return line;
      }
    }
  }
  return NULL;
}

/* A README line saying that what its folder holds are samples not to run
 * in production ("These samples must not be deployed in production
 * environments"). Returns the line (arena), or NULL. */
static const char *says_collection(struct rc_arena *a, const char *data)
{
  static const char *const kinds[] = {"sample",   "example",  "demo",
                                      "template", "tutorial", NULL};
  static const char *const phrases[] = {"not be deployed in production",
                                        "not be used in production",
                                        "not intended for production",
                                        "not meant for production",
                                        "not for production",
                                        "not production-ready",
                                        "not production ready",
                                        NULL};
  /* "this repository is for local development only and is not meant to
   * be deployed": a whole repository that is a developer's stack (not one
   * that is merely not production-ready yet) */
  static const char *const repo[] = {"this repository", "this repo ", NULL};
  static const char *const repo_phrases[] = {"local development only",
                                             "only for local development",
                                             "not meant to be deployed",
                                             "not be deployed in",
                                             "not intended to be deployed",
                                             "run a local instance",
                                             NULL};
  char line[1024];
  for (const char *p = data; *p;) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n >= sizeof(line))
      n = sizeof(line) - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    bool kind = false;
    for (size_t i = 0; kinds[i] && !kind; i++)
      kind = rc_str_find_ci(line, kinds[i]) != NULL;
    for (size_t i = 0; kind && phrases[i]; i++)
      if (rc_str_find_ci(line, phrases[i]))
        return rc_arena_strdup(a, line);
    bool whole = false;
    for (size_t i = 0; repo[i] && !whole; i++)
      whole = rc_str_find_ci(line, repo[i]) != NULL;
    for (size_t i = 0; whole && repo_phrases[i]; i++)
      if (rc_str_find_ci(line, repo_phrases[i]))
        return rc_arena_strdup(a, line);
    if (!end)
      break;
    p = end + 1;
  }
  return NULL;
}

/* Folders whose README calls what they hold samples not for production,
 * found once per model. */
static void find_collections(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < rc_index_count(m->index); i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_FILE ||
        (strcmp(e->name, "README.md") != 0 &&
         strcmp(e->name, "readme.md") != 0 && strcmp(e->name, "README") != 0))
      continue;
    const char *data;
    size_t len;
    char err[128];
    if (rc_entry_size(m->index, e) > MAX_FILE_BYTES ||
        rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    const char *line = says_collection(b->a, data);
    if (!line)
      continue;
    rc_grow((void **)&m->collections, &b->cap_collections, m->n_collections,
            sizeof(*m->collections));
    m->collections[m->n_collections].dir = rc_path_dir(b->a, e->path);
    m->collections[m->n_collections++].line = line;
  }
}

const char *rc_model_collection_line(const struct rc_model *m, const char *path)
{
  for (size_t i = 0; m && i < m->n_collections; i++)
    if (rc_path_within(path, m->collections[i].dir))
      return m->collections[i].line;
  return NULL;
}

/* `romm-dev` built from the repository beside upstream images: when every
 * service the file builds (or, building none, every service) is named for
 * development, so is the stack. The first such name, or NULL. */
static const char *services_named_dev(const cJSON *services)
{
  bool builds = false;
  const cJSON *svc;
  cJSON_ArrayForEach(svc, services) builds |=
      cJSON_GetObjectItemCaseSensitive(svc, "build") != NULL;
  const char *first = NULL;
  cJSON_ArrayForEach(svc, services)
  {
    if (builds && !cJSON_GetObjectItemCaseSensitive(svc, "build"))
      continue;
    if (!svc->string ||
        rc_role_of_path(svc->string, NULL, 0) != RC_ROLE_DEVELOPMENT)
      return NULL;
    if (!first)
      first = svc->string;
  }
  return first;
}

static void add_compose(struct build *b, const struct rc_entry *e)
{
  struct rc_model *m = b->m;
  const char *data;
  size_t len;
  char err[128];
  if (m->n_compose >= MAX_COMPOSE ||
      rc_entry_size(m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, len))
    return;
  struct rc_compose_file f;
  rc_compose_file_load(&f, b->a, e->path, data, len);
  bool include = f.root && cJSON_GetObjectItemCaseSensitive(f.root, "include");
  /* a base-named file of networks only is the base its overlays name */
  bool shared = is_base_compose_name(e->path) && f.root &&
                cJSON_GetObjectItemCaseSensitive(f.root, "networks");
  if (!f.error && !f.services && !include && !shared) {
    rc_compose_file_release(&f); /* some other YAML with "compose" in it */
    return;
  }
  char why[160];
  f.role = rc_role_of_path(e->path, why, sizeof(why));
  f.why = rc_arena_strdup(b->a, why);
  const char *tpl = f.error ? template_line(b->a, data) : NULL;
  if (tpl && f.role == RC_ROLE_PRODUCTION) {
    f.role = RC_ROLE_NONPROD;
    f.why = rc_arena_printf(b->a, "a template a tool renders: '%.100s'", tpl);
  }
  const char *header =
      f.role == RC_ROLE_PRODUCTION ? dev_header(b->a, data) : NULL;
  if (header) {
    f.role = RC_ROLE_DEVELOPMENT;
    f.why = rc_arena_printf(b->a, "its header says so: '%.100s'", header);
  }
  const char *with_dev = f.role == RC_ROLE_PRODUCTION
                             ? header_line(b->a, data, runs_dev_overlay)
                             : NULL;
  if (with_dev) {
    f.role = RC_ROLE_DEVELOPMENT;
    f.why = rc_arena_printf(
        b->a, "its header runs it with a development overlay: '%.100s'",
        with_dev);
  }
  /* `name: cnpmcore_dev_services_es`: the project name's words say what
   * the stack is for, like a file name's */
  const cJSON *pname =
      f.root ? cJSON_GetObjectItemCaseSensitive(f.root, "name") : NULL;
  if (f.role == RC_ROLE_PRODUCTION && cJSON_IsString(pname) &&
      !strchr(pname->valuestring, '$')) {
    enum rc_role r = rc_role_of_path(pname->valuestring, NULL, 0);
    if (r != RC_ROLE_PRODUCTION) {
      f.role = r;
      f.why = rc_arena_printf(b->a, "its project name says so: 'name: %.80s'",
                              pname->valuestring);
    }
  }
  const char *named = f.role == RC_ROLE_PRODUCTION && f.services
                          ? services_named_dev(f.services)
                          : NULL;
  if (named) {
    f.role = RC_ROLE_DEVELOPMENT;
    f.why = rc_arena_printf(
        b->a, "every service is named for development ('%.60s')", named);
  }
  /* the folder's README, or a parent's (docker/compose/README.md: "Local
   * development" over drone-gitea/ and drone-github/), as Kubernetes
   * folders are read */
  const char *demo = NULL, *demo_dir = NULL;
  for (const char *d = f.dir; f.role == RC_ROLE_PRODUCTION && !demo && *d;
       d = rc_path_dir(b->a, d)) {
    demo = rc_readme_demo(m->index, b->a, d);
    demo_dir = d;
  }
  if (demo) {
    f.role = RC_ROLE_NONPROD;
    f.why = strcmp(demo_dir, f.dir) == 0
                ? rc_arena_printf(b->a, "its folder's README says so: '%.100s'",
                                  demo)
                : rc_arena_printf(b->a, "%s/README says so: '%.100s'", demo_dir,
                                  demo);
  }
  const char *ide = f.role == RC_ROLE_PRODUCTION && f.services
                        ? ide_compose_project(b, f.path)
                        : NULL;
  if (ide) {
    f.role = RC_ROLE_DEVELOPMENT;
    f.why = rc_arena_printf(b->a,
                            "Visual Studio's container tools run it to "
                            "debug (%s)",
                            ide);
  }
  const char *disowned =
      f.role == RC_ROLE_PRODUCTION ? readme_disowns(b, f.path) : NULL;
  if (disowned) {
    f.role = RC_ROLE_DEVELOPMENT;
    f.why = rc_arena_printf(b->a, "the README says so: '%.100s'", disowned);
  }
  const char *samples = f.role == RC_ROLE_PRODUCTION
                            ? rc_model_collection_line(b->m, f.path)
                            : NULL;
  if (samples) {
    f.role = RC_ROLE_NONPROD;
    f.why =
        rc_arena_printf(b->a, "a README calls it a sample: '%.100s'", samples);
  }
  /* `sut`, the system under test: Docker Hub's automated-test convention
   * (a compose file whose sut service runs the checks against the others) */
  if (f.role == RC_ROLE_PRODUCTION && f.services &&
      cJSON_GetObjectItemCaseSensitive(f.services, "sut")) {
    f.role = RC_ROLE_NONPROD;
    f.why = "a test harness: its service 'sut' is the system-under-test "
            "runner";
  }
  if (f.role == RC_ROLE_PRODUCTION && f.services)
    find_disowned_services(b->a, &f, data);
  rc_grow((void **)&m->compose, &b->cap_compose, m->n_compose,
          sizeof(*m->compose));
  m->compose[m->n_compose++] = f;
}

static void add_dockerfile(struct build *b, const struct rc_entry *e)
{
  struct rc_model *m = b->m;
  const char *data;
  size_t len;
  char err[128];
  if (m->n_dockerfiles >= MAX_DOCKERFILES ||
      rc_entry_size(m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, len))
    return;
  rc_grow((void **)&m->dockerfiles, &b->cap_df, m->n_dockerfiles,
          sizeof(*m->dockerfiles));
  rc_dockerfile_parse(&m->dockerfiles[m->n_dockerfiles++], b->a, e->path, data,
                      len);
}

static int path_cmp(const void *pa, const void *pb)
{
  return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* A file a chain names is a compose file whatever it is called
 * (`docker compose -f quickstart.yml`, `-f src/main/docker/app.yml`):
 * each name as written from the chain's folder and from the root, sorted
 * for the walk over the index below. */
static void chained_names(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    for (size_t k = 0; k < c->n_files; k++) {
      const char *name = c->files[k];
      if (strchr(name, '$') || rc_compose_is_name(name))
        continue;
      const char *at[2] = {rc_path_join(b->a, c->dir, name),
                           rc_path_join(b->a, "", name)};
      for (size_t j = 0; j < 2; j++) {
        if (!at[j] || !*at[j])
          continue;
        rc_grow((void **)&b->chained, &b->cap_chained, b->n_chained,
                sizeof(*b->chained));
        b->chained[b->n_chained++] = at[j];
      }
    }
  }
  if (b->n_chained > 1)
    qsort(b->chained, b->n_chained, sizeof(*b->chained), path_cmp);
}

static bool is_chained(const struct build *b, const char *path)
{
  return b->n_chained && bsearch(&path, b->chained, b->n_chained,
                                 sizeof(*b->chained), path_cmp) != NULL;
}

/* A Swarm stack file by another name (`stack.yml`, `shop.stack.yml`):
 * read as a compose file when it has a top-level `services:` key, since
 * the same names serve other tools (Haskell's `stack.yaml`, CloudFormation
 * stacks). */
static bool stack_file(struct build *b, const struct rc_entry *e)
{
  const char *base = rc_path_base(e->path);
  size_t n = strlen(base);
  bool named = false;
  static const char *const ends[] = {".stack.yml", ".stack.yaml", NULL};
  for (size_t i = 0; ends[i] && !named; i++)
    named = n > strlen(ends[i]) &&
            strcasecmp(base + n - strlen(ends[i]), ends[i]) == 0;
  if (!named && strcasecmp(base, "stack.yml") != 0 &&
      strcasecmp(base, "stack.yaml") != 0)
    return false;
  const char *data;
  size_t len;
  char err[128];
  if (rc_entry_size(b->m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  for (const char *p = data, *end = data + len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (ln >= 9 && strncmp(p, "services:", 9) == 0)
      return true;
    p += ln + 1;
  }
  return false;
}

static void collect(struct build *b)
{
  struct rc_index *idx = b->m->index;
  chained_names(b);
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    if (rc_compose_is_name(e->path) ||
        (rc_compose_is_yaml_name(e->path) && is_chained(b, e->path)) ||
        stack_file(b, e))
      add_compose(b, e);
    else if (rc_model_is_dockerfile_name(e->path))
      add_dockerfile(b, e);
  }
}

static int dockerfile_path_cmp(const void *pa, const void *pb)
{
  const struct rc_dockerfile *a = pa, *b = pb;
  return strcmp(a->path, b->path);
}

static void add_named(struct build *b, const char *path)
{
  if (!path || rc_model_dockerfile(b->m, path))
    return;
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  if (e && e->kind == RC_ENTRY_FILE)
    add_dockerfile(b, e);
}

/* Files a build or a compose service names as its Dockerfile whatever
 * they are called (`file: apps/web/Dockerhubfile`): Dockerfiles too. */
static void named_dockerfiles(struct build *b)
{
  struct rc_model *m = b->m;
  size_t before = m->n_dockerfiles;
  for (size_t i = 0; i < m->entries.n_builds; i++)
    add_named(b, m->entries.builds[i].dockerfile);
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_services; k++)
      add_named(b, m->views[i].services[k].dockerfile);
  if (m->n_dockerfiles > before)
    qsort(m->dockerfiles, m->n_dockerfiles, sizeof(*m->dockerfiles),
          dockerfile_path_cmp);
}

/* A compose file under contrib/ is a setup someone contributed (Traefik
 * and Keycloak in front, another storage): when the project ships its own
 * production compose file elsewhere, that one is the deployment and the
 * contributed one an alternative users adapt. Alone, it may be the only
 * way the project deploys, and is judged. */
static void contributed_setups(struct build *b)
{
  struct rc_model *m = b->m;
  const char *own = NULL;
  for (size_t i = 0; i < m->n_compose && !own; i++)
    if (m->compose[i].role == RC_ROLE_PRODUCTION &&
        !rc_role_under(m->compose[i].path, "contrib"))
      own = m->compose[i].path;
  for (size_t i = 0; own && i < m->n_compose; i++) {
    struct rc_compose_file *f = &m->compose[i];
    if (f->role != RC_ROLE_PRODUCTION || !rc_role_under(f->path, "contrib"))
      continue;
    f->role = RC_ROLE_NONPROD;
    f->why = rc_arena_printf(
        b->a, "a contributed setup (contrib/) beside the project's own %s",
        own);
  }
}

/* ---- lookups --------------------------------------------------------------
 */

/* The compose files are in path order (the index's byte order): a
 * binary search, as rc_model_file_role() asks for every file a rule
 * selects (200,000 on a big tree). */
static struct rc_compose_file *compose_at(const struct rc_model *m,
                                          const char *path)
{
  size_t lo = 0, hi = path ? m->n_compose : 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(m->compose[mid].path, path);
    if (c == 0)
      return &m->compose[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* A Dockerfile is what its builds make of it: production when one
 * deployment builds it; development when only development stacks build it
 * (a UI's dev-server image a development compose file builds). Any other
 * use - the base of a production image's build stage - or none keeps the
 * role its path gives. */
static bool image_role(const struct rc_model *m, const char *path,
                       enum rc_role *role)
{
  /* the images of this Dockerfile: a range of the sorted index, or all of
   * them while the model is being built */
  size_t lo = 0, hi = m->n_images;
  if (m->images_by_df) {
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (strcmp(m->images_by_df[mid]->dockerfile, path) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    hi = m->n_images;
  }
  bool dev = false;
  for (size_t i = lo; i < hi; i++) {
    const struct rc_image *im =
        m->images_by_df ? m->images_by_df[i] : &m->images[i];
    int c = strcmp(im->dockerfile, path);
    if (c != 0 && m->images_by_df)
      break;
    if (c != 0 || im->role == RC_ROLE_UNUSED)
      continue;
    if (im->role != RC_ROLE_DEVELOPMENT)
      return false;
    dev = true;
  }
  if (dev)
    *role = RC_ROLE_DEVELOPMENT;
  return dev;
}

static int image_df_cmp(const void *pa, const void *pb)
{
  const struct rc_image *a = *(const struct rc_image *const *)pa;
  const struct rc_image *b = *(const struct rc_image *const *)pb;
  return strcmp(a->dockerfile, b->dockerfile);
}

/* The images sorted by Dockerfile, once they are final. */
static void index_images(struct rc_model *m)
{
  if (!m->n_images)
    return;
  m->images_by_df = rc_xcalloc(m->n_images, sizeof(*m->images_by_df));
  for (size_t i = 0; i < m->n_images; i++)
    m->images_by_df[i] = &m->images[i];
  qsort(m->images_by_df, m->n_images, sizeof(*m->images_by_df), image_df_cmp);
}

enum rc_role rc_model_file_role(const struct rc_model *m, const char *path)
{
  const struct rc_compose_file *f = compose_at(m, path);
  if (f)
    return f->role;
  enum rc_role role;
  if (image_role(m, path, &role))
    return role;
  return rc_role_of_path(path, NULL, 0);
}

const struct rc_dockerfile *rc_model_dockerfile(const struct rc_model *m,
                                                const char *path)
{
  for (size_t i = 0; path && i < m->n_dockerfiles; i++)
    if (strcmp(m->dockerfiles[i].path, path) == 0)
      return &m->dockerfiles[i];
  return NULL;
}

const struct rc_image *rc_model_image(const struct rc_model *m,
                                      const char *dockerfile)
{
  for (size_t i = 0; dockerfile && i < m->n_images; i++)
    if (m->images[i].role == RC_ROLE_PRODUCTION &&
        strcmp(m->images[i].dockerfile, dockerfile) == 0)
      return &m->images[i];
  return NULL;
}

/* A name as a chain writes it: from the chain's folder, from the root, or
 * the one compose file whose path ends with it. */
static struct rc_compose_file *resolve_name(struct build *b, const char *dir,
                                            const char *name)
{
  struct rc_compose_file *f = compose_at(b->m, rc_path_join(b->a, dir, name));
  if (!f)
    f = compose_at(b->m, rc_path_join(b->a, "", name));
  if (f)
    return f;
  const char *norm = rc_path_join(b->a, "", name);
  if (!norm || !*norm)
    return NULL;
  struct rc_compose_file *hit = NULL;
  size_t nl = strlen(norm);
  for (size_t i = 0; i < b->m->n_compose; i++) {
    const char *p = b->m->compose[i].path;
    size_t pl = strlen(p);
    if (pl > nl && p[pl - nl - 1] == '/' && strcmp(p + pl - nl, norm) == 0) {
      if (hit)
        return NULL; /* ambiguous */
      hit = &b->m->compose[i];
    }
  }
  return hit;
}

/* ---- views ----------------------------------------------------------------
 */

static enum rc_role worse(enum rc_role a, enum rc_role b)
{
  static const int rank[] = {[RC_ROLE_PRODUCTION] = 0,
                             [RC_ROLE_DEVELOPMENT] = 1,
                             [RC_ROLE_UNUSED] = 2,
                             [RC_ROLE_NONPROD] = 3};
  return rank[a] >= rank[b] ? a : b;
}

static bool same_files(const struct rc_compose_view *v,
                       const struct rc_compose_file **files, size_t n)
{
  if (v->n_files != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (v->files[i] != files[i])
      return false;
  return true;
}

/* COMPOSE_PROFILES from the committed .env beside the base file. */
static const char *profiles_for(struct build *b, const char *dir)
{
  const char *env = rc_path_join(b->a, dir, ".env");
  const struct rc_entry *e = env ? rc_index_find(b->m->index, env) : NULL;
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  for (const char *l = data; l && *l;
       l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
    if (strncmp(l, "COMPOSE_PROFILES=", 17) == 0)
      return rc_arena_strndup(b->a, l + 17, strcspn(l + 17, "\r\n #"));
  return NULL;
}

/* The compose file at path for `include:` and `extends: {file}`: one the
 * model read, or any YAML file of the repository loaded on first use
 * (common-services.yml has no compose-like name). */
static const struct rc_compose_file *find_compose(void *arg, const char *path)
{
  struct build *b = arg;
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++)
    if (strcmp(m->compose[i].path, path) == 0)
      return &m->compose[i];
  for (size_t i = 0; i < m->n_extra_compose; i++)
    if (strcmp(m->extra_compose[i]->path, path) == 0)
      return m->extra_compose[i];
  const struct rc_entry *e = rc_index_find(m->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_entry_size(m->index, e) > MAX_FILE_BYTES ||
      m->n_extra_compose >= MAX_COMPOSE ||
      rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, len))
    return NULL;
  struct rc_compose_file *f = rc_arena_alloc(b->a, sizeof(*f));
  rc_compose_file_load(f, b->a, e->path, data, len);
  f->role = RC_ROLE_PRODUCTION;
  f->why = "";
  rc_grow((void **)&m->extra_compose, &b->cap_extra, m->n_extra_compose,
          sizeof(*m->extra_compose));
  m->extra_compose[m->n_extra_compose++] = f;
  return f;
}

static struct rc_compose_view *add_view(struct build *b,
                                        const struct rc_compose_file **files,
                                        size_t n, enum rc_role role,
                                        const char *why)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++)
    if (same_files(&m->views[i], files, n))
      return NULL;
  for (size_t i = 0; i < n; i++)
    role = worse(role, files[i]->role);
  rc_grow((void **)&m->views, &b->cap_views, m->n_views, sizeof(*m->views));
  struct rc_compose_view *v = &m->views[m->n_views++];
  memset(v, 0, sizeof(*v));
  rc_compose_view_build(v, b->a, files, n, profiles_for(b, files[0]->dir),
                        find_compose, b);
  v->role = role;
  v->why = why;
  return v;
}

static bool in_any_view(const struct rc_model *m,
                        const struct rc_compose_file *f)
{
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_files; k++)
      if (m->views[i].files[k] == f)
        return true;
  return false;
}

static bool same_folder(const struct rc_compose_file *const *files, size_t n)
{
  for (size_t k = 1; k < n; k++)
    if (strcmp(files[k]->dir, files[0]->dir) != 0)
      return false;
  return true;
}

/* `COMPOSE_FILE=compose.yaml:compose.production.yaml` in a script of
 * scripts/solr/, which has a compose.yaml of its own: a chain whose names
 * resolve in different folders (one beside the script, one at the root)
 * is read at the root when every name is there; else it is not read. */
static bool resolve_all_at_root(struct build *b, const struct rc_chain *c,
                                const struct rc_compose_file **files, size_t *n)
{
  size_t k = 0;
  for (; k < c->n_files && k < MAX_VIEW_FILES; k++) {
    const struct rc_compose_file *f =
        compose_at(b->m, rc_path_join(b->a, "", c->files[k]));
    if (!f || f->error)
      return false;
    files[k] = f;
  }
  *n = k;
  return true;
}

/* Chains written in the repository's automation become views: they say
 * which overlays go together, whatever the overlays are called. */
static void views_from_chains(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    const struct rc_compose_file *files[MAX_VIEW_FILES];
    size_t n = 0;
    bool ok = !c->unresolved && c->n_files > 0;
    for (size_t k = 0; ok && k < c->n_files && n < MAX_VIEW_FILES; k++) {
      const struct rc_compose_file *f = resolve_name(b, c->dir, c->files[k]);
      ok = f && !f->error;
      if (ok)
        files[n++] = f;
    }
    if (ok && !same_folder(files, n))
      ok = resolve_all_at_root(b, c, files, &n);
    /* one plain compose file: its own directory's view covers it; one the
     * model reads only because a chain names it is run on its own */
    if (!ok ||
        (n == 1 && !rc_role_name_is_production(files[0]->path) &&
         rc_compose_is_name(files[0]->path) && c->role == RC_ROLE_PRODUCTION))
      continue;
    enum rc_role role = c->role;
    const char *why =
        rc_arena_printf(b->a, "run with -f in %s:%u", c->at.path, c->at.line);
    if (role == RC_ROLE_PRODUCTION &&
        rc_chain_on_ci_runner(b->m->index, b->a, c)) {
      role = RC_ROLE_NONPROD;
      why = rc_arena_printf(b->a,
                            "started on the CI runner by %s:%u: a test stack",
                            c->at.path, c->at.line);
    }
    add_view(b, files, n, role, why);
  }
}

static bool has_chain_view_with_base(const struct rc_model *m,
                                     const struct rc_compose_file *base)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].n_files > 1 && m->views[i].files[0] == base &&
        m->views[i].role == RC_ROLE_PRODUCTION)
      return true;
  return false;
}

/* A base file with the production-named overlays of its folder, each
 * applied on its own (`-f compose.yml -f compose.prod.yml`). */
/* Every service of f says what runs (an image or a build): f is a stack of
 * its own, not an overlay that adjusts another file's services. */
static bool complete_stack(const struct rc_compose_file *f)
{
  const cJSON *s;
  size_t n = 0;
  cJSON_ArrayForEach(s, f->services)
  {
    if (!cJSON_GetObjectItemCaseSensitive(s, "image") &&
        !cJSON_GetObjectItemCaseSensitive(s, "build") &&
        !cJSON_GetObjectItemCaseSensitive(s, "extends"))
      return false;
    n++;
  }
  return n > 0;
}

/* The chains that name f start it on the CI runner only (views made from
 * chains come first, so a non-production view holding f is one): a
 * release-named file CI brings up for tests is not the deployment. */
static bool in_test_chain(const struct rc_model *m,
                          const struct rc_compose_file *f)
{
  bool test = false;
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_files; k++)
      if (m->views[i].files[k] == f) {
        if (m->views[i].role == RC_ROLE_PRODUCTION)
          return false;
        test = true;
      }
  return test;
}

/* A production file of its own beside the base (docker-compose.prod.yml
 * defining every service it runs): production runs that file, and the
 * base is the development setup. */
static const struct rc_compose_file *
standalone_production(const struct rc_model *m,
                      const struct rc_compose_file *base)
{
  for (size_t k = 0; k < m->n_compose; k++) {
    const struct rc_compose_file *o = &m->compose[k];
    if (o != base && !o->error && strcmp(o->dir, base->dir) == 0 &&
        !is_base_compose_name(o->path) && rc_role_name_is_production(o->path) &&
        o->role == RC_ROLE_PRODUCTION && complete_stack(o) &&
        !in_test_chain(m, o))
      return o;
  }
  return NULL;
}

static bool only_fragments(const struct rc_compose_file *f);
static const struct rc_compose_file *
ancestor_base(struct build *b, const struct rc_compose_file *f);

/* A base-named file whose services only complete those of a compose file
 * above it (`-f suites/compose.yml -f suites/x/compose.yml`) is that file's
 * overlay, not a stack of its own. */
static bool overlay_below(struct build *b, const struct rc_compose_file *f)
{
  return cJSON_GetArraySize(f->services) > 0 && only_fragments(f) &&
         ancestor_base(b, f) != NULL;
}

/* Networks for overlays to share, or nothing at all (an empty placeholder
 * layer), no service: nothing runs from it alone. */
static bool networks_only(const struct rc_compose_file *f)
{
  return !f->services &&
         !(f->root && cJSON_GetObjectItemCaseSensitive(f->root, "include"));
}

static void views_from_folders(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *base = &m->compose[i];
    if (base->error || !is_base_compose_name(base->path) ||
        base->role == RC_ROLE_NONPROD || has_chain_view_with_base(m, base) ||
        overlay_below(b, base) || networks_only(base))
      continue;
    const struct rc_compose_file *own = standalone_production(m, base);
    if (own) {
      const struct rc_compose_file *one[] = {own};
      add_view(b, one, 1, RC_ROLE_PRODUCTION,
               "a production compose file of its own");
      const struct rc_compose_file *dev[] = {base};
      add_view(b, dev, 1, RC_ROLE_DEVELOPMENT,
               rc_arena_printf(b->a,
                               "the development setup: production runs '%s'",
                               rc_path_base(own->path)));
      continue;
    }
    size_t overlays = 0;
    for (size_t k = 0; k < m->n_compose; k++) {
      const struct rc_compose_file *o = &m->compose[k];
      if (o == base || o->error || strcmp(o->dir, base->dir) != 0 ||
          is_base_compose_name(o->path) ||
          !rc_role_name_is_production(o->path) ||
          o->role != RC_ROLE_PRODUCTION || in_test_chain(m, o))
        continue;
      const struct rc_compose_file *pair[] = {base, o};
      add_view(b, pair, 2, RC_ROLE_PRODUCTION,
               rc_arena_printf(b->a,
                               "base file with the production overlay "
                               "'%s'",
                               rc_path_base(o->path)));
      overlays++;
    }
    if (!overlays) {
      const struct rc_compose_file *one[] = {base};
      add_view(b, one, 1, RC_ROLE_PRODUCTION, "the folder's compose file");
    }
  }
}

/* Every service of `o` is defined in `base`: o only adjusts them. */
static bool only_adjusts(const struct rc_compose_file *o,
                         const struct rc_compose_file *base)
{
  const cJSON *s;
  cJSON_ArrayForEach(s, o->services)
  {
    if (!cJSON_GetObjectItemCaseSensitive(base->services, s->string))
      return false;
  }
  return true;
}

static const struct rc_compose_file *folder_base(const struct rc_model *m,
                                                 const char *dir)
{
  for (size_t i = 0; i < m->n_compose; i++)
    if (!m->compose[i].error && strcmp(m->compose[i].dir, dir) == 0 &&
        is_base_compose_name(m->compose[i].path))
      return &m->compose[i];
  return NULL;
}

/* How many of f's relative build contexts and bind-mount sources exist
 * when resolved from dir. */
static size_t refs_found_from(struct build *b, const struct rc_compose_file *f,
                              const char *dir)
{
  size_t n = 0;
  const cJSON *svc;
  cJSON_ArrayForEach(svc, f->services)
  {
    const cJSON *bld = cJSON_GetObjectItemCaseSensitive(svc, "build");
    const cJSON *ctx = cJSON_IsString(bld)
                           ? bld
                           : cJSON_GetObjectItemCaseSensitive(bld, "context");
    if (cJSON_IsString(ctx)) {
      const char *p = rc_path_join(b->a, dir, ctx->valuestring);
      n += p && rc_index_find(b->m->index, p) != NULL;
    }
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(svc, "volumes"))
    {
      if (!cJSON_IsString(v) || v->valuestring[0] != '.')
        continue;
      const char *s = v->valuestring;
      const char *src = rc_arena_strndup(b->a, s, strcspn(s, ":"));
      const char *p = rc_path_join(b->a, dir, src);
      n += p && rc_index_find(b->m->index, p) != NULL;
    }
  }
  return n;
}

/* f names a service of base without saying what it runs (no image, no
 * build): it only makes sense merged onto base. */
static bool completes_any(const struct rc_compose_file *f,
                          const struct rc_compose_file *base)
{
  const cJSON *s;
  cJSON_ArrayForEach(s, f->services)
  {
    if (cJSON_GetObjectItemCaseSensitive(base->services, s->string) &&
        !cJSON_GetObjectItemCaseSensitive(s, "image") &&
        !cJSON_GetObjectItemCaseSensitive(s, "build") &&
        !cJSON_GetObjectItemCaseSensitive(s, "extends"))
      return true;
  }
  return false;
}

/* Every service of f says neither what it runs nor what it extends:
 * Compose refuses to start f alone; it completes services defined in
 * another file. */
static bool only_fragments(const struct rc_compose_file *f)
{
  const cJSON *s;
  cJSON_ArrayForEach(s, f->services)
  {
    if (cJSON_GetObjectItemCaseSensitive(s, "image") ||
        cJSON_GetObjectItemCaseSensitive(s, "build") ||
        cJSON_GetObjectItemCaseSensitive(s, "extends"))
      return false;
  }
  return true;
}

/* The nearest folder above f's with a base compose file that f is an
 * overlay of (`docker compose -f compose.yaml -f overrides/x.yaml`): f's
 * relative paths resolve from there better than from f's own folder, or
 * f completes one of that base's services. */
static const struct rc_compose_file *
ancestor_base(struct build *b, const struct rc_compose_file *f)
{
  size_t own = refs_found_from(b, f, f->dir);
  for (const char *d = f->dir; *d;) {
    d = rc_path_dir(b->a, d);
    const struct rc_compose_file *base = folder_base(b->m, d);
    if (base && base->role != RC_ROLE_NONPROD)
      return refs_found_from(b, f, d) > own || completes_any(f, base) ? base
                                                                      : NULL;
  }
  return NULL;
}

/* Compose files no view took: a production-named file without a base is
 * its own view; an add-on that starts services of its own is judged with
 * its folder's base; a file that only adjusts the base's services and that
 * no chain applies is left out (optional overlay). */
static void views_from_leftovers(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    if (f->error || !f->services || in_any_view(m, f))
      continue;
    const struct rc_compose_file *base = folder_base(m, f->dir);
    if (base && base != f && only_adjusts(f, base))
      continue;
    const struct rc_compose_file *above =
        base && base != f ? NULL : ancestor_base(b, f);
    if (above && only_adjusts(f, above))
      continue;
    if (above) {
      const struct rc_compose_file *pair[] = {above, f};
      add_view(b, pair, 2, f->role,
               rc_arena_printf(b->a,
                               "an overlay of '%s' (it completes its "
                               "services or its paths resolve from there)",
                               above->path));
      continue;
    }
    if (!base && only_fragments(f))
      continue; /* completes services another overlay defines */
    if (base && base != f) {
      const struct rc_compose_file *pair[] = {base, f};
      struct rc_compose_view *v = add_view(
          b, pair, 2, f->role,
          rc_arena_printf(b->a, "an add-on to '%s'", rc_path_base(base->path)));
      if (v)
        v->addon = true;
    } else {
      const struct rc_compose_file *one[] = {f};
      add_view(b, one, 1, f->role, "a compose file of its own");
    }
  }
}

/* ---- development stacks ----------------------------------------------------
 */

static bool has_app_code(const struct rc_model *m)
{
  static const char *const manifests[] = {"package.json",
                                          "pyproject.toml",
                                          "requirements.txt",
                                          "go.mod",
                                          "Gemfile",
                                          "pom.xml",
                                          "build.gradle",
                                          "build.gradle.kts",
                                          "composer.json",
                                          "Cargo.toml",
                                          "mix.exs",
                                          "manage.py",
                                          NULL};
  /* The name first: the role of a path costs far more, and most entries
   * of a large tree are no manifest. */
  for (size_t i = 0; i < rc_index_count(m->index); i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    bool manifest = false;
    for (size_t k = 0; manifests[k] && !manifest; k++)
      manifest = strcmp(e->name, manifests[k]) == 0;
    if (!manifest)
      continue;
    size_t depth = 0;
    for (const char *p = e->path; *p; p++)
      depth += *p == '/';
    if (depth <= 2 && rc_role_of_path(e->path, NULL, 0) == RC_ROLE_PRODUCTION)
      return true;
  }
  return false;
}

/* A command that runs a test suite (`npx playwright test`, `pytest`). */
static bool test_runner(const char *cmd)
{
  static const char *const runners[] = {
      "pytest",    "jest",    "vitest",  "npm test",   "npm run test",
      "yarn test", "go test", "cypress", "playwright", "phpunit",
      "rspec",     "mocha",   "newman",  "tox",        NULL};
  return cmd && rc_str_find_any_ci(cmd, runners);
}

/* A command-line flag that logs at debug or trace (`--log-level=debug`,
 * `--loglevel trace`, `--log.level=DEBUG`): a developer's run. */
static bool debug_flag(const char *cmd)
{
  static const char *const flags[] = {"-log-level", "-loglevel", "-log.level",
                                      NULL};
  for (size_t i = 0; cmd && flags[i]; i++)
    for (const char *p = strstr(cmd, flags[i]); p;
         p = strstr(p + 1, flags[i])) {
      const char *v = p + strlen(flags[i]);
      if (*v != '=' && *v != ' ')
        continue;
      v++;
      if (strncasecmp(v, "debug", 5) == 0 || strncasecmp(v, "trace", 5) == 0)
        return true;
    }
  return false;
}

static bool dev_command(const char *cmd)
{
  static const char *const marks[] = {"npm run dev",
                                      "yarn dev",
                                      "pnpm dev",
                                      "pnpm run dev",
                                      "next dev",
                                      "nodemon",
                                      "--reload",
                                      "runserver",
                                      "flask run",
                                      "ng serve",
                                      "webpack serve",
                                      "webpack-dev-server",
                                      "vite dev",
                                      "bin/dev",
                                      "air ",
                                      "server:run",
                                      "symfony serve",
                                      "artisan serve",
                                      "php -S ",
                                      "--env=dev",
                                      "tsx watch",
                                      "ts-node-dev",
                                      NULL};
  for (size_t i = 0; cmd && marks[i]; i++)
    if (strstr(cmd, marks[i]))
      return true;
  return debug_flag(cmd);
}

static const char *command_text(struct rc_arena *a, const cJSON *cmd)
{
  if (cJSON_IsString(cmd))
    return cmd->valuestring;
  if (!cJSON_IsArray(cmd))
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  const cJSON *w;
  cJSON_ArrayForEach(w, cmd) if (cJSON_IsString(w))
      rc_buf_printf(&b, "%s%s", b.len ? " " : "", w->valuestring);
  const char *s = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return s;
}

/* A compose command that runs a test suite. Stricter than test_runner():
 * a service may run a browser for the app (`playwright run-server`). */
static bool suite_command(const char *cmd)
{
  static const char *const suites[] = {
      "playwright test", "cypress run", "pytest",    "go test",    "npm test",
      "npm run test",    "yarn test",   "pnpm test", "jest",       "vitest",
      "phpunit",         "rspec",       "mocha",     "newman run", NULL};
  return cmd && rc_str_find_any_ci(cmd, suites);
}

/* The first service of v that a default `up` starts and that runs a test
 * suite (by its command, or cypress/included's default one), or NULL: the stack
 * is there for that suite (`docker compose up --exit-code-from playwright`). */
static const char *test_runner_service(struct build *b,
                                       const struct rc_compose_view *v)
{
  for (size_t k = 0; k < v->n_services; k++) {
    const struct rc_compose_service *s = &v->services[k];
    const char *cmd = command_text(b->a, rc_compose_get(s, "command", NULL));
    if (!s->optional &&
        (suite_command(cmd) ||
         (!cmd && s->image && strstr(s->image, "cypress/included"))))
      return s->name;
  }
  return NULL;
}

static int found_one(const struct rc_entry *e, void *arg)
{
  (void)e;
  (void)arg;
  return 1;
}

/* A folder of source code inside the service's build context
 * (`./backend/src/app:/app/app` for a service built from ./backend): the
 * image already has it, so mounting it over the image is for editing it
 * live. A file inside the context (a config) or a folder without code (a
 * committed ./db for the app's data) says nothing. */
static bool context_folder(struct build *b, const char *context,
                           const char *path)
{
  size_t n = strlen(context);
  if (n ? strncmp(path, context, n) != 0 || path[n] != '/' : !*path)
    return false;
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  if (!e || e->kind != RC_ENTRY_DIR || strpbrk(path, "*?[]{}"))
    return false;
  const char *code = rc_arena_printf(
      b->a,
      "%s/**/*.{py,js,mjs,ts,tsx,jsx,vue,svelte,rb,php,go,java,kt,rs,"
      "ex,exs,cs}",
      path);
  return rc_index_glob(b->m->index, code, RC_ENTRY_FILE, found_one, NULL) != 0;
}

/* The service bind-mounts its own build context, a folder inside it or
 * the whole project (`.:/app`): it runs the working tree, not the image
 * built from it - how a developer works. A restart policy says someone
 * runs it as a server (some self-hosted stacks mount their checkout
 * read-only). */
static bool mounts_own_source(struct build *b,
                              const struct rc_compose_service *s)
{
  if (!s->context || rc_compose_get(s, "restart", NULL))
    return false;
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(s, b->a, &mounts);
  for (size_t i = 0; i < n; i++)
    if (mounts[i].bind && mounts[i].path &&
        (strcmp(mounts[i].path, s->context) == 0 ||
         context_folder(b, s->context, mounts[i].path) ||
         (s->project && strcmp(mounts[i].path, s->project) == 0)))
      return true;
  return false;
}

/* A folder named for development or for samples and fixtures
 * (`dev/postgres/`, `examples/`, `testdata/`). Narrower than the path
 * roles: `docs/`, `templates/` or `local/` beside a deployment hold what
 * it serves or stores. */
static bool fixture_folder(const char *seg, size_t n)
{
  static const char *const names[] = {
      "dev",      "develop",  "development", "localdev", "local-dev",
      "dev-data", "dev_data", "devdata",     "dev-env",  "dev-setup",
      "example",  "examples", "sample",      "samples",  "demo",
      "demos",    "fixtures", "fixture",     "testdata", "test-data",
      "test",     "tests",    NULL};
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == n && strncmp(seg, names[i], n) == 0)
      return true;
  return false;
}

/* The folder of `path` (the path itself when it is one) that is a
 * fixture folder, or NULL. */
static const char *fixture_folder_of(struct build *b, const char *path)
{
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  if (!e)
    return NULL; /* made at run time: data, not the repository's files */
  size_t end = e->kind == RC_ENTRY_DIR ? strlen(path)
                                       : (size_t)(rc_path_base(path) - path);
  for (size_t i = 0; i < end;) {
    size_t n = strcspn(path + i, "/");
    if (i + n > end)
      break;
    if (fixture_folder(path + i, n))
      return rc_arena_printf(b->a, "%.*s/", (int)(i + n), path);
    i += n + 1;
  }
  return NULL;
}

/* Every file that defines the service disowns it in a comment. */
static bool service_disowned(const struct rc_compose_service *s)
{
  for (size_t i = 0; i < s->n_layers; i++)
    if (!rc_compose_file_disowns(s->layers[i].file, s->name))
      return false;
  return s->n_layers > 0;
}

/* A bind mount of the service's from a development or sample folder the
 * repository ships (`./dev/postgres/init.sql`, `./examples:/data`), or
 * NULL: the stack runs the project's fixtures, the way a developer or a
 * demo does, not a deployment's own configuration. A restart policy says
 * someone runs the service as a server, and a service its comment
 * disowns (a test proxy beside the deployment) says nothing of the rest. */
static const char *mounts_fixtures(struct build *b,
                                   const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "restart", NULL) || service_disowned(s))
    return NULL;
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(s, b->a, &mounts);
  for (size_t i = 0; i < n; i++) {
    const char *dir = mounts[i].bind && mounts[i].path
                          ? fixture_folder_of(b, mounts[i].path)
                          : NULL;
    if (dir)
      return dir;
  }
  return NULL;
}

/* A production view in a folder above `v`'s that builds the Dockerfile
 * `df` too, or NULL. */
static const struct rc_compose_view *
builds_above(const struct rc_model *m, const struct rc_compose_view *v,
             const char *df)
{
  const char *dir = v->files[0]->dir;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *o = &m->views[i];
    const char *odir = o->files[0]->dir;
    if (o == v || o->role != RC_ROLE_PRODUCTION || strcmp(odir, dir) == 0 ||
        !rc_path_within(dir, odir))
      continue;
    for (size_t k = 0; k < o->n_services; k++)
      if (o->services[k].dockerfile &&
          strcmp(o->services[k].dockerfile, df) == 0)
        return o;
  }
  return NULL;
}

/* A compose file in an app's folder whose every service builds an image
 * that a stack above also runs (`apps/web/docker-compose.yaml` building
 * apps/web/Dockerfile from the monorepo root, beside the root stack that
 * deploys it): it tries the image out, and the stack above deploys it. */
static void demote_app_build_stacks(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || v->n_files != 1 || !v->n_services ||
        !*v->files[0]->dir)
      continue;
    const struct rc_compose_view *above = NULL;
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *s = &v->services[k];
      above = s->dockerfile ? builds_above(m, v, s->dockerfile) : NULL;
      if (!above)
        break;
    }
    if (above) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(b->a,
                               "builds only images that '%s' deploys: a "
                               "stack to try the image out",
                               above->files[0]->path);
    }
  }
}

/* f's own single-file view is a development setup. */
static bool dev_setup(const struct rc_model *m, const struct rc_compose_file *f)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].n_files == 1 && m->views[i].files[0] == f)
      return m->views[i].role == RC_ROLE_DEVELOPMENT;
  return false;
}

/* A service of the add-on files (all but the base) is named `name`. */
static bool in_addons(const struct rc_compose_view *v, const char *name)
{
  for (size_t k = 1; k < v->n_files; k++)
    if (cJSON_GetObjectItemCaseSensitive(v->files[k]->services, name))
      return true;
  return false;
}

/* Every service of the add-on files says what it runs and waits only for
 * services they define: they start without the base. */
static bool addons_stand_alone(const struct rc_compose_view *v)
{
  for (size_t k = 1; k < v->n_files; k++) {
    if (!complete_stack(v->files[k]))
      return false;
    const cJSON *svc;
    cJSON_ArrayForEach(svc, v->files[k]->services)
    {
      const cJSON *d;
      cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(svc, "depends_on"))
      {
        const char *name = cJSON_IsString(d) ? d->valuestring : d->string;
        if (name && !in_addons(v, name))
          return false;
      }
    }
  }
  return true;
}

/* Every service the add-on files of v define runs an infrastructure or
 * tool image (databases, brokers, Prometheus, Grafana): nothing of the
 * project's own. With adjusting, services the base already has may be
 * adjusted too (`grafana/otel-lgtm` plus an OTLP endpoint on each base
 * service: the add-on wires the base to a local tool). */
static bool addons_only_tools(const struct rc_compose_view *v, bool adjusting)
{
  size_t n = 0;
  for (size_t i = 1; i < v->n_files; i++) {
    const cJSON *s;
    cJSON_ArrayForEach(s, v->files[i]->services)
    {
      if (adjusting &&
          cJSON_GetObjectItemCaseSensitive(v->files[0]->services, s->string))
        continue; /* adjusts a service of the base */
      const cJSON *img = cJSON_GetObjectItemCaseSensitive(s, "image");
      if (cJSON_GetObjectItemCaseSensitive(s, "build") ||
          !cJSON_IsString(img) || !rc_model_is_infra_image(img->valuestring))
        return false;
      n++;
    }
  }
  return n > 0;
}

/* An add-on that is a stack of its own beside a base the model found to be
 * a development setup: the add-on deploys, the base's services and lines
 * are the developer's. */
static void mark_dev_bases(struct rc_model *m, struct rc_arena *a)
{
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role == RC_ROLE_PRODUCTION && v->n_files >= 2 &&
        dev_setup(m, v->files[0]) && !addons_stand_alone(v) &&
        addons_only_tools(v, true)) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(a,
                               "%s; its add-on only wires tools into the "
                               "development setup '%s'",
                               v->why, v->files[0]->path);
      continue;
    }
    if (v->role == RC_ROLE_PRODUCTION && v->n_files >= 2 &&
        dev_setup(m, v->files[0]) && addons_stand_alone(v)) {
      v->dev_base = v->files[0];
      if (addons_only_tools(v, false)) {
        /* Prometheus and Grafana beside a developer's databases watch
         * the developer's run */
        v->role = RC_ROLE_DEVELOPMENT;
        v->why = rc_arena_printf(a,
                                 "%s; its add-on only adds tools beside the "
                                 "development setup '%s'",
                                 v->why, v->files[0]->path);
        continue;
      }
      v->why = rc_arena_printf(a,
                               "%s; '%s' is a development setup: only the "
                               "add-on's lines are judged",
                               v->why, v->files[0]->path);
    }
  }
}

/* The service's environment names a development runtime mode
 * (`NODE_ENV: development`, `RAILS_ENV=development`, `APP_ENV: local`,
 * `MIX_ENV: dev`) or debug logging: the image runs as a developer's
 * build. */
struct dev_env_walk {
  bool dev;
};

/* A log level of debug or trace for the service's own code
 * (`RUST_LOG=warn,app=debug`, `LOG_LEVEL: trace`, `APP_LOG_LEVEL: debug`):
 * a developer's run; a deployment logs at info or above. */
static bool debug_logging(const char *name, const char *value)
{
  static const char *const names[] = {"RUST_LOG", "LOG_LEVEL", "LOGLEVEL",
                                      "LOGGING_LEVEL", NULL};
  bool named = false;
  for (size_t i = 0; names[i] && !named; i++)
    named = strcmp(name, names[i]) == 0;
  /* an application's own prefix: CONCOURSE_LOG_LEVEL, APP_LOGLEVEL */
  size_t len = strlen(name);
  named = named || (len > 10 && strcmp(name + len - 10, "_LOG_LEVEL") == 0) ||
          (len > 9 && strcmp(name + len - 9, "_LOGLEVEL") == 0);
  if (!named)
    return false;
  for (const char *p = value; *p;) {
    size_t n = strcspn(p, ",=: ");
    if ((n == 5 &&
         (strncasecmp(p, "debug", 5) == 0 || strncasecmp(p, "trace", 5) == 0)))
      return true;
    p += n;
    p += *p != '\0';
  }
  return false;
}

static void on_dev_env(const char *name, const char *value,
                       const struct rc_where *at, void *arg)
{
  (void)at;
  static const char *const names[] = {
      "NODE_ENV",           "RAILS_ENV",
      "RACK_ENV",           "APP_ENV",
      "FLASK_ENV",          "MIX_ENV",
      "DJANGO_ENV",         "GO_ENV",
      "ENVIRONMENT",        "ASPNETCORE_ENVIRONMENT",
      "DOTNET_ENVIRONMENT", NULL};
  static const char *const modes[] = {"development", "dev", "local", NULL};
  struct dev_env_walk *w = arg;
  bool named = false;
  for (size_t i = 0; names[i] && !named; i++)
    named = strcmp(name, names[i]) == 0;
  for (size_t i = 0; named && value && modes[i]; i++)
    if (strcasecmp(value, modes[i]) == 0)
      w->dev = true;
  if (value && debug_logging(name, value))
    w->dev = true;
}

static bool dev_environment(const struct rc_compose_service *s)
{
  struct dev_env_walk w = {false};
  rc_compose_env(s, on_dev_env, &w);
  return w.dev;
}

/* A service that builds its image FROM a database, cache or tool image
 * (`FROM postgres:14` plus PostGIS): infrastructure, not the project's
 * own code. */
static bool builds_infra_image(const struct rc_model *m,
                               const struct rc_compose_service *s)
{
  const struct rc_dockerfile *df = s->context && s->dockerfile
                                       ? rc_model_dockerfile(m, s->dockerfile)
                                       : NULL;
  return df && df->ns && rc_model_is_infra_image(df->st[df->ns - 1].image);
}

/* A view that runs no image of the project's own - only databases, caches
 * and tools - for an app that the repository holds: the app runs on the
 * host and this is its local infrastructure. A view whose own services
 * run development servers is development too. */
/* A service that only answers test traffic (httpbin echoing requests,
 * an iperf3 bandwidth target): the stack is a lab to try the project
 * against, not a deployment. Its name, or NULL. */
static const char *test_target(const struct rc_compose_view *v)
{
  static const char *const tools[] = {"httpbin", "iperf", NULL};
  for (size_t k = 0; k < v->n_services; k++) {
    const char *img = v->services[k].image;
    if (!img || v->services[k].optional)
      continue;
    const char *name = strrchr(img, '/') ? strrchr(img, '/') + 1 : img;
    for (size_t i = 0; tools[i]; i++)
      if (strncmp(name, tools[i], strlen(tools[i])) == 0 ||
          (strncmp(name, "go-", 3) == 0 &&
           strncmp(name + 3, tools[i], strlen(tools[i])) == 0))
        return v->services[k].name;
  }
  return NULL;
}

/* A compose file that every view holding it found to be a development or
 * test stack is that stack's file: the readers that ask a file's role
 * (referrers, file rules' `deployed`) then agree with the views. */
static void files_follow_views(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_compose; i++) {
    struct rc_compose_file *f = &m->compose[i];
    if (f->role != RC_ROLE_PRODUCTION)
      continue;
    const struct rc_compose_view *demoted = NULL;
    bool in_production = false;
    for (size_t v = 0; v < m->n_views && !in_production; v++)
      for (size_t k = 0; k < m->views[v].n_files; k++)
        if (m->views[v].files[k] == f) {
          if (m->views[v].role == RC_ROLE_PRODUCTION)
            in_production = true;
          else if (!demoted)
            demoted = &m->views[v];
        }
    if (demoted && !in_production) {
      f->role = demoted->role;
      f->why = rc_arena_printf(b->a, "its view: %s", demoted->why);
    }
  }
}

/* The build's target stage is a development one: `dev`, `development`,
 * `debug`, or a name whose first or last word is one (`mermaid-dev`,
 * `dev_server`). */
static bool dev_target(const char *t)
{
  static const char *const words[] = {"dev", "development", "debug", NULL};
  if (!t)
    return false;
  size_t first = strcspn(t, "-_."), n = strlen(t), last = n;
  while (last > 0 && !strchr("-_.", t[last - 1]))
    last--;
  for (size_t i = 0; words[i]; i++) {
    size_t k = strlen(words[i]);
    if ((first == k && strncasecmp(t, words[i], k) == 0) ||
        (n - last == k && strcasecmp(t + last, words[i]) == 0))
      return true;
  }
  return false;
}

/* Three or more services run one database or tool image at as many
 * version tags (postgres:18, postgres:17, postgres:16, ...): a matrix to
 * test the project against each version, not a deployment. One another
 * service depends on is a component's own database and does not count.
 * The image's name, or NULL. */
/* Another service of v names service `name` under depends_on. */
static bool depended_on(const struct rc_compose_view *v, const char *name)
{
  for (size_t i = 0; i < v->n_services; i++) {
    const cJSON *dep = rc_compose_get(&v->services[i], "depends_on", NULL);
    if (cJSON_IsObject(dep) && cJSON_GetObjectItemCaseSensitive(dep, name))
      return true;
    for (int k = 0; cJSON_IsArray(dep) && k < cJSON_GetArraySize(dep); k++) {
      const cJSON *d = cJSON_GetArrayItem(dep, k);
      if (cJSON_IsString(d) && strcmp(d->valuestring, name) == 0)
        return true;
    }
  }
  return false;
}

static const char *version_matrix(const struct rc_compose_view *v)
{
  for (size_t k = 0; k < v->n_services; k++) {
    const char *img = v->services[k].image;
    size_t n = img ? strcspn(img, ":@") : 0;
    /* a database or tool at version tags: `acme/app:api` and
     * `acme/app:worker` are one project's images for several roles */
    if (!n || img[n] != ':' || !isdigit((unsigned char)img[n + 1]) ||
        !rc_model_is_infra_image(img))
      continue;
    size_t tags = 0;
    for (size_t j = 0; j < v->n_services; j++) {
      const char *other = v->services[j].image;
      if (!other || strncmp(other, img, n) != 0 || other[n] != ':' ||
          !isdigit((unsigned char)other[n + 1]))
        continue;
      if (depended_on(v, v->services[j].name))
        continue;        /* a service uses it: a component's own database */
      bool seen = false; /* the same tag counted once */
      for (size_t i = 0; i < j && !seen; i++)
        seen = v->services[i].image && strcmp(v->services[i].image, other) == 0;
      tags += !seen;
    }
    if (tags >= 3)
      return img;
  }
  return NULL;
}

/* f is run with `-f` by a production chain on its own. */
static bool chained_alone(struct build *b, const struct rc_compose_file *f)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    if (c->role == RC_ROLE_PRODUCTION && c->n_files == 1 &&
        resolve_name(b, c->dir, c->files[0]) == f)
      return true;
  }
  return false;
}

/* The compose file a documented `up` runs: its -f name, or the base
 * file of the folder it runs in. */
static const struct rc_compose_file *up_file(struct build *b,
                                             const struct rc_up *u)
{
  if (u->file)
    return resolve_name(b, u->dir, u->file);
  for (size_t i = 0; i < b->m->n_compose; i++) {
    const struct rc_compose_file *f = &b->m->compose[i];
    if (strcmp(f->dir, u->dir) == 0 && is_base_compose_name(f->path))
      return f;
  }
  return NULL;
}

/* How a document runs f: the first `up` under a development or test
 * heading; NULL when there is none or when a document runs it as a
 * deployment too. */
static const struct rc_up *documented_local_run(struct build *b,
                                                const struct rc_compose_file *f)
{
  const struct rc_entries *en = &b->m->entries;
  const struct rc_up *dev = NULL;
  for (size_t k = 0; k < en->n_ups; k++) {
    if (up_file(b, &en->ups[k]) != f)
      continue;
    if (en->ups[k].role == RC_ROLE_PRODUCTION)
      return NULL;
    if (!dev)
      dev = &en->ups[k];
  }
  return dev && !chained_alone(b, f) ? dev : NULL;
}

/* Something else deploys the project: a production view that no
 * document runs as a local stack, or manifests applied to a cluster. */
static bool deployed_otherwise(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t k = 0; k < en->n_applies; k++)
    if (en->applies[k].role == RC_ROLE_PRODUCTION)
      return true;
  for (size_t i = 0; i < b->m->n_views; i++) {
    const struct rc_compose_view *v = &b->m->views[i];
    if (v->role == RC_ROLE_PRODUCTION &&
        (v->n_files != 1 || !documented_local_run(b, v->files[0])))
      return true;
  }
  return false;
}

/* A README that runs a compose file only under development or test
 * headings ("## Run the app locally"), while something else deploys the
 * project (Kubernetes manifests, another compose stack): that file is the
 * local-run stack. Where nothing else deploys, the documented run is the
 * deployment, whatever its heading says. */
static void demote_documented_local_runs(struct build *b)
{
  struct rc_model *m = b->m;
  if (!m->entries.n_ups || !deployed_otherwise(b))
    return;
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || v->n_files != 1)
      continue;
    const struct rc_up *dev = documented_local_run(b, v->files[0]);
    if (dev) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(b->a,
                               "%s:%u runs it under a development or test "
                               "heading, and the project deploys otherwise",
                               dev->at.path, dev->at.line);
    }
  }
}

/* ---- positive evidence that a production view deploys --------------------
 *
 * A compose file is presumed production when nothing says otherwise, and
 * most compose files of application repositories are development
 * harnesses, test stacks or try-it files that no name gives away. What
 * does show a deployment is positive: a production-named file or folder,
 * a chain a deploy script, deploy job, deployment document or `docker
 * stack deploy` runs, a repository whose product is its compose files,
 * a service running the image CI publishes. */

/* A folder of path, or its file name, names production (`deploy/`,
 * `deployments/`, `production/`, `docker-compose.prod.yml`) or a release
 * channel (`docker-compose-stable.yml`). */
static bool production_named(struct rc_arena *a, const char *path)
{
  /* a release channel, and the folder projects keep deployments in */
  static const char *const channels[] = {"stable", "deployments", NULL};
  for (const char *seg = path; *seg;) {
    size_t len = strcspn(seg, "/");
    const char *name = rc_arena_strndup(a, seg, len);
    if (rc_role_name_is_production(name) || rc_role_name_word(name, channels))
      return true;
    seg += len + (seg[len] == '/');
  }
  return false;
}

/* The files of v whose evidence counts: an add-on's own, not its base's. */
static size_t evidence_from(const struct rc_compose_view *v)
{
  return v->addon && v->n_files > 1 ? 1 : 0;
}

static bool view_has_file(const struct rc_compose_view *v,
                          const struct rc_compose_file *f)
{
  for (size_t k = evidence_from(v); k < v->n_files; k++)
    if (v->files[k] == f)
      return true;
  return false;
}

/* A chain that names one of v's files and says it deploys. */
static const char *chain_evidence(struct build *b,
                                  const struct rc_compose_view *v)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    if (c->role != RC_ROLE_PRODUCTION || c->unresolved)
      continue;
    bool names = false;
    for (size_t k = 0; k < c->n_files && !names; k++)
      names = view_has_file(v, resolve_name(b, c->dir, c->files[k]));
    if (!names)
      continue;
    bool ci = rc_pipeline_is_ci(c->at.path);
    const char *how = NULL;
    if (c->deploys)
      how = "which deploys it";
    else if (ci && rc_workflow_deploy_named(c->at.path))
      how = "a deploy workflow";
    else if (ci && rc_chain_on_other_host(b->m->index, b->a, c))
      how = "on another Docker host";
    else if (!ci && rc_role_path_says_deploy(c->at.path))
      how = "a deploy or install file";
    if (how)
      return rc_arena_printf(b->a, "%s:%u runs it (%s)", c->at.path, c->at.line,
                             how);
  }
  for (size_t i = 0; i < en->n_ups; i++) {
    const struct rc_up *u = &en->ups[i];
    if (u->deploys && u->role == RC_ROLE_PRODUCTION &&
        view_has_file(v, up_file(b, u)))
      return rc_arena_printf(
          b->a, "%s:%u runs it (%s)", u->at.path, u->at.line,
          rc_role_path_says_deploy(u->at.path) && !strstr(u->at.path, ".md")
              ? "a deploy, install or setup script"
              : "under a heading about deploying, installing or Docker");
  }
  return NULL;
}

/* image without its tag or digest: "ghcr.io/acme/app:1" -> "ghcr.io/acme/app"
 */
static const char *image_repository(struct rc_arena *a, const char *image)
{
  /* `${APP_IMAGE:-acme/app:1}`: the default */
  const char *dflt = strstr(image, ":-");
  size_t close = strlen(image);
  if (strncmp(image, "${", 2) == 0 && dflt && close > 0 &&
      image[close - 1] == '}' && strcspn(image, ":") == (size_t)(dflt - image))
    image =
        rc_arena_strndup(a, dflt + 2, (size_t)(image + close - 1 - (dflt + 2)));
  size_t n = strcspn(image, "@"), cut = n;
  for (size_t i = n; i > 0 && image[i - 1] != '/'; i--)
    if (image[i - 1] == ':')
      cut = i - 1;
  return rc_arena_strndup(a, image, cut);
}

/* The image's tag names a development build of it (`acme/app:dev`,
 * `kimai/kimai2:fpm-dev`, `acme/app:develop`): a stack running the project's
 * development image is the developers', not evidence that it deploys. */
static bool dev_image_tag(const char *image)
{
  static const char *const words[] = {"dev", "devel", "develop", "development",
                                      NULL};
  const char *slash = strrchr(image, '/');
  const char *colon = strrchr(slash ? slash : image, ':');
  if (!colon || strchr(colon, '$') || strchr(colon, '@'))
    return false;
  for (size_t i = 0; words[i]; i++)
    if (rc_role_name_has(colon + 1, words[i]))
      return true;
  return false;
}

/* A service runs, without building it, an image a CI file builds and tags
 * for a registry (`owner/app`): the project's published image. */
static const char *published_image_evidence(struct build *b,
                                            const struct rc_compose_view *v)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < v->n_services; i++) {
    const struct rc_compose_service *s = &v->services[i];
    if (s->context || !s->image || strchr(s->image, '$') ||
        dev_image_tag(s->image))
      continue;
    const char *repo = image_repository(b->a, s->image);
    for (size_t k = 0; k < en->n_builds; k++) {
      const struct rc_build *bd = &en->builds[k];
      if (bd->role != RC_ROLE_PRODUCTION || !bd->tag || !strchr(bd->tag, '/') ||
          !rc_pipeline_is_ci(bd->at.path))
        continue;
      size_t rl = strlen(repo), tl = strlen(bd->tag);
      bool same = strcmp(repo, bd->tag) == 0 ||
                  (rl > tl && repo[rl - tl - 1] == '/' &&
                   strcmp(repo + rl - tl, bd->tag) == 0) ||
                  (tl > rl && bd->tag[tl - rl - 1] == '/' &&
                   strcmp(bd->tag + tl - rl, repo) == 0);
      if (same)
        return rc_arena_printf(b->a,
                               "services.%s runs '%s', the image %s:%u "
                               "publishes",
                               s->name, repo, bd->at.path, bd->at.line);
    }
  }
  return NULL;
}

/* The repository's own name from its origin remote ("owner", "name"), or
 * false when there is none. */
static bool origin_name(struct build *b, const char **owner, const char **name)
{
  char url[1024];
  if (rc_forge_origin(rc_index_root(b->m->index), url, sizeof(url)) != 0)
    return false;
  size_t n = strlen(url);
  while (n && url[n - 1] == '/')
    n--;
  if (n > 4 && strncmp(url + n - 4, ".git", 4) == 0)
    n -= 4;
  url[n] = '\0';
  char *slash = strrchr(url, '/');
  if (!slash || !slash[1])
    return false;
  *slash = '\0';
  char *prev = strrchr(url, '/');
  char *colon = strrchr(url, ':');
  if (colon && (!prev || colon > prev))
    prev = colon;
  if (!prev || !prev[1])
    return false;
  *owner = rc_arena_strdup(b->a, prev + 1);
  *name = rc_arena_strdup(b->a, slash + 1);
  return true;
}

/* Where a project keeps the compose files it ships: the root, or a folder
 * named for containers or deploying (`docker/`, `.docker/`, `deploy/`).
 * A try-it stack of a tool sits in a folder of its own
 * (`docker-compose/scylladb/`, `tools/seed-snapshot/`) and runs the tool's
 * published image too. */
static bool setup_folder(const char *dir)
{
  static const char *const names[] = {"docker",    ".docker",    "compose",
                                      "container", "containers", NULL};
  if (!*dir)
    return true;
  for (const char *seg = dir; *seg;) {
    size_t len = strcspn(seg, "/");
    bool ok = false;
    for (size_t i = 0; names[i] && !ok; i++)
      ok = strlen(names[i]) == len && strncasecmp(seg, names[i], len) == 0;
    char word[64];
    if (!ok && len < sizeof(word)) {
      memcpy(word, seg, len);
      word[len] = '\0';
      ok = rc_role_name_is_production(word);
    }
    if (!ok)
      return false;
    seg += len + (seg[len] == '/');
  }
  return true;
}

/* File name words of a stack for trying the project out. */
static const char *const try_words[] = {"quickstart", "try", "playground",
                                        "preview", NULL};

/* A service runs, without building it, the project's own image: its name
 * is the repository's (`cloudreve/cloudreve`, `sqshq/piggymetrics-config`
 * for sqshq/piggymetrics). */
static const char *own_image_evidence(struct build *b,
                                      const struct rc_compose_view *v,
                                      const char *owner, const char *name)
{
  size_t nl = strlen(name);
  const struct rc_compose_file *own = v->files[v->n_files - 1];
  if (!setup_folder(own->dir) || rc_role_name_word(own->path, try_words))
    return NULL;
  for (size_t i = 0; i < v->n_services; i++) {
    const struct rc_compose_service *s = &v->services[i];
    if (s->context || !s->image || dev_image_tag(s->image) ||
        (v->addon && (!s->at.path || strcmp(s->at.path, own->path) != 0)))
      continue;
    const char *repo = image_repository(b->a, s->image);
    if (strchr(repo, '$'))
      continue;
    const char *last = strrchr(repo, '/');
    last = last ? last + 1 : repo;
    const char *prev = NULL;
    for (const char *p = repo; p + 1 < last; p++)
      if (*p == '/' && p + 2 < last)
        prev = p + 1;
    if (!prev && last != repo)
      prev = repo;
    size_t pl = prev ? (size_t)(last - 1 - prev) : 0;
    bool same_owner =
        prev && strlen(owner) == pl && strncasecmp(prev, owner, pl) == 0;
    if (strcasecmp(last, name) == 0 ||
        (same_owner && strncasecmp(last, name, nl) == 0 &&
         (last[nl] == '-' || last[nl] == '_')))
      return rc_arena_printf(b->a,
                             "services.%s runs '%s', the project's own image",
                             s->name, repo);
  }
  return NULL;
}

/* A README has the operator download or copy one of v's files. */
static const char *fetched_evidence(struct build *b,
                                    const struct rc_compose_view *v)
{
  for (size_t k = evidence_from(v); k < v->n_files; k++) {
    const char *path = v->files[k]->path;
    const char *base = strrchr(path, '/');
    const char *line = rc_readme_fetches(b->m->index, b->a, v->files[k]->dir,
                                         base ? base + 1 : path);
    if (line)
      return rc_arena_printf(b->a, "a README fetches it: '%.100s'", line);
  }
  return NULL;
}

static void find_deploy_evidence(struct build *b)
{
  struct rc_model *m = b->m;
  bool bundle = !has_app_code(m);
  const char *owner = NULL, *name = NULL;
  bool named = origin_name(b, &owner, &name);
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t k = evidence_from(v); k < v->n_files && !v->deploys; k++)
      if (production_named(b->a, v->files[k]->path))
        v->deploys = rc_arena_printf(b->a, "'%s' is named for production",
                                     v->files[k]->path);
    if (!v->deploys)
      v->deploys = chain_evidence(b, v);
    if (!v->deploys)
      v->deploys = fetched_evidence(b, v);
    if (!v->deploys)
      v->deploys = published_image_evidence(b, v);
    if (!v->deploys && named)
      v->deploys = own_image_evidence(b, v, owner, name);
    if (!v->deploys && bundle)
      v->deploys = "the repository has no application code of its own: "
                   "its compose files are what it ships";
  }
}

/* Views a `docker stack deploy -c` runs: Swarm's, whatever their name. */
static void mark_swarm_views(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    if (!c->stack || c->unresolved)
      continue;
    for (size_t j = 0; j < b->m->n_views; j++) {
      struct rc_compose_view *v = &b->m->views[j];
      for (size_t k = 0; k < c->n_files && !v->swarm; k++)
        v->swarm = view_has_file(v, resolve_name(b, c->dir, c->files[k]));
    }
  }
}

static void demote_dev_stacks(struct build *b)
{
  struct rc_model *m = b->m;
  bool app = has_app_code(m);
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || !v->n_services)
      continue;
    size_t infra = 0, built = 0, dev = 0, vendored = 0, dev_images = 0;
    size_t pulled = 0, dev_pulled = 0; /* images of others' or the project's
                                          own, not built here */
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *s = &v->services[k];
      if (builds_infra_image(m, s)) {
        infra++; /* a database image with an extension added */
        continue;
      }
      infra += !s->context && rc_model_is_infra_image(s->image);
      built += s->context != NULL;
      dev_images += s->dockerfile && rc_role_of_path(s->dockerfile, NULL, 0) !=
                                         RC_ROLE_PRODUCTION;
      vendored += s->context && (rc_path_within(s->context, "vendor") ||
                                 strstr(s->context, "node_modules/") ||
                                 strncmp(s->context, "vendor/", 7) == 0);
      const char *cmd = command_text(b->a, rc_compose_get(s, "command", NULL));
      dev += s->context && (dev_command(cmd) || mounts_own_source(b, s) ||
                            dev_environment(s) || dev_target(s->target));
      bool other = !s->context && !rc_model_is_infra_image(s->image);
      pulled += other;
      dev_pulled += other && (dev_command(cmd) || dev_environment(s));
    }
    const char *fixtures = NULL;
    for (size_t k = 0; k < v->n_services && !fixtures; k++)
      fixtures = mounts_fixtures(b, &v->services[k]);
    const char *tests = test_runner_service(b, v);
    const char *target = tests ? NULL : test_target(v);
    const char *matrix = version_matrix(v);
    if (matrix) {
      v->role = RC_ROLE_NONPROD;
      v->why = rc_arena_printf(b->a,
                               "it runs '%.*s' at three or more versions: a "
                               "matrix to test against, not a deployment",
                               (int)strcspn(matrix, ":@"), matrix);
    } else if (target) {
      v->role = RC_ROLE_NONPROD;
      v->why = rc_arena_printf(b->a,
                               "its service '%s' only answers test traffic: "
                               "a test lab",
                               target);
    } else if (tests) {
      v->role = RC_ROLE_NONPROD;
      v->why = rc_arena_printf(b->a,
                               "its service '%s' runs a test suite: a test "
                               "stack",
                               tests);
    } else if (vendored && vendored == built) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "builds its images from installed dependencies (vendor/...): "
               "a development runtime such as Laravel Sail";
    } else if (dev_images && dev_images == built) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "its services build development or test images";
    } else if (app && infra == v->n_services) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "only starts databases and tools for an app run on the host";
    } else if (built && dev == built && v->n_files == 1) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "its services run development servers, a development "
               "mode or the working tree mounted over their image";
    } else if (fixtures) {
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = rc_arena_printf(b->a,
                               "it mounts files from '%s': the project's "
                               "development or sample files, not a "
                               "deployment's own",
                               fixtures);
    } else if (!built && pulled && dev_pulled == pulled && v->n_files == 1) {
      /* the project's published image run the way a developer tries
       * it: debug logging or a development mode on every service */
      v->role = RC_ROLE_DEVELOPMENT;
      v->why = "every service that is not a database or tool runs a "
               "development mode or debug logging";
    }
  }
  demote_documented_local_runs(b);
  demote_app_build_stacks(b);
  mark_dev_bases(m, b->a);
  files_follow_views(b);
}

static int view_rank(const void *pa, const void *pb)
{
  const struct rc_compose_view *a = pa, *b = pb;
  if ((a->role == RC_ROLE_PRODUCTION) != (b->role == RC_ROLE_PRODUCTION))
    return a->role == RC_ROLE_PRODUCTION ? -1 : 1;
  return strcmp(a->files[0]->path, b->files[0]->path);
}

static void build_views(struct build *b)
{
  views_from_chains(b);
  views_from_folders(b);
  views_from_leftovers(b);
  demote_dev_stacks(b);
  find_deploy_evidence(b);
  mark_swarm_views(b);
  if (b->m->n_views > 1)
    qsort(b->m->views, b->m->n_views, sizeof(*b->m->views), view_rank);
}

/* ---- images ---------------------------------------------------------------
 */

static struct rc_image *find_image(struct rc_model *m, const char *dockerfile,
                                   const char *target)
{
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    bool same_target =
        (!im->target && !target) ||
        (im->target && target && strcmp(im->target, target) == 0);
    if (strcmp(im->dockerfile, dockerfile) == 0 && same_target)
      return im;
  }
  return NULL;
}

/* The Dockerfile opens with a comment calling it a development file
 * ("### This file is used for dev purpose."); the line, or NULL. */
static const char *dockerfile_dev_header(struct build *b, const char *path)
{
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_entry_size(b->m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  return dev_header(b->a, data);
}

static void add_image(struct build *b, const char *dockerfile,
                      const char *context, const char *target,
                      enum rc_role role, const char *why, struct rc_where at)
{
  struct rc_model *m = b->m;
  char pwhy[160];
  enum rc_role prole = rc_role_of_path(dockerfile, pwhy, sizeof(pwhy));
  /* a development environment's folder (docker/devenv/, .devcontainer/)
   * says what its image is for whatever builds it; a development file
   * name or a plain dev/ folder does not: projects publish their image
   * from a Dockerfile.dev or dev/build/Dockerfile */
  bool dev_folder =
      prole == RC_ROLE_DEVELOPMENT && rc_role_in_dev_environment(dockerfile);
  if (role == RC_ROLE_PRODUCTION && (prole == RC_ROLE_NONPROD || dev_folder)) {
    role = prole;
    why = rc_arena_printf(b->a, "%s, but %s", why, pwhy);
  }
  /* `docker build --target dev` builds the development stage */
  enum rc_role trole =
      target ? rc_role_of_path(target, NULL, 0) : RC_ROLE_PRODUCTION;
  if (role == RC_ROLE_PRODUCTION && trole != RC_ROLE_PRODUCTION) {
    role = trole;
    why = rc_arena_printf(b->a, "%s, but its target stage '%s' is %s", why,
                          target, rc_role_name(trole));
  }
  /* a Dockerfile symlinked to another is that other file */
  const struct rc_entry *link = rc_index_link_target(m->index, dockerfile);
  if (link)
    dockerfile = link->path;
  struct rc_image *im = find_image(m, dockerfile, target);
  if (im) {
    if (worse(im->role, role) == im->role && im->role != role) {
      im->role = role;
      im->why = why;
      im->at = at;
    }
    return;
  }
  /* the header speaks for the Dockerfile's first build only: a later build
   * that deploys it outranks a "for development" comment */
  const char *header =
      role == RC_ROLE_PRODUCTION ? dockerfile_dev_header(b, dockerfile) : NULL;
  if (header) {
    role = RC_ROLE_DEVELOPMENT;
    why = rc_arena_printf(b->a, "%s, but its header says so: '%.100s'", why,
                          header);
  }
  const char *samples = role == RC_ROLE_PRODUCTION
                            ? rc_model_collection_line(b->m, dockerfile)
                            : NULL;
  if (samples) {
    role = RC_ROLE_NONPROD;
    why = rc_arena_printf(b->a, "%s, but a README calls it a sample: '%.100s'",
                          why, samples);
  }
  rc_grow((void **)&m->images, &b->cap_images, m->n_images, sizeof(*m->images));
  im = &m->images[m->n_images++];
  const struct rc_dockerfile *df = rc_model_dockerfile(m, dockerfile);
  *im = (struct rc_image){.dockerfile = dockerfile,
                          .df = df,
                          .context = context,
                          .target = target,
                          .stage = df ? rc_dockerfile_target(df, target) : -1,
                          .role = role,
                          .why = why,
                          .at = at};
}

static void images_from_views(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *s = &v->services[k];
      if (!s->dockerfile)
        continue;
      add_image(b, s->dockerfile, s->context, s->target, v->role,
                rc_arena_printf(b->a, "built by compose service '%s' (%s)",
                                s->name, v->files[v->n_files - 1]->path),
                s->at);
    }
  }
}

/* The stage an image runs ends in a test runner: a test image. */
static bool runs_tests(const struct rc_dockerfile *df)
{
  if (!df->ns)
    return false;
  size_t s = df->ns - 1;
  const char *kws[] = {"CMD", "ENTRYPOINT"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(df, s, kws[k]);
    if (in && test_runner(in->args))
      return true;
  }
  return false;
}

/* A Dockerfile named for an image other builds start from
 * (Dockerfile.base, Dockerfile.builder, deps.Dockerfile). */
static bool base_image_name(const char *path)
{
  static const char *const words[] = {"base", "builder",   "build",
                                      "deps", "buildbase", NULL};
  for (size_t i = 0; words[i]; i++)
    if (rc_role_name_has(path, words[i]))
      return true;
  return false;
}

/* A folder named for a build toolchain (`build-base/`, `builder/`) holds
 * the image compilers run in, not a service. */
static bool toolchain_folder(const char *path)
{
  static const char *const names[] = {"build-base", "buildbase", "build_base",
                                      "builder",    "builders",  "toolchain",
                                      NULL};
  for (size_t i = 0; names[i]; i++)
    if (rc_role_under(path, names[i]))
      return true;
  return false;
}

/* A build whose Dockerfile path holds a variable (`-f
 * ./${PHASE}install/Dockerfile`) builds the Dockerfiles its pattern
 * matches, not every one of the repository. */
static void images_matching(struct build *b, const struct rc_build *bd)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const char *path = m->dockerfiles[i].path;
    /* the variable names a deployed service, not a dev container or a
     * test image its pattern happens to match as well */
    if (rc_glob_match(bd->dockerfile_glob, path) &&
        rc_role_of_path(path, NULL, 0) == RC_ROLE_PRODUCTION &&
        !base_image_name(path) && !toolchain_folder(path))
      add_image(b, path, rc_path_dir(b->a, path), NULL, bd->role,
                rc_arena_printf(b->a,
                                "built in %s:%u (its path '%s' is "
                                "computed)",
                                bd->at.path, bd->at.line, bd->dockerfile_glob),
                bd->at);
  }
}

/* A build whose Dockerfile is missing where the file's folder says it is,
 * but whose path tail names a Dockerfile that exists: a README in Docker/
 * saying `cd FreshRSS && docker build -f Docker/Dockerfile .` means the
 * repository root, where its reader stands. The longest existing tail of
 * at least two segments wins; the context loses the same prefix. */
static struct rc_build root_relative(struct build *b, const struct rc_build *bd)
{
  struct rc_build fixed = *bd;
  if (!bd->dockerfile || rc_index_find(b->m->index, bd->dockerfile) ||
      !strchr(bd->dockerfile, '/'))
    return fixed;
  for (const char *tail = strchr(bd->dockerfile, '/'); tail;
       tail = strchr(tail + 1, '/')) {
    const char *t = tail + 1;
    if (!strchr(t, '/') || !rc_index_find(b->m->index, t))
      continue;
    size_t cut = (size_t)(tail - bd->dockerfile);
    fixed.dockerfile = t;
    if (bd->context && strncmp(bd->context, bd->dockerfile, cut) == 0 &&
        (bd->context[cut] == '/' || bd->context[cut] == '\0'))
      fixed.context = bd->context[cut] ? bd->context + cut + 1 : "";
    return fixed;
  }
  return fixed;
}

/* Every tag a build gives names a development version: the tag is a
 * development word ("acme/app:dev"), or one of its words is one the
 * Dockerfile's own name has too (`-f ubuntu/Dockerfile.devel -t
 * acme/media:20.04-devel-ubuntu18.04`: both name the variant; a branch
 * name in the tag, `master-debian-dev`, alone does not). */
static bool dev_tagged(struct rc_arena *a, const char *tag_refs,
                       const char *dockerfile)
{
  static const char *const words[] = {
      "dev", "devel", "develop", "development", "local", "debug", NULL};
  if (!tag_refs || !*tag_refs)
    return false;
  char *refs = rc_arena_strdup(a, tag_refs);
  for (char *save = NULL, *t = strtok_r(refs, " ", &save); t;
       t = strtok_r(NULL, " ", &save)) {
    const char *colon = strrchr(t, ':');
    if (!colon || strchr(colon, '/'))
      return false;
    bool dev = false;
    for (size_t i = 0; words[i] && !dev; i++)
      dev = strcasecmp(colon + 1, words[i]) == 0 ||
            (dockerfile && rc_role_name_has(colon + 1, words[i]) &&
             rc_role_name_has(dockerfile, words[i]));
    if (!dev)
      return false;
  }
  return true;
}

/* A Dockerfile whose folder or name says development, built only under a
 * development tag (`docker build -t acme/app:dev -f dev/Dockerfile.dev`)
 * or by a Makefile rule named for development that no CI runs (`build-dev:
 * ... -f build/Dockerfile.dev`): two signals agree, where either alone is
 * common for a published image. */
static enum rc_role build_role(struct build *b, const struct rc_build *bd)
{
  /* a Makefile rule named for tests that no CI file runs (`test/server`,
   * `test-image`) builds an image to test in: the shortcut's own words say
   * so, as a folder (`test/`) or a word (`-test`) */
  if (bd->role == RC_ROLE_PRODUCTION && bd->shortcut && !bd->dev_rule &&
      rc_role_of_path(bd->shortcut, NULL, 0) == RC_ROLE_NONPROD)
    return RC_ROLE_NONPROD;
  if (bd->role == RC_ROLE_PRODUCTION &&
      rc_role_of_path(bd->dockerfile, NULL, 0) == RC_ROLE_DEVELOPMENT &&
      (dev_tagged(b->a, bd->tag_refs, bd->dockerfile) || bd->dev_rule))
    return RC_ROLE_DEVELOPMENT;
  return bd->role;
}

static void images_from_builds(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->entries.n_builds; i++) {
    struct rc_build fixed = root_relative(b, &m->entries.builds[i]);
    const struct rc_build *bd = &fixed;
    if (bd->unresolved) {
      if (bd->dockerfile_glob)
        images_matching(b, bd);
      else if (bd->role == RC_ROLE_PRODUCTION)
        m->builds_unresolved = true;
      continue;
    }
    enum rc_role role = build_role(b, bd);
    const char *why =
        bd->via
            ? rc_arena_printf(b->a, "built in %s:%u by %s", bd->at.path,
                              bd->at.line, bd->via)
            : rc_arena_printf(b->a, "built in %s:%u", bd->at.path, bd->at.line);
    if (bd->exports) {
      role = RC_ROLE_NONPROD;
      why = rc_arena_printf(b->a,
                            "%s, which writes files to '%s' (--output) "
                            "instead of making an image that runs",
                            why, bd->exports);
    } else if (role == RC_ROLE_NONPROD && bd->role == RC_ROLE_PRODUCTION)
      why =
          rc_arena_printf(b->a, "%s, by the test rule '%s'", why, bd->shortcut);
    else if (role != bd->role && bd->dev_rule &&
             !dev_tagged(b->a, bd->tag_refs, bd->dockerfile))
      why = rc_arena_printf(b->a, "%s, by the development rule '%s'", why,
                            bd->dev_rule);
    else if (role != bd->role)
      why = rc_arena_printf(b->a, "%s, only with a development tag (%s)", why,
                            bd->tag_refs);
    add_image(b, bd->dockerfile, bd->context, bd->target, role, why, bd->at);
    struct rc_image *im = find_image(m, bd->dockerfile, bd->target);
    if (im && !im->tag && !im->tag_glob) {
      im->tag = bd->tag;
      im->tag_glob = bd->tag_glob;
      im->tag_refs = bd->tag_refs;
    }
    if (im && !im->via && im->at.path == bd->at.path &&
        im->at.line == bd->at.line)
      im->via = bd->via;
  }
}

/* An image whose last stage is a build stage (`FROM x AS builder` with no
 * command of its own) exists for other Dockerfiles to start from or copy
 * out of; nothing runs it as a service. */
static bool builder_stage_last(const struct rc_dockerfile *df)
{
  if (df->ns == 0 || !df->st[df->ns - 1].name)
    return false;
  const char *name = df->st[df->ns - 1].name;
  if (strcmp(name, "builder") != 0 && strcmp(name, "build") != 0)
    return false;
  for (size_t i = df->st[df->ns - 1].first; i < df->st[df->ns - 1].end; i++)
    if (strcmp(df->in[i].kw, "CMD") == 0 ||
        strcmp(df->in[i].kw, "ENTRYPOINT") == 0)
      return false;
  return true;
}

/* Dockerfiles nothing builds: when the repository builds images somewhere
 * we can read, an unbuilt Dockerfile does not deploy; when nothing builds
 * images (or CI computes the paths), every plausible one counts. */
static void images_from_leftovers(struct build *b)
{
  struct rc_model *m = b->m;
  bool any_entry = m->n_images > 0 && !m->builds_unresolved;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const struct rc_dockerfile *df = &m->dockerfiles[i];
    bool used = false;
    for (size_t k = 0; k < m->n_images && !used; k++)
      used = strcmp(m->images[k].dockerfile, df->path) == 0;
    if (used)
      continue;
    char why[160];
    enum rc_role role = rc_role_of_path(df->path, why, sizeof(why));
    const char *reason = rc_arena_strdup(b->a, why);
    if (role == RC_ROLE_PRODUCTION &&
        (base_image_name(df->path) || toolchain_folder(df->path))) {
      role = RC_ROLE_NONPROD;
      reason = "a base image other builds start from";
    } else if (role == RC_ROLE_PRODUCTION && builder_stage_last(df)) {
      role = RC_ROLE_NONPROD;
      reason = "its last stage is a build stage with no command: an image "
               "other builds start from";
    } else if (role == RC_ROLE_PRODUCTION && runs_tests(df)) {
      role = RC_ROLE_NONPROD;
      reason = "runs a test runner";
    } else if (role == RC_ROLE_PRODUCTION && df->ns == 0 && df->n > 0) {
      /* instructions without a FROM: a fragment a script appends to or
       * includes in another Dockerfile, never built on its own */
      role = RC_ROLE_NONPROD;
      reason = "a fragment with no FROM, never built on its own";
    } else if (role == RC_ROLE_PRODUCTION && any_entry) {
      role = RC_ROLE_UNUSED;
      reason = "no compose file, CI job or script builds it";
    } else if (role == RC_ROLE_PRODUCTION) {
      reason = "nothing in the repository builds images: every Dockerfile "
               "counts";
    }
    const char *dir = rc_path_dir(b->a, df->path);
    add_image(b, df->path, dir, NULL, role, reason,
              (struct rc_where){df->path, df->ns ? df->st[0].line : 0});
  }
}

static int image_rank(const void *pa, const void *pb)
{
  const struct rc_image *a = pa, *b = pb;
  if ((a->role == RC_ROLE_PRODUCTION) != (b->role == RC_ROLE_PRODUCTION))
    return a->role == RC_ROLE_PRODUCTION ? -1 : 1;
  return strcmp(a->dockerfile, b->dockerfile);
}

/* How many COPY/ADD sources (other than the whole context) of df exist
 * under dir. */
static size_t sources_under(struct build *b, const struct rc_dockerfile *df,
                            const char *dir)
{
  size_t n = 0;
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    const char **w;
    size_t nw = rc_shell_words(b->a, in->args, &w);
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *src = w[k];
      if (src[0] == '-' || src[0] == '[' || strchr(src, '$') ||
          strstr(src, "://") || !strcmp(src, ".") || !strcmp(src, "./"))
        continue;
      /* a glob (a star after ./Docker/): the folder before it must exist */
      size_t lit = strcspn(src, "*?[");
      if (src[lit]) {
        while (lit && src[lit - 1] != '/')
          lit--;
        if (lit == 0)
          continue;
        src = rc_arena_strndup(b->a, src, lit - 1);
      }
      const char *p = rc_path_join(b->a, dir, src);
      n += p && *p && rc_index_find(b->m->index, p) != NULL;
    }
  }
  return n;
}

/* The context an image is built from, judged by what its Dockerfile
 * copies: `COPY Docker/entrypoint.sh /` found from the root and not from
 * the Dockerfile's folder means the root is the context (a build from a
 * git URL of the repository, or a leftover guessed from the folder). */
static void fix_contexts(struct build *b)
{
  for (size_t i = 0; i < b->m->n_images; i++) {
    struct rc_image *im = &b->m->images[i];
    if (!im->df)
      continue;
    if (im->context &&
        (strstr(im->context, ":/") || strstr(im->context, ".git#") ||
         strncmp(im->context, "git@", 4) == 0)) {
      im->context = ""; /* a git URL: a clone of the repository */
      continue;
    }
    if (!im->context || !*im->context)
      continue;
    if (sources_under(b, im->df, im->context) == 0 &&
        sources_under(b, im->df, "") > 0)
      im->context = "";
  }
}

/* An image reference without its tag or digest. */
static const char *repo_of(struct rc_arena *a, const char *ref)
{
  size_t n = strcspn(ref, "@ \t"), cut = n;
  for (size_t i = 0; i < n; i++)
    if (ref[i] == '/')
      cut = n; /* a colon before the last slash is a registry's port */
    else if (ref[i] == ':')
      cut = i;
  return rc_arena_strndup(a, ref, cut);
}

/* Two image names, a registry host aside: docker.io/acme/x is acme/x. */
static bool same_repo(const char *x, const char *y)
{
  size_t nx = strlen(x), ny = strlen(y);
  if (nx < ny)
    return same_repo(y, x);
  return strcmp(x + nx - ny, y) == 0 && (nx == ny || x[nx - ny - 1] == '/');
}

/* The Dockerfile that copies files out of image `repo` (COPY --from=repo),
 * or NULL. */
static const char *copied_from_by(struct build *b, const char *repo)
{
  const struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const struct rc_dockerfile *df = &m->dockerfiles[i];
    for (size_t k = 0; k < df->n; k++) {
      const char *from = strstr(df->in[k].args, "--from=");
      if (strcmp(df->in[k].kw, "COPY") == 0 && from &&
          same_repo(repo_of(b->a, from + 7), repo))
        return df->path;
    }
  }
  return NULL;
}

/* Two image references with the same repository and tag (none: latest). */
static bool same_ref(struct rc_arena *a, const char *x, const char *y)
{
  const char *rx = repo_of(a, x), *ry = repo_of(a, y);
  const char *tx = x + strlen(rx), *ty = y + strlen(ry);
  tx = *tx == ':' ? tx + 1 : "latest";
  ty = *ty == ':' ? ty + 1 : "latest";
  return same_repo(rx, ry) && strcmp(tx, ty) == 0;
}

/* One of refs (space-separated) is ref, by same_ref(). */
static bool any_ref(struct rc_arena *a, const char *refs, const char *ref)
{
  for (const char *p = refs; p && *p;) {
    size_t n = strcspn(p, " ");
    if (n && same_ref(a, rc_arena_strndup(a, p, n), ref))
      return true;
    p += n + (p[n] == ' ');
  }
  return false;
}

/* A compose service runs exactly ref, version included. */
static bool runs_ref(const struct rc_model *m, struct rc_arena *a,
                     const char *ref)
{
  for (size_t v = 0; v < m->n_views; v++)
    for (size_t i = 0; i < m->views[v].n_services; i++) {
      const char *img = m->views[v].services[i].image;
      if (img && same_ref(a, img, ref))
        return true;
    }
  return false;
}

/* The Dockerfile with a stage FROM exactly one of the image's tags,
 * version included (`FROM acme/app:base`), that no compose service runs
 * as it is; NULL if none. The image's own stage does not count: another
 * target of the same file may start from it. *ref: the tag. */
static const char *started_from_by(struct build *b, const char *refs,
                                   const struct rc_image *self,
                                   const char **ref)
{
  const struct rc_model *m = b->m;
  for (const char *p = refs; p && *p;) {
    size_t n = strcspn(p, " ");
    const char *r = rc_arena_strndup(b->a, p, n);
    p += n + (p[n] == ' ');
    if (!n || runs_ref(m, b->a, r))
      continue;
    for (size_t i = 0; i < m->n_dockerfiles; i++) {
      const struct rc_dockerfile *df = &m->dockerfiles[i];
      bool own = strcmp(df->path, self->dockerfile) == 0;
      for (size_t k = 0; k < df->ns; k++) {
        if (own && (long)k == self->stage)
          continue;
        const char *img = df->st[k].image
                              ? rc_dockerfile_resolve(df, b->a, df->st[k].image)
                              : NULL;
        if (img && same_ref(b->a, img, r)) {
          *ref = r;
          return df->path;
        }
      }
    }
  }
  return NULL;
}

static bool runs_by_name(const struct rc_model *m, struct rc_arena *a,
                         const char *repo)
{
  for (size_t v = 0; v < m->n_views; v++)
    for (size_t i = 0; i < m->views[v].n_services; i++) {
      /* a development stack running it makes no image a service */
      if (m->views[v].role != RC_ROLE_PRODUCTION)
        continue;
      const char *img = m->views[v].services[i].image;
      if (img && same_repo(repo_of(a, img), repo))
        return true;
    }
  return false;
}

/* Where the Dockerfiles start a stage FROM image `repo` (any version): the
 * first other Dockerfile that starts a build stage - named, not its last -
 * from it, or NULL; NULL too when any Dockerfile's last stage, the one it
 * runs, starts from it. A toolchain image rebuilt under a computed tag
 * (`core-base:${{ env.IMAGE_TAG }}`) that an app's builder stage pins
 * (`FROM core-base:20250101 AS build`) is a build input. *stage: its name. */
static const char *builder_of(struct build *b, const char *repo,
                              const char *self, const char **stage)
{
  const struct rc_model *m = b->m;
  const char *found = NULL;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const struct rc_dockerfile *df = &m->dockerfiles[i];
    for (size_t k = 0; k < df->ns; k++) {
      const char *img = df->st[k].image
                            ? rc_dockerfile_resolve(df, b->a, df->st[k].image)
                            : NULL;
      if (!img || !same_repo(repo_of(b->a, img), repo))
        continue;
      if (k + 1 == df->ns)
        return NULL;
      if (!found && df->st[k].name && strcmp(df->path, self) != 0) {
        found = df->path;
        *stage = df->st[k].name;
      }
    }
  }
  return found;
}

/* The name an image is tagged with, version aside, when a build names it:
 * also when only its version is computed (`acme/base:${{ env.TAG }}`). */
static const char *built_repo(struct rc_arena *a, const struct rc_image *im)
{
  if (im->tag && *im->tag)
    return im->tag;
  if (!im->tag_glob)
    return NULL;
  const char *repo = repo_of(a, im->tag_glob);
  return *repo && !strpbrk(repo, "*?[$") ? repo : NULL;
}

/* Another image tagged with the same name (version aside) from another
 * Dockerfile: which one a reference means cannot be told. */
static bool tag_shared(const struct rc_model *m, size_t i, const char *repo)
{
  const struct rc_image *im = &m->images[i];
  for (size_t k = 0; k < m->n_images; k++)
    if (k != i && m->images[k].tag &&
        strcmp(m->images[k].dockerfile, im->dockerfile) != 0 &&
        same_repo(m->images[k].tag, repo))
      return true;
  return false;
}

/* An image built and tagged only for other Dockerfiles to `COPY --from=`
 * (binaries compiled once, copied into the app images) never runs: a
 * build input like a builder stage, unless a compose service also runs it
 * by name. */
static void build_inputs(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    const char *ref = NULL;
    const char *base = im->role == RC_ROLE_PRODUCTION
                           ? started_from_by(b, im->tag_refs, im, &ref)
                           : NULL;
    if (base) {
      im->role = RC_ROLE_NONPROD;
      im->why = rc_arena_printf(b->a, "%s, but a base image: %s starts FROM %s",
                                im->why, base, ref);
      continue;
    }
    const char *stage = NULL;
    const char *repo = built_repo(b->a, im);
    const char *builder = im->role == RC_ROLE_PRODUCTION && repo &&
                                  !runs_by_name(m, b->a, repo) &&
                                  !tag_shared(m, i, repo)
                              ? builder_of(b, repo, im->dockerfile, &stage)
                              : NULL;
    if (builder) {
      im->role = RC_ROLE_NONPROD;
      im->why = rc_arena_printf(
          b->a, "%s, but only as the base of build stage '%s' of %s", im->why,
          stage, builder);
      continue;
    }
    const char *by = im->role == RC_ROLE_PRODUCTION && im->tag && *im->tag
                         ? copied_from_by(b, im->tag)
                         : NULL;
    if (!by || runs_by_name(m, b->a, im->tag))
      continue;
    /* tags are compared without their version: when another Dockerfile
     * is tagged with the same name, which one is copied cannot be told */
    bool shared = false;
    for (size_t k = 0; k < m->n_images && !shared; k++)
      shared = k != i && m->images[k].tag &&
               strcmp(m->images[k].dockerfile, im->dockerfile) != 0 &&
               same_repo(m->images[k].tag, im->tag);
    if (shared)
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(
        b->a, "%s, but only as what %s copies from (COPY --from=%s)", im->why,
        by, im->tag);
  }
}

/* A local image - a name without registry or namespace, so never pushed -
 * that the automation builds and only runs as a one-shot command
 * (`docker run --rm -v $(PWD):/workspace msi-builder make msi`) is a tool
 * the maintainers run, not a deployed service. */
static void local_tools(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->tag || !*im->tag ||
        strchr(im->tag, '/'))
      continue;
    const struct rc_run *first = NULL;
    bool service = false;
    for (size_t k = 0; k < m->entries.n_runs && !service; k++) {
      const struct rc_run *run = &m->entries.runs[k];
      if (strcmp(run->image, im->tag) != 0)
        continue;
      service = !run->one_shot;
      if (!first)
        first = run;
    }
    if (!first || service || runs_by_name(m, b->a, im->tag))
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(
        b->a,
        "%s, but a local tool: run only as a one-shot command, by %s:%u "
        "(docker run --rm '%s')",
        im->why, first->at.path, first->at.line, im->tag);
  }
}

/* The file that builds the service also says it runs once (`restart:
 * "no"` beside its `build:`): an overlay that switches a long-running
 * service off (`restart: "no"`, `entrypoint: echo disabled`) does not
 * make its image a one-shot one. */
static bool builds_once(const struct rc_compose_service *s)
{
  for (size_t i = s->n_layers; i-- > 0;) {
    const cJSON *node = s->layers[i].node;
    if (!cJSON_GetObjectItemCaseSensitive(node, "build"))
      continue;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(node, "restart");
    return cJSON_IsString(r) && strcmp(r->valuestring, "no") == 0;
  }
  return false;
}

/* An image that production compose files build only for services that
 * must not restart (`restart: "no"`: a database upgrade, a backup run by
 * hand with `compose run`) is a maintenance command, not a service. */
static void one_shot_images(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    size_t uses = 0, once = 0;
    const struct rc_compose_service *first = NULL;
    for (size_t v = 0; v < m->n_views; v++) {
      if (m->views[v].role != RC_ROLE_PRODUCTION)
        continue;
      for (size_t k = 0; k < m->views[v].n_services; k++) {
        const struct rc_compose_service *s = &m->views[v].services[k];
        if (!s->dockerfile || strcmp(s->dockerfile, im->dockerfile) != 0)
          continue;
        uses++;
        once += builds_once(s);
        first = first ? first : s;
      }
    }
    if (im->role != RC_ROLE_PRODUCTION || !uses || once != uses)
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(b->a,
                              "%s, but only for services that run once "
                              "(restart: \"no\", services.%s): a maintenance "
                              "command, not a long-running service",
                              im->why, first->name);
  }
}

/* A build of a stage named for checking (`--target tester`, `lint`,
 * `e2e-test`) runs the test suite or linters inside the build: CI's test
 * step, not an image anything deploys. */
static bool test_stage_name(const char *name)
{
  static const char *const words[] = {
      "test",      "tests", "tester", "testing", "lint",     "linter", "e2e",
      "e2etester", "check", "spec",   "specs",   "unittest", NULL};
  return rc_role_name_word(name, words) != NULL;
}

static void test_targets(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->target ||
        !test_stage_name(im->target))
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(b->a, "%s, but only its test stage '%s'", im->why,
                              im->target);
  }
}

static void build_images(struct build *b)
{
  images_from_views(b);
  images_from_builds(b);
  build_inputs(b);
  local_tools(b);
  test_targets(b);
  one_shot_images(b);
  images_from_leftovers(b);
  fix_contexts(b);
  if (b->m->n_images > 1)
    qsort(b->m->images, b->m->n_images, sizeof(*b->m->images), image_rank);
}

/* ---- services -------------------------------------------------------------
 */

static struct rc_service *add_service(struct build *b,
                                      const struct rc_service *s)
{
  struct rc_model *m = b->m;
  rc_grow((void **)&m->services, &b->cap_services, m->n_services,
          sizeof(*m->services));
  m->services[m->n_services] = *s;
  return &m->services[m->n_services++];
}

static const struct rc_service *service_with_dir(const struct rc_model *m,
                                                 const char *dir)
{
  for (size_t i = 0; dir && i < m->n_services; i++)
    if (m->services[i].dir && strcmp(m->services[i].dir, dir) == 0)
      return &m->services[i];
  return NULL;
}

static const struct rc_service *service_named(const struct rc_model *m,
                                              const char *name, const char *dir)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    bool same_dir =
        (!s->dir && !dir) || (s->dir && dir && !strcmp(s->dir, dir));
    if (strcmp(s->name, name) == 0 && same_dir)
      return s;
  }
  return NULL;
}

static const char *image_command(struct rc_arena *a, const struct rc_image *im)
{
  if (!im || !im->df || im->stage < 0)
    return NULL;
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(im->df, (size_t)im->stage, "ENTRYPOINT");
  const struct rc_df_instr *cmd =
      rc_dockerfile_inherited(im->df, (size_t)im->stage, "CMD");
  if (ep && cmd)
    return rc_arena_printf(a, "%s %s", ep->args, cmd->args);
  return ep ? ep->args : cmd ? cmd->args : NULL;
}

/* "docker.io/library/nginx:1.2" and "nginx" name the same repository. */
static const char *repo_name(struct rc_arena *a, const char *image)
{
  const char *s = image;
  if (strncmp(s, "docker.io/", 10) == 0)
    s += 10;
  if (strncmp(s, "library/", 8) == 0)
    s += 8;
  size_t n = strcspn(s, "@");
  size_t last_slash = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '/')
      last_slash = i;
  for (size_t i = last_slash; i < n; i++)
    if (s[i] == ':')
      n = i;
  return rc_arena_strndup(a, s, n);
}

/* The image's repository with `${VAR:-default}` taken at its default
 * (`${IMAGE:-ghcr.io/acme/app}:${TAG:-latest}`), or NULL when a variable
 * without a default names it. */
static const char *image_repo(struct rc_arena *a, const char *image)
{
  if (!image)
    return NULL;
  struct rc_buf out;
  rc_buf_init(&out);
  for (const char *p = image; *p;) {
    const char *d = strstr(p, "${");
    if (!d) {
      rc_buf_printf(&out, "%s", p);
      break;
    }
    rc_buf_printf(&out, "%.*s", (int)(d - p), p);
    const char *close = strchr(d, '}');
    const char *dash = strchr(d, '-');
    if (!close)
      break;
    if (dash && dash < close)
      rc_buf_printf(&out, "%.*s", (int)(close - dash - 1), dash + 1);
    else
      rc_buf_printf(&out, "$");
    p = close + 1;
  }
  const char *repo = out.data ? repo_name(a, out.data) : NULL;
  rc_buf_release(&out);
  return repo && *repo && !strchr(repo, '$') ? repo : NULL;
}

/* The repository without its registry host: a first segment with a dot
 * or a colon, or localhost (`ghcr.io/acme/app` is `acme/app`). */
static const char *without_host(const char *repo)
{
  const char *slash = strchr(repo, '/');
  if (!slash)
    return repo;
  size_t n = (size_t)(slash - repo);
  bool host = memchr(repo, '.', n) || memchr(repo, ':', n) ||
              (n == 9 && strncmp(repo, "localhost", 9) == 0);
  return host ? slash + 1 : repo;
}

/* pattern, whose `*` stands for any text (slashes too), matches s. */
static bool wild_match(const char *p, const char *s)
{
  for (; *p && *p != '*'; p++, s++)
    if (*p != *s)
      return false;
  if (!*p)
    return !*s;
  for (; *p == '*'; p++)
    ;
  for (;; s++) {
    if (wild_match(p, s))
      return true;
    if (!*s)
      return false;
  }
}

/* A wildcard repository names literal repo; a host made of variables is
 * optional (`${REGISTRY}/acme/app` names acme/app). */
static bool wild_repo(const char *pattern, const char *repo)
{
  if (wild_match(pattern, repo) || wild_match(pattern, without_host(repo)))
    return true;
  return strncmp(pattern, "*/", 2) == 0 && wild_match(pattern + 2, repo);
}

/* The image's repository with each `${VAR}` without a default as `*`,
 * when its own name (the last segment) is written out; else NULL. */
static const char *image_repo_glob(struct rc_arena *a, const char *image)
{
  if (!image || !strchr(image, '$'))
    return NULL;
  struct rc_buf out;
  rc_buf_init(&out);
  for (const char *p = image; *p;) {
    if (p[0] == '$' && p[1] == '{') {
      const char *close = strchr(p, '}');
      const char *dash = strstr(p, ":-");
      if (!close)
        break;
      if (dash && dash < close)
        rc_buf_printf(&out, "%.*s", (int)(close - dash - 2), dash + 2);
      else
        rc_buf_putc(&out, '*');
      p = close + 1;
    } else if (p[0] == '$') {
      p++;
      while (isalnum((unsigned char)*p) || *p == '_')
        p++;
      rc_buf_putc(&out, '*');
    } else {
      rc_buf_putc(&out, *p++);
    }
  }
  const char *repo = out.data ? repo_name(a, out.data) : NULL;
  rc_buf_release(&out);
  const char *name = repo ? strrchr(repo, '/') : NULL;
  name = name ? name + 1 : repo;
  return name && *name && !strchr(name, '*') ? repo : NULL;
}

/* How a build's tag names the deployed image `image`. */
enum tag_match { TAG_NONE, TAG_OTHER, TAG_WILD, TAG_REPO, TAG_EXACT };

/* A `docker tag` line gives the repository `from` that a build tagged
 * the name `want` too (`docker tag app-base acme/app`). */
static bool retagged_as(struct rc_arena *a, const struct rc_entries *e,
                        const char *from, const char *want)
{
  for (size_t i = 0; from && want && i < e->n_retags; i++)
    if (strcmp(without_host(repo_name(a, e->retags[i].from)),
               without_host(from)) == 0 &&
        strcmp(without_host(repo_name(a, e->retags[i].to)),
               without_host(want)) == 0)
      return true;
  return false;
}

static enum tag_match build_tag_matches(struct rc_arena *a,
                                        const struct rc_entries *e,
                                        const struct rc_build *bd,
                                        const char *image, const char *want,
                                        const char *want_glob)
{
  if (bd->tag && want &&
      strcmp(without_host(repo_name(a, bd->tag)), without_host(want)) == 0)
    return any_ref(a, bd->tag_refs, image) ? TAG_EXACT : TAG_REPO;
  if (bd->tag && retagged_as(a, e, repo_name(a, bd->tag), want))
    return TAG_REPO;
  if ((bd->tag_glob && want && wild_repo(bd->tag_glob, want)) ||
      (bd->tag && want_glob && wild_repo(want_glob, repo_name(a, bd->tag))))
    return TAG_WILD;
  /* a local name without a namespace (`-t app-base`) is retagged before
   * it is pushed (`docker tag app-base acme/app`): it names nothing */
  if ((bd->tag && strchr(bd->tag, '/')) ||
      (bd->tag_glob && strchr(bd->tag_glob, '/')))
    return TAG_OTHER;
  return TAG_NONE;
}

/* The best way any build of im tags it with image's repository: the same
 * Dockerfile may be built by several lines with different tags. TAG_OTHER
 * when every build that names a repository names another one. */
static enum tag_match tag_matches(struct build *b, const struct rc_image *im,
                                  const char *image, const char *want,
                                  const char *want_glob)
{
  const struct rc_entries *e = &b->m->entries;
  enum tag_match best = TAG_NONE;
  for (size_t i = 0; i < e->n_builds; i++) {
    const struct rc_build *bd = &e->builds[i];
    bool same_target =
        (!bd->target && !im->target) ||
        (bd->target && im->target && strcmp(bd->target, im->target) == 0);
    if (bd->unresolved || !bd->dockerfile || !same_target ||
        strcmp(bd->dockerfile, im->dockerfile) != 0)
      continue;
    enum tag_match how = build_tag_matches(b->a, e, bd, image, want, want_glob);
    if (how > best)
      best = how;
  }
  return best;
}

/* Builds of more than one Dockerfile or target tag the repository of
 * `image` (acme/app:base, acme/app:nightly, acme/app:2): there its tags,
 * not its name, tell the images apart. */
static bool repo_shared(struct build *b, const char *image, const char *want)
{
  const struct rc_entries *e = &b->m->entries;
  const struct rc_build *first = NULL;
  for (size_t i = 0; i < e->n_builds; i++) {
    const struct rc_build *bd = &e->builds[i];
    if (bd->unresolved || !bd->dockerfile ||
        build_tag_matches(b->a, e, bd, image, want, NULL) < TAG_REPO)
      continue;
    if (!first)
      first = bd;
    else if (strcmp(first->dockerfile, bd->dockerfile) != 0 ||
             (!first->target != !bd->target) ||
             (first->target && strcmp(first->target, bd->target) != 0))
      return true;
  }
  return false;
}

/* The production image a build tags with the repository a deployed image
 * reference names (`image: ghcr.io/acme/app:latest`, `docker build -t
 * acme/app ...`; registry host optional, tag and digest aside, one with
 * the same tag first, and only such a one when builds of several images
 * share the repository): the service runs that Dockerfile at that build's
 * target. Variables (`${REGISTRY}/acme/app`) match as wildcards only when
 * no build names the repository itself. */
static const struct rc_image *image_tagged(struct build *b, const char *image)
{
  const char *want = image_repo(b->a, image);
  const char *want_glob = want ? NULL : image_repo_glob(b->a, image);
  if (!want && !want_glob)
    return NULL;
  const struct rc_image *best = NULL;
  enum tag_match best_how = TAG_NONE;
  for (size_t i = 0; i < b->m->n_images; i++) {
    const struct rc_image *im = &b->m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->df)
      continue;
    enum tag_match how = tag_matches(b, im, image, want, want_glob);
    if (how >= TAG_WILD && how > best_how) {
      best = im;
      best_how = how;
    }
  }
  if (best_how == TAG_REPO && repo_shared(b, image, want))
    return NULL; /* no build tags it with the same tag */
  return best;
}

/* The project's own name, from its root manifest: package.json "name"
 * (scope dropped), go.mod's module (last segment). NULL if none. */
static const char *project_name(struct build *b)
{
  const struct rc_entry *e = rc_index_find(b->m->index, "package.json");
  const char *data;
  size_t len;
  char err[256];
  if (e && rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) == 0) {
    struct rc_docs docs;
    if (rc_doc_cache_parse(rc_index_docs(b->m->index), &docs, data, len,
                           e->path, RC_DOC_JSON, err, sizeof(err)) == 0) {
      const cJSON *n =
          docs.n ? cJSON_GetObjectItemCaseSensitive(docs.docs[0], "name")
                 : NULL;
      const char *name =
          cJSON_IsString(n) ? rc_path_base(n->valuestring) : NULL;
      const char *res = name && *name ? rc_arena_strdup(b->a, name) : NULL;
      rc_docs_release(&docs);
      if (res)
        return res;
    }
  }
  e = rc_index_find(b->m->index, "go.mod");
  if (e && rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) == 0 &&
      strncmp(data, "module ", 7) == 0) {
    const char *mod =
        rc_arena_strndup(b->a, data + 7, strcspn(data + 7, " \r\n"));
    return rc_path_base(mod);
  }
  return NULL;
}

/* "owner/name" of the origin remote (https://github.com/owner/name.git,
 * git@gitlab.com:group/name), lower case; NULL when there is none. */
static const char *origin_slug(struct build *b)
{
  const char *url = rc_index_git_origin(b->m->index);
  if (!url || (!strstr(url, "://") && !strchr(url, '@')))
    return NULL;
  char *s = rc_arena_strdup(b->a, url);
  size_t n = strlen(s);
  while (n && s[n - 1] == '/')
    s[--n] = '\0';
  if (n > 4 && strcmp(s + n - 4, ".git") == 0)
    s[n -= 4] = '\0';
  size_t cut = 0, seps = 0;
  for (size_t i = n; i > 0 && seps < 2; i--)
    if (s[i - 1] == '/' || s[i - 1] == ':') {
      seps++;
      cut = i;
    }
  if (seps < 2)
    return NULL;
  for (char *p = s + cut; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return s + cut;
}

/* The image's repository is the project's: named like its root manifest
 * (`ghcr.io/umami-software/umami` for package "umami"), or like its origin
 * remote (`ghcr.io/bluesky-social/pds` for github.com/bluesky-social/pds,
 * what `${{ github.repository }}` computes). */
static bool names_project(struct build *b, const char *repo)
{
  const char *name = project_name(b);
  if (name && strcmp(rc_path_base(repo), name) == 0)
    return true;
  const char *slug = origin_slug(b);
  size_t n = strlen(repo), k = slug ? strlen(slug) : 0;
  return slug && n >= k && strcasecmp(repo + n - k, slug) == 0 &&
         (n == k || repo[n - k - 1] == '/');
}

/* The image's namespace is the origin remote's owner: `ghcr.io/acme/cache`
 * for github.com/acme/platform is one of acme's own images. */
static bool in_project_namespace(struct build *b, const char *repo)
{
  const char *slug = origin_slug(b);
  const char *slash = slug ? strchr(slug, '/') : NULL;
  const char *name = strrchr(repo, '/');
  if (!slash || !name)
    return false;
  size_t k = (size_t)(slash - slug);
  const char *owner = name;
  while (owner > repo && owner[-1] != '/')
    owner--;
  return (size_t)(name - owner) == k && strncasecmp(owner, slug, k) == 0;
}

/* The one production image whose Dockerfile's folder the image's name
 * says: `acme/unbound` for images/unbound/Dockerfile, `acme/app-config`
 * for config/Dockerfile. */
static bool tagged_other(struct build *b, const struct rc_image *im,
                         const char *image, const char *repo)
{
  return tag_matches(b, im, image, repo, NULL) == TAG_OTHER;
}

static const struct rc_image *
image_by_folder(struct build *b, const char *image, const char *repo)
{
  const char *name = rc_path_base(repo);
  size_t nl = strlen(name);
  const struct rc_image *found = NULL;
  for (size_t i = 0; i < b->m->n_images; i++) {
    const struct rc_image *im = &b->m->images[i];
    /* an image built outside the repository's automation (unused) is
     * still the source of the project's published image */
    if ((im->role != RC_ROLE_PRODUCTION && im->role != RC_ROLE_UNUSED) ||
        !im->df)
      continue;
    const char *dir = rc_path_base(rc_path_dir(b->a, im->dockerfile));
    size_t dl = strlen(dir);
    bool match = dl && (strcasecmp(name, dir) == 0 ||
                        (nl > dl + 1 && name[nl - dl - 1] == '-' &&
                         strcasecmp(name + nl - dl, dir) == 0));
    if (match && found && found->df != im->df)
      return NULL;
    if (match)
      found = im;
  }
  return found && !tagged_other(b, found, image, repo) ? found : NULL;
}

/* CI tags the image with a computed name (a metadata action): the compose
 * service runs this project's image when its repository names the project
 * and the project builds exactly one production image, or when the image
 * is in the project's namespace and named for one Dockerfile's folder. An
 * image whose builds tag another repository (a base or tool image,
 * acme/app-base) is never the one, and still makes the choice ambiguous. */
static const struct rc_image *project_image(struct build *b, const char *image)
{
  const char *repo = image_repo(b->a, image);
  if (!repo || rc_model_is_infra_image(repo))
    return NULL;
  bool named = names_project(b, repo);
  if ((!named && !in_project_namespace(b, repo)) || repo_shared(b, image, repo))
    return NULL; /* builds tag that repository: their tags decide */
  const struct rc_image *by_folder = image_by_folder(b, image, repo);
  if (by_folder || !named)
    return by_folder;
  const struct rc_image *only = NULL;
  for (size_t i = 0; i < b->m->n_images; i++) {
    const struct rc_image *im = &b->m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->df)
      continue;
    if (only)
      return NULL; /* several: which one is not for us to guess */
    only = im;
  }
  return only && !tagged_other(b, only, image, repo) ? only : NULL;
}

const struct rc_image *rc_model_image_named(const struct rc_model *m,
                                            const char *image)
{
  struct build b = {.m = (struct rc_model *)m, .a = m->arena};
  const struct rc_image *im = image_tagged(&b, image);
  return im ? im : project_image(&b, image);
}

const struct rc_service *
rc_model_service_of(const struct rc_model *m,
                    const struct rc_compose_service *cs)
{
  for (size_t i = 0; i < m->n_services; i++)
    if (m->services[i].compose == cs)
      return &m->services[i];
  return NULL;
}

/* The image a compose file built for the stack: `docker compose build` of
 * a setup beside it names (or defaults) the image a production stack then
 * runs by name (`docker stack deploy -c docker-stack.yml`). Compose tags a
 * built image with its `image:` or with `<project>_<service>` (`-` since
 * Compose v2); a stack that pushes it under a namespace keeps that last
 * part (`dockersamples/atsea_app` for `image: atsea_app`). A service of
 * another view builds the stack service's image when it has the same
 * repository, or the same service name and that last part. */
static bool builds_stack_image(struct build *b, const char *repo,
                               const struct rc_compose_service *stack,
                               const struct rc_compose_service *cs)
{
  const char *own = image_repo(b->a, cs->image);
  if (own && strcasecmp(own, repo) == 0)
    return true;
  if (strcmp(cs->name, stack->name) != 0)
    return false;
  const char *last = rc_path_base(repo);
  if (own)
    return strcasecmp(rc_path_base(own), last) == 0;
  size_t nl = strlen(last), sl = strlen(cs->name);
  return strcasecmp(last, cs->name) == 0 ||
         (nl > sl + 1 &&
          (last[nl - sl - 1] == '_' || last[nl - sl - 1] == '-') &&
          strcasecmp(last + nl - sl, cs->name) == 0);
}

/* A compose build that may be the stack's image: nothing in its names says
 * development or tests - not the compose file's name (the view may be a
 * development one only because the stack deploys), the Dockerfile's path,
 * the target stage, or the image's tag (`image: acme/app:develop`). */
static bool plain_build(struct build *b, const struct rc_compose_view *v,
                        const struct rc_compose_service *cs)
{
  if (rc_role_of_path(v->files[0]->path, NULL, 0) != RC_ROLE_PRODUCTION ||
      rc_role_of_path(cs->dockerfile, NULL, 0) != RC_ROLE_PRODUCTION ||
      (cs->target &&
       rc_role_of_path(cs->target, NULL, 0) != RC_ROLE_PRODUCTION))
    return false;
  if (!cs->image)
    return true;
  const char *slash = strrchr(cs->image, '/');
  const char *colon = strchr(slash ? slash : cs->image, ':');
  if (!colon)
    return true;
  char *tag = rc_arena_strndup(b->a, colon + 1, strcspn(colon + 1, "@"));
  return rc_role_of_path(tag, NULL, 0) == RC_ROLE_PRODUCTION;
}

/* A production service that runs an image by name that no build tags: the
 * Dockerfile a development compose view builds for it, which becomes a
 * production image (the stack deploys it). NULL when none or several. */
static struct rc_image *stack_image(struct build *b,
                                    const struct rc_compose_view *prod,
                                    const struct rc_compose_service *stack)
{
  struct rc_model *m = b->m;
  const char *repo = image_repo(b->a, stack->image);
  if (!repo || strchr(repo, '$') || rc_model_is_infra_image(repo))
    return NULL;
  struct rc_image *found = NULL;
  const struct rc_compose_service *by = NULL;
  const struct rc_compose_view *in = NULL;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v == prod || v->role == RC_ROLE_NONPROD)
      continue;
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *cs = &v->services[k];
      if (!cs->dockerfile || !builds_stack_image(b, repo, stack, cs) ||
          !plain_build(b, v, cs))
        continue;
      struct rc_image *im = find_image(m, cs->dockerfile, cs->target);
      if (!im || !im->df || (found && found != im))
        return NULL; /* two Dockerfiles: not ours to choose */
      found = im;
      by = cs;
      in = v;
    }
  }
  if (found && found->role != RC_ROLE_PRODUCTION) {
    found->role = RC_ROLE_PRODUCTION;
    found->why = rc_arena_printf(
        b->a, "built by compose service '%s' (%s) as the image %s runs",
        by->name, in->files[0]->path, prod->files[0]->path);
  }
  return found;
}

static void services_from_views(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *cs = &v->services[k];
      const struct rc_image *im =
          cs->dockerfile ? find_image(m, cs->dockerfile, cs->target)
                         : image_tagged(b, cs->image);
      if (!im && !cs->dockerfile)
        im = project_image(b, cs->image);
      if (!im && !cs->dockerfile && cs->image)
        im = stack_image(b, v, cs);
      const cJSON *cmd = rc_compose_get(cs, "command", NULL);
      const cJSON *ep = rc_compose_get(cs, "entrypoint", NULL);
      const char *command = command_text(b->a, ep ? ep : cmd);
      if (!command)
        command = image_command(b->a, im);
      /* context . with dockerfile apps/web/Dockerfile: the service is the
       * folder beside its Dockerfile, as for images built outside compose */
      const char *context = cs->context, *dockerfile = cs->dockerfile;
      if (!dockerfile && im) { /* the image CI builds from here */
        context = im->context;
        dockerfile = im->dockerfile;
      }
      const char *dir = context;
      if (dockerfile && context) {
        const char *dfdir = rc_path_dir(b->a, dockerfile);
        if (rc_path_within(dfdir, context) && *dfdir &&
            strcmp(dfdir, context) != 0)
          dir = dfdir;
      }
      if (service_named(m, cs->name, dir))
        continue; /* the same service in another production view */
      struct rc_service s = {
          .name = cs->name,
          .kind = RC_SERVICE_COMPOSE,
          .dir = dir,
          .context = context,
          .dockerfile = dockerfile,
          .image = cs->image,
          .built = im,
          .compose = cs,
          .view = v,
          .command = command,
          .why = rc_arena_printf(b->a, "compose service of %s",
                                 v->files[v->n_files - 1]->path),
          .at = cs->at,
      };
      add_service(b, &s);
    }
  }
}

static int any_entry(const struct rc_entry *e, void *arg)
{
  (void)e;
  (void)arg;
  return 1;
}

/* A folder holding a project of its own: a package manifest of any
 * stack the catalog knows. */
static bool has_manifest(const struct rc_model *m, struct rc_arena *a,
                         const char *dir)
{
  static const char *const names[] = {
      "package.json",     "go.mod",   "Cargo.toml",    "pyproject.toml",
      "requirements.txt", "setup.py", "pom.xml",       "build.gradle",
      "build.gradle.kts", "Gemfile",  "composer.json", "mix.exs",
      "deno.json",        NULL};
  for (size_t i = 0; names[i]; i++)
    if (rc_index_find(m->index, *dir
                                    ? rc_arena_printf(a, "%s/%s", dir, names[i])
                                    : names[i]))
      return true;
  return rc_index_glob(m->index,
                       *dir ? rc_arena_printf(a, "%s/*.csproj", dir)
                            : "*.csproj",
                       RC_ENTRY_FILE, any_entry, NULL) != 0;
}

/* A service is named for its folder; a folder named for a layout role
 * (src/cartservice/src, api/docker) names nothing, so its parent does. */
static const char *service_name_of_dir(struct rc_arena *a, const char *dir)
{
  static const char *const layout[] = {"src",    "source",    "app",
                                       "docker", ".docker",   "build",
                                       "deploy", "container", NULL};
  const char *name = rc_path_base(dir);
  for (size_t i = 0; layout[i]; i++)
    if (strcmp(name, layout[i]) == 0) {
      const char *parent = rc_path_dir(a, dir);
      return *parent ? rc_path_base(parent) : name;
    }
  return name;
}

/* script/Dockerfile and script/Dockerfile.mysql are two services of one
 * folder: the second is told apart by its Dockerfile's variant
 * ("script.mysql"), as `docker build -f` tells them apart. */
static const char *unique_service_name(const struct rc_model *m,
                                       struct rc_arena *a, const char *name,
                                       const char *dockerfile)
{
  bool taken = false;
  for (size_t k = 0; k < m->n_services && !taken; k++)
    taken = strcmp(m->services[k].name, name) == 0;
  if (!taken)
    return name;
  const char *base = rc_path_base(dockerfile);
  const char *dot = strchr(base, '.');
  if (strncasecmp(base, "Dockerfile", 10) == 0 && base[10] == '.')
    return rc_arena_printf(a, "%s.%s", name, base + 11);
  if (dot && strcasecmp(dot, ".Dockerfile") == 0)
    return rc_arena_printf(a, "%s.%.*s", name, (int)(dot - base), base);
  return name;
}

static void services_from_images(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->df)
      continue; /* a build of a missing file: entry_refs' to report */
    bool covered = false;
    for (size_t k = 0; k < m->n_services && !covered; k++)
      covered = m->services[k].dockerfile &&
                strcmp(m->services[k].dockerfile, im->dockerfile) == 0;
    if (covered)
      continue;
    /* A monorepo builds apps/web/Dockerfile from the root: the service
     * lives beside its Dockerfile, not at the context - unless the
     * Dockerfile's folder holds no project of its own (scripts/Dockerfile
     * built from the root: the code is the context's). */
    const char *dir = rc_path_dir(b->a, im->dockerfile);
    if (im->context && rc_path_within(dir, im->context) &&
        (*im->context || !has_manifest(m, b->a, dir)))
      dir = im->context;
    /* built from the root context: named for its Dockerfile's folder */
    const char *df_dir = rc_path_dir(b->a, im->dockerfile);
    const char *name = *dir      ? service_name_of_dir(b->a, dir)
                       : *df_dir ? service_name_of_dir(b->a, df_dir)
                                 : ".";
    name = unique_service_name(m, b->a, name, im->dockerfile);
    struct rc_service s = {
        .name = name,
        .kind = RC_SERVICE_IMAGE,
        .dir = dir,
        .context = im->context,
        .dockerfile = im->dockerfile,
        .built = im,
        .command = image_command(b->a, im),
        .why = im->why,
        .at = im->at,
    };
    add_service(b, &s);
  }
}

/* ---- app folders ----------------------------------------------------------
 */

static const struct rc_entry *file_in(const struct rc_model *m,
                                      struct rc_arena *a, const char *dir,
                                      const char *name)
{
  const char *p = *dir ? rc_arena_printf(a, "%s/%s", dir, name) : name;
  const struct rc_entry *e = rc_index_find(m->index, p);
  return e && e->kind == RC_ENTRY_FILE ? e : NULL;
}

static const char *platform_file(const struct rc_model *m, struct rc_arena *a,
                                 const char *dir)
{
  static const char *const files[] = {
      "Procfile",    "fly.toml",     "render.yaml",   "app.json",
      "heroku.yml",  "railway.json", "railway.toml",  "app.yaml",
      "vercel.json", "netlify.toml", "nixpacks.toml", NULL};
  for (size_t i = 0; files[i]; i++)
    if (file_in(m, a, dir, files[i]))
      return files[i];
  return NULL;
}

/* A developer tool's workspace (Storybook, a docs site) has a start script
 * that serves the tool, not the product. */
static bool tool_script(const char *s)
{
  static const char *const tools[] = {
      "storybook", "docusaurus", "vitepress", "mkdocs",     "docsify",
      "nextra",    "astro dev",  "jest",      "playwright", NULL};
  for (size_t i = 0; tools[i]; i++)
    if (strstr(s, tools[i]))
      return true;
  return false;
}

/* The script that `npm run X`, `yarn X` or `pnpm run X` names when that
 * is the whole command, or NULL. */
static const char *run_target(const cJSON *scripts, const char *cmd)
{
  static const char *const runners[] = {"npm run ", "yarn run ", "pnpm run ",
                                        "yarn ", NULL};
  for (size_t i = 0; runners[i]; i++) {
    size_t n = strlen(runners[i]);
    if (strncmp(cmd, runners[i], n) != 0 || strpbrk(cmd + n, " ;&|"))
      continue;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(scripts, cmd + n);
    return cJSON_IsString(t) ? t->valuestring : NULL;
  }
  return NULL;
}

/* A script that only bundles assets (Laravel Mix's `prod`, a webpack or
 * `vite build` run) makes files, not a running service. */
static bool build_only_script(const cJSON *scripts, const char *cmd)
{
  for (int depth = 0; cmd && depth < 4; depth++) {
    const char *next = run_target(scripts, cmd);
    if (!next) {
      if (strpbrk(cmd, ";&|") || strstr(cmd, "serve") ||
          strstr(cmd, "dev-server"))
        return false;
      return strstr(cmd, "webpack") || strstr(cmd, "laravel-mix") ||
             strncmp(cmd, "mix", 3) == 0 || strstr(cmd, "vite build");
    }
    cmd = next;
  }
  return false;
}

/* The start script of a package.json, or NULL. */
static const char *node_start(const struct rc_model *m, struct rc_arena *a,
                              const char *dir)
{
  const struct rc_entry *e = file_in(m, a, dir, "package.json");
  const char *data;
  size_t len;
  char err[256];
  if (!e || rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  struct rc_docs docs;
  if (rc_doc_cache_parse(rc_index_docs(m->index), &docs, data, len, e->path,
                         RC_DOC_JSON, err, sizeof(err)) != 0)
    return NULL;
  const char *found = NULL;
  const cJSON *scripts =
      docs.n ? cJSON_GetObjectItemCaseSensitive(docs.docs[0], "scripts") : NULL;
  static const char *const names[] = {"start", "start:prod", "serve", "prod",
                                      NULL};
  for (size_t i = 0; names[i] && !found; i++) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(scripts, names[i]);
    if (cJSON_IsString(s) && !tool_script(s->valuestring) &&
        !build_only_script(scripts, s->valuestring))
      found = rc_arena_printf(a, "npm run %s (%s)", names[i], s->valuestring);
  }
  rc_docs_release(&docs);
  return found;
}

/* What shows that a folder runs as a service of its own; NULL if nothing. */
static const char *start_evidence(const struct rc_model *m, struct rc_arena *a,
                                  const char *dir)
{
  const char *p = platform_file(m, a, dir);
  if (p)
    return rc_arena_printf(a, "has %s", p);
  const char *start = node_start(m, a, dir);
  if (start)
    return start;
  if (file_in(m, a, dir, "manage.py"))
    return "has manage.py";
  /* A Django project package (hc/wsgi.py) or a Go main in a subfolder is
   * part of the application around it, unless the folder is a project of
   * its own. */
  static const char *const files[] = {"wsgi.py", "asgi.py", "main.go",
                                      "config.ru", NULL};
  static const char *const manifests[] = {
      "pyproject.toml", "requirements.txt", "setup.py", "Pipfile",
      "go.mod",         "Gemfile",          NULL};
  bool own = !*dir;
  for (size_t i = 0; manifests[i] && !own; i++)
    own = file_in(m, a, dir, manifests[i]) != NULL;
  for (size_t i = 0; own && files[i]; i++)
    if (file_in(m, a, dir, files[i]))
      return rc_arena_printf(a, "has %s", files[i]);
  return NULL;
}

static void consider_folder(struct build *b, const char *dir)
{
  struct rc_model *m = b->m;
  if (service_with_dir(m, dir) ||
      rc_role_of_path(rc_arena_printf(b->a, "%s/x", dir), NULL, 0) !=
          RC_ROLE_PRODUCTION)
    return;
  const char *why = start_evidence(m, b->a, dir);
  if (!why)
    return;
  const char *df = rc_arena_printf(b->a, "%s/Dockerfile", dir);
  struct rc_service s = {
      .name = rc_path_base(dir),
      .kind = RC_SERVICE_APP,
      .dir = dir,
      .dockerfile = rc_index_find(m->index, df) ? df : NULL,
      .why = why,
      .at = {dir, 0},
  };
  add_service(b, &s);
}

/* apps/x, services/x and packages/x folders, and top-level folders; only
 * a start script or platform file makes one a service (a library in
 * packages/ has neither). */
static void services_from_folders(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < rc_index_count(m->index); i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_DIR || e->path[0] == '.')
      continue;
    const char *slash = strchr(e->path, '/');
    bool top = !slash;
    bool grouped = slash && !strchr(slash + 1, '/') &&
                   (strncmp(e->path, "apps/", 5) == 0 ||
                    strncmp(e->path, "services/", 9) == 0 ||
                    strncmp(e->path, "packages/", 9) == 0);
    if (top || grouped)
      consider_folder(b, e->path);
  }
  if (m->n_services == 0) {
    const char *why = start_evidence(m, b->a, "");
    if (why) {
      struct rc_service s = {.name = ".",
                             .kind = RC_SERVICE_APP,
                             .dir = "",
                             .dockerfile = rc_index_find(m->index, "Dockerfile")
                                               ? "Dockerfile"
                                               : NULL,
                             .why = why,
                             .at = {"", 0}};
      add_service(b, &s);
    }
  }
}

/* ---- files services use -------------------------------------------------- */

/* A bind mount of path, or (by_folder) of a folder holding it. */
static bool mounts_path(const struct rc_model *m,
                        const struct rc_compose_service *cs, const char *path,
                        bool by_folder)
{
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(cs, m->arena, &mounts);
  for (size_t i = 0; i < n; i++)
    if ((mounts[i].bind && mounts[i].path && *mounts[i].path &&
         (by_folder ? rc_path_within(path, mounts[i].path)
                    : strcmp(path, mounts[i].path) == 0)) ||
        (mounts[i].path_any && rc_glob_match(mounts[i].path_any, path)))
      return true;
  return false;
}

/* A COPY/ADD source as a path in the build context: Docker reads every
 * source there, a leading slash included (`COPY /files/nginx.key
 * /etc/ssl/` copies the context's files/nginx.key). */
static const char *context_rel(const char *src)
{
  while (*src == '/')
    src++;
  return *src ? src : ".";
}

/* A COPY/ADD source naming path (or a folder above it) in the context;
 * `COPY . .` and --from copies name nothing in particular. */
static bool copies_path(const struct rc_model *m, const struct rc_image *im,
                        const char *path, bool by_folder)
{
  const struct rc_dockerfile *df = im->df;
  const char *ctx = im->context ? im->context : rc_path_dir(m->arena, df->path);
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    char *copy = rc_arena_strdup(m->arena, in->args);
    const char *words[64];
    size_t nw = 0;
    for (char *save = NULL, *w = strtok_r(copy, " \t[],\"", &save);
         w && nw < 64; w = strtok_r(NULL, " \t[],\"", &save))
      if (w[0] != '-')
        words[nw++] = w;
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *src = rc_path_join(m->arena, ctx, context_rel(words[k]));
      if (src && *src && strcmp(src, ctx) != 0 && !strchr(words[k], '*') &&
          (by_folder ? rc_path_within(path, src) : strcmp(path, src) == 0))
        return true;
    }
  }
  return false;
}

static const struct rc_service *user_of(const struct rc_model *m,
                                        const char *path, bool by_folder)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && mounts_path(m, s->compose, path, by_folder))
      return s;
    if (s->built && s->built->df && copies_path(m, s->built, path, by_folder))
      return s;
  }
  return NULL;
}

const struct rc_service *rc_model_user_of(const struct rc_model *m,
                                          const char *path)
{
  return user_of(m, path, true);
}

const struct rc_service *rc_model_user_naming(const struct rc_model *m,
                                              const char *path)
{
  return user_of(m, path, false);
}

/* ---- files an image ships through a build stage ---------------------------
 */

/* The words of a COPY/ADD that are not flags: sources, then the
 * destination. Returns how many (at most max). */
static size_t copy_words(struct rc_arena *a, const char *args,
                         const char **words, size_t max)
{
  char *copy = rc_arena_strdup(a, args);
  size_t nw = 0;
  for (char *save = NULL, *w = strtok_r(copy, " \t[],\"", &save); w && nw < max;
       w = strtok_r(NULL, " \t[],\"", &save))
    if (w[0] != '-')
      words[nw++] = w;
  return nw;
}

/* The --from= stage a COPY names, or NULL. */
static const char *copy_from(struct rc_arena *a, const char *args)
{
  const char *p = strstr(args, "--from=");
  if (!p)
    return NULL;
  p += strlen("--from=");
  return rc_arena_strndup(a, p, strcspn(p, " \t"));
}

/* A path inside a stage's file system, "/" and "." segments folded and
 * no leading slash ("" is the root); NULL when it holds a variable. */
static const char *stage_path(struct rc_arena *a, const char *workdir,
                              const char *p)
{
  if (strchr(p, '$') || strchr(p, '*') || strchr(p, '?'))
    return NULL;
  return p[0] == '/' ? rc_path_join(a, "", p + 1) : rc_path_join(a, workdir, p);
}

/* Whether stage st of df holds the repository file path at abs (a path
 * in its file system): a COPY/ADD of the build context put it, or a
 * folder holding it, there. */
static bool stage_holds(const struct rc_model *m,
                        const struct rc_dockerfile *df, size_t st,
                        const char *ctx, const char *abs, const char *path)
{
  const char *workdir = "";
  for (size_t i = df->st[st].first; i < df->st[st].end && i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (strcmp(in->kw, "WORKDIR") == 0) {
      const char *w = stage_path(m->arena, workdir, in->args);
      workdir = w ? w : workdir;
      continue;
    }
    if (!rc_df_copies_context(in))
      continue;
    const char *words[64];
    size_t nw = copy_words(m->arena, in->args, words, 64);
    const char *dest =
        nw > 1 ? stage_path(m->arena, workdir, words[nw - 1]) : NULL;
    if (!dest || !rc_path_within(abs, dest))
      continue;
    const char *rest = abs + strlen(dest);
    rest += *rest == '/';
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *src = rc_path_join(m->arena, ctx, context_rel(words[k]));
      if (!src || strchr(words[k], '*'))
        continue;
      /* `COPY . /src`, `COPY conf /src/conf`: the folder's file at rest;
       * `COPY default.pem /src/`: the file itself under its name */
      const char *held = *rest ? rc_path_join(m->arena, src, rest) : src;
      if (held && rc_path_within(path, held))
        return true;
      if (strcmp(rest, rc_path_base(src)) == 0 && strcmp(path, src) == 0)
        return true;
    }
  }
  return false;
}

/* The built stage copies path from an earlier stage that took it from
 * the context (`COPY . /src` in a build stage, then `COPY --from=build
 * /src/default.pem /app/`). */
static bool ships_from_stage(const struct rc_model *m,
                             const struct rc_image *im, const char *path)
{
  const struct rc_dockerfile *df = im->df;
  if (!df || !df->ns)
    return false;
  size_t st = im->stage >= 0 && (size_t)im->stage < df->ns ? (size_t)im->stage
                                                           : df->ns - 1;
  const char *ctx = im->context ? im->context : rc_path_dir(m->arena, df->path);
  for (size_t i = df->st[st].first; i < df->st[st].end && i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    const char *from;
    if (!rc_df_is_copy(in) || !(from = copy_from(m->arena, in->args)))
      continue;
    long src_st = rc_dockerfile_stage_ref(df, st, from);
    if (src_st < 0)
      continue;
    const char *words[64];
    size_t nw = copy_words(m->arena, in->args, words, 64);
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *abs = stage_path(m->arena, "", words[k]);
      if (abs && *abs && stage_holds(m, df, (size_t)src_st, ctx, abs, path))
        return true;
    }
  }
  return false;
}

/* The built stage, or a stage it starts FROM, copies path (or a folder
 * holding it) from the context. A build stage's copies stay behind: only
 * what the last stage takes from it ships (ships_from_stage). */
static bool stage_copies(const struct rc_model *m, const struct rc_image *im,
                         const char *path)
{
  const struct rc_dockerfile *df = im->df;
  if (!df || !df->ns)
    return false;
  long st = im->stage >= 0 && (size_t)im->stage < df->ns ? im->stage
                                                         : (long)df->ns - 1;
  const char *ctx = im->context ? im->context : rc_path_dir(m->arena, df->path);
  for (; st >= 0;
       st = rc_dockerfile_stage_ref(df, (size_t)st, df->st[st].image))
    for (size_t i = df->st[st].first; i < df->st[st].end && i < df->n; i++) {
      const struct rc_df_instr *in = &df->in[i];
      if (!rc_df_copies_context(in))
        continue;
      const char *words[64];
      size_t nw = copy_words(m->arena, in->args, words, 64);
      for (size_t k = 0; k + 1 < nw; k++) {
        const char *src = rc_path_join(m->arena, ctx, context_rel(words[k]));
        if (src && *src && strcmp(src, ctx) != 0 && !strchr(words[k], '*') &&
            rc_path_within(path, src))
          return true;
      }
    }
  return false;
}

const struct rc_service *rc_model_ships(const struct rc_model *m,
                                        const char *path)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && mounts_path(m, s->compose, path, true))
      return s;
    if (s->built && s->built->df &&
        (stage_copies(m, s->built, path) ||
         ships_from_stage(m, s->built, path)))
      return s;
  }
  return NULL;
}

/* ---- deployment files themselves ------------------------------------------
 */

struct env_file_hit {
  const struct rc_model *m;
  const char *project, *path;
  bool hit;
};

static void env_file_is(struct env_file_hit *h, const char *file)
{
  const char *f = rc_path_join(h->m->arena, h->project ? h->project : "", file);
  h->hit = h->hit || (f && strcmp(f, h->path) == 0);
}

static void on_env_file(const cJSON *item, const struct rc_where *at, void *arg)
{
  (void)at;
  const cJSON *p =
      cJSON_IsObject(item) ? cJSON_GetObjectItem(item, "path") : item;
  if (cJSON_IsString(p))
    env_file_is(arg, p->valuestring);
}

/* A top-level `secrets:` or `configs:` entry of compose file f whose
 * `file:` is path or a folder holding it: Compose mounts it into the
 * services that name it (/run/secrets/NAME). */
static bool compose_secret_file(const struct rc_model *m,
                                const struct rc_compose_file *f,
                                const char *path)
{
  static const char *const keys[] = {"secrets", "configs", NULL};
  for (size_t i = 0; f->root && keys[i]; i++) {
    const cJSON *top = cJSON_GetObjectItem(f->root, keys[i]), *it;
    cJSON_ArrayForEach(it, top)
    {
      const cJSON *file = cJSON_GetObjectItem(it, "file");
      const char *src = cJSON_IsString(file)
                            ? rc_path_join(m->arena, f->dir, file->valuestring)
                            : NULL;
      if (src && *src && rc_path_within(path, src))
        return true;
    }
  }
  return false;
}

/* path is a production compose file, the .env beside it (Compose reads
 * it for every `${VAR}`), or an env_file a production service loads. */
static const char *compose_holds(const struct rc_model *m, const char *path)
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t k = 0; k < v->n_files; k++) {
      const struct rc_compose_file *f = v->files[k];
      if (strcmp(f->path, path) == 0)
        return rc_arena_printf(m->arena,
                               "it is written in the production "
                               "compose file '%s'",
                               f->path);
      if (compose_secret_file(m, f, path))
        return rc_arena_printf(m->arena,
                               "the production compose file '%s' mounts it "
                               "as a secret or config",
                               f->path);
      const char *env = rc_path_join(m->arena, f->dir, ".env");
      if (env && strcmp(env, path) == 0)
        return rc_arena_printf(m->arena,
                               "it is in the .env the production compose "
                               "file '%s' reads",
                               f->path);
    }
    for (size_t k = 0; k < v->n_services; k++) {
      struct env_file_hit h = {m, v->services[k].project, path, false};
      rc_compose_each(&v->services[k], "env_file", on_env_file, &h);
      /* `env_file: api.env`, one file written as a string */
      const char *one = rc_compose_str(&v->services[k], "env_file", NULL);
      if (one)
        env_file_is(&h, one);
      if (h.hit)
        return rc_arena_printf(m->arena,
                               "production compose service '%s' loads it as "
                               "an env_file",
                               v->services[k].name);
    }
  }
  return NULL;
}

const char *rc_model_deploy_file(const struct rc_model *m, const char *path)
{
  const char *why = compose_holds(m, path);
  if (why)
    return why;
  for (size_t i = 0; i < m->n_images; i++)
    if (m->images[i].role == RC_ROLE_PRODUCTION && m->images[i].dockerfile &&
        strcmp(m->images[i].dockerfile, path) == 0)
      return rc_arena_printf(
          m->arena, "it is written in the production Dockerfile '%s'", path);
  /* a manifest (a Secret with the key inline) that a production
   * kustomization or `kubectl apply` applies as written; not a chart's
   * values, which a template uses only when its conditions say so */
  bool manifest = false;
  for (size_t i = 0; i < m->k8s.n_docs && !manifest; i++)
    manifest = !m->k8s.docs[i].templated && m->k8s.docs[i].path &&
               strcmp(m->k8s.docs[i].path, path) == 0;
  for (size_t i = 0; manifest && i < m->k8s.n_entries; i++) {
    const struct rc_k8s_entry *e = &m->k8s.entries[i];
    if (e->role == RC_ROLE_PRODUCTION && e->kind != RC_K8S_CHART && e->path &&
        rc_path_within(path, e->path))
      return rc_arena_printf(m->arena,
                             "it is in a manifest under '%s', which the "
                             "deployment applies to Kubernetes (%s)",
                             e->path, e->why ? e->why : "production");
  }
  return NULL;
}

/* Views are built from every compose file, so a development stack's
 * services are there even though no rc_service was made of them. */
const struct rc_compose_view *rc_model_nonprod_user_of(const struct rc_model *m,
                                                       const char *path)
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role == RC_ROLE_PRODUCTION)
      continue;
    for (size_t k = 0; k < v->n_services; k++)
      if (mounts_path(m, &v->services[k], path, true))
        return v;
  }
  return NULL;
}

/* A database image runs what lands in /docker-entrypoint-initdb.d once, on
 * an empty data folder: a file mounted there is the stack's seed data,
 * shipped on purpose, whatever compose file (production or development)
 * mounts it. */
static bool seeds_path(const struct rc_model *m,
                       const struct rc_compose_service *cs, const char *path)
{
  static const char initdb[] = "/docker-entrypoint-initdb.d";
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(cs, m->arena, &mounts);
  for (size_t i = 0; i < n; i++)
    if (mounts[i].bind && mounts[i].path && *mounts[i].path &&
        mounts[i].target &&
        strncmp(mounts[i].target, initdb, sizeof(initdb) - 1) == 0 &&
        rc_path_within(path, mounts[i].path))
      return true;
  return false;
}

const struct rc_compose_view *rc_model_seed_user_of(const struct rc_model *m,
                                                    const char *path)
{
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_services; k++)
      if (seeds_path(m, &m->views[i].services[k], path))
        return &m->views[i];
  return NULL;
}

/* ---- lifetime ---------------------------------------------------------------
 */

struct rc_model *rc_model_new(struct rc_index *idx)
{
  struct rc_model *m = rc_xcalloc(1, sizeof(*m));
  m->arena = rc_arena_new();
  m->index = idx;
  rc_k8s_prefetch(m); /* the manifests parse meanwhile, on other threads */
  struct build b = {.m = m, .a = m->arena};
  find_collections(&b);
  rc_entries_scan(&m->entries, idx, m->arena);
  collect(&b);
  free(b.chained);
  contributed_setups(&b);
  build_views(&b);
  rc_buildvars_resolve(m);
  named_dockerfiles(&b);
  build_images(&b);
  services_from_views(&b);
  services_from_images(&b);
  services_from_folders(&b);
  index_images(m);
  rc_k8s_build(m);
  rc_reach_build(m);
  rc_pyreach_build(m);
  rc_goreach_build(m);
  rc_settings_build(m);
  return m;
}

void rc_model_free(struct rc_model *m)
{
  if (!m)
    return;
  for (size_t i = 0; i < m->n_compose; i++)
    rc_compose_file_release(&m->compose[i]);
  for (size_t i = 0; i < m->n_extra_compose; i++)
    rc_compose_file_release(m->extra_compose[i]);
  free(m->extra_compose);
  for (size_t i = 0; i < m->n_dockerfiles; i++)
    rc_dockerfile_release(&m->dockerfiles[i]);
  free(m->compose);
  free(m->dockerfiles);
  free(m->views);
  free(m->images);
  free(m->images_by_df);
  free(m->services);
  free(m->collections);
  rc_reach_release(m);
  rc_settings_release(m);
  rc_k8s_release(&m->k8s);
  rc_entries_release(&m->entries);
  rc_arena_free(m->arena);
  free(m);
}
