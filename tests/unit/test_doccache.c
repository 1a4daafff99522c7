/*
 * test_doccache.c - each repository file parsed once per run, counted
 * rather than timed: the cache's own promises (loans, other bytes under a
 * path, errors, its budget), then a tree whose workflow, package.json,
 * chart and kustomization several model readers and probes read, run
 * through the model and the whole built-in catalog.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/builtin.h"
#include "readycheck/diag.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"

static const char yaml[] = "a: 1\nb: [x, y]\n---\nc: d\n";

/* ---- the cache ------------------------------------------------------- */

/* Later readers get the first parse's trees, and a loan moved by value
 * ends once. */
static void test_lends_one_parse(void **state)
{
  (void)state;
  struct rc_doc_cache *c = rc_doc_cache_new(0);
  struct rc_docs one, two;
  char err[64];
  assert_int_equal(rc_doc_cache_parse(c, &one, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_int_equal(rc_doc_cache_parse(c, &two, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_int_equal(one.n, 2);
  assert_ptr_equal(one.docs[0], two.docs[0]);
  assert_int_equal(rc_docs_line(&two, cJSON_GetObjectItem(two.docs[1], "c")),
                   4);
  assert_int_equal(rc_doc_cache_parses(c, "f.yml"), 1);
  assert_int_equal(rc_doc_cache_requests(c, "f.yml"), 2);
  struct rc_docs moved = one;
  rc_docs_release(&moved);
  rc_docs_release(&two);
  assert_null(two.docs);
  /* unheld, under the budget: still there for the next reader */
  assert_int_equal(rc_doc_cache_kept_bytes(c), strlen(yaml));
  assert_int_equal(rc_doc_cache_parse(c, &one, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_int_equal(rc_doc_cache_parses(c, "f.yml"), 1);
  /* "auto" reads a .yml as YAML: the same tree */
  assert_int_equal(rc_doc_cache_parse(c, &two, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_AUTO, err, sizeof(err)),
                   0);
  assert_ptr_equal(one.docs[0], two.docs[0]);
  rc_docs_release(&two);
  assert_int_equal(rc_doc_cache_parses(c, "f.yml"), 1);
  /* another format is another tree */
  assert_int_equal(rc_doc_cache_parse(c, &two, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_JSON, err, sizeof(err)),
                   -1);
  assert_int_equal(rc_doc_cache_parses(c, "f.yml"), 2);
  assert_int_equal(rc_doc_cache_total_parses(c), 2);
  rc_docs_release(&one);
  rc_docs_release(&two);
  rc_doc_cache_free(c);
}

/* Text made from a file (a rendered template) under its path is parsed on
 * its own and never handed out as the file. */
static void test_other_bytes_are_not_the_file(void **state)
{
  (void)state;
  struct rc_doc_cache *c = rc_doc_cache_new(0);
  static const char other[] = "a: 2\nb: [x, y]\n---\nc: d\n"; /* same length */
  struct rc_docs file, made, again;
  char err[64];
  assert_int_equal(rc_doc_cache_parse(c, &file, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_int_equal(rc_doc_cache_parse(c, &made, other, strlen(other), "f.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_null(made.share); /* the caller's own */
  assert_string_equal(cJSON_GetObjectItem(made.docs[0], "a")->valuestring, "2");
  rc_docs_release(&made);
  assert_int_equal(rc_doc_cache_parse(c, &again, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_ptr_equal(again.docs[0], file.docs[0]);
  assert_string_equal(cJSON_GetObjectItem(again.docs[0], "a")->valuestring,
                      "1");
  assert_int_equal(rc_doc_cache_parses(c, "f.yml"), 2);
  rc_docs_release(&file);
  rc_docs_release(&again);
  rc_doc_cache_free(c);
}

/* A file that does not parse gives every reader the same error, cut to
 * its buffer as rc_docs_parse() cuts it, from one parse. */
static void test_errors_once(void **state)
{
  (void)state;
  static const char bad[] = "a: [1, 2\nb: c\n";
  struct rc_doc_cache *c = rc_doc_cache_new(0);
  struct rc_docs d;
  char want[256], got[256], want_short[12], got_short[12];
  assert_int_equal(rc_docs_parse(&d, bad, strlen(bad), "x.yml", RC_DOC_YAML,
                                 want, sizeof(want)),
                   -1);
  assert_int_equal(rc_docs_parse(&d, bad, strlen(bad), "x.yml", RC_DOC_YAML,
                                 want_short, sizeof(want_short)),
                   -1);
  assert_int_equal(rc_doc_cache_parse(c, &d, bad, strlen(bad), "x.yml",
                                      RC_DOC_YAML, got, sizeof(got)),
                   -1);
  assert_int_equal(d.n, 0);
  assert_int_equal(rc_doc_cache_parse(c, &d, bad, strlen(bad), "x.yml",
                                      RC_DOC_YAML, got_short,
                                      sizeof(got_short)),
                   -1);
  assert_string_equal(got, want);
  assert_string_equal(got_short, want_short);
  assert_int_equal(rc_doc_cache_parses(c, "x.yml"), 1);
  rc_doc_cache_free(c);
}

/* Unheld trees stay within the budget, least recently used dropped
 * first; a file over a quarter of it goes when its last loan ends. */
static void test_budget(void **state)
{
  (void)state;
  size_t n = strlen(yaml);
  struct rc_doc_cache *c = rc_doc_cache_new(5 * n); /* files up to 1.25 n */
  struct rc_docs d[6];
  char err[64], path[16];
  for (int i = 0; i < 6; i++) {
    snprintf(path, sizeof(path), "f%d.yml", i);
    assert_int_equal(rc_doc_cache_parse(c, &d[i], yaml, n, path, RC_DOC_YAML,
                                        err, sizeof(err)),
                     0);
  }
  assert_int_equal(rc_doc_cache_kept_bytes(c), 6 * n); /* all on loan */
  for (int i = 0; i < 6; i++)
    rc_docs_release(&d[i]);
  assert_int_equal(rc_doc_cache_kept_bytes(c), 5 * n);
  assert_int_equal(rc_doc_cache_parse(c, &d[0], yaml, n, "f0.yml", RC_DOC_YAML,
                                      err, sizeof(err)),
                   0); /* the oldest went */
  assert_int_equal(rc_doc_cache_parses(c, "f0.yml"), 2);
  assert_int_equal(rc_doc_cache_parse(c, &d[5], yaml, n, "f5.yml", RC_DOC_YAML,
                                      err, sizeof(err)),
                   0);
  assert_int_equal(rc_doc_cache_parses(c, "f5.yml"), 1);
  rc_docs_release(&d[0]);
  rc_docs_release(&d[5]);

  struct rc_buf big;
  rc_buf_init(&big);
  for (int i = 0; i < 10; i++)
    rc_buf_printf(&big, "k%d: v\n", i);
  assert_true(big.len > 5 * n / 4);
  size_t before = rc_doc_cache_kept_bytes(c);
  assert_int_equal(rc_doc_cache_parse(c, &d[0], big.data, big.len, "big.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_int_equal(rc_doc_cache_parse(c, &d[1], big.data, big.len, "big.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_int_equal(rc_doc_cache_kept_bytes(c), before + big.len);
  rc_docs_release(&d[0]);
  rc_docs_release(&d[1]);
  assert_int_equal(rc_doc_cache_kept_bytes(c), before);
  assert_int_equal(rc_doc_cache_parses(c, "big.yml"), 1);
  rc_buf_release(&big);
  rc_doc_cache_free(c);
}

/* Many files on several threads answer as the same requests made one by
 * one: the same trees, errors and counts, a file asked for twice in the
 * batch parsed once. */
static void test_parse_all(void **state)
{
  (void)state;
  enum { N = 40 };
  static const char bad[] = "a: [1\n";
  char texts[N][64], paths[N][16];
  struct rc_doc_req reqs[N];
  for (int i = 0; i < N; i++) {
    snprintf(paths[i], sizeof(paths[i]), "m%d.yaml", i % 30); /* 10 twice */
    snprintf(texts[i], sizeof(texts[i]), "kind: K\nname: n%d\n", i % 30);
    int broken = i % 30 == 7;
    reqs[i] = (struct rc_doc_req){.path = paths[i],
                                  .data = broken ? bad : texts[i],
                                  .len = strlen(broken ? bad : texts[i]),
                                  .fmt = RC_DOC_YAML};
  }
  struct rc_doc_cache *serial = rc_doc_cache_new(0);
  struct rc_doc_cache *c = rc_doc_cache_new(0);
  rc_doc_cache_set_jobs(c, 4);
  struct rc_doc_req one[N];
  memcpy(one, reqs, sizeof(one));
  for (int i = 0; i < N; i++)
    one[i].rc = rc_doc_cache_parse(serial, &one[i].docs, one[i].data,
                                   one[i].len, one[i].path, one[i].fmt,
                                   one[i].err, sizeof(one[i].err));
  rc_doc_cache_parse_all(c, reqs, N);
  for (int i = 0; i < N; i++) {
    assert_int_equal(reqs[i].rc, one[i].rc);
    if (one[i].rc) {
      assert_string_equal(reqs[i].err, one[i].err);
      continue;
    }
    char *want = cJSON_PrintUnformatted(one[i].docs.docs[0]);
    char *got = cJSON_PrintUnformatted(reqs[i].docs.docs[0]);
    assert_string_equal(got, want);
    free(want);
    free(got);
    if (i >= 30) /* the second request for a file borrows the first's */
      assert_ptr_equal(reqs[i].docs.docs[0], reqs[i - 30].docs.docs[0]);
  }
  assert_int_equal(rc_doc_cache_total_parses(c), 30);
  assert_int_equal(rc_doc_cache_total_parses(serial), 30);
  assert_int_equal(rc_doc_cache_requests(c, "m3.yaml"), 2);
  for (int i = 0; i < N; i++) {
    rc_docs_release(&reqs[i].docs);
    rc_docs_release(&one[i].docs);
  }
  rc_doc_cache_free(c);

  /* Parsing ahead while a reader asks for the same files: each parsed
   * once, the reader's answers the serial ones. */
  c = rc_doc_cache_new(0);
  rc_doc_cache_set_jobs(c, 3);
  struct rc_doc_req ahead[N], now[N];
  for (int i = 0; i < N; i++) {
    snprintf(paths[i], sizeof(paths[i]), "p%d.yaml", i % 30);
    ahead[i] = now[i] = (struct rc_doc_req){.path = paths[i],
                                            .data = one[i].data,
                                            .len = one[i].len,
                                            .fmt = RC_DOC_YAML};
  }
  struct rc_doc_prefetch *p = rc_doc_cache_prefetch(c, ahead, N);
  assert_non_null(p);
  rc_doc_cache_parse_all(c, now, N);
  rc_doc_cache_prefetch_end(p);
  for (int i = 0; i < N; i++) {
    assert_int_equal(now[i].rc, one[i].rc);
    if (now[i].rc)
      assert_string_equal(now[i].err, one[i].err);
    else
      assert_int_equal(now[i].docs.n, 1);
    rc_docs_release(&now[i].docs);
  }
  assert_int_equal(rc_doc_cache_total_parses(c), 30);
  /* one job: nothing parsed ahead */
  rc_doc_cache_set_jobs(c, 1);
  assert_null(rc_doc_cache_prefetch(c, ahead, N));
  rc_doc_cache_free(c);
  rc_doc_cache_free(serial);
}

/* Without a cache the parse is the caller's own. */
static void test_no_cache(void **state)
{
  (void)state;
  struct rc_docs d;
  char err[64];
  assert_int_equal(rc_doc_cache_parse(NULL, &d, yaml, strlen(yaml), "f.yml",
                                      RC_DOC_YAML, err, sizeof(err)),
                   0);
  assert_null(d.share);
  assert_int_equal(d.n, 2);
  rc_docs_release(&d);
}

/* ---- a run ----------------------------------------------------------- */

/* Files that several readers parse: a reusable workflow (entry points,
 * pipeline steps, and the check of what its builds name), package.json
 * (the project's name, its start script, its scripts as entry points and
 * pipeline steps, the node rules' values), a chart's Chart.yaml (the chart
 * and its rendering) and a kustomization (the model, and the image check
 * looking there for a replacement of an untagged image). */
static char *make_repo(void)
{
  char *root = rc_test_mkdtemp();
  rc_test_write(root, ".github/workflows/build.yml",
                "name: build\n"
                "on:\n  workflow_call: {}\n"
                "jobs:\n"
                "  build:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - run: npm ci && npm test\n"
                "      - run: docker build -f deploy/app.Dockerfile .\n");
  rc_test_write(root, ".github/workflows/ci.yml",
                "name: ci\n"
                "on: [push]\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - run: npm test\n"
                "      - run: docker build -t demo/app:1.0 .\n");
  rc_test_write(root, "package.json",
                "{\"name\": \"@demo/app\", \"scripts\": {\"start\": "
                "\"node server.js\", \"test\": \"jest\", \"docker:build\": "
                "\"docker build -t demo/app .\"}, \"dependencies\": "
                "{\"express\": \"^4.18.0\"}}\n");
  rc_test_write(root, "server.js",
                "const express = require('express');\n"
                "const app = express();\n"
                "app.get('/health', (req, res) => res.send('ok'));\n"
                "app.listen(process.env.PORT || 3000);\n");
  rc_test_write(root, "Dockerfile",
                "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n"
                "USER node\nCMD [\"node\", \"server.js\"]\n");
  rc_test_write(root, "docker-compose.yml",
                "services:\n  app:\n    build: .\n    ports: ['3000:3000']\n"
                "    restart: unless-stopped\n");
  rc_test_write(root, "charts/app/Chart.yaml",
                "apiVersion: v2\nname: app\nversion: 0.1.0\n"
                "appVersion: \"1.0\"\n");
  rc_test_write(root, "charts/app/values.yaml",
                "image:\n  repository: demo/app\n  tag: latest\n");
  rc_test_write(root, "charts/app/templates/deployment.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                "  name: {{ .Chart.Name }}\nspec:\n  template:\n    spec:\n"
                "      containers:\n        - name: app\n"
                "          image: \"{{ .Values.image.repository }}:"
                "{{ .Values.image.tag }}\"\n");
  rc_test_write(root, "k8s/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                "kind: Kustomization\n"
                "resources:\n  - deployment.yaml\n  - service.yaml\n"
                "namePrefix: prod-\n");
  rc_test_write(root, "k8s/deployment.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                "  name: app\nspec:\n  selector:\n    matchLabels: {app: app}\n"
                "  template:\n    metadata:\n      labels: {app: app}\n"
                "    spec:\n      containers:\n        - name: app\n"
                "          image: demo/app\n");
  rc_test_write(root, "k8s/service.yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n"
                "spec:\n  selector: {app: app}\n  ports: [{port: 80}]\n");
  return root;
}

static void test_run_parses_each_file_once(void **state)
{
  (void)state;
  char *root = make_repo();
  struct rc_diag d;
  rc_diag_init(&d);
  struct rc_index *idx = NULL;
  assert_int_equal(rc_index_build(&idx, root, NULL, &d), 0);
  struct rc_ruleset *rs = rc_test_builtin_ruleset(&d);
  rc_doc_cache_set_jobs(rc_index_docs(idx), 2); /* manifests in parallel */
  struct rc_model *model = rc_model_new(idx);
  struct rc_results results;
  rc_results_init(&results);
  struct rc_run_opts opts = {.offline = true, .jobs = 2, .model = model};
  rc_run(rs, idx, &opts, &results);

  struct rc_doc_cache *c = rc_index_docs(idx);
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const char *path = rc_index_at(idx, i)->path;
    unsigned n = rc_doc_cache_parses(c, path);
    if (n > 1)
      fail_msg("'%s' parsed %u times (asked for %u times)", path, n,
               rc_doc_cache_requests(c, path));
  }
  /* Each of these was asked for by more than one reader, and parsed once. */
  static const char *const shared[] = {
      ".github/workflows/build.yml", ".github/workflows/ci.yml", "package.json",
      "charts/app/Chart.yaml", "k8s/kustomization.yaml"};
  for (size_t i = 0; i < sizeof(shared) / sizeof(*shared); i++) {
    unsigned asked = rc_doc_cache_requests(c, shared[i]);
    if (asked < 2 || rc_doc_cache_parses(c, shared[i]) != 1)
      fail_msg("'%s' asked for %u times, parsed %u times", shared[i], asked,
               rc_doc_cache_parses(c, shared[i]));
  }
  /* read by one reader only, once */
  assert_int_equal(rc_doc_cache_parses(c, "charts/app/values.yaml"), 1);
  assert_int_equal(rc_doc_cache_parses(c, "k8s/deployment.yaml"), 1);

  rc_results_release(&results);
  rc_model_free(model);
  rc_ruleset_free(rs);
  rc_index_free(idx);
  rc_diag_release(&d);
  rc_test_rmtree(root);
  free(root);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lends_one_parse),
      cmocka_unit_test(test_other_bytes_are_not_the_file),
      cmocka_unit_test(test_errors_once),
      cmocka_unit_test(test_budget),
      cmocka_unit_test(test_parse_all),
      cmocka_unit_test(test_no_cache),
      cmocka_unit_test(test_run_parses_each_file_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
