/*
 * mask.c - hides secret values in evidence text before anything reports it.
 *
 * Independent detectors mark byte ranges of a line to hide (secret-named
 * assignments, credentials in URLs, known token shapes, PEM private-key
 * bodies, long random-looking strings); each marked run is then written as
 * "****". When unsure a detector hides: a masked word costs readability, a
 * missed secret leaks. Deciding what is evidence is left to check.c.
 */
#include "readycheck/mask.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

static const char mask_text[] = "****";

enum {
  ENTROPY_MIN_LEN = 24, /* shortest run the randomness test looks at */
  NAME_MAX_LEN = 256,   /* longer key names are judged on this prefix */
  MAX_NESTING = 4,      /* ${A:-${B:-...}} depth before hiding it all */
  MAX_REF_LEN = 1024,   /* a longer "${..." is not a reference: keeps
                           scans linear on hostile lines */
};

/* One line being scanned and the bytes chosen for hiding. */
struct scan {
  const char *s;
  size_t n;
  unsigned char *hide;
  bool netrc; /* the line has "machine " or "login " */
  bool weak;  /* the key being judged says only "auth" (see secret_name) */
};

static void hide(struct scan *sc, size_t a, size_t b)
{
  if (b > sc->n)
    b = sc->n;
  if (a < b)
    memset(sc->hide + a, 1, b - a);
}

/* ---- characters (ASCII only: bytes >= 0x80 are never letters here) ---- */

static bool is_upper(int c)
{
  return c >= 'A' && c <= 'Z';
}

static bool is_lower(int c)
{
  return c >= 'a' && c <= 'z';
}

static bool is_digit(int c)
{
  return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
  return is_upper(c) || is_lower(c);
}

static bool is_alnum(int c)
{
  return is_alpha(c) || is_digit(c);
}

static bool is_space(int c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_quote(int c)
{
  return c == '"' || c == '\'' || c == '`';
}

static int to_lower(int c)
{
  return is_upper(c) ? c - 'A' + 'a' : c;
}

/* Characters of a key name: API_KEY, spring.datasource.password, x-api-key */
static bool is_key_char(int c)
{
  return is_alnum(c) || c == '_' || c == '-' || c == '.';
}

static bool is_name_start(int c)
{
  return is_alpha(c) || c == '_';
}

static bool is_name_char(int c)
{
  return is_alnum(c) || c == '_';
}

static unsigned char at(const struct scan *sc, size_t i)
{
  return i < sc->n ? (unsigned char)sc->s[i] : '\0';
}

static bool ci_prefix(const char *s, size_t n, const char *word)
{
  size_t w = strlen(word);
  if (n < w)
    return false;
  for (size_t i = 0; i < w; i++)
    if (to_lower((unsigned char)s[i]) != word[i])
      return false;
  return true;
}

static bool ci_equal(const char *s, size_t n, const char *word)
{
  return n == strlen(word) && ci_prefix(s, n, word);
}

static bool prefix(const char *s, size_t n, const char *word)
{
  size_t w = strlen(word);
  return n >= w && memcmp(s, word, w) == 0;
}

static const char *find(const char *s, size_t n, const char *word)
{
  size_t w = strlen(word);
  for (size_t i = 0; i + w <= n; i++)
    if (memcmp(s + i, word, w) == 0)
      return s + i;
  return NULL;
}

/* ---- which names are secret ---- */

static const char *const secret_words[] = {
    "password", "passwd",     "passphrase", "pwd", "secret",
    "token",    "credential", "jwt",        "dsn", NULL,
};

/* Matched with '_', '-', '.' and spaces removed: api_key, apiKey, api-key. */
static const char *const secret_compounds[] = {
    "apikey", "accesskey", "privatekey", "sessionkey", "clientsecret", NULL,
};

/* Whole segments only: "pass" alone, not "bypass" or "passenger". */
static const char *const secret_segments[] = {"pass", "pw", NULL};

static bool has_auth(const char *low, size_t n)
{
  /* auth, oauth, basic_auth, authorization, but not author or authority */
  for (size_t i = 0; i + 4 <= n; i++) {
    if (memcmp(low + i, "auth", 4) != 0)
      continue;
    const char *rest = low + i + 4;
    size_t left = n - i - 4;
    if (left >= 2 && memcmp(rest, "or", 2) == 0 &&
        !(left >= 4 && memcmp(rest, "oriz", 4) == 0))
      continue;
    return true;
  }
  return false;
}

static bool has_word(const char *low, size_t n, const char *const *words)
{
  for (size_t k = 0; words[k]; k++) {
    size_t w = strlen(words[k]);
    for (size_t i = 0; i + w <= n; i++)
      if (memcmp(low + i, words[k], w) == 0)
        return true;
  }
  return false;
}

/* Splits at separators and camelCase humps; true if a segment is listed. */
static bool has_segment(const char *name, size_t n)
{
  size_t i = 0;
  while (i < n) {
    while (i < n && !is_alnum((unsigned char)name[i]))
      i++;
    size_t a = i++;
    while (i < n && is_alnum((unsigned char)name[i]) &&
           !(is_upper((unsigned char)name[i]) &&
             is_lower((unsigned char)name[i - 1])))
      i++;
    for (size_t k = 0; a < n && secret_segments[k]; k++)
      if (ci_equal(name + a, i - a, secret_segments[k]))
        return true;
  }
  return false;
}

/* How strongly a key name says secret: 2 for password, token, api key and
 * the like; 1 when it only holds "auth", which is also in names of apps
 * and services (2FAuth, auth-service), so its value must look like a
 * credential, not a short sentence, to be hidden; 0 for none. */
static int secret_name(const char *name, size_t n)
{
  char low[NAME_MAX_LEN], compact[NAME_MAX_LEN];
  size_t nl = 0, nc = 0;
  for (size_t i = 0; i < n && nl < sizeof(low); i++) {
    int c = to_lower((unsigned char)name[i]);
    low[nl++] = (char)c;
    if (c != '_' && c != '-' && c != '.' && c != ' ')
      compact[nc++] = (char)c;
  }
  if (has_word(low, nl, secret_words) ||
      has_word(compact, nc, secret_compounds) ||
      has_segment(name, n < NAME_MAX_LEN ? n : NAME_MAX_LEN))
    return 2;
  return has_auth(low, nl) ? 1 : 0;
}

/* ---- values that are not secrets ---- */

static const char *const placeholder_words[] = {
    "changeme",    "change_me",  "change-me", "changeit", "replaceme",
    "replace_me",  "replace-me", "todo",      "tbd",      "fixme",
    "placeholder", "dummy",      "example",   "redacted", "null",
    "nil",         "none",       "undefined", "true",     "false",
    "~",           NULL,
};

static bool only_filler(const char *v, size_t n)
{
  /* xxx, ****, ..., x-x-x */
  size_t x = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i] == 'x' || v[i] == 'X' || v[i] == '*' || v[i] == '.')
      x++;
    else if (v[i] != '-' && v[i] != '_')
      return false;
  }
  return x >= 3 || (x > 0 && x == n && v[0] == '*');
}

