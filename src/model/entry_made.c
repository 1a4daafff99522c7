/*
 * entry_made.c - files and folders a command makes before a later one
 * reads them: cp, mv, ln, install, tee, redirections, git clone, mkdir,
 * downloads, unpacked archives and the files a generator is known to
 * write.
 */
#include <string.h>

#include "readycheck/entry.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"

#include "entry_scan.h"

void en_add_made(struct scan *sc, const char *name)
{
  if (!name || !*name || en_has_var(name) || name[strlen(name) - 1] == '/' ||
      strcmp(name, ".") == 0 || strncmp(name, "/dev/", 5) == 0)
    return;
  /* a name resolve() cannot place ("$VAR" behind a workspace prefix) says
   * nothing about which committed path the line writes */
  const char *path = en_resolve(sc, sc->cwd, name);
  if (!path)
    return;
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->made, &e->cap_made, e->n_made, sizeof(*e->made));
  e->made[e->n_made++] = (struct rc_made){path, {sc->path, sc->line}};
}

/* A folder a step writes whose name is an expression (`path: ${{
 * matrix.target }}` of a download): kept as written, the expression
 * standing for the one name each matrix row gives it. */
void en_add_made_expr(struct scan *sc, const char *name)
{
  name = en_strip_workspace(name);
  while (strncmp(name, "./", 2) == 0)
    name += 2;
  if (name[0] == '/' || strstr(name, ".."))
    return;
  const char *path = *sc->cwd ? rc_arena_printf(sc->a, "%s/%s", sc->cwd, name)
                              : rc_arena_strdup(sc->a, name);
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->made, &e->cap_made, e->n_made, sizeof(*e->made));
  e->made[e->n_made++] = (struct rc_made){path, {sc->path, sc->line}};
}

/* The whole workspace, written by a checkout of another repository: "" is
 * above every path. */
void en_add_made_workspace(struct scan *sc)
{
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->made, &e->cap_made, e->n_made, sizeof(*e->made));
  e->made[e->n_made++] = (struct rc_made){"", {sc->path, sc->line}};
}

/* A `git clone` option that takes the next word as its value. */
static bool clone_valued(const char *w)
{
  static const char *const flags[] = {"-b",
                                      "--branch",
                                      "--depth",
                                      "-o",
                                      "--origin",
                                      "-c",
                                      "--config",
                                      "--reference",
                                      "-j",
                                      "--jobs",
                                      "--filter",
                                      "--separate-git-dir",
                                      "--template",
                                      "-u",
                                      "--upload-pack",
                                      "--shallow-since",
                                      "--shallow-exclude",
                                      NULL};
  for (size_t i = 0; flags[i]; i++)
    if (strcmp(w, flags[i]) == 0)
      return true;
  return false;
}

/* `git clone URL [DIR]` (git at i): the folder it creates, DIR or the
 * URL's last segment without .git; NULL when not a clone. */
static const char *clone_dir(struct scan *sc, const char **w, size_t n,
                             size_t i)
{
  if (strcmp(rc_path_base(w[i]), "git") != 0 ||
      !en_word_is(w, n, i + 1, "clone"))
    return NULL;
  const char *args[2];
  size_t k = 0;
  for (i += 2; i < n && !en_is_op(w[i]); i++) {
    if (w[i][0] == '-') {
      i += clone_valued(w[i]) && i + 1 < n;
      continue;
    }
    if (k < 2)
      args[k++] = w[i];
  }
  if (k == 2)
    return args[1];
  if (k == 0)
    return NULL;
  const char *base = rc_path_base(args[0]);
  size_t len = strlen(base);
  if (len > 4 && strcmp(base + len - 4, ".git") == 0)
    len -= 4;
  return len ? rc_arena_strndup(sc->a, base, len) : NULL;
}

/* The file a download (at i) writes: `wget -O f` (`-qO f`,
 * `--output-document=f`), `curl -o f` (`-fsSLo f`, `--output f`); NULL when
 * w[i] is no download or it writes to stdout. */
static const char *download_file(const char **w, size_t n, size_t i)
{
  const char *tool = rc_path_base(w[i]);
  bool wget = strcmp(tool, "wget") == 0, curl = strcmp(tool, "curl") == 0;
  if (!wget && !curl)
    return NULL;
  const char *longopt = wget ? "--output-document" : "--output";
  char flag = wget ? 'O' : 'o';
  size_t m = strlen(longopt);
  for (i++; i < n && !en_is_op(w[i]); i++) {
    const char *a = w[i];
    if (strncmp(a, longopt, m) == 0 && a[m] == '=')
      return a + m + 1;
    bool next = strcmp(a, longopt) == 0;
    if (!next && a[0] == '-' && a[1] != '-') {
      const char *f = strchr(a + 1, flag);
      if (f && f[1]) /* -O- or -ofile: the value is attached */
        return strcmp(f + 1, "-") == 0 ? NULL : f + 1;
      next = f != NULL;
    }
    if (next)
      return i + 1 < n && strcmp(w[i + 1], "-") != 0 ? w[i + 1] : NULL;
  }
  return NULL;
}

/* A source a deployment script copies or fetches into place: a name in
 * the repository (`cp contrib/nginx.conf /etc/nginx/sites-available/x`),
 * or one whose end may name a committed file (an absolute path into the
 * checkout, `/opt/app/contrib/nginx.conf`, or the project's raw URL,
 * `$BASE_URL/contrib/nginx.conf`). Production scripts and Makefiles only:
 * a CI job copies configurations into place for its tests, a document
 * offers them to the reader. */
