/*
 * gate_commands.c - what one command gates, judged by its program: the
 * single-purpose tools (pytest, eslint, trivy, goreleaser), formatters
 * (a check with a check flag, a fixer without), Maven and Gradle, the
 * package managers' builtins, and an interpreter running a file; a tool
 * family with subcommands is gate_tools.c's.
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

#include "gate_parts.h"

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

bool gt_checks(const char *const *w, size_t n)
{
  return gt_any_word(w, n, check_flags) || gt_has_prefix_word(w, n, "--check=");
}

bool gt_fixes(const char *const *w, size_t n)
{
  return gt_any_word(w, n, fix_flags) || gt_has_prefix_word(w, n, "--fix=");
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
  if (!gt_in(t, fmts))
    return false;
  bool check = gt_checks(w, n) ||
               /* php-cs-fixer fix --dry-run; rector process --dry-run */
               gt_has_word(w, n, "--dry-run") ||
               (strcmp(t, "dprint") == 0 && gt_has_word(w, n, "check")) ||
               (strcmp(t, "taplo") == 0 && gt_has_word(w, n, "check")) ||
               /* Laravel Pint checks with --test */
               (strcmp(t, "pint") == 0 && gt_has_word(w, n, "--test")) ||
               (strcmp(t, "standard") == 0 && !gt_fixes(w, n));
  if (check)
    gt_hit(out, L, w[0]);
  else
    out->fixer = true;
  return true;
}

/* -DskipTests, -DskipTests=true: the tests are skipped. =false runs them,
 * and a computed value (`-DskipTests=${{ matrix.os == 'windows' }}`)
 * skips them in some variants only: the others run them. */
static bool skips_tests(const char *const *w, size_t n, const char *prop)
{
  size_t m = strlen(prop);
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
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
                    gt_has_word(w, n, "-x") /* gradle -x test */;
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
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
        gt_hit(out, T, "mvn test");
      if (gt_in(g,
                (const char *const[]){"verify", "install", "deploy", NULL})) {
        gt_hit(out, (skip_tests ? 0 : T) | B, "mvn verify");
        out->lifecycle = true;
      }
      if (strcmp(g, "package") == 0)
        gt_hit(out, (skip_tests ? 0 : T) | B, "mvn package");
      if (strstr(g, "checkstyle:") || strstr(g, "spotless:check") ||
          strstr(g, "spotbugs:") || strstr(g, "pmd:") ||
          strstr(g, "javaformat:validate"))
        gt_hit(out, L, g);
      if (strstr(g, "dependency-check") || strstr(g, "sonar:sonar") ||
          strstr(g, "ossindex"))
        gt_hit(out, S, g);
      if (strstr(g, "jib:build") || strstr(g, "spring-boot:build-image"))
        gt_hit(out, B, g);
    } else {
      if (strcmp(task, "test") == 0 || strcmp(task, "integrationTest") == 0)
        gt_hit(out, T, "gradle test");
      if (strcmp(task, "check") == 0) {
        gt_hit(out, skip_tests ? 0 : T, "gradle check");
        out->lifecycle = true;
      }
      if (strcmp(task, "build") == 0) {
        gt_hit(out, (skip_tests ? 0 : T) | B, "gradle build");
        out->lifecycle = true;
      }
      if (gt_in(task, (const char *const[]){
                          "assemble", "bootJar", "jar", "shadowJar", "jib",
                          "jibDockerBuild", "bootBuildImage", "installDist",
                          "distZip", "distTar", NULL}))
        gt_hit(out, B, "gradle assemble");
      if (spotless_check(task) || strstr(task, "checkstyle") ||
          strstr(task, "ktlintCheck") || strcmp(task, "detekt") == 0 ||
          strcmp(task, "lint") == 0 || strstr(task, "pmd"))
        gt_hit(out, L, task);
      if (strstr(task, "dependencyCheck") || strcmp(task, "sonar") == 0 ||
          strcmp(task, "sonarqube") == 0)
        gt_hit(out, S, task);
    }
  }
  return true;
}

/* The word after `audit` (options skipped) is `fix`. */
static bool audit_fix(const char *const *w, size_t n)
{
  size_t i = 1;
  while (i < n && !gt_is_op(w[i]) && strcmp(w[i], "audit") != 0)
    i++;
  for (i++; i < n && !gt_is_op(w[i]); i++)
    if (w[i][0] != '-')
      return strcmp(w[i], "fix") == 0;
  return false;
}

/* npm/yarn/pnpm/bun builtins that gate (scripts are resolved by the
 * pipeline; an unresolved script is judged by its name). */
static bool node_pm(const char *t, const char *const *w, size_t n,
                    struct rc_gate_hit *out)
{
  if (!gt_in(t, (const char *const[]){"npm", "yarn", "pnpm", "bun", NULL}))
    return false;
  const char *s = gt_sub(w, n, 1);
  if (!s)
    return true;
  /* `npm audit fix` (`pnpm audit --fix`) upgrades what it can and
   * rewrites the lockfile: a fixer, not a check */
  if (strcmp(s, "audit") == 0 &&
      (audit_fix(w, n) || gt_has_word(w, n, "--fix")))
    return true;
  if (strcmp(s, "audit") == 0 ||
      (strcmp(s, "npm") == 0 && gt_has_word(w, n, "audit")))
    gt_hit(out, S, "npm audit");
  else if (strcmp(t, "bun") == 0 && strcmp(s, "test") == 0)
    gt_hit(out, T, "bun test");
  return true;
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
      const char *s = tools[i].sub[0] == '-' ? NULL : gt_sub(w, n, 1);
      bool ok = tools[i].sub[0] == '-' ? gt_has_word(w, n, tools[i].sub)
                                       : gt_is(s, tools[i].sub);
      if (!ok)
        continue;
    }
    if (tools[i].gates && gt_fixes(w, n) && (tools[i].gates & L))
      out->fixer = true;
    else if (tools[i].gates)
      gt_hit(out, tools[i].gates, tools[i].shown);
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
  tool_fn *fn = gt_tool_handler(t);
  if (fn)
    fn(t, w, n, out);
}

/* python -m MODULE / python FILE / python -c: the module or file. */
void gt_python_module(const char *const *w, size_t n, struct rc_gate_hit *out)
{
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++) {
    if (strcmp(w[i], "-c") == 0)
      return; /* program text */
    if (strcmp(w[i], "-m") == 0 && i + 1 < n) {
      char t[64];
      gt_tool_name(w[i + 1], t, sizeof(t));
      if (strcmp(t, "build") == 0)
        gt_hit(out, B, "python -m build");
      else
        command_words(t, w + i + 1, n - i - 1, out);
      return;
    }
    if (w[i][0] != '-') {
      char t[64];
      gt_tool_name(w[i], t, sizeof(t));
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
  if (!n || gt_is_op(w[0]))
    return;
  char t[64];
  gt_tool_name(w[0], t, sizeof(t));
  /* interpreters running a file: the file's own name (php vendor/bin/
   * phpunit, node scripts/test.js, ruby bin/rails test) */
  static const char *const interp[] = {"php", "node", "ruby", "perl", "bash",
                                       "sh",  "zsh",  "pwsh", NULL};
  if (gt_in(t, interp) && n > 1 && w[1][0] != '-' && !gt_is_op(w[1])) {
    char f[64];
    gt_tool_name(w[1], f, sizeof(f));
    command_words(f, w + 1, n - 1, out);
    if (!out->gates && !out->fixer && strchr(w[1], '.'))
      rc_gate_of_name(w[1], out);
    return;
  }
  command_words(t, w, n, out);
}
