/*
 * mask.h - keep secret values out of every report and log.
 *
 * rc_mask_line() rewrites one line of evidence so that anything that looks
 * like a secret value is replaced by "****": the value of an assignment whose
 * key names a secret (PASSWORD=, "api_key": ..., token: ...), well-known token
 * shapes (AKIA..., ghp_..., xox?-..., sk_live_..., JWTs), credentials in URLs
 * (scheme://user:PASS@host), PEM private-key bodies, and long high-entropy
 * strings. Keys, placeholders like ${VAR} and short ordinary words stay.
 */
#ifndef READYCHECK_MASK_H
#define READYCHECK_MASK_H

#include <stddef.h>

struct rc_buf;

/* Appends the masked form of line[0..len) to out. */
void rc_mask_line(const char *line, size_t len, struct rc_buf *out);
/* Convenience: masked copy, caller frees. */
char *rc_mask_dup(const char *line);

#endif
