/*
 * env_documented.c - the `env_documented` probe: every environment variable
 * that source files (process.env.X, os.getenv("X"), os.Getenv("X"), ...)
 * and compose files (${X}, ${X:?}) require is listed in an example env
 * file. A read with a fallback (`|| "x"`, `${X:-d}`), a lookup that
 * tolerates absence (os.getenv, os.environ.get, os.LookupEnv) or a
 * presence test (`if (process.env.X)`) is optional and not required.
 * Recognition is plain text scanning, not parsing: it aims at the common
 * spellings, and the report names where each variable was read so a reader can
 * judge. This file walks the files, collects the reads and gives the verdict;
 * whether a read is optional or enforced is decided per language in
 * env_reads_js.c, env_reads_go.c and env_reads_python.c (env_reads.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/compose.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/jsimports.h"
#include "readycheck/mem.h"
#include "readycheck/memo.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/probe.h"
#include "readycheck/role.h"
#include "readycheck/vars.h"

#include "env_reads.h"

enum { MAX_DOC_FILES = 5000 };

struct cfg {
  struct rc_strlist example;
  struct rc_strlist source;
  struct rc_strlist compose;
  struct rc_strlist exclude;
  struct rc_strlist ignore;
  struct rc_strlist docs;     /* documentation that may name a variable */
  struct rc_strlist pipeline; /* CI files that render compose files */
  bool deployed; /* JavaScript/TypeScript: only files a service reaches */
  int reads;     /* enum reads_mode: which missing variables are reported */
};

/* Which reads a check reports. A read the code enforces fails without
 * its value (Python's os.environ["X"], compose's ${X:?}, a JS read whose
 * absence throws or exits, a Go read whose `== ""` test fails): a
 * deployment that leaves it out does not start. Any other read without a
 * default runs with an empty value: an optional feature, a hosted
 * edition's setting or a real gap, which the code does not tell apart. */
enum reads_mode { READS_ANY, READS_ENFORCED, READS_UNENFORCED };
static const char *const reads_names[] = {"any", "enforced", "unenforced",
                                          NULL};

/* Set by the platform or the runtime, not by a deploy's env file. */
static const char *const builtin_ignore[] = {
    "NODE_ENV", "PORT", "HOST", "HOSTNAME", "HOME", "PATH", "PWD", "USER",
    "SHELL", "TERM", "TZ", "LANG", "CI", "TMPDIR", "MODE", "DEV", "PROD", "SSR",
    "BASE_URL", "npm_*", "VERCEL*", "NETLIFY*", "GITHUB_*", "RUNNER_*",
    "KUBERNETES_*", "NEXT_RUNTIME", "NEXT_PHASE", "PYTHON*", "GOPATH", "GOOS",
    "GOARCH", "GOMAXPROCS", "GOFLAGS", "DOCKER_*", "COMPOSE_*", "RENDER*",
    "RAILWAY_*", "FLY_*", "HEROKU_*", "AWS_LAMBDA_*", "LAMBDA_*", "JEST_*",
    "VITEST*", "PLAYWRIGHT_*", "PYTEST_*", "UID", "GID", "XDG_*", "LOGNAME",
    "APPDATA", "LOCALAPPDATA", "USERPROFILE", "PROGRAMDATA", "ProgramData",
    "PROGRAMFILES*", "ProgramFiles*", "SYSTEMROOT", "SystemRoot", "WINDIR",
    /* the Go toolchain's and runtime's own (GOARM at build time, GODEBUG
     * and GOGC at run time), a desktop session's */
    "GOARM", "GOAMD64", "GO386", "GODEBUG", "GOTRACEBACK", "GOGC", "GOMEMLIMIT",
    "GTK_*", "DISPLAY", "WAYLAND_DISPLAY",
    /* defined by a specification or library the SDK reads them for:
     * OpenTelemetry's OTEL_* exporter settings, gRPC's logging, systemd's
     * service protocol */
    "OTEL_*", "GRPC_GO_*", "GRPC_TRACE", "GRPC_VERBOSITY", "NOTIFY_SOCKET",
    "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC",
    "WATCHDOG_PID", "INVOCATION_ID",
    /* set by the AppImage runtime a packaged desktop app runs in */
    "APPIMAGE", "APPDIR",
    /* set by create-react-app's build from package.json `homepage` */
    "PUBLIC_URL",
    /* predefined by a CI system or a platform for the build or process it
     * runs (GitLab's CI_COMMIT_SHA, CircleCI's CIRCLE_SHA1, Cloud Run's
     * K_REVISION, Heroku's DYNO), as GITHUB_* and VERCEL* above */
    "CI_*", "GITLAB_CI", "CIRCLECI", "CIRCLE_*", "TRAVIS", "TRAVIS_*",
    "BUILDKITE", "BUILDKITE_*", "APPVEYOR", "APPVEYOR_*", "CODEBUILD_*",
    "CF_PAGES", "CF_PAGES_*", "K_SERVICE", "K_REVISION", "K_CONFIGURATION",
    "DYNO",
    /* names that say they only configure development, or a test run
     * (TESTS_VERBOSE, APP_E2E_TOKEN, APP_TESTS_USE_CONFIG) */
    "DEV_*", "DEVELOPMENT_*", "TEST_*", "TESTS_*", "TESTING_*", "E2E_*",
    "*_TEST_*", "*_TESTS_*", "*_TESTING_*", "*_E2E", "*_E2E_*", NULL};

struct ref {
  const char *name;
  const char *path;
  unsigned line;
  bool compose;  /* only a compose file requires it */
  bool enforced; /* the code fails without it (enum reads_mode) */
};

/* A file the scan could not read, and why. */
struct unread {
  const char *path;
  const char *why;
};

/* One check's run. What it finds in the example, source and compose files
 * does not depend on `reads`: that scan is made once per run and shared by
 * the checks that differ only in `reads` (the enforced and unenforced
 * rules, memo.h); each check then copies what its verdict changes (refs,
 * the Next.js configs it looks up). */
struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  char **documented;
  size_t n_doc, cap_doc;
  struct ref *refs;
  size_t n_refs, cap_refs;
  size_t n_examples, n_errors;
  struct unread *unread; /* n_errors of them, each check's evidence */
  size_t cap_unread;
  /* the example files compared, each once (globs overlap), named in the
   * message */
  char **examples;
  size_t n_ex_paths, cap_ex_paths;
  size_t n_dev_examples; /* of them, files for local development */
  /* declared optional by a package's env schema (zod `.optional()`): a
   * raw read of the same name elsewhere in that package does not make it
   * required; schema_scope[i] is the package's folder ("apps/web/") */
  char **schema_optional;
  char **schema_scope;
  size_t n_schema, cap_schema, cap_scope;
  /* set by the deployed code itself (`os.environ.setdefault(
   * "DJANGO_SETTINGS_MODULE", ...)`, `process.env.X = ...`,
   * `os.Setenv("X", ...)`): a read of them elsewhere reads what the code
   * put there, not what an operator sets */
  const char **code_set;
  size_t n_set, cap_set;
  bool js_reach; /* the model knows which JavaScript files deploy */
  bool py_reach; /* ... and which Python files */
  bool go_reach; /* ... and which Go files */
  /* the Next.js configs of the repository, found once */
  const char **next_cfgs;
  size_t n_next, cap_next;
  bool next_found;
};

bool env_ignored(const struct rc_strlist *ignore, const char *name)
{
  for (size_t i = 0; builtin_ignore[i]; i++)
    if (rc_glob_match(builtin_ignore[i], name))
      return true;
  for (size_t i = 0; i < ignore->n; i++)
    if (rc_glob_match(ignore->items[i], name))
      return true;
  return false;
}

static bool documented(const struct run *r, const char *name)
{
  for (size_t i = 0; i < r->n_doc; i++)
    if (strcmp(r->documented[i], name) == 0)
      return true;
  return false;
}

static bool code_sets(const struct run *r, const char *name)
{
  for (size_t i = 0; i < r->n_set; i++)
    if (strcmp(r->code_set[i], name) == 0)
      return true;
  return false;
}

static bool is_read(const struct run *r, const char *name)
{
  for (size_t i = 0; i < r->n_refs; i++)
    if (strcmp(r->refs[i].name, name) == 0)
      return true;
  return false;
}

/* short is long with one of its `_`-separated words left out
 * (AWS_API_KEY for AWS_LLM_API_KEY), two words or more remaining. */
static bool word_dropped(const char *longer, const char *shorter)
{
  size_t nl = strlen(longer), ns = strlen(shorter);
  if (nl <= ns + 1 || !strchr(shorter, '_'))
    return false;
  /* each word in turn, with one `_` beside it */
  for (size_t i = 0; i < nl; i += strcspn(longer + i, "_") + 1) {
    size_t w = strcspn(longer + i, "_");
    size_t from = longer[i + w] == '_' ? i : i - 1, len = w + 1;
    if (i == 0 && longer[w] != '_')
      return false; /* one word only */
    if (nl - len == ns && strncmp(longer, shorter, from) == 0 &&
        strcmp(longer + from + len, shorter + from) == 0)
      return true;
    if (!longer[i + w])
      break;
  }
  return false;
}

/* The example documents name a word short (or long) under a name no code
 * reads: the example's entry is a misspelling of this variable, and an
 * operator following it sets a name nothing reads. That the code also
 * sets the variable itself (a settings page storing what was typed) does
 * not document it. */
static const char *misspelt_in_example(const struct run *r, const char *name)
{
  for (size_t i = 0; i < r->n_doc; i++) {
    const char *d = r->documented[i];
    if ((word_dropped(name, d) || word_dropped(d, name)) && !is_read(r, d) &&
        !code_sets(r, d))
      return d;
  }
  return NULL;
}

static void note_set(struct run *r, const char *name)
{
  if (code_sets(r, name) || r->n_set >= MAX_NAMES)
    return;
  rc_grow((void **)&r->code_set, &r->cap_set, r->n_set, sizeof(*r->code_set));
  r->code_set[r->n_set++] = rc_arena_strdup(r->ctx->arena, name);
}

/* One ref per name; an enforced read of it replaces a plain one, so the
 * evidence names the read that fails. */
static void add_ref(struct run *r, const char *name, const char *path,
                    unsigned line, bool compose, bool enforced)
{
  if (env_ignored(&r->cfg->ignore, name) || r->n_refs >= MAX_NAMES)
    return;
  for (size_t i = 0; i < r->n_refs; i++)
    if (strcmp(r->refs[i].name, name) == 0) {
      if (enforced && !r->refs[i].enforced)
        r->refs[i] = (struct ref){r->refs[i].name, path, line, compose, true};
      return;
    }
  rc_grow((void **)&r->refs, &r->cap_refs, r->n_refs, sizeof(*r->refs));
  r->refs[r->n_refs++] = (struct ref){rc_arena_strdup(r->ctx->arena, name),
                                      path, line, compose, enforced};
}

/* ---- example files ----------------------------------------------------- */

/* KEY=..., export KEY=..., and commented-out "# KEY=" lines all document
 * KEY. */
static void read_example(struct run *r, const char *data)
{
  for (const char *l = data; l && *l;) {
    const char *p = l;
    while (*p == ' ' || *p == '\t' || *p == '#')
      p++;
    if (strncmp(p, "export ", 7) == 0)
      p += 7;
    char name[NAME_MAX_LEN];
    size_t n = env_ident(p, name);
    const char *after = p + n;
    while (*after == ' ' || *after == '\t')
      after++;
    if (n && (*after == '=' || *after == ':') && r->n_doc < MAX_NAMES) {
      rc_grow((void **)&r->documented, &r->cap_doc, r->n_doc,
              sizeof(*r->documented));
      r->documented[r->n_doc++] = rc_arena_strdup(r->ctx->arena, name);
    }
    l = strchr(l, '\n');
    if (l)
      l++;
  }
}

/* An example file for local development: it sets the framework's
 * environment to development (NODE_ENV=development, APP_ENV=local,
 * RAILS_ENV=development). Compared with it, a missing variable may be
 * one only production needs, which the message says. */
