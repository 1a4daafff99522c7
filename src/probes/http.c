/*
 * http.c - the `http` probe: a live endpoint answers with the expected
 * status, fast enough, with the right headers, body, redirects and TLS
 * certificate; or a list of paths on it does (a smoke list, the deployed
 * services' health check paths). Fetching is src/run/http.c's; this file
 * turns a probe config into requests and judges the responses.
 *
 * One cause, one finding: a probe marked `reachability` stands for its
 * origin. When that origin cannot be reached, every other http check on it
 * whose own request failed too is not evaluated and points at that rule,
 * instead of repeating the cause under its own title and remediation.
 *
 * Request headers often carry credentials: they go into the request and
 * nowhere else, never into a message or evidence.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/health_paths.h"
#include "readycheck/http.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/regex.h"
#include "readycheck/vars.h"

enum {
  TIMEOUT_MAX = 600000,
  RETRIES_MAX = 10,
  RETRY_DELAY_MAX = 60000,
  DEFAULT_RETRY_DELAY = 500,
  DEFAULT_MAX_REDIRECTS = 5,
};

struct cfg {
  const char *url;
  int method; /* enum rc_http_method */
  const char *body;
  struct rc_strlist headers;
  struct rc_strlist status;
  long max_time_ms, max_ttfb_ms;
  struct rc_strlist header_present, header_absent, header_equals;
  struct rc_strlist header_matches, header_not_matches;
  long hsts_min_age;
  bool cors_strict;
  struct rc_pattern body_matches;
  const char *json_key;
  struct rc_scalar json_equals;
  bool redirect_https, follow_redirects, allow_other_hosts;
  struct rc_opt_long max_redirects; /* 0: do not follow; absent: default */
  bool insecure;
  const char *ca_file;
  long min_days_valid;
  int min_tls; /* enum rc_http_tls */
  long retries, retry_delay_ms, timeout_ms;
  bool reachability;
  struct rc_strlist paths; /* smoke entries "PATH [STATUS...]" */
  bool health_paths;
};

/* One URL the probe asks, with what it must answer. */
struct target {
  const char *url;
  const char *path; /* NULL: the probe's own url */
  const struct rc_strlist *status;
  const char *what; /* where a health path comes from, or NULL */
};

static const char *const method_names[] = {"GET", "HEAD", "POST", NULL};
static const char *const tls_names[] = {"any", "1.2", "1.3", NULL};

/* ---- the request -------------------------------------------------------- */

static bool http_url(const char *url)
{
  return strncasecmp(url, "http://", 7) == 0 ||
         strncasecmp(url, "https://", 8) == 0;
}

static bool is_https(const char *url)
{
  return strncasecmp(url, "https://", 8) == 0;
}

static void to_req(const struct cfg *c, const struct rc_ctx *ctx,
                   const char *url, struct rc_http_req *q)
{
  memset(q, 0, sizeof(*q));
  q->method = (enum rc_http_method)c->method;
  q->url = url;
  q->body = c->body;
  q->headers = c->headers.items;
  q->n_headers = c->headers.n;
  q->timeout_ms = c->timeout_ms > 0     ? c->timeout_ms
                  : ctx->timeout_ms > 0 ? ctx->timeout_ms
                                        : RC_HTTP_DEFAULT_TIMEOUT;
  q->max_redirects =
      c->max_redirects.set ? c->max_redirects.value : DEFAULT_MAX_REDIRECTS;
  q->follow = c->follow_redirects && !c->redirect_https && q->max_redirects > 0;
  q->allow_other_host = c->allow_other_hosts;
  q->insecure = c->insecure;
  q->ca_file = c->ca_file;
  q->min_tls = (enum rc_http_tls)c->min_tls;
  q->want_cert = c->min_days_valid > 0;
  q->retries = c->retries;
  q->retry_delay_ms =
      c->retry_delay_ms > 0 ? c->retry_delay_ms : DEFAULT_RETRY_DELAY;
}

/* ---- targets: the url, or the paths on it -------------------------------- */

static bool multi(const struct cfg *c)
{
  return c->paths.n || c->health_paths;
}

/* base + path without a doubled '/'. */
static const char *join_url(struct rc_arena *a, const char *base,
                            const char *path)
{
  size_t n = strlen(base);
  while (n && base[n - 1] == '/')
    n--;
  return rc_arena_printf(a, "%.*s%s", (int)n, base, path);
}

/* Why a smoke entry is wrong, or NULL; buf holds the message. */
static const char *smoke_error(const char *entry, char *buf, size_t len);

