/*
 * flask.c - which class of a Flask application's config module a
 * deployment loads (appsettings.h, docs/model.md "Flask and Rails
 * settings").
 *
 * `app.config.from_object(X)` loads the upper-case attributes of a class.
 * The module the loading file imports its classes from (or the one a
 * from_object string names) is a config module; its classes that set
 * upper-case names are config classes. Which one production runs: the
 * class a production file selects (FLASK_CONFIG=production in a
 * production image or compose file, through the module's
 * `{'production': ProductionConfig}` table; `create_app('production')` in
 * the application's own code; a from_object string), or a class named for
 * production, or one inheriting such a class (DockerConfig(ProductionConfig)).
 * A class named for development or tests is never production, whatever
 * selects it (as for Django settings modules). A base class a production
 * class inherits runs in production but for the names the production
 * class sets again.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/role.h"

enum {
  MAX_FILES = 3000,
  MAX_FILE_BYTES = 512 * 1024,
  MAX_MODULES = 32,
  MAX_CLASSES = 64,
  MAX_BASES = 4,
  MAX_KEYS = 64,
  MAX_CHOICES = 64,
};

struct pyclass {
  const char *name;
  const char *bases[MAX_BASES];
  size_t n_bases;
  unsigned first, last;
  struct rc_buf names; /* "\nDEBUG\nSECRET_KEY\n": what the body sets */
  bool testing;        /* sets TESTING = True: Flask's test mode */
  bool config;
  enum rc_role role;
  const char *why;
  struct rc_where at;
};

struct key {
  const char *key, *cls;
};

struct pymod {
  const char *path;
  struct pyclass classes[MAX_CLASSES];
  size_t n_classes;
  struct key keys[MAX_KEYS];
  size_t n_keys;
};

/* What selects a class: a key of the module's table, a class name or a
 * dotted path ending in one, with where it is written. */
struct choice {
  const char *value;
  const char *why;
  struct rc_where at;
};

struct fb {
  struct rc_model *m;
  struct rc_arena *a;
  struct pymod *mods;
  size_t n_mods;
  struct choice choices[MAX_CHOICES];
  size_t n_choices;
};

static bool word_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

static bool is_py(const char *name)
{
  size_t n = strlen(name);
  return n > 3 && strcmp(name + n - 3, ".py") == 0;
}

static void choose(struct fb *b, const char *value, const char *why,
                   struct rc_where at)
{
  if (b->n_choices < MAX_CHOICES)
    b->choices[b->n_choices++] = (struct choice){value, why, at};
}

/* ---- modules ---------------------------------------------------------- */

/* The file of dotted module a.b (relative with leading dots, from the
 * folder of the importing file), the one nearest that file; NULL when
 * the repository has none. */
static const char *module_file(struct fb *b, const char *from,
                               const char *module)
{
  const char *dir = rc_path_dir(b->a, from);
  size_t dots = 0;
  while (module[dots] == '.')
    dots++;
  for (size_t i = 1; i < dots; i++)
    dir = rc_path_dir(b->a, dir);
  char *rel = rc_arena_strdup(b->a, module + dots);
  if (!*rel)
    return NULL;
  for (char *p = rel; *p; p++)
    if (*p == '.')
      *p = '/';
  if (!dots)
    return rc_py_module_nearest(b->m, b->a, rel, dir);
  const char *const forms[] = {"%s.py", "%s/__init__.py"};
  for (size_t i = 0; i < 2; i++) {
    const char *p =
        rc_path_join(b->a, dir, rc_arena_printf(b->a, forms[i], rel));
    if (p && rc_index_find(b->m->index, p))
      return p;
  }
  return NULL;
}

static struct pymod *module_at(struct fb *b, const char *path)
{
  for (size_t i = 0; i < b->n_mods; i++)
    if (strcmp(b->mods[i].path, path) == 0)
      return &b->mods[i];
  if (b->n_mods >= MAX_MODULES)
    return NULL;
  struct pymod *mod = &b->mods[b->n_mods++];
  memset(mod, 0, sizeof(*mod));
  mod->path = path;
  return mod;
}

/* ---- one module's classes --------------------------------------------- */

static size_t indent_of(const char *line, size_t n)
{
  size_t i = 0;
  while (i < n && (line[i] == ' ' || line[i] == '\t'))
    i++;
  return i;
}

