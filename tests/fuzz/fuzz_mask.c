/*
 * fuzz_mask.c - the secret masker (rc_mask_line) on lines that need not
 * end in NUL, and two promises that do not depend on what a secret is:
 * the output holds no NUL the input did not, and a line without letters
 * or digits (nothing a token could be) passes unchanged - unless it has a
 * URL, whose `:password@` is hidden whatever its characters.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "readycheck/buf.h"
#include "readycheck/mask.h"

static bool has_alnum(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (isalnum((unsigned char)s[i]))
      return true;
  return false;
}

static bool has_url(const char *s, size_t n)
{
  for (size_t i = 0; i + 3 <= n; i++)
    if (memcmp(s + i, "://", 3) == 0)
      return true;
  return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *copy = malloc(size ? size : 1);
  if (size)
    memcpy(copy, data, size);
  struct rc_buf out;
  rc_buf_init(&out);
  rc_mask_line(copy, size, &out);
  size_t nul_in = 0, nul_out = 0;
  for (size_t i = 0; i < size; i++)
    nul_in += copy[i] == '\0';
  for (size_t i = 0; i < out.len; i++)
    nul_out += out.data[i] == '\0';
  fz_require(nul_out <= nul_in, "no NUL added");
  if (!has_alnum(copy, size) && !has_url(copy, size))
    fz_require(out.len == size && (size == 0 || !memcmp(out.data, copy, size)),
               "a line without letters or digits is unchanged");
  rc_buf_release(&out);
  free(copy);
  return 0;
}
