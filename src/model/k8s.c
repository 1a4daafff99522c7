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
 */
#include "readycheck/appset.h"
#include "readycheck/k8s.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/doccache.h"
#include "readycheck/glob.h"
#include "readycheck/helm.h"
#include "readycheck/helmset.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/readme.h"

enum {
  MAX_MANIFESTS = 3000,     /* YAML files parsed as manifests */
  MAX_FILE_BYTES = 4 << 20, /* per file */
  MAX_TEMPLATES = 2000,     /* chart templates rendered in all */
  MAX_WALK_DEPTH = 32,      /* nested kustomizations */
};

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

struct layer {
  size_t doc;
  const cJSON *obj;
  unsigned depth; /* deeper = a base's patch, applied first */
  /* a JSON 6902 patch: its operations and target, made into obj (a doc
   * of its own) for each object it targets */
  const cJSON *ops;
  const char *target_kind, *target_name;
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

static bool is_yaml_name(const char *name)
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

static const char *str_at(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A scalar's text: YAML numbers keep theirs (`newTag: 1.2`). */
static const char *text_at(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) || cJSON_IsNumber(v) ? v->valuestring : NULL;
}

static const char *read_entry(struct kb *b, const struct rc_entry *e,
                              size_t *len)
{
  const char *data;
  char err[128];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_entry_size(b->idx, e) > MAX_FILE_BYTES ||
      rc_index_read(b->idx, e, &data, len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, *len))
    return NULL;
  return data;
}

static size_t add_doc(struct kb *b, const char *path)
{
  struct rc_k8s *k = b->k;
  rc_grow((void **)&k->docs, &k->cap_docs, k->n_docs, sizeof(*k->docs));
  struct rc_k8s_doc *d = &k->docs[k->n_docs];
  memset(d, 0, sizeof(*d));
  d->path = path;
  return k->n_docs++;
}

/* A file's text: parsed once for every reader (doccache.h). */
static void parse_doc(struct kb *b, size_t di, const char *text, size_t len)
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

static enum rc_role worse(enum rc_role a, enum rc_role b)
{
  static const int rank[] = {[RC_ROLE_PRODUCTION] = 0,
                             [RC_ROLE_DEVELOPMENT] = 1,
                             [RC_ROLE_UNUSED] = 2,
                             [RC_ROLE_NONPROD] = 3};
  return rank[a] >= rank[b] ? a : b;
}

