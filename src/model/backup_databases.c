/*
 * backup_databases.c - the databases production runs: production compose
 * services and long-running Kubernetes containers whose image is a
 * database engine. A container that runs a database image only for its
 * client tools (pg_dump, a backup script, a sleep loop, cron) holds no
 * data, so it is not a database that needs a backup.
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/backup.h"
#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"

#include "backup_parts.h"

/* Client tools a sidecar runs from a database image. */
static const char *const clients[] = {"psql", "mysql", "mariadb", "mongosh",
                                      NULL};

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
bool bk_dump_command(const char *cmd)
{
  if (!cmd || !*cmd)
    return false;
  size_t n = strlen(cmd);
  for (size_t i = 0; bk_tools[i].name; i++)
    if (bk_has_word(cmd, n, bk_tools[i].name))
      return true;
  for (size_t i = 0; clients[i]; i++)
    if (bk_has_word(cmd, n, clients[i]))
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
  return bk_dump_command(cmd) || bk_has_word(cmd, n, "sleep") ||
         bk_has_word(cmd, n, "crond") || bk_has_word(cmd, n, "cron");
}

const char *bk_compose_command(const struct rc_compose_service *s,
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
      if (!engine || s->optional || tool_command(bk_compose_command(s, b)))
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
