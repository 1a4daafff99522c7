/*
 * literals.c - the strings every match of a pattern contains (literals.h).
 *
 * A small recursive reader of PCRE2 syntax computes, for each part of the
 * pattern, a set of strings one of which every match of that part holds:
 * a run of literal characters is such a set of one; a group gives what its
 * alternatives give, when each gives something; a sequence keeps its most
 * selective set (the one whose shortest string is longest). Anything it
 * does not model exactly makes it give up, never guess: a prefilter that
 * is wrong would turn "must not match" into a silent pass.
 */
#define _GNU_SOURCE /* memmem */

#include "readycheck/literals.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define RC_LITERALS_SSSE3 1
#endif

#include "readycheck/buf.h"
#include "readycheck/mem.h"

enum {
  MAX_STRINGS = 64, /* more alternatives than this: no prefilter */
  MAX_RUN = 64,     /* bytes kept of one literal run */
  MAX_DEPTH = 64,   /* nested groups */
  MIN_USEFUL = 2,   /* a shorter string rules little out */
};

struct lit {
  char *s;
  size_t len;
};

/* top: nothing is known (any subject may match). */
struct set {
  struct lit *v;
  size_t n, cap;
  bool top;
};

struct rc_literals {
  struct lit *v;
  size_t n;
  bool caseless;
  bool exotic; /* a caseless string holds k or s (see literals.h) */
  unsigned char fold[256];
  /* Rare bytes: each string anchored on its rarest byte, looked for with
   * memchr (one pass per anchor byte). */
  bool by_byte;
  size_t at[MAX_STRINGS];    /* per string: where its anchor byte is */
  uint64_t on[256];          /* strings anchored on each byte */
  unsigned char passes[256]; /* the anchor bytes */
  size_t n_passes;
  /* Otherwise each string is anchored on its rarest pair of (folded)
   * bytes, and one loop over the subject looks pairs up in a bitmap. */
  size_t at2[MAX_STRINGS];
  uint16_t key2[MAX_STRINGS];
  uint8_t pairs[65536 / 8];
};

struct parser {
  const char *p, *end;
  bool caseless;
  bool bail;
  int depth;
};

/* ---- sets ---------------------------------------------------------------- */

static struct set top(void)
{
  return (struct set){.top = true};
}

static void set_free(struct set *s)
{
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i].s);
  free(s->v);
  *s = top();
}

static void set_add(struct set *s, const char *str, size_t len)
{
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].len == len && memcmp(s->v[i].s, str, len) == 0)
      return;
  rc_grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v));
  s->v[s->n++] = (struct lit){rc_xstrndup(str, len), len};
}

/* The shortest string's length: how much the set rules out. */
static size_t score(const struct set *s)
{
  if (s->top || !s->n)
    return 0;
  size_t min = s->v[0].len;
  for (size_t i = 1; i < s->n; i++)
    if (s->v[i].len < min)
      min = s->v[i].len;
  return min;
}

/* Keeps the more selective of *best and cand (freeing the other). */
static void better(struct set *best, struct set cand)
{
  size_t a = score(best), b = score(&cand);
  if (b > a || (b == a && b && cand.n < best->n)) {
    set_free(best);
    *best = cand;
  } else {
    set_free(&cand);
  }
}

/* ---- reading the pattern ------------------------------------------------ */

enum atom_kind { ATOM_LIT, ATOM_OTHER, ATOM_ZERO, ATOM_GROUP, ATOM_NONE };

struct atom {
  enum atom_kind kind;
  char bytes[4]; /* ATOM_LIT: one character (UTF-8) */
  size_t len;
  struct set group; /* ATOM_GROUP */
};

static struct set parse_alt(struct parser *x);

static bool at(const struct parser *x, size_t k, char c)
{
  return x->p + k < x->end && x->p[k] == c;
}

static void expect_close(struct parser *x)
{
  if (x->p < x->end && *x->p == ')')
    x->p++;
  else
    x->bail = true;
}

static struct atom group(struct parser *x)
{
  struct atom a = {.kind = ATOM_GROUP};
  if (++x->depth > MAX_DEPTH) {
    x->bail = true;
    return a;
  }
  a.group = parse_alt(x);
  x->depth--;
  expect_close(x);
  return a;
}

/* Skips to the byte after the next stop (a name's end), or bails. */
static void skip_past(struct parser *x, char stop)
{
  const char *q = memchr(x->p, stop, (size_t)(x->end - x->p));
  if (!q)
    x->bail = true;
  else
    x->p = q + 1;
}

static bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

/* "(?" constructs; x->p is at the '?'. */
static struct atom special_group(struct parser *x)
{
  struct atom none = {.kind = ATOM_NONE};
  x->p++;
  char c = x->p < x->end ? *x->p : '\0';
  if (c == ':' || c == '>' || c == '|') {
    x->p++;
    return group(x);
  }
  if (c == '=' || c == '!' || (c == '<' && (at(x, 1, '=') || at(x, 1, '!')))) {
    x->p += c == '<' ? 2 : 1; /* a lookaround matches no characters */
    struct atom g = group(x);
    set_free(&g.group);
    return (struct atom){.kind = ATOM_ZERO};
  }
  if (c == '<' || (c == 'P' && at(x, 1, '<')) || c == '\'') {
    x->p += c == 'P' ? 2 : 1;
    skip_past(x, c == '\'' ? '\'' : '>');
    return x->bail ? none : group(x);
  }
  if (c == '#') {
    skip_past(x, ')');
    return none;
  }
  /* Option settings: (?i) (?-i) (?im:...). Extended mode changes what
   * every byte means: give up. */
  bool off = false;
  while (x->p < x->end && (is_alpha(*x->p) || *x->p == '-' || *x->p == '^')) {
    if (*x->p == 'x')
      x->bail = true;
    off |= *x->p == '-';
    if (*x->p == 'i' && !off)
      x->caseless = true;
    x->p++;
  }
  if (at(x, 0, ')')) {
    x->p++;
    return none;
  }
  if (at(x, 0, ':')) {
    x->p++;
    return group(x);
  }
  x->bail = true; /* conditionals, recursion, callouts */
  return none;
}

