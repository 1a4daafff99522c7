/*
 * dockerfile_pinned.c - pinned_base: external bases with a version tag
 * or digest, bases chosen by a build argument the build passes, and bases
 * the repository builds itself.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"

#include "dockerfile_probe.h"

/* The text passes build argument name: `--build-arg NAME=...` (a
 * Makefile, a script, a workflow's run:), a `build-args:` line `NAME=...`
 * or a bake file's `NAME = "..."` in args. */
/* The line at p, indented by indent, sits in a YAML `args:` (or
 * skaffold's `buildArgs:`) mapping: the nearest line above it that is
 * indented less is that key. */
static bool under_args_key(const char *text, const char *line, size_t indent)
{
  for (const char *end = line; end > text;) {
    const char *start = end - 1;
    while (start > text && start[-1] != '\n')
      start--;
    size_t in = strspn(start, " ");
    end = start;
    if (start[in] == '\n' || start[in] == '#' || in >= indent)
      continue;
    /* compose's `args:`, skaffold's `buildArgs:` */
    return strncmp(start + in, "args:", 5) == 0 ||
           strncmp(start + in, "buildArgs:", 10) == 0;
  }
  return false;
}

/* A compose build's `args:` (a skaffold artifact's `buildArgs:`) mapping
 * sets name (`NAME: 1.2`). */
static bool yaml_args_key(const char *text, const char *p, size_t n)
{
  const char *line = p;
  while (line > text && line[-1] != '\n')
    line--;
  size_t indent = (size_t)(p - line);
  if (strspn(line, " ") != indent || !indent || p[n] != ':')
    return false;
  return under_args_key(text, line, indent);
}

/* `--build-arg NAME` with no value: docker takes the value from the
 * environment of the command (a CI job's `env:`), so the build chooses
 * it. p..q is the name in text. */
static bool bare_build_arg(const char *text, const char *p, const char *q)
{
  static const char flag[] = "--build-arg";
  size_t k = sizeof(flag) - 1;
  const char *f = p;
  if (f > text && (f[-1] == '"' || f[-1] == '\''))
    f--;
  if (f <= text || (f[-1] != ' ' && f[-1] != '=') || (size_t)(f - text) < k + 1)
    return false;
  f--;
  while (f > text && f[-1] == ' ')
    f--;
  return (size_t)(f - text) >= k && strncmp(f - k, flag, k) == 0 &&
         (!*q || strchr(" \t\r\n\"'\\", *q));
}

static bool passes_arg(const char *text, const char *name)
{
  if (!strstr(text, "build-arg") && !strstr(text, "build_arg") &&
      !strstr(text, "args") && !strstr(text, "buildArgs"))
    return false;
  size_t n = strlen(name);
  for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
    if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
                     p[-1] == '$' || p[-1] == '{'))
      continue;
    const char *q = p + n;
    if (bare_build_arg(text, p, q))
      return true;
    bool quoted = p > text && p[-1] == '"' && *q == '"';
    if (*q == '"')
      q++;
    q += strspn(q, " \t");
    if ((*q == '=' && q[1] != '=') || (quoted && *q == ':') ||
        yaml_args_key(text, p, n))
      return true; /* NAME=..., NAME = "...", "NAME": "...", NAME: ... */
  }
  return false;
}

static bool file_passes_arg(struct run *r, const char *path, const char *name)
{
  const struct rc_entry *e = path ? rc_index_find(r->ctx->index, path) : NULL;
  const char *text;
  size_t len;
  char err[64];
  return e && rc_entry_size(r->ctx->index, e) < (1u << 20) &&
         rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) == 0 &&
         passes_arg(text, name);
}

struct arg_find {
  struct run *r;
  const char *name;
};

static int on_bake_file(const struct rc_entry *e, void *arg)
{
  struct arg_find *af = arg;
  return file_passes_arg(af->r, e->path, af->name) ? 1 : 0;
}

/* The build that builds the image passes a variable of the FROM written
 * image (`FROM ${BASE_IMAGE}`, `FROM acme/base:$VERSION`): the version is
 * chosen where the image is built, whatever the ARG's default says. The
 * variable's name, or NULL. */
