/*
 * gate_names.c - what a name says: a package script, a make target, a
 * script file, a step or job whose command cannot be read. Its words
 * ("test:unit", "lintFix") say which gate runs, or that the step only
 * reports, sets up or tidies, or rewrites files.
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

#include "gate_parts.h"

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
    if (gt_in(words[i], set))
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
  return (n && gt_in(w[0], verbs)) || word_in(w, n, nouns);
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
    gt_hit(out, T, "tests");
  if (word_in(whole, wl, lint))
    gt_hit(out, L, "lint");
  if (word_in(whole, wl, scan))
    gt_hit(out, S, "scan");
  if (word_in(w, n, lint) || (word_in(w, n, fmt) && checking) ||
      (word_in(w, n, types) && checking))
    gt_hit(out, L, "lint");
  if (word_in(w, n, scan))
    gt_hit(out, S, "scan");
  if (word_in(w, n, build))
    gt_hit(out, B, "build");
  out->by_name = out->gates != 0;
}
