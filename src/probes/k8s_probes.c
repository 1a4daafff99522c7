/*
 * k8s_probes.c - the k8s probe's probes requirement: a readiness probe on
 * containers that serve a port of pods a Service selects, and what stands
 * in for one (a front proxy, a scrape sidecar, a stock data store).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/path.h"
#include "readycheck/k8s.h"
#include "readycheck/helm.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"
#include "readycheck/role.h"
#include "readycheck/user.h"
#include "k8s_parts.h"

/* ---- probes ----------------------------------------------------------------
 */
/* A scalar's text, numbers as written in decimal (`8080`, "8080"). */
static const char *scalar_text(struct rc_arena *a, const cJSON *v)
{
  if (cJSON_IsString(v))
    return v->valuestring;
  if (cJSON_IsNumber(v))
    return rc_arena_printf(a, "%.0f", v->valuedouble);
  return NULL;
}

/* A Service port's target (targetPort, else port: a number or a port
 * name) is one of the container's ports. A value a chart leaves to what
 * readycheck cannot evaluate matches: cannot tell is never "no traffic". */
static bool port_reaches(struct rc_arena *a, const cJSON *sp,
                         const cJSON *ports)
{
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(sp, "targetPort");
  if (!target)
    target = cJSON_GetObjectItemCaseSensitive(sp, "port");
  const char *want = scalar_text(a, target);
  if (!want || rc_helm_unknown(target) || rc_helm_unknown(ports))
    return true;
  if (!cJSON_IsArray(ports))
    return false;
  const cJSON *p;
  cJSON_ArrayForEach(p, ports) {
    const cJSON *num = cJSON_GetObjectItemCaseSensitive(p, "containerPort");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(p, "name");
    if (rc_helm_unknown(p) || rc_helm_unknown(num) || rc_helm_unknown(name))
      return true;
    const char *n = scalar_text(a, num), *nm = scalar_text(a, name);
    if ((n && strcmp(n, want) == 0) || (nm && strcmp(nm, want) == 0))
      return true;
  }
  return false;
}

/* Some port of a Service selecting w's pods targets a port container c
 * declares. */
static bool targets(struct run *r, const struct rc_k8s_workload *w,
                    const cJSON *c)
{
  const cJSON *ports = rc_k8s_container_get(w, c, "ports", NULL);
  for (size_t i = 0; i < w->n_services; i++) {
    const cJSON *sports = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(w->services[i], "spec"), "ports");
    if (!cJSON_IsArray(sports) || rc_helm_unknown(sports))
      return true;
    const cJSON *sp;
    cJSON_ArrayForEach(sp, sports) {
      if (rc_helm_unknown(sp) || port_reaches(r->a, sp, ports))
        return true;
    }
  }
  return false;
}

/* Which containers of a served pod the traffic reaches: those whose ports
 * a Service targets. A sidecar (an auth proxy beside the app, a config
 * reloader) whose ports no Service targets is not behind it, and when the
 * proxy is what the Service targets, the app behind it is not either. When
 * the Services target no port any container declares (declaring ports is
 * optional), every container with ports may be the one. */
static bool reached(struct run *r, const struct rc_k8s_workload *w,
                    const cJSON *c)
{
  if (!w->n_services || targets(r, w, c))
    return true;
  const cJSON *o;
  cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(
                            rc_k8s_pod_spec(w->obj, w->kind), "containers")) {
    if (o != c && targets(r, w, o))
      return false;
  }
  return true;
}

/* Every port c declares is named for metrics or for an exporter
 * (`metrics`, `pgsql-exporter`, `prom`), or c itself is named for an
 * exporter: it serves Prometheus's scrape, not the pod's traffic. */