static bool better(enum rc_role a, enum rc_role b)
{
  return a != b && worse(a, b) == b;
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
static enum rc_role file_role(struct kb *b, const char *path, const char **why)
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

static const cJSON *first_doc(const struct rc_docs *d)
{
  return d->n && cJSON_IsObject(d->docs[0]) ? d->docs[0] : NULL;
}

/* The chart whose folder holds path's charts/ or templates/, innermost. */
static const struct rc_k8s_chart *chart_above(const struct rc_k8s *k,
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
  const char *text = read_entry(b, rc_index_find(b->idx, path), &len);
  struct rc_docs docs;
  char err[128];
  if (!text || rc_doc_cache_parse(rc_index_docs(b->idx), &docs, text, len, path,
                                  RC_DOC_YAML, err, sizeof(err)))
    return false;
  bool own = false;
  const cJSON *dep;
  cJSON_ArrayForEach(
      dep, cJSON_GetObjectItemCaseSensitive(first_doc(&docs), "dependencies"))
  {
    const char *repo = str_at(dep, "repository");
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
  const char *text = read_entry(b, e, &len);
  struct rc_docs docs;
  char err[128];
  if (!text || rc_doc_cache_parse(rc_index_docs(b->idx), &docs, text, len,
                                  e->path, RC_DOC_YAML, err, sizeof(err)))
    return;
  const cJSON *meta = first_doc(&docs);
  const char *name = str_at(meta, "name");
  const char *type = str_at(meta, "type");
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
  const struct rc_k8s_chart *parent = chart_above(k, c->dir);
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

/* Blank lines that only hold the unknown-block marker: a chart helper we
 * do not evaluate, rendered where YAML wanted a list item. */
static char *blank_unknown_blocks(struct rc_arena *a, const char *text)
{
  char *s = rc_arena_strdup(a, text);
  const char *mark = RC_HELM_UNKNOWN ": true";
  for (char *p = s; (p = strstr(p, mark)) != NULL; p += strlen(mark)) {
    char *start = p;
    while (start > s && start[-1] == ' ')
      start--;
    char *end = p + strlen(mark);
    if ((start == s || start[-1] == '\n') && (*end == '\n' || !*end))
      memset(start, ' ', (size_t)(end - start));
  }
  return s;
}

struct tmpl_walk {
  struct kb *b;
  struct rc_helm *h;
  const char **paths;
  size_t n, cap;
};

static int on_template(const struct rc_entry *e, void *arg)
{
  struct tmpl_walk *w = arg;
  rc_grow((void **)&w->paths, &w->cap, w->n, sizeof(*w->paths));
  w->paths[w->n++] = e->path;
  return 0;
}

/* A template file that makes objects: YAML, not a helper (_x.tpl) and not
 * in a dependency chart's templates. */
static bool renders_objects(const char *path)
{
  const char *name = rc_path_base(path);
  return name[0] != '_' && is_yaml_name(name);
}

static void render_template(struct kb *b, struct rc_k8s_chart *c,
                            struct rc_helm *h, const char *path)
{
  size_t len;
  const char *text = read_entry(b, rc_index_find(b->idx, path), &len);
  if (!text || b->n_templates >= MAX_TEMPLATES)
    return;
  b->n_templates++;
  c->n_templates++;
  const unsigned *lines;
  size_t n_lines;
  const char *out = rc_helm_render(h, path, text, len, &lines, &n_lines);
  size_t di = add_doc(b, path);
  struct rc_k8s_doc *d = &b->k->docs[di];
  d->templated = true;
  d->lines = lines;
  d->n_lines = n_lines;
  char err[256];
  if (rc_docs_parse(&d->docs, out, strlen(out), path, RC_DOC_YAML, err,
                    sizeof(err)) == 0)
    return;
  const char *retry = blank_unknown_blocks(b->a, out);
  if (rc_docs_parse(&d->docs, retry, strlen(retry), path, RC_DOC_YAML, err,
                    sizeof(err)) == 0)
    return;
  d->error = rc_arena_printf(b->a, "%s (as rendered here with %s)", err,
                             c->values ? c->values : "values.yaml defaults");
  c->n_failed++;
}

static const char *existing_path(struct kb *b, const struct rc_apply *ap);

/* Every values file the install names is committed and none is a test's
 * (chart-testing's `ci/test-values.yaml`, a README's `-f my-values.yaml`
 * the operator writes, `-f -` from stdin: then the defaults decide). */
static bool values_committed(struct kb *b, const struct rc_apply *ap)
{
  for (size_t i = 0; i < ap->n_values; i++) {
    const struct rc_entry *e = rc_index_find(b->idx, ap->values[i]);
    char why[128];
    if (!e || e->kind != RC_ENTRY_FILE ||
        rc_role_of_path(ap->values[i], why, sizeof(why)) != RC_ROLE_PRODUCTION)
      return false;
  }
  return true;
}

/* A CI step that installs into a throwaway cluster the job made (kind,
 * k3d, minikube) tests the chart (pipeline.c): its values are a test's. */
static bool installs_in_test_cluster(struct kb *b, const struct rc_apply *ap)
{
  const struct rc_pipeline *p = &b->m->entries.pipeline;
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    if (!st->test_cluster || !st->at.path ||
        strcmp(st->at.path, ap->at.path) != 0)
      continue;
    for (size_t k = 0; k < st->n_cmds; k++)
      if (p->cmds[st->cmd0 + k].at.line == ap->at.line)
        return true;
  }
  return false;
}

/* An install of the chart in dir that production runs with values of its
 * own: committed files, --set or values written in place. */
static bool installs_with_values(struct kb *b, const struct rc_apply *ap,
                                 const char *dir)
{
  if (ap->kind != RC_APPLY_CHART || ap->unresolved ||
      (!ap->n_values && !ap->n_sets) || ap->role != RC_ROLE_PRODUCTION ||
      !values_committed(b, ap) || installs_in_test_cluster(b, ap))
    return false;
  /* a CI step that renders the chart and applies nothing checks it */
  if (ap->rendered_only && rc_pipeline_is_ci(ap->at.path))
    return false;
  const char *p = existing_path(b, ap);
  return p && strcmp(p, dir) == 0;
}

/* The first production install of the chart in dir that sets values
 * (`helm upgrade --install app ./chart -f chart/values-prod.yaml --set
 * image.tag=$SHA` in a deploy workflow, a skaffold or helmfile release, an
 * Argo CD Application): what it renders is what production runs. */
/* Which install decides when several do: what automation runs (CI, a
 * script, a GitOps manifest) over what a README tells a reader to type,
 * then one naming values files over one only setting values. */
static int install_rank(const struct rc_apply *ap)
{
  static const char *const docs[] = {".md",  ".mdx",  ".rst",
                                     ".txt", ".adoc", NULL};
  const char *dot = strrchr(ap->at.path, '.');
  bool doc = false;
  for (size_t i = 0; dot && docs[i]; i++)
    doc |= strcasecmp(dot, docs[i]) == 0;
  return (doc ? 0 : 2) + (ap->n_values ? 1 : 0);
}

static const struct rc_apply *production_install(struct kb *b, const char *dir)
{
  const struct rc_entries *en = &b->m->entries;
  const struct rc_apply *best = NULL;
  for (size_t i = 0; i < en->n_applies + b->n_argo; i++) {
    const struct rc_apply *ap =
        i < en->n_applies ? &en->applies[i] : &b->argo[i - en->n_applies];
    if (installs_with_values(b, ap, dir) &&
        (!best || install_rank(ap) > install_rank(best)))
      best = ap;
  }
  return best;
}

/* How a set reads in `readycheck model`: "--set image.tag=2.0.1", or
 * "values written in place". */
static const char *set_shown(struct kb *b, const struct rc_helm_set *s)
{
  if (s->kind == RC_HELM_INLINE)
    return "values written in place";
  return rc_arena_printf(b->a, "%s %s",
                         s->kind == RC_HELM_SET ? "--set" : "--set-string",
                         s->text);
}

/* Helm's merge of a values file over what came before: mappings merge key
 * by key, anything else replaces, and null deletes the key. */
static void merge_values(cJSON *into, const cJSON *over)
{
  const cJSON *it;
  cJSON_ArrayForEach(it, over)
  {
    cJSON *cur = cJSON_GetObjectItemCaseSensitive(into, it->string);
    if (cJSON_IsNull(it)) {
      cJSON_DeleteItemFromObjectCaseSensitive(into, it->string);
    } else if (cJSON_IsObject(cur) && cJSON_IsObject(it)) {
      merge_values(cur, it);
    } else {
      cJSON *copy = cJSON_Duplicate(it, true);
      if (cur)
        cJSON_ReplaceItemInObjectCaseSensitive(into, it->string, copy);
      else
        cJSON_AddItemToObject(into, it->string, copy);
    }
  }
}

/* values.yaml with the values files of the production install merged over
 * it, in their order; NULL when nothing is merged (the defaults decide).
 * Notes in c->values what was rendered. The caller frees the result. */
static cJSON *install_values(struct kb *b, struct rc_k8s_chart *c,
                             const cJSON *defaults)
{
  const struct rc_apply *ap = production_install(b, c->dir);
  if (!ap)
    return NULL;
  cJSON *merged =
      defaults ? cJSON_Duplicate(defaults, true) : cJSON_CreateObject();
  const char *names = "values.yaml";
  const char *own =
      *c->dir ? rc_arena_printf(b->a, "%s/values.yaml", c->dir) : "values.yaml";
  for (size_t i = 0; i < ap->n_values; i++) {
    const char *path = ap->values[i];
    if (strcmp(path, own) == 0)
      continue; /* the defaults themselves */
    size_t len;
    const char *text = read_entry(b, rc_index_find(b->idx, path), &len);
    size_t di = text ? add_doc(b, path) : 0;
    if (text)
      parse_doc(b, di, text, len);
    const cJSON *over = text ? first_doc(&b->k->docs[di].docs) : NULL;
    if (over)
      merge_values(merged, over);
    names = rc_arena_printf(b->a, "%s + %s%s", names, path,
                            over ? "" : " (not readable as YAML)");
  }
  /* Helm merges --set (and skaffold's, helmfile's, Argo CD's values
   * written in place) after every values file */
  for (size_t i = 0; i < ap->n_sets; i++) {
    cJSON *over = rc_helm_set_values(&ap->sets[i]);
    bool read = over != NULL;
    if (read)
      merge_values(merged, over);
    cJSON_Delete(over);
    names =
        rc_arena_printf(b->a, "%s + %s%s", names, set_shown(b, &ap->sets[i]),
                        read ? "" : " (not read)");
  }
  c->values = rc_arena_printf(b->a, "%s, as installed by %s:%u", names,
                              ap->at.path, ap->at.line);
  return merged;
}

static void render_chart(struct kb *b, struct rc_k8s_chart *c)
{
  const char *vpath =
      *c->dir ? rc_arena_printf(b->a, "%s/values.yaml", c->dir) : "values.yaml";
  const char *mpath =
      *c->dir ? rc_arena_printf(b->a, "%s/Chart.yaml", c->dir) : "Chart.yaml";
  size_t vlen = 0, mlen = 0;
  const char *vtext = read_entry(b, rc_index_find(b->idx, vpath), &vlen);
  const char *mtext = read_entry(b, rc_index_find(b->idx, mpath), &mlen);
  /* values and Chart.yaml live as docs: rendered objects point into them */
  size_t vd = add_doc(b, vpath), md = add_doc(b, mpath);
  if (vtext)
    parse_doc(b, vd, vtext, vlen);
  if (mtext)
    parse_doc(b, md, mtext, mlen);
  const cJSON *defaults = first_doc(&b->k->docs[vd].docs);
  cJSON *merged = install_values(b, c, defaults);
  struct rc_helm *h = rc_helm_new(b->a, merged ? merged : defaults,
                                  first_doc(&b->k->docs[md].docs));
  struct tmpl_walk w = {b, h, NULL, 0, 0};
  const char *glob = *c->dir ? rc_arena_printf(b->a, "%s/templates/**", c->dir)
                             : "templates/**";
  rc_index_glob(b->idx, glob, RC_ENTRY_FILE, on_template, &w);
  for (size_t i = 0; i < w.n; i++) {
    size_t len;
    const char *text = read_entry(b, rc_index_find(b->idx, w.paths[i]), &len);
    if (text)
      rc_helm_add_defines(h, w.paths[i], text, len);
  }
  for (size_t i = 0; i < w.n; i++)
    if (renders_objects(w.paths[i]))
      render_template(b, c, h, w.paths[i]);
  free(w.paths);
  rc_helm_free(h);
  cJSON_Delete(merged);
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
  const struct rc_k8s_chart *c = chart_above(b->k, e->path);
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
  const char *text = read_entry(b, e, &len);
  if (!text)
    return;
  size_t di = add_doc(b, e->path);
  parse_doc(b, di, text, len);
  rc_grow((void **)&b->kusts, &b->cap_kusts, b->n_kusts, sizeof(*b->kusts));
  struct kust *k = &b->kusts[b->n_kusts++];
  memset(k, 0, sizeof(*k));
  k->path = e->path;
  k->dir = rc_path_dir(b->a, e->path);
  k->doc = di;
  k->root = first_doc(&b->k->docs[di].docs);
  const char *kind = str_at(k->root, "kind");
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
    if (strstr(m->items[i].text, "{{") && chart_above(b->k, d->path))
      d->templated = true;
  }
  free(reqs);
  free(m->items);
}

/* ---- Argo CD Applications' Helm values ------------------------------------
 */

/* Where an Argo CD value file lives: relative to the chart's source path,
 * or `$REF/x` in the repository of the source with `ref: REF` - here, when
 * the file exists. NULL for templated names. */
static const char *argo_value_file(struct kb *b, const char *chart,
                                   const char *vf)
{
  if (strstr(vf, "{{"))
    return NULL;
  if (vf[0] == '$') {
    const char *slash = strchr(vf, '/');
    return slash ? rc_path_join(b->a, "", slash + 1) : NULL;
  }
  return rc_path_join(b->a, chart, vf);
}

static void argo_inline(struct kb *b, struct rc_helm_set *sets, size_t *ns,
                        const cJSON *helm, const char *path)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(helm, "values");
  if (cJSON_IsString(v) && *ns < 32) {
    struct rc_docs docs;
    char err[128];
    if (rc_docs_parse(&docs, v->valuestring, strlen(v->valuestring), path,
                      RC_DOC_YAML, err, sizeof(err)) == 0) {
      char *json = cJSON_IsObject(first_doc(&docs))
                       ? cJSON_PrintUnformatted(first_doc(&docs))
                       : NULL;
      if (json)
        sets[(*ns)++] =
            (struct rc_helm_set){RC_HELM_INLINE, rc_arena_strdup(b->a, json)};
      free(json);
      rc_docs_release(&docs);
    }
  }
  v = cJSON_GetObjectItemCaseSensitive(helm, "valuesObject");
  char *json = cJSON_IsObject(v) ? cJSON_PrintUnformatted(v) : NULL;
  if (json && *ns < 32)
    sets[(*ns)++] =
        (struct rc_helm_set){RC_HELM_INLINE, rc_arena_strdup(b->a, json)};
  free(json);
}

