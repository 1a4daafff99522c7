/*
 * testrules.h - `readycheck test-rules [DIR]`: run each rule against its
 * passing and failing fixtures (tiny repository trees) and report every
 * fixture whose result is not the expected one.
 *
 * Layout: DIR/<rule id>/pass*, DIR/<rule id>/fail* (each a directory that
 * is the root of a repository tree). A pass* fixture must end PASS; a fail*
 * fixture must end with outcome FAIL (status WARN, BLOCK or INFO by the
 * rule's severity). SKIP and ERROR are mismatches for both.
 */
#ifndef READYCHECK_TESTRULES_H
#define READYCHECK_TESTRULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "readycheck/diag.h"

struct rc_ruleset;
struct rc_run_opts;

/* Rules with this tag need no fixtures under --require-fixtures (their
 * outcome depends on the live network or environment). */
#define RC_TAG_NO_FIXTURE "no-fixture"

struct rc_testrules_opts {
  const char *dir;               /* fixture root, e.g. "tests/rules" */
  bool require_fixtures;         /* every selected rule needs pass + fail */
  const struct rc_run_opts *run; /* vars, offline, --only (skip ignored) */
  bool quiet;                    /* print only mismatches and the summary */
  bool json; /* print one JSON document: counts and every fixture's result */
};

struct rc_testrules_summary {
  size_t n_fixtures;   /* fixtures run */
  size_t n_mismatches; /* fixtures whose result was not the expected one */
  size_t n_problems;   /* unknown rules, rules without fixtures */
};

/* Runs every fixture under o->dir, writing one line per fixture (and per
 * problem) and a summary line to out. Returns 0 when every fixture matched
 * and there was no problem, 1 otherwise, or -1 with a diag when o->dir
 * cannot be read. */
int rc_testrules_run(const struct rc_ruleset *rs,
                     const struct rc_testrules_opts *o, FILE *out,
                     struct rc_testrules_summary *sum, struct rc_diag *d);

#endif
