/*
 * devstacks.h - internal to src/model: the pass that finds developers' and
 * tests' stacks among the production views, and the tests of a command and of
 * the repository the evidence, image and service passes share.
 */
#ifndef READYCHECK_MODEL_DEVSTACKS_H
#define READYCHECK_MODEL_DEVSTACKS_H

#include "build.h"

/* The repository has application code of its own: a package manifest
 * (package.json, go.mod...) at most two folders deep, on a production path. */
bool mb_has_app_code(const struct rc_model *m);

/* A command that runs a test suite (`npx playwright test`, `pytest`). */
bool mb_test_runner(const char *cmd);

/* A compose command (a string or a list of words) as one line, or NULL. */
const char *mb_command_text(struct rc_arena *a, const cJSON *cmd);

/* The compose file a documented `up` runs, or NULL. */
const struct rc_compose_file *mb_up_file(struct build *b,
                                         const struct rc_up *u);

/* Production views that are a developer's or a test's stack get that
 * role, and the reason. */
void mb_demote_dev_stacks(struct build *b);

#endif
