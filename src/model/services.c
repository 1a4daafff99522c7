/*
 * services.c - which folders are services: those a production view runs
 * (matched to the image each builds or pulls through tags, repositories
 * and the project's own namespace), those a production image alone
 * builds, and app folders with a start command of their own (package.json
 * scripts, platform files). rc_model_image_named() and
 * rc_model_service_of() answer with the same matching.
 */
#include "services.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/model.h"
#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "build.h"
#include "devstacks.h"
#include "images.h"

static struct rc_service *add_service(struct build *b,
                                      const struct rc_service *s)
{
  struct rc_model *m = b->m;
  rc_grow((void **)&m->services, &b->cap_services, m->n_services,
          sizeof(*m->services));
  m->services[m->n_services] = *s;
  return &m->services[m->n_services++];
}

static const struct rc_service *service_with_dir(const struct rc_model *m,
                                                 const char *dir)
{
  for (size_t i = 0; dir && i < m->n_services; i++)
    if (m->services[i].dir && strcmp(m->services[i].dir, dir) == 0)
      return &m->services[i];
  return NULL;
}

static const struct rc_service *service_named(const struct rc_model *m,
                                              const char *name, const char *dir)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    bool same_dir =
        (!s->dir && !dir) || (s->dir && dir && !strcmp(s->dir, dir));
    if (strcmp(s->name, name) == 0 && same_dir)
      return s;
  }
  return NULL;
}

static const char *image_command(struct rc_arena *a, const struct rc_image *im)
{
  if (!im || !im->df || im->stage < 0)
    return NULL;
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(im->df, (size_t)im->stage, "ENTRYPOINT");
  const struct rc_df_instr *cmd =
      rc_dockerfile_inherited(im->df, (size_t)im->stage, "CMD");
  if (ep && cmd)
    return rc_arena_printf(a, "%s %s", ep->args, cmd->args);
  return ep ? ep->args : cmd ? cmd->args : NULL;
}

/* "docker.io/library/nginx:1.2" and "nginx" name the same repository. */
static const char *repo_name(struct rc_arena *a, const char *image)
{
  const char *s = image;
  if (strncmp(s, "docker.io/", 10) == 0)
    s += 10;
  if (strncmp(s, "library/", 8) == 0)
    s += 8;
  size_t n = strcspn(s, "@");
  size_t last_slash = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '/')
      last_slash = i;
  for (size_t i = last_slash; i < n; i++)
    if (s[i] == ':')
      n = i;
  return rc_arena_strndup(a, s, n);
}

/* The image's repository with `${VAR:-default}` taken at its default
 * (`${IMAGE:-ghcr.io/acme/app}:${TAG:-latest}`), or NULL when a variable
 * without a default names it. */
static const char *image_repo(struct rc_arena *a, const char *image)
{
  if (!image)
    return NULL;
  struct rc_buf out;
  rc_buf_init(&out);
  for (const char *p = image; *p;) {
    const char *d = strstr(p, "${");
    if (!d) {
      rc_buf_printf(&out, "%s", p);
      break;
    }
    rc_buf_printf(&out, "%.*s", (int)(d - p), p);
    const char *close = strchr(d, '}');
    const char *dash = strchr(d, '-');
    if (!close)
      break;
    if (dash && dash < close)
      rc_buf_printf(&out, "%.*s", (int)(close - dash - 1), dash + 1);
    else
      rc_buf_printf(&out, "$");
    p = close + 1;
  }
  const char *repo = out.data ? repo_name(a, out.data) : NULL;
  rc_buf_release(&out);
  return repo && *repo && !strchr(repo, '$') ? repo : NULL;
}

/* The repository without its registry host: a first segment with a dot
 * or a colon, or localhost (`ghcr.io/acme/app` is `acme/app`). */
static const char *without_host(const char *repo)
{
  const char *slash = strchr(repo, '/');
  if (!slash)
    return repo;
  size_t n = (size_t)(slash - repo);
  bool host = memchr(repo, '.', n) || memchr(repo, ':', n) ||
              (n == 9 && strncmp(repo, "localhost", 9) == 0);
  return host ? slash + 1 : repo;
}

/* pattern, whose `*` stands for any text (slashes too), matches s. */
static bool wild_match(const char *p, const char *s)
{
  for (; *p && *p != '*'; p++, s++)
    if (*p != *s)
      return false;
  if (!*p)
    return !*s;
  for (; *p == '*'; p++)
    ;
  for (;; s++) {
    if (wild_match(p, s))
      return true;
    if (!*s)
      return false;
  }
}

