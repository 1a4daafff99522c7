/*
 * dockerfile_user.c - non_root_user: the user the built stage runs as
 * (the model's judgement, user.c), what the compose services, Kubernetes
 * workloads and runtimes that run the image make of it, a base the
 * repository builds itself, and what root buys the image.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "readycheck/compose.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/readme.h"
#include "readycheck/role.h"
#include "readycheck/user.h"

#include "dockerfile_probe.h"

/* ---- the user ------------------------------------------------------------ */

/* Every production compose service that runs this Dockerfile runs it
 * unprivileged: a non-root `user:`, or a command that drops privileges
 * (`gosu app app cleanup`). Says how; NULL when one does not, "" when no
 * service runs it. */
const char *df_compose_user(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const char *how = "";
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (!s->compose || !s->dockerfile || strcmp(s->dockerfile, t->df->path))
      continue;
    const char *u = rc_compose_str(s->compose, "user", NULL);
    /* the command may be the argument of an entrypoint (a cron line) */
    const char *d = rc_privilege_drop_tool(s->command);
    if (!d)
      d = rc_privilege_drop_tool(rc_compose_str(s->compose, "command", NULL));
    if (u && !rc_user_is_root(u))
      how = rc_arena_printf(r->a, "compose runs it as user '%s'", u);
    else if (d)
      how = rc_arena_printf(r->a, "compose's command drops privileges (%s)", d);
    else
      return NULL;
  }
  return how;
}

/* Every container of a production Kubernetes workload (of any workload,
 * with any_role) that runs this image has a securityContext that makes it
 * non-root. NULL when one does not, "" when none runs it, else where the
 * first says so. */
const char *df_k8s_user(struct run *r, const struct target *t, bool any_role)
{
  const struct rc_model *m = r->ctx->model;
  const char *where = "";
  for (size_t i = 0; m && i < m->k8s.n_workloads; i++) {
    const struct rc_k8s_workload *w = &m->k8s.workloads[i];
    if (w->role != RC_ROLE_PRODUCTION && !any_role)
      continue;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(
                              rc_k8s_pod_spec(w->obj, w->kind), "containers")) {
      const char *image = rc_k8s_container_image(r->a, w, c);
      const struct rc_image *im = image ? rc_model_image_named(m, image) : NULL;
      if (!im || strcmp(im->dockerfile, t->df->path) != 0)
        continue;
      struct rc_where at;
      if (rc_k8s_run_as(w, c, &at) != 1)
        return NULL;
      if (!*where)
        where = rc_arena_printf(r->a, "%s:%u", at.path, at.line);
    }
  }
  return where;
}

/* A compose file the repository gives operators to install with (its
 * path says nothing of development or tests, or an install folder of the
 * docs holds it) runs the image - built from this Dockerfile or by the
 * name the model ties to it - and sets no non-root user and no privilege
 * drop: there the image runs as root, whatever a Kubernetes manifest beside
 * it sets. Where, or NULL. */
static const char *compose_install_runs_root(struct run *r,
                                             const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t v = 0; m && v < m->n_views; v++) {
    const struct rc_compose_view *view = &m->views[v];
    if (!view->n_files || view->role == RC_ROLE_DEVELOPMENT ||
        rc_role_of_installed(r->a, view->files[0]->path, NULL, 0) !=
            RC_ROLE_PRODUCTION)
      continue;
    for (size_t i = 0; i < view->n_services; i++) {
      const struct rc_compose_service *s = &view->services[i];
      const struct rc_image *im =
          !s->dockerfile && s->image ? rc_model_image_named(m, s->image) : NULL;
      const char *df = s->dockerfile ? s->dockerfile
                       : im          ? im->dockerfile
                                     : NULL;
      if (s->optional || !df || strcmp(df, t->df->path) != 0)
        continue;
      const char *u = rc_compose_str(s, "user", NULL);
      if ((u && !rc_user_is_root(u)) ||
          rc_privilege_drop_tool(rc_compose_str(s, "command", NULL)))
        continue;
      return rc_arena_printf(r->a, "%s:%u", s->at.path, s->at.line);
    }
  }
  return NULL;
}

