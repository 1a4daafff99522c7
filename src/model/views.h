/*
 * views.h - internal to src/model: the view passes rc_model_new() runs in
 * order, and the role and stack tests the later passes share.
 */
#ifndef READYCHECK_MODEL_VIEWS_H
#define READYCHECK_MODEL_VIEWS_H

#include "build.h"

enum rc_role worse(enum rc_role a, enum rc_role b);

void views_from_chains(struct build *b);

bool complete_stack(const struct rc_compose_file *f);

void views_from_folders(struct build *b);

void views_from_leftovers(struct build *b);

#endif
