/*
 * scalar.h - a typed scalar as a rule file writes it (`equals: 3`,
 * `equals: "3"`, `equals: true`): the loader fills it, probes and the
 * document readers compare with it.
 */
#ifndef READYCHECK_SCALAR_H
#define READYCHECK_SCALAR_H

#include <stdbool.h>

enum rc_scalar_kind {
  RC_SCALAR_NONE, /* field absent */
  RC_SCALAR_NULL,
  RC_SCALAR_BOOL,
  RC_SCALAR_NUMBER,
  RC_SCALAR_STRING,
};

/* A YAML scalar keeping both its text and its resolved type, so `equals: 3`
 * matches the JSON number 3 and `equals: "3"` the string "3". */
struct rc_scalar {
  enum rc_scalar_kind kind;
  const char *text; /* the scalar as written */
  double number;    /* RC_SCALAR_NUMBER */
  bool boolean;     /* RC_SCALAR_BOOL */
};

#endif
