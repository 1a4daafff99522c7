/*
 * observatory.c - Mozilla HTTP Observatory's ten header tests and its
 * score, rewritten from the published table and the analyzer's behaviour
 * (observatory.h says which version). Each test keeps the analyzer's order
 * of checks, because the first failing check decides the result.
 */
#include "readycheck/observatory.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/http.h"
#include "readycheck/mem.h"

enum { SIX_MONTHS = 15552000, SEEN_MAX = 300 };

/* ---- the score table ----------------------------------------------------- */

struct expect {
  const char *id;
  int modifier;
  const char *text;
};

static const struct expect table[] = {
    {"csp-implemented-with-no-unsafe-default-src-none", 10,
     "CSP implemented with default-src 'none' and without 'unsafe-inline' or "
     "'unsafe-eval'"},
    {"csp-implemented-with-no-unsafe", 5,
     "CSP implemented without 'unsafe-inline' or 'unsafe-eval'"},
    {"csp-implemented-with-unsafe-inline-in-style-src-only", 0,
     "CSP implemented with unsafe sources inside style-src ('unsafe-inline', "
     "data: or overly broad sources)"},
    {"csp-implemented-but-duplicate-directives", 0,
     "CSP implemented, but report-uri or report-to is set more than once"},
    {"csp-implemented-with-insecure-scheme-in-passive-content-only", -10,
     "CSP implemented, but a secure site allows images or media over http"},
    {"csp-implemented-with-unsafe-eval", -10,
     "CSP implemented, but allows 'unsafe-eval'"},
    {"csp-implemented-with-unsafe-inline", -20,
     "CSP implemented unsafely: 'unsafe-inline' or data: in script-src, "
     "overly broad sources in script-src or object-src, or those not "
     "restricted"},
    {"csp-implemented-with-insecure-scheme", -20,
     "CSP implemented, but a secure site allows resources over http"},
    {"csp-header-invalid", -25, "CSP header cannot be parsed successfully"},
    {"csp-not-implemented", -25, "CSP header not implemented"},
    {"csp-not-implemented-but-reporting-enabled", -25,
     "CSP not implemented, only Content-Security-Policy-Report-Only"},
    {"cookies-secure-with-httponly-sessions-and-samesite", 5,
     "All cookies use Secure, session cookies use HttpOnly, and SameSite is "
     "set"},
    {"cookies-secure-with-httponly-sessions", 0,
     "All cookies use Secure and session cookies use HttpOnly"},
    {"cookies-not-found", 0, "No cookies detected"},
    {"cookies-without-secure-flag-but-protected-by-hsts", -5,
     "Cookies set without Secure, but HSTS prevents transmission over http"},
    {"cookies-session-without-secure-flag-but-protected-by-hsts", -10,
     "Session cookie set without Secure, but HSTS prevents transmission over "
     "http"},
    {"cookies-without-secure-flag", -20,
     "Cookies set without the Secure flag or set over http"},
    {"cookies-samesite-flag-invalid", -20,
     "Cookies use SameSite, but set to something other than Strict or Lax"},
    {"cookies-anticsrf-without-samesite-flag", -20,
     "Anti-CSRF tokens set without the SameSite flag"},
    {"cookies-session-without-httponly-flag", -30,
     "Session cookie set without HttpOnly"},
    {"cookies-session-without-secure-flag", -40,
     "Session cookie set without Secure or set over http"},
    {"cross-origin-resource-sharing-not-implemented", 0,
     "Content is not visible via CORS"},
    {"cross-origin-resource-sharing-implemented-with-public-access", 0,
     "Public content is visible via CORS (Access-Control-Allow-Origin: *)"},
    {"cross-origin-resource-sharing-implemented-with-restricted-access", 0,
     "Content is visible via CORS, restricted to specific origins"},
    {"cross-origin-resource-sharing-implemented-with-universal-access", -50,
     "Content is visible via CORS to any origin, with credentials"},
    {"redirection-to-https", 0,
     "Initial redirection is to https on the same host, final destination is "
     "https"},
    {"redirection-not-needed-no-http", 0,
     "Not able to connect via http, so no redirection necessary"},
    {"redirection-off-host-from-http", -5,
     "Initial redirection from http to https is to a different host, "
     "preventing HSTS"},
    {"redirection-not-to-https-on-initial-redirection", -10,
     "Redirects to https eventually, but initial redirection is to another "
     "http URL"},
    {"redirection-not-to-https", -20,
     "Redirects, but final destination is not an https URL"},
    {"redirection-missing", -20, "Does not redirect to an https site"},
    {"redirection-invalid-cert", -20,
     "Invalid certificate chain encountered during redirection"},
    {"redirection-not-tested", 0,
     "Not tested: no plain http URL to start from (set http_url)"},
    {"referrer-policy-private", 5,
     "Referrer-Policy set to no-referrer, same-origin, strict-origin or "
     "strict-origin-when-cross-origin"},
    {"referrer-policy-not-implemented", 0, "Referrer-Policy not implemented"},
    {"referrer-policy-unsafe", -5,
     "Referrer-Policy set unsafely to origin, origin-when-cross-origin, "
     "unsafe-url or no-referrer-when-downgrade"},
    {"referrer-policy-header-invalid", -5,
     "Referrer-Policy cannot be recognized"},
    {"hsts-implemented-max-age-at-least-six-months", 0,
     "Strict-Transport-Security set to at least six months (15552000)"},
    {"hsts-implemented-max-age-less-than-six-months", -10,
     "Strict-Transport-Security set to less than six months (15552000)"},
    {"hsts-not-implemented", -20, "Strict-Transport-Security not implemented"},
    {"hsts-header-invalid", -20,
     "Strict-Transport-Security cannot be recognized"},
    {"hsts-not-implemented-no-https", -20,
     "Strict-Transport-Security cannot be set for sites not available over "
     "https"},
    {"sri-implemented-and-all-scripts-loaded-securely", 5,
     "Subresource Integrity implemented and all scripts loaded from a "
     "similar origin"},
    {"sri-implemented-and-external-scripts-loaded-securely", 5,
     "Subresource Integrity implemented and all scripts loaded securely"},
    {"sri-not-implemented-response-not-html", 0,
     "Subresource Integrity is only needed for HTML"},
    {"sri-not-implemented-but-no-scripts-loaded", 0,
     "Subresource Integrity not needed: no script tags"},
    {"sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0,
     "Subresource Integrity not implemented, but all scripts come from a "
     "similar origin"},
    {"sri-not-implemented-but-external-scripts-loaded-securely", -5,
     "Subresource Integrity not implemented, but all external scripts load "
     "over https"},
    {"sri-implemented-but-external-scripts-not-loaded-securely", -20,
     "Subresource Integrity implemented, but external scripts load over http "
     "or protocol-relative URLs"},
    {"sri-not-implemented-and-external-scripts-not-loaded-securely", -50,
     "Subresource Integrity not implemented, and external scripts load over "
     "http or protocol-relative URLs"},
    {"x-content-type-options-nosniff", 0, "X-Content-Type-Options: nosniff"},
    {"x-content-type-options-not-implemented", -5,
     "X-Content-Type-Options not implemented"},
    {"x-content-type-options-header-invalid", -5,
     "X-Content-Type-Options cannot be recognized"},
    {"x-frame-options-implemented-via-csp", 5,
     "X-Frame-Options implemented via the CSP frame-ancestors directive"},
    {"x-frame-options-sameorigin-or-deny", 5,
     "X-Frame-Options set to SAMEORIGIN or DENY"},
    {"x-frame-options-allow-from-origin", 0,
     "X-Frame-Options uses ALLOW-FROM uri"},
    {"x-frame-options-not-implemented", -20, "X-Frame-Options not implemented"},
    {"x-frame-options-header-invalid", -20,
     "X-Frame-Options cannot be recognized"},
    {"cross-origin-resource-policy-not-implemented", 0,
     "Cross-Origin-Resource-Policy not implemented (defaults to cross-origin)"},
    {"cross-origin-resource-policy-implemented-with-same-origin", 10,
     "Cross-Origin-Resource-Policy prevents leaks into cross-origin contexts"},
    {"cross-origin-resource-policy-implemented-with-same-site", 10,
     "Cross-Origin-Resource-Policy prevents leaks into cross-site contexts"},
    {"cross-origin-resource-policy-implemented-with-cross-origin", 0,
     "Cross-Origin-Resource-Policy allows cross-origin sharing"},
    {"cross-origin-resource-policy-header-invalid", -5,
     "Cross-Origin-Resource-Policy cannot be recognized"},
};

