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
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "readycheck/buf.h"
#include "readycheck/execform.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/role.h"
#include "readycheck/user.h"

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

struct cfg {
  struct rc_strlist path;
  int require;
  struct rc_strlist exclude;
  struct rc_opt_long min_missing; /* dockerignore_excludes: judge images */
  struct rc_opt_long max_missing; /* whose omissions fall in this range */
};

/* One image to judge: a Dockerfile, the stage built, its build context. */
struct target {
  const struct rc_dockerfile *df;
  size_t stage;
  const char *context; /* where COPY sources and scripts live */
  const char *chosen;  /* which stage of several is judged and why, or NULL */
  const struct rc_image *im; /* the model's image, or NULL (explicit paths) */
};

struct file_result {
  bool ok;
  unsigned line;
  const char *why; /* arena string */
  bool skip;       /* another rule judges this image */
};

static struct file_result result(bool ok, unsigned line, const char *why)
{
  struct file_result r = {.ok = ok, .line = line, .why = why};
  return r;
}

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_arena *a;
  struct rc_check *out;
  size_t n_files, n_failed, n_error, n_skipped;
  const char *first_fail, *first_error;
};

static bool is_scratch(const char *image)
{
  return strcasecmp(image, "scratch") == 0;
}

/* The tag of an image reference, "" if none; a digest counts as pinned. */
static const char *tag_of(const char *image)
{
  if (strchr(image, '@'))
    return "@digest";
  const char *slash = strrchr(image, '/');
  const char *colon = strrchr(slash ? slash : image, ':');
  return colon ? colon + 1 : "";
}

/* ---- the user ------------------------------------------------------------ */

/* Every production compose service that runs this Dockerfile runs it
 * unprivileged: a non-root `user:`, or a command that drops privileges
 * (`gosu app app cleanup`). Says how; NULL when one does not, "" when no
 * service runs it. */
static const char *compose_user(struct run *r, const struct target *t)
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
static const char *k8s_user(struct run *r, const struct target *t,
                            bool any_role)
{
  const struct rc_model *m = r->ctx->model;
  const char *where = "";
  for (size_t i = 0; m && i < m->k8s.n_workloads; i++) {
    const struct rc_k8s_workload *w = &m->k8s.workloads[i];
    if (w->role != RC_ROLE_PRODUCTION && !any_role)
      continue;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(
                              rc_k8s_pod_spec(w->obj, w->kind), "containers"))
    {
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

/* "the Docker socket" when the compose service mounts it, else NULL. */
static const char *mounts_socket(struct run *r,
                                 const struct rc_compose_service *s)
{
  struct rc_mount *m;
  size_t n = rc_compose_mounts(s, r->a, &m);
  for (size_t i = 0; i < n; i++)
    if (m[i].source && strstr(m[i].source, "/docker.sock"))
      return "the Docker socket";
  return NULL;
}

/* What a compose service grants that only root can use: the host's
 * network (NET_ADMIN: a VPN client, a firewall), raw devices, every
 * capability, or the Docker socket. NULL when nothing. */
static const char *root_grant(struct run *r, const struct rc_compose_service *s)
{
  const cJSON *priv = rc_compose_get(s, "privileged", NULL);
  if (cJSON_IsTrue(priv))
    return "privileged: true";
  const cJSON *c;
  cJSON_ArrayForEach(c, rc_compose_get(s, "cap_add", NULL))
  {
    const char *cap =
        cJSON_IsString(c) ? rc_cap_needs_root(c->valuestring) : NULL;
    if (cap)
      return rc_arena_printf(r->a, "cap_add %s", cap);
  }
  if (cJSON_GetArraySize(rc_compose_get(s, "devices", NULL)) > 0)
    return "host devices";
  return mounts_socket(r, s);
}

/* The one Dockerfile the repository builds for production, when there is
 * exactly one (an image repository's). */
static bool only_production_image(const struct rc_model *m,
                                  const struct target *t)
{
  size_t n = 0;
  bool this = false;
  for (size_t i = 0; i < m->n_images; i++)
    if (m->images[i].role == RC_ROLE_PRODUCTION) {
      n++;
      this = this || strcmp(m->images[i].dockerfile, t->df->path) == 0;
    }
  return n == 1 && this;
}

static const char *repo_name(struct rc_arena *a, const char *ref);
static bool names_untagged(struct run *r, const struct target *t,
                           const char *image);

/* The program an image's container starts: its ENTRYPOINT's, else its
 * CMD's; NULL when neither is known. */
static const char *image_program(struct rc_arena *a, const struct rc_image *im)
{
  if (!im->df || !im->df->ns)
    return NULL;
  size_t stage = im->stage >= 0 ? (size_t)im->stage : im->df->ns - 1;
  const struct rc_df_instr *in =
      rc_dockerfile_inherited(im->df, stage, "ENTRYPOINT");
  if (!in)
    in = rc_dockerfile_inherited(im->df, stage, "CMD");
  return in ? rc_dockerfile_program(a, in->args) : NULL;
}

/* The repository names none of its images (a release tool outside the
 * model builds them: goreleaser, a registry's build) and its production
 * Dockerfiles are variants of one image - all start the same program
 * (`Dockerfile` and `Dockerfile.self-contained` of one tool, both
 * `/updater`): the image a README runs under a name the model does not
 * know is that one. */
static bool untagged_variant(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const char *prog = NULL;
  bool this = false;
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (im->tag || im->tag_glob || (im->tag_refs && *im->tag_refs))
      return false;
    if (im->role != RC_ROLE_PRODUCTION)
      continue;
    const char *p = image_program(r->a, im);
    if (!p || (prog && strcmp(p, prog) != 0))
      return false;
    prog = p;
    this = this || strcmp(im->dockerfile, t->df->path) == 0;
  }
  return this;
}

struct docs_grant {
  struct rc_index *idx;
  struct rc_arena *a;
  const char *grant, *image, *path;
};

static int on_install_page(const struct rc_entry *e, void *arg)
{
  struct docs_grant *dg = arg;
  const char *data;
  size_t len;
  char err[64];
  if (rc_entry_size(dg->idx, e) > (256u << 10) ||
      rc_index_read(dg->idx, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  dg->grant = rc_docker_run_grant(dg->a, data, false, &dg->image);
  dg->path = e->path;
  return dg->grant ? 1 : 0;
}

/* The `docker run` that grants what only root can use, in the README or
 * else in the documentation's installation pages (the install folder of
 * docs, an install or docker page anywhere under it: where a project
 * without a compose file documents how its image runs). Where it is, or
 * NULL. */
static const char *documented_run_grant(struct run *r, const char **grant,
                                        const char **image)
{
  *grant = rc_readme_run_grant(r->ctx->index, r->a, image);
  if (*grant)
    return "the README";
  static const char *const pages[] = {
      "docs/install/*.md", "docs/**/install*.md", "docs/**/docker.md", NULL};
  for (size_t i = 0; pages[i]; i++) {
    struct docs_grant dg = {r->ctx->index, r->a, NULL, NULL, NULL};
    if (rc_index_glob(r->ctx->index, pages[i], RC_ENTRY_FILE, on_install_page,
                      &dg)) {
      *grant = dg.grant;
      *image = dg.image;
      return dg.path;
    }
  }
  *image = NULL;
  return NULL;
}

/* The README's (or the install docs') `docker run` of the image grants
 * what only root can use (an image repository documents its run command,
 * not a compose file): the image it names, or the repository's one
 * production image. */
static const char *readme_needs_root(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const char *image = NULL, *grant = NULL;
  const char *where = documented_run_grant(r, &grant, &image);
  if (!grant || !m)
    return NULL;
  const struct rc_image *im = image ? rc_model_image_named(m, image) : NULL;
  bool socket = strcmp(grant, "the Docker socket") == 0;
  bool runs = im ? im->dockerfile && strcmp(im->dockerfile, t->df->path) == 0
                 : only_production_image(m, t) ||
                       (socket && (untagged_variant(r, t) ||
                                   names_untagged(r, t, image)));
  return runs ? rc_arena_printf(r->a, "needs root: %s runs it with %s", where,
                                grant)
              : NULL;
}

/* The image is made to talk to the Docker daemon through its socket: an
 * ENV or ARG of the stage built (or a stage it builds on) names it
 * (`DOCKER_HOST=unix:///tmp/docker.sock`, `SOCKET_PATH=/var/run/
 * docker.sock`), or the Dockerfile's opening comment documents a `docker
 * run` of it that mounts the socket (or grants another root-only right). The
 * host's socket is root's: the image needs root to reach it. Says so, or NULL.
 */
/* A COPY source that is a `docker` (or `docker-compose`) binary: taken
 * from another stage or image, or a build output the repository does not
 * hold (`COPY dist/docker /app/`); a `docker/` folder of the repository is
 * configuration. */
static bool copies_docker_binary(struct run *r, const struct target *t,
                                 const struct rc_df_instr *in)
{
  bool from = strstr(in->args, "--from") != NULL;
  char *words = rc_arena_strdup(r->a, in->args), *save = NULL;
  const char *prev = NULL;
  for (char *w = strtok_r(words, " \t", &save); w;
       w = strtok_r(NULL, " \t", &save)) {
    if (w[0] == '-')
      continue;
    if (prev) { /* every word but the last is a source */
      const char *base = rc_path_base(prev);
      if (strcmp(base, "docker") == 0 || strcmp(base, "docker-compose") == 0) {
        if (from)
          return true;
        const char *dir =
            t->context ? t->context : rc_path_dir(r->a, t->df->path);
        const char *path =
            *dir ? rc_arena_printf(r->a, "%s/%s", dir, prev) : prev;
        while (strncmp(path, "./", 2) == 0)
          path += 2;
        if (!rc_index_find(r->ctx->index, path))
          return true;
      }
    }
    prev = w;
  }
  return false;
}

/* The instruction puts the Docker CLI into the image: Docker's install
 * script or static download, a package (docker-cli, docker-ce-cli,
 * docker-ce; `docker` or `docker.io` in a package install), or a copied
 * `docker` binary. The image is made to drive a Docker daemon. */
static bool installs_docker_cli(struct run *r, const struct target *t,
                                const struct rc_df_instr *in)
{
  if (rc_df_is_copy(in))
    return copies_docker_binary(r, t, in);
  if (strcmp(in->kw, "RUN") != 0)
    return false;
  const char *a = in->args;
  if (strstr(a, "get.docker.com") || strstr(a, "download.docker.com"))
    return true;
  bool pkg = strstr(a, "apk add") || strstr(a, "apt-get install") ||
             strstr(a, "apt install") || strstr(a, "dnf install") ||
             strstr(a, "yum install") || strstr(a, "zypper install");
  char *words = rc_arena_strdup(r->a, a), *save = NULL;
  for (char *w = strtok_r(words, " \t;&|\\", &save); w;
       w = strtok_r(NULL, " \t;&|\\", &save)) {
    if (strcmp(w, "docker-cli") == 0 || strcmp(w, "docker-ce-cli") == 0 ||
        strcmp(w, "docker-ce") == 0)
      return true;
    if (pkg && (strcmp(w, "docker") == 0 || strcmp(w, "docker.io") == 0))
      return true;
  }
  return false;
}

static const char *dockerfile_needs_root(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  size_t s = t->stage;
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
      if ((strcmp(f->in[i].kw, "ENV") == 0 ||
           strcmp(f->in[i].kw, "ARG") == 0) &&
          strstr(f->in[i].args, "docker.sock"))
        return rc_arena_printf(r->a,
                               "needs root: its %s points it at the Docker "
                               "socket (%s:%u)",
                               f->in[i].kw, f->path, f->in[i].line);
      /* the daemon's socket is root's: a USER could not reach it */
      if (installs_docker_cli(r, t, &f->in[i]))
        return rc_arena_printf(r->a,
                               "needs root: it installs the Docker CLI "
                               "(%s:%u) to drive a Docker daemon through "
                               "its socket, which is root's",
                               f->path, f->in[i].line);
    }
    long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      break;
    s = (size_t)prev;
  }
  const struct rc_entry *e = rc_index_find(r->ctx->index, f->path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) ||
      rc_index_is_binary(data, len))
    return NULL;
  /* the opening comment, where a Dockerfile documents its own use (a
   * later one documents a build step's: `docker run --privileged
   * tonistiigi/binfmt`) */
  size_t head = 0;
  while (head < len) {
    size_t n = strcspn(data + head, "\n");
    const char *t0 = data + head + strspn(data + head, " \t");
    if (t0 < data + head + n && *t0 != '#')
      break;
    head += n + (head + n < len);
  }
  const char *image = NULL;
  const char *grant = rc_docker_run_grant(
      r->a, rc_arena_strndup(r->a, data, head), true, &image);
  return grant ? rc_arena_printf(
                     r->a, "needs root: its opening comment runs it with %s",
                     grant)
               : NULL;
}

