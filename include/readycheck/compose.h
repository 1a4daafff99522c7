/*
 * compose.h - Docker Compose files for the deployment model: each file
 * parsed once with a line for every key, and *views*: a base file with the
 * overlays one deployment applies (`docker compose -f a -f b`), merged the
 * way Compose merges them. A merged service is kept as its layers (one
 * mapping per file, base first), so every value found keeps the file and
 * line it came from; lookups take the topmost layer that says something.
 */
#ifndef READYCHECK_COMPOSE_H
#define READYCHECK_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "readycheck/doc.h"
#include "readycheck/role.h"

struct rc_arena;

/* Where a value was written; line 0 when unknown. */
struct rc_where {
  const char *path;
  unsigned line;
};

struct rc_compose_file {
  const char *path; /* repo-relative */
  const char *dir;  /* its folder, "" at the root: the project directory */
  enum rc_role role;
  const char *why; /* the reason for the role ("" when none) */
  struct rc_docs docs;
  const cJSON *root;     /* the first document when it is a mapping */
  const cJSON *services; /* its `services` mapping, or NULL */
  const char *error;     /* why it could not be parsed, or NULL */
  /* services a comment right above them calls test or development only
   * ("# used only for testing purposes"): not judged as production */
  const char **disowned;
  size_t n_disowned;
};

/* The file's comment disowns its service `name`. */
bool rc_compose_file_disowns(const struct rc_compose_file *f, const char *name);

struct rc_compose_layer {
  const struct rc_compose_file *file;
  const cJSON *node; /* the service's mapping in that file */
  const char *dir;   /* where its relative paths start: the extended file's
                        folder for `extends: {file}`, else NULL (the
                        service's project directory) */
};

struct rc_compose_service {
  const char *name;
  struct rc_compose_layer *layers; /* base first; `extends` below its user */
  size_t n_layers;
  struct rc_where at;  /* where the service is first defined */
  const char *project; /* the view's first file's folder (an included
                          file's own folder for its services): relative
                          paths start there, as Compose's project
                          directory */
  /* Derived from the merged layers: */
  const char *context;    /* repo-relative build context, NULL if none here */
  const char *dockerfile; /* repo-relative Dockerfile, NULL if none here */
  bool dockerfile_inline; /* `build: dockerfile_inline:` - the Dockerfile is
                             written in the compose file itself */
  const char *dockerfile_var; /* `dockerfile:` as written when it holds a
                                 variable (the model resolves it), or NULL */
  const char *target;         /* build target stage, or NULL */
  const char *image;          /* `image:`, or NULL */
  const char *profiles;       /* "a, b" when only started with a profile */
  bool optional;              /* has profiles, none of them enabled */
};

struct rc_compose_view {
  const struct rc_compose_file **files; /* base first, then overlays */
  size_t n_files;
  size_t n_chained; /* files[0..n_chained) are the chain's (base and
                       overlays); the rest are files they `include:` */
  enum rc_role role;
  const char *why; /* how the model found it */
  struct rc_compose_service *services;
  size_t n_services;
  /* An add-on stack beside a base that is a development setup: what that
   * base writes is the developer's, and only the add-on's lines are judged
   * in this view. NULL otherwise. */
  const struct rc_compose_file *dev_base;
  /* An add-on file judged with its folder's base (files[1] adds services
   * to files[0]): whether the base deploys says nothing about the add-on. */
  bool addon;
  /* A production view's positive evidence that it deploys (a production-
   * named file or folder, a chain a deploy script, deploy job or
   * deployment document runs, a repository whose product is its compose
   * files, the image CI publishes), or NULL when there is none: its role
   * is then only presumed. Set by the model. */
  const char *deploys;
  /* A `docker stack deploy -c` names one of its files: Swarm runs it, and
   * restarts every task by default (restart_policy condition: any), and
   * ignores `restart:`. Set by the model. */
  bool swarm;
};

/* A volume entry of a service, long or short syntax, merged by target. */
struct rc_mount {
  const char *source;   /* as written ("./nginx.conf", "pgdata"), or NULL */
  const char *path;     /* bind source, repo-relative; NULL if not in repo */
  const char *path_any; /* with variables, the glob of the files it may
                           mount: "nginx/<star>.conf" for
                           "./nginx/${SETUP:-https}.conf"; else NULL */
  const char *target;   /* container path, or NULL */
  bool bind;            /* a host path, not a named volume or tmpfs */
  struct rc_where at;
};

