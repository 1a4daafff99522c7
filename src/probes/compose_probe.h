/*
 * compose_probe.h - internal to src/probes: what the compose probe's
 * files (compose*.c) share - the probe's options, the run over the views
 * and the problems it records - and the functions they call in each
 * other, named compose_. compose.c is the probe's table entry, options,
 * recording and which views are judged; compose_services.c what a service
 * is; one file per requirement: compose_healthcheck.c, compose_restart.c
 * (limits and restart policies), compose_databases.c, compose_scripts.c,
 * compose_refs.c, compose_nginx.c, compose_secrets.c.
 */
#ifndef READYCHECK_PROBES_COMPOSE_PROBE_H
#define READYCHECK_PROBES_COMPOSE_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/model.h"
#include "readycheck/probe.h"

/* refs_exist only: which missing references are reported. A reference of
 * a view that shows it deploys breaks that deployment (deployed); one of a
 * view nothing shows deploying, or one that resolves from the repository
 * root but not from the compose file's folder (a file moved away from the
 * paths it was written for), may be a stale alternative (other). */
enum { REFS_ANY, REFS_DEPLOYED, REFS_OTHER, REFS_PRESUMED };

/* db_not_public only: which published databases are judged, by whether a
 * service of the stack reaches the database over the compose network. */
enum { CLIENTS_ANY, CLIENTS_STACK, CLIENTS_OUTSIDE };

/* healthcheck only: which missing healthchecks are reported, by whether
 * the file shows something that would act on one or notice its absence
 * (a dependant, a checked neighbour, a restart policy, Swarm replicas). */
enum { WATCH_SHOWN, WATCH_UNSHOWN, WATCH_ANY };

struct cfg {
  struct rc_strlist file;
  int require;
  struct rc_strlist exclude;
  int restart_set;
  int deploys;
  int refs;
  int db_clients;
  int watch;
};

/* One finding: a service of a view and what is wrong, where. */
struct problem {
  const char *service;
  const char *why;
  struct rc_where at;
  const char *secret;  /* the literal a plaintext secret holds, or NULL */
  size_t n_also;       /* other places of the file that repeat it */
  const char *defined; /* the file that first defines the service */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_arena *a;
  const struct rc_compose_view *view; /* being judged */
  struct problem *p;
  size_t n_p, cap_p;
  size_t n_checked, n_files, n_views;
  /* services in which the requirement found something to look at (an
   * exec-form healthcheck, a secret-named variable): none means the
   * pass rests on nothing (rc_check.vacuous) */
  size_t n_examined;
  size_t n_views_left; /* views restart_set leaves to the other rule */
  size_t n_presumed;   /* views deploys: evidenced leaves out */
  /* the services judged, each once however many views hold it (by name
   * and the file defining it): what "N of M services" counts, as N does */
  const struct rc_compose_service **names;
  size_t n_names, cap_names;
};

/* Records what is wrong with service s of the view being judged, at `at`
 * (the service's own place when NULL), once per place. */
