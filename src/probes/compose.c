/*
 * compose.c - the `compose` probe: per-service requirements of the compose
 * views that deploy - healthchecks, limits, restart policies, databases
 * kept off public interfaces, references that must resolve, exec-form
 * healthchecks without shell operators, scripts run directly that are
 * executable, no plaintext secrets. It judges the model's production views
 * (a base file merged with its production overlays), never a development
 * or test file, and lists every problem with the file and line that set
 * it. With `file:` it judges those files instead, still merged the way the
 * model merges them. Parsing and merging are the model's; the references
 * that must resolve are compose_refs.c's, nginx's configuration
 * compose_nginx.c's, plaintext secrets compose_secrets.c's.
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
  REQ_NGINX_CONFIG,
  REQ_DEPLOY_EVIDENCE,
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
                                            "nginx_config",
                                            "deploy_evidence",
                                            NULL};

enum { MAX_VIEWS = 64, MAX_PROBLEMS = 10000 };

/* restart_policy only: which views are judged, by whether any of their
 * services sets a restart policy. */
enum { RESTART_ANY, RESTART_SOMEWHERE, RESTART_NOWHERE };

static const char *const restart_set_names[] = {"any", "somewhere", "nowhere",
                                                NULL};

/* Which production views are judged, by whether the model found positive
 * evidence that they deploy (rc_compose_view.deploys). */
enum { DEPLOYS_ANY, DEPLOYS_EVIDENCED, DEPLOYS_PRESUMED };

static const char *const deploys_names[] = {"any", "evidenced", "presumed",
                                            NULL};

static const char *const refs_names[] = {"any", "deployed", "other", "presumed",
                                         NULL};

static const char *const db_clients_names[] = {"any", "stack", "outside", NULL};

static const char *const watch_names[] = {"shown", "unshown", "any", NULL};

static bool same_service(const char *name, const char *defined,
                         const char *name2, const char *defined2)
{
  return strcmp(name, name2) == 0 &&
         strcmp(defined ? defined : "", defined2 ? defined2 : "") == 0;
}

static void judged(struct run *r, const struct rc_compose_service *s)
{
  for (size_t i = 0; i < r->n_names; i++)
    if (same_service(r->names[i]->name, r->names[i]->at.path, s->name,
                     s->at.path))
      return;
  rc_grow((void **)&r->names, &r->cap_names, r->n_names, sizeof(*r->names));
  r->names[r->n_names++] = s;
}

/* ---- recording ------------------------------------------------------------
 */

/* The same service of the same files is judged once per view it is in;
 * a problem at one place is reported once. */
static void record(struct run *r, const struct rc_compose_service *s,
                   const struct rc_where *at, const char *why)
{
  struct rc_where w = at && at->path ? *at : s->at;
  if (r->view && r->view->dev_base && w.path &&
      strcmp(w.path, r->view->dev_base->path) == 0)
    return; /* the development base's, not the add-on's */
  for (size_t i = 0; i < r->n_p; i++)
    if (strcmp(r->p[i].service, s->name) == 0 &&
        strcmp(r->p[i].why, why) == 0 && strcmp(r->p[i].at.path, w.path) == 0 &&
        r->p[i].at.line == w.line)
      return;
  if (r->n_p >= MAX_PROBLEMS)
    return;
  rc_grow((void **)&r->p, &r->cap_p, r->n_p, sizeof(*r->p));
  r->p[r->n_p++] = (struct problem){s->name, why, w, NULL, 0, s->at.path};
}

