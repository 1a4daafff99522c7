/*
 * test_doc.c - JSON/YAML documents as cJSON trees (typing, anchors, merge
 * keys, limits, error positions) and key paths over them.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/mem.h"

static int parse(struct rc_docs *d, const char *text, const char *name,
                 enum rc_doc_format fmt, char *err)
{
  return rc_docs_parse(d, text, strlen(text), name, fmt, err, 256);
}

/* Parses text as the only document and returns it (caller deletes). */
static cJSON *one_doc(const char *text, enum rc_doc_format fmt)
{
  struct rc_docs d;
  char err[256] = "";
  if (parse(&d, text, NULL, fmt, err) != 0)
    fail_msg("parse failed: %s\n%s", err, text);
  assert_int_equal(d.n, 1);
  cJSON *root = d.docs[0];
  free(d.docs);
  free(d.pos);
  free(d.dup_key);
  return root;
}

static void expect_error(const char *text, enum rc_doc_format fmt,
                         const char *want)
{
  struct rc_docs d;
  char err[256] = "";
  assert_int_equal(parse(&d, text, NULL, fmt, err), -1);
  assert_int_equal(d.n, 0);
  if (!strstr(err, want))
    fail_msg("error '%s' does not contain '%s'", err, want);
}

/* ---- parsing --------------------------------------------------------- */

static void test_json_yaml_parity(void **state)
{
  (void)state;
  cJSON *j = one_doc("{\"name\": \"web\", \"port\": 8080, \"tls\": true,\n"
                     " \"tags\": [\"a\", \"b\"], \"owner\": null,\n"
                     " \"limits\": {\"cpu\": 0.5, \"mem\": \"512Mi\"}}",
                     RC_DOC_JSON);
  cJSON *y = one_doc("name: web\nport: 8080\ntls: true\ntags:\n  - a\n  - b\n"
                     "owner: ~\nlimits: {cpu: 0.5, mem: 512Mi}\n",
                     RC_DOC_YAML);
  assert_true(cJSON_Compare(j, y, 1));
  cJSON *other = one_doc("name: web\nport: \"8080\"\ntls: true\n"
                         "tags: [a, b]\nowner: ~\n"
                         "limits: {cpu: 0.5, mem: 512Mi}\n",
                         RC_DOC_YAML);
  assert_false(cJSON_Compare(j, other, 1)); /* "8080" is a string */
  cJSON_Delete(j);
  cJSON_Delete(y);
  cJSON_Delete(other);
}

enum kind { K_NULL, K_TRUE, K_FALSE, K_NUM, K_STR };

static const struct {
  const char *value; /* what follows "v: " */
  enum kind kind;
  double num;
  const char *text; /* K_STR value, or K_NUM source text */
} typing[] = {
    {"true", K_TRUE, 0, NULL},
    {"True", K_TRUE, 0, NULL},
    {"TRUE", K_TRUE, 0, NULL},
    {"false", K_FALSE, 0, NULL},
    {"False", K_FALSE, 0, NULL},
    {"FALSE", K_FALSE, 0, NULL},
    {"null", K_NULL, 0, NULL},
    {"Null", K_NULL, 0, NULL},
    {"NULL", K_NULL, 0, NULL},
    {"~", K_NULL, 0, NULL},
    {"", K_NULL, 0, NULL},
    {"42", K_NUM, 42, "42"},
    {"-7", K_NUM, -7, "-7"},
    {"+12", K_NUM, 12, "+12"},
    {"3.10", K_NUM, 3.1, "3.10"},
    {"-0.5", K_NUM, -0.5, "-0.5"},
    {".5", K_NUM, 0.5, ".5"},
    {"1e3", K_NUM, 1000, "1e3"},
    {"2.5E-1", K_NUM, 0.25, "2.5E-1"},
    {"0x1F", K_NUM, 31, "0x1F"},
    {"0o17", K_NUM, 15, "0o17"},
    {"1e999", K_STR, 0, "1e999"},
    {"-1e999", K_STR, 0, "-1e999"},
    {".inf", K_STR, 0, ".inf"},
    {"-.inf", K_STR, 0, "-.inf"},
    {".nan", K_STR, 0, ".nan"},
    {"'42'", K_STR, 0, "42"},
    {"\"true\"", K_STR, 0, "true"},
    {"'null'", K_STR, 0, "null"},
    {"\"\"", K_STR, 0, ""},
    {"!!str 42", K_STR, 0, "42"},
    {"!!str true", K_STR, 0, "true"},
    {"!reset 5", K_NUM, 5, "5"},
    {"!override true", K_TRUE, 0, NULL},
    {"yes", K_STR, 0, "yes"},
    {"on", K_STR, 0, "on"},
    {"1.2.3", K_STR, 0, "1.2.3"},
    {"0x", K_STR, 0, "0x"},
    {"0o8", K_STR, 0, "0o8"},
    {".", K_STR, 0, "."},
    {"1e", K_STR, 0, "1e"},
    {"12abc", K_STR, 0, "12abc"},
    {"|\n  block 1\n", K_STR, 0, "block 1\n"},
};