/* Parses "PATH [STATUS...]" into t (statuses in the arena). */
static int parse_smoke(struct rc_arena *a, const char *entry, struct target *t,
                       char *err, size_t errlen)
{
  if (smoke_error(entry, err, errlen))
    return -1;
  size_t n = strcspn(entry, " \t");
  t->path = rc_arena_strndup(a, entry, n);
  struct rc_strlist *st = rc_arena_alloc(a, sizeof(*st));
  memset(st, 0, sizeof(*st));
  const char *p = entry + n;
  size_t count = 0;
  for (const char *q = p; *q; q++)
    count += !isspace((unsigned char)*q) &&
             (q == p || isspace((unsigned char)q[-1]));
  st->items = rc_arena_alloc(a, (count ? count : 1) * sizeof(*st->items));
  while (*p) {
    p += strspn(p, " \t");
    size_t k = strcspn(p, " \t");
    if (k)
      st->items[st->n++] = rc_arena_strndup(a, p, k);
    p += k;
  }
  t->status = st->n ? st : NULL;
  return 0;
}

struct targets {
  struct target *t;
  size_t n, cap;
};

static void push(struct targets *ts, const struct target *t)
{
  for (size_t i = 0; i < ts->n; i++)
    if (strcmp(ts->t[i].path ? ts->t[i].path : "", t->path ? t->path : "") == 0)
      return; /* a path listed twice is asked once */
  rc_grow((void **)&ts->t, &ts->cap, ts->n, sizeof(*ts->t));
  ts->t[ts->n++] = *t;
}

/* The probe's targets (ts->t to free); -1 with *err set when a smoke entry
 * is wrong (nothing to free then). */
static int targets_of(const struct cfg *c, struct rc_ctx *ctx,
                      struct targets *ts, const char **err)
{
  struct rc_arena *a = ctx->arena;
  memset(ts, 0, sizeof(*ts));
  if (!multi(c)) {
    push(ts, &(struct target){c->url, NULL, &c->status, NULL});
    return 0;
  }
  for (size_t i = 0; i < c->paths.n; i++) {
    char *items = rc_arena_strdup(a, c->paths.items[i]), *save = NULL;
    for (char *e = strtok_r(items, ",", &save); e;
         e = strtok_r(NULL, ",", &save)) {
      char buf[256];
      struct target t = {0};
      while (isspace((unsigned char)*e))
        e++;
      size_t n = strlen(e);
      while (n && isspace((unsigned char)e[n - 1]))
        e[--n] = '\0';
      if (!*e)
        continue;
      if (parse_smoke(a, e, &t, buf, sizeof(buf)) != 0) {
        *err = rc_arena_printf(a, "bad 'paths' entry '%s': %s", e, buf);
        free(ts->t);
        memset(ts, 0, sizeof(*ts));
        return -1;
      }
      t.url = join_url(a, c->url, t.path);
      if (!t.status)
        t.status = &c->status;
      push(ts, &t);
    }
  }
  struct rc_health_path *hp = NULL;
  size_t nh = c->health_paths ? rc_health_paths(ctx->model, a, &hp) : 0;
  for (size_t i = 0; i < nh; i++) {
    const char *what =
        hp[i].at.line ? rc_arena_printf(a, "%s, %s:%u", hp[i].what,
                                        hp[i].at.path, hp[i].at.line)
                      : rc_arena_printf(a, "%s, %s", hp[i].what,
                                        hp[i].at.path ? hp[i].at.path : "?");
    push(ts, &(struct target){join_url(a, c->url, hp[i].path), hp[i].path,
                              &c->status, what});
  }
  return 0;
}

static void prepare(const void *vcfg, struct rc_ctx *ctx)
{
  const struct cfg *c = vcfg;
  struct rc_http_req q;
  struct targets ts;
  const char *err = NULL;
  if (!ctx->http || !http_url(c->url) || targets_of(c, ctx, &ts, &err) != 0)
    return;
  for (size_t i = 0; i < ts.n; i++) {
    to_req(c, ctx, ts.t[i].url, &q);
    if (c->reachability && i == 0)
      rc_http_cache_claim_reach(ctx->http, &q, ctx->rule_id);
    else
      rc_http_cache_add(ctx->http, &q);
  }
  free(ts.t);
}

/* ---- judging ------------------------------------------------------------- */

struct judge {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  const struct rc_http_resp *resp;
  const struct target *target;
  const char *where; /* the URL, masked */
  struct rc_regex_scratch *scratch;
  size_t problems;
  const char *first;
  const char *error; /* could not evaluate */
};

static void problem(struct judge *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct judge *j, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *text = rc_arena_vprintf(j->ctx->arena, fmt, ap);
  va_end(ap);
  if (!j->problems++)
    j->first = text;
  rc_check_evidence(j->out, j->ctx, j->where, 0, "%s", text);
}

