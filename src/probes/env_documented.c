/*
 * env_documented.c - the `env_documented` probe: every environment variable
 * that source files (process.env.X, os.getenv("X"), os.Getenv("X"), ...)
 * and compose files (${X}, ${X:?}) require is listed in an example env
 * file. A read with a fallback (`|| "x"`, `${X:-d}`), a lookup that
 * tolerates absence (os.getenv, os.environ.get, os.LookupEnv) or a
 * presence test (`if (process.env.X)`) is optional and not required.
 * Recognition is plain text scanning, not parsing: it aims at the common
 * spellings, and the report names where each variable was read so a reader can
 * judge.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

enum { NAME_MAX_LEN = 128, MAX_NAMES = 100000, MAX_DOC_FILES = 5000 };

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

/* ---- names --------------------------------------------------------- */

static bool name_start(char c)
{
  return isalpha((unsigned char)c) || c == '_';
}

static bool name_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

/* Copies the identifier at s into out; returns its length (0: none). */
static size_t ident(const char *s, char *out)
{
  size_t n = 0;
  if (!name_start(s[0]))
    return 0;
  while (name_char(s[n]) && n < NAME_MAX_LEN - 1) {
    out[n] = s[n];
    n++;
  }
  out[n] = '\0';
  return name_char(s[n]) ? 0 : n;
}

