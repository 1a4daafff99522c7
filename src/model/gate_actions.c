/*
 * gate_actions.c - what a GitHub Action does: the known scanners,
 * linters, test runners and builders by owner/repo prefix; anything else
 * by what its name says.
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

#include "gate_parts.h"

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
        gt_hit(out, actions[i].gates, actions[i].prefix);
      return;
    }
  /* anything else: what its name says, past the owner ("acme/run-tests-
   * action", "org/workflows/.github/workflows/docker-build.yml") */
  const char *slash = strchr(ref, '/');
  rc_gate_of_name(slash ? slash + 1 : ref, out);
  out->fixer = false;
}
