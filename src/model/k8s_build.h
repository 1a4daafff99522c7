/*
 * k8s_build.h - internal to src/model: what the Kubernetes pass's files
 * share while rc_k8s_build() runs - its state (struct kb), the limits on
 * what it reads, and the functions they call in each other, named k8s_.
 * k8s.c is the pass (collect, entry points, walks, roles); k8s_render.c
 * renders charts with the values production installs them with;
 * k8s_argo.c reads those values from Argo CD Applications; k8s_json6902.c
 * reads JSON 6902 patches as partial objects; k8s_services.c finds the
 * Services that route traffic to a workload; k8s_query.c answers
 * include/readycheck/k8s.h's questions about a built workload.
 */
#ifndef READYCHECK_MODEL_K8S_BUILD_H
#define READYCHECK_MODEL_K8S_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/doc.h"
#include "readycheck/entry.h"
#include "readycheck/index.h"
#include "readycheck/k8s.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"

enum {
  MAX_MANIFESTS = 3000,     /* YAML files parsed as manifests */
  MAX_FILE_BYTES = 4 << 20, /* per file */
  MAX_TEMPLATES = 2000,     /* chart templates rendered in all */
  MAX_WALK_DEPTH = 32,      /* nested kustomizations */
};

struct layer {
  size_t doc;
  const cJSON *obj;
  unsigned depth; /* deeper = a base's patch, applied first */
  /* a JSON 6902 patch: its operations and target, made into obj (a doc
   * of its own) for each object it targets */
  const cJSON *ops;
  const char *target_kind, *target_name;
};

struct kb {
  struct rc_model *m;
  struct rc_k8s *k;
  struct rc_arena *a;
  struct rc_index *idx;
  struct kust *kusts;
  size_t n_kusts, cap_kusts;
  struct cand *cands;
  size_t n_cands, cap_cands;
  size_t n_manifests, n_templates;
  /* Argo CD Applications installing a chart of this repository with
   * values, as installs (argo.c-like: read before charts render) */
  struct rc_apply *argo;
  size_t n_argo, cap_argo;
};

/* ---- k8s.c ---- */

bool k8s_is_yaml_name(const char *name);
/* The string at key, or NULL. */
const char *k8s_str_at(const cJSON *o, const char *key);
/* A readable text file's contents (not too large, not binary), or NULL. */
const char *k8s_read_entry(struct kb *b, const struct rc_entry *e, size_t *len);
/* A new doc for path in b->k->docs: its index. */
size_t k8s_add_doc(struct kb *b, const char *path);
/* Parses text into doc di (through the index's cache). */
void k8s_parse_doc(struct kb *b, size_t di, const char *text, size_t len);
/* The first document when it is a mapping, or NULL. */
const cJSON *k8s_first_doc(const struct rc_docs *d);
/* The chart whose folder holds path's charts/ or templates/, innermost. */
const struct rc_k8s_chart *k8s_chart_above(const struct rc_k8s *k,
                                           const char *path);
/* The worse of two roles (production best, non-production worst). */
enum rc_role k8s_worse(enum rc_role a, enum rc_role b);
/* The role of a file (its name, then its folder's) and why. */
enum rc_role k8s_file_role(struct kb *b, const char *path, const char **why);
/* The path an apply names, as it exists here, or NULL. */
const char *k8s_existing_path(struct kb *b, const struct rc_apply *ap);

/* ---- k8s_render.c ---- */

/* Renders chart c's templates into docs, with the values of its
 * production install merged over values.yaml (c->values says which). */
void k8s_render_chart(struct kb *b, struct rc_k8s_chart *c);

/* ---- k8s_argo.c ---- */

/* Adds to b->argo the Argo CD Applications that install a chart of this
 * repository with values. */
void k8s_argo_installs(struct kb *b);

/* ---- k8s_json6902.c ---- */

/* A doc holding what l's operations set on base, or (size_t)-1 when they
 * set nothing readable. */
size_t k8s_json6902_doc(struct kb *b, const struct layer *l, const cJSON *base);

/* ---- k8s_services.c ---- */

/* The Services found for one workload (in arena a). */
struct services {
  struct rc_arena *a;
  const cJSON **svc;
  size_t n, cap;
};

/* A Service of the repository's manifests routes traffic to the
 * workload obj (of doc, of kind); the Services found go to out. */
bool k8s_served(const struct rc_k8s *k, const struct rc_k8s_doc *doc,
                const cJSON *obj, const char *kind, struct services *out);

#endif
