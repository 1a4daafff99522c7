/*
 * vars.h - ${VAR} expansion for rule parameters.
 *
 * A struct rc_vars is an ordered NAME -> VALUE table (later sets win). Lookup
 * order for ${NAME}: the local table (for_each items: each, each.name, ...),
 * then the --var table, then, if use_environ is set, the process environment.
 * Syntax: ${NAME}, ${NAME:-default} (default when unset or empty), and $$ for
 * a literal dollar. An undefined variable without default is an error, so a
 * rule never silently checks the wrong path.
 */
#ifndef READYCHECK_VARS_H
#define READYCHECK_VARS_H

#include <stdbool.h>
#include <stddef.h>

struct rc_buf;

struct rc_var {
  char *name;  /* owned */
  char *value; /* owned */
};

struct rc_vars {
  struct rc_var *items;
  size_t n, cap;
  bool use_environ; /* fall back to getenv() */
};

void rc_vars_init(struct rc_vars *v);
void rc_vars_release(struct rc_vars *v);
/* Copies name and value; replaces an existing entry of the same name. */
void rc_vars_set(struct rc_vars *v, const char *name, const char *value);
/* Parses "NAME=VALUE"; returns -1 if there is no '=' or NAME is not
 * [A-Za-z_][A-Za-z0-9_.]* */
int rc_vars_set_assignment(struct rc_vars *v, const char *assignment);
/* Value or NULL. v may be NULL. Falls back to the environment. */
const char *rc_vars_get(const struct rc_vars *v, const char *name);

/* Appends the expansion of in to out. local may be NULL. Returns 0, or -1
 * with a message in err ("undefined variable 'X'", "unterminated '${'"). */
int rc_vars_expand(const struct rc_vars *v, const struct rc_vars *local,
                   const char *in, struct rc_buf *out, char *err,
                   size_t errlen);
/* True when s contains a ${...} reference. */
bool rc_vars_has_ref(const char *s);

#endif
