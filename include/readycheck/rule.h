/*
 * rule.h - a loaded checklist: rules, their probe trees, their metadata.
 *
 * A ruleset owns an arena; every string, location and probe config of every
 * rule lives there and dies in rc_ruleset_free(). Rules are read-only once
 * loaded: the run, the scorer and the reporters only borrow them.
 */
#ifndef READYCHECK_RULE_H
#define READYCHECK_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/diag.h"

struct rc_arena;
struct rc_probe;

/* What a failure of the rule means. */
enum rc_severity {
  RC_SEV_INFO,  /* informational: never blocks, never scored */
  RC_SEV_WARN,  /* should be fixed; READY WITH WARNINGS */
  RC_SEV_BLOCK, /* must be fixed before release; BLOCKED */
};

enum rc_node_kind {
  RC_NODE_PROBE, /* a leaf: probe + cfg */
  RC_NODE_ALL,   /* every child passes */
  RC_NODE_ANY,   /* at least one child passes */
  RC_NODE_NOT,   /* the single child fails */
};

/* One node of a rule's probe expression. */
struct rc_node {
  enum rc_node_kind kind;
  struct rc_loc loc;            /* of the node's key in the YAML */
  const struct rc_probe *probe; /* RC_NODE_PROBE only */
  void *cfg;                    /* probe->cfg_size bytes, arena-owned */
  struct rc_node **kids;        /* ALL/ANY: n_kids >= 1; NOT: exactly 1 */
  size_t n_kids;
};

enum rc_each_kind {
  RC_EACH_NONE,
  RC_EACH_FILES,    /* for_each: { files: GLOB } */
  RC_EACH_DIRS,     /* for_each: { dirs: GLOB } */
  RC_EACH_SERVICES, /* for_each: { services: true | GLOB } (glob NULL for
                       every service directory, see detect.h) */
};

/* Run the probe once per matched item; ${each} etc. name the item. */
struct rc_for_each {
  enum rc_each_kind kind;
  const char *glob;
  const char **exclude; /* globs of items to leave out (tests, vendor) */
  size_t n_exclude;
  bool built_only; /* services: built - only services something builds
                      from a context the repository holds */
  struct rc_loc loc;
};

struct rc_rule {
  const char *id;       /* unique, dotted: "docker.non-root-user" */
  const char *title;    /* one line */
  const char *category; /* "infrastructure", "security", ... */
  enum rc_severity severity;
  double weight;           /* >= 0; the default depends on severity */
  const char *remediation; /* what to do when it fails */
  const char *rationale;   /* why it matters, or NULL */
  const char **tags;       /* n_tags strings */
  size_t n_tags;
  const char **claims; /* `claims:` phrases a hand-written report uses for
                          what the rule checks (match.h); n_claims */
  size_t n_claims;
  const char *looks_for;  /* what the probe looks for, in words ("a lint
                             step"): messages say it instead of a pattern;
                             or NULL */
  const char *applies_to; /* what the `when` probe looks for, in words ("an
                             image scanner in CI"), or NULL */
  struct rc_node *probe;  /* never NULL */
  struct rc_node *when;   /* applicability, or NULL (always applies) */
  struct rc_for_each for_each;
  struct rc_loc loc;         /* of the rule's mapping; loc.file is source */
  const char *pack;          /* "docker" for built-in rules/docker.yaml, or
                                the file the rule was loaded from */
  unsigned layer;            /* load layer; a later layer overrides by id */
  const char *const *stacks; /* the file's `stacks:`; the rule applies only
                                when one is detected (none: always) */
  size_t n_stacks;
};

struct rc_ruleset {
  struct rc_arena *arena;
  struct rc_rule **rules; /* in load order, overrides replace in place */
  size_t n, cap;
  unsigned layer; /* current layer, see rc_ruleset_next_layer() */
};

/* Caller owns the result; free with rc_ruleset_free(). */
struct rc_ruleset *rc_ruleset_new(void);
void rc_ruleset_free(struct rc_ruleset *rs);

/* Rules added after this call override rules of earlier layers that have
 * the same id; within one layer a repeated id is an error. */
void rc_ruleset_next_layer(struct rc_ruleset *rs);

/* Adds a rule (arena-allocated by the caller). Returns -1 and records
 * "duplicate rule id" when the id exists in the same layer. */
int rc_ruleset_add(struct rc_ruleset *rs, struct rc_rule *r, struct rc_diag *d);
const struct rc_rule *rc_ruleset_find(const struct rc_ruleset *rs,
                                      const char *id);
/* The loaded rule id closest to id (a typo of it), or NULL. */
const char *rc_ruleset_suggest(const struct rc_ruleset *rs, const char *id);
/* Records "<where>no rule 'id'", with a did-you-mean when a loaded rule's
 * id is close (a typo in --skip, a config's skip or overrides, explain);
 * where is a prefix such as "skip: " or "". Returns -1. */
int rc_ruleset_no_rule(const struct rc_ruleset *rs, struct rc_diag *d,
                       const struct rc_loc *loc, const char *where,
                       const char *id);

const char *rc_severity_name(enum rc_severity s); /* "block", "warn", "info" */
/* Returns 0 and sets *out, or -1 for an unknown name. */
int rc_severity_parse(const char *name, enum rc_severity *out);
/* Weight a rule gets when it names none: block 3, warn 1, info 0. */
double rc_severity_default_weight(enum rc_severity s);

#endif