static void cannot(struct judge *j, const char *text)
{
  if (!j->error)
    j->error = rc_arena_strdup(j->ctx->arena, text);
}

static bool status_listed(const struct rc_strlist *l, long status)
{
  for (size_t i = 0; i < l->n; i++) {
    const char *s = l->items[i];
    if (strlen(s) == 3 && (s[1] == 'x' || s[1] == 'X') &&
        status / 100 == s[0] - '0')
      return true;
    if (atol(s) == status)
      return true;
  }
  return false;
}

static void judge_status(struct judge *j)
{
  const struct cfg *c = j->cfg;
  const struct rc_strlist *status = j->target->status;
  long st = j->resp->status;
  if (status && status->n) {
    if (!status_listed(status, st)) {
      struct rc_buf want;
      rc_buf_init(&want);
      for (size_t i = 0; i < status->n; i++)
        rc_buf_printf(&want, "%s%s", i ? ", " : "", status->items[i]);
      problem(j, "status %ld (expected %s)", st, want.data);
      rc_buf_release(&want);
    }
  } else if (!c->redirect_https && (st < 200 || st > 299)) {
    problem(j, "status %ld (expected 2xx)", st);
  }
}

static void judge_timing(struct judge *j)
{
  const struct cfg *c = j->cfg;
  if (c->max_time_ms > 0 && j->resp->total_ms > (double)c->max_time_ms)
    problem(j, "took %.0f ms (limit %ld ms)", j->resp->total_ms,
            c->max_time_ms);
  if (c->max_ttfb_ms > 0 && j->resp->ttfb_ms > (double)c->max_ttfb_ms)
    problem(j, "first byte after %.0f ms (limit %ld ms)", j->resp->ttfb_ms,
            c->max_ttfb_ms);
}

/* Splits "Name: value" into a name (copied to the arena) and the value. */
static const char *split_header(struct rc_ctx *ctx, const char *spec,
                                const char **value)
{
  const char *colon = strchr(spec, ':');
  if (!colon) {
    *value = "";
    return spec;
  }
  const char *v = colon + 1;
  while (*v == ' ' || *v == '\t')
    v++;
  *value = v;
  size_t n = (size_t)(colon - spec);
  while (n && isspace((unsigned char)spec[n - 1]))
    n--;
  return rc_arena_strndup(ctx->arena, spec, n);
}

static bool listed(const struct rc_strlist *l, const char *name)
{
  for (size_t i = 0; i < l->n; i++)
    if (strcasecmp(l->items[i], name) == 0)
      return true;
  return false;
}

/* Response header values are the server's, not secrets of ours, but they
 * can still hold cookies or tokens: the masker sees them in evidence. */
static void judge_header_lists(struct judge *j)
{
  const struct cfg *c = j->cfg;
  for (size_t i = 0; i < c->header_present.n; i++)
    if (!rc_http_header(j->resp, c->header_present.items[i]))
      problem(j, "header %s missing", c->header_present.items[i]);
  for (size_t i = 0; i < c->header_absent.n; i++) {
    const char *v = rc_http_header(j->resp, c->header_absent.items[i]);
    if (v)
      problem(j, "header %s present: %s", c->header_absent.items[i], v);
  }
  for (size_t i = 0; i < c->header_equals.n; i++) {
    const char *want;
    const char *name = split_header(j->ctx, c->header_equals.items[i], &want);
    const char *v = rc_http_header(j->resp, name);
    if (!v && !listed(&c->header_present, name))
      problem(j, "header %s missing", name);
    else if (v && strcasecmp(v, want) != 0)
      problem(j, "header %s is '%s' (expected '%s')", name, v, want);
  }
}

static void judge_header_patterns(struct judge *j, const struct rc_strlist *l,
                                  bool must_match)
{
  for (size_t i = 0; i < l->n; i++) {
    const char *pat;
    const char *name = split_header(j->ctx, l->items[i], &pat);
    const char *v = rc_http_header(j->resp, name);
    if (!v) {
      if (must_match)
        problem(j, "header %s missing", name);
      continue;
    }
    char err[256];
    size_t off;
    struct rc_regex *re = rc_regex_new(pat, err, sizeof(err), &off);
    if (!re) {
      cannot(j, rc_arena_printf(j->ctx->arena, "bad pattern for header %s: %s",
                                name, err));
      continue;
    }
    int rc = rc_regex_match(re, j->scratch, v, strlen(v), 0, NULL, NULL);
    rc_regex_free(re);
    if (rc < 0)
      cannot(j, rc_regex_strerror(rc));
    else if (must_match && rc == RC_RE_NOMATCH)
      problem(j, "header %s does not match '%s': %s", name, pat, v);
    else if (!must_match && rc == RC_RE_MATCH)
      problem(j, "header %s matches '%s': %s", name, pat, v);
  }
}

