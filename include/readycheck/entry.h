/*
 * entry.h - deployment entry points written in the repository's own
 * automation: the compose file chains (`docker compose -f a -f b`, `docker
 * stack deploy -c`, COMPOSE_FILE=a:b) and the image builds (`docker build
 * -f X ctx`, docker/build-push-action, kaniko) found in CI workflows,
 * Makefiles, justfiles, scripts, package.json scripts and READMEs; and
 * what they apply to Kubernetes (`kubectl apply -f/-k`, `kustomize build`,
 * `helm install/upgrade`, skaffold.yaml's manifests, whose artifacts are
 * image builds too).
 *
 * The scan is plain text (continuation lines joined), plus the YAML of
 * GitHub workflows for build-push-action steps; bounded in files and bytes.
 * The same scan reads each CI file as a pipeline (pipeline.h).
 */
#ifndef READYCHECK_ENTRY_H
#define READYCHECK_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/compose.h"
#include "readycheck/pipeline.h"

struct rc_arena;
struct rc_index;

/* A compose invocation naming files in order. */
struct rc_chain {
  const char **files; /* as written, in order */
  size_t n_files;
  const char *dir;      /* the folder relative names start from */
  struct rc_where at;   /* the line that runs it */
  enum rc_role role;    /* of the file it is written in */
  bool unresolved;      /* a name holds a variable: the chain is partial */
  const char *shortcut; /* the Makefile rule named for development or tests
                           (`docker-test`, `dev-up`) that runs it and no CI
                           file names, or NULL */
  bool deploys; /* says it deploys: `docker stack deploy`, a Makefile rule
                   named for deploying or production (`deploy`, `prod-up`),
                   or a document's section about deploying, installing,
                   self-hosting or production */
  bool stack;   /* `docker stack deploy -c`: Swarm runs the files */
};

/* An image build. */
struct rc_build {
  const char *dockerfile; /* repo-relative; NULL when unresolved */
  const char *context;    /* repo-relative; NULL when unresolved */
  const char *target;     /* --target, or NULL */
  struct rc_where at;
  enum rc_role role; /* of the file it is written in */
  bool unresolved;   /* a path holds a variable (a CI matrix...) */
  const char *tag;   /* the first image name it tags (-t, tags:), without
                        its tag or digest; NULL when none or computed */
  const char *dockerfile_glob; /* unresolved: the Dockerfile path with each
                                  variable as a `*` wildcard (for
                                  "${PHASE}install/Dockerfile"), or NULL
                                  when not even that is known */
  const char *tag_glob;        /* the tag's repository with each variable as `*`
                                  (`${REGISTRY}/acme/app`: any registry's
                                  acme/app) when
                                  tag is NULL because a variable is in it */
  const char *tag_refs;        /* every tag as written, version included, space-
                                  separated ("acme/app:latest acme/app:1"), those
                                  with a variable left out; NULL when none */
  const char *via;             /* the command that runs it when the file alone
                                  does not say ("package.json script
                                  docker:build"), or NULL */
  const char *dev_rule;        /* the Makefile rule named for development
                                  (`build-dev`) that runs it and no CI file
                                  names, or NULL */
  const char *shortcut;        /* as rc_chain's: such a rule named for
                                  development or tests, or NULL */
  const char *exports;         /* `--output=.` or `-o dist`: the build writes
                                  files (an APK, a binary) to this destination
                                  instead of making an image; NULL when it
                                  makes an image */
  const char *tag_glob_tag;    /* with tag_glob: the tag written after the
                                  computed name (`latest` in
                                  `${{ vars.REPO }}/base:latest`), or NULL */
  bool checks_only;            /* a build action that keeps nothing: no
                                  tags, no push, no load, no outputs - it
                                  only checks that the Dockerfile builds */
  bool published;              /* it pushes its image to a registry
                                  (`--push`, build-push-action's `push:` or
                                  `outputs:`) from a CI file, or from a
                                  script a CI file runs by its path */
  const char *local_rule;      /* the Makefile rule whose recipe runs it,
                                  when neither a CI file nor another rule of
                                  that Makefile names it (a shortcut for the
                                  developer's machine), or NULL */
};

enum rc_apply_kind {
  RC_APPLY_FILES,     /* kubectl apply -f: a manifest, a folder or a glob */
  RC_APPLY_KUSTOMIZE, /* kubectl apply -k, kustomize build: a folder */
  RC_APPLY_CHART,     /* helm install/upgrade/template: a chart folder */
};

/* What a Helm install sets over its values files: `--set a.b=v` (typed as
 * Helm types it: true/false, null, integers), `--set-string a.b=v`, or a
 * mapping written in place (helmfile `values:` entries, Argo CD
 * `valuesObject` / `values`) as JSON text. */
enum rc_helm_set_kind {
  RC_HELM_SET,
  RC_HELM_SET_STRING,
  RC_HELM_INLINE,
};

struct rc_helm_set {
  enum rc_helm_set_kind kind;
  const char *text; /* "a.b=v" (comma lists as written), or JSON */
};

