/*
 * model.h - what actually deploys, built once per run from the file index,
 * after it and before the probes, which only read it.
 *
 * - Compose files, each with a role from its path, and the *views* a
 *   deployment runs: a base file with the overlays production applies
 *   (files named prod/production/deploy/..., or chained with -f in CI,
 *   Makefiles, scripts and READMEs), merged as Compose merges them. Dev,
 *   test, example and archived files are never merged into a production
 *   view; a file that only starts databases for an app run on the host is
 *   a development stack.
 * - Dockerfiles, parsed, and the images built from them: by a production
 *   compose service, by CI or a script, or - when nothing in the repository
 *   builds images - every Dockerfile that is not a test, tool or base image.
 * - Services: the compose services of the production views, images built
 *   outside compose, and app folders with a start script or platform file.
 * - Kubernetes workloads that kustomizations, charts, kubectl/helm,
 *   skaffold and GitOps sources deploy (k8s.h).
 *
 * The model never fails: what it cannot read it records as unknown
 * (rc_compose_file.error) and the probes judge that as they must.
 */
#ifndef READYCHECK_MODEL_H
#define READYCHECK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/compose.h"
#include "readycheck/dockerfile.h"
#include "readycheck/entry.h"
#include "readycheck/k8s.h"
#include "readycheck/role.h"

struct rc_arena;
struct rc_index;

/* A Dockerfile as something builds it. */
struct rc_image {
  const char *dockerfile;         /* repo-relative */
  const struct rc_dockerfile *df; /* NULL when the file does not exist */
  const char *context;            /* repo-relative, NULL when unknown */
  const char *target;             /* build target, or NULL for the last stage */
  long stage;                     /* the stage built; -1 if unknown */
  enum rc_role role;
  const char *why;          /* "built by compose service 'api' (...)", ... */
  struct rc_where at;       /* where it is built, else the Dockerfile */
  const char *tag;          /* the image name a build tags it with, or NULL */
  const char *tag_glob;     /* that name with variables as wildcards, or NULL */
  const char *tag_glob_tag; /* the tag written after it, or NULL */
  const char *tag_refs;     /* its tags as written, space-separated, or NULL */
  const char *via;          /* the command that builds it when its file does
                               not say ("package.json script docker:build") */
};

/* How a service's reached files were found. */
enum rc_reach_mode {
  RC_REACH_NONE,    /* no JavaScript/TypeScript package here */
  RC_REACH_ENTRIES, /* from its entry points along imports */
  RC_REACH_ALL,     /* entry points unknown, or found by convention: every
                       source file of its folder */
};

enum rc_service_kind {
  RC_SERVICE_COMPOSE, /* a service of a production compose view */
  RC_SERVICE_IMAGE,   /* an image built from the repository outside compose */
  RC_SERVICE_APP,     /* a folder with a start script or a platform file */
};

struct rc_service {
  const char *name;
  enum rc_service_kind kind;
  const char *dir;     /* source folder ("" the root); NULL: upstream image */
  const char *context; /* build context, or NULL */
  const char *dockerfile;                   /* repo-relative, or NULL */
  const char *image;                        /* compose `image:`, or NULL */
  const struct rc_image *built;             /* or NULL */
  const struct rc_compose_service *compose; /* RC_SERVICE_COMPOSE */
  const struct rc_compose_view *view;       /* RC_SERVICE_COMPOSE */
  const char *command; /* what it runs, as written; NULL when unknown */
  const char *why;     /* how the model found it */
  struct rc_where at;
  enum rc_reach_mode reach;    /* JavaScript/TypeScript reachability */
  size_t n_entries;            /* entry files found */
  size_t n_reached;            /* source files reached (entries included) */
  enum rc_reach_mode py_reach; /* Python reachability (pyreach.c) */
  size_t n_py_entries, n_py_reached;
  const char *py_why; /* RC_REACH_ALL: what the walk could not follow */
  enum rc_reach_mode go_reach; /* Go reachability (goreach.c) */
  size_t n_go_entries, n_go_reached;
  const char *go_why; /* RC_REACH_ALL: why the walk cannot tell */
};

/* A JavaScript/TypeScript, Python or Go source file a service runs. */
struct rc_reached {
  const char *path;
  const struct rc_service *service; /* the first service reaching it */
};

enum { RC_SETTINGS_MAX_BASES = 4 };

/* A Django settings module something names in DJANGO_SETTINGS_MODULE
 * (settings.c). */
