/*
 * build.h - internal to src/model: the state the model builder's passes
 * share while they build one rc_model (struct build), and the limits on
 * what they read. rc_model_new() makes it on its stack; it lives for the
 * build only. Functions the builder's files share are named mb_ (model
 * builder); the model's public API in include/readycheck/model.h is rc_.
 */
#ifndef READYCHECK_MODEL_BUILD_H
#define READYCHECK_MODEL_BUILD_H

#include <stddef.h>

#include "readycheck/model.h"

enum {
  MAX_COMPOSE = 500,
  MAX_DOCKERFILES = 2000,
  MAX_FILE_BYTES = 4 << 20,
  MAX_VIEW_FILES = 16,
};

struct build {
  struct rc_model *m;
  struct rc_arena *a;
  size_t cap_compose, cap_df, cap_views, cap_images, cap_services, cap_extra,
      cap_collections;
  const char **chained; /* paths a compose -f chain names, sorted */
  size_t n_chained, cap_chained;
  struct rc_where unresolved_at; /* the first build whose Dockerfile path is
                                    computed (images.c), when any */
};

#endif
