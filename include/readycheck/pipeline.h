/*
 * pipeline.h - what the repository's CI runs, step by step, read the way a
 * reviewer reads a pipeline: each step with its name, `if:`, `uses:`,
 * `with:` and continue-on-error, and the commands it runs - written in the
 * step, or reached through what the step calls: Makefile targets (and
 * their prerequisites), package.json and composer.json scripts, repository
 * scripts, composite actions of the repository, `${{ matrix.x }}` values,
 * `bash -c`, and commands run in a container (`docker compose run app
 * pytest`). Each command is classified as a gate - tests, lint (and type
 * and format checks), audit/scan, build - by what it runs, not by words
 * anywhere in the file.
 *
 * Read: GitHub workflows (and the local reusable workflows they call),
 * GitLab CI with its local `include:` files and `extends:`, CircleCI,
 * Travis (with its per-language default script), Azure, Bitbucket, Drone,
 * Woodpecker, Cloud Build, CodeBuild, Buildkite (with the steps a
 * generator script prints for `buildkite-agent pipeline upload`, and a
 * step judged by its label when its command says nothing), and
 * Jenkinsfiles (as shell text).
 * Filled by rc_entries_scan() (entry.h), the one scan of the repository's
 * automation; bounded in files, bytes, depth and commands.
 */
#ifndef READYCHECK_PIPELINE_H
#define READYCHECK_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/compose.h"

struct rc_arena;
struct rc_index;

/* What a command does for the pipeline's verdict. */
enum rc_gate {
  RC_GATE_TESTS = 1u << 0, /* a test suite */
  RC_GATE_LINT = 1u << 1,  /* lint, type check, format or schema check */
  RC_GATE_SCAN = 1u << 2,  /* dependency audit, image/code/secret scan */
  RC_GATE_BUILD = 1u << 3, /* builds an artifact or image */
};

/* What a command, name or action is, and the word that says so. */
struct rc_gate_hit {
  unsigned gates;   /* RC_GATE_* */
  bool fixer;       /* rewrites files (eslint --fix, prettier --write) */
  bool lifecycle;   /* mvn verify / gradle check: lint when the build
                       configures a linter plugin */
  const char *tool; /* static: what matched ("pytest", "go test") */
  bool by_name;     /* judged by a name only (a script file, a task) */
  bool known;       /* actions: a known action (gate or not), so its step
                       is not judged by its name */
};

/* One simple command a step runs. */
struct rc_ci_cmd {
  const char *text;   /* as written, one line (shortened) */
  struct rc_where at; /* where it is written */
  const char *via;    /* how the step reaches it ("make test", "npm run
                         lint"), NULL when written in the step */
  long parent;        /* the command that runs it (index), -1: the step */
  unsigned gates;     /* by its own words (RC_GATE_*) */
  unsigned gates_all; /* with everything it runs */
  const char *tool;   /* what makes it a gate, or NULL */
  bool masked;        /* its failure is swallowed: `|| true`, `|| :`,
                         `|| echo ...`, `|| exit 0` */
  bool fails;         /* fails on purpose: `exit 1`, `false`, setFailed */
  const char *cwd;    /* the folder it runs in, repo-relative ("" the
                         root; a `cd` to a computed folder is not followed) */
};

struct rc_ci_step {
  struct rc_where at;      /* the step (GitLab: the job) */
  const char *workflow;    /* the CI file it belongs to */
  const char *job;         /* job id or name */
  const char *name;        /* the step's name, or NULL */
  const char *id;          /* GitHub step id, or NULL */
  const char *uses;        /* action or reusable workflow, or NULL */
  const char *cond;        /* `if:`, or NULL */
  const char *const *with; /* `with:` as key, value pairs (scalars) */
  size_t n_with;
  bool soft;               /* continue-on-error / allow_failure: true (or
                              failure: ignore), on the step or its job */
  struct rc_where soft_at; /* where soft is set */
  const char *soft_key;    /* the key that sets it ("allow_failure",
                              "soft_fail"); NULL: continue-on-error */
  bool soft_job;           /* soft only because its whole GitHub Actions job is
                              continue-on-error: the run passes, but the job still
                              shows as failed on the commit and pull request */
  bool after;        /* runs after the job only to report (GitLab after_script,
                        Travis after_success): its failure fails nothing */
  bool gating;       /* its pipeline runs for pushes or pull requests (not
                        only on a schedule, by hand or after another run) */
  bool opaque;       /* what it runs is computed or remote: its name tells */
  bool remote;       /* the job is another repository's configuration (a
                        GitLab remote include, a CircleCI orb's job): only
                        its name is here */
  bool fix_job;      /* its job commits what it changes (autofix) */
  bool reraised;     /* a later step of its job fails the job when this one
                        failed (`if: steps.x.outcome == 'failure'` + exit 1) */
  bool test_cluster; /* runs after its job made a throwaway cluster on the
                        runner (kind, k3d, minikube): what it installs is
                        a test's */
  size_t cmd0, n_cmds; /* its commands in rc_pipeline.cmds, in order */
  unsigned gates;      /* of its commands, its action, or (opaque) name */
  const char *tool;    /* what makes it a gate, or NULL */
};