static bool dev_example(const char *data)
{
  static const char *const keys[] = {
      "NODE_ENV",    "APP_ENV", "RAILS_ENV", "RACK_ENV", "FLASK_ENV",
      "ENVIRONMENT", "ENV",     "MIX_ENV",   "GO_ENV",   NULL};
  static const char *const values[] = {"development", "dev", "local", NULL};
  for (const char *l = data; l && *l;) {
    const char *p = l + strspn(l, " \t");
    if (strncmp(p, "export ", 7) == 0)
      p += 7 + strspn(p + 7, " \t");
    for (size_t k = 0; keys[k]; k++) {
      size_t n = strlen(keys[k]);
      if (strncmp(p, keys[k], n) != 0 || p[n] != '=')
        continue;
      const char *v = p + n + 1;
      if (*v == '"' || *v == '\'')
        v++;
      for (size_t i = 0; values[i]; i++) {
        size_t m = strlen(values[i]);
        if (strncmp(v, values[i], m) == 0 && !env_name_char(v[m]))
          return true;
      }
    }
    l = strchr(l, '\n');
    if (l)
      l++;
  }
  return false;
}

/* ---- references ------------------------------------------------------ */

static unsigned line_of(const char *data, const char *at)
{
  unsigned line = 1;
  for (const char *p = data; p < at; p++)
    line += *p == '\n';
  return line;
}

struct pattern {
  const char *prefix;
  bool quoted;     /* the name follows in quotes */
  bool call;       /* a lookup that tolerates absence: os.environ.get("X")
                      and os.getenv("X") return None, os.LookupEnv("X") says
                      whether it is set; os.environ["X"] is the required
                      read */
  bool python_get; /* os.environ["X"] vs os.environ.get("X") */
};

static const struct pattern code_patterns[] = {
    {"process.env.", false, false, false},
    {"process.env[", true, false, false},
    {"import.meta.env.", false, false, false},
    {"os.environ[", true, false, false},
    {"os.environ.get(", true, true, false},
    {"os.getenv(", true, true, false},
    {"os.Getenv(", true, false, false},
    {"os.LookupEnv(", true, true, false},
    {NULL, false, false, false},
};

/* The read sits on a line that is a comment (`// ...`, `# ...`, ` * ...`):
 * commented-out code reads nothing. */
static bool in_comment(const char *data, const char *at)
{
  const char *l = at;
  while (l > data && l[-1] != '\n')
    l--;
  l = env_skip_blanks(l);
  return *l == '#' || (*l == '*' && l[1] != '*') ||
         (*l == '/' && (l[1] == '/' || l[1] == '*'));
}

static bool is_js_prefix(const char *prefix)
{
  return strncmp(prefix, "process.env", 11) == 0 ||
         strncmp(prefix, "import.meta.env", 15) == 0;
}

/* The template-literal text of a JavaScript/TypeScript file, found on the
 * first read that needs it. */
struct templates {
  bool done;
  struct rc_js_span *v;
  size_t n;
};

/* `process.env.X` inside a template literal's text is sample code shown to
 * users (`` `require('sdk')(process.env.API_KEY)` ``), not a read. */
static bool in_template_text(struct templates *t, const char *path,
                             const char *data, const char *at)
{
  if (!rc_js_is_source(path))
    return false;
  if (!t->done) {
    t->n = rc_js_template_text(data, strlen(data), &t->v);
    t->done = true;
  }
  return rc_js_in_spans(t->v, t->n, (size_t)(at - data));
}

static bool is_js(const char *path)
{
  const char *dot = strrchr(path, '.');
  static const char *const exts[] = {".js",  ".mjs", ".cjs", ".ts", ".tsx",
                                     ".jsx", ".mts", ".cts", NULL};
  for (size_t i = 0; dot && exts[i]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return true;
  return false;
}

static bool is_py(const char *path)
{
  const char *dot = strrchr(path, '.');
  return dot && strcmp(dot, ".py") == 0;
}

static bool is_go(const char *path)
{
  const char *dot = strrchr(path, '.');
  return dot && strcmp(dot, ".go") == 0;
}

/* A read is spelled in its file's own language: `os.environ["X"]` in a
 * TypeScript file is Python shown to users (a snippet in a string), not a
 * read, and so is `process.env.X` in a Python docstring. */
static bool spelled_in(const char *prefix, const char *path)
{
  if (is_js_prefix(prefix))
    return is_js(path);
  if (strncmp(prefix, "os.Getenv(", 10) == 0 ||
      strncmp(prefix, "os.LookupEnv(", 13) == 0)
    return is_go(path);
  return is_py(path);
}

/* Calls back for each read in data: pass 0 collects the names some read
 * treats as optional, pass 1 reports the others. A variable that the file
 * reads with a fallback or a presence test is optional in the whole file:
 * `if (process.env.X) use(process.env.X)` does not require X. */
static void scan_reads(struct run *r, const char *path, const char *data,
                       struct optional_names *opt, int pass)
{
  struct templates tpl = {false, NULL, 0};
  for (size_t k = 0; code_patterns[k].prefix; k++) {
    const struct pattern *pt = &code_patterns[k];
    size_t pl = strlen(pt->prefix);
    for (const char *at = strstr(data, pt->prefix); at;
         at = strstr(at + pl, pt->prefix)) {
      if (!spelled_in(pt->prefix, path) || in_comment(data, at) ||
          (is_js_prefix(pt->prefix) && in_template_text(&tpl, path, data, at)))
        continue;
      const char *p = at + pl;
      char quote = 0;
      if (pt->quoted) {
        if (*p != '"' && *p != '\'' && *p != '`')
          continue;
        quote = *p++;
      }
      char name[NAME_MAX_LEN];
      size_t n = env_ident(p, name);
      if (!n)
        continue;
      p += n;
      if (quote) {
        if (*p != quote)
          continue;
        p++;
        /* `os.Getenv("NB_" + flag)`: a prefix, not a variable */
        if (*env_skip_blanks(p) == '+')
          continue;
        if (pt->prefix[strlen(pt->prefix) - 1] == '[' && *p == ']')
          p++;
      }
      /* os.environ["X"] = "1", process.env.X = ...: the code sets it */
      const char *after = p;
      while (*after == ' ' || *after == '\t')
        after++;
      if (*after == '=' && after[1] != '=') {
        if (pass == 0 && !in_comment(data, at))
          note_set(r, name);
        continue;
      }
      bool optional;
      if (pt->call)
        optional = true;
      else if (strcmp(pt->prefix, "os.Getenv(") == 0)
        optional = env_go_optional(data, at, p);
      else
        optional = env_js_fallback(p) || env_js_presence_test(data, at, p) ||
                   (is_js_prefix(pt->prefix) &&
                    env_js_optional_context(&r->cfg->ignore, data, at, p)) ||
                   (strcmp(pt->prefix, "os.environ[") == 0 &&
                    env_python_guarded_block(data, at));
      if (pass == 0 && optional) {
        env_add_optional(opt, name);
      } else if (pass == 1 && !optional && !env_has_name(opt, name)) {
        bool enforced =
            strcmp(pt->prefix, "os.environ[") == 0 ||
            (strcmp(pt->prefix, "os.Getenv(") == 0
                 ? env_go_enforced(data, at, p)
                 : is_js_prefix(pt->prefix) && env_js_enforced(data, at));
        add_ref(r, name, path, line_of(data, at), false, enforced);
      }
    }
  }
  free(tpl.v);
}

static bool in_strings(char *const *items, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(items[i], name) == 0)
      return true;
  return false;
}

