/*
 * pipeline_shell.c - shell text as commands: one logical line at a time
 * split into simple commands, shell variables, substitutions and heredocs,
 * each command kept with its file and line.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/pipeline.h"
#include "readycheck/buf.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"
#include "readycheck/vars.h"

#include "pipeline_scan.h"

/* ---- commands ----------------------------------------------------------- */

long pl_add_cmd(struct ctx *c, const char *text, const char *path,
                unsigned line)
{
  struct rc_pipeline *p = c->s->p;
  if (p->n_cmds >= MAX_CMDS) {
    p->truncated = true;
    return -1;
  }
  rc_grow((void **)&p->cmds, &p->cap_cmds, p->n_cmds, sizeof(*p->cmds));
  size_t n = strlen(text);
  const char *kept = n > MAX_TEXT
                         ? rc_arena_printf(c->s->a, "%.*s...", MAX_TEXT, text)
                         : rc_arena_strdup(c->s->a, text);
  p->cmds[p->n_cmds] = (struct rc_ci_cmd){
      kept, {path, line}, c->via, c->parent, 0, 0, NULL, false, false, c->cwd};
  return (long)p->n_cmds++;
}

void pl_cmd_gates(struct ctx *c, long i, unsigned gates, const char *tool)
{
  gates &= ~c->drop;
  if (i < 0 || !gates)
    return;
  struct rc_ci_cmd *cmd = &c->s->p->cmds[i];
  cmd->gates |= gates;
  if (!cmd->tool)
    cmd->tool = rc_arena_strdup(c->s->a, tool ? tool : "");
}

const char *pl_join_words(struct rc_arena *a, const char *const *w, size_t n)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (size_t i = 0; i < n && b.len < 4 * MAX_TEXT; i++) {
    if (i)
      rc_buf_putc(&b, ' ');
    rc_buf_puts(&b, w[i]);
  }
  const char *out = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

bool pl_is_op(const char *w)
{
  return w[0] == ';' || w[0] == '|' || w[0] == '&' || w[0] == '<' ||
         w[0] == '>';
}

static bool is_sep(const char *w)
{
  return strcmp(w, ";") == 0 || strcmp(w, "&&") == 0 || strcmp(w, "||") == 0 ||
         strcmp(w, "|") == 0 || strcmp(w, "&") == 0;
}

/* A child context: commands it records are run by command `parent`. */
struct ctx pl_child(const struct ctx *c, long parent, const char *via,
                    struct frame *f)
{
  struct ctx k = *c;
  k.parent = parent;
  k.depth = c->depth + 1;
  f->up = c->stack;
  k.stack = f;
  if (via) {
    const char *v = c->via ? rc_arena_printf(c->s->a, "%s > %s", c->via, via)
                           : rc_arena_strdup(c->s->a, via);
    k.via = v;
  }
  return k;
}

/* Splits a line's words into simple commands at ; && || | &. */
/* `ls tests/<glob>.sh` or `find tests -name <glob>` piped on: the scripts of
 * a test folder, as a glob or folder word of the listing; NULL else. */
static const char *listed_tests(const char *const *w, size_t n)
{
  const char *prog = n ? rc_path_base(w[0]) : "";
  bool ls = strcmp(prog, "ls") == 0, find = strcmp(prog, "find") == 0;
  for (size_t k = 1; (ls || find) && k < n; k++) {
    if (w[k][0] == '-') {
      if (find)
        return NULL; /* find's folders come first */
      continue;
    }
    if (ls && !strchr(w[k], '*'))
      continue;
    /* a folder of the word named for tests: tests/<glob>, ./test/e2e */
    for (const char *seg = w[k]; *seg;) {
      size_t len = strcspn(seg, "/");
      bool folder = seg[len] == '/' || find;
      if (folder && ((len == 4 && strncasecmp(seg, "test", 4) == 0) ||
                     (len == 5 && strncasecmp(seg, "tests", 5) == 0)))
        return w[k];
      seg += len + (seg[len] == '/');
    }
  }
  return NULL;
}

/* `parallel` or `xargs [bash]` running each line of its input as the
 * program: what the listing before the pipe names is what runs. */