static const char *const test_names[RC_OBS_NTESTS] = {
    "content-security-policy",
    "cookies",
    "cross-origin-resource-sharing",
    "redirection",
    "referrer-policy",
    "strict-transport-security",
    "subresource-integrity",
    "x-content-type-options",
    "x-frame-options",
    "cross-origin-resource-policy",
};

static const struct expect *expectation(const char *id)
{
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
    if (strcmp(table[i].id, id) == 0)
      return &table[i];
  abort(); /* a result missing from the table is a bug here */
}

/* Of two results, the one later in order (worse), as the analyzer's
 * onlyIfWorse does; NULL is no result yet. */
static const char *worse(const char *now, const char *cand,
                         const char *const *order)
{
  if (!now)
    return cand;
  int in = -1, ic = -1;
  for (int i = 0; order[i]; i++) {
    if (strcmp(order[i], now) == 0)
      in = i;
    if (strcmp(order[i], cand) == 0)
      ic = i;
  }
  return ic > in ? cand : now;
}

/* ---- small string helpers ------------------------------------------------ */

static char *lower_dup(struct rc_arena *a, const char *s, size_t n)
{
  char *out = rc_arena_strndup(a, s, n);
  for (char *p = out; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return out;
}

static char *trim_dup(struct rc_arena *a, const char *s, size_t n, bool lower)
{
  while (n && isspace((unsigned char)*s)) {
    s++;
    n--;
  }
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  return lower ? lower_dup(a, s, n) : rc_arena_strndup(a, s, n);
}

static bool starts_with(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Case-insensitive strstr (strcasestr is a GNU extension). */
static const char *find_ci(const char *s, const char *needle)
{
  size_t n = strlen(needle);
  for (; *s; s++)
    if (strncasecmp(s, needle, n) == 0)
      return s;
  return NULL;
}

/* Every value of header name, joined with ", " (NULL when absent). */
static const char *joined(struct rc_arena *a, const struct rc_http_resp *r,
                          const char *name)
{
  struct rc_buf b;
  size_t i = 0;
  const char *v;
  rc_buf_init(&b);
  while (r && (v = rc_http_header_next(r, name, &i)))
    rc_buf_printf(&b, "%s%s", b.len ? ", " : "", v);
  const char *out = b.len ? rc_arena_strdup(a, b.data) : NULL;
  rc_buf_release(&b);
  return out;
}

/* "Name: value" cut to SEEN_MAX bytes for evidence. */
static const char *seen(struct rc_arena *a, const char *name, const char *v)
{
  if (!v)
    return NULL;
  size_t n = strlen(v);
  return rc_arena_printf(a, "%s: %.*s%s", name,
                         (int)(n > SEEN_MAX ? SEEN_MAX : n), v,
                         n > SEEN_MAX ? "..." : "");
}

static bool is_https(const char *url)
{
  return url && strncasecmp(url, "https://", 8) == 0;
}

/* ---- HTML: script and meta tags --------------------------------------------
 */

struct tag {
  char name[8];
  const char *attr[8][2]; /* name, value (lower-case names) */
  size_t n;
};

/* Decodes the entities attribute values commonly hold. */
static char *decode(struct rc_arena *a, const char *s, size_t n)
{
  static const char *const ent[][2] = {{"&amp;", "&"}, {"&quot;", "\""},
                                       {"&#39;", "'"}, {"&#x27;", "'"},
                                       {"&lt;", "<"},  {"&gt;", ">"}};
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n;) {
    size_t k = 0;
    for (; k < sizeof(ent) / sizeof(ent[0]); k++) {
      size_t l = strlen(ent[k][0]);
      if (i + l <= n && strncasecmp(s + i, ent[k][0], l) == 0) {
        rc_buf_puts(&b, ent[k][1]);
        i += l;
        break;
      }
    }
    if (k == sizeof(ent) / sizeof(ent[0]))
      rc_buf_putc(&b, s[i++]);
  }
  char *out = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

/* Reads the attributes of a tag from p (after its name) up to '>'; returns
 * the position after it. */
static const char *read_attrs(struct rc_arena *a, const char *p, struct tag *t)
{
  while (*p && *p != '>') {
    while (*p && (isspace((unsigned char)*p) || *p == '/'))
      p++;
    const char *name = p;
    while (*p && !isspace((unsigned char)*p) && *p != '=' && *p != '>' &&
           *p != '/')
      p++;
    size_t nl = (size_t)(p - name);
    const char *val = "";
    while (isspace((unsigned char)*p))
      p++;
    if (*p == '=') {
      p++;
      while (isspace((unsigned char)*p))
        p++;
      const char *v = p;
      if (*p == '"' || *p == '\'') {
        char q = *p++;
        v = p;
        while (*p && *p != q)
          p++;
        val = decode(a, v, (size_t)(p - v));
        if (*p)
          p++;
      } else {
        while (*p && !isspace((unsigned char)*p) && *p != '>')
          p++;
        val = decode(a, v, (size_t)(p - v));
      }
    }
    if (nl && t->n < 8) {
      t->attr[t->n][0] = lower_dup(a, name, nl);
      t->attr[t->n++][1] = val;
    }
  }
  return *p ? p + 1 : p;
}

static const char *attr(const struct tag *t, const char *name)
{
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->attr[i][0], name) == 0)
      return t->attr[i][1];
  return NULL;
}

