/*
 * helm_values.c - what an expression evaluates to: a string, number, bool,
 * nil, a values document node, the root `$`, or unknown (an input we
 * cannot see), with Go's truth and the YAML toYaml prints. Unknown is a
 * value of its own so that it travels through functions instead of
 * turning into an empty string that a reader would take as a setting.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/helm.h"
#include "readycheck/mem.h"

#include "helm_parts.h"

const struct val hm_unknown = {V_UNK, NULL, 0, false, NULL};
const struct val hm_nil = {V_NIL, NULL, 0, false, NULL};

struct val hm_str_val(const char *s)
{
  struct val v = {V_STR, s, 0, false, NULL};
  return v;
}

struct val hm_bool_val(bool b)
{
  struct val v = {V_BOOL, NULL, 0, b, NULL};
  return v;
}

struct val hm_num_val(struct rc_arena *a, double n)
{
  struct val v = {V_NUM, rc_arena_printf(a, "%g", n), n, false, NULL};
  return v;
}

/* A document node as a value; the root marker stands for `$`. */
struct val hm_from_json(const struct rc_helm *h, const cJSON *j)
{
  if (!j || cJSON_IsNull(j))
    return hm_nil;
  if (cJSON_IsString(j))
    return strcmp(j->valuestring, RC_HELM_UNKNOWN) == 0
               ? hm_unknown
               : hm_str_val(j->valuestring);
  if (cJSON_IsBool(j))
    return hm_bool_val(cJSON_IsTrue(j));
  if (cJSON_IsNumber(j)) {
    struct val v = {V_NUM, j->valuestring, j->valuedouble, false, NULL};
    if (!v.s)
      v.s = rc_arena_printf(h->a, "%g", j->valuedouble);
    return v;
  }
  if (cJSON_IsObject(j) && j->child && j->child->string &&
      strcmp(j->child->string, "__rc_root__") == 0)
    return (struct val){V_ROOT, NULL, 0, false, NULL};
  struct val v = {V_JSON, NULL, 0, false, j};
  return v;
}

/* 1 true, 0 false, -1 unknown: Go's truth (empty is false). */
int hm_truth(struct val v)
{
  switch (v.k) {
  case V_UNK:
    return -1;
  case V_NIL:
    return 0;
  case V_STR:
    return v.s[0] != '\0';
  case V_NUM:
    return v.n != 0;
  case V_BOOL:
    return v.b;
  case V_JSON:
    return v.j->child != NULL;
  default:
    return 1;
  }
}

static bool plain_scalar(const char *s)
{
  static const char *const words[] = {
      "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", NULL};
  if (!*s || isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '.' ||
      s[0] == '+')
    return false;
  for (size_t i = 0; words[i]; i++)
    if (strcasecmp(s, words[i]) == 0)
      return false;
  for (const char *p = s; *p; p++)
    if (!isalnum((unsigned char)*p) && !strchr("_-./", *p))
      return false;
  return true;
}

void hm_put_quoted(struct rc_buf *b, const char *s)
{
  if (plain_scalar(s)) {
    rc_buf_puts(b, s);
    return;
  }
  rc_buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      rc_buf_printf(b, "\\%c", *p);
    else if (*p == '\n')
      rc_buf_puts(b, "\\n");
    else if (*p == '\t')
      rc_buf_puts(b, "\\t");
    else if (*p < 0x20)
      rc_buf_printf(b, "\\x%02x", *p);
    else
      rc_buf_putc(b, (char)*p);
  }
  rc_buf_putc(b, '"');
}

static void put_scalar(struct rc_buf *b, const cJSON *n)
{
  char num[64];
  if (cJSON_IsString(n))
    hm_put_quoted(b, n->valuestring);
  else if (cJSON_IsNumber(n))
    rc_buf_puts(b,
                n->valuestring
                    ? n->valuestring
                    : (snprintf(num, sizeof(num), "%g", n->valuedouble), num));
  else if (cJSON_IsBool(n))
    rc_buf_puts(b, cJSON_IsTrue(n) ? "true" : "false");
  else if (cJSON_IsObject(n))
    rc_buf_puts(b, "{}");
  else if (cJSON_IsArray(n))
    rc_buf_puts(b, "[]");
  else
    rc_buf_puts(b, "null");
}

static void newline(struct rc_buf *b, int indent)
{
  rc_buf_putc(b, '\n');
  for (int i = 0; i < indent; i++)
    rc_buf_putc(b, ' ');
}

static bool nested(const cJSON *n)
{
  return (cJSON_IsObject(n) || cJSON_IsArray(n)) && n->child;
}

/* Block YAML of n; the first line continues the current one. */
void hm_put_yaml(struct rc_buf *b, const cJSON *n, int indent, bool first,
                 unsigned depth)
{
  if (!nested(n) || depth > 64) {
    put_scalar(b, n);
    return;
  }
  bool obj = cJSON_IsObject(n);
  bool start = first;
  for (const cJSON *c = n->child; c; c = c->next) {
    if (!start)
      newline(b, indent);
    start = false;
    if (obj) {
      hm_put_quoted(b, c->string ? c->string : "");
      rc_buf_putc(b, ':');
      if (!nested(c)) {
        rc_buf_putc(b, ' ');
        put_scalar(b, c);
      } else {
        int sub = cJSON_IsArray(c) ? indent : indent + 2;
        newline(b, sub);
        hm_put_yaml(b, c, sub, true, depth + 1);
      }
    } else {
      rc_buf_puts(b, "- ");
      hm_put_yaml(b, c, indent + 2, true, depth + 1);
    }
  }
}
