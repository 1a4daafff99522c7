/*
 * referrers.h - which files name a file, and whether only tests do.
 *
 * A key or certificate that the test suite loads is a test fixture
 * wherever it is kept (server/configs/certs/key.pem, etc/dev-app.key):
 * its folder and name say nothing, its users do. rc_referrers_test_only()
 * looks for the files that name each given file - by its base name, where
 * the path written around the name (`./configs/certs/key.pem`,
 * `$DIR/key.pem`) agrees with the file's path on the folders both have -
 * and calls a file used only by tests when something names it and
 * everything that names it is
 *
 * - test code or test data by its path (`*_test.go`, `test_x.py`,
 *   `x.spec.ts`, `XTest.java`, a folder `test/`, `tests/`, `spec/`,
 *   `e2e/`, `testdata/`, `fixtures/`, `.ci/`, ...);
 * - a compose file of a development or test setup by its path
 *   (`docker-compose.dev.yml`, `.devcontainer/compose.yaml`: role.h);
 * - a configuration file (.conf, .yml, .json, .toml, ...; not a compose
 *   file, not a CI file) that is itself used only by tests, followed at
 *   most RC_REFERRERS_HOPS files away from the one asked about;
 * - a CI file, where each naming line lies in a step of a job that runs
 *   tests (by the CI model's gates) and does not say it deploys,
 *   releases or publishes.
 *
 * What names a file's folder (a written path of at least two folders,
 * `./configs/tls`, `server/certs/`) uses the file too: a deploy script
 * that copies the folder, a test that loads a configuration by a computed
 * name (`fmt.Sprintf("%s/tls-%s.conf", "./configs/tls", kind)`).
 *
 * Ignore lists (.gitignore, .dockerignore) and .gitattributes name
 * files without using them: they are not read. Nor does a comment line
 * (one starting with `#` or `//`: a commented-out setting in an env
 * template, a line of code put out of use) use the file it names.
 *
 * A key nothing names, with its certificate beside it (x-key.pem and
 * x-cert.pem, x.key and x.crt, cfssl's ca-key.pem and ca.pem), is judged
 * by the certificate: a test CA's key signs once and is never loaded, its
 * certificate is what tests name.
 *
 * A file asked about kept among the CI configuration (.github/,
 * .gitlab/, .circleci/, .buildkite/) that nothing but documentation
 * (.md, .rst, .adoc: prose never loads it) names, and whose folder only
 * files there name (or, for a key, whose certificate beside it is such a
 * file), is a CI job's test material: CI services read only their own
 * YAML and scripts there, and a key left beside the workflows by a job
 * since removed is never what a deployment loads.
 *
 * Any other file asked about that nothing names itself is not used only
 * by tests (an accidentally committed key is exactly that), and one named by
 * anything else - a Dockerfile, a compose file, a deploy script,
 * application code, a README - is not either.
 *
 * Cost: one read of the repository's text files per hop (files over
 * 1 MiB and binary files are skipped), and only the base names (and
 * folder names) asked about are looked up in each file's words; the
 * users of a configuration are looked for only while a file asked about
 * could still be a test's. Past 256 MiB read in all, no file is called
 * a test's (a user may have been missed).
 */
#ifndef READYCHECK_REFERRERS_H
#define READYCHECK_REFERRERS_H

#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_index;
struct rc_pipeline;

enum { RC_REFERRERS_HOPS = 3 };

/* For each of paths[0..n) (repo-relative), why[i] is NULL, or - when the
 * file is used only by tests - a short reason naming a file that uses it
 * ("named only by tests: 'server/opts_test.go' (through
 * 'server/configs/tls.conf') and 4 more"), in a. ci may be NULL: CI files
 * then count as other users. */
void rc_referrers_test_only(struct rc_index *idx, const struct rc_pipeline *ci,
                            struct rc_arena *a, const char *const *paths,
                            size_t n, const char **why);

/* rc_referrers_test_only, and - when deployer is not NULL - deployer[i]:
 * a CI file that names paths[i] itself on a line of a job whose name says
 * it deploys, releases or publishes (`scp etc/app.key prod:/etc/app/`, a
 * publish job's `env: TLS_KEY_FILE: etc/site.key`), or NULL. What the
 * deployment does with a key, not only whether tests use it. */
void rc_referrers_judge(struct rc_index *idx, const struct rc_pipeline *ci,
                        struct rc_arena *a, const char *const *paths, size_t n,
                        const char **why, const char **deployer);

/* True when the path names test code or test data: a test folder or a
 * test file name (the first rule of the list above). */
bool rc_referrers_is_test_path(const char *path);

#endif
