/*
 * commands.c - the command table, and the small checks several commands
 * share. What each command does lives in cmd_*.c.
 */
#include "readycheck/commands.h"

#include <string.h>

#include "readycheck/rule.h"

const struct rc_command_def rc_commands[] = {
    {RC_CMD_AUDIT, true, rc_cmd_audit},
    {RC_CMD_CHECK, true, rc_cmd_check},
    {RC_CMD_EXPLAIN, true, rc_cmd_explain},
    {RC_CMD_INIT, true, rc_cmd_init},
    {RC_CMD_LIST_RULES, true, rc_cmd_list_rules},
    {RC_CMD_MODEL, false, rc_cmd_model},
    {RC_CMD_TEST_RULES, true, rc_cmd_test_rules},
    {RC_CMD_VALIDATE, false, rc_cmd_validate},
    {RC_CMD_CHECK, false, NULL},
};

const struct rc_command_def *rc_command_find(enum rc_command cmd)
{
  for (size_t i = 0; rc_commands[i].run; i++)
    if (rc_commands[i].cmd == cmd)
      return &rc_commands[i];
  return NULL;
}

bool rc_cmd_pack_wanted(const struct rc_options *o, const char *name)
{
  if (o->n_packs == 0)
    return true;
  for (size_t i = 0; i < o->n_packs; i++)
    if (strcmp(o->packs[i], name) == 0)
      return true;
  return false;
}

static bool names_something(const struct rc_ruleset *rs, const char *s)
{
  size_t len = strlen(s);
  for (size_t j = 0; j < rs->n; j++) {
    const struct rc_rule *r = rs->rules[j];
    if (strcmp(r->id, s) == 0 || strcmp(r->category, s) == 0 ||
        (r->pack && strcmp(r->pack, s) == 0) ||
        (len && s[len - 1] == '.' && strncmp(r->id, s, len) == 0))
      return true;
  }
  return false;
}

int rc_cmd_check_selectors(const struct rc_options *o,
                           const struct rc_ruleset *rs, struct rc_diag *d)
{
  int rc = 0;
  for (size_t i = 0; i < o->n_skip; i++)
    if (!rc_ruleset_find(rs, o->skip[i]))
      rc = rc_ruleset_no_rule(rs, d, NULL, "--skip: ", o->skip[i]);
  for (size_t i = 0; i < o->n_only; i++)
    if (!names_something(rs, o->only[i])) {
      const char *hint = rc_ruleset_suggest(rs, o->only[i]);
      rc = hint ? rc_error(d, NULL,
                           "--only: no rule, pack or category '%s' (did you "
                           "mean '%s'?)",
                           o->only[i], hint)
                : rc_error(d, NULL, "--only: no rule, pack or category '%s'",
                           o->only[i]);
    }
  return rc;
}
