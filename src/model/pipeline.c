/*
 * pipeline.c - CI files read as pipelines: jobs and steps as structure
 * (name, if, uses, with, continue-on-error), and what each step runs,
 * followed through the Makefile targets, package.json and composer.json
 * scripts, repository scripts, composite actions and matrix values it
 * names, so that `make test` counts as the `go test` it runs and a
 * `continue-on-error` on a Codecov upload is seen for what it is. Every
 * command keeps the file and line it is written on.
 *
 * Shell is read one logical line at a time with entry.c's tokenizer;
 * control keywords and wrappers are skipped (gate.c), heredoc bodies are
 * not commands. Recursion, files and commands are bounded.
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/matrix.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"
#include "readycheck/vars.h"

enum {
  MAX_CMDS = 40000,       /* commands kept per repository */
  MAX_DEPTH = 8,          /* calls followed from a step */
  MAX_SCRIPT = 256 << 10, /* bytes of a script or Makefile read */
  MAX_TEXT = 200,         /* bytes of a command's text kept */
  MAX_VARIANTS = 16,      /* distinct texts of a step over its matrix rows */
  MAX_ROWS = 32,          /* matrix rows of a job made */
  MAX_PACKAGES = 64,      /* package.json files a workspace run reaches */
  MAX_INCLUDES = 32,      /* GitLab include: files per pipeline */
};

/* ---- small helpers ------------------------------------------------------ */

static bool ends_with(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static bool is_yaml(const char *name)
{
  return ends_with(name, ".yml") || ends_with(name, ".yaml");
}

bool rc_pipeline_is_ci_name(const char *name)
{
  static const char *const files[] = {".gitlab-ci.yml",
                                      "Jenkinsfile",
                                      "azure-pipelines.yml",
                                      "bitbucket-pipelines.yml",
                                      ".drone.yml",
                                      ".woodpecker.yml",
                                      "cloudbuild.yaml",
                                      "cloudbuild.yml",
                                      ".travis.yml",
                                      "buildspec.yml",
                                      NULL};
  for (size_t i = 0; files[i]; i++)
    if (strcmp(name, files[i]) == 0)
      return true;
  return false;
}

/* Cloud Build runs the configuration a trigger names by path, so a
 * repository with several triggers keeps them beside each other: a
 * `cloudbuild` folder (at the root or in .github/) or `cloudbuild-pr.yaml`
 * at the root. */
static bool cloud_build(const char *path, const char *name)
{
  static const char *const folders[] = {"cloudbuild/", ".cloudbuild/",
                                        ".github/cloudbuild/", NULL};
  if (!is_yaml(name))
    return false;
  if (name == path)
    return strncmp(name, "cloudbuild", 10) == 0 && strchr("-_.", name[10]);
  for (size_t i = 0; folders[i]; i++) {
    size_t n = strlen(folders[i]);
    if (strncmp(path, folders[i], n) == 0 && name == path + n)
      return true;
  }
  return false;
}

/* A Jenkins pipeline under another name than Jenkinsfile, at the root or
 * in a CI folder: `Jenkinsfile.release`, `Jenkinsfile-ci`,
 * `build.jenkinsfile`, `jenkins.groovy` (a job's Script Path can name any
 * file). */
static bool jenkins_file(const char *path, const char *name)
{
  static const char *const folders[] = {".ci/", "ci/", "jenkins/", ".jenkins/",
                                        NULL};
  bool placed = name == path;
  for (size_t i = 0; folders[i] && !placed; i++) {
    size_t n = strlen(folders[i]);
    placed = strncmp(path, folders[i], n) == 0 && name == path + n;
  }
  if (!placed)
    return false;
  return (strncmp(name, "Jenkinsfile", 11) == 0 &&
          (!name[11] || strchr(".-_", name[11]))) ||
         ends_with(name, ".jenkinsfile") ||
         (strncasecmp(name, "jenkins", 7) == 0 && ends_with(name, ".groovy"));
}

bool rc_pipeline_is_ci(const char *path)
{
  const char *name = rc_path_base(path);
  if (jenkins_file(path, name))
    return true;
  /* a named CI file counts at the root only: elsewhere (a vendored
   * library's .travis.yml) nothing runs it */
  if (name == path && rc_pipeline_is_ci_name(name))
    return true;
  return (strncmp(path, ".github/workflows/", 18) == 0 && is_yaml(name)) ||
         cloud_build(path, name) || strcmp(path, ".circleci/config.yml") == 0 ||
         (strncmp(path, ".woodpecker/", 12) == 0 && is_yaml(name)) ||
         (strncmp(path, ".gitlab/", 8) == 0 && is_yaml(name)) ||
         rc_pipeline_is_buildkite(path);
}

bool rc_pipeline_is_buildkite(const char *path)
{
  const char *name = rc_path_base(path);
  return strncmp(path, ".buildkite/", 11) == 0 && name == path + 11 &&
         strncmp(name, "pipeline", 8) == 0 && is_yaml(name);
}

static const cJSON *get(const cJSON *o, const char *key)
{
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

static const char *str(const cJSON *o, const char *key)
{
  const cJSON *v = get(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool is_true(const cJSON *v)
{
  return cJSON_IsTrue(v) ||
         (cJSON_IsString(v) && strcasecmp(v->valuestring, "true") == 0);
}

/* ---- the scan's state --------------------------------------------------- */

struct mk_line {
  const char *text;
  unsigned line;
};

struct mk_target {
  const char *name;
  unsigned line;
  const char **pre;
  size_t n_pre;
  struct mk_line *recipe;
  size_t n_recipe, cap_recipe;
};

/* A Makefile or justfile, parsed once. */
struct makefile {
  const char *path;
  const char *dir;
  bool just;
  struct mk_target **t; /* each its own allocation */
  size_t n, cap;
  struct rc_vars vars;
};

/* A package.json or composer.json, parsed once. */
struct manifest {
  const char *path;
  const char *dir;
  const char *data;
  struct rc_docs docs;
  bool ok;
};

/* A local reusable workflow called by a job of another workflow. */
struct call {
  const char *caller;
  const char *callee;
  bool gating; /* the caller's own triggers gate */
};

/* A GitHub workflow, by its `name:`: whether its own triggers gate, and
 * the workflows (by name) whose completion triggers it (`on:
 * workflow_run:`). */
struct workflow {
  const char *path, *name;
  bool gating;
  const char **after; /* upstream workflow names */
  size_t n_after;
};

struct rc_pipeline_scan {
  struct rc_pipeline *p;
  struct rc_index *idx;
  struct rc_arena *a;
  struct makefile **makes; /* each its own allocation: callers keep them */
  size_t n_makes, cap_makes;
  struct manifest **mans;
  size_t n_mans, cap_mans;
  struct call *calls;
  size_t n_calls, cap_calls;
  struct workflow *wfs;
  size_t n_wfs, cap_wfs;
  const char *checkout; /* where the job checked this repository out
                           (`actions/checkout` `with: path:`), or NULL */
  const char **read;    /* GitLab files read through include: */
  size_t n_read, cap_read;
  int java_lint;      /* -1 not looked yet; a pom/gradle file configures a
                         linter plugin */
  bool remote;        /* the step being read pipes a downloaded script into a
                         shell (curl ... | bash): what it runs is not here */
  struct rc_vars sh;  /* shell variables the step's scripts set
                         (dc="docker compose", then `$dc build`) */
  unsigned buildkite; /* reading a Buildkite pipeline: its nesting depth
                         through `buildkite-agent pipeline upload` (1 the
                         file itself) */
};

/* A folder of the runner's workspace as a folder of the repository: the
 * job may have checked the repository out below the workspace
 * (`path: src/github.com/acme/app`), and `cd` there is its root. */
static const char *in_checkout(const struct rc_pipeline_scan *s, const char *d)
{
  size_t n = s->checkout ? strlen(s->checkout) : 0;
  if (!d || !n || strncmp(d, s->checkout, n) != 0)
    return d;
  return d[n] == '\0' ? "" : d[n] == '/' ? d + n + 1 : d;
}

/* A copy that outlives the parsed document. */
static const char *keep(struct rc_pipeline_scan *s, const char *v)
{
  return v ? rc_arena_strdup(s->a, v) : NULL;
}

/* Where commands go while one step is read. */
struct frame {
  const struct frame *up;
  const char *key; /* what this frame runs ("make:Makefile:test") */
};

/* A GitHub job's matrix as the rows GitHub runs (matrix.h). */
struct job_rows {
  const cJSON *rows[MAX_ROWS];
  size_t n;
};

struct ctx {
  struct rc_pipeline_scan *s;
  const char *cwd;
  long parent; /* command index, -1 the step */
  const char *via;
  unsigned depth;
  const struct frame *stack;
  const struct job_rows *rows; /* the job's matrix rows, or NULL */
  const cJSON *row;            /* the row being read, or NULL */
  const struct job_rows *ins;  /* a called workflow's callers' `with:` */
  const cJSON *in;             /* the `with:` being read, or NULL */
  unsigned drop;               /* gates its commands do not count for */
};

static void add_error(struct rc_pipeline_scan *s, const char *path,
                      const char *msg)
{
  struct rc_pipeline *p = s->p;
  rc_grow((void **)&p->errors, &p->cap_errors, p->n_errors, sizeof(*p->errors));
  p->errors[p->n_errors++] = (struct rc_ci_error){rc_arena_strdup(s->a, path),
                                                  rc_arena_strdup(s->a, msg)};
}

static bool on_stack(const struct frame *f, const char *key)
{
  for (; f; f = f->up)
    if (strcmp(f->key, key) == 0)
      return true;
  return false;
}

/* A repository file's bytes, or NULL. */
static const char *repo_file(struct rc_pipeline_scan *s, const char *path,
                             size_t *len)
{
  if (!path)
    return NULL;
  const struct rc_entry *e = rc_index_find(s->idx, path);
  if (e && e->kind == RC_ENTRY_SYMLINK)
    e = rc_index_link_target(s->idx, path);
  if (!e || e->kind != RC_ENTRY_FILE || rc_entry_size(s->idx, e) > MAX_SCRIPT)
    return NULL;
  const char *data;
  char err[128];
  if (rc_index_read(s->idx, e, &data, len, err, sizeof(err)) != 0 ||
      rc_index_is_binary(data, *len))
    return NULL;
  return data;
}

/* ---- commands ----------------------------------------------------------- */

static long add_cmd(struct ctx *c, const char *text, const char *path,
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

static void cmd_gates(struct ctx *c, long i, unsigned gates, const char *tool)
{
  gates &= ~c->drop;
  if (i < 0 || !gates)
    return;
  struct rc_ci_cmd *cmd = &c->s->p->cmds[i];
  cmd->gates |= gates;
  if (!cmd->tool)
    cmd->tool = rc_arena_strdup(c->s->a, tool ? tool : "");
}

static const char *join_words(struct rc_arena *a, const char *const *w,
                              size_t n)
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

static bool is_op(const char *w)
{
  return w[0] == ';' || w[0] == '|' || w[0] == '&' || w[0] == '<' ||
         w[0] == '>';
}

static bool is_sep(const char *w)
{
  return strcmp(w, ";") == 0 || strcmp(w, "&&") == 0 || strcmp(w, "||") == 0 ||
         strcmp(w, "|") == 0 || strcmp(w, "&") == 0;
}

enum lines { LINES_LITERAL, LINES_FIXED };

static void run_text(struct ctx *c, const char *text, const char *path,
                     unsigned line, enum lines mode, bool cd_persists);
static void run_words(struct ctx *c, const char **w, size_t n, const char *path,
                      unsigned line, const char **cwd);

/* A child context: commands it records are run by command `parent`. */
static struct ctx child(const struct ctx *c, long parent, const char *via,
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
  const char *data = repo_file(s, path, &len);
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
  if (on_stack(c->stack, key))
    return;
  struct frame f = {NULL, key};
  const char *via =
      rc_arena_printf(c->s->a, "%s %s", m->just ? "just" : "make", name);
  struct ctx k = child(c, parent, via, &f);
  k.cwd = m->dir;
  for (size_t i = 0; i < t->n_pre; i++)
    mk_run(&k, m, t->pre[i], parent);
  for (size_t i = 0; i < t->n_recipe; i++) {
    const char *text = t->recipe[i].text;
    while (*text == '@' || *text == '-' || *text == '+')
      text++;
    run_text(&k, mk_expand(c->s, m, name, text, 0), m->path, t->recipe[i].line,
             LINES_FIXED, false);
  }
}

static bool make_tool(const char *w)
{
  const char *b = rc_path_base(w);
  return strcmp(b, "make") == 0 || strcmp(b, "gmake") == 0 ||
         strcmp(w, "${MAKE}") == 0 || strcmp(w, "$(MAKE)") == 0;
}

/* make [-C dir] [-f file] [targets]: true when a Makefile was found. */
static bool run_make(struct ctx *c, const char *const *w, size_t n, long cmd,
                     bool just)
{
  const char *dir = c->cwd, *file = NULL;
  const char *targets[16];
  size_t nt = 0;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
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
    cmd_gates(
        c, cmd, h.gates,
        rc_arena_printf(c->s->a, "%s %s", just ? "just" : "make", targets[i]));
    mk_run(c, m, targets[i], cmd);
  }
  return true;
}

/* ---- package.json and composer.json scripts ------------------------------ */

static struct manifest *manifest_at(struct rc_pipeline_scan *s,
                                    const char *path)
{
  if (!path)
    return NULL;
  for (size_t i = 0; i < s->n_mans; i++)
    if (strcmp(s->mans[i]->path, path) == 0)
      return s->mans[i]->ok ? s->mans[i] : NULL;
  size_t len;
  const char *data = repo_file(s, path, &len);
  rc_grow((void **)&s->mans, &s->cap_mans, s->n_mans, sizeof(*s->mans));
  struct manifest *m = rc_xcalloc(1, sizeof(*m));
  s->mans[s->n_mans++] = m;
  m->path = rc_arena_strdup(s->a, path);
  m->dir = rc_path_dir(s->a, path);
  m->data = data;
  char err[128];
  m->ok = data &&
          rc_doc_cache_parse(rc_index_docs(s->idx), &m->docs, data, len, path,
                             RC_DOC_JSON, err, sizeof(err)) == 0 &&
          m->docs.n == 1;
  return m->ok ? m : NULL;
}

static const cJSON *scripts_of(const struct manifest *m)
{
  return get(m->docs.docs[0], "scripts");
}

/* The line of "key": inside the "scripts" object of a JSON manifest. */
static unsigned script_line(const struct manifest *m, const char *key)
{
  const char *p = strstr(m->data, "\"scripts\"");
  if (!p)
    return 1;
  size_t kn = strlen(key);
  for (const char *q = p + 9; (q = strchr(q, '"')) != NULL; q++) {
    if (strncmp(q + 1, key, kn) == 0 && q[1 + kn] == '"') {
      const char *r = q + 2 + kn;
      while (*r == ' ' || *r == '\t')
        r++;
      if (*r == ':') {
        unsigned line = 1;
        for (const char *t = m->data; t < q; t++)
          line += *t == '\n';
        return line;
      }
    }
  }
  return 1;
}

static bool npm_placeholder(const char *text)
{
  return strstr(text, "no test specified") != NULL;
}

static void run_script(struct ctx *c, const struct manifest *m,
                       const char *name, long parent, bool composer);

/* Runs a script's text (or, for composer, each entry of its list). */
static void run_script_body(struct ctx *k, const struct manifest *m,
                            const cJSON *v, const char *name, long parent,
                            bool composer)
{
  unsigned line = script_line(m, name);
  if (cJSON_IsString(v)) {
    const char *t = v->valuestring;
    if (composer && t[0] == '@') {
      if (strncmp(t, "@php ", 5) == 0 || strncmp(t, "@composer ", 10) == 0 ||
          strncmp(t, "@putenv ", 8) == 0) {
        run_text(k, t + 1, m->path, line, LINES_FIXED, false);
      } else {
        char sub[128];
        size_t n = strcspn(t + 1, " ");
        if (n < sizeof(sub)) {
          memcpy(sub, t + 1, n);
          sub[n] = '\0';
          run_script(k, m, sub, parent, true);
        }
      }
    } else if (!(composer && strstr(t, "::"))) {
      run_text(k, t, m->path, line, LINES_FIXED, false);
    }
  } else if (cJSON_IsArray(v)) {
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
        run_script_body(k, m, item, name, parent, composer);
  }
}

static void run_script(struct ctx *c, const struct manifest *m,
                       const char *name, long parent, bool composer)
{
  const cJSON *scripts = scripts_of(m);
  const cJSON *v = get(scripts, name);
  if (!v || c->depth >= MAX_DEPTH)
    return;
  const char *key = rc_arena_printf(c->s->a, "js:%s:%s", m->path, name);
  if (on_stack(c->stack, key))
    return;
  struct frame f = {NULL, key};
  const char *via = rc_arena_printf(
      c->s->a, "%s %s%s", composer ? "composer" : "npm run", name,
      m->dir[0] ? rc_arena_printf(c->s->a, " (%s)", m->dir) : "");
  struct ctx k = child(c, parent, via, &f);
  k.cwd = m->dir;
  if (!composer) {
    const char *pre = rc_arena_printf(c->s->a, "pre%s", name);
    if (get(scripts, pre))
      run_script_body(&k, m, get(scripts, pre), pre, parent, false);
  }
  run_script_body(&k, m, v, name, parent, composer);
}

/* The package manifests a workspace-wide run reaches (`pnpm -r`, `turbo
 * run`, `npm --workspaces`): every package.json outside node_modules. */
static size_t workspace_manifests(struct rc_pipeline_scan *s,
                                  const struct manifest **out, size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i < rc_index_count(s->idx) && n < max; i++) {
    const struct rc_entry *e = rc_index_at(s->idx, i);
    if (e->kind != RC_ENTRY_FILE || strcmp(e->name, "package.json") != 0 ||
        strstr(e->path, "node_modules/"))
      continue;
    const struct manifest *m = manifest_at(s, e->path);
    if (m && scripts_of(m))
      out[n++] = m;
  }
  return n;
}

/* A script name as a package manager runs it, against one manifest or
 * (all) every workspace. True when some manifest has it. */
static bool run_named(struct ctx *c, const char *dir, const char *name,
                      long cmd, bool all)
{
  struct rc_gate_hit h;
  rc_gate_of_name(name, &h);
  const struct manifest *ms[MAX_PACKAGES];
  size_t n = 0;
  if (all) {
    n = workspace_manifests(c->s, ms, MAX_PACKAGES);
  } else {
    const struct manifest *m =
        manifest_at(c->s, rc_path_join(c->s->a, dir, "package.json"));
    if (m)
      ms[n++] = m;
  }
  bool found = false;
  for (size_t i = 0; i < n; i++) {
    const cJSON *v = get(scripts_of(ms[i]), name);
    if (!v)
      continue;
    if (cJSON_IsString(v) && npm_placeholder(v->valuestring))
      continue;
    found = true;
    run_script(c, ms[i], name, cmd, false);
  }
  if (found || all || n == 0)
    cmd_gates(c, cmd, h.gates, rc_arena_printf(c->s->a, "script %s", name));
  return found;
}

static bool pm_builtin(const char *s)
{
  static const char *const common[] = {
      "install",    "i",       "ci",       "add",     "remove",      "rm",
      "uninstall",  "update",  "upgrade",  "up",      "exec",        "dlx",
      "x",          "audit",   "publish",  "pack",    "link",        "unlink",
      "config",     "set",     "cache",    "info",    "view",        "why",
      "list",       "ls",      "outdated", "init",    "create",      "login",
      "logout",     "version", "whoami",   "rebuild", "prune",       "dedupe",
      "store",      "fetch",   "import",   "env",     "setup",       "deploy",
      "licenses",   "patch",   "npm",      "plugin",  "constraints", "node",
      "global",     "help",    "bin",      "root",    "prefix",      "doctor",
      "explain",    "owner",   "dist-tag", "search",  "shrinkwrap",  "star",
      "token",      "team",    "access",   "hook",    "org",         "profile",
      "completion", "edit",    "explore",  "fund",    "docs",        "bugs",
      "repo",       "diff",    "query",    "sbom",    "workspaces",  NULL};
  for (size_t i = 0; common[i]; i++)
    if (strcmp(s, common[i]) == 0)
      return true;
  return false;
}

/* npm / yarn / pnpm / bun: true when it ran a script. */
static bool run_pm(struct ctx *c, const char *const *w, size_t n, long cmd)
{
  const char *pm = rc_path_base(w[0]);
  const char *dir = c->cwd;
  bool all = false, computed = false;
  size_t i = 1;
  /* yarn workspace NAME script; yarn workspaces foreach ... run script */
  if (strcmp(pm, "yarn") == 0 && i < n && strcmp(w[i], "workspace") == 0 &&
      i + 2 < n) {
    all = true;
    i += 2;
  } else if (strcmp(pm, "yarn") == 0 && i < n &&
             strcmp(w[i], "workspaces") == 0) {
    all = true;
    for (i++; i < n && !is_op(w[i]) && strcmp(w[i], "run") != 0; i++)
      ;
  }
  const char *script = NULL;
  size_t rest = n;
  for (; i < n && !is_op(w[i]); i++) {
    const char *x = w[i];
    if (strcmp(x, "--prefix") == 0 || strcmp(x, "-C") == 0 ||
        strcmp(x, "--dir") == 0 || strcmp(x, "--cwd") == 0) {
      if (i + 1 < n) {
        const char *d = rc_path_join(c->s->a, c->cwd, w[++i]);
        dir = d ? d : dir;
        computed = computed || !d;
      }
    } else if (strncmp(x, "--prefix=", 9) == 0 ||
               strncmp(x, "--dir=", 6) == 0 || strncmp(x, "--cwd=", 6) == 0) {
      const char *d = rc_path_join(c->s->a, c->cwd, strchr(x, '=') + 1);
      dir = d ? d : dir;
      computed = computed || !d;
    } else if (strcmp(x, "-w") == 0 || strcmp(x, "--workspace") == 0 ||
               strcmp(x, "--filter") == 0 || strcmp(x, "-F") == 0) {
      all = true;
      i++;
    } else if (strcmp(x, "-r") == 0 || strcmp(x, "--recursive") == 0 ||
               strcmp(x, "-ws") == 0 || strcmp(x, "--workspaces") == 0 ||
               strncmp(x, "--filter=", 9) == 0 ||
               strncmp(x, "--workspace=", 12) == 0) {
      all = true;
    } else if (x[0] == '-') {
      continue;
    } else if (strcmp(x, "run") == 0 || strcmp(x, "run-script") == 0 ||
               strcmp(x, "rum") == 0 || strcmp(x, "urn") == 0) {
      continue;
    } else {
      script = x;
      rest = i + 1;
      break;
    }
  }
  if (!script)
    return false;
  bool explicit_run = false;
  for (size_t k = 1; k < rest; k++)
    if (strcmp(w[k], "run") == 0 || strcmp(w[k], "run-script") == 0)
      explicit_run = true;
  if (!explicit_run && pm_builtin(script))
    return false;
  if (strcmp(script, "t") == 0 || strcmp(script, "tst") == 0)
    script = "test";
  if (strcmp(pm, "bun") == 0 && strcmp(script, "test") == 0 && !explicit_run)
    return false; /* bun's own runner */
  if (computed) { /* `pnpm --dir ${{ env.WEB }} build`: which package runs
                     is not known here, only the script's name */
    struct rc_gate_hit h;
    rc_gate_of_name(script, &h);
    cmd_gates(c, cmd, h.gates, rc_arena_printf(c->s->a, "script %s", script));
    return true;
  }
  bool found = run_named(c, dir, script, cmd, all);
  /* yarn eslint ., pnpm tsc: a package's binary when no script has the
   * name */
  if (!found && !explicit_run && strcmp(pm, "npm") != 0) {
    const char **sub = (const char **)w + rest - 1;
    size_t sn = n - (rest - 1);
    struct rc_gate_hit h;
    rc_gate_of_command(sub, sn, &h);
    cmd_gates(c, cmd, h.gates, h.tool);
  }
  return true;
}

/* turbo run a b / nx run-many -t a / lerna run a / run-s a b / npm-run-all
 * / concurrently "npm:a" "cmd". */
static bool run_task_runner(struct ctx *c, const char *const *w, size_t n,
                            long cmd, unsigned line, const char *path)
{
  const char *t = rc_path_base(w[0]);
  bool all = strcmp(t, "turbo") == 0 || strcmp(t, "nx") == 0 ||
             strcmp(t, "lerna") == 0;
  bool local = strcmp(t, "run-s") == 0 || strcmp(t, "run-p") == 0 ||
               strcmp(t, "npm-run-all") == 0 || strcmp(t, "npm-run-all2") == 0;
  if (strcmp(t, "concurrently") == 0) {
    for (size_t i = 1; i < n && !is_op(w[i]); i++) {
      if (w[i][0] == '-') {
        if ((strcmp(w[i], "-n") == 0 || strcmp(w[i], "--names") == 0 ||
             strcmp(w[i], "-c") == 0 || strcmp(w[i], "--prefix-colors") == 0) &&
            i + 1 < n)
          i++;
        continue;
      }
      if (strncmp(w[i], "npm:", 4) == 0) {
        run_named(c, c->cwd, w[i] + 4, cmd, false);
      } else {
        struct frame f = {NULL, rc_arena_printf(c->s->a, "cc:%s", w[i])};
        if (!on_stack(c->stack, f.key)) {
          struct ctx k = child(c, cmd, NULL, &f);
          run_text(&k, w[i], path, line, LINES_FIXED, false);
        }
      }
    }
    return true;
  }
  if (!all && !local)
    return false;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    const char *x = w[i];
    if (strcmp(x, "--filter") == 0 || strcmp(x, "-p") == 0 ||
        strcmp(x, "--projects") == 0 || strcmp(x, "--scope") == 0 ||
        strcmp(x, "--concurrency") == 0) {
      i++;
      continue;
    }
    if (strcmp(x, "-t") == 0 || strcmp(x, "--target") == 0 ||
        strcmp(x, "--targets") == 0)
      continue;
    if (x[0] == '-' || strcmp(x, "run") == 0 || strcmp(x, "run-many") == 0 ||
        strcmp(x, "affected") == 0 || strcmp(x, "exec") == 0)
      continue;
    if (strcmp(x, "--") == 0)
      break;
    /* nx run app:test, turbo run test, run-s lint:* */
    const char *name = strrchr(x, ':') && all ? strrchr(x, ':') + 1 : x;
    char *names = rc_arena_strdup(c->s->a, name);
    for (char *save = NULL, *tok = strtok_r(names, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
      size_t tl = strlen(tok);
      if (local && tl > 1 && tok[tl - 1] == '*') {
        const struct manifest *m =
            manifest_at(c->s, rc_path_join(c->s->a, c->cwd, "package.json"));
        const cJSON *sc = m ? scripts_of(m) : NULL;
        const cJSON *it;
        if (sc)
          cJSON_ArrayForEach(it, sc) if (strncmp(it->string, tok, tl - 1) == 0)
              run_named(c, c->cwd, it->string, cmd, false);
      } else {
        run_named(c, c->cwd, tok, cmd, all);
      }
    }
  }
  return true;
}

struct yaml_src {
  const struct rc_docs *docs;
  const char *raw;
  const char *path;
};

/* The first of names found in dir (a tool's config file: Taskfile.yml or
 * taskfile.yaml, mise.toml or .mise.toml); NULL when none is. */
static const char *first_repo_file(struct ctx *c, const char *dir,
                                   const char *const *names, const char **path,
                                   size_t *len)
{
  const char *data = NULL;
  *len = 0;
  for (size_t i = 0; names[i] && !data; i++) {
    *path = rc_path_join(c->s->a, dir, names[i]);
    data = *path ? repo_file(c->s, *path, len) : NULL;
  }
  return data;
}

/* A file a command names (`./scripts/test.sh`, `bin/ci`): beside the
 * command's directory, else from the repository root. */
static const char *named_repo_file(struct ctx *c, const char *word,
                                   const char **path, size_t *len)
{
  const char *const names[] = {word, NULL};
  const char *data = first_repo_file(c, c->cwd, names, path, len);
  return data ? data : first_repo_file(c, "", names, path, len);
}

/* data parsed as YAML (shared through the document cache); a file that
 * does not parse is recorded as an error of the pipeline. */
static bool parse_repo_yaml(struct ctx *c, const char *path, const char *data,
                            size_t len, struct rc_docs *docs)
{
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(c->s->idx), docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)) == 0)
    return true;
  add_error(c->s, path, err);
  return false;
}