/* Whether word is one of the words of text (split at anything but
 * letters and digits), case aside. */
static bool has_name_word(const char *text, const char *word, size_t n)
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

/* An image name the model cannot tie to a Dockerfile (nothing in the
 * repository tags one with it: a release tool outside the model builds
 * them), or ties to a variant the same build step makes, names this
 * untagged Dockerfile when the last word of its name
 * (`henrygd/beszel-agent`: agent, `nicolargo/glances`: glances) is a word
 * of the Dockerfile's file name (`dockerfile_agent_alpine`) or of the
 * command the stage starts (`ENTRYPOINT ["/watchtower"]`, `python -m
 * glances`). Folder names do not count: `docker/` names every image. */
static bool names_untagged(struct run *r, const struct target *t,
                           const char *image)
{
  const struct rc_model *m = r->ctx->model;
  if (!m || !image || strchr(image, '$'))
    return false;
  /* a name the model ties to another Dockerfile still covers this one
   * when the same build step makes both: a CI matrix over the variants
   * (`dockerfile_agent`, `dockerfile_agent_alpine`, ...) */
  const struct rc_image *named = rc_model_image_named(m, image);
  if (named && (!t->im || strcmp(named->at.path, t->im->at.path) != 0 ||
                named->at.line != t->im->at.line))
    return false;
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (strcmp(im->dockerfile, t->df->path) == 0 &&
        (im->role != RC_ROLE_PRODUCTION ||
         (!named &&
          (im->tag || im->tag_glob || (im->tag_refs && *im->tag_refs)))))
      return false;
  }
  const char *name = rc_path_base(repo_name(r->a, image));
  size_t n = strlen(name), w = n;
  while (w && isalnum((unsigned char)name[w - 1]))
    w--;
  const char *word = name + w;
  n -= w;
  if (n < 3)
    return false;
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in =
        rc_dockerfile_inherited(t->df, t->stage, kws[k]);
    if (in && has_name_word(in->args, word, n))
      return true;
  }
  return strncasecmp(word, "dockerfile", n) != 0 &&
         has_name_word(rc_path_base(t->df->path), word, n);
}

/* A compose file of the repository - a deployment's or an example's -
 * runs the image with what only root can use: the image needs root, and
 * "runs as root" is its design. Says where; NULL when none does. */
static const char *needs_root(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t v = 0; m && v < m->n_views; v++)
    for (size_t i = 0; i < m->views[v].n_services; i++) {
      const struct rc_compose_service *s = &m->views[v].services[i];
      const struct rc_image *im =
          s->image ? rc_model_image_named(m, s->image) : NULL;
      bool runs = (s->dockerfile && strcmp(s->dockerfile, t->df->path) == 0) ||
                  (!s->dockerfile && im && im->dockerfile &&
                   strcmp(im->dockerfile, t->df->path) == 0);
      /* tied by its name only: the Docker socket alone says what the tool
       * is (`privileged: true` also serves ports below 1024) */
      bool named = !runs && !s->dockerfile && names_untagged(r, t, s->image);
      const char *grant = runs    ? root_grant(r, s)
                          : named ? mounts_socket(r, s)
                                  : NULL;
      if (grant)
        return rc_arena_printf(r->a,
                               "needs root: compose runs it with %s (%s:%u)",
                               grant, s->at.path, s->at.line);
    }
  const char *own = dockerfile_needs_root(r, t);
  return own ? own : readme_needs_root(r, t);
}

/* How the runtimes that run the image make it non-root, or NULL. */
static const char *runtime_user(struct run *r, const struct target *t)
{
  const char *root = needs_root(r, t);
  if (root)
    return root;
  const char *cu = compose_user(r, t);
  const char *ku = k8s_user(r, t, false);
  if (cu && ku && !*cu && !*ku) {
    /* no production runtime runs it: the deployments the repository does
     * have (an optional component, a demo overlay) say how it runs */
    const char *any = k8s_user(r, t, true);
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
  return rc_arena_printf(r->a,
                         "Kubernetes runs it as non-root (securityContext at "
                         "%s)",
                         ku);
}

/* An image reference's repository, registry host and tag aside:
 * "docker.io/acme/app:1" -> "acme/app"; "library/" is dropped too. */
static const char *repo_name(struct rc_arena *a, const char *ref)
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
  size_t n = strcspn(p, "@");
  const char *last = p;
  for (size_t i = 0; i < n; i++)
    if (p[i] == '/')
      last = p + i + 1;
  const char *colon = memchr(last, ':', n - (size_t)(last - p));
  if (colon)
    n = (size_t)(colon - p);
  return rc_arena_strndup(a, p, n);
}

/* One of the space-separated refs is ref exactly, registry host aside. */
static bool tagged_exactly(struct rc_arena *a, const char *refs,
                           const char *ref)
{
  const char *want = strchr(ref, ':') ? strrchr(ref, ':') : ":latest";
  const char *repo = repo_name(a, ref);
  for (const char *p = refs; p && *p;) {
    size_t n = strcspn(p, " ");
    const char *r1 = rc_arena_strndup(a, p, n);
    p += n + (p[n] == ' ');
    const char *t1 = strrchr(r1, ':');
    if (t1 && strchr(t1, '/'))
      t1 = NULL; /* a registry's port, no tag */
    if (strcmp(repo_name(a, r1), repo) == 0 &&
        strcmp(t1 ? t1 : ":latest", want) == 0)
      return true;
  }
  return false;
}

/* Nothing tags the base's name, but exactly one other Dockerfile of the
 * repository sits in a folder named for it (`FROM acme/db-backup:1.0` and
 * docker/db-backup/Dockerfile, which a compose file builds under another
 * name or a release tool tags): that file makes the base. Says so when it
 * runs as a non-root user, else NULL. A name without a namespace is
 * an upstream image's (`FROM postgres` beside a postgres/ folder). */
static const char *own_base_by_folder(struct run *r, const struct target *t,
                                      const char *base, const char *repo)
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
  return u.non_root ? rc_arena_printf(r->a,
                                      "'%s' is made by %s (its folder bears "
                                      "the name), which runs as a non-root "
                                      "user (%s); the stage inherits it",
                                      base, found->dockerfile, u.why)
                    : NULL;
}

/* The stage builds FROM an image this repository builds itself (`FROM
 * acme/base:1` where CI tags another Dockerfile acme/base), and that
 * image runs as a non-root user: the stage inherits it. Says so, or
 * NULL. When several Dockerfiles are tagged with the name, the one tagged
 * with the exact reference decides, else all of them must agree. */
static const char *own_base_user(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const char *base = rc_dockerfile_base_image(t->df, r->a, t->stage);
  if (!m || !base || strchr(base, '$'))
    return NULL;
  const char *repo = repo_name(r->a, base);
  const struct rc_image *exact = NULL;
  bool exact_ok = false, all_ok = true;
  size_t n = 0;
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (!im->df || im->stage < 0 || !im->tag ||
        strcmp(im->dockerfile, t->df->path) == 0 ||
        strcmp(repo_name(r->a, im->tag), repo) != 0)
      continue;
    struct rc_image_user u;
    rc_image_user(r->ctx->index, r->a, im->df, (size_t)im->stage, im->context,
                  NULL, &u);
    if (!exact && tagged_exactly(r->a, im->tag_refs, base)) {
      exact = im;
      exact_ok = u.non_root;
    }
    all_ok = all_ok && u.non_root;
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
  return n ? NULL : own_base_by_folder(r, t, base, repo);
}

/* A base whose default command is a shell or a language's REPL (an
 * official OS or language image): a stage on it with no CMD or
 * ENTRYPOINT of its own starts no service. */
static bool shell_base(struct rc_arena *a, const char *image)
{
  static const char *const names[] = {"alpine",
                                      "debian",
                                      "ubuntu",
                                      "busybox",
                                      "centos",
                                      "fedora",
                                      "rockylinux",
                                      "almalinux",
                                      "amazonlinux",
                                      "oraclelinux",
                                      "archlinux",
                                      "python",
                                      "node",
                                      "golang",
                                      "rust",
                                      "ruby",
                                      "openjdk",
                                      "eclipse-temurin",
                                      "amazoncorretto",
                                      "buildpack-deps",
                                      "gcc",
                                      NULL};
  if (!image)
    return false;
  const char *repo = repo_name(a, image);
  for (size_t i = 0; names[i]; i++)
    if (strcmp(repo, names[i]) == 0)
      return true;
  return false;
}

/* The build tags nothing (`docker build --target mocks .`): it checks
 * that the stage builds, and no image comes of it for anyone to run. */
static bool untagged(const struct rc_image *im)
{
  return !im->tag && !im->tag_glob && (!im->tag_refs || !*im->tag_refs);
}

/* A name that says an image is built for other builds: the file's
 * (Dockerfile.base, Dockerfile-base, deps.Dockerfile), a folder's
 * (docker/base/, builder/), or the built stage's (`AS base`) when the
 * build tags nothing or tags it with that word too (a stage published as
 * `acme/server-edge` is a product, whatever the stage is called). */
static const char *build_input_name(struct run *r, const struct target *t)
{
  static const char *const words[] = {
      "base", "builder", "build", "deps", "dependencies", "buildbase", NULL};
  static const char *const folders[] = {"base",      "builder", "build-base",
                                        "buildbase", "deps",    "dependencies",
                                        "toolchain", NULL};
  const char *w = rc_role_name_word(t->df->path, words);
  if (w)
    return w;
  for (size_t i = 0; folders[i]; i++)
    if (rc_role_under(t->df->path, folders[i]))
      return folders[i];
  const char *stage = t->df->st[t->stage].name;
  for (size_t i = 0; stage && words[i]; i++) {
    if (strcmp(stage, words[i]) != 0)
      continue;
    const char *tag = t->im->tag ? t->im->tag : t->im->tag_glob;
    if (untagged(t->im) ||
        (tag && rc_str_find_ci(repo_name(r->a, tag), words[i])))
      return words[i];
  }
  return NULL;
}

/* Another build of the same Dockerfile produces its last stage, which
 * this target's stage is not, and this build tags nothing: a CI check
 * that an intermediate stage builds (generated code, cross-compiling). */
static bool intermediate_target(const struct rc_model *m,
                                const struct target *t)
{
  if (!m || t->stage + 1 >= t->df->ns || !untagged(t->im))
    return false;
  for (size_t i = 0; i < m->n_images; i++)
    if (m->images[i].role == RC_ROLE_PRODUCTION &&
        strcmp(m->images[i].dockerfile, t->df->path) == 0 &&
        m->images[i].stage == (long)t->df->ns - 1)
      return true;
  return false;
}

/* The command written at a file's line, with the lines a trailing
 * backslash continues it onto; NULL when unreadable. */
static const char *command_at(struct run *r, const char *path, unsigned line)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || line == 0 ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  const char *p = data, *end = data + len;
  for (unsigned l = 1; l < line && p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  const char *q = p;
  for (;;) {
    const char *nl = memchr(q, '\n', (size_t)(end - q));
    const char *eol = nl ? nl : end;
    const char *last = eol;
    while (last > q && (last[-1] == ' ' || last[-1] == '\r'))
      last--;
    if (!nl || last == q || last[-1] != '\\')
      return rc_arena_strndup(r->a, p, (size_t)(eol - p));
    q = nl + 1;
  }
}

/* A `docker build` that keeps nothing: no tag, no push, no export, no
 * image id written down - it only checks that the Dockerfile builds. */
static bool builds_only(const char *cmd)
{
  static const char *const keeps[] = {
      " -t",  "--tag",     "--push", "--load",  "--output",   " -o ",
      " -o=", "--iidfile", " -q",    "--quiet", "--cache-to", "--metadata-file",
      NULL};
  if (!cmd || (!strstr(cmd, "docker build") && !strstr(cmd, "buildx build")))
    return false;
  for (size_t i = 0; keeps[i]; i++)
    if (strstr(cmd, keeps[i]))
      return false;
  return true;
}

