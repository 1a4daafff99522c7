/*
 * k8s_json6902.c - a kustomization's JSON 6902 patch (a list of
 * operations on one named object) made into a partial object, so that
 * the queries read it as they read a strategic-merge patch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "k8s_build.h"

/* What a JSON 6902 patch's `add` / `replace` operations set, as a partial
 * object a lookup reads like a strategic-merge patch: list positions under
 * containers / initContainers become the container's name in the object
 * patched (`/spec/template/spec/containers/0/image` sets the image of the
 * first container); a `remove` sets null there, which a lookup reads as
 * the field deleted, as a strategic-merge patch's null is. Other list
 * positions (removing a whole container) and `-` are not read. Each value
 * set keeps its line for the findings. */
struct synth {
  cJSON *root;
  struct rc_doc_pos *pos;
  size_t n_pos, cap_pos;
};

static char *pointer_segment(const char *s, size_t n)
{
  char *out = rc_xmalloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
      out[k++] = s[i + 1] == '0' ? '~' : '/';
      i++;
    } else {
      out[k++] = s[i];
    }
  }
  out[k] = '\0';
  return out;
}

static bool all_digits(const char *s)
{
  if (!*s)
    return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

/* The element of out's list for the base list's item at index idx (by its
 * name); NULL when the base has no such named item. */
static cJSON *named_item(cJSON *out, const cJSON *base, const char *idx)
{
  const cJSON *item = cJSON_GetArrayItem(base, atoi(idx));
  const char *name = k8s_str_at(item, "name");
  if (!name || !cJSON_IsArray(out))
    return NULL;
  cJSON *el;
  cJSON_ArrayForEach(el, out) {
    const char *n = k8s_str_at(el, "name");
    if (n && strcmp(n, name) == 0)
      return el;
  }
  el = cJSON_CreateObject();
  cJSON_AddStringToObject(el, "name", name);
  cJSON_AddItemToArray(out, el);
  return el;
}

static void apply_op(struct synth *sy, const cJSON *op, const cJSON *base,
                     unsigned line)
{
  const char *kind = k8s_str_at(op, "op"), *path = k8s_str_at(op, "path");
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(op, "value");
  bool remove = kind && strcmp(kind, "remove") == 0;
  if (!kind || !path || (!value && !remove) || path[0] != '/' ||
      (strcmp(kind, "add") != 0 && strcmp(kind, "replace") != 0 && !remove))
    return;
  cJSON *out = sy->root;
  const cJSON *in = base;
  const char *prev = NULL;
  for (const char *p = path + 1;;) {
    size_t n = strcspn(p, "/");
    char *seg = pointer_segment(p, n);
    bool last = p[n] == '\0';
    if (all_digits(seg) || strcmp(seg, "-") == 0) {
      bool containers = prev && (strcmp(prev, "containers") == 0 ||
                                 strcmp(prev, "initContainers") == 0);
      cJSON *el = containers && !last && all_digits(seg)
                      ? named_item(out, in, seg)
                      : NULL;
      if (!el) {
        free(seg);
        free((char *)prev);
        return; /* a position the lookup cannot name */
      }
      in = cJSON_GetArrayItem(in, atoi(seg));
      out = el;
    } else if (last) {
      cJSON *v = remove ? cJSON_CreateNull() : cJSON_Duplicate(value, true);
      cJSON_DeleteItemFromObjectCaseSensitive(out, seg);
      cJSON_AddItemToObject(out, seg, v);
      rc_grow((void **)&sy->pos, &sy->cap_pos, sy->n_pos, sizeof(*sy->pos));
      sy->pos[sy->n_pos] = (struct rc_doc_pos){v, line, sy->n_pos};
      sy->n_pos++;
    } else {
      const cJSON *next_in = cJSON_GetObjectItemCaseSensitive(in, seg);
      cJSON *next = cJSON_GetObjectItemCaseSensitive(out, seg);
      if (!next)
        next = cJSON_IsArray(next_in) ? cJSON_AddArrayToObject(out, seg)
                                      : cJSON_AddObjectToObject(out, seg);
      out = next;
      in = next_in;
    }
    free((char *)prev);
    prev = seg;
    if (last)
      break;
    p += n + 1;
  }
  free((char *)prev);
}

static int pos_order(const void *pa, const void *pb)
{
  const struct rc_doc_pos *a = pa, *b = pb;
  return (uintptr_t)a->node < (uintptr_t)b->node   ? -1
         : (uintptr_t)a->node > (uintptr_t)b->node ? 1
                                                   : 0;
}

/* A doc holding what l's operations set on base, or (size_t)-1 when they
 * set nothing readable. */
size_t k8s_json6902_doc(struct kb *b, const struct layer *l, const cJSON *base)
{
  const struct rc_k8s_doc *src = &b->k->docs[l->doc];
  struct synth sy = {cJSON_CreateObject(), NULL, 0, 0};
  cJSON_AddStringToObject(sy.root, "kind", l->target_kind);
  cJSON_AddObjectToObject(sy.root, "metadata");
  cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(sy.root, "metadata"),
                          "name", l->target_name);
  const cJSON *op;
  cJSON_ArrayForEach(op, l->ops) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(op, "value");
    unsigned line = rc_k8s_line(src, v ? v : op);
    apply_op(&sy, op, base, line);
  }
  if (!sy.n_pos) {
    cJSON_Delete(sy.root);
    free(sy.pos);
    return (size_t)-1;
  }
  qsort(sy.pos, sy.n_pos, sizeof(*sy.pos), pos_order);
  size_t di = k8s_add_doc(b, src->path);
  struct rc_k8s_doc *d = &b->k->docs[di];
  d->synthetic = true;
  d->docs.docs = rc_xmalloc(sizeof(*d->docs.docs));
  d->docs.docs[0] = sy.root;
  d->docs.n = 1;
  d->docs.pos = sy.pos;
  d->docs.n_pos = d->docs.cap_pos = sy.n_pos;
  return di;
}
