/*
 * entry_just.c - justfile recipe lines: `{{ version }}` is one
 * interpolation, however it is spaced.
 */
#include <stdbool.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

#include "entry_scan.h"

bool en_is_justfile(const char *name)
{
  return strcmp(name, "justfile") == 0 || strcmp(name, "Justfile") == 0 ||
         strcmp(name, ".justfile") == 0;
}

/* just substitutes `{{ expr }}` before the shell sees the line, so the
 * spaces inside the braces separate no words: `-t app:{{ version }} .`
 * tags app:<version> and builds `.`. Split as shell, `}}` became a word of
 * its own (taken for the build context). The line with each
 * interpolation's spaces dropped (`{{version}}`, a word with a variable in
 * it); `{{{{`, just's escape for a literal `{{`, is left as it is. */
const char *en_just_line(struct rc_arena *a, const char *line)
{
  if (!strstr(line, "{{"))
    return line;
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *p = line; *p;) {
    if (strncmp(p, "{{{{", 4) == 0) {
      rc_buf_add(&b, p, 4);
      p += 4;
      continue;
    }
    const char *end = strncmp(p, "{{", 2) == 0 ? strstr(p + 2, "}}") : NULL;
    if (!end) {
      rc_buf_putc(&b, *p++);
      continue;
    }
    for (; p < end + 2; p++)
      if (*p != ' ' && *p != '\t')
        rc_buf_putc(&b, *p);
  }
  const char *out = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}
