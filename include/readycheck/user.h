/*
 * user.h - who the process of an image runs as, from its Dockerfile: the
 * USER at the stage built (following FROM <earlier stage>), a privilege
 * drop in the entrypoint (gosu, su-exec, chpst -u, ... in the Dockerfile or
 * in the script it starts; supervisord's user=), a nonroot base image, or
 * an official image (nginx, postgres, redis, ...) whose own entrypoint
 * drops privileges. One judgement shared by the dockerfile probe (images
 * compose and CI build) and the Kubernetes model (images a workload runs).
 */
#ifndef READYCHECK_USER_H
#define READYCHECK_USER_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_dockerfile;
struct rc_entry;
struct rc_index;

struct rc_image_user {
  bool non_root;       /* the service does not run as root */
  bool dropped;        /* ... because its entrypoint drops privileges: a
                          runtime that replaces the entrypoint loses that */
  bool base_unknown;   /* root only as far as can be seen: no USER here, and
                          the base is a publisher's image of unknown user
                          (not an official, OS or language image known to
                          run as root): that image decides */
  const char *partial; /* the server the entrypoint ends with runs its
                          workers unprivileged (`gunicorn --user app`,
                          nginx) while it starts as root: how, else NULL */
  unsigned line;       /* the USER instruction, else the stage's FROM */
  const char *why;     /* "runs as 'app'", "the image has no USER ...": arena */
};

/* Judges stage `stage` of df built from context (NULL: the Dockerfile's
 * folder). runtime, when not NULL, says how every runtime that runs the
 * image runs it unprivileged ("compose runs it as user 'app'"); it counts
 * when the image itself would run as root and nothing in it drops
 * privileges. Scripts the entrypoint names are read through idx. */
void rc_image_user(struct rc_index *idx, struct rc_arena *a,
                   const struct rc_dockerfile *df, size_t stage,
                   const char *context, const char *runtime,
                   struct rc_image_user *out);

/* The capability's name ("NET_ADMIN", "CAP_SYS_ADMIN", any case) when it
 * is one only root can use to effect - the host's network, the system, raw
 * devices, all of them - else NULL. A container granted one runs as root
 * by design (a VPN client, a firewall, a disk monitor). */
const char *rc_cap_needs_root(const char *cap);

/* True when a USER value names root ("root", "0", "root:root", "0:0"). */
bool rc_user_is_root(const char *user);

/* The privilege-dropping tool a command or script text uses (gosu,
 * su-exec, setpriv, s6-setuidgid, chpst -u, runuser, su -c, ...; Python's
 * os.setuid( or a drop_privs helper), or NULL.
 * NULL-safe. */
const char *rc_privilege_drop_tool(const char *text);

/* True for an image whose own USER is not root: a nonroot tag or variant
 * (`:nonroot`, `-nonroot`, distroless `/nonroot`) or a vendor's image that
 * sets one (Elastic, Bitnami, Grafana, Chainguard, nginx-unprivileged,
 * Keycloak). */
bool rc_image_sets_nonroot_user(const char *image);

/* True for a base image of unknown user: a publisher's image that is
 * neither known to run as root (official, OS and language images) nor
 * known to set a non-root user or drop privileges itself. An image with
 * no USER of its own on it runs as whatever that image decides. */
bool rc_base_user_unknown(struct rc_arena *a, const char *base);

/* True for an official image whose entrypoint drops privileges itself
 * (nginx, httpd, postgres, mysql, redis, ...: no registry or library/). */
bool rc_image_drops_privileges(const char *image);

/* The repository file a program of the image names: relative to the
 * context (NULL: the Dockerfile's folder), or an absolute image path whose
 * tail is a context path ("/app/start.sh" -> "<context>/start.sh"), or a
 * bare name the image copies into a PATH folder ("entrypoint.sh" after
 * `COPY docker/entrypoint.sh /usr/local/bin/`). NULL when none is indexed. */
const struct rc_entry *rc_image_context_file(struct rc_index *idx,
                                             struct rc_arena *a,
                                             const struct rc_dockerfile *df,
                                             const char *context,
                                             const char *prog);

/* The context file a COPY or ADD of df (no --from) puts exactly at image
 * path want: a file copied there, or one inside a folder copied to an
 * ancestor of want (`COPY app /app/`, `COPY app /app`). Unlike
 * rc_image_context_file, no guess from a path's tail: NULL when no copy
 * names want. */
const struct rc_entry *rc_image_copied_file(struct rc_index *idx,
                                            struct rc_arena *a,
                                            const struct rc_dockerfile *df,
                                            const char *context,
                                            const char *want);

#endif
