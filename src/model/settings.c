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

struct find {
  const char *suffix;
  const char *near; /* the naming file's folder */
  const char *best;
  size_t best_common;
};

static size_t common_prefix(const char *a, const char *b)
{
  size_t n = 0;
  while (a[n] && a[n] == b[n])
    n++;
  return n;
}

static int on_module(const struct rc_entry *e, void *arg)
{
  struct find *f = arg;
  size_t n = strlen(e->path), k = strlen(f->suffix);
  if (n < k || strcmp(e->path + n - k, f->suffix) != 0 ||
      (n > k && e->path[n - k - 1] != '/'))
    return 0;
  size_t c = common_prefix(e->path, f->near);
  if (!f->best || c > f->best_common) {
    f->best = e->path;
    f->best_common = c;
  }
  return 0;
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
  const char *const forms[] = {"%s.py", "%s/__init__.py"};
  for (size_t i = 0; i < 2; i++) {
    struct find f = {rc_arena_printf(b->a, forms[i], rel), near, NULL, 0};
    rc_index_glob(b->m->index, rc_arena_printf(b->a, "**/%s", f.suffix),
                  RC_ENTRY_FILE, on_module, &f);
    if (!f.best && rc_index_find(b->m->index, f.suffix))
      f.best = f.suffix;
    if (f.best)
      return f.best;
  }
  return NULL;
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

/* In a Dockerfile only ENV (and an ARG default) sets what the container
 * runs with; `RUN DJANGO_SETTINGS_MODULE=x.test manage.py ...` is a build
 * step's. */
static bool dockerfile_env(const char *text, const char *p)
{
  const char *ls = p;
  while (ls > text && ls[-1] != '\n')
    ls--;
  while (*ls == ' ' || *ls == '\t')
    ls++;
  return strncasecmp(ls, "ENV", 3) == 0 || strncasecmp(ls, "ARG", 3) == 0;
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
    if (!module || (docker && !dockerfile_env(text, p)))
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
 * it: the operator writes it at install time. NULL otherwise. */
static const char *uncommitted_local(struct rc_model *m, const char *path)
{
  const struct rc_entry *e = rc_index_find(m->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0 ||
      !memmem(data, len, "local_settings", 14))
    return NULL;
  const char *local = rc_arena_printf(m->arena, "%s%slocal_settings.py",
                                      rc_path_dir(m->arena, path),
                                      *rc_path_dir(m->arena, path) ? "/" : "");
  return rc_index_find(m->index, local) ? NULL : local;
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
    char err[128];
    read++;
    if (rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0 ||
        rc_index_is_binary(data, len) ||
        !memmem(data, len, KEY, sizeof(KEY) - 1))
      continue;
    scan(&b, e, rc_arena_strndup(m->arena, data, len));
  }
  settle_defaults(m);
  for (size_t i = 0; i < m->n_settings; i++)
    m->settings[i].local = uncommitted_local(m, m->settings[i].path);
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
