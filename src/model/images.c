/*
 * images.c - which Dockerfiles are images the project builds, and in
 * which role: those a production view builds, those CI, scripts and bake
 * files build (with their tags, and the images built from them), those
 * left over; then build contexts fixed, local tools, one-shot images and
 * test targets marked. Each image keeps the reason for its role.
 */
#include "images.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/imageref.h"
#include "readycheck/model.h"
#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

#include "build.h"
#include "collect.h"
#include "devstacks.h"
#include "views.h"

struct rc_image *mb_find_image(struct rc_model *m, const char *dockerfile,
                               const char *target)
{
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    bool same_target =
        (!im->target && !target) ||
        (im->target && target && strcmp(im->target, target) == 0);
    if (strcmp(im->dockerfile, dockerfile) == 0 && same_target)
      return im;
  }
  return NULL;
}

/* The Dockerfile opens with a comment calling it a development file
 * ("### This file is used for dev purpose."); the line, or NULL. */
static const char *dockerfile_dev_header(struct build *b, const char *path)
{
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_entry_size(b->m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  return mb_dev_header(b->a, data);
}

/* The path is not production only for its word `ci` (ci.Dockerfile,
 * docker/ci/x86_64/Dockerfile): the path with that word respelled has no
 * other word that says so. */
static bool named_for_ci_only(struct build *b, const char *path)
{
  if (rc_role_of_path(path, NULL, 0) == RC_ROLE_PRODUCTION)
    return false;
  char *p = rc_arena_strdup(b->a, path);
  for (size_t i = 0; p[i]; i++) {
    bool starts = i == 0 || strchr("/._-", p[i - 1]);
    bool ends = p[i + 1] && (!p[i + 2] || strchr("/._-", p[i + 2]));
    if (starts && ends && strncasecmp(p + i, "ci", 2) == 0)
      p[i] = p[i + 1] = 'x';
  }
  return rc_role_of_path(p, NULL, 0) == RC_ROLE_PRODUCTION;
}

/* A build that pushes its image from a file named for releasing or
 * pushing (release.yml, publish.yml, docker_push.sh): the project's
 * release pipeline publishes that image. */
static bool release_build(const struct rc_build *bd)
{
  return bd->published && bd->at.path &&
         (rc_workflow_deploy_named(bd->at.path) ||
          rc_str_find_ci(rc_path_base(bd->at.path), "push"));
}

/* released: the build is a release pipeline's (release_build), whose
 * file named for CI (ci.Dockerfile) is the image CI publishes. */
static void add_image(struct build *b, const char *dockerfile,
                      const char *context, const char *target,
                      enum rc_role role, const char *why, struct rc_where at,
                      bool released)
{
  struct rc_model *m = b->m;
  char pwhy[160];
  enum rc_role prole = rc_role_of_path(dockerfile, pwhy, sizeof(pwhy));
  if (released && named_for_ci_only(b, dockerfile))
    prole = RC_ROLE_PRODUCTION;
  /* a development environment's folder (docker/devenv/, .devcontainer/)
   * says what its image is for whatever builds it; a development file
   * name or a plain dev/ folder does not: projects publish their image
   * from a Dockerfile.dev or dev/build/Dockerfile */
  bool dev_folder =
      prole == RC_ROLE_DEVELOPMENT && rc_role_in_dev_environment(dockerfile);
  if (role == RC_ROLE_PRODUCTION && (prole == RC_ROLE_NONPROD || dev_folder)) {
    role = prole;
    why = rc_arena_printf(b->a, "%s, but %s", why, pwhy);
  }
  /* `docker build --target dev` builds the development stage */
  enum rc_role trole =
      target ? rc_role_of_path(target, NULL, 0) : RC_ROLE_PRODUCTION;
  if (role == RC_ROLE_PRODUCTION && trole != RC_ROLE_PRODUCTION) {
    role = trole;
    why = rc_arena_printf(b->a, "%s, but its target stage '%s' is %s", why,
                          target, rc_role_name(trole));
  }
  /* a Dockerfile symlinked to another is that other file */
  const struct rc_entry *link = rc_index_link_target(m->index, dockerfile);
  if (link)
    dockerfile = link->path;
  struct rc_image *im = mb_find_image(m, dockerfile, target);
  /* a build a document shows (a README's `docker build`) deploys nothing
   * by itself: it does not outrank the file's own development header */
  bool shown = im && role == RC_ROLE_PRODUCTION && at.path &&
               rc_path_is_markdown(at.path) &&
               dockerfile_dev_header(b, dockerfile);
  if (im && !shown) {
    if (mb_worse(im->role, role) == im->role && im->role != role) {
      im->role = role;
      im->why = why;
      im->at = at;
    }
    return;
  }
  if (im)
    return;
  /* the header speaks for the Dockerfile's first build only: a later build
   * that deploys it outranks a "for development" comment */
  const char *header =
      role == RC_ROLE_PRODUCTION ? dockerfile_dev_header(b, dockerfile) : NULL;
  if (header) {
    role = RC_ROLE_DEVELOPMENT;
    why = rc_arena_printf(b->a, "%s, but its header says so: '%.100s'", why,
                          header);
  }
  const char *samples = role == RC_ROLE_PRODUCTION
                            ? rc_model_collection_line(b->m, dockerfile)
                            : NULL;
  if (samples) {
    role = RC_ROLE_NONPROD;
    why = rc_arena_printf(b->a, "%s, but a README calls it a sample: '%.100s'",
                          why, samples);
  }
  rc_grow((void **)&m->images, &b->cap_images, m->n_images, sizeof(*m->images));
  im = &m->images[m->n_images++];
  const struct rc_dockerfile *df = rc_model_dockerfile(m, dockerfile);
  *im = (struct rc_image){.dockerfile = dockerfile,
                          .df = df,
                          .context = context,
                          .target = target,
                          .stage = df ? rc_dockerfile_target(df, target) : -1,
                          .role = role,
                          .why = why,
                          .at = at};
}

static void images_from_views(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *s = &v->services[k];
      if (!s->dockerfile)
        continue;
      add_image(b, s->dockerfile, s->context, s->target, v->role,
                rc_arena_printf(b->a, "built by compose service '%s' (%s)",
                                s->name, v->files[v->n_files - 1]->path),
                s->at, false);
    }
  }
}

