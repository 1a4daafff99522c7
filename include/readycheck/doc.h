/*
 * doc.h - structured target files (JSON, YAML) as cJSON trees, and key paths.
 *
 * YAML is read with libyaml into the same cJSON shape JSON has, with limits:
 * nesting depth (256), node count, alias expansion (anchors and `<<` merge
 * keys are expanded; a self-referencing alias is an error), input size.
 * Scalars are typed the YAML 1.2 core way (true/false, null/~, numbers),
 * except quoted scalars, which stay strings. A multi-document YAML file
 * (k8s manifests with ---) yields one tree per document.
 *
 * YAML numbers keep the text they were written as in valuestring ("3.10"),
 * so a regex sees what the file says; rc_doc_scalar_text() gives any
 * scalar's text. Duplicate keys (JSON and YAML): the later one wins (JSON:
 * the first repeated key is named in rc_docs.dup_key for readers that must
 * refuse such files). `<<`
 * merge keys take a mapping or a sequence of mappings; explicit keys win,
 * then earlier merged mappings. Documents that are empty or null are
 * skipped.
 *
 * Key paths into the trees: see keypath.h.
 */
#ifndef READYCHECK_DOC_H
#define READYCHECK_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "readycheck/keypath.h"
#include "readycheck/scalar.h"

enum {
  RC_DOC_MAX_DEPTH = 256,      /* nested containers, also via aliases */
  RC_DOC_MAX_NODES = 1000000,  /* nodes per file, aliases expanded */
  RC_DOC_MAX_BYTES = 32 << 20, /* input size */
};

enum rc_doc_format {
  RC_DOC_AUTO, /* by extension: .json -> JSON, .yml/.yaml -> YAML, else
                  JSON if the first non-space byte is '{' or '['
                  (falling back to YAML if that fails), else YAML */
  RC_DOC_JSON,
  RC_DOC_YAML,
};

/* Where a YAML node was written: kept beside the trees because cJSON has
 * no room for it. */
struct rc_doc_share; /* doccache.h */

struct rc_doc_pos {
  const cJSON *node;
  unsigned line; /* 1-based */
  size_t seq;    /* recording order: a reused address keeps the latest */
};

struct rc_docs {
  cJSON **docs; /* one per YAML document; JSON gives exactly one */
  size_t n;
  struct rc_doc_pos *pos; /* YAML only; sorted by node after parsing */
  size_t n_pos, cap_pos;
  char *dup_key; /* JSON: the first key written twice in one object (the
                    later one is kept), or NULL */
  struct rc_doc_share *share; /* trees lent by a doccache.h cache, or NULL
                                 when they are the holder's own */
};

/* Parses data into docs (caller releases with rc_docs_release). Returns 0,
 * or -1 with "line:col: what" (1-based) in err ("file too large ..." has no
 * position) and no docs. Sets cJSON's allocation hooks to rc_xmalloc/free,
 * so cJSON aborts on exhaustion like every rc_x* allocator. */
int rc_docs_parse(struct rc_docs *out, const char *data, size_t len,
                  const char *name, enum rc_doc_format fmt, char *err,
                  size_t errlen);
/* Frees docs' trees, or ends their loan when a cache lent them. */
void rc_docs_release(struct rc_docs *docs);

/* The 1-based line a YAML node was written on: for a mapping value the line
 * of its key, for a sequence item its own line, for a copy made by an alias
 * or merge key the line of the alias. 0 when unknown (JSON documents, a
 * node not from docs). */
unsigned rc_docs_line(const struct rc_docs *docs, const cJSON *node);

/* The text of a scalar node: a string's value, a number as written (or in
 * shortest round-trip form), "true"/"false", "null". NULL for objects and
 * arrays. buf (at least 32 bytes) holds formatted numbers. */
const char *rc_doc_scalar_text(const cJSON *node, char *buf, size_t buflen);

/* Whether a YAML or JSON text could hold a key or a string that reads word
 * (a plain word: no space, no quote, no backslash): word appears in it, or
 * an escape that can spell letters (\x, \u, \U), an escaped line break
 * or a NUL could hide it. False proves that no node has that key or value,
 * so a probe looking for one need not parse the text. */
bool rc_doc_may_hold(const char *data, size_t len, const char *word);

/* Type-aware equality of a rule's scalar and a document node: the number 3
 * equals `3` but not `"3"`; null, booleans and strings compare alike. A
 * scalar of kind RC_SCALAR_NONE (no expectation) equals anything. */
bool rc_doc_scalar_equals(const struct rc_scalar *want, const cJSON *node);

#endif