static bool placeholder(const char *v, size_t n)
{
  if (n == 0 || only_filler(v, n))
    return true;
  for (size_t k = 0; placeholder_words[k]; k++)
    if (ci_equal(v, n, placeholder_words[k]))
      return true;
  if (v[0] == '<' && v[n - 1] == '>') /* <your-token>, <%= ENV["X"] %> */
    return true;
  if (prefix(v, n, "{{") && n >= 4 && v[n - 2] == '}' && v[n - 1] == '}')
    return true; /* templates: {{ .Values.password }} */
  if (ci_prefix(v, n, "your_") || ci_prefix(v, n, "your-") ||
      ci_prefix(v, n, "your ") || ci_prefix(v, n, "<your"))
    return true;
  return n > 5 &&
         (ci_equal(v + n - 5, 5, "_here") || ci_equal(v + n - 5, 5, "-here"));
}

/* Code that reads a secret from elsewhere: the name it reads is fine to
 * show, a literal default after it is not. */
static const char *const accessors[] = {
    "process.env", "os.environ",    "os.getenv",
    "getenv(",     "env(",          "ENV[",
    "ENV.fetch",   "System.getenv", "import.meta.env",
    "Deno.env",    "secrets.",      "vars.",
    NULL,
};

static bool is_accessor(const char *v, size_t n)
{
  for (size_t k = 0; accessors[k]; k++)
    if (prefix(v, n, accessors[k]))
      return true;
  return false;
}

/* ---- values ---- */

static void hide_value(struct scan *sc, size_t a, size_t b, int depth);

/* End of a quoted string starting at q (the quote), exclusive of the
 * closing quote; *next is set past it. Unterminated strings run to b. */
static size_t quoted_end(const struct scan *sc, size_t q, size_t b,
                         size_t *next)
{
  char quote = sc->s[q];
  size_t i = q + 1;
  while (i < b) {
    if (sc->s[i] == '\\' && quote != '\'' && i + 1 < b) {
      i += 2;
      continue;
    }
    if (sc->s[i] == quote) {
      if (quote == '\'' && i + 1 < b && sc->s[i + 1] == '\'') {
        i += 2; /* YAML '' */
        continue;
      }
      *next = i + 1;
      return i;
    }
    i++;
  }
  *next = b;
  return b;
}

/* A fallback of a variable whose name is not secret that cannot be one:
 * a number (a port) or a short plain word ("development", "info"). */
static bool harmless_default(const char *v, size_t n)
{
  bool digits = n > 0, word = n > 0 && n < 16;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)v[i];
    digits = digits && is_digit(c);
    word = word && (is_lower(c) || c == '-' || c == '_' || c == '.');
  }
  return digits || word;
}