/* The stage an image runs ends in a test runner: a test image. */
static bool runs_tests(const struct rc_dockerfile *df)
{
  if (!df->ns)
    return false;
  size_t s = df->ns - 1;
  const char *kws[] = {"CMD", "ENTRYPOINT"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(df, s, kws[k]);
    if (in && mb_test_runner(in->args))
      return true;
  }
  return false;
}

/* A Dockerfile named for an image other builds start from
 * (Dockerfile.base, Dockerfile.builder, deps.Dockerfile). */
static bool base_image_name(const char *path)
{
  static const char *const words[] = {"base", "builder",   "build",
                                      "deps", "buildbase", NULL};
  for (size_t i = 0; words[i]; i++)
    if (rc_role_name_has(path, words[i]))
      return true;
  return false;
}

/* A folder named for a build toolchain (`build-base/`, `builder/`) holds
 * the image compilers run in, not a service. */
static bool toolchain_folder(const char *path)
{
  static const char *const names[] = {"build-base", "buildbase", "build_base",
                                      "builder",    "builders",  "toolchain",
                                      NULL};
  for (size_t i = 0; names[i]; i++)
    if (rc_role_under(path, names[i]))
      return true;
  return false;
}

/* A build whose Dockerfile path holds a variable (`-f
 * ./${PHASE}install/Dockerfile`) builds the Dockerfiles its pattern
 * matches, not every one of the repository. */
static void images_matching(struct build *b, const struct rc_build *bd)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const char *path = m->dockerfiles[i].path;
    /* the variable names a deployed service, not a dev container or a
     * test image its pattern happens to match as well */
    if (rc_glob_match(bd->dockerfile_glob, path) &&
        rc_role_of_path(path, NULL, 0) == RC_ROLE_PRODUCTION &&
        !base_image_name(path) && !toolchain_folder(path))
      add_image(b, path, rc_path_dir(b->a, path), NULL, bd->role,
                rc_arena_printf(b->a,
                                "built in %s:%u (its path '%s' is "
                                "computed)",
                                bd->at.path, bd->at.line, bd->dockerfile_glob),
                bd->at, false);
  }
}

/* A build whose Dockerfile is missing where the file's folder says it is,
 * but whose path tail names a Dockerfile that exists: a README in Docker/
 * saying `cd FreshRSS && docker build -f Docker/Dockerfile .` means the
 * repository root, where its reader stands. The longest existing tail of
 * at least two segments wins; the context loses the same prefix. */
static struct rc_build root_relative(struct build *b, const struct rc_build *bd)
{
  struct rc_build fixed = *bd;
  if (!bd->dockerfile || rc_index_find(b->m->index, bd->dockerfile) ||
      !strchr(bd->dockerfile, '/'))
    return fixed;
  for (const char *tail = strchr(bd->dockerfile, '/'); tail;
       tail = strchr(tail + 1, '/')) {
    const char *t = tail + 1;
    if (!strchr(t, '/') || !rc_index_find(b->m->index, t))
      continue;
    size_t cut = (size_t)(tail - bd->dockerfile);
    fixed.dockerfile = t;
    if (bd->context && strncmp(bd->context, bd->dockerfile, cut) == 0 &&
        (bd->context[cut] == '/' || bd->context[cut] == '\0'))
      fixed.context = bd->context[cut] ? bd->context + cut + 1 : "";
    return fixed;
  }
  return fixed;
}

/* Every tag a build gives names a development version: the tag is a
 * development word ("acme/app:dev"), or one of its words is one the
 * Dockerfile's own name has too (`-f ubuntu/Dockerfile.devel -t
 * acme/media:20.04-devel-ubuntu18.04`: both name the variant; a branch
 * name in the tag, `master-debian-dev`, alone does not). */
