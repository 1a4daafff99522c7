/*
 * nginx.c - the `nginx` probe: reads nginx configuration as nginx does
 * (tokens, quoted strings, blocks, `include` with globs) into a tree with
 * file:line for every directive, then checks what a line regex cannot:
 * certificates of TLS servers, the add_header inheritance trap, the removed
 * `ssl on;`, server_tokens and the security headers each server sends.
 * File bytes and globs are the index's; nginx itself is never run.
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

enum {
  CHECK_SSL_CERT,
  CHECK_ADD_HEADER,
  CHECK_SSL_ON,
  CHECK_SERVER_TOKENS,
  CHECK_SEC_HEADERS,
};

static const char *const check_names[] = {
    "ssl-certificate", "add-header-inheritance", "ssl-on",
    "server-tokens",   "security-headers",       NULL};

enum {
  MAX_FILE_BYTES = 4 << 20,
  MAX_BLOCK_DEPTH = 64,
  MAX_INCLUDE_DEPTH = 16,
  MAX_FILES = 1024,
  MAX_DIRECTIVES = 200000,
  MAX_SEGMENTS = 256,
};

static const char *const default_paths[] = {
    "nginx.conf",       "**/nginx.conf",      "**/nginx/*.conf",
    "**/conf.d/*.conf", "**/sites-enabled/*", "**/templates/*.conf.template",
};

static const char *const default_headers[] = {
    "Strict-Transport-Security", "X-Frame-Options", "X-Content-Type-Options",
    "Content-Security-Policy", "Referrer-Policy"};

/* Where an absolute include path lives in a repository: below the
 * directory of the main configuration file. */
static const char *const abs_prefixes[] = {
    "/etc/nginx/", "/usr/local/nginx/conf/", "/usr/local/openresty/nginx/conf/",
    "/opt/bitnami/nginx/conf/", NULL};

/* Blocks that hold data (map entries, MIME types, upstream servers), not
 * directives: a `server` or `ssl` inside them is no directive. */
static const char *const data_blocks[] = {
    "map",      "geo",    "types", "split_clients", "charset_map", "match",
    "upstream", "events", NULL};

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
static const char *const deploys_names[] = {"any", "evidenced", "presumed",
                                            NULL};

/* security-headers, `proxied: skip` leaves out the servers that hand every
 * request to an upstream (the application's own headers decide what the
 * browser gets, and the application may not be in the repository);
 * `only` checks just those; `any` all. */
enum { PROXIED_ANY, PROXIED_SKIP, PROXIED_ONLY };
static const char *const proxied_names[] = {"any", "skip", "only", NULL};

/* Configs of test setups and vendored code are not the deployment's;
 * used when a rule gives no `exclude`. */
static const char *const default_exclude[] = {
    "**/{test,tests,_integration-test,integration-test,integration-tests,e2e,"
    "fixtures,__fixtures__,testdata,examples,example,vendor}/**"};

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

/* ---- small helpers ---------------------------------------------------- */

static bool in_list(const char *s, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strcmp(s, list[i]) == 0)
      return true;
  return false;
}

static bool is_named(const struct node *n, const char *name)
{
  return strcmp(n->name, name) == 0;
}

static const char *arg(const struct node *n, size_t i)
{
  return i < n->nargs ? n->args[i] : "";
}

static bool covered(const struct run *r, const char *path)
{
  for (size_t i = 0; i < r->n_covered; i++)
    if (strcmp(r->covered[i], path) == 0)
      return true;
  return false;
}

static void cover(struct run *r, const char *path)
{
  if (covered(r, path))
    return;
  rc_grow((void **)&r->covered, &r->cap_covered, r->n_covered,
          sizeof(*r->covered));
  r->covered[r->n_covered++] = path;
}

/* "dir/" of "dir/file", "" at the root; arena string. */
static const char *dir_of(struct rc_arena *a, const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? rc_arena_strndup(a, path, (size_t)(slash - path) + 1) : "";
}

static int perr(struct run *r, const char *file, unsigned line, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));

static int perr(struct run *r, const char *file, unsigned line, const char *fmt,
                ...)
{
  if (r->err[0])
    return -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->err, sizeof(r->err), fmt, ap);
  va_end(ap);
  r->err_file = file;
  r->err_line = line;
  return -1;
}

/* ---- tokens ------------------------------------------------------------ */

enum tok { TOK_WORD, TOK_SEMI, TOK_OPEN, TOK_CLOSE, TOK_EOF, TOK_ERROR };

struct lexer {
  const char *p, *end;
  unsigned line;     /* of p */
  unsigned tok_line; /* where the last token started */
  struct rc_buf word;
  const char *why; /* TOK_ERROR */
};

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void skip_blanks(struct lexer *lx)
{
  while (lx->p < lx->end) {
    char c = *lx->p;
    if (c == '#') {
      while (lx->p < lx->end && *lx->p != '\n')
        lx->p++;
      continue;
    }
    if (!is_space(c))
      return;
    if (c == '\n')
      lx->line++;
    lx->p++;
  }
}

/* nginx's escapes: \" \' \\ \t \r \n; any other backslash stays. */
static void add_escaped(struct lexer *lx)
{
  char c = lx->p[1];
  static const char from[] = "\"'\\trn", to[] = "\"'\\\t\r\n";
  const char *hit = c ? strchr(from, c) : NULL;
  if (hit) {
    rc_buf_putc(&lx->word, to[hit - from]);
  } else {
    rc_buf_putc(&lx->word, '\\');
    rc_buf_putc(&lx->word, c);
  }
  if (c == '\n')
    lx->line++;
  lx->p += 2;
}

static enum tok lex_quoted(struct lexer *lx)
{
  char q = *lx->p++;
  for (;;) {
    if (lx->p >= lx->end) {
      lx->why = "unterminated quoted string";
      return TOK_ERROR;
    }
    char c = *lx->p;
    if (c == '\\' && lx->p + 1 < lx->end) {
      add_escaped(lx);
      continue;
    }
    lx->p++;
    if (c == q)
      break;
    if (c == '\n')
      lx->line++;
    rc_buf_putc(&lx->word, c);
  }
  if (lx->p < lx->end && !is_space(*lx->p) && *lx->p != ';' && *lx->p != '{' &&
      *lx->p != ')') {
    lx->why = "unexpected character after a quoted string";
    return TOK_ERROR;
  }
  return TOK_WORD;
}

/* A bare word ends at a blank, ';' or '{' - but "${" starts a variable,
 * and '}' or '#' inside a word belong to it, as in nginx. */
