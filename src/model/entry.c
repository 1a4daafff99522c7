/*
 * entry.c - the repository's own automation says what deploys: which
 * compose files are chained together and which Dockerfiles are built. We
 * read it as text, one logical shell line at a time, because the same
 * commands appear in workflows, Makefiles, scripts and READMEs alike; the
 * only YAML read is GitHub's build-push-action, which has no command line.
 */
#define _GNU_SOURCE /* memmem */
#include "readycheck/entry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/bake.h"
#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/matrix.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/platform.h"
#include "readycheck/shellwords.h"
#include "readycheck/tomltable.h"
#include "readycheck/vars.h"

enum {
  MAX_FILES = 3000,
  MAX_FILE_BYTES = 1 << 20,
  MAX_TOTAL_BYTES = 48 << 20,
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
  return rc_pipeline_is_ci_name(name) || rc_pipeline_is_ci(path);
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
  return rc_str_find_any_ci(name, words);
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

/* ---- scanning ----------------------------------------------------------- */

/* The CI files of the index, for the Makefile rules' lookups: listed once,
 * not once per rule line (a Makefile of hundreds of rules). */
struct rc_ci_files {
  const struct rc_entry **at;
  size_t n, cap;
};

struct scan {
  struct rc_entries *out;
  struct rc_vars sh;   /* NAME -> "@ROOT@/folder" for variables naming one */
  struct rc_vars mk;   /* a Makefile's NAME ?= word, for $(NAME) */
  bool mk_file;        /* the file is a Makefile: recipes have prefixes */
  const char *mk_rule; /* the targets of the rule being read, separated by
                          spaces: what `$@` is in its recipe */
  const char *mk_dev_rule; /* the rule being read, when it is named for
                              development and no CI file runs it */
  const char *mk_shortcut; /* the rule being read, when it is named for
                              development or tests and no CI file runs it */
  bool mk_local_cluster;   /* the rule being read is named for, or first
                              makes, a local cluster (kind, k3d, minikube) */
  struct rc_index *idx; /* for the CI files a Makefile rule is looked up in */
  const cJSON *steps;   /* the steps of the workflow job being walked */
  struct rc_arena *a;   /* the model's: what is kept */
  struct rc_arena *tmp; /* one file's words */
  const char *path;     /* the file being read */
  const char *cwd;      /* where its relative names start */
  const char *base;     /* cwd before any `cd` */
  enum rc_role role;
  unsigned line;
  /* How long a `cd` holds: a script's for the rest of the file, a YAML
   * block's until a line indented less than the `cd` (the next key or
   * step), a Makefile recipe's or package.json script's for its line. */
  enum { CD_FILE, CD_BLOCK, CD_LINE } cd_scope;
  const char *via;  /* the command being read when the file alone does not
                       name it (a package.json script), or NULL */
  bool builds_only; /* read image builds only, not compose or kubectl */
  const char *bake_matrix; /* the targets the workflow's bake matrix
                              subaction steps list, comma-separated */
  size_t indent;           /* of the line being read */
  size_t cd_indent;        /* of the line whose `cd` moved cwd */
  /* the last `defaults:` key of a CI file (GitHub's job or workflow
   * `defaults.run.working-directory`), and its indentation */
  unsigned defaults_line;
  size_t defaults_indent;
  /* where `pushd` and a `( cd ... )` subshell came from: popd and the
   * closing parenthesis go back there */
  struct {
    const char *cwd;
    bool subshell;
  } dirs[8];
  size_t n_dirs;
  /* the index's parsed files, shared with the other readers (doccache.h) */
  struct rc_doc_cache *docs;
  const char *text; /* the file being read, whole (text_len bytes) */
  size_t text_len;
  /* a Markdown document: the section being read (its heading's level and
   * the role its words give, RC_ROLE_PRODUCTION when none) and whether a
   * code fence is open */
  bool markdown, in_fence;
  int section_level;
  enum rc_role section_role;
  bool section_deploys; /* its heading, or one above it, is about deploying */
  bool section_local;   /* and its text says the setup is for development */
  bool doc_local;       /* the document's opening says its compose stack is a
                           developer's: so is every section after it */
  const char *cloned;   /* the folder a document's last `git clone` made */
  /* the repository's CI files, listed once per scan of all files */
  const struct rc_ci_files *ci_files;
};

static bool is_op(const char *w)
{
  return rc_shell_is_op(w) || strcmp(w, "(") == 0 || strcmp(w, ")") == 0;
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

/* Substitutes the known variables of sc->sh (and a Makefile's, also as
 * `$(NAME)`) in text; arena string. */
static const char *substitute(struct scan *sc, const char *text)
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
static const char OUTSIDE[] = "..";

/* The folder a value names, as ROOT_MARK + path, or NULL. */
static const char *folder_value(struct scan *sc, const char *raw)
{
  const char *v = substitute(sc, raw);
  if (strstr(v, "git rev-parse --show-toplevel"))
    return ROOT_MARK;
  const char *base = NULL, *rest = NULL;
  const char *here = current_folder(v);
  if (here) {
    /* DIR=`pwd` after `cd ../`: the folder the script is in then */
    if (sc->cwd == OUTSIDE)
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
  if (dir == OUTSIDE)
    return NULL;
  rel = strip_workspace(rel);
  if (strncmp(rel, ROOT_MARK, strlen(ROOT_MARK)) == 0) {
    rel += strlen(ROOT_MARK);
    while (*rel == '/') /* "${ROOT}/x" with ROOT the root itself */
      rel++;
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
  if (sc->cwd == OUTSIDE)
    return; /* another checkout's compose files */
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
  e->chains[e->n_chains++] =
      (struct rc_chain){copy,
                        n,
                        rooted ? "" : sc->cwd,
                        {sc->path, sc->line},
                        sc->role,
                        unresolved,
                        sc->mk_file && sc->indent > 0 ? sc->mk_shortcut : NULL,
                        false,
                        false};
}

static void add_up(struct scan *sc, const char *file)
{
  struct rc_entries *e = sc->out;
  if (sc->cwd == OUTSIDE)
    return;
  rc_grow((void **)&e->ups, &e->cap_ups, e->n_ups, sizeof(*e->ups));
  e->ups[e->n_ups++] =
      (struct rc_up){sc->cwd,
                     file ? rc_arena_strdup(sc->a, file) : NULL,
                     {sc->path, sc->line},
                     sc->role,
                     sc->markdown && sc->section_deploys,
                     sc->markdown && sc->section_local};
}

/* The chain being added says it deploys: `docker stack deploy`, a
 * Makefile rule named for deploying or production, a document's section
 * about deploying or installing. */
static bool chain_deploys(const struct scan *sc, bool stack)
{
  if (stack)
    return true;
  if (sc->markdown)
    return sc->section_deploys;
  if (!sc->mk_file || sc->indent == 0 || !sc->mk_rule)
    return false;
  char *targets = rc_arena_strdup(sc->tmp, sc->mk_rule);
  for (char *save = NULL, *t = strtok_r(targets, " \t", &save); t;
       t = strtok_r(NULL, " \t", &save))
    if (rc_role_name_is_production(t))
      return true;
  return false;
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
  const char *sub = i < n && !is_op(w[i]) ? w[i] : NULL;
  for (; i < n && !is_op(w[i]); i++)
    ;
  /* a document's `up` of one file under a development heading says how a
   * developer runs it; whether that file is also the deployment is the
   * model's to weigh (devstacks.c, documented local runs) */
  bool up = !stack && sc->markdown && !unresolved && nf <= 1 && sub &&
            strcmp(sub, "up") == 0;
  /* a deploy, install or setup script's plain `docker compose up -d`
   * (`setup.sh`, `deploy/run.sh`) runs its folder's compose file for real */
  bool script_up =
      !stack && !sc->markdown && !sc->mk_file && nf == 0 && !unresolved &&
      sub && strcmp(sub, "up") == 0 && sc->role == RC_ROLE_PRODUCTION &&
      !rc_pipeline_is_ci(sc->path) && rc_role_path_says_deploy(sc->path);
  if (script_up) {
    size_t before = sc->out->n_ups;
    add_up(sc, NULL);
    if (sc->out->n_ups > before)
      sc->out->ups[before].deploys = true;
  } else if (up && (nf == 0 || sc->role != RC_ROLE_PRODUCTION)) {
    add_up(sc, nf ? files[0] : NULL);
  } else if (nf || unresolved) {
    size_t before = sc->out->n_chains;
    add_chain(sc, files, nf, unresolved);
    if (sc->out->n_chains > before) {
      sc->out->chains[before].deploys = chain_deploys(sc, stack);
      sc->out->chains[before].stack = stack;
    }
  }
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
                                      "--check",
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

/* kustomize edit set image NAME=NEW... (also `$(KUSTOMIZE) edit ...`):
 * each NAME the release replaces. i is at `edit`. */
static size_t set_image_args(struct scan *sc, const char **w, size_t n,
                             size_t i)
{
  for (i += 3; i < n && !is_op(w[i]); i++) {
    const char *eq = strchr(w[i], '=');
    if (w[i][0] == '-' || !eq || eq == w[i])
      continue;
    const char *name = rc_arena_strndup(sc->a, w[i], (size_t)(eq - w[i]));
    const char *colon = strrchr(name, ':');
    if (colon && !strchr(colon, '/'))
      name = rc_arena_strndup(sc->a, name, (size_t)(colon - name));
    if (has_var(name))
      continue;
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->set_images, &e->cap_set_images, e->n_set_images,
            sizeof(*e->set_images));
    e->set_images[e->n_set_images++] =
        (struct rc_set_image){name, {sc->path, sc->line}, NULL};
  }
  return i;
}

/* A sed expression `s/:latest/:$(VERSION)/` (any delimiter): it writes
 * a tag over :latest. */
static bool stamps_latest(struct scan *sc, const char *x)
{
  if (x[0] != 's' || !x[1] || isalnum((unsigned char)x[1]) || x[1] == '\\')
    return false;
  char d = x[1];
  const char *pat = x + 2, *mid = strchr(pat, d);
  if (!mid)
    return false;
  const char *end = strchr(mid + 1, d);
  size_t pn = (size_t)(mid - pat);
  size_t rn = end ? (size_t)(end - mid - 1) : strlen(mid + 1);
  const char *hit =
      rc_str_find_ci(rc_arena_strndup(sc->tmp, pat, pn), ":latest");
  /* a Makefile's `$(VERSION)` may read here as its default, even
   * `latest`: a sed rewriting the tag says the release sets one */
  return hit && memchr(mid + 1, ':', rn) != NULL;
}

/* sed ... 's/:latest/:$(VERSION)/' FILE...: the release writes its version
 * over :latest in the manifests FILE names (the folder before the first
 * variable: `manifests/$*` is manifests/). i is past `sed`. */
static size_t sed_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  bool stamps = false;
  const char *files = NULL;
  for (; i < n && !is_op(w[i]); i++) {
    if (strcmp(w[i], "-e") == 0 || strcmp(w[i], "--expression") == 0) {
      stamps |= i + 1 < n && stamps_latest(sc, w[i + 1]);
      i++;
    } else if (w[i][0] == '-') {
      continue;
    } else if (stamps_latest(sc, w[i])) {
      stamps = true;
    } else if (!files) {
      size_t k = strcspn(w[i], "$");
      while (k > 0 && w[i][k - 1] != '/')
        k--;
      const char *dir = rc_arena_strndup(sc->tmp, w[i], k ? k - 1 : 0);
      files = *dir ? resolve(sc, sc->cwd, dir) : "";
    }
  }
  if (stamps && sc->role == RC_ROLE_PRODUCTION) {
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->set_images, &e->cap_set_images, e->n_set_images,
            sizeof(*e->set_images));
    e->set_images[e->n_set_images++] =
        (struct rc_set_image){"", {sc->path, sc->line}, files ? files : ""};
  }
  return i;
}

static bool kustomize_word(const char *w)
{
  return strcmp(rc_path_base(w), "kustomize") == 0 ||
         rc_str_find_ci(w, "KUSTOMIZE") != NULL;
}

/* docker tag [OPTIONS] SRC DST: both names literal, or nothing is kept. */
static size_t tag_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *names[2];
  size_t k = 0;
  for (; i < n && !is_op(w[i]); i++)
    if (w[i][0] != '-' && k < 2)
      names[k++] = w[i];
  const char *from = k == 2 ? image_repo(sc, names[0]) : NULL;
  const char *to = k == 2 ? image_repo(sc, names[1]) : NULL;
  if (from && to && strcmp(from, to) != 0) {
    struct rc_entries *e = sc->out;
    rc_grow((void **)&e->retags, &e->cap_retags, e->n_retags,
            sizeof(*e->retags));
    e->retags[e->n_retags++] =
        (struct rc_retag){from, to, {sc->path, sc->line}};
  }
  return i;
}

/* p with each variable ($X, ${X}, $(X), ${{ x }}) as `*`; *literal: how
 * many characters are not. The caller releases out. */
static void vars_as_stars(const char *p, struct rc_buf *out, size_t *literal)
{
  *literal = 0;
  while (*p) {
    if (p[0] == '$' && p[1] == '{' && p[2] == '{') {
      const char *end = strstr(p, "}}");
      p = end ? end + 2 : p + strlen(p);
      rc_buf_printf(out, "*");
    } else if (p[0] == '{' && p[1] == '{') {
      const char *end = strstr(p, "}}");
      p = end ? end + 2 : p + strlen(p);
      rc_buf_printf(out, "*");
    } else if (p[0] == '$' && (p[1] == '(' || p[1] == '{')) {
      const char *end = strchr(p, p[1] == '(' ? ')' : '}');
      p = end ? end + 1 : p + strlen(p);
      rc_buf_printf(out, "*");
    } else if (p[0] == '$') {
      p++;
      while (isalnum((unsigned char)*p) || *p == '_')
        p++;
      rc_buf_printf(out, "*");
    } else {
      rc_buf_printf(out, "%c", *p++);
      (*literal)++;
    }
  }
}

/* "${REGISTRY}/acme/app:${TAG}" -> "(star)/acme/app": the tag's repository
 * with its variables as wildcards, when its own name (the last segment)
 * is written out; NULL otherwise or when there is no variable. */
static const char *image_repo_glob(struct scan *sc, const char *tag,
                                   const char **written)
{
  *written = NULL;
  if (!tag)
    return NULL;
  while (*tag == ' ' || *tag == '-')
    tag++;
  /* the name ends at a separator outside a variable: `${{ vars.REPO }}`
   * holds spaces of its own */
  size_t n = 0;
  for (size_t depth = 0; tag[n] && (depth || !strchr("@, \n", tag[n])); n++)
    if (tag[n] == '{')
      depth++;
    else if (tag[n] == '}' && depth)
      depth--;
  /* the tag starts at the first colon after the last slash outside a
   * variable: `${IMAGE:-x}` holds a colon of its own */
  size_t last_slash = 0, depth = 0;
  for (size_t i = 0; i < n; i++) {
    if (tag[i] == '{')
      depth++;
    else if (tag[i] == '}' && depth)
      depth--;
    else if (tag[i] == '/' && !depth)
      last_slash = i;
  }
  depth = 0;
  for (size_t i = last_slash; i < n; i++) {
    if (tag[i] == '{')
      depth++;
    else if (tag[i] == '}' && depth)
      depth--;
    else if (tag[i] == ':' && !depth) {
      n = i;
      break;
    }
  }
  const char *repo = rc_arena_strndup(sc->a, tag, n);
  if (!has_var(repo))
    return NULL;
  if (tag[n] == ':') {
    size_t tn = strcspn(tag + n + 1, "@, \n\"'");
    const char *t = rc_arena_strndup(sc->a, tag + n + 1, tn);
    *written = tn && !has_var(t) ? t : NULL;
  }
  struct rc_buf b;
  rc_buf_init(&b);
  size_t literal;
  vars_as_stars(repo, &b, &literal);
  const char *g = b.data ? rc_arena_strdup(sc->a, b.data) : NULL;
  rc_buf_release(&b);
  const char *name = g ? strrchr(g, '/') : NULL;
  name = name ? name + 1 : g;
  return name && *name && !strchr(name, '*') ? g : NULL;
}

/* The path with each variable as `*`, resolved from dir; NULL when it is
 * nothing but variables. */
static const char *var_glob(struct scan *sc, const char *dir, const char *p)
{
  struct rc_buf b;
  rc_buf_init(&b);
  size_t literal;
  vars_as_stars(p, &b, &literal);
  const char *g = NULL;
  if (b.data && literal && !strstr(b.data, "**") && b.data[0] != '*')
    g = rc_path_join(sc->a, dir, strip_workspace(b.data));
  rc_buf_release(&b);
  return g;
}

/* Every tag as written ("acme/app:base acme/app:1"), space-separated,
 * those with a variable left out; NULL when none is left. tags holds them
 * separated by spaces, commas or lines (build-push-action's `tags:`). */
static const char *tag_refs(struct scan *sc, const char *tags)
{
  if (!tags)
    return NULL;
  struct rc_buf b;
  rc_buf_init(&b);
  bool in_expr = false; /* inside `${{ ... }}`, which holds spaces */
  for (const char *p = tags; *p;) {
    p += strspn(p, " ,\n\r\t-");
    size_t n = strcspn(p, " ,\n\r\t");
    const char *ref = rc_arena_strndup(sc->tmp, p, n);
    bool opens = strstr(ref, "{{") != NULL, closes = strstr(ref, "}}") != NULL;
    if (n && !in_expr && !has_var(ref))
      rc_buf_printf(&b, "%s%s", b.len ? " " : "", ref);
    if (opens && !closes)
      in_expr = true;
    else if (closes)
      in_expr = false;
    p += n;
  }
  const char *res = b.len ? rc_arena_strdup(sc->a, b.data) : NULL;
  rc_buf_release(&b);
  return res;
}

/* `docker build https://github.com/o/r.git#v3` or `git@host:o/r`: the
 * build context is a remote repository, not this tree. */
static bool remote_context(const char *ctx)
{
  return strstr(ctx, "://") || strncmp(ctx, "git@", 4) == 0 ||
         strncmp(ctx, "github.com/", 11) == 0;
}

static void add_build(struct scan *sc, const char *file, const char *ctx,
                      const char *target, bool unresolved, const char *tag,
                      const char *all_tags)
{
  struct rc_entries *e = sc->out;
  if ((ctx && remote_context(ctx)) || sc->cwd == OUTSIDE)
    return; /* nothing of this repository is built */
  const char *context = ctx ? resolve(sc, sc->cwd, ctx) : NULL;
  const char *df = NULL;
  if (file)
    df = resolve(sc, sc->cwd, file);
  else if (context) {
    df = rc_path_join(sc->a, context, "Dockerfile");
    /* without -f, docker build falls back to a lower-case `dockerfile` */
    const char *lower = rc_path_join(sc->a, context, "dockerfile");
    if (sc->idx && !rc_index_find(sc->idx, df) && rc_index_find(sc->idx, lower))
      df = lower;
  }
  if (!context || !df || (target && has_var(target)))
    unresolved = true;
  const char *glob_tag;
  const char *glob = image_repo_glob(sc, tag, &glob_tag);
  rc_grow((void **)&e->builds, &e->cap_builds, e->n_builds, sizeof(*e->builds));
  e->builds[e->n_builds++] = (struct rc_build){
      df,
      context,
      target && !has_var(target) ? rc_arena_strdup(sc->a, target) : NULL,
      {sc->path, sc->line},
      sc->role,
      unresolved,
      image_repo(sc, tag),
      unresolved && file && has_var(file) ? var_glob(sc, sc->cwd, file) : NULL,
      glob,
      tag_refs(sc, all_tags ? all_tags : tag),
      sc->via,
      sc->mk_file && sc->indent > 0 ? sc->mk_dev_rule : NULL,
      sc->mk_file && sc->indent > 0 ? sc->mk_shortcut : NULL,
      NULL,
      glob ? glob_tag : NULL,
      false};
}

static const char *opt_value(const char *w, const char *name)
{
  size_t n = strlen(name);
  return strncmp(w, name, n) == 0 && w[n] == '=' ? w + n + 1 : NULL;
}

/* Where `--output` writes when it writes files: `.`, `dist`,
 * `type=local,dest=out`, `type=tar,dest=x.tar`. NULL when the output is an
 * image (`type=image`, `type=registry`, `type=docker`, `type=oci`). */
static const char *local_output(const char *v)
{
  if (strncmp(v, "type=", 5) != 0)
    return v;
  if (strncmp(v + 5, "local", 5) != 0 && strncmp(v + 5, "tar", 3) != 0)
    return NULL;
  const char *dest = strstr(v, "dest=");
  return dest ? dest + 5 : v;
}

/* docker build [OPTIONS] CONTEXT; kaniko: --dockerfile X --context Y. */
static size_t build_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *file = NULL, *ctx = NULL, *target = NULL, *tag = NULL;
  const char *out = NULL;
  struct rc_buf tags;
  rc_buf_init(&tags);
  for (; i < n && !is_op(w[i]); i++) {
    const char *v = NULL;
    if ((strcmp(w[i], "-t") == 0 || strcmp(w[i], "--tag") == 0) && i + 1 < n)
      v = w[++i];
    else
      v = opt_value(w[i], "--tag");
    if (v) {
      if (!tag)
        tag = v;
      rc_buf_printf(&tags, "%s%s", tags.len ? " " : "", v);
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
    else if ((strcmp(w[i], "-o") == 0 || strcmp(w[i], "--output") == 0) &&
             i + 1 < n)
      out = local_output(w[++i]);
    else if ((v = opt_value(w[i], "--output")))
      out = local_output(v);
    else if (strcmp(w[i], "--context") == 0 && i + 1 < n)
      ctx = w[++i];
    else if ((v = opt_value(w[i], "--context")))
      ctx = v;
    else if (w[i][0] == '-' && !flag_without_value(w[i]))
      i++; /* an option with a value: -t name, --build-arg X=1 ... */
    else if (w[i][0] != '-')
      ctx = w[i];
  }
  /* `-f -` and a context of `-` read the Dockerfile from stdin (`echo
   * 'FROM x' | docker build -f - .`): no file of the repository */
  bool stdin_df =
      (file && strcmp(file, "-") == 0) || (ctx && strcmp(ctx, "-") == 0);
  size_t before = sc->out->n_builds;
  if ((ctx || file) && !stdin_df)
    add_build(sc, file, ctx ? ctx : ".", target, false, tag,
              tags.len ? rc_arena_strdup(sc->tmp, tags.data) : NULL);
  if (out && sc->out->n_builds > before)
    sc->out->builds[before].exports = rc_arena_strdup(sc->a, out);
  rc_buf_release(&tags);
  return i;
}

static bool word_is(const char *const *w, size_t n, size_t i, const char *s)
{
  return i < n && strcmp(w[i], s) == 0;
}

/* Short flags without values, alone or together: -d, -it, -itd, -P. */
static bool short_flags(const char *w)
{
  return w[0] == '-' && w[1] && w[1] != '-' &&
         strspn(w + 1, "ditPq") == strlen(w + 1);
}

/* A `docker run` option that takes no value: --rm, -d, -it, --init ... */
static bool run_flag(const char *w)
{
  static const char *const flags[] = {
      "--rm",   "--detach", "--interactive", "--tty",         "--privileged",
      "--init", "--quiet",  "--read-only",   "--publish-all", NULL};
  if (strchr(w, '='))
    return true;
  for (size_t i = 0; flags[i]; i++)
    if (strcmp(w, flags[i]) == 0)
      return true;
  return short_flags(w);
}

/* docker run [OPTIONS] IMAGE [COMMAND]: which image, and whether it runs
 * as a one-shot command. */
static size_t run_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  bool rm = false, detach = false, publish = false;
  for (; i < n && !is_op(w[i]); i++) {
    const char *x = w[i];
    if (x[0] != '-') {
      const char *repo = image_repo(sc, x);
      struct rc_entries *e = sc->out;
      if (repo) {
        rc_grow((void **)&e->runs, &e->cap_runs, e->n_runs, sizeof(*e->runs));
        e->runs[e->n_runs++] = (struct rc_run){
            repo, {sc->path, sc->line}, rm && !detach && !publish};
      }
      break;
    }
    rm |= strcmp(x, "--rm") == 0;
    detach |= strcmp(x, "--detach") == 0 || (short_flags(x) && strchr(x, 'd'));
    publish |= strcmp(x, "-p") == 0 || strcmp(x, "--publish") == 0 ||
               strncmp(x, "--publish=", 10) == 0 ||
               (short_flags(x) && strchr(x, 'P')) ||
               strcmp(x, "--publish-all") == 0;
    if (!run_flag(x))
      i++; /* an option with a value: -v a:b, -e X=1, --name x */
  }
  for (; i < n && !is_op(w[i]); i++)
    ; /* the command the container runs */
  return i;
}

