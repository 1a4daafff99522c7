/*
 * test_literals.c - the literal prefilter: which strings a pattern's
 * matches must hold, and above all that it never rules out a subject that
 * has a match: checked against PCRE2 on random patterns and subjects, and
 * on every pattern of the built-in catalog against every fixture file.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readycheck/buf.h"
#include "readycheck/builtin.h"
#include "readycheck/diag.h"
#include "readycheck/literals.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/rule.h"

/* "a b" for the set {a, b} (caseless ones as i:a), or "-" for none. */
static char *describe(const char *pattern)
{
  struct rc_literals *l = rc_literals_of(pattern);
  struct rc_buf b;
  rc_buf_init(&b);
  if (!l)
    rc_buf_puts(&b, "-");
  for (size_t i = 0; i < rc_literals_count(l); i++) {
    size_t len;
    bool ci;
    const char *s = rc_literals_at(l, i, &len, &ci);
    rc_buf_printf(&b, "%s%s%.*s", i ? " " : "", ci ? "i:" : "", (int)len, s);
  }
  rc_literals_free(l);
  char *out = rc_buf_detach(&b);
  rc_buf_release(&b);
  return out;
}

static void test_sets(void **state)
{
  (void)state;
  static const struct {
    const char *pattern, *want;
  } cases[] = {
      {"TODO", "TODO"},
      {"AKIA[0-9A-Z]{16}", "AKIA"},
      {"\\bSENTRY_DSN\\b", "SENTRY_DSN"},
      {"(ghp|gho)_[a-z]{4}|xox[ab]-", "ghp gho xox"},
      {"ab+c", "ab"},              /* the run ends where repeats start */
      {"a{3}bc", "aaabc"},         /* an exact repeat is spelled out */
      {"x?yz", "yz"},              /* optional parts break the run */
      {"(foo)?barbaz", "barbaz"},  /* an optional group gives nothing */
      {"foo(?=bar)baz", "foobaz"}, /* lookarounds match no characters */
      {"(?<!x)quux(?!y)", "quux"},
      {"a\\.b\\-c", "a.b-c"},
      {"tab\\there", "tab\there"},
      {"\\x41\\x42C", "ABC"},
      {"(?i)Password", "i:password"},
      {"abc(?i)def", "i:abcdef"},    /* caseless anywhere: all caseless */
      {"(?i)caf\xc3\xa9s", "i:caf"}, /* non-ASCII ends a caseless string */
      {"caf\xc3\xa9", "caf\xc3\xa9"},
      {"[abc]+def", "def"},
      {"(?<name>ab)cd", "ab"}, /* a tie keeps the first */
      {"(a|b)cd", "cd"},
      {"x|yz", "-"}, /* a one-byte alternative rules out too little */
      {"a.b", "-"},
      {"(a|)bc", "bc"},
      {"(?x) a b c", "-"}, /* extended mode: not modelled */
      {"\\Qa.b\\E", "-"},
      {"(a)\\1", "-"},
      {"(*UTF)abc", "-"},
      {"(?(1)ab|cd)", "-"},
      {"ab{,3}", "-"},
      {"(?#note)hello", "hello"},
      {"\\d+ items", " items"},
      {"", "-"},
      {"(ab(cd|ef)gh", "-"}, /* unclosed: its strings freed (fuzz_rules) */
      /* a string holding another adds nothing: it is dropped */
      {"(dotenv|godotenv\\.|dotenv/config)x", "dotenv"},
      {"(xab|ab|abx|yxab|cd|xcd)q", "ab cd"}, /* kept: those held by none */
      {"(?i)(HealthCheck|healthcheck|livenessProbe)",
       "i:healthcheck i:livenessprobe"},
  };
  int failures = 0;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *got = describe(cases[i].pattern);
    if (strcmp(got, cases[i].want) != 0) {
      print_error("'%s': got '%s', want '%s'\n", cases[i].pattern, got,
                  cases[i].want);
      failures++;
    }
    free(got);
  }
  assert_int_equal(failures, 0);
}

