/*
 * run.c - evaluating rules: selection (--only/--skip), applicability (when),
 * repetition (for_each), probe expressions (all/any/not), and ${VAR}
 * expansion of probe parameters. It never decides PASS or BLOCK: that is the
 * scorer's job; a result only carries the outcome of its expression.
 */
#include "readycheck/run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "readycheck/buf.h"
#include "readycheck/detect.h"
#include "readycheck/glob.h"
#include "readycheck/http.h"
#include "readycheck/index.h"
#include "readycheck/mem.h"
#include "readycheck/memo.h"
#include "readycheck/model.h"
#include "readycheck/rule.h"
#include "readycheck/scan.h"
#include "readycheck/vars.h"

void rc_results_init(struct rc_results *r)
{
  memset(r, 0, sizeof(*r));
  r->arena = rc_arena_new();
}

void rc_results_release(struct rc_results *r)
{
  rc_arena_free(r->arena);
  free(r->items);
  memset(r, 0, sizeof(*r));
}

/* ---- parameter expansion ---------------------------------------------- */

static int expand_str(const char **slot, struct rc_ctx *ctx,
                      const struct rc_vars *each, const char *field,
                      struct rc_check *out)
{
  if (!*slot || !rc_vars_has_ref(*slot))
    return 0;
  struct rc_buf b;
  char err[256];
  rc_buf_init(&b);
  int rc = rc_vars_expand(ctx->vars, each, *slot, &b, err, sizeof(err));
  /* "${each}/Dockerfile" for the root service expands to "./Dockerfile":
   * the same repository path as "Dockerfile", which is how paths and
   * globs are written. */
  const char *v = b.data ? b.data : "";
  while (rc == 0 && (*slot)[0] == '$' && v[0] == '.' && v[1] == '/')
    v += 2;
  if (rc == 0)
    *slot = rc_arena_strdup(ctx->arena, v);
  else
    rc_check_set(out, ctx, RC_OUT_ERROR, "cannot expand '%s': %s", field, err);
  rc_buf_release(&b);
  return rc;
}

/* Returns a copy of cfg whose string parameters have ${VAR}s expanded, or
 * NULL (with out set to ERROR) when a variable is undefined. */
static const void *expand_cfg(const struct rc_node *node, struct rc_ctx *ctx,
                              const struct rc_vars *each, struct rc_check *out)
{
  const struct rc_probe *p = node->probe;
  char *cfg = rc_arena_alloc(ctx->arena, p->cfg_size);
  memcpy(cfg, node->cfg, p->cfg_size);
  for (const struct rc_field *f = p->fields; f->name; f++) {
    if (f->type == RC_FIELD_STRING) {
      if (expand_str((const char **)(cfg + f->offset), ctx, each, f->name,
                     out) != 0)
        return NULL;
    } else if (f->type == RC_FIELD_STRINGS) {
      struct rc_strlist *l = (struct rc_strlist *)(cfg + f->offset);
      const char **items = rc_arena_alloc(ctx->arena, l->n * sizeof(*items));
      for (size_t i = 0; i < l->n; i++) {
        items[i] = l->items[i];
        if (expand_str(&items[i], ctx, each, f->name, out) != 0)
          return NULL;
      }
      l->items = items;
    }
  }
  return cfg;
}

/* ---- combinators -------------------------------------------------------- */

static void join_message(struct rc_buf *b, const struct rc_check *kid)
{
  if (!kid->message || !*kid->message)
    return;
  if (b->len)
    rc_buf_puts(b, "; ");
  rc_buf_puts(b, kid->message);
}

/* A failing child that points at a line found something wrong (a
 * `match: none` hit), rather than missing what it looked for. */
static bool found_problem(const struct rc_check *kid)
{
  if (kid->outcome != RC_OUT_FAIL)
    return false;
  for (size_t i = 0; i < kid->n_ev; i++)
    if (kid->ev[i].line > 0 && kid->ev[i].mark != RC_EV_PASS)
      return true;
  return false;
}

/* Two children that looked in the same files say so in the rule's words
 * alike, and a nested any notes what its own children said: keep the first
 * of each note without a place, since a report that repeats a line reads
 * as a fault. */
static void drop_repeated_notes(struct rc_check *out)
{
  size_t kept = 0;
  for (size_t i = 0; i < out->n_ev; i++) {
    bool repeated = false;
    for (size_t k = 0; k < kept && !out->ev[i].path && !repeated; k++)
      repeated = !out->ev[k].path && out->ev[k].text && out->ev[i].text &&
                 !strcmp(out->ev[k].text, out->ev[i].text);
    if (!repeated)
      out->ev[kept++] = out->ev[i];
  }
  out->n_ev = kept;
}

