/*
 * normalize.c - emoji and mojibake: the repair of UTF-8 that went through
 * a Windows-1252 or Mac Roman decoder, and the one table of status markers
 * the audit knows. Claim extraction asks here what a line's marker is;
 * it never looks at code points itself.
 */
#include "readycheck/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

/* Bytes 0x80-0xFF as each code page decodes them. Windows-1252 leaves five
 * bytes undefined; decoders that fall back to Latin-1 give their C1 code
 * points, and so does this table. */
static const uint16_t cp1252[128] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6,
    0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018,
    0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
    0x203A, 0x0153, 0x009D, 0x017E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3,
    0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC,
    0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5,
    0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE,
    0x00BF, 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF, 0x00D0,
    0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9,
    0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF, 0x00E0, 0x00E1, 0x00E2,
    0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB,
    0x00EC, 0x00ED, 0x00EE, 0x00EF, 0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4,
    0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD,
    0x00FE, 0x00FF,
};

static const uint16_t mac_roman[128] = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0,
    0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB,
    0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6,
    0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3,
    0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8,
    0x2260, 0x00C6, 0x00D8, 0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5,
    0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6,
    0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013,
    0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178,
    0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02, 0x2021, 0x00B7, 0x201A,
    0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE,
    0x00CF, 0x00CC, 0x00D3, 0x00D4, 0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9,
    0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD,
    0x02DB, 0x02C7,
};

const char *rc_stance_name(enum rc_stance s)
{
  static const char *const names[] = {"none", "pass", "warn", "fail", "open"};
  return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "none";
}

/* ---- UTF-8 --------------------------------------------------------------- */

/* Decodes the well-formed UTF-8 sequence at p[0..n) (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF); returns its length, or
 * 0 when p does not start one. */
static size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
  if (n == 0)
    return 0;
  if (p[0] < 0x80) {
    *cp = p[0];
    return 1;
  }
  size_t len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;
  if (len == 0 || len > n || p[0] < 0xC2 || p[0] > 0xF4)
    return 0;
  uint32_t c = p[0] & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (p[i] & 0x3F);
  }
  static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return len;
}

/* The byte a code page decodes to cp, or -1. */
static int byte_for(const uint16_t *table, uint32_t cp)
{
  /* Neither table reaches past U+25CA but for three code points: most
   * characters of real text leave at once. */
  if (cp > 0x25CA && cp != 0xF8FF && cp != 0xFB01 && cp != 0xFB02)
    return -1;
  for (int i = 0; i < 128; i++)
    if (table[i] == cp)
      return 0x80 + i;
  return -1;
}

/* Length of the UTF-8 sequence a lead byte starts (2-4), or 0. */
static size_t lead_len(int b)
{
  return b >= 0xC2 && b <= 0xDF   ? 2
         : b >= 0xE0 && b <= 0xEF ? 3
         : b >= 0xF0 && b <= 0xF4 ? 4
                                  : 0;
}

/* Tries to read one mis-decoded character at s[0..n) through table: the
 * first character gives a lead byte, the next ones its continuation
 * bytes. On success writes the repaired bytes to out (4 bytes at most),
 * sets *out_len and returns how many bytes of s it replaces; else 0. */
static size_t repair_one(const uint16_t *table, const unsigned char *s,
                         size_t n, unsigned char *out, size_t *out_len)
{
  unsigned char bytes[4];
  size_t used = 0, want = 0;
  for (size_t k = 0; k < 4; k++) {
    uint32_t cp;
    size_t l = utf8_decode(s + used, n - used, &cp);
    if (l == 0 || cp < 0x80)
      return 0;
    int b = byte_for(table, cp);
    if (b < 0)
      return 0;
    if (k == 0) {
      want = lead_len(b);
      if (want == 0)
        return 0;
    }
    bytes[k] = (unsigned char)b;
    used += l;
    if (k + 1 == want)
      break;
  }
  uint32_t cp;
  if (utf8_decode(bytes, want, &cp) != want)
    return 0;
  memcpy(out, bytes, want);
  *out_len = want;
  return used;
}

