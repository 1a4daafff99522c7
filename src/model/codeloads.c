/*
 * codeloads.c - data files the application's own code loads by name
 * (codeloads.h).
 */
#define _GNU_SOURCE /* memmem */
#include "readycheck/codeloads.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/referrers.h"

enum {
  MAX_FILE = 1 << 20,    /* a larger source file is generated or data */
  MAX_TOTAL = 128 << 20, /* bytes read in all */
};

static bool source_file(const char *path)
{
  static const char *const exts[] = {
      ".php", ".py", ".rb", ".go", ".java", ".kt", ".cs", ".js", ".mjs",
      ".cjs", ".ts", ".rs", ".ex", ".exs",  ".pl", ".pm", NULL};
  const char *dot = strrchr(rc_path_base(path), '.');
  if (!dot || strstr(path, "node_modules/") ||
      strncmp(path, "vendor/", 7) == 0 || strstr(path, "/vendor/"))
    return false;
  for (size_t i = 0; exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return !rc_referrers_is_test_path(path);
  return false;
}

static bool quote(char c)
{
  return c == '\'' || c == '"' || c == '`';
}

static bool word_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* The folder name written right before "/NAME" at data[slash], when one
 * is: it must be the file's own folder (dir, its last segment). */
static bool folder_agrees(const char *data, size_t slash, const char *path,
                          const char *name)
{
  size_t k = slash;
  while (k > 0 && word_char(data[k - 1]))
    k--;
  if (k == slash)
    return true; /* `'/' . 'x.sql'`, `DIR + "/x.sql"`: nothing written */
  size_t n = slash - k;
  if (name == path)
    return false; /* a folder written, the file at the root */
  const char *end = name - 1, *seg = end;
  while (seg > path && seg[-1] != '/')
    seg--;
  return (size_t)(end - seg) == n && memcmp(seg, data + k, n) == 0;
}

/* Line of the first place data names the file, or 0. */
static unsigned names_at(const char *data, size_t len, const char *path)
{
  const char *name = rc_path_base(path);
  size_t nl = strlen(name);
  for (const char *p = data;
       (p = memmem(p, len - (size_t)(p - data), name, nl)) != NULL; p++) {
    size_t at = (size_t)(p - data);
    if (at == 0 || at + nl >= len || !quote(data[at + nl]))
      continue;
    char before = data[at - 1];
    if (!quote(before) &&
        !(before == '/' && folder_agrees(data, at - 1, path, name)))
      continue;
    unsigned line = 1;
    for (const char *q = data; q < p; q++)
      line += *q == '\n';
    return line;
  }
  return 0;
}

void rc_code_loads(struct rc_index *idx, struct rc_arena *a,
                   const char *const *paths, size_t n, const char **by)
{
  for (size_t i = 0; i < n; i++)
    by[i] = NULL;
  size_t left = n, total = 0;
  struct rc_buf b;
  rc_buf_init(&b);
  char err[128];
  size_t count = rc_index_count(idx);
  for (size_t e = 0; e < count && left; e++) {
    const struct rc_entry *en = rc_index_at(idx, e);
    if (en->kind != RC_ENTRY_FILE || !source_file(en->path))
      continue;
    uint64_t size = rc_entry_size(idx, en);
    if (size > MAX_FILE)
      continue;
    if (total + size > MAX_TOTAL)
      break;
    total += size;
    if (rc_index_load(idx, en, NULL, &b, err, sizeof(err)) != 0 ||
        rc_index_is_binary(b.data, b.len))
      continue;
    for (size_t i = 0; i < n; i++) {
      if (by[i] || strcmp(paths[i], en->path) == 0)
        continue;
      unsigned line = names_at(b.data, b.len, paths[i]);
      if (line) {
        by[i] = rc_arena_printf(a, "%s:%u", en->path, line);
        left--;
      }
    }
  }
  rc_buf_release(&b);
}