struct rc_settings_use {
  const char *module; /* "mysite.settings.production" */
  const char *path;   /* its file */
  enum rc_role role;  /* of what names it; RC_ROLE_UNUSED: a wsgi.py default
                         the production environment overrides */
  const char *why;    /* "the ENV of a production image", ... or NULL */
  bool by_default;    /* os.environ.setdefault in wsgi.py / asgi.py */
  struct rc_where at; /* where it is named */
  const char *local;  /* the operator's local settings file the module loads
                         last (`from .local_settings import *`, an exec of
                         local_settings.py or of a file an environment
                         variable names) and the repository does not
                         hold: its values are defaults; NULL otherwise */
  /* the modules it inherits with a star import (`from .base import *`,
   * `from mysite.settings.common import *`), nearest first, each with the
   * top-level names the modules above it assign after importing it
   * ("\nDEBUG\nALLOWED_HOSTS\n"): what production takes from them is the
   * rest */
  const char *bases[RC_SETTINGS_MAX_BASES];
  const char *shadowed[RC_SETTINGS_MAX_BASES];
  size_t n_bases;
};

/* A folder whose README says it holds samples not to deploy. */
struct rc_collection {
  const char *dir; /* "" for the root */
  const char *line;
};

struct rc_model {
  struct rc_arena *arena;
  struct rc_index *index;
  struct rc_compose_file *compose; /* every compose file, path order */
  size_t n_compose;
  struct rc_compose_view *views; /* production views first */
  size_t n_views;
  struct rc_dockerfile *dockerfiles; /* every Dockerfile, path order */
  size_t n_dockerfiles;
  struct rc_image *images; /* production images first */
  size_t n_images;
  /* the images by Dockerfile path, for rc_model_file_role(); NULL while
   * the model is being built */
  const struct rc_image **images_by_df;
  struct rc_service *services;
  size_t n_services;
  struct rc_entries entries;
  bool builds_unresolved;     /* CI builds images from paths it computes */
  struct rc_k8s k8s;          /* Kubernetes workloads (k8s.h) */
  struct rc_reached *reached; /* sorted by path */
  size_t n_reached;
  void *resolver; /* reach.c's package names and tsconfig cache */
  struct rc_compose_file **extra_compose; /* files only `include:` or
                                             `extends: {file}` names */
  size_t n_extra_compose;
  struct rc_collection *collections; /* README-declared sample folders */
  size_t n_collections;
  void *k8s_prefetch; /* k8s.c's files parsed ahead, until rc_k8s_build() */
  struct rc_settings_use *settings; /* DJANGO_SETTINGS_MODULE, found order */
  size_t n_settings, cap_settings;
  /* Flask config classes and Rails environment files (appsettings.h) */
  struct rc_app_settings *app_settings;
  size_t n_app_settings, cap_app_settings;
};

/* Builds the model of the indexed repository. Caller owns it; free with
 * rc_model_free(). Reads files through the index (cached there). */
struct rc_model *rc_model_new(struct rc_index *idx);
void rc_model_free(struct rc_model *m);

/* The README line saying that path's folder, or one above it, holds
 * samples not for production ("These samples must not be deployed in
 * production"), or NULL. */
const char *rc_model_collection_line(const struct rc_model *m,
                                     const char *path);

/* The role of the repository file at path: a compose file's as the model
 * judged it (its name, folder, header and README), a Dockerfile only
 * development stacks build is development, any other file's role comes
 * from its folders and name (role.h). */
enum rc_role rc_model_file_role(const struct rc_model *m, const char *path);

/* The parsed Dockerfile at path, or NULL. */
const struct rc_dockerfile *rc_model_dockerfile(const struct rc_model *m,
                                                const char *path);

/* The production image built from path (and target, NULL for any), or
 * NULL. */
const struct rc_image *rc_model_image(const struct rc_model *m,
                                      const char *dockerfile);

/* The deployed service whose entry points reach the JavaScript/TypeScript
 * or Python file at path, or NULL when none does. */
const struct rc_service *rc_model_reached_by(const struct rc_model *m,
                                             const char *path);

/* The production service that uses the repository file at path: mounts
 * it (or a folder holding it) into a container, or copies it into its
 * image by name (COPY nginx.conf ..., COPY conf/ ...; not a whole-context
 * `COPY . .`). NULL when no deployed service does. */
const struct rc_service *rc_model_user_of(const struct rc_model *m,
                                          const char *path);

/* The compose service of a production view that mounts the repository
 * file at path (with by_folder, or a folder holding it), or NULL.
 * rc_model_user_of, rc_model_user_naming and rc_model_ships do not count
 * such a mount when no model service stands for it (none has its name):
 * a caller names it by itself and its compose file (cs->at.path), never
 * by another service. */
const struct rc_compose_service *
rc_model_view_mount(const struct rc_model *m, const char *path, bool by_folder);

/* Where a production script or Makefile copies the repository file at path
 * into place by hand (`cp contrib/nginx.conf /etc/nginx/sites-available/`,
 * `curl $RAW/contrib/nginx.conf > etc/nginx.conf`; with by_folder, also a
 * copy of a folder holding it), or NULL (uses.c). */
