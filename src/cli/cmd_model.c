/*
 * cmd_model.c - `readycheck model [PATH]`: the deployment model as the
 * probes see it - compose files with their roles, the views a deployment
 * runs, images, services, the entry points found and the Kubernetes
 * workloads with what deploys them - each with the reason
 * the model gave it, so a reviewer can check the reasoning, not just the
 * verdicts. Text for people, `-f json` for tools.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "readycheck/appsettings.h"
#include "readycheck/commands.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/model.h"
#include "readycheck/testcfg.h"

#include "../reports/jsonb.h"

static const char *kind_name(enum rc_service_kind k)
{
  switch (k) {
  case RC_SERVICE_COMPOSE:
    return "compose";
  case RC_SERVICE_IMAGE:
    return "image";
  default:
    return "app";
  }
}

static const char *or_dash(const char *s)
{
  return s && *s ? s : s ? "." : "-";
}

/* ---- text ------------------------------------------------------------------
 */

/* At most max bytes of s on one line: a compose `command: |` script or a
 * `bash -c "..."` over several lines would otherwise break the listing,
 * its lines read as entries of their own. Each run of white space is one
 * space. */
static void put_one_line(FILE *out, const char *s, size_t max)
{
  size_t n = 0;
  bool space = false;
  for (; *s && n < max; s++) {
    if (isspace((unsigned char)*s)) {
      space = true;
      continue;
    }
    if (space && n) {
      fputc(' ', out);
      n++;
    }
    space = false;
    fputc(*s, out);
    n++;
  }
}

static void text_view(FILE *out, const struct rc_compose_view *v)
{
  fprintf(out, "  ");
  for (size_t i = 0; i < v->n_files; i++)
    fprintf(out, "%s%s", i ? " + " : "", v->files[i]->path);
  fprintf(out, "  (%s)\n", v->why);
  if (v->role == RC_ROLE_PRODUCTION)
    fprintf(out, "    deploys: %s\n",
            v->deploys ? v->deploys
                       : "no evidence (no production-named file, deploy "
                         "script, deployment document or published image): "
                         "the role is presumed");
  if (v->swarm)
    fprintf(out, "    swarm: a `docker stack deploy -c` runs it (Swarm "
                 "restarts every task by default)\n");
  for (size_t i = 0; i < v->n_services; i++) {
    const struct rc_compose_service *s = &v->services[i];
    fprintf(out, "    %-20s ", s->name);
    if (s->context)
      fprintf(out, "build %s", or_dash(s->dockerfile));
    else
      fprintf(out, "image %s", or_dash(s->image));
    if (s->target)
      fprintf(out, " (target %s)", s->target);
    if (s->optional)
      fprintf(out, " [profile %s]", s->profiles);
    fprintf(out, "  %s:%u\n", s->at.path, s->at.line);
  }
}

static void text_views(FILE *out, const struct rc_model *m, bool production)
{
  bool any = false;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if ((v->role == RC_ROLE_PRODUCTION) != production)
      continue;
    if (!any)
      fprintf(out, "\n%s\n",
              production ? "production compose views" : "other compose views");
    any = true;
    if (!production)
      fprintf(out, "  [%s]", rc_role_name(v->role));
    text_view(out, v);
  }
}

static const char *const apply_verbs[] = {[RC_APPLY_FILES] = "kubectl apply -f",
                                          [RC_APPLY_KUSTOMIZE] = "kustomize",
                                          [RC_APPLY_CHART] = "helm chart"};

static const char *const entry_kinds[] = {[RC_K8S_KUSTOMIZE] = "kustomize",
                                          [RC_K8S_CHART] = "chart",
                                          [RC_K8S_FILES] = "manifests"};

static void text_workload(FILE *out, const struct rc_model *m,
                          const struct rc_k8s_workload *w)
{
  fprintf(out, "  %-15s %s/%s  %s:%u%s%s\n", rc_role_name(w->role), w->kind,
          w->name, w->at.path, w->at.line, w->one_shot ? "  [one-shot]" : "",
          w->unknown ? "  [partly unknown]" : "");
  fprintf(out, "  %-15s (%s)\n", "", w->why);
  const cJSON *pod = rc_k8s_pod_spec(w->obj, w->kind);
  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(pod, "containers")) {
    const char *image = rc_k8s_container_image(m->arena, w, c);
    const struct rc_image *im = image ? rc_model_image_named(m, image) : NULL;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
    fprintf(out, "  %-15s container %s: %s%s%s\n", "",
            cJSON_IsString(name) ? name->valuestring : "?",
            image ? image : "(no image)", im ? "  built from " : "",
            im ? im->dockerfile : "");
    /* what an overlay deletes (a JSON 6902 remove, a strategic-merge
     * null): absent as deployed, written in a patch */
    static const char *const keys[] = {"readinessProbe",  "livenessProbe",
                                       "startupProbe",    "resources",
                                       "securityContext", NULL};
    for (size_t k = 0; keys[k]; k++) {
      struct rc_where at = {NULL, 0};
      if (!rc_k8s_container_get(w, c, keys[k], &at) && at.path &&
          strcmp(at.path, w->doc->path) != 0)
        fprintf(out, "  %-15s   %s removed by %s:%u\n", "", keys[k], at.path,
                at.line);
    }
  }
}

