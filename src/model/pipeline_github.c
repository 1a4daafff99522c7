/*
 * pipeline_github.c - GitHub Actions workflows: triggers, jobs, reusable
 * workflows and their callers, fix and cluster-test jobs.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "readycheck/pipeline.h"
#include "readycheck/doc.h"
#include "readycheck/doccache.h"
#include "readycheck/index.h"
#include "readycheck/matrix.h"
#include "readycheck/mem.h"
#include "readycheck/path.h"

#include "pipeline_scan.h"

/* ---- GitHub Actions -------------------------------------------------------
 */

static bool gating_event(const char *e)
{
  return strcmp(e, "push") == 0 || strcmp(e, "pull_request") == 0 ||
         strcmp(e, "pull_request_target") == 0 || strcmp(e, "merge_group") == 0;
}

/* Records the workflow's name, whether it gates, and the workflows whose
 * completion runs it (rc_pipeline_finish() lets a workflow that only runs
 * after a gating one gate too: `on: workflow_run: workflows: [Build]`). */
static void note_workflow(struct rc_pipeline_scan *s, const char *path,
                          const cJSON *root, bool gating)
{
  const cJSON *on = pl_get(root, "on");
  const cJSON *run = cJSON_IsObject(on) ? pl_get(on, "workflow_run") : NULL;
  const cJSON *names = run ? pl_get(run, "workflows") : NULL;
  rc_grow((void **)&s->wfs, &s->cap_wfs, s->n_wfs, sizeof(*s->wfs));
  struct workflow *w = &s->wfs[s->n_wfs++];
  *w = (struct workflow){pl_keep(s, path), pl_keep(s, pl_str(root, "name")),
                         gating, NULL, 0};
  size_t n = cJSON_IsArray(names) ? (size_t)cJSON_GetArraySize(names) : 0;
  if (!n)
    return;
  w->after = rc_arena_alloc(s->a, n * sizeof(*w->after));
  const cJSON *it;
  cJSON_ArrayForEach(it, names)
    if (cJSON_IsString(it))
      w->after[w->n_after++] = pl_keep(s, it->valuestring);
}

/* Workflows that run after a gating workflow completes gate as well: a
 * test workflow chained after the push-triggered build. */
void pl_chain_workflow_runs(struct rc_pipeline_scan *s)
{
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < s->n_wfs; i++) {
      struct workflow *w = &s->wfs[i];
      for (size_t k = 0; !w->gating && k < w->n_after; k++)
        for (size_t j = 0; j < s->n_wfs; j++)
          if (j != i && s->wfs[j].gating && s->wfs[j].name &&
              strcmp(s->wfs[j].name, w->after[k]) == 0)
            w->gating = changed = true;
    }
  }
  struct rc_pipeline *p = s->p;
  for (size_t i = 0; i < s->n_wfs; i++) {
    if (!s->wfs[i].gating || !s->wfs[i].n_after)
      continue;
    for (size_t k = 0; k < p->n_steps; k++)
      if (p->steps[k].workflow &&
          strcmp(p->steps[k].workflow, s->wfs[i].path) == 0)
        p->steps[k].gating = true;
    for (size_t c = 0; c < s->n_calls; c++)
      if (strcmp(s->calls[c].caller, s->wfs[i].path) == 0)
        s->calls[c].gating = true;
  }
}

static bool gating_triggers(const cJSON *on)
{
  if (!on)
    return true;
  if (cJSON_IsString(on))
    return gating_event(on->valuestring);
  const cJSON *it;
  if (cJSON_IsArray(on)) {
    cJSON_ArrayForEach(it, on)
      if (cJSON_IsString(it) && gating_event(it->valuestring))
        return true;
    return false;
  }
  cJSON_ArrayForEach(it, on)
    if (it->string && gating_event(it->string))
      return true;
  return false;
}

static void step_with(struct rc_pipeline_scan *s, struct rc_ci_step *st,
                      const cJSON *with)
{
  size_t n = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, with)
    n++;
  if (!n)
    return;
  const char **pairs = rc_arena_alloc(s->a, 2 * n * sizeof(*pairs));
  size_t k = 0;
  cJSON_ArrayForEach(it, with) {
    char buf[32];
    const char *v = rc_doc_scalar_text(it, buf, sizeof(buf));
    if (!it->string || !v)
      continue;
    pairs[k++] = rc_arena_strdup(s->a, it->string);
    pairs[k++] = rc_arena_strdup(s->a, v);
  }
  st->with = pairs;
  st->n_with = k / 2;
}

