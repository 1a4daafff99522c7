/*
 * nginx_headers.c - the add_header inheritance trap (a level with its
 * own add_header inherits none), and the headers the application behind a
 * proxy sends itself, which a level need not add.
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

/* An extension a static asset has: an image, a font, a stylesheet, a
 * script, a media file, a document read, never operated. */
static bool asset_extension(const char *ext, size_t n)
{
  static const char *const exts[] = {
      "jpg",  "jpeg", "gif",  "png",  "webp",        "avif",  "bmp", "ico",
      "svg",  "ttf",  "otf",  "eot",  "woff",        "woff2", "css", "js",
      "mjs",  "map",  "json", "mp3",  "mp4",         "webm",  "ogg", "wav",
      "mpeg", "txt",  "pdf",  "scss", "webmanifest", NULL};
  for (size_t i = 0; exts[i]; i++)
    if (strlen(exts[i]) == n && strncasecmp(ext, exts[i], n) == 0)
      return true;
  return false;
}

/* An exact location naming one static asset: `location = /sw.js`. */
static bool exact_asset(const struct node *b)
{
  const char *dot = strrchr(b->args[1], '.');
  return strcmp(b->args[0], "=") == 0 && dot && !strchr(dot, '/') &&
         asset_extension(dot + 1, strlen(dot + 1));
}

/* A location matching static assets only: files by extension, each a
 * static asset's (`location ~* \.(css|js|png|woff2)$`), or one such
 * file. */
static bool serves_assets_only(const struct node *b)
{
  if (!nx_is_named(b, "location") || b->nargs != 2)
    return false;
  if (exact_asset(b))
    return true;
  if (strcmp(b->args[0], "~") != 0 && strcmp(b->args[0], "~*") != 0)
    return false;
  static const char *const any_name[] = {"",    "^",   ".*", ".+",
                                         "^.*", "^.+", NULL};
  const char *re = b->args[1];
  const char *dot = strstr(re, "\\.");
  bool prefix_ok = false; /* nothing but "any file name" before the dot */
  for (size_t i = 0; dot && any_name[i]; i++)
    prefix_ok = prefix_ok || ((size_t)(dot - re) == strlen(any_name[i]) &&
                              strncmp(re, any_name[i], dot - re) == 0);
  if (!prefix_ok)
    return false;
  const char *p = dot + 2;
  bool group = *p == '(';
  if (group)
    p += strncmp(p, "(?:", 3) == 0 ? 3 : 1;
  for (;;) {
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"
                         "123456789");
    if (n == 0 || !asset_extension(p, n))
      return false;
    p += n;
    if (*p != '|')
      break;
    p++;
  }
  if (group && *p++ != ')')
    return false;
  return strcmp(p, "$") == 0;
}

/* A header that protects an operated document only: framing
 * (clickjacking needs a page to click) and the referrer a page's links
 * send. A stylesheet, script or image does not need them. */
static bool document_only(const char *h)
{
  return strcasecmp(h, "X-Frame-Options") == 0 ||
         strcasecmp(h, "Referrer-Policy") == 0;
}

/* The trap: a level with its own add_header inherits none from above.
 * Reported once per file, counting its other blocks: repeating the
 * headers (or one include of a snippet) in each block of a file is one
 * fix, not one per location. */
void nx_check_add_header(struct run *r, const struct node *b,
                         const struct inh *up, const struct own *o, int mode)
{
  if (o->n_hdr == 0 || mode != INHERIT_ON || o->unresolved)
    return;
  r->n_checked++;
  if (nx_serves_no_page(o))
    return;
  struct rc_buf lost;
  rc_buf_init(&lost);
  for (size_t i = 0; i < r->headers.n; i++) {
    const char *h = r->headers.items[i];
    if (nx_has_header(up->hdr, up->n_hdr, h) &&
        !nx_has_header(o->hdr, o->n_hdr, h) && !nx_still_sent(r, b, up, o, h) &&
        !(document_only(h) && serves_assets_only(b)))
      rc_buf_printf(&lost, "%s%s", lost.len ? ", " : "", h);
  }
  if (lost.len && !nx_reported(r, b))
    nx_fail_once_per_file(
        r, b,
        rc_arena_printf(r->a,
                        "%s has its own add_header, so it drops %s set %s "
                        "(add_header is inherited only by levels without "
                        "one)",
                        nx_describe(r, b), lost.data,
                        nx_set_where(r, up->hdr_at)));
  rc_buf_release(&lost);
}

