/*
 * pipeline_make.c - Makefiles and justfiles: targets, recipes, variables
 * and includes, and `make TARGET` followed into the recipe it runs.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/pipeline.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/vars.h"

#include "pipeline_scan.h"

/* ---- Makefiles and justfiles --------------------------------------------- */

static struct mk_target *mk_target(struct makefile *m, const char *name,
                                   struct rc_arena *a, unsigned line)
{
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->t[i]->name, name) == 0)
      return m->t[i];
  rc_grow((void **)&m->t, &m->cap, m->n, sizeof(*m->t));
  struct mk_target *t = rc_xcalloc(1, sizeof(*t));
  m->t[m->n++] = t;
  t->name = rc_arena_strdup(a, name);
  t->line = line;
  return t;
}

static void mk_recipe(struct mk_target *t, const char *text, unsigned line,
                      struct rc_arena *a)
{
  rc_grow((void **)&t->recipe, &t->cap_recipe, t->n_recipe, sizeof(*t->recipe));
  t->recipe[t->n_recipe++] = (struct mk_line){rc_arena_strdup(a, text), line};
}

/* NAME = value, NAME := value, NAME ?= value, NAME += value. */
static bool mk_assignment(struct makefile *m, char *line)
{
  char *p = line;
  if (strncmp(p, "export ", 7) == 0)
    p += 7;
  if (strncmp(p, "override ", 9) == 0)
    p += 9;
  size_t n = 0;
  while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.' ||
         p[n] == '-')
    n++;
  if (!n)
    return false;
  char *q = p + n;
  while (*q == ' ' || *q == '\t')
    q++;
  bool append = false;
  if ((q[0] == ':' || q[0] == '?' || q[0] == '!') && q[1] == '=')
    q += 2;
  else if (q[0] == ':' && q[1] == ':' && q[2] == '=')
    q += 3;
  else if (q[0] == '+' && q[1] == '=')
    q += 2, append = true;
  else if (q[0] == '=')
    q++;
  else
    return false;
  while (*q == ' ' || *q == '\t')
    q++;
  char name[128];
  if (n >= sizeof(name))
    return true;
  memcpy(name, p, n);
  name[n] = '\0';
  const char *old = rc_vars_get(&m->vars, name);
  if (append && old) {
    char *v = rc_xmalloc(strlen(old) + strlen(q) + 2);
    strcpy(v, old);
    strcat(v, " ");
    strcat(v, q);
    rc_vars_set(&m->vars, name, v);
    free(v);
  } else if (!(q[-1] == '=' && q[-2] == '?' && old)) {
    rc_vars_set(&m->vars, name, q);
  }
  return true;
}

static void mk_parse(struct rc_pipeline_scan *s, struct makefile *m,
                     const char *path, unsigned depth);

static void mk_include(struct rc_pipeline_scan *s, struct makefile *m,
                       const char *rest, unsigned depth)
{
  char *copy = rc_xstrdup(rest);
  for (char *save = NULL, *tok = strtok_r(copy, " \t", &save); tok;
       tok = strtok_r(NULL, " \t", &save)) {
    if (strchr(tok, '$') || strchr(tok, '*'))
      continue;
    const char *p = rc_path_join(s->a, m->dir, tok);
    if (p && depth < 4)
      mk_parse(s, m, p, depth + 1);
  }
  free(copy);
}

/* The rule line `a b: c d ; recipe`: targets and prerequisites. */
static const char *mk_expand(struct rc_pipeline_scan *s,
                             const struct makefile *m, const char *target,
                             const char *text, unsigned depth);

