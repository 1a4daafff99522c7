/*
 * dockerfile.c - the `dockerfile` probe: facts that need a Dockerfile's
 * structure - the user the built stage runs as (following FROM <earlier
 * stage>, compose `user:` overrides and privilege drops in the entrypoint
 * script), pinned and small base images, several stages, and scripts
 * started directly that git does not mark executable. Without `path` it
 * judges the deployment model's production images, each at the stage it
 * is built to; test, tool, base and unused images are not judged. Parsing
 * is the model's (model/dockerfile.c), and so is who an image runs as
 * (model/user.c).
 *
 * This file: the probe's table entry, its options, and which images are
 * judged at which stage. Each requirement is a dockerfile_*.c file;
 * dockerfile_probe.h is what they share.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/imageref.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"
#include "readycheck/role.h"

#include "dockerfile_probe.h"

enum {
  REQ_NON_ROOT,
  REQ_MULTI_STAGE,
  REQ_PINNED_BASE,
  REQ_SMALL_BASE,
  REQ_SCRIPTS_EXECUTABLE,
  REQ_HEALTHCHECK,
  REQ_EXEC_HEALTHCHECK,
  REQ_DOCKERIGNORE,
  REQ_DOCKERIGNORE_EXCLUDES,
  REQ_RUNS_NODE,
  REQ_STATIC_SERVER,
};

static const char *const require_names[] = {
    "non_root_user",         "multi_stage", "pinned_base",      "small_base",
    "scripts_executable",    "healthcheck", "exec_healthcheck", "dockerignore",
    "dockerignore_excludes", "runs_node",   "static_server",    NULL};

static const char *const shape_names[] = {
    "any",      "firm", "base_decides", "one_shot", "workers_drop",
    "own_base", NULL};

struct file_result df_result(bool ok, unsigned line, const char *why)
{
  struct file_result r = {.ok = ok, .line = line, .why = why};
  return r;
}

bool df_is_scratch(const char *image)
{
  return strcasecmp(image, "scratch") == 0;
}

/* The tag of an image reference, "" if none; a digest counts as pinned. */
const char *df_tag_of(const char *image)
{
  if (strchr(image, '@'))
    return "@digest";
  const char *slash = strrchr(image, '/');
  const char *colon = strrchr(slash ? slash : image, ':');
  return colon ? colon + 1 : "";
}

/* Whether word is one of the words of text (split at anything but
 * letters and digits), case aside. */
bool df_has_name_word(const char *text, const char *word, size_t n)
{
  for (const char *p = text; p && *p;) {
    while (*p && !isalnum((unsigned char)*p))
      p++;
    size_t k = 0;
    while (isalnum((unsigned char)p[k]))
      k++;
    if (k == n && strncasecmp(p, word, n) == 0)
      return true;
    p += k;
  }
  return false;
}

/* An image reference's repository, registry host and tag aside:
 * "docker.io/acme/app:1" -> "acme/app"; "library/" is dropped too. */
const char *df_repo_name(struct rc_arena *a, const char *ref)
{
  const char *p = ref;
  const char *slash = strchr(p, '/');
  if (slash && (memchr(p, '.', (size_t)(slash - p)) ||
                memchr(p, ':', (size_t)(slash - p)) ||
                strncmp(p, "localhost/", 10) == 0))
    p = slash + 1; /* a registry host */
  if (strncmp(p, "library/", 8) == 0)
    p += 8;
  else if (p != ref && strncmp(p, "docker/library/", 15) == 0)
    p += 15; /* a registry's mirror of Docker's official images
                (public.ecr.aws/docker/library/alpine) */
  return rc_arena_strndup(a, p, rc_image_repo_len(p, strlen(p)));
}

/* ---- the check -------------------------------------------------------------
 */

static struct file_result evaluate(struct run *r, const struct target *t)
{
  switch (r->cfg->require) {
  case REQ_NON_ROOT:
    return df_req_non_root(r, t);
  case REQ_MULTI_STAGE:
    return df_req_multi_stage(r, t);
  case REQ_PINNED_BASE:
    return df_req_pinned(r, t);
  case REQ_SMALL_BASE:
    return df_req_small(r, t);
  case REQ_HEALTHCHECK:
    return df_req_healthcheck(r, t);
  case REQ_EXEC_HEALTHCHECK:
    return df_req_exec_healthcheck(r, t);
  case REQ_DOCKERIGNORE:
    return df_req_dockerignore(r, t);
  case REQ_DOCKERIGNORE_EXCLUDES:
    return df_req_dockerignore_excludes(r, t);
  case REQ_RUNS_NODE:
    return df_req_runs_node(r, t);
  case REQ_STATIC_SERVER:
    return df_req_static_server(r, t);
  default:
    return df_req_scripts(r, t);
  }
}

size_t df_production_images(const struct rc_model *m)
{
  size_t n = 0;
  for (size_t i = 0; m && i < m->n_images; i++)
    n += m->images[i].role == RC_ROLE_PRODUCTION;
  return n;
}

