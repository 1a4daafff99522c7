/*
 * observatory.c - the `observatory` probe: a page's response headers graded
 * like Mozilla's HTTP Observatory (src/grade/observatory.c), with a minimum
 * grade. Three requests, made in the run's batch: the page, its plain http
 * URL (for the redirection test) and a CORS preflight.
 *
 * The probe sends no credentials, so following the http URL's redirects to
 * other origins, as the Observatory does, gives nothing away.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/http.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/observatory.h"
#include "readycheck/probe.h"

enum { TIMEOUT_MAX = 600000, MAX_REDIRECTS = 5 };

static const char *const grades[] = {"A+", "A",  "A-", "B+", "B",  "B-", "C+",
                                     "C",  "C-", "D+", "D",  "D-", "F",  NULL};

static const char default_origin[] = "https://readycheck.invalid";

struct cfg {
  const char *url;
  const char *http_url;
  int min_grade; /* index into grades */
  const char *origin;
  const char *ca_file;
  long timeout_ms;
};

/* ---- the requests ----------------------------------------------------------
 */

static bool http_url(const char *url)
{
  return strncasecmp(url, "http://", 7) == 0 ||
         strncasecmp(url, "https://", 8) == 0;
}

static long timeout(const struct cfg *c, const struct rc_ctx *ctx)
{
  return c->timeout_ms > 0     ? c->timeout_ms
         : ctx->timeout_ms > 0 ? ctx->timeout_ms
                               : RC_HTTP_DEFAULT_TIMEOUT;
}

/* The plain http URL the redirection test starts from: http_url, the url
 * itself when it is http, or the https url on the default port with its
 * scheme changed; NULL when none can be told (a non-default port). */
static const char *plain_url(const struct cfg *c, struct rc_arena *a)
{
  if (c->http_url && *c->http_url)
    return c->http_url;
  if (strncasecmp(c->url, "http://", 7) == 0)
    return c->url;
  const char *host = c->url + 8;
  size_t n = strcspn(host, "/?#");
  const char *colon = memchr(host, ':', n);
  const char *bracket = memchr(host, ']', n);
  if (colon && (!bracket || colon > bracket))
    return NULL;
  return rc_arena_printf(a, "http://%s", host);
}

static const char *cors_origin(const struct cfg *c)
{
  return c->origin && *c->origin ? c->origin : default_origin;
}

struct reqs {
  struct rc_http_req page, http, cors;
  const char *cors_headers[2];
  bool have_http;
};

static void make_reqs(const struct cfg *c, struct rc_ctx *ctx, struct reqs *r)
{
  memset(r, 0, sizeof(*r));
  r->page = (struct rc_http_req){
      .method = RC_HTTP_GET,
      .url = c->url,
      .timeout_ms = timeout(c, ctx),
      .follow = true,
      .max_redirects = MAX_REDIRECTS,
      .ca_file = c->ca_file,
  };
  const char *plain = plain_url(c, ctx->arena);
  r->have_http = plain != NULL;
  r->http = r->page;
  r->http.url = plain ? plain : c->url;
  r->http.allow_other_host = true;
  r->cors_headers[0] =
      rc_arena_printf(ctx->arena, "Origin: %s", cors_origin(c));
  r->cors_headers[1] = "Access-Control-Request-Method: GET";
  r->cors = r->page;
  r->cors.method = RC_HTTP_OPTIONS;
  r->cors.follow = false;
  r->cors.headers = r->cors_headers;
  r->cors.n_headers = 2;
}

static void prepare(const void *vcfg, struct rc_ctx *ctx)
{
  const struct cfg *c = vcfg;
  struct reqs r;
  if (!ctx->http || !http_url(c->url))
    return;
  make_reqs(c, ctx, &r);
  rc_http_cache_add(ctx->http, &r.page);
  if (r.have_http)
    rc_http_cache_add(ctx->http, &r.http);
  rc_http_cache_add(ctx->http, &r.cors);
}

/* ---- judging ---------------------------------------------------------------
 */

static bool gradable(long status)
{
  return (status >= 200 && status < 400) || status == 401 || status == 403;
}

static void evidence(struct rc_check *out, struct rc_ctx *ctx, const char *url,
                     const struct rc_obs_result *t)
{
  enum rc_ev_mark mark = t->modifier < 0 ? RC_EV_FAIL : RC_EV_PASS;
  rc_check_evidence_mark(out, ctx, mark, url, 0, "[%+d] %s: %s%s%s",
                         t->modifier, t->result, t->text, t->seen ? " - " : "",
                         t->seen ? t->seen : "");
}

/* "csp-not-implemented -25, x-frame-options-not-implemented -20" */
static const char *penalties(struct rc_arena *a, const struct rc_obs_grade *g)
{
  const char *out = "";
  for (size_t i = 0; i < RC_OBS_NTESTS; i++)
    if (g->tests[i].modifier < 0)
      out = rc_arena_printf(a, "%s%s%s %d", out, *out ? ", " : "",
                            g->tests[i].result, g->tests[i].modifier);
  return out;
}

