/*
 * k8s_query.c - the questions include/readycheck/k8s.h answers about a
 * built workload: its pod spec and containers' fields as its patches leave
 * them (the last patch that sets a field wins, a null deletes it), the
 * image after kustomize's renames, the user it runs as, and the line of a
 * node in the file a reader opens.
 */
#include <stddef.h>
#include <string.h>

#include "readycheck/helm.h"

#include "k8s_build.h"

/* A scalar's text: YAML numbers keep theirs (`newTag: 1.2`). */
static const char *text_at(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) || cJSON_IsNumber(v) ? v->valuestring : NULL;
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
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(pod, "containers")) {
    const char *n = k8s_str_at(c, "name");
    if (n && name && strcmp(n, name) == 0)
      return c;
  }
  return NULL;
}

const cJSON *rc_k8s_container_get(const struct rc_k8s_workload *w,
                                  const cJSON *c, const char *key,
                                  struct rc_where *at)
{
  const char *name = k8s_str_at(c, "name");
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
    const char *name = k8s_str_at(w->images[i], "name");
    if (!name || strcmp(name, repo) != 0)
      continue;
    const char *new_name = k8s_str_at(w->images[i], "newName");
    const char *tag = text_at(w->images[i], "newTag");
    const char *digest = k8s_str_at(w->images[i], "digest");
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