/* Hides quoted literals that are not the first argument of a call or an
 * index: os.getenv("NAME", "****"), process.env.X || '****'. Unless
 * strict (the name read is a secret's), harmless defaults stay. */
static void hide_accessor_literals(struct scan *sc, size_t a, size_t b,
                                   bool strict)
{
  size_t i = a;
  while (i < b) {
    if (!is_quote(at(sc, i))) {
      i++;
      continue;
    }
    size_t j = i;
    while (j > a && is_space(at(sc, j - 1)))
      j--;
    bool argument = j > a && (sc->s[j - 1] == '(' || sc->s[j - 1] == '[');
    size_t next, end = quoted_end(sc, i, b, &next);
    const char *v = sc->s + i + 1;
    size_t n = end - i - 1;
    if (!argument && !placeholder(v, n) && (strict || !harmless_default(v, n)))
      hide(sc, i + 1, end);
    i = next;
  }
}

/* Finds the '}' matching the "${" at i, before b and within MAX_REF_LEN.
 * False for an unterminated reference, which then counts as plain text. */
static bool brace_end(const struct scan *sc, size_t i, size_t b, size_t *close)
{
  int level = 0;
  size_t stop = b - i > MAX_REF_LEN ? i + MAX_REF_LEN : b;
  for (size_t k = i + 1; k < stop; k++) {
    if (sc->s[k] == '{')
      level++;
    else if (sc->s[k] == '}' && --level == 0) {
      *close = k;
      return true;
    }
  }
  return false;
}

/* For "${NAME<op>default}" at i: sets the name and default ranges. Returns
 * false when there is no default (plain ${NAME}, ${NAME:?message}, ...). */
static bool ref_default(const struct scan *sc, size_t i, size_t close,
                        size_t *name_end, size_t *d0)
{
  size_t k = i + 2;
  if (!is_name_start(at(sc, k)))
    return false;
  while (k < close && is_name_char(at(sc, k)))
    k++;
  *name_end = k;
  if (at(sc, k) == ':')
    k++;
  if (k >= close || (sc->s[k] != '-' && sc->s[k] != '=' && sc->s[k] != '+'))
    return false;
  *d0 = k + 1;
  return true;
}

/* Hides the literal part of a value between references: keeps pure
 * punctuation (":" in "${U}:${P}") and placeholders. */
static void hide_literal(struct scan *sc, size_t a, size_t b)
{
  while (a < b && is_space(at(sc, a)))
    a++;
  while (b > a && is_space(at(sc, b - 1)))
    b--;
  bool word = false;
  for (size_t i = a; i < b && !word; i++)
    word = is_alnum(at(sc, i)) || at(sc, i) >= 0x80;
  if (word && !placeholder(sc->s + a, b - a))
    hide(sc, a, b);
}

/* Length of a $NAME reference at i, or 0. Only upper-case names count:
 * "$ecretPass" is more likely a password than a variable. */
static size_t bare_ref(const struct scan *sc, size_t i, size_t a, size_t b)
{
  if (i > a && is_alnum(at(sc, i - 1)))
    return 0;
  size_t k = i + 1;
  if (!is_upper(at(sc, k)) && at(sc, k) != '_')
    return 0;
  while (k < b &&
         (is_upper(at(sc, k)) || is_digit(at(sc, k)) || at(sc, k) == '_'))
    k++;
  if (k < b && is_lower(at(sc, k)))
    return 0;
  return k - i;
}

/* A secret-named key's value: hide every literal part, keep ${VAR} and
 * $VAR references but not their inline defaults. */
static void hide_refs_and_literals(struct scan *sc, size_t a, size_t b,
                                   int depth)
{
  size_t lit = a, i = a;
  while (i < b) {
    if (sc->s[i] == '$' && at(sc, i + 1) == '$' && i + 1 < b) {
      i += 2; /* "$$" is a literal dollar */
      continue;
    }
    size_t close, name_end, d0;
    if (sc->s[i] == '$' && at(sc, i + 1) == '{' &&
        brace_end(sc, i, b, &close)) {
      hide_literal(sc, lit, i);
      if (ref_default(sc, i, close, &name_end, &d0))
        hide_value(sc, d0, close, depth + 1);
      i = lit = close + 1;
      continue;
    }
    size_t r = sc->s[i] == '$' ? bare_ref(sc, i, a, b) : 0;
    if (r) {
      hide_literal(sc, lit, i);
      i = lit = i + r;
      continue;
    }
    i++;
  }
  hide_literal(sc, lit, b);
}

static const char *const auth_schemes[] = {"bearer ", "basic ", "token ",
                                           "bot ", NULL};

/* An English sentence, not a credential: four or more lowercase words of
 * which at least two are function words ("database without a named volume
 * for its data"). A passphrase of content words stays a secret. */