/* Manifests something applies to a cluster. */
struct rc_apply {
  enum rc_apply_kind kind;
  const char *path;    /* repo-relative; NULL when unresolved */
  const char *written; /* the name as written (prose quotes removed) */
  const char *base;    /* where the file's relative names start before any
                          `cd` ("" for CI) */
  const char **values; /* helm -f/--values files, repo-relative */
  size_t n_values;
  /* merged over the values files, in order (helm --set, ...) */
  const struct rc_helm_set *sets;
  size_t n_sets;
  struct rc_where at;
  enum rc_role role;  /* of the file it is written in */
  bool unresolved;    /* the name holds a variable */
  bool rendered_only; /* `helm template` not piped into `kubectl apply`:
                         renders the chart, installs nothing itself */
};

/* A `docker run` of an image by name. */
struct rc_run {
  const char *image; /* its repository, without tag or digest */
  struct rc_where at;
  bool one_shot; /* --rm, in the foreground, publishing no port: a command
                    that runs and exits, not a service */
};

/* `docker tag SRC DST` (`docker image tag`): the image a build tagged SRC
 * is pushed or run as DST too. Repositories, without tag or digest. */
struct rc_retag {
  const char *from, *to;
  struct rc_where at;
};

/* `kustomize edit set image NAME=NEW`: the manifests' image NAME (a
 * placeholder such as kubebuilder's `controller`) is replaced when the
 * release is built. NAME without tag; a `${VAR}` in it stands for any
 * one path segment. Also `sed 's/:latest/:$(VERSION)/' manifests/...`:
 * name is "" (every image tagged :latest) and files the folder of the
 * manifests it rewrites ("" for any); and `helm package CHART
 * --app-version V` (app_version): name "", files the chart's folder ("" for
 * any), the chart's appVersion written at packaging. */
struct rc_set_image {
  const char *name;
  struct rc_where at;
  const char *files;
  bool app_version;
};

/* `docker compose up` of one file, written in a Markdown document, in the
 * role of the section it is written under ("## Run the app locally" is
 * development): with no -f it runs the compose file of its folder. Also a
 * deploy, install or setup script's plain `docker compose up` (deploys). */
struct rc_up {
  const char *dir;  /* where it runs, repo-relative ("" for the root) */
  const char *file; /* the -f name as written, or NULL for the folder's */
  struct rc_where at;
  enum rc_role role;
  bool deploys; /* under a heading about deploying, installing, self-hosting
                   or production (rc_chain's) */
  bool local;   /* in such a section whose own text says its setup is a
                   developer's or runs on the reader's machine */
  const char *pulls; /* the services a compose file its section writes out
                        in a fence runs from an image, not a build, each
                        followed by a space ("app db "); NULL when none */
  bool guide; /* in a document whose path is about deploying or installing
                 (docs/install/...), whose opening and section say nothing
                 of a developer's or the reader's own machine */
};

/* A compose file a document writes out in a code fence, under a section
 * whose heading gives it a role ("### Using the internal database (only
 * for testing)"). */
struct rc_snippet {
  struct rc_where at; /* the fence's opening line */
  enum rc_role role;
  const char *services; /* "name=image " for each service, the image
                           without its tag ("" for a build) */
};

/* A file a command writes, for later lines of the same file to use: `cp
 * a b`, `mv a b`, `envsubst < t > b`, `cat > b`. */
struct rc_made {
  const char *path; /* repo-relative; "" when another repository's checkout
                       replaced the whole workspace; may hold a `${{ }}`
                       expression standing for one name (a download to
                       `${{ matrix.target }}`) */
  struct rc_where at;
};

/* A committed file a deployment script copies or fetches into place by
 * hand (`cp contrib/nginx.conf /etc/nginx/sites-available/app`, `curl -s
 * $BASE_URL/contrib/nginx.conf > etc/nginx.conf`). */
struct rc_copy {
  const char *source; /* repo-relative; with tail, the source as written:
                         an absolute path into the checkout or a URL,
                         whose end may name a repository file */
  bool tail;
  struct rc_where at;
};

struct rc_entries {
  struct rc_chain *chains;
  size_t n_chains, cap_chains;
  struct rc_build *builds;
  size_t n_builds, cap_builds;
  struct rc_apply *applies;
  size_t n_applies, cap_applies;
  struct rc_run *runs;
  size_t n_runs, cap_runs;
  struct rc_made *made;
  size_t n_made, cap_made;
  struct rc_copy *copies;
  size_t n_copies, cap_copies;
  struct rc_retag *retags;
  size_t n_retags, cap_retags;
  struct rc_set_image *set_images;
  size_t n_set_images, cap_set_images;
  struct rc_up *ups;
  size_t n_ups, cap_ups;
  struct rc_snippet *snippets;
  size_t n_snippets, cap_snippets;
  size_t files_scanned;
  struct rc_pipeline pipeline; /* what CI runs, step by step */
};

/* Scans the repository's automation into *out (strings and arrays in a,
 * the arrays until rc_entries_release()). */
void rc_entries_scan(struct rc_entries *out, struct rc_index *idx,
                     struct rc_arena *a);
void rc_entries_release(struct rc_entries *e);

#endif
