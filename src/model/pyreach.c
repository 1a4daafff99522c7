/*
 * pyreach.c - which Python files a deployed service runs (model.h,
 * docs/model.md "Reachability").
 *
 * From what the service starts - `gunicorn pkg.wsgi:app`, `uvicorn
 * pkg.main:app`, `python -m pkg`, `python app.py`, the same inside a start
 * script the command runs or a Procfile's `web:` line - along `import` and
 * `from ... import` statements (relative ones too) to the modules of the
 * repository. Modules are looked up under the service's folder, its build
 * context, their src/ folders and the entry script's folder: what
 * sys.path holds in the image, as far as the repository shows it.
 *
 * What is not followed makes the service count every Python file of its
 * folder, as the JavaScript walk does (unknown is never "unused"): a
 * command that starts nothing recognised, Django (manage.py, settings'
 * INSTALLED_APPS), Celery's autodiscovery, and code that imports by name
 * at run time (importlib.import_module, __import__, pkgutil, entry points).
 *
 * Bounded: each file is read once per service, a service stops at
 * MAX_PER_SERVICE files, the model at MAX_TOTAL.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/strset.h"

enum {
  MAX_PER_SERVICE = 4000,
  MAX_TOTAL = 20000,
  MAX_ROOTS = 8,
  MAX_FILE_BYTES = 1 << 20,
  MAX_SCRIPT_DEPTH = 2,
};

struct pywalk {
  struct rc_model *m;
  struct rc_arena *a;
  struct rc_service *svc;
  const char *roots[MAX_ROOTS];
  size_t n_roots;
  struct rc_strset set; /* this service's files */
  const char **queue;
  size_t q_head, q_len, q_cap;
  size_t n_entries;
  const char *dynamic; /* "X imports by name (M)": the walk cannot tell */
  const char *opaque;  /* the runner or file not followed */
  /* every service's files, in walk order (first service first) */
  struct rc_reached *out;
  size_t n_out, cap_out;
};

static bool is_py(const char *path)
{
  size_t n = strlen(path);
  return n > 3 && strcmp(path + n - 3, ".py") == 0;
}

/* Marks an indexed .py file reached by this service and queues it. */
static bool reach(struct pywalk *w, const struct rc_entry *e)
{
  if (!e || e->kind != RC_ENTRY_FILE || !is_py(e->path) ||
      w->set.n >= MAX_PER_SERVICE || w->n_out >= MAX_TOTAL ||
      !rc_strset_add(&w->set, e->path))
    return false;
  rc_grow((void **)&w->queue, &w->q_cap, w->q_len, sizeof(*w->queue));
  w->queue[w->q_len++] = e->path;
  rc_grow((void **)&w->out, &w->cap_out, w->n_out, sizeof(*w->out));
  w->out[w->n_out++] = (struct rc_reached){e->path, w->svc};
  return true;
}

static const struct rc_entry *file_at(struct pywalk *w, const char *p)
{
  const struct rc_entry *e = p ? rc_index_find(w->m->index, p) : NULL;
  return e && e->kind == RC_ENTRY_FILE ? e : NULL;
}

/* Running a module runs its packages' __init__.py first. */
static void reach_packages(struct pywalk *w, const char *root, const char *dir)
{
  while (*dir && strcmp(dir, root) != 0 && rc_path_within(dir, root)) {
    reach(w, file_at(w, rc_path_join(w->a, dir, "__init__.py")));
    dir = rc_path_dir(w->a, dir);
  }
}

/* The file of dotted module name under dir: dir/a/b.py or
 * dir/a/b/__init__.py. */
static const struct rc_entry *module_under(struct pywalk *w, const char *dir,
                                           const char *dotted)
{
  char *rel = rc_arena_strdup(w->a, dotted);
  for (char *p = rel; *p; p++)
    if (*p == '.')
      *p = '/';
  const char *base = rc_path_join(w->a, dir, rel);
  if (!base)
    return NULL;
  const struct rc_entry *e = file_at(w, rc_arena_printf(w->a, "%s.py", base));
  if (!e)
    e = file_at(w, rc_path_join(w->a, base, "__init__.py"));
  return e;
}

