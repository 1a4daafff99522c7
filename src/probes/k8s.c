/*
 * k8s.c - the `k8s` probe: the deployment model's production Kubernetes
 * workloads (k8s.h) meet one requirement, container by container, with
 * kustomize patches applied and chart templates read through values.yaml:
 *
 * - resources: requests and limits; a chart that exposes `resources` in its
 *   values leaves sizing to the operator, as Helm's own starter chart does;
 * - probes: a readiness probe (any kind: httpGet, tcpSocket, exec, grpc)
 *   on containers that serve a port of pods a Service selects (readiness
 *   is what gates their traffic); liveness is noted, not required;
 * - non_root: securityContext runAsNonRoot / runAsUser > 0 (pod or
 *   container), or an image built here whose user is not root (model
 *   user.c), or an official image that drops privileges itself;
 * - pinned_image: a tag other than latest, or a digest; images skaffold or
 *   kustomize tag at deploy time count.
 *
 * One-shot workloads (Jobs, CronJobs, hooks) are not asked for probes or
 * resources. A value a chart leaves to a helper readycheck does not
 * evaluate is "cannot tell": never a pass, never a failure of its own.
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

enum { REQ_RESOURCES, REQ_PROBES, REQ_NON_ROOT, REQ_PINNED };

static const char *const require_names[] = {"resources", "probes", "non_root",
                                            "pinned_image", NULL};

/* pinned_image's `shape`: every container; all but the project's own
 * image floating in a plain manifest; only that one (see req_pinned) */
enum { SHAPE_ANY, SHAPE_FIRM, SHAPE_OWN_LATEST };

static const char *const shape_names[] = {"any", "firm", "own_latest", NULL};

struct cfg {
  int require;
  int shape;
  struct rc_strlist exclude;
};

enum verdict { V_PASS, V_FAIL, V_UNKNOWN, V_SKIP };

struct judged {
  enum verdict v;
  struct rc_where at;
  const char *why;
  const char *label; /* "Deployment/api, container api" */
  /* failures of one cause share it: a chart's floating image is one
   * value of the chart, however many of its workloads run it */
  const char *cause;
  const char *workload; /* "Deployment/api" */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_arena *a;
  struct rc_check *out;
  size_t n_items, n_failed, n_unknown, n_one_shot, n_templates;
  size_t n_idle; /* containers skipped without a reason of their own: for
                    probes, those no Service sends traffic to */
  const char *first_fail, *first_unknown;
  const char *first_unset; /* a container whose image the installer sets */
  struct judged *items;
  size_t n_kept, cap_items;
};

static struct judged verdict(enum verdict v, struct rc_where at,
                             const char *why)
{
  struct judged j = {v, at, why, NULL, NULL, NULL};
  return j;
}

static bool filled(const cJSON *v)
{
  return (cJSON_IsObject(v) || cJSON_IsArray(v)) && v->child;
}

static const char *str_of(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *cname(const cJSON *c)
{
  const cJSON *n = cJSON_GetObjectItemCaseSensitive(c, "name");
  return cJSON_IsString(n) ? n->valuestring : "?";
}

/* ---- resources ------------------------------------------------------------
 */

/* A chart workload whose chart takes the setting from its values.yaml
 * (`resources:` there, usually `{}`): the chart leaves it to whoever
 * installs it, as Helm's own starter chart does. */
static bool chart_exposes(struct run *r, const struct rc_k8s_workload *w,
                          const char *key)
{
  if (!w->doc->templated || !w->entry || w->entry->kind != RC_K8S_CHART)
    return false;
  const char *path =
      *w->entry->path ? rc_arena_printf(r->a, "%s/values.yaml", w->entry->path)
                      : "values.yaml";
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *text;
  size_t len;
  char err[128];
  return e &&
         rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) == 0 &&
         strstr(text, rc_arena_printf(r->a, "%s:", key)) != NULL;
}

static struct judged
req_resources(struct run *r, const struct rc_k8s_workload *w, const cJSON *c)
{
  struct rc_where at;
  const cJSON *res = rc_k8s_container_get(w, c, "resources", &at);
  if (rc_helm_unknown(res))
    return verdict(V_UNKNOWN, at, "resources come from a chart helper");
  const cJSON *req = cJSON_GetObjectItemCaseSensitive(res, "requests");
  const cJSON *lim = cJSON_GetObjectItemCaseSensitive(res, "limits");
  if (filled(req) && filled(lim))
    return verdict(V_PASS, at, "sets resource requests and limits");
  if (chart_exposes(r, w, "resources"))
    return verdict(V_PASS, at,
                   "the chart takes resources from values.yaml: whoever "
                   "installs it sizes them");
  const char *missing = !filled(res)   ? "no resources (requests, limits)"
                        : !filled(req) ? "no resources.requests"
                                       : "no resources.limits";
  return verdict(V_FAIL, at, missing);
}

/* ---- probes ----------------------------------------------------------------
 */

/* The chart template a workload is rendered from reads the setting (a
 * toggle such as `{{- if .Values.readiness.enabled }}`), whatever values.yaml
 * defaults it to. */
static bool template_mentions(struct run *r, const struct rc_k8s_workload *w,
                              const char *key)
{
  const struct rc_entry *e =
      w->doc->templated ? rc_index_find(r->ctx->index, w->doc->path) : NULL;
  const char *text;
  size_t len;
  char err[128];
  return e &&
         rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) == 0 &&
         strstr(text, key) != NULL;
}

struct helper_find {
  struct run *r;
  const char *define; /* `define "NAME"` */
  const char *key;
};

/* The file defines the named template, and its body (up to the next
 * `define`) writes the key. */
static int on_helper_file(const struct rc_entry *e, void *arg)
{
  struct helper_find *h = arg;
  const char *text;
  size_t len;
  char err[128];
  if (rc_index_read(h->r->ctx->index, e, &text, &len, err, sizeof(err)) != 0)
    return 0;
  const char *body = strstr(text, h->define);
  if (!body)
    return 0;
  body += strlen(h->define);
  const char *next = strstr(body, "define \"");
  size_t n = next ? (size_t)(next - body) : strlen(body);
  const char *k = strstr(body, h->key);
  return k && (size_t)(k - body) < n;
}

