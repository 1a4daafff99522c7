/*
 * submodule.h - the folders of a repository that are git submodules.
 *
 * A submodule's files live in another repository, pinned by a commit; a
 * checkout made without --recurse-submodules has an empty folder there. A
 * path under one cannot be found missing from this repository alone.
 */
#ifndef READYCHECK_SUBMODULE_H
#define READYCHECK_SUBMODULE_H

#include <stdbool.h>

struct rc_index;

/* The submodule folder (as .gitmodules at the root names it in a `path =`
 * line) that holds path, written into buf; NULL when none does. */
const char *rc_submodule_holding(struct rc_index *idx, const char *path,
                                 char *buf, unsigned buflen);

#endif
