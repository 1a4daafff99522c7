/*
 * mem.c - allocation that aborts on exhaustion, and a chunked arena.
 *
 * Out-of-memory is not a condition readycheck can report usefully, so it
 * ends the process here and nowhere else. Arena chunks grow geometrically;
 * a request larger than a chunk gets a chunk of its own.
 */
#include "readycheck/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
  fprintf(stderr, "readycheck: fatal: out of memory (%zu bytes)\n", n);
  abort();
}

void *rc_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p)
    oom(n);
  return p;
}

void *rc_xcalloc(size_t count, size_t size)
{
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    oom(count * size);
  return p;
}

void *rc_xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom(n);
  return q;
}

char *rc_xstrdup(const char *s)
{
  return rc_xstrndup(s, strlen(s));
}

char *rc_xstrndup(const char *s, size_t n)
{
  char *p = rc_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void rc_grow(void **items, size_t *cap, size_t need, size_t elem_size)
{
  if (need < *cap)
    return;
  size_t ncap = *cap ? *cap : 8;
  while (ncap <= need)
    ncap *= 2;
  if (ncap > SIZE_MAX / elem_size)
    oom(SIZE_MAX);
  *items = rc_xrealloc(*items, ncap * elem_size);
  memset((char *)*items + *cap * elem_size, 0, (ncap - *cap) * elem_size);
  *cap = ncap;
}

struct arena_chunk {
  struct arena_chunk *next;
  size_t used, size;
  _Alignas(16) unsigned char data[];
};

struct arena_defer {
  struct arena_defer *next;
  void (*fn)(void *);
  void *ptr;
};

struct rc_arena {
  struct arena_chunk *chunks;
  struct arena_defer *defers;
  size_t next_size;
};

struct rc_arena *rc_arena_new(void)
{
  struct rc_arena *a = rc_xcalloc(1, sizeof(*a));
  a->next_size = 16 * 1024;
  return a;
}

void rc_arena_free(struct rc_arena *a)
{
  if (!a)
    return;
  for (struct arena_defer *d = a->defers; d;) {
    struct arena_defer *next = d->next;
    d->fn(d->ptr);
    free(d);
    d = next;
  }
  for (struct arena_chunk *c = a->chunks; c;) {
    struct arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

void *rc_arena_alloc(struct rc_arena *a, size_t n)
{
  n = (n + 15) & ~(size_t)15;
  struct arena_chunk *c = a->chunks;
  if (!c || c->size - c->used < n) {
    size_t size = a->next_size;
    if (size < n)
      size = n;
    else if (a->next_size < 1024 * 1024)
      a->next_size *= 2;
    c = rc_xmalloc(sizeof(*c) + size);
    c->used = 0;
    c->size = size;
    c->next = a->chunks;
    a->chunks = c;
  }
  void *p = c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *rc_arena_strdup(struct rc_arena *a, const char *s)
{
  return rc_arena_strndup(a, s, strlen(s));
}

char *rc_arena_strndup(struct rc_arena *a, const char *s, size_t n)
{
  char *p = rc_arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *rc_arena_vprintf(struct rc_arena *a, const char *fmt, va_list ap)
{
  /* a NULL format is a caller's bug; an empty string keeps it from being
   * undefined behaviour (and gcc's sanitizer build proves the guard) */
  if (!fmt)
    return rc_arena_strdup(a, "");
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return rc_arena_strdup(a, "");
  char *p = rc_arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *rc_arena_printf(struct rc_arena *a, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *p = rc_arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void rc_arena_defer(struct rc_arena *a, void (*fn)(void *), void *ptr)
{
  struct arena_defer *d = rc_xmalloc(sizeof(*d));
  d->fn = fn;
  d->ptr = ptr;
  d->next = a->defers;
  a->defers = d;
}
