/*
 * evidence.c - positive evidence that a production view deploys.
 *
 * A compose file is presumed production when nothing says otherwise, and
 * most compose files of application repositories are development
 * harnesses, test stacks or try-it files that no name gives away. What
 * does show a deployment is positive: a production-named file or folder,
 * a chain a deploy script, deploy job, deployment document or `docker
 * stack deploy` runs, a repository whose product is its compose files,
 * a service running the image CI publishes. */
#include "evidence.h"

#include <string.h>
#include <strings.h>

#include "readycheck/model.h"
#include "readycheck/buf.h"
#include "readycheck/compose.h"
#include "readycheck/forge.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/readme.h"

#include "build.h"
#include "devstacks.h"
#include "lookup.h"

/* A folder of path, or its file name, names production (`deploy/`,
 * `deployments/`, `production/`, `docker-compose.prod.yml`) or a release
 * channel (`docker-compose-stable.yml`). */
static bool production_named(struct rc_arena *a, const char *path)
{
  /* a release channel, and the folder projects keep deployments in */
  static const char *const channels[] = {"stable", "deployments", NULL};
  for (const char *seg = path; *seg;) {
    size_t len = strcspn(seg, "/");
    const char *name = rc_arena_strndup(a, seg, len);
    if (rc_role_name_is_production(name) || rc_role_name_word(name, channels))
      return true;
    seg += len + (seg[len] == '/');
  }
  return false;
}

/* The files of v whose evidence counts: an add-on's own, not its base's. */
static size_t evidence_from(const struct rc_compose_view *v)
{
  return v->addon && v->n_files > 1 ? 1 : 0;
}

static bool view_has_file(const struct rc_compose_view *v,
                          const struct rc_compose_file *f)
{
  for (size_t k = evidence_from(v); k < v->n_files; k++)
    if (v->files[k] == f)
      return true;
  return false;
}

/* A chain that names one of v's files and says it deploys. */
static const char *chain_evidence(struct build *b,
                                  const struct rc_compose_view *v)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    if (c->role != RC_ROLE_PRODUCTION || c->unresolved)
      continue;
    bool names = false;
    for (size_t k = 0; k < c->n_files && !names; k++)
      names = view_has_file(v, mb_resolve_name(b, c->dir, c->files[k]));
    if (!names)
      continue;
    bool ci = rc_pipeline_is_ci(c->at.path);
    const char *how = NULL;
    if (c->deploys)
      how = "which deploys it";
    else if (ci && rc_workflow_deploy_named(c->at.path))
      how = "a deploy workflow";
    else if (ci && rc_chain_on_other_host(b->m->index, b->a, c))
      how = "on another Docker host";
    else if (!ci && rc_role_path_says_deploy(c->at.path))
      how = "a deploy or install file";
    if (how)
      return rc_arena_printf(b->a, "%s:%u runs it (%s)", c->at.path, c->at.line,
                             how);
  }
  for (size_t i = 0; i < en->n_ups; i++) {
    const struct rc_up *u = &en->ups[i];
    /* a guide whose path is about deploying or installing
     * (docs/install/compose.md) runs it as a chain there would */
    if ((u->deploys || u->guide) && u->role == RC_ROLE_PRODUCTION &&
        view_has_file(v, mb_up_file(b, u)))
      return rc_arena_printf(
          b->a, "%s:%u runs it (%s)", u->at.path, u->at.line,
          rc_role_path_says_deploy(u->at.path) &&
                  !rc_path_is_markdown(u->at.path)
              ? "a deploy, install or setup script"
              : "under a heading about deploying, installing or Docker");
  }
  return NULL;
}

/* image without its tag or digest: "ghcr.io/acme/app:1" -> "ghcr.io/acme/app"
 */
static const char *image_repository(struct rc_arena *a, const char *image)
{
  /* `${APP_IMAGE:-acme/app:1}`: the default */
  const char *dflt = strstr(image, ":-");
  size_t close = strlen(image);
  if (strncmp(image, "${", 2) == 0 && dflt && close > 0 &&
      image[close - 1] == '}' && strcspn(image, ":") == (size_t)(dflt - image))
    image =
        rc_arena_strndup(a, dflt + 2, (size_t)(image + close - 1 - (dflt + 2)));
  size_t n = strcspn(image, "@"), cut = n;
  for (size_t i = n; i > 0 && image[i - 1] != '/'; i--)
    if (image[i - 1] == ':')
      cut = i - 1;
  return rc_arena_strndup(a, image, cut);
}