/* True for names Compose files use: docker-compose*.y(a)ml, compose*.y(a)ml,
 * *-compose*.y(a)ml, *.compose.y(a)ml, docker-stack*.y(a)ml. */
bool rc_compose_is_name(const char *path);

/* True for any .yml/.yaml name: what `docker compose -f` may be given. */
bool rc_compose_is_yaml_name(const char *path);

/* True for YAML text in Compose's format whatever its file is named
 * (`db.mariadb.yml` an overlay script passes with -f): a top-level
 * `services:` mapping whose services have an image or a build. */
bool rc_compose_is_format(const char *data, size_t len);

/* Parses data as a compose file into *f (strings in a). Never fails:
 * f->error says why a file is unusable, and f->services is then NULL. A
 * file of comments only is usable and empty: no error, no root. */
void rc_compose_file_load(struct rc_compose_file *f, struct rc_arena *a,
                          const char *path, const char *data, size_t len);
void rc_compose_file_release(struct rc_compose_file *f);

/* Finds the compose file at a repo-relative path (loading it if it has
 * no compose-like name), or NULL. */
typedef const struct rc_compose_file *(*rc_compose_find_fn)(void *arg,
                                                            const char *path);

/* Merges files (base first) into v->services; profiles is the value of
 * COMPOSE_PROFILES ("a,b") or NULL. Arrays live in a. With find (may be
 * NULL), a file's top-level `include:` brings the services of the files it
 * names in below its own, and `extends: {file: x, service: y}` takes y of
 * file x as a layer below. */
void rc_compose_view_build(struct rc_compose_view *v, struct rc_arena *a,
                           const struct rc_compose_file **files, size_t n,
                           const char *profiles, rc_compose_find_fn find,
                           void *find_arg);

/* The value at a dotted key path ("deploy.resources.limits") in the topmost
 * layer that has it; *at (may be NULL) gets its place. NULL when absent. */
const cJSON *rc_compose_get(const struct rc_compose_service *s, const char *key,
                            struct rc_where *at);

/* The text of a string (or number) at key, or NULL. */
const char *rc_compose_str(const struct rc_compose_service *s, const char *key,
                           struct rc_where *at);

/* Another service of the view waits for the one named to finish
 * (`depends_on: NAME: condition: service_completed_successfully`): a
 * one-shot job (a migration, an init container), like `restart: "no"`. */
bool rc_compose_awaited(const struct rc_compose_view *v, const char *name);

/* Where a node of layer l was written. */
struct rc_where rc_compose_where(const struct rc_compose_layer *l,
                                 const cJSON *node);

/* Calls fn for each item of a sequence key (ports, expose, env_file...)
 * in every layer, base first: Compose concatenates them. */
void rc_compose_each(const struct rc_compose_service *s, const char *key,
                     void (*fn)(const cJSON *item, const struct rc_where *at,
                                void *arg),
                     void *arg);

/* The service's volumes merged by target (an overlay replaces a mount of
 * the same target). Returns the count; *out is in a. */
size_t rc_compose_mounts(const struct rc_compose_service *s, struct rc_arena *a,
                         struct rc_mount **out);

/* The folder where relative paths of v->files[k] start: the project
 * directory (the first file's folder) for the chain's files, an included
 * file's own folder for it. */
const char *rc_compose_view_dir(const struct rc_compose_view *v, size_t k);

/* A service's `configs:` or `secrets:` entry (key; `- site` or `- source:
 * site`) through the top-level definition Compose gives it: the topmost
 * file of the view that defines the name (`configs: {site: {file:
 * ./site.conf}}`; an overlay's definition replaces the base's, and one in
 * an overlay that does not touch the service still counts), else a file
 * the service `extends:`. v may be NULL: only the service's own layers'
 * files are read then. Returns that definition, or NULL when no file
 * defines the name; *path (may be NULL) gets the repository path of its
 * `file:`, resolved as Compose resolves it - from the project directory,
 * whichever file of the set defines it (an included or extended file: its
 * own folder) - or NULL when there is no `file:` or it is absolute, holds
 * a variable or leaves the repository. */
const cJSON *rc_compose_delivered(const struct rc_compose_view *v,
                                  const struct rc_compose_service *s,
                                  struct rc_arena *a, const char *key,
                                  const cJSON *entry, const char **path);

/* The service's environment merged by name (mapping or list syntax; an
 * overlay replaces a name). fn gets NULL as value for a bare `- NAME`. */
void rc_compose_env(const struct rc_compose_service *s,
                    void (*fn)(const char *name, const char *value,
                               const struct rc_where *at, void *arg),
                    void *arg);

#endif