static void test_search(void **state)
{
  (void)state;
  struct rc_literals *l = rc_literals_of("(foo|barbaz)\\d");
  assert_non_null(l);
  assert_true(rc_literals_in(l, "xx foo1", 7));
  assert_true(rc_literals_in(l, "barbaz", 6));
  assert_false(rc_literals_in(l, "fo barba", 8));
  assert_false(rc_literals_in(l, "", 0));
  assert_true(rc_literals_in(l, "a\0foo", 5)); /* NULs are just bytes */
  rc_literals_free(l);
  l = rc_literals_of("(?i)Secret");
  assert_true(rc_literals_in(l, "my SECRET", 9));
  assert_false(rc_literals_in(l, "my secre", 8));
  /* PCRE2 matches 's' with U+017F: such a file is never ruled out */
  assert_true(rc_literals_in(l,
                             "\xc5\xbf"
                             "ecret",
                             7));
  rc_literals_free(l);
}

/* The search itself, against the plainest one: some string of the set
 * (as rc_literals_at gives them) occurs in the subject. Sets of common
 * and rare bytes, few and many strings, caseless or not, reach both ways
 * of searching (memchr on rare anchor bytes, and the pair table). */
static bool naive_in(const struct rc_literals *l, const char *d, size_t len)
{
  for (size_t i = 0; i < rc_literals_count(l); i++) {
    size_t n;
    bool ci;
    const char *s = rc_literals_at(l, i, &n, &ci);
    for (size_t at = 0; at + n <= len; at++) {
      size_t k = 0;
      for (; k < n; k++) {
        char c = d[at + k];
        if (ci && c >= 'A' && c <= 'Z')
          c = (char)(c - 'A' + 'a');
        if (c != s[k])
          break;
      }
      if (k == n)
        return true;
    }
  }
  return false;
}

static unsigned long rnd(unsigned long *x);

/* Literal s (n bytes, lower case when ci) starts at subj[p]. */
static bool starts_at(const char *s, size_t n, bool ci, const char *subj,
                      size_t len, size_t p)
{
  size_t k = 0;
  for (; k < n && p + k < len; k++) {
    char c = subj[p + k];
    if (ci && c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != s[k])
      break;
  }
  return k == n;
}

/* rc_literals_find from `from`: false exactly when no string lies wholly
 * in subj[from..len); else a place at or after from whose line is no
 * later than the line where the first such string starts (the strings
 * here hold no newline). */
static void check_find(const struct rc_literals *l, const char *subj,
                       size_t len, size_t from)
{
  size_t first = len;
  for (size_t p = from; p < len && first == len; p++)
    for (size_t i = 0; i < rc_literals_count(l) && first == len; i++) {
      size_t n;
      bool ci;
      const char *s = rc_literals_at(l, i, &n, &ci);
      if (starts_at(s, n, ci, subj, len, p))
        first = p;
    }
  size_t at;
  bool got = rc_literals_find(l, subj, len, from, &at);
  assert_int_equal(got, first < len);
  if (!got)
    return;
  assert_true(at >= from && at < len);
  for (size_t k = first; k < at; k++)
    assert_true(subj[k] != '\n');
}

static void test_search_exact_random(void **state)
{
  (void)state;
  unsigned long x = 7;
  static const char common[] = "eatsoinr ", rare[] = "qjzQJZ_-/";
  size_t found = 0, judged = 0;
  for (int round = 0; round < 2000; round++) {
    char pat[256] = "";
    bool ci = rnd(&x) % 3 == 0;
    if (ci)
      strcat(pat, "(?i)");
    strcat(pat, "(");
    int words = 1 + (int)(rnd(&x) % 12);
    for (int w = 0; w < words; w++) {
      if (w)
        strcat(pat, "|");
      int n = 2 + (int)(rnd(&x) % 5);
      for (int k = 0; k < n; k++) {
        const char *from = rnd(&x) % 4 ? common : rare;
        char c[2] = {from[rnd(&x) % 9], 0};
        if (c[0] == '-' || c[0] == '/')
          strcat(pat, "\\");
        strcat(pat, c);
      }
    }
    strcat(pat, ")");
    struct rc_literals *l = rc_literals_of(pat);
    if (!l)
      continue;
    for (int k = 0; k < 20; k++) {
      char subj[400];
      size_t len = rnd(&x) % sizeof(subj);
      for (size_t i = 0; i < len; i++) {
        static const char alphabet[] = "eatsoinrEATSOINR qjzQJZ_-/\n";
        subj[i] = alphabet[rnd(&x) % (sizeof(alphabet) - 1)];
      }
      bool want = naive_in(l, subj, len);
      if (rc_literals_in(l, subj, len) != want)
        fail_msg("'%s' on '%.*s': want %d", pat, (int)len, subj, want);
      check_find(l, subj, len, len ? rnd(&x) % len : 0);
      found += want;
      judged++;
    }
    rc_literals_free(l);
  }
  assert_true(judged > 20000);
  assert_true(found > judged / 10 && found < judged - judged / 10);
}

