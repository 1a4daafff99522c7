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