/* Calls fn for every <script> and <meta> start tag of html; the contents of
 * script and style elements and comments are skipped, as a parser does. */
static void each_tag(struct rc_arena *a, const char *html,
                     void (*fn)(const struct tag *t, void *arg), void *arg)
{
  const char *p = html;
  while (p && (p = strchr(p, '<'))) {
    if (strncmp(p, "<!--", 4) == 0) {
      const char *end = strstr(p + 4, "-->");
      p = end ? end + 3 : NULL;
      continue;
    }
    p++;
    size_t n = 0;
    while (isalnum((unsigned char)p[n]))
      n++;
    if (n == 0 || n >= sizeof(((struct tag *)0)->name)) {
      continue;
    }
    struct tag t = {0};
    for (size_t i = 0; i < n; i++)
      t.name[i] = (char)tolower((unsigned char)p[i]);
    p = read_attrs(a, p + n, &t);
    if (strcmp(t.name, "script") == 0 || strcmp(t.name, "meta") == 0)
      fn(&t, arg);
    if (strcmp(t.name, "script") == 0 || strcmp(t.name, "style") == 0) {
      const char *close =
          find_ci(p, strcmp(t.name, "script") == 0 ? "</script" : "</style");
      p = close ? close : NULL;
    }
  }
}

/* ---- Content-Security-Policy ------------------------------------------------
 */

struct srclist {
  const char **s;
  size_t n;
};

struct directive {
  const char *name;
  struct srclist src;
};

struct policy {
  struct directive d[64];
  size_t n;
  bool dup_report; /* report-uri or report-to twice: allowed, but noted */
};

static struct directive *find_dir(struct policy *p, const char *name)
{
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(p->d[i].name, name) == 0)
      return &p->d[i];
  return NULL;
}

static bool has(const struct srclist *l, const char *s)
{
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->s[i], s) == 0)
      return true;
  return false;
}

static bool any_of(const struct srclist *l, const char *const *set)
{
  for (size_t i = 0; set[i]; i++)
    if (has(l, set[i]))
      return true;
  return false;
}

static void drop(struct srclist *l, const char *s)
{
  size_t k = 0;
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->s[i], s) != 0)
      l->s[k++] = l->s[i];
  l->n = k;
}

/* Splits one policy ("default-src 'self'; img-src *") into p; -1 when the
 * analyzer would call it invalid: empty or shorter than "img-src" less one,
 * or a directive repeated (report-uri and report-to may be). */
static int parse_policy(struct rc_arena *a, const char *text, struct policy *p)
{
  char *clean = rc_arena_strdup(a, text);
  size_t k = 0;
  for (char *s = clean; *s; s++)
    if (*s != '\r' && *s != '\n')
      clean[k++] = *s;
  clean[k] = '\0';
  char *pol = trim_dup(a, clean, k, false);
  if (strlen(pol) < 6)
    return -1;
  memset(p, 0, sizeof(*p));
  char *save = NULL;
  for (char *e = strtok_r(pol, ";", &save); e; e = strtok_r(NULL, ";", &save)) {
    const char *words[256];
    size_t nw = 0;
    char *ws = NULL;
    for (char *w = strtok_r(e, " \t\f\v", &ws); w && nw < 256;
         w = strtok_r(NULL, " \t\f\v", &ws))
      words[nw++] = w;
    if (nw == 0)
      continue;
    const char *name = lower_dup(a, words[0], strlen(words[0]));
    if (find_dir(p, name)) {
      if (strcmp(name, "report-uri") != 0 && strcmp(name, "report-to") != 0)
        return -1;
      p->dup_report = true;
      continue;
    }
    if (p->n >= 64)
      continue;
    struct directive *d = &p->d[p->n++];
    d->name = name;
    d->src.s = rc_arena_alloc(a, (nw ? nw : 1) * sizeof(*d->src.s));
    for (size_t i = 1; i < nw; i++)
      d->src.s[d->src.n++] = lower_dup(a, words[i], strlen(words[i]));
    size_t nl = strlen(name);
    if (nw == 1 && nl > 4 && strcmp(name + nl - 4, "-src") == 0)
      d->src.s[d->src.n++] = "'none'"; /* an empty source list is 'none' */
  }
  return 0;
}

/* Several policies are all enforced: a directive in more than one keeps
 * the sources they share; one that only a later policy sets counts as
 * 'none', as the analyzer combines them. */
