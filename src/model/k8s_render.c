/*
 * k8s_render.c - a chart's templates rendered as production installs it:
 * values.yaml with the values files, --set and values written in place of
 * the install production runs (a deploy workflow's helm upgrade, a
 * skaffold or helmfile release, an Argo CD Application) merged over it, in
 * Helm's order. A README's example or a CI test install into a throwaway
 * cluster does not decide the values; with no production install the
 * defaults do. The objects rendered are docs of the Kubernetes pass.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/helm.h"
#include "readycheck/helmset.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/role.h"

#include "k8s_build.h"

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
  return name[0] != '_' && k8s_is_yaml_name(name);
}

static void render_template(struct kb *b, struct rc_k8s_chart *c,
                            struct rc_helm *h, const char *path)
{
  size_t len;
  const char *text = k8s_read_entry(b, rc_index_find(b->idx, path), &len);
  if (!text || b->n_templates >= MAX_TEMPLATES)
    return;
  b->n_templates++;
  c->n_templates++;
  const unsigned *lines;
  size_t n_lines;
  const char *out = rc_helm_render(h, path, text, len, &lines, &n_lines);
  size_t di = k8s_add_doc(b, path);
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
  const char *p = k8s_existing_path(b, ap);
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
  cJSON_ArrayForEach(it, over) {
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
    const char *text = k8s_read_entry(b, rc_index_find(b->idx, path), &len);
    size_t di = text ? k8s_add_doc(b, path) : 0;
    if (text)
      k8s_parse_doc(b, di, text, len);
    const cJSON *over = text ? k8s_first_doc(&b->k->docs[di].docs) : NULL;
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

void k8s_render_chart(struct kb *b, struct rc_k8s_chart *c)
{
  const char *vpath =
      *c->dir ? rc_arena_printf(b->a, "%s/values.yaml", c->dir) : "values.yaml";
  const char *mpath =
      *c->dir ? rc_arena_printf(b->a, "%s/Chart.yaml", c->dir) : "Chart.yaml";
  size_t vlen = 0, mlen = 0;
  const char *vtext = k8s_read_entry(b, rc_index_find(b->idx, vpath), &vlen);
  const char *mtext = k8s_read_entry(b, rc_index_find(b->idx, mpath), &mlen);
  /* values and Chart.yaml live as docs: rendered objects point into them */
  size_t vd = k8s_add_doc(b, vpath), md = k8s_add_doc(b, mpath);
  if (vtext)
    k8s_parse_doc(b, vd, vtext, vlen);
  if (mtext)
    k8s_parse_doc(b, md, mtext, mlen);
  const cJSON *defaults = k8s_first_doc(&b->k->docs[vd].docs);
  cJSON *merged = install_values(b, c, defaults);
  struct rc_helm *h = rc_helm_new(b->a, merged ? merged : defaults,
                                  k8s_first_doc(&b->k->docs[md].docs));
  struct tmpl_walk w = {b, h, NULL, 0, 0};
  const char *glob = *c->dir ? rc_arena_printf(b->a, "%s/templates/**", c->dir)
                             : "templates/**";
  rc_index_glob(b->idx, glob, RC_ENTRY_FILE, on_template, &w);
  for (size_t i = 0; i < w.n; i++) {
    size_t len;
    const char *text =
        k8s_read_entry(b, rc_index_find(b->idx, w.paths[i]), &len);
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
