/*
 * gate.c - the vocabulary of CI gates: which commands run tests, linters,
 * scanners and builds. A command is judged by the program it runs and its
 * subcommand (`go test`, `ruff check`, `docker build`), after the wrappers
 * that only start it (`npx`, `poetry run`, `docker compose run app`), so a
 * word inside a name or a message ("test" in a container name, an echo)
 * is never a gate. Names - of package scripts, make targets, script files,
 * and of steps whose command cannot be read - have a vocabulary of their
 * own, with the words that say a step only reports (upload, publish,
 * results) or rewrites files (fix, format).
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

enum {
  T = RC_GATE_TESTS,
  L = RC_GATE_LINT,
  S = RC_GATE_SCAN,
  B = RC_GATE_BUILD
};

const char *rc_gate_name(unsigned gate)
{
  switch (gate) {
  case RC_GATE_TESTS:
    return "tests";
  case RC_GATE_LINT:
    return "lint";
  case RC_GATE_SCAN:
    return "scan";
  case RC_GATE_BUILD:
    return "build";
  default:
    return "gate";
  }
}

static bool in(const char *w, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strcasecmp(w, list[i]) == 0)
      return true;
  return false;
}

static bool is_assignment(const char *w)
{
  if (!isalpha((unsigned char)w[0]) && w[0] != '_')
    return false;
  for (const char *p = w; *p; p++) {
    if (*p == '=')
      return true;
    if (!isalnum((unsigned char)*p) && *p != '_')
      return false;
  }
  return false;
}

static bool is_op(const char *w)
{
  return w[0] == ';' || w[0] == '|' || w[0] == '&' || w[0] == '<' ||
         w[0] == '>';
}

/* The program a word names: its last path segment, lowercased, without
 * a Windows or wrapper suffix ("./gradlew" gradlew, "mvnw.cmd" mvnw). */
static void tool_name(const char *w, char *out, size_t cap)
{
  const char *b = rc_path_base(w);
  size_t n = 0;
  for (; b[n] && n + 1 < cap; n++)
    out[n] = (char)tolower((unsigned char)b[n]);
  out[n] = '\0';
  static const char *const suffixes[] = {".exe", ".cmd", ".bat", NULL};
  for (size_t i = 0; suffixes[i]; i++) {
    size_t m = strlen(suffixes[i]);
    if (n > m && strcmp(out + n - m, suffixes[i]) == 0)
      out[n - m] = '\0';
  }
}

static bool tool_is(const char *w, const char *name)
{
  char t[64];
  tool_name(w, t, sizeof(t));
  return strcmp(t, name) == 0;
}

/* ---- wrappers ----------------------------------------------------------- */

/* Options of `docker run` / `docker compose run` that take a value. */
static bool container_valued(const char *w)
{
  static const char *const opts[] = {"-e",
                                     "--env",
                                     "-v",
                                     "--volume",
                                     "-w",
                                     "--workdir",
                                     "-p",
                                     "--publish",
                                     "--name",
                                     "--network",
                                     "--net",
                                     "-u",
                                     "--user",
                                     "--entrypoint",
                                     "--env-file",
                                     "--mount",
                                     "--platform",
                                     "-l",
                                     "--label",
                                     "--add-host",
                                     "--cpus",
                                     "-m",
                                     "--memory",
                                     "--shm-size",
                                     "--cap-add",
                                     "--cap-drop",
                                     "--ulimit",
                                     "--device",
                                     "--tmpfs",
                                     "--pull",
                                     "--log-driver",
                                     "--security-opt",
                                     "--hostname",
                                     "-h",
                                     "--ipc",
                                     "--pid",
                                     "--gpus",
                                     "--volumes-from",
                                     "--link",
                                     "--dns",
                                     "--restart",
                                     "--stop-signal",
                                     "--cidfile",
                                     "--group-add",
                                     "--memory-swap",
                                     "--expose",
                                     "--health-cmd",
                                     "--label-file",
                                     "--runtime",
                                     "--userns",
                                     "--uts",
                                     "-c",
                                     "--cpu-shares",
                                     "--profile",
                                     "-f",
                                     "--file",
                                     "--project-name",
                                     "--project-directory",
                                     "--ansi",
                                     "--progress",
                                     "--index",
                                     NULL};
  return in(w, opts);
}

/* Skips container options from i; returns the index of the first other
 * word (the image, service or container). */
static size_t skip_container_opts(const char *const *w, size_t n, size_t i)
{
  while (i < n && w[i][0] == '-' && !is_op(w[i])) {
    if (strchr(w[i], '=') == NULL && container_valued(w[i]) && i + 1 < n)
      i += 2;
    else
      i++;
  }
  return i;
}

/* After `docker compose` / `docker-compose` (global options included):
 * `run`/`exec` [opts] SERVICE -> the command; else i (not a wrapper). */
static size_t compose_wrapper(const char *const *w, size_t n, size_t i)
{
  size_t j = skip_container_opts(w, n, i);
  if (j < n && (strcmp(w[j], "run") == 0 || strcmp(w[j], "exec") == 0)) {
    j = skip_container_opts(w, n, j + 1);
    return j + 1 < n ? j + 1 : n;
  }
  return (size_t)-1;
}

static bool engine(const char *w)
{
  return tool_is(w, "docker") || tool_is(w, "podman") || tool_is(w, "nerdctl");
}

/* sudo, env, timeout 10m, npx -y -p pkg, cross-env A=1, xargs -n 1, and
 * shell keywords (then, do, !): w[i] with its own options and values. */
static size_t simple_wrapper(const char *t, const char *const *w, size_t n,
                             size_t i)
{
  static const char *const simple[] = {"sudo",      "env",
                                       "time",      "nice",
                                       "nohup",     "exec",
                                       "command",   "xvfb-run",
                                       "timeout",   "chronic",
                                       "stdbuf",    "unbuffer",
                                       "gosu",      "su-exec",
                                       "nyc",       "c8",
                                       "npx",       "pnpx",
                                       "bunx",      "cross-env",
                                       "dotenv",    "with-contenv",
                                       "retry",     "caffeinate",
                                       "catchsegv", "sfw",
                                       "xargs",     "parallel",
                                       "then",      "do",
                                       "else",      "if",
                                       "elif",      "while",
                                       "until",     "!",
                                       "{",         "(",
                                       "builtin",   NULL};
  if (!in(t, simple))
    return (size_t)-1;
  size_t j = i + 1;
  /* the wrapper's own options and values: sudo -u x, timeout 10m,
   * gosu user, npx -y -p pkg, cross-env A=1 */
  bool takes_arg = strcmp(t, "timeout") == 0 || strcmp(t, "gosu") == 0 ||
                   strcmp(t, "su-exec") == 0;
  while (j < n && !is_op(w[j]) &&
         (w[j][0] == '-' || is_assignment(w[j]) || takes_arg)) {
    bool valued = strcmp(w[j], "-u") == 0 || strcmp(w[j], "-p") == 0 ||
                  strcmp(w[j], "--package") == 0 || strcmp(w[j], "-s") == 0 ||
                  strcmp(w[j], "-e") == 0 || strcmp(w[j], "-k") == 0 ||
                  strcmp(w[j], "--signal") == 0 ||
                  (strcmp(t, "xargs") == 0 &&
                   (strcmp(w[j], "-I") == 0 || strcmp(w[j], "-n") == 0 ||
                    strcmp(w[j], "-P") == 0 || strcmp(w[j], "-d") == 0 ||
                    strcmp(w[j], "-L") == 0 || strcmp(w[j], "-a") == 0 ||
                    strcmp(w[j], "-E") == 0));
    if (takes_arg && w[j][0] != '-' && !is_assignment(w[j])) {
      takes_arg = false;
      j++;
      continue;
    }
    j += valued && j + 1 < n ? 2 : 1;
  }
  if (j < n && strcmp(w[j], "--") == 0)
    j++;
  return j;
}

/* Whether the words at *j are sub ("tool run": two words); *j moves past
 * them. An empty sub matches nothing and always holds. */
static bool sub_words(const char *const *w, size_t n, size_t *j,
                      const char *sub)
{
  size_t k = *j;
  for (const char *p = sub; *p;) {
    size_t len = strcspn(p, " ");
    if (k >= n || strlen(w[k]) != len || strncmp(w[k], p, len) != 0)
      return false;
    k++;
    p += len;
    p += *p == ' ';
  }
  *j = k;
  return true;
}

