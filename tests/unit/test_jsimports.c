/*
 * test_jsimports.c - the import lexer: the specifiers a file imports, and
 * the words that only look like imports (comments, template literals, CSS
 * @import in a component's <style> block).
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/jsimports.h"

static void collect(const char *spec, size_t len, unsigned line, unsigned flags,
                    void *arg)
{
  struct rc_buf *b = arg;
  rc_buf_printf(b, "%u:%.*s%s%s\n", line, (int)len, spec,
                flags & RC_JS_TYPE_ONLY ? " T" : "",
                flags & RC_JS_GUARDED ? " G" : "");
}

static void expect(const char *src, const char *want)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_js_imports(src, strlen(src), collect, &b);
  assert_string_equal(b.data ? b.data : "", want);
  rc_buf_release(&b);
}

static void test_statements_and_calls(void **state)
{
  (void)state;
  expect("import a from 'alpha';\nimport type { B } from \"beta\";\n"
         "const c = require('gamma');\nexport * from './delta';\n"
         "await import('epsilon');\n",
         "1:alpha\n2:beta T\n3:gamma\n4:./delta\n5:epsilon\n");
}

/* Named imports that are all types are erased like `import type`; one
 * value among them, or a default import, keeps the statement. */
static void test_inline_type_specifiers(void **state)
{
  (void)state;
  expect("import { type A, type B as C } from 'alpha';\n"
         "import { type D, e } from 'beta';\n"
         "import f, { type G } from 'gamma';\n"
         "import {\n  type H,\n} from 'delta';\n",
         "1:alpha T\n2:beta\n3:gamma\n6:delta T\n");
}

static void test_not_imports(void **state)
{
  (void)state;
  expect("// import x from 'commented'\n/* require('block') */\n"
         "const s = `import y from 'template'`;\nconst t = 'import';\n",
         "");
}

/* A code sample shown to users is a template literal; one with nested
 * templates in its ${} expressions is still one literal, and the lines it
 * spans are counted for the imports after it. An escaped \${ is text. */
static void test_nested_templates(void **state)
{
  (void)state;
  expect("const code = `import { a } from \"shown-a\";\n"
         "init({${key ? `\n  key: ${JSON.stringify(key)},` : \"\"}\n"
         "  dev: ${on ? `{ x: `${y}` }` : '}'},\n"
         "});\nimport { b } from \"shown-b\";\n`;\n"
         "const t = `\\${ import('not-a-call') }`;\n"
         "import real from 'real';\n",
         "9:real\n");
}

/* Template text is a sample; its ${} expressions, and templates nested in
 * them, are code and text again. */
static void test_template_text_spans(void **state)
{
  (void)state;
  const char *src = "a(`x ${b(`y`)} z`); c(`w`);";
  struct rc_js_span *v = NULL;
  size_t n = rc_js_template_text(src, strlen(src), &v);
  assert_int_equal(n, 4);
  const char *in[] = {"x ", "y", " z", "w"};
  for (size_t i = 0; i < n; i++)
    assert_int_equal(strncmp(src + v[i].start, in[i], v[i].end - v[i].start),
                     0);
  assert_true(rc_js_in_spans(v, n, (size_t)(strchr(src, 'x') - src)));
  assert_false(rc_js_in_spans(v, n, (size_t)(strchr(src, 'b') - src)));
  assert_true(rc_js_in_spans(v, n, (size_t)(strchr(src, 'y') - src)));
  assert_false(rc_js_in_spans(v, n, (size_t)(strchr(src, 'c') - src)));
  free(v);
  assert_int_equal(rc_js_template_text("a('`');", 7, &v), 0);
  free(v);
}

/* Templates nested past the bound are read as text, never overflowing. */
static void test_deep_templates_are_bounded(void **state)
{
  (void)state;
  struct rc_buf src;
  rc_buf_init(&src);
  for (int i = 0; i < 5000; i++)
    rc_buf_printf(&src, "`${");
  rc_buf_printf(&src, "\nimport z from 'after';\n");
  struct rc_buf b;
  rc_buf_init(&b);
  rc_js_imports(src.data, src.len, collect, &b);
  assert_string_equal(b.data ? b.data : "", "");
  rc_buf_release(&b);
  rc_buf_release(&src);
}

/* A .vue single-file component: its <script> imports count, the Sass
 * @import of its <style> block does not. */
/* A require() or import() call inside a try block is guarded (the code
 * handles the module's absence); one after the block, in its catch, or a
 * word merely ending in try is not. */
/* A browserify bundle resolves its require() calls in its own module
 * table: they are not the project's imports. A file that only mentions
 * MODULE_NOT_FOUND (an error handler) is read as usual. */
