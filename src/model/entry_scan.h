/*
 * entry_scan.h - internal to src/model: the state the entry-point
 * readers (entry*.c) share while they scan one file of the
 * repository, and the functions they call in each other, named en_
 * (entry).
 */
#ifndef READYCHECK_MODEL_ENTRY_SCAN_H
#define READYCHECK_MODEL_ENTRY_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/entry.h"
#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/vars.h"

enum {
  MAX_FILES = 3000,
  MAX_FILE_BYTES = 1 << 20,
  MAX_TOTAL_BYTES = 48 << 20,
  MAX_LINE = 16384,
};

/* The CI files of the index, for the Makefile rules' lookups: listed once,
 * not once per rule line (a Makefile of hundreds of rules). */
struct rc_ci_files {
  const struct rc_entry **at;
  size_t n, cap;
};

struct scan {
  struct rc_entries *out;
  struct rc_vars sh;   /* NAME -> "@ROOT@/folder" for variables naming one */
  struct rc_vars mk;   /* a Makefile's NAME ?= word, for $(NAME) */
  bool mk_file;        /* the file is a Makefile: recipes have prefixes */
  bool just_file;      /* a justfile: `{{ x }}` interpolations */
  const char *mk_rule; /* the targets of the rule being read, separated by
                          spaces: what `$@` is in its recipe */
  const char *mk_dev_rule;   /* the rule being read, when it is named for
                                development and no CI file runs it */
  const char *mk_shortcut;   /* the rule being read, when it is named for
                                development or tests and no CI file runs it */
  const char *mk_local_rule; /* the rule being read, when neither a CI file
                                nor another rule of the Makefile names it */
  bool mk_local_cluster;     /* the rule being read is named for, or first
                                makes, a local cluster (kind, k3d, minikube) */
  struct rc_index *idx; /* for the CI files a Makefile rule is looked up in */
  const cJSON *steps;   /* the steps of the workflow job being walked */
  struct rc_arena *a;   /* the model's: what is kept */
  struct rc_arena *tmp; /* one file's words */
  const char *path;     /* the file being read */
  const char *cwd;      /* where its relative names start */
  const char *base;     /* cwd before any `cd` */
  enum rc_role role;
  unsigned line;
  /* How long a `cd` holds: a script's for the rest of the file, a YAML
   * block's until a line indented less than the `cd` (the next key or
   * step), a Makefile recipe's or package.json script's for its line. */
  enum { CD_FILE, CD_BLOCK, CD_LINE } cd_scope;
  const char *via;  /* the command being read when the file alone does not
                       name it (a package.json script), or NULL */
  bool builds_only; /* read image builds only, not compose or kubectl */
  const char *bake_matrix; /* the targets the workflow's bake matrix
                              subaction steps list, comma-separated */
  size_t indent;           /* of the line being read */
  size_t cd_indent;        /* of the line whose `cd` moved cwd */
  /* the last `defaults:` key of a CI file (GitHub's job or workflow
   * `defaults.run.working-directory`), and its indentation */
  unsigned defaults_line;
  size_t defaults_indent;
  /* where `pushd` and a `( cd ... )` subshell came from: popd and the
   * closing parenthesis go back there */
  struct {
    const char *cwd;
    bool subshell;
  } dirs[8];
  size_t n_dirs;
  /* the index's parsed files, shared with the other readers (doccache.h) */
  struct rc_doc_cache *docs;
  const char *text; /* the file being read, whole (text_len bytes) */
  size_t text_len;
  /* a Markdown document: the section being read (its heading's level and
   * the role its words give, RC_ROLE_PRODUCTION when none) and whether a
   * code fence is open */
  bool markdown, in_fence;
  int section_level;
  enum rc_role section_role;
  bool section_deploys;   /* its heading, or one above it, is about deploying */
  int deploy_level;       /* the level of that heading */
  bool section_local;     /* and its text says the setup is for development */
  bool section_dev_prose; /* any section's text says so */
  bool doc_local;         /* the document's opening says its compose stack is a
                             developer's: so is every section after it */
  /* a compose file the section writes out in a fence ("Create
   * `docker-compose.yml` and add the following"): the services it runs
   * from an image, each followed by a space (scan's arena), and the fence
   * being read: in its `services:`, their indent, the service, whether it
   * names an image and a build */
  const char *section_pulls;
  bool section_offers_file; /* its prose offers the repository's own
                               compose file ("use the provided
                               docker-compose.yml") */
  const char *snip_all;     /* the fence's services so far, as rc_snippet's */
  unsigned snip_line;       /* the fence's opening line */
  bool snip_services;
  size_t snip_fence, snip_indent; /* the fence's own indent, the services' */
  const char *snip_name, *snip_repo;
  bool snip_image, snip_build;
  const char *cloned; /* the folder a document's last `git clone` made */
  /* the repository's CI files, listed once per scan of all files */
  const struct rc_ci_files *ci_files;
};