static void combine(struct rc_arena *a, struct policy *into,
                    const struct policy *more)
{
  for (size_t i = 0; i < more->n; i++) {
    const struct directive *m = &more->d[i];
    struct directive *d = find_dir(into, m->name);
    if (!d) {
      if (into->n >= 64)
        continue;
      d = &into->d[into->n++];
      d->name = m->name;
      d->src.s = rc_arena_alloc(a, sizeof(*d->src.s));
      d->src.s[0] = "'none'";
      d->src.n = 1;
      continue;
    }
    size_t k = 0;
    for (size_t j = 0; j < d->src.n; j++)
      if (has(&m->src, d->src.s[j]))
        d->src.s[k++] = d->src.s[j];
    d->src.n = k;
    if (k == 0) {
      d->src.s[0] = "'none'";
      d->src.n = 1;
    }
  }
  into->dup_report |= more->dup_report;
}

/* Splits header values into policies (commas separate them) and parses
 * them; -1 when one is invalid. *n_out counts policies. */
static int parse_policies(struct rc_arena *a, const char *const *values,
                          size_t n_values, struct policy *out, size_t *n_out,
                          bool meta)
{
  struct policy one;
  *n_out = 0;
  for (size_t i = 0; i < n_values; i++) {
    char *copy = rc_arena_strdup(a, values[i]);
    char *save = NULL;
    for (char *pol = strtok_r(copy, ",", &save); pol;
         pol = strtok_r(NULL, ",", &save)) {
      if (parse_policy(a, pol, &one) != 0)
        return -1;
      if (meta) { /* not allowed in a <meta> policy */
        static const char *const banned[] = {"frame-ancestors", "report-uri",
                                             "sandbox"};
        for (size_t b = 0; b < 3; b++) {
          struct directive *d = find_dir(&one, banned[b]);
          if (d)
            *d = one.d[--one.n];
        }
      }
      if ((*n_out)++ == 0)
        *out = one;
      else
        combine(a, out, &one);
    }
  }
  return 0;
}

static const char *const broad[] = {
    "ftp:",       "http:",     "https:",      "*", "http://*",
    "http://*.*", "https://*", "https://*.*", NULL};
static const char *const broad_or_inline[] = {
    "ftp:",      "http:",       "https:",
    "*",         "http://*",    "http://*.*",
    "https://*", "https://*.*", "'unsafe-inline'",
    "data:",     NULL};

static bool nonce_or_hash(const struct srclist *l)
{
  for (size_t i = 0; i < l->n; i++)
    if (starts_with(l->s[i], "'sha256-") || starts_with(l->s[i], "'sha384-") ||
        starts_with(l->s[i], "'sha512-") || starts_with(l->s[i], "'nonce-"))
      return true;
  return false;
}

static struct srclist copy_of(struct rc_arena *a, struct policy *p,
                              const char *name, const char *fallback)
{
  struct directive *d = find_dir(p, name);
  if (!d && fallback)
    d = find_dir(p, fallback);
  struct srclist l = {0};
  size_t n = d ? d->src.n : 1;
  l.s = rc_arena_alloc(a, n * sizeof(*l.s));
  if (!d) {
    l.s[l.n++] = "*";
    return l;
  }
  memcpy(l.s, d->src.s, n * sizeof(*l.s));
  l.n = n;
  return l;
}

static bool insecure_scheme(const struct srclist *l)
{
  for (size_t i = 0; i < l->n; i++)
    if (starts_with(l->s[i], "http:") || starts_with(l->s[i], "ftp:"))
      return true;
  return false;
}

/* strict-dynamic with a nonce or hash ignores host and scheme sources,
 * 'self' and 'unsafe-inline'. Returns false when strict-dynamic comes
 * without a nonce or hash (an invalid policy). */
static bool apply_strict_dynamic(struct srclist *script)
{
  if (!has(script, "'strict-dynamic'"))
    return true;
  if (!nonce_or_hash(script))
    return false;
  size_t k = 0;
  for (size_t i = 0; i < script->n; i++) {
    const char *s = script->s[i];
    bool gone = strcmp(s, "'self'") == 0 || strcmp(s, "'unsafe-inline'") == 0;
    for (size_t b = 0; broad[b] && !gone; b++)
      gone = starts_with(s, broad[b]);
    if (!gone)
      script->s[k++] = s;
  }
  script->n = k;
  return true;
}

/* The first of the analyzer's CSP checks that fails, in its order. */
static const char *csp_verdict(struct rc_arena *a, struct policy *csp,
                               bool https)
{
  struct srclist script = copy_of(a, csp, "script-src", "default-src");
  struct srclist style = copy_of(a, csp, "style-src", "default-src");
  struct srclist object = copy_of(a, csp, "object-src", "default-src");
  if (nonce_or_hash(&script))
    drop(&script, "'unsafe-inline'");
  if (nonce_or_hash(&style))
    drop(&style, "'unsafe-inline'");
  if (!apply_strict_dynamic(&script))
    return "csp-header-invalid";
  bool active_insecure = insecure_scheme(&script), passive_insecure = false;
  for (size_t i = 0; i < csp->n; i++) {
    const char *n = csp->d[i].name;
    if (strcmp(n, "img-src") && strcmp(n, "media-src") &&
        strcmp(n, "script-src"))
      active_insecure |= insecure_scheme(&csp->d[i].src);
  }
  static const char *const passive[] = {"img-src", "media-src"};
  for (size_t i = 0; i < 2; i++) {
    struct directive *d = find_dir(csp, passive[i]);
    if (!d)
      d = find_dir(csp, "default-src");
    passive_insecure |= d && insecure_scheme(&d->src);
  }
  if (any_of(&script, broad_or_inline) || any_of(&object, broad))
    return "csp-implemented-with-unsafe-inline";
  if (https && active_insecure)
    return "csp-implemented-with-insecure-scheme";
  if (has(&script, "'unsafe-eval'") || has(&style, "'unsafe-eval'"))
    return "csp-implemented-with-unsafe-eval";
  if (https && passive_insecure)
    return "csp-implemented-with-insecure-scheme-in-passive-content-only";
  if (any_of(&style, broad_or_inline))
    return "csp-implemented-with-unsafe-inline-in-style-src-only";
  struct directive *def = find_dir(csp, "default-src");
  if (def && def->src.n == 1 && strcmp(def->src.s[0], "'none'") == 0)
    return "csp-implemented-with-no-unsafe-default-src-none";
  return "csp-implemented-with-no-unsafe";
}

