/*
 * path.c - joining repository paths without touching the disk, so that a
 * compose file's "../x" or a Dockerfile's COPY source can be looked up in
 * the index; anything that leaves the repository is refused, not clamped.
 */
#include "readycheck/path.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

enum { MAX_SEGMENTS = 256 };

bool rc_path_normalize(struct rc_buf *out, const char *path)
{
  const char *segs[MAX_SEGMENTS];
  size_t lens[MAX_SEGMENTS], n = 0;
  bool ok = true;
  for (const char *s = path; *s && ok;) {
    size_t len = strcspn(s, "/");
    if (len == 2 && s[0] == '.' && s[1] == '.')
      ok = n > 0 && n--;
    else if (len && !(len == 1 && s[0] == '.')) {
      ok = n < MAX_SEGMENTS;
      if (ok) {
        segs[n] = s;
        lens[n++] = len;
      }
    }
    s += len;
    while (*s == '/')
      s++;
  }
  rc_buf_reset(out);
  for (size_t i = 0; ok && i < n; i++) {
    if (i)
      rc_buf_putc(out, '/');
    rc_buf_add(out, segs[i], lens[i]);
  }
  return ok;
}

const char *rc_path_join(struct rc_arena *a, const char *dir, const char *rel)
{
  if (rel[0] == '/' || rel[0] == '~' || strchr(rel, '$'))
    return NULL;
  struct rc_buf b, out;
  rc_buf_init(&b);
  rc_buf_init(&out);
  rc_buf_printf(&b, "%s/%s", dir, rel);
  const char *res = NULL;
  if (rc_path_normalize(&out, b.data))
    res = rc_arena_strdup(a, out.len ? out.data : "");
  rc_buf_release(&b);
  rc_buf_release(&out);
  return res;
}

const char *rc_path_dir(struct rc_arena *a, const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

const char *rc_path_base(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The name (not the folder) carries the suffix: a folder named docs.md
 * holds files of any kind. */
static bool name_ends_ci(const char *path, const char *suffix)
{
  const char *base = rc_path_base(path);
  size_t n = strlen(base), k = strlen(suffix);
  return n > k && strcasecmp(base + n - k, suffix) == 0;
}

bool rc_path_is_markdown(const char *path)
{
  return name_ends_ci(path, ".md");
}

bool rc_path_is_doc(const char *path)
{
  return name_ends_ci(path, ".md") || name_ends_ci(path, ".rst") ||
         name_ends_ci(path, ".adoc");
}

int rc_path_within(const char *path, const char *dir)
{
  size_t n = strlen(dir);
  if (n == 0)
    return 1;
  return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}