/* A chart a CI workflow installs ten times is one entry point to a reader:
 * the text lists it once with its other places (JSON keeps every one). */
static bool same_entry(const struct rc_k8s_entry *a,
                       const struct rc_k8s_entry *b)
{
  return a->role == b->role && a->kind == b->kind &&
         a->n_workloads == b->n_workloads &&
         strcmp(or_dash(a->path), or_dash(b->path)) == 0;
}

static bool earlier_same_entry(const struct rc_k8s *k, size_t i)
{
  for (size_t j = 0; j < i; j++)
    if (same_entry(&k->entries[j], &k->entries[i]))
      return true;
  return false;
}

static void text_same_entries(FILE *out, const struct rc_k8s *k, size_t i)
{
  size_t more = 0;
  for (size_t j = i + 1; j < k->n_entries; j++) {
    if (!same_entry(&k->entries[i], &k->entries[j]))
      continue;
    if (more < 2)
      fprintf(out, "; %s", k->entries[j].why);
    more++;
  }
  if (more > 2)
    fprintf(out, "; and %zu more", more - 2);
}

/* The Kubernetes part: charts, entry points, workloads. */
/* " (sets again: DEBUG, ALLOWED_HOSTS)": what the inheriting modules
 * assign after the star import. */
static void print_shadowed(FILE *out, const char *shadowed)
{
  const char *sep = " (sets again: ";
  for (const char *p = shadowed; *p;) {
    size_t n = strcspn(p, "\n");
    if (n) {
      fprintf(out, "%s%.*s", sep, (int)n, p);
      sep = ", ";
    }
    p += n + (p[n] == '\n');
  }
  if (strcmp(sep, ", ") == 0)
    fputc(')', out);
}

/* Flask config classes and Rails environments (appsettings.h). */
static void text_app_settings(FILE *out, const struct rc_model *m)
{
  if (m->n_app_settings)
    fprintf(out, "\nflask and rails settings\n");
  for (size_t i = 0; i < m->n_app_settings; i++) {
    const struct rc_app_settings *u = &m->app_settings[i];
    fprintf(out, "  %-15s %s %s", rc_role_name(u->role), u->framework, u->path);
    if (u->first)
      fprintf(out, ":%u-%u", u->first, u->last);
    fprintf(out, "  %s  (%s", u->name, u->why);
    if (u->at.path)
      fprintf(out, ", %s:%u", u->at.path, u->at.line);
    fputc(')', out);
    if (u->inherited_by) {
      fprintf(out, "\n                  inherited by %s", u->inherited_by);
      print_shadowed(out, u->shadowed);
    }
    fputc('\n', out);
  }
}

static void text_k8s(FILE *out, const struct rc_model *m)
{
  const struct rc_k8s *k = &m->k8s;
  if (k->n_charts)
    fprintf(out, "\nhelm charts\n");
  for (size_t i = 0; i < k->n_charts; i++) {
    const struct rc_k8s_chart *c = &k->charts[i];
    fprintf(out, "  %-15s %s  (%s)", rc_role_name(c->role), or_dash(c->dir),
            c->library ? "a library chart"
            : *c->why  ? c->why
                       : c->name);
    if (c->n_templates)
      fprintf(out, "  %zu template%s rendered", c->n_templates,
              c->n_templates == 1 ? "" : "s");
    if (c->values)
      fprintf(out, " with %s", c->values);
    if (c->n_failed)
      fprintf(out, ", %zu not readable as YAML", c->n_failed);
    fputc('\n', out);
  }
  if (k->n_entries)
    fprintf(out, "\nkubernetes entry points\n");
  for (size_t i = 0; i < k->n_entries; i++) {
    const struct rc_k8s_entry *e = &k->entries[i];
    if (earlier_same_entry(k, i))
      continue;
    fprintf(out, "  %-15s %-9s %s  (%s", rc_role_name(e->role),
            entry_kinds[e->kind], or_dash(e->path), e->why);
    text_same_entries(out, k, i);
    fprintf(out, "; %zu workload%s)\n", e->n_workloads,
            e->n_workloads == 1 ? "" : "s");
  }
  if (k->examples)
    fprintf(out,
            "  (the README calls the repository a set of examples: "
            "'%.80s')\n",
            k->examples);
  if (k->n_workloads)
    fprintf(out, "\nkubernetes workloads\n");
  for (size_t i = 0; i < k->n_workloads; i++)
    text_workload(out, m, &k->workloads[i]);
  for (size_t i = 0; i < k->n_docs; i++)
    if (k->docs[i].error)
      fprintf(out, "  unreadable      %s  (%s)\n", k->docs[i].path,
              k->docs[i].error);
}

