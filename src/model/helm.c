/*
 * helm.c - Helm templates rendered with values.yaml defaults. Charts wrap
 * their objects in a little Go text/template; to know whether a chart's
 * Deployment sets resources or a securityContext we only need the values
 * those few actions take, so this is a small evaluator, not Helm: unknown
 * inputs (the cluster, files, exotic functions) become a marker the
 * readers treat as "cannot tell", and an unknown condition takes its first
 * branch so the output stays one coherent document.
 *
 * Text and actions are lexed with their trim markers applied ({{- and -}}
 * eat the whitespace beside them), parsed into a tree (if, with, range,
 * define), and evaluated against .Values, .Chart and .Release. Every
 * rendered line remembers the template line it came from, so findings
 * point at the template.
 */
#include "readycheck/helm.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

enum {
  MAX_DEPTH = 16,       /* nested include/template calls */
  MAX_OUTPUT = 4 << 20, /* bytes one render may produce */
  MAX_STEPS = 2000000,  /* evaluation steps per render */
  MAX_RANGE = 1000,     /* items one range visits */
  MAX_VARS = 256,       /* variables in scope */
  MAX_ARGS = 32,        /* arguments of one function call */
  MAX_NESTING = 64,     /* nested blocks in one file */
};

/* ---- the tree ------------------------------------------------------------ */

enum nkind { N_TEXT, N_EXPR, N_IF, N_WITH, N_RANGE, N_TEMPLATE };

struct node {
  enum nkind k;
  unsigned line;
  const char *s; /* text bytes, or the action's pipeline */
  size_t n;
  struct node *body, *alt; /* blocks: the body and the else branch */
  struct node *next;
};

struct define {
  const char *name;
  struct node *body;
};

struct rc_helm {
  struct rc_arena *a;
  const cJSON *values, *chart;
  cJSON *owned;     /* objects made here (Chart, Release, dicts) */
  cJSON *chart_obj; /* .Chart with Helm's capitalised names */
  cJSON *release, *root_mark;
  struct define *defs;
  size_t n_defs, cap_defs;
  const char *path; /* the template being rendered */
  size_t steps;
  unsigned depth;
};

/* ---- lexing -------------------------------------------------------------- */

struct tok {
  bool action;
  const char *s;
  size_t n;
  unsigned line;
};

struct lexed {
  struct tok *t;
  size_t n, cap;
};

static unsigned count_nl(const char *s, size_t n)
{
  unsigned c = 0;
  for (size_t i = 0; i < n; i++)
    c += s[i] == '\n';
  return c;
}

static bool space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The end of an action starting after "{{": the offset of its "}}". */
static size_t action_end(const char *s, size_t n, size_t i)
{
  while (i + 1 < n) {
    char c = s[i];
    if (c == '"' || c == '`' || c == '\'') {
      for (i++; i < n && s[i] != c; i++)
        if (c != '`' && s[i] == '\\')
          i++;
      i++;
      continue;
    }
    if (c == '/' && s[i + 1] == '*') {
      const char *e = strstr(s + i + 2, "*/");
      i = e ? (size_t)(e - s) + 2 : n;
      continue;
    }
    if (c == '}' && s[i + 1] == '}')
      return i;
    i++;
  }
  return n;
}

static void push_tok(struct lexed *lx, bool action, const char *s, size_t n,
                     unsigned line)
{
  rc_grow((void **)&lx->t, &lx->cap, lx->n, sizeof(*lx->t));
  lx->t[lx->n++] = (struct tok){action, s, n, line};
}

static void lex(struct lexed *lx, const char *s, size_t n)
{
  size_t i = 0;
  unsigned line = 1;
  bool trim_next = false;
  while (i < n) {
    const char *open = NULL;
    for (size_t k = i; k + 1 < n; k++)
      if (s[k] == '{' && s[k + 1] == '{') {
        open = s + k;
        break;
      }
    size_t text_end = open ? (size_t)(open - s) : n;
    size_t ts = i, te = text_end;
    unsigned tline = line;
    if (trim_next)
      while (ts < te && space(s[ts]))
        tline += s[ts++] == '\n';
    bool trim_left = open && open + 2 < s + n && open[2] == '-' &&
                     open + 3 < s + n && space(open[3]);
    if (trim_left)
      while (te > ts && space(s[te - 1]))
        te--;
    if (te > ts)
      push_tok(lx, false, s + ts, te - ts, tline);
    line += count_nl(s + i, text_end - i);
    if (!open)
      break;
    size_t a = text_end + 2 + (trim_left ? 1 : 0);
    size_t end = action_end(s, n, a);
    size_t ae = end;
    trim_next = end >= 2 && end < n && s[end - 1] == '-' && space(s[end - 2]);
    if (trim_next)
      ae--;
    while (a < ae && space(s[a]))
      a++;
    while (ae > a && space(s[ae - 1]))
      ae--;
    bool comment = ae - a >= 2 && s[a] == '/' && s[a + 1] == '*';
    if (!comment)
      push_tok(lx, true, s + a, ae - a, line);
    line += count_nl(s + text_end, (end < n ? end + 2 : n) - text_end);
    i = end < n ? end + 2 : n;
  }
}

/* ---- parsing ------------------------------------------------------------- */

struct parser {
  struct rc_helm *h;
  struct lexed *lx;
  size_t i;
  unsigned nesting;
};

/* The first word of an action and the rest. */
static bool keyword(const struct tok *t, const char *kw, const char **rest,
                    size_t *rn)
{
  size_t k = strlen(kw);
  if (t->n < k || strncmp(t->s, kw, k) != 0 ||
      (t->n > k && !space(t->s[k]) && !strchr("(.$\"", t->s[k])))
    return false;
  size_t off = k;
  while (off < t->n && space(t->s[off]))
    off++;
  if (rest) {
    *rest = t->s + off;
    *rn = t->n - off;
  }
  return true;
}

static struct node *new_node(struct parser *p, enum nkind k, const char *s,
                             size_t n, unsigned line)
{
  struct node *nd = rc_arena_alloc(p->h->a, sizeof(*nd));
  memset(nd, 0, sizeof(*nd));
  nd->k = k;
  nd->s = s;
  nd->n = n;
  nd->line = line;
  return nd;
}

enum stop { STOP_EOF, STOP_END, STOP_ELSE };

static struct node *parse_list(struct parser *p, enum stop *why,
                               const struct tok **else_tok);

static void add_define(struct rc_helm *h, const char *name, size_t n,
                       struct node *body)
{
  rc_grow((void **)&h->defs, &h->cap_defs, h->n_defs, sizeof(*h->defs));
  h->defs[h->n_defs++] = (struct define){rc_arena_strndup(h->a, name, n), body};
}

/* "name" -> name without its quotes; n set. */
static const char *quoted_name(const char *s, size_t len, size_t *n)
{
  if (len < 2 || (s[0] != '"' && s[0] != '`'))
    return NULL;
  const char *e = memchr(s + 1, s[0], len - 1);
  if (!e)
    return NULL;
  *n = (size_t)(e - s - 1);
  return s + 1;
}

