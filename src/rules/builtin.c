/*
 * builtin.c - lookup over the rule packs embedded at build time (the table
 * itself is generated into builtin_rules.c by cmake/embed_rules.cmake).
 */
#include "readycheck/builtin.h"

#include <string.h>

const struct rc_builtin_pack *rc_builtin_find(const char *name)
{
  for (size_t i = 0; i < rc_builtin_pack_count; i++)
    if (strcmp(rc_builtin_packs[i].name, name) == 0)
      return &rc_builtin_packs[i];
  return NULL;
}