/* The folder of the package a schema file belongs to: the part before
 * its src/ folder ("apps/web/src/env.ts" -> "apps/web/"), else its own
 * folder. */
static char *package_scope(struct run *r, const char *path)
{
  const char *src =
      strncmp(path, "src/", 4) == 0 ? path : strstr(path, "/src/");
  size_t n;
  if (src) {
    n = src == path ? 0 : (size_t)(src - path) + 1;
  } else {
    const char *slash = strrchr(path, '/');
    n = slash ? (size_t)(slash - path) + 1 : 0;
  }
  char *scope = rc_arena_strdup(r->ctx->arena, path);
  scope[n] = '\0';
  return scope;
}

/* The package's env schema declares the variable optional. */
static bool schema_optional(const struct run *r, const struct ref *f)
{
  for (size_t i = 0; i < r->n_schema; i++)
    if (strcmp(r->schema_optional[i], f->name) == 0 &&
        strncmp(f->path, r->schema_scope[i], strlen(r->schema_scope[i])) == 0)
      return true;
  return false;
}

/* The calls that set a variable for the process and what it starts:
 * os.environ.setdefault("X", ...), os.putenv("X", ...), os.Setenv("X",
 * ...). */
static void scan_setters(struct run *r, const char *data)
{
  static const char *const calls[] = {"os.environ.setdefault(", "os.putenv(",
                                      "os.Setenv(", NULL};
  for (size_t k = 0; calls[k]; k++) {
    size_t cl = strlen(calls[k]);
    for (const char *at = strstr(data, calls[k]); at;
         at = strstr(at + cl, calls[k])) {
      const char *p = env_skip_blanks(at + cl);
      char name[NAME_MAX_LEN];
      size_t n = *p == '"' || *p == '\'' ? env_ident(p + 1, name) : 0;
      if (n && p[1 + n] == *p && !in_comment(data, at))
        note_set(r, name);
    }
  }
}

static void scan_code(struct run *r, const char *path, const char *data)
{
  scan_setters(r, data);
  struct optional_names opt = {NULL, 0, 0};
  env_python_presence_tests(data, &opt);
  size_t before = opt.n;
  env_zod_optional_keys(data, &opt);
  for (size_t i = before; i < opt.n && r->n_schema < MAX_NAMES; i++) {
    rc_grow((void **)&r->schema_optional, &r->cap_schema, r->n_schema,
            sizeof(*r->schema_optional));
    rc_grow((void **)&r->schema_scope, &r->cap_scope, r->n_schema,
            sizeof(*r->schema_scope));
    r->schema_optional[r->n_schema] =
        rc_arena_strdup(r->ctx->arena, opt.items[i]);
    r->schema_scope[r->n_schema++] = package_scope(r, path);
  }
  scan_reads(r, path, data, &opt, 0);
  scan_reads(r, path, data, &opt, 1);
  for (size_t i = 0; i < opt.n; i++)
    free(opt.items[i]);
  free(opt.items);
}

/* Only compose files a production deployment uses: a development stack's
 * variables (Laravel Sail's WWWUSER) are the developer's. A file that the
 * model put in views counts only when one of them is production: a view
 * is demoted as a whole (a Sail stack built from vendor/) while its file
 * keeps its name's role. */
static bool production_compose(const struct run *r, const char *path)
{
  const struct rc_model *m = r->ctx->model;
  bool in_view = false;
  for (size_t i = 0; i < m->n_views; i++)
    for (size_t k = 0; k < m->views[i].n_files; k++)
      if (strcmp(m->views[i].files[k]->path, path) == 0) {
        if (m->views[i].role == RC_ROLE_PRODUCTION)
          return true;
        in_view = true;
      }
  if (in_view)
    return false;
  for (size_t i = 0; i < m->n_compose; i++)
    if (strcmp(m->compose[i].path, path) == 0)
      return m->compose[i].role == RC_ROLE_PRODUCTION;
  return true; /* not a compose file the model read: keep */
}

/* ${X}, ${X:?msg}, ${X?msg} are required; ${X:-d}, ${X-d} are not. $$
 * escapes a dollar in compose. */
static void scan_compose(struct run *r, const char *path, const char *data)
{
  if (r->cfg->deployed && r->ctx->model && !production_compose(r, path))
    return;
  for (const char *p = data; *p; p++) {
    if (p[0] == '$' && p[1] == '$') {
      p++;
      continue;
    }
    if (p[0] != '$' || p[1] != '{')
      continue;
    char name[NAME_MAX_LEN];
    size_t n = env_ident(p + 2, name);
    if (!n)
      continue;
    const char *after = p + 2 + n;
    bool optional = after[0] == '-' || (after[0] == ':' && after[1] == '-');
    bool enforced = after[0] == '?' || (after[0] == ':' && after[1] == '?');
    if (!optional)
      add_ref(r, name, path, line_of(data, p), true, enforced);
  }
}

/* ---- files -------------------------------------------------------------- */

enum kind { KIND_EXAMPLE, KIND_SOURCE, KIND_COMPOSE };

struct visit {
  struct run *r;
  enum kind kind;
};

static bool excluded(const struct cfg *cfg, const char *path)
{
  return rc_strlist_matches(&cfg->exclude, path);
}

