/*
 * nginx_servers.c - what each server serves (files, a proxied upstream,
 * only redirects), the checks judged per server, and the walk over the
 * tree that carries what each level inherits.
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

/* Blocks that hold data (map entries, MIME types, upstream servers), not
 * directives: a `server` or `ssl` inside them is no directive. */
static const char *const data_blocks[] = {
    "map",      "geo",    "types", "split_clients", "charset_map", "match",
    "upstream", "events", NULL};

/* A location that answers with no document of the project's: an ACME
 * challenge (a token for the certificate authority) or the page a server
 * shows when its upstream fails (`error_page 502 /50x.html`). */
static bool incidental_location(const struct node *loc,
                                const struct node *server)
{
  for (size_t i = 0; i < loc->nargs; i++)
    if (strstr(loc->args[i], "/.well-known/"))
      return true;
  const char *path = nx_arg(loc, loc->nargs ? loc->nargs - 1 : 0);
  for (const struct node *d = server->child; d; d = d->next)
    if (nx_is_named(d, "error_page") && d->nargs >= 2 &&
        strcmp(nx_arg(d, d->nargs - 1), path) == 0)
      return true;
  return false;
}

/* The level ends each request at an upstream, a return or a deny. */
static bool hands_over(const struct node *b)
{
  for (const struct node *d = b->child; d; d = d->next)
    if (!d->block &&
        (nx_in_list(d->name, nx_upstream_passes) || nx_is_named(d, "return") ||
         (nx_is_named(d, "deny") && strcmp(nx_arg(d, 0), "all") == 0)))
      return true;
  return false;
}

/* Some location inside b answers from disk (root, alias, try_files, or
 * no handler at all), or an include we cannot read may hold one. */
static bool serves_files(const struct node *b, const struct node *server)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (nx_is_named(d, "include") && d->unresolved &&
        !nx_stock_include(nx_arg(d, 0)))
      return true;
    if (!d->block || !nx_is_named(d, "location") ||
        incidental_location(d, server))
      continue;
    if (!hands_over(d) || serves_files(d, server))
      return true;
  }
  return false;
}

/* `location /` (or `^~ /`): what no other location matches. */
static bool catches_all(const struct node *d)
{
  return nx_is_named(d, "location") &&
         ((d->nargs == 1 && strcmp(nx_arg(d, 0), "/") == 0) ||
          (d->nargs == 2 && strcmp(nx_arg(d, 0), "^~") == 0 &&
           strcmp(nx_arg(d, 1), "/") == 0));
}

/* The server is a reverse proxy only: every request it answers goes to an
 * upstream (or is redirected), none is served from its own files. The
 * browser then gets the headers the application sends. */
static bool proxies_only(const struct node *server)
{
  if (serves_files(server, server))
    return false;
  for (const struct node *d = server->child; d; d = d->next)
    if (d->block && catches_all(d))
      return true;
  return false;
}

static void check_server(struct run *r, const struct node *b,
                         const struct inh *e, const struct own *o, bool http)
{
  int check = r->cfg->check;
  if (check == CHECK_SSL_CERT && o->tls && !e->reject_handshake) {
    r->n_checked++;
    if ((e->cert && e->key) || e->cert_assumed)
      return;
    const char *what = !e->cert && !e->key ? "ssl_certificate and "
                                             "ssl_certificate_key"
                       : !e->cert          ? "ssl_certificate"
                                           : "ssl_certificate_key";
    nx_fail(r, b, "%s listens with ssl (%s:%u) but has no %s",
            nx_describe(r, b), o->listen->file, o->listen->line, what);
  } else if (check == CHECK_SERVER_TOKENS && http) {
    r->n_checked++;
    if (!e->tokens)
      nx_fail(r, b,
              "%s: server_tokens is not set (default on: the version is "
              "shown)",
              nx_describe(r, b));
    else if (strcmp(nx_arg(e->tokens, 0), "off") != 0)
      nx_fail(r, b, "%s: server_tokens %s (%s:%u)", nx_describe(r, b),
              nx_arg(e->tokens, 0), e->tokens->file, e->tokens->line);
  } else if (check == CHECK_SEC_HEADERS && http && o->tls && !o->returns) {
    bool proxy = r->cfg->proxied != PROXIED_ANY && proxies_only(b);
    if ((r->cfg->proxied == PROXIED_SKIP && proxy) ||
        (r->cfg->proxied == PROXIED_ONLY && !proxy)) {
      r->n_proxied_left++;
      return;
    }
    r->n_checked++;
    if (e->headers_assumed)
      return;
    struct rc_buf miss;
    rc_buf_init(&miss);
    for (size_t i = 0; i < r->headers.n; i++) {
      const char *h = r->headers.items[i];
      if (!nx_has_header(e->hdr, e->n_hdr, h) &&
          !nx_more_has_header(e->more, e->n_more, h) && !nx_app_sends(r, b, h))
        nx_append_header_entry(&miss, h);
    }
    if (miss.len && proxy)
      nx_fail_once_per_file(
          r, b,
          rc_arena_printf(r->a,
                          "%s proxies every request to an upstream and "
                          "does not add %s; the application behind it "
                          "decides (not found sending them in this "
                          "repository's source)",
                          nx_describe(r, b), miss.data));
    else if (miss.len)
      nx_fail_once_per_file(r, b,
                            rc_arena_printf(r->a, "%s does not send %s",
                                            nx_describe(r, b), miss.data));
    rc_buf_release(&miss);
  }
}