static const char *arg_passed(struct run *r, const struct target *t,
                              const char *image, int depth)
{
  if (!t->im || !strchr(image, '$') || depth > 2)
    return NULL;
  for (const char *p = strchr(image, '$'); p; p = strchr(p + 1, '$')) {
    const char *q = p + 1 + (p[1] == '{');
    size_t n = 0;
    while (isalnum((unsigned char)q[n]) || q[n] == '_')
      n++;
    if (!n)
      continue;
    const char *name = rc_arena_strndup(r->a, q, n);
    if (file_passes_arg(r, t->im->at.path, name))
      return name;
    /* no build the model read (a Makefile composes its docker command
     * from variables): the Makefile beside the Dockerfile or at the root */
    const char *dir = rc_path_dir(r->a, t->df->path);
    if (strcmp(t->im->at.path, t->df->path) == 0 &&
        (file_passes_arg(r, "Makefile", name) ||
         (*dir &&
          file_passes_arg(r, rc_arena_printf(r->a, "%s/Makefile", dir), name))))
      return name;
    if (t->im->via && strstr(t->im->via, "bake")) {
      struct arg_find af = {r, name};
      static const char *const bake[] = {"**/*.hcl", "**/docker-bake*.json",
                                         NULL};
      for (size_t i = 0; bake[i]; i++)
        if (rc_index_glob(r->ctx->index, bake[i], RC_ENTRY_FILE, on_bake_file,
                          &af))
          return name;
    }
    /* `ARG IMAGE=acme/app:${TAG}`: the variables its default is made of */
    const char *def = rc_vars_get(&t->df->args, name);
    const char *inner = def ? arg_passed(r, t, def, depth + 1) : NULL;
    if (inner)
      return inner;
  }
  return NULL;
}

/* Every external base of f has a tag other than latest, or a digest (or
 * is chosen at build time, or scratch). */
static bool bases_pinned(struct run *r, const struct rc_dockerfile *f)
{
  for (size_t s = 0; s < f->ns; s++) {
    if (rc_dockerfile_stage_ref(f, s, f->st[s].image) >= 0)
      continue;
    const char *res = rc_dockerfile_resolve(f, r->a, f->st[s].image);
    if (!res || df_is_scratch(res) || rc_dockerfile_stage_ref(f, s, res) >= 0)
      continue;
    const char *tag = df_tag_of(res);
    if (!*tag || strcmp(tag, "latest") == 0)
      return false;
  }
  return true;
}

/* A service of compose view v builds the Dockerfile at path. */
static bool compose_builds(const struct rc_model *m,
                           const struct rc_compose_view *v, const char *path)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *sv = &m->services[i];
    if (sv->kind == RC_SERVICE_COMPOSE && sv->view == v && sv->built &&
        strcmp(sv->built->dockerfile, path) == 0)
      return true;
  }
  return false;
}

/* The image is tagged repo (registry host aside) by its build: by name,
 * or through a name whose namespace or registry CI computes
 * (`${{ vars.REGISTRY_REPO }}/base:latest` is any namespace's base) with
 * the very tag the FROM names written after it: a release image whose
 * versions a metadata step computes, :latest among them, is not built
 * for the FROM to follow. */
static bool tagged_as(struct rc_arena *a, const struct rc_image *im,
                      const char *repo, const char *from_tag)
{
  if (im->tag)
    return strcmp(df_repo_name(a, im->tag), repo) == 0;
  if (!im->tag_glob || !im->tag_glob_tag ||
      strcmp(im->tag_glob_tag, *from_tag ? from_tag : "latest") != 0)
    return false;
  const char *g = im->tag_glob;
  while (strncmp(g, "*/", 2) == 0 && !rc_glob_match(g, repo))
    g += 2; /* a computed registry before the namespace */
  return rc_glob_match(g, repo);
}

/* Another Dockerfile of this repository is built under the base's name
 * (`FROM acme/base` or `acme/base:latest` where CI or a script tags
 * docker/base/Dockerfile acme/base), and that Dockerfile's own bases are
 * pinned: the floating name is the project's own build from the same
 * commit, reproducible through it. That Dockerfile, or NULL. */
static const char *built_here(struct run *r, const struct target *t,
                              const char *res)
{
  const struct rc_model *m = r->ctx->model;
  const char *repo = df_repo_name(r->a, res);
  for (size_t i = 0; m && i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (im->df && strcmp(im->dockerfile, t->df->path) != 0 &&
        tagged_as(r->a, im, repo, df_tag_of(res)) && bases_pinned(r, im->df))
      return im->dockerfile;
  }
  /* a compose service that builds a Dockerfile and names the result
   * (`build: ./base` with `image: acme-base`): `docker compose build`
   * makes that image from the same commit for the other services of the
   * same file built on it (a build elsewhere pulls the name instead) */
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *sv = &m->services[i];
    const struct rc_image *im = sv->built;
    if (sv->kind == RC_SERVICE_COMPOSE && sv->image && im && im->df &&
        strcmp(im->dockerfile, t->df->path) != 0 &&
        strcmp(df_repo_name(r->a, sv->image), repo) == 0 &&
        compose_builds(m, sv->view, t->df->path) && bases_pinned(r, im->df))
      return im->dockerfile;
  }
  return NULL;
}