/* A named template the workload's chart template includes writes the key
 * (`{{ include "app.merge.probe" (dict "Type" "readiness" ...) }}`, whose
 * `define` in a .tpl file of the chart's templates folder renders
 * `readinessProbe`): the helper builds it from values readycheck cannot
 * evaluate. Its name, or NULL. */
static const char *helper_writes(struct run *r, const struct rc_k8s_workload *w,
                                 const char *key)
{
  const struct rc_entry *e =
      w->doc->templated ? rc_index_find(r->ctx->index, w->doc->path) : NULL;
  const char *text;
  size_t len;
  char err[128];
  if (!e || rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)))
    return NULL;
  const char *glob =
      rc_arena_printf(r->a, "%s/*.tpl", rc_path_dir(r->a, w->doc->path));
  for (const char *p = strstr(text, "include \""); p;
       p = strstr(p + 1, "include \"")) {
    const char *name = p + 9;
    size_t n = strcspn(name, "\"\n");
    if (name[n] != '"' || n == 0)
      continue;
    struct helper_find h = {
        r, rc_arena_printf(r->a, "define \"%.*s\"", (int)n, name), key};
    if (rc_index_glob_any(r->ctx->index, glob, on_helper_file, &h))
      return rc_arena_strndup(r->a, name, n);
  }
  return NULL;
}

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
  const char *name = cname(c);
  if (name && rc_str_find_ci(name, "exporter"))
    return true;
  const cJSON *ports = rc_k8s_container_get(w, c, "ports", NULL);
  const cJSON *p;
  if (!cJSON_IsArray(ports) || !ports->child)
    return false;
  cJSON_ArrayForEach(p, ports) {
    const char *pn = str_of(p, "name");
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
    if (o != c && filled(rc_k8s_container_get(w, o, "readinessProbe", NULL)))
      return cname(o) ? cname(o) : "the main container";
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
  const char *name = cname(c);
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
        filled(rc_k8s_container_get(w, o, "readinessProbe", NULL)))
      return cname(o) ? cname(o) : "the application container";
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
static bool mail_catcher(const char *image)
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