static void walk(struct run *r, const struct node *b, enum level lv,
                 const struct inh *up);

static enum level child_level(const struct node *d, enum level lv)
{
  if (nx_is_named(d, "http"))
    return LV_HTTP;
  if (nx_is_named(d, "stream") || nx_is_named(d, "mail"))
    return LV_STREAM;
  if (nx_is_named(d, "server") && lv == LV_HTTP)
    return LV_SERVER;
  if (nx_is_named(d, "server") && lv == LV_STREAM)
    return LV_STREAM_SERVER;
  return LV_LOCATION;
}

static void walk_children(struct run *r, const struct node *b, enum level lv,
                          const struct inh *e)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (!d->block || nx_in_list(d->name, data_blocks) ||
        nx_is_lua_block(d->name))
      continue;
    enum level cl = child_level(d, lv);
    if (lv == LV_MAIN && cl == LV_LOCATION)
      continue; /* events and the like */
    walk(r, d, cl, e);
  }
}

static void walk(struct run *r, const struct node *b, enum level lv,
                 const struct inh *up)
{
  struct inh e = *up;
  struct own o = {0};
  nx_scan_own(b, &e, &o);
  bool cont = b == r->continued; /* the same http level as up */
  if (lv == LV_HTTP || lv == LV_SERVER || lv == LV_LOCATION) {
    if (r->cfg->check == CHECK_ADD_HEADER && !cont)
      nx_check_add_header(r, b, up, &o, e.mode);
    if (o.n_hdr && (e.mode == INHERIT_MERGE || cont))
      e.hdr = nx_concat(r, up->hdr, up->n_hdr, o.hdr, o.n_hdr);
    else if (o.n_hdr)
      e.hdr = nx_concat(r, NULL, 0, o.hdr, o.n_hdr);
    if (o.n_hdr) {
      e.n_hdr = o.n_hdr + (e.mode == INHERIT_MERGE || cont ? up->n_hdr : 0);
      e.hdr_at = cont && up->n_hdr ? up->hdr_at : b;
    } else if (e.mode == INHERIT_OFF) {
      e.n_hdr = 0;
    }
    if (o.n_more) {
      e.more = nx_concat(r, up->more, up->n_more, o.more, o.n_more);
      e.n_more = up->n_more + o.n_more;
    }
  }
  if (lv == LV_HTTP && r->capture) {
    r->capture = false;
    rc_grow((void **)&r->mains, &r->cap_mains, r->n_mains, sizeof(*r->mains));
    r->mains[r->n_mains++] = (struct main_http){r->root_dir, e};
  }
  if (lv == LV_SERVER || lv == LV_STREAM_SERVER)
    check_server(r, b, &e, &o, lv == LV_SERVER);
  walk_children(r, b, lv, &e);
  free(o.hdr);
  free(o.more);
}

/* Every `ssl` directive, wherever it is: removed in nginx 1.25.1. */
static void find_ssl_directive(struct run *r, const struct node *b)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (d->block && !nx_in_list(d->name, data_blocks) &&
        !nx_is_lua_block(d->name))
      find_ssl_directive(r, d);
    else if (!d->block && nx_is_named(d, "ssl"))
      nx_fail(r, d, "'ssl %s;' (removed in nginx 1.25.1: use 'listen ... ssl')",
              nx_arg(d, 0));
  }
}

/* A file whose top level has http or events is a main configuration; any
 * other (conf.d/x.conf, sites-enabled/x) sits inside the stock http {}. */
static enum level top_level(const struct node *root)
{
  for (const struct node *d = root->child; d; d = d->next)
    if (nx_is_named(d, "http") || nx_is_named(d, "events") ||
        nx_is_named(d, "stream") || nx_is_named(d, "worker_processes"))
      return LV_MAIN;
  return LV_HTTP;
}