/* The namespace of an image name (acme of ghcr.io/acme/base), or NULL
 * for an official image, which has none. */
static const char *namespace_of(struct rc_arena *a, const char *ref)
{
  const char *repo = df_repo_name(a, ref);
  const char *slash = strchr(repo, '/');
  if (!slash || slash == repo || strchr(repo, '$'))
    return NULL;
  return rc_arena_strndup(a, repo, (size_t)(slash - repo));
}

static bool same_namespace(struct rc_arena *a, const char *ns, const char *ref)
{
  const char *other = ref ? namespace_of(a, ref) : NULL;
  return other && strcasecmp(ns, other) == 0;
}

/* The floating base is published under a namespace the repository tags
 * its own images with (FROM acme/base:latest where CI or compose builds
 * acme/app): the organisation's own image, built and released outside
 * this repository's Dockerfiles. Whether its :latest moves only when the
 * organisation means it to is how that image is released, which this
 * repository does not show (of 4 such dev findings 2 were true, 2
 * debatable). The name the repository builds, or NULL. */
static const char *own_namespace(struct run *r, const char *res)
{
  const struct rc_model *m = r->ctx->model;
  const char *ns = namespace_of(r->a, res);
  if (!m || !ns)
    return NULL;
  /* built here from a floating base of its own: the float is in this
   * repository, and so is the finding */
  const char *repo = df_repo_name(r->a, res);
  for (size_t i = 0; i < m->n_images; i++)
    if (m->images[i].df && tagged_as(r->a, &m->images[i], repo, df_tag_of(res)))
      return NULL;
  for (size_t i = 0; i < m->n_images; i++)
    if (same_namespace(r->a, ns, m->images[i].tag))
      return m->images[i].tag;
  for (size_t i = 0; i < m->entries.n_builds; i++)
    if (same_namespace(r->a, ns, m->entries.builds[i].tag))
      return m->entries.builds[i].tag;
  for (size_t i = 0; i < m->entries.n_retags; i++)
    if (same_namespace(r->a, ns, m->entries.retags[i].to))
      return m->entries.retags[i].to;
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *sv = &m->services[i];
    if (sv->built && same_namespace(r->a, ns, sv->image))
      return sv->image;
  }
  return NULL;
}

/* How a floating base of root stage `root` reaches the image: 2 when the
 * image ships on it (the judged stage builds on it), 1 when a stage the
 * build runs builds or compiles on it (what it makes ships), 0 when only
 * helper stages on a plain OS image use it (they fetch, unpack or lay out
 * files: the files are the same on the next release of the OS), -1 when
 * the image's stages only hand files to other build stages, which the
 * image copies from (a cross-compilation helper copied into the
 * compiler's stage, a jq step writing a config the build reads): a build
 * tool, of which nothing is copied into the image as it is (4 of 4 such
 * dev findings debatable, none true). */
static int base_reach(struct rc_arena *a, const struct target *t,
                      const bool *need, size_t root, const char *res)
{
  const struct rc_dockerfile *f = t->df;
  if (df_root_stage(f, t->stage) == root)
    return 2;
  if (!df_os_base(a, res))
    return df_chain_takes_from(a, f, t->stage, root) ? 1 : -1;
  for (size_t s = 0; s < f->ns; s++)
    if (need[s] && df_root_stage(f, s) == root && df_stage_builds(f, s))
      return 1;
  return 0;
}

/* The word of an image's repository name that fixes its release line
 * (gcr.io/distroless/nodejs20-debian12, ubi9/ubi, openjdk-21-runtime): a
 * floating tag of such an image takes that line's rebuilds, never the next
 * major, which is all a floating version tag (node:20) gives either. The
 * word, or NULL. */