/* A wildcard repository names literal repo; a host made of variables is
 * optional (`${REGISTRY}/acme/app` names acme/app). */
static bool wild_repo(const char *pattern, const char *repo)
{
  if (wild_match(pattern, repo) || wild_match(pattern, without_host(repo)))
    return true;
  return strncmp(pattern, "*/", 2) == 0 && wild_match(pattern + 2, repo);
}

/* The image's repository with each `${VAR}` without a default as `*`,
 * when its own name (the last segment) is written out; else NULL. */
static const char *image_repo_glob(struct rc_arena *a, const char *image)
{
  if (!image || !strchr(image, '$'))
    return NULL;
  struct rc_buf out;
  rc_buf_init(&out);
  for (const char *p = image; *p;) {
    if (p[0] == '$' && p[1] == '{') {
      const char *close = strchr(p, '}');
      const char *dash = strstr(p, ":-");
      if (!close)
        break;
      if (dash && dash < close)
        rc_buf_printf(&out, "%.*s", (int)(close - dash - 2), dash + 2);
      else
        rc_buf_putc(&out, '*');
      p = close + 1;
    } else if (p[0] == '$') {
      p++;
      while (isalnum((unsigned char)*p) || *p == '_')
        p++;
      rc_buf_putc(&out, '*');
    } else {
      rc_buf_putc(&out, *p++);
    }
  }
  const char *repo = out.data ? repo_name(a, out.data) : NULL;
  rc_buf_release(&out);
  const char *name = repo ? strrchr(repo, '/') : NULL;
  name = name ? name + 1 : repo;
  return name && *name && !strchr(name, '*') ? repo : NULL;
}

/* How a build's tag names the deployed image `image`. */
enum tag_match { TAG_NONE, TAG_OTHER, TAG_WILD, TAG_REPO, TAG_EXACT };

/* A `docker tag` line gives the repository `from` that a build tagged
 * the name `want` too (`docker tag app-base acme/app`). */
static bool retagged_as(struct rc_arena *a, const struct rc_entries *e,
                        const char *from, const char *want)
{
  for (size_t i = 0; from && want && i < e->n_retags; i++)
    if (strcmp(without_host(repo_name(a, e->retags[i].from)),
               without_host(from)) == 0 &&
        strcmp(without_host(repo_name(a, e->retags[i].to)),
               without_host(want)) == 0)
      return true;
  return false;
}

static enum tag_match build_tag_matches(struct rc_arena *a,
                                        const struct rc_entries *e,
                                        const struct rc_build *bd,
                                        const char *image, const char *want,
                                        const char *want_glob)
{
  if (bd->tag && want &&
      strcmp(without_host(repo_name(a, bd->tag)), without_host(want)) == 0)
    return mb_any_ref(a, bd->tag_refs, image) ? TAG_EXACT : TAG_REPO;
  if (bd->tag && retagged_as(a, e, repo_name(a, bd->tag), want))
    return TAG_REPO;
  if ((bd->tag_glob && want && wild_repo(bd->tag_glob, want)) ||
      (bd->tag && want_glob && wild_repo(want_glob, repo_name(a, bd->tag))))
    return TAG_WILD;
  /* a local name without a namespace (`-t app-base`) is retagged before
   * it is pushed (`docker tag app-base acme/app`): it names nothing */
  if ((bd->tag && strchr(bd->tag, '/')) ||
      (bd->tag_glob && strchr(bd->tag_glob, '/')))
    return TAG_OTHER;
  return TAG_NONE;
}

/* The best way any build of im tags it with image's repository: the same
 * Dockerfile may be built by several lines with different tags. TAG_OTHER
 * when every build that names a repository names another one. */
static enum tag_match tag_matches(struct build *b, const struct rc_image *im,
                                  const char *image, const char *want,
                                  const char *want_glob)
{
  const struct rc_entries *e = &b->m->entries;
  enum tag_match best = TAG_NONE;
  for (size_t i = 0; i < e->n_builds; i++) {
    const struct rc_build *bd = &e->builds[i];
    bool same_target =
        (!bd->target && !im->target) ||
        (bd->target && im->target && strcmp(bd->target, im->target) == 0);
    if (bd->unresolved || !bd->dockerfile || !same_target ||
        strcmp(bd->dockerfile, im->dockerfile) != 0)
      continue;
    enum tag_match how = build_tag_matches(b->a, e, bd, image, want, want_glob);
    if (how > best)
      best = how;
  }
  return best;
}

/* Builds of more than one Dockerfile or target tag the repository of
 * `image` (acme/app:base, acme/app:nightly, acme/app:2): there its tags,
 * not its name, tell the images apart. */