static long hsts_max_age(const char *v)
{
  for (const char *p = v; *p; p++) {
    if (strncasecmp(p, "max-age", 7) != 0)
      continue;
    p += 7;
    while (*p == ' ' || *p == '=' || *p == '"')
      p++;
    return isdigit((unsigned char)*p) ? atol(p) : -1;
  }
  return -1;
}

/* The Origin the rule sends, or NULL. */
static const char *sent_origin(struct judge *j)
{
  for (size_t i = 0; i < j->cfg->headers.n; i++) {
    const char *v;
    const char *name = split_header(j->ctx, j->cfg->headers.items[i], &v);
    if (strcasecmp(name, "Origin") == 0)
      return v;
  }
  return NULL;
}

/* Credentials with "*" (which browsers refuse, so a configuration bug) or
 * with the Origin of any site echoed back (Observatory's "universal
 * access": every site may act as the signed-in user). */
static void judge_cors(struct judge *j)
{
  const char *allow = rc_http_header(j->resp, "Access-Control-Allow-Origin");
  const char *cred =
      rc_http_header(j->resp, "Access-Control-Allow-Credentials");
  const char *origin = sent_origin(j);
  if (!allow || !cred || strcasecmp(cred, "true") != 0)
    return;
  if (strcmp(allow, "*") == 0)
    problem(j, "CORS allows any origin (*) with credentials");
  else if (origin && strcmp(allow, origin) == 0)
    problem(j,
            "CORS echoes the Origin '%s' of another site with credentials: "
            "any site can act as the signed-in user",
            origin);
}

static void judge_security(struct judge *j)
{
  const struct cfg *c = j->cfg;
  if (c->hsts_min_age > 0) {
    const char *v = rc_http_header(j->resp, "Strict-Transport-Security");
    long age = v ? hsts_max_age(v) : -1;
    if (!v)
      problem(j, "header Strict-Transport-Security missing");
    else if (age < c->hsts_min_age)
      problem(j, "Strict-Transport-Security max-age %ld (minimum %ld)", age,
              c->hsts_min_age);
  }
  if (c->cors_strict)
    judge_cors(j);
}

static void judge_body(struct judge *j)
{
  const struct cfg *c = j->cfg;
  const struct rc_http_resp *r = j->resp;
  if (!c->body_matches.re)
    return;
  int rc = rc_regex_match(c->body_matches.re, j->scratch,
                          r->body ? r->body : "", r->body_len, 0, NULL, NULL);
  if (rc < 0)
    cannot(j, rc_arena_printf(j->ctx->arena, "body pattern: %s",
                              rc_regex_strerror(rc)));
  else if (rc == RC_RE_NOMATCH)
    problem(j, "body does not match '%s'%s", c->body_matches.src,
            r->body_truncated ? " (body cut at 1 MiB)" : "");
}

static void on_json(const char *where, const cJSON *node, void *arg)
{
  struct judge *j = arg;
  const struct rc_scalar *want = &j->cfg->json_equals;
  char num[64];
  if (!node) {
    problem(j, "JSON key %s missing", where);
    return;
  }
  if (rc_doc_scalar_equals(want, node))
    return;
  const char *text = rc_doc_scalar_text(node, num, sizeof(num));
  problem(j, "JSON %s is %s (expected %s)", where,
          text ? text : (cJSON_IsArray(node) ? "an array" : "an object"),
          want->text);
}

static void judge_json(struct judge *j)
{
  const struct cfg *c = j->cfg;
  const struct rc_http_resp *r = j->resp;
  char err[256];
  if (!c->json_key)
    return;
  struct rc_keypath *kp = rc_keypath_new(c->json_key, err, sizeof(err));
  if (!kp) {
    cannot(j, rc_arena_printf(j->ctx->arena, "bad json_key: %s", err));
    return;
  }
  struct rc_docs docs = {0};
  if (r->body_truncated)
    problem(j, "body larger than 1 MiB: JSON not read");
  else if (rc_docs_parse(&docs, r->body ? r->body : "", r->body_len, "response",
                         RC_DOC_JSON, err, sizeof(err)) != 0)
    problem(j, "body is not JSON: %s", err);
  else if (docs.n == 0)
    problem(j, "body is empty, no JSON");
  else
    rc_keypath_walk(kp, docs.docs[0], on_json, j);
  rc_docs_release(&docs);
  rc_keypath_free(kp);
}

