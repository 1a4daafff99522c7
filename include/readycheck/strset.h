#ifndef READYCHECK_STRSET_H
#define READYCHECK_STRSET_H

/*
 * strset - a set of strings, by content: "have I seen this path yet?" for
 * the walks that follow imports. It borrows the strings (they live in an
 * arena or an index that outlives the set) and owns only its table.
 * rc_strset_init zeroes one; rc_strset_release frees its table.
 */
#include <stdbool.h>
#include <stddef.h>

struct rc_strset {
  const char **slots; /* open addressing; NULL is an empty slot */
  size_t n, cap;      /* strings held; slots (a power of two, or 0) */
};

void rc_strset_init(struct rc_strset *s);
void rc_strset_release(struct rc_strset *s);

/* Adds str; true when it was not in the set yet. */
bool rc_strset_add(struct rc_strset *s, const char *str);

/* Empties the set and keeps its table for the next use. */
void rc_strset_clear(struct rc_strset *s);

#endif