/* A block (if/with/range) after its opening action: body, else branches. */
static struct node *parse_block(struct parser *p, enum nkind k, const char *s,
                                size_t n, unsigned line)
{
  struct node *nd = new_node(p, k, s, n, line);
  if (++p->nesting > MAX_NESTING) {
    p->i = p->lx->n; /* give up on the rest of the file */
    return nd;
  }
  enum stop why;
  const struct tok *et = NULL;
  nd->body = parse_list(p, &why, &et);
  if (why == STOP_ELSE) {
    const char *rest;
    size_t rn;
    if (keyword(et, "else", &rest, &rn) && rn) {
      /* else if X / else with X: a block of its own closing with ours */
      const char *r2;
      size_t n2;
      struct tok sub = {true, rest, rn, et->line};
      if (keyword(&sub, "if", &r2, &n2))
        nd->alt = parse_block(p, N_IF, r2, n2, et->line);
      else if (keyword(&sub, "with", &r2, &n2))
        nd->alt = parse_block(p, N_WITH, r2, n2, et->line);
      else
        nd->alt = parse_list(p, &why, &et);
    } else {
      nd->alt = parse_list(p, &why, &et);
    }
  }
  p->nesting--;
  return nd;
}

static struct node *parse_action(struct parser *p, const struct tok *t)
{
  const char *rest;
  size_t rn;
  if (keyword(t, "if", &rest, &rn))
    return parse_block(p, N_IF, rest, rn, t->line);
  if (keyword(t, "with", &rest, &rn))
    return parse_block(p, N_WITH, rest, rn, t->line);
  if (keyword(t, "range", &rest, &rn))
    return parse_block(p, N_RANGE, rest, rn, t->line);
  if (keyword(t, "define", &rest, &rn) || keyword(t, "block", &rest, &rn)) {
    bool block = t->s[0] == 'b';
    size_t nn;
    const char *name = quoted_name(rest, rn, &nn);
    struct node *saved = NULL;
    enum stop why;
    const struct tok *et;
    p->nesting++;
    struct node *body = parse_list(p, &why, &et);
    p->nesting--;
    if (name)
      add_define(p->h, name, nn, body);
    if (block && name) /* {{ block "x" . }} also runs it in place */
      saved = new_node(p, N_TEMPLATE, rest, rn, t->line);
    return saved;
  }
  if (keyword(t, "template", &rest, &rn))
    return new_node(p, N_TEMPLATE, rest, rn, t->line);
  if (keyword(t, "break", NULL, NULL) || keyword(t, "continue", NULL, NULL))
    return NULL;
  return new_node(p, N_EXPR, t->s, t->n, t->line);
}

static struct node *parse_list(struct parser *p, enum stop *why,
                               const struct tok **else_tok)
{
  struct node *head = NULL, **tail = &head;
  *why = STOP_EOF;
  while (p->i < p->lx->n) {
    const struct tok *t = &p->lx->t[p->i++];
    struct node *nd = NULL;
    if (!t->action) {
      nd = new_node(p, N_TEXT, t->s, t->n, t->line);
    } else if (keyword(t, "end", NULL, NULL)) {
      *why = STOP_END;
      return head;
    } else if (keyword(t, "else", NULL, NULL)) {
      *why = STOP_ELSE;
      *else_tok = t;
      return head;
    } else {
      nd = parse_action(p, t);
    }
    if (nd) {
      *tail = nd;
      tail = &nd->next;
    }
  }
  return head;
}

/* The tree points into the text: a copy lives as long as the chart. */
static struct node *parse(struct rc_helm *h, const char *text, size_t len)
{
  text = rc_arena_strndup(h->a, text, len);
  struct lexed lx = {0};
  lex(&lx, text, len);
  struct parser p = {h, &lx, 0, 0};
  struct node *head = NULL, **tail = &head;
  while (p.i < lx.n) { /* a stray end or else at the top is skipped */
    enum stop why;
    const struct tok *et;
    struct node *part = parse_list(&p, &why, &et);
    *tail = part;
    while (*tail)
      tail = &(*tail)->next;
  }
  free(lx.t);
  return head;
}

/* ---- values -------------------------------------------------------------- */

enum vk { V_UNK, V_NIL, V_STR, V_NUM, V_BOOL, V_JSON, V_ROOT };

struct val {
  enum vk k;
  const char *s; /* V_STR; V_NUM: its text */
  double n;
  bool b;
  const cJSON *j; /* V_JSON: an object or array */
};

static const struct val unknown = {V_UNK, NULL, 0, false, NULL};
static const struct val nil = {V_NIL, NULL, 0, false, NULL};

static struct val str_val(const char *s)
{
  struct val v = {V_STR, s, 0, false, NULL};
  return v;
}

static struct val bool_val(bool b)
{
  struct val v = {V_BOOL, NULL, 0, b, NULL};
  return v;
}

static struct val num_val(struct rc_arena *a, double n)
{
  struct val v = {V_NUM, rc_arena_printf(a, "%g", n), n, false, NULL};
  return v;
}

/* A document node as a value; the root marker stands for `$`. */
static struct val from_json(const struct rc_helm *h, const cJSON *j)
{
  if (!j || cJSON_IsNull(j))
    return nil;
  if (cJSON_IsString(j))
    return strcmp(j->valuestring, RC_HELM_UNKNOWN) == 0
               ? unknown
               : str_val(j->valuestring);
  if (cJSON_IsBool(j))
    return bool_val(cJSON_IsTrue(j));
  if (cJSON_IsNumber(j)) {
    struct val v = {V_NUM, j->valuestring, j->valuedouble, false, NULL};
    if (!v.s)
      v.s = rc_arena_printf(h->a, "%g", j->valuedouble);
    return v;
  }
  if (cJSON_IsObject(j) && j->child && j->child->string &&
      strcmp(j->child->string, "__rc_root__") == 0)
    return (struct val){V_ROOT, NULL, 0, false, NULL};
  struct val v = {V_JSON, NULL, 0, false, j};
  return v;
}

/* 1 true, 0 false, -1 unknown: Go's truth (empty is false). */
static int truth(struct val v)
{
  switch (v.k) {
  case V_UNK:
    return -1;
  case V_NIL:
    return 0;
  case V_STR:
    return v.s[0] != '\0';
  case V_NUM:
    return v.n != 0;
  case V_BOOL:
    return v.b;
  case V_JSON:
    return v.j->child != NULL;
  default:
    return 1;
  }
}

static bool plain_scalar(const char *s)
{
  static const char *const words[] = {
      "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", NULL};
  if (!*s || isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '.' ||
      s[0] == '+')
    return false;
  for (size_t i = 0; words[i]; i++)
    if (strcasecmp(s, words[i]) == 0)
      return false;
  for (const char *p = s; *p; p++)
    if (!isalnum((unsigned char)*p) && !strchr("_-./", *p))
      return false;
  return true;
}

static void put_quoted(struct rc_buf *b, const char *s)
{
  if (plain_scalar(s)) {
    rc_buf_puts(b, s);
    return;
  }
  rc_buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      rc_buf_printf(b, "\\%c", *p);
    else if (*p == '\n')
      rc_buf_puts(b, "\\n");
    else if (*p == '\t')
      rc_buf_puts(b, "\\t");
    else if (*p < 0x20)
      rc_buf_printf(b, "\\x%02x", *p);
    else
      rc_buf_putc(b, (char)*p);
  }
  rc_buf_putc(b, '"');
}

static void put_scalar(struct rc_buf *b, const cJSON *n)
{
  char num[64];
  if (cJSON_IsString(n))
    put_quoted(b, n->valuestring);
  else if (cJSON_IsNumber(n))
    rc_buf_puts(b,
                n->valuestring
                    ? n->valuestring
                    : (snprintf(num, sizeof(num), "%g", n->valuedouble), num));
  else if (cJSON_IsBool(n))
    rc_buf_puts(b, cJSON_IsTrue(n) ? "true" : "false");
  else if (cJSON_IsObject(n))
    rc_buf_puts(b, "{}");
  else if (cJSON_IsArray(n))
    rc_buf_puts(b, "[]");
  else
    rc_buf_puts(b, "null");
}

