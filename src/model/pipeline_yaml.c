/*
 * pipeline_yaml.c - the other YAML pipelines (CircleCI and its orbs,
 * Travis, Azure Pipelines and the like) walked for their command keys.
 */
#include <ctype.h>
#include <string.h>

#include "readycheck/pipeline.h"
#include "readycheck/buf.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

/* ---- other YAML pipelines -------------------------------------------------
 */

static bool command_key(const char *k, bool *after)
{
  static const char *const keys[] = {
      "script",       "before_script", "install",       "before_install",
      "commands",     "command",       "run",           "bash",
      "sh",           "pwsh",          "powershell",    "before_deploy",
      "after_script", "after_success", "after_failure", NULL};
  *after = strcmp(k, "after_script") == 0 || strcmp(k, "after_success") == 0 ||
           strcmp(k, "after_failure") == 0;
  for (size_t i = 0; keys[i]; i++)
    if (strcmp(k, keys[i]) == 0)
      return true;
  return false;
}

static const char *soft_map(const cJSON *m)
{
  static const char *const keys[] = {"allow_failure",     "continueOnError",
                                     "continue-on-error", "ignore_failure",
                                     "soft_fail",         NULL};
  for (size_t i = 0; keys[i]; i++)
    if (pl_is_true(pl_get(m, keys[i])))
      return keys[i];
  const char *failure = pl_str(m, "failure");
  return failure && strcmp(failure, "ignore") == 0 ? "failure: ignore" : NULL;
}

/* An Azure Pipelines task (`task: goreleaser@0`, `task: Docker@2`) as the
 * command it runs: the tool and its `inputs` arguments. Script tasks
 * (CmdLine, Bash, PowerShell) are left to their `inputs.script`. NULL when
 * node is no such task. */
static const char *azure_task_command(struct rc_pipeline_scan *s,
                                      const cJSON *node)
{
  static const char *const scripts[] = {"cmdline", "bash",        "powershell",
                                        "pwsh",    "shellscript", NULL};
  const char *task = pl_str(node, "task");
  const char *at = task ? strchr(task, '@') : NULL;
  if (!at || at == task)
    return NULL;
  char tool[64];
  size_t n = (size_t)(at - task) < sizeof(tool) - 1 ? (size_t)(at - task)
                                                    : sizeof(tool) - 1;
  for (size_t i = 0; i < n; i++)
    tool[i] = (char)tolower((unsigned char)task[i]);
  tool[n] = '\0';
  for (size_t i = 0; scripts[i]; i++)
    if (strcmp(tool, scripts[i]) == 0)
      return NULL;
  const cJSON *in = pl_get(node, "inputs");
  if (strcmp(tool, "docker") == 0) {
    const char *cmd = pl_str(in, "command");
    return cmd && rc_str_find_ci(cmd, "build") ? "docker build ." : NULL;
  }
  const char *args =
      pl_str(in, "args") ? pl_str(in, "args") : pl_str(in, "arguments");
  return rc_arena_printf(s->a, "%s %s", tool, args ? args : "");
}

/* Cloud Build: {name: gcr.io/cloud-builders/docker, args: [build, ...]};
 * a Docker Hub image is named by its tag (`golang:1.22`) or runs an
 * entrypoint */
static void cloud_build_step(struct rc_pipeline_scan *s,
                             const struct yaml_src *y, const cJSON *node,
                             const char *name, const char *here_soft,
                             bool *scripted)
{
  const cJSON *args = pl_get(node, "args");
  const char *image = pl_str(node, "name");
  const char *ep = pl_str(node, "entrypoint");
  if (!(cJSON_IsArray(args) && image &&
        (strchr(image, '/') || strchr(image, ':') || ep)))
    return;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, ep ? ep : rc_path_base(image));
  const cJSON *a;
  cJSON_ArrayForEach(a, args)
    if (cJSON_IsString(a))
      rc_buf_printf(&b, " '%s'", a->valuestring);
  size_t i = s->p->n_steps;
  struct rc_ci_step *st = pl_add_step(s, y->path, rc_docs_line(y->docs, node));
  st->name = pl_keep(s, name);
  st->soft = here_soft != NULL;
  st->soft_key = here_soft;
  struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, false};
  pl_run_text(&c, b.data, y->path, st->at.line, LINES_FIXED, false);
  rc_buf_release(&b);
  pl_end_step(s, i);
  *scripted = true;
}