/* "tests,lint" for a gate mask. */
static const char *gates_text(unsigned gates, char *buf, size_t cap)
{
  buf[0] = '\0';
  for (unsigned g = 1; g <= RC_GATE_BUILD; g <<= 1)
    if (gates & g) {
      size_t n = strlen(buf);
      snprintf(buf + n, cap - n, "%s%s", n ? "," : "", rc_gate_name(g));
    }
  return buf[0] ? buf : "-";
}

/* The CI steps that gate (or are soft or masked), with what makes them so. */
static void text_pipeline(FILE *out, const struct rc_pipeline *p)
{
  bool header = false;
  for (size_t i = 0; i < p->n_steps; i++) {
    const struct rc_ci_step *st = &p->steps[i];
    bool masked = false;
    for (size_t k = 0; k < st->n_cmds; k++)
      masked = masked || (p->cmds[st->cmd0 + k].masked &&
                          p->cmds[st->cmd0 + k].gates_all);
    if (!st->gates && !st->soft && !masked)
      continue;
    if (!header)
      fprintf(out, "\nCI gates (%zu files read)\n", p->n_files);
    header = true;
    char g[64];
    fprintf(out, "  %s:%u  %-16s %s", st->at.path, st->at.line,
            gates_text(st->gates, g, sizeof(g)),
            st->name ? st->name : (st->uses ? st->uses : or_dash(st->job)));
    if (st->tool)
      fprintf(out, "  (%.60s)", st->tool);
    if (st->soft)
      fprintf(out, "  continue-on-error%s", st->reraised ? ", re-raised" : "");
    if (masked)
      fprintf(out, "  masked");
    if (st->after)
      fprintf(out, "  after the job");
    if (!st->gating)
      fprintf(out, "  not on push/PR");
    if (st->fix_job)
      fprintf(out, "  autofix job");
    fputc('\n', out);
  }
  for (size_t i = 0; i < p->n_errors; i++)
    fprintf(out, "  %s: cannot read: %s\n", p->errors[i].path,
            p->errors[i].message);
}

/* Each threshold of f, as "lines 80 at :12" items; err on failure. */
static void text_thresholds(FILE *out, struct rc_testcfgs *t,
                            struct rc_index *idx,
                            const struct rc_testcfg_file *f)
{
  struct rc_testcfg_threshold *th;
  size_t n;
  char err[512];
  if (rc_testcfg_thresholds(t, idx, f, &th, &n, err, sizeof err) != 0) {
    fprintf(out, "      %s\n", err);
    return;
  }
  for (size_t i = 0; i < n; i++)
    if (th[i].valued)
      fprintf(out, "      coverage threshold %g at line %u\n", th[i].value,
              th[i].line);
    else
      fprintf(out, "      coverage threshold (no percentage) at line %u\n",
              th[i].line);
}

static void text_tests(FILE *out, struct rc_testcfgs *t, struct rc_index *idx)
{
  if (t->n)
    fprintf(out, "\ntest configurations\n");
  for (size_t i = 0; i < t->n; i++) {
    const struct rc_testcfg_pkg *p = &t->pkgs[i];
    fprintf(out, "  %s (package %s)\n", p->manifest, or_dash(p->dir));
    for (size_t k = 0; k < p->n_files; k++) {
      const struct rc_testcfg_file *f = &p->files[k];
      fprintf(out, "    %-7s %s", f->runner, f->path);
      if (f->end)
        fprintf(out, ":%u", f->line);
      fprintf(out, "  (%s)\n", f->why);
      text_thresholds(out, t, idx, f);
    }
  }
}

static void text_compose_files(FILE *out, const struct rc_model *m)
{
  if (m->n_compose)
    fprintf(out, "\ncompose files\n");
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    fprintf(out, "  %-15s %s", rc_role_name(f->role), f->path);
    if (f->error)
      fprintf(out, "  (unreadable: %s)", f->error);
    else if (*f->why)
      fprintf(out, "  (%s)", f->why);
    fputc('\n', out);
  }
}

static void text_images(FILE *out, const struct rc_model *m)
{
  if (m->n_images)
    fprintf(out, "\nimages\n");
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    fprintf(out, "  %-15s %s", rc_role_name(im->role), im->dockerfile);
    if (im->target)
      fprintf(out, " (target %s)", im->target);
    fprintf(out, "  %s%s\n", im->why, im->df ? "" : "; the file is missing");
  }
}

