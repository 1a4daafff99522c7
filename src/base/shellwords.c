/*
 * shellwords.c - one shell line split into words the way sh would see
 * them, closely enough for reading automation: commands are written the
 * same way in workflows, Makefiles, scripts and READMEs, and every reader
 * of them (entry points, CI pipelines, services' commands) must agree on
 * what a word is.
 */
#include "readycheck/shellwords.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mem.h"

enum { MAX_WORDS = 512 };

static bool op_char(char c)
{
  return c == ';' || c == '|' || c == '&' || c == '<' || c == '>';
}

/* The character past the ')' closing the `$(` at p, or NULL when the
 * line does not close it. */
static const char *substitution_end(const char *p)
{
  int depth = 0;
  for (const char *q = p + 1; *q; q++) {
    if (*q == '(')
      depth++;
    else if (*q == ')' && --depth == 0)
      return q + 1;
  }
  return NULL;
}

enum { MAX_SUBSTITUTIONS = 16 };

size_t rc_shell_substitutions(struct rc_arena *a, const char *line,
                              const char ***out)
{
  const char **w = rc_arena_alloc(a, MAX_SUBSTITUTIONS * sizeof(*w));
  size_t n = 0;
  for (const char *p = line; *p && n < MAX_SUBSTITUTIONS;) {
    if (*p == '\'') { /* nothing runs inside single quotes */
      const char *close = strchr(p + 1, '\'');
      p = close ? close + 1 : p + strlen(p);
      continue;
    }
    if (*p == '`') {
      const char *close = strchr(p + 1, '`');
      if (!close)
        break;
      w[n++] = rc_arena_strndup(a, p + 1, (size_t)(close - p - 1));
      p = close + 1;
      continue;
    }
    bool opens = (p[0] == '$' || p[0] == '<' || p[0] == '>') && p[1] == '(' &&
                 p[2] != '(';
    const char *end = opens ? substitution_end(p) : NULL;
    if (!end) {
      p++;
      continue;
    }
    w[n++] = rc_arena_strndup(a, p + 2, (size_t)(end - 1 - (p + 2)));
    p = end;
  }
  *out = w;
  return n;
}

/* The length of a redirection operator at p, 0 when there is none: an
 * optional file descriptor, then `>`, `>>`, `<`, `>|`, `&>`, `&>>`, and a
 * descriptor it duplicates (`2>&1`, `>&2`, `<&-`) as part of it. `<<`
 * (heredoc) and `<(` (process substitution) are not taken here. */
static size_t redirection(const char *p)
{
  const char *q = p;
  while (isdigit((unsigned char)*q))
    q++;
  if (q == p && q[0] == '&' && q[1] == '>')
    q++; /* &> both streams */
  if (*q != '>' && *q != '<')
    return 0;
  if ((q[0] == '<' && (q[1] == '<' || q[1] == '(')) ||
      (q[0] == '>' && q[1] == '('))
    return 0;
  q++;
  if (*q == '>' || *q == '|')
    q++;
  if (*q == '&' && (isdigit((unsigned char)q[1]) || q[1] == '-')) {
    q++;
    while (isdigit((unsigned char)*q) || *q == '-')
      q++;
  }
  return (size_t)(q - p);
}

bool rc_shell_redirect(const char *w, bool *needs_target)
{
  size_t n = redirection(w);
  if (!n || w[n] != '\0')
    return false;
  char last = w[n - 1];
  *needs_target = !(isdigit((unsigned char)last) || last == '-');
  return true;
}

size_t rc_shell_words(struct rc_arena *a, const char *line, const char ***out)
{
  const char **w = rc_arena_alloc(a, MAX_WORDS * sizeof(*w));
  size_t n = 0;
  struct rc_buf b;
  rc_buf_init(&b);
  const char *p = line;
  while (*p && n < MAX_WORDS) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
      p++;
    if (!*p)
      break;
    if (*p == '#')
      break; /* a comment: the rest of the line is prose */
    size_t redir = redirection(p);
    if (redir) {
      w[n++] = rc_arena_strndup(a, p, redir);
      p += redir;
      continue;
    }
    if (op_char(*p)) {
      size_t len = op_char(p[1]) && p[1] == p[0] ? 2 : 1;
      w[n++] = rc_arena_strndup(a, p, len);
      p += len;
      continue;
    }
    rc_buf_reset(&b);
    /* `docker-compose.<env>.yml` is one word: inside a word, < and > are
     * a placeholder's brackets, not redirections */
    while (*p && !isspace((unsigned char)*p) &&
           (!op_char(*p) || *p == '<' || *p == '>')) {
      const char *end = strncmp(p, "${{", 3) == 0 ? strstr(p, "}}") : NULL;
      const char *sub = strncmp(p, "$(", 2) == 0 ? substitution_end(p) : NULL;
      if (sub) {
        /* a command substitution, `tag:$(date +%s)`, is part of its word
         * however it is spaced */
        while (p < sub)
          rc_buf_putc(&b, *p++);
      } else if (end) {
        /* a workflow expression, `${{ steps.v.outputs.tag }}`, is one
         * word however it is spaced */
        while (p < end + 2)
          rc_buf_putc(&b, *p++);
      } else if (*p == '"' || *p == '\'') {
        char q = *p++;
        while (*p && *p != q) {
          /* "$(date +"%F %T")": the substitution's own quotes do not end
           * the outer ones */
          const char *inner =
              q == '"' && strncmp(p, "$(", 2) == 0 ? substitution_end(p) : NULL;
          while (inner && p < inner)
            rc_buf_putc(&b, *p++);
          if (inner)
            continue;
          if (q == '"' && *p == '\\' && p[1])
            p++;
          rc_buf_putc(&b, *p++);
        }
        if (*p)
          p++;
      } else if (*p == '\\' && p[1]) {
        rc_buf_putc(&b, p[1]);
        p += 2;
      } else {
        rc_buf_putc(&b, *p++);
      }
    }
    w[n++] = rc_arena_strdup(a, b.data ? b.data : "");
  }
  rc_buf_release(&b);
  *out = w;
  return n;
}

bool rc_shell_is_op(const char *w)
{
  size_t d = strspn(w, "0123456789");
  return op_char(w[0]) || (d && (w[d] == '>' || w[d] == '<'));
}

bool rc_shell_line_continues(const char *line, size_t n)
{
  if (!n)
    return false;
  if (line[n - 1] == '\\')
    return true;
  return line[n - 1] == '`' && n > 1 &&
         (line[n - 2] == ' ' || line[n - 2] == '\t');
}
