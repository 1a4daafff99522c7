/*
 * k8s_pinned.c - the k8s probe's pinned_image requirement: a tag other
 * than latest, or one that skaffold, kustomize, the release or image
 * automation writes at deploy time.
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
  const char *name = kp_str_of(c, "name");
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
      const char *kind = kp_str_of(sel, "kind"), *name = kp_str_of(sel, "name");
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
  const char *v = d.n ? kp_str_of(d.docs[0], "appVersion") : NULL;
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
      !(kp_template_mentions(r, w, "AppVersion") ||
        kp_helper_writes(r, w, "AppVersion")))
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
    return kp_verdict(V_SKIP, at,
                      rc_arena_printf(r->a,
                                      "'%s': the project's own image floating "
                                      "in a plain manifest is shown apart "
                                      "(INFO)",
                                      image));
  if (want == SHAPE_OWN_LATEST && !own_latest)
    return kp_verdict(V_SKIP, at, NULL);
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
  struct judged j = kp_verdict(
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
    *j = kp_verdict(V_UNKNOWN, at, "the image comes from a chart helper");
    return true;
  }
  /* the API server refuses a container with no image: a plain manifest
   * whose container names none is a fragment (a strategic-merge patch
   * adding a volume) that only runs merged into the workload it patches,
   * which is judged on its own */
  if (!image && !w->doc->templated) {
    *j = kp_verdict(V_SKIP, at, NULL);
    return true;
  }
  if (!image) {
    *j = kp_verdict(V_FAIL, at, "has no image");
    return true;
  }
  if (strchr(image, '$') || strstr(image, "{{")) {
    *j = kp_verdict(V_PASS, at,
                    rc_arena_printf(r->a, "'%s' is set at deploy time", image));
    return true;
  }
  if (w->doc->templated && unset_by_values(image)) {
    *j = kp_verdict(V_SKIP, at,
                    rc_arena_printf(r->a,
                                    "'%s': the chart's values leave the image "
                                    "%s empty, so whatever installs the chart "
                                    "sets it (--set image.tag=...)",
                                    image,
                                    *image == ':' ? "name and tag" : "tag"));
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
    *j = kp_verdict(V_PASS, at,
                    rc_arena_printf(r->a,
                                    "'%s' is never pulled (imagePullPolicy: "
                                    "Never): the image loaded into the node "
                                    "is the one that runs",
                                    image));
    return true;
  }
  if (flux_image_policy(r, at)) {
    *j = kp_verdict(V_PASS, at,
                    rc_arena_printf(r->a,
                                    "'%s' carries Flux's $imagepolicy marker: "
                                    "image automation writes the tag it "
                                    "selects",
                                    image));
    return true;
  }
  const char *updater = image_updater(r, image);
  if (updater) {
    *j = kp_verdict(V_PASS, at,
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
    *j = kp_verdict(V_PASS, at,
                    rc_arena_printf(r->a,
                                    "'%s' is built by skaffold, which tags it "
                                    "at deploy time",
                                    image));
    return true;
  }
  const char *artifact = skaffold_artifact(r, image);
  if (artifact) {
    *j = kp_verdict(V_PASS, at,
                    rc_arena_printf(r->a,
                                    "'%s' is an artifact skaffold builds (%s), "
                                    "which tags it at deploy time",
                                    image, artifact));
    return true;
  }
  const struct rc_set_image *set = set_by_release(r, image);
  if (set) {
    *j =
        kp_verdict(V_PASS, at,
                   rc_arena_printf(r->a,
                                   "'%s' is a placeholder the release replaces "
                                   "(kustomize edit set image, %s:%u)",
                                   image, set->at.path, set->at.line));
    return true;
  }
  set = latest_stamped(r, w, image);
  if (set) {
    *j = kp_verdict(V_PASS, at,
                    rc_arena_printf(r->a,
                                    "'%s': the release writes its version "
                                    "over :latest in these manifests (sed, "
                                    "%s:%u)",
                                    image, set->at.path, set->at.line));
    return true;
  }
  set = app_version_stamped(r, w, image);
  if (set) {
    *j = kp_verdict(V_PASS, at,
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
    *j = kp_verdict(V_PASS, at,
                    rc_arena_printf(r->a,
                                    "'%s' gets its tag from a kustomize "
                                    "replacement (%s) at deploy time",
                                    image, replaced));
    return true;
  }
  return false;
}

struct judged kp_req_pinned(struct run *r, const struct rc_k8s_workload *w,
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
    return kp_verdict(V_PASS, at,
                      rc_arena_printf(r->a, "'%s' is pinned", image));
  if (cluster_pins(r, w, c, at, image, &j))
    return j;
  const struct rc_image *im = rc_model_image_named(r->ctx->model, image);
  if (release_pins(r, w, c, at, image, im, &j))
    return j;
  const char *cmd = container_command(r, w, c);
  if (idle_command(cmd))
    return kp_verdict(V_PASS, at,
                      rc_arena_printf(r->a,
                                      "'%s' only runs `%s`: a pod to exec "
                                      "into, which serves nothing",
                                      image, cmd));
  return floating(r, w, c, at, image,
                  *tag ? "uses :latest" : "has no tag (means :latest)",
                  im && im->dockerfile ? im->dockerfile : NULL);
}
