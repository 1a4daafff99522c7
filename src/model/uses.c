/*
 * uses.c - what probes ask of a built model about one file: which service
 * mounts, copies or ships it through a build stage; which deployment
 * file (a compose env_file or secret) holds it; which non-production or
 * seeding stack uses it. Read-only: nothing here changes the model.
 */
#include "readycheck/model.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/glob.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "build.h"

/* ---- files services use -------------------------------------------------- */

/* A Compose config or secret of the service holding path (by_folder: or
 * a folder holding it). */
static bool delivers_path(const struct rc_model *m,
                          const struct rc_compose_view *v,
                          const struct rc_compose_service *cs, const char *path,
                          bool by_folder)
{
  static const char *const keys[] = {"configs", "secrets", NULL};
  for (size_t i = 0; i < cs->n_layers; i++)
    for (size_t k = 0; keys[k]; k++) {
      const cJSON *entry;
      cJSON_ArrayForEach(entry,
                         cJSON_GetObjectItem(cs->layers[i].node, keys[k])) {
        const char *src = NULL;
        rc_compose_delivered(v, cs, m->arena, keys[k], entry, &src);
        if (src && *src &&
            (by_folder ? rc_path_within(path, src) : strcmp(path, src) == 0))
          return true;
      }
    }
  return false;
}

/* A bind mount of path, or (by_folder) of a folder holding it, by the
 * service cs of view v; a Compose config or secret holding it counts as
 * one. */
static bool mounts_path(const struct rc_model *m,
                        const struct rc_compose_view *v,
                        const struct rc_compose_service *cs, const char *path,
                        bool by_folder)
{
  if (delivers_path(m, v, cs, path, by_folder))
    return true;
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(cs, m->arena, &mounts);
  for (size_t i = 0; i < n; i++) {
    /* `${NGINX_CONFIG_PATH}:/etc/nginx/conf.d`: what the env file the
     * operator copies to .env sets */
    const char *src =
        mounts[i].bind
            ? rc_compose_mount_resolved(m->index, m->arena, cs, &mounts[i])
            : NULL;
    if ((src && *src &&
         (by_folder ? rc_path_within(path, src) : strcmp(path, src) == 0)) ||
        (mounts[i].path_any && rc_glob_match(mounts[i].path_any, path)))
      return true;
  }
  return false;
}

/* The service a production view's compose service cs stands for: the
 * services keep one per name, so the same service of another view (a
 * variant stack that also mounts nginx.conf) is known by its name. NULL
 * when no service has its name: another service's name would be wrong. */
static const struct rc_service *service_for(const struct rc_model *m,
                                            const struct rc_compose_service *cs)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose == cs || (s->compose && strcmp(s->name, cs->name) == 0))
      return s;
  }
  return NULL;
}

/* A compose service of a production view mounting path (or a folder
 * holding it); with known, the first one a model service stands for. */
static const struct rc_compose_service *view_mount(const struct rc_model *m,
                                                   const char *path,
                                                   bool by_folder, bool known)
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    for (size_t k = 0; v->role == RC_ROLE_PRODUCTION && k < v->n_services; k++)
      if (mounts_path(m, v, &v->services[k], path, by_folder) &&
          (!known || service_for(m, &v->services[k])))
        return &v->services[k];
  }
  return NULL;
}

/* The service of a production view mounting path (or a folder holding
 * it). */
static const struct rc_service *view_mounts(const struct rc_model *m,
                                            const char *path, bool by_folder)
{
  const struct rc_compose_service *cs = view_mount(m, path, by_folder, true);
  return cs ? service_for(m, cs) : NULL;
}

const struct rc_compose_service *
rc_model_view_mount(const struct rc_model *m, const char *path, bool by_folder)
{
  return view_mount(m, path, by_folder, false);
}

/* A COPY/ADD source as a path in the build context: Docker reads every
 * source there, a leading slash included (`COPY /files/nginx.key
 * /etc/ssl/` copies the context's files/nginx.key). */
static const char *context_rel(const char *src)
{
  while (*src == '/')
    src++;
  return *src ? src : ".";
}

