/*
 * detect.h - what a repository is made of, from its file index: the stacks
 * present (node, python, docker, compose, k8s, ...) and its services (the
 * directories of a monorepo that carry their own manifest or Dockerfile).
 *
 * Rule files name the stacks they need (`stacks: [docker]`); the run skips
 * their rules when none is detected.
 */
#ifndef READYCHECK_DETECT_H
#define READYCHECK_DETECT_H

#include <stdbool.h>
#include <stddef.h>

struct rc_index;

enum rc_stack {
  RC_STACK_NODE,
  RC_STACK_PYTHON,
  RC_STACK_GO,
  RC_STACK_JAVA,
  RC_STACK_RUBY,
  RC_STACK_RUST,
  RC_STACK_DOCKER,
  RC_STACK_COMPOSE,
  RC_STACK_NGINX,
  RC_STACK_K8S,
  RC_STACK_CI,
  RC_STACK_COUNT
};

/* Stack names in enum order, NULL-terminated ("node", "python", ...). */
extern const char *const rc_stack_names[];

/* Returns 0 and sets *out, or -1 for an unknown name. */
int rc_stack_parse(const char *name, enum rc_stack *out);

struct rc_detection {
  bool present[RC_STACK_COUNT];
  const char *why[RC_STACK_COUNT]; /* first path that showed it, borrowed
                                      from the index; NULL if absent */
};

/* Fills *out from the index. Reads at most a bounded number of small YAML
 * files (Kubernetes manifests are recognised by their content); unreadable
 * files are simply not evidence. */
void rc_detect_stacks(struct rc_index *idx, struct rc_detection *out);

struct rc_model;

/* Adds what the deployment model found that names alone do not show: a
 * compose file only a `-f` chain names (quickstart.yml). */
void rc_detect_from_model(struct rc_detection *det, const struct rc_model *m);

/* Names of the detected stacks in enum order into names (at least
 * RC_STACK_COUNT slots); returns how many. */
size_t rc_detection_names(const struct rc_detection *det, const char **names);

/* True when any of the named stacks was detected (names must be valid). */
bool rc_detection_any(const struct rc_detection *det, const char *const *names,
                      size_t n);

#endif
