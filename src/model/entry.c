/*
 * entry.c - the repository's own automation says what deploys: which
 * compose files are chained together and which Dockerfiles are built. We
 * read it as text, one logical shell line at a time, because the same
 * commands appear in workflows, Makefiles, scripts and READMEs alike; the
 * only YAML read is GitHub's build-push-action, which has no command line.
 */
#include "readycheck/entry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/vars.h"

enum {
  MAX_FILES = 3000,
  MAX_FILE_BYTES = 1 << 20,
  MAX_TOTAL_BYTES = 48 << 20,
  MAX_WORDS = 512,
  MAX_LINE = 16384,
};

/* ---- which files ------------------------------------------------------- */

static bool ends_with(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static bool is_yaml(const char *name)
{
  return ends_with(name, ".yml") || ends_with(name, ".yaml");
}

/* CI configuration: relative names in it start at the repository root. */
static bool is_ci(const char *path, const char *name)
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
  return rc_pipeline_is_ci(path);
}

static bool is_doc(const char *name)
{
  static const char *const words[] = {"deploy",    "production", "install",
                                      "self-host", "selfhost",   "hosting",
                                      NULL};
  if (strncasecmp(name, "README", 6) == 0)
    return true;
  if (!ends_with(name, ".md"))
    return false;
  for (size_t i = 0; words[i]; i++)
    if (rc_str_find_ci(name, words[i]))
      return true;
  return false;
}

static bool is_automation(const char *name)
{
  static const char *const files[] = {
      "Makefile",  "makefile",     "GNUmakefile",   "justfile",     "Justfile",
      ".justfile", "Taskfile.yml", "Taskfile.yaml", "package.json", "Procfile",
      NULL};
  for (size_t i = 0; files[i]; i++)
    if (strcmp(name, files[i]) == 0)
      return true;
  return ends_with(name, ".sh") || ends_with(name, ".bash") ||
         ends_with(name, ".mk") || strcmp(name, ".env") == 0 ||
         strncmp(name, ".env.", 5) == 0;
}

/* ---- words of a shell line --------------------------------------------- */

static bool op_char(char c)
{
  return c == ';' || c == '|' || c == '&' || c == '<' || c == '>';
}

