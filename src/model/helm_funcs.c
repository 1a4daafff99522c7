/*
 * helm_funcs.c - the template functions charts use (Go's builtins and
 * the Sprig ones: default, toYaml, include, dict, merge, printf...), one
 * handler each in a table. A function we do not know, or an argument that
 * is unknown, gives unknown rather than a guess, so a reader says "cannot
 * tell" instead of judging a made-up value.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/helm.h"
#include "readycheck/mem.h"

#include "helm_parts.h"

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
    hm_put_yaml(&b, v.j, 0, true, 0);
    break;
  case V_STR:
    hm_put_quoted(&b, v.s);
    break;
  case V_NIL:
    rc_buf_puts(&b, "null");
    break;
  case V_NUM:
  case V_BOOL:
    rc_buf_puts(&b, hm_text_of(x, v));
    break;
  default:
    rc_buf_release(&b);
    return hm_unknown;
  }
  struct val r = hm_str_val(rc_arena_strdup(x->h->a, b.data ? b.data : ""));
  rc_buf_release(&b);
  return r;
}

/* indent/nindent of something unknown: a whole block we cannot see. */
static struct val unknown_block(struct exec *x, long pad, bool lead)
{
  return hm_str_val(indent_text(x->h->a, RC_HELM_UNKNOWN ": true", pad, lead));
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
    const char *k = hm_text_of(x, args[i]);
    if (!k)
      return hm_unknown;
    cJSON_AddItemToObject(o, k, to_json(x, args[i + 1]));
  }
  return hm_from_json(x->h, o);
}

static bool equal(struct exec *x, struct val a, struct val b)
{
  const char *ta = hm_text_of(x, a), *tb = hm_text_of(x, b);
  if (a.k == V_NUM && b.k == V_NUM)
    return a.n == b.n;
  return ta && tb && strcmp(ta, tb) == 0;
}

static struct val compare(struct exec *x, const char *fn, size_t n,
                          struct val *args, size_t na)
{
  if (na < 2)
    return hm_unknown;
  for (size_t i = 0; i < na; i++)
    if (args[i].k == V_UNK || args[i].k == V_JSON || args[i].k == V_ROOT)
      return hm_unknown;
  if (is(fn, n, "eq")) {
    for (size_t i = 1; i < na; i++)
      if (equal(x, args[0], args[i]))
        return hm_bool_val(true);
    return hm_bool_val(false);
  }
  if (is(fn, n, "ne"))
    return hm_bool_val(!equal(x, args[0], args[1]));
  if (args[0].k != V_NUM || args[1].k != V_NUM)
    return hm_unknown;
  double a = args[0].n, b = args[1].n;
  if (is(fn, n, "lt"))
    return hm_bool_val(a < b);
  if (is(fn, n, "le"))
    return hm_bool_val(a <= b);
  if (is(fn, n, "gt"))
    return hm_bool_val(a > b);
  return hm_bool_val(a >= b);
}

/* and: the first false argument, or the last; or: the first true one, or
 * the last. One known answer decides even beside unknown ones. */
static struct val logic(const char *fn, size_t n, struct val *args, size_t na)
{
  bool all = is(fn, n, "and");
  bool unsure = false;
  if (!na)
    return hm_unknown;
  for (size_t i = 0; i < na; i++) {
    int t = hm_truth(args[i]);
    if (t < 0)
      unsure = true;
    else if (all ? !t : t)
      return args[i];
  }
  return unsure ? hm_unknown : args[na - 1];
}

/* printf with %s, %d, %v (and %%); anything else is unknown. */
static struct val print_f(struct exec *x, struct val *args, size_t na)
{
  const char *f = na ? hm_text_of(x, args[0]) : NULL;
  if (!f || args[0].k != V_STR)
    return hm_unknown;
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
      const char *t = hm_text_of(x, args[ai++]);
      if (t)
        rc_buf_puts(&b, t);
      else
        ok = false;
    } else {
      ok = false;
    }
  }
  struct val r = ok ? hm_str_val(rc_arena_strdup(x->h->a, b.data ? b.data : ""))
                    : hm_unknown;
  rc_buf_release(&b);
  return r;
}

