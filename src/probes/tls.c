/*
 * tls.c - the `tls` probe: an https endpoint graded like SSL Labs grades
 * servers (src/grade/tlsgrade.c), with a minimum grade. Seven handshakes go
 * into the run's batch: one verified GET (trust, HSTS), one unverified
 * handshake (the chain as sent), one per TLS version 1.0-1.3 (which ones
 * the server accepts) and one that asks for a stapled OCSP response. None
 * sends credentials; the version probes send no request at all.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "readycheck/http.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/tlsgrade.h"

enum { TIMEOUT_MAX = 600000 };

static const char *const grades[] = {"A+", "A", "A-", "B", "C",
                                     "D",  "E", "F",  NULL};

struct cfg {
  const char *url;
  int min_grade; /* index into grades, the same order as rc_tls_rank */
  const char *ca_file;
  long timeout_ms;
};

struct reqs {
  struct rc_http_req verified, chain, version[RC_TLS_NV], ocsp;
};

static bool https_url(const char *url)
{
  return strncasecmp(url, "https://", 8) == 0;
}

static void make_reqs(const struct cfg *c, const struct rc_ctx *ctx,
                      struct reqs *r)
{
  long timeout = c->timeout_ms > 0     ? c->timeout_ms
                 : ctx->timeout_ms > 0 ? ctx->timeout_ms
                                       : RC_HTTP_DEFAULT_TIMEOUT;
  memset(r, 0, sizeof(*r));
  r->verified = (struct rc_http_req){.method = RC_HTTP_GET,
                                     .url = c->url,
                                     .timeout_ms = timeout,
                                     .ca_file = c->ca_file,
                                     .want_cert = true};
  r->chain = r->verified;
  r->chain.insecure = true;
  r->chain.connect_only = true;
  for (int v = 0; v < RC_TLS_NV; v++) {
    r->version[v] = r->chain;
    r->version[v].want_cert = false;
    r->version[v].tls_only = (enum rc_http_tls_only)(RC_HTTP_ONLY_10 + v);
  }
  r->ocsp = r->verified;
  r->ocsp.want_cert = false;
  r->ocsp.connect_only = true;
  r->ocsp.ocsp = true;
}

static void prepare(const void *vcfg, struct rc_ctx *ctx)
{
  const struct cfg *c = vcfg;
  struct reqs r;
  if (!ctx->http || !https_url(c->url))
    return;
  make_reqs(c, ctx, &r);
  rc_http_cache_add(ctx->http, &r.verified);
  rc_http_cache_add(ctx->http, &r.chain);
  for (int v = 0; v < RC_TLS_NV; v++)
    rc_http_cache_add(ctx->http, &r.version[v]);
  rc_http_cache_add(ctx->http, &r.ocsp);
}

/* The URL's host without brackets or port, in the arena. */
static const char *host_of(struct rc_arena *a, const char *url)
{
  const char *p = url + 8;
  const char *at = strpbrk(p, "@/?#");
  if (at && *at == '@')
    p = at + 1;
  if (*p == '[')
    return rc_arena_strndup(a, p + 1, strcspn(p + 1, "]"));
  return rc_arena_strndup(a, p, strcspn(p, ":/?#"));
}

static void report(const struct cfg *c, struct rc_ctx *ctx,
                   struct rc_check *out, const struct rc_tls_grade *g,
                   const char *where)
{
  for (size_t i = 0; i < g->n_lines; i++)
    rc_check_evidence_mark(out, ctx, g->lines[i].bad ? RC_EV_FAIL : RC_EV_PASS,
                           where, 0, "%s", g->lines[i].text);
  const char *trust = strcmp(g->grade, "T") == 0 ? " (certificate not trusted"
                      : strcmp(g->grade, "M") == 0
                          ? " (certificate name mismatch"
                          : NULL;
  const char *detail =
      trust    ? rc_arena_printf(ctx->arena, "%s; %s once fixed)", trust,
                                 g->if_trusted)
      : g->cap ? rc_arena_printf(ctx->arena, " (capped to %s)", g->cap)
               : "";
  bool ok = rc_tls_rank(g->grade) <= c->min_grade;
  if (ok)
    rc_check_set(out, ctx, RC_OUT_OK, "TLS grade %s%s, score %.0f", g->grade,
                 detail, g->score);
  else
    rc_check_set(out, ctx, RC_OUT_FAIL, "TLS grade %s%s, below %s", g->grade,
                 detail, grades[c->min_grade]);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *c = vcfg;
  struct reqs r;
  if (!https_url(c->url)) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "url '%s' is not https://", c->url);
    return;
  }
  make_reqs(c, ctx, &r);
  struct rc_http_cache *own = ctx->http ? NULL : rc_http_cache_new();
  struct rc_http_cache *cache = ctx->http ? ctx->http : own;
  struct rc_tls_input in = {
      .host = host_of(ctx->arena, c->url),
      .verified = rc_http_cache_get(cache, &r.verified),
      .chain = rc_http_cache_get(cache, &r.chain),
      .ocsp = rc_http_cache_get(cache, &r.ocsp),
      .now = (long long)time(NULL),
  };
  for (int v = 0; v < RC_TLS_NV; v++)
    in.version[v] = rc_http_cache_get(cache, &r.version[v]);
  const char *why = rc_check_unreached(ctx, c->url, in.verified);
  char *where = rc_mask_dup(c->url);
  struct rc_tls_grade g;
  if (why) {
    rc_check_set(out, ctx, RC_OUT_SKIP, "%s", why);
  } else {
    rc_tls_grade(&in, ctx->arena, &g);
    if (g.error)
      rc_check_set(out, ctx, RC_OUT_ERROR, "cannot grade: %s", g.error);
    else
      report(c, ctx, out, &g, where);
  }
  free(where);
  rc_http_cache_free(own);
}

static const char *check_url(const void *value, char *buf, size_t buflen)
{
  (void)buf;
  (void)buflen;
  return https_url(value) ? NULL : "must start with https://";
}

static const struct rc_value_rule value_rules[] = {
    {.field = "url", .check = check_url},
    {.field = "timeout_ms", .ranged = true, .min = 0, .max = TIMEOUT_MAX},
    {.field = NULL},
};

static const struct rc_field fields[] = {
    {"url", RC_FIELD_STRING, offsetof(struct cfg, url), RC_FIELD_REQUIRED, NULL,
     "https:// URL of the endpoint, usually '${BASE_URL}/'"},
    {"min_grade", RC_FIELD_ENUM, offsetof(struct cfg, min_grade),
     RC_FIELD_REQUIRED, grades,
     "lowest grade that passes: A+, A, A-, B, C, D, E or F (T and M never "
     "pass)"},
    {"ca_file", RC_FIELD_STRING, offsetof(struct cfg, ca_file), 0, NULL,
     "CA bundle to verify against instead of the system one"},
    {"timeout_ms", RC_FIELD_INT, offsetof(struct cfg, timeout_ms), 0, NULL,
     "per handshake (default --timeout, else 10000)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_tls = {
    .name = "tls",
    .summary = "an https endpoint's TLS graded like SSL Labs: protocols, "
               "certificate, chain, key, ciphers, with a minimum grade",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .check = check,
    .network = true,
    .prepare = prepare,
    .value_rules = value_rules,
};