/* Every build of the image is a CI step that only checks that it builds
 * (`docker build -f Dockerfile.builds --target centos7-all .`, no tag)
 * and nothing the repository deploys runs it: no container comes of it.
 * Says where it is built, or NULL. */
static const char *ci_build_check(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  if (!m || !t->im || !untagged(t->im))
    return NULL;
  const char *cu = compose_user(r, t), *ku = k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  const char *where = NULL;
  for (size_t i = 0; i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    if (b->unresolved || !b->dockerfile ||
        strcmp(b->dockerfile, t->df->path) != 0 ||
        !(b->target ? t->im->target && strcmp(b->target, t->im->target) == 0
                    : !t->im->target))
      continue;
    if (!rc_pipeline_is_ci(b->at.path) ||
        !(b->checks_only || builds_only(command_at(r, b->at.path, b->at.line))))
      return NULL;
    if (!where)
      where = rc_arena_printf(r->a, "%s:%u", b->at.path, b->at.line);
  }
  return where ? rc_arena_printf(r->a,
                                 "not a service: CI only checks that it "
                                 "builds (%s: no tag, no push) and nothing "
                                 "runs it",
                                 where)
               : NULL;
}

/* Whether text pushes, re-tags or ships the image repository repo: a
 * line holding `push`, `docker tag` (`image tag`) or `ssh ` (`docker save
 * app | ssh host docker load`, a deployment) and repo as a word. */
static bool ships_name(const char *text, const char *repo)
{
  size_t n = strlen(repo);
  for (const char *line = text; line && *line;) {
    size_t len = strcspn(line, "\n");
    const char *end = line + len;
    bool ships = false;
    for (const char *k = line; k + 4 <= end && !ships; k++)
      ships = strncmp(k, "push", 4) == 0 || strncmp(k, " tag ", 5) == 0 ||
              strncmp(k, "ssh ", 4) == 0;
    for (const char *p = line; ships && p + n <= end; p++)
      if (strncmp(p, repo, n) == 0 &&
          (p == line || !(isalnum((unsigned char)p[-1]) || p[-1] == '/' ||
                          p[-1] == '-' || p[-1] == '_')) &&
          !(isalnum((unsigned char)p[n]) || p[n] == '/' || p[n] == '-' ||
            p[n] == '_'))
        return true;
    line = *end ? end + 1 : end;
  }
  return false;
}

/* Every build of the image is a CI step that tags it with a local name -
 * no registry, no namespace - that the CI file never pushes or re-tags
 * (`docker build -t tailscale-head:$SHA . && docker save ...` for the
 * test jobs), and nothing the repository deploys runs it (a `docker run
 * --rm` in the foreground is a command, not a service): a test harness's
 * image. Says where it is built, or NULL. */
static const char *ci_local_image(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  if (!m || !t->im || !t->im->tag || strchr(t->im->tag, '/'))
    return NULL;
  const char *cu = compose_user(r, t), *ku = k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  const char *where = NULL;
  for (size_t i = 0; i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    if (!b->dockerfile || strcmp(b->dockerfile, t->df->path) != 0)
      continue;
    const char *data = NULL;
    size_t len;
    char err[128];
    const struct rc_entry *e = rc_index_find(r->ctx->index, b->at.path);
    if (b->unresolved || !b->tag || strcmp(b->tag, t->im->tag) != 0 ||
        !rc_pipeline_is_ci(b->at.path) || !e ||
        rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0 ||
        ships_name(data, b->tag))
      return NULL;
    if (!where)
      where = rc_arena_printf(r->a, "%s:%u", b->at.path, b->at.line);
  }
  for (size_t i = 0; where && i < m->entries.n_runs; i++)
    if (strcmp(m->entries.runs[i].image, t->im->tag) == 0 &&
        !m->entries.runs[i].one_shot)
      return NULL; /* a script runs it as a service */
  return where ? rc_arena_printf(r->a,
                                 "not a service: CI builds it under the "
                                 "local name '%s' (%s) and never pushes it, "
                                 "and nothing runs it as a service",
                                 t->im->tag, where)
               : NULL;
}

/* The image runs no service: its stage has no CMD or ENTRYPOINT over a
 * shell or REPL base, no production compose service or Kubernetes
 * workload runs it, and either its name says it is built for other
 * builds or it is an intermediate target. Says why, or NULL. A second
 * signal is required: an application image may leave its command to the
 * platform that runs it. */
static const char *build_input(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  if (!t->im || rc_dockerfile_inherited(f, t->stage, "CMD") ||
      rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT"))
    return NULL;
  const char *base = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!shell_base(r->a, base))
    return NULL;
  const char *cu = compose_user(r, t), *ku = k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  const char *name = build_input_name(r, t);
  if (name)
    return rc_arena_printf(r->a,
                           "not a service: no CMD or ENTRYPOINT over '%s' "
                           "and named '%s', an image other builds use",
                           base, name);
  if (intermediate_target(r->ctx->model, t))
    return rc_arena_printf(r->a,
                           "not a service: stage '%s' has no CMD or "
                           "ENTRYPOINT over '%s'; the image that runs is "
                           "the last stage, built too",
                           f->st[t->stage].name ? f->st[t->stage].name : "?",
                           base);
  return NULL;
}

/* A command that starts a development server: file watchers and dev
 * servers that rebuild on change (`npm run dev`, `nodemon`, `next dev`,
 * `manage.py runserver`). */
/* The exec form's words as the shell form writes them (["npm", "run",
 * "dev"] -> `npm run dev`), single spaces, none at the end; arena. */
static char *shell_words_of(struct rc_arena *a, const char *raw)
{
  char *args = rc_arena_strdup(a, raw ? raw : "");
  size_t w = 0;
  for (size_t i = 0; args[i]; i++) {
    char c = strchr("[]\",", args[i]) ? ' ' : args[i];
    if (c != ' ' || (w && args[w - 1] != ' '))
      args[w++] = c;
  }
  while (w && args[w - 1] == ' ')
    w--;
  args[w] = '\0';
  return args;
}

static bool dev_server_command(struct rc_arena *a, const char *raw)
{
  const char *args = shell_words_of(a, raw);
  static const char *const words[] = {"run dev",
                                      "yarn dev",
                                      "pnpm dev",
                                      "bun dev",
                                      "nodemon",
                                      "next dev",
                                      "ng serve",
                                      "webpack serve",
                                      "webpack-dev-server",
                                      "runserver",
                                      "run watch",
                                      "yarn watch",
                                      "start:dev",
                                      NULL};
  for (size_t i = 0; words[i]; i++) {
    const char *p = strstr(args, words[i]);
    size_t n = strlen(words[i]);
    if (p && (p == args || !isalnum((unsigned char)p[-1])) &&
        !isalnum((unsigned char)p[n]) && p[n] != ':' && p[n] != '-')
      return true;
  }
  return false;
}

/* A development image: its file or folder says development and its command
 * starts a development server. Either alone is common in a published
 * image (a `dev/` build folder; a product image that runs `npm run dev`);
 * together they are the developers' image, whatever builds it. */
static const char *dev_image(struct run *r, const struct target *t)
{
  if (rc_role_of_path(t->df->path, NULL, 0) != RC_ROLE_DEVELOPMENT)
    return NULL;
  const char *kws[] = {"CMD", "ENTRYPOINT"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in =
        rc_dockerfile_inherited(t->df, t->stage, kws[k]);
    if (in && dev_server_command(r->a, in->args))
      return rc_arena_printf(r->a,
                             "a development image: named for development, "
                             "and its %s starts a development server (%s)",
                             kws[k], in->args);
  }
  return NULL;
}

/* A command that only keeps the container alive, and does nothing else:
 * `sleep infinity`, `tail -f /dev/null`, `while true; do sleep 60; done`,
 * in shell or exec form, through `sh -c` or not. */
static bool idle_command(struct rc_arena *a, const char *raw)
{
  const char *args = shell_words_of(a, raw);
  static const char *const shells[] = {"/bin/sh -c ", "sh -c ", "/bin/bash -c ",
                                       "bash -c ", NULL};
  const char *p = args;
  for (size_t i = 0; shells[i]; i++)
    if (strncmp(p, shells[i], strlen(shells[i])) == 0)
      p += strlen(shells[i]);
  p += strspn(p, "'");
  static const char *const idle[] = {"sleep infinity", "tail -f /dev/null",
                                     NULL};
  for (size_t i = 0; idle[i]; i++) {
    size_t n = strlen(idle[i]);
    if (strncmp(p, idle[i], n) == 0 && strspn(p + n, "'") == strlen(p + n))
      return true;
  }
  if (strncmp(p, "while true; do sleep ", 21) != 0 &&
      strncmp(p, "while :; do sleep ", 18) != 0)
    return false;
  p = strstr(p, "sleep ") + 6;
  p += strspn(p, "0123456789smhd");
  return strncmp(p, "; done", 6) == 0 && strspn(p + 6, "' ") == strlen(p + 6);
}

/* A command that only prints a message and exits (`printf 'this image is
 * deprecated, use ...' && exit 1`, `echo "use the api image"`): echo or
 * printf, its quoted words, and at most an `exit` after. */
static bool notice_command(struct rc_arena *a, const char *raw)
{
  const char *p = shell_words_of(a, raw);
  static const char *const shells[] = {"/bin/sh -c ", "sh -c ", "/bin/bash -c ",
                                       "bash -c ", NULL};
  for (size_t i = 0; shells[i]; i++)
    if (strncmp(p, shells[i], strlen(shells[i])) == 0)
      p += strlen(shells[i]);
  if (strncmp(p, "echo ", 5) == 0)
    p += 5;
  else if (strncmp(p, "printf ", 7) == 0)
    p += 7;
  else
    return false;
  char quote = 0;
  for (; *p; p++) {
    if (quote) {
      quote = *p == quote ? 0 : quote;
      continue;
    }
    if (*p == '\'' || *p == '"')
      quote = *p;
    else if (strchr(";&|<>`$", *p))
      break;
  }
  if (quote)
    return false;
  p += strspn(p, "&; ");
  if (strncmp(p, "exit", 4) == 0)
    p += 4 + strspn(p + 4, " 0123456789");
  return *p == '\0';
}

/* The image's command keeps an idle container alive for someone to exec
 * into (a profiling or debugging toolbox), or only prints a notice (a
 * deprecated image's pointer to its successor), and nothing the
 * repository deploys runs it: it serves nothing. Says why, or NULL. */
static const char *idle_image(struct run *r, const struct target *t)
{
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(t->df, t->stage, "ENTRYPOINT");
  const struct rc_df_instr *cmd =
      rc_dockerfile_inherited(t->df, t->stage, "CMD");
  /* with an entrypoint of its own, CMD is that program's argument */
  const struct rc_df_instr *in = ep ? ep : cmd;
  bool notice = in && notice_command(r->a, in->args);
  if (!in || (!notice && !idle_command(r->a, in->args)))
    return NULL;
  const char *cu = compose_user(r, t), *ku = k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it, perhaps with a command of its own */
  if (notice)
    return rc_arena_printf(r->a,
                           "not a service: its %s only prints a message and "
                           "exits, and nothing runs it",
                           in->kw);
  return rc_arena_printf(r->a,
                         "not a service: its %s only keeps the container "
                         "idle (%s) and nothing runs it",
                         in->kw, in->args);
}

/* What in a CMD or ENTRYPOINT runs a test suite: a script named for
 * tests (`./test_run.sh`, `run-tests.sh`, `e2e.py`), pytest, or a tool's
 * test command (`npm test`, `go test`, `cargo test`). NULL when nothing. */