static bool runs_input(const char *const *w, size_t n)
{
  const char *prog = n ? rc_path_base(w[0]) : "";
  bool parallel = strcmp(prog, "parallel") == 0;
  if (!parallel && strcmp(prog, "xargs") != 0)
    return false;
  for (size_t k = 1; k < n; k++) {
    if (w[k][0] == '-') {
      k += !parallel && strchr("nIPLd", w[k][1]) && w[k][2] == '\0';
      continue;
    }
    return strcmp(w[k], "bash") == 0 || strcmp(w[k], "sh") == 0;
  }
  return true;
}

void pl_run_words(struct ctx *c, const char **w, size_t n, const char *path,
                  unsigned line, const char **cwd)
{
  const char *local_cwd = c->cwd;
  if (!cwd)
    cwd = &local_cwd;
  if (!path) { /* composer exec: the calling command's place */
    const struct rc_ci_cmd *p =
        c->parent >= 0 ? &c->s->p->cmds[c->parent] : NULL;
    path = p ? p->at.path : "";
    line = p ? p->at.line : 0;
  }
  size_t s = 0, piped_from = 0;
  bool piped_download = false;
  const char *piped_tests = NULL;
  while (s < n) {
    /* `for x in a b; do`: the list is not a command */
    if (strcmp(w[s], "for") == 0 || strcmp(w[s], "case") == 0) {
      while (s < n && strcmp(w[s], ";") != 0 && strcmp(w[s], "do") != 0 &&
             strcmp(w[s], "in") != 0)
        s++;
      if (s < n && strcmp(w[s], "in") == 0)
        while (s < n && strcmp(w[s], ";") != 0 && strcmp(w[s], "do") != 0)
          s++;
      if (s < n && strcmp(w[s], ";") == 0)
        s++;
      continue;
    }
    size_t e = s;
    while (e < n && !is_sep(w[e]))
      e++;
    /* redirections are not arguments */
    const char *words[512];
    size_t m = 0;
    for (size_t k = s; k < e && m < 512; k++) {
      bool target;
      if (rc_shell_redirect(w[k], &target)) {
        k += target;
        continue;
      }
      if (isdigit((unsigned char)w[k][0]) && w[k][1] == '\0' && k + 1 < e &&
          (w[k + 1][0] == '>' || w[k + 1][0] == '<'))
        continue;
      words[m++] = w[k];
    }
    bool masked = e < n && strcmp(w[e], "||") == 0 && pl_swallows(w, n, e + 1);
    const char *prog = m ? rc_path_base(words[0]) : "";
    if (piped_download &&
        (strcmp(prog, "bash") == 0 || strcmp(prog, "sh") == 0))
      c->s->remote = true;
    if (piped_tests && runs_input(words, m)) {
      /* `ls tests/<glob>.sh | parallel`: every script of the test folder */
      struct ctx here = *c;
      here.cwd = *cwd;
      long id = pl_add_cmd(
          &here, pl_join_words(c->s->a, w + piped_from, e - piped_from), path,
          line);
      pl_cmd_gates(&here, id, RC_GATE_TESTS,
                   rc_arena_printf(c->s->a, "the scripts of %s", piped_tests));
    } else {
      pl_run_simple(c, words, m, path, line, cwd, masked);
    }
    bool piped = e < n && strcmp(w[e], "|") == 0;
    piped_download =
        piped && (strcmp(prog, "curl") == 0 || strcmp(prog, "wget") == 0);
    piped_tests = piped ? listed_tests(words, m) : NULL;
    piped_from = s;
    s = e + 1;
  }
}

/* $NAME and ${NAME} of the variables the step's scripts set, so that
 * `$dc build` is the `docker compose build` it runs. */
