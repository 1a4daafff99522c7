/*
 * test_nginx.c - the nginx probe: a table of small configuration trees for
 * each check (includes, conf.d files inside http, nested locations, quoted
 * strings holding '{' ';' '#', Lua blocks), malformed files that must give
 * ERROR with file:line, bounds (deep nesting, include cycles) and what is
 * selected or ignored.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe_helpers.h"
#include "readycheck/buf.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_nginx;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_nginx);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_fixture_free(f);
  return 0;
}

enum { MAX_ROW_FILES = 4 };

struct row {
  const char *check;
  const char *files[MAX_ROW_FILES][2]; /* path, content */
  enum rc_outcome want;
  const char *needle;  /* in the message or some evidence; NULL: none */
  const char *ev_path; /* some evidence has this path and line */
  unsigned ev_line;
};

#define MAIN "nginx/nginx.conf"
#define SITE "nginx/conf.d/site.conf"

static const struct row rows[] = {
    /* ---- ssl-certificate ---- */
    {"ssl-certificate",
     {{MAIN,
       "events {}\nhttp {\n server {\n  listen 443 ssl;\n"
       "  ssl_certificate /c.pem;\n  ssl_certificate_key /k.pem;\n }\n}\n"}},
     RC_OUT_OK,
     "1 TLS server checked",
     NULL,
     0},
    {"ssl-certificate",
     {{MAIN, "events {}\nhttp {\n server {\n  listen 443 ssl http2;\n"
             "  # ssl_certificate /c.pem;\n }\n}\n"}},
     RC_OUT_FAIL,
     "no ssl_certificate and ssl_certificate_key",
     MAIN,
     3},
    {"ssl-certificate",
     {{MAIN, "http {\n ssl_certificate /c.pem;\n ssl_certificate_key /k.pem;\n"
             " server { listen 443 ssl; }\n server { listen 8443 ssl; }\n}\n"}},
     RC_OUT_OK,
     "2 TLS servers checked",
     NULL,
     0},
    {"ssl-certificate",
     {{MAIN, "http {\n server {\n  listen 443 ssl;\n"
             "  ssl_certificate /c.pem;\n }\n}\n"}},
     RC_OUT_FAIL,
     "has no ssl_certificate_key",
     MAIN,
     2},
    /* the certificate comes from an included snippet in the repository */
    {"ssl-certificate",
     {{MAIN, "http {\n server {\n  listen 443 ssl;\n"
             "  include snippets/tls.conf;\n }\n}\n"},
      {"nginx/snippets/tls.conf",
       "ssl_certificate /c.pem;\nssl_certificate_key /k.pem;\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},
    /* a snippet in the repository that has no certificate is no excuse */
    {"ssl-certificate",
     {{MAIN, "http {\n server {\n  listen 443 ssl;\n"
             "  include snippets/ssl-params.conf;\n }\n}\n"},
      {"nginx/snippets/ssl-params.conf", "ssl_protocols TLSv1.3;\n"}},
     RC_OUT_FAIL,
     "listens with ssl (nginx/nginx.conf:3)",
     MAIN,
     2},
    /* a TLS snippet provided at deploy time (not in the repository) */
    {"ssl-certificate",
     {{SITE, "server {\n listen 443 ssl;\n include snippets/ssl-params.conf;\n"
             "}\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},
    /* http2 on does not make a server TLS: no TLS server, nothing to
     * judge, and that is no pass */
    {"ssl-certificate",
     {{SITE, "server {\n listen 443;\n http2 on;\n}\n"}},
     RC_OUT_SKIP,
     "no TLS servers",
     NULL,
     0},
    /* a catch-all that refuses every handshake needs no certificate */
    {"ssl-certificate",
     {{SITE, "server {\n listen 443 ssl default_server;\n"
             " ssl_reject_handshake on;\n}\n"}},
     RC_OUT_SKIP,
     NULL,
     NULL,
     0},
    /* conf.d read inside http, through an absolute include, counted once */
    {"ssl-certificate",
     {{MAIN, "events {}\nhttp {\n ssl_certificate /c.pem;\n"
             " ssl_certificate_key /k.pem;\n"
             " include /etc/nginx/conf.d/*.conf;\n}\n"},
      {SITE, "server {\n listen 443 ssl;\n}\n"},
      {"nginx/conf.d/other.conf", "server {\n listen 443 ssl;\n}\n"}},
     RC_OUT_OK,
     "2 TLS servers checked in 3 files",
     NULL,
     0},
    /* the same conf.d file alone has no certificate */
    {"ssl-certificate",
     {{SITE, "server {\n listen 443 ssl;\n}\n"}},
     RC_OUT_FAIL,
     NULL,
     SITE,
     1},
    /* quoted strings holding braces, semicolons and hashes */
    {"ssl-certificate",
     {{MAIN, "http {\n server {\n  listen 443 ssl;\n"
             "  return 200 \"a { b ; c # d }\";\n"
             "  set $x '${host}\\'q';\n"
             "  rewrite ^/(.*)$ https://${host}/$1 permanent;\n"
             "  location ~ \"^/a{2}$\" { return 204; }\n"
             "  ssl_certificate \"/c;#{.pem\";\n"
             "  ssl_certificate_key /k.pem; # } {\n }\n}\n"}},
     RC_OUT_OK,
     "1 TLS server",
     NULL,
     0},
    /* a Lua block is skipped, braces in its strings included */
    {"ssl-certificate",
     {{SITE, "server {\n listen 443 ssl;\n"
             " content_by_lua_block {\n  local s = \"}\" -- }\n"
             "  if x then ngx.say('{') end\n }\n"
             " ssl_certificate /c;\n ssl_certificate_key /k;\n}\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},
    /* stream servers need certificates too */
    {"ssl-certificate",
     {{MAIN, "events {}\nstream {\n server {\n  listen 5432 ssl;\n }\n}\n"}},
     RC_OUT_FAIL,
     NULL,
     MAIN,
     3},

    /* ---- add-header-inheritance ---- */
    {"add-header-inheritance",
     {{MAIN, "http {\n add_header Strict-Transport-Security max-age=1 always;\n"
             " add_header X-Frame-Options DENY;\n"
             " server {\n  listen 80;\n  add_header Cache-Control no-store;\n"
             " }\n}\n"}},
     RC_OUT_FAIL,
     "drops Strict-Transport-Security, X-Frame-Options set by http at "
     "nginx/nginx.conf:1",
     MAIN,
     4},
    /* a location that re-adds every header (any case, quoted) passes */
    {"add-header-inheritance",
     {{MAIN, "http {\n add_header Strict-Transport-Security max-age=1 always;\n"
             " add_header X-Frame-Options DENY;\n"
             " server {\n  location /static {\n"
             "   add_header Cache-Control public;\n"
             "   add_header \"strict-transport-security\" max-age=1 always;\n"
             "   add_header x-frame-options DENY always;\n  }\n }\n}\n"}},
     RC_OUT_OK,
     "2 blocks with add_header checked",
     NULL,
     0},
    /* a nested location drops what its server set */
    {"add-header-inheritance",
     {{SITE, "server {\n add_header X-Content-Type-Options nosniff;\n"
             " location / {\n  proxy_pass http://app;\n"
             "  location ~ \\.js$ {\n   add_header Cache-Control max-age=60;\n"
             "  }\n }\n}\n"}},
     RC_OUT_FAIL,
     "location '~ \\.js$' has its own add_header, so it drops "
     "X-Content-Type-Options set by server at nginx/conf.d/site.conf:1",
     SITE,
     5},
    {"add-header-inheritance",
     {{MAIN, "http {\n add_header_inherit merge;\n"
             " add_header X-Frame-Options DENY;\n"
             " server { add_header Cache-Control no-store; }\n}\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},
    /* headers from an included http-level file, dropped in conf.d */
    {"add-header-inheritance",
     {{MAIN, "events {}\nhttp {\n include security.conf;\n"
             " include conf.d/*.conf;\n}\n"},
      {"nginx/security.conf", "add_header Referrer-Policy no-referrer;\n"},
      {SITE, "server {\n listen 443 ssl;\n if ($a) {\n"
             "  add_header X-Debug 1;\n }\n}\n"}},
     RC_OUT_FAIL,
     "drops Referrer-Policy set by http at nginx/nginx.conf:2",
     SITE,
     3},
    /* an include the repository does not hold may re-add them */
    {"add-header-inheritance",
     {{MAIN, "http {\n add_header X-Frame-Options DENY;\n"
             " server {\n  add_header Cache-Control no-store;\n"
             "  include /etc/nginx/security-headers.conf;\n }\n}\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},
    /* only the listed headers matter */
    {"add-header-inheritance",
     {{MAIN, "http {\n add_header X-Robots-Tag none;\n"
             " server { add_header Cache-Control no-store; }\n}\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},

    /* three locations of one file dropping them are one finding */
    {"add-header-inheritance",
     {{SITE, "server {\n add_header X-Frame-Options DENY;\n"
             " location /a { add_header Cache-Control no-store; }\n"
             " location /b { add_header Cache-Control no-store; }\n"
             " location /c { add_header Cache-Control no-store; }\n}\n"}},
     RC_OUT_FAIL,
     "location '/a' has its own add_header, so it drops X-Frame-Options "
     "set by server at nginx/conf.d/site.conf:1 (add_header is inherited "
     "only by levels without one) (and 2 more blocks in this file)",
     SITE,
     3},
    /* a CORS preflight or a redirect sends no page to protect */
    {"add-header-inheritance",
     {{SITE, "server {\n add_header X-Frame-Options DENY;\n"
             " location / {\n  if ($request_method = OPTIONS) {\n"
             "   add_header Access-Control-Allow-Origin *;\n   return 204;\n"
             "  }\n  proxy_pass http://app;\n }\n"
             " location /old { add_header X-Gone 1; return 301 /new; }\n}\n"}},
     RC_OUT_OK,
     "3 blocks with add_header checked",
     NULL,
     0},
    /* headers-more's more_set_headers is not replaced by add_header */
    {"add-header-inheritance",
     {{SITE, "server {\n add_header X-Frame-Options DENY;\n"
             " more_set_headers \"X-Content-Type-Options: nosniff\";\n"
             " location /a {\n  add_header Cache-Control no-store;\n"
             "  more_set_headers \"X-Frame-Options: DENY\";\n }\n}\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},
    /* a snippet's top level, included inside a server, has no line */
    {"add-header-inheritance",
     {{"nginx/common.conf",
       "add_header Content-Security-Policy \"default-src 'self'\";\n"
       "location /w { add_header Cache-Control no-store; }\n"}},
     RC_OUT_FAIL,
     "drops Content-Security-Policy set at the top of "
     "nginx/common.conf (add_header",
     "nginx/common.conf",
     2},

    /* ---- ssl-on ---- */
    {"ssl-on",
     {{MAIN, "http {\n server {\n  listen 443;\n  ssl on;\n }\n}\n"}},
     RC_OUT_FAIL,
     "'ssl on;' (removed in nginx 1.25.1",
     MAIN,
     4},
    {"ssl-on",
     {{MAIN, "http {\n map $scheme $s {\n  ssl on;\n  default off;\n }\n"
             " server { listen 443 ssl; # ssl on;\n }\n}\n"}},
     RC_OUT_OK,
     "no 'ssl' directive in 1 configuration file",
     NULL,
     0},

    /* ---- server-tokens ---- */
    {"server-tokens",
     {{MAIN, "http {\n server_tokens off;\n server { listen 80; }\n}\n"}},
     RC_OUT_OK,
     NULL,
     NULL,
     0},
    {"server-tokens",
     {{MAIN,
       "http {\n server_tokens off;\n server { listen 80; }\n"
       " server {\n  server_name a.example;\n  server_tokens on;\n }\n}\n"}},
     RC_OUT_FAIL,
     "server 'a.example': server_tokens on",
     MAIN,
     4},
    {"server-tokens",
     {{SITE, "server { listen 80; }\n"}},
     RC_OUT_FAIL,
     "server_tokens is not set",
     SITE,
     1},

    /* a site file next to nginx.conf but outside its include still
     * inherits its http level (mounted into conf.d at deploy time) */
    {"server-tokens",
     {{MAIN, "events {}\nhttp {\n server_tokens off;\n"
             " include /etc/nginx/conf.d/*.conf;\n}\n"},
      {"nginx/app.conf", "server { listen 80; }\n"}},
     RC_OUT_OK,
     "1 server checked in 2 files",
     NULL,
     0},
    /* nginx's glob skips dot files: a disabled `.default.conf` */
    {"server-tokens",
     {{MAIN, "events {}\nhttp {\n server_tokens off;\n"
             " include conf.d/*.conf;\n}\n"},
      {"nginx/conf.d/.default.conf", "server { server_tokens on; }\n"}},
     RC_OUT_SKIP,
     "no servers in 1 file",
     NULL,
     0},

    /* ---- security-headers (default list: all five) ---- */
    /* one evidence item per file: its first failing server, counting the
     * others */
    {"security-headers",
     {{SITE, "server {\n listen 443 ssl;\n server_name a.example;\n}\n"
             "server {\n listen 443 ssl;\n server_name b.example;\n}\n"}},
     RC_OUT_FAIL,
     "server 'a.example' does not send Strict-Transport-Security, "
     "X-Frame-Options, X-Content-Type-Options, Content-Security-Policy, "
     "Referrer-Policy (and 1 more server in this file)",
     SITE,
     1},
    /* a server that only answers 444 or redirects serves no content:
     * nothing to judge */
    {"security-headers",
     {{SITE, "server {\n listen 443 ssl default_server;\n return 444;\n}\n"}},
     RC_OUT_SKIP,
     NULL,
     NULL,
     0},
    {"security-headers",
     {{SITE, "server {\n listen 443 ssl;\n"
             " add_header X-Frame-Options DENY;\n"
             " more_set_headers \"Strict-Transport-Security: max-age=1\";\n"
             "}\n"}},
     RC_OUT_FAIL,
     "does not send X-Content-Type-Options, Content-Security-Policy, "
     "Referrer-Policy",
     SITE,
     1},

    /* `{{NGINX_USER}}` placeholders an image's start script fills in */
    {"server-tokens",
     {{MAIN, "user {{NGINX_USER}} {{ NGINX_GROUP }};\n"
             "events {\n worker_connections {{NGINX_WORKER_CONNECTIONS}};\n}\n"
             "http {\n server_tokens off;\n server {\n  listen 80;\n }\n}\n"}},
     RC_OUT_OK,
     "1 server checked",
     NULL,
     0},
    /* supervisord's program file, named for the program it runs, is INI,
     * not an nginx configuration to fail to parse */
    {"server-tokens",
     {{"conf/supervisor/nginx.conf",
       "; run by supervisord\n[program:nginx]\n"
       "command=/usr/sbin/nginx -g 'daemon off;'\nautorestart=true\n"}},
     RC_OUT_SKIP,
     "no nginx configuration",
     NULL,
     0},

    /* ---- malformed files: ERROR with file:line ---- */
    {"ssl-certificate",
     {{MAIN, "http {\n server {\n  listen 443 ssl;\n}\n"}},
     RC_OUT_ERROR,
     "'{' is never closed",
     MAIN,
     1},
    {"ssl-certificate",
     {{MAIN, "http {\n}\n}\n"}},
     RC_OUT_ERROR,
     "unexpected '}'",
     MAIN,
     3},
    {"ssl-certificate",
     {{MAIN, "http {\n return 200 \"abc;\n}\n"}},
     RC_OUT_ERROR,
     "unterminated quoted string",
     MAIN,
     2},
    {"ssl-certificate",
     {{MAIN, "http {\n listen 80\n}\n"}},
     RC_OUT_ERROR,
     "'listen' is not terminated by ';'",
     MAIN,
     2},
    {"ssl-certificate",
     {{MAIN, "http {\n ;\n}\n"}},
     RC_OUT_ERROR,
     "unexpected ';'",
     MAIN,
     2},
    {"ssl-certificate",
     {{MAIN, "http {\n add_header X \"a\"b;\n}\n"}},
     RC_OUT_ERROR,
     "after a quoted string",
     MAIN,
     2},
    /* an error in an included file names that file */
    {"ssl-certificate",
     {{MAIN, "http {\n include conf.d/*.conf;\n}\n"},
      {SITE, "server {\n\n listen 443 ssl;\n"}},
     RC_OUT_ERROR,
     NULL,
     SITE,
     1},
    /* include cycles end */
    {"ssl-certificate",
     {{MAIN, "http {\n include a.conf;\n}\n"},
      {"nginx/a.conf", "include b.conf;\n"},
      {"nginx/b.conf", "include a.conf;\nserver { listen 80; }\n"}},
     RC_OUT_SKIP,
     "no TLS servers in 3 files",
     NULL,
     0},

    /* ---- selection ---- */
    {"ssl-certificate",
     {{"README.md", "nothing\n"}},
     RC_OUT_SKIP,
     NULL,
     NULL,
     0},
    /* a conf.d file of another program is not nginx's */
    {"ssl-certificate",
     {{"supervisor/conf.d/app.conf", "[program:app]\ncommand=/app {\n"}},
     RC_OUT_SKIP,
     NULL,
     NULL,
     0},
};

static bool mentions(const struct rc_check *c, const char *needle)
{
  return (c->message && strstr(c->message, needle)) ||
         rc_ph_has_ev(c, NULL, 0, needle);
}

/* rc_ph_check() refuses SKIP, which "nothing selected" rightly is. */
static void run_check(struct rc_ph_fixture *f, bool may_skip)
{
  if (!may_skip) {
    rc_ph_check(&f->ph, &f->repo, &f->c);
    return;
  }
  char msg[256];
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  rc_probe_nginx.check(f->ph.cfg, &f->repo.ctx, &f->c);
  assert_non_null(f->c.message);
}

static void test_table(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    struct rc_ph_fixture f = {0};
    rc_ph_repo_init(&f.repo);
    rc_ph_init(&f.ph, &rc_probe_nginx);
    const struct row *r = &rows[i];
    for (size_t j = 0; j < MAX_ROW_FILES && r->files[j][0]; j++)
      rc_test_write(f.repo.root, r->files[j][0], r->files[j][1]);
    rc_ph_repo_index(&f.repo);
    rc_ph_enum(&f.ph, "check", r->check);
    run_check(&f, r->want == RC_OUT_SKIP);
    if (f.c.outcome != r->want || (r->needle && !mentions(&f.c, r->needle)) ||
        (r->ev_path && !rc_ph_has_ev(&f.c, r->ev_path, r->ev_line, NULL))) {
      for (size_t k = 0; k < f.c.n_ev; k++)
        print_message("  ev %s:%u %s\n", f.c.ev[k].path, f.c.ev[k].line,
                      f.c.ev[k].text);
      fail_msg("row %zu (%s): got outcome %d '%s', want %d with '%s' at "
               "%s:%u",
               i, r->check, f.c.outcome, f.c.message, r->want,
               r->needle ? r->needle : "", r->ev_path ? r->ev_path : "-",
               r->ev_line);
    }
    rc_ph_release(&f.ph);
    rc_ph_repo_release(&f.repo);
  }
}

/* The header list is configurable. */
static void test_headers_field(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, SITE,
                "server {\n listen 443 ssl;\n add_header X-Frame-Options 1;\n"
                " location / { add_header X-Robots-Tag none; }\n}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "security-headers");
  rc_ph_strings(&f->ph, "headers", "x-frame-options", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  struct rc_check c2 = {0};
  rc_ph_enum(&f->ph, "check", "add-header-inheritance");
  rc_ph_check(&f->ph, &f->repo, &c2);
  assert_int_equal(c2.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&c2, SITE, 4, "drops x-frame-options"));
}

/* "A|B" in headers: either header satisfies the entry; the evidence names
 * the entry as written. */
static void test_header_alternatives(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(
      f->repo.root, SITE,
      "server {\n listen 443 ssl;\n"
      " add_header Content-Security-Policy \"frame-ancestors 'none'\";\n"
      "}\n"
      "server {\n listen 8443 ssl;\n"
      " add_header X-Content-Type-Options nosniff;\n}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "security-headers");
  rc_ph_strings(&f->ph, "headers", "X-Frame-Options|Content-Security-Policy",
                NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(
      rc_ph_has_ev(&f->c, SITE, 5,
                   "does not send X-Frame-Options or Content-Security-Policy"));
  assert_false(rc_ph_has_ev(&f->c, SITE, 1, NULL));
}

static void test_validate_alternatives(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *bad[] = {"X-Frame-Options||Content-Security-Policy",
                       "|X-Frame-Options", "X-Frame-Options|"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
    char msg[256] = "";
    rc_ph_enum(&f->ph, "check", "security-headers");
    rc_ph_strings(&f->ph, "headers", bad[i], NULL);
    assert_int_not_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
    assert_non_null(strstr(msg, "alternatives"));
  }
  char msg[256] = "";
  rc_ph_strings(&f->ph, "headers", "X-Frame-Options|Content-Security-Policy",
                NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
}

/* An explicit path selects a file the defaults would not. */
static void test_path_field(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "deploy/proxy.cfg",
                "http {\n server {\n  listen 443 ssl;\n }\n}\n");
  rc_test_write(f->repo.root, "nginx.conf", "events {}\nhttp {}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "ssl-certificate");
  rc_ph_strings(&f->ph, "path", "deploy/*.cfg", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "deploy/proxy.cfg", 2, NULL));
}

/* Test setups are not the deployment: skipped by default, and `exclude`
 * replaces the default. */
static void test_exclude(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "_integration-test/ca/nginx/nginx.conf",
                "events {}\nhttp {\n server {\n  ssl on;\n }\n}\n");
  rc_test_write(f->repo.root, "nginx/nginx.conf", "events {}\nhttp {}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "ssl-on");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  rc_ph_strings(&f->ph, "exclude", "nginx/**", NULL);
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(
      rc_ph_has_ev(&f->c, "_integration-test/ca/nginx/nginx.conf", 4, NULL));
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256] = "";
  rc_ph_enum(&f->ph, "check", "ssl-on");
  rc_ph_strings(&f->ph, "headers", "X-Frame-Options: DENY", NULL);
  assert_int_not_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  assert_non_null(strstr(msg, "header names"));
}

static void test_validate_glob(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256] = "";
  rc_ph_enum(&f->ph, "check", "ssl-on");
  rc_ph_strings(&f->ph, "path", "nginx/{a", NULL);
  assert_int_not_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), 0);
  assert_non_null(strstr(msg, "invalid glob"));
}

/* Blocks nested past the bound give an error, not a stack overflow. */
static void test_deep_nesting(void **state)
{
  struct rc_ph_fixture *f = *state;
  struct rc_buf b;
  rc_buf_init(&b);
  for (int i = 0; i < 5000; i++)
    rc_buf_puts(&b, "location / {\n");
  rc_test_write(f->repo.root, SITE, b.data);
  rc_buf_release(&b);
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "add-header-inheritance");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_true(rc_ph_has_ev(&f->c, SITE, 65, "nested deeper than 64"));
}

/* A file including itself through a glob is read once. */
static void test_self_include(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, MAIN, "http {\n include *.conf;\n ssl on;\n}\n");
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "ssl-on");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_int_equal(f->c.n_ev, 1);
  assert_true(rc_ph_has_ev(&f->c, MAIN, 3, "ssl on"));
}

/* Binary bytes in a config file are an error. */
static void test_binary(void **state)
{
  struct rc_ph_fixture *f = *state;
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", f->repo.root, MAIN);
  rc_test_write(f->repo.root, MAIN, "x");
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fwrite("http {\0}", 1, 8, fp);
  fclose(fp);
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", "ssl-on");
  rc_ph_check(&f->ph, &f->repo, &f->c);
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_true(rc_ph_has_ev(&f->c, MAIN, 0, "binary"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),
      cmocka_unit_test_setup_teardown(test_headers_field, setup, teardown),
      cmocka_unit_test_setup_teardown(test_header_alternatives, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_validate_alternatives, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_path_field, setup, teardown),
      cmocka_unit_test_setup_teardown(test_exclude, setup, teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
      cmocka_unit_test_setup_teardown(test_validate_glob, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
      cmocka_unit_test_setup_teardown(test_self_include, setup, teardown),
      cmocka_unit_test_setup_teardown(test_binary, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