static bool repo_shared(struct build *b, const char *image, const char *want)
{
  const struct rc_entries *e = &b->m->entries;
  const struct rc_build *first = NULL;
  for (size_t i = 0; i < e->n_builds; i++) {
    const struct rc_build *bd = &e->builds[i];
    if (bd->unresolved || !bd->dockerfile ||
        build_tag_matches(b->a, e, bd, image, want, NULL) < TAG_REPO)
      continue;
    if (!first)
      first = bd;
    else if (strcmp(first->dockerfile, bd->dockerfile) != 0 ||
             (!first->target != !bd->target) ||
             (first->target && strcmp(first->target, bd->target) != 0))
      return true;
  }
  return false;
}

/* The production image a build tags with the repository a deployed image
 * reference names (`image: ghcr.io/acme/app:latest`, `docker build -t
 * acme/app ...`; registry host optional, tag and digest aside, one with
 * the same tag first, and only such a one when builds of several images
 * share the repository): the service runs that Dockerfile at that build's
 * target. Variables (`${REGISTRY}/acme/app`) match as wildcards only when
 * no build names the repository itself. */
static const struct rc_image *image_tagged(struct build *b, const char *image)
{
  const char *want = image_repo(b->a, image);
  const char *want_glob = want ? NULL : image_repo_glob(b->a, image);
  if (!want && !want_glob)
    return NULL;
  const struct rc_image *best = NULL;
  enum tag_match best_how = TAG_NONE;
  for (size_t i = 0; i < b->m->n_images; i++) {
    const struct rc_image *im = &b->m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->df)
      continue;
    enum tag_match how = tag_matches(b, im, image, want, want_glob);
    if (how >= TAG_WILD && how > best_how) {
      best = im;
      best_how = how;
    }
  }
  if (best_how == TAG_REPO && repo_shared(b, image, want))
    return NULL; /* no build tags it with the same tag */
  return best;
}

/* The project's own name, from its root manifest: package.json "name"
 * (scope dropped), go.mod's module (last segment). NULL if none. */
static const char *project_name(struct build *b)
{
  const struct rc_entry *e = rc_index_find(b->m->index, "package.json");
  const char *data;
  size_t len;
  char err[256];
  if (e && rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) == 0) {
    struct rc_docs docs;
    if (rc_doc_cache_parse(rc_index_docs(b->m->index), &docs, data, len,
                           e->path, RC_DOC_JSON, err, sizeof(err)) == 0) {
      const cJSON *n =
          docs.n ? cJSON_GetObjectItemCaseSensitive(docs.docs[0], "name")
                 : NULL;
      const char *name =
          cJSON_IsString(n) ? rc_path_base(n->valuestring) : NULL;
      const char *res = name && *name ? rc_arena_strdup(b->a, name) : NULL;
      rc_docs_release(&docs);
      if (res)
        return res;
    }
  }
  e = rc_index_find(b->m->index, "go.mod");
  if (e && rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) == 0 &&
      strncmp(data, "module ", 7) == 0) {
    const char *mod =
        rc_arena_strndup(b->a, data + 7, strcspn(data + 7, " \r\n"));
    return rc_path_base(mod);
  }
  return NULL;
}

/* "owner/name" of the origin remote (https://github.com/owner/name.git,
 * git@gitlab.com:group/name), lower case; NULL when there is none. */
