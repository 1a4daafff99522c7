/*
 * test_grades.c - the observatory and tls probes against nginx on
 * 127.0.0.1: the Observatory fixtures of tests/http/observatory served as
 * pages (grades computed by hand in each file), and one TLS server per case
 * (old protocols on, missing intermediate, 1024-bit key, short expiry,
 * expired, wrong host, a modern one with OCSP stapling), with certificates
 * made by openssl at test time. Requests go through a shared cache, as in a
 * run: every probe declares its requests, the batch runs, then checks read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/harness.h"
#include "../http/obsfix.h"
#include "probe_helpers.h"
#include "readycheck/http.h"
#include "readycheck/mem.h"
#include "testutil.h"

extern const struct rc_probe rc_probe_observatory;
extern const struct rc_probe rc_probe_tls;

struct env {
  struct rc_th th;
  struct rc_of_case *cases;
  size_t n_cases;
};

static struct rc_th *th(void **state)
{
  return &((struct env *)*state)->th;
}

/* One probe check through a batch, like rc_run does. */
struct one {
  struct rc_ph ph;
  struct rc_ph_repo repo;
  struct rc_check out;
};

static void begin(struct one *o, const struct rc_probe *p, const char *url)
{
  rc_ph_init(&o->ph, p);
  rc_ph_repo_init(&o->repo);
  rc_ph_string(&o->ph, "url", url);
}

static enum rc_outcome run(struct one *o)
{
  char msg[256];
  if (rc_ph_validate(&o->ph, msg, sizeof(msg)) != 0)
    fail_msg("validate: %s", msg);
  struct rc_http_cache *cache = rc_http_cache_new();
  o->repo.ctx.http = cache;
  o->ph.probe->prepare(o->ph.cfg, &o->repo.ctx);
  size_t declared = rc_http_cache_size(cache);
  rc_http_cache_run(cache, 16);
  memset(&o->out, 0, sizeof(o->out));
  o->ph.probe->check(o->ph.cfg, &o->repo.ctx, &o->out);
  /* check() found everything it needed in the batch */
  assert_int_equal(rc_http_cache_size(cache), declared);
  o->repo.ctx.http = NULL;
  rc_http_cache_free(cache);
  if (!o->out.message)
    fail_msg("no message");
  return o->out.outcome;
}

static void end(struct one *o)
{
  rc_ph_repo_release(&o->repo);
  rc_ph_release(&o->ph);
}

static void expect(struct one *o, enum rc_outcome want, const char *needle)
{
  if (o->out.outcome != want)
    fail_msg("outcome %d, expected %d: %s", (int)o->out.outcome, (int)want,
             o->out.message);
  if (needle && !strstr(o->out.message, needle) &&
      !rc_ph_has_ev(&o->out, NULL, 0, needle))
    fail_msg("'%s' not in message '%s' nor evidence", needle, o->out.message);
}

static void expect_ev(struct one *o, const char *needle)
{
  if (!rc_ph_has_ev(&o->out, NULL, 0, needle)) {
    for (size_t i = 0; i < o->out.n_ev; i++)
      fprintf(stderr, "  evidence: %s\n", o->out.ev[i].text);
    fail_msg("no evidence with '%s' (message: %s)", needle, o->out.message);
  }
}

/* ---- Observatory ------------------------------------------------------------
 */

static void obs_begin(void **state, struct one *o, const char *name)
{
  char path[256];
  snprintf(path, sizeof(path), "/obs/%s", name);
  char *url = rc_th_url(th(state), RC_TH_HTTPS, path);
  char *plain = rc_th_url(th(state), RC_TH_HTTP, path);
  begin(o, &rc_probe_observatory, url);
  rc_ph_string(&o->ph, "http_url", plain);
  rc_ph_string(&o->ph, "ca_file", th(state)->ca_file);
  free(url);
  free(plain);
}

static void test_observatory_fixtures(void **state)
{
  struct env *e = *state;
  for (size_t i = 0; i < e->n_cases; i++) {
    const struct rc_of_case *c = &e->cases[i];
    struct one o;
    char want[64];
    obs_begin(state, &o, c->name);
    rc_ph_enum(&o.ph, "min_grade", "F");
    run(&o);
    snprintf(want, sizeof(want), "grade %s (score %d)", c->expect_grade,
             c->expect_score);
    if (o.out.outcome != RC_OUT_OK || !strstr(o.out.message, want)) {
      for (size_t k = 0; k < o.out.n_ev; k++)
        fprintf(stderr, "  %s\n", o.out.ev[k].text);
      fail_msg("%s: '%s', expected %s", c->name, o.out.message, want);
    }
    end(&o);
  }
}