/* How the runtimes that run the image make it non-root, or NULL. */
static const char *runtime_user(struct run *r, const struct target *t)
{
  const char *root = df_needs_root(r, t);
  if (root)
    return root;
  const char *cu = df_compose_user(r, t);
  const char *ku = df_k8s_user(r, t, false);
  if (cu && ku && !*cu && !*ku) {
    /* no production runtime runs it: the deployments the repository does
     * have (an optional component, a demo overlay) say how it runs */
    const char *any = df_k8s_user(r, t, true);
    if (any && *any)
      return rc_arena_printf(r->a,
                             "the only Kubernetes workloads that run it run "
                             "it as non-root (securityContext at %s)",
                             any);
  }
  if (!cu || !ku || (!*cu && !*ku))
    return NULL;
  if (*cu)
    return cu;
  /* Kubernetes alone sets the user, and the compose install of the same
   * image sets none: the operator who follows that one runs it as root */
  if (compose_install_runs_root(r, t))
    return NULL;
  return rc_arena_printf(r->a,
                         "Kubernetes runs it as non-root (securityContext at "
                         "%s)",
                         ku);
}

/* One of the space-separated refs is ref exactly, registry host aside. */
static bool tagged_exactly(struct rc_arena *a, const char *refs,
                           const char *ref)
{
  const char *want = strchr(ref, ':') ? strrchr(ref, ':') : ":latest";
  const char *repo = df_repo_name(a, ref);
  for (const char *p = refs; p && *p;) {
    size_t n = strcspn(p, " ");
    const char *r1 = rc_arena_strndup(a, p, n);
    p += n + (p[n] == ' ');
    const char *t1 = strrchr(r1, ':');
    if (t1 && strchr(t1, '/'))
      t1 = NULL; /* a registry's port, no tag */
    if (strcmp(df_repo_name(a, r1), repo) == 0 &&
        strcmp(t1 ? t1 : ":latest", want) == 0)
      return true;
  }
  return false;
}

/* Nothing tags the base's name, but exactly one other Dockerfile of the
 * repository sits in a folder named for it (`FROM acme/db-backup:1.0` and
 * docker/db-backup/Dockerfile, which a compose file builds under another
 * name or a release tool tags): that file makes the base. Says what user
 * it runs as (*root: root), else NULL. A name without a namespace is
 * an upstream image's (`FROM postgres` beside a postgres/ folder). */
static const char *own_base_by_folder(struct run *r, const struct target *t,
                                      const char *base, const char *repo,
                                      bool *root)
{
  const struct rc_model *m = r->ctx->model;
  const char *name = strchr(repo, '/') ? rc_path_base(repo) : NULL;
  const struct rc_image *found = NULL;
  for (size_t i = 0; name && i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    const char *dir = rc_path_dir(r->a, im->dockerfile);
    if (!im->df || im->stage < 0 || strcmp(im->dockerfile, t->df->path) == 0 ||
        strcmp(rc_path_base(dir), name) != 0)
      continue;
    if (found && strcmp(found->dockerfile, im->dockerfile) != 0)
      return NULL; /* two files: which one is meant cannot be told */
    found = im;
  }
  if (!found)
    return NULL;
  struct rc_image_user u;
  rc_image_user(r->ctx->index, r->a, found->df, (size_t)found->stage,
                found->context, NULL, &u);
  *root = !u.non_root && !u.base_unknown;
  if (*root)
    return rc_arena_printf(r->a,
                           "no USER in this Dockerfile, and its base '%s' is "
                           "made by %s (its folder bears the name), which "
                           "runs as root: so does the container",
                           base, found->dockerfile);
  return u.non_root ? rc_arena_printf(r->a,
                                      "'%s' is made by %s (its folder bears "
                                      "the name), which runs as a non-root "
                                      "user (%s); the stage inherits it",
                                      base, found->dockerfile, u.why)
                    : NULL;
}