static void skip_class(struct parser *x)
{
  const char *q = x->p + 1;
  if (q < x->end && *q == '^')
    q++;
  if (q < x->end && *q == ']')
    q++;
  while (q < x->end && *q != ']') {
    if (*q == '\\') {
      if (q + 1 < x->end && q[1] == 'Q')
        x->bail = true;
      q += 2;
    } else if (*q == '[' && q + 1 < x->end && q[1] == ':') {
      const char *e = strstr(q + 2, ":]");
      q = e && e < x->end ? e + 2 : x->end;
    } else {
      q++;
    }
  }
  if (q >= x->end)
    x->bail = true;
  x->p = q + 1;
}

static int hex(char c)
{
  return is_digit(c)              ? c - '0'
         : (c >= 'a' && c <= 'f') ? c - 'a' + 10
         : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                  : -1;
}

static struct atom lit(const char *bytes, size_t len)
{
  struct atom a = {.kind = ATOM_LIT, .len = len};
  memcpy(a.bytes, bytes, len);
  return a;
}

/* One UTF-8 character at x->p (a quantifier applies to all its bytes). */
static struct atom utf8_char(struct parser *x)
{
  unsigned char c = (unsigned char)*x->p;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if ((size_t)(x->end - x->p) < n) {
    x->bail = true;
    return (struct atom){.kind = ATOM_NONE};
  }
  struct atom a = lit(x->p, n);
  x->p += n;
  return a;
}

static struct atom hex_escape(struct parser *x)
{
  unsigned long v = 0;
  if (at(x, 0, '{')) {
    x->p++;
    while (x->p < x->end && hex(*x->p) >= 0 && v < 0x110000)
      v = v * 16 + (unsigned long)hex(*x->p++);
    if (at(x, 0, '}'))
      x->p++;
    else
      x->bail = true;
  } else {
    for (int i = 0; i < 2 && x->p < x->end && hex(*x->p) >= 0; i++)
      v = v * 16 + (unsigned long)hex(*x->p++);
  }
  if (v < 0x80) {
    char c = (char)v;
    return lit(&c, 1);
  }
  return (struct atom){.kind = ATOM_OTHER};
}

/* x->p is after the backslash. */
static struct atom escape(struct parser *x)
{
  struct atom other = {.kind = ATOM_OTHER};
  if (x->p >= x->end) {
    x->bail = true;
    return other;
  }
  char c = *x->p++;
  if (strchr("bBAzZGK", c))
    return (struct atom){.kind = ATOM_ZERO};
  if (strchr("dDwWsShHvVRXC", c))
    return other;
  if (c == 'N') {
    if (at(x, 0, '{'))
      x->bail = true; /* a named character */
    return other;
  }
  if (c == 'p' || c == 'P') {
    if (at(x, 0, '{'))
      skip_past(x, '}');
    else
      x->p++;
    return other;
  }
  if (c == 'x')
    return hex_escape(x);
  if (c == 'E')
    return (struct atom){.kind = ATOM_NONE};
  if (is_digit(c)) { /* a backreference or an octal escape */
    while (x->p < x->end && is_digit(*x->p))
      x->p++;
    return other;
  }
  if (c == 'o' || c == 'k') {
    if (x->p < x->end && strchr("{<'", *x->p))
      skip_past(x, *x->p == '{' ? '}' : *x->p == '<' ? '>' : '\'');
    else
      x->bail = true;
    return other;
  }
  if (c == 'c') {
    x->p++;
    return other;
  }
  static const char ctl[] = "a\ae\033f\fn\nr\rt\t";
  for (size_t i = 0; ctl[i]; i += 2)
    if (ctl[i] == c)
      return lit(&ctl[i + 1], 1);
  if (is_alpha(c) || is_digit(c) || (unsigned char)c >= 0x80) {
    x->bail = true; /* \Q, \g and anything unknown */
    return other;
  }
  return lit(&c, 1);
}

static struct atom parse_atom(struct parser *x)
{
  char c = *x->p;
  if (c == '(') {
    if (at(x, 1, '*')) {
      x->bail = true; /* verbs */
      return (struct atom){.kind = ATOM_NONE};
    }
    x->p++;
    return at(x, 0, '?') ? special_group(x) : group(x);
  }
  if (c == '[') {
    skip_class(x);
    return (struct atom){.kind = ATOM_OTHER};
  }
  if (c == '.') {
    x->p++;
    return (struct atom){.kind = ATOM_OTHER};
  }
  if (c == '^' || c == '$') {
    x->p++;
    return (struct atom){.kind = ATOM_ZERO};
  }
  if (c == '\\') {
    x->p++;
    return escape(x);
  }
  if (c == '*' || c == '+' || c == '?' || c == '{') {
    x->bail = true; /* a quantifier with nothing to repeat, or a '{' */
    return (struct atom){.kind = ATOM_NONE};
  }
  if ((unsigned char)c >= 0x80)
    return utf8_char(x);
  x->p++;
  return lit(&c, 1);
}

/* Reads "{n}", "{n,}" or "{n,m}" at x->p; false if it is none of them. */
static bool braces(struct parser *x, long *min, long *max)
{
  const char *q = x->p + 1;
  if (q >= x->end || !is_digit(*q))
    return false;
  long n = 0, m;
  while (q < x->end && is_digit(*q) && n < 100000)
    n = n * 10 + (*q++ - '0');
  if (q < x->end && *q == '}') {
    m = n;
  } else if (q < x->end && *q == ',') {
    q++;
    m = -1;
    if (q < x->end && is_digit(*q))
      for (m = 0; q < x->end && is_digit(*q) && m < 100000; q++)
        m = m * 10 + (*q - '0');
    if (q >= x->end || *q != '}')
      return false;
  } else {
    return false;
  }
  x->p = q + 1;
  *min = n;
  *max = m;
  return true;
}

