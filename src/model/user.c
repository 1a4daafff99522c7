/*
 * user.c - who an image's process runs as. A USER instruction is the
 * common answer, but images also start as root and drop privileges in
 * their entrypoint, or inherit an unprivileged user from their base; the
 * order of the questions below is the order a reviewer asks them, and
 * user_parts.h says which file answers each.
 */
#include "readycheck/user.h"

#include <string.h>
#include <strings.h>

#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"

#include "user_parts.h"

bool rc_user_is_root(const char *u)
{
  size_t n = strcspn(u, ": \t\"'");
  while (*u == '"' || *u == '\'')
    u++, n = strcspn(u, ": \t\"'");
  return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

const char *rc_cap_needs_root(const char *cap)
{
  static const char *const caps[] = {"NET_ADMIN", "SYS_ADMIN", "SYS_RAWIO",
                                     "ALL", NULL};
  if (strncasecmp(cap, "CAP_", 4) == 0)
    cap += 4;
  for (size_t i = 0; caps[i]; i++)
    if (strcasecmp(cap, caps[i]) == 0)
      return caps[i];
  return NULL;
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
  const char *cron_user = iu_cron_user(a, df, stage);
  if (cron_user)
    return rc_arena_printf(a, "cron runs its jobs from the crontab of '%s'",
                           cron_user);
  if (iu_s6_drop(idx, a, df, stage, context))
    return "every s6 service drops privileges or starts a server whose "
           "workers run unprivileged";
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = NULL;
    const char *prog = NULL;
    const struct rc_entry *script =
        iu_entry_script(idx, a, df, stage, context, kws[k], &in, &prog);
    if (!prog)
      continue;
    const char *text = iu_read_small(idx, script);
    const char *d = rc_privilege_drop_tool(text);
    if (d)
      return rc_arena_printf(a, "%s in %s", d, prog);
    const char *srv = iu_server_drop(in->args);
    if (!srv)
      srv = iu_server_drop(text);
    if (srv)
      return rc_arena_printf(a, "%s, whose workers run unprivileged", srv);
    const char *official = iu_official_entry_drop(a, df, stage, in->args, text);
    if (official)
      return official;
    if (iu_dropping_daemon(prog))
      return rc_arena_printf(a,
                             "%s, which switches to its own user once its "
                             "ports are bound",
                             iu_dropping_daemon(prog));
    const char *how =
        iu_supervisord_drop(idx, a, df, context, in->args, text, script);
    if (how)
      return how;
  }
  return NULL;
}

void iu_verdict(struct rc_image_user *out, bool ok, unsigned line,
                const char *why)
{
  out->non_root = ok;
  out->dropped = false;
  out->base_unknown = false;
  out->line = line;
  out->why = why;
}

static void judge_user(struct rc_index *idx, struct rc_arena *a,
                       const struct rc_dockerfile *df, size_t stage,
                       const char *context, const char *runtime,
                       struct rc_image_user *out)
{
  const struct rc_df_instr *u = rc_dockerfile_inherited(df, stage, "USER");
  unsigned line = u ? u->line : df->st[stage].line;
  const char *base = rc_dockerfile_base_image(df, a, stage);
  if (base && strcmp(base, "scratch") == 0 && !u &&
      !rc_dockerfile_inherited(df, stage, "ENTRYPOINT") &&
      !rc_dockerfile_inherited(df, stage, "CMD")) {
    /* `docker build --output` exports such a stage's files: no process */
    iu_verdict(out, true, line,
               "a FROM scratch stage with no command runs nothing: it exports "
               "build output");
    return;
  }
  if (!u || rc_user_is_root(u->args)) {
    const char *drop = privilege_drop(idx, a, df, stage, context);
    if (drop) {
      iu_verdict(
          out, true, line,
          rc_arena_printf(a, "starts as root and drops privileges (%s)", drop));
      out->dropped = true;
      return;
    }
    if (runtime) {
      iu_verdict(out, true, line, runtime);
      return;
    }
  }
  if (!u) {
    iu_judge_base(a, df, stage, line, out);
    return;
  }
  if (rc_user_is_root(u->args) && base && !rc_image_sets_nonroot_user(base)) {
    /* `USER root` on a base whose own user is root changes nothing (a
     * Dockerfile says it to install packages): the base's entrypoint
     * still decides, as without a USER */
    struct rc_image_user b;
    iu_judge_base(a, df, stage, u->line, &b);
    if (b.non_root) {
      *out = b;
      out->why = rc_arena_printf(a, "'USER %s' is the base's own user; %s",
                                 u->args, b.why);
      return;
    }
  }
  if (rc_user_is_root(u->args))
    iu_verdict(out, false, u->line,
               rc_arena_printf(a, "runs as 'USER %s'", u->args));
  else
    iu_verdict(out, true, u->line, rc_arena_printf(a, "runs as '%s'", u->args));
}

void rc_image_user(struct rc_index *idx, struct rc_arena *a,
                   const struct rc_dockerfile *df, size_t stage,
                   const char *context, const char *runtime,
                   struct rc_image_user *out)
{
  judge_user(idx, a, df, stage, context, runtime, out);
  out->partial =
      out->base_unknown ? NULL : iu_partial_drop(idx, a, df, stage, context);
}
