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

/* Called for each specifier, in file order. spec is not NUL-terminated.
 * type_only is true for `import type ...` / `export type ...`, which
 * TypeScript erases: nothing is loaded at run time. */
typedef void (*rc_js_import_fn)(const char *spec, size_t len, unsigned line,
                                bool type_only, void *arg);

void rc_js_imports(const char *s, size_t len, rc_js_import_fn fn, void *arg);

/* True for names a JS/TS source file has: .js .jsx .ts .tsx .mjs .cjs .mts
 * .cts .vue .svelte, not .d.ts or .min.js. */
bool rc_js_is_source(const char *path);

#endif