static void run_node_text(struct ctx *c, const struct yaml_src *y,
                          const cJSON *node, const char *text);

/* ---- mise and Task (go-task) tasks ------------------------------------- */

/* The TOML string or array of strings that starts at p (after `key =`),
 * each string handed to fn with the line it starts on. Basic and literal
 * strings, multi-line ones and arrays spanning lines; escapes are kept. */
static const char *
toml_strings(const char *p, const char *end, unsigned *line,
             void (*fn)(void *, const char *, size_t, unsigned), void *arg)
{
  bool array = false;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (p < end && *p == '[') {
    array = true;
    p++;
  }
  for (;;) {
    while (p < end &&
           (*p == ' ' || *p == '\t' || *p == ',' || *p == '\n' || *p == '\r')) {
      *line += *p == '\n';
      p++;
    }
    if (p >= end || *p == ']' || *p == '#' || !(*p == '"' || *p == '\''))
      return p;
    char q = *p;
    bool triple = end - p >= 3 && p[1] == q && p[2] == q;
    const char *b = p + (triple ? 3 : 1), *e = b;
    unsigned at = *line;
    if (triple && e < end && *e == '\n') {
      b = ++e;
      at = ++*line;
    }
    while (e < end &&
           !(triple ? end - e >= 3 && e[0] == q && e[1] == q && e[2] == q
                    : *e == q || *e == '\n')) {
      if (*e == '\\' && q == '"' && e + 1 < end)
        e++;
      e++;
    }
    for (const char *k = b; k < e; k++)
      *line += *k == '\n';
    fn(arg, b, (size_t)(e - b), at);
    p = e + (e < end ? (triple ? 3 : 1) : 0);
    if (!array)
      return p;
  }
}

struct mise_task {
  struct ctx *c;
  const char *path;
  long parent;
  bool deps; /* collecting `depends`, not `run` */
};

static void mise_run(struct ctx *c, const char *path, const char *data,
                     size_t len, const char *name, long parent);

static void mise_item(void *arg, const char *s, size_t n, unsigned line)
{
  struct mise_task *t = arg;
  const char *text = rc_arena_printf(t->c->s->a, "%.*s", (int)n, s);
  if (!t->deps) {
    run_text(t->c, text, t->path, line, LINES_LITERAL, false);
    return;
  }
  size_t len;
  const char *data = repo_file(t->c->s, t->path, &len);
  if (data)
    mise_run(t->c, t->path, data, len, text, t->parent);
}

/* `[tasks.NAME]` (or `[tasks."NAME"]`) of a mise.toml: its `depends`
 * first, then what its `run` says. */
static void mise_run(struct ctx *c, const char *path, const char *data,
                     size_t len, const char *name, long parent)
{
  const char *key = rc_arena_printf(c->s->a, "mise:%s:%s", path, name);
  if (on_stack(c->stack, key) || c->depth >= MAX_DEPTH)
    return;
  struct frame f = {NULL, key};
  struct ctx k =
      child(c, parent, rc_arena_printf(c->s->a, "mise %s", name), &f);
  struct rc_gate_hit h;
  rc_gate_of_name(name, &h);
  cmd_gates(c, parent, h.gates, rc_arena_printf(c->s->a, "task %s", name));
  const char *plain = rc_arena_printf(c->s->a, "[tasks.%s]", name);
  const char *quoted = rc_arena_printf(c->s->a, "[tasks.\"%s\"]", name);
  const char *end = data + len, *p = data;
  unsigned line = 1;
  bool in = false;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
      eol = end;
    const char *t = p;
    while (t < eol && (*t == ' ' || *t == '\t'))
      t++;
    const char *next = eol < end ? eol + 1 : end;
    unsigned next_line = line + 1;
    if (*t == '[') {
      size_t n = (size_t)(eol - t);
      while (n && (t[n - 1] == ' ' || t[n - 1] == '\r'))
        n--;
      in = (n == strlen(plain) && strncmp(t, plain, n) == 0) ||
           (n == strlen(quoted) && strncmp(t, quoted, n) == 0);
    } else if (in) {
      bool run = strncmp(t, "run", 3) == 0, dep = strncmp(t, "depends", 7) == 0;
      const char *v = t + (run ? 3 : dep ? 7 : 0);
      while (v < eol && (*v == ' ' || *v == '\t'))
        v++;
      if ((run || dep) && v < eol && *v == '=') {
        struct mise_task mt = {&k, path, parent, dep};
        unsigned at = line;
        next = toml_strings(v + 1, end, &at, mise_item, &mt);
        next_line = at;
        const char *nl = memchr(next, '\n', (size_t)(end - next));
        next = nl ? nl + 1 : end;
        next_line += nl != NULL;
      }
    }
    p = next;
    line = next_line;
  }
}

/* `mise run NAME`, `mise r NAME`, `mise run NAME ::: OTHER`: the tasks of
 * the folder's mise.toml (or .mise.toml). */
static bool run_mise(struct ctx *c, const char *const *w, size_t n, long cmd)
{
  if (n < 3 || strcmp(rc_path_base(w[0]), "mise") != 0 ||
      (strcmp(w[1], "run") != 0 && strcmp(w[1], "r") != 0))
    return false;
  static const char *const names[] = {
      "mise.toml", ".mise.toml", "mise/config.toml", ".mise/config.toml", NULL};
  const char *path = NULL;
  size_t len;
  const char *data = first_repo_file(c, c->cwd, names, &path, &len);
  if (!data)
    return false;
  for (size_t i = 2; i < n && !is_op(w[i]); i++) {
    if (w[i][0] == '-' || strcmp(w[i], ":::") == 0)
      continue;
    mise_run(c, path, data, len, w[i], cmd);
    /* the words after a task are its arguments, up to ::: */
    while (i + 1 < n && !is_op(w[i + 1]) && strcmp(w[i + 1], ":::") != 0)
      i++;
  }
  return true;
}

/* `task NAME` (go-task): tasks.NAME of the folder's Taskfile - its deps,
 * then its cmds (a command, `cmd:` or another `task:`). */
static void taskfile_run(struct ctx *c, const struct yaml_src *y,
                         const char *name, long parent)
{
  const cJSON *task =
      get(get(y->docs->n ? y->docs->docs[0] : NULL, "tasks"), name);
  const char *key = rc_arena_printf(c->s->a, "task:%s:%s", y->path, name);
  struct rc_gate_hit h;
  rc_gate_of_name(name, &h);
  cmd_gates(c, parent, h.gates, rc_arena_printf(c->s->a, "task %s", name));
  if (!task || on_stack(c->stack, key) || c->depth >= MAX_DEPTH)
    return;
  struct frame f = {NULL, key};
  struct ctx k =
      child(c, parent, rc_arena_printf(c->s->a, "task %s", name), &f);
  const cJSON *it;
  cJSON_ArrayForEach(it, get(task, "deps"))
  {
    const char *dep = cJSON_IsString(it) ? it->valuestring : str(it, "task");
    if (dep)
      taskfile_run(&k, y, dep, parent);
  }
  const cJSON *cmds = get(task, "cmds");
  if (cJSON_IsString(cmds))
    run_node_text(&k, y, cmds, cmds->valuestring);
  cJSON_ArrayForEach(it, cmds)
  {
    if (cJSON_IsString(it))
      run_node_text(&k, y, it, it->valuestring);
    else if (str(it, "cmd"))
      run_node_text(&k, y, get(it, "cmd"), str(it, "cmd"));
    else if (str(it, "task"))
      taskfile_run(&k, y, str(it, "task"), parent);
  }
}

static bool run_taskfile(struct ctx *c, const char *const *w, size_t n,
                         long cmd)
{
  if (n < 2 || strcmp(rc_path_base(w[0]), "task") != 0)
    return false;
  static const char *const names[] = {"Taskfile.yml", "Taskfile.yaml",
                                      "taskfile.yml", "taskfile.yaml", NULL};
  const char *path = NULL;
  size_t len;
  const char *data = first_repo_file(c, c->cwd, names, &path, &len);
  if (!data)
    return false;
  struct rc_docs docs;
  if (!parse_repo_yaml(c, path, data, len, &docs))
    return true;
  struct yaml_src y = {&docs, data, path};
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (strcmp(w[i], "--") == 0)
      break;
    if (w[i][0] == '-' || strchr(w[i], '='))
      continue;
    taskfile_run(c, &y, w[i], cmd);
  }
  rc_docs_release(&docs);
  return true;
}