/* The folder of a namespace package (no __init__.py): dir/a/b. */
static const char *namespace_dir(struct pywalk *w, const char *dir,
                                 const char *dotted)
{
  char *rel = rc_arena_strdup(w->a, dotted);
  for (char *p = rel; *p; p++)
    if (*p == '.')
      *p = '/';
  const char *p = rc_path_join(w->a, dir, rel);
  const struct rc_entry *e = p ? rc_index_find(w->m->index, p) : NULL;
  return e && e->kind == RC_ENTRY_DIR ? p : NULL;
}

/* An absolute module: under the first root that holds it. */
static bool reach_module(struct pywalk *w, const char *dotted)
{
  for (size_t i = 0; i < w->n_roots; i++) {
    const struct rc_entry *e = module_under(w, w->roots[i], dotted);
    if (e) {
      reach(w, e);
      reach_packages(w, w->roots[i], rc_path_dir(w->a, e->path));
      return true;
    }
  }
  return false;
}

static void add_root(struct pywalk *w, const char *dir)
{
  if (!dir || w->n_roots >= MAX_ROOTS)
    return;
  for (size_t i = 0; i < w->n_roots; i++)
    if (strcmp(w->roots[i], dir) == 0)
      return;
  const struct rc_entry *e = *dir ? rc_index_find(w->m->index, dir) : NULL;
  if (*dir && (!e || e->kind != RC_ENTRY_DIR))
    return;
  w->roots[w->n_roots++] = dir;
}

/* ---- imports ------------------------------------------------------------- */

static bool ident_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* Copies a dotted name (leading dots included) starting at p. */
static const char *dotted_at(struct pywalk *w, const char *p, const char **end)
{
  const char *s = p;
  while (*p == '.' || ident_char(*p))
    p++;
  *end = p;
  return p > s ? rc_arena_strndup(w->a, s, (size_t)(p - s)) : NULL;
}

/* `from SPEC import a, b`: SPEC's file, and a and b when they are
 * submodules. Relative SPECs count their dots up from the file's folder. */
static void from_import(struct pywalk *w, const char *file, const char *spec,
                        const char *names)
{
  size_t dots = 0;
  while (spec[dots] == '.')
    dots++;
  const char *rest = spec + dots;
  const char *pkg_dir = NULL; /* the folder of the package SPEC names */
  if (dots) {
    const char *dir = rc_path_dir(w->a, file);
    for (size_t i = 1; i < dots && *dir; i++)
      dir = rc_path_dir(w->a, dir);
    if (!*rest) {
      pkg_dir = dir;
    } else {
      const struct rc_entry *e = module_under(w, dir, rest);
      reach(w, e);
      if (e && strcmp(rc_path_base(e->path), "__init__.py") == 0)
        pkg_dir = rc_path_dir(w->a, e->path);
      else if (!e)
        pkg_dir = namespace_dir(w, dir, rest);
    }
  } else {
    for (size_t i = 0; i < w->n_roots && !pkg_dir; i++) {
      const struct rc_entry *e = module_under(w, w->roots[i], rest);
      if (!e) {
        pkg_dir = namespace_dir(w, w->roots[i], rest);
        continue;
      }
      reach(w, e);
      reach_packages(w, w->roots[i], rc_path_dir(w->a, e->path));
      if (strcmp(rc_path_base(e->path), "__init__.py") == 0)
        pkg_dir = rc_path_dir(w->a, e->path);
      else
        break;
    }
  }
  if (!pkg_dir)
    return;
  for (const char *p = names; *p;) {
    while (*p && !ident_char(*p))
      p++;
    const char *s = p;
    while (ident_char(*p))
      p++;
    if (p == s)
      break;
    const char *name = rc_arena_strndup(w->a, s, (size_t)(p - s));
    if (strcmp(name, "as") == 0) { /* skip the alias */
      while (*p == ' ' || *p == '\t')
        p++;
      while (ident_char(*p))
        p++;
      continue;
    }
    reach(w, module_under(w, pkg_dir, name));
  }
}

/* The names of a `from X import ...` statement: the rest of the line, or
 * up to the closing parenthesis. */
static const char *import_names(struct pywalk *w, const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '(') {
    const char *close = strchr(p, ')');
    return close ? rc_arena_strndup(w->a, p + 1, (size_t)(close - p - 1)) : "";
  }
  size_t n = strcspn(p, "\n#;");
  while (n && p[n - 1] == '\\') /* continued on the next line */
    n += 1 + strcspn(p + n + 1, "\n#;");
  return rc_arena_strndup(w->a, p, n);
}