static bool engine(const char *w)
{
  const char *base = rc_path_base(w);
  return strcmp(base, "docker") == 0 || strcmp(base, "podman") == 0 ||
         strcmp(base, "nerdctl") == 0;
}

/* A README's `git clone URL && cd NAME`, NAME relative and no folder of
 * the repository: the project's own checkout, where the document's
 * commands run. */
static bool clone_of_project(struct scan *sc, const char *arg)
{
  if (!sc->cloned || strcmp(arg, sc->cloned) != 0 || sc->cwd == OUTSIDE ||
      has_var(arg) || arg[0] == '/' || arg[0] == '~')
    return false;
  const char *path = rc_path_join(sc->a, sc->cwd, arg);
  return path && !rc_index_find(sc->idx, path);
}

/* `cd DIR` moves where later relative names start: a literal folder, or
 * one the script computes from its own location. */
static void change_dir(struct scan *sc, const char *arg)
{
  const char *dir = NULL;
  if (self_location(arg) || strncmp(arg, ROOT_MARK, strlen(ROOT_MARK)) == 0) {
    const char *v = folder_value(sc, arg);
    dir = v ? v + strlen(ROOT_MARK) : NULL;
  } else if (clone_of_project(sc, arg)) {
    dir = sc->base;
  } else if (strip_workspace(arg) != arg && !has_var(strip_workspace(arg))) {
    dir =
        rc_path_join(sc->a, "", strip_workspace(arg)); /* cd $CI_PROJECT_DIR */
  } else if (has_var(arg)) {
    /* a folder the script computes (`cd "$dir"`, `cd ../$out/$rid`): where
     * it runs from here on is not known, so what it names is not judged */
    sc->cwd = OUTSIDE;
    sc->cd_indent = sc->indent;
    return;
  } else if (arg[0] != '/' && arg[0] != '~' && strcmp(arg, "-") != 0) {
    dir = sc->cwd == OUTSIDE ? NULL : rc_path_join(sc->a, sc->cwd, arg);
    if (!dir && sc->cwd != OUTSIDE) { /* left the root: a sibling checkout */
      sc->cwd = OUTSIDE;
      sc->cd_indent = sc->indent;
      return;
    }
  }
  if (dir) {
    sc->cwd = rc_arena_strdup(sc->a, dir);
    sc->cd_indent = sc->indent;
  }
}

static void push_dir(struct scan *sc, bool subshell)
{
  if (sc->n_dirs < sizeof(sc->dirs) / sizeof(sc->dirs[0])) {
    sc->dirs[sc->n_dirs].cwd = sc->cwd;
    sc->dirs[sc->n_dirs++].subshell = subshell;
  }
}

/* popd leaves the last pushd (and any subshell left open inside it); a
 * closing parenthesis leaves only a subshell, so a `case` pattern's `x)`
 * moves nothing. */
