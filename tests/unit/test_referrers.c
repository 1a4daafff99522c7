/*
 * test_referrers.c - which files name a file, and whether only tests do:
 * test paths, the written path agreeing with the file's, configurations
 * followed a bounded number of hops, cycles, and files nothing names.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/referrers.h"

struct fixture {
  char *root;
  struct rc_index *idx;
  struct rc_arena *a;
};

static int setup(void **state)
{
  struct fixture *f = calloc(1, sizeof *f);
  f->root = rc_test_mkdtemp();
  f->a = rc_arena_new();
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fixture *f = *state;
  if (f->idx)
    rc_index_free(f->idx);
  rc_arena_free(f->a);
  rc_test_rmtree(f->root);
  free(f->root);
  free(f);
  return 0;
}

/* why[] for paths, after indexing the tree written so far. */
static void judge(struct fixture *f, const char *const *paths, size_t n,
                  const char **why)
{
  struct rc_diag d;
  rc_diag_init(&d);
  assert_int_equal(rc_index_build(&f->idx, f->root, NULL, &d), 0);
  rc_diag_release(&d);
  rc_referrers_test_only(f->idx, NULL, f->a, paths, n, why);
}

static void test_test_paths(void **state)
{
  (void)state;
  assert_true(rc_referrers_is_test_path("server/opts_test.go"));
  assert_true(rc_referrers_is_test_path("tests/conftest.py"));
  assert_true(rc_referrers_is_test_path("web/src/app.spec.ts"));
  assert_true(rc_referrers_is_test_path("src/test/java/FooTest.java"));
  assert_true(rc_referrers_is_test_path("api/FooTests.cs"));
  assert_true(rc_referrers_is_test_path("pkg/testdata/a.conf"));
  assert_true(rc_referrers_is_test_path("e2e/run.sh"));
  assert_true(rc_referrers_is_test_path("scripts/run-tests.sh"));
  assert_false(rc_referrers_is_test_path("server/opts.go"));
  assert_false(rc_referrers_is_test_path("docs/openapi.spec.yaml"));
  assert_false(rc_referrers_is_test_path("src/Latest.java"));
  assert_false(rc_referrers_is_test_path("Dockerfile"));
}

static void test_direct_and_two_hops(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "certs/a.key", "KEY\n");
  rc_test_write(f->root, "certs/b.key", "KEY\n");
  rc_test_write(f->root, "app/a_test.go", "load(\"../certs/a.key\")\n");
  rc_test_write(f->root, "configs/tls.conf", "key_file: ./certs/b.key\n");
  rc_test_write(f->root, "app/opts_test.go", "load(\"configs/tls.conf\")\n");
  /* an ignore list names a file without using it */
  rc_test_write(f->root, ".dockerignore", "certs/a.key\ncerts/b.key\n");
  const char *paths[] = {"certs/a.key", "certs/b.key"};
  const char *why[2];
  judge(f, paths, 2, why);
  assert_non_null(why[0]);
  assert_non_null(strstr(why[0], "app/a_test.go"));
  assert_non_null(why[1]);
  assert_non_null(strstr(why[1], "app/opts_test.go"));
  assert_non_null(strstr(why[1], "through 'configs/tls.conf'"));
}

static void test_nothing_or_other_names_it(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "certs/lone.key", "KEY\n");
  rc_test_write(f->root, "certs/shipped.key", "KEY\n");
  rc_test_write(f->root, "app/a_test.go", "load(\"certs/shipped.key\")\n");
  rc_test_write(f->root, "Dockerfile",
                "COPY certs/shipped.key /etc/app/shipped.key\n");
  /* a configuration nothing names is no test's */
  rc_test_write(f->root, "certs/conf.key", "KEY\n");
  rc_test_write(f->root, "app.conf", "key: certs/conf.key\n");
  /* the file names itself: no user */
  rc_test_write(f->root, "certs/self.key", "KEY self.key\n");
  const char *paths[] = {"certs/lone.key", "certs/shipped.key",
                         "certs/conf.key", "certs/self.key"};
  const char *why[4];
  judge(f, paths, 4, why);
  for (size_t i = 0; i < 4; i++)
    assert_null(why[i]);
}

/* A key only a development or test compose file mounts serves the
 * developers; one the production compose file mounts as well does not. */
static void test_development_compose_files(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "certs/dev.key", "KEY\n");
  rc_test_write(f->root, "certs/prod.key", "KEY\n");
  rc_test_write(f->root, "docker-compose.dev.yml",
                "services:\n  web:\n    volumes:\n"
                "      - ./certs/dev.key:/k\n      - ./certs/prod.key:/p\n");
  rc_test_write(f->root, "docker-compose.yml",
                "services:\n  web:\n    volumes:\n"
                "      - ./certs/prod.key:/p\n");
  const char *paths[] = {"certs/dev.key", "certs/prod.key"};
  const char *why[2];
  judge(f, paths, 2, why);
  assert_non_null(why[0]);
  assert_non_null(strstr(why[0], "docker-compose.dev.yml"));
  assert_null(why[1]);
}

static void test_written_path_must_agree(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "server/certs/key.pem", "KEY\n");
  rc_test_write(f->root, "server/tls_test.go", "load(\"./certs/key.pem\")\n");
  /* another key.pem: what names it does not name server/certs/key.pem */
  rc_test_write(f->root, "deploy/run.sh", "cp deploy/certs/key.pem /etc\n");
  /* and a longer base name is another file */
  rc_test_write(f->root, "main.go", "open(\"server-key.pem\")\n");
  const char *paths[] = {"server/certs/key.pem"};
  const char *why[1];
  judge(f, paths, 1, why);
  assert_non_null(why[0]);
}

