/*
 * http.c - the libcurl adapter: a cache of requests, run concurrently on one
 * multi handle with a cap on transfers in flight. Redirects are followed
 * here hop by hop (never by libcurl) so each target is checked before it is
 * contacted. What a response means is left to the probes.
 *
 * Origins are compared as curl's URL parser normalises them (scheme, host
 * lower-cased with IPv4 spellings such as 2130706433, 0x7f000001 or 127.1
 * resolved, port with the scheme's default filled in), because comparing
 * the text let a redirect to the same address on another port keep the
 * rule's credentials. Credentials (userinfo and credential headers) are
 * sent only to the origin of the rule's own URL: curl's rule since its 2018
 * and 2022 advisories, applied here because libcurl does not follow.
 */
#include "readycheck/http.h"

#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

enum { RETRY_DELAY_MAX = 30000, HEADER_BYTES_MAX = 8192 };

enum state { QUEUED, ACTIVE, DONE };

struct entry {
  char *key;
  struct rc_http_req req; /* deep copy */
  struct rc_http_resp resp;
  enum state state;
  double ready_at; /* monotonic ms: start no earlier (backoff) */
  char *cur_url;   /* the hop being fetched, without userinfo */
  char *origin0;   /* origin of the rule's URL: credentials go only there */
  bool as_get;     /* a 301/302/303 turned the POST into a GET */
  char *user, *password; /* userinfo of the rule's URL (decoded), or NULL */
  double chain_ms;       /* time of earlier hops of this attempt */
  CURL *easy;
  struct curl_slist *hdrs;
  char errbuf[CURL_ERROR_SIZE];
};

/* A request that stands for its origin's reachability (http.h). */
struct reach {
  char *origin, *key, *by;
};

struct rc_http_cache {
  struct entry **items;
  size_t n, cap;
  struct reach *reach;
  size_t n_reach, cap_reach;
  rc_http_progress *progress;
  void *progress_arg;
};

/* ---- loading libcurl ----------------------------------------------------- */

/* libcurl is opened on first use, not linked: with its TLS, LDAP, SSH,
 * Kerberos and IDN libraries it is 28 of the 45 shared objects the binary
 * would map, and loading and relocating them cost about 4 ms of CPU at
 * every start, though most commands (list-rules, validate, an offline
 * check) never make a request. Calls go through cu, so curl.h's
 * compile-time checks of curl_easy_setopt's argument types no longer
 * apply here: the tests against real servers are what check them. */
struct curl_api {
  __typeof__(curl_easy_cleanup) *easy_cleanup;
  __typeof__(curl_easy_getinfo) *easy_getinfo;
  __typeof__(curl_easy_init) *easy_init;
  __typeof__(curl_easy_setopt) *easy_setopt;
  __typeof__(curl_easy_strerror) *easy_strerror;
  __typeof__(curl_free) *free;
  __typeof__(curl_global_cleanup) *global_cleanup;
  __typeof__(curl_global_init) *global_init;
  __typeof__(curl_multi_add_handle) *multi_add_handle;
  __typeof__(curl_multi_cleanup) *multi_cleanup;
  __typeof__(curl_multi_info_read) *multi_info_read;
  __typeof__(curl_multi_init) *multi_init;
  __typeof__(curl_multi_perform) *multi_perform;
  __typeof__(curl_multi_poll) *multi_poll;
  __typeof__(curl_multi_remove_handle) *multi_remove_handle;
  __typeof__(curl_slist_append) *slist_append;
  __typeof__(curl_slist_free_all) *slist_free_all;
  __typeof__(curl_url) *url;
  __typeof__(curl_url_cleanup) *url_cleanup;
  __typeof__(curl_url_get) *url_get;
  __typeof__(curl_url_set) *url_set;
  __typeof__(curl_version) *version;
};

static const struct {
  const char *name;
  size_t offset;
} curl_symbols[] = {
    {"curl_easy_cleanup", offsetof(struct curl_api, easy_cleanup)},
    {"curl_easy_getinfo", offsetof(struct curl_api, easy_getinfo)},
    {"curl_easy_init", offsetof(struct curl_api, easy_init)},
    {"curl_easy_setopt", offsetof(struct curl_api, easy_setopt)},
    {"curl_easy_strerror", offsetof(struct curl_api, easy_strerror)},
    {"curl_free", offsetof(struct curl_api, free)},
    {"curl_global_cleanup", offsetof(struct curl_api, global_cleanup)},
    {"curl_global_init", offsetof(struct curl_api, global_init)},
    {"curl_multi_add_handle", offsetof(struct curl_api, multi_add_handle)},
    {"curl_multi_cleanup", offsetof(struct curl_api, multi_cleanup)},
    {"curl_multi_info_read", offsetof(struct curl_api, multi_info_read)},
    {"curl_multi_init", offsetof(struct curl_api, multi_init)},
    {"curl_multi_perform", offsetof(struct curl_api, multi_perform)},
    {"curl_multi_poll", offsetof(struct curl_api, multi_poll)},
    {"curl_multi_remove_handle",
     offsetof(struct curl_api, multi_remove_handle)},
    {"curl_slist_append", offsetof(struct curl_api, slist_append)},
    {"curl_slist_free_all", offsetof(struct curl_api, slist_free_all)},
    {"curl_url", offsetof(struct curl_api, url)},
    {"curl_url_cleanup", offsetof(struct curl_api, url_cleanup)},
    {"curl_url_get", offsetof(struct curl_api, url_get)},
    {"curl_url_set", offsetof(struct curl_api, url_set)},
    {"curl_version", offsetof(struct curl_api, version)},
};

