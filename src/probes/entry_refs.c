/*
 * entry_refs.c - the `entry_refs` probe: what the repository's automation
 * runs exists. Every compose file a deploy script, CI job, Makefile or
 * runbook chains with -f, and every Dockerfile and build context it builds,
 * must be in the repository (or on disk, when generated and ignored). The
 * entry points are the deployment model's (model/entry.c); this probe only
 * looks them up.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/dockerfile.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/probe.h"

enum { SCOPE_AUTOMATION, SCOPE_ALL };

static const char *const scope_names[] = {"automation", "all", NULL};

struct cfg {
  int scope; /* which files' entry points count */
  struct rc_strlist exclude;
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  size_t n_checked, n_missing, n_elsewhere;
  const char *first;
};

/* 1 exists, 0 does not, -1 cannot tell. */
static int exists(struct run *r, const char *path)
{
  if (!path)
    return -1;
  if (!*path || rc_index_find(r->ctx->index, path))
    return 1;
  enum rc_entry_kind kind;
  char err[256];
  return rc_index_stat_path(r->ctx->index, path, &kind, err, sizeof(err));
}

/* Names written for a reader, not a shell: <env>, {name}, *, a dash. */
static bool placeholder(const char *name)
{
  return !*name || strcmp(name, "-") == 0 || strpbrk(name, "<>{}*[]|") ||
         strstr(name, "...");
}

static bool ends_with_n(const char *s, size_t n, const char *suf)
{
  size_t m = strlen(suf);
  return n > m && strncasecmp(s + n - m, suf, m) == 0;
}

/* Documentation, or a template that renders it (a chart's
 * README.md.gotmpl, docs/install.md.tmpl): commands written for a reader
 * to run from wherever they cloned, not a script of the repository. */
static bool docs_file(const char *path)
{
  static const char *const templates[] = {
      ".gotmpl", ".tmpl", ".tpl",      ".j2",       ".jinja", ".jinja2",
      ".erb",    ".hbs",  ".mustache", ".template", ".in",    NULL};
  static const char *const docs[] = {".md", ".markdown", ".rst", ".adoc", NULL};
  const char *base = rc_path_base(path);
  size_t n = strlen(base);
  for (size_t i = 0; templates[i]; i++)
    if (ends_with_n(base, n, templates[i])) {
      n -= strlen(templates[i]);
      break;
    }
  for (size_t i = 0; docs[i]; i++)
    if (ends_with_n(base, n, docs[i]))
      return true;
  return false;
}

static bool counts(struct run *r, const struct rc_where *at, enum rc_role role)
{
  if (role != RC_ROLE_PRODUCTION ||
      rc_strlist_matches(&r->cfg->exclude, at->path))
    return false;
  return r->cfg->scope == SCOPE_ALL || !docs_file(at->path);
}

static void missing(struct run *r, const struct rc_where *at, const char *fmt,
                    const char *what)
{
  r->n_missing++;
  const char *msg = rc_arena_printf(r->ctx->arena, fmt, what);
  if (!r->first)
    r->first =
        rc_arena_printf(r->ctx->arena, "%s:%u: %s", at->path, at->line, msg);
  rc_check_evidence(r->out, r->ctx, at->path, at->line, "%s", msg);
}

/* path is dir or a file under it (a folder `git clone` made; "" is the
 * workspace another repository's checkout replaced). */
/* The length of the variable reference at s (`${{ matrix.target }}`,
 * `${ARCH}`, `$ARCH`), or 0 when s starts none. */
static size_t var_ref(const char *s)
{
  if (s[0] != '$')
    return 0;
  if (strncmp(s, "${{", 3) == 0) {
    const char *e = strstr(s, "}}");
    return e ? (size_t)(e + 2 - s) : 0;
  }
  if (s[1] == '{') {
    const char *e = strchr(s, '}');
    return e ? (size_t)(e + 1 - s) : 0;
  }
  size_t n = 1;
  while (isalnum((unsigned char)s[n]) || s[n] == '_')
    n++;
  return n > 1 ? n : 0;
}