/* The stage builds FROM an image this repository builds itself (`FROM
 * acme/base:1` where CI tags another Dockerfile acme/base): the stage
 * inherits that image's user. Says so, or NULL; *root tells whether that
 * user is root. When several Dockerfiles are tagged with the name, the
 * one tagged with the exact reference decides, else all of them must
 * agree. */
static const char *own_base_user(struct run *r, const struct target *t,
                                 bool *root)
{
  const struct rc_model *m = r->ctx->model;
  const char *base = rc_dockerfile_base_image(t->df, r->a, t->stage);
  *root = false;
  if (!m || !base || strchr(base, '$'))
    return NULL;
  const char *repo = df_repo_name(r->a, base);
  const struct rc_image *exact = NULL;
  bool exact_ok = false, all_ok = true, none_ok = true;
  size_t n = 0;
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (!im->df || im->stage < 0 || !im->tag ||
        strcmp(im->dockerfile, t->df->path) == 0 ||
        strcmp(df_repo_name(r->a, im->tag), repo) != 0)
      continue;
    struct rc_image_user u;
    rc_image_user(r->ctx->index, r->a, im->df, (size_t)im->stage, im->context,
                  NULL, &u);
    if (!exact && tagged_exactly(r->a, im->tag_refs, base)) {
      exact = im;
      exact_ok = u.non_root;
    }
    all_ok = all_ok && u.non_root;
    none_ok = none_ok && !u.non_root && !u.base_unknown;
    n++;
  }
  if (exact && exact_ok)
    return rc_arena_printf(r->a,
                           "'%s' is this repository's own image (%s), which "
                           "runs as a non-root user; the stage inherits it",
                           base, exact->dockerfile);
  if (!exact && n > 1 && all_ok)
    return rc_arena_printf(r->a,
                           "'%s' is this repository's own image: the %zu "
                           "Dockerfile%s tagged %s all run as a non-root "
                           "user; the stage inherits it",
                           base, n, n == 1 ? "" : "s", repo);
  /* root there is root here: what the base is, is known */
  *root = (exact && !exact_ok) || (!exact && n && none_ok);
  if (*root)
    return rc_arena_printf(r->a,
                           "no USER in this Dockerfile, and its base '%s' is "
                           "this repository's own image (%s), which runs as "
                           "root: so does the container",
                           base, exact ? exact->dockerfile : repo);
  return n ? NULL : own_base_by_folder(r, t, base, repo, root);
}

/* The ports the stage EXPOSEs (with the stages it builds on), split at
 * 1024: the lowest privileged one (0 when none) and the first
 * unprivileged one (0 when none). `${PORT}` and ranges' ends aside. */
static void exposed_ports(const struct rc_dockerfile *f, size_t s,
                          unsigned *low, unsigned *high)
{
  *low = *high = 0;
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
      if (strcmp(f->in[i].kw, "EXPOSE") != 0)
        continue;
      for (const char *p = f->in[i].args; *p;) {
        p += strspn(p, " \t");
        size_t n = strcspn(p, " \t");
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (end != p && v > 0 && v < 65536 &&
            (end == p + n || *end == '/' || *end == '-')) {
          if (v < 1024 && (!*low || v < *low))
            *low = (unsigned)v;
          else if (v >= 1024 && !*high)
            *high = (unsigned)v;
        }
        p += n;
      }
    }
    long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      break;
    s = (size_t)prev;
  }
}

/* What root buys the image, for a finding reviewers can agree on: a port
 * below 1024 is the usual reason to stay root, and it has a narrower
 * remedy; a service on unprivileged ports needs root for nothing. */
static const char *root_risk(struct run *r, const struct target *t,
                             const char *why)
{
  unsigned low, high;
  exposed_ports(t->df, t->stage, &low, &high);
  if (low)
    return rc_arena_printf(r->a,
                           "%s; it exposes port %u, which an unprivileged "
                           "user can bind with NET_BIND_SERVICE (setcap "
                           "cap_net_bind_service=+ep, or cap_add), or move "
                           "it above 1023, then switch USER",
                           why, low);
  if (high)
    return rc_arena_printf(r->a,
                           "%s, though it only exposes unprivileged ports "
                           "(%u), which need no root",
                           why, high);
  return why;
}