/* One Argo CD source that installs a chart folder of this repository with
 * `helm:` values: valueFiles, then values / valuesObject, then parameters,
 * the order Argo CD passes them to Helm. */
static void argo_source(struct kb *b, const struct rc_docs *docs,
                        const cJSON *src, const char *path, enum rc_role role,
                        const cJSON *written)
{
  const char *dir = str_at(src, "path");
  const cJSON *helm = cJSON_GetObjectItemCaseSensitive(src, "helm");
  if (!dir || !cJSON_IsObject(helm) || strchr(dir, '{') || strchr(dir, '$'))
    return;
  const char *chart = rc_path_join(b->a, "", dir);
  if (!chart || !*chart)
    return;
  const char **values = rc_arena_alloc(b->a, 16 * sizeof(*values));
  struct rc_helm_set sets[32];
  size_t nv = 0, ns = 0;
  const cJSON *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(helm, "valueFiles"))
  {
    const char *f =
        cJSON_IsString(v) ? argo_value_file(b, chart, v->valuestring) : NULL;
    if (f && nv < 16)
      values[nv++] = f;
  }
  argo_inline(b, sets, &ns, helm, path);
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(helm, "parameters"))
  {
    const char *name = str_at(v, "name"), *value = str_at(v, "value");
    const cJSON *force = cJSON_GetObjectItemCaseSensitive(v, "forceString");
    if (name && value && ns < 32)
      sets[ns++] = (struct rc_helm_set){
          cJSON_IsTrue(force) ? RC_HELM_SET_STRING : RC_HELM_SET,
          rc_arena_printf(b->a, "%s=%s", name, value)};
  }
  if (!nv && !ns)
    return;
  /* an ApplicationSet's generated Application takes the role its values
   * files' names give (values-dev.yaml: a development install) */
  for (size_t i = 0; written && i < nv; i++)
    role = worse(role, rc_role_of_path(values[i], NULL, 0));
  struct rc_helm_set *copy =
      ns ? rc_arena_alloc(b->a, ns * sizeof(*copy)) : NULL;
  for (size_t i = 0; i < ns; i++)
    copy[i] = sets[i];
  rc_grow((void **)&b->argo, &b->cap_argo, b->n_argo, sizeof(*b->argo));
  b->argo[b->n_argo++] = (struct rc_apply){
      .kind = RC_APPLY_CHART,
      .path = chart,
      .written = chart,
      .base = "",
      .values = values,
      .n_values = nv,
      .sets = copy,
      .n_sets = ns,
      .at = {path, rc_docs_line(docs, written ? written : src)},
      .role = role,
  };
}

