/*
 * strset.c - open addressing with linear probing, kept at most half full
 * so a probe ends quickly; FNV-1a spreads paths that share long prefixes.
 */
#include "readycheck/strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"

void rc_strset_init(struct rc_strset *s)
{
  memset(s, 0, sizeof(*s));
}

void rc_strset_release(struct rc_strset *s)
{
  free(s->slots);
  memset(s, 0, sizeof(*s));
}

static size_t hash(const char *str)
{
  uint64_t h = 14695981039346656037u;
  for (; *str; str++)
    h = (h ^ (unsigned char)*str) * 1099511628211u;
  return (size_t)h;
}

static const char **slot(const struct rc_strset *s, const char *str)
{
  size_t mask = s->cap - 1;
  for (size_t i = hash(str) & mask;; i = (i + 1) & mask)
    if (!s->slots[i] || strcmp(s->slots[i], str) == 0)
      return &s->slots[i];
}

static void grow(struct rc_strset *s)
{
  const char **old = s->slots;
  size_t n_old = s->cap;
  s->cap = n_old ? n_old * 2 : 256;
  s->slots = rc_xcalloc(s->cap, sizeof(*s->slots));
  for (size_t i = 0; i < n_old; i++)
    if (old[i])
      *slot(s, old[i]) = old[i];
  free(old);
}

bool rc_strset_add(struct rc_strset *s, const char *str)
{
  if ((s->n + 1) * 2 > s->cap)
    grow(s);
  const char **at = slot(s, str);
  if (*at)
    return false;
  *at = str;
  s->n++;
  return true;
}

void rc_strset_clear(struct rc_strset *s)
{
  if (s->slots)
    memset(s->slots, 0, s->cap * sizeof(*s->slots));
  s->n = 0;
}