/* A word that names a command-line tool or a job run once: `cli`, a
 * `...ctl` (cerbosctl), a CI `action`, a migration runner, a formatter. */
static bool one_shot_word(const char *w, size_t n)
{
  static const char *const words[] = {"cli",       "action",    "migrate",
                                      "migrator",  "migration", "migrations",
                                      "formatter", NULL};
  for (size_t i = 0; words[i]; i++)
    if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
      return true;
  return n > 3 && strncasecmp(w + n - 3, "ctl", 3) == 0;
}

/* The first word of text (split at anything but letters, and between a
 * lower-case letter and a capital: `DatabaseMigrator`) that one_shot_word
 * takes, or NULL. */
static const char *one_shot_name(struct rc_arena *a, const char *text)
{
  for (const char *p = text; p && *p;) {
    while (*p && !isalpha((unsigned char)*p))
      p++;
    size_t n = 0;
    while (isalpha((unsigned char)p[n]) &&
           !(n && islower((unsigned char)p[n - 1]) &&
             isupper((unsigned char)p[n])))
      n++;
    if (n && one_shot_word(p, n))
      return rc_arena_strndup(a, p, n);
    p += n;
  }
  return NULL;
}

/* The README runs the image only as a command run once: every `docker
 * run` of it removes the container, stays in the foreground and publishes
 * no port (`docker run --rm -i acme/lint < Dockerfile`), the way a
 * command-line tool's page shows it. The image is the run's when the
 * model ties the name to this Dockerfile or the name's last word is the
 * program's or the file's. Says so, or NULL. */
static const char *readme_runs_once(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  struct rc_docker_run *runs;
  size_t n = rc_readme_docker_runs(r->ctx->index, r->a, &runs);
  const char *once = NULL;
  for (size_t i = 0; m && i < n; i++) {
    const struct rc_image *im = rc_model_image_named(m, runs[i].image);
    bool ours = im ? strcmp(im->dockerfile, t->df->path) == 0
                   : df_name_word_ties(r, t, runs[i].image);
    if (!ours)
      continue;
    if (!runs[i].once)
      return NULL;
    if (!once)
      once = runs[i].image;
  }
  return once ? rc_arena_printf(r->a,
                                "the README runs it only as a command "
                                "('docker run --rm' of %s, in the foreground, "
                                "publishing no port)",
                                once)
              : NULL;
}

/* Some production compose service runs this Dockerfile, and every one
 * is named for a command or a job as one_shot_name() reads names (`cli`,
 * `migrator`, `db-migrate`) and publishes no port: the job of a stack,
 * not a service (a service run once by `restart: "no"` or awaited to
 * complete is the model's, which takes its image out of production). The
 * first one's name, else NULL. */
static const char *compose_runs_as_job(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const char *first = NULL;
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (!s->compose || !s->dockerfile || strcmp(s->dockerfile, t->df->path))
      continue;
    if (rc_compose_get(s->compose, "ports", NULL) ||
        rc_compose_get(s->compose, "expose", NULL) ||
        !one_shot_name(r->a, s->name))
      return NULL;
    if (!first)
      first = s->name;
  }
  return first;
}

/* The image is a command run on demand: its file, folder or built target
 * is named for a command-line tool or a one-shot job, it exposes no port,
 * and no production compose service or Kubernetes workload runs it but
 * a compose job named so (compose_runs_as_job). Root there lasts as long
 * as the command: reviewers split on it (of 12 dev findings 2 were true,
 * 7 debatable, 3 false; of the 3 first labels of images compose runs as
 * a job, 2 false, 1 debatable). Says why, or NULL. */