static struct judged req_probes(struct run *r, const struct rc_k8s_workload *w,
                                const cJSON *c)
{
  struct rc_where at;
  const cJSON *ports = rc_k8s_container_get(w, c, "ports", &at);
  if (!w->served || (!filled(ports) && !rc_helm_unknown(ports)) ||
      !reached(r, w, c))
    return verdict(V_SKIP, at, NULL); /* takes no traffic: a worker, a
                                         controller, a node agent, a
                                         sidecar no Service targets */
  struct rc_where rat, lat;
  const cJSON *ready = rc_k8s_container_get(w, c, "readinessProbe", &rat);
  const cJSON *live = rc_k8s_container_get(w, c, "livenessProbe", &lat);
  if (rc_helm_unknown(ready) || rc_helm_unknown(live) || rc_helm_unknown(ports))
    return verdict(V_UNKNOWN, at, "probes come from a chart helper");
  if (filled(ready))
    return verdict(V_PASS, rat,
                   filled(live) ? "has readiness and liveness probes"
                                : "has a readinessProbe (no livenessProbe: "
                                  "restarts are left to the process exiting)");
  at.line = rc_k8s_line(w->doc, c);
  at.path = w->doc->path;
  if (template_mentions(r, w, "readinessProbe"))
    return verdict(V_PASS, at,
                   "the chart's readinessProbe is a value, off by default: "
                   "whoever installs it turns it on");
  const char *helper = helper_writes(r, w, "readinessProbe");
  if (helper)
    return verdict(V_PASS, at,
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
  if (!filled(live) && image &&
      (rc_model_is_database_image(image) || stock_store(image)))
    return verdict(
        V_PASS, at,
        rc_arena_printf(r->a,
                        "runs the stock %s image '%s' "
                        "with no probes: its clients connect "
                        "and retry, not asked",
                        stock_store(image) ? stock_store(image) : "database",
                        image));
  const char *main_c = exporter_beside(w, c);
  if (main_c)
    return verdict(V_PASS, at,
                   rc_arena_printf(r->a,
                                   "a metrics exporter beside '%s', whose "
                                   "readinessProbe is the pod's: a probe "
                                   "here would only take '%s' out of the "
                                   "Service when the exporter fails",
                                   main_c, main_c));
  const char *app = proxy_before(r, w, c);
  if (app)
    return verdict(V_PASS, at,
                   rc_arena_printf(r->a,
                                   "a reverse proxy in front of '%s', whose "
                                   "readinessProbe is the pod's: the Service "
                                   "sends it traffic only once '%s' is ready",
                                   app, app));
  return verdict(V_FAIL, at,
                 filled(live) ? "a Service sends it traffic but it has no "
                                "readinessProbe: traffic reaches it before it "
                                "is ready"
                              : "a Service sends it traffic but it has no "
                                "readinessProbe (nor livenessProbe)");
}

/* ---- non-root --------------------------------------------------------------
 */

static struct judged by_image(struct run *r, const struct rc_k8s_workload *w,
                              const cJSON *c, struct rc_where at)
{
  const char *image = rc_k8s_container_image(r->a, w, c);
  if (!image || rc_helm_unknown(cJSON_GetObjectItemCaseSensitive(c, "image")))
    return verdict(V_UNKNOWN, at, "the image comes from a chart helper");
  const cJSON *cmd = rc_k8s_container_get(w, c, "command", NULL);
  const struct rc_image *im = rc_model_image_named(r->ctx->model, image);
  if (im && im->df && im->stage >= 0) {
    struct rc_image_user u;
    rc_image_user(r->ctx->index, r->a, im->df, (size_t)im->stage, im->context,
                  NULL, &u);
    if (u.non_root && !(u.dropped && cmd))
      return verdict(V_PASS, at,
                     rc_arena_printf(r->a, "runs image '%s' built from %s: %s",
                                     image, im->dockerfile, u.why));
    return verdict(
        V_FAIL, at,
        rc_arena_printf(r->a,
                        "runs image '%s' built from %s (%s%s) and no "
                        "securityContext sets runAsNonRoot or runAsUser",
                        image, im->dockerfile, u.why,
                        u.dropped ? "; `command` replaces that entrypoint"
                                  : ""));
  }
  if (rc_image_sets_nonroot_user(image))
    return verdict(
        V_PASS, at,
        rc_arena_printf(r->a, "'%s' sets a non-root USER itself", image));
  if (rc_image_drops_privileges(image) && !cmd)
    return verdict(
        V_PASS, at,
        rc_arena_printf(r->a, "'%s' drops privileges in its own entrypoint",
                        image));
  return verdict(V_FAIL, at,
                 rc_arena_printf(r->a,
                                 "runs '%s' and no securityContext sets "
                                 "runAsNonRoot or runAsUser: the image's "
                                 "default user (often root) decides",
                                 image));
}

static struct judged
req_non_root(struct run *r, const struct rc_k8s_workload *w, const cJSON *c)
{
  struct rc_where sat;
  int says = rc_k8s_run_as(w, c, &sat);
  if (says == -2)
    return verdict(V_UNKNOWN, sat,
                   "the securityContext comes from a chart helper");
  if (says == 1)
    return verdict(V_PASS, sat, "its securityContext runs it as non-root");
  if (says == 0)
    return verdict(V_FAIL, sat,
                   "its securityContext runs it as root (runAsUser: 0 or "
                   "runAsNonRoot: false)");
  struct rc_where at = {w->doc->path, rc_k8s_line(w->doc, c)};
  return by_image(r, w, c, at);
}

/* ---- pinned images ---------------------------------------------------------
 */

/* The tag of an image reference, "" if none; "@" for a digest. */
static const char *tag_of(const char *image)
{
  if (strchr(image, '@'))
    return "@";
  const char *slash = strrchr(image, '/');
  const char *colon = strrchr(slash ? slash : image, ':');
  return colon ? colon + 1 : "";
}

/* A chart template rendered with the values its repository commits gives
 * `repo:` or a bare `:` (`{{ .Values.image.repository }}:{{
 * .Values.image.tag }}` where values.yaml sets neither): no node can pull
 * that reference, so the chart is only ever installed with the image set
 * on the command line (a deploy script's `--set image.tag=$SHA`). It says
 * nothing about :latest. */
static bool unset_by_values(const char *image)
{
  size_t n = strlen(image);
  return !strchr(image, '@') && (*image == ':' || (n && image[n - 1] == ':'));
}

/* The fieldPath names container c: `containers.0.image` by its index,
 * `containers.[name=web].image` by its name. */
static bool names_container(const char *fp, const cJSON *c)
{
  const char *p = strstr(fp, "containers.");
  if (!p || !strstr(p, "image"))
    return false;
  p += 11;
  if (*p >= '0' && *p <= '9') {
    long want = strtol(p, NULL, 10), at = 0;
    /* cJSON: the first item's prev is the last, whose next is NULL */
    for (const cJSON *x = c; x->prev && x->prev->next; x = x->prev)
      at++;
    return at == want;
  }
  const char *name = str_of(c, "name");
  if (strncmp(p, "[name=", 6) == 0 && name)
    return strncmp(p + 6, name, strlen(name)) == 0 &&
           p[6 + strlen(name)] == ']';
  return true;
}

/* A kustomize replacement targets the workload's image (fieldPaths
 * spec.template.spec.containers.0.image, often with `delimiter: ':'` to
 * set the tag only): the kustomization's line, or 0. */
static unsigned replacement_line(const struct rc_docs *d,
                                 const struct rc_k8s_workload *w,
                                 const cJSON *c)
{
  const cJSON *rep;
  cJSON_ArrayForEach(
      rep, cJSON_GetObjectItemCaseSensitive(d->docs[0], "replacements")) {
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(rep, "targets")) {
      const cJSON *sel = cJSON_GetObjectItemCaseSensitive(t, "select");
      const char *kind = str_of(sel, "kind"), *name = str_of(sel, "name");
      if ((kind && strcmp(kind, w->kind) != 0) ||
          (name && strcmp(name, w->name) != 0))
        continue;
      const cJSON *fp;
      cJSON_ArrayForEach(fp,
                         cJSON_GetObjectItemCaseSensitive(t, "fieldPaths")) {
        if (cJSON_IsString(fp) && names_container(fp->valuestring, c))
          return rc_docs_line(d, fp);
      }
    }
  }
  return 0;
}

/* The YAML documents of the repository file at path, parsed into d
 * (rc_docs_release it); false when the file is absent or unreadable or
 * does not parse: the caller then has nothing to read. */
static bool yaml_docs(struct run *r, const char *path, struct rc_docs *d)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[256];
  return e && !rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) &&
         !rc_doc_cache_parse(rc_index_docs(r->ctx->index), d, data, len, path,
                             RC_DOC_YAML, err, sizeof(err));
}

/* Where the kustomization that deploys w replaces its image, or NULL. */
static const char *
image_replaced(struct run *r, const struct rc_k8s_workload *w, const cJSON *c)
{
  static const char *const names[] = {"kustomization.yaml", "kustomization.yml",
                                      "Kustomization"};
  if (!w->entry || w->entry->kind != RC_K8S_KUSTOMIZE)
    return NULL;
  for (size_t i = 0; i < 3; i++) {
    const char *path = rc_path_join(r->a, w->entry->path, names[i]);
    struct rc_docs d;
    if (!yaml_docs(r, path, &d))
      continue;
    unsigned line = d.n ? replacement_line(&d, w, c) : 0;
    rc_docs_release(&d);
    if (line)
      return rc_arena_printf(r->a, "%s:%u", path, line);
  }
  return NULL;
}

/* `kustomize edit set image controller=ghcr.io/x/op:v1.2` in the
 * repository's automation names the image (kubebuilder's scaffold keeps
 * `controller:latest` in config/manager for it to replace; a release
 * script's `quay.io/${ORG}/app:${TAG}` names it through variables). */
static const struct rc_set_image *set_by_release(struct run *r,
                                                 const char *image)
{
  const struct rc_entries *e = &r->ctx->model->entries;
  const char *tag = tag_of(image);
  size_t n = strlen(image) - strlen(tag) - (*tag ? 1 : 0);
  const char *repo = rc_arena_strndup(r->a, image, n);
  for (size_t i = 0; i < e->n_set_images; i++) {
    const char *name = e->set_images[i].name;
    if (*name && (strchr(name, '*') ? rc_glob_match(name, repo)
                                    : strcmp(name, repo) == 0))
      return &e->set_images[i];
  }
  return NULL;
}