void compose_problem(struct run *r, const struct rc_compose_service *s,
                     const struct rc_where *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* 1 exists (in git's view or on disk), 0 not, -1 cannot tell. */
int compose_exists(struct run *r, const char *path);

/* The text of line `line` (1-based) of path: its start, and its length in
 * *n; NULL when unreadable. */
const char *compose_file_line(struct run *r, const char *path, unsigned line,
                              size_t *n);

/* A file rather than a directory: "nginx.conf", ".env", not "conf.d" or
 * "data". */
bool compose_file_like(const char *path);

/* A TLS certificate or private key, a keystore: the operator's own. */
bool compose_key_material(const char *path);

/* The bind mount's source m (its path resolved as the project runs it,
 * stored in m->path) is in the repository, or something provides it
 * before the stack starts: git ignores it (the operator's), a template
 * beside it, the README, an installer or the repository's automation
 * makes it, a submodule holds it, or it is key material. */
bool compose_mount_provided(struct run *r, const struct rc_compose_service *s,
                            struct rc_mount *m);

/* refs_exist (dirs false: build contexts, Dockerfiles, mounted files) and
 * bind_dirs_exist (dirs true: mounted folders) for service s: each
 * missing reference in the scope cfg->refs selects is a problem. */
void compose_req_refs(struct run *r, const struct rc_compose_service *s,
                      bool dirs);

/* nginx_config (compose_nginx.c): stock nginx images, which start with the
 * configuration they are given, and nginx built here. */
bool compose_is_nginx(const struct rc_compose_service *s);

/* nginx_config for nginx service s: a mounted configuration the
 * repository shows missing (refs: deployed), or none the compose file
 * gives (refs: presumed). */
void compose_req_nginx_config(struct run *r,
                              const struct rc_compose_service *s);

/* no_plaintext_secrets (compose_secrets.c): each secret-named environment
 * variable of service s set to a literal in the file is a problem. */
void compose_req_no_plaintext(struct run *r,
                              const struct rc_compose_service *s);

/* compose_services.c: what a service is. */
const char *compose_str(const cJSON *node);

const cJSON *compose_get(const cJSON *obj, const char *key);

bool compose_is_cache(const char *image);

/* A message broker carries messages between services: what it holds is in
 * flight, not data of record, and a restart with empty queues loses no
 * state the application keeps. */
bool compose_is_broker(const char *image);

/* A data-only container (`command: /bin/true`, or an entrypoint that
 * ignores its command: `entrypoint: ["/bin/true"]`): it exits at once by
 * design, its volumes or its image are what the other services use. */
bool compose_exits_at_once(const struct rc_compose_service *s);

/* `deploy: replicas: 0`: Compose creates no container for it (a service
 * declared so that `docker compose pull` fetches an image the others
 * start themselves); nothing of it runs. */
bool compose_scaled_to_zero(const struct rc_compose_service *s);

bool compose_one_shot(const struct run *r, const struct rc_compose_service *s);

/* The production image the service builds - or runs, when CI builds and
 * tags it from this repository - with its stage. */
const struct rc_image *compose_built_image(const struct run *r,
                                           const struct rc_compose_service *s);

bool compose_image_healthcheck(const struct run *r,
                               const struct rc_compose_service *s);

/* Another service waits for this one with `condition: service_healthy`:
 * without a healthcheck Compose refuses to start the stack. */
const struct rc_compose_service *
compose_awaited_healthy(const struct rc_compose_view *v, const char *name);

/* The project's own code runs in it: built here, or the image CI builds
 * from here. A database or proxy image nobody waits on is the operator's
 * to watch, and so is an upstream image a Dockerfile only names. */
bool compose_runs_own_code(const struct run *r,
                           const struct rc_compose_service *s);

/* A background process that serves no traffic - a queue worker, a
 * scheduler, a task runner, a cron or cleanup sidecar - by its name or
 * command, with no published or exposed port: nothing probes it, and
 * reviewers differ on whether it needs a healthcheck. */
bool compose_background_worker(const struct run *r,
                               const struct rc_compose_service *s);

/* A reverse proxy in front of the application (`nginx`, `proxy`,
 * `app_proxy`, `caddy`), by a word of its name: when it fails the site is
 * down at once and visibly, nothing waits on it, and reviewers differ on
 * whether it needs a healthcheck of its own (dev labels: 10 debatable, 1
 * false, none true). */
bool compose_front_proxy(const struct rc_compose_service *s);

/* A helper beside the application that publishes no port - a monitoring
 * agent or metrics exporter, the stack's watchdog, a headless browser the
 * workers drive - by a word of its name: nobody reaches it from outside,
 * and reviewers differ on whether such a sidecar needs a healthcheck. */
bool compose_sidecar(const struct rc_compose_service *s);

/* The stack ships its own watchdog (a service named `watchdog`, or
 * `watchdog-...`) that checks the others and restarts them: their health
 * is watched, only not through Compose's healthcheck. */
bool compose_watched(const struct rc_compose_view *v);

/* Another service of the view has a healthcheck (in compose or its
 * image) - one that runs the project's own code, when own is set: the
 * file watches its services, and one left out is an oversight (dev labels
 * of findings beside such a service: 19 true, 3 debatable, 0 false). */
const struct rc_compose_service *
compose_checked_sibling(const struct run *r, const struct rc_compose_service *s,
                        bool own);

void compose_req_healthcheck(struct run *r, const struct rc_compose_service *s);

/* The service has no healthcheck and nothing would act on one: no other
 * service depends on it, it publishes no port (a loopback one serves a
 * proxy on the host) and exposes none, no proxy label routes to it, and
 * the stack is not
 * Swarm's (plain Compose does not restart an unhealthy container). An
 * internal service or worker of that kind gains only a status line from a
 * healthcheck, and reviewers differ on whether it owes one (dev labels of
 * such findings: 0 true, 6 debatable). */
bool compose_health_unused(const struct run *r,
                           const struct rc_compose_service *s);

const char *compose_base_name(const char *prog);

void compose_req_exec_healthcheck(struct run *r,
                                  const struct rc_compose_service *s);

void compose_req_limits(struct run *r, const struct rc_compose_service *s);

/* A Swarm stack file (docker-stack.yml, *.swarm.yml, a file a `docker
 * stack deploy -c` runs, or one whose services carry Swarm-only deploy
 * settings): Swarm restarts every task by default (restart_policy
 * condition: any). */
bool compose_swarm_stack(const struct rc_compose_view *v);

void compose_req_restart(struct run *r, const struct rc_compose_service *s);

/* The data lives in the service's own mounts or in those of a service it
 * takes them from (`volumes_from: [mysqldata]`, the data-only container
 * pattern): that container's named volume or host folder is the store. */
void compose_req_db_volume(struct run *r, const struct rc_compose_service *s);

/* Ports as Compose merges them: every layer's, from the topmost one that
 * replaces those below it. With db_clients, only the ports of databases a
 * service of the stack reaches over the compose network (stack: the
 * published port serves nothing the file shows) or only the others
 * (outside: the port is how their clients - an app run on the host, a
 * tool, another host - reach them, which the file does not show). */
void compose_req_db_private(struct run *r, const struct rc_compose_service *s);

void compose_req_scripts(struct run *r, const struct rc_compose_service *s);

#endif
