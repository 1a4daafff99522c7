/*
 * gate.c - the vocabulary of CI gates: which commands run tests, linters,
 * scanners and builds. A command is judged by the program it runs and its
 * subcommand (`go test`, `ruff check`, `docker build`), after the wrappers
 * that only start it (`npx`, `poetry run`, `docker compose run app`), so a
 * word inside a name or a message ("test" in a container name, an echo)
 * is never a gate. Names - of package scripts, make targets, script files,
 * and of steps whose command cannot be read - have a vocabulary of their
 * own, with the words that say a step only reports (upload, publish,
 * results) or rewrites files (fix, format).
 */
#include "readycheck/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readycheck/path.h"

#include "gate_parts.h"
const char *rc_gate_name(unsigned gate)
{
  switch (gate) {
  case RC_GATE_TESTS:
    return "tests";
  case RC_GATE_LINT:
    return "lint";
  case RC_GATE_SCAN:
    return "scan";
  case RC_GATE_BUILD:
    return "build";
  default:
    return "gate";
  }
}

bool gt_in(const char *w, const char *const *list)
{
  for (size_t i = 0; list[i]; i++)
    if (strcasecmp(w, list[i]) == 0)
      return true;
  return false;
}

bool gt_is_assignment(const char *w)
{
  if (!isalpha((unsigned char)w[0]) && w[0] != '_')
    return false;
  for (const char *p = w; *p; p++) {
    if (*p == '=')
      return true;
    if (!isalnum((unsigned char)*p) && *p != '_')
      return false;
  }
  return false;
}

bool gt_is_op(const char *w)
{
  return w[0] == ';' || w[0] == '|' || w[0] == '&' || w[0] == '<' ||
         w[0] == '>';
}

/* The program a word names: its last path segment, lowercased, without
 * a Windows or wrapper suffix ("./gradlew" gradlew, "mvnw.cmd" mvnw). */
void gt_tool_name(const char *w, char *out, size_t cap)
{
  const char *b = rc_path_base(w);
  size_t n = 0;
  for (; b[n] && n + 1 < cap; n++)
    out[n] = (char)tolower((unsigned char)b[n]);
  out[n] = '\0';
  static const char *const suffixes[] = {".exe", ".cmd", ".bat", NULL};
  for (size_t i = 0; suffixes[i]; i++) {
    size_t m = strlen(suffixes[i]);
    if (n > m && strcmp(out + n - m, suffixes[i]) == 0)
      out[n - m] = '\0';
  }
}

bool gt_tool_is(const char *w, const char *name)
{
  char t[64];
  gt_tool_name(w, t, sizeof(t));
  return strcmp(t, name) == 0;
}

/* The first word after w[0] that is not an option (a subcommand). */
const char *gt_sub(const char *const *w, size_t n, size_t from)
{
  for (size_t i = from; i < n && !gt_is_op(w[i]); i++)
    if (w[i][0] != '-')
      return w[i];
  return NULL;
}

bool gt_has_word(const char *const *w, size_t n, const char *s)
{
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++)
    if (strcmp(w[i], s) == 0)
      return true;
  return false;
}

bool gt_has_prefix_word(const char *const *w, size_t n, const char *s)
{
  size_t m = strlen(s);
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++)
    if (strncmp(w[i], s, m) == 0)
      return true;
  return false;
}

bool gt_any_word(const char *const *w, size_t n, const char *const *set)
{
  for (size_t i = 1; i < n && !gt_is_op(w[i]); i++)
    if (gt_in(w[i], set))
      return true;
  return false;
}

void gt_hit(struct rc_gate_hit *out, unsigned gates, const char *tool)
{
  if (!gates)
    return;
  out->gates |= gates;
  if (!out->tool)
    out->tool = tool;
}