char *rc_norm_repair(const char *s, size_t len, size_t *out_len)
{
  struct rc_buf b;
  rc_buf_init(&b);
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (p[i] < 0x80) {
      size_t j = i;
      while (j < len && p[j] < 0x80)
        j++;
      rc_buf_add(&b, p + i, j - i);
      i = j;
      continue;
    }
    unsigned char fixed[4];
    size_t fixed_len = 0;
    size_t used = repair_one(cp1252, p + i, len - i, fixed, &fixed_len);
    if (!used)
      used = repair_one(mac_roman, p + i, len - i, fixed, &fixed_len);
    if (used) {
      rc_buf_add(&b, fixed, fixed_len);
      i += used;
      continue;
    }
    uint32_t cp;
    size_t l = utf8_decode(p + i, len - i, &cp);
    if (l == 0)
      l = 1; /* a stray byte stays as it is; the parser copes */
    rc_buf_add(&b, p + i, l);
    i += l;
  }
  if (out_len)
    *out_len = b.len;
  return rc_buf_detach(&b);
}

/* ---- markers ------------------------------------------------------------- */

struct emoji_marker {
  uint32_t cp;
  enum rc_stance stance;
  const char *name;
};

static const struct emoji_marker emoji_markers[] = {
    {0x2705, RC_STANCE_PASS, "\u2705"},      /* white heavy check mark */
    {0x2714, RC_STANCE_PASS, "\u2714"},      /* heavy check mark */
    {0x2713, RC_STANCE_PASS, "\u2713"},      /* check mark */
    {0x2611, RC_STANCE_PASS, "\u2611"},      /* ballot box with check */
    {0x1F7E2, RC_STANCE_PASS, "\U0001F7E2"}, /* green circle */
    {0x26A0, RC_STANCE_WARN, "\u26A0"},      /* warning sign */
    {0x1F7E1, RC_STANCE_WARN, "\U0001F7E1"}, /* yellow circle */
    {0x1F7E0, RC_STANCE_WARN, "\U0001F7E0"}, /* orange circle */
    {0x274C, RC_STANCE_FAIL, "\u274C"},      /* cross mark */
    {0x274E, RC_STANCE_FAIL, "\u274E"},      /* negative squared cross */
    {0x2716, RC_STANCE_FAIL, "\u2716"},      /* heavy multiplication x */
    {0x2717, RC_STANCE_FAIL, "\u2717"},      /* ballot x */
    {0x2718, RC_STANCE_FAIL, "\u2718"},      /* heavy ballot x */
    {0x1F534, RC_STANCE_FAIL, "\U0001F534"}, /* red circle */
    {0x26D4, RC_STANCE_FAIL, "\u26D4"},      /* no entry */
    {0x1F6AB, RC_STANCE_FAIL, "\U0001F6AB"}, /* prohibited */
    {0x1F6A8, RC_STANCE_FAIL, "\U0001F6A8"}, /* police light: alarm */
};

struct word_marker {
  const char *word;
  enum rc_stance stance;
};

/* Upper-case words only: "Complete the setup" is an instruction, "COMPLETE"
 * a status. */
static const struct word_marker word_markers[] = {
    {"PASS", RC_STANCE_PASS},     {"PASSED", RC_STANCE_PASS},
    {"PASSING", RC_STANCE_PASS},  {"DONE", RC_STANCE_PASS},
    {"COMPLETE", RC_STANCE_PASS}, {"COMPLETED", RC_STANCE_PASS},
    {"VERIFIED", RC_STANCE_PASS}, {"WARN", RC_STANCE_WARN},
    {"WARNING", RC_STANCE_WARN},  {"WARNINGS", RC_STANCE_WARN},
    {"PARTIAL", RC_STANCE_WARN},  {"PARTIALLY", RC_STANCE_WARN},
    {"FAIL", RC_STANCE_FAIL},     {"FAILED", RC_STANCE_FAIL},
    {"FAILING", RC_STANCE_FAIL},  {"FAILURE", RC_STANCE_FAIL},
    {"MISSING", RC_STANCE_FAIL},  {"BLOCKED", RC_STANCE_FAIL},
    {"BLOCKING", RC_STANCE_FAIL}, {"BLOCKER", RC_STANCE_FAIL},
    {"BLOCKERS", RC_STANCE_FAIL}, {"INCOMPLETE", RC_STANCE_FAIL},
    {"BROKEN", RC_STANCE_FAIL},   {"TODO", RC_STANCE_OPEN},
    {"PENDING", RC_STANCE_OPEN},
};

