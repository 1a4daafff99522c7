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

/* What `list-rules` shows of one built-in rule. */
struct rc_builtin_rule {
  const char *id;
  const char *severity; /* its name: "block", "warn", "info" */
  const char *category;
  const char *title;
  double weight;
  const char *pack;
  const char *const *tags; /* n_tags strings */
  size_t n_tags;
};

/* The catalog as loading every built-in pack gives it, in load order:
 * written at build time by src/rules/catalog_gen.c, which loads the packs
 * with this very loader. rc_builtin_rule_count is -1 when that load said
 * anything at all (an error or a warning): then nothing is summarised and
 * the packs must be loaded at run time, so their messages are shown. */
extern const struct rc_builtin_rule rc_builtin_rules[];
extern const long rc_builtin_rule_count;

#endif
