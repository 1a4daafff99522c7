/*
 * spring.c - the actuator's base path of a Spring Boot application
 * (spring.h).
 *
 * Properties files are read key by key; YAML files line by line, each
 * key's full dotted name made from the keys above it by indentation
 * (`management:` / `  endpoints:` / `    web:` / `      base-path: /x`),
 * a document separator starting over. Both spellings Boot binds count
 * (`base-path`, `basePath`).
 */
#include "readycheck/spring.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

enum { MAX_FILE_BYTES = 256 * 1024, MAX_DEPTH = 16, MAX_KEY = 256 };

struct found {
  struct rc_arena *a;
  const char *context, *base;
};

static bool wanted(const char *key, const char *const *names)
{
  for (size_t i = 0; names[i]; i++)
    if (strcasecmp(key, names[i]) == 0)
      return true;
  return false;
}

static void take(struct found *f, const char *key, const char *v, size_t n)
{
  static const char *const ctx[] = {"server.servlet.context-path",
                                    "server.servlet.contextPath",
                                    "server.context-path",
                                    "server.contextPath",
                                    "spring.webflux.base-path",
                                    "spring.webflux.basePath",
                                    NULL};
  static const char *const base[] = {"management.endpoints.web.base-path",
                                     "management.endpoints.web.basePath",
                                     "management.context-path", NULL};
  while (n && (*v == '"' || *v == '\'' || *v == ' '))
    v++, n--;
  while (n && (v[n - 1] == '"' || v[n - 1] == '\'' || v[n - 1] == ' ' ||
               v[n - 1] == '\r'))
    n--;
  if (memchr(v, '$', n) || memchr(v, '{', n) || (n && v[0] != '/' && n))
    return;
  const char *s = rc_arena_strndup(f->a, v, n);
  if (wanted(key, ctx))
    f->context = s;
  else if (wanted(key, base))
    f->base = s;
}

static void read_properties(struct found *f, const char *data)
{
  for (const char *p = data; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    const char *eq = memchr(p, '=', n);
    if (!eq)
      eq = memchr(p, ':', n);
    if (eq && *p != '#' && *p != '!') {
      size_t k = (size_t)(eq - p);
      while (k && p[k - 1] == ' ')
        k--;
      char key[MAX_KEY];
      if (k < sizeof(key)) {
        memcpy(key, p, k);
        key[k] = '\0';
        take(f, key, eq + 1, (size_t)(p + n - eq - 1));
      }
    }
    p = nl ? nl + 1 : p + n;
  }
}

static void read_yaml(struct found *f, const char *data)
{
  char keys[MAX_DEPTH][64];
  size_t indents[MAX_DEPTH], depth = 0;
  for (const char *p = data; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    const char *line = p;
    p = nl ? nl + 1 : p + n;
    size_t ind = 0;
    while (ind < n && line[ind] == ' ')
      ind++;
    if (ind == n || line[ind] == '#')
      continue;
    if (n >= 3 && strncmp(line, "---", 3) == 0) {
      depth = 0;
      continue;
    }
    const char *colon = memchr(line + ind, ':', n - ind);
    if (!colon || line[ind] == '-')
      continue;
    while (depth && indents[depth - 1] >= ind)
      depth--;
    size_t k = (size_t)(colon - line - (long)ind);
    if (k >= sizeof(keys[0]) || depth >= MAX_DEPTH)
      continue;
    char full[MAX_KEY] = "";
    for (size_t i = 0; i < depth; i++) {
      strncat(full, keys[i], sizeof(full) - strlen(full) - 1);
      strncat(full, ".", sizeof(full) - strlen(full) - 1);
    }
    memcpy(keys[depth], line + ind, k);
    keys[depth][k] = '\0';
    strncat(full, keys[depth], sizeof(full) - strlen(full) - 1);
    const char *v = colon + 1;
    size_t vn = (size_t)(line + n - v);
    const char *hash = memchr(v, '#', vn);
    if (hash)
      vn = (size_t)(hash - v);
    size_t blank = 0;
    while (blank < vn && (v[blank] == ' ' || v[blank] == '\r'))
      blank++;
    if (blank == vn) {
      indents[depth++] = ind; /* a mapping follows */
      continue;
    }
    take(f, full, v, vn);
  }
}

struct walk {
  struct rc_index *idx;
  struct found *f;
  bool profile; /* this pass reads the production profile's files */
};

static int on_file(const struct rc_entry *e, void *arg)
{
  struct walk *w = arg;
  const char *name = e->name;
  if (strncmp(name, "application", 11) != 0 || strstr(e->path, "/test/"))
    return 0;
  const char *rest = name + 11;
  bool prof =
      strncmp(rest, "-prod.", 6) == 0 || strncmp(rest, "-production.", 12) == 0;
  if (prof != w->profile || (!prof && rest[0] != '.'))
    return 0;
  const char *dot = strrchr(name, '.');
  bool yaml = strcmp(dot, ".yml") == 0 || strcmp(dot, ".yaml") == 0;
  if (!yaml && strcmp(dot, ".properties") != 0)
    return 0;
  const char *data;
  size_t len;
  if (!rc_index_read_text(w->idx, e, MAX_FILE_BYTES, &data, &len))
    return 0;
  const char *text = rc_arena_strndup(w->f->a, data, len);
  if (yaml)
    read_yaml(w->f, text);
  else
    read_properties(w->f, text);
  return 0;
}

const char *rc_spring_actuator_base(struct rc_index *idx, struct rc_arena *a,
                                    const char *dir)
{
  struct found f = {a, "", "/actuator"};
  const char *glob = dir && *dir ? rc_arena_printf(a, "%s/**", dir) : "**";
  for (int pass = 0; pass < 2; pass++) {
    struct walk w = {idx, &f, pass == 1};
    rc_index_glob(idx, glob, RC_ENTRY_FILE, on_file, &w);
  }
  size_t cn = strlen(f.context);
  while (cn && f.context[cn - 1] == '/')
    cn--;
  return rc_arena_printf(a, "%.*s%s", (int)cn, f.context,
                         strcmp(f.base, "/") == 0 ? "" : f.base);
}
