/*
 * helmset.c - `--set` assignments and inline values as a values mapping
 * (helmset.h). Small on purpose: what deploy scripts write (`--set
 * image.tag=$SHA`, `--set a=1,b=true`), not every corner of strvals.
 */
#include "readycheck/helmset.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Helm's typedVal: booleans, null and integers (no leading zero); other
 * text, floats included, stays a string - and so does a value the shell
 * or a template fills in (`$TAG`, `{{.IMAGE_TAG}}`), as written: readers
 * know a `$` or `{{` as "set at deploy time". */
static cJSON *typed(const char *v, bool as_string)
{
  if (as_string)
    return cJSON_CreateString(v);
  if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
    return cJSON_CreateBool(v[0] == 't');
  if (strcmp(v, "null") == 0)
    return cJSON_CreateNull();
  const char *p = v + (*v == '-');
  bool integer = *p && (p[0] != '0' || !p[1]);
  for (const char *q = p; integer && *q; q++)
    integer = isdigit((unsigned char)*q);
  if (integer)
    return cJSON_CreateNumber(strtod(v, NULL));
  return cJSON_CreateString(v);
}

/* Copies s[0..n) without its escaping backslashes. */
static char *unescape(const char *s, size_t n)
{
  char *out = malloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; out && i < n; i++) {
    if (s[i] == '\\' && i + 1 < n)
      i++;
    out[k++] = s[i];
  }
  if (out)
    out[k] = '\0';
  return out;
}

/* `{x,y}`: a list of typed values. */
static cJSON *list_value(const char *v, size_t n, bool as_string)
{
  cJSON *list = cJSON_CreateArray();
  size_t start = 1;
  for (size_t i = 1; i < n; i++) {
    if (v[i] == '\\') {
      i++;
      continue;
    }
    if (v[i] != ',' && v[i] != '}')
      continue;
    char *item = unescape(v + start, i - start);
    if (item && (*item || v[i] == ','))
      cJSON_AddItemToArray(list, typed(item, as_string));
    free(item);
    start = i + 1;
  }
  return list;
}

/* Places value at the dotted key in root, making mappings on the way;
 * false when the key holds an index (a[0]) or is empty. */
static bool put(cJSON *root, const char *key, size_t n, cJSON *value)
{
  cJSON *at = root;
  size_t start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && key[i] == '\\') {
      i++;
      continue;
    }
    if (i < n && key[i] == '[')
      return false;
    if (i < n && key[i] != '.')
      continue;
    char *seg = unescape(key + start, i - start);
    if (!seg || !*seg) {
      free(seg);
      return false;
    }
    if (i == n) {
      cJSON_DeleteItemFromObjectCaseSensitive(at, seg);
      cJSON_AddItemToObject(at, seg, value);
    } else {
      cJSON *next = cJSON_GetObjectItemCaseSensitive(at, seg);
      if (!cJSON_IsObject(next)) {
        cJSON_DeleteItemFromObjectCaseSensitive(at, seg);
        next = cJSON_AddObjectToObject(at, seg);
      }
      at = next;
    }
    free(seg);
    start = i + 1;
  }
  return true;
}

/* The end of one `key=value` pair: an unescaped comma outside braces. */
static size_t pair_end(const char *s)
{
  int depth = 0;
  size_t i = 0;
  for (; s[i]; i++) {
    if (s[i] == '\\' && s[i + 1]) {
      i++;
    } else if (s[i] == '{') {
      depth++;
    } else if (s[i] == '}' && depth > 0) {
      depth--;
    } else if (s[i] == ',' && depth == 0) {
      break;
    }
  }
  return i;
}

static cJSON *set_values(const char *text, bool as_string)
{
  cJSON *root = cJSON_CreateObject();
  bool any = false;
  for (const char *p = text; *p;) {
    size_t n = pair_end(p);
    const char *eq = memchr(p, '=', n);
    while (eq && eq > p && eq[-1] == '\\')
      eq = memchr(eq + 1, '=', n - (size_t)(eq + 1 - p));
    if (eq) {
      const char *v = eq + 1;
      size_t vn = n - (size_t)(v - p);
      cJSON *value = NULL;
      if (!as_string && vn >= 2 && v[0] == '{' && v[vn - 1] == '}') {
        value = list_value(v, vn, as_string);
      } else {
        char *raw = unescape(v, vn);
        value = raw ? typed(raw, as_string) : NULL;
        free(raw);
      }
      if (value && put(root, p, (size_t)(eq - p), value))
        any = true;
      else
        cJSON_Delete(value);
    }
    p += n + (p[n] == ',');
  }
  if (!any) {
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

cJSON *rc_helm_set_values(const struct rc_helm_set *set)
{
  if (!set || !set->text)
    return NULL;
  if (set->kind == RC_HELM_INLINE) {
    cJSON *v = cJSON_Parse(set->text);
    if (!cJSON_IsObject(v)) {
      cJSON_Delete(v);
      return NULL;
    }
    return v;
  }
  return set_values(set->text, set->kind == RC_HELM_SET_STRING);
}
