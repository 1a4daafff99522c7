/*
 * bake.c - docker buildx bake definitions. HCL is read by a small reader
 * of the subset bake files use: blocks with labels, attributes whose
 * values are strings, lists of strings, variable names or anything else
 * (an expression this reader does not evaluate: kept as unknown, so the
 * model never guesses a path from it). JSON goes through the document
 * cache.
 */
#include "readycheck/bake.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/glob.h"
#include "readycheck/mem.h"

enum { MAX_DEPTH = 16 };

enum kind { K_TARGET, K_GROUP, K_VARIABLE, K_OTHER };

struct val {
  const char *key;
  const char **items; /* one for a string */
  size_t n;
  bool list;
  bool known; /* a string or a list of strings */
};

struct block {
  enum kind kind;
  const char *name;
  const char *file;
  unsigned line;
  struct val *v;
  size_t n, cap;
};

struct rc_bake {
  struct rc_arena *a;
  struct block *b;
  size_t n, cap;
};

struct rc_bake *rc_bake_new(struct rc_arena *a)
{
  struct rc_bake *b = calloc(1, sizeof(*b));
  if (b)
    b->a = a;
  return b;
}

void rc_bake_free(struct rc_bake *b)
{
  if (!b)
    return;
  for (size_t i = 0; i < b->n; i++)
    free(b->b[i].v);
  free(b->b);
  free(b);
}

static struct block *add_block(struct rc_bake *b, enum kind k, const char *name,
                               const char *file, unsigned line)
{
  rc_grow((void **)&b->b, &b->cap, b->n, sizeof(*b->b));
  struct block *bl = &b->b[b->n++];
  *bl = (struct block){k, name, file, line, NULL, 0, 0};
  return bl;
}

static struct val *add_val(struct block *bl, const char *key)
{
  rc_grow((void **)&bl->v, &bl->cap, bl->n, sizeof(*bl->v));
  struct val *v = &bl->v[bl->n++];
  *v = (struct val){key, NULL, 0, false, true};
  return v;
}

static void val_push(struct rc_arena *a, struct val *v, const char *s)
{
  const char **items = rc_arena_alloc(a, (v->n + 1) * sizeof(*items));
  if (v->n)
    memcpy(items, v->items, v->n * sizeof(*items));
  items[v->n++] = s;
  v->items = items;
}

/* ---- HCL ----------------------------------------------------------------
 */

struct hcl {
  struct rc_bake *b;
  const char *path, *s, *end;
  const char *p;
  char *err;
  size_t errlen;
  bool failed;
};

static void where(const struct hcl *h, const char *at, unsigned *line,
                  unsigned *col)
{
  *line = 1;
  *col = 1;
  for (const char *q = h->s; q < at && q < h->end; q++) {
    if (*q == '\n') {
      (*line)++;
      *col = 1;
    } else
      (*col)++;
  }
}

static void fail(struct hcl *h, const char *at, const char *what)
{
  if (h->failed)
    return;
  unsigned line, col;
  where(h, at, &line, &col);
  snprintf(h->err, h->errlen, "%s:%u:%u: %s", h->path, line, col, what);
  h->failed = true;
}

/* Spaces and comments; newlines too when nl. */
static void skip_space(struct hcl *h, bool nl)
{
  while (h->p < h->end) {
    char c = *h->p;
    if (c == ' ' || c == '\t' || c == '\r' || (nl && c == '\n'))
      h->p++;
    else if (c == '#' || (c == '/' && h->p + 1 < h->end && h->p[1] == '/')) {
      while (h->p < h->end && *h->p != '\n')
        h->p++;
    } else if (c == '/' && h->p + 1 < h->end && h->p[1] == '*') {
      const char *e = NULL;
      for (const char *q = h->p + 2; q + 1 < h->end; q++)
        if (q[0] == '*' && q[1] == '/') {
          e = q;
          break;
        }
      if (!e) {
        fail(h, h->p, "unterminated /* comment");
        h->p = h->end;
        return;
      }
      h->p = e + 2;
    } else
      return;
  }
}

