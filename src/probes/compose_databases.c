/*
 * compose_databases.c - db_named_volume and db_not_public: a database's
 * data in a named volume, and its published ports - where they listen,
 * whether an overlay replaces them, and whether a service of the stack
 * reaches the database over the compose network or its clients are
 * outside.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/execform.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/installer.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/submodule.h"
#include "readycheck/role.h"
#include "readycheck/shellwords.h"

#include "compose_probe.h"

/* A path with a folder named data (/usr/share/elasticsearch/data). */
static bool has_data_segment(const char *path)
{
  for (const char *p = strstr(path, "/data"); p; p = strstr(p + 1, "/data"))
    if (p[5] == '\0' || p[5] == '/')
      return true;
  return false;
}

static bool data_mount(struct run *r, const struct rc_compose_service *s)
{
  static const char *const not_data[] = {
      "/docker-entrypoint", "/etc/", "/usr/local/etc/", "/tmp", "/run",
      "/usr/share/",        NULL};
  struct rc_mount *m;
  size_t n = rc_compose_mounts(s, r->a, &m);
  for (size_t i = 0; i < n; i++) {
    if (!m[i].source || !m[i].target || compose_file_like(m[i].target) ||
        (m[i].bind && compose_file_like(m[i].source)))
      continue; /* a configuration or init file, not the data */
    bool data = true;
    for (size_t k = 0; not_data[k] && data; k++)
      data = strncmp(m[i].target, not_data[k], strlen(not_data[k])) != 0;
    /* Elasticsearch and OpenSearch keep their data under /usr/share */
    if (data || has_data_segment(m[i].target))
      return true;
  }
  return false;
}

/* The service named by a `volumes_from` entry ("data", "data:ro"; not
 * "container:id", a container outside the project), or NULL. */
static const struct rc_compose_service *
volumes_from_service(const struct run *r, const char *entry)
{
  if (!entry || strncmp(entry, "container:", 10) == 0)
    return NULL;
  size_t n = strcspn(entry, ":");
  for (size_t i = 0; i < r->view->n_services; i++) {
    const char *name = r->view->services[i].name;
    if (strlen(name) == n && strncmp(name, entry, n) == 0)
      return &r->view->services[i];
  }
  return NULL;
}

/* The data lives in the service's own mounts or in those of a service it
 * takes them from (`volumes_from: [mysqldata]`, the data-only container
 * pattern): that container's named volume or host folder is the store. */
void compose_req_db_volume(struct run *r, const struct rc_compose_service *s)
{
  if (data_mount(r, s))
    return;
  const cJSON *from = rc_compose_get(s, "volumes_from", NULL);
  if (!cJSON_IsArray(from))
    from = NULL;
  const cJSON *e;
  cJSON_ArrayForEach(e, from) {
    const struct rc_compose_service *d =
        volumes_from_service(r, compose_str(e));
    if (d && d != s && data_mount(r, d))
      return;
  }
  compose_problem(
      r, s, NULL,
      "database without a named volume or host folder for its data");
}

/* ---- ports ------------------------------------------------------------------
 */

/* What the file alone tells of a published database port: it listens on
 * every interface of the host, and Docker's rules bypass a host firewall
 * such as ufw; whether the network in front of the host (a cloud security
 * group, a NAT router) lets anyone reach it, it does not tell. */
static const char reach[] =
    " (Docker's rules bypass ufw; who can reach it depends on the network in "
    "front of the host)";

/* The colons of a short-syntax port that separate its parts, not those of
 * a variable in it (`${DB_PORT:-5432}:5432`): how many, and where the first
 * is. */
static size_t port_colons(const char *spec, size_t *first)
{
  size_t n = 0, depth = 0;
  *first = strlen(spec);
  for (size_t i = 0; spec[i]; i++) {
    if (spec[i] == '$' && spec[i + 1] == '{') {
      depth++;
      i++;
    } else if (spec[i] == '}' && depth) {
      depth--;
    } else if (spec[i] == ':' && !depth) {
      if (!n)
        *first = i;
      n++;
    }
  }
  return n;
}

