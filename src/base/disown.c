/*
 * disown.c - the code's own word that a matched value is not real. Secret
 * scanners that ignore it flood a report with test keys and format samples
 * (a redaction crate's table of sample tokens, a seeder's hundred
 * TEST_FAKE keys); only unambiguous words count, and only in a comment or
 * in the name the value is given, never in the value itself.
 */
#include "readycheck/disown.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"

/* Phrases a comment uses for a value that is not a credential ("Please
 * don't use our demo key in production!"). */
static const char *const not_real[] = {
    "not a real",      "not real",    "not actually a", "no actual",
    "no real",         "fake",        "dummy",          "not a secret",
    "not secret",      "test-only",   "test only",      "used in tests",
    "for tests",       "for testing", "example of a",   "example response",
    "sample response", "placeholder", "safe to commit", "public api key",
    "demo key",        "search-only", "publishable",    NULL};

/* A secret scanner's own marker for a value its users reviewed and
 * allowed (gitleaks, detect-secrets, TruffleHog, GitGuardian): the
 * project's word, written for a tool that looks for secrets, that the line
 * holds none. On the value's line; detect-secrets' "nextline" form on the
 * line above. Not a linter's general waiver (`# nosec`, `noqa`): it
 * silences bandit's guess, and a dev repository's production SECRET_KEY
 * carries one (fixture fail-bandit-waiver-on-real-key). */
static const char *const scanner_allows[] = {
    "gitleaks:allow", "pragma: allowlist secret", "trufflehog:ignore",
    "ggignore", NULL};
static const char *const scanner_allows_next[] = {
    "pragma: allowlist nextline secret", NULL};

/* Said after the value on its own line: a token that no longer works. */
static const char *const dead[] = {"expired", "revoked", "invalidated", NULL};

static bool says(const char *p, size_t n, const char *const *phrases)
{
  char buf[512];
  size_t m = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;
  memcpy(buf, p, m);
  buf[m] = '\0';
  for (size_t i = 0; phrases[i]; i++)
    if (rc_str_find_ci(buf, phrases[i]))
      return true;
  return false;
}

/* A comment line: '#', '//', '/ *', '*', '--' or ';' after indentation. */
static bool comment_line(const char *p, size_t n)
{
  while (n && (*p == ' ' || *p == '\t'))
    p++, n--;
  return n && (*p == '#' || *p == '*' || *p == ';' ||
               (n > 1 && p[0] == '/' && (p[1] == '/' || p[1] == '*')) ||
               (n > 1 && p[0] == '-' && p[1] == '-'));
}

/* The comment block above the line starting at bol ("Example of a slack
 * oauth response to be used in tests. It contains NO actual tokens"). */
static bool comment_above(const char *data, size_t bol)
{
  size_t end = bol;
  for (int k = 0; k < 8 && end > 0; k++) {
    size_t start = end - 1; /* data[end - 1] is the '\n' ending the line */
    while (start > 0 && data[start - 1] != '\n')
      start--;
    size_t n = end - 1 - start;
    const char *line = data + start;
    if (n == 0 || (n == 1 && line[0] == '\r'))
      return false; /* a blank line ends the block */
    if (comment_line(line, n) && says(line, n, not_real))
      return true;
    if (k == 0 && comment_line(line, n) && says(line, n, scanner_allows_next))
      return true;
    end = start;
  }
  return false;
}

/* Phrases a section heading uses for settings nobody should deploy
 * (Django's startproject template: "Quick-start development settings -
 * unsuitable for production"). */
static const char *const not_for_production[] = {
    "unsuitable for production", "not suitable for production", NULL};

/* The comment lines above the line starting at bol, across blank lines
 * up to the first line of code: the heading of the section the value
 * sits in. Django's template puts a blank line and a "SECURITY WARNING"
 * comment between its heading and SECRET_KEY. */
static bool section_above(const char *data, size_t bol)
{
  size_t end = bol;
  for (int k = 0; k < 8 && end > 0; k++) {
    size_t start = end - 1;
    while (start > 0 && data[start - 1] != '\n')
      start--;
    size_t n = end - 1 - start;
    const char *line = data + start;
    end = start;
    if (n == 0 || (n == 1 && line[0] == '\r'))
      continue;
    if (!comment_line(line, n))
      return false; /* code ends the section's heading */
    if (says(line, n, not_for_production))
      return true;
  }
  return false;
}

/* A comment after the value: `// also legit, also expired`, `# fake`.
 * The marker follows a blank so that a URL's "//" is not one. */
static bool comment_after(const char *p, size_t n)
{
  for (size_t i = 1; i + 1 < n; i++) {
    bool marker = (p[i] == '/' && p[i + 1] == '/') || p[i] == '#';
    if (marker && (p[i - 1] == ' ' || p[i - 1] == '\t'))
      return says(p + i, n - i, not_real) || says(p + i, n - i, dead) ||
             says(p + i, n - i, scanner_allows);
  }
  return false;
}

static bool fake_word(const char *w, size_t n)
{
  static const char *const words[] = {
      "test",   "tests", "fake",        "dummy",   "example",
      "sample", "mock",  "placeholder", "fixture", NULL};
  for (size_t i = 0; words[i]; i++)
    if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
      return true;
  return false;
}