/* `yarn dlx x`, `pnpm exec x`, `npm exec -- x`, `poetry run x`,
 * `bundle exec x`, `coverage run -m x`, `uv tool run x`, `go tool x` */
static size_t runner_wrapper(const char *t, const char *const *w, size_t n,
                             size_t i)
{
  static const char *const two[][2] = {
      {"yarn", "dlx"},     {"yarn", "exec"},      {"pnpm", "dlx"},
      {"pnpm", "exec"},    {"npm", "exec"},       {"poetry", "run"},
      {"uv", "run"},       {"pipenv", "run"},     {"pdm", "run"},
      {"rye", "run"},      {"hatch", "run"},      {"bundle", "exec"},
      {"coverage", "run"}, {"op", "run"},         {"doppler", "run"},
      {"conda", "run"},    {"micromamba", "run"}, {"mamba", "run"},
      {"pixi", "run"},     {"uvx", ""},           {"pipx", "run"},
      {"uv", "tool run"},  {"go", "tool"}};
  /* `corepack pnpm lint`: corepack starts the package manager the
   * project pins; its own subcommands (enable, prepare) run nothing */
  static const char *const managers[] = {"npm",  "pnpm",    "yarn", "npx",
                                         "pnpx", "yarnpkg", NULL};
  if (strcmp(t, "corepack") == 0 && i + 1 < n && in(w[i + 1], managers))
    return i + 1;
  for (size_t k = 0; k < sizeof(two) / sizeof(two[0]); k++) {
    if (strcmp(t, two[k][0]) != 0)
      continue;
    size_t j = i + 1;
    if (!sub_words(w, n, &j, two[k][1]))
      continue;
    while (j < n && w[j][0] == '-' && !is_op(w[j])) {
      bool valued = strcmp(w[j], "--with") == 0 || strcmp(w[j], "-n") == 0 ||
                    strcmp(w[j], "--name") == 0 || strcmp(w[j], "-e") == 0 ||
                    strcmp(w[j], "--env") == 0 ||
                    strcmp(w[j], "--python") == 0 ||
                    strcmp(w[j], "--group") == 0;
      if (strcmp(w[j], "--") == 0) {
        j++;
        break;
      }
      if (strcmp(w[j], "-m") == 0) /* coverage run -m pytest */
        return j + 1;
      j += valued && j + 1 < n ? 2 : 1;
    }
    return j;
  }
  return (size_t)-1;
}

/* docker run/exec IMAGE CMD, docker compose run SERVICE CMD. */
static size_t container_wrapper(const char *t, const char *const *w, size_t n,
                                size_t i)
{
  bool standalone =
      strcmp(t, "docker-compose") == 0 || strcmp(t, "podman-compose") == 0;
  if (!engine(w[i]) && !standalone)
    return (size_t)-1;
  size_t j = i + 1;
  if (standalone)
    return compose_wrapper(w, n, j);
  if (j < n && strcmp(w[j], "compose") == 0)
    return compose_wrapper(w, n, j + 1);
  if (j < n && strcmp(w[j], "container") == 0)
    j++;
  if (j < n && (strcmp(w[j], "run") == 0 || strcmp(w[j], "exec") == 0)) {
    j = skip_container_opts(w, n, j + 1);
    return j + 1 < n && !is_op(w[j + 1]) ? j + 1 : (size_t)-1;
  }
  return (size_t)-1;
}

/* `nix develop .#ci --command CMD` (or `-c`, or `nix shell PKG`): the
 * flake's development shell only supplies the tools CMD runs with. */
static size_t nix_wrapper(const char *t, const char *const *w, size_t n,
                          size_t i)
{
  if (strcmp(t, "nix") != 0 || i + 1 >= n ||
      (strcmp(w[i + 1], "develop") != 0 && strcmp(w[i + 1], "shell") != 0))
    return (size_t)-1;
  for (size_t j = i + 2; j < n && !is_op(w[j]); j++)
    if (strcmp(w[j], "--command") == 0 || strcmp(w[j], "-c") == 0)
      return j + 1 < n && !is_op(w[j + 1]) ? j + 1 : (size_t)-1;
  return (size_t)-1;
}

/* find ... -exec CMD, kubectl exec POD -- CMD. */
static size_t exec_wrapper(const char *t, const char *const *w, size_t n,
                           size_t i)
{
  if (strcmp(t, "find") == 0)
    for (size_t j = i + 1; j < n && !is_op(w[j]); j++)
      if (strcmp(w[j], "-exec") == 0 || strcmp(w[j], "-execdir") == 0)
        return j + 1 < n ? j + 1 : (size_t)-1;
  if (strcmp(t, "kubectl") == 0 && i + 1 < n && strcmp(w[i + 1], "exec") == 0)
    for (size_t j = i + 2; j < n && !is_op(w[j]); j++)
      if (strcmp(w[j], "--") == 0)
        return j + 1;
  return (size_t)-1;
}

/* One wrapper at w[i]: the index after it, or (size_t)-1 when w[i] is
 * not one. */
/* PowerShell's `$results = Invoke-ScriptAnalyzer ...`: the command is
 * what follows the variable and its `=` (to a shell, `$x = ...` would be a
 * computed command, which says nothing). */