static void azure_task_step(struct rc_pipeline_scan *s,
                            const struct yaml_src *y, const cJSON *node,
                            const char *name, const char *here_soft)
{
  const char *task_cmd = azure_task_command(s, node);
  if (!task_cmd)
    return;
  size_t i = s->p->n_steps;
  struct rc_ci_step *st = pl_add_step(s, y->path, rc_docs_line(y->docs, node));
  st->name = pl_keep(
      s, pl_str(node, "displayName") ? pl_str(node, "displayName") : name);
  st->soft = here_soft != NULL;
  st->soft_key = here_soft;
  struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, false};
  pl_run_text(&c, task_cmd, y->path, st->at.line, LINES_FIXED, false);
  pl_end_step(s, i);
}

/* Buildkite: a step's command is mostly a tool of the repository's own
 * making (`./ci/unit`, `release-tool build`); its label is what the build
 * page shows for it */
static void buildkite_after_step(struct rc_pipeline_scan *s, size_t i,
                                 const cJSON *it)
{
  if (s->p->steps[i].opaque || (s->buildkite && !s->p->steps[i].gates))
    pl_step_name_gates(&s->p->steps[i], s->p->steps[i].name);
  if (!s->buildkite)
    return;
  if (cJSON_IsString(it)) {
    pl_bk_upload(s, it->valuestring);
  } else {
    const cJSON *x;
    cJSON_ArrayForEach(x, it)
      if (cJSON_IsString(x))
        pl_bk_upload(s, x->valuestring);
  }
}

/* A command key (script:, run:, commands: ...) holding a string or a list
 * with strings becomes a step; false: it holds none, so the walk goes on
 * into it. */
static bool command_step(struct rc_pipeline_scan *s, const struct yaml_src *y,
                         const cJSON *it, const char *name, const char *hint,
                         const char *here_soft, bool after, bool *scripted)
{
  bool strings = cJSON_IsString(it);
  const cJSON *x;
  cJSON_ArrayForEach(x, it)
    strings = strings || cJSON_IsString(x);
  if (!strings)
    return false;
  size_t i = s->p->n_steps;
  struct rc_ci_step *st = pl_add_step(s, y->path, rc_docs_line(y->docs, it));
  st->name = pl_keep(s, name);
  st->job = pl_keep(s, hint);
  st->after = after;
  st->soft = here_soft != NULL;
  st->soft_key = here_soft;
  if (here_soft)
    st->soft_at = st->at;
  struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, false};
  if (cJSON_IsString(it)) {
    pl_run_node_text(&c, y, it, it->valuestring);
  } else {
    cJSON_ArrayForEach(x, it)
      if (cJSON_IsString(x))
        pl_run_node_text(&c, y, x, x->valuestring);
  }
  pl_end_step(s, i);
  buildkite_after_step(s, i, it);
  if (strcmp(it->string, "script") == 0 || strcmp(it->string, "commands") == 0)
    *scripted = true;
  return true;
}

void pl_generic_walk(struct rc_pipeline_scan *s, const struct yaml_src *y,
                     const cJSON *node, const char *hint, const char *soft,
                     unsigned depth, bool *scripted)
{
  if (depth > 24)
    return;
  if (cJSON_IsArray(node)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, node)
      pl_generic_walk(s, y, it, hint, soft, depth + 1, scripted);
    return;
  }
  if (!cJSON_IsObject(node))
    return;
  const char *here_soft = soft ? soft : soft_map(node);
  const char *name = pl_str(node, "name") ? pl_str(node, "name") : hint;
  if (s->buildkite && pl_str(node, "label"))
    name = pl_bk_label(s, pl_str(node, "label"));
  cloud_build_step(s, y, node, name, here_soft, scripted);
  azure_task_step(s, y, node, name, here_soft);
  const cJSON *it;
  cJSON_ArrayForEach(it, node) {
    bool after = false;
    if (!it->string)
      continue;
    if (command_key(it->string, &after) &&
        (cJSON_IsString(it) || cJSON_IsArray(it)) &&
        command_step(s, y, it, name, hint, here_soft, after, scripted))
      continue;
    pl_generic_walk(s, y, it, depth < 3 ? it->string : hint, here_soft,
                    depth + 1, scripted);
  }
}