/* The workload's :latest is written over by a release's `sed
 * 's/:latest/:$(VERSION)/'` on the manifests of its folder (the source
 * manifests keep :latest; the ones published carry the version). */
static const struct rc_set_image *
latest_stamped(struct run *r, const struct rc_k8s_workload *w,
               const char *image)
{
  const struct rc_entries *e = &r->ctx->model->entries;
  if (strcmp(tag_of(image), "latest") != 0)
    return NULL;
  for (size_t i = 0; i < e->n_set_images; i++) {
    const struct rc_set_image *s = &e->set_images[i];
    if (*s->name || !s->files || s->app_version)
      continue;
    if (!*s->files || rc_path_within(w->doc->path, s->files) ||
        (w->entry && rc_path_within(w->entry->path, s->files)))
      return s;
  }
  return NULL;
}

/* The appVersion the chart deploying w commits in its Chart.yaml, or
 * NULL. */
static const char *chart_app_version(struct run *r,
                                     const struct rc_k8s_workload *w)
{
  if (!w->doc->templated || !w->entry || w->entry->kind != RC_K8S_CHART)
    return NULL;
  const char *path = rc_path_join(r->a, w->entry->path, "Chart.yaml");
  struct rc_docs d;
  if (!yaml_docs(r, path, &d))
    return NULL;
  const char *v = d.n ? str_of(d.docs[0], "appVersion") : NULL;
  v = v ? rc_arena_strdup(r->a, v) : NULL;
  rc_docs_release(&d);
  return v;
}

/* The chart's image takes its tag from the chart's appVersion (`{{
 * .Values.image.tag | default .Chart.AppVersion }}`, Chart.yaml's
 * `appVersion: latest`), and the release packages the chart with `helm
 * package --app-version V`: the published chart names the release, the
 * committed appVersion is a placeholder. */
static const struct rc_set_image *
app_version_stamped(struct run *r, const struct rc_k8s_workload *w,
                    const char *image)
{
  const struct rc_entries *e = &r->ctx->model->entries;
  const char *app = chart_app_version(r, w);
  if (!app || strcmp(tag_of(image), app) != 0 ||
      !(template_mentions(r, w, "AppVersion") ||
        helper_writes(r, w, "AppVersion")))
    return NULL;
  for (size_t i = 0; i < e->n_set_images; i++) {
    const struct rc_set_image *s = &e->set_images[i];
    if (s->app_version && (!*s->files || strcmp(s->files, w->entry->path) == 0))
      return s;
  }
  return NULL;
}

/* A skaffold.yaml builds an artifact under the image's name with a
 * builder other than Docker (jib, ko, buildpacks: no Dockerfile for the
 * model to tie it to): skaffold replaces the name in the manifests with
 * the tag it builds. Where, or NULL. */
static const char *skaffold_artifact(struct run *r, const char *image)
{
  const struct rc_model *m = r->ctx->model;
  const char *slash = strrchr(image, '/');
  const char *colon = strrchr(slash ? slash : image, ':');
  size_t n = colon ? (size_t)(colon - image) : strlen(image);
  for (size_t i = 0; m && i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    const char *base = rc_path_base(b->at.path);
    /* an artifact built from a Dockerfile is the model's image, judged
     * with it above; one with no Dockerfile of its own (only skaffold's
     * default path, absent) uses another builder. A Dockerfile named but
     * not committed (`dockerfile: Dockerfile.dev`) builds nothing here. */
    if (b->tag && strlen(b->tag) == n && strncmp(b->tag, image, n) == 0 &&
        (strcmp(base, "skaffold.yaml") == 0 ||
         strcmp(base, "skaffold.yml") == 0) &&
        b->dockerfile &&
        strcmp(rc_path_base(b->dockerfile), "Dockerfile") == 0 &&
        !rc_index_find(r->ctx->index, b->dockerfile))
      return rc_arena_printf(r->a, "%s:%u", b->at.path, b->at.line);
  }
  return NULL;
}

/* The container's command and args as deployed, joined by spaces
 * ("" when it sets neither). */
static const char *container_command(struct run *r,
                                     const struct rc_k8s_workload *w,
                                     const cJSON *c)
{
  const char *keys[] = {"command", "args"};
  const char *out = "";
  for (size_t k = 0; k < 2; k++) {
    struct rc_where at;
    const cJSON *v = rc_k8s_container_get(w, c, keys[k], &at), *e;
    if (cJSON_IsString(v))
      out =
          rc_arena_printf(r->a, "%s%s%s", out, *out ? " " : "", v->valuestring);
    if (!cJSON_IsArray(v))
      continue;
    cJSON_ArrayForEach(e, v) {
      if (cJSON_IsString(e))
        out = rc_arena_printf(r->a, "%s%s%s", out, *out ? " " : "",
                              e->valuestring);
    }
  }
  return out;
}

/* A command that only waits (`sleep 3600`, `sleep infinity`, `tail -f
 * /dev/null`, through `sh -c` or not): the pod is there for someone to
 * exec into (a network or DNS debugging pod), it serves nothing. */
static bool idle_command(const char *cmd)
{
  static const char *const shells[] = {"/bin/sh ", "sh ", "/bin/bash ", "bash ",
                                       NULL};
  const char *p = cmd;
  for (size_t i = 0; shells[i]; i++)
    if (strncmp(p, shells[i], strlen(shells[i])) == 0) {
      p += strlen(shells[i]);
      if (*p != '-') /* a script: `sh start.sh` */
        return false;
      p += strcspn(p, " ");
      p += strspn(p, " ");
      break;
    }
  if (strcmp(p, "tail -f /dev/null") == 0)
    return true;
  if (strncmp(p, "sleep ", 6) != 0)
    return false;
  p += 6;
  if (strcmp(p, "infinity") == 0)
    return true;
  size_t n = strspn(p, "0123456789");
  return n > 0 && strspn(p + n, "smhd") == strlen(p + n) && strlen(p + n) < 2;
}

