/*
 * user_files.c - the repository files an image runs. An entrypoint names
 * a path inside the image, and the user it runs as is written in the file
 * the Dockerfile copied there: so the COPY and ADD lines are read
 * backwards, from the image path to the context file, as the shell and
 * the init shims would find it.
 */
#include <string.h>

#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/user.h"

#include "user_parts.h"

enum { SCRIPT_READ_MAX = 256 * 1024 };

/* A COPY or ADD's sources and destination, options left out and the
 * double quotes around a word dropped (`COPY "./entrypoint.sh" "/init"`).
 * Returns how many were stored in words (at most max). */
size_t iu_copy_words(struct rc_arena *a, const char *args, const char **words,
                     size_t max)
{
  size_t n = 0;
  for (const char *p = args; *p && n < max;) {
    p += strspn(p, " \t");
    size_t len = strcspn(p, " \t");
    if (len >= 2 && p[0] == '"' && p[len - 1] == '"')
      words[n++] = rc_arena_strndup(a, p + 1, len - 2);
    else if (len && p[0] != '-')
      words[n++] = rc_arena_strndup(a, p, len);
    p += len;
  }
  return n;
}

/* The source a COPY or ADD from the build context puts at image path
 * `want` (`COPY docker/startup.sh /startup.sh`, `COPY conf/ /etc/app/`). */
static const struct rc_entry *copied_to(struct rc_index *idx,
                                        struct rc_arena *a,
                                        const struct rc_dockerfile *df,
                                        const char *ctxdir, const char *want)
{
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (!rc_df_copies_context(in) || in->args[0] == '[')
      continue;
    const char *words[16];
    size_t n = iu_copy_words(a, in->args, words, 16);
    if (n < 2)
      continue;
    const char *dest = words[n - 1];
    size_t dl = strlen(dest);
    for (size_t k = 0; k + 1 < n; k++) {
      const char *src = words[k];
      bool into_dir = dl && dest[dl - 1] == '/';
      const char *lands =
          into_dir ? rc_arena_printf(a, "%s%s", dest, rc_path_base(src)) : dest;
      /* a source outside the context or naming a variable cannot be
       * looked up; an absolute one is the context's (`COPY /app/run.sh
       * /run.sh`: Docker reads every source from the context's root) */
      while (src[0] == '/')
        src++;
      const char *from = *src ? rc_path_join(a, ctxdir, src) : NULL;
      if (!from)
        continue;
      const char *path = NULL;
      if (strcmp(lands, want) == 0)
        path = from;
      else if (into_dir && strncmp(want, dest, dl) == 0)
        path = rc_path_join(a, from, want + dl); /* a folder copied */
      else if (!into_dir && strncmp(want, dest, dl) == 0 && want[dl] == '/')
        /* `COPY app /app` copies the folder's contents into /app too */
        path = rc_path_join(a, from, want + dl + 1);
      const struct rc_entry *e = path ? rc_index_find(idx, path) : NULL;
      if (e && e->kind == RC_ENTRY_FILE)
        return e;
    }
  }
  return NULL;
}

/* Whether text holds word as a whole word (between blanks, quotes or
 * shell operators). */
static bool has_word(const char *text, const char *word)
{
  size_t n = strlen(word);
  for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
    bool start = p == text || strchr(" \t\n\"';&|<>", p[-1]);
    bool end = !p[n] || strchr(" \t\n\"';&|<>", p[n]);
    if (start && end)
      return true;
  }
  return false;
}

/* A file a RUN step makes at `want` from another file the image copies in
 * (`dos2unix -n /init.sh /initx.sh`, `cp`, `sed ... > /run.sh`): its
 * source in the context, which holds the same commands. */
static const struct rc_entry *derived_to(struct rc_index *idx,
                                         struct rc_arena *a,
                                         const struct rc_dockerfile *df,
                                         const char *ctxdir, const char *want)
{
  for (size_t i = 0; i < df->n; i++) {
    const struct rc_df_instr *in = &df->in[i];
    if (strcmp(in->kw, "RUN") != 0 || !has_word(in->args, want))
      continue;
    for (const char *p = in->args; *p;) {
      p += strspn(p, " \t\n\"';&|<>");
      size_t len = strcspn(p, " \t\n\"';&|<>");
      const char *w = rc_arena_strndup(a, p, len);
      p += len;
      if (w[0] != '/' || strcmp(w, want) == 0)
        continue;
      const struct rc_entry *e = copied_to(idx, a, df, ctxdir, w);
      if (e)
        return e;
    }
  }
  return NULL;
}

