/*
 * diag.c - collecting diagnostics, and printing them compiler-style.
 *
 * Entries own copies of their file names, so a diag outlives the ruleset
 * (and its arena) that produced it.
 */
#include "readycheck/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

void rc_diag_init(struct rc_diag *d)
{
  memset(d, 0, sizeof(*d));
  d->max_errors = RC_DIAG_MAX_ERRORS;
}

static bool before_entry(const struct rc_diag_entry *a,
                         const struct rc_diag_entry *b)
{
  return a->line < b->line || (a->line == b->line && a->col < b->col);
}

void rc_diag_sort(struct rc_diag *d, size_t first)
{
  /* Insertion sort: stable, and a probe has a handful of errors. */
  for (size_t i = first + 1; i < d->n; i++) {
    struct rc_diag_entry e = d->items[i];
    size_t j = i;
    for (; j > first && before_entry(&e, &d->items[j - 1]); j--)
      d->items[j] = d->items[j - 1];
    d->items[j] = e;
  }
}

void rc_diag_release(struct rc_diag *d)
{
  for (size_t i = 0; i < d->n; i++) {
    free(d->items[i].file);
    free(d->items[i].msg);
  }
  free(d->items);
  memset(d, 0, sizeof(*d));
}

static void add(struct rc_diag *d, enum rc_diag_level level,
                const struct rc_loc *loc, const char *fmt, va_list ap)
{
  if (level == RC_DIAG_ERROR) {
    d->n_errors++;
    if (d->max_errors && d->n_errors > d->max_errors) {
      d->n_dropped++;
      return;
    }
  }
  rc_grow((void **)&d->items, &d->cap, d->n, sizeof(*d->items));
  struct rc_diag_entry *e = &d->items[d->n++];
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_vprintf(&b, fmt, ap);
  e->level = level;
  e->msg = rc_buf_detach(&b);
  rc_buf_release(&b);
  e->file = loc && loc->file ? rc_xstrdup(loc->file) : NULL;
  e->line = loc ? loc->line : 0;
  e->col = loc ? loc->col : 0;
}

int rc_error(struct rc_diag *d, const struct rc_loc *loc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  add(d, RC_DIAG_ERROR, loc, fmt, ap);
  va_end(ap);
  return -1;
}

void rc_warning(struct rc_diag *d, const struct rc_loc *loc, const char *fmt,
                ...)
{
  va_list ap;
  va_start(ap, fmt);
  add(d, RC_DIAG_WARNING, loc, fmt, ap);
  va_end(ap);
}

bool rc_diag_has_errors(const struct rc_diag *d)
{
  return d->n_errors > 0;
}

bool rc_diag_full(const struct rc_diag *d)
{
  return d->max_errors && d->n_errors >= d->max_errors;
}

static const char *level_name(enum rc_diag_level l)
{
  switch (l) {
  case RC_DIAG_ERROR:
    return "error";
  case RC_DIAG_WARNING:
    return "warning";
  case RC_DIAG_NOTE:
    return "note";
  }
  return "error";
}

void rc_diag_print(const struct rc_diag *d, FILE *out, const char *prog)
{
  for (size_t i = 0; i < d->n; i++) {
    const struct rc_diag_entry *e = &d->items[i];
    if (e->file && e->line)
      fprintf(out, "%s:%u:%u: %s: %s\n", e->file, e->line, e->col,
              level_name(e->level), e->msg);
    else if (e->file)
      fprintf(out, "%s: %s: %s\n", e->file, level_name(e->level), e->msg);
    else
      fprintf(out, "%s: %s: %s\n", prog, level_name(e->level), e->msg);
  }
  if (d->n_dropped)
    fprintf(out, "%s: error: %zu more error%s not shown\n", prog, d->n_dropped,
            d->n_dropped == 1 ? "" : "s");
}

/* Optimal string alignment distance, capped: only small distances matter. */
static size_t edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return (size_t)-1;
  size_t d[65][65];
  for (size_t i = 0; i <= la; i++)
    d[i][0] = i;
  for (size_t j = 0; j <= lb; j++)
    d[0][j] = j;
  for (size_t i = 1; i <= la; i++) {
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best)
        best = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < best)
        best = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  }
  return d[la][lb];
}

const char *rc_did_you_mean(const char *word, const char *const *candidates)
{
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; candidates[i]; i++) {
    size_t dist = edit_distance(word, candidates[i]);
    if (dist < best_d) {
      best_d = dist;
      best = candidates[i];
    }
  }
  size_t len = strlen(word);
  size_t allowed = len <= 4 ? 1 : len <= 8 ? 2 : 3;
  return best_d <= allowed ? best : NULL;
}