/* The line at `at` carries Flux's image automation marker (`image:
 * acme/app:latest # {"$imagepolicy": "flux-system:app"}`): Flux writes
 * the tag its ImagePolicy selects into that line and commits it. */
static bool flux_image_policy(struct run *r, struct rc_where at)
{
  const struct rc_entry *e =
      at.path ? rc_index_find(r->ctx->index, at.path) : NULL;
  const char *text;
  size_t len;
  char err[128];
  if (!e || !at.line ||
      rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) != 0)
    return false;
  const char *p = text, *end = text + len;
  for (unsigned n = 1; n < at.line && p < end; n++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
  const char *line = rc_arena_strndup(r->a, p, (size_t)((nl ? nl : end) - p));
  return strstr(line, "\"$imagepolicy\"") != NULL;
}

/* Looking for an Argo CD Image Updater annotation naming one image. */
struct updater_find {
  struct run *r;
  const char *repo; /* the image without tag or digest */
  const char *where;
};

/* ref (`alias=ghcr.io/acme/api:~1.2`, `acme/api`) names repo, a registry
 * host on either side aside. */
static bool updater_names(const char *ref, size_t n, const char *repo)
{
  const char *eq = memchr(ref, '=', n);
  if (eq) {
    n -= (size_t)(eq + 1 - ref);
    ref = eq + 1;
  }
  size_t cut = n;
  for (size_t i = 0; i < n; i++)
    if (ref[i] == '/')
      cut = n;
    else if (ref[i] == ':' || ref[i] == '@')
      cut = cut == n ? i : cut;
  size_t rn = strlen(repo);
  if (cut == rn)
    return strncmp(ref, repo, cut) == 0;
  if (cut > rn)
    return ref[cut - rn - 1] == '/' && strncmp(ref + cut - rn, repo, rn) == 0;
  return repo[rn - cut - 1] == '/' && strncmp(repo + rn - cut, ref, cut) == 0;
}

/* The image references after each key in text (an annotation's list, an
 * ImageUpdater resource's `imageName:`) name f's image. */
static bool updater_lists(struct updater_find *f, const char *text,
                          const char *key)
{
  size_t kn = strlen(key);
  for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
    const char *v = p + kn;
    size_t vn = strcspn(v, "\n#");
    for (const char *q = v; q < v + vn;) {
      q += strspn(q, " \t,\"'");
      size_t n = strcspn(q, " \t,\"'\n#");
      if (n && q + n <= v + vn && updater_names(q, n, f->repo))
        return true;
      q += n ? n : 1;
    }
  }
  return false;
}

static int on_updater_file(const struct rc_entry *e, void *arg)
{
  struct updater_find *f = arg;
  const char *text;
  size_t len;
  char err[128];
  if (rc_index_read(f->r->ctx->index, e, &text, &len, err, sizeof(err)) != 0)
    return 0;
  /* Argo CD Image Updater's Application annotation, or its ImageUpdater
   * resource (`kind: ImageUpdater` ... `imageName: acme/api:1.x`) */
  if (updater_lists(f, text, "argocd-image-updater.argoproj.io/image-list:") ||
      (strstr(text, "kind: ImageUpdater") &&
       updater_lists(f, text, "imageName:"))) {
    f->where = e->path;
    return 1;
  }
  return 0;
}

/* An Argo CD Application of the repository lets Argo CD Image Updater set
 * the image's tag (`argocd-image-updater.argoproj.io/image-list:
 * app=acme/api`): the tag written in the manifest is not the one that
 * runs. The file with the annotation, or NULL. */
static const char *image_updater(struct run *r, const char *image)
{
  size_t n = strcspn(image, "@");
  const char *slash = memchr(image, '/', n) ? strrchr(image, '/') : image;
  const char *colon = strchr(slash, ':');
  if (colon && (size_t)(colon - image) < n)
    n = (size_t)(colon - image);
  struct updater_find f = {r, rc_arena_strndup(r->a, image, n), NULL};
  rc_index_glob(r->ctx->index, "**/*.{yaml,yml}", RC_ENTRY_FILE,
                on_updater_file, &f);
  return f.where;
}

/* What a floating tag is known to do, by whose image it is and how the
 * nodes pull it. The project's own image at :latest in a plain manifest,
 * pulled again by each new pod (imagePullPolicy Always, Kubernetes'
 * default for :latest), is an install that follows the project's newest
 * push: a quick start meant to track releases or an oversight, which the
 * repository does not say (of 13 such dev findings 5 were labelled true,
 * 7 debatable, 1 false) - that shape is k8s.image-tags-own-latest's
 * (INFO). The chart's default install, a node cache (IfNotPresent) and an
 * upstream's image are findings. */
static struct judged floating(struct run *r, const struct rc_k8s_workload *w,
                              const cJSON *c, struct rc_where at,
                              const char *image, const char *what,
                              const char *dockerfile)
{
  const cJSON *pull = rc_k8s_container_get(w, c, "imagePullPolicy", NULL);
  bool cached =
      cJSON_IsString(pull) && strcmp(pull->valuestring, "IfNotPresent") == 0;
  bool own_latest = dockerfile && !w->doc->templated && !cached;
  int want = r->cfg->shape;
  if (want == SHAPE_FIRM && own_latest)
    return verdict(V_SKIP, at,
                   rc_arena_printf(r->a,
                                   "'%s': the project's own image floating "
                                   "in a plain manifest is shown apart "
                                   "(INFO)",
                                   image));
  if (want == SHAPE_OWN_LATEST && !own_latest)
    return verdict(V_SKIP, at, NULL);
  const char *node_cache =
      cached ? "with imagePullPolicy IfNotPresent each node keeps the "
               "build it pulled first, so pods on different nodes run "
               "different builds"
             : NULL;
  const char *known;
  if (w->doc->templated && dockerfile)
    known = rc_arena_printf(r->a,
                            ": the chart's default install runs this "
                            "repository's own image (built from %s) at "
                            "whatever was pushed last, not a release the "
                            "chart version names%s%s",
                            dockerfile, cached ? "; " : "",
                            cached ? node_cache : "");
  else if (w->doc->templated)
    known = rc_arena_printf(r->a,
                            ": the chart's default install runs whatever "
                            "its publisher pushed last, a new major "
                            "release included%s%s",
                            cached ? "; " : "", cached ? node_cache : "");
  else if (cached)
    known = rc_arena_printf(r->a, ": %s", node_cache);
  else if (own_latest)
    known = rc_arena_printf(
        r->a,
        ": this repository's own image (built from %s), so each new pod "
        "runs whatever was pushed last; the manifest names no release, so "
        "neither a restart nor a rollback returns to a known build. "
        "Whether this install is meant to follow the newest push the "
        "repository does not say",
        dockerfile);
  else
    known = ": each pull takes whatever its publisher pushed last, a new "
            "major release included";
  struct judged j = verdict(
      V_FAIL, at, rc_arena_printf(r->a, "'%s' %s%s", image, what, known));
  /* a chart's workloads take the image from the chart's values: one
   * setting, one finding, at the first workload that runs it */
  if (w->doc->templated && w->entry)
    j.cause = rc_arena_printf(r->a, "%s\n%s", w->entry->path, image);
  return j;
}

