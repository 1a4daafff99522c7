/*
 * k8s.c - which Kubernetes workloads deploy. A repository holds manifests
 * for every reason: the deployment, overlays for other environments,
 * examples, copies of upstream charts, test hooks. As for compose files
 * and Dockerfiles, the repository's own entry points decide: what a
 * kustomization root, a chart, a `kubectl apply`, skaffold or a GitOps
 * source deploys is judged; the rest is listed with the reason it is not.
 *
 * Order: collect charts, kustomizations and manifests (one pass over the
 * index each), render the charts (helm.c), find the entry points, walk
 * each one to the objects it reaches (kustomize patches and image
 * overrides gathered on the way), then give every workload the best role
 * among the entry points that reach it, or the reason none does.
 *
 * This file is the pass; k8s_build.h says which parts live in the other
 * k8s_*.c files (charts rendered, Argo CD values, JSON 6902 patches,
 * Services, the queries over a built workload).
 */
#include "readycheck/k8s.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/doccache.h"
#include "readycheck/glob.h"
#include "readycheck/helm.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/readme.h"

#include "k8s_build.h"

/* ---- build state --------------------------------------------------------- */

struct kust {
  const char *path, *dir;
  size_t doc; /* index into k->docs */
  const cJSON *root;
  bool component;
  enum rc_role role;
  const char *why;
  bool listed; /* by a kustomization that deploys (not a test one) */
};

/* One workload object, before the entry points decide its role. */
struct cand {
  size_t doc;
  const cJSON *obj;
  const char *kind, *name;
  unsigned line;
  enum rc_role file_role;
  const char *file_why;
  bool reached;
  size_t entry; /* index into k->entries, when reached */
  enum rc_role role;
  const char *why;
  struct layer *patches;
  size_t n_patches;
  const cJSON **images;
  size_t n_images;
  bool prod_named; /* reached through a path named for production */
};

/* What one walk from an entry point reaches. */
struct reach {
  size_t *docs;
  size_t n_docs, cap_docs;
  struct layer *patches;
  size_t n_patches, cap_patches;
  const cJSON **images;
  size_t n_images, cap_images;
  const cJSON **deletes; /* $patch: delete objects */
  size_t n_deletes, cap_deletes;
  const char *visited[MAX_WALK_DEPTH];
  size_t n_visited;
};

bool k8s_is_yaml_name(const char *name)
{
  size_t n = strlen(name);
  return (n > 4 && strcasecmp(name + n - 4, ".yml") == 0) ||
         (n > 5 && strcasecmp(name + n - 5, ".yaml") == 0);
}

static bool is_kustomization_name(const char *name)
{
  return strcmp(name, "kustomization.yaml") == 0 ||
         strcmp(name, "kustomization.yml") == 0 ||
         strcmp(name, "Kustomization") == 0;
}

const char *k8s_str_at(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *k8s_read_entry(struct kb *b, const struct rc_entry *e, size_t *len)
{
  const char *data;
  if (!e || !rc_index_read_text(b->idx, e, MAX_FILE_BYTES, &data, len))
    return NULL;
  return data;
}

size_t k8s_add_doc(struct kb *b, const char *path)
{
  struct rc_k8s *k = b->k;
  rc_grow((void **)&k->docs, &k->cap_docs, k->n_docs, sizeof(*k->docs));
  struct rc_k8s_doc *d = &k->docs[k->n_docs];
  memset(d, 0, sizeof(*d));
  d->path = path;
  return k->n_docs++;
}

/* A file's text: parsed once for every reader (doccache.h). */
void k8s_parse_doc(struct kb *b, size_t di, const char *text, size_t len)
{
  struct rc_k8s_doc *d = &b->k->docs[di];
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(b->idx), &d->docs, text, len, d->path,
                         RC_DOC_YAML, err, sizeof(err)) != 0)
    d->error = rc_arena_strdup(b->a, err);
}

/* Text that is no file's (an inline patch): this doc's alone. */
static void parse_text_doc(struct kb *b, size_t di, const char *text,
                           size_t len)
{
  struct rc_k8s_doc *d = &b->k->docs[di];
  char err[256];
  if (rc_docs_parse(&d->docs, text, len, d->path, RC_DOC_YAML, err,
                    sizeof(err)) != 0)
    d->error = rc_arena_strdup(b->a, err);
}

/* ---- roles ----------------------------------------------------------------
 */

enum rc_role k8s_worse(enum rc_role a, enum rc_role b)
{
  static const int rank[] = {[RC_ROLE_PRODUCTION] = 0,
                             [RC_ROLE_DEVELOPMENT] = 1,
                             [RC_ROLE_UNUSED] = 2,
                             [RC_ROLE_NONPROD] = 3};
  return rank[a] >= rank[b] ? a : b;
}

static bool better(enum rc_role a, enum rc_role b)
{
  return a != b && k8s_worse(a, b) == b;
}

/* The role of a folder: its path, a README of it or of a folder above
 * calling it a demo, the repository calling itself a set of examples. */
static enum rc_role dir_role(struct kb *b, const char *dir, const char **why)
{
  char pwhy[160];
  enum rc_role r = rc_role_of_path(
      *dir ? rc_arena_printf(b->a, "%s/x", dir) : "x", pwhy, sizeof(pwhy));
  if (r != RC_ROLE_PRODUCTION) {
    *why = rc_arena_strdup(b->a, pwhy);
    return r;
  }
  for (const char *d = dir; *d; d = rc_path_dir(b->a, d)) {
    const char *line = rc_readme_demo(b->idx, b->a, d);
    if (line) {
      *why = rc_arena_printf(b->a, "%s/README says so: '%.100s'", d, line);
      return RC_ROLE_NONPROD;
    }
  }
  if (b->k->examples) {
    *why = rc_arena_printf(b->a,
                           "the repository's README says it holds examples: "
                           "'%.100s'",
                           b->k->examples);
    return RC_ROLE_NONPROD;
  }
  *why = "";
  return RC_ROLE_PRODUCTION;
}

/* A chart of the project's own outside contrib/, or NULL. */
static const char *own_chart(const struct kb *b)
{
  for (size_t i = 0; i < b->k->n_charts; i++) {
    const char *d = b->k->charts[i].dir;
    if (!rc_role_under(rc_arena_printf(b->a, "%s/", d), "contrib"))
      return d;
  }
  return NULL;
}

/* The role of a file: its name, then its folder's. A manifest under
 * contrib/ beside the project's own chart is a contributed extra (a debug
 * pod, a test broker), as a compose file there is. */