static void newline(struct rc_buf *b, int indent)
{
  rc_buf_putc(b, '\n');
  for (int i = 0; i < indent; i++)
    rc_buf_putc(b, ' ');
}

static bool nested(const cJSON *n)
{
  return (cJSON_IsObject(n) || cJSON_IsArray(n)) && n->child;
}

/* Block YAML of n; the first line continues the current one. */
static void put_yaml(struct rc_buf *b, const cJSON *n, int indent, bool first,
                     unsigned depth)
{
  if (!nested(n) || depth > 64) {
    put_scalar(b, n);
    return;
  }
  bool obj = cJSON_IsObject(n);
  bool start = first;
  for (const cJSON *c = n->child; c; c = c->next) {
    if (!start)
      newline(b, indent);
    start = false;
    if (obj) {
      put_quoted(b, c->string ? c->string : "");
      rc_buf_putc(b, ':');
      if (!nested(c)) {
        rc_buf_putc(b, ' ');
        put_scalar(b, c);
      } else {
        int sub = cJSON_IsArray(c) ? indent : indent + 2;
        newline(b, sub);
        put_yaml(b, c, sub, true, depth + 1);
      }
    } else {
      rc_buf_puts(b, "- ");
      put_yaml(b, c, indent + 2, true, depth + 1);
    }
  }
}

/* ---- evaluation ---------------------------------------------------------- */

struct var {
  const char *name;
  size_t n;
  struct val v;
};

struct exec {
  struct rc_helm *h;
  struct val dot, root;
  struct var vars[MAX_VARS];
  size_t n_vars;
  struct rc_buf *out;
  unsigned *lines; /* rendered line -> template line */
  size_t n_lines, cap_lines;
  bool map_lines;
  bool stop; /* a limit was hit */
};

static bool step(struct exec *x)
{
  if (++x->h->steps > MAX_STEPS || x->out->len > MAX_OUTPUT)
    x->stop = true;
  return !x->stop;
}

/* Text is whatever a value prints as; NULL for unknown. */
static const char *text_of(struct exec *x, struct val v)
{
  switch (v.k) {
  case V_STR:
  case V_NUM:
    return v.s;
  case V_BOOL:
    return v.b ? "true" : "false";
  case V_NIL:
    return "";
  default:
    (void)x;
    return NULL;
  }
}

struct lexer {
  const char *s, *e;
};

static void skip_ws(struct lexer *l)
{
  while (l->s < l->e && space(*l->s))
    l->s++;
}

static struct val pipeline(struct exec *x, struct lexer *l, bool in_paren);

static struct val field(struct exec *x, struct val v, const char *name,
                        size_t n)
{
  if (v.k == V_ROOT) {
    struct rc_helm *h = x->h;
    if (n == 6 && strncmp(name, "Values", 6) == 0)
      return h->values ? from_json(h, h->values) : nil;
    if (n == 5 && strncmp(name, "Chart", 5) == 0)
      return from_json(h, h->chart_obj);
    if (n == 7 && strncmp(name, "Release", 7) == 0)
      return from_json(h, h->release);
    if (n == 8 && strncmp(name, "Template", 8) == 0) {
      cJSON *t = cJSON_CreateObject();
      cJSON_AddStringToObject(t, "Name", h->path ? h->path : "");
      cJSON_AddStringToObject(t, "BasePath", "templates");
      cJSON_AddItemToArray(h->owned, t);
      return from_json(h, t);
    }
    return unknown; /* .Capabilities, .Files, .Subcharts */
  }
  if (v.k == V_UNK)
    return unknown;
  if (v.k != V_JSON || !cJSON_IsObject(v.j))
    return nil;
  for (const cJSON *c = v.j->child; c; c = c->next)
    if (c->string && strlen(c->string) == n && strncmp(c->string, name, n) == 0)
      return from_json(x->h, c);
  return nil;
}

static struct val fields(struct exec *x, struct lexer *l, struct val v)
{
  while (l->s < l->e && *l->s == '.' && l->s + 1 < l->e &&
         (isalnum((unsigned char)l->s[1]) || l->s[1] == '_')) {
    const char *name = ++l->s;
    while (l->s < l->e && (isalnum((unsigned char)*l->s) || *l->s == '_'))
      l->s++;
    v = field(x, v, name, (size_t)(l->s - name));
  }
  return v;
}

static struct val lookup_var(struct exec *x, const char *name, size_t n)
{
  if (n == 0)
    return x->root;
  for (size_t i = x->n_vars; i-- > 0;)
    if (x->vars[i].n == n && strncmp(x->vars[i].name, name, n) == 0)
      return x->vars[i].v;
  return unknown;
}

static void set_var(struct exec *x, const char *name, size_t n, struct val v,
                    bool declare)
{
  if (!declare)
    for (size_t i = x->n_vars; i-- > 0;)
      if (x->vars[i].n == n && strncmp(x->vars[i].name, name, n) == 0) {
        x->vars[i].v = v;
        return;
      }
  if (x->n_vars < MAX_VARS)
    x->vars[x->n_vars++] = (struct var){name, n, v};
}

static const char *string_lit(struct exec *x, struct lexer *l)
{
  char q = *l->s++;
  struct rc_buf b;
  rc_buf_init(&b);
  while (l->s < l->e && *l->s != q) {
    if (q == '"' && *l->s == '\\' && l->s + 1 < l->e) {
      l->s++;
      char c = *l->s++;
      rc_buf_putc(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c);
      continue;
    }
    rc_buf_putc(&b, *l->s++);
  }
  if (l->s < l->e)
    l->s++;
  const char *s = rc_arena_strdup(x->h->a, b.data ? b.data : "");
  rc_buf_release(&b);
  return s;
}

static bool ident_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* One operand: a literal, .field, $var.field, (pipeline), or a niladic
 * function name (*fn set instead). */
static struct val operand(struct exec *x, struct lexer *l, const char **fn,
                          size_t *fnn)
{
  *fn = NULL;
  skip_ws(l);
  if (l->s >= l->e)
    return unknown;
  char c = *l->s;
  if (c == '"' || c == '`')
    return str_val(string_lit(x, l));
  if (c == '\'') {
    string_lit(x, l);
    return unknown;
  }
  if (c == '(') {
    l->s++;
    struct val v = pipeline(x, l, true);
    if (l->s < l->e && *l->s == ')')
      l->s++;
    return fields(x, l, v);
  }
  if (c == '.') {
    if (l->s + 1 < l->e && ident_char(l->s[1]))
      return fields(x, l, x->dot);
    l->s++;
    return x->dot;
  }
  if (c == '$') {
    const char *name = ++l->s;
    while (l->s < l->e && ident_char(*l->s))
      l->s++;
    struct val v = lookup_var(x, name, (size_t)(l->s - name));
    return fields(x, l, v);
  }
  if (isdigit((unsigned char)c) ||
      (c == '-' && l->s + 1 < l->e && isdigit((unsigned char)l->s[1]))) {
    const char *start = l->s++;
    while (l->s < l->e && (isalnum((unsigned char)*l->s) || *l->s == '.' ||
                           *l->s == '+' || *l->s == '-'))
      l->s++;
    char *t = rc_arena_strndup(x->h->a, start, (size_t)(l->s - start));
    struct val v = {V_NUM, t, strtod(t, NULL), false, NULL};
    return v;
  }
  if (ident_char(c)) {
    const char *name = l->s;
    while (l->s < l->e && ident_char(*l->s))
      l->s++;
    size_t n = (size_t)(l->s - name);
    if (n == 4 && strncmp(name, "true", 4) == 0)
      return bool_val(true);
    if (n == 5 && strncmp(name, "false", 5) == 0)
      return bool_val(false);
    if (n == 3 && strncmp(name, "nil", 3) == 0)
      return nil;
    *fn = name;
    *fnn = n;
    return unknown;
  }
  l->s++; /* something we do not read */
  return unknown;
}