static bool ignored(const struct run *r, const char *name)
{
  for (size_t i = 0; builtin_ignore[i]; i++)
    if (rc_glob_match(builtin_ignore[i], name))
      return true;
  for (size_t i = 0; i < r->cfg->ignore.n; i++)
    if (rc_glob_match(r->cfg->ignore.items[i], name))
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
  if (ignored(r, name) || r->n_refs >= MAX_NAMES)
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
    size_t n = ident(p, name);
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
        if (strncmp(v, values[i], m) == 0 && !name_char(v[m]))
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

static const char *skip_blanks(const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Formatters put `?`, `??` and `&&` at the start of the next line, so the
 * operators after a JS read are looked for across line breaks. */
static const char *skip_space(const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static const char *skip_space_back(const char *data, const char *p)
{
  while (p > data &&
         (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r'))
    p--;
  return p;
}

/* After a JS read: `|| x`, `?? x`, or a ternary/default means optional.
 * TypeScript's non-null assertion (`process.env.X!`) is skipped, and so
 * are the calls that wrap the read: `Number.parseInt(process.env.X!, 10)
 * || 80` falls back too. */
static bool js_fallback(const char *p)
{
  for (int wraps = 0; wraps < 3; wraps++) {
    p = skip_space(p);
    if (*p == '!' && p[1] != '=')
      p = skip_space(p + 1);
    if (strncmp(p, "||", 2) == 0 || strncmp(p, "??", 2) == 0)
      return true;
    int depth = 0;
    const char *start = p;
    for (; *p && *p != ';' && p - start < 2000; p++) {
      /* a line break at the read's level ends it, unless it follows a
       * comma (arguments over several lines) */
      if (depth == 0 && *p == '\n') {
        const char *b = skip_space_back(start, p);
        if (b == start || b[-1] != ',')
          break;
      }
      if (*p == '(' || *p == '[' || *p == '{')
        depth++;
      else if ((*p == ')' || *p == ']' || *p == '}') && --depth < 0)
        break;
    }
    if (*p != ')')
      return false;
    p++;
  }
  return false;
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

/* A JS read that tests whether the variable is set or compares it with a
 * string - `if (process.env.X)`, `process.env.X && ...`, `process.env.X ?
 * a : b`, `process.env.X === '1'`, the last term of `if (a && process.env.X)`
 * or a flag `!!process.env.X` - handles its absence. A negated test (`if
 * (!process.env.X) throw ...`) is often how a required variable is enforced, so
 * it does not count. */
static bool js_presence_test(const char *data, const char *at,
                             const char *after)
{
  const char *p = skip_space(after);
  if (strncmp(p, "&&", 2) == 0 || (*p == '?' && p[1] != '?'))
    return true;
  const char *before = skip_space_back(data, at);
  if (*p == ')' && before - data >= 2 && strncmp(before - 2, "&&", 2) == 0)
    return true;
  if (before - data >= 2 &&
      (strncmp(before - 2, "??", 2) == 0 || strncmp(before - 2, "||", 2) == 0))
    return true; /* `process.env.NEW ?? process.env.OLD`: a legacy fallback */
  if (at - data >= 2 && strncmp(at - 2, "!!", 2) == 0)
    return true; /* `!!process.env.X`: a flag, unset is false */
  p = skip_blanks(after);
  if (strncmp(p, "===", 3) == 0 || strncmp(p, "!==", 3) == 0 ||
      strncmp(p, "==", 2) == 0 || strncmp(p, "!=", 2) == 0) {
    p = skip_blanks(p + (p[2] == '=' ? 3 : 2));
    return *p == '\'' || *p == '"' || *p == '`';
  }
  if (*p != ')')
    return false;
  const char *b = at;
  while (b > data && (b[-1] == ' ' || b[-1] == '\t'))
    b--;
  if (b == data || b[-1] != '(')
    return false;
  b--;
  while (b > data && (b[-1] == ' ' || b[-1] == '\t'))
    b--;
  return b - data >= 2 && strncmp(b - 2, "if", 2) == 0 &&
         (b - data == 2 || !name_char(b[-3]));
}

/* Go: `if v := os.Getenv("X"); v != ""` or `os.Getenv("X") != ""` uses X
 * only when set. `== ""` is left out: it is the usual "required" guard. */
static bool go_presence_test(const char *p)
{
  p = skip_blanks(p);
  if (*p != ')')
    return false;
  p = skip_blanks(p + 1);
  if (*p == ';') {
    char name[NAME_MAX_LEN];
    p = skip_blanks(p + 1);
    size_t n = ident(p, name);
    if (!n)
      return false;
    p = skip_blanks(p + n);
  }
  if (strncmp(p, "!=", 2) != 0)
    return false;
  return strncmp(skip_blanks(p + 2), "\"\"", 2) == 0;
}

/* Names read optionally somewhere in one file. */
struct optional_names {
  char **items;
  size_t n, cap;
};

static bool has_name(const struct optional_names *o, const char *name)
{
  for (size_t i = 0; i < o->n; i++)
    if (strcmp(o->items[i], name) == 0)
      return true;
  return false;
}

static void add_optional(struct optional_names *o, const char *name)
{
  if (has_name(o, name) || o->n >= MAX_NAMES)
    return;
  rc_grow((void **)&o->items, &o->cap, o->n, sizeof(*o->items));
  o->items[o->n++] = rc_xstrdup(name);
}

/* The read sits on a line that is a comment (`// ...`, `# ...`, ` * ...`):
 * commented-out code reads nothing. */
static bool in_comment(const char *data, const char *at)
{
  const char *l = at;
  while (l > data && l[-1] != '\n')
    l--;
  l = skip_blanks(l);
  return *l == '#' || (*l == '*' && l[1] != '*') ||
         (*l == '/' && (l[1] == '/' || l[1] == '*'));
}

static const char *skip_blanks_back(const char *data, const char *p)
{
  while (p > data && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  return p;
}

enum { GUARD_SCAN_MAX = 20000 };

static bool is_js_prefix(const char *prefix)
{
  return strncmp(prefix, "process.env", 11) == 0 ||
         strncmp(prefix, "import.meta.env", 15) == 0;
}

/* The condition text [c, end) tests that some other environment variable
 * is set: `process.env.KEY` (or import.meta.env.KEY) neither negated nor
 * compared. `if (process.env.NODE_ENV === "production")` is a comparison
 * and guards nothing: production is where the block runs. */
static bool presence_condition(const struct run *r, const char *c,
                               const char *end)
{
  static const char *const reads[] = {"process.env.", "import.meta.env.", NULL};
  for (size_t k = 0; reads[k]; k++) {
    size_t pl = strlen(reads[k]);
    for (const char *at = c; at + pl < end; at++) {
      if (strncmp(at, reads[k], pl) != 0)
        continue;
      char name[NAME_MAX_LEN];
      size_t n = ident(at + pl, name);
      if (!n || ignored(r, name))
        continue;
      const char *b = skip_space_back(c, at);
      const char *a = skip_space(at + pl + n);
      bool negated = b > c && b[-1] == '!' && !(b - c >= 2 && b[-2] == '!');
      bool compared =
          (a[0] == '=' || a[0] == '!' || a[0] == '<' || a[0] == '>') && a < end;
      if (!negated && !compared)
        return true;
    }
  }
  return false;
}

/* The `{` at brace opens `if (cond) {` whose cond tests another variable's
 * presence. */
static bool opens_guarded_if(const struct run *r, const char *data,
                             const char *brace)
{
  const char *p = skip_space_back(data, brace);
  if (p == data || p[-1] != ')')
    return false;
  const char *close = p - 1;
  int depth = 0;
  const char *q = close;
  for (; q >= data && close - q < GUARD_SCAN_MAX; q--) {
    if (*q == ')')
      depth++;
    else if (*q == '(' && --depth == 0)
      break;
  }
  if (q < data || depth != 0)
    return false;
  const char *kw = skip_space_back(data, q);
  if (kw - data < 2 || strncmp(kw - 2, "if", 2) != 0 ||
      (kw - data > 2 && name_char(kw[-3])))
    return false;
  return presence_condition(r, q + 1, close);
}

/* A JS read inside the block of `if (process.env.OTHER) { ... }` is used
 * only when OTHER is set: a feature switched on by OTHER
 * (`if (process.env.POSTHOG_KEY) posthog.init(key, {host:
 * process.env.POSTHOG_HOST})`). An `else` block is not guarded. */
static bool js_guarded_block(const struct run *r, const char *data,
                             const char *at)
{
  int depth = 0;
  for (const char *p = at; p > data && at - p < GUARD_SCAN_MAX; p--) {
    char c = p[-1];
    if (c == '}') {
      depth++;
    } else if (c == '{') {
      if (depth > 0)
        depth--;
      else if (opens_guarded_if(r, data, p - 1))
        return true;
    }
  }
  return false;
}

/* A literal a function returns in place of a feature (`true`, `null`,
 * `undefined`, a number, a string, `[]`, `{}`) or nothing (`return;`):
 * the length of it, or 0 when p is something else (an error response, a
 * call). The text after it must end the statement. */
static size_t benign_return_value(const char *p)
{
  static const char *const words[] = {
      "true", "false", "null", "undefined", "[]", "{}", "''", "\"\"", NULL};
  size_t n = 0;
  if (*p == ';' || *p == '}' || *p == '\n' || *p == '\r')
    return 1;
  for (size_t i = 0; words[i] && !n; i++)
    if (strncmp(p, words[i], strlen(words[i])) == 0)
      n = strlen(words[i]);
  if (!n)
    while (isdigit((unsigned char)p[n]))
      n++;
  const char *e = skip_blanks(p + n);
  return n && (*e == ';' || *e == '}' || *e == '\n' || *e == '\r') ? n : 0;
}

/* `if (!process.env.X) return true;`, or a block that logs and returns
 * nothing or a literal: the code does without X (a check skipped, an
 * integration left off). A block that throws, exits or returns an error
 * is the required guard and does not count. */
static bool js_negated_early_return(const char *data, const char *at,
                                    const char *after)
{
  const char *b = skip_blanks_back(data, at);
  if (b == data || b[-1] != '!' || (b - data >= 2 && b[-2] == '!'))
    return false;
  b = skip_blanks_back(data, b - 1);
  if (b == data || b[-1] != '(')
    return false;
  b = skip_blanks_back(data, b - 1);
  if (b - data < 2 || strncmp(b - 2, "if", 2) != 0 ||
      (b - data > 2 && name_char(b[-3])))
    return false;
  const char *p = skip_blanks(after);
  if (*p == '!')
    p = skip_blanks(p + 1); /* TypeScript's `process.env.X!` */
  if (*p != ')')
    return false;
  p = skip_space(p + 1);
  if (*p == '{')
    p = skip_space(p + 1);
  /* console.warn("X not set, skipping"); logger.info(...) */
  for (int k = 0; k < 3; k++) {
    static const char *const logs[] = {"console.", "logger.", "log.", NULL};
    size_t n = 0;
    for (size_t i = 0; logs[i] && !n; i++)
      if (strncmp(p, logs[i], strlen(logs[i])) == 0)
        n = strlen(logs[i]);
    if (!n)
      break;
    const char *e = strchr(p, '\n');
    if (!e)
      return false;
    p = skip_space(e);
  }
  if (strncmp(p, "return", 6) != 0 || name_char(p[6]))
    return false;
  return benign_return_value(skip_blanks(p + 6)) > 0;
}

/* The start of the condition that ends at q (the `?` of a ternary):
 * back to the `=`, `(`, `,`, `return`, `;` or brace before it. */
static const char *ternary_condition(const char *data, const char *q)
{
  int depth = 0;
  const char *p = q;
  for (; p > data && q - p < GUARD_SCAN_MAX; p--) {
    char c = p[-1];
    if (c == ')' || c == ']') {
      depth++;
    } else if (c == '(' || c == '[') {
      if (depth-- == 0)
        break;
    } else if (depth == 0 && (c == ',' || c == ';' || c == '{' || c == '}' ||
                              c == '?' || c == ':' ||
                              (c == '=' && p[0] != '=' && p[0] != '>' &&
                               p - 1 > data && !strchr("=!<>", p[-2])))) {
      break;
    }
  }
  return p;
}

/* A JS read in the first branch of a ternary on another variable's
 * presence - `process.env.OTHER ? connect(process.env.URL!) : undefined`
 * - is used only when OTHER is set, like a read in the block of
 * `if (process.env.OTHER)`. Walks back out of the calls around the read
 * to the `?` on their level; a `:` on the way (the second branch, or an
 * object's key), a `;` or the `{` of a block ends the search. */
static bool js_guarded_ternary(const struct run *r, const char *data,
                               const char *at)
{
  int depth = 0;
  for (const char *p = at; p > data && at - p < GUARD_SCAN_MAX; p--) {
    char c = p[-1];
    if (c == ')' || c == ']' || c == '}') {
      depth++;
    } else if (c == '(' || c == '[') {
      if (depth > 0)
        depth--; /* else: out of a call around the read */
    } else if (c == '{') {
      if (depth-- == 0)
        return false;
    } else if (depth > 0) {
      continue;
    } else if (c == ';' || c == ':') {
      return false;
    } else if (c == '?') {
      if (p - 1 > data && p[-2] == '?') {
        p--; /* `??` */
        continue;
      }
      if (*p == '.' || *p == '?')
        continue; /* `?.`, `??` */
      const char *q = p - 1;
      return presence_condition(r, ternary_condition(data, q), q);
    }
  }
  return false;
}

/* A use of an alias that only asks whether it is set: `!!key`,
 * `if (key)`, or a ternary on key alone (`= key ? a : b`). Terms of a
 * longer condition (`a && key`) are left out: that is also how a service
 * checks that all its required settings are there. */
static bool alias_test(const char *data, const char *u, const char *after)
{
  if (u - data >= 2 && strncmp(u - 2, "!!", 2) == 0)
    return true;
  const char *a = skip_space(after);
  const char *b = skip_space_back(data, u);
  if (*a == ')' && b > data && b[-1] == '(') {
    const char *kw = skip_space_back(data, b - 1);
    return kw - data >= 2 && strncmp(kw - 2, "if", 2) == 0 &&
           (kw - data == 2 || !name_char(kw[-3]));
  }
  return *a == '?' && a[1] != '?' && a[1] != '.' && b > data &&
         strchr("(=,:{", b[-1]) && !(b - data >= 2 && strchr("=!<>", b[-2]));
}

/* `const key = process.env.X;` followed elsewhere in the file by a
 * presence test of key (`key ? ... : ...`, `!!key`, `if (key)`): the
 * code handles X unset. Only a const: a `let` may be reassigned before
 * the test, which then says nothing about X. */
static bool js_alias_tested(const char *data, const char *at, const char *after)
{
  const char *end = skip_blanks(after);
  if (*end != ';' && *end != '\n' && *end != '\r')
    return false;
  const char *eq = skip_blanks_back(data, at);
  if (eq == data || eq[-1] != '=' || (eq - data >= 2 && strchr("=!<>", eq[-2])))
    return false;
  const char *ne = skip_blanks_back(data, eq - 1);
  const char *nb = ne;
  while (nb > data && name_char(nb[-1]))
    nb--;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN)
    return false;
  const char *kw = skip_blanks_back(data, nb);
  if (kw - data < 5 || strncmp(kw - 5, "const", 5) != 0)
    return false;
  char alias[NAME_MAX_LEN];
  memcpy(alias, nb, len);
  alias[len] = '\0';
  for (const char *u = strstr(data, alias); u; u = strstr(u + len, alias)) {
    if (u == nb || (u > data && (name_char(u[-1]) || u[-1] == '.')) ||
        name_char(u[len]))
      continue;
    if (alias_test(data, u, u + len))
      return true;
  }
  return false;
}

/* ---- Python blocks ---- */

static const char *line_start(const char *data, const char *p)
{
  while (p > data && p[-1] != '\n')
    p--;
  return p;
}

static size_t indent_of(const char *l)
{
  size_t n = 0;
  while (l[n] == ' ' || l[n] == '\t')
    n++;
  return n;
}

static bool blank_line(const char *l)
{
  l = skip_blanks(l);
  return *l == '\n' || *l == '\r' || *l == '#' || !*l;
}

/* Header text [h, end) of a Python `if`/`elif` tests that some variable
 * is set: `"X" in os.environ` (not `not in`), or a truthy
 * `os.environ.get("X")` / `os.getenv("X")` not compared with anything. */
static bool python_presence_header(const char *h, const char *end)
{
  const char *p = skip_space(h);
  if (strncmp(p, "elif", 4) == 0)
    p += 2;
  if (strncmp(p, "if", 2) != 0 || name_char(p[2]))
    return false;
  for (const char *at = p; at < end; at++) {
    if (strncmp(at, "in os.environ", 13) == 0 && !name_char(at[13]) &&
        at[13] != '.' && at[13] != '[') {
      const char *b = skip_space_back(h, at);
      if (!(b - h >= 3 && strncmp(b - 3, "not", 3) == 0))
        return true;
    }
    size_t pl = strncmp(at, "os.environ.get(", 15) == 0 ? 15
                : strncmp(at, "os.getenv(", 10) == 0    ? 10
                                                        : 0;
    if (!pl)
      continue;
    const char *c = strchr(at + pl, ')');
    if (!c || c >= end)
      continue;
    const char *a = skip_space(c + 1);
    const char *b = skip_space_back(h, at);
    if (!strchr("=!<>", *a) && strncmp(a, "in ", 3) != 0 &&
        !(b - h >= 3 && strncmp(b - 3, "not", 3) == 0))
      return true;
  }
  return false;
}

/* A Python read inside the block of `if "OTHER" in os.environ:` (also a
 * header spread over lines in parentheses) is used only when OTHER is
 * set. Walks up the enclosing blocks by indentation. */
static bool python_guarded_block(const char *data, const char *at)
{
  const char *l = line_start(data, at);
  size_t ind = indent_of(l);
  for (size_t steps = 0; l > data && ind > 0 && steps < GUARD_SCAN_MAX;) {
    const char *prev = line_start(data, l - 1);
    steps += (size_t)(l - prev);
    l = prev;
    if (blank_line(l) || indent_of(l) >= ind)
      continue;
    ind = indent_of(l);
    const char *end = strchr(l, '\n');
    end = end ? end : l + strlen(l);
    const char *h = l;
    /* a closing `):` line: the header starts at the line of the same
     * indentation that is not a closer */
    if (strchr(")]}", l[ind])) {
      while (h > data) {
        const char *q = line_start(data, h - 1);
        h = q;
        if (!blank_line(q) && indent_of(q) == ind && !strchr(")]}", q[ind]))
          break;
      }
    }
    if (python_presence_header(h, end))
      return true;
  }
  return false;
}

/* `asNumber(process.env.X, 30)`, `envOr(process.env.X, "info")`: the read
 * is the first argument of the project's own helper and a literal
 * default follows, so the code runs without it. A method
 * (`path.join(process.env.X, "a")`), a constructor, the built-ins whose
 * second argument is no default (parseInt's radix) and a guard whose
 * literal is the message it fails with (`assert(process.env.X, "X is
 * required")`, invariant, requireEnv, mustGet, ensure...) are left out. */
/* a starts with the n letters of lower-case b, in any case (a is longer
 * than n or NUL-terminated before) */
static bool starts_with_word(const char *a, const char *b, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)a[i]) != b[i])
      return false;
  return true;
}

static bool js_helper_default(const char *data, const char *at,
                              const char *after)
{
  static const char *const not_defaults[] = {
      "parseInt",    "parseFloat", "require", "fetch", "setTimeout",
      "setInterval", "URL",        "Error",   NULL};
  const char *open = skip_space_back(data, at);
  if (open == data || open[-1] != '(')
    return false;
  const char *ne = skip_blanks_back(data, open - 1);
  const char *nb = ne;
  while (nb > data && name_char(nb[-1]))
    nb--;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN || (nb > data && nb[-1] == '.'))
    return false;
  char callee[NAME_MAX_LEN];
  memcpy(callee, nb, len);
  callee[len] = '\0';
  static const char *const guards[] = {
      "assert", "invariant", "require",  "must", "ensure", "check",
      "expect", "verify",    "validate", "ok",   NULL};
  for (size_t i = 0; not_defaults[i]; i++)
    if (strcmp(callee, not_defaults[i]) == 0)
      return false;
  for (size_t i = 0; guards[i]; i++) {
    size_t n = strlen(guards[i]);
    if (starts_with_word(callee, guards[i], n))
      return false;
  }
  const char *kw = skip_blanks_back(data, nb);
  if (kw - data >= 3 && strncmp(kw - 3, "new", 3) == 0)
    return false;
  const char *p = skip_space(after);
  if (*p != ',')
    return false;
  p = skip_space(p + 1);
  if (*p == '-')
    p++;
  return *p == '\'' || *p == '"' || *p == '`' || *p == '[' ||
         isdigit((unsigned char)*p) || strncmp(p, "true", 4) == 0 ||
         strncmp(p, "false", 5) == 0;
}

/* The read at `at` is the first argument of a call: [*nb, *ne) is the
 * called name (`parseBool`, `assert`), empty when the parenthesis follows
 * no name. False when the read is not a call's argument. */
static bool callee_of(const char *data, const char *at, const char **nb,
                      const char **ne)
{
  const char *open = skip_space_back(data, at);
  if (open == data || open[-1] != '(')
    return false;
  *ne = skip_blanks_back(data, open - 1);
  *nb = *ne;
  while (*nb > data && name_char((*nb)[-1]))
    (*nb)--;
  return true;
}

/* `stringToBoolean(process.env.X)`, `Boolean(process.env.X)`,
 * `utils.parseBool(process.env.X)`: the read is the first argument of a
 * call named for a boolean, a switch that is off when unset (as
 * `process.env.X === "true"` is). */
static bool js_boolean_parse(const char *data, const char *at)
{
  const char *nb, *ne;
  if (!callee_of(data, at, &nb, &ne))
    return false;
  for (const char *c = nb; c + 4 <= ne; c++)
    if (strncasecmp(c, "bool", 4) == 0)
      return true;
  return false;
}

/* `requireDefined(process.env.X, "...")`, `assert(process.env.X)`,
 * `env.mustGet(process.env.X)`: the read is an argument of a call named
 * for a guard that fails without the value (not CommonJS's `require`). */
static bool js_guard_call(const char *data, const char *at)
{
  const char *nb, *ne;
  if (!callee_of(data, at, &nb, &ne))
    return false;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN)
    return false;
  char callee[NAME_MAX_LEN];
  memcpy(callee, nb, len);
  callee[len] = '\0';
  if (strcmp(callee, "require") == 0)
    return false;
  static const char *const guards[] = {"assert", "invariant", "require",
                                       "must",   "ensure",    NULL};
  for (size_t i = 0; guards[i]; i++)
    if (starts_with_word(callee, guards[i], strlen(guards[i])))
      return true;
  return false;
}

/* `if (!process.env.X) throw ...`, `if (!process.env.A || !process.env.B)
 * { process.exit(1) }`: a negated test of the read whose block throws or
 * exits. The code refuses to run without X. */
static bool js_negated_throw(const char *data, const char *at)
{
  const char *b = skip_blanks_back(data, at);
  if (b == data || b[-1] != '!' || (b - data >= 2 && b[-2] == '!'))
    return false;
  const char *ls = line_start(data, at);
  const char *cond = NULL;
  for (const char *q = ls; q + 2 < at; q++)
    if (strncmp(q, "if", 2) == 0 && (q == data || !name_char(q[-1])) &&
        *skip_blanks(q + 2) == '(')
      cond = skip_blanks(q + 2);
  if (!cond)
    return false;
  int depth = 0;
  const char *close = cond;
  for (; *close && close - cond < GUARD_SCAN_MAX / 20; close++) {
    if (*close == '(')
      depth++;
    else if (*close == ')' && --depth == 0)
      break;
  }
  if (*close != ')' || close < at)
    return false;
  const char *p = skip_space(close + 1);
  if (*p == '{')
    p = skip_space(p + 1);
  return (strncmp(p, "throw", 5) == 0 && !name_char(p[5])) ||
         strncmp(p, "process.exit(", 13) == 0;
}

/* A JS read whose absence the code refuses. */
static bool js_enforced(const char *data, const char *at)
{
  return js_guard_call(data, at) || js_negated_throw(data, at);
}

/* ---- Go reads with a default ---- */

/* The first needle that starts in [from, end) (end is inside the string
 * or its terminator). */
static const char *find_between(const char *from, const char *end,
                                const char *needle)
{
  size_t n = strlen(needle);
  for (const char *p = from; p < end; p++)
    if (*p == *needle && strncmp(p, needle, n) == 0)
      return p;
  return NULL;
}

/* os.Getenv never fails: a Go read is required when the code refuses to
 * run without the value, and optional when it tests the value or falls
 * back to a default (the same principle as a JS `|| "d"` or compose's
 * `${X:-d}`). A block that handles absence by failing - log.Fatal,
 * panic, os.Exit, returning an error - is the required guard. */
static bool go_block_fails(const char *open)
{
  static const char *const fails[] = {
      "Fatal",      "panic(",     "os.Exit",      "Errorf",
      "errors.New", "return err", "return nil, ", NULL};
  int depth = 0;
  const char *close = open;
  for (; *close && close - open < GUARD_SCAN_MAX; close++) {
    if (*close == '{')
      depth++;
    else if (*close == '}' && --depth == 0)
      break;
  }
  if (*close != '}')
    return true; /* unreadable: keep it required */
  for (const char *p = open; p < close; p++)
    for (size_t i = 0; fails[i]; i++)
      if (strncmp(p, fails[i], strlen(fails[i])) == 0)
        return true;
  return false;
}

/* At p (after the value): `== "lit"` / `!= "lit"` compares it with a
 * word, a flag; `!= ""` uses it only when set; `== ""` is a fallback
 * unless it opens a block that fails (or is a term of such a test). */
static bool go_compare_optional(const char *p)
{
  p = skip_blanks(p);
  bool eq = strncmp(p, "==", 2) == 0;
  if (!eq && strncmp(p, "!=", 2) != 0)
    return false;
  p = skip_blanks(p + 2);
  if (*p != '"')
    return false;
  if (p[1] != '"' || !eq)
    return true;
  for (p += 2; *p && *p != '\n'; p++)
    if (*p == '{')
      return !go_block_fails(p);
  return true; /* `return v == "" || v == "true"`: a value, not a guard */
}

/* `len(V) > 0`, `len(V) != 0` with V at [at, after). */
static bool go_len_test(const char *data, const char *at, const char *after)
{
  const char *b = skip_blanks_back(data, at);
  if (b - data < 4 || strncmp(b - 4, "len(", 4) != 0)
    return false;
  const char *a = skip_blanks(after);
  if (*a != ')')
    return false;
  a = skip_blanks(a + 1);
  return (*a == '>' || strncmp(a, "!=", 2) == 0) &&
         *skip_blanks(a + (*a == '>' ? 1 : 2)) == '0';
}

/* V at [at, ...) is the argument of a strconv/time parse whose error
 * falls back (`if err != nil { n = 10 }`, `err == nil && ...`). */
static bool go_parse_fallback(const char *data, const char *at,
                              const char *after)
{
  static const char *const parses[] = {
      "Atoi(",      "ParseDuration(", "ParseBool(", "ParseInt(",
      "ParseUint(", "ParseFloat(",    NULL};
  const char *b = skip_blanks_back(data, at);
  bool parsed = false;
  for (size_t i = 0; parses[i] && !parsed; i++) {
    size_t n = strlen(parses[i]);
    parsed = (size_t)(b - data) >= n && strncmp(b - n, parses[i], n) == 0;
  }
  if (!parsed)
    return false;
  for (const char *p = after; *p && p - after < 400; p++) {
    if (strncmp(p, "err == nil", 10) == 0)
      return true;
    if (strncmp(p, "err != nil", 10) == 0) {
      const char *open = strchr(p, '{');
      return open && !go_block_fails(open);
    }
  }
  return false;
}

/* One use of the value (the read itself or its variable) handles
 * absence. */
static bool go_use_optional(const char *data, const char *at, const char *after)
{
  return go_compare_optional(after) || go_len_test(data, at, after) ||
         go_parse_fallback(data, at, after);
}

/* The start of the calls that wrap the read at at
 * (`strings.TrimSpace(os.Getenv("X"))`), and in *after the end of them. */
static const char *go_unwrap(const char *data, const char *at,
                             const char **after)
{
  for (int depth = 0; depth < 3; depth++) {
    const char *b = skip_blanks_back(data, at);
    const char *a = skip_blanks(*after);
    if (b == data || b[-1] != '(' || *a != ')')
      break;
    const char *nb = b - 1;
    while (nb > data && (name_char(nb[-1]) || nb[-1] == '.'))
      nb--;
    if (nb == b - 1)
      break;
    at = nb;
    *after = a + 1;
  }
  return at;
}

/* `v := os.Getenv("X")` or `v = os.Getenv("X")`: the variable's name. */
static size_t go_alias(const char *data, const char *at, char *out)
{
  const char *eq = skip_blanks_back(data, at);
  if (eq == data || eq[-1] != '=')
    return 0;
  eq--;
  if (eq > data && eq[-1] == ':')
    eq--;
  else if (eq > data && strchr("=!<>+-*/", eq[-1]))
    return 0;
  const char *ne = skip_blanks_back(data, eq);
  const char *nb = ne;
  while (nb > data && name_char(nb[-1]))
    nb--;
  size_t len = (size_t)(ne - nb);
  if (len == 0 || len >= NAME_MAX_LEN || (nb > data && nb[-1] == '.'))
    return 0;
  memcpy(out, nb, len);
  out[len] = '\0';
  return len;
}

/* The read at at is assigned to a variable (`v := os.Getenv("X")`) and
 * some use of that variable, up to the next function, satisfies use. */
static bool go_alias_used(const char *data, const char *at, const char *after,
                          bool (*use)(const char *, const char *, const char *))
{
  char alias[NAME_MAX_LEN];
  size_t len = go_alias(data, at, alias);
  if (!len)
    return false;
  const char *end = after;
  while (*end && end - after < GUARD_SCAN_MAX)
    end++;
  const char *next_func = find_between(after, end, "\nfunc ");
  end = next_func ? next_func : end;
  for (const char *u = find_between(after, end, alias); u;
       u = find_between(u + len, end, alias)) {
    if ((u > data && (name_char(u[-1]) || u[-1] == '.')) || name_char(u[len]))
      continue;
    if (use(data, u, u + len))
      return true;
  }
  return false;
}

/* A Go read (at: `os.Getenv(`, p: its closing parenthesis) that the code
 * tests or completes with a default, directly or through the variable
 * it is assigned to, up to the next function. A flag compared through
 * strings.EqualFold on the same line is a test too. */
static bool go_optional(const char *data, const char *at, const char *p)
{
  const char *after = *p == ')' ? p + 1 : p;
  if (go_presence_test(p) || go_use_optional(data, at, after))
    return true;
  const char *eol = strchr(at, '\n');
  eol = eol ? eol : at + strlen(at);
  if (find_between(line_start(data, at), eol, "EqualFold("))
    return true;
  const char *wrapped_end = after;
  const char *wrapped = go_unwrap(data, at, &wrapped_end);
  if (wrapped != at && go_presence_test(wrapped_end - 1))
    return true; /* if v := strings.TrimSpace(os.Getenv("X")); v != "" */
  return go_alias_used(data, wrapped, after, go_use_optional);
}

/* At after (past the value): `== ""` opening a block that fails. */
static bool go_fail_guard(const char *data, const char *at, const char *after)
{
  (void)data;
  (void)at;
  const char *p = skip_blanks(after);
  if (strncmp(p, "==", 2) != 0)
    return false;
  p = skip_blanks(p + 2);
  if (p[0] != '"' || p[1] != '"')
    return false;
  for (p += 2; *p && *p != '\n'; p++)
    if (*p == '{')
      return go_block_fails(p);
  return false;
}

/* A Go read the code refuses to run without: `if os.Getenv("X") == "" {
 * log.Fatal(...) }`, directly or through the variable it is assigned to. */
static bool go_enforced(const char *data, const char *at, const char *p)
{
  const char *after = *p == ')' ? p + 1 : p;
  if (go_fail_guard(data, at, after))
    return true;
  const char *wrapped_end = after;
  const char *wrapped = go_unwrap(data, at, &wrapped_end);
  return go_alias_used(data, wrapped, after, go_fail_guard);
}

/* Calls back for each read in data: pass 0 collects the names some read
 * treats as optional, pass 1 reports the others. A variable that the file
 * reads with a fallback or a presence test is optional in the whole file:
 * `if (process.env.X) use(process.env.X)` does not require X. */
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
      size_t n = ident(p, name);
      if (!n)
        continue;
      p += n;
      if (quote) {
        if (*p != quote)
          continue;
        p++;
        /* `os.Getenv("NB_" + flag)`: a prefix, not a variable */
        if (*skip_blanks(p) == '+')
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
        optional = go_optional(data, at, p);
      else
        optional =
            js_fallback(p) || js_presence_test(data, at, p) ||
            (is_js_prefix(pt->prefix) &&
             (js_guarded_block(r, data, at) ||
              js_guarded_ternary(r, data, at) ||
              js_negated_early_return(data, at, p) ||
              js_boolean_parse(data, at) || js_alias_tested(data, at, p) ||
              js_helper_default(data, at, p))) ||
            (strcmp(pt->prefix, "os.environ[") == 0 &&
             python_guarded_block(data, at));
      if (pass == 0 && optional) {
        add_optional(opt, name);
      } else if (pass == 1 && !optional && !has_name(opt, name)) {
        bool enforced =
            strcmp(pt->prefix, "os.environ[") == 0 ||
            (strcmp(pt->prefix, "os.Getenv(") == 0
                 ? go_enforced(data, at, p)
                 : is_js_prefix(pt->prefix) && js_enforced(data, at));
        add_ref(r, name, path, line_of(data, at), false, enforced);
      }
    }
  }
  free(tpl.v);
}

