/*
 * readme.h - what a README says about the files beside it: a folder whose
 * README opens by calling it a demo, a tutorial or a playground is not a
 * deployment; a repository whose README says it is a collection of
 * examples to learn from ("example applications for demoing X", "samples
 * ... must not be deployed in production") deploys nothing of its own.
 */
#ifndef READYCHECK_README_H
#define READYCHECK_README_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_index;

/* The line of dir's README (README.md, readme.md, README; first six
 * lines) that calls the folder a demo, a tutorial, a playground, something
 * to try, or a local development setup, or (first twelve lines) says it is
 * not production quality; NULL when none does. Not "sample"
 * or "example": "a sample configuration for running X" is often the
 * documented deployment. The root README ("" dir) describes the whole
 * project and is not read here. Arena string. */
const char *rc_readme_demo(struct rc_index *idx, struct rc_arena *a,
                           const char *dir);

/* The line of dir's README (first twelve lines) that forbids deploying
 * what the folder holds ("self-signed and used for testing ... Do NOT use
 * these in any real deployments", "never use these keys in production"):
 * a folder of test keys and certificates; NULL when none does. The root
 * README ("" dir) is not read. Arena string. */
const char *rc_readme_test_keys(struct rc_index *idx, struct rc_arena *a,
                                const char *dir);

/* The line of dir's README (first twelve lines) that calls what the
 * folder holds a sample or default to replace ("for testing and local
 * development only", "example certificates", "replace them with your
 * own before going to production"): keys an install may still serve
 * unchanged, but that the project does not present as anybody's
 * credentials; NULL when none does. The root README is not read. Arena
 * string. */
const char *rc_readme_sample_keys(struct rc_index *idx, struct rc_arena *a,
                                  const char *dir);

/* The line of dir's README (any line) with the command that makes the
 * key file `name` (`openssl genrsa -out key.pem`, `openssl req -x509
 * -keyout server.key`, `ssh-keygen -f name`): the folder documents
 * generating one's own, so the committed key is a placeholder to
 * replace. The root README ("" dir) is not read. NULL when none. Arena
 * string. */
const char *rc_readme_makes_key(struct rc_index *idx, struct rc_arena *a,
                                const char *dir, const char *name);

/* The line of dir's README (its title, or first six lines) saying that
 * what the folder holds is retired ("TheHive 3.4.x is no longer
 * maintained", a title "# Deprecated"): a setup kept for reference, not
 * one anybody deploys. The root README ("" dir) counts only when it says
 * so of the repository ("This repository is no longer maintained", a
 * title that is only "Deprecated"). NULL when none does. Arena string. */
const char *rc_readme_retired(struct rc_index *idx, struct rc_arena *a,
                              const char *dir);

/* The line of the root README (its first paragraphs) saying that the
 * repository is a set of examples or demos of something else, or that its
 * contents must not be deployed to production; NULL otherwise. A demo
 * *application* ("X is a microservices demo application") is a product and
 * does not count. Arena string. */
const char *rc_readme_examples_repo(struct rc_index *idx, struct rc_arena *a);

/* The line of dir's README or the root README that tells the operator to
 * make the file `name` themselves ("create a `prometheus.yml` file next
 * to your docker-compose.yml", `echo ... > prometheus.yml`); NULL when
 * none does. Arena string. */
const char *rc_readme_creates(struct rc_index *idx, struct rc_arena *a,
                              const char *dir, const char *name);

/* The line of dir's README or the root README that has the operator edit
 * the file `name` before use ("open the `.env` file and update the
 * variables", "we recommend you change it, or at least review its
 * content"): the file is a configuration template to fill in, shipped
 * with defaults. Lines about git ("never commit your .env") do not count.
 * NULL when none. Arena string. */
const char *rc_readme_edits(struct rc_index *idx, struct rc_arena *a,
                            const char *dir, const char *name);

/* The line of dir's README or the root README that has the operator
 * download or copy the file `name` to run it ("Download
 * `docker-compose.yml`", `wget https://raw.../docker-compose.yml`): the
 * file is what users deploy. NULL when none. Arena string. */
const char *rc_readme_fetches(struct rc_index *idx, struct rc_arena *a,
                              const char *dir, const char *name);

/* A Markdown document (.md, .mdx) anywhere in the repository that
 * downloads (wget, curl, "download") path from this repository's raw URL on
 * GitHub (raw.githubusercontent.com/OWNER/NAME/REF/PATH; owner and name NULL
 * when the checkout has no origin: any): the self-hosting docs hand the
 * operator that very file. "DOC: 'LINE'" or NULL. Arena string. */
const char *rc_docs_fetch_raw(struct rc_index *idx, struct rc_arena *a,
                              const char *owner, const char *name,
                              const char *path);

/* A `docker run` command of the root README (continuation lines joined)
 * that grants what only root can use - `--privileged`, `--cap-add`
 * NET_ADMIN, SYS_ADMIN, SYS_RAWIO or ALL, `--device`, the Docker socket
 * mounted: what it grants ("--cap-add NET_ADMIN"), with *image (may be
 * NULL) the image it runs as written; NULL when no such command. Arena
 * strings. */
const char *rc_readme_run_grant(struct rc_index *idx, struct rc_arena *a,
                                const char **image);

/* The same for any text: the first `docker run` (or `docker container
 * run`) command of text that grants what only root can use, continuation
 * lines joined. With comments, only comment lines are read, their `#`
 * dropped: the usage a Dockerfile's opening comment documents. */
const char *rc_docker_run_grant(struct rc_arena *a, const char *text,
                                bool comments, const char **image);

/* A `docker run` command of the root README (continuation lines joined):
 * the image it runs as written, and whether it runs a command once
 * (`--rm`, in the foreground, publishing no port, no restart policy:
 * `docker run --rm -i acme/lint < Dockerfile`). */
struct rc_docker_run {
  const char *image;
  bool once;
};

/* The README's `docker run` commands (at most 64), in *out (arena). */
size_t rc_readme_docker_runs(struct rc_index *idx, struct rc_arena *a,
                             struct rc_docker_run **out);

#endif