static const char *one_shot_image(struct run *r, const struct target *t)
{
  unsigned low, high;
  exposed_ports(t->df, t->stage, &low, &high);
  if (low || high)
    return NULL;
  const char *name = one_shot_name(r->a, t->df->path);
  if (!name && t->im && t->im->target)
    name = one_shot_name(r->a, t->im->target);
  const char *job = compose_runs_as_job(r, t);
  const char *how =
      name ? rc_arena_printf(r->a,
                             "it is named for a command-line tool or a "
                             "one-shot job ('%s')",
                             name)
           : readme_runs_once(r, t);
  if (!how)
    return NULL;
  const char *cu = df_compose_user(r, t);
  const char *ku = df_k8s_user(r, t, false);
  if ((!job && (!cu || *cu)) || !ku || *ku)
    return NULL;
  if (job)
    return rc_arena_printf(r->a,
                           "%s, exposes no port, and compose runs it only as "
                           "a job named so (service '%s'): root lasts as "
                           "long as the job runs",
                           how, job);
  return rc_arena_printf(r->a,
                         "%s, exposes no port and no compose service or "
                         "Kubernetes workload runs it: root lasts as long "
                         "as the command runs",
                         how);
}

/* ref (`acme/app:base`) names this image: one of the tags its builds
 * give, or its repository with the word its file is named for as the
 * tag (`Dockerfile.base`, `base.Dockerfile`) where a computed tag hides
 * the exact one. */
static bool names_this_image(struct run *r, const struct target *t,
                             const char *ref)
{
  if (!t->im->tag ||
      strcmp(df_repo_name(r->a, ref), df_repo_name(r->a, t->im->tag)) != 0)
    return false;
  if (t->im->tag_refs && tagged_exactly(r->a, t->im->tag_refs, ref))
    return true;
  const char *tag = strrchr(ref, ':');
  if (!tag || strchr(tag, '/') || strlen(tag + 1) < 3)
    return false;
  const char *file = rc_path_base(t->df->path);
  return strcasecmp(file, "Dockerfile") != 0 &&
         df_has_name_word(file, tag + 1, strlen(tag + 1)) &&
         !df_has_name_word(tag + 1, "latest", 6);
}

/* The image has no CMD or ENTRYPOINT, and the repository's other
 * Dockerfiles build on it only in build stages (`FROM acme/app:base AS
 * builder`, a stage the image they make copies files from, not the one
 * it runs on): a toolchain image, in which no container runs. Says
 * which file uses it, or NULL. */
static const char *builder_base(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  if (!m || !t->im || rc_dockerfile_inherited(t->df, t->stage, "CMD") ||
      rc_dockerfile_inherited(t->df, t->stage, "ENTRYPOINT"))
    return NULL;
  const char *used = NULL;
  for (size_t i = 0; i < m->n_dockerfiles; i++) {
    const struct rc_dockerfile *f = &m->dockerfiles[i];
    if (!f->ns || strcmp(f->path, t->df->path) == 0)
      continue;
    size_t runs_on = df_root_stage(f, f->ns - 1);
    for (size_t s = 0; s < f->ns; s++) {
      if (rc_dockerfile_stage_ref(f, s, f->st[s].image) >= 0)
        continue;
      const char *ref = rc_dockerfile_resolve(f, r->a, f->st[s].image);
      if (!ref || !names_this_image(r, t, ref))
        continue;
      if (s == runs_on)
        return NULL; /* an image runs on it */
      for (size_t k = 0; k < m->n_images; k++)
        if (m->images[k].df == f && m->images[k].stage >= 0 &&
            df_root_stage(f, (size_t)m->images[k].stage) == s)
          return NULL; /* a build targets a stage on it */
      if (!used)
        used = rc_arena_printf(r->a, "%s:%u", f->path, f->st[s].line);
    }
  }
  return used ? rc_arena_printf(r->a,
                                "not a service: a build image with no CMD "
                                "or ENTRYPOINT, which %s uses only as a "
                                "build stage (the image made there copies "
                                "files from it and runs on another base)",
                                used)
              : NULL;
}