/* An identifier before the value has a word saying it is not real:
 * `TEST_FAKE_RSA_KEY_0`, `TestValue`, `exampleToken`. */
static bool fake_name(const char *p, size_t n)
{
  size_t i = 0;
  while (i < n) {
    if (!isalnum((unsigned char)p[i])) {
      i++;
      continue;
    }
    size_t start = i++;
    while (i < n && isalnum((unsigned char)p[i]) &&
           !(isupper((unsigned char)p[i]) && islower((unsigned char)p[i - 1])))
      i++;
    if (fake_word(p + start, i - start))
      return true;
  }
  return false;
}

/* The line starting at bol lies inside a Markdown code fence (a line of
 * ``` or ~~~ opens one, the next closes it): an example in documentation
 * text a configuration schema carries (`details: |` with a fenced
 * ```python block), not the file's own setting. */
static bool in_code_fence(const char *data, size_t bol)
{
  bool in = false;
  size_t i = 0;
  while (i < bol) {
    size_t j = i;
    while (j < bol && (data[j] == ' ' || data[j] == '\t'))
      j++;
    if (j + 3 <= bol &&
        (strncmp(data + j, "```", 3) == 0 || strncmp(data + j, "~~~", 3) == 0))
      in = !in;
    const char *nl = memchr(data + i, '\n', bol - i);
    if (!nl)
      break;
    i = (size_t)(nl - data) + 1;
  }
  return in;
}

/* pos lies inside a Python triple-quoted string: a docstring's example
 * (`>>> session.fetch_token()` and its output), documentation rather
 * than configuration. Counts the triple quotes before pos. */
static bool in_docstring(const char *data, size_t pos)
{
  bool in = false;
  char quote = 0;
  for (size_t i = 0; i + 2 < pos; i++) {
    char c = data[i];
    if ((c == '"' || c == '\'') && data[i + 1] == c && data[i + 2] == c &&
        (!in || c == quote)) {
      in = !in;
      quote = c;
      i += 2;
    }
  }
  return in;
}

/* Where the value starts: the match itself, or - for a pattern that
 * matches from the line's start to the value's closing quote (`password =
 * "..."`) - the value's opening quote. */
static size_t value_start(const char *data, size_t bol, size_t at, size_t end)
{
  if (at > bol || end < bol + 2)
    return at;
  char q = data[end - 1];
  if (q != '"' && q != '\'')
    return at;
  for (size_t i = end - 1; i > bol; i--)
    if (data[i - 1] == q)
      return i - 1;
  return at;
}

/* A `#[cfg(test)]` line whose item is a module (`mod tests {`, `pub mod
 * tests {`), at or before pos: the offset of the module's opening brace,
 * or (size_t)-1. */
static size_t test_module_brace(const char *data, size_t pos)
{
  static const char attr[] = "#[cfg(test)]";
  size_t found = (size_t)-1;
  for (const char *p = data; (p = strstr(p, attr)) && (size_t)(p - data) < pos;
       p += sizeof(attr) - 1) {
    const char *q = p + sizeof(attr) - 1;
    q += strspn(q, " \t\r\n");
    if (strncmp(q, "pub ", 4) == 0)
      q += 4;
    else if (strncmp(q, "pub(crate) ", 11) == 0)
      q += 11;
    if (strncmp(q, "mod ", 4) != 0)
      continue;
    const char *brace = strpbrk(q, "{;");
    if (brace && *brace == '{' && (size_t)(brace - data) < pos)
      found = (size_t)(brace - data);
  }
  return found;
}

/* pos lies inside a Rust `#[cfg(test)] mod` block: its braces (outside
 * string literals) are still open at pos. */
static bool in_rust_test_module(const char *data, size_t pos)
{
  size_t i = test_module_brace(data, pos);
  if (i == (size_t)-1)
    return false;
  long depth = 0;
  bool str = false;
  for (; i < pos; i++) {
    char c = data[i];
    if (str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        str = false;
    } else if (c == '"') {
      str = true;
    } else if (c == '{') {
      depth++;
    } else if (c == '}' && --depth == 0) {
      return false;
    }
  }
  return depth > 0;
}

enum rc_source_lang rc_source_lang_of(const char *path)
{
  size_t n = strlen(path);
  if (n > 3 && strcmp(path + n - 3, ".py") == 0)
    return RC_LANG_PYTHON;
  if (n > 3 && strcmp(path + n - 3, ".rs") == 0)
    return RC_LANG_RUST;
  return RC_LANG_OTHER;
}

bool rc_disowned(const char *data, size_t len, size_t bol, size_t eol,
                 size_t at, size_t end, enum rc_source_lang lang)
{
  if (eol > len)
    eol = len;
  if (at < bol || at > eol)
    at = bol;
  if (end < at || end > eol)
    end = at;
  size_t value = value_start(data, bol, at, end);
  return comment_above(data, bol) || section_above(data, bol) ||
         in_code_fence(data, bol) || fake_name(data + bol, value - bol) ||
         comment_after(data + end, eol - end) ||
         (lang == RC_LANG_PYTHON && in_docstring(data, bol)) ||
         (lang == RC_LANG_RUST && in_rust_test_module(data, bol));
}
