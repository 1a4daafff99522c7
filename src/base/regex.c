/*
 * regex.c - PCRE2 behind a small interface: compile once with UTF,
 * invalid-UTF tolerance and MULTILINE, JIT when it works, and match under
 * bounded limits. Which subjects to feed (lines, whole files) and what a
 * limit means for a rule are left to the callers.
 */
#include "readycheck/regex.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcre2.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "readycheck/literals.h"
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
  char *src;
  size_t refs;      /* rules that hold it (guarded by the table's lock) */
  _Atomic bool jit; /* JIT-compiled (or tried): done on the first match */
  struct rc_literals *lits; /* one is in every match; NULL: unknown */
};

/* Time allowed to the matches charged to it, from any thread. */
struct rc_regex_budget {
  uint64_t budget_ns;
  _Atomic uint64_t spent_ns;
};

struct rc_regex_scratch {
  pcre2_general_context *gctx;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  struct rc_regex_budget own;     /* the default budget */
  struct rc_regex_budget *budget; /* charged: &own or a shared one */
  uint64_t calls;                 /* every CLOCK_EVERY-th call is timed */
  /* the subject's facts (rc_regex_scratch_subject) */
  bool subject_open, cr_known, has_cr;
  const char *subject;
  size_t subject_len;
  /* the strings of several patterns, found in one pass over the subject */
  struct rc_literals_hits *hits;
  bool hits_open;
  /* newlines before each LINE_BLOCK-th byte of the subject, as far as
   * asked (rc_regex_subject_newlines) */
  bool lines_known;
  const char *lines_subject;
  size_t lines_len;
  size_t *marks; /* marks[k]: newlines in subject[0 .. k * LINE_BLOCK) */
  size_t n_marks, cap_marks;
};

enum { LINE_BLOCK = 512 };

/* Reading the clock around every match cost 5% of a whole run (a match per
 * line). Timing one call in CLOCK_EVERY and counting it CLOCK_EVERY times
 * estimates the total without bias; the budget exists for patterns that
 * are slow on every line, which the sample sees at once. */
enum { CLOCK_EVERY = 32 };

/* Rules repeat patterns (the same token shapes, the same health paths):
 * each distinct pattern is compiled once per process and shared, counted
 * by its holders, in a table behind a lock. */
enum { TABLE_SLOTS = 4096 };

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rc_regex *table[TABLE_SLOTS];
static size_t table_n;
static _Atomic size_t compilations;

static size_t slot_of(const char *pattern)
{
  size_t h = 2166136261u;
  for (const char *p = pattern; *p; p++)
    h = (h ^ (unsigned char)*p) * 16777619u;
  h %= TABLE_SLOTS;
  while (table[h] && strcmp(table[h]->src, pattern) != 0)
    h = (h + 1) % TABLE_SLOTS;
  return h;
}

static pcre2_code *compile(const char *pattern, char *err, size_t errlen,
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
  atomic_fetch_add(&compilations, 1);
  return re;
}

/* The JIT compiles on a pattern's first match, not at load: a run uses a
 * fraction of the catalog's patterns, and list-rules none. A JIT failure
 * (no executable memory, unsupported platform) only costs speed: the
 * interpreter honours the same limits. Matching threads wait for it.
 * Builds for valgrind go without (READYCHECK_REGEX_JIT=OFF): the JIT's
 * aligned reads past a subject's end are harmless but look like errors to
 * memcheck. */
static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

