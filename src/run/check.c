/*
 * check.c - how probes record what they found. Evidence passes through the
 * masker here, once, so no probe can forget to hide a secret.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/http.h"
#include "readycheck/index.h"
#include "readycheck/mask.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/role.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

void rc_check_set(struct rc_check *c, struct rc_ctx *ctx, enum rc_outcome o,
                  const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  c->outcome = o;
  c->message = rc_arena_vprintf(ctx->arena, fmt, ap);
  va_end(ap);
}

/* Index of the last kept item marked passing, or n_ev when none. */
static size_t last_passing(const struct rc_check *c)
{
  for (size_t i = c->n_ev; i-- > 0;)
    if (c->ev[i].mark == RC_EV_PASS)
      return i;
  return c->n_ev;
}

size_t rc_ctx_evidence_max(const struct rc_ctx *ctx)
{
  return ctx && ctx->evidence_max ? ctx->evidence_max : RC_EVIDENCE_MAX;
}

/* True when an item with this mark will be kept: there is room, or it is
 * not a passing item and a passing one can make room for it. */
static bool has_room(const struct rc_check *c, const struct rc_ctx *ctx,
                     enum rc_ev_mark mark)
{
  return c->n_ev < rc_ctx_evidence_max(ctx) ||
         (mark != RC_EV_PASS && last_passing(c) < c->n_ev);
}

static void push(struct rc_check *c, struct rc_ctx *ctx, const char *path,
                 unsigned line, const char *text, enum rc_ev_mark mark)
{
  if (!has_room(c, ctx, mark)) {
    c->n_ev_dropped++;
    c->n_ev_dropped_pass += mark == RC_EV_PASS;
    return;
  }
  if (c->n_ev >= rc_ctx_evidence_max(ctx)) {
    /* A failing item displaces the last passing one; order is kept. */
    size_t k = last_passing(c);
    memmove(&c->ev[k], &c->ev[k + 1], (c->n_ev - k - 1) * sizeof(*c->ev));
    c->n_ev--;
    c->n_ev_dropped++;
    c->n_ev_dropped_pass++;
  }
  if (c->n_ev == c->cap_ev) {
    size_t ncap = c->cap_ev ? c->cap_ev * 2 : 4;
    struct rc_evidence *nev = rc_arena_alloc(ctx->arena, ncap * sizeof(*nev));
    if (c->n_ev)
      memcpy(nev, c->ev, c->n_ev * sizeof(*nev));
    c->ev = nev;
    c->cap_ev = ncap;
  }
  struct rc_evidence *e = &c->ev[c->n_ev++];
  memset(e, 0, sizeof(*e));
  e->path = path ? rc_arena_strdup(ctx->arena, path) : NULL;
  e->line = line;
  e->text = text;
  e->mark = mark;
}

/* Evidence is for people: a minified line of 100 KB helps nobody and bloats
 * every report, so it is cut (on a UTF-8 boundary) to RC_EVIDENCE_TEXT_MAX. */
static const char *clip(struct rc_ctx *ctx, const char *s, size_t len)
{
  if (len <= RC_EVIDENCE_TEXT_MAX)
    return rc_arena_strndup(ctx->arena, s, len);
  size_t cut = RC_EVIDENCE_TEXT_MAX;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut--;
  return rc_arena_printf(ctx->arena, "%.*s...", (int)cut, s);
}

static void record(struct rc_check *c, struct rc_ctx *ctx, enum rc_ev_mark mark,
                   const char *path, unsigned line, const char *fmt, va_list ap)
{
  if (!has_room(c, ctx, mark)) {
    c->n_ev_dropped++;
    c->n_ev_dropped_pass += mark == RC_EV_PASS;
    return;
  }
  struct rc_buf raw, masked;
  rc_buf_init(&raw);
  rc_buf_init(&masked);
  rc_buf_vprintf(&raw, fmt, ap);
  rc_mask_line(raw.data, raw.len, &masked);
  /* Reporters print "path:line: text"; a text that starts with its own path
   * (probes reuse their one-line messages) would show it twice. */
  size_t skip = 0, plen = path ? strlen(path) : 0;
  if (plen && strncmp(masked.data, path, plen) == 0 &&
      strncmp(masked.data + plen, ": ", 2) == 0)
    skip = plen + 2;
  push(c, ctx, path, line, clip(ctx, masked.data + skip, masked.len - skip),
       mark);
  rc_buf_release(&raw);
  rc_buf_release(&masked);
}

