/*
 * doc.c - JSON and YAML target files as cJSON trees (key paths: keypath.c).
 *
 * YAML goes through libyaml's event API rather than its loader so that we
 * count depth and nodes ourselves and expand aliases by bounded copies:
 * libyaml has no limits, and a tree built from aliases can be cyclic or
 * exponential. What a value means for a rule is left to the probes.
 */
#include "readycheck/doc.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "readycheck/buf.h"
#include "readycheck/doccache.h"
#include "readycheck/mem.h"

/* ---- errors and positions ------------------------------------------- */

static int fail_at(char *err, size_t errlen, unsigned line, unsigned col,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int fail_at(char *err, size_t errlen, unsigned line, unsigned col,
                   const char *fmt, ...)
{
  if (!errlen)
    return -1;
  int n = snprintf(err, errlen, "%u:%u: ", line, col);
  if (n >= 0 && (size_t)n < errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/* 1-based line and column (in characters, as libyaml counts) of a byte
 * offset: libyaml reports encoding errors only as an offset. */
static void offset_pos(const char *data, size_t len, size_t off, unsigned *line,
                       unsigned *col)
{
  unsigned l = 1, c = 1;
  if (off > len)
    off = len;
  for (size_t i = 0; i < off; i++) {
    unsigned char ch = (unsigned char)data[i];
    if (ch == '\n') {
      l++;
      c = 1;
    } else if ((ch & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col = c;
}

static size_t bom_len(const char *data, size_t len)
{
  return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void push_doc(struct rc_docs *out, cJSON *root)
{
  out->docs = rc_xrealloc(out->docs, (out->n + 1) * sizeof(*out->docs));
  out->docs[out->n++] = root;
}

void rc_docs_release(struct rc_docs *docs)
{
  if (!docs)
    return;
  if (docs->share) {
    rc_doc_share_release(docs->share);
    *docs = (struct rc_docs){0};
    return;
  }
  for (size_t i = 0; i < docs->n; i++)
    cJSON_Delete(docs->docs[i]);
  free(docs->docs);
  free(docs->pos);
  free(docs->dup_key);
  docs->dup_key = NULL;
  docs->docs = NULL;
  docs->n = 0;
  docs->pos = NULL;
  docs->n_pos = docs->cap_pos = 0;
}

/* ---- node positions ------------------------------------------------- */

static void record_pos(struct rc_docs *d, const cJSON *node, unsigned line)
{
  rc_grow((void **)&d->pos, &d->cap_pos, d->n_pos, sizeof(*d->pos));
  d->pos[d->n_pos] = (struct rc_doc_pos){node, line, d->n_pos};
  d->n_pos++;
}

/* Every node of a copied subtree gets the line of the alias that made it. */
static void record_tree(struct rc_docs *d, const cJSON *node, unsigned line)
{
  record_pos(d, node, line);
  for (const cJSON *c = node->child; c; c = c->next)
    record_tree(d, c, line);
}

static int by_node_then_seq(const void *pa, const void *pb)
{
  const struct rc_doc_pos *a = pa, *b = pb;
  if (a->node != b->node)
    return (uintptr_t)a->node < (uintptr_t)b->node ? -1 : 1;
  return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

/* Sorted by node; of several records for one address (freed and reused
 * while building) the latest stays. */
static void sort_pos(struct rc_docs *d)
{
  if (!d->n_pos)
    return;
  qsort(d->pos, d->n_pos, sizeof(*d->pos), by_node_then_seq);
  size_t kept = 0;
  for (size_t i = 0; i < d->n_pos; i++) {
    if (kept && d->pos[kept - 1].node == d->pos[i].node)
      kept--;
    d->pos[kept++] = d->pos[i];
  }
  d->n_pos = kept;
}

unsigned rc_docs_line(const struct rc_docs *docs, const cJSON *node)
{
  size_t lo = 0, hi = docs ? docs->n_pos : 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const cJSON *at = docs->pos[mid].node;
    if (at == node)
      return docs->pos[mid].line;
    if ((uintptr_t)at < (uintptr_t)node)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* ---- mapping members: duplicate keys and merge keys ----------------- */

/* One key/value of a mapping being finished. Among equal keys the explicit
 * one written last wins; merged ones lose to explicit ones and to merged
 * ones from an earlier source. */
struct member {
  char *key;
  cJSON *val;
  bool merged;
  size_t seq; /* explicit: position among explicit; merged: running count */
  size_t pos; /* output order: the key's position in the mapping */
  size_t sub; /* output order among members merged at one position */
  bool lost;
};

static int by_key_then_rank(const void *pa, const void *pb)
{
  const struct member *a = pa, *b = pb;
  int c = strcmp(a->key, b->key);
  if (c)
    return c;
  if (a->merged != b->merged)
    return a->merged ? 1 : -1;
  if (a->seq == b->seq)
    return 0;
  if (a->merged)
    return a->seq < b->seq ? -1 : 1;
  return a->seq > b->seq ? -1 : 1;
}

static int by_position(const void *pa, const void *pb)
{
  const struct member *a = pa, *b = pb;
  if (a->pos != b->pos)
    return a->pos < b->pos ? -1 : 1;
  if (a->sub != b->sub)
    return a->sub < b->sub ? -1 : 1;
  return 0;
}

/* Marks every member that loses to another with the same key; returns how
 * many lost. */
static size_t mark_losers(struct member *m, size_t n)
{
  size_t lost = 0;
  if (n < 2)
    return 0;
  qsort(m, n, sizeof(*m), by_key_then_rank);
  for (size_t i = 1; i < n; i++) {
    if (strcmp(m[i].key, m[i - 1].key) == 0) {
      m[i].lost = true;
      lost++;
    }
  }
  qsort(m, n, sizeof(*m), by_position);
  return lost;
}

/* cJSON keeps duplicate keys and finds the first; JSON readers in the wild
 * (JavaScript, Python) keep the last, so we do too, and note the first
 * repeated key for readers that must refuse to pick one (coverage). */
static void dedupe_json(struct rc_docs *out, cJSON *node)
{
  size_t n = 0;
  for (cJSON *c = node->child; c; c = c->next) {
    dedupe_json(out, c);
    n++;
  }
  if (!cJSON_IsObject(node) || n < 2)
    return;
  struct member *m = rc_xcalloc(n, sizeof(*m));
  size_t i = 0;
  for (cJSON *c = node->child; c; c = c->next, i++) {
    m[i].key = c->string;
    m[i].val = c;
    m[i].seq = m[i].pos = i;
  }
  if (mark_losers(m, n)) {
    for (i = 0; i < n; i++) {
      if (!m[i].lost)
        continue;
      if (!out->dup_key)
        out->dup_key = rc_xstrdup(m[i].key);
      cJSON_Delete(cJSON_DetachItemViaPointer(node, m[i].val));
    }
  }
  free(m);
}

/* ---- JSON ------------------------------------------------------------- */

static int json_error(const char *data, size_t len, size_t off, char *err,
                      size_t errlen)
{
  unsigned line, col;
  size_t rest = off;
  while (rest < len && is_space(data[rest]))
    rest++;
  if (rest >= len) {
    offset_pos(data, len, len, &line, &col);
    return fail_at(err, errlen, line, col, "unexpected end of JSON input");
  }
  offset_pos(data, len, off, &line, &col);
  unsigned char c = (unsigned char)data[off];
  if (c >= 0x21 && c < 0x7F)
    return fail_at(err, errlen, line, col, "invalid JSON near '%c'", c);
  return fail_at(err, errlen, line, col, "invalid JSON near byte 0x%02x", c);
}

static int parse_json(struct rc_docs *out, const char *data, size_t len,
                      char *err, size_t errlen)
{
  size_t skip = bom_len(data, len);
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(data + skip, len - skip, &end, 0);
  if (!root)
    return json_error(data, len, end ? (size_t)(end - data) : skip, err,
                      errlen);
  size_t off = (size_t)(end - data);
  while (off < len && is_space(data[off]))
    off++;
  if (off < len) {
    cJSON_Delete(root);
    unsigned line, col;
    offset_pos(data, len, off, &line, &col);
    return fail_at(err, errlen, line, col,
                   "unexpected content after the JSON value");
  }
  dedupe_json(out, root);
  push_doc(out, root);
  return 0;
}

/* ---- YAML scalars ------------------------------------------------------ */

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static bool in_words(const char *s, const char *const *words)
{
  for (size_t i = 0; words[i]; i++)
    if (strcmp(s, words[i]) == 0)
      return true;
  return false;
}

static bool based_int(const char *s, double *out)
{
  int base = s[1] == 'x' ? 16 : 8;
  const char *p = s + 2;
  if (!*p)
    return false;
  for (const char *q = p; *q; q++) {
    bool ok = base == 16 ? strchr("0123456789abcdefABCDEF", *q) != NULL
                         : (*q >= '0' && *q <= '7');
    if (!ok)
      return false;
  }
  if (strlen(p) > (base == 16 ? 16u : 21u))
    return false; /* would not fit 64 bits; stays a string */
  *out = (double)strtoull(p, NULL, base);
  return true;
}

/* YAML 1.2 core schema numbers, finite only: 1e999 and .inf stay strings
 * so that no rule compares against infinity. */
static bool yaml_number(const char *s, double *out)
{
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
    return based_int(s, out);
  const char *p = s;
  if (*p == '+' || *p == '-')
    p++;
  size_t digits = 0, frac = 0;
  while (is_digit(*p)) {
    p++;
    digits++;
  }
  if (*p == '.') {
    p++;
    while (is_digit(*p)) {
      p++;
      frac++;
    }
  }
  if (!digits && !frac)
    return false;
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-')
      p++;
    if (!is_digit(*p))
      return false;
    while (is_digit(*p))
      p++;
  }
  if (*p)
    return false;
  double d = strtod(s, NULL);
  if (!isfinite(d))
    return false;
  *out = d;
  return true;
}

static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};

static cJSON *plain_scalar(const char *s)
{
  if (in_words(s, null_words))
    return cJSON_CreateNull();
  if (in_words(s, true_words))
    return cJSON_CreateTrue();
  if (in_words(s, false_words))
    return cJSON_CreateFalse();
  double d;
  if (!yaml_number(s, &d))
    return cJSON_CreateString(s);
  cJSON *n = cJSON_CreateNumber(d);
  size_t len = strlen(s);
  n->valuestring = cJSON_malloc(len + 1);
  memcpy(n->valuestring, s, len + 1);
  return n;
}

static bool forces_string(const char *tag)
{
  return tag && (strcmp(tag, YAML_STR_TAG) == 0 || strcmp(tag, "!") == 0);
}

static cJSON *yaml_scalar(const yaml_event_t *ev)
{
  const char *text = (const char *)ev->data.scalar.value;
  const char *tag = (const char *)ev->data.scalar.tag;
  if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || forces_string(tag))
    return cJSON_CreateString(text);
  return plain_scalar(text);
}

/* ---- YAML tree building ------------------------------------------------ */

struct anchor {
  char *name;
  cJSON *node;     /* NULL while its container is still open */
  size_t size;     /* nodes in the subtree (an upper bound) */
  unsigned height; /* container levels in the subtree */
};

struct frame {
  bool is_map;
  cJSON *node;     /* sequences: the array being filled */
  size_t anchor;   /* index into anchors, or SIZE_MAX */
  size_t size;     /* nodes so far, this one included */
  unsigned height; /* of the tallest child */
  /* mappings */
  struct member *m;
  size_t n_m, cap_m;
  char *key;         /* pending key, owned */
  unsigned line;     /* where this container starts */
  unsigned key_line; /* where the pending key is */
  bool merge;
  size_t n_keys, n_explicit, n_merged;
};

struct ybuild {
  yaml_parser_t parser;
  const char *data;
  size_t len;
  struct frame *frames;
  size_t n_frames, cap_frames;
  struct anchor *anchors;
  size_t n_anchors, cap_anchors;
  size_t *slots; /* open addressing: anchor index + 1, 0 = empty */
  size_t n_slots;
  cJSON *junk; /* replaced or merged nodes an anchor may still point to */
  cJSON *root;
  size_t nodes;
  struct rc_docs *out;
  char *err;
  size_t errlen;
};

static int yfail(struct ybuild *b, const yaml_mark_t *mk, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int yfail(struct ybuild *b, const yaml_mark_t *mk, const char *fmt, ...)
{
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  return fail_at(b->err, b->errlen, (unsigned)mk->line + 1,
                 (unsigned)mk->column + 1, "%s", msg);
}

static int spend(struct ybuild *b, size_t n, const yaml_mark_t *mk)
{
  if (n > (size_t)RC_DOC_MAX_NODES - b->nodes)
    return yfail(b, mk, "more than %d nodes (with aliases expanded)",
                 RC_DOC_MAX_NODES);
  b->nodes += n;
  return 0;
}

/* -- anchors: a small hash from name to the latest definition -- */

static size_t hash_name(const char *s)
{
  size_t h = 14695981039346656037u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static size_t *anchor_slot(struct ybuild *b, const char *name)
{
  size_t mask = b->n_slots - 1;
  for (size_t i = hash_name(name) & mask;; i = (i + 1) & mask) {
    size_t *s = &b->slots[i];
    if (!*s || strcmp(b->anchors[*s - 1].name, name) == 0)
      return s;
  }
}

static void rehash(struct ybuild *b)
{
  free(b->slots);
  b->n_slots = b->n_slots ? b->n_slots * 2 : 64;
  b->slots = rc_xcalloc(b->n_slots, sizeof(*b->slots));
  for (size_t i = 0; i < b->n_anchors; i++)
    *anchor_slot(b, b->anchors[i].name) = i + 1;
}

static size_t add_anchor(struct ybuild *b, const char *name, cJSON *node,
                         size_t size, unsigned height)
{
  rc_grow((void **)&b->anchors, &b->cap_anchors, b->n_anchors,
          sizeof(*b->anchors));
  size_t i = b->n_anchors++;
  b->anchors[i] = (struct anchor){rc_xstrdup(name), node, size, height};
  if (b->n_anchors * 2 > b->n_slots)
    rehash(b);
  else
    *anchor_slot(b, name) = i + 1;
  return i;
}

static const struct anchor *find_anchor(struct ybuild *b, const char *name)
{
  if (!b->n_slots)
    return NULL;
  size_t s = *anchor_slot(b, name);
  return s ? &b->anchors[s - 1] : NULL;
}

static void clear_anchors(struct ybuild *b)
{
  for (size_t i = 0; i < b->n_anchors; i++)
    free(b->anchors[i].name);
  b->n_anchors = 0;
  if (b->slots)
    memset(b->slots, 0, b->n_slots * sizeof(*b->slots));
}

/* -- frames -- */

static struct frame *top(struct ybuild *b)
{
  return b->n_frames ? &b->frames[b->n_frames - 1] : NULL;
}

static bool wants_key(const struct frame *f)
{
  return f && f->is_map && !f->key;
}

static void release_frame(struct frame *f)
{
  for (size_t i = 0; i < f->n_m; i++) {
    free(f->m[i].key);
    cJSON_Delete(f->m[i].val);
  }
  free(f->m);
  free(f->key);
  cJSON_Delete(f->node);
}

static void add_member(struct frame *f, char *key, cJSON *val, bool merged)
{
  rc_grow((void **)&f->m, &f->cap_m, f->n_m, sizeof(*f->m));
  struct member *m = &f->m[f->n_m++];
  *m = (struct member){.key = key, .val = val, .merged = merged};
  m->seq = merged ? f->n_merged++ : f->n_explicit++;
  m->pos = f->n_keys;
  m->sub = m->seq;
}

static void set_key(struct frame *f, const char *text, bool merge,
                    unsigned line)
{
  f->key = rc_xstrdup(text);
  f->key_line = line;
  f->merge = merge;
  f->n_keys++;
}

static cJSON *finish_map(struct ybuild *b, struct frame *f)
{
  cJSON *obj = cJSON_CreateObject();
  mark_losers(f->m, f->n_m);
  for (size_t i = 0; i < f->n_m; i++) {
    if (f->m[i].lost)
      cJSON_AddItemToArray(b->junk, f->m[i].val);
    else
      cJSON_AddItemToObject(obj, f->m[i].key, f->m[i].val);
    free(f->m[i].key);
  }
  free(f->m);
  f->m = NULL;
  f->n_m = 0;
  return obj;
}

static int merge_from(struct ybuild *b, struct frame *f, cJSON *src,
                      size_t size, const yaml_mark_t *mk)
{
  bool ok = cJSON_IsObject(src);
  if (cJSON_IsArray(src)) {
    ok = true;
    for (cJSON *c = src->child; c; c = c->next)
      ok = ok && cJSON_IsObject(c);
  }
  if (!ok)
    return yfail(b, mk,
                 "merge key '<<' needs a mapping or a sequence of mappings");
  /* The copies may cost as much again as the source. */
  if (spend(b, size, mk))
    return -1;
  f->size += size;
  cJSON *first = cJSON_IsArray(src) ? src->child : src;
  /* the copies stand where `<<` is written: the mark of a block mapping's
   * end can lie past the last line of the file */
  unsigned line = f->key_line ? f->key_line : (unsigned)mk->line + 1;
  for (cJSON *s = first; s; s = cJSON_IsArray(src) ? s->next : NULL)
    for (cJSON *c = s->child; c; c = c->next) {
      cJSON *copy = cJSON_Duplicate(c, 1);
      record_tree(b->out, copy, line);
      add_member(f, rc_xstrdup(c->string), copy, true);
    }
  return 0;
}

/* Hands a finished node to its parent (or makes it the document root). */
static int emit(struct ybuild *b, cJSON *node, size_t size, unsigned height,
                unsigned line, const yaml_mark_t *mk)
{
  struct frame *f = top(b);
  record_pos(b->out, node, f && f->is_map ? f->key_line : line);
  if (!f) {
    b->root = node;
    return 0;
  }
  f->size += size;
  if (height > f->height)
    f->height = height;
  if (!f->is_map) {
    cJSON_AddItemToArray(f->node, node);
    return 0;
  }
  char *key = f->key;
  f->key = NULL;
  if (!f->merge) {
    add_member(f, key, node, false);
    return 0;
  }
  free(key);
  cJSON_AddItemToArray(b->junk, node);
  return merge_from(b, f, node, size, mk);
}

static int on_scalar(struct ybuild *b, const yaml_event_t *ev)
{
  const yaml_mark_t *mk = &ev->start_mark;
  const char *anchor = (const char *)ev->data.scalar.anchor;
  if (spend(b, 1, mk))
    return -1;
  cJSON *node = yaml_scalar(ev);
  if (anchor)
    add_anchor(b, anchor, node, 1, 0);
  struct frame *f = top(b);
  if (!wants_key(f))
    return emit(b, node, 1, 0, (unsigned)mk->line + 1, mk);
  const char *text = (const char *)ev->data.scalar.value;
  set_key(f, text,
          ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
              !ev->data.scalar.tag && strcmp(text, "<<") == 0,
          (unsigned)mk->line + 1);
  cJSON_AddItemToArray(b->junk, node);
  return 0;
}

static int on_alias(struct ybuild *b, const yaml_event_t *ev)
{
  const yaml_mark_t *mk = &ev->start_mark;
  const char *name = (const char *)ev->data.alias.anchor;
  const struct anchor *a = find_anchor(b, name);
  if (!a)
    return yfail(b, mk, "undefined alias '*%s'", name);
  if (!a->node)
    return yfail(b, mk, "alias '*%s' refers to a node that contains it", name);
  struct frame *f = top(b);
  if (wants_key(f)) {
    char buf[64];
    const char *text = rc_doc_scalar_text(a->node, buf, sizeof(buf));
    if (!text)
      return yfail(b, mk, "complex mapping keys are not supported");
    set_key(f, text, false, (unsigned)mk->line + 1);
    return 0;
  }
  if (b->n_frames + a->height > RC_DOC_MAX_DEPTH)
    return yfail(b, mk, "nesting deeper than %d levels (through alias '*%s')",
                 RC_DOC_MAX_DEPTH, name);
  size_t size = a->size;
  unsigned height = a->height;
  if (spend(b, size, mk))
    return -1;
  cJSON *copy = cJSON_Duplicate(a->node, 1);
  unsigned line = (unsigned)mk->line + 1;
  for (const cJSON *c = copy->child; c; c = c->next)
    record_tree(b->out, c, line);
  return emit(b, copy, size, height, line, mk);
}

static int on_open(struct ybuild *b, const yaml_event_t *ev, bool is_map)
{
  const yaml_mark_t *mk = &ev->start_mark;
  const char *anchor = (const char *)(is_map ? ev->data.mapping_start.anchor
                                             : ev->data.sequence_start.anchor);
  if (wants_key(top(b)))
    return yfail(b, mk, "complex mapping keys are not supported");
  if (b->n_frames >= RC_DOC_MAX_DEPTH)
    return yfail(b, mk, "nesting deeper than %d levels", RC_DOC_MAX_DEPTH);
  if (spend(b, 1, mk))
    return -1;
  rc_grow((void **)&b->frames, &b->cap_frames, b->n_frames, sizeof(*b->frames));
  struct frame *f = &b->frames[b->n_frames++];
  *f = (struct frame){.is_map = is_map,
                      .size = 1,
                      .anchor = SIZE_MAX,
                      .line = (unsigned)mk->line + 1};
  if (!is_map)
    f->node = cJSON_CreateArray();
  if (anchor)
    f->anchor = add_anchor(b, anchor, NULL, 0, 0);
  return 0;
}

static int on_close(struct ybuild *b, const yaml_event_t *ev)
{
  struct frame f = b->frames[--b->n_frames];
  cJSON *node = f.is_map ? finish_map(b, &f) : f.node;
  unsigned height = f.height + 1;
  if (f.anchor != SIZE_MAX) {
    struct anchor *a = &b->anchors[f.anchor];
    a->node = node;
    a->size = f.size;
    a->height = height;
  }
  return emit(b, node, f.size, height, f.line, &ev->start_mark);
}

static void end_document(struct ybuild *b)
{
  if (b->root && !cJSON_IsNull(b->root))
    push_doc(b->out, b->root);
  else
    cJSON_Delete(b->root);
  b->root = NULL;
  cJSON_Delete(b->junk);
  b->junk = NULL;
  clear_anchors(b);
}

static int on_event(struct ybuild *b, const yaml_event_t *ev)
{
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    b->junk = cJSON_CreateArray();
    return 0;
  case YAML_DOCUMENT_END_EVENT:
    end_document(b);
    return 0;
  case YAML_SCALAR_EVENT:
    return on_scalar(b, ev);
  case YAML_ALIAS_EVENT:
    return on_alias(b, ev);
  case YAML_SEQUENCE_START_EVENT:
    return on_open(b, ev, false);
  case YAML_MAPPING_START_EVENT:
    return on_open(b, ev, true);
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    return on_close(b, ev);
  default:
    return 0;
  }
}

static int libyaml_error(struct ybuild *b)
{
  const yaml_parser_t *p = &b->parser;
  unsigned line = (unsigned)p->problem_mark.line + 1;
  unsigned col = (unsigned)p->problem_mark.column + 1;
  const char *problem = p->problem ? p->problem : "invalid YAML";
  if (p->error == YAML_READER_ERROR) {
    offset_pos(b->data, b->len, p->problem_offset, &line, &col);
    if (p->problem_value >= 0)
      return fail_at(b->err, b->errlen, line, col, "%s (byte 0x%02x)", problem,
                     (unsigned)p->problem_value);
  }
  if (p->context)
    return fail_at(b->err, b->errlen, line, col, "%s (%s at %u:%u)", problem,
                   p->context, (unsigned)p->context_mark.line + 1,
                   (unsigned)p->context_mark.column + 1);
  return fail_at(b->err, b->errlen, line, col, "%s", problem);
}

static void release_build(struct ybuild *b)
{
  for (size_t i = 0; i < b->n_frames; i++)
    release_frame(&b->frames[i]);
  free(b->frames);
  clear_anchors(b);
  free(b->anchors);
  free(b->slots);
  cJSON_Delete(b->junk);
  cJSON_Delete(b->root);
  yaml_parser_delete(&b->parser);
}

static int parse_yaml(struct rc_docs *out, const char *data, size_t len,
                      char *err, size_t errlen)
{
  struct ybuild b = {
      .data = data, .len = len, .out = out, .err = err, .errlen = errlen};
  if (!yaml_parser_initialize(&b.parser))
    return fail_at(err, errlen, 1, 1, "cannot initialise the YAML parser");
  yaml_parser_set_input_string(&b.parser, (const unsigned char *)data, len);
  int rc = 0;
  for (bool done = false; !done && rc == 0;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&b.parser, &ev)) {
      rc = libyaml_error(&b);
      break;
    }
    rc = on_event(&b, &ev);
    done = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
  }
  release_build(&b);
  sort_pos(out);
  return rc;
}

/* ---- entry point ---------------------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool looks_like_json(const char *data, size_t len)
{
  for (size_t i = bom_len(data, len); i < len; i++)
    if (!is_space(data[i]))
      return data[i] == '{' || data[i] == '[';
  return false;
}

/* cJSON returns NULL on exhaustion deep inside; routing its allocations
 * through rc_xmalloc gives it the same abort-on-OOM policy as the rest. */
static void set_checked_allocator(void)
{
  cJSON_Hooks hooks = {rc_xmalloc, free};
  cJSON_InitHooks(&hooks);
}

/* Once: files are parsed on several threads (doccache.h), and setting the
 * hooks writes cJSON's globals. */
static void use_checked_allocator(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, set_checked_allocator);
}

int rc_docs_parse(struct rc_docs *out, const char *data, size_t len,
                  const char *name, enum rc_doc_format fmt, char *err,
                  size_t errlen)
{
  *out = (struct rc_docs){0};
  use_checked_allocator();
  if (len > (size_t)RC_DOC_MAX_BYTES) {
    snprintf(err, errlen, "file too large (%zu bytes, limit %d MiB)", len,
             RC_DOC_MAX_BYTES >> 20);
    return -1;
  }
  bool sniffed = false;
  if (fmt == RC_DOC_AUTO) {
    if (name && has_suffix(name, ".json"))
      fmt = RC_DOC_JSON;
    else if (name && (has_suffix(name, ".yml") || has_suffix(name, ".yaml")))
      fmt = RC_DOC_YAML;
    else
      sniffed = looks_like_json(data, len);
    if (fmt == RC_DOC_AUTO)
      fmt = sniffed ? RC_DOC_JSON : RC_DOC_YAML;
  }
  int rc = fmt == RC_DOC_JSON ? parse_json(out, data, len, err, errlen)
                              : parse_yaml(out, data, len, err, errlen);
  if (rc && sniffed) {
    /* Flow-style YAML looks like JSON too; keep the JSON error if it is
     * not YAML either. */
    char yerr[8];
    rc_docs_release(out);
    rc = parse_yaml(out, data, len, yerr, sizeof(yerr));
  }
  if (rc)
    rc_docs_release(out);
  return rc;
}

/* ---- scalar text ------------------------------------------------------- */

static const char *format_number(double d, char *buf, size_t buflen)
{
  if (isnan(d))
    return "nan";
  if (isinf(d))
    return d < 0 ? "-inf" : "inf";
  if (d == floor(d) && fabs(d) < 1e15) {
    snprintf(buf, buflen, "%.0f", d);
    return buf;
  }
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, buflen, "%.*g", prec, d);
    if (strtod(buf, NULL) == d)
      break;
  }
  return buf;
}

const char *rc_doc_scalar_text(const cJSON *node, char *buf, size_t buflen)
{
  if (!node)
    return NULL;
  if (cJSON_IsString(node))
    return node->valuestring;
  if (cJSON_IsNumber(node))
    return node->valuestring ? node->valuestring
                             : format_number(node->valuedouble, buf, buflen);
  if (cJSON_IsTrue(node))
    return "true";
  if (cJSON_IsFalse(node))
    return "false";
  if (cJSON_IsNull(node))
    return "null";
  return NULL;
}

bool rc_doc_scalar_equals(const struct rc_scalar *want, const cJSON *node)
{
  switch (want->kind) {
  case RC_SCALAR_NONE:
    return true;
  case RC_SCALAR_NULL:
    return cJSON_IsNull(node);
  case RC_SCALAR_BOOL:
    return cJSON_IsBool(node) && (cJSON_IsTrue(node) != 0) == want->boolean;
  case RC_SCALAR_NUMBER:
    return cJSON_IsNumber(node) && node->valuedouble == want->number;
  case RC_SCALAR_STRING:
    return cJSON_IsString(node) && strcmp(node->valuestring, want->text) == 0;
  }
  return false;
}

bool rc_doc_may_hold(const char *data, size_t len, const char *word)
{
  if (memchr(data, '\0', len) || strstr(data, word))
    return true;
  for (const char *p = memchr(data, '\\', len); p && p + 1 < data + len;
       p = memchr(p + 2, '\\', (size_t)(data + len - p - 2))) {
    if (strchr("xuU\r\n", p[1]))
      return true;
    if (p + 2 >= data + len)
      break;
  }
  return false;
}
