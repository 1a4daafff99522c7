/*
 * nginx_levels.c - what one level of the tree sets itself (add_header,
 * more_set_headers, listen ... ssl, return, proxy_pass) and inherits from
 * the levels around it, how a block is named in messages, and the
 * failures recorded (once per block, once per file).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/app_headers.h"
#include "readycheck/buf.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

#include "nginx_parts.h"

/* Whether spec contains one of words (lowercase), ignoring case. */
static bool name_hints(const char *spec, const char *const *words)
{
  for (const char *s = spec; *s; s++)
    for (size_t i = 0; words[i]; i++)
      if (strncasecmp(s, words[i], strlen(words[i])) == 0)
        return true;
  return false;
}

static const char *const tls_hints[] = {"ssl", "cert", "tls", "letsencrypt",
                                        NULL};
static const char *const header_hints[] = {"header", "security", NULL};

/* Header name of an add_header / more_set_headers argument. want may list
 * alternatives, "X-Frame-Options|Content-Security-Policy": either is sent. */
static bool same_header(const char *name, const char *want)
{
  size_t n = strcspn(name, ":");
  for (const char *w = want;; w++) {
    size_t len = strcspn(w, "|");
    if (len == n && strncasecmp(name, w, n) == 0)
      return true;
    w += len;
    if (!*w)
      return false;
  }
}

bool nx_has_header(const struct node *const *h, size_t n, const char *want)
{
  for (size_t i = 0; i < n; i++)
    if (h[i]->nargs > 0 && same_header(h[i]->args[0], want))
      return true;
  return false;
}

/* more_set_headers "Name: value" [-s 404] [-t type] ... */
bool nx_more_has_header(const struct node *const *h, size_t n, const char *want)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < h[i]->nargs; j++) {
      if (h[i]->args[j][0] == '-') {
        j++;
        continue;
      }
      if (same_header(h[i]->args[j], want))
        return true;
    }
  return false;
}

const struct node **nx_concat(struct run *r, const struct node **a, size_t na,
                              const struct node **b, size_t nb)
{
  const struct node **v = rc_arena_alloc(r->a, (na + nb + 1) * sizeof(*v));
  if (na)
    memcpy(v, a, na * sizeof(*v));
  if (nb)
    memcpy(v + na, b, nb * sizeof(*v));
  return v;
}

static void push(const struct node ***v, size_t *n, size_t *cap,
                 const struct node *d)
{
  rc_grow((void **)v, cap, *n, sizeof(**v));
  (*v)[(*n)++] = d;
}

static bool listens_tls(const struct node *d)
{
  for (size_t i = 0; i < d->nargs; i++)
    if (strcmp(d->args[i], "ssl") == 0 || strcmp(d->args[i], "quic") == 0)
      return true;
  return false;
}

/* `return 204;`, `return 301 https://...`, `return https://...` (302). */
static int return_status(const struct node *d)
{
  const char *a = nx_arg(d, 0);
  if (!*a || strspn(a, "0123456789") != strlen(a))
    return 302;
  return atoi(a);
}

const char *const nx_upstream_passes[] = {
    "proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", NULL};

void nx_scan_own(const struct node *b, struct inh *e, struct own *o)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (d->block)
      continue;
    if (nx_is_named(d, "ssl_certificate"))
      e->cert = d;
    else if (nx_is_named(d, "ssl_certificate_key"))
      e->key = d;
    else if (nx_is_named(d, "server_tokens"))
      e->tokens = d;
    else if (nx_is_named(d, "ssl_reject_handshake"))
      e->reject_handshake = strcmp(nx_arg(d, 0), "on") == 0;
    else if (nx_is_named(d, "add_header"))
      push(&o->hdr, &o->n_hdr, &o->cap_hdr, d);
    else if (nx_is_named(d, "more_set_headers"))
      push(&o->more, &o->n_more, &o->cap_more, d);
    else if (nx_is_named(d, "add_header_inherit"))
      e->mode = strcmp(nx_arg(d, 0), "merge") == 0 ? INHERIT_MERGE
                : strcmp(nx_arg(d, 0), "off") == 0 ? INHERIT_OFF
                                                   : INHERIT_ON;
    else if (nx_is_named(d, "include") && d->unresolved) {
      o->unresolved = true;
      e->cert_assumed |= name_hints(nx_arg(d, 0), tls_hints);
      e->headers_assumed |= name_hints(nx_arg(d, 0), header_hints);
    } else if (nx_is_named(d, "listen") && listens_tls(d)) {
      o->tls = true;
      o->listen = d;
    } else if (nx_is_named(d, "return")) {
      o->returns = true;
      o->ret = return_status(d);
    } else if (nx_in_list(d->name, nx_upstream_passes)) {
      o->proxies = true;
    } else if (nx_is_named(d, "ssl") && strcmp(nx_arg(d, 0), "on") == 0) {
      o->tls = true;
      o->listen = o->listen ? o->listen : d;
    }
  }
}