/* The first response must send plain http to https on the same host. */
static void judge_redirect_https(struct judge *j)
{
  const struct rc_http_resp *r = j->resp;
  if (!j->cfg->redirect_https)
    return;
  const struct rc_http_hop *h = r->n_hops ? &r->hops[0] : NULL;
  if (!h || h->status < 300 || h->status > 399 || !h->location) {
    problem(j, "no redirect to https (status %ld)", r->status);
    return;
  }
  const char *loc = h->location;
  if (!is_https(loc)) {
    problem(j, "redirects to %s, not https", loc);
    return;
  }
  /* Same host: compare what follows the scheme up to the port or path. */
  const char *a = strstr(h->url, "://"), *b = loc + 8;
  size_t la = a ? strcspn(a + 3, ":/?#") : 0, lb = strcspn(b, ":/?#");
  if (!a || la != lb || strncasecmp(a + 3, b, la) != 0)
    problem(j, "redirects to another host: %s", loc);
}

static const char insecure_text[] =
    "certificate verification is off (insecure: true)";

static void judge_tls(struct judge *j)
{
  const struct cfg *c = j->cfg;
  const struct rc_http_resp *r = j->resp;
  if (c->insecure)
    rc_check_evidence(j->out, j->ctx, j->where, 0, "%s", insecure_text);
  if (c->min_days_valid <= 0)
    return;
  if (!r->have_cert) {
    if (!is_https(r->n_hops ? r->hops[r->n_hops - 1].url : c->url))
      problem(j, "not https: no certificate to check");
    else
      cannot(j, "could not read the server certificate");
    return;
  }
  if (r->cert_days_left < (double)c->min_days_valid)
    problem(j, "certificate expires in %.0f days (minimum %ld)",
            r->cert_days_left, c->min_days_valid);
}

/* Redirects taken: every response but the last led to the next one. */
static size_t redirects_followed(const struct rc_http_resp *r)
{
  return r->n_hops > 1 ? r->n_hops - 1 : 0;
}

/* Each redirect followed is evidence, and the message says where the
 * chain ended, so no report can hide that the answer came from elsewhere. */
static void note_redirects(struct judge *j)
{
  const struct rc_http_resp *r = j->resp;
  for (size_t i = 0; i < redirects_followed(r); i++)
    rc_check_evidence(j->out, j->ctx, j->where, 0,
                      "redirect %zu followed: %ld to %s", i + 1,
                      r->hops[i].status, r->hops[i + 1].url);
}

/* " after 1 redirect to URL" (masked), or "" when none was followed. */
static const char *redirect_suffix(struct judge *j)
{
  const struct rc_http_resp *r = j->resp;
  size_t n = redirects_followed(r);
  if (n == 0)
    return "";
  char *url = rc_mask_dup(r->hops[n].url);
  const char *out = rc_arena_printf(
      j->ctx->arena, " after %zu redirect%s to %s", n, n == 1 ? "" : "s", url);
  free(url);
  return out;
}

static void summarize(struct judge *j)
{
  const struct rc_http_resp *r = j->resp;
  const char *via = redirect_suffix(j);
  if (j->problems == 1)
    rc_check_set(j->out, j->ctx, RC_OUT_FAIL, "%s%s", j->first, via);
  else if (j->problems > 1)
    rc_check_set(j->out, j->ctx, RC_OUT_FAIL, "%s (and %zu more)%s", j->first,
                 j->problems - 1, via);
  else if (j->error)
    rc_check_set(j->out, j->ctx, RC_OUT_ERROR, "%s%s", j->error, via);
  else {
    const char *off =
        j->cfg->insecure ? rc_arena_printf(j->ctx->arena, "%s; ", insecure_text)
                         : "";
    if (r->have_cert)
      rc_check_set(j->out, j->ctx, RC_OUT_OK,
                   "%sstatus %ld in %.*f ms%s, certificate valid for %.0f more "
                   "days",
                   off, r->status, r->total_ms < 10 ? 1 : 0, r->total_ms, via,
                   r->cert_days_left);
    else
      rc_check_set(j->out, j->ctx, RC_OUT_OK, "%sstatus %ld in %.*f ms%s", off,
                   r->status, r->total_ms < 10 ? 1 : 0, r->total_ms, via);
    /* Passing without verification is not a plain pass (probe.h). */
    j->out->caution = j->cfg->insecure;
  }
}

static void judge_response(struct judge *j)
{
  const struct rc_http_resp *r = j->resp;
  if (r->attempts > 1)
    rc_check_evidence(j->out, j->ctx, j->where, 0, "%u attempts", r->attempts);
  judge_tls(j);
  note_redirects(j);
  if (r->err != RC_HTTP_OK) {
    /* No response is a failure of the endpoint, with the reason (which
     * may quote a server's Location: masked like evidence). */
    char *why = rc_mask_dup(r->err_msg ? r->err_msg : "");
    problem(j, "%s: %s", rc_http_err_name(r->err), why);
    free(why);
    return;
  }
  judge_status(j);
  judge_redirect_https(j);
  judge_timing(j);
  judge_header_lists(j);
  judge_header_patterns(j, &j->cfg->header_matches, true);
  judge_header_patterns(j, &j->cfg->header_not_matches, false);
  judge_security(j);
  judge_body(j);
  judge_json(j);
}