static bool prose(const char *v, size_t n)
{
  static const char *const small[] = {
      "a",  "an",  "the", "or", "and",  "for",     "of",   "to", "in",
      "on", "no",  "not", "is", "its",  "without", "with", "by", "from",
      "as", "are", "be",  "it", "this", "that",    NULL};
  size_t words = 0, function = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && (v[i] == ' ' || v[i] == ','))
      i++;
    /* a word may open a parenthesis, start with a capital ("Dockerfile")
     * and close with punctuation: "(in compose or its Dockerfile)" */
    if (i < n && v[i] == '(')
      i++;
    size_t w = i;
    if (i < n && v[i] >= 'A' && v[i] <= 'Z')
      i++;
    while (i < n && v[i] != ' ' && v[i] != ',') {
      if (strchr(").:;", v[i]) &&
          (i + 1 == n || v[i + 1] == ' ' || strchr(").:;,", v[i + 1])))
        break;
      if (!is_lower((unsigned char)v[i]) && v[i] != '\'' && v[i] != '-')
        return false;
      i++;
    }
    size_t end = i;
    while (i < n && strchr(").:;", v[i]))
      i++;
    if (end == w)
      break;
    words++;
    for (size_t k = 0; small[k]; k++)
      if (strlen(small[k]) == end - w && memcmp(v + w, small[k], end - w) == 0)
        function++;
  }
  return words >= 4 && function >= 2;
}

/* Under a weak key (only "auth", see secret_name) a value is a sentence
 * when it has three or more words, one of them a function word, whatever
 * punctuation the others hold: readycheck's own "no resource limits
 * (deploy.resources.limits or mem_limit/cpus)". Credentials have no
 * spaces, or no function words. */
static bool loose_prose(const char *v, size_t n)
{
  static const char *const small[] = {"a",   "an",  "the", "or",   "and",
                                      "for", "of",  "to",  "in",   "on",
                                      "no",  "not", "is",  "does", NULL};
  size_t words = 0, function = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && v[i] == ' ')
      i++;
    size_t w = i;
    while (i < n && v[i] != ' ')
      i++;
    if (i == w)
      break;
    words++;
    for (size_t k = 0; small[k]; k++)
      if (strlen(small[k]) == i - w && memcmp(v + w, small[k], i - w) == 0)
        function++;
  }
  return words >= 3 && function >= 1;
}

static void hide_value(struct scan *sc, size_t a, size_t b, int depth)
{
  while (a < b && is_space(at(sc, a)))
    a++;
  while (b > a && is_space(at(sc, b - 1)))
    b--;
  if (depth > MAX_NESTING) {
    hide(sc, a, b);
    return;
  }
  size_t core = b; /* null}, true), false; */
  while (core > a && sc->s[core - 1] && strchr(",;)}] \t", sc->s[core - 1]))
    core--;
  if (placeholder(sc->s + a, b - a) || placeholder(sc->s + a, core - a) ||
      prose(sc->s + a, core - a) ||
      (sc->weak && loose_prose(sc->s + a, core - a)))
    return;
  if (is_accessor(sc->s + a, b - a)) {
    hide_accessor_literals(sc, a, b, true);
    return;
  }
  for (size_t k = 0; auth_schemes[k]; k++)
    if (ci_prefix(sc->s + a, b - a, auth_schemes[k]))
      a += strlen(auth_schemes[k]);
  hide_refs_and_literals(sc, a, b, depth);
}

/* ---- key = value ---- */

/* After "k = v" comes another pair ("a=1&b=2", "Server=x;Password=y")? */
static bool pair_follows(const struct scan *sc, size_t i)
{
  while (i < sc->n && is_space(at(sc, i)))
    i++;
  if (!is_name_start(at(sc, i)))
    return false;
  while (i < sc->n && is_key_char(at(sc, i)))
    i++;
  while (i < sc->n && is_space(at(sc, i)))
    i++;
  return at(sc, i) == '=' || (at(sc, i) == ':' && at(sc, i + 1) != '/');
}

/* Where an unquoted value ends: a comment, the next pair, or the line end.
 * Spaces do not end it: "password: two words" hides both. */
static size_t unquoted_end(const struct scan *sc, size_t i)
{
  for (; i < sc->n; i++) {
    unsigned char c = at(sc, i);
    if (is_space(c) && at(sc, i + 1) == '#')
      return i;
    if (is_space(c) && at(sc, i + 1) == '/' && at(sc, i + 2) == '/')
      return i;
    if ((c == ';' || c == '&' || c == ',') && pair_follows(sc, i + 1))
      return i;
  }
  return sc->n;
}

/* A flow list: hides each element. Returns the index after ']'. */
static size_t hide_list(struct scan *sc, size_t i)
{
  size_t elem = ++i;
  while (i < sc->n && sc->s[i] != ']') {
    if (is_quote(at(sc, i))) {
      size_t next, end = quoted_end(sc, i, sc->n, &next);
      hide_value(sc, i + 1, end, 0);
      i = elem = next;
      continue;
    }
    if (sc->s[i] == ',') {
      hide_value(sc, elem, i, 0);
      elem = i + 1;
    }
    i++;
  }
  hide_value(sc, elem, i, 0);
  return i < sc->n ? i + 1 : i;
}