static void mk_rule(struct rc_pipeline_scan *s, struct makefile *m, char *line,
                    unsigned lineno, struct mk_target **cur, size_t *n_cur)
{
  char *colon = strchr(line, ':');
  *colon = '\0';
  char *rest = colon + 1;
  if (*rest == ':')
    rest++;
  char *inline_recipe = strchr(rest, ';');
  if (inline_recipe)
    *inline_recipe++ = '\0';
  if (strchr(rest, '=')) { /* target-specific variable */
    *n_cur = 0;
    return;
  }
  /* Make expands a rule's targets and prerequisites as it reads them:
   * `$(BIN): main.go` and `dist: $(BIN) $(FRONTEND_DIST)` name targets
   * through the variables set above */
  if (!m->just && strchr(rest, '$'))
    rest = rc_arena_strdup(s->a, mk_expand(s, m, "", rest, 0));
  if (!m->just && strchr(line, '$'))
    line = rc_arena_strdup(s->a, mk_expand(s, m, "", line, 0));
  const char *pre[64];
  size_t np = 0;
  for (char *save = NULL, *tok = strtok_r(rest, " \t|", &save); tok && np < 64;
       tok = strtok_r(NULL, " \t|", &save))
    if (!strchr(tok, '$') && !strchr(tok, '%'))
      pre[np++] = rc_arena_strdup(s->a, tok);
  *n_cur = 0;
  for (char *save = NULL, *tok = strtok_r(line, " \t", &save);
       tok && *n_cur < 16; tok = strtok_r(NULL, " \t", &save)) {
    if (tok[0] == '.' || strchr(tok, '%') || strchr(tok, '$'))
      continue;
    /* justfile parameters: `test *args:` */
    if (m->just && *n_cur)
      break;
    struct mk_target *t = mk_target(m, tok, s->a, lineno);
    if (!t->n_pre && np) {
      t->pre = rc_arena_alloc(s->a, np * sizeof(*t->pre));
      memcpy(t->pre, pre, np * sizeof(*pre));
      t->n_pre = np;
    }
    cur[(*n_cur)++] = t;
  }
  if (inline_recipe)
    for (size_t i = 0; i < *n_cur; i++)
      mk_recipe(cur[i], inline_recipe, lineno, s->a);
}

static void mk_parse(struct rc_pipeline_scan *s, struct makefile *m,
                     const char *path, unsigned depth)
{
  size_t len;
  const char *data = pl_repo_file(s, path, &len);
  if (!data)
    return;
  struct mk_target *cur[16];
  size_t n_cur = 0;
  bool in_define = false;
  struct rc_buf b;
  rc_buf_init(&b);
  unsigned lineno = 0, start = 0;
  for (size_t i = 0; i <= len;) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    lineno++;
    size_t n = e - i;
    while (n && (data[i + n - 1] == '\r'))
      n--;
    if (!b.len)
      start = lineno;
    bool cont = n && data[i + n - 1] == '\\';
    rc_buf_add(&b, data + i, cont ? n - 1 : n);
    i = e + 1;
    if (cont && i <= len) {
      rc_buf_putc(&b, ' ');
      continue;
    }
    char *line = b.data ? b.data : "";
    bool recipe = line[0] == '\t' || (m->just && (line[0] == ' '));
    if (in_define) {
      if (strncmp(line, "endef", 5) == 0)
        in_define = false;
    } else if (recipe) {
      const char *r = line;
      while (*r == ' ' || *r == '\t')
        r++;
      if (*r && *r != '#')
        for (size_t k = 0; k < n_cur; k++)
          mk_recipe(cur[k], r, start, s->a);
    } else {
      char *l = line;
      while (*l == ' ')
        l++;
      if (!*l || *l == '#') {
        /* blank lines and comments keep the current rule */
      } else if (strncmp(l, "define ", 7) == 0) {
        in_define = true;
        n_cur = 0;
      } else if (strncmp(l, "include ", 8) == 0 ||
                 strncmp(l, "-include ", 9) == 0 ||
                 strncmp(l, "sinclude ", 9) == 0) {
        mk_include(s, m, strchr(l, ' ') + 1, depth);
        n_cur = 0;
      } else if (strncmp(l, "ifeq", 4) == 0 || strncmp(l, "ifneq", 5) == 0 ||
                 strncmp(l, "ifdef", 5) == 0 || strncmp(l, "ifndef", 6) == 0 ||
                 strncmp(l, "else", 4) == 0 || strncmp(l, "endif", 5) == 0) {
        /* every branch counts */
      } else if (!m->just && mk_assignment(m, l)) {
        n_cur = 0;
      } else if (m->just &&
                 (strncmp(l, "set ", 4) == 0 || strncmp(l, "alias ", 6) == 0 ||
                  strncmp(l, "import ", 7) == 0 || strstr(l, ":=") != NULL)) {
        n_cur = 0;
      } else if (strchr(l, ':') && !strstr(l, ":=")) {
        while (*l == '@') /* justfile quiet recipes */
          l++;
        mk_rule(s, m, l, start, cur, &n_cur);
      } else {
        n_cur = 0;
      }
    }
    rc_buf_reset(&b);
  }
  rc_buf_release(&b);
}