/* Travis runs a default script per language when none is given. */
static void travis_default(struct rc_pipeline_scan *s, const struct yaml_src *y,
                           const cJSON *root)
{
  const cJSON *lang = pl_get(root, "language");
  if (!cJSON_IsString(lang))
    return;
  const char *l = lang->valuestring;
  const char *script = NULL, *install = NULL;
  if (strcmp(l, "java") == 0 || strcmp(l, "android") == 0) {
    bool gradle = rc_index_find(s->idx, "build.gradle") ||
                  rc_index_find(s->idx, "build.gradle.kts");
    script = gradle ? "gradle check" : "mvn test -B";
    install = gradle ? "gradle assemble" : "mvn install -DskipTests=true -B";
  } else if (strcmp(l, "node_js") == 0) {
    script = "npm test";
  } else if (strcmp(l, "ruby") == 0) {
    script = "bundle exec rake";
  } else if (strcmp(l, "go") == 0) {
    script = "go test -v ./...";
  } else if (strcmp(l, "php") == 0) {
    script = "phpunit";
  } else if (strcmp(l, "rust") == 0) {
    script = "cargo build --verbose && cargo test --verbose";
  }
  if (!script)
    return;
  size_t i = s->p->n_steps;
  struct rc_ci_step *st = pl_add_step(s, y->path, rc_docs_line(y->docs, lang));
  st->name = rc_arena_printf(s->a, "default script for language: %s", l);
  struct ctx c = {s, "", -1, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, false};
  if (install && !pl_get(root, "install"))
    pl_run_text(&c, install, y->path, st->at.line, LINES_FIXED, false);
  pl_run_text(&c, script, y->path, st->at.line, LINES_FIXED, false);
  pl_end_step(s, i);
}

/* An orb's job or command a CircleCI workflow or job names (`node/test`,
 * `go/test: {...}`), or NULL: the part before the slash is an orb the
 * configuration declares. */
static const char *orb_item(const cJSON *orbs, const cJSON *it)
{
  const char *ref =
      cJSON_IsString(it) ? it->valuestring
      : cJSON_IsObject(it) && it->child && !it->child->next && it->child->string
          ? it->child->string
          : NULL;
  const char *slash = ref ? strchr(ref, '/') : NULL;
  if (!slash || slash == ref || strchr(slash + 1, '/'))
    return NULL;
  const cJSON *o;
  cJSON_ArrayForEach(o, orbs)
    if (o->string && strlen(o->string) == (size_t)(slash - ref) &&
        strncmp(o->string, ref, (size_t)(slash - ref)) == 0)
      return ref;
  return NULL;
}

/* CircleCI orbs: the jobs and commands of another repository's
 * configuration a workflow or job runs by name (`node/test` runs the
 * project's tests as the orb defines them), each an opaque step judged by
 * the name after the orb's. */
static void circleci_orbs(struct rc_pipeline_scan *s, const struct yaml_src *y,
                          const cJSON *root)
{
  const cJSON *orbs = pl_get(root, "orbs");
  if (!cJSON_IsObject(orbs))
    return;
  const cJSON *wf, *job, *it;
  cJSON_ArrayForEach(wf, pl_get(root, "workflows")) {
    cJSON_ArrayForEach(it, pl_get(wf, "jobs")) {
      const char *ref = orb_item(orbs, it);
      if (ref)
        pl_remote_step(s, y->path, rc_docs_line(y->docs, it), ref,
                       strchr(ref, '/') + 1, ref);
    }
  }
  cJSON_ArrayForEach(job, pl_get(root, "jobs")) {
    cJSON_ArrayForEach(it, pl_get(job, "steps")) {
      const char *ref = orb_item(orbs, it);
      if (ref)
        pl_remote_step(s, y->path, rc_docs_line(y->docs, it), job->string,
                       strchr(ref, '/') + 1, ref);
    }
  }
}

void pl_read_generic(struct rc_pipeline_scan *s, const char *path,
                     const char *data, size_t len)
{
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(s->idx), &docs, data, len, path,
                         RC_DOC_YAML, err, sizeof(err)) != 0) {
    pl_add_error(s, path, err);
    return;
  }
  struct yaml_src y = {&docs, data, path};
  bool scripted = false;
  for (size_t i = 0; i < docs.n; i++)
    pl_generic_walk(s, &y, docs.docs[i], NULL, NULL, 0, &scripted);
  if (!scripted && strcmp(path, ".travis.yml") == 0 && docs.n)
    travis_default(s, &y, docs.docs[0]);
  if (strcmp(path, ".circleci/config.yml") == 0 && docs.n)
    circleci_orbs(s, &y, docs.docs[0]);
  rc_docs_release(&docs);
}