static void test_scalar_typing(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(typing) / sizeof(typing[0]); i++) {
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b, "v: %s\n", typing[i].value);
    cJSON *root = one_doc(b.data, RC_DOC_YAML);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "v");
    assert_non_null(v);
    switch (typing[i].kind) {
    case K_NULL:
      assert_true(cJSON_IsNull(v));
      break;
    case K_TRUE:
      assert_true(cJSON_IsTrue(v));
      break;
    case K_FALSE:
      assert_true(cJSON_IsFalse(v));
      break;
    case K_NUM:
      if (!cJSON_IsNumber(v))
        fail_msg("'%s' is not a number", typing[i].value);
      assert_true(v->valuedouble == typing[i].num);
      assert_string_equal(v->valuestring, typing[i].text);
      break;
    case K_STR:
      if (!cJSON_IsString(v))
        fail_msg("'%s' is not a string", typing[i].value);
      assert_string_equal(v->valuestring, typing[i].text);
      break;
    }
    cJSON_Delete(root);
    rc_buf_release(&b);
  }
}

static void test_json_numbers_and_duplicates(void **state)
{
  (void)state;
  cJSON *j = one_doc("{\"a\": 1, \"b\": 1e999, \"a\": 2, \"c\": {\"x\": 1, "
                     "\"x\": \"last\"}}",
                     RC_DOC_JSON);
  assert_int_equal(cJSON_GetArraySize(j), 3);
  assert_true(cJSON_GetObjectItem(j, "a")->valuedouble == 2);
  assert_true(isinf(cJSON_GetObjectItem(j, "b")->valuedouble));
  const cJSON *c = cJSON_GetObjectItem(j, "c");
  assert_int_equal(cJSON_GetArraySize(c), 1);
  assert_string_equal(cJSON_GetObjectItem(c, "x")->valuestring, "last");
  cJSON_Delete(j);

  cJSON *y = one_doc("a: 1\nb: x\na: 2\n", RC_DOC_YAML);
  assert_int_equal(cJSON_GetArraySize(y), 2);
  assert_true(cJSON_GetObjectItem(y, "a")->valuedouble == 2);
  cJSON_Delete(y);

  /* The first key written twice is named, for readers that must refuse. */
  struct rc_docs d;
  char err[256];
  assert_int_equal(parse(&d, "{\"k\": {\"x\": 1, \"x\": 2}, \"z\": 0}", NULL,
                         RC_DOC_JSON, err),
                   0);
  assert_string_equal(d.dup_key, "x");
  rc_docs_release(&d);
  assert_null(d.dup_key);
  assert_int_equal(
      parse(&d, "{\"a\": 1, \"b\": {\"a\": 2}}", NULL, RC_DOC_JSON, err), 0);
  assert_null(d.dup_key);
  rc_docs_release(&d);
}