/* Scripts locate themselves: SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)",
 * ROOT="$(git rev-parse --show-toplevel)", DIR="$SCRIPT_DIR/..". Such a
 * variable is kept as ROOT_MARK + repo-relative folder and substituted in
 * later lines, so `docker build -f "$SCRIPT_DIR/Dockerfile" "$ROOT"`
 * resolves. Anything else stays a variable: unresolved. */
#define ROOT_MARK "@ROOT@/"

enum { MAX_BAKE_FILES = 8, MAX_BAKE_TARGETS = 64 };

bool en_is_yaml(const char *name);

bool en_is_op(const char *w);

bool en_has_var(const char *s);

/* Substitutes the known variables of sc->sh (and a Makefile's, also as
 * `$(NAME)`) in text; arena string. */
const char *en_substitute(struct scan *sc, const char *text);

extern const char en_OUTSIDE[];

/* NAME=VALUE (or export NAME=VALUE) at the start of a line: a variable
 * naming a folder, or holding a compose command, which is returned (tmp
 * arena) to be read as the command it is; else NULL. */
const char *en_scan_assignment(struct scan *sc, const char *line);

/* $CI_PROJECT_DIR/x, ${GITHUB_WORKSPACE}/x, $PWD/x: the repository root. */
const char *en_strip_workspace(const char *s);

const char *en_resolve(struct scan *sc, const char *dir, const char *rel);

/* docker compose [global options] COMMAND, or docker stack deploy -c FILE
 * ... NAME (its options come anywhere). */
size_t en_compose_args(struct scan *sc, const char **w, size_t n, size_t i,
                       bool stack);

/* docker tag [OPTIONS] SRC DST: both names literal, or nothing is kept. */
size_t en_tag_args(struct scan *sc, const char **w, size_t n, size_t i);

/* p with each variable ($X, ${X}, $(X), ${{ x }}) as `*`; *literal: how
 * many characters are not. The caller releases out. */
void en_vars_as_stars(const char *p, struct rc_buf *out, size_t *literal);

void en_add_build(struct scan *sc, const char *file, const char *ctx,
                  const char *target, bool unresolved, const char *tag,
                  const char *all_tags);

const char *en_opt_value(const char *w, const char *name);

/* docker build [OPTIONS] CONTEXT; kaniko: --dockerfile X --context Y. */
size_t en_build_args(struct scan *sc, const char **w, size_t n, size_t i);

bool en_word_is(const char *const *w, size_t n, size_t i, const char *s);

/* docker run [OPTIONS] IMAGE [COMMAND]: which image, and whether it runs
 * as a one-shot command. */
size_t en_run_args(struct scan *sc, const char **w, size_t n, size_t i);

bool en_engine(const char *w);

/* `cd DIR` moves where later relative names start: a literal folder, or
 * one the script computes from its own location. */