/* A flow mapping under a secret key ("auth": {"user": "u", "pass": "p"}):
 * hides the value of every pair. Returns the index after '}'. */
static size_t hide_map(struct scan *sc, size_t i)
{
  size_t val = 0;
  bool in_val = false;
  i++;
  while (i < sc->n && sc->s[i] != '}') {
    unsigned char c = at(sc, i);
    if (is_quote(c)) {
      size_t next, end = quoted_end(sc, i, sc->n, &next);
      if (in_val)
        hide_value(sc, i + 1, end, 0);
      in_val = false;
      i = next;
      continue;
    }
    if (!in_val && (c == ':' || c == '=')) {
      in_val = true;
      val = i + 1;
    } else if (c == ',') {
      if (in_val)
        hide_value(sc, val, i, 0);
      in_val = false;
    }
    i++;
  }
  if (in_val)
    hide_value(sc, val, i, 0);
  return i < sc->n ? i + 1 : i;
}

/* Hides the value starting at i (spaces before it allowed). Returns the
 * index after the value. */
static size_t take_value(struct scan *sc, size_t i, bool one_word)
{
  while (i < sc->n && is_space(at(sc, i)))
    i++;
  unsigned char c = at(sc, i);
  if (i >= sc->n || c == '|' || c == '>')
    return i; /* a block scalar: its own lines are not on this one */
  if (c == '{')
    return hide_map(sc, i);
  if (c == '[')
    return hide_list(sc, i);
  if (is_quote(c)) {
    size_t next, end = quoted_end(sc, i, sc->n, &next);
    hide_value(sc, i + 1, end, 0);
    return next;
  }
  size_t end = i;
  if (one_word)
    while (end < sc->n && !is_space(at(sc, end)))
      end++;
  else
    end = unquoted_end(sc, i);
  hide_value(sc, i, end, 0);
  return end;
}

/* Length of the assignment operator at i ("=", ":", ":=", "=>", "==",
 * "!=", "+="), or 0. */
static size_t separator(const struct scan *sc, size_t i)
{
  unsigned char c = at(sc, i), d = at(sc, i + 1);
  if (c == '=')
    return d == '=' ? (at(sc, i + 2) == '=' ? 3 : 2)
                    : (d == '>' ? 2 : (d == '~' ? 0 : 1));
  if (c == ':')
    return d == ':' ? 0 : (d == '=' ? 2 : 1);
  if ((c == '!' || c == '+') && d == '=')
    return 2;
  return 0;
}

/* .netrc: "machine h login me password VALUE" has no '=' or ':'. */
static bool netrc_password(const struct scan *sc, size_t k0, size_t k1)
{
  return sc->netrc && ci_equal(sc->s + k0, k1 - k0, "password");
}

/* The quote at k1 closes a quoted key that holds more than the name
 * ("admin:password", 'db/password'): the same quote opens it before k0,
 * with no space or other quote between. */
static bool closes_quoted_key(const struct scan *sc, size_t k0, size_t k1)
{
  unsigned char q = at(sc, k1);
  if (!is_quote(q))
    return false;
  for (size_t j = k0; j > 0; j--) {
    unsigned char c = at(sc, j - 1);
    if (c == q)
      return true;
    if (is_space(c) || is_quote(c))
      return false;
  }
  return false;
}

/* The key name [k0, k1) is secret: finds its value. Returns where scanning
 * continues. */
static size_t key_value(struct scan *sc, size_t k0, size_t k1, bool flag)
{
  size_t i = k1;
  unsigned char open = k0 > 0 ? at(sc, k0 - 1) : '\0';
  if ((is_quote(open) && at(sc, i) == open) || closes_quoted_key(sc, k0, k1))
    i++;
  if (at(sc, i) == ']')
    i++; /* cfg["password"] = ... */
  if (open == '<' && at(sc, i) == '>') {
    size_t end = i + 1;
    while (end < sc->n && sc->s[end] != '<')
      end++;
    hide_value(sc, i + 1, end, 0);
    return end;
  }
  size_t sp = i;
  while (i < sc->n && is_space(at(sc, i)))
    i++;
  size_t op = separator(sc, i);
  if (op)
    return take_value(sc, i + op, false);
  if ((flag || netrc_password(sc, k0, k1)) && i > sp) /* --password x */
    return take_value(sc, i, true);
  return k1;
}

