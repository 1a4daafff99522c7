/*
 * test_http.c - the http probe, the var probe, the request cache and the
 * prefetching run against real servers on 127.0.0.1: nginx with a CA and
 * certificates made at test time, and an edge-case server (harness.h). The
 * servers start once for the group and stop in its teardown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../http/harness.h"
#include "probe_helpers.h"
#include "readycheck/http.h"
#include "readycheck/index.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/vars.h"
#include "testutil.h"

extern const struct rc_probe rc_probe_http;
extern const struct rc_probe rc_probe_var;

static const char token[] = "s3cr3t-T0ken-4a7f9b2c";

/* ---- one probe run ------------------------------------------------------- */

struct t {
  struct rc_ph ph;
  struct rc_ph_repo repo;
  struct rc_check out;
};

static void begin(struct t *t, const char *url)
{
  rc_ph_init(&t->ph, &rc_probe_http);
  rc_ph_repo_init(&t->repo);
  rc_ph_string(&t->ph, "url", url);
}

static enum rc_outcome run(struct t *t)
{
  rc_ph_check(&t->ph, &t->repo, &t->out);
  return t->out.outcome;
}

static void end(struct t *t)
{
  rc_ph_repo_release(&t->repo);
  rc_ph_release(&t->ph);
}

static void set_json_equals(struct rc_ph *ph, const char *text)
{
  for (const struct rc_field *f = ph->probe->fields; f->name; f++) {
    if (strcmp(f->name, "json_equals") != 0)
      continue;
    struct rc_scalar *s = (struct rc_scalar *)((char *)ph->cfg + f->offset);
    s->kind = RC_SCALAR_STRING;
    s->text = text;
    return;
  }
  fail_msg("no json_equals field");
}

static void expect(struct t *t, enum rc_outcome want, const char *needle)
{
  if (t->out.outcome != want)
    fail_msg("outcome %d, expected %d: %s", (int)t->out.outcome, (int)want,
             t->out.message);
  if (needle && !strstr(t->out.message, needle) &&
      !rc_ph_has_ev(&t->out, NULL, 0, needle))
    fail_msg("'%s' not in message '%s' nor evidence", needle, t->out.message);
}

static struct rc_th *th(void **state)
{
  return *state;
}

/* ---- status, body, JSON -------------------------------------------------- */

static void test_health_json_ok(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/health");
  begin(&t, url);
  rc_ph_strings(&t.ph, "status", "200", NULL);
  rc_ph_string(&t.ph, "json_key", "checks.*.status");
  set_json_equals(&t.ph, "ok");
  rc_ph_int(&t.ph, "max_time_ms", 5000);
  run(&t);
  expect(&t, RC_OUT_OK, "status 200");
  end(&t);
  free(url);
}

static void test_json_component_down(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/degraded");
  begin(&t, url);
  rc_ph_string(&t.ph, "json_key", "checks.*.status");
  set_json_equals(&t.ph, "ok");
  run(&t);
  expect(&t, RC_OUT_FAIL, "checks.db.status is down");
  assert_false(rc_ph_has_ev(&t.out, NULL, 0, "checks.cache"));
  end(&t);
  free(url);
}

static void test_json_not_json_and_missing_key(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/text");
  begin(&t, url);
  rc_ph_string(&t.ph, "json_key", "status");
  run(&t);
  expect(&t, RC_OUT_FAIL, "not JSON");
  end(&t);
  free(url);
  url = rc_th_url(th(state), RC_TH_HTTP, "/health");
  begin(&t, url);
  rc_ph_string(&t.ph, "json_key", "version");
  run(&t);
  expect(&t, RC_OUT_FAIL, "JSON key version missing");
  end(&t);
  free(url);
}

static void test_status_codes_and_classes(void **state)
{
  static const struct {
    const char *path;
    const char *status; /* NULL: the default (2xx) */
    enum rc_outcome want;
  } cases[] = {
      {"/missing", NULL, RC_OUT_FAIL}, {"/missing", "404", RC_OUT_OK},
      {"/missing", "4xx", RC_OUT_OK},  {"/fail", "2xx", RC_OUT_FAIL},
      {"/fail", "5xx", RC_OUT_OK},     {"/health", NULL, RC_OUT_OK},
      {"/health", "201", RC_OUT_FAIL},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct t t;
    char *url = rc_th_url(th(state), RC_TH_HTTP, cases[i].path);
    begin(&t, url);
    if (cases[i].status)
      rc_ph_strings(&t.ph, "status", cases[i].status, NULL);
    if (run(&t) != cases[i].want)
      fail_msg("case %zu (%s %s): %s", i, cases[i].path,
               cases[i].status ? cases[i].status : "-", t.out.message);
    if (cases[i].want == RC_OUT_FAIL)
      assert_non_null(strstr(t.out.message, "status"));
    end(&t);
    free(url);
  }
}

static void test_body_matches_and_post(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/text");
  begin(&t, url);
  rc_ph_regex(&t.ph, "body_matches", "hello\\s+world");
  run(&t);
  expect(&t, RC_OUT_OK, NULL);
  end(&t);
  begin(&t, url);
  rc_ph_regex(&t.ph, "body_matches", "^goodbye");
  run(&t);
  expect(&t, RC_OUT_FAIL, "body does not match");
  end(&t);
  free(url);
  url = rc_th_edge_url(th(state), "/post");
  begin(&t, url);
  rc_ph_enum(&t.ph, "method", "POST");
  rc_ph_string(&t.ph, "body", "ping=1");
  rc_ph_regex(&t.ph, "body_matches", "^got ping=1$");
  run(&t);
  expect(&t, RC_OUT_OK, NULL);
  end(&t);
  free(url);
}

static void test_head_method(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/missing");
  begin(&t, url);
  rc_ph_enum(&t.ph, "method", "HEAD");
  run(&t);
  expect(&t, RC_OUT_FAIL, "status 404");
  end(&t);
  free(url);
}

/* ---- headers ------------------------------------------------------------- */

static void test_security_headers(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTPS, "/health");
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_strings(&t.ph, "header_present", "X-Content-Type-Options",
                "content-security-policy", "Referrer-Policy", NULL);
  rc_ph_strings(&t.ph, "header_equals", "X-Frame-Options: deny", NULL);
  rc_ph_strings(&t.ph, "header_matches", "Content-Security-Policy: default-src",
                NULL);
  rc_ph_strings(&t.ph, "header_absent", "X-Powered-By", NULL);
  rc_ph_int(&t.ph, "hsts_min_age", 15552000);
  run(&t);
  expect(&t, RC_OUT_OK, NULL);
  end(&t);
  free(url);
  /* The plain http server sends none of them. */
  url = rc_th_url(th(state), RC_TH_HTTP, "/health");
  begin(&t, url);
  rc_ph_strings(&t.ph, "header_present", "X-Content-Type-Options",
                "Referrer-Policy", NULL);
  rc_ph_int(&t.ph, "hsts_min_age", 15552000);
  run(&t);
  expect(&t, RC_OUT_FAIL, "header X-Content-Type-Options missing");
  assert_true(rc_ph_has_ev(&t.out, NULL, 0, "Referrer-Policy missing"));
  assert_true(rc_ph_has_ev(&t.out, NULL, 0, "Strict-Transport-Security"));
  assert_non_null(strstr(t.out.message, "(and 2 more)"));
  end(&t);
  free(url);
}

static void test_weak_hsts(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTPS, "/weak-hsts");
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_int(&t.ph, "hsts_min_age", 15552000);
  run(&t);
  expect(&t, RC_OUT_FAIL, "max-age 300");
  end(&t);
  free(url);
}

static void test_version_leaks(void **state)
{
  struct t t;
  /* nginx's default Server header carries its version. */
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/leaky");
  begin(&t, url);
  rc_ph_strings(&t.ph, "header_absent", "X-Powered-By", NULL);
  rc_ph_strings(&t.ph, "header_not_matches", "Server: \\d", NULL);
  run(&t);
  expect(&t, RC_OUT_FAIL, "header X-Powered-By present: PHP/8.1.2");
  assert_true(rc_ph_has_ev(&t.out, NULL, 0, "header Server matches"));
  end(&t);
  free(url);
  /* server_tokens off on the https server: "Server: nginx". */
  url = rc_th_url(th(state), RC_TH_HTTPS, "/health");
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_strings(&t.ph, "header_absent", "X-Powered-By", NULL);
  rc_ph_strings(&t.ph, "header_not_matches", "Server: \\d", NULL);
  run(&t);
  expect(&t, RC_OUT_OK, NULL);
  end(&t);
  free(url);
}

static void test_cors_wildcard_with_credentials(void **state)
{
  struct t t;
  char *url = rc_th_edge_url(th(state), "/cors");
  begin(&t, url);
  rc_ph_bool(&t.ph, "cors_strict", true);
  run(&t);
  expect(&t, RC_OUT_FAIL, "CORS allows any origin");
  end(&t);
  free(url);
}

