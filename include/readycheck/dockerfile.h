/*
 * dockerfile.h - a Dockerfile as Docker reads it, for the deployment model
 * and the probes that query it.
 *
 * Logical instructions (continuation lines joined, comment lines dropped)
 * keep the line they start on; stages are the FROM instructions with their
 * `AS name`; ARG defaults before the first FROM resolve `FROM ${BASE}`.
 * Deliberately small: no heredocs, no parser directives. Parsing never
 * fails: a file without FROM simply has no stages.
 */
#ifndef READYCHECK_DOCKERFILE_H
#define READYCHECK_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/vars.h"

struct rc_arena;

struct rc_df_instr {
  const char *kw;   /* upper case: "FROM", "USER", ... */
  const char *args; /* the rest, continuation lines joined with a space */
  unsigned line;    /* 1-based line of the instruction's first line */
};

/* A COPY or ADD instruction. */
bool rc_df_is_copy(const struct rc_df_instr *in);

/* A COPY or ADD of files from the build context, not `--from` a stage or
 * image. */
bool rc_df_copies_context(const struct rc_df_instr *in);

/* The build-context paths (context-relative, "." for its root, globs
 * kept) a RUN instruction copies into the image with cp, rsync or install
 * from a bind mount of the context (`--mount=type=bind,target=/src`
 * without `from=`; the source defaults to the context's root), also
 * inside a `sh -c` script. Returns the count (at most 64); *out lives in
 * a. */
size_t rc_df_run_copies(struct rc_arena *a, const struct rc_df_instr *in,
                        const char ***out);

struct rc_df_stage {
  const char *image; /* as written after FROM, flags removed */
  const char *name;  /* AS name, lower case, or NULL */
  size_t first, end; /* instructions [first, end) after the FROM */
  unsigned line;
};

struct rc_dockerfile {
  const char *path; /* repo-relative */
  struct rc_df_instr *in;
  size_t n, cap;
  struct rc_df_stage *st;
  size_t ns, caps;
  struct rc_vars args; /* ARG defaults before the first FROM */
};

/* Parses data into *f; strings live in a (the caller's arena), the arrays
 * until rc_dockerfile_release(). */
void rc_dockerfile_parse(struct rc_dockerfile *f, struct rc_arena *a,
                         const char *path, const char *data, size_t len);
void rc_dockerfile_release(struct rc_dockerfile *f);

/* Index of the stage a build with target (NULL: none) produces: the named
 * stage, else the last one. -1 when the file has no stage or the target is
 * not a stage of it. */
long rc_dockerfile_target(const struct rc_dockerfile *f, const char *target);
/* Whether the Dockerfile line holding p (inside text) is an ENV or ARG
 * instruction: only those set what the container runs with (`RUN X=y cmd`
 * is a build step's). */
bool rc_dockerfile_env_line(const char *text, const char *p);

/* Index of a stage before `before` named (or numbered) ref, or -1; a ref
 * made of global ARGs (`FROM base_${VARIANT}`) names the stage their
 * defaults spell. */
long rc_dockerfile_stage_ref(const struct rc_dockerfile *f, size_t before,
                             const char *ref);

/* image with the global ARG defaults expanded; NULL when a variable has no
 * default (the image is chosen at build time). Arena string. */
const char *rc_dockerfile_resolve(const struct rc_dockerfile *f,
                                  struct rc_arena *a, const char *image);

/* The external image stage s finally builds on (following FROM <stage>);
 * NULL when it is chosen at build time. */
const char *rc_dockerfile_base_image(const struct rc_dockerfile *f,
                                     struct rc_arena *a, size_t s);

/* The last instruction kw of stage s or of the stages it builds on (FROM
 * <earlier stage>), as the image inherits it; NULL if none. */
const struct rc_df_instr *rc_dockerfile_inherited(const struct rc_dockerfile *f,
                                                  size_t s, const char *kw);

/* The first program a CMD/ENTRYPOINT argument runs, exec or shell form
 * ("./start.sh", "node"); NULL when none. Arena string. */
const char *rc_dockerfile_program(struct rc_arena *a, const char *args);

/* The Dockerfile makes the file named base executable itself: RUN chmod
 * (naming it, *.sh, -R or +x), `install -m 755 base ...`, or a COPY/ADD
 * --chmod. */
bool rc_dockerfile_chmods(const struct rc_dockerfile *f, const char *base);

#endif
