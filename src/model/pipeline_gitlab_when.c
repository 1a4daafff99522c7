/*
 * pipeline_gitlab_when.c - whether a GitLab job's `rules:` or `only:` let
 * it run in the pipeline of a push or a merge request, or only when someone
 * opts in: a pipeline started on a schedule, by hand, by the API or a
 * trigger, or with a variable that neither GitLab nor the CI files set
 * (`if: $ALPHA_TEST`, the fallback `when: never`). Such a job checks
 * nothing on a change, so it is no gate of one.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "pipeline_scan.h"

/* Pipeline sources that no push or merge request starts. */
static bool opt_in_source(const char *v, size_t n)
{
  static const char *const sources[] = {"schedule", "web",  "api",
                                        "trigger",  "chat", NULL};
  for (size_t i = 0; sources[i]; i++)
    if (strlen(sources[i]) == n && strncmp(v, sources[i], n) == 0)
      return true;
  return false;
}

/* `only:` / `except:` ref words for the same sources. */
static bool opt_in_ref(const char *ref)
{
  static const char *const refs[] = {"schedules", "web",  "api", "triggers",
                                     "pipelines", "chat", NULL};
  for (size_t i = 0; refs[i]; i++)
    if (strcmp(ref, refs[i]) == 0)
      return true;
  return false;
}

/* A variable GitLab sets itself (CI_*, GITLAB_*) or that a `variables:`
 * map of the CI files defines. */
static bool known_var(const char *name, size_t n, const cJSON *const *vars,
                      size_t n_vars)
{
  if ((n > 3 && strncmp(name, "CI_", 3) == 0) ||
      (n > 7 && strncmp(name, "GITLAB_", 7) == 0))
    return true;
  for (size_t i = 0; i < n_vars; i++) {
    const cJSON *v;
    cJSON_ArrayForEach(v, vars[i]) {
      if (v->string && strlen(v->string) == n &&
          strncmp(v->string, name, n) == 0)
        return true;
    }
  }
  return false;
}

/* One term of an `&&` chain, trimmed of blanks and parentheses, is true
 * only when someone opts in: `$X`, `$X == "v"` or `$X =~ /re/` for a
 * variable nobody sets, or `$CI_PIPELINE_SOURCE == "schedule"`. A
 * comparison with null or the empty string, or `!=`, is true by default. */
static bool opt_in_term(const char *s, size_t n, const cJSON *const *vars,
                        size_t n_vars)
{
  while (n && (isspace((unsigned char)*s) || *s == '(')) {
    s++;
    n--;
  }
  while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ')'))
    n--;
  if (n < 2 || s[0] != '$')
    return false;
  size_t v = 1;
  while (v < n && (isalnum((unsigned char)s[v]) || s[v] == '_'))
    v++;
  const char *name = s + 1;
  size_t len = v - 1;
  const char *rest = s + v;
  size_t m = n - v;
  while (m && isspace((unsigned char)*rest)) {
    rest++;
    m--;
  }
  const char *val = NULL;
  size_t vn = 0;
  if (m >= 2 && (strncmp(rest, "==", 2) == 0 || strncmp(rest, "=~", 2) == 0)) {
    val = rest + 2;
    vn = m - 2;
    while (vn && isspace((unsigned char)*val)) {
      val++;
      vn--;
    }
    if (vn >= 2 && (*val == '"' || *val == '\'') && val[vn - 1] == *val) {
      val++;
      vn -= 2;
    }
    if (vn == 0 || (vn == 4 && strncmp(val, "null", 4) == 0))
      return false;
  } else if (m) {
    return false; /* `!=`, `!~` or more than one term */
  }
  if (len == 18 && strncmp(name, "CI_PIPELINE_SOURCE", len) == 0)
    return val && opt_in_source(val, vn);
  return !known_var(name, len, vars, n_vars);
}

/* An `if:` expression that holds only when someone opts in: one of its
 * `&&` terms does (an `||` anywhere, and it may hold by default). */
static bool opt_in_if(const char *e, const cJSON *const *vars, size_t n_vars)
{
  if (strstr(e, "||"))
    return false;
  for (;;) {
    const char *and = strstr(e, "&&");
    size_t n = and? (size_t)(and-e) : strlen(e);
    if (opt_in_term(e, n, vars, n_vars))
      return true;
    if (!and)
      return false;
    e = and+2;
  }
}

/* `rules:` let the job run for a push or a merge request: a rule without
 * `when: never` or `when: manual` whose `if:` (if any) may hold without
 * anyone opting in. No matching rule leaves the job out. */
static bool rules_run(const cJSON *rules, const cJSON *const *vars,
                      size_t n_vars)
{
  const cJSON *r;
  cJSON_ArrayForEach(r, rules) {
    if (!cJSON_IsObject(r))
      return true; /* `!reference` and the like: cannot tell */
    const char *when = pl_str(r, "when");
    if (when && (strcmp(when, "never") == 0 || strcmp(when, "manual") == 0))
      continue;
    const char *cond = pl_str(r, "if");
    if (cond && opt_in_if(cond, vars, n_vars))
      continue;
    return true;
  }
  return false;
}

/* `only:` (a list of refs, or `refs:` and `variables:`) names only opted-in
 * sources, or only variables nobody sets. */
static bool only_opt_in(const cJSON *only, const cJSON *const *vars,
                        size_t n_vars)
{
  const cJSON *refs = cJSON_IsObject(only) ? pl_get(only, "refs") : only;
  const cJSON *vlist = cJSON_IsObject(only) ? pl_get(only, "variables") : NULL;
  if (cJSON_IsArray(refs) && cJSON_GetArraySize(refs) > 0) {
    bool all = true;
    const cJSON *it;
    cJSON_ArrayForEach(it, refs)
      all = all && cJSON_IsString(it) && opt_in_ref(it->valuestring);
    if (all)
      return true;
  } else if (cJSON_IsString(refs) && opt_in_ref(refs->valuestring)) {
    return true;
  }
  if (cJSON_IsArray(vlist) && cJSON_GetArraySize(vlist) > 0) {
    const cJSON *it;
    cJSON_ArrayForEach(it, vlist)
      if (!cJSON_IsString(it) || !opt_in_if(it->valuestring, vars, n_vars))
        return false;
    return true;
  }
  return false;
}

bool pl_gitlab_opt_in(const cJSON *rules, const cJSON *only,
                      const cJSON *const *vars, size_t n_vars)
{
  if (cJSON_IsArray(rules) && cJSON_GetArraySize(rules) > 0)
    return !rules_run(rules, vars, n_vars);
  return only && only_opt_in(only, vars, n_vars);
}
