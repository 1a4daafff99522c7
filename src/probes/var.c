/*
 * var.c - the `var` probe: a readycheck variable (--var, --endpoint, else
 * the environment) is defined and non-empty. Rules that need an endpoint
 * use it as their `when`, so they apply only when one is given.
 * Values are only tested for emptiness, never shown.
 */
#include <stddef.h>
#include <string.h>

#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/vars.h"

struct cfg {
  struct rc_strlist name;
  struct rc_pattern pattern;
};

/* 1 when v passes, 0 when it does not, -1 when the match hit a limit. */
static int passes(const struct cfg *cfg, const char *v)
{
  if (!cfg->pattern.re)
    return 1;
  struct rc_regex_scratch *rs = rc_regex_scratch_new();
  int rc = rc_regex_match(cfg->pattern.re, rs, v, strlen(v), 0, NULL, NULL);
  rc_regex_scratch_free(rs);
  return rc == RC_RE_MATCH ? 1 : rc == RC_RE_NOMATCH ? 0 : -1;
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  for (size_t i = 0; i < cfg->name.n; i++) {
    const char *v = rc_vars_get(ctx->vars, cfg->name.items[i]);
    if (!v || !*v) {
      rc_check_set(out, ctx, RC_OUT_FAIL, "%s is %s", cfg->name.items[i],
                   v ? "empty" : "not given");
      return;
    }
    int ok = passes(cfg, v);
    if (ok <= 0) {
      rc_check_set(out, ctx, ok < 0 ? RC_OUT_ERROR : RC_OUT_FAIL,
                   "%s does not match '%s'", cfg->name.items[i],
                   cfg->pattern.src);
      return;
    }
  }
  if (cfg->name.n == 1)
    rc_check_set(out, ctx, RC_OUT_OK, "%s is given", cfg->name.items[0]);
  else
    rc_check_set(out, ctx, RC_OUT_OK, "all %zu variables are given",
                 cfg->name.n);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  if (cfg->name.n == 0)
    return rc_error(d, loc, "'name' needs at least one variable name");
  return 0;
}

static const struct rc_field fields[] = {
    {"name", RC_FIELD_STRINGS, offsetof(struct cfg, name), RC_FIELD_REQUIRED,
     NULL,
     "variables (--var, --endpoint, else the environment) that must be "
     "given and non-empty"},
    {"pattern", RC_FIELD_REGEX, offsetof(struct cfg, pattern), 0, NULL,
     "PCRE2 pattern every value must match, e.g. '^https://' (values are "
     "never shown)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_var = {
    .name = "var",
    .summary = "a --var/--endpoint variable (or environment variable) is given",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
};
