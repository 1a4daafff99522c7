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
 *
 * This file: the chart (rc_helm_new, render, free) and running the parsed
 * tree into text with its line map. Parsing, values, evaluation and the
 * template functions are the helm_*.c files; helm_parts.h is what they
 * share.
 */
#include "readycheck/helm.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

#include "helm_parts.h"

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
  const char *t = hm_text_of(x, v);
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
    return hm_unknown;
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
      sub->stop
          ? hm_unknown
          : hm_str_val(rc_arena_strdup(x->h->a, out.data ? out.data : ""));
  if (sub->stop)
    x->stop = true;
  rc_buf_release(&out);
  free(sub->lines);
  free(sub);
  return r;
}

struct val hm_render_define(struct exec *x, const char *name, size_t n,
                            struct val dot)
{
  for (size_t i = x->h->n_defs; i-- > 0;) /* the last definition wins */
    if (strlen(x->h->defs[i].name) == n &&
        strncmp(x->h->defs[i].name, name, n) == 0)
      return render_body(x, x->h->defs[i].body, dot);
  return hm_unknown;
}

/* tpl renders a string from values.yaml as a template of its own, with the
 * given context as dot (charts keep probes there as text holding
 * {{ .Values... }}). */
struct val hm_render_text(struct exec *x, const char *t, struct val dot)
{
  if (!strstr(t, "{{"))
    return hm_str_val(t);
  if (dot.k == V_UNK)
    return hm_unknown;
  return render_body(x, hm_parse(x->h, t, strlen(t)), dot);
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
        while (p < decl && hm_ident_char(*p))
          p++;
        lens[nv] = (size_t)(p - names[nv]);
        nv++;
      }
    s = decl + 2;
  }
  struct val v = hm_eval(x, s, (size_t)(e - s), NULL);
  size_t mark = x->n_vars;
  struct val saved = x->dot;
  if (v.k == V_UNK) { /* once, with nothing known */
    for (size_t i = 0; i < nv; i++)
      hm_set_var(x, names[i], lens[i], hm_unknown, true);
    x->dot = hm_unknown;
    exec_list(x, nd->body);
  } else if (hm_truth(v) > 0 && v.k == V_JSON) {
    size_t idx = 0;
    for (const cJSON *c = v.j->child; c && idx < MAX_RANGE && !x->stop;
         c = c->next, idx++) {
      x->n_vars = mark;
      struct val item = hm_from_json(x->h, c);
      struct val key = cJSON_IsObject(v.j) && c->string
                           ? hm_str_val(c->string)
                           : hm_num_val(x->h->a, (double)idx);
      if (nv == 1)
        hm_set_var(x, names[0], lens[0], item, true);
      else if (nv == 2) {
        hm_set_var(x, names[0], lens[0], key, true);
        hm_set_var(x, names[1], lens[1], item, true);
      }
      x->dot = item;
      exec_list(x, nd->body);
    }
  } else if (v.k == V_NUM && v.n > 0) { /* range N */
    for (long i = 0; i < (long)v.n && i < MAX_RANGE && !x->stop; i++) {
      x->n_vars = mark;
      x->dot = hm_num_val(x->h->a, (double)i);
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
    struct val v = hm_eval(x, nd->s, nd->n, &assign);
    if (!assign)
      emit_val(x, v, nd->line);
    return; /* variables set here stay in scope */
  }
  case N_TEMPLATE: {
    struct lexer l = {nd->s, nd->s + nd->n};
    const char *fn;
    size_t fnn;
    struct val name = hm_operand(x, &l, &fn, &fnn);
    struct val dot = hm_at_command_end(&l) ? hm_nil : hm_pipeline(x, &l, false);
    if (name.k == V_STR)
      emit_val(x, hm_render_define(x, name.s, strlen(name.s), dot), nd->line);
    break;
  }
  case N_IF: {
    int t = hm_truth(hm_eval(x, nd->s, nd->n, NULL));
    exec_list(x, t != 0 ? nd->body : nd->alt); /* unknown: the first */
    break;
  }
  case N_WITH: {
    struct val v = hm_eval(x, nd->s, nd->n, NULL);
    int t = hm_truth(v);
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
    if (hm_step(x))
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
  hm_parse(h, text, len); /* defines register themselves while parsing */
}

const char *rc_helm_render(struct rc_helm *h, const char *path,
                           const char *text, size_t len, const unsigned **lines,
                           size_t *n_lines)
{
  struct node *tree = hm_parse(h, text, len);
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