static const char *origin_slug(struct build *b)
{
  const char *url = rc_index_git_origin(b->m->index);
  if (!url || (!strstr(url, "://") && !strchr(url, '@')))
    return NULL;
  char *s = rc_arena_strdup(b->a, url);
  size_t n = strlen(s);
  while (n && s[n - 1] == '/')
    s[--n] = '\0';
  if (n > 4 && strcmp(s + n - 4, ".git") == 0)
    s[n -= 4] = '\0';
  size_t cut = 0, seps = 0;
  for (size_t i = n; i > 0 && seps < 2; i--)
    if (s[i - 1] == '/' || s[i - 1] == ':') {
      seps++;
      cut = i;
    }
  if (seps < 2)
    return NULL;
  for (char *p = s + cut; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return s + cut;
}

/* The image's repository is the project's: named like its root manifest
 * (`ghcr.io/umami-software/umami` for package "umami"), or like its origin
 * remote (`ghcr.io/bluesky-social/pds` for github.com/bluesky-social/pds,
 * what `${{ github.repository }}` computes). */
static bool names_project(struct build *b, const char *repo)
{
  const char *name = project_name(b);
  if (name && strcmp(rc_path_base(repo), name) == 0)
    return true;
  const char *slug = origin_slug(b);
  size_t n = strlen(repo), k = slug ? strlen(slug) : 0;
  return slug && n >= k && strcasecmp(repo + n - k, slug) == 0 &&
         (n == k || repo[n - k - 1] == '/');
}

/* The image's namespace is the origin remote's owner: `ghcr.io/acme/cache`
 * for github.com/acme/platform is one of acme's own images. */
static bool in_project_namespace(struct build *b, const char *repo)
{
  const char *slug = origin_slug(b);
  const char *slash = slug ? strchr(slug, '/') : NULL;
  const char *name = strrchr(repo, '/');
  if (!slash || !name)
    return false;
  size_t k = (size_t)(slash - slug);
  const char *owner = name;
  while (owner > repo && owner[-1] != '/')
    owner--;
  return (size_t)(name - owner) == k && strncasecmp(owner, slug, k) == 0;
}

/* The one production image whose Dockerfile's folder the image's name
 * says: `acme/unbound` for images/unbound/Dockerfile, `acme/app-config`
 * for config/Dockerfile. */
static bool tagged_other(struct build *b, const struct rc_image *im,
                         const char *image, const char *repo)
{
  return tag_matches(b, im, image, repo, NULL) == TAG_OTHER;
}

static const struct rc_image *
image_by_folder(struct build *b, const char *image, const char *repo)
{
  const char *name = rc_path_base(repo);
  size_t nl = strlen(name);
  const struct rc_image *found = NULL;
  for (size_t i = 0; i < b->m->n_images; i++) {
    const struct rc_image *im = &b->m->images[i];
    /* an image built outside the repository's automation (unused) is
     * still the source of the project's published image */
    if ((im->role != RC_ROLE_PRODUCTION && im->role != RC_ROLE_UNUSED) ||
        !im->df)
      continue;
    const char *dir = rc_path_base(rc_path_dir(b->a, im->dockerfile));
    size_t dl = strlen(dir);
    bool match = dl && (strcasecmp(name, dir) == 0 ||
                        (nl > dl + 1 && name[nl - dl - 1] == '-' &&
                         strcasecmp(name + nl - dl, dir) == 0));
    if (match && found && found->df != im->df)
      return NULL;
    if (match)
      found = im;
  }
  return found && !tagged_other(b, found, image, repo) ? found : NULL;
}

/* CI tags the image with a computed name (a metadata action): the compose
 * service runs this project's image when its repository names the project
 * and the project builds exactly one production image, or when the image
 * is in the project's namespace and named for one Dockerfile's folder. An
 * image whose builds tag another repository (a base or tool image,
 * acme/app-base) is never the one, and still makes the choice ambiguous. */
static const struct rc_image *project_image(struct build *b, const char *image)
{
  const char *repo = image_repo(b->a, image);
  if (!repo || rc_model_is_infra_image(repo))
    return NULL;
  bool named = names_project(b, repo);
  if ((!named && !in_project_namespace(b, repo)) || repo_shared(b, image, repo))
    return NULL; /* builds tag that repository: their tags decide */
  const struct rc_image *by_folder = image_by_folder(b, image, repo);
  if (by_folder || !named)
    return by_folder;
  const struct rc_image *only = NULL;
  for (size_t i = 0; i < b->m->n_images; i++) {
    const struct rc_image *im = &b->m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->df)
      continue;
    if (only)
      return NULL; /* several: which one is not for us to guess */
    only = im;
  }
  return only && !tagged_other(b, only, image, repo) ? only : NULL;
}

const struct rc_image *rc_model_image_named(const struct rc_model *m,
                                            const char *image)
{
  struct build b = {.m = (struct rc_model *)m, .a = m->arena};
  const struct rc_image *im = image_tagged(&b, image);
  return im ? im : project_image(&b, image);
}

const struct rc_service *
rc_model_service_of(const struct rc_model *m,
                    const struct rc_compose_service *cs)
{
  for (size_t i = 0; i < m->n_services; i++)
    if (m->services[i].compose == cs)
      return &m->services[i];
  return NULL;
}

/* The image a compose file built for the stack: `docker compose build` of
 * a setup beside it names (or defaults) the image a production stack then
 * runs by name (`docker stack deploy -c docker-stack.yml`). Compose tags a
 * built image with its `image:` or with `<project>_<service>` (`-` since
 * Compose v2); a stack that pushes it under a namespace keeps that last
 * part (`dockersamples/atsea_app` for `image: atsea_app`). A service of
 * another view builds the stack service's image when it has the same
 * repository, or the same service name and that last part. */
