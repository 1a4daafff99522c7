/*
 * doccache.h - each repository file parsed once per run, however many
 * readers look at it.
 *
 * The model's readers (compose, CI workflows, entry points, Kubernetes,
 * Helm) and some probes each want the tree of the same file: a workflow
 * is read for its entry points, its pipeline steps and its references. A
 * cache keyed by the file's path and the format it is read as (RC_DOC_AUTO
 * is the format a .json, .yml or .yaml name gives) parses it on the first
 * request and lends the same trees to later ones.
 *
 * Contract:
 * - rc_doc_cache_parse() answers as rc_docs_parse() does (same return
 *   value, same docs, same err truncated to errlen), but out is a loan:
 *   its trees belong to the cache, are read-only, and rc_docs_release()
 *   ends the loan (it frees nothing). A loan may be moved by value (copied
 *   once, released once) and kept as long as the reader likes, but must
 *   end before rc_doc_cache_free().
 * - Only a file's bytes as read from the repository may go in: the key is
 *   the path. The cache checks the length and a hash of the bytes, and
 *   parses text that differs from what it holds for that path on its own,
 *   unshared (a rendered template must not be handed out as its file).
 * - Memory: trees on loan are kept; trees no reader holds are kept while
 *   their files add up to at most the budget (least recently used go
 *   first), and a file larger than a quarter of it is dropped as soon as
 *   its last loan ends. A file dropped and asked for again is parsed again.
 * - Thread-safe: a lock around lookups (a file is parsed without it, and a
 *   second reader of that file waits for the first parse); loans may end
 *   on any thread.
 */
#ifndef READYCHECK_DOCCACHE_H
#define READYCHECK_DOCCACHE_H

#include <stddef.h>

#include "readycheck/doc.h"

struct rc_doc_cache;

enum {
  RC_DOC_CACHE_BUDGET = 2 << 20, /* bytes of files whose unheld trees stay */
};

/* budget 0 = RC_DOC_CACHE_BUDGET. */
struct rc_doc_cache *rc_doc_cache_new(size_t budget);
/* Every loan must have ended. NULL is fine. */
void rc_doc_cache_free(struct rc_doc_cache *c);

/* rc_docs_parse() through the cache (see above). A NULL cache parses
 * without one (out is then the caller's, as from rc_docs_parse()). */
int rc_doc_cache_parse(struct rc_doc_cache *c, struct rc_docs *out,
                       const char *data, size_t len, const char *path,
                       enum rc_doc_format fmt, char *err, size_t errlen);

/* Many files at once, for a reader that needs them all before it goes on
 * (the Kubernetes manifests): each request answered as by
 * rc_doc_cache_parse() (docs a loan, rc, err), parsed on up to the jobs
 * set below. The answers and the counts are those of the requests made
 * in order; only the time differs. */
struct rc_doc_req {
  const char *path;
  const char *data; /* must stay valid (pinned) until the call returns */
  size_t len;
  enum rc_doc_format fmt;
  struct rc_docs docs; /* out */
  int rc;              /* out */
  char err[256];       /* out */
};
void rc_doc_cache_parse_all(struct rc_doc_cache *c, struct rc_doc_req *reqs,
                            size_t n);
/* Threads rc_doc_cache_parse_all() may use (1 at first: the run sets its
 * --jobs). */
void rc_doc_cache_set_jobs(struct rc_doc_cache *c, unsigned jobs);
unsigned rc_doc_cache_jobs(struct rc_doc_cache *c);

/* Parsing ahead: files a reader will ask for later, parsed on jobs - 1
 * threads while the caller's thread does other work (nothing at all with
 * one job: then NULL). The requests' loans keep the trees until
 * rc_doc_cache_prefetch_end(), which waits for the threads and ends them;
 * reqs must live until then, and their data stay valid (pinned). Readers
 * asking meanwhile get the same answers they would get anyway: a file
 * being parsed ahead is waited for, one not reached yet is parsed by the
 * reader. */
struct rc_doc_prefetch;
struct rc_doc_prefetch *rc_doc_cache_prefetch(struct rc_doc_cache *c,
                                              struct rc_doc_req *reqs,
                                              size_t n);
void rc_doc_cache_prefetch_end(struct rc_doc_prefetch *p);

/* How many times path's bytes were parsed through c, in any format: for
 * tests that prove each file is parsed once. */
unsigned rc_doc_cache_parses(struct rc_doc_cache *c, const char *path);
/* How many times a reader asked c for path's tree, in any format. */
unsigned rc_doc_cache_requests(struct rc_doc_cache *c, const char *path);
/* Parses through c in all. */
size_t rc_doc_cache_total_parses(struct rc_doc_cache *c);
/* Bytes of files whose trees the cache holds now, on loan or not. */
size_t rc_doc_cache_kept_bytes(struct rc_doc_cache *c);

/* Ends a loan (rc_docs_release() calls it for a loaned rc_docs). */
struct rc_doc_share;
void rc_doc_share_release(struct rc_doc_share *s);

#endif