static bool word_at(const char *p, const char *word)
{
  size_t n = strlen(word);
  return strncmp(p, word, n) == 0 && (p[n] == ' ' || p[n] == '\t');
}

/* Run-time imports by name the walk cannot follow: the mark, or NULL. */
static const char *imports_by_name(const char *text)
{
  /* also a start script that execs the real program (os.execv, a
   * subprocess): what that runs is not an import */
  static const char *const marks[] = {"import_module(", "__import__(",
                                      "pkgutil.",       "entry_points(",
                                      "INSTALLED_APPS", "autodiscover",
                                      "load_source(",   "from django",
                                      "import django",  "os.exec",
                                      "subprocess",     "os.system(",
                                      "runpy",          NULL};
  for (size_t i = 0; marks[i]; i++)
    if (strstr(text, marks[i]))
      return marks[i];
  return NULL;
}

static void scan_file(struct pywalk *w, const char *path)
{
  const struct rc_entry *e = file_at(w, path);
  const char *data;
  size_t len;
  if (!e || !rc_index_read_text(w->m->index, e, MAX_FILE_BYTES, &data, &len))
    return;
  /* a copy to end with a NUL, freed at once: the arena keeps nothing of
   * files read */
  char *text = rc_xmalloc(len + 1);
  memcpy(text, data, len);
  text[len] = '\0';
  const char *mark = w->dynamic ? NULL : imports_by_name(text);
  if (mark)
    w->dynamic = rc_arena_printf(w->a, "%s has '%s'", path, mark);
  bool in_string = false;
  for (char *line = text; line && *line;) {
    char *nl = strchr(line, '\n');
    const char *p = line;
    while (*p == ' ' || *p == '\t')
      p++;
    /* a docstring's lines are not statements */
    for (const char *q = p; (q = strstr(q, "\"\"\"")) && (!nl || q < nl);
         q += 3)
      in_string = !in_string;
    if (!in_string && word_at(p, "from")) {
      const char *end;
      const char *spec = dotted_at(w, p + 5, &end);
      while (*end == ' ' || *end == '\t')
        end++;
      if (spec && word_at(end, "import"))
        from_import(w, path, spec, import_names(w, end + 7));
    } else if (!in_string && word_at(p, "import")) {
      const char *names = import_names(w, p + 7);
      for (const char *q = names; *q;) {
        while (*q == ' ' || *q == ',' || *q == '\t' || *q == '\\' || *q == '\n')
          q++;
        const char *end;
        const char *mod = dotted_at(w, q, &end);
        if (!mod)
          break;
        reach_module(w, mod);
        q = end;
        while (*q && *q != ',') /* `as alias` */
          q++;
      }
    }
    line = nl ? nl + 1 : NULL;
  }
  free(text);
}

static void drain(struct pywalk *w)
{
  while (w->q_head < w->q_len)
    scan_file(w, w->queue[w->q_head++]);
}

/* ---- entry points -------------------------------------------------------- */

/* The words of a command as written: exec-form brackets, quotes and
 * commas dropped; `sh -c "..."` yields the inner words too. */
static size_t split_words(struct rc_arena *a, const char *cmd, const char **out,
                          size_t max)
{
  size_t n = 0;
  for (const char *p = cmd; *p && n < max;) {
    while (*p && strchr(" \t\n\r[],\"'\\;&|()", *p))
      p++;
    const char *s = p;
    while (*p && !strchr(" \t\n\r[],\"'\\;&|()", *p))
      p++;
    if (p > s)
      out[n++] = rc_arena_strndup(a, s, (size_t)(p - s));
  }
  return n;
}

static bool module_name(const char *s)
{
  if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
    return false;
  for (; *s; s++)
    if (!ident_char(*s) && *s != '.')
      return false;
  return true;
}

/* A path the image names (`/app/main.py`, `./app.py`, `src/app.py`) as a
 * repository file under one of the roots. */
static const struct rc_entry *image_file(struct pywalk *w, const char *word)
{
  const char *rel = word;
  while (*rel == '.' && rel[1] == '/')
    rel += 2;
  for (size_t i = 0; i < w->n_roots; i++) {
    const char *p = *rel == '/' ? NULL : rc_path_join(w->a, w->roots[i], rel);
    const struct rc_entry *e = file_at(w, p);
    if (e)
      return e;
  }
  /* /app/x/main.py: the image's WORKDIR holds the context */
  for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/'))
    for (size_t i = 0; i < w->n_roots; i++) {
      const struct rc_entry *e =
          file_at(w, rc_path_join(w->a, w->roots[i], s + 1));
      if (e)
        return e;
    }
  return NULL;
}