/* How much of a service's source counts, per language. */
static void text_service_reach(FILE *out, const struct rc_service *s)
{
  if (s->reach == RC_REACH_ENTRIES)
    fprintf(out, "  %-20s JS/TS: %zu files reached from %zu entry points\n", "",
            s->n_reached, s->n_entries);
  else if (s->reach == RC_REACH_ALL)
    fprintf(out, "  %-20s JS/TS: every source file counts (%zu)\n", "",
            s->n_reached);
  if (s->py_reach == RC_REACH_ENTRIES)
    fprintf(out, "  %-20s Python: %zu files reached from %zu entry points\n",
            "", s->n_py_reached, s->n_py_entries);
  else if (s->py_reach == RC_REACH_ALL)
    fprintf(out,
            "  %-20s Python: every file of its folder counts (%zu; not "
            "followed: %s)\n",
            "", s->n_py_reached, s->py_why ? s->py_why : "?");
  if (s->go_reach == RC_REACH_ENTRIES)
    fprintf(out, "  %-20s Go: %zu files reached from %zu main package%s\n", "",
            s->n_go_reached, s->n_go_entries, s->n_go_entries == 1 ? "" : "s");
  else if (s->go_reach == RC_REACH_ALL)
    fprintf(out, "  %-20s Go: every file of its folder counts (%zu; %s)\n", "",
            s->n_go_reached, s->go_why ? s->go_why : "?");
}

static void text_services(FILE *out, const struct rc_model *m)
{
  if (m->n_services)
    fprintf(out, "\nservices\n");
  for (size_t i = 0; i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    fprintf(out, "  %-20s %-8s %s", s->name, kind_name(s->kind),
            s->dir ? or_dash(s->dir) : or_dash(s->image));
    if (s->dockerfile)
      fprintf(out, "  %s", s->dockerfile);
    if (s->command) {
      fputs("  runs: ", out);
      put_one_line(out, s->command, 80);
    }
    fprintf(out, "\n  %-20s (%s)\n", "", s->why);
    text_service_reach(out, s);
  }
}

static void text_settings_modules(FILE *out, const struct rc_model *m)
{
  if (m->n_settings)
    fprintf(out, "\ndjango settings modules\n");
  for (size_t i = 0; i < m->n_settings; i++) {
    const struct rc_settings_use *u = &m->settings[i];
    fprintf(out, "  %-15s %s  (%s, named in %s:%u%s%s)\n",
            u->role == RC_ROLE_UNUSED ? "overridden" : rc_role_name(u->role),
            u->path, u->module, u->at.path, u->at.line, u->why ? ": " : "",
            u->why ? u->why : "");
    if (u->local)
      fprintf(out,
              "                  completed by %s, which the operator "
              "writes (not in the repository)\n",
              u->local);
    for (size_t k = 0; k < u->n_bases; k++) {
      fprintf(out, "                  inherits %s", u->bases[k]);
      print_shadowed(out, u->shadowed[k]);
      fputc('\n', out);
    }
  }
}

/* Compose chains, image builds and manifest applies that scripts and CI
 * run, then the CI pipeline itself. */
static void text_automation(FILE *out, const struct rc_entries *e)
{
  if (e->n_chains || e->n_builds || e->n_applies)
    fprintf(out, "\nentry points in automation\n");
  for (size_t i = 0; i < e->n_chains; i++) {
    const struct rc_chain *c = &e->chains[i];
    fprintf(out, "  %s:%u  compose", c->at.path, c->at.line);
    for (size_t k = 0; k < c->n_files; k++)
      fprintf(out, " -f %s", c->files[k]);
    fprintf(out, "%s\n", c->unresolved ? " (a name is computed)" : "");
  }
  for (size_t i = 0; i < e->n_builds; i++) {
    const struct rc_build *b = &e->builds[i];
    fprintf(out, "  %s:%u  build %s", b->at.path, b->at.line,
            b->unresolved ? "(paths computed at run time)"
                          : or_dash(b->dockerfile));
    if (b->target)
      fprintf(out, " (target %s)", b->target);
    if (b->unresolved && b->via) /* why: "bake file x.hcl:3:9: ..." */
      fprintf(out, ": %s", b->via);
    fputc('\n', out);
  }
  for (size_t i = 0; i < e->n_applies; i++) {
    const struct rc_apply *ap = &e->applies[i];
    fprintf(out, "  %s:%u  %s %s\n", ap->at.path, ap->at.line,
            apply_verbs[ap->kind],
            ap->unresolved ? "(path computed at run time)" : or_dash(ap->path));
  }
  text_pipeline(out, &e->pipeline);
}

static void text_model(FILE *out, const struct rc_model *m,
                       struct rc_testcfgs *t, struct rc_index *idx,
                       const char *path)
{
  fprintf(out, "deployment model of %s\n", path);
  text_compose_files(out, m);
  text_views(out, m, true);
  text_views(out, m, false);
  text_images(out, m);
  text_services(out, m);
  text_settings_modules(out, m);
  text_app_settings(out, m);
  text_k8s(out, m);
  text_automation(out, &m->entries);
  if (!m->n_compose && !m->n_images && !m->n_services && !m->k8s.n_workloads &&
      !m->k8s.n_entries)
    fprintf(out, "\nnothing that deploys was found\n");
  text_tests(out, t, idx);
}