static void problem(struct run *r, const struct rc_compose_service *s,
                    const struct rc_where *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(struct run *r, const struct rc_compose_service *s,
                    const struct rc_where *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  const char *why = rc_arena_vprintf(r->a, fmt, ap);
  va_end(ap);
  record(r, s, at, why);
}

void compose_problem(struct run *r, const struct rc_compose_service *s,
                     const struct rc_where *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  const char *why = rc_arena_vprintf(r->a, fmt, ap);
  va_end(ap);
  record(r, s, at, why);
}

/* ---- what services are ----------------------------------------------------
 */

static const char *str(const cJSON *node)
{
  return cJSON_IsString(node) ? node->valuestring : NULL;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
  return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
                             : NULL;
}

static bool is_cache(const char *image)
{
  static const char *const caches[] = {"redis",     "valkey",    "keydb",
                                       "memcached", "dragonfly", NULL};
  if (!image)
    return false;
  const char *slash = strrchr(image, '/');
  const char *name = slash ? slash + 1 : image;
  for (size_t i = 0; caches[i]; i++)
    if (rc_str_find_ci(name, caches[i]))
      return true;
  return false;
}

/* A message broker carries messages between services: what it holds is in
 * flight, not data of record, and a restart with empty queues loses no
 * state the application keeps. */
static bool is_broker(const char *image)
{
  static const char *const brokers[] = {"rabbitmq", "activemq", "mosquitto",
                                        NULL};
  if (!image)
    return false;
  const char *slash = strrchr(image, '/');
  const char *name = slash ? slash + 1 : image;
  for (size_t i = 0; brokers[i]; i++)
    if (rc_str_find_ci(name, brokers[i]))
      return true;
  return false;
}

/* `true`, `["/bin/true"]`, `exit 0`: a program that does nothing. */
static bool does_nothing(const cJSON *c)
{
  static const char *const cmds[] = {"true", "/bin/true", "/usr/bin/true",
                                     "exit 0", NULL};
  if (cJSON_IsArray(c) && cJSON_GetArraySize(c) >= 1)
    c = cJSON_GetArrayItem(c, 0);
  const char *text = str(c);
  for (size_t i = 0; text && cmds[i]; i++)
    if (strcmp(text, cmds[i]) == 0)
      return true;
  return false;
}

/* A data-only container (`command: /bin/true`, or an entrypoint that
 * ignores its command: `entrypoint: ["/bin/true"]`): it exits at once by
 * design, its volumes or its image are what the other services use. */
static bool exits_at_once(const struct rc_compose_service *s)
{
  const cJSON *c = rc_compose_get(s, "command", NULL);
  if (cJSON_IsArray(c) && cJSON_GetArraySize(c) != 1)
    c = NULL;
  return does_nothing(c) || does_nothing(rc_compose_get(s, "entrypoint", NULL));
}

/* `deploy: replicas: 0`: Compose creates no container for it (a service
 * declared so that `docker compose pull` fetches an image the others
 * start themselves); nothing of it runs. */
static bool scaled_to_zero(const struct rc_compose_service *s)
{
  const cJSON *n = rc_compose_get(s, "deploy.replicas", NULL);
  return (cJSON_IsNumber(n) && n->valuedouble == 0) ||
         (str(n) && strcmp(str(n), "0") == 0);
}

/* `image: busybox` with volumes and nothing to run: a base image whose
 * default command is a shell exits at once without a terminal - a
 * data-only container, like `command: /bin/true`. */
static bool idle_base_image(const struct rc_compose_service *s)
{
  static const char *const bases[] = {"busybox", "alpine", "debian", "ubuntu",
                                      NULL};
  static const char *const keys[] = {"command",    "entrypoint", "tty",
                                     "stdin_open", "ports",      NULL};
  const char *image = rc_compose_str(s, "image", NULL);
  if (!image || rc_compose_get(s, "build", NULL))
    return false;
  for (size_t i = 0; keys[i]; i++)
    if (rc_compose_get(s, keys[i], NULL))
      return false;
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  for (size_t i = 0; bases[i]; i++)
    if (strcmp(name, bases[i]) == 0)
      return true;
  return false;
}

/* The entrypoint is a management command-line tool and no command is
 * given (`entrypoint: python manage.py`): the service only runs what
 * `docker compose run --rm svc createsuperuser` passes it, and exits. */
static bool command_runner(const struct rc_compose_service *s)
{
  static const char *const tools[] = {"manage.py", "artisan", "bin/console",
                                      "bin/rails", "rake",    NULL};
  if (rc_compose_get(s, "command", NULL))
    return false;
  const cJSON *e = rc_compose_get(s, "entrypoint", NULL);
  const cJSON *last =
      cJSON_IsArray(e) ? cJSON_GetArrayItem(e, cJSON_GetArraySize(e) - 1) : e;
  const char *text = str(last);
  if (!text)
    return false;
  size_t n = strlen(text);
  while (n && text[n - 1] == ' ')
    n--;
  for (size_t i = 0; tools[i]; i++) {
    size_t k = strlen(tools[i]);
    if (n >= k && strncmp(text + n - k, tools[i], k) == 0 &&
        (n == k || text[n - k - 1] == ' ' || text[n - k - 1] == '/'))
      return true;
  }
  return false;
}

/* `command: /bin/bash` with no port: a shell container an operator enters
 * with `docker compose run --rm shell`; nothing keeps it running. */
static bool interactive_shell(const struct rc_compose_service *s)
{
  static const char *const shells[] = {"bash", "/bin/bash", "sh",  "/bin/sh",
                                       "zsh",  "/bin/zsh",  "ash", NULL};
  if (rc_compose_get(s, "ports", NULL) || rc_compose_get(s, "expose", NULL))
    return false;
  /* `stdin_open: true` and `tty: true`: a terminal to attach to
   * (`docker compose exec admin-tools tctl ...`), an operator's tool */
  if (cJSON_IsTrue(rc_compose_get(s, "stdin_open", NULL)) &&
      cJSON_IsTrue(rc_compose_get(s, "tty", NULL)))
    return true;
  const cJSON *c = rc_compose_get(s, "command", NULL);
  if (cJSON_IsArray(c) && cJSON_GetArraySize(c) == 1)
    c = cJSON_GetArrayItem(c, 0);
  const char *text = str(c);
  for (size_t i = 0; text && shells[i]; i++)
    if (strcmp(text, shells[i]) == 0)
      return true;
  return false;
}

/* The script the service runs ends by exiting (`mc mb minio/uploads;
 * exit 0;`): a job that prepares the others and is done. */
static bool ends_with_exit(const cJSON *c)
{
  if (cJSON_IsArray(c))
    c = cJSON_GetArrayItem(c, cJSON_GetArraySize(c) - 1);
  const char *text = str(c);
  if (!text)
    return false;
  size_t n = strlen(text);
  while (n && strchr(" \t\r\n;\"'", text[n - 1]))
    n--;
  if (n && text[n - 1] == '0') /* `exit 0`, not `exit 1` */
    for (n--; n && text[n - 1] == ' ';)
      n--;
  return n >= 4 && strncmp(text + n - 4, "exit", 4) == 0 &&
         (n == 4 || strchr(" \t\n;&|", text[n - 5]));
}

/* A service named for a job that prepares the others (`createbuckets`,
 * `db-migrate`, `minio-init`, `setup`, a database's major-version
 * `db_upgrade`) that publishes and exposes no port: it runs once and
 * exits, and a restart policy would run it again and again. */
static bool job_name(const struct rc_compose_service *s)
{
  static const char *const words[] = {
      "init",        "setup",   "migrate", "migration", "migrations",
      "migrator",    "seed",    "seeder",  "bootstrap", "provision",
      "provisioner", "upgrade", "update",  NULL};
  if (rc_compose_get(s, "ports", NULL) || rc_compose_get(s, "expose", NULL))
    return false;
  return rc_role_name_word(s->name, words) ||
         (strncasecmp(s->name, "create", 6) == 0 &&
          isalpha((unsigned char)s->name[6]));
}

static bool one_shot(const struct run *r, const struct rc_compose_service *s)
{
  const char *rs = rc_compose_str(s, "restart", NULL);
  return (rs && strcmp(rs, "no") == 0) ||
         rc_compose_awaited(r->view, s->name) || exits_at_once(s) ||
         idle_base_image(s) || command_runner(s) || interactive_shell(s) ||
         ends_with_exit(rc_compose_get(s, "command", NULL)) ||
         ends_with_exit(rc_compose_get(s, "entrypoint", NULL)) || job_name(s);
}

/* The production image the service builds - or runs, when CI builds and
 * tags it from this repository - with its stage. */
static const struct rc_image *built_image(const struct run *r,
                                          const struct rc_compose_service *s)
{
  if (!r->ctx->model)
    return NULL;
  const struct rc_service *svc = rc_model_service_of(r->ctx->model, s);
  if (svc && svc->built && svc->built->df)
    return svc->built;
  if (!s->dockerfile)
    return NULL;
  for (size_t i = 0; i < r->ctx->model->n_images; i++) {
    const struct rc_image *im = &r->ctx->model->images[i];
    if (strcmp(im->dockerfile, s->dockerfile) == 0 && im->df)
      return im;
  }
  return NULL;
}

static bool image_healthcheck(const struct run *r,
                              const struct rc_compose_service *s)
{
  const struct rc_image *im = built_image(r, s);
  long stage = !im          ? -1
               : s->context ? rc_dockerfile_target(im->df, s->target)
                            : im->stage;
  if (stage < 0)
    return false;
  const struct rc_df_instr *hc =
      rc_dockerfile_inherited(im->df, (size_t)stage, "HEALTHCHECK");
  return hc && strncasecmp(hc->args, "NONE", 4) != 0;
}

/* ---- "has" requirements ------------------------------------------------- */

/* Another service waits for this one with `condition: service_healthy`:
 * without a healthcheck Compose refuses to start the stack. */
static const struct rc_compose_service *
awaited_healthy(const struct rc_compose_view *v, const char *name)
{
  for (size_t i = 0; i < v->n_services; i++) {
    const cJSON *dep = rc_compose_get(&v->services[i], "depends_on", NULL);
    const cJSON *cond = get(get(dep, name), "condition");
    if (str(cond) && strcmp(str(cond), "service_healthy") == 0)
      return &v->services[i];
  }
  return NULL;
}

/* An image under a namespace (`qmcgaw/gluetun`, `ghcr.io/org/app`), not
 * one of Docker's official images (`postgres`, `library/redis`). */
static bool vendor_image(const char *image)
{
  if (!image || strncmp(image, "library/", 8) == 0 ||
      strncmp(image, "docker.io/library/", 18) == 0)
    return false;
  return strchr(image, '/') != NULL;
}

/* The service builds a Dockerfile whose one stage only names a vendor's
 * image (`FROM docker.elastic.co/kibana/kibana:${ELASTIC_VERSION}` and a
 * comment inviting plugins): it runs that image unchanged. */
static bool upstream_retag(const struct run *r,
                           const struct rc_compose_service *s)
{
  static const char *const adds[] = {"RUN",        "COPY",        "ADD", "CMD",
                                     "ENTRYPOINT", "HEALTHCHECK", NULL};
  const struct rc_image *im = built_image(r, s);
  if (!im || im->df->ns != 1)
    return false;
  /* a vendor's image (`docker.elastic.co/kibana/kibana`), not an official
   * base such as node or python, which runs nothing of its own */
  if (!vendor_image(rc_dockerfile_base_image(im->df, r->a, 0)))
    return false;
  const struct rc_df_stage *st = &im->df->st[0];
  for (size_t i = st->first; i < st->end; i++)
    for (size_t k = 0; adds[k]; k++)
      if (strcmp(im->df->in[i].kw, adds[k]) == 0)
        return false;
  return true;
}

/* The project's own code runs in it: built here, or the image CI builds
 * from here. A database or proxy image nobody waits on is the operator's
 * to watch, and so is an upstream image a Dockerfile only names. */
static bool runs_own_code(const struct run *r,
                          const struct rc_compose_service *s)
{
  if (s->context)
    return !upstream_retag(r, s);
  const struct rc_service *svc =
      r->ctx->model ? rc_model_service_of(r->ctx->model, s) : NULL;
  return svc && svc->built;
}

/* A port spec that listens beyond the host itself: not bound to a
 * loopback address ("127.0.0.1:3030:3030", "[::1]:80:80"). */
static bool reachable_port(const cJSON *p)
{
  if (cJSON_IsObject(p)) {
    const char *ip = str(get(p, "host_ip"));
    return get(p, "published") &&
           (!ip || (strncmp(ip, "127.", 4) != 0 && strcmp(ip, "::1") != 0));
  }
  char num[64];
  const char *spec = rc_doc_scalar_text(p, num, sizeof(num));
  if (!spec)
    return false;
  return strncmp(spec, "127.", 4) != 0 && strncmp(spec, "[::1]", 5) != 0 &&
         strncmp(spec, "localhost:", 10) != 0;
}

struct reach_walk {
  struct run *r;
  const char *port; /* the first port published, loopback or not */
  bool beyond_host; /* some port listens beyond the host */
};

static void on_reach_port(const cJSON *p, const struct rc_where *at, void *arg)
{
  (void)at;
  struct reach_walk *w = arg;
  char num[64];
  const char *spec = rc_doc_scalar_text(p, num, sizeof(num));
  if (!w->port)
    w->port =
        spec ? rc_arena_printf(w->r->a, "'%s'", spec) : "a published port";
  w->beyond_host = w->beyond_host || reachable_port(p);
}

static struct reach_walk published(struct run *r,
                                   const struct rc_compose_service *s)
{
  struct reach_walk w = {r, NULL, false};
  rc_compose_each(s, "ports", on_reach_port, &w);
  return w;
}

/* A background process that serves no traffic - a queue worker, a
 * scheduler, a task runner, a cron or cleanup sidecar - by its name or
 * command, with no published or exposed port: nothing probes it, and
 * reviewers differ on whether it needs a healthcheck. */
static bool background_worker(const struct run *r,
                              const struct rc_compose_service *s)
{
  static const char *const marks[] = {
      "worker",   "celery",  "beat",    "cron",       "schedul", "queue",
      "consumer", "sidekiq", "cleanup", "background", "task",    NULL};
  /* (a port bound to loopback only is the host's: a metrics or status
   * endpoint, not traffic) */
  if (published((struct run *)r, s).beyond_host ||
      rc_compose_get(s, "expose", NULL))
    return false;
  const struct rc_service *svc =
      r->ctx->model ? rc_model_service_of(r->ctx->model, s) : NULL;
  const char *cmd = svc ? svc->command : NULL;
  for (size_t i = 0; marks[i]; i++)
    if (rc_str_find_ci(s->name, marks[i]) ||
        (cmd && rc_str_find_ci(cmd, marks[i])))
      return true;
  return false;
}

/* A reverse proxy in front of the application (`nginx`, `proxy`,
 * `app_proxy`, `caddy`), by a word of its name: when it fails the site is
 * down at once and visibly, nothing waits on it, and reviewers differ on
 * whether it needs a healthcheck of its own (dev labels: 10 debatable, 1
 * false, none true). */
static bool front_proxy(const struct rc_compose_service *s)
{
  static const char *const words[] = {"proxy",   "nginx", "caddy", "traefik",
                                      "haproxy", "envoy", NULL};
  return rc_role_name_word(s->name, words) != NULL;
}

/* A helper beside the application that publishes no port - a monitoring
 * agent or metrics exporter, the stack's watchdog, a headless browser the
 * workers drive - by a word of its name: nobody reaches it from outside,
 * and reviewers differ on whether such a sidecar needs a healthcheck. */
static bool sidecar(const struct rc_compose_service *s)
{
  static const char *const words[] = {
      "agent",      "exporter", "watchdog",  "chrome",      "chromium",
      "playwright", "selenium", "puppeteer", "browserless", NULL};
  return !rc_compose_get(s, "ports", NULL) &&
         rc_role_name_word(s->name, words) != NULL;
}

/* The stack ships its own watchdog (a service named `watchdog`, or
 * `watchdog-...`) that checks the others and restarts them: their health
 * is watched, only not through Compose's healthcheck. */
static bool watched(const struct rc_compose_view *v)
{
  static const char *const words[] = {"watchdog", NULL};
  for (size_t i = 0; i < v->n_services; i++)
    if (rc_role_name_word(v->services[i].name, words))
      return true;
  return false;
}

static bool swarm_stack(const struct rc_compose_view *v);

/* A metrics scraper (Prometheus, an agent that collects): it polls its
 * targets every interval and retries, so it needs no readiness of the
 * services it lists under depends_on (dev labels: "the stated
 * consequence does not apply"). */
static bool scraper(const struct rc_compose_service *s)
{
  static const char *const names[] = {"prometheus", "vmagent", "grafana-agent",
                                      "alloy", NULL};
  return s->image && rc_str_find_any_ci(s->image, names);
}

/* Another service of the view lists this one under `depends_on` (either
 * form): it starts once this one has started, ready or not. A scraper
 * does not count. */
static const struct rc_compose_service *
depended_on(const struct rc_compose_view *v, const char *name)
{
  for (size_t i = 0; i < v->n_services; i++) {
    if (scraper(&v->services[i]))
      continue;
    const cJSON *dep = rc_compose_get(&v->services[i], "depends_on", NULL);
    if (get(dep, name))
      return &v->services[i];
    if (!cJSON_IsArray(dep))
      continue;
    const cJSON *item;
    cJSON_ArrayForEach(item, dep) {
      if (str(item) && strcmp(str(item), name) == 0)
        return &v->services[i];
    }
  }
  return NULL;
}

/* Traefik routes to the service by its labels (`traefik.http.routers.*`):
 * users reach it through the proxy. */
static bool proxy_routed(const struct rc_compose_service *s)
{
  const cJSON *labels = rc_compose_get(s, "labels", NULL);
  const cJSON *l;
  cJSON_ArrayForEach(l, labels) {
    const char *text = cJSON_IsArray(labels) ? str(l) : l->string;
    if (text && strncmp(text, "traefik.http.routers.", 21) == 0)
      return true;
  }
  return false;
}

/* Another service of the view has a healthcheck (in compose or its
 * image) - one that runs the project's own code, when own is set: the
 * file watches its services, and one left out is an oversight (dev labels
 * of findings beside such a service: 19 true, 3 debatable, 0 false). */
static const struct rc_compose_service *
checked_sibling(const struct run *r, const struct rc_compose_service *s,
                bool own)
{
  for (size_t i = 0; i < r->view->n_services; i++) {
    const struct rc_compose_service *o = &r->view->services[i];
    if (strcmp(o->name, s->name) == 0 || one_shot(r, o) ||
        (own && !runs_own_code(r, o)))
      continue;
    const cJSON *dis = rc_compose_get(o, "healthcheck.disable", NULL);
    if (!cJSON_IsTrue(dis) && (rc_compose_get(o, "healthcheck.test", NULL) ||
                               image_healthcheck(r, o)))
      return o;
  }
  return NULL;
}

/* The service's own restart policy (`restart:` other than "no", or
 * deploy.restart_policy): the file means it to run unattended, and a
 * restart brings back a crashed process, not a hung one. NULL when it
 * has none; "" for deploy.restart_policy. */
static const char *own_restart(const struct rc_compose_service *s)
{
  const char *rs = rc_compose_str(s, "restart", NULL);
  if (rs && strcmp(rs, "no") != 0)
    return rs;
  return rc_compose_get(s, "deploy.restart_policy", NULL) ? "" : NULL;
}

/* `deploy.replicas` above 1: how many, or 0. */
static long replicas(const struct rc_compose_service *s)
{
  const cJSON *n = rc_compose_get(s, "deploy.replicas", NULL);
  long k = cJSON_IsNumber(n) ? (long)n->valuedouble
           : str(n)          ? strtol(str(n), NULL, 10)
                             : 0;
  return k > 1 ? k : 0;
}

/* The scope (cfg->watch) reports a missing healthcheck of this kind:
 * shown (the file shows something that acts on one or notices it
 * missing) or not. */
static bool watch_reports(const struct run *r, bool shown)
{
  return r->cfg->watch == WATCH_ANY || (r->cfg->watch == WATCH_SHOWN) == shown;
}

/* A missing healthcheck the file shows nothing acting on (watch:
 * unshown): a Swarm service of one replica, or a published, exposed or
 * proxied one that is not restarted, beside no checked service and with
 * no dependant. As often a try-out or a local run as a deployment that
 * forgot it (dev labels: 6 true, 14 debatable, 3 false), so the message
 * says what the file shows. */
static void unshown_healthcheck(struct run *r,
                                const struct rc_compose_service *s,
                                const char *port)
{
  if (!watch_reports(r, false))
    return;
  if (swarm_stack(r->view))
    problem(r, s, NULL,
            "no healthcheck (in compose or its Dockerfile) on a Swarm service "
            "of one replica: Swarm restarts it when it exits, and with a "
            "healthcheck would also replace it when it hangs");
  else if (port)
    problem(r, s, NULL,
            "no healthcheck (in compose or its Dockerfile): it publishes %s, "
            "and the file neither restarts it nor checks any service, so a "
            "hung process shows as running (plain Compose acts on no "
            "health: a healthcheck makes a hang visible)",
            port);
  else
    problem(r, s, NULL,
            "no healthcheck (in compose or its Dockerfile): it serves the "
            "stack (exposed or routed by a proxy), and the file neither "
            "restarts it nor checks any service, so a hung process shows as "
            "running");
}

static void req_healthcheck(struct run *r, const struct rc_compose_service *s)
{
  struct rc_where at;
  const cJSON *dis = rc_compose_get(s, "healthcheck.disable", &at);
  if (cJSON_IsTrue(dis)) {
    if (watch_reports(r, true))
      problem(r, s, &at, "healthcheck disabled");
    return;
  }
  if (rc_compose_get(s, "healthcheck.test", NULL) || one_shot(r, s) ||
      image_healthcheck(r, s))
    return;
  const struct rc_compose_service *waiter = awaited_healthy(r->view, s->name);
  /* a vendor's published image the stack waits on as healthy: were its
   * HEALTHCHECK missing, `docker compose up` would fail on every install,
   * so the image declares one this repository does not show (gluetun's
   * healthcheck server; a stage CI builds with a target). Docker's official
   * images (postgres, redis) declare none. */
  if (waiter && !s->context && vendor_image(s->image))
    return;
  bool shown = watch_reports(r, true);
  if (waiter) {
    if (shown)
      problem(r, s, NULL,
              "no healthcheck, but services.%s waits for it with condition: "
              "service_healthy (Compose refuses to start)",
              waiter->name);
    return;
  }
  /* what the missing healthcheck costs, as far as the file tells. Swarm
   * replaces an unhealthy task, but with one replica reviewers differ on
   * whether it owes one (dev labels: 1 true, 8 debatable); with several
   * it spreads requests over them and keeps a hung one in the rotation
   * (Swarm ignores depends_on) */
  if (swarm_stack(r->view)) {
    long n = replicas(s);
    if (!n)
      unshown_healthcheck(r, s, NULL);
    else if (shown)
      problem(r, s, NULL,
              "no healthcheck (in compose or its Dockerfile): Swarm spreads "
              "requests over its %ld replicas and keeps routing to one that "
              "is up but not answering instead of replacing it, and an "
              "update cannot tell a hung new task from a healthy one",
              n);
    return;
  }
  const struct rc_compose_service *dep = depended_on(r->view, s->name);
  if (dep) {
    if (shown)
      problem(r, s, NULL,
              "no healthcheck (in compose or its Dockerfile): services.%s "
              "depends on it and can only wait for it to start, not to be "
              "ready",
              dep->name);
    return;
  }
  /* nothing waits on it, and plain Compose restarts nothing on health: a
   * healthcheck makes a hang visible (`docker compose ps`, monitoring, an
   * autoheal container), no more. That is a finding where the file shows
   * it watches its services (another has a healthcheck) or means this one
   * to run unattended (its own restart policy); a published service with
   * neither is as often a try-out or a local run (dev labels: 5 true, 7
   * debatable, 3 false): unshown_healthcheck()'s */
  const struct rc_compose_service *sib = checked_sibling(r, s, false);
  if (sib) {
    if (shown)
      problem(r, s, NULL,
              "no healthcheck (in compose or its Dockerfile), while "
              "services.%s has one: `docker compose ps` and monitoring show "
              "this one up while it does not answer",
              sib->name);
    return;
  }
  const char *rs = own_restart(s);
  struct reach_walk w = published(r, s);
  bool serves = w.port || rc_compose_get(s, "expose", NULL) || proxy_routed(s);
  if (!rs) {
    if (serves)
      unshown_healthcheck(r, s, w.port);
    return;
  }
  if (!shown)
    return;
  const char *how =
      *rs ? rc_arena_printf(r->a, "restart: %s", rs) : "deploy.restart_policy";
  if (w.port)
    problem(r, s, NULL,
            "no healthcheck (in compose or its Dockerfile): it publishes %s "
            "and is restarted (%s), which brings back a crashed process, not "
            "a hung one: `docker compose ps` shows it up while it does not "
            "answer (plain Compose restarts nothing on health: a healthcheck "
            "makes a hang visible to the operator and to monitoring)",
            w.port, how);
  else if (rc_compose_get(s, "expose", NULL))
    problem(r, s, NULL,
            "no healthcheck (in compose or its Dockerfile): it exposes a port "
            "to the stack's services and is restarted (%s), which brings back "
            "a crashed process, not a hung one: `docker compose ps` shows it "
            "up while it does not answer",
            how);
  else if (proxy_routed(s))
    problem(r, s, NULL,
            "no healthcheck (in compose or its Dockerfile): a proxy routes "
            "users to it (traefik labels) and it is restarted (%s), which "
            "brings back a crashed process, not a hung one",
            how);
}

/* The service has no healthcheck and nothing would act on one: no other
 * service depends on it, it publishes no port (a loopback one serves a
 * proxy on the host) and exposes none, no proxy label routes to it, and
 * the stack is not
 * Swarm's (plain Compose does not restart an unhealthy container). An
 * internal service or worker of that kind gains only a status line from a
 * healthcheck, and reviewers differ on whether it owes one (dev labels of
 * such findings: 0 true, 6 debatable). */
static bool health_unused(const struct run *r,
                          const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "healthcheck", NULL) || image_healthcheck(r, s) ||
      swarm_stack(r->view) || depended_on(r->view, s->name) ||
      proxy_routed(s) || rc_compose_get(s, "expose", NULL))
    return false;
  return !published((struct run *)r, s).port;
}