static void class_header(struct fb *b, struct pymod *mod, const char *line,
                         size_t n, unsigned lineno)
{
  if (mod->n_classes >= MAX_CLASSES)
    return;
  const char *p = line + 6, *end = line + n;
  while (p < end && *p == ' ')
    p++;
  const char *s = p;
  while (p < end && word_char(*p))
    p++;
  if (p == s)
    return;
  struct pyclass *c = &mod->classes[mod->n_classes++];
  memset(c, 0, sizeof(*c));
  c->name = rc_arena_strndup(b->a, s, (size_t)(p - s));
  c->first = c->last = lineno;
  rc_buf_init(&c->names);
  rc_buf_putc(&c->names, '\n');
  if (p >= end || *p != '(')
    return;
  for (p++; p < end && *p != ')' && c->n_bases < MAX_BASES;) {
    while (p < end && (*p == ' ' || *p == ','))
      p++;
    const char *bs = p, *last = p;
    while (p < end && (word_char(*p) || *p == '.'))
      if (*p++ == '.')
        last = p;
    if (p > last && strncmp(last, "object", (size_t)(p - last)) != 0)
      c->bases[c->n_bases++] = rc_arena_strndup(b->a, last, (size_t)(p - last));
    if (p == bs)
      p++;
  }
}

/* `NAME = ...` / `NAME: T = ...` at the body's indentation, NAME upper-case
 * first (Flask loads only those). */
static void body_line(struct pyclass *c, const char *line, size_t n)
{
  size_t i = indent_of(line, n), s = i;
  if (i >= n || !isupper((unsigned char)line[i]))
    return;
  while (i < n && word_char(line[i]))
    i++;
  size_t k = i;
  while (i < n && line[i] == ' ')
    i++;
  if (i < n && line[i] == ':')
    while (i < n && line[i] != '=')
      i++;
  if (i >= n || line[i] != '=' || (i + 1 < n && line[i + 1] == '='))
    return;
  char name[128];
  if (k - s + 3 > sizeof(name))
    return;
  name[0] = '\n';
  memcpy(name + 1, line + s, k - s);
  name[k - s + 1] = '\n';
  name[k - s + 2] = '\0';
  if (!strstr(c->names.data, name))
    rc_buf_puts(&c->names, name + 1);
  if (strcmp(name, "\nTESTING\n") == 0) {
    size_t v = i + 1;
    while (v < n && line[v] == ' ')
      v++;
    c->testing = n - v >= 4 && strncmp(line + v, "True", 4) == 0 &&
                 (n - v == 4 || !word_char(line[v + 4]));
  }
}

/* `'production': ProductionConfig` (or `config.ProductionConfig`): a key of
 * the module's table. */
static void table_keys(struct fb *b, struct pymod *mod, const char *line,
                       size_t n)
{
  const char *end = line + n;
  for (const char *p = line; p < end && mod->n_keys < MAX_KEYS; p++) {
    if (*p != '\'' && *p != '"')
      continue;
    char q = *p;
    const char *ks = p + 1, *ke = ks;
    while (ke < end && (word_char(*ke) || *ke == '-'))
      ke++;
    if (ke == ks || ke >= end || *ke != q)
      continue;
    const char *v = ke + 1;
    while (v < end && *v == ' ')
      v++;
    if (v >= end || *v != ':')
      continue;
    for (v++; v < end && *v == ' ';)
      v++;
    const char *vs = v, *last = v;
    while (v < end && (word_char(*v) || *v == '.'))
      if (*v++ == '.')
        last = v;
    if (v > last && v > vs && isupper((unsigned char)*last))
      mod->keys[mod->n_keys++] =
          (struct key){rc_arena_strndup(b->a, ks, (size_t)(ke - ks)),
                       rc_arena_strndup(b->a, last, (size_t)(v - last))};
    p = v > p ? v - 1 : p;
  }
}