/* ---- json ------------------------------------------------------------------
 */

static void add_str(cJSON *o, const char *k, const char *v)
{
  if (v)
    cJSON_AddItemToObject(o, k, jb_string(v));
  else
    cJSON_AddNullToObject(o, k);
}

static cJSON *where_json(const struct rc_where *w)
{
  cJSON *o = cJSON_CreateObject();
  add_str(o, "path", w->path);
  cJSON_AddNumberToObject(o, "line", w->line);
  return o;
}

static cJSON *view_json(const struct rc_compose_view *v)
{
  cJSON *o = cJSON_CreateObject();
  cJSON *files = cJSON_AddArrayToObject(o, "files");
  for (size_t i = 0; i < v->n_files; i++)
    cJSON_AddItemToArray(files, jb_string(v->files[i]->path));
  add_str(o, "role", rc_role_name(v->role));
  add_str(o, "why", v->why);
  if (v->role == RC_ROLE_PRODUCTION)
    add_str(o, "deploys", v->deploys);
  if (v->swarm)
    cJSON_AddTrueToObject(o, "swarm");
  cJSON *svcs = cJSON_AddArrayToObject(o, "services");
  for (size_t i = 0; i < v->n_services; i++) {
    const struct rc_compose_service *s = &v->services[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "name", s->name);
    cJSON_AddItemToObject(j, "at", where_json(&s->at));
    add_str(j, "context", s->context);
    add_str(j, "dockerfile", s->dockerfile);
    add_str(j, "target", s->target);
    add_str(j, "image", s->image);
    add_str(j, "profiles", s->profiles);
    cJSON_AddBoolToObject(j, "optional", s->optional);
    cJSON_AddItemToArray(svcs, j);
  }
  return o;
}

static cJSON *k8s_json(const struct rc_model *m)
{
  const struct rc_k8s *k = &m->k8s;
  cJSON *o = cJSON_CreateObject();
  cJSON *charts = cJSON_AddArrayToObject(o, "charts");
  for (size_t i = 0; i < k->n_charts; i++) {
    const struct rc_k8s_chart *c = &k->charts[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "dir", c->dir);
    add_str(j, "name", c->name);
    add_str(j, "role", rc_role_name(c->role));
    add_str(j, "why", *c->why ? c->why : NULL);
    cJSON_AddBoolToObject(j, "library", c->library);
    cJSON_AddBoolToObject(j, "vendored", c->vendored);
    add_str(j, "values", c->values);
    cJSON_AddNumberToObject(j, "templates", (double)c->n_templates);
    cJSON_AddNumberToObject(j, "templates_unreadable", (double)c->n_failed);
    cJSON_AddItemToArray(charts, j);
  }
  cJSON *entries = cJSON_AddArrayToObject(o, "entry_points");
  for (size_t i = 0; i < k->n_entries; i++) {
    const struct rc_k8s_entry *e = &k->entries[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "kind", entry_kinds[e->kind]);
    add_str(j, "path", e->path);
    add_str(j, "role", rc_role_name(e->role));
    add_str(j, "why", e->why);
    cJSON_AddItemToObject(j, "at", where_json(&e->at));
    cJSON_AddNumberToObject(j, "workloads", (double)e->n_workloads);
    cJSON_AddItemToArray(entries, j);
  }
  add_str(o, "examples_readme", k->examples);
  cJSON *wl = cJSON_AddArrayToObject(o, "workloads");
  for (size_t i = 0; i < k->n_workloads; i++) {
    const struct rc_k8s_workload *w = &k->workloads[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "kind", w->kind);
    add_str(j, "name", w->name);
    cJSON_AddItemToObject(j, "at", where_json(&w->at));
    add_str(j, "role", rc_role_name(w->role));
    add_str(j, "why", w->why);
    add_str(j, "entry", w->entry ? w->entry->path : NULL);
    cJSON_AddBoolToObject(j, "one_shot", w->one_shot);
    cJSON_AddBoolToObject(j, "partly_unknown", w->unknown);
    cJSON_AddNumberToObject(j, "patches", (double)w->n_patches);
    cJSON *cs = cJSON_AddArrayToObject(j, "containers");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(
                              rc_k8s_pod_spec(w->obj, w->kind), "containers")) {
      const char *image = rc_k8s_container_image(m->arena, w, c);
      const struct rc_image *im = image ? rc_model_image_named(m, image) : NULL;
      const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
      cJSON *cj = cJSON_CreateObject();
      add_str(cj, "name", cJSON_IsString(name) ? name->valuestring : NULL);
      add_str(cj, "image", image);
      add_str(cj, "dockerfile", im ? im->dockerfile : NULL);
      cJSON_AddItemToArray(cs, cj);
    }
    cJSON_AddItemToArray(wl, j);
  }
  cJSON *bad = cJSON_AddArrayToObject(o, "unreadable");
  for (size_t i = 0; i < k->n_docs; i++)
    if (k->docs[i].error) {
      cJSON *j = cJSON_CreateObject();
      add_str(j, "path", k->docs[i].path);
      add_str(j, "error", k->docs[i].error);
      cJSON_AddItemToArray(bad, j);
    }
  return o;
}

