/*
 * fuzz_dockerfile.c - the Dockerfile parser (rc_dockerfile_parse) and every
 * query the model makes of a parsed file, with the shape it promises:
 * instructions in file order, stages covering instructions after their
 * FROM, and stage indexes in range.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz_support.h"
#include "readycheck/dockerfile.h"
#include "readycheck/mem.h"

static const char *const kws[] = {
    "USER", "CMD", "ENTRYPOINT", "HEALTHCHECK", "EXPOSE",    "WORKDIR",
    "ENV",  "ARG", "COPY",       "RUN",         "STOPSIGNAL"};

static void query_stage(const struct rc_dockerfile *f, struct rc_arena *a,
                        size_t s)
{
  const struct rc_df_stage *st = &f->st[s];
  fz_require(st->first <= st->end && st->end <= f->n, "stage range");
  fz_require(st->image != NULL, "stage without image");
  if (st->name && isalpha((unsigned char)st->name[0])) {
    fz_require(rc_dockerfile_target(f, st->name) >= 0, "named stage found");
    long ref = rc_dockerfile_stage_ref(f, s + 1, st->name);
    fz_require(ref >= 0 && (size_t)ref <= s, "stage ref in range");
  }
  char num[24];
  snprintf(num, sizeof(num), "%zu", s);
  long ref = rc_dockerfile_stage_ref(f, s, num);
  fz_require(ref < (long)s, "numbered ref before");
  rc_dockerfile_resolve(f, a, st->image);
  rc_dockerfile_base_image(f, a, s);
  for (size_t k = 0; k < sizeof(kws) / sizeof(*kws); k++) {
    const struct rc_df_instr *in = rc_dockerfile_inherited(f, s, kws[k]);
    if (in)
      rc_dockerfile_program(a, in->args);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct rc_arena *a = rc_arena_new();
  struct rc_dockerfile f;
  rc_dockerfile_parse(&f, a, "Dockerfile", (const char *)data, size);
  for (size_t i = 0; i < f.n; i++) {
    fz_require(f.in[i].kw && f.in[i].args, "instruction text");
    fz_require(f.in[i].line >= 1 && (i == 0 || f.in[i].line > f.in[i - 1].line),
               "instruction lines increase");
    rc_dockerfile_program(a, f.in[i].args);
  }
  long t = rc_dockerfile_target(&f, NULL);
  fz_require(f.ns ? t == (long)f.ns - 1 : t == -1, "default target");
  for (size_t s = 0; s < f.ns; s++)
    query_stage(&f, a, s);
  rc_dockerfile_release(&f);
  rc_arena_free(a);
  return 0;
}