static struct curl_api cu;
static pthread_mutex_t curl_lock = PTHREAD_MUTEX_INITIALIZER;
static enum { CURL_UNTRIED, CURL_LOADED, CURL_FAILED } curl_state;
static char curl_why[512];

/* Fills cu from an opened library; false (why set) when a function is
 * missing. */
static bool bind_symbols(void *lib, const char *soname)
{
  for (size_t i = 0; i < sizeof(curl_symbols) / sizeof(curl_symbols[0]); i++) {
    void *sym = dlsym(lib, curl_symbols[i].name);
    if (!sym) {
      snprintf(curl_why, sizeof(curl_why),
               "cannot load libcurl: %s has no %s (libcurl 7.85 or later is "
               "needed)",
               soname, curl_symbols[i].name);
      return false;
    }
    /* POSIX guarantees a function's address survives the trip through
     * void *; memcpy says so without a cast ISO C leaves undefined. */
    memcpy((char *)&cu + curl_symbols[i].offset, &sym, sizeof(sym));
  }
  return true;
}

static bool open_curl(const char *soname)
{
  void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *e = dlerror();
    snprintf(curl_why, sizeof(curl_why), "cannot load libcurl: %s",
             e ? e : soname);
    return false;
  }
  if (!bind_symbols(lib, soname) || cu.global_init(CURL_GLOBAL_DEFAULT) != 0) {
    if (!curl_why[0])
      snprintf(curl_why, sizeof(curl_why),
               "cannot load libcurl: curl_global_init failed");
    /* Never dlclose: OpenSSL may have registered exit handlers. */
    return false;
  }
  return true;
}

bool rc_http_curl_load(const char *soname, const char **why)
{
  pthread_mutex_lock(&curl_lock);
  if (curl_state == CURL_UNTRIED)
    curl_state = open_curl(soname) ? CURL_LOADED : CURL_FAILED;
  bool ok = curl_state == CURL_LOADED;
  pthread_mutex_unlock(&curl_lock);
  if (why)
    *why = ok ? NULL : curl_why;
  return ok;
}

static bool have_curl(const char **why)
{
  return rc_http_curl_load(RC_HTTP_LIBCURL, why);
}

const char *rc_http_curl_version(const char **why)
{
  return have_curl(why) ? cu.version() : NULL;
}

void rc_http_curl_release(void)
{
  pthread_mutex_lock(&curl_lock);
  if (curl_state == CURL_LOADED)
    cu.global_cleanup();
  curl_state = CURL_UNTRIED;
  pthread_mutex_unlock(&curl_lock);
}

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- requests and keys ------------------------------------------------- */

static char *dup_or_null(const char *s)
{
  return s ? rc_xstrdup(s) : NULL;
}

static void copy_req(struct rc_http_req *dst, const struct rc_http_req *src)
{
  *dst = *src;
  dst->url = rc_xstrdup(src->url ? src->url : "");
  dst->body = dup_or_null(src->body);
  dst->ca_file = dup_or_null(src->ca_file);
  char **h = rc_xcalloc(src->n_headers + 1, sizeof(*h));
  for (size_t i = 0; i < src->n_headers; i++)
    h[i] = rc_xstrdup(src->headers[i]);
  dst->headers = (const char *const *)h;
}

static void free_req(struct rc_http_req *r)
{
  free((char *)r->url);
  free((char *)r->body);
  free((char *)r->ca_file);
  for (size_t i = 0; i < r->n_headers; i++)
    free((char *)r->headers[i]);
  free((void *)r->headers);
}

char *rc_http_key(const struct rc_http_req *q)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%d %ld %d %ld %d %d %d %d %ld %ld %d %d %d\n%s\n%s\n%s\n",
                (int)q->method, q->timeout_ms, q->follow, q->max_redirects,
                q->allow_other_host, q->insecure, (int)q->min_tls, q->want_cert,
                q->retries, q->retry_delay_ms, (int)q->tls_only,
                q->connect_only, q->ocsp, q->url ? q->url : "",
                q->ca_file ? q->ca_file : "", q->body ? q->body : "");
  for (size_t i = 0; i < q->n_headers; i++)
    rc_buf_printf(&b, "%s\n", q->headers[i]);
  char *out = rc_buf_detach(&b);
  rc_buf_release(&b);
  return out;
}

/* ---- origins and credentials ------------------------------------------ */

