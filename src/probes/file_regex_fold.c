/*
 * file_regex_fold.c - folding each file's search into its check, in path
 * order (the fold step of struct rc_scan_ops): counts, evidence, the
 * first regex limit that ends the search, the files set aside, and the
 * matched files held back for file_regex_held.c.
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

static void set_error(struct scan *s, struct rc_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_error(struct scan *s, struct rc_ctx *ctx, const char *fmt, ...)
{
  if (s->error)
    return;
  va_list ap;
  va_start(ap, fmt);
  s->error = rc_arena_vprintf(ctx->arena, fmt, ap);
  va_end(ap);
}

/* The first finding names its file and line in the message. */
void fr_note_first(struct scan *s, const char *path, unsigned line)
{
  if (!s->first_path) {
    s->first_path = path;
    s->first_line = line;
  }
}

/* Replays a file's matches into the check as the search met them. */
void fr_take_lines(struct scan *s, struct rc_ctx *ctx, struct rc_check *out,
                   const char *path, const struct found *f)
{
  if (f->r != FILE_MATCHED)
    return;
  fr_note_first(s, path, f->first_line);
  if (s->cfg->match == MATCH_ALL)
    return;
  /* a dump is one thing to remove, not one per table it holds */
  if (s->cfg->per_file && f->n_lines) {
    size_t more = f->n_lines - 1 + f->n_more;
    if (more)
      rc_check_evidence(out, ctx, path, f->lines[0].line,
                        "%s (and %zu more matching %s)", f->lines[0].text, more,
                        fr_plural(more, "line", "lines"));
    else
      rc_check_evidence(out, ctx, path, f->lines[0].line, "%s",
                        f->lines[0].text);
    return;
  }
  for (size_t i = 0; i < f->n_lines; i++) {
    if (out->n_ev >= rc_ctx_evidence_max(ctx))
      rc_check_evidence(out, ctx, path, f->lines[i].line, "%s",
                        ""); /* counted */
    else
      rc_check_evidence(out, ctx, path, f->lines[i].line, "%s",
                        f->lines[i].text);
  }
  for (size_t i = 0; i < f->n_more; i++)
    rc_check_evidence(out, ctx, path, 0, "%s", ""); /* counted */
}

/* set_aside_folders: the folder of a file set aside. */
static void note_aside_dir(struct scan *s, struct rc_ctx *ctx, const char *path)
{
  const char *dir = rc_path_dir(ctx->arena, path);
  for (size_t i = 0; i < s->n_aside_dirs; i++)
    if (strcmp(s->aside_dirs[i], dir) == 0)
      return;
  rc_grow((void **)&s->aside_dirs, &s->cap_aside_dirs, s->n_aside_dirs,
          sizeof(*s->aside_dirs));
  s->aside_dirs[s->n_aside_dirs++] = dir;
}

/* Whether a file set aside lies in path's folder: a secret scanner keeps
 * one rule file per format, and one format's examples (a curl command's
 * bearer header) may hold another format's token, which that format's
 * own file spells as a regular expression. */
bool fr_in_aside_dir(const struct scan *s, struct rc_ctx *ctx, const char *path)
{
  const char *dir = rc_path_dir(ctx->arena, path);
  for (size_t i = 0; i < s->n_aside_dirs; i++)
    if (strcmp(s->aside_dirs[i], dir) == 0)
      return true;
  return false;
}

/* Keeps a matched file back for skip_test_only, skip_code_loaded or
 * skip_non_secret_keys (not under
 * `match: all`, whose matches are what passes). */
static bool hold(struct scan *s, struct rc_ctx *ctx, const char *path,
                 const struct found *f)
{
  if ((!s->cfg->skip_test_only && !s->cfg->skip_code_loaded &&
       !s->cfg->skip_non_secret_keys && !s->cfg->set_aside_folders &&
       s->cfg->deployment_use == USE_ANY) ||
      s->cfg->match == MATCH_ALL)
    return false;
  rc_grow((void **)&s->held, &s->cap_held, s->n_held, sizeof(*s->held));
  struct held *h = &s->held[s->n_held++];
  h->path = rc_arena_strdup(ctx->arena, path);
  h->f = *f;
  h->f.lines = rc_arena_alloc(ctx->arena, (f->n_lines + 1) * sizeof(*f->lines));
  for (size_t i = 0; i < f->n_lines; i++)
    h->f.lines[i] = (struct found_line){
        f->lines[i].line, f->lines[i].text
                              ? rc_arena_strdup(ctx->arena, f->lines[i].text)
                              : NULL};
  return true;
}

/* `any` is settled by its first matching file; `none` and `all` look at
 * every file so that their counts and evidence are complete. The first
 * regex limit ends the search too. */
bool fr_fold(const void *vcfg, void *vstate, struct rc_ctx *ctx,
             struct rc_check *out, const struct rc_scan_file *file)
{
  (void)vcfg;
  struct scan *s = vstate;
  const struct found *f = file->found;
  const char *path = file->path;
  enum file_result r;
  s->folded++;
  if (file->error) {
    set_error(s, ctx, "cannot read '%s': %s", path, file->error);
    r = FILE_UNKNOWN;
  } else if (file->binary) {
    s->n_binary++;
    r = FILE_BINARY;
  } else {
    s->n_text++;
    s->last_text = path;
    r = f->r;
    if (f->n_minified && !s->n_minified)
      s->first_minified = path;
    s->n_minified += f->n_minified;
    if (f->set_aside && !s->n_set_aside++)
      s->first_set_aside = path;
    if (f->set_aside && s->cfg->set_aside_folders)
      note_aside_dir(s, ctx, path);
    if (r == FILE_MATCHED && hold(s, ctx, path, f))
      r = FILE_HELD;
    else
      fr_take_lines(s, ctx, out, path, f);
    if (f->limit_rc) {
      set_error(s, ctx, "regex %s at %s:%u", rc_regex_strerror(f->limit_rc),
                path, f->limit_line);
      s->stopped = true;
      s->stop_path = path;
      s->lines_left = f->lines_left;
    }
  }
  if (r == FILE_MATCHED) {
    s->n_matched++;
    /* Under `match: all` each matching file is an item that passes. */
    if (s->cfg->match == MATCH_ALL)
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, path, 0, "matches");
  } else if (r == FILE_UNMATCHED) {
    if (!s->n_unmatched++)
      s->first_unmatched = path;
    if (s->cfg->match == MATCH_ALL)
      rc_check_evidence(out, ctx, path, 0, "does not match");
  }
  if (s->stopped)
    s->files_left = s->n_items - s->folded;
  if (out->n_ev >= s->ev_max)
    atomic_store(&s->ev_full, true);
  return !s->stopped && !(s->cfg->match == MATCH_ANY && s->n_matched > 0);
}
