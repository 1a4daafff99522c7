/*
 * collect.h - internal to src/model: the collecting passes, which
 * rc_model_new() runs first, and what a file's own opening comment says.
 */
#ifndef READYCHECK_MODEL_COLLECT_H
#define READYCHECK_MODEL_COLLECT_H

#include "build.h"

/* The opening comment's line calling the file a development one, or NULL. */
const char *mb_dev_header(struct rc_arena *a, const char *data);

/* Folders whose README calls what they hold samples, once per model. */
void mb_find_collections(struct build *b);

/* The index's compose files and Dockerfiles, each parsed once. */
void mb_collect(struct build *b);

/* Files a build or a compose service names as its Dockerfile, whatever
 * they are called. */
void mb_named_dockerfiles(struct build *b);

/* A compose file under contrib/ beside the project's own production one
 * is a contributed setup. */
void mb_contributed_setups(struct build *b);

#endif
