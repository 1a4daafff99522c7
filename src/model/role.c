/*
 * role.c - the role a path's folders and file name give. Only words that
 * are unambiguous count: a folder named `backup/` holds backup scripts, so
 * only backup *copies* (`app_backup/`, `x.bak`) are stale; `tools/` may
 * deploy, so it says nothing here.
 */
#include "readycheck/role.h"

#include "readycheck/mem.h"
#include "readycheck/path.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Smoke-test stacks (plugins/x/smoke/) and the CI's own folder of service
 * stacks (.ci/docker-compose-file/) are tests' too. */
static const char *const nonprod_dirs[] = {
    "archive", "archived", "archives", "old", "deprecated", "obsolete", "attic",
    "docs", "doc", "documentation", "guide", "guides", "tutorial", "tutorials",
    "example", "examples", "sample", "samples", "demo", "demos", "template",
    "templates", "test", "tests", "testing", "e2e", "__tests__", "spec",
    "fixtures", "fixture", "testdata", "testresources", "test-data",
    "__fixtures__", "__mocks__", "mocks", "mock", "dummy", "dummies", "fake",
    "fakes", "stubs", "cypress", "playwright", "benchmark", "benchmarks",
    "bench", "loadtest", "k6", "load-test", "load-tests", "perf", ".github",
    ".circleci", ".gitlab", "ci", "node_modules", "vendor", "third_party",
    /* vendored sources under their other spellings */
    "third-party", "thirdparty", "3rdparty", "3rd-party", "integration",
    "integration-tests", "integration_tests", "integrationtest",
    "integrationtests", "e2etest", "e2etests", "smoketest", "smoketests",
    "unittest", "unittests", "suites", "testsuite", "testsuites", "test-suite",
    "test-suites", "uffizzi", ".uffizzi", "regtest", "smoke", "smoke-test",
    "smoke-tests", "smoke_test", "smoke_tests", ".ci", "testbed",
    /* acceptance tests' stacks (internal/acceptance/docker-compose.yml) */
    "acceptance",
    /* a proof of concept beside a design document; a trial set-up
       (docker/experiment/: a placeholder backend to try a certificate
       flow) */
    "poc", "experiment", "experiments",
    /* Perl's and Ruby's test folder
       (prove, minitest); fuzzing
       harnesses */
    "t", "fuzz", "fuzzing", NULL};

static const char *const dev_dirs[] = {
    ".devcontainer", "devcontainer", "dev", "devel", "develop", "development",
    "local", "localdev", "sandbox", "playground", "workstation", "devbox",
    "devenv", "devenvs", "gitpod", ".gitpod", "dev-instance", "dev-data",
    "dev_data", "devdata", "dev-db", "dev-env", "dev-setup", "dev-stack",
    "local-dev", ".ddev", ".lando", "devtools",
    /* Go's folder of developer tooling (hack/verify-*.sh, a local proxy) */
    "hack", NULL};

static const char *const nonprod_words[] = {
    "test", "tests", "testing", "e2e", "ci", "example", "sample", "template",
    "tpl", "demo", "bench", "benchmark", "perf", "loadtest", "integration",
    "cypress", "playwright", "archive", "old", "bak", "orig", "mock", "stub",
    "dist", "dummy", "fake", "testbed",
    /* a pull-request preview environment (docker-compose.uffizzi.yml) */
    "uffizzi", NULL};

static const char *const dev_words[] = {
    "dev", "develop", "developer", "development", "local", "locally", "debug",
    "override", "devcontainer", "hotreload", "watch", "gitpod", "tilt",
    /* the toolchain variant beside a runtime image (Dockerfile.devel) */
    "devel", NULL};

static const char *const prod_words[] = {"prod",       "production", "deploy",
                                         "deployment", "release",    "live",
                                         "stack",      "swarm",      NULL};

const char *rc_role_name(enum rc_role r)
{
  switch (r) {
  case RC_ROLE_PRODUCTION:
    return "production";
  case RC_ROLE_DEVELOPMENT:
    return "development";
  case RC_ROLE_NONPROD:
    return "not production";
  default:
    return "unused";
  }
}

static bool in_list(const char *s, size_t n, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == n && strncasecmp(s, list[i], n) == 0)
      return true;
  return false;
}

static bool has_suffix_n(const char *s, size_t n, const char *suf)
{
  size_t m = strlen(suf);
  return n > m && strncasecmp(s + n - m, suf, m) == 0;
}

/* A stale copy of a folder: app_backup, app-backup, app.bak, app.old. */
static bool stale_copy(const char *s, size_t n)
{
  static const char *const sufs[] = {"_backup", "-backup", ".bak",  ".old",
                                     "_old",    "-old",    ".orig", NULL};
  for (size_t i = 0; sufs[i]; i++)
    if (has_suffix_n(s, n, sufs[i]))
      return true;
  return false;
}

/* The last word of a folder name says examples or tests: "push-examples",
 * "api_tests", "k8s-samples", "kafka-testing". */