static struct val strings(struct exec *x, const char *fn, size_t n,
                          struct val *args, size_t na)
{
  const char *last = na ? hm_text_of(x, args[na - 1]) : NULL;
  if (!last || (na && args[na - 1].k == V_JSON))
    return hm_unknown;
  struct rc_arena *a = x->h->a;
  if (is(fn, n, "lower") || is(fn, n, "upper")) {
    char *s = rc_arena_strdup(a, last);
    for (char *p = s; *p; p++)
      *p = (char)(is(fn, n, "lower") ? tolower((unsigned char)*p)
                                     : toupper((unsigned char)*p));
    return hm_str_val(s);
  }
  if (is(fn, n, "toString") || is(fn, n, "trim"))
    return hm_str_val(last);
  if (na < 2)
    return hm_unknown;
  const char *arg = hm_text_of(x, args[0]);
  if (!arg)
    return hm_unknown;
  size_t ll = strlen(last), al = strlen(arg);
  if (is(fn, n, "trunc")) {
    long k = (long)args[0].n;
    return hm_str_val(
        k >= 0 && (size_t)k < ll ? rc_arena_strndup(a, last, (size_t)k) : last);
  }
  if (is(fn, n, "trimSuffix"))
    return hm_str_val(ll >= al && strcmp(last + ll - al, arg) == 0
                          ? rc_arena_strndup(a, last, ll - al)
                          : last);
  if (is(fn, n, "trimPrefix"))
    return hm_str_val(strncmp(last, arg, al) == 0 ? last + al : last);
  if (is(fn, n, "contains"))
    return hm_bool_val(strstr(last, arg) != NULL);
  if (is(fn, n, "hasPrefix"))
    return hm_bool_val(strncmp(last, arg, al) == 0);
  if (is(fn, n, "hasSuffix"))
    return hm_bool_val(ll >= al && strcmp(last + ll - al, arg) == 0);
  return hm_unknown;
}

/* One handler per template function (nginx's command table); fn is the
 * name as the table spells it, so one handler can serve a pair
 * (indent/nindent). Each returns unknown when it cannot know. */
typedef struct val builtin_fn(struct exec *x, const char *fn, struct val *args,
                              size_t na);

static struct val last_of(struct val *args, size_t na)
{
  return na ? args[na - 1] : hm_unknown;
}

static struct val fn_to_yaml(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  return na ? to_yaml(x, last_of(args, na)) : hm_unknown;
}

static struct val fn_indent(struct exec *x, const char *fn, struct val *args,
                            size_t na)
{
  if (na < 2 || args[0].k != V_NUM)
    return hm_unknown;
  bool lead = fn[0] == 'n';
  const char *t = hm_text_of(x, last_of(args, na));
  return t ? hm_str_val(indent_text(x->h->a, t, (long)args[0].n, lead))
           : unknown_block(x, (long)args[0].n, lead);
}

static struct val fn_quote(struct exec *x, const char *fn, struct val *args,
                           size_t na)
{
  const char *t = na ? hm_text_of(x, last_of(args, na)) : NULL;
  if (!t)
    return hm_unknown;
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
  struct val r = hm_str_val(rc_arena_strdup(x->h->a, b.data));
  rc_buf_release(&b);
  return r;
}

static struct val fn_default(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)x, (void)fn;
  if (na < 2)
    return na ? args[0] : hm_unknown;
  struct val last = last_of(args, na);
  int t = hm_truth(last);
  return t < 0 ? hm_unknown : t ? last : args[0];
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
    int t = hm_truth(args[i]);
    if (t != 0)
      return t < 0 ? hm_unknown : args[i];
  }
  return hm_nil;
}

static struct val fn_ternary(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)x, (void)fn;
  if (na != 3 || hm_truth(args[2]) < 0)
    return hm_unknown;
  return hm_truth(args[2]) ? args[0] : args[1];
}

/* not and empty: both the negated truth of their argument */
static struct val fn_not(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)x, (void)fn;
  int t = na ? hm_truth(last_of(args, na)) : -1;
  return t < 0 ? hm_unknown : hm_bool_val(!t);
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
  return name ? hm_render_define(x, name, strlen(name),
                                 na > 1 ? args[1] : hm_nil)
              : hm_unknown;
}

