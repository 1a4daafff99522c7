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

/* The repository file a script most likely is: the path it names in the
 * context, else the same name somewhere under the context. */
static const struct rc_entry *find_script(struct run *r, const struct target *t,
                                          const char *prog)
{
  const char *dir = t->context ? t->context : rc_path_dir(r->a, t->df->path);
  const struct rc_entry *e =
      rc_image_context_file(r->ctx->index, r->a, t->df, t->context, prog);
  if (e && context_copies(r->a, t->df, dir, e->path))
    return e;
  struct find fd = {rc_path_base(prog), r->a, t->df, dir, NULL};
  const char *glob = *dir ? rc_arena_printf(r->a, "%s/**/*", dir) : "**/*";
  if (rc_glob_check(glob) == NULL)
    rc_index_glob(r->ctx->index, glob, RC_ENTRY_FILE, on_candidate, &fd);
  return fd.hit;
}

/* The CMD is not executed: a shell-form ENTRYPOINT ignores it, and an
 * exec-form one that is a shell or interpreter (`["/bin/sh"]`) reads it as
 * a script file. An exec form that is not valid JSON keeps the finding. */
static bool cmd_not_executed(const struct rc_dockerfile *f, size_t stage)
{
  const struct rc_df_instr *ep =
      rc_dockerfile_inherited(f, stage, "ENTRYPOINT");
  if (!ep)
    return false;
  const char *p = ep->args;
  while (isspace((unsigned char)*p))
    p++;
  if (*p != '[')
    return *p != '\0';
  cJSON *arr = cJSON_Parse(p);
  const char *argv[32];
  size_t n = 0;
  const cJSON *w;
  cJSON_ArrayForEach(w, arr) {
    if (n < 32 && cJSON_IsString(w))
      argv[n++] = w->valuestring;
  }
  bool reads = cJSON_IsArray(arr) && rc_exec_form_reads_operand(argv, n);
  cJSON_Delete(arr);
  return reads;
}

struct file_result df_req_scripts(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  const char *kws[] = {"ENTRYPOINT", "CMD"};
  bool any = false;
  for (size_t k = 0; k < 2; k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(f, t->stage, kws[k]);
    const char *prog = in ? rc_dockerfile_program(r->a, in->args) : NULL;
    if (!prog || !looks_like_script(prog) ||
        (k == 1 && cmd_not_executed(f, t->stage)))
      continue;
    const struct rc_entry *e = find_script(r, t, prog);
    any = any || e;
    if (!e || (rc_entry_mode(r->ctx->index, e) & 0111) ||
        rc_dockerfile_chmods(f, e->name))
      continue;
    return df_result(
        false, in->line,
        rc_arena_printf(r->a,
                        "%s runs '%s' directly, but '%s' is not executable "
                        "(mode %06o) and no chmod makes it so",
                        in->kw, prog, e->path,
                        rc_entry_mode(r->ctx->index, e)));
  }
  /* no script of the repository started directly: nothing to check */
  if (!any)
    return (struct file_result){.skip = true};
  return df_result(true, 0,
                   "no script started directly lacks the "
                   "executable bit");
}
