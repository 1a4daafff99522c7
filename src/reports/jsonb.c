/*
 * jsonb.c - building JSON documents with cJSON for the reporters that write
 * JSON (json, sarif, codequality): one failure flag instead of a NULL check
 * after every call, and repository text repaired to valid UTF-8.
 */
#include "jsonb.h"

#include "escape.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"

/* cJSON returns NULL when malloc fails; the builder records that once and
 * the reporter fails instead of writing a partial document. */

cJSON *jb_check(struct jb *b, cJSON *item)
{
  if (!item)
    b->ok = false;
  return item;
}

static bool is_utf8(const char *v)
{
  const unsigned char *p = (const unsigned char *)v;
  size_t n;
  while (*p && (n = esc_utf8_len(p)) > 0)
    p += n;
  return *p == '\0';
}

/* Repository text may be any bytes, JSON must be UTF-8: ill-formed bytes
 * become U+FFFD. Caller frees. */
static char *utf8_repaired(const char *v)
{
  struct rc_buf tmp;
  rc_buf_init(&tmp);
  for (const unsigned char *p = (const unsigned char *)v; *p;) {
    size_t n = esc_utf8_len(p);
    if (n) {
      rc_buf_add(&tmp, p, n);
      p += n;
    } else {
      rc_buf_puts(&tmp, "\xEF\xBF\xBD");
      p++;
    }
  }
  char *s = rc_buf_detach(&tmp);
  rc_buf_release(&tmp);
  return s;
}

cJSON *jb_string(const char *v)
{
  if (is_utf8(v))
    return cJSON_CreateString(v);
  char *fixed = utf8_repaired(v);
  cJSON *item = cJSON_CreateString(fixed);
  free(fixed);
  return item;
}

void jb_add(struct jb *b, cJSON *o, const char *key, cJSON *item)
{
  if (jb_check(b, item) && !cJSON_AddItemToObject(o, key, item)) {
    cJSON_Delete(item);
    b->ok = false;
  }
}

void jb_str(struct jb *b, cJSON *o, const char *key, const char *v)
{
  jb_add(b, o, key, v ? jb_string(v) : cJSON_CreateNull());
}

void jb_num(struct jb *b, cJSON *o, const char *key, double v)
{
  jb_check(b, cJSON_AddNumberToObject(o, key, v));
}

void jb_bool(struct jb *b, cJSON *o, const char *key, bool v)
{
  jb_check(b, cJSON_AddBoolToObject(o, key, v));
}

cJSON *jb_obj(struct jb *b, cJSON *o, const char *key)
{
  return jb_check(b, cJSON_AddObjectToObject(o, key));
}

cJSON *jb_arr(struct jb *b, cJSON *o, const char *key)
{
  return jb_check(b, cJSON_AddArrayToObject(o, key));
}

cJSON *jb_push_obj(struct jb *b, cJSON *arr)
{
  cJSON *o = jb_check(b, cJSON_CreateObject());
  if (o && !cJSON_AddItemToArray(arr, o)) {
    cJSON_Delete(o);
    b->ok = false;
    return NULL;
  }
  return o;
}

void jb_push_str(struct jb *b, cJSON *arr, const char *s)
{
  cJSON *v = jb_check(b, jb_string(s ? s : ""));
  if (v && !cJSON_AddItemToArray(arr, v)) {
    cJSON_Delete(v);
    b->ok = false;
  }
}

int jb_write(struct jb *b, cJSON *root, FILE *out)
{
  char *text = b->ok && root ? cJSON_Print(root) : NULL;
  cJSON_Delete(root);
  if (!text) {
    errno = ENOMEM;
    return -1;
  }
  int rc = fputs(text, out) < 0 || putc('\n', out) == EOF;
  cJSON_free(text);
  if (rc || fflush(out) != 0 || ferror(out))
    return -1;
  return 0;
}