static void parse_module(struct fb *b, struct pymod *mod, const char *data,
                         size_t len)
{
  struct pyclass *c = NULL;
  size_t body = 0; /* the body's indentation, 0 until its first line */
  unsigned lineno = 0;
  for (size_t pos = 0; pos < len;) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len, n = end - pos;
    const char *line = data + pos;
    lineno++;
    pos = end + 1;
    if (n && line[n - 1] == '\r')
      n--;
    size_t ind = indent_of(line, n);
    if (ind == n || line[ind] == '#') {
      continue;
    }
    table_keys(b, mod, line, n);
    if (ind == 0 && line[0] != ')' && line[0] != ']' && line[0] != '}') {
      c = NULL;
      body = 0;
      if (n > 6 && strncmp(line, "class ", 6) == 0) {
        class_header(b, mod, line, n, lineno);
        if (mod->n_classes)
          c = &mod->classes[mod->n_classes - 1];
      }
      continue;
    }
    if (!c)
      continue;
    c->last = lineno;
    if (!body)
      body = ind;
    if (ind == body)
      body_line(c, line, n);
  }
}

/* ---- names ------------------------------------------------------------ */

/* The words of a class name, lower case, each "\nword\n" (CamelCase and
 * underscores split: ProdConfig -> prod, config). */
static bool name_has(const char *name, const char *const *words)
{
  char w[64];
  for (const char *p = name; *p;) {
    size_t n = 0;
    if (*p == '_') {
      p++;
      continue;
    }
    do
      w[n++] = (char)tolower((unsigned char)*p++);
    while (*p && *p != '_' && !isupper((unsigned char)*p) && n < sizeof(w) - 1);
    /* an all-capitals run (CIConfig, DEVConfig): up to the capital that
     * starts the next word */
    bool run = n == 1 && isupper((unsigned char)p[-1]);
    while (run && *p && isupper((unsigned char)*p) &&
           !(p[1] && islower((unsigned char)p[1])) && n < sizeof(w) - 1)
      w[n++] = (char)tolower((unsigned char)*p++);
    w[n] = '\0';
    for (size_t i = 0; words[i]; i++)
      if (strcmp(w, words[i]) == 0)
        return true;
  }
  return false;
}

static const char *const DEV[] = {"dev",   "devel", "develop", "development",
                                  "local", "debug", NULL};
static const char *const TEST[] = {"test",     "tests", "testing", "ci",
                                   "unittest", "e2e",   NULL};
static const char *const PROD[] = {"prod", "production", "live", NULL};
static const char *const CONF[] = {"config", "configuration", "settings",
                                   "conf", NULL};

/* A class named for tests, or one that turns on Flask's test mode
 * (TESTING = True: exceptions propagate to the test client), which no
 * deployment runs: ProductionFF with TESTING = True is the test suite run
 * with production's feature flags. */
static bool test_class(const struct pyclass *c)
{
  return c->testing || name_has(c->name, TEST);
}

static struct pyclass *class_named(struct pymod *mod, const char *name)
{
  for (size_t i = 0; i < mod->n_classes; i++)
    if (strcmp(mod->classes[i].name, name) == 0)
      return &mod->classes[i];
  return NULL;
}

/* Config classes: upper-case settings, and a name that says so or a base
 * that is one. */
static size_t mark_config(struct pymod *mod)
{
  size_t n = 0;
  for (int round = 0; round < MAX_BASES; round++)
    for (size_t i = 0; i < mod->n_classes; i++) {
      struct pyclass *c = &mod->classes[i];
      bool by_base = false;
      for (size_t k = 0; k < c->n_bases; k++) {
        struct pyclass *base = class_named(mod, c->bases[k]);
        by_base |= base && base->config;
      }
      if (!c->config && (c->names.len > 1 || by_base) &&
          (by_base || name_has(c->name, CONF) || name_has(c->name, DEV) ||
           name_has(c->name, TEST) || name_has(c->name, PROD))) {
        c->config = true;
        n++;
      }
    }
  return n;
}

/* The class a choice's value names in mod: a table key, the class's name,
 * or a dotted path ending in it. */
static struct pyclass *chosen_class(struct pymod *mod, const char *value)
{
  for (size_t i = 0; i < mod->n_keys; i++)
    if (strcmp(mod->keys[i].key, value) == 0)
      return class_named(mod, mod->keys[i].cls);
  const char *dot = strrchr(value, '.');
  return class_named(mod, dot ? dot + 1 : value);
}

/* ---- the loading files ------------------------------------------------ */

