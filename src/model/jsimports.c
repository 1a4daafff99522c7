/*
 * jsimports.c - import specifiers of JavaScript/TypeScript sources, shared
 * by the reachability walk and the node_deps probe so both read a file the
 * same way.
 */
#define _GNU_SOURCE /* memmem */
#include "readycheck/jsimports.h"

#include <string.h>

#include "readycheck/mem.h"

static bool ident_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$' || c == '-' || c == '.';
}

/* True if the word ending at s[i) is kw, on a word boundary. CSS's
 * `@import "x.scss"` (a <style> block of a .vue or .svelte file) is not
 * JavaScript's import. */
static bool word_before(const char *s, size_t i, const char *kw)
{
  size_t n = strlen(kw);
  if (i < n || memcmp(s + i - n, kw, n) != 0)
    return false;
  return i == n || (!ident_char(s[i - n - 1]) && s[i - n - 1] != '.' &&
                    s[i - n - 1] != '@');
}

enum { NOT_IMPORT, CALL_IMPORT, STATIC_IMPORT };

/* What the string literal starting at s[q] follows: require( / import( (a
 * call), from / import (a statement), or nothing. */
static int import_context(const char *s, size_t q)
{
  size_t i = q;
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
    i--;
  if (i > 0 && s[i - 1] == '(') {
    i--;
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
      i--;
    return word_before(s, i, "require") || word_before(s, i, "import")
               ? CALL_IMPORT
               : NOT_IMPORT;
  }
  return word_before(s, i, "from") || word_before(s, i, "import")
             ? STATIC_IMPORT
             : NOT_IMPORT;
}

/* `{ type A, type B as C }` before end: every named import is a type, so
 * TypeScript erases the whole statement. */
static bool all_named_types(const char *p, const char *end)
{
  size_t items = 0;
  for (p++; p < end && *p != '}';) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
      p++;
    if (p < end && *p == '}')
      break;
    if (end - p < 5 || strncmp(p, "type", 4) != 0 ||
        !(p[4] == ' ' || p[4] == '\t' || p[4] == '\n'))
      return false;
    items++;
    while (p < end && *p != ',' && *p != '}')
      p++;
    if (p < end && *p == ',')
      p++;
  }
  return items > 0 && p < end && *p == '}';
}

/* The import or export statement that a `from 'x'` belongs to begins with
 * `import type` / `export type`: the nearest keyword before it, on this
 * side of a semicolon. */
static bool type_only(const char *s, size_t q)
{
  for (size_t i = q; i >= 6; i--) {
    if (s[i - 1] == ';')
      return false;
    if ((memcmp(s + i - 6, "import", 6) != 0 &&
         memcmp(s + i - 6, "export", 6) != 0) ||
        (i > 6 && ident_char(s[i - 7])) || ident_char(s[i]))
      continue;
    const char *p = s + i;
    while (*p == ' ' || *p == '\t')
      p++;
    if (*p == '{')
      return all_named_types(p, s + q);
    return strncmp(p, "type", 4) == 0 &&
           (p[4] == ' ' || p[4] == '\t' || p[4] == '{' || p[4] == '\n');
  }
  return false;
}

/* Nested templates deeper than this are read as text: the bound keeps a
 * hostile file from exhausting the stack. */
enum { TEMPLATE_DEPTH_MAX = 32 };

struct spans {
  struct rc_js_span *v;
  size_t n, cap;
};

static void add_span(struct spans *sp, size_t start, size_t end)
{
  if (!sp || end <= start)
    return;
  rc_grow((void **)&sp->v, &sp->cap, sp->n, sizeof(*sp->v));
  sp->v[sp->n++] = (struct rc_js_span){start, end};
}

static size_t skip_template(const char *s, size_t len, size_t i, unsigned *line,
                            int depth, struct spans *sp);

/* The index of the '}' closing the `${` expression whose '{' is at s[i]:
 * strings and templates inside it may hold braces and backticks of their
 * own (`${on ? `\n  remoteEval: true,` : ""}`). */
static size_t skip_expression(const char *s, size_t len, size_t i,
                              unsigned *line, int depth, struct spans *sp)
{
  int braces = 1;
  for (i++; i < len; i++) {
    char c = s[i];
    if (c == '\n') {
      (*line)++;
    } else if (c == '{') {
      braces++;
    } else if (c == '}' && --braces == 0) {
      return i;
    } else if (c == '`') {
      i = skip_template(s, len, i, line, depth + 1, sp);
    } else if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < len && s[j] != c && s[j] != '\n')
        j += s[j] == '\\' ? 2 : 1;
      i = j < len && s[j] == '\n' ? j - 1 : j;
    }
  }
  return i;
}

/* The index of the backtick closing the template literal opened at s[i];
 * its text (not its ${} expressions) goes to sp when sp is not NULL. */
static size_t skip_template(const char *s, size_t len, size_t i, unsigned *line,
                            int depth, struct spans *sp)
{
  size_t text = i + 1;
  for (i++; i < len && s[i] != '`'; i++) {
    if (s[i] == '\\' && i + 1 < len) {
      i++; /* an escaped character: a newline, a backtick, `\${` */
      *line += s[i] == '\n';
    } else if (s[i] == '\n') {
      (*line)++;
    } else if (s[i] == '$' && i + 1 < len && s[i + 1] == '{' &&
               depth < TEMPLATE_DEPTH_MAX) {
      add_span(sp, text, i);
      i = skip_expression(s, len, i + 1, line, depth, sp);
      text = i + 1;
    }
  }
  add_span(sp, text, i < len ? i : len);
  return i;
}

