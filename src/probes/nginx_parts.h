/*
 * nginx_parts.h - internal to src/probes: what the nginx probe's files
 * share - the options, the tree of directives, the run, what a level
 * inherits and sets itself - and the functions they call in each other,
 * named nx_ (nginx). nginx.c holds the options, the small helpers and the
 * verdict; nginx_parse.c reads configuration as nginx does (tokens,
 * blocks, includes); nginx_levels.c what one level sets and inherits, and
 * the failures it records; nginx_headers.c the add_header inheritance
 * trap and the headers the application sends; nginx_servers.c what each
 * server serves and the walk over the tree; nginx_select.c which files
 * are nginx configuration, and which are the roots.
 */
#ifndef READYCHECK_PROBES_NGINX_PARTS_H
#define READYCHECK_PROBES_NGINX_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/probe.h"

enum {
  CHECK_SSL_CERT,
  CHECK_ADD_HEADER,
  CHECK_SSL_ON,
  CHECK_SERVER_TOKENS,
  CHECK_SEC_HEADERS,
};

enum {
  MAX_FILE_BYTES = 4 << 20,
  MAX_BLOCK_DEPTH = 64,
  MAX_INCLUDE_DEPTH = 16,
  MAX_FILES = 1024,
  MAX_DIRECTIVES = 200000,
};

struct cfg {
  struct rc_strlist path;
  int check;
  struct rc_strlist headers;
  struct rc_strlist exclude;
  bool deployed; /* only configurations deployed services use */
  int deploys;   /* with deployed: which of them (deploys_names) */
  int proxied;   /* security-headers: which servers (proxied_names) */
};

/* `deploys: evidenced` keeps the configurations a deployed service mounts
 * or copies (none: not applicable); `presumed` those `deployed` keeps when
 * no deployed service uses any (nothing known to deploy them, nothing
 * ruled out); `any` both. */
enum { DEPLOYS_ANY, DEPLOYS_EVIDENCED, DEPLOYS_PRESUMED };

/* security-headers, `proxied: skip` leaves out the servers that hand every
 * request to an upstream (the application's own headers decide what the
 * browser gets, and the application may not be in the repository);
 * `only` checks just those; `any` all. */
enum { PROXIED_ANY, PROXIED_SKIP, PROXIED_ONLY };

struct node {
  const char *name;
  const char **args;
  size_t nargs;
  const char *file;
  unsigned line;
  bool block;
  bool unresolved; /* an include naming nothing in the repository */
  struct node *child, *last, *next;
};

/* What the application sends of one header, asked once per check. */
struct app_header {
  const char *name;
  bool sends;
  struct rc_where at;
  const char *how;
};

/* A file whose first failing server is evidence item ev; more is how many
 * other servers of it fail too. */
struct per_file {
  const char *file;
  size_t ev, more;
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  struct app_header app[8];
  size_t n_app;
  struct rc_arena *a;   /* the trees, freed after the check */
  const char **covered; /* every file read into some tree */
  size_t n_covered, cap_covered;
  const char *stack[MAX_INCLUDE_DEPTH + 1]; /* the include chain */
  size_t depth;
  const char *root_dir; /* "" or "dir/": where /etc/nginx/ maps to */
  size_t n_directives, n_files_read;
  char err[400]; /* the first parse error of the current tree */
  const char *err_file;
  unsigned err_line;
  size_t n_trees, n_error, n_checked, n_failed;
  size_t n_other_scope;  /* configurations `deploys` left to the other rule */
  size_t n_proxied_left; /* TLS servers `proxied` left to the other rule */
  /* the http level of each main configuration, for conf.d files that are
   * not included by it but mounted next to it */
  struct main_http *mains;
  size_t n_mains, cap_mains;
  bool capture;                 /* record the next http level walked */
  const struct node *continued; /* a file read as part of a main's http */
  const char *const *selected;  /* the files checked, to find siblings */
  size_t n_selected;
  const char *first; /* the first failure, for the message */
  /* security-headers: one evidence item per file, its first server's,
   * counting the others (a stack's template of seven server blocks is one
   * configuration to fix, not seven) */
  struct per_file *files;
  size_t n_files, cap_files;
  struct rc_strlist headers;
  const struct node **seen; /* add-header: blocks reported */
  size_t n_seen, cap_seen;
};

struct found {
  struct run *r;
  bool literal; /* the pattern names one file */
  const char **paths;
  size_t n, cap;
};

/* What a configuration level inherits from the levels around it. */
struct inh {
  const struct node *cert, *key, *tokens;
  bool cert_assumed;    /* an unresolved include named like a TLS snippet */
  bool headers_assumed; /* an unresolved include named like headers */
  bool reject_handshake;
  int mode;                /* add_header_inherit */
  const struct node **hdr; /* effective add_header directives */
  size_t n_hdr;
  const struct node *hdr_at; /* the block that defined them */
  const struct node **more;  /* more_set_headers directives, merged */
  size_t n_more;
};

enum { INHERIT_ON, INHERIT_OFF, INHERIT_MERGE };

