/*
 * dockerfile_ci_builds.c - images only CI builds, which non_root_user
 * sets aside: builds that only check the image builds, or tag it with a
 * local name no one publishes or runs.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/pipeline.h"

#include "dockerfile_probe.h"

/* The command written at a file's line, with the lines a trailing
 * backslash continues it onto; NULL when unreadable. */
const char *df_command_at(struct run *r, const char *path, unsigned line)
{
  const struct rc_entry *e = rc_index_find(r->ctx->index, path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || line == 0 ||
      rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0)
    return NULL;
  const char *p = data, *end = data + len;
  for (unsigned l = 1; l < line && p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  const char *q = p;
  for (;;) {
    const char *nl = memchr(q, '\n', (size_t)(end - q));
    const char *eol = nl ? nl : end;
    const char *last = eol;
    while (last > q && (last[-1] == ' ' || last[-1] == '\r'))
      last--;
    if (!nl || last == q || last[-1] != '\\')
      return rc_arena_strndup(r->a, p, (size_t)(eol - p));
    q = nl + 1;
  }
}

/* A `docker build` that keeps nothing: no tag, no push, no export, no
 * image id written down - it only checks that the Dockerfile builds. */
static bool builds_only(const char *cmd)
{
  static const char *const keeps[] = {
      " -t",  "--tag",     "--push", "--load",  "--output",   " -o ",
      " -o=", "--iidfile", " -q",    "--quiet", "--cache-to", "--metadata-file",
      NULL};
  if (!cmd || (!strstr(cmd, "docker build") && !strstr(cmd, "buildx build")))
    return false;
  for (size_t i = 0; keeps[i]; i++)
    if (strstr(cmd, keeps[i]))
      return false;
  return true;
}

/* Every build of the image is a CI step that only checks that it builds
 * (`docker build -f Dockerfile.builds --target centos7-all .`, no tag)
 * and nothing the repository deploys runs it: no container comes of it.
 * Says where it is built, or NULL. */
const char *df_ci_build_check(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  if (!m || !t->im || !df_untagged(t->im))
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  const char *where = NULL;
  for (size_t i = 0; i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    if (b->unresolved || !b->dockerfile ||
        strcmp(b->dockerfile, t->df->path) != 0 ||
        !(b->target ? t->im->target && strcmp(b->target, t->im->target) == 0
                    : !t->im->target))
      continue;
    if (!rc_pipeline_is_ci(b->at.path) ||
        !(b->checks_only ||
          builds_only(df_command_at(r, b->at.path, b->at.line))))
      return NULL;
    if (!where)
      where = rc_arena_printf(r->a, "%s:%u", b->at.path, b->at.line);
  }
  return where ? rc_arena_printf(r->a,
                                 "not a service: CI only checks that it "
                                 "builds (%s: no tag, no push) and nothing "
                                 "runs it",
                                 where)
               : NULL;
}

/* Whether text pushes, re-tags or ships the image repository repo: a
 * line holding `push`, `docker tag` (`image tag`) or `ssh ` (`docker save
 * app | ssh host docker load`, a deployment) and repo as a word. */
static bool ships_name(const char *text, const char *repo)
{
  size_t n = strlen(repo);
  for (const char *line = text; line && *line;) {
    size_t len = strcspn(line, "\n");
    const char *end = line + len;
    bool ships = false;
    for (const char *k = line; k + 4 <= end && !ships; k++)
      ships = strncmp(k, "push", 4) == 0 || strncmp(k, " tag ", 5) == 0 ||
              strncmp(k, "ssh ", 4) == 0;
    for (const char *p = line; ships && p + n <= end; p++)
      if (strncmp(p, repo, n) == 0 &&
          (p == line || !(isalnum((unsigned char)p[-1]) || p[-1] == '/' ||
                          p[-1] == '-' || p[-1] == '_')) &&
          !(isalnum((unsigned char)p[n]) || p[n] == '/' || p[n] == '-' ||
            p[n] == '_'))
        return true;
    line = *end ? end + 1 : end;
  }
  return false;
}

/* Every build of the image is a CI step that tags it with a local name -
 * no registry, no namespace - that the CI file never pushes or re-tags
 * (`docker build -t tailscale-head:$SHA . && docker save ...` for the
 * test jobs; one job's `app_ci`, another's `app_local`), and nothing the
 * repository deploys runs it (a `docker run --rm` in the foreground is a
 * command, not a service): a test harness's image. Says where it is built, or
 * NULL. */
const char *df_ci_local_image(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  if (!m || !t->im || !t->im->tag || strchr(t->im->tag, '/'))
    return NULL;
  const char *cu = df_compose_user(r, t), *ku = df_k8s_user(r, t, true);
  if (!cu || *cu || !ku || *ku)
    return NULL; /* something runs it */
  const char *where = NULL;
  for (size_t i = 0; m && i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    if (!b->dockerfile || strcmp(b->dockerfile, t->df->path) != 0)
      continue;
    const char *data = NULL;
    size_t len;
    char err[128];
    const struct rc_entry *e = rc_index_find(r->ctx->index, b->at.path);
    if (b->unresolved || !b->tag || strchr(b->tag, '/') ||
        !rc_pipeline_is_ci(b->at.path) || !e ||
        rc_index_read(r->ctx->index, e, &data, &len, err, sizeof(err)) != 0 ||
        ships_name(data, b->tag))
      return NULL;
    for (size_t k = 0; k < m->entries.n_runs; k++)
      if (strcmp(m->entries.runs[k].image, b->tag) == 0 &&
          !m->entries.runs[k].one_shot)
        return NULL; /* a script runs it as a service */
    if (!where)
      where = rc_arena_printf(r->a, "%s:%u", b->at.path, b->at.line);
  }
  return where ? rc_arena_printf(r->a,
                                 "not a service: CI builds it under the "
                                 "local name '%s' (%s) and never pushes it, "
                                 "and nothing runs it as a service",
                                 t->im->tag, where)
               : NULL;
}

/* The name a `docker build` command tags (`-t NAME`, `--tag NAME`,
 * `--tag=NAME`) as written, its quotes aside; NULL when none. */
const char *df_build_tag_word(struct rc_arena *a, const char *cmd)
{
  for (const char *p = cmd; p && *p; p++) {
    if (p != cmd && !isspace((unsigned char)p[-1]))
      continue;
    const char *v = NULL;
    if (strncmp(p, "-t ", 3) == 0)
      v = p + 3;
    else if (strncmp(p, "--tag ", 6) == 0)
      v = p + 6;
    else if (strncmp(p, "--tag=", 6) == 0)
      v = p + 6;
    if (!v)
      continue;
    v += strspn(v, " \t\"'");
    size_t n = strcspn(v, " \t\"'\\");
    return n ? rc_arena_strndup(a, v, n) : NULL;
  }
  return NULL;
}

/* Where word stands alone in cmd (not inside a longer name), or NULL. */
const char *df_find_word(const char *cmd, const char *word)
{
  size_t n = strlen(word);
  for (const char *p = strstr(cmd, word); p; p = strstr(p + 1, word))
    if ((p == cmd || strchr(" \t\"'", p[-1])) &&
        (!p[n] || strchr(" \t\"'\\:\n", p[n])))
      return p;
  return NULL;
}

/* Whether the text from p to end holds s. */
bool df_line_has(const char *p, const char *end, const char *s)
{
  size_t n = strlen(s);
  for (; p + n <= end; p++)
    if (*p == *s && strncmp(p, s, n) == 0)
      return true;
  return false;
}

/* A `docker run` that runs and exits in the foreground - removed after
 * (--rm) or an interactive session (-it) - not detached, publishing no
 * port. */
bool df_one_shot_run(const char *cmd)
{
  bool once = strstr(cmd, "--rm") || strstr(cmd, " -it ") ||
              strstr(cmd, " -ti ") || strstr(cmd, "--interactive");
  return once && !strstr(cmd, "--detach") && !strstr(cmd, " -d ") &&
         !strstr(cmd, " -p ") && !strstr(cmd, "--publish");
}

/* Whether the repository may publish the image named repo: CI builds
 * its Dockerfile, or a CI command (with what it runs: a Makefile rule)
 * or the file that builds it pushes, re-tags or ships the name. */
bool df_may_publish(struct run *r, const struct target *t, const char *data,
                    const char *repo)
{
  const struct rc_model *m = r->ctx->model;
  if (ships_name(data, repo))
    return true;
  for (size_t i = 0; m && i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    if (b->dockerfile && strcmp(b->dockerfile, t->df->path) == 0 &&
        rc_pipeline_is_ci(b->at.path))
      return true;
  }
  const struct rc_pipeline *pl = m ? &m->entries.pipeline : NULL;
  for (size_t i = 0; pl && i < pl->n_cmds; i++)
    if (pl->cmds[i].text && ships_name(pl->cmds[i].text, repo))
      return true;
  return false;
}