static void req_limits(struct run *r, const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "deploy.resources.limits.memory", NULL) ||
      rc_compose_get(s, "deploy.resources.limits.cpus", NULL) ||
      rc_compose_get(s, "mem_limit", NULL) || rc_compose_get(s, "cpus", NULL) ||
      rc_compose_get(s, "cpu_quota", NULL) || one_shot(r, s))
    return;
  problem(r, s, NULL,
          "no resource limits (deploy.resources.limits or mem_limit/cpus)");
}

/* A service sets a `deploy:` key only Swarm reads - placement
 * constraints, `mode: global`, rolling update or rollback settings,
 * `endpoint_mode` - which `docker compose up` ignores: the file is
 * written for `docker stack deploy`, whatever it is called. (Replicas and
 * resource limits say nothing: Compose honours them too.) */
static bool swarm_only_deploy(const struct rc_compose_service *s)
{
  static const char *const keys[] = {"deploy.placement", "deploy.update_config",
                                     "deploy.rollback_config",
                                     "deploy.endpoint_mode", NULL};
  for (size_t i = 0; keys[i]; i++)
    if (rc_compose_get(s, keys[i], NULL))
      return true;
  const char *mode = rc_compose_str(s, "deploy.mode", NULL);
  return mode && strncmp(mode, "global", 6) == 0;
}