static const char *test_runner(struct rc_arena *a, const char *args)
{
  static const char *const words[] = {"test", "tests", "e2e", "testsuite",
                                      NULL};
  static const char *const tools[] = {"npm",   "yarn", "pnpm", "go",
                                      "cargo", "make", "mvn",  NULL};
  char *buf = rc_arena_strdup(a, args), *save = NULL;
  const char *prev = NULL;
  for (char *w = strtok_r(buf, " \t\"',[]", &save); w;
       w = strtok_r(NULL, " \t\"',[]", &save)) {
    const char *base = rc_path_base(w);
    if (strcmp(base, "pytest") == 0)
      return "pytest";
    if (strchr(base, '.') && rc_role_name_word(base, words))
      return w;
    for (size_t i = 0; prev && tools[i]; i++)
      if (strcmp(prev, tools[i]) == 0 && strcmp(w, "test") == 0)
        return rc_arena_printf(a, "%s test", prev);
    prev = base;
  }
  return NULL;
}

/* The image's command runs a test suite (test_runner) and nothing the
 * repository deploys runs it: CI's test image, not a service. Says why,
 * or NULL. */
static const char *test_image(struct run *r, const struct target *t)
{
  const struct rc_df_instr *in =
      rc_dockerfile_inherited(t->df, t->stage, "ENTRYPOINT");
  if (!in)
    in = rc_dockerfile_inherited(t->df, t->stage, "CMD");
  const char *runner = in ? test_runner(r->a, in->args) : NULL;
  if (!runner)
    return NULL;
  const char *cu = compose_user(r, t), *ku = k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  return rc_arena_printf(r->a,
                         "not a service: its %s runs a test suite (%s) and "
                         "nothing runs it",
                         in->kw, runner);
}

/* The name a `docker build` command tags (`-t NAME`, `--tag NAME`,
 * `--tag=NAME`) as written, its quotes aside; NULL when none. */
static const char *build_tag_word(struct rc_arena *a, const char *cmd)
{
  for (const char *p = cmd; p && *p; p++) {
    if (p != cmd && !isspace((unsigned char)p[-1]))
      continue;
    const char *v = NULL;
    if (strncmp(p, "-t ", 3) == 0)
      v = p + 3;
    else if (strncmp(p, "--tag ", 6) == 0)
      v = p + 6;
    else if (strncmp(p, "--tag=", 6) == 0)
      v = p + 6;
    if (!v)
      continue;
    v += strspn(v, " \t\"'");
    size_t n = strcspn(v, " \t\"'\\");
    return n ? rc_arena_strndup(a, v, n) : NULL;
  }
  return NULL;
}

/* Where word stands alone in cmd (not inside a longer name), or NULL. */
static const char *find_word(const char *cmd, const char *word)
{
  size_t n = strlen(word);
  for (const char *p = strstr(cmd, word); p; p = strstr(p + 1, word))
    if ((p == cmd || strchr(" \t\"'", p[-1])) &&
        (!p[n] || strchr(" \t\"'\\:\n", p[n])))
      return p;
  return NULL;
}

/* Whether the text from p to end holds s. */
static bool line_has(const char *p, const char *end, const char *s)
{
  size_t n = strlen(s);
  for (; p + n <= end; p++)
    if (*p == *s && strncmp(p, s, n) == 0)
      return true;
  return false;
}

/* A `docker run` that runs and exits in the foreground - removed after
 * (--rm) or an interactive session (-it) - not detached, publishing no
 * port. */
static bool one_shot_run(const char *cmd)
{
  bool once = strstr(cmd, "--rm") || strstr(cmd, " -it ") ||
              strstr(cmd, " -ti ") || strstr(cmd, "--interactive");
  return once && !strstr(cmd, "--detach") && !strstr(cmd, " -d ") &&
         !strstr(cmd, " -p ") && !strstr(cmd, "--publish");
}

/* Whether the repository may publish the image named repo: CI builds
 * its Dockerfile, or a CI command (with what it runs: a Makefile rule)
 * or the file that builds it pushes, re-tags or ships the name. */
static bool may_publish(struct run *r, const struct target *t, const char *data,
                        const char *repo)
{
  const struct rc_model *m = r->ctx->model;
  if (ships_name(data, repo))
    return true;
  for (size_t i = 0; m && i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    if (b->dockerfile && strcmp(b->dockerfile, t->df->path) == 0 &&
        rc_pipeline_is_ci(b->at.path))
      return true;
  }
  const struct rc_pipeline *pl = m ? &m->entries.pipeline : NULL;
  for (size_t i = 0; pl && i < pl->n_cmds; i++)
    if (pl->cmds[i].text && ships_name(pl->cmds[i].text, repo))
      return true;
  return false;
}

/* The image has no CMD or ENTRYPOINT over a shell or REPL base, nothing
 * the repository deploys runs it, and the script that builds it runs it,
 * under the name it gives it, only as a one-shot command (`docker build
 * -t "$1-protoc" ... && docker run --rm -v $(pwd):/build "$1-protoc"
 * protoc ...`; `docker run -ti acme/toolchain:build bash`) under a name
 * the repository never publishes (a local one, or one no CI builds or
 * pushes): a tool the maintainers run, not a service. The model's local
 * tools are those with a literal name; a computed one is matched as
 * written. Says why, or NULL. */
static const char *script_tool(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  if (!t->im || !t->im->at.path ||
      rc_dockerfile_inherited(f, t->stage, "CMD") ||
      rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT"))
    return NULL;
  const char *base = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!shell_base(r->a, base))
    return NULL;
  const char *cu = compose_user(r, t), *ku = k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  const char *path = t->im->at.path;
  const char *tag = build_tag_word(r->a, command_at(r, path, t->im->at.line));
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!tag || !e ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  /* a name with a namespace may be pushed: then not when anything could */
  if (strchr(tag, '/') && may_publish(r, t, data, repo_name(r->a, tag)))
    return NULL;
  unsigned first = 0, line = 1;
  for (const char *p = data, *end = data + len; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    const char *cmd =
        line_has(p, eol, "docker run ") ? command_at(r, path, line) : NULL;
    const char *at = cmd ? strstr(cmd, "docker run ") : NULL;
    if (at && find_word(at, tag)) {
      if (!one_shot_run(at))
        return NULL; /* it also runs as a service */
      if (!first)
        first = line;
    }
    p = nl ? nl + 1 : end;
  }
  return first ? rc_arena_printf(r->a,
                                 "not a service: no CMD or ENTRYPOINT over "
                                 "'%s', and %s, which builds it, runs it "
                                 "only as a one-shot command (%s:%u: docker "
                                 "run %s ...)",
                                 base, path, path, first, tag)
               : NULL;
}

/* The image has no CMD, ENTRYPOINT or EXPOSE over a shell or REPL base,
 * and its build tags it with a local name (no registry or namespace: it
 * cannot be pulled from anywhere) that nothing in the repository runs,
 * re-tags, pushes or deploys (`docker build -t app-build
 * ./scripts/build-image`): a toolbox the maintainers keep, not a
 * service. Says why, or NULL. */
static const char *unrun_local_tool(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  const struct rc_dockerfile *f = t->df;
  if (!m || !t->im || !t->im->tag || !t->im->at.path ||
      strpbrk(t->im->tag, "/$") ||
      rc_dockerfile_inherited(f, t->stage, "CMD") ||
      rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT") ||
      rc_dockerfile_inherited(f, t->stage, "EXPOSE"))
    return NULL;
  const char *base = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!shell_base(r->a, base))
    return NULL;
  const char *cu = compose_user(r, t), *ku = k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  const char *repo = repo_name(r->a, t->im->tag);
  for (size_t i = 0; i < m->entries.n_runs; i++)
    if (m->entries.runs[i].image &&
        strcmp(repo_name(r->a, m->entries.runs[i].image), repo) == 0)
      return NULL;
  for (size_t i = 0; i < m->entries.n_retags; i++)
    if (m->entries.retags[i].from &&
        strcmp(repo_name(r->a, m->entries.retags[i].from), repo) == 0)
      return NULL;
  const struct rc_entry *e = rc_index_find(r->ctx->index, t->im->at.path);
  const char *data;
  size_t len;
  char err[128];
  if (!e ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0 ||
      may_publish(r, t, data, repo))
    return NULL;
  return rc_arena_printf(r->a,
                         "not a service: no CMD, ENTRYPOINT or EXPOSE over "
                         "'%s', and %s:%u builds it under the local name "
                         "'%s', which nothing runs, re-tags or pushes: a "
                         "tool image",
                         base, t->im->at.path, t->im->at.line, t->im->tag);
}

/* A compose service that runs this Dockerfile gives it a command or an
 * entrypoint of its own. */
static bool compose_gives_command(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && s->dockerfile &&
        strcmp(s->dockerfile, t->df->path) == 0 &&
        (rc_compose_get(s->compose, "command", NULL) ||
         rc_compose_get(s->compose, "entrypoint", NULL)))
      return true;
  }
  return false;
}

static bool os_base(struct rc_arena *a, const char *image);

/* A RUN that only lays files out: each command (split at `&&` and `;`) is
 * mkdir, chmod, chown, ln, touch, cp, mv or rm. */
static bool files_only_run(struct rc_arena *a, const char *args)
{
  static const char *const tools[] = {"mkdir", "chmod", "chown", "ln", "touch",
                                      "cp",    "mv",    "rm",    NULL};
  char *buf = rc_arena_strdup(a, args), *save = NULL;
  for (char *c = strtok_r(buf, "&;", &save); c;
       c = strtok_r(NULL, "&;", &save)) {
    c += strspn(c, " \t\\\n");
    if (!*c)
      continue;
    size_t n = strcspn(c, " \t");
    bool known = false;
    for (size_t i = 0; tools[i] && !known; i++)
      known = strlen(tools[i]) == n && strncmp(c, tools[i], n) == 0;
    if (!known)
      return false;
  }
  return true;
}

/* The stage only carries files over a bare OS base: COPY, ADD and RUNs
 * that lay files out (files_only_run), with no CMD, ENTRYPOINT, EXPOSE,
 * HEALTHCHECK or USER of its own or inherited, and no compose service or
 * Kubernetes workload gives it a command. A data image: its container
 * (the base's shell, which exits at once without a terminal) only fills
 * the volume mounted over what it carries. No process runs in it to
 * judge. Says why, or NULL. */
static const char *data_image(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  static const char *const kws[] = {"CMD",  "ENTRYPOINT", "HEALTHCHECK",
                                    "USER", "EXPOSE",     NULL};
  for (size_t i = 0; kws[i]; i++)
    if (rc_dockerfile_inherited(f, t->stage, kws[i]))
      return NULL;
  const char *base = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!base || !os_base(r->a, base))
    return NULL;
  bool carries = false;
  for (size_t i = f->st[t->stage].first; i < f->st[t->stage].end; i++) {
    const struct rc_df_instr *in = &f->in[i];
    if (strcmp(in->kw, "COPY") == 0 || strcmp(in->kw, "ADD") == 0)
      carries = true;
    else if (strcmp(in->kw, "RUN") == 0 && !files_only_run(r->a, in->args))
      return NULL;
    else if (strcmp(in->kw, "RUN") != 0 && strcmp(in->kw, "FROM") != 0 &&
             strcmp(in->kw, "ARG") != 0 && strcmp(in->kw, "LABEL") != 0 &&
             strcmp(in->kw, "ENV") != 0 && strcmp(in->kw, "WORKDIR") != 0 &&
             strcmp(in->kw, "VOLUME") != 0)
      return NULL;
  }
  const char *ku = k8s_user(r, t, true);
  if (!carries || !ku || *ku || compose_gives_command(r, t))
    return NULL; /* something runs it with a command of its own */
  return rc_arena_printf(r->a,
                         "not a service: a data image - it only carries "
                         "files over '%s', with no CMD, ENTRYPOINT or "
                         "EXPOSE, and nothing runs it with a command: its "
                         "container starts the base's shell, which exits at "
                         "once",
                         base);
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

/* The judgement is the model's (user.c), shared with Kubernetes. */
static struct file_result req_non_root(struct run *r, const struct target *t)
{
  const char *input = build_input(r, t);
  if (!input)
    input = dev_image(r, t);
  if (!input)
    input = ci_build_check(r, t);
  if (!input)
    input = ci_local_image(r, t);
  if (!input)
    input = idle_image(r, t);
  if (!input)
    input = script_tool(r, t);
  if (!input)
    input = test_image(r, t);
  if (!input)
    input = data_image(r, t);
  if (!input)
    input = unrun_local_tool(r, t);
  if (input)
    return result(true, t->df->st[t->stage].line, input);
  struct rc_image_user u;
  rc_image_user(r->ctx->index, r->a, t->df, t->stage, t->context,
                runtime_user(r, t), &u);
  if (!u.non_root && !rc_dockerfile_inherited(t->df, t->stage, "USER")) {
    const char *own = own_base_user(r, t);
    if (own)
      return result(true, u.line, own);
  }
  return result(u.non_root, u.line,
                u.non_root ? u.why : root_risk(r, t, u.why));
}