static char *lowered(const char *s)
{
  char *out = rc_xstrdup(s);
  for (char *p = out; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return out;
}

char *rc_http_origin(const char *url)
{
  if (!have_curl(NULL))
    return NULL;
  CURLU *u = cu.url();
  char *scheme = NULL, *host = NULL, *port = NULL, *out = NULL;
  if (u && cu.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
      cu.url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      cu.url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE) == CURLUE_OK &&
      cu.url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b, "%s://%s:%s", scheme, host, port);
    out = lowered(b.data);
    rc_buf_release(&b);
  }
  cu.free(scheme);
  cu.free(host);
  cu.free(port);
  cu.url_cleanup(u);
  return out;
}

bool rc_http_same_origin(const char *a, const char *b)
{
  char *oa = rc_http_origin(a), *ob = rc_http_origin(b);
  bool same = oa && ob && strcmp(oa, ob) == 0;
  free(oa);
  free(ob);
  return same;
}

/* Without libcurl nothing is fetched, but a URL may still be shown: its
 * userinfo (what lies between "://" and an '@' before the path) is cut by
 * hand so no password reaches a report. */
static char *cut_userinfo(const char *url)
{
  const char *auth = strstr(url, "://");
  if (!auth)
    return rc_xstrdup(url);
  auth += 3;
  size_t end = strcspn(auth, "/?#");
  const char *at = NULL;
  for (const char *p = auth; p < auth + end; p++)
    if (*p == '@')
      at = p;
  if (!at)
    return rc_xstrdup(url);
  char *out = rc_xstrdup(url);
  memmove(out + (auth - url), at + 1, strlen(at + 1) + 1);
  return out;
}

/* A copy of url without "user:password@" (its decoded parts go to *user and
 * *password when those are given). A URL curl cannot parse is copied as it
 * is: curl refuses it again when it is fetched. */
static char *without_userinfo(const char *url, char **user, char **password)
{
  if (!have_curl(NULL))
    return cut_userinfo(url);
  CURLU *u = cu.url();
  char *name = NULL, *pass = NULL, *clean = NULL, *out = NULL;
  if (u && cu.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
    bool has_user =
        cu.url_get(u, CURLUPART_USER, &name, CURLU_URLDECODE) == CURLUE_OK;
    bool has_pass =
        cu.url_get(u, CURLUPART_PASSWORD, &pass, CURLU_URLDECODE) == CURLUE_OK;
    if (has_user || has_pass) {
      cu.url_set(u, CURLUPART_USER, NULL, 0);
      cu.url_set(u, CURLUPART_PASSWORD, NULL, 0);
      if (cu.url_get(u, CURLUPART_URL, &clean, 0) == CURLUE_OK)
        out = rc_xstrdup(clean);
      if (user)
        *user = has_user ? rc_xstrdup(name) : NULL;
      if (password)
        *password = has_pass ? rc_xstrdup(pass) : NULL;
    }
  }
  cu.free(name);
  cu.free(pass);
  cu.free(clean);
  cu.url_cleanup(u);
  return out ? out : rc_xstrdup(url);
}

char *rc_http_display_url(const char *url)
{
  return without_userinfo(url, NULL, NULL);
}

/* Request headers that carry credentials. Authorization, Cookie and
 * Proxy-Authorization are curl's list; the rest are the usual names of API
 * keys and tokens, which no other origin may receive either. */
bool rc_http_credential_header(const char *header)
{
  static const char *const exact[] = {"authorization", "cookie",
                                      "proxy-authorization", NULL};
  static const char *const parts[] = {"auth",    "token",    "secret",
                                      "apikey",  "api-key",  "api_key",
                                      "session", "password", NULL};
  size_t n = strcspn(header, ":");
  while (n && isspace((unsigned char)header[n - 1]))
    n--;
  char *name = lowered(header);
  name[n] = '\0';
  bool hit = false;
  for (size_t i = 0; exact[i] && !hit; i++)
    hit = strcmp(name, exact[i]) == 0;
  for (size_t i = 0; parts[i] && !hit; i++)
    hit = strstr(name, parts[i]) != NULL;
  free(name);
  return hit;
}

/* ---- the cache ----------------------------------------------------------- */

struct rc_http_cache *rc_http_cache_new(void)
{
  return rc_xcalloc(1, sizeof(struct rc_http_cache));
}

static void clear_headers(struct rc_http_resp *r)
{
  for (size_t i = 0; i < r->n_headers; i++) {
    free(r->headers[i].name);
    free(r->headers[i].value);
  }
  free(r->headers);
  r->headers = NULL;
  r->n_headers = 0;
}

static void clear_hops(struct rc_http_resp *r)
{
  for (size_t i = 0; i < r->n_hops; i++) {
    free(r->hops[i].url);
    free(r->hops[i].location);
  }
  free(r->hops);
  r->hops = NULL;
  r->n_hops = 0;
}

static void clear_body(struct rc_http_resp *r)
{
  free(r->body);
  r->body = NULL;
  r->body_len = 0;
  r->body_truncated = false;
}

static void clear_tls(struct rc_http_resp *r)
{
  for (size_t i = 0; i < r->n_certs; i++) {
    struct rc_http_cert *c = &r->certs[i];
    free(c->subject);
    free(c->issuer);
    free(c->sig_alg);
    free(c->key_alg);
    free(c->san);
    free(c->pem);
  }
  free(r->certs);
  r->certs = NULL;
  r->n_certs = 0;
  free(r->tls_version);
  free(r->tls_cipher);
  r->tls_version = r->tls_cipher = NULL;
  r->verify_result = -1;
}

