/*
 * model_fixture.h - a cmocka fixture for unit tests of the deployment
 * model: a temporary repository the test writes into, and the index and
 * model built from it (rc_test_model_build drops the previous ones).
 */
#ifndef READYCHECK_MODEL_FIXTURE_H
#define READYCHECK_MODEL_FIXTURE_H

#include "readycheck/index.h"
#include "readycheck/model.h"

struct rc_test_model {
  char *root; /* the temporary repository, removed by teardown */
  struct rc_index *idx;
  struct rc_model *m;
};

/* cmocka setup and teardown: *state is a struct rc_test_model. */
int rc_test_model_setup(void **state);
int rc_test_model_teardown(void **state);
/* Frees the model and index built last (the repository stays). */
void rc_test_model_drop(struct rc_test_model *f);
/* Indexes the repository as it is now and builds its model. */
const struct rc_model *rc_test_model_build(struct rc_test_model *f);

#endif