static bool builds_stack_image(struct build *b, const char *repo,
                               const struct rc_compose_service *stack,
                               const struct rc_compose_service *cs)
{
  const char *own = image_repo(b->a, cs->image);
  if (own && strcasecmp(own, repo) == 0)
    return true;
  if (strcmp(cs->name, stack->name) != 0)
    return false;
  const char *last = rc_path_base(repo);
  if (own)
    return strcasecmp(rc_path_base(own), last) == 0;
  size_t nl = strlen(last), sl = strlen(cs->name);
  return strcasecmp(last, cs->name) == 0 ||
         (nl > sl + 1 &&
          (last[nl - sl - 1] == '_' || last[nl - sl - 1] == '-') &&
          strcasecmp(last + nl - sl, cs->name) == 0);
}

/* A compose build that may be the stack's image: nothing in its names says
 * development or tests - not the compose file's name (the view may be a
 * development one only because the stack deploys), the Dockerfile's path,
 * the target stage, or the image's tag (`image: acme/app:develop`). */
static bool plain_build(struct build *b, const struct rc_compose_view *v,
                        const struct rc_compose_service *cs)
{
  if (rc_role_of_path(v->files[0]->path, NULL, 0) != RC_ROLE_PRODUCTION ||
      rc_role_of_path(cs->dockerfile, NULL, 0) != RC_ROLE_PRODUCTION ||
      (cs->target &&
       rc_role_of_path(cs->target, NULL, 0) != RC_ROLE_PRODUCTION))
    return false;
  if (!cs->image)
    return true;
  const char *slash = strrchr(cs->image, '/');
  const char *colon = strchr(slash ? slash : cs->image, ':');
  if (!colon)
    return true;
  char *tag = rc_arena_strndup(b->a, colon + 1, strcspn(colon + 1, "@"));
  return rc_role_of_path(tag, NULL, 0) == RC_ROLE_PRODUCTION;
}

/* A production service that runs an image by name that no build tags: the
 * Dockerfile a development compose view builds for it, which becomes a
 * production image (the stack deploys it). NULL when none or several. */
static struct rc_image *stack_image(struct build *b,
                                    const struct rc_compose_view *prod,
                                    const struct rc_compose_service *stack)
{
  struct rc_model *m = b->m;
  const char *repo = image_repo(b->a, stack->image);
  if (!repo || strchr(repo, '$') || rc_model_is_infra_image(repo))
    return NULL;
  struct rc_image *found = NULL;
  const struct rc_compose_service *by = NULL;
  const struct rc_compose_view *in = NULL;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v == prod || v->role == RC_ROLE_NONPROD)
      continue;
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *cs = &v->services[k];
      if (!cs->dockerfile || !builds_stack_image(b, repo, stack, cs) ||
          !plain_build(b, v, cs))
        continue;
      struct rc_image *im = mb_find_image(m, cs->dockerfile, cs->target);
      if (!im || !im->df || (found && found != im))
        return NULL; /* two Dockerfiles: not ours to choose */
      found = im;
      by = cs;
      in = v;
    }
  }
  if (found && found->role != RC_ROLE_PRODUCTION) {
    found->role = RC_ROLE_PRODUCTION;
    found->why = rc_arena_printf(
        b->a, "built by compose service '%s' (%s) as the image %s runs",
        by->name, in->files[0]->path, prod->files[0]->path);
  }
  return found;
}

/* A production compose file that runs the project's own image by name
 * (`image: leantime/leantime:3.4` in .docker/docker-compose.yml) beside
 * the one Dockerfile of its folder: the project publishes that
 * Dockerfile's image, by hand or from a registry's build hook when no
 * automation here builds it. NULL when the folder has none or several, or
 * one with several build targets, or builds tag that repository (their
 * tags decide). */
static const struct rc_image *image_beside(struct build *b,
                                           const struct rc_compose_service *cs)
{
  const char *repo = image_repo(b->a, cs->image);
  const char *dir = cs->project ? cs->project : "";
  if (!repo || strchr(repo, '$') || rc_model_is_infra_image(repo) ||
      !names_project(b, repo) || repo_shared(b, cs->image, repo))
    return NULL;
  const struct rc_image *found = NULL;
  for (size_t i = 0; i < b->m->n_images; i++) {
    const struct rc_image *im = &b->m->images[i];
    if ((im->role != RC_ROLE_PRODUCTION && im->role != RC_ROLE_UNUSED) ||
        !im->df || strcmp(rc_path_dir(b->a, im->dockerfile), dir) != 0)
      continue;
    /* several Dockerfiles, or several targets of one: which the image
     * runs is not known */
    if (found && (found->df != im->df || found->stage != im->stage))
      return NULL;
    found = im;
  }
  return found && !tagged_other(b, found, cs->image, repo) ? found : NULL;
}