static const char *release_line(struct rc_arena *a, const char *image)
{
  /* a platform in the name (busybox-linux-amd64, from an ARG's default)
   * says which build, not which release */
  static const char *const arches[] = {
      "amd64",   "arm64",  "386",     "i386",    "x86",     "64",
      "aarch64", "s390x",  "arm32v6", "arm32v7", "arm64v8", "armv6",
      "armv7",   "mips64", "riscv64", "loong64", "ppc64",   NULL};
  const char *repo = df_repo_name(a, image);
  for (const char *p = repo; *p;) {
    size_t n = strcspn(p, "/-_.");
    bool arch = false;
    for (size_t i = 0; arches[i] && !arch; i++)
      arch = strlen(arches[i]) == n && strncmp(p, arches[i], n) == 0;
    if (n && isdigit((unsigned char)p[n - 1]) && !arch)
      return rc_arena_strndup(a, p, n);
    p += n;
    p += *p != 0;
  }
  return NULL;
}

/* An image its publisher releases under no version tag: a rolling
 * distribution (openSUSE Tumbleweed) or Chainguard's free images, which
 * carry only :latest. A digest is the only pin there, and reviewers split
 * on demanding one (6 of 6 dev findings debatable). Google's distroless
 * images carry no version tag either (:latest, :nonroot, :debug): one
 * whose name fixes its release line (static-debian12, nodejs20-debian12)
 * is pinned as far as a tag can pin it, as a floating version tag
 * (node:20) is; distroless/static, whose Debian release moves, is not
 * (of 3 such dev and scratch repositories' findings 1 true, 1 false, 1
 * debatable). Says what the tags are, or NULL. */
static const char *rolling_only(struct rc_arena *a, const char *image)
{
  static const char *const prefixes[] = {"cgr.dev/chainguard/", NULL};
  static const char *const repos[] = {"opensuse/tumbleweed", NULL};
  for (size_t i = 0; prefixes[i]; i++)
    if (strncmp(image, prefixes[i], strlen(prefixes[i])) == 0)
      return "released only as :latest";
  const char *repo = df_repo_name(a, image);
  for (size_t i = 0; repos[i]; i++)
    if (strcmp(repo, repos[i]) == 0)
      return "released only as :latest";
  static const char distroless[] = "gcr.io/distroless/";
  const char *line = release_line(a, image);
  if (strncmp(image, distroless, sizeof(distroless) - 1) == 0 && line)
    return rc_arena_printf(a,
                           "released under no version tag, only :latest, "
                           ":nonroot and :debug, and its name fixes the "
                           "release line, '%s'",
                           line);
  return NULL;
}

static const char *rolling_note(struct rc_arena *a, const char *img,
                                const char *tags)
{
  return rc_arena_printf(a,
                         "every base image has a tag or digest, or has "
                         "no version tag to pin ('FROM %s' is %s; a "
                         "digest would pin it)",
                         img, tags);
}

/* The image is not one the project ships to run: the developers' image,
 * a test harness's, a tool the maintainers run, an idle toolbox, a data
 * image of files over a bare OS (the model's signals, as the non-root
 * rule reads them). A floating base there changes no production
 * container. Says why, or NULL. */
static const char *not_shipped(struct run *r, const struct target *t)
{
  const char *(*const tests[])(struct run *, const struct target *) = {
      df_ci_build_check,     df_dev_image,          df_ci_local_image,
      df_idle_image,         df_script_tool,        df_test_image,
      df_build_tool_image,   df_worktree_container, df_code_tool_image,
      df_test_harness_image, df_data_image,         df_unrun_local_tool};
  for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
    const char *why = tests[i](r, t);
    if (why)
      return why;
  }
  return NULL;
}

/* What judge_pinned() learns over the stages the image needs: the first
 * base of each kind that excuses a missing tag or :latest, and the
 * findings held until every stage is seen. */
struct pin_scan {
  const char *context, *included, *passed, *passed_arg, *own_img, *own_df,
      *helper, *rolling, *rolling_tags;
  struct file_result build, own_ns;
  bool build_set;
};

/* A base that pins, or whose missing tag or :latest something accounts
 * for: an image built here, a stage of an INCLUDEd file, a named build
 * context, an ARG the build passes, or an image with only rolling tags
 * (the first of each kept in p). False for a floating base left to
 * judge. */
