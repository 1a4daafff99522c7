/*
 * fuzz_dotenv.c - the dotenv reader, through the `dotenv` probe as a run
 * uses it: the input is written to .env in a scratch repository and the
 * probe checks keys on it. The first byte picks the probe's settings
 * (how many keys, non_empty, min_length, a pattern).
 */
#include <stdint.h>

#include "fuzz_support.h"
#include "readycheck/regex.h"

extern const struct rc_probe rc_probe_dotenv;

static const char pattern[] = "^[A-Za-z0-9_:/@.-]+$";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const keys[] = {"A", "KEY", "DATABASE_URL", "x.y-z", "B"};
  static struct rc_regex *re;
  if (!re) {
    char err[128];
    re = rc_regex_new(pattern, err, sizeof(err), NULL);
    fz_require(re != NULL, "the fixed pattern compiles");
  }
  unsigned mode = size ? data[0] : 0;
  struct fz_repo *r = fz_repo_get();
  fz_repo_reset(r);
  fz_repo_write(r, ".env", (const char *)data + (size > 0), size - (size > 0));
  fz_repo_index(r);
  const struct rc_probe *p = &rc_probe_dotenv;
  void *cfg = fz_cfg_new(p, r->arena);
  fz_cfg_string(p, cfg, "file", ".env");
  fz_cfg_strings(p, cfg, r->arena, "keys", keys, 1 + (mode & 3));
  fz_cfg_bool(p, cfg, "non_empty", mode & 4);
  fz_cfg_int(p, cfg, "min_length", (mode & 8) ? 3 : 0);
  if (mode & 16)
    fz_cfg_regex(p, cfg, "pattern", pattern, re);
  fz_run_probe(p, cfg, r);
  return 0;
}