static cJSON *tests_json(struct rc_testcfgs *t, struct rc_index *idx)
{
  cJSON *pkgs = cJSON_CreateArray();
  for (size_t i = 0; i < t->n; i++) {
    const struct rc_testcfg_pkg *p = &t->pkgs[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "dir", p->dir);
    add_str(j, "manifest", p->manifest);
    cJSON *loads = cJSON_AddArrayToObject(j, "loads");
    for (size_t k = 0; k < p->n_files; k++) {
      const struct rc_testcfg_file *f = &p->files[k];
      cJSON *fj = cJSON_CreateObject();
      add_str(fj, "path", f->path);
      cJSON_AddNumberToObject(fj, "line", f->line);
      cJSON_AddBoolToObject(fj, "whole_file", f->end == 0);
      add_str(fj, "runner", f->runner);
      add_str(fj, "why", f->why);
      struct rc_testcfg_threshold *th;
      size_t n;
      char err[512];
      if (rc_testcfg_thresholds(t, idx, f, &th, &n, err, sizeof err) != 0) {
        add_str(fj, "error", err);
        n = 0;
      }
      cJSON *ths = cJSON_AddArrayToObject(fj, "thresholds");
      for (size_t x = 0; x < n; x++) {
        cJSON *tj = cJSON_CreateObject();
        cJSON_AddNumberToObject(tj, "line", th[x].line);
        if (th[x].valued)
          cJSON_AddNumberToObject(tj, "percent", th[x].value);
        else
          cJSON_AddNullToObject(tj, "percent");
        cJSON_AddItemToArray(ths, tj);
      }
      cJSON_AddItemToArray(loads, fj);
    }
    cJSON_AddItemToArray(pkgs, j);
  }
  return pkgs;
}

static cJSON *compose_files_json(const struct rc_model *m)
{
  cJSON *files = cJSON_CreateArray();
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "path", f->path);
    add_str(j, "role", rc_role_name(f->role));
    add_str(j, "why", *f->why ? f->why : NULL);
    add_str(j, "error", f->error);
    cJSON_AddItemToArray(files, j);
  }
  return files;
}

static cJSON *images_json(const struct rc_model *m)
{
  cJSON *images = cJSON_CreateArray();
  for (size_t i = 0; i < m->n_images; i++) {
    const struct rc_image *im = &m->images[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "dockerfile", im->dockerfile);
    cJSON_AddBoolToObject(j, "exists", im->df != NULL);
    add_str(j, "context", im->context);
    add_str(j, "target", im->target);
    add_str(j, "role", rc_role_name(im->role));
    add_str(j, "why", im->why);
    cJSON_AddItemToObject(j, "at", where_json(&im->at));
    cJSON_AddItemToArray(images, j);
  }
  return images;
}

/* A service and how much of its code each language's reach follows. */
static cJSON *service_json(const struct rc_service *s)
{
  cJSON *j = cJSON_CreateObject();
  add_str(j, "name", s->name);
  add_str(j, "kind", kind_name(s->kind));
  add_str(j, "dir", s->dir);
  add_str(j, "context", s->context);
  add_str(j, "dockerfile", s->dockerfile);
  add_str(j, "image", s->image);
  add_str(j, "command", s->command);
  add_str(j, "why", s->why);
  cJSON_AddItemToObject(j, "at", where_json(&s->at));
  static const char *const modes[] = {"none", "entries", "all"};
  cJSON *r = cJSON_AddObjectToObject(j, "reach");
  add_str(r, "mode", modes[s->reach]);
  cJSON_AddNumberToObject(r, "entries", (double)s->n_entries);
  cJSON_AddNumberToObject(r, "files", (double)s->n_reached);
  cJSON *py = cJSON_AddObjectToObject(j, "python_reach");
  add_str(py, "mode", modes[s->py_reach]);
  cJSON_AddNumberToObject(py, "entries", (double)s->n_py_entries);
  cJSON_AddNumberToObject(py, "files", (double)s->n_py_reached);
  add_str(py, "why", s->py_why);
  cJSON *go = cJSON_AddObjectToObject(j, "go_reach");
  add_str(go, "mode", modes[s->go_reach]);
  cJSON_AddNumberToObject(go, "entries", (double)s->n_go_entries);
  cJSON_AddNumberToObject(go, "files", (double)s->n_go_reached);
  add_str(go, "why", s->go_why);
  return j;
}