/* ---- check ----------------------------------------------------------------
 */

static const struct rc_http_resp *fetch(const struct cfg *c, struct rc_ctx *ctx,
                                        struct rc_http_cache *own,
                                        const char *url)
{
  struct rc_http_req q;
  to_req(c, ctx, url, &q);
  return rc_http_cache_get(ctx->http ? ctx->http : own, &q);
}

static void check_one(const struct cfg *c, struct rc_ctx *ctx,
                      const struct target *t, const struct rc_http_resp *resp,
                      struct rc_check *out)
{
  char *where = rc_mask_dup(t->url);
  struct judge j = {
      .cfg = c,
      .ctx = ctx,
      .out = out,
      .resp = resp,
      .target = t,
      .where = rc_arena_strdup(ctx->arena, where),
      .scratch = rc_regex_scratch_new(),
  };
  free(where);
  judge_response(&j);
  summarize(&j);
  rc_regex_scratch_free(j.scratch);
}

/* Each path is judged on its own; the check fails when one does, and every
 * path is evidence (failing first, in the report). */
static void check_many(const struct cfg *c, struct rc_ctx *ctx,
                       const struct targets *ts,
                       const struct rc_http_resp *const *resp,
                       struct rc_check *out)
{
  size_t n_fail = 0, n_err = 0;
  const char *first = NULL;
  for (size_t i = 0; i < ts->n; i++) {
    const struct target *t = &ts->t[i];
    struct rc_check one = {0};
    check_one(c, ctx, t, resp[i], &one);
    const char *via =
        t->what ? rc_arena_printf(ctx->arena, " (%s)", t->what) : "";
    enum rc_ev_mark mark = one.outcome == RC_OUT_OK ? RC_EV_PASS : RC_EV_FAIL;
    rc_check_evidence_mark(out, ctx, mark, t->url, 0, "%s: %s%s", t->path,
                           one.message, via);
    if (one.outcome == RC_OUT_OK)
      continue;
    n_fail += one.outcome == RC_OUT_FAIL;
    n_err += one.outcome == RC_OUT_ERROR;
    if (!first)
      first = rc_arena_printf(ctx->arena, "%s: %s", t->path, one.message);
  }
  if (!n_fail && !n_err)
    rc_check_set(out, ctx, RC_OUT_OK, "all %zu paths answer as expected",
                 ts->n);
  else
    rc_check_set(out, ctx, n_fail ? RC_OUT_FAIL : RC_OUT_ERROR,
                 "%zu of %zu paths %s; %s", n_fail + n_err, ts->n,
                 n_fail ? "fail" : "could not be checked", first);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  const struct cfg *c = vcfg;
  struct targets ts;
  const char *err = NULL;
  if (!http_url(c->url)) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "url '%s' is not http:// or https://",
                 c->url);
    return;
  }
  if (targets_of(c, ctx, &ts, &err) != 0) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "%s", err);
    return;
  }
  if (ts.n == 0) {
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "no path to ask: no smoke entry and no health check path in "
                 "the deployed services");
    free(ts.t);
    return;
  }
  struct rc_http_cache *own = ctx->http ? NULL : rc_http_cache_new();
  const struct rc_http_resp **resp =
      rc_arena_alloc(ctx->arena, ts.n * sizeof(*resp));
  size_t down = 0;
  const char *why = NULL;
  for (size_t i = 0; i < ts.n; i++) {
    resp[i] = fetch(c, ctx, own, ts.t[i].url);
    const char *w =
        c->reachability ? NULL : rc_check_unreached(ctx, ts.t[i].url, resp[i]);
    down += w != NULL;
    why = w ? w : why;
  }
  if (down == ts.n)
    rc_check_set(out, ctx, RC_OUT_SKIP, "%s", why);
  else if (!multi(c))
    check_one(c, ctx, &ts.t[0], resp[0], out);
  else
    check_many(c, ctx, &ts, resp, out);
  free(ts.t);
  rc_http_cache_free(own);
}

/* ---- validation ---------------------------------------------------------- */

static const char *check_status(const void *value, char *buf, size_t buflen)
{
  const char *s = value;
  size_t n = strlen(s);
  bool ok = n == 3 && s[0] >= '1' && s[0] <= '5' &&
            (((s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X')) ||
             (isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2])));
  if (ok)
    return NULL;
  snprintf(buf, buflen, "entry '%.40s' is not a code like 200 or 2xx", s);
  return buf;
}