static void pop_dir(struct scan *sc, bool subshell)
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
static size_t split_parens(struct rc_arena *a, const char **w, size_t n,
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

/* ---- what is applied to Kubernetes ------------------------------------- */

/* A name as a README writes it in prose: "`k8s/`," -> "k8s/". */
static const char *bare_name(struct rc_arena *a, const char *w)
{
  while (*w == '`' || *w == '(')
    w++;
  size_t n = strlen(w);
  while (n > 1 && strchr("`),;:", w[n - 1]))
    n--;
  return rc_arena_strndup(a, w, n);
}

static void add_apply(struct scan *sc, enum rc_apply_kind kind,
                      const char *path, const char **values, size_t nv)
{
  struct rc_entries *e = sc->out;
  const char *written = path ? bare_name(sc->a, path) : NULL;
  const char *p = written ? resolve(sc, sc->cwd, written) : NULL;
  rc_grow((void **)&e->applies, &e->cap_applies, e->n_applies,
          sizeof(*e->applies));
  const char **vals = rc_arena_alloc(sc->a, (nv ? nv : 1) * sizeof(*vals));
  size_t k = 0;
  for (size_t i = 0; i < nv; i++) {
    const char *v = resolve(sc, sc->cwd, bare_name(sc->tmp, values[i]));
    if (v)
      vals[k++] = v;
  }
  e->applies[e->n_applies++] = (struct rc_apply){
      .kind = kind,
      .path = p,
      .written = written,
      .base = sc->base,
      .values = vals,
      .n_values = k,
      .at = {sc->path, sc->line},
      .role = sc->mk_file && sc->indent > 0 && sc->mk_local_cluster
                  ? RC_ROLE_DEVELOPMENT
                  : sc->role,
      .unresolved = !written || has_var(written)};
}

/* A name kubectl or helm reads from: "-" is standard input, a URL is not
 * in the repository. */
static bool local_name(const char *v)
{
  return *v && strcmp(v, "-") != 0 && !strstr(v, "://");
}

/* kubectl [global options] apply|create|replace -f X -k Y; also `kubectl
 * kustomize X`. -f takes comma-separated names. */
static size_t kubectl_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  static const char *const valued[] = {"-n",
                                       "--namespace",
                                       "--context",
                                       "--kubeconfig",
                                       "--server",
                                       "--user",
                                       "--cluster",
                                       "--as",
                                       "-l",
                                       "--selector",
                                       "-o",
                                       "--output",
                                       "--field-manager",
                                       NULL};
  const char *sub = NULL;
  for (; i < n && !is_op(w[i]) && !sub; i++) {
    bool takes = false;
    for (size_t k = 0; valued[k]; k++)
      takes |= strcmp(w[i], valued[k]) == 0;
    if (takes)
      i++;
    else if (w[i][0] != '-')
      sub = w[i];
  }
  bool deploys =
      sub && (strcmp(sub, "apply") == 0 || strcmp(sub, "create") == 0 ||
              strcmp(sub, "replace") == 0);
  if (sub && strcmp(sub, "kustomize") == 0) {
    const char *dir = i < n && !is_op(w[i]) && w[i][0] != '-' ? w[i] : ".";
    add_apply(sc, RC_APPLY_KUSTOMIZE, has_var(dir) ? NULL : dir, NULL, 0);
  }
  for (; i < n && !is_op(w[i]); i++) {
    if (!deploys)
      continue;
    const char *v = NULL;
    enum rc_apply_kind kind = RC_APPLY_FILES;
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--filename") == 0) &&
        i + 1 < n)
      v = w[++i];
    else if ((v = opt_value(w[i], "--filename")) == NULL &&
             strncmp(w[i], "-f", 2) == 0 && w[i][2] && w[i][1] != '-')
      v = w[i] + 2; /* -fmanifest.yaml */
    if (!v && (strcmp(w[i], "-k") == 0 || strcmp(w[i], "--kustomize") == 0) &&
        i + 1 < n) {
      v = w[++i];
      kind = RC_APPLY_KUSTOMIZE;
    } else if (!v && (v = opt_value(w[i], "--kustomize")) != NULL) {
      kind = RC_APPLY_KUSTOMIZE;
    }
    if (!v)
      continue;
    char *list = rc_arena_strdup(sc->tmp, v);
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save))
      if (local_name(tok))
        add_apply(sc, kind, has_var(tok) ? NULL : tok, NULL, 0);
  }
  return i;
}

/* kustomize build [DIR] */
static size_t kustomize_args(struct scan *sc, const char **w, size_t n,
                             size_t i)
{
  const char *dir = NULL;
  for (; i < n && !is_op(w[i]); i++)
    if (!dir && w[i][0] != '-')
      dir = w[i];
  if (!dir)
    dir = ".";
  if (local_name(dir))
    add_apply(sc, RC_APPLY_KUSTOMIZE, has_var(dir) ? NULL : dir, NULL, 0);
  return i;
}

static bool helm_valued(const char *w)
{
  static const char *const opts[] = {"-f",
                                     "--values",
                                     "--set",
                                     "--set-string",
                                     "--set-file",
                                     "--set-json",
                                     "--set-literal",
                                     "-n",
                                     "--namespace",
                                     "--version",
                                     "--repo",
                                     "--kube-context",
                                     "--kubeconfig",
                                     "--timeout",
                                     "--post-renderer",
                                     "--post-renderer-args",
                                     "--description",
                                     "-o",
                                     "--output",
                                     "--username",
                                     "--password",
                                     "--ca-file",
                                     "--cert-file",
                                     "--key-file",
                                     "--keyring",
                                     "--history-max",
                                     "--name-template",
                                     "--api-versions",
                                     "--kube-version",
                                     "--show-only",
                                     "-s",
                                     "--output-dir",
                                     "--registry-config",
                                     "--repository-config",
                                     "--repository-cache",
                                     NULL};
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(w, opts[i]) == 0)
      return true;
  return false;
}

/* Gives the install just added what it sets over its values files. */
static void set_last_sets(struct scan *sc, const struct rc_helm_set *sets,
                          size_t n)
{
  struct rc_entries *e = sc->out;
  if (!n || !e->n_applies)
    return;
  struct rc_helm_set *copy = rc_arena_alloc(sc->a, n * sizeof(*copy));
  for (size_t i = 0; i < n; i++)
    copy[i] = (struct rc_helm_set){sets[i].kind,
                                   rc_arena_strdup(sc->a, sets[i].text)};
  e->applies[e->n_applies - 1].sets = copy;
  e->applies[e->n_applies - 1].n_sets = n;
}

/* `--set k=v` / `--set-string k=v` (also written `--set=k=v`): the kind,
 * with *val the assignment and *skip 1 when it is the next word; -1 when
 * w is no such option. --set-file and --set-json are not read. */
static int helm_set_opt(const char **w, size_t n, size_t i, const char **val,
                        size_t *skip)
{
  static const struct {
    const char *name;
    enum rc_helm_set_kind kind;
  } opts[] = {{"--set", RC_HELM_SET}, {"--set-string", RC_HELM_SET_STRING}};
  for (size_t k = 0; k < 2; k++) {
    const char *v = opt_value(w[i], opts[k].name);
    if (v) {
      *val = v;
      *skip = 0;
      return (int)opts[k].kind;
    }
    if (strcmp(w[i], opts[k].name) == 0 && i + 1 < n) {
      *val = w[i + 1];
      *skip = 1;
      return (int)opts[k].kind;
    }
  }
  return -1;
}

/* `| kubectl apply ...` (or oc, create, replace) at w[i]: what was
 * rendered is applied. */
static bool piped_to_apply(const char **w, size_t n, size_t i)
{
  if (i + 2 >= n || strcmp(w[i], "|") != 0)
    return false;
  const char *tool = rc_path_base(w[i + 1]);
  if (strcmp(tool, "kubectl") != 0 && strcmp(tool, "oc") != 0)
    return false;
  for (size_t k = i + 2; k < n && !is_op(w[k]); k++)
    if (strcmp(w[k], "apply") == 0 || strcmp(w[k], "create") == 0 ||
        strcmp(w[k], "replace") == 0)
      return true;
  return false;
}

/* helm install|upgrade|template [NAME] CHART [-f values.yaml ...]
 * [--set k=v ...] */
static size_t helm_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *pos[3];
  const char *values[16];
  struct rc_helm_set sets[16];
  size_t np = 0, nv = 0, ns = 0;
  bool generate = false, tmpl = strcmp(w[i - 1], "template") == 0;
  for (; i < n && !is_op(w[i]); i++) {
    const char *v;
    size_t skip;
    int kind = helm_set_opt(w, n, i, &v, &skip);
    if (kind >= 0) {
      if (ns < 16)
        sets[ns++] = (struct rc_helm_set){(enum rc_helm_set_kind)kind, v};
      i += skip;
    } else if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--values") == 0) &&
               i + 1 < n) {
      if (nv < 16)
        values[nv++] = w[i + 1];
      i++;
    } else if ((v = opt_value(w[i], "--values")) && nv < 16) {
      values[nv++] = v;
    } else if (strcmp(w[i], "--generate-name") == 0 ||
               strcmp(w[i], "-g") == 0) {
      generate = true;
    } else if (helm_valued(w[i])) {
      i++;
    } else if (w[i][0] != '-' && np < 3) {
      pos[np++] = w[i];
    }
  }
  const char *chart = NULL;
  if (np == 1 && (generate || tmpl))
    chart = pos[0];
  else if (np >= 2)
    chart = pos[1];
  if (chart && local_name(chart)) {
    add_apply(sc, RC_APPLY_CHART, has_var(chart) ? NULL : chart, values, nv);
    set_last_sets(sc, sets, ns);
    sc->out->applies[sc->out->n_applies - 1].rendered_only =
        tmpl && !piped_to_apply(w, n, i);
  }
  return i;
}

static bool k8s_words(struct scan *sc, const char **w, size_t n, size_t *i)
{
  const char *base = rc_path_base(w[*i]);
  if (strcmp(base, "kubectl") == 0 || strcmp(base, "oc") == 0)
    *i = kubectl_args(sc, w, n, *i + 1);
  else if (kustomize_word(w[*i]) && word_is(w, n, *i + 1, "edit") &&
           word_is(w, n, *i + 2, "set") && word_is(w, n, *i + 3, "image"))
    *i = set_image_args(sc, w, n, *i + 1);
  else if (strcmp(base, "sed") == 0)
    *i = sed_args(sc, w, n, *i + 1);
  else if (strcmp(base, "kustomize") == 0 && word_is(w, n, *i + 1, "build"))
    *i = kustomize_args(sc, w, n, *i + 2);
  else if (strcmp(base, "helm") == 0 && (word_is(w, n, *i + 1, "install") ||
                                         word_is(w, n, *i + 1, "upgrade") ||
                                         word_is(w, n, *i + 1, "template")))
    *i = helm_args(sc, w, n, *i + 2);
  else
    return false;
  return true;
}

static bool builds_image(const char **w, size_t n, size_t i)
{
  const char *base = rc_path_base(w[i]);
  if (engine(w[i]))
    return word_is(w, n, i + 1, "build") || word_is(w, n, i + 1, "bake") ||
           ((word_is(w, n, i + 1, "buildx") || word_is(w, n, i + 1, "image")) &&
            (word_is(w, n, i + 2, "build") || word_is(w, n, i + 2, "bake")));
  return strcmp(base, "buildah") == 0 || strcmp(base, "executor") == 0;
}

/* ---- docker buildx bake ---------------------------------------------------
 */

enum { MAX_BAKE_FILES = 8, MAX_BAKE_TARGETS = 64 };

/* The files `docker buildx bake` reads from its folder when -f names none
 * (the compose files it also reads are judged as compose files). */
static const char *const bake_defaults[] = {
    "docker-bake.json", "docker-bake.hcl", "docker-bake.override.json",
    "docker-bake.override.hcl", NULL};

/* A target named for tests or development (`test`, `test-release-amd64`,
 * `dev`, `lint`) builds a developer's or a test run's image, whoever
 * pushes it. */
static enum rc_role bake_target_role(const char *name)
{
  static const char *const nonprod[] = {
      "test", "tests", "testing", "e2e", "ci", "lint", "example", "demo", NULL};
  static const char *const dev[] = {"dev", "develop", "development", "debug",
                                    NULL};
  if (rc_role_name_word(name, nonprod))
    return RC_ROLE_NONPROD;
  if (rc_role_name_word(name, dev))
    return RC_ROLE_DEVELOPMENT;
  return RC_ROLE_PRODUCTION;
}

/* A bake run: the targets it builds from the files it reads, each tied to
 * its Dockerfile, context, stage and tags like a `docker build` line. A
 * target that only fills the build cache or writes files out (`output =
 * ["type=cacheonly"]`, a lint or test run) builds no image that runs: not
 * production. A file that cannot be read, or a target computed at run
 * time, leaves the build unresolved. meta: the images a metadata-action
 * step's bake file gives the `docker-metadata-action` target, or NULL. */
/* A `--set PATTERN.context=X` or `.dockerfile=X` override for target
 * name: X, else NULL (the last override wins, as in bake). */
static const char *bake_set(struct scan *sc, const char **sets, size_t ns,
                            const char *name, const char *key)
{
  const char *r = NULL;
  for (size_t i = 0; i < ns; i++) {
    const char *eq = strchr(sets[i], '=');
    const char *dot = eq ? memchr(sets[i], '.', (size_t)(eq - sets[i])) : NULL;
    if (!dot || strlen(key) != (size_t)(eq - dot - 1) ||
        strncmp(dot + 1, key, strlen(key)) != 0)
      continue;
    const char *pat =
        rc_arena_strndup(sc->tmp, sets[i], (size_t)(dot - sets[i]));
    if (rc_glob_match(pat, name))
      r = eq + 1;
  }
  return r;
}