static void test_observatory_min_grade(void **state)
{
  struct one o;
  obs_begin(state, &o, "bare");
  rc_ph_enum(&o.ph, "min_grade", "B");
  run(&o);
  expect(&o, RC_OUT_FAIL, "grade D (score 30), below B");
  expect(&o, RC_OUT_FAIL, "csp-not-implemented -25");
  expect_ev(&o, "[-20] x-frame-options-not-implemented");
  expect_ev(&o, "[+0] redirection-to-https");
  end(&o);

  obs_begin(state, &o, "a-plus");
  rc_ph_enum(&o.ph, "min_grade", "A+");
  run(&o);
  expect(&o, RC_OUT_OK, "grade A+ (score 140)");
  /* each modifier comes with the header it was read from */
  expect_ev(&o, "[+10] cross-origin-resource-policy-implemented-with-same-"
                "origin: Cross-Origin-Resource-Policy prevents leaks into "
                "cross-origin contexts - Cross-Origin-Resource-Policy: "
                "same-origin");
  expect_ev(&o, "Set-Cookie: __Host-session=");
  end(&o);
}

/* Without http_url and on a non-default port the redirection test cannot
 * start anywhere: it is named as not run, never passed silently. */
static void test_observatory_without_http(void **state)
{
  struct one o;
  char *url = rc_th_url(th(state), RC_TH_HTTPS, "/obs/via-http");
  begin(&o, &rc_probe_observatory, url);
  rc_ph_string(&o.ph, "ca_file", th(state)->ca_file);
  rc_ph_enum(&o.ph, "min_grade", "F");
  run(&o);
  expect(&o, RC_OUT_OK, "redirection not tested (no http URL)");
  expect(&o, RC_OUT_OK, "grade A+ (score 115)");
  end(&o);
  free(url);
}

static void test_observatory_cannot_grade(void **state)
{
  struct one o;
  char *url = rc_th_url(th(state), RC_TH_HTTP, "/missing");
  begin(&o, &rc_probe_observatory, url);
  rc_ph_enum(&o.ph, "min_grade", "F");
  run(&o);
  expect(&o, RC_OUT_ERROR, "cannot grade: status 404");
  end(&o);
  free(url);

  url = rc_th_url(th(state), RC_TH_CLOSED, "/");
  begin(&o, &rc_probe_observatory, url);
  rc_ph_enum(&o.ph, "min_grade", "F");
  run(&o);
  expect(&o, RC_OUT_ERROR, "cannot grade: refused");
  end(&o);
  free(url);

  /* untrusted certificate: nothing to grade either */
  url = rc_th_url(th(state), RC_TH_HTTPS, "/obs/bare");
  begin(&o, &rc_probe_observatory, url);
  rc_ph_enum(&o.ph, "min_grade", "F");
  run(&o);
  expect(&o, RC_OUT_ERROR, "cannot grade: tls");
  end(&o);
  free(url);
}

/* ---- TLS -------------------------------------------------------------------
 */

static void tls_run(void **state, struct one *o, enum rc_th_port p,
                    const char *path, const char *min)
{
  char *url = rc_th_url(th(state), p, path);
  begin(o, &rc_probe_tls, url);
  rc_ph_string(&o->ph, "ca_file", th(state)->ca_file);
  rc_ph_enum(&o->ph, "min_grade", min);
  run(o);
  free(url);
}

static void test_tls_modern(void **state)
{
  struct one o;
  tls_run(state, &o, RC_TH_MODERN, "/", "A+");
  expect(&o, RC_OUT_OK, "TLS grade A+");
  expect_ev(&o, "protocols: TLS 1.2, TLS 1.3");
  expect_ev(&o, "negotiated: TLSv1.3 TLS_");
  expect_ev(&o, "chain: 2 certificates sent");
  expect_ev(&o, "certificate: EC 256 bits, ecdsa-with-SHA256, CN = localhost");
  expect_ev(&o, "host name 127.0.0.1 matches");
  expect_ev(&o, "OCSP stapling: a valid response is stapled");
  expect_ev(&o, "score 97: protocol 100, key exchange 90, cipher 100");
  end(&o);
}

static void test_tls_old_protocols(void **state)
{
  struct one o;
  tls_run(state, &o, RC_TH_LEGACY, "/", "A");
  expect(&o, RC_OUT_FAIL, "TLS grade B (capped to B), below A");
  expect_ev(&o, "protocols: TLS 1.0, TLS 1.1, TLS 1.2, TLS 1.3");
  expect_ev(&o, "TLS 1.0 and TLS 1.1 accepted: grade capped to B");
  expect_ev(&o, "protocol 95");
  end(&o);
  tls_run(state, &o, RC_TH_LEGACY, "/", "B");
  expect(&o, RC_OUT_OK, "TLS grade B");
  end(&o);
}