/* The judgement is the model's (user.c), shared with Kubernetes. */
struct file_result df_req_non_root(struct run *r, const struct target *t)
{
  const char *input = df_build_input(r, t);
  if (!input)
    input = df_dev_image(r, t);
  if (!input)
    input = df_ci_build_check(r, t);
  if (!input)
    input = df_ci_local_image(r, t);
  if (!input)
    input = df_idle_image(r, t);
  if (!input)
    input = df_script_tool(r, t);
  if (!input)
    input = df_test_image(r, t);
  if (!input)
    input = df_build_tool_image(r, t);
  if (!input)
    input = df_worktree_container(r, t);
  if (!input)
    input = df_code_tool_image(r, t);
  if (!input)
    input = df_test_harness_image(r, t);
  if (!input)
    input = df_data_image(r, t);
  if (!input)
    input = df_unrun_local_tool(r, t);
  if (!input)
    input = builder_base(r, t);
  if (input) {
    struct file_result res = df_result(true, t->df->st[t->stage].line, input);
    res.skip = r->cfg->shape == DF_SHAPE_BASE_DECIDES ||
               r->cfg->shape == DF_SHAPE_ONE_SHOT ||
               r->cfg->shape == DF_SHAPE_WORKERS_DROP;
    return res;
  }
  struct rc_image_user u;
  rc_image_user(r->ctx->index, r->a, t->df, t->stage, t->context,
                runtime_user(r, t), &u);
  bool own_base = false; /* the base is this repository's own image */
  if (!u.non_root && !rc_dockerfile_inherited(t->df, t->stage, "USER")) {
    bool root;
    const char *own = own_base_user(r, t, &root);
    if (own) {
      own_base = true;
      u.non_root = !root;
      u.why = own;
      u.base_unknown = false;
    }
  }
  /* a publisher's base of unknown user under no USER of the image's own:
   * whether the container runs as root is that image's to say, which this
   * repository does not show (of 27 such dev findings 12 were true, 11
   * debatable, 4 false) */
  bool decides =
      !own_base && !rc_dockerfile_inherited(t->df, t->stage, "USER") &&
      (u.base_unknown ||
       (u.non_root && rc_base_user_unknown(r->a, rc_dockerfile_base_image(
                                                     t->df, r->a, t->stage))));
  const char *once = decides ? NULL : one_shot_image(r, t);
  /* root, but the server the entrypoint ends with runs its workers as an
   * unprivileged user: whether the master that stays root is a finding
   * is what reviewers split on (of the 4 such dev findings 3 were
   * debatable; the one labelled true has the same `gunicorn --user` its
   * reason says is missing) */
  const char *some = decides || once ? NULL : u.partial;
  int shape = decides ? DF_SHAPE_BASE_DECIDES
              : once  ? DF_SHAPE_ONE_SHOT
              : some  ? DF_SHAPE_WORKERS_DROP
                      : DF_SHAPE_FIRM;
  int want = r->cfg->shape;
  if ((want == DF_SHAPE_FIRM && shape != DF_SHAPE_FIRM && !u.non_root) ||
      (want != DF_SHAPE_ANY && want != DF_SHAPE_FIRM && want != shape)) {
    struct file_result skip = df_result(true, u.line, u.why);
    skip.skip = true;
    return skip;
  }
  if (!u.non_root && once)
    return df_result(false, u.line,
                     rc_arena_printf(r->a, "%s; %s", u.why, once));
  if (!u.non_root && some)
    return df_result(false, u.line,
                     rc_arena_printf(r->a,
                                     "%s, but its entrypoint runs part of "
                                     "the work unprivileged (%s): the "
                                     "process that starts it stays root, and "
                                     "whether it needs to is not in the "
                                     "repository",
                                     u.why, some));
  const char *why = u.non_root ? u.why : root_risk(r, t, u.why);
  const char *ku = u.non_root ? NULL : df_k8s_user(r, t, false);
  const char *root_at = ku && *ku ? compose_install_runs_root(r, t) : NULL;
  if (root_at)
    why = rc_arena_printf(r->a,
                          "%s (Kubernetes runs it as non-root, securityContext "
                          "at %s, but the compose install at %s sets no user)",
                          why, ku, root_at);
  return df_result(u.non_root, u.line, why);
}