static bool ident_char(char c)
{
  return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static const char *ident(struct hcl *h)
{
  const char *st = h->p;
  if (h->p >= h->end || !(isalpha((unsigned char)*h->p) || *h->p == '_'))
    return NULL;
  while (h->p < h->end && ident_char(*h->p))
    h->p++;
  return rc_arena_strndup(h->b->a, st, (size_t)(h->p - st));
}

/* A quoted string from h->p (at the quote): its text with escapes decoded
 * and `${...}` kept as written; NULL when it does not end on its line.
 */
static const char *string(struct hcl *h)
{
  const char *open = h->p++;
  struct rc_buf out;
  rc_buf_init(&out);
  int interp = 0;
  while (h->p < h->end) {
    char c = *h->p;
    if (c == '\n' && !interp) {
      fail(h, open, "unterminated string");
      break;
    }
    if (c == '\\' && h->p + 1 < h->end) {
      char e = h->p[1];
      rc_buf_printf(&out, "%c", e == 'n' ? '\n' : e == 't' ? '\t' : e);
      h->p += 2;
      continue;
    }
    if (!interp && c == '"') {
      h->p++;
      const char *r = rc_arena_strdup(h->b->a, out.data ? out.data : "");
      rc_buf_release(&out);
      return r;
    }
    if ((c == '$' || c == '%') && h->p + 1 < h->end && h->p[1] == '{') {
      interp++;
      rc_buf_printf(&out, "%c{", c);
      h->p += 2;
      continue;
    }
    if (interp && c == '{')
      interp++;
    else if (interp && c == '}')
      interp--;
    else if (interp && c == '"') {
      /* a string inside an interpolation: copy it whole */
      const char *q = h->p + 1;
      while (q < h->end && *q != '"' && *q != '\n')
        q += *q == '\\' ? 2 : 1;
      if (q >= h->end || *q != '"') {
        fail(h, h->p, "unterminated string");
        break;
      }
      rc_buf_printf(&out, "%.*s", (int)(q + 1 - h->p), h->p);
      h->p = q + 1;
      continue;
    }
    rc_buf_printf(&out, "%c", c);
    h->p++;
  }
  if (!h->failed)
    fail(h, open, "unterminated string");
  rc_buf_release(&out);
  return NULL;
}

/* A heredoc (`<<EOT` or `<<-EOT` ... EOT): skipped whole. */
static void heredoc(struct hcl *h)
{
  const char *st = h->p;
  h->p += 2;
  if (h->p < h->end && *h->p == '-')
    h->p++;
  const char *m = h->p;
  while (h->p < h->end && ident_char(*h->p))
    h->p++;
  size_t ml = (size_t)(h->p - m);
  if (!ml) {
    fail(h, st, "heredoc without a marker");
    return;
  }
  while (h->p < h->end) {
    const char *nl = memchr(h->p, '\n', (size_t)(h->end - h->p));
    if (!nl) {
      h->p = h->end;
      break;
    }
    const char *q = nl + 1;
    while (q < h->end && (*q == ' ' || *q == '\t'))
      q++;
    h->p = q;
    if ((size_t)(h->end - q) >= ml && memcmp(q, m, ml) == 0 &&
        (q + ml == h->end || !ident_char(q[ml]))) {
      h->p = q + ml;
      return;
    }
  }
  fail(h, st, "unterminated heredoc");
}

/* An expression this reader does not evaluate (a function call, a
 * conditional, arithmetic, a map): skipped to its end - a newline, `,`,
 * `]` or `}` outside brackets. */
static void skip_expr(struct hcl *h)
{
  const char *open[64];
  size_t depth = 0;
  while (h->p < h->end && !h->failed) {
    skip_space(h, depth > 0);
    if (h->p >= h->end)
      break;
    char c = *h->p;
    if (c == '"') {
      string(h);
      continue;
    }
    if (c == '<' && h->p + 1 < h->end && h->p[1] == '<') {
      heredoc(h);
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      if (depth == 64) {
        fail(h, h->p, "expression nested too deeply");
        return;
      }
      open[depth++] = h->p++;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') {
      if (!depth)
        return;
      depth--;
      h->p++;
      continue;
    }
    if (!depth && (c == '\n' || c == ','))
      return;
    h->p++;
  }
  if (depth && !h->failed)
    fail(h, open[depth - 1], "unbalanced bracket");
}

static bool value_ends(struct hcl *h)
{
  skip_space(h, false);
  return h->p >= h->end || *h->p == '\n' || *h->p == ',' || *h->p == ']' ||
         *h->p == '}';
}

static void value(struct hcl *h, struct val *v, bool item);

/* `[ item, item ]`: a list, known when every item is. */
static void list(struct hcl *h, struct val *v)
{
  const char *open = h->p++;
  v->list = true;
  for (;;) {
    skip_space(h, true);
    if (h->failed)
      return;
    if (h->p >= h->end) {
      fail(h, open, "unbalanced bracket");
      return;
    }
    if (*h->p == ']') {
      h->p++;
      return;
    }
    value(h, v, true);
    skip_space(h, true);
    if (h->p < h->end && *h->p == ',')
      h->p++;
    else if (h->p < h->end && *h->p != ']') {
      fail(h, h->p, "expected ',' or ']' in a list");
      return;
    }
  }
}

/* One value into v: a string, a list, a variable name (kept as `${NAME}`),
 * or an unknown expression. */
static void value(struct hcl *h, struct val *v, bool item)
{
  const char *st = h->p;
  if (h->p < h->end && *h->p == '"') {
    const char *s = string(h);
    if (s && value_ends(h)) {
      val_push(h->b->a, v, s);
      return;
    }
  } else if (h->p < h->end && *h->p == '[' && !item) {
    list(h, v);
    if (value_ends(h))
      return;
  } else if (h->p < h->end && (isalpha((unsigned char)*h->p) || *h->p == '_')) {
    const char *id = ident(h);
    if (id && value_ends(h)) {
      if (strcmp(id, "null") == 0)
        v->known = false;
      else if (strcmp(id, "true") == 0 || strcmp(id, "false") == 0)
        val_push(h->b->a, v, id);
      else
        val_push(h->b->a, v, rc_arena_printf(h->b->a, "${%s}", id));
      return;
    }
  }
  if (h->failed)
    return;
  h->p = st;
  v->known = false;
  skip_expr(h);
}

static enum kind kind_of(const char *w)
{
  return strcmp(w, "target") == 0     ? K_TARGET
         : strcmp(w, "group") == 0    ? K_GROUP
         : strcmp(w, "variable") == 0 ? K_VARIABLE
                                      : K_OTHER;
}

/* A body up to its `}` (or the end of the file at the top). Only the
 * top-level blocks' attributes are kept. */
static void body(struct hcl *h, struct block *into, unsigned depth)
{
  if (depth > MAX_DEPTH) {
    fail(h, h->p, "blocks nested too deeply");
    return;
  }
  for (;;) {
    skip_space(h, true);
    if (h->failed || h->p >= h->end) {
      if (depth && !h->failed)
        fail(h, h->p, "a block is not closed with '}'");
      return;
    }
    if (*h->p == '}') {
      if (!depth)
        fail(h, h->p, "'}' without a block");
      h->p++;
      return;
    }
    const char *at = h->p;
    const char *name = ident(h);
    if (!name) {
      fail(h, at, "expected an attribute or a block");
      return;
    }
    skip_space(h, false);
    if (h->p < h->end && (*h->p == '=' || *h->p == ':')) {
      h->p++;
      skip_space(h, false);
      struct val scratch = {name, NULL, 0, false, true};
      struct val *v = into ? add_val(into, name) : &scratch;
      value(h, v, false);
      if (!value_ends(h) && !h->failed)
        fail(h, h->p, "unexpected text after a value");
      continue;
    }
    const char *label = NULL;
    while (h->p < h->end && *h->p != '{' && !h->failed) {
      if (*h->p == '"')
        label = string(h);
      else if (!(label = ident(h))) {
        fail(h, h->p, "expected '=' or a block's '{'");
        return;
      }
      skip_space(h, false);
    }
    if (h->failed)
      return;
    if (h->p >= h->end) {
      fail(h, at, "a block without '{'");
      return;
    }
    unsigned line, col;
    where(h, at, &line, &col);
    h->p++;
    /* only top-level blocks are kept, and nothing inside a block adds
     * one, so the block stays where it is while its body is read */
    struct block *bl = NULL;
    if (!depth && !label && kind_of(name) != K_OTHER) {
      fail(h, at, "a target, group or variable block needs a name");
      return;
    }
    if (!depth && label)
      bl = add_block(h->b, kind_of(name), label, h->path, line);
    body(h, bl, depth + 1);
  }
}

static int read_hcl(struct rc_bake *b, const char *path, const char *data,
                    size_t len, char *err, size_t errlen)
{
  struct hcl h = {b, path, data, data + len, data, err, errlen, false};
  body(&h, NULL, 0);
  return h.failed ? -1 : 0;
}

/* ---- JSON ---------------------------------------------------------------
 */

static void json_blocks(struct rc_bake *b, const struct rc_docs *docs,
                        const cJSON *d, const char *key, enum kind k,
                        const char *path)
{
  const cJSON *t;
  cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(d, key)) {
    if (!t->string || !cJSON_IsObject(t))
      continue;
    struct block *bl = add_block(b, k, rc_arena_strdup(b->a, t->string), path,
                                 rc_docs_line(docs, t));
    for (const cJSON *f = t->child; f; f = f->next) {
      if (!f->string)
        continue;
      struct val *v = add_val(bl, rc_arena_strdup(b->a, f->string));
      if (cJSON_IsString(f))
        val_push(b->a, v, rc_arena_strdup(b->a, f->valuestring));
      else if (cJSON_IsArray(f)) {
        v->list = true;
        const cJSON *i;
        cJSON_ArrayForEach(i, f) {
          if (cJSON_IsString(i))
            val_push(b->a, v, rc_arena_strdup(b->a, i->valuestring));
          else
            v->known = false;
        }
      } else
        v->known = false;
    }
  }
}

