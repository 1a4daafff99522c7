/*
 * role.h - what a file's path says about whether it deploys.
 *
 * Folders and file names carry intent: `archive/`, `*_backup/`, `docs/`,
 * `examples/`, `templates/`, `tests/`, `e2e/`, `compose-e2e-test.yml` are
 * not production; `.devcontainer/`, `*.dev.yml`, `docker-compose.override.yml`
 * are development. The deployment model starts from these and refines them
 * with what entry points actually use.
 */
#ifndef READYCHECK_ROLE_H
#define READYCHECK_ROLE_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;

enum rc_role {
  RC_ROLE_PRODUCTION,  /* what a production deployment runs */
  RC_ROLE_DEVELOPMENT, /* a local development setup */
  RC_ROLE_NONPROD,     /* tests, CI, examples, docs, templates, stale copies */
  RC_ROLE_UNUSED,      /* nothing that deploys uses it */
};

/* "production", "development", "not production", "unused". */
const char *rc_role_name(enum rc_role r);

/* The role a path's folders and file name give (RC_ROLE_PRODUCTION when they
 * say nothing). why (may be NULL) gets the reason, such as "under
 * 'examples/'" or "named 'test'", or "" when there is none. */
enum rc_role rc_role_of_path(const char *path, char *why, size_t whylen);

/* True when the file name (last segment) has the word, split at '.', '-'
 * and '_', ignoring case: ("docker-compose.prod.yml", "prod"). */
bool rc_role_name_has(const char *path, const char *word);

/* The first word of list that the file name (last segment) has, split at
 * '.', '-' and '_', ignoring case; NULL when none. */
const char *rc_role_name_word(const char *path, const char *const *list);

/* True when a folder of path is named folder exactly (`contrib/x.yml`,
 * `deploy/contrib/x.yml`). */
bool rc_role_under(const char *path, const char *folder);

/* True when the file name names a production variant: prod, production,
 * deploy, deployment, release, live, stack, swarm. */
bool rc_role_name_is_production(const char *path);

/* The role a document's path gives the commands it shows: like
 * rc_role_of_path(), but a documentation folder (docs/, guides/) does not
 * make a document whose own name, or the folder holding it, says it
 * installs, deploys or uninstalls (docs/admin/install-via-compose.md,
 * docs/install/kubernetes.md) an example: it is the install. */
enum rc_role rc_role_of_document(struct rc_arena *a, const char *path);

/* Only a documentation folder (docs/, guides/) makes path not production:
 * without those folders it would be (docs/databases/README.md, not
 * docs/development/setup.md). */
bool rc_role_docs_only(struct rc_arena *a, const char *path);

/* The role of what an install guide applies (`kubectl apply -f
 * docs/install/k8s/`): like rc_role_of_path(), but when a folder of path
 * says it installs or deploys, a documentation folder above it does not
 * make it an example. */
enum rc_role rc_role_of_installed(struct rc_arena *a, const char *path,
                                  char *why, size_t whylen);

/* True when a folder or the file name of path says it deploys, installs or
 * releases (`deploy/`, `scripts/install.sh`, `ansible/roles/app/tasks`,
 * `setup.sh`, `app.service`): what runs from there runs for real. */
bool rc_role_path_says_deploy(const char *path);

/* True when a folder of path is a development environment's
 * (.devcontainer, devenv, devbox, sandbox, ...): what is built there is
 * the developers' workspace whatever builds it. A plain `dev/` or
 * `local/` folder is not enough: projects publish their image from
 * dev/build/Dockerfile. */
bool rc_role_in_dev_environment(const char *path);

#endif
