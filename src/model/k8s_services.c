/*
 * k8s_services.c - whether a Service routes traffic to a workload: a
 * readiness probe gates only what a Service sends. Metrics-only Services
 * and those publishing pods not ready gate nothing; chart helpers' labels
 * we cannot evaluate count as selecting.
 */
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/helm.h"
#include "readycheck/role.h"

#include "k8s_build.h"

/* Every key of the selector has the same value among the labels. */
static bool selects(const cJSON *selector, const cJSON *labels)
{
  if (!cJSON_IsObject(selector) || !selector->child)
    return false;
  for (const cJSON *c = selector->child; c; c = c->next) {
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(labels, c->string);
    if (rc_helm_unknown(c) || rc_helm_unknown(l))
      continue; /* a helper's label: assume it matches */
    if (!cJSON_IsString(c) || !cJSON_IsString(l) ||
        strcmp(c->valuestring, l->valuestring) != 0)
      return false;
  }
  return true;
}

/* Every port of the Service is named for metrics (`metrics`,
 * `http-metrics`, `tcp-metrics`): it is Prometheus's scrape target, not
 * a way in for traffic a readiness probe would gate (a node exporter, a
 * controller's metrics endpoint). */
/* So is a Service named for metrics (`<app>-metrics`, its port named
 * `http`) beside a workload that is not itself named for them (the
 * operator's metrics endpoint, not kube-state-metrics' own service). */
static bool metrics_named(const cJSON *svc, const char *workload)
{
  const char *name =
      k8s_str_at(cJSON_GetObjectItemCaseSensitive(svc, "metadata"), "name");
  size_t n = name ? strlen(name) : 0;
  return n > 8 && strcasecmp(name + n - 8, "-metrics") == 0 &&
         !(workload && rc_str_find_ci(workload, "metrics"));
}

static bool scrape_only(const cJSON *svc, const char *workload)
{
  const cJSON *ports = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(svc, "spec"), "ports");
  const cJSON *p;
  if (metrics_named(svc, workload))
    return true;
  if (!cJSON_IsArray(ports) || !ports->child)
    return false;
  cJSON_ArrayForEach(p, ports) {
    const char *name = k8s_str_at(p, "name");
    if (!name || !rc_str_find_ci(name, "metrics"))
      return false;
  }
  return true;
}

/* A Service that publishes its endpoints whether or not they are ready
 * (`publishNotReadyAddresses: true`, the headless Service a clustered
 * server finds its peers through): readiness gates nothing it sends. */
static bool publishes_not_ready(const cJSON *svc)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(svc, "spec"),
      "publishNotReadyAddresses");
  return cJSON_IsTrue(v) ||
         (cJSON_IsString(v) && strcasecmp(v->valuestring, "true") == 0);
}

static void add_service(struct services *out, const cJSON *svc)
{
  if (out->n == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 4;
    const cJSON **grown = rc_arena_alloc(out->a, cap * sizeof(*grown));
    if (out->n)
      memcpy(grown, out->svc, out->n * sizeof(*grown));
    out->svc = grown;
    out->cap = cap;
  }
  out->svc[out->n++] = svc;
}

/* A Service in the repository's manifests selects the workload's pods:
 * traffic reaches them through it (a metrics-only Service is scraped, not
 * a way in, and one that publishes pods not ready is not gated by
 * readiness). A workload outside test and example
 * folders is served by a Service outside them too; a chart's workload is
 * served by a Service of the same chart (another chart's helper labels say
 * nothing about it). Labels a chart helper makes, not evaluated here, count as
 * selected (cannot tell is never "no traffic"). The Services found go to
 * out. */
bool k8s_served(const struct rc_k8s *k, const struct rc_k8s_doc *doc,
                const cJSON *obj, const char *kind, struct services *out)
{
  const struct rc_k8s_chart *chart =
      doc->templated ? k8s_chart_above(k, doc->path) : NULL;
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
  if (strcmp(kind, "CronJob") == 0)
    spec = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(spec, "jobTemplate"), "spec");
  const cJSON *meta =
      strcmp(kind, "Pod") == 0
          ? cJSON_GetObjectItemCaseSensitive(obj, "metadata")
          : cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(spec, "template"), "metadata");
  const cJSON *labels = cJSON_GetObjectItemCaseSensitive(meta, "labels");
  if (!labels)
    return false;
  bool unknown = rc_helm_unknown(labels);
  bool live = rc_role_of_path(doc->path, NULL, 0) == RC_ROLE_PRODUCTION;
  /* an exporter's metrics are what it serves: its scrape is its traffic */
  const char *name =
      k8s_str_at(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "name");
  bool exporter = name && rc_str_find_ci(name, "exporter");
  for (size_t i = 0; i < k->n_docs; i++) {
    if ((chart && k8s_chart_above(k, k->docs[i].path) != chart) ||
        (live &&
         rc_role_of_path(k->docs[i].path, NULL, 0) != RC_ROLE_PRODUCTION))
      continue;
    for (size_t d = 0; d < k->docs[i].docs.n; d++) {
      const cJSON *o = k->docs[i].docs.docs[d];
      const char *okind = k8s_str_at(o, "kind");
      if (okind && strcmp(okind, "Service") == 0 &&
          (exporter || !scrape_only(o, name)) && !publishes_not_ready(o) &&
          (unknown ||
           selects(cJSON_GetObjectItemCaseSensitive(
                       cJSON_GetObjectItemCaseSensitive(o, "spec"), "selector"),
                   labels)))
        add_service(out, o);
    }
  }
  /* labels a helper makes outside a chart: cannot tell, so served */
  return out->n > 0 || (unknown && !chart);
}