/* The Django settings modules and the inherited modules whose lines they
 * set again. */
static cJSON *django_settings_json(const struct rc_model *m)
{
  cJSON *settings = cJSON_CreateArray();
  for (size_t i = 0; i < m->n_settings; i++) {
    const struct rc_settings_use *u = &m->settings[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "module", u->module);
    add_str(j, "path", u->path);
    add_str(j, "role",
            u->role == RC_ROLE_UNUSED ? "overridden" : rc_role_name(u->role));
    add_str(j, "why", u->why);
    add_str(j, "local_settings", u->local);
    cJSON_AddItemToObject(j, "at", where_json(&u->at));
    cJSON *bases = cJSON_AddArrayToObject(j, "inherits");
    for (size_t k = 0; k < u->n_bases; k++) {
      cJSON *b = cJSON_CreateObject();
      add_str(b, "path", u->bases[k]);
      cJSON *names = cJSON_AddArrayToObject(b, "set_again");
      for (const char *p = u->shadowed[k]; *p;) {
        size_t n = strcspn(p, "\n");
        if (n)
          cJSON_AddItemToArray(names,
                               jb_string(rc_arena_strndup(m->arena, p, n)));
        p += n + (p[n] == '\n');
      }
      cJSON_AddItemToArray(bases, b);
    }
    cJSON_AddItemToArray(settings, j);
  }
  return settings;
}

static cJSON *app_settings_json(const struct rc_model *m)
{
  cJSON *apps = cJSON_CreateArray();
  for (size_t i = 0; i < m->n_app_settings; i++) {
    const struct rc_app_settings *u = &m->app_settings[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "framework", u->framework);
    add_str(j, "path", u->path);
    add_str(j, "name", u->name);
    add_str(j, "role", rc_role_name(u->role));
    add_str(j, "why", u->why);
    if (u->at.path)
      cJSON_AddItemToObject(j, "at", where_json(&u->at));
    if (u->first) {
      cJSON_AddNumberToObject(j, "first_line", u->first);
      cJSON_AddNumberToObject(j, "last_line", u->last);
    }
    add_str(j, "inherited_by", u->inherited_by);
    if (u->shadowed) {
      cJSON *names = cJSON_AddArrayToObject(j, "set_again");
      for (const char *p = u->shadowed; *p;) {
        size_t n = strcspn(p, "\n");
        if (n)
          cJSON_AddItemToArray(names,
                               jb_string(rc_arena_strndup(m->arena, p, n)));
        p += n + (p[n] == '\n');
      }
    }
    cJSON_AddItemToArray(apps, j);
  }
  return apps;
}

/* Compose chains, image builds and Kubernetes applies the repository's
 * automation runs. */
static cJSON *entries_json(const struct rc_model *m)
{
  cJSON *entries = cJSON_CreateObject();
  cJSON *chains = cJSON_AddArrayToObject(entries, "compose_chains");
  for (size_t i = 0; i < m->entries.n_chains; i++) {
    const struct rc_chain *c = &m->entries.chains[i];
    cJSON *j = cJSON_CreateObject();
    cJSON *cf = cJSON_AddArrayToObject(j, "files");
    for (size_t k = 0; k < c->n_files; k++)
      cJSON_AddItemToArray(cf, jb_string(c->files[k]));
    cJSON_AddItemToObject(j, "at", where_json(&c->at));
    cJSON_AddBoolToObject(j, "unresolved", c->unresolved);
    cJSON_AddItemToArray(chains, j);
  }
  cJSON *builds = cJSON_AddArrayToObject(entries, "image_builds");
  for (size_t i = 0; i < m->entries.n_builds; i++) {
    const struct rc_build *b = &m->entries.builds[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "dockerfile", b->dockerfile);
    add_str(j, "context", b->context);
    add_str(j, "target", b->target);
    cJSON_AddItemToObject(j, "at", where_json(&b->at));
    cJSON_AddBoolToObject(j, "unresolved", b->unresolved);
    add_str(j, "via", b->via);
    cJSON_AddItemToArray(builds, j);
  }
  cJSON *applies = cJSON_AddArrayToObject(entries, "kubernetes_applies");
  for (size_t i = 0; i < m->entries.n_applies; i++) {
    const struct rc_apply *ap = &m->entries.applies[i];
    cJSON *j = cJSON_CreateObject();
    add_str(j, "kind", apply_verbs[ap->kind]);
    add_str(j, "path", ap->path);
    cJSON *vals = cJSON_AddArrayToObject(j, "values");
    for (size_t k = 0; k < ap->n_values; k++)
      cJSON_AddItemToArray(vals, jb_string(ap->values[k]));
    cJSON_AddItemToObject(j, "at", where_json(&ap->at));
    cJSON_AddBoolToObject(j, "unresolved", ap->unresolved);
    cJSON_AddItemToArray(applies, j);
  }
  return entries;
}