/* Whether the outcome o of an `all` or `any` rests on nothing examined:
 * every child that gave it was vacuous. `all` of a vacuous pass and a real
 * one passes on what was checked; only when nothing was checked at all is
 * the whole vacuous. */
static bool decided_vacuously(const struct rc_check *kids, size_t n,
                              enum rc_outcome o)
{
  if (o != RC_OUT_OK && o != RC_OUT_FAIL)
    return false;
  for (size_t i = 0; i < n; i++)
    if (kids[i].outcome == o && !kids[i].vacuous)
      return false;
  return true;
}

/* The first child that gave o, a real one before a vacuous one: `any`
 * explains its pass by it. */
static size_t first_deciding(const struct rc_check *kids, size_t n,
                             enum rc_outcome o)
{
  size_t first = n;
  for (size_t i = 0; i < n; i++) {
    if (kids[i].outcome != o)
      continue;
    if (!kids[i].vacuous)
      return i;
    if (first == n)
      first = i;
  }
  return first;
}

static void run_all_any(const struct rc_node *node, struct rc_ctx *ctx,
                        const struct rc_vars *each, struct rc_check *out)
{
  bool is_all = node->kind == RC_NODE_ALL;
  size_t n[4] = {0};
  struct rc_check *kids =
      rc_arena_alloc(ctx->arena, node->n_kids * sizeof(*kids));
  for (size_t i = 0; i < node->n_kids; i++) {
    rc_run_node(node->kids[i], ctx, each, &kids[i]);
    n[kids[i].outcome]++;
  }
  enum rc_outcome o;
  if (is_all)
    o = n[RC_OUT_FAIL]    ? RC_OUT_FAIL
        : n[RC_OUT_ERROR] ? RC_OUT_ERROR
        : n[RC_OUT_SKIP]  ? RC_OUT_SKIP
                          : RC_OUT_OK;
  else
    o = n[RC_OUT_OK]      ? RC_OUT_OK
        : n[RC_OUT_ERROR] ? RC_OUT_ERROR
        : n[RC_OUT_SKIP]  ? RC_OUT_SKIP
                          : RC_OUT_FAIL;
  /* Nothing found where a rule looks in several places: say what was
   * missing in the rule's words; where it looked goes to the evidence.
   * Not when a child failed on what it found. */
  bool found = false;
  for (size_t i = 0; i < node->n_kids; i++)
    found |= found_problem(&kids[i]);
  out->vacuous = decided_vacuously(kids, node->n_kids, o);
  if (!is_all && o == RC_OUT_FAIL && ctx->looks_for && node->n_kids > 1 &&
      !found) {
    const char *l = ctx->looks_for;
    l += strncmp(l, "a ", 2) == 0 ? 2 : strncmp(l, "an ", 3) == 0 ? 3 : 0;
    for (size_t i = 0; i < node->n_kids; i++) {
      rc_check_take_evidence(out, ctx, &kids[i]);
      if (kids[i].message && *kids[i].message)
        rc_check_evidence(out, ctx, NULL, 0, "%s", kids[i].message);
    }
    drop_repeated_notes(out);
    for (size_t i = 0; i < node->n_kids; i++)
      if (kids[i].missing)
        l = kids[i].missing;
    rc_check_set(out, ctx, o, "found no %s", l);
    return;
  }
  /* Explain the outcome with the children that produced it. */
  struct rc_buf msg;
  rc_buf_init(&msg);
  size_t pass_by = !is_all && o == RC_OUT_OK
                       ? first_deciding(kids, node->n_kids, o)
                       : node->n_kids;
  for (size_t i = 0; i < node->n_kids; i++) {
    if (kids[i].outcome != o || (pass_by < node->n_kids && i != pass_by))
      continue;
    /* what was found wrong says more than what was not found */
    if (!(found && !is_all && !found_problem(&kids[i])))
      join_message(&msg, &kids[i]);
    rc_check_take_evidence(out, ctx, &kids[i]);
    out->caution |= kids[i].caution;
  }
  rc_check_set(out, ctx, o, "%s", msg.data);
  rc_buf_release(&msg);
}