/* The quantifier after an atom: min and max (-1: no limit). */
static void quantifier(struct parser *x, long *min, long *max)
{
  *min = *max = 1;
  if (x->p >= x->end)
    return;
  char c = *x->p;
  if (c == '*' || c == '+' || c == '?') {
    *min = c == '+';
    *max = c == '?' ? 1 : -1;
    x->p++;
  } else if (c == '{') {
    if (at(x, 1, ','))
      x->bail = true; /* "{,m}": read differently by PCRE2 versions */
    else if (!braces(x, min, max))
      x->bail = true; /* a literal '{': rare enough not to model */
  } else {
    return;
  }
  if (x->p < x->end && (*x->p == '?' || *x->p == '+'))
    x->p++; /* lazy or possessive: the same repeats */
}

/* A run of literal characters ended: it is a candidate. */
static void close_run(struct rc_buf *run, struct set *best)
{
  if (!run->len)
    return;
  struct set s = {0};
  set_add(&s, run->data, run->len);
  better(best, s);
  rc_buf_reset(run);
}

static struct set parse_seq(struct parser *x)
{
  struct set best = top();
  struct rc_buf run;
  rc_buf_init(&run);
  while (!x->bail && x->p < x->end && *x->p != '|' && *x->p != ')') {
    struct atom a = parse_atom(x);
    if (x->bail && a.kind == ATOM_GROUP)
      set_free(&a.group); /* an unclosed group still owns its strings */
    if (x->bail || a.kind == ATOM_NONE)
      continue;
    long min, max;
    quantifier(x, &min, &max);
    if (a.kind == ATOM_LIT) {
      for (long i = 0; i < min && run.len + a.len <= MAX_RUN; i++)
        rc_buf_add(&run, a.bytes, a.len);
      if (min != max || run.len + a.len > MAX_RUN)
        close_run(&run, &best);
    } else if (a.kind == ATOM_OTHER) {
      close_run(&run, &best);
    } else if (a.kind == ATOM_GROUP) {
      close_run(&run, &best);
      if (min >= 1)
        better(&best, a.group);
      else
        set_free(&a.group);
    }
  }
  close_run(&run, &best);
  rc_buf_release(&run);
  return best;
}

static struct set parse_alt(struct parser *x)
{
  struct set all = {0};
  bool unknown = false;
  for (;;) {
    struct set s = parse_seq(x);
    unknown |= s.top;
    for (size_t i = 0; !unknown && i < s.n; i++)
      set_add(&all, s.v[i].s, s.v[i].len);
    set_free(&s);
    if (x->bail || !at(x, 0, '|'))
      break;
    x->p++;
  }
  if (unknown || !all.n || all.n > MAX_STRINGS) {
    set_free(&all);
    return top();
  }
  return all;
}

/* ---- the result ---------------------------------------------------------- */

static char lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Caseless strings are compared in lowercase, and end at non-ASCII
 * characters (their case partners may differ in length): each keeps its
 * longest ASCII piece, which every match still contains. */
static void make_caseless(struct set *s)
{
  for (size_t i = 0; i < s->n; i++) {
    struct lit *l = &s->v[i];
    size_t best = 0, best_len = 0, start = 0;
    for (size_t k = 0; k <= l->len; k++) {
      if (k < l->len && !((unsigned char)l->s[k] & 0x80))
        continue;
      if (k - start > best_len) {
        best = start;
        best_len = k - start;
      }
      start = k + 1;
    }
    memmove(l->s, l->s + best, best_len);
    l->len = best_len;
    for (size_t k = 0; k < best_len; k++)
      l->s[k] = lower(l->s[k]);
  }
}

/* How often each byte occurs, per 100,000 bytes of text: counted over the
 * text files (Go, YAML, Markdown, JSON, shell...) of two large open-source
 * repositories, 349 MB. Only the order matters much: a string is looked
 * for by its rarest byte, so that memchr stops seldom. */
static const unsigned short byte_freq[256] = {
    0,    0,    0,    0,    0,    0,    0,    0,    0,     3151, 2962, 0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,     0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    14877, 97,   744,  42,
    67,   43,   83,   84,   1172, 1171, 496,  125,  1461,  338,  1360, 1339,
    1287, 736,  621,  494,  399,  268,  402,  208,  320,   223,  780,  82,
    73,   716,  75,   8,    9,    488,  242,  496,  374,   632,  355,  172,
    155,  585,  39,   91,   414,  287,  438,  444,  428,   57,   509,  691,
    682,  232,  171,  146,  127,  111,  30,   194,  69,    193,  6,    835,
    98,   3304, 837,  2084, 1779, 6564, 1429, 1061, 1183,  3892, 96,   406,
    2184, 1343, 3928, 3488, 1685, 145,  4349, 3229, 5217,  1870, 572,  447,
    799,  756,  130,  478,  75,   478,  5,    0,    12,    0,    1,    1,
    0,    0,    1,    0,    1,    0,    0,    0,    0,     0,    0,    0,
    2,    1,    0,    1,    4,    2,    0,    0,    0,     2,    0,    0,
    4,    3,    0,    1,    0,    0,    0,    0,    0,     0,    0,    0,
    1,    1,    0,    0,    0,    1,    0,    0,    0,     0,    0,    1,
    0,    0,    0,    5,    0,    0,    0,    0,    1,     0,    0,    0,
    0,    0,    5,    2,    0,    0,    0,    0,    0,     0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,     0,    0,    0,
    0,    1,    0,    0,    0,    0,    0,    0,    1,     1,    16,   1,
    0,    0,    0,    0,    0,    0,    0,    0,    0,     0,    0,    0,
    1,    0,    0,    0,    0,    0,    0,    0,    0,     0,    0,    0,
    0,    0,    0,    0,
};

static bool is_lower(unsigned char c)
{
  return c >= 'a' && c <= 'z';
}

/* What looking for byte c costs: its hits, and those of its other case
 * when the strings are caseless (both are looked for). */
