/*
 * compose_probe.h - internal to src/probes: what the compose probe's
 * files (compose*.c) share - the probe's options, the run over the views
 * and the problems it records - and the functions they call in each
 * other, named compose_.
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

#endif
