/*
 * obsfix.h - the Observatory fixtures of tests/http/observatory (see its
 * README): read from disk, turned into an in-memory response for the unit
 * test, and into nginx locations for the live one.
 */
#ifndef READYCHECK_TEST_OBSFIX_H
#define READYCHECK_TEST_OBSFIX_H

#include <stddef.h>

#include "readycheck/http.h"

enum rc_of_http { RC_OF_REDIRECT, RC_OF_NONE, RC_OF_VIA_HTTP };

struct rc_of_case {
  char *name; /* file name without .txt */
  enum rc_of_http http;
  char expect_grade[4];
  int expect_score;
  char *content_type;             /* or NULL */
  struct rc_http_header *headers; /* without Content-Type */
  size_t n_headers;
  char *body;
};

/* Reads every *.txt of dir, sorted by name. Returns the count (0 and a
 * message in err when the directory or a file is bad). */
size_t rc_of_load(const char *dir, struct rc_of_case **out, char *err,
                  size_t errlen);
void rc_of_free(struct rc_of_case *c, size_t n);

/* nginx configuration: the locations /obs/NAME for the https server and
 * for the plain http one in front of it (@0 and @1 are the ports). Caller
 * frees. */
char *rc_of_nginx_https(const struct rc_of_case *c, size_t n);
char *rc_of_nginx_http(const struct rc_of_case *c, size_t n);

#endif
