/*
 * dockerfile_stages.c - multi_stage and the stage graph: which stages
 * a build runs, the stage an external base enters through, named build
 * contexts and stages of INCLUDEd Dockerfiles.
 */
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "dockerfile_probe.h"

/* ---- stages and bases --------------------------------------------------- */

struct file_result df_req_multi_stage(struct run *r, const struct target *t)
{
  const struct rc_dockerfile *f = t->df;
  if (f->ns >= 2)
    return df_result(true, f->st[t->stage].line,
                     rc_arena_printf(r->a, "%zu stages", f->ns));
  return df_result(false, f->st[0].line,
                   "single-stage build: build tools ship in the "
                   "runtime image");
}

/* Whether text gives a build context this name: `name = "target:base"`
 * in a bake file's contexts, `"name": "..."` in its JSON form,
 * `--build-context name=...` or build-push-action's `build-contexts:`
 * lines `name=...`. */
static bool names_context(const char *text, const char *name)
{
  size_t n = strlen(name);
  bool bake = strstr(text, "contexts") != NULL;
  bool flag = strstr(text, "build-context") != NULL;
  if (!bake && !flag)
    return false;
  for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
    const char *q = p + n;
    if (p == text || !strchr(" \t\n\"{,", p[-1]))
      continue;
    if (flag && *q == '=' && strchr(" \t\n", p[-1]))
      return true; /* --build-context name=..., build-contexts: name=... */
    if (*q == '"')
      q++;
    q += strspn(q, " \t");
    if (bake && (*q == '=' || *q == ':') && q[1 + strspn(q + 1, " \t")] == '"')
      return true; /* name = "target:base", "name": "..." */
  }
  return false;
}

struct context_find {
  struct rc_index *idx;
  const char *name;
};

static int on_context_file(const struct rc_entry *e, void *arg)
{
  struct context_find *cf = arg;
  const char *data;
  size_t len;
  char err[64];
  if (rc_entry_size(cf->idx, e) > (1u << 20) ||
      rc_index_read(cf->idx, e, &data, &len, err, sizeof(err)) != 0)
    return 0;
  return names_context(data, cf->name) ? 1 : 0;
}

/* `FROM base` (or `FROM acme/base`) with no tag may name a build context
 * that `docker buildx bake` or `--build-context` supplies (often another
 * target built from the same commit), not an image on Docker Hub. */
bool df_is_named_context(struct run *r, const char *image)
{
  /* a context may stand in for any image name (`"acme/base" =
   * "target:base"`), so only a tag, digest or variable rules it out */
  if (strpbrk(image, ":@$"))
    return false;
  static const char *const globs[] = {"**/*.hcl",
                                      "**/docker-bake*.json",
                                      ".github/workflows/*.{yml,yaml}",
                                      "**/Makefile",
                                      "**/*.sh",
                                      NULL};
  struct context_find cf = {r->ctx->index, image};
  for (size_t i = 0; globs[i]; i++)
    if (rc_index_glob(r->ctx->index, globs[i], RC_ENTRY_FILE, on_context_file,
                      &cf))
      return true;
  return false;
}

/* Whether the file at path (a Dockerfile), or one it INCLUDEs, has a
 * stage called name. */
static bool file_has_stage(struct run *r, const char *path, const char *name,
                           int depth);

/* dockerfile-x (`# syntax = devthefuture/dockerfile-x`) lets a Dockerfile
 * INCLUDE others, and `FROM runtime` then names a stage (`AS runtime`) of
 * an included file, built from the same commit, not an image on Docker
 * Hub. An included path is read beside the Dockerfile or from the root
 * (the build context). */
bool df_included_stage(struct run *r, const struct rc_dockerfile *f,
                       const char *name, int depth)
{
  if (depth > 3 || strpbrk(name, "/.:@$"))
    return false;
  const char *dir = rc_path_dir(r->a, f->path);
  for (size_t i = 0; i < f->n; i++) {
    if (strcmp(f->in[i].kw, "INCLUDE") != 0)
      continue;
    const char *arg = f->in[i].args;
    const char *rel = rc_arena_strndup(r->a, arg, strcspn(arg, " \t"));
    const char *paths[] = {rc_path_join(r->a, dir, rel),
                           rc_path_join(r->a, "", rel)};
    for (size_t k = 0; k < 2; k++)
      if (paths[k] && file_has_stage(r, paths[k], name, depth + 1))
        return true;
  }
  return false;
}