void rc_check_evidence(struct rc_check *c, struct rc_ctx *ctx, const char *path,
                       unsigned line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  record(c, ctx, RC_EV_UNSET, path, line, fmt, ap);
  va_end(ap);
}

void rc_check_evidence_mark(struct rc_check *c, struct rc_ctx *ctx,
                            enum rc_ev_mark mark, const char *path,
                            unsigned line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  record(c, ctx, mark, path, line, fmt, ap);
  va_end(ap);
}

void rc_check_gap(struct rc_check *c, struct rc_ctx *ctx,
                  const struct rc_skip *gap)
{
  if (!gap || c->outcome == RC_OUT_ERROR)
    return;
  /* A SKIP ("nothing matches, not applicable") is as unsure as a FAIL
   * ("does not exist") when matches could hide in the gap. */
  const char *was = c->message && *c->message ? c->message : NULL;
  rc_check_evidence(c, ctx, gap->path, 0, "directory could not be read: %s",
                    gap->reason);
  rc_check_set(c, ctx, RC_OUT_ERROR,
               "cannot tell: directory '%s' could not be read (%s)%s%s",
               gap->path, gap->reason, was ? "; " : "", was ? was : "");
  c->caution = false;
  c->vacuous = false;
}

void rc_check_take_evidence(struct rc_check *dst, struct rc_ctx *ctx,
                            const struct rc_check *src)
{
  /* Already masked when src recorded it. */
  for (size_t i = 0; i < src->n_ev; i++)
    push(dst, ctx, src->ev[i].path, src->ev[i].line, src->ev[i].text,
         src->ev[i].mark);
  dst->n_ev_dropped += src->n_ev_dropped;
  dst->n_ev_dropped_pass += src->n_ev_dropped_pass;
}

const char *rc_strlist_quote(struct rc_arena *a, const struct rc_strlist *l)
{
  struct rc_buf b;
  rc_buf_init(&b);
  size_t shown = l->n > 4 ? 3 : l->n;
  for (size_t i = 0; i < shown; i++) {
    if (i)
      rc_buf_puts(&b, i + 1 == l->n ? " or " : ", ");
    rc_buf_printf(&b, "'%s'", l->items[i]);
  }
  if (shown < l->n)
    rc_buf_printf(&b, " or %zu more", l->n - shown);
  const char *s = rc_arena_strdup(a, b.data);
  rc_buf_release(&b);
  return s;
}

int rc_globs_validate(const struct rc_strlist *l, const char *field,
                      const struct rc_loc *loc, struct rc_diag *d)
{
  int rc = 0;
  for (size_t i = 0; i < l->n; i++) {
    const char *p = l->items[i];
    const char *bad = rc_vars_has_ref(p) ? NULL : rc_glob_check(p);
    if (!*p)
      rc = rc_error(d, loc, "'%s' entries must not be empty", field);
    else if (bad)
      rc = rc_error(d, loc, "invalid glob '%s': %s", p, bad);
  }
  return rc;
}

const struct rc_value_rule *rc_value_rule_find(const struct rc_probe *p,
                                               const struct rc_field *f)
{
  for (const struct rc_value_rule *r = p->value_rules; r && r->field; r++)
    if (strcmp(r->field, f->name) == 0)
      return r;
  return NULL;
}

static bool in_range(const struct rc_value_rule *r, const struct rc_field *f,
                     const void *value, double *v)
{
  if (f->type == RC_FIELD_INT)
    *v = (double)*(const long *)value;
  else if (f->type == RC_FIELD_OPT_INT)
    *v = (double)((const struct rc_opt_long *)value)->value;
  else if (f->type == RC_FIELD_NUMBER)
    *v = *(const double *)value;
  else
    return true;
  return *v >= r->min && *v <= r->max;
}