static bool run_composer(struct ctx *c, const char *const *w, size_t n,
                         long cmd)
{
  static const char *const builtin[] = {"install",
                                        "update",
                                        "require",
                                        "remove",
                                        "dump-autoload",
                                        "dumpautoload",
                                        "validate",
                                        "audit",
                                        "outdated",
                                        "show",
                                        "config",
                                        "global",
                                        "create-project",
                                        "self-update",
                                        "selfupdate",
                                        "diagnose",
                                        "check-platform-reqs",
                                        "clear-cache",
                                        "depends",
                                        "prohibits",
                                        "init",
                                        "search",
                                        "suggests",
                                        "fund",
                                        "licenses",
                                        "status",
                                        "archive",
                                        "browse",
                                        "bump",
                                        "reinstall",
                                        "i",
                                        "u",
                                        NULL};
  size_t i = 1;
  while (i < n && w[i][0] == '-' && !is_op(w[i]))
    i++;
  if (i >= n || is_op(w[i]))
    return false;
  const char *s = w[i];
  if (strcmp(s, "exec") == 0) {
    run_words(c, (const char **)w + i + 1, n - i - 1, NULL, 0, NULL);
    return true;
  }
  if (strcmp(s, "run-script") == 0 || strcmp(s, "run") == 0) {
    for (i++; i < n && w[i][0] == '-'; i++)
      ;
    if (i >= n)
      return false;
    s = w[i];
  } else {
    for (size_t k = 0; builtin[k]; k++)
      if (strcmp(s, builtin[k]) == 0)
        return false;
  }
  const struct manifest *m =
      manifest_at(c->s, rc_path_join(c->s->a, c->cwd, "composer.json"));
  struct rc_gate_hit h;
  rc_gate_of_name(s, &h);
  cmd_gates(c, cmd, h.gates, rc_arena_printf(c->s->a, "composer %s", s));
  if (m)
    run_script(c, m, s, cmd, true);
  return true;
}

/* ---- repository scripts -------------------------------------------------- */

static bool shell_text(const char *path, const char *data)
{
  if (ends_with(path, ".sh") || ends_with(path, ".bash"))
    return true;
  if (strncmp(data, "#!", 2) != 0)
    return false;
  size_t n = strcspn(data, "\n");
  char first[128];
  if (n >= sizeof(first))
    n = sizeof(first) - 1;
  memcpy(first, data, n);
  first[n] = '\0';
  return strstr(first, "sh") && !strstr(first, "python") &&
         !strstr(first, "node") && !strstr(first, "ruby") &&
         !strstr(first, "perl") && !strstr(first, "php");
}

/* ./scripts/test.sh, bash ci/lint.sh, bin/ci: the file's commands. */
/* A folder named for tests: test, tests, e2e, smoke, or a name ending so
 * after a separator or a capital (`smoke-tests`, `LinuxSmokeTest`; not
 * `latest`). */
static bool test_folder_name(const char *seg, size_t len)
{
  if ((len == 3 && strncasecmp(seg, "e2e", 3) == 0) ||
      (len == 5 && strncasecmp(seg, "smoke", 5) == 0))
    return true;
  for (size_t n = 4; n <= 5; n++) {
    if (len < n || strncasecmp(seg + len - n, "tests", n) != 0)
      continue;
    const char *suf = seg + len - n;
    if (len == n || strchr("-_.", suf[-1]) ||
        (suf[0] == 'T' && islower((unsigned char)suf[-1])))
      return true;
  }
  return false;
}

/* A script of the repository's test folder (`tests/smoke/basic.sh`,
 * `test/run.sh`, `tests/LinuxSmokeTest/fake-client.sh`): what it runs is the
 * project's own test, whatever tools it uses - unless its name says it only
 * prepares or cleans up (`test/setup.sh`) or it is one of the folder's
 * helpers (`tests/chore/startContainer.sh`, `e2e/smoke/scripts/x.sh`). */
static bool test_folder_script(const char *path)
{
  static const char *const chores[] = {
      "start",   "stop",     "setup", "set-up",  "set_up", "teardown",
      "install", "build",    "clean", "prepare", "init",   "wait",
      "env",     "common",   "lib",   "util",    "helper", "bootstrap",
      "deps",    "download", "fetch", "pull",    "push",   "publish",
      "release", "deploy",   "lint",  "format",  "gen",    "create",
      "config",  "cert",     "seed",  "up",      "down",   "reset",
      NULL};
  /* the helpers of a test folder (tests/scripts/, e2e/lib/) serve the
   * tests: `provider.sh logs` collects diagnostics */
  static const char *const helpers[] = {
      "scripts",  "script", "lib",    "libs",  "helpers",  "helper",
      "util",     "utils",  "bin",    "tools", "common",   "support",
      "fixtures", "chore",  "chores", "setup", "testdata", NULL};
  const char *base = rc_path_base(path);
  for (size_t i = 0; chores[i]; i++)
    if (strncasecmp(base, chores[i], strlen(chores[i])) == 0)
      return false;
  const char *parent = base > path + 1 ? base - 2 : NULL;
  while (parent && parent > path && parent[-1] != '/')
    parent--;
  for (size_t i = 0; parent && helpers[i]; i++)
    if (strncasecmp(parent, helpers[i], strlen(helpers[i])) == 0 &&
        parent[strlen(helpers[i])] == '/')
      return false;
  bool in_tests = false;
  for (const char *seg = path; *seg && seg < base;) {
    size_t len = strcspn(seg, "/");
    in_tests = in_tests || test_folder_name(seg, len);
    seg += len + (seg[len] == '/');
  }
  return in_tests;
}

static bool run_file(struct ctx *c, const char *word, long cmd)
{
  if (strchr(word, '$') || word[0] == '/' || word[0] == '~' || word[0] == '-')
    return false;
  const char *path = NULL;
  size_t len;
  const char *data = named_repo_file(c, word, &path, &len);
  struct rc_gate_hit h;
  rc_gate_of_name(rc_path_base(word), &h);
  cmd_gates(c, cmd, h.gates, rc_path_base(word));
  if (data && path && test_folder_script(path))
    cmd_gates(
        c, cmd, RC_GATE_TESTS,
        rc_arena_printf(c->s->a, "a script of the test folder (%s)", path));
  if (!data || !shell_text(path, data) || c->depth >= MAX_DEPTH)
    return data != NULL;
  const char *key = rc_arena_printf(c->s->a, "sh:%s", path);
  if (on_stack(c->stack, key))
    return true;
  struct frame f = {NULL, key};
  struct ctx k = child(c, cmd, path, &f);
  run_text(&k, data, path, 1, LINES_LITERAL, true);
  return true;
}

/* ---- a compose service's own command ----------------------------------- */

/* What `docker compose ...` asks of one service: its files and folder
 * (global options), and the service whose exit is the step's outcome. */
struct compose_call {
  const char *files[8];
  size_t n_files;
  const char *dir;
  const char *svcs[8];
  size_t n_svcs;
};

static bool compose_valued(const char *o)
{
  static const char *const valued[] = {"-p",         "--project-name",
                                       "--profile",  "--env-file",
                                       "--ansi",     "--progress",
                                       "--parallel", "-e",
                                       "--env",      "-w",
                                       "--workdir",  "-u",
                                       "--user",     "-v",
                                       "--volume",   "--publish",
                                       "--name",     "-l",
                                       "--label",    "--pull",
                                       "--cap-add",  "--cap-drop",
                                       "--scale",    "-t",
                                       "--timeout",  "--wait-timeout",
                                       "--attach",   "--no-attach",
                                       NULL};
  for (size_t i = 0; valued[i]; i++)
    if (strcmp(o, valued[i]) == 0)
      return true;
  return false;
}

/* `docker compose [-f FILE] up --exit-code-from SVC` (or
 * `--abort-on-container-exit SVC...`) and `docker compose run SVC` with no
 * command: what decides the step is the command the compose file gives
 * the service. False for anything else (`up -d` only starts a stack; `run
 * SVC pytest` is read by the wrappers of gate.c). */
static bool compose_call_of(const char *const *w, size_t n,
                            struct compose_call *cc)
{
  size_t j = 0;
  while (j < n && (strcmp(w[j], "sudo") == 0 || strcmp(w[j], "time") == 0))
    j++;
  const char *t = j < n ? rc_path_base(w[j]) : "";
  if (strcmp(t, "docker-compose") == 0 || strcmp(t, "podman-compose") == 0)
    j++;
  else if ((strcmp(t, "docker") == 0 || strcmp(t, "podman") == 0) &&
           j + 1 < n && strcmp(w[j + 1], "compose") == 0)
    j += 2;
  else
    return false;
  memset(cc, 0, sizeof(*cc));
  for (; j < n && w[j][0] == '-' && !is_op(w[j]); j++) {
    bool file = strcmp(w[j], "-f") == 0 || strcmp(w[j], "--file") == 0;
    if ((file || strcmp(w[j], "--project-directory") == 0) && j + 1 < n) {
      if (file && cc->n_files < 8)
        cc->files[cc->n_files++] = w[j + 1];
      else if (!file)
        cc->dir = w[j + 1];
      j++;
    } else if (strncmp(w[j], "--file=", 7) == 0 && cc->n_files < 8) {
      cc->files[cc->n_files++] = w[j] + 7;
    } else if (compose_valued(w[j]) && j + 1 < n) {
      j++;
    }
  }
  if (j >= n)
    return false;
  bool up = strcmp(w[j], "up") == 0, run = strcmp(w[j], "run") == 0;
  if (!up && !run)
    return false;
  bool exits = false;
  for (j++; j < n && !is_op(w[j]); j++) {
    if (strcmp(w[j], "--exit-code-from") == 0 && j + 1 < n) {
      exits = true;
      if (cc->n_svcs < 8)
        cc->svcs[cc->n_svcs++] = w[j + 1];
      j++;
    } else if (strncmp(w[j], "--exit-code-from=", 17) == 0) {
      exits = true;
      if (cc->n_svcs < 8)
        cc->svcs[cc->n_svcs++] = w[j] + 17;
    } else if (strcmp(w[j], "--abort-on-container-exit") == 0) {
      exits = true;
    } else if (strcmp(w[j], "--entrypoint") == 0) {
      return false; /* the command is not the service's */
    } else if (w[j][0] == '-') {
      j += compose_valued(w[j]) && j + 1 < n;
    } else if (run) {
      /* the service, and nothing after it: its own command runs */
      cc->svcs[0] = w[j];
      cc->n_svcs = 1;
      return j + 1 >= n || is_op(w[j + 1]);
    } else if (cc->n_svcs < 8) {
      cc->svcs[cc->n_svcs++] = w[j];
    }
  }
  return up && exits && cc->n_svcs > 0;
}

/* The service's `command:` in the last of the files that gives one. */
static void run_service_command(struct ctx *c, const char *file,
                                const char *svc, long cmd)
{
  size_t len;
  const char *data = repo_file(c->s, file, &len);
  if (!data)
    return;
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(c->s->idx), &docs, data, len, file,
                         RC_DOC_YAML, err, sizeof(err)) != 0)
    return;
  const cJSON *command =
      docs.n ? get(get(get(docs.docs[0], "services"), svc), "command") : NULL;
  const char *key = rc_arena_printf(c->s->a, "dc:%s:%s", file, svc);
  if (command && !on_stack(c->stack, key) && c->depth < MAX_DEPTH) {
    struct frame f = {NULL, key};
    struct ctx k =
        child(c, cmd, rc_arena_printf(c->s->a, "%s %s", file, svc), &f);
    unsigned line = rc_docs_line(&docs, command);
    if (cJSON_IsString(command)) {
      run_text(&k, command->valuestring, file, line, LINES_FIXED, false);
    } else if (cJSON_IsArray(command)) {
      size_t n = (size_t)cJSON_GetArraySize(command), m = 0;
      const char **w = rc_arena_alloc(c->s->a, (n + 1) * sizeof(*w));
      const cJSON *it;
      cJSON_ArrayForEach(it, command) if (cJSON_IsString(it)) w[m++] =
          rc_arena_strdup(c->s->a, it->valuestring);
      const char *cwd = k.cwd;
      if (m)
        run_words(&k, w, m, file, line, &cwd);
    }
  }
  rc_docs_release(&docs);
}

/* A test-runner service: the step `docker compose -f tests/compose.yml up
 * --exit-code-from test` runs what that service's command runs (pytest). */
static bool run_compose(struct ctx *c, const char *const *w, size_t n, long cmd)
{
  struct compose_call cc;
  if (!compose_call_of(w, n, &cc))
    return false;
  static const char *const defaults[] = {"compose.yaml", "compose.yml",
                                         "docker-compose.yml",
                                         "docker-compose.yaml", NULL};
  const char *dir = cc.dir && !strchr(cc.dir, '$')
                        ? rc_path_join(c->s->a, c->cwd, cc.dir)
                        : c->cwd;
  if (!dir)
    return false;
  for (size_t i = 0; !cc.n_files && defaults[i]; i++) {
    const char *p = rc_path_join(c->s->a, dir, defaults[i]);
    if (p && rc_index_find(c->s->idx, p))
      cc.files[cc.n_files++] = defaults[i];
  }
  for (size_t f = 0; f < cc.n_files; f++) {
    if (strchr(cc.files[f], '$') || cc.files[f][0] == '/')
      continue;
    const char *p = rc_path_join(c->s->a, dir, cc.files[f]);
    for (size_t s = 0; p && s < cc.n_svcs; s++)
      run_service_command(c, p, cc.svcs[s], cmd);
  }
  return true;
}

/* The repository script word names runs its arguments as a command: a
 * line that starts (after `exec`, `time` or `sudo`) with `$@`, `"$@"`,
 * `$*` or `"$*"` - a timing or logging wrapper. */
static bool runs_its_arguments(struct ctx *c, const char *word)
{
  const char *path = NULL;
  size_t len;
  const char *data = named_repo_file(c, word, &path, &len);
  for (const char *p = data; p && *p;) {
    const char *t = p + strspn(p, " \t");
    static const char *const lead[] = {"exec ", "time ", "sudo ", NULL};
    for (size_t i = 0; lead[i]; i++)
      if (strncmp(t, lead[i], strlen(lead[i])) == 0)
        t += strlen(lead[i]);
    if (strncmp(t, "$@", 2) == 0 || strncmp(t, "\"$@\"", 4) == 0 ||
        strncmp(t, "$*", 2) == 0 || strncmp(t, "\"$*\"", 4) == 0)
      return true;
    p = strchr(p, '\n');
    p = p ? p + 1 : NULL;
  }
  return false;
}

/* A wrapper that forwards its arguments to one program (`docker-compose -f
 * docker-compose.yml -f ci.yml "$@"`): the line that runs, with the
 * caller's arguments a[0..n) in place of "$@" (`./bin/dc.sh run test
 * ./bin/run-tests.sh` is the compose run of the test service); NULL when
 * no line of the script ends so. */
static const char *forwarded(struct ctx *c, const char *word,
                             const char *const *a, size_t n)
{
  const char *path = NULL;
  size_t len;
  const char *data =
      strchr(word, '$') ? NULL : named_repo_file(c, word, &path, &len);
  for (const char *p = data; p && *p;) {
    size_t ln = strcspn(p, "\n");
    const char *t = p + strspn(p, " \t");
    size_t tn = ln - (size_t)(t - p);
    while (tn && (t[tn - 1] == ' ' || t[tn - 1] == '\r'))
      tn--;
    bool ends = (tn > 6 && strncmp(t + tn - 5, " \"$@\"", 5) == 0) ||
                (tn > 4 && strncmp(t + tn - 3, " $@", 3) == 0);
    if (ends && t[0] != '#' && t[0] != '$' && t[0] != '"') {
      struct rc_buf b;
      rc_buf_init(&b);
      rc_buf_add(&b, t, tn - (t[tn - 1] == '"' ? 4 : 2));
      for (size_t i = 0; i < n; i++)
        rc_buf_printf(&b, " %s", a[i]);
      const char *out = rc_arena_strdup(c->s->a, b.data);
      rc_buf_release(&b);
      return out;
    }
    p = p[ln] ? p + ln + 1 : NULL;
  }
  return NULL;
}

/* NUKE (a C# build automation: `./build.sh Test`, `nuke Compile Test`)
 * runs the targets named as arguments, defined in C# the pipeline does not
 * read; the project root holds .nuke/. Each target is judged by its name
 * (`BuildAndUnitTests`, `RunAllIntegrationTests`), as an unresolved
 * package script is. */
static bool run_nuke(struct ctx *c, const char *const *w, size_t n, long id)
{
  const char *t = rc_path_base(w[0]);
  bool nuke = strcmp(t, "nuke") == 0;
  if (!nuke && strcmp(t, "build.sh") != 0 && strcmp(t, "build.ps1") != 0 &&
      strcmp(t, "build.cmd") != 0)
    return false;
  if (!nuke) {
    /* the bootstrapper's folder: NULL when its path is absolute or
     * computed (`$ROOT/build.sh`) */
    const char *script = rc_path_join(c->s->a, c->cwd, w[0]);
    if (!script)
      return false;
    const char *dir = rc_path_dir(c->s->a, script);
    const char *marker = rc_path_join(c->s->a, dir, ".nuke");
    const char *params = rc_path_join(c->s->a, dir, ".nuke/parameters.json");
    if (!(marker && rc_index_find(c->s->idx, marker)) &&
        !(params && rc_index_find(c->s->idx, params)))
      return false;
  }
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (w[i][0] == '-') {
      i += i + 1 < n && w[i + 1][0] != '-' && !is_op(w[i + 1]);
      continue; /* a parameter and its value: `--configuration Release` */
    }
    struct rc_gate_hit h;
    rc_gate_of_name(w[i], &h);
    cmd_gates(c, id, h.gates, h.tool);
  }
  return true;
}

/* ---- one simple command ---------------------------------------------------
 */

static bool java_lint(struct rc_pipeline_scan *s)
{
  if (s->java_lint >= 0)
    return s->java_lint;
  s->java_lint = 0;
  static const char *const words[] = {
      "checkstyle", "spotless",   "spring-javaformat",
      "ktlint",     "detekt",     "maven-pmd-plugin",
      "pmd",        "errorprone", "spotbugs",
      "lint",       NULL};
  size_t seen = 0;
  for (size_t i = 0; i < rc_index_count(s->idx) && seen < 200; i++) {
    const struct rc_entry *e = rc_index_at(s->idx, i);
    if (e->kind != RC_ENTRY_FILE || (strcmp(e->name, "pom.xml") != 0 &&
                                     strncmp(e->name, "build.gradle", 12) != 0))
      continue;
    seen++;
    size_t len;
    const char *data = repo_file(s, e->path, &len);
    for (size_t k = 0; data && words[k]; k++)
      if (strstr(data, words[k])) {
        s->java_lint = 1;
        return true;
      }
  }
  return false;
}

