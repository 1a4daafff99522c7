/*
 * dockerfile_scripts.c - scripts_executable: scripts the image starts
 * directly (ENTRYPOINT, CMD) that git does not mark executable.
 */
#include <ctype.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/execform.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/user.h"

#include "dockerfile_probe.h"

/* ---- scripts started directly -------------------------------------------- */

/* Only scripts: a path ending in .sh, or a relative ./name. */
static bool looks_like_script(const char *prog)
{
  size_t n = strlen(prog);
  return (n > 3 && strcmp(prog + n - 3, ".sh") == 0) ||
         strncmp(prog, "./", 2) == 0;
}

/* A COPY/ADD from the context of the Dockerfile takes path into the image:
 * the source names it, a folder above it, or the whole context (`COPY .
 * .`, a glob's folder). */
static bool context_copies(struct rc_arena *a, const struct rc_dockerfile *df,
                           const char *ctx, const char *path)
{
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    char *copy = rc_arena_strdup(a, in->args);
    const char *words[64];
    size_t nw = 0;
    for (char *save = NULL, *w = strtok_r(copy, " \t[],\"", &save);
         w && nw < 64; w = strtok_r(NULL, " \t[],\"", &save))
      if (w[0] != '-')
        words[nw++] = w;
    for (size_t k = 0; k + 1 < nw; k++) {
      char *src = rc_arena_strdup(a, words[k]);
      char *glob = strchr(src, '*');
      if (glob) { /* the folder the glob looks in */
        *glob = '\0';
        char *slash = strrchr(src, '/');
        if (slash)
          *slash = '\0';
        else
          src[0] = '\0';
      }
      while (strncmp(src, "./", 2) == 0)
        src += 2;
      const char *from =
          *src && strcmp(src, ".") != 0 ? rc_path_join(a, ctx, src) : ctx;
      if (from &&
          (!*from || strcmp(path, from) == 0 || rc_path_within(path, from)))
        return true;
    }
  }
  return false;
}

/* A COPY or ADD names e itself as a source (`COPY docker/entrypoint.sh
 * /tmp/`), not a folder or glob holding it: the image holds that very file,
 * wherever a RUN then moves it. */
static bool copied_by_name(struct rc_arena *a, const struct rc_dockerfile *df,
                           const char *ctx, const struct rc_entry *e)
{
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in))
      continue;
    char *copy = rc_arena_strdup(a, in->args);
    char *prev = NULL; /* the last word is the destination */
    for (char *save = NULL, *w = strtok_r(copy, " \t[],\"", &save); w;
         w = strtok_r(NULL, " \t[],\"", &save)) {
      if (w[0] == '-')
        continue;
      while (prev && (prev[0] == '/' || strncmp(prev, "./", 2) == 0))
        prev += prev[0] == '/' ? 1 : 2;
      const char *src = prev && *prev ? rc_path_join(a, ctx, prev) : NULL;
      if (src && strcmp(src, e->path) == 0)
        return true;
      prev = w;
    }
  }
  return false;
}

struct find {
  const char *base;
  struct rc_arena *a;
  const struct rc_dockerfile *df;
  const char *ctx;
  const struct rc_entry *hit;
};

/* A file of the script's name that the image copies: one the Dockerfile
 * never copies (docs/examples/entrypoint.sh beside an image whose
 * /entrypoint.sh comes from its base image or a RUN) is not it. */
static int on_candidate(const struct rc_entry *e, void *arg)
{
  struct find *fd = arg;
  if (strcmp(e->name, fd->base) != 0 ||
      !context_copies(fd->a, fd->df, fd->ctx, e->path))
    return 0;
  fd->hit = e;
  return 1;
}

/* Where the image's copy of a script comes from, certainly or by a guess
 * (the same name elsewhere in the context, an absolute path matched by its
 * tail): a guess may be the wrong file (the image's own may come from its
 * base image, another stage or a RUN), so it never blocks. */
struct script {
  const struct rc_entry *e;
  bool certain;
};

/* The repository file a script is: the file a COPY puts at its absolute
 * path (or in a PATH folder, for a bare name), the context path a relative
 * one names, else the most likely file of its name in the context. */
static struct script find_script(struct run *r, const struct target *t,
                                 const char *prog)
{
  struct rc_index *idx = r->ctx->index;
  const char *dir = t->context ? t->context : rc_path_dir(r->a, t->df->path);
  static const char *const path_dirs[] = {
      "/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/", "/usr/bin/",
      "/sbin/",           "/bin/",           NULL};
  const struct rc_entry *e = NULL;
  if (prog[0] == '/')
    e = rc_image_copied_file(idx, r->a, t->df, t->context, prog);
  for (size_t i = 0; !e && !strchr(prog, '/') && path_dirs[i]; i++)
    e = rc_image_copied_file(idx, r->a, t->df, t->context,
                             rc_arena_printf(r->a, "%s%s", path_dirs[i], prog));
  if (e)
    return (struct script){e, true};
  e = rc_image_context_file(idx, r->a, t->df, t->context, prog);
  if (e && context_copies(r->a, t->df, dir, e->path))
    /* a relative path is the context's when the context is copied */
    return (struct script){e, prog[0] != '/' && strchr(prog, '/')};
  struct find fd = {rc_path_base(prog), r->a, t->df, dir, NULL};
  const char *glob = *dir ? rc_arena_printf(r->a, "%s/**/*", dir) : "**/*";
  if (rc_glob_check(glob) == NULL)
    rc_index_glob(idx, glob, RC_ENTRY_FILE, on_candidate, &fd);
  return (struct script){fd.hit,
                         fd.hit && copied_by_name(r->a, t->df, dir, fd.hit)};
}