static void free_entry(struct entry *e)
{
  /* Both are only ever set once libcurl is loaded. */
  if (e->easy)
    cu.easy_cleanup(e->easy);
  if (e->hdrs)
    cu.slist_free_all(e->hdrs);
  clear_headers(&e->resp);
  clear_hops(&e->resp);
  clear_body(&e->resp);
  clear_tls(&e->resp);
  free(e->resp.err_msg);
  free(e->cur_url);
  free(e->origin0);
  free(e->user);
  free(e->password);
  free_req(&e->req);
  free(e->key);
  free(e);
}

void rc_http_cache_free(struct rc_http_cache *c)
{
  if (!c)
    return;
  for (size_t i = 0; i < c->n; i++)
    free_entry(c->items[i]);
  free(c->items);
  for (size_t i = 0; i < c->n_reach; i++) {
    free(c->reach[i].origin);
    free(c->reach[i].key);
    free(c->reach[i].by);
  }
  free(c->reach);
  free(c);
}

size_t rc_http_cache_size(const struct rc_http_cache *c)
{
  return c->n;
}

static struct entry *find(struct rc_http_cache *c, const char *key)
{
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->items[i]->key, key) == 0)
      return c->items[i];
  return NULL;
}

static struct entry *add(struct rc_http_cache *c, const struct rc_http_req *req,
                         char *key)
{
  struct entry *e = find(c, key);
  if (e) {
    free(key);
    return e;
  }
  e = rc_xcalloc(1, sizeof(*e));
  e->key = key;
  copy_req(&e->req, req);
  e->cur_url = without_userinfo(e->req.url, &e->user, &e->password);
  e->origin0 = rc_http_origin(e->req.url);
  e->resp.verify_result = -1;
  rc_grow((void **)&c->items, &c->cap, c->n, sizeof(*c->items));
  c->items[c->n++] = e;
  return e;
}

void rc_http_cache_add(struct rc_http_cache *c, const struct rc_http_req *req)
{
  add(c, req, rc_http_key(req));
}

/* ---- callbacks ----------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
  struct entry *e = arg;
  struct rc_http_resp *r = &e->resp;
  size_t n = size * nmemb;
  size_t room = RC_HTTP_BODY_MAX - r->body_len;
  size_t take = n < room ? n : room;
  if (!r->body)
    r->body = rc_xmalloc(RC_HTTP_BODY_MAX + 1);
  memcpy(r->body + r->body_len, data, take);
  r->body_len += take;
  r->body[r->body_len] = '\0';
  if (take < n) {
    /* Returning short aborts the transfer: an endless body ends here. */
    r->body_truncated = true;
    return take;
  }
  return n;
}

static char *trimmed(const char *s, size_t len)
{
  while (len && isspace((unsigned char)*s)) {
    s++;
    len--;
  }
  while (len && isspace((unsigned char)s[len - 1]))
    len--;
  return rc_xstrndup(s, len);
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
  struct entry *e = arg;
  struct rc_http_resp *r = &e->resp;
  size_t n = size * nmemb;
  if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
    clear_headers(r); /* a new response (1xx, or the next hop) */
    return n;
  }
  const char *colon = memchr(data, ':', n);
  if (!colon || n > HEADER_BYTES_MAX || r->n_headers >= RC_HTTP_HEADERS_MAX)
    return n;
  r->headers =
      rc_xrealloc(r->headers, (r->n_headers + 1) * sizeof(*r->headers));
  struct rc_http_header *h = &r->headers[r->n_headers++];
  h->name = trimmed(data, (size_t)(colon - data));
  h->value = trimmed(colon + 1, n - (size_t)(colon + 1 - data));
  return n;
}

/* libcurl says what a handshake negotiated only in its verbose text:
 * "SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384". Nothing else
 * of the verbose stream is kept or shown. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t n,
                    void *arg)
{
  (void)h;
  struct entry *e = arg;
  static const char lead[] = "SSL connection using ";
  size_t ll = sizeof(lead) - 1;
  if (type != CURLINFO_TEXT || n <= ll || strncmp(data, lead, ll) != 0 ||
      e->resp.tls_version)
    return 0;
  const char *v = data + ll, *end = data + n;
  const char *sep = memchr(v, '/', (size_t)(end - v));
  if (!sep)
    return 0;
  e->resp.tls_version = trimmed(v, (size_t)(sep - v));
  e->resp.tls_cipher = trimmed(sep + 1, (size_t)(end - sep - 1));
  return 0;
}

/* ---- one transfer -------------------------------------------------------- */

static void set_tls_only(CURL *h, enum rc_http_tls_only v)
{
  static const long versions[] = {
      0,
      CURL_SSLVERSION_TLSv1_0 | CURL_SSLVERSION_MAX_TLSv1_0,
      CURL_SSLVERSION_TLSv1_1 | CURL_SSLVERSION_MAX_TLSv1_1,
      CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2,
      CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_3,
  };
  cu.easy_setopt(h, CURLOPT_SSLVERSION, versions[v]);
  /* OpenSSL 3 at its default security level refuses to even offer TLS 1.0
   * and 1.1 (their handshake signatures use SHA-1); level 0 lets the probe
   * ask, so the answer is the server's, not our client's. */
  cu.easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
}