/* A remote reusable workflow's input that switches on a test of what it
 * builds (`smoke-test-url: http://localhost:8080/status.php`, `run-tests:
 * true`, `test-command: make test`): the caller asks for that test,
 * whatever the workflow is named. Every word of the input's name must say
 * so - `test-environment: staging` names a place, not a test - and an
 * input that is off (`run-tests: false`) or turns tests off (`skip-tests`)
 * is none. */
static const char *test_input(const cJSON *with)
{
  static const char *const words[] = {"test",    "tests",  "smoke",  "run",
                                      "command", "cmd",    "script", "url",
                                      "port",    "target", "suite",  NULL};
  const cJSON *it;
  cJSON_ArrayForEach(it, with) {
    char buf[32];
    const char *v = rc_doc_scalar_text(it, buf, sizeof(buf));
    if (!it->string || !v || !*v || strcasecmp(v, "false") == 0 ||
        strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0)
      continue;
    bool test = false, other = false;
    for (const char *p = it->string; *p;) {
      size_t n = strcspn(p, "-_");
      bool known = false;
      for (size_t k = 0; words[k]; k++)
        known |= strlen(words[k]) == n && strncasecmp(p, words[k], n) == 0;
      test |= (n == 4 || n == 5) && strncasecmp(p, "tests", n) == 0;
      other |= !known;
      p += n;
      p += *p != '\0';
    }
    if (test && !other)
      return it->string;
  }
  return NULL;
}

static const char *cond_text(struct rc_pipeline_scan *s, const cJSON *v)
{
  char buf[32];
  const char *t = v ? rc_doc_scalar_text(v, buf, sizeof(buf)) : NULL;
  return t ? rc_arena_strdup(s->a, t) : NULL;
}

static bool autofix_action(const char *uses)
{
  static const char *const fixers[] = {
      "autofix-ci/action",         "stefanzweifel/git-auto-commit-action",
      "endbug/add-and-commit",     "peter-evans/create-pull-request",
      "pre-commit-ci/lite-action", NULL};
  for (size_t i = 0; uses && fixers[i]; i++)
    if (strncasecmp(uses, fixers[i], strlen(fixers[i])) == 0)
      return true;
  return false;
}

/* A step that runs only for pushes to a branch or tag (`if: github.ref ==
 * 'refs/heads/dev' && github.event_name == 'push'`): a release or publish
 * step, whose commit (a version bump, generated types) fixes nothing the
 * pull request's checks found. */
static bool push_only(const char *cond)
{
  return cond && (strstr(cond, "github.ref ==") ||
                  strstr(cond, "startsWith(github.ref,") ||
                  strstr(cond, "event_name == 'push'") ||
                  strstr(cond, "event_name == \"push\""));
}

/* A job whose `if:` runs it only for one event that is no push or pull
 * request (`github.event_name == 'schedule'`, a manual dispatch, a
 * release): it gates no change, whatever else the workflow runs on. */
static bool off_event_job(const char *cond)
{
  static const char *const events[] = {"schedule", "workflow_dispatch",
                                       "release", "repository_dispatch", NULL};
  const char *e = cond ? strstr(cond, "event_name ==") : NULL;
  if (!e || strstr(cond, "||") || strstr(e + 13, "event_name"))
    return false;
  e += 13 + strspn(e + 13, " '\"");
  for (size_t i = 0; events[i]; i++) {
    size_t n = strlen(events[i]);
    if (strncmp(e, events[i], n) == 0 && strchr("'\"", e[n]))
      return true;
  }
  return false;
}

/* A job whose steps commit what they changed fixes code; its lint and
 * format steps are fixers, not gates. */
static void mark_fix_job(struct rc_pipeline_scan *s, size_t first)
{
  struct rc_pipeline *p = s->p;
  bool fix = false;
  for (size_t i = first; i < p->n_steps && !fix; i++) {
    if (push_only(p->steps[i].cond))
      continue;
    fix = autofix_action(p->steps[i].uses);
    for (size_t k = 0; k < p->steps[i].n_cmds && !fix; k++)
      fix = strncmp(p->cmds[p->steps[i].cmd0 + k].text, "git commit", 10) == 0;
  }
  for (size_t i = first; fix && i < p->n_steps; i++)
    p->steps[i].fix_job = true;
}

