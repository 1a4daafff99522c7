/*
 * helm_parse.c - a template read into a tree: text and {{ actions }} lexed
 * with their trim markers applied ({{- and -}} eat the whitespace beside
 * them), each remembering its template line, then parsed into if, with,
 * range and template nodes. A define or block registers itself on the
 * chart while it is parsed, so a helpers file needs no render of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"

#include "helm_parts.h"

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

bool hm_space(char c)
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
      while (ts < te && hm_space(s[ts]))
        tline += s[ts++] == '\n';
    bool trim_left = open && open + 2 < s + n && open[2] == '-' &&
                     open + 3 < s + n && hm_space(open[3]);
    if (trim_left)
      while (te > ts && hm_space(s[te - 1]))
        te--;
    if (te > ts)
      push_tok(lx, false, s + ts, te - ts, tline);
    line += count_nl(s + i, text_end - i);
    if (!open)
      break;
    size_t a = text_end + 2 + (trim_left ? 1 : 0);
    size_t end = action_end(s, n, a);
    size_t ae = end;
    trim_next =
        end >= 2 && end < n && s[end - 1] == '-' && hm_space(s[end - 2]);
    if (trim_next)
      ae--;
    while (a < ae && hm_space(s[a]))
      a++;
    while (ae > a && hm_space(s[ae - 1]))
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
      (t->n > k && !hm_space(t->s[k]) && !strchr("(.$\"", t->s[k])))
    return false;
  size_t off = k;
  while (off < t->n && hm_space(t->s[off]))
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
struct node *hm_parse(struct rc_helm *h, const char *text, size_t len)
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