size_t rc_entry_words(struct rc_arena *a, const char *line, const char ***out)
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
      if (*p == '"' || *p == '\'') {
        char q = *p++;
        while (*p && *p != q) {
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

/* ---- scanning ----------------------------------------------------------- */

struct scan {
  struct rc_entries *out;
  struct rc_vars sh;    /* NAME -> "@ROOT@/folder" for variables naming one */
  struct rc_arena *a;   /* the model's: what is kept */
  struct rc_arena *tmp; /* one file's words */
  const char *path;     /* the file being read */
  const char *cwd;      /* where its relative names start */
  const char *base_cwd; /* ... before any `cd` */
  enum rc_role role;
  unsigned line;
  /* How long a `cd` holds: a script's for the rest of the file, a YAML
   * block's until a line indented less than the `cd` (the next key or
   * step), a Makefile recipe's or package.json script's for its line. */
  enum { CD_FILE, CD_BLOCK, CD_LINE } cd_scope;
  size_t indent;    /* of the line being read */
  size_t cd_indent; /* of the line whose `cd` moved cwd */
};

static bool is_op(const char *w)
{
  return op_char(w[0]);
}

static bool has_var(const char *s)
{
  return strchr(s, '$') != NULL || strstr(s, "{{") != NULL;
}

/* ---- shell variables that name a folder ---------------------------------- */

/* Scripts locate themselves: SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)",
 * ROOT="$(git rev-parse --show-toplevel)", DIR="$SCRIPT_DIR/..". Such a
 * variable is kept as ROOT_MARK + repo-relative folder and substituted in
 * later lines, so `docker build -f "$SCRIPT_DIR/Dockerfile" "$ROOT"`
 * resolves. Anything else stays a variable: unresolved. */
#define ROOT_MARK "@ROOT@/"

static bool self_location(const char *v)
{
  return strstr(v, "dirname") &&
         (strstr(v, "$0") || strstr(v, "BASH_SOURCE") || strstr(v, "${0}"));
}

/* Substitutes the known variables of sc->sh in text; arena string. */
static const char *substitute(struct scan *sc, const char *text)
{
  if (!strchr(text, '$') || sc->sh.n == 0)
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
    if (n && (!braced || name[n] == '}')) {
      char key[128];
      if (n < sizeof(key)) {
        memcpy(key, name, n);
        key[n] = '\0';
        val = rc_vars_get(&sc->sh, key);
      }
    }
    if (val) {
      rc_buf_puts(&b, val);
      p = name + n + (braced ? 1 : 0);
    } else {
      rc_buf_putc(&b, *p++);
    }
  }
  const char *out = rc_arena_strdup(sc->tmp, b.data ? b.data : "");
  rc_buf_release(&b);
  return out;
}

/* The folder a value names, as ROOT_MARK + path, or NULL. */
static const char *folder_value(struct scan *sc, const char *raw)
{
  const char *v = substitute(sc, raw);
  if (strstr(v, "git rev-parse --show-toplevel"))
    return ROOT_MARK;
  const char *base = NULL, *rest = NULL;
  if (self_location(v)) {
    base = sc->cwd;
    const char *close = strchr(strstr(v, "dirname"), ')');
    rest = close ? close + 1 : "";
  } else {
    const char *mark = strstr(v, ROOT_MARK);
    if (!mark)
      return NULL;
    size_t len = strcspn(mark + strlen(ROOT_MARK), "\"') ");
    base = "";
    rest = rc_arena_strndup(sc->tmp, mark + strlen(ROOT_MARK), len);
  }
  while (*rest == '"' || *rest == '\'' || *rest == ')' || *rest == '/')
    rest++;
  char *tail = rc_arena_strndup(sc->tmp, rest, strcspn(rest, "\"') "));
  const char *dir = rc_path_join(sc->a, base, *tail ? tail : ".");
  return dir ? rc_arena_printf(sc->tmp, "%s%s", ROOT_MARK, dir) : NULL;
}

/* NAME=VALUE (or export NAME=VALUE) at the start of a line. */
static void scan_assignment(struct scan *sc, const char *line)
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
    return;
  char name[128];
  memcpy(name, p, n);
  name[n] = '\0';
  const char *dir = folder_value(sc, p + n + 1);
  if (dir)
    rc_vars_set(&sc->sh, name, dir);
}

/* $CI_PROJECT_DIR/x, ${GITHUB_WORKSPACE}/x, $PWD/x: the repository root. */
static const char *strip_workspace(const char *s)
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

static const char *resolve(struct scan *sc, const char *dir, const char *rel)
{
  rel = strip_workspace(rel);
  if (strncmp(rel, ROOT_MARK, strlen(ROOT_MARK)) == 0) {
    rel += strlen(ROOT_MARK);
    dir = "";
  }
  if (strncmp(rel, "dir://", 6) == 0)
    rel += 6;
  return has_var(rel) ? NULL : rc_path_join(sc->a, dir, rel);
}

static void add_chain(struct scan *sc, const char **files, size_t n,
                      bool unresolved)
{
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->chains, &e->cap_chains, e->n_chains, sizeof(*e->chains));
  const char **copy = rc_arena_alloc(sc->a, (n ? n : 1) * sizeof(*copy));
  /* a name the script computed from its own location ("$SCRIPT_DIR/../
   * docker-compose.yml") is root-relative: so are the others then */
  bool rooted = false;
  for (size_t i = 0; i < n; i++)
    rooted = rooted || strncmp(files[i], ROOT_MARK, strlen(ROOT_MARK)) == 0;
  for (size_t i = 0; i < n; i++) {
    const char *f = rooted ? resolve(sc, sc->cwd, files[i]) : files[i];
    copy[i] = rc_arena_strdup(sc->a, f ? f : files[i]);
    if (!f)
      unresolved = true;
  }
  e->chains[e->n_chains++] = (struct rc_chain){
      copy,     n,         rooted ? "" : sc->cwd, {sc->path, sc->line},
      sc->role, unresolved};
}

/* Compose's global options that take a value; the first other word is the
 * subcommand, whose own -f means --force. */
