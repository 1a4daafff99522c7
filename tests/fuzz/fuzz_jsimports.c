/*
 * fuzz_jsimports.c - the JavaScript/TypeScript import lexer
 * (rc_js_imports): every specifier it reports lies inside the input, on a
 * line that exists, in file order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "readycheck/jsimports.h"

struct seen {
  const char *start, *end;
  unsigned lines, last_line;
};

static void on_import(const char *spec, size_t len, unsigned line,
                      unsigned flags, void *arg)
{
  struct seen *s = arg;
  (void)flags;
  fz_require(spec >= s->start && spec + len <= s->end, "specifier in input");
  fz_require(line >= 1 && line <= s->lines, "line in file");
  fz_require(line >= s->last_line, "file order");
  s->last_line = line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* A copy of exactly size bytes, so a read past the end is caught. */
  char *copy = malloc(size ? size : 1);
  if (size)
    memcpy(copy, data, size);
  struct seen s = {copy, copy + size, 1, 1};
  for (size_t i = 0; i < size; i++)
    s.lines += copy[i] == '\n';
  rc_js_imports(copy, size, on_import, &s);
  /* template text: inside the input, in file order, never overlapping */
  struct rc_js_span *v = NULL;
  size_t n = rc_js_template_text(copy, size, &v);
  for (size_t i = 0; i < n; i++) {
    fz_require(v[i].start < v[i].end && v[i].end <= size, "span inside");
    fz_require(i == 0 || v[i].start >= v[i - 1].end, "spans in order");
    fz_require(rc_js_in_spans(v, n, v[i].start), "a span holds its start");
  }
  free(v);
  free(copy);
  return 0;
}