enum found {
  FOUND_NOTHING,
  FOUND_ENTRY,
  FOUND_OPAQUE, /* something runs Python the walk cannot follow */
};

static enum found opaque(struct pywalk *w, const char *what)
{
  if (!w->opaque)
    w->opaque = what;
  return FOUND_OPAQUE;
}

static enum found entry_module(struct pywalk *w, const char *dotted)
{
  if (!reach_module(w, dotted))
    return opaque(w, rc_arena_printf(w->a, "module %s not found here", dotted));
  w->n_entries++;
  /* `python -m pkg` runs pkg/__main__.py */
  reach_module(w, rc_arena_printf(w->a, "%s.__main__", dotted));
  return FOUND_ENTRY;
}

static enum found entry_file(struct pywalk *w, const struct rc_entry *e)
{
  if (!e)
    return opaque(w, "a script not found here");
  if (strcmp(rc_path_base(e->path), "manage.py") == 0)
    return opaque(w, "manage.py (Django)"); /* settings name what loads */
  add_root(w, rc_path_dir(w->a, e->path));  /* sys.path[0] */
  reach(w, e);
  w->n_entries++;
  return FOUND_ENTRY;
}

static bool is_python(const char *b)
{
  return strncmp(b, "python", 6) == 0 &&
         (!b[6] || isdigit((unsigned char)b[6]));
}

/* The ASGI/WSGI servers: their app is the first `module:attr` word. */
static bool is_app_server(const char *b)
{
  static const char *const servers[] = {
      "gunicorn", "uvicorn",        "hypercorn",   "daphne",
      "granian",  "waitress-serve", "ddtrace-run", NULL};
  for (size_t i = 0; servers[i]; i++)
    if (strcmp(b, servers[i]) == 0)
      return true;
  return false;
}

static enum found worse_of(enum found a, enum found b)
{
  if (a == FOUND_OPAQUE || b == FOUND_OPAQUE)
    return FOUND_OPAQUE;
  return a == FOUND_ENTRY || b == FOUND_ENTRY ? FOUND_ENTRY : FOUND_NOTHING;
}

static enum found scan_command(struct pywalk *w, const char *cmd, int depth);

/* A start script the command runs (`./entrypoint.sh`, `/app/start.sh`):
 * what it starts is what the service runs. */
static enum found script(struct pywalk *w, const char *word, int depth)
{
  const struct rc_entry *e = image_file(w, word);
  const char *data;
  size_t len;
  if (!e || depth >= MAX_SCRIPT_DEPTH ||
      !rc_index_read_text(w->m->index, e, MAX_FILE_BYTES, &data, &len))
    return FOUND_NOTHING;
  char *text = rc_arena_strndup(w->a, data, len);
  enum found f = FOUND_NOTHING;
  for (char *line = text; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    const char *p = line;
    while (*p == ' ' || *p == '\t')
      p++;
    if (*p != '#')
      f = worse_of(f, scan_command(w, p, depth + 1));
    line = nl ? nl + 1 : NULL;
  }
  return f;
}

/* The app servers' options that take a value (`-c python:conf.gunicorn`
 * is no app). */
static bool valued_option(const char *x)
{
  static const char *const opts[] = {"-c",
                                     "--config",
                                     "-b",
                                     "--bind",
                                     "-w",
                                     "--workers",
                                     "-k",
                                     "--worker-class",
                                     "-t",
                                     "--timeout",
                                     "--host",
                                     "--port",
                                     "-p",
                                     "--log-level",
                                     "--log-config",
                                     "--env-file",
                                     "--root-path",
                                     "--threads",
                                     "-u",
                                     "--user",
                                     "-g",
                                     "--group",
                                     "-n",
                                     "--name",
                                     "--pid",
                                     "--access-logfile",
                                     "--error-logfile",
                                     "--uds",
                                     "--fd",
                                     "--workers-count",
                                     "--interface",
                                     "-e",
                                     "--endpoint",
                                     "--forwarded-allow-ips",
                                     "--max-requests",
                                     "--graceful-timeout",
                                     "--keep-alive",
                                     "--limit-concurrency",
                                     "--ws",
                                     "--loop",
                                     "--http",
                                     NULL};
  if (strchr(x, '='))
    return false;
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(x, opts[i]) == 0)
      return true;
  return false;
}