static void test_merge_keys(void **state)
{
  (void)state;
  cJSON *root = one_doc("x-common: &common\n"
                        "  restart: unless-stopped\n"
                        "  healthcheck: {test: [CMD, true]}\n"
                        "  image: base\n"
                        "x-more: &more\n"
                        "  image: more\n"
                        "  logging: json\n"
                        "services:\n"
                        "  web:\n"
                        "    <<: *common\n"
                        "    image: web:1\n"
                        "  db:\n"
                        "    image: db:1\n"
                        "    <<: [*more, *common]\n"
                        "  inline:\n"
                        "    <<: {a: 1, b: 2}\n"
                        "    b: 3\n",
                        RC_DOC_YAML);
  const cJSON *s = cJSON_GetObjectItem(root, "services");
  const cJSON *web = cJSON_GetObjectItem(s, "web");
  assert_int_equal(cJSON_GetArraySize(web), 3);
  assert_string_equal(cJSON_GetObjectItem(web, "restart")->valuestring,
                      "unless-stopped");
  assert_string_equal(cJSON_GetObjectItem(web, "image")->valuestring,
                      "web:1"); /* explicit key wins */
  assert_non_null(cJSON_GetObjectItem(web, "healthcheck"));
  assert_null(cJSON_GetObjectItem(web, "<<"));
  const cJSON *db = cJSON_GetObjectItem(s, "db");
  assert_int_equal(cJSON_GetArraySize(db), 4);
  assert_string_equal(cJSON_GetObjectItem(db, "image")->valuestring, "db:1");
  assert_string_equal(cJSON_GetObjectItem(db, "logging")->valuestring, "json");
  const cJSON *in = cJSON_GetObjectItem(s, "inline");
  assert_true(cJSON_GetObjectItem(in, "a")->valuedouble == 1);
  assert_true(cJSON_GetObjectItem(in, "b")->valuedouble == 3);
  cJSON_Delete(root);

  /* Earlier merged mappings win over later ones. */
  root = one_doc("a: &a {k: from-a}\nb: &b {k: from-b, only: b}\n"
                 "c: {<<: [*a, *b]}\n",
                 RC_DOC_YAML);
  const cJSON *c = cJSON_GetObjectItem(root, "c");
  assert_string_equal(cJSON_GetObjectItem(c, "k")->valuestring, "from-a");
  assert_string_equal(cJSON_GetObjectItem(c, "only")->valuestring, "b");
  cJSON_Delete(root);

  /* A quoted "<<" is an ordinary key. */
  root = one_doc("'<<': {a: 1}\n", RC_DOC_YAML);
  assert_non_null(cJSON_GetObjectItem(root, "<<"));
  cJSON_Delete(root);

  expect_error("a: &s 5\nb:\n  <<: *s\n", RC_DOC_YAML,
               "3:7: merge key '<<' needs a mapping");
  expect_error("b:\n  <<: [{a: 1}, 2]\n", RC_DOC_YAML,
               "merge key '<<' needs a mapping");
}

static void test_anchors_and_aliases(void **state)
{
  (void)state;
  cJSON *root = one_doc("base: &b {x: [1, 2], y: z}\n"
                        "copy: *b\n"
                        "name: &n hello\n"
                        "names: [*n, *n]\n"
                        "*n : as-key\n"
                        "n: &v 1\n"
                        "later: *v\n"
                        "n2: &v 2\n"
                        "latest: *v\n",
                        RC_DOC_YAML);
  assert_true(cJSON_Compare(cJSON_GetObjectItem(root, "base"),
                            cJSON_GetObjectItem(root, "copy"), 1));
  /* A copy, not a shared node. */
  assert_ptr_not_equal(cJSON_GetObjectItem(root, "base")->child,
                       cJSON_GetObjectItem(root, "copy")->child);
  const cJSON *names = cJSON_GetObjectItem(root, "names");
  assert_int_equal(cJSON_GetArraySize(names), 2);
  assert_string_equal(cJSON_GetArrayItem(names, 1)->valuestring, "hello");
  assert_string_equal(cJSON_GetObjectItem(root, "hello")->valuestring,
                      "as-key");
  assert_true(cJSON_GetObjectItem(root, "later")->valuedouble == 1);
  assert_true(cJSON_GetObjectItem(root, "latest")->valuedouble == 2);
  cJSON_Delete(root);
}