static int read_json(struct rc_bake *b, struct rc_doc_cache *cache,
                     const char *path, const char *data, size_t len, char *err,
                     size_t errlen)
{
  struct rc_docs docs;
  char e[256];
  if (rc_doc_cache_parse(cache, &docs, data, len, path, RC_DOC_YAML, e,
                         sizeof(e)) != 0) {
    snprintf(err, errlen, "%s", e);
    return -1;
  }
  const cJSON *d = docs.n ? docs.docs[0] : NULL;
  json_blocks(b, &docs, d, "variable", K_VARIABLE, path);
  json_blocks(b, &docs, d, "group", K_GROUP, path);
  json_blocks(b, &docs, d, "target", K_TARGET, path);
  rc_docs_release(&docs);
  return 0;
}

int rc_bake_read(struct rc_bake *b, struct rc_doc_cache *docs, const char *path,
                 const char *data, size_t len, char *err, size_t errlen)
{
  size_t pl = strlen(path);
  path = rc_arena_strdup(b->a, path);
  if (pl > 5 && strcmp(path + pl - 5, ".json") == 0)
    return read_json(b, docs, path, data, len, err, errlen);
  return read_hcl(b, path, data, len, err, errlen);
}

/* ---- resolving targets ---------------------------------------------------
 */

