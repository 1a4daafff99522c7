/*
 * tomltable.c - key = value lines of one TOML table (tomltable.h). Platform
 * files keep their build settings flat, so a line reader is enough and
 * never fails: what it cannot read is simply not a setting.
 */
#include "readycheck/tomltable.h"

#include <stdbool.h>
#include <string.h>

void rc_toml_table_each(const char *data, size_t len, const char *header,
                        void (*each)(const char *key, size_t key_len,
                                     const char *value, size_t value_len,
                                     unsigned line, void *arg),
                        void *arg)
{
  size_t hl = strlen(header);
  bool inside = false;
  unsigned line = 1;
  for (const char *p = data, *end = data + len; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    while (p < le && (*p == ' ' || *p == '\t'))
      p++;
    if (p < le && *p == '[') {
      inside = (size_t)(le - p) >= hl && strncmp(p, header, hl) == 0;
    } else if (inside && p < le && *p != '#') {
      size_t kl = strcspn(p, " =\t");
      const char *v = memchr(p, '=', (size_t)(le - p));
      if (v) {
        v++;
        while (v < le && (*v == ' ' || *v == '"' || *v == '\''))
          v++;
        const char *ve = v;
        while (ve < le && *ve != '"' && *ve != '\'' && *ve != ' ' &&
               *ve != '\r')
          ve++;
        each(p, kl, v, (size_t)(ve - v), line, arg);
      }
    }
    p = le + 1;
  }
}
