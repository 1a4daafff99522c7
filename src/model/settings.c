/*
 * settings.c - which Django settings modules a deployment uses (model.h,
 * docs/model.md "Settings modules").
 *
 * DJANGO_SETTINGS_MODULE names the module Django loads. Where it is
 * written says who loads it: a production image's ENV, a production
 * compose file, a manifest production applies or a production env file
 * name the production settings; a development compose file or manage.py's
 * default name development settings; CI workflows and test configurations
 * (pytest.ini, setup.cfg, tox.ini, pyproject.toml, conftest.py) name test
 * settings. wsgi.py / asgi.py's default counts for production only when
 * nothing production writes names a module. A module named by several
 * keeps its best role.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/role.h"

enum {
  MAX_FILES = 3000,
  MAX_FILE_BYTES = 512 * 1024,
  MAX_USES = 256,
};

static const char KEY[] = "DJANGO_SETTINGS_MODULE";

struct sb {
  struct rc_model *m;
  struct rc_arena *a;
  bool wsgi_default; /* uses from wsgi/asgi defaults wait for the end */
};

/* Files where the name may be written. */
static bool candidate(const char *path, const char *name)
{
  static const char *const exts[] = {".yml", ".yaml", ".env",  ".sh",
                                     ".ini", ".cfg",  ".toml", NULL};
  if (strncmp(name, "Dockerfile", 10) == 0 || strstr(name, ".Dockerfile") ||
      strncmp(name, ".env", 4) == 0 || strcmp(name, "Procfile") == 0 ||
      strcmp(name, "manage.py") == 0 || strcmp(name, "wsgi.py") == 0 ||
      strcmp(name, "asgi.py") == 0 || strcmp(name, "conftest.py") == 0 ||
      strcmp(name, "Makefile") == 0)
    return true;
  (void)path;
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

static bool test_config(const char *path, const char *name)
{
  return strcmp(name, "pytest.ini") == 0 || strcmp(name, "setup.cfg") == 0 ||
         strcmp(name, "tox.ini") == 0 || strcmp(name, "pyproject.toml") == 0 ||
         strcmp(name, "conftest.py") == 0 ||
         strncmp(path, ".github/", 8) == 0 ||
         strcmp(name, ".gitlab-ci.yml") == 0 ||
         strncmp(path, ".circleci/", 10) == 0;
}

/* The role of what path says: its kind of file first, then the model's
 * role of the file (a production image's Dockerfile, a production compose
 * file, a manifest's folder). */
static enum rc_role naming_role(struct sb *b, const char *path,
                                const char *name, const char **why)
{
  if (test_config(path, name)) {
    *why = "a test configuration or CI workflow";
    return RC_ROLE_NONPROD;
  }
  if (strcmp(name, "manage.py") == 0) {
    *why = "manage.py's default (what developers run)";
    return RC_ROLE_DEVELOPMENT;
  }
  if (strncmp(name, "Dockerfile", 10) == 0 || strstr(name, ".Dockerfile")) {
    const struct rc_image *im = rc_model_image(b->m, path);
    *why = im ? "the ENV of a production image" : "a Dockerfile's ENV";
    return im ? RC_ROLE_PRODUCTION : rc_model_file_role(b->m, path);
  }
  *why = NULL;
  return rc_model_file_role(b->m, path);
}

/* The module named after the key on the line at p: `KEY=x`, `KEY: x`,
 * `ENV KEY x`, `setdefault("KEY", "x")`, `${KEY:-x}`; NULL when written
 * with a variable. */
static const char *module_after(struct rc_arena *a, const char *p)
{
  p += sizeof(KEY) - 1;
  if (*p == ':' && p[1] == '-') {
    p += 2; /* ${KEY:-default} */
  } else {
    while (*p && strchr(" \t\"'=:,", *p))
      p++;
    /* a manifest's env list: `- name: KEY` then `value: x.y` */
    const char *q = p;
    while (*q == '\n' || *q == '\r' || *q == ' ' || *q == '\t')
      q++;
    if (q > p && strncmp(q, "value:", 6) == 0)
      for (p = q + 6; *p && strchr(" \t\"'", *p);)
        p++;
  }
  if (!isalpha((unsigned char)*p) && *p != '_')
    return NULL;
  const char *s = p;
  while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
    p++;
  if (*p == '$' || *p == '{' || p == s || !strchr(s, '.') ||
      strchr(s, '.') >= p)
    return NULL; /* settings modules live in a package: a.b */
  while (p > s && p[-1] == '.')
    p--;
  return rc_arena_strndup(a, s, (size_t)(p - s));
}

/* The file of module a.b.c: a/b/c.py or a/b/c/__init__.py anywhere, the
 * one nearest the naming file. */
static const char *module_file(struct sb *b, const char *module,
                               const char *near)
{
  char *rel = rc_arena_strdup(b->a, module);
  for (char *p = rel; *p; p++)
    if (*p == '.')
      *p = '/';
  return rc_py_module_nearest(b->m, b->a, rel, near);
}

static void add_use(struct sb *b, const char *module, const char *file,
                    enum rc_role role, const char *why, bool by_default,
                    struct rc_where at)
{
  struct rc_model *m = b->m;
  if (m->n_settings >= MAX_USES)
    return;
  rc_grow((void **)&m->settings, &m->cap_settings, m->n_settings,
          sizeof(*m->settings));
  m->settings[m->n_settings++] = (struct rc_settings_use){
      .module = module,
      .path = file,
      .role = role,
      .why = why,
      .by_default = by_default,
      .at = at,
  };
}

/* A module named for development or tests (settings.dev,
 * settings.test.postgresql, config.settings.local) is not production
 * whatever names it. */
static enum rc_role module_name_role(struct rc_arena *a, const char *module)
{
  static const char *const dev[] = {"dev", "devel", "development", "local",
                                    NULL};
  static const char *const test[] = {"test",     "tests",     "testing", "ci",
                                     "unittest", "unittests", "e2e",     NULL};
  enum rc_role r = RC_ROLE_PRODUCTION;
  const char *seg = strchr(module, '.');
  while (seg) {
    const char *s = seg + 1;
    seg = strchr(s, '.');
    const char *w = seg ? rc_arena_strndup(a, s, (size_t)(seg - s)) : s;
    for (size_t i = 0; dev[i]; i++)
      if (strcmp(w, dev[i]) == 0 && r < RC_ROLE_DEVELOPMENT)
        r = RC_ROLE_DEVELOPMENT;
    for (size_t i = 0; test[i]; i++)
      if (strcmp(w, test[i]) == 0)
        r = RC_ROLE_NONPROD;
  }
  return r;
}

static void scan(struct sb *b, const struct rc_entry *e, const char *text)
{
  const char *why;
  enum rc_role role = naming_role(b, e->path, e->name, &why);
  bool by_default =
      strcmp(e->name, "wsgi.py") == 0 || strcmp(e->name, "asgi.py") == 0;
  bool docker =
      strncmp(e->name, "Dockerfile", 10) == 0 || strstr(e->name, ".Dockerfile");
  unsigned line = 1;
  const char *ls = text;
  for (const char *p = strstr(text, KEY); p; p = strstr(p + 1, KEY)) {
    for (; ls < p; ls++)
      line += *ls == '\n';
    const char *module = module_after(b->a, p);
    if (!module || (docker && !rc_dockerfile_env_line(text, p)))
      continue;
    enum rc_role by_name = module_name_role(b->a, module);
    enum rc_role r = role; /* a wsgi.py under examples/ is an example's */
    const char *said = by_default ? "the default wsgi.py/asgi.py set" : why;
    if (by_name > r) {
      r = by_name;
      said = "named for development or tests";
    }
    const char *file = module_file(b, module, rc_path_dir(b->a, e->path));
    if (!file)
      continue;
    add_use(b, module, file, r, said, by_default,
            (struct rc_where){e->path, line});
  }
}

/* A wsgi/asgi default decides only when nothing production writes names a
 * module: otherwise the environment overrides it. */
static void settle_defaults(struct rc_model *m)
{
  bool explicit_prod = false;
  for (size_t i = 0; i < m->n_settings; i++)
    explicit_prod |=
        m->settings[i].role == RC_ROLE_PRODUCTION && !m->settings[i].by_default;
  if (!explicit_prod)
    return;
  for (size_t i = 0; i < m->n_settings; i++)
    if (m->settings[i].by_default)
      m->settings[i].role = RC_ROLE_UNUSED;
}

/* The local settings file a module loads (`from .local_settings import *`,
 * `exec(open(... 'local_settings.py'))`) when the repository does not hold
 * it, or a file it runs from a path the environment gives: the operator
 * writes it at install time. NULL otherwise. */
static const char *uncommitted_local(struct rc_model *m, const char *path)
{
  const struct rc_entry *e = rc_index_find(m->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  /* the same when it runs a file the environment names
   * (`exec(compile(open(os.environ["APP_SETTINGS"]).read(), ...))`) */
  if (memmem(data, len, "exec(", 5) && memmem(data, len, ".read()", 7) &&
      (memmem(data, len, "os.environ", 10) || memmem(data, len, "getenv", 6)))
    return "the settings file an environment variable names";
  if (!memmem(data, len, "local_settings", 14))
    return NULL;
  const char *local = rc_arena_printf(m->arena, "%s%slocal_settings.py",
                                      rc_path_dir(m->arena, path),
                                      *rc_path_dir(m->arena, path) ? "/" : "");
  return rc_index_find(m->index, local) ? NULL : local;
}

/* ---- inherited modules ------------------------------------------------- */

static bool name_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* The module a line `from X import *` names, at column 0; NULL when the
 * line is not one. */
static const char *star_import(struct rc_arena *a, const char *line, size_t n)
{
  if (n < 16 || strncmp(line, "from ", 5) != 0)
    return NULL;
  const char *p = line + 5, *end = line + n;
  const char *s = p;
  while (p < end && (*p == '.' || name_char(*p)))
    p++;
  if (p == s || p + 9 > end || strncmp(p, " import *", 9) != 0)
    return NULL;
  for (const char *q = p + 9; q < end; q++)
    if (*q == '#')
      break;
    else if (*q != ' ' && *q != '\t' && *q != '\r')
      return NULL;
  return rc_arena_strndup(a, s, (size_t)(p - s));
}

/* The file of a star-imported module, relative (dots up from the
 * importing file's folder) or absolute (the nearest such module). */
static const char *import_file(struct sb *b, const char *from,
                               const char *module)
{
  if (module[0] != '.')
    return module_file(b, module, rc_path_dir(b->a, from));
  const char *dir = rc_path_dir(b->a, from);
  size_t dots = 0;
  while (module[dots] == '.')
    dots++;
  for (size_t i = 1; i < dots; i++)
    dir = rc_path_dir(b->a, dir);
  if (!module[dots])
    return NULL;
  char *rel = rc_arena_strdup(b->a, module + dots);
  for (char *p = rel; *p; p++)
    if (*p == '.')
      *p = '/';
  const char *base = rc_path_join(b->a, dir, rel);
  const char *py = base ? rc_arena_printf(b->a, "%s.py", base) : NULL;
  if (py && rc_index_find(b->m->index, py))
    return py;
  const char *init = base ? rc_path_join(b->a, base, "__init__.py") : NULL;
  return init && rc_index_find(b->m->index, init) ? init : NULL;
}

/* The first star import of the settings module at path (its file), and
 * the top-level names the module assigns after it, added to *shadowed. */
static const char *first_base(struct sb *b, const char *path,
                              struct rc_buf *shadowed)
{
  const struct rc_entry *e = rc_index_find(b->m->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_entry_size(b->m->index, e) > MAX_FILE_BYTES ||
      rc_index_read(b->m->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  const char *base = NULL;
  for (size_t pos = 0; pos < len;) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len;
    const char *line = data + pos;
    size_t n = end - pos;
    const char *mod = base ? NULL : star_import(b->a, line, n);
    if (mod) {
      base = import_file(b, path, mod);
      if (!base)
        return NULL; /* an import outside the repository: not followed */
    } else if (base && n &&
               (isupper((unsigned char)line[0]) || line[0] == '_')) {
      size_t k = 0;
      while (k < n && name_char(line[k]))
        k++;
      size_t v = k;
      while (v < n && (line[v] == ' ' || line[v] == '\t'))
        v++;
      if (v < n && line[v] == ':') /* an annotation */
        while (v < n && line[v] != '=')
          v++;
      const char *name = rc_arena_printf(b->a, "\n%.*s\n", (int)k, line);
      if (v < n && line[v] == '=' && (v + 1 >= n || line[v + 1] != '=') &&
          !strstr(shadowed->data, name))
        rc_buf_puts(shadowed, name + 1);
    }
    pos = end + 1;
  }
  return base;
}

/* The chain of modules each production use inherits, nearest first. */
static void inherit(struct sb *b, struct rc_settings_use *u)
{
  struct rc_buf shadowed;
  rc_buf_init(&shadowed);
  rc_buf_putc(&shadowed, '\n');
  const char *at = u->path;
  for (size_t i = 0; i < RC_SETTINGS_MAX_BASES; i++) {
    const char *base = first_base(b, at, &shadowed);
    if (!base || strcmp(base, u->path) == 0)
      break;
    for (size_t k = 0; k < u->n_bases; k++)
      if (strcmp(u->bases[k], base) == 0)
        base = NULL; /* a cycle */
    if (!base)
      break;
    u->bases[u->n_bases] = base;
    u->shadowed[u->n_bases++] = rc_arena_strdup(b->a, shadowed.data);
    at = base;
  }
  rc_buf_release(&shadowed);
}

void rc_settings_build(struct rc_model *m)
{
  struct sb b = {.m = m, .a = m->arena};
  size_t n = rc_index_count(m->index), read = 0;
  for (size_t i = 0; i < n && read < MAX_FILES; i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_FILE || !candidate(e->path, e->name) ||
        rc_entry_size(m->index, e) > MAX_FILE_BYTES)
      continue;
    const char *data;
    size_t len;
    read++;
    if (!rc_index_read_text(m->index, e, MAX_FILE_BYTES, &data, &len) ||
        !memmem(data, len, KEY, sizeof(KEY) - 1))
      continue;
    scan(&b, e, rc_arena_strndup(m->arena, data, len));
  }
  settle_defaults(m);
  for (size_t i = 0; i < m->n_settings; i++) {
    m->settings[i].local = uncommitted_local(m, m->settings[i].path);
    if (m->settings[i].role == RC_ROLE_PRODUCTION && !m->settings[i].local)
      inherit(&b, &m->settings[i]);
  }
}

void rc_settings_release(struct rc_model *m)
{
  free(m->settings);
  m->settings = NULL;
  m->n_settings = m->cap_settings = 0;
}

const struct rc_settings_use *rc_model_settings_use(const struct rc_model *m,
                                                    const char *path)
{
  const struct rc_settings_use *best = NULL;
  for (size_t i = 0; i < m->n_settings; i++) {
    const struct rc_settings_use *u = &m->settings[i];
    if (strcmp(u->path, path) == 0 && u->role != RC_ROLE_UNUSED &&
        (!best || u->role < best->role))
      best = u;
  }
  return best;
}

const struct rc_settings_use *
rc_model_settings_inherited(const struct rc_model *m, const char *path,
                            const char **shadowed)
{
  for (size_t i = 0; i < m->n_settings; i++) {
    const struct rc_settings_use *u = &m->settings[i];
    if (u->role != RC_ROLE_PRODUCTION || u->local)
      continue;
    for (size_t k = 0; k < u->n_bases; k++)
      if (strcmp(u->bases[k], path) == 0) {
        *shadowed = u->shadowed[k];
        return u;
      }
  }
  return NULL;
}