/* A Swarm stack file (docker-stack.yml, *.swarm.yml, a file a `docker
 * stack deploy -c` runs, or one whose services carry Swarm-only deploy
 * settings): Swarm restarts every task by default (restart_policy
 * condition: any). */
static bool swarm_stack(const struct rc_compose_view *v)
{
  const char *path = v->files[0]->path;
  if (v->swarm || rc_role_name_has(path, "stack") ||
      rc_role_name_has(path, "swarm"))
    return true;
  for (size_t i = 0; i < v->n_services; i++)
    if (swarm_only_deploy(&v->services[i]))
      return true;
  return false;
}

/* The indentation of a line, or -1 when it holds nothing but a comment
 * or blanks. */
static int indent_of(const char *line, size_t n)
{
  size_t k = 0;
  while (k < n && (line[k] == ' ' || line[k] == '\t'))
    k++;
  return k == n || line[k] == '#' || line[k] == '\r' ? -1 : (int)k;
}

/* The service's `restart:` is commented out in a file that defines it
 * (`# restart: unless-stopped  # don't enable until configured`): the
 * author left it off on purpose, and says so where the reader sees it. */
static bool restart_commented_out(struct run *r,
                                  const struct rc_compose_service *s)
{
  for (size_t i = 0; i < s->n_layers; i++) {
    struct rc_where at = rc_compose_where(&s->layers[i], s->layers[i].node);
    const struct rc_entry *e = rc_index_find(r->ctx->index, at.path);
    const char *data;
    size_t len;
    char err[128];
    if (!e || !at.line ||
        rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    const char *p = data, *end = data + len;
    for (unsigned n = 1; n < at.line && p < end; n++) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      p = nl ? nl + 1 : end;
    }
    int own = -1; /* the service key's indentation */
    for (bool first = true; p < end; first = false) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      size_t n = (size_t)((nl ? nl : end) - p);
      int ind = indent_of(p, n);
      if (first)
        own = ind;
      else if (ind >= 0 && ind <= own)
        break; /* the next service, or the next top-level key */
      else if (ind < 0) {
        const char *t = p + strspn(p, " \t");
        if (t < p + n && *t == '#') {
          t++;
          t += strspn(t, " \t");
          if (strncmp(t, "restart:", 8) == 0)
            return true;
        }
      }
      p = nl ? nl + 1 : end;
    }
  }
  return false;
}