static bool at_command_end(struct lexer *l)
{
  skip_ws(l);
  return l->s >= l->e || *l->s == '|' || *l->s == ')';
}

static struct val call(struct exec *x, const char *fn, size_t n,
                       struct val *args, size_t na);

/* command := operand operand* ; with a piped value appended. */
static struct val command(struct exec *x, struct lexer *l, const struct val *in)
{
  const char *fn;
  size_t fnn = 0;
  struct val first = operand(x, l, &fn, &fnn);
  if (!fn) {
    while (!at_command_end(l)) { /* a value cannot take arguments */
      const char *f2;
      size_t n2;
      operand(x, l, &f2, &n2);
    }
    return in ? unknown : first;
  }
  struct val args[MAX_ARGS];
  size_t na = 0;
  while (!at_command_end(l)) {
    const char *f2;
    size_t n2;
    struct val v = operand(x, l, &f2, &n2);
    if (f2) /* a niladic function as an argument */
      v = call(x, f2, n2, NULL, 0);
    if (na < MAX_ARGS - 1)
      args[na++] = v;
  }
  if (in)
    args[na++] = *in;
  return call(x, fn, fnn, args, na);
}

/* [$a[, $b] := | =] command (| command)* */
static struct val pipeline(struct exec *x, struct lexer *l, bool in_paren)
{
  skip_ws(l);
  const char *names[2];
  size_t lens[2], nv = 0;
  bool declare = false;
  const char *save = l->s;
  while (l->s < l->e && *l->s == '$' && nv < 2) {
    names[nv] = ++l->s;
    while (l->s < l->e && ident_char(*l->s))
      l->s++;
    lens[nv] = (size_t)(l->s - names[nv]);
    nv++;
    skip_ws(l);
    if (l->s < l->e && *l->s == ',') {
      l->s++;
      skip_ws(l);
      continue;
    }
    break;
  }
  if (nv && l->s + 1 < l->e && l->s[0] == ':' && l->s[1] == '=') {
    declare = true;
    l->s += 2;
  } else if (nv && l->s < l->e && l->s[0] == '=' &&
             (l->s + 1 >= l->e || l->s[1] != '=')) {
    l->s += 1;
  } else {
    nv = 0;
    l->s = save;
  }
  struct val v = command(x, l, NULL);
  while (!x->stop && l->s < l->e && *l->s == '|') {
    l->s++;
    v = command(x, l, &v);
  }
  if (!in_paren)
    l->s = l->e;
  for (size_t i = 0; i < nv && i < 1; i++)
    set_var(x, names[i], lens[i], v, declare);
  if (nv)
    return (struct val){V_NIL, "", 0, false, NULL}; /* prints nothing */
  return v;
}

/* Evaluates an action's pipeline; *assign set when it only sets a
 * variable. */
static struct val eval(struct exec *x, const char *s, size_t n, bool *assign)
{
  struct lexer l = {s, s + n};
  skip_ws(&l);
  bool is_assign = false;
  if (l.s < l.e && *l.s == '$') {
    const char *p = l.s;
    while (p < l.e && *p != ':' && *p != '=' && *p != '|' && *p != '(')
      p++;
    is_assign = p < l.e && (*p == ':' || (*p == '=' && p[1] != '='));
  }
  if (assign)
    *assign = is_assign;
  return pipeline(x, &l, false);
}

/* ---- functions ----------------------------------------------------------- */

static bool is(const char *fn, size_t n, const char *name)
{
  return strlen(name) == n && strncmp(fn, name, n) == 0;
}

static const char *indent_text(struct rc_arena *a, const char *s, long pad,
                               bool lead)
{
  struct rc_buf b;
  rc_buf_init(&b);
  if (pad < 0 || pad > 256)
    pad = 0;
  if (lead)
    rc_buf_putc(&b, '\n');
  for (long i = 0; i < pad; i++)
    rc_buf_putc(&b, ' ');
  for (const char *p = s; *p; p++) {
    rc_buf_putc(&b, *p);
    if (*p == '\n')
      for (long i = 0; i < pad; i++)
        rc_buf_putc(&b, ' ');
  }
  const char *r = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return r;
}

static struct val to_yaml(struct exec *x, struct val v)
{
  struct rc_buf b;
  rc_buf_init(&b);
  switch (v.k) {
  case V_JSON:
    put_yaml(&b, v.j, 0, true, 0);
    break;
  case V_STR:
    put_quoted(&b, v.s);
    break;
  case V_NIL:
    rc_buf_puts(&b, "null");
    break;
  case V_NUM:
  case V_BOOL:
    rc_buf_puts(&b, text_of(x, v));
    break;
  default:
    rc_buf_release(&b);
    return unknown;
  }
  struct val r = str_val(rc_arena_strdup(x->h->a, b.data ? b.data : ""));
  rc_buf_release(&b);
  return r;
}

/* indent/nindent of something unknown: a whole block we cannot see. */
static struct val unknown_block(struct exec *x, long pad, bool lead)
{
  return str_val(indent_text(x->h->a, RC_HELM_UNKNOWN ": true", pad, lead));
}

static cJSON *to_json(struct exec *x, struct val v)
{
  switch (v.k) {
  case V_STR:
    return cJSON_CreateString(v.s);
  case V_NUM: {
    cJSON *n = cJSON_CreateNumber(v.n);
    return n;
  }
  case V_BOOL:
    return cJSON_CreateBool(v.b);
  case V_NIL:
    return cJSON_CreateNull();
  case V_JSON:
    return cJSON_IsObject(v.j) ? cJSON_CreateObjectReference(v.j->child)
                               : cJSON_CreateArrayReference(v.j->child);
  case V_ROOT:
    return cJSON_CreateObjectReference(x->h->root_mark->child);
  default:
    return cJSON_CreateString(RC_HELM_UNKNOWN);
  }
}

static struct val dict(struct exec *x, struct val *args, size_t na)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToArray(x->h->owned, o);
  for (size_t i = 0; i + 1 < na; i += 2) {
    const char *k = text_of(x, args[i]);
    if (!k)
      return unknown;
    cJSON_AddItemToObject(o, k, to_json(x, args[i + 1]));
  }
  return from_json(x->h, o);
}

static struct val render_define(struct exec *x, const char *name, size_t n,
                                struct val dot);
static struct val render_text(struct exec *x, const char *t, struct val dot);

static bool equal(struct exec *x, struct val a, struct val b)
{
  const char *ta = text_of(x, a), *tb = text_of(x, b);
  if (a.k == V_NUM && b.k == V_NUM)
    return a.n == b.n;
  return ta && tb && strcmp(ta, tb) == 0;
}