static void judge(struct run *r, const struct target *t, const char *label)
{
  struct file_result res = evaluate(r, t);
  if (res.skip) {
    r->n_skipped++;
    return;
  }
  r->n_files++;
  if (t->chosen && r->cfg->require == REQ_NON_ROOT)
    res.why = rc_arena_printf(r->a, "%s (judged: %s)", res.why, t->chosen);
  /* a Dockerfile judged only because no build says which of several
   * deploy: the reviewer should know the tie is a guess (a tool or legacy
   * image of such a repository is judged like its product) */
  if (!res.ok && t->im && t->im->why &&
      strstr(t->im->why, "every Dockerfile counts") &&
      df_production_images(r->ctx->model) > 1 &&
      (r->cfg->require == REQ_NON_ROOT || r->cfg->require == REQ_PINNED_BASE))
    res.why = rc_arena_printf(r->a,
                              "%s [no build the repository runs names "
                              "this Dockerfile, so each of its "
                              "Dockerfiles is judged as deployed]",
                              res.why);
  if (res.ok && res.caution && !r->first_caution) {
    r->out->caution = true; /* the scorer shows this OK as a WARN */
    r->first_caution = rc_arena_printf(r->ctx->arena, "%s: %s", label, res.why);
  }
  if (!res.ok && !r->n_failed++)
    r->first_fail = rc_arena_printf(r->ctx->arena, "%s: %s", label, res.why);
  rc_check_evidence_mark(r->out, r->ctx, res.ok ? RC_EV_PASS : RC_EV_FAIL,
                         t->df->path, res.line, "%s%s", res.ok ? "ok: " : "",
                         res.why);
}

static void no_stage(struct run *r, const char *path, const char *why)
{
  r->n_files++;
  if (!r->n_error++)
    r->first_error = rc_arena_printf(r->a, "%s: %s", path, why);
  rc_check_evidence(r->out, r->ctx, path, 0, "%s", why);
}

/* Which stage of a multi-stage Dockerfile is judged, and why: the target
 * a build the model reads selects, else the last stage, the one `docker
 * build` builds without --target. */
static const char *stage_chosen(struct rc_arena *a, const struct rc_image *im)
{
  if (im->df->ns < 2)
    return NULL;
  const char *name = im->df->st[im->stage].name;
  if (im->target && im->via)
    return rc_arena_printf(
        a, "stage '%s', built with --target %s by %s (%s:%u)", im->target,
        im->target, im->via, im->at.path, im->at.line);
  if (im->target)
    return rc_arena_printf(a, "stage '%s', the target %s:%u builds", im->target,
                           im->at.path, im->at.line);
  return name ? rc_arena_printf(a,
                                "the last stage '%s', which docker build "
                                "builds when no build names a target",
                                name)
              : "the last stage, which docker build builds when no build "
                "names a target";
}

/* The model's production images, each at the stage it is built to. */
static void judge_images(struct run *r)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->df ||
        rc_strlist_matches(&r->cfg->exclude, im->dockerfile))
      continue;
    if (im->stage < 0 && im->df->ns && im->target) {
      /* the build fails before any image exists: nothing runs to judge,
       * and ci.deploy-refs-exist reports the build */
      r->n_skipped++;
      rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, im->dockerfile, 0,
                             "not judged: %s:%u builds the stage '%s', which "
                             "this file does not define",
                             im->at.path, im->at.line, im->target);
      continue;
    }
    if (im->stage < 0) {
      no_stage(r, im->dockerfile, "no FROM instruction");
      continue;
    }
    struct target t = {im->df, (size_t)im->stage, im->context,
                       stage_chosen(r->a, im), im};
    const char *label = im->target ? rc_arena_printf(r->a, "%s (target %s)",
                                                     im->dockerfile, im->target)
                                   : im->dockerfile;
    judge(r, &t, label);
  }
}

/* Explicit globs: every selected Dockerfile at its last stage. */
struct glob_walk {
  struct run *r;
  struct rc_dockerfile *parsed; /* files the model did not parse */
  size_t n_parsed, cap_parsed;
};

static int on_file(const struct rc_entry *e, void *arg)
{
  struct glob_walk *g = arg;
  struct run *r = g->r;
  if (rc_strlist_matches(&r->cfg->exclude, e->path))
    return 0;
  const struct rc_dockerfile *df =
      r->ctx->model ? rc_model_dockerfile(r->ctx->model, e->path) : NULL;
  if (!df) {
    const char *data;
    size_t len;
    char err[256];
    if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0) {
      no_stage(r, e->path, rc_arena_printf(r->a, "cannot read: %s", err));
      return 0;
    }
    if (rc_index_is_binary(data, len))
      return 0;
    rc_grow((void **)&g->parsed, &g->cap_parsed, g->n_parsed,
            sizeof(*g->parsed));
    struct rc_dockerfile *p = &g->parsed[g->n_parsed++];
    rc_dockerfile_parse(p, r->a, e->path, data, len);
    df = p;
  }
  if (!df->ns) {
    no_stage(r, e->path, "no FROM instruction");
    return 0;
  }
  struct target t = {df, df->ns - 1, NULL, NULL, NULL};
  judge(r, &t, e->path);
  return 0;
}

