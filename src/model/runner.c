/*
 * runner.c - whether a `docker compose -f a -f b ...` line in a CI
 * workflow starts the stack on the CI runner itself. A hosted runner is
 * thrown away when the job ends, so a stack brought up there (`up`, `run`,
 * `pull`, `exec`) is a test harness, not the deployment - unless the job
 * talks to another Docker host (DOCKER_HOST, --context, -H, ssh), runs
 * on a self-hosted machine, or the workflow is named for deploying. Building or
 * pushing images with the chain
 * (`build`, `push`, `config`) is not starting it and proves nothing
 * either way.
 */
#include "readycheck/model.h"

#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"
#include "readycheck/shellwords.h"

static bool ci_file(const char *path)
{
  return strncmp(path, ".github/workflows/", 18) == 0 ||
         strcmp(path, ".gitlab-ci.yml") == 0 ||
         strncmp(path, ".gitlab/ci/", 11) == 0;
}

/* The text of line n of data (1-based), or NULL. */
static const char *line_text(struct rc_arena *a, const char *data, size_t len,
                             unsigned n)
{
  const char *p = data, *end = data + len;
  for (unsigned i = 1; i < n && p < end; i++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return NULL;
    p = nl + 1;
  }
  const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
  return p < end ? rc_arena_strndup(a, p, (size_t)((nl ? nl : end) - p)) : NULL;
}

/* The compose subcommand of the line starts the stack. */
static bool starts_stack(struct rc_arena *a, const char *line)
{
  static const char *const verbs[] = {"up",    "run",    "pull", "exec",
                                      "start", "create", NULL};
  const char **w;
  size_t n = rc_shell_words(a, line, &w);
  bool compose = false;
  for (size_t i = 0; i < n; i++) {
    if (rc_shell_is_op(w[i])) {
      compose = false; /* the next command starts after an operator */
      continue;
    }
    if (strcmp(w[i], "docker-compose") == 0 || strcmp(w[i], "compose") == 0)
      compose = true;
    if (!compose)
      continue;
    if (strcmp(w[i], "-f") == 0 || strcmp(w[i], "--file") == 0) {
      i++;
      continue;
    }
    for (size_t k = 0; verbs[k]; k++)
      if (strcmp(w[i], verbs[k]) == 0)
        return true;
  }
  return false;
}

static bool elsewhere(const char *text)
{
  static const char *const marks[] = {
      "DOCKER_HOST", "--context", "docker context", "self-hosted", "ssh",
      " -H ",        NULL};
  for (size_t i = 0; marks[i]; i++)
    if (strstr(text, marks[i]))
      return true;
  return false;
}

bool rc_workflow_deploy_named(const char *path)
{
  static const char *const words[] = {"deploy",  "release", "prod",
                                      "publish", "rollout", NULL};
  return rc_str_find_any_ci(rc_path_base(path), words);
}

bool rc_chain_on_ci_runner(struct rc_index *idx, struct rc_arena *a,
                           const struct rc_chain *c)
{
  if (!c->at.path || !ci_file(c->at.path) ||
      rc_workflow_deploy_named(c->at.path))
    return false;
  const struct rc_entry *e = rc_index_find(idx, c->at.path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  const char *line = line_text(a, data, len, c->at.line);
  if (!line || !starts_stack(a, line))
    return false;
  return !elsewhere(data); /* rc_index_read's bytes end in a NUL */
}

/* Line n of data with the lines its trailing `\` continues, joined. */
static const char *command_text(struct rc_arena *a, const char *data,
                                size_t len, unsigned n)
{
  struct rc_buf b;
  rc_buf_init(&b);
  for (unsigned k = n;; k++) {
    const char *line = line_text(a, data, len, k);
    if (!line)
      break;
    size_t l = strlen(line);
    while (l && (line[l - 1] == ' ' || line[l - 1] == '\r'))
      l--;
    bool more = l && line[l - 1] == '\\';
    rc_buf_printf(&b, "%.*s ", (int)(more ? l - 1 : l), line);
    if (!more)
      break;
  }
  const char *text = rc_arena_strdup(a, b.data ? b.data : "");
  rc_buf_release(&b);
  return text;
}

/* The workflow talks to another Docker host: `-H` counts only after
 * `docker` (`curl -H "Authorization: ..."` is a header). */
static bool other_host(const char *text)
{
  static const char *const marks[] = {
      "DOCKER_HOST", "--context",  "docker context", "self-hosted",
      "ssh",         "docker -H ", "docker --host",  NULL};
  for (size_t i = 0; marks[i]; i++)
    if (strstr(text, marks[i]))
      return true;
  return false;
}

bool rc_chain_on_other_host(struct rc_index *idx, struct rc_arena *a,
                            const struct rc_chain *c)
{
  if (!c->at.path || !ci_file(c->at.path))
    return false;
  const struct rc_entry *e = rc_index_find(idx, c->at.path);
  const char *data;
  size_t len;
  char err[128];
  if (!e || rc_index_read(idx, e, &data, &len, err, sizeof(err)) != 0)
    return false;
  const char *cmd = command_text(a, data, len, c->at.line);
  return cmd && starts_stack(a, cmd) && other_host(data);
}
