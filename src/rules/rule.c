/*
 * rule.c - ruleset lifetime and id bookkeeping. Override-by-layer lives here
 * so that --rules files can replace built-in rules without the loader
 * knowing where a rule came from.
 */
#include "readycheck/rule.h"

#include <stdlib.h>
#include <string.h>

#include "readycheck/mem.h"

struct rc_ruleset *rc_ruleset_new(void)
{
  struct rc_ruleset *rs = rc_xcalloc(1, sizeof(*rs));
  rs->arena = rc_arena_new();
  return rs;
}

void rc_ruleset_free(struct rc_ruleset *rs)
{
  if (!rs)
    return;
  rc_arena_free(rs->arena);
  free(rs->rules);
  free(rs);
}

void rc_ruleset_next_layer(struct rc_ruleset *rs)
{
  rs->layer++;
}

static struct rc_rule **find_slot(const struct rc_ruleset *rs, const char *id)
{
  for (size_t i = 0; i < rs->n; i++)
    if (strcmp(rs->rules[i]->id, id) == 0)
      return &rs->rules[i];
  return NULL;
}

int rc_ruleset_add(struct rc_ruleset *rs, struct rc_rule *r, struct rc_diag *d)
{
  r->layer = rs->layer;
  struct rc_rule **slot = find_slot(rs, r->id);
  if (slot && (*slot)->layer == r->layer)
    return rc_error(
        d, &r->loc, "duplicate rule id '%s' (first defined at %s:%u)", r->id,
        (*slot)->loc.file ? (*slot)->loc.file : "?", (*slot)->loc.line);
  if (slot) {
    *slot = r;
    return 0;
  }
  rc_grow((void **)&rs->rules, &rs->cap, rs->n, sizeof(*rs->rules));
  rs->rules[rs->n++] = r;
  return 0;
}

const struct rc_rule *rc_ruleset_find(const struct rc_ruleset *rs,
                                      const char *id)
{
  struct rc_rule **slot = find_slot(rs, id);
  return slot ? *slot : NULL;
}

const char *rc_ruleset_suggest(const struct rc_ruleset *rs, const char *id)
{
  const char **ids = rc_xcalloc(rs->n + 1, sizeof(*ids));
  for (size_t i = 0; i < rs->n; i++)
    ids[i] = rs->rules[i]->id;
  const char *hint = rc_did_you_mean(id, ids);
  free(ids);
  return hint;
}

int rc_ruleset_no_rule(const struct rc_ruleset *rs, struct rc_diag *d,
                       const struct rc_loc *loc, const char *where,
                       const char *id)
{
  const char *hint = rc_ruleset_suggest(rs, id);
  return hint ? rc_error(d, loc, "%sno rule '%s' (did you mean '%s'?)", where,
                         id, hint)
              : rc_error(d, loc, "%sno rule '%s'", where, id);
}

static const char *const severity_names[] = {"info", "warn", "block"};

const char *rc_severity_name(enum rc_severity s)
{
  return severity_names[s];
}

int rc_severity_parse(const char *name, enum rc_severity *out)
{
  for (int i = 0; i < 3; i++) {
    if (strcmp(name, severity_names[i]) == 0) {
      *out = (enum rc_severity)i;
      return 0;
    }
  }
  return -1;
}

double rc_severity_default_weight(enum rc_severity s)
{
  switch (s) {
  case RC_SEV_BLOCK:
    return 3;
  case RC_SEV_WARN:
    return 1;
  case RC_SEV_INFO:
    return 0;
  }
  return 0;
}