/* An operator's console or debugging tool (a database admin UI, a mail
 * catcher, Sentry Spotlight, the Temporal web UI, Jaeger's in-memory
 * all-in-one, an API-docs viewer, a log viewer): started to look at
 * something, and no loss when a reboot leaves it down. */
static bool console_image(const char *image)
{
  static const char *const names[] = {
      "adminer",       "pgadmin",         "pgadmin4",           "phpmyadmin",
      "mongo-express", "redis-commander", "redisinsight",       "mailhog",
      "mailpit",       "maildev",         "spotlight",          "kafka-ui",
      "akhq",          "mailcatcher",     "smtp4dev",           "mailcrab",
      "inbucket",      "swagger-ui",      "swagger-editor",     "pgweb",
      "dozzle",        "mailslurper",     "docker-mailslurper", NULL};
  static const char *const paths[] = {"temporalio/ui",
                                      "jaegertracing/all-in-one", NULL};
  if (!image)
    return false;
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  for (size_t i = 0; names[i]; i++)
    if (strcasecmp(name, names[i]) == 0)
      return true;
  for (size_t i = 0; paths[i]; i++)
    if (rc_str_find_ci(image, paths[i]))
      return true;
  return false;
}

/* A service of the view that is restarted (`restart:` other than "no",
 * or deploy.restart_policy): what shows the policy was meant for the
 * stack, and its value. */
static const struct rc_compose_service *
restarted_sibling(const struct rc_compose_view *v, const char **how)
{
  for (size_t i = 0; i < v->n_services; i++) {
    const char *rs = rc_compose_str(&v->services[i], "restart", NULL);
    if (rs && strcmp(rs, "no") != 0) {
      *how = rs;
      return &v->services[i];
    }
    if (rc_compose_get(&v->services[i], "deploy.restart_policy", NULL)) {
      *how = NULL;
      return &v->services[i];
    }
  }
  return NULL;
}

static void req_restart(struct run *r, const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "restart", NULL) ||
      rc_compose_get(s, "deploy.restart_policy", NULL) || one_shot(r, s) ||
      swarm_stack(r->view) || console_image(s->image) ||
      restart_commented_out(r, s))
    return;
  /* what the file tells: its other services are restarted, this one is
   * not; whether something outside the file restarts it, it does not */
  const char *how = NULL;
  const struct rc_compose_service *sib = restarted_sibling(r->view, &how);
  if (sib && how)
    problem(r, s, NULL,
            "no restart policy, while services.%s has one (restart: %s): "
            "after a crash or a reboot this one stays down",
            sib->name, how);
  else if (sib)
    problem(r, s, NULL,
            "no restart policy, while services.%s has a "
            "deploy.restart_policy: after a crash or a reboot this one "
            "stays down",
            sib->name);
  else
    problem(r, s, NULL, "no restart policy");
}