/* The modules a loading file imports (`from X import ...`, `import X`),
 * as config module candidates; and X.Y for `from X import Y` (a module
 * imported by name). */
static void imports(struct fb *b, const char *path, const char *data,
                    size_t len)
{
  for (size_t pos = 0; pos < len;) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len, n = end - pos;
    const char *line = data + pos;
    pos = end + 1;
    size_t i = indent_of(line, n);
    bool from = n - i > 5 && strncmp(line + i, "from ", 5) == 0;
    bool imp = n - i > 7 && strncmp(line + i, "import ", 7) == 0;
    if (!from && !imp)
      continue;
    i += from ? 5 : 7;
    size_t s = i;
    while (i < n && (word_char(line[i]) || line[i] == '.'))
      i++;
    if (i == s)
      continue;
    const char *mod = rc_arena_strndup(b->a, line + s, i - s);
    const char *file = module_file(b, path, mod);
    if (file)
      module_at(b, file);
    if (!from || i + 8 > n || strncmp(line + i, " import ", 8) != 0)
      continue;
    for (i += 8; i < n;) {
      while (i < n && strchr(" ,(", line[i]))
        i++;
      size_t ns = i;
      while (i < n && word_char(line[i]))
        i++;
      if (i == ns)
        break;
      const char *sub = rc_arena_printf(b->a, "%s%s%.*s", mod,
                                        mod[strlen(mod) - 1] == '.' ? "" : ".",
                                        (int)(i - ns), line + ns);
      if ((file = module_file(b, path, sub)) != NULL)
        module_at(b, file);
      if (i + 4 < n && strncmp(line + i, " as ", 4) == 0)
        for (i += 4; i < n && word_char(line[i]);)
          i++;
    }
  }
}

static unsigned line_of(const char *data, const char *p)
{
  unsigned line = 1;
  for (const char *q = data; q < p; q++)
    line += *q == '\n';
  return line;
}

/* The argument of a call at p (just after its '('): a string literal's
 * text, or an identifier (dotted); NULL otherwise. *quoted says which. */
static const char *call_arg(struct rc_arena *a, const char *p, bool *quoted)
{
  while (*p == ' ')
    p++;
  /* create_app(config_name='production') */
  const char *k = p;
  while (word_char(*k))
    k++;
  if (k > p && *k == '=' && k[1] != '=')
    p = k + 1;
  *quoted = *p == '\'' || *p == '"';
  if (*quoted)
    p++;
  const char *s = p;
  while (word_char(*p) || *p == '.' || (*quoted && *p == '-'))
    p++;
  if (p == s || (*quoted && *p != s[-1]) || (!*quoted && strchr("[(", *p)))
    return NULL;
  return rc_arena_strndup(a, s, (size_t)(p - s));
}

/* A loading file: from_object calls, with the modules it imports as
 * candidates; and, in the application's own code, from_object strings and
 * create_app arguments as choices. */
static void scan_loader(struct fb *b, const struct rc_entry *e,
                        const char *data, size_t len)
{
  enum rc_role role = rc_role_of_path(e->path, NULL, 0);
  /* Flask's from_object: the file is a Flask application's (Celery and
   * other libraries have a from_object of their own) */
  if (!memmem(data, len, "flask", 5) && !memmem(data, len, "Flask", 5))
    return;
  bool loads = memmem(data, len, "from_object(", 12) != NULL;
  if (loads)
    imports(b, e->path, data, len);
  if (loads && e->kind == RC_ENTRY_FILE)
    module_at(b, e->path);
  static const char *const calls[] = {"from_object(", "create_app(", NULL};
  for (size_t k = 0; calls[k] && role == RC_ROLE_PRODUCTION; k++)
    for (const char *p = strstr(data, calls[k]); p;
         p = strstr(p + 1, calls[k])) {
      if (p > data && (word_char(p[-1]) && k == 1))
        continue; /* my_create_app( */
      bool quoted;
      const char *arg = call_arg(b->a, p + strlen(calls[k]), &quoted);
      if (!arg)
        continue;
      if (k == 0 && quoted && strchr(arg, '.')) {
        /* from_object("project.config.ProductionConfig") */
        const char *dot = strrchr(arg, '.');
        const char *file = module_file(
            b, e->path, rc_arena_strndup(b->a, arg, (size_t)(dot - arg)));
        if (file)
          module_at(b, file);
      }
      const char *ls = p;
      while (ls > data && ls[-1] != '\n')
        ls--;
      while (*ls == ' ' || *ls == '\t')
        ls++;
      bool def = strncmp(ls, "def ", 4) == 0; /* a parameter's default */
      choose(b, arg,
             k == 0 ? "app.config.from_object in the application's code"
             : def  ? "the default of the application's create_app"
                    : "create_app in the application's code",
             (struct rc_where){e->path, line_of(data, p)});
    }
}

