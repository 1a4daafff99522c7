/*
 * jstypes.c - whether an import's bindings are used only as TypeScript
 * types. TypeScript erases an import none of whose names is used as a
 * value (`import { Request } from 'express'` read only in `req: Request`),
 * so the package it names is needed by the type check, not at run time.
 *
 * A forward scan of the file that knows brackets, strings and comments,
 * and enters a "type" stretch after a colon that can only open an
 * annotation: inside parentheses with no ternary `?` before it (a
 * parameter, also a destructured one: `({ a }: { a: A })`), after `)` (a
 * return type), after `const|let|var NAME`, after a class property's
 * name in the class body (`socket: Socket;`, unless a decorator makes its
 * type a value), and after `as`, `satisfies` and `implements`; also in the body
 * of an `interface`, on the right of a `type NAME =` alias, and in the type
 * arguments of a call or `new`
 * (`useState<A | null>(null)`). Every other use counts as a value, so an
 * unsure reading keeps the finding.
 */
#include "readycheck/jsimports.h"

#include <stdbool.h>
#include <string.h>

enum { DEPTH_MAX = 64, NAMES_MAX = 16, NAME_LEN = 64 };

static bool id_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$';
}

static bool blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct names {
  char v[NAMES_MAX][NAME_LEN];
  size_t n;
};

/* The local name of the identifier at s[i..), added to names; the index
 * after it. */
static size_t take_name(const char *s, size_t end, size_t i, struct names *nm,
                        bool *ok)
{
  size_t b = i;
  while (i < end && id_char(s[i]))
    i++;
  if (i == b || i - b >= NAME_LEN || nm->n == NAMES_MAX) {
    *ok = false;
    return i;
  }
  memcpy(nm->v[nm->n], s + b, i - b);
  nm->v[nm->n++][i - b] = '\0';
  return i;
}

static size_t skip_blank(const char *s, size_t end, size_t i)
{
  while (i < end && blank(s[i]))
    i++;
  return i;
}

static bool word_at(const char *s, size_t end, size_t i, const char *w)
{
  size_t n = strlen(w);
  return i + n <= end && memcmp(s + i, w, n) == 0 &&
         (i + n == end || !id_char(s[i + n]));
}

/* The names an import clause [i, end) binds: `A`, `A, { B }`, `* as A`,
 * `{ A, B as C, type D }` (a `type` member is erased anyway and left
 * out). False when the clause is not one of these. */
static bool clause_names(const char *s, size_t i, size_t end, struct names *nm)
{
  bool ok = true;
  i = skip_blank(s, end, i);
  if (i < end && id_char(s[i]) && !word_at(s, end, i, "from")) {
    i = skip_blank(s, end, take_name(s, end, i, nm, &ok));
    if (i < end && s[i] == ',')
      i = skip_blank(s, end, i + 1);
  }
  if (i < end && s[i] == '*') {
    i = skip_blank(s, end, i + 1);
    if (!word_at(s, end, i, "as"))
      return false;
    i = skip_blank(s, end,
                   take_name(s, end, skip_blank(s, end, i + 2), nm, &ok));
  } else if (i < end && s[i] == '{') {
    for (i = skip_blank(s, end, i + 1); ok && i < end && s[i] != '}';) {
      bool type =
          word_at(s, end, i, "type") && id_char(s[skip_blank(s, end, i + 4)]);
      if (type)
        i = skip_blank(s, end, i + 4);
      size_t b = i;
      while (i < end && id_char(s[i]))
        i++;
      i = skip_blank(s, end, i);
      if (word_at(s, end, i, "as")) {
        b = skip_blank(s, end, i + 2);
        i = b;
        while (i < end && id_char(s[i]))
          i++;
        i = skip_blank(s, end, i);
      }
      if (!type) {
        struct names one = {0};
        take_name(s, end, b, &one, &ok);
        if (ok && nm->n < NAMES_MAX)
          memcpy(nm->v[nm->n++], one.v[0], NAME_LEN);
        else
          ok = false;
      }
      if (i < end && s[i] == ',')
        i = skip_blank(s, end, i + 1);
      else if (i < end && s[i] != '}')
        ok = false;
    }
    if (i >= end)
      return false;
    i = skip_blank(s, end, i + 1);
  }
  /* `from` and then only the specifier's quote */
  return ok && word_at(s, end, i, "from") && skip_blank(s, end, i + 4) == end &&
         nm->n > 0;
}

