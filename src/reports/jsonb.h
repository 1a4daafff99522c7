/*
 * jsonb.h - internal to the JSON writers (src/reports and `readycheck
 * model -f json`): a cJSON builder that records the
 * first allocation failure (struct jb) so a reporter fails as a whole
 * instead of writing a partial document. Strings are repaired to UTF-8
 * (ill-formed bytes become U+FFFD); a NULL string becomes JSON null.
 */
#ifndef READYCHECK_REPORTS_JSONB_H
#define READYCHECK_REPORTS_JSONB_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

struct jb {
  bool ok;
};

cJSON *jb_check(struct jb *b, cJSON *item); /* records NULL as a failure */
cJSON *jb_string(const char *v);            /* UTF-8 repaired */
void jb_add(struct jb *b, cJSON *o, const char *key, cJSON *item);
void jb_str(struct jb *b, cJSON *o, const char *key, const char *v);
void jb_num(struct jb *b, cJSON *o, const char *key, double v);
void jb_bool(struct jb *b, cJSON *o, const char *key, bool v);
cJSON *jb_obj(struct jb *b, cJSON *o, const char *key);
cJSON *jb_arr(struct jb *b, cJSON *o, const char *key);
cJSON *jb_push_obj(struct jb *b, cJSON *arr);
void jb_push_str(struct jb *b, cJSON *arr, const char *s);
/* Prints root (pretty) and a newline to out, then deletes root. Returns 0,
 * or -1 with errno set when building or writing failed. */
int jb_write(struct jb *b, cJSON *root, FILE *out);

#endif