static bool last_word_in(const char *s, size_t n, const char *const *words)
{
  size_t i = n;
  while (i > 0 && s[i - 1] != '-' && s[i - 1] != '_')
    i--;
  return i > 0 && in_list(s + i, n - i, words);
}

static bool examples_suffix(const char *s, size_t n)
{
  static const char *const words[] = {
      "examples", "example",   "samples", "sample",   "demos", "demo",
      "tests",    "test",      "testing", "fixtures", "guide", "guides",
      "tutorial", "tutorials", "docs",    NULL};
  return last_word_in(s, n, words);
}

/* The last word of a folder name says development: "app_dev",
 * "web-development". Only words that say nothing else: "local" or
 * "sandbox" at the end also name what a deployed service does. */
static bool dev_suffix(const char *s, size_t n)
{
  static const char *const words[] = {"dev", "development", "devcontainer",
                                      "devenv", NULL};
  return last_word_in(s, n, words);
}

/* Calls each word of the file name (split at . - _) until fn says stop. */
static const char *name_word(const char *path, const char *const *list)
{
  const char *slash = strrchr(path, '/');
  const char *p = slash ? slash + 1 : path;
  while (*p) {
    size_t n = strcspn(p, ".-_");
    for (size_t i = 0; n && list[i]; i++)
      if (strlen(list[i]) == n && strncasecmp(p, list[i], n) == 0)
        return list[i];
    p += n;
    if (*p)
      p++;
  }
  return NULL;
}

const char *rc_role_name_word(const char *path, const char *const *list)
{
  return name_word(path, list);
}

bool rc_role_under(const char *path, const char *folder)
{
  size_t n = strlen(folder);
  for (const char *seg = path;;) {
    const char *slash = strchr(seg, '/');
    if (!slash)
      return false;
    if ((size_t)(slash - seg) == n && strncmp(seg, folder, n) == 0)
      return true;
    seg = slash + 1;
  }
}

bool rc_role_name_has(const char *path, const char *word)
{
  const char *list[] = {word, NULL};
  return name_word(path, list) != NULL;
}

bool rc_role_name_is_production(const char *path)
{
  return name_word(path, prod_words) != NULL;
}

bool rc_role_path_says_deploy(const char *path)
{
  static const char *const words[] = {
      "deploy",     "deployment", "deployments", "release",   "releases",
      "prod",       "production", "install",     "installer", "provision",
      "ansible",    "playbook",   "playbooks",   "systemd",   "upgrade",
      "cloud-init", "swarm",      "setup",       NULL};
  size_t n = strlen(path);
  if (n > 8 && strcmp(path + n - 8, ".service") == 0)
    return true;
  char seg[256];
  for (const char *p = path; *p;) {
    size_t len = strcspn(p, "/");
    if (len < sizeof(seg)) {
      memcpy(seg, p, len);
      seg[len] = '\0';
      if (name_word(seg, words))
        return true;
    }
    p += len + (p[len] == '/');
  }
  return false;
}

bool rc_role_in_dev_environment(const char *path)
{
  static const char *const envs[] = {
      ".devcontainer", "devcontainer", "devenv",     "devenvs", "devbox",
      "sandbox",       "workstation",  "playground", "gitpod",  ".gitpod",
      ".ddev",         ".lando",       NULL};
  for (const char *seg = path;;) {
    const char *slash = strchr(seg, '/');
    if (!slash)
      return false;
    if (in_list(seg, (size_t)(slash - seg), envs))
      return true;
    seg = slash + 1;
  }
}

static void say(char *why, size_t whylen, const char *fmt, const char *s, int n)
{
  if (why && whylen)
    snprintf(why, whylen, fmt, n, s);
}

/* Where in the file name the last word of list is (1 for the first word),
 * or 0. */
static size_t last_name_word(const char *path, const char *const *list)
{
  const char *slash = strrchr(path, '/');
  const char *p = slash ? slash + 1 : path;
  size_t at = 0;
  for (size_t k = 1; *p; k++) {
    size_t n = strcspn(p, ".-_");
    for (size_t i = 0; n && list[i]; i++)
      if (strlen(list[i]) == n && strncasecmp(p, list[i], n) == 0)
        at = k;
    p += n;
    if (*p)
      p++;
  }
  return at;
}

/* A name that has a development word too (`compose.local-stack-dev.yml`)
 * is production only for a word that says nothing else: "stack", "swarm"
 * and "live" also name a developer's local stack. And only when no
 * development word follows it: the last word of a compound name is what
 * it is (`compose.local-prod.yml`, the production stack run locally, is
 * production; `compose.self-deploy-dev.yml`, the development variant of
 * the self-deploy stack, is not). "override" says nothing of the kind
 * (`compose.prod.override.yml` overrides the production file). */
static bool name_says_production(const char *path)
{
  static const char *const strong[] = {"prod",       "production", "deploy",
                                       "deployment", "release",    NULL};
  static const char *const after[] = {
      "dev", "devel", "develop", "development", "local", "debug", NULL};
  size_t prod = last_name_word(path, strong);
  return prod && last_name_word(path, after) < prod;
}

/* `nginx/templates/`: the server's own include snippets (and the official
 * nginx image's envsubst templates), not templates for users to copy. */