static bool dev_tagged(struct rc_arena *a, const char *tag_refs,
                       const char *dockerfile)
{
  static const char *const words[] = {
      "dev", "devel", "develop", "development", "local", "debug", NULL};
  if (!tag_refs || !*tag_refs)
    return false;
  char *refs = rc_arena_strdup(a, tag_refs);
  for (char *save = NULL, *t = strtok_r(refs, " ", &save); t;
       t = strtok_r(NULL, " ", &save)) {
    const char *colon = strrchr(t, ':');
    if (!colon || strchr(colon, '/'))
      return false;
    bool dev = false;
    for (size_t i = 0; words[i] && !dev; i++)
      dev = strcasecmp(colon + 1, words[i]) == 0 ||
            (dockerfile && rc_role_name_has(colon + 1, words[i]) &&
             rc_role_name_has(dockerfile, words[i]));
    if (!dev)
      return false;
  }
  return true;
}

/* A Dockerfile whose folder or name says development, built only under a
 * development tag (`docker build -t acme/app:dev -f dev/Dockerfile.dev`)
 * or by a Makefile rule named for development that no CI runs (`build-dev:
 * ... -f build/Dockerfile.dev`): two signals agree, where either alone is
 * common for a published image. */
static enum rc_role build_role(struct build *b, const struct rc_build *bd)
{
  /* a Makefile rule named for tests that no CI file runs (`test/server`,
   * `test-image`) builds an image to test in: the shortcut's own words say
   * so, as a folder (`test/`) or a word (`-test`) */
  if (bd->role == RC_ROLE_PRODUCTION && bd->shortcut && !bd->dev_rule &&
      rc_role_of_path(bd->shortcut, NULL, 0) == RC_ROLE_NONPROD)
    return RC_ROLE_NONPROD;
  bool dev_tag = dev_tagged(b->a, bd->tag_refs, bd->dockerfile);
  /* a build that names no image (`load: true`, no tags) cannot be pushed:
   * with a development file name, it is the developers' or CI's own */
  bool nameless =
      !bd->tag && !bd->tag_glob && (!bd->tag_refs || !*bd->tag_refs);
  if (bd->role == RC_ROLE_PRODUCTION &&
      rc_role_of_path(bd->dockerfile, NULL, 0) == RC_ROLE_DEVELOPMENT &&
      (dev_tag || bd->dev_rule || nameless))
    return RC_ROLE_DEVELOPMENT;
  /* the rule and the tag agree without the file's name (`docker-dev:
   * docker build -f Dockerfile-build -t acme/app:dev`, which no CI runs) */
  if (bd->role == RC_ROLE_PRODUCTION && bd->dev_rule && dev_tag)
    return RC_ROLE_DEVELOPMENT;
  return bd->role;
}

static void images_from_builds(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->entries.n_builds; i++) {
    struct rc_build fixed = root_relative(b, &m->entries.builds[i]);
    const struct rc_build *bd = &fixed;
    if (bd->unresolved) {
      if (bd->dockerfile_glob)
        images_matching(b, bd);
      /* a build from a script nothing in the repository runs (a
       * maintainer's helper taking the Dockerfile as an argument) says
       * nothing about which Dockerfiles the project builds */
      else if (bd->role == RC_ROLE_PRODUCTION &&
               !mb_script_unrun(b, bd->at.path)) {
        if (!m->builds_unresolved)
          b->unresolved_at = bd->at;
        m->builds_unresolved = true;
      }
      continue;
    }
    enum rc_role role = build_role(b, bd);
    const char *why =
        bd->via
            ? rc_arena_printf(b->a, "built in %s:%u by %s", bd->at.path,
                              bd->at.line, bd->via)
            : rc_arena_printf(b->a, "built in %s:%u", bd->at.path, bd->at.line);
    if (bd->exports) {
      role = RC_ROLE_NONPROD;
      why = rc_arena_printf(b->a,
                            "%s, which writes files to '%s' (--output) "
                            "instead of making an image that runs",
                            why, bd->exports);
    } else if (role == RC_ROLE_NONPROD && bd->role == RC_ROLE_PRODUCTION)
      why =
          rc_arena_printf(b->a, "%s, by the test rule '%s'", why, bd->shortcut);
    else if (role != bd->role && bd->dev_rule &&
             !dev_tagged(b->a, bd->tag_refs, bd->dockerfile))
      why = rc_arena_printf(b->a, "%s, by the development rule '%s'", why,
                            bd->dev_rule);
    else if (role != bd->role && bd->tag_refs && *bd->tag_refs)
      why = rc_arena_printf(b->a, "%s, only with a development tag (%s)", why,
                            bd->tag_refs);
    else if (role != bd->role)
      why = rc_arena_printf(b->a,
                            "%s, under no image name, and its file is named "
                            "for development",
                            why);
    /* a release script CI runs from a folder named for CI
     * (docker/ci/push.sh) publishes the project's image */
    bool released = release_build(bd);
    if (released && role != RC_ROLE_PRODUCTION &&
        named_for_ci_only(b, bd->at.path)) {
      role = RC_ROLE_PRODUCTION;
      why = rc_arena_printf(b->a, "%s, which CI runs to push the image", why);
    }
    add_image(b, bd->dockerfile, bd->context, bd->target, role, why, bd->at,
              released);
    struct rc_image *im = mb_find_image(m, bd->dockerfile, bd->target);
    if (im && !im->tag && !im->tag_glob) {
      im->tag = bd->tag;
      im->tag_glob = bd->tag_glob;
      im->tag_glob_tag = bd->tag_glob_tag;
      im->tag_refs = bd->tag_refs;
    }
    if (im && !im->via && im->at.path == bd->at.path &&
        im->at.line == bd->at.line)
      im->via = bd->via;
  }
}