/* `next build` of a TypeScript app (a tsconfig.json beside the package)
 * runs the type check and fails on a type error, unless the Next config
 * turns that off (typescript.ignoreBuildErrors). */
static bool next_type_check(struct ctx *c, const char *const *w, size_t n)
{
  if (n < 2 || strcmp(rc_path_base(w[0]), "next") != 0 ||
      strcmp(w[1], "build") != 0)
    return false;
  size_t len;
  if (!repo_file(c->s, rc_path_join(c->s->a, c->cwd, "tsconfig.json"), &len))
    return false;
  static const char *const configs[] = {"next.config.js", "next.config.mjs",
                                        "next.config.ts", "next.config.cjs",
                                        NULL};
  for (size_t i = 0; configs[i]; i++) {
    const char *data =
        repo_file(c->s, rc_path_join(c->s->a, c->cwd, configs[i]), &len);
    if (data && strstr(data, "ignoreBuildErrors"))
      return false;
  }
  return true;
}

/* `bash -c "..."`, `sh -ec '...'`: the program text. */
static const char *shell_c(const char *const *w, size_t n)
{
  const char *t = rc_path_base(w[0]);
  if (strcmp(t, "bash") != 0 && strcmp(t, "sh") != 0 && strcmp(t, "zsh") != 0 &&
      strcmp(t, "eval") != 0)
    return NULL;
  if (strcmp(t, "eval") == 0)
    return n > 1 ? w[1] : NULL;
  for (size_t i = 1; i + 1 < n && w[i][0] == '-'; i++)
    if (strchr(w[i], 'c') &&
        strspn(w[i] + 1, "abcefhiklmnoprstuvx") == strlen(w[i] + 1))
      return w[i + 1];
  return NULL;
}

static bool swallows(const char **w, size_t n, size_t i)
{
  /* the fallback after `||`: true, :, echo/printf, exit 0 - and nothing
   * later on the line that fails on purpose. A bare `exit` is not one:
   * it exits with the status of the command that just failed. */
  if (i >= n)
    return false;
  const char *f = w[i];
  bool swallow =
      strcmp(f, "true") == 0 || strcmp(f, ":") == 0 || strcmp(f, "echo") == 0 ||
      strcmp(f, "printf") == 0 ||
      (strcmp(f, "exit") == 0 && i + 1 < n && strcmp(w[i + 1], "0") == 0);
  if (!swallow)
    return false;
  for (size_t k = i + 1; k < n; k++)
    if ((strcmp(w[k], "exit") == 0 && k + 1 < n && strcmp(w[k + 1], "0") &&
         isdigit((unsigned char)w[k + 1][0])) ||
        strcmp(w[k], "false") == 0)
      return false;
  return true;
}

static bool fails_on_purpose(const char *const *w, size_t n)
{
  if (!n)
    return false;
  if (strcmp(w[0], "false") == 0)
    return true;
  if (strcmp(w[0], "exit") == 0 && n > 1 && strcmp(w[1], "0") != 0)
    return true;
  for (size_t i = 0; i < n; i++)
    if (strstr(w[i], "setFailed") || strstr(w[i], "process.exit(1"))
      return true;
  return false;
}

static bool shell_assign(struct rc_pipeline_scan *s, const char **w, size_t n);

/* `hatch run lint-check`, `pdm run test`: a Python project's task runner
 * runs a script its pyproject.toml names; the name says what it is, as a
 * package script's does. */
static bool runs_named_script(const char *const *w, size_t i0)
{
  static const char *const runners[] = {"hatch", "pdm", "rye", "pixi", NULL};
  if (i0 < 2 || strcmp(w[i0 - 1], "run") != 0)
    return false;
  for (size_t i = 0; runners[i]; i++)
    if (strcmp(rc_path_base(w[i0 - 2]), runners[i]) == 0)
      return true;
  return false;
}

/* The quoted string at p (`"pytest -q"`, `'ruff check .'`), or NULL. */
static const char *toml_string(struct rc_arena *a, const char *p,
                               const char *end)
{
  p += strspn(p, " \t");
  if (p >= end || (*p != '"' && *p != '\''))
    return NULL;
  const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
  return q ? rc_arena_strndup(a, p + 1, (size_t)(q - p - 1)) : NULL;
}

/* The command of the script `name` in the table headed `header` of a
 * Python project's TOML file: `name = "cmd"`, `name = ["a", "b"]` (run in
 * turn), `name = { cmd = "..." }` or `{ shell = "..." }` (poe); *line its
 * line. A line reader, as tomltable.h's: a value spread over lines is not
 * read. */
static const char *toml_script(struct rc_arena *a, const char *data, size_t len,
                               const char *header, const char *name,
                               unsigned *line)
{
  bool in = false;
  unsigned l = 0;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    l++;
    const char *p = data + i, *end = data + e;
    i = e + 1;
    p += strspn(p, " \t");
    if (p < end && *p == '[') {
      size_t hn = strlen(header);
      in = (size_t)(end - p) >= hn && strncmp(p, header, hn) == 0;
      continue;
    }
    if (!in)
      continue;
    size_t nn = strlen(name);
    bool quoted = p < end && *p == '"';
    const char *k = p + quoted;
    if ((size_t)(end - k) <= nn || strncmp(k, name, nn) != 0)
      continue;
    if (quoted && k[nn] != '"')
      continue;
    const char *eq = k + nn + quoted;
    eq += strspn(eq, " \t");
    if (eq >= end || *eq != '=')
      continue;
    const char *v = eq + 1 + strspn(eq + 1, " \t");
    *line = l;
    if (v < end && *v == '[') {
      struct rc_buf b;
      rc_buf_init(&b);
      for (const char *q = v + 1; q < end;) {
        const char *str = toml_string(a, q, end);
        if (!str)
          break;
        rc_buf_printf(&b, "%s%s", b.len ? " && " : "", str);
        q = memchr(q + strspn(q, " \t") + 1, q[strspn(q, " \t")],
                   (size_t)(end - q - strspn(q, " \t") - 1));
        if (!q)
          break;
        q++;
        q += strspn(q, " \t,");
      }
      const char *out = b.len ? rc_arena_strdup(a, b.data) : NULL;
      rc_buf_release(&b);
      return out;
    }
    if (v < end && *v == '{') {
      static const char *const keys[] = {"cmd", "shell", NULL};
      for (size_t j = 0; keys[j]; j++) {
        const char *kk = v;
        size_t kn = strlen(keys[j]);
        while ((kk = memchr(kk, keys[j][0], (size_t)(end - kk))) != NULL) {
          if ((size_t)(end - kk) > kn && strncmp(kk, keys[j], kn) == 0 &&
              (kk[-1] == ' ' || kk[-1] == '{' || kk[-1] == ',')) {
            const char *x = kk + kn + strspn(kk + kn, " \t");
            if (x < end && *x == '=')
              return toml_string(a, x + 1, end);
          }
          kk++;
        }
      }
      return NULL;
    }
    return toml_string(a, v, end);
  }
  return NULL;
}

/* `hatch run [env:]cov`, `pdm run unit`, `rye run check`, `pixi run test`,
 * `poe check-all`: the script the project's pyproject.toml (pixi.toml)
 * defines under that name, followed as a package script is. */
static bool run_py_script(struct ctx *c, const char *const *w, size_t i0,
                          size_t n, long cmd)
{
  const char *runner = NULL, *name = NULL;
  if (i0 + 1 < n && (strcmp(rc_path_base(w[i0]), "poe") == 0 ||
                     strcmp(rc_path_base(w[i0]), "poethepoet") == 0))
    runner = "poe", name = w[i0 + 1];
  else if (i0 >= 2 && strcmp(w[i0 - 1], "run") == 0)
    runner = rc_path_base(w[i0 - 2]), name = w[i0];
  if (!runner || !name || name[0] == '-' || is_op(name))
    return false;
  const char *header = NULL, *file = "pyproject.toml";
  const char *script = name;
  if (strcmp(runner, "hatch") == 0) {
    const char *colon = strchr(name, ':');
    header = colon ? rc_arena_printf(c->s->a, "[tool.hatch.envs.%.*s.scripts]",
                                     (int)(colon - name), name)
                   : "[tool.hatch.envs.default.scripts]";
    if (colon)
      script = colon + 1;
  } else if (strcmp(runner, "pdm") == 0) {
    header = "[tool.pdm.scripts]";
  } else if (strcmp(runner, "rye") == 0) {
    header = "[tool.rye.scripts]";
  } else if (strcmp(runner, "poe") == 0) {
    header = "[tool.poe.tasks]";
  } else if (strcmp(runner, "pixi") == 0) {
    header = "[tasks]";
    file = "pixi.toml";
  } else {
    return false;
  }
  const char *at = rc_path_join(c->s->a, c->cwd, file);
  size_t len;
  const char *data = repo_file(c->s, at, &len);
  unsigned sline = 0;
  const char *text =
      data ? toml_script(c->s->a, data, len, header, script, &sline) : NULL;
  if (!text && strcmp(runner, "pixi") == 0) { /* [tool.pixi.tasks] */
    at = rc_path_join(c->s->a, c->cwd, "pyproject.toml");
    data = repo_file(c->s, at, &len);
    text = data ? toml_script(c->s->a, data, len, "[tool.pixi.tasks]", script,
                              &sline)
                : NULL;
  }
  if (!text || c->depth >= MAX_DEPTH)
    return false;
  struct frame f = {NULL, rc_arena_printf(c->s->a, "py:%s:%s", at, name)};
  if (on_stack(c->stack, f.key))
    return true;
  struct ctx k =
      child(c, cmd, rc_arena_printf(c->s->a, "%s run %s", runner, name), &f);
  run_text(&k, text, at, sline, LINES_FIXED, false);
  return true;
}

/* ---- image builds ------------------------------------------------------- */

/* A stage of f that stage s names (FROM <stage>, COPY --from=<stage>, RUN
 * --mount=...,from=<stage>) is built with it: marks them in need. */
static void mark_stage_deps(const struct rc_dockerfile *f, size_t s, bool *need)
{
  long ref = rc_dockerfile_stage_ref(f, s, f->st[s].image);
  if (ref >= 0)
    need[ref] = true;
  for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
    for (const char *p = strstr(f->in[i].args, "from="); p;
         p = strstr(p + 5, "from=")) {
      char name[128];
      size_t len = strcspn(p + 5, " ,\t");
      if (!len || len >= sizeof(name) ||
          (p > f->in[i].args && p[-1] != '-' && p[-1] != ','))
        continue;
      memcpy(name, p + 5, len);
      name[len] = '\0';
      ref = rc_dockerfile_stage_ref(f, s, name);
      if (ref >= 0)
        need[ref] = true;
    }
  }
}

/* The shell text of a RUN instruction: its flags (--mount=..., --network=)
 * skipped; NULL for the exec form and heredocs, read as nothing. */
static const char *run_shell(const char *args)
{
  while (strncmp(args, "--", 2) == 0) {
    args += strcspn(args, " \t");
    args += strspn(args, " \t");
  }
  return *args && *args != '[' && strncmp(args, "<<", 2) != 0 ? args : NULL;
}

/* A build target named for a check (lint, typecheck, test, check, ci,
 * validate, verify), not for what ships (app, backend, production). */
static bool check_stage(const char *target)
{
  static const char *const words[] = {"check",    "checks", "ci",
                                      "validate", "verify", NULL};
  if (!target)
    return false;
  struct rc_gate_hit h;
  rc_gate_of_name(target, &h);
  if (h.gates & (RC_GATE_LINT | RC_GATE_TESTS))
    return true;
  for (size_t i = 0; words[i]; i++)
    if (strcasecmp(target, words[i]) == 0)
      return true;
  return false;
}

/* An image build CI runs (`docker build -f ci/Dockerfile --target test .`,
 * docker/build-push-action): the RUN instructions of the stages the build
 * makes - the target (or last) stage and the stages it builds on or copies
 * from - run in CI, as commands of the build, from the context folder
 * (`RUN go test ./...` after `COPY . .`). A multi-stage file's stage no
 * target needs is not built (BuildKit). The build of an image as it ships
 * compiles (`npm run build` running `tsc`) rather than lints: only a build
 * of a stage named for checking (`--target lint`, `--target check`) counts
 * for lint. */
static void run_image_build(struct ctx *c, long id, const char *dockerfile,
                            const char *context, const char *target)
{
  size_t len;
  const char *data = repo_file(c->s, dockerfile, &len);
  const char *key =
      rc_arena_printf(c->s->a, "df:%s:%s", dockerfile, target ? target : "");
  if (!data || id < 0 || c->depth >= MAX_DEPTH || on_stack(c->stack, key))
    return;
  struct rc_dockerfile f;
  rc_dockerfile_parse(&f, c->s->a, dockerfile, data, len);
  long last = rc_dockerfile_target(&f, target);
  bool *need = last >= 0 ? rc_xcalloc(f.ns, sizeof(*need)) : NULL;
  if (need) {
    need[last] = true;
    for (size_t s = (size_t)last + 1; s-- > 0;)
      if (need[s])
        mark_stage_deps(&f, s, need);
    struct frame fr = {NULL, key};
    struct ctx k = child(c, id, NULL, &fr);
    k.cwd = context;
    k.rows = NULL;
    k.row = NULL;
    k.ins = NULL;
    k.in = NULL;
    if (!check_stage(target))
      k.drop |= RC_GATE_LINT;
    for (size_t s = 0; s <= (size_t)last; s++)
      for (size_t i = f.st[s].first; need[s] && i < f.st[s].end; i++) {
        const char *sh =
            strcmp(f.in[i].kw, "RUN") == 0 ? run_shell(f.in[i].args) : NULL;
        if (sh)
          run_text(&k, sh, dockerfile, f.in[i].line, LINES_FIXED, false);
      }
  }
  free(need);
  rc_dockerfile_release(&f);
}

/* `php tests/ci`, `ruby test/run.rb`, `perl t/run.pl`, `node
 * tests/run.js`: the index of the script an interpreter runs (its options
 * skipped), or 0. Its text is a program, not commands; its path and name
 * say what it is (a script of the test folder runs the tests). */
static size_t interpreter_script(const char *const *w, size_t n)
{
  static const char *const progs[] = {"php", "ruby", "perl", "node", NULL};
  const char *t = rc_path_base(w[0]);
  bool known = false;
  for (size_t i = 0; progs[i] && !known; i++)
    known = strcmp(t, progs[i]) == 0;
  if (!known)
    return 0;
  size_t k = 1;
  while (k < n && w[k][0] == '-')
    k++;
  return k < n && !is_op(w[k]) && strchr(w[k], '/') ? k : 0;
}

/* `tox` with no -e runs the environments TOXENV names - the step's env
 * (`env: TOXENV: ruff`) or an assignment before it (`TOXENV=lint tox`) -
 * as `tox -e ruff` would; false (h untouched) for any other command. */
static bool tox_from_env(struct rc_pipeline_scan *s, const char *const *w,
                         size_t i0, size_t n, struct rc_gate_hit *h)
{
  /* python3 -m tox */
  if (strncmp(rc_path_base(w[i0]), "python", 6) == 0 && i0 + 2 < n &&
      strcmp(w[i0 + 1], "-m") == 0)
    i0 += 2;
  if (strcmp(rc_path_base(w[i0]), "tox") != 0)
    return false;
  for (size_t k = i0 + 1; k < n; k++)
    if (strncmp(w[k], "-e", 2) == 0 || strcmp(w[k], "--env") == 0)
      return false;
  const char *envs = NULL;
  for (size_t k = 0; k < i0; k++)
    if (strncmp(w[k], "TOXENV=", 7) == 0)
      envs = w[k] + 7;
  if (!envs)
    envs = rc_vars_get(&s->sh, "TOXENV");
  if (!envs || !*envs || strchr(envs, '$'))
    return false;
  const char *tw[] = {"tox", "-e", envs};
  rc_gate_of_command(tw, 3, h);
  return true;
}

/* docker|podman|nerdctl [buildx|image] build [-f FILE] [--target T]
 * CONTEXT: the Dockerfile it builds (-f from the working folder, else
 * CONTEXT/Dockerfile) read as above. False when w is no such build. */
static bool docker_build(struct ctx *c, const char *const *w, size_t n, long id)
{
  static const char *const flags[] = {
      "--pull", "--no-cache", "--push",   "--load",     "-q", "--quiet",
      "--rm",   "--force-rm", "--squash", "--compress", NULL};
  const char *t = rc_path_base(w[0]);
  if (strcmp(t, "docker") != 0 && strcmp(t, "podman") != 0 &&
      strcmp(t, "nerdctl") != 0)
    return false;
  size_t i = 1;
  if (i < n && (strcmp(w[i], "buildx") == 0 || strcmp(w[i], "image") == 0))
    i++;
  if (i >= n || strcmp(w[i], "build") != 0)
    return false;
  const char *file = NULL, *target = NULL, *context = NULL;
  for (i++; i < n && !is_op(w[i]); i++) {
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0) && i + 1 < n)
      file = w[++i];
    else if (strncmp(w[i], "--file=", 7) == 0)
      file = w[i] + 7;
    else if (strcmp(w[i], "--target") == 0 && i + 1 < n)
      target = w[++i];
    else if (strncmp(w[i], "--target=", 9) == 0)
      target = w[i] + 9;
    else if (w[i][0] == '-') {
      bool flag = strchr(w[i], '=') != NULL;
      for (size_t k = 0; flags[k] && !flag; k++)
        flag = strcmp(w[i], flags[k]) == 0;
      i += !flag; /* an option's value */
    } else if (!context)
      context = w[i];
  }
  if (!context || strchr(context, '$') || strcmp(context, "-") == 0 ||
      strstr(context, "://") || (file && strchr(file, '$')) ||
      (target && strchr(target, '$')))
    return false;
  const char *dir = in_checkout(c->s, rc_path_join(c->s->a, c->cwd, context));
  if (!dir)
    return false;
  const char *df = file ? rc_path_join(c->s->a, c->cwd, file)
                        : rc_path_join(c->s->a, dir, "Dockerfile");
  run_image_build(c, id, df, dir, target);
  return true;
}

