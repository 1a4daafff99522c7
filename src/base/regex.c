/*
 * regex.c - PCRE2 behind a small interface: compile once with UTF,
 * invalid-UTF tolerance and MULTILINE, JIT when it works, and match under
 * bounded limits. Which subjects to feed (lines, whole files) and what a
 * limit means for a rule are left to the callers.
 */
#include "readycheck/regex.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <pcre2.h>

#include "readycheck/mem.h"

/* PCRE2 applies the match and depth limits per start position: ten times
 * below its defaults, so one pathological line gives up in milliseconds. */
enum {
  MATCH_LIMIT = 1000000,
  DEPTH_LIMIT = 100000,
  HEAP_LIMIT_KIB = 64 * 1024,
  JIT_STACK_MIN = 32 * 1024,
  JIT_STACK_MAX = 1024 * 1024,
  DEFAULT_BUDGET_MS = 10000,
};

struct rc_regex {
  pcre2_code *code;
};

struct rc_regex_scratch {
  pcre2_general_context *gctx;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  uint64_t budget_ns; /* total matching time allowed */
  uint64_t spent_ns;
  uint64_t calls; /* every CLOCK_EVERY-th call is timed */
};

/* Reading the clock around every match cost 5% of a whole run (a match per
 * line). Timing one call in CLOCK_EVERY and counting it CLOCK_EVERY times
 * estimates the total without bias; the budget exists for patterns that
 * are slow on every line, which the sample sees at once. */
enum { CLOCK_EVERY = 32 };

struct rc_regex *rc_regex_new(const char *pattern, char *err, size_t errlen,
                              size_t *erroffset)
{
  int code = 0;
  PCRE2_SIZE off = 0;
  uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                 opts, &code, &off, NULL);
  if (!re) {
    if (err && errlen) {
      PCRE2_UCHAR msg[256];
      if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
        snprintf((char *)msg, sizeof(msg), "error %d", code);
      snprintf(err, errlen, "%s", (const char *)msg);
    }
    if (erroffset)
      *erroffset = off;
    return NULL;
  }
  /* A JIT failure (no executable memory, unsupported platform) only costs
   * speed: the interpreter honours the same limits. Builds for valgrind go
   * without (READYCHECK_REGEX_JIT=OFF): the JIT's aligned reads past a
   * subject's end are harmless but look like errors to memcheck. */
#ifndef RC_REGEX_NO_JIT
  (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
#endif
  struct rc_regex *r = rc_xmalloc(sizeof(*r));
  r->code = re;
  return r;
}

void rc_regex_free(struct rc_regex *re)
{
  if (!re)
    return;
  pcre2_code_free(re->code);
  free(re);
}

void rc_regex_free_void(void *re)
{
  rc_regex_free(re);
}

/* PCRE2 allocates through rc_xmalloc so that running out of memory follows
 * the project's policy (abort with a message) instead of becoming a match
 * result that a caller could misread. */
static void *xmalloc_fn(PCRE2_SIZE n, void *data)
{
  (void)data;
  return rc_xmalloc(n ? n : 1);
}

static void xfree_fn(void *p, void *data)
{
  (void)data;
  free(p);
}

struct rc_regex_scratch *rc_regex_scratch_new(void)
{
  struct rc_regex_scratch *s = rc_xcalloc(1, sizeof(*s));
  s->gctx = pcre2_general_context_create(xmalloc_fn, xfree_fn, NULL);
  /* Only the whole match is reported; a short ovector still gets it. */
  s->md = pcre2_match_data_create(1, s->gctx);
  s->mctx = pcre2_match_context_create(s->gctx);
  pcre2_set_match_limit(s->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(s->mctx, DEPTH_LIMIT);
  pcre2_set_heap_limit(s->mctx, HEAP_LIMIT_KIB);
  s->jit = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, s->gctx);
  if (s->jit)
    pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
  rc_regex_scratch_set_budget(s, DEFAULT_BUDGET_MS);
  return s;
}

void rc_regex_scratch_free(struct rc_regex_scratch *s)
{
  if (!s)
    return;
  pcre2_match_data_free(s->md);
  pcre2_match_context_free(s->mctx);
  pcre2_jit_stack_free(s->jit);
  pcre2_general_context_free(s->gctx);
  free(s);
}

void rc_regex_scratch_set_budget(struct rc_regex_scratch *s, unsigned long ms)
{
  s->budget_ns = (uint64_t)ms * 1000000u;
  s->spent_ns = 0;
  s->calls = 0;
}

static uint64_t now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int classify(int rc)
{
  switch (rc) {
  case PCRE2_ERROR_NOMATCH:
    return RC_RE_NOMATCH;
  case PCRE2_ERROR_MATCHLIMIT:
  case PCRE2_ERROR_DEPTHLIMIT:
  case PCRE2_ERROR_HEAPLIMIT:
  case PCRE2_ERROR_JIT_STACKLIMIT:
    return RC_RE_LIMIT;
  default:
    return RC_RE_ERROR;
  }
}

int rc_regex_match(const struct rc_regex *re, struct rc_regex_scratch *s,
                   const char *subj, size_t len, size_t start, size_t *mstart,
                   size_t *mend)
{
  if (!re || !s || start > len)
    return RC_RE_ERROR;
  if (s->spent_ns >= s->budget_ns)
    return RC_RE_LIMIT;
  bool timed = s->calls++ % CLOCK_EVERY == 0;
  uint64_t t0 = timed ? now_ns() : 0;
  int rc =
      pcre2_match(re->code, (PCRE2_SPTR)subj, len, start, 0, s->md, s->mctx);
  if (timed)
    s->spent_ns += (now_ns() - t0) * CLOCK_EVERY;
  /* rc == 0 means the ovector was too small for the captures, which is
   * expected: the whole-match pair is still filled in. */
  if (rc < 0)
    return classify(rc);
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
  size_t a = ov[0], b = ov[1];
  if (b < a) /* \K in a lookahead can end a match before it starts */
    b = a;
  if (mstart)
    *mstart = a;
  if (mend)
    *mend = b;
  return RC_RE_MATCH;
}

const char *rc_regex_strerror(int rc)
{
  switch (rc) {
  case RC_RE_NOMATCH:
    return "no match";
  case RC_RE_MATCH:
    return "match";
  case RC_RE_LIMIT:
    return "match limit exceeded";
  default:
    return "regex engine error";
  }
}
