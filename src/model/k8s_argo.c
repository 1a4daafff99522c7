/*
 * k8s_argo.c - Argo CD Applications and ApplicationSets that install a
 * chart folder of this repository with Helm values (valueFiles, values,
 * valuesObject, parameters), read as installs before the charts render:
 * what they set is what production runs (k8s_render.c).
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/appset.h"
#include "readycheck/doccache.h"
#include "readycheck/helmset.h"
#include "readycheck/path.h"
#include "readycheck/role.h"

#include "k8s_build.h"

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
      char *json = cJSON_IsObject(k8s_first_doc(&docs))
                       ? cJSON_PrintUnformatted(k8s_first_doc(&docs))
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
  const char *dir = k8s_str_at(src, "path");
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
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(helm, "valueFiles")) {
    const char *f =
        cJSON_IsString(v) ? argo_value_file(b, chart, v->valuestring) : NULL;
    if (f && nv < 16)
      values[nv++] = f;
  }
  argo_inline(b, sets, &ns, helm, path);
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(helm, "parameters")) {
    const char *name = k8s_str_at(v, "name"), *value = k8s_str_at(v, "value");
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
    role = k8s_worse(role, rc_role_of_path(values[i], NULL, 0));
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
  cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(spec, "sources")) {
    argo_source(x->b, x->docs, src, x->path, x->role, x->written);
  }
}

static void argo_doc(struct kb *b, const struct rc_docs *docs, const cJSON *obj,
                     const char *path, enum rc_role role)
{
  const char *api = k8s_str_at(obj, "apiVersion"),
             *kind = k8s_str_at(obj, "kind");
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
  cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(spec, "sources")) {
    argo_source(b, docs, src, path, role, NULL);
  }
}

/* Argo CD Applications in the repository that install a chart with values
 * (read before the charts render, which use them). */
void k8s_argo_installs(struct kb *b)
{
  size_t n = rc_index_count(b->idx), seen = 0;
  for (size_t i = 0; i < n && seen < MAX_MANIFESTS; i++) {
    const struct rc_entry *e = rc_index_at(b->idx, i);
    if (e->kind != RC_ENTRY_FILE || !k8s_is_yaml_name(e->name))
      continue;
    size_t len;
    const char *text = k8s_read_entry(b, e, &len);
    if (!text || !strstr(text, "argoproj.io/") || !strstr(text, "helm:"))
      continue;
    seen++;
    struct rc_docs docs;
    char err[256];
    if (rc_doc_cache_parse(rc_index_docs(b->idx), &docs, text, len, e->path,
                           RC_DOC_YAML, err, sizeof(err)) != 0)
      continue;
    const char *why;
    enum rc_role role = k8s_file_role(b, e->path, &why);
    for (size_t k = 0; k < docs.n; k++)
      argo_doc(b, &docs, docs.docs[k], e->path, role);
    rc_docs_release(&docs);
  }
}
