/*
 * compose_healthcheck.c - healthcheck and exec_healthcheck: which
 * services a healthcheck is owed (one another waits for healthy, one
 * beside a checked service, a published one it restarts, a Swarm service
 * of several replicas), which are workers, sidecars or try-outs, and an
 * exec-form test that needs a shell.
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

/* Another service waits for this one with `condition: service_healthy`:
 * without a healthcheck Compose refuses to start the stack. */
const struct rc_compose_service *
compose_awaited_healthy(const struct rc_compose_view *v, const char *name)
{
  for (size_t i = 0; i < v->n_services; i++) {
    const cJSON *dep = rc_compose_get(&v->services[i], "depends_on", NULL);
    const cJSON *cond = compose_get(compose_get(dep, name), "condition");
    if (compose_str(cond) && strcmp(compose_str(cond), "service_healthy") == 0)
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
  const struct rc_image *im = compose_built_image(r, s);
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
bool compose_runs_own_code(const struct run *r,
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
    const char *ip = compose_str(compose_get(p, "host_ip"));
    return compose_get(p, "published") &&
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
bool compose_background_worker(const struct run *r,
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
bool compose_front_proxy(const struct rc_compose_service *s)
{
  static const char *const words[] = {"proxy",   "nginx", "caddy", "traefik",
                                      "haproxy", "envoy", NULL};
  return rc_role_name_word(s->name, words) != NULL;
}

/* A helper beside the application that publishes no port - a monitoring
 * agent or metrics exporter, the stack's watchdog, a headless browser the
 * workers drive - by a word of its name: nobody reaches it from outside,
 * and reviewers differ on whether such a sidecar needs a healthcheck. */
bool compose_sidecar(const struct rc_compose_service *s)
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
bool compose_watched(const struct rc_compose_view *v)
{
  static const char *const words[] = {"watchdog", NULL};
  for (size_t i = 0; i < v->n_services; i++)
    if (rc_role_name_word(v->services[i].name, words))
      return true;
  return false;
}

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
    if (compose_get(dep, name))
      return &v->services[i];
    if (!cJSON_IsArray(dep))
      continue;
    const cJSON *item;
    cJSON_ArrayForEach(item, dep) {
      if (compose_str(item) && strcmp(compose_str(item), name) == 0)
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
    const char *text = cJSON_IsArray(labels) ? compose_str(l) : l->string;
    if (text && strncmp(text, "traefik.http.routers.", 21) == 0)
      return true;
  }
  return false;
}

/* Another service of the view has a healthcheck (in compose or its
 * image) - one that runs the project's own code, when own is set: the
 * file watches its services, and one left out is an oversight (dev labels
 * of findings beside such a service: 19 true, 3 debatable, 0 false). */
const struct rc_compose_service *
compose_checked_sibling(const struct run *r, const struct rc_compose_service *s,
                        bool own)
{
  for (size_t i = 0; i < r->view->n_services; i++) {
    const struct rc_compose_service *o = &r->view->services[i];
    if (strcmp(o->name, s->name) == 0 || compose_one_shot(r, o) ||
        (own && !compose_runs_own_code(r, o)))
      continue;
    const cJSON *dis = rc_compose_get(o, "healthcheck.disable", NULL);
    if (!cJSON_IsTrue(dis) && (rc_compose_get(o, "healthcheck.test", NULL) ||
                               compose_image_healthcheck(r, o)))
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
           : compose_str(n)  ? strtol(compose_str(n), NULL, 10)
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
  if (compose_swarm_stack(r->view))
    compose_problem(
        r, s, NULL,
        "no healthcheck (in compose or its Dockerfile) on a Swarm service "
        "of one replica: Swarm restarts it when it exits, and with a "
        "healthcheck would also replace it when it hangs");
  else if (port)
    compose_problem(
        r, s, NULL,
        "no healthcheck (in compose or its Dockerfile): it publishes %s, "
        "and the file neither restarts it nor checks any service, so a "
        "hung process shows as running (plain Compose acts on no "
        "health: a healthcheck makes a hang visible)",
        port);
  else
    compose_problem(
        r, s, NULL,
        "no healthcheck (in compose or its Dockerfile): it serves the "
        "stack (exposed or routed by a proxy), and the file neither "
        "restarts it nor checks any service, so a hung process shows as "
        "running");
}

void compose_req_healthcheck(struct run *r, const struct rc_compose_service *s)
{
  struct rc_where at;
  const cJSON *dis = rc_compose_get(s, "healthcheck.disable", &at);
  if (cJSON_IsTrue(dis)) {
    if (watch_reports(r, true))
      compose_problem(r, s, &at, "healthcheck disabled");
    return;
  }
  if (rc_compose_get(s, "healthcheck.test", NULL) || compose_one_shot(r, s) ||
      compose_image_healthcheck(r, s))
    return;
  const struct rc_compose_service *waiter =
      compose_awaited_healthy(r->view, s->name);
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
      compose_problem(
          r, s, NULL,
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
  if (compose_swarm_stack(r->view)) {
    long n = replicas(s);
    if (!n)
      unshown_healthcheck(r, s, NULL);
    else if (shown)
      compose_problem(
          r, s, NULL,
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
      compose_problem(
          r, s, NULL,
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
  const struct rc_compose_service *sib = compose_checked_sibling(r, s, false);
  if (sib) {
    if (shown)
      compose_problem(
          r, s, NULL,
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
    compose_problem(
        r, s, NULL,
        "no healthcheck (in compose or its Dockerfile): it publishes %s "
        "and is restarted (%s), which brings back a crashed process, not "
        "a hung one: `docker compose ps` shows it up while it does not "
        "answer (plain Compose restarts nothing on health: a healthcheck "
        "makes a hang visible to the operator and to monitoring)",
        w.port, how);
  else if (rc_compose_get(s, "expose", NULL))
    compose_problem(
        r, s, NULL,
        "no healthcheck (in compose or its Dockerfile): it exposes a port "
        "to the stack's services and is restarted (%s), which brings back "
        "a crashed process, not a hung one: `docker compose ps` shows it "
        "up while it does not answer",
        how);
  else if (proxy_routed(s))
    compose_problem(
        r, s, NULL,
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
bool compose_health_unused(const struct run *r,
                           const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "healthcheck", NULL) ||
      compose_image_healthcheck(r, s) || compose_swarm_stack(r->view) ||
      depended_on(r->view, s->name) || proxy_routed(s) ||
      rc_compose_get(s, "expose", NULL))
    return false;
  return !published((struct run *)r, s).port;
}

const char *compose_base_name(const char *prog)
{
  const char *slash = strrchr(prog, '/');
  return slash ? slash + 1 : prog;
}

void compose_req_exec_healthcheck(struct run *r,
                                  const struct rc_compose_service *s)
{
  struct rc_where at;
  const cJSON *test = rc_compose_get(s, "healthcheck.test", &at);
  const char *first =
      cJSON_IsArray(test) ? compose_str(cJSON_GetArrayItem(test, 0)) : NULL;
  if (!first || strcmp(first, "CMD") != 0)
    return;
  r->n_examined++;
  const char *argv[64];
  size_t n = 0;
  const cJSON *t;
  cJSON_ArrayForEach(t, test) {
    if (t != test->child && n < 64)
      argv[n++] = compose_str(t);
  }
  const char *word = rc_exec_form_shell_word(argv, n);
  if (word)
    compose_problem(
        r, s, &at,
        "exec-form healthcheck [\"CMD\", ...] contains shell syntax "
        "'%s' that runs without a shell",
        word);
}
