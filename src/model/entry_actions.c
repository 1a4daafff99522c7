/*
 * entry_actions.c - GitHub workflows' build actions read as YAML:
 * docker/build-push-action (with metadata-action tags) and
 * docker/bake-action, over a job's matrix.
 */
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/imageref.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/matrix.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/role.h"

#include "readycheck/shellwords.h"

#include "entry_scan.h"

/* ---- GitHub's build-push-action ---------------------------------------- */

static const char *with_str(const cJSON *with, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(with, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* build-push-action pushes only when told to (`push: true` or an
 * expression), and leaves the image elsewhere only through `outputs:` or a
 * later `docker push`/`docker save`: otherwise the image stays on the
 * runner. A stage such a build names (`target: api`) was built to test or
 * check, not to deploy; the default stage is the image that ships,
 * validated. */
static bool local_only_build(const cJSON *with, const char *path,
                             const char *workflow)
{
  if (rc_workflow_deploy_named(path))
    return false;
  const cJSON *push = cJSON_GetObjectItemCaseSensitive(with, "push");
  bool no_push =
      !push || cJSON_IsFalse(push) ||
      (cJSON_IsString(push) && strcmp(push->valuestring, "false") == 0);
  return no_push && !cJSON_GetObjectItemCaseSensitive(with, "outputs") &&
         !strstr(workflow, "docker push") &&
         !strstr(workflow, "docker image push") &&
         !strstr(workflow, "docker save");
}

/* The action pushes what it builds: `push:` true or an expression (`${{
 * github.event_name != 'pull_request' }}`), or `outputs:` that push
 * (`type=registry`, `push=true`, `push=${{ ... }}`). */
static bool pushes(const cJSON *with)
{
  const cJSON *push = cJSON_GetObjectItemCaseSensitive(with, "push");
  if (cJSON_IsTrue(push) ||
      (cJSON_IsString(push) && strcmp(push->valuestring, "false") != 0))
    return true;
  const char *o = with_str(with, "outputs");
  return o && (strstr(o, "type=registry") || strstr(o, "push=true") ||
               strstr(o, "push=${{"));
}

/* `tags: ${{ steps.meta.outputs.tags }}`: the images docker/metadata-action
 * names in the job's step `meta` (`images:`, a line or a comma-separated
 * item each, `name=` form too), as written - they may hold a matrix value.
 * NULL otherwise. */
static const char *meta_images(struct scan *sc, const char *tags)
{
  const char *p = tags ? strstr(tags, "steps.") : NULL;
  const char *end = p ? strstr(p, ".outputs.tags") : NULL;
  if (!end)
    return NULL;
  p += 6;
  const cJSON *step;
  cJSON_ArrayForEach(step, sc->steps) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(step, "id");
    const cJSON *uses = cJSON_GetObjectItemCaseSensitive(step, "uses");
    if (!cJSON_IsString(id) || !cJSON_IsString(uses) ||
        !strstr(uses->valuestring, "/metadata-action") ||
        strlen(id->valuestring) != (size_t)(end - p) ||
        strncmp(id->valuestring, p, (size_t)(end - p)) != 0)
      continue;
    const char *img =
        with_str(cJSON_GetObjectItemCaseSensitive(step, "with"), "images");
    if (!img)
      return NULL;
    /* one image a line, or a comma-separated list; `name=x,enable=...` */
    struct rc_buf b;
    rc_buf_init(&b);
    for (const char *q = img; *q;) {
      q += strspn(q, " \t\r\n,");
      if (strncmp(q, "name=", 5) == 0)
        q += 5;
      size_t n = strcspn(q, ",\r\n");
      size_t len = n;
      while (len && (q[len - 1] == ' ' || q[len - 1] == '\t'))
        len--;
      if (len && !memchr(q, '=', len))
        rc_buf_printf(&b, "%s%.*s", b.len ? "\n" : "", (int)len, q);
      q += n;
      if (*q == ',' && strchr(q, '\n') && memchr(q, '=', strcspn(q, "\n")))
        q += strcspn(q, "\n"); /* the rest of a `name=x,enable=...` line */
    }
    const char *res = b.len ? rc_arena_strdup(sc->a, b.data) : NULL;
    rc_buf_release(&b);
    return res;
  }
  return NULL;
}

/* Whether s (may be NULL) equals t (may be NULL). */
static bool same_input(const char *s, const char *t)
{
  return s && t ? strcmp(s, t) == 0 : s == t;
}

/* Another build-push-action step of the job builds the same Dockerfile
 * with ref among its `cache-from:` sources. */
static bool cached_from(struct scan *sc, const cJSON *with, const char *ref)
{
  const cJSON *step;
  cJSON_ArrayForEach(step, sc->steps) {
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(step, "with");
    const cJSON *uses = cJSON_GetObjectItemCaseSensitive(step, "uses");
    const char *from = with_str(w, "cache-from");
    if (w == with || !cJSON_IsString(uses) ||
        !strstr(uses->valuestring, "/build-push-action") || !from ||
        !same_input(with_str(w, "context"), with_str(with, "context")) ||
        !same_input(with_str(w, "file"), with_str(with, "file")))
      continue;
    for (const char *p = strstr(from, ref); p; p = strstr(p + 1, ref)) {
      char after = p[strlen(ref)];
      if ((p == from || strchr("=, \t\n", p[-1])) &&
          (!after || strchr(", \t\r\n", after)))
        return true;
    }
  }
  return false;
}

/* A stage build (`target: builder`) whose every tag is only a build cache:
 * named for one (`app:builder-cache`), or a source of another step's
 * `cache-from:` that builds the same Dockerfile (the final image, built
 * next, reuses its layers). Its push stores layers, not an image anyone
 * runs. */
static bool cache_only_build(struct scan *sc, const cJSON *with)
{
  const char *tags = with_str(with, "tags");
  if (!with_str(with, "target") || !tags)
    return false;
  size_t n = 0;
  for (const char *p = tags; *p;) {
    p += strspn(p, " \t\r\n,");
    size_t len = strcspn(p, ",\r\n");
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
      len--;
    if (!len)
      break;
    const char *ref = rc_arena_strndup(sc->a, p, len);
    size_t repo = rc_image_repo_len(ref, len);
    bool cache_tag =
        ref[repo] == ':' && rc_role_name_has(ref + repo + 1, "cache");
    if (!cache_tag && !cached_from(sc, with, ref))
      return false;
    n++;
    p += len;
  }
  return n > 0;
}

static void build_push(struct scan *sc, const cJSON *with, const char *data,
                       const cJSON *row, const char *meta)
{
  const char *ctx = with_str(with, "context");
  const char *file = with_str(with, "file");
  const char *target = with_str(with, "target");
  const char *tags = meta ? meta : with_str(with, "tags");
  if (row) {
    ctx = rc_matrix_subst(sc->a, ctx, row);
    file = rc_matrix_subst(sc->a, file, row);
    target = rc_matrix_subst(sc->a, target, row);
    tags = rc_matrix_subst(sc->a, tags, row);
    if ((with_str(with, "context") && !ctx) ||
        (with_str(with, "file") && !file) ||
        (with_str(with, "target") && !target))
      return; /* this row does not say what that step builds */
  }
  bool unresolved = (ctx && en_has_var(en_strip_workspace(ctx))) ||
                    (file && en_has_var(en_strip_workspace(file)));
  sc->cwd = "";
  enum rc_role role = sc->role;
  bool local = local_only_build(with, sc->path, data);
  if (target && (local || cache_only_build(sc, with)))
    sc->role = RC_ROLE_NONPROD;
  size_t n = sc->out->n_builds;
  en_add_build(sc, file, ctx ? ctx : ".", target, unresolved, tags, NULL);
  sc->role = role;
  /* nothing tagged and nothing loaded into the runner's Docker either: no
   * later step can run or ship what it built */
  const cJSON *load = cJSON_GetObjectItemCaseSensitive(with, "load");
  bool loads = cJSON_IsTrue(load) ||
               (cJSON_IsString(load) && strcmp(load->valuestring, "false"));
  if (sc->out->n_builds > n && local && !tags && !loads)
    sc->out->builds[n].checks_only = true;
  if (sc->out->n_builds > n)
    sc->out->builds[n].published = pushes(with);
}

/* A comma- or line-separated input (`targets: a,b`, `files: |`) split into
 * words in sc->tmp; `cwd://` (a file of the runner's working directory)
 * dropped. */
static size_t input_list(struct scan *sc, const char *v, const char **out,
                         size_t max)
{
  size_t n = 0;
  for (const char *p = v; p && *p && n < max;) {
    p += strspn(p, " \t\r\n,");
    size_t len = 0; /* up to a separator outside a `${{ ... }}` */
    while (p[len] && !strchr(",\r\n", p[len])) {
      const char *close =
          strncmp(p + len, "${{", 3) == 0 ? strstr(p + len, "}}") : NULL;
      len = close ? (size_t)(close + 2 - p) : len + 1;
    }
    size_t next = len;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
      len--;
    if (len) {
      const char *w = rc_arena_strndup(sc->tmp, p, len);
      if (strncmp(w, "cwd://", 6) == 0)
        w += 6;
      out[n++] = w;
    }
    p += next;
  }
  return n;
}

/* docker/bake-action: `files`, `targets` and `workdir` say what `docker
 * buildx bake` runs; a file `${{ steps.meta.outputs.bake-file }}` is the
 * metadata-action step's, which tags the `docker-metadata-action` target
 * with that step's images. */
static void bake_action_row(struct scan *sc, const cJSON *with,
                            const cJSON *row, const char *meta_list)
{
  const char *files[MAX_BAKE_FILES], *targets[MAX_BAKE_TARGETS];
  const char *raw[MAX_BAKE_FILES];
  const char *tv = with_str(with, "targets");
  if (!tv)
    tv = with_str(with, "target"); /* the reusable workflow's input */
  if (row && tv && !(tv = rc_matrix_subst(sc->tmp, tv, row)))
    return; /* this row does not say what it bakes */
  size_t nr = input_list(sc, with_str(with, "files"), raw, MAX_BAKE_FILES);
  size_t nt = input_list(sc, tv, targets, MAX_BAKE_TARGETS);
  /* `targets: ${{ matrix.target }}` over a matrix docker/bake-action's
   * subaction/matrix step made from its `target:` (a group): that group */
  if (nt == 1 && strstr(targets[0], "matrix.") && sc->bake_matrix)
    nt = input_list(sc, sc->bake_matrix, targets, MAX_BAKE_TARGETS);
  size_t nf = 0;
  const char *meta = meta_list;
  for (size_t i = 0; i < nr; i++) {
    const char *st = strstr(raw[i], "steps.");
    const char *end = st ? strstr(st, ".outputs.bake-file") : NULL;
    if (end) {
      meta = meta_images(sc, rc_arena_printf(sc->tmp, "%.*s.outputs.tags",
                                             (int)(end - st), st));
      continue;
    }
    files[nf++] = raw[i];
  }
  const char *workdir = with_str(with, "workdir");
  sc->cwd = workdir && !en_has_var(workdir) ? en_resolve(sc, "", workdir) : "";
  if (!sc->cwd)
    sc->cwd = "";
  const char *sets[MAX_BAKE_FILES];
  size_t ns = input_list(sc, with_str(with, "set"), sets, MAX_BAKE_FILES);
  en_run_bake(sc, files, nf, targets, nt, sets, ns, meta);
}

/* docker/bake-action (a step), or docker/github-builder's reusable bake
 * workflow (a job: `target`, `meta-images`): once per row of the job's
 * matrix when the targets name a matrix value. */
static void bake_action(struct scan *sc, const cJSON *with, const cJSON *matrix,
                        const char *meta_list)
{
  const char *tv = with_str(with, "targets");
  if (!tv)
    tv = with_str(with, "target");
  const cJSON *rows[32];
  cJSON *made = cJSON_CreateArray();
  size_t n = matrix && made && tv && strstr(tv, "matrix.")
                 ? rc_matrix_rows(matrix, made, rows, 32)
                 : 0;
  for (size_t i = 0; i < n; i++)
    bake_action_row(sc, with, rows[i], meta_list);
  if (!n)
    bake_action_row(sc, with, NULL, meta_list);
  cJSON_Delete(made);
}

/* ---- another repository's reusable workflow ---------------------------- */

/* `uses: org/ci/.github/workflows/docker-publish-image.yml@main`: a
 * reusable workflow of another repository whose file name says it
 * publishes an image (an image word and a publishing word). Its steps live
 * elsewhere, but what it builds is the calling repository's. A name that
 * only builds (`docker-image-build-ci`, `reusable-docker-build`) may test
 * the build and throw it away: not read. */
static bool publishes_image(const char *uses)
{
  static const char *const image[] = {"docker", "image", "container", NULL};
  static const char *const publish[] = {"publish", "push", "release", NULL};
  const char *wf = strstr(uses, "/.github/workflows/");
  if (strncmp(uses, "./", 2) == 0 || !wf)
    return false;
  wf += strlen("/.github/workflows/");
  char name[128];
  size_t n = strcspn(wf, "@");
  if (n >= sizeof(name))
    return false;
  memcpy(name, wf, n);
  name[n] = '\0';
  bool img = false, pub = false;
  for (size_t i = 0; image[i]; i++)
    img = img || rc_str_find_ci(name, image[i]);
  for (size_t i = 0; publish[i]; i++)
    pub = pub || rc_str_find_ci(name, publish[i]);
  return img && pub;
}

/* Such a job builds the Dockerfile its inputs name (`dockerfile:`,
 * `file:`, `context:`), or else the root `Dockerfile`, as `docker build .`
 * does; tagged with the image its inputs name. Nothing when the inputs
 * name no Dockerfile and the root has none: what the workflow builds
 * then is not known. */
static void publish_workflow(struct scan *sc, const cJSON *with)
{
  const char *file = with_str(with, "dockerfile");
  if (!file)
    file = with_str(with, "file");
  const char *ctx = with_str(with, "context");
  if (!file && !ctx && sc->idx && !rc_index_find(sc->idx, "Dockerfile"))
    return;
  const char *tag = with_str(with, "image-name");
  if (!tag)
    tag = with_str(with, "image");
  bool unresolved = (ctx && en_has_var(en_strip_workspace(ctx))) ||
                    (file && en_has_var(en_strip_workspace(file)));
  sc->cwd = "";
  en_add_build(sc, file, ctx ? ctx : ".", NULL, unresolved, tag, NULL);
}

/* Uses a job's matrix: `file: Dockerfile.${{ matrix.pkg }}` builds one
 * image per row of it. */
static bool names_matrix(const cJSON *with)
{
  static const char *const keys[] = {"context", "file", "target", NULL};
  for (size_t i = 0; keys[i]; i++) {
    const char *v = with_str(with, keys[i]);
    if (v && strstr(v, "matrix."))
      return true;
  }
  return false;
}

/* goreleaser/goreleaser-action: `goreleaser ARGS` (the release when args
 * name no other command) in `workdir:`. */
static void goreleaser_action(struct scan *sc, const cJSON *with)
{
  const char *args = with_str(with, "args");
  const char **w = NULL;
  size_t n = args ? rc_shell_words(sc->tmp, args, &w) : 0;
  const char *workdir = with_str(with, "workdir");
  const char *cwd = sc->cwd;
  if (workdir && !en_has_var(workdir))
    sc->cwd = en_resolve(sc, "", workdir);
  if (sc->cwd && (!workdir || !en_has_var(workdir)))
    en_goreleaser_args(sc, w, n, 0);
  sc->cwd = cwd;
}

static void walk_actions(struct scan *sc, const struct rc_docs *docs,
                         const cJSON *node, unsigned depth, const char *data,
                         const cJSON *matrix)
{
  if (depth > 64)
    return;
  const cJSON *strategy = cJSON_GetObjectItemCaseSensitive(node, "strategy");
  const cJSON *own = cJSON_GetObjectItemCaseSensitive(strategy, "matrix");
  if (cJSON_IsObject(own))
    matrix = own;
  const cJSON *uses = cJSON_GetObjectItemCaseSensitive(node, "uses");
  /* docker's action, or a vendor's with the same inputs
   * (depot/build-push-action) */
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "/build-push-action")) {
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(node, "with");
    const char *meta = meta_images(sc, with_str(with, "tags"));
    sc->line = rc_docs_line(docs, uses);
    const cJSON *rows[32];
    cJSON *made = cJSON_CreateArray();
    bool by_row = names_matrix(with) || (meta && strstr(meta, "matrix."));
    size_t n =
        matrix && by_row && made ? rc_matrix_rows(matrix, made, rows, 32) : 0;
    for (size_t i = 0; i < n; i++)
      build_push(sc, with, data, rows[i], meta);
    if (!n)
      build_push(sc, with, data, NULL, meta);
    cJSON_Delete(made);
  }
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "docker/bake-action") &&
      !strstr(uses->valuestring, "/subaction/")) {
    sc->line = rc_docs_line(docs, uses);
    bake_action(sc, cJSON_GetObjectItemCaseSensitive(node, "with"), matrix,
                NULL);
  }
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "docker/github-builder/") &&
      strstr(uses->valuestring, "/bake.yml")) {
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(node, "with");
    const char *images = with_str(with, "meta-images");
    sc->line = rc_docs_line(docs, uses);
    bake_action(sc, with, matrix,
                images ? rc_arena_strdup(sc->a, images) : NULL);
  }
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "goreleaser/goreleaser-action")) {
    sc->line = rc_docs_line(docs, uses);
    goreleaser_action(sc, cJSON_GetObjectItemCaseSensitive(node, "with"));
  }
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      publishes_image(uses->valuestring)) {
    sc->line = rc_docs_line(docs, uses);
    publish_workflow(sc, cJSON_GetObjectItemCaseSensitive(node, "with"));
  }
  /* `actions/download-artifact` `with: path: dist` puts what another job
   * made there */
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strncmp(uses->valuestring, "actions/download-artifact", 25) == 0) {
    const char *path =
        with_str(cJSON_GetObjectItemCaseSensitive(node, "with"), "path");
    sc->line = rc_docs_line(docs, uses);
    if (path && strstr(path, "${{") && sc->cwd != en_OUTSIDE)
      en_add_made_expr(sc, path);
    else if (path)
      en_add_made(sc, path);
  }
  /* `actions/checkout` of another repository `with: path: exapp` creates
   * the folder later steps build in; without a path it replaces the
   * workspace, and what later steps name is that repository's */
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strncmp(uses->valuestring, "actions/checkout", 16) == 0) {
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(node, "with");
    const char *path = with_str(with, "path");
    const char *repo = with_str(with, "repository");
    sc->line = rc_docs_line(docs, uses);
    sc->cwd = "";
    if (path)
      en_add_made(sc, path);
    else if (repo && !en_has_var(repo))
      en_add_made_workspace(sc);
  }
  const cJSON *outer = sc->steps;
  const cJSON *steps = cJSON_GetObjectItemCaseSensitive(node, "steps");
  if (cJSON_IsArray(steps))
    sc->steps = steps;
  for (const cJSON *c = node->child; c; c = c->next)
    walk_actions(sc, docs, c, depth + 1, data, matrix);
  sc->steps = outer;
}

/* The `target:` of every docker/bake-action/subaction/matrix step. */
static void bake_matrix_targets(const cJSON *node, struct rc_buf *out,
                                unsigned depth)
{
  if (depth > 64)
    return;
  const cJSON *uses = cJSON_GetObjectItemCaseSensitive(node, "uses");
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "bake-action/subaction/matrix")) {
    const char *t =
        with_str(cJSON_GetObjectItemCaseSensitive(node, "with"), "target");
    rc_buf_printf(out, "%s%s", out->len ? "," : "", t ? t : "default");
  }
  for (const cJSON *c = node->child; c; c = c->next)
    bake_matrix_targets(c, out, depth + 1);
}

void en_scan_workflow_yaml(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return;
  struct rc_buf bm;
  rc_buf_init(&bm);
  for (size_t i = 0; i < docs.n; i++)
    bake_matrix_targets(docs.docs[i], &bm, 0);
  sc->bake_matrix = bm.len ? rc_arena_strdup(sc->tmp, bm.data) : NULL;
  rc_buf_release(&bm);
  for (size_t i = 0; i < docs.n; i++)
    walk_actions(sc, &docs, docs.docs[i], 0, data, NULL);
  sc->bake_matrix = NULL;
  rc_docs_release(&docs);
}