/* What the image as written settles: none, a helper's, one set at deploy
 * time or by the chart's installer. */
static bool as_written(struct run *r, const struct rc_k8s_workload *w,
                       const cJSON *raw, struct rc_where at, const char *image,
                       struct judged *j)
{
  if (rc_helm_unknown(raw)) {
    *j = verdict(V_UNKNOWN, at, "the image comes from a chart helper");
    return true;
  }
  /* the API server refuses a container with no image: a plain manifest
   * whose container names none is a fragment (a strategic-merge patch
   * adding a volume) that only runs merged into the workload it patches,
   * which is judged on its own */
  if (!image && !w->doc->templated) {
    *j = verdict(V_SKIP, at, NULL);
    return true;
  }
  if (!image) {
    *j = verdict(V_FAIL, at, "has no image");
    return true;
  }
  if (strchr(image, '$') || strstr(image, "{{")) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a, "'%s' is set at deploy time", image));
    return true;
  }
  if (w->doc->templated && unset_by_values(image)) {
    *j =
        verdict(V_SKIP, at,
                rc_arena_printf(r->a,
                                "'%s': the chart's values leave the image "
                                "%s empty, so whatever installs the chart "
                                "sets it (--set image.tag=...)",
                                image, *image == ':' ? "name and tag" : "tag"));
    return true;
  }
  return false;
}

/* An unpinned image the cluster never pulls afresh or whose tag image
 * automation (Flux, Argo CD Image Updater) writes. */
static bool cluster_pins(struct run *r, const struct rc_k8s_workload *w,
                         const cJSON *c, struct rc_where at, const char *image,
                         struct judged *j)
{
  /* a node never pulls it: the image was loaded into the cluster by hand
   * (kind load, minikube image load), a local or test setup where no
   * registry's :latest can move under it */
  struct rc_where pat;
  const cJSON *pull = rc_k8s_container_get(w, c, "imagePullPolicy", &pat);
  if (cJSON_IsString(pull) && strcmp(pull->valuestring, "Never") == 0) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s' is never pulled (imagePullPolicy: "
                                 "Never): the image loaded into the node "
                                 "is the one that runs",
                                 image));
    return true;
  }
  if (flux_image_policy(r, at)) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s' carries Flux's $imagepolicy marker: "
                                 "image automation writes the tag it "
                                 "selects",
                                 image));
    return true;
  }
  const char *updater = image_updater(r, image);
  if (updater) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s' gets its tag from Argo CD Image "
                                 "Updater (the image-list annotation in "
                                 "%s)",
                                 image, updater));
    return true;
  }
  return false;
}

/* An unpinned image whose tag the build or release writes: skaffold,
 * kustomize edit set image, sed over :latest, the chart's appVersion, a
 * kustomize replacement. */
static bool release_pins(struct run *r, const struct rc_k8s_workload *w,
                         const cJSON *c, struct rc_where at, const char *image,
                         const struct rc_image *im, struct judged *j)
{
  if (im && strstr(im->why, "skaffold")) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s' is built by skaffold, which tags it "
                                 "at deploy time",
                                 image));
    return true;
  }
  const char *artifact = skaffold_artifact(r, image);
  if (artifact) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s' is an artifact skaffold builds (%s), "
                                 "which tags it at deploy time",
                                 image, artifact));
    return true;
  }
  const struct rc_set_image *set = set_by_release(r, image);
  if (set) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s' is a placeholder the release replaces "
                                 "(kustomize edit set image, %s:%u)",
                                 image, set->at.path, set->at.line));
    return true;
  }
  set = latest_stamped(r, w, image);
  if (set) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s': the release writes its version "
                                 "over :latest in these manifests (sed, "
                                 "%s:%u)",
                                 image, set->at.path, set->at.line));
    return true;
  }
  set = app_version_stamped(r, w, image);
  if (set) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s': its tag is the chart's appVersion, "
                                 "which the release sets when it packages "
                                 "the chart (helm package --app-version, "
                                 "%s:%u)",
                                 image, set->at.path, set->at.line));
    return true;
  }
  const char *replaced = image_replaced(r, w, c);
  if (replaced) {
    *j = verdict(V_PASS, at,
                 rc_arena_printf(r->a,
                                 "'%s' gets its tag from a kustomize "
                                 "replacement (%s) at deploy time",
                                 image, replaced));
    return true;
  }
  return false;
}

static struct judged req_pinned(struct run *r, const struct rc_k8s_workload *w,
                                const cJSON *c)
{
  struct rc_where at;
  const cJSON *raw = rc_k8s_container_get(w, c, "image", &at);
  const char *image = rc_k8s_container_image(r->a, w, c);
  struct judged j;
  if (as_written(r, w, raw, at, image, &j))
    return j;
  const char *tag = tag_of(image);
  if (*tag && strcmp(tag, "latest") != 0)
    return verdict(V_PASS, at, rc_arena_printf(r->a, "'%s' is pinned", image));
  if (cluster_pins(r, w, c, at, image, &j))
    return j;
  const struct rc_image *im = rc_model_image_named(r->ctx->model, image);
  if (release_pins(r, w, c, at, image, im, &j))
    return j;
  const char *cmd = container_command(r, w, c);
  if (idle_command(cmd))
    return verdict(V_PASS, at,
                   rc_arena_printf(r->a,
                                   "'%s' only runs `%s`: a pod to exec "
                                   "into, which serves nothing",
                                   image, cmd));
  return floating(r, w, c, at, image,
                  *tag ? "uses :latest" : "has no tag (means :latest)",
                  im && im->dockerfile ? im->dockerfile : NULL);
}