static bool server_templates(const char *prev, size_t pn, const char *seg,
                             size_t n)
{
  static const char *const servers[] = {"nginx", "apache", "apache2",
                                        "httpd", "caddy",  NULL};
  return prev && n == 9 && strncmp(seg, "templates", 9) == 0 &&
         in_list(prev, pn, servers);
}

enum rc_role rc_role_of_path(const char *path, char *why, size_t whylen)
{
  enum rc_role role = RC_ROLE_PRODUCTION;
  say(why, whylen, "%.*s", "", 0);
  const char *prev = NULL;
  size_t pn = 0;
  for (const char *seg = path;; prev = seg, seg = strchr(seg, '/') + 1) {
    const char *slash = strchr(seg, '/');
    if (!slash)
      break;
    int n = (int)(slash - seg);
    if (prev)
      pn = (size_t)(strchr(prev, '/') - prev);
    if (server_templates(prev, pn, seg, (size_t)n))
      continue;
    /* "demo-setups", "e2e_tests", "examples.k8s", "devcontainer-example":
     * the first word counts */
    size_t first = strcspn(seg, "-_.");
    if (first > (size_t)n || first == 0)
      first = (size_t)n;
    /* ".examples", ".docs": hidden, but the same folder */
    bool hidden =
        n > 1 && seg[0] == '.' && in_list(seg + 1, (size_t)n - 1, nonprod_dirs);
    if (hidden || in_list(seg, (size_t)n, nonprod_dirs) ||
        stale_copy(seg, (size_t)n) ||
        (examples_suffix(seg, (size_t)n) &&
         !(first < (size_t)n && in_list(seg, first, dev_dirs))) ||
        (first < (size_t)n && in_list(seg, first, nonprod_dirs))) {
      say(why, whylen, "under '%.*s/'", seg, n);
      return RC_ROLE_NONPROD;
    }
    if (role == RC_ROLE_PRODUCTION &&
        (in_list(seg, (size_t)n, dev_dirs) || dev_suffix(seg, (size_t)n) ||
         (first < (size_t)n && in_list(seg, first, dev_dirs)))) {
      role = RC_ROLE_DEVELOPMENT;
      say(why, whylen, "under '%.*s/'", seg, n);
    }
  }
  const char *w = name_word(path, nonprod_words);
  if (w) {
    say(why, whylen, "named '%.*s'", w, (int)strlen(w));
    return RC_ROLE_NONPROD;
  }
  w = name_word(path, dev_words);
  if (role == RC_ROLE_PRODUCTION && w && !name_says_production(path)) {
    say(why, whylen, "named '%.*s'", w, (int)strlen(w));
    role = RC_ROLE_DEVELOPMENT;
  }
  return role;
}

/* A folder that holds a project's documentation: the examples in it are
 * examples, but its install guide is the install. */
static bool docs_folder(const char *seg, size_t n)
{
  static const char *const docs[] = {"docs",  "doc",    "documentation",
                                     "guide", "guides", NULL};
  return in_list(seg, n, docs) ||
         (n > 1 && seg[0] == '.' && in_list(seg + 1, n - 1, docs));
}

/* path without its documentation folders. */
static const char *without_docs(struct rc_arena *a, const char *path)
{
  char *kept = rc_arena_alloc(a, strlen(path) + 1), *end = kept;
  for (const char *seg = path; *seg;) {
    size_t n = strcspn(seg, "/");
    if (!seg[n] || !docs_folder(seg, n)) {
      if (end > kept)
        *end++ = '/';
      memcpy(end, seg, n);
      end += n;
    }
    seg += n + (seg[n] == '/');
  }
  *end = '\0';
  return kept;
}

/* The folder holding path is named for installing or deploying
 * (docs/install/kubernetes.md). */
static bool folder_says_deploy(struct rc_arena *a, const char *path)
{
  const char *dir = rc_path_dir(a, path);
  return dir && *dir && rc_role_path_says_deploy(rc_path_base(dir));
}

enum rc_role rc_role_of_document(struct rc_arena *a, const char *path)
{
  /* the guide that removes an install is about the install too */
  static const char *const more[] = {"uninstall", "uninstalling", NULL};
  const char *base = rc_path_base(path);
  if (!rc_role_path_says_deploy(base) && !name_word(base, more) &&
      !folder_says_deploy(a, path))
    return rc_role_of_path(path, NULL, 0);
  return rc_role_of_path(without_docs(a, path), NULL, 0);
}

bool rc_role_docs_only(struct rc_arena *a, const char *path)
{
  return rc_role_of_path(path, NULL, 0) != RC_ROLE_PRODUCTION &&
         rc_role_of_path(without_docs(a, path), NULL, 0) == RC_ROLE_PRODUCTION;
}

enum rc_role rc_role_of_installed(struct rc_arena *a, const char *path,
                                  char *why, size_t whylen)
{
  if (!rc_role_path_says_deploy(path))
    return rc_role_of_path(path, why, whylen);
  return rc_role_of_path(without_docs(a, path), why, whylen);
}