static const struct val *find_val(const struct block *bl, const char *key)
{
  const struct val *r = NULL;
  for (size_t i = 0; i < bl->n; i++)
    if (strcmp(bl->v[i].key, key) == 0)
      r = &bl->v[i];
  return r;
}

/* A variable's plain default: `default = "x"`; NULL when none, computed or
 * empty (an empty default is the value CI sets in the environment). */
static const char *var_default(const struct rc_bake *b, const char *name,
                               size_t len)
{
  const char *r = NULL;
  for (size_t i = 0; i < b->n; i++) {
    const struct block *bl = &b->b[i];
    if (bl->kind != K_VARIABLE || strlen(bl->name) != len ||
        strncmp(bl->name, name, len) != 0)
      continue;
    const struct val *v = find_val(bl, "default");
    r = v && v->known && !v->list && v->n == 1 && v->items[0][0] &&
                !strchr(v->items[0], '$')
            ? v->items[0]
            : NULL;
  }
  return r;
}

/* `${NAME}` with a plain default substituted; anything else kept. */
static const char *subst(const struct rc_bake *b, const char *s)
{
  if (!s || !strstr(s, "${"))
    return s;
  struct rc_buf out;
  rc_buf_init(&out);
  for (const char *p = s; *p;) {
    const char *e = p[0] == '$' && p[1] == '{' ? strchr(p, '}') : NULL;
    if (e) {
      size_t n = (size_t)(e - p - 2);
      bool plain = n > 0;
      for (size_t i = 0; i < n; i++)
        plain = plain && (isalnum((unsigned char)p[2 + i]) || p[2 + i] == '_');
      const char *d = plain ? var_default(b, p + 2, n) : NULL;
      if (d) {
        rc_buf_printf(&out, "%s", d);
        p = e + 1;
        continue;
      }
    }
    rc_buf_printf(&out, "%c", *p++);
  }
  const char *r = rc_arena_strdup(b->a, out.data ? out.data : "");
  rc_buf_release(&out);
  return r;
}

