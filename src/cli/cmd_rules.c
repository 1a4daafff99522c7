/*
 * cmd_rules.c - the commands about rules rather than a repository:
 * list-rules, explain, validate and test-rules.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/builtin.h"
#include "readycheck/commands.h"
#include "readycheck/load.h"
#include "readycheck/mem.h"
#include "readycheck/probe.h"
#include "readycheck/rule.h"
#include "readycheck/run.h"
#include "readycheck/testrules.h"

/* -f for the rule commands: text (default) or json; anything else is a
 * usage error rather than text in the wrong shape. */
static int rules_format(const struct rc_options *o, const char *cmd, bool *json,
                        struct rc_diag *d)
{
  *json = o->format_set && strcmp(o->format, "json") == 0;
  if (o->format_set && !*json && strcmp(o->format, "text") != 0)
    return rc_error(d, NULL, "%s: format '%s' is not supported (text, json)",
                    cmd, o->format);
  return 0;
}

static int print_json(cJSON *doc)
{
  char *text = cJSON_Print(doc);
  cJSON_Delete(doc);
  if (!text)
    return RC_EXIT_INCOMPLETE;
  printf("%s\n", text);
  free(text);
  return RC_EXIT_READY;
}

static cJSON *strings(const char *const *items, size_t n)
{
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++)
    cJSON_AddItemToArray(a, cJSON_CreateString(items[i]));
  return a;
}

/* One object per rule, for tools that build on the catalog. */
static int list_rules_json(const struct rc_builtin_rule *rows, size_t n)
{
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++) {
    const struct rc_builtin_rule *r = &rows[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddStringToObject(o, "severity", r->severity);
    cJSON_AddStringToObject(o, "category", r->category);
    cJSON_AddStringToObject(o, "title", r->title);
    cJSON_AddNumberToObject(o, "weight", r->weight);
    if (r->pack)
      cJSON_AddStringToObject(o, "pack", r->pack);
    cJSON_AddItemToObject(o, "tags", strings(r->tags, r->n_tags));
    cJSON_AddItemToArray(arr, o);
  }
  return print_json(arr);
}

static int list_rows(bool json, const struct rc_builtin_rule *rows, size_t n)
{
  if (json)
    return list_rules_json(rows, n);
  printf("%-40s %-6s %-15s %s\n", "ID", "SEV", "CATEGORY", "TITLE");
  for (size_t i = 0; i < n; i++)
    printf("%-40s %-6s %-15s %s\n", rows[i].id, rows[i].severity,
           rows[i].category, rows[i].title);
  printf("\n%zu rules\n", n);
  return RC_EXIT_READY;
}

int rc_cmd_list_catalog(const struct rc_options *o, struct rc_diag *d,
                        int *status)
{
  if (rc_builtin_rule_count < 0 || o->no_builtin || o->n_packs > 0 ||
      o->n_rule_paths > 0)
    return 0;
  bool json;
  if (rules_format(o, "list-rules", &json, d) != 0)
    *status = RC_EXIT_USAGE;
  else
    *status = list_rows(json, rc_builtin_rules, (size_t)rc_builtin_rule_count);
  return 1;
}

int rc_cmd_list_rules(const struct rc_options *o, const struct rc_ruleset *rs,
                      struct rc_diag *d)
{
  bool json;
  if (rules_format(o, "list-rules", &json, d) != 0)
    return RC_EXIT_USAGE;
  struct rc_builtin_rule *rows = rc_xmalloc((rs->n + 1) * sizeof(*rows));
  for (size_t i = 0; i < rs->n; i++) {
    const struct rc_rule *r = rs->rules[i];
    rows[i] =
        (struct rc_builtin_rule){r->id,       rc_severity_name(r->severity),
                                 r->category, r->title,
                                 r->weight,   r->pack,
                                 r->tags,     r->n_tags};
  }
  int status = list_rows(json, rows, rs->n);
  free(rows);
  return status;
}

