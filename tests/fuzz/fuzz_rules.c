/*
 * fuzz_rules.c - the rule loader (rc_load_buffer): YAML text written by
 * others. Besides not crashing, a load fails exactly when it recorded an
 * error, and a failed load adds no rule.
 */
#include <stdint.h>

#include "fuzz_support.h"
#include "readycheck/load.h"
#include "readycheck/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  int rc = rc_load_buffer(rs, "rules/fuzz.yaml", (const char *)data, size, &d);
  fz_require((rc != 0) == (d.n_errors > 0), "load result and errors disagree");
  if (rc != 0)
    fz_require(rs->n == 0, "a file with errors added rules");
  for (size_t i = 0; i < d.n; i++)
    fz_require(d.items[i].msg && d.items[i].msg[0], "empty message");
  rc_diag_release(&d);
  rc_ruleset_free(rs);
  return 0;
}
