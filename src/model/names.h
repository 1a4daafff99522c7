/*
 * names.h - internal to src/model: what a file's name says that more than one
 * pass asks.
 */
#ifndef READYCHECK_MODEL_NAMES_H
#define READYCHECK_MODEL_NAMES_H

#include "build.h"

/* compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml */
bool mb_is_base_compose_name(const char *path);

#endif
