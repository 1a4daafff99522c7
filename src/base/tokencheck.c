/*
 * tokencheck.c - verifies the CRC32 that GitHub's and npm's prefixed
 * tokens end with (tokencheck.h).
 */
#include "readycheck/tokencheck.h"

#include <stdint.h>
#include <string.h>

enum {
  PREFIX_LEN = 4,   /* "ghp_", "npm_" */
  BODY_LEN = 30,    /* the random part */
  CHECKSUM_LEN = 6, /* base62 digits of a 32-bit CRC */
  TOKEN_LEN = PREFIX_LEN + BODY_LEN + CHECKSUM_LEN
};

/* The checksum's digits: the published format uses the first ordering;
 * base62 libraries that put lower case first are also in use, and a
 * random string passes either with a chance near 1 in 28 billion. */
static const char *const alphabets[] = {
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"};

static bool checksummed_prefix(const char *s)
{
  static const char *const prefixes[] = {"ghp_", "gho_", "ghu_", "ghs_",
                                         "ghr_", "npm_", NULL};
  for (size_t i = 0; prefixes[i]; i++)
    if (memcmp(s, prefixes[i], PREFIX_LEN) == 0)
      return true;
  return false;
}

/* CRC-32 as zlib computes it (reflected, polynomial 0xEDB88320). */
static uint32_t crc32_of(const char *s, size_t n)
{
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    crc ^= (unsigned char)s[i];
    for (int k = 0; k < 8; k++)
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

static bool encodes(const char *digits, uint32_t value, const char *alphabet)
{
  for (size_t i = CHECKSUM_LEN; i-- > 0;) {
    if (digits[i] != alphabet[value % 62])
      return false;
    value /= 62;
  }
  return value == 0;
}

bool rc_token_checksum_fails(const char *s, size_t n)
{
  if (n != TOKEN_LEN || !checksummed_prefix(s))
    return false;
  uint32_t crc = crc32_of(s + PREFIX_LEN, BODY_LEN);
  const char *digits = s + PREFIX_LEN + BODY_LEN;
  for (size_t i = 0; i < sizeof(alphabets) / sizeof(*alphabets); i++)
    if (encodes(digits, crc, alphabets[i]))
      return false;
  return true;
}
