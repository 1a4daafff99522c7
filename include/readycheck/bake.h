#ifndef READYCHECK_BAKE_H
#define READYCHECK_BAKE_H

/*
 * bake.h - `docker buildx bake` definitions: docker-bake.hcl (the subset
 * bake files use: blocks, attributes, strings, lists, `${VAR}`) and
 * docker-bake.json. A file read here answers which Dockerfile, context,
 * stage and tags each target builds, with `inherits`, `group` and simple
 * `variable` defaults resolved. What it cannot read is an error with
 * file:line:column, never a guess.
 */
#include <stdbool.h>
#include <stddef.h>

struct rc_arena;
struct rc_doc_cache;
struct rc_bake;

/* Strings live in a; free the definitions with rc_bake_free(). */
struct rc_bake *rc_bake_new(struct rc_arena *a);
void rc_bake_free(struct rc_bake *b);

/* Reads one bake file into b (HCL, or JSON when path ends in .json); a
 * later file's target of the same name overrides the earlier attribute by
 * attribute, as bake merges its files. Returns 0, or -1 with err set to
 * "path:line:column: what could not be read". */
int rc_bake_read(struct rc_bake *b, struct rc_doc_cache *docs, const char *path,
                 const char *data, size_t len, char *err, size_t errlen);

struct rc_bake_target {
  const char *name;
  const char *context;    /* as written, variables substituted; "." default */
  const char *dockerfile; /* relative to context; "Dockerfile" default */
  const char *target;     /* the stage, or NULL */
  const char *tags;       /* space-separated, or NULL */
  bool unknown;   /* context, dockerfile or target is an expression not read */
  bool no_image;  /* its outputs are only cache, files or a tarball */
  bool inline_df; /* dockerfile-inline: no Dockerfile of the tree */
  bool metadata;  /* inherits docker-metadata-action's target */
  const char *file; /* where the target block is */
  unsigned line;
};

/* The targets names build: groups expanded, inherits merged, `${VAR}` with
 * a plain default substituted. No names: the group or target "default".
 * Writes up to max and returns how many were written. */
size_t rc_bake_targets(const struct rc_bake *b, const char *const *names,
                       size_t n, struct rc_bake_target *out, size_t max);

/* The names of the targets and groups glob matches (rc_glob_match), each
 * once, up to max - but not a `_name` (a target only inherited) unless the
 * glob starts with `_`, nor `docker-metadata-action` (the tags
 * docker/metadata-action writes for others to inherit); returns how many
 * were written. */
size_t rc_bake_names(const struct rc_bake *b, const char *glob,
                     const char **out, size_t max);

#endif