static unsigned cost(const struct rc_literals *l, unsigned char c)
{
  unsigned n = byte_freq[c];
  if (l->caseless && is_lower(c))
    n += byte_freq[c - 'a' + 'A'];
  return n;
}

static void anchor_on(struct rc_literals *l, unsigned char c, size_t i)
{
  if (!l->on[c])
    l->passes[l->n_passes++] = c;
  l->on[c] |= 1ull << i;
}

static void anchor_byte(struct rc_literals *l, size_t i)
{
  const unsigned char *s = (const unsigned char *)l->v[i].s;
  size_t best = 0;
  for (size_t k = 1; k < l->v[i].len; k++)
    if (cost(l, s[k]) < cost(l, s[best]))
      best = k;
  l->at[i] = best;
  anchor_on(l, s[best], i);
  if (l->caseless && is_lower(s[best]))
    anchor_on(l, (unsigned char)(s[best] - 'a' + 'A'), i);
}

/* Pairs are rated as if their bytes were independent. */
static void anchor_pair(struct rc_literals *l, size_t i)
{
  const unsigned char *s = (const unsigned char *)l->v[i].s;
  size_t best = 0;
  unsigned long best_cost = ~0ul;
  for (size_t k = 0; k + 1 < l->v[i].len; k++) {
    unsigned long c =
        (unsigned long)(cost(l, s[k]) + 1) * (cost(l, s[k + 1]) + 1);
    if (c < best_cost) {
      best = k;
      best_cost = c;
    }
  }
  unsigned key = (unsigned)s[best] << 8 | s[best + 1];
  l->at2[i] = best;
  l->key2[i] = (uint16_t)key;
  l->pairs[key / 8] |= (uint8_t)(1u << (key % 8));
}

/* Per 100,000 bytes, the anchor-byte hits above which a loop over every
 * byte beats memchr, which costs tens of cycles per hit. */
enum { MAX_BYTE_HITS = 1500, MAX_PASSES = 8 };

/* Caseless strings are lowercase already: comparing them folds the
 * subject. Every string is at least MIN_USEFUL (2) bytes long. */
static void build_tables(struct rc_literals *l)
{
  for (int c = 0; c < 256; c++)
    l->fold[c] = l->caseless ? (unsigned char)lower((char)c) : (unsigned char)c;
  for (size_t i = 0; i < l->n; i++) {
    anchor_byte(l, i);
    anchor_pair(l, i);
    const char *s = l->v[i].s;
    if (l->caseless)
      for (size_t k = 0; k < l->v[i].len; k++)
        l->exotic |= s[k] == 'k' || s[k] == 's';
  }
  unsigned hits = 0;
  for (size_t k = 0; k < l->n_passes; k++)
    hits += byte_freq[l->passes[k]];
  l->by_byte = l->n_passes <= MAX_PASSES && hits <= MAX_BYTE_HITS;
}

/* A string that holds another of the set adds nothing: a subject with it
 * holds the other one too. Dropping it leaves fewer strings to compare
 * and fewer anchor bytes to look for (dotenv, godotenv., dotenv.config(). */
static void drop_containing(struct set *s)
{
  /* Decided on the whole set first, then compacted: the strings dropped
   * each hold one that is kept (holding is transitive, and of equal
   * strings the first is kept). */
  bool *drop = rc_xcalloc(s->n + 1, sizeof(*drop));
  for (size_t i = 0; i < s->n; i++) {
    for (size_t j = 0; j < s->n && !drop[i]; j++) {
      const struct lit *a = &s->v[i], *b = &s->v[j];
      if (j == i || b->len > a->len || (b->len == a->len && j > i))
        continue;
      drop[i] = memmem(a->s, a->len, b->s, b->len) != NULL;
    }
  }
  size_t out = 0;
  for (size_t i = 0; i < s->n; i++) {
    if (drop[i])
      free(s->v[i].s);
    else
      s->v[out++] = s->v[i];
  }
  s->n = out;
  free(drop);
}

struct rc_literals *rc_literals_of(const char *pattern)
{
  struct parser x = {pattern, pattern + strlen(pattern), false, false, 0};
  struct set s = parse_alt(&x);
  if (x.bail || x.p != x.end || s.top) {
    set_free(&s);
    return NULL;
  }
  if (x.caseless)
    make_caseless(&s);
  drop_containing(&s);
  if (score(&s) < MIN_USEFUL) {
    set_free(&s);
    return NULL;
  }
  struct rc_literals *l = rc_xcalloc(1, sizeof(*l));
  l->v = s.v;
  l->n = s.n;
  l->caseless = x.caseless;
  build_tables(l);
  return l;
}

void rc_literals_free(struct rc_literals *l)
{
  if (!l)
    return;
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].s);
  free(l->v);
  free(l);
}

size_t rc_literals_count(const struct rc_literals *l)
{
  return l ? l->n : 0;
}

const char *rc_literals_at(const struct rc_literals *l, size_t i, size_t *len,
                           bool *caseless)
{
  *len = l->v[i].len;
  *caseless = l->caseless;
  return l->v[i].s;
}

static bool has_bytes(const char *data, size_t len, const char *what, size_t n)
{
  for (const char *p = data; (p = memchr(p, what[0], (size_t)(data + len - p)));
       p++)
    if ((size_t)(data + len - p) >= n && memcmp(p, what, n) == 0)
      return true;
  return false;
}

static bool same(const struct rc_literals *l, const unsigned char *p,
                 const struct lit *s)
{
  size_t k = 0;
  while (k < s->len && l->fold[p[k]] == (unsigned char)s->s[k])
    k++;
  return k == s->len;
}

/* Some string of mask, anchored on d[pos], is there, starting at or
 * after lo. */
static bool found_at(const struct rc_literals *l, const unsigned char *d,
                     size_t len, size_t lo, size_t pos, uint64_t mask)
{
  for (; mask; mask &= mask - 1) {
    size_t i = (size_t)__builtin_ctzll(mask);
    const struct lit *s = &l->v[i];
    if (pos >= l->at[i] + lo && pos - l->at[i] + s->len <= len &&
        same(l, d + pos - l->at[i], s))
      return true;
  }
  return false;
}

