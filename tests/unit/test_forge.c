/*
 * test_forge.c - permalink bases from remote URLs: GitHub and GitLab in
 * https, ssh and scp-like forms; anything else, or credentials in the URL,
 * gives no link.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/forge.h"

static const char commit[] = "0123456789abcdef0123456789abcdef01234567";

static void expect(const char *remote, const char *want)
{
  char out[512];
  int rc = rc_forge_link_base(remote, commit, out, sizeof(out));
  if (!want) {
    assert_int_equal(rc, -1);
    return;
  }
  assert_int_equal(rc, 0);
  assert_string_equal(out, want);
}

static void test_forges(void **state)
{
  (void)state;
  const char *gh = "https://github.com/acme/shop/blob/"
                   "0123456789abcdef0123456789abcdef01234567/";
  expect("https://github.com/acme/shop.git", gh);
  expect("https://github.com/acme/shop", gh);
  expect("git@github.com:acme/shop.git", gh);
  expect("ssh://git@github.com/acme/shop.git", gh);
  expect("https://gitlab.com/group/sub/proj.git",
         "https://gitlab.com/group/sub/proj/-/blob/"
         "0123456789abcdef0123456789abcdef01234567/");
  expect("git@gitlab.example.org:team/app.git",
         "https://gitlab.example.org/team/app/-/blob/"
         "0123456789abcdef0123456789abcdef01234567/");
  expect("git@git.example.org:team/app.git", NULL); /* unknown forge */
  expect("https://gitlab.corp.example/team/app",
         "https://gitlab.corp.example/team/app/-/blob/"
         "0123456789abcdef0123456789abcdef01234567/");
  expect("https://user:token@github.com/acme/shop.git", NULL);
  expect("https://bitbucket.org/acme/shop.git", NULL);
  expect("/srv/git/shop.git", NULL);
  expect("https://github.com/acme", NULL);
  expect("https://github.com/acme/sh\"op", NULL);
  char out[64];
  assert_int_equal(
      rc_forge_link_base("https://github.com/a/b", "xyz", out, sizeof(out)),
      -1);
}

static void test_origin(void **state)
{
  (void)state;
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, ".git/HEAD", "ref: refs/heads/main\n");
  rc_test_write(dir, ".git/config",
                "[core]\n\tbare = false\n[remote \"upstream\"]\n"
                "\turl = https://github.com/other/x.git\n"
                "[remote \"origin\"]\n\turl = git@github.com:acme/shop.git\n"
                "\tfetch = +refs/heads/*:refs/remotes/origin/*\n");
  char url[256];
  assert_int_equal(rc_forge_origin(dir, url, sizeof(url)), 0);
  assert_string_equal(url, "git@github.com:acme/shop.git");
  rc_test_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_forges),
      cmocka_unit_test(test_origin),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
