/*
 * file_regex_outcome.c - what a file_regex check found, in words (the
 * finish step of struct rc_scan_ops): the outcome by match mode, the files
 * searched, skipped and set aside, and where a regex limit stopped the
 * search.
 */
#define _GNU_SOURCE /* memrchr */

#include <ctype.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/appsettings.h"
#include "readycheck/buf.h"
#include "readycheck/codeloads.h"
#include "readycheck/compose.h"
#include "readycheck/disown.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/keyfile.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/pipeline.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/referrers.h"
#include "readycheck/regex.h"
#include "readycheck/scan.h"
#include "readycheck/tokencheck.h"
#include "readycheck/vars.h"

#include "file_regex_parts.h"

static void report_stop(const struct scan *s, struct rc_ctx *ctx,
                        struct rc_check *out)
{
  if (!s->stopped)
    return;
  const char *rest =
      s->cfg->multiline
          ? "the rest of this file"
          : rc_arena_printf(ctx->arena, "%zu more %s of this file",
                            s->lines_left,
                            fr_plural(s->lines_left, "line", "lines"));
  rc_check_evidence(out, ctx, s->stop_path, 0,
                    "search stopped at the first regex limit: %s and %zu "
                    "more %s not searched",
                    rest, s->files_left,
                    fr_plural(s->files_left, "file", "files"));
}

/* Length of a leading article ("a ", "an ") to drop after "no". */
static size_t article(const char *s)
{
  if (strncmp(s, "a ", 2) == 0)
    return 2;
  if (strncmp(s, "an ", 3) == 0)
    return 3;
  return 0;
}

/* The same verdicts in the rule's words (`looks_for: "a lint step"`): no
 * regular expression in a message a person reads. */
static bool report_in_words(const struct scan *s, struct rc_ctx *ctx,
                            struct rc_check *out, const char *sel_words,
                            const char *skipped)
{
  const struct cfg *cfg = s->cfg;
  const char *what = ctx->looks_for;
  if (cfg->match != MATCH_ALL && s->n_matched)
    rc_check_set(out, ctx, cfg->match == MATCH_ANY ? RC_OUT_OK : RC_OUT_FAIL,
                 "found %s in '%s' line %u", what, s->first_path,
                 s->first_line);
  else if (cfg->match == MATCH_ALL && s->n_unmatched == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "'%s' lacks %s", s->first_unmatched,
                 what);
  else if (cfg->match == MATCH_ALL && s->n_unmatched)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu files lack %s",
                 s->n_unmatched, s->n_text, what);
  else if (s->error || s->n_text == 0)
    return false; /* the plain messages say it without a pattern */
  else if (cfg->match == MATCH_ALL && s->n_text == 1)
    rc_check_set(out, ctx, RC_OUT_OK, "'%s' has %s%s", s->last_text, what,
                 skipped);
  else if (cfg->match == MATCH_ALL)
    rc_check_set(out, ctx, RC_OUT_OK, "all %zu files matching %s have %s%s",
                 s->n_text, sel_words, what, skipped);
  else
    rc_check_set(out, ctx, cfg->match == MATCH_NONE ? RC_OUT_OK : RC_OUT_FAIL,
                 "found no %s in %zu %s matching %s%s", what + article(what),
                 s->n_text, fr_plural(s->n_text, "file", "files"), sel_words,
                 skipped);
  return true;
}

void fr_finish(const void *vcfg, void *vstate, struct rc_ctx *ctx,
               struct rc_check *out)
{
  const struct cfg *cfg = vcfg;
  struct scan *s = vstate;
  const char *sel_words = rc_strlist_quote(ctx->arena, &cfg->path);
  rc_regex_budget_free(s->budget);
  s->budget = NULL;
  fr_release_held(s, ctx, out);
  free(s->aside_dirs);
  s->aside_dirs = NULL;
  report_stop(s, ctx, out);
  /* No text file searched: "no match" says nothing about the repository
   * (run.c makes a vacuous pass not applicable). */
  out->vacuous = !s->error && s->n_text == 0 && s->n_matched == 0;
  const char *pat = fr_shown_pattern(ctx->arena, cfg->pattern.src);
  const char *skipped =
      s->n_binary
          ? rc_arena_printf(ctx->arena, " (%zu binary %s skipped)", s->n_binary,
                            fr_plural(s->n_binary, "file", "files"))
          : "";
  if (s->n_minified) {
    skipped = rc_arena_printf(
        ctx->arena,
        "%s (%zu %s over 64 KiB, minified or generated, not "
        "searched)",
        skipped, s->n_minified, fr_plural(s->n_minified, "line", "lines"));
    /* a note, not a failing item */
    rc_check_evidence_mark(out, ctx, RC_EV_PASS, s->first_minified, 0,
                           "%zu %s over 64 KiB (minified or generated code) "
                           "not searched; the first is in this file",
                           s->n_minified,
                           fr_plural(s->n_minified, "line", "lines"));
  }
  if (s->n_set_aside) {
    const char *are = cfg->skipped_files_are
                          ? cfg->skipped_files_are
                          : "files the rule's skip_files_matching matches";
    skipped = rc_arena_printf(ctx->arena, "%s (%zu %s not counted: %s)",
                              skipped, s->n_set_aside,
                              fr_plural(s->n_set_aside, "file", "files"), are);
    /* a note, not a failing item */
    rc_check_evidence_mark(
        out, ctx, RC_EV_PASS, s->first_set_aside, 0, "not counted: %s%s", are,
        s->n_set_aside > 1
            ? rc_arena_printf(ctx->arena, " (and %zu more such files)",
                              s->n_set_aside - 1)
            : "");
  }
  if (ctx->looks_for && report_in_words(s, ctx, out, sel_words, skipped))
    return;
  if (cfg->match != MATCH_ALL && s->n_matched) {
    rc_check_set(out, ctx, cfg->match == MATCH_ANY ? RC_OUT_OK : RC_OUT_FAIL,
                 "found a match for '%s' in '%s' line %u", pat, s->first_path,
                 s->first_line);
  } else if (cfg->match == MATCH_ALL && s->n_unmatched) {
    if (s->n_unmatched == 1)
      rc_check_set(out, ctx, RC_OUT_FAIL, "'%s' does not match '%s'",
                   s->first_unmatched, pat);
    else
      rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu files do not match '%s'",
                   s->n_unmatched, s->n_text, pat);
  } else if (s->error) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", s->error);
  } else if (s->n_text == 0) {
    rc_check_set(out, ctx, cfg->match == MATCH_NONE ? RC_OUT_OK : RC_OUT_FAIL,
                 "no %sfile matches %s%s", s->n_binary ? "text " : "",
                 sel_words, skipped);
  } else if (cfg->match == MATCH_ALL && s->n_text == 1) {
    rc_check_set(out, ctx, RC_OUT_OK, "'%s' matches '%s'%s", s->last_text, pat,
                 skipped);
  } else if (cfg->match == MATCH_ALL) {
    rc_check_set(out, ctx, RC_OUT_OK, "all %zu files matching %s match '%s'%s",
                 s->n_text, sel_words, pat, skipped);
  } else {
    rc_check_set(out, ctx, cfg->match == MATCH_NONE ? RC_OUT_OK : RC_OUT_FAIL,
                 "no match for '%s' in %zu %s matching %s%s", pat, s->n_text,
                 fr_plural(s->n_text, "file", "files"), sel_words, skipped);
  }
}
