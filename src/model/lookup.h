/*
 * lookup.h - internal to src/model: lookups by path on the compose files and
 * images being built.
 */
#ifndef READYCHECK_MODEL_LOOKUP_H
#define READYCHECK_MODEL_LOOKUP_H

#include "build.h"

struct rc_compose_file *compose_at(const struct rc_model *m, const char *path);

void index_images(struct rc_model *m);

struct rc_compose_file *resolve_name(struct build *b, const char *dir,
                                     const char *name);

#endif