/* Python: `if "X" in os.environ:` tests presence, so X is optional. */
static void python_presence_tests(const char *data, struct optional_names *o)
{
  static const char key[] = "os.environ";
  for (const char *at = strstr(data, key); at;
       at = strstr(at + sizeof(key) - 1, key)) {
    const char *e = skip_blanks_back(data, at);
    if (e == at || e - data < 3 || strncmp(e - 2, "in", 2) != 0)
      continue;
    const char *q = skip_blanks_back(data, e - 2);
    if (q == e - 2 || q == data || (q[-1] != '"' && q[-1] != '\''))
      continue;
    const char *b = q - 1;
    while (b > data && name_char(b[-1]))
      b--;
    size_t len = (size_t)(q - 1 - b);
    if (b == data || b[-1] != q[-1] || len == 0 || len >= NAME_MAX_LEN)
      continue;
    char name[NAME_MAX_LEN];
    if (ident(b, name) == len)
      add_optional(o, name);
  }
}

/* The value after a key, up to the `,` or closing bracket that ends it;
 * true when it is a zod schema (`z.string()...`) marked optional or with a
 * default, or a schema constant of the file that is (aliases). */
static bool zod_optional_value(const char *p,
                               const struct optional_names *aliases)
{
  static const char *const marks[] = {".optional(", ".default(", ".nullish(",
                                      NULL};
  p = skip_space(p);
  char name[NAME_MAX_LEN];
  size_t n = ident(p, name);
  if (n && aliases && has_name(aliases, name))
    return true;
  /* z.string()..., or a schema constant chained on (`domainSchema
   * .optional()`), or a schema the project's helper makes with the mark
   * chained on its result (`stringToBoolean().default(false)`): then only
   * a mark outside the call's parentheses counts */
  bool helper = n && p[n] == '(';
  if (!n || (p[n] != '.' && p[n] != '\n' && p[n] != '\r' && !helper) ||
      strcmp(name, "process") == 0 || strcmp(name, "import") == 0)
    return false;
  const char *start = p;
  bool outer_mark = false;
  int depth = 0;
  for (; *p && p - start < 4096; p++) {
    if (depth == 0 && *p == '.')
      for (size_t i = 0; marks[i]; i++)
        outer_mark |= strncmp(p, marks[i], strlen(marks[i])) == 0;
    if (*p == '(' || *p == '[' || *p == '{')
      depth++;
    else if (*p == ')' || *p == ']' || *p == '}')
      depth--;
    if (depth < 0 || (depth == 0 && *p == ','))
      break;
  }
  if (helper)
    return outer_mark;
  /* a mark that starts inside the value: searched there only, not
   * through the rest of the file once per key (quadratic on a long
   * schema file) */
  for (size_t i = 0; marks[i]; i++) {
    size_t ml = strlen(marks[i]);
    const char *end = p + strnlen(p, ml - 1);
    if (memmem(start, (size_t)(end - start), marks[i], ml))
      return true;
  }
  return false;
}

