/*
 * goreach.c - which Go files a deployed service runs (model.h,
 * docs/model.md "Reachability").
 *
 * A Go program is its main package and the packages it imports. The walk
 * starts from what builds the service's binary - a `go build`, `go
 * install` or `go run` in its Dockerfile (any stage: the builder's) or its
 * command, else goreleaser's `main:`, else every `package main` folder of
 * the service's folder (`main.go`, `cmd/x/main.go`) - and follows the
 * import blocks of each package's files to the packages of the
 * repository's modules: a module path from a go.mod (`module
 * github.com/org/app` makes `github.com/org/app/internal/db` the folder
 * internal/db beside it) or a `replace` directive's local path. Imports
 * outside the repository (the standard library, dependencies) end there.
 *
 * What the walk cannot place makes the service count every Go file of its
 * folder, as the JavaScript and Python walks do (unknown is never
 * "unused"): no go.mod at or above the service's folder, `go build ./...`,
 * a build argument written with a variable and no main package to fall
 * back on.
 *
 * Bounded: each file is read once per run whatever the number of services
 * importing it (its imports are kept), a service stops at MAX_PKGS
 * packages, the model at MAX_TOTAL files.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"
#include "readycheck/strset.h"

enum {
  MAX_PKGS = 3000,
  MAX_TOTAL = 40000,
  MAX_FILE_BYTES = 1 << 20,
  MAX_MODULES = 512,
};

/* A module of the repository: its path and folder. */
struct gomod {
  const char *path; /* "github.com/org/app" */
  const char *dir;  /* "" for the root */
};

/* One .go file as read once: what it imports. */
struct gofile {
  const char *path;
  const char **imports; /* once read: the folders of the repository's
                           packages it imports */
  size_t n_imports;
  bool main;    /* package main */
  bool ignored; /* //go:build ignore: not part of its package */
};

struct gopkg;

struct gowalk {
  struct rc_model *m;
  struct rc_arena *a;
  struct gomod mods[MAX_MODULES];
  size_t n_mods;
  struct gofile **files; /* open addressing by path, the whole run */
  size_t n_files, cap_files;
  struct gopkg **dirs; /* open addressing by folder, the whole run */
  size_t n_dirs, cap_dirs;
  struct rc_buf buf;
  /* this service's packages */
  struct rc_strset pkgs;
  const char **queue;
  size_t q_head, q_len, q_cap;
  struct rc_service *svc;
  const char *unknown; /* why the walk cannot tell, or NULL */
  size_t n_entries;
  struct rc_reached *out;
  size_t n_out, cap_out;
};

static bool is_go(const char *path)
{
  size_t n = strlen(path);
  return n > 3 && strcmp(path + n - 3, ".go") == 0 &&
         (n < 8 || strcmp(path + n - 8, "_test.go") != 0);
}

