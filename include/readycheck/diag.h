/*
 * diag.h - errors as values: a location plus a message, collected.
 *
 * Fallible functions take a struct rc_diag * and return rc_error(...),
 * which records the message and returns -1. Nothing below main.c prints:
 * main decides when and where rc_diag_print() writes, in compiler style:
 *
 *   rules/web.yaml:14:11: error: unknown probe 'file_exsts' (did you mean ...)
 *   readycheck: error: cannot open 'x.yaml': No such file or directory
 *
 * Messages start lowercase, end without a full stop, and quote the subject.
 */
#ifndef READYCHECK_DIAG_H
#define READYCHECK_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A 1-based position in a file. file == NULL means "no location". */
struct rc_loc {
  const char *file; /* borrowed; usually lives in a ruleset arena */
  unsigned line;
  unsigned col;
};

enum rc_diag_level { RC_DIAG_ERROR, RC_DIAG_WARNING, RC_DIAG_NOTE };

struct rc_diag_entry {
  enum rc_diag_level level;
  char *file; /* owned copy, or NULL */
  unsigned line, col;
  char *msg; /* owned */
};

struct rc_diag {
  struct rc_diag_entry *items;
  size_t n, cap;
  size_t n_errors;   /* entries with level RC_DIAG_ERROR */
  size_t max_errors; /* after this many errors more are only counted */
  size_t n_dropped;  /* errors past max_errors */
};

#define RC_DIAG_MAX_ERRORS 20

void rc_diag_init(struct rc_diag *d);
void rc_diag_release(struct rc_diag *d);

/* Record an error at loc (may be NULL); always returns -1. */
int rc_error(struct rc_diag *d, const struct rc_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rc_warning(struct rc_diag *d, const struct rc_loc *loc, const char *fmt,
                ...) __attribute__((format(printf, 3, 4)));
bool rc_diag_has_errors(const struct rc_diag *d);
/* Orders the entries from index first on by file position (line, then
 * column; entries without a line keep their place relative to each other
 * and go first), stably. */
void rc_diag_sort(struct rc_diag *d, size_t first);
/* True once max_errors errors were recorded: loaders may stop early. */
bool rc_diag_full(const struct rc_diag *d);

/* Writes every entry, one line each, then "N more errors" if some were
 * dropped. prog is the prefix for entries without a location. */
void rc_diag_print(const struct rc_diag *d, FILE *out, const char *prog);

/* Closest candidate to word by edit distance, or NULL if none is close
 * enough to suggest ("did you mean ...?"). candidates ends with NULL. */
const char *rc_did_you_mean(const char *word, const char *const *candidates);

#endif