static enum tok lex_word(struct lexer *lx)
{
  char prev = 0;
  while (lx->p < lx->end) {
    char c = *lx->p;
    if (is_space(c) || c == ';' || (c == '{' && prev != '$'))
      break;
    if (c == '\\' && lx->p + 1 < lx->end) {
      add_escaped(lx);
      prev = 0;
      continue;
    }
    rc_buf_putc(&lx->word, c);
    prev = c;
    lx->p++;
  }
  return TOK_WORD;
}

/* `{EXPOSE_WEB_SERVER_INFO}`: a template's placeholder that an entrypoint
 * replaces before nginx reads the file (nginx itself never takes a block
 * brace right before '}'). Its length, or 0. */
/* `{{NGINX_USER}}`, `{{ user }}` or `{{ .Env.WORKERS | default "4" }}`: a
 * template expression an image's start script or a generator fills in
 * (Go templates, Jinja), one value on one line. */
static size_t double_placeholder_len(const char *p, const char *end)
{
  size_t n = 2;
  bool any = false;
  while (p + n + 1 < end && !(p[n] == '}' && p[n + 1] == '}')) {
    if (p[n] == '\n' || p[n] == '{' || p[n] == '}')
      return 0;
    any = any || !isspace((unsigned char)p[n]);
    n++;
  }
  return any && p + n + 1 < end ? n + 2 : 0;
}

static size_t placeholder_len(const char *p, const char *end)
{
  if (p + 1 < end && p[1] == '{')
    return double_placeholder_len(p, end);
  size_t n = 1;
  while (p + n < end && (isupper((unsigned char)p[n]) || p[n] == '_' ||
                         (n > 1 && isdigit((unsigned char)p[n]))))
    n++;
  return n > 1 && p + n < end && p[n] == '}' ? n + 1 : 0;
}

static enum tok lex_next(struct lexer *lx)
{
  skip_blanks(lx);
  lx->tok_line = lx->line;
  rc_buf_reset(&lx->word);
  if (lx->p >= lx->end)
    return TOK_EOF;
  char c = *lx->p;
  size_t ph = c == '{' ? placeholder_len(lx->p, lx->end) : 0;
  if (ph) {
    rc_buf_add(&lx->word, lx->p, ph);
    lx->p += ph;
    return TOK_WORD;
  }
  if (c == ';' || c == '{' || c == '}') {
    lx->p++;
    return c == ';' ? TOK_SEMI : c == '{' ? TOK_OPEN : TOK_CLOSE;
  }
  if (c == '"' || c == '\'')
    return lex_quoted(lx);
  return lex_word(lx);
}

/* Lua code (`content_by_lua_block { ... }`) is not nginx syntax: skip to
 * the matching brace, minding Lua strings and comments. */
static bool is_lua_block(const char *name)
{
  size_t n = strlen(name);
  return n >= 10 && strcmp(name + n - 10, "_lua_block") == 0;
}

static void skip_lua_string(struct lexer *lx, char q)
{
  for (lx->p++; lx->p < lx->end && *lx->p != q; lx->p++) {
    if (*lx->p == '\\' && lx->p + 1 < lx->end)
      lx->p++;
    if (*lx->p == '\n')
      lx->line++;
  }
  if (lx->p < lx->end)
    lx->p++;
}

static enum tok skip_lua(struct lexer *lx)
{
  unsigned depth = 1;
  while (lx->p < lx->end) {
    char c = *lx->p;
    if (c == '"' || c == '\'') {
      skip_lua_string(lx, c);
      continue;
    }
    if (c == '-' && lx->p + 1 < lx->end && lx->p[1] == '-') {
      while (lx->p < lx->end && *lx->p != '\n')
        lx->p++;
      continue;
    }
    lx->p++;
    if (c == '\n')
      lx->line++;
    else if (c == '{')
      depth++;
    else if (c == '}' && --depth == 0)
      return TOK_CLOSE;
  }
  lx->why = "unexpected end of file, expecting '}'";
  return TOK_ERROR;
}

/* ---- the tree ------------------------------------------------------------ */

static struct node *new_node(struct run *r, char **args, size_t n,
                             const char *file, unsigned line)
{
  struct node *d = rc_arena_alloc(r->a, sizeof(*d));
  d->name = args[0];
  d->args = rc_arena_alloc(r->a, n * sizeof(*d->args));
  for (size_t i = 1; i < n; i++)
    d->args[i - 1] = args[i];
  d->nargs = n - 1;
  d->file = file;
  d->line = line;
  return d;
}

static void append(struct node *parent, struct node *d)
{
  if (parent->last)
    parent->last->next = d;
  else
    parent->child = d;
  parent->last = d;
}

static int parse_file(struct run *r, const char *path, struct node *parent,
                      unsigned depth);

/* ---- includes ---------------------------------------------------------- */

/* dir + rel with "." and ".." resolved; false if it leaves the root. */
static bool join(struct rc_buf *out, const char *dir, const char *rel)
{
  struct rc_buf all;
  rc_buf_init(&all);
  rc_buf_printf(&all, "%s%s", dir, rel);
  const char *seg[MAX_SEGMENTS];
  size_t len[MAX_SEGMENTS], n = 0;
  bool ok = true;
  for (const char *s = all.data; *s && ok;) {
    size_t l = strcspn(s, "/");
    if (l == 2 && s[0] == '.' && s[1] == '.')
      ok = n > 0 && n--;
    else if (l > 0 && !(l == 1 && s[0] == '.')) {
      ok = n < MAX_SEGMENTS;
      if (ok) {
        seg[n] = s;
        len[n++] = l;
      }
    }
    s += l + (s[l] == '/');
  }
  rc_buf_reset(out);
  for (size_t i = 0; ok && i < n; i++) {
    if (i)
      rc_buf_putc(out, '/');
    rc_buf_add(out, seg[i], len[i]);
  }
  rc_buf_release(&all);
  return ok && n > 0;
}

struct found {
  struct run *r;
  bool literal; /* the pattern names one file */
  const char **paths;
  size_t n, cap;
};

static int on_found(const struct rc_entry *e, void *arg)
{
  struct found *f = arg;
  if (f->n >= MAX_FILES)
    return 1;
  if (e->name[0] == '.' && !f->literal)
    return 0; /* glob(3) skips dot files: `.default.conf` is disabled */
  rc_grow((void **)&f->paths, &f->cap, f->n, sizeof(*f->paths));
  f->paths[f->n++] = rc_arena_strdup(f->r->a, e->path);
  return 0;
}