/* The first place at or after from where one of l's strings starts (or,
 * for a caseless set with k or s, KELVIN SIGN or LONG S: PCRE2 folds them
 * to those letters); len when there is none. */
static size_t naive_first(const struct rc_literals *l, const char *subj,
                          size_t len, size_t from)
{
  bool exotic = false;
  for (size_t p = from; p < len; p++) {
    for (size_t i = 0; i < rc_literals_count(l); i++) {
      size_t n;
      bool ci;
      const char *s = rc_literals_at(l, i, &n, &ci);
      exotic |= ci && (memchr(s, 'k', n) || memchr(s, 's', n));
      if (starts_at(s, n, ci, subj, len, p))
        return p;
    }
    if (exotic && ((len - p >= 3 && memcmp(subj + p, "\xE2\x84\xAA", 3) == 0) ||
                   (len - p >= 2 && memcmp(subj + p, "\xC5\xBF", 2) == 0)))
      return p;
  }
  return len;
}

static struct rc_literals *random_set(unsigned long *x)
{
  static const char letters[] = "eatsoinrkqjzQJZ_";
  char pat[256] = "";
  if (rnd(x) % 3 == 0)
    strcat(pat, "(?i)");
  strcat(pat, "(");
  int words = 1 + (int)(rnd(x) % 8);
  for (int w = 0; w < words; w++) {
    if (w)
      strcat(pat, "|");
    int n = 2 + (int)(rnd(x) % 4);
    for (int k = 0; k < n; k++) {
      char c[2] = {letters[rnd(x) % (sizeof(letters) - 1)], 0};
      strcat(pat, c);
    }
  }
  strcat(pat, ")");
  return rc_literals_of(pat);
}

/* One pass for several sets answers what each set's own search answers:
 * the same "may match" for the whole subject, and from any place the
 * start of the first string (never later, so no line is skipped). */