/* The host address a port binds, written as a variable (`${BIND:-127.0.0.1}`):
 * its default into ip, or false when it has none (the operator's). */
static bool address_default(const char *var, size_t n, char *ip, size_t cap)
{
  const char *dash = memchr(var, '-', n);
  if (n < 4 || strncmp(var, "${", 2) != 0 || var[n - 1] != '}' || !dash)
    return false;
  const char *from = dash + 1, *to = var + n - 1;
  if ((size_t)(to - from) >= cap || memchr(from, '$', (size_t)(to - from)))
    return false;
  memcpy(ip, from, (size_t)(to - from));
  ip[to - from] = '\0';
  return true;
}

/* The host part of a port written as one variable whose default holds
 * the address too (`${DB_EXPOSE:-127.0.0.1:5432}:5432`): the address
 * into ip. False when the default is a port alone, or there is none:
 * Docker then listens on every interface, whatever port it is given. */
static bool host_part_default(const char *var, size_t n, char *ip, size_t cap)
{
  if (!address_default(var, n, ip, cap))
    return false;
  char *colon = strrchr(ip, ':');
  if (!colon || colon == ip || (ip[0] == '[' && colon[-1] != ']'))
    return false;
  *colon = '\0';
  return true;
}

/* A short-syntax port: "[ip:][host:]container[/proto]". NULL when it does
 * not listen on every interface, or when a variable decides the address
 * (`${DB_PORTS}`, `${BIND}:5432:5432`), else why it does. `tail` ends the
 * sentence. */
static const char *public_port(struct rc_arena *a, const char *spec,
                               const char *what, const char *tail)
{
  char ip[64] = "";
  size_t first;
  size_t colons = port_colons(spec, &first);
  if (spec[0] == '[') { /* [::1]:5432:5432 */
    const char *close = strchr(spec, ']');
    size_t n = close ? (size_t)(close - spec + 1) : 0;
    if (!close || n >= sizeof(ip) || close[1] != ':')
      return NULL;
    memcpy(ip, spec, n);
    ip[n] = '\0';
  } else if (colons == 0) {
    if (strchr(spec, '$'))
      return NULL; /* the whole mapping is the operator's */
    return rc_arena_printf(a,
                           "'%s' publishes the %s on a random host "
                           "port on all of the host's interfaces%s",
                           spec, what, tail);
  } else if (colons == 1 && spec[0] == '$') {
    if (!host_part_default(spec, first, ip, sizeof(ip)))
      ip[0] = '\0';
  } else if (colons >= 2) {
    if (first >= sizeof(ip))
      return NULL;
    if (spec[0] == '$') {
      if (!address_default(spec, first, ip, sizeof(ip)))
        return NULL;
    } else {
      memcpy(ip, spec, first);
      ip[first] = '\0';
    }
  }
  if (!*ip || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "[::]") == 0)
    return rc_arena_printf(
        a, "'%s' publishes the %s on all of the host's interfaces%s", spec,
        what, tail);
  return NULL;
}

struct port_walk {
  struct run *r;
  const struct rc_compose_service *s;
  const char *tail; /* who else uses the database, and the caveat */
};

static void on_port(const cJSON *p, const struct rc_where *at, void *arg)
{
  struct port_walk *w = arg;
  const char *why = NULL;
  /* a broker's ports carry its queues and management UI, not a database */
  const char *what =
      compose_is_broker(w->s->image) ? "message broker" : "database";
  if (cJSON_IsObject(p)) {
    const char *ip = compose_str(compose_get(p, "host_ip"));
    if (compose_get(p, "published") &&
        (!ip || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0))
      why = rc_arena_printf(w->r->a,
                            "a published port without host_ip publishes the "
                            "%s on all of the host's interfaces%s",
                            what, w->tail);
  } else {
    char num[64];
    const char *spec = rc_doc_scalar_text(p, num, sizeof(num));
    why = spec ? public_port(w->r->a, spec, what, w->tail) : NULL;
  }
  if (why)
    compose_problem(w->r, w->s, at, "%s", why);
}