/* ---- stages and bases --------------------------------------------------- */

static struct file_result req_multi_stage(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  if (f->ns >= 2)
    return result(true, f->st[t->stage].line,
                  rc_arena_printf(r->a, "%zu stages", f->ns));
  return result(false, f->st[0].line,
                "single-stage build: build tools ship in the "
                "runtime image");
}

/* Whether text gives a build context this name: `name = "target:base"`
 * in a bake file's contexts, `"name": "..."` in its JSON form,
 * `--build-context name=...` or build-push-action's `build-contexts:`
 * lines `name=...`. */
static bool names_context(const char *text, const char *name)
{
  size_t n = strlen(name);
  bool bake = strstr(text, "contexts") != NULL;
  bool flag = strstr(text, "build-context") != NULL;
  if (!bake && !flag)
    return false;
  for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
    const char *q = p + n;
    if (p == text || !strchr(" \t\n\"{,", p[-1]))
      continue;
    if (flag && *q == '=' && strchr(" \t\n", p[-1]))
      return true; /* --build-context name=..., build-contexts: name=... */
    if (*q == '"')
      q++;
    q += strspn(q, " \t");
    if (bake && (*q == '=' || *q == ':') && q[1 + strspn(q + 1, " \t")] == '"')
      return true; /* name = "target:base", "name": "..." */
  }
  return false;
}

struct context_find {
  struct rc_index *idx;
  const char *name;
};

static int on_context_file(const struct rc_entry *e, void *arg)
{
  struct context_find *cf = arg;
  const char *data;
  size_t len;
  char err[64];
  if (rc_entry_size(cf->idx, e) > (1u << 20) ||
      rc_index_read(cf->idx, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  return names_context(data, cf->name) ? 1 : 0;
}

/* `FROM base` (or `FROM acme/base`) with no tag may name a build context
 * that `docker buildx bake` or `--build-context` supplies (often another
 * target built from the same commit), not an image on Docker Hub. */
static bool is_named_context(struct run *r, const char *image)
{
  /* a context may stand in for any image name (`"acme/base" =
   * "target:base"`), so only a tag, digest or variable rules it out */
  if (strpbrk(image, ":@$"))
    return false;
  static const char *const globs[] = {"**/*.hcl",
                                      "**/docker-bake*.json",
                                      ".github/workflows/*.{yml,yaml}",
                                      "**/Makefile",
                                      "**/*.sh",
                                      NULL};
  struct context_find cf = {r->ctx->index, image};
  for (size_t i = 0; globs[i]; i++)
    if (rc_index_glob(r->ctx->index, globs[i], RC_ENTRY_FILE, on_context_file,
                      &cf))
      return true;
  return false;
}

/* Whether the file at path (a Dockerfile), or one it INCLUDEs, has a
 * stage called name. */
static bool file_has_stage(struct run *r, const char *path, const char *name,
                           int depth);

/* dockerfile-x (`# syntax = devthefuture/dockerfile-x`) lets a Dockerfile
 * INCLUDE others, and `FROM runtime` then names a stage (`AS runtime`) of
 * an included file, built from the same commit, not an image on Docker
 * Hub. An included path is read beside the Dockerfile or from the root
 * (the build context). */
static bool included_stage(struct run *r, const struct rc_dockerfile *f,
                           const char *name, int depth)
{
  if (depth > 3 || strpbrk(name, "/.:@$"))
    return false;
  const char *dir = rc_path_dir(r->a, f->path);
  for (size_t i = 0; i < f->n; i++) {
    if (strcmp(f->in[i].kw, "INCLUDE") != 0)
      continue;
    const char *arg = f->in[i].args;
    const char *rel = rc_arena_strndup(r->a, arg, strcspn(arg, " \t"));
    const char *paths[] = {rc_path_join(r->a, dir, rel),
                           rc_path_join(r->a, "", rel)};
    for (size_t k = 0; k < 2; k++)
      if (paths[k] && file_has_stage(r, paths[k], name, depth + 1))
        return true;
  }
  return false;
}

static bool file_has_stage(struct run *r, const char *path, const char *name,
                           int depth)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[64];
  if (!e || rc_entry_size(r->ctx->index, e) > (1u << 20) ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  struct rc_dockerfile inc;
  rc_dockerfile_parse(&inc, r->a, path, data, len);
  bool found = rc_dockerfile_target(&inc, name) >= 0 ||
               included_stage(r, &inc, name, depth);
  rc_dockerfile_release(&inc);
  return found;
}

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
    if (!res || is_scratch(res) || rc_dockerfile_stage_ref(f, s, res) >= 0)
      continue;
    const char *tag = tag_of(res);
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
    return strcmp(repo_name(a, im->tag), repo) == 0;
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
  const char *repo = repo_name(r->a, res);
  for (size_t i = 0; m && i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (im->df && strcmp(im->dockerfile, t->df->path) != 0 &&
        tagged_as(r->a, im, repo, tag_of(res)) && bases_pinned(r, im->df))
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
        strcmp(repo_name(r->a, sv->image), repo) == 0 &&
        compose_builds(m, sv->view, t->df->path) && bases_pinned(r, im->df))
      return im->dockerfile;
  }
  return NULL;
}

/* The stage an instruction takes files from: `COPY --from=NAME` or a
 * `RUN --mount=...,from=NAME`; -1 for none (or an image, not a stage). */
static long instr_from_stage(struct rc_arena *a, const struct rc_dockerfile *f,
                             size_t s, const struct rc_df_instr *in)
{
  const char *p = NULL;
  if (rc_df_is_copy(in))
    p = strstr(in->args, "--from=");
  else if (strcmp(in->kw, "RUN") == 0 && strstr(in->args, "--mount="))
    p = strstr(in->args, "from=");
  if (!p)
    return -1;
  p = strchr(p, '=') + 1;
  size_t n = strcspn(p, " \t,");
  return rc_dockerfile_stage_ref(f, s, rc_arena_strndup(a, p, n));
}

/* Marks the stages a build of stage s runs (BuildKit skips the others):
 * s, the stage it starts FROM, and the stages they copy or mount from. */
static void mark_needed(struct rc_arena *a, const struct rc_dockerfile *f,
                        size_t s, bool *need)
{
  if (need[s])
    return;
  need[s] = true;
  long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
  if (prev >= 0)
    mark_needed(a, f, (size_t)prev, need);
  for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
    long from = instr_from_stage(a, f, s, &f->in[i]);
    if (from >= 0)
      mark_needed(a, f, (size_t)from, need);
  }
}

/* The stage whose FROM names the external image stage s builds on. */
static size_t root_stage(const struct rc_dockerfile *f, size_t s)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      break;
    s = (size_t)prev;
  }
  return s;
}

/* A plain operating system image (no language toolchain of its own). */
static bool os_base(struct rc_arena *a, const char *image)
{
  static const char *const names[] = {"alpine",      "debian",    "ubuntu",
                                      "busybox",     "centos",    "fedora",
                                      "rockylinux",  "almalinux", "amazonlinux",
                                      "oraclelinux", "archlinux", NULL};
  const char *repo = repo_name(a, image);
  for (size_t i = 0; names[i]; i++)
    if (strcmp(repo, names[i]) == 0)
      return true;
  return false;
}

/* A RUN of stage s compiles or installs a project's dependencies: what
 * it makes depends on the toolchain the base image brings. */
static bool stage_builds(const struct rc_dockerfile *f, size_t s)
{
  /* words, split at anything but letters and digits: `build` covers
   * `go build`, `npm run build`, build-base and build-essential */
  static const char *const tools[] = {
      "make",   "cmake", "gcc",      "clang",  "cargo",  "rustc", "go",
      "build",  "npm",   "yarn",     "pnpm",   "pip",    "pip3",  "mvn",
      "gradle", "javac", "composer", "bundle", "dotnet", NULL};
  for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
    if (strcmp(f->in[i].kw, "RUN") != 0)
      continue;
    for (size_t k = 0; tools[k]; k++)
      if (has_name_word(f->in[i].args, tools[k], strlen(tools[k])))
        return true;
  }
  return false;
}

/* How a floating base of root stage `root` reaches the image: 2 when the
 * image ships on it (the judged stage builds on it), 1 when a stage the
 * build runs builds or compiles on it (what it makes ships), 0 when only
 * helper stages on a plain OS image use it (they fetch, unpack or lay out
 * files: the files are the same on the next release of the OS). */
static int base_reach(struct rc_arena *a, const struct target *t,
                      const bool *need, size_t root, const char *res)
{
  const struct rc_dockerfile *f = t->df;
  if (root_stage(f, t->stage) == root)
    return 2;
  if (!os_base(a, res))
    return 1;
  for (size_t s = 0; s < f->ns; s++)
    if (need[s] && root_stage(f, s) == root && stage_builds(f, s))
      return 1;
  return 0;
}

/* An image its publisher releases under no version tag: a rolling
 * distribution (openSUSE Tumbleweed) or Chainguard's free images, which
 * carry only :latest. A digest is the only pin there, and reviewers split
 * on demanding one (6 of 6 dev findings debatable). */
static bool rolling_only(struct rc_arena *a, const char *image)
{
  static const char *const prefixes[] = {"cgr.dev/chainguard/", NULL};
  static const char *const repos[] = {"opensuse/tumbleweed", NULL};
  for (size_t i = 0; prefixes[i]; i++)
    if (strncmp(image, prefixes[i], strlen(prefixes[i])) == 0)
      return true;
  const char *repo = repo_name(a, image);
  for (size_t i = 0; repos[i]; i++)
    if (strcmp(repo, repos[i]) == 0)
      return true;
  return false;
}

static const char *rolling_note(struct rc_arena *a, const char *img)
{
  return rc_arena_printf(a,
                         "every base image has a tag or digest, or has "
                         "no version tag to pin ('FROM %s' is released "
                         "only as :latest; a digest would pin it)",
                         img);
}

