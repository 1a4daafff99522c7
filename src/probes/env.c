/*
 * env.c - the `env` probe: variables of readycheck's own process
 * environment (the CI job or shell it runs in) must be set, non-empty,
 * long enough and match a pattern.
 *
 * Values are secrets more often than not: they are only ever measured and
 * matched, never copied into a message or evidence.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/vars.h"

enum { MIN_LENGTH_LIMIT = 1000000 };

struct cfg {
  struct rc_strlist name;
  struct rc_pattern pattern;
  long min_length;
};

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static size_t utf8_length(const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static bool valid_name(const char *s)
{
  if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
    return false;
  for (s++; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
          (*s >= '0' && *s <= '9') || *s == '_'))
      return false;
  return true;
}

struct tally {
  size_t problems;
  const char *first; /* first problem, for the message */
  const char *error; /* could not evaluate */
};

static void problem(struct tally *t, struct rc_check *out, struct rc_ctx *ctx,
                    const char *what)
{
  if (!t->problems++)
    t->first = what;
  rc_check_evidence(out, ctx, NULL, 0, "%s", what);
}

/* Judges one variable; the value stays in this function. */
static void check_one(const struct cfg *cfg, const char *name,
                      struct rc_ctx *ctx, struct rc_regex_scratch *rs,
                      struct tally *t, struct rc_check *out)
{
  struct rc_arena *a = ctx->arena;
  const char *v = getenv(name);
  if (!v) {
    problem(t, out, ctx, rc_arena_printf(a, "%s is not set", name));
    return;
  }
  if (!*v) {
    problem(t, out, ctx, rc_arena_printf(a, "%s is empty", name));
    return;
  }
  if (cfg->min_length > 0 && utf8_length(v) < (size_t)cfg->min_length)
    problem(t, out, ctx,
            rc_arena_printf(a, "%s is shorter than %ld characters", name,
                            cfg->min_length));
  if (!cfg->pattern.re)
    return;
  int rc = rc_regex_match(cfg->pattern.re, rs, v, strlen(v), 0, NULL, NULL);
  if (rc == RC_RE_NOMATCH)
    problem(t, out, ctx,
            rc_arena_printf(a, "%s does not match the required pattern", name));
  else if (rc < 0 && !t->error)
    t->error = rc_arena_printf(a, "could not match %s against the pattern: %s",
                               name, rc_regex_strerror(rc));
}

static void report_ok(const struct cfg *cfg, struct rc_ctx *ctx,
                      struct rc_check *out)
{
  if (cfg->name.n == 1)
    rc_check_set(out, ctx, RC_OUT_OK, "%s is set", cfg->name.items[0]);
  else if (cfg->name.n == 2)
    rc_check_set(out, ctx, RC_OUT_OK, "%s and %s are set", cfg->name.items[0],
                 cfg->name.items[1]);
  else
    rc_check_set(out, ctx, RC_OUT_OK, "all %zu variables are set", cfg->name.n);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  struct tally t = {0};
  struct rc_regex_scratch *rs = rc_regex_scratch_new();
  for (size_t i = 0; i < cfg->name.n; i++)
    check_one(cfg, cfg->name.items[i], ctx, rs, &t, out);
  rc_regex_scratch_free(rs);
  if (t.problems == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", t.first);
  else if (t.problems > 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s (and %zu more)", t.first,
                 t.problems - 1);
  else if (t.error)
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", t.error);
  else
    report_ok(cfg, ctx, out);
}

static const char *check_name(const void *value, char *buf, size_t buflen)
{
  if (valid_name(value))
    return NULL;
  snprintf(buf, buflen,
           "entry '%.60s' is not a valid environment variable "
           "name",
           (const char *)value);
  return buf;
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  if (cfg->name.n == 0)
    return rc_error(d, loc, "'name' needs at least one variable name");
  return 0;
}

/* Single values, checked where they are written (probe.h). */
static const struct rc_value_rule value_rules[] = {
    {.field = "name", .check = check_name},
    {.field = "min_length", .ranged = true, .min = 0, .max = MIN_LENGTH_LIMIT},
    {.field = NULL},
};

static const struct rc_field fields[] = {
    {"name", RC_FIELD_STRINGS, offsetof(struct cfg, name), RC_FIELD_REQUIRED,
     NULL,
     "environment variables that must be set and non-empty where readycheck "
     "runs"},
    {"pattern", RC_FIELD_REGEX, offsetof(struct cfg, pattern), 0, NULL,
     "PCRE2 pattern every value must match (values are never shown)"},
    {"min_length", RC_FIELD_INT, offsetof(struct cfg, min_length), 0, NULL,
     "minimum length of every value, in characters (default 0)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_env = {
    .name = "env",
    .summary = "environment variables are set, long enough and well-formed",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .value_rules = value_rules,
    .check = check,
};
