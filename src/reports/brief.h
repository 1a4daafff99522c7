/*
 * brief.h - internal to src/reports: a result's message said once. Probes
 * write a message that is a count and the first item ("2 of 5 services
 * fail; services.web: no healthcheck") or the one item itself; the human
 * reports show the items below it, so the message need not repeat them.
 */
#ifndef READYCHECK_REPORTS_BRIEF_H
#define READYCHECK_REPORTS_BRIEF_H

#include <stdbool.h>
#include <stddef.h>

#include "readycheck/run.h"

/* Whether s is what failing item e says, with its location, its file alone
 * or none ("Dockerfile:33: no USER", "Dockerfile: no USER", "no USER"). */
bool brief_item_says(const struct rc_evidence *e, const char *s);
/* Whether one of the first n_shown items (those with a file) says s. */
bool brief_shown_item_says(const struct rc_result *res, size_t n_shown,
                           const char *s);
/* How much of the message to print above the first n_shown items: all of
 * it, or the count alone when what follows "; " is a shown item. */
size_t brief_message_len(const struct rc_result *res, size_t n_shown);

#endif