static const char *shell_subst(struct rc_pipeline_scan *s, struct rc_arena *tmp,
                               const char *text)
{
  if (!s->sh.n || !strchr(text, '$'))
    return text;
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *p = text; *p;) {
    bool braced = p[0] == '$' && p[1] == '{';
    const char *name = p + (braced ? 2 : 1);
    size_t n = 0;
    while (p[0] == '$' && (isalnum((unsigned char)name[n]) || name[n] == '_'))
      n++;
    const char *val = NULL;
    if (n && n < 128 && (!braced || name[n] == '}')) {
      char key[128];
      memcpy(key, name, n);
      key[n] = '\0';
      val = rc_vars_get(&s->sh, key);
    }
    if (val) {
      rc_buf_puts(&b, val);
      p = name + n + (braced ? 1 : 0);
    } else {
      rc_buf_putc(&b, *p++);
    }
  }
  const char *out = rc_arena_strdup(tmp, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

/* NAME=value words (after export/local/declare): recorded; true when the
 * command is nothing but assignments. */
bool pl_shell_assign(struct rc_pipeline_scan *s, const char **w, size_t n)
{
  size_t i = 0;
  if (n && (strcmp(w[0], "export") == 0 || strcmp(w[0], "local") == 0 ||
            strcmp(w[0], "declare") == 0 || strcmp(w[0], "readonly") == 0))
    i = 1;
  if (i >= n)
    return false;
  for (size_t k = i; k < n; k++) {
    const char *eq = strchr(w[k], '=');
    if (!eq || eq == w[k] ||
        (!isalpha((unsigned char)w[k][0]) && w[k][0] != '_'))
      return i == 1 && k > i; /* `export FOO` names, no values */
    for (const char *q = w[k]; q < eq; q++)
      if (!isalnum((unsigned char)*q) && *q != '_')
        return false;
  }
  for (size_t k = i; k < n && s->sh.n < MAX_SH_VARS; k++) {
    const char *eq = strchr(w[k], '=');
    char name[128];
    size_t len = (size_t)(eq - w[k]);
    if (len >= sizeof(name) || strlen(eq + 1) > MAX_SH_VALUE)
      continue;
    memcpy(name, w[k], len);
    name[len] = '\0';
    rc_vars_set(&s->sh, name, eq + 1);
  }
  return true;
}

/* A heredoc's terminator on this line (`<<EOF`, `<<-'EOF'`), or NULL. */
static const char *heredoc(struct rc_arena *a, const char *line)
{
  const char *p = strstr(line, "<<");
  if (!p || p[2] == '<')
    return NULL;
  p += 2;
  if (*p == '-' || *p == '~')
    p++;
  while (*p == ' ')
    p++;
  if (*p == '\'' || *p == '"')
    p++;
  size_t n = 0;
  while (isalnum((unsigned char)p[n]) || p[n] == '_')
    n++;
  return n ? rc_arena_strndup(a, p, n) : NULL;
}

/* `test -z "$(gofmt -l .)"`: what a substitution runs is run by the
 * line too, and fails it as the test around it says. */
static void run_substitutions(struct ctx *c, struct rc_arena *tmp,
                              const char *line, const char *path, unsigned at)
{
  const char **subs;
  size_t n = rc_shell_substitutions(tmp, line, &subs);
  for (size_t i = 0; i < n; i++)
    pl_run_text(c, subs[i], path, at, LINES_FIXED, false);
}

void pl_run_text(struct ctx *c, const char *text, const char *path,
                 unsigned line, enum lines mode, bool cd_persists)
{
  if (!text || c->s->p->n_cmds >= MAX_CMDS)
    return;
  struct rc_arena *tmp = rc_arena_new();
  struct rc_buf cur;
  rc_buf_init(&cur);
  const char *cwd = c->cwd;
  const char *until = NULL;
  unsigned off = 0, start = 0;
  for (const char *p = text; *p || cur.len;) {
    size_t n = strcspn(p, "\n");
    size_t len = n;
    while (len && p[len - 1] == '\r')
      len--;
    if (!cur.len)
      start = off;
    bool cont = rc_shell_line_continues(p, len);
    if (until) {
      const char *q = p;
      while (*q == ' ' || *q == '\t')
        q++;
      if (strncmp(q, until, strlen(until)) == 0 &&
          (q[strlen(until)] == '\0' || q[strlen(until)] == '\n' ||
           q[strlen(until)] == '\r'))
        until = NULL;
    } else {
      rc_buf_add(&cur, p, cont ? len - 1 : len);
      if (!cont || !p[n]) {
        const char **w;
        size_t nw = rc_shell_words(tmp, shell_subst(c->s, tmp, cur.data), &w);
        unsigned at = mode == LINES_LITERAL ? line + start : line;
        until = heredoc(tmp, cur.data);
        const char *line_cwd = cwd;
        pl_run_words(c, w, nw, path, at, cd_persists ? &cwd : &line_cwd);
        run_substitutions(c, tmp, cur.data, path, at);
        rc_buf_reset(&cur);
      } else {
        rc_buf_putc(&cur, ' ');
      }
    }
    p += n;
    if (*p == '\n')
      p++;
    off++;
    if (!*p && !cur.len)
      break;
  }
  rc_buf_release(&cur);
  rc_arena_free(tmp);
}
