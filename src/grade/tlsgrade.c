/*
 * tlsgrade.c - SSL Labs' grading applied to what our handshakes saw. The
 * numbers are the SSL Server Rating Guide's tables; the caps are the rules
 * SSL Labs added since (tlsgrade.h, docs/rules.md). libcrypto reads the
 * leaf certificate (key type and size, host name match); libcurl already
 * said how verification went and what was negotiated.
 */
#include "readycheck/tlsgrade.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "readycheck/http.h"
#include "readycheck/mem.h"

enum { LONG_HSTS = 15552000 }; /* 180 days: SSL Labs' "long duration" */

static const char *const letters[] = {"A+", "A", "A-", "B", "C",
                                      "D",  "E", "F",  NULL};
enum { G_APLUS, G_A, G_AMINUS, G_B, G_C, G_D, G_E, G_F };

static const char *const version_names[RC_TLS_NV] = {"TLS 1.0", "TLS 1.1",
                                                     "TLS 1.2", "TLS 1.3"};
/* Protocol support rating guide (TLS 1.3 postdates it; scored as 1.2). */
static const int version_score[RC_TLS_NV] = {90, 95, 100, 100};

int rc_tls_rank(const char *grade)
{
  if (!grade)
    return -1;
  if (strcmp(grade, "T") == 0 || strcmp(grade, "M") == 0)
    return 8;
  for (int i = 0; letters[i]; i++)
    if (strcmp(letters[i], grade) == 0)
      return i;
  return -1;
}