static void add_copied(struct scan *sc, const char *src)
{
  if (!src || !*src || sc->markdown || sc->via ||
      sc->role != RC_ROLE_PRODUCTION || rc_pipeline_is_ci(sc->path))
    return;
  bool tail = src[0] == '/' || src[0] == '~' || strstr(src, "://") ||
              (en_has_var(src) && strncmp(src, ROOT_MARK, strlen(ROOT_MARK)));
  const char *path =
      tail ? rc_arena_strdup(sc->a, src) : en_resolve(sc, sc->cwd, src);
  if (!path || !*path || strcmp(path, ".") == 0)
    return;
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->copies, &e->cap_copies, e->n_copies, sizeof(*e->copies));
  e->copies[e->n_copies++] = (struct rc_copy){path, tail, {sc->path, sc->line}};
}

/* The address a download (at i) fetches: its first word naming a URL. */
static const char *download_url(const char **w, size_t n, size_t i)
{
  const char *tool = rc_path_base(w[i]);
  if (strcmp(tool, "wget") != 0 && strcmp(tool, "curl") != 0)
    return NULL;
  for (i++; i < n && !en_is_op(w[i]); i++)
    if (w[i][0] != '-' && (strstr(w[i], "://") || w[i][0] == '$'))
      return w[i];
  return NULL;
}

/* `cp a b` / `mv a b` / `ln -s a b` / `install a b` (at i), `tee f`,
 * `git clone URL dir`, `mkdir dir`, a download
 * (`wget -O f`, `curl -o f`) and `> b` anywhere: the files written. */
void en_scan_made(struct scan *sc, const char **w, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    bool starts = i == 0 || en_is_op(w[i - 1]);
    if (starts)
      en_add_made(sc, download_file(w, n, i));
    if (starts)
      add_copied(sc, download_url(w, n, i));
    if ((strcmp(w[i], ">") == 0 || strcmp(w[i], ">>") == 0) && i + 1 < n &&
        !en_is_op(w[i + 1]))
      en_add_made(sc, w[i + 1]);
    if (starts) {
      const char *cloned = clone_dir(sc, w, n, i);
      en_add_made(sc, cloned);
      if (cloned && sc->markdown)
        sc->cloned = cloned;
    }
    if (starts && strcmp(w[i], "mkdir") == 0) { /* `mkdir ctx`: a folder */
      for (i++; i < n && !en_is_op(w[i]); i++)
        if (w[i][0] != '-')
          en_add_made(sc, w[i]);
      i--;
      continue;
    }
    /* an archive unpacked into a folder (`tar -xzf a.tgz -C out`, `unzip
     * a.zip -d out`): the folder is made; its files are the archive's */
    if (starts && (strcmp(w[i], "tar") == 0 || strcmp(w[i], "unzip") == 0)) {
      bool tar = strcmp(w[i], "tar") == 0, unpacks = !tar;
      for (size_t k = i + 1; tar && k < n && !en_is_op(w[k]); k++)
        unpacks = unpacks || strcmp(w[k], "--extract") == 0 ||
                  (w[k][0] != '-' && k == i + 1 && strchr(w[k], 'x')) ||
                  (w[k][0] == '-' && w[k][1] != '-' && strchr(w[k], 'x'));
      for (size_t k = i + 1; unpacks && k + 1 < n && !en_is_op(w[k]); k++)
        if (strcmp(w[k], tar ? "-C" : "-d") == 0)
          en_add_made(sc, w[k + 1]);
    }
    /* `aws s3 cp s3://b/compose.yml compose.yml`, `gsutil cp gs://... f`:
     * the last word is written */
    if (starts && i + 2 < n &&
        ((strcmp(w[i], "aws") == 0 && strcmp(w[i + 1], "s3") == 0 &&
          strcmp(w[i + 2], "cp") == 0) ||
         (strcmp(w[i], "gsutil") == 0 && strcmp(w[i + 1], "cp") == 0))) {
      const char *last = NULL;
      size_t k = i + 1;
      while (k < n && !en_is_op(w[k]))
        k++;
      last = w[k - 1];
      if (last && strstr(last, "://") == NULL && last[0] != '-')
        en_add_made(sc, last);
    }
    /* `operator-sdk generate bundle` writes the bundle image's
     * bundle.Dockerfile (and bundle/) in the folder it runs in: the
     * scaffolded Makefile's bundle-build target then builds it */
    if (starts && i + 2 < n && strcmp(w[i], "operator-sdk") == 0 &&
        strcmp(w[i + 1], "generate") == 0 && strcmp(w[i + 2], "bundle") == 0)
      en_add_made(sc, "bundle.Dockerfile");
    /* `... | tee f`: every file named */
    if (starts && strcmp(w[i], "tee") == 0) {
      for (i++; i < n && !en_is_op(w[i]); i++)
        if (w[i][0] != '-')
          en_add_made(sc, w[i]);
      i--;
      continue;
    }
    /* `ln -s target name` and `install -m 644 src dst` write their last
     * word, as cp does */
    if (!starts || (strcmp(w[i], "cp") != 0 && strcmp(w[i], "mv") != 0 &&
                    strcmp(w[i], "ln") != 0 && strcmp(w[i], "install") != 0))
      continue;
    bool install = strcmp(w[i], "install") == 0;
    bool copies = install || strcmp(w[i], "cp") == 0;
    const char *first = NULL, *last = NULL;
    size_t args = 0;
    for (i++; i < n && !en_is_op(w[i]); i++) {
      if (w[i][0] == '-') {
        /* install's -m, -o, -g take the next word */
        i += install && w[i][2] == '\0' && strchr("mog", w[i][1]) && i + 1 < n;
        continue;
      }
      first = first ? first : w[i];
      last = w[i];
      args++;
    }
    if (args == 2)
      en_add_made(sc, last);
    if (args == 2 && copies)
      add_copied(sc, first);
    i--;
  }
}