void mb_services_from_views(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t k = 0; k < v->n_services; k++) {
      const struct rc_compose_service *cs = &v->services[k];
      const struct rc_image *im =
          cs->dockerfile ? mb_find_image(m, cs->dockerfile, cs->target)
                         : image_tagged(b, cs->image);
      if (!im && !cs->dockerfile)
        im = project_image(b, cs->image);
      if (!im && !cs->dockerfile && cs->image)
        im = stack_image(b, v, cs);
      if (!im && !cs->dockerfile && cs->image)
        im = image_beside(b, cs);
      const cJSON *cmd = rc_compose_get(cs, "command", NULL);
      const cJSON *ep = rc_compose_get(cs, "entrypoint", NULL);
      const char *command = mb_command_text(b->a, ep ? ep : cmd);
      if (!command)
        command = image_command(b->a, im);
      /* context . with dockerfile apps/web/Dockerfile: the service is the
       * folder beside its Dockerfile, as for images built outside compose */
      const char *context = cs->context, *dockerfile = cs->dockerfile;
      if (!dockerfile && im) { /* the image CI builds from here */
        context = im->context;
        dockerfile = im->dockerfile;
      }
      const char *dir = context;
      if (dockerfile && context) {
        const char *dfdir = rc_path_dir(b->a, dockerfile);
        if (rc_path_within(dfdir, context) && *dfdir &&
            strcmp(dfdir, context) != 0)
          dir = dfdir;
      }
      if (service_named(m, cs->name, dir))
        continue; /* the same service in another production view */
      struct rc_service s = {
          .name = cs->name,
          .kind = RC_SERVICE_COMPOSE,
          .dir = dir,
          .context = context,
          .dockerfile = dockerfile,
          .image = cs->image,
          .built = im,
          .compose = cs,
          .view = v,
          .command = command,
          .why = rc_arena_printf(b->a, "compose service of %s",
                                 v->files[v->n_files - 1]->path),
          .at = cs->at,
      };
      add_service(b, &s);
    }
  }
}

static int any_entry(const struct rc_entry *e, void *arg)
{
  (void)e;
  (void)arg;
  return 1;
}

/* A folder holding a project of its own: a package manifest of any
 * stack the catalog knows. */
static bool has_manifest(const struct rc_model *m, struct rc_arena *a,
                         const char *dir)
{
  static const char *const names[] = {
      "package.json",     "go.mod",   "Cargo.toml",    "pyproject.toml",
      "requirements.txt", "setup.py", "pom.xml",       "build.gradle",
      "build.gradle.kts", "Gemfile",  "composer.json", "mix.exs",
      "deno.json",        NULL};
  for (size_t i = 0; names[i]; i++)
    if (rc_index_find(m->index, *dir
                                    ? rc_arena_printf(a, "%s/%s", dir, names[i])
                                    : names[i]))
      return true;
  return rc_index_glob(m->index,
                       *dir ? rc_arena_printf(a, "%s/*.csproj", dir)
                            : "*.csproj",
                       RC_ENTRY_FILE, any_entry, NULL) != 0;
}

/* A service is named for its folder; a folder named for a layout role
 * (src/cartservice/src, api/docker) names nothing, so its parent does. */
static const char *service_name_of_dir(struct rc_arena *a, const char *dir)
{
  static const char *const layout[] = {"src",    "source",    "app",
                                       "docker", ".docker",   "build",
                                       "deploy", "container", NULL};
  const char *name = rc_path_base(dir);
  for (size_t i = 0; layout[i]; i++)
    if (strcmp(name, layout[i]) == 0) {
      const char *parent = rc_path_dir(a, dir);
      return *parent ? rc_path_base(parent) : name;
    }
  return name;
}

/* script/Dockerfile and script/Dockerfile.mysql are two services of one
 * folder: the second is told apart by its Dockerfile's variant
 * ("script.mysql"), as `docker build -f` tells them apart. */