static bool compose_valued_option(const char *w)
{
  static const char *const opts[] = {
      "-p",         "--project-name", "--project-directory",
      "--env-file", "--profile",      "--ansi",
      "--progress", "--parallel",     NULL};
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(w, opts[i]) == 0)
      return true;
  return false;
}

/* docker compose [global options] COMMAND, or docker stack deploy -c FILE
 * ... NAME (its options come anywhere). */
static size_t compose_args(struct scan *sc, const char **w, size_t n, size_t i,
                           bool stack)
{
  const char *files[64];
  size_t nf = 0;
  bool unresolved = false;
  const char *short_f = stack ? "-c" : "-f";
  const char *long_f = stack ? "--compose-file" : "--file";
  size_t ll = strlen(long_f);
  for (; i < n && !is_op(w[i]); i++) {
    const char *v = NULL;
    if ((strcmp(w[i], short_f) == 0 || strcmp(w[i], long_f) == 0) && i + 1 < n)
      v = w[++i];
    else if (strncmp(w[i], long_f, ll) == 0 && w[i][ll] == '=')
      v = w[i] + ll + 1;
    else if (!stack && compose_valued_option(w[i]))
      i++;
    else if (!stack && w[i][0] != '-')
      break; /* the subcommand */
    if (!v)
      continue;
    if (has_var(strip_workspace(v)))
      unresolved = true;
    else if (nf < 64)
      files[nf++] = strip_workspace(v);
  }
  for (; i < n && !is_op(w[i]); i++)
    ;
  if (nf || unresolved)
    add_chain(sc, files, nf, unresolved);
  return i;
}

static bool flag_without_value(const char *w)
{
  static const char *const flags[] = {"--push",
                                      "--load",
                                      "--no-cache",
                                      "--pull",
                                      "--rm",
                                      "-q",
                                      "--quiet",
                                      "--squash",
                                      "--compress",
                                      "--force-rm",
                                      "--no-push",
                                      "--reproducible",
                                      "--single-snapshot",
                                      "--cache",
                                      NULL};
  for (size_t i = 0; flags[i]; i++)
    if (strcmp(w, flags[i]) == 0)
      return true;
  return strchr(w, '=') != NULL;
}

/* "ghcr.io/acme/app:1.2" -> "ghcr.io/acme/app"; NULL when computed. */
static const char *image_repo(struct scan *sc, const char *tag)
{
  if (!tag)
    return NULL;
  while (*tag == ' ' || *tag == '-')
    tag++;
  size_t n = strcspn(tag, "@, \n");
  size_t last_slash = 0;
  for (size_t i = 0; i < n; i++)
    if (tag[i] == '/')
      last_slash = i;
  for (size_t i = last_slash; i < n; i++)
    if (tag[i] == ':') { /* the tag, not a registry port */
      n = i;
      break;
    }
  /* ghcr.io/acme/app:${{ github.sha }}: only the tag is computed */
  const char *repo = n ? rc_arena_strndup(sc->a, tag, n) : NULL;
  return repo && !has_var(repo) ? repo : NULL;
}

/* The path with each variable ($X, ${X}, ${{ x }}) as `*`, resolved from
 * dir; NULL when it is nothing but variables. */
static const char *var_glob(struct scan *sc, const char *dir, const char *p)
{
  struct rc_buf b;
  rc_buf_init(&b);
  size_t literal = 0;
  while (*p) {
    if (p[0] == '$' && p[1] == '{' && p[2] == '{') {
      const char *end = strstr(p, "}}");
      p = end ? end + 2 : p + strlen(p);
      rc_buf_printf(&b, "*");
    } else if (p[0] == '{' && p[1] == '{') {
      const char *end = strstr(p, "}}");
      p = end ? end + 2 : p + strlen(p);
      rc_buf_printf(&b, "*");
    } else if (p[0] == '$' && p[1] == '{') {
      const char *end = strchr(p, '}');
      p = end ? end + 1 : p + strlen(p);
      rc_buf_printf(&b, "*");
    } else if (p[0] == '$') {
      p++;
      while (isalnum((unsigned char)*p) || *p == '_')
        p++;
      rc_buf_printf(&b, "*");
    } else {
      rc_buf_printf(&b, "%c", *p++);
      literal++;
    }
  }
  const char *g = NULL;
  if (b.data && literal && !strstr(b.data, "**") && b.data[0] != '*')
    g = rc_path_join(sc->a, dir, strip_workspace(b.data));
  rc_buf_release(&b);
  return g;
}