/* Some string whose anchor pair is key starts its pair at d[pos], and
 * itself at or after lo. */
static bool found_pair(const struct rc_literals *l, const unsigned char *d,
                       size_t len, size_t lo, size_t pos, unsigned key)
{
  for (size_t i = 0; i < l->n; i++) {
    const struct lit *s = &l->v[i];
    if (l->key2[i] == key && pos >= l->at2[i] + lo &&
        pos - l->at2[i] + s->len <= len && same(l, d + pos - l->at2[i], s))
      return true;
  }
  return false;
}

static bool by_pairs(const struct rc_literals *l, const unsigned char *d,
                     size_t len)
{
  if (len < 2)
    return false;
  unsigned prev = l->fold[d[0]];
  for (size_t i = 1; i < len; i++) {
    unsigned cur = l->fold[d[i]], key = prev << 8 | cur;
    prev = cur;
    if ((l->pairs[key / 8] >> (key % 8) & 1) &&
        found_pair(l, d, len, 0, i - 1, key))
      return true;
  }
  return false;
}

bool rc_literals_in(const struct rc_literals *l, const char *data, size_t len)
{
  if (!l)
    return true;
  if (l->exotic && (has_bytes(data, len, "\xE2\x84\xAA", 3) || /* KELVIN */
                    has_bytes(data, len, "\xC5\xBF", 2)))      /* LONG S */
    return true;
  const unsigned char *d = (const unsigned char *)data;
  if (!l->by_byte)
    return by_pairs(l, d, len);
  for (size_t k = 0; k < l->n_passes; k++) {
    unsigned char c = l->passes[k];
    for (const unsigned char *p = memchr(d, c, len); p;
         p = memchr(p + 1, c, len - (size_t)(p + 1 - d)))
      if (found_at(l, d, len, 0, (size_t)(p - d), l->on[c]))
        return true;
  }
  return false;
}

/* The first anchor of a string wholly in [from, len), byte by byte: one
 * memchr per anchor byte would rescan the rest of the subject at each
 * call when one byte's strings come late or never. */
static bool find_by_byte(const struct rc_literals *l, const unsigned char *d,
                         size_t len, size_t from, size_t *at)
{
  for (size_t i = from; i < len; i++)
    if (l->on[d[i]] && found_at(l, d, len, from, i, l->on[d[i]])) {
      *at = i;
      return true;
    }
  return false;
}

static bool find_by_pairs(const struct rc_literals *l, const unsigned char *d,
                          size_t len, size_t from, size_t *at)
{
  if (len - from < 2)
    return false;
  unsigned prev = l->fold[d[from]];
  for (size_t i = from + 1; i < len; i++) {
    unsigned cur = l->fold[d[i]], key = prev << 8 | cur;
    prev = cur;
    if ((l->pairs[key / 8] >> (key % 8) & 1) &&
        found_pair(l, d, len, from, i - 1, key)) {
      *at = i - 1;
      return true;
    }
  }
  return false;
}

/* Where what first occurs in data[from..end), or end. */
static size_t first_bytes(const char *data, size_t from, size_t end,
                          const char *what, size_t n)
{
  for (const char *p = data + from;
       (p = memchr(p, what[0], (size_t)(data + end - p))); p++)
    if ((size_t)(data + end - p) >= n && memcmp(p, what, n) == 0)
      return (size_t)(p - data);
  return end;
}

bool rc_literals_find(const struct rc_literals *l, const char *data, size_t len,
                      size_t from, size_t *at)
{
  *at = from;
  if (from >= len)
    return false;
  if (!l)
    return true;
  const unsigned char *d = (const unsigned char *)data;
  bool got = l->by_byte ? find_by_byte(l, d, len, from, at)
                        : find_by_pairs(l, d, len, from, at);
  if (!l->exotic)
    return got;
  /* A line with KELVIN SIGN or LONG S before the string may match too:
   * only up to the string is looked at, so each byte once in all. */
  size_t end = got ? *at : len;
  size_t e = first_bytes(data, from, end, "\xE2\x84\xAA", 3);
  e = first_bytes(data, from, e, "\xC5\xBF", 2);
  if (e < end) {
    *at = e;
    return true;
  }
  return got;
}

/* ---- several sets, one pass ---------------------------------------------- */

/* One distinct string of the sets (its text and whether it is caseless),
 * anchored on its rarest pair of folded bytes. */
struct mstr {
  const char *s;
  size_t len;
  bool caseless;
  size_t at;          /* where its anchor pair starts */
  unsigned key;       /* the pair, folded */
  size_t first, n_of; /* its sets: m->of[first..first + n_of) */
};

/* The strings with one anchor pair: v[first..first + n). */
struct bucket {
  unsigned key;
  bool used;
  size_t first, n;
};

struct rc_literals_multi {
  const struct rc_literals **sets; /* sorted by address */
  size_t n_sets;
  struct mstr *v; /* sorted by key */
  size_t n;
  size_t *of; /* set numbers */
  struct bucket *buckets;
  size_t mask;
  /* the anchor pairs as the subject holds them (each case of a caseless
   * one's letters), by the two bytes read as one uint16_t (pair_at): the
   * pass reads two bytes and tests a bit, and folds only where one is set */
  uint8_t raw[65536 / 8];
  unsigned char fold[256]; /* every letter lowercase */
  /* The same pairs, coarser, for a vector pass that finds where one may
   * start (as ripgrep's Teddy does): each raw pair is in one of sixteen
   * buckets, eight per half; nib[4h] and nib[4h+1] give, for the low and
   * high nibble of a pair's first byte, the buckets of half h with a pair
   * whose first byte has that nibble; nib[4h+2] and nib[4h+3] the same for
   * the second byte. A position where some bucket has all four is a
   * candidate, tested on raw. Up to sixteen pairs, each has a bucket of
   * its own, and the candidates are exactly the pairs. */
  uint8_t nib[8][16];
  unsigned n_raw;
};

