/*
 * compose_restart.c - resource_limits and restart_policy: what a
 * service's deploy: and restart: keys set, a Swarm-only deploy: section, a
 * restart policy commented out, and a console or sibling that restarts in
 * its place.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/execform.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/installer.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/submodule.h"
#include "readycheck/role.h"
#include "readycheck/shellwords.h"

#include "compose_probe.h"

void compose_req_limits(struct run *r, const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "deploy.resources.limits.memory", NULL) ||
      rc_compose_get(s, "deploy.resources.limits.cpus", NULL) ||
      rc_compose_get(s, "mem_limit", NULL) || rc_compose_get(s, "cpus", NULL) ||
      rc_compose_get(s, "cpu_quota", NULL) || compose_one_shot(r, s))
    return;
  compose_problem(
      r, s, NULL,
      "no resource limits (deploy.resources.limits or mem_limit/cpus)");
}

/* A service sets a `deploy:` key only Swarm reads - placement
 * constraints, `mode: global`, rolling update or rollback settings,
 * `endpoint_mode` - which `docker compose up` ignores: the file is
 * written for `docker stack deploy`, whatever it is called. (Replicas and
 * resource limits say nothing: Compose honours them too.) */
static bool swarm_only_deploy(const struct rc_compose_service *s)
{
  static const char *const keys[] = {"deploy.placement", "deploy.update_config",
                                     "deploy.rollback_config",
                                     "deploy.endpoint_mode", NULL};
  for (size_t i = 0; keys[i]; i++)
    if (rc_compose_get(s, keys[i], NULL))
      return true;
  const char *mode = rc_compose_str(s, "deploy.mode", NULL);
  return mode && strncmp(mode, "global", 6) == 0;
}

/* A Swarm stack file (docker-stack.yml, *.swarm.yml, a file a `docker
 * stack deploy -c` runs, or one whose services carry Swarm-only deploy
 * settings): Swarm restarts every task by default (restart_policy
 * condition: any). */
bool compose_swarm_stack(const struct rc_compose_view *v)
{
  const char *path = v->files[0]->path;
  if (v->swarm || rc_role_name_has(path, "stack") ||
      rc_role_name_has(path, "swarm"))
    return true;
  for (size_t i = 0; i < v->n_services; i++)
    if (swarm_only_deploy(&v->services[i]))
      return true;
  return false;
}

/* The indentation of a line, or -1 when it holds nothing but a comment
 * or blanks. */
static int indent_of(const char *line, size_t n)
{
  size_t k = 0;
  while (k < n && (line[k] == ' ' || line[k] == '\t'))
    k++;
  return k == n || line[k] == '#' || line[k] == '\r' ? -1 : (int)k;
}

/* The service's `restart:` is commented out in a file that defines it
 * (`# restart: unless-stopped  # don't enable until configured`): the
 * author left it off on purpose, and says so where the reader sees it. */
static bool restart_commented_out(struct run *r,
                                  const struct rc_compose_service *s)
{
  for (size_t i = 0; i < s->n_layers; i++) {
    struct rc_where at = rc_compose_where(&s->layers[i], s->layers[i].node);
    const struct rc_entry *e = rc_index_find(r->ctx->index, at.path);
    const char *data;
    size_t len;
    char err[128];
    if (!e || !at.line ||
        rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    const char *p = data, *end = data + len;
    for (unsigned n = 1; n < at.line && p < end; n++) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      p = nl ? nl + 1 : end;
    }
    int own = -1; /* the service key's indentation */
    for (bool first = true; p < end; first = false) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      size_t n = (size_t)((nl ? nl : end) - p);
      int ind = indent_of(p, n);
      if (first)
        own = ind;
      else if (ind >= 0 && ind <= own)
        break; /* the next service, or the next top-level key */
      else if (ind < 0) {
        const char *t = p + strspn(p, " \t");
        if (t < p + n && *t == '#') {
          t++;
          t += strspn(t, " \t");
          if (strncmp(t, "restart:", 8) == 0)
            return true;
        }
      }
      p = nl ? nl + 1 : end;
    }
  }
  return false;
}

/* An operator's console or debugging tool (a database admin UI, a mail
 * catcher, Sentry Spotlight, the Temporal web UI, Jaeger's in-memory
 * all-in-one, an API-docs viewer, a log viewer): started to look at
 * something, and no loss when a reboot leaves it down. */
static bool console_image(const char *image)
{
  static const char *const names[] = {
      "adminer",       "pgadmin",         "pgadmin4",           "phpmyadmin",
      "mongo-express", "redis-commander", "redisinsight",       "mailhog",
      "mailpit",       "maildev",         "spotlight",          "kafka-ui",
      "akhq",          "mailcatcher",     "smtp4dev",           "mailcrab",
      "inbucket",      "swagger-ui",      "swagger-editor",     "pgweb",
      "dozzle",        "mailslurper",     "docker-mailslurper", NULL};
  static const char *const paths[] = {"temporalio/ui",
                                      "jaegertracing/all-in-one", NULL};
  if (!image)
    return false;
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  for (size_t i = 0; names[i]; i++)
    if (strcasecmp(name, names[i]) == 0)
      return true;
  for (size_t i = 0; paths[i]; i++)
    if (rc_str_find_ci(image, paths[i]))
      return true;
  return false;
}

/* A service of the view that is restarted (`restart:` other than "no",
 * or deploy.restart_policy): what shows the policy was meant for the
 * stack, and its value. */
static const struct rc_compose_service *
restarted_sibling(const struct rc_compose_view *v, const char **how)
{
  for (size_t i = 0; i < v->n_services; i++) {
    const char *rs = rc_compose_str(&v->services[i], "restart", NULL);
    if (rs && strcmp(rs, "no") != 0) {
      *how = rs;
      return &v->services[i];
    }
    if (rc_compose_get(&v->services[i], "deploy.restart_policy", NULL)) {
      *how = NULL;
      return &v->services[i];
    }
  }
  return NULL;
}

void compose_req_restart(struct run *r, const struct rc_compose_service *s)
{
  if (rc_compose_get(s, "restart", NULL) ||
      rc_compose_get(s, "deploy.restart_policy", NULL) ||
      compose_one_shot(r, s) || compose_swarm_stack(r->view) ||
      console_image(s->image) || restart_commented_out(r, s))
    return;
  /* what the file tells: its other services are restarted, this one is
   * not; whether something outside the file restarts it, it does not */
  const char *how = NULL;
  const struct rc_compose_service *sib = restarted_sibling(r->view, &how);
  if (sib && how)
    compose_problem(
        r, s, NULL,
        "no restart policy, while services.%s has one (restart: %s): "
        "after a crash or a reboot this one stays down",
        sib->name, how);
  else if (sib)
    compose_problem(r, s, NULL,
                    "no restart policy, while services.%s has a "
                    "deploy.restart_policy: after a crash or a reboot this one "
                    "stays down",
                    sib->name);
  else
    compose_problem(r, s, NULL, "no restart policy");
}

/* The data outlives the container on a named volume or a host folder
 * (a bind mount persists as well); an anonymous volume or nothing does
 * not survive `docker compose down -v` / a recreated container. */
