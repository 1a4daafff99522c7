/*
 * lookup.h - internal to src/model: the model's files by path, while it is
 * being built.
 */
#ifndef READYCHECK_MODEL_LOOKUP_H
#define READYCHECK_MODEL_LOOKUP_H

#include "build.h"

/* The compose file at path (a binary search), or NULL. */
struct rc_compose_file *mb_compose_at(const struct rc_model *m,
                                      const char *path);

/* Sorts the images by Dockerfile for rc_model_image(), once they are final. */
void mb_index_images(struct rc_model *m);

/* The compose file a chain's -f name means: from the chain's folder,
 * from the root, or the one file whose path ends with it; or NULL. */
struct rc_compose_file *mb_resolve_name(struct build *b, const char *dir,
                                        const char *name);

#endif