static int by_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void find_pattern(struct found *f, const char *pattern)
{
  const struct rc_index *idx = f->r->ctx->index;
  if (rc_glob_is_literal(pattern)) {
    const struct rc_entry *e = rc_index_find(idx, pattern);
    f->literal = true;
    if (e && e->kind != RC_ENTRY_DIR)
      on_found(e, f);
    f->literal = false;
    return;
  }
  if (rc_glob_check(pattern) != NULL)
    return;
  rc_index_glob(idx, pattern, RC_ENTRY_FILE, on_found, f);
  rc_index_glob(idx, pattern, RC_ENTRY_SYMLINK, on_found, f);
  if (f->n > 1)
    qsort(f->paths, f->n, sizeof(*f->paths), by_str);
}

/* The repository files an include names: relative to the including file's
 * directory, else to the configuration root; /etc/nginx/... maps to the
 * root. nginx sorts glob matches; so do we. */
static void resolve(struct run *r, const char *from, const char *spec,
                    struct found *f)
{
  const char *bases[2] = {NULL, NULL};
  const char *rel = spec;
  if (spec[0] == '/') {
    for (size_t i = 0; abs_prefixes[i]; i++)
      if (strncmp(spec, abs_prefixes[i], strlen(abs_prefixes[i])) == 0) {
        rel = spec + strlen(abs_prefixes[i]);
        bases[0] = r->root_dir;
      }
  } else {
    bases[0] = dir_of(r->a, from);
    if (strcmp(bases[0], r->root_dir) != 0)
      bases[1] = r->root_dir;
  }
  if (strchr(spec, '$'))
    return; /* nginx does not expand variables here */
  struct rc_buf path;
  rc_buf_init(&path);
  for (size_t i = 0; i < 2 && bases[i] && f->n == 0; i++)
    if (join(&path, bases[i], rel))
      find_pattern(f, path.data);
  rc_buf_release(&path);
}

static bool on_stack(const struct run *r, const char *path)
{
  for (size_t i = 0; i < r->depth; i++)
    if (strcmp(r->stack[i], path) == 0)
      return true;
  return false;
}

static bool stock_include(const char *spec);
static bool in_nginx_syntax(struct run *r, const char *path);

/* A stock file name (mime.types, fastcgi_params) beside a configuration can
 * be another program's: the system mime.types an image copies to
 * /etc/mime.types lists `type ext` lines. The include then reads the stock
 * file nginx's image ships, not that one. */
static void drop_foreign_stock_files(struct run *r, struct found *f)
{
  size_t kept = 0;
  for (size_t i = 0; i < f->n; i++)
    if (in_nginx_syntax(r, f->paths[i]))
      f->paths[kept++] = f->paths[i];
  f->n = kept;
}

static int do_include(struct run *r, struct node *d, struct node *parent,
                      unsigned depth)
{
  if (d->nargs != 1)
    return perr(r, d->file, d->line,
                "'include' takes exactly one argument, not %zu", d->nargs);
  struct found f = {.r = r};
  resolve(r, d->file, d->args[0], &f);
  if (stock_include(d->args[0]))
    drop_foreign_stock_files(r, &f);
  d->unresolved = f.n == 0;
  int rc = 0;
  for (size_t i = 0; i < f.n && rc == 0; i++) {
    if (on_stack(r, f.paths[i]))
      continue; /* a cycle: nginx would recurse until it fails */
    if (r->depth >= MAX_INCLUDE_DEPTH)
      rc = perr(r, d->file, d->line, "includes nested deeper than %d levels",
                MAX_INCLUDE_DEPTH);
    else
      rc = parse_file(r, f.paths[i], parent, depth);
  }
  free(f.paths);
  return rc;
}

/* ---- parsing ------------------------------------------------------------ */

struct words {
  char **v;
  size_t n, cap;
  unsigned line;
};

static int end_of_directive(struct run *r, struct lexer *lx, struct words *w,
                            const char *file, struct node *parent,
                            unsigned depth, enum tok t);

/* Reads directives into parent until the end of the file, or the '}' that
 * closes parent when open_line is not 0. */
static int parse_items(struct run *r, struct lexer *lx, const char *file,
                       struct node *parent, unsigned depth, unsigned open_line)
{
  struct words w = {0};
  int rc = 0;
  for (;;) {
    enum tok t = lex_next(lx);
    if (t == TOK_ERROR) {
      rc = perr(r, file, lx->tok_line, "%s", lx->why);
      break;
    }
    if (t == TOK_WORD) {
      if (w.n == 0)
        w.line = lx->tok_line;
      rc_grow((void **)&w.v, &w.cap, w.n, sizeof(*w.v));
      w.v[w.n++] = rc_arena_strndup(r->a, lx->word.data, lx->word.len);
      continue;
    }
    if (t == TOK_EOF) {
      if (w.n)
        rc = perr(r, file, w.line,
                  "unexpected end of file, expecting ';' "
                  "or '}' after '%s'",
                  w.v[0]);
      else if (open_line)
        rc = perr(r, file, open_line,
                  "unexpected end of file: '{' is never closed");
      break;
    }
    if (t == TOK_CLOSE) {
      if (w.n)
        rc = perr(r, file, w.line, "'%s' is not terminated by ';'", w.v[0]);
      else if (!open_line)
        rc = perr(r, file, lx->tok_line, "unexpected '}'");
      break;
    }
    rc = end_of_directive(r, lx, &w, file, parent, depth, t);
    if (rc)
      break;
  }
  free(w.v);
  return rc;
}

static int end_of_directive(struct run *r, struct lexer *lx, struct words *w,
                            const char *file, struct node *parent,
                            unsigned depth, enum tok t)
{
  if (w->n == 0)
    return perr(r, file, lx->tok_line, "unexpected '%c'",
                t == TOK_SEMI ? ';' : '{');
  if (++r->n_directives > MAX_DIRECTIVES)
    return perr(r, file, w->line, "more than %d directives", MAX_DIRECTIVES);
  struct node *d = new_node(r, w->v, w->n, file, w->line);
  w->n = 0;
  append(parent, d);
  if (t == TOK_SEMI)
    return is_named(d, "include") ? do_include(r, d, parent, depth) : 0;
  d->block = true;
  if (depth + 1 > MAX_BLOCK_DEPTH)
    return perr(r, file, d->line, "blocks nested deeper than %d levels",
                MAX_BLOCK_DEPTH);
  if (is_lua_block(d->name))
    return skip_lua(lx) == TOK_ERROR
               ? perr(r, file, d->line, "'%s' block is never closed", d->name)
               : 0;
  return parse_items(r, lx, file, d, depth + 1, d->line);
}