static void run_bake(struct scan *sc, const char **files, size_t nf,
                     const char **targets, size_t nt, const char **sets,
                     size_t ns, const char *meta)
{
  struct rc_bake *bk = rc_bake_new(sc->a);
  if (!bk)
    return;
  const char *err = NULL;
  size_t read = 0;
  for (size_t i = 0; (nf ? i < nf : bake_defaults[i] != NULL) && !err; i++) {
    const char *f = nf ? files[i] : bake_defaults[i];
    if (has_var(f)) {
      err = rc_arena_printf(sc->a, "bake file '%s' is computed", f);
      break;
    }
    const char *path = resolve(sc, sc->cwd, f);
    const struct rc_entry *e = path ? rc_index_find(sc->idx, path) : NULL;
    const char *data;
    size_t len;
    char rerr[256];
    if (!e || rc_index_read(sc->idx, e, &data, &len, rerr, sizeof(rerr)) != 0)
      continue; /* a compose file, or a file made at run time */
    if (rc_bake_read(bk, sc->docs, path, data, len, rerr, sizeof(rerr)) != 0)
      err = rc_arena_printf(sc->a, "bake file %s", rerr);
    read++;
  }
  /* a target computed at run time (`bake "$TARGET"`, `${{ matrix.base
   * }}-multi`) is one of the file's targets or groups its pattern matches */
  const char *named[MAX_BAKE_TARGETS];
  size_t nn = 0;
  const char *computed = NULL;
  for (size_t i = 0; i < nt && !err; i++) {
    if (!has_var(targets[i]) && !strchr(targets[i], '@')) {
      if (nn < MAX_BAKE_TARGETS)
        named[nn++] = targets[i];
      continue;
    }
    struct rc_buf pat;
    rc_buf_init(&pat);
    size_t literal;
    vars_as_stars(targets[i], &pat, &literal);
    for (char *c = pat.data; c && *c; c++)
      if (*c == '@')
        *c = '*'; /* `$@`: the script's or rule's arguments */
    size_t got = read && pat.data ? rc_bake_names(bk, pat.data, named + nn,
                                                  MAX_BAKE_TARGETS - nn)
                                  : 0;
    rc_buf_release(&pat);
    if (!got)
      err = rc_arena_printf(sc->a, "bake target '%s' is computed", targets[i]);
    nn += got;
    computed = targets[i];
  }
  const char *via = sc->via;
  if (err) {
    sc->via = err;
    add_build(sc, NULL, NULL, NULL, true, NULL, NULL);
  } else if (read) {
    struct rc_bake_target t[MAX_BAKE_TARGETS];
    size_t n = rc_bake_targets(bk, named, nn, t, MAX_BAKE_TARGETS);
    enum rc_role role = sc->role;
    for (size_t i = 0; i < n; i++) {
      if (t[i].inline_df)
        continue;
      /* the Dockerfile is relative to the context, the context to where
       * bake runs (`--set *.context=..` overrides); a path that leaves the
       * repository is unknown */
      const char *sctx = bake_set(sc, sets, ns, t[i].name, "context");
      const char *sdf = bake_set(sc, sets, ns, t[i].name, "dockerfile");
      if (sctx)
        t[i].context = sctx;
      if (sdf)
        t[i].dockerfile = sdf;
      const char *df =
          t[i].unknown || !t[i].context || !t[i].dockerfile
              ? NULL
              : rc_path_join(sc->tmp, t[i].context, t[i].dockerfile);
      bool unresolved = !df || has_var(df) || has_var(t[i].context);
      /* a name computed at run time builds none of the targets whose
       * Dockerfile is missing */
      const char *full = unresolved ? NULL : resolve(sc, sc->cwd, df);
      if (computed && !unresolved && (!full || !rc_index_find(sc->idx, full)))
        continue;
      const char *tags = t[i].metadata && meta ? meta : t[i].tags;
      sc->via = rc_arena_printf(
          sc->a, "bake target %s (%s:%u)%s%s%s%s", t[i].name, t[i].file,
          t[i].line, computed ? ", one of those '" : "",
          computed ? computed : "", computed ? "' may name" : "",
          t[i].no_image ? ", which outputs no image" : "");
      if (t[i].no_image)
        sc->role = RC_ROLE_NONPROD;
      else if (role == RC_ROLE_PRODUCTION)
        sc->role = bake_target_role(t[i].name);
      add_build(sc, df, df ? t[i].context : NULL, t[i].target, unresolved, tags,
                tags);
      sc->role = role;
    }
  }
  sc->via = via;
  rc_bake_free(bk);
}

static bool bake_valued(const char *w)
{
  static const char *const opts[] = {
      "--set",  "--progress",   "--builder", "--metadata-file", "--allow",
      "--call", "--provenance", "--sbom",    "--list",          "--var",
      NULL};
  for (size_t i = 0; opts[i]; i++)
    if (strcmp(w, opts[i]) == 0)
      return true;
  return false;
}

/* docker buildx bake [OPTIONS] [TARGET...]: -f names the files. `--print`
 * and `--check` build nothing. i is after `bake`. */
static size_t bake_args(struct scan *sc, const char **w, size_t n, size_t i)
{
  const char *files[MAX_BAKE_FILES], *targets[MAX_BAKE_TARGETS];
  const char *sets[MAX_BAKE_FILES];
  size_t nf = 0, nt = 0, ns = 0;
  bool builds = true;
  for (; i < n && !is_op(w[i]); i++) {
    const char *v = NULL;
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0) && i + 1 < n)
      v = w[++i];
    else
      v = opt_value(w[i], "--file");
    if (v) {
      if (nf < MAX_BAKE_FILES)
        files[nf++] = v;
    } else if (strcmp(w[i], "--print") == 0 || strcmp(w[i], "--check") == 0 ||
               strncmp(w[i], "--list", 6) == 0)
      builds = false;
    else if (strcmp(w[i], "--set") == 0 && i + 1 < n) {
      if (ns < MAX_BAKE_FILES)
        sets[ns++] = w[i + 1];
      i++;
    } else if (bake_valued(w[i]) && i + 1 < n)
      i++;
    else if (strcmp(w[i], "$@") == 0 && sc->mk_file && sc->mk_rule) {
      /* `bake $@` in a Makefile recipe: the rule's name (each of them
       * for `api worker:`) */
      const char **names;
      size_t nw = rc_shell_words(sc->tmp, sc->mk_rule, &names);
      for (size_t k = 0; k < nw && nt < MAX_BAKE_TARGETS; k++)
        targets[nt++] = names[k];
    } else if (w[i][0] != '-' && nt < MAX_BAKE_TARGETS)
      targets[nt++] = w[i];
  }
  if (builds)
    run_bake(sc, files, nf, targets, nt, sets, ns, NULL);
  return i;
}

static void add_made(struct scan *sc, const char *name)
{
  if (!name || !*name || has_var(name) || name[strlen(name) - 1] == '/' ||
      strcmp(name, ".") == 0 || strncmp(name, "/dev/", 5) == 0)
    return;
  /* a name resolve() cannot place ("$VAR" behind a workspace prefix) says
   * nothing about which committed path the line writes */
  const char *path = resolve(sc, sc->cwd, name);
  if (!path)
    return;
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->made, &e->cap_made, e->n_made, sizeof(*e->made));
  e->made[e->n_made++] = (struct rc_made){path, {sc->path, sc->line}};
}

/* A folder a step writes whose name is an expression (`path: ${{
 * matrix.target }}` of a download): kept as written, the expression
 * standing for the one name each matrix row gives it. */
static void add_made_expr(struct scan *sc, const char *name)
{
  name = strip_workspace(name);
  while (strncmp(name, "./", 2) == 0)
    name += 2;
  if (name[0] == '/' || strstr(name, ".."))
    return;
  const char *path = *sc->cwd ? rc_arena_printf(sc->a, "%s/%s", sc->cwd, name)
                              : rc_arena_strdup(sc->a, name);
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->made, &e->cap_made, e->n_made, sizeof(*e->made));
  e->made[e->n_made++] = (struct rc_made){path, {sc->path, sc->line}};
}

/* The whole workspace, written by a checkout of another repository: "" is
 * above every path. */
static void add_made_workspace(struct scan *sc)
{
  struct rc_entries *e = sc->out;
  rc_grow((void **)&e->made, &e->cap_made, e->n_made, sizeof(*e->made));
  e->made[e->n_made++] = (struct rc_made){"", {sc->path, sc->line}};
}

/* A `git clone` option that takes the next word as its value. */
static bool clone_valued(const char *w)
{
  static const char *const flags[] = {"-b",
                                      "--branch",
                                      "--depth",
                                      "-o",
                                      "--origin",
                                      "-c",
                                      "--config",
                                      "--reference",
                                      "-j",
                                      "--jobs",
                                      "--filter",
                                      "--separate-git-dir",
                                      "--template",
                                      "-u",
                                      "--upload-pack",
                                      "--shallow-since",
                                      "--shallow-exclude",
                                      NULL};
  for (size_t i = 0; flags[i]; i++)
    if (strcmp(w, flags[i]) == 0)
      return true;
  return false;
}

/* `git clone URL [DIR]` (git at i): the folder it creates, DIR or the
 * URL's last segment without .git; NULL when not a clone. */
static const char *clone_dir(struct scan *sc, const char **w, size_t n,
                             size_t i)
{
  if (strcmp(rc_path_base(w[i]), "git") != 0 || !word_is(w, n, i + 1, "clone"))
    return NULL;
  const char *args[2];
  size_t k = 0;
  for (i += 2; i < n && !is_op(w[i]); i++) {
    if (w[i][0] == '-') {
      i += clone_valued(w[i]) && i + 1 < n;
      continue;
    }
    if (k < 2)
      args[k++] = w[i];
  }
  if (k == 2)
    return args[1];
  if (k == 0)
    return NULL;
  const char *base = rc_path_base(args[0]);
  size_t len = strlen(base);
  if (len > 4 && strcmp(base + len - 4, ".git") == 0)
    len -= 4;
  return len ? rc_arena_strndup(sc->a, base, len) : NULL;
}

/* The file a download (at i) writes: `wget -O f` (`-qO f`,
 * `--output-document=f`), `curl -o f` (`-fsSLo f`, `--output f`); NULL when
 * w[i] is no download or it writes to stdout. */
static const char *download_file(const char **w, size_t n, size_t i)
{
  const char *tool = rc_path_base(w[i]);
  bool wget = strcmp(tool, "wget") == 0, curl = strcmp(tool, "curl") == 0;
  if (!wget && !curl)
    return NULL;
  const char *longopt = wget ? "--output-document" : "--output";
  char flag = wget ? 'O' : 'o';
  size_t m = strlen(longopt);
  for (i++; i < n && !is_op(w[i]); i++) {
    const char *a = w[i];
    if (strncmp(a, longopt, m) == 0 && a[m] == '=')
      return a + m + 1;
    bool next = strcmp(a, longopt) == 0;
    if (!next && a[0] == '-' && a[1] != '-') {
      const char *f = strchr(a + 1, flag);
      if (f && f[1]) /* -O- or -ofile: the value is attached */
        return strcmp(f + 1, "-") == 0 ? NULL : f + 1;
      next = f != NULL;
    }
    if (next)
      return i + 1 < n && strcmp(w[i + 1], "-") != 0 ? w[i + 1] : NULL;
  }
  return NULL;
}

/* `cp a b` / `mv a b` / `ln -s a b` / `install a b` (at i), `tee f`,
 * `git clone URL dir`, `mkdir dir`, a download
 * (`wget -O f`, `curl -o f`) and `> b` anywhere: the files written. */
static void scan_made(struct scan *sc, const char **w, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    bool starts = i == 0 || is_op(w[i - 1]);
    if (starts)
      add_made(sc, download_file(w, n, i));
    if ((strcmp(w[i], ">") == 0 || strcmp(w[i], ">>") == 0) && i + 1 < n &&
        !is_op(w[i + 1]))
      add_made(sc, w[i + 1]);
    if (starts) {
      const char *cloned = clone_dir(sc, w, n, i);
      add_made(sc, cloned);
      if (cloned && sc->markdown)
        sc->cloned = cloned;
    }
    if (starts && strcmp(w[i], "mkdir") == 0) { /* `mkdir ctx`: a folder */
      for (i++; i < n && !is_op(w[i]); i++)
        if (w[i][0] != '-')
          add_made(sc, w[i]);
      i--;
      continue;
    }
    /* an archive unpacked into a folder (`tar -xzf a.tgz -C out`, `unzip
     * a.zip -d out`): the folder is made; its files are the archive's */
    if (starts && (strcmp(w[i], "tar") == 0 || strcmp(w[i], "unzip") == 0)) {
      bool tar = strcmp(w[i], "tar") == 0, unpacks = !tar;
      for (size_t k = i + 1; tar && k < n && !is_op(w[k]); k++)
        unpacks = unpacks || strcmp(w[k], "--extract") == 0 ||
                  (w[k][0] != '-' && k == i + 1 && strchr(w[k], 'x')) ||
                  (w[k][0] == '-' && w[k][1] != '-' && strchr(w[k], 'x'));
      for (size_t k = i + 1; unpacks && k + 1 < n && !is_op(w[k]); k++)
        if (strcmp(w[k], tar ? "-C" : "-d") == 0)
          add_made(sc, w[k + 1]);
    }
    /* `aws s3 cp s3://b/compose.yml compose.yml`, `gsutil cp gs://... f`:
     * the last word is written */
    if (starts && i + 2 < n &&
        ((strcmp(w[i], "aws") == 0 && strcmp(w[i + 1], "s3") == 0 &&
          strcmp(w[i + 2], "cp") == 0) ||
         (strcmp(w[i], "gsutil") == 0 && strcmp(w[i + 1], "cp") == 0))) {
      const char *last = NULL;
      size_t k = i + 1;
      while (k < n && !is_op(w[k]))
        k++;
      last = w[k - 1];
      if (last && strstr(last, "://") == NULL && last[0] != '-')
        add_made(sc, last);
    }
    /* `... | tee f`: every file named */
    if (starts && strcmp(w[i], "tee") == 0) {
      for (i++; i < n && !is_op(w[i]); i++)
        if (w[i][0] != '-')
          add_made(sc, w[i]);
      i--;
      continue;
    }
    /* `ln -s target name` and `install -m 644 src dst` write their last
     * word, as cp does */
    if (!starts || (strcmp(w[i], "cp") != 0 && strcmp(w[i], "mv") != 0 &&
                    strcmp(w[i], "ln") != 0 && strcmp(w[i], "install") != 0))
      continue;
    bool install = strcmp(w[i], "install") == 0;
    const char *last = NULL;
    size_t args = 0;
    for (i++; i < n && !is_op(w[i]); i++) {
      if (w[i][0] == '-') {
        /* install's -m, -o, -g take the next word */
        i += install && w[i][2] == '\0' && strchr("mog", w[i][1]) && i + 1 < n;
        continue;
      }
      last = w[i];
      args++;
    }
    if (args == 2)
      add_made(sc, last);
    i--;
  }
}

static void scan_words(struct scan *sc, const char **w, size_t n)
{
  n = split_parens(sc->tmp, w, n, &w);
  scan_made(sc, w, n);
  for (size_t i = 0; i < n; i++) {
    const char *base = rc_path_base(w[i]);
    bool starts = i == 0 || is_op(w[i - 1]);
    size_t at = i;
    if (strcmp(w[i], "(") == 0)
      push_dir(sc, true);
    else if (strcmp(w[i], ")") == 0)
      pop_dir(sc, true);
    else if (strcmp(w[i], "popd") == 0 && starts)
      pop_dir(sc, false);
    else if ((strcmp(w[i], "cd") == 0 || strcmp(w[i], "pushd") == 0) &&
             i + 1 < n && !is_op(w[i + 1]) && starts) {
      if (w[i][0] == 'p')
        push_dir(sc, false);
      change_dir(sc, w[++i]);
    } else if (sc->builds_only && !builds_image(w, n, i)) {
      /* a package.json script: only its image builds are read */
    } else if (k8s_words(sc, w, n, &i)) {
      /* i is where the command ended */
    } else if (strcmp(base, "docker-compose") == 0 ||
               strcmp(base, "podman-compose") == 0)
      i = compose_args(sc, w, n, i + 1, false);
    else if (engine(w[i]) && word_is(w, n, i + 1, "compose"))
      i = compose_args(sc, w, n, i + 2, false);
    else if (engine(w[i]) && word_is(w, n, i + 1, "stack") &&
             word_is(w, n, i + 2, "deploy"))
      i = compose_args(sc, w, n, i + 3, true);
    else if (engine(w[i]) && word_is(w, n, i + 1, "build"))
      i = build_args(sc, w, n, i + 2);
    else if (engine(w[i]) && word_is(w, n, i + 1, "buildx") &&
             word_is(w, n, i + 2, "bake"))
      i = bake_args(sc, w, n, i + 3);
    else if (engine(w[i]) && word_is(w, n, i + 1, "bake"))
      i = bake_args(sc, w, n, i + 2);
    else if (engine(w[i]) && word_is(w, n, i + 1, "run"))
      i = run_args(sc, w, n, i + 2);
    else if (engine(w[i]) && word_is(w, n, i + 1, "tag"))
      i = tag_args(sc, w, n, i + 2);
    else if (engine(w[i]) && word_is(w, n, i + 1, "image") &&
             word_is(w, n, i + 2, "tag"))
      i = tag_args(sc, w, n, i + 3);
    else if (engine(w[i]) && word_is(w, n, i + 1, "container") &&
             word_is(w, n, i + 2, "run"))
      i = run_args(sc, w, n, i + 3);
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
    /* a command that ended at a subshell's closing parenthesis: leave it
     * to the next turn, which goes back to the folder before the `cd` */
    if (i > at && i < n && strcmp(w[i], ")") == 0)
      i--;
  }
}