/* path is dir or below it; a variable in dir (a download written to
 * `${{ matrix.target }}`, which the build then names per matrix row)
 * stands for any one name. */
static bool under(const char *path, const char *dir)
{
  if (!*dir)
    return true;
  while (*dir) {
    size_t v = var_ref(dir);
    if (v) {
      dir += v;
      if (!*path || *path == '/')
        return false;
      while (*path && *path != '/' && *path != *dir)
        path++;
      continue;
    }
    if (*path != *dir)
      return false;
    path++;
    dir++;
  }
  return !*path || *path == '/' || dir[-1] == '/';
}

/* A Makefile runs its recipes in the order of their prerequisites, not of
 * their lines: `build: dockerfile` builds what the `dockerfile` recipe
 * further down writes. */
static bool makefile(const char *path)
{
  const char *b = rc_path_base(path);
  size_t n = strlen(b);
  return strcmp(b, "Makefile") == 0 || strcmp(b, "makefile") == 0 ||
         strcmp(b, "GNUmakefile") == 0 ||
         (n > 3 && strcmp(b + n - 3, ".mk") == 0);
}

/* An earlier line of the same file writes path (`cp a.yml b.yml`,
 * `envsubst < t > b.yml`), or any recipe of the same Makefile: the line of
 * that command, else 0. */
static unsigned made_before(struct run *r, const struct rc_where *at,
                            const char *path)
{
  const struct rc_entries *e = &r->ctx->model->entries;
  bool mk = makefile(at->path);
  for (size_t i = 0; path && i < e->n_made; i++)
    if (strcmp(e->made[i].at.path, at->path) == 0 &&
        (e->made[i].at.line < at->line || mk) && under(path, e->made[i].path))
      return e->made[i].at.line;
  return 0;
}

/* How the file that writes it comes first, for the evidence: its line is
 * earlier, or it is a Makefile's recipe. */
static const char *made_how(const struct rc_where *at, unsigned line)
{
  return line < at->line ? "writes first" : "writes (a make recipe)";
}

/* name beside the file that runs it, or beside the project that file
 * belongs to (`proj/.github/workflows/ci.yml`: `proj/`): a project kept in
 * a subfolder (a template's `{{cookiecutter.project_slug}}/`, a monorepo
 * package with its own CI file and justfile) runs from its own root. */
static const char *beside(struct run *r, const struct rc_where *at,
                          const char *name)
{
  /* files that run in their own folder: CI configurations (read at a
   * project's root), make and just; a shell script runs wherever it is
   * called from */
  static const char *const own_root[] = {
      ".drone.yml",  ".gitlab-ci.yml", ".travis.yml", "Makefile",  "makefile",
      "GNUmakefile", "justfile",       "Justfile",    ".justfile", NULL};
  const char *gh = strstr(at->path, "/.github/workflows/");
  if (gh)
    return rc_path_join(
        r->ctx->arena,
        rc_arena_strndup(r->ctx->arena, at->path, (size_t)(gh - at->path)),
        name);
  const char *base = rc_path_base(at->path);
  for (size_t i = 0; own_root[i]; i++)
    if (strcmp(base, own_root[i]) == 0)
      return rc_path_join(r->ctx->arena, rc_path_dir(r->ctx->arena, at->path),
                          name);
  return NULL;
}

struct name_walk {
  const char *name;
  const char *found; /* the first entry of that name */
};

static int on_named(const struct rc_entry *e, void *arg)
{
  struct name_walk *w = arg;
  if (strcmp(e->name, w->name) != 0)
    return 0;
  w->found = e->path;
  return 1;
}

