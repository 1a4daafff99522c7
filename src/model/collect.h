/*
 * collect.h - internal to src/model: the collecting passes rc_model_new() runs
 * first, and what a file's own header comment says (a Dockerfile's too).
 */
#ifndef READYCHECK_MODEL_COLLECT_H
#define READYCHECK_MODEL_COLLECT_H

#include "build.h"

const char *dev_header(struct rc_arena *a, const char *data);

void find_collections(struct build *b);

void collect(struct build *b);

void named_dockerfiles(struct build *b);

void contributed_setups(struct build *b);

#endif
