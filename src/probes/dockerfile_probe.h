/*
 * dockerfile_probe.h - internal to src/probes: what the dockerfile
 * probe's files (dockerfile*.c) share - the probe's options, the
 * image being judged and the run - and the functions they call in
 * each other, named df_ (dockerfile).
 */
#ifndef READYCHECK_PROBES_DOCKERFILE_PROBE_H
#define READYCHECK_PROBES_DOCKERFILE_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/model.h"
#include "readycheck/probe.h"

struct cfg {
  struct rc_strlist path;
  int require;
  struct rc_strlist exclude;
  struct rc_opt_long min_missing; /* dockerignore_excludes: judge images */
  struct rc_opt_long max_missing; /* whose omissions fall in this range */
  int shape; /* non_root_user, pinned_base: DF_SHAPE_* - which images to
                judge */
};

/* non_root_user's `shape`: every image; only those whose root is a
 * firm finding; only those whose publisher's base image decides (no USER
 * here, a base of unknown user); only one-shot command images (named for
 * a CLI or a job, exposing no port, run as no service); only root images
 * whose entrypoint runs part of the work as an unprivileged user. */
enum {
  DF_SHAPE_ANY,
  DF_SHAPE_FIRM,
  DF_SHAPE_BASE_DECIDES,
  DF_SHAPE_ONE_SHOT,
  DF_SHAPE_WORKERS_DROP,
  DF_SHAPE_OWN_BASE /* pinned_base: only a floating base published under
                       the namespace of the repository's own images */
};

/* One image to judge: a Dockerfile, the stage built, its build context. */
struct target {
  const struct rc_dockerfile *df;
  size_t stage;
  const char *context; /* where COPY sources and scripts live */
  const char *chosen;  /* which stage of several is judged and why, or NULL */
  const struct rc_image *im; /* the model's image, or NULL (explicit paths) */
};

struct file_result {
  bool ok;
  unsigned line;
  const char *why; /* arena string */
  bool skip;       /* another rule judges this image */
  int shape;       /* pinned_base: DF_SHAPE_OWN_BASE for the organisation's
                      own floating base, else DF_SHAPE_ANY */
  bool caution;    /* ok, but only because the probe cannot tell: a WARN */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_arena *a;
  struct rc_check *out;
  size_t n_files, n_failed, n_error, n_skipped;
  const char *first_fail, *first_error;
  const char *first_caution; /* why an ok image is only a WARN */
};

struct file_result df_result(bool ok, unsigned line, const char *why);

bool df_is_scratch(const char *image);

/* The tag of an image reference, "" if none; a digest counts as pinned. */
const char *df_tag_of(const char *image);

/* Every production compose service that runs this Dockerfile runs it
 * unprivileged: a non-root `user:`, or a command that drops privileges
 * (`gosu app app cleanup`). Says how; NULL when one does not, "" when no
 * service runs it. */
const char *df_compose_user(struct run *r, const struct target *t);

/* Every container of a production Kubernetes workload (of any workload,
 * with any_role) that runs this image has a securityContext that makes it
 * non-root. NULL when one does not, "" when none runs it, else where the
 * first says so. */
const char *df_k8s_user(struct run *r, const struct target *t, bool any_role);

/* Whether word is one of the words of text (split at anything but
 * letters and digits), case aside. */
bool df_has_name_word(const char *text, const char *word, size_t n);

/* A compose file of the repository - a deployment's or an example's -
 * runs the image with what only root can use: the image needs root, and
 * "runs as root" is its design. Says where; NULL when none does. */
const char *df_needs_root(struct run *r, const struct target *t);
/* The last word of an image's name (`nicolargo/glances`: glances) is a
 * word of the Dockerfile's file name or of the command the stage starts
 * (dockerfile_root.c). */
bool df_name_word_ties(struct run *r, const struct target *t,
                       const char *image);

/* An image reference's repository, registry host and tag aside:
 * "docker.io/acme/app:1" -> "acme/app"; "library/" is dropped too. */
const char *df_repo_name(struct rc_arena *a, const char *ref);

/* The build tags nothing (`docker build --target mocks .`): it checks
 * that the stage builds, and no image comes of it for anyone to run. */
bool df_untagged(const struct rc_image *im);

/* The command written at a file's line, with the lines a trailing
 * backslash continues it onto; NULL when unreadable. */
const char *df_command_at(struct run *r, const char *path, unsigned line);