/* Another file (or folder) of the repository carries the last segment of
 * path - `docker/Dockerfile.prod` where `Dockerfile.prod` was looked for
 * beside a script: which of them the command reaches depends on the folder
 * it runs from (a `cd`, a working-directory, the caller of a script),
 * which readycheck can only sometimes follow. On the labelled corpus such
 * findings were a resolution error far more often than a broken build
 * (the true ones name a file the repository no longer has anywhere), so
 * they are reported as not judged. Returns that path, or NULL. */
static const char *named_elsewhere(struct run *r, const char *path, bool folder)
{
  const char *name = path ? rc_path_base(path) : NULL;
  if (!name || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    return NULL;
  struct name_walk w = {name, NULL};
  rc_index_glob(r->ctx->index, "**", folder ? RC_ENTRY_DIR : RC_ENTRY_FILE,
                on_named, &w);
  return w.found;
}

/* What a missing reference becomes: a finding, or an item not judged
 * because a file of its name exists elsewhere. */
static void missing_or_elsewhere(struct run *r, const struct rc_where *at,
                                 const char *fmt, const char *what,
                                 const char *path, bool folder)
{
  const char *other = named_elsewhere(r, path, folder);
  if (!other) {
    missing(r, at, fmt, what);
    return;
  }
  r->n_checked--;
  r->n_elsewhere++;
  rc_check_evidence_mark(
      r->out, r->ctx, RC_EV_PASS, at->path, at->line,
      "not judged: names '%s', which is not where readycheck resolved it, "
      "but '%s' exists: the folder the command runs from decides",
      what, other);
}

/* The text of line n of s (1-based) in *len, or NULL. */
static const char *line_at(const char *s, size_t size, unsigned n, size_t *len)
{
  const char *end = s + size;
  for (unsigned i = 1; i < n && s < end; i++) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    if (!nl)
      return NULL;
    s = nl + 1;
  }
  if (s >= end)
    return NULL;
  const char *nl = memchr(s, '\n', (size_t)(end - s));
  *len = nl ? (size_t)(nl - s) : (size_t)(end - s);
  return s;
}

/* The word before l[i] is `[`, `[[` or `test`: -f there is a file test,
 * not an option (`docker compose -f x.yml`). */
static bool test_word(const char *l, size_t i)
{
  if (i < 2 || l[i - 1] != ' ')
    return false;
  size_t e = i - 1;
  size_t b = e;
  while (b > 0 && l[b - 1] != ' ' && l[b - 1] != '\t' && l[b - 1] != ';' &&
         l[b - 1] != '&' && l[b - 1] != '(')
    b--;
  size_t n = e - b;
  return (n == 1 && l[b] == '[') || (n == 2 && strncmp(l + b, "[[", 2) == 0) ||
         (n == 4 && strncmp(l + b, "test", 4) == 0);
}

/* The line tests that name exists (`[ -f name ]`, `test -e "name"`). */
static bool tests_exists(const char *l, size_t n, const char *name)
{
  size_t m = strlen(name);
  for (size_t i = 0; i + 3 < n; i++) {
    if (l[i] != '-' || !strchr("fesr", l[i + 1]) || l[i + 2] != ' ' ||
        !test_word(l, i))
      continue;
    size_t k = i + 3;
    while (k < n && (l[k] == ' ' || l[k] == '"' || l[k] == '\''))
      k++;
    if (k + 2 <= n && strncmp(l + k, "./", 2) == 0)
      k += 2;
    if (k + m <= n && strncmp(l + k, name, m) == 0 &&
        (k + m == n || strchr("\"' ]", l[k + m])))
      return true;
  }
  return false;
}

/* The command runs only when the file exists: its line tests it
 * (`[ -f x.yml ] && docker compose -f x.yml up`) or it is the first line
 * of an `if`/`elif` branch that does - a fallback for a file an operator
 * may add, which a fresh clone's lack of it does not break. */