struct page {
  struct rc_arena *a;
  const struct rc_obs_input *in;
  const char *meta_csp[16];
  size_t n_meta_csp;
  const char *meta_referrer;
  const char *scripts_src[256];
  const char *scripts_integrity[256];
  size_t n_src, n_scripts;
  bool frame_ancestors; /* the header policy sets frame-ancestors */
  bool hsts_pass;
};

static const char *csp_test(struct page *pg, const char **what)
{
  struct rc_arena *a = pg->a;
  const struct rc_http_resp *r = pg->in->page;
  const char *values[32];
  size_t n = 0, i = 0;
  const char *v;
  while (n < 32 && (v = rc_http_header_next(r, "Content-Security-Policy", &i)))
    values[n++] = v;
  *what = seen(a, "Content-Security-Policy",
               joined(a, r, "Content-Security-Policy"));
  struct policy header, meta, all;
  size_t nh = 0, nm = 0;
  bool bad = parse_policies(a, values, n, &header, &nh, false) != 0;
  bad |= parse_policies(a, pg->meta_csp, pg->n_meta_csp, &meta, &nm, true) != 0;
  if (bad)
    return "csp-header-invalid";
  if (nh == 0 && (nm == 0 || meta.n == 0)) {
    const char *ro = rc_http_header(r, "Content-Security-Policy-Report-Only");
    if (ro)
      *what = seen(a, "Content-Security-Policy-Report-Only", ro);
    return ro ? "csp-not-implemented-but-reporting-enabled"
              : "csp-not-implemented";
  }
  pg->frame_ancestors = nh && find_dir(&header, "frame-ancestors");
  all = nh ? header : meta;
  if (nm && nh)
    combine(a, &all, &meta);
  const char *res = csp_verdict(a, &all, is_https(pg->in->url));
  bool passed =
      strcmp(res, "csp-implemented-with-no-unsafe") == 0 ||
      strcmp(res, "csp-implemented-with-no-unsafe-default-src-none") == 0 ||
      strcmp(res, "csp-implemented-with-unsafe-inline-in-style-src-only") ==
          0 ||
      strcmp(res, "csp-implemented-with-insecure-scheme-in-passive-"
                  "content-only") == 0;
  if (passed && all.dup_report)
    return "csp-implemented-but-duplicate-directives";
  return res;
}

/* ---- Strict-Transport-Security --------------------------------------------
 */

static const char *hsts_test(struct page *pg, const char **what)
{
  const struct rc_http_resp *r = pg->in->page;
  if (!is_https(pg->in->url))
    return "hsts-not-implemented-no-https";
  const char *v = rc_http_header(r, "Strict-Transport-Security");
  if (!v)
    return "hsts-not-implemented";
  *what = seen(pg->a, "Strict-Transport-Security", v);
  if (strchr(v, ','))
    return "hsts-header-invalid"; /* set twice */
  char *copy = rc_arena_strdup(pg->a, v), *save = NULL;
  bool have_age = false;
  long long age = 0;
  for (char *p = strtok_r(copy, ";", &save); p;
       p = strtok_r(NULL, ";", &save)) {
    char *t = trim_dup(pg->a, p, strlen(p), true);
    if (starts_with(t, "max-age=")) {
      char *end;
      age = strtoll(t + 8, &end, 10);
      /* the analyzer's parseInt("x") is NaN, which it then takes for six
       * months or more; a max-age that is no number is invalid here */
      have_age = end != t + 8;
    }
  }
  if (!have_age)
    return "hsts-header-invalid";
  pg->hsts_pass = age >= SIX_MONTHS;
  return age < SIX_MONTHS ? "hsts-implemented-max-age-less-than-six-months"
                          : "hsts-implemented-max-age-at-least-six-months";
}

/* ---- cookies
 * ----------------------------------------------------------------- */

struct cookie {
  const char *name;
  bool secure, httponly;
  const char *samesite; /* "strict", "lax", "none", "unspecified" or NULL */
};

/* False when the raw header has a SameSite that is empty or not one of
 * lax, strict, none. */
static bool samesite_valid(struct rc_arena *a, const char *raw)
{
  char *copy = rc_arena_strdup(a, raw), *save = NULL;
  for (char *p = strtok_r(copy, ";", &save); p;
       p = strtok_r(NULL, ";", &save)) {
    char *eq = strchr(p, '=');
    char *key = trim_dup(a, p, eq ? (size_t)(eq - p) : strlen(p), true);
    if (strcmp(key, "samesite") != 0)
      continue;
    char *val = eq ? trim_dup(a, eq + 1, strlen(eq + 1), true) : NULL;
    if (!val || !*val ||
        (strcmp(val, "lax") && strcmp(val, "strict") && strcmp(val, "none")))
      return false;
  }
  return true;
}

/* A Set-Cookie as a cookie jar keeps it; false when the jar drops it (no
 * name, or a __Secure-/__Host- prefix whose rules it breaks). */
static bool parse_cookie(struct rc_arena *a, const char *raw, struct cookie *c)
{
  char *copy = rc_arena_strdup(a, raw), *save = NULL;
  char *first = strtok_r(copy, ";", &save);
  char *eq = first ? strchr(first, '=') : NULL;
  bool domain = false, root = false;
  memset(c, 0, sizeof(*c));
  if (!eq)
    return false;
  c->name = trim_dup(a, first, (size_t)(eq - first), false);
  if (!*c->name || strcmp(c->name, "heroku-session-affinity") == 0)
    return false;
  for (char *p = strtok_r(NULL, ";", &save); p;
       p = strtok_r(NULL, ";", &save)) {
    char *e = strchr(p, '=');
    char *key = trim_dup(a, p, e ? (size_t)(e - p) : strlen(p), true);
    char *val = e ? trim_dup(a, e + 1, strlen(e + 1), true) : "";
    if (strcmp(key, "secure") == 0)
      c->secure = true;
    else if (strcmp(key, "httponly") == 0)
      c->httponly = true;
    else if (strcmp(key, "domain") == 0)
      domain = true;
    else if (strcmp(key, "path") == 0)
      root = strcmp(val, "/") == 0;
    else if (strcmp(key, "samesite") == 0)
      c->samesite =
          !strcmp(val, "strict") || !strcmp(val, "lax") || !strcmp(val, "none")
              ? val
              : "unspecified";
  }
  if (starts_with(c->name, "__Secure-") && !c->secure)
    return false;
  if (starts_with(c->name, "__Host-") && (!c->secure || domain || !root))
    return false;
  return true;
}

