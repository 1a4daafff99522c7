/*
 * audit_registry.c - every output format of `readycheck audit`.
 *
 * To add one:
 *   1. write src/reports/audit_<name>.c exporting `const struct
 *      rc_audit_reporter rc_audit_reporter_<name>` (everything else static);
 *   2. declare and list it below;
 *   3. add the file to src/CMakeLists.txt;
 *   4. test it in tests/audit/ and document it in docs/audit.md.
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/audit.h"

extern const struct rc_audit_reporter rc_audit_reporter_json;
extern const struct rc_audit_reporter rc_audit_reporter_markdown;
extern const struct rc_audit_reporter rc_audit_reporter_text;

// clang-format off
const struct rc_audit_reporter *const rc_audit_reporters[] = {
    &rc_audit_reporter_text,
    &rc_audit_reporter_json,
    &rc_audit_reporter_markdown,
    NULL,
};
// clang-format on

const char *rc_audit_reporter_names(void)
{
  static char names[128];
  if (!names[0]) {
    size_t len = 0;
    for (size_t i = 0; rc_audit_reporters[i]; i++) {
      int n = snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "",
                       rc_audit_reporters[i]->name);
      if (n < 0 || (size_t)n >= sizeof(names) - len)
        break;
      len += (size_t)n;
    }
  }
  return names;
}

const struct rc_audit_reporter *rc_audit_reporter_find(const char *name)
{
  for (size_t i = 0; rc_audit_reporters[i]; i++)
    if (strcmp(rc_audit_reporters[i]->name, name) == 0)
      return rc_audit_reporters[i];
  return NULL;
}