/* A production build of the Dockerfile other than a Makefile rule run by
 * hand (its rule, in *rule), or a production view that builds it. */
static bool built_beyond_local_rules(struct build *b, const char *dockerfile,
                                     const char **rule)
{
  struct rc_model *m = b->m;
  *rule = NULL;
  for (size_t i = 0; i < m->entries.n_builds; i++) {
    struct rc_build bd = root_relative(b, &m->entries.builds[i]);
    if (bd.unresolved || !bd.dockerfile ||
        strcmp(bd.dockerfile, dockerfile) != 0 ||
        build_role(b, &bd) != RC_ROLE_PRODUCTION)
      continue;
    if (!bd.local_rule)
      return true;
    *rule = bd.local_rule;
  }
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_services; k++) {
      const struct rc_compose_service *s = &m->views[i].services[k];
      if (m->views[i].role == RC_ROLE_PRODUCTION && s->dockerfile &&
          strcmp(s->dockerfile, dockerfile) == 0)
        return true;
    }
  return !*rule;
}

/* When the release pipeline publishes one Dockerfile (release_build), a
 * sibling only a Makefile rule no CI runs builds (`docker-build:`, "for
 * testing your branch") is the developer's image, not the one users run.
 * Without a published image, such a build stays the project's image. */
static void local_builds_beside_release(struct build *b)
{
  struct rc_model *m = b->m;
  const struct rc_build *rel = NULL;
  const char *rel_df = NULL;
  for (size_t i = 0; i < m->entries.n_builds && !rel; i++) {
    struct rc_build bd = root_relative(b, &m->entries.builds[i]);
    const struct rc_image *im =
        bd.unresolved || !release_build(&bd)
            ? NULL
            : mb_find_image(m, bd.dockerfile, bd.target);
    if (im && im->role == RC_ROLE_PRODUCTION) {
      rel = &m->entries.builds[i];
      rel_df = im->dockerfile;
    }
  }
  for (size_t i = 0; rel && i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    const char *rule;
    if (im->role != RC_ROLE_PRODUCTION || strcmp(im->dockerfile, rel_df) == 0 ||
        built_beyond_local_rules(b, im->dockerfile, &rule))
      continue;
    im->role = RC_ROLE_DEVELOPMENT;
    im->why = rc_arena_printf(
        b->a, "%s, by the rule '%s' that no CI runs, while %s:%u publishes %s",
        im->why, rule, rel->at.path, rel->at.line, rel_df);
  }
}

/* An image whose last stage is a build stage (`FROM x AS builder` with no
 * command of its own) exists for other Dockerfiles to start from or copy
 * out of; nothing runs it as a service. */
static bool builder_stage_last(const struct rc_dockerfile *df)
{
  if (df->ns == 0 || !df->st[df->ns - 1].name)
    return false;
  const char *name = df->st[df->ns - 1].name;
  if (strcmp(name, "builder") != 0 && strcmp(name, "build") != 0)
    return false;
  for (size_t i = df->st[df->ns - 1].first; i < df->st[df->ns - 1].end; i++)
    if (strcmp(df->in[i].kw, "CMD") == 0 ||
        strcmp(df->in[i].kw, "ENTRYPOINT") == 0)
      return false;
  return true;
}

/* A production compose view runs a prebuilt image as a service named
 * name: a development file's build of that service is the image
 * production pulls, made from source. */
static bool production_runs_image_as(const struct rc_model *m, const char *name)
{
  for (size_t v = 0; v < m->n_views; v++)
    for (size_t i = 0;
         m->views[v].role == RC_ROLE_PRODUCTION && i < m->views[v].n_services;
         i++)
      if (m->views[v].services[i].image &&
          strcmp(m->views[v].services[i].name, name) == 0)
        return true;
  return false;
}

/* The development and test compose files, each read alone (one no
 * production view takes: an override Compose merges only on a
 * developer's machine). */
struct nonprod_views {
  struct rc_compose_view *v;
  size_t n;
  bool built;
};