/* COMPOSE_FILE=a.yml:b.yml (or `COMPOSE_FILE: a:b` in YAML). */
/* The file being read tests whether the file a variable names exists
 * (`[ ! -f "$COMPOSE_FILE" ]`, `test -e ${COMPOSE_FILE}`): the script
 * picks among candidates or stops with its own message, so the first
 * value is not a path it must find. */
static bool tests_existence(const struct scan *sc, const char *var)
{
  static const char *const opens[] = {"[ ", "[[ ", "test ", NULL};
  static const char *const nots[] = {"", "! ", NULL};
  static const char *const ops[] = {"-f ", "-e ", "-s ", "-r ", NULL};
  static const char *const quotes[] = {"\"", "", NULL};
  if (!sc->text)
    return false;
  for (size_t o = 0; opens[o]; o++)
    for (size_t n = 0; nots[n]; n++)
      for (size_t k = 0; ops[k]; k++)
        for (size_t q = 0; quotes[q]; q++)
          for (int braced = 0; braced < 2; braced++) {
            char pat[160];
            int len = snprintf(pat, sizeof(pat), "%s%s%s%s$%s%s%s", opens[o],
                               nots[n], ops[k], quotes[q], braced ? "{" : "",
                               var, braced ? "}" : "");
            if (len > 0 && (size_t)len < sizeof(pat) &&
                memmem(sc->text, sc->text_len, pat, (size_t)len))
              return true;
          }
  return false;
}

static void scan_compose_file_var(struct scan *sc, const char *line)
{
  const char *p = strstr(line, "COMPOSE_FILE");
  if (!p || (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
    return;
  p += 12;
  while (*p == ' ' || *p == '"' || *p == '\'')
    p++;
  /* `=`, YAML's `:`, and make's and just's `:=`, `?=` */
  if (*p == '?' && p[1] == '=')
    p++;
  if (*p != '=' && *p != ':')
    return;
  p += p[0] == ':' && p[1] == '=' ? 2 : 1;
  while (*p == ' ' || *p == '"' || *p == '\'')
    p++;
  size_t len = strcspn(p, " \t\"'\r\n#");
  if (!len)
    return;
  char *val = rc_arena_strndup(sc->tmp, p, len);
  const char *files[64];
  size_t nf = 0;
  bool unresolved = has_var(val);
  for (char *save = NULL, *tok = strtok_r(val, ":;", &save); tok && nf < 64;
       tok = strtok_r(NULL, ":;", &save))
    files[nf++] = tok;
  if (nf && !unresolved && !tests_existence(sc, "COMPOSE_FILE"))
    add_chain(sc, files, nf, false);
}

/* A CI step's (or job's `defaults.run`) `working-directory: web` (Azure:
 * `workingDirectory:`) is a `cd` from the workspace for the rest of its
 * block: the step, or the job. */
static void scan_working_dir(struct scan *sc, const char *line)
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
  change_dir(sc, rc_arena_strndup(sc->tmp, p, len));
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
static void run_working_dir(struct scan *sc, const char *data, size_t len,
                            size_t i)
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
      scan_working_dir(sc, line);
      sc->indent = saved;
      return;
    }
  }
}

/* A YAML key whose value is a title for people (`- name: Run docker
 * build check`), not a command. */
static bool prose_key(const struct scan *sc, const char *line)
{
  static const char *const keys[] = {
      "name:", "description:", "summary:", "title:", NULL};
  if (!is_yaml(rc_path_base(sc->path)))
    return false;
  line += strspn(line, " \t");
  if (line[0] == '-' && line[1] == ' ')
    line += 1 + strspn(line + 1, " ");
  for (size_t i = 0; keys[i]; i++)
    if (strncmp(line, keys[i], strlen(keys[i])) == 0)
      return true;
  return false;
}

static void scan_line_words(struct scan *sc, const char *line)
{
  scan_assignment(sc, line);
  line = substitute(sc, line);
  /* a make recipe's `@` (silent), `-` (ignore errors) and `+` prefixes */
  if (sc->mk_file) {
    const char *t = line + strspn(line, " \t");
    if ((t[0] == '@' || t[0] == '-' || t[0] == '+') &&
        isalpha((unsigned char)t[1]))
      line = t + 1;
  }
  scan_working_dir(sc, line);
  /* a YAML list item's dash (`- cd app && docker build .` in a Travis or
   * GitLab script list, one shell for the job) is no word of the command:
   * the `cd` starts it */
  if (is_yaml(rc_path_base(sc->path))) {
    const char *t = line + strspn(line, " \t");
    if (t[0] == '-' && t[1] == ' ')
      line = t + 2;
  }
  if (rc_str_find_ci(line, "compose") || rc_str_find_ci(line, "build") ||
      strstr(line, "docker run") || strstr(line, "podman run") ||
      strstr(line, " tag ") || strstr(line, "container run") ||
      strstr(line, "stack") || strstr(line, "kaniko") || strstr(line, "cd ") ||
      strstr(line, "pushd") || strstr(line, "popd") || strstr(line, "(cd") ||
      (sc->n_dirs && strchr(line, ')')) || strstr(line, "kubectl") ||
      strstr(line, "helm ") || strstr(line, "oc ") || strstr(line, "cp ") ||
      rc_str_find_ci(line, "kustomize") || strstr(line, "mv ") ||
      strstr(line, "> ") || strstr(line, "git clone") ||
      strstr(line, "mkdir ") || strstr(line, "wget ") ||
      strstr(line, "curl ") || strstr(line, "tee ") || strstr(line, "ln ") ||
      strstr(line, "install ") || strstr(line, "tar ") ||
      strstr(line, "unzip ") || strstr(line, "s3 cp") ||
      strstr(line, "gsutil ")) {
    const char **w;
    size_t n = rc_shell_words(sc->tmp, line, &w);
    scan_words(sc, w, n);
  }
  scan_compose_file_var(sc, line);
}

/* A trailing shell comment that says the command is for development or
 * tests (`docker build --target api . # Build image for development`). */
static bool comment_says_dev(const char *line)
{
  static const char *const words[] = {
      "for development", "for dev ",         "for local", "for testing",
      "for tests",       "development only", NULL};
  const char *hash = strstr(line, " #");
  if (!hash)
    return false;
  for (size_t i = 0; words[i]; i++)
    if (rc_str_find_ci(hash, words[i]))
      return true;
  return false;
}

/* A CI file names the make target as a word (`make build-on-debian-dev`):
 * CI runs it, so what it builds is published, whatever its name says. */
static bool ci_names_target(struct scan *sc, const char *target)
{
  size_t n = strlen(target);
  for (size_t i = 0; sc->ci_files && i < sc->ci_files->n; i++) {
    const struct rc_entry *e = sc->ci_files->at[i];
    const char *data;
    size_t len;
    char err[128];
    if (rc_entry_size(sc->idx, e) > MAX_FILE_BYTES ||
        rc_index_read(sc->idx, e, &data, &len, err, sizeof(err)) != 0)
      continue;
    for (const char *p = data, *end = data + len;
         (p = memmem(p, (size_t)(end - p), target, n)) != NULL; p += n) {
      bool starts = p == data || !(isalnum((unsigned char)p[-1]) ||
                                   p[-1] == '-' || p[-1] == '_');
      bool ends = p + n == end ||
                  !(isalnum((unsigned char)p[n]) || p[n] == '-' || p[n] == '_');
      if (starts && ends)
        return true;
    }
  }
  return false;
}

/* A rule name's words, in each of its `/` parts (`test/server`,
 * `docker-test`). */
static bool rule_named(struct scan *sc, const char *rule,
                       const char *const *words)
{
  char *copy = rc_arena_strdup(sc->tmp, rule);
  for (char *save = NULL, *part = strtok_r(copy, "/", &save); part;
       part = strtok_r(NULL, "/", &save))
    if (rc_role_name_word(part, words))
      return true;
  return false;
}

/* A Makefile rule line (`build-dev: deps`, not `X := y`) starts a rule:
 * its target named for development (build-dev, run-local, debug) that no
 * CI file runs, kept for the builds of its recipe (images.c's build_role
 * weighs it with the Dockerfile's own name). */
static void mk_rule_line(struct scan *sc, const char *line)
{
  static const char *const words[] = {"dev",   "develop", "development",
                                      "local", "debug",   NULL};
  const char *colon = strchr(line, ':');
  const char *eq = strchr(line, '=');
  if (!colon || colon[1] == '=' || (eq && eq < colon) || line[0] == '#' ||
      line[0] == '.')
    return;
  char *targets = rc_arena_strndup(sc->tmp, line, (size_t)(colon - line));
  sc->mk_rule =
      strpbrk(targets, "%$") ? NULL : rc_arena_strdup(sc->tmp, targets);
  static const char *const test_words[] = {"test", "tests", "e2e", NULL};
  static const char *const clusters[] = {"kind", "k3d", "minikube", NULL};
  /* `helm: --ensure-kind-cluster --kind-load-images`: what it installs
   * goes into a throwaway cluster on the developer's machine */
  sc->mk_local_cluster = false;
  char *all = rc_arena_strdup(sc->tmp, line);
  for (char *save = NULL, *t = strtok_r(all, " \t:", &save);
       t && !sc->mk_local_cluster; t = strtok_r(NULL, " \t:", &save))
    sc->mk_local_cluster = rc_role_name_word(t, clusters) != NULL;
  sc->mk_dev_rule = NULL;
  sc->mk_shortcut = NULL;
  for (char *save = NULL, *t = strtok_r(targets, " \t", &save);
       t && !sc->mk_dev_rule; t = strtok_r(NULL, " \t", &save)) {
    bool dev = rc_role_name_word(t, words);
    if ((!dev && (sc->mk_shortcut || !rule_named(sc, t, test_words))) ||
        ci_names_target(sc, t))
      continue;
    if (dev)
      sc->mk_dev_rule = rc_arena_strdup(sc->a, t);
    if (!sc->mk_shortcut)
      sc->mk_shortcut = rc_arena_strdup(sc->a, t);
  }
}

/* The role a Markdown heading's words give the section under it: a
 * README's "Development", "Contributing", "Running locally" or "Running
 * the tests" runs a developer's stack, not the deployment. */
static bool starts_word(const char *text, const char *const *words)
{
  for (size_t i = 0; words[i]; i++)
    for (const char *at = rc_str_find_ci(text, words[i]); at;
         at = rc_str_find_ci(at + 1, words[i]))
      if (at == text || !isalnum((unsigned char)at[-1]))
        return true;
  return false;
}

/* A heading about running the project for real: "Deployment",
 * "Installation", "Self-hosting", "Production", "Hosting", or with Docker
 * ("### Using docker compose") when no development or test word says it
 * is the developers'. */
static bool heading_deploys(const char *text)
{
  static const char *const words[] = {
      "deploy",  "install", "self-host", "selfhost", "self host", "production",
      "hosting", "upgrad",  "docker",    "compose",  NULL};
  return starts_word(text, words);
}

static enum rc_role heading_role(const char *text)
{
  static const char *const dev[] = {"develop", "contribut",   "hacking",
                                    "locally", "local setup", NULL};
  static const char *const test[] = {"test", NULL};
  if (starts_word(text, test))
    return RC_ROLE_NONPROD;
  if (starts_word(text, dev))
    return RC_ROLE_DEVELOPMENT;
  return RC_ROLE_PRODUCTION;
}

/* A section's own text says the setup it walks through is a developer's or
 * runs on the reader's machine ("For development purposes, continue here",
 * "The main compose file for running the app locally", "a functional
 * environment in your local computer"): whatever its heading says about
 * installing or Docker, its commands are no evidence of a deployment. */
static bool prose_for_development(const char *text)
{
  static const char *const words[] = {"locally",
                                      "local machine",
                                      "local computer",
                                      "local environment",
                                      "for development",
                                      "development purpose",
                                      "tests and development",
                                      "testing and development",
                                      NULL};
  return starts_word(text, words);
}

/* The opening of a document (its title's section) says the compose stack
 * it documents is a developer's or a test's ("We include a compose stack
 * for development and CI purposes"): the sections after it walk through
 * that stack, whatever their headings say about Docker. */
static bool opening_compose_for_development(const struct scan *sc,
                                            const char *text)
{
  static const char *const stack[] = {"compose", NULL};
  return sc->section_level <= 1 && starts_word(text, stack) &&
         prose_for_development(text);
}

/* Follows a Markdown document's fences and ATX headings (`## Development`):
 * a heading at or above the level of the section it is in starts a new one;
 * a deeper heading stays within a development or test section. */
static void markdown_line(struct scan *sc, const char *line)
{
  const char *p = line + strspn(line, " ");
  if (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0) {
    sc->in_fence = !sc->in_fence;
    return;
  }
  if (!sc->in_fence && *p != '#' && opening_compose_for_development(sc, p))
    sc->doc_local = true;
  if (!sc->in_fence && sc->section_deploys && *p != '#' &&
      (sc->doc_local || prose_for_development(p))) {
    sc->section_deploys = false;
    sc->section_local = true;
  }
  if (sc->in_fence || p != line || *p != '#')
    return;
  int level = (int)strspn(p, "#");
  if (level > 6 || (p[level] != ' ' && p[level] != '\t'))
    return;
  if (sc->section_role != RC_ROLE_PRODUCTION && level > sc->section_level)
    return;
  /* "## Deployment" / "### With Docker Compose": the deeper heading stays
   * in the deployment section */
  bool within = sc->section_deploys && level > sc->section_level;
  sc->section_deploys =
      within || (level > 1 && heading_deploys(p + level) &&
                 heading_role(p + level) == RC_ROLE_PRODUCTION);
  sc->section_level = level;
  sc->section_local = sc->doc_local && sc->section_deploys;
  sc->section_deploys = sc->section_deploys && !sc->doc_local;
  /* a level-1 heading is the document's title: a project named for what
   * it is (`# DevLake`, `# Testkube`) says nothing about its sections */
  sc->section_role = level == 1 ? RC_ROLE_PRODUCTION : heading_role(p + level);
}

