/*
 * registry.c - every probe type readycheck knows.
 *
 * To add a probe:
 *   1. write src/probes/<name>.c exporting `const struct rc_probe
 *      rc_probe_<name>` (everything else static);
 *   2. declare and list it below, keeping the list sorted by name;
 *   3. add the file to src/CMakeLists.txt;
 *   4. add tests/probes/test_<name>.c and a section in docs/rules.md.
 */
#include <string.h>

#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_backup;
extern const struct rc_probe rc_probe_compose;
extern const struct rc_probe rc_probe_coverage;
extern const struct rc_probe rc_probe_coverage_gate;
extern const struct rc_probe rc_probe_dockerfile;
extern const struct rc_probe rc_probe_dotenv;
extern const struct rc_probe rc_probe_entry_refs;
extern const struct rc_probe rc_probe_env;
extern const struct rc_probe rc_probe_env_documented;
extern const struct rc_probe rc_probe_file_absent;
extern const struct rc_probe rc_probe_file_exists;
extern const struct rc_probe rc_probe_file_regex;
extern const struct rc_probe rc_probe_health_route;
extern const struct rc_probe rc_probe_http;
extern const struct rc_probe rc_probe_k8s;
extern const struct rc_probe rc_probe_nginx;
extern const struct rc_probe rc_probe_node_deps;
extern const struct rc_probe rc_probe_observatory;
extern const struct rc_probe rc_probe_pipeline;
extern const struct rc_probe rc_probe_tls;
extern const struct rc_probe rc_probe_value;
extern const struct rc_probe rc_probe_var;

/* MUST stay sorted by name. One per line (clang-format would fill columns
 * once the list grows, and every addition would then move them all). */
/* clang-format off */
const struct rc_probe *const rc_probes[] = {
    &rc_probe_backup,
    &rc_probe_compose,
    &rc_probe_coverage,
    &rc_probe_coverage_gate,
    &rc_probe_dockerfile,
    &rc_probe_dotenv,
    &rc_probe_entry_refs,
    &rc_probe_env,
    &rc_probe_env_documented,
    &rc_probe_file_absent,
    &rc_probe_file_exists,
    &rc_probe_file_regex,
    &rc_probe_health_route,
    &rc_probe_http,
    &rc_probe_k8s,
    &rc_probe_nginx,
    &rc_probe_node_deps,
    &rc_probe_observatory,
    &rc_probe_pipeline,
    &rc_probe_tls,
    &rc_probe_value,
    &rc_probe_var,
    NULL,
};
/* clang-format on */

const struct rc_probe *rc_probe_find(const char *name)
{
  for (size_t i = 0; rc_probes[i]; i++)
    if (strcmp(rc_probes[i]->name, name) == 0)
      return rc_probes[i];
  return NULL;
}
