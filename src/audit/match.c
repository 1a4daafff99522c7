/*
 * match.c - claim-to-rule matching with word stems (match.h). A light
 * suffix stripper is enough here: the phrases are short, written by the
 * rule's author next to the rule, and both sides go through the same
 * reduction, so "configured", "configuration" and "configure" meet at
 * "configur" without a dictionary.
 */
#include "readycheck/match.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"
#include "readycheck/rule.h"

void rc_words_init(struct rc_words *w)
{
  memset(w, 0, sizeof(*w));
}

void rc_words_release(struct rc_words *w)
{
  for (size_t i = 0; i < w->n; i++)
    free(w->w[i]);
  free(w->w);
  memset(w, 0, sizeof(*w));
}

static const char *const stop_words[] = {
    "a",    "across", "all",   "an",   "and",  "are",   "as",    "at",
    "be",   "been",   "being", "by",   "each", "every", "for",   "from",
    "has",  "have",   "in",    "into", "is",   "its",   "now",   "of",
    "on",   "or",     "our",   "per",  "that", "the",   "their", "these",
    "this", "those",  "to",    "via",  "was",  "were",  "with",  NULL};

bool rc_is_stop_word(const char *lower_word)
{
  for (size_t i = 0; stop_words[i]; i++)
    if (strcmp(stop_words[i], lower_word) == 0)
      return true;
  return false;
}

static bool ends_with(const char *w, size_t len, const char *suffix)
{
  size_t n = strlen(suffix);
  return len >= n && memcmp(w + len - n, suffix, n) == 0;
}