static void mark_assignments(struct scan *sc)
{
  size_t i = 0;
  while (i < sc->n) {
    bool start =
        is_key_char(at(sc, i)) && (i == 0 || !is_key_char(at(sc, i - 1)));
    if (!start) {
      i++;
      continue;
    }
    size_t k0 = i, k1 = i;
    while (k1 < sc->n && is_key_char(at(sc, k1)))
      k1++;
    bool flag = false;
    while (k0 < k1 && sc->s[k0] == '-') {
      k0++;
      flag = true;
    }
    while (k1 > k0 && (sc->s[k1 - 1] == '.' || sc->s[k1 - 1] == '-'))
      k1--;
    /* ${NAME} is a reference and scheme://name:... is a URL user: the
     * defaults and URL detectors own those. */
    bool is_ref = (k0 >= 2 && sc->s[k0 - 1] == '{' && sc->s[k0 - 2] == '$') ||
                  (k0 >= 3 && memcmp(sc->s + k0 - 3, "://", 3) == 0);
    size_t next = k1 > k0 ? k1 : k0 + 1;
    int strength = is_ref || k1 == k0 ? 0 : secret_name(sc->s + k0, k1 - k0);
    if (strength) {
      sc->weak = strength == 1;
      next = key_value(sc, k0, k1, flag);
      sc->weak = false;
    }
    i = next > i ? next : i + 1;
  }
}

/* Dockerfile "ENV KEY value" (no '='): the rest of the line is the value. */
static void mark_dockerfile_env(struct scan *sc)
{
  size_t i = 0;
  while (i < sc->n && is_space(at(sc, i)))
    i++;
  if (!ci_prefix(sc->s + i, sc->n - i, "env") || !is_space(at(sc, i + 3)))
    return;
  i += 3;
  while (i < sc->n && is_space(at(sc, i)))
    i++;
  size_t k0 = i;
  while (i < sc->n && is_key_char(at(sc, i)))
    i++;
  if (i == k0 || !is_space(at(sc, i)) || !secret_name(sc->s + k0, i - k0))
    return;
  hide_value(sc, i, sc->n, 0);
}

/* Where the name an accessor reads starts: after ".", "[", "(", quotes
 * and a get( or fetch( call, as in process.env["X"], os.environ.get('X'),
 * Deno.env.get("X"), ENV.fetch("X"). */
static size_t accessed_name(const struct scan *sc, size_t j)
{
  for (;;) {
    while (j < sc->n && sc->s[j] && strchr(".[( \"'`", sc->s[j]))
      j++;
    if (prefix(sc->s + j, sc->n - j, "get("))
      j += 4;
    else if (prefix(sc->s + j, sc->n - j, "fetch("))
      j += 6;
    else
      return j;
  }
}

/* Code that reads the environment with a literal fallback, anywhere on a
 * line (const db = process.env.DB_PASSWORD || 'hunter2'): the fallback is
 * hidden, strictly when the name read is a secret's, else unless it is a
 * harmless default (a port, a plain word). The statement ends at ';'. */
static void mark_accessors(struct scan *sc)
{
  for (size_t i = 0; i < sc->n; i++) {
    if (i > 0 && (is_name_char(at(sc, i - 1)) || at(sc, i - 1) == '.'))
      continue;
    size_t len = 0;
    for (size_t k = 0; accessors[k] && !len; k++)
      if (prefix(sc->s + i, sc->n - i, accessors[k]))
        len = strlen(accessors[k]);
    if (!len)
      continue;
    size_t n0 = accessed_name(sc, i + len), n1 = n0;
    while (n1 < sc->n && is_name_char(at(sc, n1)))
      n1++;
    size_t from = n1 < sc->n && is_quote(at(sc, n1)) ? n1 + 1 : n1;
    size_t end = from;
    while (end < sc->n && sc->s[end] != ';')
      end++;
    hide_accessor_literals(sc, from, end,
                           n1 > n0 && secret_name(sc->s + n0, n1 - n0));
    i = n1 > i ? n1 - 1 : i;
  }
}

/* ${SECRET_NAME:-default} anywhere: the default is a secret value. */
static void mark_defaults(struct scan *sc)
{
  for (size_t i = 0; i + 1 < sc->n; i++) {
    if (sc->s[i] != '$' || sc->s[i + 1] != '{')
      continue;
    size_t close, name_end, d0;
    if (brace_end(sc, i, sc->n, &close) &&
        ref_default(sc, i, close, &name_end, &d0) &&
        secret_name(sc->s + i + 2, name_end - i - 2))
      hide_value(sc, d0, close, 1);
  }
}

/* ---- URLs ---- */

static bool ends_authority(unsigned char c)
{
  return c == '/' || c == '?' || c == '#' || is_space(c) || is_quote(c) ||
         c == '<' || c == '>' || c == '\0';
}

static bool has_alnum(const struct scan *sc, size_t from, size_t to)
{
  for (size_t i = from; i < to; i++)
    if (is_alnum(at(sc, i)))
      return true;
  return false;
}

/* scheme://user:PASS@host -> the password; scheme://TOKEN@host -> a long
 * user name that is really a token (tokens have letters or digits). */
