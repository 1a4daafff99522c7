/*
 * registry.c - every output format readycheck can write.
 *
 * To add a format:
 *   1. write src/reports/<name>.c exporting `const struct rc_reporter
 *      rc_reporter_<name>` (everything else static);
 *   2. declare and list it below;
 *   3. add the file to src/CMakeLists.txt;
 *   4. add tests/unit/test_report_<name>.c and document it in README.md.
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/report.h"

extern const struct rc_reporter rc_reporter_badge;
extern const struct rc_reporter rc_reporter_codequality;
extern const struct rc_reporter rc_reporter_github;
extern const struct rc_reporter rc_reporter_html;
extern const struct rc_reporter rc_reporter_json;
extern const struct rc_reporter rc_reporter_junit;
extern const struct rc_reporter rc_reporter_markdown;
extern const struct rc_reporter rc_reporter_sarif;
extern const struct rc_reporter rc_reporter_text;

/* One per line (clang-format off keeps it so): the order of --help. */
// clang-format off
const struct rc_reporter *const rc_reporters[] = {
    &rc_reporter_text,
    &rc_reporter_markdown,
    &rc_reporter_json,
    &rc_reporter_sarif,
    &rc_reporter_junit,
    &rc_reporter_github,
    &rc_reporter_codequality,
    &rc_reporter_html,
    &rc_reporter_badge,
    NULL,
};
// clang-format on

const char *rc_reporter_names(void)
{
  static char names[256];
  if (!names[0]) {
    size_t len = 0;
    for (size_t i = 0; rc_reporters[i]; i++) {
      int n = snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "",
                       rc_reporters[i]->name);
      if (n < 0 || (size_t)n >= sizeof(names) - len)
        break;
      len += (size_t)n;
    }
  }
  return names;
}

const char *rc_report_target(const char *path)
{
  return path[0] == '+' && path[1] ? path + 1 : path;
}

const struct rc_reporter *rc_reporter_find(const char *name)
{
  for (size_t i = 0; rc_reporters[i]; i++)
    if (strcmp(rc_reporters[i]->name, name) == 0)
      return rc_reporters[i];
  return NULL;
}