static void run_not(const struct rc_node *node, struct rc_ctx *ctx,
                    const struct rc_vars *each, struct rc_check *out)
{
  struct rc_check kid = {0};
  rc_run_node(node->kids[0], ctx, each, &kid);
  enum rc_outcome o = kid.outcome;
  if (o == RC_OUT_OK)
    o = RC_OUT_FAIL;
  else if (o == RC_OUT_FAIL)
    o = RC_OUT_OK;
  rc_check_take_evidence(out, ctx, &kid);
  out->vacuous = kid.vacuous;
  /* What the child found fine is what makes `not` fail, and vice versa. */
  for (size_t i = 0; i < out->n_ev; i++)
    if (out->ev[i].mark != RC_EV_UNSET)
      out->ev[i].mark = out->ev[i].mark == RC_EV_PASS ? RC_EV_FAIL : RC_EV_PASS;
  out->caution = kid.caution;
  /* A count ("1 image checked") does not say why `not` failed; the one
   * item the child found fine does ("Dockerfile: serves files with ..."). */
  const struct rc_evidence *one = NULL;
  size_t n_fail = 0;
  for (size_t i = 0; i < out->n_ev; i++)
    if (out->ev[i].mark == RC_EV_FAIL && n_fail++ == 0)
      one = &out->ev[i];
  if (o == RC_OUT_FAIL && n_fail == 1 && one->path && one->text &&
      strncmp(one->text, "ok: ", 4) == 0) {
    rc_check_set(out, ctx, o, "%s: %s", one->path, one->text + 4);
    return;
  }
  rc_check_set(out, ctx, o, "%s", kid.message ? kid.message : "");
}

/* Whether check() under cfg reads the deployment model rather than only
 * ask the index (probe.h's reads_model). The model was built from the
 * same walk: a directory it could not read may hold a compose file, a
 * Dockerfile, a manifest or a service's code, so a pass or a "nothing this
 * applies to" from the model is unsure. A problem the model did find stays
 * found. */
static bool reads_model(const struct rc_probe *p, const void *cfg)
{
  return p->reads_model || (p->reads_model_for && p->reads_model_for(cfg));
}

/* The first unreadable directory, when it could change what the model
 * says: any, since the model looks everywhere. */
static const struct rc_skip *model_skip(const struct rc_ctx *ctx)
{
  return ctx->index && ctx->model ? rc_index_gap(ctx->index, "**") : NULL;
}

static void model_gap(const struct rc_probe *p, const void *cfg,
                      struct rc_ctx *ctx, struct rc_check *out)
{
  if ((out->outcome == RC_OUT_OK || out->outcome == RC_OUT_SKIP) &&
      reads_model(p, cfg))
    rc_check_gap(out, ctx, model_skip(ctx));
}

/* A check the run's scan already made (scan.h): a copy of its result, as
 * rc_run_node() would have finished it. */
static bool take_planned(const struct rc_node *node, struct rc_ctx *ctx,
                         struct rc_check *out)
{
  const struct rc_skip *gap;
  const struct rc_check *done =
      ctx->scan ? rc_scan_result(ctx->scan, node, &gap) : NULL;
  if (!done)
    return false;
  *out = *done;
  if (done->n_ev) {
    out->ev = rc_arena_alloc(ctx->arena, done->n_ev * sizeof(*out->ev));
    memcpy(out->ev, done->ev, done->n_ev * sizeof(*out->ev));
    out->cap_ev = done->n_ev;
  }
  if (!out->message)
    rc_check_set(out, ctx, out->outcome, "%s", "");
  rc_check_gap(out, ctx, gap);
  model_gap(node->probe, node->cfg, ctx, out);
  return true;
}

void rc_run_node(const struct rc_node *node, struct rc_ctx *ctx,
                 const struct rc_vars *each, struct rc_check *out)
{
  memset(out, 0, sizeof(*out));
  switch (node->kind) {
  case RC_NODE_ALL:
  case RC_NODE_ANY:
    run_all_any(node, ctx, each, out);
    return;
  case RC_NODE_NOT:
    run_not(node, ctx, each, out);
    return;
  case RC_NODE_PROBE:
    break;
  }
  if (node->probe->network && ctx->offline) {
    rc_check_set(out, ctx, RC_OUT_SKIP, "network probe skipped (--offline)");
    return;
  }
  if (take_planned(node, ctx, out))
    return;
  const void *cfg = expand_cfg(node, ctx, each, out);
  if (!cfg)
    return;
  /* Whatever the probe asked the index, an unreadable directory its answer
   * could depend on makes the answer unknown: watched here, once for all
   * probes (index.h). */
  if (ctx->index)
    rc_index_watch(ctx->index);
  node->probe->check(cfg, ctx, out);
  if (!out->message)
    rc_check_set(out, ctx, out->outcome, "%s", "");
  if (ctx->index) {
    rc_check_gap(out, ctx, rc_index_watched(ctx->index));
    model_gap(node->probe, cfg, ctx, out);
    rc_index_unpin(ctx->index); /* what the probe read may be evicted */
  }
}

/* ---- for_each ------------------------------------------------------------ */

struct each_list {
  const char **paths;
  const struct rc_service **svc; /* RC_EACH_SERVICES: parallel to paths */
  size_t n, cap, cap_svc;
};