struct appset_ctx {
  struct kb *b;
  const struct rc_docs *docs;
  const char *path;
  enum rc_role role;
  const cJSON *written; /* the template's source, for the line */
};

static void appset_spec(const cJSON *spec, void *arg)
{
  struct appset_ctx *x = arg;
  const cJSON *src;
  argo_source(x->b, x->docs, cJSON_GetObjectItemCaseSensitive(spec, "source"),
              x->path, x->role, x->written);
  cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(spec, "sources"))
  {
    argo_source(x->b, x->docs, src, x->path, x->role, x->written);
  }
}

static void argo_doc(struct kb *b, const struct rc_docs *docs, const cJSON *obj,
                     const char *path, enum rc_role role)
{
  const char *api = str_at(obj, "apiVersion"), *kind = str_at(obj, "kind");
  if (!api || !kind || strncmp(api, "argoproj.io/", 12) != 0)
    return;
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
  const cJSON *src;
  if (strcmp(kind, "ApplicationSet") == 0) {
    /* the Applications its list generator makes (appset.h) */
    const cJSON *tspec = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(spec, "template"), "spec");
    const cJSON *written = cJSON_GetObjectItemCaseSensitive(tspec, "source");
    if (!written)
      written = cJSON_GetArrayItem(
          cJSON_GetObjectItemCaseSensitive(tspec, "sources"), 0);
    struct appset_ctx x = {b, docs, path, role, written ? written : tspec};
    rc_appset_specs(obj, appset_spec, &x);
    return;
  }
  if (strcmp(kind, "Application") != 0)
    return;
  argo_source(b, docs, cJSON_GetObjectItemCaseSensitive(spec, "source"), path,
              role, NULL);
  cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(spec, "sources"))
  {
    argo_source(b, docs, src, path, role, NULL);
  }
}

