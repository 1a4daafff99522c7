/*
 * run.h - evaluate every selected rule against the indexed repository.
 *
 * For each rule: honour --skip/--only, evaluate `when` (not applicable ->
 * skipped), then the probe expression, once per for_each item if any. The
 * run never aborts: a probe that cannot evaluate yields RC_OUT_ERROR. The
 * status (PASS/WARN/...) is left for the scorer to assign.
 */
#ifndef READYCHECK_RUN_H
#define READYCHECK_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/probe.h"

struct rc_ruleset;
struct rc_node;
struct rc_rule;
struct rc_index;
struct rc_model;
struct rc_vars;
struct rc_detection;
struct rc_waiver;

/* Final per-check status, assigned by the scorer from outcome x severity. */
enum rc_status {
  RC_STATUS_PASS,
  RC_STATUS_WARN,
  RC_STATUS_BLOCK,
  RC_STATUS_INFO,
  RC_STATUS_SKIP,   /* not applicable, or skipped by the user */
  RC_STATUS_ERROR,  /* could not be evaluated; never a pass */
  RC_STATUS_WAIVED, /* failed, but a waiver in force covers it: does not
                       fail the gate, earns no weight (policy.h) */
  RC_STATUS_COUNT
};

const char *rc_status_name(enum rc_status s); /* "PASS", "WARN", ... */

struct rc_result {
  const struct rc_rule *rule; /* borrowed from the ruleset */
  enum rc_outcome outcome;    /* from the probe expression */
  enum rc_status status;      /* set by rc_score_compute() */
  bool caution;               /* OK only with a safeguard off (probe.h) */
  const char *message;        /* arena string, never NULL */
  const char *skip_reason;    /* for skipped checks, or NULL */
  struct rc_evidence *ev;     /* arena */
  size_t n_ev;
  size_t n_ev_dropped;
  size_t n_ev_dropped_pass; /* of those, passing items */
  double elapsed_ms;
  /* Set after the run (policy.h): */
  const char *fingerprint;        /* of the check: its rule id, 16 hex */
  const struct rc_waiver *waiver; /* waives the whole check, or NULL */
};

struct rc_results {
  struct rc_arena *arena; /* owns messages and evidence */
  struct rc_result *items;
  size_t n, cap;
};

struct rc_run_opts {
  const char *const *skip; /* rule ids; their checks become SKIP */
  size_t n_skip;
  const char *const *skip_reasons; /* parallel to skip, or NULL; a NULL
                                      entry reads "--skip" */
  const char *const *only;         /* rule ids, id prefixes ("docker.") or
                                      categories; others are not run at all */
  size_t n_only;
  const struct rc_vars *vars;
  const struct rc_model *model; /* the deployment model of the index */
  bool offline;
  unsigned jobs;     /* network requests in flight at once; 0 = default */
  long timeout_ms;   /* default per network probe; 0 = the probe's own */
  bool all_evidence; /* keep every evidence item (-v), not the first 20 */
  /* Detected stacks: a rule whose file names `stacks:` none of which is
   * present becomes SKIP "not applicable". NULL: every rule applies. */
  const struct rc_detection *detected;
  /* Told how many requests are done while they run (http.h); or NULL. */
  void (*progress)(size_t done, size_t total, void *arg);
  void *progress_arg;
};

void rc_results_init(struct rc_results *r);
void rc_results_release(struct rc_results *r);

/* True when --only (o->only) selects r: its id, category, pack, or an id
 * prefix ending in '.'; every rule when o->n_only is 0. */
bool rc_run_selected(const struct rc_rule *r, const struct rc_run_opts *o);

/* Whether a rule the run would check reads the deployment model (a probe
 * that says so in probe.h, or `for_each: services`). When none does the
 * model need not be built: o->model may stay NULL. */
bool rc_run_needs_model(const struct rc_ruleset *rs,
                        const struct rc_run_opts *o);

/* Runs rules in ruleset order and appends one result per selected rule.
 * First the requests of every network probe of the applicable rules are
 * gathered and fetched together (unless offline); checks then read them.
 * Requests of network probes inside `when` go into that same batch; the
 * rules they guard are fetched in a second one once `when` is decided. */
void rc_run(const struct rc_ruleset *rs, struct rc_index *idx,
            const struct rc_run_opts *opts, struct rc_results *out);

/* Evaluates one probe expression (used by rc_run and by tests). each may be
 * NULL; otherwise it holds the for_each item variables. */
void rc_run_node(const struct rc_node *node, struct rc_ctx *ctx,
                 const struct rc_vars *each, struct rc_check *out);

#endif
