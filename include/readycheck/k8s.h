/*
 * k8s.h - the Kubernetes side of what deploys: the workloads a deployment
 * applies to a cluster, each with the entry point that applies it and its
 * role, built once per run as part of the deployment model.
 *
 * - Entry points: kustomization roots (a kustomization no other one lists;
 *   an optional kustomize Component), Helm charts (Chart.yaml; templates
 *   rendered with values.yaml defaults, helm.h), `kubectl apply -f/-k`,
 *   `kustomize build` and `helm install/upgrade` in CI, scripts and READMEs,
 *   skaffold.yaml's manifests, Argo CD Applications and Flux
 *   Kustomizations/HelmReleases that name a path of this repository. When
 *   the repository has none of these, every manifest counts.
 * - What they reach: a kustomization's resources, bases and components
 *   (strategic-merge patches kept as layers over the objects they patch,
 *   `images:` overrides, `$patch: delete`), a chart's rendered templates,
 *   the manifests of a file, folder or glob.
 * - Roles: manifests under examples/demo/samples/test/fixtures/docs folders,
 *   in a folder whose README calls it a demo, or in a repository whose
 *   README calls it a collection of examples are not production; charts
 *   vendored under another chart's charts/ are third-party; Helm test hooks
 *   are tests; a plain manifest nothing deploys while other manifests are
 *   deployed is unused. Jobs, CronJobs, bare Pods and hooks are one-shot.
 *
 * Every workload keeps the file and line it is written on (a chart's
 * template line), and the model never fails: an unreadable manifest or a
 * template that does not render to YAML is recorded with its error.
 */
#ifndef READYCHECK_K8S_H
#define READYCHECK_K8S_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "readycheck/compose.h"
#include "readycheck/doc.h"
#include "readycheck/role.h"

struct rc_arena;
struct rc_model;

/* A parsed manifest, rendered chart template or inline kustomize patch. */
struct rc_k8s_doc {
  const char *path; /* repo-relative file */
  struct rc_docs docs;
  const unsigned *lines; /* chart templates: rendered -> template line */
  size_t n_lines;
  unsigned offset;   /* inline patches: lines before the patch text */
  const char *error; /* not YAML, or not renderable: why; else NULL */
  enum rc_role role; /* of an unreadable manifest or template: whether a
                        production workload may hide in it */
  bool templated;    /* rendered from a Helm template */
  bool synthetic;    /* what a JSON 6902 patch sets on one object, made
                        into an object (k8s.c); not a manifest */
};

struct rc_k8s_chart {
  const char *dir;  /* the folder of Chart.yaml */
  const char *name; /* Chart.yaml `name` */
  enum rc_role role;
  const char *why;
  bool library;  /* type: library: no objects of its own */
  bool vendored; /* a dependency under another chart's charts/ */
  /* the values rendered when a production install names values files
   * ("values.yaml + deploy/prod.yaml, as installed by ...:12"); NULL:
   * values.yaml's defaults */
  const char *values;
  size_t n_templates, n_failed;
};

enum rc_k8s_entry_kind {
  RC_K8S_KUSTOMIZE, /* a kustomization folder */
  RC_K8S_CHART,     /* a Helm chart folder */
  RC_K8S_FILES,     /* manifests: a file, folder or glob */
};

/* Something that deploys manifests. */
struct rc_k8s_entry {
  enum rc_k8s_entry_kind kind;
  const char *path; /* repo-relative */
  enum rc_role role;
  const char *why; /* "kustomization root", "kubectl apply -f in ..." */
  struct rc_where at;
  bool recursive;     /* a folder read with its subfolders (GitOps) */
  size_t n_workloads; /* workloads it reaches */
};

/* A kustomize patch over a workload: its object in the patch file. */
struct rc_k8s_layer {
  const cJSON *obj;
  const struct rc_k8s_doc *doc;
};