/* A CI step: what it gates, and each command with its own gates. */
static cJSON *step_json(const struct rc_pipeline *p,
                        const struct rc_ci_step *st)
{
  cJSON *j = cJSON_CreateObject();
  cJSON_AddItemToObject(j, "at", where_json(&st->at));
  add_str(j, "job", st->job);
  add_str(j, "name", st->name);
  add_str(j, "uses", st->uses);
  cJSON *gl = cJSON_AddArrayToObject(j, "gates");
  for (unsigned g = 1; g <= RC_GATE_BUILD; g <<= 1)
    if (st->gates & g)
      cJSON_AddItemToArray(gl, jb_string(rc_gate_name(g)));
  add_str(j, "tool", st->tool);
  cJSON_AddBoolToObject(j, "continue_on_error", st->soft);
  cJSON_AddBoolToObject(j, "reraised", st->reraised);
  cJSON_AddBoolToObject(j, "gating_trigger", st->gating);
  cJSON *cmds = cJSON_AddArrayToObject(j, "commands");
  for (size_t k = 0; k < st->n_cmds; k++) {
    const struct rc_ci_cmd *c = &p->cmds[st->cmd0 + k];
    cJSON *cj = cJSON_CreateObject();
    add_str(cj, "text", c->text);
    cJSON_AddItemToObject(cj, "at", where_json(&c->at));
    add_str(cj, "via", c->via);
    cJSON *cg = cJSON_AddArrayToObject(cj, "gates");
    for (unsigned g = 1; g <= RC_GATE_BUILD; g <<= 1)
      if (c->gates & g)
        cJSON_AddItemToArray(cg, jb_string(rc_gate_name(g)));
    cJSON_AddBoolToObject(cj, "masked", c->masked);
    cJSON_AddItemToArray(cmds, cj);
  }
  return j;
}

static cJSON *model_json(const struct rc_model *m, struct rc_testcfgs *t,
                         struct rc_index *idx)
{
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "schema", "readycheck-model");
  cJSON_AddNumberToObject(root, "schema_version", 1);
  cJSON_AddItemToObject(root, "compose_files", compose_files_json(m));
  cJSON *views = cJSON_AddArrayToObject(root, "views");
  for (size_t i = 0; i < m->n_views; i++)
    cJSON_AddItemToArray(views, view_json(&m->views[i]));
  cJSON_AddItemToObject(root, "images", images_json(m));
  cJSON *svcs = cJSON_AddArrayToObject(root, "services");
  for (size_t i = 0; i < m->n_services; i++)
    cJSON_AddItemToArray(svcs, service_json(&m->services[i]));
  cJSON_AddItemToObject(root, "django_settings", django_settings_json(m));
  cJSON_AddItemToObject(root, "app_settings", app_settings_json(m));
  cJSON_AddItemToObject(root, "kubernetes", k8s_json(m));
  cJSON_AddItemToObject(root, "entry_points", entries_json(m));
  cJSON *steps = cJSON_AddArrayToObject(root, "ci_steps");
  const struct rc_pipeline *p = &m->entries.pipeline;
  for (size_t i = 0; i < p->n_steps; i++)
    cJSON_AddItemToArray(steps, step_json(p, &p->steps[i]));
  cJSON_AddItemToObject(root, "test_configurations", tests_json(t, idx));
  return root;
}

int rc_cmd_model(const struct rc_options *o, const struct rc_ruleset *rs,
                 struct rc_diag *d)
{
  (void)rs;
  if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
    return rc_error(d, NULL, "model prints text or json, not '%s'", o->format),
           RC_EXIT_USAGE;
  struct rc_index *idx = NULL;
  if (rc_index_build(&idx, o->path, NULL, d) != 0)
    return RC_EXIT_USAGE;
  struct rc_model *m = rc_model_new(idx);
  struct rc_testcfgs t;
  rc_testcfgs_build(&t, idx, &m->entries.pipeline);
  int status = RC_EXIT_READY;
  if (strcmp(o->format, "json") == 0) {
    cJSON *j = model_json(m, &t, idx);
    char *s = cJSON_Print(j);
    if (fprintf(stdout, "%s\n", s) < 0)
      status = RC_EXIT_INCOMPLETE;
    cJSON_free(s);
    cJSON_Delete(j);
  } else {
    text_model(stdout, m, &t, idx, o->path);
  }
  if (fflush(stdout) != 0) {
    rc_error(d, NULL, "cannot write the model to standard output");
    status = RC_EXIT_INCOMPLETE;
  }
  rc_testcfgs_release(&t);
  rc_model_free(m);
  rc_index_free(idx);
  return status;
}