static void set_tls(CURL *h, struct entry *e)
{
  const struct rc_http_req *q = &e->req;
  cu.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, q->insecure ? 0L : 1L);
  cu.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, q->insecure ? 0L : 2L);
  if (q->ca_file)
    cu.easy_setopt(h, CURLOPT_CAINFO, q->ca_file);
  if (q->tls_only != RC_HTTP_ONLY_NONE && q->tls_only <= RC_HTTP_ONLY_13)
    set_tls_only(h, q->tls_only);
  else if (q->min_tls == RC_HTTP_TLS_12)
    cu.easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
  else if (q->min_tls == RC_HTTP_TLS_13)
    cu.easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_3);
  if (q->ocsp)
    cu.easy_setopt(h, CURLOPT_SSL_VERIFYSTATUS, 1L);
  if (q->want_cert || q->tls_only != RC_HTTP_ONLY_NONE) {
    cu.easy_setopt(h, CURLOPT_VERBOSE, 1L);
    cu.easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
    cu.easy_setopt(h, CURLOPT_DEBUGDATA, e);
  }
  if (q->want_cert) {
    /* Certificate details exist only for a new connection. */
    cu.easy_setopt(h, CURLOPT_CERTINFO, 1L);
    cu.easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  }
  if (q->connect_only || q->tls_only != RC_HTTP_ONLY_NONE) {
    cu.easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    cu.easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  }
  if (q->connect_only)
    cu.easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
}

static CURL *make_easy(struct entry *e)
{
  const struct rc_http_req *q = &e->req;
  long timeout = q->timeout_ms > 0 ? q->timeout_ms : RC_HTTP_DEFAULT_TIMEOUT;
  CURL *h = cu.easy_init();
  if (!h)
    return NULL;
  e->errbuf[0] = '\0';
  cu.easy_setopt(h, CURLOPT_URL, e->cur_url);
  cu.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  cu.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  cu.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  cu.easy_setopt(h, CURLOPT_MAXREDIRS, 0L);
  cu.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  cu.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
  cu.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout);
  cu.easy_setopt(h, CURLOPT_USERAGENT, "readycheck");
  cu.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  cu.easy_setopt(h, CURLOPT_ERRORBUFFER, e->errbuf);
  cu.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  cu.easy_setopt(h, CURLOPT_WRITEDATA, e);
  cu.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  cu.easy_setopt(h, CURLOPT_HEADERDATA, e);
  cu.easy_setopt(h, CURLOPT_PRIVATE, e);
  if (q->method == RC_HTTP_HEAD)
    cu.easy_setopt(h, CURLOPT_NOBODY, 1L);
  if (q->method == RC_HTTP_OPTIONS)
    cu.easy_setopt(h, CURLOPT_CUSTOMREQUEST, "OPTIONS");
  if (q->method == RC_HTTP_POST && !e->as_get) {
    const char *body = q->body ? q->body : "";
    cu.easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    cu.easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
  }
  /* Credentials only for the rule's own origin: a hop elsewhere gets
   * neither the userinfo nor a credential header. */
  bool creds = e->origin0 && rc_http_same_origin(e->cur_url, e->req.url);
  cu.slist_free_all(e->hdrs);
  e->hdrs = NULL;
  for (size_t i = 0; i < q->n_headers; i++)
    if (creds || !rc_http_credential_header(q->headers[i]))
      e->hdrs = cu.slist_append(e->hdrs, q->headers[i]);
  if (e->hdrs)
    cu.easy_setopt(h, CURLOPT_HTTPHEADER, e->hdrs);
  if (creds && e->user)
    cu.easy_setopt(h, CURLOPT_USERNAME, e->user);
  if (creds && e->password)
    cu.easy_setopt(h, CURLOPT_PASSWORD, e->password);
  set_tls(h, e);
  return h;
}

static enum rc_http_err classify(CURLcode rc)
{
  switch (rc) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    return RC_HTTP_ERR_DNS;
  case CURLE_COULDNT_CONNECT:
    return RC_HTTP_ERR_REFUSED;
  case CURLE_OPERATION_TIMEDOUT:
    return RC_HTTP_ERR_TIMEOUT;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_USE_SSL_FAILED:
    return RC_HTTP_ERR_TLS;
  case CURLE_UNSUPPORTED_PROTOCOL:
  case CURLE_URL_MALFORMAT:
  case CURLE_WEIRD_SERVER_REPLY:
    return RC_HTTP_ERR_PROTOCOL;
  default:
    return RC_HTTP_ERR_OTHER;
  }
}

static bool retryable(CURLcode rc)
{
  return rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT ||
         rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR ||
         rc == CURLE_SEND_ERROR;
}

static void set_err(struct entry *e, enum rc_http_err err, const char *msg)
{
  free(e->resp.err_msg);
  e->resp.err = err;
  e->resp.err_msg = rc_xstrdup(msg);
}