/* A JavaScript, Python or Go file no deployed service reaches (a hand-run
 * script, a build tool, a dev CLI) configures nothing that ships. */
static bool undeployed(const struct run *r, const char *path)
{
  if (r->py_reach && is_py(path))
    return !rc_model_py_runs(r->ctx->model, path);
  if (r->go_reach && is_go(path))
    return !rc_model_go_runs(r->ctx->model, path);
  return r->js_reach && is_js(path) &&
         !rc_model_reached_by(r->ctx->model, path);
}

/* The folder holding an example env file (not its name: .env.example says
 * "example" by design) is one of example setups, tests or archives. */
static bool example_setup(const struct run *r, const char *path)
{
  const char *dir = rc_path_dir(r->ctx->arena, path);
  const char *probe = *dir ? rc_arena_printf(r->ctx->arena, "%s/x", dir) : "x";
  return rc_role_of_path(probe, NULL, 0) == RC_ROLE_NONPROD;
}

/* A minified JavaScript bundle (a vendored editor or chart library served
 * to browsers) keeps lines of many kilobytes; hand-written code does not.
 * Its process.env reads are the bundled library's own guards
 * (`process.env.LOG` in CodeMirror), no variable the deployment sets. */
static bool minified_js(const char *path, const char *data, size_t len)
{
  enum { BUNDLE_LINE = 8 * 1024 };
  const char *dot = strrchr(path, '.');
  if (!dot || (strcmp(dot, ".js") != 0 && strcmp(dot, ".mjs") != 0 &&
               strcmp(dot, ".cjs") != 0))
    return false;
  size_t pos = 0;
  while (len - pos > BUNDLE_LINE) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) : len;
    if (end - pos > BUNDLE_LINE)
      return true;
    if (!nl)
      break;
    pos = end + 1;
  }
  return false;
}

static void handle(struct run *r, enum kind kind, const char *path,
                   const char *data, size_t len)
{
  if (rc_index_is_binary(data, len))
    return;
  if (kind == KIND_SOURCE && undeployed(r, path))
    return;
  if (kind == KIND_SOURCE && minified_js(path, data, len))
    return;
  /* the env file of one example setup (docker-compose-examples/x/) lists
   * what that setup sets, not every setting of the application */
  if (kind == KIND_EXAMPLE && example_setup(r, path))
    return;
  if (kind == KIND_EXAMPLE) {
    r->n_examples++;
    if (!in_strings(r->examples, r->n_ex_paths, path)) {
      rc_grow((void **)&r->examples, &r->cap_ex_paths, r->n_ex_paths,
              sizeof(*r->examples));
      r->examples[r->n_ex_paths++] = rc_arena_strdup(r->ctx->arena, path);
      r->n_dev_examples += dev_example(data);
    }
    read_example(r, data);
  } else if (kind == KIND_SOURCE) {
    scan_code(r, path, data);
  } else {
    scan_compose(r, path, data);
  }
}

static int on_entry(const struct rc_entry *e, void *arg)
{
  struct visit *v = arg;
  struct run *r = v->r;
  if (v->kind != KIND_EXAMPLE && excluded(r->cfg, e->path))
    return 0;
  char err[256];
  const char *data;
  size_t len;
  if (rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0) {
    rc_grow((void **)&r->unread, &r->cap_unread, r->n_errors,
            sizeof(*r->unread));
    r->unread[r->n_errors++] =
        (struct unread){e->path, rc_arena_strdup(r->ctx->arena, err)};
    return 0;
  }
  handle(r, v->kind, e->path, data, len);
  rc_index_unpin_file(r->ctx->index, e); /* names were copied */
  return 0;
}

/* Only what git ships counts, examples included: an ignored example
 * documents nothing for the next deploy. */
static void visit_list(struct run *r, const struct rc_strlist *l,
                       enum kind kind)
{
  struct visit v = {r, kind};
  for (size_t i = 0; i < l->n; i++)
    if (rc_glob_check(l->items[i]) == NULL)
      rc_index_glob(r->ctx->index, l->items[i], RC_ENTRY_FILE, on_entry, &v);
}

static int by_name(const void *a, const void *b)
{
  return strcmp(((const struct ref *)a)->name, ((const struct ref *)b)->name);
}

/* The variable name as a whole word in text. */
static bool names_word(const char *text, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = text; (p = strstr(p, name)); p += n) {
    bool start = p == text || !env_name_char(p[-1]);
    if (start && !env_name_char(p[n]))
      return true;
  }
  return false;
}

struct doc_search {
  struct run *r;
  const char *name;
  const char *found; /* the file that names it */
  size_t files;
};

