/*
 * entry_skaffold.c - skaffold.yaml (artifacts, manifests, helm
 * releases, profiles) and helmfile.yaml releases.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/entry.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "entry_scan.h"

/* ---- skaffold.yaml --------------------------------------------------------
 */

static const char *yaml_str(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* build.artifacts: each image skaffold builds, from its context (with
 * `docker:` or in-cluster `kaniko:`, whose `dockerfile` is the same). A
 * profile's artifact whose Dockerfile is not committed is left out: the
 * profile is an opt-in variant, and an artifact with no Dockerfile stands
 * for another builder (jib, ko) to the rules that read builds. */
static void skaffold_builds(struct scan *sc, const struct rc_docs *docs,
                            const cJSON *build, bool profile)
{
  const cJSON *art;
  cJSON_ArrayForEach(art,
                     cJSON_GetObjectItemCaseSensitive(build, "artifacts")) {
    const char *image = yaml_str(art, "image");
    const char *ctx = yaml_str(art, "context");
    const cJSON *docker = cJSON_GetObjectItemCaseSensitive(art, "docker");
    if (!docker)
      docker = cJSON_GetObjectItemCaseSensitive(art, "kaniko");
    const char *df = yaml_str(docker, "dockerfile");
    if (!ctx)
      ctx = ".";
    sc->line = rc_docs_line(docs, art);
    const char *file =
        rc_path_join(sc->tmp, ctx, df ? df : "Dockerfile"); /* ctx-relative */
    bool unresolved = en_has_var(ctx) || (df && en_has_var(df)) || !file;
    const char *path =
        profile && !unresolved ? en_resolve(sc, sc->cwd, file) : NULL;
    if (profile && (!path || !sc->idx || !rc_index_find(sc->idx, path)))
      continue;
    en_add_build(sc, unresolved ? NULL : file, ctx, yaml_str(docker, "target"),
                 unresolved, image, NULL);
  }
}

static void skaffold_paths(struct scan *sc, const struct rc_docs *docs,
                           const cJSON *list, enum rc_apply_kind kind)
{
  const cJSON *p;
  cJSON_ArrayForEach(p, list) {
    if (!cJSON_IsString(p) || !en_local_name(p->valuestring))
      continue;
    sc->line = rc_docs_line(docs, p);
    en_add_apply(sc, kind, en_has_var(p->valuestring) ? NULL : p->valuestring,
                 NULL, 0);
  }
}

static void skaffold_helm(struct scan *sc, const struct rc_docs *docs,
                          const cJSON *helm)
{
  const cJSON *rel;
  cJSON_ArrayForEach(rel, cJSON_GetObjectItemCaseSensitive(helm, "releases")) {
    const char *chart = yaml_str(rel, "chartPath");
    if (!chart || !en_local_name(chart))
      continue;
    const char *values[16];
    size_t nv = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v,
                       cJSON_GetObjectItemCaseSensitive(rel, "valuesFiles")) {
      if (cJSON_IsString(v) && nv < 16 && !en_has_var(v->valuestring))
        values[nv++] = v->valuestring;
    }
    struct rc_helm_set sets[32];
    size_t ns = 0;
    /* skaffold passes each as `--set key=value`; templates ({{.IMAGE_TAG}})
     * stay templates, which the renderer reads as unknown */
    const char *const keys[] = {"setValues", "setValueTemplates"};
    for (size_t k = 0; k < 2; k++)
      cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rel, keys[k])) {
        const char *val =
            cJSON_IsString(v)   ? v->valuestring
            : cJSON_IsBool(v)   ? (cJSON_IsTrue(v) ? "true" : "false")
            : cJSON_IsNumber(v) ? rc_arena_printf(sc->tmp, "%g", v->valuedouble)
                                : NULL;
        if (val && v->string && ns < 32)
          sets[ns++] = (struct rc_helm_set){
              RC_HELM_SET, rc_arena_printf(sc->tmp, "%s=%s", v->string, val)};
      }
    sc->line = rc_docs_line(docs, rel);
    en_add_apply(sc, RC_APPLY_CHART, en_has_var(chart) ? NULL : chart, values,
                 nv);
    en_set_last_sets(sc, sets, ns);
  }
}

/* helmfile.yaml: `releases[]` with a local `chart:` folder, `values:` (files
 * relative to the helmfile, or mappings written in place) and `set:`
 * ({name, value} pairs, as --set). Environments and templated helmfiles
 * (.gotmpl) are not read. */