static int collect(const struct rc_entry *e, void *arg)
{
  struct each_list *l = arg;
  rc_grow((void **)&l->paths, &l->cap, l->n, sizeof(*l->paths));
  l->paths[l->n++] = e->path;
  return 0;
}

static void set_item_vars(struct rc_vars *v, const char *path)
{
  const char *slash = strrchr(path, '/');
  rc_vars_set(v, "each", path);
  rc_vars_set(v, "each.path", path);
  rc_vars_set(v, "each.name", slash ? slash + 1 : path);
  if (slash) {
    char *dir = rc_xstrndup(path, (size_t)(slash - path));
    rc_vars_set(v, "each.dir", dir);
    free(dir);
  } else {
    rc_vars_set(v, "each.dir", ".");
  }
}

static const char *kind_word(enum rc_service_kind k)
{
  return k == RC_SERVICE_COMPOSE ? "compose"
         : k == RC_SERVICE_IMAGE ? "image"
                                 : "app";
}

/* A deployed service: its folder as the item, and what the model knows. */
static void set_service_vars(struct rc_vars *v, const char *path,
                             const struct rc_service *s)
{
  set_item_vars(v, path);
  rc_vars_set(v, "each.name", s->name);
  rc_vars_set(v, "each.kind", kind_word(s->kind));
  rc_vars_set(v, "each.context",
              s->context ? (*s->context ? s->context : ".") : path);
  char buf[4096];
  snprintf(buf, sizeof(buf), "%s/Dockerfile", path);
  rc_vars_set(v, "each.dockerfile", s->dockerfile ? s->dockerfile : buf);
  rc_vars_set(v, "each.image", s->image ? s->image : "");
  rc_vars_set(v, "each.command", s->command ? s->command : "");
}

static void set_vars(struct rc_vars *v, const struct each_list *l, size_t i)
{
  if (l->svc)
    set_service_vars(v, l->paths[i], l->svc[i]);
  else
    set_item_vars(v, l->paths[i]);
}

/* The deployment model's services with code in the repository, filtered
 * by the rule's glob on their folder. */
static void collect_services(const struct rc_rule *r, struct rc_ctx *ctx,
                             struct each_list *items)
{
  const struct rc_model *m = ctx->model;
  for (size_t i = 0; m && i < m->n_services; i++) {
    const struct rc_service *s = &m->services[i];
    const char *path = s->dir && *s->dir ? s->dir : s->dir ? "." : NULL;
    /* a service whose Dockerfile is written in the compose file
     * (`dockerfile_inline:`) is built, from no Dockerfile of the folder */
    bool inline_df = s->compose && s->compose->dockerfile_inline;
    /* built from a context the repository does not hold (a compose file
     * copied into a tool's templates; a folder a script generates): no
     * folder here to judge */
    bool absent = s->context && *s->context && strcmp(s->context, ".") != 0 &&
                  !rc_index_find(ctx->index, s->context);
    if (!path || (r->for_each.glob && !rc_glob_match(r->for_each.glob, path)) ||
        (r->for_each.built_only &&
         (s->kind == RC_SERVICE_APP || inline_df || absent)))
      continue;
    bool dup = false;
    for (size_t k = 0; k < items->n && !dup; k++)
      dup = strcmp(items->paths[k], path) == 0;
    if (dup)
      continue;
    rc_grow((void **)&items->paths, &items->cap, items->n,
            sizeof(*items->paths));
    rc_grow((void **)&items->svc, &items->cap_svc, items->n,
            sizeof(*items->svc));
    items->svc[items->n] = s;
    items->paths[items->n++] = path;
  }
}

static bool each_excluded(const struct rc_for_each *fe, const char *path)
{
  for (size_t i = 0; i < fe->n_exclude; i++)
    if (rc_glob_match(fe->exclude[i], path))
      return true;
  return false;
}

/* The items of a for_each rule, in path order, less its exclusions. */
static void collect_each(const struct rc_rule *r, struct rc_ctx *ctx,
                         struct each_list *items)
{
  if (r->for_each.kind == RC_EACH_SERVICES)
    collect_services(r, ctx, items);
  else
    rc_index_glob(ctx->index, r->for_each.glob,
                  r->for_each.kind == RC_EACH_DIRS ? RC_ENTRY_DIR
                                                   : RC_ENTRY_FILE,
                  collect, items);
  size_t kept = 0;
  for (size_t i = 0; i < items->n; i++) {
    if (each_excluded(&r->for_each, items->paths[i]))
      continue;
    if (items->svc)
      items->svc[kept] = items->svc[i];
    items->paths[kept++] = items->paths[i];
  }
  items->n = kept;
}

/* False when the rule's file names stacks and none was detected. */
static bool stacks_apply(const struct rc_rule *r, const struct rc_run_opts *o)
{
  return !o->detected || r->n_stacks == 0 ||
         rc_detection_any(o->detected, r->stacks, r->n_stacks);
}