enum rc_role k8s_file_role(struct kb *b, const char *path, const char **why)
{
  char pwhy[160];
  enum rc_role r = rc_role_of_path(path, pwhy, sizeof(pwhy));
  if (r != RC_ROLE_PRODUCTION) {
    *why = rc_arena_strdup(b->a, pwhy);
    return r;
  }
  const char *chart = rc_role_under(path, "contrib") ? own_chart(b) : NULL;
  if (chart) {
    *why = rc_arena_printf(
        b->a, "a contributed manifest (contrib/) beside the project's chart %s",
        chart);
    return RC_ROLE_NONPROD;
  }
  return dir_role(b, rc_path_dir(b->a, path), why);
}

/* ---- charts ----------------------------------------------------------------
 */

const cJSON *k8s_first_doc(const struct rc_docs *d)
{
  return d->n && cJSON_IsObject(d->docs[0]) ? d->docs[0] : NULL;
}

/* The chart whose folder holds path's charts/ or templates/, innermost. */
const struct rc_k8s_chart *k8s_chart_above(const struct rc_k8s *k,
                                           const char *path)
{
  const struct rc_k8s_chart *best = NULL;
  for (size_t i = 0; i < k->n_charts; i++) {
    const struct rc_k8s_chart *c = &k->charts[i];
    if (rc_path_within(path, c->dir) &&
        (!best || strlen(c->dir) > strlen(best->dir)))
      best = c;
  }
  return best;
}

/* Under dir's charts/ (a dependency, possibly unpacked) or templates/. */
static bool in_chart_part(const char *path, const char *dir, const char *part)
{
  size_t n = strlen(dir);
  const char *rest = n ? path + n + 1 : path;
  return (!n || (strncmp(path, dir, n) == 0 && path[n] == '/')) &&
         strncmp(rest, part, strlen(part)) == 0 && rest[strlen(part)] == '/';
}

/* A dependency vendored under a parent's charts/ is the project's own only
 * when the parent names it with a file:// repository. */
static bool own_dependency(struct kb *b, const struct rc_k8s_chart *parent,
                           const char *dir)
{
  const char *path = *parent->dir
                         ? rc_arena_printf(b->a, "%s/Chart.yaml", parent->dir)
                         : "Chart.yaml";
  size_t len;
  const char *text = k8s_read_entry(b, rc_index_find(b->idx, path), &len);
  struct rc_docs docs;
  char err[128];
  if (!text || rc_doc_cache_parse(rc_index_docs(b->idx), &docs, text, len, path,
                                  RC_DOC_YAML, err, sizeof(err)))
    return false;
  bool own = false;
  const cJSON *dep;
  cJSON_ArrayForEach(dep, cJSON_GetObjectItemCaseSensitive(k8s_first_doc(&docs),
                                                           "dependencies")) {
    const char *repo = k8s_str_at(dep, "repository");
    if (repo && strncmp(repo, "file://", 7) == 0) {
      const char *p = rc_path_join(b->a, parent->dir, repo + 7);
      own |= p && strcmp(p, dir) == 0;
    }
  }
  rc_docs_release(&docs);
  return own;
}

static void add_chart(struct kb *b, const struct rc_entry *e)
{
  struct rc_k8s *k = b->k;
  size_t len;
  const char *text = k8s_read_entry(b, e, &len);
  struct rc_docs docs;
  char err[128];
  if (!text || rc_doc_cache_parse(rc_index_docs(b->idx), &docs, text, len,
                                  e->path, RC_DOC_YAML, err, sizeof(err)))
    return;
  const cJSON *meta = k8s_first_doc(&docs);
  const char *name = k8s_str_at(meta, "name");
  const char *type = k8s_str_at(meta, "type");
  rc_grow((void **)&k->charts, &k->cap_charts, k->n_charts, sizeof(*k->charts));
  struct rc_k8s_chart *c = &k->charts[k->n_charts];
  memset(c, 0, sizeof(*c));
  c->dir = rc_path_dir(b->a, e->path);
  c->name = rc_arena_strdup(b->a, name ? name : rc_path_base(c->dir));
  c->library = type && strcmp(type, "library") == 0;
  /* Chart.yaml's `deprecated: true` (Helm's own field): the maintainers
   * retired the chart, no one is meant to install it any more */
  const cJSON *dep = cJSON_GetObjectItemCaseSensitive(meta, "deprecated");
  bool deprecated =
      cJSON_IsTrue(dep) ||
      (cJSON_IsString(dep) && strcmp(dep->valuestring, "true") == 0);
  rc_docs_release(&docs);
  const struct rc_k8s_chart *parent = k8s_chart_above(k, c->dir);
  k->n_charts++;
  if (parent && in_chart_part(c->dir, parent->dir, "charts") &&
      !own_dependency(b, parent, c->dir)) {
    c->vendored = true;
    c->role = RC_ROLE_NONPROD;
    c->why = rc_arena_printf(b->a,
                             "a dependency vendored in %s/charts/: not the "
                             "project's own",
                             *parent->dir ? parent->dir : ".");
    return;
  }
  if (deprecated) {
    c->role = RC_ROLE_NONPROD;
    c->why = "Chart.yaml marks it deprecated: retired, not to be installed";
    return;
  }
  c->role = dir_role(b, c->dir, &c->why);
}
/* ---- collecting ------------------------------------------------------------
 */

/* A YAML file that declares Kubernetes objects: a line starting with
 * apiVersion: and one with kind:. */