static bool guarded(struct run *r, const struct rc_where *at, const char *name)
{
  const char *data;
  size_t size, n;
  char err[256];
  if (!at->line || rc_index_read_path(r->ctx->index, at->path, &data, &size,
                                      err, sizeof(err)) != 0)
    return false;
  const char *l = line_at(data, size, at->line, &n);
  if (l && tests_exists(l, n, name))
    return true;
  l = at->line > 1 ? line_at(data, size, at->line - 1, &n) : NULL;
  while (l && n && (*l == ' ' || *l == '\t')) {
    l++;
    n--;
  }
  return l &&
         ((n > 3 && strncmp(l, "if ", 3) == 0) ||
          (n > 5 && strncmp(l, "elif ", 5) == 0)) &&
         tests_exists(l, n, name);
}

/* A file git ignores, by any of the paths the command may reach. */
static bool any_ignored(struct run *r, const char *const *paths, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (paths[i] && rc_index_path_ignored(r->ctx->index, paths[i]))
      return true;
  return false;
}

static void check_chain(struct run *r, const struct rc_chain *c)
{
  for (size_t k = 0; k < c->n_files; k++) {
    const char *name = c->files[k];
    if (placeholder(name))
      continue;
    r->n_checked++;
    const char *here = rc_path_join(r->ctx->arena, c->dir, name);
    const char *root = rc_path_join(r->ctx->arena, "", name);
    const char *own = beside(r, &c->at, name);
    if (exists(r, here) != 0 || exists(r, root) != 0 ||
        (own && exists(r, own) != 0))
      continue;
    unsigned made = made_before(r, &c->at, here);
    if (!made)
      made = made_before(r, &c->at, root);
    if (made) {
      rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, c->at.path, c->at.line,
                             "ok: runs compose with '%s', which line %u of "
                             "the same file %s",
                             name, made, made_how(&c->at, made));
      continue;
    }
    if (c->shortcut) {
      r->n_checked--; /* not a file the project's automation needs */
      rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, c->at.path, c->at.line,
                             "ok: runs compose with '%s' in the make target "
                             "'%s', a development or test shortcut that no "
                             "CI file runs",
                             name, c->shortcut);
      continue;
    }
    /* a file git ignores is made by each checkout (a private overlay, a
     * generated file): a fresh clone lacking it is not broken */
    const char *paths[] = {here, root, own};
    if (any_ignored(r, paths, 3))
      rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, c->at.path, c->at.line,
                             "ok: runs compose with '%s', which git ignores: "
                             "each checkout makes its own",
                             name);
    else if (guarded(r, &c->at, name))
      rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, c->at.path, c->at.line,
                             "ok: runs compose with '%s' only when the file "
                             "exists (the script tests it first)",
                             name);
    else
      missing_or_elsewhere(r, &c->at,
                           "runs compose with '%s', which does not exist", name,
                           here, false);
  }
}

/* `on:` names workflow_call and nothing else. */
static bool only_called(const cJSON *on)
{
  if (cJSON_IsString(on))
    return strcmp(on->valuestring, "workflow_call") == 0;
  if (!cJSON_IsArray(on) && !cJSON_IsObject(on))
    return false;
  size_t n = 0;
  const cJSON *t;
  cJSON_ArrayForEach(t, on) {
    const char *name = cJSON_IsObject(on)  ? t->string
                       : cJSON_IsString(t) ? t->valuestring
                                           : NULL;
    if (!name || strcmp(name, "workflow_call") != 0)
      return false;
    n++;
  }
  return n > 0;
}

struct caller_walk {
  struct run *r;
  const char *self; /* "./.github/workflows/x.yml" */
  bool found;
};

static int on_workflow(const struct rc_entry *e, void *arg)
{
  struct caller_walk *w = arg;
  const char *data;
  size_t len;
  char err[256];
  if (rc_index_read(w->r->ctx->index, e, &data, &len, err, sizeof(err)) == 0 &&
      strstr(data, w->self))
    w->found = true;
  return w->found;
}

