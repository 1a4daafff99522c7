/*
 * test_bake.c - docker buildx bake definitions: the HCL subset (blocks,
 * strings, lists, `${VAR}`, expressions left unknown), JSON, inherits,
 * groups, overrides across files, and file:line:column errors.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/bake.h"
#include "readycheck/doccache.h"
#include "readycheck/mem.h"
#include "testutil.h"

struct env {
  struct rc_arena *a;
  struct rc_doc_cache *docs;
  struct rc_bake *b;
};

static void env_init(struct env *e)
{
  e->a = rc_arena_new();
  e->docs = rc_doc_cache_new(1 << 20);
  e->b = rc_bake_new(e->a);
}

static void env_release(struct env *e)
{
  rc_bake_free(e->b);
  rc_doc_cache_free(e->docs);
  rc_arena_free(e->a);
}

static int read_text(struct env *e, const char *path, const char *text,
                     char *err, size_t errlen)
{
  return rc_bake_read(e->b, e->docs, path, text, strlen(text), err, errlen);
}

static const char hcl[] =
    "variable \"TAG\" {\n"
    "  default = \"1.2\"\n"
    "}\n"
    "variable \"EMPTY\" {\n"
    "  default = \"\"\n"
    "}\n"
    "# a comment\n"
    "target \"_common\" {\n"
    "  context = \"./app\"\n"
    "  args = {\n"
    "    A = \"b\" // inline\n"
    "  }\n"
    "  platforms = TAG == \"dev\" ? [\"linux/amd64\"] : [\n"
    "    \"linux/arm64\"]\n"
    "}\n"
    "target \"web\" {\n"
    "  inherits = [\"_common\"]\n"
    "  dockerfile = \"web.Dockerfile\"\n"
    "  target = \"runtime\"\n"
    "  tags = [\"acme/web:${TAG}\", \"acme/web:${EMPTY}\"]\n"
    "}\n"
    "/* checks only */\n"
    "target \"lint\" {\n"
    "  dockerfile = \"lint.Dockerfile\"\n"
    "  output = [\"type=cacheonly\"]\n"
    "}\n"
    "target \"gen\" {\n"
    "  dockerfile = format(\"%s.Dockerfile\", TAG)\n"
    "  output = [\"./out\"]\n"
    "}\n"
    "group \"default\" {\n"
    "  targets = [\"web\", \"lint\"]\n"
    "}\n";

static void test_hcl_targets(void **state)
{
  (void)state;
  struct env e;
  env_init(&e);
  char err[256] = "";
  assert_int_equal(read_text(&e, "docker-bake.hcl", hcl, err, sizeof(err)), 0);
  struct rc_bake_target t[8];
  size_t n = rc_bake_targets(e.b, NULL, 0, t, 8);
  assert_int_equal(n, 2);
  assert_string_equal(t[0].name, "web");
  assert_string_equal(t[0].context, "./app");
  assert_string_equal(t[0].dockerfile, "web.Dockerfile");
  assert_string_equal(t[0].target, "runtime");
  /* an empty default is left to the environment CI sets */
  assert_string_equal(t[0].tags, "acme/web:1.2 acme/web:${EMPTY}");
  assert_false(t[0].unknown);
  assert_false(t[0].no_image);
  assert_int_equal(t[0].line, 16);
  assert_string_equal(t[1].name, "lint");
  assert_string_equal(t[1].context, ".");
  assert_true(t[1].no_image);
  const char *gen = "gen";
  n = rc_bake_targets(e.b, &gen, 1, t, 8);
  assert_int_equal(n, 1);
  assert_true(t[0].unknown); /* a function call is not evaluated */
  assert_null(t[0].dockerfile);
  assert_true(t[0].no_image);
  const char *names[8];
  n = rc_bake_names(e.b, "*", names, 8);
  assert_int_equal(n, 4); /* web lint gen default: not _common */
  env_release(&e);
}

static void test_json_and_override(void **state)
{
  (void)state;
  struct env e;
  env_init(&e);
  char err[256] = "";
  assert_int_equal(
      read_text(&e, "docker-bake.json",
                "{\"target\": {\"api\": {\"dockerfile\": \"api.Dockerfile\","
                " \"tags\": [\"acme/api:1\"]}},"
                " \"group\": {\"default\": {\"targets\": [\"api\"]}}}",
                err, sizeof(err)),
      0);
  assert_int_equal(read_text(&e, "docker-bake.override.hcl",
                             "target \"api\" {\n  context = \"svc\"\n}\n", err,
                             sizeof(err)),
                   0);
  struct rc_bake_target t[4];
  assert_int_equal(rc_bake_targets(e.b, NULL, 0, t, 4), 1);
  assert_string_equal(t[0].context, "svc");
  assert_string_equal(t[0].dockerfile, "api.Dockerfile");
  assert_string_equal(t[0].tags, "acme/api:1");
  env_release(&e);
}

struct bad_case {
  const char *text;
  const char *err;
};

static void test_errors_say_where(void **state)
{
  (void)state;
  static const struct bad_case cases[] = {
      {"target \"a\" {\n  dockerfile = \"x\n}\n",
       "docker-bake.hcl:2:16: unterminated string"},
      {"target \"a\" {\n  tags = [\"x\"\n", "docker-bake.hcl:2:10:"},
      {"target \"a\" {\n  context = \".\"\n", "docker-bake.hcl:3:1: a block"},
      {"}\n", "docker-bake.hcl:1:1: '}' without a block"},
      {"target \"a\" {\n  = 1\n}\n",
       "docker-bake.hcl:2:3: expected an attribute"},
      {"/* open\n", "docker-bake.hcl:1:1: unterminated /* comment"},
      {"target {\n}\n", "docker-bake.hcl:1:1: a target, group or variable"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct env e;
    env_init(&e);
    char err[256] = "";
    assert_int_equal(
        read_text(&e, "docker-bake.hcl", cases[i].text, err, sizeof(err)), -1);
    if (!strstr(err, cases[i].err))
      fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].err);
    env_release(&e);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hcl_targets),
      cmocka_unit_test(test_json_and_override),
      cmocka_unit_test(test_errors_say_where),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