static bool looks_like_manifest(const char *text)
{
  bool api = false, kind = false;
  for (const char *p = text; p && *p && !(api && kind);) {
    api |= strncmp(p, "apiVersion:", 11) == 0;
    kind |= strncmp(p, "kind:", 5) == 0;
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  return api && kind;
}

static bool skip_manifest(const struct kb *b, const struct rc_entry *e)
{
  static const char *const names[] = {"Chart.yaml", "skaffold.yaml",
                                      "skaffold.yml", ".gitlab-ci.yml", NULL};
  for (size_t i = 0; names[i]; i++)
    if (strcmp(e->name, names[i]) == 0)
      return true;
  if (is_kustomization_name(e->name) || rc_compose_is_name(e->path) ||
      strncmp(e->path, ".github/", 8) == 0)
    return true;
  const struct rc_k8s_chart *c = k8s_chart_above(b->k, e->path);
  return c && (in_chart_part(e->path, c->dir, "templates") ||
               in_chart_part(e->path, c->dir, "charts") ||
               strncmp(rc_path_base(e->path), "values", 6) == 0);
}

/* A kustomization folder named for debugging or for a local cluster
 * (`overlays/debug`, `overlays/chainsaw-debug`, `overlays/kind`): an
 * overlay a developer builds into a cluster of their own, not a release.
 * The word of its name that says so ("debugging", "a kind cluster"), or
 * NULL. */
static const char *local_overlay(const char *dir)
{
  static const struct {
    const char *word, *says;
  } words[] = {{"debug", "debugging"},
               {"kind", "a kind cluster"},
               {"minikube", "a minikube cluster"},
               {"k3d", "a k3d cluster"},
               {NULL, NULL}};
  const char *base = rc_path_base(dir);
  for (size_t i = 0; words[i].word; i++) {
    const char *list[] = {words[i].word, NULL};
    if (*base && rc_role_name_word(base, list))
      return words[i].says;
  }
  return NULL;
}

static void add_kustomization(struct kb *b, const struct rc_entry *e)
{
  size_t len;
  const char *text = k8s_read_entry(b, e, &len);
  if (!text)
    return;
  size_t di = k8s_add_doc(b, e->path);
  k8s_parse_doc(b, di, text, len);
  rc_grow((void **)&b->kusts, &b->cap_kusts, b->n_kusts, sizeof(*b->kusts));
  struct kust *k = &b->kusts[b->n_kusts++];
  memset(k, 0, sizeof(*k));
  k->path = e->path;
  k->dir = rc_path_dir(b->a, e->path);
  k->doc = di;
  k->root = k8s_first_doc(&b->k->docs[di].docs);
  const char *kind = k8s_str_at(k->root, "kind");
  k->component = kind && strcmp(kind, "Component") == 0;
  k->role = dir_role(b, k->dir, &k->why);
  const char *word =
      k->role == RC_ROLE_PRODUCTION ? local_overlay(k->dir) : NULL;
  if (word) {
    k->role = RC_ROLE_DEVELOPMENT;
    k->why = rc_arena_printf(b->a, "its folder is named for %s", word);
  }
}

/* The manifests found, parsed together once all are known. */
struct manifests {
  struct manifest {
    size_t doc;
    const char *text; /* pinned in the index until the model is built */
    size_t len;
  } * items;
  size_t n, cap;
};

/* Parses every manifest found, on the run's threads: most of the model's
 * time on a repository of many manifests, and no file's tree depends on
 * another's. */
static void parse_manifests(struct kb *b, struct manifests *m)
{
  struct rc_doc_req *reqs = rc_xcalloc(m->n ? m->n : 1, sizeof(*reqs));
  for (size_t i = 0; i < m->n; i++)
    reqs[i] = (struct rc_doc_req){.path = b->k->docs[m->items[i].doc].path,
                                  .data = m->items[i].text,
                                  .len = m->items[i].len,
                                  .fmt = RC_DOC_YAML};
  rc_doc_cache_parse_all(rc_index_docs(b->idx), reqs, m->n);
  for (size_t i = 0; i < m->n; i++) {
    struct rc_k8s_doc *d = &b->k->docs[m->items[i].doc];
    d->docs = reqs[i].docs;
    if (reqs[i].rc == 0)
      continue;
    d->error = rc_arena_strdup(b->a, reqs[i].err);
    /* A chart's own file with template actions (read by .Files.Get or
     * tpl) is Helm's input, only YAML after rendering: a template, not a
     * broken manifest. */
    if (strstr(m->items[i].text, "{{") && k8s_chart_above(b->k, d->path))
      d->templated = true;
  }
  free(reqs);
  free(m->items);
}

static void collect(struct kb *b)
{
  struct manifests m = {0};
  size_t n = rc_index_count(b->idx);
  for (size_t i = 0; i < n; i++) {
    const struct rc_entry *e = rc_index_at(b->idx, i);
    if (e->kind == RC_ENTRY_FILE && strcmp(e->name, "Chart.yaml") == 0)
      add_chart(b, e);
  }
  k8s_argo_installs(b);
  for (size_t i = 0; i < b->k->n_charts; i++) {
    struct rc_k8s_chart *c = &b->k->charts[i];
    if (!c->vendored && !c->library)
      k8s_render_chart(b, c);
  }
  for (size_t i = 0; i < n; i++) {
    const struct rc_entry *e = rc_index_at(b->idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    if (is_kustomization_name(e->name)) {
      add_kustomization(b, e);
      continue;
    }
    if (!k8s_is_yaml_name(e->name) || b->n_manifests >= MAX_MANIFESTS ||
        skip_manifest(b, e))
      continue;
    size_t len;
    const char *text = k8s_read_entry(b, e, &len);
    if (!text || !looks_like_manifest(text))
      continue;
    b->n_manifests++;
    rc_grow((void **)&m.items, &m.cap, m.n, sizeof(*m.items));
    m.items[m.n++] = (struct manifest){k8s_add_doc(b, e->path), text, len};
  }
  parse_manifests(b, &m);
}

/* ---- workloads -------------------------------------------------------------
 */

static bool workload_kind(const char *kind)
{
  static const char *const kinds[] = {"Deployment", "StatefulSet", "DaemonSet",
                                      "ReplicaSet", "Job",         "CronJob",
                                      "Pod",        "Rollout",     NULL};
  for (size_t i = 0; kind && kinds[i]; i++)
    if (strcmp(kind, kinds[i]) == 0)
      return true;
  return false;
}

static const char *annotation(const cJSON *obj, const char *key)
{
  const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
  return k8s_str_at(cJSON_GetObjectItemCaseSensitive(meta, "annotations"), key);
}

static bool one_shot(const cJSON *obj, const char *kind)
{
  if (strcmp(kind, "Job") == 0 || strcmp(kind, "CronJob") == 0)
    return true;
  if (annotation(obj, "helm.sh/hook") ||
      annotation(obj, "argocd.argoproj.io/hook"))
    return true;
  const char *restart = k8s_str_at(rc_k8s_pod_spec(obj, kind), "restartPolicy");
  return strcmp(kind, "Pod") == 0 && restart && strcmp(restart, "Always") != 0;
}

/* A file some kustomization applies as a patch: its objects are partial. */
static bool patch_file(struct kb *b, const char *path)
{
  static const char *const keys[] = {"patchesStrategicMerge", "patches",
                                     "patchesJson6902", NULL};
  for (size_t i = 0; i < b->n_kusts; i++)
    for (size_t s = 0; keys[s]; s++) {
      const cJSON *item;
      cJSON_ArrayForEach(
          item, cJSON_GetObjectItemCaseSensitive(b->kusts[i].root, keys[s])) {
        const char *f =
            cJSON_IsString(item) ? item->valuestring : k8s_str_at(item, "path");
        const char *p = f ? rc_path_join(b->a, b->kusts[i].dir, f) : NULL;
        if (p && strcmp(p, path) == 0)
          return true;
      }
    }
  return false;
}

/* A chart names objects with helpers: what we cannot evaluate shows as
 * "..." ("release-name-..."). */
static const char *shown_name(struct rc_arena *a, const char *name)
{
  const char *m = strstr(name, RC_HELM_UNKNOWN);
  if (!m)
    return name;
  return rc_arena_printf(a, "%.*s...%s", (int)(m - name), name,
                         shown_name(a, m + strlen(RC_HELM_UNKNOWN)));
}

static void add_cands_of(struct kb *b, size_t di)
{
  const struct rc_k8s_doc *d = &b->k->docs[di];
  if (!d->templated && patch_file(b, d->path))
    return;
  const struct rc_k8s_chart *chart =
      d->templated ? k8s_chart_above(b->k, d->path) : NULL;
  for (size_t i = 0; i < d->docs.n; i++) {
    const cJSON *obj = d->docs.docs[i];
    const char *kind = k8s_str_at(obj, "kind");
    if (!workload_kind(kind))
      continue;
    const char *name =
        k8s_str_at(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "name");
    rc_grow((void **)&b->cands, &b->cap_cands, b->n_cands, sizeof(*b->cands));
    struct cand *c = &b->cands[b->n_cands++];
    memset(c, 0, sizeof(*c));
    c->doc = di;
    c->obj = obj;
    c->kind = kind;
    c->name = name ? shown_name(b->a, name)
                   : rc_arena_printf(b->a, "(document %zu)", i + 1);
    c->line = rc_k8s_line(d, cJSON_GetObjectItemCaseSensitive(obj, "kind"));
    const char *hook = annotation(obj, "helm.sh/hook");
    if (hook && strstr(hook, "test")) {
      c->file_role = RC_ROLE_NONPROD;
      c->file_why = "a Helm test hook";
    } else if (chart) {
      c->file_role = chart->role; /* templates/ says nothing here */
      c->file_why = chart->why;
    } else {
      c->file_role = k8s_file_role(b, d->path, &c->file_why);
    }
  }
}

/* ---- entry points ----------------------------------------------------------
 */

static size_t add_entry(struct kb *b, enum rc_k8s_entry_kind kind,
                        const char *path, enum rc_role role, const char *why,
                        struct rc_where at)
{
  struct rc_k8s *k = b->k;
  rc_grow((void **)&k->entries, &k->cap_entries, k->n_entries,
          sizeof(*k->entries));
  k->entries[k->n_entries] =
      (struct rc_k8s_entry){kind, path, role, why, at, false, 0};
  return k->n_entries++;
}

static struct kust *kust_in(struct kb *b, const char *dir)
{
  for (size_t i = 0; dir && i < b->n_kusts; i++)
    if (strcmp(b->kusts[i].dir, dir) == 0)
      return &b->kusts[i];
  return NULL;
}

static const struct rc_k8s_chart *chart_in(const struct rc_k8s *k,
                                           const char *dir)
{
  for (size_t i = 0; dir && i < k->n_charts; i++)
    if (strcmp(k->charts[i].dir, dir) == 0)
      return &k->charts[i];
  return NULL;
}

static bool is_dir(struct kb *b, const char *path)
{
  if (!*path)
    return true;
  const struct rc_entry *e = rc_index_find(b->idx, path);
  return e && e->kind == RC_ENTRY_DIR;
}

/* A kustomization's references (resources, bases, components) that are
 * folders with a kustomization of their own are listed by it. */
static void mark_listed(struct kb *b)
{
  static const char *const keys[] = {"resources", "bases", "components", NULL};
  for (size_t i = 0; i < b->n_kusts; i++) {
    const struct kust *k = &b->kusts[i];
    if (k->role == RC_ROLE_NONPROD)
      continue; /* a test kustomization does not deploy what it lists */
    for (size_t s = 0; keys[s]; s++) {
      const cJSON *item;
      cJSON_ArrayForEach(item,
                         cJSON_GetObjectItemCaseSensitive(k->root, keys[s])) {
        if (!cJSON_IsString(item))
          continue;
        struct kust *sub =
            kust_in(b, rc_path_join(b->a, k->dir, item->valuestring));
        if (sub && sub != k)
          sub->listed = true;
      }
    }
  }
}

static void kustomize_roots(struct kb *b)
{
  for (size_t i = 0; i < b->n_kusts; i++) {
    const struct kust *k = &b->kusts[i];
    if (k->listed)
      continue;
    const char *why = k->component
                          ? "an optional kustomize component (kind: "
                            "Component) that no deploying kustomization lists"
                          : "a kustomization root: no other kustomization "
                            "lists it";
    add_entry(b, RC_K8S_KUSTOMIZE, k->dir, k->role,
              *k->why ? rc_arena_printf(b->a, "%s, but %s", why, k->why) : why,
              (struct rc_where){k->path, 1});
  }
}

static void chart_entries(struct kb *b)
{
  for (size_t i = 0; i < b->k->n_charts; i++) {
    const struct rc_k8s_chart *c = &b->k->charts[i];
    if (c->library)
      continue;
    const char *why =
        c->vendored || *c->why
            ? rc_arena_printf(b->a, "a Helm chart, but %s", c->why)
        : c->values ? rc_arena_printf(b->a,
                                      "a Helm chart (templates rendered "
                                      "with %s)",
                                      c->values)
                    : "a Helm chart (templates rendered with "
                      "values.yaml defaults)";
    add_entry(b, RC_K8S_CHART, c->dir, c->role, why,
              (struct rc_where){
                  *c->dir ? rc_arena_printf(b->a, "%s/Chart.yaml", c->dir)
                          : "Chart.yaml",
                  1});
  }
}

/* What a path names: a kustomization folder, a chart, or manifests. */
static enum rc_k8s_entry_kind kind_of_path(struct kb *b, const char *path,
                                           enum rc_k8s_entry_kind asked)
{
  if (asked == RC_K8S_FILES && is_dir(b, path) && kust_in(b, path))
    return RC_K8S_FILES; /* kubectl -f dir applies the files, not the
                            kustomization */
  if (is_dir(b, path) && chart_in(b->k, path))
    return RC_K8S_CHART;
  return asked;
}

static bool exists(struct kb *b, const char *path)
{
  if (!path)
    return false;
  if (strpbrk(path, "*?[{")) {
    for (size_t i = 0; i < b->k->n_docs; i++)
      if (rc_glob_match(path, b->k->docs[i].path))
        return true;
    return false;
  }
  return rc_index_find(b->idx, path) != NULL || !*path;
}

/* The path an apply names: from where the line runs, else - READMEs `cd`
 * into a fresh clone first - from the file's own folder or the root. */
const char *k8s_existing_path(struct kb *b, const struct rc_apply *ap)
{
  if (ap->path && exists(b, ap->path))
    return ap->path;
  const char *p = rc_path_join(b->a, ap->base ? ap->base : "", ap->written);
  if (exists(b, p))
    return p;
  p = rc_path_join(b->a, "", ap->written);
  return exists(b, p) ? p : NULL;
}

/* What an install guide applies from its own documentation tree
 * (`kubectl apply -f ./docs/install/k8s/` in docs/install/kubernetes.md)
 * is the install, not an example: the docs/ folder above a folder named
 * for installing does not demote it. Only the path's own verdict is
 * lifted; a README calling the folder a demo still stands. */
static enum rc_role installed_role(struct kb *b, const struct rc_apply *ap,
                                   const char *path, enum rc_role role,
                                   const char **why)
{
  if (role == RC_ROLE_PRODUCTION || ap->role != RC_ROLE_PRODUCTION ||
      !ap->at.path || !rc_path_is_markdown(ap->at.path))
    return role;
  const char *p = is_dir(b, path) ? rc_arena_printf(b->a, "%s/x", path) : path;
  if (rc_role_of_path(p, NULL, 0) == RC_ROLE_PRODUCTION ||
      rc_role_of_installed(b->a, p, NULL, 0) != RC_ROLE_PRODUCTION)
    return role;
  *why = "";
  return RC_ROLE_PRODUCTION;
}

static void automation_entries(struct kb *b)
{
  const struct rc_entries *en = &b->m->entries;
  static const enum rc_k8s_entry_kind kinds[] = {
      [RC_APPLY_FILES] = RC_K8S_FILES,
      [RC_APPLY_KUSTOMIZE] = RC_K8S_KUSTOMIZE,
      [RC_APPLY_CHART] = RC_K8S_CHART};
  static const char *const verbs[] = {[RC_APPLY_FILES] = "applied",
                                      [RC_APPLY_KUSTOMIZE] = "built",
                                      [RC_APPLY_CHART] = "installed"};
  for (size_t i = 0; i < en->n_applies; i++) {
    const struct rc_apply *ap = &en->applies[i];
    if (ap->unresolved) {
      if (ap->role == RC_ROLE_PRODUCTION)
        b->k->unresolved = true;
      continue;
    }
    const char *path = k8s_existing_path(b, ap);
    if (!path)
      continue; /* names nothing here: entry_refs' to report */
    enum rc_k8s_entry_kind kind = kind_of_path(b, path, kinds[ap->kind]);
    if (kind == RC_K8S_CHART && !chart_in(b->k, path))
      continue; /* a chart from a repository, not from here */
    if (kind == RC_K8S_KUSTOMIZE && !kust_in(b, path))
      continue; /* no kustomization there: the command fails */
    const char *twhy;
    enum rc_role role =
        k8s_worse(ap->role, is_dir(b, path) ? dir_role(b, path, &twhy)
                                            : k8s_file_role(b, path, &twhy));
    role = installed_role(b, ap, path, role, &twhy);
    add_entry(b, kind, path, role,
              rc_arena_printf(b->a, "%s in %s:%u", verbs[ap->kind], ap->at.path,
                              ap->at.line),
              ap->at);
  }
}

/* Argo CD Applications and ApplicationSets, Flux Kustomizations and
 * HelmReleases naming a path: this repository's, when the path exists. */
static void gitops_source(struct kb *b, const struct rc_k8s_doc *d,
                          const cJSON *node, const char *path, const char *what,
                          enum rc_role role)
{
  if (!path || strchr(path, '{') || strchr(path, '$'))
    return;
  const char *p = rc_path_join(b->a, "", path);
  if (!p || !is_dir(b, p) || !*p)
    return;
  enum rc_k8s_entry_kind kind = kust_in(b, p)       ? RC_K8S_KUSTOMIZE
                                : chart_in(b->k, p) ? RC_K8S_CHART
                                                    : RC_K8S_FILES;
  unsigned line = rc_k8s_line(d, node);
  size_t ei =
      add_entry(b, kind, p, role,
                rc_arena_printf(b->a, "%s in %s:%u", what, d->path, line),
                (struct rc_where){d->path, line});
  b->k->entries[ei].recursive = true; /* GitOps tools read the whole tree */
}

static void gitops_doc(struct kb *b, const struct rc_k8s_doc *d,
                       const cJSON *obj, enum rc_role role)
{
  const char *api = k8s_str_at(obj, "apiVersion");
  const char *kind = k8s_str_at(obj, "kind");
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
  if (!api || !kind)
    return;
  if (strncmp(api, "argoproj.io/", 12) == 0 &&
      (strcmp(kind, "Application") == 0 ||
       strcmp(kind, "ApplicationSet") == 0)) {
    if (strcmp(kind, "ApplicationSet") == 0)
      spec = cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(spec, "template"), "spec");
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(spec, "source");
    gitops_source(b, d, cJSON_GetObjectItemCaseSensitive(src, "path"),
                  k8s_str_at(src, "path"), "an Argo CD Application", role);
    cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(spec, "sources")) {
      gitops_source(b, d, cJSON_GetObjectItemCaseSensitive(src, "path"),
                    k8s_str_at(src, "path"), "an Argo CD Application", role);
    }
  } else if (strncmp(api, "kustomize.toolkit.fluxcd.io/", 28) == 0 &&
             strcmp(kind, "Kustomization") == 0) {
    gitops_source(b, d, cJSON_GetObjectItemCaseSensitive(spec, "path"),
                  k8s_str_at(spec, "path"), "a Flux Kustomization", role);
  } else if (strncmp(api, "helm.toolkit.fluxcd.io/", 23) == 0 &&
             strcmp(kind, "HelmRelease") == 0) {
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(spec, "chart"), "spec");
    const char *src =
        k8s_str_at(cJSON_GetObjectItemCaseSensitive(cs, "sourceRef"), "kind");
    if (src && strcmp(src, "GitRepository") == 0)
      gitops_source(b, d, cJSON_GetObjectItemCaseSensitive(cs, "chart"),
                    k8s_str_at(cs, "chart"), "a Flux HelmRelease", role);
  }
}