static void line(struct rc_tls_grade *g, struct rc_arena *a, bool bad,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void line(struct rc_tls_grade *g, struct rc_arena *a, bool bad,
                 const char *fmt, ...)
{
  if (g->n_lines >= RC_TLS_LINES_MAX)
    return;
  va_list ap;
  va_start(ap, fmt);
  g->lines[g->n_lines].text = rc_arena_vprintf(a, fmt, ap);
  va_end(ap);
  g->lines[g->n_lines++].bad = bad;
}

/* Lowers the grade's ceiling to cap, saying why. */
static void cap(struct rc_tls_grade *g, struct rc_arena *a, int *ceiling,
                int to, const char *why)
{
  line(g, a, true, "%s: grade capped to %s", why, letters[to]);
  if (to > *ceiling) {
    *ceiling = to;
    g->cap = letters[to];
  }
}

/* ---- the certificate --------------------------------------------------------
 */

struct leaf {
  X509 *x;
  const char *type; /* "RSA", "EC", "Ed25519", ... */
  int bits;         /* as the key states it */
  int strength;     /* RSA-equivalent bits (NIST SP 800-57) */
};

static X509 *read_pem(const char *pem)
{
  BIO *b = pem ? BIO_new_mem_buf(pem, -1) : NULL;
  X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
  BIO_free(b);
  return x;
}

/* Elliptic-curve and EdDSA key sizes as the RSA size of equal strength. */
static int rsa_equivalent(int ec_bits)
{
  return ec_bits <= 160   ? 1024
         : ec_bits <= 224 ? 2048
         : ec_bits <= 256 ? 3072
         : ec_bits <= 384 ? 7680
                          : 15360;
}

static bool read_leaf(const struct rc_http_cert *c, struct leaf *l)
{
  memset(l, 0, sizeof(*l));
  l->x = read_pem(c->pem);
  EVP_PKEY *k = l->x ? X509_get0_pubkey(l->x) : NULL;
  if (!k)
    return false;
  l->bits = EVP_PKEY_get_bits(k);
  switch (EVP_PKEY_get_base_id(k)) {
  case EVP_PKEY_RSA:
    l->type = "RSA";
    l->strength = l->bits;
    break;
  case EVP_PKEY_DSA:
    l->type = "DSA";
    l->strength = l->bits;
    break;
  case EVP_PKEY_EC:
    l->type = "EC";
    l->strength = rsa_equivalent(l->bits);
    break;
  case EVP_PKEY_ED25519:
    l->type = "Ed25519";
    l->strength = 3072;
    break;
  case EVP_PKEY_ED448:
    l->type = "Ed448";
    l->strength = 7680;
    break;
  default:
    l->type = "unknown";
    l->strength = l->bits;
  }
  return true;
}

static bool is_ip(const char *host)
{
  return strspn(host, "0123456789.") == strlen(host) || strchr(host, ':');
}

static bool name_matches(X509 *x, const char *host)
{
  if (is_ip(host))
    return X509_check_ip_asc(x, host, 0) == 1;
  return X509_check_host(x, host, 0, 0, NULL) == 1;
}

static bool contains_ci(const char *s, const char *needle)
{
  size_t n = strlen(needle);
  for (; s && *s; s++)
    if (strncasecmp(s, needle, n) == 0)
      return true;
  return false;
}

/* An X509 error is about the chain not reaching a trusted root. */
static bool missing_issuer(long code)
{
  return code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
         code == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

static void date_text(char *buf, size_t n, long long t)
{
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(buf, n, "%Y-%m-%d", &tm);
}

/* The chain as sent: complete when each certificate's issuer is the next
 * one's subject and the last is a root or is issued by a root the verifier
 * knows. */
static bool chain_incomplete(const struct rc_http_resp *chain, long verify)
{
  size_t n = chain->n_certs;
  const struct rc_http_cert *last = &chain->certs[n - 1];
  bool self_issued =
      last->subject && last->issuer && strcmp(last->subject, last->issuer) == 0;
  for (size_t i = 0; i + 1 < n; i++)
    if (!chain->certs[i].issuer || !chain->certs[i + 1].subject ||
        strcmp(chain->certs[i].issuer, chain->certs[i + 1].subject) != 0)
      return true; /* out of order or an unrelated certificate */
  return !self_issued && missing_issuer(verify);
}

/* ---- trust
 * ------------------------------------------------------------------- */

/* Records the certificate lines; sets *trusted and *mismatch. */
static void judge_cert(const struct rc_tls_input *in, struct rc_arena *a,
                       struct rc_tls_grade *g, const struct leaf *l,
                       int *ceiling, bool *trusted, bool *mismatch)
{
  const struct rc_http_cert *c = &in->chain->certs[0];
  const struct rc_http_resp *v = in->verified;
  char until[32] = "?";
  if (c->have_dates) {
    date_text(until, sizeof(until), c->not_after);
    g->days_left = (double)(c->not_after - in->now) / 86400.0;
  }
  line(g, a, false, "certificate: %s %d bits, %s, %s, valid until %s", l->type,
       l->bits, c->sig_alg ? c->sig_alg : "unknown signature",
       c->subject ? c->subject : "no subject", until);
  if (c->have_dates && c->not_after < in->now)
    line(g, a, true, "certificate expired on %s", until);
  else if (c->have_dates)
    line(g, a, g->days_left < 30, "certificate expires in %.0f days",
         g->days_left);
  *mismatch = !name_matches(l->x, in->host);
  line(g, a, *mismatch, "host name %s %s the certificate (%s)", in->host,
       *mismatch ? "does not match" : "matches",
       c->san ? c->san : "no subjectAltName");
  if (l->strength < 1024)
    cap(g, a, ceiling, G_F, "key below 1024 bits (RSA equivalent)");
  else if (l->strength < 2048)
    cap(g, a, ceiling, G_B, "key below 2048 bits (RSA equivalent)");
  if (contains_ci(c->sig_alg, "md5") || contains_ci(c->sig_alg, "md2"))
    cap(g, a, ceiling, G_F, "MD5 or MD2 certificate signature");
  bool chain_bad = chain_incomplete(in->chain, v->verify_result);
  line(g, a, chain_bad, "chain: %zu certificate%s sent%s", in->chain->n_certs,
       in->chain->n_certs == 1 ? "" : "s",
       chain_bad ? "; incomplete (an intermediate certificate is missing or "
                   "out of order)"
                 : "");
  if (chain_bad)
    cap(g, a, ceiling, G_B, "incomplete certificate chain");
  *trusted = v->err == RC_HTTP_OK && v->verify_result == 0;
  if (*trusted)
    line(g, a, false, "trusted: the chain verifies");
  else if (v->verify_result > 0)
    line(g, a, true, "not trusted: %s",
         X509_verify_cert_error_string(v->verify_result));
  else if (!*mismatch)
    line(g, a, true, "not trusted: a verifying client cannot connect: %s",
         v->err_msg ? v->err_msg : "error");
}

/* ---- protocols and ciphers ------------------------------------------------
 */

static int cipher_bits(const char *name)
{
  static const struct {
    const char *part;
    int bits;
  } known[] = {{"NULL", 0},       {"EXP", 40},          {"DES-CBC3", 168},
               {"3DES", 168},     {"AES_256", 256},     {"AES256", 256},
               {"CHACHA20", 256}, {"CAMELLIA256", 256}, {"ARIA256", 256},
               {"AES_128", 128},  {"AES128", 128},      {"CAMELLIA128", 128},
               {"ARIA128", 128},  {"SEED", 128},        {"RC4", 128},
               {"IDEA", 128},     {"DES", 56}};
  for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
    if (contains_ci(name, known[i].part))
      return known[i].bits;
  return 128;
}

static int cipher_score(int bits)
{
  return bits == 0 ? 0 : bits < 128 ? 20 : bits < 256 ? 80 : 100;
}

static int kex_score(int bits)
{
  return bits < 512    ? 20
         : bits < 1024 ? 40
         : bits < 2048 ? 80
         : bits < 4096 ? 90
                       : 100;
}

static bool tls13_suite(const char *c)
{
  return strncmp(c, "TLS_", 4) == 0;
}

static bool forward_secret(const char *c)
{
  return tls13_suite(c) || strncmp(c, "ECDHE-", 6) == 0 ||
         strncmp(c, "DHE-", 4) == 0;
}

static bool aead(const char *c)
{
  return tls13_suite(c) || contains_ci(c, "GCM") ||
         contains_ci(c, "CHACHA20") || contains_ci(c, "CCM");
}

struct suites {
  const char *names[RC_TLS_NV + 2];
  size_t n;
};

static void add_suite(struct suites *s, const struct rc_http_resp *r)
{
  if (r && r->err == RC_HTTP_OK && r->tls_cipher && s->n < RC_TLS_NV + 2)
    s->names[s->n++] = r->tls_cipher;
}

/* Which versions the server accepts; -1 when a probe could not tell. */
static int versions(const struct rc_tls_input *in, struct rc_arena *a,
                    struct rc_tls_grade *g, bool accepted[RC_TLS_NV])
{
  char list[128] = "";
  for (int v = 0; v < RC_TLS_NV; v++) {
    const struct rc_http_resp *r = in->version[v];
    accepted[v] = r && r->err == RC_HTTP_OK;
    if (r && r->err != RC_HTTP_OK && r->err != RC_HTTP_ERR_TLS) {
      g->error = rc_arena_printf(a, "cannot tell whether %s is accepted: %s",
                                 version_names[v],
                                 r->err_msg ? r->err_msg : "no answer");
      return -1;
    }
    if (accepted[v])
      snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
               *list ? ", " : "", version_names[v]);
  }
  line(g, a, accepted[RC_TLS_10] || accepted[RC_TLS_11], "protocols: %s",
       *list ? list : "none");
  return 0;
}

static void judge_protocols(const bool accepted[RC_TLS_NV], struct rc_arena *a,
                            struct rc_tls_grade *g, int *ceiling)
{
  int best = -1, worst = -1;
  for (int v = 0; v < RC_TLS_NV; v++)
    if (accepted[v]) {
      worst = worst < 0 ? v : worst;
      best = v;
    }
  g->protocol = (version_score[best] + version_score[worst]) / 2;
  if (accepted[RC_TLS_10] && accepted[RC_TLS_11])
    cap(g, a, ceiling, G_B, "TLS 1.0 and TLS 1.1 accepted");
  else if (accepted[RC_TLS_10])
    cap(g, a, ceiling, G_B, "TLS 1.0 accepted");
  else if (accepted[RC_TLS_11])
    cap(g, a, ceiling, G_B, "TLS 1.1 accepted");
  if (!accepted[RC_TLS_12] && !accepted[RC_TLS_13])
    cap(g, a, ceiling, G_C, "neither TLS 1.2 nor TLS 1.3 accepted");
  if (!accepted[RC_TLS_13])
    line(g, a, false, "TLS 1.3 not supported (no effect on the grade)");
}

static void judge_ciphers(const struct rc_tls_input *in, struct rc_arena *a,
                          struct rc_tls_grade *g, const struct leaf *l,
                          int *ceiling)
{
  struct suites s = {0};
  add_suite(&s, in->verified);
  add_suite(&s, in->chain);
  for (int v = 0; v < RC_TLS_NV; v++)
    add_suite(&s, in->version[v]);
  int strong = -1, weak = -1;
  bool fs = false, ae = false;
  for (size_t i = 0; i < s.n; i++) {
    int b = cipher_bits(s.names[i]);
    strong = strong < 0 || b > strong ? b : strong;
    weak = weak < 0 || b < weak ? b : weak;
    fs |= forward_secret(s.names[i]);
    ae |= aead(s.names[i]);
  }
  const struct rc_http_resp *neg =
      in->verified->tls_version ? in->verified : in->chain;
  line(g, a, false, "negotiated: %s %s",
       neg->tls_version ? neg->tls_version : "?",
       neg->tls_cipher ? neg->tls_cipher : "?");
  g->cipher = s.n ? (cipher_score(strong) + cipher_score(weak)) / 2 : 0;
  /* Forward-secret exchanges use the groups OpenSSL offers first (X25519,
   * P-256): 3072-bit RSA strength, whatever the certificate's key. */
  int kex = fs && l->strength > 3072 ? 3072 : l->strength;
  g->key_exchange = kex_score(kex);
  if (s.n && !fs)
    cap(g, a, ceiling, G_B, "no forward secrecy in the suites negotiated");
  if (s.n && !ae)
    cap(g, a, ceiling, G_B, "no authenticated encryption (AEAD) suite");
}

static long hsts_age(const struct rc_http_resp *r)
{
  const char *v = r->err == RC_HTTP_OK
                      ? rc_http_header(r, "Strict-Transport-Security")
                      : NULL;
  const char *p = v ? strstr(v, "max-age=") : NULL;
  if (!p)
    p = v ? strstr(v, "Max-Age=") : NULL;
  return p ? atol(p + 8) : -1;
}

static void judge_ocsp(const struct rc_tls_input *in, struct rc_arena *a,
                       struct rc_tls_grade *g)
{
  const struct rc_http_resp *o = in->ocsp;
  if (!o || in->verified->err != RC_HTTP_OK)
    return;
  if (o->err == RC_HTTP_OK)
    line(g, a, false, "OCSP stapling: a valid response is stapled");
  else
    line(g, a, false, "OCSP stapling: no valid response (%s)",
         o->err_msg ? o->err_msg : "error");
}

static const char *letter_of(double score)
{
  return score >= 80   ? "A"
         : score >= 65 ? "B"
         : score >= 50 ? "C"
         : score >= 35 ? "D"
         : score >= 20 ? "E"
                       : "F";
}

void rc_tls_grade(const struct rc_tls_input *in, struct rc_arena *a,
                  struct rc_tls_grade *out)
{
  struct leaf l;
  bool accepted[RC_TLS_NV], trusted = false, mismatch = false;
  int ceiling = G_APLUS;
  memset(out, 0, sizeof(*out));
  if (in->chain->err != RC_HTTP_OK || in->chain->n_certs == 0) {
    out->error = rc_arena_printf(
        a, "no TLS handshake: %s",
        in->chain->err_msg ? in->chain->err_msg : "no certificate received");
    return;
  }
  if (!read_leaf(&in->chain->certs[0], &l)) {
    X509_free(l.x);
    out->error = "cannot read the server certificate";
    return;
  }
  if (versions(in, a, out, accepted) != 0) {
    X509_free(l.x);
    return;
  }
  judge_cert(in, a, out, &l, &ceiling, &trusted, &mismatch);
  judge_protocols(accepted, a, out, &ceiling);
  judge_ciphers(in, a, out, &l, &ceiling);
  judge_ocsp(in, a, out);
  X509_free(l.x);
  bool zero = !out->protocol || !out->key_exchange || !out->cipher;
  out->score =
      zero ? 0
           : 0.3 * out->protocol + 0.3 * out->key_exchange + 0.4 * out->cipher;
  int grade = rc_tls_rank(letter_of(out->score));
  grade = grade < ceiling ? ceiling : grade;
  long age = hsts_age(in->verified);
  if (grade == G_A && ceiling == G_APLUS && age >= LONG_HSTS)
    grade = G_APLUS;
  if (age < 0)
    line(out, a, true, "HSTS: not sent (A+ needs max-age of 180 days or more)");
  else
    line(out, a, age < LONG_HSTS, "HSTS: max-age %ld%s", age,
         age >= LONG_HSTS ? "" : " (A+ needs 180 days or more)");
  line(out, a, false,
       "score %.0f: protocol %d, key exchange %d, cipher %d (30/30/40)",
       out->score, out->protocol, out->key_exchange, out->cipher);
  out->if_trusted = letters[grade];
  out->grade = mismatch ? "M" : !trusted ? "T" : letters[grade];
}