struct frame {
  char open;     /* ( [ { < or 0 at the top */
  bool question; /* a ternary `?` since the frame opened or the last , ; */
  bool listed;   /* the bracket opens an item of a list: after `(` or `,` */
  bool members;  /* the brace opens a class body: `name: T;` is a type */
};

/* What opened a type stretch, which says what ends it. */
enum stretch {
  ANNOTATION, /* `x: A`: a separator, `=` or a function body */
  BODY,       /* `interface I { ... }`: the body's closing brace */
  ALIAS,      /* `type T = ...`: `;`, or a line that ends the statement */
  ARGUMENTS   /* `f<A, B>(...)`: the closing `>` */
};

struct scan {
  struct frame f[DEPTH_MAX];
  int depth;
  int type_depth;   /* the depth a type stretch runs at, -1 outside one */
  bool type_fresh;  /* nothing read yet in the type stretch */
  bool return_type; /* the stretch is a return type: `=>` ends it */
  enum stretch kind;
  bool closed_listed; /* the bracket closed last opened a list item */
  int class_depth;    /* `class NAME` read at this depth, its body not yet
                         open; -1 when none is pending */
};

/* The significant character before s[i] (blanks skipped), or 0. */
static char prev_char(const char *s, size_t i, size_t *at)
{
  while (i > 0 && blank(s[i - 1]))
    i--;
  *at = i;
  return i > 0 ? s[i - 1] : 0;
}

/* The word ending at s[i) (after blanks), copied to w. */
static void prev_word(const char *s, size_t i, char *w, size_t cap)
{
  while (i > 0 && blank(s[i - 1]))
    i--;
  size_t e = i;
  while (i > 0 && id_char(s[i - 1]))
    i--;
  size_t n = e - i < cap - 1 ? e - i : cap - 1;
  memcpy(w, s + i, n);
  w[n] = '\0';
}

/* The class member whose name ends at s[i) has a decorator: `@Prop()`
 * on its line, or a line above it that ends a decorator's call (`)`).
 * With emitDecoratorMetadata, TypeScript emits a decorated property's
 * type as a value (`design:type`), so its import is not erased. */
static bool decorated_member(const char *s, size_t i)
{
  size_t b = i;
  while (b > 0 && s[b - 1] != '\n')
    if (s[--b] == '@')
      return true;
  size_t at;
  return b > 0 && prev_char(s, b - 1, &at) == ')';
}

/* The colon at s[i] opens a type annotation. */
static bool annotation_colon(const char *s, size_t i, const struct scan *sc)
{
  size_t at;
  char c = prev_char(s, i, &at);
  if (sc->f[sc->depth].question)
    return false;
  if (c == ')')
    return true;
  /* a destructured parameter: `({ a, b }: { a: A })`, `([x]: A[])`, not
   * JSX text after an expression (`{label} :`) */
  if ((c == '}' || c == ']') && sc->f[sc->depth].open == '(')
    return sc->closed_listed;
  if (c == '?' || c == '!')
    c = prev_char(s, at - 1, &at);
  if (!id_char(c))
    return false;
  if (sc->f[sc->depth].open == '(')
    return true;
  if (sc->f[sc->depth].members)
    return !decorated_member(s, at);
  /* `const x: T`: the word before the name is a declaration keyword */
  while (at > 0 && id_char(s[at - 1]))
    at--;
  char w[16];
  prev_word(s, at, w, sizeof(w));
  return strcmp(w, "const") == 0 || strcmp(w, "let") == 0 ||
         strcmp(w, "var") == 0;
}

/* The index after the string, template or comment opening at s[i], or i
 * when none opens there. A template's `${}` holes are skipped whole: a
 * name in them counts as neither use (rare enough to accept). */