static void one_pass_for_several_sets(void)
{
  unsigned long x = 11;
  struct rc_literals_hits *h = rc_literals_hits_new();
  size_t passes = 0, judged = 0, found = 0;
  size_t scans_before = rc_literals_multi_scans();
  for (int round = 0; round < 400; round++) {
    struct rc_literals *sets[8];
    size_t n = 0;
    for (int k = 0, want = 2 + (int)(rnd(&x) % 7); k < want; k++)
      if ((sets[n] = random_set(&x)))
        n++;
    struct rc_literals_multi *m =
        rc_literals_multi_new((const struct rc_literals *const *)sets, n);
    for (int k = 0; m && k < 10; k++) {
      char subj[300];
      size_t len = 0;
      size_t want = rnd(&x) % 200;
      static const char alphabet[] = "eatsoinrkEATSOINRK qjzQJZ_\n";
      while (len < want) {
        unsigned r = (unsigned)(rnd(&x) % 60);
        if (r == 0) {
          memcpy(subj + len, "\xE2\x84\xAA", 3); /* KELVIN SIGN */
          len += 3;
        } else if (r == 1) {
          memcpy(subj + len, "\xC5\xBF", 2); /* LONG S */
          len += 2;
        } else if (r < 8) {
          /* a string of a set, over the end of what is there: strings of
           * different sets and anchors overlap and are found out of order */
          const struct rc_literals *l = sets[rnd(&x) % n];
          size_t sl;
          bool ci;
          const char *str =
              rc_literals_at(l, rnd(&x) % rc_literals_count(l), &sl, &ci);
          size_t back = rnd(&x) % 4;
          size_t at = back < len ? len - back : 0;
          if (at + sl < sizeof(subj)) {
            memcpy(subj + at, str, sl);
            len = at + sl > len ? at + sl : len;
          }
        } else {
          subj[len++] = alphabet[rnd(&x) % (sizeof(alphabet) - 1)];
        }
      }
      rc_literals_multi_scan(m, subj, len, h);
      passes++;
      for (size_t i = 0; i < n; i++) {
        assert_true(rc_literals_hits_cover(h, sets[i], subj, len));
        bool in = rc_literals_in(sets[i], subj, len);
        assert_int_equal(rc_literals_hits_in(h, sets[i]), in);
        assert_int_equal(naive_first(sets[i], subj, len, 0) < len, in);
        found += in;
        judged++;
        for (size_t from = 0; from <= len; from += 1 + rnd(&x) % 7) {
          size_t at, at_own;
          size_t first = naive_first(sets[i], subj, len, from);
          bool got = rc_literals_hits_find(h, sets[i], len, from, &at);
          assert_int_equal(got, first < len);
          assert_int_equal(rc_literals_find(sets[i], subj, len, from, &at_own),
                           got);
          if (got)
            assert_int_equal(at, first);
        }
      }
      /* another subject, or a set the pass did not cover: not answered */
      assert_false(rc_literals_hits_cover(h, sets[0], subj + 1, len - 1));
    }
    rc_literals_multi_free(m);
    for (size_t i = 0; i < n; i++)
      rc_literals_free(sets[i]);
  }
  rc_literals_hits_free(h);
  assert_int_equal(rc_literals_multi_scans() - scans_before, passes);
  assert_true(passes > 2000);
  assert_true(found > judged / 10 && found < judged - judged / 10);
}

/* The same with each width of the vector pass the machine has (literals.h:
 * the 16- and 32-byte passes and the byte-by-byte one). */
static void test_one_pass_for_several_sets(void **state)
{
  (void)state;
  static const unsigned widths[] = {0, 128, 256};
  for (size_t w = 0; w < sizeof(widths) / sizeof(*widths); w++) {
    unsigned before = rc_literals_vector_width(widths[w]);
    one_pass_for_several_sets();
    rc_literals_vector_width(before);
  }
}

/* A subject's CR is looked for once per subject, and never remembered
 * across subjects or without one being announced. */
static void test_subject_has_cr(void **state)
{
  (void)state;
  struct rc_regex_scratch *rs = rc_regex_scratch_new();
  char buf[] = "a\r\nb";
  assert_true(rc_regex_subject_has_cr(rs, buf, 5));
  buf[1] = 'x'; /* same bytes' place, no subject announced: looked again */
  assert_false(rc_regex_subject_has_cr(rs, buf, 5));
  rc_regex_scratch_subject(rs);
  assert_false(rc_regex_subject_has_cr(rs, buf, 5));
  assert_true(rc_regex_subject_has_cr(rs, "\r", 1)); /* another subject */
  rc_regex_scratch_subject(rs);
  buf[1] = '\r'; /* the next file, read into the same buffer */
  assert_true(rc_regex_subject_has_cr(rs, buf, 5));
  rc_regex_scratch_free(rs);
}

static size_t naive_newlines(const char *p, size_t from, size_t to)
{
  size_t n = 0;
  for (size_t i = from; i < to; i++)
    n += p[i] == '\n';
  return n;
}

/* A subject's newline counts, kept per block after it is announced, are
 * the counts: from and to anywhere (in one block, across many, backwards
 * after forwards as several patterns ask), for subjects of up to 20 KiB
 * with lines of every length; the next file read into the same buffer
 * (announced) is counted afresh, and without an announcement nothing is
 * kept. */