static int on_doc(const struct rc_entry *e, void *arg)
{
  struct doc_search *d = arg;
  const char *data;
  size_t len;
  char err[128];
  if (d->files++ > MAX_DOC_FILES ||
      rc_index_read(d->r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  if (!rc_index_is_binary(data, len) && names_word(data, d->name))
    d->found = rc_arena_strdup(d->r->ctx->arena, e->path);
  rc_index_unpin_file(d->r->ctx->index, e);
  return d->found != NULL;
}

/* A file of globs names it: a configuration reference page
 * (docs/configuration.md), or the CI workflow that renders a compose file
 * (`export APP_IMAGE=...` before `envsubst`). */
static const char *named_in(struct run *r, const struct rc_strlist *globs,
                            const char *name)
{
  struct doc_search d = {r, name, NULL, 0};
  for (size_t i = 0; i < globs->n && !d.found; i++)
    if (rc_glob_check(globs->items[i]) == NULL)
      rc_index_glob(r->ctx->index, globs->items[i], RC_ENTRY_FILE, on_doc, &d);
  return d.found;
}

/* A production image sets it (ENV X=..., ARG X): the image provides it,
 * an operator does not have to. */
static bool image_sets(const struct run *r, const char *name)
{
  const struct rc_model *m = r->ctx->model;
  size_t n = strlen(name);
  for (size_t i = 0; m && i < m->n_images; i++) {
    const struct rc_dockerfile *df = m->images[i].df;
    if (m->images[i].role != RC_ROLE_PRODUCTION || !df)
      continue;
    for (size_t k = 0; k < df->n; k++) {
      const char *kw = df->in[k].kw, *a = df->in[k].args;
      if ((strcmp(kw, "ENV") == 0 || strcmp(kw, "ARG") == 0) &&
          strncmp(a, name, n) == 0 && (a[n] == '=' || a[n] == ' ' || !a[n]))
        return true;
    }
  }
  return false;
}

/* The folder of the package holding dir: the nearest ancestor (dir
 * included, the root excluded) with a manifest of its own; NULL when dir
 * belongs to the root project. */
static const char *package_of(const struct run *r, const char *dir)
{
  static const char *const manifests[] = {
      "package.json", "pyproject.toml", "go.mod",  "composer.json",
      "Gemfile",      "Cargo.toml",     "pom.xml", NULL};
  struct rc_arena *a = r->ctx->arena;
  for (const char *d = dir; d && *d;) {
    for (size_t i = 0; manifests[i]; i++)
      if (rc_index_find(r->ctx->index,
                        rc_arena_printf(a, "%s/%s", d, manifests[i])))
        return d;
    const char *up = rc_path_dir(a, d);
    d = up && strcmp(up, d) != 0 ? up : NULL;
  }
  return NULL;
}

/* An example env file inside a package of its own (frontend-tools/x/
 * with its package.json) documents that package and the libraries its
 * service reaches (packages/utils imported by apps/web); a variable read
 * in another package is not compared with it, nor one a service of a
 * wider folder reads (a root Go server beside webui/.env.sample, the
 * UI's build settings). Examples of the root project or of a deploy
 * folder cover every file. */
static bool example_covers(const struct run *r, const char *example,
                           const char *path)
{
  const char *pkg = package_of(r, rc_path_dir(r->ctx->arena, example));
  if (!pkg || rc_path_within(path, pkg))
    return true;
  const struct rc_service *svc =
      r->ctx->model ? rc_model_reached_by(r->ctx->model, path) : NULL;
  return svc && svc->dir && rc_path_within(svc->dir, pkg);
}

static bool any_example_covers(const struct run *r, const struct ref *f)
{
  if (f->compose)
    return true;
  for (size_t i = 0; i < r->n_ex_paths; i++)
    if (example_covers(r, r->examples[i], f->path))
      return true;
  return false;
}

/* In the `env: { ... }` block of a Next.js config, NAME: value where the
 * value is not process.env.NAME itself: the build sets it
 * (NEXT_PUBLIC_APP_VERSION: process.env.npm_package_version). */
static bool next_env_sets(const char *data, const char *name)
{
  const char *env = strstr(data, "env:");
  const char *open = env ? strchr(env, '{') : NULL;
  const char *close = open ? strchr(open, '}') : NULL;
  size_t n = strlen(name);
  for (const char *p = open; p && p < close; p++) {
    if (strncmp(p, name, n) != 0 || env_name_char(p[n]) ||
        (p > open && env_name_char(p[-1])))
      continue;
    const char *v = p + n;
    while (*v == ' ' || *v == '"' || *v == '\'')
      v++;
    if (*v != ':')
      continue;
    v++;
    while (*v == ' ')
      v++;
    const char *pe = "process.env.";
    return !(strncmp(v, pe, strlen(pe)) == 0 &&
             strncmp(v + strlen(pe), name, n) == 0 &&
             !env_name_char(v[strlen(pe) + n]));
  }
  return false;
}

static int on_next_config(const struct rc_entry *e, void *arg)
{
  struct run *r = arg;
  rc_grow((void **)&r->next_cfgs, &r->cap_next, r->n_next,
          sizeof(*r->next_cfgs));
  r->next_cfgs[r->n_next++] = rc_arena_strdup(r->ctx->arena, e->path);
  return 0;
}

/* A Next.js config's env block sets it for the build. */
static bool build_config_sets(struct run *r, const char *name)
{
  if (!r->next_found) {
    r->next_found = true;
    rc_index_glob(r->ctx->index, "**/next.config.{js,mjs,cjs,ts}",
                  RC_ENTRY_FILE, on_next_config, r);
  }
  for (size_t i = 0; i < r->n_next; i++) {
    const struct rc_entry *e = rc_index_find(r->ctx->index, r->next_cfgs[i]);
    const char *data;
    size_t len;
    char err[128];
    if (e &&
        rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) == 0 &&
        next_env_sets(data, name))
      return true;
  }
  return false;
}

/* The example file a missing variable belongs in: the first whose
 * package holds the file that reads it (any, for a compose file's). */
static size_t covering_example(const struct run *r, const struct ref *f)
{
  for (size_t i = 0; i < r->n_ex_paths; i++)
    if (f->compose || example_covers(r, r->examples[i], f->path))
      return i;
  return 0;
}

/* Bytes of variable names a gap's evidence lists: the rest of the
 * evidence's RC_EVIDENCE_TEXT_MAX is the sentence around them. */
enum { GAP_NAMES_MAX = 280 };

/* The variables missing from one example file. */
struct gap {
  size_t n, listed;
  struct rc_buf list;
};

/* What the reported variables are, for the messages: "N variables %s". */
static const char *reads_what(const struct run *r)
{
  switch (r->cfg->reads) {
  case READS_ENFORCED:
    return "the code fails without";
  case READS_UNENFORCED:
    return "the code reads without a default";
  default:
    return "the code reads";
  }
}

/* The variables a passing check has checked: "all N %s are documented". */
static const char *pass_what(const struct run *r)
{
  if (r->cfg->reads == READS_ANY)
    return "required variables";
  return r->cfg->reads == READS_ENFORCED
             ? "variables the code fails without"
             : "variables the code reads without a default";
}

/* Keeps the reads the check reports (enum reads_mode). */
static void select_reads(struct run *r)
{
  if (r->cfg->reads == READS_ANY)
    return;
  size_t k = 0;
  for (size_t i = 0; i < r->n_refs; i++)
    if (r->refs[i].enforced == (r->cfg->reads == READS_ENFORCED))
      r->refs[k++] = r->refs[i];
  r->n_refs = k;
}

/* One piece of evidence per example file, listing what it misses: a
 * reviewer reads one incomplete file, not one finding per variable (a
 * hosted edition's dozen billing keys drowned the one a self-hoster
 * needs). */
static void report_gaps(struct run *r, struct gap *gaps)
{
  const char *others = r->n_ex_paths > 1 ? " (nor in the other example env "
                                           "files)"
                                         : "";
  const char *dev = r->n_ex_paths && r->n_dev_examples == r->n_ex_paths
                        ? "; the example files are for local development "
                          "only"
                        : "";
  for (size_t i = 0; i < r->n_ex_paths; i++) {
    struct gap *g = &gaps[i];
    if (!g->n)
      continue;
    if (g->n > g->listed)
      rc_buf_printf(&g->list, " and %zu more", g->n - g->listed);
    rc_check_evidence(r->out, r->ctx, r->examples[i], 0,
                      "%zu variable%s %s %s not in this example env file%s%s: "
                      "%s",
                      g->n, g->n == 1 ? "" : "s", reads_what(r),
                      g->n == 1 ? "is" : "are", others, dev, g->list.data);
  }
}

/* The example files compared, for the messages: "FILE and N more, all
 * for local development only". */
static void describe_examples(const struct run *r, struct rc_buf *b)
{
  rc_buf_printf(b, "%s", r->n_ex_paths ? r->examples[0] : "");
  if (r->n_ex_paths > 1)
    rc_buf_printf(b, " and %zu more", r->n_ex_paths - 1);
  if (r->n_ex_paths && r->n_dev_examples == r->n_ex_paths)
    rc_buf_printf(b, "%s for local development only",
                  r->n_ex_paths > 1 ? ", all" : ",");
}

/* What verdict() counts over the reads. */
struct tally {
  size_t missing;      /* reads no example file lists */
  size_t uncovered;    /* reads in a package with no example file of its own */
  struct rc_buf names; /* the first three missing, for the message */
  struct gap *gaps;    /* what each example file misses */
};

/* A read the example file need not list: documented there, optional by
 * its schema, or set by the image, the build configuration or the code
 * itself (unless the example lists it a word short under a name nothing
 * reads). */
static bool needs_no_example(struct run *r, const struct ref *f)
{
  return documented(r, f->name) || schema_optional(r, f) ||
         image_sets(r, f->name) || build_config_sets(r, f->name) ||
         (code_sets(r, f->name) && !misspelt_in_example(r, f->name));
}

/* A read documented or set elsewhere passes with evidence saying where,
 * for a reader to judge: true when so. */
static bool documented_elsewhere(struct run *r, const struct ref *f)
{
  const char *where = named_in(r, &r->cfg->docs, f->name);
  const char *how = "is documented here";
  if (!where && f->compose) {
    where = named_in(r, &r->cfg->pipeline, f->name);
    how = "is set here by the pipeline";
  }
  if (!where)
    return false;
  rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, where, 0,
                         "%s (read at %s:%u) %s, not in the example env "
                         "file",
                         f->name, f->path, f->line, how);
  return true;
}

