/*
 * user_s6_cron.c - images whose process is a service runner other than
 * supervisord: s6-overlay, and cron. The runner stays root by design; the
 * services it starts decide, so every s6 service's run script must drop,
 * and cron's jobs must be written into a crontab other than root's.
 */
#include <string.h>

#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/user.h"

#include "user_parts.h"

/* s6-overlay service scripts an image copies in. */
struct s6_walk {
  struct rc_index *idx;
  struct rc_arena *a;
  size_t found, dropping;
};

/* The command a run script ends with, the service's long-running one:
 * its last line that is neither blank nor a comment. */
static const char *last_command(struct rc_arena *a, const char *text)
{
  const char *last = NULL;
  size_t n = 0;
  for (const char *p = text; p && *p;) {
    size_t len = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    if (t < p + len && *t != '#') {
      last = t;
      n = (size_t)(p + len - t);
    }
    p += len;
    p += *p == '\n';
  }
  return last ? rc_arena_strndup(a, last, n) : NULL;
}

static int on_s6_run(const struct rc_entry *e, void *arg)
{
  struct s6_walk *w = arg;
  const char *text = iu_read_small(w->idx, e);
  const char *last = last_command(w->a, text);
  w->found++;
  /* s6-setuidgid abc ..., or a server whose workers drop (nginx,
   * php-fpm84 -F) */
  if (rc_privilege_drop_tool(text) || (last && iu_program_drops(last)))
    w->dropping++;
  return 0;
}

/* An s6-overlay image (the base's /init as entrypoint) runs the services
 * whose `run` scripts it copies into services.d or s6-rc.d: when every one
 * of them drops privileges (s6-setuidgid abc ...), no service runs as
 * root. */
static bool s6_services_drop(struct rc_index *idx, struct rc_arena *a,
                             const struct rc_dockerfile *df, const char *ctxdir)
{
  struct s6_walk w = {idx, a, 0, 0};
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in) || in->args[0] == '[')
      continue;
    const char *words[16];
    size_t n = iu_copy_words(a, in->args, words, 16);
    for (size_t k = 0; k + 1 < n; k++) {
      const char *from = rc_path_join(a, ctxdir, words[k]);
      if (!from || strchr(from, '*') || strchr(from, '$'))
        continue;
      const char *glob = rc_arena_printf(a, "%s%s**/{services.d,s6-rc.d}/*/run",
                                         from, *from ? "/" : "");
      rc_index_glob(idx, glob, RC_ENTRY_FILE, on_s6_run, &w);
    }
  }
  return w.found && w.dropping == w.found;
}

/* s6 supervises the image's services: the base's entrypoint (no
 * ENTRYPOINT of its own: s6-overlay's /init), or an ENTRYPOINT that is
 * s6-overlay's /init or `s6-svscan /etc/services.d`. */
static bool s6_supervised(struct rc_arena *a, const struct rc_dockerfile *df,
                          size_t stage)
{
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(df, stage, "ENTRYPOINT");
  const char *prog = ep ? rc_dockerfile_program(a, ep->args) : NULL;
  return !ep || (prog && (strcmp(rc_path_base(prog), "s6-svscan") == 0 ||
                          strcmp(prog, "/init") == 0));
}

/* The non-root user whose crontab the Dockerfile writes the jobs into
 * (`>> /var/spool/cron/crontabs/nobody`, `crontab -u app`), when it writes
 * none into root's (crontabs/root, /etc/crontab, /etc/cron.d), else NULL. */
static const char *crontab_user(struct rc_arena *a,
                                const struct rc_dockerfile *df)
{
  const char *user = NULL;
  for (size_t i = 0; i < df->n; i++) {
    const char *args = df->in[i].args;
    if (strcmp(df->in[i].kw, "RUN") != 0 && strcmp(df->in[i].kw, "COPY") != 0)
      continue;
    if (strstr(args, "/etc/crontab") || strstr(args, "/etc/cron.d") ||
        strstr(args, "crontabs/root") || strstr(args, "crontab -u root"))
      return NULL;
    const char *p = strstr(args, "/cron/crontabs/");
    size_t skip = 15;
    if (!p && (p = strstr(args, "crontab -u ")))
      skip = 11;
    if (!p)
      continue;
    p += skip;
    size_t n = strcspn(p, " \t;&|'\"");
    if (n && !rc_user_is_root(p))
      user = rc_arena_strndup(a, p, n);
  }
  return user;
}

/* The stage's process is cron: `crond -f`, `cron -f`, busybox crond. */
static bool runs_cron(struct rc_arena *a, const struct rc_dockerfile *df,
                      size_t stage)
{
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(df, stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(a, in->args) : NULL;
    if (!prog)
      continue;
    const char *base = rc_path_base(prog);
    return strcmp(base, "crond") == 0 || strcmp(base, "cron") == 0 ||
           (strcmp(base, "busybox") == 0 && strstr(in->args, "crond"));
  }
  return false;
}

bool iu_s6_drop(struct rc_index *idx, struct rc_arena *a,
                const struct rc_dockerfile *df, size_t stage,
                const char *context)
{
  return s6_supervised(a, df, stage) &&
         s6_services_drop(idx, a, df,
                          context ? context : rc_path_dir(a, df->path));
}

const char *iu_cron_user(struct rc_arena *a, const struct rc_dockerfile *df,
                         size_t stage)
{
  return runs_cron(a, df, stage) ? crontab_user(a, df) : NULL;
}