/* ---- the check -------------------------------------------------------------
 */

/* The project's own image (a Dockerfile here builds it) in a plain
 * manifest: what the own_latest shape judges, pinned or not. */
static bool own_plain(struct run *r, const struct rc_k8s_workload *w,
                      const cJSON *c)
{
  const char *image = rc_k8s_container_image(r->a, w, c);
  const struct rc_image *im =
      image ? rc_model_image_named(r->ctx->model, image) : NULL;
  return !w->doc->templated && im && im->dockerfile;
}

static struct judged evaluate(struct run *r, const struct rc_k8s_workload *w,
                              const cJSON *c)
{
  const char *image = rc_k8s_container_image(r->a, w, c);
  if (mail_catcher(image))
    return verdict(V_SKIP, (struct rc_where){NULL, 0},
                   rc_arena_printf(r->a,
                                   "'%s' is a mail catcher: an SMTP "
                                   "stand-in that keeps mail for a "
                                   "developer to read, not a service of "
                                   "the deployment",
                                   image));
  switch (r->cfg->require) {
  case REQ_RESOURCES:
    return req_resources(r, w, c);
  case REQ_PROBES:
    return req_probes(r, w, c);
  case REQ_NON_ROOT:
    return req_non_root(r, w, c);
  default:
    break;
  }
  /* the own_latest shape judges only its containers: the others are the
   * firm rule's, passes included */
  struct judged j = req_pinned(r, w, c);
  if (r->cfg->shape == SHAPE_OWN_LATEST && j.v != V_FAIL &&
      !(j.v == V_PASS && own_plain(r, w, c)))
    return verdict(V_SKIP, j.at, NULL);
  return j;
}

/* Helm's release name stays a marker where a helper makes the name. */
static const char *shown(struct run *r, const char *s)
{
  const char *m = strstr(s, RC_HELM_UNKNOWN);
  if (!m)
    return s;
  return rc_arena_printf(r->a, "%.*s...%s", (int)(m - s), s,
                         shown(r, m + strlen(RC_HELM_UNKNOWN)));
}

static void judge(struct run *r, const struct rc_k8s_workload *w,
                  const cJSON *c)
{
  struct judged j = evaluate(r, w, c);
  if (j.v == V_SKIP) {
    r->n_idle += !j.why;
    if (j.why && !r->first_unset)
      r->first_unset =
          rc_arena_printf(r->a, "%s/%s, container %s - %s", w->kind,
                          shown(r, w->name), shown(r, cname(c)), j.why);
    return;
  }
  r->n_items++;
  /* no "name: value" shape here: a container named create-secret must not
   * look like a secret to the evidence masker */
  j.label = rc_arena_printf(r->a, "%s/%s, container %s", w->kind,
                            shown(r, w->name), shown(r, cname(c)));
  j.workload = rc_arena_printf(r->a, "%s/%s", w->kind, shown(r, w->name));
  if (!j.at.path) {
    j.at.path = w->doc->path;
    j.at.line = rc_k8s_line(w->doc, c);
  }
  if (j.v == V_FAIL && !r->n_failed++)
    r->first_fail = rc_arena_printf(r->a, "%s - %s", j.label, j.why);
  if (j.v == V_UNKNOWN && !r->n_unknown++)
    r->first_unknown = rc_arena_printf(r->a, "%s - %s", j.label, j.why);
  rc_grow((void **)&r->items, &r->cap_items, r->n_kept, sizeof(*r->items));
  r->items[r->n_kept++] = j;
}

static bool same_cause(const struct judged *a, const struct judged *b)
{
  return a->v == V_FAIL && b->v == V_FAIL && a->cause && b->cause &&
         strcmp(a->cause, b->cause) == 0;
}

/* A manifest readycheck cannot read is an item of no workload: it is no
 * workload's twin. */
static bool same_workload(const struct judged *a, const struct judged *b)
{
  return a->workload && b->workload && strcmp(a->workload, b->workload) == 0;
}

/* How many other workloads fail for item i's cause after it (each
 * counted once), and whether an earlier item already showed the cause. */
static size_t same_cause_others(const struct run *r, size_t i,
                                bool *shown_before)
{
  const struct judged *j = &r->items[i];
  *shown_before = false;
  for (size_t k = 0; k < i; k++)
    *shown_before |= same_cause(&r->items[k], j);
  size_t n = 0;
  for (size_t k = i + 1; k < r->n_kept; k++) {
    bool seen = same_workload(&r->items[k], j);
    for (size_t m = i + 1; m < k && !seen; m++)
      seen = same_cause(&r->items[m], j) &&
             same_workload(&r->items[m], &r->items[k]);
    n += same_cause(&r->items[k], j) && !seen;
  }
  return n;
}

/* Failing items first; items readycheck cannot tell are shown only when
 * they decide the outcome (nothing failed): they are neither. Failures of
 * one cause are shown once, naming the other workloads. */
static void record(struct run *r)
{
  static const enum verdict order[] = {V_FAIL, V_PASS, V_UNKNOWN};
  for (size_t o = 0; o < 3; o++)
    for (size_t i = 0; i < r->n_kept; i++) {
      const struct judged *j = &r->items[i];
      if (j->v != order[o] || (j->v == V_UNKNOWN && r->n_failed))
        continue;
      bool before = false;
      size_t others = j->cause ? same_cause_others(r, i, &before) : 0;
      if (before)
        continue;
      rc_check_evidence_mark(
          r->out, r->ctx, j->v == V_PASS ? RC_EV_PASS : RC_EV_FAIL, j->at.path,
          j->at.line, "%s%s%s - %s",
          j->v == V_PASS      ? "ok: "
          : j->v == V_UNKNOWN ? "cannot tell: "
                              : "",
          j->label,
          others ? rc_arena_printf(r->a,
                                   " (and %zu more workload%s of the chart "
                                   "with the same image)",
                                   others, others == 1 ? "" : "s")
                 : "",
          j->why);
    }
}