/* A throwaway cluster on the runner: kind, k3d, minikube. */
static bool local_cluster(const struct rc_pipeline *p,
                          const struct rc_ci_step *st)
{
  static const char *const actions[] = {"helm/kind-action",
                                        "engineerd/setup-kind",
                                        "medyagh/setup-minikube",
                                        "AbsaOSS/k3d-action",
                                        "nolar/setup-k3d-k3s",
                                        "container-tools/kind-action",
                                        NULL};
  for (size_t a = 0; st->uses && actions[a]; a++)
    if (strncmp(st->uses, actions[a], strlen(actions[a])) == 0)
      return true;
  /* other setup actions name the tool (manusa/actions-setup-minikube) */
  static const char *const tools[] = {"minikube", "setup-kind", "kind-action",
                                      "k3d", NULL};
  for (size_t a = 0; st->uses && tools[a]; a++)
    if (strstr(st->uses, tools[a]))
      return true;
  for (size_t k = 0; k < st->n_cmds; k++) {
    const char *t = p->cmds[st->cmd0 + k].text;
    if (strstr(t, "kind create cluster") || strstr(t, "k3d cluster create") ||
        strstr(t, "minikube start"))
      return true;
  }
  return false;
}

/* Installing into a cluster and waiting for it to come up is a test of
 * the chart or manifests when the cluster is a throwaway one the job made
 * (`helm install --wait` after helm/kind-action): not a deployment. */
static void mark_cluster_tests(struct rc_pipeline_scan *s, size_t first)
{
  struct rc_pipeline *p = s->p;
  bool cluster = false;
  size_t made = p->n_steps;
  for (size_t i = first; i < p->n_steps && !cluster; i++)
    if ((cluster = local_cluster(p, &p->steps[i])))
      made = i;
  for (size_t i = made; i < p->n_steps; i++)
    p->steps[i].test_cluster = true;
  for (size_t i = first; cluster && i < p->n_steps; i++) {
    struct rc_ci_step *st = &p->steps[i];
    for (size_t k = 0; k < st->n_cmds; k++) {
      const char *t = p->cmds[st->cmd0 + k].text;
      bool install = strstr(t, "helm install") || strstr(t, "helm upgrade");
      if ((install && strstr(t, "--wait")) || strstr(t, "kubectl wait") ||
          strstr(t, "kubectl rollout status")) {
        st->gates |= RC_GATE_TESTS;
        if (!st->tool)
          st->tool = "an install into a local cluster";
        break;
      }
    }
  }
}

/* "test" or "tests" as a whole word at p; RSpec's "spec" or "specs" too
 * ("Run specs for main"). */
static bool test_word(const char *p)
{
  if (strncasecmp(p, "test", 4) != 0 && strncasecmp(p, "spec", 4) != 0)
    return false;
  p += 4;
  if (*p == 's' || *p == 'S')
    p++;
  return !isalnum((unsigned char)*p);
}

/* A step named for what it does: "Test backup script", "Run tests",
 * "Run e2e tests", "run specs" (a test verb first, not "Upload test
 * results"). */