/* Blocks nested deeper than this are not told apart: a `try` block
 * beyond it does not guard what it holds. */
enum { BLOCK_DEPTH_MAX = 256 };

/* Which open blocks are `try` blocks: opened_try[d] for the block at depth
 * d, tries the count of them open. */
struct blocks {
  size_t depth, tries;
  bool opened_try[BLOCK_DEPTH_MAX];
};

/* The '{' at s[i] opens a `try` block: the word before it is try. */
static bool try_brace(const char *s, size_t i)
{
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' ||
                   s[i - 1] == '\r'))
    i--;
  return word_before(s, i, "try");
}

static void open_block(struct blocks *b, const char *s, size_t i)
{
  bool t = try_brace(s, i);
  if (b->depth < BLOCK_DEPTH_MAX) {
    b->opened_try[b->depth] = t;
    b->tries += t;
  }
  b->depth++;
}

static void close_block(struct blocks *b)
{
  if (b->depth == 0)
    return; /* a stray brace (a regex literal's) */
  b->depth--;
  if (b->depth < BLOCK_DEPTH_MAX && b->opened_try[b->depth]) {
    b->opened_try[b->depth] = false;
    b->tries--;
  }
}

/* One pass of the lexer: imports to fn (may be NULL), template text to sp
 * (may be NULL). */
static void lex(const char *s, size_t len, rc_js_import_fn fn, void *arg,
                struct spans *sp)
{
  unsigned line = 1;
  struct blocks blocks = {0};
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '\n') {
      line++;
    } else if (c == '{') {
      open_block(&blocks, s, i);
    } else if (c == '}') {
      close_block(&blocks);
    } else if (c == '/' && i + 1 < len && s[i + 1] == '/') {
      while (i < len && s[i] != '\n')
        i++;
      line++;
    } else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
      for (i += 2; i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'); i++)
        line += s[i] == '\n';
      i++;
    } else if (c == '`') {
      i = skip_template(s, len, i, &line, 0, sp);
    } else if (c == '\'' || c == '"') {
      size_t q = i, j;
      for (j = i + 1; j < len && s[j] != c && s[j] != '\n'; j++)
        j += s[j] == '\\';
      int kind = j < len && s[j] == c ? import_context(s, q) : NOT_IMPORT;
      unsigned flags = 0;
      if (kind == STATIC_IMPORT && type_only(s, q))
        flags |= RC_JS_TYPE_ONLY;
      if (kind == CALL_IMPORT && blocks.tries > 0)
        flags |= RC_JS_GUARDED;
      if (kind != NOT_IMPORT && fn)
        fn(s + q + 1, j - q - 1, line, flags, arg);
      if (j < len && s[j] == '\n')
        j--; /* let the loop count the newline */
      i = j;
    }
  }
}

/* A browserify bundle (its prelude opens the file: `function e(t,n,r)`
 * looking modules up in its own table, falling back to an outer `require`
 * only if there is one, else throwing MODULE_NOT_FOUND). Its require()
 * calls name the modules bundled into it: a vendored search-language
 * bundle's require('glob') is not an import of the project's. */
static bool browserify_bundle(const char *s, size_t len)
{
  size_t head = len < 2048 ? len : 2048;
  return memmem(s, head, "MODULE_NOT_FOUND", 16) &&
         (memmem(s, head, "typeof require==\"function\"&&require", 35) ||
          memmem(s, head, "\"function\"==typeof require&&require", 35));
}

void rc_js_imports(const char *s, size_t len, rc_js_import_fn fn, void *arg)
{
  if (browserify_bundle(s, len))
    return;
  lex(s, len, fn, arg, NULL);
}

size_t rc_js_template_text(const char *s, size_t len, struct rc_js_span **out)
{
  struct spans sp = {NULL, 0, 0};
  lex(s, len, NULL, NULL, &sp);
  *out = sp.v;
  return sp.n;
}

bool rc_js_in_spans(const struct rc_js_span *v, size_t n, size_t off)
{
  size_t lo = 0, hi = n;
  while (lo < hi) { /* spans come in file order and never overlap */
    size_t mid = lo + (hi - lo) / 2;
    if (off < v[mid].start)
      hi = mid;
    else if (off >= v[mid].end)
      lo = mid + 1;
    else
      return true;
  }
  return false;
}

static bool ends_with(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

bool rc_js_is_source(const char *path)
{
  static const char *const exts[] = {".js",  ".jsx",    ".ts",  ".tsx",
                                     ".mjs", ".cjs",    ".mts", ".cts",
                                     ".vue", ".svelte", NULL};
  if (ends_with(path, ".d.ts") || ends_with(path, ".min.js") ||
      ends_with(path, ".d.mts") || ends_with(path, ".d.cts"))
    return false;
  for (size_t i = 0; exts[i]; i++)
    if (ends_with(path, exts[i]))
      return true;
  return false;
}
