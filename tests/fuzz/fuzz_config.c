/*
 * fuzz_config.c - `.readycheck.yml` (rc_config_parse), then what a run does
 * with it: skips, waivers and overrides checked against a small ruleset and
 * the overrides applied, and the settings merged into the options. A parse
 * fails exactly when it recorded an error.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_support.h"
#include "readycheck/cli.h"
#include "readycheck/config.h"
#include "readycheck/load.h"
#include "readycheck/rule.h"

/* Rules the seeds name, with parameters of several types to override. */
static const char rules[] =
    "version: 1\n"
    "rules:\n"
    "  - id: testing.coverage-threshold\n"
    "    title: Coverage\n"
    "    category: testing\n"
    "    severity: block\n"
    "    probe:\n"
    "      coverage: {file: coverage/lcov.info, min: 80, metric: lines}\n"
    "    remediation: Test more.\n"
    "  - id: compose.resource-limits\n"
    "    title: Limits\n"
    "    category: infrastructure\n"
    "    severity: warn\n"
    "    probe:\n"
    "      all:\n"
    "        - file_exists: {path: docker-compose.yml}\n"
    "        - dotenv: {file: .env.example, keys: [A], min_length: 3}\n"
    "    remediation: Set limits.\n"
    "  - id: docs.changelog\n"
    "    title: Changelog\n"
    "    category: documentation\n"
    "    severity: info\n"
    "    probe:\n"
    "      file_regex: {path: CHANGELOG.md, pattern: '^## '}\n"
    "    remediation: Keep one.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_config *c = NULL;
  int rc =
      rc_config_parse(&c, "repo/.readycheck.yml", (const char *)data, size, &d);
  fz_require((rc != 0) == (d.n_errors > 0), "parse result and errors disagree");
  fz_require((rc == 0) == (c != NULL), "parse result and config disagree");
  if (c) {
    struct rc_ruleset *rs = rc_ruleset_new();
    struct rc_diag ld;
    rc_diag_init(&ld);
    fz_require(rc_load_buffer(rs, "fuzz.yaml", rules, strlen(rules), &ld) == 0,
               "the fixed rules load");
    rc_diag_release(&ld);
    rc_config_check_rules(c, rs, &d);
    rc_config_apply_overrides(c, rs, &d);
    struct rc_options o;
    rc_options_init(&o);
    rc_config_apply(c, &o);
    rc_options_release(&o);
    rc_ruleset_free(rs);
    rc_config_free(c);
  }
  rc_diag_release(&d);
  return 0;
}
