/*
 * vars.c - the variable table behind ${VAR} in rule parameters. Undefined
 * variables are errors rather than empty strings: an empty path would
 * silently check the repository root instead of what the rule meant.
 */
#include "readycheck/vars.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

void rc_vars_init(struct rc_vars *v)
{
  memset(v, 0, sizeof(*v));
}

void rc_vars_release(struct rc_vars *v)
{
  for (size_t i = 0; i < v->n; i++) {
    free(v->items[i].name);
    free(v->items[i].value);
  }
  free(v->items);
  memset(v, 0, sizeof(*v));
}

static struct rc_var *find(const struct rc_vars *v, const char *name,
                           size_t len)
{
  for (size_t i = 0; v && i < v->n; i++)
    if (strlen(v->items[i].name) == len &&
        memcmp(v->items[i].name, name, len) == 0)
      return &v->items[i];
  return NULL;
}

void rc_vars_set(struct rc_vars *v, const char *name, const char *value)
{
  struct rc_var *e = find(v, name, strlen(name));
  if (e) {
    free(e->value);
    e->value = rc_xstrdup(value);
    return;
  }
  rc_grow((void **)&v->items, &v->cap, v->n, sizeof(*v->items));
  v->items[v->n].name = rc_xstrdup(name);
  v->items[v->n].value = rc_xstrdup(value);
  v->n++;
}

static bool valid_name(const char *s, size_t len)
{
  if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
    return false;
  for (size_t i = 1; i < len; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.'))
      return false;
  return true;
}

int rc_vars_set_assignment(struct rc_vars *v, const char *assignment)
{
  const char *eq = strchr(assignment, '=');
  if (!eq || !valid_name(assignment, (size_t)(eq - assignment)))
    return -1;
  char *name = rc_xstrndup(assignment, (size_t)(eq - assignment));
  rc_vars_set(v, name, eq + 1);
  free(name);
  return 0;
}

static const char *lookup(const struct rc_vars *v, const struct rc_vars *local,
                          const char *name, size_t len)
{
  struct rc_var *e = find(local, name, len);
  if (!e)
    e = find(v, name, len);
  if (e)
    return e->value;
  if (v && v->use_environ) {
    char *tmp = rc_xstrndup(name, len);
    const char *val = getenv(tmp);
    free(tmp);
    return val;
  }
  return NULL;
}

const char *rc_vars_get(const struct rc_vars *v, const char *name)
{
  return lookup(v, NULL, name, strlen(name));
}

int rc_vars_expand(const struct rc_vars *v, const struct rc_vars *local,
                   const char *in, struct rc_buf *out, char *err, size_t errlen)
{
  const char *p = in;
  while (*p) {
    if (p[0] != '$' || (p[1] != '{' && p[1] != '$')) {
      rc_buf_putc(out, *p++);
      continue;
    }
    if (p[1] == '$') {
      rc_buf_putc(out, '$');
      p += 2;
      continue;
    }
    const char *start = p + 2;
    const char *close = strchr(start, '}');
    if (!close) {
      snprintf(err, errlen, "unterminated '${' in '%s'", in);
      return -1;
    }
    const char *dflt = strstr(start, ":-");
    size_t name_len = (dflt && dflt < close) ? (size_t)(dflt - start)
                                             : (size_t)(close - start);
    if (!valid_name(start, name_len)) {
      snprintf(err, errlen, "bad variable name in '%s'", in);
      return -1;
    }
    const char *val = lookup(v, local, start, name_len);
    if (dflt && dflt < close && (!val || !*val)) {
      rc_buf_add(out, dflt + 2, (size_t)(close - dflt - 2));
    } else if (val) {
      rc_buf_puts(out, val);
    } else {
      snprintf(err, errlen, "undefined variable '%.*s'", (int)name_len, start);
      return -1;
    }
    p = close + 1;
  }
  return 0;
}

bool rc_vars_has_ref(const char *s)
{
  for (const char *p = strchr(s, '$'); p; p = strchr(p + 1, '$'))
    if (p[1] == '{')
      return true;
  return false;
}