static void run_simple(struct ctx *c, const char **w, size_t n,
                       const char *path, unsigned line, const char **cwd,
                       bool masked)
{
  /* shell syntax that runs nothing of its own */
  static const char *const skip[] = {
      "fi",       "done",     "esac",   "}",      ")",     ";;",    "[",
      "[[",       "test",     "set",    "shopt",  "trap",  "local", "export",
      "declare",  "readonly", "unset",  "return", "shift", "wait",  "case",
      "function", "echo",     "printf", "cat",    "sleep", "mkdir", "cp",
      "mv",       "rm",       "chmod",  "chown",  "ln",    "touch", "ls",
      "pwd",      "cd",       "pushd",  "popd",   "read",  "let",   "alias",
      "for",      "select",   NULL};
  if (!n || shell_assign(c->s, w, n))
    return;
  if (strcmp(w[0], "cd") == 0 || strcmp(w[0], "pushd") == 0) {
    if (n > 1 && !strchr(w[1], '$') && w[1][0] != '/' && w[1][0] != '-' &&
        w[1][0] != '~') {
      const char *d = in_checkout(c->s, rc_path_join(c->s->a, *cwd, w[1]));
      if (d)
        *cwd = d;
    }
    return;
  }
  struct compose_call cc;
  if (compose_call_of((const char *const *)w, n, &cc)) {
    struct ctx here = *c;
    here.cwd = *cwd;
    long id = add_cmd(&here, join_words(c->s->a, w, n), path, line);
    if (id >= 0) {
      c->s->p->cmds[id].masked = masked;
      run_compose(&here, (const char *const *)w, n, id);
    }
    return;
  }
  size_t i0 = rc_gate_command((const char *const *)w, n);
  if (i0 >= n)
    return;
  const char **cw = w + i0;
  size_t cn = n - i0;
  for (size_t k = 0; skip[k]; k++)
    if (strcmp(cw[0], skip[k]) == 0 && !fails_on_purpose(cw, cn))
      return;
  struct ctx here = *c;
  here.cwd = *cwd;
  long id = add_cmd(&here, join_words(c->s->a, w, n), path, line);
  if (id < 0)
    return;
  struct rc_ci_cmd *cmd = &c->s->p->cmds[id];
  cmd->masked = masked;
  cmd->fails = fails_on_purpose(cw, cn);
  /* computed commands (`${{ matrix.cmd }}`, `$RUN_TESTS`) say nothing;
   * a tool in a computed folder (`${{ runner.temp }}/bin/pint`) does */
  const char *prog_base = rc_path_base(cw[0]);
  if ((strncmp(cw[0], "${{", 3) == 0 || cw[0][0] == '$') &&
      (strchr(prog_base, '$') || strchr(prog_base, '}')))
    return;
  const char *prog = shell_c(cw, cn);
  if (prog && c->depth < MAX_DEPTH) {
    struct frame f = {NULL, rc_arena_printf(c->s->a, "c:%s", prog)};
    if (!on_stack(c->stack, f.key)) {
      struct ctx k = child(&here, id, NULL, &f);
      run_text(&k, prog, path, line, LINES_FIXED, false);
    }
    return;
  }
  struct rc_gate_hit h;
  if (!tox_from_env(c->s, (const char *const *)w, i0, n, &h))
    rc_gate_of_command(cw, cn, &h);
  if (!h.gates && !h.fixer && runs_named_script(w, i0))
    rc_gate_of_name(cw[0], &h);
  const char *t = rc_path_base(cw[0]);
  bool handled = false;
  if (make_tool(cw[0]))
    handled = run_make(&here, cw, cn, id, false);
  else if (strcmp(t, "just") == 0)
    handled = run_make(&here, cw, cn, id, true);
  else if (strcmp(t, "npm") == 0 || strcmp(t, "yarn") == 0 ||
           strcmp(t, "pnpm") == 0 || strcmp(t, "bun") == 0)
    handled = run_pm(&here, cw, cn, id);
  else if (strcmp(t, "composer") == 0)
    handled = run_composer(&here, cw, cn, id);
  else if (run_task_runner(&here, cw, cn, id, line, path))
    handled = true;
  else if (run_mise(&here, cw, cn, id) || run_taskfile(&here, cw, cn, id))
    handled = true;
  else if (run_py_script(&here, w, i0, n, id))
    handled = true;
  else if (run_nuke(&here, cw, cn, id))
    handled = true;
  else
    docker_build(&here, cw, cn, id);
  if (!handled) {
    const char *file = NULL;
    size_t at = 0;
    if (strcmp(t, "bash") == 0 || strcmp(t, "sh") == 0 ||
        strcmp(t, "zsh") == 0 || strcmp(t, "source") == 0 ||
        strcmp(cw[0], ".") == 0) {
      /* bash -xe ./scripts/test.sh, sh -o pipefail x.sh */
      size_t k = 1;
      while (k < cn && cw[k][0] == '-')
        k += strcmp(cw[k], "-o") == 0 || strcmp(cw[k], "+o") == 0 ? 2 : 1;
      if (k < cn && !is_op(cw[k])) {
        file = cw[k];
        at = k;
      }
    } else if (strchr(cw[0], '/') || ends_with(cw[0], ".sh")) {
      file = cw[0];
    } else if ((at = interpreter_script(cw, cn)) != 0) {
      file = cw[at];
    }
    if (file && !h.gates && run_file(&here, file, id))
      handled = true;
    /* `bash ./tests/showtime.sh ./tests/ci/ut_install.sh`: a wrapper that
     * runs its arguments runs them here, whatever its own name says */
    if (file && at + 1 < cn && runs_its_arguments(&here, file))
      run_words(&here, cw + at + 1, cn - at - 1, path, line, cwd);
    const char *fwd = file && at + 1 < cn && c->depth < MAX_DEPTH
                          ? forwarded(&here, file, cw + at + 1, cn - at - 1)
                          : NULL;
    struct frame ff = {NULL,
                       fwd ? rc_arena_printf(c->s->a, "fwd:%s", file) : NULL};
    if (fwd && !on_stack(c->stack, ff.key)) {
      struct ctx k = child(&here, id, NULL, &ff);
      run_text(&k, fwd, path, line, LINES_FIXED, false);
      handled = true;
    }
  }
  if (!handled || h.gates)
    cmd_gates(&here, id, h.gates, h.tool);
  if (h.lifecycle && java_lint(c->s))
    cmd_gates(&here, id, RC_GATE_LINT, "build lint plugin");
  if (next_type_check(&here, cw, cn))
    cmd_gates(&here, id, RC_GATE_LINT, "next build type check");
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

static void run_words(struct ctx *c, const char **w, size_t n, const char *path,
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
    bool masked = e < n && strcmp(w[e], "||") == 0 && swallows(w, n, e + 1);
    const char *prog = m ? rc_path_base(words[0]) : "";
    if (piped_download &&
        (strcmp(prog, "bash") == 0 || strcmp(prog, "sh") == 0))
      c->s->remote = true;
    if (piped_tests && runs_input(words, m)) {
      /* `ls tests/<glob>.sh | parallel`: every script of the test folder */
      struct ctx here = *c;
      here.cwd = *cwd;
      long id =
          add_cmd(&here, join_words(c->s->a, w + piped_from, e - piped_from),
                  path, line);
      cmd_gates(&here, id, RC_GATE_TESTS,
                rc_arena_printf(c->s->a, "the scripts of %s", piped_tests));
    } else {
      run_simple(c, words, m, path, line, cwd, masked);
    }
    bool piped = e < n && strcmp(w[e], "|") == 0;
    piped_download =
        piped && (strcmp(prog, "curl") == 0 || strcmp(prog, "wget") == 0);
    piped_tests = piped ? listed_tests(words, m) : NULL;
    piped_from = s;
    s = e + 1;
  }
}

enum { MAX_SH_VARS = 256, MAX_SH_VALUE = 512 };

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
static bool shell_assign(struct rc_pipeline_scan *s, const char **w, size_t n)
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
    run_text(c, subs[i], path, at, LINES_FIXED, false);
}

static void run_text(struct ctx *c, const char *text, const char *path,
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
        run_words(c, w, nw, path, at, cd_persists ? &cwd : &line_cwd);
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

/* ---- steps ----------------------------------------------------------------
 */

static struct rc_ci_step *add_step(struct rc_pipeline_scan *s, const char *path,
                                   unsigned line)
{
  struct rc_pipeline *p = s->p;
  rc_grow((void **)&p->steps, &p->cap_steps, p->n_steps, sizeof(*p->steps));
  struct rc_ci_step *st = &p->steps[p->n_steps++];
  memset(st, 0, sizeof(*st));
  st->at = (struct rc_where){path, line};
  st->workflow = path;
  st->gating = true;
  st->cmd0 = p->n_cmds;
  s->remote = false;
  rc_vars_release(&s->sh);
  rc_vars_init(&s->sh);
  return st;
}

/* Closes a step: its commands and the gates they add up to. */
static void end_step(struct rc_pipeline_scan *s, size_t i)
{
  struct rc_pipeline *p = s->p;
  struct rc_ci_step *st = &p->steps[i];
  st->n_cmds = p->n_cmds - st->cmd0;
  if (s->remote)
    st->opaque = true;
  s->remote = false;
  /* children follow their parent: accumulate backwards */
  for (size_t k = p->n_cmds; k-- > st->cmd0;) {
    struct rc_ci_cmd *cmd = &p->cmds[k];
    cmd->gates_all |= cmd->gates;
    if (cmd->parent >= (long)st->cmd0)
      p->cmds[cmd->parent].gates_all |= cmd->gates_all;
  }
  for (size_t k = st->cmd0; k < p->n_cmds; k++) {
    st->gates |= p->cmds[k].gates_all;
    if (!st->tool && p->cmds[k].tool && p->cmds[k].gates)
      st->tool = p->cmds[k].tool;
  }
}

static void step_name_gates(struct rc_ci_step *st, const char *name)
{
  struct rc_gate_hit h;
  rc_gate_of_name(name, &h);
  st->gates |= h.gates;
  if (h.gates && !st->tool)
    st->tool = name;
}

/* The raw line at 1-based line number; for "is this `run: |`". */
static bool block_scalar(const char *data, unsigned line)
{
  const char *p = data;
  for (unsigned l = 1; l < line && p; l++) {
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  if (!p)
    return false;
  const char *colon = memchr(p, ':', strcspn(p, "\n"));
  if (!colon)
    colon = p - 1; /* a sequence item: `- |` */
  const char *q = colon + 1;
  while (*q == ' ' || *q == '\t' || *q == '-')
    q++;
  return *q == '|';
}

/* ${{ matrix.k }} / ${{ matrix.k.sub }} with the values of the row being
 * read, ${{ inputs.k }} with the caller's `with:` being read, other
 * expressions as one word without spaces. */
static const char *substitute_exprs(struct ctx *c, const char *text,
                                    bool *unknown)
{
  if (!strstr(text, "${{"))
    return text;
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *p = text; *p;) {
    if (strncmp(p, "${{", 3) != 0) {
      rc_buf_putc(&b, *p++);
      continue;
    }
    const char *e = strstr(p, "}}");
    if (!e) {
      rc_buf_puts(&b, p);
      break;
    }
    const char *q = p + 3;
    while (*q == ' ')
      q++;
    char expr[128];
    size_t n = (size_t)(e - q);
    while (n && q[n - 1] == ' ')
      n--;
    if (n >= sizeof(expr))
      n = sizeof(expr) - 1;
    memcpy(expr, q, n);
    expr[n] = '\0';
    const char *val = NULL;
    if (strncmp(expr, "matrix.", 7) == 0 && c->row) {
      char *key = expr + 7;
      char *subkey = strchr(key, '.');
      if (subkey)
        *subkey++ = '\0';
      const cJSON *pick = get(c->row, key);
      if (pick && subkey)
        pick = get(pick, subkey);
      char buf[32];
      val = pick ? rc_doc_scalar_text(pick, buf, sizeof(buf)) : NULL;
      if (val)
        val = rc_arena_strdup(c->s->a, val);
    }
    if (!val && strncmp(expr, "inputs.", 7) == 0 && c->in) {
      char buf[32];
      const cJSON *pick = get(c->in, expr + 7);
      val = pick ? rc_doc_scalar_text(pick, buf, sizeof(buf)) : NULL;
      /* a caller's own expression (`${{ matrix.python }}`) says nothing */
      val = val && !strstr(val, "${{") ? rc_arena_strdup(c->s->a, val) : NULL;
    }
    if (val) {
      rc_buf_puts(&b, val);
    } else {
      if (strncmp(expr, "matrix.", 7) == 0)
        *unknown = true;
      rc_buf_puts(&b, "${{");
      for (const char *r = expr; *r; r++)
        if (*r != ' ')
          rc_buf_putc(&b, *r);
      rc_buf_puts(&b, "}}");
    }
    p = e + 2;
  }
  const char *out = rc_arena_strdup(c->s->a, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

/* The rows a step's text is read with: each of its job's matrix rows when
 * it names a matrix value, else none (one reading). */
static size_t step_rows(const struct ctx *c, const char *text)
{
  return c->rows && text && strstr(text, "matrix.") ? c->rows->n : 0;
}

/* A step's `env:` with a value from the matrix or the caller's inputs
 * (`TARGET: ${{ matrix.target }}`; what is "matrix." or "inputs."). */
static bool env_names(const cJSON *env, const char *what)
{
  const cJSON *v;
  cJSON_ArrayForEach(v, env)
  {
    if (cJSON_IsString(v) && strstr(v->valuestring, what))
      return true;
  }
  return false;
}

/* The step's `env:` as shell variables of its script (`make $TARGET`),
 * each with the row's expressions substituted; a value still computed
 * elsewhere (a secret, an output) is left unknown. */
static void step_env(struct ctx *c, const cJSON *env)
{
  const cJSON *v;
  cJSON_ArrayForEach(v, env)
  {
    if (!v->string || !cJSON_IsString(v) || c->s->sh.n >= MAX_SH_VARS)
      continue;
    bool unknown = false;
    const char *val = substitute_exprs(c, v->valuestring, &unknown);
    if (!unknown && !strstr(val, "${{") && strlen(val) <= MAX_SH_VALUE)
      rc_vars_set(&c->s->sh, v->string, val);
  }
}

/* text followed by the step's `env:` values as the row being read gives
 * them: rows that differ only in values nothing reads are read once. */
static const char *env_key(struct ctx *c, const cJSON *env, const char *text)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, text);
  const cJSON *v;
  cJSON_ArrayForEach(v, env)
  {
    bool unknown = false;
    if (!cJSON_IsString(v))
      continue;
    rc_buf_putc(&b, '\n');
    rc_buf_puts(&b, substitute_exprs(c, v->valuestring, &unknown));
  }
  const char *out = rc_arena_strdup(c->s->a, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

/* Actions whose `with:` holds a command line. */
static const char *action_command(const char *uses, const cJSON *with,
                                  const char **program)
{
  static const char *const table[][3] = {
      {"gradle/gradle-build-action", "arguments", "gradle"},
      {"gradle/actions/", "arguments", "gradle"},
      {"borales/actions-yarn", "cmd", "yarn"},
      {"php-actions/composer", "command", "composer"},
      {"addnab/docker-run-action", "run", ""},
      {"cross-platform-actions/action", "run", ""},
      {"vmactions/", "run", ""},
      {"uraimo/run-on-arch-action", "run", ""},
      /* retry wrappers run their command as a step would */
      {"nick-fields/retry", "command", ""},
      {"nick-invision/retry", "command", ""},
      {"Wandalen/wretry.action", "command", ""},
      /* runs the suite to measure it, then uploads the report */
      {"paambaati/codeclimate-action", "coverageCommand", ""},
  };
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
    if (strncasecmp(uses, table[i][0], strlen(table[i][0])) == 0) {
      *program = table[i][2];
      return str(with, table[i][1]);
    }
  return NULL;
}

/* The tool a `docker://` step runs: the image's name without registry,
 * owner or tag (ghcr.io/php-cs-fixer/php-cs-fixer:3-php8.4 ->
 * php-cs-fixer). */
static const char *docker_step_program(struct rc_arena *a, const char *image)
{
  const char *name = strrchr(image, '/');
  name = name ? name + 1 : image;
  return rc_arena_strndup(a, name, strcspn(name, ":@"));
}

/* A scalar of shell text at node: run with its lines mapped to the file
 * (a `|` block starts on the next line). */
static void run_node_text(struct ctx *c, const struct yaml_src *y,
                          const cJSON *node, const char *text)
{
  unsigned line = rc_docs_line(y->docs, node);
  bool literal = line && block_scalar(y->raw, line);
  run_text(c, text, y->path, literal ? line + 1 : line,
           literal ? LINES_LITERAL : LINES_FIXED, true);
}

static void run_step_node(struct ctx *c, struct rc_ci_step *st,
                          const struct yaml_src *y, const cJSON *step,
                          unsigned depth);

/* uses: ./path - a composite action of the repository: its steps'
 * commands belong to the step that uses it. */
static bool run_local_action(struct ctx *c, struct rc_ci_step *st,
                             const char *uses, unsigned depth)
{
  const char *dir = rc_path_join(c->s->a, "", uses + 2);
  if (!dir || depth > 4)
    return false;
  static const char *const names[] = {"action.yml", "action.yaml", NULL};
  const char *path = NULL;
  size_t len;
  const char *data = first_repo_file(c, dir, names, &path, &len);
  if (!data)
    return false;
  struct rc_docs docs;
  if (!parse_repo_yaml(c, path, data, len, &docs))
    return true;
  const cJSON *steps = docs.n ? get(get(docs.docs[0], "runs"), "steps") : NULL;
  struct yaml_src y = {&docs, data, path};
  const char *key = rc_arena_printf(c->s->a, "act:%s", path);
  if (!on_stack(c->stack, key)) {
    struct frame f = {NULL, key};
    struct ctx k = child(c, c->parent, uses, &f);
    k.depth = c->depth; /* an action is one call */
    k.rows = NULL;
    k.row = NULL;
    k.ins = NULL; /* an action's `inputs.` are its own */
    k.in = NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, steps) run_step_node(&k, st, &y, it, depth + 1);
  }
  rc_docs_release(&docs);
  return true;
}

/* A step whose text is a program (python, node), not commands. PowerShell
 * runs its lines as commands with their arguments, as a shell does
 * (`dotnet test`, `Invoke-Pester -CI`), so its steps are read. */
static bool shell_is_program(const char *shell)
{
  return shell &&
         (strncmp(shell, "python", 6) == 0 || strncmp(shell, "node", 4) == 0 ||
          strncmp(shell, "cmd", 3) == 0);
}

/* One step mapping (a workflow's or a composite action's): its run or
 * uses, as commands of st. */
static void run_step_node(struct ctx *c, struct rc_ci_step *st,
                          const struct yaml_src *y, const cJSON *step,
                          unsigned depth)
{
  const cJSON *run = get(step, "run");
  const char *uses = str(step, "uses");
  const char *wd = str(step, "working-directory");
  struct ctx k = *c;
  if (uses && strncmp(uses, "actions/checkout", 16) == 0 &&
      !str(get(step, "with"), "repository")) {
    const char *at = str(get(step, "with"), "path");
    c->s->checkout =
        at && !strstr(at, "${{") ? rc_path_join(c->s->a, "", at) : NULL;
  }
  if (wd && !strstr(wd, "${{")) {
    const char *d = in_checkout(c->s, rc_path_join(c->s->a, "", wd));
    k.cwd = d ? d : k.cwd;
  }
  if (cJSON_IsString(run) && !shell_is_program(str(step, "shell"))) {
    const char *t = run->valuestring;
    while (isspace((unsigned char)*t))
      t++;
    const cJSON *env = get(step, "env");
    bool env_rows = env_names(env, "matrix.");
    size_t nr = step_rows(c, env_rows ? "matrix." : t);
    /* a called workflow's `run: make ${{ inputs.make }}` is read once for
     * each caller's `with:` (`make: checkblack`) */
    bool env_ins = env_names(env, "inputs.");
    size_t ni = c->ins && (strstr(t, "inputs.") || env_ins) ? c->ins->n : 0;
    /* run: ${{ matrix.runs.test }} - a command computed elsewhere, unless
     * the job's matrix rows (or its callers' inputs) say what it is */
    k.row = nr ? c->rows->rows[0] : NULL;
    k.in = ni ? c->ins->rows[0] : NULL;
    if (strncmp(t, "${{", 3) == 0 && strstr(t, "}}") &&
        !*(strstr(t, "}}") + 2 + strspn(strstr(t, "}}") + 2, " \n")) &&
        !((nr || ni) &&
          !strstr(substitute_exprs(&k, t, &(bool){false}), "${{")))
      st->opaque = true;
    /* judged once per row: `make ${{ matrix.target }}` with target in
     * [lint, test] runs the tests; rows giving the same text once */
    const char *seen[MAX_VARIANTS];
    size_t n_seen = 0;
    for (size_t r = 0;
         r < (nr ? nr : 1) * (ni ? ni : 1) && n_seen < MAX_VARIANTS; r++) {
      k.in = ni ? c->ins->rows[r / (nr ? nr : 1)] : NULL;
      k.row = nr ? c->rows->rows[r % nr] : NULL;
      step_env(&k, env);
      bool unknown = false;
      const char *text = substitute_exprs(&k, run->valuestring, &unknown);
      /* rows whose env differs run different commands from one text */
      const char *key = env_rows || env_ins ? env_key(&k, env, text) : text;
      bool again = false;
      for (size_t i = 0; i < n_seen && !again; i++)
        again = strcmp(seen[i], key) == 0;
      if (again)
        continue;
      seen[n_seen++] = key;
      run_node_text(&k, y, run, text);
    }
    k.row = NULL;
    k.in = NULL;
  }
  if (!uses)
    return;
  const cJSON *unode = get(step, "uses");
  unsigned uline = rc_docs_line(y->docs, unode);
  if (strncmp(uses, "./", 2) == 0) {
    run_local_action(&k, st, uses, depth);
    return;
  }
  struct rc_gate_hit h;
  rc_gate_of_action(strncmp(uses, "docker://", 9) == 0 ? uses + 9 : uses, &h);
  long id =
      add_cmd(&k, rc_arena_printf(c->s->a, "uses: %s", uses), y->path, uline);
  cmd_gates(&k, id, h.gates, h.tool);
  const cJSON *with = get(step, "with");
  if (strncmp(uses, "docker/build-push-action@", 25) == 0) {
    /* its context is the repository unless `with: context:` says;
     * `file:` is relative to the workspace */
    const char *cx = str(with, "context"), *file = str(with, "file");
    const char *target = str(with, "target");
    const char *dir = cx && !strstr(cx, "${{")
                          ? in_checkout(c->s, rc_path_join(c->s->a, "", cx))
                      : cx ? NULL
                           : "";
    const char *df =
        file  ? (strstr(file, "${{") ? NULL : rc_path_join(c->s->a, "", file))
        : dir ? rc_path_join(c->s->a, dir, "Dockerfile")
              : NULL;
    if (dir && df && !(target && strstr(target, "${{")))
      run_image_build(&k, id, df, dir, target);
  }
  const char *program = "";
  const char *args = action_command(uses, with, &program);
  if (!args && strncmp(uses, "docker://", 9) == 0) {
    /* a container step runs the image's tool with `args` */
    program = docker_step_program(c->s->a, uses + 9);
    args = str(with, "args");
  }
  if (args && id >= 0) {
    struct frame f = {NULL, rc_arena_printf(c->s->a, "with:%s", uses)};
    struct ctx kk = child(&k, id, NULL, &f);
    const char *text =
        *program ? rc_arena_printf(c->s->a, "%s %s", program, args) : args;
    run_text(&kk, text, y->path, uline, LINES_FIXED, false);
  }
}

/* ---- GitHub Actions -------------------------------------------------------
 */

static bool gating_event(const char *e)
{
  return strcmp(e, "push") == 0 || strcmp(e, "pull_request") == 0 ||
         strcmp(e, "pull_request_target") == 0 || strcmp(e, "merge_group") == 0;
}

/* Records the workflow's name, whether it gates, and the workflows whose
 * completion runs it (rc_pipeline_finish() lets a workflow that only runs
 * after a gating one gate too: `on: workflow_run: workflows: [Build]`). */
static void note_workflow(struct rc_pipeline_scan *s, const char *path,
                          const cJSON *root, bool gating)
{
  const cJSON *on = get(root, "on");
  const cJSON *run = cJSON_IsObject(on) ? get(on, "workflow_run") : NULL;
  const cJSON *names = run ? get(run, "workflows") : NULL;
  rc_grow((void **)&s->wfs, &s->cap_wfs, s->n_wfs, sizeof(*s->wfs));
  struct workflow *w = &s->wfs[s->n_wfs++];
  *w = (struct workflow){keep(s, path), keep(s, str(root, "name")), gating,
                         NULL, 0};
  size_t n = cJSON_IsArray(names) ? (size_t)cJSON_GetArraySize(names) : 0;
  if (!n)
    return;
  w->after = rc_arena_alloc(s->a, n * sizeof(*w->after));
  const cJSON *it;
  cJSON_ArrayForEach(it, names) if (cJSON_IsString(it)) w->after[w->n_after++] =
      keep(s, it->valuestring);
}

/* Workflows that run after a gating workflow completes gate as well: a
 * test workflow chained after the push-triggered build. */
static void chain_workflow_runs(struct rc_pipeline_scan *s)
{
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < s->n_wfs; i++) {
      struct workflow *w = &s->wfs[i];
      for (size_t k = 0; !w->gating && k < w->n_after; k++)
        for (size_t j = 0; j < s->n_wfs; j++)
          if (j != i && s->wfs[j].gating && s->wfs[j].name &&
              strcmp(s->wfs[j].name, w->after[k]) == 0)
            w->gating = changed = true;
    }
  }
  struct rc_pipeline *p = s->p;
  for (size_t i = 0; i < s->n_wfs; i++) {
    if (!s->wfs[i].gating || !s->wfs[i].n_after)
      continue;
    for (size_t k = 0; k < p->n_steps; k++)
      if (p->steps[k].workflow &&
          strcmp(p->steps[k].workflow, s->wfs[i].path) == 0)
        p->steps[k].gating = true;
    for (size_t c = 0; c < s->n_calls; c++)
      if (strcmp(s->calls[c].caller, s->wfs[i].path) == 0)
        s->calls[c].gating = true;
  }
}