static struct val compare(struct exec *x, const char *fn, size_t n,
                          struct val *args, size_t na)
{
  if (na < 2)
    return unknown;
  for (size_t i = 0; i < na; i++)
    if (args[i].k == V_UNK || args[i].k == V_JSON || args[i].k == V_ROOT)
      return unknown;
  if (is(fn, n, "eq")) {
    for (size_t i = 1; i < na; i++)
      if (equal(x, args[0], args[i]))
        return bool_val(true);
    return bool_val(false);
  }
  if (is(fn, n, "ne"))
    return bool_val(!equal(x, args[0], args[1]));
  if (args[0].k != V_NUM || args[1].k != V_NUM)
    return unknown;
  double a = args[0].n, b = args[1].n;
  if (is(fn, n, "lt"))
    return bool_val(a < b);
  if (is(fn, n, "le"))
    return bool_val(a <= b);
  if (is(fn, n, "gt"))
    return bool_val(a > b);
  return bool_val(a >= b);
}

/* and: the first false argument, or the last; or: the first true one, or
 * the last. One known answer decides even beside unknown ones. */
static struct val logic(const char *fn, size_t n, struct val *args, size_t na)
{
  bool all = is(fn, n, "and");
  bool unsure = false;
  if (!na)
    return unknown;
  for (size_t i = 0; i < na; i++) {
    int t = truth(args[i]);
    if (t < 0)
      unsure = true;
    else if (all ? !t : t)
      return args[i];
  }
  return unsure ? unknown : args[na - 1];
}

/* printf with %s, %d, %v (and %%); anything else is unknown. */
static struct val print_f(struct exec *x, struct val *args, size_t na)
{
  const char *f = na ? text_of(x, args[0]) : NULL;
  if (!f || args[0].k != V_STR)
    return unknown;
  struct rc_buf b;
  rc_buf_init(&b);
  size_t ai = 1;
  bool ok = true;
  for (const char *p = f; *p && ok; p++) {
    if (*p != '%') {
      rc_buf_putc(&b, *p);
      continue;
    }
    p++;
    if (*p == '%') {
      rc_buf_putc(&b, '%');
    } else if ((*p == 's' || *p == 'd' || *p == 'v') && ai < na) {
      const char *t = text_of(x, args[ai++]);
      if (t)
        rc_buf_puts(&b, t);
      else
        ok = false;
    } else {
      ok = false;
    }
  }
  struct val r =
      ok ? str_val(rc_arena_strdup(x->h->a, b.data ? b.data : "")) : unknown;
  rc_buf_release(&b);
  return r;
}

static struct val strings(struct exec *x, const char *fn, size_t n,
                          struct val *args, size_t na)
{
  const char *last = na ? text_of(x, args[na - 1]) : NULL;
  if (!last || (na && args[na - 1].k == V_JSON))
    return unknown;
  struct rc_arena *a = x->h->a;
  if (is(fn, n, "lower") || is(fn, n, "upper")) {
    char *s = rc_arena_strdup(a, last);
    for (char *p = s; *p; p++)
      *p = (char)(is(fn, n, "lower") ? tolower((unsigned char)*p)
                                     : toupper((unsigned char)*p));
    return str_val(s);
  }
  if (is(fn, n, "toString") || is(fn, n, "trim"))
    return str_val(last);
  if (na < 2)
    return unknown;
  const char *arg = text_of(x, args[0]);
  if (!arg)
    return unknown;
  size_t ll = strlen(last), al = strlen(arg);
  if (is(fn, n, "trunc")) {
    long k = (long)args[0].n;
    return str_val(
        k >= 0 && (size_t)k < ll ? rc_arena_strndup(a, last, (size_t)k) : last);
  }
  if (is(fn, n, "trimSuffix"))
    return str_val(ll >= al && strcmp(last + ll - al, arg) == 0
                       ? rc_arena_strndup(a, last, ll - al)
                       : last);
  if (is(fn, n, "trimPrefix"))
    return str_val(strncmp(last, arg, al) == 0 ? last + al : last);
  if (is(fn, n, "contains"))
    return bool_val(strstr(last, arg) != NULL);
  if (is(fn, n, "hasPrefix"))
    return bool_val(strncmp(last, arg, al) == 0);
  if (is(fn, n, "hasSuffix"))
    return bool_val(ll >= al && strcmp(last + ll - al, arg) == 0);
  return unknown;
}

/* One handler per template function (nginx's command table); fn is the
 * name as the table spells it, so one handler can serve a pair
 * (indent/nindent). Each returns unknown when it cannot know. */
typedef struct val builtin_fn(struct exec *x, const char *fn, struct val *args,
                              size_t na);

static struct val last_of(struct val *args, size_t na)
{
  return na ? args[na - 1] : unknown;
}

static struct val fn_to_yaml(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  return na ? to_yaml(x, last_of(args, na)) : unknown;
}

static struct val fn_indent(struct exec *x, const char *fn, struct val *args,
                            size_t na)
{
  if (na < 2 || args[0].k != V_NUM)
    return unknown;
  bool lead = fn[0] == 'n';
  const char *t = text_of(x, last_of(args, na));
  return t ? str_val(indent_text(x->h->a, t, (long)args[0].n, lead))
           : unknown_block(x, (long)args[0].n, lead);
}

static struct val fn_quote(struct exec *x, const char *fn, struct val *args,
                           size_t na)
{
  const char *t = na ? text_of(x, last_of(args, na)) : NULL;
  if (!t)
    return unknown;
  char q = fn[0] == 's' ? '\'' : '"';
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_putc(&b, q);
  for (const char *p = t; *p; p++) {
    if (q == '"' && (*p == '"' || *p == '\\'))
      rc_buf_putc(&b, '\\');
    rc_buf_putc(&b, *p);
  }
  rc_buf_putc(&b, q);
  struct val r = str_val(rc_arena_strdup(x->h->a, b.data));
  rc_buf_release(&b);
  return r;
}

static struct val fn_default(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)x, (void)fn;
  if (na < 2)
    return na ? args[0] : unknown;
  struct val last = last_of(args, na);
  int t = truth(last);
  return t < 0 ? unknown : t ? last : args[0];
}

static struct val fn_required(struct exec *x, const char *fn, struct val *args,
                              size_t na)
{
  (void)x, (void)fn;
  return last_of(args, na);
}

static struct val fn_to_string(struct exec *x, const char *fn, struct val *args,
                               size_t na)
{
  struct val last = last_of(args, na);
  return last.k == V_STR ? last : strings(x, fn, strlen(fn), args, na);
}

static struct val fn_coalesce(struct exec *x, const char *fn, struct val *args,
                              size_t na)
{
  (void)x, (void)fn;
  for (size_t i = 0; i < na; i++) {
    int t = truth(args[i]);
    if (t != 0)
      return t < 0 ? unknown : args[i];
  }
  return nil;
}

static struct val fn_ternary(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)x, (void)fn;
  if (na != 3 || truth(args[2]) < 0)
    return unknown;
  return truth(args[2]) ? args[0] : args[1];
}

/* not and empty: both the negated truth of their argument */
static struct val fn_not(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)x, (void)fn;
  int t = na ? truth(last_of(args, na)) : -1;
  return t < 0 ? unknown : bool_val(!t);
}

static struct val fn_logic(struct exec *x, const char *fn, struct val *args,
                           size_t na)
{
  (void)x;
  return logic(fn, strlen(fn), args, na);
}

static struct val fn_compare(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  return compare(x, fn, strlen(fn), args, na);
}

static struct val fn_include(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  const char *name = na && args[0].k == V_STR ? args[0].s : NULL;
  return name ? render_define(x, name, strlen(name), na > 1 ? args[1] : nil)
              : unknown;
}

static struct val fn_tpl(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  const char *t = na ? text_of(x, args[0]) : NULL;
  if (!t)
    return unknown;
  return render_text(x, t, na > 1 ? args[1] : unknown);
}

/* dig "a" "b" default map: the nested value, or the default when a key on
 * the way is missing. */
