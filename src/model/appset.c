/*
 * appset.c - the Applications an Argo CD ApplicationSet's list generators
 * make (appset.h).
 *
 * The template is filled in as text: its JSON with each `{{key}}`,
 * `{{.key}}`, `{{ .key }}` and `{{values.key}}` replaced by the element's
 * string (or number) value, parsed back. A value that would need JSON
 * escaping is not filled in, and the element is left out when a
 * placeholder remains.
 */
#include "readycheck/appset.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/role.h"

enum { MAX_ELEMENTS = 64 };

/* The element's value for a placeholder's key ("cluster", ".cluster",
 * "values.cluster"), as text; NULL when it has none fit to fill in. */
static const char *element_value(const cJSON *el, const char *key, char *num,
                                 size_t cap)
{
  while (*key == '.')
    key++;
  const cJSON *v = NULL;
  if (strncmp(key, "values.", 7) == 0)
    v = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(el, "values"), key + 7);
  else
    v = cJSON_GetObjectItemCaseSensitive(el, key);
  if (cJSON_IsNumber(v)) {
    snprintf(num, cap, "%g", v->valuedouble);
    return num;
  }
  if (!cJSON_IsString(v) || strpbrk(v->valuestring, "\"\\\n{}"))
    return NULL;
  return v->valuestring;
}

/* text with the element's placeholders filled in; the caller frees it. */
static char *fill(const char *text, const cJSON *el)
{
  struct rc_buf out;
  rc_buf_init(&out);
  for (const char *p = text; *p;) {
    const char *open = strstr(p, "{{");
    const char *close = open ? strstr(open + 2, "}}") : NULL;
    if (!close) {
      rc_buf_puts(&out, p);
      break;
    }
    rc_buf_add(&out, p, (size_t)(open - p));
    const char *s = open + 2, *e = close;
    while (s < e && *s == ' ')
      s++;
    while (e > s && e[-1] == ' ')
      e--;
    char key[128], num[64];
    const char *v = NULL;
    if ((size_t)(e - s) < sizeof(key)) {
      memcpy(key, s, (size_t)(e - s));
      key[e - s] = '\0';
      v = element_value(el, key, num, sizeof(num));
    }
    if (v)
      rc_buf_puts(&out, v);
    else
      rc_buf_add(&out, open, (size_t)(close + 2 - open));
    p = close + 2;
  }
  char *s = rc_buf_detach(&out);
  rc_buf_release(&out);
  return s;
}

/* An element naming production in a value: `env: production`,
 * `valuesFile: values-prod.yaml`. */
static bool names_production(const cJSON *el)
{
  const cJSON *v;
  cJSON_ArrayForEach(v, el) {
    if (cJSON_IsObject(v) && names_production(v))
      return true;
    if (cJSON_IsString(v) && *v->valuestring &&
        (rc_role_name_is_production(v->valuestring) ||
         strcmp(v->valuestring, "prod") == 0))
      return true;
  }
  return false;
}

static size_t one(const char *tmpl, const cJSON *el,
                  void (*fn)(const cJSON *spec, void *arg), void *arg)
{
  char *text = el ? fill(tmpl, el) : rc_xstrdup(tmpl);
  size_t n = 0;
  if (text && !strstr(text, "{{")) {
    cJSON *spec = cJSON_Parse(text);
    if (spec) {
      fn(spec, arg);
      n = 1;
    }
    cJSON_Delete(spec);
  }
  free(text);
  return n;
}

size_t rc_appset_specs(const cJSON *appset,
                       void (*fn)(const cJSON *spec, void *arg), void *arg)
{
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(appset, "spec");
  const cJSON *tspec = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(spec, "template"), "spec");
  if (!cJSON_IsObject(tspec))
    return 0;
  char *tmpl = cJSON_PrintUnformatted(tspec);
  if (!tmpl)
    return 0;
  const cJSON *elements[MAX_ELEMENTS];
  size_t n_el = 0, given = 0;
  const cJSON *gen;
  cJSON_ArrayForEach(gen,
                     cJSON_GetObjectItemCaseSensitive(spec, "generators")) {
    const cJSON *el;
    cJSON_ArrayForEach(
        el, cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(gen, "list"), "elements")) {
      if (cJSON_IsObject(el) && n_el < MAX_ELEMENTS)
        elements[n_el++] = el;
    }
  }
  if (!n_el) {
    given = one(tmpl, NULL, fn, arg);
  } else {
    for (int pass = 0; pass < 2; pass++)
      for (size_t i = 0; i < n_el; i++)
        if (names_production(elements[i]) == (pass == 0))
          given += one(tmpl, elements[i], fn, arg);
  }
  free(tmpl);
  return given;
}
