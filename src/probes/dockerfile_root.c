/*
 * dockerfile_root.c - images that need root: a Docker socket or CLI, a
 * host network or capability granted by compose, or a `docker run` the
 * README or install docs write with such grants.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/readme.h"
#include "readycheck/role.h"
#include "readycheck/user.h"

#include "dockerfile_probe.h"

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
  cJSON_ArrayForEach(c, rc_compose_get(s, "cap_add", NULL)) {
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
  /* an install page of the docs also runs what the operator installs
   * first (a Portainer, a proxy, a binfmt helper): an image it names
   * that nothing ties to this Dockerfile is another program's, even
   * where the repository ships one image; the README is the image's own
   * page */
  bool readme = strcmp(where, "the README") == 0;
  bool ours =
      readme || !image || strchr(image, '$') || df_name_word_ties(r, t, image);
  bool runs = im ? im->dockerfile && strcmp(im->dockerfile, t->df->path) == 0
                 : (ours && only_production_image(m, t)) ||
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

/* The stage's ENTRYPOINT or CMD boots an init system (`/sbin/init`,
 * systemd), alone or after an entrypoint script: a system container -
 * a node of a test cluster, a machine image - whose PID 1 runs as root by
 * design. The init's path, or NULL. */
static const char *boots_init(struct run *r, const struct target *t)
{
  static const char *const inits[] = {"/sbin/init", "/usr/sbin/init",
                                      "/lib/systemd/systemd",
                                      "/usr/lib/systemd/systemd", NULL};
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in =
        rc_dockerfile_inherited(t->df, t->stage, kws[k]);
    for (size_t i = 0; in && inits[i]; i++) {
      size_t n = strlen(inits[i]);
      for (const char *p = strstr(in->args, inits[i]); p;
           p = strstr(p + n, inits[i]))
        if ((p == in->args || strchr(" \t\"[", p[-1])) &&
            (!p[n] || strchr(" \t\"],", p[n])))
          return rc_arena_printf(r->a, "%s (%s:%u)", inits[i], t->df->path,
                                 in->line);
    }
  }
  return NULL;
}

static const char *dockerfile_needs_root(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  size_t s = t->stage;
  const char *init = boots_init(r, t);
  if (init)
    return rc_arena_printf(r->a,
                           "needs root: it boots an init system, %s, as its "
                           "process: a system container, root by design",
                           init);
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

/* The last word of the image's name (`henrygd/beszel-agent`: agent,
 * `nicolargo/glances`: glances) is a word of the Dockerfile's file name
 * (`dockerfile_agent_alpine`) or of the command the stage starts
 * (`ENTRYPOINT ["/watchtower"]`, `python -m glances`). Folder names do
 * not count: `docker/` names every image. */
bool df_name_word_ties(struct run *r, const struct target *t, const char *image)
{
  const char *name = rc_path_base(df_repo_name(r->a, image));
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
    if (in && df_has_name_word(in->args, word, n))
      return true;
  }
  return strncasecmp(word, "dockerfile", n) != 0 &&
         df_has_name_word(rc_path_base(t->df->path), word, n);
}

/* An image name the model cannot tie to a Dockerfile (nothing in the
 * repository tags one with it: a release tool outside the model builds
 * them), or ties to a variant the same build step makes, names this
 * untagged Dockerfile when the last word of its name ties to it
 * (df_name_word_ties). */
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
  return df_name_word_ties(r, t, image);
}

/* A compose file of the repository - a deployment's or an example's -
 * runs the image with what only root can use: the image needs root, and
 * "runs as root" is its design. Says where; NULL when none does. */
const char *df_needs_root(struct run *r, const struct target *t)
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
