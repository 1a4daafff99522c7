/*
 * report_fixture.h - hand-made results for reporter tests: rules and
 * results built in an arena, scored with the real scorer, rendered by a
 * reporter into a string. No repository, no probes.
 */
#ifndef READYCHECK_REPORT_FIXTURE_H
#define READYCHECK_REPORT_FIXTURE_H

#include <stddef.h>

#include "readycheck/probe.h"
#include "readycheck/report.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/score.h"

struct rc_rf {
  struct rc_arena *arena;
  struct rc_results res;
  struct rc_policy policy; /* min_score -1 */
  struct rc_score score;
  struct rc_report rep; /* repo "myrepo" at 0123456789ab (main) */
};

struct rc_rf *rc_rf_new(void);
void rc_rf_free(struct rc_rf *f);

/* Adds a check of a rule (pack "docker", defined at rules/docker.yaml:12:3,
 * remediation "fix ID"); returns its index (pointers move as items grow). */
size_t rc_rf_add_titled(struct rc_rf *f, const char *id, const char *title,
                        const char *cat, enum rc_severity sev, double weight,
                        enum rc_outcome o, const char *msg);
void rc_rf_ev(struct rc_rf *f, size_t i, const char *path, unsigned line,
              const char *text);
/* Scores the results (again) and points the report at them. */
void rc_rf_score(struct rc_rf *f);
/* The report as written by r (must succeed, no NUL bytes); caller frees. */
char *rc_rf_render(struct rc_rf *f, const struct rc_reporter *r);

#endif