const struct rc_where *rc_model_copied_by(const struct rc_model *m,
                                          const char *path, bool by_folder);

/* Whether a production service holds path inside a folder it copies or
 * mounts (a use of the folder, not of path itself) and that folder goes
 * where lands() accepts: dest is the COPY's destination or the mount's
 * target as written, place where path lands below it. A mount with no
 * target counts as landing anywhere. */
bool rc_model_folder_lands(const struct rc_model *m, const char *path,
                           bool (*lands)(const char *dest, const char *place));

/* Whether only side stacks use the repository file at path: the
 * repository says how it is deployed (a production view with positive
 * evidence that it deploys, its `deploys`), yet only compose stacks
 * without that evidence mount path (or a folder holding it); no
 * production image copies it, no deploy script copies it into place, and
 * no view with evidence mounts it. A proxy trial or a local validation
 * rig beside the documented deployment. False when nothing uses it, and
 * when m is NULL. */
bool rc_model_side_stack_only(const struct rc_model *m, const char *path);

/* Like rc_model_user_of, but only a use that names path itself: a mount or
 * COPY of the file, not of a folder that holds it. */
const struct rc_service *rc_model_user_naming(const struct rc_model *m,
                                              const char *path);

/* The production service whose containers hold the repository file at
 * path: a production compose service mounts it (or a folder holding it),
 * or the stage a production image builds (or a stage it starts FROM)
 * copies it by name or its folder, or copies it from an earlier stage
 * that took it from the context (`COPY . /src` in a build stage, then
 * `COPY --from=build /src/default.pem /app/`). Unlike rc_model_user_of,
 * a build stage's own copies do not count: they stay behind. */
const struct rc_service *rc_model_ships(const struct rc_model *m,
                                        const char *path);

/* Like rc_model_ships, but only through an image: the stage a production
 * image builds copies path (or its folder), or takes it from a build
 * stage. A compose mount does not count: every container of that image
 * holds the file, whichever stack runs it. */
const struct rc_service *rc_model_bakes(const struct rc_model *m,
                                        const char *path);

/* Whether path is itself a file the production deployment runs or
 * applies: a production compose file, the .env beside it or an env_file a
 * production service loads, a production image's Dockerfile, or a
 * manifest a production kustomization or `kubectl apply` applies as
 * written (a Secret with the key inline; not a chart's values, which
 * templates use only when enabled). A reason ("it is
 * written in the production compose file 'x'"), or NULL. */
const char *rc_model_deploy_file(const struct rc_model *m, const char *path);

/* A compose view that is not production (a development or test stack)
 * whose services bind-mount path or a folder holding it, or NULL. */
const struct rc_compose_view *rc_model_nonprod_user_of(const struct rc_model *m,
                                                       const char *path);

/* A compose view (of any role) whose services mount path, or a folder
 * holding it, into a database image's /docker-entrypoint-initdb.d: seed
 * data the stack loads on first start. NULL when none does. */
const struct rc_compose_view *rc_model_seed_user_of(const struct rc_model *m,
                                                    const char *path);

/* The repository file a JavaScript/TypeScript import names - relative, or
 * through a tsconfig/jsconfig `paths` alias or `baseUrl` - or NULL when it
 * names no file here (a package). from_dir is the importing file's folder. */
const char *rc_model_resolve_import(const struct rc_model *m,
                                    const char *from_dir, const char *spec);

/* A workflow file named for deploying (deploy, release, prod, publish,
 * rollout) says what it is for, whatever it runs on (runner.c). */
bool rc_workflow_deploy_named(const char *path);

/* True when chain is a CI workflow line that starts the stack on the
 * hosted CI runner itself (`docker compose -f a -f b up` with no other
 * Docker host and no self-hosted runner): a test harness (runner.c). */
struct rc_chain;
bool rc_chain_on_ci_runner(struct rc_index *idx, struct rc_arena *a,
                           const struct rc_chain *c);

/* True when chain is a CI workflow command (its `\`-continued lines
 * joined) that starts the stack and the workflow talks to another Docker
 * host (DOCKER_HOST, a docker context, `docker -H`, ssh, a self-hosted
 * runner): the stack outlives the job. A `config`, `ps` or `logs` line,
 * or a start on the hosted runner, is not (runner.c). */
bool rc_chain_on_other_host(struct rc_index *idx, struct rc_arena *a,
                            const struct rc_chain *c);

/* Resolves compose `dockerfile:` values written with a variable, from the
 * default they write or the committed env files beside them (model
 * building; buildvars.c). */
void rc_buildvars_resolve(struct rc_model *m);

/* text (a compose value written with `${VAR}`s) as the project at dir runs
 * it: each variable takes the one value the committed env files beside dir
 * give (`.env`, `.env.example`), else its `:-` default; NULL when one has
 * neither. Arena string (buildvars.c). */