static void mark_url_at(struct scan *sc, size_t p)
{
  size_t e = p, last_at = 0;
  bool has_at = false;
  while (e < sc->n && !ends_authority(at(sc, e))) {
    size_t close;
    if (sc->s[e] == '$' && at(sc, e + 1) == '{' &&
        brace_end(sc, e, sc->n, &close)) {
      e = close + 1; /* ${DB_HOST:-a/b} does not end the authority */
      continue;
    }
    if (sc->s[e] == '@') {
      last_at = e;
      has_at = true;
    }
    e++;
  }
  if (!has_at)
    return;
  size_t colon = p;
  while (colon < last_at && sc->s[colon] != ':') {
    size_t close;
    if (sc->s[colon] == '$' && at(sc, colon + 1) == '{' &&
        brace_end(sc, colon, last_at, &close))
      colon = close; /* ${USER:-x} is the user, not user:password */
    colon++;
  }
  if (colon < last_at)
    hide_value(sc, colon + 1, last_at, 1);
  else if (last_at - p >= 16 && sc->s[p] != '$' && has_alnum(sc, p, last_at))
    hide(sc, p, last_at);
}

static void mark_urls(struct scan *sc)
{
  for (size_t i = 0; i + 3 <= sc->n; i++)
    if (memcmp(sc->s + i, "://", 3) == 0)
      mark_url_at(sc, i + 3);
}

/* ---- token shapes ---- */

enum charset { CS_UPPER_DIGIT, CS_ALNUM, CS_WORD, CS_WORD_DASH };

struct shape {
  const char *prefix;
  enum charset cs;
  size_t min; /* characters after the prefix */
};

static const struct shape shapes[] = {
    {"AKIA", CS_UPPER_DIGIT, 16}, {"ASIA", CS_UPPER_DIGIT, 16},
    {"ghp_", CS_ALNUM, 20},       {"gho_", CS_ALNUM, 20},
    {"ghu_", CS_ALNUM, 20},       {"ghs_", CS_ALNUM, 20},
    {"ghr_", CS_ALNUM, 20},       {"github_pat_", CS_WORD, 20},
    {"xoxa-", CS_WORD_DASH, 10},  {"xoxb-", CS_WORD_DASH, 10},
    {"xoxp-", CS_WORD_DASH, 10},  {"xoxr-", CS_WORD_DASH, 10},
    {"xoxs-", CS_WORD_DASH, 10},  {"sk_live_", CS_ALNUM, 10},
    {"sk_test_", CS_ALNUM, 10},   {"rk_live_", CS_ALNUM, 10},
    {"rk_test_", CS_ALNUM, 10},   {"AIza", CS_WORD_DASH, 35},
    {"glpat-", CS_WORD_DASH, 20}, {"npm_", CS_ALNUM, 36},
    {"sk-", CS_WORD_DASH, 20},    {NULL, CS_ALNUM, 0},
};

static bool in_charset(enum charset cs, unsigned char c)
{
  switch (cs) {
  case CS_UPPER_DIGIT:
    return is_upper(c) || is_digit(c);
  case CS_ALNUM:
    return is_alnum(c);
  case CS_WORD:
    return is_alnum(c) || c == '_';
  case CS_WORD_DASH:
    return is_alnum(c) || c == '_' || c == '-';
  }
  return false;
}

static bool is_b64url(unsigned char c)
{
  return is_alnum(c) || c == '_' || c == '-';
}

/* eyJ<header>.eyJ<payload>.<signature>; returns its length or 0. */
static size_t jwt_len(const struct scan *sc, size_t i)
{
  size_t k = i;
  for (int part = 0; part < 3; part++) {
    if (part < 2 && !prefix(sc->s + k, sc->n - k, "eyJ"))
      return 0;
    while (k < sc->n && is_b64url(at(sc, k)))
      k++;
    if (part < 2 && at(sc, k++) != '.')
      return 0;
  }
  return k - i;
}

static size_t shape_len(const struct scan *sc, size_t i)
{
  const char *s = sc->s + i;
  size_t n = sc->n - i;
  for (const struct shape *sh = shapes; sh->prefix; sh++) {
    if (!prefix(s, n, sh->prefix))
      continue;
    size_t p = strlen(sh->prefix), k = p;
    while (k < n && in_charset(sh->cs, (unsigned char)s[k]))
      k++;
    if (k - p >= sh->min)
      return k;
  }
  return jwt_len(sc, i);
}

static void mark_tokens(struct scan *sc)
{
  for (size_t i = 0; i < sc->n; i++) {
    if (i > 0 && is_alnum(at(sc, i - 1)))
      continue;
    size_t len = shape_len(sc, i);
    if (len) {
      hide(sc, i, i + len);
      i += len - 1;
    }
  }
}

/* ---- random-looking strings ---- */

static bool is_run_char(unsigned char c)
{
  return is_alnum(c) || c == '+' || c == '/' || c == '_' || c == '-';
}

