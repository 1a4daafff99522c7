/*
 * backup_executable.c - how the script becomes executable where it
 * runs: an image COPY with --chmod or a RUN chmod on where it lands (and
 * the name it lands under), or a chmod in one of the repository's shell
 * scripts or Makefiles, written relative to where that script runs.
 */
#include <string.h>

#include "readycheck/backup.h"
#include "readycheck/dockerfile.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

#include "backup_parts.h"

/* A COPY/ADD instruction's operands, flags (`--chown=...`) left out: the
 * sources, then the destination. At most max; the words live in a. */
static size_t copy_operands(struct rc_arena *a, const struct rc_df_instr *in,
                            const char **words, size_t max)
{
  size_t n = 0;
  char *copy = rc_arena_strdup(a, in->args), *save = NULL;
  for (char *w = strtok_r(copy, " \t", &save); w && n < max;
       w = strtok_r(NULL, " \t", &save))
    if (w[0] != '-')
      words[n++] = w;
  return n;
}

/* Where a COPY/ADD instruction puts path in the image ("/root/x.sh",
 * "/usr/local/bin/db-backup" when copied under another name), or NULL
 * when none of its sources is path or a folder holding it (relative to the
 * build context). Copies from another stage or image are not the
 * repository's file. */
static const char *copied_to(struct rc_arena *a, const struct rc_image *img,
                             const struct rc_df_instr *in, const char *path)
{
  if (strstr(in->args, "--from="))
    return NULL;
  const char *words[32];
  size_t n = copy_operands(a, in, words, 32);
  if (n < 2)
    return NULL;
  const char *dest = words[n - 1];
  bool into_dir = n > 2 || dest[strlen(dest) - 1] == '/';
  for (size_t i = 0; i + 1 < n; i++) {
    const char *src = rc_path_join(a, img->context, words[i]);
    if (!src)
      continue;
    if (strcmp(src, path) == 0)
      return into_dir
                 ? rc_arena_printf(a, "%s%s%s", dest,
                                   dest[strlen(dest) - 1] == '/' ? "" : "/",
                                   rc_path_base(path))
                 : dest;
    if (rc_path_within(path, src)) /* a folder: its tree lands under dest */
      return rc_arena_printf(a, "%s%s%s", dest,
                             dest[strlen(dest) - 1] == '/' ? "" : "/",
                             path + strlen(src) + (*src ? 1 : 0));
  }
  return NULL;
}

/* Where the next COPY of the model's images after *c lands the file at
 * path (walking every image's instructions in order), or NULL when no
 * COPY is left; c->img and c->in then name that image and instruction. */
struct copy_at {
  size_t i, k;
  const struct rc_image *img;
  const struct rc_df_instr *in;
};

static const char *next_copy_of(const struct rc_model *m, struct rc_arena *a,
                                const char *path, struct copy_at *c)
{
  for (; m && c->i < m->n_images; c->i++, c->k = 0) {
    const struct rc_image *img = &m->images[c->i];
    while (img->df && img->context && c->k < img->df->n) {
      const struct rc_df_instr *in = &img->df->in[c->k++];
      const char *dest = rc_df_is_copy(in) ? copied_to(a, img, in, path) : NULL;
      if (dest) {
        c->img = img;
        c->in = in;
        return dest;
      }
    }
  }
  return NULL;
}

/* `COPY ./backup.sh /usr/local/bin/app-backup.sh` in an image built
 * from the script's folder: the crontab in that image runs it under the
 * new name. */
const char *bk_installed_as(const struct rc_model *m, struct rc_arena *a,
                            const char *path)
{
  struct copy_at c = {0};
  for (const char *dest; (dest = next_copy_of(m, a, path, &c));)
    if (strcmp(rc_path_base(dest), rc_path_base(path)) != 0)
      return rc_path_base(dest);
  return NULL;
}

/* A chmod mode that sets an execute bit: +x, a+x, ug+rx, 755, 0750. */
static bool exec_mode(const char *w)
{
  if (strchr(w, '+'))
    return strchr(strchr(w, '+'), 'x') != NULL;
  size_t n = strlen(w);
  if (!n || strspn(w, "01234567") != n)
    return false;
  for (size_t i = n > 3 ? n - 3 : 0; i < n; i++)
    if ((w[i] - '0') & 1)
      return true;
  return false;
}

/* Whether dir (a chmod -R argument) holds dest. */
static bool holds(const char *dir, const char *dest)
{
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  return n && strncmp(dest, dir, n) == 0 && dest[n] == '/';
}

/* One chmod command's words make dest executable: the mode sets an
 * execute bit and a target is dest, a glob matching it (a folder's
 * `*.sh`), or with -R a folder holding it. */
static bool chmod_covers(const char *const *w, size_t n, const char *dest)
{
  bool mode = false, recursive = false;
  for (size_t i = 1; i < n; i++) {
    mode |= exec_mode(w[i]);
    recursive |= strcmp(w[i], "-R") == 0 || strcmp(w[i], "-r") == 0 ||
                 strcmp(w[i], "--recursive") == 0;
  }
  for (size_t i = 1; mode && i < n; i++)
    if (strcmp(w[i], dest) == 0 ||
        (strchr(w[i], '*') && rc_glob_match(w[i], dest)) ||
        (recursive && w[i][0] == '/' && holds(w[i], dest)))
      return true;
  return false;
}

/* Whether word s of w[0..n) starts a chmod command; *end is then the
 * index past its last argument (the next shell operator or the end). */
