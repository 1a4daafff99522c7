/*
 * pipeline_images.c - image builds: `docker build` followed into the
 * RUN commands of the Dockerfile stages it builds.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/pipeline.h"
#include "readycheck/dockerfile.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

/* ---- image builds ------------------------------------------------------- */

/* A stage of f that stage s names (FROM <stage>, COPY --from=<stage>, RUN
 * --mount=...,from=<stage>) is built with it: marks them in need. */
static void mark_stage_deps(const struct rc_dockerfile *f, size_t s, bool *need)
{
  long ref = rc_dockerfile_stage_ref(f, s, f->st[s].image);
  if (ref >= 0)
    need[ref] = true;
  for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
    for (const char *p = strstr(f->in[i].args, "from="); p;
         p = strstr(p + 5, "from=")) {
      char name[128];
      size_t len = strcspn(p + 5, " ,\t");
      if (!len || len >= sizeof(name) ||
          (p > f->in[i].args && p[-1] != '-' && p[-1] != ','))
        continue;
      memcpy(name, p + 5, len);
      name[len] = '\0';
      ref = rc_dockerfile_stage_ref(f, s, name);
      if (ref >= 0)
        need[ref] = true;
    }
  }
}

/* The shell text of a RUN instruction: its flags (--mount=..., --network=)
 * skipped; NULL for the exec form and heredocs, read as nothing. */
static const char *run_shell(const char *args)
{
  while (strncmp(args, "--", 2) == 0) {
    args += strcspn(args, " \t");
    args += strspn(args, " \t");
  }
  return *args && *args != '[' && strncmp(args, "<<", 2) != 0 ? args : NULL;
}

/* A build target named for a check (lint, typecheck, test, check, ci,
 * validate, verify), not for what ships (app, backend, production). */
static bool check_stage(const char *target)
{
  static const char *const words[] = {"check",    "checks", "ci",
                                      "validate", "verify", NULL};
  if (!target)
    return false;
  struct rc_gate_hit h;
  rc_gate_of_name(target, &h);
  if (h.gates & (RC_GATE_LINT | RC_GATE_TESTS))
    return true;
  for (size_t i = 0; words[i]; i++)
    if (strcasecmp(target, words[i]) == 0)
      return true;
  return false;
}

/* An image build CI runs (`docker build -f ci/Dockerfile --target test .`,
 * docker/build-push-action): the RUN instructions of the stages the build
 * makes - the target (or last) stage and the stages it builds on or copies
 * from - run in CI, as commands of the build, from the context folder
 * (`RUN go test ./...` after `COPY . .`). A multi-stage file's stage no
 * target needs is not built (BuildKit). The build of an image as it ships
 * compiles (`npm run build` running `tsc`) rather than lints: only a build
 * of a stage named for checking (`--target lint`, `--target check`) counts
 * for lint. */
void pl_run_image_build(struct ctx *c, long id, const char *dockerfile,
                        const char *context, const char *target)
{
  size_t len;
  const char *data = pl_repo_file(c->s, dockerfile, &len);
  const char *key =
      rc_arena_printf(c->s->a, "df:%s:%s", dockerfile, target ? target : "");
  if (!data || id < 0 || c->depth >= MAX_DEPTH || pl_on_stack(c->stack, key))
    return;
  struct rc_dockerfile f;
  rc_dockerfile_parse(&f, c->s->a, dockerfile, data, len);
  long last = rc_dockerfile_target(&f, target);
  bool *need = last >= 0 ? rc_xcalloc(f.ns, sizeof(*need)) : NULL;
  if (need) {
    need[last] = true;
    for (size_t s = (size_t)last + 1; s-- > 0;)
      if (need[s])
        mark_stage_deps(&f, s, need);
    struct frame fr = {NULL, key};
    struct ctx k = pl_child(c, id, NULL, &fr);
    k.cwd = context;
    k.rows = NULL;
    k.row = NULL;
    k.ins = NULL;
    k.in = NULL;
    if (!check_stage(target))
      k.drop |= RC_GATE_LINT;
    for (size_t s = 0; s <= (size_t)last; s++)
      for (size_t i = f.st[s].first; need[s] && i < f.st[s].end; i++) {
        const char *sh =
            strcmp(f.in[i].kw, "RUN") == 0 ? run_shell(f.in[i].args) : NULL;
        if (sh)
          pl_run_text(&k, sh, dockerfile, f.in[i].line, LINES_FIXED, false);
      }
  }
  free(need);
  rc_dockerfile_release(&f);
}

/* docker|podman|nerdctl [buildx|image] build [-f FILE] [--target T]
 * CONTEXT: the Dockerfile it builds (-f from the working folder, else
 * CONTEXT/Dockerfile) read as above. False when w is no such build. */
bool pl_docker_build(struct ctx *c, const char *const *w, size_t n, long id)
{
  static const char *const flags[] = {
      "--pull", "--no-cache", "--push",   "--load",     "-q", "--quiet",
      "--rm",   "--force-rm", "--squash", "--compress", NULL};
  const char *t = rc_path_base(w[0]);
  if (strcmp(t, "docker") != 0 && strcmp(t, "podman") != 0 &&
      strcmp(t, "nerdctl") != 0)
    return false;
  size_t i = 1;
  if (i < n && (strcmp(w[i], "buildx") == 0 || strcmp(w[i], "image") == 0))
    i++;
  if (i >= n || strcmp(w[i], "build") != 0)
    return false;
  const char *file = NULL, *target = NULL, *context = NULL;
  for (i++; i < n && !pl_is_op(w[i]); i++) {
    if ((strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0) && i + 1 < n)
      file = w[++i];
    else if (strncmp(w[i], "--file=", 7) == 0)
      file = w[i] + 7;
    else if (strcmp(w[i], "--target") == 0 && i + 1 < n)
      target = w[++i];
    else if (strncmp(w[i], "--target=", 9) == 0)
      target = w[i] + 9;
    else if (w[i][0] == '-') {
      bool flag = strchr(w[i], '=') != NULL;
      for (size_t k = 0; flags[k] && !flag; k++)
        flag = strcmp(w[i], flags[k]) == 0;
      i += !flag; /* an option's value */
    } else if (!context)
      context = w[i];
  }
  if (!context || strchr(context, '$') || strcmp(context, "-") == 0 ||
      strstr(context, "://") || (file && strchr(file, '$')) ||
      (target && strchr(target, '$')))
    return false;
  const char *dir =
      pl_in_checkout(c->s, rc_path_join(c->s->a, c->cwd, context));
  if (!dir)
    return false;
  const char *df = file ? rc_path_join(c->s->a, c->cwd, file)
                        : rc_path_join(c->s->a, dir, "Dockerfile");
  pl_run_image_build(c, id, df, dir, target);
  return true;
}