static void run_each(const struct rc_rule *r, struct rc_ctx *ctx,
                     struct rc_check *out)
{
  struct each_list items = {0};
  bool services = r->for_each.kind == RC_EACH_SERVICES;
  enum rc_entry_kind kind =
      r->for_each.kind == RC_EACH_DIRS ? RC_ENTRY_DIR : RC_ENTRY_FILE;
  rc_index_watch(ctx->index);
  collect_each(r, ctx, &items);
  /* Items hidden in an unreadable directory were never checked; services
   * come from the model, which could miss one in any such directory. */
  const struct rc_skip *gap = rc_index_watched(ctx->index);
  const struct rc_skip *mgap = services ? model_skip(ctx) : NULL;
  if (items.n == 0) {
    if (services)
      rc_check_set(out, ctx, RC_OUT_SKIP, "no deployed service%s%s%s",
                   r->for_each.glob ? " matches '" : "",
                   r->for_each.glob ? r->for_each.glob : "",
                   r->for_each.glob ? "'" : "");
    else
      rc_check_set(out, ctx, RC_OUT_SKIP, "no %s matches '%s'",
                   kind == RC_ENTRY_DIR ? "directory" : "file",
                   r->for_each.glob);
    rc_check_gap(out, ctx, gap ? gap : mgap);
    free(items.paths);
    free(items.svc);
    return;
  }
  size_t n_fail = 0, n_err = 0, n_real = 0;
  const char *why_nothing = NULL; /* what the first vacuous item said */
  for (size_t i = 0; i < items.n; i++) {
    struct rc_vars each;
    struct rc_check c;
    rc_vars_init(&each);
    set_vars(&each, &items, i);
    rc_run_node(r->probe, ctx, &each, &c);
    rc_vars_release(&each);
    if (c.caution && c.outcome == RC_OUT_OK)
      out->caution = true; /* its message (evidence below) says why */
    if (c.outcome == RC_OUT_FAIL || c.outcome == RC_OUT_ERROR) {
      n_fail += c.outcome == RC_OUT_FAIL;
      n_err += c.outcome == RC_OUT_ERROR;
      rc_check_evidence_mark(out, ctx, RC_EV_FAIL, items.paths[i], 0, "%s",
                             c.message);
    } else if (c.outcome == RC_OUT_OK) {
      n_real += !c.vacuous;
      if (c.vacuous && !why_nothing)
        why_nothing = c.message;
      rc_check_evidence_mark(out, ctx, RC_EV_PASS, items.paths[i], 0, "%s%s",
                             c.vacuous ? "nothing to check: " : "",
                             c.message[0] ? c.message : "passes");
    }
  }
  enum rc_outcome o = n_fail ? RC_OUT_FAIL : n_err ? RC_OUT_ERROR : RC_OUT_OK;
  /* items that were all not applicable, or passed on nothing, show no
   * item passing */
  out->vacuous = o == RC_OUT_OK && n_real == 0;
  if (out->vacuous && items.n == 1 && why_nothing && why_nothing[0])
    rc_check_set(out, ctx, o, "%s", why_nothing); /* not "all pass" */
  else if (out->vacuous)
    rc_check_set(out, ctx, o, "none of the %zu %s%s%s has anything to check",
                 items.n, services ? "services" : "matches of '",
                 services ? "" : r->for_each.glob, services ? "" : "'");
  else if (services && o == RC_OUT_OK)
    rc_check_set(out, ctx, o, "all %zu services pass", items.n);
  else if (services)
    rc_check_set(out, ctx, o, "%zu of %zu services %s", n_fail + n_err, items.n,
                 n_fail ? "fail" : "could not be checked");
  else if (o == RC_OUT_OK)
    rc_check_set(out, ctx, o, "all %zu matches of '%s' pass", items.n,
                 r->for_each.glob);
  else
    rc_check_set(out, ctx, o, "%zu of %zu matches of '%s' %s", n_fail + n_err,
                 items.n, r->for_each.glob,
                 n_fail ? "fail" : "could not be checked");
  rc_check_gap(out, ctx, gap);
  if (out->outcome == RC_OUT_OK)
    rc_check_gap(out, ctx, mgap);
  free(items.paths);
  free(items.svc);
}

/* ---- selection ----------------------------------------------------------- */

static bool listed(const char *const *list, size_t n, const char *id)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], id) == 0)
      return true;
  return false;
}