static void test_subject_newlines(void **state)
{
  (void)state;
  struct rc_regex_scratch *rs = rc_regex_scratch_new();
  unsigned long x = 5;
  enum { MAX = 20000 };
  char *buf = rc_xmalloc(MAX);
  size_t asked = 0;
  for (int round = 0; round < 60; round++) {
    size_t len = rnd(&x) % MAX;
    unsigned dense = 1 + (unsigned)(rnd(&x) % 200);
    for (size_t i = 0; i < len; i++)
      buf[i] = rnd(&x) % dense == 0 ? '\n' : 'a';
    bool announce = round % 5 != 4;
    if (announce)
      rc_regex_scratch_subject(rs);
    for (int q = 0; q < 40; q++) {
      size_t a = len ? rnd(&x) % (len + 1) : 0,
             b = len ? rnd(&x) % (len + 1) : 0;
      size_t from = a < b ? a : b, to = a < b ? b : a;
      assert_int_equal(rc_regex_subject_newlines(rs, buf, len, from, to),
                       naive_newlines(buf, from, to));
      asked++;
    }
    assert_int_equal(rc_regex_subject_newlines(NULL, buf, len, 0, len),
                     naive_newlines(buf, 0, len));
  }
  assert_int_equal(asked, 60 * 40);
  free(buf);
  rc_regex_scratch_free(rs);
}

/* ---- never wrong: PCRE2 is the judge ---- */

static bool pcre_finds(const struct rc_regex *re, struct rc_regex_scratch *rs,
                       const char *s, size_t len)
{
  if (rc_regex_match(re, rs, s, len, 0, NULL, NULL) == RC_RE_MATCH)
    return true;
  for (size_t pos = 0; pos < len;) { /* and line by line, as probes do */
    const char *nl = memchr(s + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - s) : len;
    if (rc_regex_match(re, rs, s + pos, end - pos, 0, NULL, NULL) ==
        RC_RE_MATCH)
      return true;
    pos = end + 1;
  }
  return false;
}

static unsigned long rnd(unsigned long *x)
{
  *x = *x * 6364136223846793005ul + 1442695040888963407ul;
  return *x >> 33;
}

static void random_pattern(unsigned long *x, struct rc_buf *b, int depth)
{
  static const char *const atoms[] = {
      "a",   "b", "ab", "ba",  "k",   "S", "\\.",  ".",     "[ab]",  "\\d",
      "\\b", "^", "$",  "\\n", "\\s", "x", "(?i)", "\\x61", "(?=a)", "(?!b)"};
  static const char *const quants[] = {"",  "",    "",      "?",  "*",
                                       "+", "{2}", "{1,2}", "+?", "{0}"};
  int n = 1 + (int)(rnd(x) % 4);
  for (int i = 0; i < n; i++) {
    if (depth < 2 && rnd(x) % 5 == 0) {
      rc_buf_puts(b, rnd(x) % 2 ? "(" : "(?:");
      random_pattern(x, b, depth + 1);
      if (rnd(x) % 2) {
        rc_buf_puts(b, "|");
        random_pattern(x, b, depth + 1);
      }
      rc_buf_puts(b, ")");
    } else {
      const char *a = atoms[rnd(x) % (sizeof(atoms) / sizeof(*atoms))];
      rc_buf_puts(b, a);
      if (strcmp(a, "^") == 0 || strcmp(a, "$") == 0 || a[0] == '(' ||
          strcmp(a, "\\b") == 0)
        continue; /* no quantifier on assertions */
    }
    rc_buf_puts(b, quants[rnd(x) % (sizeof(quants) / sizeof(*quants))]);
  }
}

static void test_never_rules_out_a_match_random(void **state)
{
  (void)state;
  unsigned long x = 99;
  struct rc_regex_scratch *rs = rc_regex_scratch_new();
  size_t judged = 0, ruled_out = 0;
  for (int round = 0; round < 3000; round++) {
    struct rc_buf pat;
    rc_buf_init(&pat);
    random_pattern(&x, &pat, 0);
    struct rc_regex *re = rc_regex_new(pat.data, NULL, 0, NULL);
    for (int k = 0; re && k < 40; k++) {
      char subj[32];
      static const char alphabet[] = "aabbAkKSs. \n1x";
      size_t len = rnd(&x) % sizeof(subj);
      for (size_t i = 0; i < len; i++)
        subj[i] = alphabet[rnd(&x) % (sizeof(alphabet) - 1)];
      bool may = rc_regex_may_match(re, subj, len);
      ruled_out += !may;
      if (!may && pcre_finds(re, rs, subj, len))
        fail_msg("'%s' ruled out '%.*s', which matches", pat.data, (int)len,
                 subj);
      judged++;
    }
    rc_regex_free(re);
    rc_buf_release(&pat);
  }
  rc_regex_scratch_free(rs);
  assert_true(judged > 50000);
  assert_true(ruled_out > 5000); /* the prefilter does rule things out */
}

