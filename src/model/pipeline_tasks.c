/*
 * pipeline_tasks.c - tasks of mise, Task (go-task), NUKE and tox, the
 * local hooks of pre-commit, and the repository files they are read from.
 */
#include <string.h>

#include "readycheck/pipeline.h"
#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

/* The first of names found in dir (a tool's config file: Taskfile.yml or
 * taskfile.yaml, mise.toml or .mise.toml); NULL when none is. */
const char *pl_first_repo_file(struct ctx *c, const char *dir,
                               const char *const *names, const char **path,
                               size_t *len)
{
  const char *data = NULL;
  *len = 0;
  for (size_t i = 0; names[i] && !data; i++) {
    *path = rc_path_join(c->s->a, dir, names[i]);
    data = *path ? pl_repo_file(c->s, *path, len) : NULL;
  }
  return data;
}

/* A file a command names (`./scripts/test.sh`, `bin/ci`): beside the
 * command's directory, else from the repository root. */
const char *pl_named_repo_file(struct ctx *c, const char *word,
                               const char **path, size_t *len)
{
  const char *const names[] = {word, NULL};
  const char *data = pl_first_repo_file(c, c->cwd, names, path, len);
  return data ? data : pl_first_repo_file(c, "", names, path, len);
}

/* data parsed as YAML (shared through the document cache); a file that
 * does not parse is recorded as an error of the pipeline. */
bool pl_parse_repo_yaml(struct ctx *c, const char *path, const char *data,
                        size_t len, struct rc_docs *docs)
{
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(c->s->idx), docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)) == 0)
    return true;
  pl_add_error(c->s, path, err);
  return false;
}

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
    pl_run_text(t->c, text, t->path, line, LINES_LITERAL, false);
    return;
  }
  size_t len;
  const char *data = pl_repo_file(t->c->s, t->path, &len);
  if (data)
    mise_run(t->c, t->path, data, len, text, t->parent);
}

/* `[tasks.NAME]` (or `[tasks."NAME"]`) of a mise.toml: its `depends`
 * first, then what its `run` says. */