/* Every build of the image is a CI step that only checks that it builds
 * (`docker build -f Dockerfile.builds --target centos7-all .`, no tag)
 * and nothing the repository deploys runs it: no container comes of it.
 * Says where it is built, or NULL. */
const char *df_ci_build_check(struct run *r, const struct target *t);

/* Every build of the image is a CI step that tags it with a local name -
 * no registry, no namespace - that the CI file never pushes or re-tags
 * (`docker build -t tailscale-head:$SHA . && docker save ...` for the
 * test jobs), and nothing the repository deploys runs it (a `docker run
 * --rm` in the foreground is a command, not a service): a test harness's
 * image. Says where it is built, or NULL. */
const char *df_ci_local_image(struct run *r, const struct target *t);

/* The image runs no service: its stage has no CMD or ENTRYPOINT over a
 * shell or REPL base, no production compose service or Kubernetes
 * workload runs it, and either its name says it is built for other
 * builds or it is an intermediate target. Says why, or NULL. A second
 * signal is required: an application image may leave its command to the
 * platform that runs it. */
const char *df_build_input(struct run *r, const struct target *t);

/* A development image: its file or folder says development and its command
 * starts a development server. Either alone is common in a published
 * image (a `dev/` build folder; a product image that runs `npm run dev`);
 * together they are the developers' image, whatever builds it. */
const char *df_dev_image(struct run *r, const struct target *t);

/* The image's command keeps an idle container alive for someone to exec
 * into (a profiling or debugging toolbox), or only prints a notice (a
 * deprecated image's pointer to its successor), and nothing the
 * repository deploys runs it: it serves nothing. Says why, or NULL. */
const char *df_idle_image(struct run *r, const struct target *t);

/* The image's command runs a test suite (test_runner) and nothing the
 * repository deploys runs it: CI's test image, not a service. Says why,
 * or NULL. */
const char *df_test_image(struct run *r, const struct target *t);

/* The image's command runs a build script (`ENTRYPOINT
 * ["/usr/local/bin/build.sh"]`: a cross-compiling toolchain) and nothing
 * the repository deploys runs it: a build tool, not a service. Says why,
 * or NULL. */
const char *df_build_tool_image(struct run *r, const struct target *t);

/* The image has no CMD or ENTRYPOINT over a shell or REPL base and every
 * compose service that builds it gives it none, publishes no port and
 * mounts the repository itself: a container `compose run` runs commands
 * in on the work tree, not a service. Says why, or NULL. */
const char *df_worktree_container(struct run *r, const struct target *t);

/* The Dockerfile's own name says it packages a tool for the code
 * (Dockerfile-formatter, lint.Dockerfile), it exposes no port, nothing
 * deployed runs it and no release pipeline pushes it. Says why, or NULL. */
const char *df_code_tool_image(struct run *r, const struct target *t);

/* The file that builds the image under a local name hands that name to a
 * test run (`IMAGE=app-test go test ./tests`) and never ships it, and
 * nothing runs it as a service: a test suite's image. Says why, or NULL. */
const char *df_test_harness_image(struct run *r, const struct target *t);

/* The name a `docker build` command tags (`-t NAME`, `--tag NAME`,
 * `--tag=NAME`) as written, its quotes aside; NULL when none. */
const char *df_build_tag_word(struct rc_arena *a, const char *cmd);

/* Where word stands alone in cmd (not inside a longer name), or NULL. */
const char *df_find_word(const char *cmd, const char *word);

/* Whether the text from p to end holds s. */
bool df_line_has(const char *p, const char *end, const char *s);

/* A `docker run` that runs and exits in the foreground - removed after
 * (--rm) or an interactive session (-it) - not detached, publishing no
 * port. */
bool df_one_shot_run(const char *cmd);

/* Whether the repository may publish the image named repo: CI builds
 * its Dockerfile, or a CI command (with what it runs: a Makefile rule)
 * or the file that builds it pushes, re-tags or ships the name. */
bool df_may_publish(struct run *r, const struct target *t, const char *data,
                    const char *repo);

/* The image has no CMD or ENTRYPOINT over a shell or REPL base, nothing
 * the repository deploys runs it, and the script that builds it runs it,
 * under the name it gives it, only as a one-shot command (`docker build
 * -t "$1-protoc" ... && docker run --rm -v $(pwd):/build "$1-protoc"
 * protoc ...`; `docker run -ti acme/toolchain:build bash`) under a name
 * the repository never publishes (a local one, or one no CI builds or
 * pushes): a tool the maintainers run, not a service. The model's local
 * tools are those with a literal name; a computed one is matched as
 * written. Says why, or NULL. */