/* ---- roles ------------------------------------------------------------ */

static void on_env(const struct rc_env_value *v, void *arg)
{
  struct fb *b = arg;
  if (v->role == RC_ROLE_PRODUCTION)
    choose(b, v->value,
           rc_arena_printf(b->a, "%s=%s in %s", v->var, v->value, v->why),
           v->at);
}

/* Whether c inherits (within its module) a class whose role is
 * production, and which. */
static const struct pyclass *production_base(struct pymod *mod,
                                             const struct pyclass *c, int depth)
{
  for (size_t k = 0; depth < MAX_BASES && k < c->n_bases; k++) {
    const struct pyclass *base = class_named(mod, c->bases[k]);
    if (!base || base == c)
      continue;
    if (base->role == RC_ROLE_PRODUCTION)
      return base;
    const struct pyclass *up = production_base(mod, base, depth + 1);
    if (up)
      return up;
  }
  return NULL;
}

/* Whether c inherits (within its module) a class named for tests or
 * development, and which: ProductionFF(Test) is a test configuration
 * with production's flags, not production. */
static const struct pyclass *nonprod_base(struct pymod *mod,
                                          const struct pyclass *c, int depth)
{
  for (size_t k = 0; depth < MAX_BASES && k < c->n_bases; k++) {
    const struct pyclass *base = class_named(mod, c->bases[k]);
    if (!base || base == c)
      continue;
    if (test_class(base) || name_has(base->name, DEV))
      return base;
    const struct pyclass *up = nonprod_base(mod, base, depth + 1);
    if (up)
      return up;
  }
  return NULL;
}

static void decide(struct fb *b, struct pymod *mod)
{
  enum rc_role place = rc_role_of_path(mod->path, NULL, 0);
  for (size_t i = 0; i < mod->n_classes; i++) {
    struct pyclass *c = &mod->classes[i];
    c->role = RC_ROLE_UNUSED;
    c->why = "no deployment selects it";
    if (!c->config)
      continue;
    if (name_has(c->name, TEST)) {
      c->role = RC_ROLE_NONPROD;
      c->why = "named for tests";
    } else if (c->testing) {
      c->role = RC_ROLE_NONPROD;
      c->why = "sets TESTING = True: a test configuration";
    } else if (name_has(c->name, DEV)) {
      c->role = RC_ROLE_DEVELOPMENT;
      c->why = "named for development";
    } else {
      for (size_t k = 0; k < b->n_choices; k++)
        if (chosen_class(mod, b->choices[k].value) == c) {
          c->role = RC_ROLE_PRODUCTION;
          c->why = b->choices[k].why;
          c->at = b->choices[k].at;
          break;
        }
      const struct pyclass *np =
          c->role != RC_ROLE_PRODUCTION ? nonprod_base(mod, c, 0) : NULL;
      if (np) {
        c->role = test_class(np) ? RC_ROLE_NONPROD : RC_ROLE_DEVELOPMENT;
        c->why = rc_arena_printf(b->a, "inherits %s", np->name);
      } else if (c->role != RC_ROLE_PRODUCTION && name_has(c->name, PROD)) {
        c->role = RC_ROLE_PRODUCTION;
        c->why = "named for production";
      }
    }
  }
  /* a variant of a production class (DockerConfig(ProductionConfig)) */
  for (size_t i = 0; i < mod->n_classes; i++) {
    struct pyclass *c = &mod->classes[i];
    const struct pyclass *base = c->config && c->role == RC_ROLE_UNUSED
                                     ? production_base(mod, c, 0)
                                     : NULL;
    if (base) {
      c->role = RC_ROLE_PRODUCTION;
      c->why = rc_arena_printf(b->a, "inherits %s", base->name);
    }
  }
  for (size_t i = 0; place != RC_ROLE_PRODUCTION && i < mod->n_classes; i++)
    if (mod->classes[i].role < place) {
      mod->classes[i].role = place;
      mod->classes[i].why = "in a folder that is not production";
    }
}