struct fields {
  const struct val *context, *dockerfile, *target, *tags, *output, *inline_df;
  bool metadata;
  const struct block *own;
};

static void merge(const struct rc_bake *b, const char *name, unsigned depth,
                  struct fields *f)
{
  if (depth > MAX_DEPTH)
    return;
  for (size_t i = 0; i < b->n; i++) {
    const struct block *bl = &b->b[i];
    if (bl->kind != K_TARGET || strcmp(bl->name, name) != 0)
      continue;
    if (strcmp(name, "docker-metadata-action") == 0)
      f->metadata = true;
    const struct val *inh = find_val(bl, "inherits");
    for (size_t k = 0; inh && k < inh->n; k++)
      merge(b, subst(b, inh->items[k]), depth + 1, f);
    const struct val *v;
    if ((v = find_val(bl, "context")))
      f->context = v;
    if ((v = find_val(bl, "dockerfile")))
      f->dockerfile = v;
    if ((v = find_val(bl, "target")))
      f->target = v;
    if ((v = find_val(bl, "tags")))
      f->tags = v;
    if ((v = find_val(bl, "output")))
      f->output = v;
    if ((v = find_val(bl, "dockerfile-inline")))
      f->inline_df = v;
    if (!depth)
      f->own = bl;
  }
}

static const char *one(const struct rc_bake *b, const struct val *v,
                       const char *def, bool *unknown)
{
  if (!v)
    return def;
  if (!v->known || v->list || v->n != 1) {
    *unknown = true;
    return NULL;
  }
  return subst(b, v->items[0]);
}

/* Outputs that keep no image: only the build cache, files or a tarball of
 * the filesystem (`type=cacheonly`, `type=local`, a bare path). */