/* Argo CD Applications in the repository that install a chart with values
 * (read before the charts render, which use them). */
static void argo_installs(struct kb *b)
{
  size_t n = rc_index_count(b->idx), seen = 0;
  for (size_t i = 0; i < n && seen < MAX_MANIFESTS; i++) {
    const struct rc_entry *e = rc_index_at(b->idx, i);
    if (e->kind != RC_ENTRY_FILE || !is_yaml_name(e->name))
      continue;
    size_t len;
    const char *text = read_entry(b, e, &len);
    if (!text || !strstr(text, "argoproj.io/") || !strstr(text, "helm:"))
      continue;
    seen++;
    struct rc_docs docs;
    char err[256];
    if (rc_doc_cache_parse(rc_index_docs(b->idx), &docs, text, len, e->path,
                           RC_DOC_YAML, err, sizeof(err)) != 0)
      continue;
    const char *why;
    enum rc_role role = file_role(b, e->path, &why);
    for (size_t k = 0; k < docs.n; k++)
      argo_doc(b, &docs, docs.docs[k], e->path, role);
    rc_docs_release(&docs);
  }
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
  argo_installs(b);
  for (size_t i = 0; i < b->k->n_charts; i++) {
    struct rc_k8s_chart *c = &b->k->charts[i];
    if (!c->vendored && !c->library)
      render_chart(b, c);
  }
  for (size_t i = 0; i < n; i++) {
    const struct rc_entry *e = rc_index_at(b->idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    if (is_kustomization_name(e->name)) {
      add_kustomization(b, e);
      continue;
    }
    if (!is_yaml_name(e->name) || b->n_manifests >= MAX_MANIFESTS ||
        skip_manifest(b, e))
      continue;
    size_t len;
    const char *text = read_entry(b, e, &len);
    if (!text || !looks_like_manifest(text))
      continue;
    b->n_manifests++;
    rc_grow((void **)&m.items, &m.cap, m.n, sizeof(*m.items));
    m.items[m.n++] = (struct manifest){add_doc(b, e->path), text, len};
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

const cJSON *rc_k8s_pod_spec(const cJSON *obj, const char *kind)
{
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
  if (kind && strcmp(kind, "Pod") == 0)
    return spec;
  if (kind && strcmp(kind, "CronJob") == 0)
    spec = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(spec, "jobTemplate"), "spec");
  const cJSON *tmpl = cJSON_GetObjectItemCaseSensitive(spec, "template");
  return cJSON_GetObjectItemCaseSensitive(tmpl, "spec");
}

unsigned rc_k8s_line(const struct rc_k8s_doc *d, const cJSON *node)
{
  unsigned line = rc_docs_line(&d->docs, node);
  if (d->lines)
    return line && line < d->n_lines ? d->lines[line] : 0;
  return line ? line + d->offset : 0;
}

static const char *annotation(const cJSON *obj, const char *key)
{
  const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
  return str_at(cJSON_GetObjectItemCaseSensitive(meta, "annotations"), key);
}

static bool one_shot(const cJSON *obj, const char *kind)
{
  if (strcmp(kind, "Job") == 0 || strcmp(kind, "CronJob") == 0)
    return true;
  if (annotation(obj, "helm.sh/hook") ||
      annotation(obj, "argocd.argoproj.io/hook"))
    return true;
  const char *restart = str_at(rc_k8s_pod_spec(obj, kind), "restartPolicy");
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
          item, cJSON_GetObjectItemCaseSensitive(b->kusts[i].root, keys[s]))
      {
        const char *f =
            cJSON_IsString(item) ? item->valuestring : str_at(item, "path");
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
      d->templated ? chart_above(b->k, d->path) : NULL;
  for (size_t i = 0; i < d->docs.n; i++) {
    const cJSON *obj = d->docs.docs[i];
    const char *kind = str_at(obj, "kind");
    if (!workload_kind(kind))
      continue;
    const char *name =
        str_at(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "name");
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
      c->file_role = file_role(b, d->path, &c->file_why);
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
                         cJSON_GetObjectItemCaseSensitive(k->root, keys[s]))
      {
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
static const char *existing_path(struct kb *b, const struct rc_apply *ap)
{
  if (ap->path && exists(b, ap->path))
    return ap->path;
  const char *p = rc_path_join(b->a, ap->base ? ap->base : "", ap->written);
  if (exists(b, p))
    return p;
  p = rc_path_join(b->a, "", ap->written);
  return exists(b, p) ? p : NULL;
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
    const char *path = existing_path(b, ap);
    if (!path)
      continue; /* names nothing here: entry_refs' to report */
    enum rc_k8s_entry_kind kind = kind_of_path(b, path, kinds[ap->kind]);
    if (kind == RC_K8S_CHART && !chart_in(b->k, path))
      continue; /* a chart from a repository, not from here */
    if (kind == RC_K8S_KUSTOMIZE && !kust_in(b, path))
      continue; /* no kustomization there: the command fails */
    const char *twhy;
    enum rc_role role =
        worse(ap->role, is_dir(b, path) ? dir_role(b, path, &twhy)
                                        : file_role(b, path, &twhy));
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
  const char *api = str_at(obj, "apiVersion");
  const char *kind = str_at(obj, "kind");
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
                  str_at(src, "path"), "an Argo CD Application", role);
    cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(spec, "sources"))
    {
      gitops_source(b, d, cJSON_GetObjectItemCaseSensitive(src, "path"),
                    str_at(src, "path"), "an Argo CD Application", role);
    }
  } else if (strncmp(api, "kustomize.toolkit.fluxcd.io/", 28) == 0 &&
             strcmp(kind, "Kustomization") == 0) {
    gitops_source(b, d, cJSON_GetObjectItemCaseSensitive(spec, "path"),
                  str_at(spec, "path"), "a Flux Kustomization", role);
  } else if (strncmp(api, "helm.toolkit.fluxcd.io/", 23) == 0 &&
             strcmp(kind, "HelmRelease") == 0) {
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(spec, "chart"), "spec");
    const char *src =
        str_at(cJSON_GetObjectItemCaseSensitive(cs, "sourceRef"), "kind");
    if (src && strcmp(src, "GitRepository") == 0)
      gitops_source(b, d, cJSON_GetObjectItemCaseSensitive(cs, "chart"),
                    str_at(cs, "chart"), "a Flux HelmRelease", role);
  }
}