/* The image's tag names a development build of it (`acme/app:dev`,
 * `kimai/kimai2:fpm-dev`, `acme/app:develop`) or an unreleased build of the
 * main branch (`acme/app:nightly`): a stack running the project's
 * development image is the developers' or a try-out of what is coming, not
 * evidence that it deploys - a deployment runs a release. */
static bool dev_image_tag(const char *image)
{
  static const char *const words[] = {"dev",         "devel",   "develop",
                                      "development", "nightly", NULL};
  const char *slash = strrchr(image, '/');
  const char *colon = strrchr(slash ? slash : image, ':');
  if (!colon || strchr(colon, '$') || strchr(colon, '@'))
    return false;
  for (size_t i = 0; words[i]; i++)
    if (rc_role_name_has(colon + 1, words[i]))
      return true;
  return false;
}

/* A service runs, without building it, an image a CI file builds and tags
 * for a registry (`owner/app`): the project's published image. */
static const char *published_image_evidence(struct build *b,
                                            const struct rc_compose_view *v)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < v->n_services; i++) {
    const struct rc_compose_service *s = &v->services[i];
    if (s->context || !s->image || strchr(s->image, '$') ||
        dev_image_tag(s->image))
      continue;
    const char *repo = image_repository(b->a, s->image);
    for (size_t k = 0; k < en->n_builds; k++) {
      const struct rc_build *bd = &en->builds[k];
      if (bd->role != RC_ROLE_PRODUCTION || !bd->tag || !strchr(bd->tag, '/') ||
          !rc_pipeline_is_ci(bd->at.path))
        continue;
      size_t rl = strlen(repo), tl = strlen(bd->tag);
      bool same = strcmp(repo, bd->tag) == 0 ||
                  (rl > tl && repo[rl - tl - 1] == '/' &&
                   strcmp(repo + rl - tl, bd->tag) == 0) ||
                  (tl > rl && bd->tag[tl - rl - 1] == '/' &&
                   strcmp(bd->tag + tl - rl, repo) == 0);
      if (same)
        return rc_arena_printf(b->a,
                               "services.%s runs '%s', the image %s:%u "
                               "publishes",
                               s->name, repo, bd->at.path, bd->at.line);
    }
  }
  return NULL;
}

/* Text of a service's `command:` (a string, or its words joined). */
static const char *command_text(struct rc_arena *a,
                                const struct rc_compose_service *s)
{
  const cJSON *cmd = rc_compose_get(s, "command", NULL);
  if (cJSON_IsString(cmd))
    return cmd->valuestring;
  if (!cJSON_IsArray(cmd))
    return NULL;
  const char *text = "";
  const cJSON *w;
  cJSON_ArrayForEach(w, cmd) {
    if (cJSON_IsString(w))
      text = rc_arena_printf(a, "%s %s", text, w->valuestring);
  }
  return text;
}

/* A service obtains certificates from a public certificate authority for
 * the stack (nginx-proxy's acme-companion, certbot, a Traefik ACME
 * resolver), even one a profile can switch off: the file is written for
 * a public host name, which a developer's or a test stack has no use for. */
static const char *public_tls_evidence(struct build *b,
                                       const struct rc_compose_view *v)
{
  static const char *const clients[] = {
      "acme-companion", "letsencrypt-nginx-proxy-companion",
      "docker-letsencrypt-nginx-proxy-companion", "certbot", NULL};
  for (size_t i = 0; i < v->n_services; i++) {
    const struct rc_compose_service *s = &v->services[i];
    char name[128] = "";
    if (s->image && !strchr(s->image, '$'))
      rc_model_image_name(s->image, name, sizeof(name));
    for (size_t k = 0; clients[k] && *name; k++)
      if (strcmp(name, clients[k]) == 0)
        return rc_arena_printf(b->a,
                               "services.%s obtains public TLS "
                               "certificates ('%s')",
                               s->name, s->image);
    const char *cmd = command_text(b->a, s);
    if (cmd && rc_str_find_ci(cmd, "certificatesresolvers.") &&
        rc_str_find_ci(cmd, ".acme."))
      return rc_arena_printf(b->a,
                             "services.%s obtains public TLS certificates "
                             "(a Traefik ACME resolver)",
                             s->name);
  }
  return NULL;
}

/* The repository's own name from its origin remote ("owner", "name"), or
 * false when there is none. */