static int read_file(struct run *r, const char *path, const char **data,
                     size_t *len)
{
  char err[256];
  struct rc_index *idx = r->ctx->index;
  const struct rc_entry *e = rc_index_find(idx, path);
  int rc = e && e->kind == RC_ENTRY_FILE
               ? rc_index_read(idx, e, data, len, err, sizeof(err))
               : rc_index_read_path(idx, path, data, len, err, sizeof(err));
  if (rc != 0)
    return perr(r, path, 0, "cannot read: %s", err);
  if (*len > MAX_FILE_BYTES)
    return perr(r, path, 0, "file is larger than %d MiB", MAX_FILE_BYTES >> 20);
  if (rc_index_is_binary(*data, *len))
    return perr(r, path, 0, "binary file");
  return 0;
}

static int parse_file(struct run *r, const char *path, struct node *parent,
                      unsigned depth)
{
  if (++r->n_files_read > MAX_FILES)
    return perr(r, path, 0, "more than %d files included", MAX_FILES);
  const char *data;
  size_t len;
  if (read_file(r, path, &data, &len) != 0)
    return -1;
  cover(r, path);
  r->stack[r->depth++] = path;
  struct lexer lx = {.p = data, .end = data + len, .line = 1};
  rc_buf_init(&lx.word);
  int rc = parse_items(r, &lx, path, parent, depth, 0);
  rc_buf_release(&lx.word);
  r->depth--;
  return rc;
}

/* ---- what the tree says -------------------------------------------------- */

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

static bool has_header(const struct node *const *h, size_t n, const char *want)
{
  for (size_t i = 0; i < n; i++)
    if (h[i]->nargs > 0 && same_header(h[i]->args[0], want))
      return true;
  return false;
}

/* more_set_headers "Name: value" [-s 404] [-t type] ... */
static bool more_has_header(const struct node *const *h, size_t n,
                            const char *want)
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

static const struct node **concat(struct run *r, const struct node **a,
                                  size_t na, const struct node **b, size_t nb)
{
  const struct node **v = rc_arena_alloc(r->a, (na + nb + 1) * sizeof(*v));
  if (na)
    memcpy(v, a, na * sizeof(*v));
  if (nb)
    memcpy(v + na, b, nb * sizeof(*v));
  return v;
}

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
  const char *a = arg(d, 0);
  if (!*a || strspn(a, "0123456789") != strlen(a))
    return 302;
  return atoi(a);
}

static const char *const upstream_passes[] = {
    "proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", NULL};

static void scan_own(const struct node *b, struct inh *e, struct own *o)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (d->block)
      continue;
    if (is_named(d, "ssl_certificate"))
      e->cert = d;
    else if (is_named(d, "ssl_certificate_key"))
      e->key = d;
    else if (is_named(d, "server_tokens"))
      e->tokens = d;
    else if (is_named(d, "ssl_reject_handshake"))
      e->reject_handshake = strcmp(arg(d, 0), "on") == 0;
    else if (is_named(d, "add_header"))
      push(&o->hdr, &o->n_hdr, &o->cap_hdr, d);
    else if (is_named(d, "more_set_headers"))
      push(&o->more, &o->n_more, &o->cap_more, d);
    else if (is_named(d, "add_header_inherit"))
      e->mode = strcmp(arg(d, 0), "merge") == 0 ? INHERIT_MERGE
                : strcmp(arg(d, 0), "off") == 0 ? INHERIT_OFF
                                                : INHERIT_ON;
    else if (is_named(d, "include") && d->unresolved) {
      o->unresolved = true;
      e->cert_assumed |= name_hints(arg(d, 0), tls_hints);
      e->headers_assumed |= name_hints(arg(d, 0), header_hints);
    } else if (is_named(d, "listen") && listens_tls(d)) {
      o->tls = true;
      o->listen = d;
    } else if (is_named(d, "return")) {
      o->returns = true;
      o->ret = return_status(d);
    } else if (in_list(d->name, upstream_passes)) {
      o->proxies = true;
    } else if (is_named(d, "ssl") && strcmp(arg(d, 0), "on") == 0) {
      o->tls = true;
      o->listen = o->listen ? o->listen : d;
    }
  }
}

/* "server 'example.com'", "location '/api'", "http". */
static const char *describe(struct run *r, const struct node *b)
{
  if (is_named(b, "server")) {
    for (const struct node *d = b->child; d; d = d->next)
      if (is_named(d, "server_name") && d->nargs > 0)
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

static void fail(struct run *r, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct run *r, const struct node *at, const char *fmt, ...)
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
static void fail_once_per_file(struct run *r, const struct node *at,
                               const char *text)
{
  for (size_t i = 0; i < r->n_files; i++)
    if (strcmp(r->files[i].file, at->file) == 0) {
      r->files[i].more++;
      r->n_failed++;
      return;
    }
  size_t before = r->out->n_ev;
  fail(r, at, "%s", text);
  if (r->out->n_ev == before)
    return; /* no room for evidence: nothing to count into */
  rc_grow((void **)&r->files, &r->cap_files, r->n_files, sizeof(*r->files));
  r->files[r->n_files++] =
      (struct per_file){.file = at->file, .ev = before, .more = 0};
}

static void note_more_servers(struct run *r)
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

static bool app_sends(struct run *r, const struct node *b, const char *entry);

/* The level answers with no page of its own: a redirect, an error, a
 * CORS preflight's `return 204`. Headers that protect a document (framing,
 * sniffing, referrers, CSP) have nothing to protect there, and add_header
 * without `always` is not even sent with an error status. */
static bool serves_no_page(const struct own *o)
{
  return o->returns && (o->ret == 204 || o->ret >= 300);
}

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
  if (!is_named(b, "location") || b->nargs != 2)
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

/* The level still sends h although its add_header replaced the inherited
 * ones: headers-more's more_set_headers (inherited and merged, unlike
 * add_header), or the application behind it sends h itself. */
static bool still_sent(struct run *r, const struct node *b,
                       const struct inh *up, const struct own *o, const char *h)
{
  return more_has_header(up->more, up->n_more, h) ||
         more_has_header(o->more, o->n_more, h) ||
         (o->proxies && app_sends(r, b, h));
}

/* One block reported twice (a snippet included by two servers) is one
 * problem. */
static bool reported(struct run *r, const struct node *b)
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
static const char *set_where(struct run *r, const struct node *at)
{
  if (!at->name[0])
    return rc_arena_printf(r->a, "at the top of %s", at->file);
  return rc_arena_printf(r->a, "by %s at %s:%u", describe(r, at), at->file,
                         at->line);
}

/* The trap: a level with its own add_header inherits none from above.
 * Reported once per file, counting its other blocks: repeating the
 * headers (or one include of a snippet) in each block of a file is one
 * fix, not one per location. */
static void check_add_header(struct run *r, const struct node *b,
                             const struct inh *up, const struct own *o,
                             int mode)
{
  if (o->n_hdr == 0 || mode != INHERIT_ON || o->unresolved)
    return;
  r->n_checked++;
  if (serves_no_page(o))
    return;
  struct rc_buf lost;
  rc_buf_init(&lost);
  for (size_t i = 0; i < r->headers.n; i++) {
    const char *h = r->headers.items[i];
    if (has_header(up->hdr, up->n_hdr, h) && !has_header(o->hdr, o->n_hdr, h) &&
        !still_sent(r, b, up, o, h) &&
        !(document_only(h) && serves_assets_only(b)))
      rc_buf_printf(&lost, "%s%s", lost.len ? ", " : "", h);
  }
  if (lost.len && !reported(r, b))
    fail_once_per_file(
        r, b,
        rc_arena_printf(r->a,
                        "%s has its own add_header, so it drops %s set %s "
                        "(add_header is inherited only by levels without "
                        "one)",
                        describe(r, b), lost.data, set_where(r, up->hdr_at)));
  rc_buf_release(&lost);
}

/* "A|B" is listed as "A or B". */
static void append_header_entry(struct rc_buf *b, const char *h)
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
static bool stock_include(const char *spec)
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
    if (is_named(d, "include") && d->unresolved && !stock_include(arg(d, 0)))
      return true; /* locations we cannot read may serve them */
    if ((is_named(d, "root") || is_named(d, "alias")) &&
        (in_uploads || names_uploads(arg(d, 0))))
      return true;
    if (d->block) {
      bool up = in_uploads;
      for (size_t i = 0; i < d->nargs && is_named(d, "location"); i++)
        up = up || names_uploads(arg(d, i));
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
static bool app_sends(struct run *r, const struct node *b, const char *entry)
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
                             describe(r, b), one, ah->how);
      return true;
    }
    h += n + (h[n] == '|');
  }
  return false;
}