/* A Markdown line that is one inline code span (`` `docker compose up` ``,
 * a list item's `- `docker compose up``): the command inside, as a fenced
 * block would hold it; otherwise the line itself. */
static const char *code_span_line(struct scan *sc, const char *line)
{
  const char *p = line + strspn(line, " \t");
  if ((p[0] == '-' || p[0] == '*') && p[1] == ' ')
    p += 2 + strspn(p + 2, " ");
  size_t n = strlen(p);
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
    n--;
  if (n < 3 || p[0] != '`' || p[1] == '`' || p[n - 1] != '`' ||
      memchr(p + 1, '`', n - 2))
    return line;
  return rc_arena_strndup(sc->tmp, p + 1, n - 2);
}

static void scan_line(struct scan *sc, const char *line)
{
  if (sc->mk_file && sc->indent == 0)
    mk_rule_line(sc, line);
  if (sc->markdown)
    markdown_line(sc, line);
  if (sc->markdown && !sc->in_fence)
    line = code_span_line(sc, line);
  if (prose_key(sc, line))
    return;
  enum rc_role role = sc->role;
  if (role == RC_ROLE_PRODUCTION && comment_says_dev(line))
    sc->role = RC_ROLE_DEVELOPMENT;
  if (sc->role == RC_ROLE_PRODUCTION && sc->markdown)
    sc->role = sc->section_role;
  scan_line_words(sc, line);
  sc->role = role;
}

/* Logical lines: a trailing backslash continues the line. */
/* A line that starts `ssh HOST "` and leaves the quote open: the lines up
 * to the closing quote run on the remote host, in its folders (`ssh "$dst"
 * "\n pushd $dir\n docker-compose -f x.yaml up -d\n"`), not here. The
 * open quote, or 0. */
static char ssh_opens_quote(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (n - i < 4 || strncmp(s + i, "ssh ", 4) != 0)
    return 0;
  char q = 0;
  for (i += 4; i < n; i++) {
    if (q == 0 && s[i] == '\\') {
      i++;
    } else if (q == 0 && (s[i] == '"' || s[i] == '\'')) {
      q = s[i];
    } else if (q == '"' && s[i] == '\\') {
      i++;
    } else if (q && s[i] == q) {
      q = 0;
    }
  }
  return q;
}

/* True when s[0..n) closes quote q (an unescaped q). */
static bool closes_quote(const char *s, size_t n, char q)
{
  for (size_t i = 0; i < n; i++) {
    if (q == '"' && s[i] == '\\')
      i++;
    else if (s[i] == q)
      return true;
  }
  return false;
}

static void scan_text(struct scan *sc, const char *data, size_t len)
{
  char remote = 0; /* inside an ssh command's quoted script */
  sc->text = data;
  sc->text_len = len;
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
    if (remote) {
      remote = closes_quote(data + i, n, remote) ? 0 : remote;
      i = e + 1;
      continue;
    }
    if (!cur.len && (remote = ssh_opens_quote(data + i, n)) != 0) {
      i = e + 1;
      continue;
    }
    bool cont = rc_shell_line_continues(data + i, n);
    if (!cur.len) {
      size_t ind = 0;
      while (ind < n && (data[i + ind] == ' ' || data[i + ind] == '\t'))
        ind++;
      sc->indent = ind;
      if (sc->cd_scope == CD_LINE ||
          (sc->cd_scope == CD_BLOCK && ind < n && ind < sc->cd_indent)) {
        sc->cwd = sc->base;
        sc->n_dirs = 0;
      }
      if (sc->cd_scope == CD_BLOCK) {
        run_working_dir(sc, data, len, i);
        if (n - ind >= 9 && strncmp(data + i + ind, "defaults:", 9) == 0) {
          sc->defaults_line = lineno;
          sc->defaults_indent = ind;
        }
      }
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
  sc->text = NULL;
  sc->text_len = 0;
}

/* ---- GitHub's build-push-action ---------------------------------------- */

static const char *with_str(const cJSON *with, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(with, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* build-push-action pushes only when told to (`push: true` or an
 * expression), and leaves the image elsewhere only through `outputs:` or a
 * later `docker push`/`docker save`: otherwise the image stays on the
 * runner. A stage such a build names (`target: api`) was built to test or
 * check, not to deploy; the default stage is the image that ships,
 * validated. */
static bool local_only_build(const cJSON *with, const char *path,
                             const char *workflow)
{
  if (rc_workflow_deploy_named(path))
    return false;
  const cJSON *push = cJSON_GetObjectItemCaseSensitive(with, "push");
  bool no_push =
      !push || cJSON_IsFalse(push) ||
      (cJSON_IsString(push) && strcmp(push->valuestring, "false") == 0);
  return no_push && !cJSON_GetObjectItemCaseSensitive(with, "outputs") &&
         !strstr(workflow, "docker push") &&
         !strstr(workflow, "docker image push") &&
         !strstr(workflow, "docker save");
}

/* `tags: ${{ steps.meta.outputs.tags }}`: the images docker/metadata-action
 * names in the job's step `meta` (`images:`, a line or a comma-separated
 * item each, `name=` form too), as written - they may hold a matrix value.
 * NULL otherwise. */
static const char *meta_images(struct scan *sc, const char *tags)
{
  const char *p = tags ? strstr(tags, "steps.") : NULL;
  const char *end = p ? strstr(p, ".outputs.tags") : NULL;
  if (!end)
    return NULL;
  p += 6;
  const cJSON *step;
  cJSON_ArrayForEach(step, sc->steps)
  {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(step, "id");
    const cJSON *uses = cJSON_GetObjectItemCaseSensitive(step, "uses");
    if (!cJSON_IsString(id) || !cJSON_IsString(uses) ||
        !strstr(uses->valuestring, "/metadata-action") ||
        strlen(id->valuestring) != (size_t)(end - p) ||
        strncmp(id->valuestring, p, (size_t)(end - p)) != 0)
      continue;
    const char *img =
        with_str(cJSON_GetObjectItemCaseSensitive(step, "with"), "images");
    if (!img)
      return NULL;
    /* one image a line, or a comma-separated list; `name=x,enable=...` */
    struct rc_buf b;
    rc_buf_init(&b);
    for (const char *q = img; *q;) {
      q += strspn(q, " \t\r\n,");
      if (strncmp(q, "name=", 5) == 0)
        q += 5;
      size_t n = strcspn(q, ",\r\n");
      size_t len = n;
      while (len && (q[len - 1] == ' ' || q[len - 1] == '\t'))
        len--;
      if (len && !memchr(q, '=', len))
        rc_buf_printf(&b, "%s%.*s", b.len ? "\n" : "", (int)len, q);
      q += n;
      if (*q == ',' && strchr(q, '\n') && memchr(q, '=', strcspn(q, "\n")))
        q += strcspn(q, "\n"); /* the rest of a `name=x,enable=...` line */
    }
    const char *res = b.len ? rc_arena_strdup(sc->a, b.data) : NULL;
    rc_buf_release(&b);
    return res;
  }
  return NULL;
}

static void build_push(struct scan *sc, const cJSON *with, const char *data,
                       const cJSON *row, const char *meta)
{
  const char *ctx = with_str(with, "context");
  const char *file = with_str(with, "file");
  const char *target = with_str(with, "target");
  const char *tags = meta ? meta : with_str(with, "tags");
  if (row) {
    ctx = rc_matrix_subst(sc->a, ctx, row);
    file = rc_matrix_subst(sc->a, file, row);
    target = rc_matrix_subst(sc->a, target, row);
    tags = rc_matrix_subst(sc->a, tags, row);
    if ((with_str(with, "context") && !ctx) ||
        (with_str(with, "file") && !file) ||
        (with_str(with, "target") && !target))
      return; /* this row does not say what that step builds */
  }
  bool unresolved = (ctx && has_var(strip_workspace(ctx))) ||
                    (file && has_var(strip_workspace(file)));
  sc->cwd = "";
  enum rc_role role = sc->role;
  bool local = local_only_build(with, sc->path, data);
  if (target && local)
    sc->role = RC_ROLE_NONPROD;
  size_t n = sc->out->n_builds;
  add_build(sc, file, ctx ? ctx : ".", target, unresolved, tags, NULL);
  sc->role = role;
  /* nothing tagged and nothing loaded into the runner's Docker either: no
   * later step can run or ship what it built */
  const cJSON *load = cJSON_GetObjectItemCaseSensitive(with, "load");
  bool loads = cJSON_IsTrue(load) ||
               (cJSON_IsString(load) && strcmp(load->valuestring, "false"));
  if (sc->out->n_builds > n && local && !tags && !loads)
    sc->out->builds[n].checks_only = true;
}

/* A comma- or line-separated input (`targets: a,b`, `files: |`) split into
 * words in sc->tmp; `cwd://` (a file of the runner's working directory)
 * dropped. */
static size_t input_list(struct scan *sc, const char *v, const char **out,
                         size_t max)
{
  size_t n = 0;
  for (const char *p = v; p && *p && n < max;) {
    p += strspn(p, " \t\r\n,");
    size_t len = 0; /* up to a separator outside a `${{ ... }}` */
    while (p[len] && !strchr(",\r\n", p[len])) {
      const char *close =
          strncmp(p + len, "${{", 3) == 0 ? strstr(p + len, "}}") : NULL;
      len = close ? (size_t)(close + 2 - p) : len + 1;
    }
    size_t next = len;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
      len--;
    if (len) {
      const char *w = rc_arena_strndup(sc->tmp, p, len);
      if (strncmp(w, "cwd://", 6) == 0)
        w += 6;
      out[n++] = w;
    }
    p += next;
  }
  return n;
}

/* docker/bake-action: `files`, `targets` and `workdir` say what `docker
 * buildx bake` runs; a file `${{ steps.meta.outputs.bake-file }}` is the
 * metadata-action step's, which tags the `docker-metadata-action` target
 * with that step's images. */
static void bake_action_row(struct scan *sc, const cJSON *with,
                            const cJSON *row, const char *meta_list)
{
  const char *files[MAX_BAKE_FILES], *targets[MAX_BAKE_TARGETS];
  const char *raw[MAX_BAKE_FILES];
  const char *tv = with_str(with, "targets");
  if (!tv)
    tv = with_str(with, "target"); /* the reusable workflow's input */
  if (row && tv && !(tv = rc_matrix_subst(sc->tmp, tv, row)))
    return; /* this row does not say what it bakes */
  size_t nr = input_list(sc, with_str(with, "files"), raw, MAX_BAKE_FILES);
  size_t nt = input_list(sc, tv, targets, MAX_BAKE_TARGETS);
  /* `targets: ${{ matrix.target }}` over a matrix docker/bake-action's
   * subaction/matrix step made from its `target:` (a group): that group */
  if (nt == 1 && strstr(targets[0], "matrix.") && sc->bake_matrix)
    nt = input_list(sc, sc->bake_matrix, targets, MAX_BAKE_TARGETS);
  size_t nf = 0;
  const char *meta = meta_list;
  for (size_t i = 0; i < nr; i++) {
    const char *st = strstr(raw[i], "steps.");
    const char *end = st ? strstr(st, ".outputs.bake-file") : NULL;
    if (end) {
      meta = meta_images(sc, rc_arena_printf(sc->tmp, "%.*s.outputs.tags",
                                             (int)(end - st), st));
      continue;
    }
    files[nf++] = raw[i];
  }
  const char *workdir = with_str(with, "workdir");
  sc->cwd = workdir && !has_var(workdir) ? resolve(sc, "", workdir) : "";
  if (!sc->cwd)
    sc->cwd = "";
  const char *sets[MAX_BAKE_FILES];
  size_t ns = input_list(sc, with_str(with, "set"), sets, MAX_BAKE_FILES);
  run_bake(sc, files, nf, targets, nt, sets, ns, meta);
}

/* docker/bake-action (a step), or docker/github-builder's reusable bake
 * workflow (a job: `target`, `meta-images`): once per row of the job's
 * matrix when the targets name a matrix value. */
static void bake_action(struct scan *sc, const cJSON *with, const cJSON *matrix,
                        const char *meta_list)
{
  const char *tv = with_str(with, "targets");
  if (!tv)
    tv = with_str(with, "target");
  const cJSON *rows[32];
  cJSON *made = cJSON_CreateArray();
  size_t n = matrix && made && tv && strstr(tv, "matrix.")
                 ? rc_matrix_rows(matrix, made, rows, 32)
                 : 0;
  for (size_t i = 0; i < n; i++)
    bake_action_row(sc, with, rows[i], meta_list);
  if (!n)
    bake_action_row(sc, with, NULL, meta_list);
  cJSON_Delete(made);
}

/* Uses a job's matrix: `file: Dockerfile.${{ matrix.pkg }}` builds one
 * image per row of it. */
static bool names_matrix(const cJSON *with)
{
  static const char *const keys[] = {"context", "file", "target", NULL};
  for (size_t i = 0; keys[i]; i++) {
    const char *v = with_str(with, keys[i]);
    if (v && strstr(v, "matrix."))
      return true;
  }
  return false;
}

static void walk_actions(struct scan *sc, const struct rc_docs *docs,
                         const cJSON *node, unsigned depth, const char *data,
                         const cJSON *matrix)
{
  if (depth > 64)
    return;
  const cJSON *strategy = cJSON_GetObjectItemCaseSensitive(node, "strategy");
  const cJSON *own = cJSON_GetObjectItemCaseSensitive(strategy, "matrix");
  if (cJSON_IsObject(own))
    matrix = own;
  const cJSON *uses = cJSON_GetObjectItemCaseSensitive(node, "uses");
  /* docker's action, or a vendor's with the same inputs
   * (depot/build-push-action) */
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "/build-push-action")) {
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(node, "with");
    const char *meta = meta_images(sc, with_str(with, "tags"));
    sc->line = rc_docs_line(docs, uses);
    const cJSON *rows[32];
    cJSON *made = cJSON_CreateArray();
    bool by_row = names_matrix(with) || (meta && strstr(meta, "matrix."));
    size_t n =
        matrix && by_row && made ? rc_matrix_rows(matrix, made, rows, 32) : 0;
    for (size_t i = 0; i < n; i++)
      build_push(sc, with, data, rows[i], meta);
    if (!n)
      build_push(sc, with, data, NULL, meta);
    cJSON_Delete(made);
  }
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "docker/bake-action") &&
      !strstr(uses->valuestring, "/subaction/")) {
    sc->line = rc_docs_line(docs, uses);
    bake_action(sc, cJSON_GetObjectItemCaseSensitive(node, "with"), matrix,
                NULL);
  }
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "docker/github-builder/") &&
      strstr(uses->valuestring, "/bake.yml")) {
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(node, "with");
    const char *images = with_str(with, "meta-images");
    sc->line = rc_docs_line(docs, uses);
    bake_action(sc, with, matrix,
                images ? rc_arena_strdup(sc->a, images) : NULL);
  }
  /* `actions/download-artifact` `with: path: dist` puts what another job
   * made there */
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strncmp(uses->valuestring, "actions/download-artifact", 25) == 0) {
    const char *path =
        with_str(cJSON_GetObjectItemCaseSensitive(node, "with"), "path");
    sc->line = rc_docs_line(docs, uses);
    if (path && strstr(path, "${{") && sc->cwd != OUTSIDE)
      add_made_expr(sc, path);
    else if (path)
      add_made(sc, path);
  }
  /* `actions/checkout` of another repository `with: path: exapp` creates
   * the folder later steps build in; without a path it replaces the
   * workspace, and what later steps name is that repository's */
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strncmp(uses->valuestring, "actions/checkout", 16) == 0) {
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(node, "with");
    const char *path = with_str(with, "path");
    const char *repo = with_str(with, "repository");
    sc->line = rc_docs_line(docs, uses);
    sc->cwd = "";
    if (path)
      add_made(sc, path);
    else if (repo && !has_var(repo))
      add_made_workspace(sc);
  }
  const cJSON *outer = sc->steps;
  const cJSON *steps = cJSON_GetObjectItemCaseSensitive(node, "steps");
  if (cJSON_IsArray(steps))
    sc->steps = steps;
  for (const cJSON *c = node->child; c; c = c->next)
    walk_actions(sc, docs, c, depth + 1, data, matrix);
  sc->steps = outer;
}