static void print_node(const struct rc_node *n, int depth)
{
  static const char *const names[] = {"", "all", "any", "not"};
  printf("%*s- %s\n", depth * 2 + 2, "",
         n->kind == RC_NODE_PROBE ? n->probe->name : names[n->kind]);
  for (size_t i = 0; i < n->n_kids; i++)
    print_node(n->kids[i], depth + 1);
}

static cJSON *node_json(const struct rc_node *n)
{
  static const char *const names[] = {"", "all", "any", "not"};
  cJSON *o = cJSON_CreateObject();
  if (n->kind == RC_NODE_PROBE) {
    cJSON_AddStringToObject(o, "probe", n->probe->name);
    return o;
  }
  cJSON_AddStringToObject(o, "op", names[n->kind]);
  cJSON *kids = cJSON_AddArrayToObject(o, "of");
  for (size_t i = 0; i < n->n_kids; i++)
    cJSON_AddItemToArray(kids, node_json(n->kids[i]));
  return o;
}

static int explain_json(const struct rc_rule *r)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "id", r->id);
  cJSON_AddStringToObject(o, "title", r->title);
  cJSON_AddStringToObject(o, "category", r->category);
  cJSON_AddStringToObject(o, "severity", rc_severity_name(r->severity));
  cJSON_AddNumberToObject(o, "weight", r->weight);
  cJSON *at = cJSON_AddObjectToObject(o, "defined");
  cJSON_AddStringToObject(at, "file", r->loc.file);
  cJSON_AddNumberToObject(at, "line", r->loc.line);
  cJSON_AddNumberToObject(at, "column", r->loc.col);
  cJSON_AddItemToObject(o, "tags", strings(r->tags, r->n_tags));
  cJSON_AddItemToObject(o, "claims", strings(r->claims, r->n_claims));
  if (r->when)
    cJSON_AddItemToObject(o, "when", node_json(r->when));
  cJSON_AddItemToObject(o, "checks", node_json(r->probe));
  if (r->rationale)
    cJSON_AddStringToObject(o, "rationale", r->rationale);
  cJSON_AddStringToObject(o, "remediation", r->remediation);
  return print_json(o);
}

static const char *each_word(enum rc_each_kind k)
{
  return k == RC_EACH_DIRS    ? "directory"
         : k == RC_EACH_FILES ? "file"
                              : "service";
}

int rc_cmd_explain(const struct rc_options *o, const struct rc_ruleset *rs,
                   struct rc_diag *d)
{
  bool json;
  if (rules_format(o, "explain", &json, d) != 0)
    return RC_EXIT_USAGE;
  const struct rc_rule *r = rc_ruleset_find(rs, o->args[0]);
  if (!r) {
    const char *hint = rc_ruleset_suggest(rs, o->args[0]);
    if (hint)
      rc_error(d, NULL, "no rule '%s' (did you mean '%s'?)", o->args[0], hint);
    else
      rc_error(d, NULL, "no rule '%s' (see 'readycheck list-rules')",
               o->args[0]);
    return RC_EXIT_USAGE;
  }
  if (json)
    return explain_json(r);
  printf("%s: %s\n\n", r->id, r->title);
  printf("  category:  %s\n  severity:  %s\n  weight:    %g\n", r->category,
         rc_severity_name(r->severity), r->weight);
  printf("  defined:   %s:%u:%u\n", r->loc.file, r->loc.line, r->loc.col);
  if (r->n_tags) {
    printf("  tags:     ");
    for (size_t i = 0; i < r->n_tags; i++)
      printf(" %s", r->tags[i]);
    printf("\n");
  }
  if (r->n_claims) {
    printf("  claims:   ");
    for (size_t i = 0; i < r->n_claims; i++)
      printf(" \"%s\"", r->claims[i]);
    printf("\n");
  }
  if (r->for_each.kind != RC_EACH_NONE)
    printf("  for each:  %s matching '%s'\n", each_word(r->for_each.kind),
           r->for_each.glob ? r->for_each.glob : "*");
  if (r->when) {
    printf("  applies when:\n");
    print_node(r->when, 1);
  }
  printf("  checks:\n");
  print_node(r->probe, 1);
  if (r->rationale)
    printf("\nWhy: %s\n", r->rationale);
  printf("\nFix: %s\n", r->remediation);
  return RC_EXIT_READY;
}

