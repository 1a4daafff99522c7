/*
 * model_fixture.c - the model tests' shared fixture (see model_fixture.h).
 */
#include "model_fixture.h"

#include <stdlib.h>

#include "readycheck/diag.h"
#include "testutil.h"

int rc_test_model_setup(void **state)
{
  struct rc_test_model *f = calloc(1, sizeof(*f));
  f->root = rc_test_mkdtemp();
  *state = f;
  return 0;
}

void rc_test_model_drop(struct rc_test_model *f)
{
  rc_model_free(f->m);
  rc_index_free(f->idx);
  f->m = NULL;
  f->idx = NULL;
}

int rc_test_model_teardown(void **state)
{
  struct rc_test_model *f = *state;
  rc_test_model_drop(f);
  rc_test_rmtree(f->root);
  free(f->root);
  free(f);
  return 0;
}

const struct rc_model *rc_test_model_build(struct rc_test_model *f)
{
  rc_test_model_drop(f);
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&f->idx, f->root, NULL, &d), 0);
  rc_diag_release(&d);
  f->m = rc_model_new(f->idx);
  return f->m;
}