/* --only accepts an id, a category, a pack, or an id prefix like "docker."*/
bool rc_run_selected(const struct rc_rule *r, const struct rc_run_opts *o)
{
  if (o->n_only == 0)
    return true;
  for (size_t i = 0; i < o->n_only; i++) {
    const char *s = o->only[i];
    size_t len = strlen(s);
    if (strcmp(s, r->id) == 0 || strcmp(s, r->category) == 0 ||
        (r->pack && strcmp(s, r->pack) == 0))
      return true;
    if (len && s[len - 1] == '.' && strncmp(s, r->id, len) == 0)
      return true;
  }
  return false;
}

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The reason a configuration file gave for skipping id, or NULL. */
static const char *skip_reason(const struct rc_run_opts *o, const char *id)
{
  for (size_t i = 0; o->skip_reasons && i < o->n_skip; i++)
    if (o->skip_reasons[i] && strcmp(o->skip[i], id) == 0)
      return o->skip_reasons[i];
  return NULL;
}

/* "not applicable: no docker or compose stack detected" */
static const char *stacks_message(struct rc_ctx *ctx, const struct rc_rule *r)
{
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "not applicable: no ");
  for (size_t i = 0; i < r->n_stacks; i++) {
    if (i)
      rc_buf_puts(&b, i + 1 == r->n_stacks ? " or " : ", ");
    rc_buf_puts(&b, r->stacks[i]);
  }
  rc_buf_puts(&b, " stack detected");
  const char *msg = rc_arena_strdup(ctx->arena, b.data);
  rc_buf_release(&b);
  return msg;
}

/* A lone evidence line that only repeats the message ("path: text" or just
 * "text") says nothing new, and reports would print it twice. */
static bool repeats_message(const struct rc_evidence *e, const char *msg)
{
  if (e->line)
    return false;
  if (!e->path)
    return strcmp(e->text, msg) == 0;
  size_t n = strlen(e->path);
  return strncmp(msg, e->path, n) == 0 && strncmp(msg + n, ": ", 2) == 0 &&
         strcmp(msg + n + 2, e->text) == 0;
}

/* Unmarked evidence follows the outcome; failing items go first, each group
 * in the order the probe found them. */
static void resolve_evidence(struct rc_result *res, struct rc_arena *a)
{
  if (res->n_ev == 0)
    return;
  struct rc_evidence *sorted = rc_arena_alloc(a, res->n_ev * sizeof(*sorted));
  size_t k = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < res->n_ev; i++) {
      struct rc_evidence e = res->ev[i];
      if (e.mark == RC_EV_UNSET)
        e.mark = res->outcome == RC_OUT_OK ? RC_EV_PASS : RC_EV_FAIL;
      if ((e.mark == RC_EV_PASS) == (pass == 1))
        sorted[k++] = e;
    }
  }
  res->ev = sorted;
}

/* Whether r runs at all: selected, not skipped, its stacks present. */
static bool rule_active(const struct rc_rule *r, const struct rc_run_opts *o)
{
  return rc_run_selected(r, o) && !listed(o->skip, o->n_skip, r->id) &&
         stacks_apply(r, o);
}

static bool node_reads_model(const struct rc_node *node)
{
  if (!node)
    return false;
  if (node->kind != RC_NODE_PROBE) {
    for (size_t i = 0; i < node->n_kids; i++)
      if (node_reads_model(node->kids[i]))
        return true;
    return false;
  }
  return reads_model(node->probe, node->cfg);
}

bool rc_run_needs_model(const struct rc_ruleset *rs,
                        const struct rc_run_opts *o)
{
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    if (rule_active(r, o) &&
        (r->for_each.kind == RC_EACH_SERVICES || node_reads_model(r->probe) ||
         node_reads_model(r->when)))
      return true;
  }
  return false;
}

/* What the run knows of a rule before checking it: its `when`, evaluated
 * once (for the network prefetch and for the check). */
struct pending {
  struct rc_check when;
  bool when_done;
};

/* Decides r's `when` once, speaking in the rule's words (`applies_to`). */
static const struct rc_check *decide_when(const struct rc_rule *r,
                                          struct rc_ctx *ctx, struct pending *p)
{
  if (!p->when_done) {
    struct rc_ctx wctx = *ctx;
    wctx.looks_for = r->applies_to;
    wctx.rule_id = r->id;
    rc_run_node(r->when, &wctx, NULL, &p->when);
    p->when_done = true;
  }
  return &p->when;
}

