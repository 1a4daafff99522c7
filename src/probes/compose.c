/*
 * compose.c - the `compose` probe: per-service requirements of the compose
 * views that deploy - healthchecks, limits, restart policies, databases
 * kept off public interfaces, references that must resolve, exec-form
 * healthchecks without shell operators, scripts run directly that are
 * executable, no plaintext secrets. It judges the model's production views
 * (a base file merged with its production overlays), never a development
 * or test file, and lists every problem with the file and line that set
 * it. With `file:` it judges those files instead, still merged the way the
 * model merges them. Parsing and merging are the model's; what a service
 * is, compose_services.c's; each requirement has its own file
 * (compose_healthcheck.c, compose_restart.c, compose_databases.c,
 * compose_scripts.c): the references that must resolve are
 * compose_refs.c's, nginx's configuration compose_nginx.c's, plaintext
 * secrets compose_secrets.c's. This file holds the options, the problems
 * recorded, and which views and services are judged.
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
enum {
  REQ_HEALTHCHECK,
  REQ_LIMITS,
  REQ_RESTART,
  REQ_DB_PRIVATE,
  REQ_DB_VOLUME,
  REQ_REFS,
  REQ_DIRS,
  REQ_EXEC_HEALTHCHECK,
  REQ_SCRIPTS,
  REQ_NO_PLAINTEXT,
  REQ_NGINX_CONFIG,
  REQ_DEPLOY_EVIDENCE,
};

static const char *const require_names[] = {"healthcheck",
                                            "resource_limits",
                                            "restart_policy",
                                            "db_not_public",
                                            "db_named_volume",
                                            "refs_exist",
                                            "bind_dirs_exist",
                                            "exec_healthcheck",
                                            "scripts_executable",
                                            "no_plaintext_secrets",
                                            "nginx_config",
                                            "deploy_evidence",
                                            NULL};

enum { MAX_VIEWS = 64, MAX_PROBLEMS = 10000 };

/* restart_policy only: which views are judged, by whether any of their
 * services sets a restart policy. */
enum { RESTART_ANY, RESTART_SOMEWHERE, RESTART_NOWHERE };

static const char *const restart_set_names[] = {"any", "somewhere", "nowhere",
                                                NULL};

/* Which production views are judged, by whether the model found positive
 * evidence that they deploy (rc_compose_view.deploys). */
enum { DEPLOYS_ANY, DEPLOYS_EVIDENCED, DEPLOYS_PRESUMED };

static const char *const deploys_names[] = {"any", "evidenced", "presumed",
                                            NULL};

static const char *const refs_names[] = {"any", "deployed", "other", "presumed",
                                         NULL};

static const char *const db_clients_names[] = {"any", "stack", "outside", NULL};

static const char *const watch_names[] = {"shown", "unshown", "any", NULL};

static bool same_service(const char *name, const char *defined,
                         const char *name2, const char *defined2)
{
  return strcmp(name, name2) == 0 &&
         strcmp(defined ? defined : "", defined2 ? defined2 : "") == 0;
}

static void judged(struct run *r, const struct rc_compose_service *s)
{
  for (size_t i = 0; i < r->n_names; i++)
    if (same_service(r->names[i]->name, r->names[i]->at.path, s->name,
                     s->at.path))
      return;
  rc_grow((void **)&r->names, &r->cap_names, r->n_names, sizeof(*r->names));
  r->names[r->n_names++] = s;
}

/* ---- recording ------------------------------------------------------------
 */

/* The same service of the same files is judged once per view it is in;
 * a problem at one place is reported once. */
static void record(struct run *r, const struct rc_compose_service *s,
                   const struct rc_where *at, const char *why)
{
  struct rc_where w = at && at->path ? *at : s->at;
  if (r->view && r->view->dev_base && w.path &&
      strcmp(w.path, r->view->dev_base->path) == 0)
    return; /* the development base's, not the add-on's */
  for (size_t i = 0; i < r->n_p; i++)
    if (strcmp(r->p[i].service, s->name) == 0 &&
        strcmp(r->p[i].why, why) == 0 && strcmp(r->p[i].at.path, w.path) == 0 &&
        r->p[i].at.line == w.line)
      return;
  if (r->n_p >= MAX_PROBLEMS)
    return;
  rc_grow((void **)&r->p, &r->cap_p, r->n_p, sizeof(*r->p));
  r->p[r->n_p++] = (struct problem){s->name, why, w, NULL, 0, s->at.path};
}