static const char *const cookie_order[] = {
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
    NULL};

static bool contains_ci(const char *s, const char *needle)
{
  return find_ci(s, needle) != NULL;
}

static const char *cookie_verdict(const struct cookie *c, bool hsts,
                                  const char *res, bool *no_samesite)
{
  bool session = contains_ci(c->name, "login") || contains_ci(c->name, "sess");
  bool csrf = contains_ci(c->name, "csrf");
  if (!c->secure && c->samesite && strcmp(c->samesite, "none") == 0)
    res = worse(res, "cookies-samesite-flag-invalid", cookie_order);
  if (!c->secure)
    res = worse(res,
                hsts ? "cookies-without-secure-flag-but-protected-by-hsts"
                     : "cookies-without-secure-flag",
                cookie_order);
  if (csrf && !c->samesite)
    res = worse(res, "cookies-anticsrf-without-samesite-flag", cookie_order);
  if (session && !c->secure)
    res = worse(res,
                hsts ? "cookies-session-without-secure-flag-but-protected-by-"
                       "hsts"
                     : "cookies-session-without-secure-flag",
                cookie_order);
  if (session && !c->httponly)
    res = worse(res, "cookies-session-without-httponly-flag", cookie_order);
  *no_samesite |= !c->samesite;
  return res;
}

static const char *cookies_test(struct page *pg, const char **what)
{
  struct rc_arena *a = pg->a;
  const struct rc_http_resp *r = pg->in->page;
  const char *res = NULL, *v;
  struct cookie jar[64];
  size_t n = 0, i = 0;
  bool no_samesite = false;
  *what = seen(a, "Set-Cookie", joined(a, r, "Set-Cookie"));
  while ((v = rc_http_header_next(r, "Set-Cookie", &i))) {
    struct cookie c;
    if (!samesite_valid(a, v))
      res = worse(res, "cookies-samesite-flag-invalid", cookie_order);
    if (!parse_cookie(a, v, &c))
      continue;
    size_t k = 0; /* a name set again replaces the cookie */
    while (k < n && strcmp(jar[k].name, c.name) != 0)
      k++;
    if (k < 64)
      jar[k] = c;
    if (k == n && n < 64)
      n++;
  }
  if (n == 0)
    return "cookies-not-found";
  for (size_t k = 0; k < n; k++)
    res = cookie_verdict(&jar[k], pg->hsts_pass, res, &no_samesite);
  if (res)
    return res;
  return no_samesite ? "cookies-secure-with-httponly-sessions"
                     : "cookies-secure-with-httponly-sessions-and-samesite";
}

/* ---- CORS, redirection, referrer, simple headers
 * ----------------------------- */

static const char *cors_test(struct page *pg, const char **what)
{
  const struct rc_http_resp *r = pg->in->cors;
  const char *acao =
      r ? rc_http_header(r, "Access-Control-Allow-Origin") : NULL;
  if (!acao)
    return "cross-origin-resource-sharing-not-implemented";
  *what = seen(pg->a, "Access-Control-Allow-Origin", acao);
  const char *cred = rc_http_header(r, "Access-Control-Allow-Credentials");
  char *v = trim_dup(pg->a, acao, strlen(acao), true);
  if (strcmp(v, "*") == 0)
    return "cross-origin-resource-sharing-implemented-with-public-access";
  char *c = cred ? trim_dup(pg->a, cred, strlen(cred), true) : NULL;
  if (pg->in->origin && strcmp(acao, pg->in->origin) == 0 && c &&
      strcmp(c, "true") == 0) {
    *what = rc_arena_printf(pg->a, "%s (Origin sent: %s; credentials: true)",
                            *what, pg->in->origin);
    return "cross-origin-resource-sharing-implemented-with-universal-access";
  }
  return "cross-origin-resource-sharing-implemented-with-restricted-access";
}

/* The host of an absolute URL, lower case, in the arena ("" if none). */
static const char *host_of(struct rc_arena *a, const char *url)
{
  const char *p = strstr(url ? url : "", "://");
  if (!p)
    return "";
  p += 3;
  const char *at = strpbrk(p, "@/?#");
  if (at && *at == '@')
    p = at + 1;
  size_t n = p[0] == '[' ? strcspn(p, "]") + 1 : strcspn(p, ":/?#");
  return lower_dup(a, p, n);
}

static const char *redirection_test(struct page *pg, const char **what)
{
  const struct rc_http_resp *r = pg->in->http;
  if (!r)
    return "redirection-not-tested";
  if (r->n_hops == 0)
    return r->err == RC_HTTP_ERR_TLS ? "redirection-invalid-cert"
                                     : "redirection-not-needed-no-http";
  struct rc_buf route;
  rc_buf_init(&route);
  for (size_t i = 0; i < r->n_hops; i++)
    rc_buf_printf(&route, "%s%s", i ? " -> " : "", r->hops[i].url);
  *what = rc_arena_printf(pg->a, "%s", route.data);
  rc_buf_release(&route);
  if (r->err == RC_HTTP_ERR_TLS)
    return "redirection-invalid-cert";
  const char *first = r->hops[0].url;
  const char *last = r->hops[r->n_hops - 1].url;
  if (r->n_hops == 1)
    return "redirection-missing";
  if (!is_https(last))
    return "redirection-not-to-https";
  const char *second = r->hops[1].url;
  if (!is_https(second))
    return "redirection-not-to-https-on-initial-redirection";
  if (!is_https(first) &&
      strcmp(host_of(pg->a, first), host_of(pg->a, second)) != 0)
    return "redirection-off-host-from-http";
  return "redirection-to-https";
}