static void restart_attempt(struct entry *e, double delay_ms)
{
  clear_hops(&e->resp);
  clear_headers(&e->resp);
  clear_body(&e->resp);
  clear_tls(&e->resp);
  e->resp.have_cert = false;
  free(e->resp.err_msg);
  e->resp.err_msg = NULL;
  e->resp.err = RC_HTTP_OK;
  e->resp.status = 0;
  e->chain_ms = 0;
  free(e->cur_url);
  e->cur_url = without_userinfo(e->req.url, NULL, NULL);
  e->as_get = false;
  e->state = QUEUED;
  e->ready_at = now_ms() + delay_ms;
}

static double backoff(const struct entry *e)
{
  double d = (double)(e->req.retry_delay_ms > 0 ? e->req.retry_delay_ms : 0);
  for (unsigned i = 1; i < e->resp.attempts && d < RETRY_DELAY_MAX; i++)
    d *= 2;
  return d < RETRY_DELAY_MAX ? d : RETRY_DELAY_MAX;
}

static bool may_retry(const struct entry *e)
{
  return (long)e->resp.attempts <= e->req.retries;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long long)doe - 719468;
}

int rc_http_parse_cert_date(const char *s, long long *out)
{
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};
  char mon[4];
  unsigned day, hh, mm, ss;
  long long year;
  if (sscanf(s, " %3s %u %u:%u:%u %lld", mon, &day, &hh, &mm, &ss, &year) != 6)
    return -1;
  for (unsigned i = 0; i < 12; i++) {
    if (strcmp(mon, months[i]) != 0)
      continue;
    if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
      return -1;
    *out = days_from_civil(year, i + 1, day) * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
  }
  return -1;
}

/* The value of a certinfo line "Name:value" when it is field, else NULL. */
static const char *cert_field(const char *line, const char *field)
{
  size_t n = strlen(field);
  return strncmp(line, field, n) == 0 && line[n] == ':' ? line + n + 1 : NULL;
}

static void read_one_cert(struct rc_http_cert *c, const struct curl_slist *s)
{
  long long when;
  for (; s; s = s->next) {
    const char *v;
    if ((v = cert_field(s->data, "Subject")) && !c->subject)
      c->subject = rc_xstrdup(v);
    else if ((v = cert_field(s->data, "Issuer")) && !c->issuer)
      c->issuer = rc_xstrdup(v);
    else if ((v = cert_field(s->data, "Signature Algorithm")) && !c->sig_alg)
      c->sig_alg = rc_xstrdup(v);
    else if ((v = cert_field(s->data, "Public Key Algorithm")) && !c->key_alg)
      c->key_alg = rc_xstrdup(v);
    else if ((v = cert_field(s->data, "RSA Public Key")))
      c->rsa_bits = atol(v);
    else if ((v = cert_field(s->data, "X509v3 Subject Alternative Name")) &&
             !c->san)
      c->san = rc_xstrdup(v);
    else if ((v = cert_field(s->data, "Cert")) && !c->pem)
      c->pem = rc_xstrdup(v);
    else if ((v = cert_field(s->data, "Start date")) &&
             rc_http_parse_cert_date(v, &when) == 0)
      c->not_before = when;
    else if ((v = cert_field(s->data, "Expire date")) &&
             rc_http_parse_cert_date(v, &when) == 0) {
      c->not_after = when;
      c->have_dates = true;
    }
  }
}

static void read_cert(struct entry *e, CURL *h)
{
  struct curl_certinfo *ci = NULL;
  long verify = -1;
  struct rc_http_resp *r = &e->resp;
  if (cu.easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &verify) == CURLE_OK)
    r->verify_result = verify;
  if (cu.easy_getinfo(h, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci ||
      ci->num_of_certs < 1 || r->n_certs)
    return;
  size_t n = (size_t)ci->num_of_certs;
  r->certs = rc_xcalloc(n, sizeof(*r->certs));
  r->n_certs = n;
  for (size_t i = 0; i < n; i++)
    read_one_cert(&r->certs[i], ci->certinfo[i]);
  if (r->certs[0].have_dates) {
    r->have_cert = true;
    r->cert_days_left =
        (double)(r->certs[0].not_after - (long long)time(NULL)) / 86400.0;
  }
}

static bool http_scheme(const char *url)
{
  return strncasecmp(url, "http://", 7) == 0 ||
         strncasecmp(url, "https://", 8) == 0;
}

/* Decides whether to take the next hop; false when the chain ends here.
 * The target is compared with the hop that sent it, not the first URL, so
 * a chain cannot wander off one allowed step at a time. */
