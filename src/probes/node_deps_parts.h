/*
 * node_deps_parts.h - internal to src/probes: what the node_deps probe's
 * files share - the options, the manifests in scope, the run - and the
 * functions they call in each other, named nd_ (node_deps). node_deps.c
 * holds the table entry, options, paths and manifests; node_deps_imports.c
 * the imports check (specifiers, what declares or provides a package);
 * node_deps_aliases.c the configurations that alias an import name;
 * node_deps_lockfile.c the lockfile check and the lockfile lookups the
 * imports check shares.
 */
#ifndef READYCHECK_PROBES_NODE_DEPS_PARTS_H
#define READYCHECK_PROBES_NODE_DEPS_PARTS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "readycheck/probe.h"

enum { CHECK_IMPORTS, CHECK_LOCKFILE };
enum { MAX_SOURCE_BYTES = 1 << 20, MAX_NAME = 214, MAX_FINDINGS = 200 };

enum { LOCKED_ANY, LOCKED_NO, LOCKED_YES };

enum { LOCK_ANY, LOCK_PRESENT, LOCK_ABSENT };

enum { REACH_ANY, REACH_REACHED, REACH_UNREACHED };

struct cfg {
  struct rc_strlist manifest;
  int check;
  struct rc_strlist exclude;
  int in_lockfile; /* LOCKED_*: which undeclared imports to report */
  int lockfile;    /* LOCK_*: the packages whose source files to scan */
  int reach;       /* REACH_*: which source files to scan */
};

/* One manifest in scope: its directory and everything it declares. */
struct manifest {
  const char *path;
  char *dir; /* "" for the root */
  cJSON *json;
  int has_lock; /* 0 not looked up yet, 1 a lockfile at or above, -1 none */
};

struct run {
  const struct cfg *cfg;
  struct rc_ctx *ctx;
  struct rc_check *out;
  struct manifest *m;
  size_t n_m, cap_m;
  size_t findings;
  const char *error;    /* first reason the probe cannot evaluate */
  size_t n_judged;      /* lockfile check: manifests compared with a lockfile */
  const char *unjudged; /* the first reason one could not be */
  char *lock_path;      /* the last lockfile read for in_lockfile, cached */
  const char *lock_text;
  cJSON *lock_json;
};

/* node_deps.c: paths and manifests */
extern const char *const nd_dep_fields[];
char *nd_dir_of(const char *path);
char *nd_join(const char *dir, const char *name);
bool nd_in_skipped_dir(const char *path);
bool nd_any_glob(const char *const *globs, size_t n, const char *path);
bool nd_declares_dependency(const cJSON *json, const char *name);
bool nd_declares(const cJSON *json, const char *name);
const char *nd_pinning_field(const cJSON *json, const char *name);
bool nd_up_from(const char *dir, bool (*at)(const char *folder, void *arg),
                void *arg);

/* node_deps_imports.c */
void nd_check_imports(struct run *r);

/* node_deps_aliases.c */
bool nd_aliased(struct run *r, const struct manifest *m, const char *name);

/* node_deps_lockfile.c */
const struct rc_entry *nd_find_lock(const struct run *r, const char *dir,
                                    char **lockdir);
bool nd_in_text_lock(const char *text, const char *name);
const struct manifest *nd_manifest_in(const struct run *r, const char *dir);
bool nd_outside_workspaces(const struct run *r, const char *lockdir,
                           const struct manifest *m);
void nd_check_lockfile(struct run *r);

#endif