static struct val fn_tpl(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  const char *t = na ? hm_text_of(x, args[0]) : NULL;
  if (!t)
    return hm_unknown;
  return hm_render_text(x, t, na > 1 ? args[1] : hm_unknown);
}

/* dig "a" "b" default map: the nested value, or the default when a key on
 * the way is missing. */
static struct val fn_dig(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  if (na < 3 || args[na - 1].k == V_UNK)
    return hm_unknown;
  const cJSON *j = args[na - 1].k == V_JSON ? args[na - 1].j : NULL;
  for (size_t i = 0; i + 2 < na; i++) {
    const char *k = args[i].k == V_STR ? args[i].s : NULL;
    if (!k)
      return hm_unknown;
    j = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, k) : NULL;
  }
  return j && !cJSON_IsNull(j) ? hm_from_json(x->h, j) : args[na - 2];
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
    return hm_unknown;
  for (size_t i = 1; i < na; i++)
    if (args[i].k != V_STR)
      return hm_unknown;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToArray(x->h->owned, o);
  for (const cJSON *c = args[0].j->child; c; c = c->next) {
    bool drop = false;
    for (size_t i = 1; i < na && !drop; i++)
      drop = strcmp(c->string, args[i].s) == 0;
    if (!drop)
      cJSON_AddItemReferenceToObject(o, c->string, (cJSON *)c);
  }
  return hm_from_json(x->h, o);
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
    return hm_unknown;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToArray(x->h->owned, o);
  for (size_t i = 0; i < na; i++) {
    cJSON *made;
    const cJSON *m = keys_of(x, args[i], &made);
    if (!m)
      return hm_unknown;
    for (const cJSON *c = m->child; c; c = c->next) {
      const cJSON *had = cJSON_GetObjectItemCaseSensitive(o, c->string);
      if (had && !json_empty(had) && cJSON_IsObject(had) && cJSON_IsObject(c))
        return hm_unknown;
      if (!had)
        cJSON_AddItemReferenceToObject(o, c->string, (cJSON *)c);
      else if (json_empty(had) && !json_empty(c)) {
        cJSON_DeleteItemFromObjectCaseSensitive(o, c->string);
        cJSON_AddItemReferenceToObject(o, c->string, (cJSON *)c);
      }
    }
  }
  return hm_from_json(x->h, o);
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
  return hm_nil;
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
    return hm_unknown;
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < na; i++) {
    const char *t = hm_text_of(x, args[i]);
    if (!t) {
      rc_buf_release(&b);
      return hm_unknown;
    }
    if (i && args[i - 1].k != V_STR && args[i].k != V_STR)
      rc_buf_putc(&b, ' ');
    rc_buf_puts(&b, t);
  }
  struct val r = hm_str_val(rc_arena_strdup(x->h->a, b.data ? b.data : ""));
  rc_buf_release(&b);
  return r;
}

static struct val fn_number(struct exec *x, const char *fn, struct val *args,
                            size_t na)
{
  (void)fn;
  const char *t = na ? hm_text_of(x, last_of(args, na)) : NULL;
  return t ? hm_num_val(x->h->a, strtod(t, NULL)) : hm_unknown;
}

static struct val fn_has_key(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  if (na < 2 || args[0].k == V_UNK)
    return hm_unknown;
  const char *k = hm_text_of(x, args[1]);
  if (!k)
    return hm_unknown;
  return hm_bool_val(args[0].k == V_JSON && cJSON_IsObject(args[0].j) &&
                     cJSON_GetObjectItemCaseSensitive(args[0].j, k));
}

static struct val fn_get(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  if (na < 2 || args[0].k != V_JSON)
    return na && args[0].k == V_NIL ? hm_nil : hm_unknown;
  struct val v = args[0];
  for (size_t i = 1; i < na && v.k == V_JSON; i++) {
    if (cJSON_IsArray(v.j) && args[i].k == V_NUM)
      v = hm_from_json(x->h, cJSON_GetArrayItem(v.j, (int)args[i].n));
    else if (args[i].k == V_STR)
      v = hm_field(x, v, args[i].s, strlen(args[i].s));
    else
      return hm_unknown;
  }
  return v;
}

