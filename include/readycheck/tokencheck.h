/*
 * tokencheck.h - the checksum some token formats carry.
 *
 * GitHub's prefixed tokens (ghp_, gho_, ghu_, ghs_, ghr_) and npm's (npm_)
 * end in six base62 characters that encode the CRC32 of the thirty
 * characters between the prefix and them. A string of that shape whose
 * checksum does not hold was never issued: a typed placeholder or a test
 * value, whatever it looks like.
 */
#ifndef READYCHECK_TOKENCHECK_H
#define READYCHECK_TOKENCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is a token of a checksummed format (by its prefix and
 * length) whose checksum does not hold. False for a token whose checksum
 * holds and for any string of another format. */
bool rc_token_checksum_fails(const char *s, size_t n);

#endif
