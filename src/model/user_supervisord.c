/*
 * user_supervisord.c - images whose entrypoint is supervisord. supervisord
 * itself stays root, so what counts is what it starts: its own user=, or
 * each [program:x]'s user= or command. Its configuration is found where
 * the Dockerfile copies it in, else beside the script that starts it.
 */
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/user.h"

#include "user_parts.h"

/* The configuration file `supervisord -c FILE` names, else its default. */
static const char *supervisord_conf(struct rc_arena *a, const char *text)
{
  /* the line that starts it, not a comment naming it first (`# Setting
   * the timezone for supervisord`) */
  for (const char *s = text ? strstr(text, "supervisord") : NULL; s;
       s = strstr(s + 11, "supervisord")) {
    const char *bol = s;
    while (bol > text && bol[-1] != '\n')
      bol--;
    bol += strspn(bol, " \t");
    const char *c = strstr(s, " -c ");
    if (*bol == '#' || !c || memchr(s, '\n', (size_t)(c - s)))
      continue;
    c += 4;
    c += strspn(c, " \t\"'");
    return rc_arena_strndup(a, c, strcspn(c, " \t\n\"';&|"));
  }
  return "supervisord.conf";
}

/* A `user=` value up to the end of its line or comment, without quotes. */
static const char *conf_value(struct rc_arena *a, const char *v)
{
  v += strspn(v, " \t\"'");
  return rc_arena_strndup(a, v, strcspn(v, " \t\r\n;\"'"));
}

/* The first `user=` line of a supervisord configuration that names a
 * user other than root (a `user=root` says nothing drops), or NULL. */
static const char *conf_nonroot_user(struct rc_arena *a, const char *text)
{
  for (const char *p = text; p && *p; p += strcspn(p, "\n"), p += *p == '\n') {
    const char *t = p + strspn(p, " \t");
    if (strncmp(t, "user", 4) != 0)
      continue;
    t += 4 + strspn(t + 4, " \t");
    if (*t != '=')
      continue;
    const char *u = conf_value(a, t + 1);
    if (*u && !rc_user_is_root(u))
      return u;
  }
  return NULL;
}

struct programs {
  struct rc_index *idx;
  struct rc_arena *a;
  size_t files, programs, dropping;
  size_t named;     /* programs given a non-root user= */
  const char *user; /* the first such user */
};

/* Reads one supervisord configuration: each [program:x] runs as its
 * user=, else as supervisord's root. */
static void read_programs(struct programs *pg, const char *text)
{
  bool in = false;
  const char *cmd = NULL, *user = NULL;
  size_t cmdlen = 0;
  for (const char *p = text;; p += strcspn(p, "\n"), p += *p == '\n') {
    const char *t = p + strspn(p, " \t");
    bool end = !*p || *t == '[';
    if (end && in) {
      const char *c = cmd ? rc_arena_strndup(pg->a, cmd, cmdlen) : "";
      pg->programs++;
      pg->named += user != NULL;
      if (user || iu_program_drops(c))
        pg->dropping++;
    }
    if (!*p)
      break;
    if (*t == '[') {
      in = strncmp(t, "[program:", 9) == 0;
      user = NULL;
      cmd = NULL;
      continue;
    }
    if (!in)
      continue;
    size_t key = strcspn(t, " \t=\n");
    const char *v = t + key;
    v += strspn(v, " \t");
    if (*v != '=')
      continue;
    v++;
    v += strspn(v, " \t");
    if (key == 4 && strncmp(t, "user", 4) == 0) {
      const char *u = conf_value(pg->a, v);
      user = *u && !rc_user_is_root(u) ? u : NULL;
      if (user && !pg->user)
        pg->user = user;
    } else if (key == 7 && strncmp(t, "command", 7) == 0) {
      cmd = v;
      cmdlen = strcspn(v, "\n");
    }
  }
}

static int on_program_file(const struct rc_entry *e, void *arg)
{
  struct programs *pg = arg;
  const char *text = iu_read_small(pg->idx, e);
  if (text && strstr(text, "[program:")) {
    pg->files++;
    read_programs(pg, text);
  }
  return 0;
}

/* A COPY source as a glob: variables as wildcards, a folder as all of its
 * files. */
static const char *source_glob(struct rc_index *idx, struct rc_arena *a,
                               const char *ctxdir, const char *src)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *p = src; *p;) {
    if (*p == '$') {
      p++;
      p += *p == '{' ? strcspn(p, "}") + (strchr(p, '}') != NULL)
                     : strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                 "abcdefghijklmnopqrstuvwxyz0123456789_");
      rc_buf_printf(&b, "*");
    } else
      rc_buf_printf(&b, "%c", *p++);
  }
  const char *g = rc_path_join(a, ctxdir, b.data ? b.data : "");
  rc_buf_release(&b);
  if (!g)
    return NULL;
  const struct rc_entry *e = rc_index_find(idx, g);
  if ((e && e->kind != RC_ENTRY_FILE) || g[strlen(g) - 1] == '/')
    return rc_arena_printf(a, "%s/**", g);
  return g;
}