/* A t3-env / zod schema in the file that reads the variables
 * (`X: z.string().optional(),` next to `runtimeEnv: { X: process.env.X }`)
 * says which of them may be unset. */
static void zod_optional_keys(const char *data, struct optional_names *o)
{
  struct optional_names aliases = {NULL, 0, 0};
  for (int pass = 0; pass < 2; pass++)
    for (const char *line = data; line; line = strchr(line, '\n')) {
      if (*line == '\n')
        line++;
      const char *p = skip_blanks(line);
      char name[NAME_MAX_LEN];
      size_t n;
      if (pass == 0) { /* const zChecks = z.string().optional() */
        if (strncmp(p, "const ", 6) != 0)
          continue;
        p = skip_blanks(p + 6);
        n = ident(p, name);
        const char *eq = n ? skip_blanks(p + n) : p;
        if (n && *eq == '=' && eq[1] != '=' && zod_optional_value(eq + 1, NULL))
          add_optional(&aliases, name);
        continue;
      }
      n = ident(p, name);
      if (n && p[n] == ':' && p[n + 1] != ':' &&
          zod_optional_value(p + n + 1, &aliases))
        add_optional(o, name);
    }
  for (size_t i = 0; i < aliases.n; i++)
    free(aliases.items[i]);
  free(aliases.items);
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
      const char *p = skip_blanks(at + cl);
      char name[NAME_MAX_LEN];
      size_t n = *p == '"' || *p == '\'' ? ident(p + 1, name) : 0;
      if (n && p[1 + n] == *p && !in_comment(data, at))
        note_set(r, name);
    }
  }
}