static void build_nonprod_views(struct build *b, struct nonprod_views *nv)
{
  struct rc_model *m = b->m;
  nv->built = true;
  nv->v =
      m->n_compose ? rc_arena_alloc(b->a, m->n_compose * sizeof(*nv->v)) : NULL;
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    if (f->error || !f->services ||
        (f->role != RC_ROLE_DEVELOPMENT && f->role != RC_ROLE_NONPROD))
      continue;
    struct rc_compose_view *v = &nv->v[nv->n++];
    memset(v, 0, sizeof(*v));
    const struct rc_compose_file **files = rc_arena_alloc(b->a, sizeof(*files));
    files[0] = f;
    rc_compose_view_build(v, b->a, files, 1, NULL, NULL, NULL);
    v->role = f->role;
  }
}

/* The first service of a development or test compose file that builds
 * path, when no production view runs a prebuilt image under the same
 * service name; its role goes in *role. Says which service of which
 * file, or NULL. */
static const char *nonprod_compose_build(struct build *b,
                                         struct nonprod_views *nv,
                                         const char *path, enum rc_role *role)
{
  if (!nv->built)
    build_nonprod_views(b, nv);
  for (size_t i = 0; i < nv->n; i++) {
    const struct rc_compose_view *v = &nv->v[i];
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *s = &v->services[k];
      if (!s->dockerfile || strcmp(s->dockerfile, path) != 0)
        continue;
      if (production_runs_image_as(b->m, s->name))
        return NULL;
      *role = v->role;
      return rc_arena_printf(b->a,
                             "built only by compose service '%s' of %s (%s)",
                             s->name, v->files[0]->path, rc_role_name(v->role));
    }
  }
  return NULL;
}

/* Dockerfiles nothing builds: when the repository builds images somewhere
 * we can read, an unbuilt Dockerfile does not deploy; when nothing builds
 * images (or CI computes the paths), every plausible one counts. */
static void images_from_leftovers(struct build *b)
{
  struct rc_model *m = b->m;
  bool any_entry = m->n_images > 0 && !m->builds_unresolved;
  struct nonprod_views nv = {0};
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const struct rc_dockerfile *df = &m->dockerfiles[i];
    bool used = false;
    for (size_t k = 0; k < m->n_images && !used; k++)
      used = strcmp(m->images[k].dockerfile, df->path) == 0;
    if (used)
      continue;
    char why[160];
    enum rc_role role = rc_role_of_path(df->path, why, sizeof(why));
    const char *reason = rc_arena_strdup(b->a, why), *dev;
    enum rc_role drole;
    if (role == RC_ROLE_PRODUCTION &&
        (base_image_name(df->path) || toolchain_folder(df->path))) {
      role = RC_ROLE_NONPROD;
      reason = "a base image other builds start from";
    } else if (role == RC_ROLE_PRODUCTION && builder_stage_last(df)) {
      role = RC_ROLE_NONPROD;
      reason = "its last stage is a build stage with no command: an image "
               "other builds start from";
    } else if (role == RC_ROLE_PRODUCTION && runs_tests(df)) {
      role = RC_ROLE_NONPROD;
      reason = "runs a test runner";
    } else if (role == RC_ROLE_PRODUCTION && df->ns == 0 && df->n > 0) {
      /* instructions without a FROM: a fragment a script appends to or
       * includes in another Dockerfile, never built on its own */
      role = RC_ROLE_NONPROD;
      reason = "a fragment with no FROM, never built on its own";
    } else if (role == RC_ROLE_PRODUCTION && !any_entry &&
               (dev = nonprod_compose_build(b, &nv, df->path, &drole))) {
      /* nothing else builds images: a development compose file's build
       * is the only word on what this Dockerfile is for */
      role = drole;
      reason = dev;
    } else if (role == RC_ROLE_PRODUCTION && any_entry) {
      role = RC_ROLE_UNUSED;
      reason = "no compose file, CI job or script builds it";
    } else if (role == RC_ROLE_PRODUCTION && m->builds_unresolved) {
      reason = rc_arena_printf(b->a,
                               "a build computes its Dockerfile's path "
                               "(%s:%u): every Dockerfile counts",
                               b->unresolved_at.path, b->unresolved_at.line);
    } else if (role == RC_ROLE_PRODUCTION) {
      reason = "nothing in the repository builds images: every Dockerfile "
               "counts";
    }
    const char *dir = rc_path_dir(b->a, df->path);
    add_image(b, df->path, dir, NULL, role, reason,
              (struct rc_where){df->path, df->ns ? df->st[0].line : 0}, false);
  }
}

static int image_rank(const void *pa, const void *pb)
{
  const struct rc_image *a = pa, *b = pb;
  if ((a->role == RC_ROLE_PRODUCTION) != (b->role == RC_ROLE_PRODUCTION))
    return a->role == RC_ROLE_PRODUCTION ? -1 : 1;
  return strcmp(a->dockerfile, b->dockerfile);
}

/* How many COPY/ADD sources (other than the whole context) of df exist
 * under dir. */