const struct rc_entry *rc_image_context_file(struct rc_index *idx,
                                             struct rc_arena *a,
                                             const struct rc_dockerfile *df,
                                             const char *context,
                                             const char *prog)
{
  const char *ctxdir = context ? context : rc_path_dir(a, df->path);
  if (prog[0] == '/') {
    const struct rc_entry *e = copied_to(idx, a, df, ctxdir, prog);
    if (e)
      return e;
  }
  if (!strchr(prog, '/')) {
    /* a bare name the shell finds on PATH, where the image copies it
     * (`COPY docker-entrypoint.sh /usr/local/bin/` then `ENTRYPOINT
     * ["docker-entrypoint.sh"]`) */
    static const char *const path_dirs[] = {
        "/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/", "/usr/bin/",
        "/sbin/",           "/bin/",           NULL};
    for (size_t i = 0; path_dirs[i]; i++) {
      const struct rc_entry *e = copied_to(
          idx, a, df, ctxdir, rc_arena_printf(a, "%s%s", path_dirs[i], prog));
      if (e)
        return e;
    }
  }
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

const struct rc_entry *rc_image_copied_file(struct rc_index *idx,
                                            struct rc_arena *a,
                                            const struct rc_dockerfile *df,
                                            const char *context,
                                            const char *want)
{
  return copied_to(idx, a, df, context ? context : rc_path_dir(a, df->path),
                   want);
}

const char *iu_read_small(struct rc_index *idx, const struct rc_entry *e)
{
  const char *data;
  size_t len;
  if (!e || !rc_index_read_text(idx, e, SCRIPT_READ_MAX, &data, &len))
    return NULL;
  return data;
}

/* An init shim that only reaps and forwards signals to the program after
 * it (`tini --`, `/usr/bin/dumb-init --`): the program, not the shim,
 * says what runs. */
static bool init_shim(const char *word, size_t n)
{
  static const char *const names[] = {"tini", "tini-static", "dumb-init",
                                      "catatonit", NULL};
  const char *base = word;
  for (size_t i = 0; i < n; i++)
    if (word[i] == '/')
      base = word + i + 1;
  size_t bn = n - (size_t)(base - word);
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == bn && strncmp(base, names[i], bn) == 0)
      return true;
  return false;
}

/* The next word of a CMD or ENTRYPOINT in either form (`["a", "b"]` or
 * `a b`), its quotes and the JSON punctuation left out; *n its length. */
static const char *next_word(const char *p, size_t *n)
{
  p += strspn(p, "[\", \t");
  *n = strcspn(p, "\", \t;&|]");
  return *n ? p : NULL;
}

/* The program a CMD or ENTRYPOINT runs, or the script it hands to a
 * shell (`["bash", "/entrypoint.sh"]`, `sh ./start.sh`), past an init shim
 * (`["tini", "--", "/entrypoint.sh"]`): the file whose text says what
 * happens next. */
const char *iu_script_run(struct rc_arena *a, const char *args)
{
  static const char *const shells[] = {"sh", "bash", "ash", "dash", NULL};
  if (!rc_dockerfile_program(a, args))
    return NULL;
  size_t n = 0;
  const char *w = next_word(args, &n);
  while (w && init_shim(w, n)) {
    const char *p = w + n;
    /* the shim's own flags and its `--` */
    while ((w = next_word(p, &n)) && w[0] == '-')
      p = w + n;
  }
  if (!w)
    return rc_dockerfile_program(a, args); /* a shim running nothing */
  const char *prog = rc_arena_strndup(a, w, n);
  const char *base = rc_path_base(prog);
  bool shell = false;
  for (size_t i = 0; shells[i]; i++)
    shell = shell || strcmp(base, shells[i]) == 0;
  if (!shell)
    return prog;
  /* the word after the shell's own: `"bash", "/entrypoint.sh"` or `bash
   * /entrypoint.sh` */
  const char *s = next_word(w + n, &n);
  if (!s || s[0] == '-')
    return prog;
  return rc_arena_strndup(a, s, n);
}

/* The instruction keyword (ENTRYPOINT or CMD) of stage, in *in, the
 * program it runs, in *prog (NULL: none), and the committed file it is: in the
 * build context, or copied there by a stage it derives from. NULL when the
 * repository holds no such file (a program of the base image). */
const struct rc_entry *iu_entry_script(struct rc_index *idx, struct rc_arena *a,
                                       const struct rc_dockerfile *df,
                                       size_t stage, const char *context,
                                       const char *keyword,
                                       const struct rc_df_instr **in,
                                       const char **prog)
{
  *in = rc_dockerfile_inherited(df, stage, keyword);
  *prog = *in ? iu_script_run(a, (*in)->args) : NULL;
  if (!*prog)
    return NULL;
  const struct rc_entry *script =
      rc_image_context_file(idx, a, df, context, *prog);
  if (!script && (*prog)[0] == '/')
    script = derived_to(idx, a, df,
                        context ? context : rc_path_dir(a, df->path), *prog);
  return script;
}