/* The `target:` of every docker/bake-action/subaction/matrix step. */
static void bake_matrix_targets(const cJSON *node, struct rc_buf *out,
                                unsigned depth)
{
  if (depth > 64)
    return;
  const cJSON *uses = cJSON_GetObjectItemCaseSensitive(node, "uses");
  if (cJSON_IsObject(node) && cJSON_IsString(uses) &&
      strstr(uses->valuestring, "bake-action/subaction/matrix")) {
    const char *t =
        with_str(cJSON_GetObjectItemCaseSensitive(node, "with"), "target");
    rc_buf_printf(out, "%s%s", out->len ? "," : "", t ? t : "default");
  }
  for (const cJSON *c = node->child; c; c = c->next)
    bake_matrix_targets(c, out, depth + 1);
}

static void scan_workflow_yaml(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return;
  struct rc_buf bm;
  rc_buf_init(&bm);
  for (size_t i = 0; i < docs.n; i++)
    bake_matrix_targets(docs.docs[i], &bm, 0);
  sc->bake_matrix = bm.len ? rc_arena_strdup(sc->tmp, bm.data) : NULL;
  rc_buf_release(&bm);
  for (size_t i = 0; i < docs.n; i++)
    walk_actions(sc, &docs, docs.docs[i], 0, data, NULL);
  sc->bake_matrix = NULL;
  rc_docs_release(&docs);
}

/* ---- skaffold.yaml --------------------------------------------------------
 */

static const char *yaml_str(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* build.artifacts: each image skaffold builds, from its context (with
 * `docker:` or in-cluster `kaniko:`, whose `dockerfile` is the same). A
 * profile's artifact whose Dockerfile is not committed is left out: the
 * profile is an opt-in variant, and an artifact with no Dockerfile stands
 * for another builder (jib, ko) to the rules that read builds. */
static void skaffold_builds(struct scan *sc, const struct rc_docs *docs,
                            const cJSON *build, bool profile)
{
  const cJSON *art;
  cJSON_ArrayForEach(art, cJSON_GetObjectItemCaseSensitive(build, "artifacts"))
  {
    const char *image = yaml_str(art, "image");
    const char *ctx = yaml_str(art, "context");
    const cJSON *docker = cJSON_GetObjectItemCaseSensitive(art, "docker");
    if (!docker)
      docker = cJSON_GetObjectItemCaseSensitive(art, "kaniko");
    const char *df = yaml_str(docker, "dockerfile");
    if (!ctx)
      ctx = ".";
    sc->line = rc_docs_line(docs, art);
    const char *file =
        rc_path_join(sc->tmp, ctx, df ? df : "Dockerfile"); /* ctx-relative */
    bool unresolved = has_var(ctx) || (df && has_var(df)) || !file;
    const char *path =
        profile && !unresolved ? resolve(sc, sc->cwd, file) : NULL;
    if (profile && (!path || !sc->idx || !rc_index_find(sc->idx, path)))
      continue;
    add_build(sc, unresolved ? NULL : file, ctx, yaml_str(docker, "target"),
              unresolved, image, NULL);
  }
}

static void skaffold_paths(struct scan *sc, const struct rc_docs *docs,
                           const cJSON *list, enum rc_apply_kind kind)
{
  const cJSON *p;
  cJSON_ArrayForEach(p, list)
  {
    if (!cJSON_IsString(p) || !local_name(p->valuestring))
      continue;
    sc->line = rc_docs_line(docs, p);
    add_apply(sc, kind, has_var(p->valuestring) ? NULL : p->valuestring, NULL,
              0);
  }
}

static void skaffold_helm(struct scan *sc, const struct rc_docs *docs,
                          const cJSON *helm)
{
  const cJSON *rel;
  cJSON_ArrayForEach(rel, cJSON_GetObjectItemCaseSensitive(helm, "releases"))
  {
    const char *chart = yaml_str(rel, "chartPath");
    if (!chart || !local_name(chart))
      continue;
    const char *values[16];
    size_t nv = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rel, "valuesFiles"))
    {
      if (cJSON_IsString(v) && nv < 16 && !has_var(v->valuestring))
        values[nv++] = v->valuestring;
    }
    struct rc_helm_set sets[32];
    size_t ns = 0;
    /* skaffold passes each as `--set key=value`; templates ({{.IMAGE_TAG}})
     * stay templates, which the renderer reads as unknown */
    const char *const keys[] = {"setValues", "setValueTemplates"};
    for (size_t k = 0; k < 2; k++)
      cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rel, keys[k]))
      {
        const char *val =
            cJSON_IsString(v)   ? v->valuestring
            : cJSON_IsBool(v)   ? (cJSON_IsTrue(v) ? "true" : "false")
            : cJSON_IsNumber(v) ? rc_arena_printf(sc->tmp, "%g", v->valuedouble)
                                : NULL;
        if (val && v->string && ns < 32)
          sets[ns++] = (struct rc_helm_set){
              RC_HELM_SET, rc_arena_printf(sc->tmp, "%s=%s", v->string, val)};
      }
    sc->line = rc_docs_line(docs, rel);
    add_apply(sc, RC_APPLY_CHART, has_var(chart) ? NULL : chart, values, nv);
    set_last_sets(sc, sets, ns);
  }
}

/* helmfile.yaml: `releases[]` with a local `chart:` folder, `values:` (files
 * relative to the helmfile, or mappings written in place) and `set:`
 * ({name, value} pairs, as --set). Environments and templated helmfiles
 * (.gotmpl) are not read. */
static void scan_helmfile(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return;
  for (size_t i = 0; i < docs.n; i++) {
    const cJSON *rel;
    cJSON_ArrayForEach(
        rel, cJSON_GetObjectItemCaseSensitive(docs.docs[i], "releases"))
    {
      const char *chart = yaml_str(rel, "chart");
      if (!chart || !local_name(chart) ||
          (strncmp(chart, "./", 2) != 0 && strncmp(chart, "../", 3) != 0))
        continue; /* repo/chart names a chart repository */
      const char *values[16];
      struct rc_helm_set sets[32];
      size_t nv = 0, ns = 0;
      const cJSON *v;
      cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rel, "values"))
      {
        if (cJSON_IsString(v) && nv < 16 && !has_var(v->valuestring) &&
            !strstr(v->valuestring, "{{") && !strstr(v->valuestring, ".gotmpl"))
          values[nv++] = v->valuestring;
        else if (cJSON_IsObject(v) && ns < 32) {
          char *json = cJSON_PrintUnformatted(v);
          if (json)
            sets[ns++] = (struct rc_helm_set){RC_HELM_INLINE,
                                              rc_arena_strdup(sc->tmp, json)};
          free(json);
        }
      }
      cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(rel, "set"))
      {
        const char *name = yaml_str(v, "name");
        const cJSON *val = cJSON_GetObjectItemCaseSensitive(v, "value");
        const char *text =
            cJSON_IsString(val) ? val->valuestring
            : cJSON_IsBool(val) ? (cJSON_IsTrue(val) ? "true" : "false")
            : cJSON_IsNumber(val)
                ? rc_arena_printf(sc->tmp, "%g", val->valuedouble)
                : NULL;
        if (name && text && ns < 32)
          sets[ns++] = (struct rc_helm_set){
              RC_HELM_SET, rc_arena_printf(sc->tmp, "%s=%s", name, text)};
      }
      sc->line = rc_docs_line(&docs, rel);
      add_apply(sc, RC_APPLY_CHART, has_var(chart) ? NULL : chart, values, nv);
      set_last_sets(sc, sets, ns);
    }
  }
  rc_docs_release(&docs);
}

/* A profile's build.artifacts (`skaffold build -p development`): what its
 * name says is the role of what it builds (`development`, `test`, `e2e`);
 * a profile named for nothing builds for the file's role. Its manifests are
 * opt-in variants and are not read, but for the Helm releases of a profile
 * named for production (`prod`, `production`, `release`). */
static void skaffold_profiles(struct scan *sc, const struct rc_docs *docs,
                              const cJSON *profiles)
{
  enum rc_role file_role = sc->role;
  const cJSON *p;
  cJSON_ArrayForEach(p, profiles)
  {
    const char *name = yaml_str(p, "name");
    enum rc_role role =
        name ? rc_role_of_path(name, NULL, 0) : RC_ROLE_PRODUCTION;
    if (file_role == RC_ROLE_PRODUCTION)
      sc->role = role == RC_ROLE_UNUSED ? RC_ROLE_PRODUCTION : role;
    const char *via = sc->via;
    sc->via = name ? rc_arena_printf(sc->a, "skaffold profile '%s'", name)
                   : "a skaffold profile";
    skaffold_builds(sc, docs, cJSON_GetObjectItemCaseSensitive(p, "build"),
                    true);
    /* a profile named for production (`skaffold run -p prod`) installs its
     * charts with its own values: read before the default section, so
     * that install decides */
    for (size_t k = 0; name && file_role == RC_ROLE_PRODUCTION &&
                       rc_role_name_is_production(name) && k < 2;
         k++)
      skaffold_helm(
          sc, docs,
          cJSON_GetObjectItemCaseSensitive(
              cJSON_GetObjectItemCaseSensitive(p, k ? "deploy" : "manifests"),
              "helm"));
    sc->role = file_role;
    sc->via = via;
  }
}

/* What `skaffold run` builds and deploys: build.artifacts, and manifests
 * (rawYaml, kustomize paths, helm releases) under `manifests:` (v2+) or
 * `deploy:` (v1); and what profiles build. */
static void scan_skaffold(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_YAML, err,
                         sizeof(err)) != 0)
    return;
  for (size_t i = 0; i < docs.n; i++) {
    const cJSON *d = docs.docs[i];
    skaffold_builds(sc, &docs, cJSON_GetObjectItemCaseSensitive(d, "build"),
                    false);
    skaffold_profiles(sc, &docs,
                      cJSON_GetObjectItemCaseSensitive(d, "profiles"));
    const char *const sections[] = {"manifests", "deploy"};
    for (size_t k = 0; k < 2; k++) {
      const cJSON *sec = cJSON_GetObjectItemCaseSensitive(d, sections[k]);
      if (!sec)
        continue;
      skaffold_paths(sc, &docs,
                     cJSON_GetObjectItemCaseSensitive(sec, "rawYaml"),
                     RC_APPLY_FILES);
      const cJSON *kubectl = cJSON_GetObjectItemCaseSensitive(sec, "kubectl");
      skaffold_paths(sc, &docs,
                     cJSON_GetObjectItemCaseSensitive(kubectl, "manifests"),
                     RC_APPLY_FILES);
      const cJSON *kz = cJSON_GetObjectItemCaseSensitive(sec, "kustomize");
      skaffold_paths(sc, &docs, cJSON_GetObjectItemCaseSensitive(kz, "paths"),
                     RC_APPLY_KUSTOMIZE);
      skaffold_helm(sc, &docs, cJSON_GetObjectItemCaseSensitive(sec, "helm"));
    }
  }
  rc_docs_release(&docs);
}

/* ---- fly.toml ------------------------------------------------------------
 */

static bool is_fly(const char *name)
{
  return strcmp(name, "fly.toml") == 0 ||
         (strncmp(name, "fly.", 4) == 0 && strlen(name) > 9 &&
          strcmp(name + strlen(name) - 5, ".toml") == 0);
}

/* `fly deploy` builds the Dockerfile beside fly.toml, or the one its
 * [build] section names (`dockerfile = "./Dockerfile"`); `image = ...`
 * deploys an image built elsewhere. */
struct fly {
  struct rc_arena *tmp;
  const char *df;
  bool image;
  unsigned at;
};

static void fly_key(const char *k, size_t kl, const char *v, size_t vl,
                    unsigned line, void *arg)
{
  struct fly *f = arg;
  if (kl == 10 && strncmp(k, "dockerfile", 10) == 0) {
    f->df = rc_arena_strndup(f->tmp, v, vl);
    f->at = line;
  } else if (kl == 5 && strncmp(k, "image", 5) == 0) {
    f->image = true;
  }
}

static void scan_fly(struct scan *sc, const char *data, size_t len)
{
  struct fly f = {sc->tmp, NULL, false, 1};
  rc_toml_table_each(data, len, "[build]", fly_key, &f);
  if (f.image && !f.df)
    return;
  sc->line = f.at;
  add_build(sc, f.df ? f.df : "Dockerfile", ".", NULL,
            has_var(f.df ? f.df : ""), NULL, NULL);
}