static void gitops_entries(struct kb *b)
{
  size_t n = b->k->n_docs; /* entries may add no docs: stable */
  for (size_t i = 0; i < n; i++) {
    const struct rc_k8s_doc *d = &b->k->docs[i];
    const struct rc_k8s_chart *chart =
        d->templated ? k8s_chart_above(b->k, d->path) : NULL;
    const char *why;
    enum rc_role role = chart ? chart->role : k8s_file_role(b, d->path, &why);
    for (size_t k = 0; k < d->docs.n; k++)
      gitops_doc(b, d, d->docs.docs[k], role);
  }
}

/* ---- walking an entry point -----------------------------------------------
 */

static void reach_doc(struct reach *r, size_t di)
{
  for (size_t i = 0; i < r->n_docs; i++)
    if (r->docs[i] == di)
      return;
  rc_grow((void **)&r->docs, &r->cap_docs, r->n_docs, sizeof(*r->docs));
  r->docs[r->n_docs++] = di;
}

static size_t doc_at(const struct kb *b, const char *path)
{
  for (size_t i = 0; path && i < b->k->n_docs; i++)
    if (!b->k->docs[i].templated && strcmp(b->k->docs[i].path, path) == 0)
      return i;
  return (size_t)-1;
}

static void add_patch(struct kb *b, struct reach *r, size_t di,
                      const cJSON *obj, unsigned depth, const cJSON *target)
{
  (void)b;
  const char *tkind = k8s_str_at(target, "kind"),
             *tname = k8s_str_at(target, "name");
  if (cJSON_IsArray(obj) && tkind && tname) { /* JSON 6902 operations */
    rc_grow((void **)&r->patches, &r->cap_patches, r->n_patches,
            sizeof(*r->patches));
    r->patches[r->n_patches++] =
        (struct layer){di, NULL, depth, obj, tkind, tname};
    return;
  }
  if (!cJSON_IsObject(obj) || !k8s_str_at(obj, "kind"))
    return; /* operations without a named target are not read */
  const char *p = k8s_str_at(obj, "$patch");
  if (p && strcmp(p, "delete") == 0) {
    rc_grow((void **)&r->deletes, &r->cap_deletes, r->n_deletes,
            sizeof(*r->deletes));
    r->deletes[r->n_deletes++] = obj;
    return;
  }
  rc_grow((void **)&r->patches, &r->cap_patches, r->n_patches,
          sizeof(*r->patches));
  r->patches[r->n_patches++] = (struct layer){di, obj, depth, NULL, NULL, NULL};
}