static bool gating_triggers(const cJSON *on)
{
  if (!on)
    return true;
  if (cJSON_IsString(on))
    return gating_event(on->valuestring);
  const cJSON *it;
  if (cJSON_IsArray(on)) {
    cJSON_ArrayForEach(it, on) if (cJSON_IsString(it) &&
                                   gating_event(it->valuestring)) return true;
    return false;
  }
  cJSON_ArrayForEach(it, on) if (it->string &&
                                 gating_event(it->string)) return true;
  return false;
}

static void step_with(struct rc_pipeline_scan *s, struct rc_ci_step *st,
                      const cJSON *with)
{
  size_t n = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, with) n++;
  if (!n)
    return;
  const char **pairs = rc_arena_alloc(s->a, 2 * n * sizeof(*pairs));
  size_t k = 0;
  cJSON_ArrayForEach(it, with)
  {
    char buf[32];
    const char *v = rc_doc_scalar_text(it, buf, sizeof(buf));
    if (!it->string || !v)
      continue;
    pairs[k++] = rc_arena_strdup(s->a, it->string);
    pairs[k++] = rc_arena_strdup(s->a, v);
  }
  st->with = pairs;
  st->n_with = k / 2;
}

/* A remote reusable workflow's input that switches on a test of what it
 * builds (`smoke-test-url: http://localhost:8080/status.php`, `run-tests:
 * true`, `test-command: make test`): the caller asks for that test,
 * whatever the workflow is named. Every word of the input's name must say
 * so - `test-environment: staging` names a place, not a test - and an
 * input that is off (`run-tests: false`) or turns tests off (`skip-tests`)
 * is none. */
static const char *test_input(const cJSON *with)
{
  static const char *const words[] = {"test",    "tests",  "smoke",  "run",
                                      "command", "cmd",    "script", "url",
                                      "port",    "target", "suite",  NULL};
  const cJSON *it;
  cJSON_ArrayForEach(it, with)
  {
    char buf[32];
    const char *v = rc_doc_scalar_text(it, buf, sizeof(buf));
    if (!it->string || !v || !*v || strcasecmp(v, "false") == 0 ||
        strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0)
      continue;
    bool test = false, other = false;
    for (const char *p = it->string; *p;) {
      size_t n = strcspn(p, "-_");
      bool known = false;
      for (size_t k = 0; words[k]; k++)
        known |= strlen(words[k]) == n && strncasecmp(p, words[k], n) == 0;
      test |= (n == 4 || n == 5) && strncasecmp(p, "tests", n) == 0;
      other |= !known;
      p += n;
      p += *p != '\0';
    }
    if (test && !other)
      return it->string;
  }
  return NULL;
}

static const char *cond_text(struct rc_pipeline_scan *s, const cJSON *v)
{
  char buf[32];
  const char *t = v ? rc_doc_scalar_text(v, buf, sizeof(buf)) : NULL;
  return t ? rc_arena_strdup(s->a, t) : NULL;
}

static bool autofix_action(const char *uses)
{
  static const char *const fixers[] = {
      "autofix-ci/action",         "stefanzweifel/git-auto-commit-action",
      "endbug/add-and-commit",     "peter-evans/create-pull-request",
      "pre-commit-ci/lite-action", NULL};
  for (size_t i = 0; uses && fixers[i]; i++)
    if (strncasecmp(uses, fixers[i], strlen(fixers[i])) == 0)
      return true;
  return false;
}

/* A step that runs only for pushes to a branch or tag (`if: github.ref ==
 * 'refs/heads/dev' && github.event_name == 'push'`): a release or publish
 * step, whose commit (a version bump, generated types) fixes nothing the
 * pull request's checks found. */
static bool push_only(const char *cond)
{
  return cond && (strstr(cond, "github.ref ==") ||
                  strstr(cond, "startsWith(github.ref,") ||
                  strstr(cond, "event_name == 'push'") ||
                  strstr(cond, "event_name == \"push\""));
}

/* A job whose steps commit what they changed fixes code; its lint and
 * format steps are fixers, not gates. */
static void mark_fix_job(struct rc_pipeline_scan *s, size_t first)
{
  struct rc_pipeline *p = s->p;
  bool fix = false;
  for (size_t i = first; i < p->n_steps && !fix; i++) {
    if (push_only(p->steps[i].cond))
      continue;
    fix = autofix_action(p->steps[i].uses);
    for (size_t k = 0; k < p->steps[i].n_cmds && !fix; k++)
      fix = strncmp(p->cmds[p->steps[i].cmd0 + k].text, "git commit", 10) == 0;
  }
  for (size_t i = first; fix && i < p->n_steps; i++)
    p->steps[i].fix_job = true;
}

/* A throwaway cluster on the runner: kind, k3d, minikube. */
static bool local_cluster(const struct rc_pipeline *p,
                          const struct rc_ci_step *st)
{
  static const char *const actions[] = {"helm/kind-action",
                                        "engineerd/setup-kind",
                                        "medyagh/setup-minikube",
                                        "AbsaOSS/k3d-action",
                                        "nolar/setup-k3d-k3s",
                                        "container-tools/kind-action",
                                        NULL};
  for (size_t a = 0; st->uses && actions[a]; a++)
    if (strncmp(st->uses, actions[a], strlen(actions[a])) == 0)
      return true;
  /* other setup actions name the tool (manusa/actions-setup-minikube) */
  static const char *const tools[] = {"minikube", "setup-kind", "kind-action",
                                      "k3d", NULL};
  for (size_t a = 0; st->uses && tools[a]; a++)
    if (strstr(st->uses, tools[a]))
      return true;
  for (size_t k = 0; k < st->n_cmds; k++) {
    const char *t = p->cmds[st->cmd0 + k].text;
    if (strstr(t, "kind create cluster") || strstr(t, "k3d cluster create") ||
        strstr(t, "minikube start"))
      return true;
  }
  return false;
}

/* Installing into a cluster and waiting for it to come up is a test of
 * the chart or manifests when the cluster is a throwaway one the job made
 * (`helm install --wait` after helm/kind-action): not a deployment. */
static void mark_cluster_tests(struct rc_pipeline_scan *s, size_t first)
{
  struct rc_pipeline *p = s->p;
  bool cluster = false;
  size_t made = p->n_steps;
  for (size_t i = first; i < p->n_steps && !cluster; i++)
    if ((cluster = local_cluster(p, &p->steps[i])))
      made = i;
  for (size_t i = made; i < p->n_steps; i++)
    p->steps[i].test_cluster = true;
  for (size_t i = first; cluster && i < p->n_steps; i++) {
    struct rc_ci_step *st = &p->steps[i];
    for (size_t k = 0; k < st->n_cmds; k++) {
      const char *t = p->cmds[st->cmd0 + k].text;
      bool install = strstr(t, "helm install") || strstr(t, "helm upgrade");
      if ((install && strstr(t, "--wait")) || strstr(t, "kubectl wait") ||
          strstr(t, "kubectl rollout status")) {
        st->gates |= RC_GATE_TESTS;
        if (!st->tool)
          st->tool = "an install into a local cluster";
        break;
      }
    }
  }
}

/* "test" or "tests" as a whole word at p; RSpec's "spec" or "specs" too
 * ("Run specs for main"). */
static bool test_word(const char *p)
{
  if (strncasecmp(p, "test", 4) != 0 && strncasecmp(p, "spec", 4) != 0)
    return false;
  p += 4;
  if (*p == 's' || *p == 'S')
    p++;
  return !isalnum((unsigned char)*p);
}

/* A step named for what it does: "Test backup script", "Run tests",
 * "Run e2e tests", "run specs" (a test verb first, not "Upload test
 * results"). */
static bool test_verb(const char *name)
{
  if (!name)
    return false;
  const char *p = name;
  while (*p && !isalnum((unsigned char)*p))
    p++;
  /* "Run Playwright tests", "Run backend unit tests": after "run", up to
   * two words name the suite or its runner */
  unsigned words = 0;
  if (strncasecmp(p, "run ", 4) == 0) {
    p += 4;
    words = 2;
  }
  static const char *const kinds[] = {
      "unit ",  "integration ", "e2e ", "end-to-end ",
      "smoke ", "acceptance ",  NULL};
  for (unsigned k = 0;; k++) {
    for (size_t i = 0; kinds[i]; i++)
      if (strncasecmp(p, kinds[i], strlen(kinds[i])) == 0)
        p += strlen(kinds[i]);
    if (test_word(p))
      return true;
    if (k == words)
      return false;
    while (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.')
      p++;
    if (*p != ' ')
      return false;
    p++;
  }
}

/* What a job's steps share. */
struct gh_job {
  const char *path;
  const struct yaml_src *y;
  const struct rc_docs *docs;
  const char *jid;
  const cJSON *jsoft;
  bool gating;
  const struct job_rows *rows;
  const char *cwd;
  const struct job_rows *ins; /* the workflow's local callers' `with:` */
};

/* A job's step list. A `parallel:` item holds steps that run side by side:
 * each is a step of the job like the others. */
static void gh_steps(struct rc_pipeline_scan *s, const struct gh_job *j,
                     const cJSON *steps, unsigned depth)
{
  const cJSON *step;
  cJSON_ArrayForEach(step, steps)
  {
    if (!cJSON_IsObject(step))
      continue;
    const cJSON *par = get(step, "parallel");
    if (cJSON_IsArray(par) && !get(step, "run") && !get(step, "uses")) {
      if (depth < 4)
        gh_steps(s, j, par, depth + 1);
      continue;
    }
    size_t i = s->p->n_steps;
    struct rc_ci_step *st = add_step(s, j->path, rc_docs_line(j->docs, step));
    st->job = keep(s, j->jid);
    st->name = keep(s, str(step, "name"));
    st->id = keep(s, str(step, "id"));
    st->uses = keep(s, str(step, "uses"));
    st->cond = cond_text(s, get(step, "if"));
    st->gating = j->gating;
    step_with(s, st, get(step, "with"));
    const cJSON *soft = get(step, "continue-on-error");
    if (is_true(soft) || is_true(j->jsoft)) {
      st->soft = true;
      st->soft_at = (struct rc_where){
          j->path, rc_docs_line(j->docs, is_true(soft) ? soft : j->jsoft)};
    }
    struct ctx c = {s,       j->cwd, -1,     NULL, 0, NULL,
                    j->rows, NULL,   j->ins, NULL, 0};
    run_step_node(&c, st, j->y, step, 0);
    end_step(s, i);
    st = &s->p->steps[i];
    if (st->opaque)
      step_name_gates(st, st->name);
    else if (!(st->gates & RC_GATE_TESTS) && test_verb(st->name)) {
      st->gates |= RC_GATE_TESTS;
      st->tool = st->name;
    }
  }
}

/* `on: workflow_call` (or `on: [push, workflow_call]`): other workflows
 * call this one. */
static bool called_workflow(const cJSON *on)
{
  if (cJSON_IsString(on))
    return strcmp(on->valuestring, "workflow_call") == 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, on)
  {
    const char *ev = cJSON_IsString(it) ? it->valuestring : it->string;
    if (ev && strcmp(ev, "workflow_call") == 0)
      return true;
  }
  return false;
}