/* A production manifest that is not YAML, or a chart template that does
 * not render to YAML here, may hold workloads: cannot tell. */
static void unreadable(struct run *r, const struct rc_k8s *k)
{
  for (size_t i = 0; i < k->n_docs; i++) {
    const struct rc_k8s_doc *d = &k->docs[i];
    if (!d->error || d->role != RC_ROLE_PRODUCTION ||
        rc_strlist_matches(&r->cfg->exclude, d->path))
      continue;
    /* Helm renders a template with functions and values this does not
     * have: a template this cannot render is judged after rendering, not
     * here, so it does not fail a healthy chart. A plain manifest that is
     * not YAML is real breakage and still cannot be told. */
    if (d->templated) {
      r->n_templates++;
      continue;
    }
    /* "12:3: did not find ..." names its line; a chart's is a rendered
     * line, which the template keeps in its map */
    unsigned line = (unsigned)strtoul(d->error, NULL, 10);
    if (d->lines && line < d->n_lines)
      line = d->lines[line];
    else if (d->lines)
      line = 0;
    struct judged j = verdict(V_UNKNOWN, (struct rc_where){d->path, line},
                              rc_arena_printf(r->a, "%s", d->error));
    j.label =
        rc_arena_printf(r->a, "%s %s", d->path,
                        d->templated ? "(a chart template)" : "(a manifest)");
    r->n_items++;
    if (!r->n_unknown++)
      r->first_unknown = rc_arena_printf(r->a, "%s - %s", j.label, j.why);
    rc_grow((void **)&r->items, &r->cap_items, r->n_kept, sizeof(*r->items));
    r->items[r->n_kept++] = j;
  }
}

static bool needs_running(int require)
{
  return require == REQ_RESOURCES || require == REQ_PROBES;
}

/* Why no container was asked for probes, as seen: the one-shot workloads
 * and the containers no Service sends traffic to, each counted. */
static const char *no_traffic(struct run *r)
{
  const char *idle =
      r->n_idle
          ? rc_arena_printf(r->a,
                            "%zu container%s of long-running workloads that no "
                            "Service sends traffic to or that declare no port "
                            "(workers, controllers, agents, sidecars)",
                            r->n_idle, r->n_idle == 1 ? "" : "s")
          : NULL;
  const char *once =
      r->n_one_shot
          ? rc_arena_printf(r->a,
                            "%zu one-shot workload%s (Jobs, CronJobs, hooks)",
                            r->n_one_shot, r->n_one_shot == 1 ? "" : "s")
          : NULL;
  return rc_arena_printf(
      r->a,
      "no production Kubernetes workload takes traffic through a "
      "Service: %s%s%s",
      idle ? idle : "", idle && once ? " and " : "", once ? once : "");
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run r = {.cfg = vcfg, .ctx = ctx, .a = ctx->arena, .out = out};
  if (!ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
    return;
  }
  const struct rc_k8s *k = &ctx->model->k8s;
  for (size_t i = 0; i < k->n_workloads; i++) {
    const struct rc_k8s_workload *w = &k->workloads[i];
    if (w->role != RC_ROLE_PRODUCTION ||
        rc_strlist_matches(&r.cfg->exclude, w->at.path))
      continue;
    if (w->one_shot && needs_running(r.cfg->require)) {
      r.n_one_shot++;
      continue;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(
                              rc_k8s_pod_spec(w->obj, w->kind), "containers")) {
      judge(&r, w, c);
    }
  }
  unreadable(&r, k);
  record(&r);
  free(r.items);
  const char *untold =
      r.n_unknown
          ? rc_arena_printf(r.a, " (%zu more cannot be told)", r.n_unknown)
          : "";
  if (r.n_failed == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s%s", r.first_fail, untold);
  else if (r.n_failed)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu containers fail%s; %s",
                 r.n_failed, r.n_items, untold, r.first_fail);
  else if (r.n_unknown)
    rc_check_set(out, ctx, RC_OUT_ERROR,
                 "cannot tell for %zu of %zu containers and manifests; %s",
                 r.n_unknown, r.n_items, r.first_unknown);
  else if (r.n_items)
    rc_check_set(out, ctx, RC_OUT_OK, "%zu container%s checked", r.n_items,
                 r.n_items == 1 ? "" : "s");
  else if (r.cfg->shape == SHAPE_OWN_LATEST)
    rc_check_set(out, ctx, RC_OUT_SKIP, "%s",
                 "no plain manifest runs this repository's own image at "
                 ":latest for each new pod to pull anew");
  else if (!r.first_unset && !r.n_templates && r.cfg->require == REQ_PROBES &&
           (r.n_one_shot || r.n_idle))
    rc_check_set(out, ctx, RC_OUT_SKIP, "%s", no_traffic(&r));
  else
    rc_check_set(out, ctx, RC_OUT_SKIP, "%s",
                 r.first_unset ? r.first_unset
                 : r.n_templates
                     ? "Helm template; judged after rendering (the chart's "
                       "templates do not render to YAML here)"
                 : r.n_one_shot ? "only one-shot workloads (Jobs, CronJobs, "
                                  "hooks), which this does not apply to"
                 : r.cfg->require == REQ_PROBES
                     ? "no production Kubernetes workload takes traffic "
                       "through a Service"
                     : "no production Kubernetes workload this "
                       "applies to (examples, tests, unused and "
                       "vendored manifests are not judged)");
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  if (cfg->shape != SHAPE_ANY && cfg->require != REQ_PINNED)
    return rc_error(d, loc, "shape goes with require: pinned_image");
  return rc_globs_validate(&cfg->exclude, "exclude", loc, d);
}

static const struct rc_field fields[] = {
    {"require", RC_FIELD_ENUM, offsetof(struct cfg, require), RC_FIELD_REQUIRED,
     require_names, "resources, probes, non_root or pinned_image"},
    {"shape", RC_FIELD_ENUM, offsetof(struct cfg, shape), 0, shape_names,
     "pinned_image: any (default); firm: leave the project's own image "
     "floating in a plain manifest that pulls it anew to another rule; "
     "own_latest: only that image"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of manifest or template files not to judge"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_k8s = {
    .name = "k8s",
    .summary = "every container of the production Kubernetes workloads meets "
               "a requirement (resources, probes, non-root user, pinned image)",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