static int char_class(unsigned char c)
{
  return is_upper(c) ? 1 : (is_lower(c) ? 2 : (is_digit(c) ? 3 : 0));
}

/* Upper, lower and digits, switching class at least once every four
 * characters. Random base62/base64 switches about six times in ten, so
 * fewer than 1 in 1000 random 24-character strings escape; identifiers with
 * digits in them (getUser2FactorSettings) are sometimes hidden too, which
 * is the cheaper mistake. */
static bool looks_random(const char *s, size_t n)
{
  size_t alnum = 0, switches = 0;
  int seen = 0, prev = 0;
  for (size_t i = 0; i < n; i++) {
    int c = char_class((unsigned char)s[i]);
    if (c) {
      alnum++;
      seen |= 1 << c;
      if (prev && c != prev)
        switches++;
    }
    prev = c;
  }
  return seen == (2 | 4 | 8) && switches * 4 >= alnum;
}

static const char *const public_key_types[] = {
    "ssh-rsa",
    "ssh-ed25519",
    "ssh-dss",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    NULL,
};

/* Public keys are not secrets: an OpenSSH key's blob (after its type word)
 * and Stripe publishable keys stay readable. */
static bool public_key_at(const struct scan *sc, size_t a)
{
  if (prefix(sc->s + a, sc->n - a, "pk_live_") ||
      prefix(sc->s + a, sc->n - a, "pk_test_"))
    return true;
  if (a == 0 || sc->s[a - 1] != ' ')
    return false;
  size_t w = a - 1;
  while (w > 0 && !is_space(at(sc, w - 1)))
    w--;
  for (size_t k = 0; public_key_types[k]; k++)
    if (a - 1 - w == strlen(public_key_types[k]) &&
        memcmp(sc->s + w, public_key_types[k], a - 1 - w) == 0)
      return true;
  return false;
}

static void mark_random(struct scan *sc)
{
  size_t i = 0;
  while (i < sc->n) {
    if (!is_run_char(at(sc, i))) {
      i++;
      continue;
    }
    size_t a = i;
    while (i < sc->n && is_run_char(at(sc, i)))
      i++;
    size_t b = i;
    while (i < sc->n && at(sc, i) == '=')
      i++; /* base64 padding */
    if (b - a >= ENTROPY_MIN_LEN && looks_random(sc->s + a, b - a) &&
        !public_key_at(sc, a))
      hide(sc, a, i);
  }
}

/* ---- PEM private keys ---- */

/* Hides everything after a "-----BEGIN ... PRIVATE KEY-----" line (or in
 * the same line, for "\n"-escaped keys in JSON) up to "-----END". */
static void mark_pem(struct scan *sc, bool *in_key)
{
  size_t i = 0;
  for (;;) {
    if (*in_key) {
      const char *end = find(sc->s + i, sc->n - i, "-----END");
      size_t stop = end ? (size_t)(end - sc->s) : sc->n;
      hide(sc, i, stop);
      if (!end)
        return;
      *in_key = false;
      i = stop + 8;
    }
    const char *begin = find(sc->s + i, sc->n - i, "-----BEGIN ");
    if (!begin)
      return;
    size_t b = (size_t)(begin - sc->s) + 11;
    const char *close = find(sc->s + b, sc->n - b, "-----");
    if (!close)
      return;
    size_t c = (size_t)(close - sc->s);
    *in_key = find(sc->s + b, c - b, "PRIVATE KEY") != NULL;
    i = c + 5;
  }
}

/* ---- driver ---- */

static void mask_one(const char *s, size_t n, bool *in_key,
                     unsigned char *flags, struct rc_buf *out)
{
  struct scan sc = {.s = s, .n = n, .hide = flags};
  sc.netrc = find(s, n, "machine ") || find(s, n, "login ");
  memset(flags, 0, n);
  mark_pem(&sc, in_key);
  mark_tokens(&sc);
  mark_urls(&sc);
  mark_defaults(&sc);
  mark_accessors(&sc);
  mark_dockerfile_env(&sc);
  mark_assignments(&sc);
  mark_random(&sc);
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && flags[j] == flags[i])
      j++;
    if (flags[i])
      rc_buf_puts(out, mask_text);
    else
      rc_buf_add(out, s + i, j - i);
    i = j;
  }
}

void rc_mask_line(const char *line, size_t len, struct rc_buf *out)
{
  unsigned char *flags = rc_xmalloc(len + 1);
  bool in_key = false;
  size_t i = 0;
  while (i <= len) {
    const char *nl = memchr(line + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - line) : len;
    mask_one(line + i, end - i, &in_key, flags, out);
    if (!nl)
      break;
    rc_buf_putc(out, '\n');
    i = end + 1;
  }
  free(flags);
}

char *rc_mask_dup(const char *line)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_mask_line(line, strlen(line), &b);
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}