static bool origin_name(struct build *b, const char **owner, const char **name)
{
  char url[1024];
  if (rc_forge_origin(rc_index_root(b->m->index), url, sizeof(url)) != 0)
    return false;
  size_t n = strlen(url);
  while (n && url[n - 1] == '/')
    n--;
  if (n > 4 && strncmp(url + n - 4, ".git", 4) == 0)
    n -= 4;
  url[n] = '\0';
  char *slash = strrchr(url, '/');
  if (!slash || !slash[1])
    return false;
  *slash = '\0';
  char *prev = strrchr(url, '/');
  char *colon = strrchr(url, ':');
  if (colon && (!prev || colon > prev))
    prev = colon;
  if (!prev || !prev[1])
    return false;
  *owner = rc_arena_strdup(b->a, prev + 1);
  *name = rc_arena_strdup(b->a, slash + 1);
  return true;
}

/* Where a project keeps the compose files it ships: the root, or a folder
 * named for containers or deploying (`docker/`, `.docker/`, `deploy/`).
 * A try-it stack of a tool sits in a folder of its own
 * (`docker-compose/scylladb/`, `tools/seed-snapshot/`) and runs the tool's
 * published image too. */
static bool setup_folder(const char *dir)
{
  static const char *const names[] = {"docker",    ".docker",    "compose",
                                      "container", "containers", NULL};
  if (!*dir)
    return true;
  for (const char *seg = dir; *seg;) {
    size_t len = strcspn(seg, "/");
    bool ok = false;
    for (size_t i = 0; names[i] && !ok; i++)
      ok = strlen(names[i]) == len && strncasecmp(seg, names[i], len) == 0;
    char word[64];
    if (!ok && len < sizeof(word)) {
      memcpy(word, seg, len);
      word[len] = '\0';
      ok = rc_role_name_is_production(word);
    }
    if (!ok)
      return false;
    seg += len + (seg[len] == '/');
  }
  return true;
}

/* A folder of a setup folder that packages one image of the project
 * (`docker/single-process/` beside `docker/multi-process/`): it holds a
 * Dockerfile, so the compose file in it runs the image built there, not
 * a try-it stack of a tool, which sits in a folder with no Dockerfile. */
static bool packaging_folder(struct build *b, const char *dir)
{
  const char *parent = rc_path_dir(b->a, dir);
  if (!*dir || !setup_folder(parent ? parent : ""))
    return false;
  for (size_t i = 0; i < b->m->n_dockerfiles; i++) {
    const char *path = b->m->dockerfiles[i].path;
    const char *at = rc_path_dir(b->a, path);
    if (at && strcmp(at, dir) == 0 &&
        rc_role_of_path(path, NULL, 0) == RC_ROLE_PRODUCTION)
      return true;
  }
  return false;
}

/* File name words of a stack for trying the project out (a stack of the
 * nightly builds is a try-out of what is coming, as a nightly image tag
 * is). */
static const char *const try_words[] = {"quickstart", "try",     "playground",
                                        "preview",    "nightly", NULL};

/* One of v's own files is named for trying the project out
 * (`deploy/quickstart.yaml`, `compose.nightly.yml`): the
 * file says what it is for, so the folder it sits in, the image it runs
 * and the repository being a bundle of compose files are no evidence that
 * it deploys; a script, job or document that deploys it still is. */
static bool try_named(const struct rc_compose_view *v)
{
  for (size_t k = evidence_from(v); k < v->n_files; k++)
    if (rc_role_name_word(v->files[k]->path, try_words))
      return true;
  return false;
}

/* repo, an image name with no registry or owner (`shop-app`), is one a
 * build of the repository tags (`docker build -t shop-app:3.4.0 .` in
 * the Makefile): the stack runs the image built on the same machine, the
 * way a developer runs the working tree, not a release pulled from a
 * registry. */
static bool built_here_unpublished(struct build *b, const char *repo)
{
  if (strchr(repo, '/'))
    return false;
  const struct rc_entries *en = &b->m->entries;
  for (size_t k = 0; k < en->n_builds; k++)
    if (en->builds[k].tag && strcmp(en->builds[k].tag, repo) == 0)
      return true;
  return false;
}

/* A service runs, without building it, the project's own image: its name
 * is the repository's (`cloudreve/cloudreve`, `sqshq/piggymetrics-config`
 * for sqshq/piggymetrics), and no build here tags it under that bare name. */
