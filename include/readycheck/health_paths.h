/*
 * health_paths.h - the HTTP paths health checks ask for: in one command
 * (a compose healthcheck test, a Dockerfile HEALTHCHECK), and over the
 * deployment model's services.
 *
 * Only requests to the container itself count: "http://localhost:8080/x",
 * "127.0.0.1:3000/x", "0.0.0.0/x", "[::1]/x" (scheme optional), and the
 * request line a check writes to bash's /dev/tcp/HOST/PORT ("GET /x
 * HTTP/1.1"). Paths are cut at '?', '#', quotes, spaces and shell
 * punctuation; longer than RC_HEALTH_PATH_MAX bytes are ignored.
 */
#ifndef READYCHECK_HEALTH_PATHS_H
#define READYCHECK_HEALTH_PATHS_H

#include <stddef.h>

#include "readycheck/compose.h"

struct rc_arena;
struct rc_model;
struct rc_service;

enum { RC_HEALTH_PATH_MAX = 256 };

/* Calls fn with each local URL path in cmd, in order (duplicates too). */
void rc_health_cmd_paths(const char *cmd,
                         void (*fn)(const char *path, void *arg), void *arg);

/* A health check path of a deployed service. */
struct rc_health_path {
  const char *path;             /* "/healthz" */
  const char *service;          /* the service's name */
  const struct rc_service *svc; /* the service itself */
  const char *what;   /* "services.api healthcheck", "Dockerfile HEALTHCHECK" */
  struct rc_where at; /* where the check is declared */
};

/* The distinct health check paths of the model's services: each compose
 * service's `healthcheck.test` (merged layers), else the HEALTHCHECK its
 * image inherits from the Dockerfile stage built. A service whose check is
 * `disable: true` or NONE has none. Returns the count; *out lives in a. */
size_t rc_health_paths(const struct rc_model *m, struct rc_arena *a,
                       struct rc_health_path **out);

/* The same checks service by service: a path two services check is listed
 * for each (the health_route probe judges each against its own code). */
size_t rc_health_checks(const struct rc_model *m, struct rc_arena *a,
                        struct rc_health_path **out);

#endif
