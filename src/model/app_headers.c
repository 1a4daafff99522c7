/*
 * app_headers.c - which security headers the application sends itself.
 *
 * Frameworks send some by default once a component is switched on, so
 * their marker stands for the header: Django's SecurityMiddleware sends
 * nosniff (SECURE_CONTENT_TYPE_NOSNIFF defaults to True),
 * XFrameOptionsMiddleware sends X-Frame-Options, django-csp's middleware a
 * policy; helmet() sends all three; a Rails application sends
 * X-Frame-Options and nosniff from its default headers. Otherwise a
 * source file must name the header. Plain text search: the evidence
 * names the file and line for a reader to judge.
 */
#include "readycheck/app_headers.h"

#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/path.h"
#include "readycheck/role.h"

enum { SOURCE_MAX = 512 * 1024 };

struct marker {
  const char *text;   /* found case-sensitively */
  const char *header; /* what it sends: "X-Frame-Options", ... */
  const char *how;    /* "Django's XFrameOptionsMiddleware" */
};

static const struct marker markers[] = {
    {"django.middleware.security.SecurityMiddleware", "X-Content-Type-Options",
     "Django's SecurityMiddleware (nosniff by default)"},
    {"XFrameOptionsMiddleware", "X-Frame-Options",
     "Django's XFrameOptionsMiddleware"},
    {"csp.middleware.CSPMiddleware", "Content-Security-Policy",
     "django-csp's CSPMiddleware"},
    {"helmet(", "X-Content-Type-Options", "helmet()"},
    {"helmet(", "X-Frame-Options", "helmet()"},
    {"helmet(", "Content-Security-Policy", "helmet()"},
    {"< Rails::Application", "X-Content-Type-Options",
     "Rails's default headers"},
    {"< Rails::Application", "X-Frame-Options", "Rails's default headers"},
    {"content_security_policy do", "Content-Security-Policy",
     "Rails's content_security_policy"},
    {NULL, NULL, NULL}};

static const char *const sources =
    "**/*.{py,js,mjs,cjs,ts,php,rb,go,java,kt,cs,ex,exs}";

struct search {
  struct rc_index *idx;
  struct rc_arena *a;
  const char *header;
  struct rc_where at;
  const char *how;
};

static unsigned line_of(const char *data, const char *p)
{
  unsigned n = 1;
  for (const char *q = data; q < p; q++)
    n += *q == '\n';
  return n;
}

/* Test code checks headers, vendored and built code is not the app's. */
static bool not_app(const char *path)
{
  return strstr(path, "node_modules/") || strstr(path, "vendor/") ||
         strstr(path, "/dist/") || strncmp(path, "dist/", 5) == 0 ||
         rc_role_of_path(path, NULL, 0) != RC_ROLE_PRODUCTION;
}

/* The header named in a string literal: "X-Frame-Options" in quotes. */
static const char *quoted_header(const char *data, const char *header)
{
  size_t n = strlen(header);
  for (const char *p = data; (p = rc_str_find_ci(p, header)) != NULL; p += n)
    if (p > data && (p[-1] == '"' || p[-1] == '\'') &&
        (p[n] == '"' || p[n] == '\'' || p[n] == ':'))
      return p;
  return NULL;
}

static int on_source(const struct rc_entry *e, void *arg)
{
  struct search *s = arg;
  const char *data;
  size_t len;
  char err[128];
  if (not_app(e->path) || rc_entry_size(s->idx, e) > SOURCE_MAX ||
      rc_index_read(s->idx, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  const char *hit = NULL, *how = NULL;
  for (size_t i = 0; markers[i].text && !hit; i++)
    if (strcmp(markers[i].header, s->header) == 0 &&
        (hit = strstr(data, markers[i].text)) != NULL)
      how = markers[i].how;
  if (!hit && (hit = quoted_header(data, s->header)) != NULL)
    how = rc_arena_printf(s->a, "code that sets %s", s->header);
  if (hit) {
    s->at =
        (struct rc_where){rc_arena_strdup(s->a, e->path), line_of(data, hit)};
    s->how = how;
  }
  rc_index_unpin_file(s->idx, e);
  return hit != NULL;
}

bool rc_app_sends_header(struct rc_index *idx, struct rc_arena *a,
                         const char *header, struct rc_where *at,
                         const char **how)
{
  struct search s = {idx, a, header, {NULL, 0}, NULL};
  if (!rc_index_glob(idx, sources, RC_ENTRY_FILE, on_source, &s))
    return false;
  *at = s.at;
  *how = s.how;
  return true;
}