static bool ps_assignment(const char *const *w, size_t n, size_t i)
{
  if (i + 2 >= n || w[i][0] != '$' || !w[i][1] || strcmp(w[i + 1], "=") != 0)
    return false;
  for (const char *p = w[i] + 1; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_')
      return false;
  return true;
}

static size_t unwrap_once(const char *const *w, size_t n, size_t i)
{
  if (is_assignment(w[i]))
    return i + 1;
  if (ps_assignment(w, n, i))
    return i + 2;
  char t[64];
  tool_name(w[i], t, sizeof(t));
  size_t (*const wrappers[])(const char *, const char *const *, size_t,
                             size_t) = {simple_wrapper, runner_wrapper,
                                        container_wrapper, exec_wrapper,
                                        nix_wrapper};
  for (size_t k = 0; k < sizeof(wrappers) / sizeof(wrappers[0]); k++) {
    size_t j = wrappers[k](t, w, n, i);
    if (j != (size_t)-1)
      return j;
  }
  return (size_t)-1;
}

size_t rc_gate_command(const char *const *w, size_t n)
{
  size_t i = 0;
  for (unsigned guard = 0; i < n && guard < 32; guard++) {
    if (is_op(w[i]))
      return n;
    size_t j = unwrap_once(w, n, i);
    if (j == (size_t)-1)
      return i;
    i = j;
  }
  return i < n ? i : n;
}

/* ---- commands ----------------------------------------------------------- */

/* The first word after w[0] that is not an option (a subcommand). */
static const char *sub(const char *const *w, size_t n, size_t from)
{
  for (size_t i = from; i < n && !is_op(w[i]); i++)
    if (w[i][0] != '-')
      return w[i];
  return NULL;
}

static bool has_word(const char *const *w, size_t n, const char *s)
{
  for (size_t i = 1; i < n && !is_op(w[i]); i++)
    if (strcmp(w[i], s) == 0)
      return true;
  return false;
}

static bool has_prefix_word(const char *const *w, size_t n, const char *s)
{
  size_t m = strlen(s);
  for (size_t i = 1; i < n && !is_op(w[i]); i++)
    if (strncmp(w[i], s, m) == 0)
      return true;
  return false;
}

static bool any_word(const char *const *w, size_t n, const char *const *set)
{
  for (size_t i = 1; i < n && !is_op(w[i]); i++)
    if (in(w[i], set))
      return true;
  return false;
}

static void hit(struct rc_gate_hit *out, unsigned gates, const char *tool)
{
  if (!gates)
    return;
  out->gates |= gates;
  if (!out->tool)
    out->tool = tool;
}

/* A program that gates on its own, maybe only with a subcommand. */
struct tool {
  const char *name;
  const char *sub; /* NULL: any; else the first non-option word */
  unsigned gates;
  const char *shown;
};

static const struct tool tools[] = {
    /* tests */
    {"pytest", NULL, T, "pytest"},
    {"py.test", NULL, T, "pytest"},
    {"jest", NULL, T, "jest"},
    {"vitest", NULL, T, "vitest"},
    {"mocha", NULL, T, "mocha"},
    {"ava", NULL, T, "ava"},
    {"jasmine", NULL, T, "jasmine"},
    {"karma", "start", T, "karma"},
    {"playwright", "test", T, "playwright test"},
    {"cypress", "run", T, "cypress run"},
    {"testcafe", NULL, T, "testcafe"},
    {"wdio", NULL, T, "wdio"},
    {"rspec", NULL, T, "rspec"},
    {"phpunit", NULL, T, "phpunit"},
    {"simple-phpunit", NULL, T, "phpunit"},
    {"pest", NULL, T, "pest"},
    {"paratest", NULL, T, "paratest"},
    {"codecept", "run", T, "codecept run"},
    {"behat", NULL, T, "behat"},
    {"gotestsum", NULL, T, "gotestsum"},
    {"ginkgo", NULL, T, "ginkgo"},
    {"ctest", NULL, T, "ctest"},
    {"unittest", NULL, T, "unittest"},
    {"bats", NULL, T, "bats"},
    {"invoke-pester", NULL, T, "Pester"},
    {"newman", "run", T, "newman run"},
    {"robot", NULL, T, "robot"},
    {"busted", NULL, T, "busted"},
    {"prove", NULL, T, "prove"},
    {"tap", NULL, T, "tap"},
    {"ward", NULL, T, "ward"},
    {"hurl", "--test", T, "hurl --test"},
    {"venom", "run", T, "venom run"},
    {"detox", "test", T, "detox test"},
    {"maestro", "test", T, "maestro test"},
    {"chainsaw", "test", T, "chainsaw test"},
    {"kuttl", "test", T, "kuttl test"},
    /* the tests skaffold.yaml declares per artifact (structure tests,
     * custom commands) and its verification containers */
    {"skaffold", "test", T, "skaffold test"},
    {"skaffold", "verify", T, "skaffold verify"},
    /* lint, type and format checks */
    {"eslint", NULL, L, "eslint"},
    {"eslint_d", NULL, L, "eslint"},
    {"tslint", NULL, L, "tslint"},
    {"jshint", NULL, L, "jshint"},
    {"jslint", NULL, L, "jslint"},
    {"oxlint", NULL, L, "oxlint"},
    {"xo", NULL, L, "xo"},
    {"stylelint", NULL, L, "stylelint"},
    {"tsc", NULL, L, "tsc"},
    {"vue-tsc", NULL, L, "vue-tsc"},
    {"svelte-check", NULL, L, "svelte-check"},
    {"flake8", NULL, L, "flake8"},
    {"pylint", NULL, L, "pylint"},
    {"mypy", NULL, L, "mypy"},
    {"dmypy", NULL, L, "mypy"},
    {"pyright", NULL, L, "pyright"},
    {"basedpyright", NULL, L, "pyright"},
    {"pytype", NULL, L, "pytype"},
    {"pyre", NULL, L, "pyre"},
    {"pyflakes", NULL, L, "pyflakes"},
    {"pycodestyle", NULL, L, "pycodestyle"},
    {"pydocstyle", NULL, L, "pydocstyle"},
    {"djlint", NULL, L, "djlint"},
    {"golangci-lint", NULL, L, "golangci-lint"},
    {"staticcheck", NULL, L, "staticcheck"},
    {"revive", NULL, L, "revive"},
    {"errcheck", NULL, L, "errcheck"},
    {"rubocop", NULL, L, "rubocop"},
    {"ameba", NULL, L, "ameba"}, /* Crystal's linter */
    {"pronto", "run", L, "pronto run"},
    {"standardrb", NULL, L, "standardrb"},
    {"erb_lint", NULL, L, "erb_lint"},
    {"erblint", NULL, L, "erb_lint"},
    {"haml-lint", NULL, L, "haml-lint"},
    {"reek", NULL, L, "reek"},
    {"phpstan", NULL, L, "phpstan"},
    {"psalm", NULL, L, "psalm"},
    {"phpcs", NULL, L, "phpcs"},
    {"phpmd", NULL, L, "phpmd"},
    {"phpinsights", NULL, L, "phpinsights"},
    {"shellcheck", NULL, L, "shellcheck"},
    {"invoke-scriptanalyzer", NULL, L, "PSScriptAnalyzer"},
    {"hadolint", NULL, L, "hadolint"},
    {"hlint", NULL, L, "hlint"}, /* Haskell's linter */
    {"markdownlint", NULL, L, "markdownlint"},
    {"markdownlint-cli2", NULL, L, "markdownlint"},
    {"yamllint", NULL, L, "yamllint"},
    {"actionlint", NULL, L, "actionlint"},
    {"kubeconform", NULL, L, "kubeconform"},
    {"kubeval", NULL, L, "kubeval"},
    {"kube-linter", NULL, L, "kube-linter"},
    {"kube-score", NULL, L, "kube-score"},
    {"tflint", NULL, L, "tflint"},
    {"checkstyle", NULL, L, "checkstyle"},
    {"ktlint", NULL, L, "ktlint"},
    {"detekt", NULL, L, "detekt"},
    {"pmd", NULL, L, "pmd"},
    {"clang-tidy", NULL, L, "clang-tidy"},
    {"cppcheck", NULL, L, "cppcheck"},
    {"cpplint", NULL, L, "cpplint"},
    {"swiftlint", NULL, L, "swiftlint"},
    {"super-linter", NULL, L, "super-linter"},
    {"mega-linter-runner", NULL, L, "megalinter"},
    {"editorconfig-checker", NULL, L, "editorconfig-checker"},
    {"ec", NULL, L, "editorconfig-checker"},
    {"codespell", NULL, L, "codespell"},
    {"typos", NULL, L, "typos"},
    {"vale", NULL, L, "vale"},
    {"sqlfluff", "lint", L, "sqlfluff lint"},
    {"dclint", NULL, L, "dclint"},
    {"lefthook", "run", L, "lefthook run"},
    {"commitlint", NULL, 0, NULL},
    /* audits and scanners */
    {"audit-ci", NULL, S, "audit-ci"},
    {"better-npm-audit", NULL, S, "better-npm-audit"},
    {"pip-audit", NULL, S, "pip-audit"},
    {"bundle-audit", NULL, S, "bundle-audit"},
    {"bundler-audit", NULL, S, "bundler-audit"},
    {"brakeman", NULL, S, "brakeman"},
    {"govulncheck", NULL, S, "govulncheck"},
    {"gosec", NULL, S, "gosec"},
    {"trivy", NULL, S, "trivy"},
    {"grype", NULL, S, "grype"},
    {"snyk", NULL, S, "snyk"},
    {"gitleaks", NULL, S, "gitleaks"},
    {"trufflehog", NULL, S, "trufflehog"},
    {"detect-secrets", NULL, S, "detect-secrets"},
    {"ggshield", NULL, S, "ggshield"},
    {"semgrep", NULL, S, "semgrep"},
    {"bandit", NULL, S, "bandit"},
    {"osv-scanner", NULL, S, "osv-scanner"},
    {"dependency-check", NULL, S, "dependency-check"},
    {"dependency-check.sh", NULL, S, "dependency-check"},
    {"checkov", NULL, S, "checkov"},
    {"tfsec", NULL, S, "tfsec"},
    {"kics", NULL, S, "kics"},
    {"terrascan", NULL, S, "terrascan"},
    {"sonar-scanner", NULL, S, "sonar-scanner"},
    {"codeql", "database", S, "codeql"},
    {"nancy", NULL, S, "nancy"},
    {"retire", NULL, S, "retire"},
    {"dockle", NULL, S, "dockle"},
    {"nuclei", NULL, S, "nuclei"},
    {"zap-baseline.py", NULL, S, "zap"},
    {"zap-full-scan.py", NULL, S, "zap"},
    {"zap-api-scan.py", NULL, S, "zap"},
    /* builds */
    {"goreleaser", NULL, B, "goreleaser"},
    {"buildah", "bud", B, "buildah bud"},
    {"buildah", "build", B, "buildah build"},
    {"executor", NULL, B, "kaniko"},
    {"ko", "build", B, "ko build"},
    {"ko", "publish", B, "ko publish"},
    {"ko", "resolve", B, "ko resolve"},
    {"ko", "apply", B, "ko apply"},
    {"webpack", NULL, B, "webpack"},
    {"rollup", NULL, B, "rollup"},
    {"esbuild", NULL, B, "esbuild"},
    {"tsup", NULL, B, "tsup"},
    {"parcel", "build", B, "parcel build"},
    {"next", "build", B, "next build"},
    {"vite", "build", B, "vite build"},
    {"nuxt", "build", B, "nuxt build"},
    {"nuxi", "build", B, "nuxi build"},
    {"nuxi", "generate", B, "nuxi generate"},
    {"ng", "build", B, "ng build"},
    {"react-scripts", "build", B, "react-scripts build"},
    {"vue-cli-service", "build", B, "vue-cli-service build"},
    {"astro", "build", B, "astro build"},
    {"gatsby", "build", B, "gatsby build"},
    {"remix", "build", B, "remix build"},
    {"electron-builder", NULL, B, "electron-builder"},
    {"hugo", NULL, B, "hugo"},
    {"jekyll", "build", B, "jekyll build"},
    {"mkdocs", "build", B, "mkdocs build"},
    {"sphinx-build", NULL, B, "sphinx-build"},
    {"bashbrew", "build", B, "bashbrew build"},
    {"cr", "package", B, "chart-releaser package"},
    {"skaffold", "build", B, "skaffold build"},
    {"skaffold", "run", B, "skaffold run"},
    {"pack", "build", B, "pack build"},
    {"packer", "build", B, "packer build"},
    {"ninja", NULL, B, "ninja"},
    {"msbuild", NULL, B, "msbuild"},
    {"xcodebuild", NULL, B, "xcodebuild"},
    {"wails", "build", B, "wails build"},
    {"vsce", "package", B, "vsce package"},
    {NULL, NULL, 0, NULL},
};

/* Flags that make a formatter or linter check instead of rewrite. */
static const char *const check_flags[] = {"--check",
                                          "-c",
                                          "--check-only",
                                          "--list-different",
                                          "-l",
                                          "--diff",
                                          "-d",
                                          "--dry-run",
                                          "--test",
                                          "--verify-no-changes",
                                          "--ci",
                                          "--check-formatted",
                                          "--error-on-warnings",
                                          "--Werror",
                                          "-n",
                                          NULL};
static const char *const fix_flags[] = {"--fix",
                                        "--write",
                                        "-w",
                                        "-a",
                                        "-A",
                                        "--autocorrect",
                                        "--autocorrect-all",
                                        "--fix-dry-run",
                                        "--apply",
                                        NULL};

static bool checks(const char *const *w, size_t n)
{
  return any_word(w, n, check_flags) || has_prefix_word(w, n, "--check=");
}

static bool fixes(const char *const *w, size_t n)
{
  return any_word(w, n, fix_flags) || has_prefix_word(w, n, "--fix=");
}

/* Formatters: a check with a check flag, a fixer without. */
static bool formatter(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  static const char *const fmts[] = {
      "prettier",     "black",     "isort",       "shfmt",
      "gofmt",        "goimports", "rustfmt",     "clang-format",
      "yapf",         "autopep8",  "ruff-format", "pint",
      "php-cs-fixer", "rector",    "djhtml",      "standard",
      "dprint",       "taplo",     "stylua",      "ormolu",
      "alejandra",    "nixfmt",    NULL};
  if (!in(t, fmts))
    return false;
  bool check = checks(w, n) ||
               /* php-cs-fixer fix --dry-run; rector process --dry-run */
               has_word(w, n, "--dry-run") ||
               (strcmp(t, "dprint") == 0 && has_word(w, n, "check")) ||
               (strcmp(t, "taplo") == 0 && has_word(w, n, "check")) ||
               /* Laravel Pint checks with --test */
               (strcmp(t, "pint") == 0 && has_word(w, n, "--test")) ||
               (strcmp(t, "standard") == 0 && !fixes(w, n));
  if (check)
    hit(out, L, w[0]);
  else
    out->fixer = true;
  return true;
}

static void python_module(const char *const *w, size_t n,
                          struct rc_gate_hit *out);

/* -DskipTests, -DskipTests=true: the tests are skipped. =false runs them,
 * and a computed value (`-DskipTests=${{ matrix.os == 'windows' }}`)
 * skips them in some variants only: the others run them. */
static bool skips_tests(const char *const *w, size_t n, const char *prop)
{
  size_t m = strlen(prop);
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (strncmp(w[i], prop, m) != 0)
      continue;
    const char *v = w[i] + m;
    if (!*v || strcasecmp(v, "=true") == 0 || strcmp(v, "=") == 0)
      return true;
  }
  return false;
}