static const char *own_image_evidence(struct build *b,
                                      const struct rc_compose_view *v,
                                      const char *owner, const char *name)
{
  size_t nl = strlen(name);
  const struct rc_compose_file *own = v->files[v->n_files - 1];
  if ((!setup_folder(own->dir) && !packaging_folder(b, own->dir)) ||
      rc_role_name_word(own->path, try_words))
    return NULL;
  for (size_t i = 0; i < v->n_services; i++) {
    const struct rc_compose_service *s = &v->services[i];
    if (s->context || !s->image || dev_image_tag(s->image) ||
        (v->addon && (!s->at.path || strcmp(s->at.path, own->path) != 0)))
      continue;
    const char *repo = image_repository(b->a, s->image);
    if (strchr(repo, '$') || built_here_unpublished(b, repo))
      continue;
    const char *last = strrchr(repo, '/');
    last = last ? last + 1 : repo;
    const char *prev = NULL;
    for (const char *p = repo; p + 1 < last; p++)
      if (*p == '/' && p + 2 < last)
        prev = p + 1;
    if (!prev && last != repo)
      prev = repo;
    size_t pl = prev ? (size_t)(last - 1 - prev) : 0;
    bool same_owner =
        prev && strlen(owner) == pl && strncasecmp(prev, owner, pl) == 0;
    if (strcasecmp(last, name) == 0 ||
        (same_owner && strncasecmp(last, name, nl) == 0 &&
         (last[nl] == '-' || last[nl] == '_')))
      return rc_arena_printf(b->a,
                             "services.%s runs '%s', the project's own image",
                             s->name, repo);
  }
  return NULL;
}

/* A README has the operator download or copy one of v's files. */
static const char *fetched_evidence(struct build *b,
                                    const struct rc_compose_view *v)
{
  for (size_t k = evidence_from(v); k < v->n_files; k++) {
    const char *path = v->files[k]->path;
    const char *base = strrchr(path, '/');
    const char *line = rc_readme_fetches(b->m->index, b->a, v->files[k]->dir,
                                         base ? base + 1 : path);
    if (line)
      return rc_arena_printf(b->a, "a README fetches it: '%.100s'", line);
  }
  return NULL;
}

/* A document hands the operator one of v's files by its raw URL. */
static const char *raw_fetch_evidence(struct build *b,
                                      const struct rc_compose_view *v,
                                      const char *owner, const char *name)
{
  for (size_t k = evidence_from(v); k < v->n_files; k++) {
    const char *at =
        rc_docs_fetch_raw(b->m->index, b->a, owner, name, v->files[k]->path);
    if (at)
      return rc_arena_printf(b->a, "a document downloads it from GitHub: %s",
                             at);
  }
  return NULL;
}

/* A document runs one of v's files in a section whose text says the setup
 * is a developer's or the reader's own machine's ("The main compose file
 * for running the app locally"): the project says what the file is for,
 * and the image it runs - published or the project's own - does not make
 * it the deployment. */
static bool doc_runs_locally(struct build *b, const struct rc_compose_view *v)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_ups; i++)
    if (en->ups[i].local && view_has_file(v, mb_up_file(b, &en->ups[i])))
      return true;
  return false;
}

void mb_find_deploy_evidence(struct build *b)
{
  struct rc_model *m = b->m;
  bool bundle = !mb_has_app_code(m);
  const char *owner = NULL, *name = NULL;
  bool named = origin_name(b, &owner, &name);
  for (size_t i = 0; i < m->n_views; i++) {
    struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    bool trial = try_named(v);
    for (size_t k = evidence_from(v); k < v->n_files && !v->deploys; k++)
      if (trial ? rc_role_name_is_production(v->files[k]->path)
                : production_named(b->a, v->files[k]->path))
        v->deploys = rc_arena_printf(b->a, "'%s' is named for production",
                                     v->files[k]->path);
    if (!v->deploys)
      v->deploys = chain_evidence(b, v);
    if (!v->deploys)
      v->deploys = fetched_evidence(b, v);
    if (!v->deploys)
      v->deploys = raw_fetch_evidence(b, v, owner, name);
    bool local = trial || (!v->deploys && doc_runs_locally(b, v));
    if (!v->deploys && !local)
      v->deploys = public_tls_evidence(b, v);
    if (!v->deploys && !local)
      v->deploys = published_image_evidence(b, v);
    if (!v->deploys && named && !local)
      v->deploys = own_image_evidence(b, v, owner, name);
    if (!v->deploys && bundle && !trial)
      v->deploys = "the repository has no application code of its own: "
                   "its compose files are what it ships";
  }
}

/* Views a `docker stack deploy -c` runs: Swarm's, whatever their name. */
void mb_mark_swarm_views(struct build *b)
{
  const struct rc_entries *en = &b->m->entries;
  for (size_t i = 0; i < en->n_chains; i++) {
    const struct rc_chain *c = &en->chains[i];
    if (!c->stack || c->unresolved)
      continue;
    for (size_t j = 0; j < b->m->n_views; j++) {
      struct rc_compose_view *v = &b->m->views[j];
      for (size_t k = 0; k < c->n_files && !v->swarm; k++)
        v->swarm = view_has_file(v, mb_resolve_name(b, c->dir, c->files[k]));
    }
  }
}
