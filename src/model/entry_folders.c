/*
 * entry_folders.c - where a command's relative names start: shell
 * variables that name a folder (SCRIPT_DIR, $PWD, $CI_PROJECT_DIR), `cd`,
 * pushd/popd and subshells, and a CI step's `working-directory:`.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/vars.h"

#include "entry_scan.h"

static bool self_location(const char *v)
{
  return strstr(v, "dirname") &&
         (strstr(v, "$0") || strstr(v, "BASH_SOURCE") || strstr(v, "${0}"));
}

/* Substitutes the known variables of sc->sh (and a Makefile's, also as
 * `$(NAME)`) in text; arena string. */
const char *en_substitute(struct scan *sc, const char *text)
{
  if (!strchr(text, '$') || (sc->sh.n == 0 && sc->mk.n == 0))
    return text;
  struct rc_buf b;
  rc_buf_init(&b);
  for (const char *p = text; *p;) {
    bool braced = p[0] == '$' && p[1] == '{';
    bool paren = p[0] == '$' && p[1] == '(';
    const char *name = p + (braced || paren ? 2 : 1);
    size_t n = 0;
    while (p[0] == '$' && (isalnum((unsigned char)name[n]) || name[n] == '_'))
      n++;
    const char *val = NULL;
    if (n && (braced ? name[n] == '}' : paren ? name[n] == ')' : true)) {
      char key[128];
      if (n < sizeof(key)) {
        memcpy(key, name, n);
        key[n] = '\0';
        val = paren ? NULL : rc_vars_get(&sc->sh, key);
        if (!val)
          val = rc_vars_get(&sc->mk, key);
      }
    }
    if (val) {
      rc_buf_puts(&b, val);
      p = name + n + (braced || paren ? 1 : 0);
    } else {
      rc_buf_putc(&b, *p++);
    }
  }
  const char *out = rc_arena_strdup(sc->tmp, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

/* A value that is the working folder (`pwd`, $(pwd), $PWD, quoted or
 * not): what follows it, or NULL. */
static const char *current_folder(const char *v)
{
  static const char *const forms[] = {"`pwd`", "$(pwd)", "${PWD}", "$PWD",
                                      NULL};
  if (*v == '"')
    v++;
  for (size_t i = 0; forms[i]; i++) {
    size_t n = strlen(forms[i]);
    if (strncmp(v, forms[i], n) == 0 && !isalnum((unsigned char)v[n]) &&
        v[n] != '_')
      return v + n;
  }
  return NULL;
}

/* The working directory after `cd ../sytest` from the root: outside the
 * repository, so nothing built or named there is one of its files. */
const char en_OUTSIDE[] = "..";

/* The folder a value names, as ROOT_MARK + path, or NULL. */
static const char *folder_value(struct scan *sc, const char *raw)
{
  const char *v = en_substitute(sc, raw);
  if (strstr(v, "git rev-parse --show-toplevel"))
    return ROOT_MARK;
  const char *base = NULL, *rest = NULL;
  const char *here = current_folder(v);
  if (here) {
    /* DIR=`pwd` after `cd ../`: the folder the script is in then */
    if (sc->cwd == en_OUTSIDE)
      return NULL;
    base = sc->cwd;
    rest = here;
  } else if (self_location(v)) {
    base = sc->cwd;
    const char *close = strchr(strstr(v, "dirname"), ')');
    rest = close ? close + 1 : "";
  } else {
    const char *mark = strstr(v, ROOT_MARK);
    if (!mark)
      return NULL;
    /* the mark may sit in a default: ${REPO_ROOT:-@ROOT@/x} */
    size_t len = strcspn(mark + strlen(ROOT_MARK), "\"') }");
    base = "";
    rest = rc_arena_strndup(sc->tmp, mark + strlen(ROOT_MARK), len);
  }
  while (*rest == '"' || *rest == '\'' || *rest == ')' || *rest == '/')
    rest++;
  char *tail = rc_arena_strndup(sc->tmp, rest, strcspn(rest, "\"') }"));
  const char *dir = rc_path_join(sc->a, base, *tail ? tail : ".");
  return dir ? rc_arena_printf(sc->tmp, "%s%s", ROOT_MARK, dir) : NULL;
}

/* NAME=VALUE (or export NAME=VALUE) at the start of a line: a variable
 * naming a folder, or holding a compose command (en_compose_value), which
 * is returned to be read as the command it is. */
const char *en_scan_assignment(struct scan *sc, const char *line)
{
  const char *p = line;
  while (*p == ' ' || *p == '\t')
    p++;
  if (strncmp(p, "export ", 7) == 0 || strncmp(p, "local ", 6) == 0 ||
      strncmp(p, "readonly ", 9) == 0)
    p = strchr(p, ' ') + 1;
  size_t n = 0;
  while (isalnum((unsigned char)p[n]) || p[n] == '_')
    n++;
  if (!n || n >= 128 || p[n] != '=' || isdigit((unsigned char)p[0]))
    return NULL;
  char name[128];
  memcpy(name, p, n);
  name[n] = '\0';
  const char *dir = folder_value(sc, p + n + 1);
  if (dir) {
    rc_vars_set(&sc->sh, name, dir);
    return NULL;
  }
  const char *cmd = en_compose_value(sc, p + n + 1);
  if (cmd)
    rc_vars_set(&sc->sh, name, cmd);
  return cmd;
}

/* $CI_PROJECT_DIR/x, ${GITHUB_WORKSPACE}/x, $PWD/x: the repository root. */
const char *en_strip_workspace(const char *s)
{
  static const char *const roots[] = {"${{ github.workspace }}",
                                      "${{github.workspace}}",
                                      "$CI_PROJECT_DIR",
                                      "${CI_PROJECT_DIR}",
                                      "$GITHUB_WORKSPACE",
                                      "${GITHUB_WORKSPACE}",
                                      "$PWD",
                                      "${PWD}",
                                      "$(pwd)",
                                      NULL};
  for (size_t i = 0; roots[i]; i++) {
    size_t n = strlen(roots[i]);
    if (strncmp(s, roots[i], n) == 0) {
      s += n;
      while (*s == '/')
        s++;
      return *s ? s : ".";
    }
  }
  return s;
}

const char *en_resolve(struct scan *sc, const char *dir, const char *rel)
{
  if (dir == en_OUTSIDE)
    return NULL;
  rel = en_strip_workspace(rel);
  if (strncmp(rel, ROOT_MARK, strlen(ROOT_MARK)) == 0) {
    rel += strlen(ROOT_MARK);
    while (*rel == '/') /* "${ROOT}/x" with ROOT the root itself */
      rel++;
    dir = "";
  }
  if (strncmp(rel, "dir://", 6) == 0)
    rel += 6;
  return en_has_var(rel) ? NULL : rc_path_join(sc->a, dir, rel);
}

/* A README's `git clone URL && cd NAME`, NAME relative and no folder of
 * the repository: the project's own checkout, where the document's
 * commands run. */
static bool clone_of_project(struct scan *sc, const char *arg)
{
  if (!sc->cloned || strcmp(arg, sc->cloned) != 0 || sc->cwd == en_OUTSIDE ||
      en_has_var(arg) || arg[0] == '/' || arg[0] == '~')
    return false;
  const char *path = rc_path_join(sc->a, sc->cwd, arg);
  return path && !rc_index_find(sc->idx, path);
}

/* A README's `git clone URL && cd NAME/sub/dir` (`cd
 * shop/docker/all-in-one`, a guide's `cd shop/server/config`): the
 * project's own checkout, as above, then a folder of it; read from the
 * root, where the clone starts, when that folder is in the repository.
 * The folder, or NULL. */
static const char *clone_subfolder(struct scan *sc, const char *arg)
{
  size_t n = sc->cloned ? strlen(sc->cloned) : 0;
  if (!n || strncmp(arg, sc->cloned, n) != 0 || arg[n] != '/' ||
      !clone_of_project(sc, sc->cloned))
    return NULL;
  const char *dir = rc_path_join(sc->a, "", arg + n + 1);
  const struct rc_entry *e = dir && *dir ? rc_index_find(sc->idx, dir) : NULL;
  return e && e->kind == RC_ENTRY_DIR ? dir : NULL;
}

/* `cd DIR` moves where later relative names start: a literal folder, or
 * one the script computes from its own location. */
void en_change_dir(struct scan *sc, const char *arg)
{
  const char *dir = NULL;
  if (self_location(arg) || strncmp(arg, ROOT_MARK, strlen(ROOT_MARK)) == 0) {
    const char *v = folder_value(sc, arg);
    dir = v ? v + strlen(ROOT_MARK) : NULL;
  } else if (clone_of_project(sc, arg)) {
    dir = sc->base;
  } else if ((dir = clone_subfolder(sc, arg)) != NULL) {
    /* a folder of the project's checkout */
  } else if (en_strip_workspace(arg) != arg &&
             !en_has_var(en_strip_workspace(arg))) {
    dir = rc_path_join(sc->a, "",
                       en_strip_workspace(arg)); /* cd $CI_PROJECT_DIR */
  } else if (en_has_var(arg)) {
    /* a folder the script computes (`cd "$dir"`, `cd ../$out/$rid`): where
     * it runs from here on is not known, so what it names is not judged */
    sc->cwd = en_OUTSIDE;
    sc->cd_indent = sc->indent;
    return;
  } else if (arg[0] != '/' && arg[0] != '~' && strcmp(arg, "-") != 0) {
    dir = sc->cwd == en_OUTSIDE ? NULL : rc_path_join(sc->a, sc->cwd, arg);
    if (!dir && sc->cwd != en_OUTSIDE) { /* left the root: a sibling checkout */
      sc->cwd = en_OUTSIDE;
      sc->cd_indent = sc->indent;
      return;
    }
  }
  if (dir) {
    sc->cwd = rc_arena_strdup(sc->a, dir);
    sc->cd_indent = sc->indent;
  }
}

void en_push_dir(struct scan *sc, bool subshell)
{
  if (sc->n_dirs < sizeof(sc->dirs) / sizeof(sc->dirs[0])) {
    sc->dirs[sc->n_dirs].cwd = sc->cwd;
    sc->dirs[sc->n_dirs++].subshell = subshell;
  }
}

/* popd leaves the last pushd (and any subshell left open inside it); a
 * closing parenthesis leaves only a subshell, so a `case` pattern's `x)`
 * moves nothing. */
void en_pop_dir(struct scan *sc, bool subshell)
{
  size_t i = sc->n_dirs;
  while (i > 0 && sc->dirs[i - 1].subshell != subshell && !subshell)
    i--;
  if (i == 0 || sc->dirs[i - 1].subshell != subshell)
    return;
  sc->cwd = sc->dirs[i - 1].cwd;
  sc->n_dirs = i - 1;
}

/* `(cd dir && docker build .)`: a subshell's parentheses as words of
 * their own, so the cd is seen and undone where the subshell ends. A
 * parenthesis that closes `$(...)` or `$(shell ...)`, or a `case`
 * pattern's `x)`, stays in its word. */
size_t en_split_parens(struct rc_arena *a, const char **w, size_t n,
                       const char ***out)
{
  size_t cap = 1;
  for (size_t i = 0; i < n; i++)
    cap += strlen(w[i]) + 1; /* each parenthesis may be a word */
  const char **o = rc_arena_alloc(a, cap * sizeof(*o));
  bool open[32]; /* the open parentheses: a subshell's or not */
  size_t depth = 0, k = 0;
  for (size_t i = 0; i < n; i++) {
    const char *x = w[i];
    while (x[0] == '(' && depth < 32) {
      o[k++] = "(";
      open[depth++] = true;
      x++;
    }
    if (!*x)
      continue;
    size_t len = strlen(x), keep = 0, closes = 0;
    for (size_t j = 0; j < len; j++) {
      if (x[j] == '(' && depth < 32)
        open[depth++] = false;
      else if (x[j] == ')' && depth && open[depth - 1]) {
        depth--;
        closes++;
        continue;
      } else if (x[j] == ')' && depth)
        depth--;
      keep = j + 1;
    }
    if (!closes || keep == len) {
      o[k++] = x; /* no subshell ends here, or not at the word's end */
      continue;
    }
    if (keep)
      o[k++] = rc_arena_strndup(a, x, keep);
    while (closes--)
      o[k++] = ")";
  }
  *out = o;
  return k;
}

/* A CI step's (or job's `defaults.run`) `working-directory: web` (Azure:
 * `workingDirectory:`) is a `cd` from the workspace for the rest of its
 * block: the step, or the job. */
void en_scan_working_dir(struct scan *sc, const char *line)
{
  if (sc->cd_scope != CD_BLOCK)
    return;
  const char *p = line + strspn(line, " \t");
  size_t dash = 0;
  if (p[0] == '-' && p[1] == ' ') {
    dash = strspn(p + 1, " ") + 1;
    p += dash;
  }
  if (strncmp(p, "working-directory:", 18) == 0)
    p += 18;
  else if (strncmp(p, "workingDirectory:", 17) == 0)
    p += 17;
  else
    return;
  p += strspn(p, " \t\"'");
  size_t len = strcspn(p, " \t\"'#");
  if (!len)
    return;
  sc->cwd = sc->base;
  sc->n_dirs = 0;
  en_change_dir(sc, rc_arena_strndup(sc->tmp, p, len));
  if (sc->cwd == sc->base)
    return;
  sc->cd_indent = sc->indent + dash;
  /* `defaults: run: working-directory:` holds for the job's (or the
   * workflow's) every step: its scope is the `defaults:` key's block */
  if (sc->defaults_line && sc->line <= sc->defaults_line + 2 &&
      sc->indent > sc->defaults_indent)
    sc->cd_indent = sc->defaults_indent;
}

/* The indentation of the line starting at data[i], and where its text
 * starts. */
static size_t indent_at(const char *data, size_t len, size_t i, size_t *text)
{
  size_t k = i;
  while (k < len && (data[k] == ' ' || data[k] == '\t'))
    k++;
  *text = k;
  return k - i;
}

/* A step's `working-directory:` may follow its `run:` (YAML keys have no
 * order): at a `run:` line, look on through the step's sibling keys for
 * one and apply it to the run block. */
void en_run_working_dir(struct scan *sc, const char *data, size_t len, size_t i)
{
  size_t t, ind = indent_at(data, len, i, &t);
  size_t key = ind;
  if (t + 1 < len && data[t] == '-' && data[t + 1] == ' ') {
    t += 2;
    key = ind + 2 + strspn(data + t, " ");
    t += strspn(data + t, " ");
  }
  if (len - t < 4 || strncmp(data + t, "run:", 4) != 0)
    return;
  for (size_t e = i; e < len;) {
    while (e < len && data[e] != '\n')
      e++;
    if (e >= len)
      return;
    size_t at = ++e, text;
    size_t in = indent_at(data, len, at, &text);
    if (text >= len || data[text] == '\n' || data[text] == '#')
      continue; /* blank or comment */
    if (in < key || (in == key && data[text] == '-'))
      return; /* the step ended */
    if (in == key && (strncmp(data + text, "working-directory:", 18) == 0 ||
                      strncmp(data + text, "workingDirectory:", 17) == 0)) {
      size_t n = strcspn(data + text, "\n");
      char *line = rc_arena_strndup(sc->tmp, data + text, n);
      size_t saved = sc->indent;
      sc->indent = key;
      en_scan_working_dir(sc, line);
      sc->indent = saved;
      return;
    }
  }
}
