/*
 * pipeline_jenkins.c - Jenkinsfiles (Groovy): stages and the shell inside
 * their sh/bat steps.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/pipeline.h"
#include "readycheck/mem.h"

#include "pipeline_scan.h"

/* ---- Jenkinsfile (Groovy): the shell inside sh/bat steps ----------------- */

static const char *stage_name(struct rc_arena *a, const char *line)
{
  const char *p = strstr(line, "stage(");
  if (!p)
    return NULL;
  p += 6;
  while (*p == ' ')
    p++;
  if (*p != '\'' && *p != '"')
    return NULL;
  char q = *p++;
  const char *e = strchr(p, q);
  return e ? rc_arena_strndup(a, p, (size_t)(e - p)) : NULL;
}

/* The shell text a `sh '...'` on this line starts; *block is set to the
 * closing quotes when it opens a triple-quoted block. */
static const char *sh_text(struct rc_arena *a, const char *line,
                           const char **block)
{
  const char *p = NULL;
  static const char *const keys[] = {"sh ", "sh(", "bat ", "bat(", NULL};
  for (size_t i = 0; keys[i] && !p; i++) {
    const char *q = strstr(line, keys[i]);
    if (q && (q == line || !isalnum((unsigned char)q[-1])))
      p = q + strlen(keys[i]);
  }
  if (!p)
    return NULL;
  while (*p == ' ' || *p == '(')
    p++;
  if (strncmp(p, "script:", 7) == 0)
    p += 7;
  while (*p == ' ')
    p++;
  if (strncmp(p, "'''", 3) == 0 || strncmp(p, "\"\"\"", 3) == 0) {
    const char *close = p[0] == '\'' ? "'''" : "\"\"\"";
    const char *e = strstr(p + 3, close);
    if (!e) {
      *block = close;
      return rc_arena_strdup(a, p + 3);
    }
    return rc_arena_strndup(a, p + 3, (size_t)(e - p - 3));
  }
  if (*p != '\'' && *p != '"')
    return NULL;
  char q = *p++;
  const char *e = strrchr(p, q);
  return e && e >= p ? rc_arena_strndup(a, p, (size_t)(e - p)) : NULL;
}

static void jenkins_end(struct rc_pipeline_scan *s, size_t i)
{
  pl_end_step(s, i);
  if (s->p->steps[i].opaque)
    pl_step_name_gates(&s->p->steps[i], s->p->steps[i].name);
}

void pl_read_jenkins(struct rc_pipeline_scan *s, const char *path,
                     const char *data, size_t len)
{
  size_t cur = s->p->n_steps;
  struct rc_ci_step *st = pl_add_step(s, path, 1);
  st->name = "Jenkinsfile";
  struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, false};
  const char *block = NULL;
  unsigned lineno = 0;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    lineno++;
    char *line = rc_arena_strndup(s->a, data + i, e - i);
    i = e + 1;
    if (block) {
      char *close = strstr(line, block);
      if (close) {
        *close = '\0';
        block = NULL;
      }
      pl_run_text(&c, line, path, lineno, LINES_FIXED, false);
      continue;
    }
    const char *sname = stage_name(s->a, line);
    if (sname) {
      jenkins_end(s, cur);
      cur = s->p->n_steps;
      st = pl_add_step(s, path, lineno);
      st->name = sname;
      st->job = sname;
      continue;
    }
    const char *text = sh_text(s->a, line, &block);
    if (text)
      pl_run_text(&c, text, path, lineno, LINES_FIXED, false);
  }
  jenkins_end(s, cur);
}