static size_t sources_under(struct build *b, const struct rc_dockerfile *df,
                            const char *dir)
{
  size_t n = 0;
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    const char **w;
    size_t nw = rc_shell_words(b->a, in->args, &w);
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *src = w[k];
      if (src[0] == '-' || src[0] == '[' || strchr(src, '$') ||
          strstr(src, "://") || !strcmp(src, ".") || !strcmp(src, "./"))
        continue;
      /* a glob (a star after ./Docker/): the folder before it must exist */
      size_t lit = strcspn(src, "*?[");
      if (src[lit]) {
        while (lit && src[lit - 1] != '/')
          lit--;
        if (lit == 0)
          continue;
        src = rc_arena_strndup(b->a, src, lit - 1);
      }
      const char *p = rc_path_join(b->a, dir, src);
      n += p && *p && rc_index_find(b->m->index, p) != NULL;
    }
  }
  return n;
}

/* The context an image is built from, judged by what its Dockerfile
 * copies: `COPY Docker/entrypoint.sh /` found from the root and not from
 * the Dockerfile's folder means the root is the context (a build from a
 * git URL of the repository, or a leftover guessed from the folder). */
static void fix_contexts(struct build *b)
{
  for (size_t i = 0; i < b->m->n_images; i++) {
    struct rc_image *im = &b->m->images[i];
    if (!im->df)
      continue;
    if (im->context &&
        (strstr(im->context, ":/") || strstr(im->context, ".git#") ||
         strncmp(im->context, "git@", 4) == 0)) {
      im->context = ""; /* a git URL: a clone of the repository */
      continue;
    }
    if (!im->context || !*im->context)
      continue;
    if (sources_under(b, im->df, im->context) == 0 &&
        sources_under(b, im->df, "") > 0)
      im->context = "";
  }
}

/* An image reference without its tag or digest. */
static const char *repo_of(struct rc_arena *a, const char *ref)
{
  return rc_arena_strndup(a, ref, rc_image_repo_len(ref, strcspn(ref, " \t")));
}

/* Two image names, a registry host aside: docker.io/acme/x is acme/x. */
static bool same_repo(const char *x, const char *y)
{
  size_t nx = strlen(x), ny = strlen(y);
  if (nx < ny)
    return same_repo(y, x);
  return strcmp(x + nx - ny, y) == 0 && (nx == ny || x[nx - ny - 1] == '/');
}

/* The Dockerfile that copies files out of image `repo` (COPY --from=repo),
 * or NULL. */
static const char *copied_from_by(struct build *b, const char *repo)
{
  const struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const struct rc_dockerfile *df = &m->dockerfiles[i];
    for (size_t k = 0; k < df->n; k++) {
      const char *from = strstr(df->in[k].args, "--from=");
      if (strcmp(df->in[k].kw, "COPY") == 0 && from &&
          same_repo(repo_of(b->a, from + 7), repo))
        return df->path;
    }
  }
  return NULL;
}

/* Two image references with the same repository and tag (none: latest). */
static bool same_ref(struct rc_arena *a, const char *x, const char *y)
{
  const char *rx = repo_of(a, x), *ry = repo_of(a, y);
  const char *tx = x + strlen(rx), *ty = y + strlen(ry);
  tx = *tx == ':' ? tx + 1 : "latest";
  ty = *ty == ':' ? ty + 1 : "latest";
  return same_repo(rx, ry) && strcmp(tx, ty) == 0;
}

/* One of refs (space-separated) is ref, by same_ref(). */
bool mb_any_ref(struct rc_arena *a, const char *refs, const char *ref)
{
  for (const char *p = refs; p && *p;) {
    size_t n = strcspn(p, " ");
    if (n && same_ref(a, rc_arena_strndup(a, p, n), ref))
      return true;
    p += n + (p[n] == ' ');
  }
  return false;
}

/* A compose service runs exactly ref, version included. */
static bool runs_ref(const struct rc_model *m, struct rc_arena *a,
                     const char *ref)
{
  for (size_t v = 0; v < m->n_views; v++)
    for (size_t i = 0; i < m->views[v].n_services; i++) {
      const char *img = m->views[v].services[i].image;
      if (img && same_ref(a, img, ref))
        return true;
    }
  return false;
}

/* The Dockerfile with a stage FROM exactly one of the image's tags,
 * version included (`FROM acme/app:base`), that no compose service runs
 * as it is; NULL if none. The image's own stage does not count: another
 * target of the same file may start from it. *ref: the tag. */
static const char *started_from_by(struct build *b, const char *refs,
                                   const struct rc_image *self,
                                   const char **ref)
{
  const struct rc_model *m = b->m;
  for (const char *p = refs; p && *p;) {
    size_t n = strcspn(p, " ");
    const char *r = rc_arena_strndup(b->a, p, n);
    p += n + (p[n] == ' ');
    if (!n || runs_ref(m, b->a, r))
      continue;
    for (size_t i = 0; i < m->n_dockerfiles; i++) {
      const struct rc_dockerfile *df = &m->dockerfiles[i];
      bool own = strcmp(df->path, self->dockerfile) == 0;
      for (size_t k = 0; k < df->ns; k++) {
        if (own && (long)k == self->stage)
          continue;
        const char *img = df->st[k].image
                              ? rc_dockerfile_resolve(df, b->a, df->st[k].image)
                              : NULL;
        if (img && same_ref(b->a, img, r)) {
          *ref = r;
          return df->path;
        }
      }
    }
  }
  return NULL;
}