struct starts {
  size_t *at;
  size_t n, cap;
};

struct rc_literals_hits {
  const struct rc_literals_multi *m;
  const char *data;
  size_t len;
  struct starts *per; /* per set of m */
  size_t cap_per;
};

static _Atomic size_t multi_scans;

size_t rc_literals_multi_scans(void)
{
  return atomic_load(&multi_scans);
}

static int by_address(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t) * (const struct rc_literals *const *)a;
  uintptr_t y = (uintptr_t) * (const struct rc_literals *const *)b;
  return (x > y) - (x < y);
}

/* Both cases of a letter are looked for by the pass. */
static unsigned cost_folded(unsigned char c)
{
  unsigned n = byte_freq[c];
  if (c >= 'a' && c <= 'z')
    n += byte_freq[c - 'a' + 'A'];
  return n;
}

static void multi_anchor(const struct rc_literals_multi *m, struct mstr *s)
{
  const unsigned char *b = (const unsigned char *)s->s;
  unsigned long best_cost = ~0ul;
  for (size_t k = 0; k + 1 < s->len; k++) {
    unsigned char x = m->fold[b[k]], y = m->fold[b[k + 1]];
    unsigned long c =
        (unsigned long)(cost_folded(x) + 1) * (cost_folded(y) + 1);
    if (c < best_cost) {
      s->at = k;
      s->key = (unsigned)x << 8 | y;
      best_cost = c;
    }
  }
}

/* The strings of every set, each distinct (text, caseless) once with the
 * list of its sets; a caseless set with k or s also "holds" KELVIN SIGN
 * and LONG S, which PCRE2 folds to them. */
struct collect {
  struct mstr *v;
  size_t n, cap;
  size_t **sets_of; /* per string: its sets (malloc'd) */
  size_t *n_sets_of;
  size_t cap2;
};

static void collect_add(struct collect *c, const char *s, size_t len,
                        bool caseless, size_t set)
{
  size_t i = 0;
  while (i < c->n && !(c->v[i].len == len && c->v[i].caseless == caseless &&
                       memcmp(c->v[i].s, s, len) == 0))
    i++;
  if (i == c->n) {
    rc_grow((void **)&c->v, &c->cap, c->n, sizeof(*c->v));
    size_t cap2 = c->cap2;
    rc_grow((void **)&c->sets_of, &c->cap2, c->n, sizeof(*c->sets_of));
    rc_grow((void **)&c->n_sets_of, &cap2, c->n, sizeof(*c->n_sets_of));
    c->v[c->n] = (struct mstr){.s = s, .len = len, .caseless = caseless};
    c->sets_of[c->n] = NULL;
    c->n_sets_of[c->n] = 0;
    c->n++;
  }
  size_t k = c->n_sets_of[i];
  if (k && c->sets_of[i][k - 1] == set)
    return;
  c->sets_of[i] = rc_xrealloc(c->sets_of[i], (k + 1) * sizeof(size_t));
  c->sets_of[i][k] = set;
  c->n_sets_of[i] = k + 1;
}

static int by_key(const void *a, const void *b)
{
  const struct mstr *x = a, *y = b;
  return (x->key > y->key) - (x->key < y->key);
}

/* The byte c of a string, as a subject may hold it. */
static size_t byte_forms(const struct mstr *s, unsigned char c,
                         unsigned char out[2])
{
  out[0] = c;
  if (s->caseless && c >= 'a' && c <= 'z') {
    out[1] = (unsigned char)(c - 'a' + 'A');
    return 2;
  }
  return 1;
}

/* Two bytes as one number, in the machine's byte order: the table is
 * built and read the same way. */
static unsigned pair_at(const unsigned char *p)
{
  uint16_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}

static void mark_raw(struct rc_literals_multi *m, const struct mstr *s)
{
  unsigned char a[2], b[2];
  const unsigned char *p = (const unsigned char *)s->s + s->at;
  size_t na = byte_forms(s, p[0], a), nb = byte_forms(s, p[1], b);
  for (size_t i = 0; i < na; i++)
    for (size_t k = 0; k < nb; k++) {
      unsigned v = pair_at((const unsigned char[]){a[i], b[k]});
      if (m->raw[v / 8] >> (v % 8) & 1)
        continue;
      m->raw[v / 8] |= (uint8_t)(1u << (v % 8));
      unsigned n = m->n_raw++ % 16;
      uint8_t bucket = (uint8_t)(1u << (n % 8));
      uint8_t(*t)[16] = &m->nib[n / 8 * 4];
      t[0][a[i] & 15] |= bucket;
      t[1][a[i] >> 4] |= bucket;
      t[2][b[k] & 15] |= bucket;
      t[3][b[k] >> 4] |= bucket;
    }
}

static void multi_index(struct rc_literals_multi *m, struct collect *c)
{
  /* sort by key, carrying each string's sets */
  for (size_t i = 0; i < c->n; i++)
    c->v[i].first = i; /* remember the collect position */
  qsort(c->v, c->n, sizeof(*c->v), by_key);
  size_t total = 0;
  for (size_t i = 0; i < c->n; i++)
    total += c->n_sets_of[c->v[i].first];
  m->of = rc_xcalloc(total + 1, sizeof(*m->of));
  size_t o = 0;
  for (size_t i = 0; i < c->n; i++) {
    size_t from = c->v[i].first;
    memcpy(m->of + o, c->sets_of[from], c->n_sets_of[from] * sizeof(size_t));
    c->v[i].first = o;
    c->v[i].n_of = c->n_sets_of[from];
    o += c->n_sets_of[from];
  }
  m->v = c->v;
  m->n = c->n;
  size_t slots = 16;
  while (slots < 2 * m->n)
    slots *= 2;
  m->buckets = rc_xcalloc(slots, sizeof(*m->buckets));
  m->mask = slots - 1;
  for (size_t i = 0; i < m->n;) {
    size_t j = i;
    while (j < m->n && m->v[j].key == m->v[i].key)
      j++;
    unsigned key = m->v[i].key;
    size_t h = (key * 2654435761u) & m->mask;
    while (m->buckets[h].used)
      h = (h + 1) & m->mask;
    m->buckets[h] = (struct bucket){key, true, i, j - i};
    for (size_t k = i; k < j; k++)
      mark_raw(m, &m->v[k]);
    i = j;
  }
}