/* Whether a COPY/ADD source (src: joined to the context ctx) copies
 * path: names it, or (by_folder) a folder holding it. A source with a
 * wildcard (`COPY certs/server.* /etc/ssl/`, `COPY *.pem ./`) copies every
 * context path it matches, a matched folder whole, so only by_folder
 * finds it; one that stands for the whole context (`COPY * .`), like
 * `COPY . .`, names nothing in particular. */
static bool source_copies(struct rc_arena *a, const char *ctx, const char *src,
                          const char *path, bool by_folder)
{
  if (!src || !*src || strcmp(src, ctx) == 0)
    return false;
  if (!strpbrk(src, "*?["))
    return by_folder ? rc_path_within(path, src) : strcmp(path, src) == 0;
  if (!by_folder || (strcmp(rc_path_base(src), "*") == 0 &&
                     strcmp(rc_path_dir(a, src), ctx) == 0))
    return false;
  char *cur = rc_arena_strdup(a, path);
  for (;;) {
    if (rc_glob_match(src, cur))
      return true;
    char *slash = strrchr(cur, '/');
    if (!slash)
      return false;
    *slash = '\0';
  }
}

/* A COPY/ADD source naming path (or a folder above it) in the context;
 * `COPY . .` and --from copies name nothing in particular. */
static bool copies_path(const struct rc_model *m, const struct rc_image *im,
                        const char *path, bool by_folder)
{
  const struct rc_dockerfile *df = im->df;
  const char *ctx = im->context ? im->context : rc_path_dir(m->arena, df->path);
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    char *copy = rc_arena_strdup(m->arena, in->args);
    const char *words[64];
    size_t nw = 0;
    for (char *save = NULL, *w = strtok_r(copy, " \t[],\"", &save);
         w && nw < 64; w = strtok_r(NULL, " \t[],\"", &save))
      if (w[0] != '-')
        words[nw++] = w;
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *src = rc_path_join(m->arena, ctx, context_rel(words[k]));
      if (source_copies(m->arena, ctx, src, path, by_folder))
        return true;
    }
  }
  return false;
}

static const struct rc_service *user_of(const struct rc_model *m,
                                        const char *path, bool by_folder)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && mounts_path(m, s->view, s->compose, path, by_folder))
      return s;
    if (s->built && s->built->df && copies_path(m, s->built, path, by_folder))
      return s;
  }
  return view_mounts(m, path, by_folder);
}

const struct rc_service *rc_model_user_of(const struct rc_model *m,
                                          const char *path)
{
  return user_of(m, path, true);
}

const struct rc_service *rc_model_user_naming(const struct rc_model *m,
                                              const char *path)
{
  return user_of(m, path, false);
}

static bool deploys_evidenced(const struct rc_model *m)
{
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].role == RC_ROLE_PRODUCTION && m->views[i].deploys)
      return true;
  return false;
}

/* Whether a production view mounts path (or a folder holding it); with
 * evidenced, only a view with positive evidence that it deploys, else
 * any. */
static bool views_mount(const struct rc_model *m, const char *path,
                        bool evidenced)
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION || (evidenced && !v->deploys))
      continue;
    for (size_t k = 0; k < v->n_services; k++)
      if (mounts_path(m, v, &v->services[k], path, true))
        return true;
  }
  return false;
}

/* Whether a production image copies path (or a folder holding it). */
static bool image_copies(const struct rc_model *m, const char *path)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->built && s->built->df && copies_path(m, s->built, path, true))
      return true;
  }
  return false;
}

bool rc_model_side_stack_only(const struct rc_model *m, const char *path)
{
  return m && deploys_evidenced(m) && views_mount(m, path, false) &&
         !views_mount(m, path, true) && !image_copies(m, path) &&
         !rc_model_copied_by(m, path, true);
}

/* ---- files copied into place by hand ---------------------------------------
 */

/* source (a path or URL as a script wrote it) ends with path: "/" and
 * path's last two segments at least, so a download of some other
 * project's `nginx.conf` names no file here. */
static bool tail_names(const char *source, const char *path)
{
  size_t n = strlen(source), k = strlen(path);
  return strchr(path, '/') && n > k && source[n - k - 1] == '/' &&
         strcmp(source + n - k, path) == 0;
}

