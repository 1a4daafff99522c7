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

#include "readycheck/doc.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/testcfg.h"

struct cfg {
  double min;
  bool require;
  bool keys;
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
  } else {
    rc_check_set(sc->out, sc->ctx, sc->cfg->require ? RC_OUT_FAIL : RC_OUT_OK,
                 "no coverage threshold in %s (%zu loaded)", what,
                 sc->n_loaded);
    /* a minimum with no threshold to compare it with holds on nothing;
     * `require` asks whether one exists, and none is a real answer */
    sc->out->vacuous = !sc->cfg->require;
  }
}

/* ---- keys: what jest ignores --------------------------------------------- */

/* Misspellings of coverageThreshold that jest ignores without a word. */
static const char *const misspelt_re =
    "\\b(coverageThresholds|coverageTreshold|coverageThresold|"
    "coverage_threshold|coverageTreshhold)\\b";

struct keys {
  struct rc_ctx *ctx;
  struct rc_check *out;
  struct rc_regex *misspelt;
  struct rc_regex_scratch *rs;
  size_t n_bad, n_judged;
  bool failed;
};

static void keys_error(struct keys *k, const char *msg)
{
  if (!k->failed)
    rc_check_set(k->out, k->ctx, RC_OUT_ERROR, "%s", msg);
  k->failed = true;
}

/* The 1-based line of the first `"key"` in data, or 0. */
static unsigned key_line(const char *data, size_t len, const char *key)
{
  size_t kl = strlen(key);
  unsigned line = 1;
  for (size_t i = 0; i + kl + 2 <= len; i++) {
    if (data[i] == '\n')
      line++;
    else if (data[i] == '"' && memcmp(data + i + 1, key, kl) == 0 &&
             data[i + kl + 1] == '"')
      return line;
  }
  return 0;
}

/* A misspelt key anywhere in the range of f a jest run loads. */
static void misspelt_in(struct keys *k, const struct rc_testcfg_pkg *p,
                        const struct rc_testcfg_file *f)
{
  const struct rc_entry *e = rc_index_find(k->ctx->index, f->path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(k->ctx->index, e, &data, &len, err, sizeof err)) {
    keys_error(k, rc_arena_printf(k->ctx->arena, "cannot read '%s': %s",
                                  f->path, e ? err : "not indexed"));
    return;
  }
  k->n_judged++;
  size_t end = f->end && f->end <= len ? f->end : len;
  unsigned lineno = f->line;
  for (size_t i = f->start < end ? f->start : end; i < end; lineno++) {
    const char *nl = memchr(data + i, '\n', end - i);
    size_t n = nl ? (size_t)(nl - (data + i)) : end - i, ms, me;
    int rc = rc_regex_match(k->misspelt, k->rs, data + i, n, 0, &ms, &me);
    if (rc == RC_RE_MATCH) {
      k->n_bad++;
      rc_check_evidence_mark(k->out, k->ctx, RC_EV_FAIL, f->path, lineno,
                             "'%.*s' is not a jest option (jest ignores it; "
                             "loaded by the tests of %s: %s)",
                             (int)(me - ms), data + i + ms, p->manifest,
                             f->why);
    } else if (rc != RC_RE_NOMATCH) {
      keys_error(k, rc_arena_printf(k->ctx->arena,
                                    "cannot tell: a pattern hit its limit "
                                    "in '%s'",
                                    f->path));
      return;
    }
    i += n + 1;
  }
}

/* In the package.json of a package whose tests run jest: a threshold
 * written beside "jest" instead of in it, and (when package.json#jest is
 * what jest loads) percentages without the "global" level. */