/* A reusable workflow that only other repositories call (`on:
 * workflow_call`, and no workflow here runs `uses: ./.github/workflows/
 * x.yml`) runs in the caller's checkout: the paths it names are the
 * caller's files, not this repository's. */
static bool called_from_elsewhere(struct run *r, const char *path)
{
  if (strncmp(path, ".github/workflows/", 18) != 0)
    return false;
  const char *data;
  size_t len;
  char err[256];
  if (rc_index_read_path(r->ctx->index, path, &data, &len, err, sizeof(err)))
    return false;
  struct rc_docs docs;
  if (rc_doc_cache_parse(rc_index_docs(r->ctx->index), &docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)))
    return false;
  bool called =
      docs.n == 1 &&
      only_called(cJSON_GetObjectItemCaseSensitive(docs.docs[0], "on"));
  rc_docs_release(&docs);
  if (!called)
    return false;
  struct caller_walk w = {r, rc_arena_printf(r->ctx->arena, "./%s", path),
                          false};
  rc_index_glob(r->ctx->index, ".github/workflows/*", RC_ENTRY_FILE,
                on_workflow, &w);
  return !w.found;
}

/* path with the folder of the file that names it taken off: what it names
 * when that file is run from the repository root ("scripts/docker/x" from
 * scripts/build.sh is "docker/x"), or NULL when it is not under it. */
static const char *from_root(const struct rc_where *at, const char *path)
{
  const char *base = rc_path_base(at->path);
  size_t n = (size_t)(base - at->path);
  if (!path || !n || strncmp(path, at->path, n - 1) != 0)
    return NULL;
  if (!path[n - 1]) /* the folder itself: the root */
    return "";
  return path[n - 1] == '/' ? path + n : NULL;
}

/* 1 when the build's files exist as resolved or, all of them, when the
 * script runs from the root: `scripts/release.sh` typed at the root builds
 * `-f docker/prod.Dockerfile .` from there, not from scripts/. */
static int build_exists(struct run *r, const struct rc_build *b)
{
  int ctx_ok = b->context ? exists(r, b->context) : 1;
  int df_ok = exists(r, b->dockerfile);
  if (ctx_ok != 0 && df_ok != 0)
    return 1;
  const char *df = from_root(&b->at, b->dockerfile);
  const char *cx = b->context ? from_root(&b->at, b->context) : NULL;
  if (df && (!b->context || cx) && exists(r, df) == 1 &&
      (!cx || exists(r, cx) == 1))
    return 1;
  return 0;
}

/* `--target dependencies` (or `target:` in a build action) of a stage the
 * Dockerfile no longer has: the build stops before it starts. */
static void missing_target(struct run *r, const struct rc_build *b)
{
  if (!b->target || strchr(b->target, '$') || !r->ctx->model)
    return;
  const struct rc_dockerfile *df =
      rc_model_dockerfile(r->ctx->model, b->dockerfile);
  if (!df || df->ns == 0 || rc_dockerfile_target(df, b->target) >= 0)
    return;
  missing(
      r, &b->at, "builds the stage '%s', which the Dockerfile does not define",
      rc_arena_printf(r->ctx->arena, "%s' of '%s", b->target, b->dockerfile));
}

/* A build context is a folder: `build/` in .gitignore (a rule only for
 * folders) ignores it, which a test of the bare name would miss. */
static bool made_ignored(struct run *r, const char *path, bool folder)
{
  const char *inside = folder ? rc_path_join(r->ctx->arena, path, "x") : NULL;
  return rc_index_path_ignored(r->ctx->index, inside ? inside : path);
}