/* Spotless's check tasks: spotlessCheck, and one per format the build
 * names (spotlessJavaCheck, a custom spotlessBackendCheck). */
static bool spotless_check(const char *task)
{
  size_t n = strlen(task);
  return strncmp(task, "spotless", 8) == 0 && n >= 13 &&
         strcmp(task + n - 5, "Check") == 0;
}

/* Maven and Gradle: tests run in their lifecycle, builds package. */
static bool jvm(const char *t, const char *const *w, size_t n,
                struct rc_gate_hit *out)
{
  bool mvn =
      strcmp(t, "mvn") == 0 || strcmp(t, "mvnw") == 0 || strcmp(t, "mvnd") == 0;
  bool gradle = strcmp(t, "gradle") == 0 || strcmp(t, "gradlew") == 0;
  if (!mvn && !gradle)
    return false;
  bool skip_tests = skips_tests(w, n, "-DskipTests") ||
                    skips_tests(w, n, "-Dmaven.test.skip") ||
                    has_word(w, n, "-x") /* gradle -x test */;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    const char *g = w[i];
    /* `-x test`: the task named next is excluded, not run */
    if (gradle && (strcmp(g, "-x") == 0 || strcmp(g, "--exclude-task") == 0)) {
      i++;
      continue;
    }
    const char *colon = strrchr(g, ':');
    const char *task = gradle && colon ? colon + 1 : g; /* :app:check */
    if (mvn) {
      if (strcmp(g, "test") == 0)
        hit(out, T, "mvn test");
      if (in(g, (const char *const[]){"verify", "install", "deploy", NULL})) {
        hit(out, (skip_tests ? 0 : T) | B, "mvn verify");
        out->lifecycle = true;
      }
      if (strcmp(g, "package") == 0)
        hit(out, (skip_tests ? 0 : T) | B, "mvn package");
      if (strstr(g, "checkstyle:") || strstr(g, "spotless:check") ||
          strstr(g, "spotbugs:") || strstr(g, "pmd:") ||
          strstr(g, "javaformat:validate"))
        hit(out, L, g);
      if (strstr(g, "dependency-check") || strstr(g, "sonar:sonar") ||
          strstr(g, "ossindex"))
        hit(out, S, g);
      if (strstr(g, "jib:build") || strstr(g, "spring-boot:build-image"))
        hit(out, B, g);
    } else {
      if (strcmp(task, "test") == 0 || strcmp(task, "integrationTest") == 0)
        hit(out, T, "gradle test");
      if (strcmp(task, "check") == 0) {
        hit(out, skip_tests ? 0 : T, "gradle check");
        out->lifecycle = true;
      }
      if (strcmp(task, "build") == 0) {
        hit(out, (skip_tests ? 0 : T) | B, "gradle build");
        out->lifecycle = true;
      }
      if (in(task,
             (const char *const[]){"assemble", "bootJar", "jar", "shadowJar",
                                   "jib", "jibDockerBuild", "bootBuildImage",
                                   "installDist", "distZip", "distTar", NULL}))
        hit(out, B, "gradle assemble");
      if (spotless_check(task) || strstr(task, "checkstyle") ||
          strstr(task, "ktlintCheck") || strcmp(task, "detekt") == 0 ||
          strcmp(task, "lint") == 0 || strstr(task, "pmd"))
        hit(out, L, task);
      if (strstr(task, "dependencyCheck") || strcmp(task, "sonar") == 0 ||
          strcmp(task, "sonarqube") == 0)
        hit(out, S, task);
    }
  }
  return true;
}

/* The word after `audit` (options skipped) is `fix`. */
static bool audit_fix(const char *const *w, size_t n)
{
  size_t i = 1;
  while (i < n && !is_op(w[i]) && strcmp(w[i], "audit") != 0)
    i++;
  for (i++; i < n && !is_op(w[i]); i++)
    if (w[i][0] != '-')
      return strcmp(w[i], "fix") == 0;
  return false;
}

/* npm/yarn/pnpm/bun builtins that gate (scripts are resolved by the
 * pipeline; an unresolved script is judged by its name). */
