/*
 * keypath.c - dotted key paths into cJSON trees ("services.*.healthcheck"):
 * parsing them once, then walking a tree with wildcard semantics that let
 * probes apply all/any. Reading the files is doc.c's job.
 */
#include "readycheck/keypath.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

enum step_kind {
  STEP_KEY,   /* a member name; all-digit names also index arrays */
  STEP_INDEX, /* [N]: arrays only */
  STEP_WILD,  /* * or [*] */
};

struct step {
  enum step_kind kind;
  char *key;    /* STEP_KEY */
  size_t index; /* STEP_INDEX, and STEP_KEY when numeric */
  bool numeric; /* STEP_KEY made of digits only */
  bool bracket; /* STEP_WILD written as [*] */
};

struct rc_keypath {
  struct step *steps;
  size_t n, cap;
  bool wild;
};

void rc_keypath_free(struct rc_keypath *kp)
{
  if (!kp)
    return;
  for (size_t i = 0; i < kp->n; i++)
    free(kp->steps[i].key);
  free(kp->steps);
  free(kp);
}

bool rc_keypath_has_wildcard(const struct rc_keypath *kp)
{
  return kp->wild;
}

struct kparse {
  const char *src, *p;
  struct rc_keypath *kp;
  char *err;
  size_t errlen;
};

static int kp_fail(struct kparse *k, const char *what)
{
  snprintf(k->err, k->errlen, "%s at character %zu of key path '%s'", what,
           (size_t)(k->p - k->src) + 1, k->src);
  return -1;
}

static int parse_digits(const char *s, size_t n, size_t *out)
{
  size_t v = 0;
  if (!n)
    return -1;
  for (size_t i = 0; i < n; i++) {
    if (!is_digit(s[i]) || v > (SIZE_MAX - 9) / 10)
      return -1;
    v = v * 10 + (size_t)(s[i] - '0');
  }
  *out = v;
  return 0;
}

static int add_step(struct kparse *k, struct step s)
{
  if (k->kp->n >= RC_KEYPATH_MAX_STEPS) {
    free(s.key);
    return kp_fail(k, "too many steps");
  }
  rc_grow((void **)&k->kp->steps, &k->kp->cap, k->kp->n, sizeof(*k->kp->steps));
  k->kp->steps[k->kp->n++] = s;
  if (s.kind == STEP_WILD)
    k->kp->wild = true;
  return 0;
}

static int parse_bracket(struct kparse *k)
{
  const char *open = k->p++;
  const char *close = strchr(k->p, ']');
  if (!close) {
    k->p = open;
    return kp_fail(k, "unterminated '['");
  }
  struct step s = {.kind = STEP_INDEX};
  size_t n = (size_t)(close - k->p);
  if (n == 1 && *k->p == '*')
    s = (struct step){.kind = STEP_WILD, .bracket = true};
  else if (parse_digits(k->p, n, &s.index))
    return kp_fail(k, "expected a number or '*' inside '[]'");
  k->p = close + 1;
  return add_step(k, s);
}

static int parse_quoted(struct kparse *k)
{
  const char *open = k->p++;
  struct rc_buf key;
  rc_buf_init(&key);
  for (; *k->p && *k->p != '"'; k->p++) {
    if (*k->p == '\\' && k->p[1])
      k->p++;
    rc_buf_putc(&key, *k->p);
  }
  if (!*k->p) {
    rc_buf_release(&key);
    k->p = open;
    return kp_fail(k, "unterminated quoted key");
  }
  k->p++;
  struct step s = {.kind = STEP_KEY, .key = rc_buf_detach(&key)};
  rc_buf_release(&key);
  return add_step(k, s);
}

static int parse_bare(struct kparse *k)
{
  size_t n = strcspn(k->p, ".[]\"");
  if (!n)
    return kp_fail(k, *k->p && *k->p != '.' ? "expected a key" : "empty step");
  if (n == 1 && *k->p == '*') {
    k->p++;
    return add_step(k, (struct step){.kind = STEP_WILD});
  }
  const char *star = memchr(k->p, '*', n);
  if (star) {
    k->p = star;
    return kp_fail(k, "'*' must be a whole step (quote the key to mean a "
                      "literal '*')");
  }
  struct step s = {.kind = STEP_KEY, .key = rc_xstrndup(k->p, n)};
  s.numeric = parse_digits(k->p, n, &s.index) == 0;
  k->p += n;
  return add_step(k, s);
}

static int parse_dotted(struct kparse *k)
{
  if (*k->p == '"')
    return parse_quoted(k);
  return parse_bare(k);
}