static void judge(const struct cfg *c, struct rc_ctx *ctx, struct rc_check *out,
                  const struct rc_obs_input *in, const char *where)
{
  struct rc_obs_grade g;
  rc_obs_grade(in, ctx->arena, &g);
  for (size_t i = 0; i < RC_OBS_NTESTS; i++)
    evidence(out, ctx, where, &g.tests[i]);
  const char *want = grades[c->min_grade];
  bool ok = rc_obs_rank(g.grade) <= c->min_grade;
  const char *untested = g.tests[RC_OBS_REDIRECTION].run
                             ? ""
                             : "; redirection not tested (no http URL)";
  if (ok)
    rc_check_set(out, ctx, RC_OUT_OK, "Observatory grade %s (score %d)%s",
                 g.grade, g.score, untested);
  else
    rc_check_set(out, ctx, RC_OUT_FAIL,
                 "Observatory grade %s (score %d), below %s: %s%s", g.grade,
                 g.score, want, penalties(ctx->arena, &g), untested);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *c = vcfg;
  struct reqs r;
  if (!http_url(c->url)) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "url '%s' is not http:// or https://",
                 c->url);
    return;
  }
  make_reqs(c, ctx, &r);
  struct rc_http_cache *own = ctx->http ? NULL : rc_http_cache_new();
  struct rc_http_cache *cache = ctx->http ? ctx->http : own;
  const struct rc_http_resp *page = rc_http_cache_get(cache, &r.page);
  char *where = rc_mask_dup(c->url);
  const char *why = rc_check_unreached(ctx, c->url, page);
  if (why) {
    rc_check_set(out, ctx, RC_OUT_SKIP, "%s", why);
  } else if (page->err != RC_HTTP_OK) {
    char *msg = rc_mask_dup(page->err_msg ? page->err_msg : "");
    rc_check_set(out, ctx, RC_OUT_ERROR, "cannot grade: %s: %s",
                 rc_http_err_name(page->err), msg);
    free(msg);
  } else if (!gradable(page->status)) {
    rc_check_set(out, ctx, RC_OUT_ERROR,
                 "cannot grade: status %ld (the Observatory grades 2xx, 3xx, "
                 "401 and 403 answers)",
                 page->status);
  } else {
    struct rc_obs_input in = {
        .url = page->n_hops ? page->hops[page->n_hops - 1].url : c->url,
        .page = page,
        .http = r.have_http ? rc_http_cache_get(cache, &r.http) : NULL,
        .cors = rc_http_cache_get(cache, &r.cors),
        .origin = cors_origin(c),
    };
    judge(c, ctx, out, &in, where);
  }
  free(where);
  rc_http_cache_free(own);
}

/* ---- parameters ------------------------------------------------------------
 */

static const char *check_url(const void *value, char *buf, size_t buflen)
{
  (void)buf;
  (void)buflen;
  const char *s = value;
  return !*s || http_url(s) ? NULL : "must start with http:// or https://";
}

static const struct rc_value_rule value_rules[] = {
    {.field = "url", .check = check_url},
    {.field = "http_url", .check = check_url},
    {.field = "timeout_ms", .ranged = true, .min = 0, .max = TIMEOUT_MAX},
    {.field = NULL},
};

#define F(name, type, member, doc)                                             \
  {                                                                            \
    name, type, offsetof(struct cfg, member), 0, NULL, doc                     \
  }

static const struct rc_field fields[] = {
    {"url", RC_FIELD_STRING, offsetof(struct cfg, url), RC_FIELD_REQUIRED, NULL,
     "the page graded, usually '${BASE_URL}/'"},
    {"min_grade", RC_FIELD_ENUM, offsetof(struct cfg, min_grade),
     RC_FIELD_REQUIRED, grades, "lowest grade that passes: A+ ... F"},
    F("http_url", RC_FIELD_STRING, http_url,
      "plain http URL for the redirection test (default: url with http:// "
      "when it uses the default port; else the test is not run)"),
    F("origin", RC_FIELD_STRING, origin,
      "Origin of the CORS preflight (default https://readycheck.invalid)"),
    F("ca_file", RC_FIELD_STRING, ca_file,
      "CA bundle to verify against instead of the system one"),
    F("timeout_ms", RC_FIELD_INT, timeout_ms,
      "per request (default --timeout, else 10000)"),
    {NULL, 0, 0, 0, NULL, NULL},
};

#undef F

const struct rc_probe rc_probe_observatory = {
    .name = "observatory",
    .summary = "a page's security headers graded like Mozilla's HTTP "
               "Observatory, with a minimum grade",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .check = check,
    .network = true,
    .prepare = prepare,
    .value_rules = value_rules,
};