static const char *referrer_test(struct page *pg, const char **what)
{
  static const char *const good[] = {"no-referrer", "same-origin",
                                     "strict-origin",
                                     "strict-origin-when-cross-origin", NULL};
  static const char *const bad[] = {"origin", "origin-when-cross-origin",
                                    "unsafe-url", "no-referrer-when-downgrade",
                                    NULL};
  struct rc_arena *a = pg->a;
  const char *h = joined(a, pg->in->page, "Referrer-Policy");
  if (!h && !pg->meta_referrer)
    return "referrer-policy-not-implemented";
  const char *all = h && pg->meta_referrer
                        ? rc_arena_printf(a, "%s, %s", h, pg->meta_referrer)
                    : h ? h
                        : pg->meta_referrer;
  *what = seen(a, "Referrer-Policy", all);
  char *copy = rc_arena_strdup(a, all), *save = NULL;
  const char *policy = NULL; /* the last valid value counts */
  for (char *p = strtok_r(copy, ",", &save); p;
       p = strtok_r(NULL, ",", &save)) {
    char *t = trim_dup(a, p, strlen(p), true);
    for (size_t i = 0; good[i]; i++)
      if (strcmp(t, good[i]) == 0)
        policy = good[i];
    for (size_t i = 0; bad[i]; i++)
      if (strcmp(t, bad[i]) == 0)
        policy = bad[i];
  }
  for (size_t i = 0; policy && good[i]; i++)
    if (policy == good[i])
      return "referrer-policy-private";
  return policy ? "referrer-policy-unsafe" : "referrer-policy-header-invalid";
}

static const char *xcto_test(struct page *pg, const char **what)
{
  const char *v = rc_http_header(pg->in->page, "X-Content-Type-Options");
  if (!v)
    return "x-content-type-options-not-implemented";
  *what = seen(pg->a, "X-Content-Type-Options", v);
  return strcmp(trim_dup(pg->a, v, strlen(v), true), "nosniff") == 0
             ? "x-content-type-options-nosniff"
             : "x-content-type-options-header-invalid";
}

/* Runs after the CSP test: frame-ancestors there replaces the header. */
static const char *xfo_test(struct page *pg, const char **what)
{
  const char *v = rc_http_header(pg->in->page, "X-Frame-Options");
  const char *res = "x-frame-options-not-implemented";
  if (v) {
    *what = seen(pg->a, "X-Frame-Options", v);
    char *t = trim_dup(pg->a, v, strlen(v), true);
    res = !strcmp(t, "deny") || !strcmp(t, "sameorigin")
              ? "x-frame-options-sameorigin-or-deny"
          : starts_with(t, "allow-from") ? "x-frame-options-allow-from-origin"
                                         : "x-frame-options-header-invalid";
  }
  if (pg->frame_ancestors) {
    *what = "Content-Security-Policy: frame-ancestors ...";
    res = "x-frame-options-implemented-via-csp";
  }
  return res;
}

static const char *corp_test(struct page *pg, const char **what)
{
  const char *v = joined(pg->a, pg->in->page, "Cross-Origin-Resource-Policy");
  if (!v)
    return "cross-origin-resource-policy-not-implemented";
  *what = seen(pg->a, "Cross-Origin-Resource-Policy", v);
  char *t = trim_dup(pg->a, v, strlen(v), true);
  return !strcmp(t, "same-site")
             ? "cross-origin-resource-policy-implemented-with-same-site"
         : !strcmp(t, "same-origin")
             ? "cross-origin-resource-policy-implemented-with-same-origin"
         : !strcmp(t, "cross-origin")
             ? "cross-origin-resource-policy-implemented-with-cross-origin"
             : "cross-origin-resource-policy-header-invalid";
}

/* ---- Subresource Integrity
 * ----------------------------------------------------- */

static void on_tag(const struct tag *t, void *arg)
{
  struct page *pg = arg;
  if (strcmp(t->name, "meta") == 0) {
    const char *eq = attr(t, "http-equiv"), *content = attr(t, "content");
    const char *name = attr(t, "name");
    if (eq && content) {
      char *e = trim_dup(pg->a, eq, strlen(eq), true);
      if (strcmp(e, "content-security-policy") == 0 && *content &&
          pg->n_meta_csp < 16)
        pg->meta_csp[pg->n_meta_csp++] = content;
    } else if (name && content && *content &&
               strcmp(trim_dup(pg->a, name, strlen(name), true), "referrer") ==
                   0) {
      pg->meta_referrer = content;
    }
    return;
  }
  pg->n_scripts++;
  const char *src = attr(t, "src");
  if (src && *src && pg->n_src < 256) {
    pg->scripts_src[pg->n_src] = src;
    pg->scripts_integrity[pg->n_src++] = attr(t, "integrity");
  }
}

/* The registrable domain, roughly: the last two labels, or three under a
 * two-letter country code with a generic second level (co.uk, com.au).
 * An IP address or a single label has none (""), like the analyzer's
 * public-suffix parser says. */
static const char *site_of(struct rc_arena *a, const char *host)
{
  static const char *const slds[] = {"co",  "com", "net", "org",
                                     "gov", "edu", "ac",  NULL};
  size_t n = strlen(host);
  bool ip = n && (host[0] == '[' || strspn(host, "0123456789.") == n);
  const char *dots[3] = {NULL, NULL, NULL};
  size_t nd = 0;
  for (size_t i = n; i-- > 0;)
    if (host[i] == '.' && nd < 3)
      dots[nd++] = host + i;
  if (ip || nd == 0)
    return "";
  if (nd >= 2 && strlen(dots[0] + 1) == 2) {
    for (size_t i = 0; slds[i]; i++) {
      size_t l = strlen(slds[i]);
      if ((size_t)(dots[0] - dots[1] - 1) == l &&
          strncmp(dots[1] + 1, slds[i], l) == 0)
        return rc_arena_strdup(a, nd >= 3 ? dots[2] + 1 : host);
    }
  }
  return rc_arena_strdup(a, nd >= 2 ? dots[1] + 1 : host);
}

static const char *const sri_order[] = {
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
    NULL};

static bool is_html(struct rc_arena *a, const struct rc_http_resp *r)
{
  const char *ct = rc_http_header(r, "Content-Type");
  if (!ct)
    return true; /* no type: the analyzer parses it */
  char *mime = trim_dup(a, ct, strcspn(ct, ";"), true);
  return strcmp(mime, "text/html") == 0 ||
         strcmp(mime, "application/xhtml+xml") == 0;
}