static struct val fn_dig(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  if (na < 3 || args[na - 1].k == V_UNK)
    return unknown;
  const cJSON *j = args[na - 1].k == V_JSON ? args[na - 1].j : NULL;
  for (size_t i = 0; i + 2 < na; i++) {
    const char *k = args[i].k == V_STR ? args[i].s : NULL;
    if (!k)
      return unknown;
    j = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, k) : NULL;
  }
  return j && !cJSON_IsNull(j) ? from_json(x->h, j) : args[na - 2];
}

/* The keys a value holds as a map: the root's are .Values, .Chart and
 * .Release; NULL when it is no map. */
static const cJSON *keys_of(struct exec *x, struct val v, cJSON **made)
{
  *made = NULL;
  if (v.k == V_JSON)
    return cJSON_IsObject(v.j) ? v.j : NULL;
  if (v.k != V_ROOT)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToArray(x->h->owned, o);
  if (x->h->values)
    cJSON_AddItemReferenceToObject(o, "Values", (cJSON *)x->h->values);
  cJSON_AddItemReferenceToObject(o, "Chart", x->h->chart_obj);
  cJSON_AddItemReferenceToObject(o, "Release", x->h->release);
  *made = o;
  return o;
}

/* omit map "k"...: the map without those keys. */
static struct val fn_omit(struct exec *x, const char *fn, struct val *args,
                          size_t na)
{
  (void)fn;
  if (na < 1 || args[0].k != V_JSON || !cJSON_IsObject(args[0].j))
    return unknown;
  for (size_t i = 1; i < na; i++)
    if (args[i].k != V_STR)
      return unknown;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToArray(x->h->owned, o);
  for (const cJSON *c = args[0].j->child; c; c = c->next) {
    bool drop = false;
    for (size_t i = 1; i < na && !drop; i++)
      drop = strcmp(c->string, args[i].s) == 0;
    if (!drop)
      cJSON_AddItemReferenceToObject(o, c->string, (cJSON *)c);
  }
  return from_json(x->h, o);
}

/* Go's zero values, which merge fills in from a later map. */
static bool json_empty(const cJSON *j)
{
  if (cJSON_IsString(j))
    return j->valuestring[0] == '\0';
  if (cJSON_IsNumber(j))
    return j->valuedouble == 0;
  if (cJSON_IsObject(j) || cJSON_IsArray(j))
    return j->child == NULL;
  return cJSON_IsNull(j) || cJSON_IsFalse(j);
}

/* merge dst src... (Sprig's mergo): dst's keys win unless they hold a zero
 * value ("" or false), the sources fill in the rest; charts rely on that
 * to fall back from a per-component image to the shared one. A key two
 * maps both hold as non-empty maps would need a deep merge: unknown. */
static struct val fn_merge(struct exec *x, const char *fn, struct val *args,
                           size_t na)
{
  (void)fn;
  if (na < 1)
    return unknown;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToArray(x->h->owned, o);
  for (size_t i = 0; i < na; i++) {
    cJSON *made;
    const cJSON *m = keys_of(x, args[i], &made);
    if (!m)
      return unknown;
    for (const cJSON *c = m->child; c; c = c->next) {
      const cJSON *had = cJSON_GetObjectItemCaseSensitive(o, c->string);
      if (had && !json_empty(had) && cJSON_IsObject(had) && cJSON_IsObject(c))
        return unknown;
      if (!had)
        cJSON_AddItemReferenceToObject(o, c->string, (cJSON *)c);
      else if (json_empty(had) && !json_empty(c)) {
        cJSON_DeleteItemFromObjectCaseSensitive(o, c->string);
        cJSON_AddItemReferenceToObject(o, c->string, (cJSON *)c);
      }
    }
  }
  return from_json(x->h, o);
}

static struct val fn_dict(struct exec *x, const char *fn, struct val *args,
                          size_t na)
{
  (void)fn;
  return dict(x, args, na);
}

/* fail is only reached on a branch taken for want of knowing */
static struct val fn_fail(struct exec *x, const char *fn, struct val *args,
                          size_t na)
{
  (void)x, (void)fn, (void)args, (void)na;
  return nil;
}

static struct val fn_printf(struct exec *x, const char *fn, struct val *args,
                            size_t na)
{
  (void)fn;
  return print_f(x, args, na);
}

static struct val fn_print(struct exec *x, const char *fn, struct val *args,
                           size_t na)
{
  (void)fn;
  /* Go's fmt.Sprint: operands joined, with a space between two that are
   * both not strings (`print "v" .Chart.AppVersion` is "v1.2.3") */
  if (!na)
    return unknown;
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < na; i++) {
    const char *t = text_of(x, args[i]);
    if (!t) {
      rc_buf_release(&b);
      return unknown;
    }
    if (i && args[i - 1].k != V_STR && args[i].k != V_STR)
      rc_buf_putc(&b, ' ');
    rc_buf_puts(&b, t);
  }
  struct val r = str_val(rc_arena_strdup(x->h->a, b.data ? b.data : ""));
  rc_buf_release(&b);
  return r;
}

static struct val fn_number(struct exec *x, const char *fn, struct val *args,
                            size_t na)
{
  (void)fn;
  const char *t = na ? text_of(x, last_of(args, na)) : NULL;
  return t ? num_val(x->h->a, strtod(t, NULL)) : unknown;
}

static struct val fn_has_key(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  if (na < 2 || args[0].k == V_UNK)
    return unknown;
  const char *k = text_of(x, args[1]);
  if (!k)
    return unknown;
  return bool_val(args[0].k == V_JSON && cJSON_IsObject(args[0].j) &&
                  cJSON_GetObjectItemCaseSensitive(args[0].j, k));
}

static struct val fn_get(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  if (na < 2 || args[0].k != V_JSON)
    return na && args[0].k == V_NIL ? nil : unknown;
  struct val v = args[0];
  for (size_t i = 1; i < na && v.k == V_JSON; i++) {
    if (cJSON_IsArray(v.j) && args[i].k == V_NUM)
      v = from_json(x->h, cJSON_GetArrayItem(v.j, (int)args[i].n));
    else if (args[i].k == V_STR)
      v = field(x, v, args[i].s, strlen(args[i].s));
    else
      return unknown;
  }
  return v;
}

static struct val fn_len(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  if (!na)
    return unknown;
  struct val last = last_of(args, na);
  if (last.k == V_JSON)
    return num_val(x->h->a, cJSON_GetArraySize(last.j));
  const char *t = text_of(x, last);
  return t ? num_val(x->h->a, (double)strlen(t)) : unknown;
}

static struct val fn_kind_is(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  const char *k = na == 2 ? text_of(x, args[0]) : NULL;
  struct val last = last_of(args, na);
  if (!k || last.k == V_UNK)
    return unknown;
  bool json = last.k == V_JSON;
  bool r = (strcmp(k, "map") == 0 && json && cJSON_IsObject(last.j)) ||
           (strcmp(k, "slice") == 0 && json && cJSON_IsArray(last.j)) ||
           (strcmp(k, "string") == 0 && last.k == V_STR) ||
           (strcmp(k, "bool") == 0 && last.k == V_BOOL) ||
           (strcmp(k, "invalid") == 0 && last.k == V_NIL);
  return bool_val(r);
}

/* list a b c: a list of its arguments; nothing unknown in it. */
static struct val fn_list(struct exec *x, const char *fn, struct val *args,
                          size_t na)
{
  (void)fn;
  cJSON *l = cJSON_CreateArray();
  cJSON_AddItemToArray(x->h->owned, l);
  for (size_t i = 0; i < na; i++) {
    if (args[i].k == V_UNK)
      return unknown;
    cJSON_AddItemToArray(l, to_json(x, args[i]));
  }
  return from_json(x->h, l);
}