static struct val fn_len(struct exec *x, const char *fn, struct val *args,
                         size_t na)
{
  (void)fn;
  if (!na)
    return hm_unknown;
  struct val last = last_of(args, na);
  if (last.k == V_JSON)
    return hm_num_val(x->h->a, cJSON_GetArraySize(last.j));
  const char *t = hm_text_of(x, last);
  return t ? hm_num_val(x->h->a, (double)strlen(t)) : hm_unknown;
}

static struct val fn_kind_is(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  const char *k = na == 2 ? hm_text_of(x, args[0]) : NULL;
  struct val last = last_of(args, na);
  if (!k || last.k == V_UNK)
    return hm_unknown;
  bool json = last.k == V_JSON;
  bool r = (strcmp(k, "map") == 0 && json && cJSON_IsObject(last.j)) ||
           (strcmp(k, "slice") == 0 && json && cJSON_IsArray(last.j)) ||
           (strcmp(k, "string") == 0 && last.k == V_STR) ||
           (strcmp(k, "bool") == 0 && last.k == V_BOOL) ||
           (strcmp(k, "invalid") == 0 && last.k == V_NIL);
  return hm_bool_val(r);
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
      return hm_unknown;
    cJSON_AddItemToArray(l, to_json(x, args[i]));
  }
  return hm_from_json(x->h, l);
}

/* splitList SEP STRING */
static struct val fn_split_list(struct exec *x, const char *fn,
                                struct val *args, size_t na)
{
  (void)fn;
  const char *sep = na == 2 ? hm_text_of(x, args[0]) : NULL;
  const char *t = na == 2 ? hm_text_of(x, args[1]) : NULL;
  if (!sep || !t || !*sep)
    return hm_unknown;
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
  return hm_from_json(x->h, l);
}

/* toJson V: its JSON text (helpers pass values through strings with it). */
static struct val fn_to_json(struct exec *x, const char *fn, struct val *args,
                             size_t na)
{
  (void)fn;
  struct val v = last_of(args, na);
  if (!na || v.k == V_UNK)
    return hm_unknown;
  cJSON *j = to_json(x, v);
  char *t = j ? cJSON_PrintUnformatted(j) : NULL;
  cJSON_Delete(j);
  if (!t || strstr(t, RC_HELM_UNKNOWN)) {
    free(t);
    return hm_unknown;
  }
  struct val r = hm_str_val(rc_arena_strdup(x->h->a, t));
  free(t);
  return r;
}

/* fromJson TEXT: the value toJson wrote. */
static struct val fn_from_json(struct exec *x, const char *fn, struct val *args,
                               size_t na)
{
  (void)fn;
  const char *t = na ? hm_text_of(x, last_of(args, na)) : NULL;
  cJSON *j = t ? cJSON_Parse(t) : NULL;
  if (!j)
    return hm_unknown;
  cJSON_AddItemToArray(x->h->owned, j);
  return hm_from_json(x->h, j);
}

/* add / sub / mul of numbers */
static struct val fn_arith(struct exec *x, const char *fn, struct val *args,
                           size_t na)
{
  if (na < 2)
    return hm_unknown;
  double r = 0;
  for (size_t i = 0; i < na; i++) {
    if (args[i].k != V_NUM)
      return hm_unknown;
    if (i == 0)
      r = args[i].n;
    else if (strcmp(fn, "sub") == 0)
      r -= args[i].n;
    else if (strcmp(fn, "mul") == 0)
      r *= args[i].n;
    else
      r += args[i].n;
  }
  return hm_num_val(x->h->a, r);
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
struct val hm_call(struct exec *x, const char *fn, size_t n, struct val *args,
                   size_t na)
{
  if (!hm_step(x))
    return hm_unknown;
  for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
    if (is(fn, n, builtins[i].name))
      return builtins[i].fn(x, builtins[i].name, args, na);
  return strings(x, fn, n, args, na);
}