void en_scan_helmfile(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return;
  for (size_t i = 0; i < docs.n; i++) {
    const cJSON *rel;
    cJSON_ArrayForEach(
        rel, cJSON_GetObjectItemCaseSensitive(docs.docs[i], "releases")) {
      const char *chart = yaml_str(rel, "chart");
      if (!chart || !en_local_name(chart) ||
          (strncmp(chart, "./", 2) != 0 && strncmp(chart, "../", 3) != 0))
        continue; /* repo/chart names a chart repository */
      const char *values[16];
      struct rc_helm_set sets[32];
      size_t nv = 0, ns = 0;
      const cJSON *v;
      cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rel, "values")) {
        if (cJSON_IsString(v) && nv < 16 && !en_has_var(v->valuestring) &&
            !strstr(v->valuestring, "{{") && !strstr(v->valuestring, ".gotmpl"))
          values[nv++] = v->valuestring;
        else if (cJSON_IsObject(v) && ns < 32) {
          char *json = cJSON_PrintUnformatted(v);
          if (json)
            sets[ns++] = (struct rc_helm_set){RC_HELM_INLINE,
                                              rc_arena_strdup(sc->tmp, json)};
          free(json);
        }
      }
      cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rel, "set")) {
        const char *name = yaml_str(v, "name");
        const cJSON *val = cJSON_GetObjectItemCaseSensitive(v, "value");
        const char *text =
            cJSON_IsString(val) ? val->valuestring
            : cJSON_IsBool(val) ? (cJSON_IsTrue(val) ? "true" : "false")
            : cJSON_IsNumber(val)
                ? rc_arena_printf(sc->tmp, "%g", val->valuedouble)
                : NULL;
        if (name && text && ns < 32)
          sets[ns++] = (struct rc_helm_set){
              RC_HELM_SET, rc_arena_printf(sc->tmp, "%s=%s", name, text)};
      }
      sc->line = rc_docs_line(&docs, rel);
      en_add_apply(sc, RC_APPLY_CHART, en_has_var(chart) ? NULL : chart, values,
                   nv);
      en_set_last_sets(sc, sets, ns);
    }
  }
  rc_docs_release(&docs);
}

/* A profile's build.artifacts (`skaffold build -p development`): what its
 * name says is the role of what it builds (`development`, `test`, `e2e`);
 * a profile named for nothing builds for the file's role. Its manifests are
 * opt-in variants and are not read, but for the Helm releases of a profile
 * named for production (`prod`, `production`, `release`). */
static void skaffold_profiles(struct scan *sc, const struct rc_docs *docs,
                              const cJSON *profiles)
{
  enum rc_role file_role = sc->role;
  const cJSON *p;
  cJSON_ArrayForEach(p, profiles) {
    const char *name = yaml_str(p, "name");
    enum rc_role role =
        name ? rc_role_of_path(name, NULL, 0) : RC_ROLE_PRODUCTION;
    if (file_role == RC_ROLE_PRODUCTION)
      sc->role = role == RC_ROLE_UNUSED ? RC_ROLE_PRODUCTION : role;
    const char *via = sc->via;
    sc->via = name ? rc_arena_printf(sc->a, "skaffold profile '%s'", name)
                   : "a skaffold profile";
    skaffold_builds(sc, docs, cJSON_GetObjectItemCaseSensitive(p, "build"),
                    true);
    /* a profile named for production (`skaffold run -p prod`) installs its
     * charts with its own values: read before the default section, so
     * that install decides */
    for (size_t k = 0; name && file_role == RC_ROLE_PRODUCTION &&
                       rc_role_name_is_production(name) && k < 2;
         k++)
      skaffold_helm(
          sc, docs,
          cJSON_GetObjectItemCaseSensitive(
              cJSON_GetObjectItemCaseSensitive(p, k ? "deploy" : "manifests"),
              "helm"));
    sc->role = file_role;
    sc->via = via;
  }
}

/* What `skaffold run` builds and deploys: build.artifacts, and manifests
 * (rawYaml, kustomize paths, helm releases) under `manifests:` (v2+) or
 * `deploy:` (v1); and what profiles build. */
void en_scan_skaffold(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return;
  for (size_t i = 0; i < docs.n; i++) {
    const cJSON *d = docs.docs[i];
    skaffold_builds(sc, &docs, cJSON_GetObjectItemCaseSensitive(d, "build"),
                    false);
    skaffold_profiles(sc, &docs,
                      cJSON_GetObjectItemCaseSensitive(d, "profiles"));
    const char *const sections[] = {"manifests", "deploy"};
    for (size_t k = 0; k < 2; k++) {
      const cJSON *sec = cJSON_GetObjectItemCaseSensitive(d, sections[k]);
      if (!sec)
        continue;
      skaffold_paths(sc, &docs,
                     cJSON_GetObjectItemCaseSensitive(sec, "rawYaml"),
                     RC_APPLY_FILES);
      const cJSON *kubectl = cJSON_GetObjectItemCaseSensitive(sec, "kubectl");
      skaffold_paths(sc, &docs,
                     cJSON_GetObjectItemCaseSensitive(kubectl, "manifests"),
                     RC_APPLY_FILES);
      const cJSON *kz = cJSON_GetObjectItemCaseSensitive(sec, "kustomize");
      skaffold_paths(sc, &docs, cJSON_GetObjectItemCaseSensitive(kz, "paths"),
                     RC_APPLY_KUSTOMIZE);
      skaffold_helm(sc, &docs, cJSON_GetObjectItemCaseSensitive(sec, "helm"));
    }
  }
  rc_docs_release(&docs);
}

bool en_is_helmfile(const char *name)
{
  return strcmp(name, "helmfile.yaml") == 0 ||
         strcmp(name, "helmfile.yml") == 0;
}

bool en_is_skaffold(const char *name)
{
  return strcmp(name, "skaffold.yaml") == 0 ||
         strcmp(name, "skaffold.yml") == 0;
}