/* A missing read: named in the message (the first three) and in the gap
 * of the example file that should list it. */
static void count_missing(struct run *r, const struct ref *f, struct tally *t)
{
  const char *near = misspelt_in_example(r, f->name);
  if (t->missing < 3)
    rc_buf_printf(&t->names, "%s%s (read at %s:%u%s%s%s)",
                  t->missing ? ", " : "", f->name, f->path, f->line,
                  near ? "; the example lists " : "", near ? near : "",
                  near ? ", which no code reads" : "");
  t->missing++;
  struct gap *g = r->n_ex_paths ? &t->gaps[covering_example(r, f)] : NULL;
  if (g && g->n++ == g->listed &&
      g->list.len + strlen(f->name) + 2 <= GAP_NAMES_MAX) {
    rc_buf_printf(&g->list, "%s%s", g->listed ? ", " : "", f->name);
    g->listed++;
  }
}

static void judge_read(struct run *r, const struct ref *f, struct tally *t)
{
  if (needs_no_example(r, f))
    return;
  if (!any_example_covers(r, f)) {
    t->uncovered++;
    return;
  }
  if (!documented_elsewhere(r, f))
    count_missing(r, f, t);
}

/* The check's status and message from the tally; compared describes the
 * example files (describe_examples). */
static void set_outcome(struct run *r, const struct tally *t,
                        const char *compared)
{
  size_t missing = t->missing, uncovered = t->uncovered;
  if (missing && r->cfg->reads == READS_UNENFORCED)
    rc_check_set(r->out, r->ctx, RC_OUT_FAIL,
                 "%zu of %zu variables read without a default are not "
                 "documented: %s%s; the code runs without them, and whether "
                 "a deployment needs them (a feature switch, a hosted "
                 "edition's setting) it does not say",
                 missing, r->n_refs, t->names.data, missing > 3 ? ", ..." : "");
  else if (missing)
    rc_check_set(
        r->out, r->ctx, RC_OUT_FAIL,
        "%zu of %zu variables %s are not documented: %s%s", missing, r->n_refs,
        r->cfg->reads == READS_ENFORCED ? "the code fails without" : "read",
        t->names.data, missing > 3 ? ", ..." : "");
  else if (r->n_errors)
    rc_check_set(r->out, r->ctx, RC_OUT_ERROR, "%zu file(s) could not be read",
                 r->n_errors);
  else if (uncovered && uncovered == r->n_refs)
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP,
                 "not applicable: the %zu variables read are in packages "
                 "with no example env file of their own (%s documents "
                 "another package)",
                 uncovered, compared);
  else if (uncovered)
    rc_check_set(r->out, r->ctx, RC_OUT_OK,
                 "all %zu %s are documented; %zu more are "
                 "read in packages whose own example env file is missing "
                 "(%s documents another package)",
                 r->n_refs - uncovered, pass_what(r), uncovered, compared);
  else if (r->n_refs == 0) {
    /* no variable to look up: nothing was checked, so nothing passed */
    rc_check_set(r->out, r->ctx, RC_OUT_OK,
                 "no code %s the example env file should list",
                 r->cfg->reads == READS_ENFORCED ? "fails without a variable"
                 : r->cfg->reads == READS_UNENFORCED
                     ? "reads a variable without a default that"
                     : "reads a variable");
    r->out->vacuous = true;
  } else
    rc_check_set(r->out, r->ctx, RC_OUT_OK, "all %zu %s are documented",
                 r->n_refs, pass_what(r));
}