static enum found app_server(struct pywalk *w, const char **words, size_t n,
                             size_t i)
{
  const char *app = NULL, *bare = NULL;
  for (; i < n; i++) {
    const char *x = words[i];
    if ((strcmp(x, "--chdir") == 0 || strcmp(x, "--app-dir") == 0) &&
        i + 1 < n) {
      /* /app/src in the image: the context's src/ when it has one */
      const char *to = words[++i];
      const char *base = w->svc->context ? w->svc->context : w->svc->dir;
      size_t had = w->n_roots;
      for (const char *t = to; t && w->n_roots == had; t = strchr(t + 1, '/'))
        add_root(w, rc_path_join(w->a, base, t + (*t == '/')));
      continue;
    }
    if (x[0] == '-') {
      i += valued_option(x) && i + 1 < n;
      continue;
    }
    const char *colon = strchr(x, ':');
    if (colon && colon > x) {
      char *mod = rc_arena_strndup(w->a, x, (size_t)(colon - x));
      if (module_name(mod)) {
        app = mod;
        break;
      }
    } else if (!bare && module_name(x) && strchr(x, '.')) {
      bare = x; /* gunicorn pkg.wsgi: `application` by default */
    }
  }
  if (!app)
    app = bare;
  return app ? entry_module(w, app) : opaque(w, "an app server's app");
}

static enum found python_run(struct pywalk *w, const char **words, size_t n,
                             size_t i)
{
  for (; i < n; i++) {
    const char *x = words[i];
    if (strcmp(x, "-m") == 0 && i + 1 < n)
      return module_name(words[i + 1]) ? entry_module(w, words[i + 1])
                                       : opaque(w, "python -m");
    if (strcmp(x, "-c") == 0)
      return opaque(w, "python -c");
    if (x[0] == '-')
      continue;
    return is_py(x) ? entry_file(w, image_file(w, x))
                    : opaque(w, rc_arena_printf(w->a, "python %s", x));
  }
  return opaque(w, "python");
}

/* What a command line starts: the app servers, python, and the scripts it
 * runs. Other Python runners (celery, flask run, uwsgi, streamlit) are
 * followed no further: opaque. */
static enum found scan_command(struct pywalk *w, const char *cmd, int depth)
{
  const char *words[128];
  size_t n = split_words(w->a, cmd, words, 128);
  enum found f = FOUND_NOTHING;
  for (size_t i = 0; i < n; i++) {
    const char *b = rc_path_base(words[i]);
    if (is_app_server(b)) {
      if (strcmp(b, "ddtrace-run") == 0)
        continue; /* a wrapper: the server follows */
      f = worse_of(f, app_server(w, words, n, i + 1));
      break;
    }
    if (is_python(b)) {
      f = worse_of(f, python_run(w, words, n, i + 1));
      break;
    }
    static const char *const runners[] = {
        "celery",   "flask", "uwsgi",         "streamlit", "fastapi",
        "dramatiq", "rq",    "huey_consumer", NULL};
    for (size_t k = 0; runners[k]; k++)
      if (strcmp(b, runners[k]) == 0)
        return opaque(w, runners[k]);
    size_t bl = strlen(b);
    if (bl > 3 && strcmp(b + bl - 3, ".sh") == 0)
      f = worse_of(f, script(w, words[i], depth));
    else if (bl > 3 && strcmp(b + bl - 3, ".py") == 0 && i == 0)
      f = worse_of(f, entry_file(w, image_file(w, words[i])));
  }
  return f;
}