void compose_problem(struct run *r, const struct rc_compose_service *s,
                     const struct rc_where *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  const char *why = rc_arena_vprintf(r->a, fmt, ap);
  va_end(ap);
  record(r, s, at, why);
}

/* ---- the check
 * --------------------------------------------------------------- */

/* A comment calls the service test or development only in every file
 * that defines it (another file of the view that writes it without that
 * comment runs it for real). */
static bool disowned(const struct rc_compose_service *s)
{
  for (size_t i = 0; i < s->n_layers; i++)
    if (!rc_compose_file_disowns(s->layers[i].file, s->name))
      return false;
  return s->n_layers > 0;
}

/* The service builds its image from a folder of samples (`context:
 * ../app-executor-samples/hello-sample`, `examples/demo-app`): a sample
 * started beside the real services to show them working, not one of
 * them. A folder counts by its name or its first or last word. */
static bool sample_context(const char *context)
{
  static const char *const words[] = {
      "sample", "samples", "example", "examples", "demo", "demos", NULL};
  for (const char *seg = context; *seg;) {
    size_t n = strcspn(seg, "/"), first = strcspn(seg, "-_."), last = n;
    if (first > n)
      first = n;
    while (last > 0 && !strchr("-_.", seg[last - 1]))
      last--;
    for (size_t i = 0; words[i]; i++) {
      size_t k = strlen(words[i]);
      if ((first == k && strncasecmp(seg, words[i], k) == 0) ||
          (n - last == k && strncasecmp(seg + last, words[i], k) == 0))
        return true;
    }
    seg += n + (seg[n] == '/');
  }
  return false;
}

/* The service runs a sample image (`jaegertracing/example-hotrod`,
 * `openzipkin/brave-example`): a demo application started to show the
 * real services working, not one of them. Its name's first or last word
 * says so, as for a sample build context. */
static bool sample_image(const char *image)
{
  char name[128];
  rc_model_image_name(image, name, sizeof(name));
  return name[0] && sample_context(name);
}

/* The service builds a development or test stage of its Dockerfile
 * (`target: development`, `target: test`): the developers' service beside
 * the deployed ones (a hot-reloading twin of the app), not one of them. */
static bool dev_stage(const struct rc_compose_service *s)
{
  return s->context && s->target &&
         rc_role_of_path(s->target, NULL, 0) != RC_ROLE_PRODUCTION;
}

