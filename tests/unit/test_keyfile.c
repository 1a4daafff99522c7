/*
 * test_keyfile.c - whether a committed private key is a secret: a test
 * identity on its certificate (whole words only, reserved names), matched
 * by public key and not by name; localhost-only certificates; encrypted
 * keys; samples cut short in a
 * quoted string; and what is left alone (a short body running to its END
 * line, OpenSSH blocks).
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "readycheck/diag.h"
#include "readycheck/index.h"
#include "readycheck/keyfile.h"
#include "readycheck/mem.h"

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

static enum rc_key_kind judge(struct fixture *f, const char *path,
                              unsigned line, const char **why)
{
  if (!f->idx) {
    struct rc_diag d;
    rc_diag_init(&d);
    assert_int_equal(rc_index_build(&f->idx, f->root, NULL, &d), 0);
    rc_diag_release(&d);
  }
  return rc_key_judge(f->idx, f->a, path, line, why);
}

/* The PEM text bio holds, as a string in a. */
static const char *bio_text(struct rc_arena *a, BIO *bio)
{
  char *data;
  long n = BIO_get_mem_data(bio, &data);
  char *s = rc_arena_alloc(a, (size_t)n + 1);
  memcpy(s, data, (size_t)n);
  s[n] = '\0';
  return s;
}

/* A fresh EC key and a certificate for it with subject cn and issuer
 * issuer_cn (self-signed by the same key), both as PEM in a. */
static void make_pair(struct rc_arena *a, const char *cn, const char *issuer_cn,
                      const char **key_pem, const char **cert_pem)
{
  EVP_PKEY *k = EVP_EC_gen("P-256");
  assert_non_null(k);
  X509 *x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, k);
  X509_NAME *subject = X509_NAME_new(), *issuer = X509_NAME_new();
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             (const unsigned char *)cn, -1, -1, 0);
  X509_NAME_add_entry_by_txt(issuer, "CN", MBSTRING_ASC,
                             (const unsigned char *)issuer_cn, -1, -1, 0);
  X509_set_subject_name(x, subject);
  X509_set_issuer_name(x, issuer);
  assert_true(X509_sign(x, k, EVP_sha256()) > 0);
  BIO *kb = BIO_new(BIO_s_mem()), *cb = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(kb, k, NULL, NULL, 0, NULL, NULL);
  PEM_write_bio_X509(cb, x);
  *key_pem = bio_text(a, kb);
  *cert_pem = bio_text(a, cb);
  BIO_free(kb);
  BIO_free(cb);
  X509_NAME_free(subject);
  X509_NAME_free(issuer);
  X509_free(x);
  EVP_PKEY_free(k);
}

static void test_test_identity_certificate(void **state)
{
  struct fixture *f = *state;
  const char *key, *cert, *key2, *cert2;
  make_pair(f->a, "postgres-tls", "Test CA", &key, &cert);
  rc_test_write(f->root, "docker/certs/server.key", key);
  rc_test_write(f->root, "docker/certs/server.crt", cert);
  /* a certificate beside it for another key says nothing of this one */
  make_pair(f->a, "TLS tester", "osptestserver.acme.io", &key2, &cert2);
  rc_test_write(f->root, "docker/certs/other.crt", cert2);
  rc_test_write(f->root, "prod/certs/server.key", key2);
  rc_test_write(f->root, "prod/certs/server.crt", cert2);
  const char *why;
  assert_int_equal(judge(f, "docker/certs/server.key", 1, &why),
                   RC_KEY_NO_SECRET);
  assert_non_null(strstr(why, "docker/certs/server.crt"));
  assert_non_null(strstr(why, "issuer 'Test CA'"));
  /* "tester" and "osptestserver" are not the word "test" */
  assert_int_equal(judge(f, "prod/certs/server.key", 1, &why), RC_KEY_SECRET);
  assert_null(why);
}

static void test_reserved_names_and_key_file_bundle(void **state)
{
  struct fixture *f = *state;
  const char *key, *cert, *key2, *cert2;
  make_pair(f->a, "db.example.com", "db.example.com", &key, &cert);
  rc_test_write(f->root, "tls/bundle.pem",
                rc_arena_printf(f->a, "%s%s", cert, key));
  make_pair(f->a, "myexample.com", "myexample.com", &key2, &cert2);
  rc_test_write(f->root, "tls2/server.key", key2);
  rc_test_write(f->root, "tls2/server.crt", cert2);
  const char *why;
  unsigned key_line = 1;
  for (const char *p = cert; *p; p++)
    key_line += *p == '\n';
  assert_int_equal(judge(f, "tls/bundle.pem", key_line, &why),
                   RC_KEY_NO_SECRET);
  assert_non_null(strstr(why, "db.example.com"));
  assert_int_equal(judge(f, "tls2/server.key", 1, &why), RC_KEY_SECRET);
}