/* A location that answers with no document of the project's: an ACME
 * challenge (a token for the certificate authority) or the page a server
 * shows when its upstream fails (`error_page 502 /50x.html`). */
static bool incidental_location(const struct node *loc,
                                const struct node *server)
{
  for (size_t i = 0; i < loc->nargs; i++)
    if (strstr(loc->args[i], "/.well-known/"))
      return true;
  const char *path = arg(loc, loc->nargs ? loc->nargs - 1 : 0);
  for (const struct node *d = server->child; d; d = d->next)
    if (is_named(d, "error_page") && d->nargs >= 2 &&
        strcmp(arg(d, d->nargs - 1), path) == 0)
      return true;
  return false;
}

/* The level ends each request at an upstream, a return or a deny. */
static bool hands_over(const struct node *b)
{
  for (const struct node *d = b->child; d; d = d->next)
    if (!d->block &&
        (in_list(d->name, upstream_passes) || is_named(d, "return") ||
         (is_named(d, "deny") && strcmp(arg(d, 0), "all") == 0)))
      return true;
  return false;
}

/* Some location inside b answers from disk (root, alias, try_files, or
 * no handler at all), or an include we cannot read may hold one. */
static bool serves_files(const struct node *b, const struct node *server)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (is_named(d, "include") && d->unresolved && !stock_include(arg(d, 0)))
      return true;
    if (!d->block || !is_named(d, "location") || incidental_location(d, server))
      continue;
    if (!hands_over(d) || serves_files(d, server))
      return true;
  }
  return false;
}

/* `location /` (or `^~ /`): what no other location matches. */
static bool catches_all(const struct node *d)
{
  return is_named(d, "location") &&
         ((d->nargs == 1 && strcmp(arg(d, 0), "/") == 0) ||
          (d->nargs == 2 && strcmp(arg(d, 0), "^~") == 0 &&
           strcmp(arg(d, 1), "/") == 0));
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
    fail(r, b, "%s listens with ssl (%s:%u) but has no %s", describe(r, b),
         o->listen->file, o->listen->line, what);
  } else if (check == CHECK_SERVER_TOKENS && http) {
    r->n_checked++;
    if (!e->tokens)
      fail(r, b,
           "%s: server_tokens is not set (default on: the version is "
           "shown)",
           describe(r, b));
    else if (strcmp(arg(e->tokens, 0), "off") != 0)
      fail(r, b, "%s: server_tokens %s (%s:%u)", describe(r, b),
           arg(e->tokens, 0), e->tokens->file, e->tokens->line);
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
      if (!has_header(e->hdr, e->n_hdr, h) &&
          !more_has_header(e->more, e->n_more, h) && !app_sends(r, b, h))
        append_header_entry(&miss, h);
    }
    if (miss.len && proxy)
      fail_once_per_file(
          r, b,
          rc_arena_printf(r->a,
                          "%s proxies every request to an upstream and "
                          "does not add %s; the application behind it "
                          "decides (not found sending them in this "
                          "repository's source)",
                          describe(r, b), miss.data));
    else if (miss.len)
      fail_once_per_file(r, b,
                         rc_arena_printf(r->a, "%s does not send %s",
                                         describe(r, b), miss.data));
    rc_buf_release(&miss);
  }
}

static void walk(struct run *r, const struct node *b, enum level lv,
                 const struct inh *up);

static enum level child_level(const struct node *d, enum level lv)
{
  if (is_named(d, "http"))
    return LV_HTTP;
  if (is_named(d, "stream") || is_named(d, "mail"))
    return LV_STREAM;
  if (is_named(d, "server") && lv == LV_HTTP)
    return LV_SERVER;
  if (is_named(d, "server") && lv == LV_STREAM)
    return LV_STREAM_SERVER;
  return LV_LOCATION;
}