static size_t skip_literal(const char *s, size_t len, size_t i)
{
  if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
    while (i < len && s[i] != '\n')
      i++;
    return i;
  }
  if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
    const char *e = NULL;
    for (size_t j = i + 2; j + 1 < len && !e; j++)
      if (s[j] == '*' && s[j + 1] == '/')
        e = s + j;
    return e ? (size_t)(e - s) + 2 : len;
  }
  if (s[i] == '"' || s[i] == '\'' || s[i] == '`') {
    char q = s[i];
    for (i++; i < len && s[i] != q; i++) {
      if (s[i] == '\\')
        i++;
      else if (s[i] == '\n' && q != '`')
        break;
    }
    return i < len ? i + 1 : len;
  }
  return i;
}

static bool is_name(const struct names *nm, const char *s, size_t b, size_t e)
{
  for (size_t k = 0; k < nm->n; k++)
    if (strlen(nm->v[k]) == e - b && memcmp(nm->v[k], s + b, e - b) == 0)
      return true;
  return false;
}

static void push(struct scan *sc, const char *s, size_t i)
{
  size_t at;
  char before = prev_char(s, i, &at);
  if (sc->depth + 1 < DEPTH_MAX) {
    sc->depth++;
    sc->f[sc->depth] =
        (struct frame){s[i], false, before == '(' || before == ',', false};
    if (s[i] == '{' && sc->class_depth == sc->depth - 1)
      sc->f[sc->depth].members = true;
  }
  sc->class_depth = -1;
}

/* The type stretch ends at this depth on a separator (an interface's
 * members and a call's type arguments are separated within it). */
static void end_type(struct scan *sc)
{
  if (sc->type_depth >= 0 && sc->depth <= sc->type_depth && sc->kind != BODY &&
      sc->kind != ARGUMENTS)
    sc->type_depth = -1;
}

static void start_type(struct scan *sc, enum stretch kind)
{
  sc->type_depth = sc->depth;
  sc->type_fresh = true;
  sc->return_type = false;
  sc->kind = kind;
}

/* The name ending at s[i) is a type after `as`, `satisfies`,
 * `implements` or a class's `extends` (`Object as PropType<A>`). */
static bool named_type(const char *s, size_t i)
{
  while (i > 0 && id_char(s[i - 1]))
    i--;
  char w[16];
  prev_word(s, i, w, sizeof(w));
  return strcmp(w, "as") == 0 || strcmp(w, "satisfies") == 0 ||
         strcmp(w, "implements") == 0 || strcmp(w, "extends") == 0;
}

/* The `<` at s[i] opens type arguments: of a call or a `new` (it follows
 * a name directly, `useState<` and not `a < b`, and its matching `>` is
 * followed by `(` or a template), or of a type named after `as`; nothing
 * in between reads as an expression (`;`, `&&`, `||`, `==`). */
static bool type_arguments(const char *s, size_t len, size_t i)
{
  if (i == 0 || !id_char(s[i - 1]))
    return false;
  bool named = named_type(s, i);
  int depth = 0;
  for (size_t j = i; j < len && j < i + 512; j++) {
    char c = s[j], next = j + 1 < len ? s[j + 1] : 0;
    if (c == ';' || ((c == '&' || c == '|' || c == '=') && next == c))
      return false;
    if (c == '<' || c == '(' || c == '[' || c == '{')
      depth++;
    else if (c == ')' || c == ']' || c == '}')
      depth--;
    else if (c == '>' && s[j - 1] != '=' && --depth == 0) {
      size_t k = skip_blank(s, len, j + 1);
      return named || (k < len && (s[k] == '(' || s[k] == '`'));
    }
    if (depth < 0)
      return false;
  }
  return false;
}