/* An absolute path no file of the repository has, as a command run in a
 * container names it (`docker run -v $(pwd):/src img make -f
 * /src/ci/check.mk`): the checkout is mounted somewhere, so the longest
 * tail of the path that is a file of the repository (ci/check.mk) is the
 * file meant. NULL when no tail is. */
static const char *mounted_file(struct rc_pipeline_scan *s, const char *abs)
{
  for (const char *p = strchr(abs + 1, '/'); p; p = strchr(p + 1, '/')) {
    const char *tail = rc_path_join(s->a, "", p + 1);
    if (tail && *tail && rc_index_find(s->idx, tail))
      return tail;
  }
  return NULL;
}

static struct makefile *makefile_at(struct rc_pipeline_scan *s, const char *dir,
                                    const char *file, bool just)
{
  static const char *const make_names[] = {"GNUmakefile", "makefile",
                                           "Makefile", NULL};
  static const char *const just_names[] = {"justfile", "Justfile", ".justfile",
                                           NULL};
  const char *path = NULL;
  if (file) {
    path = rc_path_join(s->a, dir, file);
    if (file[0] == '/' && (!path || !rc_index_find(s->idx, path)))
      path = mounted_file(s, file);
  } else {
    const char *const *names = just ? just_names : make_names;
    for (size_t i = 0; names[i] && !path; i++) {
      const char *p = rc_path_join(s->a, dir, names[i]);
      if (p && rc_index_find(s->idx, p))
        path = p;
    }
  }
  if (!path || !rc_index_find(s->idx, path))
    return NULL;
  for (size_t i = 0; i < s->n_makes; i++)
    if (strcmp(s->makes[i]->path, path) == 0)
      return s->makes[i];
  rc_grow((void **)&s->makes, &s->cap_makes, s->n_makes, sizeof(*s->makes));
  struct makefile *m = rc_xcalloc(1, sizeof(*m));
  s->makes[s->n_makes++] = m;
  m->path = path;
  m->dir = rc_path_dir(s->a, path);
  m->just = just;
  rc_vars_init(&m->vars);
  mk_parse(s, m, path, 0);
  return m;
}

/* `$(shell command -v bash 2>/dev/null)`, `$(shell which go)`: the tool
 * a Makefile locates is the tool it runs. Appends its name to b and
 * moves *next past the call; false when p is no such call. */
static bool located_tool(const char *p, struct rc_buf *b, const char **next)
{
  static const char *const calls[] = {"$(shell command -v ", "$(shell which ",
                                      NULL};
  for (size_t i = 0; calls[i]; i++) {
    size_t n = strlen(calls[i]);
    if (strncmp(p, calls[i], n) != 0)
      continue;
    const char *name = p + n;
    size_t len = strcspn(name, " )");
    const char *close = strchr(name, ')');
    if (!len || !close)
      return false;
    rc_buf_add(b, name, len);
    *next = close + 1;
    return true;
  }
  return false;
}

/* $(VAR), ${VAR}, $(MAKE), $$ and $@ of a recipe line. */
static const char *mk_expand(struct rc_pipeline_scan *s,
                             const struct makefile *m, const char *target,
                             const char *text, unsigned depth)
{
  if (m->just || !strchr(text, '$'))
    return text;
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *p = text; *p;) {
    if (p[0] == '$' && p[1] == '$') {
      rc_buf_putc(&b, '$');
      p += 2;
    } else if (p[0] == '$' && p[1] == '@') {
      rc_buf_puts(&b, target);
      p += 2;
    } else if (located_tool(p, &b, &p)) {
      continue;
    } else if (p[0] == '$' && (p[1] == '(' || p[1] == '{')) {
      char close = p[1] == '(' ? ')' : '}';
      const char *e = strchr(p + 2, close);
      size_t n = e ? (size_t)(e - p - 2) : 0;
      char name[128];
      if (!e || n == 0 || n >= sizeof(name) || memchr(p + 2, ' ', n)) {
        rc_buf_putc(&b, *p++);
        continue;
      }
      memcpy(name, p + 2, n);
      name[n] = '\0';
      const char *v = rc_vars_get(&m->vars, name);
      if (strcmp(name, "MAKE") == 0)
        rc_buf_puts(&b, "make");
      else if (v && depth < 6)
        rc_buf_puts(&b, mk_expand(s, m, target, v, depth + 1));
      else
        rc_buf_printf(&b, "${%s}", name);
      p = e + 1;
    } else {
      rc_buf_putc(&b, *p++);
    }
  }
  const char *out = rc_arena_strdup(s->a, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

static bool mk_has(const struct makefile *m, const char *name)
{
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->t[i]->name, name) == 0)
      return true;
  return false;
}