static void misplaced_in(struct keys *k, const struct rc_testcfg_pkg *p,
                         bool jest_key_loaded)
{
  const struct rc_entry *e = rc_index_find(k->ctx->index, p->manifest);
  const char *data;
  size_t len;
  char err[256];
  if (!e || rc_index_read(k->ctx->index, e, &data, &len, err, sizeof err)) {
    keys_error(k, rc_arena_printf(k->ctx->arena, "cannot read '%s': %s",
                                  p->manifest, e ? err : "not indexed"));
    return;
  }
  struct rc_docs docs;
  if (rc_docs_parse(&docs, data, len, e->path, RC_DOC_JSON, err, sizeof err) !=
      0)
    return; /* testcfg read it as JSON: it only found a script text */
  const cJSON *root = docs.n ? docs.docs[0] : NULL;
  static const char *const top[] = {"coverageThreshold",
                                    "coverageThresholds",
                                    "coverageTreshold",
                                    "coverageThresold",
                                    "coverage_threshold",
                                    "coverageTreshhold",
                                    NULL};
  for (size_t i = 0; top[i] && cJSON_IsObject(root); i++)
    if (cJSON_GetObjectItemCaseSensitive(root, top[i])) {
      k->n_bad++;
      rc_check_evidence_mark(k->out, k->ctx, RC_EV_FAIL, p->manifest,
                             key_line(data, len, top[i]),
                             "'%s' at the top of package.json: jest reads "
                             "it only under \"jest\"",
                             top[i]);
    }
  const cJSON *th = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(root, "jest"), "coverageThreshold");
  static const char *const kinds[] = {"lines", "statements", "branches",
                                      "functions", NULL};
  for (size_t i = 0; jest_key_loaded && kinds[i] && cJSON_IsObject(th); i++)
    if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(th, kinds[i]))) {
      k->n_bad++;
      rc_check_evidence_mark(k->out, k->ctx, RC_EV_FAIL, p->manifest,
                             key_line(data, len, "coverageThreshold"),
                             "jest.coverageThreshold.%s has no \"global\" "
                             "level: jest reads no threshold from it",
                             kinds[i]);
      break;
    }
  rc_docs_release(&docs);
}

static void judge_keys(struct keys *k, const struct rc_testcfgs *t)
{
  for (size_t i = 0; i < t->n; i++) {
    const struct rc_testcfg_pkg *p = &t->pkgs[i];
    bool jest = false, jest_key = false;
    for (size_t x = 0; x < p->n_files; x++) {
      const struct rc_testcfg_file *f = &p->files[x];
      if (strcmp(f->runner, "jest") != 0)
        continue;
      jest = true;
      if (strcmp(f->path, p->manifest) == 0)
        jest_key = true; /* package.json#jest */
      misspelt_in(k, p, f);
    }
    if (jest && strcmp(rc_path_base(p->manifest), "package.json") == 0)
      misplaced_in(k, p, jest_key);
  }
}

static void check_keys(struct rc_ctx *ctx, struct rc_check *out)
{
  struct keys k = {.ctx = ctx, .out = out};
  char err[256];
  size_t off;
  k.misspelt = rc_regex_new(misspelt_re, err, sizeof err, &off);
  k.rs = rc_regex_scratch_new();
  struct rc_testcfgs t;
  rc_testcfgs_build(&t, ctx->index,
                    ctx->model ? &ctx->model->entries.pipeline : NULL);
  judge_keys(&k, &t);
  if (!k.failed) {
    if (k.n_bad)
      rc_check_set(out, ctx, RC_OUT_FAIL,
                   "%zu coverage threshold key(s) jest ignores in what the "
                   "packages' jest runs load",
                   k.n_bad);
    else if (k.n_judged == 0)
      rc_check_set(out, ctx, RC_OUT_OK, "no jest run loads a configuration");
    else
      rc_check_set(out, ctx, RC_OUT_OK,
                   "no misspelt or misplaced coverage threshold key in what "
                   "the packages' jest runs load (%zu file(s))",
                   k.n_judged);
    /* no jest configuration read: nothing to check, not a pass */
    out->vacuous = !k.n_bad && k.n_judged == 0;
  }
  rc_testcfgs_release(&t);
  rc_regex_scratch_free(k.rs);
  rc_regex_free(k.misspelt);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct scan sc = {.cfg = vcfg, .ctx = ctx, .out = out};
  if (sc.cfg->keys) {
    check_keys(ctx, out);
    return;
  }
  struct rc_testcfgs t;
  rc_testcfgs_build(&t, ctx->index,
                    ctx->model ? &ctx->model->entries.pipeline : NULL);
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
    {"keys", RC_FIELD_BOOL, offsetof(struct cfg, keys), 0, NULL,
     "instead: fail on a coverage threshold key jest ignores (misspelt, "
     "beside \"jest\" in package.json, or without \"global\") in what a "
     "package's jest run loads"},
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