static void test_localhost_only(void **state)
{
  struct fixture *f = *state;
  const char *key, *cert, *key2, *cert2;
  make_pair(f->a, "localhost", "localhost", &key, &cert);
  rc_test_write(f->root, "nginx/ssl/server.key", key);
  rc_test_write(f->root, "nginx/ssl/server.crt", cert);
  make_pair(f->a, "localhost.acme.io", "localhost.acme.io", &key2, &cert2);
  rc_test_write(f->root, "nginx2/ssl/server.key", key2);
  rc_test_write(f->root, "nginx2/ssl/server.crt", cert2);
  const char *why;
  assert_int_equal(judge(f, "nginx/ssl/server.key", 1, &why), RC_KEY_LOCAL);
  assert_non_null(strstr(why, "localhost only"));
  /* a real host whose name starts with localhost is a real host */
  assert_int_equal(judge(f, "nginx2/ssl/server.key", 1, &why), RC_KEY_SECRET);
}

static void test_encrypted(void **state)
{
  struct fixture *f = *state;
  rc_test_write(f->root, "a.key",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAh\n"
                "-----END ENCRYPTED PRIVATE KEY-----\n");
  rc_test_write(f->root, "b.key",
                "-----BEGIN RSA PRIVATE KEY-----\n"
                "Proc-Type: 4,ENCRYPTED\n"
                "DEK-Info: DES-EDE3-CBC,5932FA9F02938D1B\n"
                "\n"
                "MIIEpQIBAAKCAQEAuyf/lNrH9ck8DmNyo3fGgvCI1l9s+cmBY3WIz+cU\n"
                "-----END RSA PRIVATE KEY-----\n");
  const char *why;
  assert_int_equal(judge(f, "a.key", 1, &why), RC_KEY_LIMITED);
  assert_non_null(strstr(why, "passphrase"));
  assert_int_equal(judge(f, "b.key", 1, &why), RC_KEY_LIMITED);
}

static void test_cut_short_sample(void **state)
{
  struct fixture *f = *state;
  /* an API description's sample in a YAML string, elided with '.' */
  rc_test_write(
      f->root, "api/spec.yaml",
      "x:\n"
      "  description: 'For example,\n"
      "\n"
      "    `-----BEGIN RSA PRIVATE KEY-----\n"
      "\n"
      "    MIIEpQIBAAKCAQEAuyf/lNrH9ck8DmNyo3fGgvCI1l9s+cmBY3WIz+cU.\n"
      "\n"
      "    -----END RSA PRIVATE KEY-----`'\n");
  /* the same in a JSON string with \n escapes and an ellipsis */
  rc_test_write(f->root, "api/spec.json",
                "{\"k\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvgIBADANBgkqhkiG"
                "9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZs6uVC3J+rPJ0\\n\xe2\x80\xa6\"}"
                "\n");
  /* a short body running to its END line is not said to be a sample */
  rc_test_write(f->root, "conf/short.key",
                "-----BEGIN PRIVATE KEY-----\n"
                "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZs6uVC3J+\n"
                "-----END PRIVATE KEY-----\n");
  /* nor is an OpenSSH block judged */
  rc_test_write(f->root, "conf/id_ed25519",
                "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA.\n"
                "-----END OPENSSH PRIVATE KEY-----\n");
  const char *why;
  assert_int_equal(judge(f, "api/spec.yaml", 4, &why), RC_KEY_NO_SECRET);
  assert_non_null(strstr(why, "cut short"));
  assert_int_equal(judge(f, "api/spec.json", 1, &why), RC_KEY_NO_SECRET);
  assert_int_equal(judge(f, "conf/short.key", 1, &why), RC_KEY_SECRET);
  assert_int_equal(judge(f, "conf/id_ed25519", 1, &why), RC_KEY_SECRET);
  /* a line without the BEGIN marker, a missing file: may be secrets */
  assert_int_equal(judge(f, "api/spec.yaml", 1, &why), RC_KEY_SECRET);
  assert_int_equal(judge(f, "no/such.key", 1, &why), RC_KEY_SECRET);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_test_identity_certificate, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_reserved_names_and_key_file_bundle,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_localhost_only, setup, teardown),
      cmocka_unit_test_setup_teardown(test_encrypted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cut_short_sample, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
