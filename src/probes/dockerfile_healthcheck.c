/*
 * dockerfile_healthcheck.c - healthcheck and exec_healthcheck: a
 * HEALTHCHECK (or compose's), and an exec-form one that needs a shell.
 */
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "readycheck/execform.h"
#include "readycheck/model.h"
#include "readycheck/role.h"

#include "dockerfile_probe.h"

/* ---- healthchecks ----------------------------------------------------------
 */

/* Production compose services run the image: their healthcheck (or the
 * image's) is compose.healthchecks' to judge, not this rule's. */
/* A compose deployment runs the image: a production view with evidence
 * that it deploys, the views compose.healthchecks judges. A compose file
 * nothing shows deploys (a local stack beside a published image) leaves
 * the image's own HEALTHCHECK to judge here. */
static bool run_by_compose(struct run *r, const struct target *t)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    if (s->compose && s->dockerfile && !strcmp(s->dockerfile, t->df->path) &&
        s->view && s->view->role == RC_ROLE_PRODUCTION && s->view->deploys)
      return true;
  }
  return false;
}

struct file_result df_req_healthcheck(struct run *r, const struct target *t)
{
  if (run_by_compose(r, t))
    return (struct file_result){.skip = true};
  const struct rc_df_instr *hc =
      rc_dockerfile_inherited(t->df, t->stage, "HEALTHCHECK");
  if (hc && strncasecmp(hc->args, "NONE", 4) != 0)
    return df_result(true, hc->line, "declares a HEALTHCHECK");
  if (hc)
    return df_result(false, hc->line, "HEALTHCHECK NONE");
  return df_result(false, t->df->st[t->stage].line,
                   "no HEALTHCHECK in the image");
}

/* The exec form's words, or 0 when it is not a JSON array of strings. */
static size_t exec_words(const char *open, cJSON **doc, const char **argv,
                         size_t max)
{
  *doc = cJSON_Parse(open);
  size_t n = 0;
  const cJSON *w;
  if (!cJSON_IsArray(*doc))
    return 0;
  cJSON_ArrayForEach(w, *doc) {
    if (!cJSON_IsString(w) || n == max)
      return 0;
    argv[n++] = w->valuestring;
  }
  return n;
}

/* HEALTHCHECK ... CMD ["curl", "-f", "x", "||", "exit", "1"] runs without a
 * shell (rc_exec_form_shell_word says which words are shell syntax). */
struct file_result df_req_exec_healthcheck(struct run *r,
                                           const struct target *t)
{
  (void)r;
  bool any = false;
  for (size_t i = 0; i < t->df->n; i++) {
    const struct rc_df_instr *in = &t->df->in[i];
    const char *cmd =
        strcmp(in->kw, "HEALTHCHECK") == 0 ? strstr(in->args, "CMD") : NULL;
    /* exec form only: `CMD if [ -z "$X" ]; then ...` is the shell form */
    const char *open = cmd ? cmd + 3 + strspn(cmd + 3, " \t") : NULL;
    if (!open || *open != '[')
      continue;
    any = true;
    cJSON *doc;
    const char *argv[64];
    size_t n = exec_words(open, &doc, argv, 64);
    const char *word = n ? rc_exec_form_shell_word(argv, n) : NULL;
    cJSON_Delete(doc);
    if (word)
      return df_result(
          false, in->line,
          "exec-form HEALTHCHECK CMD [...] contains shell syntax that runs "
          "without a shell");
  }
  /* no exec-form HEALTHCHECK: nothing to check, not a pass */
  if (!any)
    return (struct file_result){.skip = true};
  return df_result(true, 0, "no exec-form HEALTHCHECK uses shell syntax");
}
