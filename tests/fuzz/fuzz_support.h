/*
 * fuzz_support.h - what the libFuzzer targets of tests/fuzz share: inputs
 * cut into parts, a scratch repository that probes and the automation scan
 * read through the real index, and probe parameters set by field name
 * through the probe's own field table (as the rule loader does).
 *
 * Every target is one fuzz_<name>.c with LLVMFuzzerTestOneInput(); a
 * finding is a crash, a sanitizer report, a leak, or an abort() from one
 * of the checks below (fz_require: a property the module promises).
 */
#ifndef READYCHECK_FUZZ_SUPPORT_H
#define READYCHECK_FUZZ_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "readycheck/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One part of an input: bytes that need not end in NUL, and a NUL-ended
 * copy for APIs that take C strings (owned; fz_parts_free). */
struct fz_part {
  const char *data;
  size_t len;
  char *str;
};

/* Cuts data at every line that is exactly sep (the line's newline goes with
 * the separator), into at most max parts; the last part keeps the rest.
 * Returns the count (at least 1). */
size_t fz_split(const uint8_t *data, size_t size, const char *sep,
                struct fz_part *parts, size_t max);
void fz_parts_free(struct fz_part *parts, size_t n);

/* Aborts with msg when ok is false: a broken promise is a finding. */
void fz_require(bool ok, const char *msg);

/* A scratch directory for this process (under $TMPDIR, removed at exit).
 * Each input writes its files, indexes the tree and runs; fz_repo_reset()
 * removes what the previous input wrote. */
struct fz_repo {
  char *root;
  char **written; /* repo-relative paths */
  size_t n_written, cap_written;
  struct rc_index *idx;
  struct rc_arena *arena;
  struct rc_ctx ctx;
};

struct fz_repo *fz_repo_get(void);
void fz_repo_reset(struct fz_repo *r);
void fz_repo_write(struct fz_repo *r, const char *rel, const char *data,
                   size_t len);
/* Builds the index (every file, no .gitignore) and the run context; no
 * model (probes used here need none). */
void fz_repo_index(struct fz_repo *r);

/* A zeroed cfg of p in a, as the loader allocates it, and setters by
 * field name (abort on an unknown name or a type mismatch). */
void *fz_cfg_new(const struct rc_probe *p, struct rc_arena *a);
void fz_cfg_string(const struct rc_probe *p, void *cfg, const char *field,
                   const char *value);
void fz_cfg_strings(const struct rc_probe *p, void *cfg, struct rc_arena *a,
                    const char *field, const char *const *items, size_t n);
void fz_cfg_enum(const struct rc_probe *p, void *cfg, const char *field,
                 int index);
void fz_cfg_bool(const struct rc_probe *p, void *cfg, const char *field,
                 bool value);
void fz_cfg_int(const struct rc_probe *p, void *cfg, const char *field,
                long value);
/* A regex field; re stays the caller's. */
void fz_cfg_regex(const struct rc_probe *p, void *cfg, const char *field,
                  const char *src, struct rc_regex *re);
void fz_cfg_number(const struct rc_probe *p, void *cfg, const char *field,
                   double value);

/* Runs p's check() on cfg over r and checks what every check promises: an
 * outcome of the enum, a message, at most RC_EVIDENCE_MAX evidence items of
 * at most RC_EVIDENCE_TEXT_MAX bytes (plus an ellipsis). */
enum rc_outcome fz_run_probe(const struct rc_probe *p, const void *cfg,
                             struct fz_repo *r);

#endif