static void judge(struct run *r, const struct rc_compose_service *s)
{
  if (disowned(s))
    return;
  int req = r->cfg->require;
  bool has_req = req == REQ_HEALTHCHECK || req == REQ_LIMITS ||
                 req == REQ_RESTART || req == REQ_DB_VOLUME;
  if (has_req && ((s->context && sample_context(s->context)) ||
                  (s->image && sample_image(s->image)) || dev_stage(s)))
    return;
  /* neither image nor build in this view: a file outside it (another
   * overlay) completes the service, and Compose refuses it without one */
  bool incomplete = !s->image && !rc_compose_get(s, "build", NULL);
  if (has_req && (s->optional || incomplete || compose_scaled_to_zero(s)))
    return;
  /* a data-only container of a database image (`command: /bin/true`)
   * runs no database: the service that mounts its volumes does */
  if ((req == REQ_DB_PRIVATE || req == REQ_DB_VOLUME) &&
      (!rc_model_is_database_image(s->image) || compose_exits_at_once(s) ||
       compose_scaled_to_zero(s)))
    return;
  if (req == REQ_DB_VOLUME &&
      (compose_is_cache(s->image) || compose_is_broker(s->image)))
    return; /* a cache or a broker's queues may be lost */
  if (req == REQ_NGINX_CONFIG && !compose_is_nginx(s))
    return;
  /* (an internal service nothing acts on the health of is still judged
   * beside another of the project's services that has a healthcheck) */
  if (req == REQ_HEALTHCHECK && !compose_awaited_healthy(r->view, s->name) &&
      (!compose_runs_own_code(r, s) || compose_background_worker(r, s) ||
       compose_front_proxy(s) || compose_sidecar(s) ||
       compose_watched(r->view) ||
       (compose_health_unused(r, s) && !compose_checked_sibling(r, s, true))))
    return;
  r->n_checked++;
  /* these look inside the service and count what they find there */
  if (req != REQ_EXEC_HEALTHCHECK && req != REQ_NO_PLAINTEXT &&
      req != REQ_SCRIPTS && req != REQ_REFS && req != REQ_DIRS &&
      req != REQ_NGINX_CONFIG)
    r->n_examined++;
  judged(r, s);
  switch (req) {
  case REQ_HEALTHCHECK:
    compose_req_healthcheck(r, s);
    break;
  case REQ_LIMITS:
    compose_req_limits(r, s);
    break;
  case REQ_RESTART:
    compose_req_restart(r, s);
    break;
  case REQ_DB_VOLUME:
    compose_req_db_volume(r, s);
    break;
  case REQ_DB_PRIVATE:
    compose_req_db_private(r, s);
    break;
  case REQ_REFS:
  case REQ_DIRS:
    compose_req_refs(r, s, req == REQ_DIRS);
    break;
  case REQ_EXEC_HEALTHCHECK:
    compose_req_exec_healthcheck(r, s);
    break;
  case REQ_SCRIPTS:
    compose_req_scripts(r, s);
    break;
  case REQ_NGINX_CONFIG:
    compose_req_nginx_config(r, s);
    break;
  default:
    compose_req_no_plaintext(r, s);
  }
}

/* Some service of v sets a restart policy (`restart:`, "no" too, or
 * deploy.restart_policy), or Swarm restarts them all. A view that sets one
 * somewhere and leaves a long-running service out has an oversight; one
 * that sets none anywhere leaves restarts to something else (systemd, an
 * orchestrator) or was never meant to run unattended. */
static bool view_sets_restart(const struct rc_compose_view *v)
{
  if (compose_swarm_stack(v))
    return true;
  for (size_t i = 0; i < v->n_services; i++)
    if (rc_compose_get(&v->services[i], "restart", NULL) ||
        rc_compose_get(&v->services[i], "deploy.restart_policy", NULL))
      return true;
  return false;
}

static void judge_view(struct run *r, const struct rc_compose_view *v)
{
  if (r->cfg->require == REQ_RESTART && r->cfg->restart_set != RESTART_ANY &&
      view_sets_restart(v) != (r->cfg->restart_set == RESTART_SOMEWHERE)) {
    r->n_views_left++;
    return;
  }
  r->view = v;
  r->n_views++;
  r->n_files += v->n_files;
  for (size_t i = 0; i < v->n_services; i++)
    judge(r, &v->services[i]);
}

/* ---- which views
 * ------------------------------------------------------------- */

static bool selected(const struct cfg *cfg, const char *path)
{
  if (rc_strlist_matches(&cfg->exclude, path))
    return false;
  for (size_t i = 0; i < cfg->file.n; i++)
    if (rc_glob_check(cfg->file.items[i]) == NULL &&
        rc_glob_match(cfg->file.items[i], path))
      return true;
  return false;
}

/* Explicit files: the model's views made only of selected files, and every
 * other selected file on its own. Returns how many could not be read. */
static size_t judge_selected(struct run *r, struct rc_check *out)
{
  const struct rc_model *m = r->ctx->model;
  size_t unreadable = 0;
  bool *used = rc_arena_alloc(r->a, m->n_compose + 1);
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    bool all = true;
    for (size_t k = 0; k < v->n_files && all; k++)
      all = selected(r->cfg, v->files[k]->path);
    if (!all)
      continue;
    for (size_t k = 0; k < v->n_files; k++)
      used[v->files[k] - m->compose] = true;
    judge_view(r, v);
  }
  for (size_t i = 0; i < m->n_compose; i++) {
    const struct rc_compose_file *f = &m->compose[i];
    if (used[i] || !selected(r->cfg, f->path))
      continue;
    if (f->error) {
      rc_check_evidence(out, r->ctx, f->path, 0, "cannot read: %s", f->error);
      unreadable++;
      continue;
    }
    struct rc_compose_view *v = rc_arena_alloc(r->a, sizeof(*v));
    memset(v, 0, sizeof(*v));
    const struct rc_compose_file *one[] = {f};
    rc_compose_view_build(v, r->a, one, 1, NULL, NULL, NULL);
    judge_view(r, v);
  }
  return unreadable;
}

