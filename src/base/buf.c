/*
 * buf.c - growable strings; the terminating NUL is always maintained so
 * data can be handed to C string functions at any time.
 */
#include "readycheck/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/mem.h"

void rc_buf_init(struct rc_buf *b)
{
  b->cap = 64;
  b->len = 0;
  b->data = rc_xmalloc(b->cap);
  b->data[0] = '\0';
}

void rc_buf_release(struct rc_buf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void rc_buf_reset(struct rc_buf *b)
{
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

static void reserve(struct rc_buf *b, size_t extra)
{
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->data = rc_xrealloc(b->data, cap);
  b->cap = cap;
}

void rc_buf_add(struct rc_buf *b, const void *data, size_t len)
{
  reserve(b, len);
  memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void rc_buf_puts(struct rc_buf *b, const char *s)
{
  rc_buf_add(b, s, strlen(s));
}

void rc_buf_putc(struct rc_buf *b, char c)
{
  rc_buf_add(b, &c, 1);
}

void rc_buf_vprintf(struct rc_buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n <= 0)
    return;
  reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void rc_buf_printf(struct rc_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  rc_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

/* Detaching leaves nothing allocated behind, so a caller that detaches and
 * forgets rc_buf_release() leaks nothing; any later add reallocates. */
char *rc_buf_detach(struct rc_buf *b)
{
  char *p = b->data ? b->data : rc_xstrdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

/* Model scans call this on every line of many files: strpbrk skips to the
 * next place the first character (either case) occurs, many bytes at a
 * time, so strncasecmp runs only there. */
const char *rc_str_find_ci(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  if (!n)
    return hay;
  char c = needle[0], first[3] = {c, c, '\0'};
  if (c >= 'a' && c <= 'z')
    first[1] = (char)(c - 'a' + 'A');
  else if (c >= 'A' && c <= 'Z')
    first[1] = (char)(c - 'A' + 'a');
  for (const char *p = hay; (p = strpbrk(p, first)) != NULL; p++)
    if (strncasecmp(p, needle, n) == 0)
      return p;
  return NULL;
}

bool rc_str_find_any_ci(const char *hay, const char *const *words)
{
  for (size_t i = 0; words[i]; i++)
    if (rc_str_find_ci(hay, words[i]))
      return true;
  return false;
}

/* Length of the UTF-8 sequence at s (1..4) and its code point, or 0 when
 * the bytes there are not well-formed UTF-8. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
  unsigned char c = s[0];
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (c >= 0xF5 || !len || len > n)
    return 0;
  unsigned long v = c & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < least[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

void rc_buf_put_shown(struct rc_buf *b, const char *s, size_t max)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s), i = 0;
  for (; i < n && i < max;) {
    unsigned long cp;
    size_t len;
    if (p[i] >= 0x20 && p[i] < 0x7F) {
      rc_buf_putc(b, (char)p[i++]);
    } else if (p[i] < 0x80 || !(len = utf8_seq(p + i, n - i, &cp))) {
      rc_buf_printf(b, "\\x%02x", p[i++]);
    } else {
      rc_buf_printf(b, cp > 0xFFFF ? "\\U%08lx" : "\\u%04lx", cp);
      i += len;
    }
  }
  if (i < n)
    rc_buf_puts(b, "...");
}