const struct rc_where *rc_model_copied_by(const struct rc_model *m,
                                          const char *path, bool by_folder)
{
  const struct rc_entries *e = &m->entries;
  for (size_t i = 0; i < e->n_copies; i++) {
    const struct rc_copy *c = &e->copies[i];
    bool hit = c->tail     ? tail_names(c->source, path)
               : by_folder ? rc_path_within(path, c->source)
                           : strcmp(path, c->source) == 0;
    if (hit)
      return &c->at;
  }
  return NULL;
}

/* ---- files an image ships through a build stage ---------------------------
 */

/* The words of a COPY/ADD that are not flags: sources, then the
 * destination. Returns how many (at most max). */
static size_t copy_words(struct rc_arena *a, const char *args,
                         const char **words, size_t max)
{
  char *copy = rc_arena_strdup(a, args);
  size_t nw = 0;
  for (char *save = NULL, *w = strtok_r(copy, " \t[],\"", &save); w && nw < max;
       w = strtok_r(NULL, " \t[],\"", &save))
    if (w[0] != '-')
      words[nw++] = w;
  return nw;
}

/* The --from= stage a COPY names, or NULL. */
static const char *copy_from(struct rc_arena *a, const char *args)
{
  const char *p = strstr(args, "--from=");
  if (!p)
    return NULL;
  p += strlen("--from=");
  return rc_arena_strndup(a, p, strcspn(p, " \t"));
}

/* A path inside a stage's file system, "/" and "." segments folded and
 * no leading slash ("" is the root); NULL when it holds a variable. */
static const char *stage_path(struct rc_arena *a, const char *workdir,
                              const char *p)
{
  if (strchr(p, '$') || strchr(p, '*') || strchr(p, '?'))
    return NULL;
  return p[0] == '/' ? rc_path_join(a, "", p + 1) : rc_path_join(a, workdir, p);
}

/* Whether stage st of df holds the repository file path at abs (a path
 * in its file system): a COPY/ADD of the build context put it, or a
 * folder holding it, there. A later stage copying the place where the
 * whole context went (`COPY . /src` here, `COPY --from=build /src /app`
 * there) takes every file along and names none in particular, as
 * `COPY . .` in that stage itself would. */
static bool stage_holds(const struct rc_model *m,
                        const struct rc_dockerfile *df, size_t st,
                        const char *ctx, const char *abs, const char *path)
{
  const char *workdir = "";
  for (size_t i = df->st[st].first; i < df->st[st].end && i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (strcmp(in->kw, "WORKDIR") == 0) {
      const char *w = stage_path(m->arena, workdir, in->args);
      workdir = w ? w : workdir;
      continue;
    }
    if (!rc_df_copies_context(in))
      continue;
    const char *words[64];
    size_t nw = copy_words(m->arena, in->args, words, 64);
    const char *dest =
        nw > 1 ? stage_path(m->arena, workdir, words[nw - 1]) : NULL;
    if (!dest)
      continue;
    /* abs above the destination: the later stage takes all of it */
    bool whole_dest = rc_path_within(dest, abs);
    if (!whole_dest && !rc_path_within(abs, dest))
      continue;
    const char *rest = whole_dest ? "" : abs + strlen(dest);
    rest += *rest == '/';
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *src = rc_path_join(m->arena, ctx, context_rel(words[k]));
      if (!src || strchr(words[k], '*'))
        continue;
      if (!*rest && strcmp(src, ctx) == 0)
        continue; /* the whole context, named by nobody */
      /* `COPY . /src`, `COPY conf /src/conf`: the folder's file at rest;
       * `COPY default.pem /src/`: the file itself under its name */
      const char *held = *rest ? rc_path_join(m->arena, src, rest) : src;
      if (held && rc_path_within(path, held))
        return true;
      if (strcmp(rest, rc_path_base(src)) == 0 && strcmp(path, src) == 0)
        return true;
    }
  }
  return false;
}

/* The built stage copies path from an earlier stage that took it from
 * the context (`COPY . /src` in a build stage, then `COPY --from=build
 * /src/default.pem /app/`). */