static size_t unreadable_production(const struct rc_model *m)
{
  size_t n = 0;
  for (size_t i = 0; i < m->n_compose; i++)
    n += m->compose[i].error && m->compose[i].role == RC_ROLE_PRODUCTION;
  return n;
}

/* deploys: evidenced judges the views the model found deploying; presumed
 * the others, production only because nothing says otherwise. */
static bool deploys_selected(struct run *r, const struct rc_compose_view *v)
{
  if (r->cfg->deploys == DEPLOYS_ANY ||
      (r->cfg->deploys == DEPLOYS_EVIDENCED) == (v->deploys != NULL))
    return true;
  r->n_presumed += r->cfg->deploys == DEPLOYS_EVIDENCED;
  return false;
}

static void judge_production(struct run *r, struct rc_check *out)
{
  const struct rc_model *m = r->ctx->model;
  for (size_t i = 0; i < m->n_views; i++)
    if (m->views[i].role == RC_ROLE_PRODUCTION &&
        !rc_strlist_matches(&r->cfg->exclude, m->views[i].files[0]->path) &&
        deploys_selected(r, &m->views[i]))
      judge_view(r, &m->views[i]);
  for (size_t i = 0; i < m->n_compose; i++)
    if (m->compose[i].error && m->compose[i].role == RC_ROLE_PRODUCTION)
      rc_check_evidence(out, r->ctx, m->compose[i].path, 0, "cannot read: %s",
                        m->compose[i].error);
}

static const char *views_text(struct run *r)
{
  return rc_arena_printf(r->a, "%zu service%s in %zu compose view%s",
                         r->n_names, r->n_names == 1 ? "" : "s", r->n_views,
                         r->n_views == 1 ? "" : "s");
}

/* What a requirement looks for inside a service, for "no service has". */
static const char *examined_noun(int req)
{
  switch (req) {
  case REQ_EXEC_HEALTHCHECK:
    return "an exec-form healthcheck";
  case REQ_NO_PLAINTEXT:
    return "a secret-named environment variable";
  case REQ_SCRIPTS:
    return "a command that starts a script of the repository";
  case REQ_REFS:
    return "a build or a file bind mount from the repository";
  case REQ_DIRS:
    return "a folder bind mount from the repository";
  case REQ_NGINX_CONFIG:
    return "a configuration mounted from the repository";
  default:
    return "anything this checks";
  }
}

static void verdict(struct run *r, struct rc_check *out, size_t unreadable)
{
  size_t failed = 0;
  for (size_t i = 0; i < r->n_p; i++) {
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++)
      seen = same_service(r->p[k].service, r->p[k].defined, r->p[i].service,
                          r->p[i].defined);
    failed += !seen;
    rc_check_evidence(out, r->ctx, r->p[i].at.path, r->p[i].at.line,
                      "services.%s: %s", r->p[i].service, r->p[i].why);
  }
  if (r->n_p == 1)
    rc_check_set(out, r->ctx, RC_OUT_FAIL, "services.%s: %s", r->p[0].service,
                 r->p[0].why);
  else if (r->n_p && r->n_p == failed)
    rc_check_set(out, r->ctx, RC_OUT_FAIL,
                 "%zu of %zu services fail; services.%s: %s", failed,
                 r->n_names, r->p[0].service, r->p[0].why);
  else if (r->n_p)
    rc_check_set(out, r->ctx, RC_OUT_FAIL,
                 "%zu problems in %zu of %zu services; services.%s: %s", r->n_p,
                 failed, r->n_names, r->p[0].service, r->p[0].why);
  else if (unreadable)
    rc_check_set(out, r->ctx, RC_OUT_ERROR,
                 "%zu compose file(s) could not be read", unreadable);
  else if (r->n_views == 0 && r->n_views_left)
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no service this applies to: %s of the %zu production "
                 "compose view%s sets a restart policy",
                 r->cfg->restart_set == RESTART_SOMEWHERE ? "no service"
                                                          : "a service",
                 r->n_views_left, r->n_views_left == 1 ? "" : "s");
  else if (r->n_views == 0 && r->n_presumed)
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no compose view shows that it deploys (%zu presumed "
                 "production: `readycheck model` lists them)",
                 r->n_presumed);
  else if (r->n_views == 0)
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no production compose file (development, test and example "
                 "setups are not judged)");
  else if (r->n_checked == 0)
    rc_check_set(out, r->ctx, RC_OUT_SKIP, "no service this applies to (%s)",
                 views_text(r));
  else if (r->n_examined == 0) {
    rc_check_set(out, r->ctx, RC_OUT_OK, "no service has %s (%s)",
                 examined_noun(r->cfg->require), views_text(r));
    out->vacuous = true;
  } else
    rc_check_set(out, r->ctx, RC_OUT_OK, "%s checked", views_text(r));
}

