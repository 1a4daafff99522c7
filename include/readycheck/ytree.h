/*
 * ytree.h - a strict, bounded YAML reader: libyaml events -> a small tree of
 * struct rc_ynode, shared by the rule loader (load.c) and the .readycheck.yml
 * reader (config.c). Target files checked by probes go through doc.h.
 *
 * Contract:
 * - Limits: input over opts->max_size bytes is refused unread; collections
 *   nested deeper than opts->max_depth and trees of more than
 *   opts->max_nodes nodes are refused (libyaml itself has no depth limit and
 *   slows quadratically with depth).
 * - Refused: anchors, aliases, tags, NUL characters in scalars, input that
 *   is not UTF-8, and a second document in the stream.
 * - Errors: the first problem ends the read; it is recorded in the caller's
 *   struct rc_diag at "file:line:col" (1-based; invalid UTF-8 is located by
 *   counting characters up to libyaml's byte offset).
 * - Ownership: every node and scalar text is allocated in the caller's
 *   rc_arena and lives as long as it; nothing else needs freeing.
 */
#ifndef READYCHECK_YTREE_H
#define READYCHECK_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/diag.h"

struct rc_arena;

enum rc_ykind { RC_Y_SCALAR, RC_Y_SEQ, RC_Y_MAP };

struct rc_ynode {
  enum rc_ykind kind;
  bool quoted;       /* single- or double-quoted scalar */
  bool block;        /* literal (|) or folded (>) scalar */
  unsigned line;     /* 1-based, of the node's first character */
  unsigned col;      /* 1-based, in characters */
  unsigned end_line; /* last line of a scalar; line for collections */
  const char *text;  /* scalars only; NUL-terminated, never holds NUL */
  struct rc_ynode *first, *last, *next; /* children; next sibling */
  size_t n; /* children; a mapping's alternate key, value, key, value */
};

/* How one kind of file is read. Messages are the caller's wording (a NULL
 * message gets a generic one); "nesting deeper than N levels" and "YAML
 * syntax error: ..." are shared. */
struct rc_ytree_opts {
  const char *file; /* for locations (the diag copies it) */
  size_t max_size;
  unsigned max_depth;
  size_t max_nodes;
  const char *too_large;      /* at file:0:0 */
  const char *too_many_nodes; /* at the node over the limit */
  const char *anchor;         /* at the anchored node */
  const char *alias;          /* at the alias */
  const char *tag;            /* at the tagged node */
  const char *nul;            /* at the scalar */
  const char *multi_doc;      /* at the second document's start */
};

/* Reads data (len bytes, need not be NUL-terminated) into a tree in a.
 * Returns 0 with *root set, or NULL when the stream holds no document
 * (empty or only comments; deciding whether that is an error is left to the
 * caller); or -1 after recording one error in d (then *root is NULL). */
int rc_ytree_read(struct rc_arena *a, const char *data, size_t len,
                  const struct rc_ytree_opts *opts, struct rc_diag *d,
                  struct rc_ynode **root);

/* An unquoted, non-block scalar ("key:" with no value, or a bare "---"). */
bool rc_ynode_is_empty(const struct rc_ynode *n);
/* A scalar written without quotes or block style. */
bool rc_ynode_is_plain(const struct rc_ynode *n);

#endif