static bool ships_from_stage(const struct rc_model *m,
                             const struct rc_image *im, const char *path)
{
  const struct rc_dockerfile *df = im->df;
  if (!df || !df->ns)
    return false;
  size_t st = im->stage >= 0 && (size_t)im->stage < df->ns ? (size_t)im->stage
                                                           : df->ns - 1;
  const char *ctx = im->context ? im->context : rc_path_dir(m->arena, df->path);
  for (size_t i = df->st[st].first; i < df->st[st].end && i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    const char *from;
    if (!rc_df_is_copy(in) || !(from = copy_from(m->arena, in->args)))
      continue;
    long src_st = rc_dockerfile_stage_ref(df, st, from);
    if (src_st < 0)
      continue;
    const char *words[64];
    size_t nw = copy_words(m->arena, in->args, words, 64);
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *abs = stage_path(m->arena, "", words[k]);
      if (abs && *abs && stage_holds(m, df, (size_t)src_st, ctx, abs, path))
        return true;
    }
  }
  return false;
}

/* A COPY/ADD from the context, or a RUN's copy out of a bind mount of
 * it, takes path (or a folder holding it) into the stage. */
static bool instr_copies(const struct rc_model *m, const struct rc_df_instr *in,
                         const char *ctx, const char *path)
{
  const char *words[64], **srcs = words;
  size_t n;
  if (rc_df_copies_context(in)) {
    n = copy_words(m->arena, in->args, words, 64);
    n = n ? n - 1 : 0; /* the last word is the destination */
  } else
    n = rc_df_run_copies(m->arena, in, &srcs);
  for (size_t k = 0; k < n; k++) {
    const char *src = rc_path_join(m->arena, ctx, context_rel(srcs[k]));
    if (source_copies(m->arena, ctx, src, path, true))
      return true;
  }
  return false;
}

/* The built stage, or a stage it starts FROM, copies path (or a folder
 * holding it) from the context. A build stage's copies stay behind: only
 * what the last stage takes from it ships (ships_from_stage). */
static bool stage_copies(const struct rc_model *m, const struct rc_image *im,
                         const char *path)
{
  const struct rc_dockerfile *df = im->df;
  if (!df || !df->ns)
    return false;
  long st = im->stage >= 0 && (size_t)im->stage < df->ns ? im->stage
                                                         : (long)df->ns - 1;
  const char *ctx = im->context ? im->context : rc_path_dir(m->arena, df->path);
  for (; st >= 0;
       st = rc_dockerfile_stage_ref(df, (size_t)st, df->st[st].image))
    for (size_t i = df->st[st].first; i < df->st[st].end && i < df->n; i++)
      if (instr_copies(m, &df->in[i], ctx, path))
        return true;
  return false;
}

const struct rc_service *rc_model_ships(const struct rc_model *m,
                                        const char *path)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && mounts_path(m, s->view, s->compose, path, true))
      return s;
    if (s->built && s->built->df &&
        (stage_copies(m, s->built, path) ||
         ships_from_stage(m, s->built, path)))
      return s;
  }
  return view_mounts(m, path, true);
}

const struct rc_service *rc_model_bakes(const struct rc_model *m,
                                        const char *path)
{
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->built && s->built->df &&
        (stage_copies(m, s->built, path) ||
         ships_from_stage(m, s->built, path)))
      return s;
  }
  return NULL;
}

/* Where a folder use puts path: the destination written (a COPY's last
 * word, a mount's target) joined with path's place below the folder. */
static const char *landing(struct rc_arena *a, const char *dest,
                           const char *folder, const char *path)
{
  size_t n = strlen(folder);
  const char *rest = n && strcmp(folder, ".") != 0 ? path + n : path;
  while (*rest == '/')
    rest++;
  return rc_arena_printf(a, "%s/%s", dest, rest);
}

/* A COPY of a folder holding path (not path itself) in the image's
 * Dockerfile whose landing place lands() accepts. */