/* The supervisord configurations the Dockerfile copies from ctxdir into
 * a supervisor folder. */
static void copied_programs(struct programs *pg, const struct rc_dockerfile *df,
                            const char *ctxdir)
{
  struct rc_index *idx = pg->idx;
  struct rc_arena *a = pg->a;
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in) || in->args[0] == '[')
      continue;
    const char *words[16];
    size_t n = iu_copy_words(a, in->args, words, 16);
    if (n < 2 || !strstr(words[n - 1], "supervisor"))
      continue;
    for (size_t k = 0; k + 1 < n; k++) {
      const char *g = source_glob(idx, a, ctxdir, words[k]);
      if (g)
        rc_index_glob(idx, g, RC_ENTRY_FILE, on_program_file, pg);
    }
  }
}

/* The supervisord programs the image runs: the configuration files the
 * Dockerfile copies into a supervisor folder (/etc/supervisor/conf.d/,
 * /etc/supervisor.d/, /etc/supervisord.conf), else those beside the
 * script that starts supervisord (a script copies them in at start).
 * Says how they run when every program found runs unprivileged. */
static const char *supervisor_programs_drop(struct rc_index *idx,
                                            struct rc_arena *a,
                                            const struct rc_dockerfile *df,
                                            const char *context,
                                            const char *script_dir)
{
  struct programs pg = {idx, a, 0, 0, 0, 0, NULL};
  /* an unknown build context is the Dockerfile's folder or one above it
   * (`COPY nginx/config/supervisord.conf` in production/nginx/Dockerfile):
   * the nearest where the sources are */
  const char *ctxdir = context ? context : rc_path_dir(a, df->path);
  for (;;) {
    copied_programs(&pg, df, ctxdir);
    if (pg.files || context || !*ctxdir)
      break;
    ctxdir = rc_path_dir(a, ctxdir);
  }
  if (!pg.files && script_dir && *script_dir) {
    rc_index_glob(idx, rc_arena_printf(a, "%s/**/*.conf", script_dir),
                  RC_ENTRY_FILE, on_program_file, &pg);
    rc_index_glob(idx, rc_arena_printf(a, "%s/**/*.ini", script_dir),
                  RC_ENTRY_FILE, on_program_file, &pg);
  }
  /* an image of several daemons whose configuration gives programs their
   * own users (`user=www-data` for the workers) separates privileges per
   * program by design: those left to root (a syslog, the supervisor, a
   * TLS tunnel) are its choice, not a container that never thought of
   * its user */
  if (pg.named && pg.dropping != pg.programs)
    return rc_arena_printf(a,
                           "supervisord runs %zu of its %zu programs under "
                           "their own users (user=%s): privileges are "
                           "separated per program, the others stay root by "
                           "design",
                           pg.named, pg.programs, pg.user);
  if (!pg.programs || pg.dropping != pg.programs)
    return NULL;
  return rc_arena_printf(a,
                         "supervisord runs all %zu of its programs "
                         "unprivileged (user=, or servers whose workers "
                         "drop to their own user)",
                         pg.programs);
}

const char *iu_supervisord_drop(struct rc_index *idx, struct rc_arena *a,
                                const struct rc_dockerfile *df,
                                const char *context, const char *args,
                                const char *text, const struct rc_entry *script)
{
  const char *sv = strstr(args, "supervisord") ? args : text;
  if (sv && strstr(sv, "supervisord")) {
    const struct rc_entry *conf =
        rc_image_context_file(idx, a, df, context, supervisord_conf(a, sv));
    const char *ctext = iu_read_small(idx, conf);
    const char *cu = conf_nonroot_user(a, ctext);
    if (cu)
      return rc_arena_printf(a, "supervisord user=%s", cu);
    if (iu_server_drop(ctext))
      return rc_arena_printf(a,
                             "%s under supervisord, whose workers run "
                             "unprivileged",
                             iu_server_drop(ctext));
  }
  /* `supervisord -n`, `service supervisor start`: the programs it
   * runs decide */
  const char *sup = strstr(args, "supervisor") ? args : text;
  if (sup && strstr(sup, "supervisor"))
    return supervisor_programs_drop(
        idx, a, df, context, script ? rc_path_dir(a, script->path) : NULL);
  return NULL;
}