/* The view's files from the from'th on, joined as `docker compose -f`
 * layers them: a base file merged with each of several add-ons is several
 * views, told apart only by what is merged onto it. */
static const char *view_files(struct rc_arena *a,
                              const struct rc_compose_view *v, size_t from)
{
  const char *s = "";
  for (size_t i = from; i < v->n_files; i++)
    s = rc_arena_printf(a, "%s%s%s", s, i > from ? " + " : "",
                        v->files[i]->path);
  return s;
}

/* require: deploy_evidence - the production views the model found no
 * positive evidence for: production only because nothing says otherwise,
 * so the operational rules that ask for evidence leave them out. */
static void check_deploy_evidence(struct run *r, struct rc_check *out)
{
  const struct rc_model *m = r->ctx->model;
  size_t views = 0, presumed = 0;
  const char *first = NULL;
  for (size_t i = 0; i < m->n_views; i++) {
    const struct rc_compose_view *v = &m->views[i];
    if (v->role != RC_ROLE_PRODUCTION ||
        rc_strlist_matches(&r->cfg->exclude, v->files[0]->path))
      continue;
    views++;
    if (v->deploys)
      continue;
    presumed++;
    first = first ? first : view_files(r->a, v, 0);
    rc_check_evidence(
        out, r->ctx, v->files[0]->path, 0,
        "%s%snothing shows that it deploys (no production-named "
        "file, deploy script or document, published image): "
        "restart, healthcheck and database checks leave it "
        "out",
        v->n_files > 1 ? "merged with " : "",
        v->n_files > 1 ? rc_arena_printf(r->a, "%s: ", view_files(r->a, v, 1))
                       : "");
  }
  if (presumed)
    rc_check_set(out, r->ctx, RC_OUT_FAIL,
                 "%zu of %zu production compose views show no evidence "
                 "that they deploy (%s first): the operational checks leave "
                 "them out",
                 presumed, views, first);
  else if (views)
    rc_check_set(out, r->ctx, RC_OUT_OK,
                 "%zu production compose view%s show%s how %s deploy%s", views,
                 views == 1 ? "" : "s", views == 1 ? "s" : "",
                 views == 1 ? "it" : "they", views == 1 ? "s" : "");
  else
    rc_check_set(out, r->ctx, RC_OUT_SKIP,
                 "no production compose file (development, test and example "
                 "setups are not judged)");
}

static void check(const void *vcfg, struct rc_ctx *ctx, struct rc_check *out)
{
  if (!ctx->model) {
    rc_check_set(out, ctx, RC_OUT_ERROR, "no deployment model to query");
    return;
  }
  struct run r = {.cfg = vcfg, .ctx = ctx, .a = ctx->arena};
  if (r.cfg->require == REQ_DEPLOY_EVIDENCE) {
    check_deploy_evidence(&r, out);
    return;
  }
  size_t unreadable = 0;
  if (r.cfg->file.n) {
    unreadable = judge_selected(&r, out);
  } else {
    judge_production(&r, out);
    unreadable = unreadable_production(ctx->model);
  }
  verdict(&r, out, unreadable);
  free(r.p);
  free(r.names);
}