static bool file_has_stage(struct run *r, const char *path, const char *name,
                           int depth)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[64];
  if (!e || rc_entry_size(r->ctx->index, e) > (1u << 20) ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  struct rc_dockerfile inc;
  rc_dockerfile_parse(&inc, r->a, path, data, len);
  bool found = rc_dockerfile_target(&inc, name) >= 0 ||
               df_included_stage(r, &inc, name, depth);
  rc_dockerfile_release(&inc);
  return found;
}

/* The stage an instruction takes files from: `COPY --from=NAME` or a
 * `RUN --mount=...,from=NAME`; -1 for none (or an image, not a stage). */
static long instr_from_stage(struct rc_arena *a, const struct rc_dockerfile *f,
                             size_t s, const struct rc_df_instr *in)
{
  const char *p = NULL;
  if (rc_df_is_copy(in))
    p = strstr(in->args, "--from=");
  else if (strcmp(in->kw, "RUN") == 0 && strstr(in->args, "--mount="))
    p = strstr(in->args, "from=");
  if (!p)
    return -1;
  p = strchr(p, '=') + 1;
  size_t n = strcspn(p, " \t,");
  return rc_dockerfile_stage_ref(f, s, rc_arena_strndup(a, p, n));
}

/* Marks the stages a build of stage s runs (BuildKit skips the others):
 * s, the stage it starts FROM, and the stages they copy or mount from. */
void df_mark_needed(struct rc_arena *a, const struct rc_dockerfile *f, size_t s,
                    bool *need)
{
  if (need[s])
    return;
  need[s] = true;
  long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
  if (prev >= 0)
    df_mark_needed(a, f, (size_t)prev, need);
  for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
    long from = instr_from_stage(a, f, s, &f->in[i]);
    if (from >= 0)
      df_mark_needed(a, f, (size_t)from, need);
  }
}

/* Some stage of the FROM chain that ends in stage s copies or mounts
 * files from a stage rooted at root: what was made on that base goes
 * into the image as it is. */
bool df_chain_takes_from(struct rc_arena *a, const struct rc_dockerfile *f,
                         size_t s, size_t root)
{
  if (df_root_stage(f, s) == root)
    return true;
  for (size_t hops = 0; hops <= f->ns; hops++) {
    for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
      long from = instr_from_stage(a, f, s, &f->in[i]);
      if (from >= 0 && df_root_stage(f, (size_t)from) == root)
        return true;
    }
    long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      break;
    s = (size_t)prev;
  }
  return false;
}

/* The stage whose FROM names the external image stage s builds on. */
size_t df_root_stage(const struct rc_dockerfile *f, size_t s)
{
  for (size_t hops = 0; hops <= f->ns; hops++) {
    long prev = rc_dockerfile_stage_ref(f, s, f->st[s].image);
    if (prev < 0)
      break;
    s = (size_t)prev;
  }
  return s;
}

/* A plain operating system image (no language toolchain of its own). */
bool df_os_base(struct rc_arena *a, const char *image)
{
  static const char *const names[] = {"alpine",      "debian",    "ubuntu",
                                      "busybox",     "centos",    "fedora",
                                      "rockylinux",  "almalinux", "amazonlinux",
                                      "oraclelinux", "archlinux", NULL};
  const char *repo = df_repo_name(a, image);
  for (size_t i = 0; names[i]; i++)
    if (strcmp(repo, names[i]) == 0)
      return true;
  return false;
}

/* A RUN of stage s compiles or installs a project's dependencies: what
 * it makes depends on the toolchain the base image brings. */
bool df_stage_builds(const struct rc_dockerfile *f, size_t s)
{
  /* words, split at anything but letters and digits: `build` covers
   * `go build`, `npm run build`, build-base and build-essential */
  static const char *const tools[] = {
      "make",   "cmake", "gcc",      "clang",  "cargo",  "rustc", "go",
      "build",  "npm",   "yarn",     "pnpm",   "pip",    "pip3",  "mvn",
      "gradle", "javac", "composer", "bundle", "dotnet", NULL};
  for (size_t i = f->st[s].first; i < f->st[s].end; i++) {
    if (strcmp(f->in[i].kw, "RUN") != 0)
      continue;
    for (size_t k = 0; tools[k]; k++)
      if (df_has_name_word(f->in[i].args, tools[k], strlen(tools[k])))
        return true;
  }
  return false;
}