/* A patch file, or an inline patch (a YAML string in the kustomization,
 * kept as a doc of its own whose lines start after the string's key). */
static void patch_source(struct kb *b, struct reach *r, const struct kust *k,
                         const cJSON *item, unsigned depth)
{
  const char *file =
      cJSON_IsString(item) ? item->valuestring : k8s_str_at(item, "path");
  const char *inline_text =
      cJSON_IsObject(item) ? k8s_str_at(item, "patch") : NULL;
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(item, "target");
  if (file) {
    size_t di = doc_at(b, rc_path_join(b->a, k->dir, file));
    if (di == (size_t)-1) { /* not a manifest we parsed yet: read it */
      const char *p = rc_path_join(b->a, k->dir, file);
      size_t len;
      const char *text =
          p ? k8s_read_entry(b, rc_index_find(b->idx, p), &len) : NULL;
      if (!text)
        return;
      di = k8s_add_doc(b, p);
      k8s_parse_doc(b, di, text, len);
    }
    const struct rc_k8s_doc *d = &b->k->docs[di];
    for (size_t i = 0; i < d->docs.n; i++)
      add_patch(b, r, di, d->docs.docs[i], depth, target);
  } else if (inline_text) {
    size_t di = k8s_add_doc(b, k->path);
    b->k->docs[di].offset = rc_k8s_line(
        &b->k->docs[k->doc], cJSON_GetObjectItemCaseSensitive(item, "patch"));
    parse_text_doc(b, di, inline_text, strlen(inline_text));
    const struct rc_k8s_doc *d = &b->k->docs[di];
    for (size_t i = 0; i < d->docs.n; i++)
      add_patch(b, r, di, d->docs.docs[i], depth, target);
  }
}

