/*
 * fuzz_nginx.c - the nginx configuration parser (tokens, quotes, blocks,
 * Lua blocks, `include` with globs) and the checks on its tree, through the
 * `nginx` probe as a run uses it. The input holds up to four files of a
 * scratch repository separated by a line `#%%` (an nginx comment):
 * nginx.conf, conf.d/default.conf, snippets/ssl.conf and
 * sites-enabled/app, so includes between them resolve. Every check of the
 * probe runs on them; the first byte picks the headers and exclusions.
 */
#include <stdint.h>

#include "fuzz_support.h"

extern const struct rc_probe rc_probe_nginx;

enum { MAX_FILES = 4, N_CHECKS = 5 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const paths[MAX_FILES] = {
      "nginx.conf", "conf.d/default.conf", "snippets/ssl.conf",
      "sites-enabled/app"};
  static const char *const headers[] = {"X-Frame-Options",
                                        "Content-Security-Policy|CSP"};
  static const char *const exclude[] = {"snippets/**"};
  unsigned mode = size ? data[0] : 0;
  struct fz_part parts[MAX_FILES];
  size_t n =
      fz_split(data + (size > 0), size - (size > 0), "#%%", parts, MAX_FILES);
  struct fz_repo *r = fz_repo_get();
  fz_repo_reset(r);
  for (size_t i = 0; i < n; i++)
    fz_repo_write(r, paths[i], parts[i].data, parts[i].len);
  fz_parts_free(parts, n);
  fz_repo_index(r);
  const struct rc_probe *p = &rc_probe_nginx;
  for (int check = 0; check < N_CHECKS; check++) {
    void *cfg = fz_cfg_new(p, r->arena);
    fz_cfg_enum(p, cfg, "check", check);
    if (mode & 1)
      fz_cfg_strings(p, cfg, r->arena, "headers", headers, 2);
    if (mode & 2)
      fz_cfg_strings(p, cfg, r->arena, "exclude", exclude, 1);
    if (mode & 4)
      fz_cfg_strings(p, cfg, r->arena, "path", paths, MAX_FILES);
    fz_run_probe(p, cfg, r);
  }
  return 0;
}