static void mise_run(struct ctx *c, const char *path, const char *data,
                     size_t len, const char *name, long parent)
{
  const char *key = rc_arena_printf(c->s->a, "mise:%s:%s", path, name);
  if (pl_on_stack(c->stack, key) || c->depth >= MAX_DEPTH)
    return;
  struct frame f = {NULL, key};
  struct ctx k =
      pl_child(c, parent, rc_arena_printf(c->s->a, "mise %s", name), &f);
  struct rc_gate_hit h;
  rc_gate_of_name(name, &h);
  pl_cmd_gates(c, parent, h.gates, rc_arena_printf(c->s->a, "task %s", name));
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
bool pl_run_mise(struct ctx *c, const char *const *w, size_t n, long cmd)
{
  if (n < 3 || strcmp(rc_path_base(w[0]), "mise") != 0 ||
      (strcmp(w[1], "run") != 0 && strcmp(w[1], "r") != 0))
    return false;
  static const char *const names[] = {
      "mise.toml", ".mise.toml", "mise/config.toml", ".mise/config.toml", NULL};
  const char *path = NULL;
  size_t len;
  const char *data = pl_first_repo_file(c, c->cwd, names, &path, &len);
  if (!data)
    return false;
  for (size_t i = 2; i < n && !pl_is_op(w[i]); i++) {
    if (w[i][0] == '-' || strcmp(w[i], ":::") == 0)
      continue;
    mise_run(c, path, data, len, w[i], cmd);
    /* the words after a task are its arguments, up to ::: */
    while (i + 1 < n && !pl_is_op(w[i + 1]) && strcmp(w[i + 1], ":::") != 0)
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
      pl_get(pl_get(y->docs->n ? y->docs->docs[0] : NULL, "tasks"), name);
  const char *key = rc_arena_printf(c->s->a, "task:%s:%s", y->path, name);
  struct rc_gate_hit h;
  rc_gate_of_name(name, &h);
  pl_cmd_gates(c, parent, h.gates, rc_arena_printf(c->s->a, "task %s", name));
  if (!task || pl_on_stack(c->stack, key) || c->depth >= MAX_DEPTH)
    return;
  struct frame f = {NULL, key};
  struct ctx k =
      pl_child(c, parent, rc_arena_printf(c->s->a, "task %s", name), &f);
  const cJSON *it;
  cJSON_ArrayForEach(it, pl_get(task, "deps")) {
    const char *dep = cJSON_IsString(it) ? it->valuestring : pl_str(it, "task");
    if (dep)
      taskfile_run(&k, y, dep, parent);
  }
  const cJSON *cmds = pl_get(task, "cmds");
  if (cJSON_IsString(cmds))
    pl_run_node_text(&k, y, cmds, cmds->valuestring);
  cJSON_ArrayForEach(it, cmds) {
    if (cJSON_IsString(it))
      pl_run_node_text(&k, y, it, it->valuestring);
    else if (pl_str(it, "cmd"))
      pl_run_node_text(&k, y, pl_get(it, "cmd"), pl_str(it, "cmd"));
    else if (pl_str(it, "task"))
      taskfile_run(&k, y, pl_str(it, "task"), parent);
  }
}

bool pl_run_taskfile(struct ctx *c, const char *const *w, size_t n, long cmd)
{
  if (n < 2 || strcmp(rc_path_base(w[0]), "task") != 0)
    return false;
  static const char *const names[] = {"Taskfile.yml", "Taskfile.yaml",
                                      "taskfile.yml", "taskfile.yaml", NULL};
  const char *path = NULL;
  size_t len;
  const char *data = pl_first_repo_file(c, c->cwd, names, &path, &len);
  if (!data)
    return false;
  struct rc_docs docs;
  if (!pl_parse_repo_yaml(c, path, data, len, &docs))
    return true;
  struct yaml_src y = {&docs, data, path};
  for (size_t i = 1; i < n && !pl_is_op(w[i]); i++) {
    if (strcmp(w[i], "--") == 0)
      break;
    if (w[i][0] == '-' || strchr(w[i], '='))
      continue;
    taskfile_run(c, &y, w[i], cmd);
  }
  rc_docs_release(&docs);
  return true;
}

/* NUKE (a C# build automation: `./build.sh Test`, `nuke Compile Test`)
 * runs the targets named as arguments, defined in C# the pipeline does not
 * read; the project root holds .nuke/. Each target is judged by its name
 * (`BuildAndUnitTests`, `RunAllIntegrationTests`), as an unresolved
 * package script is. */
bool pl_run_nuke(struct ctx *c, const char *const *w, size_t n, long id)
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
  for (size_t i = 1; i < n && !pl_is_op(w[i]); i++) {
    if (w[i][0] == '-') {
      i += i + 1 < n && w[i + 1][0] != '-' && !pl_is_op(w[i + 1]);
      continue; /* a parameter and its value: `--configuration Release` */
    }
    struct rc_gate_hit h;
    rc_gate_of_name(w[i], &h);
    pl_cmd_gates(c, id, h.gates, h.tool);
  }
  return true;
}

/* The `commands =` of tox.ini's section `header`: its first line's value
 * and the indented lines that continue it, one command a line; *line the
 * key's line. NULL when the section or the key is not there. */
static const char *tox_commands(struct rc_arena *a, const char *data,
                                size_t len, const char *header, unsigned *line)
{
  bool in = false, taking = false;
  struct rc_buf b;
  rc_buf_init(&b);
  unsigned l = 0;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    l++;
    const char *p = data + i, *end = data + e;
    i = e + 1;
    while (end > p && (end[-1] == '\r' || end[-1] == ' '))
      end--;
    bool indented = p < end && (*p == ' ' || *p == '\t');
    if (taking && indented) {
      p += strspn(p, " \t");
      rc_buf_printf(&b, "\n%.*s", (int)(end - p), p);
      continue;
    }
    if (taking)
      break;
    if (p < end && *p == '[') {
      in = (size_t)(end - p) == strlen(header) &&
           strncmp(p, header, strlen(header)) == 0;
      continue;
    }
    if (!in || indented || (size_t)(end - p) < 8 ||
        strncmp(p, "commands", 8) != 0)
      continue;
    const char *eq = p + 8 + strspn(p + 8, " \t");
    if (eq >= end || *eq != '=')
      continue;
    eq++;
    eq += strspn(eq, " \t");
    rc_buf_printf(&b, "%.*s", (int)(end - eq), eq);
    *line = l;
    taking = true;
  }
  const char *out = taking ? rc_arena_strdup(a, b.data ? b.data : "") : NULL;
  rc_buf_release(&b);
  return out;
}

bool pl_run_tox(struct ctx *c, const char *const *w, size_t n, long id)
{
  size_t i = 0;
  if (n > 2 && strncmp(rc_path_base(w[0]), "python", 6) == 0 &&
      strcmp(w[1], "-m") == 0)
    i = 2;
  if (i >= n || strcmp(rc_path_base(w[i]), "tox") != 0)
    return false;
  const char *envs = NULL;
  for (i++; i < n && !pl_is_op(w[i]) && !envs; i++)
    if ((strcmp(w[i], "-e") == 0 || strcmp(w[i], "--env") == 0) && i + 1 < n)
      envs = w[i + 1];
    else if (strncmp(w[i], "-e", 2) == 0 && w[i][2] && w[i][2] != '-')
      envs = w[i] + 2 + (w[i][2] == '=');
  if (!envs || strpbrk(envs, "${"))
    return false;
  const char *path = rc_path_join(c->s->a, c->cwd, "tox.ini");
  size_t len = 0;
  const char *data = path ? pl_repo_file(c->s, path, &len) : NULL;
  if (!data)
    return false;
  bool found = false;
  char *list = rc_arena_strdup(c->s->a, envs);
  for (char *save = NULL, *env = strtok_r(list, ",", &save); env;
       env = strtok_r(NULL, ",", &save)) {
    /* an environment without commands of its own runs [testenv]'s */
    unsigned line = 0;
    const char *text =
        tox_commands(c->s->a, data, len,
                     rc_arena_printf(c->s->a, "[testenv:%s]", env), &line);
    if (!text)
      text = tox_commands(c->s->a, data, len, "[testenv]", &line);
    const char *key = rc_arena_printf(c->s->a, "tox:%s:%s", path, env);
    if (!text || pl_on_stack(c->stack, key) || c->depth >= MAX_DEPTH)
      continue;
    found = true;
    struct frame f = {NULL, key};
    struct ctx k =
        pl_child(c, id, rc_arena_printf(c->s->a, "tox -e %s", env), &f);
    pl_run_text(&k, text, path, line, LINES_LITERAL, false);
  }
  return found;
}