static struct file_result req_pinned(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  const char *context = NULL, *included = NULL, *passed = NULL,
             *passed_arg = NULL, *own_img = NULL, *own_df = NULL,
             *helper = NULL, *rolling = NULL;
  /* an image no build tags or pushes ships nothing a base could change */
  const char *check = ci_build_check(r, t);
  if (check)
    return result(true, f->st[t->stage].line, check);
  bool *need = rc_arena_alloc(r->a, f->ns ? f->ns : 1);
  memset(need, 0, f->ns ? f->ns : 1);
  if (t->stage < f->ns)
    mark_needed(r->a, f, t->stage, need);
  struct file_result build = {0};
  bool build_set = false;
  for (size_t s = 0; s < f->ns; s++) {
    const char *img = f->st[s].image;
    if (!need[s] || rc_dockerfile_stage_ref(f, s, img) >= 0)
      continue;
    const char *res = rc_dockerfile_resolve(f, r->a, img);
    if (!res || is_scratch(res))
      continue; /* chosen at build time, or nothing to pin */
    /* `ARG BASE=alpine` then `FROM $BASE`: the stage named alpine, pinned
     * (or not) where it is written */
    if (rc_dockerfile_stage_ref(f, s, res) >= 0)
      continue;
    const char *tag = tag_of(res);
    const char *own =
        !*tag || strcmp(tag, "latest") == 0 ? built_here(r, t, res) : NULL;
    if (own) {
      own_img = img;
      own_df = own;
      continue;
    }
    if (!*tag && included_stage(r, f, res, 0)) {
      included = img;
      continue;
    }
    if (!*tag && is_named_context(r, res)) {
      context = img;
      continue;
    }
    const char *arg =
        !*tag || strcmp(tag, "latest") == 0 ? arg_passed(r, t, img, 0) : NULL;
    if (arg) {
      passed = img;
      passed_arg = arg;
      continue;
    }
    if (*tag && strcmp(tag, "latest") != 0)
      continue;
    if (rolling_only(r->a, res)) {
      if (!rolling)
        rolling = img;
      continue;
    }
    const char *what =
        *tag ? rc_arena_printf(r->a, "'FROM %s' uses :latest", img)
             : rc_arena_printf(r->a,
                               "'FROM %s' has no tag (means "
                               ":latest)",
                               img);
    int reach = base_reach(r->a, t, need, s, res);
    if (reach == 2)
      return result(false, f->st[s].line,
                    rc_arena_printf(r->a,
                                    "%s: each build ships on whatever that "
                                    "image is then, a new major release "
                                    "included",
                                    what));
    if (reach == 1 && !build_set) {
      build =
          result(false, f->st[s].line,
                 rc_arena_printf(r->a,
                                 "%s in build stage '%s': what it "
                                 "builds ships, made by whatever "
                                 "toolchain that image has then",
                                 what, f->st[s].name ? f->st[s].name : "0"));
      build_set = true;
    } else if (reach == 0 && !helper)
      helper = rc_arena_printf(r->a,
                               "%s only in stage '%s', which lays out "
                               "files on a plain OS image and builds "
                               "nothing",
                               what, f->st[s].name ? f->st[s].name : "0");
  }
  if (build_set)
    return build;
  if (helper)
    return result(true, f->st[0].line,
                  rc_arena_printf(r->a,
                                  "the stages the image ships on have a "
                                  "tag or digest (%s)",
                                  helper));
  if (rolling)
    return result(true, f->st[0].line, rolling_note(r->a, rolling));
  if (passed)
    return result(true, f->st[0].line,
                  rc_arena_printf(r->a,
                                  "every base image has a tag or digest, "
                                  "or one the build chooses ('FROM %s': "
                                  "the build passes %s)",
                                  passed, passed_arg));
  if (own_img)
    return result(true, f->st[0].line,
                  rc_arena_printf(r->a,
                                  "every base image has a tag or digest, "
                                  "or is built here ('FROM %s': %s)",
                                  own_img, own_df));
  if (included)
    return result(true, f->st[0].line,
                  rc_arena_printf(r->a,
                                  "every base image has a tag or digest "
                                  "('FROM %s' names a stage of a file it "
                                  "INCLUDEs)",
                                  included));
  if (context)
    return result(true, f->st[0].line,
                  rc_arena_printf(r->a,
                                  "every base image has a tag or digest "
                                  "('FROM %s' names a build context)",
                                  context));
  return result(true, f->st[0].line, "every base image has a tag or digest");
}

/* Vendor paths count anywhere in the reference (gcr.io/distroless/...);
 * size marks only in the image's own name and tag, so that
 * "mcr.microsoft.com/dotnet/aspnet" is not "micro". */
static bool small_image(const char *image)
{
  static const char *const vendors[] = {"distroless", "chainguard", "wolfi",
                                        NULL};
  static const char *const marks[] = {"slim",       "alpine", "busybox",
                                      "minimal",    "micro",  "-static",
                                      "nanoserver", NULL};
  if (is_scratch(image))
    return true;
  for (size_t i = 0; vendors[i]; i++)
    if (strstr(image, vendors[i]))
      return true;
  const char *own = rc_path_base(image);
  for (size_t i = 0; marks[i]; i++)
    if (strstr(own, marks[i]))
      return true;
  return false;
}

static struct file_result req_small(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  unsigned line = f->st[t->stage].line;
  const char *img = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!img)
    return result(true, line, "the base image is chosen at build time");
  if (small_image(img))
    return result(true, line, rc_arena_printf(r->a, "runs on '%s'", img));
  return result(false, line,
                rc_arena_printf(r->a, "runs on the full image '%s'", img));
}

/* A COPY source that brings built files, not packages: a file
 * (`server.js`) or a build's output folder (`dist`). */
static bool built_files_source(const char *src, size_t n)
{
  static const char *const outputs[] = {"dist",    "build",  "public", "static",
                                        "out",     "assets", "www",    "html",
                                        ".output", NULL};
  while (n && src[n - 1] == '/')
    n--;
  size_t b = n;
  while (b && src[b - 1] != '/')
    b--;
  const char *base = src + b;
  size_t bn = n - b;
  if (!bn || memchr(base, '*', bn) || memchr(base, '$', bn) ||
      (bn == 1 && *base == '.'))
    return false;
  if (memchr(base + 1, '.', bn > 1 ? bn - 1 : 0))
    return true; /* server.js, package.json */
  for (size_t i = 0; outputs[i]; i++)
    if (strlen(outputs[i]) == bn && strncmp(base, outputs[i], bn) == 0)
      return true;
  return false;
}

/* The command runs a script copied in as a file of its own (`node
 * server.js` after `COPY --from=build /app/server.js .`), not one of a
 * build's output folder, which a bundler may have filled with packages. */
static bool runs_copied_file(struct rc_arena *a, const struct rc_dockerfile *f,
                             size_t s, const char *cmd)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
      const struct rc_df_instr *in = &f->in[i];
      if (!rc_df_is_copy(in))
        continue;
      for (const char *w = in->args; *w;) {
        w += strspn(w, " \t");
        size_t n = strcspn(w, " \t");
        const char *base = w;
        for (size_t k = 0; k < n; k++)
          if (w[k] == '/')
            base = w + k + 1;
        size_t bn = (size_t)(w + n - base);
        if (bn > 3 && strncmp(w, "--", 2) != 0 &&
            memchr(base + 1, '.', bn - 1) &&
            strstr(cmd, rc_arena_strndup(a, base, bn)))
          return true;
        w += n;
      }
    }
    long up = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (up < 0)
      break;
    s = (size_t)up;
  }
  return false;
}

/* The stages the image is built from (stage s and the stages it starts
 * FROM) install no npm package and copy in only built files: nothing in
 * the image reads NODE_ENV but the project's own code. */
static bool carries_no_packages(const struct rc_dockerfile *f, size_t s)
{
  static const char *const managers[] = {"npm", "yarn", "pnpm",
                                         "bun", "npx",  NULL};
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
      const struct rc_df_instr *in = &f->in[i];
      if (strcmp(in->kw, "RUN") == 0) {
        for (size_t k = 0; managers[k]; k++)
          if (has_name_word(in->args, managers[k], strlen(managers[k])))
            return false;
        continue;
      }
      if (!rc_df_is_copy(in))
        continue;
      if (in->args[0] == '[' || strstr(in->args, "node_modules"))
        return false;
      /* the words but flags and the last (the destination) */
      const char *w = in->args, *prev = NULL;
      size_t prev_n = 0;
      while (*w) {
        w += strspn(w, " \t");
        size_t n = strcspn(w, " \t");
        if (!n)
          break;
        if (prev && !built_files_source(prev, prev_n))
          return false;
        prev = strncmp(w, "--", 2) == 0 ? NULL : w;
        prev_n = n;
        w += n;
      }
    }
    long up = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (up < 0)
      return true;
    s = (size_t)up;
  }
  return false;
}

/* The stage built runs on a Node.js image (node:22-slim,
 * gcr.io/distroless/nodejs22); a Node stage that only builds assets for
 * a PHP or Python image does not count. */
static struct file_result req_runs_node(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  unsigned line = f->st[t->stage].line;
  const char *img = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!img)
    return result(false, line, "the base image is chosen at build time");
  const char *own = rc_path_base(img);
  bool node = strncmp(own, "node", 4) == 0 || strstr(own, "nodejs");
  /* an official Node.js image (node, ubi9/nodejs-22-minimal,
   * distroless/nodejs22) with no package installed or copied in: a
   * static file server on Node's http module, which NODE_ENV does not
   * change (an image like nodered/node-red brings packages of its own) */
  bool official = strcmp(repo_name(r->a, img), "node") == 0 ||
                  strncmp(own, "nodejs", 6) == 0;
  const struct rc_df_instr *cmd = rc_dockerfile_inherited(f, t->stage, "CMD");
  if (node && official && cmd && carries_no_packages(f, t->stage) &&
      runs_copied_file(r->a, f, t->stage, cmd->args))
    return result(false, line,
                  rc_arena_printf(r->a,
                                  "runs on '%s' but carries no npm package "
                                  "(no install, only built files copied in)",
                                  img));
  /* an image that names no command of its own starts node's REPL: it
   * builds files another image copies (a bake target's assets), and runs
   * no server */
  if (node && !rc_dockerfile_inherited(f, t->stage, "CMD") &&
      !rc_dockerfile_inherited(f, t->stage, "ENTRYPOINT"))
    return result(false, line,
                  rc_arena_printf(r->a,
                                  "runs on '%s' but names no command (no CMD "
                                  "or ENTRYPOINT): it builds files",
                                  img));
  return result(node, line,
                rc_arena_printf(r->a, "runs on '%s'%s", img,
                                node ? "" : ", not a Node.js image"));
}

/* A web server image that only serves the files the build copied into it
 * (a single-page app's nginx stage): no code of the project's own runs, so
 * nothing of its own could answer a route. The server's own command, or
 * none, keeps it one; any other program started makes it an application. */
static struct file_result req_static_server(struct run *r,
                                            const struct target *t)
{
  static const char *const servers[] = {
      "nginx",    "nginx-unprivileged", "httpd", "caddy",
      "lighttpd", "static-web-server",  NULL};
  static const char *const programs[] = {"nginx",
                                         "httpd",
                                         "httpd-foreground",
                                         "caddy",
                                         "lighttpd",
                                         "static-web-server",
                                         "/docker-entrypoint.sh",
                                         NULL};
  const struct rc_dockerfile *f = t->df;
  unsigned line = f->st[t->stage].line;
  const char *img = rc_dockerfile_base_image(f, r->a, t->stage);
  if (!img)
    return result(false, line, "the base image is chosen at build time");
  char own[128];
  snprintf(own, sizeof(own), "%s", rc_path_base(img));
  own[strcspn(own, ":@")] = '\0';
  bool server = false;
  for (size_t i = 0; servers[i] && !server; i++)
    server = strcmp(own, servers[i]) == 0;
  const char *started = NULL;
  static const char *const kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2 && server && !started; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(f, t->stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(r->a, in->args) : NULL;
    bool own_prog = !prog;
    for (size_t i = 0; programs[i] && !own_prog; i++)
      own_prog = strcmp(rc_path_base(prog), rc_path_base(programs[i])) == 0;
    if (!own_prog)
      started = prog;
  }
  if (started)
    return result(false, line,
                  rc_arena_printf(r->a, "runs '%s' on '%s'", started, img));
  return result(server, line,
                rc_arena_printf(r->a, "%s '%s'",
                                server ? "serves files with" : "runs on", img));
}

/* ---- scripts started directly -------------------------------------------- */

/* Only scripts: a path ending in .sh, or a relative ./name. */
static bool looks_like_script(const char *prog)
{
  size_t n = strlen(prog);
  return (n > 3 && strcmp(prog + n - 3, ".sh") == 0) ||
         strncmp(prog, "./", 2) == 0;
}

/* A COPY/ADD from the context of the Dockerfile takes path into the image:
 * the source names it, a folder above it, or the whole context (`COPY .
 * .`, a glob's folder). */
static bool context_copies(struct rc_arena *a, const struct rc_dockerfile *df,
                           const char *ctx, const char *path)
{
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    char *copy = rc_arena_strdup(a, in->args);
    const char *words[64];
    size_t nw = 0;
    for (char *save = NULL, *w = strtok_r(copy, " \t[],\"", &save);
         w && nw < 64; w = strtok_r(NULL, " \t[],\"", &save))
      if (w[0] != '-')
        words[nw++] = w;
    for (size_t k = 0; k + 1 < nw; k++) {
      char *src = rc_arena_strdup(a, words[k]);
      char *glob = strchr(src, '*');
      if (glob) { /* the folder the glob looks in */
        *glob = '\0';
        char *slash = strrchr(src, '/');
        if (slash)
          *slash = '\0';
        else
          src[0] = '\0';
      }
      while (strncmp(src, "./", 2) == 0)
        src += 2;
      const char *from =
          *src && strcmp(src, ".") != 0 ? rc_path_join(a, ctx, src) : ctx;
      if (from &&
          (!*from || strcmp(path, from) == 0 || rc_path_within(path, from)))
        return true;
    }
  }
  return false;
}

struct find {
  const char *base;
  struct rc_arena *a;
  const struct rc_dockerfile *df;
  const char *ctx;
  const struct rc_entry *hit;
};

