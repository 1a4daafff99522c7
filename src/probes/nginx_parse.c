/*
 * nginx_parse.c - nginx configuration read as nginx reads it: tokens
 * (quoted strings, escapes, ${placeholders}, Lua blocks skipped), blocks
 * into a tree with file:line for every directive, and `include` resolved
 * with globs below the main file's directory, within the limits.
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
#include "readycheck/path.h"
#include "readycheck/probe.h"
#include "readycheck/vars.h"

#include "nginx_parts.h"

/* Where an absolute include path lives in a repository: below the
 * directory of the main configuration file. */
static const char *const abs_prefixes[] = {
    "/etc/nginx/", "/usr/local/nginx/conf/", "/usr/local/openresty/nginx/conf/",
    "/opt/bitnami/nginx/conf/", NULL};

/* ---- tokens ------------------------------------------------------------ */

enum tok { TOK_WORD, TOK_SEMI, TOK_OPEN, TOK_CLOSE, TOK_EOF, TOK_ERROR };

struct lexer {
  const char *p, *end;
  unsigned line;     /* of p */
  unsigned tok_line; /* where the last token started */
  struct rc_buf word;
  const char *why; /* TOK_ERROR */
};

bool nx_is_space(char c)
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
    if (!nx_is_space(c))
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
  if (lx->p < lx->end && !nx_is_space(*lx->p) && *lx->p != ';' &&
      *lx->p != '{' && *lx->p != ')') {
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
    if (nx_is_space(c) || c == ';' || (c == '{' && prev != '$'))
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
bool nx_is_lua_block(const char *name)
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

/* ---- includes ---------------------------------------------------------- */

/* dir + rel with "." and ".." resolved; false if it leaves the root or
 * names the root itself. */
static bool join(struct rc_buf *out, const char *dir, const char *rel)
{
  struct rc_buf all;
  rc_buf_init(&all);
  rc_buf_printf(&all, "%s%s", dir, rel);
  bool ok = rc_path_normalize(out, all.data) && out->len > 0;
  rc_buf_release(&all);
  return ok;
}

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

void nx_find_pattern(struct found *f, const char *pattern)
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
    bases[0] = nx_dir_of(r->a, from);
    if (strcmp(bases[0], r->root_dir) != 0)
      bases[1] = r->root_dir;
  }
  if (strchr(spec, '$'))
    return; /* nginx does not expand variables here */
  struct rc_buf path;
  rc_buf_init(&path);
  for (size_t i = 0; i < 2 && bases[i] && f->n == 0; i++)
    if (join(&path, bases[i], rel))
      nx_find_pattern(f, path.data);
  rc_buf_release(&path);
}

static bool on_stack(const struct run *r, const char *path)
{
  for (size_t i = 0; i < r->depth; i++)
    if (strcmp(r->stack[i], path) == 0)
      return true;
  return false;
}

/* A stock file name (mime.types, fastcgi_params) beside a configuration can
 * be another program's: the system mime.types an image copies to
 * /etc/mime.types lists `type ext` lines. The include then reads the stock
 * file nginx's image ships, not that one. */
static void drop_foreign_stock_files(struct run *r, struct found *f)
{
  size_t kept = 0;
  for (size_t i = 0; i < f->n; i++)
    if (nx_in_nginx_syntax(r, f->paths[i]))
      f->paths[kept++] = f->paths[i];
  f->n = kept;
}

static int do_include(struct run *r, struct node *d, struct node *parent,
                      unsigned depth)
{
  if (d->nargs != 1)
    return nx_perr(r, d->file, d->line,
                   "'include' takes exactly one argument, not %zu", d->nargs);
  struct found f = {.r = r};
  resolve(r, d->file, d->args[0], &f);
  if (nx_stock_include(d->args[0]))
    drop_foreign_stock_files(r, &f);
  d->unresolved = f.n == 0;
  int rc = 0;
  for (size_t i = 0; i < f.n && rc == 0; i++) {
    if (on_stack(r, f.paths[i]))
      continue; /* a cycle: nginx would recurse until it fails */
    if (r->depth >= MAX_INCLUDE_DEPTH)
      rc = nx_perr(r, d->file, d->line, "includes nested deeper than %d levels",
                   MAX_INCLUDE_DEPTH);
    else
      rc = nx_parse_file(r, f.paths[i], parent, depth);
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
      rc = nx_perr(r, file, lx->tok_line, "%s", lx->why);
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
        rc = nx_perr(r, file, w.line,
                     "unexpected end of file, expecting ';' "
                     "or '}' after '%s'",
                     w.v[0]);
      else if (open_line)
        rc = nx_perr(r, file, open_line,
                     "unexpected end of file: '{' is never closed");
      break;
    }
    if (t == TOK_CLOSE) {
      if (w.n)
        rc = nx_perr(r, file, w.line, "'%s' is not terminated by ';'", w.v[0]);
      else if (!open_line)
        rc = nx_perr(r, file, lx->tok_line, "unexpected '}'");
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
    return nx_perr(r, file, lx->tok_line, "unexpected '%c'",
                   t == TOK_SEMI ? ';' : '{');
  if (++r->n_directives > MAX_DIRECTIVES)
    return nx_perr(r, file, w->line, "more than %d directives", MAX_DIRECTIVES);
  struct node *d = new_node(r, w->v, w->n, file, w->line);
  w->n = 0;
  append(parent, d);
  if (t == TOK_SEMI)
    return nx_is_named(d, "include") ? do_include(r, d, parent, depth) : 0;
  d->block = true;
  if (depth + 1 > MAX_BLOCK_DEPTH)
    return nx_perr(r, file, d->line, "blocks nested deeper than %d levels",
                   MAX_BLOCK_DEPTH);
  if (nx_is_lua_block(d->name))
    return skip_lua(lx) == TOK_ERROR
               ? nx_perr(r, file, d->line, "'%s' block is never closed",
                         d->name)
               : 0;
  return parse_items(r, lx, file, d, depth + 1, d->line);
}

int nx_read_file(struct run *r, const char *path, const char **data,
                 size_t *len)
{
  char err[256];
  struct rc_index *idx = r->ctx->index;
  const struct rc_entry *e = rc_index_find(idx, path);
  int rc = e && e->kind == RC_ENTRY_FILE
               ? rc_index_read(idx, e, data, len, err, sizeof(err))
               : rc_index_read_path(idx, path, data, len, err, sizeof(err));
  if (rc != 0)
    return nx_perr(r, path, 0, "cannot read: %s", err);
  if (*len > MAX_FILE_BYTES)
    return nx_perr(r, path, 0, "file is larger than %d MiB",
                   MAX_FILE_BYTES >> 20);
  if (rc_index_is_binary(*data, *len))
    return nx_perr(r, path, 0, "binary file");
  return 0;
}

int nx_parse_file(struct run *r, const char *path, struct node *parent,
                  unsigned depth)
{
  if (++r->n_files_read > MAX_FILES)
    return nx_perr(r, path, 0, "more than %d files included", MAX_FILES);
  const char *data;
  size_t len;
  if (nx_read_file(r, path, &data, &len) != 0)
    return -1;
  nx_cover(r, path);
  r->stack[r->depth++] = path;
  struct lexer lx = {.p = data, .end = data + len, .line = 1};
  rc_buf_init(&lx.word);
  int rc = parse_items(r, &lx, path, parent, depth, 0);
  rc_buf_release(&lx.word);
  r->depth--;
  return rc;
}
