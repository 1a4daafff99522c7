/*
 * scan.h - the scan plan: every file that content checks read is read once
 * per run, searched for all of them at once, on all cores.
 *
 * Checks of probes with struct rc_scan_ops (probe.h) are added to a plan
 * before the rules run: each selects its files (plan()). rc_scan_run()
 * then walks the union of the selected files in path order: a file is
 * read once (rc_index_load: not cached, its buffer reused once searched),
 * tested for binary once, looked through once for the strings of every
 * pattern that searches it (literals.h), and searched by every check that
 * selected it and still wants files, on `jobs` threads; each check takes
 * its files (fold()) in its own path order on the calling thread, so
 * results do not depend on the number of threads or on timing (regex time
 * budgets aside). A file no check wants any more is not read at all. At
 * most a bounded window of files is in flight, so memory does not grow
 * with the repository. Results are then read back by the node that asked.
 */
#ifndef READYCHECK_SCAN_H
#define READYCHECK_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/probe.h"

struct rc_scan;

/* jobs: threads searching at once (0 = the number of online cores; the
 * calling thread is one of them). ctx is borrowed until rc_scan_free(). */
struct rc_scan *rc_scan_new(struct rc_ctx *ctx, unsigned jobs);
void rc_scan_free(struct rc_scan *sc);

/* Plans the check of probe p with (expanded) cfg under key, usually its
 * node; the same key twice is planned once. as is the context the check
 * would run in (its looks_for, rule_id and evidence_max; copied); NULL for
 * the scan's own. Returns false when p has no scan steps. Selecting runs
 * now, watched for unreadable directories (index.h) like a check. */
bool rc_scan_add(struct rc_scan *sc, const void *key, const struct rc_probe *p,
                 const void *cfg, const struct rc_ctx *as);
/* Reads and searches every planned file; finishes every planned check. */
void rc_scan_run(struct rc_scan *sc);
/* The finished check planned under key (NULL if none) and, in *gap, the
 * unreadable directory its selection could depend on (or NULL). */
const struct rc_check *rc_scan_result(const struct rc_scan *sc, const void *key,
                                      const struct rc_skip **gap);
/* Files read and checks planned so far, for tests and benchmarks. */
size_t rc_scan_files_read(const struct rc_scan *sc);
size_t rc_scan_checks(const struct rc_scan *sc);

/* One check run alone through its scan steps, file after file on the
 * calling thread: what a probe's check() calls. */
void rc_scan_check(const struct rc_scan_ops *ops, const void *cfg,
                   struct rc_ctx *ctx, struct rc_check *out);

/* The number of online processors (at least 1). */
unsigned rc_scan_cores(void);

#endif