/* An INI file (its first setting line opens a `[section]`): nginx syntax
 * has no line that starts with '['. */
bool nx_ini_sections(const char *data, size_t len)
{
  const char *p = data, *end = data + len;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
      p++;
    if (p < end && *p != '\n' && *p != '#' && *p != ';')
      return *p == '[';
    while (p < end && *p != '\n')
      p++;
    p += p < end;
  }
  return false;
}

/* The line of a `WORD VALUE;` at the top level of data (outside every
 * block, comments and quotes), its value in *value; 0 if none. */
static unsigned top_directive(struct run *r, const char *data, size_t len,
                              const char *word, const char **value)
{
  const size_t wn = strlen(word);
  unsigned line = 1, depth = 0;
  bool start = true; /* at the start of a directive */
  for (size_t i = 0; i < len; i++) {
    char c = data[i];
    if (c == '\n')
      line++;
    if (c == '#') {
      while (i + 1 < len && data[i + 1] != '\n')
        i++;
    } else if (c == '"' || c == '\'') {
      while (i + 1 < len && data[i + 1] != c)
        line += data[++i] == '\n';
      i++;
      start = false;
    } else if (c == '{' || c == '}' || c == ';') {
      depth += c == '{';
      depth -= c == '}' && depth > 0;
      start = true;
    } else if (start && !nx_is_space(c)) {
      start = false;
      if (depth == 0 && len - i > wn && memcmp(data + i, word, wn) == 0 &&
          nx_is_space(data[i + wn])) {
        size_t v = i + wn;
        while (v < len && nx_is_space(data[v]))
          v++;
        size_t e = v;
        while (e < len && !nx_is_space(data[e]) && data[e] != ';')
          e++;
        *value = rc_arena_strndup(r->a, data + v, e - v);
        return line;
      }
    }
  }
  return 0;
}

/* A conf.d-style folder with no main configuration above it is included
 * whole into the stock nginx.conf's http {}: a `server_tokens` or an
 * `ssl_certificate` at the top of one file there holds for the servers of
 * every other (a certs.conf beside the sites). */
static const struct node *sibling_directive(struct run *r, const char *path,
                                            const char *word)
{
  const char *dir = nx_dir_of(r->a, path);
  size_t dn = strlen(dir);
  for (size_t i = 0; i < r->n_selected; i++) {
    const char *o = r->selected[i];
    const char *data;
    size_t len;
    const char *value = NULL;
    char err[256];
    const struct rc_entry *e = rc_index_find(r->ctx->index, o);
    if (strcmp(o, path) == 0 || strncmp(o, dir, dn) != 0 ||
        strchr(o + dn, '/') || nx_is_main_name(o) || !e ||
        e->kind != RC_ENTRY_FILE ||
        rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0 ||
        len > MAX_FILE_BYTES || rc_index_is_binary(data, len))
      continue;
    unsigned line = top_directive(r, data, len, word, &value);
    if (!line)
      continue;
    struct node *d = rc_arena_alloc(r->a, sizeof(*d));
    memset(d, 0, sizeof(*d));
    d->name = word;
    d->args = rc_arena_alloc(r->a, sizeof(*d->args));
    d->args[0] = value;
    d->nargs = 1;
    d->file = o;
    d->line = line;
    return d;
  }
  return NULL;
}

void nx_analyse(struct run *r, const struct node *root)
{
  if (r->cfg->check == CHECK_SSL_ON) {
    r->n_checked++;
    find_ssl_directive(r, root);
    return;
  }
  struct inh none = {0};
  enum level top = top_level(root);
  if (top == LV_MAIN) {
    r->capture = true;
    walk(r, root, top, &none);
    r->capture = false;
    return;
  }
  const struct main_http *m = NULL;
  for (size_t i = 0; i < r->n_mains; i++)
    if (strncmp(root->file, r->mains[i].root_dir,
                strlen(r->mains[i].root_dir)) == 0 &&
        (!m || strlen(r->mains[i].root_dir) > strlen(m->root_dir)))
      m = &r->mains[i];
  r->continued = m ? root : NULL;
  if (!m && r->cfg->check == CHECK_SERVER_TOKENS)
    none.tokens = sibling_directive(r, root->file, "server_tokens");
  if (!m && r->cfg->check == CHECK_SSL_CERT) {
    none.cert = sibling_directive(r, root->file, "ssl_certificate");
    none.key = sibling_directive(r, root->file, "ssl_certificate_key");
  }
  walk(r, root, LV_HTTP, m ? &m->http : &none);
  r->continued = NULL;
}
