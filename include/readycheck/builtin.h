/*
 * builtin.h - the rule packs compiled into the binary.
 *
 * Generated at build time from the rules directory (cmake/embed_rules.cmake),
 * so one installed binary works anywhere without a data path.
 */
#ifndef READYCHECK_BUILTIN_H
#define READYCHECK_BUILTIN_H

#include <stddef.h>

struct rc_builtin_pack {
  const char *name; /* "docker" for rules/docker.yaml */
  const char *file; /* "rules/docker.yaml" */
  const char *text; /* the YAML, NUL-terminated */
  size_t len;
};

extern const struct rc_builtin_pack rc_builtin_packs[];
extern const size_t rc_builtin_pack_count;

const struct rc_builtin_pack *rc_builtin_find(const char *name);

#endif
