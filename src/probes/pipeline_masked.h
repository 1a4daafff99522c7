/*
 * pipeline_masked.h - why a gate command written with `|| true` may still
 * gate, or be no gate at all: for the not_masked expectation of the
 * pipeline probe.
 */
#ifndef RC_PROBES_PIPELINE_MASKED_H
#define RC_PROBES_PIPELINE_MASKED_H

#include <stdbool.h>

#include "readycheck/pipeline.h"
#include "readycheck/probe.h"

/* True when the masked command c hides no gate's failure: the failure is
 * kept (an output file, a variable, a step output) and a later line or
 * step fails on it, or the command does not run the gate its words name
 * (a package script named for tidying after tests, `jest --listTests`). */
bool pl_masked_held(struct rc_ctx *ctx, const struct rc_ci_cmd *c);

/* True when c is named for a gate but runs none: a package script, make
 * target or script argument named for tidying around it (`test:cleanup`,
 * `make clean`, `./run-tests.sh clean`), a runner that only lists tests,
 * benchmarks that run no test (`go test -run=^$ -bench=.`). */
bool pl_runs_no_gate(const struct rc_ci_cmd *c);

#endif