static void test_browserify_bundle(void **state)
{
  (void)state;
  expect("(function(f){module.exports=f()})(function(){var define,module,"
         "exports;return (function e(t,n,r){function s(o,u){if(!n[o]){if(!t"
         "[o]){var a=typeof require==\"function\"&&require;if(!u&&a)return "
         "a(o,!0);var f=new Error(\"Cannot find module '\"+o+\"'\");throw "
         "f.code=\"MODULE_NOT_FOUND\",f}}}return s})({1:[function(require,"
         "module,exports){\nvar glob = require(\"glob\");\n},{}]},{},[1])"
         "(1)});\n",
         "");
  expect("const fs = require('fs');\n"
         "if (err.code === 'MODULE_NOT_FOUND') { throw err; }\n",
         "1:fs\n");
}

static void test_guarded_calls(void **state)
{
  (void)state;
  expect("try {\n  x = require('express')\n} catch (e) {\n"
         "  y = require('fallback')\n}\nz = require('plain')\n"
         "try { if (a) { await import('deep') } } finally {}\n"
         "retry {require('nottry')}\nconst o = { try: require('key') }\n",
         "2:express G\n4:fallback\n6:plain\n7:deep G\n8:nottry\n9:key\n");
}

static void test_vue_style_import(void **state)
{
  (void)state;
  expect("<template><div/></template>\n<script>\nimport { ref } from "
         "'vue';\n</script>\n<style lang=\"scss\">\n@import "
         "\"assets/style.scss\";\n@import url(\"theme.css\");\n</style>\n",
         "3:vue\n");
}

/* Whether the import of src's first line is used only as types. */
static bool types_only(const char *src)
{
  const char *q = strchr(src, '\'');
  return rc_js_import_used_as_types(src, strlen(src), (size_t)(q - src));
}

/* Annotations (parameters, return types, declarations, generics, `as`)
 * are type uses; a call, `new`, `instanceof`, an object literal's value,
 * a ternary branch or JSX is a value use; nothing read proves nothing. */
static void test_used_as_types(void **state)
{
  (void)state;
  assert_true(types_only("import { A, B as C } from 'x';\n"
                         "function f(a: A, b?: Map<string, C>): Promise<A | "
                         "null> { return g(a) as C; }\n"));
  assert_true(types_only("import * as ns from 'x';\n"
                         "export const o: ns.Options = { url: 'u' };\n"
                         "const h = (r: ns.Req): ns.Res => r.send();\n"));
  assert_true(types_only("import D from 'x';\n// D(1) in a comment\n"
                         "let d: D | undefined = undefined;\n"));
  /* another import's `A as B` names that module's export, not a use */
  assert_true(types_only("import { A } from 'x';\n"
                         "import { A as B, C } from 'y';\nlet a: A;\n"));
  assert_false(types_only("import { A } from 'x';\nconst a = new A();\n"));
  assert_false(
      types_only("import { A } from 'x';\nif (e instanceof A) throw e;\n"));
  assert_false(
      types_only("import { A } from 'x';\nexport default { k: A };\n"));
  assert_false(
      types_only("import { A } from 'x';\nconst v = f(ok ? b : A);\n"));
  assert_false(
      types_only("import { A } from 'x';\nfunction f(): T { return A; }\n"));
  assert_false(types_only("import { A } from 'x';\nconst e = <A />;\n"));
  assert_false(types_only("import { A } from 'x';\n"));
  assert_false(types_only("import 'x';\nlet a: A;\n"));
  /* class properties: a type in the class body, not in an object */
  assert_true(types_only("import { A } from 'x';\nexport class C {\n"
                         "  private a?: A;\n  b: A | null = null\n"
                         "  f(): void { this.a = undefined; }\n}\n"));
  assert_false(types_only("import { A } from 'x';\nclass C {\n  a: A;\n"
                          "  b = new A();\n}\n"));
  assert_false(
      types_only("import { A } from 'x';\nconst o = { a: A, b: 1 };\n"));
  /* a decorated property's type is emitted as metadata, a value */
  assert_false(types_only("import { A } from 'x';\nclass C {\n"
                          "  @Prop() a: A;\n}\n"));
  assert_false(types_only("import { A } from 'x';\nclass C {\n"
                          "  @Column({ type: 'x' })\n  a: A;\n}\n"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_inline_type_specifiers),
      cmocka_unit_test(test_statements_and_calls),
      cmocka_unit_test(test_not_imports),
      cmocka_unit_test(test_nested_templates),
      cmocka_unit_test(test_template_text_spans),
      cmocka_unit_test(test_deep_templates_are_bounded),
      cmocka_unit_test(test_vue_style_import),
      cmocka_unit_test(test_guarded_calls),
      cmocka_unit_test(test_browserify_bundle),
      cmocka_unit_test(test_used_as_types),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