/* splitList SEP STRING */
static struct val fn_split_list(struct exec *x, const char *fn,
                                struct val *args, size_t na)
{
  (void)fn;
  const char *sep = na == 2 ? text_of(x, args[0]) : NULL;
  const char *t = na == 2 ? text_of(x, args[1]) : NULL;
  if (!sep || !t || !*sep)
    return unknown;
  cJSON *l = cJSON_CreateArray();
  cJSON_AddItemToArray(x->h->owned, l);
  size_t sl = strlen(sep);
  for (const char *p = t;;) {
    const char *e = strstr(p, sep);
    size_t n = e ? (size_t)(e - p) : strlen(p);
    cJSON_AddItemToArray(l,
                         cJSON_CreateString(rc_arena_strndup(x->h->a, p, n)));
    if (!e)
      break;
    p = e + sl;
  }
  return from_json(x->h, l);
}

/* toJson V: its JSON text (helpers pass values through strings with it). */
static struct val fn_to_json(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  struct val v = last_of(args, na);
  if (!na || v.k == V_UNK)
    return unknown;
  cJSON *j = to_json(x, v);
  char *t = j ? cJSON_PrintUnformatted(j) : NULL;
  cJSON_Delete(j);
  if (!t || strstr(t, RC_HELM_UNKNOWN)) {
    free(t);
    return unknown;
  }
  struct val r = str_val(rc_arena_strdup(x->h->a, t));
  free(t);
  return r;
}

/* fromJson TEXT: the value toJson wrote. */
static struct val fn_from_json(struct exec *x, const char *fn, struct val *args,
                               size_t na)
{
  (void)fn;
  const char *t = na ? text_of(x, last_of(args, na)) : NULL;
  cJSON *j = t ? cJSON_Parse(t) : NULL;
  if (!j)
    return unknown;
  cJSON_AddItemToArray(x->h->owned, j);
  return from_json(x->h, j);
}

/* add / sub / mul of numbers */
static struct val fn_arith(struct exec *x, const char *fn, struct val *args,
                           size_t na)
{
  if (na < 2)
    return unknown;
  double r = 0;
  for (size_t i = 0; i < na; i++) {
    if (args[i].k != V_NUM)
      return unknown;
    if (i == 0)
      r = args[i].n;
    else if (strcmp(fn, "sub") == 0)
      r -= args[i].n;
    else if (strcmp(fn, "mul") == 0)
      r *= args[i].n;
    else
      r += args[i].n;
  }
  return num_val(x->h->a, r);
}

static const struct {
  const char *name;
  builtin_fn *fn;
} builtins[] = {
    {"toYaml", fn_to_yaml},    {"nindent", fn_indent},
    {"indent", fn_indent},     {"quote", fn_quote},
    {"squote", fn_quote},      {"default", fn_default},
    {"required", fn_required}, {"toString", fn_to_string},
    {"coalesce", fn_coalesce}, {"ternary", fn_ternary},
    {"not", fn_not},           {"empty", fn_not},
    {"and", fn_logic},         {"or", fn_logic},
    {"eq", fn_compare},        {"ne", fn_compare},
    {"lt", fn_compare},        {"le", fn_compare},
    {"gt", fn_compare},        {"ge", fn_compare},
    {"include", fn_include},   {"template", fn_include},
    {"tpl", fn_tpl},           {"dict", fn_dict},
    {"fail", fn_fail},         {"printf", fn_printf},
    {"print", fn_print},       {"int", fn_number},
    {"int64", fn_number},      {"float64", fn_number},
    {"hasKey", fn_has_key},    {"get", fn_get},
    {"index", fn_get},         {"len", fn_len},
    {"kindIs", fn_kind_is},    {"dig", fn_dig},
    {"merge", fn_merge},       {"omit", fn_omit},
    {"list", fn_list},         {"splitList", fn_split_list},
    {"toJson", fn_to_json},    {"fromJson", fn_from_json},
    {"add", fn_arith},         {"sub", fn_arith},
    {"mul", fn_arith},
};

/* A template function call; the string functions (lower, trimSuffix...)
 * are the fallback. */
static struct val call(struct exec *x, const char *fn, size_t n,
                       struct val *args, size_t na)
{
  if (!step(x))
    return unknown;
  for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
    if (is(fn, n, builtins[i].name))
      return builtins[i].fn(x, builtins[i].name, args, na);
  return strings(x, fn, n, args, na);
}

/* ---- running the tree ---------------------------------------------------- */

static void exec_list(struct exec *x, const struct node *nd);

static void emit(struct exec *x, const char *s, size_t n, unsigned line,
                 bool advance)
{
  if (x->out->len == 0 && x->map_lines && x->n_lines == 0) {
    rc_grow((void **)&x->lines, &x->cap_lines, 2, sizeof(*x->lines));
    x->lines[0] = 0;
    x->lines[1] = line;
    x->n_lines = 2;
  }
  if (x->out->len + n > MAX_OUTPUT) {
    x->stop = true;
    return;
  }
  rc_buf_add(x->out, s, n);
  if (!x->map_lines)
    return;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '\n') {
      line += advance;
      rc_grow((void **)&x->lines, &x->cap_lines, x->n_lines + 1,
              sizeof(*x->lines));
      x->lines[x->n_lines++] = line;
    }
}

static void emit_val(struct exec *x, struct val v, unsigned line)
{
  const char *t = text_of(x, v);
  if (!t)
    t = RC_HELM_UNKNOWN;
  emit(x, t, strlen(t), line, false);
}

/* A parsed body run with its own dot, as include and tpl do: $ is the dot
 * passed in, and the result is the text it printed. */
static struct val render_body(struct exec *x, const struct node *body,
                              struct val dot)
{
  if (x->h->depth >= MAX_DEPTH || x->stop)
    return unknown;
  struct exec *sub = rc_xcalloc(1, sizeof(*sub));
  struct rc_buf out;
  rc_buf_init(&out);
  sub->h = x->h;
  sub->dot = dot;
  sub->root = dot;
  sub->out = &out;
  x->h->depth++;
  exec_list(sub, body);
  x->h->depth--;
  struct val r =
      sub->stop ? unknown
                : str_val(rc_arena_strdup(x->h->a, out.data ? out.data : ""));
  if (sub->stop)
    x->stop = true;
  rc_buf_release(&out);
  free(sub->lines);
  free(sub);
  return r;
}

static struct val render_define(struct exec *x, const char *name, size_t n,
                                struct val dot)
{
  for (size_t i = x->h->n_defs; i-- > 0;) /* the last definition wins */
    if (strlen(x->h->defs[i].name) == n &&
        strncmp(x->h->defs[i].name, name, n) == 0)
      return render_body(x, x->h->defs[i].body, dot);
  return unknown;
}

/* tpl renders a string from values.yaml as a template of its own, with the
 * given context as dot (charts keep probes there as text holding
 * {{ .Values... }}). */
static struct val render_text(struct exec *x, const char *t, struct val dot)
{
  if (!strstr(t, "{{"))
    return str_val(t);
  if (dot.k == V_UNK)
    return unknown;
  return render_body(x, parse(x->h, t, strlen(t)), dot);
}

