/*
 * match.h - which rules a claim names. Each rule may list phrases under
 * `claims:` ("non-root user", "health check"); a claim names a rule when
 * one of its phrases occurs in the claim's text as a run of consecutive
 * words, both sides reduced to word stems first:
 *
 *   - words are runs of ASCII letters and digits, lower-cased ("non-root"
 *     is two words, "CI/CD" two, "TLS 1.2" three);
 *   - stop words (a, the, of, for, all, is, ...) are dropped;
 *   - each word loses one inflection: -ations/-ation, -ated/-ates/-ate,
 *     -ments/-ment, -ings/-ing, -ies/-ied (to -y), -ly, -ed, -es, -s (not
 *     -ss, -us, -is),
 *     -ion after t or ss, then a final -e and a doubled final consonant,
 *     as long as three letters remain; "https" and "cors" are kept
 *     whole.
 *
 * So "Health checks configured for all services" contains the phrase
 * "health check", and "Rate-limited endpoints" the phrase "rate limiting".
 * A match inside a longer match of another phrase is dropped: "health check
 * endpoint" names the health-endpoint rule, not every health-check rule.
 */
#ifndef READYCHECK_MATCH_H
#define READYCHECK_MATCH_H

#include <stdbool.h>
#include <stddef.h>

struct rc_rule;
struct rc_ruleset;

/* Stems of a text, in order, stop words removed. */
struct rc_words {
  char **w; /* owned strings */
  size_t n, cap;
};

void rc_words_init(struct rc_words *w);
void rc_words_release(struct rc_words *w);
/* Appends the stems of text's words (see above). */
void rc_words_add_text(struct rc_words *w, const char *text);
/* Reduces one lower-case ASCII word to its stem, in place. */
void rc_stem(char *word);
/* True for the words that never take part in a match. */
bool rc_is_stop_word(const char *lower_word);
/* The first index >= from where needle's stems occur consecutively in hay,
 * or -1 (also for an empty needle). */
long rc_words_find(const struct rc_words *hay, const struct rc_words *needle,
                   size_t from);

/* One rule named by a claim. */
struct rc_rule_match {
  const struct rc_rule *rule; /* borrowed from the ruleset */
  const char *phrase;         /* the rule's phrase that matched */
  size_t start, end;          /* matched span in the claim's stems */
};

struct rc_matcher;

/* Stems every `claims:` phrase of rs once. Caller owns the result; free
 * with rc_matcher_free(). rs must outlive it. */
struct rc_matcher *rc_matcher_new(const struct rc_ruleset *rs);
void rc_matcher_free(struct rc_matcher *m);

/* The rules text names, each once, in ruleset order, with spans inside a
 * longer match dropped. Returns how many; *out (caller frees) gets them,
 * NULL when none. */
size_t rc_matcher_match(const struct rc_matcher *m, const char *text,
                        struct rc_rule_match **out);

#endif