static void jit(struct rc_regex *re)
{
  if (atomic_load_explicit(&re->jit, memory_order_acquire))
    return;
  pthread_mutex_lock(&jit_lock);
  if (!atomic_load_explicit(&re->jit, memory_order_relaxed)) {
#ifndef RC_REGEX_NO_JIT
    (void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
#endif
    atomic_store_explicit(&re->jit, true, memory_order_release);
  }
  pthread_mutex_unlock(&jit_lock);
}

struct rc_regex *rc_regex_new(const char *pattern, char *err, size_t errlen,
                              size_t *erroffset)
{
  pthread_mutex_lock(&table_lock);
  size_t h = slot_of(pattern);
  struct rc_regex *r = table[h];
  if (r) {
    r->refs++;
    pthread_mutex_unlock(&table_lock);
    return r;
  }
  pcre2_code *code = compile(pattern, err, errlen, erroffset);
  if (code) {
    r = rc_xmalloc(sizeof(*r));
    r->code = code;
    r->src = rc_xstrdup(pattern);
    r->refs = 1;
    atomic_init(&r->jit, false);
    /* Even a pattern PCRE2 would memchr for by its first character
     * (`panic\(`, `os\.Getenv`: a frequent letter, a match tried at each)
     * gets its strings: the scan looks for every pattern's strings in one
     * vector pass over a file (literals.h), cheaper than PCRE2 alone. */
    r->lits = rc_literals_of(pattern);
    /* A full table only stops sharing, never compiling. */
    if (table_n < TABLE_SLOTS / 2) {
      table[h] = r;
      table_n++;
    }
  }
  pthread_mutex_unlock(&table_lock);
  return r;
}

/* Open addressing without tombstones: the entries after a removed one
 * are put back so every lookup still finds them. */
static void table_remove(size_t h)
{
  table[h] = NULL;
  table_n--;
  for (size_t i = (h + 1) % TABLE_SLOTS; table[i]; i = (i + 1) % TABLE_SLOTS) {
    struct rc_regex *r = table[i];
    table[i] = NULL;
    table[slot_of(r->src)] = r;
  }
}

void rc_regex_free(struct rc_regex *re)
{
  if (!re)
    return;
  pthread_mutex_lock(&table_lock);
  bool last = --re->refs == 0;
  if (last) {
    size_t h = slot_of(re->src);
    if (table[h] == re)
      table_remove(h);
  }
  pthread_mutex_unlock(&table_lock);
  if (!last)
    return;
  pcre2_code_free(re->code);
  rc_literals_free(re->lits);
  free(re->src);
  free(re);
}

void rc_regex_free_void(void *re)
{
  rc_regex_free(re);
}

size_t rc_regex_compilations(void)
{
  return atomic_load(&compilations);
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
  s->budget = &s->own;
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
  rc_literals_hits_free(s->hits);
  free(s->marks);
  free(s);
}

void rc_regex_scratch_set_budget(struct rc_regex_scratch *s, unsigned long ms)
{
  s->own.budget_ns = (uint64_t)ms * 1000000u;
  atomic_store(&s->own.spent_ns, 0);
  s->budget = &s->own;
  s->calls = 0;
}

struct rc_regex_budget *rc_regex_budget_new(unsigned long ms)
{
  struct rc_regex_budget *b = rc_xcalloc(1, sizeof(*b));
  b->budget_ns = ms ? (uint64_t)ms * 1000000u : DEFAULT_BUDGET_MS * 1000000ull;
  return b;
}

void rc_regex_budget_free(struct rc_regex_budget *b)
{
  free(b);
}

void rc_regex_scratch_charge(struct rc_regex_scratch *s,
                             struct rc_regex_budget *b)
{
  s->budget = b ? b : &s->own;
}

/* The searching thread's CPU time, not the wall clock: a sampled call
 * that the scheduler parks while other programs run would count its wait
 * CLOCK_EVERY times, and a busy CI machine would turn an ordinary search
 * into "could not evaluate" on one run and not the next. */
static uint64_t now_ns(void)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
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
  jit((struct rc_regex *)re);
  struct rc_regex_budget *bud = s->budget;
  if (atomic_load_explicit(&bud->spent_ns, memory_order_relaxed) >=
      bud->budget_ns)
    return RC_RE_LIMIT;
  bool timed = s->calls++ % CLOCK_EVERY == 0;
  uint64_t t0 = timed ? now_ns() : 0;
  int rc =
      pcre2_match(re->code, (PCRE2_SPTR)subj, len, start, 0, s->md, s->mctx);
  if (timed)
    atomic_fetch_add_explicit(&bud->spent_ns, (now_ns() - t0) * CLOCK_EVERY,
                              memory_order_relaxed);
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

void rc_regex_scratch_subject(struct rc_regex_scratch *s)
{
  s->subject_open = true;
  s->cr_known = false;
  s->hits_open = false;
  s->lines_known = false;
}

void rc_regex_scratch_prefilter(struct rc_regex_scratch *s,
                                const struct rc_literals_multi *m,
                                const char *data, size_t len)
{
  s->hits_open = false;
  if (!m)
    return;
  if (!s->hits)
    s->hits = rc_literals_hits_new();
  rc_literals_multi_scan(m, data, len, s->hits);
  s->hits_open = true;
}

/* The scratch's pass covered re's strings in this subject. */
static bool by_hits(const struct rc_regex *re, const struct rc_regex_scratch *s,
                    const char *subj, size_t len)
{
  return s && s->hits_open && re && re->lits &&
         rc_literals_hits_cover(s->hits, re->lits, subj, len);
}

bool rc_regex_may_match_in(const struct rc_regex *re,
                           const struct rc_regex_scratch *s, const char *subj,
                           size_t len)
{
  if (by_hits(re, s, subj, len))
    return rc_literals_hits_in(s->hits, re->lits);
  return rc_regex_may_match(re, subj, len);
}

bool rc_regex_next_candidate_in(const struct rc_regex *re,
                                const struct rc_regex_scratch *s,
                                const char *subj, size_t len, size_t from,
                                size_t *at)
{
  if (by_hits(re, s, subj, len))
    return rc_literals_hits_find(s->hits, re->lits, len, from, at);
  return rc_regex_next_candidate(re, subj, len, from, at);
}

const struct rc_literals *rc_regex_literals(const struct rc_regex *re)
{
  return re ? re->lits : NULL;
}

bool rc_regex_subject_has_cr(struct rc_regex_scratch *s, const char *data,
                             size_t len)
{
  if (s->subject_open && s->cr_known && s->subject == data &&
      s->subject_len == len)
    return s->has_cr;
  bool has = memchr(data, '\r', len) != NULL;
  if (s->subject_open) {
    s->cr_known = true;
    s->has_cr = has;
    s->subject = data;
    s->subject_len = len;
  }
  return has;
}

/* Newlines in p[0..n), eight bytes at a time: a byte of v ^ "\n\n..." is
 * zero exactly where p holds '\n', and ((v & 0x7f..) + 0x7f..) | v has
 * its top bit clear exactly at zero bytes; the flags, one per byte, are
 * summed into the top byte by a multiplication. */
static size_t count_newlines(const char *p, size_t n)
{
  const uint64_t low7 = 0x7f7f7f7f7f7f7f7full, nl = 0x0a0a0a0a0a0a0a0aull;
  const uint64_t ones = 0x0101010101010101ull;
  size_t count = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v;
    memcpy(&v, p, 8);
    v ^= nl;
    uint64_t zero = ~(((v & low7) + low7) | v | low7) >> 7;
    count += (size_t)((zero * ones) >> 56);
  }
  for (; n; p++, n--)
    count += *p == '\n';
  return count;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/* count_newlines() 32 bytes at a time, where the processor has AVX2. */
__attribute__((target("avx2,popcnt"))) static size_t
count_newlines_avx2(const char *p, size_t n)
{
  const __m256i nl = _mm256_set1_epi8('\n');
  size_t count = 0;
  for (; n >= 32; p += 32, n -= 32) {
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    count += (size_t)__builtin_popcount(
        (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl)));
  }
  return count + count_newlines(p, n);
}