static bool scrape_sidecar(const struct rc_k8s_workload *w, const cJSON *c)
{
  const char *name = kp_cname(c);
  if (name && rc_str_find_ci(name, "exporter"))
    return true;
  const cJSON *ports = rc_k8s_container_get(w, c, "ports", NULL);
  const cJSON *p;
  if (!cJSON_IsArray(ports) || !ports->child)
    return false;
  cJSON_ArrayForEach(p, ports) {
    const char *pn = kp_str_of(p, "name");
    if (!pn ||
        !(rc_str_find_ci(pn, "metrics") || rc_str_find_ci(pn, "exporter") ||
          strcmp(pn, "prom") == 0 || strcmp(pn, "prometheus") == 0))
      return false;
  }
  return true;
}

/* A metrics exporter sidecar (a pgsql or redis exporter) in a pod whose
 * other container has a readinessProbe: a pod is ready when all its
 * containers are, so the main container's probe already gates the
 * Service, and one on the exporter would only take the database out of
 * it when the exporter fails. The name of that main container, or NULL.
 * A pod that is only an exporter is asked. */
static const char *exporter_beside(const struct rc_k8s_workload *w,
                                   const cJSON *c)
{
  if (!scrape_sidecar(w, c))
    return NULL;
  const cJSON *o;
  cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(
                            rc_k8s_pod_spec(w->obj, w->kind), "containers")) {
    if (o != c && kp_filled(rc_k8s_container_get(w, o, "readinessProbe", NULL)))
      return kp_cname(o) ? kp_cname(o) : "the main container";
  }
  return NULL;
}

/* A reverse proxy in front of the application (an auth proxy, nginx
 * serving static files and passing the rest on), by a word of its
 * container name or image name. */
static bool front_proxy(struct run *r, const struct rc_k8s_workload *w,
                        const cJSON *c)
{
  static const char *const words[] = {"proxy",   "nginx", "caddy", "traefik",
                                      "haproxy", "envoy", NULL};
  const char *name = kp_cname(c);
  const char *image = rc_k8s_container_image(r->a, w, c);
  char base[128] = "";
  if (image)
    rc_model_image_name(image, base, sizeof(base));
  return (name && rc_role_name_word(name, words)) ||
         (*base && rc_role_name_word(base, words));
}

/* A reverse proxy the Service targets, in front of a container of the same
 * pod that no Service targets and that has a readinessProbe (the app the
 * proxy passes requests to): a pod is ready only when all its containers
 * are, so the Service sends the proxy nothing until the app behind it is
 * ready - the app's probe is the pod's. The name of that app container,
 * or NULL. A proxy beside an unprobed app, or beside a container the
 * Service reaches on its own, is asked. */
static const char *proxy_before(struct run *r, const struct rc_k8s_workload *w,
                                const cJSON *c)
{
  if (!front_proxy(r, w, c))
    return NULL;
  const cJSON *o;
  cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(
                            rc_k8s_pod_spec(w->obj, w->kind), "containers")) {
    if (o != c && !targets(r, w, o) &&
        kp_filled(rc_k8s_container_get(w, o, "readinessProbe", NULL)))
      return kp_cname(o) ? kp_cname(o) : "the application container";
  }
  return NULL;
}

/* A stock message broker or object store image (kafka, redpanda, nats,
 * minio): a backing store as a database is, its clients connect and
 * retry. By the image's own name, whole: a UI or exporter for one
 * (kafka-ui, nats-exporter) serves requests. What it is, or NULL. */
static const char *stock_store(const char *image)
{
  static const struct {
    const char *name, *is;
  } stores[] = {{"kafka", "broker"},          {"cp-kafka", "broker"},
                {"redpanda", "broker"},       {"nats", "broker"},
                {"zookeeper", "coordinator"}, {"cp-zookeeper", "coordinator"},
                {"minio", "object store"},    {NULL, NULL}};
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  for (size_t i = 0; stores[i].name; i++)
    if (strcmp(name, stores[i].name) == 0)
      return stores[i].is;
  return NULL;
}

/* A mail catcher (mailhog, mailpit, maildev): an SMTP stand-in that keeps
 * mail for a developer to read instead of delivering it - a test double
 * beside the deployment, not one of its services. */