static bool chmod_command(const char **w, size_t n, size_t s, size_t *end)
{
  if (strcmp(w[s], "chmod") != 0)
    return false;
  for (*end = s + 1; *end < n && !rc_shell_is_op(w[*end]); ++*end)
    ;
  return true;
}

/* A RUN chmod of the image that makes the file at dest executable. */
static bool chmods_dest(struct rc_arena *a, const struct rc_dockerfile *df,
                        const char *dest)
{
  for (size_t i = 0; i < df->n; i++) {
    if (strcmp(df->in[i].kw, "RUN") != 0 || !strstr(df->in[i].args, "chmod"))
      continue;
    const char **w;
    size_t n = rc_shell_words(a, df->in[i].args, &w);
    for (size_t s = 0, e; s < n; s++)
      if (chmod_command(w, n, s, &e) && chmod_covers(w + s, e - s, dest))
        return true;
  }
  return false;
}

bool rc_backup_made_executable(const struct rc_model *m, struct rc_arena *a,
                               const char *path, struct rc_where *at)
{
  struct copy_at c = {0};
  for (const char *dest; (dest = next_copy_of(m, a, path, &c));)
    if (strstr(c.in->args, "--chmod=") || chmods_dest(a, c.img->df, dest)) {
      *at = (struct rc_where){c.img->dockerfile, c.in->line};
      return true;
    }
  return false;
}

/* target, a chmod operand written relative to where a script runs
 * (a folder's scripts by a glob, duplicity's *.sh; `./scripts/backup.sh`;
 * a path under `$DIR`), names
 * path: it matches as many trailing segments of path as it has. A bare
 * name or glob (`*.sh`) counts only from a script in path's own folder;
 * with -R, a folder on path's way (`scripts/`). */
static bool operand_names(const char *target, const char *path,
                          const char *from_dir, bool recursive,
                          struct rc_arena *a)
{
  while (strncmp(target, "./", 2) == 0)
    target += 2;
  if (target[0] == '$') { /* a base folder the script computes */
    const char *slash = strchr(target, '/');
    if (!slash)
      return false;
    target = slash + 1;
  }
  size_t n = strlen(target);
  while (n && target[n - 1] == '/')
    n--;
  if (!n || target[0] == '/' || target[0] == '~' || strstr(target, ".."))
    return false;
  const char *t = rc_arena_printf(a, "%.*s", (int)n, target);
  bool folder_named = strchr(t, '/') != NULL;
  if (recursive) {
    size_t tl = strlen(t);
    if (!folder_named && strcmp(rc_path_dir(a, path), from_dir) != 0)
      return false;
    for (const char *p = path; p; p = strchr(p, '/')) {
      p += *p == '/';
      if (strncmp(p, t, tl) == 0 && p[tl] == '/')
        return true;
    }
    return false;
  }
  if (!folder_named && strcmp(rc_path_dir(a, path), from_dir) != 0)
    return false;
  size_t segs = 1;
  for (const char *p = t; *p; p++)
    segs += *p == '/';
  const char *tail = path + strlen(path);
  while (tail > path && segs) {
    tail--;
    if (*tail == '/' && --segs == 0)
      tail++;
  }
  if (segs > 1)
    return false;
  return strchr(t, '*') || strchr(t, '?') || strchr(t, '[')
             ? rc_glob_match(t, tail)
             : strcmp(t, tail) == 0;
}

/* One line's chmod commands make path executable. */
static bool line_chmods(struct rc_arena *a, const char *line, const char *path,
                        const char *from_dir)
{
  const char **w;
  size_t n = rc_shell_words(a, line, &w);
  for (size_t s = 0, e; s < n; s++) {
    if (!chmod_command(w, n, s, &e))
      continue;
    bool mode = false, recursive = false;
    for (size_t i = s + 1; i < e; i++) {
      mode |= exec_mode(w[i]);
      recursive |= strcmp(w[i], "-R") == 0 || strcmp(w[i], "-r") == 0 ||
                   strcmp(w[i], "--recursive") == 0;
    }
    for (size_t i = s + 1; mode && i < e; i++)
      if (w[i][0] != '-' && !exec_mode(w[i]) &&
          operand_names(w[i], path, from_dir, recursive, a))
        return true;
  }
  return false;
}

bool rc_backup_chmodded_by_script(struct rc_index *idx, struct rc_arena *a,
                                  const char *path, struct rc_where *at)
{
  size_t count = rc_index_count(idx);
  for (size_t i = 0; i < count; i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *b = rc_path_base(e->path);
    size_t bl = strlen(b);
    const char *data;
    size_t len;
    if (!((bl > 3 && strcmp(b + bl - 3, ".sh") == 0) ||
          strcmp(b, "Makefile") == 0) ||
        !rc_index_read_text(idx, e, 1 << 20, &data, &len))
      continue;
    if (!strstr(data, "chmod"))
      continue;
    const char *dir = rc_path_dir(a, e->path);
    unsigned line = 1;
    const char *counted = data;
    for (const char *hit = strstr(data, "chmod"); hit;
         hit = strstr(hit + 5, "chmod")) {
      const char *start = hit;
      while (start > data && start[-1] != '\n')
        start--;
      const char *end = strchr(hit, '\n');
      if (!end)
        end = data + len;
      for (; counted < start; counted++)
        line += *counted == '\n';
      if (line_chmods(a, rc_arena_printf(a, "%.*s", (int)(end - start), start),
                      path, dir)) {
        *at = (struct rc_where){e->path, line};
        return true;
      }
    }
  }
  return false;
}