static size_t hash(const char *s)
{
  size_t h = 14695981039346656037u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static const char *dir_of(struct gowalk *w, const char *path)
{
  return rc_path_dir(w->a, path);
}

static const struct rc_entry *entry_kind(struct gowalk *w, const char *p,
                                         enum rc_entry_kind kind)
{
  const struct rc_entry *e = p && *p ? rc_index_find(w->m->index, p) : NULL;
  return e && e->kind == kind ? e : NULL;
}

static bool is_dir(struct gowalk *w, const char *p)
{
  return !*p || entry_kind(w, p, RC_ENTRY_DIR);
}

/* ---- reading a file's imports ----------------------------------------- */

static const char *skip_space(const char *p)
{
  for (;;) {
    while (isspace((unsigned char)*p))
      p++;
    if (p[0] == '/' && p[1] == '/') {
      p = strchr(p, '\n');
      if (!p)
        return "";
      continue;
    }
    if (p[0] == '/' && p[1] == '*') {
      const char *end = strstr(p + 2, "*/");
      if (!end)
        return "";
      p = end + 2;
      continue;
    }
    return p;
  }
}

static bool keyword(const char *p, const char *kw)
{
  size_t n = strlen(kw);
  return strncmp(p, kw, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* One import spec: an optional name (`_`, `.`, an alias), then the quoted
 * path. Returns the text after it, or NULL when it is not one. */
static const char *import_spec(struct gowalk *w, const char *p,
                               struct gofile *f, size_t *cap)
{
  p = skip_space(p);
  while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
    p++;
  p = skip_space(p);
  char q = *p;
  if (q != '"' && q != '`')
    return NULL;
  const char *s = ++p;
  while (*p && *p != q && *p != '\n')
    p++;
  if (*p != q)
    return NULL;
  rc_grow((void **)&f->imports, cap, f->n_imports, sizeof(*f->imports));
  f->imports[f->n_imports++] = rc_arena_strndup(w->a, s, (size_t)(p - s));
  return p + 1;
}

/* A build constraint before the package clause that leaves the file out of
 * the program's build: `//go:build ignore` (generators), and the tags of
 * build tooling no image build sets - `mage` (magefiles), `tools` (a
 * tools.go pinning tool dependencies). */
static bool build_ignored(const char *text, const char *pkg)
{
  static const char *const tags[] = {"ignore", "mage", "tools", NULL};
  for (const char *p = text; (p = strstr(p, "go:build")) && p < pkg; p++) {
    const char *e = p + 8;
    while (*e == ' ' || *e == '\t')
      e++;
    size_t n = strcspn(e, "\r\n");
    while (n && (e[n - 1] == ' ' || e[n - 1] == '\t'))
      n--;
    for (size_t i = 0; tags[i]; i++)
      if (n == strlen(tags[i]) && strncmp(e, tags[i], n) == 0)
        return true;
    for (const char *q = e; (q = strstr(q, "ignore")) && q < e + n; q++)
      if (q[-1] == ' ' && !isalnum((unsigned char)q[6]))
        return true;
  }
  return false;
}

static void parse_go(struct gowalk *w, struct gofile *f, const char *text)
{
  const char *p = skip_space(text);
  if (!keyword(p, "package"))
    return;
  f->ignored = build_ignored(text, p);
  p = skip_space(p + 7);
  f->main = keyword(p, "main");
  while (isalnum((unsigned char)*p) || *p == '_')
    p++;
  size_t cap = 0;
  /* the imports come before every other declaration */
  for (p = skip_space(p); *p == ';' || keyword(p, "import");
       p = skip_space(p)) {
    if (*p == ';') {
      p++;
      continue;
    }
    p = skip_space(p + 6);
    if (*p != '(') {
      p = import_spec(w, p, f, &cap);
      if (!p)
        return;
      continue;
    }
    p++;
    for (;;) {
      p = skip_space(p);
      if (*p == ';') {
        p++;
        continue;
      }
      if (*p == ')' || !*p)
        break;
      p = import_spec(w, p, f, &cap);
      if (!p)
        return;
    }
    if (*p == ')')
      p++;
  }
}

static struct gofile **file_slot(struct gowalk *w, const char *path)
{
  size_t mask = w->cap_files - 1;
  for (size_t i = hash(path) & mask;; i = (i + 1) & mask)
    if (!w->files[i] || strcmp(w->files[i]->path, path) == 0)
      return &w->files[i];
}

static void grow_files(struct gowalk *w)
{
  struct gofile **old = w->files;
  size_t n_old = w->cap_files;
  w->cap_files = n_old ? n_old * 2 : 512;
  w->files = rc_xcalloc(w->cap_files, sizeof(*w->files));
  for (size_t i = 0; i < n_old; i++)
    if (old[i])
      *file_slot(w, old[i]->path) = old[i];
  free(old);
}

static const char *import_dir(struct gowalk *w, const char *imp);

/* The file's imports, read on first use and kept for the run; the file's
 * bytes are not kept (read past the cache). */
static const struct gofile *go_file(struct gowalk *w, const struct rc_entry *e)
{
  if ((w->n_files + 1) * 2 > w->cap_files)
    grow_files(w);
  struct gofile **s = file_slot(w, e->path);
  if (*s)
    return *s;
  struct gofile *f = rc_arena_alloc(w->a, sizeof(*f));
  memset(f, 0, sizeof(*f));
  f->path = e->path;
  char err[128];
  if (rc_entry_size(w->m->index, e) <= MAX_FILE_BYTES &&
      rc_index_load(w->m->index, e, NULL, &w->buf, err, sizeof(err)) == 0 &&
      !rc_index_is_binary(w->buf.data, w->buf.len)) {
    parse_go(w, f, w->buf.data);
    if (f->imports) {
      /* kept as the folders of the repository's packages they name,
       * resolved once for every service (into the arena: the run keeps
       * them); imports from outside the repository are dropped */
      const char **kept =
          rc_arena_alloc(w->a, f->n_imports * sizeof(*f->imports));
      size_t n = 0;
      for (size_t i = 0; i < f->n_imports; i++) {
        const char *d = import_dir(w, f->imports[i]);
        if (d)
          kept[n++] = d;
      }
      free(f->imports);
      f->imports = kept;
      f->n_imports = n;
    }
  }
  *s = f;
  w->n_files++;
  return f;
}

/* ---- modules ------------------------------------------------------------ */

static void add_module(struct gowalk *w, const char *path, const char *dir)
{
  if (w->n_mods >= MAX_MODULES || !path || !*path || !dir)
    return;
  for (size_t i = 0; i < w->n_mods; i++)
    if (strcmp(w->mods[i].path, path) == 0)
      return; /* the first found (path order: the outer one) wins */
  w->mods[w->n_mods++] = (struct gomod){path, dir};
}

/* The first word of a go.mod line after its directive, unquoted. */
static const char *gomod_word(struct gowalk *w, const char *p, const char **end)
{
  while (*p == ' ' || *p == '\t')
    p++;
  bool quoted = *p == '"';
  p += quoted;
  const char *s = p;
  while (*p && !isspace((unsigned char)*p) && *p != '"')
    p++;
  *end = p + (quoted && *p == '"');
  return p > s ? rc_arena_strndup(w->a, s, (size_t)(p - s)) : NULL;
}

/* `X [v] => ./dir`: X is the module in dir when dir is in the repository. */
static void replace_line(struct gowalk *w, const char *gomod_dir,
                         const char *line)
{
  const char *arrow = strstr(line, "=>");
  const char *end;
  const char *from = gomod_word(w, line, &end);
  const char *to = arrow ? gomod_word(w, arrow + 2, &end) : NULL;
  if (!from || !to || (strncmp(to, "./", 2) != 0 && strncmp(to, "../", 3) != 0))
    return;
  const char *dir = rc_path_join(w->a, gomod_dir, to);
  if (dir && is_dir(w, dir))
    add_module(w, from, dir);
}

static int on_gomod(const struct rc_entry *e, void *arg)
{
  struct gowalk *w = arg;
  if (strstr(e->path, "vendor/") || strstr(e->path, "testdata/") ||
      strstr(e->path, "node_modules/"))
    return 0;
  const char *data;
  size_t len;
  char err[128];
  if (rc_index_read(w->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  char *text = rc_arena_strndup(w->a, data, len);
  const char *dir = dir_of(w, e->path);
  bool in_replace = false;
  for (char *line = text; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    char *cmt = strstr(line, "//");
    if (cmt)
      *cmt = '\0';
    const char *p = line;
    while (*p == ' ' || *p == '\t')
      p++;
    const char *end;
    if (in_replace) {
      if (*p == ')')
        in_replace = false;
      else
        replace_line(w, dir, p);
    } else if (keyword(p, "module")) {
      add_module(w, gomod_word(w, p + 6, &end), dir);
    } else if (keyword(p, "replace")) {
      const char *q = p + 7;
      while (*q == ' ' || *q == '\t')
        q++;
      if (*q == '(')
        in_replace = true;
      else
        replace_line(w, dir, q);
    }
    line = nl ? nl + 1 : NULL;
  }
  return 0;
}

/* The folder of an import path of the repository's modules (the longest
 * module path that holds it), or NULL. */
static const char *import_dir(struct gowalk *w, const char *imp)
{
  const struct gomod *best = NULL;
  size_t best_n = 0;
  for (size_t i = 0; i < w->n_mods; i++) {
    size_t n = strlen(w->mods[i].path);
    if (n > best_n && strncmp(imp, w->mods[i].path, n) == 0 &&
        (imp[n] == '\0' || imp[n] == '/')) {
      best = &w->mods[i];
      best_n = n;
    }
  }
  if (!best)
    return NULL;
  const char *rest = imp + best_n + (imp[best_n] == '/');
  return *rest ? rc_path_join(w->a, best->dir, rest) : best->dir;
}

/* The go.mod folder at or above dir, or NULL. */
static const char *module_dir(struct gowalk *w, const char *dir)
{
  for (;;) {
    const char *p = *dir ? rc_path_join(w->a, dir, "go.mod") : "go.mod";
    if (entry_kind(w, p, RC_ENTRY_FILE))
      return dir;
    if (!*dir)
      return NULL;
    dir = dir_of(w, dir);
  }
}

/* ---- the walk --------------------------------------------------------- */

/* Queues the package in dir for this service, once. */
static void visit(struct gowalk *w, const char *dir)
{
  if (!dir || w->pkgs.n >= MAX_PKGS || !rc_strset_add(&w->pkgs, dir))
    return;
  rc_grow((void **)&w->queue, &w->q_cap, w->q_len, sizeof(*w->queue));
  w->queue[w->q_len++] = dir;
}

/* A package's own .go files (tests and ignored files left out), listed
 * once per run whatever the number of services importing it. */
struct gopkg {
  const char *dir;
  const struct gofile **files;
  size_t n;
};

static struct gopkg **gopkg_slot(struct gowalk *w, const char *dir)
{
  size_t mask = w->cap_dirs - 1;
  for (size_t i = hash(dir) & mask;; i = (i + 1) & mask)
    if (!w->dirs[i] || strcmp(w->dirs[i]->dir, dir) == 0)
      return &w->dirs[i];
}

static void grow_dirs(struct gowalk *w)
{
  struct gopkg **old = w->dirs;
  size_t n_old = w->cap_dirs;
  w->cap_dirs = n_old ? n_old * 2 : 256;
  w->dirs = rc_xcalloc(w->cap_dirs, sizeof(*w->dirs));
  for (size_t i = 0; i < n_old; i++)
    if (old[i])
      *gopkg_slot(w, old[i]->dir) = old[i];
  free(old);
}

struct listing {
  struct gowalk *w;
  const char *dir;
  const struct gofile **files;
  size_t n, cap;
};

static int on_pkg_file(const struct rc_entry *e, void *arg)
{
  struct listing *l = arg;
  if (!is_go(e->path) || strchr(e->path + strlen(l->dir) + !!*l->dir, '/'))
    return 0;
  const struct gofile *f = go_file(l->w, e);
  if (f->ignored)
    return 0;
  rc_grow((void **)&l->files, &l->cap, l->n, sizeof(*l->files));
  l->files[l->n++] = f;
  return 0;
}

static const struct gopkg *package(struct gowalk *w, const char *dir)
{
  if ((w->n_dirs + 1) * 2 > w->cap_dirs)
    grow_dirs(w);
  struct gopkg **s = gopkg_slot(w, dir);
  if (*s)
    return *s;
  struct listing l = {.w = w, .dir = dir};
  rc_index_glob(w->m->index, *dir ? rc_path_join(w->a, dir, "*.go") : "*.go",
                RC_ENTRY_FILE, on_pkg_file, &l);
  struct gopkg *p = rc_arena_alloc(w->a, sizeof(*p));
  p->dir = dir;
  p->n = l.n;
  if (l.n) {
    p->files = rc_arena_alloc(w->a, l.n * sizeof(*p->files));
    memcpy(p->files, l.files, l.n * sizeof(*p->files));
  }
  free(l.files);
  *s = p;
  w->n_dirs++;
  return p;
}

/* The package's files, each reached, their imports queued (main_only:
 * only whether it is package main). Returns how many. */
static size_t walk_package(struct gowalk *w, const char *dir, bool main_only)
{
  const struct gopkg *p = package(w, dir);
  size_t n = 0;
  for (size_t i = 0; i < p->n; i++) {
    const struct gofile *f = p->files[i];
    if (main_only) {
      if (f->main)
        return 1;
      continue;
    }
    if (w->n_out >= MAX_TOTAL)
      break;
    n++;
    rc_grow((void **)&w->out, &w->cap_out, w->n_out, sizeof(*w->out));
    w->out[w->n_out++] = (struct rc_reached){f->path, w->svc};
    for (size_t k = 0; k < f->n_imports; k++)
      visit(w, f->imports[k]);
  }
  return n;
}

static void drain(struct gowalk *w)
{
  while (w->q_head < w->q_len)
    walk_package(w, w->queue[w->q_head++], false);
}

/* ---- entry points ------------------------------------------------------ */

/* go build flags that take the next word as their value. */
static bool valued_flag(const char *x)
{
  static const char *const flags[] = {
      "-o",        "-ldflags", "-gcflags",   "-asmflags", "-tags",
      "-mod",      "-p",       "-modfile",   "-pkgdir",   "-toolexec",
      "-overlay",  "-pgo",     "-buildmode", "-compiler", "-installsuffix",
      "-coverpkg", "-exec",    "-C",         NULL};
  if (x[0] == '-' && x[1] == '-')
    x++;
  for (size_t i = 0; flags[i]; i++)
    if (strcmp(x, flags[i]) == 0)
      return true;
  return false;
}

/* What one build argument names, relative to base: a package folder. */
static const char *arg_dir(struct gowalk *w, const char *base, const char *x)
{
  if (strchr(x, '$'))
    return NULL;
  size_t n = strlen(x);
  if (n > 3 && strcmp(x + n - 3, ".go") == 0) { /* go build main.go */
    const char *file = rc_path_join(w->a, base, x);
    return file ? dir_of(w, file) : NULL; /* absolute, or above the root */
  }
  if (x[0] == '.' || x[0] == '/')
    return rc_path_join(w->a, base, x);
  const char *d = import_dir(w, x);
  return d ? d : NULL;
}

/* One `go build|install|run` at words[i] (the verb), run in the image
 * folder workdir: the entry packages it names. */
static void go_command(struct gowalk *w, const char **words, size_t n, size_t i,
                       const char *base)
{
  bool any_arg = false;
  for (i++; i < n && !rc_shell_is_op(words[i]); i++) {
    const char *x = words[i];
    if (strcmp(x, "-C") == 0 && i + 1 < n) {
      base = rc_path_join(w->a, base, words[++i]);
      continue;
    }
    if (x[0] == '-') {
      i += valued_flag(x) && !strchr(x, '=') && i + 1 < n;
      continue;
    }
    if (strchr(x, '=') && !any_arg)
      continue; /* VAR=x before the command's arguments */
    any_arg = true;
    if (!base)
      continue;
    size_t xl = strlen(x);
    if (xl >= 3 && strcmp(x + xl - 3, "...") == 0) {
      w->unknown = rc_arena_printf(w->a, "go build %s builds every package", x);
      return;
    }
    const char *d = arg_dir(w, base, x);
    /* a package of a module: its imports can be followed */
    if (!d || !is_dir(w, d) || !module_dir(w, d) || !walk_package(w, d, true))
      continue;
    visit(w, d);
    w->n_entries++;
    if (w->n_entries >= MAX_PKGS)
      return;
  }
  if (!any_arg && base && is_dir(w, base) && module_dir(w, base) &&
      walk_package(w, base, true)) {
    visit(w, base); /* `go build -o app`: the package in the folder */
    w->n_entries++;
  }
}

/* The repository folder that an image folder stands for: the context
 * joined with the longest tail of the image path that exists (`WORKDIR
 * /src/cmd/api` after `COPY . /src` is cmd/api). */
static const char *image_dir(struct gowalk *w, const char *ctx,
                             const char *path)
{
  if (!path)
    return ctx;
  for (const char *t = path; t; t = strchr(t + 1, '/')) {
    const char *tail = t + (*t == '/');
    const char *d = *tail ? rc_path_join(w->a, ctx, tail) : ctx;
    if (d && is_dir(w, d))
      return d;
  }
  return ctx;
}

/* The go commands of one shell command line run in image folder wd. */
static void scan_line(struct gowalk *w, const char *line, const char *ctx,
                      const char *wd, const char *copied)
{
  const char **words;
  size_t n = rc_shell_words(w->a, line, &words);
  const char *cwd = wd;
  for (size_t i = 0; i + 1 < n; i++) {
    if (strcmp(words[i], "cd") == 0 && !rc_shell_is_op(words[i + 1])) {
      const char *to = words[i + 1];
      cwd = to[0] == '/' || !cwd ? to : rc_arena_printf(w->a, "%s/%s", cwd, to);
      continue;
    }
    const char *b = rc_path_base(words[i]);
    if (strcmp(b, "go") != 0)
      continue;
    const char *v = words[i + 1];
    if (strcmp(v, "build") == 0 || strcmp(v, "install") == 0 ||
        strcmp(v, "run") == 0)
      go_command(w, words, n, i + 1,
                 cwd == wd && copied ? copied : image_dir(w, ctx, cwd));
  }
}

/* The source of `COPY src .` (or `COPY src <the WORKDIR>`): the folder
 * of the context the build's working folder then holds. NULL otherwise. */
static const char *copied_into(struct gowalk *w, const char *args,
                               const char *wd)
{
  const char **words;
  size_t n = rc_shell_words(w->a, args, &words);
  const char *src = NULL, *dest = NULL;
  for (size_t i = 0; i < n; i++) {
    if (words[i][0] == '-')
      continue; /* --chown=..., --link */
    if (!src)
      src = words[i];
    else if (!dest)
      dest = words[i];
    else
      return NULL; /* several sources */
  }
  if (!src || !dest || strpbrk(src, "*?[$"))
    return NULL;
  size_t wl = wd ? strlen(wd) : 0;
  bool here = strcmp(dest, ".") == 0 || strcmp(dest, "./") == 0 ||
              (wd && strncmp(dest, wd, wl) == 0 &&
               (dest[wl] == '\0' || strcmp(dest + wl, "/") == 0));
  return here ? src : NULL;
}

/* Whether the service's Dockerfile or command builds Go; entries found
 * are queued. */
static bool dockerfile_entries(struct gowalk *w, const struct rc_service *s)
{
  const struct rc_dockerfile *df = s->built ? s->built->df : NULL;
  for (size_t i = 0; !df && s->dockerfile && i < w->m->n_dockerfiles; i++)
    if (strcmp(w->m->dockerfiles[i].path, s->dockerfile) == 0)
      df = &w->m->dockerfiles[i];
  const char *ctx = s->context ? s->context : s->dir;
  bool builds = false;
  for (size_t st = 0; df && st < df->ns; st++) {
    const char *wd = NULL, *copied = NULL;
    for (size_t k = df->st[st].first; k < df->st[st].end; k++) {
      const struct rc_df_instr *in = &df->in[k];
      if (strcmp(in->kw, "WORKDIR") == 0) {
        const char *to = in->args;
        wd = to[0] == '/' || !wd ? to : rc_arena_printf(w->a, "%s/%s", wd, to);
        copied = NULL;
      } else if (rc_df_copies_context(in)) {
        const char *from = copied_into(w, in->args, wd);
        const char *d = from ? rc_path_join(w->a, ctx, from) : NULL;
        if (d && is_dir(w, d))
          copied = d;
      } else if ((strcmp(in->kw, "RUN") == 0 || strcmp(in->kw, "CMD") == 0 ||
                  strcmp(in->kw, "ENTRYPOINT") == 0) &&
                 strstr(in->args, "go ")) {
        size_t before = w->n_entries;
        scan_line(w, in->args, ctx, wd, copied);
        builds = builds || w->n_entries > before || w->unknown;
      }
    }
  }
  if (s->command && strstr(s->command, "go ")) {
    size_t before = w->n_entries;
    scan_line(w, s->command, ctx, NULL, NULL);
    builds = builds || w->n_entries > before || w->unknown;
  }
  return builds;
}

/* goreleaser's builds: `main:` (default the folder of the config). */
static bool goreleaser_entries(struct gowalk *w, const char *moddir)
{
  static const char *const names[] = {".goreleaser.yml", ".goreleaser.yaml",
                                      "goreleaser.yml", "goreleaser.yaml",
                                      NULL};
  for (size_t i = 0; names[i]; i++) {
    const char *p = *moddir ? rc_path_join(w->a, moddir, names[i]) : names[i];
    const struct rc_entry *e = entry_kind(w, p, RC_ENTRY_FILE);
    const char *data;
    size_t len;
    char err[128];
    if (!e || rc_index_read(w->m->index, e, &data, &len, err, sizeof(err)))
      continue;
    size_t before = w->n_entries;
    char *text = rc_arena_strndup(w->a, data, len);
    for (char *l = text; (l = strstr(l, "main:")); l += 5) {
      if (l > text && !isspace((unsigned char)l[-1]) && l[-1] != '-')
        continue;
      const char *end;
      const char *m = gomod_word(w, l + 5, &end);
      if (!m)
        continue;
      size_t ml = strlen(m);
      if (ml && (m[ml - 1] == '\'' || m[ml - 1] == '"'))
        m = rc_arena_strndup(w->a, m, ml - 1);
      if (*m == '\'')
        m++;
      const char *d = arg_dir(w, moddir, m);
      if (d && is_dir(w, d) && walk_package(w, d, true)) {
        visit(w, d);
        w->n_entries++;
      }
    }
    if (w->n_entries == before && walk_package(w, moddir, true)) {
      visit(w, moddir); /* no main: the module's root package */
      w->n_entries++;
    }
    return w->n_entries > before;
  }
  return false;
}

struct mains {
  struct gowalk *w;
};

static bool conventional_skip(const char *path)
{
  static const char *const dirs[] = {"vendor/",  "testdata/",  "examples/",
                                     "example/", "_examples/", "test/",
                                     "tests/",   "e2e/",       NULL};
  for (size_t i = 0; dirs[i]; i++) {
    const char *p = strstr(path, dirs[i]);
    if (p && (p == path || p[-1] == '/'))
      return true;
  }
  return false;
}

static int on_main_go(const struct rc_entry *e, void *arg)
{
  struct mains *ms = arg;
  struct gowalk *w = ms->w;
  if (conventional_skip(e->path) || w->n_entries >= 64)
    return 0;
  const char *d = dir_of(w, e->path);
  const struct gofile *f = go_file(w, e);
  if (f->main && !f->ignored) {
    size_t had = w->pkgs.n;
    visit(w, d);
    w->n_entries += w->pkgs.n > had; /* a folder once */
  }
  return 0;
}

static int on_cmd_go(const struct rc_entry *e, void *arg)
{
  struct mains *ms = arg;
  struct gowalk *w = ms->w;
  const char *d = dir_of(w, e->path);
  if (is_go(e->path) && w->n_entries < 64 && walk_package(w, d, true)) {
    size_t had = w->pkgs.n;
    visit(w, d);
    w->n_entries += w->pkgs.n > had; /* a folder once */
  }
  return 0;
}

/* By convention: the service's own folder and the x/ folders of any cmd/ folder
 * when they are package main (whatever their files are called), and the
 * folders of its main.go files. */
static void main_entries(struct gowalk *w, const char *dir)
{
  struct mains ms = {w};
  if (walk_package(w, dir, true)) {
    visit(w, dir);
    w->n_entries++;
  }
  rc_index_glob(w->m->index,
                *dir ? rc_path_join(w->a, dir, "**/cmd/*/*.go")
                     : "**/cmd/*/*.go",
                RC_ENTRY_FILE, on_cmd_go, &ms);
  rc_index_glob(w->m->index,
                *dir ? rc_path_join(w->a, dir, "**/main.go") : "**/main.go",
                RC_ENTRY_FILE, on_main_go, &ms);
}

/* ---- services ------------------------------------------------------------ */

/* The service's own Go code: not the modules vendored beside it. */
static bool own_go(const char *path)
{
  return is_go(path) && !strstr(path, "vendor/");
}

static void walk_service(struct gowalk *w, struct rc_service *s)
{
  if (!rc_reach_count_sources(w->m, s->dir, own_go, true))
    return;
  w->svc = s;
  w->n_entries = 0;
  w->unknown = NULL;
  rc_strset_clear(&w->pkgs);
  w->q_head = w->q_len = 0;
  size_t before = w->n_out;
  const char *moddir = module_dir(w, s->dir);
  if (!moddir && s->context)
    moddir = module_dir(w, s->context);
  /* the build its image runs names its packages wherever its module is
   * (a root Dockerfile building backend/ with its own go.mod) */
  bool built = dockerfile_entries(w, s) || w->n_entries;
  if (!built && !w->unknown && !moddir)
    w->unknown = "no go.mod at or above its folder";
  else if (!built && !w->unknown && !goreleaser_entries(w, moddir) &&
           !goreleaser_entries(w, ""))
    main_entries(w, s->dir);
  if (!w->unknown && !w->n_entries)
    w->unknown = "no main package found";
  drain(w);
  if (w->pkgs.n >= MAX_PKGS || w->n_out >= MAX_TOTAL)
    w->unknown = "the walk's bound (3,000 packages a service, 40,000 files "
                 "in all)";
  if (w->unknown) {
    /* every Go file of its folder counts (rc_model_go_runs): none listed */
    size_t keep = before;
    for (size_t i = before; i < w->n_out; i++)
      if (!rc_path_within(w->out[i].path, s->dir))
        w->out[keep++] = w->out[i];
    w->n_out = keep;
    s->go_reach = RC_REACH_ALL;
    s->go_why = w->unknown;
    s->n_go_reached = rc_reach_count_sources(w->m, s->dir, own_go, false);
  } else {
    s->go_reach = RC_REACH_ENTRIES;
    s->n_go_reached = w->n_out - before;
  }
  s->n_go_entries = w->n_entries;
}

void rc_goreach_build(struct rc_model *m)
{
  struct gowalk w = {.m = m, .a = m->arena};
  rc_buf_init(&w.buf);
  rc_index_glob(m->index, "**/go.mod", RC_ENTRY_FILE, on_gomod, &w);
  for (size_t i = 0; w.n_mods && i < m->n_services; i++)
    if (m->services[i].dir)
      walk_service(&w, &m->services[i]);
  free(w.files); /* the files and their imports live in the arena */
  free(w.dirs);  /* so do the packages */
  rc_strset_release(&w.pkgs);
  free(w.queue);
  rc_buf_release(&w.buf);
  rc_reach_add(m, w.out, w.n_out);
}

const struct rc_service *rc_model_go_runs(const struct rc_model *m,
                                          const char *path)
{
  const struct rc_service *s = rc_model_reached_by(m, path);
  for (size_t i = 0; !s && i < m->n_services; i++)
    if (m->services[i].go_reach == RC_REACH_ALL && m->services[i].dir &&
        rc_path_within(path, m->services[i].dir))
      s = &m->services[i];
  return s;
}
