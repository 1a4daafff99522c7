/*
 * matrix.c - a GitHub Actions job's `strategy.matrix` as the rows GitHub
 * runs, and `${{ matrix.X }}` expressions filled in from one row. Exact
 * where the CI model needs to know what a step builds, one image per row.
 */
#include "readycheck/matrix.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

/* s with every `${{ matrix.NAME }}` replaced by row's NAME (a string or
 * a number); NULL when s names a matrix value the row lacks. An expression
 * that does more than name the value is left as written. */
const char *rc_matrix_subst(struct rc_arena *a, const char *s, const cJSON *row)
{
  if (!s || !strstr(s, "matrix."))
    return s;
  struct rc_buf b;
  rc_buf_init(&b);
  const char *p = s;
  bool ok = true;
  for (const char *o; ok && (o = strstr(p, "${{")) != NULL;) {
    const char *e = strstr(o, "}}");
    const char *q = o + 3;
    while (*q == ' ')
      q++;
    if (!e || strncmp(q, "matrix.", 7) != 0) {
      rc_buf_add(&b, p, (size_t)(o - p) + 3);
      p = o + 3;
      continue;
    }
    q += 7;
    /* `matrix.image.dockerfile`: a row's value may be an object (a list
     * of `{name, dockerfile}` entries), its fields named after a dot */
    const cJSON *v = row;
    do {
      size_t n = 0;
      while (q + n < e &&
             (isalnum((unsigned char)q[n]) || q[n] == '_' || q[n] == '-'))
        n++;
      char key[64];
      snprintf(key, sizeof(key), "%.*s", (int)(n < 63 ? n : 63), q);
      v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, key) : NULL;
      q += n;
    } while (*q == '.' && q++ < e);
    while (*q == ' ')
      q++;
    /* `matrix.file || './ci.Dockerfile'`: the row's value, or the default
     * written after it when the row has none (GitHub's `||` gives its
     * first truthy operand) */
    const char *fallback = NULL;
    size_t fallback_len = 0;
    if (q + 1 < e && q[0] == '|' && q[1] == '|') {
      const char *f = q + 2;
      while (*f == ' ')
        f++;
      const char *close =
          *f == '\'' ? memchr(f + 1, '\'', (size_t)(e - f - 1)) : NULL;
      if (close) {
        fallback = f + 1;
        fallback_len = (size_t)(close - fallback);
        for (q = close + 1; *q == ' ';)
          q++;
      }
    }
    /* more than the reference (`matrix.app == 'api' && '.slim' || ''`):
     * an expression readycheck does not evaluate stays as written */
    if (q != e) {
      rc_buf_add(&b, p, (size_t)(e + 2 - p));
      p = e + 2;
      continue;
    }
    rc_buf_add(&b, p, (size_t)(o - p));
    if (cJSON_IsString(v) && (*v->valuestring || !fallback))
      rc_buf_puts(&b, v->valuestring);
    else if (cJSON_IsNumber(v))
      rc_buf_printf(&b, "%g", v->valuedouble);
    else if (fallback)
      rc_buf_add(&b, fallback, fallback_len);
    else
      ok = false;
    p = e + 2;
  }
  rc_buf_puts(&b, p);
  const char *out = ok ? rc_arena_strdup(a, b.data ? b.data : "") : NULL;
  rc_buf_release(&b);
  return out;
}

/* Whether the include entry agrees with row on every key both have. */
static bool row_matches(const cJSON *row, const cJSON *entry)
{
  for (const cJSON *k = entry->child; k; k = k->next) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, k->string);
    if (v && !cJSON_Compare(v, k, true))
      return false;
  }
  return true;
}

/* The rows of a job's matrix as GitHub makes them: the product of its
 * lists, then each `include:` entry merged into the rows it agrees with
 * (or added as a row of its own when it agrees with none). Rows are made
 * in `made`, which the caller frees; at most max. */
size_t rc_matrix_rows(const cJSON *matrix, cJSON *made, const cJSON **rows,
                      size_t max)
{
  /* a matrix that is not a mapping (a list: items without names) is one
   * GitHub refuses: it makes no rows */
  if (!cJSON_IsObject(matrix))
    matrix = NULL;
  cJSON_AddItemToArray(made, cJSON_CreateObject());
  for (const cJSON *c = matrix ? matrix->child : NULL; c; c = c->next) {
    if (!cJSON_IsArray(c) || strcmp(c->string, "include") == 0 ||
        strcmp(c->string, "exclude") == 0)
      continue;
    cJSON *next = cJSON_CreateArray();
    const cJSON *r, *v;
    cJSON_ArrayForEach(r, made)
      cJSON_ArrayForEach(v, c) {
        if ((size_t)cJSON_GetArraySize(next) >= max)
          break;
        cJSON *row = cJSON_Duplicate(r, true);
        cJSON_AddItemToObject(row, c->string, cJSON_Duplicate(v, true));
        cJSON_AddItemToArray(next, row);
      }
    while (cJSON_GetArraySize(made))
      cJSON_DeleteItemFromArray(made, 0);
    while (cJSON_GetArraySize(next))
      cJSON_AddItemToArray(made, cJSON_DetachItemFromArray(next, 0));
    cJSON_Delete(next);
  }
  /* `exclude:` entries drop the product's rows they agree with */
  const cJSON *exc = cJSON_GetObjectItemCaseSensitive(matrix, "exclude");
  for (int i = cJSON_GetArraySize(made) - 1; i >= 0 && cJSON_IsArray(exc);
       i--) {
    const cJSON *x;
    cJSON_ArrayForEach(x, exc)
      if (cJSON_IsObject(x) && x->child &&
          row_matches(cJSON_GetArrayItem(made, i), x)) {
        cJSON_DeleteItemFromArray(made, i);
        break;
      }
  }
  const cJSON *inc = cJSON_GetObjectItemCaseSensitive(matrix, "include");
  size_t base = (size_t)cJSON_GetArraySize(made);
  const cJSON *e;
  cJSON_ArrayForEach(e, inc) {
    if (!cJSON_IsObject(e))
      continue;
    bool merged = false;
    for (size_t i = 0; i < base; i++) {
      cJSON *row = cJSON_GetArrayItem(made, (int)i);
      if (!row_matches(row, e))
        continue;
      for (const cJSON *k = e->child; k; k = k->next)
        if (!cJSON_GetObjectItemCaseSensitive(row, k->string))
          cJSON_AddItemToObject(row, k->string, cJSON_Duplicate(k, true));
      merged = true;
    }
    if (!merged && (size_t)cJSON_GetArraySize(made) < max)
      cJSON_AddItemToArray(made, cJSON_Duplicate(e, true));
  }
  size_t n = 0;
  const cJSON *row;
  cJSON_ArrayForEach(row, made)
    if (n < max && row->child)
      rows[n++] = row;
  return n;
}
