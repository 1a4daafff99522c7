/*
 * index_order.c - the walk's entries put in path order (byte by byte)
 * from the blocks each directory's read added, without sorting whole paths:
 * rc_index_find() and the glob lookups search that order.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"

#include "index_parts.h"

/* ---- the walk's order ----
 *
 * Entries are sorted by path, byte by byte. A whole-path sort compares
 * long shared prefixes over and over; instead each directory's entries
 * are sorted by name alone and the directories' blocks put together.
 * Within a directory P, a child's path is P/name and every path below a
 * subdirectory d is P/d/...: names hold no '/', so "d/..." compares with
 * a sibling name as "d/" does. Sorting the names with one more item per
 * subdirectory, "d/", where its subtree goes, gives the byte order. */

struct item {
  const char *name;
  size_t len;
  size_t entry;
  bool subtree; /* stands for the entries below entry, as name + "/" */
};

static int item_byte(const struct item *t, size_t k)
{
  if (k < t->len)
    return (unsigned char)t->name[k];
  return k == t->len && t->subtree ? '/' : -1;
}

static int cmp_item(const void *a, const void *b)
{
  const struct item *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->name, y->name, n);
  if (c)
    return c;
  int cx = item_byte(x, n), cy = item_byte(y, n);
  return (cx > cy) - (cx < cy);
}

struct sorter {
  const struct rc_entry *in;
  struct rc_entry *out;
  size_t n_out;
  const size_t *kids; /* per entry: its block + 1, 0 = none */
  const struct block *blocks;
};

static void emit_block(struct sorter *s, const struct block *b)
{
  size_t n = b->last - b->first, m = 0;
  struct item *items = rc_xcalloc(2 * n + 1, sizeof(*items));
  for (size_t i = b->first; i < b->last; i++) {
    const struct rc_entry *e = &s->in[i];
    items[m++] = (struct item){e->name, strlen(e->name), i, false};
    if (s->kids[i])
      items[m++] = (struct item){e->name, strlen(e->name), i, true};
  }
  qsort(items, m, sizeof(*items), cmp_item);
  for (size_t k = 0; k < m; k++)
    if (!items[k].subtree)
      s->out[s->n_out++] = s->in[items[k].entry];
    else
      emit_block(s, &s->blocks[s->kids[items[k].entry] - 1]);
  free(items);
}

/* Sorts the walked entries by path from the blocks the walk recorded;
 * false (nothing changed) when they do not cover every entry once. */
bool ix_sort_walked(struct walk *w)
{
  struct rc_index *idx = w->idx;
  if (!w->n_blocks || w->blocks[0].dir != NO_ENTRY)
    return false; /* the root's block comes first */
  size_t *kids = rc_xcalloc(idx->n ? idx->n : 1, sizeof(*kids));
  size_t covered = 0;
  bool ok = true;
  for (size_t b = 0; b < w->n_blocks; b++) {
    const struct block *k = &w->blocks[b];
    covered += k->last - k->first;
    if (k->dir == NO_ENTRY)
      ok = ok && b == 0;
    else if (k->dir >= idx->n || kids[k->dir])
      ok = false;
    else
      kids[k->dir] = b + 1;
  }
  if (!ok || covered != idx->n) {
    free(kids);
    return false;
  }
  struct sorter s = {.in = idx->entries,
                     .out = rc_xcalloc(idx->n ? idx->n : 1, sizeof(*s.out)),
                     .kids = kids,
                     .blocks = w->blocks};
  emit_block(&s, &w->blocks[0]);
  free(kids);
  if (s.n_out != idx->n) {
    free(s.out);
    return false;
  }
  free(idx->entries);
  idx->entries = s.out;
  idx->cap = idx->n ? idx->n : 1;
  return true;
}
