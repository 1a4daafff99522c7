/*
 * pipeline_scan.h - internal to src/model: the state the CI-pipeline
 * passes (pipeline*.c) share while they scan one repository, and the
 * functions they call in each other, named pl_ (pipeline).
 */
#ifndef READYCHECK_MODEL_PIPELINE_SCAN_H
#define READYCHECK_MODEL_PIPELINE_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/pipeline.h"
#include "readycheck/doc.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/vars.h"

enum {
  MAX_CMDS = 40000,       /* commands kept per repository */
  MAX_DEPTH = 8,          /* calls followed from a step */
  MAX_SCRIPT = 256 << 10, /* bytes of a script or Makefile read */
  MAX_TEXT = 200,         /* bytes of a command's text kept */
  MAX_VARIANTS = 16,      /* distinct texts of a step over its matrix rows */
  MAX_ROWS = 32,          /* matrix rows of a job made */
  MAX_PACKAGES = 64,      /* package.json files a workspace run reaches */
  MAX_INCLUDES = 32,      /* GitLab include: files per pipeline */
};

/* ---- the scan's state --------------------------------------------------- */

struct mk_line {
  const char *text;
  unsigned line;
};

struct mk_target {
  const char *name;
  unsigned line;
  const char **pre;
  size_t n_pre;
  struct mk_line *recipe;
  size_t n_recipe, cap_recipe;
};

/* A Makefile or justfile, parsed once. */
struct makefile {
  const char *path;
  const char *dir;
  bool just;
  struct mk_target **t; /* each its own allocation */
  size_t n, cap;
  struct rc_vars vars;
};

/* A package.json or composer.json, parsed once. */
struct manifest {
  const char *path;
  const char *dir;
  const char *data;
  struct rc_docs docs;
  bool ok;
};

/* A local reusable workflow called by a job of another workflow. */
struct call {
  const char *caller;
  const char *callee;
  bool gating; /* the caller's own triggers gate */
};

/* A GitHub workflow, by its `name:`: whether its own triggers gate, and
 * the workflows (by name) whose completion triggers it (`on:
 * workflow_run:`). */
struct workflow {
  const char *path, *name;
  bool gating;
  const char **after; /* upstream workflow names */
  size_t n_after;
};

struct rc_pipeline_scan {
  struct rc_pipeline *p;
  struct rc_index *idx;
  struct rc_arena *a;
  struct makefile **makes; /* each its own allocation: callers keep them */
  size_t n_makes, cap_makes;
  struct manifest **mans;
  size_t n_mans, cap_mans;
  struct call *calls;
  size_t n_calls, cap_calls;
  struct workflow *wfs;
  size_t n_wfs, cap_wfs;
  const char *checkout; /* where the job checked this repository out
                           (`actions/checkout` `with: path:`), or NULL */
  const char **read;    /* GitLab files read through include: */
  size_t n_read, cap_read;
  int java_lint;      /* -1 not looked yet; a pom/gradle file configures a
                         linter plugin */
  bool remote;        /* the step being read pipes a downloaded script into a
                         shell (curl ... | bash): what it runs is not here */
  struct rc_vars sh;  /* shell variables the step's scripts set
                         (dc="docker compose", then `$dc build`) */
  unsigned buildkite; /* reading a Buildkite pipeline: its nesting depth
                         through `buildkite-agent pipeline upload` (1 the
                         file itself) */
};

/* Where commands go while one step is read. */
struct frame {
  const struct frame *up;
  const char *key; /* what this frame runs ("make:Makefile:test") */
};

/* A GitHub job's matrix as the rows GitHub runs (matrix.h). */
struct job_rows {
  const cJSON *rows[MAX_ROWS];
  size_t n;
};

struct ctx {
  struct rc_pipeline_scan *s;
  const char *cwd;
  long parent; /* command index, -1 the step */
  const char *via;
  unsigned depth;
  const struct frame *stack;
  const struct job_rows *rows; /* the job's matrix rows, or NULL */
  const cJSON *row;            /* the row being read, or NULL */
  const struct job_rows *ins;  /* a called workflow's callers' `with:` */
  const cJSON *in;             /* the `with:` being read, or NULL */
  unsigned drop;               /* gates its commands do not count for */
  bool in_build;               /* inside a script named for building */
};

enum lines { LINES_LITERAL, LINES_FIXED };

struct yaml_src {
  const struct rc_docs *docs;
  const char *raw;
  const char *path;
};

/* ---- a compose service's own command ----------------------------------- */

/* What `docker compose ...` asks of one service: its files and folder
 * (global options), and the service whose exit is the step's outcome. */
struct compose_call {
  const char *files[8];
  size_t n_files;
  const char *dir;
  const char *svcs[8];
  size_t n_svcs;
};

enum { MAX_SH_VARS = 256, MAX_SH_VALUE = 512 };

bool pl_ends_with(const char *s, const char *suf);

const cJSON *pl_get(const cJSON *o, const char *key);

const char *pl_str(const cJSON *o, const char *key);

bool pl_is_true(const cJSON *v);