static int validate(void *vcfg, const struct rc_loc *loc, struct rc_diag *d)
{
  const struct cfg *cfg = vcfg;
  int rc = 0;
  if (cfg->restart_set != RESTART_ANY && cfg->require != REQ_RESTART)
    rc = rc_error(d, loc, "'restart_set' applies to require: restart_policy");
  if (cfg->refs != REFS_ANY &&
      ((cfg->require != REQ_REFS && cfg->require != REQ_NGINX_CONFIG) ||
       cfg->deploys != DEPLOYS_ANY ||
       (cfg->require == REQ_NGINX_CONFIG && cfg->refs == REFS_OTHER)))
    rc = rc_error(d, loc,
                  "'refs' applies to require: refs_exist (or nginx_config, "
                  "deployed or presumed), without 'deploys'");
  if (cfg->db_clients != CLIENTS_ANY && cfg->require != REQ_DB_PRIVATE)
    rc = rc_error(d, loc, "'db_clients' applies to require: db_not_public");
  if (cfg->watch != WATCH_SHOWN && cfg->require != REQ_HEALTHCHECK)
    rc = rc_error(d, loc, "'watch' applies to require: healthcheck");
  if (rc_globs_validate(&cfg->file, "file", loc, d) != 0)
    rc = -1;
  if (rc_globs_validate(&cfg->exclude, "exclude", loc, d) != 0)
    rc = -1;
  return rc;
}

static const struct rc_field fields[] = {
    {"file", RC_FIELD_STRINGS, offsetof(struct cfg, file), 0, NULL,
     "compose files (paths or globs) to judge instead of the production "
     "views the deployment model finds"},
    {"require", RC_FIELD_ENUM, offsetof(struct cfg, require), RC_FIELD_REQUIRED,
     require_names,
     "what every service must meet: healthcheck, resource_limits, "
     "restart_policy, db_not_public, db_named_volume, refs_exist, "
     "bind_dirs_exist, exec_healthcheck, scripts_executable, "
     "no_plaintext_secrets, nginx_config or deploy_evidence (the view shows "
     "that it deploys)"},
    {"exclude", RC_FIELD_STRINGS, offsetof(struct cfg, exclude), 0, NULL,
     "globs of compose files not to judge"},
    {"restart_set", RC_FIELD_ENUM, offsetof(struct cfg, restart_set), 0,
     restart_set_names,
     "with restart_policy: judge every view (any, the default), only views "
     "where some service sets a restart policy (somewhere), or only views "
     "where none does (nowhere)"},
    {"deploys", RC_FIELD_ENUM, offsetof(struct cfg, deploys), 0, deploys_names,
     "judge every production view (any, the default), only views with "
     "positive evidence that they deploy (evidenced: a production-named "
     "file, a deploy script or document, a compose bundle, the published "
     "image), or only the others (presumed)"},
    {"refs", RC_FIELD_ENUM, offsetof(struct cfg, refs), 0, refs_names,
     "with refs_exist: report every missing reference (any, the default), "
     "only those of views that show they deploy and that do not resolve from "
     "the repository root either (deployed), or the others (other)"},
    {"db_clients", RC_FIELD_ENUM, offsetof(struct cfg, db_clients), 0,
     db_clients_names,
     "with db_not_public: judge every published database (any, the "
     "default), only those a service of the stack reaches over the compose "
     "network (stack), or only the others (outside)"},
    {"watch", RC_FIELD_ENUM, offsetof(struct cfg, watch), 0, watch_names,
     "with healthcheck: report the services the file shows something acting "
     "on the health of or meaning to run unattended (shown, the default: a "
     "dependant, a checked service beside it, its restart policy, Swarm "
     "replicas), only the published, exposed or proxied services it shows "
     "none of that for and Swarm services of one replica (unshown), or "
     "both (any)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

const struct rc_probe rc_probe_compose = {
    .name = "compose",
    .summary = "every service of the production compose views meets a "
               "requirement (healthcheck, limits, ports, references...)",
    .fields = fields,
    .cfg_size = sizeof(struct cfg),
    .validate = validate,
    .check = check,
    .reads_model = true,
};