/* An exec form's words; 0 when it is not valid JSON. */
static size_t exec_words(struct rc_arena *a, const char *args,
                         const char **argv, size_t max)
{
  cJSON *arr = cJSON_Parse(args);
  size_t n = 0;
  const cJSON *w;
  cJSON_ArrayForEach(w, arr) {
    if (n < max && cJSON_IsString(w))
      argv[n++] = rc_arena_strdup(a, w->valuestring);
  }
  if (!cJSON_IsArray(arr))
    n = 0;
  cJSON_Delete(arr);
  return n;
}

/* An init shim that execs the program after it (`tini --`). */
static bool init_shim(const char *word)
{
  static const char *const names[] = {"tini", "tini-static", "dumb-init",
                                      "catatonit", NULL};
  const char *base = strrchr(word, '/');
  base = base ? base + 1 : word;
  for (size_t i = 0; names[i]; i++)
    if (strcmp(base, names[i]) == 0)
      return true;
  return false;
}

/* A shell given -c (`["/bin/sh", "-c"]`): it runs the CMD as a command,
 * so a script there is executed itself. */
static bool shell_command(const char *const *argv, size_t n)
{
  static const char *const shells[] = {"sh",   "bash", "ash",
                                       "dash", "zsh",  NULL};
  const char *base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  bool shell = false;
  for (size_t i = 0; shells[i]; i++)
    shell = shell || strcmp(base, shells[i]) == 0;
  for (size_t i = 1; shell && i < n; i++)
    if (argv[i][0] == '-' && argv[i][1] != '-' && strchr(argv[i], 'c'))
      return true;
  return false;
}

/* How the ENTRYPOINT treats the CMD after it. */
enum cmd_fate {
  CMD_EXECUTED, /* no ENTRYPOINT, an init shim, or a script that execs "$@" */
  CMD_READ,     /* not executed: a shell-form ENTRYPOINT ignores it, a shell
                   or interpreter reads it as a script file */
  CMD_UNKNOWN,  /* a program of its own, which may run it any way (`sh
                   "$@"`, `bash "$1"`) or never */
};

/* The repository's entrypoint script hands its arguments to exec. */
static bool script_execs_args(struct run *r, const struct target *t,
                              const char *prog)
{
  struct script s = find_script(r, t, prog);
  const char *text;
  size_t len;
  if (!s.e || !rc_index_read_text(r->ctx->index, s.e, 256 * 1024, &text, &len))
    return false;
  return strstr(text, "exec \"$@\"") || strstr(text, "exec \"${@}\"");
}

/* An exec form that is not valid JSON keeps the finding. */
static enum cmd_fate cmd_fate(struct run *r, const struct target *t)
{
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(t->df, t->stage, "ENTRYPOINT");
  if (!ep)
    return CMD_EXECUTED;
  const char *p = ep->args;
  while (isspace((unsigned char)*p))
    p++;
  if (*p != '[')
    return *p ? CMD_READ : CMD_EXECUTED;
  const char *argv[32];
  size_t n = exec_words(r->a, p, argv, 32);
  if (!n)
    return CMD_EXECUTED;
  if (rc_exec_form_reads_operand(argv, n))
    return CMD_READ;
  if (shell_command(argv, n))
    return CMD_EXECUTED;
  if (init_shim(argv[0]) || script_execs_args(r, t, argv[0]))
    return CMD_EXECUTED;
  return CMD_UNKNOWN;
}

struct file_result df_req_scripts(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  bool any = false;
  const char *unsure = NULL;
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(f, t->stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(r->a, in->args) : NULL;
    enum cmd_fate fate = k == 1 ? cmd_fate(r, t) : CMD_EXECUTED;
    if (!prog || !looks_like_script(prog) || fate == CMD_READ)
      continue;
    struct script s = find_script(r, t, prog);
    const struct rc_entry *e = s.e;
    any = any || e;
    if (!e || (rc_entry_mode(r->ctx->index, e) & 0111) ||
        rc_dockerfile_chmods(f, e->name))
      continue;
    const char *why =
        rc_arena_printf(r->a,
                        "%s runs '%s' directly, but '%s' is not executable "
                        "(mode %06o) and no chmod makes it so",
                        in->kw, prog, e->path, rc_entry_mode(r->ctx->index, e));
    if (s.certain && fate == CMD_EXECUTED)
      return df_result(false, in->line, why);
    if (!unsure)
      unsure = rc_arena_printf(
          r->a, "cannot tell whether '%s' is executable: %s (%s)", prog,
          s.certain ? "the ENTRYPOINT decides how the CMD runs"
                    : "no COPY puts that file at the path it runs",
          why);
  }
  /* no script of the repository started directly: nothing to check */
  if (!any)
    return (struct file_result){.skip = true};
  if (unsure)
    return (struct file_result){.ok = true, .why = unsure, .caution = true};
  return df_result(true, 0,
                   "no script started directly lacks the "
                   "executable bit");
}
