/*
 * installer.c - what install scripts download beside a compose file. Only
 * a script that names the compose file itself counts: a download of a
 * file of the same name by another script says nothing about where that
 * compose file runs.
 */
#include "readycheck/installer.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"

enum { MAX_SCRIPT_BYTES = 1 << 20 };

static bool ends_with(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* The words of a shell line, quotes removed (`"$DIR"/x.conf` is one word,
 * `$DIR/x.conf`); at most max of them. */
static size_t words(struct rc_arena *a, const char *line, const char **out,
                    size_t max)
{
  size_t n = 0;
  for (const char *p = line; *p && n < max;) {
    while (*p == ' ' || *p == '\t')
      p++;
    size_t len = strcspn(p, " \t");
    if (!len)
      break;
    char *w = rc_arena_strndup(a, p, len), *o = w;
    for (const char *q = w; *q; q++)
      if (*q != '"' && *q != '\'')
        *o++ = *q;
    *o = '\0';
    out[n++] = w;
    p += len;
  }
  return n;
}

/* The path a wget or curl command on this line writes to, or NULL: wget
 * -O FILE / -qO FILE / --output-document[=]FILE, curl -o FILE / -sLo FILE
 * / --output[=]FILE, or either redirected to a file (`curl -s URL > FILE`). */
static const char *download_target(struct rc_arena *a, const char *line)
{
  const char *w[48];
  size_t n = words(a, line, w, sizeof(w) / sizeof(*w));
  bool tool = false;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(w[i], "wget") == 0 || strcmp(w[i], "curl") == 0) {
      tool = true;
      continue;
    }
    if (!tool)
      continue;
    /* `curl -s URL > FILE`: the shell writes what curl prints */
    if (w[i][0] == '>' && w[i][1] != '>')
      return w[i][1] ? w[i] + 1 : (i + 1 < n ? w[i + 1] : NULL);
    static const char *const long_opts[] = {
        "--output-document=", "--output=", NULL};
    for (size_t k = 0; long_opts[k]; k++)
      if (strncmp(w[i], long_opts[k], strlen(long_opts[k])) == 0)
        return w[i] + strlen(long_opts[k]);
    bool next = strcmp(w[i], "--output-document") == 0 ||
                strcmp(w[i], "--output") == 0 ||
                (w[i][0] == '-' && w[i][1] != '-' && w[i][1] &&
                 (ends_with(w[i], "O") || ends_with(w[i], "o")));
    if (next && i + 1 < n)
      return w[i + 1];
  }
  return NULL;
}

static bool shell_script(const char *path)
{
  return ends_with(path, ".sh") || ends_with(path, ".bash");
}

/* The line of text (a script) downloading to a path ending in "/" rel, as
 * "LINE" number; 0 when none does. */
static unsigned fetch_line(struct rc_arena *a, const char *text,
                           const char *rel)
{
  const char *suffix = rc_arena_printf(a, "/%s", rel);
  unsigned no = 1;
  for (const char *p = text; p && *p; no++) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len < 4096) {
      const char *line = rc_arena_strndup(a, p, len);
      const char *to = (strstr(line, "wget") || strstr(line, "curl"))
                           ? download_target(a, line)
                           : NULL;
      if (to && ends_with(to, suffix))
        return no;
    }
    p = end ? end + 1 : NULL;
  }
  return 0;
}

const char *rc_installer_fetches(struct rc_index *idx, struct rc_arena *a,
                                 const char *compose_path, const char *rel)
{
  if (!compose_path || !rel || !*rel)
    return NULL;
  while (rel[0] == '.' && rel[1] == '/')
    rel += 2;
  const char *named = rc_arena_printf(a, "/%s", compose_path);
  size_t count = rc_index_count(idx);
  for (size_t i = 0; i < count; i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    const char *data;
    size_t len;
    if (!shell_script(e->path) ||
        !rc_index_read_text(idx, e, MAX_SCRIPT_BYTES, &data, &len) ||
        !strstr(data, named))
      continue;
    unsigned line = fetch_line(a, data, rel);
    if (line)
      return rc_arena_printf(a, "%s:%u", e->path, line);
  }
  return NULL;
}