struct rc_k8s_workload {
  const char *kind; /* Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
                       CronJob, Pod, Rollout */
  const char *name; /* metadata.name, or "(document N)" */
  const struct rc_k8s_doc *doc;
  const cJSON *obj;             /* the object as written */
  struct rc_where at;           /* its `kind:` line (a chart's template line) */
  struct rc_k8s_layer *patches; /* kustomize patches, applied in order */
  size_t n_patches;
  const cJSON **images; /* kustomize `images:` entries ({name, newName,
                           newTag, digest}) that apply, nearest first */
  size_t n_images;
  const struct rc_k8s_entry *entry; /* what deploys it, or NULL */
  enum rc_role role;
  const char *why;
  bool one_shot; /* runs to completion: Job, CronJob, bare Pod, hook */
  bool served;   /* a Service of the repository selects its pods (or its
                    labels cannot be told): it takes traffic */
  const cJSON **services; /* the Services that select its pods (none when
                             served only because its labels cannot be
                             told): their ports say which containers the
                             traffic reaches */
  size_t n_services;
  bool unknown; /* a chart left parts of it to what readycheck cannot
                   evaluate (helm.h) */
};

struct rc_k8s {
  struct rc_k8s_doc *docs; /* every manifest and rendered template */
  size_t n_docs, cap_docs;
  struct rc_k8s_chart *charts;
  size_t n_charts, cap_charts;
  struct rc_k8s_entry *entries;
  size_t n_entries, cap_entries;
  struct rc_k8s_workload *workloads; /* production first, then path order */
  size_t n_workloads, cap_workloads;
  bool unresolved;      /* automation applies manifests from computed paths */
  const char *examples; /* the root README line calling the repository a
                           collection of examples, or NULL */
};

/* Builds m->k8s from m's index, entry points and images (model building;
 * called by rc_model_new() after the images), and releases it. */
void rc_k8s_build(struct rc_model *m);
void rc_k8s_release(struct rc_k8s *k);
/* Starts parsing the manifests and kustomizations rc_k8s_build() will
 * read, on the run's other threads (rc_doc_cache_set_jobs), while the
 * model reads everything else; rc_k8s_build() ends it. Nothing with one
 * job. */
void rc_k8s_prefetch(struct rc_model *m);

/* The pod spec of a workload object (spec.template.spec, CronJob's
 * spec.jobTemplate.spec.template.spec, a Pod's spec), or NULL. */
const cJSON *rc_k8s_pod_spec(const cJSON *obj, const char *kind);

/* The line in d's file where node is written (the template line for a
 * chart), 0 when unknown. */
unsigned rc_k8s_line(const struct rc_k8s_doc *d, const cJSON *node);

/* Key `key` of the pod spec as deployed: the last patch that sets it, else
 * the object's own; NULL when absent or when that patch deletes it (a
 * strategic-merge null, a JSON 6902 `remove`). *at (may be NULL) gets
 * where it is written. */
const cJSON *rc_k8s_pod_get(const struct rc_k8s_workload *w, const char *key,
                            struct rc_where *at);

/* Key `key` of container c (an item of the object's containers) as
 * deployed: the last patch naming the same container that sets it, else
 * c's own; NULL when absent or deleted by that patch. */
const cJSON *rc_k8s_container_get(const struct rc_k8s_workload *w,
                                  const cJSON *c, const char *key,
                                  struct rc_where *at);

/* Whether container c of w runs as non-root by its securityContext, the
 * container's first (runAsUser > 0 or runAsNonRoot: true; runAsUser: 0 or
 * runAsNonRoot: false say root), then the pod's: 1 non-root, 0 root, -1
 * nothing said, -2 a chart helper decides (cannot tell). *at (may be NULL)
 * gets where the deciding securityContext is written. */
int rc_k8s_run_as(const struct rc_k8s_workload *w, const cJSON *c,
                  struct rc_where *at);

/* The image container c runs, with the kustomize `images:` overrides that
 * apply (newName, newTag, digest); arena string, NULL when none. */
const char *rc_k8s_container_image(struct rc_arena *a,
                                   const struct rc_k8s_workload *w,
                                   const cJSON *c);

#endif
