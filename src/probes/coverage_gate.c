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
#include "readycheck/testcfg.h"

struct cfg {
  double min;
  bool require;
};

struct scan {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  size_t n_thresholds, n_low, n_loaded;
  bool failed; /* a file could not be judged: out says why */
  /* the first threshold found, for the message */
  const char *first_path, *first_manifest, *first_why;
  unsigned first_line;
};

static void judge_file(struct scan *sc, struct rc_testcfgs *t,
                       const struct rc_testcfg_pkg *p,
                       const struct rc_testcfg_file *f)
{
  struct rc_testcfg_threshold *th;
  size_t n;
  char err[512];
  int rc =
      rc_testcfg_thresholds(t, sc->ctx->index, f, &th, &n, err, sizeof err);
  if (rc != 0) {
    if (!sc->failed)
      rc_check_set(sc->out, sc->ctx, RC_OUT_ERROR, "%s%s",
                   rc == -2 ? "cannot tell: " : "", err);
    sc->failed = true;
    return;
  }
  sc->n_loaded++;
  for (size_t i = 0; i < n; i++) {
    if (!sc->n_thresholds++) {
      sc->first_path = f->path;
      sc->first_line = th[i].line;
      sc->first_manifest = p->manifest;
      sc->first_why = f->why;
    }
    if (th[i].valued && th[i].value < sc->cfg->min) {
      sc->n_low++;
      rc_check_evidence_mark(sc->out, sc->ctx, RC_EV_FAIL, f->path, th[i].line,
                             "coverage threshold %g is below %g in what the "
                             "tests of %s load (%s)",
                             th[i].value, sc->cfg->min, p->manifest, f->why);
    }
  }
}

static void verdict(struct scan *sc)
{
  const char *what = "a configuration a test command loads";
  if (sc->failed)
    return;
  if (sc->n_low)
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
  struct rc_testcfgs t;
  rc_testcfgs_build(&t, ctx->index);
  for (size_t i = 0; i < t.n; i++)
    for (size_t k = 0; k < t.pkgs[i].n_files; k++)
      judge_file(&sc, &t, &t.pkgs[i], &t.pkgs[i].files[k]);
  verdict(&sc);
  /* any unreadable folder could hold a package or the config it loads: a
   * low threshold found stays found, anything else is unsure */
  if (out->outcome == RC_OUT_OK || out->outcome == RC_OUT_SKIP ||
      (out->outcome == RC_OUT_FAIL && !sc.n_low))
    rc_check_gap(out, ctx, rc_index_gap(ctx->index, "**"));
  rc_testcfgs_release(&t);
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