static void test_tls_missing_intermediate(void **state)
{
  struct one o;
  tls_run(state, &o, RC_TH_NOCHAIN, "/", "B");
  expect(&o, RC_OUT_FAIL,
         "TLS grade T (certificate not trusted; B once fixed)");
  expect_ev(&o, "chain: 1 certificate sent; incomplete");
  expect_ev(&o, "incomplete certificate chain: grade capped to B");
  expect_ev(&o, "not trusted: unable to get local issuer certificate");
  end(&o);
}

static void test_tls_weak_key(void **state)
{
  struct one o;
  tls_run(state, &o, RC_TH_WEAKKEY, "/", "C");
  expect(&o, RC_OUT_FAIL,
         "TLS grade T (certificate not trusted; B once fixed)");
  expect_ev(&o, "certificate: RSA 1024 bits");
  expect_ev(&o, "key below 2048 bits (RSA equivalent): grade capped to B");
  expect_ev(&o, "not trusted: EE certificate key too weak");
  expect_ev(&o, "key exchange 80");
  end(&o);
}

static void test_tls_expiry_and_names(void **state)
{
  struct one o;
  tls_run(state, &o, RC_TH_SHORT, "/", "A");
  expect(&o, RC_OUT_OK, "TLS grade A");
  expect_ev(&o, "certificate expires in 10 days");
  expect_ev(&o, "TLS 1.3 not supported");
  expect_ev(&o, "OCSP stapling: no valid response");
  end(&o);

  tls_run(state, &o, RC_TH_EXPIRED, "/", "F");
  expect(&o, RC_OUT_FAIL, "TLS grade T");
  expect_ev(&o, "certificate expired on 2020-02-01");
  expect_ev(&o, "not trusted: certificate has expired");
  end(&o);

  tls_run(state, &o, RC_TH_WRONGHOST, "/", "F");
  expect(&o, RC_OUT_FAIL, "TLS grade M (certificate name mismatch");
  expect_ev(&o, "host name 127.0.0.1 does not match the certificate "
                "(DNS:wrong.example)");
  end(&o);

  /* HSTS of a year turns the same server's A into A+ */
  tls_run(state, &o, RC_TH_HTTPS, "/health", "A+");
  expect(&o, RC_OUT_OK, "TLS grade A+");
  end(&o);
  tls_run(state, &o, RC_TH_HTTPS, "/", "A+");
  expect(&o, RC_OUT_FAIL, "TLS grade A, below A+");
  expect_ev(&o, "HSTS: not sent");
  end(&o);
}

static void test_tls_unreachable(void **state)
{
  struct one o;
  char url[64];
  snprintf(url, sizeof(url), "https://127.0.0.1:%d/",
           th(state)->port[RC_TH_CLOSED]);
  begin(&o, &rc_probe_tls, url);
  rc_ph_enum(&o.ph, "min_grade", "F");
  run(&o);
  expect(&o, RC_OUT_ERROR, "cannot grade: no TLS handshake");
  end(&o);
  /* plain http has no TLS to grade */
  char *plain = rc_th_url(th(state), RC_TH_HTTP, "/");
  begin(&o, &rc_probe_tls, plain);
  rc_ph_enum(&o.ph, "min_grade", "F");
  char msg[256];
  assert_int_not_equal(rc_ph_validate(&o.ph, msg, sizeof(msg)), 0);
  assert_non_null(strstr(msg, "must start with https://"));
  end(&o);
  free(plain);
}

/* ---- setup ------------------------------------------------------------------
 */

static int setup(void **state)
{
  char err[1024];
  struct env *e = rc_xcalloc(1, sizeof(*e));
  e->n_cases = rc_of_load("http/observatory", &e->cases, err, sizeof(err));
  if (!e->n_cases) {
    fprintf(stderr, "%s\n", err);
    free(e);
    return -1;
  }
  char *https = rc_of_nginx_https(e->cases, e->n_cases);
  char *http = rc_of_nginx_http(e->cases, e->n_cases);
  struct rc_th_extra x = {https, http};
  int rc = rc_th_start_with(&e->th, &x, err, sizeof(err));
  free(https);
  free(http);
  if (rc != 0) {
    fprintf(stderr, "cannot start the test servers: %s\n", err);
    rc_of_free(e->cases, e->n_cases);
    free(e);
    return -1;
  }
  *state = e;
  return 0;
}

static int teardown(void **state)
{
  struct env *e = *state;
  rc_th_stop(&e->th);
  rc_of_free(e->cases, e->n_cases);
  free(e);
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_observatory_fixtures),
      cmocka_unit_test(test_observatory_min_grade),
      cmocka_unit_test(test_observatory_without_http),
      cmocka_unit_test(test_observatory_cannot_grade),
      cmocka_unit_test(test_tls_modern),
      cmocka_unit_test(test_tls_old_protocols),
      cmocka_unit_test(test_tls_missing_intermediate),
      cmocka_unit_test(test_tls_weak_key),
      cmocka_unit_test(test_tls_expiry_and_names),
      cmocka_unit_test(test_tls_unreachable),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