static bool node_pm(const char *t, const char *const *w, size_t n,
                    struct rc_gate_hit *out)
{
  if (!in(t, (const char *const[]){"npm", "yarn", "pnpm", "bun", NULL}))
    return false;
  const char *s = sub(w, n, 1);
  if (!s)
    return true;
  /* `npm audit fix` (`pnpm audit --fix`) upgrades what it can and
   * rewrites the lockfile: a fixer, not a check */
  if (strcmp(s, "audit") == 0 && (audit_fix(w, n) || has_word(w, n, "--fix")))
    return true;
  if (strcmp(s, "audit") == 0 ||
      (strcmp(s, "npm") == 0 && has_word(w, n, "audit")))
    hit(out, S, "npm audit");
  else if (strcmp(t, "bun") == 0 && strcmp(s, "test") == 0)
    hit(out, T, "bun test");
  return true;
}

/* One handler per tool family, looked up by the command's name (git's
 * builtin table). Each sees t, the tool's name, and its words w[0..n). */
typedef void tool_fn(const char *t, const char *const *w, size_t n,
                     struct rc_gate_hit *out);

static bool is(const char *s, const char *want)
{
  return s && strcmp(s, want) == 0;
}

static void go_words(const char *t, const char *const *w, size_t n,
                     struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  /* `go test -c -o /dev/null` compiles the test binary and throws it away
   * (a step that warms the build cache): no test. A binary kept (`-c -o
   * e2e.test`) may run later, and counts. */
  bool compile = false, discarded = false;
  for (size_t i = 2; i < n && !is_op(w[i]); i++) {
    compile = compile || strcmp(w[i], "-c") == 0;
    discarded = discarded || strcmp(w[i], "-o=/dev/null") == 0 ||
                (strcmp(w[i], "-o") == 0 && i + 1 < n &&
                 strcmp(w[i + 1], "/dev/null") == 0);
  }
  bool compile_only = compile && discarded;
  if (is(s, "test"))
    hit(out, compile_only ? 0 : T, "go test");
  else if (is(s, "vet"))
    hit(out, L, "go vet");
  else if (is(s, "build"))
    hit(out, B, "go build");
}

/* cargo's subcommand, after a toolchain selector (`cargo +nightly clippy`,
 * `cargo +${{ steps.toolchain.outputs.name }} fmt`) and options. */
static const char *cargo_sub(const char *const *w, size_t n)
{
  for (size_t i = 1; i < n && !is_op(w[i]); i++)
    if (w[i][0] != '-' && w[i][0] != '+')
      return w[i];
  return NULL;
}

/* Crystal: `crystal spec` tests, `crystal tool format --check` checks the
 * format (without --check it rewrites), `crystal build` builds. */
static void crystal_words(const char *t, const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "spec"))
    hit(out, T, "crystal spec");
  else if (is(s, "tool") && is(sub(w, n, 2), "format") && checks(w, n))
    hit(out, L, "crystal tool format --check");
  else if (is(s, "build"))
    hit(out, B, "crystal build");
}

static void cargo_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  (void)t;
  const char *s = cargo_sub(w, n);
  if (is(s, "test") || is(s, "nextest"))
    hit(out, T, "cargo test");
  else if (is(s, "clippy"))
    hit(out, fixes(w, n) ? 0 : L, "cargo clippy");
  else if (is(s, "fmt") && checks(w, n))
    hit(out, L, "cargo fmt --check");
  else if (is(s, "audit") || is(s, "deny"))
    hit(out, S, "cargo audit");
  else if (is(s, "build"))
    hit(out, B, "cargo build");
  else if (is(s, "tauri") && has_word(w, n, "build"))
    hit(out, B, "tauri build");
}

static void dotnet_words(const char *t, const char *const *w, size_t n,
                         struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "test"))
    hit(out, T, "dotnet test");
  else if (s && in(s, (const char *const[]){"build", "publish", "pack", NULL}))
    hit(out, B, "dotnet build");
  else if (is(s, "format") && checks(w, n))
    hit(out, L, "dotnet format");
}

static void mix_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "test"))
    hit(out, T, "mix test");
  else if ((is(s, "format") && checks(w, n)) || is(s, "credo") ||
           is(s, "dialyzer"))
    hit(out, L, "mix format --check-formatted");
  else if (is(s, "hex.audit") || is(s, "deps.audit") || is(s, "sobelow"))
    hit(out, S, "mix deps.audit");
  else if (is(s, "release") || is(s, "compile"))
    hit(out, B, "mix release");
  else if (is(s, "check"))
    /* ex_check's task (or an alias named for it): by default the
     * compiler, the formatter check, credo and the ExUnit suite */
    hit(out, T | L, "mix check");
  else if (s && s[0] != '-') {
    /* a task or alias named for what it checks: `mix lint.all` (an alias
     * of credo in mix.exs), `mix test.unit` */
    struct rc_gate_hit h;
    rc_gate_of_name(s, &h);
    if (!h.fixer)
      hit(out, h.gates, h.tool);
  }
}

static void rails_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  const char *s = sub(w, n, 1);
  if (s && (strncmp(s, "test", 4) == 0 || strncmp(s, "spec", 4) == 0))
    hit(out, T, "rails test");
  else if (s && strstr(s, "assets:precompile"))
    hit(out, B, "rails assets:precompile");
  else if (strcmp(t, "rake") == 0 && !s)
    hit(out, T, "rake");
  else if (s) {
    /* a task named for what it checks: `rake lint:rb`, `rails rubocop`,
     * `rake bundle:audit` */
    struct rc_gate_hit h;
    rc_gate_of_name(s, &h);
    if (!h.fixer)
      hit(out, h.gates, h.tool);
  }
}

/* Tools whose one subcommand gates: `manage.py test`, `composer audit`. */
static void one_sub_words(const char *t, const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  static const struct {
    const char *tool, *sub, *shown;
    unsigned gates;
  } subs[] = {
      {"manage.py", "test", "manage.py test", T},
      {"artisan", "test", "artisan test", T},
      /* a Flask app's own CLI command (`@app.cli.command() def test()`,
       * which calls pytest): CI fails if the app defines none */
      {"flask", "test", "flask test", T},
      {"composer", "audit", "composer audit", S},
      {"bundle", "audit", "bundle audit", S},
      {"safety", "check", "safety check", S},
      {"safety", "scan", "safety check", S},
      {"setup.py", "test", "setup.py test", T},
      {"setup.py", "pytest", "setup.py test", T},
      {"pip", "wheel", "pip wheel", B},
      {"pip3", "wheel", "pip wheel", B},
  };
  const char *s = sub(w, n, 1);
  for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
    if (strcmp(t, subs[i].tool) == 0 && is(s, subs[i].sub))
      hit(out, subs[i].gates, subs[i].shown);
}

static void ruff_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  bool format = is(sub(w, n, 1), "format");
  if (fixes(w, n) || (format && !checks(w, n)))
    out->fixer = true;
  else
    hit(out, L, "ruff");
}

static void biome_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (!s)
    return;
  if (fixes(w, n) || (is(s, "format") && !checks(w, n)))
    out->fixer = true;
  else if (in(s, (const char *const[]){"check", "lint", "ci", "format", NULL}))
    hit(out, L, "biome");
}

static void deno_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "test"))
    hit(out, T, "deno test");
  else if (is(s, "lint") || is(s, "check") || (is(s, "fmt") && checks(w, n)))
    hit(out, L, "deno lint");
}

static void terraform_words(const char *t, const char *const *w, size_t n,
                            struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "validate") || (is(s, "fmt") && has_prefix_word(w, n, "-check")))
    hit(out, L, "terraform validate");
  else if (is(s, "test"))
    hit(out, T, "terraform test");
}

static void helm_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "lint"))
    hit(out, L, "helm lint");
  else if (is(s, "test") || is(s, "unittest"))
    hit(out, T, "helm test");
  else if (is(s, "package"))
    hit(out, B, "helm package");
  else if (is(s, "template")) /* a chart's build is its rendering */
    hit(out, B, "helm template");
}

static void ct_words(const char *t, const char *const *w, size_t n,
                     struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "lint"))
    hit(out, L, "ct lint");
  else if (is(s, "install") || is(s, "lint-and-install"))
    hit(out, T | L | B, "ct install"); /* packages and installs the charts */
}

static void pre_commit_words(const char *t, const char *const *w, size_t n,
                             struct rc_gate_hit *out)
{
  (void)t;
  if (is(sub(w, n, 1), "run"))
    hit(out, L, "pre-commit run");
}

