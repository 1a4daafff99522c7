/*
 * escape.c - see escape.h.
 */
#include "escape.h"

#include <stdbool.h>
#include <string.h>

size_t esc_utf8_len(const unsigned char *p)
{
  unsigned char c = p[0], lo = 0x80, hi = 0xBF;
  size_t n;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4;
  else
    return 0;
  if (c == 0xE0)
    lo = 0xA0;
  else if (c == 0xED)
    hi = 0x9F;
  else if (c == 0xF0)
    lo = 0x90;
  else if (c == 0xF4)
    hi = 0x8F;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;
  return n;
}

/* U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters either. */
static bool xml_char(const unsigned char *p, size_t n)
{
  if (n == 1)
    return *p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r';
  if (n == 2 && p[0] == 0xC2 && p[1] <= 0x9F)
    return false; /* C1 controls: allowed by XML, but never wanted */
  return !(n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE);
}

static void put_n(FILE *out, const char *s, size_t max)
{
  const unsigned char *p = (const unsigned char *)s;
  const unsigned char *end = p + max;
  while (p < end && *p) {
    size_t n = esc_utf8_len(p);
    if (n == 0 || p + n > end || !xml_char(p, n)) {
      fputs("\xEF\xBF\xBD", out);
      p += n ? n : 1;
      continue;
    }
    switch (*p) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&#39;", out);
      break;
    default:
      fwrite(p, 1, n, out);
    }
    p += n;
  }
}

void esc_xml(FILE *out, const char *s)
{
  if (s)
    put_n(out, s, strlen(s));
}

void esc_xml_n(FILE *out, const char *s, size_t n)
{
  if (s)
    put_n(out, s, n);
}

void esc_xml_clipped(FILE *out, const char *s, size_t max)
{
  if (!s)
    return;
  size_t len = strlen(s);
  if (len <= max) {
    put_n(out, s, len);
    return;
  }
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  put_n(out, s, max);
  fputs("...", out);
}
