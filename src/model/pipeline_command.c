/*
 * pipeline_command.c - one simple command: what it runs and what it
 * gates (test, lint, build, scan), followed into the tool it names.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/pipeline.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/vars.h"

#include "pipeline_scan.h"

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
    /* a parent POM kept beside pom.xml under another name
     * (`<relativePath>pom.parent.xml</relativePath>`) configures the
     * build's plugins too */
    size_t n = strlen(e->name);
    bool pom = strncmp(e->name, "pom", 3) == 0 && n > 4 &&
               strcmp(e->name + n - 4, ".xml") == 0;
    if (e->kind != RC_ENTRY_FILE ||
        (!pom && strncmp(e->name, "build.gradle", 12) != 0))
      continue;
    seen++;
    size_t len;
    const char *data = pl_repo_file(s, e->path, &len);
    for (size_t k = 0; data && words[k]; k++)
      if (strstr(data, words[k])) {
        s->java_lint = 1;
        return true;
      }
  }
  return false;
}

/* ex_check's `mix check` runs every tool whose package the project
 * depends on: with sobelow (security analysis) or mix_audit (known
 * vulnerable dependencies) among the deps of mix.exs, and not switched
 * off in .check.exs (`{:sobelow, false}`), it scans. The tool, or NULL. */
static const char *mix_check_scan(struct ctx *c)
{
  size_t len;
  const char *mix =
      pl_repo_file(c->s, rc_path_join(c->s->a, c->cwd, "mix.exs"), &len);
  const char *conf =
      pl_repo_file(c->s, rc_path_join(c->s->a, c->cwd, ".check.exs"), &len);
  static const char *const tools[][3] = {
      {"{:sobelow,", "{:sobelow, false}", "sobelow (mix check)"},
      {"{:mix_audit,", "{:mix_audit, false}", "mix_audit (mix check)"},
      {NULL, NULL, NULL}};
  for (size_t i = 0; mix && tools[i][0]; i++)
    if (strstr(mix, tools[i][0]) && !(conf && strstr(conf, tools[i][1])))
      return tools[i][2];
  return NULL;
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
  if (!pl_repo_file(c->s, rc_path_join(c->s->a, c->cwd, "tsconfig.json"), &len))
    return false;
  static const char *const configs[] = {"next.config.js", "next.config.mjs",
                                        "next.config.ts", "next.config.cjs",
                                        NULL};
  for (size_t i = 0; configs[i]; i++) {
    const char *data =
        pl_repo_file(c->s, rc_path_join(c->s->a, c->cwd, configs[i]), &len);
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

bool pl_swallows(const char **w, size_t n, size_t i)
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
        const char *pl_str = toml_string(a, q, end);
        if (!pl_str)
          break;
        rc_buf_printf(&b, "%s%s", b.len ? " && " : "", pl_str);
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
  if (!runner || !name || name[0] == '-' || pl_is_op(name))
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
  const char *data = pl_repo_file(c->s, at, &len);
  unsigned sline = 0;
  const char *text =
      data ? toml_script(c->s->a, data, len, header, script, &sline) : NULL;
  if (!text && strcmp(runner, "pixi") == 0) { /* [tool.pixi.tasks] */
    at = rc_path_join(c->s->a, c->cwd, "pyproject.toml");
    data = pl_repo_file(c->s, at, &len);
    text = data ? toml_script(c->s->a, data, len, "[tool.pixi.tasks]", script,
                              &sline)
                : NULL;
  }
  if (!text || c->depth >= MAX_DEPTH)
    return false;
  struct frame f = {NULL, rc_arena_printf(c->s->a, "py:%s:%s", at, name)};
  if (pl_on_stack(c->stack, f.key))
    return true;
  struct ctx k =
      pl_child(c, cmd, rc_arena_printf(c->s->a, "%s run %s", runner, name), &f);
  pl_run_text(&k, text, at, sline, LINES_FIXED, false);
  return true;
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
  return k < n && !pl_is_op(w[k]) && strchr(w[k], '/') ? k : 0;
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

/* The runners whose targets or scripts say what a command runs (make,
 * just, npm and the like, composer, task runners, mise, a Python script,
 * nuke, tox); else a docker build is noted. True when a runner read it. */
static bool run_by_runner(struct ctx *here, const char **w, size_t i0, size_t n,
                          long id, const char *path, unsigned line)
{
  const char **cw = w + i0;
  size_t cn = n - i0;
  const char *t = rc_path_base(cw[0]);
  bool handled = false;
  if (pl_make_tool(cw[0]))
    handled = pl_run_make(here, cw, cn, id, false);
  else if (strcmp(t, "just") == 0)
    handled = pl_run_make(here, cw, cn, id, true);
  else if (strcmp(t, "npm") == 0 || strcmp(t, "yarn") == 0 ||
           strcmp(t, "pnpm") == 0 || strcmp(t, "bun") == 0)
    handled = pl_run_pm(here, cw, cn, id);
  else if (strcmp(t, "composer") == 0)
    handled = pl_run_composer(here, cw, cn, id);
  else if (pl_run_task_runner(here, cw, cn, id, line, path))
    handled = true;
  else if (pl_run_mise(here, cw, cn, id) || pl_run_taskfile(here, cw, cn, id))
    handled = true;
  else if (run_py_script(here, w, i0, n, id))
    handled = true;
  else if (pl_run_nuke(here, cw, cn, id))
    handled = true;
  else if (pl_run_tox(here, cw, cn, id))
    handled = true;
  else if (pl_run_pre_commit(here, cw, cn, id))
    handled = true;
  else
    pl_docker_build(here, cw, cn, id);
  return handled;
}

/* A script the command runs (`bash -xe ./scripts/test.sh`, `./x.sh`,
 * an interpreter's file): read for what it runs (when the command gates
 * nothing itself), and the commands a wrapper script runs or forwards.
 * True when something was read. */
static bool run_script_of(struct ctx *c, struct ctx *here, const char **cw,
                          size_t cn, long id, unsigned gates, const char *path,
                          unsigned line, const char **cwd)
{
  const char *t = rc_path_base(cw[0]);
  bool handled = false;
  const char *file = NULL;
  size_t at = 0;
  if (strcmp(t, "bash") == 0 || strcmp(t, "sh") == 0 || strcmp(t, "zsh") == 0 ||
      strcmp(t, "source") == 0 || strcmp(cw[0], ".") == 0) {
    /* bash -xe ./scripts/test.sh, sh -o pipefail x.sh */
    size_t k = 1;
    while (k < cn && cw[k][0] == '-')
      k += strcmp(cw[k], "-o") == 0 || strcmp(cw[k], "+o") == 0 ? 2 : 1;
    if (k < cn && !pl_is_op(cw[k])) {
      file = cw[k];
      at = k;
    }
  } else if (strchr(cw[0], '/') || pl_ends_with(cw[0], ".sh")) {
    file = cw[0];
  } else if ((at = interpreter_script(cw, cn)) != 0) {
    file = cw[at];
  }
  if (file && !gates && pl_run_file(here, file, id))
    handled = true;
  /* `bash ./tests/showtime.sh ./tests/ci/ut_install.sh`: a wrapper that
   * runs its arguments runs them here, whatever its own name says */
  if (file && at + 1 < cn && pl_runs_its_arguments(here, file))
    pl_run_words(here, cw + at + 1, cn - at - 1, path, line, cwd);
  const char *fwd = file && at + 1 < cn && c->depth < MAX_DEPTH
                        ? pl_forwarded(here, file, cw + at + 1, cn - at - 1)
                        : NULL;
  struct frame ff = {NULL,
                     fwd ? rc_arena_printf(c->s->a, "fwd:%s", file) : NULL};
  if (fwd && !pl_on_stack(c->stack, ff.key)) {
    struct ctx k = pl_child(here, id, NULL, &ff);
    pl_run_text(&k, fwd, path, line, LINES_FIXED, false);
    handled = true;
  }
  return handled;
}

void pl_run_simple(struct ctx *c, const char **w, size_t n, const char *path,
                   unsigned line, const char **cwd, bool masked)
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
  if (!n || pl_shell_assign(c->s, w, n))
    return;
  if (strcmp(w[0], "cd") == 0 || strcmp(w[0], "pushd") == 0) {
    if (n > 1 && !strchr(w[1], '$') && w[1][0] != '/' && w[1][0] != '-' &&
        w[1][0] != '~') {
      const char *d = pl_in_checkout(c->s, rc_path_join(c->s->a, *cwd, w[1]));
      if (d)
        *cwd = d;
    }
    return;
  }
  struct compose_call cc;
  if (pl_compose_call_of((const char *const *)w, n, &cc)) {
    struct ctx here = *c;
    here.cwd = *cwd;
    long id = pl_add_cmd(&here, pl_join_words(c->s->a, w, n), path, line);
    if (id >= 0) {
      c->s->p->cmds[id].masked = masked;
      pl_run_compose(&here, (const char *const *)w, n, id);
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
  long id = pl_add_cmd(&here, pl_join_words(c->s->a, w, n), path, line);
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
    if (!pl_on_stack(c->stack, f.key)) {
      struct ctx k = pl_child(&here, id, NULL, &f);
      pl_run_text(&k, prog, path, line, LINES_FIXED, false);
    }
    return;
  }
  struct rc_gate_hit h;
  if (!tox_from_env(c->s, (const char *const *)w, i0, n, &h))
    rc_gate_of_command(cw, cn, &h);
  if (!h.gates && !h.fixer && runs_named_script(w, i0))
    rc_gate_of_name(cw[0], &h);
  if (here.in_build && h.by_name)
    h.gates &= ~(unsigned)RC_GATE_TESTS;
  bool handled = run_by_runner(&here, w, i0, n, id, path, line);
  if (!handled)
    handled = run_script_of(c, &here, cw, cn, id, h.gates, path, line, cwd);
  if (!handled || h.gates)
    pl_cmd_gates(&here, id, h.gates, h.tool);
  const char *mix_scan =
      h.tool && strcmp(h.tool, "mix check") == 0 ? mix_check_scan(&here) : NULL;
  if (mix_scan)
    pl_cmd_gates(&here, id, RC_GATE_SCAN, mix_scan);
  if (h.lifecycle && java_lint(c->s))
    pl_cmd_gates(&here, id, RC_GATE_LINT, "build lint plugin");
  if (next_type_check(&here, cw, cn))
    pl_cmd_gates(&here, id, RC_GATE_LINT, "next build type check");
}