static bool next_hop(struct entry *e, const char *location)
{
  char msg[512];
  if (!e->req.follow || !location)
    return false;
  if (!http_scheme(location)) {
    snprintf(msg, sizeof(msg),
             "redirect to '%.300s' refused: only http and https are followed",
             location);
    set_err(e, RC_HTTP_ERR_REDIRECT, msg);
    return false;
  }
  if ((long)e->resp.n_hops > e->req.max_redirects) {
    snprintf(msg, sizeof(msg), "more than %ld redirects", e->req.max_redirects);
    set_err(e, RC_HTTP_ERR_REDIRECT, msg);
    return false;
  }
  if (!e->req.allow_other_host && !rc_http_same_origin(location, e->cur_url)) {
    snprintf(msg, sizeof(msg), "redirect to another origin refused: %.400s",
             location);
    set_err(e, RC_HTTP_ERR_REDIRECT, msg);
    return false;
  }
  /* As curl and browsers do, 301/302/303 turn a POST into a GET without
   * its body; 307/308 would send the body again, which may hold
   * credentials, so only within the rule's own origin. */
  long status = e->resp.hops[e->resp.n_hops - 1].status;
  if (e->req.method == RC_HTTP_POST && (status == 307 || status == 308) &&
      !e->as_get && !rc_http_same_origin(location, e->req.url)) {
    snprintf(msg, sizeof(msg),
             "redirect to another origin refused: %.400s (a %ld would send "
             "the request body there)",
             location, status);
    set_err(e, RC_HTTP_ERR_REDIRECT, msg);
    return false;
  }
  if (status == 301 || status == 302 || status == 303)
    e->as_get = true;
  free(e->cur_url);
  e->cur_url = without_userinfo(location, NULL, NULL);
  clear_body(&e->resp);
  e->state = QUEUED;
  e->ready_at = 0;
  return true;
}

static void record_hop(struct entry *e, CURL *h, long status)
{
  char *loc = NULL;
  cu.easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
  struct rc_http_resp *r = &e->resp;
  r->hops = rc_xrealloc(r->hops, (r->n_hops + 1) * sizeof(*r->hops));
  struct rc_http_hop *hop = &r->hops[r->n_hops++];
  hop->url = rc_xstrdup(e->cur_url);
  hop->status = status;
  /* A Location's own userinfo is never used (next_hop drops it): keep it
   * out of what reports can show. */
  hop->location = status >= 300 && status < 400 && loc
                      ? without_userinfo(loc, NULL, NULL)
                      : NULL;
}

static void finish(struct entry *e, CURL *h, CURLcode rc)
{
  struct rc_http_resp *r = &e->resp;
  curl_off_t total = 0, ttfb = 0;
  long status = 0;
  cu.easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total);
  cu.easy_getinfo(h, CURLINFO_STARTTRANSFER_TIME_T, &ttfb);
  cu.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  r->ttfb_ms = e->chain_ms + (double)ttfb / 1000.0;
  e->chain_ms += (double)total / 1000.0;
  r->total_ms = e->chain_ms;
  if (e->req.want_cert)
    read_cert(e, h);
  bool got = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && r->body_truncated);
  if (!got) {
    if (retryable(rc) && may_retry(e)) {
      restart_attempt(e, backoff(e));
      return;
    }
    set_err(e, classify(rc), e->errbuf[0] ? e->errbuf : cu.easy_strerror(rc));
    e->state = DONE;
    return;
  }
  r->status = status;
  record_hop(e, h, status);
  if ((status == 502 || status == 503 || status == 504) && may_retry(e)) {
    restart_attempt(e, backoff(e));
    return;
  }
  if (!next_hop(e, r->hops[r->n_hops - 1].location))
    e->state = DONE;
}

/* ---- the loop ------------------------------------------------------------ */

static bool start(CURLM *m, struct entry *e)
{
  if (e->resp.n_hops == 0)
    e->resp.attempts++;
  e->easy = make_easy(e);
  if (!e->easy || cu.multi_add_handle(m, e->easy) != CURLM_OK) {
    set_err(e, RC_HTTP_ERR_OTHER, "cannot start the transfer");
    e->state = DONE;
    return false;
  }
  e->state = ACTIVE;
  return true;
}

static void drain(CURLM *m, unsigned *active)
{
  CURLMsg *msg;
  int left;
  while ((msg = cu.multi_info_read(m, &left))) {
    if (msg->msg != CURLMSG_DONE)
      continue;
    CURL *h = msg->easy_handle;
    CURLcode rc = msg->data.result;
    char *priv = NULL;
    cu.easy_getinfo(h, CURLINFO_PRIVATE, &priv);
    struct entry *e = (struct entry *)(void *)priv;
    cu.multi_remove_handle(m, h);
    finish(e, h, rc);
    cu.easy_cleanup(h);
    e->easy = NULL;
    (*active)--;
  }
}

/* Starts what may start; returns ms until the next backoff ends (or -1). */
static double fill(CURLM *m, struct rc_http_cache *c, unsigned jobs,
                   unsigned *active, size_t *pending)
{
  double now = now_ms(), next = -1;
  *pending = 0;
  for (size_t i = 0; i < c->n; i++) {
    struct entry *e = c->items[i];
    if (e->state != QUEUED)
      continue;
    (*pending)++;
    if (e->ready_at > now) {
      double wait = e->ready_at - now;
      if (next < 0 || wait < next)
        next = wait;
      continue;
    }
    if (*active < jobs && start(m, e))
      (*active)++;
  }
  return next;
}