static void test_hops_are_bounded_and_cycles_end(void **state)
{
  struct fixture *f = *state;
  /* key <- c1 <- c2 <- c3 <- test: four files away, past the bound */
  rc_test_write(f->root, "k/far.key", "KEY\n");
  rc_test_write(f->root, "c1.yml", "key: k/far.key\n");
  rc_test_write(f->root, "c2.yml", "include: c1.yml\n");
  rc_test_write(f->root, "c3.yml", "include: c2.yml\n");
  rc_test_write(f->root, "x_test.go", "load(\"c3.yml\")\n");
  /* two configurations naming each other and nothing else */
  rc_test_write(f->root, "k/loop.key", "KEY\n");
  rc_test_write(f->root, "l1.json",
                "{\"key\": \"k/loop.key\", \"n\": "
                "\"l2.json\"}\n");
  rc_test_write(f->root, "l2.json", "{\"next\": \"l1.json\"}\n");
  /* a CI file counts as another user when the CI model is not given */
  rc_test_write(f->root, "k/ci.key", "KEY\n");
  rc_test_write(f->root, ".github/workflows/ci.yml",
                "jobs:\n  test:\n    steps:\n      - run: go test -key "
                "k/ci.key\n");
  const char *paths[] = {"k/far.key", "k/loop.key", "k/ci.key"};
  const char *why[3];
  judge(f, paths, 3, why);
  assert_null(why[0]);
  assert_null(why[1]);
  assert_null(why[2]);
}

static void test_folders(void **state)
{
  struct fixture *f = *state;
  /* a configuration loaded by a computed name from a folder a test names */
  rc_test_write(f->root, "k/bench.key", "KEY\n");
  rc_test_write(f->root, "srv/configs/tls/tls-rsa.conf", "key: k/bench.key\n");
  rc_test_write(
      f->root, "srv/bench_test.go",
      "base := \"./configs/tls\"\nload(fmt.Sprintf(\"%s/tls-%s.conf\", base, "
      "\"rsa\"))\n");
  /* one written word is not a folder: `tls` is in every program */
  rc_test_write(f->root, "k/word.key", "KEY\n");
  rc_test_write(f->root, "tls/word.conf", "key: k/word.key\n");
  rc_test_write(f->root, "word_test.go", "dir := \"tls\"\n");
  /* a key nothing names is not a test's because tests read its folder */
  rc_test_write(f->root, "keys/sub/lone.key", "KEY\n");
  rc_test_write(f->root, "lone_test.go", "walk(\"keys/sub\")\n");
  /* what copies the folder of a key a test names uses it too */
  rc_test_write(f->root, "deploy/certs/app.key", "KEY\n");
  rc_test_write(f->root, "app_test.go", "load(\"deploy/certs/app.key\")\n");
  rc_test_write(f->root, "ship.sh", "rsync -a deploy/certs/ prod:/etc/\n");
  const char *paths[] = {"k/bench.key", "k/word.key", "keys/sub/lone.key",
                         "deploy/certs/app.key"};
  const char *why[4];
  judge(f, paths, 4, why);
  assert_non_null(why[0]);
  assert_non_null(strstr(why[0], "srv/bench_test.go"));
  assert_null(why[1]);
  assert_null(why[2]);
  assert_null(why[3]);
}

static void test_certificate_pairs(void **state)
{
  struct fixture *f = *state;
  /* keys nothing names, judged by the certificate beside them */
  rc_test_write(f->root, "pki/ca-key.pem", "KEY\n");
  rc_test_write(f->root, "pki/ca.pem", "CERT\n");
  rc_test_write(f->root, "tls/server.key", "KEY\n");
  rc_test_write(f->root, "tls/server.crt", "CERT\n");
  rc_test_write(f->root, "pki/ca_test.go", "load(\"../pki/ca.pem\")\n");
  rc_test_write(f->root, "tls/server_test.go", "load(\"server.crt\")\n");
  /* a certificate something else names: its key ships with it */
  rc_test_write(f->root, "prod/site-key.pem", "KEY\n");
  rc_test_write(f->root, "prod/site-cert.pem", "CERT\n");
  rc_test_write(f->root, "prod/site_test.go", "load(\"site-cert.pem\")\n");
  rc_test_write(f->root, "nginx.conf",
                "ssl_certificate /etc/prod/site-cert.pem;\n");
  /* "key" inside a word is no key's name: no pair */
  rc_test_write(f->root, "m/monkey.pem", "KEY\n");
  rc_test_write(f->root, "m/moncert.pem", "CERT\n");
  rc_test_write(f->root, "m/mon_test.go", "load(\"moncert.pem\")\n");
  const char *paths[] = {"pki/ca-key.pem", "tls/server.key",
                         "prod/site-key.pem", "m/monkey.pem"};
  const char *why[4];
  judge(f, paths, 4, why);
  assert_non_null(why[0]);
  assert_non_null(strstr(why[0], "its certificate 'pki/ca.pem'"));
  assert_non_null(why[1]);
  assert_non_null(strstr(why[1], "tls/server_test.go"));
  assert_null(why[2]);
  assert_null(why[3]);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_test_paths),
      cmocka_unit_test_setup_teardown(test_direct_and_two_hops, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_nothing_or_other_names_it, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_development_compose_files, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_written_path_must_agree, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_hops_are_bounded_and_cycles_end,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_folders, setup, teardown),
      cmocka_unit_test_setup_teardown(test_certificate_pairs, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
