/*
 * names.h - internal to src/model: the name tests the collecting and view
 * passes share.
 */
#ifndef READYCHECK_MODEL_NAMES_H
#define READYCHECK_MODEL_NAMES_H

#include "build.h"

bool is_base_compose_name(const char *path);

#endif