static void mk_run(struct ctx *c, struct makefile *m, const char *name,
                   long parent)
{
  const struct mk_target *t = NULL;
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->t[i]->name, name) == 0)
      t = m->t[i];
  if (!t || c->depth >= MAX_DEPTH)
    return;
  const char *key = rc_arena_printf(c->s->a, "mk:%s:%s", m->path, name);
  if (pl_on_stack(c->stack, key))
    return;
  struct frame f = {NULL, key};
  const char *via =
      rc_arena_printf(c->s->a, "%s %s", m->just ? "just" : "make", name);
  struct ctx k = pl_child(c, parent, via, &f);
  k.cwd = m->dir;
  for (size_t i = 0; i < t->n_pre; i++)
    mk_run(&k, m, t->pre[i], parent);
  for (size_t i = 0; i < t->n_recipe; i++) {
    const char *text = t->recipe[i].text;
    while (*text == '@' || *text == '-' || *text == '+')
      text++;
    pl_run_text(&k, mk_expand(c->s, m, name, text, 0), m->path,
                t->recipe[i].line, LINES_FIXED, false);
  }
}

bool pl_make_tool(const char *w)
{
  const char *b = rc_path_base(w);
  return strcmp(b, "make") == 0 || strcmp(b, "gmake") == 0 ||
         strcmp(w, "${MAKE}") == 0 || strcmp(w, "$(MAKE)") == 0;
}

/* make [-C dir] [-f file] [targets]: true when a Makefile was found. */
bool pl_run_make(struct ctx *c, const char *const *w, size_t n, long cmd,
                 bool just)
{
  const char *dir = c->cwd, *file = NULL;
  const char *targets[16];
  size_t nt = 0;
  for (size_t i = 1; i < n && !pl_is_op(w[i]); i++) {
    if ((strcmp(w[i], "-C") == 0 || strcmp(w[i], "--directory") == 0 ||
         strcmp(w[i], "-d") == 0 || strcmp(w[i], "--working-directory") == 0) &&
        i + 1 < n) {
      const char *d = rc_path_join(c->s->a, c->cwd, w[++i]);
      dir = d ? d : dir;
    } else if (strncmp(w[i], "--directory=", 12) == 0) {
      const char *d = rc_path_join(c->s->a, c->cwd, w[i] + 12);
      dir = d ? d : dir;
    } else if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0 ||
                strcmp(w[i], "--justfile") == 0) &&
               i + 1 < n) {
      file = w[++i];
    } else if (strcmp(w[i], "-j") == 0 || strcmp(w[i], "-l") == 0 ||
               strcmp(w[i], "-o") == 0) {
      if (i + 1 < n && isdigit((unsigned char)w[i + 1][0]))
        i++;
    } else if (w[i][0] == '-' || strchr(w[i], '=')) {
      continue;
    } else if (nt < 16) {
      targets[nt++] = w[i];
      if (just)
        break; /* the rest are the recipe's arguments */
    }
  }
  struct makefile *m = makefile_at(c->s, dir, file, just);
  if (!m)
    return false;
  if (!nt) {
    for (size_t i = 0; i < m->n && !nt; i++)
      if (m->t[i]->name[0] != '.' && !strchr(m->t[i]->name, '%'))
        targets[nt++] = m->t[i]->name;
  }
  for (size_t i = 0; i < nt; i++) {
    struct rc_gate_hit h;
    rc_gate_of_name(targets[i], &h);
    if (!h.gates && strcmp(targets[i], "check") == 0 && !mk_has(m, "check"))
      h.gates = RC_GATE_TESTS, h.tool = "make check";
    pl_cmd_gates(
        c, cmd, h.gates,
        rc_arena_printf(c->s->a, "%s %s", just ? "just" : "make", targets[i]));
    mk_run(c, m, targets[i], cmd);
  }
  return true;
}