/* ---- hosting platforms' files -------------------------------------------
 */

/* A platform builds what its file names (platform.c): production unless the
 * file's folder says otherwise - its name is the platform's, not a word
 * about the deployment (`.do/deploy.template.yaml` is the one-click app).
 * A path the platform reads from the root that only exists beside a file
 * in a subfolder is read from there. */
static void scan_platform(struct scan *sc, const char *data, size_t len)
{
  struct rc_platform_builds pb = {0};
  rc_platform_scan(&pb, sc->a, sc->docs, sc->path, data, len);
  const char *dir = rc_path_dir(sc->tmp, sc->path);
  enum rc_role role =
      rc_role_of_path(rc_path_join(sc->tmp, dir, "Dockerfile"), NULL, 0);
  for (size_t i = 0; i < pb.n; i++) {
    const struct rc_platform_build *b = &pb.v[i];
    const char *ctx = b->context ? b->context : ".";
    const char *df = b->dockerfile ? b->dockerfile
                                   : rc_path_join(sc->tmp, ctx, "Dockerfile");
    sc->cwd = b->beside ? dir : "";
    if (!b->beside && *dir && !rc_index_find(sc->idx, df) &&
        rc_index_find(sc->idx, rc_path_join(sc->tmp, dir, df)))
      sc->cwd = dir;
    sc->role = role;
    sc->line = b->line;
    sc->via = b->via;
    add_build(sc, df, ctx, b->target, has_var(df) || has_var(ctx), NULL, NULL);
  }
  sc->via = NULL;
  free(pb.v);
}

static bool is_helmfile(const char *name)
{
  return strcmp(name, "helmfile.yaml") == 0 ||
         strcmp(name, "helmfile.yml") == 0;
}

static bool is_skaffold(const char *name)
{
  return strcmp(name, "skaffold.yaml") == 0 ||
         strcmp(name, "skaffold.yml") == 0;
}

/* ---- package.json scripts ------------------------------------------------
 */

/* The 1-based line of `"name":` after from, else of from. */
static unsigned key_line(const char *data, size_t len, size_t from,
                         const char *name)
{
  size_t nl = strlen(name);
  size_t at = from;
  for (size_t i = from; i + nl + 2 <= len; i++)
    if (data[i] == '"' && memcmp(data + i + 1, name, nl) == 0 &&
        data[i + 1 + nl] == '"') {
      at = i;
      break;
    }
  unsigned line = 1;
  for (size_t i = 0; i < at && i < len; i++)
    line += data[i] == '\n';
  return line;
}

/* A package.json inside another package's source tree
 * (`packages/codegen/src/server/package.json` below
 * `packages/codegen/package.json`): data that package's code writes into
 * the projects it generates, whose scripts run there, not here. The
 * root's src/ may hold a workspace's packages and is read. */
static bool in_package_source(struct rc_index *idx, struct rc_arena *a,
                              const char *path)
{
  for (const char *seg = path; *seg;) {
    size_t len = strcspn(seg, "/");
    if (!seg[len])
      break;
    /* not the root's src/: a workspace may keep its packages there */
    if (len == 3 && strncmp(seg, "src", 3) == 0 && seg > path) {
      const char *above = rc_arena_strndup(a, path, (size_t)(seg - path));
      if (rc_index_find(idx, rc_path_join(a, above, "package.json")))
        return true;
    }
    seg += len + 1;
  }
  return false;
}

/* Each script of a package.json is a shell line of its own (`npm run
 * docker:build`): its image builds, named by the script. A script whose
 * name says development or test builds a non-production image. */
static void scan_package_json(struct scan *sc, const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(sc->docs, &docs, data, len, sc->path, RC_DOC_JSON, err,
                         sizeof(err)) != 0)
    return;
  const cJSON *scripts =
      docs.n ? cJSON_GetObjectItemCaseSensitive(docs.docs[0], "scripts") : NULL;
  const char *sk = scripts ? strstr(data, "\"scripts\"") : NULL;
  size_t from = sk ? (size_t)(sk - data) : 0;
  enum rc_role file_role = sc->role;
  sc->builds_only = true;
  for (const cJSON *c = cJSON_IsObject(scripts) ? scripts->child : NULL; c;
       c = c->next) {
    if (!cJSON_IsString(c) || !c->string ||
        (!rc_str_find_ci(c->valuestring, "build") &&
         !strstr(c->valuestring, "kaniko")))
      continue;
    char *name = rc_arena_strdup(sc->tmp, c->string);
    for (char *p = name; *p; p++)
      if (*p == ':')
        *p = '-';
    enum rc_role nrole = rc_role_of_path(name, NULL, 0);
    sc->role = file_role == RC_ROLE_PRODUCTION ? nrole : file_role;
    sc->via = rc_arena_printf(sc->a, "package.json script %s", c->string);
    sc->line = key_line(data, len, from, c->string);
    sc->cwd = sc->base;
    sc->n_dirs = 0;
    const char **w;
    size_t n = rc_shell_words(sc->tmp, c->valuestring, &w);
    scan_words(sc, w, n);
  }
  sc->via = NULL;
  sc->builds_only = false;
  sc->role = file_role;
  rc_docs_release(&docs);
}

/* ---- driver ------------------------------------------------------------- */

/* Task runs an included Taskfile's tasks in the including Taskfile's
 * folder unless the include names a `dir:`: `common: ./build/Taskfile.yml`
 * in client/ui/Taskfile.yml runs client/ui/build/Taskfile.yml's commands
 * from client/ui. The folder they run in: the includer's, when a Taskfile
 * of a folder above includes path in that short form; else path's own. */
static const char *taskfile_dir(struct rc_index *idx, struct rc_arena *a,
                                const char *path)
{
  const char *own = rc_path_dir(a, path);
  for (const char *dir = own; *dir;) {
    const char *slash = strrchr(dir, '/');
    dir = slash ? rc_arena_strndup(a, dir, (size_t)(slash - dir)) : "";
    static const char *const names[] = {"Taskfile.yml", "Taskfile.yaml", NULL};
    for (size_t k = 0; names[k]; k++) {
      const struct rc_entry *e =
          rc_index_find(idx, rc_path_join(a, dir, names[k]));
      const char *data;
      size_t len;
      char err[128];
      if (!e || rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0)
        continue;
      const char *rel = path + (*dir ? strlen(dir) + 1 : 0);
      size_t rn = strlen(rel);
      for (const char *p = data, *end = data + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *c = memchr(p, ':', (size_t)(le - p));
        const char *key = p;
        while (key < le && (*key == ' ' || *key == '\t'))
          key++;
        /* the long form (`taskfile:` beside a possible `dir:`) is left
         * to its own folder */
        bool long_form = c && c - key == 8 && strncmp(key, "taskfile", 8) == 0;
        if (c && p < le && key > p && !long_form) {
          const char *v = c + 1;
          while (v < le && (*v == ' ' || *v == '"' || *v == '\''))
            v++;
          if (le - v >= 2 && v[0] == '.' && v[1] == '/')
            v += 2;
          const char *ve = le;
          while (ve > v && (ve[-1] == ' ' || ve[-1] == '\r' || ve[-1] == '"' ||
                            ve[-1] == '\''))
            ve--;
          if ((size_t)(ve - v) == rn && strncmp(v, rel, rn) == 0)
            return dir;
        }
        p = nl ? nl + 1 : end;
      }
    }
  }
  return own;
}

static int cd_scope_of(const char *name, bool ci)
{
  if (ends_with(name, ".sh") || ends_with(name, ".bash") ||
      ends_with(name, ".md") || strncasecmp(name, "README", 6) == 0 ||
      strcmp(name, "Jenkinsfile") == 0)
    return CD_FILE;
  return ci || is_yaml(name) ? CD_BLOCK : CD_LINE;
}

static bool is_makefile(const char *name)
{
  size_t n = strlen(name);
  return strcmp(name, "Makefile") == 0 || strcmp(name, "makefile") == 0 ||
         strcmp(name, "GNUmakefile") == 0 ||
         (n > 3 && strcmp(name + n - 3, ".mk") == 0);
}

/* A value without variables, or an image whose variables are only in its
 * tag (`TAG ?= "acme/operator:$(VERSION)"`): the repository is what names
 * the image the deployment runs. */
static bool literal_value(const char *q, size_t v)
{
  const char *dollar = memchr(q, '$', v);
  if (!dollar)
    return true;
  const char *colon = NULL;
  for (const char *p = q; p < dollar; p++)
    if (*p == ':')
      colon = p;
  return colon && memchr(q, '/', (size_t)(colon - q)) != NULL;
}

/* A Makefile's plain assignments at the start of a line, `FRONTEND_DIR ?=
 * frontend`, `TAG := v1` (one word, no variable in it): what its recipes'
 * `$(FRONTEND_DIR)` stands for. The last assignment wins, as make reads
 * them before any recipe runs. */
static void make_vars(struct scan *sc, const char *data, size_t len)
{
  for (const char *p = data; p < data + len;) {
    const char *end = memchr(p, '\n', (size_t)(data + len - p));
    size_t n = end ? (size_t)(end - p) : (size_t)(data + len - p);
    char *line = rc_arena_strndup(sc->tmp, p, n);
    p = end ? end + 1 : data + len;
    if (strncmp(line, "export ", 7) == 0)
      line += 7;
    size_t k = 0;
    while (isalnum((unsigned char)line[k]) || line[k] == '_')
      k++;
    if (!k)
      continue;
    char *q = line + k;
    while (*q == ' ' || *q == '\t')
      q++;
    if ((q[0] == '?' || q[0] == ':') && q[1] == '=')
      q++;
    else if (q[0] == ':' && q[1] == ':' && q[2] == '=')
      q += 2;
    if (*q != '=')
      continue;
    q++;
    while (*q == ' ' || *q == '\t')
      q++;
    size_t v = strcspn(q, " \t\r#");
    if (!v || q[v + strspn(q + v, " \t\r")] != '\0' || !literal_value(q, v))
      continue;
    line[k] = '\0';
    q[v] = '\0';
    rc_vars_set(&sc->mk, line, q);
  }
}

void rc_entries_scan(struct rc_entries *out, struct rc_index *idx,
                     struct rc_arena *a)
{
  memset(out, 0, sizeof(*out));
  struct rc_pipeline_scan *ps = rc_pipeline_scan_new(&out->pipeline, idx, a);
  struct rc_ci_files ci_files = {0};
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind == RC_ENTRY_FILE && is_ci(e->path, e->name)) {
      rc_grow((void **)&ci_files.at, &ci_files.cap, ci_files.n,
              sizeof(*ci_files.at));
      ci_files.at[ci_files.n++] = e;
    }
  }
  size_t total = 0;
  for (size_t i = 0; i < rc_index_count(idx); i++) {
    const struct rc_entry *e = rc_index_at(idx, i);
    if (e->kind != RC_ENTRY_FILE)
      continue;
    bool ci = is_ci(e->path, e->name);
    if (!ci && !is_automation(e->name) && !is_doc(e->name) &&
        !is_skaffold(e->name) && !is_helmfile(e->name) && !is_fly(e->name) &&
        !rc_platform_file(e->path))
      continue;
    if (rc_entry_size(idx, e) > MAX_FILE_BYTES)
      continue;
    if (out->files_scanned >= MAX_FILES ||
        total + rc_entry_size(idx, e) > MAX_TOTAL_BYTES)
      break;
    const char *data;
    size_t len;
    char err[128];
    if (rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0 ||
        rc_index_is_binary(data, len))
      continue;
    out->files_scanned++;
    total += len;
    struct scan sc = {.out = out,
                      .a = a,
                      .tmp = rc_arena_new(),
                      .path = e->path,
                      .docs = rc_index_docs(idx),
                      .idx = idx,
                      .ci_files = &ci_files};
    rc_vars_init(&sc.sh);
    rc_vars_init(&sc.mk);
    sc.mk_file = is_makefile(e->name);
    if (sc.mk_file)
      make_vars(&sc, data, len);
    sc.role = ci ? RC_ROLE_PRODUCTION : rc_role_of_path(e->path, NULL, 0);
    sc.markdown =
        !ci && is_doc(e->name) &&
        (ends_with(e->name, ".md") || strcasecmp(e->name, "README") == 0);
    sc.in_fence = false;
    sc.section_level = 0;
    sc.section_role = RC_ROLE_PRODUCTION;
    sc.section_deploys = false;
    sc.section_local = false;
    sc.doc_local = false;
    sc.cloned = NULL;
    sc.cwd = ci ? ""
             : strncmp(e->name, "Taskfile.y", 10) == 0
                 ? taskfile_dir(idx, a, e->path)
                 : rc_path_dir(a, e->path);
    sc.base = sc.cwd;
    sc.cd_scope = cd_scope_of(e->name, ci);
    sc.cd_indent = (size_t)-1;
    if (is_skaffold(e->name))
      scan_skaffold(&sc, data, len);
    else if (is_helmfile(e->name))
      scan_helmfile(&sc, data, len);
    else if (is_fly(e->name))
      scan_fly(&sc, data, len);
    else if (rc_platform_file(e->path))
      scan_platform(&sc, data, len);
    else if (strcmp(e->name, "package.json") == 0) {
      if (!in_package_source(idx, sc.tmp, e->path))
        scan_package_json(&sc, data, len);
    } else
      scan_text(&sc, data, len);
    if (ci && strncmp(e->path, ".github/workflows/", 18) == 0)
      scan_workflow_yaml(&sc, data, len);
    if (rc_pipeline_is_ci(e->path))
      rc_pipeline_scan_file(ps, e->path, data, len);
    rc_vars_release(&sc.sh);
    rc_vars_release(&sc.mk);
    rc_arena_free(sc.tmp);
  }
  rc_pipeline_finish(ps);
  free(ci_files.at);
}

void rc_entries_release(struct rc_entries *e)
{
  if (!e)
    return;
  free(e->chains);
  free(e->builds);
  free(e->applies);
  free(e->runs);
  free(e->made);
  free(e->retags);
  free(e->set_images);
  free(e->ups);
  rc_pipeline_release(&e->pipeline);
  e->chains = NULL;
  e->builds = NULL;
  e->applies = NULL;
  e->runs = NULL;
  e->made = NULL;
  e->retags = NULL;
  e->n_retags = 0;
  e->set_images = NULL;
  e->n_set_images = 0;
  e->ups = NULL;
  e->n_ups = 0;
  e->n_runs = 0;
  e->n_chains = e->n_builds = e->n_applies = 0;
}
