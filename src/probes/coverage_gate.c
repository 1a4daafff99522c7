/*
 * coverage_gate.c - the `coverage_gate` probe: coverage thresholds in the
 * configurations that the packages' test commands load (testcfg.h). A
 * threshold in a file no test command reads gates nothing, so it neither
 * passes `require` nor fails `min`; a low value in a loaded file fails,
 * named with its package.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/testcfg.h"

struct cfg {
  double min;
  bool require;
};

/* Any way of writing a threshold, numeric or not. */
static const char *const configured_re =
    "\\bcoverageThreshold\\b|\\bthresholds\\s*[:=]|--cov-fail-under|"
    "\\bfail_under\\b|\\bfail-under\\b|check-coverage|\\bcheckCoverage\\b";
/* A line or statement threshold with its number last. */
static const char *const value_re =
    "(?:--cov-fail-under[= ]+|\\bfail_under\\s*[=:]\\s*|\\bfail-under[= ]+|"
    "--(?:lines|statements)[= ]+|(?:^|[{,\\s])[\"']?(?:lines|statements)"
    "[\"']?\\s*:\\s*)\\d+(?:\\.\\d+)?";

struct scan {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  struct rc_regex *configured, *value;
  struct rc_regex_scratch *rs;
  size_t n_thresholds, n_low, n_loaded;
  const char *limit; /* a regex limit hit: where */
  /* the first threshold found, for the message */
  const char *first_path, *first_manifest, *first_why;
  unsigned first_line;
};

/* The number that ends the match s[ms..me). */
static double trailing_number(const char *s, size_t ms, size_t me)
{
  size_t b = me;
  while (b > ms && ((s[b - 1] >= '0' && s[b - 1] <= '9') || s[b - 1] == '.'))
    b--;
  return strtod(s + b, NULL);
}

/* A line holds a threshold when it names one (coverageThreshold, ...) or
 * gives a line or statement value: a JS object spreads one threshold over
 * several lines. */
static void judge_line(struct scan *sc, const struct rc_testcfg_pkg *p,
                       const struct rc_testcfg_file *f, const char *line,
                       size_t len, unsigned lineno)
{
  size_t ms, me, at = 0;
  int rc;
  bool low, valued = false;
  double lowest = 0;
  while ((rc = rc_regex_match(sc->value, sc->rs, line, len, at, &ms, &me)) ==
         RC_RE_MATCH) {
    double v = trailing_number(line, ms, me);
    if (!valued || v < lowest)
      lowest = v;
    valued = true;
    at = me;
  }
  if (rc != RC_RE_NOMATCH) {
    sc->limit = f->path;
    return;
  }
  if (!valued) {
    rc = rc_regex_match(sc->configured, sc->rs, line, len, 0, &ms, &me);
    if (rc != RC_RE_MATCH) {
      if (rc != RC_RE_NOMATCH)
        sc->limit = f->path;
      return;
    }
  }
  if (!sc->n_thresholds++) {
    sc->first_path = f->path;
    sc->first_line = lineno;
    sc->first_manifest = p->manifest;
    sc->first_why = f->why;
  }
  low = valued && lowest < sc->cfg->min;
  if (low) {
    sc->n_low++;
    rc_check_evidence_mark(sc->out, sc->ctx, RC_EV_FAIL, f->path, lineno,
                           "coverage threshold %g is below %g in what the "
                           "tests of %s load (%s)",
                           lowest, sc->cfg->min, p->manifest, f->why);
  }
}

