/*
 * http.h - HTTP(S) requests for network probes, run together, cached.
 *
 * Declare-then-check: before rules are checked the runner asks each network
 * probe for the requests it will make (rc_http_cache_add), then runs them
 * all at once (rc_http_cache_run) through libcurl's multi interface with at
 * most `jobs` transfers in flight. check() then reads its response
 * (rc_http_cache_get). Identical requests (same rc_http_key) are made once.
 *
 * Safety is not optional: only http and https, also on redirects;
 * redirects are followed here, hop by hop, and only to the origin (scheme,
 * host and port, as curl normalises them) of the hop that sent them unless
 * allow_other_host; credentials (userinfo of the rule's URL and credential
 * headers, rc_http_credential_header) are sent only to the origin of the
 * rule's own URL, never after a redirect to another one; the body is capped
 * while it is read (chunked too); every transfer has a timeout. Request
 * headers and userinfo stay in the request: hop URLs are kept without
 * userinfo and nothing in a response repeats them. This header does not
 * include curl.h.
 */
#ifndef READYCHECK_HTTP_H
#define READYCHECK_HTTP_H

#include <stdbool.h>
#include <stddef.h>

enum {
  RC_HTTP_BODY_MAX = 1 << 20,      /* bytes of body kept */
  RC_HTTP_HEADERS_MAX = 100,       /* response headers kept per hop */
  RC_HTTP_MAX_REDIRECTS = 20,      /* upper bound for max_redirects */
  RC_HTTP_DEFAULT_TIMEOUT = 10000, /* ms per attempt */
  RC_HTTP_DEFAULT_JOBS = 16,
};

enum rc_http_method {
  RC_HTTP_GET,
  RC_HTTP_HEAD,
  RC_HTTP_POST,
  RC_HTTP_OPTIONS
};

enum rc_http_tls { RC_HTTP_TLS_ANY, RC_HTTP_TLS_12, RC_HTTP_TLS_13 };

/* One TLS version, for probing which ones a server accepts. */
enum rc_http_tls_only {
  RC_HTTP_ONLY_NONE,
  RC_HTTP_ONLY_10,
  RC_HTTP_ONLY_11,
  RC_HTTP_ONLY_12,
  RC_HTTP_ONLY_13,
};

/* What to send. Strings are borrowed until rc_http_cache_add copies them. */
struct rc_http_req {
  enum rc_http_method method;
  const char *url;
  const char *body;           /* POST body or NULL */
  const char *const *headers; /* "Name: value"; secrets allowed */
  size_t n_headers;
  long timeout_ms;       /* per attempt; <= 0: RC_HTTP_DEFAULT_TIMEOUT */
  bool follow;           /* follow redirects (hop by hop) */
  long max_redirects;    /* when following */
  bool allow_other_host; /* a redirect may go to another origin (without
                            credentials) */
  bool insecure;         /* no certificate or host name verification */
  const char *ca_file;   /* CA bundle used instead of the system one */
  enum rc_http_tls min_tls;
  bool want_cert;      /* collect the peer certificate chain, its verification
                          result and the negotiated version and cipher (new
                          connection) */
  long retries;        /* extra attempts on connect errors, timeouts, 502-504 */
  long retry_delay_ms; /* first backoff; doubles each retry */
  /* TLS probes. A version probe (tls_only) lowers OpenSSL's security level
   * on our side so old versions can be offered at all; it is only ever a
   * handshake (connect_only) without verification, which sends nothing. */
  enum rc_http_tls_only tls_only; /* offer exactly this version */
  bool connect_only;              /* the handshake only, no HTTP request */
  bool ocsp; /* require a valid stapled OCSP response (a TLS error without) */
};

/* Why a request got no (usable) response. */
enum rc_http_err {
  RC_HTTP_OK,
  RC_HTTP_ERR_DNS,
  RC_HTTP_ERR_REFUSED,
  RC_HTTP_ERR_TIMEOUT,
  RC_HTTP_ERR_TLS,
  RC_HTTP_ERR_REDIRECT, /* to another origin, a bad scheme, or too many */
  RC_HTTP_ERR_PROTOCOL, /* a URL that is not http(s), a malformed reply */
  RC_HTTP_ERR_OTHER,
};

struct rc_http_header {
  char *name;
  char *value;
};

/* One response of a redirect chain. */
struct rc_http_hop {
  char *url; /* without userinfo */
  long status;
  char *location; /* absolute redirect target without userinfo, or NULL */
};

/* A certificate as the server sent it (libcurl's certinfo). Strings are
 * NULL when libcurl did not say. */
struct rc_http_cert {
  char *subject, *issuer; /* "CN = localhost" */
  char *sig_alg;          /* "sha256WithRSAEncryption", "ecdsa-with-SHA256" */
  char *key_alg;          /* "rsaEncryption", "id-ecPublicKey" */
  long rsa_bits;          /* RSA key size, 0 when not RSA or unknown */
  char *san;              /* "DNS:localhost, IP Address:127.0.0.1" */
  char *pem;              /* the certificate itself */
  bool have_dates;
  long long not_before, not_after; /* seconds since the epoch, UTC */
};