static const char *unique_service_name(const struct rc_model *m,
                                       struct rc_arena *a, const char *name,
                                       const char *dockerfile)
{
  bool taken = false;
  for (size_t k = 0; k < m->n_services && !taken; k++)
    taken = strcmp(m->services[k].name, name) == 0;
  if (!taken)
    return name;
  const char *base = rc_path_base(dockerfile);
  const char *dot = strchr(base, '.');
  /* the repository's own service is "." : its variants are "base", not
   * "..base" */
  const char *prefix = strcmp(name, ".") == 0 ? "" : name;
  const char *sep = *prefix ? "." : "";
  if (strncasecmp(base, "Dockerfile", 10) == 0 && base[10] == '.')
    return rc_arena_printf(a, "%s%s%s", prefix, sep, base + 11);
  if (dot && strcasecmp(dot, ".Dockerfile") == 0)
    return rc_arena_printf(a, "%s%s%.*s", prefix, sep, (int)(dot - base), base);
  return name;
}

void mb_services_from_images(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    if (im->role != RC_ROLE_PRODUCTION || !im->df)
      continue; /* a build of a missing file: entry_refs' to report */
    bool covered = false;
    for (size_t k = 0; k < m->n_services && !covered; k++)
      covered = m->services[k].dockerfile &&
                strcmp(m->services[k].dockerfile, im->dockerfile) == 0;
    if (covered)
      continue;
    /* A monorepo builds apps/web/Dockerfile from the root: the service
     * lives beside its Dockerfile, not at the context - unless the
     * Dockerfile's folder holds no project of its own (scripts/Dockerfile
     * built from the root: the code is the context's). */
    const char *dir = rc_path_dir(b->a, im->dockerfile);
    if (im->context && rc_path_within(dir, im->context) &&
        (*im->context || !has_manifest(m, b->a, dir)))
      dir = im->context;
    /* built from the root context: named for its Dockerfile's folder */
    const char *df_dir = rc_path_dir(b->a, im->dockerfile);
    const char *name = *dir      ? service_name_of_dir(b->a, dir)
                       : *df_dir ? service_name_of_dir(b->a, df_dir)
                                 : ".";
    name = unique_service_name(m, b->a, name, im->dockerfile);
    struct rc_service s = {
        .name = name,
        .kind = RC_SERVICE_IMAGE,
        .dir = dir,
        .context = im->context,
        .dockerfile = im->dockerfile,
        .built = im,
        .command = image_command(b->a, im),
        .why = im->why,
        .at = im->at,
    };
    add_service(b, &s);
  }
}

/* ---- app folders ----------------------------------------------------------
 */

static const struct rc_entry *file_in(const struct rc_model *m,
                                      struct rc_arena *a, const char *dir,
                                      const char *name)
{
  const char *p = *dir ? rc_arena_printf(a, "%s/%s", dir, name) : name;
  const struct rc_entry *e = rc_index_find(m->index, p);
  return e && e->kind == RC_ENTRY_FILE ? e : NULL;
}

static const char *platform_file(const struct rc_model *m, struct rc_arena *a,
                                 const char *dir)
{
  static const char *const files[] = {
      "Procfile",    "fly.toml",     "render.yaml",   "app.json",
      "heroku.yml",  "railway.json", "railway.toml",  "app.yaml",
      "vercel.json", "netlify.toml", "nixpacks.toml", NULL};
  for (size_t i = 0; files[i]; i++)
    if (file_in(m, a, dir, files[i]))
      return files[i];
  return NULL;
}

/* A developer tool's workspace (Storybook, a docs site) has a start script
 * that serves the tool, not the product. */
static bool tool_script(const char *s)
{
  static const char *const tools[] = {
      "storybook", "docusaurus", "vitepress", "mkdocs",     "docsify",
      "nextra",    "astro dev",  "jest",      "playwright", NULL};
  for (size_t i = 0; tools[i]; i++)
    if (strstr(s, tools[i]))
      return true;
  return false;
}

/* The script that `npm run X`, `yarn X` or `pnpm run X` names when that
 * is the whole command, or NULL. */
static const char *run_target(const cJSON *scripts, const char *cmd)
{
  static const char *const runners[] = {"npm run ", "yarn run ", "pnpm run ",
                                        "yarn ", NULL};
  for (size_t i = 0; runners[i]; i++) {
    size_t n = strlen(runners[i]);
    if (strncmp(cmd, runners[i], n) != 0 || strpbrk(cmd + n, " ;&|"))
      continue;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(scripts, cmd + n);
    return cJSON_IsString(t) ? t->valuestring : NULL;
  }
  return NULL;
}

/* A script that only bundles assets (Laravel Mix's `prod`, a webpack or
 * `vite build` run) makes files, not a running service. */
static bool build_only_script(const cJSON *scripts, const char *cmd)
{
  for (int depth = 0; cmd && depth < 4; depth++) {
    const char *next = run_target(scripts, cmd);
    if (!next) {
      if (strpbrk(cmd, ";&|") || strstr(cmd, "serve") ||
          strstr(cmd, "dev-server"))
        return false;
      return strstr(cmd, "webpack") || strstr(cmd, "laravel-mix") ||
             strncmp(cmd, "mix", 3) == 0 || strstr(cmd, "vite build");
    }
    cmd = next;
  }
  return false;
}