static bool base_accounted(struct run *r, const struct target *t,
                           const char *img, const char *res, const char *tag,
                           struct pin_scan *p)
{
  const struct rc_dockerfile *f = t->df;
  const char *own =
      !*tag || strcmp(tag, "latest") == 0 ? built_here(r, t, res) : NULL;
  if (own) {
    p->own_img = img;
    p->own_df = own;
    return true;
  }
  if (!*tag && df_included_stage(r, f, res, 0)) {
    p->included = img;
    return true;
  }
  if (!*tag && df_is_named_context(r, res)) {
    p->context = img;
    return true;
  }
  const char *arg =
      !*tag || strcmp(tag, "latest") == 0 ? arg_passed(r, t, img, 0) : NULL;
  if (arg) {
    p->passed = img;
    p->passed_arg = arg;
    return true;
  }
  if (*tag && strcmp(tag, "latest") != 0)
    return true;
  const char *tags = rolling_only(r->a, res);
  if (tags) {
    if (!p->rolling) {
      p->rolling = img;
      p->rolling_tags = tags;
    }
    return true;
  }
  return false;
}

/* A floating base (no tag, or :latest) of stage s. True, with *out, when
 * the image ships on it; otherwise the organisation's own image, a build
 * stage's base or a helper stage's is kept in p for the verdict. */
static bool floating_base(struct run *r, const struct target *t,
                          const bool *need, size_t s, const char *img,
                          const char *res, const char *tag, struct pin_scan *p,
                          struct file_result *out)
{
  const struct rc_dockerfile *f = t->df;
  const char *what = *tag ? rc_arena_printf(r->a, "'FROM %s' uses :latest", img)
                          : rc_arena_printf(r->a,
                                            "'FROM %s' has no tag (means "
                                            ":latest)",
                                            img);
  int reach = base_reach(r->a, t, need, s, res);
  const char *ours = reach >= 1 ? own_namespace(r, res) : NULL;
  if (ours) {
    if (!p->own_ns.why)
      p->own_ns = df_result(
          false, f->st[s].line,
          rc_arena_printf(r->a,
                          "%s, and the repository tags its own images "
                          "in that namespace ('%s'): the organisation's "
                          "own image, whose :latest moves when it is "
                          "released; how it is released is not in this "
                          "repository",
                          what, ours));
    return false;
  }
  const char *line = release_line(r->a, res);
  if (reach == 2 && line) {
    *out = df_result(false, f->st[s].line,
                     rc_arena_printf(r->a,
                                     "%s: each build ships on whatever "
                                     "build of that image is newest then "
                                     "(its name fixes the release line, "
                                     "'%s', so not a new major release)",
                                     what, line));
    return true;
  }
  if (reach == 2) {
    *out = df_result(false, f->st[s].line,
                     rc_arena_printf(r->a,
                                     "%s: each build ships on whatever that "
                                     "image is then, a new major release "
                                     "included",
                                     what));
    return true;
  }
  if (reach == 1 && !p->build_set) {
    p->build =
        df_result(false, f->st[s].line,
                  rc_arena_printf(r->a,
                                  "%s in build stage '%s': what it "
                                  "builds ships, made by whatever "
                                  "toolchain that image has then",
                                  what, f->st[s].name ? f->st[s].name : "0"));
    p->build_set = true;
  } else if (reach == 0 && !p->helper)
    p->helper = rc_arena_printf(r->a,
                                "%s only in stage '%s', which lays out "
                                "files on a plain OS image and builds "
                                "nothing",
                                what, f->st[s].name ? f->st[s].name : "0");
  else if (reach == -1 && !p->helper)
    p->helper = rc_arena_printf(r->a,
                                "%s only in stage '%s', a build tool whose "
                                "files only other build stages copy: "
                                "nothing of it is copied into the image",
                                what, f->st[s].name ? f->st[s].name : "0");
  return false;
}

/* No stage the image ships on floats: a build stage's floating base, the
 * organisation's own, or else what the pass rests on, most telling
 * first. */