/* The data outlives the container on a named volume or a host folder
 * (a bind mount persists as well); an anonymous volume or nothing does
 * not survive `docker compose down -v` / a recreated container. */
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
static void req_db_volume(struct run *r, const struct rc_compose_service *s)
{
  if (data_mount(r, s))
    return;
  const cJSON *from = rc_compose_get(s, "volumes_from", NULL);
  if (!cJSON_IsArray(from))
    from = NULL;
  const cJSON *e;
  cJSON_ArrayForEach(e, from) {
    const struct rc_compose_service *d = volumes_from_service(r, str(e));
    if (d && d != s && data_mount(r, d))
      return;
  }
  problem(r, s, NULL,
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
  const char *what = is_broker(w->s->image) ? "message broker" : "database";
  if (cJSON_IsObject(p)) {
    const char *ip = str(get(p, "host_ip"));
    if (get(p, "published") &&
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
    problem(w->r, w->s, at, "%s", why);
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
    const cJSON *net = get(get(s->layers[i - 1].file->root, "networks"), name);
    if (net)
      return cJSON_IsTrue(get(net, "internal"));
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
    const cJSON *nets = get(s->layers[i].node, "networks");
    if (!cJSON_IsArray(nets) && !cJSON_IsObject(nets))
      continue;
    const cJSON *n;
    cJSON_ArrayForEach(n, nets) {
      const char *name = cJSON_IsArray(nets) ? str(n) : n->string;
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
  const cJSON *ports = get(l->node, "ports");
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
static void req_db_private(struct run *r, const struct rc_compose_service *s)
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
    const cJSON *seq = get(s->layers[i].node, "ports");
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

/* ---- exec-form healthchecks ------------------------------------------------
 */

static const char *base_name(const char *prog)
{
  const char *slash = strrchr(prog, '/');
  return slash ? slash + 1 : prog;
}

static void req_exec_healthcheck(struct run *r,
                                 const struct rc_compose_service *s)
{
  struct rc_where at;
  const cJSON *test = rc_compose_get(s, "healthcheck.test", &at);
  const char *first =
      cJSON_IsArray(test) ? str(cJSON_GetArrayItem(test, 0)) : NULL;
  if (!first || strcmp(first, "CMD") != 0)
    return;
  r->n_examined++;
  const char *argv[64];
  size_t n = 0;
  const cJSON *t;
  cJSON_ArrayForEach(t, test) {
    if (t != test->child && n < 64)
      argv[n++] = str(t);
  }
  const char *word = rc_exec_form_shell_word(argv, n);
  if (word)
    problem(r, s, &at,
            "exec-form healthcheck [\"CMD\", ...] contains shell syntax "
            "'%s' that runs without a shell",
            word);
}

/* ---- scripts run directly
 * ----------------------------------------------------- */

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

/* The repository file a program path names: in the build context (relative,
 * or an image path whose tail is a context path, longest tail first), or
 * behind a file or directory bind mount. */
static const struct rc_entry *script_file(struct run *r,
                                          const struct rc_compose_service *s,
                                          const char *prog, bool *mounted)
{
  struct rc_mount *m;
  size_t n = rc_compose_mounts(s, r->a, &m);
  for (size_t i = 0; prog[0] == '/' && i < n; i++) {
    size_t tl = m[i].target ? strlen(m[i].target) : 0;
    if (!m[i].bind || !m[i].path || !tl || strncmp(prog, m[i].target, tl) != 0)
      continue;
    const char *rest = prog + tl;
    if (*rest && *rest != '/')
      continue;
    const char *p = *rest ? rc_path_join(r->a, m[i].path, rest + 1) : m[i].path;
    const struct rc_entry *e = p ? rc_index_find(r->ctx->index, p) : NULL;
    if (e) {
      *mounted = true;
      return e;
    }
  }
  if (!s->context)
    return NULL;
  for (const char *tail = prog; tail;) {
    while (*tail == '/')
      tail++;
    const char *p = *tail ? rc_path_join(r->a, s->context, tail) : NULL;
    const struct rc_entry *e = p ? rc_index_find(r->ctx->index, p) : NULL;
    if (e)
      return e;
    if (prog[0] != '/')
      return NULL;
    tail = strchr(tail, '/');
  }
  return NULL;
}

/* The service's own entrypoint is a shell or interpreter (`entrypoint:
 * /bin/sh`, `["bash"]`) that reads the command as a script file rather
 * than executing it. A string is split into words as compose splits it. */
static bool command_read_by_entrypoint(struct run *r,
                                       const struct rc_compose_service *s)
{
  const cJSON *ep = rc_compose_get(s, "entrypoint", NULL);
  const char **argv = NULL;
  size_t n = 0;
  if (cJSON_IsString(ep)) {
    n = rc_shell_words(r->a, ep->valuestring, &argv);
  } else if (cJSON_IsArray(ep)) {
    argv = rc_arena_alloc(r->a, 32 * sizeof(*argv));
    const cJSON *w;
    cJSON_ArrayForEach(w, ep) {
      if (n < 32 && cJSON_IsString(w))
        argv[n++] = w->valuestring;
    }
  }
  return n && rc_exec_form_reads_operand(argv, n);
}

static void req_scripts(struct run *r, const struct rc_compose_service *s)
{
  const char *keys[] = {"entrypoint", "command"};
  for (size_t k = 0; k < 2; k++) {
    struct rc_where at;
    const char *prog = program(r->a, rc_compose_get(s, keys[k], &at));
    if (!prog || !script_like(prog) ||
        (k == 1 && command_read_by_entrypoint(r, s)))
      continue;
    bool mounted = false;
    const struct rc_entry *e = script_file(r, s, prog, &mounted);
    if (!e || e->kind != RC_ENTRY_FILE)
      continue;
    r->n_examined++;
    if (rc_entry_mode(r->ctx->index, e) & 0111)
      continue;
    const struct rc_image *im = built_image(r, s);
    if (!mounted && im && rc_dockerfile_chmods(im->df, base_name(e->path)))
      continue;
    problem(r, s, &at,
            "%s runs '%s' directly, but '%s' is not executable (mode %06o)%s",
            keys[k], prog, e->path, rc_entry_mode(r->ctx->index, e),
            mounted ? " and is bind-mounted as it is"
                    : " and its Dockerfile does not chmod it");
  }
}

/* ---- the check
 * --------------------------------------------------------------- */

/* A comment calls the service test or development only in every file
 * that defines it (another file of the view that writes it without that
 * comment runs it for real). */
static bool disowned(const struct rc_compose_service *s)
{
  for (size_t i = 0; i < s->n_layers; i++)
    if (!rc_compose_file_disowns(s->layers[i].file, s->name))
      return false;
  return s->n_layers > 0;
}

/* The service builds its image from a folder of samples (`context:
 * ../app-executor-samples/hello-sample`, `examples/demo-app`): a sample
 * started beside the real services to show them working, not one of
 * them. A folder counts by its name or its first or last word. */
static bool sample_context(const char *context)
{
  static const char *const words[] = {
      "sample", "samples", "example", "examples", "demo", "demos", NULL};
  for (const char *seg = context; *seg;) {
    size_t n = strcspn(seg, "/"), first = strcspn(seg, "-_."), last = n;
    if (first > n)
      first = n;
    while (last > 0 && !strchr("-_.", seg[last - 1]))
      last--;
    for (size_t i = 0; words[i]; i++) {
      size_t k = strlen(words[i]);
      if ((first == k && strncasecmp(seg, words[i], k) == 0) ||
          (n - last == k && strncasecmp(seg + last, words[i], k) == 0))
        return true;
    }
    seg += n + (seg[n] == '/');
  }
  return false;
}

/* The service runs a sample image (`jaegertracing/example-hotrod`,
 * `openzipkin/brave-example`): a demo application started to show the
 * real services working, not one of them. Its name's first or last word
 * says so, as for a sample build context. */
static bool sample_image(const char *image)
{
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  return name[0] && sample_context(name);
}

/* The service builds a development or test stage of its Dockerfile
 * (`target: development`, `target: test`): the developers' service beside
 * the deployed ones (a hot-reloading twin of the app), not one of them. */
static bool dev_stage(const struct rc_compose_service *s)
{
  return s->context && s->target &&
         rc_role_of_path(s->target, NULL, 0) != RC_ROLE_PRODUCTION;
}

static void judge(struct run *r, const struct rc_compose_service *s)
{
  if (disowned(s))
    return;
  int req = r->cfg->require;
  bool has_req = req == REQ_HEALTHCHECK || req == REQ_LIMITS ||
                 req == REQ_RESTART || req == REQ_DB_VOLUME;
  if (has_req && ((s->context && sample_context(s->context)) ||
                  (s->image && sample_image(s->image)) || dev_stage(s)))
    return;
  /* neither image nor build in this view: a file outside it (another
   * overlay) completes the service, and Compose refuses it without one */
  bool incomplete = !s->image && !rc_compose_get(s, "build", NULL);
  if (has_req && (s->optional || incomplete || scaled_to_zero(s)))
    return;
  /* a data-only container of a database image (`command: /bin/true`)
   * runs no database: the service that mounts its volumes does */
  if ((req == REQ_DB_PRIVATE || req == REQ_DB_VOLUME) &&
      (!rc_model_is_database_image(s->image) || exits_at_once(s) ||
       scaled_to_zero(s)))
    return;
  if (req == REQ_DB_VOLUME && (is_cache(s->image) || is_broker(s->image)))
    return; /* a cache or a broker's queues may be lost */
  if (req == REQ_NGINX_CONFIG && !compose_is_nginx(s))
    return;
  /* (an internal service nothing acts on the health of is still judged
   * beside another of the project's services that has a healthcheck) */
  if (req == REQ_HEALTHCHECK && !awaited_healthy(r->view, s->name) &&
      (!runs_own_code(r, s) || background_worker(r, s) || front_proxy(s) ||
       sidecar(s) || watched(r->view) ||
       (health_unused(r, s) && !checked_sibling(r, s, true))))
    return;
  r->n_checked++;
  /* these look inside the service and count what they find there */
  if (req != REQ_EXEC_HEALTHCHECK && req != REQ_NO_PLAINTEXT &&
      req != REQ_SCRIPTS && req != REQ_REFS && req != REQ_DIRS &&
      req != REQ_NGINX_CONFIG)
    r->n_examined++;
  judged(r, s);
  switch (req) {
  case REQ_HEALTHCHECK:
    req_healthcheck(r, s);
    break;
  case REQ_LIMITS:
    req_limits(r, s);
    break;
  case REQ_RESTART:
    req_restart(r, s);
    break;
  case REQ_DB_VOLUME:
    req_db_volume(r, s);
    break;
  case REQ_DB_PRIVATE:
    req_db_private(r, s);
    break;
  case REQ_REFS:
  case REQ_DIRS:
    compose_req_refs(r, s, req == REQ_DIRS);
    break;
  case REQ_EXEC_HEALTHCHECK:
    req_exec_healthcheck(r, s);
    break;
  case REQ_SCRIPTS:
    req_scripts(r, s);
    break;
  case REQ_NGINX_CONFIG:
    compose_req_nginx_config(r, s);
    break;
  default:
    compose_req_no_plaintext(r, s);
  }
}

/* Some service of v sets a restart policy (`restart:`, "no" too, or
 * deploy.restart_policy), or Swarm restarts them all. A view that sets one
 * somewhere and leaves a long-running service out has an oversight; one
 * that sets none anywhere leaves restarts to something else (systemd, an
 * orchestrator) or was never meant to run unattended. */
static bool view_sets_restart(const struct rc_compose_view *v)
{
  if (swarm_stack(v))
    return true;
  for (size_t i = 0; i < v->n_services; i++)
    if (rc_compose_get(&v->services[i], "restart", NULL) ||
        rc_compose_get(&v->services[i], "deploy.restart_policy", NULL))
      return true;
  return false;
}

static void judge_view(struct run *r, const struct rc_compose_view *v)
{
  if (r->cfg->require == REQ_RESTART && r->cfg->restart_set != RESTART_ANY &&
      view_sets_restart(v) != (r->cfg->restart_set == RESTART_SOMEWHERE)) {
    r->n_views_left++;
    return;
  }
  r->view = v;
  r->n_views++;
  r->n_files += v->n_files;
  for (size_t i = 0; i < v->n_services; i++)
    judge(r, &v->services[i]);
}

/* ---- which views
 * ------------------------------------------------------------- */

static bool selected(const struct cfg *cfg, const char *path)
{
  if (rc_strlist_matches(&cfg->exclude, path))
    return false;
  for (size_t i = 0; i < cfg->file.n; i++)
    if (rc_glob_check(cfg->file.items[i]) == NULL &&
        rc_glob_match(cfg->file.items[i], path))
      return true;
  return false;
}

/* Explicit files: the model's views made only of selected files, and every
 * other selected file on its own. Returns how many could not be read. */
static size_t judge_selected(struct run *r, struct rc_check *out)
{
  const struct rc_model *m = r->ctx->model;
  size_t unreadable = 0;
  bool *used = rc_arena_alloc(r->a, m->n_compose + 1);
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    bool all = true;
    for (size_t k = 0; k < v->n_files && all; k++)
      all = selected(r->cfg, v->files[k]->path);
    if (!all)
      continue;
    for (size_t k = 0; k < v->n_files; k++)
      used[v->files[k] - m->compose] = true;
    judge_view(r, v);
  }
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    if (used[i] || !selected(r->cfg, f->path))
      continue;
    if (f->error) {
      rc_check_evidence(out, r->ctx, f->path, 0, "cannot read: %s", f->error);
      unreadable++;
      continue;
    }
    struct rc_compose_view *v = rc_arena_alloc(r->a, sizeof(*v));
    memset(v, 0, sizeof(*v));
    const struct rc_compose_file *one[] = {f};
    rc_compose_view_build(v, r->a, one, 1, NULL, NULL, NULL);
    judge_view(r, v);
  }
  return unreadable;
}

static size_t unreadable_production(const struct rc_model *m)
{
  size_t n = 0;
  for (size_t i = 0; i < m->n_compose; i++)
    n += m->compose[i].error && m->compose[i].role == RC_ROLE_PRODUCTION;
  return n;
}

/* deploys: evidenced judges the views the model found deploying; presumed
 * the others, production only because nothing says otherwise. */
static bool deploys_selected(struct run *r, const struct rc_compose_view *v)
{
  if (r->cfg->deploys == DEPLOYS_ANY ||
      (r->cfg->deploys == DEPLOYS_EVIDENCED) == (v->deploys != NULL))
    return true;
  r->n_presumed += r->cfg->deploys == DEPLOYS_EVIDENCED;
  return false;
}

static void judge_production(struct run *r, struct rc_check *out)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].role == RC_ROLE_PRODUCTION &&
        !rc_strlist_matches(&r->cfg->exclude, m->views[i].files[0]->path) &&
        deploys_selected(r, &m->views[i]))
      judge_view(r, &m->views[i]);
  for (size_t i = 0; i < m->n_compose; i++)
    if (m->compose[i].error && m->compose[i].role == RC_ROLE_PRODUCTION)
      rc_check_evidence(out, r->ctx, m->compose[i].path, 0, "cannot read: %s",
                        m->compose[i].error);
}

