/*
 * obsfix.c - reads the Observatory fixtures and writes them as nginx
 * locations. nginx answers every method with `return`, so the CORS
 * preflight sees the same headers as the page.
 */
#include "obsfix.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "testutil.h"

static int by_name(const void *a, const void *b)
{
  return strcmp(((const struct rc_of_case *)a)->name,
                ((const struct rc_of_case *)b)->name);
}

static void add_header(struct rc_of_case *c, const char *line, size_t n)
{
  const char *colon = memchr(line, ':', n);
  if (!colon)
    return;
  char *name = rc_xstrndup(line, (size_t)(colon - line));
  const char *v = colon + 1;
  while (*v == ' ')
    v++;
  char *value = rc_xstrndup(v, n - (size_t)(v - line));
  if (strcasecmp(name, "Content-Type") == 0) {
    free(name);
    free(c->content_type);
    c->content_type = value;
    return;
  }
  c->headers =
      rc_xrealloc(c->headers, (c->n_headers + 1) * sizeof(*c->headers));
  c->headers[c->n_headers++] = (struct rc_http_header){name, value};
}

static void comment(struct rc_of_case *c, const char *line)
{
  char mode[32];
  if (sscanf(line, "# expect: %3s %d", c->expect_grade, &c->expect_score) == 2)
    return;
  if (sscanf(line, "# http: %31s", mode) == 1)
    c->http = strcmp(mode, "none") == 0       ? RC_OF_NONE
              : strcmp(mode, "via-http") == 0 ? RC_OF_VIA_HTTP
                                              : RC_OF_REDIRECT;
}

static int parse(struct rc_of_case *c, const char *text)
{
  const char *p = text;
  c->expect_score = -1;
  while (*p) {
    size_t n = strcspn(p, "\n");
    if (n == 0) {
      p++;
      break;
    }
    if (p[0] == '#') {
      char *l = rc_xstrndup(p, n);
      comment(c, l);
      free(l);
    } else {
      add_header(c, p, n);
    }
    p += n + (p[n] == '\n');
  }
  c->body = rc_xstrdup(p);
  return c->expect_score >= 0 && c->expect_grade[0] ? 0 : -1;
}

size_t rc_of_load(const char *dir, struct rc_of_case **out, char *err,
                  size_t errlen)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t n = 0;
  *out = NULL;
  if (!d) {
    snprintf(err, errlen, "cannot open %s", dir);
    return 0;
  }
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
      continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    char *text = rc_test_slurp(path, NULL);
    *out = rc_xrealloc(*out, (n + 1) * sizeof(**out));
    struct rc_of_case *c = &(*out)[n++];
    memset(c, 0, sizeof(*c));
    c->name = rc_xstrndup(e->d_name, len - 4);
    if (!text || parse(c, text) != 0) {
      snprintf(err, errlen, "%s: no '# expect: GRADE SCORE' line", path);
      free(text);
      closedir(d);
      rc_of_free(*out, n);
      *out = NULL;
      return 0;
    }
    free(text);
  }
  closedir(d);
  if (n)
    qsort(*out, n, sizeof(**out), by_name);
  else
    snprintf(err, errlen, "no fixture in %s", dir);
  return n;
}

void rc_of_free(struct rc_of_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(c[i].name);
    free(c[i].content_type);
    for (size_t k = 0; k < c[i].n_headers; k++) {
      free(c[i].headers[k].name);
      free(c[i].headers[k].value);
    }
    free(c[i].headers);
    free(c[i].body);
  }
  free(c);
}

/* The body as an nginx single-quoted string. */
static void quoted_body(struct rc_buf *b, const char *body)
{
  rc_buf_putc(b, '\'');
  for (const char *p = body; *p; p++) {
    if (*p == '\'' || *p == '\\')
      rc_buf_putc(b, '\\');
    rc_buf_putc(b, *p);
  }
  rc_buf_putc(b, '\'');
}

char *rc_of_nginx_https(const struct rc_of_case *c, size_t n)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    rc_buf_printf(&b, "    location = /obs/%s {\n      default_type \"%s\";\n",
                  c[i].name, c[i].content_type ? c[i].content_type : "");
    for (size_t k = 0; k < c[i].n_headers; k++)
      rc_buf_printf(&b, "      add_header %s \"%s\" always;\n",
                    c[i].headers[k].name, c[i].headers[k].value);
    rc_buf_puts(&b, "      return 200 ");
    quoted_body(&b, c[i].body);
    rc_buf_puts(&b, ";\n    }\n");
  }
  char *out = rc_buf_detach(&b);
  rc_buf_release(&b);
  return out;
}

char *rc_of_nginx_http(const struct rc_of_case *c, size_t n)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    const char *name = c[i].name;
    if (c[i].http == RC_OF_NONE)
      rc_buf_printf(&b, "    location = /obs/%s { return 200 'plain'; }\n",
                    name);
    else if (c[i].http == RC_OF_VIA_HTTP)
      rc_buf_printf(&b,
                    "    location = /obs/%s { return 301 "
                    "http://127.0.0.1:@0/obs-hop/%s; }\n"
                    "    location = /obs-hop/%s { return 301 "
                    "https://127.0.0.1:@1/obs/%s; }\n",
                    name, name, name, name);
    else
      rc_buf_printf(&b,
                    "    location = /obs/%s { return 301 "
                    "https://127.0.0.1:@1/obs/%s; }\n",
                    name, name);
  }
  char *out = rc_buf_detach(&b);
  rc_buf_release(&b);
  return out;
}