/* Bracketed forms, any case. */
static const struct word_marker bracket_markers[] = {
    {"[ok]", RC_STANCE_PASS},     {"[pass]", RC_STANCE_PASS},
    {"[passed]", RC_STANCE_PASS}, {"[done]", RC_STANCE_PASS},
    {"[x]", RC_STANCE_PASS},      {"[\u2713]", RC_STANCE_PASS},
    {"[warn]", RC_STANCE_WARN},   {"[warning]", RC_STANCE_WARN},
    {"[fail]", RC_STANCE_FAIL},   {"[failed]", RC_STANCE_FAIL},
    {"[todo]", RC_STANCE_OPEN},   {"[ ]", RC_STANCE_OPEN},
};

/* A table cell that is nothing but a status word, any case. */
static const struct word_marker cell_words[] = {
    {"pass", RC_STANCE_PASS},     {"passed", RC_STANCE_PASS},
    {"passing", RC_STANCE_PASS},  {"done", RC_STANCE_PASS},
    {"complete", RC_STANCE_PASS}, {"completed", RC_STANCE_PASS},
    {"ok", RC_STANCE_PASS},       {"yes", RC_STANCE_PASS},
    {"ready", RC_STANCE_PASS},    {"warn", RC_STANCE_WARN},
    {"warning", RC_STANCE_WARN},  {"partial", RC_STANCE_WARN},
    {"fail", RC_STANCE_FAIL},     {"failed", RC_STANCE_FAIL},
    {"failing", RC_STANCE_FAIL},  {"missing", RC_STANCE_FAIL},
    {"blocked", RC_STANCE_FAIL},  {"no", RC_STANCE_FAIL},
    {"todo", RC_STANCE_OPEN},     {"pending", RC_STANCE_OPEN},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool is_alpha(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_word_char(int c)
{
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

static const struct emoji_marker *emoji_at(const char *s, size_t n, size_t *len)
{
  uint32_t cp;
  *len = utf8_decode((const unsigned char *)s, n, &cp);
  if (*len == 0) {
    *len = 1;
    return NULL;
  }
  for (size_t i = 0; i < COUNT(emoji_markers); i++)
    if (emoji_markers[i].cp == cp)
      return &emoji_markers[i];
  return NULL;
}

static enum rc_stance first_emoji(const char *text, const char **marker)
{
  size_t n = strlen(text);
  for (size_t i = 0; i < n;) {
    size_t len;
    const struct emoji_marker *m = emoji_at(text + i, n - i, &len);
    if (m) {
      *marker = m->name;
      return m->stance;
    }
    i += len;
  }
  return RC_STANCE_NONE;
}

static const struct word_marker *upper_word(const char *w, size_t len)
{
  for (size_t i = 0; i < COUNT(word_markers); i++)
    if (strlen(word_markers[i].word) == len &&
        memcmp(word_markers[i].word, w, len) == 0)
      return &word_markers[i];
  return NULL;
}

static enum rc_stance first_word(const char *text, const char **marker)
{
  bool after_not = false;
  for (const char *p = text; *p;) {
    if (!is_word_char((unsigned char)*p)) {
      p++;
      continue;
    }
    const char *w = p;
    while (is_word_char((unsigned char)*p))
      p++;
    size_t len = (size_t)(p - w);
    const struct word_marker *m = upper_word(w, len);
    if (m) {
      *marker = m->word;
      /* "NOT DONE" is the opposite of "DONE". */
      return after_not && m->stance == RC_STANCE_PASS ? RC_STANCE_FAIL
                                                      : m->stance;
    }
    after_not = len == 3 && memcmp(w, "NOT", 3) == 0;
  }
  return RC_STANCE_NONE;
}

static enum rc_stance first_bracket(const char *text, const char **marker)
{
  for (const char *p = strchr(text, '['); p; p = strchr(p + 1, '['))
    for (size_t i = 0; i < COUNT(bracket_markers); i++) {
      size_t len = strlen(bracket_markers[i].word);
      if (strncasecmp(p, bracket_markers[i].word, len) == 0) {
        *marker = bracket_markers[i].word;
        return bracket_markers[i].stance;
      }
    }
  return RC_STANCE_NONE;
}

enum rc_stance rc_norm_marker(const char *text, const char **marker)
{
  const char *dummy;
  if (!marker)
    marker = &dummy;
  *marker = NULL;
  enum rc_stance s = first_emoji(text, marker);
  if (s == RC_STANCE_NONE)
    s = first_bracket(text, marker);
  if (s == RC_STANCE_NONE)
    s = first_word(text, marker);
  return s;
}

enum rc_stance rc_norm_cell_marker(const char *cell, const char **marker)
{
  const char *dummy;
  if (!marker)
    marker = &dummy;
  enum rc_stance s = rc_norm_marker(cell, marker);
  if (s != RC_STANCE_NONE)
    return s;
  char *clean = rc_norm_clean(cell);
  for (size_t i = 0; i < COUNT(cell_words); i++)
    if (strcasecmp(clean, cell_words[i].word) == 0) {
      *marker = cell_words[i].word;
      s = cell_words[i].stance;
      break;
    }
  free(clean);
  return s;
}

/* ---- cleaning ------------------------------------------------------------ */

bool rc_norm_is_emoji(const char *s, size_t *len)
{
  uint32_t c;
  *len = utf8_decode((const unsigned char *)s, strlen(s), &c);
  if (*len == 0) {
    *len = 1;
    return false;
  }
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
         (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x2300 && c <= 0x23FF) ||
         (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D || c == 0x20E3 ||
         (c >= 0xE0020 && c <= 0xE007F) || c == 0xF8FF;
}

static size_t bracket_len(const char *p)
{
  for (size_t i = 0; i < COUNT(bracket_markers); i++) {
    size_t len = strlen(bracket_markers[i].word);
    if (strncasecmp(p, bracket_markers[i].word, len) == 0)
      return len;
  }
  return 0;
}

/* Punctuation that closes up to the word before it once a marker between
 * them is gone: "All criteria met ✅:" reads "All criteria met:". A dot
 * that starts a word (".env") is no punctuation. */
static bool tight_before(const char *p)
{
  bool ends = p[1] == '\0' || p[1] == ' ' || p[1] == '\t' || p[1] == '\n';
  return *p == ')' || (ends && (*p == ',' || *p == ':' || *p == ';' ||
                                *p == '.' || *p == '!' || *p == '?'));
}

char *rc_norm_clean(const char *text)
{
  struct rc_buf b;
  rc_buf_init(&b);
  bool space = false;
  for (const char *p = text; *p;) {
    size_t len = 0;
    if (*p == '[' && (len = bracket_len(p)) > 0) {
      p += len;
      space = b.len > 0;
      continue;
    }
    if ((unsigned char)*p >= 0x80 && rc_norm_is_emoji(p, &len)) {
      p += len;
      space = space || b.len > 0;
      continue;
    }
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      p++;
      space = b.len > 0;
      continue;
    }
    if (space && !tight_before(p) && b.data[b.len - 1] != '(')
      rc_buf_putc(&b, ' ');
    space = false;
    len = (unsigned char)*p < 0x80 ? 1 : 0;
    if (len == 0) {
      uint32_t cp;
      len = utf8_decode((const unsigned char *)p, strlen(p), &cp);
      if (len == 0)
        len = 1;
    }
    rc_buf_add(&b, p, len);
    p += len;
  }
  /* What a removed marker leaves in front: "- text", ": text". */
  size_t skip = 0;
  while (skip < b.len && strchr("-:|*", b.data[skip]) &&
         (skip + 1 == b.len || b.data[skip + 1] == ' '))
    skip += skip + 1 < b.len ? 2 : 1;
  char *out = rc_xstrdup(b.data + skip);
  rc_buf_release(&b);
  return out;
}