static void judge_globs(struct run *r)
{
  struct glob_walk g = {r, NULL, 0, 0};
  for (size_t i = 0; i < r->cfg->path.n; i++) {
    const char *p = r->cfg->path.items[i];
    if (rc_glob_check(p) == NULL)
      rc_index_glob(r->ctx->index, p, RC_ENTRY_FILE, on_file, &g);
    /* the array may move: release what was parsed for this glob */
    for (size_t k = 0; k < g.n_parsed; k++)
      rc_dockerfile_release(&g.parsed[k]);
    g.n_parsed = 0;
  }
  free(g.parsed);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run r = {.cfg = vcfg, .ctx = ctx, .a = ctx->arena, .out = out};
  if (r.cfg->path.n)
    judge_globs(&r);
  else if (ctx->model)
    judge_images(&r);
  if (!r.cfg->path.n && !ctx->model)
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
  else if (r.n_files == 0)
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 r.n_skipped     ? "no production image this applies to"
                 : r.cfg->path.n ? "no Dockerfile selected"
                                 : "no production image (test, tool, base and "
                                   "unused Dockerfiles are not judged)");
  else if (r.cfg->require == REQ_RUNS_NODE &&
           r.n_failed + r.n_error < r.n_files)
    /* a question about the deployment, not a requirement of each image:
     * a Python API beside a Node web image still ships Node (the other
     * images would make every Node rule not applicable) */
    rc_check_set(out, ctx, RC_OUT_OK, "%zu of %zu images run on Node.js",
                 r.n_files - r.n_failed - r.n_error, r.n_files);
  else if (r.cfg->require == REQ_RUNS_NODE && r.n_failed)
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "no image runs on Node.js (%zu judged; %s)", r.n_files,
                 r.first_fail);
  else if (r.n_failed == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", r.first_fail);
  else if (r.n_failed)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu images fail; %s",
                 r.n_failed, r.n_files, r.first_fail);
  else if (r.n_error)
    rc_check_set(out, ctx, RC_OUT_ERROR,
                 "%zu of %zu Dockerfiles cannot be judged; %s", r.n_error,
                 r.n_files, r.first_error);
  else if (r.first_caution)
    rc_check_set(out, ctx, RC_OUT_OK, "%s", r.first_caution);
  else
    rc_check_set(out, ctx, RC_OUT_OK, "%zu image%s checked", r.n_files,
                 r.n_files == 1 ? "" : "s");
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (rc_globs_validate(&cfg->path, "path", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  if ((cfg->min_missing.set || cfg->max_missing.set) &&
      cfg->require != REQ_DOCKERIGNORE_EXCLUDES) {
    rc = rc_error(d, loc,
                  "min_missing and max_missing go with require: "
                  "dockerignore_excludes");
  }
  bool pinned_shape =
      cfg->shape == DF_SHAPE_FIRM || cfg->shape == DF_SHAPE_OWN_BASE;
  if (cfg->shape != DF_SHAPE_ANY && cfg->require != REQ_NON_ROOT &&
      !(cfg->require == REQ_PINNED_BASE && pinned_shape))
    rc = rc_error(d, loc,
                  "shape goes with require: non_root_user (or firm and "
                  "own_base with pinned_base)");
  if (cfg->shape == DF_SHAPE_OWN_BASE && cfg->require != REQ_PINNED_BASE)
    rc = rc_error(d, loc, "shape own_base goes with require: pinned_base");
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), 0, NULL,
     "globs selecting Dockerfiles to judge (at their last stage) instead of "
     "the production images the deployment model finds"},
    {"require", RC_FIELD_ENUM, offsetof(struct cfg, require), RC_FIELD_REQUIRED,
     require_names,
     "non_root_user, multi_stage, pinned_base, small_base, "
     "scripts_executable, healthcheck, exec_healthcheck, dockerignore, "
     "dockerignore_excludes or runs_node"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of Dockerfiles not to judge"},
    {"min_missing", RC_FIELD_OPT_INT, offsetof(struct cfg, min_missing), 0,
     NULL,
     "dockerignore_excludes: images with fewer omissions (of .env files, "
     ".git, node_modules) pass"},
    {"max_missing", RC_FIELD_OPT_INT, offsetof(struct cfg, max_missing), 0,
     NULL,
     "dockerignore_excludes: images with more omissions are left to another "
     "rule"},
    {"shape", RC_FIELD_ENUM, offsetof(struct cfg, shape), 0, shape_names,
     "non_root_user: any (default); firm: leave the images of the "
     "shapes below to other rules; base_decides: only images with no USER "
     "on a publisher's base of unknown user; one_shot: only command images "
     "(named for a CLI or a job, no port, run as no service); "
     "workers_drop: only root images whose entrypoint runs part of the "
     "work as an unprivileged user; own_base (pinned_base): only a "
     "floating base published under the namespace of the repository's own "
     "images (firm leaves those out)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_dockerfile = {
    .name = "dockerfile",
    .summary = "every production image meets a structural requirement "
               "(user, stages, base images, executable scripts)",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