static void gitops_entries(struct kb *b)
{
  size_t n = b->k->n_docs; /* entries may add no docs: stable */
  for (size_t i = 0; i < n; i++) {
    const struct rc_k8s_doc *d = &b->k->docs[i];
    const struct rc_k8s_chart *chart =
        d->templated ? chart_above(b->k, d->path) : NULL;
    const char *why;
    enum rc_role role = chart ? chart->role : file_role(b, d->path, &why);
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
  const char *tkind = str_at(target, "kind"), *tname = str_at(target, "name");
  if (cJSON_IsArray(obj) && tkind && tname) { /* JSON 6902 operations */
    rc_grow((void **)&r->patches, &r->cap_patches, r->n_patches,
            sizeof(*r->patches));
    r->patches[r->n_patches++] =
        (struct layer){di, NULL, depth, obj, tkind, tname};
    return;
  }
  if (!cJSON_IsObject(obj) || !str_at(obj, "kind"))
    return; /* operations without a named target are not read */
  const char *p = str_at(obj, "$patch");
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
      cJSON_IsString(item) ? item->valuestring : str_at(item, "path");
  const char *inline_text = cJSON_IsObject(item) ? str_at(item, "patch") : NULL;
  const cJSON *target = cJSON_GetObjectItemCaseSensitive(item, "target");
  if (file) {
    size_t di = doc_at(b, rc_path_join(b->a, k->dir, file));
    if (di == (size_t)-1) { /* not a manifest we parsed yet: read it */
      const char *p = rc_path_join(b->a, k->dir, file);
      size_t len;
      const char *text =
          p ? read_entry(b, rc_index_find(b->idx, p), &len) : NULL;
      if (!text)
        return;
      di = add_doc(b, p);
      parse_doc(b, di, text, len);
    }
    const struct rc_k8s_doc *d = &b->k->docs[di];
    for (size_t i = 0; i < d->docs.n; i++)
      add_patch(b, r, di, d->docs.docs[i], depth, target);
  } else if (inline_text) {
    size_t di = add_doc(b, k->path);
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
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(k->root, keys[s]))
    {
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
    cJSON_ArrayForEach(item,
                       cJSON_GetObjectItemCaseSensitive(k->root, patch_keys[s]))
    {
      patch_source(b, r, k, item, depth);
    }
  }
  const cJSON *img;
  cJSON_ArrayForEach(img, cJSON_GetObjectItemCaseSensitive(k->root, "images"))
  {
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
    if (d->templated && chart_above(b->k, d->path) == chart_in(b->k, dir))
      reach_doc(r, i);
  }
}

static bool same_object(const cJSON *a, const char *kind, const char *name)
{
  const char *ak = str_at(a, "kind");
  const char *an =
      str_at(cJSON_GetObjectItemCaseSensitive(a, "metadata"), "name");
  return ak && an && name && strcmp(ak, kind) == 0 && strcmp(an, name) == 0;
}

/* ---- JSON 6902 patches ----------------------------------------------------
 */

/* What a JSON 6902 patch's `add` / `replace` operations set, as a partial
 * object a lookup reads like a strategic-merge patch: list positions under
 * containers / initContainers become the container's name in the object
 * patched (`/spec/template/spec/containers/0/image` sets the image of the
 * first container); a `remove` sets null there, which a lookup reads as
 * the field deleted, as a strategic-merge patch's null is. Other list
 * positions (removing a whole container) and `-` are not read. Each value
 * set keeps its line for the findings. */
struct synth {
  cJSON *root;
  struct rc_doc_pos *pos;
  size_t n_pos, cap_pos;
};

static char *pointer_segment(const char *s, size_t n)
{
  char *out = rc_xmalloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
      out[k++] = s[i + 1] == '0' ? '~' : '/';
      i++;
    } else {
      out[k++] = s[i];
    }
  }
  out[k] = '\0';
  return out;
}