struct callers {
  struct rc_pipeline_scan *s;
  const char *callee;
  cJSON *withs;
};

/* A calling job's `with:` whose values name its matrix (`TOXENV: ${{
 * matrix.TOXENV }}`, the matrix listing lint, mypy and cover): one
 * `with:` per matrix row, values substituted, added to withs, so the
 * called workflow is read once for each. False when no value names it. */
static bool with_matrix_rows(struct rc_arena *a, cJSON *withs, const cJSON *job,
                             const cJSON *with)
{
  const cJSON *matrix = get(get(job, "strategy"), "matrix");
  const cJSON *v;
  bool names = false;
  cJSON_ArrayForEach(v, with) names |=
      cJSON_IsString(v) && strstr(v->valuestring, "matrix.") != NULL;
  cJSON *made = names && matrix ? cJSON_CreateArray() : NULL;
  const cJSON *rows[MAX_ROWS];
  size_t n = made ? rc_matrix_rows(matrix, made, rows, MAX_ROWS) : 0;
  for (size_t r = 0; r < n && cJSON_GetArraySize(withs) < MAX_ROWS; r++) {
    cJSON *row = cJSON_Duplicate(with, true);
    cJSON_ArrayForEach(v, with)
    {
      const char *t = cJSON_IsString(v)
                          ? rc_matrix_subst(a, v->valuestring, rows[r])
                          : NULL;
      if (t && t != v->valuestring)
        cJSON_ReplaceItemInObjectCaseSensitive(row, v->string,
                                               cJSON_CreateString(t));
    }
    cJSON_AddItemToArray(withs, row);
  }
  cJSON_Delete(made);
  return n > 0;
}

static int on_caller(const struct rc_entry *e, void *arg)
{
  struct callers *cs = arg;
  size_t len;
  const char *data = repo_file(cs->s, e->path, &len);
  struct rc_docs docs;
  char err[256];
  if (!data || strcmp(e->path, cs->callee) == 0 ||
      rc_doc_cache_parse(rc_index_docs(cs->s->idx), &docs, data, len, e->path,
                         RC_DOC_YAML, err, sizeof(err)) != 0)
    return 0;
  const cJSON *job;
  cJSON_ArrayForEach(job, get(docs.n ? docs.docs[0] : NULL, "jobs"))
  {
    const char *uses = str(job, "uses");
    const cJSON *with = get(job, "with");
    const char *callee = uses && strncmp(uses, "./", 2) == 0
                             ? rc_path_join(cs->s->a, "", uses + 2)
                             : NULL;
    if (callee && strcmp(callee, cs->callee) == 0 && cJSON_IsObject(with) &&
        !with_matrix_rows(cs->s->a, cs->withs, job, with) &&
        cJSON_GetArraySize(cs->withs) < MAX_ROWS)
      cJSON_AddItemToArray(cs->withs, cJSON_Duplicate(with, true));
  }
  rc_docs_release(&docs);
  return 0;
}

/* The `with:` of every job of the repository's workflows that calls the
 * workflow at path (`uses: ./.github/workflows/make.yml`, `with: make:
 * checkblack`), as an array the caller deletes; NULL when none does. */
static cJSON *callers_with(struct rc_pipeline_scan *s, const char *path)
{
  struct callers cs = {s, path, cJSON_CreateArray()};
  if (!cs.withs)
    return NULL;
  rc_index_glob(s->idx, ".github/workflows/*.yml", RC_ENTRY_FILE, on_caller,
                &cs);
  rc_index_glob(s->idx, ".github/workflows/*.yaml", RC_ENTRY_FILE, on_caller,
                &cs);
  if (!cs.withs->child) {
    cJSON_Delete(cs.withs);
    return NULL;
  }
  return cs.withs;
}

static void read_github(struct rc_pipeline_scan *s, const char *path,
                        const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(s->idx), &docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)) != 0) {
    add_error(s, path, err);
    return;
  }
  struct yaml_src y = {&docs, data, path};
  const cJSON *root = docs.n ? docs.docs[0] : NULL;
  bool gating = gating_triggers(get(root, "on"));
  note_workflow(s, path, root, gating);
  const char *wf_wd =
      str(get(get(root, "defaults"), "run"), "working-directory");
  struct job_rows ins = {{NULL}, 0};
  cJSON *withs =
      called_workflow(get(root, "on")) ? callers_with(s, path) : NULL;
  for (const cJSON *w = withs ? withs->child : NULL; w && ins.n < MAX_ROWS;
       w = w->next)
    ins.rows[ins.n++] = w;
  const cJSON *job;
  cJSON_ArrayForEach(job, get(root, "jobs"))
  {
    const char *jid = job->string;
    const char *jname = str(job, "name") ? str(job, "name") : jid;
    const cJSON *jsoft = get(job, "continue-on-error");
    const char *juses = str(job, "uses");
    if (juses && strncmp(juses, "./", 2) == 0) {
      const char *callee = rc_path_join(s->a, "", juses + 2);
      if (callee) {
        rc_grow((void **)&s->calls, &s->cap_calls, s->n_calls,
                sizeof(*s->calls));
        s->calls[s->n_calls++] = (struct call){path, callee, gating};
      }
      continue;
    }
    if (juses) { /* a remote reusable workflow: its name and the job's */
      size_t i = s->p->n_steps;
      struct rc_ci_step *st =
          add_step(s, path, rc_docs_line(&docs, get(job, "uses")));
      st->job = keep(s, jid);
      st->name = keep(s, jname);
      st->uses = keep(s, juses);
      st->gating = gating;
      st->opaque = true;
      st->soft = is_true(jsoft);
      if (st->soft)
        st->soft_at = (struct rc_where){path, rc_docs_line(&docs, jsoft)};
      end_step(s, i);
      struct rc_gate_hit h;
      rc_gate_of_action(juses, &h);
      s->p->steps[i].gates |= h.gates;
      s->p->steps[i].tool = h.gates ? s->p->steps[i].uses : NULL;
      step_name_gates(&s->p->steps[i], s->p->steps[i].name);
      const char *input = test_input(get(job, "with"));
      if (input && !(s->p->steps[i].gates & RC_GATE_TESTS)) {
        s->p->steps[i].gates |= RC_GATE_TESTS;
        s->p->steps[i].tool = rc_arena_printf(s->a, "input '%s'", input);
      }
      continue;
    }
    const cJSON *matrix = get(get(job, "strategy"), "matrix");
    if (!cJSON_IsObject(matrix))
      matrix = NULL;
    const char *jwd =
        str(get(get(job, "defaults"), "run"), "working-directory");
    if (!jwd)
      jwd = wf_wd;
    const char *cwd =
        jwd && !strstr(jwd, "${{") ? rc_path_join(s->a, "", jwd) : "";
    size_t first = s->p->n_steps;
    struct job_rows rows = {{NULL}, 0};
    cJSON *made = matrix ? cJSON_CreateArray() : NULL;
    if (made)
      rows.n = rc_matrix_rows(matrix, made, rows.rows, MAX_ROWS);
    struct gh_job gj = {path,
                        &y,
                        &docs,
                        jid,
                        jsoft,
                        gating,
                        rows.n ? &rows : NULL,
                        cwd ? cwd : "",
                        ins.n ? &ins : NULL};
    s->checkout = NULL;
    gh_steps(s, &gj, get(job, "steps"), 0);
    s->checkout = NULL;
    cJSON_Delete(made);
    mark_fix_job(s, first);
    mark_cluster_tests(s, first);
  }
  cJSON_Delete(withs);
  rc_docs_release(&docs);
}

/* ---- GitLab CI ------------------------------------------------------------
 */

struct gl_doc {
  struct rc_docs docs;
  const char *path;
  const char *raw;
};

struct gl_unit {
  struct gl_doc docs[MAX_INCLUDES];
  size_t n;
};

static bool gl_reserved(const char *k)
{
  static const char *const words[] = {
      "stages",       "variables", "default", "include",       "workflow",
      "image",        "services",  "cache",   "before_script", "after_script",
      "pages:deploy", "types",     NULL};
  for (size_t i = 0; words[i]; i++)
    if (strcmp(k, words[i]) == 0)
      return true;
  return false;
}

static bool already_read(struct rc_pipeline_scan *s, const char *path)
{
  for (size_t i = 0; i < s->n_read; i++)
    if (strcmp(s->read[i], path) == 0)
      return true;
  return false;
}

static void mark_read(struct rc_pipeline_scan *s, const char *path)
{
  rc_grow((void **)&s->read, &s->cap_read, s->n_read, sizeof(*s->read));
  s->read[s->n_read++] = rc_arena_strdup(s->a, path);
}

/* The items of a GitLab file's `include:` (one, or a list), at most max. */
static size_t gl_includes(const struct gl_doc *d, const cJSON **list,
                          size_t max)
{
  const cJSON *inc = d->docs.n ? get(d->docs.docs[0], "include") : NULL;
  size_t n = 0;
  if (cJSON_IsArray(inc)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, inc) if (n < max) list[n++] = it;
  } else if (inc && max) {
    list[n++] = inc;
  }
  return n;
}

/* What an include of another repository's configuration names: the file
 * of a `project:` (`mautrix/ci` `/go.yml`), a `template:`
 * (`Security/SAST.gitlab-ci.yml`), a `component:` (`.../go/test@1`) or a
 * `remote:` URL; NULL for a local include. The file names the jobs it
 * brings, as a remote reusable workflow of GitHub does. */
static const char *gl_remote_ref(struct rc_pipeline_scan *s, const cJSON *it)
{
  if (cJSON_IsString(it))
    return strstr(it->valuestring, "://") ? it->valuestring : NULL;
  static const char *const keys[] = {"component", "template", "remote", NULL};
  for (size_t i = 0; keys[i]; i++)
    if (str(it, keys[i]))
      return str(it, keys[i]);
  if (!str(it, "project"))
    return NULL;
  const cJSON *file = get(it, "file");
  const char *f = cJSON_IsArray(file) && cJSON_IsString(file->child)
                      ? file->child->valuestring
                      : str(it, "file");
  return f ? rc_arena_printf(s->a, "%s:%s%s", str(it, "project"),
                             f[0] == '/' ? "" : "/", f)
           : str(it, "project");
}

/* The name a remote configuration's reference is judged by: its file or
 * component without folders, version and YAML suffixes
 * ("Security/SAST.gitlab-ci.yml" "SAST", ".../go/test@1" "test"). */
static const char *gl_ref_name(struct rc_pipeline_scan *s, const char *ref)
{
  char buf[160];
  snprintf(buf, sizeof(buf), "%s", ref);
  buf[strcspn(buf, "@?#")] = '\0';
  const char *base = rc_path_base(buf);
  char name[160];
  snprintf(name, sizeof(name), "%s", base);
  static const char *const suffixes[] = {".gitlab-ci.yml", ".gitlab-ci.yaml",
                                         ".yml", ".yaml", NULL};
  size_t n = strlen(name);
  for (size_t i = 0; suffixes[i]; i++) {
    size_t m = strlen(suffixes[i]);
    if (n > m && strcasecmp(name + n - m, suffixes[i]) == 0) {
      name[n - m] = '\0';
      break;
    }
  }
  return rc_arena_strdup(s->a, name);
}

/* A step for a job that is another repository's configuration: opaque,
 * judged by its name. */
static void remote_step(struct rc_pipeline_scan *s, const char *path,
                        unsigned line, const char *job, const char *name,
                        const char *uses)
{
  size_t i = s->p->n_steps;
  struct rc_ci_step *st = add_step(s, path, line);
  st->job = keep(s, job);
  st->name = keep(s, name);
  st->uses = keep(s, uses);
  st->opaque = true;
  st->remote = true;
  end_step(s, i);
  step_name_gates(&s->p->steps[i], s->p->steps[i].name);
}

/* Each include of another repository's configuration as a step (the jobs
 * it brings run for pushes unless they say otherwise); true when the unit
 * has one. */
static bool gl_remote_steps(struct rc_pipeline_scan *s, const struct gl_unit *u)
{
  bool any = false;
  for (size_t di = 0; di < u->n; di++) {
    const cJSON *list[64];
    size_t nl = gl_includes(&u->docs[di], list, 64);
    for (size_t i = 0; i < nl; i++) {
      const char *ref = gl_remote_ref(s, list[i]);
      if (!ref)
        continue;
      remote_step(s, u->docs[di].path, rc_docs_line(&u->docs[di].docs, list[i]),
                  NULL, gl_ref_name(s, ref), ref);
      any = true;
    }
  }
  return any;
}

static void gl_load(struct rc_pipeline_scan *s, struct gl_unit *u,
                    const char *path, const char *data, size_t len)
{
  if (u->n >= MAX_INCLUDES || already_read(s, path))
    return;
  mark_read(s, path);
  struct gl_doc *d = &u->docs[u->n];
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(s->idx), &d->docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)) != 0) {
    add_error(s, path, err);
    return;
  }
  d->path = rc_arena_strdup(s->a, path);
  d->raw = data;
  u->n++;
  const cJSON *list[64];
  size_t nl = gl_includes(d, list, 64);
  for (size_t i = 0; i < nl; i++) {
    const char *local =
        cJSON_IsString(list[i]) ? list[i]->valuestring : str(list[i], "local");
    if (!local || strstr(local, "://") || strchr(local, '$') ||
        strchr(local, '*'))
      continue;
    while (*local == '/')
      local++;
    const char *p = rc_path_join(s->a, "", local);
    size_t n;
    const char *bytes = p ? repo_file(s, p, &n) : NULL;
    if (bytes)
      gl_load(s, u, p, bytes, n);
  }
}

/* A job by name across the unit's files, with its file. */
static const cJSON *gl_job(const struct gl_unit *u, const char *name,
                           const struct gl_doc **in)
{
  for (size_t i = u->n; i-- > 0;) {
    const cJSON *j =
        u->docs[i].docs.n ? get(u->docs[i].docs.docs[0], name) : NULL;
    if (cJSON_IsObject(j)) {
      *in = &u->docs[i];
      return j;
    }
  }
  return NULL;
}

/* key of job, or of what it extends (the last extended wins). */
static const cJSON *gl_key(const struct gl_unit *u, const cJSON *job,
                           const struct gl_doc *jd, const char *key,
                           const struct gl_doc **in, unsigned depth)
{
  const cJSON *v = get(job, key);
  if (v) {
    *in = jd;
    return v;
  }
  const cJSON *ext = get(job, "extends");
  if (!ext || depth > 8)
    return NULL;
  const cJSON *names[16];
  size_t n = 0;
  if (cJSON_IsString(ext))
    names[n++] = ext;
  else {
    const cJSON *it;
    cJSON_ArrayForEach(it, ext) if (n < 16 && cJSON_IsString(it)) names[n++] =
        it;
  }
  for (size_t i = n; i-- > 0;) {
    const struct gl_doc *ed = NULL;
    const cJSON *e = gl_job(u, names[i]->valuestring, &ed);
    if (e && (v = gl_key(u, e, ed, key, in, depth + 1)))
      return v;
  }
  return NULL;
}

static void gl_run_script(struct ctx *c, const struct gl_doc *d, const cJSON *v)
{
  struct yaml_src y = {&d->docs, d->raw, d->path};
  if (cJSON_IsString(v)) {
    run_node_text(c, &y, v, v->valuestring);
  } else if (cJSON_IsArray(v)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, v) gl_run_script(c, d, it);
  }
}

static void read_gitlab(struct rc_pipeline_scan *s, const char *path,
                        const char *data, size_t len)
{
  struct gl_unit *u = rc_xcalloc(1, sizeof(*u));
  gl_load(s, u, path, data, len);
  size_t first_remote = s->p->n_steps;
  bool remote = gl_remote_steps(s, u);
  bool own = false; /* a job of the unit runs a script of its own */
  for (size_t di = 0; di < u->n; di++) {
    const struct gl_doc *d = &u->docs[di];
    const cJSON *root = d->docs.n ? d->docs.docs[0] : NULL;
    const cJSON *deflt = get(root, "default");
    const cJSON *job;
    cJSON_ArrayForEach(job, root)
    {
      const char *name = job->string;
      /* a document that is a list, not a mapping, has no named jobs */
      if (!name || !cJSON_IsObject(job) || name[0] == '.' ||
          gl_reserved(name) || get(job, "trigger"))
        continue;
      const struct gl_doc *sd = d, *bd = d, *ad = d, *fd = d, *wd = d;
      const cJSON *script = gl_key(u, job, d, "script", &sd, 0);
      /* a job that extends a remote include's template (`test: extends:
       * .go-test`) runs what that template says: its name tells */
      if (!script && remote && get(job, "extends"))
        remote_step(s, d->path, rc_docs_line(&d->docs, job), name, name, NULL);
      if (!script)
        continue;
      const cJSON *before = gl_key(u, job, d, "before_script", &bd, 0);
      if (!before && (before = get(deflt, "before_script")) == NULL)
        before = get(root, "before_script");
      const cJSON *after = gl_key(u, job, d, "after_script", &ad, 0);
      if (!after && (after = get(deflt, "after_script")) == NULL)
        after = get(root, "after_script");
      const cJSON *allow = gl_key(u, job, d, "allow_failure", &fd, 0);
      const cJSON *when = gl_key(u, job, d, "when", &wd, 0);
      bool manual =
          cJSON_IsString(when) && strcmp(when->valuestring, "manual") == 0;
      size_t i = s->p->n_steps;
      struct rc_ci_step *st = add_step(s, d->path, rc_docs_line(&d->docs, job));
      st->job = keep(s, name);
      st->name = st->job;
      st->gating = !manual;
      if (is_true(allow)) {
        st->soft = true;
        st->soft_at =
            (struct rc_where){fd->path, rc_docs_line(&fd->docs, allow)};
      }
      struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
      if (before)
        gl_run_script(&c, bd, before);
      gl_run_script(&c, sd, script);
      end_step(s, i);
      own = true;
      if (s->p->steps[i].opaque)
        step_name_gates(&s->p->steps[i], s->p->steps[i].name);
      if (after) {
        size_t k = s->p->n_steps;
        struct rc_ci_step *as =
            add_step(s, d->path, rc_docs_line(&ad->docs, after));
        as->job = keep(s, name);
        as->name = rc_arena_printf(s->a, "%s (after_script)", name);
        as->after = true;
        as->gating = !manual;
        gl_run_script(&c, ad, after);
        end_step(s, k);
      }
    }
  }
  /* beside jobs of its own, an include is one more job judged by its
   * name, not the whole pipeline */
  for (size_t i = first_remote; own && i < s->p->n_steps; i++)
    s->p->steps[i].remote = false;
  for (size_t i = 0; i < u->n; i++)
    rc_docs_release(&u->docs[i].docs);
  free(u);
}