/* turbo run build: the task names what runs in every package */
static void monorepo_words(const char *t, const char *const *w, size_t n,
                           struct rc_gate_hit *out)
{
  (void)t;
  if (!sub(w, n, 1))
    return;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (w[i][0] == '-' || strcmp(w[i], "run") == 0 ||
        strcmp(w[i], "run-many") == 0 || strcmp(w[i], "affected") == 0)
      continue;
    struct rc_gate_hit h = {0};
    rc_gate_of_name(w[i], &h);
    hit(out, h.gates, h.tool);
  }
}

/* A tox or nox environment named for an interpreter runs the default
 * test environment: `py` (the Python tox runs on), `py3`, `py312`,
 * `pypy3`, `py311-django42` (factors after a dash). */
static bool python_env(const char *e)
{
  if (strncmp(e, "pypy", 4) == 0)
    e += 4;
  else if (strncmp(e, "py", 2) == 0)
    e += 2;
  else
    return false;
  while (isdigit((unsigned char)*e) || *e == '.')
    e++;
  return *e == '\0' || *e == '-';
}

/* tox -e lint,py312 / nox -s tests: the environments' names; none named
 * runs the default list, the tests */
static void tox_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  /* t is the caller's buffer: the hit keeps a name that outlives it */
  const char *tool = strcmp(t, "nox") == 0 ? "nox" : "tox";
  bool named = false;
  for (size_t i = 1; i + 1 < n && !is_op(w[i]); i++) {
    if (strcmp(w[i], "-e") != 0 && strcmp(w[i], "-s") != 0 &&
        strcmp(w[i], "--sessions") != 0 && strcmp(w[i], "--session") != 0)
      continue;
    named = true;
    char envs[256];
    snprintf(envs, sizeof(envs), "%s", w[i + 1]);
    for (char *save = NULL, *tok = strtok_r(envs, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
      struct rc_gate_hit h = {0};
      rc_gate_of_name(tok, &h);
      bool py = python_env(tok);
      hit(out, h.gates ? h.gates : py ? T : 0, tool);
    }
  }
  if (!named)
    hit(out, T, tool);
}

static void node_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  if (has_word(w, n, "--test"))
    hit(out, T, "node --test");
}

/* unresolved make: the targets' names; no target builds */
static void make_words(const char *t, const char *const *w, size_t n,
                       struct rc_gate_hit *out)
{
  (void)t;
  bool any = false;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (w[i][0] == '-' || strchr(w[i], '=')) {
      if (strcmp(w[i], "-C") == 0 || strcmp(w[i], "-f") == 0 ||
          strcmp(w[i], "-j") == 0)
        i++;
      continue;
    }
    struct rc_gate_hit h = {0};
    rc_gate_of_name(w[i], &h);
    if (!h.gates && strcmp(w[i], "check") == 0)
      h.gates = T, h.tool = "make check";
    hit(out, h.gates, h.tool);
    any = true;
  }
  if (!any)
    hit(out, B, "make");
}

/* Task runners whose arguments are task names, like make's: `npx grunt
 * lint`, `gulp test`, `task lint` (go-task), `just test`, `mage lint`,
 * `inv test` (Python's invoke). */
static void task_runner_words(const char *t, const char *const *w, size_t n,
                              struct rc_gate_hit *out)
{
  (void)t;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (w[i][0] == '-' || strchr(w[i], '='))
      continue;
    struct rc_gate_hit h = {0};
    rc_gate_of_name(w[i], &h);
    hit(out, h.gates, h.tool);
  }
}

/* earthly +test / earthly ./svc+lint: each target named after its `+`
 * says what it gates, as a task runner's names do; a target that says
 * nothing builds (an image, an artifact). */
static void earthly_words(const char *t, const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  (void)t;
  unsigned before = out->gates;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    const char *plus = w[i][0] == '-' ? NULL : strrchr(w[i], '+');
    if (!plus || !plus[1])
      continue;
    struct rc_gate_hit h = {0};
    rc_gate_of_name(plus + 1, &h);
    hit(out, h.gates, h.tool);
  }
  if (out->gates == before)
    hit(out, B, "earthly");
}

/* dagger call test / dagger -m ./ci call lint: the module function named
 * says what it gates; `dagger run CMD` runs CMD with an engine at hand. */
static void dagger_words(const char *t, const char *const *w, size_t n,
                         struct rc_gate_hit *out)
{
  (void)t;
  static const char *const valued[] = {"-m", "--mod",    "--progress",
                                       "-o", "--output", NULL};
  bool called = false;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (in(w[i], valued)) {
      i++;
      continue;
    }
    if (w[i][0] == '-')
      continue;
    if (!called && strcmp(w[i], "run") == 0) {
      if (i + 1 < n)
        rc_gate_of_command(w + i + 1, n - i - 1, out);
      return;
    }
    if (!called && (strcmp(w[i], "call") == 0 || strcmp(w[i], "do") == 0)) {
      called = true;
      continue;
    }
    if (called) {
      struct rc_gate_hit h = {0};
      rc_gate_of_name(w[i], &h);
      hit(out, h.gates, h.tool);
      return;
    }
  }
}

static void cmake_words(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  (void)t;
  if (has_word(w, n, "--build"))
    hit(out, B, "cmake --build");
}

/* Build tools whose subcommands share names: bazel test, sbt assembly. */
static void build_tool_words(const char *t, const char *const *w, size_t n,
                             struct rc_gate_hit *out)
{
  (void)t;
  const char *s = sub(w, n, 1);
  if (is(s, "test") || is(s, "check"))
    hit(out, T, "test");
  else if (s && in(s, (const char *const[]){"build", "package", "assembly",
                                            "uberjar", "compile", NULL}))
    hit(out, B, "build");
  else if (is(s, "lint"))
    hit(out, L, "lint");
}

/* sbt runs every task it is given, in turn (`sbt scalafmtCheckAll test
 * doc`, `sbt core/test`): each says what it gates. */
static void sbt_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  (void)t;
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    const char *task = strrchr(w[i], '/') ? strrchr(w[i], '/') + 1 : w[i];
    if (w[i][0] == '-' || w[i][0] == '+')
      continue;
    if (is(task, "test") || is(task, "check") || is(task, "it:test"))
      hit(out, T, "test");
    else if (strncmp(task, "scalafmtCheck", 13) == 0 ||
             strncmp(task, "scalafmtSbtCheck", 16) == 0 ||
             strncmp(task, "scalastyle", 10) == 0 || is(task, "lint"))
      hit(out, L, task);
    else if (in(task, (const char *const[]){"package", "assembly", "compile",
                                            "executable", "dist", NULL}))
      hit(out, B, "build");
  }
}

/* `nix flake check` runs every check of the flake; `nix build
 * .#checks.x86_64-linux.golangci-lint` runs one, named after what it
 * checks. */
static void nix_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  const char *s = sub(w, n, 1);
  if (is(s, "flake") && is(sub(w, n, 2), "check")) {
    hit(out, T, "nix flake check");
    return;
  }
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    const char *c = strstr(w[i], "#checks.");
    if (!c)
      continue;
    const char *name = strrchr(c, '.') + 1;
    rc_gate_of_name(name, out);
    if (!out->gates)
      hit(out, T, "nix check");
    return;
  }
  build_tool_words(t, w, n, out);
}

static void python_words(const char *t, const char *const *w, size_t n,
                         struct rc_gate_hit *out)
{
  (void)t;
  python_module(w, n, out);
}

static void python_build_words(const char *t, const char *const *w, size_t n,
                               struct rc_gate_hit *out)
{
  if (is(sub(w, n, 1), "build"))
    hit(out, B, "python build");
  /* hatch test and rye test run the project's pytest suite */
  else if (is(sub(w, n, 1), "test") &&
           (strcmp(t, "hatch") == 0 || strcmp(t, "rye") == 0))
    hit(out, T, strcmp(t, "hatch") == 0 ? "hatch test" : "rye test");
}

static void php_words(const char *t, const char *const *w, size_t n,
                      struct rc_gate_hit *out)
{
  (void)t;
  if (has_word(w, n, "-l"))
    hit(out, L, "php -l");
}

static void container_words(const char *t, const char *const *w, size_t n,
                            struct rc_gate_hit *out)
{
  const char *s = sub(w, n, 1);
  bool standalone = strstr(t, "compose") != NULL; /* docker-compose */
  bool compose = standalone || is(s, "compose");
  size_t j = skip_container_opts(w, n, compose && !standalone ? 2 : 1);
  const char *c = j < n ? w[j] : NULL;
  if (!c)
    return;
  if (compose && (strcmp(c, "build") == 0 ||
                  (strcmp(c, "up") == 0 && has_word(w, n, "--build"))))
    hit(out, B, "docker compose build");
  else if (!compose &&
           (strcmp(c, "build") == 0 ||
            ((strcmp(c, "buildx") == 0 || strcmp(c, "image") == 0) &&
             (has_word(w, n, "build") || has_word(w, n, "bake")))))
    hit(out, B, "docker build");
  else if (!compose && strcmp(c, "scout") == 0)
    hit(out, S, "docker scout");
}

