/*
 * test_curl_load.c - libcurl is opened on first use, not linked (http.h).
 * Built twice: TEST_SONAME names a library that does not exist, or one
 * that exists but is not libcurl (libc). Either way the first load decides
 * for the process: requests then end with the reason instead of passing,
 * origins are unknown and URLs still lose their userinfo. Nothing is sent
 * anywhere: no transfer can start without libcurl.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/http.h"
#include "testutil.h"

static bool curl_mapped(void)
{
  void *h = dlopen(RC_HTTP_LIBCURL, RTLD_LAZY | RTLD_NOLOAD);
  if (h)
    dlclose(h);
  return h != NULL;
}

static void test_not_mapped_at_start(void **state)
{
  (void)state;
  assert_false(curl_mapped());
}

static void test_load_fails_with_reason(void **state)
{
  (void)state;
  const char *why = NULL;
  assert_false(rc_http_curl_load(TEST_SONAME, &why));
  assert_non_null(why);
  assert_non_null(strstr(why, "cannot load libcurl: "));
  assert_non_null(strstr(why, TEST_EXPECT));
  /* The first load decides: the real library is not tried afterwards. */
  const char *again = NULL;
  assert_false(rc_http_curl_load(RC_HTTP_LIBCURL, &again));
  assert_string_equal(again, why);
  assert_false(curl_mapped());
}

static void test_request_is_an_error(void **state)
{
  (void)state;
  struct rc_http_cache *c = rc_http_cache_new();
  struct rc_http_req req = {.method = RC_HTTP_GET,
                            .url = "http://user:pw@127.0.0.1:9/health"};
  const struct rc_http_resp *r = rc_http_cache_get(c, &req);
  assert_int_equal(r->err, RC_HTTP_ERR_OTHER);
  assert_non_null(r->err_msg);
  assert_non_null(strstr(r->err_msg, "cannot load libcurl: "));
  assert_int_equal(r->status, 0);
  assert_int_equal(r->n_hops, 0);
  rc_http_cache_free(c);
}

static void test_urls_without_curl(void **state)
{
  (void)state;
  assert_null(rc_http_origin("https://example.com/"));
  assert_false(rc_http_same_origin("https://a.test/", "https://a.test/"));
  const char *why = NULL;
  assert_null(rc_http_curl_version(&why));
  assert_non_null(strstr(why, "cannot load libcurl: "));
  const struct {
    const char *in, *out;
  } cases[] = {
      {"https://user:s3cret@example.com:8443/p?q=a@b#f@g",
       "https://example.com:8443/p?q=a@b#f@g"},
      {"http://a:b@c@host/x", "http://host/x"},
      {"http://host/path@x", "http://host/path@x"},
      {"https://example.com", "https://example.com"},
      {"not a url", "not a url"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *got = rc_http_display_url(cases[i].in);
    assert_string_equal(got, cases[i].out);
    free(got);
  }
  assert_false(curl_mapped());
  rc_http_curl_release();
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_not_mapped_at_start),
      cmocka_unit_test(test_load_fails_with_reason),
      cmocka_unit_test(test_request_is_an_error),
      cmocka_unit_test(test_urls_without_curl),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
