/*
 * script_callers.c - whether anything in the repository runs a shell
 * script: another file (a workflow, a Makefile, a compose file, another
 * script, a README) names it by its file name.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/index.h"
#include "readycheck/path.h"

#include "images.h"

static bool ends_with(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* A character that would make the name part of a longer one
 * (`old-push.sh`, `push.sh.bak`). */
static bool name_char(char c)
{
  return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

bool mb_names_whole(const char *data, size_t len, const char *word,
                    const char *more)
{
  size_t n = strlen(word);
  for (const char *p = data, *end = data + len;
       (p = memmem(p, (size_t)(end - p), word, n)) != NULL; p += n) {
    bool starts = p == data || !name_char(p[-1]);
    bool ends = p + n == end ||
                (!name_char(p[n]) && (!p[n] || !strchr(more, p[n]))) ||
                (p[n] == '.' && (p + n + 1 == end || !name_char(p[n + 1])));
    if (starts && ends)
      return true;
  }
  return false;
}

/* Whether path is a shell script no other file of the repository names:
 * a maintainer's manual helper, which nothing here runs. Any mention, even
 * in a changelog, counts as a caller: the cost of a wrong "unrun" is
 * hiding the builds the script stands for. */
bool mb_script_unrun(struct build *b, const char *path)
{
  if (!path || !(ends_with(path, ".sh") || ends_with(path, ".bash")))
    return false;
  const char *name = rc_path_base(path);
  struct rc_index *idx = b->m->index;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    if (e->kind != RC_ENTRY_FILE || strcmp(e->path, path) == 0 ||
        !rc_index_read_text(idx, e, MAX_FILE_BYTES, &data, &len))
      continue;
    if (mb_names_whole(data, len, name, ""))
      return false;
  }
  return true;
}