static void run_rule(const struct rc_rule *r, struct rc_ctx *ctx,
                     const struct rc_run_opts *opts, struct pending *p,
                     struct rc_result *res)
{
  struct rc_check c = {0};
  res->rule = r;
  ctx->rule_id = r->id;
  if (listed(opts->skip, opts->n_skip, r->id)) {
    const char *why = skip_reason(opts, r->id);
    res->outcome = RC_OUT_SKIP;
    res->message = why ? rc_arena_printf(ctx->arena, "skipped: %s", why)
                       : "skipped on request";
    res->skip_reason = why ? why : "--skip";
    return;
  }
  if (!stacks_apply(r, opts)) {
    res->outcome = RC_OUT_SKIP;
    res->message = stacks_message(ctx, r);
    res->skip_reason = res->message;
    return;
  }
  if (r->when) {
    /* the applicability test speaks in the rule's words too */
    const struct rc_check *w = decide_when(r, ctx, p);
    /* a `when` may hold vacuously: `not:` of a search over no file is an
     * exception that is not there, and the rule applies */
    if (w->outcome != RC_OUT_OK) {
      res->outcome = w->outcome == RC_OUT_ERROR ? RC_OUT_ERROR : RC_OUT_SKIP;
      res->message = rc_arena_printf(ctx->arena, "%s%s",
                                     w->outcome == RC_OUT_ERROR
                                         ? "cannot decide if the rule applies: "
                                         : "not applicable: ",
                                     w->message);
      if (res->outcome == RC_OUT_SKIP)
        res->skip_reason = res->message;
      return;
    }
  }
  /* the rule's probe speaks of what it looks for in the rule's words */
  struct rc_ctx pctx = *ctx;
  pctx.looks_for = r->looks_for;
  if (r->for_each.kind != RC_EACH_NONE)
    run_each(r, &pctx, &c);
  else
    rc_run_node(r->probe, &pctx, NULL, &c);
  res->outcome = c.outcome;
  res->caution = c.caution && c.outcome == RC_OUT_OK;
  res->message = c.message ? c.message : "";
  if (c.outcome == RC_OUT_OK && c.vacuous) {
    /* a pass on nothing examined is no pass: not applicable, out of the
     * score (docs/rules.md) */
    res->outcome = RC_OUT_SKIP;
    res->caution = false;
    res->message = rc_arena_printf(ctx->arena,
                                   "not applicable: nothing to "
                                   "check: %s",
                                   res->message);
  }
  if (c.outcome == RC_OUT_SKIP)
    res->skip_reason = res->message;
  res->ev = c.ev;
  res->n_ev = c.n_ev;
  res->n_ev_dropped = c.n_ev_dropped;
  res->n_ev_dropped_pass = c.n_ev_dropped_pass;
  if (res->n_ev == 1 && !res->n_ev_dropped &&
      repeats_message(&res->ev[0], res->message))
    res->n_ev = 0;
  resolve_evidence(res, ctx->arena);
}

/* ---- the scan plan: content checks read every file once --------------- */

/* True when no string parameter of node holds a ${VAR}: its check is the
 * same wherever and however often the node is evaluated. */
static bool fixed_params(const struct rc_node *node)
{
  const struct rc_probe *p = node->probe;
  const char *cfg = node->cfg;
  for (const struct rc_field *f = p->fields; f->name; f++) {
    if (f->type == RC_FIELD_STRING) {
      const char *v = *(const char *const *)(cfg + f->offset);
      if (v && rc_vars_has_ref(v))
        return false;
    } else if (f->type == RC_FIELD_STRINGS) {
      const struct rc_strlist *l = (const struct rc_strlist *)(cfg + f->offset);
      for (size_t i = 0; i < l->n; i++)
        if (rc_vars_has_ref(l->items[i]))
          return false;
    }
  }
  return true;
}

/* Adds the content checks of a probe expression to the scan, as they run
 * under ctx (whose looks_for their messages use). */
static void plan_node(const struct rc_node *node, struct rc_ctx *ctx)
{
  if (node->kind != RC_NODE_PROBE) {
    for (size_t i = 0; i < node->n_kids; i++)
      plan_node(node->kids[i], ctx);
    return;
  }
  if (node->probe->scan && fixed_params(node))
    rc_scan_add(ctx->scan, node, node->probe, node->cfg, ctx);
}

/* Whether an expression holds content checks the scan could plan. */
static bool has_content(const struct rc_node *node)
{
  if (node->kind != RC_NODE_PROBE) {
    for (size_t i = 0; i < node->n_kids; i++)
      if (has_content(node->kids[i]))
        return true;
    return false;
  }
  return node->probe->scan && fixed_params(node);
}

static bool has_network(const struct rc_node *node)
{
  if (node->kind != RC_NODE_PROBE) {
    for (size_t i = 0; i < node->n_kids; i++)
      if (has_network(node->kids[i]))
        return true;
    return false;
  }
  return node->probe->network && node->probe->prepare;
}

/* Plans every content check the run may make, then scans. A `when` with
 * neither content checks nor requests is decided first, so the checks of
 * a rule that does not apply are not planned; one with content checks is
 * planned with the rule's own (reading a file for both costs one read),
 * one with requests waits for its responses. */