/* Cost of the sets searched one by one, in passes over the subject: a
 * memchr pass is several times cheaper than a loop over every byte. */
static bool one_pass_pays(const struct rc_literals *const *sets, size_t n)
{
  double passes = 0;
  for (size_t i = 0; i < n; i++)
    passes += sets[i]->by_byte ? 0.25 * (double)sets[i]->n_passes : 1.0;
  return n > 1 && passes >= 1.0;
}

struct rc_literals_multi *
rc_literals_multi_new(const struct rc_literals *const *sets, size_t n)
{
  if (!one_pass_pays(sets, n))
    return NULL;
  struct rc_literals_multi *m = rc_xcalloc(1, sizeof(*m));
  m->sets = rc_xcalloc(n, sizeof(*m->sets));
  memcpy(m->sets, sets, n * sizeof(*sets));
  qsort(m->sets, n, sizeof(*m->sets), by_address);
  m->n_sets = n;
  for (int c = 0; c < 256; c++)
    m->fold[c] = (unsigned char)lower((char)c);
  struct collect c = {0};
  for (size_t i = 0; i < n; i++) {
    const struct rc_literals *l = m->sets[i];
    for (size_t k = 0; k < l->n; k++)
      collect_add(&c, l->v[k].s, l->v[k].len, l->caseless, i);
    if (l->exotic) {
      collect_add(&c, "\xE2\x84\xAA", 3, false, i); /* KELVIN SIGN */
      collect_add(&c, "\xC5\xBF", 2, false, i);     /* LONG S */
    }
  }
  for (size_t i = 0; i < c.n; i++)
    multi_anchor(m, &c.v[i]);
  multi_index(m, &c);
  for (size_t i = 0; i < c.n; i++)
    free(c.sets_of[i]);
  free(c.sets_of);
  free(c.n_sets_of);
  return m;
}

void rc_literals_multi_free(struct rc_literals_multi *m)
{
  if (!m)
    return;
  free(m->sets);
  free(m->v);
  free(m->of);
  free(m->buckets);
  free(m);
}

struct rc_literals_hits *rc_literals_hits_new(void)
{
  return rc_xcalloc(1, sizeof(struct rc_literals_hits));
}

void rc_literals_hits_free(struct rc_literals_hits *h)
{
  if (!h)
    return;
  for (size_t i = 0; i < h->cap_per; i++)
    free(h->per[i].at);
  free(h->per);
  free(h);
}

static bool same_as(const struct rc_literals_multi *m, const unsigned char *p,
                    const struct mstr *s)
{
  if (!s->caseless)
    return memcmp(p, s->s, s->len) == 0;
  size_t k = 0;
  while (k < s->len && m->fold[p[k]] == (unsigned char)s->s[k])
    k++;
  return k == s->len;
}

static void push_start(struct starts *st, size_t at)
{
  rc_grow((void **)&st->at, &st->cap, st->n, sizeof(*st->at));
  st->at[st->n++] = at;
}

/* The strings anchored on key whose pair starts at d[pos]. */
static void on_pair(const struct rc_literals_multi *m,
                    struct rc_literals_hits *h, const unsigned char *d,
                    size_t len, size_t pos, unsigned key)
{
  size_t b = (key * 2654435761u) & m->mask;
  while (!m->buckets[b].used || m->buckets[b].key != key)
    b = (b + 1) & m->mask;
  for (size_t i = m->buckets[b].first, e = i + m->buckets[b].n; i < e; i++) {
    const struct mstr *s = &m->v[i];
    if (pos < s->at || pos - s->at + s->len > len ||
        !same_as(m, d + pos - s->at, s))
      continue;
    for (size_t k = 0; k < s->n_of; k++)
      push_start(&h->per[m->of[s->first + k]], pos - s->at);
  }
}

/* Strings anchored at different offsets are found out of order. */
static void sort_starts(struct starts *st)
{
  for (size_t i = 1; i < st->n; i++) {
    size_t v = st->at[i], j = i;
    for (; j > 0 && st->at[j - 1] > v; j--)
      st->at[j] = st->at[j - 1];
    st->at[j] = v;
  }
}

static _Atomic unsigned max_width = 256;

unsigned rc_literals_vector_width(unsigned bits)
{
  return atomic_exchange(&max_width, bits);
}

/* Whether a string's anchor pair starts at d[i] (i + 1 < len). */
static void test_pair(const struct rc_literals_multi *m,
                      struct rc_literals_hits *h, const unsigned char *d,
                      size_t len, size_t i)
{
  unsigned v = pair_at(d + i);
  if (m->raw[v / 8] >> (v % 8) & 1)
    on_pair(m, h, d, len, i, (unsigned)m->fold[d[i]] << 8 | m->fold[d[i + 1]]);
}

#ifdef RC_LITERALS_SSSE3
static bool has_ssse3(void)
{
  static _Atomic int known; /* 0 unknown, 1 no, 2 yes */
  int k = atomic_load_explicit(&known, memory_order_relaxed);
  if (!k) {
    __builtin_cpu_init();
    k = __builtin_cpu_supports("ssse3") ? 2 : 1;
    atomic_store_explicit(&known, k, memory_order_relaxed);
  }
  return k == 2;
}

static bool has_avx2(void)
{
  static _Atomic int known; /* 0 unknown, 1 no, 2 yes */
  int k = atomic_load_explicit(&known, memory_order_relaxed);
  if (!k) {
    __builtin_cpu_init();
    k = __builtin_cpu_supports("avx2") ? 2 : 1;
    atomic_store_explicit(&known, k, memory_order_relaxed);
  }
  return k == 2;
}