/* A GitLab job whose `rules:` (or `only:`) run it only when someone opts
 * in - a schedule, a pipeline started by hand, the API or a trigger, or a
 * variable that neither GitLab nor any of the `variables:` maps vars sets -
 * and never for a push or a merge request. */
bool pl_gitlab_opt_in(const cJSON *rules, const cJSON *only,
                      const cJSON *const *vars, size_t n_vars);

/* A folder of the runner's workspace as a folder of the repository: the
 * job may have checked the repository out below the workspace
 * (`path: src/github.com/acme/app`), and `cd` there is its root. */
const char *pl_in_checkout(const struct rc_pipeline_scan *s, const char *d);

/* A copy that outlives the parsed document. */
const char *pl_keep(struct rc_pipeline_scan *s, const char *v);

void pl_add_error(struct rc_pipeline_scan *s, const char *path,
                  const char *msg);

bool pl_on_stack(const struct frame *f, const char *key);

/* A repository file's bytes, or NULL. */
const char *pl_repo_file(struct rc_pipeline_scan *s, const char *path,
                         size_t *len);

long pl_add_cmd(struct ctx *c, const char *text, const char *path,
                unsigned line);

void pl_cmd_gates(struct ctx *c, long i, unsigned gates, const char *tool);

const char *pl_join_words(struct rc_arena *a, const char *const *w, size_t n);

bool pl_is_op(const char *w);

/* A child context: commands it records are run by command `parent`. */
struct ctx pl_child(const struct ctx *c, long parent, const char *via,
                    struct frame *f);

bool pl_make_tool(const char *w);

/* make [-C dir] [-f file] [targets]: true when a Makefile was found. */
bool pl_run_make(struct ctx *c, const char *const *w, size_t n, long cmd,
                 bool just);

/* npm / yarn / pnpm / bun: true when it ran a script. */
bool pl_run_pm(struct ctx *c, const char *const *w, size_t n, long cmd);

/* turbo run a b / nx run-many -t a / lerna run a / run-s a b / npm-run-all
 * / concurrently "npm:a" "cmd". */
bool pl_run_task_runner(struct ctx *c, const char *const *w, size_t n, long cmd,
                        unsigned line, const char *path);

/* The first of names found in dir (a tool's config file: Taskfile.yml or
 * taskfile.yaml, mise.toml or .mise.toml); NULL when none is. */
const char *pl_first_repo_file(struct ctx *c, const char *dir,
                               const char *const *names, const char **path,
                               size_t *len);

/* A file a command names (`./scripts/test.sh`, `bin/ci`): beside the
 * command's directory, else from the repository root. */
const char *pl_named_repo_file(struct ctx *c, const char *word,
                               const char **path, size_t *len);

/* data parsed as YAML (shared through the document cache); a file that
 * does not parse is recorded as an error of the pipeline. */
bool pl_parse_repo_yaml(struct ctx *c, const char *path, const char *data,
                        size_t len, struct rc_docs *docs);

/* `mise run NAME`, `mise r NAME`, `mise run NAME ::: OTHER`: the tasks of
 * the folder's mise.toml (or .mise.toml). */
bool pl_run_mise(struct ctx *c, const char *const *w, size_t n, long cmd);

bool pl_run_taskfile(struct ctx *c, const char *const *w, size_t n, long cmd);

bool pl_run_composer(struct ctx *c, const char *const *w, size_t n, long cmd);

bool pl_shell_text(const char *path, const char *data);

bool pl_run_file(struct ctx *c, const char *word, long cmd);

/* `docker compose [-f FILE] up --exit-code-from SVC` (or
 * `--abort-on-container-exit SVC...`) and `docker compose run SVC` with no
 * command: what decides the step is the command the compose file gives
 * the service. False for anything else (`up -d` only starts a stack; `run
 * SVC pytest` is read by gate_wrappers.c). */
bool pl_compose_call_of(const char *const *w, size_t n,
                        struct compose_call *cc);

/* A test-runner service: the step `docker compose -f tests/compose.yml up
 * --exit-code-from test` runs what that service's command runs (pytest). */
bool pl_run_compose(struct ctx *c, const char *const *w, size_t n, long cmd);

/* The repository script word names runs its arguments as a command: a
 * line that starts (after `exec`, `time` or `sudo`) with `$@`, `"$@"`,
 * `$*` or `"$*"` - a timing or logging wrapper. */
bool pl_runs_its_arguments(struct ctx *c, const char *word);

/* A wrapper that forwards its arguments to one program (`docker-compose -f
 * docker-compose.yml -f ci.yml "$@"`): the line that runs, with the
 * caller's arguments a[0..n) in place of "$@" (`./bin/dc.sh run test
 * ./bin/run-tests.sh` is the compose run of the test service); NULL when
 * no line of the script ends so. */
const char *pl_forwarded(struct ctx *c, const char *word, const char *const *a,
                         size_t n);