static bool runs_by_name(const struct rc_model *m, struct rc_arena *a,
                         const char *repo)
{
  for (size_t v = 0; v < m->n_views; v++)
    for (size_t i = 0; i < m->views[v].n_services; i++) {
      /* a development stack running it makes no image a service */
      if (m->views[v].role != RC_ROLE_PRODUCTION)
        continue;
      const char *img = m->views[v].services[i].image;
      if (img && same_repo(repo_of(a, img), repo))
        return true;
    }
  return false;
}

/* Where the Dockerfiles start a stage FROM image `repo` (any version): the
 * first other Dockerfile that starts a build stage - named, not its last -
 * from it, or NULL; NULL too when any Dockerfile's last stage, the one it
 * runs, starts from it. A toolchain image rebuilt under a computed tag
 * (`core-base:${{ env.IMAGE_TAG }}`) that an app's builder stage pins
 * (`FROM core-base:20250101 AS build`) is a build input. *stage: its name. */
static const char *builder_of(struct build *b, const char *repo,
                              const char *self, const char **stage)
{
  const struct rc_model *m = b->m;
  const char *found = NULL;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const struct rc_dockerfile *df = &m->dockerfiles[i];
    for (size_t k = 0; k < df->ns; k++) {
      const char *img = df->st[k].image
                            ? rc_dockerfile_resolve(df, b->a, df->st[k].image)
                            : NULL;
      if (!img || !same_repo(repo_of(b->a, img), repo))
        continue;
      if (k + 1 == df->ns)
        return NULL;
      if (!found && df->st[k].name && strcmp(df->path, self) != 0) {
        found = df->path;
        *stage = df->st[k].name;
      }
    }
  }
  return found;
}

/* The name an image is tagged with, version aside, when a build names it:
 * also when only its version is computed (`acme/base:${{ env.TAG }}`). */
static const char *built_repo(struct rc_arena *a, const struct rc_image *im)
{
  if (im->tag && *im->tag)
    return im->tag;
  if (!im->tag_glob)
    return NULL;
  const char *repo = repo_of(a, im->tag_glob);
  return *repo && !strpbrk(repo, "*?[$") ? repo : NULL;
}

/* Another image tagged with the same name (version aside) from another
 * Dockerfile: which one a reference means cannot be told. */
static bool tag_shared(const struct rc_model *m, size_t i, const char *repo)
{
  const struct rc_image *im = &m->images[i];
  for (size_t k = 0; k < m->n_images; k++)
    if (k != i && m->images[k].tag &&
        strcmp(m->images[k].dockerfile, im->dockerfile) != 0 &&
        same_repo(m->images[k].tag, repo))
      return true;
  return false;
}

/* An image built and tagged only for other Dockerfiles to `COPY --from=`
 * (binaries compiled once, copied into the app images) never runs: a
 * build input like a builder stage, unless a compose service also runs it
 * by name. */
static void build_inputs(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    const char *ref = NULL;
    const char *base = im->role == RC_ROLE_PRODUCTION
                           ? started_from_by(b, im->tag_refs, im, &ref)
                           : NULL;
    if (base) {
      im->role = RC_ROLE_NONPROD;
      im->why = rc_arena_printf(b->a, "%s, but a base image: %s starts FROM %s",
                                im->why, base, ref);
      continue;
    }
    const char *stage = NULL;
    const char *repo = built_repo(b->a, im);
    const char *builder = im->role == RC_ROLE_PRODUCTION && repo &&
                                  !runs_by_name(m, b->a, repo) &&
                                  !tag_shared(m, i, repo)
                              ? builder_of(b, repo, im->dockerfile, &stage)
                              : NULL;
    if (builder) {
      im->role = RC_ROLE_NONPROD;
      im->why = rc_arena_printf(
          b->a, "%s, but only as the base of build stage '%s' of %s", im->why,
          stage, builder);
      continue;
    }
    const char *by = im->role == RC_ROLE_PRODUCTION && im->tag && *im->tag
                         ? copied_from_by(b, im->tag)
                         : NULL;
    if (!by || runs_by_name(m, b->a, im->tag))
      continue;
    /* tags are compared without their version: when another Dockerfile
     * is tagged with the same name, which one is copied cannot be told */
    bool shared = false;
    for (size_t k = 0; k < m->n_images && !shared; k++)
      shared = k != i && m->images[k].tag &&
               strcmp(m->images[k].dockerfile, im->dockerfile) != 0 &&
               same_repo(m->images[k].tag, im->tag);
    if (shared)
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(
        b->a, "%s, but only as what %s copies from (COPY --from=%s)", im->why,
        by, im->tag);
  }
}

