/*
 * images.h - internal to src/model: the image pass, and the image lookups the
 * service pass shares.
 */
#ifndef READYCHECK_MODEL_IMAGES_H
#define READYCHECK_MODEL_IMAGES_H

#include "build.h"

struct rc_image *find_image(struct rc_model *m, const char *dockerfile,
                            const char *target);

bool any_ref(struct rc_arena *a, const char *refs, const char *ref);

void build_images(struct build *b);

#endif