/* Every regex of the catalog against every fixture file of the catalog's
 * rule tests: a file with a match is never ruled out. */
static void patterns_of(const struct rc_node *n, const char ***out, size_t *cnt,
                        size_t *cap)
{
  if (!n)
    return;
  for (size_t i = 0; i < n->n_kids; i++)
    patterns_of(n->kids[i], out, cnt, cap);
  if (n->kind != RC_NODE_PROBE)
    return;
  for (const struct rc_field *f = n->probe->fields; f->name; f++) {
    if (f->type != RC_FIELD_REGEX)
      continue;
    const struct rc_pattern *p =
        (const struct rc_pattern *)((const char *)n->cfg + f->offset);
    if (!p->re)
      continue;
    rc_grow((void **)out, cap, *cnt, sizeof(**out));
    (*out)[(*cnt)++] = p->src;
  }
}

static void files_below(const char *dir, char ***out, size_t *n, size_t *cap)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
      continue;
    char *path = rc_test_path(dir, de->d_name);
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      files_below(path, out, n, cap);
      free(path);
    } else if (S_ISREG(st.st_mode) && st.st_size < 1000000) {
      rc_grow((void **)out, cap, *n, sizeof(**out));
      (*out)[(*n)++] = path;
    } else {
      free(path);
    }
  }
  closedir(d);
}

static void test_never_rules_out_a_match_catalog(void **state)
{
  (void)state;
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  rc_diag_init(&d);
  for (size_t i = 0; i < rc_builtin_pack_count; i++)
    assert_int_equal(rc_load_buffer(rs, rc_builtin_packs[i].name,
                                    rc_builtin_packs[i].text,
                                    rc_builtin_packs[i].len, &d),
                     0);
  const char **pats = NULL;
  size_t n_pats = 0, cap = 0;
  for (size_t i = 0; i < rs->n; i++) {
    patterns_of(rs->rules[i]->when, &pats, &n_pats, &cap);
    patterns_of(rs->rules[i]->probe, &pats, &n_pats, &cap);
  }
  char **files = NULL;
  size_t n_files = 0, fcap = 0;
  files_below("rules", &files, &n_files, &fcap);
  assert_true(n_pats > 50);
  assert_true(n_files > 100);
  struct rc_regex_scratch *scr = rc_regex_scratch_new();
  size_t matches = 0, with_literals = 0;
  for (size_t i = 0; i < n_pats; i++) {
    struct rc_regex *re = rc_regex_new(pats[i], NULL, 0, NULL);
    assert_non_null(re);
    struct rc_literals *l = rc_literals_of(pats[i]);
    with_literals += l != NULL;
    rc_literals_free(l);
    for (size_t k = 0; k < n_files; k++) {
      size_t len;
      char *data = rc_test_slurp(files[k], &len);
      if (!data)
        continue;
      if (!rc_regex_may_match(re, data, len) && pcre_finds(re, scr, data, len))
        fail_msg("'%s' ruled out %s, which matches", pats[i], files[k]);
      matches += rc_regex_may_match(re, data, len);
      free(data);
    }
    rc_regex_free(re);
  }
  assert_true(with_literals > n_pats / 2);
  assert_true(matches > 0);
  rc_regex_scratch_free(scr);
  for (size_t k = 0; k < n_files; k++)
    free(files[k]);
  free(files);
  free(pats);
  rc_ruleset_free(rs);
  rc_diag_release(&d);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sets),
      cmocka_unit_test(test_search),
      cmocka_unit_test(test_search_exact_random),
      cmocka_unit_test(test_one_pass_for_several_sets),
      cmocka_unit_test(test_subject_has_cr),
      cmocka_unit_test(test_subject_newlines),
      cmocka_unit_test(test_never_rules_out_a_match_random),
      cmocka_unit_test(test_never_rules_out_a_match_catalog),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
