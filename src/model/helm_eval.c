/*
 * helm_eval.c - one action's pipeline evaluated: operands (literals,
 * .fields, $variables, parentheses), commands with a piped value appended,
 * and variable declarations. The text is read as it is evaluated, with no
 * tree of its own: an action is short and read once per render.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

#include "helm_parts.h"

bool hm_step(struct exec *x)
{
  if (++x->h->steps > MAX_STEPS || x->out->len > MAX_OUTPUT)
    x->stop = true;
  return !x->stop;
}

/* Text is whatever a value prints as; NULL for unknown. */
const char *hm_text_of(struct exec *x, struct val v)
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

static void skip_ws(struct lexer *l)
{
  while (l->s < l->e && hm_space(*l->s))
    l->s++;
}

struct val hm_field(struct exec *x, struct val v, const char *name, size_t n)
{
  if (v.k == V_ROOT) {
    struct rc_helm *h = x->h;
    if (n == 6 && strncmp(name, "Values", 6) == 0)
      return h->values ? hm_from_json(h, h->values) : hm_nil;
    if (n == 5 && strncmp(name, "Chart", 5) == 0)
      return hm_from_json(h, h->chart_obj);
    if (n == 7 && strncmp(name, "Release", 7) == 0)
      return hm_from_json(h, h->release);
    if (n == 8 && strncmp(name, "Template", 8) == 0) {
      cJSON *t = cJSON_CreateObject();
      cJSON_AddStringToObject(t, "Name", h->path ? h->path : "");
      cJSON_AddStringToObject(t, "BasePath", "templates");
      cJSON_AddItemToArray(h->owned, t);
      return hm_from_json(h, t);
    }
    return hm_unknown; /* .Capabilities, .Files, .Subcharts */
  }
  if (v.k == V_UNK)
    return hm_unknown;
  if (v.k != V_JSON || !cJSON_IsObject(v.j))
    return hm_nil;
  for (const cJSON *c = v.j->child; c; c = c->next)
    if (c->string && strlen(c->string) == n && strncmp(c->string, name, n) == 0)
      return hm_from_json(x->h, c);
  return hm_nil;
}

static struct val fields(struct exec *x, struct lexer *l, struct val v)
{
  while (l->s < l->e && *l->s == '.' && l->s + 1 < l->e &&
         (isalnum((unsigned char)l->s[1]) || l->s[1] == '_')) {
    const char *name = ++l->s;
    while (l->s < l->e && (isalnum((unsigned char)*l->s) || *l->s == '_'))
      l->s++;
    v = hm_field(x, v, name, (size_t)(l->s - name));
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
  return hm_unknown;
}

void hm_set_var(struct exec *x, const char *name, size_t n, struct val v,
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

bool hm_ident_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* One operand: a literal, .field, $var.field, (pipeline), or a niladic
 * function name (*fn set instead). */
struct val hm_operand(struct exec *x, struct lexer *l, const char **fn,
                      size_t *fnn)
{
  *fn = NULL;
  skip_ws(l);
  if (l->s >= l->e)
    return hm_unknown;
  char c = *l->s;
  if (c == '"' || c == '`')
    return hm_str_val(string_lit(x, l));
  if (c == '\'') {
    string_lit(x, l);
    return hm_unknown;
  }
  if (c == '(') {
    l->s++;
    struct val v = hm_pipeline(x, l, true);
    if (l->s < l->e && *l->s == ')')
      l->s++;
    return fields(x, l, v);
  }
  if (c == '.') {
    if (l->s + 1 < l->e && hm_ident_char(l->s[1]))
      return fields(x, l, x->dot);
    l->s++;
    return x->dot;
  }
  if (c == '$') {
    const char *name = ++l->s;
    while (l->s < l->e && hm_ident_char(*l->s))
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
  if (hm_ident_char(c)) {
    const char *name = l->s;
    while (l->s < l->e && hm_ident_char(*l->s))
      l->s++;
    size_t n = (size_t)(l->s - name);
    if (n == 4 && strncmp(name, "true", 4) == 0)
      return hm_bool_val(true);
    if (n == 5 && strncmp(name, "false", 5) == 0)
      return hm_bool_val(false);
    if (n == 3 && strncmp(name, "nil", 3) == 0)
      return hm_nil;
    *fn = name;
    *fnn = n;
    return hm_unknown;
  }
  l->s++; /* something we do not read */
  return hm_unknown;
}

bool hm_at_command_end(struct lexer *l)
{
  skip_ws(l);
  return l->s >= l->e || *l->s == '|' || *l->s == ')';
}

/* command := operand operand* ; with a piped value appended. */
static struct val command(struct exec *x, struct lexer *l, const struct val *in)
{
  const char *fn;
  size_t fnn = 0;
  struct val first = hm_operand(x, l, &fn, &fnn);
  if (!fn) {
    while (!hm_at_command_end(l)) { /* a value cannot take arguments */
      const char *f2;
      size_t n2;
      hm_operand(x, l, &f2, &n2);
    }
    return in ? hm_unknown : first;
  }
  struct val args[MAX_ARGS];
  size_t na = 0;
  while (!hm_at_command_end(l)) {
    const char *f2;
    size_t n2;
    struct val v = hm_operand(x, l, &f2, &n2);
    if (f2) /* a niladic function as an argument */
      v = hm_call(x, f2, n2, NULL, 0);
    if (na < MAX_ARGS - 1)
      args[na++] = v;
  }
  if (in)
    args[na++] = *in;
  return hm_call(x, fn, fnn, args, na);
}

/* [$a[, $b] := | =] command (| command)* */
struct val hm_pipeline(struct exec *x, struct lexer *l, bool in_paren)
{
  skip_ws(l);
  const char *names[2];
  size_t lens[2], nv = 0;
  bool declare = false;
  const char *save = l->s;
  while (l->s < l->e && *l->s == '$' && nv < 2) {
    names[nv] = ++l->s;
    while (l->s < l->e && hm_ident_char(*l->s))
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
    hm_set_var(x, names[i], lens[i], v, declare);
  if (nv)
    return (struct val){V_NIL, "", 0, false, NULL}; /* prints nothing */
  return v;
}

/* Evaluates an action's pipeline; *assign set when it only sets a
 * variable. */
struct val hm_eval(struct exec *x, const char *s, size_t n, bool *assign)
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
  return hm_pipeline(x, &l, false);
}