static void check_build(struct run *r, const struct rc_build *b)
{
  if (b->unresolved || !b->dockerfile)
    return;
  r->n_checked++;
  if (build_exists(r, b)) {
    missing_target(r, b);
    return;
  }
  if (called_from_elsewhere(r, b->at.path)) {
    rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, b->at.path, b->at.line,
                           "ok: builds '%s' in a reusable workflow only other "
                           "repositories call (on: workflow_call): it names "
                           "the caller's files",
                           b->dockerfile);
    return;
  }
  /* a build folder git ignores (`build/docker`, filled by `gradle
   * dockerPrepare` a step earlier) is made by the pipeline, not committed */
  const char *made =
      b->context && exists(r, b->context) == 0 ? b->context : b->dockerfile;
  unsigned line = made_before(r, &b->at, made);
  if (line) {
    rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, b->at.path, b->at.line,
                           "ok: builds '%s', which line %u of the same file "
                           "%s",
                           made, line, made_how(&b->at, line));
    return;
  }
  if (made_ignored(r, made, made == b->context)) {
    rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, b->at.path, b->at.line,
                           "ok: builds from '%s', which git ignores: an "
                           "earlier step generates it",
                           made);
    return;
  }
  if (b->shortcut) {
    r->n_checked--;
    rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, b->at.path, b->at.line,
                           "ok: builds '%s' in the make target '%s', a "
                           "development or test shortcut that no CI file runs",
                           made, b->shortcut);
    return;
  }
  if (b->context && exists(r, b->context) == 0)
    missing_or_elsewhere(r, &b->at,
                         "builds from the context '%s', which does not exist",
                         b->context, b->context, true);
  else
    missing_or_elsewhere(r, &b->at, "builds '%s', which does not exist",
                         b->dockerfile, b->dockerfile, false);
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  if (!ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
    return;
  }
  struct run r = {.cfg = vcfg, .ctx = ctx, .out = out};
  const struct rc_entries *e = &ctx->model->entries;
  for (size_t i = 0; i < e->n_chains; i++)
    if (counts(&r, &e->chains[i].at, e->chains[i].role))
      check_chain(&r, &e->chains[i]);
  for (size_t i = 0; i < e->n_builds; i++)
    if (counts(&r, &e->builds[i].at, e->builds[i].role))
      check_build(&r, &e->builds[i]);
  if (r.n_missing == 1)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%s", r.first);
  else if (r.n_missing)
    rc_check_set(out, ctx, RC_OUT_FAIL, "%zu of %zu references are missing; %s",
                 r.n_missing, r.n_checked, r.first);
  else if (r.n_checked == 0 && r.n_elsewhere)
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "not judged: %zu reference%s name%s a file that is not where "
                 "readycheck resolved it but exists elsewhere in the "
                 "repository (the folder the command runs from decides)",
                 r.n_elsewhere, r.n_elsewhere == 1 ? "" : "s",
                 r.n_elsewhere == 1 ? "s" : "");
  else if (r.n_checked == 0)
    rc_check_set(out, ctx, RC_OUT_SKIP,
                 "no compose file or image build is named in the "
                 "repository's automation");
  else
    rc_check_set(out, ctx, RC_OUT_OK,
                 "%zu compose file%s and image build%s named in automation "
                 "exist%s",
                 r.n_checked, r.n_checked == 1 ? "" : "s",
                 r.n_checked == 1 ? "" : "s",
                 r.n_elsewhere ? rc_arena_printf(ctx->arena,
                                                 "; %zu more not judged (a "
                                                 "file of that name exists "
                                                 "elsewhere)",
                                                 r.n_elsewhere)
                               : "");
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  return rc_globs_validate(&cfg->exclude, "exclude", loc, d);
}

static const struct rc_field fields[] = {
    {"scope", RC_FIELD_ENUM, offsetof(struct cfg, scope), 0, scope_names,
     "automation (default): CI, Makefiles, scripts, package.json; all: "
     "READMEs and runbooks too"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of files whose commands do not count"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_entry_refs = {
    .name = "entry_refs",
    .summary = "compose files, Dockerfiles and build contexts that the "
               "repository's automation names exist",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