const char *rc_compose_env_substitute(struct rc_index *idx, struct rc_arena *a,
                                      const char *dir, const char *text);

/* The repository path a bind mount of service s mounts as the project runs
 * it: a source written with variables (`${NGINX_CONFIG_PATH}`,
 * `${CONF:-./nginx}`) takes the value the env files beside the compose
 * file set (`.env`, `env.example`), else its defaults (m->path); m->path
 * when it has none (buildvars.c). */
const char *rc_compose_mount_resolved(struct rc_index *idx, struct rc_arena *a,
                                      const struct rc_compose_service *s,
                                      const struct rc_mount *m);

/* Fills m->reached from m->services, and releases it (model building;
 * reach.c). */
void rc_reach_build(struct rc_model *m);
void rc_reach_release(struct rc_model *m);

/* Adds the n files of more (an rc_xcalloc'd array it frees) to
 * m->reached, kept sorted by path and one entry per path: how another
 * language's walk joins the JavaScript one (pyreach.c, goreach.c). */
void rc_reach_add(struct rc_model *m, struct rc_reached *more, size_t n);

/* How many indexed files under dir ("" the root) is_source accepts; with
 * any, stops at the first (whether a service has code of a language). */
size_t rc_reach_count_sources(const struct rc_model *m, const char *dir,
                              bool (*is_source)(const char *path), bool any);

/* Fills m->settings: the Django settings modules the repository names,
 * each with the role of what names it; and releases it (settings.c). */
void rc_settings_build(struct rc_model *m);
void rc_settings_release(struct rc_model *m);

/* How the Django settings module at path is used: the best-role use, or
 * NULL when nothing names it (or only a wsgi.py default the production
 * environment overrides). */
const struct rc_settings_use *rc_model_settings_use(const struct rc_model *m,
                                                    const char *path);

/* When the file at path is a module a production settings module (not
 * completed by the operator's local settings) inherits with a star import:
 * that use, with the names the inheriting modules assign after the import
 * in *shadowed ("\nDEBUG\n..."; a line setting one of them is not what
 * production runs). NULL otherwise. */
const struct rc_settings_use *
rc_model_settings_inherited(const struct rc_model *m, const char *path,
                            const char **shadowed);

/* The deployed service that runs the Python file at path: one whose
 * entry points reach it, or whose folder it is in when that service
 * counts every file of its folder (its imports not followed). NULL when
 * none does. */
const struct rc_service *rc_model_py_runs(const struct rc_model *m,
                                          const char *path);

/* Adds to m->reached the Python files each service's command reaches
 * along imports (model building, after rc_reach_build; pyreach.c). */
void rc_pyreach_build(struct rc_model *m);
/* The file of Python module path rel (a/b/c, slashes): a/b/c.py or
 * a/b/c/__init__.py anywhere in the repository, the one sharing the
 * longest prefix with near (the naming file's folder); NULL when there is
 * none (pyreach.c). */
const char *rc_py_module_nearest(const struct rc_model *m, struct rc_arena *a,
                                 const char *rel, const char *near);

/* The deployed service that runs the Go file at path: one whose main
 * packages import it (directly or not), or whose folder it is in when that
 * service counts every Go file of its folder. NULL when none does. */
const struct rc_service *rc_model_go_runs(const struct rc_model *m,
                                          const char *path);

/* Adds to m->reached the Go files of the packages each service's main
 * packages import, within the repository's modules (model building;
 * goreach.c). */
void rc_goreach_build(struct rc_model *m);

/* The production image this repository builds that runs under the image
 * name `image` (a compose `image:`, a Kubernetes container's image): the
 * one CI tags with that name, or the project's only image when the name is
 * the project's own. NULL when none (an upstream image). */
const struct rc_image *rc_model_image_named(const struct rc_model *m,
                                            const char *image);

/* The service the model made of compose service cs, or NULL. */
const struct rc_service *
rc_model_service_of(const struct rc_model *m,
                    const struct rc_compose_service *cs);

/* True when the name is a Dockerfile's: Dockerfile, Dockerfile.x,
 * Dockerfile-x, x.Dockerfile, x.dockerfile, Containerfile. */
bool rc_model_is_dockerfile_name(const char *path);

/* True when a compose image is a database, cache or broker (postgres,
 * redis, rabbitmq, ...), by its name without registry and tag. */
bool rc_model_is_database_image(const char *image);
/* The image name without registry path, tag or digest, lower case
 * ("ghcr.io/org/Postgres:16" -> "postgres"), cut to outlen - 1 bytes. */
void rc_model_image_name(const char *image, char *out, size_t outlen);

/* True when the image is infrastructure a developer runs beside an app:
 * a database, cache, broker, mail catcher, object store or admin UI. */
bool rc_model_is_infra_image(const char *image);

#endif
