/*
 * fuzz_coverage.c - the coverage report readers (lcov, Istanbul JSON
 * summary, Cobertura and JaCoCo XML through libxml2, Go coverprofiles),
 * through the `coverage` probe as a run uses it: the input is written as a
 * report in a scratch repository. The first byte picks the file name, the
 * `format` and the `metric`. A report is judged OK, FAIL or ERROR (never
 * skipped), and an empty one is never OK.
 */
#include <stdint.h>

#include "fuzz_support.h"

extern const struct rc_probe rc_probe_coverage;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const names[] = {
      "coverage/lcov.info", "coverage/coverage-summary.json",
      "coverage.xml",       "coverage.out",
      "target/jacoco.xml",  "coverage/report"};
  unsigned mode = size ? data[0] : 0;
  const char *name = names[(mode & 7) % 6];
  int format = (int)((mode >> 3) & 7);
  struct fz_repo *r = fz_repo_get();
  fz_repo_reset(r);
  fz_repo_write(r, name, (const char *)data + (size > 0), size - (size > 0));
  fz_repo_index(r);
  const struct rc_probe *p = &rc_probe_coverage;
  void *cfg = fz_cfg_new(p, r->arena);
  fz_cfg_strings(p, cfg, r->arena, "file", &name, 1);
  fz_cfg_number(p, cfg, "min", (mode & 0x40) ? 0 : 80);
  fz_cfg_enum(p, cfg, "metric", (int)(mode >> 6) & 3);
  fz_cfg_enum(p, cfg, "format", format < 6 ? format : 0);
  enum rc_outcome o = fz_run_probe(p, cfg, r);
  fz_require(o != RC_OUT_SKIP, "a report is judged");
  if (size <= 1)
    fz_require(o == RC_OUT_ERROR, "an empty report is an error");
  return 0;
}
