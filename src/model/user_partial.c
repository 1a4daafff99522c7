/*
 * user_partial.c - images that stay root while their server's workers do
 * not. Such an image is still root by its USER, but the master only binds
 * ports and the code that handles requests runs as another user: a
 * reviewer weighs that differently, so it is said beside the iu_verdict
 * rather than turned into one.
 */
#include <string.h>

#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/user.h"

#include "user_parts.h"

/* The command a script ends with, its long-running one: the last line
 * that is neither blank nor a comment, with the lines it continues
 * (`exec gunicorn app:app \` and its option lines) joined. */
static const char *main_command(struct rc_arena *a, const char *text)
{
  const char *start = NULL, *end = NULL;
  for (const char *p = text; p && *p;) {
    size_t len = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    bool continued = start && end && end > start && end[-1] == '\\';
    if (t < p + len && *t != '#') {
      if (!continued)
        start = t;
      end = p + len;
      while (end > start && (end[-1] == ' ' || end[-1] == '\r'))
        end--;
    }
    p += len;
    p += *p == '\n';
  }
  if (!start)
    return NULL;
  char *cmd = rc_arena_strndup(a, start, (size_t)(end - start));
  for (char *q = cmd; *q; q++)
    if (*q == '\\' || *q == '\n')
      *q = ' ';
  return cmd;
}

/* The command starts nginx, or hands its workers to a named user other
 * than root (`gunicorn --user app`, `celery worker --uid app`, `uwsgi
 * --uid app`). */
static bool workers_user(const char *cmd)
{
  cmd += strspn(cmd, " \t");
  if (strncmp(cmd, "exec ", 5) == 0)
    cmd += 5 + strspn(cmd + 5, " \t");
  size_t n = strcspn(cmd, " \t;");
  const char *prog = cmd;
  for (size_t i = 0; i < n; i++)
    if (cmd[i] == '/')
      prog = cmd + i + 1;
  if ((size_t)(cmd + n - prog) == 5 && strncmp(prog, "nginx", 5) == 0)
    return true;
  static const char *const opts[] = {"--user=", "--user ", "--uid=", "--uid ",
                                     NULL};
  for (size_t i = 0; opts[i]; i++)
    for (const char *o = strstr(cmd, opts[i]); o; o = strstr(o + 1, opts[i])) {
      const char *v = o + strlen(opts[i]);
      v += strspn(v, " \"'");
      if (*v && *v != '-' && !rc_user_is_root(v))
        return true;
    }
  return false;
}

/* The command a script's last line hands over to when that line runs
 * another script of the repository (`./docker/scripts/start_gunicorn.sh`,
 * `exec sh /app/run-web.sh`): that script's own last command, one level
 * down, or NULL. */
static const char *handed_command(struct rc_index *idx, struct rc_arena *a,
                                  const struct rc_dockerfile *df,
                                  const char *context, const char *cmd,
                                  const char **where)
{
  const char *c = cmd + strspn(cmd, " \t");
  if (strncmp(c, "exec ", 5) == 0)
    c += 5;
  const char *prog = iu_script_run(a, c);
  const struct rc_entry *next =
      prog ? rc_image_context_file(idx, a, df, context, prog) : NULL;
  if (!next)
    return NULL;
  *where = next->path;
  return main_command(a, iu_read_small(idx, next));
}

/* The image stays root, but the long-running command its entrypoint ends
 * with is a server that runs its workers as a user of their own: an
 * explicit `--user app` / `--uid app` (gunicorn, celery, uWSGI), or nginx,
 * whose workers drop by configuration. The process
 * that starts them stays root. How, or NULL. */
const char *iu_partial_drop(struct rc_index *idx, struct rc_arena *a,
                            const struct rc_dockerfile *df, size_t stage,
                            const char *context)
{
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = NULL;
    const char *prog = NULL;
    const struct rc_entry *script =
        iu_entry_script(idx, a, df, stage, context, kws[k], &in, &prog);
    if (!prog)
      continue;
    const char *cmd =
        script ? main_command(a, iu_read_small(idx, script)) : NULL;
    const char *where = script ? script->path : kws[k];
    if (!cmd && !script) {
      /* the exec form's words as a command line */
      char *line = rc_arena_strdup(a, in->args);
      for (char *q = line; *q; q++)
        if (strchr("[],\"", *q))
          *q = ' ';
      cmd = line + strspn(line, " ");
      where = rc_arena_printf(a, "its %s", kws[k]);
    }
    if (cmd && script && !workers_user(cmd)) {
      /* the script ends by running another of the repository's scripts,
       * which starts the server */
      const char *next_where = NULL;
      const char *next = handed_command(idx, a, df, context, cmd, &next_where);
      if (next && workers_user(next)) {
        cmd = next;
        where = rc_arena_printf(a, "%s, which %s runs", next_where, where);
      }
    }
    if (cmd && workers_user(cmd))
      return rc_arena_printf(a, "`%.60s%s` in %s", cmd,
                             strlen(cmd) > 60 ? "..." : "", where);
    /* a script that ends running its arguments (`exec "$@"`) leaves the
     * CMD to decide; any other script decides, and it did not */
    if (script && (!cmd || !strstr(cmd, "$@")))
      return NULL;
  }
  return NULL;
}