struct main_http {
  const char *root_dir;
  struct inh http;
};

enum level {
  LV_MAIN,
  LV_HTTP,
  LV_STREAM, /* stream {} and mail {} */
  LV_SERVER,
  LV_STREAM_SERVER,
  LV_LOCATION, /* location, if, limit_except */
};

/* Direct directives of one level. */
struct own {
  const struct node **hdr, **more;
  size_t n_hdr, n_more, cap_hdr, cap_more;
  bool unresolved; /* an include here that names nothing we can read */
  bool tls;        /* listen ... ssl / quic, or the old `ssl on;` */
  bool returns;    /* a `return` at this level: it serves no content */
  int ret;         /* the status that `return` sends (302 for a URL) */
  bool proxies;    /* an upstream answers here (proxy_pass, fastcgi_pass) */
  const struct node *listen;
};

bool nx_in_list(const char *s, const char *const *list);

bool nx_is_named(const struct node *n, const char *name);

const char *nx_arg(const struct node *n, size_t i);

void nx_cover(struct run *r, const char *path);

/* "dir/" of "dir/file", "" at the root; arena string. */
const char *nx_dir_of(struct rc_arena *a, const char *path);

int nx_perr(struct run *r, const char *file, unsigned line, const char *fmt,
            ...) __attribute__((format(printf, 4, 5)));

bool nx_is_space(char c);

/* Lua code (`content_by_lua_block { ... }`) is not nginx syntax: skip to
 * the matching brace, minding Lua strings and comments. */
bool nx_is_lua_block(const char *name);

void nx_find_pattern(struct found *f, const char *pattern);

int nx_read_file(struct run *r, const char *path, const char **data,
                 size_t *len);

int nx_parse_file(struct run *r, const char *path, struct node *parent,
                  unsigned depth);

bool nx_has_header(const struct node *const *h, size_t n, const char *want);

/* more_set_headers "Name: value" [-s 404] [-t type] ... */
bool nx_more_has_header(const struct node *const *h, size_t n,
                        const char *want);

const struct node **nx_concat(struct run *r, const struct node **a, size_t na,
                              const struct node **b, size_t nb);

extern const char *const nx_upstream_passes[];

void nx_scan_own(const struct node *b, struct inh *e, struct own *o);

/* "server 'example.com'", "location '/api'", "http". */
const char *nx_describe(struct run *r, const struct node *b);

void nx_fail(struct run *r, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* fail(), once per file: a later server of a file already reported only
 * counts (said in the first one's evidence by note_more_servers()). */
void nx_fail_once_per_file(struct run *r, const struct node *at,
                           const char *text);

void nx_note_more_servers(struct run *r);

/* The level answers with no page of its own: a redirect, an error, a
 * CORS preflight's `return 204`. Headers that protect a document (framing,
 * sniffing, referrers, CSP) have nothing to protect there, and add_header
 * without `always` is not even sent with an error status. */
bool nx_serves_no_page(const struct own *o);

/* The level still sends h although its add_header replaced the inherited
 * ones: headers-more's more_set_headers (inherited and merged, unlike
 * add_header), or the application behind it sends h itself. */
bool nx_still_sent(struct run *r, const struct node *b, const struct inh *up,
                   const struct own *o, const char *h);

/* One block reported twice (a snippet included by two servers) is one
 * problem. */
bool nx_reported(struct run *r, const struct node *b);

/* "by server 'x' at f:12"; a snippet's own top level (a file included
 * inside a server) has no line of its own. */
const char *nx_set_where(struct run *r, const struct node *at);

/* The trap: a level with its own add_header inherits none from above.
 * Reported once per file, counting its other blocks: repeating the
 * headers (or one include of a snippet) in each block of a file is one
 * fix, not one per location. */
void nx_check_add_header(struct run *r, const struct node *b,
                         const struct inh *up, const struct own *o, int mode);

/* "A|B" is listed as "A or B". */
void nx_append_header_entry(struct rc_buf *b, const char *h);

/* One of the files nginx ships beside nginx.conf (`include fastcgi_params;`):
 * parameters and types, never a location. */
bool nx_stock_include(const char *spec);

/* The application behind the proxy sends one of the alternatives of
 * entry ("X-Frame-Options|Content-Security-Policy") itself: said as
 * passing evidence, for a reader to judge. Its nosniff covers only what
 * it answers: a server that also serves uploaded files itself sends them
 * without one (its own static files, sniffed or not, are the project's:
 * reviewers called those findings false). */
bool nx_app_sends(struct run *r, const struct node *b, const char *entry);

/* An INI file (its first setting line opens a `[section]`): nginx syntax
 * has no line that starts with '['. */
bool nx_ini_sections(const char *data, size_t len);

void nx_analyse(struct run *r, const struct node *root);

/* A file that cannot be read says so when it is parsed. */
bool nx_in_nginx_syntax(struct run *r, const char *path);

bool nx_is_main_name(const char *path);

void nx_select_files(struct run *r, struct found *f);

void nx_parse_root(struct run *r, const char *path);

#endif