/* ---- other YAML pipelines -------------------------------------------------
 */

static bool command_key(const char *k, bool *after)
{
  static const char *const keys[] = {
      "script",       "before_script", "install",       "before_install",
      "commands",     "command",       "run",           "bash",
      "sh",           "pwsh",          "powershell",    "before_deploy",
      "after_script", "after_success", "after_failure", NULL};
  *after = strcmp(k, "after_script") == 0 || strcmp(k, "after_success") == 0 ||
           strcmp(k, "after_failure") == 0;
  for (size_t i = 0; keys[i]; i++)
    if (strcmp(k, keys[i]) == 0)
      return true;
  return false;
}

static bool soft_map(const cJSON *m)
{
  const char *failure = str(m, "failure");
  return is_true(get(m, "allow_failure")) ||
         is_true(get(m, "continueOnError")) ||
         is_true(get(m, "continue-on-error")) ||
         is_true(get(m, "ignore_failure")) || is_true(get(m, "soft_fail")) ||
         (failure && strcmp(failure, "ignore") == 0);
}

static void generic_walk(struct rc_pipeline_scan *s, const struct yaml_src *y,
                         const cJSON *node, const char *hint, bool soft,
                         unsigned depth, bool *scripted);

/* ---- Buildkite ------------------------------------------------------------
 */

/* A label without its emoji codes: ":hammer: Unit Test" is "Unit Test". */
static const char *bk_label(struct rc_pipeline_scan *s, const char *label)
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
  const char *out = keep(s, *t ? t : label);
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
      generic_walk(s, &y, docs.docs[i], NULL, false, 0, &scripted);
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
static void bk_upload(struct rc_pipeline_scan *s, const char *text)
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
  const char *data = path ? repo_file(s, path, &len) : NULL;
  if (!data || already_read(s, path))
    return;
  mark_read(s, path);
  s->buildkite++;
  if (!generator)
    bk_walk_text(s, path, data, len, 1);
  else if (shell_text(path, data))
    bk_generator(s, path, data);
  s->buildkite--;
}

/* An Azure Pipelines task (`task: goreleaser@0`, `task: Docker@2`) as the
 * command it runs: the tool and its `inputs` arguments. Script tasks
 * (CmdLine, Bash, PowerShell) are left to their `inputs.script`. NULL when
 * node is no such task. */
static const char *azure_task_command(struct rc_pipeline_scan *s,
                                      const cJSON *node)
{
  static const char *const scripts[] = {"cmdline", "bash",        "powershell",
                                        "pwsh",    "shellscript", NULL};
  const char *task = str(node, "task");
  const char *at = task ? strchr(task, '@') : NULL;
  if (!at || at == task)
    return NULL;
  char tool[64];
  size_t n = (size_t)(at - task) < sizeof(tool) - 1 ? (size_t)(at - task)
                                                    : sizeof(tool) - 1;
  for (size_t i = 0; i < n; i++)
    tool[i] = (char)tolower((unsigned char)task[i]);
  tool[n] = '\0';
  for (size_t i = 0; scripts[i]; i++)
    if (strcmp(tool, scripts[i]) == 0)
      return NULL;
  const cJSON *in = get(node, "inputs");
  if (strcmp(tool, "docker") == 0) {
    const char *cmd = str(in, "command");
    return cmd && rc_str_find_ci(cmd, "build") ? "docker build ." : NULL;
  }
  const char *args = str(in, "args") ? str(in, "args") : str(in, "arguments");
  return rc_arena_printf(s->a, "%s %s", tool, args ? args : "");
}

static void generic_walk(struct rc_pipeline_scan *s, const struct yaml_src *y,
                         const cJSON *node, const char *hint, bool soft,
                         unsigned depth, bool *scripted)
{
  if (depth > 24)
    return;
  if (cJSON_IsArray(node)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, node)
        generic_walk(s, y, it, hint, soft, depth + 1, scripted);
    return;
  }
  if (!cJSON_IsObject(node))
    return;
  bool here_soft = soft || soft_map(node);
  const char *name = str(node, "name") ? str(node, "name") : hint;
  if (s->buildkite && str(node, "label"))
    name = bk_label(s, str(node, "label"));
  /* Cloud Build: {name: gcr.io/cloud-builders/docker, args: [build, ...]};
   * a Docker Hub image is named by its tag (`golang:1.22`) or runs an
   * entrypoint */
  const cJSON *args = get(node, "args");
  const char *image = str(node, "name");
  const char *ep = str(node, "entrypoint");
  if (cJSON_IsArray(args) && image &&
      (strchr(image, '/') || strchr(image, ':') || ep)) {
    struct rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, ep ? ep : rc_path_base(image));
    const cJSON *a;
    cJSON_ArrayForEach(a, args) if (cJSON_IsString(a))
        rc_buf_printf(&b, " '%s'", a->valuestring);
    size_t i = s->p->n_steps;
    struct rc_ci_step *st = add_step(s, y->path, rc_docs_line(y->docs, node));
    st->name = keep(s, name);
    st->soft = here_soft;
    struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
    run_text(&c, b.data, y->path, st->at.line, LINES_FIXED, false);
    rc_buf_release(&b);
    end_step(s, i);
    *scripted = true;
  }
  const char *task_cmd = azure_task_command(s, node);
  if (task_cmd) {
    size_t i = s->p->n_steps;
    struct rc_ci_step *st = add_step(s, y->path, rc_docs_line(y->docs, node));
    st->name =
        keep(s, str(node, "displayName") ? str(node, "displayName") : name);
    st->soft = here_soft;
    struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
    run_text(&c, task_cmd, y->path, st->at.line, LINES_FIXED, false);
    end_step(s, i);
  }
  const cJSON *it;
  cJSON_ArrayForEach(it, node)
  {
    bool after = false;
    if (!it->string)
      continue;
    if (command_key(it->string, &after) &&
        (cJSON_IsString(it) || cJSON_IsArray(it))) {
      bool strings = cJSON_IsString(it);
      const cJSON *x;
      cJSON_ArrayForEach(x, it) strings = strings || cJSON_IsString(x);
      if (!strings)
        goto recurse;
      size_t i = s->p->n_steps;
      struct rc_ci_step *st = add_step(s, y->path, rc_docs_line(y->docs, it));
      st->name = keep(s, name);
      st->job = keep(s, hint);
      st->after = after;
      st->soft = here_soft;
      if (here_soft)
        st->soft_at = st->at;
      struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
      if (cJSON_IsString(it)) {
        run_node_text(&c, y, it, it->valuestring);
      } else {
        cJSON_ArrayForEach(x, it) if (cJSON_IsString(x))
            run_node_text(&c, y, x, x->valuestring);
      }
      end_step(s, i);
      /* Buildkite: a step's command is mostly a tool of the repository's
       * own making (`./ci/unit`, `release-tool build`); its label is what
       * the build page shows for it */
      if (s->p->steps[i].opaque || (s->buildkite && !s->p->steps[i].gates))
        step_name_gates(&s->p->steps[i], s->p->steps[i].name);
      if (s->buildkite) {
        if (cJSON_IsString(it)) {
          bk_upload(s, it->valuestring);
        } else {
          cJSON_ArrayForEach(x, it) if (cJSON_IsString(x))
              bk_upload(s, x->valuestring);
        }
      }
      if (strcmp(it->string, "script") == 0 ||
          strcmp(it->string, "commands") == 0)
        *scripted = true;
      continue;
    }
  recurse:
    generic_walk(s, y, it, depth < 3 ? it->string : hint, here_soft, depth + 1,
                 scripted);
  }
}

/* Travis runs a default script per language when none is given. */
static void travis_default(struct rc_pipeline_scan *s, const struct yaml_src *y,
                           const cJSON *root)
{
  const cJSON *lang = get(root, "language");
  if (!cJSON_IsString(lang))
    return;
  const char *l = lang->valuestring;
  const char *script = NULL, *install = NULL;
  if (strcmp(l, "java") == 0 || strcmp(l, "android") == 0) {
    bool gradle = rc_index_find(s->idx, "build.gradle") ||
                  rc_index_find(s->idx, "build.gradle.kts");
    script = gradle ? "gradle check" : "mvn test -B";
    install = gradle ? "gradle assemble" : "mvn install -DskipTests=true -B";
  } else if (strcmp(l, "node_js") == 0) {
    script = "npm test";
  } else if (strcmp(l, "ruby") == 0) {
    script = "bundle exec rake";
  } else if (strcmp(l, "go") == 0) {
    script = "go test -v ./...";
  } else if (strcmp(l, "php") == 0) {
    script = "phpunit";
  } else if (strcmp(l, "rust") == 0) {
    script = "cargo build --verbose && cargo test --verbose";
  }
  if (!script)
    return;
  size_t i = s->p->n_steps;
  struct rc_ci_step *st = add_step(s, y->path, rc_docs_line(y->docs, lang));
  st->name = rc_arena_printf(s->a, "default script for language: %s", l);
  struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
  if (install && !get(root, "install"))
    run_text(&c, install, y->path, st->at.line, LINES_FIXED, false);
  run_text(&c, script, y->path, st->at.line, LINES_FIXED, false);
  end_step(s, i);
}

/* An orb's job or command a CircleCI workflow or job names (`node/test`,
 * `go/test: {...}`), or NULL: the part before the slash is an orb the
 * configuration declares. */
static const char *orb_item(const cJSON *orbs, const cJSON *it)
{
  const char *ref =
      cJSON_IsString(it) ? it->valuestring
      : cJSON_IsObject(it) && it->child && !it->child->next && it->child->string
          ? it->child->string
          : NULL;
  const char *slash = ref ? strchr(ref, '/') : NULL;
  if (!slash || slash == ref || strchr(slash + 1, '/'))
    return NULL;
  const cJSON *o;
  cJSON_ArrayForEach(
      o,
      orbs) if (o->string && strlen(o->string) == (size_t)(slash - ref) &&
                strncmp(o->string, ref, (size_t)(slash - ref)) == 0) return ref;
  return NULL;
}

/* CircleCI orbs: the jobs and commands of another repository's
 * configuration a workflow or job runs by name (`node/test` runs the
 * project's tests as the orb defines them), each an opaque step judged by
 * the name after the orb's. */
static void circleci_orbs(struct rc_pipeline_scan *s, const struct yaml_src *y,
                          const cJSON *root)
{
  const cJSON *orbs = get(root, "orbs");
  if (!cJSON_IsObject(orbs))
    return;
  const cJSON *wf, *job, *it;
  cJSON_ArrayForEach(wf, get(root, "workflows"))
  {
    cJSON_ArrayForEach(it, get(wf, "jobs"))
    {
      const char *ref = orb_item(orbs, it);
      if (ref)
        remote_step(s, y->path, rc_docs_line(y->docs, it), ref,
                    strchr(ref, '/') + 1, ref);
    }
  }
  cJSON_ArrayForEach(job, get(root, "jobs"))
  {
    cJSON_ArrayForEach(it, get(job, "steps"))
    {
      const char *ref = orb_item(orbs, it);
      if (ref)
        remote_step(s, y->path, rc_docs_line(y->docs, it), job->string,
                    strchr(ref, '/') + 1, ref);
    }
  }
}

static void read_generic(struct rc_pipeline_scan *s, const char *path,
                         const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(s->idx), &docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)) != 0) {
    add_error(s, path, err);
    return;
  }
  struct yaml_src y = {&docs, data, path};
  bool scripted = false;
  for (size_t i = 0; i < docs.n; i++)
    generic_walk(s, &y, docs.docs[i], NULL, false, 0, &scripted);
  if (!scripted && strcmp(path, ".travis.yml") == 0 && docs.n)
    travis_default(s, &y, docs.docs[0]);
  if (strcmp(path, ".circleci/config.yml") == 0 && docs.n)
    circleci_orbs(s, &y, docs.docs[0]);
  rc_docs_release(&docs);
}

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
  end_step(s, i);
  if (s->p->steps[i].opaque)
    step_name_gates(&s->p->steps[i], s->p->steps[i].name);
}

static void read_jenkins(struct rc_pipeline_scan *s, const char *path,
                         const char *data, size_t len)
{
  size_t cur = s->p->n_steps;
  struct rc_ci_step *st = add_step(s, path, 1);
  st->name = "Jenkinsfile";
  struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
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
      run_text(&c, line, path, lineno, LINES_FIXED, false);
      continue;
    }
    const char *sname = stage_name(s->a, line);
    if (sname) {
      jenkins_end(s, cur);
      cur = s->p->n_steps;
      st = add_step(s, path, lineno);
      st->name = sname;
      st->job = sname;
      continue;
    }
    const char *text = sh_text(s->a, line, &block);
    if (text)
      run_text(&c, text, path, lineno, LINES_FIXED, false);
  }
  jenkins_end(s, cur);
}

/* ---- driver ---------------------------------------------------------------
 */

struct rc_pipeline_scan *rc_pipeline_scan_new(struct rc_pipeline *p,
                                              struct rc_index *idx,
                                              struct rc_arena *a)
{
  memset(p, 0, sizeof(*p));
  struct rc_pipeline_scan *s = rc_xcalloc(1, sizeof(*s));
  s->p = p;
  s->idx = idx;
  s->a = a;
  s->java_lint = -1;
  rc_vars_init(&s->sh);
  return s;
}

void rc_pipeline_scan_file(struct rc_pipeline_scan *s, const char *path,
                           const char *data, size_t len)
{
  s->p->n_files++;
  const char *name = rc_path_base(path);
  if (strncmp(path, ".github/workflows/", 18) == 0)
    read_github(s, path, data, len);
  else if (strcmp(name, ".gitlab-ci.yml") == 0 ||
           strncmp(path, ".gitlab/", 8) == 0)
    read_gitlab(s, path, data, len);
  else if (jenkins_file(path, name))
    read_jenkins(s, path, data, len);
  else if (rc_pipeline_is_buildkite(path)) {
    mark_read(s, path);
    s->buildkite = 1;
    read_generic(s, path, data, len);
    s->buildkite = 0;
  } else
    read_generic(s, path, data, len);
}

static bool mentions_outcome(const struct rc_pipeline *p,
                             const struct rc_ci_step *later, const char *id)
{
  char needle[160];
  snprintf(needle, sizeof(needle), "steps.%s.outcome", id);
  char needle2[160];
  snprintf(needle2, sizeof(needle2), "steps.%s.conclusion", id);
  if (later->cond &&
      (strstr(later->cond, needle) || strstr(later->cond, needle2)))
    return true;
  for (size_t k = 0; k < later->n_cmds; k++)
    if (strstr(p->cmds[later->cmd0 + k].text, needle))
      return true;
  return false;
}

static bool step_fails(const struct rc_pipeline *p, const struct rc_ci_step *st)
{
  for (size_t k = 0; k < st->n_cmds; k++)
    if (p->cmds[st->cmd0 + k].fails)
      return true;
  for (size_t k = 0; k < st->n_with; k++)
    if (strstr(st->with[2 * k + 1], "setFailed"))
      return true;
  return false;
}

static bool same_job(const struct rc_ci_step *a, const struct rc_ci_step *b)
{
  return strcmp(a->workflow, b->workflow) == 0 && a->job && b->job &&
         strcmp(a->job, b->job) == 0;
}

void rc_pipeline_finish(struct rc_pipeline_scan *s)
{
  struct rc_pipeline *p = s->p;
  chain_workflow_runs(s);
  /* a reusable workflow gates when a gating workflow calls it (the caller
   * may have no steps of its own: jobs that only call workflows) */
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t c = 0; c < s->n_calls; c++) {
      if (!s->calls[c].gating)
        continue;
      for (size_t k = 0; k < s->n_calls; k++)
        if (!s->calls[k].gating &&
            strcmp(s->calls[k].caller, s->calls[c].callee) == 0)
          s->calls[k].gating = changed = true;
    }
  }
  for (size_t c = 0; c < s->n_calls; c++)
    for (size_t i = 0; s->calls[c].gating && i < p->n_steps; i++)
      if (strcmp(p->steps[i].workflow, s->calls[c].callee) == 0)
        p->steps[i].gating = true;
  /* a soft step whose failure a later step of its job turns back into a
   * failure gates after all */
  for (size_t i = 0; i < p->n_steps; i++) {
    struct rc_ci_step *st = &p->steps[i];
    if (!st->soft || !st->id)
      continue;
    for (size_t j = i + 1; j < p->n_steps && same_job(st, &p->steps[j]); j++)
      if (mentions_outcome(p, &p->steps[j], st->id) &&
          step_fails(p, &p->steps[j]))
        st->reraised = true;
  }
  for (size_t i = 0; i < s->n_makes; i++) {
    for (size_t k = 0; k < s->makes[i]->n; k++) {
      free(s->makes[i]->t[k]->recipe);
      free(s->makes[i]->t[k]);
    }
    free(s->makes[i]->t);
    rc_vars_release(&s->makes[i]->vars);
    free(s->makes[i]);
  }
  free(s->makes);
  for (size_t i = 0; i < s->n_mans; i++) {
    if (s->mans[i]->ok)
      rc_docs_release(&s->mans[i]->docs);
    free(s->mans[i]);
  }
  free(s->mans);
  free(s->calls);
  free(s->wfs);
  free(s->read);
  rc_vars_release(&s->sh);
  free(s);
}

void rc_pipeline_release(struct rc_pipeline *p)
{
  if (!p)
    return;
  free(p->steps);
  free(p->cmds);
  free(p->errors);
  memset(p, 0, sizeof(*p));
}