/* ---- pre-commit's local hooks ------------------------------------------ */

/* A hook `pre-commit run` starts: one of the default stage (no `stages:`,
 * or one naming pre-commit / commit), and the one named when a hook id
 * is given. */
static bool hook_runs(const cJSON *hook, const char *only)
{
  const char *id = pl_str(hook, "id");
  if (only && (!id || strcmp(id, only) != 0))
    return false;
  const cJSON *stages = pl_get(hook, "stages");
  if (!cJSON_IsArray(stages))
    return true;
  const cJSON *s;
  cJSON_ArrayForEach(s, stages) {
    if (cJSON_IsString(s) && (strcmp(s->valuestring, "pre-commit") == 0 ||
                              strcmp(s->valuestring, "commit") == 0))
      return true;
  }
  return false;
}

/* A local hook's command: its entry and its args. */
static const char *hook_command(struct rc_arena *a, const cJSON *hook)
{
  const char *entry = pl_str(hook, "entry");
  if (!entry)
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_printf(&b, "%s", entry);
  const cJSON *arg;
  cJSON_ArrayForEach(arg, pl_get(hook, "args")) {
    if (cJSON_IsString(arg))
      rc_buf_printf(&b, " %s", arg->valuestring);
  }
  const char *out = rc_arena_strdup(a, b.data);
  rc_buf_release(&b);
  return out;
}

/* The hook id `pre-commit run [options] [HOOK]` names, or NULL for all. */
static const char *hook_named(const char *const *w, size_t n)
{
  static const char *const valued[] = {"--hook-stage", "--from-ref", "--to-ref",
                                       "--source",     "--origin",   "--config",
                                       "-c",           NULL};
  for (size_t i = 2; i < n && !pl_is_op(w[i]); i++) {
    bool takes = false;
    for (size_t k = 0; valued[k]; k++)
      takes = takes || strcmp(w[i], valued[k]) == 0;
    if (strcmp(w[i], "--files") == 0)
      return NULL; /* the files follow; all hooks run on them */
    if (takes)
      i++;
    else if (w[i][0] != '-')
      return w[i];
  }
  return NULL;
}

bool pl_run_pre_commit(struct ctx *c, const char *const *w, size_t n, long id)
{
  const char *t = n ? rc_path_base(w[0]) : "";
  if (n < 2 || (strcmp(t, "pre-commit") != 0 && strcmp(t, "prek") != 0) ||
      strcmp(w[1], "run") != 0)
    return false;
  static const char *const names[] = {".pre-commit-config.yaml",
                                      ".pre-commit-config.yml", NULL};
  const char *path = NULL;
  size_t len;
  const char *data = pl_first_repo_file(c, c->cwd, names, &path, &len);
  if (!data)
    data = pl_first_repo_file(c, "", names, &path, &len);
  if (!data)
    return false;
  const char *key = rc_arena_printf(c->s->a, "pre-commit:%s", path);
  if (pl_on_stack(c->stack, key) || c->depth >= MAX_DEPTH)
    return false;
  struct rc_docs docs;
  if (!pl_parse_repo_yaml(c, path, data, len, &docs))
    return false;
  struct yaml_src y = {&docs, data, path};
  const char *only = hook_named(w, n);
  struct frame f = {NULL, key};
  struct ctx k = pl_child(c, id, "pre-commit", &f);
  const cJSON *repo;
  cJSON_ArrayForEach(repo, pl_get(docs.n ? docs.docs[0] : NULL, "repos")) {
    const char *where = pl_str(repo, "repo");
    if (!where || strcmp(where, "local") != 0)
      continue;
    const cJSON *hook;
    cJSON_ArrayForEach(hook, pl_get(repo, "hooks")) {
      const char *cmd =
          hook_runs(hook, only) ? hook_command(c->s->a, hook) : NULL;
      if (cmd)
        pl_run_node_text(&k, &y, pl_get(hook, "entry"), cmd);
    }
  }
  rc_docs_release(&docs);
  return true;
}