static void judge_file(struct scan *sc, const struct rc_testcfg_pkg *p,
                       const struct rc_testcfg_file *f)
{
  const struct rc_entry *e = rc_index_find(sc->ctx->index, f->path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(sc->ctx->index, e, &data, &len, err, sizeof err)) {
    rc_check_set(sc->out, sc->ctx, RC_OUT_ERROR, "cannot read '%s': %s",
                 f->path, e ? err : "not indexed");
    sc->limit = f->path;
    return;
  }
  sc->n_loaded++;
  size_t end = f->end && f->end <= len ? f->end : len;
  unsigned lineno = f->line;
  for (size_t i = f->start < end ? f->start : end; i < end;) {
    const char *nl = memchr(data + i, '\n', end - i);
    size_t n = nl ? (size_t)(nl - (data + i)) : end - i;
    judge_line(sc, p, f, data + i, n, lineno++);
    i += n + 1;
  }
}

static void verdict(struct scan *sc)
{
  const char *what = "a configuration a test command loads";
  if (sc->out->outcome == RC_OUT_ERROR && sc->out->message)
    return;
  if (sc->limit)
    rc_check_set(sc->out, sc->ctx, RC_OUT_ERROR,
                 "cannot tell: a pattern hit its limit in '%s'", sc->limit);
  else if (sc->n_low)
    rc_check_set(sc->out, sc->ctx, RC_OUT_FAIL,
                 "%zu coverage threshold line(s) below %g in %s", sc->n_low,
                 sc->cfg->min, what);
  else if (sc->n_thresholds) {
    rc_check_evidence_mark(sc->out, sc->ctx, RC_EV_PASS, sc->first_path,
                           sc->first_line,
                           "coverage threshold loaded by the tests of %s (%s)",
                           sc->first_manifest, sc->first_why);
    rc_check_set(sc->out, sc->ctx, RC_OUT_OK,
                 "found a coverage threshold in '%s' line %u, loaded by the "
                 "tests of %s%s",
                 sc->first_path, sc->first_line, sc->first_manifest,
                 sc->cfg->require ? "" : "; none is below the minimum");
  } else
    rc_check_set(sc->out, sc->ctx, sc->cfg->require ? RC_OUT_FAIL : RC_OUT_OK,
                 "no coverage threshold in %s (%zu loaded)", what,
                 sc->n_loaded);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct scan sc = {.cfg = vcfg, .ctx = ctx, .out = out};
  char err[256];
  size_t off;
  sc.configured = rc_regex_new(configured_re, err, sizeof err, &off);
  sc.value = rc_regex_new(value_re, err, sizeof err, &off);
  sc.rs = rc_regex_scratch_new();
  struct rc_testcfgs t;
  rc_testcfgs_build(&t, ctx->index);
  for (size_t i = 0; i < t.n; i++)
    for (size_t k = 0; k < t.pkgs[i].n_files; k++)
      judge_file(&sc, &t.pkgs[i], &t.pkgs[i].files[k]);
  verdict(&sc);
  /* any unreadable folder could hold a package or the config it loads: a
   * low threshold found stays found, anything else is unsure */
  if (out->outcome == RC_OUT_OK || out->outcome == RC_OUT_SKIP ||
      (out->outcome == RC_OUT_FAIL && !sc.n_low))
    rc_check_gap(out, ctx, rc_index_gap(ctx->index, "**"));
  rc_testcfgs_release(&t);
  rc_regex_scratch_free(sc.rs);
  rc_regex_free(sc.configured);
  rc_regex_free(sc.value);
}

static const struct rc_value_rule value_rules[] = {
    {.field = "min", .ranged = true, .min = 0, .max = 100},
    {.field = NULL},
};

static const struct rc_field fields[] = {
    {"min", RC_FIELD_NUMBER, offsetof(struct cfg, min), 0, NULL,
     "fail when a line or statement threshold in a loaded configuration is "
     "below this percentage (0 = any value)"},
    {"require", RC_FIELD_BOOL, offsetof(struct cfg, require), 0, NULL,
     "fail when no configuration a test command loads holds a threshold"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_coverage_gate = {
    .name = "coverage_gate",
    .summary = "coverage thresholds in the configurations the packages' "
               "test commands load",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .check = check,
    .value_rules = value_rules,
    .reads_model = true,
};
