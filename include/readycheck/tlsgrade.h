/*
 * tlsgrade.h - a TLS endpoint graded the way SSL Labs grades servers: a
 * certificate check (trust T, name mismatch M), a 0-100 score from protocol
 * support (30%), key exchange (30%) and cipher strength (40%) per its SSL
 * Server Rating Guide, then the caps SSL Labs applies (TLS 1.0/1.1 or an
 * incomplete chain: B; no TLS 1.2: C; small keys, MD5 signatures: F) and
 * A+ for a long HSTS. docs/rules.md lists every rule with its source and
 * what readycheck cannot measure the way SSL Labs does.
 *
 * Pure functions over handshakes already made (http.h's want_cert, tls_only
 * and ocsp requests); certificates are read with OpenSSL's libcrypto.
 */
#ifndef READYCHECK_TLSGRADE_H
#define READYCHECK_TLSGRADE_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_http_resp;

enum rc_tls_v { RC_TLS_10, RC_TLS_11, RC_TLS_12, RC_TLS_13, RC_TLS_NV };

struct rc_tls_input {
  const char *host; /* the URL's host name or IP address */
  /* GET with verification on (CA file or system store), want_cert: */
  const struct rc_http_resp *verified;
  /* A handshake without verification, want_cert: the chain as sent. */
  const struct rc_http_resp *chain;
  /* Handshakes offering exactly one version each. */
  const struct rc_http_resp *version[RC_TLS_NV];
  /* A verified handshake that requires a stapled OCSP response, or NULL. */
  const struct rc_http_resp *ocsp;
  long long now; /* seconds since the epoch */
};

struct rc_tls_line {
  const char *text;
  bool bad; /* lowers the grade or breaks clients */
};

enum { RC_TLS_LINES_MAX = 24 };

struct rc_tls_grade {
  const char *grade;      /* A+ A B C D E F, T, M; NULL: cannot grade */
  const char *if_trusted; /* the grade once trust issues are fixed */
  const char *error;      /* why it cannot be graded */
  double score;           /* 0-100 */
  int protocol, key_exchange, cipher; /* category scores, 0-100 */
  const char *cap;                    /* the lowest cap applied, or NULL */
  struct rc_tls_line lines[RC_TLS_LINES_MAX];
  size_t n_lines;
  double days_left; /* of the leaf certificate */
};

/* Grades the endpoint. Strings are static or in a. */
void rc_tls_grade(const struct rc_tls_input *in, struct rc_arena *a,
                  struct rc_tls_grade *out);

/* Position from best (0, "A+") to worst: A+ A A- B C D E F, then T and M
 * (8); -1 for anything else. */
int rc_tls_rank(const char *grade);

#endif