static void plan(const struct rc_ruleset *rs, struct rc_ctx *ctx,
                 const struct rc_run_opts *opts, struct pending *pend)
{
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    if (!rule_active(r, opts))
      continue;
    struct rc_ctx rctx = *ctx;
    rctx.rule_id = r->id;
    if (r->when && !has_content(r->when) && !has_network(r->when)) {
      if (decide_when(r, ctx, &pend[i])->outcome != RC_OUT_OK)
        continue;
    } else if (r->when) {
      rctx.looks_for = r->applies_to;
      plan_node(r->when, &rctx);
    }
    rctx.looks_for = r->looks_for;
    plan_node(r->probe, &rctx);
  }
  rc_scan_run(ctx->scan);
}

/* ---- prefetch: declare every request, then fetch them all at once ------ */

static void prefetch_node(const struct rc_node *node, struct rc_ctx *ctx,
                          const struct rc_vars *each)
{
  if (node->kind != RC_NODE_PROBE) {
    for (size_t i = 0; i < node->n_kids; i++)
      prefetch_node(node->kids[i], ctx, each);
    return;
  }
  if (!node->probe->network || !node->probe->prepare)
    return;
  /* A parameter that does not expand is the check's ERROR to report. */
  struct rc_check ignored = {0};
  const void *cfg = expand_cfg(node, ctx, each, &ignored);
  if (cfg)
    node->probe->prepare(cfg, ctx);
}

static void prefetch_rule(const struct rc_rule *r, struct rc_ctx *ctx,
                          struct pending *p)
{
  ctx->rule_id = r->id;
  if (r->when && decide_when(r, ctx, p)->outcome != RC_OUT_OK)
    return;
  ctx->rule_id = r->id;
  if (r->for_each.kind == RC_EACH_NONE) {
    prefetch_node(r->probe, ctx, NULL);
    return;
  }
  struct each_list items = {0};
  collect_each(r, ctx, &items);
  for (size_t i = 0; i < items.n; i++) {
    struct rc_vars each;
    rc_vars_init(&each);
    set_vars(&each, &items, i);
    prefetch_node(r->probe, ctx, &each);
    rc_vars_release(&each);
  }
  free(items.paths);
  free(items.svc);
}

/* A `when` that makes requests joins the first batch with every rule whose
 * `when` needs none; the rules it guards follow in a second one. */
static void prefetch(const struct rc_ruleset *rs, struct rc_ctx *ctx,
                     const struct rc_run_opts *opts, struct pending *pend)
{
  unsigned jobs = opts->jobs ? opts->jobs : RC_HTTP_DEFAULT_JOBS;
  bool later = false;
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    if (!rule_active(r, opts))
      continue;
    if (r->when && has_network(r->when)) {
      ctx->rule_id = r->id;
      prefetch_node(r->when, ctx, NULL);
      later = true;
    } else {
      prefetch_rule(r, ctx, &pend[i]);
    }
  }
  rc_http_cache_run(ctx->http, jobs);
  for (size_t i = 0; later && i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    if (rule_active(r, opts) && r->when && has_network(r->when))
      prefetch_rule(r, ctx, &pend[i]);
  }
  if (later)
    rc_http_cache_run(ctx->http, jobs);
}

void rc_run(const struct rc_ruleset *rs, struct rc_index *idx,
            const struct rc_run_opts *opts, struct rc_results *out)
{
  struct rc_ctx ctx = {
      .index = idx,
      .model = opts->model,
      .arena = out->arena,
      .vars = opts->vars,
      .offline = opts->offline,
      .http = rc_http_cache_new(),
      .timeout_ms = opts->timeout_ms,
      .evidence_max = opts->all_evidence ? SIZE_MAX : 0,
  };
  rc_http_cache_on_progress(ctx.http, opts->progress, opts->progress_arg);
  /* The model and stack detection are built: their reads may go. */
  rc_index_unpin(idx);
  ctx.scan = rc_scan_new(&ctx, opts->jobs);
  ctx.memo = rc_memo_new();
  struct pending *pend = rc_xcalloc(rs->n + 1, sizeof(*pend));
  plan(rs, &ctx, opts, pend);
  if (!opts->offline)
    prefetch(rs, &ctx, opts, pend);
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    if (!rc_run_selected(r, opts))
      continue;
    rc_grow((void **)&out->items, &out->cap, out->n, sizeof(*out->items));
    struct rc_result *res = &out->items[out->n++];
    memset(res, 0, sizeof(*res));
    double t0 = now_ms();
    run_rule(r, &ctx, opts, &pend[i], res);
    res->elapsed_ms = now_ms() - t0;
  }
  free(pend);
  rc_scan_free(ctx.scan);
  rc_memo_free(ctx.memo);
  rc_http_cache_free(ctx.http);
}