static size_t count_done(const struct rc_http_cache *c)
{
  size_t n = 0;
  for (size_t i = 0; i < c->n; i++)
    n += c->items[i]->state == DONE;
  return n;
}

static void report_progress(struct rc_http_cache *c, double *last)
{
  double now = now_ms();
  if (!c->progress || now - *last < 100)
    return;
  *last = now;
  c->progress(count_done(c), c->n, c->progress_arg);
}

void rc_http_cache_on_progress(struct rc_http_cache *c, rc_http_progress *fn,
                               void *arg)
{
  c->progress = fn;
  c->progress_arg = arg;
}

/* Without libcurl every queued request ends with the reason, so its check
 * is an error rather than a pass. */
static void fail_all(struct rc_http_cache *c, const char *why)
{
  for (size_t i = 0; i < c->n; i++) {
    struct entry *e = c->items[i];
    if (e->state == DONE)
      continue;
    set_err(e, RC_HTTP_ERR_OTHER, why);
    e->state = DONE;
  }
  if (c->progress)
    c->progress(count_done(c), c->n, c->progress_arg);
}

void rc_http_cache_run(struct rc_http_cache *c, unsigned jobs)
{
  const char *why;
  if (!have_curl(&why)) {
    fail_all(c, why);
    return;
  }
  CURLM *m = cu.multi_init();
  unsigned active = 0;
  size_t pending = 0;
  double last = now_ms();
  if (jobs < 1)
    jobs = 1;
  for (;;) {
    double next = fill(m, c, jobs, &active, &pending);
    if (active == 0 && pending == 0)
      break;
    report_progress(c, &last);
    int running = 0;
    cu.multi_perform(m, &running);
    drain(m, &active);
    int wait = next >= 0 && next < 1000 ? (int)next + 1 : 1000;
    if (active > 0)
      cu.multi_poll(m, NULL, 0, wait, NULL);
    else if (next > 0) {
      struct timespec ts = {wait / 1000, (long)(wait % 1000) * 1000000L};
      nanosleep(&ts, NULL);
    }
  }
  cu.multi_cleanup(m);
  if (c->progress)
    c->progress(count_done(c), c->n, c->progress_arg);
}

const struct rc_http_resp *rc_http_cache_get(struct rc_http_cache *c,
                                             const struct rc_http_req *req)
{
  struct entry *e = add(c, req, rc_http_key(req));
  if (e->state != DONE)
    rc_http_cache_run(c, RC_HTTP_DEFAULT_JOBS);
  return &e->resp;
}

const char *rc_http_header(const struct rc_http_resp *r, const char *name)
{
  for (size_t i = 0; i < r->n_headers; i++)
    if (strcasecmp(r->headers[i].name, name) == 0)
      return r->headers[i].value;
  return NULL;
}

const char *rc_http_header_next(const struct rc_http_resp *r, const char *name,
                                size_t *i)
{
  for (; *i < r->n_headers; (*i)++)
    if (strcasecmp(r->headers[*i].name, name) == 0)
      return r->headers[(*i)++].value;
  return NULL;
}

void rc_http_cache_claim_reach(struct rc_http_cache *c,
                               const struct rc_http_req *req, const char *by)
{
  char *origin = rc_http_origin(req->url ? req->url : "");
  if (!origin)
    return;
  for (size_t i = 0; i < c->n_reach; i++)
    if (strcmp(c->reach[i].origin, origin) == 0) {
      free(origin);
      return;
    }
  rc_grow((void **)&c->reach, &c->cap_reach, c->n_reach, sizeof(*c->reach));
  struct reach *r = &c->reach[c->n_reach++];
  r->origin = origin;
  r->key = rc_http_key(req);
  r->by = rc_xstrdup(by ? by : "");
  add(c, req, rc_xstrdup(r->key));
}

const struct rc_http_resp *rc_http_cache_reach(struct rc_http_cache *c,
                                               const char *url, const char **by)
{
  char *origin = rc_http_origin(url);
  const struct rc_http_resp *out = NULL;
  for (size_t i = 0; origin && i < c->n_reach && !out; i++) {
    if (strcmp(c->reach[i].origin, origin) != 0)
      continue;
    struct entry *e = find(c, c->reach[i].key);
    if (e && e->state != DONE)
      rc_http_cache_run(c, RC_HTTP_DEFAULT_JOBS);
    out = e ? &e->resp : NULL;
    if (out && by)
      *by = c->reach[i].by;
  }
  free(origin);
  return out;
}

bool rc_http_unreachable(const struct rc_http_resp *r)
{
  switch (r->err) {
  case RC_HTTP_ERR_DNS:
  case RC_HTTP_ERR_REFUSED:
  case RC_HTTP_ERR_TIMEOUT:
  case RC_HTTP_ERR_TLS:
  case RC_HTTP_ERR_OTHER: /* reset, empty reply: no usable connection */
    return true;
  case RC_HTTP_OK:
    return r->status >= 500 && r->status <= 599;
  default:
    return false;
  }
}

const char *rc_http_err_name(enum rc_http_err e)
{
  static const char *const names[] = {"ok",  "dns",      "refused",  "timeout",
                                      "tls", "redirect", "protocol", "error"};
  return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "error";
}