/* NUKE (a C# build automation: `./build.sh Test`, `nuke Compile Test`)
 * runs the targets named as arguments, defined in C# the pipeline does not
 * read; the project root holds .nuke/. Each target is judged by its name
 * (`BuildAndUnitTests`, `RunAllIntegrationTests`), as an unresolved
 * package script is. */
bool pl_run_nuke(struct ctx *c, const char *const *w, size_t n, long id);

/* `tox -e quality,py312` (`python -m tox -e ...`): the commands of each
 * environment's own [testenv:NAME] section of the folder's tox.ini, run
 * as a package script's are; true when one was found. */
bool pl_run_tox(struct ctx *c, const char *const *w, size_t n, long id);

/* `pre-commit run [HOOK]` (`prek run`): the commands of the local hooks
 * of .pre-commit-config.yaml it runs (a pytest hook runs the tests), as
 * children of the command, whose own gate (lint) stays; true when the
 * file was read. */
bool pl_run_pre_commit(struct ctx *c, const char *const *w, size_t n, long id);

bool pl_swallows(const char **w, size_t n, size_t i);

/* An image build CI runs (`docker build -f ci/Dockerfile --target test .`,
 * docker/build-push-action): the RUN instructions of the stages the build
 * makes - the target (or last) stage and the stages it builds on or copies
 * from - run in CI, as commands of the build, from the context folder
 * (`RUN go test ./...` after `COPY . .`). A multi-stage file's stage no
 * target needs is not built (BuildKit). The build of an image as it ships
 * compiles (`npm run build` running `tsc`) rather than lints: only a build
 * of a stage named for checking (`--target lint`, `--target check`) counts
 * for lint. */
void pl_run_image_build(struct ctx *c, long id, const char *dockerfile,
                        const char *context, const char *target);

/* docker|podman|nerdctl [buildx|image] build [-f FILE] [--target T]
 * CONTEXT: the Dockerfile it builds (-f from the working folder, else
 * CONTEXT/Dockerfile) read as above. False when w is no such build. */
bool pl_docker_build(struct ctx *c, const char *const *w, size_t n, long id);

void pl_run_simple(struct ctx *c, const char **w, size_t n, const char *path,
                   unsigned line, const char **cwd, bool masked);

void pl_run_words(struct ctx *c, const char **w, size_t n, const char *path,
                  unsigned line, const char **cwd);

/* NAME=value words (after export/local/declare): recorded; true when the
 * command is nothing but assignments. */
bool pl_shell_assign(struct rc_pipeline_scan *s, const char **w, size_t n);

void pl_run_text(struct ctx *c, const char *text, const char *path,
                 unsigned line, enum lines mode, bool cd_persists);

struct rc_ci_step *pl_add_step(struct rc_pipeline_scan *s, const char *path,
                               unsigned line);

/* Closes a step: its commands and the gates they add up to. */
void pl_end_step(struct rc_pipeline_scan *s, size_t i);

void pl_step_name_gates(struct rc_ci_step *st, const char *name);

/* A scalar of shell text at node: run with its lines mapped to the file
 * (a `|` block starts on the next line). */
void pl_run_node_text(struct ctx *c, const struct yaml_src *y,
                      const cJSON *node, const char *text);

/* One step mapping (a workflow's or a composite action's): its run or
 * uses, as commands of st. */
void pl_run_step_node(struct ctx *c, struct rc_ci_step *st,
                      const struct yaml_src *y, const cJSON *step,
                      unsigned depth);

/* Workflows that run after a gating workflow completes gate as well: a
 * test workflow chained after the push-triggered build. */
void pl_chain_workflow_runs(struct rc_pipeline_scan *s);

void pl_read_github(struct rc_pipeline_scan *s, const char *path,
                    const char *data, size_t len);

bool pl_already_read(struct rc_pipeline_scan *s, const char *path);

void pl_mark_read(struct rc_pipeline_scan *s, const char *path);

/* A step for a job that is another repository's configuration: opaque,
 * judged by its name. */
void pl_remote_step(struct rc_pipeline_scan *s, const char *path, unsigned line,
                    const char *job, const char *name, const char *uses);

void pl_read_gitlab(struct rc_pipeline_scan *s, const char *path,
                    const char *data, size_t len);

/* A label without its emoji codes: ":hammer: Unit Test" is "Unit Test". */
const char *pl_bk_label(struct rc_pipeline_scan *s, const char *label);

/* `generate.sh | buildkite-agent pipeline upload` or `buildkite-agent
 * pipeline upload .buildkite/more.yml`: the steps uploaded at run time are
 * the pipeline's steps. */
void pl_bk_upload(struct rc_pipeline_scan *s, const char *text);

/* soft: the key that lets an enclosing block fail (`soft_fail`), or NULL */
void pl_generic_walk(struct rc_pipeline_scan *s, const struct yaml_src *y,
                     const cJSON *node, const char *hint, const char *soft,
                     unsigned depth, bool *scripted);

void pl_read_generic(struct rc_pipeline_scan *s, const char *path,
                     const char *data, size_t len);

void pl_read_jenkins(struct rc_pipeline_scan *s, const char *path,
                     const char *data, size_t len);

#endif