static void add_build(struct scan *sc, const char *file, const char *ctx,
                      const char *target, bool unresolved, const char *tag)
{
  struct rc_entries *e = sc->out;
  const char *context = ctx ? resolve(sc, sc->cwd, ctx) : NULL;
  const char *df = NULL;
  if (file)
    df = resolve(sc, sc->cwd, file);
  else if (context)
    df = rc_path_join(sc->a, context, "Dockerfile");
  if (!context || !df || (target && has_var(target)))
    unresolved = true;
  rc_grow((void **)&e->builds, &e->cap_builds, e->n_builds, sizeof(*e->builds));
  e->builds[e->n_builds++] = (struct rc_build){
      df,
      context,
      target && !has_var(target) ? rc_arena_strdup(sc->a, target) : NULL,
      {sc->path, sc->line},
      sc->role,
      unresolved,
      image_repo(sc, tag),
      unresolved && file && has_var(file) ? var_glob(sc, sc->cwd, file) : NULL};
}

static const char *opt_value(const char *w, const char *name)
{
  size_t n = strlen(name);
  return strncmp(w, name, n) == 0 && w[n] == '=' ? w + n + 1 : NULL;
}

/* docker build [OPTIONS] CONTEXT; kaniko: --dockerfile X --context Y. */
static size_t build_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *file = NULL, *ctx = NULL, *target = NULL, *tag = NULL;
  for (; i < n && !is_op(w[i]); i++) {
    const char *v;
    if ((strcmp(w[i], "-t") == 0 || strcmp(w[i], "--tag") == 0) && i + 1 < n &&
        !tag) {
      tag = w[++i];
      continue;
    }
    if ((v = opt_value(w[i], "--tag")) && !tag) {
      tag = v;
      continue;
    }
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0 ||
         strcmp(w[i], "--dockerfile") == 0) &&
        i + 1 < n)
      file = w[++i];
    else if ((v = opt_value(w[i], "--file")) ||
             (v = opt_value(w[i], "--dockerfile")))
      file = v;
    else if (strcmp(w[i], "--target") == 0 && i + 1 < n)
      target = w[++i];
    else if ((v = opt_value(w[i], "--target")))
      target = v;
    else if (strcmp(w[i], "--context") == 0 && i + 1 < n)
      ctx = w[++i];
    else if ((v = opt_value(w[i], "--context")))
      ctx = v;
    else if (w[i][0] == '-' && !flag_without_value(w[i]))
      i++; /* an option with a value: -t name, --build-arg X=1 ... */
    else if (w[i][0] != '-')
      ctx = w[i];
  }
  if (ctx || file)
    add_build(sc, file, ctx ? ctx : ".", target, false, tag);
  return i;
}

static bool word_is(const char *const *w, size_t n, size_t i, const char *s)
{
  return i < n && strcmp(w[i], s) == 0;
}

static bool engine(const char *w)
{
  const char *base = rc_path_base(w);
  return strcmp(base, "docker") == 0 || strcmp(base, "podman") == 0 ||
         strcmp(base, "nerdctl") == 0;
}

/* `cd DIR` moves where later relative names start: a literal folder, or
 * one the script computes from its own location. */
static void change_dir(struct scan *sc, const char *arg)
{
  const char *dir = NULL;
  if (self_location(arg) || strncmp(arg, ROOT_MARK, strlen(ROOT_MARK)) == 0) {
    const char *v = folder_value(sc, arg);
    dir = v ? v + strlen(ROOT_MARK) : NULL;
  } else if (!has_var(arg) && arg[0] != '/' && arg[0] != '~' &&
             strcmp(arg, "-") != 0) {
    dir = rc_path_join(sc->a, sc->cwd, arg);
  }
  if (dir) {
    sc->cwd = rc_arena_strdup(sc->a, dir);
    sc->cd_indent = sc->indent;
  }
}