static const char *check_header_spec(const void *value, char *buf,
                                     size_t buflen)
{
  (void)buf;
  (void)buflen;
  const char *s = value;
  const char *colon = strchr(s, ':');
  bool ok = colon && colon != s;
  for (const char *p = s; ok && p < colon; p++)
    ok = isalnum((unsigned char)*p) || *p == '-' || *p == '_';
  return ok ? NULL : "entries must look like 'Name: value'";
}

static const char *smoke_error(const char *entry, char *buf, size_t len)
{
  if (entry[0] != '/') {
    snprintf(buf, len, "the path must start with '/'");
    return buf;
  }
  const char *p = entry + strcspn(entry, " \t");
  while (*p) {
    p += strspn(p, " \t");
    size_t k = strcspn(p, " \t");
    char code[8];
    if (k == 0)
      break;
    snprintf(code, sizeof(code), "%.*s", (int)(k < 7 ? k : 7), p);
    if (k > 3 || check_status(code, buf, len)) {
      snprintf(buf, len, "'%.*s' is not a status like 200 or 4xx",
               (int)(k < 40 ? k : 40), p);
      return buf;
    }
    p += k;
  }
  return NULL;
}

/* Each item of `paths` holds one or more entries separated by commas. */
static const char *check_smoke(const void *value, char *buf, size_t buflen)
{
  char copy[1024], why[256], *save = NULL;
  snprintf(copy, sizeof(copy), "%s", (const char *)value);
  for (char *e = strtok_r(copy, ",", &save); e;
       e = strtok_r(NULL, ",", &save)) {
    while (isspace((unsigned char)*e))
      e++;
    size_t n = strlen(e);
    while (n && isspace((unsigned char)e[n - 1]))
      e[--n] = '\0';
    if (*e && smoke_error(e, why, sizeof(why))) {
      snprintf(buf, buflen, "entry '%.60s': %s", e, why);
      return buf;
    }
  }
  return NULL;
}

static const char *check_url(const void *value, char *buf, size_t buflen)
{
  (void)buf;
  (void)buflen;
  return http_url(value) ? NULL : "must start with http:// or https://";
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *c = vcfg;
  int rc = 0;
  if (c->body && c->method != RC_HTTP_POST)
    rc = rc_error(d, loc, "'body' needs 'method: POST'");
  if (c->json_equals.kind != RC_SCALAR_NONE && !c->json_key)
    rc = rc_error(d, loc, "'json_equals' needs 'json_key'");
  if (c->redirect_https && c->follow_redirects)
    rc = rc_error(d, loc,
                  "'redirect_https' checks the first response: drop "
                  "'follow_redirects'");
  if (c->reachability && multi(c))
    rc = rc_error(d, loc,
                  "'reachability' stands for one URL: drop 'paths' and "
                  "'health_paths'");
  return rc ? -1 : 0;
}

/* Single values, checked where they are written (probe.h). */
static const struct rc_value_rule value_rules[] = {
    {.field = "url", .check = check_url},
    {.field = "status", .check = check_status},
    {.field = "headers", .check = check_header_spec},
    {.field = "header_equals", .check = check_header_spec},
    {.field = "header_matches", .check = check_header_spec},
    {.field = "header_not_matches", .check = check_header_spec},
    {.field = "paths", .check = check_smoke},
    {.field = "timeout_ms", .ranged = true, .min = 0, .max = TIMEOUT_MAX},
    {.field = "retries", .ranged = true, .min = 0, .max = RETRIES_MAX},
    {.field = "retry_delay_ms",
     .ranged = true,
     .min = 0,
     .max = RETRY_DELAY_MAX},
    {.field = "max_redirects",
     .ranged = true,
     .min = 0,
     .max = RC_HTTP_MAX_REDIRECTS},
    {.field = "max_time_ms", .ranged = true, .min = 0, .max = TIMEOUT_MAX},
    {.field = "max_ttfb_ms", .ranged = true, .min = 0, .max = TIMEOUT_MAX},
    {.field = "min_days_valid", .ranged = true, .min = 0, .max = 3650},
    {.field = "hsts_min_age", .ranged = true, .min = 0, .max = 1L << 30},
    {.field = NULL},
};

#define F(name, type, member, doc)                                             \
  {                                                                            \
    name, type, offsetof(struct cfg, member), 0, NULL, doc                     \
  }