static bool folder_copy_lands(const struct rc_model *m,
                              const struct rc_image *im, const char *path,
                              bool (*lands)(const char *dest,
                                            const char *place))
{
  const struct rc_dockerfile *df = im->df;
  const char *ctx = im->context ? im->context : rc_path_dir(m->arena, df->path);
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    const char *words[64];
    size_t nw = copy_words(m->arena, in->args, words, 64);
    for (size_t k = 0; k + 1 < nw; k++) {
      const char *src = rc_path_join(m->arena, ctx, context_rel(words[k]));
      /* a source naming a variable or climbing out of the context
       * (`COPY $SRC .`, `COPY ../x .`) names no path of the repository */
      if (!src)
        continue;
      /* a wildcard matching the file itself (`COPY ./etc/<star>.conf
       * /app/etc/`) picks it by its name, wherever it lands */
      if (strpbrk(src, "*?[") && rc_glob_match(src, path))
        return true;
      if (source_copies(m->arena, ctx, src, path, true) &&
          strcmp(src, path) != 0 &&
          lands(words[nw - 1], landing(m->arena, words[nw - 1], src, path)))
        return true;
    }
  }
  return false;
}

bool rc_model_folder_lands(const struct rc_model *m, const char *path,
                           bool (*lands)(const char *dest, const char *place))
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    for (size_t k = 0; v->role == RC_ROLE_PRODUCTION && k < v->n_services;
         k++) {
      struct rc_mount *mounts;
      size_t n = rc_compose_mounts(&v->services[k], m->arena, &mounts);
      for (size_t j = 0; j < n; j++) {
        const char *src =
            mounts[j].bind
                ? rc_compose_mount_resolved(m->index, m->arena, &v->services[k],
                                            &mounts[j])
                : NULL;
        if (!src || !*src || strcmp(src, path) == 0 ||
            !rc_path_within(path, src))
          continue;
        if (!mounts[j].target ||
            lands(mounts[j].target,
                  landing(m->arena, mounts[j].target, src, path)))
          return true;
      }
    }
  }
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->built && s->built->df && folder_copy_lands(m, s->built, path, lands))
      return true;
  }
  return false;
}

/* ---- deployment files themselves ------------------------------------------
 */

struct env_file_hit {
  const struct rc_model *m;
  const char *project, *path;
  bool hit;
};

static void env_file_is(struct env_file_hit *h, const char *file)
{
  const char *f = rc_path_join(h->m->arena, h->project ? h->project : "", file);
  h->hit = h->hit || (f && strcmp(f, h->path) == 0);
}

static void on_env_file(const cJSON *item, const struct rc_where *at, void *arg)
{
  (void)at;
  const cJSON *p =
      cJSON_IsObject(item) ? cJSON_GetObjectItem(item, "path") : item;
  if (cJSON_IsString(p))
    env_file_is(arg, p->valuestring);
}

/* A top-level `secrets:` or `configs:` entry of the view's file k whose
 * `file:` (from where Compose starts that file's relative paths) is path
 * or a folder holding it: Compose mounts it into the services that name
 * it (/run/secrets/NAME). */
static bool compose_secret_file(const struct rc_model *m,
                                const struct rc_compose_view *v, size_t k,
                                const char *path)
{
  const struct rc_compose_file *f = v->files[k];
  static const char *const keys[] = {"secrets", "configs", NULL};
  for (size_t i = 0; f->root && keys[i]; i++) {
    const cJSON *top = cJSON_GetObjectItem(f->root, keys[i]), *it;
    cJSON_ArrayForEach(it, top) {
      const cJSON *file = cJSON_GetObjectItem(it, "file");
      const char *src = cJSON_IsString(file)
                            ? rc_path_join(m->arena, rc_compose_view_dir(v, k),
                                           file->valuestring)
                            : NULL;
      if (src && *src && rc_path_within(path, src))
        return true;
    }
  }
  return false;
}

/* path is a production compose file, the .env beside it (Compose reads
 * it for every `${VAR}`), or an env_file a production service loads. */