static const char *views_text(struct run *r)
{
  return rc_arena_printf(r->a, "%zu service%s in %zu compose view%s",
                         r->n_names, r->n_names == 1 ? "" : "s", r->n_views,
                         r->n_views == 1 ? "" : "s");
}

/* What a requirement looks for inside a service, for "no service has". */
static const char *examined_noun(int req)
{
  switch (req) {
  case REQ_EXEC_HEALTHCHECK:
    return "an exec-form healthcheck";
  case REQ_NO_PLAINTEXT:
    return "a secret-named environment variable";
  case REQ_SCRIPTS:
    return "a command that starts a script of the repository";
  case REQ_REFS:
    return "a build or a file bind mount from the repository";
  case REQ_DIRS:
    return "a folder bind mount from the repository";
  case REQ_NGINX_CONFIG:
    return "a configuration mounted from the repository";
  default:
    return "anything this checks";
  }
}

static void verdict(struct run *r, struct rc_check *out, size_t unreadable)
{
  size_t failed = 0;
  for (size_t i = 0; i < r->n_p; i++) {
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++)
      seen = same_service(r->p[k].service, r->p[k].defined, r->p[i].service,
                          r->p[i].defined);
    failed += !seen;
    rc_check_evidence(out, r->ctx, r->p[i].at.path, r->p[i].at.line,
                      "services.%s: %s", r->p[i].service, r->p[i].why);
  }
  if (r->n_p == 1)
    rc_check_set(out, r->ctx, RC_OUT_FAIL, "services.%s: %s", r->p[0].service,
                 r->p[0].why);
  else if (r->n_p && r->n_p == failed)
    rc_check_set(out, r->ctx, RC_OUT_FAIL,
                 "%zu of %zu services fail; services.%s: %s", failed,
                 r->n_names, r->p[0].service, r->p[0].why);
  else if (r->n_p)
    rc_check_set(out, r->ctx, RC_OUT_FAIL,
                 "%zu problems in %zu of %zu services; services.%s: %s", r->n_p,
                 failed, r->n_names, r->p[0].service, r->p[0].why);
  else if (unreadable)
    rc_check_set(out, r->ctx, RC_OUT_ERROR,
                 "%zu compose file(s) could not be read", unreadable);
  else if (r->n_views == 0 && r->n_views_left)
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no service this applies to: %s of the %zu production "
                 "compose view%s sets a restart policy",
                 r->cfg->restart_set == RESTART_SOMEWHERE ? "no service"
                                                          : "a service",
                 r->n_views_left, r->n_views_left == 1 ? "" : "s");
  else if (r->n_views == 0 && r->n_presumed)
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no compose view shows that it deploys (%zu presumed "
                 "production: `readycheck model` lists them)",
                 r->n_presumed);
  else if (r->n_views == 0)
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no production compose file (development, test and example "
                 "setups are not judged)");
  else if (r->n_checked == 0)
    rc_check_set(out, r->ctx, RC_OUT_SKIP, "no service this applies to (%s)",
                 views_text(r));
  else if (r->n_examined == 0) {
    rc_check_set(out, r->ctx, RC_OUT_OK, "no service has %s (%s)",
                 examined_noun(r->cfg->require), views_text(r));
    out->vacuous = true;
  } else
    rc_check_set(out, r->ctx, RC_OUT_OK, "%s checked", views_text(r));
}