static void reach_path(struct kb *b, struct reach *r, const char *path,
                       bool recurse);

static void walk_kust(struct kb *b, struct reach *r, const struct kust *k,
                      unsigned depth)
{
  if (depth >= MAX_WALK_DEPTH || r->n_visited >= MAX_WALK_DEPTH)
    return;
  for (size_t i = 0; i < r->n_visited; i++)
    if (strcmp(r->visited[i], k->path) == 0)
      return;
  r->visited[r->n_visited++] = k->path;
  static const char *const keys[] = {"resources", "bases", "components", NULL};
  for (size_t s = 0; keys[s]; s++) {
    const cJSON *item;
    cJSON_ArrayForEach(item,
                       cJSON_GetObjectItemCaseSensitive(k->root, keys[s])) {
      if (!cJSON_IsString(item) || strstr(item->valuestring, "://") ||
          strncmp(item->valuestring, "github.com/", 11) == 0)
        continue; /* remote bases are not this repository's */
      const char *p = rc_path_join(b->a, k->dir, item->valuestring);
      const struct kust *sub = p ? kust_in(b, p) : NULL;
      if (sub)
        walk_kust(b, r, sub, depth + 1);
      else if (p)
        reach_path(b, r, p, false);
    }
  }
  static const char *const patch_keys[] = {"patchesStrategicMerge", "patches",
                                           "patchesJson6902", NULL};
  for (size_t s = 0; patch_keys[s]; s++) {
    const cJSON *item;
    cJSON_ArrayForEach(
        item, cJSON_GetObjectItemCaseSensitive(k->root, patch_keys[s])) {
      patch_source(b, r, k, item, depth);
    }
  }
  const cJSON *img;
  cJSON_ArrayForEach(img, cJSON_GetObjectItemCaseSensitive(k->root, "images")) {
    if (!cJSON_IsObject(img))
      continue;
    rc_grow((void **)&r->images, &r->cap_images, r->n_images,
            sizeof(*r->images));
    r->images[r->n_images++] = img;
  }
}

/* The manifests a file, a folder (recursively for GitOps sources) or a
 * glob names. */
static void reach_path(struct kb *b, struct reach *r, const char *path,
                       bool recurse)
{
  bool glob = strpbrk(path, "*?[{") != NULL;
  bool dir = !glob && is_dir(b, path);
  for (size_t i = 0; i < b->k->n_docs; i++) {
    const struct rc_k8s_doc *d = &b->k->docs[i];
    if (d->templated || d->offset || d->synthetic)
      continue;
    bool hit;
    if (glob)
      hit = rc_glob_match(path, d->path);
    else if (dir)
      hit = recurse ? rc_path_within(d->path, path) != 0
                    : strcmp(rc_path_dir(b->a, d->path), path) == 0;
    else
      hit = strcmp(d->path, path) == 0;
    if (hit)
      reach_doc(r, i);
  }
}

static void reach_chart(struct kb *b, struct reach *r, const char *dir)
{
  for (size_t i = 0; i < b->k->n_docs; i++) {
    const struct rc_k8s_doc *d = &b->k->docs[i];
    if (d->templated && k8s_chart_above(b->k, d->path) == chart_in(b->k, dir))
      reach_doc(r, i);
  }
}