void en_change_dir(struct scan *sc, const char *arg);

void en_push_dir(struct scan *sc, bool subshell);

/* popd leaves the last pushd (and any subshell left open inside it); a
 * closing parenthesis leaves only a subshell, so a `case` pattern's `x)`
 * moves nothing. */
void en_pop_dir(struct scan *sc, bool subshell);

/* `(cd dir && docker build .)`: a subshell's parentheses as words of
 * their own, so the cd is seen and undone where the subshell ends. A
 * parenthesis that closes `$(...)` or `$(shell ...)`, or a `case`
 * pattern's `x)`, stays in its word. */
size_t en_split_parens(struct rc_arena *a, const char **w, size_t n,
                       const char ***out);

void en_add_apply(struct scan *sc, enum rc_apply_kind kind, const char *path,
                  const char **values, size_t nv);

/* A name kubectl or helm reads from: "-" is standard input, a URL is not
 * in the repository. */
bool en_local_name(const char *v);

/* Gives the install just added what it sets over its values files. */
void en_set_last_sets(struct scan *sc, const struct rc_helm_set *sets,
                      size_t n);

bool en_k8s_words(struct scan *sc, const char **w, size_t n, size_t *i);

bool en_builds_image(const char **w, size_t n, size_t i);

void en_run_bake(struct scan *sc, const char **files, size_t nf,
                 const char **targets, size_t nt, const char **sets, size_t ns,
                 const char *meta);

/* docker buildx bake [OPTIONS] [TARGET...]: -f names the files. `--print`
 * and `--check` build nothing. i is after `bake`. */
size_t en_bake_args(struct scan *sc, const char **w, size_t n, size_t i);

void en_add_made(struct scan *sc, const char *name);

/* A folder a step writes whose name is an expression (`path: ${{
 * matrix.target }}` of a download): kept as written, the expression
 * standing for the one name each matrix row gives it. */
void en_add_made_expr(struct scan *sc, const char *name);

/* The whole workspace, written by a checkout of another repository: "" is
 * above every path. */
void en_add_made_workspace(struct scan *sc);

/* `cp a b` / `mv a b` / `ln -s a b` / `install a b` (at i), `tee f`,
 * `git clone URL dir`, `mkdir dir`, a download
 * (`wget -O f`, `curl -o f`) and `> b` anywhere: the files written. */
void en_scan_made(struct scan *sc, const char **w, size_t n);

void en_scan_words(struct scan *sc, const char **w, size_t n);

/* v starts with a compose command: `docker compose`, `docker-compose`,
 * `podman compose`, `podman-compose`, behind an optional `sudo`. */
bool en_compose_command(const char *v);

/* An assignment's value as written (raw) that holds a compose command
 * (`"docker compose -f x.yml"`): the command, quotes taken off and known
 * variables filled in (tmp arena), else NULL. */
const char *en_compose_value(struct scan *sc, const char *raw);

void en_scan_compose_file_var(struct scan *sc, const char *line);

/* A CI step's (or job's `defaults.run`) `working-directory: web` (Azure:
 * `workingDirectory:`) is a `cd` from the workspace for the rest of its
 * block: the step, or the job. */
void en_scan_working_dir(struct scan *sc, const char *line);

/* A step's `working-directory:` may follow its `run:` (YAML keys have no
 * order): at a `run:` line, look on through the step's sibling keys for
 * one and apply it to the run block. */
void en_run_working_dir(struct scan *sc, const char *data, size_t len,
                        size_t i);

/* A Makefile rule line (`build-dev: deps`, not `X := y`) starts a rule:
 * its target named for development (build-dev, run-local, debug) that no
 * CI file runs, kept for the builds of its recipe (images.c's build_role
 * weighs it with the Dockerfile's own name). */
void en_mk_rule_line(struct scan *sc, const char *line);

/* The file being read is a CI file, or a CI file names its path (a script
 * CI runs). */