static void exec_range(struct exec *x, const struct node *nd)
{
  /* range [$i, $v :=] pipeline */
  const char *s = nd->s, *e = nd->s + nd->n;
  const char *names[2] = {NULL, NULL};
  size_t lens[2] = {0, 0}, nv = 0;
  const char *decl = NULL;
  for (const char *p = s; p + 1 < e; p++)
    if (p[0] == ':' && p[1] == '=') {
      decl = p;
      break;
    }
  if (decl) {
    for (const char *p = s; p < decl && nv < 2; p++)
      if (*p == '$') {
        names[nv] = ++p;
        while (p < decl && ident_char(*p))
          p++;
        lens[nv] = (size_t)(p - names[nv]);
        nv++;
      }
    s = decl + 2;
  }
  struct val v = eval(x, s, (size_t)(e - s), NULL);
  size_t mark = x->n_vars;
  struct val saved = x->dot;
  if (v.k == V_UNK) { /* once, with nothing known */
    for (size_t i = 0; i < nv; i++)
      set_var(x, names[i], lens[i], unknown, true);
    x->dot = unknown;
    exec_list(x, nd->body);
  } else if (truth(v) > 0 && v.k == V_JSON) {
    size_t idx = 0;
    for (const cJSON *c = v.j->child; c && idx < MAX_RANGE && !x->stop;
         c = c->next, idx++) {
      x->n_vars = mark;
      struct val item = from_json(x->h, c);
      struct val key = cJSON_IsObject(v.j) && c->string
                           ? str_val(c->string)
                           : num_val(x->h->a, (double)idx);
      if (nv == 1)
        set_var(x, names[0], lens[0], item, true);
      else if (nv == 2) {
        set_var(x, names[0], lens[0], key, true);
        set_var(x, names[1], lens[1], item, true);
      }
      x->dot = item;
      exec_list(x, nd->body);
    }
  } else if (v.k == V_NUM && v.n > 0) { /* range N */
    for (long i = 0; i < (long)v.n && i < MAX_RANGE && !x->stop; i++) {
      x->n_vars = mark;
      x->dot = num_val(x->h->a, (double)i);
      exec_list(x, nd->body);
    }
  } else {
    exec_list(x, nd->alt);
  }
  x->dot = saved;
  x->n_vars = mark;
}

static void exec_node(struct exec *x, const struct node *nd)
{
  size_t mark = x->n_vars;
  switch (nd->k) {
  case N_TEXT:
    emit(x, nd->s, nd->n, nd->line, true);
    break;
  case N_EXPR: {
    bool assign;
    struct val v = eval(x, nd->s, nd->n, &assign);
    if (!assign)
      emit_val(x, v, nd->line);
    return; /* variables set here stay in scope */
  }
  case N_TEMPLATE: {
    struct lexer l = {nd->s, nd->s + nd->n};
    const char *fn;
    size_t fnn;
    struct val name = operand(x, &l, &fn, &fnn);
    struct val dot = at_command_end(&l) ? nil : pipeline(x, &l, false);
    if (name.k == V_STR)
      emit_val(x, render_define(x, name.s, strlen(name.s), dot), nd->line);
    break;
  }
  case N_IF: {
    int t = truth(eval(x, nd->s, nd->n, NULL));
    exec_list(x, t != 0 ? nd->body : nd->alt); /* unknown: the first */
    break;
  }
  case N_WITH: {
    struct val v = eval(x, nd->s, nd->n, NULL);
    int t = truth(v);
    struct val saved = x->dot;
    if (t != 0) {
      x->dot = v;
      exec_list(x, nd->body);
      x->dot = saved;
    } else {
      exec_list(x, nd->alt);
    }
    break;
  }
  case N_RANGE:
    exec_range(x, nd);
    break;
  }
  x->n_vars = mark;
}

static void exec_list(struct exec *x, const struct node *nd)
{
  for (; nd && !x->stop; nd = nd->next)
    if (step(x))
      exec_node(x, nd);
}

/* ---- the chart ----------------------------------------------------------- */

/* Chart.yaml's keys as templates see them: name -> .Chart.Name. */
static cJSON *chart_object(const cJSON *chart)
{
  cJSON *o = cJSON_CreateObject();
  for (const cJSON *c = chart ? chart->child : NULL; c; c = c->next) {
    if (!c->string || !*c->string)
      continue;
    char key[128];
    snprintf(key, sizeof(key), "%s", c->string);
    key[0] = (char)toupper((unsigned char)key[0]);
    cJSON_AddItemToObject(
        o, key,
        cJSON_IsObject(c)  ? cJSON_CreateObjectReference(c->child)
        : cJSON_IsArray(c) ? cJSON_CreateArrayReference(c->child)
                           : cJSON_Duplicate(c, false));
  }
  return o;
}

struct rc_helm *rc_helm_new(struct rc_arena *a, const cJSON *values,
                            const cJSON *chart)
{
  struct rc_helm *h = rc_xcalloc(1, sizeof(*h));
  h->a = a;
  h->values = cJSON_IsObject(values) ? values : NULL;
  h->chart = chart;
  h->owned = cJSON_CreateArray();
  h->chart_obj = chart_object(chart);
  cJSON_AddItemToArray(h->owned, h->chart_obj);
  h->release = cJSON_CreateObject();
  cJSON_AddStringToObject(h->release, "Name", "release-name");
  cJSON_AddStringToObject(h->release, "Namespace", "default");
  cJSON_AddStringToObject(h->release, "Service", "Helm");
  cJSON_AddTrueToObject(h->release, "IsInstall");
  cJSON_AddFalseToObject(h->release, "IsUpgrade");
  cJSON_AddNumberToObject(h->release, "Revision", 1);
  cJSON_AddItemToArray(h->owned, h->release);
  h->root_mark = cJSON_CreateObject();
  cJSON_AddTrueToObject(h->root_mark, "__rc_root__");
  cJSON_AddItemToArray(h->owned, h->root_mark);
  return h;
}

void rc_helm_free(struct rc_helm *h)
{
  if (!h)
    return;
  cJSON_Delete(h->owned);
  free(h->defs);
  free(h);
}

void rc_helm_add_defines(struct rc_helm *h, const char *path, const char *text,
                         size_t len)
{
  (void)path;
  parse(h, text, len); /* defines register themselves while parsing */
}

const char *rc_helm_render(struct rc_helm *h, const char *path,
                           const char *text, size_t len, const unsigned **lines,
                           size_t *n_lines)
{
  struct node *tree = parse(h, text, len);
  struct exec *x = rc_xcalloc(1, sizeof(*x));
  struct rc_buf out;
  rc_buf_init(&out);
  x->h = h;
  x->dot = (struct val){V_ROOT, NULL, 0, false, NULL};
  x->root = x->dot;
  x->out = &out;
  x->map_lines = true;
  h->path = path;
  h->steps = 0;
  exec_list(x, tree);
  const char *r = rc_arena_strdup(h->a, out.data ? out.data : "");
  size_t nl = x->n_lines ? x->n_lines : 1;
  unsigned *map = rc_arena_alloc(h->a, nl * sizeof(*map));
  if (x->n_lines)
    memcpy(map, x->lines, nl * sizeof(*map));
  else
    map[0] = 0;
  *lines = map;
  *n_lines = nl;
  rc_buf_release(&out);
  free(x->lines);
  free(x);
  return r;
}

bool rc_helm_unknown(const cJSON *node)
{
  if (!node)
    return false;
  if (cJSON_IsString(node))
    return strstr(node->valuestring, RC_HELM_UNKNOWN) != NULL;
  if (cJSON_IsObject(node))
    return cJSON_GetObjectItemCaseSensitive(node, RC_HELM_UNKNOWN) != NULL;
  return false;
}
