/*
 * pipeline_packages.c - package.json and composer.json scripts: `npm run
 * X`, workspaces, package managers and task runners followed into the
 * scripts they run.
 */
#include <string.h>

#include "readycheck/pipeline.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

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
  const char *data = pl_repo_file(s, path, &len);
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
  const cJSON *sc = pl_get(m->docs.docs[0], "scripts");
  /* a list is no scripts: its items have no names to run */
  return cJSON_IsObject(sc) ? sc : NULL;
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
        pl_run_text(k, t + 1, m->path, line, LINES_FIXED, false);
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
      pl_run_text(k, t, m->path, line, LINES_FIXED, false);
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
  const cJSON *v = pl_get(scripts, name);
  if (!v || c->depth >= MAX_DEPTH)
    return;
  const char *key = rc_arena_printf(c->s->a, "js:%s:%s", m->path, name);
  if (pl_on_stack(c->stack, key))
    return;
  struct frame f = {NULL, key};
  const char *via = rc_arena_printf(
      c->s->a, "%s %s%s", composer ? "composer" : "npm run", name,
      m->dir[0] ? rc_arena_printf(c->s->a, " (%s)", m->dir) : "");
  struct ctx k = pl_child(c, parent, via, &f);
  k.cwd = m->dir;
  /* a script named for building (`build`, `build:prod`) builds: a check
   * it ends with (`node scripts/smoke-bundle.mjs`), a test only by its
   * file's name, is the build checking its output, not the test suite;
   * a script it runs by a test or lint name is judged again */
  struct rc_gate_hit named;
  rc_gate_of_name(name, &named);
  if (named.gates)
    k.in_build = named.gates == RC_GATE_BUILD;
  if (!composer) {
    const char *pre = rc_arena_printf(c->s->a, "pre%s", name);
    if (pl_get(scripts, pre))
      run_script_body(&k, m, pl_get(scripts, pre), pre, parent, false);
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
    const cJSON *v = pl_get(scripts_of(ms[i]), name);
    if (!v)
      continue;
    if (cJSON_IsString(v) && npm_placeholder(v->valuestring))
      continue;
    found = true;
    run_script(c, ms[i], name, cmd, false);
  }
  if (found || all || n == 0)
    pl_cmd_gates(c, cmd, h.gates, rc_arena_printf(c->s->a, "script %s", name));
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
bool pl_run_pm(struct ctx *c, const char *const *w, size_t n, long cmd)
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
    for (i++; i < n && !pl_is_op(w[i]) && strcmp(w[i], "run") != 0; i++)
      ;
  }
  const char *script = NULL;
  size_t rest = n;
  for (; i < n && !pl_is_op(w[i]); i++) {
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
    pl_cmd_gates(c, cmd, h.gates,
                 rc_arena_printf(c->s->a, "script %s", script));
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
    pl_cmd_gates(c, cmd, h.gates, h.tool);
  }
  return true;
}

/* turbo run a b / nx run-many -t a / lerna run a / run-s a b / npm-run-all
 * / concurrently "npm:a" "cmd". */
bool pl_run_task_runner(struct ctx *c, const char *const *w, size_t n, long cmd,
                        unsigned line, const char *path)
{
  const char *t = rc_path_base(w[0]);
  bool all = strcmp(t, "turbo") == 0 || strcmp(t, "nx") == 0 ||
             strcmp(t, "lerna") == 0;
  bool local = strcmp(t, "run-s") == 0 || strcmp(t, "run-p") == 0 ||
               strcmp(t, "npm-run-all") == 0 || strcmp(t, "npm-run-all2") == 0;
  if (strcmp(t, "concurrently") == 0) {
    for (size_t i = 1; i < n && !pl_is_op(w[i]); i++) {
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
        if (!pl_on_stack(c->stack, f.key)) {
          struct ctx k = pl_child(c, cmd, NULL, &f);
          pl_run_text(&k, w[i], path, line, LINES_FIXED, false);
        }
      }
    }
    return true;
  }
  if (!all && !local)
    return false;
  for (size_t i = 1; i < n && !pl_is_op(w[i]); i++) {
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
          cJSON_ArrayForEach(it, sc)
            if (strncmp(it->string, tok, tl - 1) == 0)
              run_named(c, c->cwd, it->string, cmd, false);
      } else {
        run_named(c, c->cwd, tok, cmd, all);
      }
    }
  }
  return true;
}

bool pl_run_composer(struct ctx *c, const char *const *w, size_t n, long cmd)
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
  while (i < n && w[i][0] == '-' && !pl_is_op(w[i]))
    i++;
  if (i >= n || pl_is_op(w[i]))
    return false;
  const char *s = w[i];
  if (strcmp(s, "exec") == 0) {
    pl_run_words(c, (const char **)w + i + 1, n - i - 1, NULL, 0, NULL);
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
  pl_cmd_gates(c, cmd, h.gates, rc_arena_printf(c->s->a, "composer %s", s));
  if (m)
    run_script(c, m, s, cmd, true);
  return true;
}