static bool has_avx2(void)
{
  static _Atomic int known; /* 0 unknown, 1 no, 2 yes */
  int k = atomic_load_explicit(&known, memory_order_relaxed);
  if (!k) {
    __builtin_cpu_init();
    k = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") ? 2
                                                                           : 1;
    atomic_store_explicit(&known, k, memory_order_relaxed);
  }
  return k == 2;
}

/* The newlines of a whole block of the marks. */
static size_t count_block(const char *p, size_t n)
{
  return has_avx2() ? count_newlines_avx2(p, n) : count_newlines(p, n);
}
#else
static size_t count_block(const char *p, size_t n)
{
  return count_newlines(p, n);
}
#endif

/* Newlines in data[0..to), from the marks (extended as far as to). */
static size_t newlines_before(struct rc_regex_scratch *s, const char *data,
                              size_t to)
{
  size_t k = to / LINE_BLOCK;
  if (!s->n_marks) {
    rc_grow((void **)&s->marks, &s->cap_marks, 0, sizeof(*s->marks));
    s->marks[s->n_marks++] = 0;
  }
  while (s->n_marks <= k) {
    size_t at = (s->n_marks - 1) * LINE_BLOCK;
    size_t next = s->marks[s->n_marks - 1] + count_block(data + at, LINE_BLOCK);
    rc_grow((void **)&s->marks, &s->cap_marks, s->n_marks, sizeof(*s->marks));
    s->marks[s->n_marks++] = next;
  }
  return s->marks[k] +
         count_newlines(data + k * LINE_BLOCK, to - k * LINE_BLOCK);
}

size_t rc_regex_subject_newlines(struct rc_regex_scratch *s, const char *data,
                                 size_t len, size_t from, size_t to)
{
  if (!s || !s->subject_open || to - from < LINE_BLOCK)
    return count_newlines(data + from, to - from);
  if (!s->lines_known || s->lines_subject != data || s->lines_len != len) {
    s->lines_known = true;
    s->lines_subject = data;
    s->lines_len = len;
    s->n_marks = 0;
  }
  return newlines_before(s, data, to) - newlines_before(s, data, from);
}

bool rc_regex_may_match(const struct rc_regex *re, const char *subj, size_t len)
{
  return !re || rc_literals_in(re->lits, subj, len);
}

bool rc_regex_has_literals(const struct rc_regex *re)
{
  return re && re->lits;
}

bool rc_regex_next_candidate(const struct rc_regex *re, const char *subj,
                             size_t len, size_t from, size_t *at)
{
  if (re && re->lits)
    return rc_literals_find(re->lits, subj, len, from, at);
  *at = from;
  return from < len;
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
