/*
 * env_reads.c - the text helpers the env_documented probe and its
 * per-language read analyses (env_reads_*.c) share. Recognition there is
 * plain text scanning, so these only step over blanks, lines and
 * identifiers; env_reads.h says what each promises.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "env_reads.h"
#include "readycheck/mem.h"

static bool name_start(char c)
{
  return isalpha((unsigned char)c) || c == '_';
}

bool env_name_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* Copies the identifier at s into out; returns its length (0: none). */
size_t env_ident(const char *s, char *out)
{
  size_t n = 0;
  if (!name_start(s[0]))
    return 0;
  while (env_name_char(s[n]) && n < NAME_MAX_LEN - 1) {
    out[n] = s[n];
    n++;
  }
  out[n] = '\0';
  return env_name_char(s[n]) ? 0 : n;
}

const char *env_skip_blanks(const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Formatters put `?`, `??` and `&&` at the start of the next line, so the
 * operators after a JS read are looked for across line breaks. */
const char *env_skip_space(const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

const char *env_skip_space_back(const char *data, const char *p)
{
  while (p > data &&
         (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r'))
    p--;
  return p;
}

const char *env_skip_blanks_back(const char *data, const char *p)
{
  while (p > data && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  return p;
}

const char *env_line_start(const char *data, const char *p)
{
  while (p > data && p[-1] != '\n')
    p--;
  return p;
}

bool env_has_name(const struct optional_names *o, const char *name)
{
  for (size_t i = 0; i < o->n; i++)
    if (strcmp(o->items[i], name) == 0)
      return true;
  return false;
}

void env_add_optional(struct optional_names *o, const char *name)
{
  if (env_has_name(o, name) || o->n >= MAX_NAMES)
    return;
  rc_grow((void **)&o->items, &o->cap, o->n, sizeof(*o->items));
  o->items[o->n++] = rc_xstrdup(name);
}