static bool same_object(const cJSON *a, const char *kind, const char *name)
{
  const char *ak = k8s_str_at(a, "kind");
  const char *an =
      k8s_str_at(cJSON_GetObjectItemCaseSensitive(a, "metadata"), "name");
  return ak && an && name && strcmp(ak, kind) == 0 && strcmp(an, name) == 0;
}

static int layer_order(const void *pa, const void *pb)
{
  const struct layer *a = pa, *b = pb;
  return a->depth > b->depth ? -1 : a->depth < b->depth ? 1 : 0;
}

/* The file's own role under an entry that an install guide lifted out of
 * its documentation folder (installed_role): the same folder does not
 * demote the files in it either. */
static enum rc_role file_role_under(struct kb *b, const struct rc_k8s_entry *e,
                                    const struct cand *c)
{
  const char *path = b->k->docs[c->doc].path;
  if (e->role != RC_ROLE_PRODUCTION || c->file_role == RC_ROLE_PRODUCTION ||
      rc_role_of_path(rc_arena_printf(b->a, "%s/x", e->path), NULL, 0) ==
          RC_ROLE_PRODUCTION ||
      rc_role_of_path(path, NULL, 0) == RC_ROLE_PRODUCTION ||
      rc_role_of_installed(b->a, path, NULL, 0) != RC_ROLE_PRODUCTION)
    return c->file_role;
  return RC_ROLE_PRODUCTION;
}

/* A reached candidate takes this entry when its role is better than what
 * it has, or as good and the path names production. */
static void offer(struct kb *b, struct cand *c, size_t ei,
                  const struct reach *r)
{
  const struct rc_k8s_entry *e = &b->k->entries[ei];
  for (size_t i = 0; i < r->n_deletes; i++)
    if (same_object(r->deletes[i], c->kind, c->name))
      return;
  enum rc_role file_role = file_role_under(b, e, c);
  enum rc_role role = k8s_worse(e->role, file_role);
  bool named =
      rc_role_name_is_production(e->path) || strstr(e->path, "prod") != NULL;
  if (c->reached && !better(role, c->role) &&
      !(role == c->role && named && !c->prod_named))
    return;
  c->reached = true;
  c->entry = ei;
  c->role = role;
  c->prod_named = named;
  static const char *const kinds[] = {[RC_K8S_KUSTOMIZE] = "kustomization",
                                      [RC_K8S_CHART] = "chart",
                                      [RC_K8S_FILES] = "manifests"};
  const char *from = rc_arena_printf(b->a, "from %s %s: %s", kinds[e->kind],
                                     *e->path ? e->path : ".", e->why);
  c->why = role == e->role || !*c->file_why || file_role != c->file_role
               ? from
               : rc_arena_printf(b->a, "%s, but %s", from, c->file_why);
  free(c->patches);
  free(c->images);
  c->patches = NULL;
  c->images = NULL;
  c->n_patches = c->n_images = 0;
  for (size_t i = 0; i < r->n_patches; i++) {
    struct layer l = r->patches[i];
    if (l.ops) {
      if (strcmp(l.target_kind, c->kind) != 0 || !c->name ||
          strcmp(l.target_name, c->name) != 0)
        continue;
      l.doc = k8s_json6902_doc(b, &l, c->obj);
      if (l.doc == (size_t)-1)
        continue;
      l.obj = k8s_first_doc(&b->k->docs[l.doc].docs);
    } else if (!same_object(l.obj, c->kind, c->name)) {
      continue;
    }
    c->patches =
        rc_xrealloc(c->patches, (c->n_patches + 1) * sizeof(*c->patches));
    c->patches[c->n_patches++] = l;
  }
  if (c->n_patches > 1)
    qsort(c->patches, c->n_patches, sizeof(*c->patches), layer_order);
  if (r->n_images) {
    c->images = rc_xcalloc(r->n_images, sizeof(*c->images));
    memcpy(c->images, r->images, r->n_images * sizeof(*c->images));
    c->n_images = r->n_images;
  }
}

static void walk_entry(struct kb *b, size_t ei)
{
  struct reach r;
  memset(&r, 0, sizeof(r));
  const struct rc_k8s_entry *e = &b->k->entries[ei];
  const char *path = e->path;
  enum rc_k8s_entry_kind kind = e->kind;
  if (kind == RC_K8S_KUSTOMIZE) {
    const struct kust *k = kust_in(b, path);
    if (k)
      walk_kust(b, &r, k, 0);
  } else if (kind == RC_K8S_CHART) {
    reach_chart(b, &r, path);
  } else {
    reach_path(b, &r, path, e->recursive);
  }
  size_t n = 0;
  for (size_t i = 0; i < b->n_cands; i++) {
    struct cand *c = &b->cands[i];
    for (size_t k = 0; k < r.n_docs; k++)
      if (r.docs[k] == c->doc) {
        offer(b, c, ei, &r);
        n++;
        break;
      }
  }
  b->k->entries[ei].n_workloads = n;
  free(r.docs);
  free(r.patches);
  free(r.images);
  free(r.deletes);
}

/* ---- what nothing reaches --------------------------------------------------
 */

static bool deploying_entries(const struct rc_k8s *k)
{
  for (size_t i = 0; i < k->n_entries; i++)
    if (k->entries[i].kind != RC_K8S_CHART &&
        k->entries[i].role != RC_ROLE_NONPROD)
      return true;
  return false;
}

static void unreached(struct kb *b, struct cand *c)
{
  const struct rc_k8s_doc *d = &b->k->docs[c->doc];
  const char *dir = rc_path_dir(b->a, d->path);
  c->role = c->file_role;
  if (c->file_role != RC_ROLE_PRODUCTION) {
    c->why = c->file_why;
  } else if (kust_in(b, dir)) {
    c->role = RC_ROLE_UNUSED;
    c->why = "its folder's kustomization does not list it";
  } else if (deploying_entries(b->k) && !b->k->unresolved) {
    c->role = RC_ROLE_UNUSED;
    c->why = "no kustomization, chart, kubectl apply, skaffold or GitOps "
             "source deploys it";
  } else {
    c->why = "nothing in the repository says which manifests deploy: every "
             "manifest counts";
  }
}

/* ---- lifetime --------------------------------------------------------------
 */

static int workload_rank(const void *pa, const void *pb)
{
  const struct rc_k8s_workload *a = pa, *b = pb;
  if ((a->role == RC_ROLE_PRODUCTION) != (b->role == RC_ROLE_PRODUCTION))
    return a->role == RC_ROLE_PRODUCTION ? -1 : 1;
  int c = strcmp(a->at.path, b->at.path);
  return c ? c : (a->at.line > b->at.line) - (a->at.line < b->at.line);
}

