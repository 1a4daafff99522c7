/*
 * memo.h - what a run's checks compute once and share: a value made by the
 * first check that asks for it under a key, kept until the run ends (two
 * rules whose probes differ only in what they report from the same scan
 * of the files scan them once). Owned by the run context (probe.h
 * rc_ctx.memo), freed with it. Safe when checks run on threads: the first
 * asker makes the value while later askers of the same key wait for it.
 * An unreadable directory the making met (index.h rc_index_watched) is
 * met again by every later asker, so a shared value turns their answers
 * into ERROR as making it themselves would have.
 */
#ifndef READYCHECK_MEMO_H
#define READYCHECK_MEMO_H

#include "readycheck/probe.h"

struct rc_memo;

struct rc_memo *rc_memo_new(void);
/* Drops every value with the function it was made with. */
void rc_memo_free(struct rc_memo *m);

/* The value of key in ctx->memo (which must be set): made by make(arg)
 * on the first call for key, dropped by drop (may be NULL) with the memo.
 * make must not ask for its own key. */
void *rc_memo_get(struct rc_ctx *ctx, const char *key, void *(*make)(void *),
                  void (*drop)(void *), void *arg);

/* A key for probe p's cfg: its name and every parameter but those named
 * in except (NULL-terminated), spelled out; malloc'd. NULL when a
 * parameter has a type it cannot spell (a regex, a scalar): such a check
 * makes its own value. */
char *rc_memo_cfg_key(const struct rc_probe *p, const void *cfg,
                      const char *const *except);

#endif
