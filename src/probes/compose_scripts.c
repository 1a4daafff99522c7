/*
 * compose_scripts.c - scripts_executable: a script a service runs
 * directly (its command or entrypoint) must be executable in the
 * repository, unless the entrypoint reads the command itself.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/buf.h"
#include "readycheck/execform.h"
#include "readycheck/glob.h"
#include "readycheck/index.h"
#include "readycheck/installer.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/path.h"
#include "readycheck/probe.h"
#include "readycheck/readme.h"
#include "readycheck/submodule.h"
#include "readycheck/role.h"
#include "readycheck/shellwords.h"

#include "compose_probe.h"

/* First word of a command (string or list); arena. */
static const char *program(struct rc_arena *a, const cJSON *cmd)
{
  const char *s = cJSON_IsArray(cmd) ? compose_str(cJSON_GetArrayItem(cmd, 0))
                                     : compose_str(cmd);
  if (!s)
    return NULL;
  while (isspace((unsigned char)*s))
    s++;
  size_t n = strcspn(s, " \t;&|");
  return n ? rc_arena_strndup(a, s, n) : NULL;
}

static bool script_like(const char *p)
{
  size_t n = strlen(p);
  return (n > 3 && strcmp(p + n - 3, ".sh") == 0) || strncmp(p, "./", 2) == 0;
}

/* The repository file a program path names: in the build context (relative,
 * or an image path whose tail is a context path, longest tail first), or
 * behind a file or directory bind mount. */
static const struct rc_entry *script_file(struct run *r,
                                          const struct rc_compose_service *s,
                                          const char *prog, bool *mounted)
{
  struct rc_mount *m;
  size_t n = rc_compose_mounts(s, r->a, &m);
  for (size_t i = 0; prog[0] == '/' && i < n; i++) {
    size_t tl = m[i].target ? strlen(m[i].target) : 0;
    if (!m[i].bind || !m[i].path || !tl || strncmp(prog, m[i].target, tl) != 0)
      continue;
    const char *rest = prog + tl;
    if (*rest && *rest != '/')
      continue;
    const char *p = *rest ? rc_path_join(r->a, m[i].path, rest + 1) : m[i].path;
    const struct rc_entry *e = p ? rc_index_find(r->ctx->index, p) : NULL;
    if (e) {
      *mounted = true;
      return e;
    }
  }
  if (!s->context)
    return NULL;
  for (const char *tail = prog; tail;) {
    while (*tail == '/')
      tail++;
    const char *p = *tail ? rc_path_join(r->a, s->context, tail) : NULL;
    const struct rc_entry *e = p ? rc_index_find(r->ctx->index, p) : NULL;
    if (e)
      return e;
    if (prog[0] != '/')
      return NULL;
    tail = strchr(tail, '/');
  }
  return NULL;
}

/* The service's own entrypoint is a shell or interpreter (`entrypoint:
 * /bin/sh`, `["bash"]`) that reads the command as a script file rather
 * than executing it. A string is split into words as compose splits it. */
static bool command_read_by_entrypoint(struct run *r,
                                       const struct rc_compose_service *s)
{
  const cJSON *ep = rc_compose_get(s, "entrypoint", NULL);
  const char **argv = NULL;
  size_t n = 0;
  if (cJSON_IsString(ep)) {
    n = rc_shell_words(r->a, ep->valuestring, &argv);
  } else if (cJSON_IsArray(ep)) {
    argv = rc_arena_alloc(r->a, 32 * sizeof(*argv));
    const cJSON *w;
    cJSON_ArrayForEach(w, ep) {
      if (n < 32 && cJSON_IsString(w))
        argv[n++] = w->valuestring;
    }
  }
  return n && rc_exec_form_reads_operand(argv, n);
}

void compose_req_scripts(struct run *r, const struct rc_compose_service *s)
{
  const char *keys[] = {"entrypoint", "command"};
  for (size_t k = 0; k < 2; k++) {
    struct rc_where at;
    const char *prog = program(r->a, rc_compose_get(s, keys[k], &at));
    if (!prog || !script_like(prog) ||
        (k == 1 && command_read_by_entrypoint(r, s)))
      continue;
    bool mounted = false;
    const struct rc_entry *e = script_file(r, s, prog, &mounted);
    if (!e || e->kind != RC_ENTRY_FILE)
      continue;
    r->n_examined++;
    if (rc_entry_mode(r->ctx->index, e) & 0111)
      continue;
    const struct rc_image *im = compose_built_image(r, s);
    if (!mounted && im &&
        rc_dockerfile_chmods(im->df, compose_base_name(e->path)))
      continue;
    compose_problem(
        r, s, &at,
        "%s runs '%s' directly, but '%s' is not executable (mode %06o)%s",
        keys[k], prog, e->path, rc_entry_mode(r->ctx->index, e),
        mounted ? " and is bind-mounted as it is"
                : " and its Dockerfile does not chmod it");
  }
}