/* ---- who reaches a database over the compose network ---------------------
 */

static bool host_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* text names host `name` as a whole word (`db` in `postgres://u@db:5432`,
 * `DB_HOST=db`, `${DB_HOST:-db}`; not in `mydb`, `db_name` or `db-1`). */
static bool names_host(const char *text, const char *name)
{
  size_t n = name ? strlen(name) : 0;
  if (!text || !n)
    return false;
  for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
    const char *e = p + n;
    bool before =
        p == text || (!host_char(p[-1]) &&
                      !(p[-1] == '-' && p - 1 > text && host_char(p[-2])));
    bool after = !host_char(*e) && !(*e == '-' && host_char(e[1]));
    if (before && after)
      return true;
  }
  return false;
}

/* The names another container reaches the database by: the service name,
 * its container_name and hostname. */
struct client_walk {
  const char *names[3];
  bool hit;
  bool unread; /* a server address the operator supplies */
};

static bool names_any(const struct client_walk *w, const char *text)
{
  for (size_t i = 0; i < 3; i++)
    if (names_host(text, w->names[i]))
      return true;
  return false;
}

/* A variable with no default in value (`$DB_HOST`, `${DB_URL:?}`): the
 * operator supplies it. `${SEARXNG_HOSTNAME:-localhost}` has one: the file
 * says what it is unless someone changes it. */
static bool variable_without_default(const char *value)
{
  for (const char *p = strchr(value, '$'); p; p = strchr(p + 1, '$')) {
    if (p[1] != '{')
      return true;
    const char *op = p + 2 + strcspn(p + 2, ":-?}");
    if (*op == ':')
      op++;
    if (*op != '-')
      return true;
  }
  return false;
}

/* An environment entry that points at a server and whose value the
 * operator supplies (`DATABASE_URL: ${DATABASE_URL:?}`, `DB_HOST=$DB_HOST`):
 * it may name the database; the file does not say. */
static bool server_from_variable(const char *name, const char *value)
{
  static const char *const words[] = {
      "host",   "url",      "uri",        "dsn",   "addr",
      "server", "database", "db",         "redis", "postgres",
      "mysql",  "mongo",    "elastic",    "amqp",  "broker",
      "rabbit", "cache",    "clickhouse", NULL};
  return name && value && variable_without_default(value) &&
         rc_str_find_any_ci(name, words);
}

static void on_client_env(const char *name, const char *value,
                          const struct rc_where *at, void *arg)
{
  (void)at;
  struct client_walk *w = arg;
  w->hit = w->hit || names_any(w, value);
  w->unread = w->unread || server_from_variable(name, value);
}

/* A console or exporter for the database (adminer, pgAdmin, a metrics
 * exporter): it reaches the database, but the application does not run in
 * it. */
static bool database_console(const struct rc_compose_service *c)
{
  static const char *const tools[] = {"adminer",         "pgadmin",
                                      "phpmyadmin",      "mongo-express",
                                      "redis-commander", "redisinsight",
                                      "exporter",        "dbgate",
                                      "cloudbeaver",     NULL};
  return !c->context && c->image && rc_str_find_any_ci(c->image, tools);
}

static bool names_in(const struct client_walk *w, const cJSON *node)
{
  if (cJSON_IsString(node))
    return names_any(w, node->valuestring);
  const cJSON *item;
  cJSON_ArrayForEach(item, node) {
    if ((item->string && names_any(w, item->string)) || names_in(w, item))
      return true;
  }
  return false;
}

/* One of the service's layers is written in file f. */
static bool written_in(const struct rc_compose_service *c,
                       const struct rc_compose_file *f)
{
  for (size_t i = 0; i < c->n_layers; i++)
    if (c->layers[i].file == f)
      return true;
  return false;
}