const char *df_script_tool(struct run *r, const struct target *t);

/* The image has no CMD, ENTRYPOINT or EXPOSE over a shell or REPL base,
 * and its build tags it with a local name (no registry or namespace: it
 * cannot be pulled from anywhere) that nothing in the repository runs,
 * re-tags, pushes or deploys (`docker build -t app-build
 * ./scripts/build-image`): a toolbox the maintainers keep, not a
 * service. Says why, or NULL. */
const char *df_unrun_local_tool(struct run *r, const struct target *t);

/* The stage only carries files over a bare OS base: COPY, ADD and RUNs
 * that lay files out (files_only_run), with no CMD, ENTRYPOINT, EXPOSE,
 * HEALTHCHECK or USER of its own or inherited, and no compose service or
 * Kubernetes workload gives it a command. A data image: its container
 * (the base's shell, which exits at once without a terminal) only fills
 * the volume mounted over what it carries. No process runs in it to
 * judge. Says why, or NULL. */
const char *df_data_image(struct run *r, const struct target *t);

/* The judgement is the model's (user.c), shared with Kubernetes. */
struct file_result df_req_non_root(struct run *r, const struct target *t);

struct file_result df_req_multi_stage(struct run *r, const struct target *t);

/* `FROM base` (or `FROM acme/base`) with no tag may name a build context
 * that `docker buildx bake` or `--build-context` supplies (often another
 * target built from the same commit), not an image on Docker Hub. */
bool df_is_named_context(struct run *r, const char *image);

/* dockerfile-x (`# syntax = devthefuture/dockerfile-x`) lets a Dockerfile
 * INCLUDE others, and `FROM runtime` then names a stage (`AS runtime`) of
 * an included file, built from the same commit, not an image on Docker
 * Hub. An included path is read beside the Dockerfile or from the root
 * (the build context). */
bool df_included_stage(struct run *r, const struct rc_dockerfile *f,
                       const char *name, int depth);

/* Marks the stages a build of stage s runs (BuildKit skips the others):
 * s, the stage it starts FROM, and the stages they copy or mount from. */
void df_mark_needed(struct rc_arena *a, const struct rc_dockerfile *f, size_t s,
                    bool *need);

/* The stage whose FROM names the external image stage s builds on. */
size_t df_root_stage(const struct rc_dockerfile *f, size_t s);

/* Some stage of the FROM chain that ends in stage s copies or mounts
 * files from a stage rooted at root (or s itself is rooted there). */
bool df_chain_takes_from(struct rc_arena *a, const struct rc_dockerfile *f,
                         size_t s, size_t root);

/* A plain operating system image (no language toolchain of its own). */
bool df_os_base(struct rc_arena *a, const char *image);

/* A RUN of stage s compiles or installs a project's dependencies: what
 * it makes depends on the toolchain the base image brings. */
bool df_stage_builds(const struct rc_dockerfile *f, size_t s);

/* How many of the model's images are production images. */
size_t df_production_images(const struct rc_model *m);

struct file_result df_req_pinned(struct run *r, const struct target *t);

struct file_result df_req_small(struct run *r, const struct target *t);

/* The stage built runs on a Node.js image (node:22-slim,
 * gcr.io/distroless/nodejs22); a Node stage that only builds assets for
 * a PHP or Python image does not count. */
struct file_result df_req_runs_node(struct run *r, const struct target *t);

/* A web server image that only serves the files the build copied into it
 * (a single-page app's nginx stage): no code of the project's own runs, so
 * nothing of its own could answer a route. The server's own command, or
 * none, keeps it one; any other program started makes it an application. */
struct file_result df_req_static_server(struct run *r, const struct target *t);

struct file_result df_req_scripts(struct run *r, const struct target *t);

struct file_result df_req_healthcheck(struct run *r, const struct target *t);

/* HEALTHCHECK ... CMD ["curl", "-f", "x", "||", "exit", "1"] runs without a
 * shell (rc_exec_form_shell_word says which words are shell syntax). */
struct file_result df_req_exec_healthcheck(struct run *r,
                                           const struct target *t);

struct file_result df_req_dockerignore(struct run *r, const struct target *t);

/* What the context's .dockerignore must keep out of an image that ships
 * the whole context: every .env variant, .git, and node_modules where the
 * context is a Node package. */
struct file_result df_req_dockerignore_excludes(struct run *r,
                                                const struct target *t);

#endif
