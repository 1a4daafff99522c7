/*
 * test_readme.c - what a README says: the `docker run` command that grants
 * what only root can use (continuation lines, both option spellings, the
 * Docker socket), and one that grants nothing; the file it has the
 * operator edit before use, and lines about that file that do not.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/readme.h"

/* The grant and image of README.md holding text; caller frees *root. */
static const char *grant_of(const char *text, const char **image,
                            struct rc_arena *a)
{
  char *root = rc_test_mkdtemp();
  rc_test_write(root, "README.md", text);
  struct rc_index *idx = NULL;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), 0);
  rc_diag_release(&d);
  const char *g = rc_readme_run_grant(idx, a, image);
  g = g ? rc_arena_strdup(a, g) : NULL;
  *image = *image ? rc_arena_strdup(a, *image) : NULL;
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
  return g;
}

static void test_run_grants(void **state)
{
  (void)state;
  struct rc_arena *a = rc_arena_new();
  const char *image;
  const char *g =
      grant_of("# vpn\n\n```\ndocker run -d --name vpn \\\n"
               "  --cap-add=NET_ADMIN \\\n"
               "  -v /srv/vpn:/etc/openvpn acme/vpn:2.1 start\n```\n",
               &image, a);
  assert_string_equal(g, "--cap-add NET_ADMIN");
  assert_string_equal(image, "acme/vpn:2.1");
  g = grant_of(
      "docker run --rm -v /var/run/docker.sock:/var/run/docker.sock:ro "
      "acme/proxy\n",
      &image, a);
  assert_string_equal(g, "the Docker socket");
  assert_string_equal(image, "acme/proxy");
  g = grant_of("docker run --privileged acme/dind\n", &image, a);
  assert_string_equal(g, "--privileged");
  /* a capability that is not root's, a volume that is not the socket */
  g = grant_of("docker run --cap-add NET_BIND_SERVICE -v /data:/data "
               "-p 80:80 acme/web\n",
               &image, a);
  assert_null(g);
  assert_null(image);
  rc_arena_free(a);
}

/* Whether sub/README.md (or the root README.md) holding text has the
 * operator edit sub/name. */
static bool edits(const char *root_text, const char *sub_text, const char *name)
{
  char *root = rc_test_mkdtemp();
  if (root_text)
    rc_test_write(root, "README.md", root_text);
  if (sub_text)
    rc_test_write(root, "sub/README.md", sub_text);
  rc_test_write(root, "sub/x", "x");
  struct rc_index *idx = NULL;
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), 0);
  rc_diag_release(&d);
  struct rc_arena *a = rc_arena_new();
  bool yes = rc_readme_edits(idx, a, "sub", name) != NULL;
  rc_arena_free(a);
  rc_index_free(idx);
  rc_test_rmtree(root);
  free(root);
  return yes;
}

static void test_edits(void **state)
{
  (void)state;
  assert_true(edits(NULL,
                    "Open the `.env` file and update the variables before "
                    "the first start.\n",
                    ".env"));
  /* the root README speaks for the folder too */
  assert_true(edits("We strongly recommend you change the .env file, or at "
                    "least review its content.\n",
                    NULL, ".env"));
  /* git advice, another file of the family, a mention without a verb */
  assert_false(
      edits(NULL, "Never commit your .env; edit it locally.\n", ".env"));
  assert_false(edits(NULL, "Edit .env.local for your own settings.\n", ".env"));
  assert_false(
      edits(NULL, "The stack reads its settings from .env.\n", ".env"));
  assert_false(edits(NULL, NULL, ".env"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_run_grants),
      cmocka_unit_test(test_edits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