static bool has_unknown(const cJSON *n, unsigned depth)
{
  if (!n || depth > 64)
    return false;
  if (rc_helm_unknown(n))
    return true;
  for (const cJSON *c = n->child; c; c = c->next)
    if (has_unknown(c, depth + 1))
      return true;
  return false;
}

static void finish(struct kb *b)
{
  struct rc_k8s *k = b->k;
  for (size_t i = 0; i < b->n_cands; i++) {
    struct cand *c = &b->cands[i];
    if (!c->reached)
      unreached(b, c);
    rc_grow((void **)&k->workloads, &k->cap_workloads, k->n_workloads,
            sizeof(*k->workloads));
    struct rc_k8s_workload *w = &k->workloads[k->n_workloads++];
    const struct rc_k8s_doc *d = &k->docs[c->doc];
    struct services svcs = {.a = b->a};
    *w = (struct rc_k8s_workload){
        .kind = c->kind,
        .name = c->name,
        .doc = d,
        .obj = c->obj,
        .at = {d->path, c->line},
        .entry = c->reached ? &k->entries[c->entry] : NULL,
        .role = c->role,
        .why = c->why,
        .one_shot = one_shot(c->obj, c->kind),
        .served = k8s_served(k, d, c->obj, c->kind, &svcs),
        .unknown =
            d->templated && has_unknown(rc_k8s_pod_spec(c->obj, c->kind), 0),
    };
    w->services = svcs.svc;
    w->n_services = svcs.n;
    if (c->n_patches) {
      w->patches = rc_arena_alloc(b->a, c->n_patches * sizeof(*w->patches));
      for (size_t p = 0; p < c->n_patches; p++)
        w->patches[p] = (struct rc_k8s_layer){c->patches[p].obj,
                                              &k->docs[c->patches[p].doc]};
      w->n_patches = c->n_patches;
    }
    if (c->n_images) {
      w->images = rc_arena_alloc(b->a, c->n_images * sizeof(*w->images));
      memcpy(w->images, c->images, c->n_images * sizeof(*w->images));
      w->n_images = c->n_images;
    }
    free(c->patches);
    free(c->images);
  }
  if (k->n_workloads > 1)
    qsort(k->workloads, k->n_workloads, sizeof(*k->workloads), workload_rank);
}

/* ---- parsing ahead ---------------------------------------------------------
 */

struct prefetch {
  struct rc_doc_req *reqs;
  size_t n, cap;
  struct rc_doc_prefetch *p;
};

/* The files collect() will parse as manifests and kustomizations, found
 * as it finds them (the charts known by their Chart.yaml alone), parsed
 * on the other threads while the model reads everything else: on a
 * repository of many manifests, most of the model's time. A wrong guess
 * costs time only: collect() asks the cache for what it parses. */
void rc_k8s_prefetch(struct rc_model *m)
{
  struct rc_doc_cache *c = rc_index_docs(m->index);
  if (rc_doc_cache_jobs(c) <= 1)
    return;
  struct rc_k8s k = {0};
  struct kb b = {.m = m, .k = &k, .a = rc_arena_new(), .idx = m->index};
  size_t n = rc_index_count(b.idx);
  for (size_t i = 0; i < n; i++) {
    const struct rc_entry *e = rc_index_at(b.idx, i);
    if (e->kind != RC_ENTRY_FILE || strcmp(e->name, "Chart.yaml") != 0)
      continue;
    rc_grow((void **)&k.charts, &k.cap_charts, k.n_charts, sizeof(*k.charts));
    k.charts[k.n_charts++] =
        (struct rc_k8s_chart){.dir = rc_path_dir(b.a, e->path)};
  }
  struct prefetch *f = rc_xcalloc(1, sizeof(*f));
  size_t manifests = 0;
  for (size_t i = 0; i < n; i++) {
    const struct rc_entry *e = rc_index_at(b.idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    bool kust = is_kustomization_name(e->name);
    if (!kust && (!k8s_is_yaml_name(e->name) || manifests >= MAX_MANIFESTS ||
                  skip_manifest(&b, e)))
      continue;
    size_t len;
    const char *text = k8s_read_entry(&b, e, &len);
    if (!text || (!kust && !looks_like_manifest(text)))
      continue;
    manifests += !kust;
    rc_grow((void **)&f->reqs, &f->cap, f->n, sizeof(*f->reqs));
    f->reqs[f->n++] = (struct rc_doc_req){
        .path = e->path, .data = text, .len = len, .fmt = RC_DOC_YAML};
  }
  free(k.charts);
  rc_arena_free(b.a);
  f->p = rc_doc_cache_prefetch(c, f->reqs, f->n);
  m->k8s_prefetch = f;
}

static void prefetch_end(struct rc_model *m)
{
  struct prefetch *f = m->k8s_prefetch;
  if (!f)
    return;
  rc_doc_cache_prefetch_end(f->p);
  free(f->reqs);
  free(f);
  m->k8s_prefetch = NULL;
}

void rc_k8s_build(struct rc_model *m)
{
  struct rc_k8s *k = &m->k8s;
  memset(k, 0, sizeof(*k));
  struct kb b = {.m = m, .k = k, .a = m->arena, .idx = m->index};
  k->examples = rc_readme_examples_repo(m->index, m->arena);
  collect(&b);
  prefetch_end(m); /* collect() holds what it asked for */
  mark_listed(&b);
  kustomize_roots(&b);
  chart_entries(&b);
  automation_entries(&b);
  gitops_entries(&b);
  size_t n_docs = k->n_docs;
  for (size_t i = 0; i < n_docs; i++)
    add_cands_of(&b, i);
  for (size_t i = 0; i < k->n_entries; i++)
    walk_entry(&b, i);
  finish(&b);
  for (size_t i = 0; i < k->n_docs; i++) {
    struct rc_k8s_doc *d = &k->docs[i];
    const struct rc_k8s_chart *c =
        d->templated ? k8s_chart_above(k, d->path) : NULL;
    const char *why;
    if (d->error)
      d->role = c ? c->role : k8s_file_role(&b, d->path, &why);
  }
  free(b.kusts);
  free(b.cands);
  free(b.argo);
}

void rc_k8s_release(struct rc_k8s *k)
{
  if (!k)
    return;
  for (size_t i = 0; i < k->n_docs; i++)
    rc_docs_release(&k->docs[i].docs);
  free(k->docs);
  free(k->charts);
  free(k->entries);
  free(k->workloads);
  memset(k, 0, sizeof(*k));
}