/* The start script of a package.json, or NULL. */
static const char *node_start(const struct rc_model *m, struct rc_arena *a,
                              const char *dir)
{
  const struct rc_entry *e = file_in(m, a, dir, "package.json");
  const char *data;
  size_t len;
  char err[256];
  if (!e || rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  struct rc_docs docs;
  if (rc_doc_cache_parse(rc_index_docs(m->index), &docs, data, len, e->path,
                         RC_DOC_JSON, err, sizeof(err)) != 0)
    return NULL;
  const char *found = NULL;
  const cJSON *scripts =
      docs.n ? cJSON_GetObjectItemCaseSensitive(docs.docs[0], "scripts") : NULL;
  static const char *const names[] = {"start", "start:prod", "serve", "prod",
                                      NULL};
  for (size_t i = 0; names[i] && !found; i++) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(scripts, names[i]);
    if (cJSON_IsString(s) && !tool_script(s->valuestring) &&
        !build_only_script(scripts, s->valuestring))
      found = rc_arena_printf(a, "npm run %s (%s)", names[i], s->valuestring);
  }
  rc_docs_release(&docs);
  return found;
}

/* What shows that a folder runs as a service of its own; NULL if nothing. */
static const char *start_evidence(const struct rc_model *m, struct rc_arena *a,
                                  const char *dir)
{
  const char *p = platform_file(m, a, dir);
  if (p)
    return rc_arena_printf(a, "has %s", p);
  const char *start = node_start(m, a, dir);
  if (start)
    return start;
  if (file_in(m, a, dir, "manage.py"))
    return "has manage.py";
  /* A Django project package (hc/wsgi.py) or a Go main in a subfolder is
   * part of the application around it, unless the folder is a project of
   * its own. */
  static const char *const files[] = {"wsgi.py", "asgi.py", "main.go",
                                      "config.ru", NULL};
  static const char *const manifests[] = {
      "pyproject.toml", "requirements.txt", "setup.py", "Pipfile",
      "go.mod",         "Gemfile",          NULL};
  bool own = !*dir;
  for (size_t i = 0; manifests[i] && !own; i++)
    own = file_in(m, a, dir, manifests[i]) != NULL;
  for (size_t i = 0; own && files[i]; i++)
    if (file_in(m, a, dir, files[i]))
      return rc_arena_printf(a, "has %s", files[i]);
  return NULL;
}

static void consider_folder(struct build *b, const char *dir)
{
  struct rc_model *m = b->m;
  if (service_with_dir(m, dir) ||
      rc_role_of_path(rc_arena_printf(b->a, "%s/x", dir), NULL, 0) !=
          RC_ROLE_PRODUCTION)
    return;
  const char *why = start_evidence(m, b->a, dir);
  if (!why)
    return;
  const char *df = rc_arena_printf(b->a, "%s/Dockerfile", dir);
  struct rc_service s = {
      .name = rc_path_base(dir),
      .kind = RC_SERVICE_APP,
      .dir = dir,
      .dockerfile = rc_index_find(m->index, df) ? df : NULL,
      .why = why,
      .at = {dir, 0},
  };
  add_service(b, &s);
}

/* apps/x, services/x and packages/x folders, and top-level folders; only
 * a start script or platform file makes one a service (a library in
 * packages/ has neither). */
void mb_services_from_folders(struct build *b)
{
  struct rc_model *m = b->m;
  for (size_t i = 0; i < rc_index_count(m->index); i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_DIR || e->path[0] == '.')
      continue;
    const char *slash = strchr(e->path, '/');
    bool top = !slash;
    bool grouped = slash && !strchr(slash + 1, '/') &&
                   (strncmp(e->path, "apps/", 5) == 0 ||
                    strncmp(e->path, "services/", 9) == 0 ||
                    strncmp(e->path, "packages/", 9) == 0);
    if (top || grouped)
      consider_folder(b, e->path);
  }
  if (m->n_services == 0) {
    const char *why = start_evidence(m, b->a, "");
    if (why) {
      struct rc_service s = {.name = ".",
                             .kind = RC_SERVICE_APP,
                             .dir = "",
                             .dockerfile = rc_index_find(m->index, "Dockerfile")
                                               ? "Dockerfile"
                                               : NULL,
                             .why = why,
                             .at = {"", 0}};
      add_service(b, &s);
    }
  }
}