/* The view's files from the from'th on, joined as `docker compose -f`
 * layers them: a base file merged with each of several add-ons is several
 * views, told apart only by what is merged onto it. */
static const char *view_files(struct rc_arena *a,
                              const struct rc_compose_view *v, size_t from)
{
  const char *s = "";
  for (size_t i = from; i < v->n_files; i++)
    s = rc_arena_printf(a, "%s%s%s", s, i > from ? " + " : "",
                        v->files[i]->path);
  return s;
}

/* require: deploy_evidence - the production views the model found no
 * positive evidence for: production only because nothing says otherwise,
 * so the operational rules that ask for evidence leave them out. */
static void check_deploy_evidence(struct run *r, struct rc_check *out)
{
  const struct rc_model *m = r->ctx->model;
  size_t views = 0, presumed = 0;
  const char *first = NULL;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION ||
        rc_strlist_matches(&r->cfg->exclude, v->files[0]->path))
      continue;
    views++;
    if (v->deploys)
      continue;
    presumed++;
    first = first ? first : view_files(r->a, v, 0);
    rc_check_evidence(
        out, r->ctx, v->files[0]->path, 0,
        "%s%snothing shows that it deploys (no production-named "
        "file, deploy script or document, published image): "
        "restart, healthcheck and database checks leave it "
        "out",
        v->n_files > 1 ? "merged with " : "",
        v->n_files > 1 ? rc_arena_printf(r->a, "%s: ", view_files(r->a, v, 1))
                       : "");
  }
  if (presumed)
    rc_check_set(out, r->ctx, RC_OUT_FAIL,
                 "%zu of %zu production compose views show no evidence "
                 "that they deploy (%s first): the operational checks leave "
                 "them out",
                 presumed, views, first);
  else if (views)
    rc_check_set(out, r->ctx, RC_OUT_OK,
                 "%zu production compose view%s show%s how %s deploy%s", views,
                 views == 1 ? "" : "s", views == 1 ? "s" : "",
                 views == 1 ? "it" : "they", views == 1 ? "s" : "");
  else
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no production compose file (development, test and example "
                 "setups are not judged)");
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  if (!ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
    return;
  }
  struct run r = {.cfg = vcfg, .ctx = ctx, .a = ctx->arena};
  if (r.cfg->require == REQ_DEPLOY_EVIDENCE) {
    check_deploy_evidence(&r, out);
    return;
  }
  size_t unreadable = 0;
  if (r.cfg->file.n) {
    unreadable = judge_selected(&r, out);
  } else {
    judge_production(&r, out);
    unreadable = unreadable_production(ctx->model);
  }
  verdict(&r, out, unreadable);
  free(r.p);
  free(r.names);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (cfg->restart_set != RESTART_ANY && cfg->require != REQ_RESTART)
    rc = rc_error(d, loc, "'restart_set' applies to require: restart_policy");
  if (cfg->refs != REFS_ANY &&
      ((cfg->require != REQ_REFS && cfg->require != REQ_NGINX_CONFIG) ||
       cfg->deploys != DEPLOYS_ANY ||
       (cfg->require == REQ_NGINX_CONFIG && cfg->refs == REFS_OTHER)))
    rc = rc_error(d, loc,
                  "'refs' applies to require: refs_exist (or nginx_config, "
                  "deployed or presumed), without 'deploys'");
  if (cfg->db_clients != CLIENTS_ANY && cfg->require != REQ_DB_PRIVATE)
    rc = rc_error(d, loc, "'db_clients' applies to require: db_not_public");
  if (cfg->watch != WATCH_SHOWN && cfg->require != REQ_HEALTHCHECK)
    rc = rc_error(d, loc, "'watch' applies to require: healthcheck");
  if (rc_globs_validate(&cfg->file, "file", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  return rc;
}

static const struct rc_field fields[] = {
    {"file", RC_FIELD_STRINGS, offsetof(struct cfg, file), 0, NULL,
     "compose files (paths or globs) to judge instead of the production "
     "views the deployment model finds"},
    {"require", RC_FIELD_ENUM, offsetof(struct cfg, require), RC_FIELD_REQUIRED,
     require_names,
     "what every service must meet: healthcheck, resource_limits, "
     "restart_policy, db_not_public, db_named_volume, refs_exist, "
     "bind_dirs_exist, exec_healthcheck, scripts_executable, "
     "no_plaintext_secrets, nginx_config or deploy_evidence (the view shows "
     "that it deploys)"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of compose files not to judge"},
    {"restart_set", RC_FIELD_ENUM, offsetof(struct cfg, restart_set), 0,
     restart_set_names,
     "with restart_policy: judge every view (any, the default), only views "
     "where some service sets a restart policy (somewhere), or only views "
     "where none does (nowhere)"},
    {"deploys", RC_FIELD_ENUM, offsetof(struct cfg, deploys), 0, deploys_names,
     "judge every production view (any, the default), only views with "
     "positive evidence that they deploy (evidenced: a production-named "
     "file, a deploy script or document, a compose bundle, the published "
     "image), or only the others (presumed)"},
    {"refs", RC_FIELD_ENUM, offsetof(struct cfg, refs), 0, refs_names,
     "with refs_exist: report every missing reference (any, the default), "
     "only those of views that show they deploy and that do not resolve from "
     "the repository root either (deployed), or the others (other)"},
    {"db_clients", RC_FIELD_ENUM, offsetof(struct cfg, db_clients), 0,
     db_clients_names,
     "with db_not_public: judge every published database (any, the "
     "default), only those a service of the stack reaches over the compose "
     "network (stack), or only the others (outside)"},
    {"watch", RC_FIELD_ENUM, offsetof(struct cfg, watch), 0, watch_names,
     "with healthcheck: report the services the file shows something acting "
     "on the health of or meaning to run unattended (shown, the default: a "
     "dependant, a checked service beside it, its restart policy, Swarm "
     "replicas), only the published, exposed or proxied services it shows "
     "none of that for and Swarm services of one replica (unshown), or "
     "both (any)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_compose = {
    .name = "compose",
    .summary = "every service of the production compose views meets a "
               "requirement (healthcheck, limits, ports, references...)",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