static void test_alias_errors(void **state)
{
  (void)state;
  expect_error("a: &x [1, *x]\n", RC_DOC_YAML,
               "1:11: alias '*x' refers to a node that contains it");
  expect_error("a: &m\n  b: *m\n", RC_DOC_YAML, "2:6: alias '*m' refers");
  expect_error("a: 1\nb: *nope\n", RC_DOC_YAML, "2:4: undefined alias '*nope'");
  /* Anchors do not cross documents. */
  expect_error("a: &x 1\n---\nb: *x\n", RC_DOC_YAML, "undefined alias '*x'");
}

static void test_billion_laughs(void **state)
{
  (void)state;
  static const char *const names = "abcdefghi";
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
  for (size_t i = 1; i < strlen(names); i++) {
    char p = names[i - 1], n = names[i];
    rc_buf_printf(&b, "%c: &%c [", n, n);
    for (int k = 0; k < 9; k++)
      rc_buf_printf(&b, "%s*%c", k ? ", " : "", p);
    rc_buf_puts(&b, "]\n");
  }
  expect_error(b.data, RC_DOC_YAML, "more than 1000000 nodes");
  rc_buf_release(&b);
}

static char *nested(size_t depth, const char *open, const char *inner,
                    const char *close)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < depth; i++)
    rc_buf_puts(&b, open);
  rc_buf_puts(&b, inner);
  for (size_t i = 0; i < depth; i++)
    rc_buf_puts(&b, close);
  char *s = rc_buf_detach(&b);
  rc_buf_release(&b);
  return s;
}