/* A local image - a name without registry or namespace, so never pushed -
 * that the automation builds and only runs as a one-shot command
 * (`docker run --rm -v $(PWD):/workspace msi-builder make msi`) is a tool
 * the maintainers run, not a deployed service. */
static void local_tools(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->tag || !*im->tag ||
        strchr(im->tag, '/'))
      continue;
    const struct rc_run *first = NULL;
    bool service = false;
    for (size_t k = 0; k < m->entries.n_runs && !service; k++) {
      const struct rc_run *run = &m->entries.runs[k];
      if (strcmp(run->image, im->tag) != 0)
        continue;
      service = !run->one_shot;
      if (!first)
        first = run;
    }
    if (!first || service || runs_by_name(m, b->a, im->tag))
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(
        b->a,
        "%s, but a local tool: run only as a one-shot command, by %s:%u "
        "(docker run --rm '%s')",
        im->why, first->at.path, first->at.line, im->tag);
  }
}

/* The file that builds the service also says it runs once (`restart:
 * "no"` beside its `build:`): an overlay that switches a long-running
 * service off (`restart: "no"`, `entrypoint: echo disabled`) does not
 * make its image a one-shot one. */
static bool builds_once(const struct rc_compose_service *s)
{
  for (size_t i = s->n_layers; i-- > 0;) {
    const cJSON *node = s->layers[i].node;
    if (!cJSON_GetObjectItemCaseSensitive(node, "build"))
      continue;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(node, "restart");
    return cJSON_IsString(r) && strcmp(r->valuestring, "no") == 0;
  }
  return false;
}

/* Two build targets name the same stage: both the same name, or both
 * none (the last stage). */
static bool same_target(const char *a, const char *b)
{
  return a && b ? strcmp(a, b) == 0 : a == b;
}

/* An image that production compose files build only for services that
 * must not restart (`restart: "no"`: a database upgrade, a backup run by
 * hand with `compose run`) or that another service waits to see finish
 * (`condition: service_completed_successfully`: a migration, a setup
 * step) is a maintenance command, not a service. */
static void one_shot_images(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    size_t uses = 0, once = 0;
    const struct rc_compose_service *first = NULL;
    for (size_t v = 0; v < m->n_views; v++) {
      if (m->views[v].role != RC_ROLE_PRODUCTION)
        continue;
      for (size_t k = 0; k < m->views[v].n_services; k++) {
        const struct rc_compose_service *s = &m->views[v].services[k];
        /* a service that builds another stage of the file (`target:
         * web` beside `target: migrate`) runs another image */
        if (!s->dockerfile || strcmp(s->dockerfile, im->dockerfile) != 0 ||
            !same_target(s->target, im->target))
          continue;
        uses++;
        once += builds_once(s) || rc_compose_awaited(&m->views[v], s->name);
        first = first ? first : s;
      }
    }
    if (im->role != RC_ROLE_PRODUCTION || !uses || once != uses)
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(b->a,
                              "%s, but only for services that run once "
                              "(restart: \"no\", services.%s): a maintenance "
                              "command, not a long-running service",
                              im->why, first->name);
  }
}

/* An image CI jobs run in (`jobs.test.container: acme/builder:latest`)
 * that nothing outside CI and its own folder names - no compose file,
 * manifest, script or document - is CI's build environment, not a
 * service anything deploys. */
static void ci_environments(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    const char *repo =
        im->role == RC_ROLE_PRODUCTION ? built_repo(b->a, im) : NULL;
    const char *job = repo && strchr(repo, '/') && !tag_shared(m, i, repo)
                          ? mb_ci_job_image(b, repo)
                          : NULL;
    if (!job || mb_image_named_outside_ci(b, repo, im->dockerfile))
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(b->a,
                              "%s, but only CI jobs run in it (%s runs a job "
                              "in %s): a build environment",
                              im->why, job, repo);
  }
}

/* A build of a stage named for checking (`--target tester`, `lint`,
 * `e2e-test`) runs the test suite or linters inside the build: CI's test
 * step, not an image anything deploys. */
static bool test_stage_name(const char *name)
{
  static const char *const words[] = {
      "test",      "tests", "tester", "testing", "lint",     "linter", "e2e",
      "e2etester", "check", "spec",   "specs",   "unittest", NULL};
  return rc_role_name_word(name, words) != NULL;
}

static void test_targets(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    struct rc_image *im = &m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->target ||
        !test_stage_name(im->target))
      continue;
    im->role = RC_ROLE_NONPROD;
    im->why = rc_arena_printf(b->a, "%s, but only its test stage '%s'", im->why,
                              im->target);
  }
}

void mb_build_images(struct build *b)
{
  images_from_views(b);
  images_from_builds(b);
  local_builds_beside_release(b);
  build_inputs(b);
  local_tools(b);
  test_targets(b);
  ci_environments(b);
  one_shot_images(b);
  images_from_leftovers(b);
  fix_contexts(b);
  if (b->m->n_images > 1)
    qsort(b->m->images, b->m->n_images, sizeof(*b->m->images), image_rank);
}
