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
#include "readycheck/literals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
  bool first[256];
  uint8_t pair[65536 / 8];   /* first two (folded) bytes of some string */
  bool single;               /* some string is one byte long */
  unsigned char firsts[256]; /* the bytes first[] holds */
  size_t n_first;
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

static void build_tables(struct rc_literals *l);

static void list_firsts(struct rc_literals *l)
{
  for (int c = 0; c < 256; c++)
    if (l->first[c])
      l->firsts[l->n_first++] = (unsigned char)c;
}

static void build_tables(struct rc_literals *l)
{
  for (int c = 0; c < 256; c++)
    l->fold[c] = l->caseless ? (unsigned char)lower((char)c) : (unsigned char)c;
  for (size_t i = 0; i < l->n; i++) {
    const unsigned char *s = (const unsigned char *)l->v[i].s;
    l->first[s[0]] = true;
    if (l->caseless && s[0] >= 'a' && s[0] <= 'z')
      l->first[s[0] - 'a' + 'A'] = true;
    if (l->v[i].len == 1) {
      l->single = true;
      continue;
    }
    unsigned key = (unsigned)s[0] << 8 | s[1];
    l->pair[key / 8] |= (uint8_t)(1u << (key % 8));
    if (l->caseless)
      for (size_t k = 0; k < l->v[i].len; k++)
        l->exotic |= s[k] == 'k' || s[k] == 's';
  }
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
  if (score(&s) < MIN_USEFUL) {
    set_free(&s);
    return NULL;
  }
  struct rc_literals *l = rc_xcalloc(1, sizeof(*l));
  l->v = s.v;
  l->n = s.n;
  l->caseless = x.caseless;
  build_tables(l);
  list_firsts(l);
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

static bool found_at(const struct rc_literals *l, const unsigned char *p,
                     size_t room)
{
  for (size_t i = 0; i < l->n; i++) {
    const struct lit *s = &l->v[i];
    if (s->len > room)
      continue;
    size_t k = 0;
    while (k < s->len && l->fold[p[k]] == (unsigned char)s->s[k])
      k++;
    if (k == s->len)
      return true;
  }
  return false;
}

static bool has_bytes(const char *data, size_t len, const char *what, size_t n)
{
  for (const char *p = data; (p = memchr(p, what[0], (size_t)(data + len - p)));
       p++)
    if ((size_t)(data + len - p) >= n && memcmp(p, what, n) == 0)
      return true;
  return false;
}

/* A string starts at d[i] (its first byte is one of the set's). */
static bool candidate(const struct rc_literals *l, const unsigned char *d,
                      size_t i, size_t len)
{
  if (!l->single) {
    if (i + 1 >= len)
      return false;
    unsigned key = (unsigned)l->fold[d[i]] << 8 | l->fold[d[i + 1]];
    if (!(l->pair[key / 8] >> (key % 8) & 1))
      return false;
  }
  return found_at(l, d + i, len - i);
}

bool rc_literals_in(const struct rc_literals *l, const char *data, size_t len)
{
  if (!l)
    return true;
  if (l->exotic && (has_bytes(data, len, "\xE2\x84\xAA", 3) || /* KELVIN */
                    has_bytes(data, len, "\xC5\xBF", 2)))      /* LONG S */
    return true;
  const unsigned char *d = (const unsigned char *)data;
  /* Few first bytes: memchr for each, many times faster than a loop. */
  if (l->n_first <= 4) {
    for (size_t k = 0; k < l->n_first; k++)
      for (const unsigned char *p = memchr(d, l->firsts[k], len); p;
           p = memchr(p + 1, l->firsts[k], len - (size_t)(p + 1 - d)))
        if (candidate(l, d, (size_t)(p - d), len))
          return true;
    return false;
  }
  for (size_t i = 0; i < len; i++)
    if (l->first[d[i]] && candidate(l, d, i, len))
      return true;
  return false;
}