/* A file of the script's name that the image copies: one the Dockerfile
 * never copies (docs/examples/entrypoint.sh beside an image whose
 * /entrypoint.sh comes from its base image or a RUN) is not it. */
static int on_candidate(const struct rc_entry *e, void *arg)
{
  struct find *fd = arg;
  if (strcmp(e->name, fd->base) != 0 ||
      !context_copies(fd->a, fd->df, fd->ctx, e->path))
    return 0;
  fd->hit = e;
  return 1;
}

/* The repository file a script most likely is: the path it names in the
 * context, else the same name somewhere under the context. */
static const struct rc_entry *find_script(struct run *r, const struct target *t,
                                          const char *prog)
{
  const char *dir = t->context ? t->context : rc_path_dir(r->a, t->df->path);
  const struct rc_entry *e =
      rc_image_context_file(r->ctx->index, r->a, t->df, t->context, prog);
  if (e && context_copies(r->a, t->df, dir, e->path))
    return e;
  struct find fd = {rc_path_base(prog), r->a, t->df, dir, NULL};
  const char *glob = *dir ? rc_arena_printf(r->a, "%s/**/*", dir) : "**/*";
  if (rc_glob_check(glob) == NULL)
    rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, on_candidate, &fd);
  return fd.hit;
}

/* The CMD is not executed: a shell-form ENTRYPOINT ignores it, and an
 * exec-form one that is a shell or interpreter (`["/bin/sh"]`) reads it as
 * a script file. An exec form that is not valid JSON keeps the finding. */
static bool cmd_not_executed(const struct rc_dockerfile *f, size_t stage)
{
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(f, stage, "ENTRYPOINT");
  if (!ep)
    return false;
  const char *p = ep->args;
  while (isspace((unsigned char)*p))
    p++;
  if (*p != '[')
    return *p != '\0';
  cJSON *arr = cJSON_Parse(p);
  const char *argv[32];
  size_t n = 0;
  const cJSON *w;
  cJSON_ArrayForEach(w, arr)
  {
    if (n < 32 && cJSON_IsString(w))
      argv[n++] = w->valuestring;
  }
  bool reads = cJSON_IsArray(arr) && rc_exec_form_reads_operand(argv, n);
  cJSON_Delete(arr);
  return reads;
}

static struct file_result req_scripts(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(f, t->stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(r->a, in->args) : NULL;
    if (!prog || !looks_like_script(prog) ||
        (k == 1 && cmd_not_executed(f, t->stage)))
      continue;
    const struct rc_entry *e = find_script(r, t, prog);
    if (!e || (rc_entry_mode(r->ctx->index, e) & 0111) ||
        rc_dockerfile_chmods(f, e->name))
      continue;
    return result(false, in->line,
                  rc_arena_printf(
                      r->a,
                      "%s runs '%s' directly, but '%s' is not executable "
                      "(mode %06o) and no chmod makes it so",
                      in->kw, prog, e->path, rc_entry_mode(r->ctx->index, e)));
  }
  return result(true, 0,
                "no script started directly lacks the "
                "executable bit");
}

/* ---- healthchecks ----------------------------------------------------------
 */

/* Production compose services run the image: their healthcheck (or the
 * image's) is compose.healthchecks' to judge, not this rule's. */
/* A compose deployment runs the image: a production view with evidence
 * that it deploys, the views compose.healthchecks judges. A compose file
 * nothing shows deploys (a local stack beside a published image) leaves
 * the image's own HEALTHCHECK to judge here. */
static bool run_by_compose(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && s->dockerfile && !strcmp(s->dockerfile, t->df->path) &&
        s->view && s->view->role == RC_ROLE_PRODUCTION && s->view->deploys)
      return true;
  }
  return false;
}

static struct file_result req_healthcheck(struct run *r, const struct target *t)
{
  if (run_by_compose(r, t))
    return (struct file_result){.skip = true};
  const struct rc_df_instr *hc =
      rc_dockerfile_inherited(t->df, t->stage, "HEALTHCHECK");
  if (hc && strncasecmp(hc->args, "NONE", 4) != 0)
    return result(true, hc->line, "declares a HEALTHCHECK");
  if (hc)
    return result(false, hc->line, "HEALTHCHECK NONE");
  return result(false, t->df->st[t->stage].line, "no HEALTHCHECK in the image");
}

/* The exec form's words, or 0 when it is not a JSON array of strings. */
static size_t exec_words(const char *open, cJSON **doc, const char **argv,
                         size_t max)
{
  *doc = cJSON_Parse(open);
  size_t n = 0;
  const cJSON *w;
  if (!cJSON_IsArray(*doc))
    return 0;
  cJSON_ArrayForEach(w, *doc)
  {
    if (!cJSON_IsString(w) || n == max)
      return 0;
    argv[n++] = w->valuestring;
  }
  return n;
}

/* HEALTHCHECK ... CMD ["curl", "-f", "x", "||", "exit", "1"] runs without a
 * shell (rc_exec_form_shell_word says which words are shell syntax). */
static struct file_result req_exec_healthcheck(struct run *r,
                                               const struct target *t)
{
  (void)r;
  for (size_t i = 0; i < t->df->n; i++) {
    const struct rc_df_instr *in = &t->df->in[i];
    const char *cmd =
        strcmp(in->kw, "HEALTHCHECK") == 0 ? strstr(in->args, "CMD") : NULL;
    /* exec form only: `CMD if [ -z "$X" ]; then ...` is the shell form */
    const char *open = cmd ? cmd + 3 + strspn(cmd + 3, " \t") : NULL;
    if (!open || *open != '[')
      continue;
    cJSON *doc;
    const char *argv[64];
    size_t n = exec_words(open, &doc, argv, 64);
    const char *word = n ? rc_exec_form_shell_word(argv, n) : NULL;
    cJSON_Delete(doc);
    if (word)
      return result(
          false, in->line,
          "exec-form HEALTHCHECK CMD [...] contains shell syntax that runs "
          "without a shell");
  }
  return result(true, 0, "no exec-form HEALTHCHECK uses shell syntax");
}

/* ---- .dockerignore: what reaches the image ------------------------------ */

/* A COPY/ADD's words without its --flags: sources, then the destination.
 * Returns the count; the words point into buf. */
static size_t copy_words(const struct rc_df_instr *in, char *buf, size_t len,
                         char **words, size_t max)
{
  snprintf(buf, len, "%s", in->args);
  size_t n = 0;
  for (char *save = NULL, *w = strtok_r(buf, " \t[],\"", &save); w && n < max;
       w = strtok_r(NULL, " \t[],\"", &save))
    if (w[0] != '-')
      words[n++] = w;
  return n;
}

static bool is_copy(const struct rc_df_instr *in)
{
  return strcmp(in->kw, "COPY") == 0 || strcmp(in->kw, "ADD") == 0;
}

/* COPY/ADD of the whole build context: a source ".", "./", "*" or "./" and
 * a star (not --from another stage). */
static bool copies_context(const struct rc_df_instr *in)
{
  if (!is_copy(in) || strstr(in->args, "--from"))
    return false;
  char buf[1024];
  char *words[64];
  size_t n = copy_words(in, buf, sizeof(buf), words, 64);
  for (size_t k = 0; k + 1 < n; k++) /* sources: all but the last */
    if (!strcmp(words[k], ".") || !strcmp(words[k], "./") ||
        !strcmp(words[k], "*") || !strcmp(words[k], "./*"))
      return true;
  return false;
}

/* path as an absolute folder, from the WORKDIR in force before instruction
 * i of stage s ("/" when none); no trailing slash or dot. */
static const char *abs_path(struct rc_arena *a, const struct rc_dockerfile *df,
                            size_t s, size_t i, const char *path)
{
  const char *wd = "/";
  for (size_t k = df->st[s].first; k < i && k < df->st[s].end; k++)
    if (strcmp(df->in[k].kw, "WORKDIR") == 0)
      wd = df->in[k].args[0] == '/'
               ? df->in[k].args
               : rc_arena_printf(a, "%s/%s", wd, df->in[k].args);
  char *c = path[0] == '/' ? rc_arena_strdup(a, path)
                           : rc_arena_printf(a, "%s/%s", wd, path);
  size_t n = strlen(c);
  while (n > 1 && (c[n - 1] == '/' || (c[n - 1] == '.' && c[n - 2] == '/')))
    c[--n] = '\0';
  return c;
}

/* Where stage s (or a stage it starts FROM) puts the whole build context,
 * or NULL. */
static const char *context_dest(struct rc_arena *a,
                                const struct rc_dockerfile *df, size_t s)
{
  for (size_t hops = 0; hops <= df->ns; hops++) {
    for (size_t i = df->st[s].first; i < df->st[s].end; i++) {
      if (!copies_context(&df->in[i]))
        continue;
      char buf[1024];
      char *words[64];
      size_t n = copy_words(&df->in[i], buf, sizeof(buf), words, 64);
      return abs_path(a, df, s, i, n ? words[n - 1] : ".");
    }
    long prev = rc_dockerfile_stage_ref(df, s, df->st[s].image);
    if (prev < 0)
      return NULL;
    s = (size_t)prev;
  }
  return NULL;
}

/* `COPY --from=builder /opt/app/ /opt/app/` where the builder copied the
 * whole context into /opt/app: the context ships through the builder. A
 * part of it (`/app/dist` of a builder that copied into /app) does not. */
static bool copies_context_from(struct rc_arena *a,
                                const struct rc_dockerfile *df, size_t s,
                                const struct rc_df_instr *in)
{
  const char *from = is_copy(in) ? strstr(in->args, "--from=") : NULL;
  if (!from)
    return false;
  char ref[128];
  int n = (int)strcspn(from + 7, " \t");
  snprintf(ref, sizeof(ref), "%.*s", n < 127 ? n : 127, from + 7);
  long src = rc_dockerfile_stage_ref(df, s, ref);
  const char *dest = src >= 0 ? context_dest(a, df, (size_t)src) : NULL;
  if (!dest)
    return false;
  char buf[1024];
  char *words[64];
  size_t nw = copy_words(in, buf, sizeof(buf), words, 64);
  for (size_t k = 0; k + 1 < nw; k++) { /* from the stage's root */
    const char *p = abs_path(a, df, (size_t)src, df->st[src].first, words[k]);
    size_t m = strlen(p);
    if (strcmp(p, "/") == 0 ||
        (strncmp(dest, p, m) == 0 && (dest[m] == '\0' || dest[m] == '/')))
      return true; /* the source holds the whole context */
  }
  return false;
}

/* The stage built copies the whole context (COPY . ., ADD ./ /app) itself,
 * through the stages it starts FROM, or from a builder's folder holding it;
 * a builder stage that hands over only its output (COPY --from=build
 * /app/dist) ships nothing else. */
static bool ships_context(struct rc_arena *a, const struct rc_dockerfile *df,
                          size_t stage)
{
  for (size_t hops = 0; hops <= df->ns; hops++) {
    for (size_t i = df->st[stage].first; i < df->st[stage].end; i++)
      if (copies_context(&df->in[i]) ||
          copies_context_from(a, df, stage, &df->in[i]))
        return true;
    long prev = rc_dockerfile_stage_ref(df, stage, df->st[stage].image);
    if (prev < 0)
      return false;
    stage = (size_t)prev;
  }
  return false;
}

static int found_any(const struct rc_entry *e, void *arg)
{
  (void)e;
  (void)arg;
  return 1;
}

/* A build context below the root (make/photon/registry) holding no .env
 * file, no package.json (whose node_modules would follow) and no nested
 * repository: the history stays at the root, so nothing in it needs a
 * .dockerignore. */
static bool plain_subfolder(struct run *r, const char *ctxdir)
{
  if (!*ctxdir)
    return false;
  static const char *const files[] = {"%s/**/.env*", "%s/**/package.json",
                                      "%s/**/.git", NULL};
  for (size_t i = 0; files[i]; i++) {
    const char *glob = rc_arena_printf(r->a, files[i], ctxdir);
    if (rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, found_any, NULL) ||
        rc_index_glob(r->ctx->index, glob, RC_ENTRY_DIR, found_any, NULL))
      return false;
  }
  return true;
}