/* Another service of the view - of file `in` when not NULL - reaches the
 * database over the compose network: it depends on it, links to it, or
 * names it as a host in its environment, command or entrypoint; *unread is
 * set when the only sign is configuration the file does not hold (an
 * env_file, a server address from a variable), which in a stack usually
 * names the database. */
static const struct rc_compose_service *
stack_client(const struct run *r, const struct rc_compose_service *db,
             const struct rc_compose_file *in, bool *unread)
{
  struct client_walk w = {{db->name, rc_compose_str(db, "container_name", NULL),
                           rc_compose_str(db, "hostname", NULL)},
                          false,
                          false};
  const struct rc_compose_service *maybe = NULL;
  *unread = false;
  for (size_t i = 0; i < r->view->n_services; i++) {
    const struct rc_compose_service *c = &r->view->services[i];
    if (c == db || database_console(c) || (in && !written_in(c, in)))
      continue;
    w.hit = names_in(&w, rc_compose_get(c, "depends_on", NULL)) ||
            names_in(&w, rc_compose_get(c, "links", NULL)) ||
            names_in(&w, rc_compose_get(c, "command", NULL)) ||
            names_in(&w, rc_compose_get(c, "entrypoint", NULL));
    w.unread = false;
    if (!w.hit)
      rc_compose_env(c, on_client_env, &w);
    if (w.hit)
      return c;
    if (!maybe && (w.unread || rc_compose_get(c, "env_file", NULL)))
      maybe = c;
  }
  *unread = maybe != NULL;
  return maybe;
}

/* The service's files declare network name `internal: true` (the topmost
 * declaration wins, as Compose merges them). */
static bool internal_network(const struct rc_compose_service *s,
                             const char *name)
{
  for (size_t i = s->n_layers; i > 0; i--) {
    const cJSON *net =
        compose_get(compose_get(s->layers[i - 1].file->root, "networks"), name);
    if (net)
      return cJSON_IsTrue(compose_get(net, "internal"));
  }
  return false;
}

/* Every network the service joins is internal: Docker publishes no port
 * of a container attached only to internal networks (they have no route
 * off the host), so its `ports:` reach nobody. A service that names no
 * network joins `default`, which may be declared internal too. */
static bool only_internal_networks(const struct rc_compose_service *s)
{
  bool named = false;
  for (size_t i = 0; i < s->n_layers; i++) {
    const cJSON *nets = compose_get(s->layers[i].node, "networks");
    if (!cJSON_IsArray(nets) && !cJSON_IsObject(nets))
      continue;
    const cJSON *n;
    cJSON_ArrayForEach(n, nets) {
      const char *name = cJSON_IsArray(nets) ? compose_str(n) : n->string;
      if (!name || !internal_network(s, name))
        return false;
      named = true;
    }
  }
  return named || internal_network(s, "default");
}

/* The text of line `line` (1-based) of path: its start, and its length in
 * *n; NULL when unreadable. */