static void test_deep_nesting(void **state)
{
  (void)state;
  char *ok = nested(RC_DOC_MAX_DEPTH, "[", "1", "]");
  cJSON *root = one_doc(ok, RC_DOC_YAML);
  cJSON_Delete(root);
  free(ok);

  char *deep = nested(RC_DOC_MAX_DEPTH + 1, "[", "1", "]");
  expect_error(deep, RC_DOC_YAML, "1:257: nesting deeper than 256 levels");
  free(deep);

  /* 100k levels: stops at the cap instead of libyaml's quadratic crawl. */
  char *huge = nested(100000, "[", "", "");
  expect_error(huge, RC_DOC_YAML, "nesting deeper than 256 levels");
  free(huge);
  huge = nested(100000, "{a: ", "1", "}");
  expect_error(huge, RC_DOC_YAML, "nesting deeper than 256 levels");
  free(huge);

  /* Depth reached through an alias counts too. */
  char *inner = nested(200, "[", "1", "]");
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b,
                "a: &d %s\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                "[[[[[[[[[[[[[[[[[[*d]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
                "]]]]]]]]]]]]]]]]]]]]]]]]\n",
                inner);
  expect_error(b.data, RC_DOC_YAML, "through alias '*d'");
  rc_buf_release(&b);
  free(inner);

  /* JSON has cJSON's own limit. */
  char *jdeep = nested(5000, "[", "1", "]");
  expect_error(jdeep, RC_DOC_JSON, "invalid JSON");
  free(jdeep);
}

static void test_multi_document(void **state)
{
  (void)state;
  struct rc_docs d;
  char err[256];
  const char *text = "---\nkind: Service\n---\n---\n# only a comment\n---\n"
                     "kind: Deployment\n...\n---\n~\n";
  assert_int_equal(parse(&d, text, "k8s.yaml", RC_DOC_AUTO, err), 0);
  assert_int_equal(d.n, 2);
  assert_string_equal(cJSON_GetObjectItem(d.docs[0], "kind")->valuestring,
                      "Service");
  assert_string_equal(cJSON_GetObjectItem(d.docs[1], "kind")->valuestring,
                      "Deployment");
  rc_docs_release(&d);
  rc_docs_release(&d); /* released twice: a no-op */

  assert_int_equal(parse(&d, "", "empty.yaml", RC_DOC_AUTO, err), 0);
  assert_int_equal(d.n, 0);
  rc_docs_release(&d);
}

static unsigned line_at(const struct rc_docs *d, size_t doc, const char *path)
{
  const cJSON *n = d->docs[doc];
  char buf[128];
  snprintf(buf, sizeof(buf), "%s", path);
  for (char *k = strtok(buf, "."); k; k = strtok(NULL, "."))
    n = cJSON_IsArray(n) ? cJSON_GetArrayItem(n, atoi(k))
                         : cJSON_GetObjectItemCaseSensitive(n, k);
  assert_non_null(n);
  return rc_docs_line(d, n);
}

static void test_node_lines(void **state)
{
  (void)state;
  struct rc_docs d;
  char err[256];
  const char *text = "x-base: &base\n"     /* 1 */
                     "  restart: always\n" /* 2 */
                     "services:\n"         /* 3 */
                     "  api:\n"            /* 4 */
                     "    <<: *base\n"     /* 5 */
                     "    image: app\n"    /* 6 */
                     "    ports:\n"        /* 7 */
                     "      - \"80:80\"\n" /* 8 */
                     "      - 443\n"       /* 9 */
                     "    healthcheck:\n"  /* 10 */
                     "      test: [CMD, x]\n"
                     "  db: *base\n" /* 12 */
                     "---\n"
                     "kind: Job\n"; /* 14 */
  assert_int_equal(parse(&d, text, "c.yaml", RC_DOC_AUTO, err), 0);
  assert_int_equal(line_at(&d, 0, "services.api"), 4);
  assert_int_equal(line_at(&d, 0, "services.api.image"), 6);
  assert_int_equal(line_at(&d, 0, "services.api.ports"), 7);
  assert_int_equal(line_at(&d, 0, "services.api.ports.0"), 8);
  assert_int_equal(line_at(&d, 0, "services.api.ports.1"), 9);
  assert_int_equal(line_at(&d, 0, "services.api.healthcheck.test"), 11);
  assert_int_equal(line_at(&d, 0, "services.api.restart"), 5); /* merged */
  assert_int_equal(line_at(&d, 0, "services.db"), 12);
  assert_int_equal(line_at(&d, 0, "services.db.restart"), 12); /* alias */
  assert_int_equal(line_at(&d, 0, "x-base.restart"), 2);
  assert_int_equal(line_at(&d, 1, "kind"), 14);
  assert_int_equal(rc_docs_line(&d, NULL), 0);
  rc_docs_release(&d);

  /* A mapping merged in place stands where `<<` is written, not where the
   * mapping ends (past the last line here; found by fuzzing). */
  assert_int_equal(parse(&d, "top: 1\n<<:\n  a: u", "m.yaml", RC_DOC_AUTO, err),
                   0);
  assert_int_equal(line_at(&d, 0, "a"), 2);
  rc_docs_release(&d);

  /* JSON has no positions. */
  assert_int_equal(parse(&d, "{\"a\": 1}", "x.json", RC_DOC_AUTO, err), 0);
  assert_int_equal(rc_docs_line(&d, cJSON_GetObjectItem(d.docs[0], "a")), 0);
  rc_docs_release(&d);
}

static void test_error_positions(void **state)
{
  (void)state;
  /* Invalid UTF-8: libyaml gives only a byte offset. */
  expect_error("a: 1\nbb: x\xff\n", RC_DOC_YAML, "2:6: invalid");
  expect_error("a: 1\nb: \xc3\xa9\xc3\xa9\xff\n", RC_DOC_YAML, "2:6:");
  expect_error("a: 1\nb: [1, 2\nc: 3\n", RC_DOC_YAML,
               "3:2: did not find expected ',' or ']' (while parsing a "
               "flow sequence at 2:4)");
  expect_error("a: 1\n  b: 2\n", RC_DOC_YAML,
               "2:4: mapping values are not "
               "allowed");
  expect_error("{\"a\": 1,\n \"b\": tru}", RC_DOC_JSON, "2:7: invalid JSON");
  expect_error("{\"a\": 1}\n{\"b\": 2}", RC_DOC_JSON,
               "2:1: unexpected content after the JSON value");
  expect_error("{\"a\":\n  ", RC_DOC_JSON, "2:3: unexpected end of JSON");
  expect_error("[{? a : b}: 1]\n", RC_DOC_YAML, "complex mapping keys");
}

static void test_format_detection(void **state)
{
  (void)state;
  struct rc_docs d;
  char err[256];
  /* .json: strict JSON. */
  assert_int_equal(parse(&d, "{a: 1}", "x.json", RC_DOC_AUTO, err), -1);
  assert_non_null(strstr(err, "1:3: invalid JSON near ':'"));
  /* No extension, looks like JSON but is flow YAML: falls back. */
  assert_int_equal(parse(&d, "{a: 1}", ".babelrc", RC_DOC_AUTO, err), 0);
  assert_int_equal(d.n, 1);
  rc_docs_release(&d);
  /* Neither: the JSON error is reported. */
  assert_int_equal(parse(&d, "{\"a\": [}", "rc", RC_DOC_AUTO, err), -1);
  assert_non_null(strstr(err, "invalid JSON"));
  /* YAML by extension; a UTF-8 BOM is fine in both. */
  assert_int_equal(
      parse(&d, "\xEF\xBB\xBF{\"a\": 1}", "x.json", RC_DOC_AUTO, err), 0);
  rc_docs_release(&d);
  assert_int_equal(parse(&d, "a: [1]", "x.yml", RC_DOC_AUTO, err), 0);
  rc_docs_release(&d);

  char *big = rc_xmalloc((size_t)RC_DOC_MAX_BYTES + 2);
  memset(big, ' ', (size_t)RC_DOC_MAX_BYTES + 1);
  big[RC_DOC_MAX_BYTES + 1] = '\0';
  assert_int_equal(rc_docs_parse(&d, big, (size_t)RC_DOC_MAX_BYTES + 1,
                                 "big.yaml", RC_DOC_AUTO, err, sizeof(err)),
                   -1);
  assert_non_null(strstr(err, "file too large"));
  free(big);
}

static void test_scalar_text(void **state)
{
  (void)state;
  cJSON *j = one_doc("[\"s\", 3, 0.1, 1e300, true, false, null, {}, 1e999]",
                     RC_DOC_JSON);
  const char *want[] = {"s",     "3",    "0.1", "1e+300", "true",
                        "false", "null", NULL,  "inf"};
  char buf[64];
  for (int i = 0; i < 9; i++) {
    const char *t =
        rc_doc_scalar_text(cJSON_GetArrayItem(j, i), buf, sizeof(buf));
    if (!want[i])
      assert_null(t);
    else
      assert_string_equal(t, want[i]);
  }
  assert_null(rc_doc_scalar_text(NULL, buf, sizeof(buf)));
  cJSON_Delete(j);
}

/* ---- key paths ------------------------------------------------------- */

static void test_keypath_errors(void **state)
{
  (void)state;
  static const struct {
    const char *path, *err;
  } bad[] = {
      {"", "empty key path"},
      {"a..b", "empty step at character 3"},
      {"a.", "empty step at character 3"},
      {".a", "empty step at character 1"},
      {"a[0", "unterminated '[' at character 2"},
      {"a[x]", "expected a number or '*' inside '[]'"},
      {"a[]", "expected a number or '*'"},
      {"a.\"b", "unterminated quoted key at character 3"},
      {"a]", "expected '.' or '[' at character 2"},
      {"\"a\"b", "expected '.' or '['"},
      {"a.b*", "'*' must be a whole step"},
      {"a[99999999999999999999999]", "expected a number"},
  };
  char err[256];
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    err[0] = '\0';
    struct rc_keypath *kp = rc_keypath_new(bad[i].path, err, sizeof(err));
    if (kp || !strstr(err, bad[i].err))
      fail_msg("'%s': got '%s', want '%s'", bad[i].path, err, bad[i].err);
  }
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "a");
  for (int i = 0; i < RC_KEYPATH_MAX_STEPS; i++)
    rc_buf_puts(&b, ".a");
  assert_null(rc_keypath_new(b.data, err, sizeof(err)));
  assert_non_null(strstr(err, "too many steps"));
  rc_buf_release(&b);
  rc_keypath_free(NULL);
}

struct seen {
  struct rc_buf log; /* "where=value;" per callback */
};

static void record(const char *where, const cJSON *node, void *arg)
{
  struct seen *s = arg;
  char buf[64];
  const char *t = node ? rc_doc_scalar_text(node, buf, sizeof(buf)) : "-";
  rc_buf_printf(&s->log, "%s=%s;", where, t ? t : "{}");
}

static void expect_walk(const cJSON *root, const char *path, const char *want,
                        size_t calls)
{
  char err[256];
  struct rc_keypath *kp = rc_keypath_new(path, err, sizeof(err));
  if (!kp)
    fail_msg("'%s': %s", path, err);
  struct seen s;
  rc_buf_init(&s.log);
  size_t n = rc_keypath_walk(kp, root, record, &s);
  if (strcmp(s.log.data, want) != 0)
    fail_msg("'%s': got '%s', want '%s'", path, s.log.data, want);
  assert_int_equal(n, calls);
  rc_buf_release(&s.log);
  rc_keypath_free(kp);
}

static void test_keypath_walk(void **state)
{
  (void)state;
  cJSON *root = one_doc("services:\n"
                        "  web: {healthcheck: {test: curl}, ports: [80, 443]}\n"
                        "  db: {image: pg}\n"
                        "  cache: {healthcheck: {test: ping}}\n"
                        "scripts: {\"test:ci\": jest, \"a.b\": dotted}\n"
                        "empty: {}\n"
                        "list: []\n"
                        "scalar: 5\n"
                        "\"*\": star\n",
                        RC_DOC_YAML);
  expect_walk(root, "services.*.healthcheck.test",
              "services.web.healthcheck.test=curl;"
              "services.db.healthcheck.test=-;"
              "services.cache.healthcheck.test=ping;",
              3);
  expect_walk(root, "services.web.ports[1]", "services.web.ports[1]=443;", 1);
  expect_walk(root, "services.web.ports.0", "services.web.ports[0]=80;", 1);
  expect_walk(root, "services.web.ports[*]",
              "services.web.ports[0]=80;services.web.ports[1]=443;", 2);
  expect_walk(root, "services.web.ports[2]", "services.web.ports[2]=-;", 1);
  expect_walk(root, "services.web[0]", "services.web[0]=-;", 1);
  expect_walk(root, "scripts.\"test:ci\"", "scripts.test:ci=jest;", 1);
  expect_walk(root, "scripts.\"a.b\"", "scripts.\"a.b\"=dotted;", 1);
  expect_walk(root, "\"*\"", "\"*\"=star;", 1);
  /* A missing non-wildcard prefix: one callback for the whole path. */
  expect_walk(root, "volumes.*.driver", "volumes.*.driver=-;", 1);
  expect_walk(root, "services.api.*.x", "services.api.*.x=-;", 1);
  /* A wildcard over nothing or over a scalar. */
  expect_walk(root, "empty.*.x", "empty.*.x=-;", 1);
  expect_walk(root, "list[*]", "list[*]=-;", 1);
  expect_walk(root, "scalar.*", "scalar.*=-;", 1);
  expect_walk(root, "scalar.x", "scalar.x=-;", 1);
  expect_walk(root, "*.web.image",
              "services.web.image=-;scripts.web.image=-;empty.web.image=-;"
              "list.web.image=-;scalar.web.image=-;\"*\".web.image=-;",
              6);
  expect_walk(root, "empty", "empty={};", 1);
  expect_walk(NULL, "a.b", "a.b=-;", 1);
  cJSON_Delete(root);

  cJSON *arr = one_doc("[{\"n\": 1}, {\"m\": 2}]", RC_DOC_JSON);
  expect_walk(arr, "[0].n", "[0].n=1;", 1);
  expect_walk(arr, "*.n", "[0].n=1;[1].n=-;", 2);
  expect_walk(arr, "1.m", "[1].m=2;", 1);
  cJSON_Delete(arr);

  char err[64];
  struct rc_keypath *kp = rc_keypath_new("a.*", err, sizeof(err));
  assert_true(rc_keypath_has_wildcard(kp));
  rc_keypath_free(kp);
  kp = rc_keypath_new("a[0].b", err, sizeof(err));
  assert_false(rc_keypath_has_wildcard(kp));
  rc_keypath_free(kp);
}

/* rc_doc_may_hold: false only when no key or string can read the word. */
static void test_may_hold(void **state)
{
  (void)state;
  static const struct {
    const char *text;
    size_t len; /* 0: strlen */
    bool want;
  } cases[] = {
      {"kind: Deployment\n", 0, true},
      {"kind: Service\n", 0, false},
      {"kind: 'Deployment'\n", 0, true},
      {"kind: \"Deploy\\x6dent\"\n", 0, true}, /* \x can spell it */
      {"kind: \"Deploy\\u006dent\"\n", 0, true},
      {"kind: \"Deploy\\U0000006dent\"\n", 0, true},
      {"kind: \"Deploy\\\n  ment\"\n", 0, true},   /* escaped line break */
      {"kind: \"Service\\n\" # \\d+\n", 0, false}, /* harmless escapes */
      {"a: \\\\x\n", 0, false},       /* an escaped backslash, then 'x' */
      {"a: b\0Deployment", 16, true}, /* a NUL hides the rest */
      {"trailing \\", 0, false},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
    if (rc_doc_may_hold(cases[i].text, len, "Deployment") != cases[i].want)
      fail_msg("case %zu: want %d", i, cases[i].want);
  }
  /* What it promises, on real parses: a word it rules out is in no node. */
  struct rc_docs docs;
  char err[256];
  const char *yaml = "a:\n  kind: Service\n  x: \"\\t\\\\ \\\"q\\\"\"\n";
  assert_false(rc_doc_may_hold(yaml, strlen(yaml), "Deployment"));
  assert_int_equal(rc_docs_parse(&docs, yaml, strlen(yaml), "x.yaml",
                                 RC_DOC_YAML, err, sizeof(err)),
                   0);
  rc_docs_release(&docs);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json_yaml_parity),
      cmocka_unit_test(test_scalar_typing),
      cmocka_unit_test(test_json_numbers_and_duplicates),
      cmocka_unit_test(test_merge_keys),
      cmocka_unit_test(test_anchors_and_aliases),
      cmocka_unit_test(test_alias_errors),
      cmocka_unit_test(test_billion_laughs),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_multi_document),
      cmocka_unit_test(test_node_lines),
      cmocka_unit_test(test_error_positions),
      cmocka_unit_test(test_format_detection),
      cmocka_unit_test(test_scalar_text),
      cmocka_unit_test(test_keypath_errors),
      cmocka_unit_test(test_keypath_walk),
      cmocka_unit_test(test_may_hold),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