static struct file_result req_dockerignore(struct run *r,
                                           const struct target *t)
{
  const char *ctxdir = t->context ? t->context : rc_path_dir(r->a, t->df->path);
  const char *own = rc_arena_printf(r->a, "%s.dockerignore", t->df->path);
  const char *ctx_ignore =
      *ctxdir ? rc_arena_printf(r->a, "%s/.dockerignore", ctxdir)
              : ".dockerignore";
  if (rc_index_find(r->ctx->index, own))
    return result(true, 0, rc_arena_printf(r->a, "%s exists", own));
  if (rc_index_find(r->ctx->index, ctx_ignore))
    return result(true, 0, rc_arena_printf(r->a, "%s exists", ctx_ignore));
  if (!ships_context(r->a, t->df, t->stage))
    return result(true, 0,
                  "the image copies only named paths or a build stage's "
                  "output: nothing else from the context enters it");
  /* what the context leaks reaches no one when no image leaves CI */
  const char *check = ci_build_check(r, t);
  if (check)
    return result(true, 0, check);
  if (plain_subfolder(r, ctxdir))
    return result(true, 0,
                  rc_arena_printf(r->a,
                                  "the context '%s' is a folder of build "
                                  "files: no .git, .env file or "
                                  "node_modules to keep out",
                                  ctxdir));
  return result(false, 0,
                rc_arena_printf(r->a,
                                "copies the whole build context '%s' without a "
                                ".dockerignore",
                                *ctxdir ? ctxdir : "."));
}

static bool has_wildcard(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] == '*' || s[i] == '?' || s[i] == '[')
      return true;
  return false;
}

/* Whether the pattern p (m bytes, one .dockerignore line) covers every
 * name that name stands for: "name", "name*", "*" or "**" (everything), a
 * prefix glob "x*" whose x starts name (".*" covers ".env*" and ".git"), a
 * suffix glob "*x" that a plain name ends with ("*.env" covers ".env": Docker's
 * star also matches nothing), and with prefix_glob "*name...". */
static bool covers(const char *p, size_t m, const char *name, bool prefix_glob)
{
  size_t n = strlen(name);
  if ((m && strspn(p, "*") >= m) || /* "*", "**": an allowlist's first line */
      (m == n && strncmp(p, name, n) == 0) ||
      (m == n + 1 && strncmp(p, name, n) == 0 && p[n] == '*') ||
      (prefix_glob && m >= 2 && p[0] == '*' && strncmp(p + 1, name, n) == 0))
    return true;
  if (m >= 2 && p[m - 1] == '*' && !has_wildcard(p, m - 1) && m - 1 <= n &&
      strncmp(p, name, m - 1) == 0)
    return true;
  return m >= 2 && p[0] == '*' && !has_wildcard(p + 1, m - 1) &&
         !has_wildcard(name, n) && m - 1 <= n &&
         strncmp(p + 1, name + n - (m - 1), m - 1) == 0;
}

/* Whether the .dockerignore keeps name out: the last line covering it
 * decides, an exception ("!name") letting it back in. */
static bool ignores(const char *text, const char *name, bool prefix_glob)
{
  bool out = false;
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t len = end ? (size_t)(end - l) : strlen(l);
    while (len &&
           (l[len - 1] == '\r' || l[len - 1] == ' ' || l[len - 1] == '/'))
      len--;
    const char *p = l;
    while (p < l + len && (*p == ' ' || *p == '\t'))
      p++;
    bool except = p < l + len && *p == '!';
    if (except)
      p++;
    size_t m = (size_t)(l + len - p);
    if (m && *p == '/')
      p++, m--;
    if (m >= 3 && strncmp(p, "**/", 3) == 0)
      p += 3, m -= 3;
    if (m && *p != '#' && covers(p, m, name, prefix_glob))
      out = !except;
    l = end ? end + 1 : NULL;
  }
  return out;
}

/* .git, or the part of it that holds the history (`.git/objects/` and a
 * glob under it): either keeps every past commit out, which is what the
 * rule is about. */
static bool ignores_history(const char *text)
{
  return ignores(text, ".git", false) || ignores(text, ".git/objects", false) ||
         ignores(text, ".git/objects/*", false) ||
         ignores(text, ".git/objects/**", false);
}

/* A committed .env variant other than a template: ".env.production". */
static bool env_variant_name(const char *name)
{
  static const char *const templates[] = {"example", "sample",   "template",
                                          "dist",    "defaults", NULL};
  if (strncmp(name, ".env.", 5) != 0)
    return false;
  for (size_t i = 0; templates[i]; i++)
    if (strcmp(name + 5, templates[i]) == 0)
      return false;
  return true;
}

/* An exception line letting a real .env file back in ("!.env.local");
 * templates ("!.env.example") are meant to be copied. */
static bool lets_env_back(const char *text)
{
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t len = end ? (size_t)(end - l) : strlen(l);
    while (len && (l[len - 1] == '\r' || l[len - 1] == ' '))
      len--;
    const char *p = l;
    while (p < l + len && (*p == ' ' || *p == '\t'))
      p++;
    if (p < l + len && *p == '!') {
      p++;
      while (p < l + len && (*p == '/' || *p == '*'))
        p++;
      char name[64];
      size_t m = (size_t)(l + len - p);
      if (m < sizeof(name)) {
        memcpy(name, p, m);
        name[m] = 0;
        if (strcmp(name, ".env") == 0 || env_variant_name(name))
          return true;
      }
    }
    l = end ? end + 1 : NULL;
  }
  return false;
}

/* Every .env variant is kept out: ".env*", ".env.*", "*.env*", ".*" or "*",
 * with no exception letting a real one back in. */
static bool ignores_env_variants(const char *text)
{
  return (ignores(text, ".env*", false) || ignores(text, ".env.*", false) ||
          ignores(text, "*.env*", false) || ignores(text, "*", false)) &&
         !lets_env_back(text);
}

static int on_env_file(const struct rc_entry *e, void *arg)
{
  bool *variants = arg;
  if (strncmp(e->name, ".env", 4) != 0)
    return 0;
  if (!*variants)
    return 1; /* any .env file: the project uses them */
  return env_variant_name(e->name);
}

/* A .gitignore line naming .env files: ".env" (variants false) or a
 * variant such as ".env.local", ".env.*", ".env*" (variants true). */
static bool gitignore_names_env(const char *text, bool variants)
{
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    size_t len = end ? (size_t)(end - l) : strlen(l);
    const char *p = l;
    while (p < l + len && (*p == ' ' || *p == '/' || *p == '*'))
      p++;
    size_t m = (size_t)(l + len - p);
    if (m >= 4 && strncmp(p, ".env", 4) == 0 &&
        (!variants || (m > 4 && (p[4] == '.' || p[4] == '*'))))
      return true;
    l = end ? end + 1 : NULL;
  }
  return false;
}

/* Whether the project works with .env files (or, with variants, with
 * `.env.local`-style variants): a committed one, or a .gitignore line that
 * keeps developers' copies out of git. An image of a project that never
 * writes them has none to leak. */
static bool uses_env_files(struct run *r, const char *ctxdir, bool variants)
{
  if (rc_index_glob(r->ctx->index, "**/.env*", RC_ENTRY_FILE, on_env_file,
                    &variants) != 0)
    return true;
  const char *paths[] = {
      ".gitignore",
      *ctxdir ? rc_arena_printf(r->a, "%s/.gitignore", ctxdir) : NULL};
  for (size_t i = 0; i < 2 && paths[i]; i++) {
    const struct rc_entry *e = rc_index_find(r->ctx->index, paths[i]);
    const char *text;
    size_t len;
    char err[128];
    if (e &&
        rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) == 0 &&
        gitignore_names_env(text, variants))
      return true;
  }
  return false;
}

/* A rule may judge only some counts of omissions (min_missing,
 * max_missing): a .dockerignore that keeps most of the three out was
 * written with care, and its one gap is often deliberate (a Symfony .env
 * of defaults, a .git that setuptools_scm reads); one that keeps out
 * almost nothing was never thought about. Below the range the image
 * passes, saying what it leaves in; above it, another rule judges. */
static struct file_result omissions_result(struct run *r, const char *path,
                                           const char *list, size_t n)
{
  const struct cfg *c = r->cfg;
  if (c->max_missing.set && (long)n > c->max_missing.value)
    return (struct file_result){.skip = true};
  if (c->min_missing.set && (long)n < c->min_missing.value)
    return result(true, 0,
                  rc_arena_printf(r->a,
                                  "%s keeps most out; it does not exclude "
                                  "%s",
                                  path, list));
  return result(
      false, 0,
      rc_arena_printf(
          r->a,
          "%s does not exclude %s, and the image copies the whole context",
          path, list));
}

/* What the context's .dockerignore must keep out of an image that ships
 * the whole context: every .env variant, .git, and node_modules where the
 * context is a Node package. */
static struct file_result req_dockerignore_excludes(struct run *r,
                                                    const struct target *t)
{
  if (!ships_context(r->a, t->df, t->stage))
    return (struct file_result){.skip = true}; /* only named paths */
  const char *ctxdir = t->context ? t->context : rc_path_dir(r->a, t->df->path);
  const char *own = rc_arena_printf(r->a, "%s.dockerignore", t->df->path);
  const char *path = rc_index_find(r->ctx->index, own) ? own
                     : *ctxdir
                         ? rc_arena_printf(r->a, "%s/.dockerignore", ctxdir)
                         : ".dockerignore";
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *text;
  size_t len;
  char err[128];
  if (!e)
    return (struct file_result){.skip = true}; /* docker.dockerignore's */
  if (rc_index_read(r->ctx->index, e, &text, &len, err, sizeof(err)) != 0)
    return result(false, 0,
                  rc_arena_printf(r->a, "cannot read %s: %s", path, err));
  const char *pkg = *ctxdir ? rc_arena_printf(r->a, "%s/package.json", ctxdir)
                            : "package.json";
  const char *missing[3];
  size_t n = 0;
  bool variants =
      !ignores_env_variants(text) && uses_env_files(r, ctxdir, true);
  if (!ignores(text, ".env", false) && !ignores_env_variants(text) &&
      uses_env_files(r, ctxdir, false))
    missing[n++] = variants ? ".env*" : ".env";
  else if (variants && ignores(text, ".env", false))
    missing[n++] = ".env.* (only .env is listed)";
  if (!*ctxdir && !ignores_history(text))
    missing[n++] = ".git";
  if (rc_index_find(r->ctx->index, pkg) &&
      !ignores(text, "node_modules", false))
    missing[n++] = "node_modules";
  if (!n)
    return result(true, 0,
                  rc_arena_printf(r->a,
                                  "%s keeps .env files, .git and "
                                  "dependencies out",
                                  path));
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n; i++)
    rc_buf_printf(&b, "%s%s", i ? ", " : "", missing[i]);
  const char *list = rc_arena_printf(r->a, "%s", b.data);
  rc_buf_release(&b);
  return omissions_result(r, path, list, n);
}

/* ---- the check -------------------------------------------------------------
 */

static struct file_result evaluate(struct run *r, const struct target *t)
{
  switch (r->cfg->require) {
  case REQ_NON_ROOT:
    return req_non_root(r, t);
  case REQ_MULTI_STAGE:
    return req_multi_stage(r, t);
  case REQ_PINNED_BASE:
    return req_pinned(r, t);
  case REQ_SMALL_BASE:
    return req_small(r, t);
  case REQ_HEALTHCHECK:
    return req_healthcheck(r, t);
  case REQ_EXEC_HEALTHCHECK:
    return req_exec_healthcheck(r, t);
  case REQ_DOCKERIGNORE:
    return req_dockerignore(r, t);
  case REQ_DOCKERIGNORE_EXCLUDES:
    return req_dockerignore_excludes(r, t);
  case REQ_RUNS_NODE:
    return req_runs_node(r, t);
  case REQ_STATIC_SERVER:
    return req_static_server(r, t);
  default:
    return req_scripts(r, t);
  }
}

static size_t production_images(const struct rc_model *m)
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
      strstr(t->im->why, "nothing in the repository builds images") &&
      production_images(r->ctx->model) > 1 &&
      (r->cfg->require == REQ_NON_ROOT || r->cfg->require == REQ_PINNED_BASE))
    res.why = rc_arena_printf(r->a,
                              "%s [nothing in the repository builds images "
                              "or names this Dockerfile, so each of its "
                              "Dockerfiles is judged as deployed]",
                              res.why);
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
