/*
 * pipeline.c - CI files read as pipelines: jobs and steps as structure
 * (name, if, uses, with, continue-on-error), and what each step runs,
 * followed through the Makefile targets, package.json and composer.json
 * scripts, repository scripts, composite actions and matrix values it
 * names, so that `make test` counts as the `go test` it runs and a
 * `continue-on-error` on a Codecov upload is seen for what it is. Every
 * command keeps the file and line it is written on.
 *
 * Shell is read one logical line at a time with entry.c's tokenizer;
 * control keywords and wrappers are skipped (gate_wrappers.c), heredoc bodies
 * are not commands. Recursion, files and commands are bounded.
 *
 * This file: which files are CI files, and the scan's driver. Each
 * pass is a pipeline_*.c file; pipeline_scan.h is what they share.
 */
#include "readycheck/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/doc.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/vars.h"

#include "pipeline_scan.h"

/* ---- small helpers ------------------------------------------------------ */

bool pl_ends_with(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static bool is_yaml(const char *name)
{
  return pl_ends_with(name, ".yml") || pl_ends_with(name, ".yaml");
}

bool rc_pipeline_is_ci_name(const char *name)
{
  static const char *const files[] = {".gitlab-ci.yml",
                                      "Jenkinsfile",
                                      "azure-pipelines.yml",
                                      "bitbucket-pipelines.yml",
                                      ".drone.yml",
                                      ".woodpecker.yml",
                                      "cloudbuild.yaml",
                                      "cloudbuild.yml",
                                      ".travis.yml",
                                      "buildspec.yml",
                                      NULL};
  for (size_t i = 0; files[i]; i++)
    if (strcmp(name, files[i]) == 0)
      return true;
  return false;
}

/* Cloud Build runs the configuration a trigger names by path, so a
 * repository with several triggers keeps them beside each other: a
 * `cloudbuild` folder (at the root or in .github/) or `cloudbuild-pr.yaml`
 * at the root. */
static bool cloud_build(const char *path, const char *name)
{
  static const char *const folders[] = {"cloudbuild/", ".cloudbuild/",
                                        ".github/cloudbuild/", NULL};
  if (!is_yaml(name))
    return false;
  if (name == path)
    return strncmp(name, "cloudbuild", 10) == 0 && strchr("-_.", name[10]);
  for (size_t i = 0; folders[i]; i++) {
    size_t n = strlen(folders[i]);
    if (strncmp(path, folders[i], n) == 0 && name == path + n)
      return true;
  }
  return false;
}

/* A Jenkins pipeline under another name than Jenkinsfile, at the root or
 * in a CI folder: `Jenkinsfile.release`, `Jenkinsfile-ci`,
 * `build.jenkinsfile`, `jenkins.groovy` (a job's Script Path can name any
 * file). */
static bool jenkins_file(const char *path, const char *name)
{
  static const char *const folders[] = {".ci/", "ci/", "jenkins/", ".jenkins/",
                                        NULL};
  bool placed = name == path;
  for (size_t i = 0; folders[i] && !placed; i++) {
    size_t n = strlen(folders[i]);
    placed = strncmp(path, folders[i], n) == 0 && name == path + n;
  }
  if (!placed)
    return false;
  return (strncmp(name, "Jenkinsfile", 11) == 0 &&
          (!name[11] || strchr(".-_", name[11]))) ||
         pl_ends_with(name, ".jenkinsfile") ||
         (strncasecmp(name, "jenkins", 7) == 0 &&
          pl_ends_with(name, ".groovy"));
}

bool rc_pipeline_is_ci(const char *path)
{
  const char *name = rc_path_base(path);
  if (jenkins_file(path, name))
    return true;
  /* a named CI file counts at the root only: elsewhere (a vendored
   * library's .travis.yml) nothing runs it */
  if (name == path && rc_pipeline_is_ci_name(name))
    return true;
  return (strncmp(path, ".github/workflows/", 18) == 0 && is_yaml(name)) ||
         cloud_build(path, name) || strcmp(path, ".circleci/config.yml") == 0 ||
         (strncmp(path, ".woodpecker/", 12) == 0 && is_yaml(name)) ||
         (strncmp(path, ".gitlab/", 8) == 0 && is_yaml(name)) ||
         rc_pipeline_is_buildkite(path);
}

bool rc_pipeline_is_buildkite(const char *path)
{
  const char *name = rc_path_base(path);
  return strncmp(path, ".buildkite/", 11) == 0 && name == path + 11 &&
         strncmp(name, "pipeline", 8) == 0 && is_yaml(name);
}

const cJSON *pl_get(const cJSON *o, const char *key)
{
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

const char *pl_str(const cJSON *o, const char *key)
{
  const cJSON *v = pl_get(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool pl_is_true(const cJSON *v)
{
  return cJSON_IsTrue(v) ||
         (cJSON_IsString(v) && strcasecmp(v->valuestring, "true") == 0);
}

/* A folder of the runner's workspace as a folder of the repository: the
 * job may have checked the repository out below the workspace
 * (`path: src/github.com/acme/app`), and `cd` there is its root. */
const char *pl_in_checkout(const struct rc_pipeline_scan *s, const char *d)
{
  size_t n = s->checkout ? strlen(s->checkout) : 0;
  if (!d || !n || strncmp(d, s->checkout, n) != 0)
    return d;
  return d[n] == '\0' ? "" : d[n] == '/' ? d + n + 1 : d;
}

/* A copy that outlives the parsed document. */
const char *pl_keep(struct rc_pipeline_scan *s, const char *v)
{
  return v ? rc_arena_strdup(s->a, v) : NULL;
}

void pl_add_error(struct rc_pipeline_scan *s, const char *path, const char *msg)
{
  struct rc_pipeline *p = s->p;
  rc_grow((void **)&p->errors, &p->cap_errors, p->n_errors, sizeof(*p->errors));
  p->errors[p->n_errors++] = (struct rc_ci_error){rc_arena_strdup(s->a, path),
                                                  rc_arena_strdup(s->a, msg)};
}

bool pl_on_stack(const struct frame *f, const char *key)
{
  for (; f; f = f->up)
    if (strcmp(f->key, key) == 0)
      return true;
  return false;
}

/* A repository file's bytes, or NULL. */
const char *pl_repo_file(struct rc_pipeline_scan *s, const char *path,
                         size_t *len)
{
  if (!path)
    return NULL;
  const struct rc_entry *e = rc_index_find(s->idx, path);
  if (e && e->kind == RC_ENTRY_SYMLINK)
    e = rc_index_link_target(s->idx, path);
  const char *data;
  if (!e || !rc_index_read_text(s->idx, e, MAX_SCRIPT, &data, len))
    return NULL;
  return data;
}

/* ---- driver ---------------------------------------------------------------
 */

struct rc_pipeline_scan *rc_pipeline_scan_new(struct rc_pipeline *p,
                                              struct rc_index *idx,
                                              struct rc_arena *a)
{
  memset(p, 0, sizeof(*p));
  struct rc_pipeline_scan *s = rc_xcalloc(1, sizeof(*s));
  s->p = p;
  s->idx = idx;
  s->a = a;
  s->java_lint = -1;
  rc_vars_init(&s->sh);
  return s;
}

void rc_pipeline_scan_file(struct rc_pipeline_scan *s, const char *path,
                           const char *data, size_t len)
{
  s->p->n_files++;
  const char *name = rc_path_base(path);
  if (strncmp(path, ".github/workflows/", 18) == 0)
    pl_read_github(s, path, data, len);
  else if (strcmp(name, ".gitlab-ci.yml") == 0 ||
           strncmp(path, ".gitlab/", 8) == 0)
    pl_read_gitlab(s, path, data, len);
  else if (jenkins_file(path, name))
    pl_read_jenkins(s, path, data, len);
  else if (rc_pipeline_is_buildkite(path)) {
    pl_mark_read(s, path);
    s->buildkite = 1;
    pl_read_generic(s, path, data, len);
    s->buildkite = 0;
  } else
    pl_read_generic(s, path, data, len);
}

static bool mentions_outcome(const struct rc_pipeline *p,
                             const struct rc_ci_step *later, const char *id)
{
  char needle[160];
  snprintf(needle, sizeof(needle), "steps.%s.outcome", id);
  char needle2[160];
  snprintf(needle2, sizeof(needle2), "steps.%s.conclusion", id);
  if (later->cond &&
      (strstr(later->cond, needle) || strstr(later->cond, needle2)))
    return true;
  for (size_t k = 0; k < later->n_cmds; k++)
    if (strstr(p->cmds[later->cmd0 + k].text, needle))
      return true;
  return false;
}

static bool step_fails(const struct rc_pipeline *p, const struct rc_ci_step *st)
{
  for (size_t k = 0; k < st->n_cmds; k++)
    if (p->cmds[st->cmd0 + k].fails)
      return true;
  for (size_t k = 0; k < st->n_with; k++)
    if (strstr(st->with[2 * k + 1], "setFailed"))
      return true;
  return false;
}

static bool same_job(const struct rc_ci_step *a, const struct rc_ci_step *b)
{
  return strcmp(a->workflow, b->workflow) == 0 && a->job && b->job &&
         strcmp(a->job, b->job) == 0;
}

/* A step that runs again the tests that failed last (`rspec
 * --only-failures`, `pytest --lf`, `jest --onlyFailures`), unconditionally
 * and not soft itself: a failure that persists fails the job. */
static bool reruns_failures(const struct rc_pipeline *p,
                            const struct rc_ci_step *st)
{
  static const char *const flags[] = {" --only-failures", " --lf",
                                      " --last-failed",   " --onlyFailures",
                                      " --only-failed",   NULL};
  if (st->soft || st->cond)
    return false;
  for (size_t k = st->cmd0; k < st->cmd0 + st->n_cmds; k++) {
    const struct rc_ci_cmd *c = &p->cmds[k];
    if (!(c->gates & RC_GATE_TESTS) || c->masked)
      continue;
    for (size_t f = 0; flags[f]; f++) {
      const char *at = strstr(c->text, flags[f]);
      size_t n = strlen(flags[f]);
      if (at && (at[n] == '\0' || at[n] == ' ' || at[n] == '='))
        return true;
    }
  }
  return false;
}

void rc_pipeline_finish(struct rc_pipeline_scan *s)
{
  struct rc_pipeline *p = s->p;
  pl_chain_workflow_runs(s);
  /* a reusable workflow gates when a gating workflow calls it (the caller
   * may have no steps of its own: jobs that only call workflows) */
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t c = 0; c < s->n_calls; c++) {
      if (!s->calls[c].gating)
        continue;
      for (size_t k = 0; k < s->n_calls; k++)
        if (!s->calls[k].gating &&
            strcmp(s->calls[k].caller, s->calls[c].callee) == 0)
          s->calls[k].gating = changed = true;
    }
  }
  for (size_t c = 0; c < s->n_calls; c++)
    for (size_t i = 0; s->calls[c].gating && i < p->n_steps; i++)
      if (strcmp(p->steps[i].workflow, s->calls[c].callee) == 0)
        p->steps[i].gating = true;
  /* a soft step whose failure a later step of its job turns back into a
   * failure gates after all */
  for (size_t i = 0; i < p->n_steps; i++) {
    struct rc_ci_step *st = &p->steps[i];
    if (!st->soft)
      continue;
    for (size_t j = i + 1; j < p->n_steps && same_job(st, &p->steps[j]); j++)
      if ((st->id && mentions_outcome(p, &p->steps[j], st->id) &&
           step_fails(p, &p->steps[j])) ||
          ((st->gates & RC_GATE_TESTS) && reruns_failures(p, &p->steps[j])))
        st->reraised = true;
  }
  for (size_t i = 0; i < s->n_makes; i++) {
    for (size_t k = 0; k < s->makes[i]->n; k++) {
      free(s->makes[i]->t[k]->recipe);
      free(s->makes[i]->t[k]);
    }
    free(s->makes[i]->t);
    rc_vars_release(&s->makes[i]->vars);
    free(s->makes[i]);
  }
  free(s->makes);
  for (size_t i = 0; i < s->n_mans; i++) {
    if (s->mans[i]->ok)
      rc_docs_release(&s->mans[i]->docs);
    free(s->mans[i]);
  }
  free(s->mans);
  free(s->calls);
  free(s->wfs);
  free(s->read);
  rc_vars_release(&s->sh);
  free(s);
}

void rc_pipeline_release(struct rc_pipeline *p)
{
  if (!p)
    return;
  free(p->steps);
  free(p->cmds);
  free(p->errors);
  memset(p, 0, sizeof(*p));
}