static bool test_verb(const char *name)
{
  /* "Unit Test Report", "E2E test results": a step that publishes what
   * the tests found, not one that runs them */
  if (!name || rc_name_reports_only(name))
    return false;
  const char *p = name;
  while (*p && !isalnum((unsigned char)*p))
    p++;
  /* "Run Playwright tests", "Run backend unit tests": after "run", up to
   * two words name the suite or its runner */
  unsigned words = 0;
  if (strncasecmp(p, "run ", 4) == 0) {
    p += 4;
    words = 2;
  }
  static const char *const kinds[] = {
      "unit ",  "integration ", "e2e ", "end-to-end ",
      "smoke ", "acceptance ",  NULL};
  for (unsigned k = 0;; k++) {
    for (size_t i = 0; kinds[i]; i++)
      if (strncasecmp(p, kinds[i], strlen(kinds[i])) == 0)
        p += strlen(kinds[i]);
    if (test_word(p))
      return true;
    if (k == words)
      return false;
    while (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.')
      p++;
    if (*p != ' ')
      return false;
    p++;
  }
}

/* What a job's steps share. */
struct gh_job {
  const char *path;
  const struct yaml_src *y;
  const struct rc_docs *docs;
  const char *jid;
  const cJSON *jsoft;
  bool gating;
  const struct job_rows *rows;
  const char *cwd;
  const struct job_rows *ins; /* the workflow's local callers' `with:` */
};

/* A job's step list. A `parallel:` item holds steps that run side by side:
 * each is a step of the job like the others. */
static void gh_steps(struct rc_pipeline_scan *s, const struct gh_job *j,
                     const cJSON *steps, unsigned depth)
{
  const cJSON *step;
  cJSON_ArrayForEach(step, steps) {
    if (!cJSON_IsObject(step))
      continue;
    const cJSON *par = pl_get(step, "parallel");
    if (cJSON_IsArray(par) && !pl_get(step, "run") && !pl_get(step, "uses")) {
      if (depth < 4)
        gh_steps(s, j, par, depth + 1);
      continue;
    }
    size_t i = s->p->n_steps;
    struct rc_ci_step *st =
        pl_add_step(s, j->path, rc_docs_line(j->docs, step));
    st->job = pl_keep(s, j->jid);
    st->name = pl_keep(s, pl_str(step, "name"));
    st->id = pl_keep(s, pl_str(step, "id"));
    st->uses = pl_keep(s, pl_str(step, "uses"));
    st->cond = cond_text(s, pl_get(step, "if"));
    st->gating = j->gating;
    step_with(s, st, pl_get(step, "with"));
    const cJSON *soft = pl_get(step, "continue-on-error");
    if (pl_is_true(soft) || pl_is_true(j->jsoft)) {
      st->soft = true;
      st->soft_at = (struct rc_where){
          j->path, rc_docs_line(j->docs, pl_is_true(soft) ? soft : j->jsoft)};
      st->soft_job = !pl_is_true(soft);
    }
    struct ctx c = {s,       j->cwd, -1,     NULL, 0, NULL,
                    j->rows, NULL,   j->ins, NULL, 0, false};
    pl_run_step_node(&c, st, j->y, step, 0);
    pl_end_step(s, i);
    st = &s->p->steps[i];
    if (st->opaque)
      pl_step_name_gates(st, st->name);
    else if (!(st->gates & RC_GATE_TESTS) && test_verb(st->name)) {
      st->gates |= RC_GATE_TESTS;
      st->tool = st->name;
    }
  }
}

/* `on: workflow_call` (or `on: [push, workflow_call]`): other workflows
 * call this one. */
static bool called_workflow(const cJSON *on)
{
  if (cJSON_IsString(on))
    return strcmp(on->valuestring, "workflow_call") == 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, on) {
    const char *ev = cJSON_IsString(it) ? it->valuestring : it->string;
    if (ev && strcmp(ev, "workflow_call") == 0)
      return true;
  }
  return false;
}

struct callers {
  struct rc_pipeline_scan *s;
  const char *callee;
  cJSON *withs;
};

/* A calling job's `with:` whose values name its matrix (`TOXENV: ${{
 * matrix.TOXENV }}`, the matrix listing lint, mypy and cover): one
 * `with:` per matrix row, values substituted, added to withs, so the
 * called workflow is read once for each. False when no value names it. */
static bool with_matrix_rows(struct rc_arena *a, cJSON *withs, const cJSON *job,
                             const cJSON *with)
{
  const cJSON *matrix = pl_get(pl_get(job, "strategy"), "matrix");
  const cJSON *v;
  bool names = false;
  cJSON_ArrayForEach(v, with)
    names |= cJSON_IsString(v) && strstr(v->valuestring, "matrix.") != NULL;
  cJSON *made = names && matrix ? cJSON_CreateArray() : NULL;
  const cJSON *rows[MAX_ROWS];
  size_t n = made ? rc_matrix_rows(matrix, made, rows, MAX_ROWS) : 0;
  for (size_t r = 0; r < n && cJSON_GetArraySize(withs) < MAX_ROWS; r++) {
    cJSON *row = cJSON_Duplicate(with, true);
    cJSON_ArrayForEach(v, with) {
      const char *t = cJSON_IsString(v)
                          ? rc_matrix_subst(a, v->valuestring, rows[r])
                          : NULL;
      if (t && t != v->valuestring)
        cJSON_ReplaceItemInObjectCaseSensitive(row, v->string,
                                               cJSON_CreateString(t));
    }
    cJSON_AddItemToArray(withs, row);
  }
  cJSON_Delete(made);
  return n > 0;
}