static const char *compose_holds(const struct rc_model *m, const char *path)
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION)
      continue;
    for (size_t k = 0; k < v->n_files; k++) {
      const struct rc_compose_file *f = v->files[k];
      if (strcmp(f->path, path) == 0)
        return rc_arena_printf(m->arena,
                               "it is written in the production "
                               "compose file '%s'",
                               f->path);
      if (compose_secret_file(m, v, k, path))
        return rc_arena_printf(m->arena,
                               "the production compose file '%s' mounts it "
                               "as a secret or config",
                               f->path);
      const char *env = rc_path_join(m->arena, f->dir, ".env");
      if (env && strcmp(env, path) == 0)
        return rc_arena_printf(m->arena,
                               "it is in the .env the production compose "
                               "file '%s' reads",
                               f->path);
    }
    for (size_t k = 0; k < v->n_services; k++) {
      struct env_file_hit h = {m, v->services[k].project, path, false};
      rc_compose_each(&v->services[k], "env_file", on_env_file, &h);
      /* `env_file: api.env`, one file written as a string */
      const char *one = rc_compose_str(&v->services[k], "env_file", NULL);
      if (one)
        env_file_is(&h, one);
      if (h.hit)
        return rc_arena_printf(m->arena,
                               "production compose service '%s' loads it as "
                               "an env_file",
                               v->services[k].name);
    }
  }
  return NULL;
}

const char *rc_model_deploy_file(const struct rc_model *m, const char *path)
{
  const char *why = compose_holds(m, path);
  if (why)
    return why;
  for (size_t i = 0; i < m->n_images; i++)
    if (m->images[i].role == RC_ROLE_PRODUCTION && m->images[i].dockerfile &&
        strcmp(m->images[i].dockerfile, path) == 0)
      return rc_arena_printf(
          m->arena, "it is written in the production Dockerfile '%s'", path);
  /* a manifest (a Secret with the key inline) that a production
   * kustomization or `kubectl apply` applies as written; not a chart's
   * values, which a template uses only when its conditions say so */
  bool manifest = false;
  for (size_t i = 0; i < m->k8s.n_docs && !manifest; i++)
    manifest = !m->k8s.docs[i].templated && m->k8s.docs[i].path &&
               strcmp(m->k8s.docs[i].path, path) == 0;
  for (size_t i = 0; manifest && i < m->k8s.n_entries; i++) {
    const struct rc_k8s_entry *e = &m->k8s.entries[i];
    if (e->role == RC_ROLE_PRODUCTION && e->kind != RC_K8S_CHART && e->path &&
        rc_path_within(path, e->path))
      return rc_arena_printf(m->arena,
                             "it is in a manifest under '%s', which the "
                             "deployment applies to Kubernetes (%s)",
                             e->path, e->why ? e->why : "production");
  }
  return NULL;
}

/* Views are built from every compose file, so a development stack's
 * services are there even though no rc_service was made of them. */
const struct rc_compose_view *rc_model_nonprod_user_of(const struct rc_model *m,
                                                       const char *path)
{
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role == RC_ROLE_PRODUCTION)
      continue;
    for (size_t k = 0; k < v->n_services; k++)
      if (mounts_path(m, v, &v->services[k], path, true))
        return v;
  }
  return NULL;
}

/* A database image runs what lands in /docker-entrypoint-initdb.d once, on
 * an empty data folder: a file mounted there is the stack's seed data,
 * shipped on purpose, whatever compose file (production or development)
 * mounts it. */
static bool seeds_path(const struct rc_model *m,
                       const struct rc_compose_service *cs, const char *path)
{
  static const char initdb[] = "/docker-entrypoint-initdb.d";
  struct rc_mount *mounts;
  size_t n = rc_compose_mounts(cs, m->arena, &mounts);
  for (size_t i = 0; i < n; i++)
    if (mounts[i].bind && mounts[i].path && *mounts[i].path &&
        mounts[i].target &&
        strncmp(mounts[i].target, initdb, sizeof(initdb) - 1) == 0 &&
        rc_path_within(path, mounts[i].path))
      return true;
  return false;
}

const struct rc_compose_view *rc_model_seed_user_of(const struct rc_model *m,
                                                    const char *path)
{
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_services; k++)
      if (seeds_path(m, &m->views[i].services[k], path))
        return &m->views[i];
  return NULL;
}
