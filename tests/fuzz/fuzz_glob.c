/*
 * fuzz_glob.c - the glob matcher (glob.h). The input is a pattern, a NUL
 * and a path (no NUL: the pattern is matched against itself). Beyond not
 * crashing, for a well-formed repository path:
 *   - a literal pattern that rc_glob_check() accepts matches itself;
 *   - a path the pattern matches starts with rc_glob_literal_prefix();
 *   - for every folder above a matched path, rc_glob_may_match_below() is
 *     true (otherwise an unreadable folder could hide a match).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "readycheck/glob.h"
#include "readycheck/mem.h"

/* Repo-relative: non-empty segments, none "." or "..". */
static bool is_repo_path(const char *p)
{
  if (!*p)
    return false;
  for (const char *s = p;;) {
    size_t n = strcspn(s, "/");
    if (n == 0 || (n == 1 && s[0] == '.') ||
        (n == 2 && s[0] == '.' && s[1] == '.'))
      return false;
    if (!s[n])
      return true;
    s += n + 1;
  }
}

static void check_folders(const char *pattern, const char *path)
{
  char *dir = rc_xstrdup(path);
  for (char *slash = strrchr(dir, '/'); slash; slash = strrchr(dir, '/')) {
    *slash = '\0';
    fz_require(rc_glob_may_match_below(pattern, dir),
               "a folder above a match may hold a match");
  }
  free(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *nul = memchr(data, '\0', size);
  size_t plen = nul ? (size_t)(nul - (const char *)data) : size;
  char *pattern = rc_xstrndup((const char *)data, plen);
  char *path =
      nul ? rc_xstrndup(nul + 1, size - plen - 1) : rc_xstrdup(pattern);
  const char *why = rc_glob_check(pattern);
  bool literal = rc_glob_is_literal(pattern);
  size_t prefix = rc_glob_literal_prefix(pattern);
  fz_require(prefix <= plen, "prefix inside the pattern");
  bool hit = rc_glob_match(pattern, path);
  rc_glob_may_match_below(pattern, path);
  if (is_repo_path(path)) {
    if (!why && literal && strcmp(pattern, path) == 0)
      fz_require(hit, "a literal pattern matches itself");
    if (hit) {
      fz_require(strncmp(path, pattern, prefix) == 0,
                 "a match starts with the literal prefix");
      check_folders(pattern, path);
    }
  }
  free(pattern);
  free(path);
  return 0;
}