/* A CI file that could not be read as what it is. */
struct rc_ci_error {
  const char *path;
  const char *message; /* "line:col: what" */
};

struct rc_pipeline {
  struct rc_ci_step *steps;
  size_t n_steps, cap_steps;
  struct rc_ci_cmd *cmds;
  size_t n_cmds, cap_cmds;
  struct rc_ci_error *errors;
  size_t n_errors, cap_errors;
  size_t n_files; /* CI files read */
  bool truncated; /* a bound was reached: some commands are missing */
};

/* Reads the CI file at e (a CI file by its path) into p. Called by the
 * automation scan for each CI file, then rc_pipeline_finish() once. */
struct rc_pipeline_scan;
struct rc_pipeline_scan *rc_pipeline_scan_new(struct rc_pipeline *p,
                                              struct rc_index *idx,
                                              struct rc_arena *a);
void rc_pipeline_scan_file(struct rc_pipeline_scan *s, const char *path,
                           const char *data, size_t len);
/* Links callers and callees (a reusable workflow gates when a gating
 * workflow calls it), finds re-raised soft steps, and frees s. */
void rc_pipeline_finish(struct rc_pipeline_scan *s);
void rc_pipeline_release(struct rc_pipeline *p);

/* True for a CI configuration path: ".github/workflows/x.yml",
 * ".gitlab/x.yml", ".woodpecker/x.yml", ".circleci/config.yml", and
 * ".gitlab-ci.yml", "Jenkinsfile", ".travis.yml", ... at the root (a
 * vendored library's .travis.yml runs nowhere). */
bool rc_pipeline_is_ci(const char *path);
/* A Buildkite pipeline: ".buildkite/pipeline.yml", ".buildkite/pipeline.
 * release.yaml" (other YAML there is plugin or compose configuration). */
bool rc_pipeline_is_buildkite(const char *path);
/* A CI configuration file name (.gitlab-ci.yml, Jenkinsfile, ...) wherever
 * it stands. */
bool rc_pipeline_is_ci_name(const char *name);

/* ---- the vocabulary (gate.c) ------------------------------------------ */

/* The index of the word that is the command proper, after assignments
 * (X=1), wrappers (sudo, env, timeout, npx, poetry run, bundle exec,
 * xvfb-run, ...) and container runners (`docker compose run [opts] svc`,
 * `docker run [opts] image`, `kubectl exec pod --`). n when none. */
size_t rc_gate_command(const char *const *w, size_t n);

/* What the simple command w[0..n) is (w[0] the command proper). */
void rc_gate_of_command(const char *const *w, size_t n,
                        struct rc_gate_hit *out);

/* What a name says: a package script, a make target, a script file, a
 * step or job whose command cannot be read ("test:unit" tests,
 * "lint-fix" a fixer, "run-tests-core.sh" tests, "Upload test results"
 * nothing). */
void rc_gate_of_name(const char *name, struct rc_gate_hit *out);

/* True when a name says its step only reports, sets up or tidies ("Unit
 * test report", "Upload test results"): whatever else it names, it runs
 * no gate. */
bool rc_name_reports_only(const char *name);

/* What a GitHub action or remote reusable workflow is, by its reference
 * ("aquasecurity/trivy-action@v1" scan, "actions/cache@v4" nothing). */
void rc_gate_of_action(const char *uses, struct rc_gate_hit *out);

/* A short name for one gate bit ("tests", "lint", "scan", "build"). */
const char *rc_gate_name(unsigned gate);

#endif