static bool is_vowel(char c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Keeps at least three characters of a word. */
#define STEM_MIN 3

struct suffix {
  const char *strip;
  const char *add;
};

/* Tried in order; the first that leaves STEM_MIN characters applies. */
static const struct suffix inflections[] = {
    {"ations", ""}, {"ation", ""}, {"ated", ""}, {"ates", ""}, {"ate", ""},
    {"ments", ""},  {"ment", ""},  {"ings", ""}, {"ing", ""},  {"ies", "y"},
    {"ied", "y"},   {"ly", ""},    {"ed", ""},   {"es", ""},   {"s", ""},
};

static size_t strip_inflection(char *w, size_t len)
{
  for (size_t i = 0; i < sizeof(inflections) / sizeof(inflections[0]); i++) {
    const struct suffix *s = &inflections[i];
    size_t n = strlen(s->strip);
    if (!ends_with(w, len, s->strip) || len - n + strlen(s->add) < STEM_MIN)
      continue;
    /* "access", "status", "redis" are not plurals. */
    if (strcmp(s->strip, "s") == 0 &&
        (ends_with(w, len, "ss") || ends_with(w, len, "us") ||
         ends_with(w, len, "is")))
      return len;
    if (strcmp(s->strip, "es") == 0 && ends_with(w, len, "sses"))
      return len - 2; /* "processes" -> "process" */
    len -= n;
    memcpy(w + len, s->add, strlen(s->add) + 1);
    return len + strlen(s->add);
  }
  return len;
}

/* Words whose last letter is not an inflection. */
static const char *const kept_whole[] = {"cors", "https", NULL};

void rc_stem(char *w)
{
  size_t len = strlen(w);
  if (len <= STEM_MIN)
    return;
  for (size_t i = 0; kept_whole[i]; i++)
    if (strcmp(w, kept_whole[i]) == 0)
      return;
  len = strip_inflection(w, len);
  /* "protection", "compression" (but "version" stays). */
  if (len > STEM_MIN + 3 && ends_with(w, len, "ion") &&
      (w[len - 4] == 't' || ends_with(w, len - 3, "ss")))
    len -= 3;
  if (len > STEM_MIN && w[len - 1] == 'e')
    len--;
  /* "scann" -> "scan", "logg" -> "log"; "install", "access" stay. */
  if (len > STEM_MIN && w[len - 1] == w[len - 2] && !is_vowel(w[len - 1]) &&
      w[len - 1] != 'l' && w[len - 1] != 's' && w[len - 1] != 'z')
    len--;
  w[len] = '\0';
}

static bool is_word_byte(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

static void push(struct rc_words *w, char *s)
{
  rc_grow((void **)&w->w, &w->cap, w->n, sizeof(*w->w));
  w->w[w->n++] = s;
}

void rc_words_add_text(struct rc_words *w, const char *text)
{
  for (const char *p = text; *p;) {
    if (!is_word_byte(*p)) {
      p++;
      continue;
    }
    const char *start = p;
    while (is_word_byte(*p))
      p++;
    char *word = rc_xstrndup(start, (size_t)(p - start));
    for (char *c = word; *c; c++)
      if (*c >= 'A' && *c <= 'Z')
        *c = (char)(*c - 'A' + 'a');
    if (rc_is_stop_word(word)) {
      free(word);
      continue;
    }
    rc_stem(word);
    push(w, word);
  }
}

long rc_words_find(const struct rc_words *hay, const struct rc_words *needle,
                   size_t from)
{
  if (needle->n == 0 || hay->n < needle->n)
    return -1;
  for (size_t i = from; i + needle->n <= hay->n; i++) {
    size_t k = 0;
    while (k < needle->n && strcmp(hay->w[i + k], needle->w[k]) == 0)
      k++;
    if (k == needle->n)
      return (long)i;
  }
  return -1;
}

/* ---- the matcher --------------------------------------------------------- */

struct phrase {
  const struct rc_rule *rule;
  size_t rule_index; /* position in the ruleset: output order */
  const char *text;
  struct rc_words words;
};

struct rc_matcher {
  struct phrase *p;
  size_t n, cap;
};

struct rc_matcher *rc_matcher_new(const struct rc_ruleset *rs)
{
  struct rc_matcher *m = rc_xcalloc(1, sizeof(*m));
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    for (size_t k = 0; k < r->n_claims; k++) {
      rc_grow((void **)&m->p, &m->cap, m->n, sizeof(*m->p));
      struct phrase *ph = &m->p[m->n++];
      ph->rule = r;
      ph->rule_index = i;
      ph->text = r->claims[k];
      rc_words_init(&ph->words);
      rc_words_add_text(&ph->words, ph->text);
    }
  }
  return m;
}

void rc_matcher_free(struct rc_matcher *m)
{
  if (!m)
    return;
  for (size_t i = 0; i < m->n; i++)
    rc_words_release(&m->p[i].words);
  free(m->p);
  free(m);
}

struct hit {
  size_t phrase;
  size_t start, end;
};

/* A hit whose span lies strictly inside another, longer hit's span names
 * something more general than what the claim says. */
static bool subsumed(const struct hit *h, const struct hit *all, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const struct hit *o = &all[i];
    if (o->start <= h->start && o->end >= h->end &&
        o->end - o->start > h->end - h->start)
      return true;
  }
  return false;
}

size_t rc_matcher_match(const struct rc_matcher *m, const char *text,
                        struct rc_rule_match **out)
{
  struct rc_words words;
  rc_words_init(&words);
  rc_words_add_text(&words, text);
  struct hit *hits = NULL;
  size_t n_hits = 0, cap = 0;
  for (size_t i = 0; i < m->n; i++) {
    long at = rc_words_find(&words, &m->p[i].words, 0);
    if (at < 0)
      continue;
    rc_grow((void **)&hits, &cap, n_hits, sizeof(*hits));
    hits[n_hits++] = (struct hit){i, (size_t)at, (size_t)at + m->p[i].words.n};
  }
  struct rc_rule_match *res = NULL;
  size_t n = 0, res_cap = 0;
  /* Phrases are stored in ruleset order, so results come out in it. */
  for (size_t i = 0; i < n_hits; i++) {
    const struct phrase *ph = &m->p[hits[i].phrase];
    if (subsumed(&hits[i], hits, n_hits) ||
        (n > 0 && res[n - 1].rule == ph->rule))
      continue;
    rc_grow((void **)&res, &res_cap, n, sizeof(*res));
    res[n++] =
        (struct rc_rule_match){ph->rule, ph->text, hits[i].start, hits[i].end};
  }
  free(hits);
  rc_words_release(&words);
  *out = res;
  return n;
}
