/*
 * user.c - who an image's process runs as. A USER instruction is the
 * common answer, but images also start as root and drop privileges in
 * their entrypoint, or inherit an unprivileged user from their base; the
 * order of the questions below is the order a reviewer asks them.
 */
#include "readycheck/user.h"

#include <string.h>
#include <strings.h>

#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

enum { SCRIPT_READ_MAX = 256 * 1024 };

bool rc_user_is_root(const char *u)
{
  size_t n = strcspn(u, ": \t\"'");
  while (*u == '"' || *u == '\'')
    u++, n = strcspn(u, ": \t\"'");
  return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* nginx and httpd run their workers as an unprivileged user, the database
 * images start the server through gosu: without a USER of its own, an
 * image on one of them does not serve as root. */
bool rc_image_drops_privileges(const char *image)
{
  static const char *const names[] = {
      "nginx",     "httpd",   "postgres", "mysql",     "mariadb",
      "mongo",     "redis",   "rabbitmq", "memcached", "elasticsearch",
      "cassandra", "percona", NULL};
  if (!image)
    return false;
  const char *name = rc_path_base(image);
  size_t n = strcspn(name, ":@");
  bool official = strchr(image, '/') == NULL ||
                  strncmp(image, "library/", 8) == 0 ||
                  strncmp(image, "docker.io/library/", 18) == 0;
  for (size_t i = 0; official && names[i]; i++)
    if (strlen(names[i]) == n && strncmp(name, names[i], n) == 0)
      return true;
  return false;
}

/* Base images whose default user is not root. */
static bool nonroot_base(const char *image)
{
  return image && (strstr(image, ":nonroot") || strstr(image, "-nonroot") ||
                   strstr(image, "/nonroot"));
}

/* Vendor images that set a non-root USER themselves (Elastic's, Bitnami's,
 * Grafana's, Chainguard's, nginx-unprivileged): a Dockerfile on them
 * inherits it. */
static bool vendor_nonroot_base(const char *image)
{
  static const char *const prefixes[] = {
      "docker.elastic.co/",  "bitnami/",
      "docker.io/bitnami/",  "grafana/grafana",
      "cgr.dev/chainguard/", "nginxinc/nginx-unprivileged",
      "quay.io/keycloak/",   NULL};
  for (size_t i = 0; image && prefixes[i]; i++)
    if (strncmp(image, prefixes[i], strlen(prefixes[i])) == 0)
      return true;
  return false;
}

static const char *const drop_tools[] = {
    "gosu",  "su-exec", "setpriv",   "s6-setuidgid",      "chpst -u", "runuser",
    "su -c", "su - ",   "setuidgid", "start-stop-daemon", "tini -u",  NULL};

const char *rc_privilege_drop_tool(const char *text)
{
  for (size_t t = 0; text && drop_tools[t]; t++)
    if (strstr(text, drop_tools[t]))
      return drop_tools[t];
  return NULL;
}

const struct rc_entry *rc_image_context_file(struct rc_index *idx,
                                             struct rc_arena *a,
                                             const struct rc_dockerfile *df,
                                             const char *context,
                                             const char *prog)
{
  const char *ctxdir = context ? context : rc_path_dir(a, df->path);
  for (const char *tail = prog; tail;) {
    while (*tail == '/')
      tail++;
    const char *p = *tail ? rc_path_join(a, ctxdir, tail) : NULL;
    const struct rc_entry *e = p ? rc_index_find(idx, p) : NULL;
    if (e && e->kind == RC_ENTRY_FILE)
      return e;
    if (prog[0] != '/' && strncmp(prog, "./", 2) != 0)
      return NULL;
    tail = strchr(tail, '/');
  }
  return NULL;
}

static const char *read_small(struct rc_index *idx, const struct rc_entry *e)
{
  const char *data;
  size_t len;
  char err[128];
  if (!e || e->size > SCRIPT_READ_MAX ||
      rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, len))
    return NULL;
  return data;
}

/* A root image whose entrypoint drops privileges (gosu, su-exec, chpst,
 * supervisord's user=...) runs the service unprivileged: in the Dockerfile
 * itself, or in the entrypoint script it starts. */
static const char *privilege_drop(struct rc_index *idx, struct rc_arena *a,
                                  const struct rc_dockerfile *df, size_t stage,
                                  const char *context)
{
  for (size_t i = 0; i < df->n; i++) {
    const char *d = rc_privilege_drop_tool(df->in[i].args);
    if (d)
      return d;
  }
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(df, stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(a, in->args) : NULL;
    if (!prog)
      continue;
    const char *text =
        read_small(idx, rc_image_context_file(idx, a, df, context, prog));
    const char *d = rc_privilege_drop_tool(text);
    if (d)
      return rc_arena_printf(a, "%s in %s", d, prog);
    if (strstr(prog, "supervisord") || (text && strstr(text, "supervisord"))) {
      const struct rc_entry *conf =
          rc_image_context_file(idx, a, df, context, "supervisord.conf");
      const char *ctext = read_small(idx, conf);
      if (ctext && strstr(ctext, "\nuser="))
        return "supervisord user=";
    }
  }
  return NULL;
}

static void verdict(struct rc_image_user *out, bool ok, unsigned line,
                    const char *why)
{
  out->non_root = ok;
  out->dropped = false;
  out->line = line;
  out->why = why;
}

bool rc_image_sets_nonroot_user(const char *image)
{
  return nonroot_base(image) || vendor_nonroot_base(image);
}

/* Without a USER of its own: the base image decides. */
static void judge_base(struct rc_arena *a, const struct rc_dockerfile *df,
                       size_t stage, unsigned line, struct rc_image_user *out)
{
  const char *base = rc_dockerfile_base_image(df, a, stage);
  if (nonroot_base(base))
    verdict(out, true, line, "the stage uses a nonroot base image");
  else if (vendor_nonroot_base(base))
    verdict(out, true, line,
            rc_arena_printf(a,
                            "'%s' sets a non-root USER itself, and this "
                            "Dockerfile keeps it",
                            base));
  else if (rc_image_drops_privileges(base) &&
           !rc_dockerfile_inherited(df, stage, "ENTRYPOINT")) {
    verdict(out, true, line,
            rc_arena_printf(a, "'%s' drops privileges in its own entrypoint",
                            base));
    out->dropped = true;
  } else if (!base)
    verdict(out, true, line,
            "no USER in this Dockerfile; the base image, chosen at build "
            "time, decides");
  else
    verdict(out, false, line,
            "the image has no USER instruction: the container runs as root");
}

void rc_image_user(struct rc_index *idx, struct rc_arena *a,
                   const struct rc_dockerfile *df, size_t stage,
                   const char *context, const char *runtime,
                   struct rc_image_user *out)
{
  const struct rc_df_instr *u = rc_dockerfile_inherited(df, stage, "USER");
  unsigned line = u ? u->line : df->st[stage].line;
  if (!u || rc_user_is_root(u->args)) {
    const char *drop = privilege_drop(idx, a, df, stage, context);
    if (drop) {
      verdict(
          out, true, line,
          rc_arena_printf(a, "starts as root and drops privileges (%s)", drop));
      out->dropped = true;
      return;
    }
    if (runtime) {
      verdict(out, true, line, runtime);
      return;
    }
  }
  if (!u)
    judge_base(a, df, stage, line, out);
  else if (rc_user_is_root(u->args))
    verdict(out, false, u->line,
            rc_arena_printf(a, "runs as 'USER %s'", u->args));
  else
    verdict(out, true, u->line, rc_arena_printf(a, "runs as '%s'", u->args));
}
