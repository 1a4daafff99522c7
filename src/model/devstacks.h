/*
 * devstacks.h - internal to src/model: the development-stack pass over the
 * views, and the tests of a command and of app code the evidence, image and
 * service passes share.
 */
#ifndef READYCHECK_MODEL_DEVSTACKS_H
#define READYCHECK_MODEL_DEVSTACKS_H

#include "build.h"

bool has_app_code(const struct rc_model *m);

bool test_runner(const char *cmd);

const char *command_text(struct rc_arena *a, const cJSON *cmd);

const struct rc_compose_file *up_file(struct build *b, const struct rc_up *u);

void demote_dev_stacks(struct build *b);

#endif