/* The bases a production class runs, each a scope of its own without the
 * names set below it. */
static void base_scopes(struct fb *b, struct pymod *mod,
                        const struct pyclass *top, const struct pyclass *c,
                        const char *shadowed, int depth)
{
  for (size_t k = 0; depth < MAX_BASES && k < c->n_bases; k++) {
    const struct pyclass *base = class_named(mod, c->bases[k]);
    if (!base || base == top || base->role == RC_ROLE_PRODUCTION)
      continue;
    const char *sh = rc_arena_printf(b->a, "%s%s", shadowed, c->names.data + 1);
    rc_app_settings_add(b->m, &(struct rc_app_settings){
                                  .framework = "flask",
                                  .path = mod->path,
                                  .name = base->name,
                                  .role = RC_ROLE_PRODUCTION,
                                  .why = "inherited by a production class",
                                  .first = base->first,
                                  .last = base->last,
                                  .inherited_by = top->name,
                                  .shadowed = sh,
                              });
    base_scopes(b, mod, top, base, sh, depth + 1);
  }
}

static void emit(struct fb *b, struct pymod *mod)
{
  for (size_t i = 0; i < mod->n_classes; i++) {
    const struct pyclass *c = &mod->classes[i];
    if (!c->config)
      continue;
    rc_app_settings_add(b->m, &(struct rc_app_settings){
                                  .framework = "flask",
                                  .path = mod->path,
                                  .name = c->name,
                                  .role = c->role,
                                  .why = c->why,
                                  .at = c->at,
                                  .first = c->first,
                                  .last = c->last,
                              });
  }
  for (size_t i = 0; i < mod->n_classes; i++)
    if (mod->classes[i].config && mod->classes[i].role == RC_ROLE_PRODUCTION)
      base_scopes(b, mod, &mod->classes[i], &mod->classes[i], "\n", 0);
}

void rc_flask_settings_build(struct rc_model *m)
{
  struct fb b = {.m = m, .a = m->arena};
  b.mods = rc_xcalloc(MAX_MODULES, sizeof(*b.mods));
  size_t n = rc_index_count(m->index), read = 0;
  for (size_t i = 0; i < n && read < MAX_FILES; i++) {
    const struct rc_entry *e = rc_index_at(m->index, i);
    if (e->kind != RC_ENTRY_FILE || !is_py(e->name) ||
        rc_entry_size(m->index, e) > MAX_FILE_BYTES)
      continue;
    const char *data;
    size_t len;
    read++;
    if (!rc_index_read_text(m->index, e, MAX_FILE_BYTES, &data, &len) ||
        (!memmem(data, len, "from_object(", 12) &&
         !memmem(data, len, "create_app(", 11)))
      continue;
    scan_loader(&b, e, rc_arena_strndup(m->arena, data, len), len);
  }
  if (b.n_mods) {
    static const char *const vars[] = {"FLASK_CONFIG", "FLASK_CONFIGURATION",
                                       "FLASK_ENV",    "APP_SETTINGS",
                                       "APP_CONFIG",   "APP_ENV",
                                       "CONFIG_NAME",  "CONFIG_CLASS",
                                       "CONFIG_MODE",  NULL};
    rc_app_env_values(m, vars, on_env, &b);
  }
  for (size_t i = 0; i < b.n_mods; i++) {
    struct pymod *mod = &b.mods[i];
    const struct rc_entry *e = rc_index_find(m->index, mod->path);
    const char *data;
    size_t len;
    char err[128];
    /* a Django settings module is the Django model's (settings.c) */
    if (!e || rc_model_settings_use(m, mod->path) ||
        rc_entry_size(m->index, e) > MAX_FILE_BYTES ||
        rc_index_read(m->index, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    parse_module(&b, mod, data, len);
    if (mark_config(mod)) {
      decide(&b, mod);
      emit(&b, mod);
    }
    for (size_t k = 0; k < mod->n_classes; k++)
      rc_buf_release(&mod->classes[k].names);
  }
  free(b.mods);
}