struct rc_keypath *rc_keypath_new(const char *path, char *err, size_t errlen)
{
  struct kparse k = {path, path, rc_xcalloc(1, sizeof(struct rc_keypath)), err,
                     errlen};
  int rc = 0;
  if (!*path) {
    snprintf(err, errlen, "empty key path");
    rc = -1;
  } else if (*k.p != '[') {
    rc = parse_dotted(&k);
  }
  while (rc == 0 && *k.p) {
    if (*k.p == '[') {
      rc = parse_bracket(&k);
    } else if (*k.p == '.') {
      k.p++;
      rc = parse_dotted(&k);
    } else {
      rc = kp_fail(&k, "expected '.' or '['");
    }
  }
  if (rc) {
    rc_keypath_free(k.kp);
    return NULL;
  }
  return k.kp;
}

/* -- walking -- */

struct walker {
  const struct rc_keypath *kp;
  void (*fn)(const char *where, const cJSON *node, void *arg);
  void *arg;
  struct rc_buf where;
  size_t calls;
};

static bool needs_quotes(const char *key)
{
  return !*key || strcmp(key, "*") == 0 || strpbrk(key, ".[]\"*") != NULL;
}

static void put_key(struct rc_buf *b, const char *key)
{
  if (b->len)
    rc_buf_putc(b, '.');
  if (!needs_quotes(key)) {
    rc_buf_puts(b, key);
    return;
  }
  rc_buf_putc(b, '"');
  for (const char *p = key; *p; p++) {
    if (*p == '"' || *p == '\\')
      rc_buf_putc(b, '\\');
    rc_buf_putc(b, *p);
  }
  rc_buf_putc(b, '"');
}

static void put_index(struct rc_buf *b, size_t i)
{
  rc_buf_printf(b, "[%zu]", i);
}

static void put_step(struct rc_buf *b, const struct step *s)
{
  if (s->kind == STEP_KEY)
    put_key(b, s->key);
  else if (s->kind == STEP_INDEX)
    put_index(b, s->index);
  else if (s->bracket)
    rc_buf_puts(b, "[*]");
  else
    rc_buf_puts(b, b->len ? ".*" : "*");
}

static void report(struct walker *w, const cJSON *node, size_t rest)
{
  size_t mark = w->where.len;
  for (size_t i = rest; i < w->kp->n; i++)
    put_step(&w->where, &w->kp->steps[i]);
  w->fn(w->where.data, node, w->arg);
  w->calls++;
  w->where.len = mark;
  w->where.data[mark] = '\0';
}

static const cJSON *nth_item(const cJSON *arr, size_t n)
{
  const cJSON *c = arr->child;
  for (size_t i = 0; c && i < n; i++)
    c = c->next;
  return c;
}

static void walk(struct walker *w, const cJSON *node, size_t i);

static void walk_child(struct walker *w, const cJSON *child, size_t i,
                       const char *key, size_t index)
{
  size_t mark = w->where.len;
  if (key)
    put_key(&w->where, key);
  else
    put_index(&w->where, index);
  walk(w, child, i + 1);
  w->where.len = mark;
  w->where.data[mark] = '\0';
}

static void walk_wild(struct walker *w, const cJSON *node, size_t i)
{
  bool obj = cJSON_IsObject(node);
  if (!node || !node->child || !(obj || cJSON_IsArray(node))) {
    report(w, NULL, i);
    return;
  }
  size_t index = 0;
  for (const cJSON *c = node->child; c; c = c->next, index++)
    walk_child(w, c, i, obj ? c->string : NULL, index);
}

static void walk(struct walker *w, const cJSON *node, size_t i)
{
  if (i == w->kp->n) {
    report(w, node, i);
    return;
  }
  const struct step *s = &w->kp->steps[i];
  if (s->kind == STEP_WILD) {
    walk_wild(w, node, i);
    return;
  }
  const cJSON *child = NULL;
  bool by_index = cJSON_IsArray(node) && (s->kind == STEP_INDEX || s->numeric);
  if (by_index)
    child = nth_item(node, s->index);
  else if (s->kind == STEP_KEY && cJSON_IsObject(node))
    child = cJSON_GetObjectItemCaseSensitive(node, s->key);
  if (!child) {
    report(w, NULL, i);
    return;
  }
  walk_child(w, child, i, by_index ? NULL : s->key, s->index);
}

size_t rc_keypath_walk(const struct rc_keypath *kp, const cJSON *root,
                       void (*fn)(const char *where, const cJSON *node,
                                  void *arg),
                       void *arg)
{
  struct walker w = {.kp = kp, .fn = fn, .arg = arg};
  rc_buf_init(&w.where);
  walk(&w, root, 0);
  rc_buf_release(&w.where);
  return w.calls;
}