/* Reads one punctuation character at s[i]. */
static void punct(const char *s, size_t len, size_t i, struct scan *sc)
{
  char c = s[i], next = i + 1 < len ? s[i + 1] : 0;
  bool in_type = sc->type_depth >= 0;
  bool fresh = sc->type_fresh;
  sc->type_fresh = false;
  if (c == '<' && !in_type && type_arguments(s, len, i)) {
    push(sc, s, i);
    start_type(sc, ARGUMENTS);
    return;
  }
  if (c == '(' || c == '[' ||
      (c == '{' && (!in_type || fresh || sc->depth > sc->type_depth ||
                    sc->kind != ANNOTATION)) ||
      (c == '<' && in_type)) {
    push(sc, s, i);
    return;
  }
  if (c == '{') { /* a function body after its return type */
    end_type(sc);
    sc->type_depth = -1;
    push(sc, s, i);
    return;
  }
  if (c == ')' || c == ']' || c == '}' || (c == '>' && in_type)) {
    if (c == '>' && i > 0 && s[i - 1] == '=') {
      if (sc->return_type && sc->depth == sc->type_depth)
        sc->type_depth = -1;
      return;
    }
    sc->closed_listed = sc->f[sc->depth].listed;
    if (sc->depth > 0)
      sc->depth--;
    if (sc->type_depth > sc->depth ||
        (sc->kind == BODY && c == '}' && sc->type_depth == sc->depth))
      sc->type_depth = -1;
    return;
  }
  if (c == '?' && next != '.' && next != '?' && next != ':' &&
      !(i > 0 && s[i - 1] == '?')) {
    sc->f[sc->depth].question = true;
    return;
  }
  if (c == ',' || c == ';') {
    sc->f[sc->depth].question = false;
    end_type(sc);
    return;
  }
  if (c == '=' && next != '>' && next != '=' && !(i > 0 && s[i - 1] == '=') &&
      !(i > 0 && (s[i - 1] == '!' || s[i - 1] == '<' || s[i - 1] == '>'))) {
    end_type(sc);
    return;
  }
  if (c == ':' && !in_type && annotation_colon(s, i, sc)) {
    size_t at;
    start_type(sc, ANNOTATION);
    sc->return_type = prev_char(s, i, &at) == ')';
  }
}

/* Another static import statement whose `import` keyword ends at s[i):
 * the index after its `from '...'` specifier, or i when it is not one
 * (`import(`, `import.meta`). Its names are another module's exports or
 * locals of their own (`{ Adapter as NextAuthAdapter }`), never uses. */
static size_t other_import_end(const char *s, size_t len, size_t i)
{
  size_t j = skip_blank(s, len, i);
  if (j >= len || j == i || !(s[j] == '{' || s[j] == '*' || id_char(s[j])))
    return i;
  for (; j < len && s[j] != ';' && s[j] != '(' && s[j] != '\'' && s[j] != '"';
       j++)
    if (word_at(s, len, j, "from") && (j == 0 || !id_char(s[j - 1]))) {
      size_t q = skip_blank(s, len, j + 4);
      if (q < len && (s[q] == '\'' || s[q] == '"'))
        return skip_literal(s, len, q);
      return i;
    }
  return i;
}

/* The word at s[b, e) starts a declaration: it is the first word of its
 * line, after `export` or `declare` at most. */
static bool declaration_start(const char *s, size_t b)
{
  while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
    b--;
  if (b == 0 || s[b - 1] == '\n' || s[b - 1] == ';' || s[b - 1] == '{' ||
      s[b - 1] == '}')
    return true;
  char w[16];
  prev_word(s, b, w, sizeof(w));
  if (strcmp(w, "export") != 0 && strcmp(w, "declare") != 0)
    return false;
  return declaration_start(s, b - strlen(w));
}

/* After the keyword ending at s[i): blanks on the same line and a name;
 * the index after the name, or 0 when no name follows. */
static size_t declared_name(const char *s, size_t len, size_t i)
{
  size_t j = i;
  while (j < len && (s[j] == ' ' || s[j] == '\t'))
    j++;
  if (j == i || j >= len || !id_char(s[j]))
    return 0;
  while (j < len && id_char(s[j]))
    j++;
  return j;
}

/* `type NAME =` or `type NAME<P> =` ending at s[i): the index after the
 * `=`, or 0 when this is not an alias (`type` as a variable's name). */
static size_t alias_start(const char *s, size_t len, size_t i)
{
  size_t j = declared_name(s, len, i);
  if (!j)
    return 0;
  j = skip_blank(s, len, j);
  if (j < len && s[j] == '<') {
    int depth = 0;
    for (; j < len; j++) {
      if (s[j] == '<')
        depth++;
      else if (s[j] == '>' && s[j - 1] != '=' && --depth == 0)
        break;
      else if (s[j] == ';' || s[j] == '{')
        return 0;
    }
    j = skip_blank(s, len, j + 1);
  }
  if (j + 1 < len && s[j] == '=' && s[j + 1] != '=' && s[j + 1] != '>')
    return j + 1;
  return 0;
}