static int on_caller(const struct rc_entry *e, void *arg)
{
  struct callers *cs = arg;
  size_t len;
  const char *data = pl_repo_file(cs->s, e->path, &len);
  struct rc_docs docs;
  char err[256];
  if (!data || strcmp(e->path, cs->callee) == 0 ||
      rc_doc_cache_parse(rc_index_docs(cs->s->idx), &docs, data, len, e->path,
                         RC_DOC_YAML, err, sizeof(err)) != 0)
    return 0;
  const cJSON *job;
  cJSON_ArrayForEach(job, pl_get(docs.n ? docs.docs[0] : NULL, "jobs")) {
    const char *uses = pl_str(job, "uses");
    const cJSON *with = pl_get(job, "with");
    const char *callee = uses && strncmp(uses, "./", 2) == 0
                             ? rc_path_join(cs->s->a, "", uses + 2)
                             : NULL;
    if (callee && strcmp(callee, cs->callee) == 0 && cJSON_IsObject(with) &&
        !with_matrix_rows(cs->s->a, cs->withs, job, with) &&
        cJSON_GetArraySize(cs->withs) < MAX_ROWS)
      cJSON_AddItemToArray(cs->withs, cJSON_Duplicate(with, true));
  }
  rc_docs_release(&docs);
  return 0;
}

/* The `with:` of every job of the repository's workflows that calls the
 * workflow at path (`uses: ./.github/workflows/make.yml`, `with: make:
 * checkblack`), as an array the caller deletes; NULL when none does. */
static cJSON *callers_with(struct rc_pipeline_scan *s, const char *path)
{
  struct callers cs = {s, path, cJSON_CreateArray()};
  if (!cs.withs)
    return NULL;
  rc_index_glob(s->idx, ".github/workflows/*.yml", RC_ENTRY_FILE, on_caller,
                &cs);
  rc_index_glob(s->idx, ".github/workflows/*.yaml", RC_ENTRY_FILE, on_caller,
                &cs);
  if (!cs.withs->child) {
    cJSON_Delete(cs.withs);
    return NULL;
  }
  return cs.withs;
}

/* NAME of `${{ fromJSON(inputs.NAME) }}` (fromJson, any spacing) copied
 * into buf, or NULL. */
static const char *from_json_input(const cJSON *v, char *buf, size_t size)
{
  if (!cJSON_IsString(v))
    return NULL;
  const char *t = v->valuestring;
  t += strspn(t, " ");
  if (strncmp(t, "${{", 3) != 0)
    return NULL;
  t += 3 + strspn(t + 3, " ");
  if (strncasecmp(t, "fromjson(", 9) != 0)
    return NULL;
  t += 9 + strspn(t + 9, " ");
  if (strncmp(t, "inputs.", 7) != 0)
    return NULL;
  t += 7;
  size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "0123456789_-");
  const char *e = t + n + strspn(t + n, " ");
  if (!n || n >= size || *e != ')')
    return NULL;
  memcpy(buf, t, n);
  buf[n] = '\0';
  return buf;
}

/* A called workflow's matrix whose lists come from its inputs
 * (`action: ${{ fromJSON(inputs.action-matrix) }}`): the lists a caller's
 * `with:` gives (the first that gives one), else the input's default. A
 * copy the caller deletes, or NULL when no list of matrix is such. */
static cJSON *matrix_from_inputs(const cJSON *matrix, const cJSON *root,
                                 const cJSON *withs)
{
  cJSON *out = NULL;
  const cJSON *inputs =
      pl_get(pl_get(pl_get(root, "on"), "workflow_call"), "inputs");
  for (const cJSON *c = matrix ? matrix->child : NULL; c; c = c->next) {
    char name[64];
    if (!from_json_input(c, name, sizeof(name)))
      continue;
    const char *text = NULL;
    for (const cJSON *w = withs ? withs->child : NULL; w && !text; w = w->next)
      text = pl_str(w, name);
    if (!text)
      text = pl_str(pl_get(inputs, name), "default");
    cJSON *list = text && !strstr(text, "${{") ? cJSON_Parse(text) : NULL;
    if (!cJSON_IsArray(list)) {
      cJSON_Delete(list);
      continue;
    }
    if (!out)
      out = cJSON_Duplicate(matrix, true);
    cJSON_ReplaceItemInObjectCaseSensitive(out, c->string, list);
  }
  return out;
}