static struct file_result
pinned_verdict(struct run *r, const struct rc_dockerfile *f, struct pin_scan *p)
{
  if (p->build_set)
    return p->build;
  if (p->own_ns.why) {
    p->own_ns.shape = DF_SHAPE_OWN_BASE;
    return p->own_ns;
  }
  if (p->helper)
    return df_result(true, f->st[0].line,
                     rc_arena_printf(r->a,
                                     "the stages the image ships on have a "
                                     "tag or digest (%s)",
                                     p->helper));
  if (p->rolling)
    return df_result(true, f->st[0].line,
                     rolling_note(r->a, p->rolling, p->rolling_tags));
  if (p->passed)
    return df_result(true, f->st[0].line,
                     rc_arena_printf(r->a,
                                     "every base image has a tag or digest, "
                                     "or one the build chooses ('FROM %s': "
                                     "the build passes %s)",
                                     p->passed, p->passed_arg));
  if (p->own_img)
    return df_result(true, f->st[0].line,
                     rc_arena_printf(r->a,
                                     "every base image has a tag or digest, "
                                     "or is built here ('FROM %s': %s)",
                                     p->own_img, p->own_df));
  if (p->included)
    return df_result(true, f->st[0].line,
                     rc_arena_printf(r->a,
                                     "every base image has a tag or digest "
                                     "('FROM %s' names a stage of a file it "
                                     "INCLUDEs)",
                                     p->included));
  if (p->context)
    return df_result(true, f->st[0].line,
                     rc_arena_printf(r->a,
                                     "every base image has a tag or digest "
                                     "('FROM %s' names a build context)",
                                     p->context));
  return df_result(true, f->st[0].line, "every base image has a tag or digest");
}

static struct file_result judge_pinned(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  struct pin_scan p = {0};
  /* an image no build tags or pushes, or one no deployment runs (a
   * development, test, tool or data image), ships nothing a base could
   * change */
  const char *check = not_shipped(r, t);
  if (check)
    return df_result(true, f->st[t->stage].line, check);
  bool *need = rc_arena_alloc(r->a, f->ns ? f->ns : 1);
  memset(need, 0, f->ns ? f->ns : 1);
  if (t->stage < f->ns)
    df_mark_needed(r->a, f, t->stage, need);
  for (size_t s = 0; s < f->ns; s++) {
    const char *img = f->st[s].image;
    if (!need[s] || rc_dockerfile_stage_ref(f, s, img) >= 0)
      continue;
    const char *res = rc_dockerfile_resolve(f, r->a, img);
    if (!res || df_is_scratch(res))
      continue; /* chosen at build time, or nothing to pin */
    /* `ARG BASE=alpine` then `FROM $BASE`: the stage named alpine, pinned
     * (or not) where it is written */
    if (rc_dockerfile_stage_ref(f, s, res) >= 0)
      continue;
    const char *tag = df_tag_of(res);
    if (base_accounted(r, t, img, res, tag, &p))
      continue;
    struct file_result decided;
    if (floating_base(r, t, need, s, img, res, tag, &p, &decided))
      return decided;
  }
  return pinned_verdict(r, f, &p);
}

/* A variant Dockerfile (Dockerfile-alpine, swarm.Dockerfile) judged only
 * because no build says which Dockerfiles deploy (nothing builds images,
 * or a build computes its path), one of several: whether
 * the variant is published at all is a guess (an unreferenced variant, a
 * wrapper no build names: 0 of 3 dev findings true). The plain Dockerfile
 * of such a repository is its product and stays judged. */
/* A stage the image builds on names a version of the organisation's own
 * image (FROM acme/base:2024.06 where the repository tags acme/app):
 * the image own_base judges, and it passes. That stage's line, or 0. */
static unsigned own_base_pinned(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  for (size_t s = 0; s < f->ns; s++) {
    const char *res = rc_dockerfile_resolve(f, r->a, f->st[s].image);
    const char *tag = res ? df_tag_of(res) : "";
    if (*tag && strcmp(tag, "latest") != 0 &&
        rc_dockerfile_stage_ref(f, s, f->st[s].image) < 0 &&
        own_namespace(r, res))
      return f->st[s].line;
  }
  return 0;
}

struct file_result df_req_pinned(struct run *r, const struct target *t)
{
  struct file_result res = judge_pinned(r, t);
  int want = r->cfg->shape;
  unsigned pinned_own =
      want == DF_SHAPE_OWN_BASE && res.ok ? own_base_pinned(r, t) : 0;
  if (pinned_own)
    return df_result(true, pinned_own,
                     "the organisation's own base image has a version tag "
                     "or digest");
  if ((want == DF_SHAPE_FIRM && res.shape == DF_SHAPE_OWN_BASE) ||
      (want == DF_SHAPE_OWN_BASE && res.shape != DF_SHAPE_OWN_BASE)) {
    res.ok = true;
    res.skip = true;
    return res;
  }
  const char *slash = strrchr(t->df->path, '/');
  const char *base = slash ? slash + 1 : t->df->path;
  if (!res.ok && strcmp(base, "Dockerfile") != 0 && t->im && t->im->why &&
      strstr(t->im->why, "every Dockerfile counts") &&
      df_production_images(r->ctx->model) > 1)
    res.skip = true;
  return res;
}