static void scan_words(struct scan *sc, const char **w, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const char *base = rc_path_base(w[i]);
    if (strcmp(w[i], "cd") == 0 && i + 1 < n && !is_op(w[i + 1]) &&
        (i == 0 || is_op(w[i - 1])))
      change_dir(sc, w[++i]);
    else if (strcmp(base, "docker-compose") == 0 ||
             strcmp(base, "podman-compose") == 0)
      i = compose_args(sc, w, n, i + 1, false);
    else if (engine(w[i]) && word_is(w, n, i + 1, "compose"))
      i = compose_args(sc, w, n, i + 2, false);
    else if (engine(w[i]) && word_is(w, n, i + 1, "stack") &&
             word_is(w, n, i + 2, "deploy"))
      i = compose_args(sc, w, n, i + 3, true);
    else if (engine(w[i]) && word_is(w, n, i + 1, "build"))
      i = build_args(sc, w, n, i + 2);
    else if (engine(w[i]) &&
             (word_is(w, n, i + 1, "buildx") ||
              word_is(w, n, i + 1, "image")) &&
             word_is(w, n, i + 2, "build"))
      i = build_args(sc, w, n, i + 3);
    else if (strcmp(base, "buildah") == 0 &&
             (word_is(w, n, i + 1, "bud") || word_is(w, n, i + 1, "build")))
      i = build_args(sc, w, n, i + 2);
    else if (strcmp(base, "executor") == 0 && strstr(w[i], "kaniko"))
      i = build_args(sc, w, n, i + 1);
  }
}