/* Each file on its own, so one file's rule ids never clash with another's. */
int rc_cmd_validate(const struct rc_options *o, const struct rc_ruleset *rs,
                    struct rc_diag *d)
{
  (void)rs;
  bool json;
  if (rules_format(o, "validate", &json, d) != 0)
    return RC_EXIT_USAGE;
  int status = RC_EXIT_READY;
  cJSON *files = json ? cJSON_CreateArray() : NULL;
  for (size_t i = 0; i < o->n_args; i++) {
    struct rc_ruleset *one = rc_ruleset_new();
    /* with json, each file's errors go into its object, not to stderr */
    struct rc_diag own;
    rc_diag_init(&own);
    bool ok = rc_load_path(one, o->args[i], json ? &own : d) == 0;
    if (!ok)
      status = RC_EXIT_USAGE;
    if (files) {
      cJSON *f = cJSON_CreateObject();
      cJSON_AddStringToObject(f, "file", o->args[i]);
      cJSON_AddBoolToObject(f, "valid", ok);
      cJSON_AddNumberToObject(f, "rules", ok ? (double)one->n : 0);
      cJSON *errs = cJSON_AddArrayToObject(f, "errors");
      for (size_t k = 0; k < own.n; k++) {
        cJSON *e = cJSON_CreateObject();
        const struct rc_diag_entry *it = &own.items[k];
        cJSON_AddStringToObject(
            e, "level", it->level == RC_DIAG_ERROR ? "error" : "warning");
        if (it->file)
          cJSON_AddStringToObject(e, "file", it->file);
        cJSON_AddNumberToObject(e, "line", it->line);
        cJSON_AddNumberToObject(e, "column", it->col);
        cJSON_AddStringToObject(e, "message", it->msg);
        cJSON_AddItemToArray(errs, e);
      }
      cJSON_AddItemToArray(files, f);
    } else if (ok && o->verbosity >= 0) {
      printf("%s: ok, %zu rule%s\n", o->args[i], one->n,
             one->n == 1 ? "" : "s");
    }
    rc_diag_release(&own);
    rc_ruleset_free(one);
  }
  if (files && print_json(files) != RC_EXIT_READY)
    return RC_EXIT_INCOMPLETE;
  return status;
}

/* Exit 1 on any mismatch, unknown rule or missing fixture; 2 when the
 * fixture directory cannot be read. */
int rc_cmd_test_rules(const struct rc_options *o, const struct rc_ruleset *rs,
                      struct rc_diag *d)
{
  bool json;
  if (rules_format(o, "test-rules", &json, d) != 0 ||
      rc_cmd_check_selectors(o, rs, d) != 0)
    return RC_EXIT_USAGE;
  struct rc_run_opts ropts = {
      .only = o->only,
      .n_only = o->n_only,
      .vars = &o->vars,
      .offline = o->offline,
  };
  struct rc_testrules_opts topts = {
      .dir = o->path,
      .require_fixtures = o->require_fixtures,
      .run = &ropts,
      .quiet = o->verbosity < 0,
      .json = json,
  };
  struct rc_testrules_summary sum;
  int rc = rc_testrules_run(rs, &topts, stdout, &sum, d);
  if (fflush(stdout) != 0)
    return RC_EXIT_INCOMPLETE;
  return rc < 0 ? RC_EXIT_USAGE : rc ? RC_EXIT_NOT_READY : RC_EXIT_READY;
}