bool kp_mail_catcher(const char *image)
{
  static const char *const names[] = {"mailhog",  "mailpit",     "maildev",
                                      "smtp4dev", "mailcatcher", "inbucket",
                                      NULL};
  char name[128];
  if (!image)
    return false;
  rc_model_image_name(image, name, sizeof(name));
  for (size_t i = 0; names[i]; i++)
    if (strcmp(name, names[i]) == 0)
      return true;
  return false;
}

struct judged kp_req_probes(struct run *r, const struct rc_k8s_workload *w,
                            const cJSON *c)
{
  struct rc_where at;
  const cJSON *ports = rc_k8s_container_get(w, c, "ports", &at);
  if (!w->served || (!kp_filled(ports) && !rc_helm_unknown(ports)) ||
      !reached(r, w, c))
    return kp_verdict(V_SKIP, at, NULL); /* takes no traffic: a worker, a
                                         controller, a node agent, a
                                         sidecar no Service targets */
  struct rc_where rat, lat;
  const cJSON *ready = rc_k8s_container_get(w, c, "readinessProbe", &rat);
  const cJSON *live = rc_k8s_container_get(w, c, "livenessProbe", &lat);
  if (rc_helm_unknown(ready) || rc_helm_unknown(live) || rc_helm_unknown(ports))
    return kp_verdict(V_UNKNOWN, at, "probes come from a chart helper");
  if (kp_filled(ready))
    return kp_verdict(V_PASS, rat,
                      kp_filled(live)
                          ? "has readiness and liveness probes"
                          : "has a readinessProbe (no livenessProbe: "
                            "restarts are left to the process exiting)");
  at.line = rc_k8s_line(w->doc, c);
  at.path = w->doc->path;
  if (kp_template_mentions(r, w, "readinessProbe"))
    return kp_verdict(V_PASS, at,
                      "the chart's readinessProbe is a value, off by default: "
                      "whoever installs it turns it on");
  const char *helper = kp_helper_writes(r, w, "readinessProbe");
  if (helper)
    return kp_verdict(V_PASS, at,
                      rc_arena_printf(r->a,
                                      "the chart writes its readinessProbe "
                                      "through the helper '%s', from its "
                                      "values",
                                      helper));
  /* A stock database, cache or broker image (postgres, redis, mongo)
   * run with no probe at all: its clients connect and retry, and whether
   * such a backing store should carry a probe is a convention reviewers
   * differ on. One that has a livenessProbe but no readinessProbe was
   * given health checks and lacks the one that gates traffic: asked. */
  const char *image = rc_k8s_container_image(r->a, w, c);
  if (!kp_filled(live) && image &&
      (rc_model_is_database_image(image) || stock_store(image)))
    return kp_verdict(
        V_PASS, at,
        rc_arena_printf(r->a,
                        "runs the stock %s image '%s' "
                        "with no probes: its clients connect "
                        "and retry, not asked",
                        stock_store(image) ? stock_store(image) : "database",
                        image));
  const char *main_c = exporter_beside(w, c);
  if (main_c)
    return kp_verdict(V_PASS, at,
                      rc_arena_printf(r->a,
                                      "a metrics exporter beside '%s', whose "
                                      "readinessProbe is the pod's: a probe "
                                      "here would only take '%s' out of the "
                                      "Service when the exporter fails",
                                      main_c, main_c));
  const char *app = proxy_before(r, w, c);
  if (app)
    return kp_verdict(
        V_PASS, at,
        rc_arena_printf(r->a,
                        "a reverse proxy in front of '%s', whose "
                        "readinessProbe is the pod's: the Service "
                        "sends it traffic only once '%s' is ready",
                        app, app));
  return kp_verdict(V_FAIL, at,
                    kp_filled(live)
                        ? "a Service sends it traffic but it has no "
                          "readinessProbe: traffic reaches it before it "
                          "is ready"
                        : "a Service sends it traffic but it has no "
                          "readinessProbe (nor livenessProbe)");
}