static const struct rc_field fields[] = {
    {"url", RC_FIELD_STRING, offsetof(struct cfg, url), RC_FIELD_REQUIRED, NULL,
     "http:// or https:// URL, usually from ${VAR} or --endpoint"},
    {"method", RC_FIELD_ENUM, offsetof(struct cfg, method), 0, method_names,
     "GET (default), HEAD or POST"},
    F("body", RC_FIELD_STRING, body, "request body for POST"),
    F("headers", RC_FIELD_STRINGS, headers,
      "request headers 'Name: value' (never shown in any report)"),
    F("status", RC_FIELD_STRINGS, status,
      "accepted status codes: 200, [200, 204] or classes like 2xx "
      "(default 2xx)"),
    F("max_time_ms", RC_FIELD_INT, max_time_ms,
      "the whole response within this many milliseconds"),
    F("max_ttfb_ms", RC_FIELD_INT, max_ttfb_ms,
      "first byte within this many milliseconds"),
    F("header_present", RC_FIELD_STRINGS, header_present,
      "response headers that must be present"),
    F("header_absent", RC_FIELD_STRINGS, header_absent,
      "response headers that must be absent (X-Powered-By)"),
    F("header_equals", RC_FIELD_STRINGS, header_equals,
      "'Name: value': the header equals value (case-insensitive)"),
    F("header_matches", RC_FIELD_STRINGS, header_matches,
      "'Name: regex': the header is present and matches"),
    F("header_not_matches", RC_FIELD_STRINGS, header_not_matches,
      "'Name: regex': the header, if present, does not match"),
    F("hsts_min_age", RC_FIELD_INT, hsts_min_age,
      "Strict-Transport-Security with max-age of at least this many seconds"),
    F("cors_strict", RC_FIELD_BOOL, cors_strict,
      "fail when CORS allows origin * together with credentials"),
    F("body_matches", RC_FIELD_REGEX, body_matches,
      "PCRE2 pattern the body (first 1 MiB) must match"),
    F("json_key", RC_FIELD_STRING, json_key,
      "key path into a JSON body that must exist"),
    F("json_equals", RC_FIELD_SCALAR, json_equals,
      "every value json_key reaches equals this"),
    F("redirect_https", RC_FIELD_BOOL, redirect_https,
      "the response redirects to https:// on the same host"),
    F("follow_redirects", RC_FIELD_BOOL, follow_redirects,
      "follow redirects and judge the last response (default false)"),
    F("max_redirects", RC_FIELD_OPT_INT, max_redirects,
      "most redirects followed, 0 = none (default 5)"),
    F("allow_other_hosts", RC_FIELD_BOOL, allow_other_hosts,
      "redirects may go to another origin (scheme, host or port), which "
      "never gets the request's credentials (default false)"),
    F("insecure", RC_FIELD_BOOL, insecure,
      "skip certificate verification; flagged in the report"),
    F("ca_file", RC_FIELD_STRING, ca_file,
      "CA bundle to verify against instead of the system one"),
    F("min_days_valid", RC_FIELD_INT, min_days_valid,
      "the certificate stays valid at least this many days"),
    {"min_tls", RC_FIELD_ENUM, offsetof(struct cfg, min_tls), 0, tls_names,
     "lowest TLS version accepted: any (default), 1.2 or 1.3"},
    F("retries", RC_FIELD_INT, retries,
      "extra attempts when the service is not up yet (default 0)"),
    F("retry_delay_ms", RC_FIELD_INT, retry_delay_ms,
      "first wait between attempts, doubled each time (default 500)"),
    F("timeout_ms", RC_FIELD_INT, timeout_ms,
      "per attempt (default --timeout, else 10000)"),
    F("reachability", RC_FIELD_BOOL, reachability,
      "this request stands for its origin: when the origin cannot be "
      "reached, this rule reports why and other http checks on it are not "
      "evaluated"),
    F("paths", RC_FIELD_STRINGS, paths,
      "smoke list on url: 'PATH [STATUS...]' entries (comma-separated within "
      "an item), e.g. '/admin 401 403'; default status as 'status'"),
    F("health_paths", RC_FIELD_BOOL, health_paths,
      "also ask url for each health check path of the deployed services "
      "(compose healthcheck, Dockerfile HEALTHCHECK)"),
    {NULL, 0, 0, 0, NULL, NULL},
};

#undef F

/* `health_paths: true` adds the deployed services' health check paths, read
 * from the deployment model. */
static bool reads_model_for(const void *vcfg)
{
  return ((const struct cfg *)vcfg)->health_paths;
}

const struct rc_probe rc_probe_http = {
    .name = "http",
    .summary = "a live HTTP(S) endpoint: status, latency, headers, body, TLS",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .network = true,
    .prepare = prepare,
    .value_rules = value_rules,
    .reads_model_for = reads_model_for,
};