/* ---- redirects ----------------------------------------------------------- */

static void test_redirect_https(void **state)
{
  static const struct {
    const char *path;
    enum rc_outcome want;
    const char *needle;
  } cases[] = {
      {"/redirect", RC_OUT_OK, NULL},
      {"/health", RC_OUT_FAIL, "no redirect to https (status 200)"},
      {"/redirect-other", RC_OUT_FAIL, "another host"},
      {"/redirect-http", RC_OUT_FAIL, "not https"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct t t;
    char *url = rc_th_url(th(state), RC_TH_HTTP, cases[i].path);
    begin(&t, url);
    rc_ph_bool(&t.ph, "redirect_https", true);
    run(&t);
    expect(&t, cases[i].want, cases[i].needle);
    end(&t);
    free(url);
  }
}

static void test_follow_redirect_to_https(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/redirect");
  /* http to https is another origin (scheme and port): followed only when
   * the rule allows it. */
  begin(&t, url);
  rc_ph_bool(&t.ph, "follow_redirects", true);
  rc_ph_bool(&t.ph, "allow_other_hosts", true);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_strings(&t.ph, "header_present", "Strict-Transport-Security", NULL);
  run(&t);
  expect(&t, RC_OUT_OK, "status 200");
  expect(&t, RC_OUT_OK, "after 1 redirect to https://127.0.0.1:");
  assert_true(
      rc_ph_has_ev(&t.out, NULL, 0, "redirect 1 followed: 301 to https"));
  end(&t);
  begin(&t, url);
  rc_ph_bool(&t.ph, "follow_redirects", true);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  run(&t);
  expect(&t, RC_OUT_FAIL, "redirect to another origin refused: https://");
  end(&t);
  /* Without following, the 301 itself is judged. */
  begin(&t, url);
  run(&t);
  expect(&t, RC_OUT_FAIL, "status 301");
  end(&t);
  free(url);
}

static void test_redirect_limits(void **state)
{
  static const struct {
    const char *path;
    const char *needle;
  } cases[] = {
      {"/loop", "more than 3 redirects"},
      {"/file", "only http and https"},
      {"/other", "another origin refused: http://example.invalid/"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct t t;
    char *url = rc_th_edge_url(th(state), cases[i].path);
    begin(&t, url);
    rc_ph_bool(&t.ph, "follow_redirects", true);
    rc_ph_int(&t.ph, "max_redirects", 3);
    run(&t);
    expect(&t, RC_OUT_FAIL, cases[i].needle);
    assert_non_null(strstr(t.out.message, "redirect"));
    end(&t);
    free(url);
  }
}

/* ---- credentials and origins -------------------------------------------- */

/* What the edge server (second: the other one) recorded for /capture?id=id,
 * read with a request of its own. Caller deletes. */
static cJSON *captured(void **state, bool second, const char *id)
{
  char path[160];
  snprintf(path, sizeof(path), "/captured?id=%s", id);
  char *url = second ? rc_th_edge2_url(th(state), path)
                     : rc_th_edge_url(th(state), path);
  struct rc_http_cache *c = rc_http_cache_new();
  struct rc_http_req q = {
      .method = RC_HTTP_GET, .url = url, .timeout_ms = 5000};
  const struct rc_http_resp *r = rc_http_cache_get(c, &q);
  assert_int_equal(r->status, 200);
  cJSON *j = cJSON_Parse(r->body);
  assert_non_null(j);
  rc_http_cache_free(c);
  free(url);
  return j;
}

static int requests_seen(const cJSON *j)
{
  const cJSON *n = cJSON_GetObjectItemCaseSensitive(j, "requests");
  return cJSON_IsNumber(n) ? n->valueint : -1;
}

static const char *header_seen(const cJSON *j, const char *name)
{
  const cJSON *n = cJSON_GetObjectItemCaseSensitive(j, name);
  return cJSON_IsString(n) ? n->valuestring : NULL;
}

/* An http probe on the first edge server's /to?url=target, following
 * redirects with credentials in headers, or in the URL when userinfo. */
static void run_with_credentials(void **state, struct t *t, const char *target,
                                 const char *userinfo, bool allow_other)
{
  char path[512];
  snprintf(path, sizeof(path), "/to?url=%s", target);
  char *url = rc_th_edge_url(th(state), path);
  if (userinfo) {
    char with[1024];
    snprintf(with, sizeof(with), "http://%s@%s", userinfo, url + 7);
    begin(t, with);
  } else {
    begin(t, url);
    rc_ph_strings(&t->ph, "headers", "Authorization: Bearer s3cr3t-auth",
                  "Cookie: session=s3cr3t-cookie",
                  "Proxy-Authorization: Basic s3cr3t-proxy",
                  "X-Api-Token: s3cr3t-api", NULL);
  }
  free(url);
  rc_ph_bool(&t->ph, "follow_redirects", true);
  rc_ph_bool(&t->ph, "allow_other_hosts", allow_other);
  run(t);
}

static void assert_no_credentials(const cJSON *seen)
{
  assert_int_equal(requests_seen(seen), 1);
  assert_null(header_seen(seen, "Authorization"));
  assert_null(header_seen(seen, "Cookie"));
  assert_null(header_seen(seen, "Proxy-Authorization"));
  assert_null(header_seen(seen, "X-Api-Token"));
}

/* Another origin, also when allowed, never receives the rule's credential
 * headers or userinfo; the request itself still arrives there. */
static void test_credentials_not_sent_to_another_origin(void **state)
{
  static const char *const spellings[] = {"127.0.0.1", "2130706433",
                                          "0x7f000001", "127.1"};
  for (size_t i = 0; i < 4; i++) {
    for (int ui = 0; ui < 2; ui++) {
      char id[64], path[96], target[256];
      snprintf(id, sizeof(id), "cross-%zu-%d", i, ui);
      snprintf(path, sizeof(path), "/capture?id=%s", id);
      char *other = rc_th_edge2_url(th(state), path);
      snprintf(target, sizeof(target), "http://%s%s", spellings[i],
               strstr(other, ":") + 3 + strlen("127.0.0.1"));
      free(other);
      struct t t;
      run_with_credentials(state, &t, target, ui ? "alice:pa%20ss" : NULL,
                           true);
      expect(&t, RC_OUT_OK, "after 1 redirect to http://");
      assert_true(rc_ph_has_ev(&t.out, NULL, 0, "redirect 1 followed: 302"));
      rc_ph_assert_absent(&t.out, "pa%20ss");
      rc_ph_assert_absent(&t.out, "alice");
      end(&t);
      cJSON *seen = captured(state, true, id);
      assert_no_credentials(seen);
      cJSON_Delete(seen);
    }
  }
}

/* The same origin, also spelled another way, still gets them. */
static void test_credentials_kept_on_same_origin(void **state)
{
  char target[256];
  const char *forms[] = {"rel", "abs", "hex"};
  for (size_t i = 0; i < 3; i++) {
    for (int ui = 0; ui < 2; ui++) {
      char id[64];
      snprintf(id, sizeof(id), "same-%zu-%d", i, ui);
      if (i == 0)
        snprintf(target, sizeof(target), "/capture?id=%s", id);
      else
        snprintf(target, sizeof(target), "http://%s:%d/capture?id=%s",
                 i == 1 ? "127.0.0.1" : "0x7f000001", th(state)->edge_port, id);
      struct t t;
      run_with_credentials(state, &t, target, ui ? "alice:pa%20ss" : NULL,
                           false);
      expect(&t, RC_OUT_OK, "after 1 redirect");
      end(&t);
      cJSON *seen = captured(state, false, id);
      if (requests_seen(seen) != 1)
        fail_msg("%s: %d requests", forms[i], requests_seen(seen));
      const char *auth = header_seen(seen, "Authorization");
      assert_non_null(auth);
      if (ui) {
        assert_string_equal(auth, "Basic YWxpY2U6cGEgc3M=");
      } else {
        assert_string_equal(auth, "Bearer s3cr3t-auth");
        assert_string_equal(header_seen(seen, "Cookie"),
                            "session=s3cr3t-cookie");
        assert_string_equal(header_seen(seen, "Proxy-Authorization"),
                            "Basic s3cr3t-proxy");
        assert_string_equal(header_seen(seen, "X-Api-Token"), "s3cr3t-api");
      }
      cJSON_Delete(seen);
    }
  }
}

/* Without allow_other_hosts a redirect is followed only to the origin of
 * the hop that sent it: another port (however the address is spelled) or
 * another scheme is refused before it is contacted. */
static void test_redirect_to_another_origin_refused(void **state)
{
  static const char *const spellings[] = {"127.0.0.1", "2130706433",
                                          "0x7f000001", "127.1"};
  for (size_t i = 0; i < 5; i++) {
    char id[64], target[256], want[300];
    snprintf(id, sizeof(id), "refused-%zu", i);
    if (i < 4)
      snprintf(target, sizeof(target), "http://%s:%d/capture?id=%s",
               spellings[i], th(state)->edge2_port, id);
    else /* same host and port, another scheme */
      snprintf(target, sizeof(target), "https://127.0.0.1:%d/capture?id=%s",
               th(state)->edge_port, id);
    struct t t;
    run_with_credentials(state, &t, target, NULL, false);
    expect(&t, RC_OUT_FAIL, "redirect to another origin refused: ");
    /* The URL as curl normalised it (2130706433 reads 127.0.0.1). */
    snprintf(want, sizeof(want), "refused: http%s://127.0.0.1:%d/capture?id=%s",
             i < 4 ? "" : "s",
             i < 4 ? th(state)->edge2_port : th(state)->edge_port, id);
    if (!strstr(t.out.message, want))
      fail_msg("'%s' not in '%s'", want, t.out.message);
    end(&t);
    cJSON *seen = captured(state, i < 4, id);
    assert_int_equal(requests_seen(seen), 0);
    cJSON_Delete(seen);
  }
}

/* A request body can hold credentials too: 301/302/303 turn a POST into
 * a GET without it (as curl does); 307/308 keep it, so they are followed
 * only within the rule's origin. */
static void test_post_body_and_redirects(void **state)
{
  static const struct {
    const char *code;
    bool other;
    const char *method; /* what arrived; NULL: refused, nothing arrived */
  } cases[] = {
      {"302", true, "GET"}, {"303", true, "GET"},   {"307", true, NULL},
      {"308", true, NULL},  {"307", false, "POST"}, {"301", false, "GET"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char id[32], path[96], target[256], to[400];
    snprintf(id, sizeof(id), "post-%zu", i);
    snprintf(path, sizeof(path), "/capture?id=%s", id);
    char *dest = cases[i].other ? rc_th_edge2_url(th(state), path)
                                : rc_th_edge_url(th(state), path);
    snprintf(target, sizeof(target), "%s", dest);
    free(dest);
    snprintf(to, sizeof(to), "/to?code=%s&url=%s", cases[i].code, target);
    char *url = rc_th_edge_url(th(state), to);
    struct t t;
    begin(&t, url);
    free(url);
    rc_ph_enum(&t.ph, "method", "POST");
    rc_ph_string(&t.ph, "body", "password=s3cr3t-body");
    rc_ph_bool(&t.ph, "follow_redirects", true);
    rc_ph_bool(&t.ph, "allow_other_hosts", true);
    run(&t);
    if (cases[i].method)
      expect(&t, RC_OUT_OK, "after 1 redirect");
    else
      expect(&t, RC_OUT_FAIL, "would send the request body there");
    end(&t);
    cJSON *seen = captured(state, cases[i].other, id);
    if (!cases[i].method) {
      assert_int_equal(requests_seen(seen), 0);
    } else {
      assert_string_equal(header_seen(seen, "method"), cases[i].method);
      assert_string_equal(
          header_seen(seen, "body"),
          strcmp(cases[i].method, "POST") == 0 ? "password=s3cr3t-body" : "");
    }
    cJSON_Delete(seen);
  }
}

/* max_redirects N allows exactly N hops; 0 follows none; absent means 5. */
static void test_max_redirects_boundaries(void **state)
{
  static const struct {
    const char *path;
    long max; /* -1: absent */
    enum rc_outcome want;
    const char *needle;
  } cases[] = {
      {"/chain?n=3", 3, RC_OUT_OK, "after 3 redirects"},
      {"/chain?n=4", 3, RC_OUT_FAIL, "more than 3 redirects"},
      {"/chain?n=1", 1, RC_OUT_OK, "after 1 redirect to"},
      {"/chain?n=2", 1, RC_OUT_FAIL, "more than 1 redirects"},
      {"/chain?n=1", 0, RC_OUT_FAIL, "status 302 (expected 2xx)"},
      {"/chain?n=5", -1, RC_OUT_OK, "after 5 redirects"},
      {"/chain?n=6", -1, RC_OUT_FAIL, "more than 5 redirects"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct t t;
    char *url = rc_th_edge_url(th(state), cases[i].path);
    begin(&t, url);
    rc_ph_bool(&t.ph, "follow_redirects", true);
    if (cases[i].max >= 0)
      rc_ph_int(&t.ph, "max_redirects", cases[i].max);
    run(&t);
    expect(&t, cases[i].want, cases[i].needle);
    if (cases[i].max == 0)
      assert_null(strstr(t.out.message, "redirect"));
    end(&t);
    free(url);
  }
}

/* ---- TLS ----------------------------------------------------------------- */

static void test_tls_valid_and_expiry_window(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_HTTPS, "/");
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_int(&t.ph, "min_days_valid", 30);
  rc_ph_enum(&t.ph, "min_tls", "1.2");
  run(&t);
  expect(&t, RC_OUT_OK, "certificate valid for 36");
  end(&t);
  free(url);
  /* 10 days left: inside a 30-day window, outside a 7-day one. */
  url = rc_th_url(th(state), RC_TH_SHORT, "/");
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_int(&t.ph, "min_days_valid", 30);
  run(&t);
  expect(&t, RC_OUT_FAIL, "certificate expires in ");
  assert_non_null(strstr(t.out.message, "(minimum 30)"));
  end(&t);
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_int(&t.ph, "min_days_valid", 7);
  run(&t);
  expect(&t, RC_OUT_OK, NULL);
  end(&t);
  free(url);
}

static void test_tls_failures(void **state)
{
  static const struct {
    enum rc_th_port port;
    bool with_ca;
    const char *needle;
  } cases[] = {
      {RC_TH_HTTPS, false, "tls: "}, /* our CA is not in the system store */
      {RC_TH_EXPIRED, true, "expired"},
      {RC_TH_WRONGHOST, true, "tls: "},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct t t;
    char *url = rc_th_url(th(state), cases[i].port, "/");
    begin(&t, url);
    if (cases[i].with_ca)
      rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
    run(&t);
    expect(&t, RC_OUT_FAIL, cases[i].needle);
    assert_non_null(strstr(t.out.message, "tls: "));
    end(&t);
    free(url);
  }
}

static void test_insecure_is_flagged(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_WRONGHOST, "/");
  begin(&t, url);
  rc_ph_bool(&t.ph, "insecure", true);
  run(&t);
  expect(&t, RC_OUT_OK, "insecure: true");
  end(&t);
  free(url);
}

static void test_min_tls(void **state)
{
  struct t t;
  char *url = rc_th_url(th(state), RC_TH_TLS12, "/");
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_enum(&t.ph, "min_tls", "1.3");
  run(&t);
  expect(&t, RC_OUT_FAIL, "tls: ");
  end(&t);
  begin(&t, url);
  rc_ph_string(&t.ph, "ca_file", th(state)->ca_file);
  rc_ph_enum(&t.ph, "min_tls", "1.2");
  run(&t);
  expect(&t, RC_OUT_OK, NULL);
  end(&t);
  free(url);
}

/* ---- failures that must not hang ----------------------------------------- */

static void test_timeouts_and_refused(void **state)
{
  struct t t;
  char *url = rc_th_edge_url(th(state), "/hang");
  begin(&t, url);
  rc_ph_int(&t.ph, "timeout_ms", 300);
  run(&t);
  expect(&t, RC_OUT_FAIL, "timeout: ");
  end(&t);
  free(url);
  url = rc_th_edge_url(th(state), "/slow?ms=400");
  begin(&t, url);
  rc_ph_int(&t.ph, "max_time_ms", 100);
  run(&t);
  expect(&t, RC_OUT_FAIL, "(limit 100 ms)");
  end(&t);
  free(url);
  url = rc_th_url(th(state), RC_TH_CLOSED, "/");
  begin(&t, url);
  run(&t);
  expect(&t, RC_OUT_FAIL, "refused: ");
  end(&t);
  free(url);
}

static void test_endless_body_is_capped(void **state)
{
  struct t t;
  char *url = rc_th_edge_url(th(state), "/huge");
  begin(&t, url);
  rc_ph_regex(&t.ph, "body_matches", "^xxxx");
  run(&t);
  expect(&t, RC_OUT_OK, "status 200");
  end(&t);
  begin(&t, url);
  rc_ph_string(&t.ph, "json_key", "a");
  run(&t);
  expect(&t, RC_OUT_FAIL, "larger than 1 MiB");
  end(&t);
  free(url);
}

static void test_retries_with_backoff(void **state)
{
  struct t t;
  char *url = rc_th_edge_url(th(state), "/flaky?id=retry-a&n=2");
  begin(&t, url);
  rc_ph_int(&t.ph, "retries", 3);
  rc_ph_int(&t.ph, "retry_delay_ms", 10);
  run(&t);
  expect(&t, RC_OUT_OK, "3 attempts");
  end(&t);
  free(url);
  url = rc_th_edge_url(th(state), "/flaky?id=retry-b&n=2");
  begin(&t, url);
  run(&t);
  expect(&t, RC_OUT_FAIL, "status 503");
  end(&t);
  free(url);
  /* A service that never comes up: every attempt refused, then FAIL. */
  url = rc_th_url(th(state), RC_TH_CLOSED, "/");
  begin(&t, url);
  rc_ph_int(&t.ph, "retries", 2);
  rc_ph_int(&t.ph, "retry_delay_ms", 10);
  run(&t);
  expect(&t, RC_OUT_FAIL, "refused: ");
  assert_true(rc_ph_has_ev(&t.out, NULL, 0, "3 attempts"));
  end(&t);
  free(url);
}

/* ---- secrets ------------------------------------------------------------- */

static void test_request_headers_never_shown(void **state)
{
  char auth[128];
  snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
  struct t t;
  char *url = rc_th_edge_url(th(state), "/echo-auth");
  begin(&t, url);
  rc_ph_strings(&t.ph, "headers", auth, NULL);
  rc_ph_regex(&t.ph, "body_matches", "^auth=yes$");
  run(&t);
  expect(&t, RC_OUT_OK, NULL);
  rc_ph_assert_absent(&t.out, token);
  end(&t);
  /* Failing checks show evidence; the header still stays out. */
  begin(&t, url);
  rc_ph_strings(&t.ph, "headers", auth, NULL);
  rc_ph_regex(&t.ph, "body_matches", "^nope$");
  rc_ph_strings(&t.ph, "status", "201", NULL);
  run(&t);
  expect(&t, RC_OUT_FAIL, NULL);
  rc_ph_assert_absent(&t.out, token);
  rc_ph_assert_absent(&t.out, "Bearer");
  end(&t);
  free(url);
}

/* ---- validation ---------------------------------------------------------- */

static void test_validation(void **state)
{
  (void)state;
  static const struct {
    const char *url, *status, *body, *header;
    const char *needle;
  } cases[] = {
      {"ftp://x/", NULL, NULL, NULL, "http:// or https://"},
      {"file:///etc/passwd", NULL, NULL, NULL, "http:// or https://"},
      {"http://x/", "99", NULL, NULL, "'status' entry '99'"},
      {"http://x/", "2xy", NULL, NULL, "'status' entry"},
      {"http://x/", NULL, "data", NULL, "'body' needs 'method: POST'"},
      {"http://x/", NULL, NULL, "no colon", "'Name: value'"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct rc_ph ph;
    char msg[256] = "";
    rc_ph_init(&ph, &rc_probe_http);
    rc_ph_string(&ph, "url", cases[i].url);
    if (cases[i].status)
      rc_ph_strings(&ph, "status", cases[i].status, NULL);
    if (cases[i].body)
      rc_ph_string(&ph, "body", cases[i].body);
    if (cases[i].header)
      rc_ph_strings(&ph, "headers", cases[i].header, NULL);
    assert_int_equal(rc_ph_validate(&ph, msg, sizeof(msg)), -1);
    if (!strstr(msg, cases[i].needle))
      fail_msg("case %zu: '%s'", i, msg);
    rc_ph_release(&ph);
  }
  struct rc_ph ph;
  rc_ph_init(&ph, &rc_probe_http);
  rc_ph_string(&ph, "url", "${BASE_URL}/health");
  rc_ph_int(&ph, "retries", 11);
  assert_int_equal(rc_ph_validate(&ph, NULL, 0), -1);
  rc_ph_int(&ph, "retries", 10);
  assert_int_equal(rc_ph_validate(&ph, NULL, 0), 0);
  rc_ph_release(&ph);
}

/* ---- the adapter --------------------------------------------------------- */

static void test_cert_date_parse(void **state)
{
  (void)state;
  long long t = 0;
  assert_int_equal(rc_http_parse_cert_date("Jan  2 03:04:05 2030 GMT", &t), 0);
  assert_true(t == 1893553445LL);
  assert_int_equal(rc_http_parse_cert_date("Dec 31 23:59:59 1999 GMT", &t), 0);
  assert_true(t == 946684799LL);
  assert_int_equal(rc_http_parse_cert_date("Feb 29 00:00:00 2024 GMT", &t), 0);
  assert_true(t == 1709164800LL);
  assert_int_equal(rc_http_parse_cert_date("Foo 29 00:00:00 2024", &t), -1);
  assert_int_equal(rc_http_parse_cert_date("", &t), -1);
  assert_int_equal(rc_http_parse_cert_date("Jan 40 00:00:00 2024", &t), -1);
}

static void test_cache_dedupes_and_runs_together(void **state)
{
  struct rc_http_cache *c = rc_http_cache_new();
  char *urls[3] = {rc_th_edge_url(th(state), "/slow?ms=300&a=1"),
                   rc_th_edge_url(th(state), "/slow?ms=300&a=2"),
                   rc_th_url(th(state), RC_TH_HTTP, "/health")};
  struct rc_http_req q[3];
  for (size_t i = 0; i < 3; i++) {
    memset(&q[i], 0, sizeof(q[i]));
    q[i].url = urls[i];
    rc_http_cache_add(c, &q[i]);
    rc_http_cache_add(c, &q[i]);
  }
  assert_int_equal(rc_http_cache_size(c), 3);
  rc_http_cache_run(c, 4);
  for (size_t i = 0; i < 3; i++) {
    const struct rc_http_resp *r = rc_http_cache_get(c, &q[i]);
    assert_int_equal(r->err, RC_HTTP_OK);
    assert_int_equal(r->status, 200);
    assert_int_equal(r->attempts, 1);
  }
  /* A different header is a different request. */
  const char *h[] = {"X-A: 1"};
  q[2].headers = h;
  q[2].n_headers = 1;
  const struct rc_http_resp *r = rc_http_cache_get(c, &q[2]);
  assert_int_equal(r->status, 200);
  assert_int_equal(rc_http_cache_size(c), 4);
  assert_non_null(rc_http_header(r, "content-type"));
  rc_http_cache_free(c);
  for (size_t i = 0; i < 3; i++)
    free(urls[i]);
}

/* ---- the runner: declare, fetch together, check; --offline --------------- */

static const char rules_yaml[] =
    "version: 1\n"
    "rules:\n"
    "  - id: t.health\n"
    "    title: health\n"
    "    category: reliability\n"
    "    severity: block\n"
    "    when: { var: { name: BASE_URL } }\n"
    "    probe: { http: { url: '${BASE_URL}/health', status: 200 } }\n"
    "    remediation: R\n"
    "  - id: t.health-again\n"
    "    title: same request, fetched once\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    when: { var: { name: BASE_URL } }\n"
    "    probe:\n"
    "      all:\n"
    "        - http: { url: '${BASE_URL}/health', status: 200 }\n"
    "        - not: { http: { url: '${BASE_URL}/missing' } }\n"
    "    remediation: R\n"
    "  - id: t.tls\n"
    "    title: only for https\n"
    "    category: security\n"
    "    severity: block\n"
    "    when: { var: { name: BASE_URL, pattern: '^https://' } }\n"
    "    probe: { http: { url: '${BASE_URL}/', min_days_valid: 7 } }\n"
    "    remediation: R\n"
    "  - id: t.undefined\n"
    "    title: undefined variable\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    probe: { http: { url: '${NO_SUCH_VAR_XYZ}/x' } }\n"
    "    remediation: R\n";

static const struct rc_result *result(const struct rc_results *res,
                                      const char *id)
{
  for (size_t i = 0; i < res->n; i++)
    if (strcmp(res->items[i].rule->id, id) == 0)
      return &res->items[i];
  fail_msg("no result for %s", id);
  return NULL;
}

/* Results borrow their rules: the caller frees the returned ruleset last. */
static struct rc_ruleset *run_rules(struct rc_th *t, bool offline,
                                    struct rc_results *res)
{
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  struct rc_vars vars;
  struct rc_ph_repo repo;
  rc_diag_init(&d);
  rc_vars_init(&vars);
  rc_ph_repo_init(&repo);
  rc_ph_repo_index(&repo);
  char *base = rc_th_url(t, RC_TH_HTTP, "");
  rc_vars_set(&vars, "BASE_URL", base);
  free(base);
  if (rc_load_buffer(rs, "t.yaml", rules_yaml, strlen(rules_yaml), &d) != 0) {
    rc_diag_print(&d, stderr, "test");
    fail_msg("rules do not load");
  }
  struct rc_run_opts o = {.vars = &vars, .offline = offline, .jobs = 4};
  rc_run(rs, repo.idx, &o, res);
  rc_ph_repo_release(&repo);
  rc_vars_release(&vars);
  rc_diag_release(&d);
  return rs;
}

static void test_run_prefetches_and_gates(void **state)
{
  struct rc_results res;
  rc_results_init(&res);
  struct rc_ruleset *rs = run_rules(th(state), false, &res);
  assert_int_equal(res.n, 4);
  assert_int_equal(result(&res, "t.health")->outcome, RC_OUT_OK);
  assert_int_equal(result(&res, "t.health-again")->outcome, RC_OUT_OK);
  const struct rc_result *tls = result(&res, "t.tls");
  assert_int_equal(tls->outcome, RC_OUT_SKIP);
  assert_non_null(strstr(tls->message, "does not match '^https://'"));
  const struct rc_result *undef = result(&res, "t.undefined");
  assert_int_equal(undef->outcome, RC_OUT_ERROR);
  assert_non_null(strstr(undef->message, "NO_SUCH_VAR_XYZ"));
  rc_results_release(&res);
  rc_ruleset_free(rs);

  rc_results_init(&res);
  rs = run_rules(th(state), true, &res);
  assert_int_equal(result(&res, "t.health")->outcome, RC_OUT_SKIP);
  assert_non_null(strstr(result(&res, "t.health")->message, "--offline"));
  rc_results_release(&res);
  rc_ruleset_free(rs);
}

static void test_var_probe(void **state)
{
  (void)state;
  struct rc_ph ph;
  struct rc_ph_repo repo;
  struct rc_vars vars;
  struct rc_check out;
  rc_vars_init(&vars);
  rc_vars_set(&vars, "GIVEN", "https://staging.example.com");
  rc_vars_set(&vars, "EMPTY", "");
  rc_ph_repo_init(&repo);
  repo.ctx.vars = &vars;
  static const struct {
    const char *name, *pattern;
    enum rc_outcome want;
  } cases[] = {
      {"GIVEN", NULL, RC_OUT_OK},
      {"GIVEN", "^https://", RC_OUT_OK},
      {"GIVEN", "^http://", RC_OUT_FAIL},
      {"EMPTY", NULL, RC_OUT_FAIL},
      {"NOT_GIVEN_ANYWHERE_123", NULL, RC_OUT_FAIL},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    rc_ph_init(&ph, &rc_probe_var);
    rc_ph_strings(&ph, "name", cases[i].name, NULL);
    if (cases[i].pattern)
      rc_ph_regex(&ph, "pattern", cases[i].pattern);
    rc_ph_check(&ph, &repo, &out);
    if (out.outcome != cases[i].want)
      fail_msg("case %zu: %s", i, out.message);
    rc_ph_assert_absent(&out, "staging.example.com");
    rc_ph_release(&ph);
  }
  rc_ph_repo_release(&repo);
  rc_vars_release(&vars);
}

/* ---- the binary -------------------------------------------------------- */

static const char e2e_rules[] =
    "version: 1\n"
    "rules:\n"
    "  - id: e.health\n"
    "    title: health answers\n"
    "    category: reliability\n"
    "    severity: block\n"
    "    when: { var: { name: API } }\n"
    "    probe:\n"
    "      http:\n"
    "        url: '${API}/health'\n"
    "        headers: ['Authorization: Bearer ${RC_TEST_TOKEN}']\n"
    "        json_key: status\n"
    "        json_equals: ok\n"
    "    remediation: R\n"
    "  - id: e.missing\n"
    "    title: a page that is not there\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    when: { var: { name: API } }\n"
    "    probe:\n"
    "      http:\n"
    "        url: '${API}/missing'\n"
    "        headers: ['Authorization: Bearer ${RC_TEST_TOKEN}']\n"
    "    remediation: R\n"
    "  - id: e.redirect\n"
    "    title: follows a redirect on its own origin\n"
    "    category: reliability\n"
    "    severity: block\n"
    "    when: { var: { name: API } }\n"
    "    probe:\n"
    "      http: { url: '${API}/redirect-http', follow_redirects: true }\n"
    "    remediation: R\n"
    "  - id: e.insecure\n"
    "    title: passes only without certificate checks\n"
    "    category: reliability\n"
    "    severity: block\n"
    "    when: { var: { name: API } }\n"
    "    probe:\n"
    "      http:\n"
    "        url: '${API}/redirect'\n"
    "        follow_redirects: true\n"
    "        allow_other_hosts: true\n"
    "        insecure: true\n"
    "    remediation: R\n"
    "  - id: e.unused\n"
    "    title: needs an endpoint nobody gave\n"
    "    category: reliability\n"
    "    severity: block\n"
    "    when: { var: { name: NOBODY_GAVE_THIS } }\n"
    "    probe: { http: { url: '${NOBODY_GAVE_THIS}/' } }\n"
    "    remediation: R\n";

static char *run_binary(struct rc_th *t, const char *dir, const char *format,
                        bool offline, int *status)
{
  const char *bin = getenv("RC_BINARY");
  if (!bin)
    fail_msg("RC_BINARY is not set");
  char rules[4096], endpoint[256], *url = rc_th_url(t, RC_TH_HTTP, "");
  snprintf(rules, sizeof(rules), "%s/rules.yaml", dir);
  snprintf(endpoint, sizeof(endpoint), "API=%s", url);
  free(url);
  char repo[4096];
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  const char *argv[] = {bin,          "--no-builtin",
                        "--rules",    rules,
                        "--endpoint", endpoint,
                        "-f",         format,
                        "--no-color", "--jobs",
                        "4",          "--timeout",
                        "5",          offline ? "--offline" : "-v",
                        repo,         NULL};
  char *out = NULL, *err = NULL;
  *status = rc_test_run(argv, NULL, &out, &err);
  if (err && strstr(err, token))
    fail_msg("token on stderr: %s", err);
  free(err);
  return out;
}

static void test_binary_end_to_end(void **state)
{
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "rules.yaml", e2e_rules);
  rc_test_write(dir, "repo/README.md", "# app\n");
  setenv("RC_TEST_TOKEN", token, 1);
  static const char *const formats[] = {"text", "markdown", "json"};
  for (size_t i = 0; i < 3; i++) {
    int status;
    char *out = run_binary(th(state), dir, formats[i], false, &status);
    assert_non_null(out);
    if (strstr(out, token))
      fail_msg("token in %s output", formats[i]);
    assert_null(strstr(out, "Bearer"));
    assert_int_equal(status, 0); /* WARNs only: ready */
    /* Every format says where a redirect led, and that a check passed
     * only with certificate verification off. */
    char *health = rc_th_url(th(state), RC_TH_HTTP, "/health");
    char *tls = rc_th_url(th(state), RC_TH_HTTPS, "/health");
    char want[512];
    snprintf(want, sizeof(want), "after 1 redirect to %s", health);
    if (!strstr(out, want))
      fail_msg("'%s' not in the %s report:\n%s", want, formats[i], out);
    snprintf(want, sizeof(want), "after 1 redirect to %s", tls);
    if (!strstr(out, want))
      fail_msg("'%s' not in the %s report:\n%s", want, formats[i], out);
    if (!strstr(out, "certificate verification is off (insecure: true)"))
      fail_msg("insecure not flagged in the %s report:\n%s", formats[i], out);
    free(health);
    free(tls);
    if (strcmp(formats[i], "text") == 0) {
      /* the check's own line carries WARN */
      const char *id = strstr(out, " e.insecure");
      assert_non_null(id);
      const char *bol = id;
      while (bol > out && bol[-1] != '\n')
        bol--;
      assert_true(strncmp(bol, "  WARN ", 7) == 0);
    }
    if (strcmp(formats[i], "markdown") == 0)
      assert_non_null(strstr(out, "## Warnings (2)"));
    if (strcmp(formats[i], "json") == 0) {
      cJSON *doc = cJSON_Parse(out);
      assert_non_null(doc);
      const cJSON *checks = cJSON_GetObjectItem(doc, "checks"), *c;
      int seen = 0;
      cJSON_ArrayForEach(c, checks) {
        const char *id = cJSON_GetObjectItem(c, "id")->valuestring;
        const char *st = cJSON_GetObjectItem(c, "status")->valuestring;
        if (strcmp(id, "e.health") == 0)
          seen += strcmp(st, "PASS") == 0;
        else if (strcmp(id, "e.missing") == 0)
          seen += strcmp(st, "WARN") == 0;
        else if (strcmp(id, "e.unused") == 0)
          seen += strcmp(st, "SKIP") == 0;
        else if (strcmp(id, "e.redirect") == 0)
          seen += strcmp(st, "PASS") == 0;
        else if (strcmp(id, "e.insecure") == 0)
          seen += strcmp(st, "WARN") == 0;
      }
      assert_int_equal(seen, 5);
      cJSON_Delete(doc);
    }
    free(out);
  }
  int status;
  char *out = run_binary(th(state), dir, "json", true, &status);
  assert_non_null(strstr(out, "network probe skipped (--offline)"));
  free(out);
  unsetenv("RC_TEST_TOKEN");
  rc_test_rmtree(dir);
  free(dir);
}

static const char *status_of(const cJSON *checks, const char *id)
{
  const cJSON *c;
  cJSON_ArrayForEach(c, checks) {
    if (strcmp(cJSON_GetObjectItem(c, "id")->valuestring, id) == 0)
      return cJSON_GetObjectItem(c, "status")->valuestring;
  }
  return "none";
}

/* The built-in http pack against the plain http nginx. */
static void test_binary_http_pack(void **state)
{
  static const struct {
    const char *id, *status;
  } want[] = {
      {"http.health-endpoint", "PASS"},  {"http.https-redirect", "PASS"},
      {"http.security-headers", "WARN"}, {"http.hsts", "SKIP"},
      {"http.tls-valid", "SKIP"},        {"http.tls-expiry", "SKIP"},
      {"http.no-version-leak", "WARN"},  {"http.cors-credentials", "PASS"},
  };
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "repo/README.md", "# app\n");
  char base[256], plain[256], repo[4096];
  char *u = rc_th_url(th(state), RC_TH_HTTP, "");
  snprintf(base, sizeof(base), "BASE_URL=%s", u);
  snprintf(plain, sizeof(plain), "HTTP_URL=%s/redirect", u);
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  free(u);
  const char *argv[] = {getenv("RC_BINARY"),
                        "--pack",
                        "http",
                        "--endpoint",
                        base,
                        "--endpoint",
                        plain,
                        "-f",
                        "json",
                        repo,
                        NULL};
  char *out = NULL;
  rc_test_run(argv, NULL, &out, NULL);
  cJSON *doc = cJSON_Parse(out);
  assert_non_null(doc);
  const cJSON *checks = cJSON_GetObjectItem(doc, "checks");
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
    if (strcmp(status_of(checks, want[i].id), want[i].status) != 0)
      fail_msg("%s is %s, expected %s", want[i].id,
               status_of(checks, want[i].id), want[i].status);
  cJSON_Delete(doc);
  free(out);
  /* Bad values are usage errors. */
  static const char *const bad[][2] = {
      {"--jobs", "0"}, {"--endpoint", "X=ftp://host/"}, {"--timeout", "never"}};
  for (size_t i = 0; i < 3; i++) {
    const char *a[] = {getenv("RC_BINARY"), bad[i][0], bad[i][1], repo, NULL};
    assert_int_equal(rc_test_run(a, NULL, NULL, NULL), 2);
  }
  rc_test_rmtree(dir);
  free(dir);
}

/* ---- one cause, one finding ------------------------------------------------
 */

static const char reach_rules[] =
    "version: 1\n"
    "rules:\n"
    "  - id: r.reach\n"
    "    title: reach\n"
    "    category: reliability\n"
    "    severity: block\n"
    "    probe: { http: { url: '${BASE_URL}${HEALTH:-/health}', status: 200,"
    " reachability: true } }\n"
    "    remediation: R\n"
    "  - id: r.headers\n"
    "    title: headers\n"
    "    category: security\n"
    "    severity: warn\n"
    "    probe: { http: { url: '${BASE_URL}${PAGE:-/}', header_present: "
    "[Content-Security-Policy] } }\n"
    "    remediation: R\n"
    "  - id: r.cors\n"
    "    title: cors\n"
    "    category: security\n"
    "    severity: block\n"
    "    probe: { http: { url: '${BASE_URL}${PAGE:-/}', cors_strict: true,"
    " headers: ['Origin: https://readycheck.invalid'] } }\n"
    "    remediation: R\n"
    "  - id: r.grade\n"
    "    title: grade\n"
    "    category: security\n"
    "    severity: warn\n"
    "    probe: { observatory: { url: '${BASE_URL}${PAGE:-/}', min_grade: F } "
    "}\n"
    "    remediation: R\n"
    "  - id: r.smoke\n"
    "    title: smoke\n"
    "    category: reliability\n"
    "    severity: block\n"
    "    probe: { http: { url: '${BASE_URL}', paths: ['${PAGE:-/} 200'] } }\n"
    "    remediation: R\n"
    "  - id: r.other\n"
    "    title: another origin\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    probe: { http: { url: '${OTHER_URL}/health' } }\n"
    "    remediation: R\n";

/* Runs reach_rules (all of them, or only `only`) with the given variables
 * (NAME=VALUE, NULL ends). */
static struct rc_ruleset *run_reach(struct rc_results *res, const char *only,
                                    const char *const *vars)
{
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  struct rc_vars v;
  struct rc_ph_repo repo;
  rc_diag_init(&d);
  rc_vars_init(&v);
  v.use_environ = false;
  rc_ph_repo_init(&repo);
  rc_ph_repo_index(&repo);
  for (size_t i = 0; vars[i]; i++)
    assert_int_equal(rc_vars_set_assignment(&v, vars[i]), 0);
  if (rc_load_buffer(rs, "r.yaml", reach_rules, strlen(reach_rules), &d) != 0) {
    rc_diag_print(&d, stderr, "test");
    fail_msg("rules do not load");
  }
  const char *only_list[] = {only};
  struct rc_run_opts o = {.vars = &v,
                          .jobs = 8,
                          .only = only ? only_list : NULL,
                          .n_only = only ? 1 : 0,
                          .model = repo.model};
  rc_results_init(res);
  rc_run(rs, repo.idx, &o, res);
  rc_ph_repo_release(&repo);
  rc_vars_release(&v);
  rc_diag_release(&d);
  return rs;
}

static void expect_result(const struct rc_results *res, const char *id,
                          enum rc_outcome o, const char *needle)
{
  const struct rc_result *r = result(res, id);
  if (r->outcome != o || (needle && !strstr(r->message, needle)))
    fail_msg("%s: outcome %d '%s', expected %d with '%s'", id, (int)r->outcome,
             r->message, (int)o, needle ? needle : "");
}

static void test_one_cause_one_finding(void **state)
{
  char base[128], other[128], want[160];
  snprintf(base, sizeof(base), "BASE_URL=http://127.0.0.1:%d",
           th(state)->port[RC_TH_CLOSED]);
  char *edge = rc_th_edge_url(th(state), "");
  snprintf(other, sizeof(other), "OTHER_URL=%s", edge);
  free(edge);
  snprintf(want, sizeof(want),
           "not evaluated: http://127.0.0.1:%d unreachable (refused); see "
           "r.reach",
           th(state)->port[RC_TH_CLOSED]);
  const char *down[] = {base, other, NULL};
  struct rc_results res;
  struct rc_ruleset *rs = run_reach(&res, NULL, down);
  expect_result(&res, "r.reach", RC_OUT_FAIL, "refused");
  expect_result(&res, "r.headers", RC_OUT_SKIP, want);
  expect_result(&res, "r.cors", RC_OUT_SKIP, want);
  expect_result(&res, "r.grade", RC_OUT_SKIP, want);
  expect_result(&res, "r.smoke", RC_OUT_SKIP, want);
  /* another origin is judged on its own: the edge server has no /health */
  expect_result(&res, "r.other", RC_OUT_FAIL, "status 404");
  rc_results_release(&res);
  rc_ruleset_free(rs);

  /* Without the reachability rule, each check carries its own failure:
   * nothing fails open. */
  rs = run_reach(&res, "r.headers", down);
  expect_result(&res, "r.headers", RC_OUT_FAIL, "refused");
  rc_results_release(&res);
  rc_ruleset_free(rs);

  /* A 5xx on every path: one finding naming it. */
  char *u = rc_th_url(th(state), RC_TH_HTTP, "");
  snprintf(base, sizeof(base), "BASE_URL=%s", u);
  free(u);
  const char *failing[] = {base, other, "HEALTH=/fail", "PAGE=/fail", NULL};
  rs = run_reach(&res, NULL, failing);
  expect_result(&res, "r.reach", RC_OUT_FAIL, "status 500 (expected 200)");
  expect_result(&res, "r.headers", RC_OUT_SKIP, "unreachable (status 500)");
  expect_result(&res, "r.grade", RC_OUT_SKIP, "unreachable (status 500)");
  expect_result(&res, "r.smoke", RC_OUT_SKIP, "unreachable (status 500)");
  rc_results_release(&res);
  rc_ruleset_free(rs);

  /* The health endpoint down but the page answering: the page is judged. */
  const char *half[] = {base, other, "HEALTH=/fail", NULL};
  rs = run_reach(&res, NULL, half);
  expect_result(&res, "r.reach", RC_OUT_FAIL, "status 500");
  expect_result(&res, "r.headers", RC_OUT_FAIL,
                "header Content-Security-Policy missing");
  expect_result(&res, "r.smoke", RC_OUT_OK, "all 1 paths");
  rc_results_release(&res);
  rc_ruleset_free(rs);
}

/* ---- smoke lists and health paths ------------------------------------------
 */

static void test_smoke_paths(void **state)
{
  struct t t;
  char *base = rc_th_url(th(state), RC_TH_HTTP, "/");
  begin(&t, base);
  rc_ph_strings(&t.ph, "paths", "/health 200", "/missing 404, /fail 200",
                "/text", NULL);
  run(&t);
  expect(&t, RC_OUT_FAIL,
         "1 of 4 paths fail; /fail: status 500 (expected 200)");
  char *u = rc_th_url(th(state), RC_TH_HTTP, "/missing");
  assert_true(rc_ph_has_ev(&t.out, u, 0, "/missing: status 404"));
  free(u);
  size_t pass = 0, failing = 0;
  for (size_t i = 0; i < t.out.n_ev; i++) {
    pass += t.out.ev[i].mark == RC_EV_PASS;
    failing += t.out.ev[i].mark == RC_EV_FAIL;
  }
  assert_int_equal(pass, 3);
  assert_int_equal(failing, 1);
  end(&t);

  begin(&t, base);
  rc_ph_strings(&t.ph, "paths", "/health, /text 2xx", NULL);
  run(&t);
  expect(&t, RC_OUT_OK, "all 2 paths answer as expected");
  end(&t);

  /* A bad entry that arrives through a variable (expanded by the runner)
   * is an ERROR at run time; written in the rule, the loader refuses it. */
  begin(&t, base);
  rc_ph_strings(&t.ph, "paths", "/ 200, admin 401", NULL);
  memset(&t.out, 0, sizeof(t.out));
  t.ph.probe->check(t.ph.cfg, &t.repo.ctx, &t.out);
  expect(&t, RC_OUT_ERROR, "bad 'paths' entry 'admin 401': the path must");
  end(&t);
  char msg[256];
  begin(&t, base);
  rc_ph_strings(&t.ph, "paths", "/ 200, admin 401", NULL);
  assert_int_not_equal(rc_ph_validate(&t.ph, msg, sizeof(msg)), 0);
  assert_non_null(strstr(msg, "entry 'admin 401': the path must start with"));
  end(&t);
  begin(&t, base);
  rc_ph_strings(&t.ph, "paths", "/ 20", NULL);
  assert_int_not_equal(rc_ph_validate(&t.ph, msg, sizeof(msg)), 0);
  end(&t);
  begin(&t, base);
  rc_ph_strings(&t.ph, "paths", "/", NULL);
  rc_ph_bool(&t.ph, "reachability", true);
  assert_int_not_equal(rc_ph_validate(&t.ph, msg, sizeof(msg)), 0);
  assert_non_null(strstr(msg, "'reachability' stands for one URL"));
  end(&t);
  free(base);
}

static const char compose_yaml[] =
    "services:\n"
    "  api:\n"
    "    build: ./api\n"
    "    healthcheck:\n"
    "      test: [\"CMD\", \"curl\", \"-f\", "
    "\"http://localhost:8080/health\"]\n"
    "  web:\n"
    "    build: ./web\n"
    "  db:\n"
    "    image: postgres:16\n"
    "    healthcheck:\n"
    "      test: [\"CMD-SHELL\", \"pg_isready\"]\n";

static void test_health_paths_of_the_model(void **state)
{
  struct t t;
  char *base = rc_th_url(th(state), RC_TH_HTTP, "");
  begin(&t, base);
  rc_ph_bool(&t.ph, "health_paths", true);
  rc_test_write(t.repo.root, "docker-compose.yml", compose_yaml);
  rc_test_write(t.repo.root, "api/Dockerfile", "FROM node:20\nCMD node .\n");
  rc_test_write(t.repo.root, "api/index.js", "app.get('/health')\n");
  rc_test_write(t.repo.root, "web/Dockerfile",
                "FROM nginx:1.25\n"
                "HEALTHCHECK --interval=30s CMD wget -qO- "
                "http://127.0.0.1/missing || exit 1\n");
  rc_ph_repo_index(&t.repo);
  run(&t);
  expect(&t, RC_OUT_FAIL,
         "1 of 2 paths fail; /missing: status 404 (expected 2xx)");
  assert_true(rc_ph_has_ev(&t.out, NULL, 0,
                           "(Dockerfile HEALTHCHECK, web/Dockerfile:2)"));
  assert_true(rc_ph_has_ev(&t.out, NULL, 0, "/health: status 200 in"));
  assert_true(rc_ph_has_ev(&t.out, NULL, 0,
                           "(services.api healthcheck, docker-compose.yml:"));
  end(&t);

  /* no health check anywhere: nothing to ask */
  begin(&t, base);
  rc_ph_bool(&t.ph, "health_paths", true);
  rc_test_write(t.repo.root, "README.md", "# x\n");
  rc_ph_repo_index(&t.repo);
  char msg[256];
  assert_int_equal(rc_ph_validate(&t.ph, msg, sizeof(msg)), 0);
  memset(&t.out, 0, sizeof(t.out));
  t.ph.probe->check(t.ph.cfg, &t.repo.ctx, &t.out);
  assert_int_equal(t.out.outcome, RC_OUT_SKIP);
  assert_non_null(strstr(t.out.message, "no path to ask"));
  end(&t);
  free(base);
}

/* ---- network probes inside `when` join the batch ----------------------------
 */

static const char when_rules[] =
    "version: 1\n"
    "rules:\n"
    "  - id: w.guarded\n"
    "    title: guarded by a live answer\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    when: { http: { url: '${EDGE}/slow?ms=50&w=when' } }\n"
    "    probe: { http: { url: '${EDGE}/slow?ms=50&w=body' } }\n"
    "    remediation: R\n"
    "  - id: w.skipped\n"
    "    title: guard says no\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    when: { http: { url: '${EDGE}/missing' } }\n"
    "    probe: { http: { url: '${EDGE}/slow?ms=50&w=never' } }\n"
    "    remediation: R\n"
    "  - id: w.plain1\n"
    "    title: plain\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    probe: { http: { url: '${EDGE}/slow?ms=50&w=1' } }\n"
    "    remediation: R\n"
    "  - id: w.plain2\n"
    "    title: plain\n"
    "    category: reliability\n"
    "    severity: warn\n"
    "    probe: { http: { url: '${EDGE}/slow?ms=50&w=2' } }\n"
    "    remediation: R\n";

struct batches {
  size_t totals[8]; /* total requests known when a batch ended */
  size_t n;
};

static void on_progress(size_t done, size_t total, void *arg)
{
  struct batches *b = arg;
  if (done == total && b->n < 8 && (b->n == 0 || b->totals[b->n - 1] != total))
    b->totals[b->n++] = total;
}

static void test_when_joins_the_batch(void **state)
{
  struct rc_ruleset *rs = rc_ruleset_new();
  struct rc_diag d;
  struct rc_vars v;
  struct rc_ph_repo repo;
  rc_diag_init(&d);
  rc_vars_init(&v);
  v.use_environ = false;
  rc_ph_repo_init(&repo);
  rc_ph_repo_index(&repo);
  char *edge = rc_th_edge_url(th(state), "");
  rc_vars_set(&v, "EDGE", edge);
  free(edge);
  assert_int_equal(
      rc_load_buffer(rs, "w.yaml", when_rules, strlen(when_rules), &d), 0);
  struct batches b = {0};
  struct rc_run_opts o = {
      .vars = &v, .jobs = 8, .progress = on_progress, .progress_arg = &b};
  struct rc_results res;
  rc_results_init(&res);
  rc_run(rs, repo.idx, &o, &res);
  /* First batch: both `when` requests with the two plain rules; second:
   * only the body the passing `when` guards. The refused guard's body is
   * never asked. */
  assert_int_equal(b.n, 2);
  assert_int_equal(b.totals[0], 4);
  assert_int_equal(b.totals[1], 5);
  assert_int_equal(result(&res, "w.guarded")->outcome, RC_OUT_OK);
  assert_int_equal(result(&res, "w.skipped")->outcome, RC_OUT_SKIP);
  assert_int_equal(result(&res, "w.plain1")->outcome, RC_OUT_OK);
  rc_results_release(&res);
  rc_ruleset_free(rs);
  rc_ph_repo_release(&repo);
  rc_vars_release(&v);
  rc_diag_release(&d);
}

/* ---- the binary: environments, the built-in pack unreachable, progress --- */

static char *run_args(const char *const *args, int *status, char **err)
{
  const char *argv[16];
  size_t n = 0;
  argv[n++] = getenv("RC_BINARY");
  for (size_t i = 0; args[i] && n < 15; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  char *out = NULL;
  *status = rc_test_run(argv, NULL, &out, err);
  return out;
}

static void test_binary_environments(void **state)
{
  char *dir = rc_test_mkdtemp();
  char *base = rc_th_url(th(state), RC_TH_HTTP, "");
  char config[1024], repo[4096];
  snprintf(config, sizeof(config),
           "version: 1\n"
           "environments:\n"
           "  staging:\n"
           "    base_url: %s\n"
           "    http_url: %s/redirect\n"
           "    paths: ['/ 200', '/health 200', '/missing 401 403']\n"
           "  production:\n"
           "    base_url: http://127.0.0.1:%d\n",
           base, base, th(state)->port[RC_TH_CLOSED]);
  free(base);
  rc_test_write(dir, "repo/.readycheck.yml", config);
  rc_test_write(dir, "repo/README.md", "# app\n");
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  int status;
  const char *staging[] = {"--pack", "http", "--env", "staging",
                           "-f",     "json", repo,    NULL};
  char *out = run_args(staging, &status, NULL);
  cJSON *doc = cJSON_Parse(out);
  assert_non_null(doc);
  assert_string_equal(cJSON_GetObjectItem(doc, "environment")->valuestring,
                      "staging");
  const cJSON *checks = cJSON_GetObjectItem(doc, "checks"), *c;
  assert_string_equal(status_of(checks, "http.health-endpoint"), "PASS");
  assert_string_equal(status_of(checks, "http.https-redirect"), "PASS");
  assert_string_equal(status_of(checks, "http.smoke"), "BLOCK");
  cJSON_ArrayForEach(c, checks) {
    if (strcmp(cJSON_GetObjectItem(c, "id")->valuestring, "http.smoke"))
      continue;
    const char *msg = cJSON_GetObjectItem(c, "message")->valuestring;
    if (!strstr(msg, "1 of 3 paths fail; /missing: status 404 (expected "
                     "401, 403)"))
      fail_msg("smoke message: %s", msg);
  }
  assert_int_equal(status, 1);
  cJSON_Delete(doc);
  free(out);

  /* text names the environment too */
  const char *text[] = {"--pack",     "http", "--env", "staging",
                        "--no-color", repo,   NULL};
  out = run_args(text, &status, NULL);
  assert_non_null(strstr(out, ", environment staging\n"));
  free(out);

  /* production is down: the health endpoint is the one finding */
  const char *prod[] = {"--pack", "http", "--env", "production",
                        "-f",     "json", repo,    NULL};
  out = run_args(prod, &status, NULL);
  doc = cJSON_Parse(out);
  assert_non_null(doc);
  checks = cJSON_GetObjectItem(doc, "checks");
  int blocks = 0, warns = 0, evaluated_skips = 0;
  cJSON_ArrayForEach(c, checks) {
    const char *st = cJSON_GetObjectItem(c, "status")->valuestring;
    const char *msg = cJSON_GetObjectItem(c, "message")->valuestring;
    blocks += strcmp(st, "BLOCK") == 0;
    warns += strcmp(st, "WARN") == 0;
    evaluated_skips += strstr(msg, "see http.health-endpoint") != NULL;
  }
  assert_string_equal(status_of(checks, "http.health-endpoint"), "BLOCK");
  assert_int_equal(blocks, 1);
  assert_int_equal(warns, 0);
  assert_true(evaluated_skips >= 5);
  assert_int_equal(status, 1);
  cJSON_Delete(doc);
  free(out);

  /* an unknown environment is a usage error with a suggestion */
  char *err = NULL;
  const char *typo[] = {"--env", "stagin", repo, NULL};
  out = run_args(typo, &status, &err);
  assert_int_equal(status, 2);
  assert_non_null(strstr(err, "--env stagin: no such environment"));
  assert_non_null(strstr(err, "did you mean 'staging'?"));
  free(out);
  free(err);
  err = NULL;
  const char *none[] = {"--no-config", "--env", "staging", repo, NULL};
  out = run_args(none, &status, &err);
  assert_int_equal(status, 2);
  assert_non_null(strstr(err, "needs a .readycheck.yml that declares "
                              "environments (none was read"));
  free(out);
  free(err);
  rc_test_rmtree(dir);
  free(dir);
}

/* Progress goes to standard error only when it is a terminal: under
 * script(1) it shows, in a pipe it does not. */
static void test_binary_progress_on_a_terminal(void **state)
{
  char *dir = rc_test_mkdtemp();
  rc_test_write(dir, "repo/README.md", "# app\n");
  /* every rule's path lands in the query: each request takes 400 ms */
  char *slow = rc_th_edge_url(th(state), "/slow?ms=400&rest=");
  char cmd[8192];
  snprintf(cmd, sizeof(cmd),
           "%s --pack http --endpoint 'BASE_URL=%s' --no-color %s/repo "
           ">/dev/null",
           getenv("RC_BINARY"), slow, dir);
  /* script(1) is util-linux's (bsdutils, essential in Debian) */
  const char *script[] = {"/usr/bin/script", "-qec", cmd, "/dev/null", NULL};
  char *out = NULL;
  rc_test_run(script, NULL, &out, NULL);
  if (!out || !strstr(out, "requests done"))
    fail_msg("no progress on a terminal: %s", out ? out : "(none)");
  free(out);
  int status;
  char *err = NULL;
  char endpoint[512];
  snprintf(endpoint, sizeof(endpoint), "BASE_URL=%s", slow);
  const char *piped[] = {"--pack", "http", "--endpoint", endpoint, NULL, NULL};
  char repo[4096];
  snprintf(repo, sizeof(repo), "%s/repo", dir);
  piped[4] = repo;
  out = run_args(piped, &status, &err);
  assert_null(strstr(err ? err : "", "requests done"));
  free(out);
  free(err);
  free(slow);
  rc_test_rmtree(dir);
  free(dir);
}

/* ---- group ------------------------------------------------------------- */

static int group_setup(void **state)
{
  struct rc_th *t = rc_xcalloc(1, sizeof(*t));
  char err[4096];
  if (rc_th_start(t, err, sizeof(err)) != 0) {
    fprintf(stderr, "test servers did not start: %s\n", err);
    free(t);
    return -1;
  }
  *state = t;
  return 0;
}

static int group_teardown(void **state)
{
  struct rc_th *t = *state;
  if (t)
    rc_th_stop(t);
  free(t);
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_health_json_ok),
      cmocka_unit_test(test_json_component_down),
      cmocka_unit_test(test_json_not_json_and_missing_key),
      cmocka_unit_test(test_status_codes_and_classes),
      cmocka_unit_test(test_body_matches_and_post),
      cmocka_unit_test(test_head_method),
      cmocka_unit_test(test_security_headers),
      cmocka_unit_test(test_weak_hsts),
      cmocka_unit_test(test_version_leaks),
      cmocka_unit_test(test_cors_wildcard_with_credentials),
      cmocka_unit_test(test_redirect_https),
      cmocka_unit_test(test_follow_redirect_to_https),
      cmocka_unit_test(test_redirect_limits),
      cmocka_unit_test(test_credentials_not_sent_to_another_origin),
      cmocka_unit_test(test_credentials_kept_on_same_origin),
      cmocka_unit_test(test_redirect_to_another_origin_refused),
      cmocka_unit_test(test_max_redirects_boundaries),
      cmocka_unit_test(test_post_body_and_redirects),
      cmocka_unit_test(test_tls_valid_and_expiry_window),
      cmocka_unit_test(test_tls_failures),
      cmocka_unit_test(test_insecure_is_flagged),
      cmocka_unit_test(test_min_tls),
      cmocka_unit_test(test_timeouts_and_refused),
      cmocka_unit_test(test_endless_body_is_capped),
      cmocka_unit_test(test_retries_with_backoff),
      cmocka_unit_test(test_request_headers_never_shown),
      cmocka_unit_test(test_validation),
      cmocka_unit_test(test_cert_date_parse),
      cmocka_unit_test(test_cache_dedupes_and_runs_together),
      cmocka_unit_test(test_run_prefetches_and_gates),
      cmocka_unit_test(test_var_probe),
      cmocka_unit_test(test_binary_end_to_end),
      cmocka_unit_test(test_binary_http_pack),
      cmocka_unit_test(test_one_cause_one_finding),
      cmocka_unit_test(test_smoke_paths),
      cmocka_unit_test(test_health_paths_of_the_model),
      cmocka_unit_test(test_when_joins_the_batch),
      cmocka_unit_test(test_binary_environments),
      cmocka_unit_test(test_binary_progress_on_a_terminal),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