static const struct {
  const char *const *names;
  tool_fn *fn;
} tool_table[] = {
    {(const char *const[]){"go", NULL}, go_words},
    {(const char *const[]){"crystal", NULL}, crystal_words},
    {(const char *const[]){"cargo", NULL}, cargo_words},
    {(const char *const[]){"dotnet", NULL}, dotnet_words},
    {(const char *const[]){"mix", NULL}, mix_words},
    {(const char *const[]){"rails", "rake", NULL}, rails_words},
    {(const char *const[]){"manage.py", "artisan", "composer", "bundle",
                           "safety", "setup.py", "pip", "pip3", "flask", NULL},
     one_sub_words},
    {(const char *const[]){"ruff", NULL}, ruff_words},
    {(const char *const[]){"biome", NULL}, biome_words},
    {(const char *const[]){"deno", NULL}, deno_words},
    {(const char *const[]){"terraform", "tofu", NULL}, terraform_words},
    {(const char *const[]){"helm", NULL}, helm_words},
    {(const char *const[]){"ct", NULL}, ct_words},
    {(const char *const[]){"pre-commit", "prek", NULL}, pre_commit_words},
    {(const char *const[]){"turbo", "nx", "lerna", NULL}, monorepo_words},
    {(const char *const[]){"tox", "nox", NULL}, tox_words},
    {(const char *const[]){"node", NULL}, node_words},
    {(const char *const[]){"make", "gmake", NULL}, make_words},
    {(const char *const[]){"grunt", "gulp", "task", "go-task", "just", "mage",
                           "jake", "inv", "invoke", NULL},
     task_runner_words},
    {(const char *const[]){"cmake", NULL}, cmake_words},
    {(const char *const[]){"earthly", NULL}, earthly_words},
    {(const char *const[]){"dagger", NULL}, dagger_words},
    {(const char *const[]){"sbt", NULL}, sbt_words},
    {(const char *const[]){"bazel", "bazelisk", "buck", "buck2", "pants",
                           "lein", "stack", "cabal", "zig", "meson", "swift",
                           "flutter", NULL},
     build_tool_words},
    {(const char *const[]){"nix", NULL}, nix_words},
    {(const char *const[]){"python", "python3", "py", NULL}, python_words},
    {(const char *const[]){"poetry", "uv", "hatch", "pdm", "flit", "rye", NULL},
     python_build_words},
    {(const char *const[]){"php", NULL}, php_words},
    {(const char *const[]){"docker", "podman", "nerdctl", "docker-compose",
                           "podman-compose", NULL},
     container_words},
};

static tool_fn *tool_handler(const char *t)
{
  for (size_t i = 0; i < sizeof(tool_table) / sizeof(tool_table[0]); i++)
    if (in(t, tool_table[i].names))
      return tool_table[i].fn;
  if (strncmp(t, "python3.", 8) == 0)
    return python_words;
  return NULL;
}

/* Single-purpose tools of the `tools` table gate alone (a subcommand or
 * flag may be required); true when t is one of them. */
static bool listed_tool(const char *t, const char *const *w, size_t n,
                        struct rc_gate_hit *out)
{
  for (size_t i = 0; tools[i].name; i++) {
    if (strcmp(t, tools[i].name) != 0)
      continue;
    if (tools[i].sub) {
      const char *s = tools[i].sub[0] == '-' ? NULL : sub(w, n, 1);
      bool ok = tools[i].sub[0] == '-' ? has_word(w, n, tools[i].sub)
                                       : is(s, tools[i].sub);
      if (!ok)
        continue;
    }
    if (tools[i].gates && fixes(w, n) && (tools[i].gates & L))
      out->fixer = true;
    else if (tools[i].gates)
      hit(out, tools[i].gates, tools[i].shown);
    return true;
  }
  return false;
}

static void command_words(const char *t, const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  if (listed_tool(t, w, n, out) || formatter(t, w, n, out) ||
      jvm(t, w, n, out) || node_pm(t, w, n, out))
    return;
  tool_fn *fn = tool_handler(t);
  if (fn)
    fn(t, w, n, out);
}

/* python -m MODULE / python FILE / python -c: the module or file. */
static void python_module(const char *const *w, size_t n,
                          struct rc_gate_hit *out)
{
  for (size_t i = 1; i < n && !is_op(w[i]); i++) {
    if (strcmp(w[i], "-c") == 0)
      return; /* program text */
    if (strcmp(w[i], "-m") == 0 && i + 1 < n) {
      char t[64];
      tool_name(w[i + 1], t, sizeof(t));
      if (strcmp(t, "build") == 0)
        hit(out, B, "python -m build");
      else
        command_words(t, w + i + 1, n - i - 1, out);
      return;
    }
    if (w[i][0] != '-') {
      char t[64];
      tool_name(w[i], t, sizeof(t));
      command_words(t, w + i, n - i, out);
      if (!out->gates && !out->fixer && strstr(w[i], ".py"))
        rc_gate_of_name(w[i], out);
      return;
    }
  }
}

void rc_gate_of_command(const char *const *w, size_t n, struct rc_gate_hit *out)
{
  memset(out, 0, sizeof(*out));
  if (!n || is_op(w[0]))
    return;
  char t[64];
  tool_name(w[0], t, sizeof(t));
  /* interpreters running a file: the file's own name (php vendor/bin/
   * phpunit, node scripts/test.js, ruby bin/rails test) */
  static const char *const interp[] = {"php", "node", "ruby", "perl", "bash",
                                       "sh",  "zsh",  "pwsh", NULL};
  if (in(t, interp) && n > 1 && w[1][0] != '-' && !is_op(w[1])) {
    char f[64];
    tool_name(w[1], f, sizeof(f));
    command_words(f, w + 1, n - 1, out);
    if (!out->gates && !out->fixer && strchr(w[1], '.'))
      rc_gate_of_name(w[1], out);
    return;
  }
  command_words(t, w, n, out);
}

/* ---- names -------------------------------------------------------------- */

/* Splits a name into lowercase words at non-alphanumerics and camelCase
 * humps ("test:unit", "lintFix", "run-tests-core.sh"). */
static size_t name_words(const char *name, char words[][32], size_t max)
{
  size_t n = 0, len = 0;
  for (const char *p = name;; p++) {
    bool alnum = *p && isalnum((unsigned char)*p);
    bool hump = alnum && len && isupper((unsigned char)*p) &&
                islower((unsigned char)p[-1]);
    if ((!alnum || hump) && len) {
      words[n][len] = '\0';
      if (++n == max)
        return n;
      len = 0;
    }
    if (!*p)
      break;
    if (alnum && len + 1 < 32)
      words[n][len++] = (char)tolower((unsigned char)*p);
  }
  return n;
}

static bool word_in(char words[][32], size_t n, const char *const *set)
{
  for (size_t i = 0; i < n; i++)
    if (in(words[i], set))
      return true;
  return false;
}

/* A step that only reports, sets up or tidies runs no gate: its verb
 * comes first ("Upload test results", "Set up Docker Buildx"), or the
 * name says it handles results ("test-results", "coverage-report",
 * "junit-test-reporter"). */
static bool reports_only(char w[][32], size_t n)
{
  static const char *const verbs[] = {
      "upload",   "push",    "publish", "setup",     "set",       "install",
      "download", "prepare", "deploy",  "login",     "notify",    "comment",
      "label",    "cache",   "restore", "save",      "bump",      "clean",
      "generate", "sync",    "print",   "show",      "list",      "wait",
      "dump",     "collect", "archive", "checkout",  "configure", "create",
      "delete",   "update",  "fetch",   "pull",      "tag",       "sign",
      "attest",   "send",    "post",    "report",    "watch",     "serve",
      "start",    "stop",    "preview", "debug",     "greet",     "welcome",
      "triage",   "stale",   "get",     "read",      "write",     "merge",
      "approve",  "close",   "open",    "add",       "remove",    "copy",
      "move",     "detect",  "compare", "summarize", "analyze",   NULL};
  static const char *const nouns[] = {
      "results",      "result",        "report",    "reports",   "summary",
      "badge",        "artifact",      "artifacts", "changelog", "readme",
      "notification", "notifications", "reporter",  "reporters", NULL};
  return (n && in(w[0], verbs)) || word_in(w, n, nouns);
}