static void walk_children(struct run *r, const struct node *b, enum level lv,
                          const struct inh *e)
{
  for (const struct node *d = b->child; d; d = d->next) {
    if (!d->block || in_list(d->name, data_blocks) || is_lua_block(d->name))
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
  scan_own(b, &e, &o);
  bool cont = b == r->continued; /* the same http level as up */
  if (lv == LV_HTTP || lv == LV_SERVER || lv == LV_LOCATION) {
    if (r->cfg->check == CHECK_ADD_HEADER && !cont)
      check_add_header(r, b, up, &o, e.mode);
    if (o.n_hdr && (e.mode == INHERIT_MERGE || cont))
      e.hdr = concat(r, up->hdr, up->n_hdr, o.hdr, o.n_hdr);
    else if (o.n_hdr)
      e.hdr = concat(r, NULL, 0, o.hdr, o.n_hdr);
    if (o.n_hdr) {
      e.n_hdr = o.n_hdr + (e.mode == INHERIT_MERGE || cont ? up->n_hdr : 0);
      e.hdr_at = cont && up->n_hdr ? up->hdr_at : b;
    } else if (e.mode == INHERIT_OFF) {
      e.n_hdr = 0;
    }
    if (o.n_more) {
      e.more = concat(r, up->more, up->n_more, o.more, o.n_more);
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
    if (d->block && !in_list(d->name, data_blocks) && !is_lua_block(d->name))
      find_ssl_directive(r, d);
    else if (!d->block && is_named(d, "ssl"))
      fail(r, d, "'ssl %s;' (removed in nginx 1.25.1: use 'listen ... ssl')",
           arg(d, 0));
  }
}

/* A file whose top level has http or events is a main configuration; any
 * other (conf.d/x.conf, sites-enabled/x) sits inside the stock http {}. */
static enum level top_level(const struct node *root)
{
  for (const struct node *d = root->child; d; d = d->next)
    if (is_named(d, "http") || is_named(d, "events") || is_named(d, "stream") ||
        is_named(d, "worker_processes"))
      return LV_MAIN;
  return LV_HTTP;
}

/* An INI file (its first setting line opens a `[section]`): nginx syntax
 * has no line that starts with '['. */
static bool ini_sections(const char *data, size_t len)
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

static bool is_main_name(const char *path);

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
    } else if (start && !is_space(c)) {
      start = false;
      if (depth == 0 && len - i > wn && memcmp(data + i, word, wn) == 0 &&
          is_space(data[i + wn])) {
        size_t v = i + wn;
        while (v < len && is_space(data[v]))
          v++;
        size_t e = v;
        while (e < len && !is_space(data[e]) && data[e] != ';')
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
  const char *dir = dir_of(r->a, path);
  size_t dn = strlen(dir);
  for (size_t i = 0; i < r->n_selected; i++) {
    const char *o = r->selected[i];
    const char *data;
    size_t len;
    const char *value = NULL;
    char err[256];
    const struct rc_entry *e = rc_index_find(r->ctx->index, o);
    if (strcmp(o, path) == 0 || strncmp(o, dir, dn) != 0 ||
        strchr(o + dn, '/') || is_main_name(o) || !e ||
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

static void analyse(struct run *r, const struct node *root)
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

/* ---- selecting files ----------------------------------------------------- */

/* Words that start nginx directives; a conf.d file without one of them
 * at the start of a line (supervisor, Apache, fail2ban) is not nginx's. */
static const char *const nginx_words[] = {"server",
                                          "http",
                                          "location",
                                          "upstream",
                                          "events",
                                          "listen",
                                          "server_name",
                                          "proxy_pass",
                                          "root",
                                          "include",
                                          "add_header",
                                          "ssl_certificate",
                                          "return",
                                          "rewrite",
                                          "map",
                                          "stream",
                                          "worker_processes",
                                          "error_page",
                                          "access_log",
                                          "fastcgi_pass",
                                          "try_files",
                                          "gzip",
                                          "client_max_body_size",
                                          "proxy_set_header",
                                          "limit_req_zone",
                                          "ssl_protocols",
                                          NULL};

/* Some line of data starts with a word (lower case and '_') followed by a
 * blank or '{' that is_directive accepts: a cheap "is this nginx syntax". */
static bool some_line_starts_with(const char *data, size_t len,
                                  bool (*is_directive)(const char *, size_t))
{
  const char *p = data, *end = data + len;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    const char *w = p;
    while (p < end && (islower((unsigned char)*p) || *p == '_'))
      p++;
    size_t n = (size_t)(p - w);
    if (n > 0 && p < end && (is_space(*p) || *p == '{') && is_directive(w, n))
      return true;
    while (p < end && *p != '\n')
      p++;
    p += p < end;
  }
  return false;
}

static bool known_directive(const char *w, size_t n)
{
  char word[32];
  if (n >= sizeof(word))
    return false;
  memcpy(word, w, n);
  word[n] = '\0';
  return in_list(word, nginx_words);
}

/* ...or one of nginx's stock files: `types {` (mime.types), a `*_param`
 * line (fastcgi_params). */
static bool stock_directive(const char *w, size_t n)
{
  return known_directive(w, n) || (n == 5 && memcmp(w, "types", 5) == 0) ||
         (n > 6 && memcmp(w + n - 6, "_param", 6) == 0);
}

static bool looks_like_nginx(const char *data, size_t len)
{
  return some_line_starts_with(data, len, known_directive);
}

/* A file that cannot be read says so when it is parsed. */
static bool in_nginx_syntax(struct run *r, const char *path)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || e->kind != RC_ENTRY_FILE ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return true;
  return some_line_starts_with(data, len, stock_directive);
}

static bool is_main_name(const char *path)
{
  const char *base = strrchr(path, '/');
  return strcmp(base ? base + 1 : path, "nginx.conf") == 0;
}

static size_t depth_of(const char *path)
{
  size_t n = 0;
  for (; *path; path++)
    n += *path == '/';
  return n;
}

/* nginx.conf files first, shallow before deep: they include the rest. */
static int by_main_first(const void *va, const void *vb)
{
  const char *a = *(const char *const *)va, *b = *(const char *const *)vb;
  bool ma = is_main_name(a), mb = is_main_name(b);
  if (ma != mb)
    return ma ? -1 : 1;
  size_t da = depth_of(a), db = depth_of(b);
  if (da != db)
    return da < db ? -1 : 1;
  return strcmp(a, b);
}

static bool excluded(const struct cfg *cfg, const char *path)
{
  static const struct rc_strlist defaults = {(const char **)default_exclude,
                                             sizeof(default_exclude) /
                                                 sizeof(*default_exclude)};
  return rc_strlist_matches(cfg->exclude.n ? &cfg->exclude : &defaults, path);
}

/* Where nginx reads configuration: a folder copied or mounted to a
 * destination that says nginx (/etc/nginx/conf.d, /usr/local/openresty/
 * nginx/conf), or that puts the file under /etc (a root filesystem tree
 * copied to /). */
static bool nginx_reads(const char *dest, const char *place)
{
  return strstr(dest, "nginx") || strstr(dest, "openresty") ||
         strncmp(place, "/etc/", 5) == 0;
}

/* A configuration that reaches a deployed service only inside a folder
 * copied or mounted somewhere nginx does not read (`COPY ./backend
 * /app/backend` carrying backend/docker/nginx/default.conf along with the
 * application's source): the service holds the file, its nginx does not
 * serve it. One named by itself, or in a folder a script copies into
 * place, stays. */
static bool only_carried(const struct rc_model *m, const char *path)
{
  return m && !rc_model_user_naming(m, path) &&
         !rc_model_view_mount(m, path, false) &&
         !rc_model_copied_by(m, path, true) &&
         !rc_model_folder_lands(m, path, nginx_reads);
}

/* A configuration only side stacks use: compose files nothing says
 * deploys (a proxy trial, a local validation rig) in a repository whose
 * deployment is evidenced elsewhere (a documented compose file, a
 * published image). Not known to serve anyone: judged with the
 * configurations nothing deploys. */
static bool side_stack_only(const struct rc_model *m, const char *path)
{
  return m && rc_model_deploys_evidenced(m) &&
         rc_model_used_only_unevidenced(m, path);
}

/* Whether a kept configuration belongs to the scope `deploys` asks for:
 * evidenced, the deployed ones; presumed, those nothing is known to
 * deploy (side stacks' included). */
static bool in_scope(int deploys, bool evidenced, bool side)
{
  if (deploys == DEPLOYS_ANY)
    return true;
  if (deploys == DEPLOYS_EVIDENCED)
    return evidenced && !side;
  return !evidenced || side;
}

static void select_files(struct run *r, struct found *f)
{
  const struct rc_strlist *p = &r->cfg->path;
  size_t n = p->n ? p->n : sizeof(default_paths) / sizeof(*default_paths);
  for (size_t i = 0; i < n; i++)
    find_pattern(f, p->n ? p->items[i] : default_paths[i]);
  size_t kept = 0;
  for (size_t i = 0; i < f->n; i++)
    if (!excluded(r->cfg, f->paths[i]))
      f->paths[kept++] = f->paths[i];
  f->n = kept;
  if (r->cfg->deployed && f->n) {
    bool *keep = rc_xcalloc(f->n, sizeof(*keep));
    bool evidenced =
        rc_keep_deployed(r->ctx, (const char *const *)f->paths, f->n, keep);
    bool *side = rc_xcalloc(f->n, sizeof(*side));
    for (size_t i = 0; evidenced && i < f->n; i++) {
      keep[i] = keep[i] && !only_carried(r->ctx->model, f->paths[i]);
      side[i] = keep[i] && side_stack_only(r->ctx->model, f->paths[i]);
    }
    kept = 0;
    for (size_t i = 0; i < f->n; i++)
      if (keep[i] && in_scope(r->cfg->deploys, evidenced, side[i]))
        f->paths[kept++] = f->paths[i];
      else if (keep[i] && (i == 0 || strcmp(f->paths[i], f->paths[i - 1]) != 0))
        r->n_other_scope++; /* globs find a file more than once, in a row */
    f->n = kept;
    free(side);
    free(keep);
  }
  if (f->n > 1)
    qsort(f->paths, f->n, sizeof(*f->paths), by_main_first);
}

/* The directory /etc/nginx/ stands for: conf.d/x.conf's parent. */
static const char *root_dir_of(struct run *r, const char *path)
{
  static const char *const sub[] = {
      "conf.d", "sites-enabled", "sites-available", "templates", "http.d",
      "vhosts", "vhosts.d",      "servers",         NULL};
  const char *dir = dir_of(r->a, path);
  for (size_t n = strlen(dir); n > 0; n = strlen(dir)) {
    size_t start = n - 1; /* dir ends in '/': find the segment before it */
    while (start > 0 && dir[start - 1] != '/')
      start--;
    const char *name = rc_arena_strndup(r->a, dir + start, n - 1 - start);
    if (!in_list(name, sub))
      break;
    dir = rc_arena_strndup(r->a, dir, start); /* conf.d/templates/ too */
  }
  return dir;
}

/* A line opening with a Jinja statement (`{% if REAL_IP_HEADER %}`): the
 * file is the source an entrypoint renders the configuration from, and
 * its branches cannot all be one nginx configuration. */
/* `{{ if .Env.X }}` ... `{{ end }}`: a Go template's control flow, which
 * decides what the rendered file holds. */
static bool go_template_action(const char *p, const char *end)
{
  static const char *const words[] = {"if",       "else",  "end",
                                      "range",    "with",  "define",
                                      "template", "block", NULL};
  if (end - p < 2 || p[0] != '{' || p[1] != '{')
    return false;
  p += 2;
  while (p < end && (*p == '-' || *p == ' '))
    p++;
  for (size_t i = 0; words[i]; i++) {
    size_t n = strlen(words[i]);
    if ((size_t)(end - p) > n && strncmp(p, words[i], n) == 0 &&
        !isalnum((unsigned char)p[n]))
      return true;
  }
  return false;
}

static bool rendered_template(const char *data, size_t len)
{
  for (const char *p = data; p && p < data + len;) {
    while (p < data + len && (*p == ' ' || *p == '\t'))
      p++;
    if (p + 1 < data + len && p[0] == '{' && p[1] == '%')
      return true;
    if (go_template_action(p, data + len))
      return true;
    const char *nl = memchr(p, '\n', (size_t)(data + len - p));
    p = nl ? nl + 1 : NULL;
  }
  return false;
}

static void parse_root(struct run *r, const char *path)
{
  const char *data;
  size_t len;
  r->err[0] = '\0';
  r->root_dir = root_dir_of(r, path);
  r->n_files_read = 0;
  r->depth = 0;
  if (!is_main_name(path) && read_file(r, path, &data, &len) == 0 &&
      !looks_like_nginx(data, len))
    return; /* a conf.d file of another program */
  if (read_file(r, path, &data, &len) == 0 && ini_sections(data, len))
    return; /* supervisord's `[program:nginx]` file, named for what it runs */
  if (read_file(r, path, &data, &len) == 0 && rendered_template(data, len)) {
    rc_check_evidence(r->out, r->ctx, path, 0,
                      "a template rendered when the container starts "
                      "({%% ... %%} or {{ if }} blocks): not judged as a "
                      "configuration");
    return;
  }
  struct node *root = rc_arena_alloc(r->a, sizeof(*root));
  root->name = "";
  root->file = path;
  root->block = true;
  if (r->err[0] == '\0' && parse_file(r, path, root, 0) == 0) {
    r->n_trees++;
    analyse(r, root);
    return;
  }
  r->n_error++;
  rc_check_evidence(r->out, r->ctx, r->err_file, r->err_line,
                    "could not parse: %s", r->err);
}

/* ---- verdict ---------------------------------------------------------- */

static const char *const subjects[][2] = {
    {"TLS server", "TLS servers"},
    {"block with add_header", "blocks with add_header"},
    {"configuration tree", "configuration trees"},
    {"server", "servers"},
    {"TLS server", "TLS servers"},
};

static void verdict(struct run *r)
{
  struct rc_ctx *ctx = r->ctx;
  note_more_servers(r);
  const char *const *what = subjects[r->cfg->check];
  if (r->n_failed)
    rc_check_set(r->out, ctx, RC_OUT_FAIL, "%zu problem%s in %zu %s; first: %s",
                 r->n_failed, r->n_failed == 1 ? "" : "s", r->n_checked,
                 what[r->n_checked != 1], r->first);
  else if (r->n_error)
    rc_check_set(r->out, ctx, RC_OUT_ERROR,
                 "%zu nginx file%s could not be parsed", r->n_error,
                 r->n_error == 1 ? "" : "s");
  else if (r->n_trees == 0 && r->n_other_scope)
    rc_check_set(r->out, ctx, RC_OUT_SKIP,
                 r->cfg->deploys == DEPLOYS_EVIDENCED
                     ? "not applicable: no deployed service mounts or copies "
                       "any of the %zu nginx configuration%s"
                     : "not applicable: a deployed service mounts or copies "
                       "%zu nginx configuration%s (judged as deployed)",
                 r->n_other_scope, r->n_other_scope == 1 ? "" : "s");
  else if (r->n_trees == 0)
    rc_check_set(r->out, ctx, RC_OUT_SKIP, "no nginx configuration selected");
  else if (r->n_checked == 0 && r->n_proxied_left)
    rc_check_set(r->out, ctx, RC_OUT_SKIP,
                 r->cfg->proxied == PROXIED_SKIP
                     ? "not applicable: %zu TLS server%s, each proxying every "
                       "request to an upstream (the application's headers "
                       "reach the browser)"
                     : "not applicable: %zu TLS server%s, each serving files "
                       "of its own",
                 r->n_proxied_left, r->n_proxied_left == 1 ? "" : "s");
  else if (r->n_checked == 0 && r->cfg->check != CHECK_SSL_ON &&
           r->cfg->check != CHECK_ADD_HEADER)
    /* nginx.conf that includes sites-enabled/, made on the host: nothing
     * to judge is not a pass */
    rc_check_set(r->out, ctx, RC_OUT_SKIP,
                 "not applicable: no %s in %zu file%s", what[1], r->n_covered,
                 r->n_covered == 1 ? "" : "s");
  else if (r->cfg->check == CHECK_SSL_ON)
    rc_check_set(r->out, ctx, RC_OUT_OK,
                 "no 'ssl' directive in %zu configuration file%s", r->n_covered,
                 r->n_covered == 1 ? "" : "s");
  else
    rc_check_set(r->out, ctx, RC_OUT_OK,
                 "%zu %s checked in %zu file%s, all fine", r->n_checked,
                 what[r->n_checked != 1], r->n_covered,
                 r->n_covered == 1 ? "" : "s");
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  struct run r = {.cfg = vcfg, .ctx = ctx, .out = out};
  r.a = rc_arena_new();
  r.headers = r.cfg->headers;
  if (r.headers.n == 0) {
    r.headers.items = (const char **)default_headers;
    r.headers.n = sizeof(default_headers) / sizeof(*default_headers);
  }
  struct found f = {.r = &r};
  select_files(&r, &f);
  r.selected = (const char *const *)f.paths;
  r.n_selected = f.n;
  for (size_t i = 0; i < f.n; i++)
    if ((i == 0 || strcmp(f.paths[i], f.paths[i - 1]) != 0) &&
        !covered(&r, f.paths[i]))
      parse_root(&r, f.paths[i]);
  verdict(&r);
  free(f.paths);
  free(r.covered);
  free(r.mains);
  free(r.seen);
  rc_arena_free(r.a);
}

/* "Name" or "Name|Other": no empty alternative, no value. */
static bool valid_header_entry(const char *h)
{
  if (!*h || strchr(h, ':') || h[0] == '|' || h[strlen(h) - 1] == '|')
    return false;
  return strstr(h, "||") == NULL;
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (rc_globs_validate(&cfg->path, "path", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  for (size_t i = 0; i < cfg->headers.n; i++)
    if (!valid_header_entry(cfg->headers.items[i]))
      rc = rc_error(d, loc,
                    "'headers' entries must be header names (alternatives "
                    "separated by '|')");
  if (cfg->deploys != DEPLOYS_ANY && !cfg->deployed)
    rc = rc_error(d, loc, "'deploys' applies with 'deployed: true'");
  return rc;
}

static const struct rc_field fields[] = {
    {"path", RC_FIELD_STRINGS, offsetof(struct cfg, path), 0, NULL,
     "main configuration files (paths or globs); files they include are "
     "read with them"},
    {"check", RC_FIELD_ENUM, offsetof(struct cfg, check), RC_FIELD_REQUIRED,
     check_names,
     "ssl-certificate, add-header-inheritance, ssl-on, server-tokens or "
     "security-headers"},
    {"headers", RC_FIELD_STRINGS, offsetof(struct cfg, headers), 0, NULL,
     "security header names for add-header-inheritance and "
     "security-headers; 'A|B' accepts either"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of configuration files not to read (default: test, fixture, "
     "example and vendor folders)"},
    {"deployed", RC_FIELD_BOOL, offsetof(struct cfg, deployed), 0, NULL,
     "only configurations a deployed service mounts or copies (when any "
     "is; else those outside test, example and development folders that "
     "no development or test stack mounts)"},
    {"deploys", RC_FIELD_ENUM, offsetof(struct cfg, deploys), 0, deploys_names,
     "with deployed: 'evidenced' only configurations a deployed service "
     "mounts or copies, 'presumed' only the others deployed keeps when "
     "there are none, 'any' both (default)"},
    {"proxied", RC_FIELD_ENUM, offsetof(struct cfg, proxied), 0, proxied_names,
     "security-headers: 'skip' leaves out TLS servers that proxy every "
     "request to an upstream, 'only' checks just those, 'any' all "
     "(default)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

/* `deployed: true` keeps only the configurations deployed services use, read
 * from the deployment model. */
static bool reads_model_for(const void *vcfg)
{
  return ((const struct cfg *)vcfg)->deployed;
}

const struct rc_probe rc_probe_nginx = {
    .name = "nginx",
    .summary = "nginx configuration, parsed with its includes: TLS "
               "certificates, add_header inheritance, removed directives",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model_for = reads_model_for,
};