static bool all_digits(const char *s)
{
  if (!*s)
    return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

/* The element of out's list for the base list's item at index idx (by its
 * name); NULL when the base has no such named item. */
static cJSON *named_item(cJSON *out, const cJSON *base, const char *idx)
{
  const cJSON *item = cJSON_GetArrayItem(base, atoi(idx));
  const char *name = str_at(item, "name");
  if (!name || !cJSON_IsArray(out))
    return NULL;
  cJSON *el;
  cJSON_ArrayForEach(el, out)
  {
    const char *n = str_at(el, "name");
    if (n && strcmp(n, name) == 0)
      return el;
  }
  el = cJSON_CreateObject();
  cJSON_AddStringToObject(el, "name", name);
  cJSON_AddItemToArray(out, el);
  return el;
}

static void apply_op(struct synth *sy, const cJSON *op, const cJSON *base,
                     unsigned line)
{
  const char *kind = str_at(op, "op"), *path = str_at(op, "path");
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(op, "value");
  bool remove = kind && strcmp(kind, "remove") == 0;
  if (!kind || !path || (!value && !remove) || path[0] != '/' ||
      (strcmp(kind, "add") != 0 && strcmp(kind, "replace") != 0 && !remove))
    return;
  cJSON *out = sy->root;
  const cJSON *in = base;
  const char *prev = NULL;
  for (const char *p = path + 1;;) {
    size_t n = strcspn(p, "/");
    char *seg = pointer_segment(p, n);
    bool last = p[n] == '\0';
    if (all_digits(seg) || strcmp(seg, "-") == 0) {
      bool containers = prev && (strcmp(prev, "containers") == 0 ||
                                 strcmp(prev, "initContainers") == 0);
      cJSON *el = containers && !last && all_digits(seg)
                      ? named_item(out, in, seg)
                      : NULL;
      if (!el) {
        free(seg);
        free((char *)prev);
        return; /* a position the lookup cannot name */
      }
      in = cJSON_GetArrayItem(in, atoi(seg));
      out = el;
    } else if (last) {
      cJSON *v = remove ? cJSON_CreateNull() : cJSON_Duplicate(value, true);
      cJSON_DeleteItemFromObjectCaseSensitive(out, seg);
      cJSON_AddItemToObject(out, seg, v);
      rc_grow((void **)&sy->pos, &sy->cap_pos, sy->n_pos, sizeof(*sy->pos));
      sy->pos[sy->n_pos] = (struct rc_doc_pos){v, line, sy->n_pos};
      sy->n_pos++;
    } else {
      const cJSON *next_in = cJSON_GetObjectItemCaseSensitive(in, seg);
      cJSON *next = cJSON_GetObjectItemCaseSensitive(out, seg);
      if (!next)
        next = cJSON_IsArray(next_in) ? cJSON_AddArrayToObject(out, seg)
                                      : cJSON_AddObjectToObject(out, seg);
      out = next;
      in = next_in;
    }
    free((char *)prev);
    prev = seg;
    if (last)
      break;
    p += n + 1;
  }
  free((char *)prev);
}

static int pos_order(const void *pa, const void *pb)
{
  const struct rc_doc_pos *a = pa, *b = pb;
  return (uintptr_t)a->node < (uintptr_t)b->node   ? -1
         : (uintptr_t)a->node > (uintptr_t)b->node ? 1
                                                   : 0;
}

/* A doc holding what l's operations set on base, or (size_t)-1 when they
 * set nothing readable. */
static size_t json6902_doc(struct kb *b, const struct layer *l,
                           const cJSON *base)
{
  const struct rc_k8s_doc *src = &b->k->docs[l->doc];
  struct synth sy = {cJSON_CreateObject(), NULL, 0, 0};
  cJSON_AddStringToObject(sy.root, "kind", l->target_kind);
  cJSON_AddObjectToObject(sy.root, "metadata");
  cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(sy.root, "metadata"),
                          "name", l->target_name);
  const cJSON *op;
  cJSON_ArrayForEach(op, l->ops)
  {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(op, "value");
    unsigned line = rc_k8s_line(src, v ? v : op);
    apply_op(&sy, op, base, line);
  }
  if (!sy.n_pos) {
    cJSON_Delete(sy.root);
    free(sy.pos);
    return (size_t)-1;
  }
  qsort(sy.pos, sy.n_pos, sizeof(*sy.pos), pos_order);
  size_t di = add_doc(b, src->path);
  struct rc_k8s_doc *d = &b->k->docs[di];
  d->synthetic = true;
  d->docs.docs = rc_xmalloc(sizeof(*d->docs.docs));
  d->docs.docs[0] = sy.root;
  d->docs.n = 1;
  d->docs.pos = sy.pos;
  d->docs.n_pos = d->docs.cap_pos = sy.n_pos;
  return di;
}

