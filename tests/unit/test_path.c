/*
 * test_path.c - repository paths joined and normalised without the disk:
 * "." and ".." resolved, repeated '/' collapsed, and a path that leaves
 * the root refused rather than clamped.
 */
#include <string.h>

#include "readycheck/imageref.h"
#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "testutil.h"

static void expect_normal(const char *path, const char *want)
{
  struct rc_buf out;
  rc_buf_init(&out);
  bool ok = rc_path_normalize(&out, path);
  if (!want) {
    assert_false(ok);
  } else {
    assert_true(ok);
    assert_string_equal(out.len ? out.data : "", want);
  }
  rc_buf_release(&out);
}

static void test_normalize(void **state)
{
  (void)state;
  expect_normal("a/b/../c", "a/c");
  expect_normal("./a//b/./c/", "a/b/c");
  expect_normal("/etc/nginx/../nginx/conf.d/x.conf", "etc/nginx/conf.d/x.conf");
  expect_normal("a/..", "");
  expect_normal("", "");
  expect_normal("..", NULL);
  expect_normal("a/../../b", NULL);
}

static void test_normalize_reuses_out(void **state)
{
  (void)state;
  struct rc_buf out;
  rc_buf_init(&out);
  assert_true(rc_path_normalize(&out, "long/path/to/somewhere"));
  assert_true(rc_path_normalize(&out, "x/./y"));
  assert_string_equal(out.data, "x/y"); /* reset first, not appended */
  rc_buf_release(&out);
}

static void test_normalize_too_deep(void **state)
{
  (void)state;
  struct rc_buf deep;
  rc_buf_init(&deep);
  for (int i = 0; i < 300; i++)
    rc_buf_printf(&deep, "d%d/", i);
  expect_normal(deep.data, NULL);
  rc_buf_release(&deep);
}

static void test_join(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  assert_string_equal(rc_path_join(a, "a/b", "../c"), "a/c");
  assert_string_equal(rc_path_join(a, "", "."), "");
  assert_string_equal(rc_path_join(a, "deploy", "./nginx/site.conf"),
                      "deploy/nginx/site.conf");
  assert_null(rc_path_join(a, "a", "../../x")); /* leaves the root */
  assert_null(rc_path_join(a, "a", "/etc/passwd"));
  assert_null(rc_path_join(a, "a", "~/x"));
  assert_null(rc_path_join(a, "a", "${DIR}/x"));
  rc_arena_free(a);
}

/* Documents by their name's suffix, in any case; a folder's suffix, or a
 * file named only the suffix, is not one. */
static void test_doc_names(void **state)
{
  (void)state;
  assert_true(rc_path_is_markdown("README.md"));
  assert_true(rc_path_is_markdown("docs/NOTES.MD"));
  assert_false(rc_path_is_markdown("docs/page.mdx"));
  assert_false(rc_path_is_markdown("guide.md/deploy.sh"));
  assert_false(rc_path_is_markdown("docs/.md"));
  assert_false(rc_path_is_markdown("README"));
  assert_true(rc_path_is_doc("docs/install.rst"));
  assert_true(rc_path_is_doc("docs/Install.ADOC"));
  assert_true(rc_path_is_doc("README.md"));
  assert_false(rc_path_is_doc("notes.txt"));
  assert_false(rc_path_is_doc(".rst"));
}

/* An image reference's repository: tag and digest dropped, a registry's
 * port kept, and only the first n bytes read. */
static void test_image_repo(void **state)
{
  (void)state;
  const char *r = "ghcr.io/acme/app:1.2";
  assert_int_equal(rc_image_repo_len(r, strlen(r)), strlen("ghcr.io/acme/app"));
  r = "localhost:5000/app:1.2@sha256:ab";
  assert_int_equal(rc_image_repo_len(r, strlen(r)),
                   strlen("localhost:5000/app"));
  r = "localhost:5000/app";
  assert_int_equal(rc_image_repo_len(r, strlen(r)), strlen(r));
  r = "postgres@sha256:ab12";
  assert_int_equal(rc_image_repo_len(r, strlen(r)), strlen("postgres"));
  r = "redis:7 # cache";
  assert_int_equal(rc_image_repo_len(r, strcspn(r, " ")), strlen("redis"));
  assert_int_equal(rc_image_repo_len("", 0), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalize),
      cmocka_unit_test(test_normalize_reuses_out),
      cmocka_unit_test(test_normalize_too_deep),
      cmocka_unit_test(test_join),
      cmocka_unit_test(test_doc_names),
      cmocka_unit_test(test_image_repo),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