bool en_ci_runs_file(struct scan *sc);

/* Follows a Markdown document's fences and ATX headings (`## Development`):
 * a heading at or above the level of the section it is in starts a new one;
 * a deeper heading stays within a development or test section. */
void en_markdown_line(struct scan *sc, const char *line);

/* A Markdown line that is one inline code span (`` `docker compose up` ``,
 * a list item's `- `docker compose up``): the command inside, as a fenced
 * block would hold it; otherwise the line itself. */
const char *en_code_span_line(struct scan *sc, const char *line);

void en_scan_text(struct scan *sc, const char *data, size_t len);

void en_scan_workflow_yaml(struct scan *sc, const char *data, size_t len);

/* helmfile.yaml: `releases[]` with a local `chart:` folder, `values:` (files
 * relative to the helmfile, or mappings written in place) and `set:`
 * ({name, value} pairs, as --set). Environments and templated helmfiles
 * (.gotmpl) are not read. */
void en_scan_helmfile(struct scan *sc, const char *data, size_t len);

/* What `skaffold run` builds and deploys: build.artifacts, and manifests
 * (rawYaml, kustomize paths, helm releases) under `manifests:` (v2+) or
 * `deploy:` (v1); and what profiles build. */
void en_scan_skaffold(struct scan *sc, const char *data, size_t len);

bool en_is_fly(const char *name);

void en_scan_fly(struct scan *sc, const char *data, size_t len);

/* A platform builds what its file names (platform.c): production unless the
 * file's folder says otherwise - its name is the platform's, not a word
 * about the deployment (`.do/deploy.template.yaml` is the one-click app).
 * A path the platform reads from the root that only exists beside a file
 * in a subfolder is read from there. */
void en_scan_platform(struct scan *sc, const char *data, size_t len);

/* goreleaser release run in dir (NULL: where the scan is) with config
 * (NULL: the default names): each `dockers:`/`dockers_v2:` entry builds
 * its Dockerfile, with an unknown context (goreleaser's dist folder). A
 * snapshot builds for tests. */
void en_run_goreleaser(struct scan *sc, const char *dir, const char *config,
                       bool snapshot);

/* goreleaser [release] [OPTIONS]; i is after `goreleaser`. */
size_t en_goreleaser_args(struct scan *sc, const char **w, size_t n, size_t i);
/* `go run [FLAGS] github.com/goreleaser/goreleaser[/vN][@v]`: i is at
 * `go`; where goreleaser's arguments start, or 0 for another command or
 * package. */
size_t en_go_run_goreleaser(const char **w, size_t n, size_t i);

bool en_is_helmfile(const char *name);

bool en_is_skaffold(const char *name);

/* A package.json inside another package's source tree
 * (`packages/codegen/src/server/package.json` below
 * `packages/codegen/package.json`): data that package's code writes into
 * the projects it generates, whose scripts run there, not here. The
 * root's src/ may hold a workspace's packages and is read. */
bool en_in_package_source(struct rc_index *idx, struct rc_arena *a,
                          const char *path);

/* Each script of a package.json is a shell line of its own (`npm run
 * docker:build`): its image builds, named by the script. A script whose
 * name says development or test builds a non-production image. */
void en_scan_package_json(struct scan *sc, const char *data, size_t len);

bool en_is_makefile(const char *name);
bool en_is_justfile(const char *name);
/* line with each justfile `{{ expr }}` closed up into one word */
const char *en_just_line(struct rc_arena *a, const char *line);

/* A Makefile's plain assignments at the start of a line, `FRONTEND_DIR ?=
 * frontend`, `TAG := v1` (one word, no variable in it): what its recipes'
 * `$(FRONTEND_DIR)` stands for. The last assignment wins, as make reads
 * them before any recipe runs. */
void en_make_vars(struct scan *sc, const char *data, size_t len);

#endif