static const char *one_script(struct page *pg, size_t i, const char *res,
                              bool *foreign)
{
  const char *src = pg->scripts_src[i], *integrity = pg->scripts_integrity[i];
  bool rel_proto = src[0] == '/' && src[1] == '/' && src[2] && src[2] != '/';
  bool full = strncasecmp(src, "http://", 7) == 0 || is_https(src);
  bool rel_origin = !rel_proto && !full;
  bool same_site = rel_proto || rel_origin ||
                   strcmp(site_of(pg->a, host_of(pg->a, src)),
                          site_of(pg->a, host_of(pg->a, pg->in->url))) == 0;
  bool secure_origin = rel_origin || (same_site && !rel_proto);
  bool secure_scheme = is_https(src) || (rel_origin && is_https(pg->in->url));
  bool sri = integrity && *integrity;
  if (secure_origin) {
    if (sri && secure_scheme && !res)
      res = "sri-implemented-and-all-scripts-loaded-securely";
    return res;
  }
  *foreign = true;
  if (sri && !secure_scheme)
    return worse(res,
                 "sri-implemented-but-external-scripts-not-loaded-securely",
                 sri_order);
  if (!sri && secure_scheme)
    return worse(res,
                 "sri-not-implemented-but-external-scripts-loaded-securely",
                 sri_order);
  if (!sri)
    return worse(res,
                 "sri-not-implemented-and-external-scripts-not-loaded-securely",
                 sri_order);
  return res;
}

static const char *sri_test(struct page *pg, const char **what)
{
  const char *res = NULL;
  bool foreign = false;
  if (!is_html(pg->a, pg->in->page))
    return "sri-not-implemented-response-not-html";
  if (pg->n_scripts == 0)
    return "sri-not-implemented-but-no-scripts-loaded";
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < pg->n_src; i++) {
    bool before = foreign;
    foreign = false;
    res = one_script(pg, i, res, &foreign);
    if (foreign && b.len < SEEN_MAX) /* the scripts from elsewhere */
      rc_buf_printf(&b, "%s<script src=\"%s\"%s>", b.len ? " " : "",
                    pg->scripts_src[i],
                    pg->scripts_integrity[i] ? " integrity" : "");
    foreign |= before;
  }
  if (b.len)
    *what = rc_arena_strdup(pg->a, b.data);
  rc_buf_release(&b);
  if (res)
    return res;
  return foreign
             ? "sri-implemented-and-external-scripts-loaded-securely"
             : "sri-not-implemented-but-all-scripts-loaded-from-secure-origin";
}

/* ---- the grade
 * ------------------------------------------------------------------ */

const char *rc_obs_letter(int score)
{
  static const struct {
    int min;
    const char *grade;
  } chart[] = {{100, "A+"}, {90, "A"},  {85, "A-"}, {80, "B+"}, {70, "B"},
               {65, "B-"},  {60, "C+"}, {50, "C"},  {45, "C-"}, {40, "D+"},
               {30, "D"},   {25, "D-"}, {0, "F"}};
  for (size_t i = 0; i < sizeof(chart) / sizeof(chart[0]); i++)
    if (score >= chart[i].min)
      return chart[i].grade;
  return "F";
}

int rc_obs_rank(const char *grade)
{
  static const char *const order[] = {"A+", "A",  "A-", "B+", "B",  "B-", "C+",
                                      "C",  "C-", "D+", "D",  "D-", "F",  NULL};
  for (int i = 0; grade && order[i]; i++)
    if (strcmp(order[i], grade) == 0)
      return i;
  return -1;
}

static void record(struct rc_obs_grade *g, enum rc_obs_test t, const char *id,
                   const char *what)
{
  const struct expect *e = expectation(id);
  g->tests[t] = (struct rc_obs_result){
      test_names[t], e->id, e->text,
      e->modifier,   what,  strcmp(id, "redirection-not-tested")};
}

void rc_obs_grade(const struct rc_obs_input *in, struct rc_arena *a,
                  struct rc_obs_grade *out)
{
  struct page pg = {.a = a, .in = in};
  const char *what[RC_OBS_NTESTS] = {NULL};
  memset(out, 0, sizeof(*out));
  if (in->page->body && is_html(a, in->page))
    each_tag(a, in->page->body, on_tag, &pg);
  /* Order matters: cookies use the HSTS verdict, XFO the CSP one. */
  static const char *(*const tests[RC_OBS_NTESTS])(struct page *,
                                                   const char **) = {
      [RC_OBS_HSTS] = hsts_test,
      [RC_OBS_CSP] = csp_test,
      [RC_OBS_COOKIES] = cookies_test,
      [RC_OBS_CORS] = cors_test,
      [RC_OBS_REDIRECTION] = redirection_test,
      [RC_OBS_REFERRER] = referrer_test,
      [RC_OBS_SRI] = sri_test,
      [RC_OBS_XCTO] = xcto_test,
      [RC_OBS_XFO] = xfo_test,
      [RC_OBS_CORP] = corp_test,
  };
  static const enum rc_obs_test order[RC_OBS_NTESTS] = {
      RC_OBS_HSTS,        RC_OBS_CSP,      RC_OBS_COOKIES, RC_OBS_CORS,
      RC_OBS_REDIRECTION, RC_OBS_REFERRER, RC_OBS_SRI,     RC_OBS_XCTO,
      RC_OBS_XFO,         RC_OBS_CORP,
  };
  for (size_t i = 0; i < RC_OBS_NTESTS; i++) {
    enum rc_obs_test t = order[i];
    const char *id = tests[t](&pg, &what[t]);
    record(out, t, id, what[t]);
  }
  int penalties = 100, bonus = 0;
  for (size_t i = 0; i < RC_OBS_NTESTS; i++) {
    int m = out->tests[i].modifier;
    if (m < 0)
      penalties += m;
    else
      bonus += m;
  }
  int score = penalties >= 90 ? penalties + bonus : penalties;
  out->score = score < 0 ? 0 : score;
  out->grade = rc_obs_letter(out->score);
}