static void scan_code(struct run *r, const char *path, const char *data)
{
  scan_setters(r, data);
  struct optional_names opt = {NULL, 0, 0};
  python_presence_tests(data, &opt);
  size_t before = opt.n;
  zod_optional_keys(data, &opt);
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
    size_t n = ident(p + 2, name);
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
    bool start = p == text || !name_char(p[-1]);
    if (start && !name_char(p[n]))
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
    if (strncmp(p, name, n) != 0 || name_char(p[n]) ||
        (p > open && name_char(p[-1])))
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
             !name_char(v[strlen(pe) + n]));
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

/* One piece of evidence per example file, listing what it misses: a
 * reviewer reads one incomplete file, not one finding per variable (a
 * hosted edition's dozen billing keys drowned the one a self-hoster
 * needs). */
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

static void verdict(struct run *r)
{
  select_reads(r);
  size_t missing = 0, uncovered = 0;
  struct gap *gaps =
      rc_xcalloc(r->n_ex_paths ? r->n_ex_paths : 1, sizeof(*gaps));
  for (size_t i = 0; i < r->n_ex_paths; i++)
    rc_buf_init(&gaps[i].list);
  struct rc_buf names, compared;
  rc_buf_init(&names);
  rc_buf_init(&compared);
  rc_buf_printf(&compared, "%s", r->n_ex_paths ? r->examples[0] : "");
  if (r->n_ex_paths > 1)
    rc_buf_printf(&compared, " and %zu more", r->n_ex_paths - 1);
  if (r->n_ex_paths && r->n_dev_examples == r->n_ex_paths)
    rc_buf_printf(&compared, "%s for local development only",
                  r->n_ex_paths > 1 ? ", all" : ",");
  if (r->n_refs > 1)
    qsort(r->refs, r->n_refs, sizeof(*r->refs), by_name);
  for (size_t i = 0; i < r->n_refs; i++) {
    const struct ref *f = &r->refs[i];
    if (documented(r, f->name) || schema_optional(r, f) ||
        image_sets(r, f->name) || build_config_sets(r, f->name) ||
        code_sets(r, f->name))
      continue;
    if (!any_example_covers(r, f)) {
      uncovered++;
      continue;
    }
    /* documented or set elsewhere: the evidence says where, for a reader
     * to judge */
    const char *where = named_in(r, &r->cfg->docs, f->name);
    const char *how = "is documented here";
    if (!where && f->compose) {
      where = named_in(r, &r->cfg->pipeline, f->name);
      how = "is set here by the pipeline";
    }
    if (where) {
      rc_check_evidence_mark(r->out, r->ctx, RC_EV_PASS, where, 0,
                             "%s (read at %s:%u) %s, not in the example env "
                             "file",
                             f->name, f->path, f->line, how);
      continue;
    }
    if (missing < 3)
      rc_buf_printf(&names, "%s%s (read at %s:%u)", missing ? ", " : "",
                    f->name, f->path, f->line);
    missing++;
    struct gap *g = r->n_ex_paths ? &gaps[covering_example(r, f)] : NULL;
    if (g && g->n++ == g->listed &&
        g->list.len + strlen(f->name) + 2 <= GAP_NAMES_MAX) {
      rc_buf_printf(&g->list, "%s%s", g->listed ? ", " : "", f->name);
      g->listed++;
    }
  }
  report_gaps(r, gaps);
  for (size_t i = 0; i < r->n_ex_paths; i++)
    rc_buf_release(&gaps[i].list);
  free(gaps);
  if (missing && r->cfg->reads == READS_UNENFORCED)
    rc_check_set(r->out, r->ctx, RC_OUT_FAIL,
                 "%zu of %zu variables read without a default are not "
                 "documented: %s%s; the code runs without them, and whether "
                 "a deployment needs them (a feature switch, a hosted "
                 "edition's setting) it does not say",
                 missing, r->n_refs, names.data, missing > 3 ? ", ..." : "");
  else if (missing)
    rc_check_set(
        r->out, r->ctx, RC_OUT_FAIL,
        "%zu of %zu variables %s are not documented: %s%s", missing, r->n_refs,
        r->cfg->reads == READS_ENFORCED ? "the code fails without" : "read",
        names.data, missing > 3 ? ", ..." : "");
  else if (r->n_errors)
    rc_check_set(r->out, r->ctx, RC_OUT_ERROR, "%zu file(s) could not be read",
                 r->n_errors);
  else if (uncovered && uncovered == r->n_refs)
    rc_check_set(r->out, r->ctx, RC_OUT_SKIP,
                 "not applicable: the %zu variables read are in packages "
                 "with no example env file of their own (%s documents "
                 "another package)",
                 uncovered, compared.data);
  else if (uncovered)
    rc_check_set(r->out, r->ctx, RC_OUT_OK,
                 "all %zu %s are documented; %zu more are "
                 "read in packages whose own example env file is missing "
                 "(%s documents another package)",
                 r->n_refs - uncovered, pass_what(r), uncovered, compared.data);
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
  rc_buf_release(&names);
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
