/*
 * brief.c - a result's message said once (see brief.h).
 */
#include "brief.h"

#include <stdlib.h>
#include <string.h>

bool brief_item_says(const struct rc_evidence *e, const char *s)
{
  if (e->waiver || e->mark == RC_EV_PASS || !e->text)
    return false;
  size_t np = e->path ? strlen(e->path) : 0;
  if (np && strncmp(s, e->path, np) == 0 && s[np] == ':') {
    const char *p = s + np + 1;
    if (*p >= '0' && *p <= '9') {
      /* a line must be this item's line: another line is another item */
      char *end;
      unsigned long line = strtoul(p, &end, 10);
      if (line != e->line || *end != ':')
        return false;
      p = end + 1;
    }
    if (*p == ' ')
      s = p + 1;
  }
  return strcmp(s, e->text) == 0;
}

bool brief_shown_item_says(const struct rc_result *res, size_t n_shown,
                           const char *s)
{
  if (n_shown > res->n_ev)
    n_shown = res->n_ev;
  for (size_t i = 0; i < n_shown; i++)
    if (res->ev[i].path && brief_item_says(&res->ev[i], s))
      return true;
  return false;
}

size_t brief_message_len(const struct rc_result *res, size_t n_shown)
{
  const char *semi = strstr(res->message, "; ");
  if (semi && brief_shown_item_says(res, n_shown, semi + 2))
    return (size_t)(semi - res->message);
  return strlen(res->message);
}
