/*
 * jsimports.h - the module specifiers a JavaScript or TypeScript file
 * imports: `import ... from 'x'`, `import 'x'`, `import('x')`,
 * `require('x')`, `export ... from 'x'`. A small lexer, not a parser: it
 * skips comments and template literals so words inside them are not
 * imports, and a plain string ends at a newline so a stray quote (a regex
 * literal, HTML in a .vue file) cannot swallow the rest of the file.
 */
#ifndef READYCHECK_JSIMPORTS_H
#define READYCHECK_JSIMPORTS_H

#include <stdbool.h>
#include <stddef.h>

/* What an import is, besides its specifier (flags of rc_js_import_fn). */
enum {
  /* `import type ...` / `export type ...`, which TypeScript erases:
   * nothing is loaded at run time */
  RC_JS_TYPE_ONLY = 1u,
  /* a require() or import() call inside a `try` block: the code handles
   * the module's absence (an optional dependency the operator installs
   * when they want the feature) */
  RC_JS_GUARDED = 2u,
};

/* Called for each specifier, in file order. spec is not NUL-terminated;
 * flags holds RC_JS_* bits. */
typedef void (*rc_js_import_fn)(const char *spec, size_t len, unsigned line,
                                unsigned flags, void *arg);

void rc_js_imports(const char *s, size_t len, rc_js_import_fn fn, void *arg);

/* The static import whose specifier string opens at s[quote] binds names
 * (`import A from`, `* as A`, `{ A, B as C }`) that the file uses only in
 * TypeScript type positions (annotations after `:`, also of a destructured
 * parameter, `as`, `satisfies`, `implements`, generic arguments there and
 * of a call, an interface body, a `type` alias): TypeScript erases such
 * an import, and nothing is loaded at run time. False when a use is
 * anything else or the reading is unsure (an object literal's `key: A`, a
 * ternary): a small lexer, not a type checker. */
bool rc_js_import_used_as_types(const char *s, size_t len, size_t quote);

/* A stretch [start, end) of a file's bytes. */
struct rc_js_span {
  size_t start, end;
};

/* The text of the file's template literals (not their ${} expressions,
 * which are code), in file order: `process.env.X` written there is a code
 * sample shown to users, not a read. *out is malloc'd (the caller frees
 * it, NULL when there is none); returns the count. */
size_t rc_js_template_text(const char *s, size_t len, struct rc_js_span **out);

/* True when off lies in one of the n spans (as rc_js_template_text gives). */
bool rc_js_in_spans(const struct rc_js_span *v, size_t n, size_t off);

/* True for names a JS/TS source file has: .js .jsx .ts .tsx .mjs .cjs .mts
 * .cts .vue .svelte, not .d.ts or .min.js. */
bool rc_js_is_source(const char *path);

#endif