const char *compose_file_line(struct run *r, const char *path, unsigned line,
                              size_t *n)
{
  const char *data;
  size_t len;
  char err[256];
  if (!line || rc_index_read_path(r->ctx->index, path, &data, &len, err,
                                  sizeof(err)) != 0)
    return NULL;
  const char *p = data, *end = data + len;
  for (unsigned k = 1; k < line && p < end; k++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *n = (size_t)((nl ? nl : end) - p);
  return p < end ? p : NULL;
}

/* The layer's `ports:` is tagged `!reset` or `!override`: Compose then
 * drops the ports of the files below it instead of adding to them (a
 * production overlay that takes away or rebinds the base's database
 * port). The parsed tree has no tags; the key's line has. */
static bool ports_replaced(struct run *r, const struct rc_compose_layer *l)
{
  const cJSON *ports = compose_get(l->node, "ports");
  if (!ports)
    return false;
  size_t n = 0;
  const char *text = compose_file_line(r, l->file->path,
                                       rc_docs_line(&l->file->docs, ports), &n);
  if (!text)
    return false;
  char buf[256];
  snprintf(buf, sizeof(buf), "%.*s", (int)(n < 255 ? n : 255), text);
  const char *key = strstr(buf, "ports");
  return key && (strstr(key, "!reset") || strstr(key, "!override"));
}

/* f is a file the view's chain `include:`s, not one of the chain's. */
static bool included(const struct rc_compose_view *v,
                     const struct rc_compose_file *f)
{
  for (size_t i = v->n_chained; f && i < v->n_files; i++)
    if (v->files[i] == f)
      return true;
  return false;
}

/* How the port's file and the view use the database: a client in the
 * stack (stack), none anywhere (outside), or, for a file the stack
 * includes whole, clients only outside that file - a dependencies file
 * written for an app run on the host (its own services reach nothing),
 * which another file includes and adds the app to: the port is what that
 * file is for, carried into the stack as written (outside too: on the dev
 * corpus 0 true, 6 debatable, 3 false as WARNs). An overlay that adds or
 * keeps a port chooses it for the stack: stack. The sentence's tail says
 * which. */
static bool port_tail(struct run *r, const struct rc_compose_service *s,
                      const struct rc_compose_service *client, bool unread,
                      const struct rc_compose_file *f, const char **tail)
{
  if (!client) {
    *tail = rc_arena_printf(r->a,
                            ", and no service of the file reaches it: its "
                            "clients are outside the stack (an app on the "
                            "host, a tool)%s",
                            reach);
    return false;
  }
  bool own_unread = false;
  const struct rc_compose_service *own =
      included(r->view, f) ? stack_client(r, s, f, &own_unread) : client;
  if (!own) {
    *tail = rc_arena_printf(
        r->a,
        ", written in %s for clients outside the stack (no service of that "
        "file reaches it: an app on the host, a tool); services.%s, added by "
        "%s, %s it over the compose network%s",
        rc_path_base(f->path), client->name,
        client->at.path ? rc_path_base(client->at.path) : "another file",
        unread ? "may reach" : "reaches", reach);
    return false;
  }
  if (own_unread)
    *tail = rc_arena_printf(r->a,
                            ", though services.%s, configured from outside "
                            "the file (an env_file or a variable), may reach "
                            "it over the compose network%s",
                            own->name, reach);
  else
    *tail = rc_arena_printf(r->a,
                            ", though services.%s reaches it over the "
                            "compose network%s",
                            own->name, reach);
  return true;
}

/* Ports as Compose merges them: every layer's, from the topmost one that
 * replaces those below it. With db_clients, only the ports of databases a
 * service of the stack reaches over the compose network (stack: the
 * published port serves nothing the file shows) or only the others
 * (outside: the port is how their clients - an app run on the host, a
 * tool, another host - reach them, which the file does not show). */
void compose_req_db_private(struct run *r, const struct rc_compose_service *s)
{
  if (!rc_model_is_database_image(s->image) || only_internal_networks(s))
    return;
  bool unread = false;
  const struct rc_compose_service *client = stack_client(r, s, NULL, &unread);
  size_t from = 0;
  for (size_t i = s->n_layers; i > 0 && !from; i--)
    if (ports_replaced(r, &s->layers[i - 1]))
      from = i - 1;
  for (size_t i = from; i < s->n_layers; i++) {
    const cJSON *seq = compose_get(s->layers[i].node, "ports");
    if (!cJSON_IsArray(seq))
      continue;
    struct port_walk w = {r, s, reach};
    bool stack = port_tail(r, s, client, unread, s->layers[i].file, &w.tail);
    if (r->cfg->db_clients != CLIENTS_ANY &&
        stack != (r->cfg->db_clients == CLIENTS_STACK))
      continue;
    const cJSON *item;
    cJSON_ArrayForEach(item, seq) {
      struct rc_where at = rc_compose_where(&s->layers[i], item);
      on_port(item, &at, &w);
    }
  }
}