bool rc_name_reports_only(const char *name)
{
  char w[24][32];
  return name && reports_only(w, name_words(name, w, 24));
}

void rc_gate_of_name(const char *name, struct rc_gate_hit *out)
{
  memset(out, 0, sizeof(*out));
  if (!name)
    return;
  char w[24][32];
  size_t n = name_words(name, w, 24);
  if (reports_only(w, n))
    return;
  static const char *const fix[] = {"fix",        "autofix",  "write",
                                    "prettify",   "beautify", "autocorrect",
                                    "autoformat", NULL};
  static const char *const check[] = {"check", "verify", "validate", "diff",
                                      "lint",  "ci",     NULL};
  static const char *const fmt[] = {"format",   "fmt",   "formatting", "style",
                                    "prettier", "black", "gofmt",      NULL};
  static const char *const tests[] = {
      "test",       "tests",      "testing",   "spec",        "specs",
      "e2e",        "unittest",   "unittests", "integration", "smoke",
      "acceptance", "pytest",     "jest",      "vitest",      "rspec",
      "phpunit",    "playwright", "cypress",   "mocha",       "karma",
      "tox",        "nox",        "bats",      "coverage",    NULL};
  static const char *const lint[] = {
      "lint",       "lints",        "linter",      "linters",    "linting",
      "eslint",     "stylelint",    "typecheck",   "typechecks", "tsc",
      "vet",        "mypy",         "pyright",     "ruff",       "flake8",
      "pylint",     "rubocop",      "phpstan",     "psalm",      "clippy",
      "shellcheck", "hadolint",     "hlint",       "golangci",   "staticcheck",
      "biome",      "markdownlint", "yamllint",    "actionlint", "checkstyle",
      "spotless",   "ktlint",       "detekt",      "validate",   "validation",
      "precommit",  "prek",         "kubeconform", "kubeval",    NULL};
  static const char *const types[] = {"type", "types", "typing", NULL};
  static const char *const scan[] = {
      "audit",       "scan",  "scanner",       "security",
      "vuln",        "vulns", "vulnerability", "vulnerabilities",
      "snyk",        "trivy", "codeql",        "gitleaks",
      "trufflehog",  "sast",  "grype",         "semgrep",
      "govulncheck", NULL};
  static const char *const build[] = {
      "build",    "builds",     "compile", "bundle", "dist",
      "assemble", "goreleaser", "bake",    "buildx", NULL};
  bool checking = word_in(w, n, check);
  if (word_in(w, n, fix) || (word_in(w, n, fmt) && !checking)) {
    out->fixer = true;
    out->tool = "fix";
    return;
  }
  /* "ShellCheck", "CodeQL": the words joined are one tool's name */
  char whole[1][32];
  size_t wl = 0;
  whole[0][0] = '\0';
  for (size_t i = 0; i < n && strlen(whole[0]) + strlen(w[i]) < 31; i++)
    strcat(whole[0], w[i]);
  wl = n > 1 ? 1 : 0;
  if (word_in(w, n, tests) || word_in(whole, wl, tests))
    hit(out, T, "tests");
  if (word_in(whole, wl, lint))
    hit(out, L, "lint");
  if (word_in(whole, wl, scan))
    hit(out, S, "scan");
  if (word_in(w, n, lint) || (word_in(w, n, fmt) && checking) ||
      (word_in(w, n, types) && checking))
    hit(out, L, "lint");
  if (word_in(w, n, scan))
    hit(out, S, "scan");
  if (word_in(w, n, build))
    hit(out, B, "build");
  out->by_name = out->gates != 0;
}

/* ---- actions ------------------------------------------------------------ */

struct action {
  const char *prefix; /* owner/repo[/path], lowercase */
  unsigned gates;
};

static const struct action actions[] = {
    {"github/codeql-action/upload-sarif", 0},
    {"github/codeql-action/init", 0},
    {"github/codeql-action/autobuild", 0},
    {"github/codeql-action", S},
    {"aquasecurity/trivy-action", S},
    {"aquasecurity/setup-trivy", 0},
    {"aquasecurity/tfsec", S},
    {"snyk/actions", S},
    {"anchore/scan-action", S},
    {"anchore/sbom-action", 0},
    {"gitleaks/gitleaks-action", S},
    {"zricethezav/gitleaks-action", S},
    {"trufflesecurity/trufflehog", S},
    {"actions/dependency-review-action", S},
    /* reports the repository's Dependabot vulnerability alerts */
    {"kunalnagarco/action-cve", S},
    {"ossf/scorecard-action", S},
    {"returntocorp/semgrep-action", S},
    {"semgrep/semgrep-action", S},
    {"sonarsource/", S},
    {"zaproxy/", S},
    {"docker/scout-action", S},
    {"google/osv-scanner-action", S},
    {"pypa/gh-action-pip-audit", S},
    {"golang/govulncheck-action", S},
    {"securego/gosec", S},
    {"checkmarx/", S},
    {"bridgecrewio/checkov-action", S},
    {"rustsec/audit-check", S},
    {"actions-rs/audit-check", S},
    {"microsoft/security-devops-action", S},
    {"erzz/dockle-action", S},
    {"goodwithtech/dockle-action", S},
    {"azure/container-scan", S},
    {"crazy-max/ghaction-container-scan", S},
    {"golangci/golangci-lint-action", L},
    {"github/super-linter", L},
    {"super-linter/super-linter", L},
    {"oxsecurity/megalinter", L},
    {"megalinter/megalinter", L},
    {"reviewdog/", L},
    {"pre-commit/action", L},
    {"j178/prek-action", L},
    {"pre-commit-ci/lite-action", 0},
    {"ludeeus/action-shellcheck", L},
    {"hadolint/hadolint-action", L},
    {"wearerequired/lint-action", L},
    {"davidanson/markdownlint-cli2-action", L},
    {"nosborn/github-action-markdown-cli", L},
    {"ibiqlik/action-yamllint", L},
    {"karancode/yamllint-github-action", L},
    {"astral-sh/ruff-action", L},
    {"chartboost/ruff-action", L},
    {"psf/black", L},
    {"rhysd/actionlint", L},
    {"raven-actions/actionlint", L},
    {"dominikh/staticcheck-action", L},
    {"actions-rs/clippy-check", L},
    {"php-actions/phpstan", L},
    {"php-actions/phpunit", T},
    {"cypress-io/github-action", T},
    {"docker/build-push-action", B},
    {"docker/bake-action", B},
    {"redhat-actions/buildah-build", B},
    {"goreleaser/goreleaser-action", B},
    {"helm/chart-releaser-action", B},
    {"mr-smithers-excellent/docker-build-push", B},
    {"elgohr/publish-docker-github-action", B},
    {"tauri-apps/tauri-action", B},
    {"actions/jekyll-build-pages", B},
    {"helm/chart-testing-action", 0},
    {"helm/kind-action", 0},
    {"codecov/", 0},
    {"coverallsapp/", 0},
    {"actions/", 0},
    {"docker/setup-", 0},
    {"docker/login-action", 0},
    {"docker/metadata-action", 0},
    {"autofix-ci/", 0},
    {NULL, 0},
};

void rc_gate_of_action(const char *uses, struct rc_gate_hit *out)
{
  memset(out, 0, sizeof(*out));
  if (!uses)
    return;
  char ref[256];
  size_t n = strcspn(uses, "@");
  if (n >= sizeof(ref))
    n = sizeof(ref) - 1;
  for (size_t i = 0; i < n; i++)
    ref[i] = (char)tolower((unsigned char)uses[i]);
  ref[n] = '\0';
  for (size_t i = 0; actions[i].prefix; i++)
    if (strncmp(ref, actions[i].prefix, strlen(actions[i].prefix)) == 0) {
      out->known = true;
      if (actions[i].gates)
        hit(out, actions[i].gates, actions[i].prefix);
      return;
    }
  /* anything else: what its name says, past the owner ("acme/run-tests-
   * action", "org/workflows/.github/workflows/docker-build.yml") */
  const char *slash = strchr(ref, '/');
  rc_gate_of_name(slash ? slash + 1 : ref, out);
  out->fixer = false;
}
