/*
 * views.h - internal to src/model: the view passes rc_model_new() runs in
 * order, and two tests the later passes share.
 */
#ifndef READYCHECK_MODEL_VIEWS_H
#define READYCHECK_MODEL_VIEWS_H

#include "build.h"

/* The less production of two roles. */
enum rc_role mb_worse(enum rc_role a, enum rc_role b);

/* Chains the repository's automation writes become views. */
void mb_views_from_chains(struct build *b);

/* Every service of f says what runs (an image or a build): a stack of its
 * own, not an overlay. */
bool mb_complete_stack(const struct rc_compose_file *f);

/* A folder's base compose file with the overlays beside it. */
void mb_views_from_folders(struct build *b);

/* The files no chain or folder took: views of their own, add-ons judged
 * with their folder's base, or optional overlays left out. */
void mb_views_from_leftovers(struct build *b);

#endif