struct rc_http_resp {
  enum rc_http_err err;
  char *err_msg;            /* "connection refused", ...; NULL when err is OK */
  long status;              /* of the last hop; 0 without a response */
  struct rc_http_hop *hops; /* every response received, in order */
  size_t n_hops;
  struct rc_http_header *headers; /* of the last response */
  size_t n_headers;
  char *body; /* NUL-terminated, at most RC_HTTP_BODY_MAX bytes */
  size_t body_len;
  bool body_truncated;
  double total_ms; /* all hops of the last attempt */
  double ttfb_ms;  /* to the first byte of the last response */
  unsigned attempts;
  bool have_cert;        /* cert_days_left is known */
  double cert_days_left; /* negative once expired */
  /* With want_cert: the chain as sent, leaf first (empty when the
   * handshake failed), OpenSSL's verification result against the CA file or
   * system store (0 = trusted; -1 unknown; known also after a failed
   * handshake), and what was negotiated ("TLSv1.3", "TLS_AES_128_GCM_SHA256";
   * NULL unknown). A version probe sets tls_version when it connects. */
  struct rc_http_cert *certs;
  size_t n_certs;
  long verify_result;
  char *tls_version, *tls_cipher;
};

struct rc_http_cache;

/* Caller owns the cache; free with rc_http_cache_free(). */
struct rc_http_cache *rc_http_cache_new(void);
void rc_http_cache_free(struct rc_http_cache *c);

/* The identity of a request: equal keys are fetched once. Caller frees. */
char *rc_http_key(const struct rc_http_req *req);

/* Queues req unless an equal request is known. */
void rc_http_cache_add(struct rc_http_cache *c, const struct rc_http_req *req);
/* Runs every queued request, at most jobs (>= 1) at a time. Returns when
 * all ended; every transfer is bounded by its timeout and retries. */
void rc_http_cache_run(struct rc_http_cache *c, unsigned jobs);
/* The response to req; runs it now if it was never queued (c may then be a
 * fresh cache). Never NULL; owned by the cache. */
const struct rc_http_resp *rc_http_cache_get(struct rc_http_cache *c,
                                             const struct rc_http_req *req);
/* Number of distinct requests known (queued or done). */
size_t rc_http_cache_size(const struct rc_http_cache *c);

/* Called while rc_http_cache_run waits, at most every 100 ms: requests
 * done and known so far. For progress output; it must not touch c. */
typedef void rc_http_progress(size_t done, size_t total, void *arg);
void rc_http_cache_on_progress(struct rc_http_cache *c, rc_http_progress *fn,
                               void *arg);

/* Reachability: one request per origin stands for whether that origin
 * answers at all. `by` (a rule id, copied) claims req for its origin; the
 * first claim of an origin wins. rc_http_cache_reach returns the response
 * of the claiming request for url's origin (running it if needed) and sets
 * *by, or NULL when no request claimed that origin. */
void rc_http_cache_claim_reach(struct rc_http_cache *c,
                               const struct rc_http_req *req, const char *by);
const struct rc_http_resp *
rc_http_cache_reach(struct rc_http_cache *c, const char *url, const char **by);
/* True when r says the origin cannot be used: no connection (DNS, refused,
 * timeout, TLS handshake, reset or empty reply) or a 5xx answer. */
bool rc_http_unreachable(const struct rc_http_resp *r);

/* A response header's value (first of that name, case-insensitive), or
 * NULL. */
const char *rc_http_header(const struct rc_http_resp *r, const char *name);
/* The value of the next header named name at or after *i (which then points
 * past it), or NULL: every Set-Cookie, every Content-Security-Policy. */
const char *rc_http_header_next(const struct rc_http_resp *r, const char *name,
                                size_t *i);
/* "dns", "refused", "timeout", "tls", "redirect", "protocol", "error". */
const char *rc_http_err_name(enum rc_http_err e);

/* libcurl is not linked but opened (dlopen) on first use: by a request, an
 * origin or a URL shown without its userinfo. So a command that makes no
 * request never maps it or the libraries it needs. The first load decides
 * for the whole process. When libcurl cannot be loaded, every request
 * ends with RC_HTTP_ERR_OTHER and the reason ("cannot load libcurl: ..."),
 * rc_http_origin returns NULL and userinfo is cut from URLs by hand. */
#define RC_HTTP_LIBCURL "libcurl.so.4"

/* Loads libcurl from soname unless a load was already tried; true when it
 * is loaded, else false and *why (when given) says why. Thread-safe. */
bool rc_http_curl_load(const char *soname, const char **why);
/* libcurl's version string (loading it), or NULL and *why. */
const char *rc_http_curl_version(const char **why);
/* curl_global_cleanup when libcurl was loaded; at exit. */
void rc_http_curl_release(void);

/* "scheme://host:port" of an absolute URL as curl normalises it (lower
 * case, IPv4 spellings resolved, default port filled in), or NULL when it
 * does not parse. Caller frees. */
char *rc_http_origin(const char *url);
/* True when both URLs parse and have the same origin. */
bool rc_http_same_origin(const char *a, const char *b);
/* url without "user:password@", for messages. Caller frees. */
char *rc_http_display_url(const char *url);
/* True for a request header ("Name: value") that carries credentials:
 * Authorization, Cookie, Proxy-Authorization, and names holding auth,
 * token, secret, api-key, session or password. */
bool rc_http_credential_header(const char *header);

/* Parses an OpenSSL date as libcurl's certinfo gives it ("Jan  2 03:04:05
 * 2030 GMT"); returns 0 and sets *out (seconds since the epoch, UTC). */
int rc_http_parse_cert_date(const char *s, long long *out);

#endif