/* buckets_of() for 32 bytes. */
__attribute__((target("avx2"))) static __m256i
buckets_of32(const uint8_t (*t)[16], __m256i v)
{
  const __m256i low4 = _mm256_set1_epi8(0x0f);
  __m256i lo = _mm256_shuffle_epi8(
      _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t[0])),
      _mm256_and_si256(v, low4));
  __m256i hi = _mm256_shuffle_epi8(
      _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t[1])),
      _mm256_and_si256(_mm256_srli_epi16(v, 4), low4));
  return _mm256_and_si256(lo, hi);
}

/* scan_ssse3() 32 bytes at a time. */
__attribute__((target("avx2"))) static size_t
scan_avx2(const struct rc_literals_multi *m, struct rc_literals_hits *h,
          const unsigned char *d, size_t len)
{
  size_t i = 0;
  for (; len > 32 && i < len - 32; i += 32) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(d + i));
    __m256i y = _mm256_loadu_si256((const __m256i *)(d + i + 1));
    __m256i c = _mm256_or_si256(_mm256_and_si256(buckets_of32(&m->nib[0], x),
                                                 buckets_of32(&m->nib[2], y)),
                                _mm256_and_si256(buckets_of32(&m->nib[4], x),
                                                 buckets_of32(&m->nib[6], y)));
    uint32_t at = ~(uint32_t)_mm256_movemask_epi8(
        _mm256_cmpeq_epi8(c, _mm256_setzero_si256()));
    for (; at; at &= at - 1)
      test_pair(m, h, d, len, i + (size_t)__builtin_ctz(at));
  }
  return i;
}

/* The buckets whose pairs could have the bytes of v as their first (t =
 * nib[4h]) or second (t = nib[4h+2]) byte of half h, per byte. */
__attribute__((target("ssse3"))) static __m128i
buckets_of(const uint8_t (*t)[16], __m128i v)
{
  const __m128i low4 = _mm_set1_epi8(0x0f);
  __m128i lo = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)t[0]),
                                _mm_and_si128(v, low4));
  __m128i hi = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)t[1]),
                                _mm_and_si128(_mm_srli_epi16(v, 4), low4));
  return _mm_and_si128(lo, hi);
}

/* test_pair() at every position of the first 16-byte blocks that a
 * bucket's nibbles allow; returns where the blocks end (the rest is the
 * caller's). The same positions are tested in the same order as one by
 * one: the vector test only skips positions where no pair can start. */
__attribute__((target("ssse3"))) static size_t
scan_ssse3(const struct rc_literals_multi *m, struct rc_literals_hits *h,
           const unsigned char *d, size_t len)
{
  size_t i = 0;
  for (; len > 16 && i < len - 16; i += 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(d + i));
    __m128i y = _mm_loadu_si128((const __m128i *)(d + i + 1));
    __m128i c = _mm_or_si128(
        _mm_and_si128(buckets_of(&m->nib[0], x), buckets_of(&m->nib[2], y)),
        _mm_and_si128(buckets_of(&m->nib[4], x), buckets_of(&m->nib[6], y)));
    unsigned at = 0xffffu & ~(unsigned)_mm_movemask_epi8(
                                _mm_cmpeq_epi8(c, _mm_setzero_si128()));
    for (; at; at &= at - 1)
      test_pair(m, h, d, len, i + (size_t)__builtin_ctz(at));
  }
  return i;
}
#endif

void rc_literals_multi_scan(const struct rc_literals_multi *m, const char *data,
                            size_t len, struct rc_literals_hits *h)
{
  atomic_fetch_add_explicit(&multi_scans, 1, memory_order_relaxed);
  if (h->cap_per < m->n_sets) {
    h->per = rc_xrealloc(h->per, m->n_sets * sizeof(*h->per));
    memset(h->per + h->cap_per, 0, (m->n_sets - h->cap_per) * sizeof(*h->per));
    h->cap_per = m->n_sets;
  }
  for (size_t i = 0; i < m->n_sets; i++)
    h->per[i].n = 0;
  h->m = m;
  h->data = data;
  h->len = len;
  const unsigned char *d = (const unsigned char *)data;
  size_t pos = 0;
#ifdef RC_LITERALS_SSSE3
  unsigned width = atomic_load_explicit(&max_width, memory_order_relaxed);
  if (width >= 256 && has_avx2())
    pos = scan_avx2(m, h, d, len);
  else if (width >= 128 && has_ssse3())
    pos = scan_ssse3(m, h, d, len);
#endif
  for (; pos + 1 < len; pos++)
    test_pair(m, h, d, len, pos);
  for (size_t i = 0; i < m->n_sets; i++)
    sort_starts(&h->per[i]);
}

static const struct starts *starts_of(const struct rc_literals_hits *h,
                                      const struct rc_literals *l)
{
  if (!h->m || !l)
    return NULL;
  const struct rc_literals **p =
      bsearch(&l, h->m->sets, h->m->n_sets, sizeof(*h->m->sets), by_address);
  return p ? &h->per[p - h->m->sets] : NULL;
}

bool rc_literals_hits_cover(const struct rc_literals_hits *h,
                            const struct rc_literals *l, const char *data,
                            size_t len)
{
  return h && h->data == data && h->len == len && starts_of(h, l);
}

bool rc_literals_hits_in(const struct rc_literals_hits *h,
                         const struct rc_literals *l)
{
  return starts_of(h, l)->n > 0;
}

bool rc_literals_hits_find(const struct rc_literals_hits *h,
                           const struct rc_literals *l, size_t len, size_t from,
                           size_t *at)
{
  *at = from;
  if (from >= len)
    return false;
  const struct starts *st = starts_of(h, l);
  size_t lo = 0, hi = st->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (st->at[mid] < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == st->n)
    return false;
  *at = st->at[lo];
  return true;
}