const char *rc_value_rule_check(const struct rc_value_rule *r,
                                const struct rc_field *f, const void *value,
                                char *buf, size_t buflen)
{
  double v;
  if (!r)
    return NULL;
  if (r->ranged && !in_range(r, f, value, &v)) {
    snprintf(buf, buflen, "'%s' must be between %g and %g (not %g)", f->name,
             r->min, r->max, v);
    return buf;
  }
  if (!r->check)
    return NULL;
  if (f->type == RC_FIELD_STRING || f->type == RC_FIELD_STRINGS) {
    const char *text = f->type == RC_FIELD_STRING ? *(const char *const *)value
                                                  : (const char *)value;
    if (!text || rc_vars_has_ref(text))
      return NULL;
    value = text;
  }
  char why[200];
  const char *got = r->check(value, why, sizeof(why));
  if (!got)
    return NULL;
  snprintf(buf, buflen, "'%s' %s", f->name, got);
  return buf;
}

const char *rc_check_glob_value(const void *value, char *buf, size_t buflen)
{
  const char *glob = value;
  const char *bad = rc_glob_check(glob);
  if (!*glob)
    return "entries must not be empty";
  if (!bad)
    return NULL;
  snprintf(buf, buflen, "entry '%.60s' is not a valid glob: %s", glob, bad);
  return buf;
}

bool rc_strlist_matches(const struct rc_strlist *l, const char *path)
{
  for (size_t i = 0; i < l->n; i++)
    if (rc_glob_match(l->items[i], path))
      return true;
  return false;
}

bool rc_keep_deployed(const struct rc_ctx *ctx, const char *const *paths,
                      size_t n, bool *keep)
{
  const struct rc_model *m = ctx->model;
  bool any = false;
  for (size_t i = 0; i < n; i++) {
    /* A whole folder copied into an image (`COPY resources /app/resources`)
     * also carries the development config beside the production one: a
     * file whose name says development counts only when named itself. */
    bool prod_name = rc_role_of_path(paths[i], NULL, 0) == RC_ROLE_PRODUCTION;
    keep[i] = m && (prod_name ? rc_model_user_of(m, paths[i]) != NULL
                              : rc_model_user_naming(m, paths[i]) != NULL);
    keep[i] = keep[i] || (m && rc_model_view_mount(m, paths[i], prod_name));
    /* a deployment script copies it into place by hand */
    keep[i] = keep[i] || (m && rc_model_copied_by(m, paths[i], prod_name));
    any = any || keep[i];
  }
  if (any)
    return true;
  /* a README calling the folder samples not to deploy, or only a
   * development or test stack mounting the file: not production */
  for (size_t i = 0; i < n; i++)
    keep[i] = rc_role_of_path(paths[i], NULL, 0) == RC_ROLE_PRODUCTION &&
              !rc_model_collection_line(m, paths[i]) &&
              !(m && rc_model_nonprod_user_of(m, paths[i]));
  return false;
}

const char *rc_check_unreached(struct rc_ctx *ctx, const char *url,
                               const struct rc_http_resp *own)
{
  const char *by = NULL;
  if (!ctx->http || !rc_http_unreachable(own))
    return NULL;
  const struct rc_http_resp *reach = rc_http_cache_reach(ctx->http, url, &by);
  if (!reach || !rc_http_unreachable(reach) || !by || !*by ||
      (ctx->rule_id && strcmp(by, ctx->rule_id) == 0))
    return NULL;
  char *origin = rc_http_origin(url);
  const char *cause =
      reach->err != RC_HTTP_OK
          ? rc_http_err_name(reach->err)
          : rc_arena_printf(ctx->arena, "status %ld", reach->status);
  const char *msg =
      rc_arena_printf(ctx->arena, "not evaluated: %s unreachable (%s); see %s",
                      origin ? origin : "the endpoint", cause, by);
  free(origin);
  return msg;
}
