/*
 * pipeline_steps.c - CI steps: a step's structure (name, if, env, with,
 * continue-on-error), its matrix rows, local and Docker actions, and the
 * commands it runs.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/pipeline.h"
#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/vars.h"

#include "pipeline_scan.h"

/* ---- steps ----------------------------------------------------------------
 */

struct rc_ci_step *pl_add_step(struct rc_pipeline_scan *s, const char *path,
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
void pl_end_step(struct rc_pipeline_scan *s, size_t i)
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

void pl_step_name_gates(struct rc_ci_step *st, const char *name)
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
      const cJSON *pick = pl_get(c->row, key);
      if (pick && subkey)
        pick = pl_get(pick, subkey);
      char buf[32];
      val = pick ? rc_doc_scalar_text(pick, buf, sizeof(buf)) : NULL;
      if (val)
        val = rc_arena_strdup(c->s->a, val);
    }
    if (!val && strncmp(expr, "inputs.", 7) == 0 && c->in) {
      char buf[32];
      const cJSON *pick = pl_get(c->in, expr + 7);
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
  cJSON_ArrayForEach(v, env) {
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
  cJSON_ArrayForEach(v, env) {
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
  cJSON_ArrayForEach(v, env) {
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
      return pl_str(with, table[i][1]);
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
void pl_run_node_text(struct ctx *c, const struct yaml_src *y,
                      const cJSON *node, const char *text)
{
  unsigned line = rc_docs_line(y->docs, node);
  bool literal = line && block_scalar(y->raw, line);
  pl_run_text(c, text, y->path, literal ? line + 1 : line,
              literal ? LINES_LITERAL : LINES_FIXED, true);
}

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
  const char *data = pl_first_repo_file(c, dir, names, &path, &len);
  if (!data)
    return false;
  struct rc_docs docs;
  if (!pl_parse_repo_yaml(c, path, data, len, &docs))
    return true;
  const cJSON *steps =
      docs.n ? pl_get(pl_get(docs.docs[0], "runs"), "steps") : NULL;
  struct yaml_src y = {&docs, data, path};
  const char *key = rc_arena_printf(c->s->a, "act:%s", path);
  if (!pl_on_stack(c->stack, key)) {
    struct frame f = {NULL, key};
    struct ctx k = pl_child(c, c->parent, uses, &f);
    k.depth = c->depth; /* an action is one call */
    k.rows = NULL;
    k.row = NULL;
    k.ins = NULL; /* an action's `inputs.` are its own */
    k.in = NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, steps)
      pl_run_step_node(&k, st, &y, it, depth + 1);
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
void pl_run_step_node(struct ctx *c, struct rc_ci_step *st,
                      const struct yaml_src *y, const cJSON *step,
                      unsigned depth)
{
  const cJSON *run = pl_get(step, "run");
  const char *uses = pl_str(step, "uses");
  const char *wd = pl_str(step, "working-directory");
  struct ctx k = *c;
  if (uses && strncmp(uses, "actions/checkout", 16) == 0 &&
      !pl_str(pl_get(step, "with"), "repository")) {
    const char *at = pl_str(pl_get(step, "with"), "path");
    c->s->checkout =
        at && !strstr(at, "${{") ? rc_path_join(c->s->a, "", at) : NULL;
  }
  if (wd && !strstr(wd, "${{")) {
    const char *d = pl_in_checkout(c->s, rc_path_join(c->s->a, "", wd));
    k.cwd = d ? d : k.cwd;
  }
  if (cJSON_IsString(run) && !shell_is_program(pl_str(step, "shell"))) {
    const char *t = run->valuestring;
    while (isspace((unsigned char)*t))
      t++;
    const cJSON *env = pl_get(step, "env");
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
      pl_run_node_text(&k, y, run, text);
    }
    k.row = NULL;
    k.in = NULL;
  }
  if (!uses)
    return;
  const cJSON *unode = pl_get(step, "uses");
  unsigned uline = rc_docs_line(y->docs, unode);
  if (strncmp(uses, "./", 2) == 0) {
    run_local_action(&k, st, uses, depth);
    return;
  }
  struct rc_gate_hit h;
  rc_gate_of_action(strncmp(uses, "docker://", 9) == 0 ? uses + 9 : uses, &h);
  long id = pl_add_cmd(&k, rc_arena_printf(c->s->a, "uses: %s", uses), y->path,
                       uline);
  pl_cmd_gates(&k, id, h.gates, h.tool);
  const cJSON *with = pl_get(step, "with");
  if (strncmp(uses, "docker/build-push-action@", 25) == 0) {
    /* its context is the repository unless `with: context:` says;
     * `file:` is relative to the workspace */
    const char *cx = pl_str(with, "context"), *file = pl_str(with, "file");
    const char *target = pl_str(with, "target");
    const char *dir = cx && !strstr(cx, "${{")
                          ? pl_in_checkout(c->s, rc_path_join(c->s->a, "", cx))
                      : cx ? NULL
                           : "";
    const char *df =
        file  ? (strstr(file, "${{") ? NULL : rc_path_join(c->s->a, "", file))
        : dir ? rc_path_join(c->s->a, dir, "Dockerfile")
              : NULL;
    if (dir && df && !(target && strstr(target, "${{")))
      pl_run_image_build(&k, id, df, dir, target);
  }
  const char *program = "";
  const char *args = action_command(uses, with, &program);
  if (!args && strncmp(uses, "docker://", 9) == 0) {
    /* a container step runs the image's tool with `args` */
    program = docker_step_program(c->s->a, uses + 9);
    args = pl_str(with, "args");
  }
  if (args && id >= 0) {
    struct frame f = {NULL, rc_arena_printf(c->s->a, "with:%s", uses)};
    struct ctx kk = pl_child(&k, id, NULL, &f);
    const char *text =
        *program ? rc_arena_printf(c->s->a, "%s %s", program, args) : args;
    pl_run_text(&kk, text, y->path, uline, LINES_FIXED, false);
  }
}
