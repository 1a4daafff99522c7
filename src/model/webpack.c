/*
 * webpack.c - resolve.modules and preferRelative from a webpack config's
 * text. Configs are JavaScript that builds paths at run time
 * (`path.join(__dirname, "src")`, `PATHS.src`), so only what the text
 * shows is taken: quoted folder names, and a variable named src. Anything
 * missed leaves an import unresolved, never a local file called a package.
 */
#define _GNU_SOURCE /* memmem */
#include "readycheck/webpack.h"

#include <ctype.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/path.h"

enum { MAX_ROOTS = 16 };

static void add_root(struct rc_arena *a, const char *dir, const char *name,
                     size_t n, struct rc_webpack_resolve *out)
{
  while (n >= 2 && name[0] == '.' && name[1] == '/') {
    name += 2;
    n -= 2;
  }
  while (n && name[n - 1] == '/')
    n--;
  if (!n || out->n_roots >= MAX_ROOTS || name[0] == '/' ||
      (n == 12 && strncmp(name, "node_modules", 12) == 0))
    return;
  char *rel = rc_arena_strndup(a, name, n);
  const char *root = rc_path_join(a, dir, rel);
  if (root)
    out->roots[out->n_roots++] = root;
}

/* `.src` or `src` as a whole identifier inside the list. */
static bool names_src(const char *p, const char *end)
{
  for (const char *q = p; q + 3 <= end; q++)
    if (strncmp(q, "src", 3) == 0 &&
        (q == p || !(isalnum((unsigned char)q[-1]) || q[-1] == '_')) &&
        (q + 3 == end || !(isalnum((unsigned char)q[3]) || q[3] == '_')))
      return true;
  return false;
}

/* The `[...]` list after one `modules:` key. */
static void read_list(struct rc_arena *a, const char *dir, const char *p,
                      const char *end, struct rc_webpack_resolve *out)
{
  /* `modules: isCustom ? [a, b] : [b]`: the first list on the line */
  while (p < end && *p != '[' && *p != '\n' && *p != ',' && *p != '}')
    p++;
  if (p >= end || *p != '[')
    return;
  const char *close = memchr(p, ']', (size_t)(end - p));
  if (!close)
    return;
  bool quoted_src = false;
  for (const char *q = p + 1; q < close; q++) {
    if (*q != '"' && *q != '\'' && *q != '`')
      continue;
    const char *e = memchr(q + 1, *q, (size_t)(close - q - 1));
    if (!e)
      break;
    add_root(a, dir, q + 1, (size_t)(e - q - 1), out);
    quoted_src |= e - q - 1 == 3 && strncmp(q + 1, "src", 3) == 0;
    q = e;
  }
  if (!quoted_src && names_src(p + 1, close))
    add_root(a, dir, "src", 3, out);
}

void rc_webpack_resolve_read(struct rc_arena *a, const char *dir,
                             const char *text, size_t len,
                             struct rc_webpack_resolve *out)
{
  out->roots = rc_arena_alloc(a, MAX_ROOTS * sizeof(*out->roots));
  out->n_roots = 0;
  out->prefer_relative = false;
  const char *end = text + len;
  static const char key[] = "modules:";
  for (const char *p = text; p < end;) {
    const char *hit = memmem(p, (size_t)(end - p), key, sizeof(key) - 1);
    if (!hit)
      break;
    /* `rules:` of `module:` is another key: only a whole `modules` word */
    if (hit == text || !(isalnum((unsigned char)hit[-1]) || hit[-1] == '_'))
      read_list(a, dir, hit + sizeof(key) - 1, end, out);
    p = hit + sizeof(key) - 1;
  }
  static const char rel[] = "preferRelative";
  const char *r = memmem(text, len, rel, sizeof(rel) - 1);
  if (r) {
    r += sizeof(rel) - 1;
    while (r < end && (*r == ' ' || *r == ':' || *r == '\t'))
      r++;
    out->prefer_relative = (size_t)(end - r) >= 4 && strncmp(r, "true", 4) == 0;
  }
}

/* The value after `key:` on a YAML line (quotes and a comment dropped),
 * its length in *n; NULL when the line is not that key. */
static const char *yaml_value(const char *line, const char *eol,
                              const char *key, size_t *n)
{
  const char *p = line;
  while (p < eol && (*p == ' ' || *p == '\t'))
    p++;
  size_t k = strlen(key);
  if ((size_t)(eol - p) <= k || strncmp(p, key, k) != 0 || p[k] != ':')
    return NULL;
  p += k + 1;
  while (p < eol && (*p == ' ' || *p == '\t'))
    p++;
  const char *e = p;
  while (e < eol && *e != '#')
    e++;
  while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
    e--;
  if (e - p >= 2 && (*p == '"' || *p == '\'') && e[-1] == *p) {
    p++;
    e--;
  }
  *n = (size_t)(e - p);
  return p;
}

/* The items of `additional_paths:`, an inline list (`[a, "b"]`) or the
 * `- item` lines below it. */
static void read_paths(struct rc_arena *a, const char *root, const char *v,
                       size_t n, const char *next, const char *end,
                       struct rc_webpack_resolve *out)
{
  if (n && v[0] == '[') {
    for (const char *q = v + 1; q < v + n;) {
      q += strspn(q, " \t\"'");
      size_t w = 0;
      while (q + w < v + n && !strchr(",]\"'", q[w]))
        w++;
      while (w && (q[w - 1] == ' ' || q[w - 1] == '\t'))
        w--;
      add_root(a, root, q, w, out);
      q += w;
      q += strspn(q, "\"' \t");
      if (q < v + n && *q == ',')
        q++;
      else
        break;
    }
    return;
  }
  for (const char *p = next; p < end;) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
      eol = end;
    const char *q = p;
    while (q < eol && (*q == ' ' || *q == '\t'))
      q++;
    if (q == eol || *q == '#') {
      p = eol + 1;
      continue;
    }
    if (*q != '-')
      return;
    q++;
    while (q < eol && (*q == ' ' || *q == '\t' || *q == '"' || *q == '\''))
      q++;
    const char *e = q;
    while (e < eol && !strchr("\"'# \t\r", *e))
      e++;
    add_root(a, root, q, (size_t)(e - q), out);
    p = eol + 1;
  }
}

void rc_webpacker_resolve_read(struct rc_arena *a, const char *root,
                               const char *text, size_t len,
                               struct rc_webpack_resolve *out)
{
  if (!out->roots) {
    out->roots = rc_arena_alloc(a, MAX_ROOTS * sizeof(*out->roots));
    out->n_roots = 0;
  }
  const char *end = text + len;
  bool source = false, extra = false;
  for (const char *p = text; p < end && !(source && extra);) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
      eol = end;
    size_t n;
    const char *v;
    if (!source && (v = yaml_value(p, eol, "source_path", &n)) != NULL) {
      add_root(a, root, v, n, out);
      source = true;
    } else if (!extra &&
               (v = yaml_value(p, eol, "additional_paths", &n)) != NULL) {
      read_paths(a, root, v, n, eol < end ? eol + 1 : end, end, out);
      extra = true;
    }
    p = eol < end ? eol + 1 : end;
  }
  if (!source)
    add_root(a, root, "app/javascript", 14, out);
}