/* COMPOSE_FILE=a.yml:b.yml (or `COMPOSE_FILE: a:b` in YAML). */
static void scan_compose_file_var(struct scan *sc, const char *line)
{
  const char *p = strstr(line, "COMPOSE_FILE");
  if (!p || (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
    return;
  p += 12;
  while (*p == ' ' || *p == '"' || *p == '\'')
    p++;
  if (*p != '=' && *p != ':')
    return;
  p++;
  while (*p == ' ' || *p == '"' || *p == '\'')
    p++;
  size_t len = strcspn(p, " \t\"'\r\n#");
  if (!len)
    return;
  char *val = rc_arena_strndup(sc->tmp, p, len);
  const char *files[64];
  size_t nf = 0;
  bool unresolved = has_var(val);
  for (char *tok = strtok(val, ":;"); tok && nf < 64; tok = strtok(NULL, ":;"))
    files[nf++] = tok;
  if (nf && !unresolved)
    add_chain(sc, files, nf, false);
}

static void scan_line(struct scan *sc, const char *line)
{
  scan_assignment(sc, line);
  line = substitute(sc, line);
  if (rc_str_find_ci(line, "compose") || rc_str_find_ci(line, "build") ||
      strstr(line, "stack") || strstr(line, "kaniko") || strstr(line, "cd ")) {
    const char **w;
    size_t n = rc_entry_words(sc->tmp, line, &w);
    scan_words(sc, w, n);
  }
  scan_compose_file_var(sc, line);
}

/* Logical lines: a trailing backslash continues the line. */
static void scan_text(struct scan *sc, const char *data, size_t len)
{
  struct rc_buf cur;
  rc_buf_init(&cur);
  unsigned lineno = 0, start = 1;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    lineno++;
    size_t n = e - i;
    while (n && (data[i + n - 1] == '\r' || data[i + n - 1] == ' '))
      n--;
    if (!cur.len)
      start = lineno;
    bool cont = n && data[i + n - 1] == '\\';
    if (!cur.len) {
      size_t ind = 0;
      while (ind < n && (data[i + ind] == ' ' || data[i + ind] == '\t'))
        ind++;
      sc->indent = ind;
      if (sc->cd_scope == CD_LINE ||
          (sc->cd_scope == CD_BLOCK && ind < n && ind < sc->cd_indent))
        sc->cwd = sc->base_cwd;
    }
    if (cur.len + n < MAX_LINE)
      rc_buf_add(&cur, data + i, cont ? n - 1 : n);
    if (!cont) {
      sc->line = start;
      if (cur.len)
        scan_line(sc, cur.data);
      rc_buf_reset(&cur);
    } else {
      rc_buf_putc(&cur, ' ');
    }
    i = e + 1;
  }
  if (cur.len) {
    sc->line = start;
    scan_line(sc, cur.data);
  }
  rc_buf_release(&cur);
}

/* ---- GitHub's build-push-action ---------------------------------------- */

static const char *with_str(const cJSON *with, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(with, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void walk_actions(struct scan *sc, const struct rc_docs *docs,
                         const cJSON *node, unsigned depth)
{
  if (depth > 64)
    return;
  const cJSON *uses = cJSON_GetObjectItemCaseSensitive(node, "uses");
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strncmp(uses->valuestring, "docker/build-push-action", 24) == 0) {
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(node, "with");
    const char *ctx = with_str(with, "context");
    const char *file = with_str(with, "file");
    bool unresolved = (ctx && has_var(strip_workspace(ctx))) ||
                      (file && has_var(strip_workspace(file)));
    sc->line = rc_docs_line(docs, uses);
    sc->cwd = "";
    add_build(sc, file, ctx ? ctx : ".", with_str(with, "target"), unresolved,
              with_str(with, "tags"));
  }
  for (const cJSON *c = node->child; c; c = c->next)
    walk_actions(sc, docs, c, depth + 1);
}

static void scan_workflow_yaml(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_docs_parse(&docs, data, len, sc->path, RC_DOC_YAML, err,
                    sizeof(err)) != 0)
    return;
  for (size_t i = 0; i < docs.n; i++)
    walk_actions(sc, &docs, docs.docs[i], 0);
  rc_docs_release(&docs);
}

/* ---- driver ------------------------------------------------------------- */

static int cd_scope_of(const char *name, bool ci)
{
  if (ends_with(name, ".sh") || ends_with(name, ".bash") ||
      ends_with(name, ".md") || strncasecmp(name, "README", 6) == 0 ||
      strcmp(name, "Jenkinsfile") == 0)
    return CD_FILE;
  return ci || is_yaml(name) ? CD_BLOCK : CD_LINE;
}

void rc_entries_scan(struct rc_entries *out, struct rc_index *idx,
                     struct rc_arena *a)
{
  memset(out, 0, sizeof(*out));
  struct rc_pipeline_scan *ps = rc_pipeline_scan_new(&out->pipeline, idx, a);
  size_t total = 0;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE || e->size > MAX_FILE_BYTES)
      continue;
    bool ci = is_ci(e->path, e->name);
    if (!ci && !is_automation(e->name) && !is_doc(e->name))
      continue;
    if (out->files_scanned >= MAX_FILES || total + e->size > MAX_TOTAL_BYTES)
      break;
    const char *data;
    size_t len;
    char err[128];
    if (rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0 ||
        rc_index_is_binary(data, len))
      continue;
    out->files_scanned++;
    total += len;
    struct scan sc = {
        .out = out, .a = a, .tmp = rc_arena_new(), .path = e->path};
    rc_vars_init(&sc.sh);
    sc.role = ci ? RC_ROLE_PRODUCTION : rc_role_of_path(e->path, NULL, 0);
    sc.cwd = ci ? "" : rc_path_dir(a, e->path);
    sc.base_cwd = sc.cwd;
    sc.cd_scope = cd_scope_of(e->name, ci);
    sc.cd_indent = (size_t)-1;
    scan_text(&sc, data, len);
    if (ci && strncmp(e->path, ".github/workflows/", 18) == 0)
      scan_workflow_yaml(&sc, data, len);
    if (rc_pipeline_is_ci(e->path))
      rc_pipeline_scan_file(ps, e->path, data, len);
    rc_vars_release(&sc.sh);
    rc_arena_free(sc.tmp);
  }
  rc_pipeline_finish(ps);
}

void rc_entries_release(struct rc_entries *e)
{
  if (!e)
    return;
  free(e->chains);
  free(e->builds);
  rc_pipeline_release(&e->pipeline);
  e->chains = NULL;
  e->builds = NULL;
  e->n_chains = e->n_builds = 0;
}
