/*
 * pipeline_buildkite.c - Buildkite: labels, and the steps a
 * `buildkite-agent pipeline upload` adds at run time.
 */
#include <stdio.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

/* ---- Buildkite ------------------------------------------------------------
 */

/* A label without its emoji codes: ":hammer: Unit Test" is "Unit Test". */
const char *pl_bk_label(struct rc_pipeline_scan *s, const char *label)
{
  struct rc_buf b;
  rc_buf_init(&b);
  const char *p = label;
  while (*p) {
    size_t n = *p == ':' ? strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789_+-")
                         : 0;
    if (n && p[n + 1] == ':') {
      p += n + 2;
      continue;
    }
    rc_buf_putc(&b, *p++);
  }
  const char *t = b.data ? b.data : "";
  t += strspn(t, " ");
  const char *out = pl_keep(s, *t ? t : label);
  rc_buf_release(&b);
  return out;
}

/* Walks text (YAML lines of path, the first at line `line`) as pipeline
 * steps. A generator's fragment that is no YAML of its own is skipped: the
 * generator is not wrong, only cut in pieces. */
static void bk_walk_text(struct rc_pipeline_scan *s, const char *path,
                         const char *text, size_t len, unsigned line)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (unsigned l = 1; l < line; l++)
    rc_buf_putc(&b, '\n');
  rc_buf_add(&b, text, len);
  struct rc_docs docs;
  char err[256];
  if (b.data && rc_docs_parse(&docs, b.data, b.len, path, RC_DOC_YAML, err,
                              sizeof(err)) == 0) {
    struct yaml_src y = {&docs, b.data, path};
    bool scripted = false;
    for (size_t i = 0; i < docs.n; i++)
      pl_generic_walk(s, &y, docs.docs[i], NULL, NULL, 0, &scripted);
    rc_docs_release(&docs);
  }
  rc_buf_release(&b);
}

/* The here-documents a pipeline generator prints (`cat << EOF` ... `EOF`),
 * each walked as steps. */
static void bk_generator(struct rc_pipeline_scan *s, const char *path,
                         const char *data)
{
  unsigned line = 1;
  for (const char *p = data; *p;) {
    const char *eol = strchr(p, '\n');
    const char *next = eol ? eol + 1 : p + strlen(p);
    char *tag = NULL;
    const char *h = strstr(p, "<<");
    if (h && h < next && h[2] != '<') {
      const char *q = h + 2;
      bool tabs = *q == '-';
      q += tabs;
      q += strspn(q, " \t");
      q += *q == '\'' || *q == '"' || *q == '\\';
      size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyz"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
      if (n)
        tag = rc_arena_printf(s->a, "%.*s", (int)n, q);
    }
    p = next;
    line++;
    if (!tag)
      continue;
    const char *start = p;
    unsigned first = line;
    while (*p) {
      eol = strchr(p, '\n');
      next = eol ? eol + 1 : p + strlen(p);
      const char *t = p + strspn(p, "\t");
      size_t n = strlen(tag);
      bool end = strncmp(t, tag, n) == 0 &&
                 (t + n == next || t[n] == '\n' || t[n] == '\r');
      if (end)
        break;
      p = next;
      line++;
    }
    bk_walk_text(s, path, start, (size_t)(p - start), first);
  }
}

/* `generate.sh | buildkite-agent pipeline upload` or `buildkite-agent
 * pipeline upload .buildkite/more.yml`: the steps uploaded at run time are
 * the pipeline's steps. */
void pl_bk_upload(struct rc_pipeline_scan *s, const char *text)
{
  const char *u = strstr(text, "buildkite-agent pipeline upload");
  if (!u || s->buildkite > 3)
    return;
  char file[512];
  const char *after = u + strlen("buildkite-agent pipeline upload");
  after += strspn(after, " \t");
  size_t n = strcspn(after, " \t\n;&|\"'");
  bool generator = false;
  if (n && *after != '-' && *after != '$') {
    snprintf(file, sizeof(file), "%.*s", (int)n, after);
  } else {
    /* the command piped into it */
    const char *bar = u;
    while (bar > text && bar[-1] != '|')
      bar--;
    if (bar == text)
      return;
    const char *w = bar - 1;
    while (w > text && w[-1] != '\n' && w[-1] != ';' && w[-1] != '&' &&
           w[-1] != '|' && w[-1] != '"')
      w--;
    w += strspn(w, " \t");
    n = strcspn(w, " \t|");
    if (!n || *w == '$' || *w == '/')
      return;
    snprintf(file, sizeof(file), "%.*s", (int)n, w);
    generator = true;
  }
  const char *path = rc_path_join(s->a, "", file);
  size_t len = 0;
  const char *data = path ? pl_repo_file(s, path, &len) : NULL;
  if (!data || pl_already_read(s, path))
    return;
  pl_mark_read(s, path);
  s->buildkite++;
  if (!generator)
    bk_walk_text(s, path, data, len, 1);
  else if (pl_shell_text(path, data))
    bk_generator(s, path, data);
  s->buildkite--;
}