/* Each read the check reports, in name order, judged against the example
 * files; then one piece of evidence per incomplete example file and the
 * status. */
static void verdict(struct run *r)
{
  select_reads(r);
  struct tally t = {0};
  t.gaps = rc_xcalloc(r->n_ex_paths ? r->n_ex_paths : 1, sizeof(*t.gaps));
  for (size_t i = 0; i < r->n_ex_paths; i++)
    rc_buf_init(&t.gaps[i].list);
  rc_buf_init(&t.names);
  struct rc_buf compared;
  rc_buf_init(&compared);
  describe_examples(r, &compared);
  if (r->n_refs > 1)
    qsort(r->refs, r->n_refs, sizeof(*r->refs), by_name);
  for (size_t i = 0; i < r->n_refs; i++)
    judge_read(r, &r->refs[i], &t);
  report_gaps(r, t.gaps);
  for (size_t i = 0; i < r->n_ex_paths; i++)
    rc_buf_release(&t.gaps[i].list);
  free(t.gaps);
  set_outcome(r, &t, compared.data);
  rc_buf_release(&t.names);
  rc_buf_release(&compared);
}

/* Defined at the end: its parameter table spells the scan's key. */
extern const struct rc_probe rc_probe_env_documented;

/* What a scan is made from: the first asking check's configuration and
 * context (only the run's index, model and arena are used). */
struct scan_arg {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
};

static void drop_scan(void *p)
{
  struct run *s = p;
  free(s->documented);
  free(s->refs);
  free(s->schema_optional);
  free(s->schema_scope);
  free(s->code_set);
  free(s->examples);
  free(s->unread);
  free(s);
}

/* The example files, then (when there is one) the source and compose
 * files. */
static void *scan_files(void *arg)
{
  const struct scan_arg *a = arg;
  struct run *s = rc_xcalloc(1, sizeof(*s));
  s->cfg = a->cfg;
  s->ctx = a->ctx;
  const struct rc_model *m = a->ctx->model;
  /* only when some service's JavaScript is known: no model or no
   * JavaScript service leaves every file in */
  for (size_t i = 0; s->cfg->deployed && m && i < m->n_services; i++) {
    if (m->services[i].reach != RC_REACH_NONE)
      s->js_reach = true;
    if (m->services[i].py_reach != RC_REACH_NONE)
      s->py_reach = true;
    if (m->services[i].go_reach != RC_REACH_NONE)
      s->go_reach = true;
  }
  visit_list(s, &s->cfg->example, KIND_EXAMPLE);
  if (s->n_examples) {
    visit_list(s, &s->cfg->source, KIND_SOURCE);
    visit_list(s, &s->cfg->compose, KIND_COMPOSE);
  }
  s->cfg = NULL; /* the asking check's, as ctx: each check sets its own */
  s->ctx = NULL;
  return s;
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  static const char *const scan_free_of[] = {"reads", NULL};
  struct scan_arg a = {vcfg, ctx};
  char *key =
      ctx->memo ? rc_memo_cfg_key(&rc_probe_env_documented, vcfg, scan_free_of)
                : NULL;
  struct run *s =
      key ? rc_memo_get(ctx, key, scan_files, drop_scan, &a) : scan_files(&a);
  struct run r = *s;
  r.cfg = vcfg;
  r.ctx = ctx;
  r.out = out;
  /* verdict() selects and sorts the reads in place */
  r.refs = rc_xmalloc((s->n_refs ? s->n_refs : 1) * sizeof(*r.refs));
  if (s->n_refs)
    memcpy(r.refs, s->refs, s->n_refs * sizeof(*r.refs));
  r.cap_refs = s->n_refs;
  for (size_t i = 0; i < s->n_errors; i++)
    rc_check_evidence(out, ctx, s->unread[i].path, 0, "cannot read: %s",
                      s->unread[i].why);
  if (r.n_examples == 0)
    rc_check_set(out, ctx, RC_OUT_SKIP, "no example env file");
  else
    verdict(&r);
  free(r.refs);
  free(r.next_cfgs);
  if (!key)
    drop_scan(s);
  free(key);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (rc_globs_validate(&cfg->example, "example", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->source, "source", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->compose, "compose", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->pipeline, "pipeline", loc, d) != 0)
    rc = -1;
  if (cfg->source.n == 0 && cfg->compose.n == 0)
    rc = rc_error(d, loc, "'source' or 'compose' is needed");
  return rc;
}

static const struct rc_field fields[] = {
    {"example", RC_FIELD_STRINGS, offsetof(struct cfg, example),
     RC_FIELD_REQUIRED, NULL,
     "example env files (globs); their keys, also commented out, document"},
    {"source", RC_FIELD_STRINGS, offsetof(struct cfg, source), 0, NULL,
     "code files scanned for process.env.X, os.getenv(\"X\"), os.Getenv..."},
    {"compose", RC_FIELD_STRINGS, offsetof(struct cfg, compose), 0, NULL,
     "compose files scanned for ${X} and ${X:?}"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of source and compose files not to scan (tests, vendored code)"},
    {"ignore", RC_FIELD_STRINGS, offsetof(struct cfg, ignore), 0, NULL,
     "variable names (globs) never required, added to the built-in list"},
    {"docs", RC_FIELD_STRINGS, offsetof(struct cfg, docs), 0, NULL,
     "documentation and deployment configuration files (globs): a "
     "variable named in one is documented"},
    {"pipeline", RC_FIELD_STRINGS, offsetof(struct cfg, pipeline), 0, NULL,
     "CI files (globs): a compose variable named in one is set by the "
     "pipeline that renders or deploys the compose file"},
    {"deployed", RC_FIELD_BOOL, offsetof(struct cfg, deployed), 0, NULL,
     "JavaScript/TypeScript files count only when a deployed service's "
     "entry points reach them (when the model knows any)"},
    {"reads", RC_FIELD_ENUM, offsetof(struct cfg, reads), 0, reads_names,
     "report every missing variable (any, the default), only those the code "
     "fails without (enforced: os.environ[\"X\"], ${X:?}, a JS read whose "
     "absence throws, a Go read whose == \"\" test fails), or the other "
     "reads without a default (unenforced)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_env_documented = {
    .name = "env_documented",
    .summary = "every environment variable code and compose files require "
               "is listed in an example env file",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
