/*
 * pipeline_compose.c - a compose service's own command: `docker compose
 * run SERVICE` followed into the command of that service.
 */
#include <string.h>

#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

static bool compose_valued(const char *o)
{
  static const char *const valued[] = {"-p",         "--project-name",
                                       "--profile",  "--env-file",
                                       "--ansi",     "--progress",
                                       "--parallel", "-e",
                                       "--env",      "-w",
                                       "--workdir",  "-u",
                                       "--user",     "-v",
                                       "--volume",   "--publish",
                                       "--name",     "-l",
                                       "--label",    "--pull",
                                       "--cap-add",  "--cap-drop",
                                       "--scale",    "-t",
                                       "--timeout",  "--wait-timeout",
                                       "--attach",   "--no-attach",
                                       NULL};
  for (size_t i = 0; valued[i]; i++)
    if (strcmp(o, valued[i]) == 0)
      return true;
  return false;
}

/* `docker compose [-f FILE] up --exit-code-from SVC` (or
 * `--abort-on-container-exit SVC...`) and `docker compose run SVC` with no
 * command: what decides the step is the command the compose file gives
 * the service. False for anything else (`up -d` only starts a stack; `run
 * SVC pytest` is read by gate_wrappers.c). */
bool pl_compose_call_of(const char *const *w, size_t n, struct compose_call *cc)
{
  size_t j = 0;
  while (j < n && (strcmp(w[j], "sudo") == 0 || strcmp(w[j], "time") == 0))
    j++;
  const char *t = j < n ? rc_path_base(w[j]) : "";
  if (strcmp(t, "docker-compose") == 0 || strcmp(t, "podman-compose") == 0)
    j++;
  else if ((strcmp(t, "docker") == 0 || strcmp(t, "podman") == 0) &&
           j + 1 < n && strcmp(w[j + 1], "compose") == 0)
    j += 2;
  else
    return false;
  memset(cc, 0, sizeof(*cc));
  for (; j < n && w[j][0] == '-' && !pl_is_op(w[j]); j++) {
    bool file = strcmp(w[j], "-f") == 0 || strcmp(w[j], "--file") == 0;
    if ((file || strcmp(w[j], "--project-directory") == 0) && j + 1 < n) {
      if (file && cc->n_files < 8)
        cc->files[cc->n_files++] = w[j + 1];
      else if (!file)
        cc->dir = w[j + 1];
      j++;
    } else if (strncmp(w[j], "--file=", 7) == 0 && cc->n_files < 8) {
      cc->files[cc->n_files++] = w[j] + 7;
    } else if (compose_valued(w[j]) && j + 1 < n) {
      j++;
    }
  }
  if (j >= n)
    return false;
  bool up = strcmp(w[j], "up") == 0, run = strcmp(w[j], "run") == 0;
  if (!up && !run)
    return false;
  bool exits = false;
  for (j++; j < n && !pl_is_op(w[j]); j++) {
    if (strcmp(w[j], "--exit-code-from") == 0 && j + 1 < n) {
      exits = true;
      if (cc->n_svcs < 8)
        cc->svcs[cc->n_svcs++] = w[j + 1];
      j++;
    } else if (strncmp(w[j], "--exit-code-from=", 17) == 0) {
      exits = true;
      if (cc->n_svcs < 8)
        cc->svcs[cc->n_svcs++] = w[j] + 17;
    } else if (strcmp(w[j], "--abort-on-container-exit") == 0) {
      exits = true;
    } else if (strcmp(w[j], "--entrypoint") == 0) {
      return false; /* the command is not the service's */
    } else if (w[j][0] == '-') {
      j += compose_valued(w[j]) && j + 1 < n;
    } else if (run) {
      /* the service, and nothing after it: its own command runs */
      cc->svcs[0] = w[j];
      cc->n_svcs = 1;
      return j + 1 >= n || pl_is_op(w[j + 1]);
    } else if (cc->n_svcs < 8) {
      cc->svcs[cc->n_svcs++] = w[j];
    }
  }
  return up && exits && cc->n_svcs > 0;
}

/* The service's `command:` in the last of the files that gives one. */
static void run_service_command(struct ctx *c, const char *file,
                                const char *svc, long cmd)
{
  size_t len;
  const char *data = pl_repo_file(c->s, file, &len);
  if (!data)
    return;
  struct rc_docs docs;
  char err[256];
  if (rc_doc_cache_parse(rc_index_docs(c->s->idx), &docs, data, len, file,
                         RC_DOC_YAML, err, sizeof(err)) != 0)
    return;
  const cJSON *command =
      docs.n ? pl_get(pl_get(pl_get(docs.docs[0], "services"), svc), "command")
             : NULL;
  const char *key = rc_arena_printf(c->s->a, "dc:%s:%s", file, svc);
  if (command && !pl_on_stack(c->stack, key) && c->depth < MAX_DEPTH) {
    struct frame f = {NULL, key};
    struct ctx k =
        pl_child(c, cmd, rc_arena_printf(c->s->a, "%s %s", file, svc), &f);
    unsigned line = rc_docs_line(&docs, command);
    if (cJSON_IsString(command)) {
      pl_run_text(&k, command->valuestring, file, line, LINES_FIXED, false);
    } else if (cJSON_IsArray(command)) {
      size_t n = (size_t)cJSON_GetArraySize(command), m = 0;
      const char **w = rc_arena_alloc(c->s->a, (n + 1) * sizeof(*w));
      const cJSON *it;
      cJSON_ArrayForEach(it, command)
        if (cJSON_IsString(it))
          w[m++] = rc_arena_strdup(c->s->a, it->valuestring);
      const char *cwd = k.cwd;
      if (m)
        pl_run_words(&k, w, m, file, line, &cwd);
    }
  }
  rc_docs_release(&docs);
}

/* A test-runner service: the step `docker compose -f tests/compose.yml up
 * --exit-code-from test` runs what that service's command runs (pytest). */
bool pl_run_compose(struct ctx *c, const char *const *w, size_t n, long cmd)
{
  struct compose_call cc;
  if (!pl_compose_call_of(w, n, &cc))
    return false;
  static const char *const defaults[] = {"compose.yaml", "compose.yml",
                                         "docker-compose.yml",
                                         "docker-compose.yaml", NULL};
  const char *dir = cc.dir && !strchr(cc.dir, '$')
                        ? rc_path_join(c->s->a, c->cwd, cc.dir)
                        : c->cwd;
  if (!dir)
    return false;
  for (size_t i = 0; !cc.n_files && defaults[i]; i++) {
    const char *p = rc_path_join(c->s->a, dir, defaults[i]);
    if (p && rc_index_find(c->s->idx, p))
      cc.files[cc.n_files++] = defaults[i];
  }
  for (size_t f = 0; f < cc.n_files; f++) {
    if (strchr(cc.files[f], '$') || cc.files[f][0] == '/')
      continue;
    const char *p = rc_path_join(c->s->a, dir, cc.files[f]);
    for (size_t s = 0; p && s < cc.n_svcs; s++)
      run_service_command(c, p, cc.svcs[s], cmd);
  }
  return true;
}