static int layer_order(const void *pa, const void *pb)
{
  const struct layer *a = pa, *b = pb;
  return a->depth > b->depth ? -1 : a->depth < b->depth ? 1 : 0;
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
  enum rc_role role = worse(e->role, c->file_role);
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
  c->why = role == e->role || !*c->file_why
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
      l.doc = json6902_doc(b, &l, c->obj);
      if (l.doc == (size_t)-1)
        continue;
      l.obj = first_doc(&b->k->docs[l.doc].docs);
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
      str_at(cJSON_GetObjectItemCaseSensitive(svc, "metadata"), "name");
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
  cJSON_ArrayForEach(p, ports)
  {
    const char *name = str_at(p, "name");
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

struct services {
  struct rc_arena *a;
  const cJSON **svc;
  size_t n, cap;
};

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
static bool served(const struct rc_k8s *k, const struct rc_k8s_doc *doc,
                   const cJSON *obj, const char *kind, struct services *out)
{
  const struct rc_k8s_chart *chart =
      doc->templated ? chart_above(k, doc->path) : NULL;
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
      str_at(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "name");
  bool exporter = name && rc_str_find_ci(name, "exporter");
  for (size_t i = 0; i < k->n_docs; i++) {
    if ((chart && chart_above(k, k->docs[i].path) != chart) ||
        (live &&
         rc_role_of_path(k->docs[i].path, NULL, 0) != RC_ROLE_PRODUCTION))
      continue;
    for (size_t d = 0; d < k->docs[i].docs.n; d++) {
      const cJSON *o = k->docs[i].docs.docs[d];
      const char *okind = str_at(o, "kind");
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
        .served = served(k, d, c->obj, c->kind, &svcs),
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
    if (!kust && (!is_yaml_name(e->name) || manifests >= MAX_MANIFESTS ||
                  skip_manifest(&b, e)))
      continue;
    size_t len;
    const char *text = read_entry(&b, e, &len);
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
        d->templated ? chart_above(k, d->path) : NULL;
    const char *why;
    if (d->error)
      d->role = c ? c->role : file_role(&b, d->path, &why);
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

/* ---- queries ---------------------------------------------------------------
 */

const cJSON *rc_k8s_pod_get(const struct rc_k8s_workload *w, const char *key,
                            struct rc_where *at)
{
  for (size_t i = w->n_patches; i-- > 0;) {
    const cJSON *pod = rc_k8s_pod_spec(w->patches[i].obj, w->kind);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(pod, key);
    if (v) {
      if (at)
        *at = (struct rc_where){w->patches[i].doc->path,
                                rc_k8s_line(w->patches[i].doc, v)};
      return cJSON_IsNull(v) ? NULL : v; /* null: the patch deletes it */
    }
  }
  const cJSON *v =
      cJSON_GetObjectItemCaseSensitive(rc_k8s_pod_spec(w->obj, w->kind), key);
  if (at)
    *at = (struct rc_where){w->doc->path, v ? rc_k8s_line(w->doc, v) : 0};
  return v;
}

static const cJSON *named_container(const cJSON *pod, const char *name)
{
  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(pod, "containers"))
  {
    const char *n = str_at(c, "name");
    if (n && name && strcmp(n, name) == 0)
      return c;
  }
  return NULL;
}

const cJSON *rc_k8s_container_get(const struct rc_k8s_workload *w,
                                  const cJSON *c, const char *key,
                                  struct rc_where *at)
{
  const char *name = str_at(c, "name");
  for (size_t i = w->n_patches; name && i-- > 0;) {
    const cJSON *pc =
        named_container(rc_k8s_pod_spec(w->patches[i].obj, w->kind), name);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(pc, key);
    if (v) {
      if (at)
        *at = (struct rc_where){w->patches[i].doc->path,
                                rc_k8s_line(w->patches[i].doc, v)};
      return cJSON_IsNull(v) ? NULL : v; /* null: the patch deletes it */
    }
  }
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);
  if (at)
    *at = (struct rc_where){w->doc->path, rc_k8s_line(w->doc, v ? v : c)};
  return v;
}

const char *rc_k8s_container_image(struct rc_arena *a,
                                   const struct rc_k8s_workload *w,
                                   const cJSON *c)
{
  const cJSON *img = rc_k8s_container_get(w, c, "image", NULL);
  if (!cJSON_IsString(img))
    return NULL;
  const char *image = img->valuestring;
  const char *slash = strrchr(image, '/');
  size_t repo_len = strcspn(image, "@");
  const char *colon = strrchr(slash ? slash : image, ':');
  if (colon && (size_t)(colon - image) < repo_len)
    repo_len = (size_t)(colon - image);
  const char *repo = rc_arena_strndup(a, image, repo_len);
  const char *rest = image + repo_len;
  bool renamed = false;
  /* innermost kustomization first, as kustomize applies them: an outer
   * entry (a component's `images:`) matches the name an inner one gave
   * (config/manager renames `controller` to a placeholder that the
   * component shared by the overlays tags) */
  for (size_t i = 0; i < w->n_images; i++) {
    const char *name = str_at(w->images[i], "name");
    if (!name || strcmp(name, repo) != 0)
      continue;
    const char *new_name = str_at(w->images[i], "newName");
    const char *tag = text_at(w->images[i], "newTag");
    const char *digest = str_at(w->images[i], "digest");
    if (new_name)
      repo = new_name;
    if (digest)
      rest = rc_arena_printf(a, "@%s", digest);
    else if (tag)
      rest = rc_arena_printf(a, ":%s", tag);
    renamed = true;
  }
  if (renamed)
    return rc_arena_printf(a, "%s%s", repo, rest);
  return image;
}

/* 1 non-root, 0 root, -1 says nothing, -2 unknown. */
static int context_says(const cJSON *sc)
{
  if (!sc)
    return -1;
  if (rc_helm_unknown(sc))
    return -2;
  const cJSON *nr = cJSON_GetObjectItemCaseSensitive(sc, "runAsNonRoot");
  const cJSON *uid = cJSON_GetObjectItemCaseSensitive(sc, "runAsUser");
  if (rc_helm_unknown(nr) || rc_helm_unknown(uid))
    return -2;
  if (cJSON_IsNumber(uid))
    return uid->valuedouble > 0;
  if (cJSON_IsBool(nr))
    return cJSON_IsTrue(nr);
  return -1;
}

int rc_k8s_run_as(const struct rc_k8s_workload *w, const cJSON *c,
                  struct rc_where *at)
{
  struct rc_where cat, pat;
  int cs = context_says(rc_k8s_container_get(w, c, "securityContext", &cat));
  int ps = context_says(rc_k8s_pod_get(w, "securityContext", &pat));
  if (cs == -2 || cs == 0 || cs == 1 || ps == -1) {
    if (at)
      *at = cat;
    return cs;
  }
  if (at)
    *at = pat;
  return ps;
}