void pl_read_github(struct rc_pipeline_scan *s, const char *path,
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
  const cJSON *root = docs.n ? docs.docs[0] : NULL;
  bool gating = gating_triggers(pl_get(root, "on"));
  note_workflow(s, path, root, gating);
  const char *wf_wd =
      pl_str(pl_get(pl_get(root, "defaults"), "run"), "working-directory");
  struct job_rows ins = {{NULL}, 0};
  cJSON *withs =
      called_workflow(pl_get(root, "on")) ? callers_with(s, path) : NULL;
  for (const cJSON *w = withs ? withs->child : NULL; w && ins.n < MAX_ROWS;
       w = w->next)
    ins.rows[ins.n++] = w;
  const cJSON *job;
  cJSON_ArrayForEach(job, pl_get(root, "jobs")) {
    const char *jid = job->string;
    const char *jname = pl_str(job, "name") ? pl_str(job, "name") : jid;
    const cJSON *jsoft = pl_get(job, "continue-on-error");
    const char *juses = pl_str(job, "uses");
    if (juses && strncmp(juses, "./", 2) == 0) {
      const char *callee = rc_path_join(s->a, "", juses + 2);
      if (callee) {
        rc_grow((void **)&s->calls, &s->cap_calls, s->n_calls,
                sizeof(*s->calls));
        s->calls[s->n_calls++] = (struct call){path, callee, gating};
      }
      continue;
    }
    if (juses) { /* a remote reusable workflow: its name and the job's */
      size_t i = s->p->n_steps;
      struct rc_ci_step *st =
          pl_add_step(s, path, rc_docs_line(&docs, pl_get(job, "uses")));
      st->job = pl_keep(s, jid);
      st->name = pl_keep(s, jname);
      st->uses = pl_keep(s, juses);
      st->gating = gating;
      st->opaque = true;
      st->soft = pl_is_true(jsoft);
      st->soft_job = st->soft;
      if (st->soft)
        st->soft_at = (struct rc_where){path, rc_docs_line(&docs, jsoft)};
      pl_end_step(s, i);
      struct rc_gate_hit h;
      rc_gate_of_action(juses, &h);
      s->p->steps[i].gates |= h.gates;
      s->p->steps[i].tool = h.gates ? s->p->steps[i].uses : NULL;
      pl_step_name_gates(&s->p->steps[i], s->p->steps[i].name);
      const char *input = test_input(pl_get(job, "with"));
      if (input && !(s->p->steps[i].gates & RC_GATE_TESTS)) {
        s->p->steps[i].gates |= RC_GATE_TESTS;
        s->p->steps[i].tool = rc_arena_printf(s->a, "input '%s'", input);
      }
      continue;
    }
    const cJSON *matrix = pl_get(pl_get(job, "strategy"), "matrix");
    if (!cJSON_IsObject(matrix))
      matrix = NULL;
    cJSON *given = withs || called_workflow(pl_get(root, "on"))
                       ? matrix_from_inputs(matrix, root, withs)
                       : NULL;
    if (given)
      matrix = given;
    const char *jwd =
        pl_str(pl_get(pl_get(job, "defaults"), "run"), "working-directory");
    if (!jwd)
      jwd = wf_wd;
    const char *cwd =
        jwd && !strstr(jwd, "${{") ? rc_path_join(s->a, "", jwd) : "";
    size_t first = s->p->n_steps;
    struct job_rows rows = {{NULL}, 0};
    cJSON *made = matrix ? cJSON_CreateArray() : NULL;
    if (made)
      rows.n = rc_matrix_rows(matrix, made, rows.rows, MAX_ROWS);
    struct gh_job gj = {path,
                        &y,
                        &docs,
                        jid,
                        jsoft,
                        gating &&
                            !off_event_job(cond_text(s, pl_get(job, "if"))),
                        rows.n ? &rows : NULL,
                        cwd ? cwd : "",
                        ins.n ? &ins : NULL};
    s->checkout = NULL;
    gh_steps(s, &gj, pl_get(job, "steps"), 0);
    s->checkout = NULL;
    cJSON_Delete(made);
    cJSON_Delete(given);
    mark_fix_job(s, first);
    mark_cluster_tests(s, first);
  }
  cJSON_Delete(withs);
  rc_docs_release(&docs);
}