static bool outputs_no_image(const struct rc_bake *b, const struct val *v)
{
  if (!v || !v->known || !v->n)
    return false;
  size_t kept = 0;
  for (size_t i = 0; i < v->n; i++) {
    const char *o = subst(b, v->items[i]);
    if (!*o)
      continue; /* `output = [""]`: the default, an image */
    kept++;
    const char *t = strstr(o, "type=");
    if (t && strncmp(t + 5, "cacheonly", 9) != 0 &&
        strncmp(t + 5, "local", 5) != 0 && strncmp(t + 5, "tar", 3) != 0)
      return false;
  }
  return kept > 0;
}

static bool resolve_target(const struct rc_bake *b, const char *name,
                           struct rc_bake_target *t)
{
  struct fields f = {0};
  merge(b, name, 0, &f);
  if (!f.own)
    return false;
  bool unknown = false;
  *t = (struct rc_bake_target){0};
  t->name = name;
  t->context = one(b, f.context, ".", &unknown);
  t->dockerfile = one(b, f.dockerfile, "Dockerfile", &unknown);
  t->target = one(b, f.target, NULL, &unknown);
  t->unknown = unknown;
  t->no_image = outputs_no_image(b, f.output);
  t->inline_df = f.inline_df != NULL;
  t->metadata = f.metadata;
  t->file = f.own->file;
  t->line = f.own->line;
  if (f.tags && f.tags->known) {
    struct rc_buf tags;
    rc_buf_init(&tags);
    for (size_t i = 0; i < f.tags->n; i++) {
      const char *s = subst(b, f.tags->items[i]);
      if (*s)
        rc_buf_printf(&tags, "%s%s", tags.len ? " " : "", s);
    }
    t->tags = tags.len ? rc_arena_strdup(b->a, tags.data) : NULL;
    rc_buf_release(&tags);
  }
  return true;
}

static const struct block *find_group(const struct rc_bake *b, const char *name)
{
  const struct block *r = NULL;
  for (size_t i = 0; i < b->n; i++)
    if (b->b[i].kind == K_GROUP && strcmp(b->b[i].name, name) == 0)
      r = &b->b[i];
  return r;
}

static void collect(const struct rc_bake *b, const char *name, unsigned depth,
                    struct rc_bake_target *out, size_t max, size_t *n)
{
  if (depth > MAX_DEPTH || *n >= max)
    return;
  const struct block *g = find_group(b, name);
  if (g) {
    const struct val *ts = find_val(g, "targets");
    for (size_t i = 0; ts && i < ts->n; i++)
      collect(b, subst(b, ts->items[i]), depth + 1, out, max, n);
    return;
  }
  for (size_t i = 0; i < *n; i++)
    if (strcmp(out[i].name, name) == 0)
      return;
  if (resolve_target(b, name, &out[*n]))
    (*n)++;
}

size_t rc_bake_targets(const struct rc_bake *b, const char *const *names,
                       size_t n, struct rc_bake_target *out, size_t max)
{
  size_t got = 0;
  if (!n)
    collect(b, "default", 0, out, max, &got);
  for (size_t i = 0; i < n; i++)
    collect(b, names[i], 0, out, max, &got);
  return got;
}

size_t rc_bake_names(const struct rc_bake *b, const char *glob,
                     const char **out, size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i < b->n && n < max; i++) {
    const struct block *bl = &b->b[i];
    if (bl->kind != K_TARGET && bl->kind != K_GROUP)
      continue;
    /* `_common`: by convention only inherited, never built by itself */
    if ((bl->name[0] == '_' && glob[0] != '_') ||
        strcmp(bl->name, "docker-metadata-action") == 0 ||
        !rc_glob_match(glob, bl->name))
      continue;
    bool seen = false;
    for (size_t k = 0; k < n && !seen; k++)
      seen = strcmp(out[k], bl->name) == 0;
    if (!seen)
      out[n++] = bl->name;
  }
  return n;
}
