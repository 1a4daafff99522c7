/*
 * submodule.c - the folders .gitmodules names (see submodule.h).
 *
 * Read line by line rather than as git config: only `path = folder` lines
 * matter, and a malformed file simply names no folder.
 */
#include "readycheck/submodule.h"

#include <string.h>

#include "readycheck/index.h"
#include "readycheck/path.h"

static const char *skip_blanks(const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* The folder of a `path = folder` line at [p, end) into buf, or NULL. */
static const char *path_line(const char *p, const char *end, char *buf,
                             unsigned buflen)
{
  p = skip_blanks(p, end);
  if (end - p < 4 || strncmp(p, "path", 4) != 0)
    return NULL;
  p = skip_blanks(p + 4, end);
  if (p == end || *p != '=')
    return NULL;
  p = skip_blanks(p + 1, end);
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
                     end[-1] == '/'))
    end--;
  size_t n = (size_t)(end - p);
  if (n == 0 || n >= buflen)
    return NULL;
  memcpy(buf, p, n);
  buf[n] = '\0';
  return buf;
}

const char *rc_submodule_holding(struct rc_index *idx, const char *path,
                                 char *buf, unsigned buflen)
{
  const char *data;
  size_t len;
  char err[128];
  if (!path || rc_index_read_path(idx, ".gitmodules", &data, &len, err,
                                  sizeof(err)) != 0)
    return NULL;
  const char *end = data + len;
  for (const char *p = data; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    const char *dir = path_line(p, eol, buf, buflen);
    if (dir && rc_path_within(path, dir))
      return dir;
    p = nl ? nl + 1 : end;
  }
  return NULL;
}