/* A line break inside an alias ends it unless the type goes on: the
 * line ends in an operator (`=`, `|`, `&`, `,`, `=>`) or the next one
 * starts with `|` or `&`. */
static bool alias_continues(const char *s, size_t len, size_t nl)
{
  size_t at;
  char c = prev_char(s, nl, &at);
  if (c == '=' || c == '|' || c == '&' || c == ',' || c == '>' || c == ':' ||
      c == '?')
    return true;
  size_t k = skip_blank(s, len, nl);
  return k < len && (s[k] == '|' || s[k] == '&' || s[k] == '?' || s[k] == ':' ||
                     s[k] == '.');
}

bool rc_js_import_used_as_types(const char *s, size_t len, size_t quote)
{
  /* the statement: back from the specifier to its `import` keyword */
  size_t kw = quote;
  while (kw >= 6 && !(memcmp(s + kw - 6, "import", 6) == 0 &&
                      (kw == 6 || !id_char(s[kw - 7])) && blank(s[kw]))) {
    if (s[kw - 1] == ';')
      return false;
    kw--;
  }
  if (kw < 6)
    return false;
  struct names nm = {0};
  if (!clause_names(s, kw, quote, &nm))
    return false;
  size_t stmt_start = kw - 6, stmt_end = quote + 1;
  while (stmt_end < len && s[stmt_end] != '\n')
    stmt_end++;
  struct scan sc = {.depth = 0, .type_depth = -1, .class_depth = -1};
  size_t uses = 0;
  for (size_t i = 0; i < len;) {
    if (i == stmt_start) {
      i = stmt_end;
      continue;
    }
    size_t after = skip_literal(s, len, i);
    if (after != i) {
      i = after;
      sc.type_fresh = false;
      continue;
    }
    if (id_char(s[i])) {
      size_t b = i;
      while (i < len && id_char(s[i]))
        i++;
      bool member = b > 0 && s[b - 1] == '.';
      if (!member && i - b == 6 && memcmp(s + b, "import", 6) == 0) {
        i = other_import_end(s, len, i);
        continue;
      }
      /* `interface I ... {`: everything up to the body's `}` is a type */
      if (!member && sc.type_depth < 0 && i - b == 9 &&
          memcmp(s + b, "interface", 9) == 0 && declaration_start(s, b) &&
          declared_name(s, len, i)) {
        start_type(&sc, BODY);
        continue;
      }
      /* `class NAME ... {`: the next brace at this depth opens its body */
      if (!member && sc.type_depth < 0 && i - b == 5 &&
          memcmp(s + b, "class", 5) == 0 &&
          (declared_name(s, len, i) ||
           (skip_blank(s, len, i) < len && s[skip_blank(s, len, i)] == '{')))
        sc.class_depth = sc.depth;
      size_t alias = !member && sc.type_depth < 0 && i - b == 4 &&
                             memcmp(s + b, "type", 4) == 0 &&
                             declaration_start(s, b)
                         ? alias_start(s, len, i)
                         : 0;
      if (alias) {
        i = alias;
        start_type(&sc, ALIAS);
        continue;
      }
      if (!member && is_name(&nm, s, b, i)) {
        char w[16];
        prev_word(s, b, w, sizeof(w));
        bool typed = sc.type_depth >= 0 || strcmp(w, "as") == 0 ||
                     strcmp(w, "satisfies") == 0 ||
                     strcmp(w, "implements") == 0;
        if (!typed)
          return false;
        uses++;
      }
      sc.type_fresh = false;
      continue;
    }
    if (s[i] == '\n' && sc.type_depth >= 0 && sc.kind == ALIAS &&
        sc.depth == sc.type_depth && !alias_continues(s, len, i))
      sc.type_depth = -1;
    if (!blank(s[i]))
      punct(s, len, i, &sc);
    i++;
  }
  return uses > 0;
}