/* "A|B" is listed as "A or B". */
void nx_append_header_entry(struct rc_buf *b, const char *h)
{
  if (b->len)
    rc_buf_puts(b, ", ");
  for (; *h; h++) {
    if (*h == '|')
      rc_buf_puts(b, " or ");
    else
      rc_buf_putc(b, *h);
  }
}

/* rc_app_sends_header() reads the application's source: once per header
 * and check, however many servers ask. */
static const struct app_header *app_header(struct run *r, const char *name)
{
  for (size_t i = 0; i < r->n_app; i++)
    if (strcasecmp(r->app[i].name, name) == 0)
      return &r->app[i];
  if (r->n_app == sizeof(r->app) / sizeof(r->app[0]))
    return NULL;
  struct app_header *h = &r->app[r->n_app++];
  h->name = name;
  h->sends =
      rc_app_sends_header(r->ctx->index, r->ctx->arena, name, &h->at, &h->how);
  return h;
}

/* A path or location that names uploaded content (`/srv/uploads/`,
 * `location /media/`, `/images/`): what users put there is what MIME
 * sniffing turns into script. The project's own static files (`/static/`, a PHP
 * app's document root) are not. */
static bool names_uploads(const char *s)
{
  static const char *const words[] = {
      "upload", "media",       "attachment",   "files",   "images",
      "avatar", "usercontent", "user-content", "storage", NULL};
  for (size_t i = 0; words[i]; i++)
    if (rc_str_find_ci(s, words[i]))
      return true;
  return false;
}

/* One of the files nginx ships beside nginx.conf (`include fastcgi_params;`):
 * parameters and types, never a location. */
bool nx_stock_include(const char *spec)
{
  static const char *const stock[] = {
      "fastcgi_params", "fastcgi.conf", "mime.types", "uwsgi_params",
      "scgi_params",    "proxy_params", NULL};
  const char *slash = strrchr(spec, '/');
  const char *base = slash ? slash + 1 : spec;
  for (size_t i = 0; stock[i]; i++)
    if (strcmp(base, stock[i]) == 0)
      return true;
  return false;
}

/* The block or a block inside it serves uploaded files from disk (root,
 * alias naming uploads, or under a location naming them), or includes a
 * file we cannot read that may. */
static bool serves_uploads(const struct node *b, bool in_uploads)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (nx_is_named(d, "include") && d->unresolved &&
        !nx_stock_include(nx_arg(d, 0)))
      return true; /* locations we cannot read may serve them */
    if ((nx_is_named(d, "root") || nx_is_named(d, "alias")) &&
        (in_uploads || names_uploads(nx_arg(d, 0))))
      return true;
    if (d->block) {
      bool up = in_uploads;
      for (size_t i = 0; i < d->nargs && nx_is_named(d, "location"); i++)
        up = up || names_uploads(nx_arg(d, i));
      if (serves_uploads(d, up))
        return true;
    }
  }
  return false;
}

/* The application behind the proxy sends one of the alternatives of
 * entry ("X-Frame-Options|Content-Security-Policy") itself: said as
 * passing evidence, for a reader to judge. Its nosniff covers only what
 * it answers: a server that also serves uploaded files itself sends them
 * without one (its own static files, sniffed or not, are the project's:
 * reviewers called those findings false). */
bool nx_app_sends(struct run *r, const struct node *b, const char *entry)
{
  for (const char *h = entry; *h;) {
    size_t n = strcspn(h, "|");
    const char *one = rc_arena_strndup(r->ctx->arena, h, n);
    if (strcasecmp(one, "X-Content-Type-Options") == 0 &&
        serves_uploads(b, false)) {
      h += n + (h[n] == '|');
      continue;
    }
    const struct app_header *ah = app_header(r, one);
    if (ah && ah->sends) {
      rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, ah->at.path,
                             ah->at.line,
                             "%s: the application sends %s itself (%s)",
                             nx_describe(r, b), one, ah->how);
      return true;
    }
    h += n + (h[n] == '|');
  }
  return false;
}