/* The Procfile's web: line (or the first process) of an app folder. */
static const char *procfile_command(struct pywalk *w, const char *dir)
{
  const struct rc_entry *e =
      file_at(w, *dir ? rc_path_join(w->a, dir, "Procfile") : "Procfile");
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(w->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  char *text = rc_arena_strndup(w->a, data, len);
  const char *first = NULL;
  for (char *line = text; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    char *colon = strchr(line, ':');
    if (colon && line[0] != '#') {
      if (strncmp(line, "web:", 4) == 0)
        return colon + 1;
      if (!first)
        first = colon + 1;
    }
    line = nl ? nl + 1 : NULL;
  }
  return first;
}

/* ---- services ------------------------------------------------------------ */

static void walk_service(struct pywalk *w, struct rc_service *s)
{
  if (s->reach != RC_REACH_NONE ||
      !rc_reach_count_sources(w->m, s->dir, is_py, true))
    return; /* a JavaScript service, or no Python here */
  w->svc = s;
  w->n_roots = 0;
  w->n_entries = 0;
  w->dynamic = NULL;
  w->opaque = NULL;
  rc_strset_clear(&w->set);
  w->q_head = w->q_len = 0;
  size_t before = w->n_out;
  add_root(w, s->dir);
  add_root(w, rc_path_join(w->a, s->dir, "src"));
  if (s->context) {
    add_root(w, s->context);
    add_root(w, rc_path_join(w->a, s->context, "src"));
  }
  const char *cmd = s->command;
  if (!cmd && s->kind == RC_SERVICE_APP)
    cmd = procfile_command(w, s->dir);
  enum found f = cmd ? scan_command(w, cmd, 0) : FOUND_NOTHING;
  if (f == FOUND_NOTHING)
    opaque(w, cmd ? "no Python entry point in its command"
                  : "its command is not known");
  drain(w);
  if (w->set.n >= MAX_PER_SERVICE || w->n_out >= MAX_TOTAL)
    f = opaque(w, "the walk's bound (4,000 files a service, 20,000 in all)");
  if (f != FOUND_ENTRY || w->dynamic) {
    /* every file of the folder counts (rc_model_py_runs): none is listed
     * and none read, however large the app; the files the walk reached
     * outside the folder stay */
    size_t keep = before;
    for (size_t i = before; i < w->n_out; i++)
      if (!rc_path_within(w->out[i].path, s->dir))
        w->out[keep++] = w->out[i];
    w->n_out = keep;
    s->n_py_reached = rc_reach_count_sources(w->m, s->dir, is_py, false);
    s->py_reach = RC_REACH_ALL;
    s->py_why = f != FOUND_ENTRY ? w->opaque : w->dynamic;
  } else {
    s->py_reach = RC_REACH_ENTRIES;
  }
  s->n_py_entries = w->n_entries;
  if (s->py_reach == RC_REACH_ENTRIES)
    s->n_py_reached = w->n_out - before;
}

void rc_pyreach_build(struct rc_model *m)
{
  struct pywalk w = {.m = m, .a = m->arena};
  for (size_t i = 0; i < m->n_services; i++)
    if (m->services[i].dir)
      walk_service(&w, &m->services[i]);
  rc_strset_release(&w.set);
  free(w.queue);
  /* one list with the JavaScript files, sorted by path */
  rc_reach_add(m, w.out, w.n_out);
}

const struct rc_service *rc_model_py_runs(const struct rc_model *m,
                                          const char *path)
{
  const struct rc_service *s = rc_model_reached_by(m, path);
  for (size_t i = 0; !s && i < m->n_services; i++)
    if (m->services[i].py_reach == RC_REACH_ALL && m->services[i].dir &&
        rc_path_within(path, m->services[i].dir))
      s = &m->services[i];
  return s;
}

/* ---- finding a module's file ------------------------------------------ */

struct nearest {
  const char *suffix, *near, *best;
  size_t best_common;
};

static int on_candidate(const struct rc_entry *e, void *arg)
{
  struct nearest *f = arg;
  size_t n = strlen(e->path), k = strlen(f->suffix);
  if (n < k || strcmp(e->path + n - k, f->suffix) != 0 ||
      (n > k && e->path[n - k - 1] != '/'))
    return 0;
  size_t c = 0;
  while (e->path[c] && e->path[c] == f->near[c])
    c++;
  if (!f->best || c > f->best_common) {
    f->best = e->path;
    f->best_common = c;
  }
  return 0;
}

const char *rc_py_module_nearest(const struct rc_model *m, struct rc_arena *a,
                                 const char *rel, const char *near)
{
  const char *const forms[] = {"%s.py", "%s/__init__.py"};
  for (size_t i = 0; i < 2; i++) {
    struct nearest f = {rc_arena_printf(a, forms[i], rel), near, NULL, 0};
    rc_index_glob(m->index, rc_arena_printf(a, "**/%s", f.suffix),
                  RC_ENTRY_FILE, on_candidate, &f);
    if (!f.best && rc_index_find(m->index, f.suffix))
      f.best = f.suffix;
    if (f.best)
      return f.best;
  }
  return NULL;
}
