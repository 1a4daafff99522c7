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
 *
 * The probes and pinned_image requirements are k8s_probes.c and
 * k8s_pinned.c; what the files share is k8s_parts.h.
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

static const char *const require_names[] = {"resources", "probes", "non_root",
                                            "pinned_image", NULL};

static const char *const shape_names[] = {"any", "firm", "own_latest", NULL};

struct judged kp_verdict(enum verdict v, struct rc_where at, const char *why)
{
  struct judged j = {v, at, why, NULL, NULL, NULL};
  return j;
}

bool kp_filled(const cJSON *v)
{
  return (cJSON_IsObject(v) || cJSON_IsArray(v)) && v->child;
}

const char *kp_str_of(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *kp_cname(const cJSON *c)
{
  const cJSON *n = cJSON_GetObjectItemCaseSensitive(c, "name");
  return cJSON_IsString(n) ? n->valuestring : "?";
}

/* ---- chart templates -----------------------------------------------------
 */

/* The chart template a workload is rendered from reads the setting (a
 * toggle such as `{{- if .Values.readiness.enabled }}`), whatever values.yaml
 * defaults it to. */
bool kp_template_mentions(struct run *r, const struct rc_k8s_workload *w,
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
const char *kp_helper_writes(struct run *r, const struct rc_k8s_workload *w,
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
    return kp_verdict(V_UNKNOWN, at, "resources come from a chart helper");
  const cJSON *req = cJSON_GetObjectItemCaseSensitive(res, "requests");
  const cJSON *lim = cJSON_GetObjectItemCaseSensitive(res, "limits");
  if (kp_filled(req) && kp_filled(lim))
    return kp_verdict(V_PASS, at, "sets resource requests and limits");
  if (chart_exposes(r, w, "resources"))
    return kp_verdict(V_PASS, at,
                      "the chart takes resources from values.yaml: whoever "
                      "installs it sizes them");
  const char *missing = !kp_filled(res)   ? "no resources (requests, limits)"
                        : !kp_filled(req) ? "no resources.requests"
                                          : "no resources.limits";
  return kp_verdict(V_FAIL, at, missing);
}

/* ---- non-root --------------------------------------------------------------
 */

static struct judged by_image(struct run *r, const struct rc_k8s_workload *w,
                              const cJSON *c, struct rc_where at)
{
  const char *image = rc_k8s_container_image(r->a, w, c);
  if (!image || rc_helm_unknown(cJSON_GetObjectItemCaseSensitive(c, "image")))
    return kp_verdict(V_UNKNOWN, at, "the image comes from a chart helper");
  const cJSON *cmd = rc_k8s_container_get(w, c, "command", NULL);
  const struct rc_image *im = rc_model_image_named(r->ctx->model, image);
  if (im && im->df && im->stage >= 0) {
    struct rc_image_user u;
    rc_image_user(r->ctx->index, r->a, im->df, (size_t)im->stage, im->context,
                  NULL, &u);
    if (u.non_root && !(u.dropped && cmd))
      return kp_verdict(V_PASS, at,
                        rc_arena_printf(r->a,
                                        "runs image '%s' built from %s: %s",
                                        image, im->dockerfile, u.why));
    return kp_verdict(
        V_FAIL, at,
        rc_arena_printf(r->a,
                        "runs image '%s' built from %s (%s%s) and no "
                        "securityContext sets runAsNonRoot or runAsUser",
                        image, im->dockerfile, u.why,
                        u.dropped ? "; `command` replaces that entrypoint"
                                  : ""));
  }
  if (rc_image_sets_nonroot_user(image))
    return kp_verdict(
        V_PASS, at,
        rc_arena_printf(r->a, "'%s' sets a non-root USER itself", image));
  if (rc_image_drops_privileges(image) && !cmd)
    return kp_verdict(
        V_PASS, at,
        rc_arena_printf(r->a, "'%s' drops privileges in its own entrypoint",
                        image));
  return kp_verdict(V_FAIL, at,
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
    return kp_verdict(V_UNKNOWN, sat,
                      "the securityContext comes from a chart helper");
  if (says == 1)
    return kp_verdict(V_PASS, sat, "its securityContext runs it as non-root");
  if (says == 0)
    return kp_verdict(V_FAIL, sat,
                      "its securityContext runs it as root (runAsUser: 0 or "
                      "runAsNonRoot: false)");
  struct rc_where at = {w->doc->path, rc_k8s_line(w->doc, c)};
  return by_image(r, w, c, at);
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
  if (kp_mail_catcher(image))
    return kp_verdict(V_SKIP, (struct rc_where){NULL, 0},
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
    return kp_req_probes(r, w, c);
  case REQ_NON_ROOT:
    return req_non_root(r, w, c);
  default:
    break;
  }
  /* the own_latest shape judges only its containers: the others are the
   * firm rule's, passes included */
  struct judged j = kp_req_pinned(r, w, c);
  if (r->cfg->shape == SHAPE_OWN_LATEST && j.v != V_FAIL &&
      !(j.v == V_PASS && own_plain(r, w, c)))
    return kp_verdict(V_SKIP, j.at, NULL);
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
                          shown(r, w->name), shown(r, kp_cname(c)), j.why);
    return;
  }
  r->n_items++;
  /* no "name: value" shape here: a container named create-secret must not
   * look like a secret to the evidence masker */
  j.label = rc_arena_printf(r->a, "%s/%s, container %s", w->kind,
                            shown(r, w->name), shown(r, kp_cname(c)));
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
    struct judged j = kp_verdict(V_UNKNOWN, (struct rc_where){d->path, line},
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