/* "server 'example.com'", "location '/api'", "http". */
const char *nx_describe(struct run *r, const struct node *b)
{
  if (nx_is_named(b, "server")) {
    for (const struct node *d = b->child; d; d = d->next)
      if (nx_is_named(d, "server_name") && d->nargs > 0)
        return rc_arena_printf(r->a, "server '%s'", d->args[0]);
    return "server";
  }
  if (!b->name[0])
    return "the top level";
  if (b->nargs == 0)
    return b->name;
  struct rc_buf s;
  rc_buf_init(&s);
  for (size_t i = 0; i < b->nargs && s.len < 80; i++)
    rc_buf_printf(&s, "%s%s", i ? " " : "", b->args[i]);
  const char *out = rc_arena_printf(r->a, "%s '%s'", b->name, s.data);
  rc_buf_release(&s);
  return out;
}

void nx_fail(struct run *r, const struct node *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  const char *text = rc_arena_vprintf(r->a, fmt, ap);
  va_end(ap);
  r->n_failed++;
  if (!r->first)
    r->first =
        rc_arena_printf(r->ctx->arena, "%s:%u: %s", at->file, at->line, text);
  rc_check_evidence(r->out, r->ctx, at->file, at->line, "%s", text);
}

/* fail(), once per file: a later server of a file already reported only
 * counts (said in the first one's evidence by note_more_servers()). */
void nx_fail_once_per_file(struct run *r, const struct node *at,
                           const char *text)
{
  for (size_t i = 0; i < r->n_files; i++)
    if (strcmp(r->files[i].file, at->file) == 0) {
      r->files[i].more++;
      r->n_failed++;
      return;
    }
  size_t before = r->out->n_ev;
  nx_fail(r, at, "%s", text);
  if (r->out->n_ev == before)
    return; /* no room for evidence: nothing to count into */
  rc_grow((void **)&r->files, &r->cap_files, r->n_files, sizeof(*r->files));
  r->files[r->n_files++] =
      (struct per_file){.file = at->file, .ev = before, .more = 0};
}

void nx_note_more_servers(struct run *r)
{
  for (size_t i = 0; i < r->n_files; i++) {
    struct rc_evidence *e = &r->out->ev[r->files[i].ev];
    if (r->files[i].more)
      e->text = rc_arena_printf(
          r->ctx->arena, "%s (and %zu more %s%s in this file)", e->text,
          r->files[i].more,
          r->cfg->check == CHECK_ADD_HEADER ? "block" : "server",
          r->files[i].more == 1 ? "" : "s");
  }
  free(r->files);
  r->files = NULL;
  r->n_files = r->cap_files = 0;
}

/* The level answers with no page of its own: a redirect, an error, a
 * CORS preflight's `return 204`. Headers that protect a document (framing,
 * sniffing, referrers, CSP) have nothing to protect there, and add_header
 * without `always` is not even sent with an error status. */
bool nx_serves_no_page(const struct own *o)
{
  return o->returns && (o->ret == 204 || o->ret >= 300);
}

/* The level still sends h although its add_header replaced the inherited
 * ones: headers-more's more_set_headers (inherited and merged, unlike
 * add_header), or the application behind it sends h itself. */
bool nx_still_sent(struct run *r, const struct node *b, const struct inh *up,
                   const struct own *o, const char *h)
{
  return nx_more_has_header(up->more, up->n_more, h) ||
         nx_more_has_header(o->more, o->n_more, h) ||
         (o->proxies && nx_app_sends(r, b, h));
}

/* One block reported twice (a snippet included by two servers) is one
 * problem. */
bool nx_reported(struct run *r, const struct node *b)
{
  for (size_t i = 0; i < r->n_seen; i++)
    if (r->seen[i]->line == b->line && strcmp(r->seen[i]->file, b->file) == 0)
      return true;
  rc_grow((void **)&r->seen, &r->cap_seen, r->n_seen, sizeof(*r->seen));
  r->seen[r->n_seen++] = b;
  return false;
}

/* "by server 'x' at f:12"; a snippet's own top level (a file included
 * inside a server) has no line of its own. */
const char *nx_set_where(struct run *r, const struct node *at)
{
  if (!at->name[0])
    return rc_arena_printf(r->a, "at the top of %s", at->file);
  return rc_arena_printf(r->a, "by %s at %s:%u", nx_describe(r, at), at->file,
                         at->line);
}
